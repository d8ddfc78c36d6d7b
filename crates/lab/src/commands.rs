//! What the student types: `lab list` (and `lab` alone), `lab check [NAME]`,
//! `lab hint [NAME]`. Each returns the exit code: 0 all well, 1 a stage failed or the
//! exercise does not compile, 2 a usage error.

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::checks::{self, Ctx};
use crate::compile;
use crate::info::{Exercise, Exercises};
use crate::lang::Lang;
use crate::messages::Msg;
use crate::progress::{Progress, Record};

/// Every exercise with its state, a progress bar, and the next one to do.
pub fn list(exercises: &Exercises, lang: Lang) -> ExitCode {
    let progress = Progress::load(&exercises.dir);
    println!(
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
        println!(
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
    println!(
        "{} {}",
        bar(passed, total),
        Msg::Progress { passed, total }.text(lang)
    );
    println!("{}", next_line(exercises, &progress, lang));
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

    println!(
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
    println!(
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
        println!(
            "{}",
            Msg::Passed {
                name: exercise.name.clone(),
                of
            }
            .text(lang)
        );
        println!("{}", next_line(exercises, &progress, lang));
        ExitCode::SUCCESS
    } else {
        println!(
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

/// The exercise's hint, from `info.toml`.
pub fn hint(exercises: &Exercises, name: Option<&str>, lang: Lang) -> ExitCode {
    let progress = Progress::load(&exercises.dir);
    match chosen(exercises, &progress, name) {
        Ok(exercise) => {
            println!("{}: {}", exercise.name, exercise.hint.text(lang));
            ExitCode::SUCCESS
        }
        Err(message) => usage_error(&message, lang),
    }
}

/// The exercise named, or the first one not yet passed (the last one when all have).
fn chosen<'a>(
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
    if let Err(error) = progress.save() {
        let path = progress.path().display().to_string();
        eprintln!(
            "{}",
            Msg::CannotSaveProgress {
                path,
                error: error.to_string()
            }
            .text(lang)
        );
    }
}

/// `[#####---------------]`: twenty steps.
fn bar(passed: usize, total: usize) -> String {
    let filled = (passed * 20).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(20 - filled))
}

pub fn usage_error(message: &Msg, lang: Lang) -> ExitCode {
    eprintln!("error: {}", message.text(lang));
    ExitCode::from(2)
}

pub fn failure(message: &Msg, lang: Lang) -> ExitCode {
    eprintln!("error: {}", message.text(lang));
    ExitCode::from(1)
}
