//! broadcast, run as a student runs it: real listeners and senders on this machine. Every
//! datagram goes to 127.255.255.255 or to a multicast group on the loopback interface, so
//! nothing leaves the machine.

use std::net::SocketAddr;
use std::process::Command;

use testkit::{Running, pairs, python_server, run};

const BIN: &str = env!("CARGO_BIN_EXE_broadcast");

/// A listener on `port` (0: a free one); returns it and its address.
fn listener(port: u16, extra: &[&str]) -> (Running, SocketAddr) {
    let port = port.to_string();
    let mut args = vec!["listen", "--port", &port];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

fn send(port: u16, extra: &[&str]) -> testkit::Finished {
    let port = port.to_string();
    let mut args = vec!["send", "--port", &port, "--interval", "0.05"];
    args.extend_from_slice(extra);
    run(BIN, &args, "")
}

#[test]
fn two_listeners_on_one_port_both_hear_every_broadcast() {
    let (mut first, addr) = listener(0, &[]);
    assert_eq!(addr.to_string(), format!("0.0.0.0:{}", addr.port()));
    let (mut second, _) = listener(addr.port(), &[]);
    let out = send(addr.port(), &["hello all", "--count", "3"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout
            .matches(&format!(
                "send: sent 9 bytes to 127.255.255.255:{}: hello all",
                addr.port()
            ))
            .count(),
        3,
        "{out:?}"
    );
    assert!(out.stdout.contains("done: 3 sent"), "{out:?}");
    for listener in [&mut first, &mut second] {
        for _ in 0..3 {
            let line = listener.expect_line(": hello all");
            assert!(line.starts_with("listen: from 127.0.0.1:"), "{line}");
        }
    }
}

#[test]
fn a_network_in_cidr_form_becomes_its_broadcast_address() {
    let (mut listener, addr) = listener(0, &[]);
    let out = send(
        addr.port(),
        &["--to", "127.0.0.0/8", "cidr", "--count", "1"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains(&format!(
            "sending to 127.255.255.255:{} every 0.05 s, once",
            addr.port()
        )),
        "{out:?}"
    );
    listener.expect_line(": cidr");
}

#[test]
fn a_group_member_hears_multicast_sent_to_its_group() {
    let (mut member, addr) = listener(0, &["--group", "239.255.0.1"]);
    member.expect_line("joined multicast group 239.255.0.1 on 127.0.0.1 (IP_ADD_MEMBERSHIP)");
    let out = send(
        addr.port(),
        &["--group", "239.255.0.1", "to the group", "--count", "1"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("multicast to group 239.255.0.1 through 127.0.0.1"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("sent 12 bytes to 239.255.0.1:{}", addr.port())),
        "{out:?}"
    );
    member.expect_line(": to the group");
}

#[cfg(unix)]
#[test]
fn listeners_and_senders_stop_on_sigterm_saying_stopped() {
    let (mut listener, addr) = listener(0, &[]);
    let mut command = Command::new(BIN);
    let port = addr.port().to_string();
    command.args(["send", "--port", &port, "--interval", "0.05", "tick"]);
    let sender = Running::start(command);
    for _ in 0..3 {
        listener.expect_line(": tick");
    }
    sender.terminate();
    let sent = sender.finish();
    assert_eq!(sent.code, Some(0), "{sent:?}");
    assert!(
        sent.stdout.contains("sending to 127.255.255.255:"),
        "{sent:?}"
    );
    assert!(sent.stdout.contains("until Ctrl-C"), "{sent:?}");
    assert!(
        sent.stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("send: stopped: ")),
        "{sent:?}"
    );

    listener.terminate();
    let heard = listener.finish();
    assert_eq!(heard.code, Some(0), "{heard:?}");
    assert!(heard.stdout.ends_with("listen: stopped"), "{heard:?}");
}

#[test]
fn without_so_broadcast_the_kernel_refuses_and_we_say_why() {
    let (_listener, addr) = listener(0, &[]);
    let out = send(addr.port(), &["--no-so-broadcast", "--count", "1"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot send to 127.255.255.255:{}: permission denied (sending to a broadcast \
             address needs SO_BROADCAST: setsockopt(SOL_SOCKET, SO_BROADCAST, 1))",
            addr.port()
        )
    );
}

#[test]
fn bad_targets_and_groups_are_usage_errors() {
    let cases = [
        (
            vec!["send", "--to", "1.2.3.4/33"],
            r#"error: invalid prefix "33" in "1.2.3.4/33": expected 0-32"#,
        ),
        (
            vec!["send", "--to", "nowhere"],
            r#"error: invalid IPv4 address "nowhere""#,
        ),
        (
            vec!["send", "--group", "10.0.0.1"],
            "error: --group 10.0.0.1 is not a multicast address",
        ),
        (
            vec!["listen", "--group", "10.0.0.1"],
            "error: --group 10.0.0.1 is not a multicast address",
        ),
    ];
    for (args, expected) in cases {
        let out = run(BIN, &args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(expected), "{args:?}: {out:?}");
    }
}

#[test]
fn interfaces_lists_loopback_with_its_broadcast_address() {
    let out = run(BIN, &["interfaces"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .starts_with("interface  address          netmask          broadcast"),
        "{out:?}"
    );
    let lo = out
        .stdout
        .lines()
        .find(|line| line.contains(" 127.0.0.1 "))
        .unwrap_or_else(|| panic!("a loopback line: {out:?}"));
    let fields: Vec<&str> = lo.split_whitespace().collect();
    assert_eq!(
        fields[1..],
        ["127.0.0.1", "255.0.0.0", "127.255.255.255"],
        "{lo}"
    );
}

#[test]
fn a_python_receiver_from_the_tutorials_hears_our_broadcast() {
    testkit::need!("python3");
    let (mut receiver, addr) = python_server("broadcast_receiver.py", &[]);
    let out = send(
        addr.port(),
        &["--to", "127.255.255.255", "你好, python", "--count", "1"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    receiver.expect_line("heard: 你好, python");
}

#[test]
fn a_python_receiver_without_so_reuseaddr_holds_the_port_and_we_say_how_to_share_it() {
    testkit::need!("python3");
    let (_receiver, addr) = python_server("broadcast_receiver.py", &[]);
    let out = run(BIN, &["listen", "--port", &addr.port().to_string()], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains("address already in use")
            && out
                .stderr
                .contains("add s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)"),
        "{out:?}"
    );
}

#[test]
fn a_python_receiver_with_so_reuseaddr_shares_the_port_and_both_hear() {
    testkit::need!("python3");
    let (mut ours, addr) = listener(0, &[]);
    let port = addr.port().to_string();
    let (mut theirs, _) = python_server("broadcast_receiver.py", &[&port, "--share"]);
    let out = send(addr.port(), &["shared", "--count", "1"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    theirs.expect_line("heard: shared");
    ours.expect_line(": shared");
}

/// The book's samples (docs/src/transcripts/broadcast-*.txt) are what the programs print,
/// with the port a test gets (port 0) shown as the lesson's 9999 and the sender's
/// ephemeral port as 40123.
#[test]
fn the_book_s_samples_are_what_the_programs_print() {
    let (mut first, addr) = listener(0, &[]);
    let (mut second, _) = listener(addr.port(), &[]);
    let port = addr.port().to_string();
    let out = send(addr.port(), &["hello, everyone", "--count", "3"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let mut from = String::new();
    for listener in [&mut first, &mut second] {
        for _ in 0..3 {
            let line = listener.expect_line(": hello, everyone");
            from = line["listen: from ".len()..line.len() - ": hello, everyone".len()].to_string();
        }
    }
    second.terminate();
    let heard = second.finish();
    assert_eq!(heard.code, Some(0), "{heard:?}");
    let fixed = [
        (format!(":{port}"), ":9999".to_string()),
        (from, "127.0.0.1:40123".to_string()),
        // The sender's interval is 0.05 s in tests and 1 s in the book's command.
        ("every 0.05 s".to_string(), "every 1 s".to_string()),
    ];
    let fixed = pairs(&fixed);
    testkit::assert_transcript("broadcast-listen.txt", &heard.stdout, &fixed);
    testkit::assert_transcript("broadcast-send.txt", &out.stdout, &fixed);

    let refused = send(addr.port(), &["--no-so-broadcast", "--count", "1"]);
    testkit::assert_transcript("broadcast-no-so-broadcast.txt", &refused.stderr, &fixed);

    // A datagram that is not text, with an ESC sequence that would clear a terminal.
    let attacker = testkit::udp_socket();
    attacker.set_broadcast(true).expect("SO_BROADCAST");
    let target = format!("127.255.255.255:{port}");
    attacker
        .send_to(b"\x1b[2Jbad\x00\xff", &target)
        .expect("send");
    let shown = first.expect_line("bad");
    let attacker_port = attacker.local_addr().expect("bound").port();
    let hostile = [(
        format!("127.0.0.1:{attacker_port}"),
        "127.0.0.1:54006".to_string(),
    )];
    let hostile = pairs(&hostile);
    testkit::assert_transcript("broadcast-hostile.txt", &shown, &hostile);

    let interfaces = run(BIN, &["interfaces"], "");
    let shown: Vec<&str> = interfaces
        .stdout
        .lines()
        .filter(|line| line.starts_with("interface ") || line.contains(" 127.0.0.1 "))
        .collect();
    testkit::assert_transcript("broadcast-interfaces.txt", &shown.join("\n"), &[]);
}
