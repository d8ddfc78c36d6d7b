//! `udp-basic`: lesson 2's one binary; each role is a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use udp_basic::{client, menu, server};

/// Lesson 2: UDP datagrams, no connection: recvfrom and sendto
#[derive(Parser)]
#[command(name = "udp-basic", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Receive datagrams and answer each one, from whoever sent it
    Server(server::ServerArgs),
    /// Send datagrams to a server and print its replies
    Client(client::ClientArgs),
    /// The tutorial's chat tool: a menu to send (1) or receive (2) one datagram at a time
    Menu(menu::MenuArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Server(args) => server::run(args),
        Role::Client(args) => client::run(args),
        Role::Menu(args) => menu::run(args),
    })
}
