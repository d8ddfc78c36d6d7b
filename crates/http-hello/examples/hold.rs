//! # hold: many idle keep-alive connections, to see what each one costs a server
//!
//! Opens N connections to a web server, asks for one page on each (keep-alive), reads the
//! answers, then holds every connection open and idle until stdin closes (Enter or
//! Ctrl-D), so that you can read the server's memory meanwhile. The async chapter uses it:
//!
//! ```text
//! cargo run --release -p http-hello -- --model async --idle 600 --quiet
//! cargo run --release -p http-hello --example hold -- 127.0.0.1:8080 10000
//! grep VmRSS /proc/$(pgrep -n http-hello)/status
//! ```
//!
//! Each connection is an open file on both sides: raise `ulimit -n` first (it prints how
//! far it could raise its own limit).

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

/// Hold many idle keep-alive connections to a web server
#[derive(Parser)]
struct Args {
    /// The server, HOST:PORT
    addr: SocketAddr,
    /// How many connections to hold
    count: usize,
}

fn main() -> ExitCode {
    common::cli::run(|| hold(Args::parse()))
}

fn hold(args: Args) -> anyhow::Result<()> {
    let limit = rlimit::increase_nofile_limit(u64::MAX)?;
    common::say!("hold: this process may open {limit} files");
    let mut held = Vec::with_capacity(args.count);
    let mut answers = [0usize; 6]; // by the status's first digit
    for _ in 0..args.count {
        let mut stream = TcpStream::connect(args.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.write_all(b"GET / HTTP/1.1\r\nHost: hold\r\n\r\n")?;
        answers[status_class(&mut stream)?] += 1;
        held.push(stream);
    }
    common::say!(
        "hold: {} open, answers 2xx {} 5xx {} other {}",
        common::narrate::count(held.len(), "connection", "connections"),
        answers[2],
        answers[5],
        answers[0] + answers[1] + answers[3] + answers[4]
    );
    common::say!("hold: holding them idle; press Enter (or close stdin) to let them go");
    let _ = std::io::stdin().lock().read_line(&mut String::new());
    Ok(())
}

/// Read one whole response (its head, then Content-Length bytes); its status / 100.
fn status_class(stream: &mut TcpStream) -> anyhow::Result<usize> {
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        anyhow::ensure!(n > 0, "the server closed the connection before answering");
        got.extend_from_slice(&chunk[..n]);
        let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        if got.len() >= end + 4 + length {
            let status = head.get(9..10).and_then(|d| d.parse().ok()).unwrap_or(0);
            return Ok(if status < 6 { status } else { 0 });
        }
    }
}
