//! Starts the mock Syncano server with two Scripts, to try the `syncano` CLI or your own code
//! without an account:
//!
//! ```text
//! cargo run -p syncano-client --features mock --example mock_server
//! ```
//!
//! It prints the environment to use, then serves until interrupted.

use syncano_client::mock::{MockSyncano, RunOutcome};
use syncano_client::{ScriptCreate, TraceResult, TraceStatus};

#[tokio::main]
async fn main() {
    let mock = MockSyncano::start().await;
    let runs = [
        ("hello", "print('Hello, world')", TraceStatus::Success, "Hello, world\n", ""),
        ("fails", "1 / 0", TraceStatus::Failure, "", "ZeroDivisionError: division by zero\n"),
    ];
    for (label, source, status, stdout, stderr) in runs {
        let script = mock.add_script(ScriptCreate::new("python3").with_source(source).with_label(label));
        let result = TraceResult::new().with_stdout(stdout).with_stderr(stderr);
        let outcome = RunOutcome { status, result, reads_before_finish: 2, ..RunOutcome::default() };
        mock.set_outcome(script.id.unwrap_or_default(), outcome);
    }
    println!("export SYNCANO_BASE_URL={}", mock.base_url());
    println!("export SYNCANO_API_KEY={}", MockSyncano::API_KEY);
    println!("export SYNCANO_INSTANCE={}", MockSyncano::INSTANCE);
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
