//! # Exercise 5, the client: a datagram out, a reply in, and a timeout
//!
//! Tutorial 000's UDP client, in Rust, with what it lacks: the tutorial's `recvfrom()`
//! waits for ever when a datagram or its reply is lost, and UDP does not tell. Read
//! lesson 2 (udp-basic) first. Its server is `src/server.rs`, beside this file.
//!
//! Your client is started with the server's address and the messages to send:
//!
//! ```text
//! udp-client 127.0.0.1:40123 'hello apple' 你好
//! ```
//!
//! Make it
//!
//! 1. bind a UDP socket to `127.0.0.1:0` (any free port: the system picks one), and give
//!    it a read timeout of `REPLY_TIMEOUT`;
//! 2. for each argument after the address, in turn: send its bytes as one datagram to
//!    the server's address, receive the reply (`recv_from` into a 1024-byte buffer) and
//!    print it on stdout at the end of a line of its own (a label before it is fine);
//! 3. take only the server's datagrams as replies: anything from another address is not
//!    one (`connect()` the socket to the server, and the system drops the rest; or
//!    compare the address `recv_from` returns);
//! 4. if no reply comes within `REPLY_TIMEOUT`, or the receive fails (a connected socket
//!    hears "connection refused" where no program receives), say so in one line on stderr
//!    and end with exit code 1, sending nothing more; after the last reply, end with exit
//!    code 0.
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check udp
//! ```
//!
//! Try it by hand, from the same folder, in two terminals (then stop the server and try
//! the client again):
//!
//! ```text
//! cargo run -p udp-basic -- server 127.0.0.1:9000
//! cargo run --manifest-path exercises/Cargo.toml --bin udp-client -- 127.0.0.1:9000 hello 你好
//! ```

use std::io::ErrorKind;
use std::net::UdpSocket;
use std::time::Duration;

/// How long to wait for each reply: settimeout(0.5) in Python.
const REPLY_TIMEOUT: Duration = Duration::from_millis(500);

fn main() {
    // The server's address, then the messages: sys.argv[1] and sys.argv[2:] in Python.
    let mut args = std::env::args().skip(1);
    let Some(server) = args.next() else {
        eprintln!("usage: udp-client ADDRESS MESSAGE...   (for example 127.0.0.1:9000 hello)");
        std::process::exit(2);
    };

    // socket(AF_INET, SOCK_DGRAM), bound to any free port of this machine.
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap_or_else(|error| fail("cannot bind", error));
    // connect(): no packet is sent; the socket only keeps the server's address, and from
    // now on the system drops datagrams from anyone else.
    if let Err(error) = socket.connect(&server) {
        fail(&format!("cannot use the address {server}"), error);
    }
    // settimeout(0.5): recv() gives up after REPLY_TIMEOUT instead of waiting for ever.
    if let Err(error) = socket.set_read_timeout(Some(REPLY_TIMEOUT)) {
        fail("cannot set the timeout", error);
    }
    let mut buffer = [0u8; 1024];
    for message in args {
        // sendto(data, ADDR): one datagram, sent whole.
        if let Err(error) = socket.send(message.as_bytes()) {
            fail(&format!("cannot send to {server}"), error);
        }
        // recvfrom(1024): the reply, or an error once REPLY_TIMEOUT has passed: WouldBlock
        // on Linux and macOS, TimedOut on Windows.
        match socket.recv(&mut buffer) {
            Ok(n) => println!("{}", String::from_utf8_lossy(&buffer[..n])),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                eprintln!(
                    "udp-client: no reply from {server} within {REPLY_TIMEOUT:?}: the datagram \
                     or its reply was lost, and UDP does not send it again"
                );
                std::process::exit(1);
            }
            // Connection refused: the system of the server's machine answered "no program
            // receives on that port" (ICMP), which a connected socket reports.
            Err(error) => fail(&format!("cannot receive from {server}"), error),
        }
    }
}

/// One line on stderr, and exit code 1.
fn fail(what: &str, error: std::io::Error) -> ! {
    eprintln!("udp-client: {what} ({error})");
    std::process::exit(1);
}
