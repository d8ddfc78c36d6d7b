//! # Exercise 3, the client: a conversation typed on both sides, ended by `byebye`
//!
//! Tutorial 001's conversation, in Rust: the client sends each line its user types and
//! shows the server's answer, until one side says `byebye`. Write the server first
//! (`src/server.rs`, beside this file): the checker checks it first.
//!
//! Your client is started with the server's address as its first argument:
//!
//! ```text
//! byebye-client 127.0.0.1:40123
//! ```
//!
//! Make it
//!
//! 1. connect to exactly that address;
//! 2. read a line from stdin, send it without its newline, receive the answer (one
//!    `read` into a 1024-byte buffer) and print it on stdout at the end of a line of its
//!    own, and only then read the next line; again and again;
//! 3. after sending `byebye`, or receiving `byebye`, close the connection and end with
//!    exit code 0; the same at the end of the input (Ctrl-D, or the end of a file piped
//!    in: `read_line` returns 0).
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check byebye
//! ```
//!
//! Try it by hand, from the same folder, in two terminals; type in both:
//!
//! ```text
//! cargo run -p tcp-basic -- server 127.0.0.1:9000 --interactive
//! cargo run --manifest-path exercises/Cargo.toml --bin byebye-client -- 127.0.0.1:9000
//! ```

fn main() {
    // The server's address: sys.argv[1] in Python.
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: byebye-client ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // TODO: connect (TcpStream::connect).
    // TODO: for each line typed on stdin: send it without its newline, read the answer,
    //       print it; stop after byebye from either side, or at the end of input.
    println!("byebye-client: I should connect to {addr}, but nobody has written that yet");
}
