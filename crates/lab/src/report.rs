//! A failed stage, as the student reads it: one sentence saying what was expected and
//! what came; the exact bytes sent and received, escaped (`\r\n` visible, a caret under
//! the first byte that differs, hex beside bytes that are not text); the commands that
//! repeat the step by hand; a hint; the program's last lines of output.

use unicode_width::UnicodeWidthStr;

use crate::lang::Lang;
use crate::messages::{Msg, colon};

#[derive(Debug)]
pub struct Failure {
    pub sentence: Msg,
    pub sent: Option<Vec<u8>>,
    pub expected: Option<Vec<u8>>,
    /// What came back; `Some(empty)` is shown as "no answer at all".
    pub received: Option<Vec<u8>>,
    pub by_hand: Vec<String>,
    pub hint: Option<Msg>,
    /// The hint stays even where the program's output suggests another (a panic, say):
    /// the stage knows better what led to it.
    pub hint_stays: bool,
    /// The program's last lines, added by the checker when the stage fails.
    pub output: Vec<String>,
}

impl Failure {
    pub fn new(sentence: Msg) -> Failure {
        Failure {
            sentence,
            sent: None,
            expected: None,
            received: None,
            by_hand: Vec::new(),
            hint: None,
            hint_stays: false,
            output: Vec::new(),
        }
    }

    pub fn exchange(mut self, sent: &[u8], expected: &[u8], received: &[u8]) -> Failure {
        self.sent = Some(sent.to_vec());
        self.expected = Some(expected.to_vec());
        self.received = Some(received.to_vec());
        self
    }

    /// Something the checker itself could not start or set up (`what`: a program, an
    /// address), and the system's error.
    pub fn cannot_start(what: &dyn std::fmt::Display, error: &std::io::Error) -> Failure {
        Failure::new(Msg::CannotStart {
            program: what.to_string(),
            error: error.to_string(),
        })
    }

    /// What should have come and what did, where the checker sent nothing before.
    pub fn compare(mut self, expected: &[u8], received: &[u8]) -> Failure {
        self.expected = Some(expected.to_vec());
        self.received = Some(received.to_vec());
        self
    }

    pub fn hint(mut self, hint: Msg) -> Failure {
        self.hint = Some(hint);
        self
    }

    /// This hint, whatever the program's output suggests.
    pub fn hint_stays(mut self, hint: Msg) -> Failure {
        self.hint = Some(hint);
        self.hint_stays = true;
        self
    }

    pub fn by_hand(mut self, commands: Vec<String>) -> Failure {
        self.by_hand = commands;
        self
    }

    /// Everything below the stage's line, each part on lines of its own.
    pub fn render(&self, lang: Lang) -> String {
        let colon = colon(lang);
        let mut out = format!("    {}\n", self.sentence.text(lang));
        if let Some(sent) = &self.sent {
            out += &bytes_lines(&(Msg::Sent.text(lang) + colon), sent, None, lang);
        }
        if let Some(expected) = &self.expected {
            out += &bytes_lines(&(Msg::Expected.text(lang) + colon), expected, None, lang);
        }
        if let Some(received) = &self.received {
            let label = Msg::Received.text(lang) + colon;
            if received.is_empty() {
                out += &format!("        {label}{}\n", Msg::NothingReceived.text(lang));
            } else {
                out += &bytes_lines(&label, received, self.expected.as_deref(), lang);
            }
        }
        if !self.by_hand.is_empty() {
            out += &format!("    {}\n", Msg::ByHand.text(lang));
            for command in &self.by_hand {
                out += &format!("        {command}\n");
            }
        }
        if let Some(hint) = &self.hint {
            out += &format!("    {}{colon}{}\n", Msg::Hint.text(lang), hint.text(lang));
        }
        if !self.output.is_empty() {
            out += &format!("    {}\n", Msg::TheirOutput.text(lang));
            for line in &self.output {
                out += &format!("        | {}\n", common::text::printable(line));
            }
        }
        out
    }
}

/// How many bytes of a message a report shows: enough to see where it goes wrong, not a
/// screenful of a hostile answer.
const SHOWN: usize = 80;

/// `        sent: "hello\n"`; a caret under the first byte that differs from `expected`, if
/// given; and hex rows when the bytes are not plain text.
fn bytes_lines(label: &str, bytes: &[u8], expected: Option<&[u8]>, lang: Lang) -> String {
    let mut out = format!("        {label}{}\n", quoted(bytes, lang));
    if let Some(expected) = expected {
        out += &caret_line(label, expected, bytes);
    }
    let shown = &bytes[..bytes.len().min(SHOWN)];
    if !is_plain_text(shown) {
        for row in common::narrate::hex_rows(shown) {
            out += &format!("        {:width$}{row}\n", "", width = label.width());
        }
    }
    out
}

/// A caret under the first byte of `received` that differs from `expected` (or just past
/// its end, when it is shorter); nothing when they are equal, or differ beyond what is shown.
fn caret_line(label: &str, expected: &[u8], received: &[u8]) -> String {
    let Some(at) = (0..expected.len().max(received.len()))
        .find(|&i| expected.get(i) != received.get(i))
        .filter(|&at| at < SHOWN)
    else {
        return String::new();
    };
    let before = format!(
        "        {label}\"{}",
        escape(&received[..at.min(received.len())])
    );
    format!("{:width$}^\n", "", width = before.width())
}

/// The bytes in double quotes, escaped: `"received 5 bytes\n"`; past `SHOWN` bytes,
/// cut, with how many more there were.
pub fn quoted(bytes: &[u8], lang: Lang) -> String {
    match bytes.len() {
        n if n > SHOWN => {
            let shown = escape(&bytes[..SHOWN]);
            match lang {
                Lang::En => format!(
                    "\"{shown}\"... ({})",
                    crate::messages::more_bytes(n - SHOWN)
                ),
                Lang::Zh => format!("\"{shown}\"……（还有 {} 个字节）", n - SHOWN),
            }
        }
        _ => format!("\"{}\"", escape(bytes)),
    }
}

/// Text as text (Chinese included); `\n`, `\r`, `\t`, `\0`, `\"`, `\\` as in Rust; any
/// other control character as `\u{1b}`; bytes that are not utf-8 as `\xff`.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\0' => out.push_str("\\0"),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if common::text::is_unsafe_to_print(c) => out.extend(c.escape_default()),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            out += &format!("\\x{byte:02x}");
        }
    }
    out
}

/// Valid utf-8 with no control characters but the line ends and tabs.
fn is_plain_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| {
        text.chars()
            .all(|c| matches!(c, '\n' | '\r' | '\t') || !common::text::is_unsafe_to_print(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_shows_line_ends_controls_and_bad_bytes() {
        assert_eq!(escape(b"ok\r\n"), "ok\\r\\n");
        assert_eq!(escape("你好\u{1b}".as_bytes()), "你好\\u{1b}");
        assert_eq!(escape(b"a\xffb\"\\"), "a\\xffb\\\"\\\\");
    }

    #[test]
    fn the_caret_stands_under_the_first_difference() {
        // `received: "received 5 bytes` is 8 + 10 + 17 = 35 columns: the caret stands in
        // the 36th, where the newline should have been.
        let line = caret_line("received: ", b"received 5 bytes\n", b"received 5 bytes");
        assert_eq!(line, format!("{}^\n", " ".repeat(35)));
        // Chinese characters are two columns wide.
        let line = caret_line("收到：", "你好x".as_bytes(), "你好y".as_bytes());
        assert_eq!(line, format!("{}^\n", " ".repeat(8 + 6 + 1 + 4)));
        assert_eq!(caret_line("received: ", b"same", b"same"), "");
    }

    #[test]
    fn bytes_that_are_not_text_get_hex_rows() {
        assert_eq!(
            bytes_lines("sent: ", b"hi\n", None, Lang::En)
                .lines()
                .count(),
            1
        );
        assert_eq!(
            bytes_lines("sent: ", b"\x00\x01hi", None, Lang::En)
                .lines()
                .count(),
            2
        );
    }

    #[test]
    fn a_long_answer_is_cut_where_it_is_shown() {
        let long = vec![b'x'; SHOWN + 50];
        assert!(quoted(&long, Lang::En).ends_with("\"... (50 more bytes)"));
        assert!(quoted(&long, Lang::Zh).ends_with("\"……（还有 50 个字节）"));
        assert_eq!(
            bytes_lines("received: ", &[0u8; 4096], None, Lang::En)
                .lines()
                .count(),
            1 + SHOWN.div_ceil(16)
        );
    }
}
