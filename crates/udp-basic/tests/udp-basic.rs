//! udp-basic, run as a student runs it: the real binary, real datagrams on loopback, and a
//! Python client written as in the tutorials.

use std::net::SocketAddr;

use testkit::{Running, assert_transcript, pairs, python_server, run, run_python, udp_socket};

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
    server.expect_line(&format!("server: from {free} (1 byte): c"));
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

/// IPv6 carries 20 bytes more in one datagram than IPv4 (no IP header inside its 65535):
/// the server still says how long the cut datagram was.
#[test]
fn the_largest_ipv6_datagram_is_measured_right() {
    let (mut server, addr) = Running::server(BIN, &["server", "[::1]:0"]);
    let client = std::net::UdpSocket::bind("[::1]:0").expect("an IPv6 socket");
    client
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    client.send_to(&vec![b'x'; 65_527], addr).expect("send");
    server.expect_line("the datagram had 65527 bytes; recvfrom(1024) kept 1024");
    let mut buf = [0u8; 16];
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
    testkit::need!("python3");
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = run_python("udp_client.py", &["127.0.0.1", &port], "hello\n\n");
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
    let ports = pairs(&ports);
    assert_transcript("udp-basic-client.txt", &out.stdout, &ports);
    assert_transcript("udp-basic-server.txt", &server.seen.join("\n"), &ports);
}

/// A menu chat on a free port: the running program and its address.
fn menu(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["menu", "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

/// Choose `1` and answer its three questions, in the tutorial's order.
fn menu_send(chat: &mut Running, text: &str, to: SocketAddr) {
    chat.send_line("1");
    chat.send_line(text);
    chat.send_line(&to.ip().to_string());
    chat.send_line(&to.port().to_string());
}

#[test]
fn the_menu_chat_talks_with_the_tutorials_python_chat() {
    testkit::need!("python3");
    let (mut theirs, their_addr) = python_server("udp_menu_chat.py", &[]);
    let (mut ours, our_addr) = menu(&[]);

    menu_send(&mut ours, "hello python", their_addr);
    ours.expect_line(&format!(
        "menu: sent 12 bytes to {their_addr}: hello python"
    ));
    theirs.send_line("2");
    theirs.expect_line(&format!(
        ">>>('127.0.0.1', {}):hello python",
        our_addr.port()
    ));

    // Whichever comes first, the datagram waits in our queue or recvfrom() waits for it.
    ours.send_line("2");
    menu_send(&mut theirs, "你好, rust", our_addr);
    ours.expect_line(&format!("menu: from {their_addr} (12 bytes): 你好, rust"));

    theirs.send_line("0");
    assert_eq!(theirs.finish().code, Some(0));
    let out = ours.finish(); // stdin closed: the end of the input quits
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("menu: end of input: quit"), "{out:?}");
}

#[test]
fn the_menu_receives_what_queued_while_it_waited_in_order() {
    let (mut chat, addr) = menu(&[]);
    let peer = udp_socket();
    let me = peer.local_addr().expect("addr");
    peer.send_to(b"first", addr).expect("send");
    peer.send_to(b"second", addr).expect("send");
    // Both wait in the socket's queue until the keyboard chooses 2.
    chat.send_line("2");
    chat.send_line("2");
    chat.expect_line(&format!("menu: from {me} (5 bytes): first"));
    let next = chat.next_line();
    assert_eq!(next, format!("menu: from {me} (6 bytes): second"));
}

#[test]
fn the_menu_refuses_a_wrong_choice_and_a_bad_port_and_goes_on() {
    let (mut chat, addr) = menu(&["--timeout", "0.2"]);
    chat.send_line("7");
    let line = chat.expect_line("menu: no choice");
    assert_eq!(
        line,
        "menu: no choice \"7\": type 1 (send), 2 (receive) or 0 (quit)"
    );
    chat.send_line("1");
    chat.send_line("hello");
    chat.send_line("127.0.0.1");
    chat.send_line("notaport");
    let line = chat.next_line();
    assert_eq!(
        line,
        "menu: invalid port \"notaport\" in \"127.0.0.1 notaport\": expected 0-65535; nothing sent"
    );
    chat.send_line("2");
    assert_eq!(
        chat.next_line(),
        "menu: nothing arrived within 0.2 s; back to the menu"
    );
    menu_send(&mut chat, "to myself", addr);
    chat.expect_line(&format!("menu: sent 9 bytes to {addr}: to myself"));
    chat.send_line("2");
    chat.expect_line(&format!("menu: from {addr} (9 bytes): to myself"));
    chat.send_line("0");
    let out = chat.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("menu: quit"), "{out:?}");
}

#[test]
fn the_tutorials_receive_once_program_on_7788_in_gbk() {
    testkit::need!("python3");
    let (mut server, addr) = server(&["--encoding", "gbk", "--once"]);
    let port = addr.port().to_string();
    let out = run_python("udp_gbk_sender.py", &["127.0.0.1", &port], "你好\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, format!("Receive\n('127.0.0.1', {port})"));
    server.expect_line("(4 bytes): 你好");
    server.expect_line("server: --once: one datagram received, closing the socket");
    let done = server.finish();
    assert_eq!(done.code, Some(0), "{done:?}");
}

#[test]
fn a_connected_client_hears_the_refusal_an_unconnected_one_never_sees() {
    let closed = udp_socket().local_addr().expect("addr"); // dropped: nobody receives there
    let out = run(
        BIN,
        &["client", &closed.to_string(), "--connect", "anyone?"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: no program receives on {closed}: its machine answered our datagram with \
             ICMP \"port unreachable\", which a connected UDP socket reports as connection \
             refused (is the server running, and on that port?)"
        )
    );
    let out = run(
        BIN,
        &["client", &closed.to_string(), "--timeout", "0.3", "anyone?"],
        "",
    );
    // The same refusal came back, and the unconnected socket ignored it.
    out.assert_error(1, &format!("error: no reply from {closed} within 0.3 s"));
}

#[test]
fn a_connected_client_still_gets_its_replies() {
    let (_server, addr) = server(&[]);
    let out = run(BIN, &["client", &addr.to_string(), "--connect", "hi"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: from {addr} (7 bytes): Receive")),
        "{out:?}"
    );
}

/// What a run printed, stdout then stderr, as a terminal shows both.
fn screen(out: &testkit::Finished) -> String {
    [out.stdout.as_str(), out.stderr.as_str()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_books_cut_lost_and_refused_samples_are_real_runs() {
    let (mut server, addr) = server(&["--buffer", "16"]);
    let out = run(
        BIN,
        &[
            "client",
            &addr.to_string(),
            "a datagram longer than sixteen bytes",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let me = client_port(&out.stdout);
    server.expect_line("the other 20 are lost");
    server.expect_line("sent 7 bytes");
    let ports = [
        (addr.to_string(), "127.0.0.1:8888".to_string()),
        (format!("127.0.0.1:{me}"), "127.0.0.1:40123".to_string()),
    ];
    assert_transcript(
        "udp-basic-cut.txt",
        &server.seen[3..].join("\n"),
        &pairs(&ports),
    );

    let closed = udp_socket().local_addr().expect("addr"); // dropped: nobody receives there
    let port = closed.port().to_string();
    let lost = run(BIN, &["client", "127.0.0.1", &port, "hello"], "");
    let refused = run(
        BIN,
        &["client", "127.0.0.1", &port, "--connect", "hello"],
        "",
    );
    let mut ports = vec![(closed.to_string(), "127.0.0.1:8888".to_string())];
    for out in [&lost, &refused] {
        assert_eq!(out.code, Some(1), "{out:?}");
        let me = client_port(&out.stdout);
        ports.push((format!("0.0.0.0:{me}"), "0.0.0.0:40123".to_string()));
        ports.push((format!("127.0.0.1:{me}"), "127.0.0.1:40123".to_string()));
    }
    assert_transcript("udp-basic-lost.txt", &screen(&lost), &pairs(&ports));
    assert_transcript("udp-basic-refused.txt", &screen(&refused), &pairs(&ports));
}

#[test]
fn the_books_menu_chat_sample_is_a_real_run() {
    let (mut first, one) = menu(&[]);
    let (mut second, two) = menu(&[]);
    menu_send(&mut second, "hello", one);
    second.expect_line("menu: sent 5 bytes");
    first.send_line("2");
    first.expect_line("menu: from");
    menu_send(&mut first, "你好, second", two);
    first.expect_line("menu: sent 14 bytes");
    second.send_line("2");
    second.expect_line("menu: from");
    first.send_line("0");
    second.send_line("0");
    let (first, second) = (first.finish(), second.finish());
    let ports = [
        (one.to_string(), "127.0.0.1:7890".to_string()),
        (two.to_string(), "127.0.0.1:7891".to_string()),
    ];
    assert_transcript("udp-basic-menu-1.txt", &first.stdout, &pairs(&ports));
    assert_transcript("udp-basic-menu-2.txt", &second.stdout, &pairs(&ports));
}

#[test]
fn the_books_receive_once_sample_is_a_real_run() {
    let (server, addr) = server(&["--encoding", "gbk", "--once"]);
    let port = addr.port().to_string();
    let client = run(
        BIN,
        &["client", "127.0.0.1", &port, "--encoding", "gbk", "你好"],
        "",
    );
    assert_eq!(client.code, Some(0), "{client:?}");
    let server = server.finish();
    assert_eq!(server.code, Some(0), "{server:?}");
    let me = client_port(&client.stdout);
    let ports = [
        (addr.to_string(), "127.0.0.1:7788".to_string()),
        (format!("127.0.0.1:{me}"), "127.0.0.1:40123".to_string()),
        (format!("0.0.0.0:{me}"), "0.0.0.0:40123".to_string()),
    ];
    assert_transcript("udp-basic-once-server.txt", &server.stdout, &pairs(&ports));
    assert_transcript("udp-basic-once-client.txt", &client.stdout, &pairs(&ports));
}

/// Terminal escapes, a bell, a carriage return and a bidi override, as a hostile peer
/// would send them.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe";
/// The same, as the programs must print it.
const ESCAPED: &str = r"\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe";

/// Text from the network never reaches the terminal raw: the server's log and the
/// client's reply line show control characters and bidi overrides escaped.
#[test]
fn control_characters_from_the_network_are_printed_escaped() {
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let me = client.local_addr().expect("addr");
    client.send_to(HOSTILE.as_bytes(), addr).expect("send");
    server.expect_line(&format!("server: from {me} (25 bytes): {ESCAPED}"));

    // A server that answers with the same bytes.
    let hostile = udp_socket();
    let hostile_addr = hostile.local_addr().expect("addr");
    let answering = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let (_, from) = hostile.recv_from(&mut buf).expect("the client's datagram");
        hostile.send_to(HOSTILE.as_bytes(), from).expect("reply");
    });
    let out = run(BIN, &["client", &hostile_addr.to_string(), "hi"], "");
    answering.join().expect("the hostile server ran");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.ends_with(&format!(
            "client: from {hostile_addr} (25 bytes): {ESCAPED}"
        )),
        "{out:?}"
    );
    assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
}
