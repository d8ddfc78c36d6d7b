//! http-hello against an unfriendly client (issue 12): requests built to be read two ways
//! (request smuggling), heads dribbled a byte at a time, a client that never reads, a flood
//! of connections. Every case is asserted on the wire, with the exact bytes, and bounded in
//! time: a server that hangs fails the test after testkit::WAIT.

mod support;

use std::io::{BufReader, Cursor, Read, Write};
use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use support::{get, per_model, read_response, send, server};
use testkit::{connect, read_to_clean_end, read_to_close, thread_count};

per_model!(
    two_content_lengths_and_a_smuggled_request_get_one_400,
    a_content_length_that_is_not_digits_gets_400,
    transfer_encoding_gets_501_or_400_beside_content_length,
    a_bare_cr_anywhere_gets_400,
    folded_lines_and_space_before_the_colon_get_400,
    an_early_empty_line_hides_no_header,
    empty_lines_before_a_request_are_skipped,
    a_dribbled_head_is_cut_at_its_deadline,
    a_client_that_never_reads_is_let_go_at_the_send_deadline,
    a_body_after_a_closing_answer_is_drained_not_reset,
    a_body_that_never_ends_is_drained_for_a_bounded_time,
    a_request_line_that_is_not_one_is_refused_before_the_head_ends,
    a_host_that_is_not_a_host_gets_400_and_an_absolute_target_is_served,
    a_client_turned_away_reads_the_503_and_then_a_clean_end,
    a_stop_does_not_wait_for_a_client_that_was_answered_and_stays,
);

/// Send `raw` on a new connection and read until the server closes it (a server that does
/// not close fails the test). The status of every response that came, in order.
fn answers(addr: SocketAddr, raw: &[u8]) -> Vec<u16> {
    let mut stream = connect(addr);
    stream.write_all(raw).expect("send");
    let got = read_to_close(&mut stream);
    let mut reader = BufReader::new(Cursor::new(got.clone()));
    let mut statuses = Vec::new();
    while let Some(response) = read_response(&mut reader, false) {
        statuses.push(response.status);
    }
    let all = String::from_utf8_lossy(&got);
    // Every status line (at a line's start: a 505 page's text names HTTP/1.1 too).
    let status_lines = all.split('\n').filter(|l| l.starts_with("HTTP/1.")).count();
    assert_eq!(
        status_lines,
        statuses.len(),
        "only whole responses: {all:?}"
    );
    statuses
}

/// One refusal with `status`, then the connection closed, for each of `heads`.
fn each_refused(addr: SocketAddr, status: u16, heads: &[&[u8]]) {
    for raw in heads {
        let got = answers(addr, raw);
        assert_eq!(got, [status], "{:?}", String::from_utf8_lossy(raw));
    }
}

fn two_content_lengths_and_a_smuggled_request_get_one_400(model: &str) {
    let (server, addr) = server(model, &["--demo-panic"]);
    // Content-Length 0 to one reader, 31 to another: the 31 bytes are a second request.
    let smuggle = b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\n\
                    GET /boom HTTP/1.1\r\nHost: x\r\n\r\n";
    assert_eq!(b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n".len(), 31);
    let variations: [&[u8]; 4] = [
        smuggle,
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 31\r\nContent-Length: 0\r\n\r\n\
          GET /boom HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc",
    ];
    each_refused(addr, 400, &variations);
    // Nothing after the refusal was read as a request: /boom never ran.
    server.terminate();
    let out = server.finish();
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    assert!(!out.stdout.contains("/boom"), "{out:?}");
}

fn a_content_length_that_is_not_digits_gets_400(model: &str) {
    let (_server, addr) = server(model, &[]);
    each_refused(
        addr,
        400,
        &[
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        ],
    );
}

fn transfer_encoding_gets_501_or_400_beside_content_length(model: &str) {
    let (_server, addr) = server(model, &[]);
    each_refused(
        addr,
        501,
        &[
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
              0\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        ],
    );
    each_refused(
        addr,
        400,
        &[
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc",
        ],
    );
}

fn a_bare_cr_anywhere_gets_400(model: &str) {
    let (_server, addr) = server(model, &[]);
    each_refused(
        addr,
        400,
        &[
            b"GET / HTTP/1.1\r\nHost: x\rX-Sneaky: 1\r\nConnection: close\r\n\r\n",
            b"GET /\r HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\r\n",
        ],
    );
}

fn folded_lines_and_space_before_the_colon_get_400(model: &str) {
    let (_server, addr) = server(model, &[]);
    each_refused(
        addr,
        400,
        &[
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tfolded\r\n\r\n",
            b"GET / HTTP/1.1\r\n Host: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost\t: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        ],
    );
}

fn a_request_line_that_is_not_one_is_refused_before_the_head_ends(model: &str) {
    // A head deadline far beyond the test's wait: only an answer at once can pass.
    let (_server, addr) = server(model, &["--head-timeout", "600"]);
    // HTTP/0.9 (no version, no head after it), and the text HTTP/2 opens with.
    each_refused(addr, 400, &[b"GET /\r\n", b"GET /nowhere\r\n"]);
    each_refused(addr, 505, &[b"PRI * HTTP/2.0\r\n"]);
}

fn a_host_that_is_not_a_host_gets_400_and_an_absolute_target_is_served(model: &str) {
    let (_server, addr) = server(model, &[]);
    each_refused(
        addr,
        400,
        &[
            b"GET / HTTP/1.1\r\nHost: a, b\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
            b"GET ftp://x/ HTTP/1.1\r\nHost: x\r\n\r\n",
        ],
    );
    // RFC 9112 §3.2.2: a server MUST accept a target in absolute form (a proxy's form).
    let raw = b"GET http://x/hello?name=Ada HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_eq!(answers(addr, raw), [200]);
}

fn an_early_empty_line_hides_no_header(model: &str) {
    let (_server, addr) = server(model, &[]);
    // `\n\r\n` ends the head: what follows is read as the next request, and refused.
    let raw = b"GET / HTTP/1.1\r\nHost: x\n\r\nContent-Length: 31\r\n\r\n\
                GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
    assert_eq!(answers(addr, raw), [200, 400]);
}

fn empty_lines_before_a_request_are_skipped(model: &str) {
    let (_server, addr) = server(model, &[]);
    for raw in [
        &b"\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        b"\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        assert_eq!(answers(addr, raw), [200], "{raw:?}");
    }
}

fn a_dribbled_head_is_cut_at_its_deadline(model: &str) {
    // Each byte comes well within any read timeout; only a total deadline stops this.
    let (mut server, addr) = server(model, &["--head-timeout", "1", "--idle", "60"]);
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().expect("clone");
    let dribbler = thread::spawn(move || {
        let head = format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: {}\r\n\r\n",
            "a".repeat(400)
        );
        for (sent, byte) in head.bytes().enumerate() {
            if writer.write_all(&[byte]).is_err() {
                return sent;
            }
            // A slow peer on purpose: one byte every 50 ms, 20 s for the whole head.
            thread::sleep(Duration::from_millis(50));
        }
        head.len()
    });
    let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
    assert!(raw.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{raw}");
    assert_eq!(raw.matches("HTTP/1.1 ").count(), 1, "{raw}");
    server.expect_line("\"-\" 408 ");
    drop(stream);
    let sent = dribbler.join().expect("the dribbler");
    assert!(
        sent < 430,
        "cut before the head was complete ({sent} bytes)"
    );
}

fn a_client_that_never_reads_is_let_go_at_the_send_deadline(model: &str) {
    let (mut server, addr) = server(
        model,
        &["--threads", "1", "--send-timeout", "0.5", "--quiet"],
    );
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().expect("clone");
    // Pipelined requests, never a read: the responses fill both sides' buffers, then the
    // server's send waits. Bounded: at most 200,000 requests (about 6 MB); the writes
    // fail once the server has closed the connection.
    let flooder = thread::spawn(move || {
        let request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        (0..200_000)
            .take_while(|_| writer.write_all(request).is_ok())
            .count()
    });
    server.expect_line("did not take its response within 0.5 s");
    // The worker is free again: a new client is served.
    assert_eq!(get(addr, "/").status, 200);
    // And the connection is closed: what the server had sent, then the end (or a reset).
    read_to_close(&mut stream);
    flooder.join().expect("the flooder");
}

fn a_body_after_a_closing_answer_is_drained_not_reset(model: &str) {
    let (_server, addr) = server(model, &[]);
    // The way Python's http.client posts: the whole body first, then read the answer. The
    // server answers 405 after the head and closes; had it closed with the body unread,
    // the kernel would send a reset and this client would never see the 405.
    let body = vec![b'x'; 8 << 20];
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = connect(addr);
    stream.write_all(head.as_bytes()).expect("send the head");
    stream
        .write_all(&body)
        .expect("the server reads the body it will not use");
    let mut got = Vec::new();
    stream
        .read_to_end(&mut got)
        .expect("a clean close (FIN), not a reset");
    let raw = String::from_utf8_lossy(&got);
    assert!(
        raw.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
        "{raw}"
    );
    assert!(raw.contains("Connection: close\r\n"), "{raw}");
}

fn a_body_that_never_ends_is_drained_for_a_bounded_time(model: &str) {
    let (_server, addr) = server(model, &["--threads", "1", "--queue", "1"]);
    let mut stream = connect(addr);
    stream
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n")
        .expect("send the head");
    // A body without end, while the server drains it after its 405. Bounded: the writes
    // stop after 30 s, which fails the test; the server must cut it off long before.
    let mut writer = stream.try_clone().expect("clone");
    let streamer = thread::spawn(move || {
        let (chunk, until) = (
            vec![b'x'; 64 * 1024],
            Instant::now() + Duration::from_secs(30),
        );
        while Instant::now() < until {
            if writer.write_all(&chunk).is_err() {
                return true;
            }
        }
        false
    });
    let raw = String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned();
    assert!(
        raw.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
        "{raw}"
    );
    assert!(
        streamer.join().expect("the streamer"),
        "the server never let go"
    );
    // The one worker (or the one task) is free again.
    assert_eq!(get(addr, "/").status, 200);
}

// The pool's limits on threads: a flood of connections past its capacity.

#[cfg(target_os = "linux")]
#[test]
fn a_flood_past_the_pool_is_answered_503_and_threads_stay_bounded() {
    let (mut server, addr) = server(
        "pool",
        &[
            "--threads",
            "2",
            "--queue",
            "2",
            "--idle",
            "60",
            "--head-timeout",
            "60",
        ],
    );
    // Two kept-alive connections hold the two workers; two more wait in the queue.
    let held: Vec<_> = (0..2)
        .map(|_| {
            let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assert_eq!(
                read_response(&mut reader, false).expect("served").status,
                200
            );
            reader
        })
        .collect();
    // Served: every worker has started. Two workers, the main thread, the signal thread,
    // the closing thread.
    let threads = thread_count(server.id());
    assert!(threads <= 2 + 3, "{threads} threads for two workers");
    let queued: Vec<_> = (0..2).map(|_| connect(addr)).collect();
    // Every one after them is answered 503 at once and closed.
    let flood: Vec<_> = (0..50).map(|_| connect(addr)).collect();
    for mut stream in flood {
        let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
        assert!(
            raw.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{raw}"
        );
    }
    server.expect_line("turned away with 503: 2 workers busy, 2 connections waiting");
    assert_eq!(
        thread_count(server.id()),
        threads,
        "no thread per connection"
    );
    drop((held, queued));
}

// The two models speak one protocol: the same bytes in give the same bytes out.

/// What a hostile client sends; each is followed by a last, well-formed request that
/// closes, so a refusal shows whether anything after it was read as a request.
const ODDITIES: [&[u8]; 25] = [
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\tchunked\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n Transfer-Encoding: chunked\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX\x00Y: 1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX\xffY: 1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\n",
    b"GET http://x/hello?name=A HTTP/1.1\r\nHost: x\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /\r\n",
    b"get / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / http/1.1\r\nHost: x\r\n\r\n",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    b"GET / HTTP/1.0\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a, b\r\n\r\n",
    b"\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\nHost: x\n\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    b"GET /\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n\tb\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer_Encoding: chunked\r\n\r\n0\r\n\r\n",
];

/// Everything a connection gets for `raw` and a last request, up to the close, with the
/// `Date` lines (the only bytes that may differ) taken out.
fn dateless_answer(addr: SocketAddr, raw: &[u8]) -> String {
    let mut stream = connect(addr);
    stream.write_all(raw).expect("send");
    stream
        .write_all(b"GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    let got = String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned();
    let lines: Vec<&str> = got
        .split("\r\n")
        .filter(|line| !line.starts_with("Date: "))
        .collect();
    lines.join("\r\n")
}

#[test]
fn both_models_answer_every_oddity_with_the_same_bytes() {
    let (_pool, pool) = server("pool", &["--quiet"]);
    let (_tasks, tasks) = server("async", &["--quiet"]);
    for raw in ODDITIES {
        let shown = String::from_utf8_lossy(raw);
        let answer = dateless_answer(pool, raw);
        assert!(answer.starts_with("HTTP/1."), "{shown:?}: {answer:?}");
        assert_eq!(answer, dateless_answer(tasks, raw), "{shown:?}");
        // After a refusal (a 4xx or 5xx that closes) the last request is never answered.
        if answer.contains("Connection: close\r\n") && !answer.contains("HTTP/1.1 404") {
            assert_eq!(
                answer.matches("\r\n\r\n").count(),
                1,
                "{shown:?}: {answer:?}"
            );
        }
    }
}

// Turning a client away, and letting go of one that stays.

fn a_client_turned_away_reads_the_503_and_then_a_clean_end(model: &str) {
    // One place in either model: one worker and a queue of one, or one connection.
    let places = ["--threads", "1", "--queue", "1", "--max-connections", "1"];
    let (mut server, addr) = server(model, &[&places[..], &["--idle", "60"]].concat());
    let mut held = send(addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(read_response(&mut held, false).expect("served").status, 200);
    let _queued = connect(addr);
    // A client sends its request before it reads, as every HTTP client does: the request
    // is unread when the server answers 503. A server that then just closes makes the
    // kernel send a reset (RST) instead of the end of the stream (FIN).
    for attempt in 0..20 {
        let mut stream = connect(addr);
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        let raw = String::from_utf8(read_to_clean_end(&mut stream)).expect("text");
        assert!(
            raw.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "attempt {attempt}: {raw}"
        );
    }
    server.expect_line("turned away with 503");
}

fn a_stop_does_not_wait_for_a_client_that_was_answered_and_stays(model: &str) {
    let (mut server, addr) = server(model, &["--head-timeout", "1"]);
    // Half a head, then nothing: the server answers 408 after a second and closes its
    // side; this client stays, and does not close.
    let mut stream = connect(addr);
    stream.write_all(b"GET / HTTP/1.1\r\n").expect("send");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    assert_eq!(
        read_response(&mut reader, false).expect("answered").status,
        408
    );
    server.expect_line(" 408 ");
    // Nothing is in flight: the stop is at once, not after the time a closing
    // connection waits for its client (2 s).
    let out = server.stopped_by(testkit::Signal::TERM, Duration::from_millis(1500));
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    drop(stream);
}
