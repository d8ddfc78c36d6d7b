//! Exercise 5, udp: tutorial 000's UDP server, which answers every datagram with
//! `Receive`, and its client, with the timeout the tutorial's lacks, as two programs,
//! `udp-server` and `udp-client`. The server's stages are here, the client's in
//! `udp_client`.
//!
//! Stage 1: the checker sends a datagram to the address the server was given, from a
//! connected socket, until one is not refused (ICMP "port unreachable": nothing bound
//! there yet), and expects the 7 bytes `Receive` back. Stage 2: three more clients, each
//! on a port of its own, two of them sending before either reads, one datagram of 700 to
//! 1000 bytes; each answer must come from the server's address to its client's, and
//! each message must be printed. Stage 3: an empty datagram (0 bytes is a datagram, not
//! an end as in TCP) and one in gbk (not utf-8), each answered, and then the server
//! still answers and prints.

use std::net::{SocketAddr, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use crate::checks::datagram::{self, Got};
use crate::checks::{
    Ctx, Misprinted, Stop, long_words, misprinted, panicked, shell_quote, start_server, udp_client,
    word,
};
use crate::messages::Msg;
use crate::program::{Input, describe_exit};
use crate::report::{Failure, quoted};

pub const STAGES: &[Msg] = &[
    Msg::UdpServerAnswers,
    Msg::UdpServerAnswersEveryone,
    Msg::UdpServerTakesAnyDatagram,
    Msg::UdpClientSends,
    Msg::UdpClientPrintsReply,
    Msg::UdpClientEachMessage,
    Msg::UdpClientGivesUp,
    Msg::UdpClientOnlyServer,
];

/// The exercise's two programs.
pub const SERVER: &str = "udp-server";
pub const CLIENT: &str = "udp-client";

/// The tutorial's answer to every datagram.
const RECEIVE: &[u8] = b"Receive";

/// How long a server may take to bind; an answer to come; a printed line to show.
const BIND_WAIT: Duration = Duration::from_secs(5);
const ANSWER_WAIT: Duration = Duration::from_secs(3);
const PRINT_WAIT: Duration = Duration::from_secs(1);
/// How long the checker waits for an answer to each probe before it takes the datagram
/// as delivered: a refusal comes back at once on loopback.
const PROBE_WAIT: Duration = Duration::from_millis(200);
/// How long stage 3 stays silent before its last datagram: longer than the client's 0.5 s
/// timeout, which a server may have copied.
const SILENCE: Duration = Duration::from_millis(600);
/// How long the checker listens after a stage's last answer for answers left over.
const QUIET: Duration = Duration::from_millis(100);

/// "你好" in gbk: 4 bytes that are not utf-8.
const GBK_NIHAO: &[u8] = &[0xC4, 0xE3, 0xBA, 0xC3];

pub fn run(ctx: &mut Ctx) -> Result<(), Stop> {
    let first = format!("hello {}", word(&mut ctx.rng));
    let addr = ctx.stage(|ctx| {
        first_datagram(ctx, &first)
            .map_err(|failure| failure.by_hand(server_by_hand(ctx, &shell_quote(&first))))
    })?;

    let messages = [
        format!("你好 {}", word(&mut ctx.rng)),
        format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng)),
        format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng)),
        format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng)),
        long_words(&mut ctx.rng, word),
    ];
    ctx.stage(|ctx| {
        three_clients(ctx, addr, &messages)
            .map_err(|failure| failure.by_hand(server_by_hand(ctx, &shell_quote(&messages[0]))))
    })?;

    let last = format!("{} {}", word(&mut ctx.rng), word(&mut ctx.rng));
    ctx.stage(|ctx| {
        odd_datagrams(ctx, addr, &last)
            .map_err(|failure| failure.by_hand(server_by_hand(ctx, "你好 --encoding gbk")))
    })?;

    udp_client::run(ctx)
}

/// One client of the checker's: a socket on a port of its own, and its number in the
/// reports (numbers go on from stage to stage).
struct Client {
    number: usize,
    socket: UdpSocket,
}

impl Client {
    /// Client `number`, on a free port other than the server's (which the system may
    /// offer while a slow server has not bound it yet).
    fn new(number: usize, server: SocketAddr) -> Result<Client, Failure> {
        loop {
            let (socket, addr) = datagram::socket()
                .map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
            if addr.port() != server.port() {
                return Ok(Client { number, socket });
            }
        }
    }

    fn send(&self, addr: SocketAddr, message: &[u8]) {
        // A failed send shows as the answer that does not come.
        let _ = self.socket.send_to(message, addr);
    }
}

// ANCHOR: first_datagram
/// Stage 1: start the server, then send client 1's datagram until one is not refused,
/// and expect `Receive` for it. The socket is connected to the server's address, so that
/// an ICMP "port unreachable" for a datagram comes back as an error: nobody bound there
/// yet. A datagram that is not refused has reached a socket, and gets no second copy.
fn first_datagram(ctx: &mut Ctx, message: &str) -> Result<SocketAddr, Failure> {
    let addr = start_server(ctx, SERVER, Input::Empty)?;
    let client = Client::new(1, addr)?;
    let _ = client.socket.connect(addr);
    let seen = ctx.program().stdout_count();
    let start = Instant::now();
    loop {
        if let Some(status) = ctx.program().exited() {
            return Err(Failure::new(Msg::UdpExitedBeforeBinding {
                status: describe_exit(status, ctx.lang),
                addr: addr.to_string(),
            })
            .hint(Msg::UdpHintServerLoop));
        }
        let _ = client.socket.send(message.as_bytes());
        match datagram::receive(ctx, &client.socket, PROBE_WAIT) {
            Got::Refused => {}
            // Delivered: its answer has come, or is on its way, or never comes.
            Got::Nothing => break answered(ctx, &client, addr, message.as_bytes(), seen)?,
            got => break judge_answer(ctx, &client, addr, message.as_bytes(), seen, got)?,
        }
        if start.elapsed() >= Duration::from_secs(1) {
            if let Some(failure) = bound_elsewhere(ctx, addr) {
                return Err(failure);
            }
        }
        if start.elapsed() >= BIND_WAIT {
            return Err(Failure::new(Msg::UdpNeverBound {
                addr: addr.to_string(),
                secs: BIND_WAIT.as_secs(),
            })
            .hint(Msg::UdpHintServerLoop));
        }
        thread::sleep(Duration::from_millis(50));
    }
    no_more_answers(ctx, &[&client], QUIET)?;
    printed(ctx, seen, &[(1, message)])?;
    if let Some(found) = ctx
        .program()
        .bound_udp()
        .into_iter()
        .find(|found| found.ip().is_unspecified())
    {
        return Err(Failure::new(Msg::UdpBoundToEveryInterface {
            addr: addr.to_string(),
            found: found.to_string(),
        })
        .hint(Msg::HintLoopbackOnly));
    }
    Ok(addr)
}
// ANCHOR_END: first_datagram

/// Where the server is, if not on `addr`: a TCP listener (on `addr` or elsewhere), or a
/// UDP socket bound to another address. None while it is nowhere yet (or where the
/// kernel's socket tables cannot be read: Linux only).
fn bound_elsewhere(ctx: &mut Ctx, addr: SocketAddr) -> Option<Failure> {
    if let Some(found) = ctx.program().listening_on().first() {
        return Some(
            Failure::new(Msg::UdpListensWithTcp {
                found: found.to_string(),
            })
            .hint(Msg::UdpHintDatagramSocket),
        );
    }
    let found = ctx.program().bound_udp();
    // 0.0.0.0 with the given port takes the checker's datagrams: said once they pass.
    let elsewhere = found.iter().find(|found| {
        **found != addr && !(found.ip().is_unspecified() && found.port() == addr.port())
    })?;
    Some(
        Failure::new(Msg::UdpBoundElsewhere {
            addr: addr.to_string(),
            found: elsewhere.to_string(),
        })
        .hint(Msg::UdpHintReadAddress),
    )
}

/// The answer to `message`, just sent by `client` to the server at `addr`: `Receive`,
/// from `addr`. A second answer to the same datagram shows at the stage's end, in
/// [`no_more_answers`].
fn answered(
    ctx: &mut Ctx,
    client: &Client,
    addr: SocketAddr,
    message: &[u8],
    seen: usize,
) -> Result<(), Failure> {
    let got = datagram::receive(ctx, &client.socket, ANSWER_WAIT);
    judge_answer(ctx, client, addr, message, seen, got)
}

/// What came for `message` (`got`): the answer `Receive`, from `addr`.
fn judge_answer(
    ctx: &mut Ctx,
    client: &Client,
    addr: SocketAddr,
    message: &[u8],
    seen: usize,
    got: Got,
) -> Result<(), Failure> {
    let (answer, from) = match got {
        Got::Datagram(answer, from) => (answer, from),
        Got::Exited(status) => return Err(exited_before_answer(ctx, client, message, status)),
        Got::Refused => {
            return Err(Failure::new(Msg::UdpStoppedReceiving {
                client: client.number,
                addr: addr.to_string(),
            })
            .hint(Msg::UdpHintServerLoop));
        }
        Got::Nothing => return Err(no_answer(ctx, client, message, seen)),
    };
    if from != addr {
        return Err(Failure::new(Msg::UdpAnswerFromElsewhere {
            client: client.number,
            from: from.to_string(),
            addr: addr.to_string(),
        })
        .hint(Msg::UdpHintAnswerSender));
    }
    if answer != RECEIVE {
        let hint = if answer.strip_suffix(b"\n").map(|a| a.trim_ascii_end()) == Some(RECEIVE) {
            Msg::UdpHintNoNewline
        } else {
            Msg::UdpHintReceive
        };
        return Err(Failure::new(Msg::UdpWrongAnswer {
            client: client.number,
            got: quoted(&answer, ctx.lang),
        })
        .hint(hint)
        .exchange(message, RECEIVE, &answer));
    }
    Ok(())
}

/// At a stage's end: no client has an answer left over, such as a second answer to one
/// datagram. One wait for all, `wait` after the last answer.
fn no_more_answers(ctx: &mut Ctx, clients: &[&Client], wait: Duration) -> Result<(), Failure> {
    thread::sleep(wait);
    for client in clients {
        if let Got::Datagram(extra, _) = datagram::receive(ctx, &client.socket, Duration::ZERO) {
            return Err(Failure::new(Msg::UdpExtraAnswer {
                client: client.number,
                got: quoted(&extra, ctx.lang),
            })
            .hint(Msg::UdpHintOneAnswer));
        }
    }
    Ok(())
}

/// The server exited with `message` unanswered: its hint from what the datagram held.
fn exited_before_answer(
    ctx: &mut Ctx,
    client: &Client,
    message: &[u8],
    status: std::process::ExitStatus,
) -> Failure {
    let failure = Failure::new(Msg::UdpExitedBeforeAnswer {
        status: describe_exit(status, ctx.lang),
        client: client.number,
        message: quoted(message, ctx.lang),
    });
    if message.is_empty() {
        failure.hint_stays(Msg::UdpHintEmptyDatagram)
    } else if std::str::from_utf8(message).is_err() {
        failure.hint_stays(Msg::UdpHintNotText)
    } else if panicked(&ctx.program().last_lines()) {
        failure.hint(Msg::HintPanicked)
    } else {
        failure.hint(Msg::UdpHintServerLoop)
    }
}

/// No answer came to `message`, and the server still runs: it printed the message (so
/// its answer went astray), or not (so it never took the datagram, or got stuck).
fn no_answer(ctx: &mut Ctx, client: &Client, message: &[u8], seen: usize) -> Failure {
    let text = String::from_utf8_lossy(message);
    let took_it = !message.is_empty()
        && std::str::from_utf8(message).is_ok()
        && ctx
            .program()
            .printed_since(seen, text.get(..16).unwrap_or(&text));
    let hint = if message.is_empty() {
        Msg::UdpHintEmptyDatagram
    } else if took_it || client.number > 1 {
        Msg::UdpHintAnswerSender
    } else {
        Msg::UdpHintServerLoop
    };
    Failure::new(Msg::UdpNoAnswer {
        client: client.number,
        message: quoted(message, ctx.lang),
        secs: ANSWER_WAIT.as_secs(),
    })
    .hint(hint)
}

/// Send `message` from `client` and expect its answer.
fn exchange(
    ctx: &mut Ctx,
    client: &Client,
    addr: SocketAddr,
    message: &str,
) -> Result<(), Failure> {
    let seen = ctx.program().stdout_count();
    client.send(addr, message.as_bytes());
    answered(ctx, client, addr, message.as_bytes(), seen)
}

/// Stage 2: clients 2, 3 and 4. Client 2 sends two datagrams, each after the answer to
/// the one before; clients 3 and 4 send one each before either reads its answer (each
/// answer goes to its own sender); then client 2 sends 700 to 1000 bytes. Every message
/// printed.
fn three_clients(ctx: &mut Ctx, addr: SocketAddr, messages: &[String; 5]) -> Result<(), Failure> {
    let seen = ctx.program().stdout_count();
    let two = Client::new(2, addr)?;
    exchange(ctx, &two, addr, &messages[0])?;
    exchange(ctx, &two, addr, &messages[1])?;
    let three = Client::new(3, addr)?;
    let four = Client::new(4, addr)?;
    three.send(addr, messages[2].as_bytes());
    four.send(addr, messages[3].as_bytes());
    answered(ctx, &three, addr, messages[2].as_bytes(), seen)?;
    answered(ctx, &four, addr, messages[3].as_bytes(), seen)?;
    exchange(ctx, &two, addr, &messages[4])?;
    no_more_answers(ctx, &[&two, &three, &four], QUIET)?;
    let sent = [
        (2, messages[0].as_str()),
        (2, messages[1].as_str()),
        (3, messages[2].as_str()),
        (4, messages[3].as_str()),
        (2, messages[4].as_str()),
    ];
    printed(ctx, seen, &sent)
}

/// Stage 3: client 5 sends an empty datagram, then gbk bytes, each to be answered; then,
/// after a silence longer than a client's timeout, a message of words, to be answered
/// and printed: a server waits for ever, and a read timeout copied from the client would
/// end it.
fn odd_datagrams(ctx: &mut Ctx, addr: SocketAddr, last: &str) -> Result<(), Failure> {
    let five = Client::new(5, addr)?;
    let seen = ctx.program().stdout_count();
    for odd in [&[][..], GBK_NIHAO] {
        five.send(addr, odd);
        answered(ctx, &five, addr, odd, seen)?;
    }
    // The silence is also the wait for answers left over (see no_more_answers).
    thread::sleep(SILENCE);
    no_more_answers(ctx, &[&five], Duration::ZERO)?;
    let seen = ctx.program().stdout_count();
    five.send(addr, last.as_bytes());
    // A server that ended in the silence, or ends on its timeout as the datagram comes,
    // is told so here.
    match datagram::receive(ctx, &five.socket, ANSWER_WAIT) {
        Got::Exited(status) => Err(Failure::new(Msg::UdpExitedInSilence {
            status: describe_exit(status, ctx.lang),
            ms: SILENCE.as_millis() as u64,
        })
        .hint(Msg::UdpHintNoServerTimeout)),
        got => judge_answer(ctx, &five, addr, last.as_bytes(), seen, got),
    }?;
    printed(ctx, seen, &[(5, last)])
}

/// Each `(client, message)` printed by the server since line `seen`, each at the end of
/// a line of its own, within a moment. In any order: two clients' datagrams sent one
/// after the other may arrive the other way round.
fn printed(ctx: &mut Ctx, seen: usize, messages: &[(usize, &str)]) -> Result<(), Failure> {
    let deadline = Instant::now() + PRINT_WAIT;
    loop {
        let lines: Vec<String> = ctx
            .program()
            .stdout_lines()
            .into_iter()
            .skip(seen)
            .collect();
        let missing = messages.iter().find(|(_, message)| {
            let message = message.trim_end();
            !lines.iter().any(|line| line.trim_end().ends_with(message))
        });
        let Some((client, message)) = missing else {
            return Ok(());
        };
        if Instant::now() >= deadline {
            let message_quoted = quoted(message.as_bytes(), ctx.lang);
            let how = misprinted(&lines, message.trim_end());
            if let Misprinted::NotAtEnd = how {
                return Err(Failure::new(Msg::UdpPrintedNotAtEnd {
                    client: *client,
                    message: message_quoted,
                })
                .hint(Msg::UdpHintMessageAtEnd));
            }
            let hint = match how {
                Misprinted::Zeros => Msg::HintPrintedZeros,
                Misprinted::Cut => Msg::HintSmallBuffer,
                _ => Msg::UdpHintPrintMessage,
            };
            return Err(Failure::new(Msg::NotPrinted {
                client: *client,
                message: message_quoted,
                secs: PRINT_WAIT.as_secs(),
            })
            .hint(hint));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// The commands that repeat a server's stage by hand: the student's server, and lesson
/// 2's client with `client_args` (its messages, quoted for a shell, and options).
fn server_by_hand(ctx: &Ctx, client_args: &str) -> Vec<String> {
    vec![
        ctx.run_program_by_hand(SERVER, "127.0.0.1:9000"),
        format!("cargo run -p udp-basic -- client 127.0.0.1:9000 {client_args}"),
    ]
}
