//! The sample of the chapter's "Under attack" section, from a real run: a datagram full
//! of terminal control sequences and bytes that are not text is shown escaped.

use common::testing::{Running, assert_transcript, udp_socket};

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
