//! Writing an HTTP response: a status line, headers, a blank line, the body.
//!
//! ```text
//! HTTP/1.1 200 OK\r\n
//! Content-Type: text/html; charset=utf-8\r\n
//! Content-Length: 1234\r\n
//! Date: Sun, 22 Nov 2026 14:40:00 GMT\r\n
//! Server: http-hello/0.1.0\r\n
//! Connection: keep-alive\r\n
//! \r\n
//! <!doctype html>...
//! ```

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::request::Version;

/// What the `Server` header says.
pub const SERVER: &str = concat!("http-hello/", env!("CARGO_PKG_VERSION"));

/// An answer, before it is turned into bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: String,
    /// Extra headers, such as `Allow` for a 405.
    pub extra: Vec<(&'static str, &'static str)>,
}

impl Response {
    pub fn new(status: u16, body: String) -> Response {
        Response {
            status,
            body,
            extra: Vec::new(),
        }
    }

    // ANCHOR: to_bytes
    /// The response as bytes, in one buffer so that it leaves in one `write`. A HEAD
    /// request gets the same headers, `Content-Length` included, but no body.
    pub fn to_bytes(&self, version: Version, keep_alive: bool, head_only: bool) -> Vec<u8> {
        let mut head = String::with_capacity(256);
        let _ = write!(
            head,
            "{version} {} {}\r\n",
            self.status,
            reason(self.status)
        );
        head.push_str("Content-Type: text/html; charset=utf-8\r\n");
        let _ = write!(head, "Content-Length: {}\r\n", self.body.len());
        let _ = write!(head, "Date: {}\r\n", http_date(SystemTime::now()));
        let _ = write!(head, "Server: {SERVER}\r\n");
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n"
        } else {
            "Connection: close\r\n"
        });
        for (name, value) in &self.extra {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(self.body.as_bytes());
        }
        bytes
    }
    // ANCHOR_END: to_bytes
}

/// The reason phrase of each status this server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// A date as HTTP writes it (RFC 9110 "IMF-fixdate"): `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, in_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // 1970-01-01 was a Thursday
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// Year, month (1-12) and day (1-31) of a count of days since 1970-01-01, in the
/// Gregorian calendar (Howard Hinnant's algorithm, shifted so that years begin in March).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates_are_written_as_http_wants_them() {
        let table = [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (1_795_358_400, "Sun, 22 Nov 2026 14:40:00 GMT"),
        ];
        for (seconds, text) in table {
            assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(seconds)), text);
        }
    }

    #[test]
    fn a_response_has_every_header_and_head_drops_only_the_body() {
        let mut response = Response::new(405, "<p>no</p>".into());
        response.extra.push(("Allow", "GET, HEAD"));
        let full =
            String::from_utf8(response.to_bytes(Version::Http11, false, false)).expect("text");
        assert!(
            full.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
            "{full}"
        );
        for header in [
            "Content-Type: text/html; charset=utf-8\r\n",
            "Content-Length: 9\r\n",
            "Date: ",
            "Server: http-hello/",
            "Connection: close\r\n",
            "Allow: GET, HEAD\r\n",
        ] {
            assert!(full.contains(header), "missing {header:?} in {full}");
        }
        assert!(full.ends_with("\r\n\r\n<p>no</p>"));
        let head = String::from_utf8(response.to_bytes(Version::Http10, true, true)).expect("text");
        assert!(head.starts_with("HTTP/1.0 405"));
        assert!(
            head.contains("Content-Length: 9\r\n") && head.contains("Connection: keep-alive\r\n")
        );
        assert!(head.ends_with("\r\n\r\n"), "no body after the blank line");
    }
}
