//! `tcp-basic`: lesson 1's one binary; each role is a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tcp_basic::{client, server};

/// Lesson 1: a TCP server and client, one socket call at a time
#[derive(Parser)]
#[command(name = "tcp-basic", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Listen for TCP clients and answer each message, one client after another
    Server(server::ServerArgs),
    /// Connect to a TCP server, send messages and print the replies
    Client(client::ClientArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Server(args) => server::run(args),
        Role::Client(args) => client::run(args),
    })
}
