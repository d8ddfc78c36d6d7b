//! Wrong on purpose: reads each message by its length, but answers bare, without a
//! length in front, as if the newline at its end were enough to find it.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// The longest message the server takes: 64 KiB, as lesson 1's `--framed`.
const MAX_MESSAGE: usize = 64 * 1024;

fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: framing ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            std::process::exit(1);
        }
    };
    println!("framing: listening on {addr}");
    for connection in listener.incoming() {
        match connection {
            // One client's error (a broken message, a reset) ends that client's
            // connection, not the server.
            Ok(mut stream) => match serve(&mut stream) {
                Ok(()) => println!("framing: the client closed the connection"),
                Err(error) => eprintln!("framing: dropping the client: {error}"),
            },
            Err(error) => eprintln!("framing: accept failed: {error}"),
        }
    }
}

/// One client: each message answered with `received N bytes\n`, until the client closes.
fn serve(stream: &mut TcpStream) -> io::Result<()> {
    // A client that goes quiet, or never reads, must not hold the server for ever.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    while let Some(message) = read_message(stream)? {
        let n = message.len();
        // Its first 60 characters, control characters escaped: enough to recognise it.
        let text: String = String::from_utf8_lossy(&message).chars().take(60).collect();
        println!("framing: a message of {n} bytes: {}", text.escape_debug());
        write_message(stream, format!("received {n} bytes\n").as_bytes())?;
    }
    Ok(())
}

/// Send one message: its length in 4 bytes, big-endian, then its bytes.
fn write_message(stream: &mut TcpStream, message: &[u8]) -> io::Result<()> {
    // The answer is text ending in a newline: the client can find its end by itself.
    stream.write_all(message)
}

/// Receive one message; `Ok(None)` when the client closed the connection between two.
fn read_message(stream: &mut TcpStream) -> io::Result<Option<Vec<u8>>> {
    // The length, however TCP cut it: recv until 4 bytes are in. A close before the
    // first byte ends the conversation; one inside the length is an error.
    let mut prefix = [0u8; 4];
    let mut got = 0;
    while got < prefix.len() {
        match stream.read(&mut prefix[got..])? {
            0 if got == 0 => return Ok(None),
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => got += n,
        }
    }
    // struct.unpack('>I', prefix), refused before a byte of the message is read or
    // allocated: a stranger's 4 GiB length must not cost 4 GiB.
    let length = u32::from_be_bytes(prefix) as usize;
    if length > MAX_MESSAGE {
        let error = format!("a message of {length} bytes is over the limit of {MAX_MESSAGE}");
        return Err(io::Error::new(io::ErrorKind::InvalidData, error));
    }
    // read_exact: recv until exactly `length` bytes are in, and nothing of the next one.
    let mut message = vec![0u8; length];
    stream.read_exact(&mut message)?;
    Ok(Some(message))
}
