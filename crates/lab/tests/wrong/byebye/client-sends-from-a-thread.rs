//! Wrong: sends each typed line from a thread of its own as soon as it is typed, while
//! the main thread prints the answers: the two sides no longer take turns.
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::exit;

fn main() {
    let mut stream = TcpStream::connect(std::env::args().nth(1).unwrap()).unwrap();
    let mut sender = stream.try_clone().unwrap();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let line = line.unwrap();
            sender.write_all(line.as_bytes()).unwrap();
            if line == "byebye" {
                exit(0);
            }
        }
        exit(0);
    });
    loop {
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            exit(0);
        }
        let answer = String::from_utf8_lossy(&buffer[..n]);
        println!("server: {answer}");
        if answer == "byebye" {
            exit(0);
        }
    }
}
