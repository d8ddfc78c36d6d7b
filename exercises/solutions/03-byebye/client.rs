//! # Exercise 3, a solution: the byebye client
//!
//! Tutorial 001's conversation client: `connect()`, then for each line typed on stdin
//! (`input()`), `send()` it and `recv(1024)` the answer, until one side says `byebye` or
//! the input ends; then `close()`.

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::exit;

fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: byebye-client ADDRESS   (for example 127.0.0.1:9000)");
        exit(2);
    };
    // socket() and connect(): one call in Rust.
    let mut stream = match TcpStream::connect(&addr) {
        Ok(stream) => stream,
        Err(error) => {
            eprintln!("error: cannot connect to {addr}: {error}");
            exit(1);
        }
    };
    let mut keyboard = std::io::stdin().lock();
    loop {
        // input(): the next line; at the end of input (Ctrl-D) the conversation ends.
        let Some(line) = typed_line(&mut keyboard) else {
            println!("end of input: closing");
            break;
        };
        // An empty line would send nothing at all, and the server would never answer it.
        if line.is_empty() {
            continue;
        }
        // sendall(): the line's bytes, without its newline.
        if let Err(error) = stream.write_all(line.as_bytes()) {
            eprintln!("error: cannot send to {addr}: {error}");
            exit(1);
        }
        if line == "byebye" {
            break;
        }
        // recv(1024): the server's answer.
        let mut buffer = [0u8; 1024];
        let n = match stream.read(&mut buffer) {
            Ok(n) => n,
            Err(error) => {
                eprintln!("error: no answer from {addr}: {error}");
                exit(1);
            }
        };
        // 0 bytes is the server's close, not an empty answer.
        if n == 0 {
            eprintln!("error: the server at {addr} closed the connection without a byebye");
            exit(1);
        }
        let answer = String::from_utf8_lossy(&buffer[..n]);
        println!("server says: {}", answer.escape_debug());
        if answer == "byebye" {
            break;
        }
    }
    // close(): dropping the stream at the end of main closes the connection.
}

/// The next line typed on stdin without its line end, as `input()` returns it; `None`
/// at the end of input.
fn typed_line(keyboard: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match keyboard.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        // `\n`, or `\r\n` on Windows: neither is part of what was typed.
        Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_string()),
    }
}
