//! The clap pieces every lesson's command line is built from, so that an address, a
//! timeout, `--encoding`, `--quiet` and `--trace` are written the same in every lesson.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::addr::{self, AddrError};
use crate::errors::{UsageError, usage};
use crate::text::Encoding;

/// `--quiet` and `--trace`, for every role that sends or receives.
#[derive(Args, Debug, Clone, Default)]
pub struct NarrationArgs {
    /// Print only the main steps, not one line per message
    #[arg(long, conflicts_with = "trace")]
    pub quiet: bool,
    /// Show every send and receive call: byte count, hex and text
    #[arg(long)]
    pub trace: bool,
}

/// `--encoding utf-8|gbk`, for every role that sends or shows text.
#[derive(Args, Debug, Clone, Default)]
pub struct EncodingArg {
    /// How text becomes bytes on the wire, and bytes become text on screen
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
}

/// A server's optional address to bind: `[ADDR]`, one word or `HOST PORT`.
#[derive(Args, Debug, Clone, Default)]
pub struct BindAddrArg {
    /// Where to listen, in any form [`addr`] takes. (`help` is spelled out for clap, since
    /// `[V6]` would read as a link to rustdoc.)
    #[arg(
        value_name = "ADDR",
        num_args = 0..=2,
        help = "Where to listen: HOST:PORT, [V6]:PORT, HOST PORT, :PORT or PORT ('' = 0.0.0.0, port 0 = any free port)"
    )]
    pub addr: Vec<String>,
}

impl BindAddrArg {
    /// The address, with what the user left out taken from 127.0.0.1 and `default_port`.
    pub fn resolve(&self, default_port: u16) -> anyhow::Result<SocketAddr> {
        addr::parse_words(&self.addr, crate::ports::DEFAULT_HOST, default_port).map_err(addr_error)
    }
}

/// One typed address (see [`addr::parse`]); a missing host is 127.0.0.1.
pub fn parse_addr(text: &str, default_port: u16) -> anyhow::Result<SocketAddr> {
    addr::parse(text, crate::ports::DEFAULT_HOST, default_port).map_err(addr_error)
}

/// The help line of a client's address, the same in every lesson.
pub const ADDR_HELP: &str = "The server's address: HOST:PORT, [V6]:PORT, HOST PORT (two words, as the tutorials' sys.argv), :PORT or PORT";

/// A client's address alone, `<ADDR | HOST PORT>`, as a client's first words are (see
/// [`addr::split_client`]): a host alone must be followed by its port.
#[derive(Args, Debug, Clone, Default)]
pub struct PeerAddrArg {
    #[arg(value_name = "ADDR", num_args = 1..=2, required = true, help = ADDR_HELP)]
    pub addr: Vec<String>,
}

impl PeerAddrArg {
    /// The address; a missing host is 127.0.0.1. `example` (a whole command) is added to
    /// an address typed wrong.
    pub fn resolve(&self, example: &str) -> anyhow::Result<SocketAddr> {
        match addr::split_client(&self.addr, crate::ports::DEFAULT_HOST) {
            Ok((addr, [])) => Ok(addr),
            Ok((addr, [extra, ..])) => Err(with_example(
                usage(format!(
                    "{extra:?} after the address {addr}: only an address is taken here"
                )),
                example,
            )),
            Err(error) => Err(with_example(addr_error(error), example)),
        }
    }
}

/// A client's `ADDR [MESSAGE]...`: the address first, always, then the messages.
#[derive(Args, Debug, Clone, Default)]
pub struct ClientWords {
    #[arg(value_name = "ADDR", required = true, help = ADDR_HELP)]
    pub addr: String,
    /// Messages to send, one after another; without any, lines are read from stdin
    #[arg(value_name = "MESSAGE")]
    pub messages: Vec<String>,
}

impl ClientWords {
    /// The address (one word, or `HOST PORT`; see [`addr::split_client`]) and the messages
    /// after it. Nothing is guessed: `client 5` connects to port 5, and
    /// `client 127.0.0.1 notaport hi` is refused, with `example` (a whole command) added.
    pub fn resolve(&self, example: &str) -> anyhow::Result<(SocketAddr, Vec<String>)> {
        let words: Vec<&String> = std::iter::once(&self.addr).chain(&self.messages).collect();
        let (addr, messages) = addr::split_client(&words, crate::ports::DEFAULT_HOST)
            .map_err(|error| with_example(addr_error(error), example))?;
        Ok((addr, messages.iter().map(|m| m.to_string()).collect()))
    }
}

/// The usage line of every client that takes its address first and its messages after
/// it, with an example (a whole command, also added to an address typed wrong), so that
/// the same grammar reads the same in every lesson's `--help`.
pub fn client_usage(command: &str, example: &str) -> String {
    usage_with_example(
        &format!("{command} [OPTIONS] <ADDR | HOST PORT> [MESSAGE]..."),
        example,
    )
}

/// A usage text (one line, or several joined by `\n`) and an example under it, indented as
/// clap indents the lines after `Usage: `.
pub fn usage_with_example(usage: &str, example: &str) -> String {
    const INDENT: &str = "\n       ";
    format!("{}{INDENT}example: {example}", usage.replace('\n', INDENT))
}

/// A usage error gets an example of the right shape (a whole command) added to it; other
/// errors (an unknown host) stay as they are.
pub fn with_example(error: anyhow::Error, example: &str) -> anyhow::Error {
    if error.is::<UsageError>() {
        usage(format!("{error} (example: {example})"))
    } else {
        error
    }
}

/// A malformed address is a usage error (exit 2); an unknown host is not (exit 1).
fn addr_error(error: AddrError) -> anyhow::Error {
    if error.is_usage() {
        usage(error)
    } else {
        error.into()
    }
}

/// The longest wait any flag takes, about 31 years: longer ones are surely a typing mistake,
/// and a deadline (`Instant::now() + wait`) must stay within what the clock can count.
pub const MAX_SECONDS: f64 = 1e9;

/// clap value parser for a number of seconds, whole or not (`30`, `0.5`), above zero.
pub fn seconds(text: &str) -> Result<Duration, String> {
    let expected = "expected a number of seconds above 0 and at most 1000000000, like 5 or 0.5";
    let value: f64 = text.trim().parse().map_err(|_| expected.to_string())?;
    // NaN is neither above 0 nor at most the maximum: refused too.
    let in_range = value > 0.0 && value <= MAX_SECONDS;
    if !in_range {
        return Err(expected.to_string());
    }
    let wait = Duration::from_secs_f64(value);
    if wait.is_zero() {
        return Err(expected.to_string()); // less than a nanosecond
    }
    Ok(wait)
}

/// clap value parser for a number of seconds that may be 0 (`--interval 0`: no pause).
pub fn seconds_or_zero(text: &str) -> Result<Duration, String> {
    let expected = "expected a number of seconds, 0 or more and at most 1000000000, like 1 or 0.5";
    let value: f64 = text.trim().parse().map_err(|_| expected.to_string())?;
    let in_range = (0.0..=MAX_SECONDS).contains(&value);
    if !in_range {
        return Err(expected.to_string());
    }
    Ok(Duration::from_secs_f64(value))
}

/// Run a lesson's `main`: on error print `error: ...` on stderr, one line, and exit 1,
/// or 2 for a usage error. Never a panic or a backtrace for a user's mistake.
pub fn run(main: impl FnOnce() -> anyhow::Result<()>) -> ExitCode {
    match main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            exit_code(&error)
        }
    }
}

/// 2 for a usage error, like clap's own; 1 for anything else.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    if error.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accept_whole_and_fractional_numbers() {
        assert_eq!(seconds("30"), Ok(Duration::from_secs(30)));
        assert_eq!(seconds("0.25"), Ok(Duration::from_millis(250)));
        assert_eq!(seconds_or_zero("0"), Ok(Duration::ZERO));
        assert_eq!(seconds("1e9"), Ok(Duration::from_secs(1_000_000_000)));
        for bad in ["0", "-1", "abc", "", "inf", "NaN", "1.1e9", "1e19", "1e-10"] {
            assert!(seconds(bad).is_err(), "{bad:?} must be refused");
        }
        for bad in ["-1", "-0.5", "NaN", "1e19"] {
            assert!(seconds_or_zero(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn malformed_addresses_are_usage_errors_and_unknown_hosts_are_not() {
        let bad_port = BindAddrArg {
            addr: vec!["127.0.0.1:99999".into()],
        };
        let error = bad_port.resolve(1).expect_err("bad port");
        assert!(error.downcast_ref::<UsageError>().is_some());
        assert_eq!(
            error.to_string(),
            r#"invalid port "99999" in "127.0.0.1:99999": expected 0-65535"#
        );
        let words = ClientWords {
            addr: "no-such-host.invalid:1".into(),
            messages: vec![],
        };
        let unknown = words.resolve("client :1 hi").expect_err("unknown");
        assert!(unknown.downcast_ref::<UsageError>().is_none());
    }

    #[test]
    fn a_peer_address_is_a_clients_first_words() {
        let peer = |words: &[&str]| PeerAddrArg {
            addr: words.iter().map(|w| w.to_string()).collect(),
        };
        let example = "udp-echo ping 127.0.0.1:8080";
        let expected: SocketAddr = "127.0.0.1:8080".parse().expect("literal");
        for words in [
            &["127.0.0.1:8080"][..],
            &["127.0.0.1", "8080"],
            &[":8080"],
            &["8080"],
        ] {
            assert_eq!(peer(words).resolve(example).expect("an address"), expected);
        }
        // A host alone is not taken to mean a default port, as no client's is.
        let alone = peer(&["127.0.0.1"]).resolve(example).expect_err("no port");
        assert!(alone.downcast_ref::<UsageError>().is_some());
        assert_eq!(
            alone.to_string(),
            r#"missing the port after host "127.0.0.1": write 127.0.0.1:PORT or 127.0.0.1 PORT (example: udp-echo ping 127.0.0.1:8080)"#
        );
        let extra = peer(&["127.0.0.1:8080", "9"]).resolve(example);
        assert_eq!(
            extra.expect_err("two ports").to_string(),
            r#""9" after the address 127.0.0.1:8080: only an address is taken here (example: udp-echo ping 127.0.0.1:8080)"#
        );
    }

    #[test]
    fn errors_map_to_exit_codes() {
        assert_eq!(run(|| Ok(())), ExitCode::SUCCESS);
        assert_eq!(exit_code(&anyhow::anyhow!("boom")), ExitCode::FAILURE);
        assert_eq!(exit_code(&usage("bad")), ExitCode::from(2));
    }
}
