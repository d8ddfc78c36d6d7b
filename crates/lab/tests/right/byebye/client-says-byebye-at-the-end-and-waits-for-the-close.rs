//! Right, though unlike the solution: at the end of its input it says byebye too, and
//! after every byebye of its own it reads until the server closes, then ends.
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;

fn main() {
    let mut stream = TcpStream::connect(std::env::args().nth(1).unwrap()).unwrap();
    let mut keyboard = std::io::stdin().lock();
    loop {
        let mut line = String::new();
        let line = match keyboard.read_line(&mut line) {
            Ok(0) | Err(_) => "byebye",
            Ok(_) => line.trim_end(),
        };
        stream.write_all(line.as_bytes()).unwrap();
        if line == "byebye" {
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            return;
        }
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let answer = String::from_utf8_lossy(&buffer[..n]);
        println!("{answer}");
        if answer == "byebye" || n == 0 {
            return;
        }
    }
}
