//! The checker, checked: every exercise as shipped fails, every reference solution passes
//! every stage, and every deliberately wrong program (tests/wrong/EXERCISE/*.rs) gets the
//! diagnosis a student needs, in English and in Chinese. Each test works on a copy of the
//! exercises folder of its own, as a student's copy elsewhere would be.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::testing::{Finished, TempDir, assert_transcript, run_command, run_command_within};

const LAB: &str = env!("CARGO_BIN_EXE_lab");

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of the exercises folder at `TEMP/exercises`, without what builds leave behind.
fn exercises_copy(label: &str) -> TempDir {
    let temp = TempDir::new(label);
    copy_dir(
        &repository().join("exercises"),
        &temp.path().join("exercises"),
    );
    temp
}

fn copy_dir(from: &Path, to: &Path) {
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
fn replace_main(temp: &TempDir, dir: &str, program: &Path) {
    let main = temp.path().join("exercises").join(dir).join("src/main.rs");
    std::fs::copy(program, main).unwrap();
}

/// Run `lab ARGS` in the copy's top folder, as a student in their repository would, with
/// a target folder of the copy's own (tests run in parallel) and the language chosen.
fn lab(temp: &TempDir, lang: &str, args: &[&str]) -> Finished {
    let mut command = Command::new(LAB);
    command
        .args(["--lang", lang])
        .args(args)
        .current_dir(temp.path())
        .env("CARGO_TARGET_DIR", temp.path().join("target"));
    run_command_within(command, "", CHECK_WAIT)
}

/// How long one `lab` run may take in a test: a cargo build of the exercise (slow when
/// tests build side by side on a busy machine), then at most a stage's deadline.
const CHECK_WAIT: Duration = Duration::from_secs(90);

/// Every exercise's name and folder, from the real info.toml.
fn exercises() -> Vec<(String, String)> {
    let found = lab::info::Exercises::find(Some(&repository().join("exercises"))).unwrap();
    found.list.into_iter().map(|e| (e.name, e.dir)).collect()
}

/// Ports the system picks vary from run to run: `127.0.0.1:40123` and `port 40123` become
/// `PORT` (the 9000 of the commands to repeat a step by hand stays).
fn without_ports(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        let digits = from.len() - from.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = ["127.0.0.1:", "0.0.0.0:"];
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
fn first_failure(finished: &Finished) -> (String, String) {
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
        let solution = repository().join(format!("exercises/solutions/{dir}.rs"));
        replace_main(&temp, dir, &solution);
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

/// Check the wrong program `file` of exercise 1 in both languages, with the same seed;
/// its first failure must be at `stage`, with the sentence given, and the report must
/// show the text given (its hint, say).
fn assert_diagnosis(file: &str, stage: usize, english: [&str; 2], chinese: [&str; 2]) {
    let program = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wrong/tcp-server")
        .join(file);
    for (lang, [sentence, hint]) in [("en", english), ("zh-CN", chinese)] {
        let temp = exercises_copy("wrong");
        replace_main(&temp, "01-tcp-server", &program);
        let finished = lab(&temp, lang, &["check", "tcp-server", "--seed", "7"]);
        assert_eq!(finished.code, Some(1), "{file}: {finished:?}");
        let (stage_line, first) = first_failure(&finished);
        assert!(
            stage_line.contains(&format!("{stage}/3")),
            "{file}, {lang}: {finished:?}"
        );
        assert_eq!(first, sentence, "{file}, {lang}: {finished:?}");
        assert!(
            finished.stdout.contains(hint),
            "{file}, {lang}: no hint {hint:?} in {finished:?}"
        );
        assert!(
            finished.stdout.contains("--seed 7"),
            "{file}: the seed is shown to repeat the run"
        );
    }
}

#[test]
fn a_program_that_panics_at_once_is_told_it_exited() {
    assert_diagnosis(
        "panics-on-the-address.rs",
        1,
        [
            "your program exited (exit code 101) before it listened on 127.0.0.1:PORT",
            "hint: your program panicked",
        ],
        [
            "你的程序在 127.0.0.1:PORT 上监听之前就退出了（退出码 101）",
            "提示：你的程序 panic 了",
        ],
    );
}

#[test]
fn a_program_that_never_listens_is_told_so_within_the_deadline() {
    assert_diagnosis(
        "never-listens.rs",
        1,
        [
            "your program is running, but nothing listened on 127.0.0.1:PORT within 5 s",
            "hint: a server keeps running",
        ],
        [
            "你的程序在运行，但 5 秒内没有任何程序在 127.0.0.1:PORT 上监听",
            "提示：服务器要一直运行",
        ],
    );
}

#[test]
fn a_program_on_an_address_of_its_own_is_told_which() {
    assert_diagnosis(
        "listens-on-its-own-port.rs",
        1,
        [
            "your program listens on 127.0.0.1:PORT, not on 127.0.0.1:PORT, the address it was given: is an address written into the program?",
            "std::env::args().nth(1)",
        ],
        [
            "你的程序在 127.0.0.1:PORT 上监听，而不是给它的地址 127.0.0.1:PORT：是不是把地址写死在程序里了？",
            "std::env::args().nth(1)",
        ],
    );
}

#[test]
fn a_program_on_every_interface_is_told_it_is_open_to_the_network() {
    assert_diagnosis(
        "listens-on-every-interface.rs",
        1,
        [
            "your program listens on 0.0.0.0:PORT, every interface of the machine, not only on 127.0.0.1:PORT, the address it was given",
            "0.0.0.0 opens your server to the whole network",
        ],
        [
            "你的程序在 0.0.0.0:PORT 上监听，也就是本机的所有网络接口，而不只是给它的地址 127.0.0.1:PORT",
            "0.0.0.0 会把你的服务器开放给整个网络",
        ],
    );
}

#[test]
fn a_missing_newline_is_shown_with_a_caret() {
    assert_diagnosis(
        "forgets-the-newline.rs",
        2,
        [
            r#"client 1 expected the answer "received 12 bytes\n" and got "received 12 bytes""#,
            "hint: the answer ends without its newline",
        ],
        [
            r#"客户端 1 期望的回答是 "received 12 bytes\n"，收到的却是 "received 12 bytes""#,
            "提示：回答末尾少了换行符",
        ],
    );
}

#[test]
fn a_server_that_reads_until_the_close_gets_no_answer_said_as_such() {
    assert_diagnosis(
        "reads-until-the-client-closes.rs",
        2,
        [
            "client 1 sent its message and got no answer at all within 3 s",
            "received: (nothing: no answer at all)",
        ],
        [
            "客户端 1 发出了消息，3 秒内完全没有收到回答",
            "收到：（什么也没有：完全没有回答）",
        ],
    );
}

#[test]
fn a_server_that_waits_for_a_line_is_told_no_newline_comes() {
    assert_diagnosis(
        "reads-a-line.rs",
        2,
        [
            "client 1 sent its message and got no answer at all within 3 s",
            "a server that reads a line (read_line, lines())",
        ],
        [
            "客户端 1 发出了消息，3 秒内完全没有收到回答",
            "按行读（read_line、lines()）",
        ],
    );
}

#[test]
fn a_server_that_never_closes_is_told_to() {
    assert_diagnosis(
        "never-closes.rs",
        2,
        [
            "client 1 got the right answer, but 3 s later the connection was still open: the server did not close it",
            "hint: close the connection once the answer is sent",
        ],
        [
            "客户端 1 收到了正确的回答，但 3 秒后连接仍然开着：服务器没有关闭它",
            "提示：回答发出后关闭连接",
        ],
    );
}

#[test]
fn bytes_after_the_answer_are_shown_in_hex() {
    assert_diagnosis(
        "sends-the-whole-buffer.rs",
        2,
        [
            "client 1 got the right answer, then 1006 more bytes it did not expect",
            "0010  73 0a 00 00",
        ],
        [
            "客户端 1 收到了正确的回答，之后又收到了 1006 个多余的字节",
            "0010  73 0a 00 00",
        ],
    );
}

#[test]
fn a_read_into_an_empty_buffer_is_named() {
    assert_diagnosis(
        "reads-into-an-empty-buffer.rs",
        2,
        [
            r#"client 1 expected the answer "received 12 bytes\n" and got "received 0 bytes\n""#,
            "hint: read() returned 0",
        ],
        [
            r#"客户端 1 期望的回答是 "received 12 bytes\n"，收到的却是 "received 0 bytes\n""#,
            "提示：read() 返回了 0",
        ],
    );
}

#[test]
fn a_server_that_closes_without_answering_is_told_so() {
    assert_diagnosis(
        "forgets-to-answer.rs",
        2,
        [
            "the server closed client 1's connection without an answer",
            "hint: write the answer (write_all) before the stream is dropped",
        ],
        [
            "服务器没有回答就关闭了客户端 1 的连接",
            "提示：在丢弃（drop）这个流之前先把回答写出去（write_all）",
        ],
    );
}

#[test]
fn a_server_that_serves_one_client_then_hangs_is_told_so() {
    assert_diagnosis(
        "serves-one-client-then-hangs.rs",
        3,
        [
            "client 2 got no answer within 3 s, though client 1 was answered: the server does not go back to accept() for the next client",
            "hint: put accept() in a loop",
        ],
        [
            "客户端 1 得到了回答，客户端 2 却在 3 秒内没有收到回答：服务器没有再去 accept() 下一个客户端",
            "提示：把 accept() 放进循环",
        ],
    );
}

#[test]
fn a_server_that_ends_after_one_client_is_told_it_exited() {
    assert_diagnosis(
        "serves-one-client-then-exits.rs",
        3,
        [
            "your program exited (exit code 0) before answering client 2",
            "hint: put accept() in a loop",
        ],
        [
            "你的程序还没回答客户端 2 就退出了（退出码 0）",
            "提示：把 accept() 放进循环",
        ],
    );
}

#[test]
fn counting_characters_instead_of_bytes_is_named() {
    assert_diagnosis(
        "counts-characters.rs",
        3,
        [
            r#"client 2 expected the answer "received 15 bytes\n" and got "received 11 bytes\n""#,
            "hint: N counts bytes, not characters",
        ],
        [
            r#"客户端 2 期望的回答是 "received 15 bytes\n"，收到的却是 "received 11 bytes\n""#,
            "提示：N 数的是字节，不是字符",
        ],
    );
}

#[test]
fn a_trimmed_message_is_named() {
    assert_diagnosis(
        "trims-the-message.rs",
        3,
        [
            r#"client 3 expected the answer "received 13 bytes\n" and got "received 12 bytes\n""#,
            "hint: N counts every byte received, spaces too",
        ],
        [
            r#"客户端 3 期望的回答是 "received 13 bytes\n"，收到的却是 "received 12 bytes\n""#,
            "提示：N 要算上收到的每一个字节，空格也算",
        ],
    );
}

#[test]
fn a_small_buffer_is_named() {
    assert_diagnosis(
        "small-buffer.rs",
        3,
        [
            r#"client 4 expected the answer "received 735 bytes\n" and got "received 64 bytes\n""#,
            "hint: N is what one read() returned, into a buffer of 1024 bytes",
        ],
        [
            r#"客户端 4 期望的回答是 "received 735 bytes\n"，收到的却是 "received 64 bytes\n""#,
            "提示：N 是一次 read() 读进 1024 字节缓冲区",
        ],
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
        "error: no exercise is named \"no-such-exercise\"; the exercises are: tcp-server",
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

    let solution = repository().join("exercises/solutions/01-tcp-server.rs");
    replace_main(&temp, "01-tcp-server", &solution);
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
