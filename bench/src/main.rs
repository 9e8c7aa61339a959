//! The in-process half of `cargo xtask bench`. Prints one JSON object per line with raw samples;
//! `cargo xtask bench` computes medians and spreads and writes BENCHMARKS.md.
//!
//! Every comparison runs round-robin (one sample of each contender, then the next round), so
//! the noise of a shared machine hits all contenders alike and each ratio comes from one run.
//!
//! ```text
//! codegen-bench phases --rounds N SPEC...
//! codegen-bench client --rounds N --batch K
//! ```

mod client;
mod phases;

use std::process::ExitCode;

/// Counts allocations made on threads that opted in, so the client bench can count its own
/// thread's allocations while the loopback server runs on another thread.
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static COUNTING: Cell<bool> = const { Cell::new(false) };
        static COUNT: Cell<u64> = const { Cell::new(0) };
    }

    /// The system allocator, counting this thread's allocations while counting is on.
    pub struct Counting;

    // SAFETY: every call is forwarded unchanged to the system allocator.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            bump();
            // SAFETY: forwarded with the caller's layout.
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded with the caller's pointer and layout.
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            bump();
            // SAFETY: forwarded with the caller's layout.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            bump();
            // SAFETY: forwarded with the caller's pointer, layout and size.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    fn bump() {
        // `try_with`: thread-locals may be gone while a thread exits.
        let _ = COUNTING.try_with(|on| {
            if on.get() {
                let _ = COUNT.try_with(|c| c.set(c.get() + 1));
            }
        });
    }

    /// Turns counting on for this thread.
    pub fn start() {
        COUNTING.with(|on| on.set(true));
    }

    /// Allocations (and reallocations) counted on this thread so far.
    pub fn count() -> u64 {
        COUNT.with(Cell::get)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// One line of output: a named series of samples, or why it has none.
pub fn emit_line(group: &str, subject: &str, name: &str, samples_ns: &[u128], extra: serde_json::Value) {
    let mut line = serde_json::json!({ "group": group, "subject": subject, "name": name, "samples_ns": samples_ns });
    if let (Some(line), serde_json::Value::Object(extra)) = (line.as_object_mut(), extra) {
        line.extend(extra);
    }
    println!("{line}");
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 5;
    let mut batch = 200;
    let mut rest = Vec::new();
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let slot = match arg.as_str() {
            "--rounds" => &mut rounds,
            "--batch" => &mut batch,
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        match iter.next().and_then(|v| v.parse().ok()) {
            Some(value) => *slot = value,
            None => {
                eprintln!("{arg} needs a number");
                return ExitCode::from(2);
            }
        }
    }
    let result = match args.first().map(String::as_str) {
        Some("phases") => phases::run(&rest, rounds),
        Some("client") => client::run(rounds, batch),
        _ => Err("usage: codegen-bench phases --rounds N SPEC... | client --rounds N --batch K".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
