//! udp-echo against peers that mean harm. The sample of the chapter's "Under attack"
//! section, from a real run: what the echo server shows of a datagram full of terminal
//! control sequences (the echo itself goes back byte for byte: an echo must not change what
//! it echoes). And the client, facing a stranger: a datagram from another address is not
//! the echo, however it arrives, and strangers cannot keep the client waiting.

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::time::{Duration, Instant};

use testkit::{Noise, Running, assert_transcript, next_datagram, udp_socket};

const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

#[test]
fn control_sequences_are_echoed_as_sent_and_shown_escaped() {
    let (mut server, addr) = Running::server(BIN, &["server", "127.0.0.1:0"]);
    let attacker = udp_socket();
    let hostile = b"hi\x1b[2J\x1b]0;pwned\x07 \xe2\x80\xaeevil\n";
    attacker.send_to(hostile, addr).expect("send");
    let mut echo = [0u8; 64];
    let (n, _) = attacker.recv_from(&mut echo).expect("the echo");
    assert_eq!(&echo[..n], hostile, "the echo is byte for byte");
    let shown = server.expect_line("echoed 25 bytes");
    let port = attacker.local_addr().expect("bound").port();
    let printed = shown.replace(&format!("127.0.0.1:{port}"), "127.0.0.1:51234");
    assert_transcript("udp-echo-under-attack.txt", &printed, &[]);
}

/// The client, started against a test socket that plays the echo server by hand.
fn client(server: SocketAddr, options: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.arg("client").arg(server.to_string()).args(options);
    Running::start(command)
}

#[test]
fn a_datagram_from_a_stranger_is_shown_as_foreign_and_does_not_shift_the_echoes() {
    let server = udp_socket();
    let stranger = udp_socket();
    let addr = server.local_addr().expect("addr");
    let mut client = client(addr, &["one", "two", "three"]);
    for expected in ["one", "two", "three"] {
        let (message, from) = next_datagram(&server);
        assert_eq!(message, expected.as_bytes());
        if expected == "one" {
            // The stranger's datagram reaches the client before the real echo.
            stranger.send_to(b"spoof", from).expect("stranger's send");
            client.expect_line("foreign datagram");
        }
        server.send_to(&message, from).expect("echo");
    }
    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    let stranger = stranger.local_addr().expect("addr");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("client: sent 3 bytes to {addr}: one"),
            format!("client: foreign datagram from {stranger} (5 bytes), ignored"),
            format!("client: echoed 3 bytes from {addr}: one"),
            format!("client: sent 3 bytes to {addr}: two"),
            format!("client: echoed 3 bytes from {addr}: two"),
            format!("client: sent 5 bytes to {addr}: three"),
            format!("client: echoed 5 bytes from {addr}: three"),
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
    // A stranger sends every 100 ms until the client is done; the server never echoes.
    let started = Instant::now();
    let stranger = Noise::start(from);
    let out = client.finish();
    let took = started.elapsed();
    drop(stranger);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with("error: no echo from ") && out.stderr.contains("within 1 s"),
        "{out:?}"
    );
    assert!(out.stdout.contains("foreign datagram from"), "{out:?}");
    assert!(took < Duration::from_secs(5), "the client waited {took:?}");
}

#[test]
fn an_echo_from_another_address_of_the_server_is_foreign_with_a_hint() {
    // The server's port on two addresses: the client sends to 127.0.0.2, the echo comes
    // from 127.0.0.1, as from a server bound to 0.0.0.0 whose system picks that address.
    let answering = udp_socket();
    let port = answering.local_addr().expect("addr").port();
    let asked = UdpSocket::bind(("127.0.0.2", port)).expect("bind 127.0.0.2 on the same port");
    let asked_addr = asked.local_addr().expect("addr");
    let client = client(asked_addr, &["hi", "--timeout", "1"]);
    let (message, from) = next_datagram(&asked);
    answering.send_to(&message, from).expect("echo");
    let out = client.finish();
    out.assert_error(
        1,
        &format!(
            "error: no echo from 127.0.0.2:{port} within 1 s, but a datagram came from \
             127.0.0.1:{port}: a server bound to every address answers from the one its \
             system picks; send to 127.0.0.1:{port}"
        ),
    );
}
