//! `broadcast`: lesson 4's one binary; each role is a subcommand.

use std::process::ExitCode;

use broadcast::{interfaces, listen, send};
use clap::{Parser, Subcommand};

/// Lesson 4: UDP broadcast and multicast to every listener on the network
#[derive(Parser)]
#[command(name = "broadcast", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Hear broadcasts (or a multicast group) on a port that many listeners can share
    Listen(listen::ListenArgs),
    /// Send a message to every listener: a broadcast address or a multicast group
    Send(send::SendArgs),
    /// List this machine's IPv4 interfaces with their netmask and broadcast address
    Interfaces,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Listen(args) => listen::run(args),
        Role::Send(args) => send::run(args),
        Role::Interfaces => interfaces::run(),
    })
}
