//! Wrong: takes the end of input for an empty line: sends nothing, and waits for an answer.
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;

fn main() {
    let mut stream = TcpStream::connect(std::env::args().nth(1).unwrap()).unwrap();
    let mut keyboard = std::io::stdin().lock();
    loop {
        let mut line = String::new();
        keyboard.read_line(&mut line).unwrap();
        let line = line.trim_end();
        stream.write_all(line.as_bytes()).unwrap();
        if line == "byebye" {
            return;
        }
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let answer = String::from_utf8_lossy(&buffer[..n]);
        println!("server: {answer}");
        if answer == "byebye" {
            return;
        }
    }
}
