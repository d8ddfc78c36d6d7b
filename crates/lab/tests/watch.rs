//! `lab watch`, run as a student runs it: a saved file checks again, a pass moves on to
//! the next exercise, Enter checks, `h` hints, `q` or the end of input stops.

#![allow(clippy::unwrap_used)]

mod support;

use support::{CHECK_WAIT, alone, exercises_copy, lab, lab_command, repository, without_ports};
use testkit::{Running, assert_transcript};

#[test]
fn watch_checks_again_at_each_save_and_moves_on_to_the_next_exercise() {
    let temp = exercises_copy("watch");
    let _alone = alone();
    let mut watch = Running::start(lab_command(&temp, "en", &["watch", "--seed", "7"]));
    watch.expect_line_within("── watching exercises/01-tcp-server ", CHECK_WAIT);

    // Saved as many editors save: a whole new file, renamed over the old one.
    let src = temp.path().join("exercises/01-tcp-server/src");
    let solution = repository().join("exercises/solutions/01-tcp-server/main.rs");
    std::fs::copy(&solution, src.join("main.rs.new")).unwrap();
    std::fs::rename(src.join("main.rs.new"), src.join("main.rs")).unwrap();
    watch.expect_line_within("── watching exercises/02-tcp-client ", CHECK_WAIT);

    // A change outside the exercise watched checks nothing (the transcript below would
    // show a check).
    let mut text = std::fs::read_to_string(src.join("main.rs")).unwrap();
    text.push_str("// done\n");
    std::fs::write(src.join("main.rs"), text).unwrap();

    watch.send_line("h");
    watch.expect_line("tcp-client: Connect to the address");
    watch.send_line("what now");
    watch.expect_line("lab: Enter checks");
    watch.send_line("");
    watch.expect_line_within("── watching exercises/02-tcp-client ", CHECK_WAIT);
    watch.send_line("q");
    let finished = watch.finish();
    assert_eq!(finished.code, Some(0), "{finished:?}");
    assert_transcript("lab-watch.txt", &without_ports(&finished.stdout), &[]);

    let progress = std::fs::read_to_string(temp.path().join("exercises/progress.txt")).unwrap();
    assert!(progress.contains("tcp-server passed 3/3"), "{progress}");
    assert!(progress.contains("tcp-client failing 0/4"), "{progress}");
}

#[test]
fn a_save_during_a_check_checks_again_and_a_save_without_a_change_does_not() {
    let temp = exercises_copy("watch-during");
    let _alone = alone();
    let mut watch = Running::start(lab_command(&temp, "en", &["watch", "tcp-server"]));
    // Saved while the shipped program is being built and checked: what was checked
    // is what was there before, so it is checked again.
    watch.expect_line_within("lab: building tcp-server", CHECK_WAIT);
    let src = temp.path().join("exercises/01-tcp-server/src");
    let solution = repository().join("exercises/solutions/01-tcp-server/main.rs");
    std::fs::copy(&solution, src.join("main.rs.new")).unwrap();
    std::fs::rename(src.join("main.rs.new"), src.join("main.rs")).unwrap();
    watch.expect_line_within(
        "lab: exercises/01-tcp-server/src/main.rs changed: checking again",
        CHECK_WAIT,
    );
    watch.expect_line_within("tcp-server: all 3 stages passed", CHECK_WAIT);
    // Named, it stays on its exercise once passed.
    watch.expect_line("── watching exercises/01-tcp-server ");

    // What a build does not read, and a file written again as it was, start nothing. It
    // is saved as the first save was, through a rename: written in place (truncated, then
    // written), a loaded machine may let the watcher read it empty in between, a change.
    std::fs::write(src.join(".main.rs.swp"), "vim's swap file").unwrap();
    std::fs::write(src.join("notes.txt"), "to do: tcp-client").unwrap();
    std::fs::copy(&solution, src.join("main.rs.new")).unwrap();
    std::fs::rename(src.join("main.rs.new"), src.join("main.rs")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    watch.send_line("q");
    let finished = watch.finish();
    assert_eq!(finished.code, Some(0), "{finished:?}");
    let checks = finished.stdout.matches("lab: building tcp-server").count();
    assert_eq!(checks, 2, "{finished:?}");
    assert!(
        finished.stdout.ends_with("q\nlab: watch ends"),
        "{finished:?}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_watch_at_once() {
    let temp = exercises_copy("watch-ctrl-c");
    let _alone = alone();
    let mut watch = Running::start(lab_command(&temp, "en", &["watch", "tcp-server"]));
    watch.expect_line_within("── watching exercises/01-tcp-server ", CHECK_WAIT);
    let finished = watch.stopped_by(testkit::Signal::INT, std::time::Duration::from_secs(2));
    assert_eq!(finished.code, Some(130), "{finished:?}");
}

#[test]
fn watch_stops_at_the_end_of_its_input_and_speaks_chinese() {
    let temp = exercises_copy("watch-zh");
    let finished = lab(&temp, "zh-CN", &["watch", "tcp-server"]);
    assert_eq!(finished.code, Some(0), "{finished:?}");
    let lines: Vec<&str> = finished.stdout.lines().collect();
    assert!(lines[0].starts_with("lab：开始监视："), "{finished:?}");
    assert!(
        lines.iter().any(|line| line.starts_with("  ✗ 第 1/3 关")),
        "{finished:?}"
    );
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "── 正在监视 exercises/01-tcp-server · 回车：检查 · h：提示 · q：结束 ──",
            "lab：监视结束"
        ],
        "{finished:?}"
    );
}

#[test]
fn watch_refuses_an_unknown_exercise_as_check_does() {
    let temp = exercises_copy("watch-unknown");
    let finished = lab(&temp, "en", &["watch", "nosuch"]);
    assert_eq!(finished.code, Some(2), "{finished:?}");
    assert_eq!(finished.stdout, "", "nothing is watched");
    assert!(
        finished
            .stderr
            .starts_with("error: no exercise is named \"nosuch\""),
        "{finished:?}"
    );
}
