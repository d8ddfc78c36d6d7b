//! What a user types, turned into a `SocketAddr`, once for every lesson.
//!
//! Python's tutorials write an address as a tuple, `('127.0.0.1', 8888)`, and often take
//! host and port from `sys.argv`. On our command lines every one of these works:
//!
//! | typed                          | means                                  |
//! |--------------------------------|----------------------------------------|
//! | `127.0.0.1:8888`, `localhost:8888` | host and port                      |
//! | `[::1]:8888`                   | an IPv6 host and port                  |
//! | `127.0.0.1 8888`               | host and port as two words (`sys.argv`) |
//! | `:8888` or `8888`              | the default host, this port            |
//! | `localhost`, `::1`             | this host, the default port (servers only) |
//! | `''` (an empty word)           | Python's `''`: any address, 0.0.0.0    |
//! | `<broadcast>`                  | Python's `'<broadcast>'`: 255.255.255.255 |
//!
//! A client's first word is always its address ([`split_client`]): a host alone must be
//! followed by its port there, since the words after the address are messages.
//!
//! Host names are resolved (`socket.getaddrinfo`); when a name has both an IPv4 and an
//! IPv6 address the IPv4 one is taken, because the lessons' servers bind 127.0.0.1.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

/// Why a typed address could not be used. Every message quotes what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddrError {
    /// The port part is not a number from 0 to 65535.
    BadPort { port: String, input: String },
    /// The text has no recognisable shape (`[::1`, `a:b:c` ...).
    BadForm { input: String },
    /// More words than `HOST PORT`.
    TooManyWords { input: String },
    /// A client was given no address at all.
    MissingAddr,
    /// A host alone where a client needs `HOST PORT`.
    MissingPort { host: String },
    /// A host followed by a word that is not a port.
    NotAPort { host: String, word: String },
    /// The host name does not resolve to any address.
    UnknownHost { host: String, reason: String },
}

impl AddrError {
    /// Whether the user typed something malformed (exit 2), rather than a well-formed
    /// name that the network could not find (exit 1).
    pub fn is_usage(&self) -> bool {
        !matches!(self, AddrError::UnknownHost { .. })
    }
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddrError::BadPort { port, input } => {
                write!(f, "invalid port {port:?} in {input:?}: expected 0-65535")
            }
            AddrError::BadForm { input } => write!(
                f,
                "invalid address {input:?}: expected HOST:PORT, [IPV6]:PORT, HOST PORT, :PORT or PORT"
            ),
            AddrError::TooManyWords { input } => write!(
                f,
                "invalid address {input:?}: expected at most two words, HOST PORT"
            ),
            AddrError::MissingAddr => write!(
                f,
                "missing the server's address: give HOST:PORT, HOST PORT or :PORT first"
            ),
            AddrError::MissingPort { host } => write!(
                f,
                "missing the port after host {host:?}: write {}",
                with_port(host)
            ),
            AddrError::NotAPort { host, word } => write!(
                f,
                "expected a port after host {host:?}, got {word:?}: a client's address comes first, as {}",
                with_port(host)
            ),
            AddrError::UnknownHost { host, reason } => write!(
                f,
                "cannot resolve host {host:?}: {reason} (check the spelling, or use an IP address such as 127.0.0.1)"
            ),
        }
    }
}

impl std::error::Error for AddrError {}

/// `HOST:PORT or HOST PORT` for this host, as it must be typed: an IPv6 address in
/// brackets before `:PORT`; an empty host, or another that cannot be typed so, stays HOST,
/// and so does one with control characters, which would reach the terminal unquoted.
fn with_port(host: &str) -> String {
    // `[::1]` typed alone: the brackets belong before :PORT only.
    let bare = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    if bare.parse::<Ipv6Addr>().is_ok() {
        format!("[{bare}]:PORT or {bare} PORT")
    } else if host.is_empty()
        || python_special_host(host).is_some()
        || host.chars().any(crate::text::is_unsafe_to_print)
    {
        "HOST:PORT or HOST PORT".to_string()
    } else {
        format!("{host}:PORT or {host} PORT")
    }
}

/// Parse an address given as one or two words (`127.0.0.1:8888` or `127.0.0.1 8888`).
/// No words at all means the default host and port.
pub fn parse_words<S: AsRef<str>>(
    words: &[S],
    default_host: IpAddr,
    default_port: u16,
) -> Result<SocketAddr, AddrError> {
    match words {
        [] => Ok(SocketAddr::new(default_host, default_port)),
        [one] => parse(one.as_ref(), default_host, default_port),
        [host, port] => {
            let input = format!("{} {}", host.as_ref(), port.as_ref());
            let port = parse_port(port.as_ref(), &input)?;
            resolve(host.as_ref(), port)
        }
        _ => Err(AddrError::TooManyWords {
            input: words
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(" "),
        }),
    }
}

/// Parse one typed address; what it leaves out comes from the defaults.
pub fn parse(
    input: &str,
    default_host: IpAddr,
    default_port: u16,
) -> Result<SocketAddr, AddrError> {
    let text = input.trim();
    if let Some(ip) = python_special_host(text) {
        return Ok(SocketAddr::new(ip, default_port));
    }
    // `[V6]:PORT` or `[V6]`.
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(|| bad_form(input))?;
        let ip: Ipv6Addr = host.parse().map_err(|_| bad_form(input))?;
        let port = match after {
            "" => default_port,
            _ => parse_port(
                after.strip_prefix(':').ok_or_else(|| bad_form(input))?,
                input,
            )?,
        };
        return Ok(SocketAddr::new(ip.into(), port));
    }
    // A bare IPv6 address (`::1`) has colons of its own, so it cannot carry a port.
    if let Ok(ip) = text.parse::<Ipv6Addr>() {
        return Ok(SocketAddr::new(ip.into(), default_port));
    }
    match text.split_once(':') {
        // `PORT` alone, or `HOST` alone.
        None if text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(SocketAddr::new(default_host, parse_port(text, input)?))
        }
        None => resolve(text, default_port),
        // `:PORT`.
        Some(("", port)) => Ok(SocketAddr::new(default_host, parse_port(port, input)?)),
        Some((_, port)) if port.contains(':') => Err(bad_form(input)),
        Some((host, port)) => resolve(host, parse_port(port, input)?),
    }
}

/// Split a client's words into its address and the messages after it.
///
/// The first word is always the address, so nothing is guessed. It carries its port
/// (`HOST:PORT`, `[V6]:PORT`, `:PORT`) or is a port alone (`8888`); or it is a host alone
/// (`localhost`, `127.0.0.1`, `::1`), and then the second word must be its port, as in
/// the tutorials' `sys.argv[1], sys.argv[2]`. Every word after the address is a message,
/// whatever it looks like.
pub fn split_client<S: AsRef<str>>(
    words: &[S],
    default_host: IpAddr,
) -> Result<(SocketAddr, &[S]), AddrError> {
    let Some(first) = words.first().map(AsRef::as_ref) else {
        return Err(AddrError::MissingAddr);
    };
    if has_port(first) {
        // The default port is never used: the word names its own.
        return Ok((parse(first, default_host, 0)?, &words[1..]));
    }
    let Some(port) = words.get(1).map(AsRef::as_ref) else {
        return Err(AddrError::MissingPort {
            host: first.to_string(),
        });
    };
    if !is_number(port) {
        return Err(AddrError::NotAPort {
            host: first.to_string(),
            word: port.to_string(),
        });
    }
    Ok((parse_words(&words[..2], default_host, 0)?, &words[2..]))
}

/// Whether one word names a port: `HOST:PORT`, `[V6]:PORT`, `:PORT` or `PORT`.
fn has_port(word: &str) -> bool {
    let word = word.trim();
    if is_number(word) {
        return true;
    }
    if let Some(rest) = word.strip_prefix('[') {
        return rest.contains("]:");
    }
    // A bare IPv6 address has colons of its own but no port.
    word.parse::<Ipv6Addr>().is_err() && word.contains(':')
}

/// Port 0 on the "any" address of `peer`'s family (0.0.0.0 or ::): where a client socket
/// binds to get an ephemeral port, as Python's first `sendto()` does by itself.
pub fn any_port_for(peer: SocketAddr) -> SocketAddr {
    match peer {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    }
}

/// An address this machine can send to that reaches a socket bound to `bound`: the same,
/// except that "any" (0.0.0.0 or ::) becomes loopback. For waking a server's own socket.
pub fn reachable(bound: SocketAddr) -> SocketAddr {
    match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, bound.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, bound.port()).into(),
        _ => bound,
    }
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

fn parse_port(port: &str, input: &str) -> Result<u16, AddrError> {
    port.parse().map_err(|_| AddrError::BadPort {
        port: port.to_string(),
        input: input.to_string(),
    })
}

fn bad_form(input: &str) -> AddrError {
    AddrError::BadForm {
        input: input.to_string(),
    }
}

/// Python's two special host strings: `''` is any address, `'<broadcast>'` is
/// 255.255.255.255.
fn python_special_host(host: &str) -> Option<IpAddr> {
    match host {
        "" | "''" => Some(Ipv4Addr::UNSPECIFIED.into()),
        "<broadcast>" => Some(Ipv4Addr::BROADCAST.into()),
        _ => None,
    }
}

/// `socket.getaddrinfo(host, port)`: an IP literal is used as it is, a name is looked up.
fn resolve(host: &str, port: u16) -> Result<SocketAddr, AddrError> {
    if let Some(ip) = python_special_host(host) {
        return Ok(SocketAddr::new(ip, port));
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let unknown = |reason: String| AddrError::UnknownHost {
        host: host.to_string(),
        reason,
    };
    let found: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|_| unknown("no such host".to_string()))?
        .collect();
    found
        .iter()
        .find(|a| a.is_ipv4())
        .or(found.first())
        .copied()
        .ok_or_else(|| unknown("the name has no address".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const PORT: u16 = 8888;

    fn ok(words: &[&str]) -> String {
        match parse_words(words, HOST, PORT) {
            Ok(addr) => addr.to_string(),
            Err(e) => panic!("{words:?} should parse, got: {e}"),
        }
    }

    fn err(words: &[&str]) -> String {
        match parse_words(words, HOST, PORT) {
            Ok(addr) => panic!("{words:?} should fail, got {addr}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn every_documented_form_parses() {
        let table: &[(&[&str], &str)] = &[
            (&[], "127.0.0.1:8888"),
            (&["127.0.0.1:9000"], "127.0.0.1:9000"),
            (&["0.0.0.0:80"], "0.0.0.0:80"),
            (&["[::1]:9000"], "[::1]:9000"),
            (&["[::1]"], "[::1]:8888"),
            (&["::1"], "[::1]:8888"),
            (&["127.0.0.1", "9000"], "127.0.0.1:9000"),
            (&[":9000"], "127.0.0.1:9000"),
            (&["9000"], "127.0.0.1:9000"),
            (&["0"], "127.0.0.1:0"),
            (&["65535"], "127.0.0.1:65535"),
            (&["127.0.0.2"], "127.0.0.2:8888"),
            (&[""], "0.0.0.0:8888"),
            (&["''"], "0.0.0.0:8888"),
            (&["", "9000"], "0.0.0.0:9000"),
            (&["<broadcast>"], "255.255.255.255:8888"),
            (&["<broadcast>", "9999"], "255.255.255.255:9999"),
            (&["  127.0.0.1:1  "], "127.0.0.1:1"),
        ];
        for (words, expected) in table {
            assert_eq!(ok(words), *expected, "input {words:?}");
        }
    }

    #[test]
    fn host_names_resolve_preferring_ipv4() {
        assert_eq!(ok(&["localhost:9000"]), "127.0.0.1:9000");
        assert_eq!(ok(&["localhost", "9000"]), "127.0.0.1:9000");
        assert_eq!(ok(&["localhost"]), "127.0.0.1:8888");
    }

    #[test]
    fn bad_input_is_quoted_and_explained() {
        let table: &[(&[&str], &str)] = &[
            (
                &["127.0.0.1:99999"],
                r#"invalid port "99999" in "127.0.0.1:99999": expected 0-65535"#,
            ),
            (
                &["127.0.0.1:"],
                r#"invalid port "" in "127.0.0.1:": expected 0-65535"#,
            ),
            (
                &[":http"],
                r#"invalid port "http" in ":http": expected 0-65535"#,
            ),
            (
                &["99999"],
                r#"invalid port "99999" in "99999": expected 0-65535"#,
            ),
            (&["-1"], r#"cannot resolve host "-1""#),
            (
                &["localhost", "x"],
                r#"invalid port "x" in "localhost x": expected 0-65535"#,
            ),
            (&["[::1"], r#"invalid address "[::1": expected HOST:PORT"#),
            (&["[::1]9000"], r#"invalid address "[::1]9000""#),
            (&["[nonsense]:1"], r#"invalid address "[nonsense]:1""#),
            (&["a:b:c"], r#"invalid address "a:b:c""#),
            (
                &["a", "1", "2"],
                r#"invalid address "a 1 2": expected at most two words"#,
            ),
            (
                &["no-such-host.invalid:80"],
                r#"cannot resolve host "no-such-host.invalid": no such host"#,
            ),
        ];
        for (words, expected) in table {
            let message = err(words);
            assert!(
                message.starts_with(expected),
                "input {words:?}: got {message:?}, expected it to start with {expected:?}"
            );
        }
    }

    #[test]
    fn only_unknown_hosts_are_runtime_errors() {
        let unknown = parse("no-such-host.invalid:1", HOST, PORT).expect_err("must fail");
        assert!(!unknown.is_usage());
        let malformed = parse("1.2.3.4:x", HOST, PORT).expect_err("must fail");
        assert!(malformed.is_usage());
    }

    #[test]
    fn any_port_keeps_the_family() {
        let v4: SocketAddr = "127.0.0.1:1".parse().expect("literal");
        let v6: SocketAddr = "[::1]:1".parse().expect("literal");
        assert_eq!(any_port_for(v4).to_string(), "0.0.0.0:0");
        assert_eq!(any_port_for(v6).to_string(), "[::]:0");
        let any: SocketAddr = "0.0.0.0:7".parse().expect("literal");
        assert_eq!(reachable(any).to_string(), "127.0.0.1:7");
        let any6: SocketAddr = "[::]:7".parse().expect("literal");
        assert_eq!(reachable(any6).to_string(), "[::1]:7");
        assert_eq!(reachable(v4), v4);
    }

    #[test]
    fn a_client_s_first_word_is_always_its_address() {
        let table: &[(&[&str], &str, &[&str])] = &[
            (&["127.0.0.1:9000", "hi"], "127.0.0.1:9000", &["hi"]),
            (&["127.0.0.1", "9000", "hi"], "127.0.0.1:9000", &["hi"]),
            (&["localhost", "9000"], "127.0.0.1:9000", &[]),
            (&[":9000", "5"], "127.0.0.1:9000", &["5"]),
            (&["9000", "12"], "127.0.0.1:9000", &["12"]),
            (&["5"], "127.0.0.1:5", &[]),
            (&["[::1]:9000", "a", "b"], "[::1]:9000", &["a", "b"]),
            (&["::1", "9000", "x"], "[::1]:9000", &["x"]),
            (
                &["127.0.0.1:9000", "hi: there"],
                "127.0.0.1:9000",
                &["hi: there"],
            ),
        ];
        for (words, addr, rest) in table {
            let (found, left) = split_client(words, HOST).expect("should split");
            assert_eq!(found.to_string(), *addr, "input {words:?}");
            assert_eq!(left, *rest, "input {words:?}");
        }
    }

    #[test]
    fn a_client_address_that_is_not_one_is_refused_not_guessed() {
        let table: &[(&[&str], &str)] = &[
            (&[], "missing the server's address"),
            (&["hello"], r#"missing the port after host "hello""#),
            (&["127.0.0.1"], r#"missing the port after host "127.0.0.1""#),
            (
                &["127.0.0.1", "notaport", "hi"],
                r#"expected a port after host "127.0.0.1", got "notaport""#,
            ),
            (&["127.0.0.1:99999", "hi"], r#"invalid port "99999""#),
            (
                &["hello", "world"],
                r#"expected a port after host "hello", got "world""#,
            ),
            // The hint shows the host as it can be typed before :PORT.
            (&["::1"], r#"host "::1": write [::1]:PORT or ::1 PORT"#),
            (&["[::1]"], r#"host "[::1]": write [::1]:PORT or ::1 PORT"#),
            (&[""], r#"host "": write HOST:PORT or HOST PORT"#),
            (
                &["ho\u{1b}[31mst"],
                r#"[31mst": write HOST:PORT or HOST PORT"#,
            ),
            (
                &["<broadcast>", "x"],
                r#"got "x": a client's address comes first, as HOST:PORT"#,
            ),
        ];
        for (words, message) in table {
            let error = split_client(words, HOST).expect_err("must be refused");
            assert!(error.is_usage(), "{words:?}");
            assert!(error.to_string().contains(message), "{words:?}: {error}");
        }
    }
}
