//! # Exercise 1, a solution: a TCP server that answers each message
//!
//! Tutorial 000's first server, serving clients one after another: `socket()`, `bind()`,
//! `listen()`, then for each client `accept()`, `recv(1024)`, `send()`, `close()`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: tcp-server ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // socket(), bind(), listen(): one call in Rust.
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            std::process::exit(1);
        }
    };
    // getsockname(): the address really bound, as the lessons' servers print it.
    match listener.local_addr() {
        Ok(bound) => println!("tcp-server: listening on {bound}"),
        Err(error) => eprintln!("tcp-server: getsockname failed: {error}"),
    }

    // accept(), again and again: one client after another.
    for connection in listener.incoming() {
        match connection {
            Ok(stream) => {
                // One client's failure (it left, it reset) is that client's, not the server's.
                if let Err(error) = answer(stream) {
                    eprintln!("tcp-server: client lost: {error}");
                }
            }
            Err(error) => eprintln!("tcp-server: accept failed: {error}"),
        }
    }
}

/// One client: recv(1024), then the answer, then close() (when `stream` is dropped).
fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    // A client that never sends must not hold the server for ever.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer)?;
    // Text from the network, shown with its control characters escaped: a peer's ESC
    // sequence must not reach the terminal.
    let text = String::from_utf8_lossy(&buffer[..n]);
    println!("tcp-server: received {n} bytes: {}", text.escape_debug());
    // sendall(): write_all writes every byte, where a bare write may write some.
    stream.write_all(format!("received {n} bytes\n").as_bytes())?;
    Ok(())
}
