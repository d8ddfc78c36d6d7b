//! Exercise 5, udp, the client's stages (4 to 8): tutorial 000's UDP client, sending
//! each of its arguments as a datagram and printing each reply, with a timeout.
//!
//! The checker plays the server: a UDP socket on a free port (and a TCP listener on the
//! same port number, to catch a client that speaks TCP). Stage 4: the first message comes
//! as one datagram, exactly its argument's bytes. Stage 5: the reply, a few words of the
//! checker's own, is printed, and the client exits 0. Stage 6: three to five messages,
//! each sent only after the reply to the one before (message 2's reply comes 0.3 s after
//! it, the others 0.1 s after theirs; the last is 700 to 1000 bytes). Stage 7: the reply
//! to the first of two messages never comes: the client gives up, saying so on stderr,
//! with an exit code that is not 0, and sends nothing more; the same when no program
//! receives at the address at all. Stage 8: datagrams from two strangers (another port;
//! another address of the loopback) come before the reply, and neither is taken for it.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::process::ExitStatus;
use std::thread;
use std::time::Duration;

use crate::checks::datagram::{self, Got, Server};
use crate::checks::udp::CLIENT;
use crate::checks::{
    Ctx, Stop, Turn, hint_from_output, long_words, panicked, printed_replies, reply_word,
    shell_quote, slips, word, wrong_message,
};
use crate::messages::Msg;
use crate::program::{Input, describe_exit};
use crate::report::{Failure, quoted};

/// How long a client may take to send a message, and to end.
const SEND_WAIT: Duration = Duration::from_secs(3);
const END_WAIT: Duration = Duration::from_secs(3);
/// How long the checker watches, after each message, for a datagram sent before the
/// reply: a client that waits for the reply sends nothing.
const QUIET: Duration = Duration::from_millis(100);
/// How much later than the others the slow reply of stage 6 comes (QUIET + SLOW_REPLY,
/// 0.3 s, after its message): within the client's 0.5 s timeout.
const SLOW_REPLY: Duration = Duration::from_millis(200);
/// How long after an unanswered message the client must have given up: its timeout is
/// 0.5 s.
const GIVE_UP_WAIT: Duration = Duration::from_secs(3);

/// A turn with a reply of two or three of the checker's words.
fn turn(rng: &mut fastrand::Rng, message: String) -> Turn {
    Turn::new(rng, message, "")
}

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let message = format!("hello {}", word(&mut ctx.rng));
    let first = [turn(&mut ctx.rng, message)];
    let (server, from) = ctx.stage(|ctx| {
        let server = start_client(ctx, &first)?;
        let from = next_message(ctx, &server, 1, &first[0].message, None)
            .map_err(|failure| failure.by_hand(by_hand(ctx, &first, Peer::Answers)))?;
        Ok((server, from))
    })?;
    ctx.stage(|ctx| {
        waits_for_reply(ctx, &server, 1, QUIET)
            .and_then(|()| {
                let _ = server.socket.send_to(first[0].reply.as_bytes(), from);
                ends_after_last_reply(ctx, &server, &first, &[])
            })
            .map_err(|failure| failure.by_hand(by_hand(ctx, &first, Peer::Answers)))
    })?;

    let mut turns: Vec<Turn> = slips(&mut ctx.rng)
        .into_iter()
        .map(|message| turn(&mut ctx.rng, message))
        .collect();
    // The last reply is 700 to 1000 bytes long: one recv_from into 1024 bytes takes it.
    if let Some(last) = turns.last_mut() {
        last.reply = long_words(&mut ctx.rng, reply_word).trim_end().to_string();
    }
    ctx.stage(|ctx| {
        each_in_turn(ctx, &turns)
            .map_err(|failure| failure.by_hand(by_hand(ctx, &turns, Peer::Answers)))
    })?;

    let lost: Vec<Turn> = (0..2)
        .map(|_| {
            let message = format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng));
            turn(&mut ctx.rng, message)
        })
        .collect();
    ctx.stage(|ctx| gives_up(ctx, &lost))?;

    let message = format!("hello {}", word(&mut ctx.rng));
    let one = [turn(&mut ctx.rng, message)];
    let strangers = [
        format!("stranger {}", reply_word(&mut ctx.rng)),
        format!("stranger {}", reply_word(&mut ctx.rng)),
    ];
    ctx.stage(|ctx| {
        strangers_first(ctx, &one[0], strangers)
            .map_err(|failure| failure.by_hand(by_hand(ctx, &one, Peer::Answers)))
    })
}

/// The checker's server socket on a free port, and the client started with its address
/// and the messages.
fn start_client(ctx: &mut Ctx, turns: &[Turn]) -> Result<Server, Failure> {
    let server = Server::new().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    let mut args = vec![server.addr.to_string()];
    args.extend(turns.iter().map(|turn| turn.message.clone()));
    ctx.start_program(CLIENT, &args, Input::Empty)?;
    Ok(server)
}

/// Message `n`: the next datagram that comes, exactly the argument's bytes (`next`,
/// the message after it, tells a client that did not wait for the reply). Returns the
/// client's address, where the reply goes.
fn next_message(
    ctx: &mut Ctx,
    server: &Server,
    n: usize,
    message: &str,
    next: Option<&str>,
) -> Result<SocketAddr, Failure> {
    match server.receive(ctx, SEND_WAIT) {
        Got::Datagram(got, from) => {
            judge_message(ctx, n, message.as_bytes(), &got, next.map(str::as_bytes))?;
            Ok(from)
        }
        _ if server.tcp_connected() => Err(Failure::new(Msg::UdpClientUsedTcp {
            addr: server.addr.to_string(),
        })
        .hint(Msg::UdpHintDatagramClient)),
        Got::Exited(status) => {
            let failure = Failure::new(Msg::ExitedBeforeSending {
                status: describe_exit(status, ctx.lang),
                n,
            });
            // Address in use: it bound the server's address, where the checker is.
            let in_use = hint_from_output(&ctx.program().last_lines()) == Some(Msg::HintAddrInUse);
            Err(match (in_use, n) {
                (true, _) => failure.hint_stays(Msg::UdpHintClientBindsAnyPort),
                (false, 1) => failure.hint(Msg::UdpHintSendTo),
                (false, _) => failure.hint(Msg::UdpHintEveryArgument),
            })
        }
        Got::Nothing | Got::Refused => Err(Failure::new(Msg::UdpNothingSent {
            n,
            addr: server.addr.to_string(),
            secs: SEND_WAIT.as_secs(),
        })
        .hint(match n {
            1 => Msg::UdpHintSendTo,
            _ => Msg::UdpHintEveryArgument,
        })),
    }
}

/// What is wrong with datagram `n`, `got`, if anything: it should be exactly `message`.
/// `next`, the message after it, tells a client that did not wait for the reply.
fn judge_message(
    ctx: &Ctx,
    n: usize,
    message: &[u8],
    got: &[u8],
    next: Option<&[u8]>,
) -> Result<(), Failure> {
    if got == message {
        return Ok(());
    }
    let failure = match next == Some(got) {
        true => Failure::new(Msg::UdpSkipped { n }).hint(Msg::UdpHintOneDatagram),
        false => wrong_message(ctx.lang, n, message, got, Msg::HintSendArgument),
    };
    Err(failure.compare(message, got))
}

/// After message `n` came: nothing more before its reply. A client that does not wait
/// sends the next message at once; one that does not wait long enough (a nonblocking
/// socket, a tiny timeout) gives up at once.
fn waits_for_reply(
    ctx: &mut Ctx,
    server: &Server,
    n: usize,
    wait: Duration,
) -> Result<(), Failure> {
    match server.receive(ctx, wait) {
        // The datagram says it all; a panic the program prints later (the checker's
        // socket closed, its next send refused) says nothing more.
        Got::Datagram(..) => {
            Err(Failure::new(Msg::UdpDidNotWait { n }).hint_stays(Msg::UdpHintWaitForReply))
        }
        // Exit code 0: it never meant to wait; another code: it gave up at once.
        Got::Exited(status) => Err(Failure::new(Msg::UdpGaveUpTooSoon {
            n,
            status: describe_exit(status, ctx.lang),
        })
        .hint_stays(match status.success() {
            true => Msg::UdpHintWaitForReply,
            false => Msg::UdpHintTimeoutTooShort,
        })),
        Got::Nothing | Got::Refused => Ok(()),
    }
}

/// The end of a run where every message got its reply: exit code 0 within a moment,
/// nothing more sent, every reply printed. `strangers`: the words of datagrams from
/// strangers that came before the reply, and where from: never to be printed.
fn ends_after_last_reply(
    ctx: &mut Ctx,
    server: &Server,
    turns: &[Turn],
    strangers: &[(String, SocketAddr)],
) -> Result<(), Failure> {
    let status = ctx.program().exited_within(END_WAIT);
    if let Got::Datagram(extra, _) = server.receive(ctx, Duration::ZERO) {
        return Err(Failure::new(Msg::UdpSentMore {
            got: quoted(&extra, ctx.lang),
        })
        .hint(Msg::UdpHintOneDatagram));
    }
    let Some(status) = status else {
        return Err(Failure::new(Msg::UdpRunsOnAfterLast {
            secs: END_WAIT.as_secs(),
        })
        .hint(Msg::UdpHintEndAfterLast));
    };
    // A stranger's words printed as a reply would be: at the end of a line.
    let lines = ctx.program().stdout_lines();
    for (words, from) in strangers {
        if lines
            .iter()
            .any(|line| line.trim_end().ends_with(words.as_str()))
        {
            return Err(Failure::new(Msg::UdpTookStrangersDatagram {
                from: from.to_string(),
                got: quoted(words.as_bytes(), ctx.lang),
            })
            .hint(Msg::UdpHintOnlyServer));
        }
    }
    if let (Some((_, from)), false) = (strangers.first(), status.success()) {
        return Err(Failure::new(Msg::UdpGaveUpOnStranger {
            from: from.to_string(),
            status: describe_exit(status, ctx.lang),
        })
        .hint(Msg::UdpHintOnlyServer));
    }
    if !status.success() {
        let status = describe_exit(status, ctx.lang);
        return Err(Failure::new(Msg::ExitedWithError { status }).hint(Msg::HintExitZero));
    }
    let replies: Vec<&str> = turns.iter().map(|turn| turn.reply.as_str()).collect();
    printed_replies(ctx, &replies)
}

/// Stage 6: each message in turn, each reply sent only once the checker has seen that
/// nothing else came; the second reply late.
fn each_in_turn(ctx: &mut Ctx, turns: &[Turn]) -> Result<(), Failure> {
    let server = start_client(ctx, turns)?;
    for (index, turn) in turns.iter().enumerate() {
        let n = index + 1;
        let next = turns.get(n).map(|turn| turn.message.as_str());
        let from = next_message(ctx, &server, n, &turn.message, next)?;
        let wait = match n {
            2 => QUIET + SLOW_REPLY,
            _ => QUIET,
        };
        waits_for_reply(ctx, &server, n, wait)?;
        let _ = server.socket.send_to(turn.reply.as_bytes(), from);
    }
    ends_after_last_reply(ctx, &server, turns, &[])
}

// ANCHOR: gives_up
/// Stage 7: the reply to message 1 never comes, first from a server that stays silent,
/// then because no program receives at the address at all (a client that connect()ed
/// hears the refusal at once; on Linux, another waits out its timeout). Each time the client
/// must end within a few seconds, with an exit code that is not 0, without a panic,
/// saying why on stderr, and without sending message 2.
fn gives_up(ctx: &mut Ctx, turns: &[Turn]) -> Result<(), Failure> {
    let server = start_client(ctx, turns)?;
    next_message(ctx, &server, 1, &turns[0].message, Some(&turns[1].message))?;
    // What it has said on stderr so far, once its lines written before the message have
    // reached the checker (the client waits 0.5 s for its reply meanwhile).
    thread::sleep(QUIET);
    let said = ctx.program().stderr_lines().len();
    // No reply: the datagram, or its reply, was lost.
    let status = match server.receive(ctx, GIVE_UP_WAIT - QUIET) {
        Got::Datagram(got, _) => {
            return Err(Failure::new(Msg::UdpSentAfterLoss {
                got: quoted(&got, ctx.lang),
            })
            .hint(Msg::UdpHintGiveUp));
        }
        Got::Exited(status) => Some(status),
        Got::Nothing | Got::Refused => None,
    };
    ended_with_an_error(ctx, Msg::UdpLost, Msg::UdpHintGiveUp, status, said)
        .map_err(|failure| failure.by_hand(by_hand(ctx, turns, Peer::Silent)))?;

    let (vacant, addr) =
        datagram::socket().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    drop(vacant);
    let mut args = vec![addr.to_string()];
    args.extend(turns.iter().map(|turn| turn.message.clone()));
    ctx.start_program(CLIENT, &args, Input::Empty)?;
    let status = ctx.program().exited_within(GIVE_UP_WAIT);
    let nobody = Msg::UdpNobody {
        addr: addr.to_string(),
    };
    ended_with_an_error(ctx, nobody, Msg::UdpHintRefused, status, 0)
        .map_err(|failure| failure.by_hand(by_hand(ctx, turns, Peer::Absent)))
}

/// How a client ended (None: it had not, after GIVE_UP_WAIT) when message 1 got no
/// reply, for the reason given: with an exit code that is not 0, without a panic, and
/// with a line on stderr after its first `said` ones. `give_up`: the hint that says how.
fn ended_with_an_error(
    ctx: &mut Ctx,
    reason: Msg,
    give_up: Msg,
    status: Option<ExitStatus>,
    said: usize,
) -> Result<(), Failure> {
    let reason = Box::new(reason);
    let Some(status) = status else {
        return Err(Failure::new(Msg::UdpStillWaiting {
            reason,
            secs: GIVE_UP_WAIT.as_secs(),
        })
        .hint(Msg::UdpHintTimeout));
    };
    if status.success() {
        return Err(Failure::new(Msg::UdpExitedZeroAfterLoss { reason }).hint(give_up));
    }
    let status = describe_exit(status, ctx.lang);
    if panicked(&ctx.program().last_lines()) {
        return Err(Failure::new(Msg::UdpPanickedAfterLoss { reason, status }).hint_stays(give_up));
    }
    let stderr = ctx.program().stderr_lines();
    if stderr.iter().skip(said).all(|line| line.trim().is_empty()) {
        return Err(
            Failure::new(Msg::UdpSilentAfterLoss { reason, status }).hint(Msg::UdpHintSayWhy)
        );
    }
    Ok(())
}
// ANCHOR_END: gives_up

/// Stage 8: two strangers send the client a datagram before the server's reply comes:
/// one from another port of 127.0.0.1, one from the server's port on another address of
/// the loopback, 127.0.0.2 (Linux answers on all of 127.0.0.0/8; where it cannot be
/// bound, it is left out), so that a client comparing only the address, or only the port, is seen.
fn strangers_first(ctx: &mut Ctx, turn: &Turn, words: [String; 2]) -> Result<(), Failure> {
    let turns = std::slice::from_ref(turn);
    let server = start_client(ctx, turns)?;
    let client = next_message(ctx, &server, 1, &turn.message, None)?;
    let [other_port, other_address] = words;
    let mut strangers = Vec::new();
    let sockets = [
        UdpSocket::bind("127.0.0.1:0").map(|socket| (socket, other_port)),
        UdpSocket::bind((Ipv4Addr::new(127, 0, 0, 2), server.addr.port()))
            .map(|socket| (socket, other_address)),
    ];
    for (socket, words) in sockets.into_iter().flatten() {
        let _ = socket.send_to(words.as_bytes(), client);
        if let Ok(from) = socket.local_addr() {
            strangers.push((words, from));
        }
    }
    // A client that takes a stranger's datagram for the reply may end here: what it
    // printed tells, at the end. One that sends again before the reply did not wait.
    if let Got::Datagram(..) = server.receive(ctx, QUIET) {
        return Err(Failure::new(Msg::UdpDidNotWait { n: 1 }).hint_stays(Msg::UdpHintWaitForReply));
    }
    let _ = server.socket.send_to(turn.reply.as_bytes(), client);
    ends_after_last_reply(ctx, &server, turns, &strangers)
}

/// Who the client talks to in a stage.
#[derive(Clone, Copy, PartialEq)]
enum Peer {
    /// A server that answers every message.
    Answers,
    /// A server that receives and never answers.
    Silent,
    /// No program at all at the address.
    Absent,
}

/// The commands that repeat a client's stage by hand: a server (lesson 2's; nc, which
/// receives and answers only what is typed; or none), and the student's client with the
/// same messages.
fn by_hand(ctx: &Ctx, turns: &[Turn], peer: Peer) -> Vec<String> {
    let messages: Vec<String> = turns
        .iter()
        .map(|turn| shell_quote(&turn.message))
        .collect();
    let client = ctx.run_program_by_hand(CLIENT, &format!("127.0.0.1:9000 {}", messages.join(" ")));
    match peer {
        Peer::Answers => vec![
            "cargo run -p udp-basic -- server 127.0.0.1:9000".to_string(),
            client,
        ],
        Peer::Silent => vec!["nc -u -l 127.0.0.1 9000".to_string(), client],
        Peer::Absent => vec![client],
    }
}
