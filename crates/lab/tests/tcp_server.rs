//! Exercise 1, tcp-server: every deliberately wrong server (tests/wrong/tcp-server/) gets
//! the diagnosis a student needs, in English and in Chinese.

#![allow(clippy::unwrap_used)]

mod support;

use support::{Exercise, assert_diagnosis};

const TCP_SERVER: Exercise = Exercise {
    dir: "01-tcp-server",
    name: "tcp-server",
    stages: 3,
    roles: &[],
};

#[test]
fn a_program_that_panics_at_once_is_told_it_exited() {
    assert_diagnosis(
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
        &TCP_SERVER,
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
