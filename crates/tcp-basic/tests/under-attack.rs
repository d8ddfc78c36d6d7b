//! The samples of the chapter's "Under attack" section, from real runs: a client that
//! dribbles one byte at a time is dropped at `--max-time` however often it sends, and a
//! message full of terminal control sequences is shown escaped.

use std::io::{ErrorKind, Write};
use std::thread;
use std::time::{Duration, Instant};

use common::testing::{Running, assert_transcript, connect};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-basic");

/// Control sequences a terminal would obey (clear the screen, set the window's title,
/// ring the bell) and a right-to-left override, as an attacker would send them.
const HOSTILE: &[u8] = b"hi\x1b[2J\x1b]0;pwned\x07 \xe2\x80\xaeevil\n";

#[test]
fn a_dribbling_client_is_dropped_at_max_time_and_control_characters_are_escaped() {
    let (mut server, addr) = Running::server(
        BIN,
        &["server", "127.0.0.1:0", "--idle", "1", "--max-time", "3"],
    );
    let mut dribbler = connect(addr);
    let dribbler_port = dribbler.local_addr().expect("bound").port();
    // Play a slow peer: one byte every 0.4 s, always within --idle, until the server
    // hangs up (bounded at 10 s: the server must have dropped it long before).
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        match dribbler.write_all(b"x") {
            Ok(()) => thread::sleep(Duration::from_millis(400)),
            Err(e) if matches!(e.kind(), ErrorKind::BrokenPipe | ErrorKind::ConnectionReset) => {
                break;
            }
            Err(e) => panic!("unexpected error while dribbling: {e}"),
        }
    }
    let dropped = server.expect_line("(--max-time)");

    let mut attacker = connect(addr);
    let attacker_port = attacker.local_addr().expect("bound").port();
    attacker.write_all(HOSTILE).expect("send");
    let shown = server.expect_line("received 25 bytes");
    drop(attacker);

    let printed = format!("{dropped}\n{shown}")
        .replace(&format!("127.0.0.1:{dribbler_port}"), "127.0.0.1:51234")
        .replace(&format!("127.0.0.1:{attacker_port}"), "127.0.0.1:51236")
        .replace("after 3 s", "after 10 s");
    assert_transcript("tcp-basic-under-attack.txt", &printed, &[]);
}
