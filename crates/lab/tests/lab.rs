//! The checker, checked: every exercise as shipped fails, every reference solution passes
//! every stage (with nothing but the Rust toolchain on PATH); and `lab` itself: seeds, usage errors, languages, finding the exercises,
//! cargo's errors, the book's samples, reset and solution, Ctrl-C. Each exercise's wrong programs are tested
//! in a file of its own (tcp_server.rs, tcp_client.rs). Each test works on a copy of the
//! exercises folder of its own, as a student's copy elsewhere would be.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::{
    LAB, exercises, exercises_copy, first_failure, lab, lab_command, lab_typed, put_solution,
    replace_main, without_ports,
};
use testkit::{TempDir, assert_transcript, run_command};

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

/// With the Rust toolchain alone on PATH: a student needs no python, nc, curl or shell.
#[test]
#[cfg(unix)]
fn every_solution_passes_every_stage_and_the_list_shows_it() {
    let temp = exercises_copy("solutions");
    let toolchain_only = support::toolchain_only(&temp);
    let all = exercises();
    for (name, dir) in &all {
        put_solution(&temp, dir);
        let mut command = lab_command(&temp, "en", &["check", name]);
        command.env("PATH", &toolchain_only);
        let finished = support::run_alone(command, "");
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

/// What `lab reset` puts back is what the repository ships: each exercise's `src` holds
/// exactly the files of `shipped/DIR/`, byte for byte.
#[test]
fn the_exercises_are_their_shipped_copies() {
    let root = support::repository().join("exercises");
    for (name, dir) in exercises() {
        let shipped = rust_files(&root.join("shipped").join(&dir));
        let src = rust_files(&root.join(&dir).join("src"));
        assert!(!shipped.is_empty(), "{name}: no shipped files");
        assert_eq!(
            shipped, src,
            "{name}: exercises/{dir}/src/ differs from exercises/shipped/{dir}/: a change to \
             an exercise as shipped goes into both (if you did the exercise here, \
             `cargo run -p lab -- reset {name}` puts it back)"
        );
    }
}

/// A folder's `.rs` files, as lab lists them: (name, contents).
fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let found = lab::files::rust_files(dir).unwrap();
    let name = |path: &Path| path.file_name().unwrap().to_string_lossy().to_string();
    found
        .iter()
        .map(|path| (name(path), std::fs::read_to_string(path).unwrap()))
        .collect()
}

#[test]
fn reset_asks_first_then_puts_the_exercise_back_and_forgets_its_progress() {
    let temp = exercises_copy("reset");
    let exercises_dir = temp.path().join("exercises");
    let main = exercises_dir.join("01-tcp-server/src/main.rs");
    let shipped =
        std::fs::read_to_string(exercises_dir.join("shipped/01-tcp-server/main.rs")).unwrap();
    let wrong =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wrong/tcp-server/forgets-the-newline.rs");
    replace_main(&temp, "01-tcp-server", &wrong);
    let mine = std::fs::read_to_string(&main).unwrap();
    let progress = exercises_dir.join("progress.txt");
    std::fs::write(
        &progress,
        "tcp-server failing 2/3 2026-12-06T12:40:31Z seed=7\n\
         tcp-client passed 4/4 2026-12-06T12:41:00Z seed=8\n",
    )
    .unwrap();
    let recorded = std::fs::read_to_string(&progress).unwrap();

    // Any answer but yes, or none at all, changes nothing: neither file nor progress.
    for typed in ["n\n", "", "whatever\n"] {
        let declined = lab_typed(&temp, "en", &["reset", "tcp-server"], typed);
        assert_eq!(declined.code, Some(1), "{declined:?}");
        assert!(
            declined.stdout.starts_with(
                "lab: reset puts tcp-server back as shipped, losing what you wrote in \
                 exercises/01-tcp-server/src/main.rs\nGo on? [y/N] "
            ),
            "{declined:?}"
        );
        assert!(
            declined.stdout.contains("lab: nothing changed"),
            "{declined:?}"
        );
        assert_eq!(std::fs::read_to_string(&main).unwrap(), mine);
        assert_eq!(std::fs::read_to_string(&progress).unwrap(), recorded);
    }

    let done = lab_typed(&temp, "en", &["reset", "tcp-server"], "y\n");
    assert_eq!(done.code, Some(0), "{done:?}");
    assert_transcript("lab-reset.txt", &done.stdout, &[]);
    assert_eq!(std::fs::read_to_string(&main).unwrap(), shipped);

    // In Chinese, 是 is a yes too.
    replace_main(&temp, "01-tcp-server", &wrong);
    let done = lab_typed(&temp, "zh-CN", &["reset", "tcp-server"], "是\n");
    assert_eq!(done.code, Some(0), "{done:?}");
    assert!(done.stdout.contains("继续吗？[y/N] 是\n"), "{done:?}");
    assert!(
        done.stdout.contains("lab：tcp-server 已恢复成发布时的样子"),
        "{done:?}"
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), shipped);
    let left = std::fs::read_to_string(&progress).unwrap();
    assert!(!left.contains("tcp-server "), "{left}");
    assert!(left.contains("tcp-client passed 4/4"), "{left}");
    let parts: Vec<_> = std::fs::read_dir(main.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(parts, ["main.rs"], "nothing but the file itself is left");

    // A yes in any case.
    for typed in ["Y\n", "YES\n"] {
        replace_main(&temp, "01-tcp-server", &wrong);
        let done = lab_typed(&temp, "en", &["reset", "tcp-server"], typed);
        assert_eq!(done.code, Some(0), "{typed:?}: {done:?}");
        assert_eq!(std::fs::read_to_string(&main).unwrap(), shipped);
    }

    // Files as shipped already (put back by git, say), progress still saying passed:
    // nothing to ask, and the progress goes.
    std::fs::write(
        &progress,
        "tcp-server passed 3/3 2026-12-06T12:40:31Z seed=7\n",
    )
    .unwrap();
    let again = lab(&temp, "en", &["reset", "tcp-server"]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert_eq!(
        again.stdout,
        "lab: tcp-server is as shipped already, and not started: \
         `cargo run -p lab -- check tcp-server` when you are ready"
    );
    let list = lab(&temp, "en", &["list"]);
    assert!(
        list.stdout.contains("1. tcp-server     not started"),
        "{list:?}"
    );
}

/// An exercise of two programs: a deleted file comes back, a changed one too, without a
/// question with `--yes`; a file the student added is left alone. A deleted `src` comes
/// back whole; a missing or empty `shipped/` folder is said, and nothing is touched.
#[test]
fn reset_yes_restores_every_file_without_asking_and_leaves_added_ones() {
    let temp = exercises_copy("reset-yes");
    let src = temp.path().join("exercises/03-byebye/src");
    let shipped = temp.path().join("exercises/shipped/03-byebye");
    std::fs::remove_file(src.join("client.rs")).unwrap();
    std::fs::write(src.join("server.rs"), "fn main() {}\n").unwrap();
    std::fs::write(src.join("notes.rs"), "// mine\n").unwrap();

    let done = lab(&temp, "en", &["reset", "byebye", "--yes"]);
    assert_eq!(done.code, Some(0), "{done:?}");
    assert!(
        done.stdout.starts_with(
            "lab: reset puts byebye back as shipped, losing what you wrote in \
             exercises/03-byebye/src/client.rs, exercises/03-byebye/src/server.rs\n\
             lab: byebye is as shipped again"
        ),
        "{done:?}"
    );
    for file in ["client.rs", "server.rs"] {
        assert_eq!(
            std::fs::read_to_string(src.join(file)).unwrap(),
            std::fs::read_to_string(shipped.join(file)).unwrap()
        );
    }
    assert_eq!(
        std::fs::read_to_string(src.join("notes.rs")).unwrap(),
        "// mine\n"
    );

    let gone = temp.path().join("exercises/02-tcp-client/src");
    std::fs::remove_dir_all(&gone).unwrap();
    let done = lab(&temp, "en", &["reset", "tcp-client", "-y"]);
    assert_eq!(done.code, Some(0), "{done:?}");
    assert!(gone.join("main.rs").is_file(), "{done:?}");

    std::fs::write(src.join("client.rs"), "// mine\n").unwrap();
    std::fs::remove_dir_all(&shipped).unwrap();
    let missing = lab(&temp, "en", &["reset", "byebye", "--yes"]);
    missing.assert_error(1, "error: cannot read exercises/shipped/03-byebye: ");
    std::fs::create_dir(&shipped).unwrap();
    let empty = lab(&temp, "en", &["reset", "byebye", "--yes"]);
    empty.assert_error(
        1,
        "error: exercises/shipped/03-byebye holds no file of the exercise as shipped",
    );
    assert_eq!(
        std::fs::read_to_string(src.join("client.rs")).unwrap(),
        "// mine\n"
    );

    // The solution of an exercise of two programs: both files, in order of their names.
    let progress = temp.path().join("exercises/progress.txt");
    std::fs::write(
        &progress,
        "udp passed 5/5 2026-12-06T12:40:31Z seed=7
",
    )
    .unwrap();
    let solution = lab(&temp, "en", &["solution", "udp"]);
    assert_eq!(solution.code, Some(0), "{solution:?}");
    let client = solution
        .stdout
        .find("── exercises/solutions/05-udp/client.rs ──");
    let server = solution
        .stdout
        .find("── exercises/solutions/05-udp/server.rs ──");
    assert!(client.is_some() && client < server, "{solution:?}");

    let unknown = lab(&temp, "en", &["reset", "no-such-exercise", "--yes"]);
    unknown.assert_error(2, "error: no exercise is named \"no-such-exercise\"");
    let nameless = lab(&temp, "en", &["reset"]);
    assert_eq!(nameless.code, Some(2), "{nameless:?}");
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
fn a_stage_that_passed_at_the_last_check_and_fails_now_is_pointed_out() {
    let wrong = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wrong/tcp-server/serves-one-client-then-exits.rs");
    let temp = exercises_copy("broken-since");
    let check = |lang: &str, seed: &str| lab(&temp, lang, &["check", "tcp-server", "--seed", seed]);

    put_solution(&temp, "01-tcp-server");
    assert_eq!(check("en", "111").code, Some(0));
    replace_main(&temp, "01-tcp-server", &wrong);
    let broken = check("en", "222");
    assert_eq!(broken.code, Some(1), "{broken:?}");
    assert!(broken.stdout.contains("✗ stage 3/3"), "{broken:?}");
    // Just before the line that repeats this run.
    let last_two: Vec<&str> = broken.stdout.lines().rev().take(2).collect();
    assert_eq!(
        last_two,
        [
            "the same run again: cargo run -p lab -- check tcp-server --seed 222",
            "stage 3 passed at your last check (seed 111): a change since then broke it, or this run's random words found a slip that the last run's missed; that run again: cargo run -p lab -- check tcp-server --seed 111",
        ],
        "{broken:?}"
    );
    // The last check failed at stage 3 too: nothing was broken since.
    let again = check("en", "222");
    assert_eq!(again.code, Some(1), "{again:?}");
    assert!(!again.stdout.contains("last check"), "{again:?}");
    // A check of an exercise with other stages than today's (an older lab) says nothing.
    let progress = temp.path().join("exercises/progress.txt");
    std::fs::write(
        &progress,
        "tcp-server passed 4/4 2026-12-01T10:00:00Z seed=9\n",
    )
    .unwrap();
    let older = check("en", "222");
    assert!(!older.stdout.contains("last check"), "{older:?}");

    put_solution(&temp, "01-tcp-server");
    assert_eq!(check("zh-CN", "333").code, Some(0));
    replace_main(&temp, "01-tcp-server", &wrong);
    let same_seed = check("zh-CN", "333");
    assert_eq!(same_seed.code, Some(1), "{same_seed:?}");
    assert!(
        same_seed
            .stdout
            .contains("上一次检查时第 3 关用同一个种子通过了：多半是之后的改动弄坏了它"),
        "{same_seed:?}"
    );
}

/// `lab list | head -1`: nobody reads lab's output any more. No panic, and a check still
/// runs to its end: its exit code and the progress file say how it went, for a script
/// that reads only those.
#[test]
fn output_nobody_reads_is_dropped_and_a_check_still_counts() {
    let temp = exercises_copy("unread");
    let progress = temp.path().join("exercises/progress.txt");
    let unread = |args: &[&str]| {
        let _alone = support::alone();
        let lab = testkit::Running::start_unread(lab_command(&temp, "en", args));
        let finished = lab.finish_within(support::CHECK_WAIT);
        assert!(
            !finished.stderr.contains("panicked"),
            "lab {args:?}: {finished:?}"
        );
        finished.code
    };
    let state = || std::fs::read_to_string(&progress).unwrap_or_default();

    assert_eq!(unread(&["list"]), Some(0));
    assert_eq!(unread(&["hint"]), Some(0));
    assert_eq!(unread(&["check", "tcp-server"]), Some(1));
    assert!(state().contains("tcp-server failing 0/3"), "{}", state());
    put_solution(&temp, "01-tcp-server");
    assert_eq!(unread(&["check", "tcp-server"]), Some(0));
    assert!(state().contains("tcp-server passed 3/3"), "{}", state());
    assert_eq!(unread(&["solution", "tcp-server"]), Some(0));
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

    // Not before it has passed: a failing exercise's solution stays hidden.
    let hidden = lab(&temp, "en", &["solution", "tcp-server"]);
    hidden.assert_error(
        1,
        "error: lab shows the solution of tcp-server once it has passed (now: failing at \
         stage 2/3)",
    );
    assert_eq!(hidden.stdout, "");

    put_solution(&temp, "01-tcp-server");
    let passed = lab(&temp, "en", &["check", "tcp-server", "--seed", "7"]);
    assert_transcript("lab-check-passed.txt", &passed.stdout, &[]);
    let solution = lab(&temp, "en", &["solution", "tcp-server"]);
    assert_eq!(solution.code, Some(0), "{solution:?}");
    let file = support::repository().join("exercises/solutions/01-tcp-server/main.rs");
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        solution.stdout,
        format!(
            "lab: the reference solution of tcp-server, one way among many (yours passed too): \
             compare it with yours\n\n── exercises/solutions/01-tcp-server/main.rs ──\n{}",
            text.trim_end()
        )
    );
    let untouched = lab(&temp, "zh-CN", &["solution", "tcp-client"]);
    untouched.assert_error(
        1,
        "error: tcp-client 通过之后，lab 才给出它的参考答案（现在：未开始）",
    );
    let zh = lab(&temp, "zh-CN", &["list"]);
    assert_transcript("lab-list-zh.txt", &zh.stdout, &[]);
}

/// Ctrl-C during a check ends lab and the student's program with it: the program runs in
/// a process group of its own, out of reach of the terminal's Ctrl-C, and must not be
/// left holding its port. (Linux: the program is found through /proc.)
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_students_program_too() {
    use std::time::Instant;
    use testkit::Running;

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

    lab.signal(testkit::Signal::INT);
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
