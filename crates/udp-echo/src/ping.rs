//! # udp-echo ping: how long does a round trip take, and what gets lost?
//!
//! Like the `ping` command, over UDP to an echo server: every probe carries a sequence
//! number and the time it was sent, so when it comes back we know which probe it is and
//! how long the round trip took. UDP promises nothing, so the replies are checked: a reply
//! that comes after its probe timed out is *late*, one that comes twice is a *duplicate*,
//! and one that is not ours at all (another sender, or bytes that are not a probe) is
//! *foreign*. None of them is counted as a received reply.
//!
//! Terminal 1:
//!
//! ```text
//! cargo run -p udp-echo -- server
//! ```
//!
//! Terminal 2:
//!
//! ```text
//! cargo run -p udp-echo -- ping 127.0.0.1:8080 --count 3
//! ```
//!
//! The output is in the book's chapter (lesson 3, "Run it"); `--trace` shows each probe and
//! each echo, byte by byte. `--interval 0` sends each probe as soon as the previous reply
//! is in, and reports round trips per second. Ctrl-C ends a run early, at once, with its
//! summary. Any echo server works: `socat UDP4-LISTEN:8080,bind=127.0.0.1,fork PIPE`, or a
//! Python `recvfrom`/`sendto` loop.

use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::Args;
use common::addr::{any_port_for, reachable};
use common::cli::{NarrationArgs, PeerAddrArg, seconds, seconds_or_zero, usage_with_example};
use common::errors::{is_timeout, net_error, usage};
use common::narrate::{Narrator, count};
use common::stop::Stop;
use common::udp;

/// Marks a datagram as a probe of this program.
const MAGIC: &[u8; 4] = b"UPNG";
/// Magic, session, sequence number, send time: the smallest probe.
const HEADER: usize = 4 + 4 + 4 + 8;

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "udp-echo ping 127.0.0.1:8080 --count 3";

#[derive(Args, Debug)]
#[command(override_usage = usage_with_example("udp-echo ping [OPTIONS] <ADDR | HOST PORT>", EXAMPLE))]
pub struct PingArgs {
    #[command(flatten)]
    pub server: PeerAddrArg,
    /// How many probes to send
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    /// Bytes per probe, 20 (the header) to 65507
    #[arg(long, value_name = "BYTES", default_value_t = 56)]
    pub size: usize,
    /// Seconds between probes; 0 sends the next as soon as the reply is in
    #[arg(long, value_name = "SECS", value_parser = seconds_or_zero, default_value = "1")]
    pub interval: Duration,
    /// Seconds to wait for each reply before calling the probe lost
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "1")]
    pub timeout: Duration,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// What the replies added up to.
#[derive(Default)]
struct Tally {
    sent: u32,
    rtts: Vec<Duration>,
    late: u32,
    duplicates: u32,
    foreign: u32,
}

/// `udp-echo ping`: probe, wait, tally, summarise.
pub fn run(args: PingArgs) -> anyhow::Result<()> {
    let server = args.server.resolve(EXAMPLE)?;
    if !(HEADER..=65_507).contains(&args.size) {
        return Err(usage(format!(
            "--size {} is out of range: a probe holds {HEADER} to 65507 bytes",
            args.size
        )));
    }
    let narrator = Narrator::new("ping", &args.narration, Default::default());
    // socket(SOCK_DGRAM) on any free port; settimeout(--timeout) for each reply.
    let local = any_port_for(server);
    let socket = UdpSocket::bind(local).map_err(|e| net_error("bind", local, e))?;
    socket
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the receive timeout")?;
    let me = socket.local_addr().context("cannot read our own address")?;
    narrator.step(format!(
        "{server} from {me}: {} of {}",
        count(args.count, "probe", "probes"),
        count(args.size, "byte", "bytes")
    ));
    let stop = stop_on_signal(me)?;

    let started = Instant::now();
    let tally = probe_all(&socket, server, &args, &narrator, &stop)?;
    summarise(&tally, started.elapsed(), &args, &narrator);
    if tally.rtts.is_empty() {
        bail!("no replies from {server}: is an echo server running there?");
    }
    Ok(())
}

/// Ctrl-C (or SIGTERM) ends the run early, with its summary: the handler sets the stop
/// flag, then sends one empty datagram to our own socket, so that a `recvfrom()` waiting
/// for a reply returns at once instead of at its timeout.
fn stop_on_signal(me: SocketAddr) -> anyhow::Result<Stop> {
    let me = reachable(me);
    Stop::on_signal(move || {
        if let Ok(waker) = UdpSocket::bind(any_port_for(me)) {
            let _ = waker.send_to(b"", me);
        }
    })
}

// ANCHOR: probe_all
/// Send every probe on its schedule and wait for its reply; Ctrl-C ends the run early.
fn probe_all(
    socket: &UdpSocket,
    server: SocketAddr,
    args: &PingArgs,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<Tally> {
    let mut run = Run::new(socket, server, args, narrator);
    let mut probe = vec![b'.'; args.size];
    for seq in 0..args.count {
        // Probes leave on a fixed schedule, one every --interval: wait for this one's turn,
        // on the stop flag rather than in thread::sleep, so that Ctrl-C ends the wait.
        let due = run.start + args.interval * seq;
        if stop.requested() || stop.sleep(due.saturating_duration_since(Instant::now())) {
            break;
        }
        run.send_probe(&mut probe, seq)?;
        if run.await_reply(seq, stop)? == Waited::Stopped {
            break;
        }
    }
    Ok(run.tally)
}
// ANCHOR_END: probe_all

/// How waiting for one probe's reply ended.
#[derive(Debug, PartialEq)]
enum Waited {
    Answered,
    TimedOut,
    Stopped,
}

/// One ping run: its socket, its session, what was sent and what came back.
struct Run<'a> {
    socket: &'a UdpSocket,
    server: SocketAddr,
    narrator: &'a Narrator,
    timeout: Duration,
    size: usize,
    session: u32,
    start: Instant,
    answered: Vec<bool>,
    tally: Tally,
    buf: Vec<u8>,
}

impl<'a> Run<'a> {
    fn new(
        socket: &'a UdpSocket,
        server: SocketAddr,
        args: &PingArgs,
        narrator: &'a Narrator,
    ) -> Self {
        Run {
            socket,
            server,
            narrator,
            timeout: args.timeout,
            size: args.size,
            session: session_id(),
            start: Instant::now(),
            answered: vec![false; args.count as usize],
            tally: Tally::default(),
            buf: vec![0u8; 65_536],
        }
    }

    // ANCHOR: send_probe
    /// Stamp the probe with its number and the time, and send it: sendto(probe, server).
    fn send_probe(&mut self, probe: &mut [u8], seq: u32) -> anyhow::Result<()> {
        write_header(probe, self.session, seq, self.start.elapsed());
        self.socket
            .send_to(probe, self.server)
            .map_err(|e| net_error("send to", self.server, e))?;
        self.narrator.trace_sent(self.server, probe);
        self.tally.sent += 1;
        Ok(())
    }
    // ANCHOR_END: send_probe

    // ANCHOR: await_reply
    /// recvfrom() until the reply to probe `seq` comes, its timeout passes, or a stop is
    /// asked for; whatever else arrives meanwhile is sorted out and labelled.
    fn await_reply(&mut self, seq: u32, stop: &Stop) -> anyhow::Result<Waited> {
        let deadline = Instant::now() + self.timeout;
        let mut wait = self.timeout;
        let waited = loop {
            let got = self.receive(wait);
            if stop.requested() {
                break Waited::Stopped;
            }
            let Some((n, from)) = got? else {
                self.narrator.message(format!("seq={seq} timeout"));
                break Waited::TimedOut;
            };
            if self.sort_out(seq, n, from) {
                break Waited::Answered;
            }
            // Something else arrived: wait only for what is left of this probe's timeout.
            wait = deadline.saturating_duration_since(Instant::now());
            if wait.is_zero() {
                self.narrator.message(format!("seq={seq} timeout"));
                break Waited::TimedOut;
            }
        };
        if wait != self.timeout {
            self.set_wait(self.timeout)?;
        }
        Ok(waited)
    }
    // ANCHOR_END: await_reply

    /// One recvfrom(), waiting at most `wait`: the size and sender of what came, or
    /// `None` when nothing did.
    fn receive(&mut self, wait: Duration) -> anyhow::Result<Option<(usize, SocketAddr)>> {
        if wait != self.timeout {
            self.set_wait(wait)?;
        }
        loop {
            match self.socket.recv_from(&mut self.buf) {
                Ok((n, from)) => {
                    self.narrator.trace_received(from, &self.buf[..n]);
                    return Ok(Some((n, from)));
                }
                Err(e) if is_timeout(&e) => return Ok(None),
                // A signal arrived: wait again. If it was Ctrl-C, its handler's wake-up
                // datagram is on its way and ends this wait.
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(net_error("receive from", self.server, e)),
            }
        }
    }

    fn set_wait(&self, wait: Duration) -> anyhow::Result<()> {
        self.socket
            .set_read_timeout(Some(wait))
            .context("cannot set the receive timeout")
    }

    // ANCHOR: sort_out
    /// Label a datagram that came while waiting for probe `seq`, count it, say what it
    /// was. True when it is the reply we waited for.
    fn sort_out(&mut self, seq: u32, n: usize, from: SocketAddr) -> bool {
        let now = self.start.elapsed();
        // Only a datagram from the server can be a reply, whatever it holds.
        let header = if from == self.server {
            read_header(&self.buf[..n], self.session, self.size)
        } else {
            None
        };
        match classify(header, seq, &self.answered) {
            Verdict::Answer(sent_at) => {
                self.answered[seq as usize] = true;
                let rtt = now.saturating_sub(sent_at);
                self.tally.rtts.push(rtt);
                let line = format!("seq={seq} bytes={n} time={} ms", millis(rtt));
                self.narrator.message(line);
                return true;
            }
            Verdict::Duplicate(got) => {
                self.tally.duplicates += 1;
                let line = format!("seq={got} duplicate reply, not counted");
                self.narrator.message(line);
            }
            Verdict::Late(got, sent_at) => {
                self.tally.late += 1;
                let time = millis(now.saturating_sub(sent_at));
                let line = format!(
                    "seq={got} late reply (time={time} ms, after its timeout), not counted"
                );
                self.narrator.message(line);
            }
            Verdict::Foreign => {
                self.tally.foreign += 1;
                self.narrator.message(udp::foreign_line(from, n));
            }
        }
        false
    }
    // ANCHOR_END: sort_out
}

/// What a datagram that arrived while waiting for probe `seq` turns out to be.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// The reply to the probe we are waiting for, sent at this time.
    Answer(Duration),
    /// A second reply to a probe already answered.
    Duplicate(u32),
    /// The reply to an earlier probe that had already timed out.
    Late(u32, Duration),
    /// Not one of our probes at all.
    Foreign,
}

fn classify(header: Option<(u32, Duration)>, seq: u32, answered: &[bool]) -> Verdict {
    let Some((got, sent_at)) = header else {
        return Verdict::Foreign;
    };
    match answered.get(got as usize) {
        Some(true) => Verdict::Duplicate(got),
        Some(false) if got == seq => Verdict::Answer(sent_at),
        Some(false) if got < seq => Verdict::Late(got, sent_at),
        // A number we never sent: not ours, whatever its header says.
        _ => Verdict::Foreign,
    }
}

// ANCHOR: header
/// A probe begins with: magic, session, sequence number, send time (in nanoseconds since
/// the run began), all big-endian ("network order", Python's `struct.pack('>4sIIQ', ...)`).
fn write_header(probe: &mut [u8], session: u32, seq: u32, sent_at: Duration) {
    let nanos = u64::try_from(sent_at.as_nanos()).unwrap_or(u64::MAX);
    probe[0..4].copy_from_slice(MAGIC);
    probe[4..8].copy_from_slice(&session.to_be_bytes());
    probe[8..12].copy_from_slice(&seq.to_be_bytes());
    probe[12..20].copy_from_slice(&nanos.to_be_bytes());
}

/// The sequence number and send time of one of our own probes, or `None` for anything
/// else: another program's datagram, another run's probe, a cut or padded one.
fn read_header(datagram: &[u8], session: u32, size: usize) -> Option<(u32, Duration)> {
    let header: &[u8; HEADER] = datagram.first_chunk()?;
    if datagram.len() != size || header[0..4] != MAGIC[..] {
        return None;
    }
    // struct.unpack('>IIQ', ...): big-endian numbers back from their bytes.
    let their_session = u32::from_be_bytes(header[4..8].try_into().ok()?);
    let seq = u32::from_be_bytes(header[8..12].try_into().ok()?);
    let nanos = u64::from_be_bytes(header[12..20].try_into().ok()?);
    if their_session != session {
        return None;
    }
    Some((seq, Duration::from_nanos(nanos)))
}
// ANCHOR_END: header

/// Tell this run's probes from another run's: a number from the clock and the process id.
fn session_id() -> u32 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|t| t.subsec_nanos())
        .unwrap_or(0);
    nanos ^ std::process::id().rotate_left(16)
}

/// The closing lines, like ping's.
fn summarise(tally: &Tally, elapsed: Duration, args: &PingArgs, narrator: &Narrator) {
    let received = tally.rtts.len() as u32;
    let loss = if tally.sent == 0 {
        0.0
    } else {
        100.0 * f64::from(tally.sent - received) / f64::from(tally.sent)
    };
    narrator.step(format!(
        "{} sent, {received} received, {loss:.1}% loss (late {}, duplicates {}, foreign {})",
        tally.sent, tally.late, tally.duplicates, tally.foreign
    ));
    let mut sorted = tally.rtts.clone();
    sorted.sort();
    if let (Some(min), Some(max)) = (sorted.first(), sorted.last()) {
        let avg = sorted.iter().sum::<Duration>() / received;
        // p99: the time that 99% of round trips beat or matched.
        let p99 = sorted[(sorted.len() * 99).div_ceil(100) - 1];
        narrator.step(format!(
            "rtt min/avg/max/p99 = {}/{}/{}/{} ms",
            millis(*min),
            millis(avg),
            millis(*max),
            millis(p99)
        ));
    }
    if args.interval.is_zero() && !elapsed.is_zero() {
        let per_second = f64::from(received) / elapsed.as_secs_f64();
        narrator.step(format!("{per_second:.0} round trips per second"));
    }
}

fn millis(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_sorted_into_answers_duplicates_late_and_foreign() {
        let t = Duration::from_millis(3);
        let answered = [true, false, false, false];
        assert_eq!(classify(Some((2, t)), 2, &answered), Verdict::Answer(t));
        assert_eq!(classify(Some((0, t)), 2, &answered), Verdict::Duplicate(0));
        assert_eq!(classify(Some((1, t)), 2, &answered), Verdict::Late(1, t));
        assert_eq!(
            classify(Some((3, t)), 2, &answered),
            Verdict::Foreign,
            "not sent yet"
        );
        assert_eq!(
            classify(Some((99, t)), 2, &answered),
            Verdict::Foreign,
            "never sent"
        );
        assert_eq!(classify(None, 2, &answered), Verdict::Foreign);
    }

    #[test]
    fn a_probe_header_reads_back_and_others_do_not() {
        let mut probe = vec![0u8; 56];
        write_header(&mut probe, 7, 42, Duration::from_nanos(123_456_789));
        assert_eq!(
            read_header(&probe, 7, 56),
            Some((42, Duration::from_nanos(123_456_789)))
        );
        assert_eq!(read_header(&probe, 8, 56), None, "another session's probe");
        assert_eq!(
            read_header(&probe[..40], 7, 56),
            None,
            "cut short: the header is there but not the size"
        );
        assert_eq!(read_header(&probe, 7, 64), None, "not the size we sent");
        assert_eq!(read_header(b"hello, not a probe at all..", 7, 27), None);
    }
}
