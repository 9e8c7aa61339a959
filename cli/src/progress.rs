//! The line naming what the tool is doing (reading, generating, writing), for specs that take a
//! second or more. Only on a terminal: in a pipe or a CI log, stderr holds just the results.
//! It is cleared before anything else is printed, so output never lands in the middle of it.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The spinner on screen, if any. One line for the whole process, so a global.
static LINE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Shows `message` as the current phase, starting the spinner when there is none.
pub fn phase(message: impl Into<String>) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let mut line = LINE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let bar = line.get_or_insert_with(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        // `wide_msg` is cut to the terminal's width, so a long path never wraps the line.
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed:>3} {wide_msg}").expect("a valid template"));
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    });
    bar.set_message(message.into());
}

/// Clears the line, if one is shown; call before printing to stderr or stdout.
pub fn clear() {
    let mut line = LINE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(bar) = line.take() {
        bar.finish_and_clear();
    }
}
