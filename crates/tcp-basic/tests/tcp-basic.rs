//! tcp-basic, run as a student runs it: the real binary, real sockets on loopback, and the
//! outside peers the tutorials use (nc, Python written as in the tutorials).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener};
use std::process::Command;

use testkit::{
    Running, assert_transcript, connect, pairs, python_peer, python_server, read_to_close, run,
    run_python,
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

/// Everything the server answers to one message, read until it closes: the message, then
/// shutdown(SHUT_WR), so the server sees the end and closes too.
fn answer_to(addr: SocketAddr, message: &[u8]) -> Vec<u8> {
    let mut raw = connect(addr);
    raw.write_all(message).expect("send");
    let mut first = [0u8; 1];
    raw.read_exact(&mut first).expect("the answer's first byte");
    raw.shutdown(Shutdown::Write).expect("shutdown");
    let mut answer = first.to_vec();
    answer.extend(read_to_close(&mut raw));
    answer
}

#[test]
fn reply_sends_exactly_the_text_given() {
    // Tutorial 000's server answers the 4 bytes `over`, no newline.
    let (_server, addr) = server(&["--reply", "over"]);
    assert_eq!(answer_to(addr, b"ping"), b"over");
    // A newline only when it is part of the text, as bash's $'over\n' makes it.
    let (_server, addr) = server(&["--reply", "over\n"]);
    assert_eq!(answer_to(addr, b"ping"), b"over\n");
    // The default answer keeps this project's convention: one line.
    let (_server, addr) = server(&[]);
    assert_eq!(answer_to(addr, b"ping"), b"received 4 bytes\n");
}

#[test]
fn the_tutorials_client_gets_over_and_nothing_more() {
    testkit::need!("python3");
    let (mut server, addr) = server(&["--reply", "over"]);
    let out = run_python(
        "tcp_client.py",
        &["127.0.0.1", &addr.port().to_string(), "hello"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    // print("reply:", data.decode()): one line, no second (empty) one from a newline.
    assert_eq!(out.stdout, "reply: over", "{out:?}");
    server.expect_line("sent 4 bytes to 127.0.0.1:");
}

#[test]
fn a_line_typed_into_nc_gets_a_reply() {
    let nc = testkit::need!("nc");
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
    testkit::need!("python3");
    let (mut server, addr) = server(&[]);
    let out = run_python(
        "tcp_client.py",
        &["127.0.0.1", &addr.port().to_string(), "hello from python"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.trim_end(), "reply: received 17 bytes", "{out:?}");
    server.expect_line(": hello from python");
}

#[test]
fn our_client_talks_to_a_python_server_from_the_tutorials() {
    testkit::need!("python3");
    let (mut server, addr) = python_server("tcp_server.py", &[]);
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
    // --reply sends exactly "ok": 2 bytes, one whole framed message each time.
    assert_eq!(out.stdout.matches("received 2 bytes").count(), 2, "{out:?}");
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
    server.expect_line("closed the connection");
    server.expect_line("waiting for a client");
    book(
        "tcp-basic-trace-server.txt",
        &server.seen,
        addr,
        "8888",
        &server.seen,
    );
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
    // Each client's last line, found by its address: "{me} closed the connection (...);
    // connection closed" or "lost {me}: ...; connection closed".
    let ending = |server: &mut Running, me: SocketAddr| {
        for _ in 0..100 {
            let line = server.expect_line(&me.to_string());
            if line.ends_with("; connection closed") {
                return line;
            }
        }
        panic!("no ending for {me}: {:#?}", server.seen)
    };

    // Connects and leaves at once.
    let quick = connect(addr);
    let me = quick.local_addr().expect("addr");
    drop(quick);
    server.expect_line(&format!("connection from {me}"));
    let line = ending(&mut server, me);
    assert!(
        line.ends_with("(recv returned 0 bytes); connection closed"),
        "{line}"
    );

    // Sends bytes that are not text, control characters and bidi overrides: answered as
    // usual, and logged escaped, never raw to the terminal.
    let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe\u{85}";
    let table = [
        (
            &[0xff, 0xfe, 0x00, 0x41][..],
            "\u{fffd}\u{fffd}\\u{0}A (bytes that are not valid utf-8 are shown as \u{fffd})",
        ),
        (
            hostile.as_bytes(),
            r"\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe\u{85}",
        ),
    ];
    for (bytes, shown) in table {
        let mut raw = connect(addr);
        let me = raw.local_addr().expect("addr");
        raw.write_all(bytes).expect("send");
        let mut buf = [0u8; 64];
        let n = raw.read(&mut buf).expect("a reply");
        assert_eq!(
            &buf[..n],
            format!("received {} bytes\n", bytes.len()).as_bytes()
        );
        drop(raw);
        let got = server.expect_line(&format!("received {} bytes from {me}: ", bytes.len()));
        assert!(got.ends_with(&format!("{me}: {shown}")), "{got:?}");
        ending(&mut server, me);
    }

    // Sends 1 MB and closes without reading a reply: the replies meet a closed socket,
    // which answers with a reset, and the server loses the client in one line.
    let mut big = connect(addr);
    let me = big.local_addr().expect("addr");
    big.write_all(&vec![b'x'; 1 << 20]).expect("send 1 MB");
    drop(big);
    let line = server.expect_line(&format!("server: lost {me}: "));
    assert!(line.ends_with("; connection closed"), "{line}");

    // Resets the connection before sending anything.
    let rude = connect(addr);
    let me = rude.local_addr().expect("addr");
    testkit::reset(rude);
    let line = ending(&mut server, me);
    assert!(
        line.ends_with(": connection reset by peer; connection closed"),
        "{line}"
    );

    // And the next client is served as usual.
    let out = run(BIN, &["client", &addr.to_string(), "still alive?"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("received 12 bytes"), "{out:?}");
}

#[test]
fn a_silent_client_is_dropped_after_idle_seconds() {
    let (mut server, addr) = server(&["--idle", "0.3"]);
    let mut silent = connect(addr);
    server.expect_line("sent nothing for 0.3 s (--idle), dropping it");
    assert_eq!(
        read_to_close(&mut silent),
        b"",
        "the server closed the connection"
    );
    let out = run(BIN, &["client", &addr.to_string(), "next"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}

/// A timeout per recv() restarts with every byte: a client that sends one byte at a time,
/// each well within --idle, is still dropped at --max-time, and the next client is served.
#[test]
fn a_client_dribbling_bytes_is_dropped_at_max_time() {
    let (mut server, addr) = server(&["--idle", "2", "--max-time", "1"]);
    let mut dribbler = connect(addr);
    let mut sent = 0;
    let mut reply = [0u8; 64];
    // At most 100 bytes, one every 50 ms (a slow peer on purpose), until the server closes.
    for _ in 0..100 {
        if dribbler.write_all(b"x").is_err() {
            break;
        }
        sent += 1;
        match dribbler.read(&mut reply) {
            Ok(n) if n > 0 => assert_eq!(&reply[..n], b"received 1 bytes\n"),
            _ => break,
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        sent > 1,
        "the server answered {sent} byte(s) before closing"
    );
    let line = server.expect_line("dropping it");
    assert!(
        line.ends_with("is still connected after 1 s (--max-time), dropping it; connection closed"),
        "{line}"
    );
    let out = run(BIN, &["client", &addr.to_string(), "next"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}

/// A client that sends and never reads our answers: once the buffers are full our send()
/// waits, and gives up after --idle.
#[test]
fn a_client_that_never_reads_is_dropped_after_idle_seconds() {
    let answer = "a".repeat(60_000);
    let options = ["--idle", "0.5", "--reply", &answer, "--framed", "--quiet"];
    let (mut server, addr) = server(&options);
    let mut deaf = connect(addr);
    // Framed, each message of ours is answered on its own, with 60 kB: 400 of them (24 MB)
    // overfill the loopback buffers, and the server's send() waits. All 400 go in one
    // send, so the server never waits to read before its sends stall.
    let messages = [0, 0, 0, 5, b'h', b'e', b'l', b'l', b'o'].repeat(400);
    deaf.write_all(&messages).expect("400 messages");
    server.expect_line("read nothing we sent for 0.5 s (--idle), dropping it");
    drop(deaf);
    let out = run(BIN, &["client", &addr.to_string(), "--framed", "next"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}

/// Run the binary with `args`; it must exit with `code` and a stderr starting `first_line`,
/// one line for a runtime error, never a panic.
fn refused(args: &[&str], code: i32, first_line: &str) {
    let out = run(BIN, args, "");
    assert_eq!(out.code, Some(code), "{args:?}: {out:?}");
    assert!(out.stderr.starts_with(first_line), "{args:?}: {out:?}");
    assert!(!out.stderr.contains("panicked"), "{args:?}: {out:?}");
    if code == 1 {
        assert_eq!(out.stderr.lines().count(), 1, "one line: {out:?}");
    }
}

#[test]
fn bad_input_gets_one_clear_line_and_the_right_exit_code() {
    let (_server, taken) = server(&[]);
    let taken = taken.to_string();
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").to_string()
        // dropped here: nothing listens on that port any more
    };
    refused(
        &["client", "no-such-host.invalid:8888", "hi"],
        1,
        r#"error: cannot resolve host "no-such-host.invalid": no such host"#,
    );
    refused(
        &["client", "127.0.0.1:99999", "hi"],
        2,
        r#"error: invalid port "99999" in "127.0.0.1:99999": expected 0-65535"#,
    );
    refused(
        &["server", &taken],
        1,
        &format!(
            "error: cannot bind {taken}: address already in use (another server is listening there: stop it, or pick another port)"
        ),
    );
    refused(
        &["client", &closed, "hi"],
        1,
        &format!(
            "error: cannot connect to {closed}: connection refused (is the server running, and on that port?)"
        ),
    );
    refused(
        &["client", "127.0.0.1:1", "--burst", "3"],
        2,
        "error: --burst sends one message N times",
    );
    refused(
        &["client", "127.0.0.1", "notaport", "hi"],
        2,
        r#"error: expected a port after host "127.0.0.1", got "notaport""#,
    );
    refused(
        &["server", "--reply", ""],
        2,
        "error: --reply '' would send nothing",
    );
    refused(
        &["client", ":1", "--send-only", "--burst", "2", "x"],
        2,
        "error: the argument '--send-only' cannot be used with '--burst <N>'",
    );
    let huge = "x".repeat(70_000);
    refused(
        &["server", "--framed", "--reply", &huge],
        2,
        "error: --reply of 70000 bytes is over the 65536 bytes a --framed client accepts",
    );
    refused(
        &["server", "--backlog", "0"],
        2,
        "error: invalid value '0' for '--backlog",
    );
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
        out.stderr
            .starts_with(&format!("error: no whole reply from {addr} within 0.3 s")),
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

/// Tutorial 001's conversation: the server's operator types each answer; `byebye` from either side ends
/// that conversation and the server goes back to accept().
#[test]
fn interactive_answers_are_typed_and_byebye_from_either_side_ends_the_talk() {
    testkit::need!("python3");
    let (mut server, addr) = server(&["--interactive"]);
    let port = addr.port().to_string();

    // The client says byebye.
    let mut first = python_peer("tcp_byebye_client.py", &["127.0.0.1", &port]);
    first.send_line("hello");
    server.expect_line(": hello");
    server.send_line("hi, who is there?");
    first.expect_line("the server says: hi, who is there?");
    first.send_line("byebye");
    server.expect_line("said byebye; connection closed");
    server.expect_line("waiting for a client in accept()");
    let out = first.finish();
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "{out:?}");

    // The server says byebye, sent as typed: 6 bytes, no newline.
    let mut second = python_peer("tcp_byebye_client.py", &["127.0.0.1", &port]);
    second.send_line("still there?");
    server.expect_line(": still there?");
    server.send_line("byebye");
    second.expect_line("the server says: byebye");
    let out = second.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("client closed"), "{out:?}");
    let sent = server.expect_line("sent 6 bytes to 127.0.0.1:");
    assert!(sent.ends_with(": byebye"), "{sent}");
    server.expect_line("we said byebye to 127.0.0.1:");
    server.expect_line("waiting for a client in accept()");

    // With nobody left to type (end of input), the next message ends the server.
    server.close_stdin();
    let mut third = python_peer("tcp_byebye_client.py", &["127.0.0.1", &port]);
    third.send_line("anyone?");
    server.expect_line("(end of input); connection closed");
    server.expect_line("nobody is left to type answers, stopping");
    assert_eq!(server.finish().code, Some(0));
}

/// Tutorial 001's one-message pair, both ways: a client that sends once and closes without reading, and a
/// server that prints and closes without answering. Nobody reports an error.
#[test]
fn the_send_only_pair_ends_without_an_error_either_way() {
    testkit::need!("python3");
    // The tutorial's client against --silent.
    let (mut server, addr) = server(&["--silent"]);
    let port = addr.port().to_string();
    let out = python_peer("tcp_send_once.py", &["127.0.0.1", &port, "hello"]).finish();
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "sent and closed"),
        "{out:?}"
    );
    server.expect_line(": hello");
    let ending = server.expect_line("connection closed");
    assert!(
        ending.ends_with("(recv returned 0 bytes); connection closed"),
        "{ending}"
    );
    assert!(
        !server.seen.iter().any(|line| line.contains(" sent ")),
        "--silent never answers: {:#?}",
        server.seen
    );

    // Our --send-only client against the tutorial's server.
    let (mut tutorial, addr) = python_server("tcp_print_server.py", &[]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--send-only", "hello"],
        "",
    );
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "{out:?}");
    assert!(
        out.stdout.contains("sent everything (--send-only)"),
        "{out:?}"
    );
    tutorial.expect_line("127.0.0.1 sent: hello");
    assert_eq!(tutorial.finish().code, Some(0));
}

/// The listening socket's queue as `ss -ltn` shows it: Recv-Q (connections waiting for
/// accept()) and Send-Q (the backlog).
#[cfg(target_os = "linux")]
fn listen_queue(ss: &str, addr: SocketAddr) -> (u32, u32) {
    let filter = format!("sport = :{}", addr.port());
    let out = run(ss, &["-Hltn", &filter], "");
    let fields: Vec<&str> = out.stdout.split_whitespace().collect();
    assert!(fields.len() >= 3 && fields[0] == "LISTEN", "{out:?}");
    let number = |i: usize| fields[i].parse::<u32>().expect("a count");
    (number(1), number(2))
}

/// Tutorial 002's pair: gbk text, listen(128), "thank you !" (11 bytes, no newline), one client.
#[cfg(target_os = "linux")]
#[test]
fn the_tutorials_gbk_client_meets_our_gbk_server_with_listen_128() {
    let ss = testkit::need!("ss");
    testkit::need!("python3");
    let gbk = [
        "--backlog",
        "128",
        "--encoding",
        "gbk",
        "--once",
        "--reply",
        "thank you !",
    ];
    let (mut server, addr) = server(&gbk);
    server.expect_line("listen(128): done");
    assert_eq!(
        listen_queue(&ss, addr),
        (0, 128),
        "ss shows the backlog as Send-Q"
    );
    // input() three times, as the tutorial asks: ip, port, message.
    let typed = format!("127.0.0.1\n{}\n你好\n", addr.port());
    let out = run_python("tcp_gbk_client.py", &[], &typed);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "received: thank you !"),
        "{out:?}"
    );
    let got = server.expect_line(": 你好");
    assert!(
        got.starts_with("server: received 4 bytes from 127.0.0.1:"),
        "{got}"
    );
    server.expect_line("sent 11 bytes to 127.0.0.1:");
    assert_eq!(
        server.finish().code,
        Some(0),
        "--once: one client, then exit"
    );
}

#[test]
fn our_gbk_client_talks_to_the_tutorials_gbk_server() {
    testkit::need!("python3");
    let (mut tutorial, addr) = python_server("tcp_gbk_server.py", &[]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--encoding", "gbk", "你好"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("sent 4 bytes"), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("received 11 bytes from {addr}: thank you !")),
        "{out:?}"
    );
    tutorial.expect_line("received: 你好");
}

/// Linux keeps backlog + 1 finished connections waiting for accept(); the next client's
/// SYN is dropped, so it waits in SYN-SENT and its connect() times out.
#[cfg(target_os = "linux")]
#[test]
fn a_full_listen_queue_leaves_the_next_client_waiting_to_connect() {
    let ss = testkit::need!("ss");
    let (mut server, addr) = server(&["--backlog", "1"]);
    let _served = connect(addr);
    server.expect_line("connection from");
    // The server now waits in recv() for that client; two more wait for accept().
    let _queued = [connect(addr), connect(addr)];
    assert_eq!(listen_queue(&ss, addr), (2, 1), "backlog 1 holds two");
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--timeout", "1", "hello"],
        "",
    );
    out.assert_error(1, &format!("error: cannot connect to {addr}: timed out"));
}

/// A close with data still unread sends a reset (RST) instead of a FIN: the server then
/// hears "connection reset by peer". (The book's Try this on ten sends.)
#[test]
fn closing_with_the_answer_unread_resets_the_connection() {
    testkit::need!("python3");
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = python_peer("tcp_unread_close.py", &["127.0.0.1", &port, "hello"]).finish();
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "answer waiting, unread"),
        "{out:?}"
    );
    server.expect_line("sent 17 bytes to 127.0.0.1:");
    let ending = server.expect_line("connection closed");
    assert!(
        ending.ends_with(": connection reset by peer; connection closed"),
        "{ending}"
    );
}

/// The keyboard client notices that the server closed before asking for the next line.
#[test]
fn the_keyboard_client_notices_the_server_closing_before_the_next_line() {
    testkit::need!("python3");
    let (mut tutorial, addr) = python_server("tcp_server.py", &[]);
    let mut client = Running::start(cmd(&["client", &addr.to_string()]));
    client.send_line("hello");
    client.expect_line(&format!("received 4 bytes from {addr}: over"));
    tutorial.expect_line("got: hello");
    // No second line is typed: the client says so on its own, and ends cleanly.
    client.expect_line(&format!(
        "the server at {addr} closed the connection: no more messages"
    ));
    let out = client.finish();
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "{out:?}");
}

/// Compare `printed` with the book's transcript `name`, the ports written as the book
/// writes them: the server's `addr` as 127.0.0.1:`port`, and each client, in the order
/// the server's `connection from` lines met them, as 127.0.0.1:51234, :51236 ...
fn book(name: &str, printed: &[String], addr: SocketAddr, port: &str, server_log: &[String]) {
    let mut ports = vec![(addr.to_string(), format!("127.0.0.1:{port}"))];
    let clients = server_log
        .iter()
        .filter_map(|line| line.split_once("connection from "))
        .map(|(_, client)| client.to_string());
    for (i, client) in clients.enumerate() {
        ports.push((client, format!("127.0.0.1:{}", 51234 + 2 * i)));
    }
    let ports = pairs(&ports);
    assert_transcript(name, &printed.join("\n"), &ports);
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// The chapter's sticky packets: the server busy with one client (nc in the book) while
/// the burst waits in the queue, so its five sends pile up and come out in one read.
#[test]
fn the_book_shows_a_burst_stuck_together_and_framed_apart() {
    for framed in [false, true] {
        let flags: &[&str] = if framed { &["--framed"] } else { &[] };
        let (mut server, addr) = server(flags);
        let busy = connect(addr);
        server.expect_line("connection from");
        let mut args = vec!["client".to_string(), addr.to_string()];
        args.extend(flags.iter().map(|f| f.to_string()));
        args.extend(["--burst", "5", "hello"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut client = Running::start(cmd(&args));
        client.expect_line("back to back, then shutdown(SHUT_WR)");
        drop(busy);
        let out = client.finish();
        assert_eq!(out.code, Some(0), "{out:?}");
        server.expect_line("closed the connection");
        server.expect_line("closed the connection");
        server.expect_line("waiting for a client");
        let kind = if framed { "framed" } else { "burst" };
        let log = server.seen.clone();
        book(
            &format!("tcp-basic-{kind}-server.txt"),
            &log,
            addr,
            "8888",
            &log,
        );
        book(
            &format!("tcp-basic-{kind}-client.txt"),
            &lines(&out.stdout),
            addr,
            "8888",
            &log,
        );
    }
}

/// The chapter's typed conversation (tutorial 001's) with our own client: the first client
/// says byebye, the second hears it from the server.
#[test]
fn the_book_shows_an_interactive_conversation() {
    let (mut server, addr) = server(&["--interactive"]);
    let client = ["client", &addr.to_string(), "--timeout", "120"].map(String::from);
    let client: Vec<&str> = client.iter().map(String::as_str).collect();
    let mut first = Running::start(cmd(&client));
    first.send_line("hello");
    server.expect_line(": hello");
    server.send_line("hi, who is there?");
    first.expect_line(": hi, who is there?");
    first.send_line("byebye");
    server.expect_line("waiting for a client");
    let first = first.finish();

    let mut second = Running::start(cmd(&client));
    second.send_line("still there?");
    server.expect_line(": still there?");
    server.send_line("byebye");
    let second = second.finish();
    server.expect_line("we said byebye");
    server.expect_line("waiting for a client");
    assert_eq!(
        (first.code, second.code),
        (Some(0), Some(0)),
        "{first:?} {second:?}"
    );
    let log = server.seen.clone();
    book("tcp-basic-interactive-server.txt", &log, addr, "8888", &log);
    book(
        "tcp-basic-interactive-client-1.txt",
        &lines(&first.stdout),
        addr,
        "8888",
        &log,
    );
    book(
        "tcp-basic-interactive-client-2.txt",
        &lines(&second.stdout),
        addr,
        "8888",
        &log,
    );
}

/// The chapter's send-only pair (tutorial 001's one-message pair): nobody answers, nobody reads, no error.
#[test]
fn the_book_shows_the_send_only_pair() {
    let (mut server, addr) = server(&["--silent"]);
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--send-only", "hello"],
        "",
    );
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "{out:?}");
    server.expect_line("closed the connection");
    server.expect_line("waiting for a client");
    let log = server.seen.clone();
    book("tcp-basic-silent-server.txt", &log, addr, "8888", &log);
    book(
        "tcp-basic-send-only-client.txt",
        &lines(&out.stdout),
        addr,
        "8888",
        &log,
    );
}

/// The chapter's pair from tutorial 002: gbk, listen(128), "thank you !", port 7788 in the book.
#[test]
fn the_book_shows_the_gbk_pair_of_tutorial_002() {
    let gbk = [
        "--backlog",
        "128",
        "--encoding",
        "gbk",
        "--once",
        "--reply",
        "thank you !",
    ];
    let (server, addr) = server(&gbk);
    let client = ["client", &addr.to_string(), "--encoding", "gbk", "你好"];
    let out = run(BIN, &client, "");
    assert_eq!(out.code, Some(0), "{out:?}");
    let done = server.finish();
    assert_eq!(done.code, Some(0), "{done:?}");
    let log = lines(&done.stdout);
    book("tcp-basic-gbk-server.txt", &log, addr, "7788", &log);
    book(
        "tcp-basic-gbk-client.txt",
        &lines(&out.stdout),
        addr,
        "7788",
        &log,
    );
}

/// The chapter's reset: a client closes with the answer unread (tests/interop/tcp_unread_close.py).
#[test]
fn the_book_shows_a_reset_from_a_close_with_unread_data() {
    testkit::need!("python3");
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = python_peer("tcp_unread_close.py", &["127.0.0.1", &port, "hello"]).finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    server.expect_line("connection reset by peer");
    server.expect_line("waiting for a client");
    let log = server.seen.clone();
    book("tcp-basic-reset-server.txt", &log, addr, "8888", &log);
}

/// The chapter's keyboard client meeting a server that answers once and closes (tutorial 000's).
#[test]
fn the_book_shows_the_client_noticing_a_closed_server() {
    testkit::need!("python3");
    let (mut tutorial, addr) = python_server("tcp_server.py", &[]);
    let mut client = Running::start(cmd(&["client", &addr.to_string()]));
    client.send_line("hello");
    client.expect_line("closed the connection: no more messages");
    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    tutorial.expect_line("got: hello");
    let printed = lines(&out.stdout);
    let me = client_port_line(&printed);
    let log = vec![format!("connection from {me}")];
    book("tcp-basic-closed-client.txt", &printed, addr, "8888", &log);
}

/// The client's own address, from its `connected from ADDR` line.
fn client_port_line(printed: &[String]) -> String {
    let line = printed
        .iter()
        .find_map(|line| line.split_once("connected from "))
        .expect("a connected from line");
    line.1
        .split_whitespace()
        .next()
        .expect("an address")
        .to_string()
}

/// SO_REUSEADDR lets a bind through a TIME_WAIT only when the socket that left it had set
/// the option too: after our own server closed first, we bind again at once; after a
/// tutorial-style Python server (which never sets it) closed first, the port is held.
#[test]
fn time_wait_blocks_a_bind_only_after_a_server_without_so_reuseaddr() {
    testkit::need!("python3");
    // Our server closes first (on byebye), then stops; a new one binds the port at once.
    let (ours, addr) = server(&[]);
    let mut raw = connect(addr);
    raw.write_all(b"byebye").expect("send");
    assert_eq!(read_to_close(&mut raw), b"", "the server closed first");
    drop(raw);
    drop(ours);
    let (_again, same) = Running::server(BIN, &["server", &addr.to_string()]);
    assert_eq!(same, addr);

    // The tutorial's server closes first, without SO_REUSEADDR, then exits.
    let (mut tutorial, addr) = python_server("tcp_gbk_server.py", &[]);
    let mut raw = connect(addr);
    raw.write_all(b"hi").expect("send");
    assert_eq!(
        read_to_close(&mut raw),
        b"thank you !",
        "the server closed first"
    );
    drop(raw);
    tutorial.expect_line("received: hi");
    assert_eq!(tutorial.finish().code, Some(0));
    let out = run(BIN, &["server", &addr.to_string()], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot bind {addr}: address already in use (nothing listens there, but a closed connection still holds the port in TIME_WAIT"
        )),
        "{out:?}"
    );
}

/// A flood of connections costs the server no thread and no memory of its own: they wait
/// in the kernel's listen queue, are served one after another, and the next client is
/// served as usual.
#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_connections_is_served_one_by_one_on_one_thread() {
    let (mut server, addr) = server(&["--backlog", "256", "--quiet"]);
    let flood: Vec<_> = (0..200).map(|_| connect(addr)).collect();
    let last = flood
        .last()
        .expect("200 connections")
        .local_addr()
        .expect("addr");
    drop(flood);
    server.expect_line(&format!("{last} closed the connection"));
    assert_eq!(
        testkit::thread_count(server.id()),
        1,
        "one thread serves them all"
    );
    let out = run(BIN, &["client", &addr.to_string(), "after the flood"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
}
