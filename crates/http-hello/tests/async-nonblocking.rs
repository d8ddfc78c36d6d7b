//! The nonblocking example: the event loop by hand, and the system calls strace sees.
//! Both transcripts are in the book's async chapter.
#![cfg(target_os = "linux")]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use testkit::{Running, assert_transcript, connect, listening_addr, pairs, read_to_close};

/// Where cargo put the example: `cargo test` builds the examples beside the tests.
fn example() -> PathBuf {
    let test = std::env::current_exe().expect("the test knows its own path");
    let profile = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests live in target/<profile>/deps");
    let example = profile.join("examples").join("nonblocking");
    assert!(
        example.exists(),
        "{} is missing: `cargo test -p http-hello` builds it, `cargo test --test ...` alone \
         does not (then run `cargo build -p http-hello --example nonblocking` first)",
        example.display()
    );
    example
}

/// One connection, its head sent in two pieces: the loop reads the first piece, finds
/// the rest missing ("would block"), goes back to epoll_wait, and answers when it comes.
fn one_split_request(server: &mut Running, first: &str, replacements: &mut Vec<(String, String)>) {
    let addr = listening_addr(first).expect("the first line says where it listens");
    replacements.push((addr.to_string(), "127.0.0.1:8081".into()));
    server.expect_line("accept() with nobody waiting: would block");
    let mut stream = connect(addr);
    let peer = stream
        .local_addr()
        .expect("a connected socket has an address");
    replacements.push((peer.to_string(), "127.0.0.1:51234".into()));
    replacements.push((format!("htons({})", peer.port()), "htons(51234)".into()));
    server.expect_line("accept(): would block, back to epoll_wait");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .expect("send");
    server.expect_line("recv(): would block, the rest is not here yet");
    stream.write_all(b"\r\n").expect("send");
    let answer = String::from_utf8(read_to_close(&mut stream)).expect("text");
    assert!(
        answer.ends_with("hello from an event loop, connection 1\n"),
        "{answer}"
    );
}

/// The chapter's commands are this file's tests' (but for the port): both stop after one
/// connection, as the transcripts they show do.
#[test]
fn the_chapter_runs_the_example_as_these_tests_do() {
    let chapter = include_str!("../../../docs/src/async.md");
    for command in [
        "cargo run -p http-hello --example nonblocking -- --connections 1\n",
        "sendto target/debug/examples/nonblocking --connections 1\n",
    ] {
        assert!(
            chapter.contains(command),
            "docs/src/async.md no longer shows {command:?}"
        );
    }
}

#[test]
fn the_event_loop_waits_in_epoll_and_never_in_a_read() {
    let mut command = Command::new(example());
    command.args(["127.0.0.1:0", "--connections", "1"]);
    let mut server = Running::start(command);
    let mut replacements = Vec::new();
    let first = server.next_line();
    one_split_request(&mut server, &first, &mut replacements);
    let done = server.finish();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert_transcript(
        "http-hello-async-nonblocking.txt",
        &done.stdout,
        &pairs(&replacements),
    );
}

/// Pointers change from run to run: `0x7ffc62d10a8` becomes `0x7ffc...`.
fn without_pointers(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("0x7f") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let hex = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        out.push_str("0x7ff...");
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

#[test]
fn strace_shows_accept4_recvfrom_and_epoll_with_eagain() {
    let strace = testkit::need!("strace");
    let log = testkit::TempDir::new("strace");
    let trace = log.path().join("calls.txt");
    let mut command = Command::new(strace);
    command
        .arg("-o")
        .arg(&trace)
        .arg("-e")
        .arg("trace=ioctl,accept4,epoll_create1,epoll_ctl,epoll_wait,epoll_pwait,recvfrom,sendto")
        .arg(example())
        .args(["127.0.0.1:0", "--connections", "1"]);
    let mut server = Running::start(command);
    let mut replacements = Vec::new();
    let first = server.next_line();
    // The example strace runs: killed if the test fails before it ends.
    let example = testkit::KillOnDrop::new(testkit::only_child(server.id()));
    one_split_request(&mut server, &first, &mut replacements);
    let done = server.finish();
    example.ended();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let calls = std::fs::read_to_string(&trace).expect("strace wrote its log");
    let shown: Vec<String> = calls
        .lines()
        .filter(|line| !line.starts_with("+++"))
        .map(without_pointers)
        .collect();
    assert_transcript(
        "http-hello-async-strace.txt",
        &shown.join("\n"),
        &pairs(&replacements),
    );
}
