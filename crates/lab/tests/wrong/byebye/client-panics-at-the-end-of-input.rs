//! Wrong: unwraps the next line of input, which is None at the end of input: a panic.
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;

fn main() {
    let mut stream = TcpStream::connect(std::env::args().nth(1).unwrap()).unwrap();
    let mut lines = std::io::stdin().lock().lines();
    loop {
        let line = lines.next().unwrap().unwrap();
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
