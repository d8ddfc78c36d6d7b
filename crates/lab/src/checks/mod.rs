//! The checkers, one module per exercise, and what they share: the stages run in order,
//! each one reported as it ends, the check stopping at the first that fails.

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::say;

use crate::compile::Executable;
use crate::lang::Lang;
use crate::messages::Msg;
use crate::program::{Input, Program};
use crate::report::{Failure, quoted};

pub mod byebye;
pub mod datagram;
pub mod framing;
pub mod pinger;
pub mod tcp;
pub mod tcp_client;
pub mod tcp_server;
pub mod udp;
pub mod udp_client;

/// An exercise's checker: its stages' titles, and the function that runs them.
pub struct Checker {
    pub stages: &'static [Msg],
    pub run: fn(&mut Ctx) -> Result<(), Stop>,
}

/// The checker for the exercise called `name`.
pub fn checker(name: &str) -> Option<Checker> {
    match name {
        "tcp-server" => Some(Checker {
            stages: tcp_server::STAGES,
            run: tcp_server::run,
        }),
        "tcp-client" => Some(Checker {
            stages: tcp_client::STAGES,
            run: tcp_client::run,
        }),
        "byebye" => Some(Checker {
            stages: byebye::STAGES,
            run: byebye::run,
        }),
        "framing" => Some(Checker {
            stages: framing::STAGES,
            run: framing::run,
        }),
        "udp" => Some(Checker {
            stages: udp::STAGES,
            run: udp::run,
        }),
        "pinger" => Some(Checker {
            stages: pinger::STAGES,
            run: pinger::run,
        }),
        _ => None,
    }
}

/// A stage failed; its report has been printed.
#[derive(Debug)]
pub struct Stop;

/// What a checker works with: the student's built program (started by the stages, as
/// each exercise needs), the seeded randomness, and the count of stages passed.
pub struct Ctx {
    pub rng: fastrand::Rng,
    pub lang: Lang,
    /// The exercises folder and the exercise's name, for the commands shown to repeat a
    /// step by hand.
    pub exercises_dir: PathBuf,
    pub name: String,
    executables: Vec<Executable>,
    program: Option<Program>,
    stages: &'static [Msg],
    pub passed: usize,
}

impl Ctx {
    pub fn new(
        checker: &Checker,
        executables: Vec<Executable>,
        exercises_dir: &Path,
        name: &str,
        lang: Lang,
        seed: u64,
    ) -> Ctx {
        Ctx {
            rng: fastrand::Rng::with_seed(seed),
            lang,
            exercises_dir: exercises_dir.to_path_buf(),
            name: name.to_string(),
            executables,
            program: None,
            stages: checker.stages,
            passed: 0,
        }
    }

    /// Run the next stage. On success its line is printed and its value returned; on
    /// failure its line, then the report, with the program's last lines of output.
    pub fn stage<T>(
        &mut self,
        run: impl FnOnce(&mut Ctx) -> Result<T, Failure>,
    ) -> Result<T, Stop> {
        let n = self.passed + 1;
        let of = self.stages.len();
        let title = self.stages[self.passed].text(self.lang);
        match run(self) {
            Ok(value) => {
                say!("{}", Msg::StageOk { n, of, title }.text(self.lang));
                self.passed = n;
                Ok(value)
            }
            Err(mut failure) => {
                say!("{}", Msg::StageFailed { n, of, title }.text(self.lang));
                failure.output = self
                    .program
                    .as_ref()
                    .map(Program::last_lines)
                    .unwrap_or_default();
                if let Some(hint) = hint_from_output(&failure.output) {
                    if !failure.hint_stays {
                        failure.hint = Some(hint);
                    }
                }
                say!("{}", failure.render(self.lang).trim_end_matches('\n'));
                Err(Stop)
            }
        }
    }

    /// Start the student's program with `args` (stopping one started before), its
    /// stdin empty.
    pub fn start(&mut self, args: &[String]) -> Result<(), Failure> {
        let name = self.name.clone();
        self.start_program(&name, args, Input::Empty)
    }

    /// Start the program called `name` (an exercise with a program per role builds
    /// several), with `args` and the stdin given, stopping one started before.
    pub fn start_program(
        &mut self,
        name: &str,
        args: &[String],
        input: Input,
    ) -> Result<(), Failure> {
        self.program = None;
        let Some(executable) = self.executables.iter().find(|e| e.name == name) else {
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            return Err(Failure::cannot_start(&name, &missing));
        };
        let program = Program::start(&executable.path, args, input)
            .map_err(|error| Failure::cannot_start(&executable.path.display(), &error))?;
        self.program = Some(program);
        Ok(())
    }

    /// The running program; a stage calls this only after `start`.
    pub fn program(&mut self) -> &mut Program {
        self.program
            .as_mut()
            .expect("a stage asks for the program only after starting it")
    }

    /// The command that runs the student's program by hand, as a student types it.
    pub fn run_by_hand(&self, args: &str) -> String {
        self.run_exercise_by_hand(&self.name, args)
    }

    /// The same for another of the student's exercises (`tcp-server`, say).
    pub fn run_exercise_by_hand(&self, name: &str, args: &str) -> String {
        format!(
            "cargo run --manifest-path {} -p {name} -- {args}",
            self.exercises_dir.join("Cargo.toml").display(),
        )
    }

    /// The same for one of the programs of an exercise with a program per role.
    pub fn run_program_by_hand(&self, program: &str, args: &str) -> String {
        format!(
            "cargo run --manifest-path {} --bin {program} -- {args}",
            self.exercises_dir.join("Cargo.toml").display(),
        )
    }
}

/// Start `program`, a server, with a free address as its argument, and `input` as its
/// stdin. A port that was free a moment ago may have been taken since by another
/// program: then a second one is tried. A program that lost that race exits at once,
/// saying the address is in use; one that holds the port has won it, and the wait ends.
pub fn start_server(ctx: &mut Ctx, program: &str, input: Input) -> Result<SocketAddr, Failure> {
    let mut tries = 0;
    loop {
        let addr = free_address().map_err(|error| Failure::cannot_start(&"127.0.0.1:0", &error))?;
        ctx.start_program(program, &[addr.to_string()], input)?;
        let taken = ctx
            .program()
            .exited_unless_bound(addr.port(), Duration::from_millis(200))
            .is_some()
            && hint_from_output(&ctx.program().last_lines()) == Some(Msg::HintAddrInUse);
        tries += 1;
        if !taken || tries == 2 {
            return Ok(addr);
        }
    }
}

/// An address on 127.0.0.1 with a port that is free now for TCP and for UDP, for the
/// student's program: the system picks it (port 0), and the checker lets it go again
/// before the program starts.
pub fn free_address() -> std::io::Result<SocketAddr> {
    let mut tries = 0;
    loop {
        let addr = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        // The same port number for UDP is another port, most often free too.
        match UdpSocket::bind(addr) {
            Ok(_) => return Ok(addr),
            Err(error) if tries == 4 => return Err(error),
            Err(_) => tries += 1,
        }
    }
}

/// What is wrong with message `n` as a client sent it, `got`, where `message` (its
/// argument's bytes) was due: more after it (a newline, or anything else), only its
/// start (`part_hint` says why), or other bytes.
pub fn wrong_message(lang: Lang, n: usize, message: &[u8], got: &[u8], part_hint: Msg) -> Failure {
    let newline_first = |bytes: &[u8]| bytes.starts_with(b"\n") || bytes.starts_with(b"\r\n");
    let (expected, got_quoted) = (quoted(message, lang), quoted(got, lang));
    if let Some(extra) = got.strip_prefix(message) {
        let more = Failure::new(Msg::MoreThanMessage {
            n,
            count: extra.len(),
        });
        return match newline_first(extra) {
            true => more.hint(Msg::HintNoNewlineClient),
            false => more.hint(Msg::HintSendArgument),
        };
    }
    if message.starts_with(got) {
        return Failure::new(Msg::PartMessage {
            n,
            expected,
            got: got_quoted,
        })
        .hint(part_hint);
    }
    let failure = Failure::new(Msg::WrongMessage {
        n,
        expected,
        got: got_quoted,
    });
    match got.starts_with(b"\n") {
        true => failure.hint(Msg::HintNoNewlineClient),
        false => failure.hint(Msg::HintSendArgument),
    }
}

/// Each reply printed, in order, each at the end of a line of its own (after a label of
/// the student's, if any).
pub fn printed_replies(ctx: &mut Ctx, replies: &[&str]) -> Result<(), Failure> {
    let lines = ctx.program().stdout_lines();
    let mut rest = lines.iter();
    for (index, reply) in replies.iter().enumerate() {
        let reply = reply.trim_end();
        if rest.any(|line| line.trim_end().ends_with(reply)) {
            continue;
        }
        let hint = match misprinted(&lines, reply) {
            Misprinted::Zeros => Msg::HintPrintedZeros,
            Misprinted::NotAtEnd => Msg::HintNothingAfterReply,
            Misprinted::Cut => Msg::HintClientBuffer,
            Misprinted::Numbers => Msg::HintPrintText,
            Misprinted::Absent => Msg::HintPrintReply,
        };
        return Err(Failure::new(Msg::ReplyNotPrinted {
            n: index + 1,
            reply: quoted(reply.as_bytes(), ctx.lang),
        })
        .hint(hint));
    }
    Ok(())
}

/// What a text that should end a line of the program's output became instead, by the
/// likeliest mistake.
pub enum Misprinted {
    /// Followed by zero bytes: the whole buffer printed, not the bytes received.
    Zeros,
    /// Whole, but with something after it on its line.
    NotAtEnd,
    /// Only its start: received into a buffer too small.
    Cut,
    /// As numbers, as `{:?}` prints bytes.
    Numbers,
    Absent,
}

/// How `text` shows in `lines`, where no line ends with it.
pub fn misprinted(lines: &[String], text: &str) -> Misprinted {
    let start = text.get(..16).unwrap_or(text);
    let shown = |needle: &str| lines.iter().any(|line| line.contains(needle));
    if shown(&format!("{text}\0")) {
        Misprinted::Zeros
    } else if shown(text) {
        Misprinted::NotAtEnd
    } else if shown(start) {
        Misprinted::Cut
    } else if shown(&as_numbers(start)) {
        Misprinted::Numbers
    } else {
        Misprinted::Absent
    }
}

/// Bytes as `{:?}` prints a `&[u8]`: `104, 105`, as a client that prints the buffer shows them.
fn as_numbers(text: &str) -> String {
    let numbers: Vec<String> = text.bytes().map(|byte| byte.to_string()).collect();
    numbers.join(", ")
}

/// A hint read from the program's own last words: an address in use, a connection
/// refused, a panic. These say more than any guess from the bytes, so they replace the
/// stage's own hint; a cause before the panic it led to.
pub fn hint_from_output(lines: &[String]) -> Option<Msg> {
    let said = |needle: &str| lines.iter().any(|line| line.contains(needle));
    // Linux, macOS and Windows say it so: EADDRINUSE is 98, 48, WSAEADDRINUSE 10048;
    // ECONNREFUSED 111, 61, WSAECONNREFUSED 10061.
    let in_use = [
        "Address already in use",
        "os error 98)",
        "os error 48)",
        "os error 10048)",
    ];
    let refused = [
        "Connection refused",
        "os error 111)",
        "os error 61)",
        "os error 10061)",
    ];
    // A panic on a reset or a broken pipe usually follows the checker's own close, once
    // the stage has failed: it says nothing the stage's hint does not.
    let said_reset = || {
        [
            "Connection reset",
            "Broken pipe",
            "os error 104)",
            "os error 32)",
            "os error 10054)",
        ]
        .iter()
        .any(|needle| said(needle))
    };
    if in_use.iter().any(|needle| said(needle)) {
        Some(Msg::HintAddrInUse)
    } else if refused.iter().any(|needle| said(needle)) {
        Some(Msg::HintConnectGivenAddress)
    } else if panicked(lines) && !said_reset() {
        Some(Msg::HintPanicked)
    } else {
        None
    }
}

/// Whether the program's output shows that it panicked.
pub fn panicked(lines: &[String]) -> bool {
    lines.iter().any(|line| line.contains("panicked at"))
}

/// One word for a message, from the seeded randomness: a program that answers the same
/// thing to everyone cannot pass by luck.
pub fn word(rng: &mut fastrand::Rng) -> &'static str {
    const WORDS: &[&str] = &[
        "apple", "river", "socket", "mountain", "lantern", "bamboo", "harbor", "comet", "maple",
        "tiger", "window", "garden", "pepper", "silver", "thunder", "orbit",
    ];
    WORDS[rng.usize(..WORDS.len())]
}

/// One word for a reply of the checker's own, from a list apart from [`word`]'s: a
/// client that prints what it sent cannot pass for one that prints what it received.
pub fn reply_word(rng: &mut fastrand::Rng) -> &'static str {
    const WORDS: &[&str] = &[
        "kettle", "meadow", "violin", "cobalt", "sunrise", "walnut", "harvest", "pebble", "falcon",
        "velvet", "glacier", "saffron", "compass", "lotus", "ember", "quartz",
    ];
    WORDS[rng.usize(..WORDS.len())]
}

/// Messages for a client to send that catch the usual slips: Chinese (sent as utf-8
/// bytes), a trailing space (sent as it is, not trimmed), 700 to 1000 bytes (sent
/// whole, and one recv(1024) takes them whole), and up to two more of a word.
pub fn slips(rng: &mut fastrand::Rng) -> Vec<String> {
    let mut messages = vec![
        format!("你好 {}", word(rng)),
        format!("{} {} ", word(rng), word(rng)),
        long_words(rng, word),
    ];
    for _ in 0..rng.usize(0..=2) {
        messages.push(word(rng).to_string());
    }
    messages
}

/// One message a client sends, and the reply the checker, as its server, gives it.
pub struct Turn {
    pub message: String,
    pub reply: String,
}

impl Turn {
    /// `message`, with a reply of two or three of the checker's words, then `end`.
    pub fn new(rng: &mut fastrand::Rng, message: String, end: &str) -> Turn {
        let words: Vec<&str> = (0..rng.usize(2..=3)).map(|_| reply_word(rng)).collect();
        Turn {
            message,
            reply: words.join(" ") + end,
        }
    }
}

/// Words from `pick` up to 700 to 1000 bytes: one recv(1024) takes them whole, a smaller
/// buffer not.
pub fn long_words(rng: &mut fastrand::Rng, pick: fn(&mut fastrand::Rng) -> &'static str) -> String {
    words_of_size(rng, pick, 700..=1000)
}

/// Words from `pick`, cut to a size in `sizes` (in bytes; the words are ASCII).
pub fn words_of_size(
    rng: &mut fastrand::Rng,
    pick: fn(&mut fastrand::Rng) -> &'static str,
    sizes: std::ops::RangeInclusive<usize>,
) -> String {
    let size = rng.usize(sizes);
    let mut message = String::with_capacity(size + 16);
    while message.len() < size {
        message.push_str(pick(rng));
        message.push(' ');
    }
    message.truncate(size);
    message
}

/// A quoted argument for a shell: `'hello apple'`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
