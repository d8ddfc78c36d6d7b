//! Where a client's messages come from: its command-line arguments, or else stdin, one
//! line at a time (Python's `input()` in a loop). A prompt is shown only when a person is
//! typing (stdin is a terminal); end of input ends the messages.

use std::io::{self, IsTerminal, Stdin, Write};
use std::vec;

use crate::framing::{Line, LineReader};
use crate::narrate::Narrator;

/// The longest line read from stdin: 64 KiB.
pub const MAX_INPUT_LINE: usize = 64 * 1024;

/// The messages a client sends, in order.
pub struct Messages {
    from_args: Option<vec::IntoIter<String>>,
    stdin: LineReader<Stdin>,
    prompt: Option<String>,
}

impl Messages {
    /// The arguments if there are any, else the lines of stdin. `prompt` is shown before
    /// each line when stdin is a terminal.
    pub fn new(args: Vec<String>, prompt: &str) -> Messages {
        let stdin = io::stdin();
        let prompt = stdin.is_terminal().then(|| prompt.to_string());
        Messages {
            from_args: (!args.is_empty()).then(|| args.into_iter()),
            stdin: LineReader::new(stdin, MAX_INPUT_LINE),
            prompt,
        }
    }
}

impl Messages {
    /// The messages up to the first empty one, which ends them as an empty `input()` ends
    /// the tutorials' clients; the narrator says so.
    pub fn until_empty_line(self, narrator: &Narrator) -> impl Iterator<Item = io::Result<String>> {
        self.map_while(move |message| match message {
            Ok(text) if text.is_empty() => {
                narrator.step("empty line: done");
                None
            }
            other => Some(other),
        })
    }
}

impl Iterator for Messages {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        if let Some(args) = &mut self.from_args {
            return args.next().map(Ok);
        }
        if let Some(prompt) = &self.prompt {
            let mut stdout = io::stdout().lock();
            let _ = write!(stdout, "{prompt}");
            let _ = stdout.flush();
        }
        match self.stdin.read_line() {
            Ok(None) => None,
            Ok(Some(Line::Text(bytes))) => Some(Ok(String::from_utf8_lossy(&bytes).into_owned())),
            Ok(Some(Line::TooLong { length })) => Some(Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("an input line of {length} bytes is over the limit of {MAX_INPUT_LINE}"),
            ))),
            Err(e) => Some(Err(e)),
        }
    }
}
