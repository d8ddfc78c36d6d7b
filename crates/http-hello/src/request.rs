//! Reading an HTTP request head: the request line and the header lines, up to the blank
//! line that ends them.
//!
//! ```text
//! GET /hello?name=Ada HTTP/1.1\r\n        request line: method, target, version
//! Host: 127.0.0.1:8080\r\n                header lines: name, colon, value
//! User-Agent: curl/8.5.0\r\n
//! \r\n                                    a blank line: the head is complete
//! ```
//!
//! GET and HEAD requests have no body, so for this server the head is the whole request.

use std::fmt;

/// The most header lines a request may have.
pub const MAX_HEADERS: usize = 100;

/// The HTTP versions this server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        })
    }
}

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path and query as sent: `/hello?name=Ada`.
    pub target: String,
    pub version: Version,
    /// Header names in lowercase (they are case-insensitive), values trimmed.
    pub headers: Vec<(String, String)>,
}

/// Why a head is not a request we can answer; each becomes a status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// 400: not HTTP at all, or broken.
    Malformed(&'static str),
    /// 431: too many header lines.
    TooManyHeaders,
    /// 505: an HTTP version we do not speak, such as HTTP/2.0 or HTTP/0.9.
    UnsupportedVersion(String),
}

// ANCHOR: parse
impl Request {
    /// Parse a head: everything up to and including the blank line.
    pub fn parse(head: &[u8]) -> Result<Request, ParseError> {
        let text =
            std::str::from_utf8(head).map_err(|_| ParseError::Malformed("the head is not text"))?;
        // Lines end in \r\n; a bare \n is accepted too, as most servers do.
        let mut lines = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line));
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ParseError::Malformed(
                "the request line is not METHOD TARGET VERSION",
            ));
        };
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(ParseError::Malformed("the method is not a word"));
        }
        if !target.starts_with('/') {
            return Err(ParseError::Malformed("the target must start with /"));
        }
        let version = match version {
            "HTTP/1.1" => Version::Http11,
            "HTTP/1.0" => Version::Http10,
            other if is_http_version(other) => {
                return Err(ParseError::UnsupportedVersion(other.to_string()));
            }
            _ => return Err(ParseError::Malformed("the version is not HTTP/x.y")),
        };
        let mut headers = Vec::new();
        for line in lines.take_while(|line| !line.is_empty()) {
            let Some((name, value)) = line.split_once(':') else {
                return Err(ParseError::Malformed("a header line has no colon"));
            };
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                return Err(ParseError::Malformed("a header name is not a word"));
            }
            if headers.len() == MAX_HEADERS {
                return Err(ParseError::TooManyHeaders);
            }
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        let request = Request {
            method: method.to_string(),
            target: target.to_string(),
            version,
            headers,
        };
        // HTTP/1.1 requires Host: one server address may serve many sites.
        if version == Version::Http11 && request.header("host").is_none() {
            return Err(ParseError::Malformed(
                "an HTTP/1.1 request needs a Host header",
            ));
        }
        Ok(request)
    }
    // ANCHOR_END: parse

    /// The first value of a header, by its lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the `Connection` header lists `token` (`close`, `keep-alive`).
    fn connection_has(&self, token: &str) -> bool {
        self.header("connection").is_some_and(|value| {
            value
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    }

    // ANCHOR: keep_alive
    /// Whether the connection stays open after the answer: HTTP/1.1 keeps it unless the
    /// client says `Connection: close`; HTTP/1.0 closes it unless the client asks for
    /// `Connection: keep-alive`.
    pub fn keep_alive(&self) -> bool {
        match self.version {
            Version::Http11 => !self.connection_has("close"),
            Version::Http10 => self.connection_has("keep-alive"),
        }
    }
    // ANCHOR_END: keep_alive

    /// Whether a body follows the head. This server reads none, so it closes such a
    /// connection after answering rather than mistake the body for the next request.
    pub fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|length| length != "0")
    }

    /// The path, without the query: `/hello`.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The query, after `?`: `name=Ada`.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }
}

/// The characters allowed in a method or a header name (RFC 9110 "token").
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `HTTP/` and a digit, a dot and a digit.
fn is_http_version(text: &str) -> bool {
    let Some(number) = text.strip_prefix("HTTP/") else {
        return false;
    };
    let bytes = number.as_bytes();
    bytes.len() == 3 && bytes[0].is_ascii_digit() && bytes[1] == b'.' && bytes[2].is_ascii_digit()
}

/// Decode `%XX` escapes and `+` (a space, in a query), then read the bytes as UTF-8.
/// `None` for a broken escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = tail.get(..2)?;
                let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                bytes.push(value);
                rest = &tail[2..];
                continue;
            }
            _ => bytes.push(b),
        }
        rest = tail;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, ParseError> {
        Request::parse(text.as_bytes())
    }

    #[test]
    fn a_request_head_is_split_into_its_parts() {
        let request = parse(
            "GET /hello?name=Ada HTTP/1.1\r\nHost: x\r\nUser-Agent: curl\r\nX-Empty:\r\n\r\n",
        )
        .expect("valid");
        assert_eq!(request.method, "GET");
        assert_eq!((request.path(), request.query()), ("/hello", "name=Ada"));
        assert_eq!(request.version, Version::Http11);
        assert_eq!(request.header("user-agent"), Some("curl"));
        assert_eq!(request.header("x-empty"), Some(""));
        assert_eq!(request.header("accept"), None);
        assert_eq!(
            parse("GET / HTTP/1.0\n\n").expect("bare newlines").version,
            Version::Http10
        );
    }

    #[test]
    fn broken_heads_are_refused_with_a_reason() {
        let table: [(&str, ParseError); 11] = [
            (
                "",
                ParseError::Malformed("the request line is not METHOD TARGET VERSION"),
            ),
            (
                "GET /\r\n\r\n",
                ParseError::Malformed("the request line is not METHOD TARGET VERSION"),
            ),
            (
                "GET  / HTTP/1.1\r\n\r\n",
                ParseError::Malformed("the request line is not METHOD TARGET VERSION"),
            ),
            (
                "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
                ParseError::Malformed("the method is not a word"),
            ),
            (
                "GET x HTTP/1.1\r\nHost: x\r\n\r\n",
                ParseError::Malformed("the target must start with /"),
            ),
            (
                "GET / HTTX/1.1\r\n\r\n",
                ParseError::Malformed("the version is not HTTP/x.y"),
            ),
            (
                "GET / HTTP/2.0\r\n\r\n",
                ParseError::UnsupportedVersion("HTTP/2.0".into()),
            ),
            (
                "GET / HTTP/0.9\r\n\r\n",
                ParseError::UnsupportedVersion("HTTP/0.9".into()),
            ),
            (
                "GET / HTTP/1.1\r\nHost x\r\n\r\n",
                ParseError::Malformed("a header line has no colon"),
            ),
            (
                "GET / HTTP/1.1\r\nBad Name: x\r\nHost: x\r\n\r\n",
                ParseError::Malformed("a header name is not a word"),
            ),
            (
                "GET / HTTP/1.1\r\n\r\n",
                ParseError::Malformed("an HTTP/1.1 request needs a Host header"),
            ),
        ];
        for (head, error) in table {
            assert_eq!(parse(head), Err(error), "{head:?}");
        }
        let many = format!(
            "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS)
        );
        assert_eq!(parse(&many), Err(ParseError::TooManyHeaders));
        assert!(Request::parse(b"GET /\xff HTTP/1.1\r\n\r\n").is_err());
    }

    #[test]
    fn keep_alive_follows_the_version_and_the_connection_header() {
        let table = [
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                false,
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, Close\r\n\r\n",
                false,
            ),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ];
        for (head, keep) in table {
            assert_eq!(parse(head).expect("valid").keep_alive(), keep, "{head:?}");
        }
    }

    #[test]
    fn percent_decoding_handles_escapes_plus_and_utf8() {
        let table = [
            ("Ada", Some("Ada")),
            ("Ada+Lovelace", Some("Ada Lovelace")),
            ("%E4%BD%A0%E5%A5%BD", Some("你好")),
            ("a%2Bb%26c", Some("a+b&c")),
            ("%3Cb%3E", Some("<b>")),
            ("%", None),
            ("%4", None),
            ("%zz", None),
            ("%FF", None),
        ];
        for (text, decoded) in table {
            assert_eq!(percent_decode(text).as_deref(), decoded, "{text}");
        }
    }
}
