//! The samples of the chapter's "Under attack" section, from real runs: a client that
//! dribbles one byte at a time is dropped at `--max-time` however often it sends, and a
//! message full of terminal control sequences is shown escaped. And the client, facing a
//! server that dribbles: `--timeout` bounds the whole wait, not each byte.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use testkit::{Running, assert_transcript, connect};

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

/// A server that reads what the client sends (until it shuts down its side, with
/// `to_the_end`, else one read), then answers with `first` and goes on with one byte every
/// 100 ms, never closing, until the client hangs up (10 s at most).
fn dribbling_server(first: &'static [u8], to_the_end: bool) -> (String, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let server = thread::spawn(move || {
        let (mut client, _) = listener.accept().expect("the client");
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut request = Vec::new();
        if to_the_end {
            client.read_to_end(&mut request).expect("the messages");
        } else {
            let mut buf = [0u8; 1024];
            let n = client.read(&mut buf).expect("the message");
            assert!(n > 0, "a message before the client's end");
        }
        let started = Instant::now();
        let mut answer = client.write_all(first);
        while answer.is_ok() && started.elapsed() < Duration::from_secs(10) {
            thread::sleep(Duration::from_millis(100));
            answer = client.write_all(b"x");
        }
    });
    (addr, server)
}

/// The client against it, with `--timeout 1`: how long it took, and what it printed.
fn client_against(addr: &str, options: &[&str]) -> (Duration, testkit::Finished) {
    let mut command = Command::new(BIN);
    command
        .args(["client", addr, "--timeout", "1"])
        .args(options);
    let started = Instant::now();
    let out = Running::start(command).finish();
    (started.elapsed(), out)
}

#[test]
fn a_framed_reply_that_trickles_in_ends_at_the_timeout() {
    // The length says 1,000 bytes; they come one every 100 ms: 100 s, with a timeout per
    // read alone.
    let (addr, server) = dribbling_server(&[0, 0, 3, 232], false);
    let (took, out) = client_against(&addr, &["--framed", "hello"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with(&format!("error: no whole reply from {addr} within 1 s")),
        "{out:?}"
    );
    assert!(took < Duration::from_secs(5), "the client waited {took:?}");
    server.join().expect("the server");
}

#[test]
fn a_server_that_never_ends_its_replies_to_a_burst_is_left_at_the_timeout() {
    let (addr, server) = dribbling_server(b"got them", true);
    let (took, out) = client_against(&addr, &["--burst", "3", "hello"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    // The first reply; the first of the dribbled bytes may have joined it.
    assert!(out.stdout.contains(": got them"), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "error: no end to the replies from {addr} within 1 s"
        )),
        "{out:?}"
    );
    assert!(took < Duration::from_secs(5), "the client waited {took:?}");
    server.join().expect("the server");
}
