//! Exercise 3, byebye: every deliberately wrong server and client (tests/wrong/byebye/,
//! each beside the solution's other program) gets the diagnosis a student needs, in
//! English and in Chinese.

mod support;

use support::{Exercise, assert_diagnosis};

const BYEBYE: Exercise = Exercise {
    dir: "03-byebye",
    name: "byebye",
    stages: 5,
    roles: &["server", "client"],
};

/// Exercise 1's server, brought along: it answers on its own.
#[test]
fn a_server_that_answers_by_itself_is_told_to_answer_with_the_typed_line() {
    assert_diagnosis(
        &BYEBYE,
        "server-answers-by-itself.rs",
        1,
        [
            "your server answered client 1 with \"received 12 bytes\\n\" before any line was typed: it should answer with the line typed on its input",
            "hint: the answer is the next line typed on stdin",
        ],
        [
            "还没有键入任何一行，你的服务器就回答了客户端 1：\"received 12 bytes\\n\"；它应该用输入里键入的那一行回答",
            "提示：回答是 stdin 上键入的下一行",
        ],
    );
}

#[test]
fn a_server_that_sends_the_newline_is_told_to_drop_it() {
    assert_diagnosis(
        &BYEBYE,
        "server-sends-the-newline.rs",
        1,
        [
            "your server sent client 1 the typed line with its newline",
            "hint: read_line keeps the line's end",
        ],
        [
            "你的服务器把键入的那一行连同换行符一起发给了客户端 1",
            "提示：read_line 会保留行尾",
        ],
    );
}

#[test]
fn a_server_that_asks_for_the_answer_first_is_told_to_print_the_message_first() {
    assert_diagnosis(
        &BYEBYE,
        "server-asks-before-reading.rs",
        1,
        [
            "client 1 sent \"hello pepper\", and within 3 s your server printed no line that ends with it",
            "hint: take each message with one read() (no newline comes",
        ],
        [
            "客户端 1 发出了 \"hello pepper\"，3 秒内你的服务器没有打印出以它结尾的一行",
            "提示：每条消息用一次 read() 读取（不会有换行符",
        ],
    );
}

#[test]
fn a_server_that_answers_once_is_told_to_keep_the_connection() {
    assert_diagnosis(
        &BYEBYE,
        "server-answers-once.rs",
        1,
        [
            "your server closed the connection after one answer to client 1, where the conversation goes on until someone says byebye",
            "hint: keep the connection for the whole conversation",
        ],
        [
            "你的服务器回答客户端 1 一次就关闭了连接，而对话应该一直进行到有人说 byebye",
            "提示：整个对话都用同一个连接",
        ],
    );
}

#[test]
fn a_server_deaf_to_byebye_is_told_to_close() {
    assert_diagnosis(
        &BYEBYE,
        "server-ignores-byebye.rs",
        1,
        [
            "client 1 said byebye, and 3 s later your server still held the connection open",
            "hint: compare each message (the n bytes received, &buffer[..n], not the whole buffer) with \"byebye\" before",
        ],
        [
            "客户端 1 说了 byebye，3 秒后你的服务器还开着连接",
            "提示：先把每条消息（收到的 n 个字节，即 &buffer[..n]，不是整个缓冲区）和 \"byebye\" 比较",
        ],
    );
}

#[test]
fn a_server_that_serves_one_client_is_told_to_loop_over_accept() {
    assert_diagnosis(
        &BYEBYE,
        "server-serves-one-client.rs",
        2,
        [
            "your server ended (exit code 0) before client 2 came: a server goes on accepting clients",
            "hint: when a conversation ends, leave its loop (break), not main",
        ],
        [
            "客户端 2 还没来，你的服务器就结束了（退出码 0）：服务器要一直接受新的客户端",
            "提示：一次对话结束时，跳出的是对话的循环（break），而不是 main",
        ],
    );
}

/// The same server, slow to end: client 2's connection gets into the queue of a server
/// that will never accept it. It is still a server that ended before client 2 came.
#[test]
fn a_server_that_ends_slowly_after_one_client_is_told_the_same() {
    let program = std::fs::read_to_string(support::wrong(&BYEBYE, "server-serves-one-client.rs"))
        .expect("the wrong program is readable")
        .replace(
            "        if message == \"byebye\" {\n            return;",
            "        if message == \"byebye\" {\n            drop(stream);\n            std::thread::sleep(std::time::Duration::from_millis(300));\n            return;",
        );
    assert!(program.contains("sleep"), "the program changed: {program}");
    support::assert_diagnosis_of(
        &BYEBYE,
        "server-ends-slowly-after-one-client.rs",
        &program,
        2,
        [
            "your server ended (exit code 0) before client 2 came: a server goes on accepting clients",
            "hint: when a conversation ends, leave its loop (break), not main",
        ],
        [
            "客户端 2 还没来，你的服务器就结束了（退出码 0）：服务器要一直接受新的客户端",
            "提示：一次对话结束时，跳出的是对话的循环（break），而不是 main",
        ],
    );
}

#[test]
fn a_server_that_talks_on_after_its_own_byebye_is_told_to_close() {
    assert_diagnosis(
        &BYEBYE,
        "server-talks-on-after-its-byebye.rs",
        2,
        [
            "your server sent byebye to client 2, and 3 s later still held the connection open",
            "hint: after sending a typed byebye, leave",
        ],
        [
            "你的服务器给客户端 2 发了 byebye，3 秒后还开着连接",
            "提示：发出键入的 byebye 之后，也要跳出",
        ],
    );
}

/// The tutorial's own server does this: an empty recv() is shown as a message.
#[test]
fn a_server_stuck_on_a_closed_client_is_told_what_0_bytes_mean() {
    assert_diagnosis(
        &BYEBYE,
        "server-waits-on-a-closed-client.rs",
        2,
        [
            "client 3 closed the connection without a word, and then your server did not print client 4's message within 3 s: is it still busy with client 3?",
            "hint: read() returning Ok(0) is the client's close",
        ],
        [
            "客户端 3 一言不发地关闭了连接，之后你的服务器 3 秒内没有打印客户端 4 的消息：它还在忙着处理客户端 3 吗？",
            "提示：read() 返回 Ok(0) 表示客户端关闭了连接",
        ],
    );
}

#[test]
fn a_client_that_sends_the_newline_is_told_to_drop_it() {
    assert_diagnosis(
        &BYEBYE,
        "client-sends-the-newline.rs",
        3,
        [
            "your client sent line 1 with its newline",
            "hint: read_line keeps the line's end",
        ],
        [
            "你的客户端把第 1 行连同换行符一起发了出来",
            "提示：read_line 会保留行尾",
        ],
    );
}

#[test]
fn a_client_that_prints_nothing_is_told_to_print_each_answer() {
    assert_diagnosis(
        &BYEBYE,
        "client-prints-nothing.rs",
        3,
        [
            "within 3 s your client printed no line that ends with answer 1, \"falcon velvet\"",
            "hint: take each answer with one read() (no newline comes",
        ],
        [
            "3 秒内你的客户端没有打印出以第 1 个回答 \"falcon velvet\" 结尾的一行",
            "提示：每个回答用一次 read() 读取（不会有换行符",
        ],
    );
}

#[test]
fn a_client_that_keeps_its_byebye_is_told_to_send_it() {
    assert_diagnosis(
        &BYEBYE,
        "client-closes-without-byebye.rs",
        3,
        [
            "your client ended (exit code 0) before sending line 4, \"byebye\"",
            "hint: send byebye like any other line",
        ],
        [
            "你的客户端还没发出第 4 行 \"byebye\" 就结束了（退出码 0）",
            "提示：byebye 要和别的行一样发出去",
        ],
    );
}

#[test]
fn a_client_that_waits_for_an_answer_to_byebye_is_told_none_comes() {
    assert_diagnosis(
        &BYEBYE,
        "client-waits-for-an-answer-to-byebye.rs",
        3,
        [
            "3 s after it sent byebye, your client still held the connection open",
            "hint: after sending byebye, leave the loop at once",
        ],
        [
            "发出 byebye 之后 3 秒，你的客户端还开着连接",
            "提示：发出 byebye 之后立刻跳出循环",
        ],
    );
}

#[test]
fn a_client_deaf_to_the_servers_byebye_is_told_to_end() {
    assert_diagnosis(
        &BYEBYE,
        "client-ignores-the-servers-byebye.rs",
        4,
        [
            "3 s after the server's byebye, your client still held the connection open",
            "hint: compare each answer with \"byebye\"",
        ],
        [
            "服务器说 byebye 之后 3 秒，你的客户端还开着连接",
            "提示：把每个回答和 \"byebye\" 比较",
        ],
    );
}

#[test]
fn a_client_that_sends_nothing_at_the_end_of_input_is_told_what_ok_0_means() {
    assert_diagnosis(
        &BYEBYE,
        "client-sends-nothing-at-the-end-of-input.rs",
        5,
        [
            "3 s after its input ended, your client still held the connection open",
            "hint: read_line returning Ok(0) is the end of the input",
        ],
        [
            "输入结束之后 3 秒，你的客户端还开着连接",
            "提示：read_line 返回 Ok(0) 表示输入结束了",
        ],
    );
}

#[test]
fn a_client_that_panics_at_the_end_of_input_is_shown_its_panic() {
    assert_diagnosis(
        &BYEBYE,
        "client-panics-at-the-end-of-input.rs",
        5,
        [
            "after its input ended, your client ended with exit code 101, where a conversation that ended well ends with exit code 0",
            "hint: your program panicked",
        ],
        [
            "输入结束之后，你的客户端以退出码 101 结束；对话正常结束时应以退出码 0 结束",
            "提示：你的程序 panic 了",
        ],
    );
}

/// A long message, nearly 1024 bytes, shows a buffer smaller than recv(1024)'s.
#[test]
fn a_server_with_a_small_buffer_is_told_its_size() {
    assert_diagnosis(
        &BYEBYE,
        "server-small-buffer.rs",
        1,
        [
            "client 1 sent \"river socket comet tiger apple orbit silver comet comet pepper harbor maple harb\"... (858 more bytes), and within 3 s your server printed no line that ends with it",
            "hint: only the start of the message was printed: read into a buffer of 1024 bytes",
        ],
        [
            "客户端 1 发出了 \"river socket comet tiger apple orbit silver comet comet pepper harbor maple harb\"……（还有 858 个字节），3 秒内你的服务器没有打印出以它结尾的一行",
            "提示：只打印出了消息的开头：要读进 1024 字节的缓冲区",
        ],
    );
}

#[test]
fn a_server_that_compares_its_whole_buffer_is_told_to_compare_n_bytes() {
    assert_diagnosis(
        &BYEBYE,
        "server-compares-the-whole-buffer.rs",
        1,
        [
            "client 1 said byebye, and 3 s later your server still held the connection open",
            "hint: compare each message (the n bytes received, &buffer[..n], not the whole buffer) with \"byebye\"",
        ],
        [
            "客户端 1 说了 byebye，3 秒后你的服务器还开着连接",
            "提示：先把每条消息（收到的 n 个字节，即 &buffer[..n]，不是整个缓冲区）和 \"byebye\" 比较",
        ],
    );
}

/// A message shown with the buffer's zeros after it (invisible in a terminal) is not
/// shown: the sentence says where it should be, the hint what follows it.
#[test]
fn a_server_that_shows_its_whole_buffer_is_told_to_take_n_bytes() {
    assert_diagnosis(
        &BYEBYE,
        "server-shows-the-whole-buffer.rs",
        1,
        [
            "client 1 sent \"hello pepper\", and within 3 s your server printed no line that ends with it",
            "hint: your program printed zero bytes (\\0) after what it received",
        ],
        [
            "客户端 1 发出了 \"hello pepper\"，3 秒内你的服务器没有打印出以它结尾的一行",
            "提示：你的程序在收到的内容后面打印出了零字节（\\0）",
        ],
    );
}

#[test]
fn a_client_with_a_small_buffer_is_told_the_answer_was_cut() {
    assert_diagnosis(
        &BYEBYE,
        "client-small-buffer.rs",
        3,
        [
            "within 3 s your client printed no line that ends with answer 3, \"cobalt harvest glacier saffron glacier glacier violin meadow kettle walnut sunri\"... (749 more bytes)",
            "hint: the reply was cut: read into a buffer of 1024 bytes",
        ],
        [
            "3 秒内你的客户端没有打印出以第 3 个回答 \"cobalt harvest glacier saffron glacier glacier violin meadow kettle walnut sunri\"……（还有 749 个字节） 结尾的一行",
            "提示：回答被截断了：要读进 1024 字节的缓冲区",
        ],
    );
}

/// Tutorial 001's next program, the two-thread chat, is not this conversation: a line
/// typed ahead goes out before the answer to the last one came.
#[test]
fn a_client_that_sends_from_a_thread_is_told_to_take_turns() {
    assert_diagnosis(
        &BYEBYE,
        "client-sends-from-a-thread.rs",
        3,
        [
            "line 2 was typed before the answer to line 1 came, and your client sent it at once, \"你好 harbor\": it should first wait for that answer and print it",
            "hint: the conversation takes turns",
        ],
        [
            "第 1 行的回答还没来时键入了第 2 行，你的客户端立刻把它发了出去：\"你好 harbor\"；它应该先等那个回答，并把它打印出来",
            "提示：对话是轮流进行的",
        ],
    );
}

/// Right programs unlike the solution (tests/right/byebye/: stdin read through one
/// `lines()` for every client, trimmed words, a half-close after byebye, a byebye at the
/// end of the input, a read until the server closes) pass every stage, each beside the
/// solution's other program.
#[test]
fn right_programs_unlike_the_solution_pass() {
    support::assert_right_programs_pass(&BYEBYE);
}
