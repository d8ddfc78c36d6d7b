//! # Exercise 3, a solution: the byebye server
//!
//! Tutorial 001's conversation server: for each client in turn, `recv(1024)` a message,
//! print it, answer with a line typed on stdin (`input()`), until one side says `byebye`
//! or the client closes; then back to `accept()` for the next client.

use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::exit;

fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: byebye-server ADDRESS   (for example 127.0.0.1:9000)");
        exit(2);
    };
    // socket(), bind() and listen(): one call in Rust.
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            exit(1);
        }
    };
    println!("listening on {addr}");
    let mut keyboard = std::io::stdin().lock();
    // accept(): one client after another; the next one waits in the listen queue.
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(stream) => stream,
            Err(error) => {
                eprintln!("accept failed: {error}");
                continue;
            }
        };
        let peer = match stream.peer_addr() {
            Ok(peer) => peer.to_string(),
            Err(_) => "a client".to_string(),
        };
        println!("{peer} connected");
        let ending = talk(&mut stream, &mut keyboard);
        println!("{peer}: {ending}");
        // close(): dropping the stream at the end of this turn of the loop.
    }
}

/// One conversation, until someone says byebye or the client goes; what ended it.
fn talk(stream: &mut TcpStream, keyboard: &mut impl BufRead) -> String {
    loop {
        // recv(1024): the client sends one message and waits for the answer.
        let mut buffer = [0u8; 1024];
        let n = match stream.read(&mut buffer) {
            // 0 bytes: the client closed the connection without a word.
            Ok(0) => return "closed the connection".to_string(),
            Ok(n) => n,
            Err(error) => return format!("lost: {error}"),
        };
        let message = String::from_utf8_lossy(&buffer[..n]);
        println!("client says: {}", message.escape_debug());
        if message == "byebye" {
            return "said byebye".to_string();
        }
        // input(): the answer is the next line typed on stdin.
        let Some(answer) = typed_line(keyboard) else {
            // Nobody is left to type answers: stop the whole server.
            println!("end of input: nobody can answer, stopping");
            exit(0);
        };
        // sendall(): the line's bytes, without its newline.
        if let Err(error) = stream.write_all(answer.as_bytes()) {
            return format!("lost: {error}");
        }
        if answer == "byebye" {
            return "we said byebye".to_string();
        }
    }
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
