//! The sample of the chapter's "Under attack" section, from a real run: what the echo
//! server shows of a datagram full of terminal control sequences (the echo itself goes
//! back byte for byte: an echo must not change what it echoes).

use common::testing::{Running, assert_transcript, udp_socket};

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
