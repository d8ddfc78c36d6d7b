//! http-hello, run as the web runs it: the real server, raw requests written by hand,
//! curl, and Python's http.client, all on loopback.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::testing::{Running, connect, interop_script, read_to_close, require_program, run};

const BIN: &str = env!("CARGO_BIN_EXE_http-hello");

fn server(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

/// One response, read exactly as far as its Content-Length says.
#[derive(Debug)]
struct Response {
    status_line: String,
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

fn read_response(reader: &mut impl BufRead, head_only: bool) -> Option<Response> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line).ok()? == 0 {
        return None;
    }
    let status_line = status_line.trim_end().to_string();
    let status = status_line.split(' ').nth(1)?.parse().ok()?;
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(": ")?;
        headers.insert(name.to_ascii_lowercase(), value.to_string());
    }
    let length: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0u8; if head_only { 0 } else { length }];
    reader.read_exact(&mut body).ok()?;
    Some(Response {
        status_line,
        status,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

/// Send raw bytes on a new connection; read one response.
fn exchange(addr: SocketAddr, raw: &str) -> Response {
    let mut stream = connect(addr);
    stream.write_all(raw.as_bytes()).expect("send");
    let head_only = raw.starts_with("HEAD");
    read_response(&mut BufReader::new(stream), head_only).expect("a response")
}

fn get(addr: SocketAddr, target: &str) -> Response {
    exchange(
        addr,
        &format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"),
    )
}

/// A new connection with `raw` already sent on it, ready to read responses from.
fn send(addr: SocketAddr, raw: &[u8]) -> BufReader<TcpStream> {
    let mut stream = connect(addr);
    stream.write_all(raw).expect("send");
    BufReader::new(stream)
}

/// Whether the server closes the connection: a read returns 0 bytes.
fn closed_by_server(reader: &mut BufReader<TcpStream>) -> bool {
    let mut rest = Vec::new();
    matches!(reader.read_to_end(&mut rest), Ok(0))
}

#[test]
fn every_response_has_the_headers_http_needs() {
    let (_server, addr) = server(&[]);
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

#[test]
fn the_welcome_page_is_utf8_with_text_ascii_cannot_hold() {
    let (_server, addr) = server(&[]);
    let response = get(addr, "/");
    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert!(response.body.contains("你好"), "{}", response.body);
    assert!(response.body.contains("<meta charset=\"utf-8\">"));
}

#[test]
fn hello_decodes_and_escapes_the_name() {
    let (_server, addr) = server(&[]);
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

#[test]
fn head_gets_the_same_headers_and_no_body() {
    let (_server, addr) = server(&[]);
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

#[test]
fn each_error_gets_its_status() {
    let (_server, addr) = server(&[]);
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

#[test]
fn a_panicking_handler_costs_one_500_never_a_worker() {
    // One worker only: if a panic killed it, nothing would be served afterwards.
    let (mut server, addr) = server(&["--threads", "1", "--demo-panic"]);
    for _ in 0..3 {
        assert_eq!(get(addr, "/boom").status, 500);
    }
    assert_eq!(
        get(addr, "/").status,
        200,
        "the single worker is still there"
    );
    server.expect_line("\"GET /boom HTTP/1.1\" 500 ");
}

#[test]
fn two_requests_share_one_kept_alive_connection() {
    let (_server, addr) = server(&[]);
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

#[test]
fn pipelined_requests_are_answered_in_order() {
    let (_server, addr) = server(&[]);
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

#[test]
fn http_1_0_closes_unless_asked_to_keep_alive() {
    let (_server, addr) = server(&[]);
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

#[test]
fn an_idle_kept_alive_connection_is_closed_after_its_timeout() {
    let (_server, addr) = server(&["--idle", "0.3"]);
    let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_eq!(
        read_response(&mut reader, false).expect("response").headers["connection"],
        "keep-alive"
    );
    let started = Instant::now();
    assert!(closed_by_server(&mut reader));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        started.elapsed()
    );
}

#[test]
fn a_client_sending_its_head_too_slowly_gets_408_and_is_cut_off() {
    let (mut server, addr) = server(&["--head-timeout", "0.5"]);
    let mut stream = connect(addr);
    stream
        .write_all(b"GET / HTTP/1.1\r\n")
        .expect("the start of a head");
    thread::sleep(Duration::from_millis(200));
    stream
        .write_all(b"Host: t\r\n")
        .expect("a little more, too slowly");
    let raw = String::from_utf8(read_to_close(&mut stream)).expect("text");
    assert!(raw.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{raw}");
    assert!(raw.contains("Connection: close\r\n"));
    server.expect_line("\"-\" 408 ");
}

#[test]
fn more_clients_at_once_than_threads_are_all_served() {
    let (_server, addr) = server(&["--threads", "2"]);
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

#[test]
fn kept_alive_and_slow_clients_do_not_starve_a_new_one() {
    let (_server, addr) = server(&[]);
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
    let started = Instant::now();
    assert_eq!(get(addr, "/").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a new client waited {:?}: it should not wait for the idle timeout",
        started.elapsed()
    );
    drop((kept, slow));
}

#[test]
fn a_full_queue_is_answered_503_at_once() {
    let (mut server, addr) = server(&["--threads", "1", "--queue", "1"]);
    // The one worker holds a kept-alive connection; the queue holds one more.
    let mut busy = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    read_response(&mut busy, false).expect("served");
    let _waiting = connect(addr);
    thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    let turned_away = get(addr, "/");
    assert_eq!(turned_away.status, 503, "{turned_away:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    server.expect_line("turned away with 503");
}

#[cfg(unix)]
#[test]
fn sigterm_finishes_the_request_in_flight_then_stops() {
    let (server, addr) = server(&[]);
    let mut reader = send(addr, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    read_response(&mut reader, false).expect("a worker has this connection");
    // A request in flight: its head has begun when the stop comes.
    reader
        .get_mut()
        .write_all(b"GET /hello?name=last HTTP/1.1\r\n")
        .expect("send");
    thread::sleep(Duration::from_millis(200));
    server.terminate();
    thread::sleep(Duration::from_millis(200));
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

#[test]
fn the_access_log_has_a_line_per_request_unless_quiet() {
    let (mut server, addr) = server(&[]);
    get(addr, "/hello?name=log");
    let line = server.expect_line("\"GET /hello?name=log HTTP/1.1\" 200 ");
    assert!(
        line.starts_with("server: 127.0.0.1:") && line.ends_with(" ms"),
        "{line}"
    );

    let (mut quiet, addr) = self::server(&["--quiet"]);
    get(addr, "/");
    let more = quiet.lines_until_quiet(Duration::from_millis(300));
    assert!(more.iter().all(|l| !l.contains("GET")), "{more:?}");
}

#[test]
fn curl_gets_pages_heads_and_http_1_0() {
    let curl = require_program("curl", "curl");
    let (_server, addr) = server(&[]);
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

#[test]
fn python_http_client_talks_to_it_on_one_connection() {
    let python = require_program("python3", "python3");
    let (_server, addr) = server(&[]);
    let out = run(
        &python,
        &[
            &interop_script("http_client.py"),
            "127.0.0.1",
            &addr.port().to_string(),
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        "200 text/html; charset=utf-8 True\n200 text/html; charset=utf-8 True"
    );
}

#[test]
fn trace_dumps_the_request_and_the_response() {
    let (mut server, addr) = server(&["--trace"]);
    get(addr, "/");
    server.expect_line("server: trace:   0000  47 45 54 20 2f 20 48 54");
    server.expect_line("server: trace: sent ");
}

#[test]
fn a_request_with_a_body_is_answered_and_the_connection_closed() {
    let (_server, addr) = server(&[]);
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
