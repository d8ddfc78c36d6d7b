//! What file-download's test files share: a server played by hand, to lie to the client.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::thread;
use std::time::Duration;

/// A server played by hand, to lie to the client: it reads the request, answers `answer`,
/// then sends `body` one piece at a time, pausing `pause` after each, and closes.
pub fn fake_server(answer: &[u8], body: Vec<Vec<u8>>, pause: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let answer = answer.to_vec();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a client");
        // The whole request line (bytes left unread would make the close a reset), or
        // what came before a pause: a bare request has no newline.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        let mut byte = [0u8; 1];
        while stream.read(&mut byte).is_ok_and(|n| n == 1) && byte[0] != b'\n' {}
        let _ = stream.write_all(&answer);
        for piece in body {
            if stream.write_all(&piece).is_err() {
                return;
            }
            thread::sleep(pause);
        }
    });
    addr
}

/// A server that announces `announce` bytes, sends `send` (fewer), and dies.
pub fn dying_server(announce: usize, send: &[u8]) -> SocketAddr {
    let answer = format!("OK {announce}\n");
    fake_server(answer.as_bytes(), vec![send.to_vec()], Duration::ZERO)
}

/// A file of `len` bytes at `path` that costs no disk (sparse: all zeros, no blocks), for
/// downloads that must still be going on, and parts or files that are huge.
pub fn sparse_file(path: &Path, len: u64) {
    File::create(path)
        .and_then(|file| file.set_len(len))
        .expect("a sparse file");
}
