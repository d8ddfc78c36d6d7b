//! # Exercise 4: messages with their length in front (the fix for sticky packets)
//!
//! TCP carries bytes, not messages: two messages sent one after the other may arrive in
//! one `recv` (glued, "sticky packets", 粘包), and one message may arrive in pieces. Lesson
//! 1's `--framed` mode marks each message with its length: 4 bytes, big-endian (network
//! byte order), then the message; in Python `struct.pack('>I', len(data)) + data`. Read
//! lesson 1 (tcp-basic) and its `framed.rs` first.
//!
//! Your program is started with the address to listen on as its first argument:
//!
//! ```text
//! framing 127.0.0.1:40123
//! ```
//!
//! The server around the two functions below is written: it accepts clients one after
//! another and answers each message `received N bytes` and a newline, as lesson 1's
//! server does with `--framed`. Write the two functions, so that
//!
//! 1. `write_message` sends the length first, then the bytes, in one `write_all`;
//! 2. `read_message` reads exactly one message however the bytes arrive: glued to the
//!    next one, or one byte at a time;
//! 3. a message of more than 64 KiB (`MAX_MESSAGE`) is refused, unread: return an error,
//!    and the server closes that connection and serves the next client.
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check framing
//! ```
//!
//! Try it by hand, from the same folder, in two terminals:
//!
//! ```text
//! cargo run --manifest-path exercises/Cargo.toml -p framing -- 127.0.0.1:9000
//! cargo run -p tcp-basic -- client --framed 127.0.0.1:9000 hello 你好
//! ```

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// The longest message the server takes: 64 KiB, as lesson 1's `--framed`.
const MAX_MESSAGE: usize = 64 * 1024;

fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: framing ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            std::process::exit(1);
        }
    };
    println!("framing: listening on {addr}");
    for connection in listener.incoming() {
        match connection {
            // One client's error (a broken message, a reset) ends that client's
            // connection, not the server.
            Ok(mut stream) => match serve(&mut stream) {
                Ok(()) => println!("framing: the client closed the connection"),
                Err(error) => eprintln!("framing: dropping the client: {error}"),
            },
            Err(error) => eprintln!("framing: accept failed: {error}"),
        }
    }
}

/// One client: each message answered with `received N bytes\n`, until the client closes.
fn serve(stream: &mut TcpStream) -> io::Result<()> {
    // A client that goes quiet, or never reads, must not hold the server for ever.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    while let Some(message) = read_message(stream)? {
        let n = message.len();
        // Its first 60 characters, control characters escaped: enough to recognise it.
        let text: String = String::from_utf8_lossy(&message).chars().take(60).collect();
        println!("framing: a message of {n} bytes: {}", text.escape_debug());
        write_message(stream, format!("received {n} bytes\n").as_bytes())?;
    }
    Ok(())
}

/// Send one message: its length in 4 bytes, big-endian, then its bytes.
fn write_message(stream: &mut TcpStream, message: &[u8]) -> io::Result<()> {
    // TODO: put the length first: `(message.len() as u32).to_be_bytes()`, then the
    // message, in one buffer and one write_all. As shipped the bytes go out bare.
    stream.write_all(message)
}

/// Receive one message; `Ok(None)` when the client closed the connection between two.
fn read_message(stream: &mut TcpStream) -> io::Result<Option<Vec<u8>>> {
    // TODO: read the 4-byte length (a close before its first byte is Ok(None), a close
    // after it an error), refuse one over MAX_MESSAGE, then read exactly that many bytes
    // (a close before they are all in is an error too). As shipped, one recv(1024) is
    // taken for one message: the mistake that framing fixes.
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer)?;
    Ok((n > 0).then(|| buffer[..n].to_vec()))
}
