//! threaded-chat under attack: what an unfriendly client does, asserted on the wire.
//! Control characters in lines and names, a flood of connections past --max-clients, a
//! name dribbled one byte at a time, a member that never reads, a stranger writing to the
//! UDP chat. Every case is bounded in time: each wait ends after testkit::WAIT.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::errors::is_timeout;
use testkit::{
    Running, WAIT, connect, read_to_clean_end, read_to_close, reset, thread_count, udp_socket,
};

const BIN: &str = env!("CARGO_BIN_EXE_threaded-chat");

/// The issue's line: clear the screen, retitle the window, then a CR and a fake notice.
const EVIL_LINE: &[u8] = b"hi\x1b[2J\x1b]0;pwned\x07 there\r* bob left";
/// The same, as every other member and the log must show it: visible, and harmless.
const EVIL_SHOWN: &str = r"hi\u{1b}[2J\u{1b}]0;pwned\u{7} there\r* bob left";

/// A raw member, as nc would be: bytes in, lines out.
struct Raw {
    stream: TcpStream,
    lines: BufReader<TcpStream>,
}

impl Raw {
    fn connect(addr: SocketAddr) -> Raw {
        let stream = connect(addr);
        let lines = BufReader::new(stream.try_clone().expect("clone"));
        Raw { stream, lines }
    }

    /// Connect, read the welcome, send `name` (raw bytes), read up to the hello.
    fn join(addr: SocketAddr, name: &[u8]) -> Raw {
        let mut member = Raw::connect(addr);
        assert_eq!(
            member.next(),
            "* welcome to the chat room. What is your name?"
        );
        member.send(name);
        member.expect("* hello ");
        member
    }

    /// One line: `bytes` and a newline, in one send.
    fn send(&mut self, bytes: &[u8]) {
        let mut line = bytes.to_vec();
        line.push(b'\n');
        self.stream.write_all(&line).expect("send a line");
    }

    /// The next line as raw bytes, without its newline; the test fails on a close.
    fn next_bytes(&mut self) -> Vec<u8> {
        let mut line = Vec::new();
        let n = self
            .lines
            .read_until(b'\n', &mut line)
            .expect("a line before the timeout");
        assert!(n > 0, "the server closed the connection");
        assert_eq!(line.pop(), Some(b'\n'), "a whole line");
        line
    }

    fn next(&mut self) -> String {
        String::from_utf8(self.next_bytes()).expect("utf-8 from the room")
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

/// Whether a line holds a byte a terminal would obey: C0 (tab included), DEL, or the
/// start of a C1 control, bidi control or line separator in UTF-8.
fn has_raw_control(line: &str) -> bool {
    line.chars().any(common::text::is_unsafe_to_print)
}

fn server(args: &[&str]) -> (Running, SocketAddr) {
    let mut all = vec!["server", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Running::server(BIN, &all)
}

#[test]
fn the_issues_line_reaches_the_other_members_and_the_log_escaped() {
    let (mut server, addr) = server(&[]);
    let mut alice = Raw::join(addr, b"alice");
    let mut mallory = Raw::join(addr, b"mallory");
    alice.expect("* mallory joined");
    mallory.send(EVIL_LINE);
    let got = alice.next_bytes();
    assert_eq!(got, format!("mallory: {EVIL_SHOWN}").as_bytes());
    let logged = server.expect_line("server: mallory: ");
    assert_eq!(logged, format!("server: mallory: {EVIL_SHOWN}"));
    assert!(
        !server.seen.iter().any(|l| has_raw_control(l)),
        "{:?}",
        server.seen
    );
}

#[test]
fn every_kind_of_control_character_in_a_line_arrives_visible() {
    let (_server, addr) = server(&[]);
    let mut alice = Raw::join(addr, b"alice");
    let mut mallory = Raw::join(addr, b"mallory");
    alice.expect("* mallory joined");
    let table: &[(&[u8], &str)] = &[
        (b"\x00nul", r"\u{0}nul"),
        (b"tab\there", r"tab\there"),
        (b"bell\x07", r"bell\u{7}"),
        (b"abc\rdef", r"abc\rdef"),
        (b"del\x7f", r"del\u{7f}"),
        (
            "c1 csi \u{9b}2J nel \u{85} end".as_bytes(),
            r"c1 csi \u{9b}2J nel \u{85} end",
        ),
        (
            "invoice\u{202e}fdp.exe".as_bytes(),
            r"invoice\u{202e}fdp.exe",
        ),
        (
            "\u{2066}isolate\u{2069}".as_bytes(),
            r"\u{2066}isolate\u{2069}",
        ),
        (
            "zero\u{200b}width\u{feff}".as_bytes(),
            r"zero\u{200b}width\u{feff}",
        ),
        (
            "line\u{2028}para\u{2029}end".as_bytes(),
            r"line\u{2028}para\u{2029}end",
        ),
        ("中文 café, plain".as_bytes(), "中文 café, plain"),
    ];
    for (sent, shown) in table {
        mallory.send(sent);
        assert_eq!(alice.next(), format!("mallory: {shown}"), "{sent:?}");
    }
}

#[test]
fn no_byte_value_and_no_control_or_format_character_reaches_a_member_raw() {
    let (_server, addr) = server(&[]);
    let mut alice = Raw::join(addr, b"alice");
    let mut mallory = Raw::join(addr, b"mallory");
    alice.expect("* mallory joined");
    // Every single byte but the newline, between two letters.
    for byte in (0u8..=255).filter(|&b| b != b'\n') {
        mallory.send(&[b'x', byte, b'y']);
        if byte >= 0x80 {
            // Alone, a byte above 0x7f is not utf-8: refused to its sender.
            assert_eq!(
                mallory.next(),
                "* that line was not valid utf-8 text; it was not sent"
            );
            continue;
        }
        let line = alice.next();
        assert!(!has_raw_control(&line), "byte {byte:#04x}: {line:?}");
        assert!(
            line.starts_with("mallory: x") && line.ends_with('y'),
            "{line:?}"
        );
    }
    // Every C1 control and every Unicode format character (Cf), line and paragraph
    // separator, encoded in utf-8.
    let unsafe_chars: Vec<char> = (0x80u32..0xe_0080)
        .filter_map(char::from_u32)
        .filter(|&c| common::text::is_unsafe_to_print(c))
        .collect();
    assert!(
        unsafe_chars.len() > 150,
        "the list of unsafe characters is too short"
    );
    for chunk in unsafe_chars.chunks(40) {
        let text: String = chunk.iter().flat_map(|&c| [c, '.']).collect();
        mallory.send(text.as_bytes());
        let line = alice.next();
        assert!(!has_raw_control(&line), "{line:?}");
        assert_eq!(line.matches('.').count(), chunk.len(), "{line:?}");
    }
}

#[test]
fn a_line_too_long_once_escaped_is_refused_to_its_sender_only() {
    let (_server, addr) = server(&[]);
    let mut alice = Raw::join(addr, b"alice");
    let mut mallory = Raw::join(addr, b"mallory");
    alice.expect("* mallory joined");
    // 1000 ESC bytes fit in a line of 4096; shown as \u{1b} they need 6000.
    mallory.send(&[0x1b; 1000]);
    assert_eq!(
        mallory.next(),
        "* your line is over 4096 bytes once its control characters are shown escaped; it was not sent"
    );
    mallory.send(b"after");
    assert_eq!(alice.next(), "mallory: after", "nothing else reached alice");
}

#[test]
fn names_with_control_or_bidi_characters_are_refused_with_a_reason() {
    let (mut server, addr) = server(&[]);
    let mut watcher = Raw::join(addr, b"watcher");
    let mut odd = Raw::connect(addr);
    odd.expect("* welcome");
    odd.send(b"\x1b[31mroot\x1b[0m");
    assert_eq!(
        odd.next(),
        r"* a name cannot hold control or format characters, as \u{1b}[31mroot\u{1b}[0m does; what is your name?"
    );
    odd.send("\u{202e}nimda".as_bytes());
    assert_eq!(
        odd.next(),
        r"* a name cannot hold control or format characters, as \u{202e}nimda does; what is your name?"
    );
    odd.send(b"odd");
    odd.expect("* hello odd");
    odd.send(b"/nick r\x08oot");
    assert_eq!(
        odd.next(),
        r"* a name cannot hold control or format characters, as r\u{8}oot does"
    );
    // The watcher saw only the plain join; the log holds no raw control character.
    assert_eq!(watcher.next(), "* odd joined");
    server.expect_line("server: odd joined from ");
    assert!(
        !server.seen.iter().any(|l| has_raw_control(l)),
        "{:?}",
        server.seen
    );
}

#[test]
fn a_taken_name_of_the_longest_length_gets_a_suffix_within_the_limit() {
    let (_server, addr) = server(&[]);
    let long = "n".repeat(32);
    let _first = Raw::join(addr, long.as_bytes());
    let mut second = Raw::connect(addr);
    second.expect("* welcome");
    second.send(long.as_bytes());
    let told = second.next();
    let given = format!("{}2", "n".repeat(31));
    assert_eq!(
        told,
        format!("* the name {long} is taken, so you are {given}")
    );
    second.expect(&format!("* hello {given};"));
    // The name it was given is one a member could have chosen: /nick takes it back.
    second.send(format!("/nick {given}").as_bytes());
    assert_eq!(second.next(), format!("* you are {given} already"));
    second.send(b"/who");
    assert_eq!(second.next(), format!("* in the room: {long}, {given}"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_flood_past_max_clients_is_turned_away_in_one_line_and_threads_stay_bounded() {
    const LIMIT: usize = 100; // the default
    const FLOOD: usize = 60;
    let (server, addr) = server(&["--quiet"]);
    // LIMIT connections take every seat: each is welcomed (and holds two threads).
    let seated: Vec<Raw> = (0..LIMIT)
        .map(|_| {
            let mut member = Raw::connect(addr);
            member.expect("* welcome");
            member
        })
        .collect();
    // Every one past the limit reads exactly one line, then the close.
    for _ in 0..FLOOD {
        let mut late = connect(addr);
        late.write_all(b"intruder\n").expect("send a name");
        assert_eq!(
            String::from_utf8_lossy(&read_to_close(&mut late)),
            "* the room is full (100 members), try again later\n"
        );
    }
    let threads = thread_count(server.id());
    assert!(
        threads < 2 * LIMIT + 8,
        "{threads} threads for {LIMIT} members"
    );
    // Seats that free up are taken again: the members leave, and the next one is welcomed.
    drop(seated);
    let mut server = server;
    for _ in 0..LIMIT {
        server.expect_line("left, before giving a name");
    }
    // The hub has let them all go; each seat frees as its two threads end, a moment later.
    let deadline = Instant::now() + WAIT;
    loop {
        let mut next = Raw::connect(addr);
        if next.next().starts_with("* welcome") {
            break;
        }
        assert!(Instant::now() < deadline, "no seat came free");
        thread::sleep(Duration::from_millis(20)); // polls for the threads' end, bounded
    }
}

#[test]
fn connections_reset_at_once_are_no_error_in_the_log() {
    let (mut server, addr) = server(&[]);
    // Connect and reset (SO_LINGER 0), 200 times from 4 threads: some resets arrive
    // before accept() returns, when the peer's address can no longer be read.
    let resetters: Vec<_> = (0..4)
        .map(|_| thread::spawn(move || (0..50).for_each(|_| reset(connect(addr)))))
        .collect();
    for resetter in resetters {
        resetter.join().expect("a resetter");
    }
    // accept() takes connections in order: by the time this one is seated, every reset
    // one has been dealt with.
    let _after = Raw::join(addr, b"after");
    server.expect_line("server: after joined from ");
    let errors: Vec<&String> = server
        .seen
        .iter()
        .filter(|l| l.contains("cannot"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn sigterm_stops_the_server_while_members_flood_it() {
    let (mut server, addr) = server(&["--quiet"]);
    let mut watcher = Raw::join(addr, b"watcher");
    // Three members send lines as fast as they can and read everything they are sent.
    let threads: Vec<_> = (0..3)
        .flat_map(|i| {
            let mut member = Raw::join(addr, format!("flood{i}").as_bytes());
            let mut sending = member.stream.try_clone().expect("clone");
            let flooding = thread::spawn(move || {
                let line = [&[b'x'; 50][..], b"\n"].concat();
                while sending.write_all(&line).is_ok() {}
            });
            let draining = thread::spawn(move || {
                let _ = member.lines.read_to_end(&mut Vec::new());
            });
            [flooding, draining]
        })
        .collect();
    // The flood is under way: its lines reach the watcher, who then just drains.
    watcher.expect("flood");
    let draining = thread::spawn(move || {
        let _ = watcher.lines.read_to_end(&mut Vec::new());
    });
    // With the hub's queue full of lines, the stop must still go through.
    server.terminate();
    server.expect_line("server: stopped");
    let out = server.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    for thread in threads.into_iter().chain([draining]) {
        thread
            .join()
            .expect("a member's thread ended with the server");
    }
}

#[test]
fn sigterm_stops_the_server_while_a_member_reads_slowly_but_steadily() {
    let (server, addr) = server(&["--quiet"]);
    let mut slow = Raw::join(addr, b"slow");
    let mut talker = Raw::join(addr, b"talker");
    // 3000 lines of 4000 bytes, 12 MB: fewer lines than the slow member's queue holds
    // (8192), so the room keeps it; its writer always has a batch to send.
    let line = format!("{}\n", "x".repeat(3999));
    for _ in 0..3000 {
        talker
            .stream
            .write_all(line.as_bytes())
            .expect("the talker's line");
    }
    // The slow member reads 4 KiB every 10 ms, about 400 KB/s: every send to it succeeds
    // well within --write-timeout, and the 12 MB would take 30 s to reach it.
    slow.expect("talker: ");
    let stopped = Arc::new(AtomicBool::new(false));
    let server_stopped = Arc::clone(&stopped);
    let reading = thread::spawn(move || {
        let mut piece = [0u8; 4096];
        loop {
            match slow.lines.read(&mut piece) {
                Ok(0) => return "closed",
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::ConnectionReset => return "reset",
                Err(e) => {
                    return if is_timeout(&e) {
                        "timed out"
                    } else {
                        "failed"
                    };
                }
            }
            // Once the server is gone, what is left in our buffer is read at full speed.
            if !server_stopped.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(10));
            }
        }
    });
    // Before the fix the stop waited until the 12 MB had reached the member: 30 s.
    let out = server.stopped_by(testkit::Signal::TERM, Duration::from_secs(10));
    stopped.store(true, Ordering::SeqCst);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    let end = reading.join().expect("the slow member's reader");
    assert!(
        end == "closed" || end == "reset",
        "the slow member's connection {end}, it did not end with the server"
    );
}

#[test]
fn a_small_max_clients_is_said_in_the_refusal() {
    let (mut server, addr) = server(&["--max-clients", "2"]);
    let _one = Raw::join(addr, b"one");
    let _two = Raw::join(addr, b"two");
    let mut third = connect(addr);
    assert_eq!(
        String::from_utf8_lossy(&read_to_close(&mut third)),
        "* the room is full (2 members), try again later\n"
    );
    server.expect_line("turned away: the room is full (2 members)");
    // A client that pastes its name and long lines into nc before it reads, and goes on
    // pasting a moment after the answer: what it sends is unread when the room turns it
    // away, and must not turn the close into a reset, which would make its next send fail.
    let paste = [&b"carol\n"[..], &[b'x'; 2000], b"\n"].concat();
    for attempt in 0..5 {
        let mut stream = connect(addr);
        stream.write_all(&paste).expect("send");
        assert_eq!(
            String::from_utf8_lossy(&read_to_clean_end(&mut stream)),
            "* the room is full (2 members), try again later\n",
            "attempt {attempt}"
        );
        thread::sleep(Duration::from_millis(50));
        stream.write_all(&paste).unwrap_or_else(|e| {
            panic!("attempt {attempt}: a send after the answer failed: {e} (a reset)")
        });
    }
}

#[test]
fn a_name_dribbled_one_byte_at_a_time_is_cut_at_the_join_deadline() {
    const BYTES: usize = 100;
    let (mut server, addr) = server(&["--join-timeout", "1"]);
    let mut victim = connect(addr);
    let mut dribbler = victim.try_clone().expect("clone");
    // One byte every 100 ms, never a newline: each read comes well within any per-read
    // timeout. (The sleep plays a slow peer.) It stops at the first send that fails.
    let dribbling = thread::spawn(move || {
        for sent in 0..BYTES {
            if dribbler.write_all(b"a").is_err() {
                return sent;
            }
            thread::sleep(Duration::from_millis(100));
        }
        BYTES
    });
    assert_eq!(
        String::from_utf8_lossy(&read_to_close(&mut victim)),
        "* welcome to the chat room. What is your name?\n* you gave no name within 1 s; goodbye\n"
    );
    let sent = dribbling.join().expect("the dribbler ended");
    assert!(sent < BYTES, "the connection outlived the whole dribble");
    server.expect_line("gave no name within 1 s and was disconnected");
}

#[test]
fn a_name_sent_slowly_but_within_the_deadline_is_accepted_whole() {
    let (_server, addr) = server(&["--join-timeout", "5"]);
    let mut slow = Raw::connect(addr);
    slow.expect("* welcome");
    for byte in b"slowpoke\n" {
        slow.stream.write_all(&[*byte]).expect("send a byte");
        thread::sleep(Duration::from_millis(50)); // plays a slow typist
    }
    assert!(slow.next().starts_with("* hello slowpoke;"));
}

#[test]
fn a_member_that_never_reads_is_let_go_after_the_write_timeout() {
    let (mut server, addr) = server(&["--write-timeout", "1", "--quiet"]);
    let mut sink = Raw::join(addr, b"sink"); // reads nothing from here on
    let mut talker = Raw::join(addr, b"talker");
    // 7000 lines of 4000 bytes, 28 MB: more than the kernel buffers toward the sink can
    // hold, fewer lines than its queue (8192), so it is the write deadline that acts.
    let mut sending = talker.stream.try_clone().expect("clone");
    let talking = thread::spawn(move || {
        let line = format!("{}\n", "x".repeat(3999));
        for _ in 0..7000 {
            if sending.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    });
    server.expect_line("server: sink read nothing for 1 s and was disconnected");
    assert_eq!(
        talker.expect("* sink"),
        "* sink read nothing for 1 s and was disconnected"
    );
    talking.join().expect("the talker finished");
    // On the sink's wire: what fitted in the buffers, then the close.
    let mut rest = Vec::new();
    assert!(
        sink.lines.read_to_end(&mut rest).is_ok(),
        "closed, not timed out"
    );
}

#[test]
fn the_udp_chat_ignores_a_stranger_once_it_has_a_peer() {
    let friend = udp_socket();
    let stranger = udp_socket();
    let friend_addr = friend.local_addr().expect("addr");
    let stranger_addr = stranger.local_addr().expect("addr");
    let (mut chat, chat_addr) = Running::server(
        BIN,
        &[
            "udp",
            "--bind",
            "127.0.0.1:0",
            "--peer",
            &friend_addr.to_string(),
        ],
    );
    chat.expect_line(&format!("talking with {friend_addr}"));
    stranger
        .send_to(b"\x1b[2Jfake news", chat_addr)
        .expect("send");
    stranger
        .send_to(b"more fake news", chat_addr)
        .expect("send");
    friend.send_to(b"hello \x1b[2J", chat_addr).expect("send");
    let shown = chat.expect_line(&format!("{friend_addr}: "));
    assert_eq!(shown, format!(r"{friend_addr}: hello \u{{1b}}[2J"));
    let before: Vec<&String> = chat.seen.iter().collect();
    assert!(
        !before.iter().any(|l| l.contains("fake news")),
        "{before:?}"
    );
    assert_eq!(
        before
            .iter()
            .filter(|l| l.contains(&format!("ignoring datagrams from {stranger_addr}")))
            .count(),
        1,
        "said once: {before:?}"
    );
}

#[test]
fn the_udp_chat_that_learned_its_peer_ignores_everyone_else() {
    let friend = udp_socket();
    let stranger = udp_socket();
    let friend_addr = friend.local_addr().expect("addr");
    let (mut chat, chat_addr) = Running::server(BIN, &["udp", "--bind", "127.0.0.1:0"]);
    chat.expect_line("waiting for a first datagram");
    friend.send_to(b"hi", chat_addr).expect("send");
    chat.expect_line(&format!("talking with {friend_addr}"));
    stranger.send_to(b"fake news", chat_addr).expect("send");
    friend.send_to(b"again", chat_addr).expect("send");
    chat.expect_line(&format!("{friend_addr}: again"));
    assert!(!chat.seen.iter().any(|l| l.contains("fake news")));
    assert!(
        chat.seen
            .iter()
            .any(|l| l.contains("ignoring datagrams from"))
    );
}
