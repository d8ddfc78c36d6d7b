//! Exercise 6, pinger: the udp-echo lesson's ping, small. The student's pinger sends the
//! probes `ping 1`, `ping 2` ... one at a time to an echo server, and sums up what came back.
//!
//! The checker plays the echo server, and the seed decides the fate of each probe's
//! echo: sent after a delay of its own, dropped, sent late (only once the next probe has
//! come, so out of order), or sent twice. Stage 1: probe 1 comes, exactly `ping 1`.
//! Stage 2: four to six probes, each echoed after 20 to 60 ms but one after 160 to 180 ms,
//! each sent only after the echo before it; the summary says no loss, and its rtt
//! min/avg/max are the times the checker held the echoes (never less, at most a tolerance
//! more). Stage 3: two echoes dropped: the pinger gives up on each after its timeout (0.25
//! to 0.7 s), goes on, and counts them. Stage 4: eight probes, one echo dropped, one late,
//! two sent twice, and a stray echo of a probe not sent yet: the summary counts exactly
//! those, and none of them as a reply. Stage 5: no program at the address: the pinger
//! ends within a few seconds, without a panic, and says so.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::checks::datagram::{self, Got, Server};
use crate::checks::{Ctx, Stop, hint_from_output, panicked};
use crate::messages::{Msg, Probes};
use crate::program::describe_exit;
use crate::report::{Failure, quoted};

pub const STAGES: &[Msg] = &[
    Msg::PingSendsProbe,
    Msg::PingWaitsAndSums,
    Msg::PingGoesOnAfterLoss,
    Msg::PingSortsEchoes,
    Msg::PingNobody,
];

/// How long the pinger may take to send its first probe; the next one after an echo; the
/// next one after an echo that never came (its timeout is 0.3 s); to end after the last.
const SEND_WAIT: Duration = Duration::from_secs(3);
const NEXT_WAIT: Duration = Duration::from_secs(3);
const GIVE_UP_WAIT: Duration = Duration::from_secs(2);
const END_WAIT: Duration = Duration::from_secs(3);
/// When the next probe may come after one whose echo never came: REPLY_TIMEOUT is 0.3 s.
const GIVE_UP_SOONEST: Duration = Duration::from_millis(250);
const GIVE_UP_LATEST: Duration = Duration::from_millis(700);
/// How far the summary's round-trip times may be from the times the checker held the
/// echoes, in milliseconds: never less but for rounding (whole milliseconds, truncated,
/// and an average of them), at most this much more (the way through the system and back,
/// and a busy machine's scheduling). The min and the max are one round trip each, the
/// average a mean of several: it gets less room.
const RTT_BELOW_MS: f64 = 2.0;
const RTT_ABOVE_MS: f64 = 25.0;
const AVG_ABOVE_MS: f64 = 15.0;
/// How much longer than asked a timed receive may wait: a tick or two of the system's
/// clock (Linux counts a socket's timeout in whole ticks, a few milliseconds each).
const CLOCK_TICKS: Duration = Duration::from_millis(25);
/// How far the loss may be from the exact share: `{:.1}` rounds it by at most 0.05.
const LOSS_ROUNDING: f64 = 0.05 + 1e-9;
/// What the stage with nobody at the address passes the pinger as its count.
const NOBODY_COUNT: usize = 3;

/// What the checker does with one probe's echo.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Fate {
    /// Sent after this delay.
    Echo(Duration),
    /// Never sent.
    Drop,
    /// Sent only when the next probe comes, long after the pinger's timeout.
    Late,
    /// Sent after this delay, and again at once.
    Twice(Duration),
}

/// What the checker does in one run: the fate of each probe's echo, in order, and the
/// stray echo it sends, if any.
struct Plan {
    fates: Vec<Fate>,
    stray: Option<Stray>,
}

/// When probe `at` comes, the checker also sends `ping NUMBER`, the echo of a probe not
/// sent yet (as if left over from an earlier run): not a reply, and neither late nor a
/// duplicate.
#[derive(Clone, Copy)]
struct Stray {
    at: usize,
    number: usize,
}

/// A probe that came: when, and from where (where its echo goes).
struct Arrival {
    at: Instant,
    from: SocketAddr,
}

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let calm = calm_plan(&mut ctx.rng);
    let (server, first) = ctx.stage(|ctx| {
        let server = new_server()?;
        start(ctx, &server, calm.fates.len())?;
        first_probe(ctx, &server)
            .map(|first| (server, first))
            .map_err(|failure| failure.by_hand(by_hand(ctx, calm.fates.len(), true)))
    })?;
    ctx.stage(|ctx| {
        serve(ctx, &server, &calm, first)
            .and_then(|held| judge_summary(ctx, &calm, &held))
            .map_err(|failure| failure.by_hand(by_hand(ctx, calm.fates.len(), true)))
    })?;

    let lossy = lossy_plan(&mut ctx.rng);
    ctx.stage(|ctx| {
        whole_run(ctx, &lossy)
            .map_err(|failure| failure.by_hand(by_hand(ctx, lossy.fates.len(), false)))
    })?;

    let chaos = chaos_plan(&mut ctx.rng);
    ctx.stage(|ctx| {
        whole_run(ctx, &chaos)
            .map_err(|failure| failure.by_hand(by_hand(ctx, chaos.fates.len(), true)))
    })?;

    ctx.stage(nobody_there)
}

/// The checker's echo server on a free port of 127.0.0.1.
fn new_server() -> Result<Server, Failure> {
    Server::new().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))
}

/// Start the pinger with the server's address and `count`.
fn start(ctx: &mut Ctx, server: &Server, count: usize) -> Result<(), Failure> {
    ctx.start(&[server.addr.to_string(), count.to_string()])
}

/// One run of the pinger from its first probe to its summary.
fn whole_run(ctx: &mut Ctx, plan: &Plan) -> Result<(), Failure> {
    let server = new_server()?;
    start(ctx, &server, plan.fates.len())?;
    let first = first_probe(ctx, &server)?;
    let held = serve(ctx, &server, plan, first)?;
    judge_summary(ctx, plan, &held)
}

/// Stage 2's plan: four to six probes, every echo sent, all but one after 20 to 60 ms and
/// that one after 160 to 180 ms: min, avg and max are tens of milliseconds apart, and the
/// average is far from the middle of min and max.
fn calm_plan(rng: &mut fastrand::Rng) -> Plan {
    let count = rng.usize(4..=6);
    let mut delays = skewed_delays(rng, count, 20..=60, 160..=180);
    rng.shuffle(&mut delays);
    Plan {
        fates: delays.into_iter().map(Fate::Echo).collect(),
        stray: None,
    }
}

/// Stage 3's plan: five probes, two of them dropped, the others echoed after 10 to 50 ms.
fn lossy_plan(rng: &mut fastrand::Rng) -> Plan {
    let mut fates: Vec<Fate> = (0..5)
        .map(|_| Fate::Echo(Duration::from_millis(rng.u64(10..=50))))
        .collect();
    let first = rng.usize(0..5);
    let second = (first + rng.usize(1..5)) % 5;
    fates[first] = Fate::Drop;
    fates[second] = Fate::Drop;
    Plan { fates, stray: None }
}

/// Stage 4's plan: eight probes; one echo dropped, one late and two sent twice (neither of
/// those on the last probe, whose pinger has ended by the time they would come); the six
/// echoes sent after 40 to 80 ms but one after 160 to 180 ms, the two sent twice with the
/// shortest delays (so that the round trips of their second copies, counted by mistake,
/// pull the average down); and a stray echo.
fn chaos_plan(rng: &mut fastrand::Rng) -> Plan {
    const COUNT: usize = 8;
    let mut not_last: Vec<usize> = (0..COUNT - 1).collect();
    rng.shuffle(&mut not_last);
    let (late, twice) = (not_last[0], [not_last[1], not_last[2]]);
    let drop = loop {
        let at = rng.usize(0..COUNT);
        if at != late && !twice.contains(&at) {
            break at;
        }
    };
    let delays = skewed_delays(rng, COUNT - 2, 40..=80, 160..=180);
    let (shortest, rest) = delays.split_at(2);
    let mut rest = rest.to_vec();
    rng.shuffle(&mut rest);
    let mut rest = rest.into_iter();
    let mut fates = Vec::with_capacity(COUNT);
    for at in 0..COUNT {
        fates.push(match at {
            _ if at == drop => Fate::Drop,
            _ if at == late => Fate::Late,
            _ if at == twice[0] => Fate::Twice(shortest[0]),
            _ if at == twice[1] => Fate::Twice(shortest[1]),
            _ => Fate::Echo(rest.next().expect("as many delays as echoes sent once")),
        });
    }
    let stray = stray(rng, &fates);
    Plan {
        fates,
        stray: Some(stray),
    }
}

/// Stage 4's stray echo: sent when a probe comes whose own echo is sent in time and that
/// follows no late or second echo (so that a pinger that takes the stray for its reply
/// is told so), and not the last probe; its number, a probe not sent yet. Of the six
/// probes echoed, at most three follow a late or doubled echo, so one is always left.
fn stray(rng: &mut fastrand::Rng, fates: &[Fate]) -> Stray {
    let sent = |fate: Fate| matches!(fate, Fate::Echo(_) | Fate::Twice(_));
    let clear = |n: usize| n == 1 || matches!(fates[n - 2], Fate::Echo(_) | Fate::Drop);
    let candidates: Vec<usize> = (1..fates.len())
        .filter(|&n| sent(fates[n - 1]) && clear(n))
        .collect();
    let at = candidates[rng.usize(..candidates.len())];
    Stray {
        at,
        number: rng.usize(at + 1..=fates.len()),
    }
}

/// `count` delays in ms, smallest first: all but one spread over `short` with a few ms of
/// jitter each, and the last one in `long`.
fn skewed_delays(
    rng: &mut fastrand::Rng,
    count: usize,
    short: std::ops::RangeInclusive<u64>,
    long: std::ops::RangeInclusive<u64>,
) -> Vec<Duration> {
    let (low, high) = (*short.start(), *short.end());
    let step = (high - low) / (count as u64 - 2).max(1);
    let mut delays: Vec<u64> = (0..count as u64 - 1)
        .map(|i| (low + i * step + rng.u64(0..=4)).min(high))
        .collect();
    delays.push(rng.u64(long));
    delays.sort();
    delays.into_iter().map(Duration::from_millis).collect()
}

/// The probe `ping N`, as the pinger sends it and the echo server sends it back.
fn probe(n: usize) -> Vec<u8> {
    format!("ping {n}").into_bytes()
}

/// Stage 1: the first datagram that comes to the checker's socket is exactly `ping 1`.
fn first_probe(ctx: &mut Ctx, server: &Server) -> Result<Arrival, Failure> {
    match server.receive(ctx, SEND_WAIT) {
        Got::Datagram(got, from) => {
            let at = Instant::now();
            judge_probe(ctx, 1, &got)?;
            Ok(Arrival { at, from })
        }
        _ if server.tcp_connected() => Err(Failure::new(Msg::UdpClientUsedTcp {
            addr: server.addr.to_string(),
        })
        .hint(Msg::UdpHintDatagramClient)),
        Got::Exited(status) => Err(Failure::new(Msg::PingExitedBeforeProbe {
            status: describe_exit(status, ctx.lang),
            n: 1,
        })
        .hint(Msg::PingHintSendProbe)),
        Got::Nothing | Got::Refused => Err(Failure::new(Msg::PingNoProbe {
            n: 1,
            addr: server.addr.to_string(),
            secs: SEND_WAIT.as_secs(),
        })
        .hint(Msg::PingHintSendProbe)),
    }
}

/// Probe `n` must be exactly `ping N`.
fn judge_probe(ctx: &Ctx, n: usize, got: &[u8]) -> Result<(), Failure> {
    let expected = probe(n);
    if got == expected {
        return Ok(());
    }
    let failure = Failure::new(Msg::PingWrongProbe {
        n,
        expected: quoted(&expected, ctx.lang),
        got: quoted(got, ctx.lang),
    })
    .compare(&expected, got);
    let numbered = |k: usize| got == probe(k);
    Err(match got.strip_prefix(&expected[..]) {
        Some(rest) if rest.starts_with(b"\n") || rest.starts_with(b"\r\n") => {
            failure.hint(Msg::PingHintNoNewline)
        }
        _ if n == 1 && numbered(0) => failure.hint(Msg::PingHintFromOne),
        _ if n > 1 && numbered(n - 1) => failure.hint(Msg::PingHintNoResend),
        _ => failure.hint(Msg::PingHintSendProbe),
    })
}

// ANCHOR: serve
/// Play the echo server for one run, probe after probe, as the plan says; probe 1 has
/// come already. Returns how long each probe's echo was held (None: not sent in time).
fn serve(
    ctx: &mut Ctx,
    server: &Server,
    plan: &Plan,
    first: Arrival,
) -> Result<Vec<Option<Duration>>, Failure> {
    let fates = &plan.fates;
    let mut held = vec![None; fates.len()];
    let mut arrival = first;
    // Where the probe before came from: its late echo goes back there.
    let mut previous_from = arrival.from;
    for n in 1..=fates.len() {
        let before = n.checked_sub(2).map(|at| fates[at]);
        // The echo of the probe before, when it is to be late: now, after this probe.
        if before == Some(Fate::Late) {
            let _ = server.socket.send_to(&probe(n - 1), previous_from);
        }
        let stray = plan.stray.filter(|stray| stray.at == n);
        if let Some(stray) = stray {
            let _ = server.socket.send_to(&probe(stray.number), arrival.from);
        }
        // What the pinger may take for this probe's echo: the stray, the late echo of
        // the probe before, or the second copy of its echo.
        let mistaken = match (stray, before) {
            (Some(stray), _) => Some(Msg::PingTookStray {
                n,
                stray: stray.number,
            }),
            (_, Some(Fate::Twice(_))) => Some(Msg::PingTookDuplicate { n, earlier: n - 1 }),
            (_, Some(Fate::Late)) => Some(Msg::PingTookLate { n, earlier: n - 1 }),
            _ => None,
        };
        if let Fate::Echo(delay) | Fate::Twice(delay) = fates[n - 1] {
            hold(ctx, server, n, &arrival, delay, mistaken)?;
            // Taken before the send: the pinger, woken by the echo, may run before the
            // checker does again, and its round trip is never shorter than this.
            held[n - 1] = Some(arrival.at.elapsed());
            let _ = server.socket.send_to(&probe(n), arrival.from);
            if matches!(fates[n - 1], Fate::Twice(_)) {
                let _ = server.socket.send_to(&probe(n), arrival.from);
            }
        }
        if n == fates.len() {
            break;
        }
        previous_from = arrival.from;
        arrival = next_probe(ctx, server, n + 1, fates[n - 1], &arrival)?;
    }
    ends(ctx, server)?;
    Ok(held)
}
// ANCHOR_END: serve

/// Hold probe `n`'s echo for `delay`; the pinger must send nothing meanwhile, and not
/// end. `mistaken`: what to say when it goes on, or ends as if done, while another echo
/// that came meanwhile may have passed for probe n's.
fn hold(
    ctx: &mut Ctx,
    server: &Server,
    n: usize,
    arrival: &Arrival,
    delay: Duration,
    mistaken: Option<Msg>,
) -> Result<(), Failure> {
    // Watched with timed receives until shortly before the echo is due (a timed receive
    // may overrun by a tick of the system's clock); then a precise sleep, and a look at
    // what came meanwhile: the echo goes out on time, and the round trips the pinger
    // measures are the delays chosen.
    let due = arrival.at + delay;
    let watched = due.saturating_duration_since(Instant::now() + CLOCK_TICKS);
    let mut got = server.receive(ctx, watched);
    if matches!(got, Got::Nothing) {
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        if let Some((datagram, from)) = datagram::waiting(&server.socket) {
            got = Got::Datagram(datagram, from);
        }
    }
    let got = match got {
        Got::Nothing | Got::Refused => return Ok(()),
        Got::Exited(status) => {
            return Err(match mistaken {
                Some(mistaken) if status.success() => {
                    Failure::new(mistaken).hint(Msg::PingHintMatchNumber)
                }
                _ => Failure::new(Msg::PingExitedWaiting {
                    n,
                    status: describe_exit(status, ctx.lang),
                })
                .hint(Msg::PingHintWaitForEcho),
            });
        }
        Got::Datagram(got, _) => got,
    };
    let ms = arrival.at.elapsed().as_millis() as u64;
    Err(if got == probe(n + 1) {
        match mistaken {
            Some(mistaken) => Failure::new(mistaken).hint(Msg::PingHintMatchNumber),
            None if ms < 20 => {
                Failure::new(Msg::PingDidNotWait { n }).hint_stays(Msg::PingHintWaitForEcho)
            }
            None => Failure::new(Msg::PingGaveUpTooSoon {
                n,
                ms,
                delay: delay.as_millis() as u64,
            })
            .hint(Msg::PingHintTimeoutTooShort),
        }
    } else if got == probe(n) {
        Failure::new(Msg::PingResent { n }).hint(Msg::PingHintNoResend)
    } else {
        Failure::new(Msg::PingSentWhileWaiting {
            n,
            got: quoted(&got, ctx.lang),
        })
        .hint(Msg::PingHintWaitForEcho)
    })
}

/// Probe `n` after probe n - 1 (which came at `before`), whose echo met `fate`: at once
/// after an echo; after the pinger's timeout, 0.3 s, when the echo never came in time.
fn next_probe(
    ctx: &mut Ctx,
    server: &Server,
    n: usize,
    fate: Fate,
    before: &Arrival,
) -> Result<Arrival, Failure> {
    let lost = matches!(fate, Fate::Drop | Fate::Late);
    let wait = if lost { GIVE_UP_WAIT } else { NEXT_WAIT };
    match server.receive(ctx, wait) {
        Got::Datagram(got, from) => {
            let at = Instant::now();
            if lost && got == probe(n - 1) {
                return Err(Failure::new(Msg::PingResent { n: n - 1 }).hint(Msg::PingHintNoResend));
            }
            judge_probe(ctx, n, &got)?;
            let gap = at - before.at;
            let ms = gap.as_millis() as u64;
            if lost && gap < GIVE_UP_SOONEST {
                return Err(Failure::new(Msg::PingGaveUpOnLossTooSoon { n: n - 1, ms })
                    .hint(Msg::PingHintTimeoutTooShort));
            }
            if lost && gap > GIVE_UP_LATEST {
                return Err(Failure::new(Msg::PingWaitedTooLong { n: n - 1, ms })
                    .hint(Msg::PingHintDeadline));
            }
            Ok(Arrival { at, from })
        }
        Got::Exited(status) => {
            let status = describe_exit(status, ctx.lang);
            Err(match lost {
                true => Failure::new(Msg::PingExitedAfterLoss { n: n - 1, status })
                    .hint(Msg::PingHintLossGoesOn),
                false => Failure::new(Msg::PingExitedBeforeProbe { status, n })
                    .hint(Msg::PingHintEveryProbe),
            })
        }
        Got::Nothing | Got::Refused => Err(match lost {
            true => Failure::new(Msg::PingStillWaiting {
                n: n - 1,
                secs: GIVE_UP_WAIT.as_secs(),
            })
            .hint(Msg::PingHintTimeout),
            false => Failure::new(Msg::PingNoProbe {
                n,
                addr: server.addr.to_string(),
                secs: NEXT_WAIT.as_secs(),
            })
            .hint(Msg::PingHintEveryProbe),
        }),
    }
}

/// After the last probe: the pinger ends within a moment, sending nothing more, with exit
/// code 0.
fn ends(ctx: &mut Ctx, server: &Server) -> Result<(), Failure> {
    let status = ctx.program().exited_within(END_WAIT);
    if let Got::Datagram(extra, _) = server.receive(ctx, Duration::ZERO) {
        return Err(Failure::new(Msg::PingSentMore {
            got: quoted(&extra, ctx.lang),
        })
        .hint(Msg::PingHintEveryProbe));
    }
    let Some(status) = status else {
        return Err(Failure::new(Msg::PingRunsOn {
            secs: END_WAIT.as_secs(),
        })
        .hint(Msg::PingHintEnd));
    };
    if !status.success() {
        let status = describe_exit(status, ctx.lang);
        return Err(Failure::new(Msg::PingExitedWithError { status }).hint(Msg::PingHintExitZero));
    }
    Ok(())
}

// ANCHOR: judge_summary
/// The summary's two lines against what the checker did: the counts exactly, the
/// round-trip times within their tolerance of the times it held the echoes.
fn judge_summary(ctx: &mut Ctx, plan: &Plan, held: &[Option<Duration>]) -> Result<(), Failure> {
    let fates = &plan.fates;
    let count = fates.len();
    let numbers = |wanted: fn(&Fate) -> bool| -> Vec<usize> {
        (1..=count).filter(|&n| wanted(&fates[n - 1])).collect()
    };
    let probes = Probes {
        count,
        dropped: numbers(|fate| *fate == Fate::Drop),
        late: numbers(|fate| *fate == Fate::Late),
        twice: numbers(|fate| matches!(fate, Fate::Twice(_))),
        stray: plan.stray.map(|stray| (stray.at, stray.number)),
    };
    let received = held.iter().flatten().count();
    let (late, duplicates) = (probes.late.len(), probes.twice.len());
    let loss = 100.0 * (count - received) as f64 / count as f64;
    let expected = format!(
        "{count} sent, {received} received, {loss:.1}% loss (late {late}, duplicates {duplicates})"
    );
    let lines = ctx.program().stdout_lines();
    let summary = |line: &&String| line.contains("sent") && line.contains("received");
    let Some(line) = lines.iter().rev().find(summary) else {
        return Err(Failure::new(Msg::PingNoSummary { expected }).hint(Msg::PingHintSummary));
    };
    let got = Summary::read(line).ok_or_else(|| {
        Failure::new(Msg::PingSummaryUnreadable {
            line: quoted(line.as_bytes(), ctx.lang),
            expected: expected.clone(),
        })
        .hint(Msg::PingHintSummary)
    })?;
    let story = || Box::new(Msg::PingStory(probes.clone()));
    let stray = usize::from(plan.stray.is_some());
    if got.sent != count {
        return Err(Failure::new(Msg::PingWrongSent {
            got: got.sent,
            count,
        })
        .hint(Msg::PingHintCountSent));
    }
    if got.received != received {
        let hint = if got.received == received + duplicates
            || got.received == received + late + duplicates
        {
            Msg::PingHintDuplicateNotReply
        } else if got.received == received + late {
            Msg::PingHintLateNotReply
        } else if stray == 1 && got.received == received + 1 {
            Msg::PingHintStrayIsNotOurs
        } else {
            Msg::PingHintCountReceived
        };
        return Err(Failure::new(Msg::PingWrongReceived {
            got: got.received,
            received,
            story: story(),
        })
        .hint(hint));
    }
    if got.late != late || got.duplicates != duplicates {
        let hint = if stray == 1 && got.late + got.duplicates == late + duplicates + 1 {
            Msg::PingHintStrayIsNotOurs
        } else if got.late == 0 && got.duplicates == 0 {
            Msg::PingHintOneSocket
        } else if got.late == late + duplicates && got.duplicates == 0 {
            Msg::PingHintDuplicateNotLate
        } else if got.late == 0 && got.duplicates == late + duplicates {
            Msg::PingHintLateNotDuplicate
        } else {
            Msg::PingHintLateAndDuplicate
        };
        return Err(Failure::new(Msg::PingWrongLateOrDuplicates {
            late: got.late,
            duplicates: got.duplicates,
            expected_late: late,
            expected_duplicates: duplicates,
            story: story(),
        })
        .hint(hint));
    }
    if (got.loss - loss).abs() > LOSS_ROUNDING {
        return Err(Failure::new(Msg::PingWrongLoss {
            got: got.loss_text,
            lost: count - received,
            count,
            loss: format!("{loss:.1}"),
        })
        .hint(Msg::PingHintLoss));
    }
    let times: Vec<f64> = held
        .iter()
        .flatten()
        .map(|held| held.as_secs_f64() * 1000.0)
        .collect();
    judge_rtt(ctx, &lines, &times, count)
}
// ANCHOR_END: judge_summary

/// The rtt line against `times`, the milliseconds the checker held each echo it sent in
/// time; none: no rtt line is due.
fn judge_rtt(ctx: &Ctx, lines: &[String], times: &[f64], count: usize) -> Result<(), Failure> {
    let rtt_line = lines.iter().rev().find(|line| line.contains("min/avg/max"));
    let (Some(min), Some(max)) = (
        times.iter().copied().reduce(f64::min),
        times.iter().copied().reduce(f64::max),
    ) else {
        return match rtt_line {
            Some(line) => Err(Failure::new(Msg::PingRttWithoutReplies {
                line: quoted(line.as_bytes(), ctx.lang),
            })
            .hint(Msg::PingHintNoReplies)),
            None => Ok(()),
        };
    };
    let sum = times.iter().sum::<f64>();
    let avg = sum / times.len() as f64;
    let expected = format!("rtt min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms");
    let Some(line) = rtt_line else {
        return Err(Failure::new(Msg::PingNoRtt { expected }).hint(Msg::PingHintRtt));
    };
    let Some(got) = read_rtt(line) else {
        return Err(Failure::new(Msg::PingRttUnreadable {
            line: quoted(line.as_bytes(), ctx.lang),
            expected,
        })
        .hint(Msg::PingHintRtt));
    };
    for (which, got, due, above) in [
        ("min", got[0], min, RTT_ABOVE_MS),
        ("avg", got[1], avg, AVG_ABOVE_MS),
        ("max", got[2], max, RTT_ABOVE_MS),
    ] {
        let within = |value: f64| value >= due - RTT_BELOW_MS && value <= due + above;
        if within(got) {
            continue;
        }
        let hint = if within(got * 1000.0) || within(got / 1000.0) {
            Msg::PingHintMillis
        } else if which == "avg"
            && ((got - sum / count as f64).abs() <= above
                || (got - (min + max) / 2.0).abs() <= above)
        {
            Msg::PingHintAvgOfReplies
        } else if got > max + RTT_ABOVE_MS {
            Msg::PingHintOnlyReplies
        } else {
            Msg::PingHintRtt
        };
        return Err(Failure::new(Msg::PingWrongRtt {
            which,
            got: format!("{got}"),
            due: format!("{due:.3}"),
            low: format!("{min:.1}"),
            high: format!("{max:.1}"),
            replies: times.len(),
        })
        .hint(hint));
    }
    Ok(())
}

/// The numbers of a summary line, `8 sent, 6 received, 25.0% loss (late 1, duplicates 2)`.
struct Summary {
    sent: usize,
    received: usize,
    loss: f64,
    loss_text: String,
    late: usize,
    duplicates: usize,
}

impl Summary {
    /// Each number by the word beside it; None when one is missing.
    fn read(line: &str) -> Option<Summary> {
        let loss_text = word_before(line, "% loss")?;
        Some(Summary {
            sent: word_before(line, " sent")?.parse().ok()?,
            received: word_before(line, " received")?.parse().ok()?,
            loss: loss_text.parse().ok()?,
            loss_text: format!("{loss_text}%"),
            late: word_after(line, "late ")?.parse().ok()?,
            duplicates: word_after(line, "duplicates ")?.parse().ok()?,
        })
    }
}

/// The word just before `marker` in `line`: `6` in `6 received`.
fn word_before(line: &str, marker: &str) -> Option<String> {
    let before = &line[..line.find(marker)?];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .next()?;
    Some(word.to_string())
}

/// The word just after `marker` in `line`: `1` in `late 1,`.
fn word_after(line: &str, marker: &str) -> Option<String> {
    let after = &line[line.find(marker)? + marker.len()..];
    let word = after
        .split(|c: char| c.is_whitespace() || c == ',' || c == ')')
        .next()?;
    Some(word.to_string())
}

/// The three numbers of `rtt min/avg/max = 1.000/2.000/3.000 ms`.
fn read_rtt(line: &str) -> Option<[f64; 3]> {
    let (_, values) = line.split_once('=')?;
    let values = values.trim().trim_end_matches("ms").trim();
    let numbers: Vec<f64> = values
        .split('/')
        .map(|value| value.trim().parse().ok())
        .collect::<Option<_>>()?;
    numbers.try_into().ok()
}

/// Stage 5: no program receives at the address. A pinger that connect()ed hears
/// "connection refused" at once and may end with an error, saying why on stderr; one
/// that did not waits out each probe's timeout and sums up: 0 received, 100.0% loss.
/// Either way it ends within a few seconds, without a panic.
fn nobody_there(ctx: &mut Ctx) -> Result<(), Failure> {
    let (vacant, addr) =
        datagram::socket().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    drop(vacant);
    ctx.start(&[addr.to_string(), NOBODY_COUNT.to_string()])?;
    let by_hand = vec![ctx.run_by_hand(&format!("127.0.0.1:9000 {NOBODY_COUNT}"))];
    let addr = addr.to_string();
    let Some(status) = ctx.program().exited_within(END_WAIT) else {
        return Err(Failure::new(Msg::PingNobodyStillRunning {
            addr,
            secs: END_WAIT.as_secs(),
        })
        .hint(Msg::PingHintRefused)
        .by_hand(by_hand));
    };
    let last_lines = ctx.program().last_lines();
    if panicked(&last_lines) {
        // On the refusal, or on the summary of no replies (an average over none).
        let refused = hint_from_output(&last_lines) == Some(Msg::HintConnectGivenAddress);
        let status = describe_exit(status, ctx.lang);
        return Err(Failure::new(Msg::PingNobodyPanicked { addr, status })
            .hint_stays(match refused {
                true => Msg::PingHintRefused,
                false => Msg::PingHintNoReplies,
            })
            .by_hand(by_hand));
    }
    if status.success() {
        let plan = Plan {
            fates: vec![Fate::Drop; NOBODY_COUNT],
            stray: None,
        };
        return judge_summary(ctx, &plan, &[None; NOBODY_COUNT])
            .map_err(|failure| failure.by_hand(by_hand));
    }
    let said = ctx.program().stderr_lines();
    if said.iter().all(|line| line.trim().is_empty()) {
        let status = describe_exit(status, ctx.lang);
        return Err(Failure::new(Msg::PingNobodySilent { addr, status })
            .hint(Msg::UdpHintSayWhy)
            .by_hand(by_hand));
    }
    Ok(())
}

/// The commands that repeat a stage by hand: lesson 3's echo server, which echoes every
/// probe at once (`answers`), or nc, which echoes none; and the student's pinger.
fn by_hand(ctx: &Ctx, count: usize, answers: bool) -> Vec<String> {
    let server = match answers {
        true => "cargo run -p udp-echo -- server 127.0.0.1:9000",
        false => "nc -u -l 127.0.0.1 9000",
    };
    vec![
        server.to_string(),
        ctx.run_by_hand(&format!("127.0.0.1:9000 {count}")),
    ]
}
