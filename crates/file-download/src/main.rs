//! `file-download`: lesson 6's one binary; each role is a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use common::cli::usage_with_example;
use file_download::{client, server};

/// Lesson 6: a file server and a client that never leave a broken file
#[derive(Parser)]
#[command(name = "file-download", version)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Serve the files in a folder to anyone who asks for one by name
    Server(server::ServerArgs),
    /// Download one file, completely or not at all
    #[command(override_usage = usage_with_example(
        "file-download client [OPTIONS] <ADDR | HOST PORT> <NAME> [-o OUT]",
        client::EXAMPLE
    ))]
    Client(client::ClientArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| match cli.role {
        Role::Server(args) => server::run(args),
        Role::Client(args) => client::run(args),
    })
}
