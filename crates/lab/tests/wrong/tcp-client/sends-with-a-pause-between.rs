//! Wrong on purpose: sends every message first, with a pause after each so that they do
//! not stick together, then reads all the replies at the end. It never waits for a
//! reply: it guesses how long one takes, and a slower server proves the guess wrong.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    let messages: Vec<String> = args.collect();
    for message in &messages {
        stream.write_all(message.as_bytes()).unwrap();
        // Long enough for the server to have answered, surely.
        thread::sleep(Duration::from_millis(250));
    }
    // Done sending; the replies, each ending in a newline, until the server closes.
    stream.shutdown(Shutdown::Write).unwrap();
    let mut replies = Vec::new();
    let _ = stream.read_to_end(&mut replies);
    let replies = String::from_utf8_lossy(&replies);
    print!("{replies}");
    if replies.lines().count() < messages.len() {
        eprintln!("error: the server closed the connection before every reply came");
        std::process::exit(1);
    }
}
