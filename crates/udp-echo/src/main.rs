//! `udp-echo`: lesson 3's one binary; each role is a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use udp_echo::{client, ping, server};

/// Lesson 3: a UDP echo server, its client, and a ping that measures round trips
#[derive(Parser)]
#[command(name = "udp-echo", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Send every datagram back to whoever sent it, byte for byte
    Server(server::ServerArgs),
    /// Send messages to an echo server and show what comes back
    Client(client::ClientArgs),
    /// Send numbered, timed probes and report loss and round-trip times, like ping
    Ping(ping::PingArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Server(args) => server::run(args),
        Role::Client(args) => client::run(args),
        Role::Ping(args) => ping::run(args),
    })
}
