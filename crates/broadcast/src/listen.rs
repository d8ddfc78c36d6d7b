//! # broadcast listen: one datagram, many receivers
//!
//! The tutorials' broadcast receiver: a UDP socket with `SO_BROADCAST`, bound to
//! `('0.0.0.0', 9999)`, printing every datagram until Ctrl-C. We also set `SO_REUSEADDR`,
//! so that several listeners on one machine can share the port: start three in three
//! terminals and every one of them hears every broadcast, the classroom demo.
//!
//! With `--group 239.255.0.1` the listener also joins a multicast group
//! (`IP_ADD_MEMBERSHIP`): it hears what is sent to the group, on the interface given by
//! `--interface` (127.0.0.1, this machine only, by default).
//!
//! Terminals 1 and 2:
//!
//! ```text
//! cargo run -p broadcast -- listen
//! ```
//!
//! Terminal 3:
//!
//! ```text
//! cargo run -p broadcast -- send hello --count 3
//! ```
//!
//! Terminals 1 and 2 then both show `listen: from 127.0.0.1:PORT: hello` three times (the
//! whole run is in the book's chapter "broadcast", checked by the tests).
//!
//! The tutorials' Python receiver can share the port only if it sets `SO_REUSEADDR` too:
//! every socket sharing a port must. The tutorials' Python sender works too (`setsockopt(SOL_SOCKET, SO_BROADCAST, 1)` and
//! `sendto(data, ('127.255.255.255', 9999))`), and so does `socat - UDP-DATAGRAM:127.255.255.255:9999,broadcast`.

use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

use anyhow::Context;
use clap::Args;
use common::cli::{EncodingArg, NarrationArgs};
use common::errors::{is_timeout, net_error, net_error_hint, net_error_line, usage};
use common::narrate::Narrator;
use common::ports::{self, reach_note};
use common::stop::{POLL, Stop};
use socket2::{Domain, Protocol, Socket, Type};

#[derive(Args, Debug)]
pub struct ListenArgs {
    /// The port to listen on (0: any free port)
    #[arg(long, default_value_t = ports::BROADCAST)]
    pub port: u16,
    /// The address to bind; 0.0.0.0 hears broadcasts arriving on every interface
    #[arg(long, value_name = "IP", default_value = "0.0.0.0")]
    pub bind: Ipv4Addr,
    /// Also join this multicast group (a class D address, 224.0.0.0 to 239.255.255.255)
    #[arg(long, value_name = "GROUP")]
    pub group: Option<Ipv4Addr>,
    /// The interface to join the group on; 127.0.0.1 keeps multicast on this machine
    #[arg(
        long,
        value_name = "IP",
        default_value = "127.0.0.1",
        requires = "group"
    )]
    pub interface: Ipv4Addr,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `broadcast listen`: open the shared socket, then print datagrams until stopped.
pub fn run(args: ListenArgs) -> anyhow::Result<()> {
    if let Some(group) = args.group.filter(|g| !g.is_multicast()) {
        return Err(usage(format!(
            "--group {group} is not a multicast address: use one from 224.0.0.0 to 239.255.255.255, such as 239.255.0.1"
        )));
    }
    let addr = SocketAddr::from((args.bind, args.port));
    let socket = open(addr)?;
    let narrator = Narrator::new("listen", &args.narration, args.encoding.encoding);
    let local = socket
        .local_addr()
        .context("cannot read the bound address")?;
    narrator.step(format!("listening on {local}"));
    // getsockopt(SOL_SOCKET, SO_BROADCAST): read the option back, to show it took.
    let broadcast = socket.broadcast().context("cannot read SO_BROADCAST")?;
    narrator.step(format!(
        "SO_REUSEADDR set, SO_BROADCAST is {}, bind({local}) done: {}",
        if broadcast { "on" } else { "off" },
        reach_note(local)
    ));
    if let Some(group) = args.group {
        join(&socket, group, args.interface)?;
        narrator.step(format!(
            "joined multicast group {group} on {} (IP_ADD_MEMBERSHIP)",
            args.interface
        ));
    }
    let stop = Stop::on_signal(|| {})?;
    listen(&socket, &narrator, &stop)
}

// ANCHOR: open
/// A UDP socket that shares its port with other listeners and hears broadcasts.
pub fn open(addr: SocketAddr) -> anyhow::Result<UdpSocket> {
    // socket(AF_INET, SOCK_DGRAM)
    let socket = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP))
        .map_err(|e| net_error("create a socket for", addr, e))?;
    // setsockopt(SOL_SOCKET, SO_REUSEADDR, 1): other listeners on this machine may bind
    // the same port, and each of them receives its own copy of every broadcast.
    socket
        .set_reuse_address(true)
        .map_err(|e| net_error("set SO_REUSEADDR on", addr, e))?;
    // setsockopt(SOL_SOCKET, SO_BROADCAST, 1): as the tutorial does. Only sending to a
    // broadcast address needs it; receiving works without.
    socket
        .set_broadcast(true)
        .map_err(|e| net_error("set SO_BROADCAST on", addr, e))?;
    // bind(('0.0.0.0', 9999)): 0.0.0.0, because a socket bound to 127.0.0.1 or to one
    // interface's own address does not receive datagrams sent to a broadcast address.
    socket.bind(&addr.into()).map_err(|e| bind_error(addr, e))?;
    Ok(socket.into())
}
// ANCHOR_END: open

/// A port shared by several listeners must be opened with SO_REUSEADDR by every one of
/// them: a program that did not set it (the tutorials' Python receiver does not) holds the
/// port alone, and so does a program that finds us there when it tries.
fn bind_error(addr: SocketAddr, error: std::io::Error) -> anyhow::Error {
    if error.kind() != ErrorKind::AddrInUse {
        return net_error("bind", addr, error);
    }
    net_error_hint(
        "bind",
        addr,
        error,
        "a program holds this port without SO_REUSEADDR, such as the tutorials' Python \
         receiver: every socket sharing a port must set it, so stop that program or add \
         s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before its bind()",
    )
}

// ANCHOR: join
/// Join a multicast group: the kernel (and the network's switches, through IGMP) now
/// deliver the group's datagrams to this socket.
fn join(socket: &UdpSocket, group: Ipv4Addr, interface: Ipv4Addr) -> anyhow::Result<()> {
    // setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, inet_aton(group) + inet_aton(interface))
    socket
        .join_multicast_v4(&group, &interface)
        .map_err(|e| net_error(&format!("join group {group} on"), interface, e))
}
// ANCHOR_END: join

// ANCHOR: listen
/// Print every datagram until Ctrl-C or SIGTERM.
fn listen(socket: &UdpSocket, narrator: &Narrator, stop: &Stop) -> anyhow::Result<()> {
    // settimeout(): wake up now and then to see whether we were asked to stop.
    socket
        .set_read_timeout(Some(POLL))
        .context("cannot set the receive timeout")?;
    let mut buf = vec![0u8; 65_536];
    while !stop.requested() {
        // recvfrom(65536): one datagram, from whichever sender.
        match socket.recv_from(&mut buf) {
            Ok((n, from)) => {
                narrator.trace_received(from, &buf[..n]);
                narrator.message(format!("from {from}: {}", narrator.show(&buf[..n])));
            }
            Err(e) if is_timeout(&e) || e.kind() == ErrorKind::Interrupted => {}
            Err(e) => narrator.step(net_error_line("receive on", socket_addr(socket), &e)),
        }
    }
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: listen

fn socket_addr(socket: &UdpSocket) -> String {
    socket
        .local_addr()
        .map_or_else(|_| "the socket".to_string(), |a| a.to_string())
}
