//! Right, though unlike the solution: after its byebye it closes only its sending half
//! (`shutdown(Write)`) and reads until the server closes too; answers shown with a label.
use std::io::{BufRead, Read, Write};
use std::net::{Shutdown, TcpStream};

fn main() -> std::io::Result<()> {
    let mut stream = TcpStream::connect(std::env::args().nth(1).unwrap())?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        stream.write_all(line.as_bytes())?;
        if line == "byebye" {
            stream.shutdown(Shutdown::Write)?;
            let mut rest = Vec::new();
            stream.read_to_end(&mut rest)?;
            return Ok(());
        }
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer[..n]);
        println!("answer: {answer}");
        if answer == "byebye" {
            break;
        }
    }
    Ok(())
}
