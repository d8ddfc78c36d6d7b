//! file-download, run as people use it: the real server on a folder of its own, the real
//! client saving into another, and the failures that matter: missing files, paths that
//! try to escape, servers and clients that die mid-transfer.

use std::fs;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::Command;

mod support;

use support::{dying_server, sparse_file};
use testkit::{Finished, Running, TempDir, connect, run};

const BIN: &str = env!("CARGO_BIN_EXE_file-download");

/// A folder to serve, with a few files in it, and a server on it.
struct Setup {
    served: TempDir,
    downloads: TempDir,
    server: Running,
    addr: SocketAddr,
}

fn setup(label: &str) -> Setup {
    setup_with(label, &[])
}

/// The same, with more options for the server.
fn setup_with(label: &str, server_options: &[&str]) -> Setup {
    let served = TempDir::new(&format!("{label}-served"));
    let downloads = TempDir::new(&format!("{label}-downloads"));
    let root = served.path();
    // Bytes of every value, in a pattern that does not repeat soon.
    let binary: Vec<u8> = (0..5_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(root.join("data.bin"), binary).expect("write");
    fs::write(root.join("empty.txt"), b"").expect("write");
    fs::write(root.join("note.txt"), "你好\n").expect("write");
    fs::create_dir(root.join("sub")).expect("mkdir");
    fs::write(root.join("sub").join("inner.txt"), "inside\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", root.join("escape")).expect("symlink");
    let root_arg = root.to_str().expect("utf-8 path").to_string();
    let mut args = vec!["server", "127.0.0.1:0", "--root", &root_arg];
    args.extend_from_slice(server_options);
    let (server, addr) = Running::server(BIN, &args);
    Setup {
        served,
        downloads,
        server,
        addr,
    }
}

impl Setup {
    /// Run the client in the downloads folder.
    fn client(&self, args: &[&str]) -> Finished {
        Running::start(self.client_command(args)).finish()
    }

    fn client_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .current_dir(self.downloads.path())
            .arg("client")
            .arg(self.addr.to_string())
            .args(args);
        command
    }

    fn served(&self, name: &str) -> Vec<u8> {
        fs::read(self.served.path().join(name)).expect("served file")
    }

    fn downloaded(&self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.downloads.path().join(name)).ok()
    }
}

#[test]
fn a_binary_file_arrives_byte_for_byte() {
    let mut s = setup("binary");
    let out = s.client(&["data.bin"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("client: the server sends 5000000 bytes"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("client: saved data.bin (5000000 bytes in "),
        "{out:?}"
    );
    assert_eq!(s.downloaded("data.bin"), Some(s.served("data.bin")));
    assert_eq!(
        s.downloaded("data.bin.part"),
        None,
        "no .part is left behind"
    );
    s.server
        .expect_line("server: sent data.bin (5000000 bytes) to 127.0.0.1:");
}

#[test]
fn an_empty_file_and_a_file_in_a_subfolder_arrive_too() {
    let s = setup("empty");
    let out = s.client(&["empty.txt"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        s.downloaded("empty.txt"),
        Some(Vec::new()),
        "an empty file, not a missing one"
    );
    let out = s.client(&["sub/inner.txt", "-o", "inner-copy.txt"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(s.downloaded("inner-copy.txt"), Some(b"inside\n".to_vec()));
}

#[test]
fn an_out_folder_keeps_the_files_own_name() {
    let s = setup("out-folder");
    fs::create_dir(s.downloads.path().join("into")).expect("mkdir");
    let out = s.client(&["sub/inner.txt", "-o", "into"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(s.downloaded("into/inner.txt"), Some(b"inside\n".to_vec()));
}

#[test]
fn a_missing_file_is_an_error_and_leaves_no_file() {
    let mut s = setup("missing");
    let out = s.client(&["nothing-here.txt"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: the server refused nothing-here.txt: no such file: nothing-here.txt"
    );
    assert_eq!(s.downloaded("nothing-here.txt"), None);
    assert_eq!(s.downloaded("nothing-here.txt.part"), None);
    s.server.expect_line("refused a request from 127.0.0.1:");
}

#[test]
fn paths_outside_the_root_and_folders_are_refused() {
    let s = setup("escape");
    let cases = [
        ("../x", "../x is not a path beneath the served folder"),
        (
            "sub/../../x",
            "sub/../../x is not a path beneath the served folder",
        ),
        (
            "/etc/passwd",
            "/etc/passwd is not a path beneath the served folder",
        ),
        ("escape", "escape leads outside the served folder"),
        ("sub", "sub is a folder, not a file"),
    ];
    for (name, reason) in cases {
        let out = s.client(&[name, "-o", "out"]);
        assert_eq!(out.code, Some(1), "{name}: {out:?}");
        assert_eq!(
            out.stderr,
            format!("error: the server refused {name}: {reason}"),
            "{name}"
        );
        assert_eq!(s.downloaded("out"), None);
    }
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let s = setup("existing");
    fs::write(s.downloads.path().join("note.txt"), "mine").expect("write");
    let out = s.client(&["note.txt"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: note.txt exists already: --force replaces it"
    );
    assert_eq!(s.downloaded("note.txt"), Some(b"mine".to_vec()));
    let out = s.client(&["note.txt", "--force"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(s.downloaded("note.txt"), Some("你好\n".as_bytes().to_vec()));
}

#[test]
fn several_downloads_at_once() {
    let s = setup("parallel");
    let clients: Vec<Running> = (0..4)
        .map(|i| Running::start(s.client_command(&["data.bin", "-o", &format!("copy{i}.bin")])))
        .collect();
    for client in clients {
        let out = client.finish();
        assert_eq!(out.code, Some(0), "{out:?}");
    }
    for i in 0..4 {
        assert_eq!(
            s.downloaded(&format!("copy{i}.bin")),
            Some(s.served("data.bin")),
            "copy {i}"
        );
    }
}

#[test]
fn a_cut_download_keeps_a_part_file_that_resume_completes() {
    let s = setup("resume");
    let original = s.served("data.bin");
    let dying = dying_server(original.len(), &original[..1_234_567]);
    let mut command = Command::new(BIN);
    command
        .current_dir(s.downloads.path())
        .args(["client", &dying.to_string(), "data.bin"]);
    let out = Running::start(command).finish();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: the download was cut short after 1234567 of 5000000 bytes (the server closed the \
         connection); what arrived is kept in data.bin.part: run again with --resume to continue"
    );
    assert_eq!(
        s.downloaded("data.bin"),
        None,
        "never a partial file under the real name"
    );
    assert_eq!(
        s.downloaded("data.bin.part").map(|p| p.len()),
        Some(1_234_567)
    );

    let out = s.client(&["data.bin", "--resume"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("from byte 1234567 (--resume)"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("the server sends 3765433 bytes"),
        "{out:?}"
    );
    assert_eq!(
        s.downloaded("data.bin"),
        Some(original),
        "identical to the original"
    );
    assert_eq!(s.downloaded("data.bin.part"), None);
}

#[cfg(unix)]
#[test]
fn the_server_killed_mid_transfer_leaves_the_client_with_an_error_and_no_file() {
    let mut s = setup("killed-server");
    // A large file (sparse: it costs no disk) so that the transfer is still going on.
    sparse_file(&s.served.path().join("big.bin"), 256 << 20);
    // --limit-rate: 256 MiB take 12 s at 20 MiB/s, so the download is surely still under
    // way when the signals come, however loaded the machine (unlimited, a fast machine
    // can finish it before the test reads the line below).
    let mut client = Running::start(s.client_command(&["big.bin", "--limit-rate", "20M"]));
    client.expect_line("the server sends 268435456 bytes");
    client.signal(testkit::Signal::STOP); // the client stops reading; the server's sends stall
    s.server.kill();
    client.signal(testkit::Signal::CONT);
    let out = client.finish();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: the download was cut short after "),
        "{out:?}"
    );
    assert!(
        out.stderr.ends_with("run again with --resume to continue"),
        "{out:?}"
    );
    assert_eq!(
        s.downloaded("big.bin"),
        None,
        "no partial file under the real name"
    );
    assert!(
        s.downloaded("big.bin.part")
            .is_some_and(|p| p.len() < 256 << 20)
    );
}

#[test]
fn a_client_that_leaves_mid_file_does_not_disturb_the_server() {
    let mut s = setup("client-leaves");
    let mut quitter = connect(s.addr);
    quitter.write_all(b"data.bin\n").expect("request");
    let mut some = [0u8; 1000];
    quitter
        .read_exact(&mut some)
        .expect("the start of the answer");
    assert!(some.starts_with(b"OK 5000000\n"));
    testkit::reset(quitter);
    s.server.expect_line(" did not get all of data.bin: ");

    let out = s.client(&["data.bin"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(s.downloaded("data.bin"), Some(s.served("data.bin")));
}

#[test]
fn the_protocol_is_plain_enough_for_nc() {
    let nc = testkit::need!("nc");
    let s = setup("nc");
    let port = s.addr.port().to_string();
    let out = run(&nc, &["-N", "127.0.0.1", &port], "note.txt\n");
    assert_eq!(out.stdout, "OK 7\n你好", "{out:?}");
    let out = run(&nc, &["-N", "127.0.0.1", &port], "../secret\n");
    assert_eq!(
        out.stdout, "ERR ../secret is not a path beneath the served folder",
        "{out:?}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_saying_stopped() {
    let s = setup("sigterm");
    s.server.terminate();
    let out = s.server.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("server: stopped"), "{out:?}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let out = run(BIN, &["client"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("--help"),
        "clap: the address is missing: {out:?}"
    );
    let out = run(BIN, &["client", "127.0.0.1:7890"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: which file? give its name after the address: file-download client \
         127.0.0.1:7890 notes.txt"
    );
    let out = run(BIN, &["client", "notes.txt"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: give the server's address, then the file's name: file-download client \
         127.0.0.1:7890 notes.txt"
    );
    let out = run(BIN, &["client", "127.0.0.1", "7890", "a", "b"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.starts_with("error: one file at a time"),
        "{out:?}"
    );
    let out = run(
        BIN,
        &["server", "127.0.0.1:0", "--root", "/no/such/folder"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: cannot serve /no/such/folder: no such folder"
    );
}

#[test]
fn trace_shows_the_request_and_answer_lines() {
    let mut s = setup_with("trace", &["--trace"]);
    let out = s.client(&["note.txt", "--trace"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("client: trace: sent 9 bytes to"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("client: trace:   as utf-8: OK 7"),
        "{out:?}"
    );
    s.server
        .expect_line("server: trace:   as utf-8: note.txt\\n");
    s.server.expect_line("server: trace:   as utf-8: OK 7\\n");
}

#[test]
fn a_client_that_never_asks_is_dropped_after_the_timeout() {
    let mut s = setup_with("silent", &["--timeout", "0.3"]);
    let mut silent = connect(s.addr);
    assert_eq!(
        String::from_utf8_lossy(&testkit::read_to_close(&mut silent)),
        "ERR the request did not arrive in time (--timeout)\n",
        "told why, then closed"
    );
    s.server.expect_line("refused a request from 127.0.0.1:");
    let out = s.client(&["note.txt"]);
    assert_eq!(out.code, Some(0), "the server goes on: {out:?}");
}
