//! Right, though unlike the solution: main returns a Result, and the server's close
//! becomes an error (exit code 1, with the error printed by Rust); blank lines between
//! replies.
use std::io::{Error, Read, Write};
use std::net::TcpStream;

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let address = args
        .next()
        .ok_or(Error::other("usage: tcp-client ADDRESS MESSAGE..."))?;
    let mut stream = TcpStream::connect(address)?;
    for message in args {
        stream.write_all(message.as_bytes())?;
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(Error::other("the server closed the connection"));
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]));
    }
    Ok(())
}
