//! The checker, checked: every exercise as shipped fails, every reference solution passes
//! every stage; and `lab` itself: seeds, usage errors, languages, finding the exercises,
//! cargo's errors, the book's samples, Ctrl-C. Each exercise's wrong programs are tested
//! in a file of its own (tcp_server.rs, tcp_client.rs). Each test works on a copy of the
//! exercises folder of its own, as a student's copy elsewhere would be.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::testing::{TempDir, assert_transcript, run_command};
use support::{
    LAB, exercises, exercises_copy, first_failure, lab, put_solution, replace_main, without_ports,
};

#[test]
fn every_shipped_exercise_fails_its_first_stage() {
    for (name, _) in exercises() {
        let temp = exercises_copy("shipped");
        let finished = lab(&temp, "en", &["check", &name]);
        assert_eq!(finished.code, Some(1), "{finished:?}");
        let (stage, _) = first_failure(&finished);
        assert!(stage.starts_with("✗ stage 1/"), "{name}: {finished:?}");
        let progress = std::fs::read_to_string(temp.path().join("exercises/progress.txt")).unwrap();
        assert!(
            progress.contains(&format!("{name} failing 0/")),
            "{progress}"
        );
    }
}

#[test]
fn every_solution_passes_every_stage_and_the_list_shows_it() {
    let temp = exercises_copy("solutions");
    let all = exercises();
    for (name, dir) in &all {
        put_solution(&temp, dir);
        let finished = lab(&temp, "en", &["check", name]);
        assert_eq!(finished.code, Some(0), "{finished:?}");
        assert!(
            finished.stdout.contains(&format!("{name}: all ")),
            "{finished:?}"
        );
        assert!(!finished.stdout.contains('✗'), "{finished:?}");
    }
    let list = lab(&temp, "en", &["list"]);
    assert_eq!(list.code, Some(0));
    let total = all.len();
    assert!(
        list.stdout.contains(&format!(
            "[####################] {total} of {total} exercises passed"
        )),
        "{list:?}"
    );
    assert!(
        list.stdout.contains("every exercise has passed"),
        "{list:?}"
    );
}

#[test]
fn a_seed_repeats_a_run_exactly() {
    let program =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wrong/tcp-server/counts-characters.rs");
    let temp = exercises_copy("seed");
    replace_main(&temp, "01-tcp-server", &program);
    let sent = |seed: &str| {
        let finished = lab(&temp, "en", &["check", "tcp-server", "--seed", seed]);
        let line = finished
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with("sent:"));
        line.unwrap_or_else(|| panic!("no sent: line in {finished:?}"))
            .to_string()
    };
    assert_eq!(sent("12345"), sent("12345"));
    let others: Vec<String> = ["1", "2", "3", "4"].iter().map(|seed| sent(seed)).collect();
    assert!(
        others.iter().any(|line| *line != others[0]),
        "four seeds, one message: {others:?}"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_exercises() {
    let temp = exercises_copy("usage");
    let finished = lab(&temp, "en", &["check", "no-such-exercise"]);
    assert_eq!(finished.code, Some(2));
    finished.assert_error(
        2,
        "error: no exercise is named \"no-such-exercise\"; the exercises are: tcp-server, tcp-client",
    );
    let finished = lab(&temp, "fr", &["list"]);
    assert_eq!(finished.code, Some(2), "{finished:?}");
}

#[test]
fn the_language_follows_the_environment_unless_told() {
    let temp = exercises_copy("lang");
    let list = |envs: &[(&str, &str)], args: &[&str]| {
        let mut command = Command::new(LAB);
        command.args(args).current_dir(temp.path());
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            command.env_remove(var);
        }
        command.envs(envs.iter().copied());
        run_command(command, "").stdout
    };
    assert!(list(&[("LANG", "zh_CN.UTF-8")], &[]).starts_with("练习（exercises）"));
    assert!(
        list(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")], &[])
            .starts_with("Exercises in exercises")
    );
    assert!(
        list(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]).starts_with("Exercises in exercises")
    );
    assert!(list(&[], &[]).starts_with("Exercises in exercises"));
}

#[test]
fn lab_finds_the_exercises_from_a_folder_below_and_says_when_it_cannot() {
    let temp = exercises_copy("find");
    let mut command = Command::new(LAB);
    command.current_dir(temp.path().join("exercises/01-tcp-server/src"));
    let finished = run_command(command, "");
    assert_eq!(finished.code, Some(0), "{finished:?}");
    assert!(finished.stdout.contains("1. tcp-server"), "{finished:?}");

    let empty = TempDir::new("no-exercises");
    let mut command = Command::new(LAB);
    command.args(["--lang", "en"]).current_dir(empty.path());
    let finished = run_command(command, "");
    finished.assert_error(1, "error: cannot find the exercises");
}

#[test]
fn a_change_that_does_not_compile_shows_cargos_errors() {
    let temp = exercises_copy("compile");
    let main = temp.path().join("exercises/01-tcp-server/src/main.rs");
    std::fs::write(&main, "fn main() { let x: u8 = \"not a number\"; }\n").unwrap();
    let finished = lab(&temp, "en", &["check", "tcp-server"]);
    assert_eq!(finished.code, Some(1), "{finished:?}");
    assert!(
        finished.stderr.contains("error[E0308]: mismatched types"),
        "{finished:?}"
    );
    assert!(
        finished
            .stderr
            .contains("error: tcp-server does not compile: cargo's errors are above"),
        "{finished:?}"
    );
}

/// The book's samples: the list at first, a wrong program failing, the solution passing,
/// and the list in Chinese.
#[test]
fn the_books_transcripts_are_what_lab_prints() {
    let temp = exercises_copy("transcript");
    let fresh = lab(&temp, "en", &["list"]);
    assert_transcript("lab-list.txt", &fresh.stdout, &[]);
    let wrong =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wrong/tcp-server/forgets-the-newline.rs");
    replace_main(&temp, "01-tcp-server", &wrong);
    let failed = lab(&temp, "en", &["check", "tcp-server", "--seed", "7"]);
    assert_transcript("lab-check-failed.txt", &without_ports(&failed.stdout), &[]);

    put_solution(&temp, "01-tcp-server");
    let passed = lab(&temp, "en", &["check", "tcp-server", "--seed", "7"]);
    assert_transcript("lab-check-passed.txt", &passed.stdout, &[]);
    let zh = lab(&temp, "zh-CN", &["list"]);
    assert_transcript("lab-list-zh.txt", &zh.stdout, &[]);
}

/// Ctrl-C during a check ends lab and the student's program with it: the program runs in
/// a process group of its own, out of reach of the terminal's Ctrl-C, and must not be
/// left holding its port. (Linux: the program is found through /proc.)
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_students_program_too() {
    use common::testing::Running;
    use std::time::Instant;

    let program =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wrong/tcp-server/never-listens.rs");
    let temp = exercises_copy("interrupt");
    replace_main(&temp, "01-tcp-server", &program);
    // Built first, so that the wait below is for lab, not for cargo.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(temp.path().join("exercises/Cargo.toml"))
        .env("CARGO_TARGET_DIR", temp.path().join("target"))
        .status()
        .unwrap();
    assert!(built.success());
    let mut command = Command::new(LAB);
    command
        .args(["--lang", "en", "check", "tcp-server"])
        .current_dir(temp.path())
        .env("CARGO_TARGET_DIR", temp.path().join("target"));
    let mut lab = Running::start(command);
    lab.expect_line("lab: checking tcp-server");

    // The student's program: lab's child once cargo is done.
    let children = format!("/proc/{0}/task/{0}/children", lab.id());
    let deadline = Instant::now() + Duration::from_secs(10);
    let student = loop {
        let listed = std::fs::read_to_string(&children).unwrap_or_default();
        let found = listed.split_whitespace().find(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "tcp-server")
        });
        if let Some(pid) = found {
            break pid.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "lab never started the student's program"
        );
        std::thread::sleep(Duration::from_millis(20));
    };

    lab.signal("INT");
    let finished = lab.finish();
    assert_eq!(finished.code, Some(130), "{finished:?}");
    // Gone, or a zombie waiting for whoever adopted it: not running either way.
    let state = std::fs::read_to_string(format!("/proc/{student}/stat")).unwrap_or_default();
    let running = !state.is_empty()
        && !state
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z'));
    assert!(
        !running,
        "the student's program {student} still runs: {state}"
    );
}
