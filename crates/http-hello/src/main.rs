//! `http-hello`: lesson 7's one binary. It has one role, the server, so no subcommand.

use std::process::ExitCode;

use clap::Parser;
use http_hello::server;

/// Lesson 7: a real HTTP/1.1 server with its own small parser, on a thread pool
/// (--model pool) or on async tasks (--model async)
#[derive(Parser)]
#[command(name = "http-hello", version)]
struct Cli {
    #[command(flatten)]
    server: server::ServerArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| server::run(cli.server))
}
