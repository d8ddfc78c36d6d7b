//! udp-basic, run as a student runs it: the real binary, real datagrams on loopback, and a
//! Python client written as in the tutorials.

use std::net::SocketAddr;

use common::testing::{
    Running, assert_transcript, interop_script, require_program, run, udp_socket,
};

const BIN: &str = env!("CARGO_BIN_EXE_udp-basic");

fn server(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["server", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

/// The address after `our address is ` in the client's output.
fn client_port(stdout: &str) -> u16 {
    let line = stdout
        .lines()
        .find(|line| line.contains("our address is "))
        .expect("the client says its address");
    let addr = line
        .split("our address is ")
        .nth(1)
        .expect("address follows");
    let addr: SocketAddr = addr
        .split(' ')
        .next()
        .expect("addr")
        .parse()
        .expect("an address");
    addr.port()
}

#[test]
fn client_and_server_exchange_datagrams() {
    let (mut server, addr) = server(&[]);
    assert_eq!(server.seen[0], format!("server: listening on {addr}"));
    server.expect_line("no listen() or accept(): UDP has no connections");

    let out = run(BIN, &["client", &addr.to_string(), "hello", "你好"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: sent 5 bytes to {addr}: hello")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: from {addr} (7 bytes): Receive")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: sent 6 bytes to {addr}: 你好")),
        "{out:?}"
    );

    let port = client_port(&out.stdout);
    server.expect_line(&format!("server: from 127.0.0.1:{port} (5 bytes): hello"));
    server.expect_line(&format!(
        "server: sent 7 bytes to 127.0.0.1:{port}: Receive"
    ));
    server.expect_line(&format!("server: from 127.0.0.1:{port} (6 bytes): 你好"));
}

#[test]
fn host_and_port_may_be_two_words_and_stdin_ends_at_an_empty_line() {
    let (_server, addr) = server(&["--reply", "ok"]);
    let port = addr.port().to_string();
    let out = run(BIN, &["client", "127.0.0.1", &port], "one\ntwo\n\nthree\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.matches("(2 bytes): ok").count(), 2, "{out:?}");
    assert!(out.stdout.contains("empty line: done"), "{out:?}");
    assert!(!out.stdout.contains("three"), "{out:?}");
}

#[test]
fn the_client_port_changes_each_run_unless_bind_fixes_it() {
    let (mut server, addr) = server(&[]);
    let first = run(BIN, &["client", &addr.to_string(), "a"], "");
    let second = run(BIN, &["client", &addr.to_string(), "b"], "");
    assert!(first.stdout.contains("a new port each run"), "{first:?}");
    assert_ne!(client_port(&first.stdout), client_port(&second.stdout));

    let free = udp_socket().local_addr().expect("addr"); // closed at once: the port is free again
    let fixed = run(
        BIN,
        &[
            "client",
            &addr.to_string(),
            "--bind",
            &free.to_string(),
            "c",
        ],
        "",
    );
    assert_eq!(fixed.code, Some(0), "{fixed:?}");
    assert!(
        fixed
            .stdout
            .contains(&format!("our address is {free} (fixed by --bind)")),
        "{fixed:?}"
    );
    server.expect_line(&format!("server: from {free} (1 bytes): c"));
}

#[test]
fn no_reply_is_a_clear_timeout_not_a_hang() {
    let silent = udp_socket(); // bound, but never answers
    let addr = silent.local_addr().expect("addr");
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--timeout", "0.3", "anyone?"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: no reply from {addr} within 0.3 s: UDP does not retry and reports no loss, \
             so the datagram or its reply was lost, or the server is not running"
        )
    );
    let mut buf = [0u8; 64];
    let (n, _) = silent.recv_from(&mut buf).expect("the datagram did arrive");
    assert_eq!(&buf[..n], b"anyone?");
}

#[test]
fn wrong_arguments_get_usage_with_an_example() {
    for args in [vec!["client"], vec!["client", "127.0.0.1:99999", "x"]] {
        let out = run(BIN, &args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(
            out.stderr
                .contains("example: udp-basic client 127.0.0.1 8888 hello"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn a_small_buffer_visibly_cuts_a_long_datagram() {
    let (mut server, addr) = server(&["--buffer", "16"]);
    let client = udp_socket();
    let message = b"a much longer message than sixteen bytes";
    client.send_to(message, addr).expect("send");
    let line = server.expect_line("(16 bytes): a much longer me");
    assert!(line.starts_with("server: from 127.0.0.1:"), "{line}");
    server.expect_line("the datagram had 40 bytes; recvfrom(16) kept 16, the other 24 are lost");
    let mut buf = [0u8; 64];
    let (n, from) = client.recv_from(&mut buf).expect("still a reply");
    assert_eq!((&buf[..n], from), (&b"Receive"[..], addr));
}

#[test]
fn three_datagrams_sent_back_to_back_arrive_as_three_reads() {
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let me = client.local_addr().expect("addr");
    for message in ["first", "second", "third"] {
        client.send_to(message.as_bytes(), addr).expect("send");
    }
    server.expect_line(&format!("server: from {me} (5 bytes): first"));
    server.expect_line(&format!("server: from {me} (6 bytes): second"));
    server.expect_line(&format!("server: from {me} (5 bytes): third"));
    let reads = server
        .seen
        .iter()
        .filter(|line| line.contains(&format!("from {me}")))
        .count();
    assert_eq!(
        reads, 3,
        "one read per datagram, never merged: {:#?}",
        server.seen
    );
    let mut buf = [0u8; 64];
    for _ in 0..3 {
        let (n, _) = client.recv_from(&mut buf).expect("a reply per datagram");
        assert_eq!(&buf[..n], b"Receive");
    }
}

#[test]
fn the_server_survives_bytes_that_are_not_text_and_the_largest_datagram() {
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let mut buf = vec![0u8; 65_536];
    client.send_to(&[0xff, 0xfe, b'a'], addr).expect("send");
    server.expect_line("bytes that are not valid utf-8 are shown as \u{fffd}");
    assert_eq!(client.recv_from(&mut buf).expect("reply").0, 7);

    client
        .send_to(&vec![b'x'; 65_507], addr)
        .expect("the largest IPv4 datagram");
    server.expect_line("the datagram had 65507 bytes; recvfrom(1024) kept 1024");
    assert_eq!(client.recv_from(&mut buf).expect("reply").0, 7);

    client
        .send_to(b"", addr)
        .expect("an empty datagram is a datagram too");
    server.expect_line("(0 bytes): ");
    assert_eq!(client.recv_from(&mut buf).expect("reply").0, 7);
}

#[test]
fn gbk_text_in_both_directions() {
    let (mut server, addr) = server(&["--encoding", "gbk", "--reply", "收到"]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--encoding", "gbk", "你好"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("sent 4 bytes"), "{out:?}");
    assert!(out.stdout.contains("(4 bytes): 收到"), "{out:?}");
    server.expect_line("(4 bytes): 你好");
}

#[test]
fn a_port_in_use_is_one_clear_error() {
    let (_server, addr) = server(&[]);
    let out = run(BIN, &["server", &addr.to_string()], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot bind {addr}: address already in use (is another server running? pick another port)"
        )
    );
}

#[test]
fn a_python_client_from_the_tutorials_gets_receive() {
    let python = require_program("python3", "python3");
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = run(
        &python,
        &[&interop_script("udp_client.py"), "127.0.0.1", &port],
        "hello\n\n",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("reply: Receive"), "{out:?}");
    server.expect_line("(5 bytes): hello");
}

#[test]
fn trace_dumps_each_datagram() {
    let (mut server, addr) = server(&["--trace"]);
    let out = run(BIN, &["client", &addr.to_string(), "--trace", "AB"], "");
    assert!(
        out.stdout
            .contains("client: trace:   0000  52 65 63 65 69 76 65"),
        "{out:?}"
    );
    server.expect_line("server: trace: received 2 bytes from");
    let dump = server.expect_line("server: trace:   0000  41 42");
    assert!(dump.ends_with("|AB|"), "{dump}");
}

/// The book's transcripts are what the programs print, with the ports that vary from run
/// to run written as the defaults the chapter uses.
#[test]
fn the_book_shows_what_the_programs_really_print() {
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = run(BIN, &["client", "127.0.0.1", &port, "hello", "你好"], "");
    let me = client_port(&out.stdout);
    server.expect_line("(6 bytes): 你好");
    server.expect_line("sent 7 bytes");
    let ports = [
        (addr.to_string(), "127.0.0.1:8888".to_string()),
        (format!("127.0.0.1:{me}"), "127.0.0.1:40123".to_string()),
        (format!("0.0.0.0:{me}"), "0.0.0.0:40123".to_string()),
    ];
    let ports: Vec<(&str, &str)> = ports
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_transcript("udp-basic-client.txt", &out.stdout, &ports);
    assert_transcript("udp-basic-server.txt", &server.seen.join("\n"), &ports);
}
