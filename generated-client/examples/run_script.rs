//! Runs a Script and prints the Trace the server answers with.
//!
//! ```text
//! cargo run -p syncano-client --example run_script -- \
//!     --instance my-instance --script-id 7 --payload '{"KEY": "VALUE"}'
//! ```
//!
//! Each flag falls back to an environment variable: `--base-url` to `SYNCANO_BASE_URL`
//! (default: the public API), `--api-key` to `SYNCANO_API_KEY`, `--instance` to
//! `SYNCANO_INSTANCE`, `--script-id` to `SYNCANO_SCRIPT_ID`, `--payload` to `SYNCANO_PAYLOAD`.

use std::process::ExitCode;

use syncano_client::{Client, DEFAULT_BASE_URL, Error, RunScriptRequest};

/// The value of `--flag VALUE`, or of the environment variable `env`.
fn setting(args: &[String], flag: &str, env: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned()).or_else(|| std::env::var(env).ok())
}

fn required(args: &[String], flag: &str, env: &str) -> Result<String, String> {
    setting(args, flag, env).ok_or_else(|| format!("missing {flag} (or {env})"))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base_url = setting(&args, "--base-url", "SYNCANO_BASE_URL").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let api_key = required(&args, "--api-key", "SYNCANO_API_KEY")?;
    let instance = required(&args, "--instance", "SYNCANO_INSTANCE")?;
    let script_id: i64 = required(&args, "--script-id", "SYNCANO_SCRIPT_ID")?
        .parse()
        .map_err(|_| "--script-id must be an integer".to_owned())?;
    let payload = match setting(&args, "--payload", "SYNCANO_PAYLOAD") {
        Some(text) => Some(serde_json::from_str(&text).map_err(|e| format!("--payload is not a JSON object: {e}"))?),
        None => None,
    };

    let client =
        Client::new(&base_url).map_err(|e| e.to_string())?.with_api_key(&api_key).map_err(|e| e.to_string())?;
    let mut body = RunScriptRequest::new();
    body.payload = payload;
    match client.run_script(&instance, script_id).body(&body).await {
        Ok(trace) => {
            println!("{}", serde_json::to_string_pretty(&trace).map_err(|e| e.to_string())?);
            Ok(())
        }
        Err(Error::UnexpectedResponse(response)) => {
            Err(format!("unexpected answer {}: {}", response.status, response.text()))
        }
        Err(error) => Err(error.to_string()),
    }
}
