//! `threaded-chat`: lesson 5's one binary; each role is a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use threaded_chat::{client, server, talk, udp};

/// Lesson 5: a chat room on threads and channels, and a two-thread UDP peer chat
#[derive(Parser)]
#[command(name = "threaded-chat", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Run a chat room: every line a member sends goes to every other member
    Server(server::ServerArgs),
    /// Join a chat room: type lines, see everyone else's as they come
    Client(client::ClientArgs),
    /// Chat with one peer over UDP: a receive thread and a send thread
    Udp(udp::UdpArgs),
    /// Chat with one peer over TCP, as the tutorial: a send thread and a receive thread
    Talk(talk::TalkArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Server(args) => server::run(args),
        Role::Client(args) => client::run(args),
        Role::Udp(args) => udp::run(args),
        Role::Talk(args) => talk::run(args),
    })
}
