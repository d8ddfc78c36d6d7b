//! # Exercise 1: a TCP server that answers each message
//!
//! Tutorial 000's first server, in Rust: `socket()`, `bind()`, `listen()`, `accept()`,
//! `recv(1024)`, `send()`, `close()`. Read lesson 1 (tcp-basic) first.
//!
//! Your program is started with the address to listen on as its first argument:
//!
//! ```text
//! tcp-server 127.0.0.1:40123
//! ```
//!
//! Make it
//!
//! 1. listen on exactly that address (the checker picks a free port; never a fixed one);
//! 2. accept a client, receive its message (at most 1024 bytes, one `read`), answer
//!    `received N bytes` and a newline, where N is the number of bytes received, and
//!    close the connection (the client waits for that close);
//! 3. go back to accept the next client, for ever: clients come one after another.
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check tcp-server
//! ```
//!
//! Try it by hand, from the same folder, in two terminals:
//!
//! ```text
//! cargo run --manifest-path exercises/Cargo.toml -p tcp-server -- 127.0.0.1:9000
//! cargo run -p tcp-basic -- client 127.0.0.1:9000 hello
//! ```

fn main() {
    // The address to listen on, as the checker passes it: sys.argv[1] in Python.
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: tcp-server ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // TODO: socket(), bind() and listen() in one call: std::net::TcpListener::bind.
    // TODO: for each client: accept(), recv(1024), answer "received N bytes\n", close().
    println!("tcp-server: I should listen on {addr}, but nobody has written that yet");
}
