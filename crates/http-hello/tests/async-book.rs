//! The async chapter's samples ("From gevent to async Rust") are what the program really
//! prints, with ports and times written as the chapter shows them.
#![cfg(unix)]

// The shared helpers; this file has no per-model tests, so per_model! goes unused.
#[allow(unused_macros, unused_imports)]
mod support;

use std::process::Command;

use support::{BIN, server};
use testkit::{Running, assert_transcript, connect, pairs, run};

/// `server: 127.0.0.1:PORT "..." 200 313 bytes 0.42 ms`, with the port and time the book shows.
fn book_log_line(line: &str) -> String {
    let rest = line.trim_start_matches("server: ");
    let (_, rest) = rest.split_once(' ').expect("a peer first");
    let (counted, _) = rest.rsplit_once(' ').expect("ms last");
    let (counted, _) = counted.rsplit_once(' ').expect("a time before it");
    format!("server: 127.0.0.1:51234 {counted} 0.16 ms")
}

#[test]
fn the_chapter_shows_what_the_async_server_prints() {
    let curl = testkit::need!("curl");
    let (mut server, addr) = server("async", &[]);
    let url = format!("http://{addr}/hello?name=Ada");
    let out = run(&curl, &["-s", &url], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    server.expect_line("\"GET /hello?name=Ada HTTP/1.1\" 200 ");
    // Ctrl-C, as in the terminal.
    server.signal(testkit::Signal::INT);
    let done = server.finish();
    assert_eq!(done.code, Some(0), "{done:?}");
    let printed: Vec<String> = done
        .stdout
        .lines()
        .map(|line| {
            if line.contains("\"GET ") {
                book_log_line(line)
            } else {
                line.to_string()
            }
        })
        .collect();
    let port = [(addr.to_string(), "127.0.0.1:8080")];
    let port: Vec<(&str, &str)> = port.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    assert_transcript("http-hello-async-server.txt", &printed.join("\n"), &port);
}

#[test]
fn the_chapter_shows_a_connection_turned_away() {
    let curl = testkit::need!("curl");
    let (mut server, addr) = server("async", &["--max-connections", "2"]);
    // Two connections hold the two places; curl comes third.
    let (_first, _second) = (connect(addr), connect(addr));
    let out = run(&curl, &["-si", &format!("http://{addr}/")], "");
    let line = server.expect_line("turned away with 503");
    let peer = line
        .trim_start_matches("server: ")
        .split(' ')
        .next()
        .expect("the peer first")
        .to_string();
    let ports = [
        (addr.to_string(), "127.0.0.1:8080".to_string()),
        (peer, "127.0.0.1:51240".to_string()),
    ];
    let ports = pairs(&ports);
    assert_transcript("http-hello-async-busy.txt", &line, &ports);
    let page = support::without_date(&out.stdout);
    assert_transcript("http-hello-async-busy-curl.txt", &page, &ports);
}

#[test]
fn the_chapter_shows_the_open_file_limit_line() {
    // A limit of 200 open files (soft and hard), set by the shell before it starts the server.
    let mut command = Command::new("sh");
    command.args([
        "-c",
        &format!("ulimit -n 200 && exec {BIN} 127.0.0.1:0 --model async"),
    ]);
    let mut server = Running::start(command);
    let first = server.expect_line("listening on 127.0.0.1:");
    let addr = testkit::listening_addr(&first).expect("an address");
    server.expect_line("open files");
    server.expect_line("one task per connection, at most 88 connections");
    let port = [(addr.to_string(), "127.0.0.1:8080".to_string())];
    let port = pairs(&port);
    assert_transcript(
        "http-hello-async-ulimit.txt",
        &server.seen.join("\n"),
        &port,
    );
}

/// The chapter's exercise 2 starts where the lesson is: tokio on one thread, without the
/// `rt-multi-thread` feature, so the step it names first is needed and the error it
/// quotes is the one a student who skips it meets.
#[test]
fn exercise_2_starts_from_one_thread_without_the_multi_thread_feature() {
    let manifest = include_str!("../Cargo.toml");
    let tasks = include_str!("../src/tasks.rs");
    let chapter = include_str!("../../../docs/src/async.md");
    assert!(
        !manifest.contains("rt-multi-thread"),
        "http-hello has tokio's rt-multi-thread feature: exercise 2 of docs/src/async.md says to add it"
    );
    assert!(tasks.contains("tokio::runtime::Builder::new_current_thread()"));
    let chapter = chapter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(chapter.contains("`rt-multi-thread` feature"));
    assert!(chapter.contains("no function or associated item named new_multi_thread"));
}
