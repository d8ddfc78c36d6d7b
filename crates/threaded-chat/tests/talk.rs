//! `threaded-chat talk`, the tutorial's one-to-one chat, run as the tutorial runs it: two
//! of ours, and ours against the tutorial's own two-thread Python program on either side.

use std::io::Write;
use std::net::SocketAddr;
use std::process::Command;

use testkit::{Running, connect, listening_addr, python_peer, run};

const BIN: &str = env!("CARGO_BIN_EXE_threaded-chat");

fn talk(args: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.arg("talk").args(args);
    Running::start(command)
}

/// `talk --listen 127.0.0.1:0`, and the address it really listens on.
fn listening_talk() -> (Running, SocketAddr) {
    Running::server(BIN, &["talk", "--listen", "127.0.0.1:0"])
}

/// The tutorial's program, `listen` or `HOST PORT`.
fn python(args: &[&str]) -> Running {
    python_peer("talk_peer.py", args)
}

#[test]
fn two_talks_chat_both_ways_and_end_when_both_have_finished() {
    let (mut listener, addr) = listening_talk();
    listener.expect_line("talk: waiting for one peer in accept()");
    let mut caller = talk(&[&addr.to_string()]);
    caller.expect_line(&format!("talk: talking with {addr}"));
    let line = listener.expect_line("talk: talking with ");
    let caller_addr = line
        .trim_start_matches("talk: talking with ")
        .split(';')
        .next()
        .expect("an address")
        .to_string();

    caller.send_line("hello 你好");
    listener.expect_line(&format!("{caller_addr}: hello 你好"));
    listener.send_line("hi there");
    caller.expect_line(&format!("{addr}: hi there"));

    // The caller has finished typing: it closes its sending half (shutdown) and waits.
    // The listener's recv() returns 0 bytes: its peer has left, so it ends, closing the
    // connection; then the caller's recv() returns 0 too, and both exit 0.
    caller.close_stdin();
    caller.expect_line("talk: end of input: closing our sending half (shutdown), still receiving");
    listener.expect_line(&format!(
        "talk: {caller_addr} has left (recv returned 0 bytes); bye"
    ));
    let out = listener.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    let out = caller.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.ends_with(&format!(
            "talk: {addr} has left (recv returned 0 bytes); bye"
        )),
        "{out:?}"
    );
}

#[test]
fn talk_connects_to_the_tutorials_python_listener() {
    testkit::need!("python3");
    let mut peer = python(&["listen"]);
    let first = peer.next_line();
    let addr = listening_addr(&first).expect("listening on ADDR");
    let mut ours = talk(&["127.0.0.1", &addr.port().to_string()]);
    ours.expect_line(&format!("talk: talking with {addr}"));
    peer.expect_line("connected");

    // The tutorial sends without a newline; we print what arrived as one line.
    peer.send_line("hello from python");
    ours.expect_line(&format!("{addr}: hello from python"));
    ours.send_line("hello from rust");
    peer.expect_line("received: hello from rust");

    // Ctrl-D on our side: shutdown(SHUT_WR), the tutorial's recv() returns b'', it closes,
    // and our recv() returns 0 in turn.
    ours.close_stdin();
    peer.expect_line("the peer has left");
    let out = ours.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .ends_with("has left (recv returned 0 bytes); bye"),
        "{out:?}"
    );
    assert_eq!(peer.finish().code, Some(0));
}

#[test]
fn the_tutorials_python_client_talks_to_our_listener_until_it_is_stopped() {
    testkit::need!("python3");
    let (mut ours, addr) = listening_talk();
    let mut peer = python(&["127.0.0.1", &addr.port().to_string()]);
    peer.expect_line("connected");
    ours.expect_line("talk: talking with 127.0.0.1:");
    peer.send_line("你好, rust");
    ours.expect_line(": 你好, rust");
    ours.send_line("hello python");
    peer.expect_line("received: hello python");
    // The tutorial's program has no way to leave but Ctrl-C: the kernel closes its socket.
    peer.kill();
    let out = ours.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .ends_with("has left (recv returned 0 bytes); bye"),
        "{out:?}"
    );
}

#[test]
fn talk_shows_control_characters_from_its_peer_escaped() {
    let (mut ours, addr) = listening_talk();
    let mut peer = connect(addr);
    ours.expect_line("talk: talking with ");
    peer.write_all(b"hi\x1b[2J\x1b]0;pwned\x07 there\r* fake\n")
        .expect("send");
    let line = ours.expect_line(": hi");
    assert!(
        line.ends_with(r": hi\u{1b}[2J\u{1b}]0;pwned\u{7} there\r* fake"),
        "{line}"
    );
    drop(peer);
    assert_eq!(ours.finish().code, Some(0));
}

#[test]
fn talk_without_an_address_or_with_words_after_it_is_a_usage_error() {
    let out = run(BIN, &["talk"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.starts_with("error: missing the peer's address"),
        "{out:?}"
    );
    let out = run(BIN, &["talk", "127.0.0.1:1", "hello"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("talk takes only the peer's address"),
        "{out:?}"
    );
}
