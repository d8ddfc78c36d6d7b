//! # Exercise 2: a TCP client that sends its arguments and prints each reply
//!
//! Tutorial 000's client, in Rust: `socket()`, `connect()`, then for each message
//! `send()` and `recv(1024)`, and `close()`. Read lesson 1 (tcp-basic) first.
//!
//! Your program is started with the server's address and the messages to send:
//!
//! ```text
//! tcp-client 127.0.0.1:40123 'hello apple' 你好
//! ```
//!
//! Make it
//!
//! 1. connect to exactly that address (the checker listens there; never a fixed one);
//! 2. for each argument after the address, in turn, on that one connection: send the
//!    argument's bytes as they are (no newline), receive the reply (one `read` into a
//!    1024-byte buffer), and print it on stdout at the end of a line of its own (a label
//!    before it is fine);
//! 3. once every reply has come, close the connection and end with exit code 0;
//! 4. if the server closes first (a `read` returns 0 bytes), say so in one line on stderr
//!    and end with exit code 1: not every message got its reply.
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check tcp-client
//! ```
//!
//! Try it by hand, from the same folder, in two terminals:
//!
//! ```text
//! cargo run -p tcp-basic -- server 127.0.0.1:9000
//! cargo run --manifest-path exercises/Cargo.toml -p tcp-client -- 127.0.0.1:9000 hello 你好
//! ```

fn main() {
    // The server's address, then the messages: sys.argv[1] and sys.argv[2:] in Python.
    let mut args = std::env::args().skip(1);
    let Some(addr) = args.next() else {
        eprintln!("usage: tcp-client ADDRESS MESSAGE...   (for example 127.0.0.1:9000 hello)");
        std::process::exit(2);
    };
    let messages: Vec<String> = args.collect();

    // TODO: socket() and connect() in one call: std::net::TcpStream::connect.
    // TODO: for each message: send it (write_all), recv(1024) the reply, print it.
    // TODO: a read of 0 bytes is the server's close: say so and exit with code 1.
    println!(
        "tcp-client: I should send {} message(s) to {addr}, but nobody has written that yet",
        messages.len()
    );
}
