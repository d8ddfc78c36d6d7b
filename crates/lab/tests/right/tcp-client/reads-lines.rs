//! Right, though unlike the solution: reads each reply as a line (BufReader::read_line),
//! since the server ends each with a newline; prints it with a label.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let stream = TcpStream::connect(args.next().unwrap()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    for message in args {
        writer.write_all(message.as_bytes()).unwrap();
        let mut reply = String::new();
        if reader.read_line(&mut reply).unwrap() == 0 {
            eprintln!("error: the server closed the connection");
            std::process::exit(1);
        }
        print!("reply: {reply}");
    }
}
