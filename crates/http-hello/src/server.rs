//! # http-hello: a web server, on a pool of threads or on async tasks
//!
//! The tutorial answers each browser with a hand-written HTTP response, and serves many
//! browsers at once with gevent: a coroutine per connection. The Rust Book's last chapter
//! builds the same kind of server on a thread pool. This lesson has both, on one protocol
//! (the parser, routes and responses do no I/O): `--model pool` (the default, in
//! [`crate::pool`]) and `--model async` (one tokio task per connection, in
//! [`crate::tasks`]). This file binds the socket and hands it to the chosen model.
//!
//! Terminal 1: `cargo run -p http-hello` (the pool), or
//! `cargo run -p http-hello -- --model async` (the tasks); on another port:
//! `cargo run -p http-hello -- 127.0.0.1:8081 --model async`
//!
//! Terminal 2: `curl -i "http://127.0.0.1:8080/hello?name=Ada"`
//!
//! The output to expect is in the book's chapters (lesson 7, and "From gevent to async
//! Rust"). A browser, Python's `http.client` and nc work too.

use std::net::TcpListener;
use std::time::Duration;

use clap::{Args, ValueEnum};
use common::cli::{BindAddrArg, NarrationArgs, seconds};
use common::errors::tcp_bind_error;
use common::narrate::Narrator;
use common::ports;
use common::stop::Stop;

use crate::{pool, tasks};

/// How connections are driven; the protocol is the same in both.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// A fixed pool of worker threads and a bounded queue (the Rust Book's design)
    Pool,
    /// One tokio task per connection (gevent's coroutine per client)
    Async,
}

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// How connections are served: a pool of threads, or a task per connection
    #[arg(long, value_enum, default_value_t = Model::Pool)]
    pub model: Model,
    /// Worker threads: how many connections are served at once
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub threads: u32,
    /// Connections that may wait for a worker; more are answered 503
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub queue: u32,
    /// Connections served at once by --model async; more are answered 503
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Seconds an idle kept-alive connection stays open
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "5")]
    pub idle: Duration,
    /// Seconds a client has to send a whole request head, once it has begun; then 408
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub head_timeout: Duration,
    /// Seconds a response may take to leave; a client that does not read is let go
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub send_timeout: Duration,
    /// Let `GET /boom` panic on purpose, to show that a panic costs one 500
    #[arg(long)]
    pub demo_panic: bool,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `http-hello`: listen, then serve until Ctrl-C or SIGTERM.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::HTTP_HELLO)?;
    // socket(), bind(), listen(): as in lesson 1, in one call.
    let listener = TcpListener::bind(addr).map_err(|e| tcp_bind_error(addr, e))?;
    let narrator = Narrator::new("server", &args.narration, Default::default());
    match args.model {
        Model::Pool => {
            // Ctrl-C or SIGTERM: set the stop flag, and wake accept() by connecting once.
            let stop = Stop::waking_listener(&listener)?;
            pool::quiet_panics();
            pool::serve(listener, &args, &narrator, &stop)
        }
        Model::Async => {
            pool::quiet_panics();
            tasks::serve(listener, &args, &narrator)
        }
    }
}
