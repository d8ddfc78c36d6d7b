//! Exercise 2, tcp-client: every deliberately wrong client (tests/wrong/tcp-client/) gets
//! the diagnosis a student needs, in English and in Chinese.

#![allow(clippy::unwrap_used)]

mod support;

use support::{Exercise, assert_diagnosis, assert_diagnosis_of, wrong};

const TCP_CLIENT: Exercise = Exercise {
    dir: "02-tcp-client",
    name: "tcp-client",
    stages: 4,
    roles: &[],
};

#[test]
fn a_client_refused_at_a_port_of_its_own_is_told_to_use_the_given_address() {
    assert_diagnosis(
        &TCP_CLIENT,
        "connects-to-a-fixed-port.rs",
        1,
        [
            "your program exited (exit code 101) before it connected to 127.0.0.1:PORT",
            "hint: connect to the address in the first argument",
        ],
        [
            "你的程序还没连接到 127.0.0.1:PORT 就退出了（退出码 101）",
            "提示：请连接第一个参数",
        ],
    );
}

/// The same program, where something does listen on its fixed port (a server left
/// running from an earlier try, say): the checker sees where it connected.
#[cfg(target_os = "linux")]
#[test]
fn a_client_connected_elsewhere_is_told_where() {
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = elsewhere.local_addr().unwrap().to_string();
    let program = std::fs::read_to_string(wrong(&TCP_CLIENT, "connects-to-a-fixed-port.rs"))
        .unwrap()
        .replace("127.0.0.1:1", &addr);
    assert_diagnosis_of(
        &TCP_CLIENT,
        "connects to a port where another program listens",
        &program,
        1,
        [
            "your program connected to 127.0.0.1:PORT, not to 127.0.0.1:PORT, the address it was given: is an address written into the program?",
            "hint: connect to the address in the first argument",
        ],
        [
            "你的程序连接的是 127.0.0.1:PORT，而不是给它的地址 127.0.0.1:PORT：是不是把地址写死在程序里了？",
            "提示：请连接第一个参数",
        ],
    );
}

#[test]
fn a_client_that_never_connects_is_told_so_within_the_deadline() {
    assert_diagnosis(
        &TCP_CLIENT,
        "never-connects.rs",
        1,
        [
            "your program is running, but it did not connect to 127.0.0.1:PORT within 5 s",
            "hint: a client connects (TcpStream::connect",
        ],
        [
            "你的程序在运行，但 5 秒内没有连接到 127.0.0.1:PORT",
            "提示：客户端先用 TcpStream::connect",
        ],
    );
}

#[test]
fn a_client_that_reads_the_keyboard_is_told_it_sent_nothing() {
    assert_diagnosis(
        &TCP_CLIENT,
        "reads-the-messages-from-the-keyboard.rs",
        2,
        [
            "your program exited (exit code 0) before sending message 1",
            "hint: once connected, send the message",
        ],
        [
            "你的程序还没发出第 1 条消息就退出了（退出码 0）",
            "提示：连上之后就发出消息",
        ],
    );
}

#[test]
fn a_newline_after_the_message_is_shown_with_a_caret() {
    assert_diagnosis(
        &TCP_CLIENT,
        "sends-a-newline.rs",
        2,
        [
            "message 1 came with 1 more byte after it, before any reply was sent",
            "received: \"hello pepper\\n\"",
        ],
        [
            "第 1 条消息后面还跟着 1 个多余的字节，那时回答还没发出",
            "提示：只发参数本身的字节，后面不加换行符",
        ],
    );
}

#[test]
fn a_client_that_closes_without_reading_is_told_to_wait_for_the_reply() {
    assert_diagnosis(
        &TCP_CLIENT,
        "closes-without-reading.rs",
        2,
        [
            "your program closed the connection right after message 1, without waiting for the reply",
            "hint: after sending a message, read its reply",
        ],
        [
            "你的程序发完第 1 条消息就关闭了连接，没有等回答",
            "提示：发出一条消息之后，先读它的回答",
        ],
    );
}

#[test]
fn a_reply_never_printed_is_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "prints-nothing.rs",
        2,
        [
            "your program did not print reply 1 at the end of a line: \"saffron pebble\"",
            "hint: print each reply as it comes",
        ],
        [
            "你的程序没有把第 1 个回答打印在一行的末尾：\"saffron pebble\"",
            "提示：每个回答一到就打印出来",
        ],
    );
}

#[test]
fn a_reply_printed_as_numbers_is_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "prints-the-bytes.rs",
        2,
        [
            "your program did not print reply 1 at the end of a line: \"saffron pebble\"",
            "hint: print each reply as text: String::from_utf8_lossy",
        ],
        [
            "你的程序没有把第 1 个回答打印在一行的末尾：\"saffron pebble\"",
            "提示：把每个回答作为文本打印",
        ],
    );
}

#[test]
fn a_client_waiting_for_the_servers_close_is_told_it_never_comes() {
    assert_diagnosis(
        &TCP_CLIENT,
        "reads-until-the-server-closes.rs",
        2,
        [
            "every message got its reply, but 3 s later the connection was still open: your program did not close it",
            "read_to_end(), or one more read(), waits for ever",
        ],
        [
            "每条消息都得到了回答，但 3 秒后连接还开着：你的程序没有关闭它",
            "read_to_end() 或者再读一次 read()，都会永远等下去",
        ],
    );
}

#[test]
fn replies_printed_on_one_line_are_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "prints-the-replies-on-one-line.rs",
        3,
        [
            "your program did not print reply 1 at the end of a line: \"velvet harvest quartz\"",
            "hint: print each reply at the end of a line of its own",
        ],
        [
            "你的程序没有把第 1 个回答打印在一行的末尾：\"velvet harvest quartz\"",
            "提示：每个回答打印在单独一行的末尾",
        ],
    );
}

#[test]
fn messages_sent_all_at_once_are_shown_glued() {
    assert_diagnosis(
        &TCP_CLIENT,
        "sends-everything-first.rs",
        3,
        [
            "message 2 came glued to message 1, before the reply to message 1 was sent",
            "(sticky packets, 粘包)",
        ],
        [
            "第 1 条消息的回答还没发出，第 2 条消息就紧贴着它一起来了",
            "提示：先读到一条消息的回答，再发下一条",
        ],
    );
}

#[test]
fn a_pause_instead_of_a_wait_for_the_reply_is_caught_by_a_slow_reply() {
    assert_diagnosis(
        &TCP_CLIENT,
        "sends-with-a-pause-between.rs",
        3,
        [
            "message 2 came while the reply to message 1 was held back (400 ms, as by a server far away): your client sent it without waiting for that reply",
            "hint: read the reply to a message before sending the next one",
        ],
        [
            "第 1 条消息的回答被压住了（400 毫秒，就像远处的服务器那样），这期间第 2 条消息来了：你的客户端没等那个回答就发了它",
            "提示：先读到一条消息的回答，再发下一条",
        ],
    );
}

#[test]
fn arguments_joined_into_one_message_are_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "joins-the-arguments.rs",
        3,
        [
            "message 1 came with 743 more bytes after it, before any reply was sent",
            "hint: send each argument as it is, one message per argument",
        ],
        [
            "第 1 条消息后面还跟着 743 个多余的字节，那时回答还没发出",
            "提示：每个参数原样发出，一个参数一条消息",
        ],
    );
}

#[test]
fn a_client_that_sends_one_argument_only_is_told_to_send_them_all() {
    assert_diagnosis(
        &TCP_CLIENT,
        "sends-only-the-first-argument.rs",
        3,
        [
            "your program exited (exit code 0) before sending message 2",
            "hint: send every argument after the address",
        ],
        [
            "你的程序还没发出第 2 条消息就退出了（退出码 0）",
            "提示：地址后面的每个参数都要发出",
        ],
    );
}

/// A 64-byte buffer cuts the long reply, the last one: what is printed is its start.
#[test]
fn a_small_buffer_is_named_from_the_reply_it_cuts() {
    assert_diagnosis(
        &TCP_CLIENT,
        "small-buffer.rs",
        3,
        [
            "your program did not print reply 3 at the end of a line: \"velvet ember sunrise compass walnut harvest harvest velvet cobalt compass walnut\"... (707 more bytes)",
            "hint: the reply was cut: read into a buffer of 1024 bytes",
        ],
        [
            "你的程序没有把第 3 个回答打印在一行的末尾：\"velvet ember sunrise compass walnut harvest harvest velvet cobalt compass walnut\"……（还有 707 个字节）",
            "提示：回答被截断了",
        ],
    );
}

#[test]
fn a_client_that_takes_the_close_for_a_reply_is_told_what_0_bytes_mean() {
    assert_diagnosis(
        &TCP_CLIENT,
        "takes-the-close-for-a-reply.rs",
        4,
        [
            "the server closed the connection after reply 1, and your program exited with code 0, as if every message had got its reply",
            "hint: read() returning Ok(0) is the server's close, not an empty reply",
        ],
        [
            "服务器在第 1 个回答之后关闭了连接，你的程序却以退出码 0 结束，好像每条消息都得到了回答",
            "提示：read() 返回 Ok(0) 表示服务器关闭了连接，不是一个空回答",
        ],
    );
}

#[test]
fn a_client_that_reads_on_after_the_close_is_told_within_the_deadline() {
    assert_diagnosis(
        &TCP_CLIENT,
        "reads-again-while-nothing-comes.rs",
        4,
        [
            "the server closed the connection after reply 1; 3 s later your program was still running",
            "hint: read() returning Ok(0) is the server's close",
        ],
        [
            "服务器在第 1 个回答之后关闭了连接；3 秒后你的程序还在运行",
            "提示：read() 返回 Ok(0) 表示服务器关闭了连接",
        ],
    );
}

#[test]
fn a_client_that_panics_at_the_close_is_told_so() {
    assert_diagnosis(
        &TCP_CLIENT,
        "panics-when-the-server-closes.rs",
        4,
        [
            "the server closed the connection after reply 1, and your program panicked (exit code 101)",
            "hint: read() returning Ok(0) is the server's close",
        ],
        [
            "服务器在第 1 个回答之后关闭了连接，你的程序 panic 了（退出码 101）",
            "提示：read() 返回 Ok(0) 表示服务器关闭了连接",
        ],
    );
}

#[test]
fn a_connection_per_message_is_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "connects-for-each-message.rs",
        3,
        [
            "your program closed its connection and connected again to send message 2",
            "hint: connect once, before the loop over the messages",
        ],
        [
            "你的程序关闭了连接，又重新连接来发第 2 条消息",
            "提示：在遍历消息的循环之前只连接一次",
        ],
    );
}

#[test]
fn a_trimmed_message_is_named() {
    assert_diagnosis(
        &TCP_CLIENT,
        "trims-the-messages.rs",
        3,
        [
            "message 2 should be \"socket pepper \", but only \"socket pepper\" came",
            "hint: send each argument as it is, one message per argument: not joined to the others, not trimmed",
        ],
        [
            "第 2 条消息应该是 \"socket pepper \"，却只来了 \"socket pepper\"",
            "提示：每个参数原样发出",
        ],
    );
}

#[test]
fn a_client_that_ends_without_a_word_is_told_to_say_why() {
    assert_diagnosis(
        &TCP_CLIENT,
        "exits-silently-when-the-server-closes.rs",
        4,
        [
            "the server closed the connection after reply 1, and your program ended with exit code 1, as it should, but said nothing on stderr about why",
            "hint: before exiting, print one line on stderr",
        ],
        [
            "服务器在第 1 个回答之后关闭了连接，你的程序以退出码 1 结束，这没错，但没有在 stderr 上说明原因",
            "提示：退出之前在 stderr 上打印一行",
        ],
    );
}

/// Right clients unlike the solution (tests/right/tcp-client/: a half-close after the
/// last message, then one read or a read to the end; replies read as lines; main
/// returning a Result) pass every stage: the checker asks for what the task says, not for
/// the solution's way of doing it.
#[test]
fn right_clients_unlike_the_solution_pass() {
    support::assert_right_programs_pass(&TCP_CLIENT);
}
