//! # Exercise 3, the server: a conversation typed on both sides, ended by `byebye`
//!
//! Tutorial 001's conversation, in Rust: the server receives a message, shows it, and
//! answers with a line that its operator types, until one side says `byebye`. Read lesson
//! 1 (tcp-basic, "A conversation typed on both sides") first. Its client is
//! `src/client.rs`, beside this file.
//!
//! Your server is started with the address to listen on as its first argument:
//!
//! ```text
//! byebye-server 127.0.0.1:40123
//! ```
//!
//! Make it
//!
//! 1. listen on exactly that address, and accept one client after another, for ever;
//! 2. with each client, in turn: receive a message (one `read` into a 1024-byte buffer),
//!    print it on stdout at the end of a line of its own (a label before it is fine), and
//!    only then read one line from stdin and send it, without its newline (Python's
//!    `input()` drops it too);
//! 3. when the client's message is `byebye`, or the line typed is `byebye` (sent first),
//!    close that connection and go back to accept the next client; the same when the
//!    client closes the connection (a `read` returns 0 bytes).
//!
//! Check it (the server first, then the client) from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check byebye
//! ```
//!
//! Try it by hand, from the same folder, in two terminals; type in both:
//!
//! ```text
//! cargo run --manifest-path exercises/Cargo.toml --bin byebye-server -- 127.0.0.1:9000
//! cargo run -p tcp-basic -- client 127.0.0.1:9000 --timeout 120
//! ```

fn main() {
    // The address to listen on, as the checker passes it: sys.argv[1] in Python.
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: byebye-server ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // TODO: listen (TcpListener::bind), then accept clients in a loop.
    // TODO: for each client: read a message, print it, send a line typed on stdin
    //       (std::io::stdin().read_line), until byebye from either side or the close.
    println!("byebye-server: I should listen on {addr}, but nobody has written that yet");
}
