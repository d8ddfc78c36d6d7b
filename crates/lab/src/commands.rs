//! What the student types: `lab list` (and `lab` alone), `lab check [NAME]`,
//! `lab hint [NAME]`, `lab reset NAME`, `lab solution NAME` (`lab watch` is in `watch`).
//! Each returns the exit code: 0 all well, 1 a stage failed, the exercise does not
//! compile, or what was asked for was not done, 2 a usage error.
//!
//! Lines go out through `say!`, which drops them once nobody reads them (`lab list |
//! head -1`) rather than panic: a check still runs to its end, and its exit code and the
//! progress file say how it went.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use common::say;
use unicode_width::UnicodeWidthStr;

use crate::checks::{self, Ctx};
use crate::compile;
use crate::files;
use crate::info::{Exercise, Exercises};
use crate::lang::Lang;
use crate::messages::Msg;
use crate::progress::{Progress, Record};

/// Every exercise with its state, a progress bar, and the next one to do.
pub fn list(exercises: &Exercises, lang: Lang) -> ExitCode {
    let progress = Progress::load(&exercises.dir);
    say!(
        "{}",
        Msg::ListTitle {
            dir: exercises.dir.display().to_string()
        }
        .text(lang)
    );
    for (number, exercise) in (1..).zip(&exercises.list) {
        let (mark, state) = match progress.get(&exercise.name) {
            None => ("·", Msg::NotStarted),
            Some(r) if r.is_passed() => ("✓", Msg::PassedState { of: r.of }),
            Some(r) => (
                "✗",
                Msg::Failing {
                    stage: r.passed + 1,
                    of: r.of,
                },
            ),
        };
        let state = state.text(lang);
        let read = Msg::ReadFirst {
            lesson: exercise.lesson.clone(),
            tutorial: exercise.tutorial.clone(),
        };
        say!(
            "  {mark} {number}. {:<14} {state}{:pad$}  {}",
            exercise.name,
            "",
            read.text(lang),
            pad = 20usize.saturating_sub(state.width())
        );
    }
    let passed = exercises
        .list
        .iter()
        .filter(|e| progress.get(&e.name).is_some_and(Record::is_passed))
        .count();
    let total = exercises.list.len();
    say!(
        "{} {}",
        bar(passed, total),
        Msg::Progress { passed, total }.text(lang)
    );
    say!("{}", next_line(exercises, &progress, lang));
    ExitCode::SUCCESS
}

/// Build the exercise, run its checker's stages, save the result. `name` defaults to
/// the current exercise: the first one not yet passed.
pub fn check(exercises: &Exercises, name: Option<&str>, seed: Option<u64>, lang: Lang) -> ExitCode {
    let mut progress = Progress::load(&exercises.dir);
    let exercise = match chosen(exercises, &progress, name) {
        Ok(exercise) => exercise,
        Err(message) => return usage_error(&message, lang),
    };
    let Some(checker) = checks::checker(&exercise.name) else {
        return failure(
            &Msg::NoCheckerFor {
                name: exercise.name.clone(),
            },
            lang,
        );
    };
    let of = checker.stages.len();
    let before = progress.get(&exercise.name).cloned();

    say!(
        "{}",
        Msg::Building {
            name: exercise.name.clone()
        }
        .text(lang)
    );
    let executables = match compile::build(&exercises.dir, &exercise.name) {
        Ok(found) => found,
        Err(message) => {
            record(&mut progress, &exercise.name, Record::new(0, of, 0), lang);
            return failure(&message, lang);
        }
    };

    // Short seeds, easy to type back: `--seed 4821`.
    let seed = seed.unwrap_or_else(|| fastrand::u64(1..100_000));
    say!(
        "{}",
        Msg::Checking {
            name: exercise.name.clone(),
            stages: of,
            seed
        }
        .text(lang)
    );
    let mut ctx = Ctx::new(
        &checker,
        executables,
        &exercises.dir,
        &exercise.name,
        lang,
        seed,
    );
    let outcome = (checker.run)(&mut ctx);
    let passed = ctx.passed;
    drop(ctx); // stops the student's program before anything else is said

    record(
        &mut progress,
        &exercise.name,
        Record::new(passed, of, seed),
        lang,
    );
    if outcome.is_ok() && passed == of {
        say!(
            "{}",
            Msg::Passed {
                name: exercise.name.clone(),
                of
            }
            .text(lang)
        );
        say!("{}", next_line(exercises, &progress, lang));
        ExitCode::SUCCESS
    } else {
        let failed = passed + 1;
        if let Some(note) = broken_since(before.as_ref(), &exercise.name, failed, of, seed) {
            say!("{}", note.text(lang));
        }
        say!(
            "{}",
            Msg::Repeat {
                name: exercise.name.clone(),
                seed
            }
            .text(lang)
        );
        ExitCode::from(1)
    }
}

/// Every check runs the stages from the first (each builds on the ones before it), so
/// the earlier stages run again each time. Where one of them, `failed` of `of`, fails now
/// after it passed at the last check (`before`, with as many stages), say so: a change
/// since broke it, or this seed's words found what that seed's missed.
fn broken_since(
    before: Option<&Record>,
    name: &str,
    failed: usize,
    of: usize,
    seed: u64,
) -> Option<Msg> {
    let before = before.filter(|record| record.of == of && record.passed >= failed)?;
    Some(match before.seed == seed {
        true => Msg::BrokenSinceSameSeed { stage: failed },
        false => Msg::BrokenSince {
            name: name.to_string(),
            stage: failed,
            seed: before.seed,
        },
    })
}

/// The exercise's hint, from `info.toml`.
pub fn hint(exercises: &Exercises, name: Option<&str>, lang: Lang) -> ExitCode {
    let progress = Progress::load(&exercises.dir);
    match chosen(exercises, &progress, name) {
        Ok(exercise) => {
            say!("{}: {}", exercise.name, exercise.hint.text(lang));
            ExitCode::SUCCESS
        }
        Err(message) => usage_error(&message, lang),
    }
}

/// Put the exercise's `src` files back as shipped, after asking (unless `yes`), and
/// forget its progress. Files the student added are left alone.
pub fn reset(exercises: &Exercises, name: &str, yes: bool, lang: Lang) -> ExitCode {
    let exercise = match exercises.get(name) {
        Ok(exercise) => exercise,
        Err(message) => return usage_error(&message, lang),
    };
    let changed = match changed_files(exercises, exercise) {
        Ok(changed) => changed,
        Err(message) => return failure(&message, lang),
    };
    if !changed.is_empty() {
        let shown: Vec<String> = changed
            .iter()
            .map(|(path, _)| path.display().to_string())
            .collect();
        let files = shown.join(", ");
        say!(
            "{}",
            Msg::ResetWarns {
                name: name.into(),
                files
            }
            .text(lang)
        );
        if !yes && !agreed(lang) {
            say!("{}", Msg::NothingChanged.text(lang));
            return ExitCode::from(1);
        }
        if let Err((path, error)) = files::write_whole(&changed) {
            let path = path.display().to_string();
            let error = error.to_string();
            return failure(&Msg::CannotWrite { path, error }, lang);
        }
    }
    let mut progress = Progress::load(&exercises.dir);
    if progress.get(name).is_some() {
        progress.remove(name);
        save(&progress, lang);
    }
    let done = if changed.is_empty() {
        Msg::AlreadyShipped { name: name.into() }
    } else {
        Msg::ResetDone { name: name.into() }
    };
    say!("{}", done.text(lang));
    ExitCode::SUCCESS
}

/// Each shipped file whose copy in `src` differs or is missing: where it goes in `src`,
/// and its text as shipped.
fn changed_files(
    exercises: &Exercises,
    exercise: &Exercise,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Msg> {
    let shipped_dir = exercises.shipped(exercise);
    let shipped =
        files::rust_files(&shipped_dir).map_err(|error| cannot_read(&shipped_dir, error))?;
    if shipped.is_empty() {
        let path = shipped_dir.display().to_string();
        return Err(Msg::NothingShipped { path });
    }
    let src = exercises.src(exercise);
    let mut changed = Vec::new();
    for from in shipped {
        let contents = std::fs::read(&from).map_err(|error| cannot_read(&from, error))?;
        let to = src.join(from.file_name().unwrap_or_default());
        if std::fs::read(&to).ok().as_ref() != Some(&contents) {
            changed.push((to, contents));
        }
    }
    Ok(changed)
}

/// Ask, and read one line: `y`, `yes` (any case) or `是` goes on; anything else, or
/// nothing (stdin closed), does not. An answer from a pipe rather than a keyboard is echoed, so that a
/// script's log reads as a terminal would.
fn agreed(lang: Lang) -> bool {
    // No line end: the answer is typed after it. Errors, as say!'s, are dropped.
    let _ = write!(io::stdout(), "{} ", Msg::GoOn.text(lang));
    let _ = io::stdout().flush();
    let stdin = io::stdin();
    let mut answer = String::new();
    let read = stdin.lock().read_line(&mut answer).unwrap_or(0);
    let answer = answer.trim();
    // On a terminal the user's Enter ended the line, except after Ctrl-D.
    if read == 0 || !stdin.is_terminal() {
        say!("{answer}");
    }
    matches!(answer.to_lowercase().as_str(), "y" | "yes" | "是")
}

/// The reference solution's files, printed whole, once the exercise has passed: before,
/// it would spoil the exercise, and `lab hint` is there for that.
pub fn solution(exercises: &Exercises, name: &str, lang: Lang) -> ExitCode {
    let exercise = match exercises.get(name) {
        Ok(exercise) => exercise,
        Err(message) => return usage_error(&message, lang),
    };
    let progress = Progress::load(&exercises.dir);
    let state = match progress.get(name) {
        Some(record) if record.is_passed() => None,
        Some(record) => Some(Msg::Failing {
            stage: record.passed + 1,
            of: record.of,
        }),
        None => Some(Msg::NotStarted),
    };
    if let Some(state) = state {
        let state = state.text(lang);
        return failure(
            &Msg::SolutionNotYet {
                name: name.into(),
                state,
            },
            lang,
        );
    }
    match read_all(&exercises.solution(exercise)) {
        Ok(shown) => {
            say!("{}", Msg::SolutionOf { name: name.into() }.text(lang));
            for (path, text) in shown {
                say!("\n── {} ──\n{}", path.display(), text.trim_end());
            }
            ExitCode::SUCCESS
        }
        Err(message) => failure(&message, lang),
    }
}

/// Each `.rs` file of `dir` with its text.
fn read_all(dir: &Path) -> Result<Vec<(PathBuf, String)>, Msg> {
    let paths = files::rust_files(dir).map_err(|error| cannot_read(dir, error))?;
    paths
        .into_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Ok((path, text)),
            Err(error) => Err(cannot_read(&path, error)),
        })
        .collect()
}

fn cannot_read(path: &Path, error: io::Error) -> Msg {
    Msg::CannotRead {
        path: path.display().to_string(),
        error: error.to_string(),
    }
}

/// The exercise named, or the first one not yet passed (the last one when all have).
pub(crate) fn chosen<'a>(
    exercises: &'a Exercises,
    progress: &Progress,
    name: Option<&str>,
) -> Result<&'a Exercise, Msg> {
    match name {
        Some(name) => exercises.get(name),
        None => current(exercises, progress)
            .or_else(|| exercises.list.last())
            .ok_or_else(|| Msg::UnknownExercise {
                name: String::new(),
                known: String::new(),
            }),
    }
}

fn current<'a>(exercises: &'a Exercises, progress: &Progress) -> Option<&'a Exercise> {
    exercises
        .list
        .iter()
        .find(|e| !progress.get(&e.name).is_some_and(Record::is_passed))
}

fn next_line(exercises: &Exercises, progress: &Progress, lang: Lang) -> String {
    match current(exercises, progress) {
        Some(exercise) => Msg::Next {
            name: exercise.name.clone(),
            file: exercises.where_to_edit(exercise).display().to_string(),
        }
        .text(lang),
        None => Msg::AllDone.text(lang),
    }
}

fn record(progress: &mut Progress, name: &str, record: Record, lang: Lang) {
    progress.set(name, record);
    save(progress, lang);
}

/// Save the progress; a failure is a warning, not the end: the check itself is done.
fn save(progress: &Progress, lang: Lang) {
    if let Err(error) = progress.save() {
        let path = progress.path().display().to_string();
        let error = error.to_string();
        error_line(&Msg::CannotSaveProgress { path, error }.text(lang));
    }
}

/// `[#####---------------]`: twenty steps.
fn bar(passed: usize, total: usize) -> String {
    let filled = (passed * 20).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(20 - filled))
}

pub fn usage_error(message: &Msg, lang: Lang) -> ExitCode {
    error_line(&format!("error: {}", message.text(lang)));
    ExitCode::from(2)
}

pub fn failure(message: &Msg, lang: Lang) -> ExitCode {
    error_line(&format!("error: {}", message.text(lang)));
    ExitCode::from(1)
}

/// One line on stderr, like `eprintln!`, but never a panic when nobody reads it any more.
fn error_line(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}
