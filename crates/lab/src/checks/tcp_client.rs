//! Exercise 2, tcp-client: tutorial 000's client, sending each of its arguments as a
//! message on one connection and printing each reply, and ending with an error when the
//! server closes first.
//!
//! The checker plays the server: it listens on a free port of its own and starts the
//! program with that address and the messages. Stage 1: the program connects. Stage 2:
//! one message, answered with a few words of the checker's own (chosen at random, so
//! that only a client that reads them can print them); the client prints them, closes
//! and exits 0. Stage 3: the same with three to five messages in turn (Chinese text, a
//! trailing space, nearly 1024 bytes each way). Stage 4: two or three messages, of which
//! only the first is answered before the server closes: the client ends, with an exit
//! code that is not 0, and does not panic.

use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crate::checks::tcp::{self, AfterAnswer, End};
use crate::checks::{
    Ctx, Stop, Turn, long_words, panicked, printed_replies, reply_word, shell_quote, slips, word,
    wrong_message,
};
use crate::messages::Msg;
use crate::program::describe_exit;
use crate::report::Failure;

pub const STAGES: &[Msg] = &[
    Msg::ConnectsToGivenAddress,
    Msg::SendsAndPrintsReply,
    Msg::EachArgumentInTurn,
    Msg::EndsWhenServerCloses,
];

/// How long a program may take to connect, to send a message, and to close and end.
const CONNECT_WAIT: Duration = tcp::CONNECT_WAIT;
const MESSAGE_WAIT: Duration = Duration::from_secs(3);
const END_WAIT: Duration = Duration::from_secs(3);
/// How long the checker goes on reading after a whole message, for bytes sent with it
/// (a newline, the next message): a client that waits for the reply sends nothing.
const QUIET: Duration = Duration::from_millis(100);
/// How long one reply of stage 3 is held back (from the end of its message), as by a
/// server far away: a client that sends the next message after a pause of its own,
/// rather than after the reply, does so meanwhile.
const HELD_REPLY: Duration = Duration::from_millis(400);

/// A turn with a reply of two or three words and a newline.
fn turn(rng: &mut fastrand::Rng, message: String) -> Turn {
    Turn::new(rng, message, "\n")
}

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let message = format!("hello {}", word(&mut ctx.rng));
    let first = [turn(&mut ctx.rng, message)];
    let mut server = ctx.stage(|ctx| start_client(ctx, &first))?;
    ctx.stage(|ctx| {
        let half_closed = converse(ctx, &mut server, &first, first.len(), None)?;
        ends_after_last_reply(ctx, &mut server, &first, half_closed)
    })?;

    let mut turns: Vec<Turn> = slips(&mut ctx.rng)
        .into_iter()
        .map(|message| turn(&mut ctx.rng, message))
        .collect();
    // The last reply is nearly 1024 bytes long: one read into a 1024-byte buffer takes it
    // whole. The last, so that a smaller buffer shows as the reply cut where it is printed.
    if let Some(last) = turns.last_mut() {
        last.reply = long_words(&mut ctx.rng, reply_word).trim_end().to_string() + "\n";
    }
    // The reply held back: to one of the messages that have a next one.
    let held = ctx.rng.usize(1..turns.len());
    ctx.stage(|ctx| {
        let mut server = start_client(ctx, &turns)?;
        let half_closed = converse(ctx, &mut server, &turns, turns.len(), Some(held))?;
        ends_after_last_reply(ctx, &mut server, &turns, half_closed)
    })?;

    let turns: Vec<Turn> = (0..ctx.rng.usize(2..=3))
        .map(|_| {
            let message = format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng));
            turn(&mut ctx.rng, message)
        })
        .collect();
    ctx.stage(|ctx| {
        let mut server = start_client(ctx, &turns)?;
        server_closes_first(ctx, &mut server, &turns)
    })
}

/// The checker's side of a stage: its listening socket, kept for the whole stage (so that
/// a client that connects again is seen doing so), and the client's connection.
struct Server {
    listener: TcpListener,
    stream: TcpStream,
}

/// Listen on a free port, start the program with that address and the messages, and
/// take its connection. Tells apart a program that exited (refused elsewhere, or never
/// tried), one that connects to another address, and one that never connects.
fn start_client(ctx: &mut Ctx, turns: &[Turn]) -> Result<Server, Failure> {
    let (listener, addr) =
        tcp::listen().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    let mut args = vec![addr.to_string()];
    args.extend(turns.iter().map(|turn| turn.message.clone()));
    ctx.start(&args)?;
    let stream = tcp::wait_connected(ctx, &listener, addr, CONNECT_WAIT)
        .map_err(|failure| failure.by_hand(by_hand(ctx, turns, false)))?;
    Ok(Server { listener, stream })
}

/// The first `answered` turns: read the client's message, exactly its argument's bytes,
/// then reply (to message `held`, after [`HELD_REPLY`]). Says whether the client closed
/// its sending half right after its last message, as `shutdown(Write)` does: allowed, if
/// it still reads the reply.
fn converse(
    ctx: &mut Ctx,
    server: &mut Server,
    turns: &[Turn],
    answered: usize,
    held: Option<usize>,
) -> Result<bool, Failure> {
    let stream = &mut server.stream;
    for (index, turn) in turns[..answered].iter().enumerate() {
        let n = index + 1;
        let message = turn.message.as_bytes();
        let (mut got, mut end) = tcp::read_message(stream, message.len(), MESSAGE_WAIT, QUIET);
        // The reply held back: what else comes meanwhile was sent after a pause of the
        // client's own, not glued to the message.
        let mut sent_while_held = false;
        if held == Some(n) && got == message && end == End::Silent {
            let (later, later_end) =
                tcp::read_message(stream, 0, Duration::ZERO, HELD_REPLY - QUIET);
            sent_while_held = !later.is_empty();
            got.extend(later);
            end = later_end;
        }
        // Whether it reads the reply all the same, its printed replies will tell.
        let half_closed = got == message && end == End::Closed && n == turns.len();
        let next = turns.get(n).map(|turn| turn.message.as_bytes());
        let failure = match half_closed {
            true => None,
            false => judge_message(
                ctx,
                &server.listener,
                n,
                message,
                &got,
                end,
                next,
                sent_while_held,
            ),
        };
        if let Some(failure) = failure {
            // The bytes, where they say more than the sentence.
            let failure = match got.is_empty() || got == message {
                true => failure,
                false => failure.compare(message, &got),
            };
            return Err(failure.by_hand(by_hand(ctx, turns, false)));
        }
        // send(): the reply, in one write.
        if stream.write_all(turn.reply.as_bytes()).is_err() {
            return Err(Failure::new(Msg::ClosedBeforeReply { n })
                .hint(Msg::HintReadReply)
                .by_hand(by_hand(ctx, turns, false)));
        }
        if half_closed {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What is wrong with message `n`, if anything: `got` should be exactly `message`, and
/// then the client should wait for the reply (it did not, if it `sent_while_held`).
#[allow(clippy::too_many_arguments)]
fn judge_message(
    ctx: &mut Ctx,
    listener: &TcpListener,
    n: usize,
    message: &[u8],
    got: &[u8],
    end: End,
    next: Option<&[u8]>,
    sent_while_held: bool,
) -> Option<Failure> {
    if got == message {
        return match end {
            End::Silent => None,
            _ => Some(Failure::new(Msg::ClosedBeforeReply { n }).hint(Msg::HintReadReply)),
        };
    }
    if got.is_empty() {
        return Some(nothing_sent(ctx, listener, n, end));
    }
    // Glued: the next message came behind this one, before the reply was sent.
    if let Some(extra) = got.strip_prefix(message) {
        let newline = extra.starts_with(b"\n") || extra.starts_with(b"\r\n");
        if !newline && next.is_some_and(|next| next.starts_with(extra) || extra.starts_with(next)) {
            let sentence = match sent_while_held {
                true => Msg::SentBeforeHeldReply {
                    n,
                    next: n + 1,
                    ms: HELD_REPLY.as_millis(),
                },
                false => Msg::Glued { n, next: n + 1 },
            };
            return Some(Failure::new(sentence).hint(Msg::HintWaitForReply));
        }
    }
    // Only its start: the message trimmed of its trailing space (nothing more is coming),
    // or one write() that sent part of it.
    let part_hint = match got == message.trim_ascii_end() {
        true => Msg::HintSendArgument,
        false => Msg::HintWriteAll,
    };
    Some(wrong_message(ctx.lang, n, message, got, part_hint))
}

/// No byte of message `n` came: the program ended, closed, connected again, or waits for
/// something.
fn nothing_sent(ctx: &mut Ctx, listener: &TcpListener, n: usize, end: End) -> Failure {
    if end == End::Silent {
        return Failure::new(Msg::NoMessage {
            n,
            secs: MESSAGE_WAIT.as_secs(),
        })
        .hint(match n {
            1 => Msg::HintSendMessage,
            _ => Msg::HintOneReadClient,
        });
    }
    // Closed: then it exits, or connects again (a connection per message), or neither.
    let hint = match n {
        1 => Msg::HintSendMessage,
        _ => Msg::HintEveryArgument,
    };
    let deadline = Instant::now() + END_WAIT;
    loop {
        if listener.accept().is_ok() {
            return Failure::new(Msg::ConnectedAgain { n }).hint(Msg::HintOneConnection);
        }
        if let Some(status) = ctx.program().exited() {
            let status = describe_exit(status, ctx.lang);
            return Failure::new(Msg::ExitedBeforeSending { status, n }).hint(hint);
        }
        if Instant::now() >= deadline {
            return Failure::new(Msg::ClosedBeforeSending { n }).hint(hint);
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// After the last reply: the client closes the connection, exits 0, and has printed
/// every reply. `half_closed`: it closed its sending half right after its last message.
fn ends_after_last_reply(
    ctx: &mut Ctx,
    server: &mut Server,
    turns: &[Turn],
    half_closed: bool,
) -> Result<(), Failure> {
    closes_and_exits_0(ctx, server)
        .and_then(|()| printed_every_reply(ctx, turns, half_closed))
        .map_err(|failure| failure.by_hand(by_hand(ctx, turns, false)))
}

/// The client's close after its last reply, then its exit with code 0.
fn closes_and_exits_0(ctx: &mut Ctx, server: &mut Server) -> Result<(), Failure> {
    match tcp::wait_close(&mut server.stream, Vec::new(), END_WAIT) {
        // recv() returned 0 bytes: the server closes too, as lesson 1's does (a client
        // that shut down its sending half may be reading until it does).
        AfterAnswer::Closed => {
            let _ = server.stream.shutdown(Shutdown::Both);
        }
        AfterAnswer::More(extra) => {
            let hint = match extra.starts_with(b"\n") || extra.starts_with(b"\r\n") {
                true => Msg::HintNoNewlineClient,
                false => Msg::HintCloseClient,
            };
            return Err(Failure::new(Msg::SentAfterLast { count: extra.len() }).hint(hint));
        }
        AfterAnswer::StillOpen => {
            let secs = END_WAIT.as_secs();
            return Err(Failure::new(Msg::NotClosedAfterLast { secs }).hint(Msg::HintCloseClient));
        }
    }
    match ctx.program().exited_within(END_WAIT) {
        None => {
            let secs = END_WAIT.as_secs();
            Err(Failure::new(Msg::RunsOnAfterClosing { secs }).hint(Msg::HintCloseClient))
        }
        Some(status) if !status.success() => {
            let status = describe_exit(status, ctx.lang);
            Err(Failure::new(Msg::ExitedWithError { status }).hint(Msg::HintExitZero))
        }
        Some(_) => Ok(()),
    }
}

/// Every reply printed. A client that closed as soon as it had sent its last message and
/// printed nothing of the reply never read it.
fn printed_every_reply(ctx: &mut Ctx, turns: &[Turn], half_closed: bool) -> Result<(), Failure> {
    let replies: Vec<&str> = turns.iter().map(|turn| turn.reply.as_str()).collect();
    printed_replies(ctx, &replies).map_err(|failure| {
        match half_closed && failure.hint == Some(Msg::HintPrintReply) {
            true => {
                Failure::new(Msg::ClosedBeforeReply { n: turns.len() }).hint(Msg::HintReadReply)
            }
            false => failure,
        }
    })
}

// ANCHOR: closes_first
/// The server answers the first message only, then closes: recv() in the client returns
/// 0 bytes. The client must end, with an exit code that is not 0 (not every message got
/// its reply), saying why on stderr, having printed the one reply it got.
fn server_closes_first(ctx: &mut Ctx, server: &mut Server, turns: &[Turn]) -> Result<(), Failure> {
    converse(ctx, server, turns, 1, None)?;
    let stream = &mut server.stream;
    // close() as far as the client can tell: a FIN, so that its read returns 0 bytes.
    // Only the sending half, though: the checker goes on reading what the client still
    // sends, where a socket closed whole would answer it with a reset.
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + END_WAIT;
    let _ = tcp::wait_close(stream, Vec::new(), END_WAIT);
    let left = deadline.saturating_duration_since(Instant::now());
    ends_with_an_error(ctx, left, &turns[0].reply)
        .map_err(|failure| failure.by_hand(by_hand(ctx, turns, true)))
}

/// Within `wait`, the client exits with a code that is not 0, without a panic, saying why
/// on stderr, having printed the one reply it got.
fn ends_with_an_error(ctx: &mut Ctx, wait: Duration, reply: &str) -> Result<(), Failure> {
    let Some(status) = ctx.program().exited_within(wait) else {
        let secs = END_WAIT.as_secs();
        return Err(
            Failure::new(Msg::RunsOnAfterServerClosed { secs }).hint(Msg::HintZeroMeansClosed)
        );
    };
    if status.success() {
        return Err(Failure::new(Msg::ExitedZeroAfterServerClosed).hint(Msg::HintZeroMeansClosed));
    }
    let status = describe_exit(status, ctx.lang);
    if panicked(&ctx.program().last_lines()) {
        // A panic here comes from how the client met the 0 bytes, not from an error.
        return Err(Failure::new(Msg::PanickedAfterServerClosed { status })
            .hint_stays(Msg::HintZeroMeansClosed));
    }
    if ctx
        .program()
        .stderr_lines()
        .iter()
        .all(|line| line.trim().is_empty())
    {
        return Err(Failure::new(Msg::SilentAfterServerClosed { status }).hint(Msg::HintSayWhy));
    }
    printed_replies(ctx, &[reply])
}
// ANCHOR_END: closes_first

/// The commands that repeat a stage by hand: a server (lesson 1's, which answers each
/// message; or, for a server that closes first, the student's own from exercise 1),
/// and the student's client with the same messages.
fn by_hand(ctx: &Ctx, turns: &[Turn], closes_first: bool) -> Vec<String> {
    let server = match closes_first {
        false => "cargo run -p tcp-basic -- server 127.0.0.1:9000".to_string(),
        true => ctx.run_exercise_by_hand("tcp-server", "127.0.0.1:9000"),
    };
    let messages: Vec<String> = turns
        .iter()
        .map(|turn| shell_quote(&turn.message))
        .collect();
    let client = ctx.run_by_hand(&format!("127.0.0.1:9000 {}", messages.join(" ")));
    vec![server, client]
}
