//! Right, though unlike the solution: one `lines()` iterator over stdin for every client,
//! messages and answers trimmed, messages shown in their debug form.
use std::io::{BufRead, Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    let mut typed = std::io::stdin().lock().lines();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        loop {
            let mut buffer = [0u8; 1024];
            let n = match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let message = String::from_utf8_lossy(&buffer[..n]);
            println!("<<< {message:?}");
            if message.trim() == "byebye" {
                break;
            }
            let Some(Ok(answer)) = typed.next() else {
                return;
            };
            if stream.write_all(answer.trim().as_bytes()).is_err() || answer.trim() == "byebye" {
                break;
            }
        }
    }
}
