//! Client overhead: `get_script` through the generated client against the same request written
//! by hand with reqwest, both against a loopback keep-alive server answering fixed bytes.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

use serde_json::json;
use syncano_client::{Client, Script};

use crate::{counting, emit_line};

const API_KEY: &str = "bench-key";

/// A Script as the server sends it.
const BODY: &str = r#"{"id":1,"runtime_name":"python3","source":"print('hello')","config":{"timeout":30},"label":"hello","description":"Says hello.","created_at":"2024-01-02T03:04:05.123456Z","updated_at":"2024-01-02T03:04:05.123456Z","links":{"self":"/v1.1/instances/inst/snippets/scripts/1/","runtimes":"/v1.1/instances/inst/snippets/scripts/runtimes/","run":"/v1.1/instances/inst/snippets/scripts/1/run/","traces":"/v1.1/instances/inst/snippets/scripts/1/traces/"}}"#;

/// Runs `rounds` rounds; each times a batch of `batch` requests through each client, in
/// alternating order, and reports the time and allocations per request.
pub fn run(rounds: usize, batch: usize) -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen: {e}"))?;
    let base = format!("http://{}/v1.1", listener.local_addr().map_err(|e| e.to_string())?);
    // The server runs on its own thread, so its allocations are not counted.
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    runtime.block_on(async {
        // One reqwest client, configured as the generated client configures its own, for both.
        let http = Client::default_config().http_client().map_err(|e| e.to_string())?;
        let generated = Client::with_http_client(&base, http.clone())
            .and_then(|c| c.with_api_key(API_KEY))
            .map_err(|e| e.to_string())?;
        let url = format!("{base}/instances/inst/snippets/scripts/1/");
        let hand = || async {
            let response = http.get(&url).header("X-API-KEY", API_KEY).send().await.map_err(|e| e.to_string())?;
            if response.status() != 200 {
                return Err(format!("unexpected status {}", response.status()));
            }
            let body = response.bytes().await.map_err(|e| e.to_string())?;
            serde_json::from_slice::<Script>(&body).map_err(|e| e.to_string())
        };
        // Both decode the same Script; check once, and warm the connection pool.
        let ours = generated.get_script("inst", 1).await.map_err(|e| e.to_string())?;
        if ours != hand().await? {
            return Err("the two clients decoded different Scripts".to_owned());
        }

        counting::start();
        let (mut generated_ns, mut hand_ns, mut generated_allocs, mut hand_allocs) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            for first in [round % 2 == 0, round % 2 != 0] {
                let allocs = counting::count();
                let started = Instant::now();
                if first {
                    for _ in 0..batch {
                        std::hint::black_box(generated.get_script("inst", 1).await.map_err(|e| e.to_string())?);
                    }
                    generated_ns.push(started.elapsed().as_nanos() / batch as u128);
                    generated_allocs.push((counting::count() - allocs) as f64 / batch as f64);
                } else {
                    for _ in 0..batch {
                        std::hint::black_box(hand().await?);
                    }
                    hand_ns.push(started.elapsed().as_nanos() / batch as u128);
                    hand_allocs.push((counting::count() - allocs) as f64 / batch as f64);
                }
            }
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        emit_line("client", "get_script", "generated", &generated_ns, json!({ "allocs": mean(&generated_allocs) }));
        emit_line("client", "get_script", "hand-written", &hand_ns, json!({ "allocs": mean(&hand_allocs) }));
        Ok(())
    })
}

/// Answers every request on a keep-alive connection with the same response.
fn serve(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let response =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}", BODY.len());
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Requests are GETs without a body: each ends at the blank line.
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.drain(..end + 4);
            if stream.write_all(response.as_bytes()).is_err() {
                return;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}
