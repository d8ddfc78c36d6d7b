//! `lab watch [NAME]`: check the exercise, then check it again each time one of its
//! files is saved (file events from the operating system, through the `notify` crate) or
//! Enter is pressed. Without a NAME it follows the current exercise: once that one
//! passes, the next one is watched.

use std::collections::BTreeMap;
use std::io::{self, BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use common::say;
use crossbeam_channel::{Receiver, select};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::commands;
use crate::files;
use crate::info::{Exercise, Exercises};
use crate::lang::Lang;
use crate::messages::Msg;
use crate::progress::Progress;

/// Editors save in steps (write a temporary file, then rename it; or empty the file, then
/// write it): after the first event, wait this long for the rest before looking.
const SETTLE: Duration = Duration::from_millis(150);

/// The files a build of the exercise reads (its `.rs` files and `Cargo.toml`), with their
/// contents: a check runs again only when these changed. File events alone would also
/// come from an editor's swap files, and from a file opened without a change.
type Sources = BTreeMap<PathBuf, Vec<u8>>;

pub fn watch(exercises: &Exercises, name: Option<&str>, seed: Option<u64>, lang: Lang) -> ExitCode {
    if let Err(message) = pick(exercises, name) {
        return commands::usage_error(&message, lang);
    }
    say!("{}", Msg::WatchStarts.text(lang));
    let mut saves = FileEvents::start(lang);
    let keys = typed_lines();
    let mut check_now = true;
    loop {
        let exercise = match pick(exercises, name) {
            Ok(exercise) => exercise,
            Err(message) => return commands::usage_error(&message, lang),
        };
        let dir = exercises.dir.join(&exercise.dir);
        // Watched anew each time: the folder may have been removed and put back since.
        saves.watch(&dir, lang);
        let checked = sources(&dir);
        if check_now {
            let _ = commands::check(exercises, Some(&exercise.name), seed, lang);
            // Passed, and the next exercise is now the current one: watch that one.
            if name.is_none() && pick(exercises, name).is_ok_and(|e| e.name != exercise.name) {
                check_now = false;
                continue;
            }
        }
        let shown = dir.display().to_string();
        say!("{}", Msg::WatchWaiting { dir: shown }.text(lang));
        match wait(&mut saves, &keys, exercise, &dir, &checked, exercises, lang) {
            Next::Check => check_now = true,
            Next::Quit => {
                say!("{}", Msg::WatchEnds.text(lang));
                return ExitCode::SUCCESS;
            }
        }
    }
}

/// The exercise named, or the current one (the first not yet passed).
fn pick<'a>(exercises: &'a Exercises, name: Option<&str>) -> Result<&'a Exercise, Msg> {
    commands::chosen(exercises, &Progress::load(&exercises.dir), name)
}

enum Next {
    Check,
    Quit,
}

/// Wait for a saved change to the exercise's sources (the files are named), Enter, `h`
/// (a hint, then wait on) or `q`; the end of input (Ctrl-D) is a `q` too.
fn wait(
    saves: &mut FileEvents,
    keys: &Receiver<String>,
    exercise: &Exercise,
    dir: &Path,
    checked: &Sources,
    exercises: &Exercises,
    lang: Lang,
) -> Next {
    // Saved while the check ran: check again at once.
    let mut changed = changes(checked, &sources(dir));
    while changed.is_empty() {
        select! {
            recv(saves.events) -> event => match event {
                Ok(event) if may_be_a_change(&event) => {
                    std::thread::sleep(SETTLE);
                    while saves.events.try_recv().is_ok() {}
                    changed = changes(checked, &sources(dir));
                }
                Ok(_) => {}
                Err(_) => saves.lost(lang),
            },
            recv(keys) -> typed => {
                let Ok(typed) = typed else { return Next::Quit };
                // From a pipe rather than a keyboard, what was typed is shown, so that a
                // script's log reads as a terminal would.
                if !io::stdin().is_terminal() {
                    say!("{typed}");
                }
                match typed.trim() {
                    "" => return Next::Check,
                    "h" => {
                        let _ = commands::hint(exercises, Some(&exercise.name), lang);
                    }
                    "q" => return Next::Quit,
                    _ => say!("{}", Msg::WatchKeys.text(lang)),
                }
            },
        }
    }
    let files = changed.join(", ");
    say!("{}", Msg::WatchChanged { files }.text(lang));
    Next::Check
}

/// An event that may mean a changed file: not a file merely opened or read (cargo reads
/// the sources at each build, and so does `sources` here).
fn may_be_a_change(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(event) => match event.kind {
            EventKind::Access(access) => access == AccessKind::Close(AccessMode::Write),
            _ => true,
        },
        // Events lost (a full queue, say): look at the files.
        Err(_) => true,
    }
}

/// The operating system's file events for the watched folder. Where there are none (the
/// watcher cannot start, or the folder cannot be watched), `events` never receives:
/// Enter still checks.
struct FileEvents {
    watcher: Option<RecommendedWatcher>,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Option<PathBuf>,
}

impl FileEvents {
    fn start(lang: Lang) -> FileEvents {
        let (sender, events) = crossbeam_channel::unbounded();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        });
        match watcher {
            Ok(watcher) => FileEvents {
                watcher: Some(watcher),
                events,
                watched: None,
            },
            Err(error) => {
                no_events(&error, lang);
                FileEvents {
                    watcher: None,
                    events: crossbeam_channel::never(),
                    watched: None,
                }
            }
        }
    }

    /// Watch `dir` (its subfolders too) instead of the folder watched so far.
    fn watch(&mut self, dir: &Path, lang: Lang) {
        let Some(watcher) = &mut self.watcher else {
            return;
        };
        if let Some(old) = self.watched.take() {
            let _ = watcher.unwatch(&old);
        }
        match watcher.watch(dir, RecursiveMode::Recursive) {
            Ok(()) => self.watched = Some(dir.to_path_buf()),
            Err(error) => no_events(&error, lang),
        }
    }

    /// The watcher stopped sending: Enter alone checks from now on.
    fn lost(&mut self, lang: Lang) {
        self.events = crossbeam_channel::never();
        self.watcher = None;
        say!("{}", Msg::WatchLost.text(lang));
    }
}

fn no_events(error: &notify::Error, lang: Lang) {
    let error = error.to_string();
    say!("{}", Msg::WatchNoEvents { error }.text(lang));
}

/// Each line typed on stdin, from a thread of its own; the channel closes at the end of
/// input. A line that is not utf-8 (typed in a gbk console, say) is still a line.
fn typed_lines() -> Receiver<String> {
    let (sender, lines) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut line = Vec::new();
        loop {
            line.clear();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
            let typed = String::from_utf8_lossy(&line).trim_end().to_string();
            if sender.send(typed).is_err() {
                break;
            }
        }
    });
    lines
}

/// The exercise's sources as they are now: its `Cargo.toml` and the `.rs` files of its
/// `src`, the same files `lab reset` puts back. An editor's swap file (`.main.rs.swp`)
/// is none of them.
fn sources(dir: &Path) -> Sources {
    let src = files::rust_files(&dir.join("src")).unwrap_or_default();
    let mut found = Sources::new();
    for path in src.into_iter().chain([dir.join("Cargo.toml")]) {
        if let Ok(contents) = std::fs::read(&path) {
            found.insert(path, contents);
        }
    }
    found
}

/// The files changed, added or gone between two looks, as paths to show.
fn changes(before: &Sources, now: &Sources) -> Vec<String> {
    let gone = before.keys().filter(|path| !now.contains_key(*path));
    let changed = now
        .iter()
        .filter(|(path, contents)| before.get(*path) != Some(contents))
        .map(|(path, _)| path);
    let mut paths: Vec<String> = changed
        .chain(gone)
        .map(|path| path.display().to_string())
        .collect();
    paths.sort();
    paths
}
