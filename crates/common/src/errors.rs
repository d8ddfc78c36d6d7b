//! One clear line for a failed socket call: what failed, on which address, and a hint.
//!
//! `error: cannot bind 127.0.0.1:8888: address already in use (is another server
//! running? pick another port)` rather than `Os { code: 98, kind: AddrInUse, ... }`.

use std::fmt::{self, Display};
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A mistake in how the program was called: exit status 2, like clap's own errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A usage error as an `anyhow::Error`, for `return Err(usage(...))`.
pub fn usage(message: impl Display) -> anyhow::Error {
    UsageError(message.to_string()).into()
}

/// The error in a few plain lowercase words, without `(os error 98)`.
pub fn describe(error: &io::Error) -> String {
    use io::ErrorKind::*;
    let words = match error.kind() {
        AddrInUse => "address already in use",
        AddrNotAvailable => "address not available on this machine",
        ConnectionRefused => "connection refused",
        ConnectionReset => "connection reset by peer",
        ConnectionAborted => "connection aborted",
        BrokenPipe => "the peer closed the connection (broken pipe)",
        NotConnected => "not connected",
        PermissionDenied => "permission denied",
        NetworkUnreachable => "network unreachable",
        HostUnreachable => "no route to host",
        TimedOut | WouldBlock => "timed out",
        UnexpectedEof => "the peer closed the connection early",
        _ => return error.to_string(),
    };
    words.to_string()
}

/// The usual cause of an error, and what to try.
pub fn hint(error: &io::Error) -> Option<&'static str> {
    use io::ErrorKind::*;
    Some(match error.kind() {
        AddrInUse => "is another server running? pick another port",
        AddrNotAvailable => "bind an address this machine has, such as 127.0.0.1 or 0.0.0.0",
        ConnectionRefused => "is the server running, and on that port?",
        ConnectionReset => "the peer was stopped or gave up on the connection",
        PermissionDenied => {
            "ports below 1024 need root, and broadcast needs SO_BROADCAST; pick a port above 1024"
        }
        NetworkUnreachable => "this machine has no route to that network; check the address",
        HostUnreachable => "check the address and that the host is up",
        TimedOut | WouldBlock => {
            "is the peer running and reachable? raise --timeout to wait longer"
        }
        _ => return None,
    })
}

/// `cannot ACTION ADDR: WHAT (HINT)` as an error, for `.map_err(|e| net_error("bind", addr, e))`.
pub fn net_error(action: &str, addr: impl Display, error: io::Error) -> anyhow::Error {
    anyhow::anyhow!("{}", net_error_line(action, addr, &error))
}

/// Like [`net_error`], with a hint of the caller's own instead of the usual one.
pub fn net_error_hint(
    action: &str,
    addr: impl Display,
    error: io::Error,
    hint: &str,
) -> anyhow::Error {
    anyhow::anyhow!("cannot {action} {addr}: {} ({hint})", describe(&error))
}

/// The same line as [`net_error`], as a string, for a server that logs it and goes on.
pub fn net_error_line(action: &str, addr: impl Display, error: &io::Error) -> String {
    match hint(error) {
        Some(hint) => format!("cannot {action} {addr}: {} ({hint})", describe(error)),
        None => format!("cannot {action} {addr}: {}", describe(error)),
    }
}

/// A TCP server's failed `bind()`, with a hint that tells the two causes of "address
/// already in use" apart by trying to connect there: another server is listening (the
/// connection is accepted), or nothing is, and a recent connection on that port still
/// holds it in TIME_WAIT. SO_REUSEADDR, which every lesson sets, lets a bind through
/// TIME_WAIT only when the socket that left it had set the option too; the tutorials'
/// Python servers do not, so for about a minute after one of them the port stays taken.
pub fn tcp_bind_error(addr: SocketAddr, error: io::Error) -> anyhow::Error {
    if error.kind() != io::ErrorKind::AddrInUse {
        return net_error("bind", addr, error);
    }
    let probe = crate::addr::reachable(addr);
    let port = addr.port();
    let hint = match TcpStream::connect_timeout(&probe, Duration::from_millis(500)) {
        Ok(_) => "another server is listening there: stop it, or pick another port".to_string(),
        Err(_) => format!(
            "nothing listens there, but a closed connection still holds the port in TIME_WAIT, \
             left by a server without SO_REUSEADDR: see it with \
             `ss -tan state time-wait '( sport = :{port} )'`, wait a minute, or pick another port"
        ),
    };
    net_error_hint("bind", addr, error, &hint)
}

/// Whether a read error is a read timeout (`socket.timeout` in Python). Unix reports it as
/// `WouldBlock`, Windows as `TimedOut`.
pub fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    #[test]
    fn common_errors_get_plain_words_and_a_hint() {
        use io::ErrorKind::*;
        let table = [
            (AddrInUse, "bind", "cannot bind 127.0.0.1:8888: address already in use (is another server running? pick another port)"),
            (ConnectionRefused, "connect to", "cannot connect to 127.0.0.1:8888: connection refused (is the server running, and on that port?)"),
            (PermissionDenied, "bind", "cannot bind 127.0.0.1:8888: permission denied (ports below 1024 need root, and broadcast needs SO_BROADCAST; pick a port above 1024)"),
            (NetworkUnreachable, "send to", "cannot send to 127.0.0.1:8888: network unreachable (this machine has no route to that network; check the address)"),
            (WouldBlock, "receive from", "cannot receive from 127.0.0.1:8888: timed out (is the peer running and reachable? raise --timeout to wait longer)"),
        ];
        for (kind, action, line) in table {
            let error = io::Error::from(kind);
            assert_eq!(net_error_line(action, "127.0.0.1:8888", &error), line);
        }
    }

    #[test]
    fn a_taken_tcp_port_is_told_apart_from_a_lingering_one() {
        let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = busy.local_addr().expect("bound");
        let error = io::Error::from(io::ErrorKind::AddrInUse);
        let line = tcp_bind_error(addr, error).to_string();
        assert!(line.contains("another server is listening there"), "{line}");
        drop(busy);
        // Nothing listens now: the same error must point at TIME_WAIT instead.
        let error = io::Error::from(io::ErrorKind::AddrInUse);
        let line = tcp_bind_error(addr, error).to_string();
        assert!(line.contains("TIME_WAIT"), "{line}");
        assert!(
            line.contains(&format!("sport = :{}", addr.port())),
            "{line}"
        );
    }

    #[test]
    fn other_errors_keep_their_own_words() {
        let error = io::Error::other("something odd");
        assert_eq!(
            net_error_line("read", "x", &error),
            "cannot read x: something odd"
        );
    }

    #[test]
    fn os_errors_lose_their_error_number() {
        // ECONNREFUSED is 111 on Linux; the kind is what counts.
        let error = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert!(!describe(&error).contains("os error"));
        assert!(is_timeout(&io::Error::from(io::ErrorKind::WouldBlock)));
        assert!(!is_timeout(&error));
    }
}
