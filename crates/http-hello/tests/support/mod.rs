//! What http-hello's test files share: starting the server in a given model, sending raw
//! bytes, reading responses exactly as far as their Content-Length says, and the macro that
//! turns each behaviour test into one `#[test]` per server model.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use testkit::{Running, connect};

pub const BIN: &str = env!("CARGO_BIN_EXE_http-hello");

/// One `#[test]` per server model for each behaviour test named, each a `fn(model: &str)`.
/// The tests of a model live in a module named after it: `pool::keep_alive` ...
macro_rules! per_model {
    ($($test:ident),* $(,)?) => {
        // THE list of models every behaviour test runs against: (module, --model value).
        per_model!(@each [(pool, "pool"), (tasks, "async")] [$($test),*]);
    };
    (@each [$(($module:ident, $model:literal)),*] $tests:tt) => {
        $( per_model!(@one $module $model $tests); )*
    };
    (@one $module:ident $model:literal [$($test:ident),*]) => {
        mod $module {
            $( #[test] fn $test() { super::$test($model) } )*
        }
    };
}
pub(crate) use per_model;

/// Start the server in `model` on a free loopback port, with `extra` arguments.
pub fn server(model: &str, extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["127.0.0.1:0", "--model", model];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

/// One response, read exactly as far as its Content-Length says.
#[derive(Debug)]
pub struct Response {
    pub status_line: String,
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// Read one response; `None` when the connection ends first or the response is broken.
pub fn read_response(reader: &mut impl BufRead, head_only: bool) -> Option<Response> {
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
pub fn exchange(addr: SocketAddr, raw: &str) -> Response {
    let mut stream = connect(addr);
    stream.write_all(raw.as_bytes()).expect("send");
    let head_only = raw.starts_with("HEAD");
    read_response(&mut BufReader::new(stream), head_only).expect("a response")
}

/// `GET target` with `Connection: close`, on a new connection.
pub fn get(addr: SocketAddr, target: &str) -> Response {
    exchange(
        addr,
        &format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"),
    )
}

/// A new connection with `raw` already sent on it, ready to read responses from.
pub fn send(addr: SocketAddr, raw: &[u8]) -> BufReader<TcpStream> {
    let mut stream = connect(addr);
    stream.write_all(raw).expect("send");
    BufReader::new(stream)
}

/// Whether the server closes the connection: a read returns 0 bytes (or a reset) before
/// the read timeout; a server that keeps the connection open fails the test after WAIT.
pub fn closed_by_server(reader: &mut BufReader<TcpStream>) -> bool {
    let mut rest = Vec::new();
    match reader.read_to_end(&mut rest) {
        Ok(0) => true,
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => rest.is_empty(),
        Ok(_) => panic!("more bytes came: {:?}", String::from_utf8_lossy(&rest)),
        Err(e) => panic!("the server did not close the connection: {e}"),
    }
}

/// Everything a response holds but its `Date` value, which changes every second: that
/// one is written as the book shows it. Lines may end in CR LF or LF.
pub fn without_date(raw: &str) -> String {
    raw.split('\n')
        .map(|line| match line.strip_prefix("Date: ") {
            Some(date) if date.ends_with('\r') => "Date: Sun, 22 Nov 2026 14:40:00 GMT\r",
            Some(_) => "Date: Sun, 22 Nov 2026 14:40:00 GMT",
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
