//! The sample of the chapter's "Under attack" section, from a real run: a datagram full
//! of terminal control sequences and bytes that are not text is shown escaped. And the
//! client, facing a stranger: a datagram from another address is not the reply, however it
//! arrives, and strangers cannot keep the client waiting.

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use testkit::{Noise, Running, assert_transcript, next_datagram, udp_socket};

const BIN: &str = env!("CARGO_BIN_EXE_udp-basic");

#[test]
fn a_datagram_of_control_sequences_and_broken_bytes_is_shown_escaped() {
    let (mut server, addr) = Running::server(BIN, &["server", "127.0.0.1:0"]);
    let attacker = udp_socket();
    attacker
        .send_to(b"hi\x1b[2J\x1b]0;pwned\x07 \xe2\x80\xaeevil \xff\n", addr)
        .expect("send");
    let mut reply = [0u8; 64];
    let (n, _) = attacker
        .recv_from(&mut reply)
        .expect("the server still answers");
    assert_eq!(&reply[..n], b"Receive");
    let shown = server.expect_line("(27 bytes)");
    let port = attacker.local_addr().expect("bound").port();
    let printed = shown.replace(&format!("127.0.0.1:{port}"), "127.0.0.1:51234");
    assert_transcript("udp-basic-under-attack.txt", &printed, &[]);
}

/// The client, started against a test socket that plays the server by hand.
fn client(server: SocketAddr, options: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.arg("client").arg(server.to_string()).args(options);
    Running::start(command)
}

#[test]
fn a_datagram_from_a_stranger_is_shown_as_foreign_and_does_not_shift_the_replies() {
    let server = udp_socket();
    let stranger = udp_socket();
    let addr = server.local_addr().expect("addr");
    let mut client = client(addr, &["one", "two", "three"]);
    for expected in ["one", "two", "three"] {
        let (message, from) = next_datagram(&server);
        assert_eq!(message, expected.as_bytes());
        if expected == "one" {
            // The stranger's datagram reaches the client before the real reply.
            stranger.send_to(b"spoof", from).expect("stranger's send");
            client.expect_line("foreign datagram");
        }
        // Each reply names its message, so that a reply taken for the next one shows.
        let reply = format!("re {expected}");
        server.send_to(reply.as_bytes(), from).expect("reply");
    }
    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    let stranger = stranger.local_addr().expect("addr");
    let replies: Vec<&str> = out
        .stdout
        .lines()
        .filter(|line| line.starts_with("client: from") || line.contains("foreign"))
        .collect();
    assert_eq!(
        replies,
        [
            format!("client: foreign datagram from {stranger} (5 bytes), ignored"),
            format!("client: from {addr} (6 bytes): re one"),
            format!("client: from {addr} (6 bytes): re two"),
            format!("client: from {addr} (8 bytes): re three"),
        ],
        "{out:?}"
    );
}

#[test]
fn strangers_cannot_keep_the_client_waiting_past_its_timeout() {
    let server = udp_socket();
    let addr = server.local_addr().expect("addr");
    let client = client(addr, &["hello", "--timeout", "1"]);
    let (_, from) = next_datagram(&server);
    // A stranger sends every 100 ms until the client is done; the server never replies.
    let started = Instant::now();
    let stranger = Noise::start(from);
    let out = client.finish();
    let took = started.elapsed();
    drop(stranger);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with(&format!("error: no reply from {addr} within 1 s")),
        "{out:?}"
    );
    assert!(out.stdout.contains("foreign datagram from"), "{out:?}");
    assert!(took < Duration::from_secs(5), "the client waited {took:?}");
}
