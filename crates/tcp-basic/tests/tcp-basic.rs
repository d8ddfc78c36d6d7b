//! tcp-basic, run as a student runs it: the real binary, real sockets on loopback, and the
//! outside peers the tutorials use (nc, Python written as in the tutorials).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::process::Command;

use common::testing::{
    Running, assert_transcript, connect, interop_script, read_to_close, require_program, run,
};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-basic");

fn server(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["server", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

/// The client's own address, from its `connected from ADDR` line.
fn client_addr(client: &mut Running) -> String {
    let line = client.expect_line("connected from ");
    let after = line
        .split("connected from ")
        .nth(1)
        .expect("address follows");
    after
        .split_whitespace()
        .next()
        .expect("an address")
        .to_string()
}

#[test]
fn client_and_server_talk_and_the_server_says_each_step() {
    let (mut server, addr) = server(&["--once"]);
    let out = run(BIN, &["client", &addr.to_string(), "hello", "你好"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: connecting to {addr}")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("(getsockname) to {addr} (getpeername)")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: sent 5 bytes to {addr}: hello")),
        "{out:?}"
    );
    assert!(
        out.stdout.contains(&format!(
            "client: received 17 bytes from {addr}: received 5 bytes\\n"
        )),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: sent 6 bytes to {addr}: 你好")),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("client: closing the connection"),
        "{out:?}"
    );

    let peer = server.expect_line("server: connection from ");
    let peer = peer.rsplit(' ').next().expect("peer address").to_string();
    server.expect_line(&format!("server: received 5 bytes from {peer}: hello"));
    server.expect_line(&format!(
        "server: sent 17 bytes to {peer}: received 5 bytes\\n"
    ));
    server.expect_line(&format!("server: received 6 bytes from {peer}: 你好"));
    server.expect_line(&format!(
        "{peer} closed the connection (recv returned 0 bytes)"
    ));
    let done = server.finish();
    assert_eq!(
        done.code,
        Some(0),
        "--once exits after one client: {done:?}"
    );
    assert!(done.stdout.contains("served one client (--once): stopping"));
}

#[test]
fn the_listening_line_comes_first_and_names_the_real_port() {
    let (mut server, addr) = server(&[]);
    assert_ne!(
        addr.port(),
        0,
        "port 0 is replaced by the port the system chose"
    );
    assert_eq!(server.seen[0], format!("server: listening on {addr}"));
    server.expect_line("socket(), bind(");
    server.expect_line("loopback only");
}

#[test]
fn binding_every_interface_says_other_machines_can_connect() {
    let (mut server, addr) = Running::server(BIN, &["server", "0.0.0.0:0"]);
    assert!(addr.ip().is_unspecified());
    server.expect_line("other machines on your network can reach it");
}

#[test]
fn ipv6_loopback_works_too() {
    let (_server, addr) = Running::server(BIN, &["server", "[::1]:0"]);
    assert!(addr.is_ipv6());
    let out = run(BIN, &["client", &addr.to_string(), "six"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("received 3 bytes"), "{out:?}");
}

#[test]
fn the_client_reads_stdin_lines_until_an_empty_line() {
    let (_server, addr) = server(&[]);
    let out = run(
        BIN,
        &["client", &addr.to_string()],
        "one\ntwo\n\nnever sent\n",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains(": one"), "{out:?}");
    assert!(out.stdout.contains(": two"), "{out:?}");
    assert!(out.stdout.contains("empty line: done"), "{out:?}");
    assert!(!out.stdout.contains("never sent"), "{out:?}");
    // No prompt: stdin is not a terminal.
    assert!(!out.stdout.contains("message>"), "{out:?}");
}

#[test]
fn the_client_ends_cleanly_at_end_of_input() {
    let (_server, addr) = server(&[]);
    let out = run(
        BIN,
        &["client", &addr.to_string()],
        "last line without newline",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("sent 25 bytes"), "{out:?}");
    assert!(out.stdout.contains("closing the connection"), "{out:?}");
}

#[test]
fn byebye_ends_the_conversation_and_the_server_serves_the_next_client() {
    let (mut server, addr) = server(&[]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "hi", "byebye", "not sent"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("said byebye"), "{out:?}");
    assert!(!out.stdout.contains("not sent"), "{out:?}");
    server.expect_line("said byebye; connection closed");

    // A raw client saying byebye sees the server close the connection, without a reply.
    let mut raw = connect(addr);
    raw.write_all(b"byebye").expect("send");
    assert_eq!(read_to_close(&mut raw), b"");
    server.expect_line("said byebye");

    let again = run(BIN, &["client", &addr.to_string(), "still there?"], "");
    assert_eq!(again.code, Some(0), "{again:?}");
}

#[test]
fn reply_sets_the_answer_text() {
    let (_server, addr) = server(&["--reply", "over"]);
    let mut raw = connect(addr);
    raw.write_all(b"ping").expect("send");
    let mut buf = [0u8; 1024];
    let n = raw.read(&mut buf).expect("reply");
    assert_eq!(&buf[..n], b"over\n");
}

#[test]
fn a_line_typed_into_nc_gets_a_reply() {
    let nc = require_program("nc", "netcat-openbsd");
    let (mut server, addr) = server(&[]);
    // -N: after end of input, shut down our sending side and wait for the server to close.
    let out = run(
        &nc,
        &["-N", "127.0.0.1", &addr.port().to_string()],
        "hello from nc\n",
    );
    assert_eq!(out.stdout, "received 14 bytes", "{out:?}");
    let line = server.expect_line(": hello from nc\\n");
    assert!(
        line.starts_with("server: received 14 bytes from 127.0.0.1:"),
        "{line}"
    );
}

#[test]
fn a_python_client_from_the_tutorials_gets_a_reply() {
    let python = require_program("python3", "python3");
    let (mut server, addr) = server(&[]);
    let out = run(
        &python,
        &[
            &interop_script("tcp_client.py"),
            "127.0.0.1",
            &addr.port().to_string(),
            "hello from python",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.trim_end(), "reply: received 17 bytes", "{out:?}");
    server.expect_line(": hello from python");
}

#[test]
fn our_client_talks_to_a_python_server_from_the_tutorials() {
    let python = require_program("python3", "python3");
    let (mut server, addr) = Running::server(&python, &[&interop_script("tcp_server.py")]);
    let out = run(BIN, &["client", &addr.to_string(), "hello"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("received 4 bytes from {addr}: over")),
        "{out:?}"
    );
    server.expect_line("got: hello");
}

#[test]
fn a_burst_of_sends_arrives_merged_in_fewer_reads() {
    let (mut server, addr) = server(&[]);
    // Keep the server busy with another client, so the burst waits in the kernel's buffer.
    let blocker = connect(addr);
    server.expect_line("connection from");
    let mut client = Running::start(cmd(&["client", &addr.to_string(), "--burst", "5", "hello"]));
    let me = client_addr(&mut client);
    client.expect_line("sent 5 messages of 5 bytes back to back");
    drop(blocker);

    server.expect_line(&format!("connection from {me}"));
    let ending = server.expect_line(&format!("{me} closed the connection"));
    let reads: Vec<&String> = server
        .seen
        .iter()
        .filter(|line| line.starts_with("server: received ") && line.contains(&me))
        .collect();
    assert!(!reads.is_empty(), "{ending}");
    assert!(
        reads.len() < 5,
        "five sends should arrive in fewer reads: {reads:#?}"
    );
    let bytes: usize = reads
        .iter()
        .map(|line| {
            line["server: received ".len()..]
                .split(' ')
                .next()
                .expect("count")
        })
        .map(|count| count.parse::<usize>().expect("a byte count"))
        .sum();
    assert_eq!(bytes, 25, "every byte arrives: {reads:#?}");
    assert!(
        reads.iter().any(|line| line.contains("hellohello")),
        "{reads:#?}"
    );

    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    let noun = if reads.len() == 1 { "reply" } else { "replies" };
    let summary = format!("5 messages sent, {} {noun} received", reads.len());
    assert!(out.stdout.contains(&summary), "{out:?}");
}

#[test]
fn framed_messages_arrive_one_by_one_however_they_were_sent() {
    let (mut server, addr) = server(&["--framed"]);
    let blocker = connect(addr);
    server.expect_line("connection from");
    let mut client = Running::start(cmd(&[
        "client",
        &addr.to_string(),
        "--framed",
        "--burst",
        "5",
        "hello",
    ]));
    let me = client_addr(&mut client);
    client.expect_line("back to back");
    drop(blocker);

    server.expect_line(&format!("connection from {me}"));
    server.expect_line(&format!(
        "{me} closed the connection (between two messages)"
    ));
    let messages = server
        .seen
        .iter()
        .filter(|line| line.contains(&format!("received a message of 5 bytes from {me}: hello")))
        .count();
    assert_eq!(messages, 5, "{:#?}", server.seen);
    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("5 messages sent, 5 replies received"),
        "{out:?}"
    );
}

#[test]
fn framed_conversation_round_trips() {
    let (_server, addr) = server(&["--framed", "--reply", "ok"]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--framed", "one", "two"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.matches("received 3 bytes").count(), 2, "{out:?}");
}

#[test]
fn a_framing_mismatch_is_explained_not_hung() {
    let (mut server, addr) = server(&["--framed"]);
    let out = run(BIN, &["client", &addr.to_string(), "plain"], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    server.expect_line("does the client use --framed too?");

    let (_plain, plain_addr) = self::server(&[]);
    let out = run(
        BIN,
        &["client", &plain_addr.to_string(), "--framed", "hi"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains("does the server use --framed too?"),
        "{out:?}"
    );
}

#[test]
fn trace_shows_every_read_as_hex_and_text() {
    let (mut server, addr) = server(&["--trace"]);
    let out = run(BIN, &["client", &addr.to_string(), "--trace", "AB"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: trace: sent 2 bytes to {addr}")),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("client: trace:   0000  41 42"),
        "{out:?}"
    );
    server.expect_line("server: trace: received 2 bytes from");
    let dump = server.expect_line("server: trace:   0000  41 42");
    assert!(dump.ends_with("|AB|"), "{dump}");
}

#[test]
fn quiet_drops_the_per_message_lines() {
    let (mut server, addr) = server(&["--quiet"]);
    let out = run(BIN, &["client", &addr.to_string(), "--quiet", "hush"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stdout.contains("hush"), "{out:?}");
    server.expect_line("closed the connection");
    assert!(
        !server.seen.iter().any(|line| line.contains("hush")),
        "{:#?}",
        server.seen
    );
}

#[test]
fn gbk_text_travels_as_gbk_bytes() {
    let (mut server, addr) = server(&["--encoding", "gbk"]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--encoding", "gbk", "你好"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("sent 4 bytes"),
        "gbk uses two bytes a character: {out:?}"
    );
    let line = server.expect_line(": 你好");
    assert!(
        line.starts_with("server: received 4 bytes from 127.0.0.1:"),
        "{line}"
    );

    // The same bytes read as utf-8 are not text: shown as U+FFFD, and said so.
    let (mut utf8_server, utf8_addr) = self::server(&[]);
    run(
        BIN,
        &[
            "client",
            &utf8_addr.to_string(),
            "--encoding",
            "gbk",
            "你好",
        ],
        "",
    );
    utf8_server.expect_line("bytes that are not valid utf-8 are shown as \u{fffd}");
}

#[test]
fn a_character_gbk_lacks_is_one_clear_error() {
    let (_server, addr) = server(&[]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--encoding", "gbk", "😀"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: the character '😀' (U+1F600) cannot be written in gbk: use --encoding utf-8"
    );
}

#[test]
fn the_server_survives_clients_that_misbehave() {
    let (mut server, addr) = server(&[]);

    // Connects and leaves at once.
    drop(connect(addr));
    server.expect_line("closed the connection");

    // Sends bytes that are not text.
    let mut raw = connect(addr);
    raw.write_all(&[0xff, 0xfe, 0x00, 0x41]).expect("send");
    let mut buf = [0u8; 64];
    let n = raw.read(&mut buf).expect("a reply");
    assert_eq!(&buf[..n], b"received 4 bytes\n");
    drop(raw);
    server.expect_line("shown as \u{fffd}");

    // Sends 1 MB without reading a reply.
    let mut big = connect(addr);
    big.write_all(&vec![b'x'; 1 << 20]).expect("send 1 MB");
    drop(big);
    server.expect_line("closed the connection");

    // Resets the connection mid-conversation.
    common::testing::reset(connect(addr));

    // And the next client is served as usual.
    let out = run(BIN, &["client", &addr.to_string(), "still alive?"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("received 12 bytes"), "{out:?}");
}

#[test]
fn a_silent_client_is_dropped_after_idle_seconds() {
    let (mut server, addr) = server(&["--idle", "0.3"]);
    let mut silent = connect(addr);
    server.expect_line("was silent for 0.3 s (--idle), dropping it");
    assert_eq!(
        read_to_close(&mut silent),
        b"",
        "the server closed the connection"
    );
    let out = run(BIN, &["client", &addr.to_string(), "next"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}

#[test]
fn bad_input_gets_one_clear_line_and_the_right_exit_code() {
    let (_server, taken) = server(&[]);
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
        // dropped here: nothing listens on that port any more
    };
    let cases: Vec<(Vec<String>, i32, String)> = vec![
        (
            vec![
                "client".into(),
                "no-such-host.invalid:8888".into(),
                "hi".into(),
            ],
            1,
            r#"error: cannot resolve host "no-such-host.invalid": no such host"#.into(),
        ),
        (
            vec!["client".into(), "127.0.0.1:99999".into(), "hi".into()],
            2,
            r#"error: invalid port "99999" in "127.0.0.1:99999": expected 0-65535"#.into(),
        ),
        (
            vec!["server".into(), taken.to_string()],
            1,
            format!(
                "error: cannot bind {taken}: address already in use (is another server running? pick another port)"
            ),
        ),
        (
            vec!["client".into(), closed.to_string(), "hi".into()],
            1,
            format!(
                "error: cannot connect to {closed}: connection refused (is the server running, and on that port?)"
            ),
        ),
        (
            vec!["client".into(), "--burst".into(), "3".into()],
            2,
            "error: --burst sends one message N times".into(),
        ),
        (
            vec!["server".into(), "--backlog".into(), "0".into()],
            2,
            "error: invalid value '0' for '--backlog".into(),
        ),
    ];
    for (args, code, first_line) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(BIN, &args, "");
        assert_eq!(out.code, Some(code), "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(&first_line), "{args:?}: {out:?}");
        assert!(!out.stderr.contains("panicked"), "{args:?}: {out:?}");
        if code == 1 {
            assert_eq!(out.stderr.lines().count(), 1, "one line: {out:?}");
        }
    }
}

#[test]
fn a_server_that_never_replies_makes_the_client_time_out() {
    let mute = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = mute.local_addr().expect("addr");
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--timeout", "0.3", "anyone?"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot receive a reply from {addr}: timed out"
        )),
        "{out:?}"
    );
}

fn cmd(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args);
    command
}

/// The book's transcripts are what the programs print, with the ports that vary from run
/// to run written as the defaults the chapter uses.
#[test]
fn the_book_shows_what_the_programs_really_print() {
    let (mut server, addr) = server(&[]);
    let mut client = Running::start(cmd(&["client", &addr.to_string(), "hello", "你好"]));
    let me = client_addr(&mut client);
    let out = client.finish();
    server.expect_line(&format!("{me} closed the connection"));
    server.expect_line("waiting for a client");
    let ports = [
        (addr.to_string(), "127.0.0.1:8888"),
        (me, "127.0.0.1:51234"),
    ];
    let ports: Vec<(&str, &str)> = ports.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    assert_transcript("tcp-basic-client.txt", &out.stdout, &ports);
    assert_transcript("tcp-basic-server.txt", &server.seen.join("\n"), &ports);
}

#[test]
fn a_client_that_leaves_mid_message_costs_one_line_and_the_server_goes_on() {
    let (mut server, addr) = server(&["--framed"]);
    let mut half = connect(addr);
    half.write_all(&[0, 0, 0, 10, b'h', b'a', b'l', b'f'])
        .expect("half a framed message");
    drop(half);
    server.expect_line("connection closed inside a message (4 of 10 bytes)");
    let out = run(BIN, &["client", &addr.to_string(), "--framed", "whole"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}
