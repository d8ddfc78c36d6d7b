//! What the tutorials teach about an IPv4 address, for any address you give it.
//!
//! ```text
//! cargo run -p common --example ipinfo -- 172.16.5.4
//! cargo run -p common --example ipinfo -- 192.168.1.77/24
//! ```
//!
//! A bare address gets its class and kind; `A.B.C.D/N` also gets the network address, the
//! broadcast address and the range of host addresses.

use std::process::ExitCode;

use clap::Parser;
use common::errors::usage;
use common::ipv4::report;

/// Show the class, kind, network and broadcast address of IPv4 addresses
#[derive(Parser)]
#[command(name = "ipinfo")]
struct Cli {
    /// An address (172.16.5.4) or a network (192.168.1.77/24)
    #[arg(required = true, value_name = "ADDRESS[/PREFIX]")]
    addresses: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::cli::run(|| {
        // Check every input first, so a typo prints one error line and nothing else.
        let reports = cli
            .addresses
            .iter()
            .map(|input| report(input).map_err(usage))
            .collect::<anyhow::Result<Vec<_>>>()?;
        common::say!("{}", reports.join("\n\n"));
        Ok(())
    })
}
