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
use std::ops::Range;

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
    /// The path and query: `/hello?name=Ada` (a target sent as `http://host/hello` is cut
    /// to its path), or `*` for `OPTIONS *`.
    pub target: String,
    pub version: Version,
    /// Header names in lowercase (they are case-insensitive), values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body's length from `Content-Length`, 0 without one.
    pub content_length: u64,
}

/// Why a head is not a request we can answer; each becomes a status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// 400: not HTTP at all, or broken.
    Malformed(&'static str),
    /// 431: too many header lines.
    TooManyHeaders,
    /// 501: something HTTP allows that this server does not do, such as a chunked body.
    NotImplemented(&'static str),
    /// 505: an HTTP version we do not speak, such as HTTP/2.0 or HTTP/0.9.
    UnsupportedVersion(String),
}

/// A CR that does not end a line: some programs take it for a line end and others do not,
/// so one server would see a header line that another does not (request smuggling).
pub const BARE_CR: ParseError = ParseError::Malformed("a CR that is not followed by LF");

// ANCHOR: cut_line
/// One cut of the splitter that both finds the end of a head and cuts it into lines.
#[derive(Debug, PartialEq, Eq)]
pub enum Cut<'a> {
    /// A whole line (without its LF, or its CR LF), and how many bytes it took.
    Line(&'a [u8], usize),
    /// No LF yet: the line is not complete.
    Incomplete,
    /// A CR somewhere other than just before the LF: refused (see [`BARE_CR`]).
    BareCr,
}

/// Cut the first line off `bytes`: it ends at LF, a CR just before the LF is dropped, and a
/// CR anywhere else is an error. The first `searched` bytes are already known to hold no
/// LF, so a line that arrives in pieces is searched once, not once per piece.
pub fn cut_line(bytes: &[u8], searched: usize) -> Cut<'_> {
    let from = searched.min(bytes.len());
    let Some(lf) = bytes[from..].iter().position(|&b| b == b'\n') else {
        return Cut::Incomplete;
    };
    let end = from + lf;
    let line = &bytes[..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.contains(&b'\r') {
        return Cut::BareCr;
    }
    Cut::Line(line, end + 1)
}
// ANCHOR_END: cut_line

/// How far the search for the end of a head has come; the next search resumes there.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// Where the line being searched begins.
    line: usize,
    /// How far it has been searched for an LF.
    searched: usize,
    /// Where the request line begins, once it has come.
    start: Option<usize>,
}

/// What [`find_head`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Head {
    /// A whole head: from its request line to the end of its empty line.
    Whole(Range<usize>),
    /// Not yet: search again from here when more bytes have come.
    Partial(Scan),
    /// A bare CR, or a request line that is not one: refused at once, without waiting
    /// for the rest of a head that can never be read safely.
    Broken(ParseError),
}

// ANCHOR: find_head
/// Find the first whole head in `bytes`, resuming a search that stopped at `scan`. The
/// head ends at the first empty line after the request line; empty lines before the
/// request line are skipped (RFC 9112 §2.2: a client may send a CRLF after a body).
pub fn find_head(bytes: &[u8], scan: Scan) -> Head {
    // A scan of bytes that have since been cut down starts again.
    let mut scan = if scan.searched > bytes.len() {
        Scan::default()
    } else {
        scan
    };
    loop {
        match cut_line(&bytes[scan.line..], scan.searched - scan.line) {
            Cut::Incomplete => {
                scan.searched = bytes.len();
                return Head::Partial(scan);
            }
            Cut::BareCr => return Head::Broken(BARE_CR),
            Cut::Line(line, taken) => {
                let next = scan.line + taken;
                match (line.is_empty(), scan.start) {
                    (true, Some(start)) => return Head::Whole(start..next),
                    (false, None) => {
                        // The request line is whole: check it now, so that `GET /` (HTTP/0.9)
                        // or `PRI * HTTP/2.0` is answered at once, not after --head-timeout.
                        if let Err(error) = text(line).and_then(request_line) {
                            return Head::Broken(error);
                        }
                        scan.start = Some(scan.line);
                    }
                    _ => {} // an empty line before the request line, or a header line
                }
                (scan.line, scan.searched) = (next, next);
            }
        }
    }
}
// ANCHOR_END: find_head

/// The lines of a head, cut by [`cut_line`], up to its empty line; the last may lack its LF.
fn lines(head: &[u8]) -> impl Iterator<Item = Result<&[u8], ParseError>> {
    let mut rest = Some(head);
    std::iter::from_fn(move || {
        let bytes = rest.take()?;
        let (line, after) = match cut_line(bytes, 0) {
            Cut::Line(line, taken) => (line, &bytes[taken..]),
            Cut::BareCr => return Some(Err(BARE_CR)),
            Cut::Incomplete if bytes.contains(&b'\r') => return Some(Err(BARE_CR)),
            Cut::Incomplete => (bytes, &bytes[bytes.len()..]),
        };
        if line.is_empty() {
            return None; // the empty line: the head ends here
        }
        rest = (!after.is_empty()).then_some(after);
        Some(Ok(line))
    })
}

// ANCHOR: parse
impl Request {
    /// Parse a head: the request line, the header lines, and the empty line that ends them
    /// (as [`find_head`] finds it). Strict where RFC 9112 asks: a server and a proxy in
    /// front of it that read one head in two ways can be made to see two different requests.
    pub fn parse(head: &[u8]) -> Result<Request, ParseError> {
        let mut lines = lines(head);
        let first = lines.next().transpose()?.unwrap_or_default();
        let (method, target, version) = request_line(text(first)?)?;
        let mut headers = Vec::new();
        for line in lines {
            if headers.len() == MAX_HEADERS {
                return Err(ParseError::TooManyHeaders);
            }
            headers.push(header_line(text(line?)?)?);
        }
        let mut request = Request {
            method: method.to_string(),
            target: target.to_string(),
            version,
            headers,
            content_length: 0,
        };
        request.content_length = request.framing()?;
        Ok(request)
    }
    // ANCHOR_END: parse

    // ANCHOR: framing
    /// Where this request ends, checked as RFC 9112 §6 asks: at most one `Content-Length`,
    /// digits only; no `Transfer-Encoding` (this server decodes no chunked body); and for
    /// HTTP/1.1 exactly one `Host` (RFC 9110 §7.2).
    fn framing(&self) -> Result<u64, ParseError> {
        let count = |name: &str| self.headers.iter().filter(|(n, _)| n == name).count();
        if self.version == Version::Http11 && count("host") == 0 {
            return Err(ParseError::Malformed(
                "an HTTP/1.1 request needs a Host header",
            ));
        }
        if count("host") > 1 {
            return Err(ParseError::Malformed("more than one Host header"));
        }
        // RFC 9112 §3.2: a Host that is not `name[:port]` gets 400 too (empty is allowed).
        if self
            .header("host")
            .is_some_and(|h| !h.bytes().all(is_host_byte))
        {
            return Err(ParseError::Malformed("the Host header is not a host name"));
        }
        let lengths = count("content-length");
        if count("transfer-encoding") > 0 {
            return Err(if lengths > 0 {
                ParseError::Malformed("Transfer-Encoding and Content-Length together")
            } else {
                ParseError::NotImplemented("Transfer-Encoding: this server reads no such body")
            });
        }
        let Some(length) = self.header("content-length") else {
            return Ok(0);
        };
        if lengths > 1 {
            return Err(ParseError::Malformed("more than one Content-Length"));
        }
        if length.is_empty() || !length.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::Malformed(
                "Content-Length is not a number of bytes",
            ));
        }
        length
            .parse()
            .map_err(|_| ParseError::Malformed("Content-Length is too large"))
    }
    // ANCHOR_END: framing

    /// The first value of a header, by its lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a `Connection` header lists `token` (`close`, `keep-alive`). Every one is
    /// read: two `Connection` lines are one list (RFC 9110 §5.3), so a `close` in the
    /// second counts.
    fn connection_has(&self, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(name, _)| name == "connection")
            .flat_map(|(_, value)| value.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
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
        self.content_length > 0
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

/// A line of the head as text: the head must be UTF-8 (ASCII, in practice).
fn text(line: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(line).map_err(|_| ParseError::Malformed("the head is not text"))
}

/// `GET /hello?name=Ada HTTP/1.1`: a method, a target and a version, one space apart.
fn request_line(line: &str) -> Result<(&str, &str, Version), ParseError> {
    let mut parts = line.split(' ');
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
    // The version first: HTTP/2's opening `PRI * HTTP/2.0` gets 505, not a word on `*`.
    let version = match version {
        "HTTP/1.1" => Version::Http11,
        "HTTP/1.0" => Version::Http10,
        other if is_http_version(other) => {
            return Err(ParseError::UnsupportedVersion(other.to_string()));
        }
        _ => return Err(ParseError::Malformed("the version is not HTTP/x.y")),
    };
    if target.bytes().any(|b| b.is_ascii_control()) {
        return Err(ParseError::Malformed(
            "the target holds a control character",
        ));
    }
    Ok((method, origin_form(method, target)?, version))
}

/// The path and query of a target, in the forms RFC 9112 §3.2 allows: `/hello?name=Ada`
/// as it is; `http://host/hello?name=Ada` (a proxy's form, which a server MUST accept)
/// cut to its path; `*` for `OPTIONS` only.
fn origin_form<'a>(method: &str, target: &'a str) -> Result<&'a str, ParseError> {
    if target.starts_with('/') || (target == "*" && method == "OPTIONS") {
        return Ok(target);
    }
    let Some((scheme, after)) = target.split_once("://") else {
        return Err(ParseError::Malformed("the target must start with /"));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(ParseError::Malformed("the target must start with /"));
    }
    // After the host: the path (`http://host` alone means `/`).
    match after.find(['/', '?']) {
        None => Ok("/"),
        Some(at) if after[at..].starts_with('/') => Ok(&after[at..]),
        Some(_) => Err(ParseError::Malformed("the target must start with /")),
    }
}

/// `Host: 127.0.0.1:8080`: a name, a colon straight after it, a value. The name is
/// returned in lowercase, the value without the spaces around it.
fn header_line(line: &str) -> Result<(String, String), ParseError> {
    if line.starts_with([' ', '\t']) {
        // Obsolete line folding (RFC 9112 §5.2): the line would continue the one before.
        return Err(ParseError::Malformed(
            "a header line starts with a space (obs-fold)",
        ));
    }
    let Some((name, value)) = line.split_once(':') else {
        return Err(ParseError::Malformed("a header line has no colon"));
    };
    if name.ends_with([' ', '\t']) {
        // RFC 9112 §5.1: `Host : x` is refused, never read as `Host`.
        return Err(ParseError::Malformed("whitespace before a header's colon"));
    }
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(ParseError::Malformed("a header name is not a word"));
    }
    // Some proxies read `_` as `-`: to them `Transfer_Encoding` frames the body, to this
    // server it would be a header like any other, and the body the next request.
    let dashed = name.replace('_', "-");
    if name.contains('_')
        && (dashed.eq_ignore_ascii_case("content-length")
            || dashed.eq_ignore_ascii_case("transfer-encoding"))
    {
        return Err(ParseError::Malformed(
            "a header name reads as a framing header with _ for -",
        ));
    }
    let value = value.trim_matches([' ', '\t']);
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(ParseError::Malformed(
            "a header value holds a control character",
        ));
    }
    Ok((name.to_ascii_lowercase(), value.to_string()))
}

/// The characters allowed in a method or a header name (RFC 9110 "token").
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The characters of `name:port`, `[v6]:port` or `1.2.3.4` (RFC 3986 host and port).
fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:[]".contains(&b)
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
    fn what_rfc_9112_refuses_is_refused() {
        let table: [(&str, ParseError); 13] = [
            (
                "GET /\u{1b}[2J HTTP/1.1\r\nHost: x\r\n\r\n",
                ParseError::Malformed("the target holds a control character"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\n",
                ParseError::Malformed("more than one Content-Length"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
                ParseError::Malformed("more than one Content-Length"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                ParseError::Malformed("Content-Length is not a number of bytes"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n",
                ParseError::Malformed("Content-Length is not a number of bytes"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                ParseError::Malformed("Content-Length is too large"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                ParseError::NotImplemented("Transfer-Encoding: this server reads no such body"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                ParseError::Malformed("Transfer-Encoding and Content-Length together"),
            ),
            ("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", BARE_CR),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n folded\r\n\r\n",
                ParseError::Malformed("a header line starts with a space (obs-fold)"),
            ),
            (
                "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
                ParseError::Malformed("whitespace before a header's colon"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                ParseError::Malformed("more than one Host header"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\u{0}y\r\n\r\n",
                ParseError::Malformed("a header value holds a control character"),
            ),
        ];
        for (head, error) in table {
            assert_eq!(parse(head), Err(error), "{head:?}");
        }
        let length = parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 007\r\n\r\n");
        assert_eq!(length.expect("digits").content_length, 7);
    }

    #[test]
    fn one_splitter_cuts_lines_at_lf_and_refuses_a_bare_cr() {
        assert_eq!(cut_line(b"ab\r\ncd", 0), Cut::Line(b"ab", 4));
        assert_eq!(cut_line(b"ab\ncd", 0), Cut::Line(b"ab", 3));
        assert_eq!(cut_line(b"ab\rcd\n", 0), Cut::BareCr);
        assert_eq!(cut_line(b"ab\r\r\n", 0), Cut::BareCr);
        assert_eq!(cut_line(b"abc", 0), Cut::Incomplete);
        assert_eq!(cut_line(b"abc\n", 3), Cut::Line(b"abc", 4));
    }

    #[test]
    fn a_head_ends_at_its_first_empty_line_however_it_arrives() {
        let bytes = b"\r\n\nGET / HTTP/1.1\r\nHost: x\n\r\nHidden: y\r\n\r\n";
        let whole = Head::Whole(3..29);
        assert_eq!(find_head(bytes, Scan::default()), whole);
        // Byte by byte, resuming each time: the same head, and each byte searched once.
        let mut scan = Scan::default();
        for end in 0..29 {
            match find_head(&bytes[..end], scan) {
                Head::Partial(next) => scan = next,
                other => panic!("{end}: {other:?}"),
            }
        }
        assert_eq!(find_head(&bytes[..29], scan), whole);
        assert_eq!(
            find_head(b"GET / HTTP/1.1\r\nA: b\rc\r\n", scan),
            Head::Broken(BARE_CR)
        );
        // A request line that is not one is refused as soon as it is whole.
        let early = |bytes: &[u8]| find_head(bytes, Scan::default());
        assert_eq!(
            early(b"GET /\r\n"),
            Head::Broken(ParseError::Malformed(
                "the request line is not METHOD TARGET VERSION"
            ))
        );
        assert_eq!(
            early(b"PRI * HTTP/2.0\r\n"),
            Head::Broken(ParseError::UnsupportedVersion("HTTP/2.0".into()))
        );
        assert!(matches!(early(b"GET / HTTP/1.1\r\n"), Head::Partial(_)));
        let head = parse("GET / HTTP/1.1\r\nHost: x\n\r\nHidden: y\r\n\r\n").expect("valid");
        assert_eq!(head.header("hidden"), None, "the head ended before it");
    }

    #[test]
    fn underscores_do_not_make_a_framing_header_in_disguise() {
        for name in ["Transfer_Encoding", "content_length"] {
            let head = format!("GET / HTTP/1.1\r\nHost: x\r\n{name}: 5\r\n\r\n");
            let error =
                ParseError::Malformed("a header name reads as a framing header with _ for -");
            assert_eq!(parse(&head), Err(error), "{name}");
        }
        assert!(parse("GET / HTTP/1.1\r\nHost: x\r\nX_Y: 5\r\n\r\n").is_ok());
    }

    #[test]
    fn a_host_must_be_a_host_name_and_port() {
        for host in ["a b", "a, b", "x/y", "é"] {
            let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
            let error = ParseError::Malformed("the Host header is not a host name");
            assert_eq!(parse(&head), Err(error), "{host:?}");
        }
        for host in ["", "127.0.0.1:8080", "[::1]:8080", "a,b", "xn--fsq.example"] {
            let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
            assert!(parse(&head).is_ok(), "{host:?}");
        }
    }

    #[test]
    fn a_target_in_absolute_or_asterisk_form_is_read_as_rfc_9112_asks() {
        let target = |line: &str| {
            let head = format!("{line}\r\nHost: x\r\n\r\n");
            parse(&head).map(|request| request.target)
        };
        let not_a_path = Err(ParseError::Malformed("the target must start with /"));
        assert_eq!(
            target("GET http://x:8080/hello?name=A HTTP/1.1").as_deref(),
            Ok("/hello?name=A")
        );
        assert_eq!(target("GET HTTP://x HTTP/1.1").as_deref(), Ok("/"));
        assert_eq!(target("OPTIONS * HTTP/1.1").as_deref(), Ok("*"));
        assert_eq!(target("GET * HTTP/1.1"), not_a_path);
        assert_eq!(target("GET ftp://x/ HTTP/1.1"), not_a_path);
        assert_eq!(target("GET http://x?q HTTP/1.1"), not_a_path);
        assert_eq!(
            target("PRI * HTTP/2.0"),
            Err(ParseError::UnsupportedVersion("HTTP/2.0".into()))
        );
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
            (
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
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
