//! The async model at scale: a thousand connections open at once, every one served; past
//! `--max-connections`, a 503 and a close. (The line about too few open files is tested
//! with the chapter's transcripts, in async-book.rs.)
#![cfg(target_os = "linux")]

// The shared helpers; this file has no per-model tests, so per_model! goes unused.
#[allow(unused_macros, unused_imports)]
mod support;

use std::io::{BufReader, Write};
use std::net::TcpStream;

use support::{read_response, send, server};
use testkit::{connect, read_to_close, thread_count};

/// More connections at once than the pool has workers and queue together (128 + 64).
const MANY: usize = 1_000;

#[test]
fn a_thousand_kept_alive_connections_at_once_are_all_answered_200() {
    // Each connection is an open file here and in the server: 1,000 of each.
    let limit = rlimit::increase_nofile_limit(u64::MAX).expect("getrlimit works on Linux");
    assert!(
        limit as usize > MANY + 100,
        "this test needs {} open files and the hard limit allows {limit}: raise it \
         (ulimit -Hn, /etc/security/limits.conf)",
        MANY + 100
    );
    let (_server, addr) = server("async", &["--idle", "60", "--quiet"]);
    // Open them all first, so that all are open at once in the server ...
    let streams: Vec<TcpStream> = (0..MANY).map(|_| connect(addr)).collect();
    // ... then one request on each, and only then read the answers.
    for (i, mut stream) in streams.iter().enumerate() {
        let request = format!("GET /hello?name=c{i} HTTP/1.1\r\nHost: t\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
    }
    for (i, stream) in streams.iter().enumerate() {
        let response = read_response(&mut BufReader::new(stream), false)
            .unwrap_or_else(|| panic!("connection {i} got no response"));
        assert_eq!(response.status, 200, "connection {i}: {response:?}");
        assert!(response.body.contains(&format!("Hello, c{i}!")));
        assert_eq!(response.headers["connection"], "keep-alive");
    }
}

#[test]
fn past_max_connections_a_new_one_gets_503_and_is_closed() {
    let (mut server, addr) = server(
        "async",
        &["--max-connections", "3", "--idle", "60", "--quiet"],
    );
    // Three kept-alive connections hold the three places ...
    let held: Vec<BufReader<TcpStream>> = (0..3)
        .map(|_| {
            let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            let response = read_response(&mut reader, false).expect("served");
            assert_eq!(response.status, 200);
            reader
        })
        .collect();
    let threads = thread_count(server.id());
    // ... so every one after them is answered 503 at once and closed.
    for _ in 0..20 {
        let mut stream = connect(addr);
        let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
        assert!(
            raw.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{raw}"
        );
        assert!(raw.contains("Connection: close\r\n"), "{raw}");
    }
    server.expect_line("turned away with 503: 3 connections open (--max-connections)");
    assert_eq!(
        thread_count(server.id()),
        threads,
        "no thread per connection"
    );
    // The ones inside are still served.
    for mut reader in held {
        reader
            .get_mut()
            .write_all(b"GET /hello?name=again HTTP/1.1\r\nHost: t\r\n\r\n")
            .expect("send");
        let again = read_response(&mut reader, false).expect("still served");
        assert!(again.body.contains("Hello, again!"), "{again:?}");
    }
}
