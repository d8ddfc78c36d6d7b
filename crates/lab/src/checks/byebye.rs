//! Exercise 3, byebye: tutorial 001's conversation typed on both sides, ended by `byebye`,
//! as two programs, `byebye-server` and `byebye-client`.
//!
//! Each program sends the lines typed on its stdin, as the tutorial's `input()` does. The
//! checker types them (into a pipe), plays the other side over a real socket, and reads
//! what the program prints. The words are chosen at random from the seed: a program that
//! answers the same thing to everyone cannot pass by luck.
//!
//! Stages 1 and 2, the server: a first client talks (each message shown, each typed
//! answer sent without its newline, one message nearly 1024 bytes long) and says byebye:
//! the server closes. Then the server's own typed byebye ends client 2; client 3 closes
//! without a word after one exchange; client 4 must still be served, and the answer to
//! it, typed before it said anything, must wait for its turn. Stages 3 to 5, the client:
//! it sends each typed line and shows each answer (each next line typed before the
//! answer came, so it must wait its turn), then ends (closes, exit code 0) after its own
//! byebye, after the server's, and at the end of its input.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crate::checks::tcp::{self, AfterAnswer, End};
use crate::checks::{Ctx, Misprinted, Stop, long_words, misprinted, reply_word, word};
use crate::messages::Msg;
use crate::program::{Input, describe_exit};
use crate::report::{Failure, quoted};

pub const STAGES: &[Msg] = &[
    Msg::ServerAnswersTypedLines,
    Msg::ServerSaysByebyeAndGoesOn,
    Msg::ClientSendsTypedLines,
    Msg::ClientStopsAtServersByebye,
    Msg::ClientStopsAtEndOfInput,
];

/// The exercise's two programs.
const SERVER: &str = "byebye-server";
const CLIENT: &str = "byebye-client";

/// The tutorials' word that ends a conversation, from either side.
const BYEBYE: &str = "byebye";

/// How long a server may take to listen; a program to show what came, to send what was
/// typed, and to close and end.
const LISTEN_WAIT: Duration = Duration::from_secs(5);
const MESSAGE_WAIT: Duration = Duration::from_secs(3);
const END_WAIT: Duration = Duration::from_secs(3);
/// How long the checker goes on reading after a whole line, for bytes sent with it (a
/// newline): a program that waits for the answer sends nothing more.
const QUIET: Duration = Duration::from_millis(100);
/// How often the checker looks at what the program printed.
const POLL: Duration = Duration::from_millis(20);
/// How long a line typed ahead of its turn is watched for: a program that takes turns
/// sends nothing meanwhile.
const TURN_WAIT: Duration = Duration::from_millis(200);
/// How long a printed line may come after what the program sent next (two pipes, two
/// paths): a moment.
const PRINT_GRACE: Duration = Duration::from_millis(500);

/// One exchange: what the client says, and the answer typed at the server.
struct Turn {
    message: String,
    answer: String,
}

/// `count` exchanges: messages of the checker's words (Chinese in the second), answers
/// of words from another list, so that a program that shows what it sent cannot pass for
/// one that shows what it received.
fn turns(rng: &mut fastrand::Rng, count: usize) -> Vec<Turn> {
    (0..count)
        .map(|index| {
            let greeting = ["hello", "你好", "well"][index % 3];
            Turn {
                message: format!("{greeting} {}", word(rng)),
                answer: format!("{} {}", reply_word(rng), reply_word(rng)),
            }
        })
        .collect()
}

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let mut first = turns(&mut ctx.rng, 2);
    // A message of nearly 1024 bytes: one read into a 1024-byte buffer takes it whole.
    first.push(Turn {
        message: long_words(&mut ctx.rng, word),
        answer: format!("{} {}", reply_word(&mut ctx.rng), reply_word(&mut ctx.rng)),
    });
    let addr = ctx.stage(|ctx| {
        first_client(ctx, &first).map_err(|failure| failure.by_hand(server_by_hand(ctx)))
    })?;
    let next = turns(&mut ctx.rng, 3);
    ctx.stage(|ctx| {
        next_clients(ctx, addr, &next).map_err(|failure| failure.by_hand(server_by_hand(ctx)))
    })?;

    let count = ctx.rng.usize(2..=3);
    let mut conversation = turns(&mut ctx.rng, count);
    if let Some(last) = conversation.last_mut() {
        last.answer = long_words(&mut ctx.rng, reply_word).trim_end().to_string();
    }
    ctx.stage(|ctx| {
        client_says_byebye(ctx, &conversation)
            .map_err(|failure| failure.by_hand(client_by_hand(ctx)))
    })?;
    let one = turns(&mut ctx.rng, 1);
    ctx.stage(|ctx| {
        client_hears_byebye(ctx, &one[0]).map_err(|failure| failure.by_hand(client_by_hand(ctx)))
    })?;
    let one = turns(&mut ctx.rng, 1);
    ctx.stage(|ctx| {
        client_input_ends(ctx, &one[0]).map_err(|failure| failure.by_hand(client_by_hand(ctx)))
    })
}

/// Stage 1: start the server with the address to listen on, and be its first client:
/// each message shown, each typed answer sent back; then byebye, and the server closes.
fn first_client(ctx: &mut Ctx, turns: &[Turn]) -> Result<SocketAddr, Failure> {
    let addr = crate::checks::start_server(ctx, SERVER, Input::Typed)?;
    let mut stream = tcp::wait_listening(ctx, addr, LISTEN_WAIT)?;
    for turn in turns {
        exchange(ctx, &mut stream, 1, turn)?;
    }
    // The client's byebye gets no answer: the server closes the connection.
    let _ = stream.write_all(BYEBYE.as_bytes());
    match tcp::wait_close(&mut stream, Vec::new(), END_WAIT) {
        AfterAnswer::Closed => Ok(addr),
        AfterAnswer::More(extra) => Err(Failure::new(Msg::AnsweredByebye {
            client: 1,
            got: quoted(&extra, ctx.lang),
        })
        .hint(Msg::HintByebyeEnds)),
        AfterAnswer::StillOpen => Err(Failure::new(Msg::NotClosedAfterByebye {
            client: 1,
            secs: END_WAIT.as_secs(),
        })
        .hint(Msg::HintByebyeEnds)),
    }
}

/// Stage 2: client 2 hears the server's own byebye; client 3 closes without a word after
/// one exchange; client 4 is served all the same, its answer typed before it said
/// anything.
fn next_clients(ctx: &mut Ctx, addr: SocketAddr, turns: &[Turn]) -> Result<(), Failure> {
    let mut stream = connect(ctx, addr, 2, Msg::HintBackToAccept)?;
    first_words(ctx, &mut stream, 2, &turns[0].message)?;
    server_says_byebye(ctx, &mut stream, 2)?;

    let mut stream = connect(ctx, addr, 3, Msg::HintBackToAccept)?;
    first_words(ctx, &mut stream, 3, &turns[1].message)?;
    let _ = ctx.program().type_line(&turns[1].answer);
    answer_came(ctx, &mut stream, 3, &turns[1].answer)?;
    // close() without a word: the server's recv returns 0 bytes.
    let _ = stream.shutdown(Shutdown::Both);
    drop(stream);

    let mut stream = connect(ctx, addr, 4, Msg::HintZeroIsClose)?;
    exchange_typed_ahead(ctx, &mut stream, 4, &turns[2]).map_err(|failure| match failure.sentence {
        Msg::NotPrinted { .. } => Failure::new(Msg::NotServedAfterClose {
            client: 4,
            previous: 3,
            secs: MESSAGE_WAIT.as_secs(),
        })
        .hint(Msg::HintZeroIsClose),
        _ => failure,
    })
}

/// Connect as client `client` to the server, which should be back at accept(); `hint`
/// says why it may not be.
fn connect(
    ctx: &mut Ctx,
    addr: SocketAddr,
    client: usize,
    hint: Msg,
) -> Result<TcpStream, Failure> {
    tcp::connect_later(ctx, addr, END_WAIT).map_err(|(error, exit)| {
        match exit {
            Some(status) => Failure::new(Msg::ServerEndedBeforeClient {
                status: describe_exit(status, ctx.lang),
                client,
            }),
            None => Failure::new(Msg::CannotConnect {
                addr: addr.to_string(),
                client,
                error: error.to_string(),
            }),
        }
        .hint(hint)
    })
}

/// A new client's first message, which the server must show. A server that ends after
/// its first client may still have let this one's connection into its queue, and end
/// without accepting it: then it ended before the client came.
fn first_words(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    client: usize,
    message: &str,
) -> Result<(), Failure> {
    client_says(ctx, stream, client, message).map_err(|failure| match failure.sentence {
        Msg::ServerExited { status, client } => {
            Failure::new(Msg::ServerEndedBeforeClient { status, client })
                .hint(Msg::HintBackToAccept)
        }
        _ => failure,
    })
}

/// One exchange with the server: the message shown, the typed answer sent back, and the
/// connection kept for what comes next.
fn exchange(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    client: usize,
    turn: &Turn,
) -> Result<(), Failure> {
    client_says(ctx, stream, client, &turn.message)?;
    let _ = ctx.program().type_line(&turn.answer);
    answer_came(ctx, stream, client, &turn.answer)
}

// ANCHOR: typed_ahead
/// The same with the answer typed before the client says anything, as an operator who
/// types fast does: it must wait in the server's stdin until the message has come and
/// been shown. The line and the printed message come by two paths (the socket, a pipe):
/// either may reach the checker first.
fn exchange_typed_ahead(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    client: usize,
    turn: &Turn,
) -> Result<(), Failure> {
    let seen = ctx.program().stdout_count();
    let _ = ctx.program().type_line(&turn.answer);
    let (early, _) = tcp::read_message(stream, 1, TURN_WAIT, QUIET);
    if !early.is_empty() {
        return Err(Failure::new(Msg::AnsweredOutOfTurn {
            client,
            got: quoted(&early, ctx.lang),
        })
        .hint(Msg::HintServerTurns));
    }
    let _ = stream.write_all(turn.message.as_bytes());
    let (got, end) = tcp::read_message(stream, turn.answer.len(), MESSAGE_WAIT, QUIET);
    let shown = wait_printed(ctx, seen, &turn.message, PRINT_GRACE);
    if !shown {
        return Err(not_printed(ctx, seen, client, &turn.message));
    }
    judge_answer(ctx, client, &turn.answer, &got, end)
}
// ANCHOR_END: typed_ahead

/// Client `client` sends `message`; the server must print it at the end of a line
/// before anything is typed. Meanwhile the checker watches the connection: an answer
/// nobody typed, the server's close, its end.
fn client_says(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    client: usize,
    message: &str,
) -> Result<(), Failure> {
    let seen = ctx.program().stdout_count();
    let _ = stream.write_all(message.as_bytes());
    let deadline = Instant::now() + MESSAGE_WAIT;
    loop {
        if ctx.program().printed_at_line_end_since(seen, message) {
            return Ok(());
        }
        let (early, end) = tcp::read_message(stream, 1, POLL, QUIET);
        if !early.is_empty() {
            return Err(Failure::new(Msg::AnsweredUntyped {
                client,
                got: quoted(&early, ctx.lang),
            })
            .hint(Msg::HintAnswerTyped));
        }
        if end != End::Silent || ctx.program().exited().is_some() {
            return Err(closed_after_message(ctx, client));
        }
        if Instant::now() >= deadline {
            return Err(not_printed(ctx, seen, client, message));
        }
    }
}

/// Client `client`'s message was not printed at the end of a line: said so, with a hint
/// from how it shows, if at all (zeros after it, only its start, something after it).
fn not_printed(ctx: &mut Ctx, seen: usize, client: usize, message: &str) -> Failure {
    let hint = match misprinted_since(ctx, seen, message) {
        Misprinted::Zeros => Msg::HintPrintedZeros,
        Misprinted::Cut => Msg::HintSmallBuffer,
        Misprinted::NotAtEnd => Msg::UdpHintMessageAtEnd,
        Misprinted::Numbers | Misprinted::Absent => Msg::HintPrintMessage,
    };
    Failure::new(Msg::NotPrinted {
        client,
        message: quoted(message.as_bytes(), ctx.lang),
        secs: MESSAGE_WAIT.as_secs(),
    })
    .hint(hint)
}

/// Client `client` must now receive exactly the typed `answer`, without the newline, and
/// the server must then wait for the next message.
fn answer_came(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    client: usize,
    answer: &str,
) -> Result<(), Failure> {
    let (got, end) = tcp::read_message(stream, answer.len(), MESSAGE_WAIT, QUIET);
    judge_answer(ctx, client, answer, &got, end)
}

/// What is wrong with `got`, if anything, where `answer` was typed: the bytes exactly,
/// and then silence (the server waits for the next message).
fn judge_answer(
    ctx: &mut Ctx,
    client: usize,
    answer: &str,
    got: &[u8],
    end: End,
) -> Result<(), Failure> {
    let expected = answer.as_bytes();
    if got == expected {
        return match end {
            // After its own byebye the server closes; checked by the caller.
            _ if answer == BYEBYE => Ok(()),
            End::Silent => Ok(()),
            _ => Err(Failure::new(Msg::ClosedAfterAnswer { client }).hint(Msg::HintSameConnection)),
        };
    }
    if got.is_empty() {
        if end != End::Silent || ctx.program().exited().is_some() {
            return Err(closed_after_message(ctx, client));
        }
        return Err(Failure::new(Msg::NoTypedAnswer {
            client,
            answer: quoted(expected, ctx.lang),
            secs: MESSAGE_WAIT.as_secs(),
        })
        .hint(Msg::HintAnswerTyped));
    }
    let failure = match with_newline(got, expected) {
        true => Failure::new(Msg::AnswerWithNewline { client }).hint(Msg::HintDropNewline),
        false => Failure::new(Msg::WrongTypedAnswer {
            client,
            expected: quoted(expected, ctx.lang),
            got: quoted(got, ctx.lang),
        })
        .hint(Msg::HintAnswerTyped),
    };
    Err(failure.compare(expected, got))
}

/// The server closed client `client`'s connection without an answer: because it ended
/// (which follows the close by a moment), or while running on.
fn closed_after_message(ctx: &mut Ctx, client: usize) -> Failure {
    match ctx.program().exited_within(END_WAIT) {
        Some(status) => {
            let status = describe_exit(status, ctx.lang);
            Failure::new(Msg::ServerExited { status, client })
        }
        None => Failure::new(Msg::ClosedAfterMessage { client }).hint(Msg::HintSameConnection),
    }
}

/// Type byebye at the server: client `client` must receive it, and then the close.
fn server_says_byebye(ctx: &mut Ctx, stream: &mut TcpStream, client: usize) -> Result<(), Failure> {
    let _ = ctx.program().type_line(BYEBYE);
    answer_came(ctx, stream, client, BYEBYE)?;
    match tcp::wait_close(stream, Vec::new(), END_WAIT) {
        AfterAnswer::Closed => Ok(()),
        AfterAnswer::More(extra) => Err(Failure::new(Msg::SentAfterOwnByebye {
            client,
            count: extra.len(),
        })
        .hint(Msg::HintOwnByebye)),
        AfterAnswer::StillOpen => Err(Failure::new(Msg::NotClosedAfterOwnByebye {
            client,
            secs: END_WAIT.as_secs(),
        })
        .hint(Msg::HintOwnByebye)),
    }
}

/// Stage 3: the client sends each typed line and shows each answer, each next line typed
/// before the answer came (it must wait its turn); then it sends a typed byebye, closes,
/// and ends with exit code 0.
fn client_says_byebye(ctx: &mut Ctx, turns: &[Turn]) -> Result<(), Failure> {
    let mut stream = start_client(ctx)?;
    let _ = ctx.program().type_line(&turns[0].message);
    for (index, turn) in turns.iter().enumerate() {
        let n = index + 1;
        line_came(ctx, &mut stream, n, &turn.message)?;
        let next = turns.get(n).map_or(BYEBYE, |next| next.message.as_str());
        let _ = ctx.program().type_line(next);
        let (early, _) = tcp::read_message(&mut stream, 1, TURN_WAIT, QUIET);
        if !early.is_empty() {
            let got = quoted(&early, ctx.lang);
            return Err(
                Failure::new(Msg::SentOutOfTurn { n: n + 1, got }).hint(Msg::HintClientTurns)
            );
        }
        answer_printed(ctx, &mut stream, n, &turn.answer)?;
    }
    line_came(ctx, &mut stream, turns.len() + 1, BYEBYE)?;
    // The server closes after the client's byebye, as lesson 1's does.
    let _ = stream.shutdown(Shutdown::Write);
    ends(
        ctx,
        &mut stream,
        Msg::AfterSendingByebye,
        Msg::HintCloseAfterByebye,
    )
}

/// Stage 4: one exchange, whose answer is byebye (and then the server's close): the
/// client closes and ends, though its input stays open.
fn client_hears_byebye(ctx: &mut Ctx, turn: &Turn) -> Result<(), Failure> {
    let mut stream = start_client(ctx)?;
    let _ = ctx.program().type_line(&turn.message);
    line_came(ctx, &mut stream, 1, &turn.message)?;
    let _ = stream.write_all(BYEBYE.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    ends(
        ctx,
        &mut stream,
        Msg::AfterServersByebye,
        Msg::HintHeardByebye,
    )
}

/// Stage 5: one exchange, then the input ends (Ctrl-D at a terminal): the client closes
/// and ends (saying byebye first, if it likes).
fn client_input_ends(ctx: &mut Ctx, turn: &Turn) -> Result<(), Failure> {
    let mut stream = start_client(ctx)?;
    let _ = ctx.program().type_line(&turn.message);
    line_came(ctx, &mut stream, 1, &turn.message)?;
    answer_printed(ctx, &mut stream, 1, &turn.answer)?;
    ctx.program().end_input();
    ends(ctx, &mut stream, Msg::AfterInputEnded, Msg::HintEndOfInput)
}

/// Listen on a free port, start the client with that address and its stdin a pipe the
/// checker types into, and take its connection.
fn start_client(ctx: &mut Ctx) -> Result<TcpStream, Failure> {
    let (listener, addr) =
        tcp::listen().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
    ctx.start_program(CLIENT, &[addr.to_string()], Input::Typed)?;
    tcp::wait_connected(ctx, &listener, addr, tcp::CONNECT_WAIT)
}

/// Line `n`, typed at the client, must come exactly, without its newline, and then the
/// client must wait (for the answer; after byebye, to close).
fn line_came(ctx: &mut Ctx, stream: &mut TcpStream, n: usize, line: &str) -> Result<(), Failure> {
    let (got, end) = tcp::read_message(stream, line.len(), MESSAGE_WAIT, QUIET);
    let expected = line.as_bytes();
    if got == expected {
        return match end {
            // After byebye, the close is what comes next.
            _ if line == BYEBYE => Ok(()),
            End::Silent => Ok(()),
            _ => Err(Failure::new(Msg::ClosedBeforeAnswer { n }).hint(Msg::HintReadAnswer)),
        };
    }
    if got.is_empty() {
        let hint = match line {
            BYEBYE => Msg::HintSendByebye,
            _ => Msg::HintSendTypedLine,
        };
        let line = quoted(expected, ctx.lang);
        if end == End::Silent {
            let secs = MESSAGE_WAIT.as_secs();
            return Err(Failure::new(Msg::LineNotSent { n, line, secs }).hint(hint));
        }
        return Err(match ctx.program().exited_within(END_WAIT) {
            Some(status) => {
                let status = describe_exit(status, ctx.lang);
                Failure::new(Msg::ExitedBeforeLine { status, n, line })
            }
            None => Failure::new(Msg::ClosedBeforeLine { n, line }),
        }
        .hint(hint));
    }
    let failure = match with_newline(&got, expected) {
        true => Failure::new(Msg::LineWithNewline { n }).hint(Msg::HintDropNewline),
        false => Failure::new(Msg::WrongLine {
            n,
            expected: quoted(expected, ctx.lang),
            got: quoted(&got, ctx.lang),
        })
        .hint(Msg::HintSendTypedLine),
    };
    Err(failure.compare(expected, &got))
}

/// Send answer `n` to the client: it must print it, in a line, within the wait.
fn answer_printed(
    ctx: &mut Ctx,
    stream: &mut TcpStream,
    n: usize,
    answer: &str,
) -> Result<(), Failure> {
    let seen = ctx.program().stdout_count();
    let _ = stream.write_all(answer.as_bytes());
    if wait_printed(ctx, seen, answer, MESSAGE_WAIT) {
        return Ok(());
    }
    let hint = match misprinted_since(ctx, seen, answer) {
        Misprinted::Zeros => Msg::HintPrintedZeros,
        Misprinted::Cut => Msg::HintClientBuffer,
        Misprinted::NotAtEnd => Msg::HintAnswerAtEnd,
        Misprinted::Numbers | Misprinted::Absent => Msg::HintPrintAnswer,
    };
    Err(Failure::new(Msg::AnswerNotPrinted {
        n,
        answer: quoted(answer.as_bytes(), ctx.lang),
        secs: MESSAGE_WAIT.as_secs(),
    })
    .hint(hint))
}

/// How `text` shows in what the program printed after its first `seen` lines, where no
/// line ends with it.
fn misprinted_since(ctx: &mut Ctx, seen: usize, text: &str) -> Misprinted {
    let lines: Vec<String> = ctx
        .program()
        .stdout_lines()
        .into_iter()
        .skip(seen)
        .collect();
    misprinted(&lines, text.trim_end())
}

/// Whether the program prints a line that ends with `text`, after its first `seen`
/// lines, within `wait`.
fn wait_printed(ctx: &mut Ctx, seen: usize, text: &str, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    loop {
        if ctx.program().printed_at_line_end_since(seen, text) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(POLL);
    }
}

/// The end of a client's conversation, `after` something: it closes the connection
/// without sending more, and ends with exit code 0. `hint` says how, where it does not.
fn ends(ctx: &mut Ctx, stream: &mut TcpStream, after: Msg, hint: Msg) -> Result<(), Failure> {
    let mut end = tcp::wait_close(stream, Vec::new(), END_WAIT);
    // At the end of its input a client may say byebye before it closes; the server
    // closes then, as after any byebye.
    if after == Msg::AfterInputEnded && end == AfterAnswer::More(BYEBYE.as_bytes().to_vec()) {
        let _ = stream.shutdown(Shutdown::Write);
        end = tcp::wait_close(stream, Vec::new(), END_WAIT);
    }
    let after = after.text(ctx.lang);
    match end {
        // recv() returned 0 bytes: the checker closes too, as lesson 1's server does (a
        // client that shut down its sending half may be reading until it does).
        AfterAnswer::Closed => {
            let _ = stream.shutdown(Shutdown::Both);
        }
        AfterAnswer::More(extra) => {
            let count = extra.len();
            return Err(Failure::new(Msg::ClientSentMore { after, count }).hint(hint));
        }
        AfterAnswer::StillOpen => {
            let secs = END_WAIT.as_secs();
            return Err(Failure::new(Msg::ClientKeptOpen { after, secs }).hint(hint));
        }
    }
    match ctx.program().exited_within(END_WAIT) {
        None => {
            let secs = END_WAIT.as_secs();
            Err(Failure::new(Msg::ClientRunsOn { after, secs }).hint(hint))
        }
        Some(status) if !status.success() => {
            let status = describe_exit(status, ctx.lang);
            Err(Failure::new(Msg::ClientEndedWithError { after, status })
                .hint(Msg::HintExitZeroConversation))
        }
        Some(_) => Ok(()),
    }
}

/// Whether `got` is `expected` with a line end after it, as read_line leaves it.
fn with_newline(got: &[u8], expected: &[u8]) -> bool {
    got.strip_prefix(expected)
        .is_some_and(|rest| rest == b"\n" || rest == b"\r\n")
}

/// The commands that repeat a server stage by hand: the student's server, and lesson 1's
/// client, which sends the lines typed at it.
fn server_by_hand(ctx: &Ctx) -> Vec<String> {
    vec![
        ctx.run_program_by_hand(SERVER, "127.0.0.1:9000"),
        "cargo run -p tcp-basic -- client 127.0.0.1:9000 --timeout 120".to_string(),
    ]
}

/// The same for a client stage: lesson 1's server, answering with the lines typed at it,
/// and the student's client.
fn client_by_hand(ctx: &Ctx) -> Vec<String> {
    vec![
        "cargo run -p tcp-basic -- server 127.0.0.1:9000 --interactive".to_string(),
        ctx.run_program_by_hand(CLIENT, "127.0.0.1:9000"),
    ]
}
