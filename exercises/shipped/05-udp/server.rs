//! # Exercise 5, the server: datagrams in, `Receive` out
//!
//! Tutorial 000's UDP server, in Rust: `socket(AF_INET, SOCK_DGRAM)`, `bind()`, then a
//! loop of `recvfrom(1024)` and `sendto(b'Receive', addr)`. No `listen()`, no `accept()`:
//! UDP has no connections, each datagram comes whole with its sender's address. Read
//! lesson 2 (udp-basic) first. Its client is `src/client.rs`, beside this file.
//!
//! Your server is started with the address to receive on as its first argument:
//!
//! ```text
//! udp-server 127.0.0.1:40123
//! ```
//!
//! Make it
//!
//! 1. bind a UDP socket to exactly that address;
//! 2. for ever, in a loop: receive one datagram (`recv_from` into a 1024-byte buffer),
//!    print what it held on stdout, at the end of a line of its own (a label before it is
//!    fine), and send the 7 bytes `Receive` back to the address it came from;
//! 3. answer whatever comes, from whoever sends it: a datagram of 0 bytes is a datagram
//!    (not an end, as 0 bytes is in TCP), and bytes that are not utf-8 are a message too.
//!
//! Check it (the server first, then the client) from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check udp
//! ```
//!
//! Try it by hand, from the same folder, in two terminals:
//!
//! ```text
//! cargo run --manifest-path exercises/Cargo.toml --bin udp-server -- 127.0.0.1:9000
//! cargo run -p udp-basic -- client 127.0.0.1:9000 hello 你好
//! ```

fn main() {
    // The address to receive on, as the checker passes it: sys.argv[1] in Python.
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: udp-server ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // TODO: socket(AF_INET, SOCK_DGRAM) and bind() in one call: std::net::UdpSocket::bind.
    // TODO: loop: recv_from into a 1024-byte buffer, print the message (it may not be
    //       utf-8), send_to(b"Receive", sender).
    println!("udp-server: I should receive on {addr}, but nobody has written that yet");
}
