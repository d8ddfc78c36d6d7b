//! Exercise 1, tcp-server: tutorial 000's first server, answering `received N bytes\n`
//! to each client's message and closing, one client after another.
//!
//! The checker starts the program with a free address and connects as soon as it
//! listens (stage 1); sends one message on that connection and expects the answer and
//! then the server's close (stage 2); then does the same as three to five more clients in
//! turn (stage 3), with messages that catch the usual slips: Chinese text (N counts
//! bytes, not characters), a trailing space (nothing is trimmed), nearly 1024 bytes (the
//! buffer is big enough).

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::checks::tcp::{self, AfterAnswer, End};
use crate::checks::{Ctx, Stop, long_words, shell_quote, word};
use crate::messages::Msg;
use crate::program::{Input, describe_exit};
use crate::report::{Failure, quoted};

pub const STAGES: &[Msg] = &[
    Msg::ListensOnGivenAddress,
    Msg::AnswersOneClient,
    Msg::ClientsOneAfterAnother,
];

/// How long a program may take to listen, to answer, and to close after answering.
const LISTEN_WAIT: Duration = Duration::from_secs(5);
const ANSWER_WAIT: Duration = Duration::from_secs(3);
const CLOSE_WAIT: Duration = Duration::from_secs(3);

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let (addr, first) = ctx.stage(|ctx| {
        let name = ctx.name.clone();
        let addr = crate::checks::start_server(ctx, &name, Input::Empty)?;
        let first = tcp::wait_listening(ctx, addr, LISTEN_WAIT)
            .map_err(|failure| failure.by_hand(vec![ctx.run_by_hand("127.0.0.1:9000")]))?;
        Ok((addr, first))
    })?;

    let message = format!("hello {}", word(&mut ctx.rng));
    ctx.stage(|ctx| exchange(ctx, 1, first, &message))?;

    // ANCHOR: one_after_another
    let mut messages = vec![
        format!("你好 {}", word(&mut ctx.rng)),
        format!("{} {} ", word(&mut ctx.rng), word(&mut ctx.rng)),
        long_words(&mut ctx.rng, word),
    ];
    for _ in 0..ctx.rng.usize(0..=2) {
        messages.push(word(&mut ctx.rng).to_string());
    }
    ctx.stage(|ctx| {
        for (client, message) in (2..).zip(&messages) {
            let stream = connect(ctx, addr, client)?;
            exchange(ctx, client, stream, message)?;
        }
        Ok(())
    })
    // ANCHOR_END: one_after_another
}

/// A later client's connect(): it fails when the server is gone, or stopped listening.
fn connect(ctx: &mut Ctx, addr: SocketAddr, client: usize) -> Result<TcpStream, Failure> {
    tcp::connect_later(ctx, addr, Duration::from_millis(300)).map_err(|(error, exit)| {
        let failure = match exit {
            Some(status) => Failure::new(Msg::ExitedBeforeAnswering {
                status: describe_exit(status, ctx.lang),
                client,
            }),
            None => Failure::new(Msg::CannotConnect {
                addr: addr.to_string(),
                client,
                error: error.to_string(),
            }),
        };
        failure
            .hint(Msg::HintAcceptLoop)
            .by_hand(by_hand(ctx, "hello"))
    })
}

/// One client's conversation: send the message, read the answer, then the close.
fn exchange(
    ctx: &mut Ctx,
    client: usize,
    mut stream: TcpStream,
    message: &str,
) -> Result<(), Failure> {
    let expected = expected_answer(message);
    let (answer, after, end) = match stream.write_all(message.as_bytes()) {
        Ok(()) => tcp::read_answer(&mut stream, ANSWER_WAIT),
        Err(_) => (Vec::new(), Vec::new(), End::Reset),
    };
    if end == End::Newline && answer == expected.as_bytes() {
        let failure = match tcp::wait_close(&mut stream, after, CLOSE_WAIT) {
            AfterAnswer::Closed => return Ok(()),
            AfterAnswer::More(extra) => {
                let failure = Failure::new(Msg::MoreAfterAnswer {
                    client,
                    count: extra.len(),
                })
                .hint(if says_zero_bytes(&extra) {
                    Msg::HintZeroBytes
                } else {
                    Msg::HintOneAnswer
                });
                // Shown as one answer, the caret under its first byte too many.
                let received = [answer.as_slice(), &extra].concat();
                failure.exchange(message.as_bytes(), expected.as_bytes(), &received)
            }
            AfterAnswer::StillOpen => Failure::new(Msg::NotClosed {
                client,
                secs: CLOSE_WAIT.as_secs(),
            })
            .hint(Msg::HintClose)
            .exchange(message.as_bytes(), expected.as_bytes(), &answer),
        };
        return Err(failure.by_hand(by_hand(ctx, message)));
    }
    let failure = wrong_answer(ctx, client, message, &answer, end);
    Err(failure
        .exchange(message.as_bytes(), expected.as_bytes(), &answer)
        .by_hand(by_hand(ctx, message)))
}

/// The sentence and the hint for an answer that is not the expected one, or none.
fn wrong_answer(ctx: &mut Ctx, client: usize, message: &str, answer: &[u8], end: End) -> Failure {
    if answer.is_empty() {
        return no_answer(ctx, client, end);
    }
    let expected = expected_answer(message);
    let (got, expected_quoted) = (
        quoted(answer, ctx.lang),
        quoted(expected.as_bytes(), ctx.lang),
    );
    let failure = match end {
        End::Silent => Failure::new(Msg::PartAnswer {
            client,
            expected: expected_quoted,
            got,
            secs: ANSWER_WAIT.as_secs(),
        }),
        _ => Failure::new(Msg::WrongAnswer {
            client,
            expected: expected_quoted,
            got,
        }),
    };
    // The mistakes worth naming, from what the answer says.
    let said = answer.strip_suffix(b"\n").unwrap_or(answer);
    if expected.as_bytes().strip_suffix(b"\n") == Some(answer) {
        failure.hint(Msg::HintNewline)
    } else if said == format!("received {} bytes", message.chars().count()).as_bytes() {
        failure.hint(Msg::HintBytesNotChars)
    } else if said == format!("received {} bytes", message.trim().len()).as_bytes() {
        failure.hint(Msg::HintTrimmed)
    } else if says_zero_bytes(answer) {
        failure.hint(Msg::HintZeroBytes)
    } else if end == End::Reset {
        failure.hint(Msg::HintReset)
    } else {
        failure.hint(Msg::HintBuffer)
    }
}

/// Nothing came: did the program end, close, reset, or just not answer?
fn no_answer(ctx: &mut Ctx, client: usize, end: End) -> Failure {
    if let Some(status) = ctx.program().exited_within(Duration::from_millis(300)) {
        let failure = Failure::new(Msg::ExitedBeforeAnswering {
            status: describe_exit(status, ctx.lang),
            client,
        });
        // A server that ends after its first client lacks a loop.
        return match client {
            1 => failure,
            _ => failure.hint(Msg::HintAcceptLoop),
        };
    }
    match end {
        End::Reset => Failure::new(Msg::ResetBeforeAnswer { client }).hint(Msg::HintReset),
        End::Closed => Failure::new(Msg::ClosedWithoutAnswer { client }).hint(Msg::HintAnswerFirst),
        _ if client > 1 => Failure::new(Msg::NoAnswerAfterOthers {
            client,
            previous: client - 1,
            secs: ANSWER_WAIT.as_secs(),
        })
        .hint(Msg::HintAcceptLoop),
        _ => Failure::new(Msg::NoAnswer {
            client,
            secs: ANSWER_WAIT.as_secs(),
        })
        .hint(Msg::HintOneRead),
    }
}

/// The answer to `message`: its length in bytes, and a newline.
fn expected_answer(message: &str) -> String {
    format!("received {} bytes\n", message.len())
}

/// `received 0 bytes`: a read after the client was done, or into a buffer of length 0.
fn says_zero_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(b"received 0 bytes")
}

/// The two commands that repeat one client's step by hand: the student's server, and
/// lesson 1's client sending the same message.
fn by_hand(ctx: &Ctx, message: &str) -> Vec<String> {
    vec![
        ctx.run_by_hand("127.0.0.1:9000"),
        format!(
            "cargo run -p tcp-basic -- client 127.0.0.1:9000 {}",
            shell_quote(message)
        ),
    ]
}
