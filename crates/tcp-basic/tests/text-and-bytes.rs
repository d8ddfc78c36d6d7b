//! The samples of the book's "Text and bytes" chapter, from real runs of tcp-basic:
//! gbk on both sides, gbk sent to a utf-8 server, utf-8 sent to a gbk server, and a
//! character gbk cannot hold.

use std::net::SocketAddr;

use testkit::{Running, assert_transcript, run};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-basic");

/// A server on a free port with `extra` options, its client's output, and the server's
/// line about the message, with the ports shown as the book's 8888 and 51234.
fn exchange(server_options: &[&str], client_options: &[&str], message: &str) -> (String, String) {
    let mut args = vec!["server", "127.0.0.1:0"];
    args.extend_from_slice(server_options);
    let (mut server, addr): (Running, SocketAddr) = Running::server(BIN, &args);
    let target = addr.to_string();
    let mut client_args = vec!["client", target.as_str()];
    client_args.extend_from_slice(client_options);
    client_args.push(message);
    let out = run(BIN, &client_args, "");
    assert_eq!(out.code, Some(0), "{out:?}");
    let received = server.expect_line("server: received");
    let client_port = received
        .split("from 127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .expect("the line names the client's address")
        .to_string();
    let normalize = |text: &str| {
        text.replace(&format!(":{}", addr.port()), ":8888")
            .replace(&format!(":{client_port}"), ":51234")
    };
    (normalize(&received), normalize(&out.stdout))
}

#[test]
fn gbk_on_both_sides_reads_back_the_same_text() {
    let (server, _) = exchange(&["--encoding", "gbk"], &["--encoding", "gbk"], "你好");
    assert_transcript("text-gbk-both.txt", &server, &[]);
}

#[test]
fn gbk_bytes_read_as_utf8_become_replacement_characters() {
    let (server, _) = exchange(&[], &["--encoding", "gbk"], "你好");
    assert_transcript("text-gbk-to-utf8.txt", &server, &[]);
}

#[test]
fn utf8_bytes_read_as_gbk_become_other_characters() {
    let (server, _) = exchange(&["--encoding", "gbk"], &[], "你好");
    assert_transcript("text-utf8-to-gbk.txt", &server, &[]);
}

#[test]
fn a_character_gbk_cannot_hold_is_refused_before_it_is_sent() {
    let (_server, addr) = Running::server(BIN, &["server", "127.0.0.1:0"]);
    let target = addr.to_string();
    let out = run(BIN, &["client", &target, "--encoding", "gbk", "😀"], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    let printed =
        format!("{}\n{}", out.stdout, out.stderr).replace(&format!(":{}", addr.port()), ":8888");
    // The client's own port changes every run.
    let printed: String = printed
        .lines()
        .map(|line| match line.split_once("connected from 127.0.0.1:") {
            Some((before, after)) => {
                let rest = after.split_once(' ').map_or("", |(_, rest)| rest);
                format!("{before}connected from 127.0.0.1:51234 {rest}")
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_transcript("text-emoji-in-gbk.txt", &printed, &[]);
}
