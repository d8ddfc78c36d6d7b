//! Exercise 4, framing: a server that reads and writes messages with their length in
//! front (4 bytes, big-endian), lesson 1's `--framed`, answering each message
//! `received N bytes\n`, itself framed.
//!
//! The checker is every client. It sends one message and reads the framed answer (stage
//! 1); then, on the same connection, Chinese text, an empty message and one longer than
//! a 1024-byte buffer, and closes its side: the server must close too, without a word
//! (stage 2). Then, each as a new client that first sends a `hello`, messages glued
//! together in one write (stage 3) and sent one byte at a time (stage 4): TCP may deliver
//! either. Stage 5 sends a message of exactly 64 KiB, which must be answered, then one of
//! a byte more and a length of 4 GiB - 1, each of which must be refused with a close;
//! stage 6 leaves inside a length and inside a message. After each of those clients, the
//! next one must still be answered.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::ExitStatus;
use std::thread;
use std::time::{Duration, Instant};

use crate::checks::tcp::{self, End};
use crate::checks::{Ctx, Stop, shell_quote, word, words_of_size};
use crate::messages::Msg;
use crate::program::{Input, describe_exit};
use crate::report::{Failure, quoted};

pub const STAGES: &[Msg] = &[
    Msg::FramingOneMessage,
    Msg::FramingOneAtATime,
    Msg::FramingGlued,
    Msg::FramingSplit,
    Msg::FramingLimit,
    Msg::FramingCutShort,
];

/// The longest message the server must take: 64 KiB, as lesson 1's `--framed`.
const MAX_MESSAGE: usize = 64 * 1024;

/// How long a program may take to listen, to answer, and to close a connection.
const LISTEN_WAIT: Duration = Duration::from_secs(5);
const ANSWER_WAIT: Duration = Duration::from_secs(3);
const CLOSE_WAIT: Duration = Duration::from_secs(3);
/// How long the checker goes on reading after the last answer it expects, or after a
/// wrong one, for the bytes that came with it.
const QUIET: Duration = Duration::from_millis(100);
/// The pause after each byte sent one at a time: long enough for a server waiting in
/// read() to wake up and take that byte alone, even on a busy machine.
const BYTE_PAUSE: Duration = Duration::from_millis(5);

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    // The server around the student's two functions is given: listening is no stage of
    // its own, the first answer is.
    let hello = format!("hello {}", word(&mut ctx.rng));
    let (addr, mut first) = ctx.stage(|ctx| {
        let name = ctx.name.clone();
        let addr = crate::checks::start_server(ctx, &name, Input::Empty)?;
        let stream = tcp::wait_listening(ctx, addr, LISTEN_WAIT)
            .map_err(|failure| failure.by_hand(vec![ctx.run_by_hand("127.0.0.1:9000")]))?;
        let mut first = Client::new(1, stream);
        first.converse(ctx, &[hello], Sending::AfterEachAnswer)?;
        Ok((addr, first))
    })?;

    // ANCHOR: messages
    let long = words_of_size(&mut ctx.rng, word, 1500..=3000);
    let messages = [format!("你好 {}", word(&mut ctx.rng)), String::new(), long];
    ctx.stage(|ctx| {
        first.converse(ctx, &messages, Sending::AfterEachAnswer)?;
        first.leave(&[])
    })?;

    let glued = [
        word(&mut ctx.rng).to_string(),
        format!("你好 {}", word(&mut ctx.rng)),
        String::new(),
        format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng)),
    ];
    ctx.stage(|ctx| {
        next_client(ctx, addr, 2, After::Close)?.converse(ctx, &glued, Sending::Glued)
    })?;

    let split = [
        word(&mut ctx.rng).to_string(),
        "你好".to_string(),
        format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng)),
    ];
    ctx.stage(|ctx| {
        next_client(ctx, addr, 3, After::Close)?.converse(ctx, &split, Sending::ByteByByte)
    })?;
    // ANCHOR_END: messages

    let at_limit = words_of_size(&mut ctx.rng, word, MAX_MESSAGE..=MAX_MESSAGE);
    let over_limit = words_of_size(&mut ctx.rng, word, MAX_MESSAGE + 1..=MAX_MESSAGE + 1);
    ctx.stage(|ctx| {
        let mut client = next_client(ctx, addr, 4, After::Close)?;
        client.converse(ctx, &[at_limit], Sending::AfterEachAnswer)?;
        client.refused(&frame(over_limit.as_bytes()), over_limit.len())?;
        // A stranger's length, nothing after it: the largest 4 bytes can say.
        let mut client = next_client(ctx, addr, 5, After::Refusal)?;
        client.refused(&[0xff; 4], u32::MAX as usize)?;
        next_client(ctx, addr, 6, After::Refusal).map(drop)
    })?;

    ctx.stage(|ctx| {
        // Client 7 leaves inside a message's length, client 8 inside its bytes.
        next_client(ctx, addr, 7, After::Close)?.leave(&frame(b"broken")[..2])?;
        next_client(ctx, addr, 8, After::Cut)?.leave(&frame(b"broken off")[..7])?;
        next_client(ctx, addr, 9, After::Cut).map(drop)
    })
}

/// How a client sends its messages: each one after the answer to the one before, all in
/// one write, or every byte on its own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sending {
    AfterEachAnswer,
    Glued,
    ByteByByte,
}

/// What the client before the next one did.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    /// It closed the connection between two messages.
    Close,
    /// It sent a length over the limit and was refused.
    Refusal,
    /// It left inside a message.
    Cut,
}

/// The checker as one client: its number, its connection, the bytes that came and are
/// not yet matched with an answer, and the count of answers that were right.
struct Client {
    number: usize,
    stream: TcpStream,
    received: Vec<u8>,
    answered: usize,
}

impl Client {
    fn new(number: usize, stream: TcpStream) -> Client {
        // A server that neither reads nor closes must not hold the checker's writes.
        let _ = stream.set_write_timeout(Some(CLOSE_WAIT));
        Client {
            number,
            stream,
            received: Vec::new(),
            answered: 0,
        }
    }

    /// Send `messages` as `how` says, and expect each one's answer in order, and nothing
    /// after the last.
    fn converse(
        &mut self,
        ctx: &mut Ctx,
        messages: &[String],
        how: Sending,
    ) -> Result<(), Failure> {
        let all: Vec<u8> = messages.iter().flat_map(|m| frame(m.as_bytes())).collect();
        if how != Sending::AfterEachAnswer {
            self.send(&all, how);
        }
        for (index, message) in messages.iter().enumerate() {
            if how == Sending::AfterEachAnswer {
                self.send(&frame(message.as_bytes()), how);
            }
            let expected = expected_answer(message.as_bytes());
            let end = self.read_answer(&expected);
            let sent = (index, messages.len());
            if let Err(failure) =
                self.check_answer(ctx, message.as_bytes(), &expected, how, sent, end)
            {
                let failure = failure.by_hand(by_hand(ctx, messages, how));
                // Sent all at once, the messages are shown as they were sent.
                return Err(match how {
                    Sending::AfterEachAnswer => failure,
                    Sending::Glued | Sending::ByteByByte => Failure {
                        sent: Some(all),
                        ..failure
                    },
                });
            }
        }
        Ok(())
    }

    /// Write `bytes` as `how` says; a write the server refuses (it closed) is left to the
    /// reading of the answer to tell.
    fn send(&mut self, bytes: &[u8], how: Sending) {
        if how != Sending::ByteByByte {
            let _ = self.stream.write_all(bytes);
            return;
        }
        // No Nagle: each one-byte write leaves as a segment of its own.
        let _ = self.stream.set_nodelay(true);
        for byte in bytes {
            if self.stream.write_all(&[*byte]).is_err() {
                return;
            }
            thread::sleep(BYTE_PAUSE);
        }
    }

    /// Read until the `expected` answer is in, or what came already differs from it
    /// (then a moment more, for the rest of it), or the close, a reset, or the wait's end.
    fn read_answer(&mut self, expected: &[u8]) -> End {
        let deadline = Instant::now() + ANSWER_WAIT;
        while self.received.len() < expected.len() {
            if !expected.starts_with(&self.received) {
                let (rest, _) = tcp::read_message(&mut self.stream, 0, Duration::ZERO, QUIET);
                self.received.extend(rest);
                return End::Silent;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let (more, end) = tcp::read_message(&mut self.stream, 1, left, Duration::ZERO);
            if more.is_empty() {
                return end;
            }
            self.received.extend(more);
        }
        End::Silent
    }

    /// Compare what came with the `expected` answer to `message`, number `index` (from 0)
    /// of the `of` sent `how`; after the last, nothing more may come.
    fn check_answer(
        &mut self,
        ctx: &mut Ctx,
        message: &[u8],
        expected: &[u8],
        how: Sending,
        (index, of): (usize, usize),
        end: End,
    ) -> Result<(), Failure> {
        if !self.received.starts_with(expected) {
            let failure = self.wrong_answer(ctx, message, how, (index, of), end);
            return Err(failure.exchange(&frame(message), expected, &self.received));
        }
        self.received.drain(..expected.len());
        self.answered += 1;
        if index + 1 < of {
            return Ok(());
        }
        let (extra, _) = tcp::read_message(&mut self.stream, 0, Duration::ZERO, QUIET);
        self.received.extend(extra);
        if self.received.is_empty() {
            return Ok(());
        }
        let failure = Failure::new(Msg::FramingMoreAfterAnswers {
            client: self.number,
            count: self.received.len(),
        })
        .hint(Msg::HintFramingOneAnswer);
        let received = [expected, &self.received].concat();
        Err(failure.compare(expected, &received))
    }

    /// The sentence and hint for an answer to `message` that is not the expected one.
    fn wrong_answer(
        &self,
        ctx: &mut Ctx,
        message: &[u8],
        how: Sending,
        (index, of): (usize, usize),
        end: End,
    ) -> Failure {
        let (client, number) = (self.number, self.answered + 1);
        let got = self.received.as_slice();
        let text = answer(message);
        let text = text.as_bytes();
        if got.is_empty() {
            return self.no_answer(ctx, message, how, (index, of), end);
        }
        if got.len() < 4 {
            return Failure::new(Msg::FramingPartLength {
                client,
                number,
                count: got.len(),
            })
            .hint(Msg::HintFramingLengthFirst);
        }
        // The mistakes worth naming, from the bytes: no length, the wrong byte order, the
        // wrong width, the wrong count.
        let width = [(8, u64_length(got)), (2, u16_length(got))]
            .into_iter()
            .find(|&(width, length)| length == Some(text.len()) && got[width..].starts_with(text));
        if text.starts_with(&got[..4]) {
            Failure::new(Msg::FramingNoLength {
                client,
                number,
                first: quoted(&got[..4], ctx.lang),
                length: be_length(got),
            })
            .hint(Msg::HintFramingLengthFirst)
        } else if le_length(got) == text.len() {
            Failure::new(Msg::FramingLittleEndian {
                client,
                number,
                meant: text.len(),
                says: be_length(got),
            })
            .hint(Msg::HintFramingBigEndian)
        } else if let Some((width, _)) = width {
            Failure::new(Msg::FramingLengthWidth {
                client,
                number,
                width,
            })
            .hint(Msg::HintFramingU32)
        } else if got[4..].starts_with(text) {
            Failure::new(Msg::FramingLengthDisagrees {
                client,
                number,
                says: be_length(got),
                is: text.len(),
            })
            .hint(Msg::HintFramingLengthOfAnswer)
        } else if let Some(counted) = counted(got) {
            Failure::new(Msg::FramingWrongCount {
                client,
                number,
                counted,
                length: message.len(),
            })
            .hint(count_hint(counted, message.len(), how))
        } else {
            Failure::new(Msg::FramingWrongAnswer { client, number })
                .hint(Msg::HintFramingLengthFirst)
        }
    }

    /// Nothing came for message number `index` (from 0) of the `of` sent `how`: did the
    /// program end, close, reset, or stop answering?
    fn no_answer(
        &self,
        ctx: &mut Ctx,
        message: &[u8],
        how: Sending,
        (index, of): (usize, usize),
        end: End,
    ) -> Failure {
        let (client, number) = (self.number, self.answered + 1);
        if let Some(status) = ctx.program().exited_within(Duration::from_millis(300)) {
            return Failure::new(Msg::FramingExited {
                status: describe_exit(status, ctx.lang),
                client,
                number,
            });
        }
        let closed = matches!(end, End::Closed | End::Reset);
        if closed && message.is_empty() {
            Failure::new(Msg::FramingClosedOnEmpty { client, number }).hint(Msg::HintFramingEmpty)
        } else if closed && message.len() == MAX_MESSAGE {
            Failure::new(Msg::FramingClosedAtLimit { client, number })
                .hint(Msg::HintFramingLimitIncluded)
        } else if how == Sending::Glued {
            Failure::new(Msg::FramingGluedPartly {
                client,
                count: of,
                answered: index,
            })
            .hint(Msg::HintFramingGlued)
        } else if how == Sending::ByteByByte {
            Failure::new(Msg::FramingSplitPartly {
                client,
                count: of,
                answered: index,
            })
            .hint(Msg::HintFramingSplit)
        } else if closed {
            Failure::new(Msg::FramingClosedWithoutAnswer { client, number })
                .hint(Msg::HintFramingClosedWithinLimit)
        } else if message.is_empty() {
            Failure::new(Msg::FramingNoAnswer {
                client,
                number,
                secs: ANSWER_WAIT.as_secs(),
            })
            .hint(Msg::HintFramingEmptyRead)
        } else {
            Failure::new(Msg::FramingNoAnswer {
                client,
                number,
                secs: ANSWER_WAIT.as_secs(),
            })
            .hint(Msg::HintFramingReadExact)
        }
    }

    /// Send `wire`, a length of `length` (and perhaps its bytes) over the limit, and
    /// expect the server to close without an answer.
    fn refused(&mut self, wire: &[u8], length: usize) -> Result<(), Failure> {
        self.send(wire, Sending::AfterEachAnswer);
        let (answer, end) = tcp::read_message(&mut self.stream, 1, CLOSE_WAIT, Duration::ZERO);
        let failure = match end {
            _ if !answer.is_empty() => Failure::new(Msg::FramingAnsweredOverLimit {
                client: self.number,
                length,
            }),
            End::Closed | End::Reset => return Ok(()),
            End::Newline | End::Silent => Failure::new(Msg::FramingOpenOverLimit {
                client: self.number,
                length,
                secs: CLOSE_WAIT.as_secs(),
            }),
        };
        Err(failure
            .hint(Msg::HintFramingRefuse)
            .exchange(wire, b"", &answer))
    }

    /// Send `bytes` (the start of a message, or nothing) and close the sending side
    /// (shutdown(SHUT_WR)); the server must close too, without answering.
    fn leave(mut self, bytes: &[u8]) -> Result<(), Failure> {
        let _ = self.stream.write_all(bytes);
        let _ = self.stream.shutdown(Shutdown::Write);
        let (after, end) = tcp::read_message(&mut self.stream, 1, CLOSE_WAIT, QUIET);
        let client = self.number;
        let failure = match (after.is_empty(), end) {
            (true, End::Closed | End::Reset) => return Ok(()),
            (false, _) if bytes.is_empty() => {
                Failure::new(Msg::FramingAnsweredClose { client }).hint(Msg::HintFramingCloseIsNone)
            }
            (false, _) => Failure::new(Msg::FramingAnsweredCut {
                client,
                sent: bytes.len(),
            })
            .hint(Msg::HintFramingCutIsError),
            (true, _) => Failure::new(Msg::FramingOpenAfterLeaving {
                client,
                secs: CLOSE_WAIT.as_secs(),
            })
            .hint(Msg::HintFramingZeroIsClose),
        };
        Err(failure.exchange(bytes, b"", &after))
    }
}

/// Connect as client `number`, after a client that did `after`, and see that the server
/// answers a first message: one that has ended, or no longer answers, is told so.
fn next_client(
    ctx: &mut Ctx,
    addr: SocketAddr,
    number: usize,
    after: After,
) -> Result<Client, Failure> {
    let previous = number - 1;
    let stream = match tcp::connect_later(ctx, addr, Duration::from_millis(300)) {
        Ok(stream) => stream,
        Err((_, Some(status))) => return Err(exited_after(ctx, status, previous, after)),
        Err((error, None)) => {
            return Err(Failure::new(Msg::CannotConnect {
                addr: addr.to_string(),
                client: number,
                error: error.to_string(),
            })
            .hint(after.stop_hint()));
        }
    };
    let mut client = Client::new(number, stream);
    let message = format!("hello {}", word(&mut ctx.rng));
    let sent = frame(message.as_bytes());
    let expected = expected_answer(message.as_bytes());
    let by_hand = by_hand(
        ctx,
        std::slice::from_ref(&message),
        Sending::AfterEachAnswer,
    );
    client.send(&sent, Sending::AfterEachAnswer);
    let end = client.read_answer(&expected);
    // Nothing at all: said with what the client before did, which is the likely cause.
    // (Taken from the listening queue, a connection may still find the server gone.)
    if client.received.is_empty() {
        let exit = ctx.program().exited_within(Duration::from_millis(300));
        let failure = match (exit, end) {
            (Some(status), _) => exited_after(ctx, status, previous, after),
            (None, End::Silent | End::Newline) => Failure::new(Msg::FramingNotServedAfter {
                client: number,
                previous,
                after: after.said(),
                secs: ANSWER_WAIT.as_secs(),
            })
            .hint(after.stop_hint()),
            (None, End::Closed | End::Reset) => Failure::new(Msg::FramingClosedAfter {
                client: number,
                previous,
                after: after.said(),
            })
            .hint(Msg::HintFramingClosedWithinLimit),
        };
        return Err(failure.exchange(&sent, &expected, b"").by_hand(by_hand));
    }
    client
        .check_answer(
            ctx,
            message.as_bytes(),
            &expected,
            Sending::AfterEachAnswer,
            (0, 1),
            end,
        )
        .map_err(|failure| failure.by_hand(by_hand))?;
    Ok(client)
}

/// The server ended after client `previous` did `after`.
fn exited_after(ctx: &Ctx, status: ExitStatus, previous: usize, after: After) -> Failure {
    Failure::new(Msg::FramingExitedAfter {
        status: describe_exit(status, ctx.lang),
        previous,
        after: after.said(),
    })
    .hint_stays(Msg::HintFramingErrorNotPanic)
}

impl After {
    /// What the client did, as a sentence says it.
    fn said(self) -> Box<Msg> {
        Box::new(match self {
            After::Close => Msg::FramingAfterClose,
            After::Refusal => Msg::FramingAfterRefusal,
            After::Cut => Msg::FramingAfterCut,
        })
    }

    /// Why a server, still running, would answer no one after that.
    fn stop_hint(self) -> Msg {
        match self {
            After::Close | After::Cut => Msg::HintFramingZeroIsClose,
            After::Refusal => Msg::HintFramingRefuse,
        }
    }
}

/// The hint for an answer that counted `counted` bytes for a message of `length`.
fn count_hint(counted: usize, length: usize, how: Sending) -> Msg {
    if counted == length + 4 {
        Msg::HintFramingReadLengthFirst
    } else if counted > length {
        Msg::HintFramingGlued
    } else if how == Sending::ByteByByte {
        Msg::HintFramingSplit
    } else {
        Msg::HintFramingReadExact
    }
}

/// `message` as the wire carries it: its length in 4 bytes, big-endian, then its bytes.
fn frame(message: &[u8]) -> Vec<u8> {
    let length = u32::try_from(message.len()).expect("the checker's messages are small");
    [length.to_be_bytes().as_slice(), message].concat()
}

/// The server's answer to `message`, before framing.
fn answer(message: &[u8]) -> String {
    format!("received {} bytes\n", message.len())
}

/// The server's answer to `message` as the wire carries it.
fn expected_answer(message: &[u8]) -> Vec<u8> {
    frame(answer(message).as_bytes())
}

/// The first 4 bytes of `bytes` (at least 4) read as a length: big-endian (network byte
/// order), little-endian.
fn be_length(bytes: &[u8]) -> usize {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize
}

fn le_length(bytes: &[u8]) -> usize {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize
}

/// The first 8 or 2 bytes read as a big-endian length, if there are so many: a `usize`
/// or a `u16` written where a `u32` belongs.
fn u64_length(bytes: &[u8]) -> Option<usize> {
    let first: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    usize::try_from(u64::from_be_bytes(first)).ok()
}

fn u16_length(bytes: &[u8]) -> Option<usize> {
    let first: [u8; 2] = bytes.get(..2)?.try_into().ok()?;
    Some(u16::from_be_bytes(first) as usize)
}

/// N of a framed `received N bytes\n` answer, whatever N is.
fn counted(bytes: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(bytes.get(4..)?).ok()?;
    let rest = text.strip_prefix("received ")?;
    let digits = rest.split(' ').next()?;
    rest[digits.len()..].starts_with(" bytes").then_some(())?;
    digits.parse().ok()
}

/// The commands that repeat a client's step by hand: the student's server, and lesson
/// 1's client with `--framed` (each message after the answer to the one before, or with
/// `--burst` several copies back to back).
fn by_hand(ctx: &Ctx, messages: &[String], how: Sending) -> Vec<String> {
    let shown: Vec<String> = messages
        .iter()
        .filter(|m| !m.is_empty() && m.len() <= 100)
        .map(|m| shell_quote(m))
        .collect();
    let client = "cargo run -p tcp-basic -- client --framed 127.0.0.1:9000";
    let client = match (how, shown.first()) {
        (Sending::Glued, Some(first)) => format!("{client} --burst 3 {first}"),
        (_, Some(_)) => format!("{client} {}", shown.join(" ")),
        (_, None) => format!("{client} hello"),
    };
    vec![ctx.run_by_hand("127.0.0.1:9000"), client]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_a_big_endian_length_and_the_bytes() {
        assert_eq!(frame(b"hi"), [0, 0, 0, 2, b'h', b'i']);
        assert_eq!(frame(b""), [0, 0, 0, 0]);
        assert_eq!(be_length(&[0, 0, 1, 2]), 258);
        assert_eq!(le_length(&[17, 0, 0, 0]), 17);
        assert_eq!(u64_length(&[0, 0, 0, 0, 0, 0, 0, 18, b'r']), Some(18));
        assert_eq!(u16_length(&[0, 18]), Some(18));
        assert_eq!(u16_length(&[0]), None);
    }

    #[test]
    fn the_count_is_read_from_any_framed_answer() {
        assert_eq!(counted(&frame(b"received 1024 bytes\n")), Some(1024));
        assert_eq!(counted(&frame(b"received 0 bytes")), Some(0));
        assert_eq!(counted(&frame(b"got 5 bytes\n")), None);
        assert_eq!(counted(b"rec"), None);
    }
}
