//! udp-echo, run as a student runs it: the real binary and real datagrams on loopback.

use std::net::SocketAddr;
use std::process::Command;
use std::thread;
use std::time::Duration;

use common::testing::{Running, interop_script, require_program, run, udp_socket};

const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

fn server(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["server", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

#[test]
fn every_datagram_comes_back_byte_for_byte() {
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let me = client.local_addr().expect("addr");
    let mut buf = vec![0u8; 65_536];
    let largest: Vec<u8> = (0..65_507u32).map(|i| (i % 251) as u8).collect();
    let datagrams: [&[u8]; 5] = [
        b"hello",
        &[0xff, 0x00, 0xfe],
        b"",
        "你好".as_bytes(),
        &largest,
    ];
    for datagram in datagrams {
        client.send_to(datagram, addr).expect("send");
        let (n, from) = client.recv_from(&mut buf).expect("echo");
        assert_eq!(from, addr);
        assert_eq!(&buf[..n], datagram, "{} bytes", datagram.len());
    }
    server.expect_line(&format!("server: echoed 5 bytes to {me}: hello"));
    server.expect_line(&format!("server: echoed 3 bytes to {me}: "));
    server.expect_line(&format!("server: echoed 0 bytes to {me}: "));
    server.expect_line(&format!("server: echoed 6 bytes to {me}: 你好"));
    server.expect_line(&format!("server: echoed 65507 bytes to {me}: "));
}

#[test]
fn quiet_prints_no_line_per_datagram() {
    let (mut server, addr) = server(&["--quiet"]);
    let client = udp_socket();
    client.send_to(b"hush", addr).expect("send");
    let mut buf = [0u8; 16];
    assert_eq!(client.recv_from(&mut buf).expect("echo").0, 4);
    let more = server.lines_until_quiet(Duration::from_millis(200));
    assert!(more.iter().all(|line| !line.contains("hush")), "{more:#?}");
}

#[test]
fn the_client_shows_what_came_back() {
    let (_server, addr) = server(&[]);
    let out = run(BIN, &["client", &addr.to_string(), "hello", "你好"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: echoed 5 bytes from {addr}: hello")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: echoed 6 bytes from {addr}: 你好")),
        "{out:?}"
    );
    assert!(!out.stdout.contains("not what we sent"), "{out:?}");
}

#[test]
fn the_client_times_out_clearly_without_a_server() {
    let silent = udp_socket();
    let addr = silent.local_addr().expect("addr");
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--timeout", "0.2", "x"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with(&format!("error: no echo from {addr} within 0.2 s")),
        "{out:?}"
    );
}

#[test]
fn ping_reports_each_probe_and_a_summary() {
    let (_server, addr) = server(&["--quiet"]);
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "3",
            "--interval",
            "0.05",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    for seq in 0..3 {
        assert!(
            out.stdout
                .contains(&format!("ping: seq={seq} bytes=56 time=")),
            "{out:?}"
        );
    }
    assert!(
        out.stdout
            .contains("ping: 3 sent, 3 received, 0.0% loss (late 0, duplicates 0, foreign 0)"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("ping: rtt min/avg/max/p99 = "),
        "{out:?}"
    );
    assert!(
        !out.stdout.contains("round trips per second"),
        "only with --interval 0: {out:?}"
    );
}

#[test]
fn ping_with_no_interval_reports_round_trips_per_second() {
    let (_server, addr) = server(&["--quiet"]);
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "200",
            "--interval",
            "0",
            "--size",
            "20",
            "--quiet",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("200 sent, 200 received, 0.0% loss"),
        "{out:?}"
    );
    assert!(out.stdout.contains(" round trips per second"), "{out:?}");
    assert!(
        !out.stdout.contains("seq="),
        "--quiet drops the per-probe lines: {out:?}"
    );
}

#[test]
fn ping_without_a_server_counts_every_probe_lost() {
    let silent = udp_socket();
    let addr = silent.local_addr().expect("addr");
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "2",
            "--interval",
            "0",
            "--timeout",
            "0.2",
        ],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("ping: seq=0 timeout"), "{out:?}");
    assert!(out.stdout.contains("ping: seq=1 timeout"), "{out:?}");
    assert!(
        out.stdout.contains("2 sent, 0 received, 100.0% loss"),
        "{out:?}"
    );
    assert_eq!(
        out.stderr,
        format!("error: no replies from {addr}: is an echo server running there?")
    );
}

#[test]
fn ping_labels_late_duplicate_and_foreign_replies_and_does_not_count_them() {
    // An echo server that misbehaves in every way UDP allows.
    let tricky = udp_socket();
    let addr = tricky.local_addr().expect("addr");
    let stranger = udp_socket();
    let handle = thread::spawn(move || {
        let mut buf = [0u8; 128];
        for probe in 0..3 {
            let (n, pinger) = tricky.recv_from(&mut buf).expect("a probe");
            match probe {
                0 => {
                    stranger
                        .send_to(b"from someone else", pinger)
                        .expect("send");
                    tricky.send_to(b"not a probe", pinger).expect("send");
                    tricky.send_to(&buf[..n], pinger).expect("send");
                    tricky.send_to(&buf[..n], pinger).expect("send a duplicate");
                }
                1 => {
                    thread::sleep(Duration::from_millis(1500)); // past the 1 s timeout, inside the next
                    tricky.send_to(&buf[..n], pinger).expect("send late");
                }
                _ => {
                    tricky.send_to(&buf[..n], pinger).expect("send");
                }
            }
        }
    });
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "3",
            "--interval",
            "0",
            "--timeout",
            "1",
        ],
        "",
    );
    handle.join().expect("the tricky server ran");
    assert_eq!(out.code, Some(0), "{out:?}");
    for expected in [
        "ping: foreign datagram from 127.0.0.1:",
        "ping: seq=0 bytes=56 time=",
        "ping: seq=0 duplicate reply, not counted",
        "ping: seq=1 timeout",
        "ping: seq=1 late reply (time=",
        "ping: seq=2 bytes=56 time=",
        "ping: 3 sent, 2 received, 33.3% loss (late 1, duplicates 1, foreign 2)",
    ] {
        assert!(
            out.stdout.contains(expected),
            "missing {expected:?} in {out:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn ping_stopped_by_sigterm_still_prints_its_summary() {
    let (_server, addr) = server(&["--quiet"]);
    let mut command = Command::new(BIN);
    command.args([
        "ping",
        &addr.to_string(),
        "--count",
        "1000",
        "--interval",
        "0.05",
    ]);
    let mut ping = Running::start(command);
    ping.expect_line("ping: seq=2 bytes=56");
    ping.terminate();
    let out = ping.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains(" received, "), "{out:?}");
    assert!(!out.stdout.contains("1000 sent"), "stopped early: {out:?}");
}

#[test]
fn ping_refuses_a_size_too_small_for_its_header() {
    let out = run(BIN, &["ping", "127.0.0.1:9", "--size", "10"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: --size 10 is out of range: a probe holds 20 to 65507 bytes"
    );
}

#[test]
fn a_python_client_gets_its_datagram_back() {
    let python = require_program("python3", "python3");
    let (_server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = run(
        &python,
        &[&interop_script("udp_client.py"), "127.0.0.1", &port],
        "echo me\n",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "reply: echo me");
}
