//! # The hub: one thread owns the room
//!
//! Every reader thread sends its member's lines here, over one channel; the hub alone
//! keeps the list of members and their names, and hands each line to the members who should
//! see it, by putting it in their writer's queue. Because only this thread touches the list,
//! it needs no lock; because it only queues lines and never writes to a socket, a member
//! who stops reading cannot stall it. Such a member's queue fills up, and the hub lets
//! that member go.
//!
//! Text from one member reaches the others, and the server's log, with its control
//! characters shown escaped (`\u{1b}`, `\r`, `\u{202e}`): a line can never clear their
//! screens, retitle their windows or fake a notice. A name holding one is refused.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::framing::Line;
use common::narrate::Narrator;
use common::text::{is_unsafe_to_print, printable};
use crossbeam_channel::{Receiver, Sender, TrySendError};

/// The longest line a member may send: 4 KiB. The same bound holds for a line once its
/// control characters are shown escaped, so no member ever receives more than this plus a
/// name.
pub const MAX_LINE: usize = 4096;
/// The longest name.
const MAX_NAME: usize = 32;
/// The room's answer to `byebye`: the last line a leaving member reads.
pub const BYE: &str = "* bye";
/// The last line every member reads when the server stops.
pub const STOPPING: &str = "* the server is stopping, goodbye";
/// How long the members' writers have, all together, to send what is queued and the
/// goodbye when the server stops; then their connections are cut.
const GOODBYE_TIME: Duration = Duration::from_secs(1);

/// What the reader threads (and the accepting thread) tell the hub.
pub enum Event {
    /// A new connection, with the queue of its writer thread.
    Connected {
        id: u64,
        peer: SocketAddr,
        outbox: Sender<Arc<[u8]>>,
        stream: TcpStream,
        writer: JoinHandle<()>,
        /// Set by the hub once the member has a name: its reader then drops the deadline.
        named: Arc<AtomicBool>,
    },
    /// A line from a member.
    Line { id: u64, line: Line },
    /// A member's connection ended, or must end.
    Gone { id: u64, why: Why },
    /// The server is stopping.
    Stop,
}

/// Why a member leaves the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The member closed the connection, or said byebye.
    Left,
    /// No name within --join-timeout: a connection cannot hold two threads by saying nothing,
    /// nor by dribbling a name one byte at a time.
    NoName(Duration),
    /// The connection broke (a reset, say).
    Lost(String),
    /// Its queue filled up: the member reads far slower than the room talks.
    TooSlow,
    /// Its writer could not hand it a batch within --write-timeout: it is not reading.
    NotReading(Duration),
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Left => write!(f, "left"),
            Why::NoName(limit) => write!(
                f,
                "gave no name within {} s and was disconnected",
                limit.as_secs_f64()
            ),
            Why::Lost(reason) => write!(f, "connection lost: {reason}"),
            Why::TooSlow => write!(f, "was too slow to keep up and was disconnected"),
            Why::NotReading(limit) => write!(
                f,
                "read nothing for {} s and was disconnected",
                limit.as_secs_f64()
            ),
        }
    }
}

/// One person in the room.
struct Member {
    peer: SocketAddr,
    /// None until the member has sent a name.
    name: Option<String>,
    outbox: Sender<Arc<[u8]>>,
    /// Kept to close the connection of a member who is let go.
    stream: TcpStream,
    writer: JoinHandle<()>,
    named: Arc<AtomicBool>,
}

/// The room: the members, and where to print what happens.
struct Room<'a> {
    members: BTreeMap<u64, Member>,
    narrator: &'a Narrator,
}

// ANCHOR: run
/// The hub thread: handle events, one at a time, until told to stop.
pub fn run(inbox: Receiver<Event>, narrator: &Narrator) {
    let mut room = Room {
        members: BTreeMap::new(),
        narrator,
    };
    for event in inbox.iter() {
        match event {
            Event::Connected {
                id,
                peer,
                outbox,
                stream,
                writer,
                named,
            } => {
                let member = Member {
                    peer,
                    name: None,
                    outbox,
                    stream,
                    writer,
                    named,
                };
                room.members.insert(id, member);
                room.tell(id, "* welcome to the chat room. What is your name?");
            }
            Event::Line {
                id,
                line: Line::Text(bytes),
            } => room.on_line(id, &bytes),
            Event::Line {
                id,
                line: Line::TooLong { length },
            } => {
                room.tell(
                    id,
                    &format!("* your line of {length} bytes is over {MAX_LINE}; it was not sent"),
                );
            }
            Event::Gone { id, why } => room.remove(id, why),
            Event::Stop => break,
        }
    }
    // No more events: from now on a reader or writer that tells the hub something fails
    // at once, rather than wait for room in a full queue that nobody empties (and keep
    // close() waiting for it).
    drop(inbox);
    room.close();
}
// ANCHOR_END: run

impl Room<'_> {
    // ANCHOR: on_line
    /// A line from member `id`: a name, a command, or a message for the room.
    fn on_line(&mut self, id: u64, bytes: &[u8]) {
        let decoded = self.narrator.encoding().decode(bytes);
        if decoded.replaced {
            let encoding = self.narrator.encoding();
            self.tell(
                id,
                &format!("* that line was not valid {encoding} text; it was not sent"),
            );
            return;
        }
        let text = decoded.text.trim();
        let Some(name) = self.members.get(&id).and_then(|m| m.name.clone()) else {
            self.on_name(id, text);
            return;
        };
        match text.split_once(' ').unwrap_or((text, "")) {
            ("", _) => {}
            ("byebye", "") => self.remove(id, Why::Left),
            ("/who", "") => {
                let names = self.names().join(", ");
                self.tell(id, &format!("* in the room: {names}"));
            }
            ("/nick", wanted) => self.rename(id, &name, wanted.trim()),
            (command, _) if command.starts_with('/') => {
                self.tell(id, "* commands: /who, /nick NAME, byebye");
            }
            _ => self.say(id, &name, text),
        }
    }

    // ANCHOR: say
    /// A message for the room. Its control characters are shown escaped, to the other
    /// members as in the log: `hi\x1b[2J` arrives as the visible text `hi\u{1b}[2J`, and a
    /// `\r` can no longer put a fake `* bob left` at the start of someone's line.
    fn say(&mut self, id: u64, name: &str, text: &str) {
        let shown = printable(text);
        if shown.len() > MAX_LINE {
            let notice = format!(
                "* your line is over {MAX_LINE} bytes once its control characters are shown escaped; it was not sent"
            );
            self.tell(id, &notice);
            return;
        }
        self.narrator.message(format!("{name}: {shown}"));
        self.broadcast(Some(id), &format!("{name}: {shown}"));
    }
    // ANCHOR_END: say
    // ANCHOR_END: on_line

    /// The first line of a member is the name they want.
    fn on_name(&mut self, id: u64, wanted: &str) {
        if let Err(why) = valid_name(wanted) {
            self.tell(id, &format!("* {why}; what is your name?"));
            return;
        }
        let name = self.free_name(wanted);
        if name != wanted {
            self.tell(
                id,
                &format!("* the name {wanted} is taken, so you are {name}"),
            );
        }
        let Some(member) = self.members.get_mut(&id) else {
            return;
        };
        member.name = Some(name.clone());
        member.named.store(true, Ordering::SeqCst);
        let peer = member.peer;
        self.narrator.step(format!("{name} joined from {peer}"));
        let others: Vec<String> = self.names().into_iter().filter(|n| *n != name).collect();
        let company = match others.is_empty() {
            true => "you are the first one here".to_string(),
            false => format!("also here: {}", others.join(", ")),
        };
        self.tell(
            id,
            &format!("* hello {name}; {company}. /who lists the room, byebye leaves"),
        );
        self.broadcast(Some(id), &format!("* {name} joined"));
    }

    /// `/nick NAME`: a new name, if it is valid and free.
    fn rename(&mut self, id: u64, old: &str, wanted: &str) {
        if let Err(why) = valid_name(wanted) {
            self.tell(id, &format!("* {why}"));
            return;
        }
        if wanted == old {
            self.tell(id, &format!("* you are {old} already"));
            return;
        }
        if self.names().iter().any(|n| n == wanted) {
            self.tell(id, &format!("* the name {wanted} is taken"));
            return;
        }
        if let Some(member) = self.members.get_mut(&id) {
            member.name = Some(wanted.to_string());
        }
        self.narrator.step(format!("{old} is now {wanted}"));
        self.broadcast(None, &format!("* {old} is now {wanted}"));
    }

    // ANCHOR: broadcast
    /// Queue a line for every named member but `except`. A member whose queue is full
    /// cannot keep up: let it go rather than wait for it.
    fn broadcast(&mut self, except: Option<u64>, text: &str) {
        let line = self.line_bytes(text);
        let mut too_slow = Vec::new();
        for (&id, member) in &self.members {
            if Some(id) == except || member.name.is_none() {
                continue;
            }
            if let Err(TrySendError::Full(_)) = member.outbox.try_send(Arc::clone(&line)) {
                too_slow.push(id);
            }
        }
        for id in too_slow {
            self.too_slow(id);
        }
    }
    // ANCHOR_END: broadcast

    /// Queue a line for one member only.
    fn tell(&mut self, id: u64, text: &str) {
        let line = self.line_bytes(text);
        let full = self
            .members
            .get(&id)
            .is_some_and(|m| matches!(m.outbox.try_send(line), Err(TrySendError::Full(_))));
        if full {
            self.too_slow(id);
        }
    }

    /// Let go a member whose queue is full: its writer is stuck in a send, and shutting the
    /// socket down frees it; then it leaves like anyone else.
    fn too_slow(&mut self, id: u64) {
        if let Some(member) = self.members.get(&id) {
            let _ = member.stream.shutdown(Shutdown::Both);
        }
        self.remove(id, Why::TooSlow);
    }

    /// Let a member go: drop its queue (its writer sends what is left, then closes) and
    /// tell the room. A member who leaves is told `* bye` (its client knows then that the
    /// room closed the connection on purpose); one cut for giving no name is told why.
    fn remove(&mut self, id: u64, why: Why) {
        match why {
            Why::Left => self.tell(id, BYE),
            Why::NoName(limit) => {
                let secs = limit.as_secs_f64();
                self.tell(id, &format!("* you gave no name within {secs} s; goodbye"));
            }
            _ => {}
        }
        let Some(member) = self.members.remove(&id) else {
            return;
        };
        let Some(name) = member.name else {
            let peer = member.peer;
            match why {
                Why::NoName(_) => self.narrator.step(format!("{peer} {why}")),
                _ => self
                    .narrator
                    .step(format!("{peer} {why}, before giving a name")),
            }
            return;
        };
        self.narrator.step(format!("{name} {why}"));
        self.broadcast(None, &format!("* {name} {why}"));
    }

    /// The server is stopping: say goodbye to everyone, named or not, let every writer
    /// finish, close everything. A member too slow to take the goodbye is cut off at once.
    /// The writers finish side by side, for at most [`GOODBYE_TIME`] in all: a member who
    /// reads slowly but steadily, with megabytes still queued, would otherwise keep the
    /// server for as long as those take, since each send succeeds within --write-timeout.
    fn close(mut self) {
        let goodbye = self.line_bytes(STOPPING);
        let mut leaving = Vec::new();
        for (_, member) in std::mem::take(&mut self.members) {
            if member.outbox.try_send(Arc::clone(&goodbye)).is_err() {
                let _ = member.stream.shutdown(Shutdown::Both);
            }
            drop(member.outbox);
            leaving.push((member.writer, member.stream));
        }
        let deadline = Instant::now() + GOODBYE_TIME;
        while Instant::now() < deadline && leaving.iter().any(|(w, _)| !w.is_finished()) {
            thread::sleep(Duration::from_millis(10));
        }
        // shutdown(SHUT_RDWR): a writer still sending fails at once, and its reader wakes.
        for (writer, stream) in leaving {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = writer.join();
        }
    }

    /// The names of everyone in the room, in the order they came.
    fn names(&self) -> Vec<String> {
        self.members
            .values()
            .filter_map(|m| m.name.clone())
            .collect()
    }

    /// `wanted`, or `wanted2`, `wanted3` ... if it is taken; a suffix takes the place of
    /// the last characters of a name that is already as long as a name may be.
    fn free_name(&self, wanted: &str) -> String {
        let names = self.names();
        (1..)
            .map(|n: usize| {
                if n == 1 {
                    return wanted.to_string();
                }
                let suffix = n.to_string();
                let stem: String = wanted.chars().take(MAX_NAME - suffix.len()).collect();
                format!("{stem}{suffix}")
            })
            .find(|candidate| !names.contains(candidate))
            .expect("there is always a free number")
    }

    /// A line of text as bytes in the room's encoding, ending in a newline.
    fn line_bytes(&self, text: &str) -> Arc<[u8]> {
        let line = format!("{text}\n");
        match self.narrator.encoding().encode(&line) {
            Ok(bytes) => Arc::from(bytes.as_ref()),
            // Every line was decoded from this encoding; only our ASCII notices are added.
            Err(_) => Arc::from(line.as_bytes()),
        }
    }
}

/// Names are 1 to 32 characters, no spaces, no control or format characters, not
/// starting with `/`.
fn valid_name(name: &str) -> Result<(), String> {
    if name.chars().any(is_unsafe_to_print) {
        return Err(format!(
            "a name cannot hold control or format characters, as {} does",
            printable(name)
        ));
    }
    if name.is_empty() || name.chars().count() > MAX_NAME || name.contains(char::is_whitespace) {
        return Err(format!(
            "a name is 1 to {MAX_NAME} characters without spaces"
        ));
    }
    if name.starts_with('/') || name == "byebye" {
        return Err("a name cannot be a command".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_words_that_are_not_commands() {
        for good in ["alice", "李雷", "bob_2", "x"] {
            assert!(valid_name(good).is_ok(), "{good}");
        }
        for bad in ["", "two words", "/who", "byebye", &"n".repeat(33)] {
            assert!(valid_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_with_control_or_format_characters_are_refused_and_shown_escaped() {
        for (bad, shown) in [
            ("\x1b[31mroot\x1b[0m", "\\u{1b}[31mroot\\u{1b}[0m"),
            ("\u{202e}nimda", "\\u{202e}nimda"),
            ("a\u{7f}", "a\\u{7f}"),
            ("bob\u{85}", "bob\\u{85}"),
            ("zero\u{200b}width", "zero\\u{200b}width"),
            ("tab\tbed", "tab\\tbed"),
        ] {
            let why = valid_name(bad).expect_err(bad);
            assert!(why.contains(shown), "{why}");
            assert!(!why.chars().any(is_unsafe_to_print), "{why:?}");
        }
    }
}
