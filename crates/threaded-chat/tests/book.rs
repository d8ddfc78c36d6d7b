//! The book's samples for lesson 5 are what the programs really print: each test runs the
//! programs as the chapter does, step by step, and compares what they printed with
//! docs/src/transcripts/threaded-chat-*.txt (ports written as the chapter's defaults).
//! `BLESS_TRANSCRIPTS=1 cargo test -p threaded-chat --test book` writes them anew.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::Command;

use testkit::{Running, assert_transcript, connect, read_to_close};

const BIN: &str = env!("CARGO_BIN_EXE_threaded-chat");

fn start(args: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.args(args);
    Running::start(command)
}

/// Compare (or, with BLESS_TRANSCRIPTS set, write) one transcript.
fn transcript(name: &str, printed: &str, ports: &[(String, &str)]) {
    let ports: Vec<(&str, &str)> = ports.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    if std::env::var_os("BLESS_TRANSCRIPTS").is_some() {
        let mut text = printed.trim_end().to_string() + "\n";
        for (from, to) in &ports {
            text = text.replace(from, to);
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/transcripts/");
        std::fs::write(format!("{path}{name}"), text).expect("write a transcript");
    }
    assert_transcript(name, printed, &ports);
}

/// The address after `joined from ` in the server's line about `name`.
fn joined_from(server: &Running, name: &str) -> String {
    let needle = format!("server: {name} joined from ");
    server
        .seen
        .iter()
        .find_map(|l| l.strip_prefix(&needle))
        .unwrap_or_else(|| panic!("no line {needle:?}"))
        .to_string()
}

#[test]
fn run_it_a_room_with_alice_and_bob() {
    let (mut server, addr) = Running::server(BIN, &["server", "127.0.0.1:0"]);
    let port = addr.port().to_string();
    let mut alice = start(&["client", &port, "--name", "alice"]);
    alice.expect_line("* hello alice");
    let mut bob = start(&["client", &port, "--name", "bob"]);
    bob.expect_line("* hello bob");
    alice.expect_line("* bob joined");
    bob.send_line("hi alice");
    alice.expect_line("bob: hi alice");
    alice.send_line("hello bob, 你好");
    bob.expect_line("alice: hello bob, 你好");
    bob.send_line("/who");
    bob.expect_line("* in the room: alice, bob");
    alice.send_line("byebye");
    let alice = alice.finish();
    bob.expect_line("* alice left");
    bob.close_stdin();
    let bob = bob.finish();
    server.expect_line("server: bob left");
    server.terminate();
    server.expect_line("server: stopped");
    let ports = [
        (addr.to_string(), "127.0.0.1:7788"),
        (joined_from(&server, "alice"), "127.0.0.1:51234"),
        (joined_from(&server, "bob"), "127.0.0.1:51236"),
    ];
    transcript("threaded-chat-server.txt", &server.seen.join("\n"), &ports);
    transcript("threaded-chat-alice.txt", &alice.stdout, &ports);
    transcript("threaded-chat-bob.txt", &bob.stdout, &ports);
    assert_eq!((alice.code, bob.code), (Some(0), Some(0)));
}

#[test]
fn run_it_the_udp_peer_chat() {
    let (mut first, first_addr) = Running::server(BIN, &["udp", "--bind", "127.0.0.1:0"]);
    first.expect_line("waiting for a first datagram");
    let (mut second, second_addr) = Running::server(
        BIN,
        &[
            "udp",
            "--bind",
            "127.0.0.1:0",
            "--peer",
            &first_addr.to_string(),
        ],
    );
    second.expect_line("talking with");
    second.send_line("hello, first");
    first.expect_line("udp: talking with");
    first.send_line("hi, second");
    second.expect_line(": hi, second");
    first.send_line("byebye");
    let first = first.finish();
    second.expect_line("has left");
    second.send_line("are you there?");
    second.send_line("byebye");
    let second = second.finish();
    let ports = [
        (first_addr.to_string(), "127.0.0.1:7890"),
        (second_addr.to_string(), "127.0.0.1:7891"),
    ];
    transcript("threaded-chat-udp-1.txt", &first.stdout, &ports);
    transcript("threaded-chat-udp-2.txt", &second.stdout, &ports);
}

#[test]
fn run_it_talk_one_to_one() {
    let (mut listener, addr) = Running::server(BIN, &["talk", "--listen", "127.0.0.1:0"]);
    listener.expect_line("waiting for one peer");
    let mut caller = start(&["talk", &addr.port().to_string()]);
    caller.expect_line("talk: talking with");
    let line = listener.expect_line("talk: talking with ");
    let caller_addr = line["talk: talking with ".len()..]
        .split(';')
        .next()
        .expect("an address")
        .to_string();
    caller.send_line("hello, are you there?");
    listener.expect_line(": hello, are you there?");
    listener.send_line("yes, 你好");
    caller.expect_line(": yes, 你好");
    caller.close_stdin();
    listener.expect_line("has left");
    let listener_out = listener.finish();
    let caller = caller.finish();
    let ports = [
        (addr.to_string(), "127.0.0.1:7788"),
        (caller_addr, "127.0.0.1:51234"),
    ];
    transcript(
        "threaded-chat-talk-listen.txt",
        &listener_out.stdout,
        &ports,
    );
    transcript("threaded-chat-talk-connect.txt", &caller.stdout, &ports);
}

#[test]
fn under_attack_what_the_room_and_its_log_show() {
    let (mut server, addr) = Running::server(
        BIN,
        &[
            "server",
            "127.0.0.1:0",
            "--max-clients",
            "3",
            "--join-timeout",
            "2",
        ],
    );
    let mut alice = start(&["client", &addr.port().to_string(), "--name", "alice"]);
    alice.expect_line("* hello alice");
    // mallory, as with nc: a name that paints itself red, then a plain one, then the line.
    let mut mallory = connect(addr);
    mallory
        .write_all(b"\x1b[31mroot\x1b[0m\nmallory\nhi\x1b[2J\x1b]0;pwned\x07 there\r* bob left\n")
        .expect("send");
    alice.expect_line("mallory: hi");
    // A third connection says nothing; the fourth finds the room full.
    let silent = connect(addr);
    let mut welcome = [0u8; 47];
    (&silent)
        .read_exact(&mut welcome)
        .expect("the welcome: a seat is taken");
    let mut fourth = connect(addr);
    let refused = read_to_close(&mut fourth);
    assert_eq!(
        String::from_utf8_lossy(&refused),
        "* the room is full (3 members), try again later\n"
    );
    server.expect_line("gave no name within 2 s");
    // mallory leaves as `nc -N` does at the end of its input: what did its screen show?
    mallory
        .shutdown(std::net::Shutdown::Write)
        .expect("shutdown");
    let seen_by_mallory = String::from_utf8(read_to_close(&mut mallory)).expect("utf-8");
    server.expect_line("server: mallory left");
    alice.expect_line("* mallory left");
    alice.send_line("byebye");
    let alice = alice.finish();
    server.terminate();
    server.expect_line("server: stopped");
    let ports = ports_of(addr, &[&mallory, &silent, &fourth]);
    let mut ports = ports;
    ports.push((joined_from(&server, "alice"), "127.0.0.1:51234"));
    transcript(
        "threaded-chat-attack-server.txt",
        &server.seen.join("\n"),
        &ports,
    );
    transcript("threaded-chat-attack-alice.txt", &alice.stdout, &ports);
    transcript("threaded-chat-attack-mallory.txt", &seen_by_mallory, &ports);
}

/// The server's port and each raw connection's, as the chapter writes them.
fn ports_of(addr: SocketAddr, streams: &[&std::net::TcpStream]) -> Vec<(String, &'static str)> {
    let names = ["127.0.0.1:51236", "127.0.0.1:51238", "127.0.0.1:51240"];
    let mut ports = vec![(addr.to_string(), "127.0.0.1:7788")];
    for (stream, name) in streams.iter().zip(names) {
        ports.push((stream.local_addr().expect("addr").to_string(), name));
    }
    ports
}
