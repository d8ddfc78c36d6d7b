//! The samples of the book's chapter on the common crate, from real runs of tcp-basic:
//! what a mistyped address, an unknown host, a busy port, a refused connection and
//! `--trace` print.

use std::io::Write;
use std::net::TcpListener;

use testkit::{Running, assert_transcript, connect, run};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-basic");

#[test]
fn address_mistakes_exit_2_and_unknown_hosts_exit_1() {
    let bad_port = run(BIN, &["client", "127.0.0.1:99999", "hi"], "");
    assert_eq!(bad_port.code, Some(2), "{bad_port:?}");
    let no_port = run(BIN, &["client", "127.0.0.1", "hi"], "");
    assert_eq!(no_port.code, Some(2), "{no_port:?}");
    let unknown = run(BIN, &["client", "no-such-host.invalid:8888", "hi"], "");
    assert_eq!(unknown.code, Some(1), "{unknown:?}");
    let printed = [bad_port.stderr, no_port.stderr, unknown.stderr].join("\n");
    assert_transcript("common-address-errors.txt", &printed, &[]);
}

#[test]
fn a_busy_port_and_a_closed_one_say_what_to_do() {
    let (_server, addr) = Running::server(BIN, &["server", "127.0.0.1:0"]);
    let port = addr.port().to_string();
    let busy = run(BIN, &["server", &addr.to_string()], "");
    assert_eq!(busy.code, Some(1), "{busy:?}");
    // A port nobody listens on: bound, then closed again at once.
    let closed = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let refused = run(BIN, &["client", &closed.to_string(), "hi"], "");
    assert_eq!(refused.code, Some(1), "{refused:?}");
    let printed = format!("{}\n{}", busy.stderr, refused.stderr)
        .replace(&format!(":{port}"), ":8888")
        .replace(&format!(":{}", closed.port()), ":8888");
    let refusal = printed
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_transcript("common-net-errors.txt", &refusal, &[]);
}

#[test]
fn trace_dumps_each_read_in_hex_and_text() {
    let (mut server, addr) = Running::server(BIN, &["server", "127.0.0.1:0", "--trace"]);
    let mut client = connect(addr);
    let me = client.local_addr().expect("bound");
    client.write_all(b"AB").expect("send");
    let mut dump = vec![server.expect_line("trace: received 2 bytes")];
    dump.push(server.next_line());
    dump.push(server.next_line());
    let printed = dump
        .join("\n")
        .replace(&format!("127.0.0.1:{}", me.port()), "127.0.0.1:51234");
    assert_transcript("common-trace.txt", &printed, &[]);
}
