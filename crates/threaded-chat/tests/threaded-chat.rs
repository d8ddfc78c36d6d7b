//! threaded-chat, run as people use it: the real server, raw TCP members speaking the line
//! protocol as nc would, our own client, and the UDP peer chat, all on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use testkit::{Running, WAIT, connect, read_to_close, run};

const BIN: &str = env!("CARGO_BIN_EXE_threaded-chat");

fn server() -> (Running, SocketAddr) {
    Running::server(BIN, &["server", "127.0.0.1:0"])
}

/// A member speaking the protocol by hand, as `nc` would.
struct Member {
    stream: TcpStream,
    lines: BufReader<TcpStream>,
}

impl Member {
    /// Connect and send `name`, then read up to the server's hello.
    fn join(addr: SocketAddr, name: &str) -> Member {
        let stream = connect(addr);
        let lines = BufReader::new(stream.try_clone().expect("clone"));
        let mut member = Member { stream, lines };
        member.expect("* welcome to the chat room. What is your name?");
        member.say(name);
        member.expect("* hello ");
        member
    }

    fn say(&mut self, line: &str) {
        // One write for the line and its newline (writeln! would make two sends).
        self.stream
            .write_all(format!("{line}\n").as_bytes())
            .expect("send a line");
    }

    fn next(&mut self) -> String {
        let mut line = String::new();
        let n = self
            .lines
            .read_line(&mut line)
            .expect("a line before the timeout");
        assert!(n > 0, "the server closed the connection");
        line.trim_end_matches('\n').to_string()
    }

    /// Read lines until one starts with `prefix`; returns it.
    fn expect(&mut self, prefix: &str) -> String {
        loop {
            let line = self.next();
            if line.starts_with(prefix) {
                return line;
            }
        }
    }
}

#[test]
fn members_see_joins_messages_and_leaves() {
    let (mut server, addr) = server();
    let mut alice = Member::join(addr, "alice");
    let mut bob = Member::join(addr, "bob");
    alice.expect("* bob joined");
    bob.say("hello alice");
    assert_eq!(alice.expect("bob:"), "bob: hello alice");
    alice.say("hi bob, 你好");
    assert_eq!(bob.expect("alice:"), "alice: hi bob, 你好");
    bob.say("byebye");
    assert_eq!(bob.next(), "* bye");
    assert_eq!(alice.expect("* bob"), "* bob left");
    server.expect_line("server: alice joined from 127.0.0.1:");
    server.expect_line("server: bob: hello alice");
    server.expect_line("server: bob left");
}

#[test]
fn the_hello_names_who_is_already_here_and_who_lists_the_room() {
    let (_server, addr) = server();
    let _ann = Member::join(addr, "ann");
    let stream = connect(addr);
    let mut ben = Member {
        lines: BufReader::new(stream.try_clone().expect("clone")),
        stream,
    };
    ben.expect("* welcome");
    ben.say("ben");
    assert_eq!(
        ben.next(),
        "* hello ben; also here: ann. /who lists the room, byebye leaves"
    );
    ben.say("/who");
    assert_eq!(ben.next(), "* in the room: ann, ben");
    ben.say("/dance");
    assert_eq!(ben.next(), "* commands: /who, /nick NAME, byebye");
}

#[test]
fn a_taken_name_gets_a_suffix_and_nick_renames() {
    let (_server, addr) = server();
    let mut first = Member::join(addr, "sam");
    let stream = connect(addr);
    let mut second = Member {
        lines: BufReader::new(stream.try_clone().expect("clone")),
        stream,
    };
    second.expect("* welcome");
    second.say("sam");
    assert_eq!(second.next(), "* the name sam is taken, so you are sam2");
    second.expect("* hello sam2");
    assert_eq!(first.expect("* sam2"), "* sam2 joined");
    second.say("/nick sam");
    assert_eq!(second.next(), "* the name sam is taken");
    second.say("/nick samuel");
    assert_eq!(first.expect("* sam2"), "* sam2 is now samuel");
    second.say("two words");
    first.say("/who");
    assert_eq!(first.expect("* in the room"), "* in the room: sam, samuel");
}

#[test]
fn bad_names_long_lines_and_bytes_that_are_not_text_get_a_notice_not_a_crash() {
    let (mut server, addr) = server();
    let mut other = Member::join(addr, "other");
    let stream = connect(addr);
    let mut odd = Member {
        lines: BufReader::new(stream.try_clone().expect("clone")),
        stream,
    };
    odd.expect("* welcome");
    odd.say("two words");
    assert_eq!(
        odd.next(),
        "* a name is 1 to 32 characters without spaces; what is your name?"
    );
    odd.say("odd");
    odd.expect("* hello odd");

    odd.say(&"x".repeat(5000));
    assert_eq!(
        odd.next(),
        "* your line of 5000 bytes is over 4096; it was not sent"
    );
    odd.stream.write_all(b"\xff\xfe broken\n").expect("send");
    assert_eq!(
        odd.next(),
        "* that line was not valid utf-8 text; it was not sent"
    );
    odd.say("still here");
    assert_eq!(
        other.expect("odd:"),
        "odd: still here",
        "nothing else reached the room"
    );
    server.expect_line("server: odd: still here");
}

#[test]
fn two_clients_chat_both_ways_and_end_as_they_should() {
    let (_server, addr) = server();
    let start = |name: &str| {
        let mut command = Command::new(BIN);
        command.args(["client", &addr.to_string(), "--name", name]);
        Running::start(command)
    };
    let mut alice = start("alice");
    alice.expect_line("* hello alice");
    let mut bob = start("bob");
    bob.expect_line("* hello bob; also here: alice");
    alice.expect_line("* bob joined");

    alice.send_line("hi bob");
    bob.expect_line("alice: hi bob");
    bob.send_line("hi alice");
    alice.expect_line("bob: hi alice");

    alice.send_line("byebye");
    let alice = alice.finish();
    assert_eq!(alice.code, Some(0), "{alice:?}");
    assert!(
        alice.stdout.contains("client: you said byebye: leaving"),
        "{alice:?}"
    );
    bob.expect_line("* alice left");

    bob.close_stdin();
    let bob = bob.finish();
    assert_eq!(bob.code, Some(0), "{bob:?}");
    assert!(
        bob.stdout.contains("client: end of input: leaving"),
        "{bob:?}"
    );
}

#[test]
fn a_client_killed_mid_chat_is_announced_as_gone() {
    let (_server, addr) = server();
    let mut watcher = Member::join(addr, "watcher");
    let mut command = Command::new(BIN);
    command.args(["client", &addr.to_string(), "--name", "victim"]);
    let mut victim = Running::start(command);
    victim.expect_line("* hello victim");
    watcher.expect("* victim joined");
    victim.kill();
    assert_eq!(watcher.expect("* victim"), "* victim left");

    // A connection reset (no goodbye at all) is noticed too.
    let mut rude = Member::join(addr, "rude");
    watcher.expect("* rude joined");
    rude.say("bye for now");
    watcher.expect("rude: bye for now");
    let Member { stream, lines } = rude;
    drop(lines); // the clone would keep the socket open
    testkit::reset(stream);
    let gone = watcher.expect("* rude");
    assert!(
        gone == "* rude left" || gone.starts_with("* rude connection lost: "),
        "{gone}"
    );
}

#[test]
fn a_member_who_stops_reading_is_disconnected_while_the_room_goes_on() {
    // A write timeout far beyond the test's waits: on a loaded machine the queue, not the
    // clock, must be what lets the stalled member go.
    let (mut server, addr) =
        Running::server(BIN, &["server", "127.0.0.1:0", "--write-timeout", "3600"]);
    let _stalled = Member::join(addr, "stalled"); // never reads again
    let mut talker = Member::join(addr, "talker");
    let mut reader = Member::join(addr, "reader");
    talker.expect("* reader joined");

    // 24 MB through the room: far more than the kernel buffers for a stalled reader
    // (about 4 MB on loopback) plus the stalled member's queue (8192 lines, here 8 MB).
    let reading = thread::spawn(move || {
        let gone = reader.expect("* stalled");
        let last = reader.expect("talker: 23999 ");
        (gone, last)
    });
    let filler = "x".repeat(1000);
    for i in 0..24_000 {
        talker.say(&format!("{i} {filler}"));
    }
    let (gone, last) = reading.join().expect("the reader kept up");
    assert_eq!(
        gone,
        "* stalled was too slow to keep up and was disconnected"
    );
    assert!(last.ends_with(&filler), "the last message arrived whole");
    server.expect_line("server: stalled was too slow to keep up and was disconnected");

    // And the room still works for everyone else.
    let mut late = Member::join(addr, "late");
    talker.say("anyone?");
    assert_eq!(late.expect("talker:"), "talker: anyone?");
}

#[test]
fn twenty_members_each_sending_twenty_lines_lose_nothing_and_keep_order() {
    const MEMBERS: usize = 20;
    const LINES: usize = 20;
    let (_server, addr) = server();
    let members: Vec<Member> = (0..MEMBERS)
        .map(|i| Member::join(addr, &format!("m{i}")))
        .collect();
    let workers: Vec<_> = members
        .into_iter()
        .enumerate()
        .map(|(i, mut member)| {
            thread::spawn(move || {
                for j in 0..LINES {
                    member.say(&format!("{j}"));
                }
                // Collect every other member's lines, in the order they came.
                let mut seen = vec![Vec::new(); MEMBERS];
                let deadline = Instant::now() + WAIT;
                while seen.iter().map(Vec::len).sum::<usize>() < (MEMBERS - 1) * LINES {
                    assert!(Instant::now() < deadline, "m{i} is still missing lines");
                    let line = member.next();
                    let Some((sender, text)) = line.split_once(": ") else {
                        continue;
                    };
                    let Some(k) = sender
                        .strip_prefix('m')
                        .and_then(|k| k.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    seen[k].push(text.parse::<usize>().expect("a number"));
                }
                (i, seen)
            })
        })
        .collect();
    for worker in workers {
        let (i, seen) = worker.join().expect("a member finished");
        for (k, lines) in seen.iter().enumerate() {
            let expected: Vec<usize> = if k == i { vec![] } else { (0..LINES).collect() };
            assert_eq!(
                *lines, expected,
                "m{i} saw m{k}'s lines out of order or incomplete"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn sigterm_tells_everyone_and_stops_the_server() {
    let (server, addr) = server();
    let mut member = Member::join(addr, "last");
    let mut command = Command::new(BIN);
    command.args(["client", &addr.to_string(), "--name", "cli"]);
    let mut client = Running::start(command);
    client.expect_line("* hello cli");
    server.terminate();
    assert_eq!(
        member.expect("* the server"),
        "* the server is stopping, goodbye"
    );
    let out = server.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    client.expect_line("* the server is stopping, goodbye");
    client.expect_line("client: the server closed the connection after saying goodbye");
    let client = client.finish();
    assert_eq!(client.code, Some(0), "{client:?}");
}

#[test]
fn a_missing_server_is_one_clear_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let out = run(BIN, &["client", &closed.to_string(), "--name", "x"], "");
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot connect to {closed}: connection refused"
        )),
        "{out:?}"
    );
}

/// Start a UDP chat peer with the given arguments; returns it and its address.
fn udp_peer(args: &[&str]) -> (Running, SocketAddr) {
    let mut all = vec!["udp", "--bind", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Running::server(BIN, &all)
}

#[test]
fn udp_peers_chat_both_ways_and_one_learns_the_other() {
    let (mut first, first_addr) = udp_peer(&[]);
    first.expect_line("waiting for a first datagram to learn who to talk to");
    let (mut second, second_addr) = udp_peer(&["--peer", &first_addr.to_string()]);
    second.expect_line(&format!("talking with {first_addr}"));

    second.send_line("hello first");
    first.expect_line(&format!("{second_addr}: hello first"));
    first.expect_line(&format!("udp: talking with {second_addr}"));
    first.send_line("hello second, 你好");
    second.expect_line(&format!("{first_addr}: hello second, 你好"));

    // byebye ends the first: its receive thread does not hang in recvfrom(). finish()
    // fails unless the process exits within its bounded wait.
    first.send_line("byebye");
    let out = first.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("udp: bye"), "{out:?}");
    second.expect_line(&format!("{first_addr}: byebye"));
    // The other side says once that its peer has left, and goes on until told to stop.
    second.expect_line(&format!(
        "udp: {first_addr} has left; what you type is still sent, but nobody reads it"
    ));
    second.send_line("anyone there?");
    second.close_stdin();
    let out = second.finish();
    assert_eq!(out.code, Some(0), "end of input ends it too: {out:?}");
    assert_eq!(
        out.stdout.matches("has left").count(),
        1,
        "said once: {out:?}"
    );
}

#[test]
fn trace_shows_every_line_the_server_reads_and_writes() {
    let (mut server, addr) = Running::server(BIN, &["server", "127.0.0.1:0", "--trace"]);
    let mut member = Member::join(addr, "tracer");
    server.expect_line("server: trace: sent 47 bytes to "); // the welcome
    member.say("AB");
    let dump = server.expect_line("server: trace:   0000  41 42 0a");
    assert!(dump.ends_with("|AB.|"), "{dump}");
}

#[test]
fn a_connection_that_never_gives_a_name_is_closed_after_the_join_timeout() {
    let (mut server, addr) =
        Running::server(BIN, &["server", "127.0.0.1:0", "--join-timeout", "0.3"]);
    let mut silent = connect(addr);
    assert_eq!(
        String::from_utf8_lossy(&read_to_close(&mut silent)),
        "* welcome to the chat room. What is your name?\n* you gave no name within 0.3 s; goodbye\n"
    );
    server.expect_line("gave no name within 0.3 s and was disconnected");

    // Once named, a member may stay quiet far longer than the join timeout.
    let mut quiet = Member::join(addr, "quiet");
    thread::sleep(Duration::from_millis(600)); // plays a member who idles
    let mut other = Member::join(addr, "other");
    other.say("still there?");
    assert_eq!(quiet.expect("other:"), "other: still there?");
}

#[cfg(unix)]
#[test]
fn the_client_tells_a_goodbye_from_a_server_that_vanished() {
    let (mut server, addr) = server();
    let mut command = Command::new(BIN);
    command.args(["client", &addr.to_string(), "--name", "left"]);
    let mut client = Running::start(command);
    client.expect_line("* hello left");
    server.kill(); // kill -9: the kernel closes the sockets, nobody says goodbye
    let out = client.finish();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: the server at {addr} closed the connection without a goodbye (was it stopped with kill -9, or did it let us go?)"
        ),
        "{out:?}"
    );
}

#[test]
fn the_client_takes_the_address_first_and_messages_after_it() {
    let (_server, addr) = server();
    let out = run(
        BIN,
        &[
            "client",
            "127.0.0.1",
            &addr.port().to_string(),
            "--name",
            "argv",
            "/who",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("* in the room: argv"), "{out:?}");
    assert!(
        out.stdout
            .ends_with("client: the server closed the connection after saying goodbye"),
        "{out:?}"
    );
    let out = run(BIN, &["client", "localhost", "--name", "x"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("missing the port after host"),
        "{out:?}"
    );
}
