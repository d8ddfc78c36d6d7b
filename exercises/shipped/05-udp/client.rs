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
    let messages: Vec<String> = args.collect();

    // TODO: a UdpSocket bound to 127.0.0.1:0, with REPLY_TIMEOUT as its read timeout.
    // TODO: for each message: send it to the server, receive the server's reply, print it.
    // TODO: no reply within REPLY_TIMEOUT: say so on stderr and exit with code 1.
    println!(
        "udp-client: I should send {} message(s) to {server} and wait {REPLY_TIMEOUT:?} for \
         each reply, but nobody has written that yet",
        messages.len()
    );
}
