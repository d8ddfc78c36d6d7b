//! `--bare`: the protocol of tutorial 002's file downloader (《网络通信之tcp》), driven the
//! tutorial's way. The name goes alone in one send, the file's bytes come back with no
//! size line, and the close ends the file. Our server meets the tutorial-style Python
//! client, our client meets the tutorial-style Python server
//! (tests/interop/bare_file_*.py), and a server killed halfway shows why this protocol
//! cannot tell a whole file from a cut one.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

mod support;

use support::sparse_file;
use testkit::{Running, TempDir, python_command, run_python};

const BIN: &str = env!("CARGO_BIN_EXE_file-download");

/// Bytes of every value, in a pattern that does not repeat soon.
fn blob(len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

fn our_server(root: &Path, bare: bool) -> (Running, std::net::SocketAddr) {
    let root = root.to_str().expect("utf-8 path");
    let mut args = vec!["server", "127.0.0.1:0", "--root", root];
    if bare {
        args.push("--bare");
    }
    Running::server(BIN, &args)
}

fn our_client(args: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.arg("client").args(args);
    Running::start(command)
}

#[test]
fn our_bare_server_serves_the_tutorials_client() {
    testkit::need!("python3");
    let served = TempDir::new("bare-served");
    let downloads = TempDir::new("bare-downloads");
    let data = blob(300_000);
    fs::write(served.path().join("data.bin"), &data).expect("write");
    let (mut server, addr) = our_server(served.path(), true);
    let out_path = downloads.path().join("copy.bin");
    let port = addr.port().to_string();
    let out = run_python(
        "bare_file_client.py",
        &[
            "127.0.0.1",
            &port,
            "data.bin",
            out_path.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.stdout, "saved 300000 bytes", "{out:?}");
    assert_eq!(fs::read(&out_path).expect("copy"), data);
    server.expect_line("server: sent data.bin (300000 bytes) to 127.0.0.1:");
    // A missing file: the bare protocol has no words for it, the connection just closes.
    let out = run_python(
        "bare_file_client.py",
        &["127.0.0.1", &port, "nothing.bin", "unused"],
        "",
    );
    assert_eq!(out.stdout, "nothing arrived", "{out:?}");
    server.expect_line("refused a request from 127.0.0.1:");
}

#[test]
fn our_bare_client_downloads_from_the_tutorials_server() {
    testkit::need!("python3");
    let served = TempDir::new("bare-py-served");
    let downloads = TempDir::new("bare-py-downloads");
    let data = blob(300_000);
    fs::write(served.path().join("data.bin"), &data).expect("write");
    let mut command = python_command("bare_file_server.py", &["0"]);
    command.current_dir(served.path());
    let (mut tutorial, addr) = Running::server_command(command);
    let out_path = downloads.path().join("copy.bin");
    let out = our_client(&[
        &addr.to_string(),
        "data.bin",
        "--bare",
        "-o",
        out_path.to_str().expect("utf-8"),
    ])
    .finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("(300000 bytes in "), "{out:?}");
    assert_eq!(fs::read(&out_path).expect("copy"), data);
    assert_eq!(
        tutorial.next_line(),
        "asked for: data.bin",
        "no newline after the name"
    );
    // Nothing back: no file, and a line that says the protocol cannot tell why.
    let missing = downloads.path().join("missing.bin");
    let out = our_client(&[
        &addr.to_string(),
        "missing.bin",
        "--bare",
        "-o",
        missing.to_str().expect("utf-8"),
    ])
    .finish();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: nothing arrived: with --bare a missing file and an empty one look the same"
    );
    assert!(!missing.exists() && !downloads.path().join("missing.bin.part").exists());
}

/// The chapter's experiment: the server is killed halfway through a download. With
/// `--bare` the client sees a close, as at the end of any file, and saves a short file
/// under the real name, exit 0. With the size line it knows better.
#[cfg(unix)]
#[test]
fn a_server_killed_halfway_goes_unnoticed_with_bare_and_noticed_without() {
    let served = TempDir::new("cut-served");
    let downloads = TempDir::new("cut-downloads");
    // A large file (sparse: it costs no disk) so that the transfer is still going on.
    sparse_file(&served.path().join("big.bin"), 1 << 30);
    for bare in [true, false] {
        let (mut server, addr) = our_server(served.path(), bare);
        let out_path = downloads.path().join(format!("big-{bare}.bin"));
        let mut args = vec![
            addr.to_string(),
            "big.bin".to_string(),
            // 1 GiB at 50 MiB/s take 20 s: the download is surely still under way when the
            // signals come, however loaded the machine.
            "--limit-rate".to_string(),
            "50M".to_string(),
            "-o".to_string(),
            out_path.to_str().expect("utf-8").to_string(),
        ];
        if bare {
            args.push("--bare".to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut client = our_client(&args);
        client.expect_line("client: asking ");
        if !bare {
            client.expect_line("the server sends 1073741824 bytes");
        }
        // The first bytes have arrived: the server is in the middle of the file.
        let part = downloads.path().join(format!("big-{bare}.bin.part"));
        let deadline = Instant::now() + testkit::WAIT;
        while fs::metadata(&part).map_or(0, |m| m.len()) == 0 {
            assert!(Instant::now() < deadline, "no byte arrived");
            thread::sleep(Duration::from_millis(1));
        }
        // Ctrl-Z on the client: it stops reading, the server's sends stall. Then the
        // server dies; what it had queued still arrives, then its close.
        client.signal(testkit::Signal::STOP);
        server.kill();
        client.signal(testkit::Signal::CONT);
        let out = client.finish();
        if bare {
            assert_eq!(
                out.code,
                Some(0),
                "bare: the cut looks like the end: {out:?}"
            );
            let saved = fs::metadata(&out_path).expect("saved").len();
            assert!(saved < 1 << 30, "a short file under the real name");
            assert!(
                out.stdout.contains("--bare: no size was announced"),
                "{out:?}"
            );
        } else {
            assert_eq!(out.code, Some(1), "{out:?}");
            assert!(
                out.stderr
                    .starts_with("error: the download was cut short after "),
                "{out:?}"
            );
            assert!(!out_path.exists(), "nothing under the real name");
        }
    }
}
