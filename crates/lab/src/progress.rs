//! Progress, kept in one plain text file beside the exercises (`progress.txt`), one line
//! per exercise checked:
//!
//! ```text
//! tcp-server passed 3/3 2026-12-06T12:40:31Z seed=1234
//! ```
//!
//! The name, the state (`passed` or `failing`), the stages passed out of all, when, and
//! the seed of that check. A script can collect a room's files and read them as they are.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the last check of one exercise found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub passed: usize,
    pub of: usize,
    pub when: String,
    pub seed: u64,
}

impl Record {
    pub fn new(passed: usize, of: usize, seed: u64) -> Record {
        Record {
            passed,
            of,
            when: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            seed,
        }
    }

    pub fn is_passed(&self) -> bool {
        self.passed == self.of
    }
}

#[derive(Debug)]
pub struct Progress {
    path: PathBuf,
    records: BTreeMap<String, Record>,
}

impl Progress {
    /// The progress in `exercises_dir`; none yet if the file does not exist. Lines that
    /// cannot be read are skipped: a hand-edited file costs its bad lines, not the lab.
    pub fn load(exercises_dir: &Path) -> Progress {
        let path = exercises_dir.join("progress.txt");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let records = text.lines().filter_map(parse_line).collect();
        Progress { path, records }
    }

    pub fn get(&self, name: &str) -> Option<&Record> {
        self.records.get(name)
    }

    pub fn set(&mut self, name: &str, record: Record) {
        self.records.insert(name.to_string(), record);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the file whole, so an interrupted save never leaves half a file.
    pub fn save(&self) -> io::Result<()> {
        let mut text = String::from(
            "# lab's progress: exercise, state, stages passed, when, seed. Rewritten after each check.\n",
        );
        for (name, r) in &self.records {
            let state = if r.is_passed() { "passed" } else { "failing" };
            text += &format!(
                "{name} {state} {}/{} {} seed={}\n",
                r.passed, r.of, r.when, r.seed
            );
        }
        let file = (self.path.clone(), text.into_bytes());
        crate::files::write_whole(&[file]).map_err(|(_, error)| error)
    }

    /// Forget an exercise: `lab reset` puts it back as shipped, not started.
    pub fn remove(&mut self, name: &str) {
        self.records.remove(name);
    }
}

fn parse_line(line: &str) -> Option<(String, Record)> {
    let mut words = line.split_whitespace();
    let name = words.next().filter(|w| !w.starts_with('#'))?;
    let _state = words.next()?;
    let (passed, of) = words.next()?.split_once('/')?;
    let when = words.next()?.to_string();
    let seed = words.next()?.strip_prefix("seed=")?.parse().ok()?;
    let record = Record {
        passed: passed.parse().ok()?,
        of: of.parse().ok()?,
        when,
        seed,
    };
    Some((name.to_string(), record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_line_reads_back_and_bad_lines_are_skipped() {
        let (name, record) = parse_line("tcp-server failing 1/3 2026-12-06T12:40:31Z seed=77")
            .expect("a line as save writes it");
        assert_eq!(name, "tcp-server");
        assert_eq!((record.passed, record.of, record.seed), (1, 3, 77));
        assert!(!record.is_passed());
        assert_eq!(parse_line("# a comment"), None);
        assert_eq!(parse_line("tcp-server passed three"), None);
    }
}
