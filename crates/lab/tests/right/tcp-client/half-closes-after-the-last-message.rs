//! Right, though unlike the solution: after its last message it closes its sending half
//! (shutdown(Write), the server's recv returns 0 bytes) and still reads the reply.
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    let messages: Vec<String> = args.collect();
    for (i, message) in messages.iter().enumerate() {
        stream.write_all(message.as_bytes()).unwrap();
        if i + 1 == messages.len() {
            stream.shutdown(Shutdown::Write).unwrap();
        }
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
