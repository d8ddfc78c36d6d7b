//! Exercise 4, framing: every deliberately wrong reader or writer (tests/wrong/framing/)
//! gets the diagnosis a student needs, in English and in Chinese; right programs written
//! unlike the solution (tests/right/framing/) pass.

mod support;

use support::{Exercise, assert_diagnosis};

const FRAMING: Exercise = Exercise {
    dir: "04-framing",
    name: "framing",
    stages: 6,
    roles: &[],
};

#[test]
fn an_answer_without_a_length_is_named() {
    assert_diagnosis(
        &FRAMING,
        "answers-without-a-length.rs",
        1,
        [
            "your server's answer to message 1 of client 1 has no length in front: its first 4 bytes, \"rece\", read as a length say 1919247205 bytes",
            "hint: send the length first: (message.len() as u32).to_be_bytes(), then the message, in one buffer and one write_all",
        ],
        [
            "你的服务器对客户端 1 第 1 条消息的回答前面没有长度：它的前 4 个字节 \"rece\" 当作长度读，是 1919247205 个字节",
            "提示：先发长度：(message.len() as u32).to_be_bytes()，再发消息，放进同一个缓冲区，用一次 write_all 发出",
        ],
    );
}

#[test]
fn a_little_endian_length_is_named() {
    assert_diagnosis(
        &FRAMING,
        "writes-the-length-little-endian.rs",
        1,
        [
            "your server wrote the length of its answer to message 1 of client 1 little-endian: it means 18 bytes, but read in network byte order (big-endian) it says 301989888",
            "hint: network byte order is big-endian",
        ],
        [
            "你的服务器把对客户端 1 第 1 条消息的回答长度写成了小端序：本意是 18 个字节，按网络字节序（大端序）读却是 301989888",
            "提示：网络字节序是大端序",
        ],
    );
}

#[test]
fn a_length_read_little_endian_is_refused_and_told_so() {
    assert_diagnosis(
        &FRAMING,
        "reads-the-length-little-endian.rs",
        1,
        [
            "your server closed client 1's connection without answering its message 1",
            "hint: your server dropped the connection on a message within the limit",
        ],
        [
            "你的服务器没有回答客户端 1 的第 1 条消息，就关闭了连接",
            "提示：你的服务器在一条没有超长的消息上丢掉了连接",
        ],
    );
}

#[test]
fn a_usize_length_is_told_its_width() {
    assert_diagnosis(
        &FRAMING,
        "writes-a-usize-length.rs",
        1,
        [
            "the length in front of your server's answer to message 1 of client 1 is 8 bytes long, not 4",
            "hint: the length is 4 bytes, a u32",
        ],
        [
            "你的服务器对客户端 1 第 1 条消息的回答，前面的长度占了 8 个字节，而不是 4 个",
            "提示：长度是 4 个字节，即一个 u32",
        ],
    );
}

#[test]
fn a_length_that_counts_itself_is_told_what_it_counts() {
    assert_diagnosis(
        &FRAMING,
        "counts-the-length-in-the-length.rs",
        1,
        [
            "the length in front of your server's answer to message 1 of client 1 says 22 bytes, but the answer is 18 bytes",
            "hint: the length in front counts the bytes of the message after it",
        ],
        [
            "你的服务器对客户端 1 第 1 条消息的回答，前面的长度说是 22 个字节，回答本身却是 18 个字节",
            "提示：前面的长度数的是它后面那条消息的字节数",
        ],
    );
}

#[test]
fn one_recv_taken_for_a_message_counts_the_length_too() {
    assert_diagnosis(
        &FRAMING,
        "reads-one-recv-as-a-message.rs",
        1,
        [
            "your server answered \"received 16 bytes\" to message 1 of client 1, which is 12 bytes long",
            "hint: your server counted the 4 bytes of the length as part of the message",
        ],
        [
            "客户端 1 的第 1 条消息长 12 个字节，你的服务器却回答 \"received 16 bytes\"",
            "提示：你的服务器把 4 个字节的长度也算进了消息",
        ],
    );
}

#[test]
fn a_server_that_ends_at_an_empty_message_is_told_it_is_a_message() {
    assert_diagnosis(
        &FRAMING,
        "closes-on-an-empty-message.rs",
        2,
        [
            "client 1's message 3 was empty (length 0), and your server closed the connection instead of answering it",
            "hint: a length of 0 is a message with no bytes",
        ],
        [
            "客户端 1 的第 3 条消息是空的（长度为 0），你的服务器没有回答，而是关闭了连接",
            "提示：长度为 0 是一条没有字节的消息",
        ],
    );
}

/// A read() into an empty buffer waits for a byte on Linux (recvfrom with a length of 0
/// blocked until the close under strace): the empty message finds this reader out.
/// Elsewhere such a read may return at once, and the reader fail later.
#[cfg(target_os = "linux")]
#[test]
fn a_message_read_with_one_read_waits_at_the_empty_one() {
    assert_diagnosis(
        &FRAMING,
        "reads-the-message-with-one-read.rs",
        2,
        [
            "client 1 sent message 3 and got no answer at all within 3 s",
            "hint: the message was empty: on Linux a read() into an empty buffer does not return at once",
        ],
        [
            "客户端 1 发出了第 3 条消息，3 秒内完全没有收到回答",
            "提示：这条消息是空的：在 Linux 上，read() 读进一个空缓冲区并不会立即返回",
        ],
    );
}

#[test]
fn a_reader_that_drops_what_came_glued_behind_is_told_of_sticky_packets() {
    assert_diagnosis(
        &FRAMING,
        "keeps-only-the-first-of-glued-messages.rs",
        3,
        [
            "client 2 sent 4 messages glued together in one write, and your server answered 1 of them",
            "hint: one read() took the next messages too, glued behind the first (sticky packets, 粘包)",
        ],
        [
            "客户端 2 在一次写入里发出了粘在一起的 4 条消息，你的服务器只回答了其中 1 条",
            "提示：一次 read() 把后面粘在一起的消息也读走了（粘包）",
        ],
    );
}

#[test]
fn a_server_that_spins_on_a_closed_connection_is_told_what_0_means() {
    assert_diagnosis(
        &FRAMING,
        "spins-on-a-closed-connection.rs",
        2,
        [
            "client 1 closed its side of the connection, and your server kept its own side open for 3 s instead of closing it too",
            "hint: read() returning Ok(0) means the client closed",
        ],
        [
            "客户端 1 关闭了自己这一端的连接，你的服务器却让自己那一端开了 3 秒，没有跟着关闭",
            "提示：read() 返回 Ok(0) 表示客户端关闭了连接",
        ],
    );
}

#[test]
fn a_server_that_answers_the_close_is_told_it_is_no_message() {
    assert_diagnosis(
        &FRAMING,
        "takes-the-close-for-an-empty-message.rs",
        2,
        [
            "client 1 closed its side of the connection between two messages, and your server answered: it took the close for a message",
            "hint: a read() of 0 bytes before the first byte of a length is the client's close, not a message",
        ],
        [
            "客户端 1 在两条消息之间关闭了自己这一端的连接，你的服务器却回答了：它把关闭当成了一条消息",
            "提示：在长度的第一个字节之前 read() 读到 0 个字节，是客户端关闭了连接，不是一条消息",
        ],
    );
}

#[test]
fn a_bufreader_made_for_each_message_loses_what_it_read_ahead() {
    assert_diagnosis(
        &FRAMING,
        "reads-through-a-new-bufreader.rs",
        3,
        [
            "client 2 sent 4 messages glued together in one write, and your server answered 1 of them",
            "A BufReader made inside read_message reads ahead too",
        ],
        [
            "客户端 2 在一次写入里发出了粘在一起的 4 条消息，你的服务器只回答了其中 1 条",
            "在 read_message 里新建的 BufReader 也会预先多读",
        ],
    );
}

#[test]
fn a_length_taken_from_one_read_fails_when_it_comes_byte_by_byte() {
    assert_diagnosis(
        &FRAMING,
        "reads-the-length-with-one-read.rs",
        4,
        [
            "your server answered \"received 0 bytes\" to message 2 of client 3, which is 8 bytes long",
            "hint: a read() may return a single byte",
        ],
        [
            "客户端 3 的第 2 条消息长 8 个字节，你的服务器却回答 \"received 0 bytes\"",
            "提示：一次 read() 可能只返回一个字节",
        ],
    );
}

#[test]
fn a_server_without_a_limit_is_told_to_refuse() {
    assert_diagnosis(
        &FRAMING,
        "has-no-limit.rs",
        5,
        [
            "client 4's length announced a message of 65537 bytes, over the limit of 65536, and your server answered it: it should refuse it and close the connection",
            "hint: check the length before reading the message",
        ],
        [
            "客户端 4 发来的长度说消息有 65537 个字节，超过了 65536 的上限，你的服务器却回答了：它应该拒绝这条消息并关闭连接",
            "提示：读消息之前先检查长度",
        ],
    );
}

#[test]
fn a_limit_off_by_one_is_told_the_limit_is_allowed() {
    assert_diagnosis(
        &FRAMING,
        "refuses-64-kib.rs",
        5,
        [
            "client 4's message 2 was exactly 64 KiB (65536 bytes), the largest allowed, and your server closed the connection instead of answering it",
            "hint: MAX_MESSAGE itself is allowed",
        ],
        [
            "客户端 4 的第 2 条消息正好 64 KiB（65536 字节），是允许的最大长度，你的服务器却没有回答，而是关闭了连接",
            "提示：MAX_MESSAGE 本身是允许的",
        ],
    );
}

#[test]
fn a_server_that_panics_on_a_broken_message_is_told_to_return_the_error() {
    assert_diagnosis(
        &FRAMING,
        "panics-on-a-broken-message.rs",
        6,
        [
            "your server exited (exit code 101) after client 8 left inside a message",
            "hint: a client that breaks off or breaks the rules is that client's error, not the server's",
        ],
        [
            "客户端 8 在消息中途离开之后，你的服务器退出了（退出码 101）",
            "提示：客户端中途断开或者违反规则，是这个客户端的错误，不是服务器的",
        ],
    );
}

#[test]
fn a_server_that_answers_a_cut_message_is_told_it_never_came_whole() {
    assert_diagnosis(
        &FRAMING,
        "answers-a-cut-message.rs",
        6,
        [
            "client 8 sent only the first 7 bytes of a message and closed its side of the connection, and your server answered a message that never came whole",
            "hint: a message that never came whole must not be answered",
        ],
        [
            "客户端 8 只发了一条消息的前 7 个字节，就关闭了自己这一端的连接，你的服务器却回答了这条没有完整到达的消息",
            "提示：没有完整到达的消息不能回答",
        ],
    );
}

/// The message read with take() and read_to_end, the length and the message sent with
/// two writes; the length read with read_exact, a clean close an error.
#[test]
fn right_programs_unlike_the_solution_pass() {
    support::assert_right_programs_pass(&FRAMING);
}
