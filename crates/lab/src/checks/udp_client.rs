//! Exercise 5, udp, the client's stages (4 to 8): tutorial 000's UDP client, sending
//! each of its arguments as a datagram and printing each reply, with a timeout.
//!
//! The checker plays the server: a UDP socket on a free port (and a TCP listener on the
//! same port number, to catch a client that speaks TCP). Stage 4: the first message comes
//! as one datagram, exactly its argument's bytes. Stage 5: the reply, a few words of the
//! checker's own, is printed, and the client exits 0. Stage 6: three to five messages,
//! each sent only after the reply to the one before (one reply comes 0.4 s late; the last
//! one is 700 to 1000 bytes). Stage 7: the reply to the first of two messages never
//! comes: the client gives up, saying so on stderr, with exit code 1, and sends nothing
//! more. Stage 8: a datagram from a stranger (another port of the checker's) comes
//! before the reply, and is not taken for it.

use std::net::SocketAddr;
use std::time::Duration;

use crate::checks::datagram::{self, Got, Server};
use crate::checks::udp::CLIENT;
use crate::checks::{
    Ctx, Stop, hint_from_output, long_words, panicked, printed_replies, reply_word, shell_quote,
    word,
};
use crate::messages::Msg;
use crate::program::describe_exit;
use crate::report::{Failure, quoted};

/// How long a client may take to send a message, and to end.
const SEND_WAIT: Duration = Duration::from_secs(3);
const END_WAIT: Duration = Duration::from_secs(3);
/// How long the checker watches, after each message, for a datagram sent before the
/// reply: a client that waits for the reply sends nothing.
const QUIET: Duration = Duration::from_millis(100);
/// How much later than the others the slow reply of stage 6 comes (QUIET + SLOW_REPLY,
/// 0.4 s, after its message): well within the client's 1 s timeout.
const SLOW_REPLY: Duration = Duration::from_millis(300);
/// How long after an unanswered message the client must have given up: its timeout is
/// 1 s.
const GIVE_UP_WAIT: Duration = Duration::from_secs(3);

/// One message the client sends, and the server's reply to it.
struct Turn {
    message: String,
    reply: String,
}

/// A turn with a reply of two or three of the checker's words.
fn turn(rng: &mut fastrand::Rng, message: String) -> Turn {
    let words: Vec<&str> = (0..rng.usize(2..=3)).map(|_| reply_word(rng)).collect();
    Turn {
        message,
        reply: words.join(" "),
    }
}

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let message = format!("hello {}", word(&mut ctx.rng));
    let first = [turn(&mut ctx.rng, message)];
    let (server, from) = ctx.stage(|ctx| {
        let server = start_client(ctx, &first)?;
        let from = next_message(ctx, &server, 1, &first[0].message, None)
            .map_err(|failure| failure.by_hand(by_hand(ctx, &first, false)))?;
        Ok((server, from))
    })?;
    ctx.stage(|ctx| {
        waits_for_reply(ctx, &server, 1, QUIET)
            .and_then(|()| {
                let _ = server.socket.send_to(first[0].reply.as_bytes(), from);
                ends_after_last_reply(ctx, &server, &first, None)
            })
            .map_err(|failure| failure.by_hand(by_hand(ctx, &first, false)))
    })?;

    let mut messages = vec![
        format!("你好 {}", word(&mut ctx.rng)),
        format!("{} {} ", word(&mut ctx.rng), word(&mut ctx.rng)),
        long_words(&mut ctx.rng, word),
    ];
    for _ in 0..ctx.rng.usize(0..=2) {
        messages.push(word(&mut ctx.rng).to_string());
    }
    let mut turns: Vec<Turn> = messages
        .into_iter()
        .map(|message| turn(&mut ctx.rng, message))
        .collect();
    // The last reply is 700 to 1000 bytes long: one recv_from into 1024 bytes takes it.
    if let Some(last) = turns.last_mut() {
        last.reply = long_words(&mut ctx.rng, reply_word).trim_end().to_string();
    }
    ctx.stage(|ctx| {
        each_in_turn(ctx, &turns).map_err(|failure| failure.by_hand(by_hand(ctx, &turns, false)))
    })?;

    let lost: Vec<Turn> = (0..2)
        .map(|_| {
            let message = format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng));
            turn(&mut ctx.rng, message)
        })
        .collect();
    ctx.stage(|ctx| {
        gives_up(ctx, &lost).map_err(|failure| failure.by_hand(by_hand(ctx, &lost, true)))
    })?;

    let message = format!("hello {}", word(&mut ctx.rng));
    let one = [turn(&mut ctx.rng, message)];
    let stranger = format!("stranger {}", reply_word(&mut ctx.rng));
    ctx.stage(|ctx| {
        stranger_first(ctx, &one[0], &stranger)
            .map_err(|failure| failure.by_hand(by_hand(ctx, &one, false)))
    })
}

/// The checker's server socket on a free port, and the client started with its address
/// and the messages.
fn start_client(ctx: &mut Ctx, turns: &[Turn]) -> Result<Server, Failure> {
    let server = Server::new().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    let mut args = vec![server.addr.to_string()];
    args.extend(turns.iter().map(|turn| turn.message.clone()));
    ctx.start_program(CLIENT, &args, crate::program::Input::Empty)?;
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
    match datagram::receive(ctx, &server.socket, SEND_WAIT) {
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
            Err(match in_use {
                true => failure.hint_stays(Msg::UdpHintClientBindsAnyPort),
                false => failure.hint(Msg::UdpHintSendTo),
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
    let (expected, got_quoted) = (quoted(message, ctx.lang), quoted(got, ctx.lang));
    let failure = if let Some(extra) = got.strip_prefix(message) {
        let more = Failure::new(Msg::MoreThanMessage {
            n,
            count: extra.len(),
        });
        match extra.starts_with(b"\n") || extra.starts_with(b"\r\n") {
            true => more.hint(Msg::HintNoNewlineClient),
            false => more.hint(Msg::HintSendArgument),
        }
    } else if next == Some(got) {
        Failure::new(Msg::UdpSkipped { n }).hint(Msg::UdpHintOneDatagram)
    } else if message.starts_with(got) {
        Failure::new(Msg::PartMessage {
            n,
            expected,
            got: got_quoted,
        })
        .hint(Msg::HintSendArgument)
    } else {
        Failure::new(Msg::WrongMessage {
            n,
            expected,
            got: got_quoted,
        })
        .hint(match got.starts_with(b"\n") {
            true => Msg::HintNoNewlineClient,
            false => Msg::HintSendArgument,
        })
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
    match datagram::receive(ctx, &server.socket, wait) {
        Got::Datagram(..) => {
            Err(Failure::new(Msg::UdpDidNotWait { n }).hint(Msg::UdpHintWaitForReply))
        }
        Got::Exited(status) => Err(Failure::new(Msg::UdpGaveUpTooSoon {
            n,
            status: describe_exit(status, ctx.lang),
        })
        .hint_stays(Msg::UdpHintTimeoutTooShort)),
        Got::Nothing | Got::Refused => Ok(()),
    }
}

/// The end of a run where every message got its reply: exit code 0 within a moment,
/// nothing more sent, every reply printed. `stranger`: the words of a stranger's
/// datagram that came before the reply, never to be printed.
fn ends_after_last_reply(
    ctx: &mut Ctx,
    server: &Server,
    turns: &[Turn],
    stranger: Option<(&str, SocketAddr)>,
) -> Result<(), Failure> {
    let status = ctx.program().exited_within(END_WAIT);
    if let Got::Datagram(extra, _) = datagram::receive(ctx, &server.socket, Duration::ZERO) {
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
    if let Some((words, from)) = stranger {
        let lines = ctx.program().stdout_lines();
        if lines.iter().any(|line| line.contains(words)) {
            return Err(Failure::new(Msg::UdpTookStrangersDatagram {
                from: from.to_string(),
                got: quoted(words.as_bytes(), ctx.lang),
            })
            .hint(Msg::UdpHintOnlyServer));
        }
        if !status.success() {
            return Err(Failure::new(Msg::UdpGaveUpOnStranger {
                from: from.to_string(),
                status: describe_exit(status, ctx.lang),
            })
            .hint(Msg::UdpHintOnlyServer));
        }
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
    ends_after_last_reply(ctx, &server, turns, None)
}

// ANCHOR: gives_up
/// Stage 7: the reply to message 1 never comes. Within a few seconds the client must
/// end, with an exit code that is not 0, saying why on stderr, without a panic, and
/// without sending message 2.
fn gives_up(ctx: &mut Ctx, turns: &[Turn]) -> Result<(), Failure> {
    let server = start_client(ctx, turns)?;
    next_message(ctx, &server, 1, &turns[0].message, Some(&turns[1].message))?;
    // No reply: the datagram, or its reply, was lost.
    let status = match datagram::receive(ctx, &server.socket, GIVE_UP_WAIT) {
        Got::Datagram(got, _) => {
            return Err(Failure::new(Msg::UdpSentAfterLoss {
                got: quoted(&got, ctx.lang),
            })
            .hint(Msg::UdpHintGiveUp));
        }
        Got::Nothing | Got::Refused => {
            return Err(Failure::new(Msg::UdpStillWaiting {
                secs: GIVE_UP_WAIT.as_secs(),
            })
            .hint(Msg::UdpHintTimeout));
        }
        Got::Exited(status) => status,
    };
    if status.success() {
        return Err(Failure::new(Msg::UdpExitedZeroAfterLoss).hint(Msg::UdpHintGiveUp));
    }
    let status = describe_exit(status, ctx.lang);
    if panicked(&ctx.program().last_lines()) {
        return Err(
            Failure::new(Msg::UdpPanickedAfterLoss { status }).hint_stays(Msg::UdpHintGiveUp)
        );
    }
    let stderr = ctx.program().stderr_lines();
    if stderr.iter().all(|line| line.trim().is_empty()) {
        return Err(Failure::new(Msg::UdpSilentAfterLoss { status }).hint(Msg::HintSayWhy));
    }
    Ok(())
}
// ANCHOR_END: gives_up

/// Stage 8: a stranger (another socket of the checker's) sends the client a datagram
/// before the server's reply comes.
fn stranger_first(ctx: &mut Ctx, turn: &Turn, words: &str) -> Result<(), Failure> {
    let turns = std::slice::from_ref(turn);
    let server = start_client(ctx, turns)?;
    let from = next_message(ctx, &server, 1, &turn.message, None)?;
    let (stranger, stranger_addr) =
        datagram::socket().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    let _ = stranger.send_to(words.as_bytes(), from);
    // A client that takes the stranger's datagram for the reply may end here: what it
    // printed tells, at the end.
    if let Got::Datagram(..) = datagram::receive(ctx, &server.socket, QUIET) {
        return Err(Failure::new(Msg::UdpDidNotWait { n: 1 }).hint(Msg::UdpHintWaitForReply));
    }
    let _ = server.socket.send_to(turn.reply.as_bytes(), from);
    ends_after_last_reply(ctx, &server, turns, Some((words, stranger_addr)))
}

/// The commands that repeat a client's stage by hand: a server (lesson 2's, or, where
/// the reply never comes, nc, which receives and answers only what is typed), and the
/// student's client with the same messages.
fn by_hand(ctx: &Ctx, turns: &[Turn], silent: bool) -> Vec<String> {
    let server = match silent {
        false => "cargo run -p udp-basic -- server 127.0.0.1:9000".to_string(),
        true => "nc -u -l 127.0.0.1 9000".to_string(),
    };
    let messages: Vec<String> = turns
        .iter()
        .map(|turn| shell_quote(&turn.message))
        .collect();
    let client = ctx.run_program_by_hand(CLIENT, &format!("127.0.0.1:9000 {}", messages.join(" ")));
    vec![server, client]
}
