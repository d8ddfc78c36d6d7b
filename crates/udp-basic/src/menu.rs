//! # udp-basic menu: the tutorial's UDP chat tool, one thing at a time
//!
//! The small chat tool of the tutorials: one UDP socket bound to port 7890, and a menu.
//! `1` sends a message (it asks for the text, the peer's IP and its port, in the
//! tutorial's order), `2` receives one (`recvfrom()` blocks until a datagram comes),
//! `0` quits. While `2` waits in `recvfrom()` nothing can be sent, and a datagram that
//! arrives while you are choosing waits in the socket's queue until you choose `2`: that
//! is why the tutorials go on to a chat with a receive thread (`threaded-chat udp`).
//!
//! Terminal 1:
//!
//! ```text
//! cargo run -p udp-basic -- menu
//! ```
//!
//! Terminal 2, a second chat on the next port:
//!
//! ```text
//! cargo run -p udp-basic -- menu --bind 127.0.0.1:7891
//! ```
//!
//! In terminal 2 type `1`, `hello`, `127.0.0.1`, `7890`; in terminal 1 type `2`. The output
//! is in the book's chapter (lesson 2, "The tutorial's chat tool"). The menu and the prompts
//! appear only when a person types: with stdin piped the answers are read line by line, and
//! the end of the input quits. The tutorial's own Python program works as the peer too.

use std::io::{self, IsTerminal, Stdin, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::addr::parse_words;
use common::cli::{EncodingArg, NarrationArgs, parse_addr, seconds};
use common::errors::{is_timeout, net_error, net_error_line};
use common::framing::{Line, LineReader};
use common::input::MAX_INPUT_LINE;
use common::narrate::{Narrator, count};
use common::ports::{self, DEFAULT_HOST, reach_note};
use common::text::printable;

const STDIN: &str = "cannot read from stdin";

/// A receive buffer as large as any datagram (65507 bytes over IPv4, 65527 over IPv6), so
/// a message is never cut.
const MAX_DATAGRAM: usize = 65_536;

// ANCHOR: menu
/// The menu, as the tutorial prints it before each choice (only when a person types).
const MENU: &str = "==============================\n\
                    1: send a message\n\
                    2: receive a message\n\
                    0: quit\n\
                    ==============================";
// ANCHOR_END: menu

#[derive(Args, Debug)]
pub struct MenuArgs {
    /// This chat's own address; the tutorial binds port 7890 [default: 127.0.0.1:7890]
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Seconds that `2` (receive) waits for a datagram before going back to the menu
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "60")]
    pub timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// What to do after one menu choice.
#[derive(PartialEq)]
enum Next {
    Menu,
    Quit,
}

/// `udp-basic menu`: bind, then do what the keyboard chooses, one thing at a time.
pub fn run(args: MenuArgs) -> anyhow::Result<()> {
    let addr = match &args.bind {
        Some(text) => parse_addr(text, ports::UDP_CHAT)?,
        None => SocketAddr::new(DEFAULT_HOST, ports::UDP_CHAT),
    };
    let narrator = Narrator::new("menu", &args.narration, args.encoding.encoding);

    // ANCHOR: bind
    // socket(AF_INET, SOCK_DGRAM) and bind(('', 7890)): a fixed port, so that the other
    // side knows where to send.
    let socket = UdpSocket::bind(addr).map_err(|e| net_error("bind", addr, e))?;
    // settimeout(60): a receive gives up after --timeout instead of blocking forever.
    socket
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the receive timeout")?;
    let local = socket.local_addr().context("cannot read our own address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(reach_note(local));
    // ANCHOR_END: bind

    // ANCHOR: choose
    let mut keyboard = Keyboard::new();
    loop {
        keyboard.show(MENU);
        let Some(choice) = keyboard.ask("choose 1, 2 or 0: ").context(STDIN)? else {
            narrator.step("end of input: quit");
            break;
        };
        let next = match choice.trim() {
            "1" => send_msg(&socket, &mut keyboard, &narrator).context(STDIN)?,
            "2" => recv_msg(&socket, args.timeout, &narrator),
            "0" => {
                narrator.step("quit");
                Next::Quit
            }
            other => {
                narrator.step(format!(
                    "no choice {:?}: type 1 (send), 2 (receive) or 0 (quit)",
                    printable(other)
                ));
                Next::Menu
            }
        };
        if next == Next::Quit {
            break;
        }
    }
    // ANCHOR_END: choose
    // close(): dropping the socket closes it.
    Ok(())
}

// ANCHOR: send
/// `1`: ask for the text, the peer's IP and its port, then one `sendto()`.
fn send_msg(socket: &UdpSocket, keyboard: &mut Keyboard, narrator: &Narrator) -> io::Result<Next> {
    let (Some(text), Some(ip), Some(port)) = (
        keyboard.ask("message: ")?,
        keyboard.ask("the peer's IP: ")?,
        keyboard.ask("the peer's port: ")?,
    ) else {
        narrator.step("end of input: quit");
        return Ok(Next::Quit);
    };
    let peer = match parse_words(&[ip.trim(), port.trim()], DEFAULT_HOST, 0) {
        Ok(peer) => peer,
        Err(e) => {
            narrator.step(format!("{e}; nothing sent"));
            return Ok(Next::Menu);
        }
    };
    let bytes = match narrator.encoding().encode(&text) {
        Ok(bytes) => bytes,
        Err(e) => {
            narrator.step(format!("{e}; nothing sent"));
            return Ok(Next::Menu);
        }
    };
    // sendto(msg.encode('utf-8'), (dest_ip, dest_port)): one datagram, no connection.
    match socket.send_to(&bytes, peer) {
        Ok(sent) => {
            narrator.trace_sent(peer, &bytes);
            narrator.message(format!(
                "sent {} to {peer}: {}",
                count(sent, "byte", "bytes"),
                narrator.show(&bytes)
            ));
        }
        Err(e) => narrator.step(net_error_line("send to", peer, &e)),
    }
    Ok(Next::Menu)
}
// ANCHOR_END: send

// ANCHOR: receive
/// `2`: one `recvfrom()`, which blocks until a datagram comes (or `--timeout` passes).
fn recv_msg(socket: &UdpSocket, timeout: Duration, narrator: &Narrator) -> Next {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    // recvfrom(1024): the oldest datagram waiting in the socket's queue, and its sender.
    match socket.recv_from(&mut buf) {
        Ok((n, from)) => {
            narrator.trace_received(from, &buf[..n]);
            // What was received is the answer to `2`: shown even with --quiet.
            narrator.step(format!(
                "from {from} ({}): {}",
                count(n, "byte", "bytes"),
                narrator.show(&buf[..n])
            ));
        }
        Err(e) if is_timeout(&e) => narrator.step(format!(
            "nothing arrived within {} s; back to the menu",
            timeout.as_secs_f64()
        )),
        Err(e) => narrator.step(format!("cannot receive: {e}")),
    }
    Next::Menu
}
// ANCHOR_END: receive

/// The keyboard, Python's `input()`: a prompt only when a person types (stdin is a
/// terminal), and `None` at the end of the input.
struct Keyboard {
    lines: LineReader<Stdin>,
    terminal: bool,
}

impl Keyboard {
    fn new() -> Keyboard {
        let stdin = io::stdin();
        Keyboard {
            terminal: stdin.is_terminal(),
            lines: LineReader::new(stdin, MAX_INPUT_LINE),
        }
    }

    /// Print `text` for the person at the keyboard, if there is one.
    fn show(&self, text: &str) {
        if self.terminal {
            common::say!("{text}");
        }
    }

    /// `input(prompt)`: the next line typed, or `None` when the input has ended.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        if self.terminal {
            let mut stdout = io::stdout().lock();
            let _ = write!(stdout, "{prompt}");
            let _ = stdout.flush();
        }
        Ok(match self.lines.read_line()? {
            None => None,
            Some(Line::Text(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Some(Line::TooLong { length }) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("a line of {length} bytes is over the limit of {MAX_INPUT_LINE}"),
                ));
            }
        })
    }
}
