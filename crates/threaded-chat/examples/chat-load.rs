//! A load for the chat room, used by `scripts/bench.sh`: CLIENTS members each send
//! MESSAGES lines as fast as they can, and every member checks that it received every
//! other member's lines, in order. Prints deliveries per second and delivery latency.
//! The server takes 100 members unless started with a larger `--max-clients`.
//!
//! ```text
//! cargo run --release -p threaded-chat -- server --quiet &
//! cargo run --release -p threaded-chat --example chat-load -- 127.0.0.1:7788 --clients 100 --messages 100
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;

/// Load a chat room: every member sends, every member checks what it receives
#[derive(Parser)]
struct Args {
    /// The chat server
    addr: SocketAddr,
    /// How many members
    #[arg(long, default_value_t = 100)]
    clients: usize,
    /// How many lines each member sends
    #[arg(long, default_value_t = 100)]
    messages: usize,
}

/// What one member saw: lines received, and the latency of each.
struct Seen {
    received: usize,
    latencies: Vec<Duration>,
}

fn main() -> ExitCode {
    common::cli::run(|| load(&Args::parse()))
}

fn load(args: &Args) -> anyhow::Result<()> {
    let clock = Instant::now();
    // Everyone joins first, then everyone starts sending at once.
    let all_joined = Arc::new(Barrier::new(args.clients + 1));
    let members: Vec<_> = (0..args.clients)
        .map(|i| {
            let (barrier, addr, count, messages) =
                (all_joined.clone(), args.addr, args.clients, args.messages);
            thread::Builder::new()
                .name(format!("member {i}"))
                .stack_size(256 * 1024)
                .spawn(move || member(i, addr, count, messages, &barrier, clock))
                .context("cannot start a member thread")
        })
        .collect::<anyhow::Result<_>>()?;
    all_joined.wait();
    let started = clock.elapsed();
    let mut latencies = Vec::new();
    let mut delivered = 0;
    for handle in members {
        let seen = handle
            .join()
            .map_err(|_| anyhow::anyhow!("a member thread panicked"))??;
        delivered += seen.received;
        latencies.extend(seen.latencies);
    }
    let seconds = (clock.elapsed() - started).as_secs_f64();
    let expected = args.clients * (args.clients - 1) * args.messages;
    latencies.sort();
    let p99 = latencies
        .get((latencies.len() * 99).div_ceil(100).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    common::say!("delivered {delivered} of {expected} lines in {seconds:.3} s");
    common::say!("{:.0} deliveries per second", delivered as f64 / seconds);
    common::say!("p99 delivery latency {:.3} ms", p99.as_secs_f64() * 1000.0);
    if delivered != expected {
        match expected - delivered {
            1 => bail!("1 line was lost"),
            lost => bail!("{lost} lines were lost"),
        }
    }
    Ok(())
}

/// One member: join, wait for everyone, send, and read until every other member's lines
/// are in. Each line carries its send time, so the latency is measured on arrival.
fn member(
    i: usize,
    addr: SocketAddr,
    clients: usize,
    messages: usize,
    all_joined: &Barrier,
    clock: Instant,
) -> anyhow::Result<Seen> {
    let (mut reader, mut writer) = join(i, addr)?;
    let mut line = String::new();
    all_joined.wait();
    let sender =
        thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || -> std::io::Result<()> {
                for seq in 0..messages {
                    let sent = clock.elapsed().as_nanos();
                    writer.write_all(format!("{seq} {sent}\n").as_bytes())?;
                }
                Ok(())
            })?;
    let mut next = vec![0usize; clients];
    let mut seen = Seen {
        received: 0,
        latencies: Vec::with_capacity((clients - 1) * messages),
    };
    while seen.received < (clients - 1) * messages {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            bail!("the server closed the connection of m{i}");
        }
        let Some((from, seq, sent)) = parse(&line)? else {
            continue;
        };
        if seq != next[from] {
            bail!(
                "m{i} got line {seq} of m{from} when it expected line {}",
                next[from]
            );
        }
        next[from] += 1;
        let latency = clock.elapsed().as_nanos().saturating_sub(sent);
        seen.latencies.push(Duration::from_nanos(
            u64::try_from(latency).unwrap_or(u64::MAX),
        ));
        seen.received += 1;
    }
    sender
        .join()
        .map_err(|_| anyhow::anyhow!("a sender panicked"))??;
    Ok(seen)
}

/// Connect as member `i` and read up to the room's hello: the reading and writing halves.
fn join(i: usize, addr: SocketAddr) -> anyhow::Result<(BufReader<TcpStream>, TcpStream)> {
    let stream = TcpStream::connect(addr).context("cannot connect")?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    writer.write_all(format!("m{i}\n").as_bytes())?;
    let mut line = String::new();
    while !line.starts_with("* hello") {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            bail!("the server closed the connection of m{i} while joining");
        }
    }
    Ok((reader, writer))
}

/// "m7: 12 123456789": sender, sequence number, send time; None for the room's notices.
fn parse(line: &str) -> anyhow::Result<Option<(usize, usize, u128)>> {
    let Some((from, rest)) = line.trim_end().split_once(": ") else {
        return Ok(None);
    };
    let Some(from) = from.strip_prefix('m').and_then(|n| n.parse::<usize>().ok()) else {
        return Ok(None);
    };
    let mut fields = rest.split(' ');
    let (Some(seq), Some(sent)) = (fields.next(), fields.next()) else {
        return Ok(None);
    };
    Ok(Some((from, seq.parse()?, sent.parse()?)))
}
