//! # broadcast send: to everyone at once
//!
//! The tutorials' broadcast sender: a UDP socket with `SO_BROADCAST`, sending a message to
//! the broadcast address every second. A broadcast address is the last address of a
//! network (`192.168.1.255` for 192.168.1.0/24): every host on that network receives what
//! is sent there. We send to `127.255.255.255` by default, the broadcast address of the
//! loopback network, which reaches every listener on this machine and nothing beyond it.
//! `--to` takes any other: `<broadcast>` or `255.255.255.255` (your whole local network),
//! a subnet's broadcast address, or a network like `192.168.1.0/24`.
//!
//! `--group 239.255.0.1` sends to a multicast group instead: only the listeners that
//! joined the group receive, and with `--ttl` above 1 it can cross routers.
//!
//! Terminal 1: `cargo run -p broadcast -- listen`
//!
//! Terminal 2: `cargo run -p broadcast -- send hello --count 3`
//!
//! Terminal 2 prints one line per datagram sent, and terminal 1 one line per datagram
//! heard; the book's chapter "broadcast" shows both, as the tests check them.
//!
//! The tutorials' Python receiver hears it too: `setsockopt(SOL_SOCKET, SO_BROADCAST, 1)`,
//! `bind(('0.0.0.0', 9999))`, `recvfrom(1024)`.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::time::Duration;

use clap::Args;
use common::cli::{EncodingArg, NarrationArgs, seconds};
use common::errors::{net_error, net_error_hint, usage};
use common::ipv4::broadcast_target;
use common::narrate::{Narrator, count};
use common::ports;
use common::stop::Stop;
use socket2::SockRef;

#[derive(Args, Debug)]
pub struct SendArgs {
    /// The message to send
    #[arg(default_value = "hello, everyone")]
    pub message: String,
    /// Where to send: a broadcast address, `<broadcast>`, or a network such as 192.168.1.0/24
    #[arg(long, value_name = "ADDR", default_value = "127.255.255.255")]
    pub to: String,
    /// The listeners' port
    #[arg(long, default_value_t = ports::BROADCAST)]
    pub port: u16,
    /// Seconds between two sends
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "1")]
    pub interval: Duration,
    /// Stop after this many sends [default: send until Ctrl-C]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Send to this multicast group instead of a broadcast address
    #[arg(long, value_name = "GROUP", conflicts_with = "to")]
    pub group: Option<Ipv4Addr>,
    /// The interface multicast leaves by; 127.0.0.1 keeps it on this machine
    #[arg(
        long,
        value_name = "IP",
        default_value = "127.0.0.1",
        requires = "group"
    )]
    pub interface: Ipv4Addr,
    /// How many routers multicast may cross (1: this network only)
    #[arg(long, default_value_t = 1, requires = "group")]
    pub ttl: u32,
    /// Leave SO_BROADCAST unset, to see the kernel refuse a broadcast
    #[arg(long)]
    pub no_so_broadcast: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `broadcast send`: prepare the socket, then send every interval.
pub fn run(args: SendArgs) -> anyhow::Result<()> {
    let target = match args.group {
        Some(group) if group.is_multicast() => group,
        Some(group) => {
            return Err(usage(format!(
                "--group {group} is not a multicast address: use one from 224.0.0.0 to 239.255.255.255, such as 239.255.0.1"
            )));
        }
        None => broadcast_target(&args.to).map_err(usage)?,
    };
    let dest = SocketAddr::from((target, args.port));
    let message = args.encoding.encoding.encode(&args.message)?.into_owned();
    let narrator = Narrator::new("send", &args.narration, args.encoding.encoding);
    let socket = open(&args, dest, &narrator)?;

    let times = match args.count {
        None => "until Ctrl-C".to_string(),
        Some(1) => "once".to_string(),
        Some(n) => format!("{n} times"),
    };
    narrator.step(format!(
        "sending to {dest} every {} s, {times}",
        args.interval.as_secs_f64()
    ));
    let stop = Stop::on_signal(|| {})?;
    send_every(&socket, dest, &message, &args, &narrator, &stop)
}

// ANCHOR: open
/// A UDP socket allowed to broadcast, or set up for multicast.
fn open(args: &SendArgs, dest: SocketAddr, narrator: &Narrator) -> anyhow::Result<UdpSocket> {
    // socket(AF_INET, SOCK_DGRAM), on any free port: a sender needs no fixed one.
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))
        .map_err(|e| net_error("bind", "0.0.0.0:0", e))?;
    if let Some(group) = args.group {
        // setsockopt(IPPROTO_IP, IP_MULTICAST_IF, interface): which interface the group's
        // datagrams leave by; and IP_MULTICAST_TTL: how many routers they may cross.
        SockRef::from(&socket)
            .set_multicast_if_v4(&args.interface)
            .map_err(|e| net_error("use for multicast the interface", args.interface, e))?;
        socket
            .set_multicast_ttl_v4(args.ttl)
            .map_err(|e| net_error("set the multicast TTL for", group, e))?;
        narrator.step(format!(
            "multicast to group {group} through {} (IP_MULTICAST_IF), ttl {} (IP_MULTICAST_TTL)",
            args.interface, args.ttl
        ));
    } else if args.no_so_broadcast {
        narrator.step("SO_BROADCAST left unset (--no-so-broadcast): expect the kernel to refuse");
    } else {
        // setsockopt(SOL_SOCKET, SO_BROADCAST, 1): without it the kernel refuses to send to
        // a broadcast address, so that no program floods a network by mistake.
        socket
            .set_broadcast(true)
            .map_err(|e| net_error("set SO_BROADCAST for", dest, e))?;
        narrator.step("SO_BROADCAST set: this socket may send to broadcast addresses");
    }
    if dest.ip() == Ipv4Addr::BROADCAST {
        narrator.step(
            "255.255.255.255 reaches every host on your local network, not just this machine",
        );
    }
    Ok(socket)
}
// ANCHOR_END: open

// ANCHOR: send
/// Send the message every interval, `--count` times or until stopped.
fn send_every(
    socket: &UdpSocket,
    dest: SocketAddr,
    message: &[u8],
    args: &SendArgs,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    let mut sent = 0;
    loop {
        // sendto(data, ('127.255.255.255', 9999)): one datagram, a copy for every listener.
        socket
            .send_to(message, dest)
            .map_err(|e| send_error(dest, e))?;
        sent += 1;
        narrator.trace_sent(dest, message);
        narrator.message(format!(
            "sent {} to {dest}: {}",
            count(message.len(), "byte", "bytes"),
            narrator.show(message)
        ));
        if args.count == Some(sent) {
            narrator.step(format!("done: {sent} sent"));
            return Ok(());
        }
        // sleep(1), waking early on Ctrl-C.
        if stop.sleep(args.interval) {
            narrator.step(format!("stopped: {sent} sent"));
            return Ok(());
        }
    }
}
// ANCHOR_END: send

/// A refused send, with the hint that fits broadcast.
fn send_error(dest: SocketAddr, error: std::io::Error) -> anyhow::Error {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => net_error_hint(
            "send to",
            dest,
            error,
            "sending to a broadcast address needs SO_BROADCAST: setsockopt(SOL_SOCKET, SO_BROADCAST, 1)",
        ),
        std::io::ErrorKind::NetworkUnreachable => net_error_hint(
            "send to",
            dest,
            error,
            "no interface leads there; `broadcast interfaces` lists your networks' broadcast addresses",
        ),
        _ => net_error("send to", dest, error),
    }
}
