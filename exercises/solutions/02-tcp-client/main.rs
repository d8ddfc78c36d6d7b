//! # Exercise 2, a solution: a TCP client that sends its arguments and prints each reply
//!
//! Tutorial 000's client: `connect()`, then for each message `send()` and `recv(1024)`,
//! then `close()`; and what the tutorial leaves out, a server that closes first.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::exit;
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(addr) = args.next() else {
        eprintln!("usage: tcp-client ADDRESS MESSAGE...   (for example 127.0.0.1:9000 hello)");
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
    // settimeout(): a server that never replies must not hold the client for ever.
    if let Err(error) = stream.set_read_timeout(Some(Duration::from_secs(10))) {
        eprintln!("error: cannot set a timeout: {error}");
        exit(1);
    }

    for message in args {
        // sendall(): every byte of the argument, and nothing more.
        if let Err(error) = stream.write_all(message.as_bytes()) {
            eprintln!("error: cannot send to {addr}: {error}");
            exit(1);
        }
        // recv(1024): one read is one reply, as the server sends each in one piece.
        let mut buffer = [0u8; 1024];
        let n = match stream.read(&mut buffer) {
            Ok(n) => n,
            // A reset, or the timeout (which Linux reports as EAGAIN, os error 11).
            Err(error) => {
                eprintln!("error: no reply from {addr}: {error}");
                exit(1);
            }
        };
        // 0 bytes is not an empty reply: it is the server's close (b'' in Python).
        if n == 0 {
            eprintln!(
                "error: the server at {addr} closed the connection before replying to {message:?}"
            );
            exit(1);
        }
        // The reply as text, its control characters escaped: the server's bytes must not
        // steer the terminal.
        let reply = String::from_utf8_lossy(&buffer[..n]);
        println!("{}", reply.trim_end_matches('\n').escape_debug());
    }
    // close(): dropping the stream at the end of main closes the connection.
}
