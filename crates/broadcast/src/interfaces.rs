//! # broadcast interfaces: where can I broadcast?
//!
//! Lists this machine's IPv4 interfaces with their address, netmask and broadcast address
//! (what `ip addr` or `ipconfig` show), so that you can find your network's broadcast
//! address for `broadcast send --to`.
//!
//! ```text
//! cargo run -p broadcast -- interfaces
//! ```
//!
//! It prints a header, then a line per address: `lo 127.0.0.1 255.0.0.0 127.255.255.255`
//! for loopback, and one for each network you are on (the book's chapter shows it).

use anyhow::Context;
use common::ipv4::Network;

/// `broadcast interfaces`: one line per IPv4 address of this machine.
pub fn run() -> anyhow::Result<()> {
    // getifaddrs(): every address of every interface (Python has no direct call for it).
    let interfaces = if_addrs::get_if_addrs().context("cannot list the network interfaces")?;
    common::say!(
        "{:<10} {:<16} {:<16} broadcast",
        "interface",
        "address",
        "netmask"
    );
    for interface in interfaces {
        let if_addrs::IfAddr::V4(v4) = &interface.addr else {
            continue;
        };
        // The broadcast address is the network's last address; compute it from the prefix
        // when the system reports none (as for loopback).
        let network = Network {
            address: v4.ip,
            prefix: v4.prefixlen,
        };
        let broadcast = v4.broadcast.unwrap_or_else(|| network.broadcast());
        common::say!(
            "{:<10} {:<16} {:<16} {broadcast}",
            interface.name,
            v4.ip.to_string(),
            v4.netmask.to_string()
        );
    }
    Ok(())
}
