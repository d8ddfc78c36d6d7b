//! What the lab's tests share: a copy of the exercises folder per test, `lab` run in it,
//! and the assertion that a wrong program gets its diagnosis in both languages.

#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use testkit::{Finished, TempDir, run_command_within};

pub const LAB: &str = env!("CARGO_BIN_EXE_lab");

pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of the exercises folder at `TEMP/exercises`, without what builds leave behind.
pub fn exercises_copy(label: &str) -> TempDir {
    let temp = TempDir::new(label);
    copy_dir(
        &repository().join("exercises"),
        &temp.path().join("exercises"),
    );
    temp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == "progress.txt" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Put `program` in place of the exercise's `src/main.rs` in the copy.
pub fn replace_main(temp: &TempDir, dir: &str, program: &Path) {
    let main = temp.path().join("exercises").join(dir).join("src/main.rs");
    std::fs::copy(program, main).unwrap();
}

/// Put the exercise's reference solution in place in the copy: `solutions/DIR/` holds
/// the files of its `src/` (`main.rs`, or one file per program).
pub fn put_solution(temp: &TempDir, dir: &str) {
    let solution = repository().join("exercises/solutions").join(dir);
    let src = temp.path().join("exercises").join(dir).join("src");
    for entry in std::fs::read_dir(solution).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), src.join(entry.file_name())).unwrap();
    }
}

/// Run `lab ARGS` in the copy's top folder, as a student in their repository would, with
/// a target folder of the copy's own (tests run in parallel) and the language chosen.
pub fn lab(temp: &TempDir, lang: &str, args: &[&str]) -> Finished {
    lab_typed(temp, lang, args, "")
}

/// The same, with `typed` on lab's stdin: the answer to a question.
pub fn lab_typed(temp: &TempDir, lang: &str, args: &[&str], typed: &str) -> Finished {
    // One check at a time: a check watches its program's timing (what a client sends
    // within a tenth of a second of its message), which another test's cargo build,
    // using every core, could stretch.
    run_alone(lab_command(temp, lang, args), typed)
}

/// Run `command`, a `lab` command as [`lab_command`] makes it, to its end, alone (see
/// [`lab_typed`]), with `typed` on its stdin.
pub fn run_alone(command: Command, typed: &str) -> Finished {
    let _alone = alone();
    run_command_within(command, typed, CHECK_WAIT)
}

/// The command `lab ARGS`, as [`lab`] runs it, for a test that talks with it as it runs.
pub fn lab_command(temp: &TempDir, lang: &str, args: &[&str]) -> Command {
    let mut command = Command::new(LAB);
    command
        .args(["--lang", lang])
        .args(args)
        .current_dir(temp.path())
        .env("CARGO_TARGET_DIR", temp.path().join("target"));
    command
}

/// A folder for PATH that holds the Rust toolchain alone: `cargo`, `rustc`, and `cc`, the
/// linker rustc calls, each a link to the one PATH finds now. A `lab` run with it shows
/// that a student needs no python, nc, curl, bash or sh.
#[cfg(unix)]
pub fn toolchain_only(temp: &TempDir) -> PathBuf {
    let dir = temp.path().join("toolchain-only");
    std::fs::create_dir_all(&dir).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    for tool in ["cargo", "rustc", "cc"] {
        let found = std::env::split_paths(&path)
            .map(|folder| folder.join(tool))
            .find(|candidate| candidate.is_file())
            .unwrap_or_else(|| panic!("{tool} is not on PATH"));
        std::os::unix::fs::symlink(found, dir.join(tool)).unwrap();
    }
    dir
}

/// Held while `lab` runs: one check at a time.
pub fn alone() -> MutexGuard<'static, ()> {
    ALONE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

static ALONE: Mutex<()> = Mutex::new(());

/// How long one `lab` run may take in a test: a cargo build of the exercise (slow when
/// tests build side by side on a busy machine), then at most a stage's deadline.
pub const CHECK_WAIT: Duration = Duration::from_secs(90);

/// Every exercise's name and folder, from the real info.toml.
pub fn exercises() -> Vec<(String, String)> {
    let found = lab::info::Exercises::find(Some(&repository().join("exercises"))).unwrap();
    found.list.into_iter().map(|e| (e.name, e.dir)).collect()
}

/// Ports the system picks vary from run to run: `127.0.0.1:40123` and `port 40123` become
/// `PORT` (the 9000 of the commands to repeat a step by hand stays).
pub fn without_ports(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        let digits = from.len() - from.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = ["127.0.0.1:", "127.0.0.2:", "0.0.0.0:"];
        if after.iter().any(|word| out.ends_with(word)) && digits == 5 {
            out.push_str("PORT");
        } else {
            out.push_str(&from[..digits]);
        }
        rest = &from[digits..];
    }
    out + rest
}

/// The line after the failed stage's line: the one sentence that says what went wrong.
pub fn first_failure(finished: &Finished) -> (String, String) {
    let lines: Vec<&str> = finished.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.trim_start().starts_with('✗'))
        .unwrap_or_else(|| panic!("no failed stage in: {finished:?}"));
    (
        lines[at].trim().to_string(),
        without_ports(lines[at + 1].trim()),
    )
}

/// An exercise as its tests name it: its folder, its name, its number of stages, and
/// its programs' roles where it has one program per role (`server`, whose file is
/// `src/server.rs`); none where its one program is `src/main.rs`.
pub struct Exercise {
    pub dir: &'static str,
    pub name: &'static str,
    pub stages: usize,
    pub roles: &'static [&'static str],
}

impl Exercise {
    /// The file of `src/` that a wrong program replaces: its role's file, named by the
    /// start of its label (`server-ignores-byebye.rs` replaces `server.rs`), or `main.rs`.
    fn file_for(&self, label: &str) -> String {
        let role = self
            .roles
            .iter()
            .find(|role| label.starts_with(&format!("{role}-")));
        match role {
            Some(role) => format!("{role}.rs"),
            None => "main.rs".to_string(),
        }
    }
}

/// A wrong program of `exercise`, `tests/wrong/NAME/FILE`.
pub fn wrong(exercise: &Exercise, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wrong")
        .join(exercise.name)
        .join(file)
}

/// Put `program`, a wrong or right one called `label`, in the copy in place of its file
/// (`src/main.rs`, or its role's file beside the solution's other programs).
pub fn put_program(temp: &TempDir, exercise: &Exercise, label: &str, program: &str) {
    put_solution(temp, exercise.dir);
    let src = temp.path().join("exercises").join(exercise.dir).join("src");
    std::fs::write(src.join(exercise.file_for(label)), program).unwrap();
}

/// Check the wrong program `file` of `exercise` in both languages, with the same seed;
/// its first failure must be at `stage`, with the sentence given, and the report must
/// show the text given (its hint, say).
pub fn assert_diagnosis(
    exercise: &Exercise,
    file: &str,
    stage: usize,
    english: [&str; 2],
    chinese: [&str; 2],
) {
    let program = std::fs::read_to_string(wrong(exercise, file)).unwrap();
    assert_diagnosis_of(exercise, file, &program, stage, english, chinese);
}

/// The same for a program given as text (a wrong program with something changed). In an
/// exercise with a program per role, the solution's other programs stand beside it.
pub fn assert_diagnosis_of(
    exercise: &Exercise,
    label: &str,
    program: &str,
    stage: usize,
    english: [&str; 2],
    chinese: [&str; 2],
) {
    assert_diagnosis_as(exercise, label, program, stage, english, chinese, |line| {
        line
    });
}

/// The same for a diagnosis with times measured in it, which vary from run to run: each
/// becomes `T` (see [`without_times`]) before the comparison.
pub fn assert_timed_diagnosis(
    exercise: &Exercise,
    file: &str,
    stage: usize,
    english: [&str; 2],
    chinese: [&str; 2],
) {
    let program = std::fs::read_to_string(wrong(exercise, file)).unwrap();
    assert_diagnosis_as(
        exercise,
        file,
        &program,
        stage,
        english,
        chinese,
        without_times,
    );
}

/// Times measured, which vary from run to run, as `T`: every number with one decimal
/// point (`51.980`, not `127.0.0.1`), and every whole number of milliseconds (`112 ms`,
/// `112 毫秒`).
pub fn without_times(text: String) -> String {
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        let number = from.len()
            - from
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
        let after = &from[number..];
        let measured = from[..number].matches('.').count() == 1
            || after.starts_with(" ms")
            || after.starts_with(" 毫秒");
        out.push_str(if measured { "T" } else { &from[..number] });
        rest = after;
    }
    out + rest
}

#[allow(clippy::too_many_arguments)]
fn assert_diagnosis_as(
    exercise: &Exercise,
    label: &str,
    program: &str,
    stage: usize,
    english: [&str; 2],
    chinese: [&str; 2],
    normalize: fn(String) -> String,
) {
    for (lang, [sentence, hint]) in [("en", english), ("zh-CN", chinese)] {
        let temp = exercises_copy("wrong");
        put_program(&temp, exercise, label, program);
        let finished = lab(&temp, lang, &["check", exercise.name, "--seed", "7"]);
        assert_eq!(finished.code, Some(1), "{label}: {finished:?}");
        let (stage_line, first) = first_failure(&finished);
        let first = normalize(first);
        assert!(
            stage_line.contains(&format!("{stage}/{}", exercise.stages)),
            "{label}, {lang}: {finished:?}"
        );
        assert_eq!(first, sentence, "{label}, {lang}: {finished:?}");
        assert!(
            finished.stdout.contains(hint),
            "{label}, {lang}: no hint {hint:?} in {finished:?}"
        );
        assert!(
            finished.stdout.contains("--seed 7"),
            "{label}: the seed is shown to repeat the run"
        );
    }
}

/// Every right program of `exercise` (tests/right/NAME/: written unlike the solution, but
/// doing what the task says) passes every stage, with each of two seeds.
pub fn assert_right_programs_pass(exercise: &Exercise) {
    let right = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/right")
        .join(exercise.name);
    for entry in std::fs::read_dir(right).unwrap() {
        let program = entry.unwrap().path();
        let label = program.file_name().unwrap().to_string_lossy().into_owned();
        let temp = exercises_copy("right");
        put_program(
            &temp,
            exercise,
            &label,
            &std::fs::read_to_string(&program).unwrap(),
        );
        // Seed 1: byebye's long message ends with a space, which a program may trim.
        for seed in ["7", "1"] {
            let finished = lab(&temp, "en", &["check", exercise.name, "--seed", seed]);
            assert_eq!(finished.code, Some(0), "{label}: {finished:?}");
            let all = format!("{}: all {} stages passed", exercise.name, exercise.stages);
            assert!(finished.stdout.contains(&all), "{label}: {finished:?}");
        }
    }
}
