//! http-hello, run as the web runs it: the real server, raw requests written by hand,
//! curl, and Python's http.client, all on loopback. Every behaviour test is a function of
//! the server model and runs once per model (see `per_model!` in tests/support).

mod support;

use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use support::{
    closed_by_server, exchange, get, per_model, read_response, send, server, without_date,
};
use testkit::{assert_transcript, connect, pairs, read_to_close, run, run_python};

per_model!(
    every_response_has_the_headers_http_needs,
    the_welcome_page_is_utf8_with_text_ascii_cannot_hold,
    hello_decodes_and_escapes_the_name,
    head_gets_the_same_headers_and_no_body,
    each_error_gets_its_status,
    a_panicking_handler_costs_one_500_and_nothing_else,
    boom_is_just_a_missing_page_without_demo_panic,
    two_requests_share_one_kept_alive_connection,
    pipelined_requests_are_answered_in_order,
    http_1_0_closes_unless_asked_to_keep_alive,
    an_idle_kept_alive_connection_is_closed_after_its_timeout,
    a_client_sending_its_head_too_slowly_gets_408_and_is_cut_off,
    more_clients_at_once_than_threads_are_all_served,
    kept_alive_and_slow_clients_do_not_starve_a_new_one,
    sigterm_finishes_the_request_in_flight_then_stops,
    ctrl_c_finishes_the_request_in_flight_then_stops,
    the_access_log_has_a_line_per_request_unless_quiet,
    curl_gets_pages_heads_and_http_1_0,
    python_http_client_talks_to_it_on_one_connection,
    trace_dumps_the_request_and_the_response,
    a_request_with_a_body_is_answered_and_the_connection_closed,
);

fn every_response_has_the_headers_http_needs(model: &str) {
    let (_server, addr) = server(model, &[]);
    for target in ["/", "/hello?name=Ada", "/nowhere"] {
        let response = get(addr, target);
        assert_eq!(
            response.headers["content-type"], "text/html; charset=utf-8",
            "{target}"
        );
        assert_eq!(
            response.headers["content-length"],
            response.body.len().to_string(),
            "{target}"
        );
        assert!(
            response.headers["date"].ends_with(" GMT"),
            "{target}: {response:?}"
        );
        assert!(
            response.headers["server"].starts_with("http-hello/"),
            "{target}"
        );
        assert_eq!(response.headers["connection"], "close", "{target}");
    }
}

fn the_welcome_page_is_utf8_with_text_ascii_cannot_hold(model: &str) {
    let (_server, addr) = server(model, &[]);
    let response = get(addr, "/");
    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert!(response.body.contains("你好"), "{}", response.body);
    assert!(response.body.contains("<meta charset=\"utf-8\">"));
}

fn hello_decodes_and_escapes_the_name(model: &str) {
    let (_server, addr) = server(model, &[]);
    assert!(
        get(addr, "/hello?name=Ada+Lovelace")
            .body
            .contains("<p>Hello, Ada Lovelace!</p>")
    );
    assert!(
        get(addr, "/hello?name=%E4%BD%A0%E5%A5%BD")
            .body
            .contains("<p>Hello, 你好!</p>")
    );
    let sneaky = get(addr, "/hello?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert!(
        sneaky
            .body
            .contains("Hello, &lt;script&gt;alert(1)&lt;/script&gt;!"),
        "{}",
        sneaky.body
    );
    assert!(!sneaky.body.contains("<script>"));
    assert_eq!(get(addr, "/hello?name=%FF").status, 400);
}

fn head_gets_the_same_headers_and_no_body(model: &str) {
    let (_server, addr) = server(model, &[]);
    let full = get(addr, "/");
    let mut stream = connect(addr);
    stream
        .write_all(b"HEAD / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .expect("send");
    let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
    assert!(raw.starts_with("HTTP/1.1 200 OK\r\n"), "{raw}");
    assert!(
        raw.contains(&format!("Content-Length: {}\r\n", full.body.len())),
        "{raw}"
    );
    assert!(
        raw.ends_with("\r\n\r\n"),
        "nothing after the blank line: {raw:?}"
    );
}

fn each_error_gets_its_status(model: &str) {
    let (_server, addr) = server(model, &[]);
    let cases = [
        ("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n", 404, None),
        (
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n",
            405,
            Some(("allow", "GET, HEAD")),
        ),
        (
            "DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n",
            405,
            Some(("allow", "GET, HEAD")),
        ),
        ("hello there\r\n\r\n", 400, None),
        ("GET / HTTP/1.1\r\n\r\n", 400, None),
        ("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400, None),
        (
            "GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
            501,
            None,
        ),
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505, None),
        ("GET / HTTP/0.9\r\n\r\n", 505, None),
    ];
    for (raw, status, header) in cases {
        let response = exchange(addr, raw);
        assert_eq!(response.status, status, "{raw:?}: {response:?}");
        if let Some((name, value)) = header {
            assert_eq!(response.headers[name], value, "{raw:?}");
        }
    }
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: t\r\nX-Big: {}\r\n\r\n",
        "x".repeat(9000)
    );
    assert_eq!(exchange(addr, &huge).status, 431);
    let many = format!(
        "GET / HTTP/1.1\r\nHost: t\r\n{}\r\n",
        "A: b\r\n".repeat(101)
    );
    assert_eq!(exchange(addr, &many).status, 431);
}

fn a_panicking_handler_costs_one_500_and_nothing_else(model: &str) {
    // One worker only (in the pool): if a panic killed it, nothing would be served after.
    let (mut server, addr) = server(model, &["--threads", "1", "--demo-panic"]);
    // A kept-alive connection: the panic costs its one response, not the connection.
    let mut kept = send(addr, b"GET /boom HTTP/1.1\r\nHost: t\r\n\r\n");
    let broken = read_response(&mut kept, false).expect("a 500");
    assert_eq!(broken.status, 500, "{broken:?}");
    assert_eq!(broken.headers["connection"], "keep-alive");
    kept.get_mut()
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .expect("send again");
    assert_eq!(
        read_response(&mut kept, false).expect("the next").status,
        200
    );
    for _ in 0..3 {
        assert_eq!(get(addr, "/boom").status, 500);
    }
    assert_eq!(get(addr, "/").status, 200, "still serving");
    server.expect_line("\"GET /boom HTTP/1.1\" 500 ");
}

fn boom_is_just_a_missing_page_without_demo_panic(model: &str) {
    let (_server, addr) = server(model, &[]);
    assert_eq!(get(addr, "/boom").status, 404);
}

fn two_requests_share_one_kept_alive_connection(model: &str) {
    let (_server, addr) = server(model, &[]);
    let stream = connect(addr);
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    writer
        .write_all(b"GET /hello?name=one HTTP/1.1\r\nHost: t\r\n\r\n")
        .expect("send");
    let first = read_response(&mut reader, false).expect("first");
    assert_eq!(first.headers["connection"], "keep-alive");
    writer
        .write_all(b"GET /hello?name=two HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .expect("send");
    let second = read_response(&mut reader, false).expect("second, on the same connection");
    assert!(first.body.contains("Hello, one!") && second.body.contains("Hello, two!"));
    assert_eq!(second.headers["connection"], "close");
    assert!(
        closed_by_server(&mut reader),
        "Connection: close is honoured"
    );
}

fn pipelined_requests_are_answered_in_order(model: &str) {
    let (_server, addr) = server(model, &[]);
    let mut stream = connect(addr);
    stream
        .write_all(
            b"GET /hello?name=a HTTP/1.1\r\nHost: t\r\n\r\n\
              HEAD /hello?name=b HTTP/1.1\r\nHost: t\r\n\r\n\
              GET /hello?name=c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        )
        .expect("three requests in one write");
    let mut reader = BufReader::new(stream);
    let a = read_response(&mut reader, false).expect("a");
    let b = read_response(&mut reader, true).expect("b");
    let c = read_response(&mut reader, false).expect("c");
    assert!(a.body.contains("Hello, a!"), "{a:?}");
    assert_eq!(b.status, 200);
    assert!(c.body.contains("Hello, c!"), "{c:?}");
    assert!(closed_by_server(&mut reader));
}

fn http_1_0_closes_unless_asked_to_keep_alive(model: &str) {
    let (_server, addr) = server(model, &[]);
    let mut closing = send(addr, b"GET / HTTP/1.0\r\n\r\n");
    let response = read_response(&mut closing, false).expect("response");
    assert_eq!(response.status_line, "HTTP/1.0 200 OK");
    assert_eq!(response.headers["connection"], "close");
    assert!(closed_by_server(&mut closing));

    let mut kept = send(addr, b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert_eq!(
        read_response(&mut kept, false).expect("first").headers["connection"],
        "keep-alive"
    );
    kept.get_mut()
        .write_all(b"GET / HTTP/1.0\r\n\r\n")
        .expect("send again");
    assert_eq!(read_response(&mut kept, false).expect("second").status, 200);
}

fn an_idle_kept_alive_connection_is_closed_after_its_timeout(model: &str) {
    let (_server, addr) = server(model, &["--idle", "0.3"]);
    let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_eq!(
        read_response(&mut reader, false).expect("response").headers["connection"],
        "keep-alive"
    );
    // The close must come; a server that kept it open would fail this after WAIT (10 s).
    assert!(closed_by_server(&mut reader));
}

fn a_client_sending_its_head_too_slowly_gets_408_and_is_cut_off(model: &str) {
    let (mut server, addr) = server(model, &["--head-timeout", "0.5", "--idle", "60"]);
    let mut stream = connect(addr);
    stream
        .write_all(b"GET / HTTP/1.1\r\n")
        .expect("the start of a head");
    // Then nothing more: the head's deadline, not the idle timeout, must end it.
    let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
    assert!(raw.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{raw}");
    assert!(raw.contains("Connection: close\r\n"));
    server.expect_line("\"-\" 408 ");
}

fn more_clients_at_once_than_threads_are_all_served(model: &str) {
    let (_server, addr) = server(model, &["--threads", "2"]);
    let clients: Vec<_> = (0..12)
        .map(|i| thread::spawn(move || get(addr, &format!("/hello?name=c{i}"))))
        .collect();
    for (i, client) in clients.into_iter().enumerate() {
        let response = client.join().expect("a client");
        assert!(
            response.body.contains(&format!("Hello, c{i}!")),
            "{response:?}"
        );
    }
}

fn kept_alive_and_slow_clients_do_not_starve_a_new_one(model: &str) {
    // Timeouts of a minute: a new client left waiting for a worker to be freed would wait
    // longer than its read timeout (WAIT, 10 s), and the test would fail.
    let (_server, addr) = server(model, &["--idle", "60", "--head-timeout", "60"]);
    // 64 clients that keep their connections open after a request ...
    let kept: Vec<BufReader<TcpStream>> = (0..64)
        .map(|_| {
            let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assert_eq!(
                read_response(&mut reader, false).expect("response").status,
                200
            );
            reader
        })
        .collect();
    // ... and 30 that have begun a request and go slowly.
    let slow: Vec<TcpStream> = (0..30)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(b"GET / HTTP/1.1\r\n").expect("send");
            stream
        })
        .collect();
    assert_eq!(get(addr, "/").status, 200);
    drop((kept, slow));
}

#[cfg(unix)]
fn sigterm_finishes_the_request_in_flight_then_stops(model: &str) {
    stops_on_a_signal_after_the_request_in_flight(model, testkit::Signal::TERM);
}

/// Ctrl-C in a terminal sends SIGINT to the program.
#[cfg(unix)]
fn ctrl_c_finishes_the_request_in_flight_then_stops(model: &str) {
    stops_on_a_signal_after_the_request_in_flight(model, testkit::Signal::INT);
}

#[cfg(unix)]
fn stops_on_a_signal_after_the_request_in_flight(model: &str, signal: testkit::Signal) {
    let (mut server, addr) = server(model, &["--trace"]);
    let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    read_response(&mut reader, false).expect("a worker has this connection");
    let me = reader.get_ref().local_addr().expect("local address");
    // A request in flight: its head has begun when the stop comes ...
    let begun = b"GET /hello?name=last HTTP/1.1\r\n";
    reader.get_mut().write_all(begun).expect("send");
    server.expect_line(&format!("received {} bytes from {me}", begun.len()));
    server.signal(signal);
    server.expect_line("server: stopping");
    // ... and its end comes after the stop.
    reader
        .get_mut()
        .write_all(b"Host: t\r\n\r\n")
        .expect("the rest of the head");
    let last = read_response(&mut reader, false).expect("the request in flight is answered");
    assert!(last.body.contains("Hello, last!"), "{last:?}");
    assert_eq!(
        last.headers["connection"], "close",
        "stopping: no more requests on it"
    );
    assert!(closed_by_server(&mut reader));
    let out = server.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "no longer accepting"
    );
}

fn the_access_log_has_a_line_per_request_unless_quiet(model: &str) {
    let (mut server, addr) = server(model, &[]);
    get(addr, "/hello?name=log");
    let line = server.expect_line("\"GET /hello?name=log HTTP/1.1\" 200 ");
    assert!(
        line.starts_with("server: 127.0.0.1:") && line.ends_with(" ms"),
        "{line}"
    );

    let (quiet, addr) = support::server(model, &["--quiet"]);
    get(addr, "/");
    // Stop it: whatever it printed about the request comes before `stopped`.
    quiet.terminate();
    let out = quiet.finish();
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
    assert!(!out.stdout.contains("\"GET"), "{out:?}");
}

fn curl_gets_pages_heads_and_http_1_0(model: &str) {
    let curl = testkit::need!("curl");
    let (_server, addr) = server(model, &[]);
    let url = format!("http://{addr}/hello?name=curl");
    let out = run(&curl, &["-s", &url], "");
    assert!(out.stdout.contains("<p>Hello, curl!</p>"), "{out:?}");
    let head = run(&curl, &["-sI", &url], "");
    assert!(head.stdout.starts_with("HTTP/1.1 200 OK"), "{head:?}");
    assert!(
        head.stdout
            .to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head:?}"
    );
    let old = run(
        &curl,
        &["-s", "-i", "--http1.0", &format!("http://{addr}/")],
        "",
    );
    assert!(old.stdout.starts_with("HTTP/1.0 200 OK"), "{old:?}");
    // Two URLs, one connection: curl reuses it because the server keeps it alive.
    let both = run(&curl, &["-sv", &url, &url], "");
    assert!(
        both.stderr.contains("Re-using existing connection")
            || both.stderr.contains("Reusing existing"),
        "{both:?}"
    );
}

fn python_http_client_talks_to_it_on_one_connection(model: &str) {
    testkit::need!("python3");
    let (_server, addr) = server(model, &[]);
    let out = run_python(
        "http_client.py",
        &["127.0.0.1", &addr.port().to_string()],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        "200 text/html; charset=utf-8 True\n200 text/html; charset=utf-8 True"
    );
}

fn trace_dumps_the_request_and_the_response(model: &str) {
    let (mut server, addr) = server(model, &["--trace"]);
    get(addr, "/");
    server.expect_line("server: trace:   0000  47 45 54 20 2f 20 48 54");
    server.expect_line("server: trace: sent ");
}

fn a_request_with_a_body_is_answered_and_the_connection_closed(model: &str) {
    let (_server, addr) = server(model, &[]);
    let mut reader = send(
        addr,
        b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
    );
    let response = read_response(&mut reader, false).expect("a response");
    assert_eq!(response.status, 405);
    assert_eq!(
        response.headers["connection"], "close",
        "the body is not taken for a request"
    );
    assert!(closed_by_server(&mut reader));
}

// The pool's own behaviour: its size and its queue.

#[test]
fn a_full_queue_is_answered_503_at_once() {
    // Timeouts of a minute: nothing frees the worker or the queue during the test.
    let (mut server, addr) = server("pool", &["--threads", "1", "--queue", "1", "--idle", "60"]);
    // The one worker holds a kept-alive connection ...
    let mut busy = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    read_response(&mut busy, false).expect("served");
    // ... the queue holds the next (accept() takes connections in the order they came) ...
    let _waiting = connect(addr);
    // ... so the third is turned away at once; waiting for a worker would time out.
    let turned_away = get(addr, "/");
    assert_eq!(turned_away.status, 503, "{turned_away:?}");
    server.expect_line("turned away with 503: 1 worker busy, 1 connection waiting");
}

/// The book's samples are what the program prints, with the ports, times and dates that
/// vary from run to run written as the chapter shows them.
#[test]
fn the_book_shows_what_the_server_really_prints() {
    let curl = testkit::need!("curl");
    let (mut server, addr) = server("pool", &[]);
    let url = format!("http://{addr}/hello?name=Ada");
    let out = run(&curl, &["-si", &url], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    let log = server.expect_line("\"GET /hello?name=Ada HTTP/1.1\" 200 ");
    let (peer, rest) = log
        .trim_start_matches("server: ")
        .split_once(' ')
        .expect("a peer first");
    let (counted, _) = rest.rsplit_once(' ').expect("a time");
    let (counted, _) = counted.rsplit_once(' ').expect("a time");
    let log = format!("server: {peer} {counted} 0.16 ms");
    let mut printed = server.seen.clone();
    *printed.last_mut().expect("the log line") = log;
    let ports = [
        (addr.to_string(), "127.0.0.1:8080".to_string()),
        (peer.to_string(), "127.0.0.1:51234".to_string()),
    ];
    let ports = pairs(&ports);
    assert_transcript("http-hello-server.txt", &printed.join("\n"), &ports);
    let page = without_date(&out.stdout);
    assert_transcript("http-hello-curl.txt", &page, &ports);

    // Under attack: the smuggling attempt the chapter sends with printf and nc.
    let mut stream = connect(addr);
    stream
        .write_all(
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\n\
              GET /boom HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .expect("send");
    let refused = String::from_utf8(read_to_close(&mut stream)).expect("text");
    let refused = without_date(&refused.replace("\r\n", "\n"));
    assert_transcript("http-hello-smuggle.txt", &refused, &ports);
}
