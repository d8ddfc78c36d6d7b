//! Text on the wire: a socket carries bytes, people read text. Python writes
//! `data.encode('gbk')` and `data.decode('utf-8')`; this is the same, with two promises:
//! decoding never fails (bytes that are not valid text become U+FFFD, and the caller is
//! told), and encoding a character the encoding cannot hold is a clear error, not a `?`.

use std::borrow::Cow;
use std::fmt;

/// The encodings the lessons speak, chosen with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8, the default everywhere today (Python 3's `str.encode()` default).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, the Chinese encoding of the tutorials' Windows examples.
    #[value(name = "gbk")]
    Gbk,
}

/// Text decoded from bytes, and whether any bytes had to be replaced by U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub replaced: bool,
}

/// A character that the chosen encoding cannot represent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    pub character: char,
    pub encoding: Encoding,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the character {:?} (U+{:04X}) cannot be written in {}: use --encoding utf-8",
            self.character, self.character as u32, self.encoding
        )
    }
}

impl std::error::Error for EncodeError {}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gbk => "gbk",
        })
    }
}

impl Encoding {
    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gbk => encoding_rs::GBK,
        }
    }

    /// `bytes.decode(encoding, errors='replace')`: never fails, never panics.
    pub fn decode(self, bytes: &[u8]) -> Decoded<'_> {
        let (text, replaced) = self.codec().decode_without_bom_handling(bytes);
        Decoded { text, replaced }
    }

    /// `text.encode(encoding)`: the bytes, or the first character that has no bytes.
    pub fn encode(self, text: &str) -> Result<Cow<'_, [u8]>, EncodeError> {
        let (bytes, _, unmappable) = self.codec().encode(text);
        if !unmappable {
            return Ok(bytes);
        }
        // encoding_rs wrote `&#NNNN;` in place of the character; find which one it was.
        let character = text
            .chars()
            .find(|c| self.codec().encode(c.encode_utf8(&mut [0; 4])).2)
            .expect("encode reported an unmappable character, so one exists");
        Err(EncodeError {
            character,
            encoding: self,
        })
    }
}

/// Text from the network, made safe to print on a terminal or into a log.
///
/// A peer can send bytes that a terminal obeys rather than shows: ESC sequences that
/// clear the screen or retitle the window, a CR that rewrites the line so far, a bidi
/// override (U+202E) that reverses what follows. Every such character (control characters
/// C0, DEL and C1; format characters, Unicode's Cf; line and paragraph separators, Zl
/// and Zp) is shown escaped, as `\u{1b}`, `\r`, `\u{202e}`: visible, and harmless.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_to_print(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Whether a character changes what a terminal shows instead of being shown: Cc, Cf, Zl, Zp.
pub fn is_unsafe_to_print(c: char) -> bool {
    c.is_control() || is_format_or_separator(c)
}

/// Unicode's format characters (general category Cf, Unicode 15) and the line and
/// paragraph separators (Zl, Zp). std has no general category, so the list is here.
fn is_format_or_separator(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_both_encodings() {
        let table: &[(Encoding, &str, &[u8])] = &[
            (Encoding::Utf8, "hello", b"hello"),
            (
                Encoding::Utf8,
                "你好",
                &[0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd],
            ),
            (Encoding::Gbk, "hello", b"hello"),
            (Encoding::Gbk, "你好", &[0xc4, 0xe3, 0xba, 0xc3]),
            (Encoding::Gbk, "中文!", &[0xd6, 0xd0, 0xce, 0xc4, b'!']),
            (Encoding::Utf8, "", b""),
        ];
        for &(encoding, text, bytes) in table {
            assert_eq!(
                encoding.encode(text).expect(text).as_ref(),
                bytes,
                "{encoding} {text}"
            );
            let decoded = encoding.decode(bytes);
            assert_eq!(decoded.text, text, "{encoding} {text}");
            assert!(!decoded.replaced);
        }
    }

    #[test]
    fn invalid_bytes_become_replacement_characters_and_are_reported() {
        let table: &[(Encoding, &[u8], &str)] = &[
            (Encoding::Utf8, &[0xff, b'a'], "\u{fffd}a"),
            // gbk bytes read as utf-8: the classic mojibake a student meets.
            (
                Encoding::Utf8,
                &[0xc4, 0xe3, 0xba, 0xc3],
                "\u{fffd}\u{fffd}\u{fffd}",
            ),
            // A utf-8 character cut in half by a read of 1024 bytes.
            (Encoding::Utf8, &[b'a', 0xe4, 0xbd], "a\u{fffd}"),
            (Encoding::Gbk, &[0xc4], "\u{fffd}"),
            (Encoding::Gbk, &[0x80, 0xff], "\u{20ac}\u{fffd}"),
        ];
        for &(encoding, bytes, text) in table {
            let decoded = encoding.decode(bytes);
            assert_eq!(decoded.text, text, "{encoding} {bytes:?}");
            assert!(
                decoded.replaced,
                "{encoding} {bytes:?} must report replacement"
            );
        }
    }

    #[test]
    fn a_character_gbk_cannot_hold_is_a_clear_error() {
        let error = Encoding::Gbk
            .encode("ok 😀 no")
            .expect_err("emoji is not in gbk");
        assert_eq!(error.character, '😀');
        assert_eq!(
            error.to_string(),
            "the character '😀' (U+1F600) cannot be written in gbk: use --encoding utf-8"
        );
        assert!(Encoding::Utf8.encode("😀").is_ok());
    }

    #[test]
    fn printable_escapes_control_characters_only() {
        let table = [
            ("hello", "hello"),
            ("hello\n", "hello\\n"),
            ("a\r\nb\t", "a\\r\\nb\\t"),
            ("\u{1b}[31m", "\\u{1b}[31m"),
            ("你好 \u{fffd}", "你好 \u{fffd}"),
            ("\u{7f}\u{85}", "\\u{7f}\\u{85}"),
            ("a\u{202e}b\u{2066}", "a\\u{202e}b\\u{2066}"),
            ("\u{200b}\u{feff}\u{ad}", "\\u{200b}\\u{feff}\\u{ad}"),
            ("x\u{2028}y\u{2029}", "x\\u{2028}y\\u{2029}"),
            ("e\u{301} café", "e\u{301} café"),
        ];
        for (text, shown) in table {
            assert_eq!(printable(text), shown);
        }
    }
}
