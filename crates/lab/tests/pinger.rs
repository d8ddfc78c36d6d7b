//! Exercise 6, pinger: every deliberately wrong pinger (tests/wrong/pinger/) gets the
//! diagnosis a student needs, in English and in Chinese; right pingers unlike the
//! solution pass.

mod support;

use support::{Exercise, assert_diagnosis, assert_right_programs_pass, assert_timed_diagnosis};

const PINGER: Exercise = Exercise {
    dir: "06-pinger",
    name: "pinger",
    stages: 5,
    roles: &[],
};

#[test]
fn an_average_in_the_middle_of_min_and_max_is_told_to_take_the_mean() {
    assert_timed_diagnosis(
        &PINGER,
        "avg-is-the-middle.rs",
        2,
        [
            "your rtt avg is T ms, where the checker held the 6 echoes it sent for T to T ms, so avg T ms (a round trip takes that, and at most a few ms more)",
            "hint: avg is the mean over the replies received: the sum of their roun",
        ],
        [
            "你的 rtt avg 是 T 毫秒，而检查器发出的 6 个回显各压了 T 到 T 毫秒，所以 avg 是 T 毫秒（往返时间就是这么多，最多再多几毫秒）",
            "提示：avg 是对收到的回答求平均：它们的往返时间之和除以它们的个数（不是除以发",
        ],
    );
}

#[test]
fn an_average_over_the_probes_sent_is_told_to_average_the_replies() {
    assert_timed_diagnosis(
        &PINGER,
        "avg-over-sent.rs",
        3,
        [
            "your rtt avg is T ms, where the checker held the 3 echoes it sent for T to T ms, so avg T ms (a round trip takes that, and at most a few ms more)",
            "hint: avg is the mean over the replies received: the sum of their roun",
        ],
        [
            "你的 rtt avg 是 T 毫秒，而检查器发出的 3 个回显各压了 T 到 T 毫秒，所以 avg 是 T 毫秒（往返时间就是这么多，最多再多几毫秒）",
            "提示：avg 是对收到的回答求平均：它们的往返时间之和除以它们的个数（不是除以发",
        ],
    );
}

#[test]
fn a_pinger_that_counts_a_duplicate_as_a_reply_is_told_which_echo_it_took() {
    assert_diagnosis(
        &PINGER,
        "counts-a-duplicate-as-a-reply.rs",
        4,
        [
            "your pinger took the second copy of probe 3's echo for probe 4's reply: it went on before probe 4's echo was sent",
            "hint: read the number in each echo (\"ping 3\" is probe 3's): only the e",
        ],
        [
            "你的 pinger 把第 3 个探测包回显的第二份当成了第 4 个探测包的回答：第 4 个的回显还没发出，它就往下走了",
            "提示：读出每个回显里的编号（\"ping 3\" 是第 3 个探测包的）：只有正在等",
        ],
    );
}

#[test]
fn an_echo_of_a_probe_never_sent_counted_as_late_is_told_it_is_not_ours() {
    assert_diagnosis(
        &PINGER,
        "counts-a-stray-as-late.rs",
        4,
        [
            "your summary says late 2, duplicates 2, where the checker sent late 1, duplicates 2: of the 8 probes, the checker echoed 6 in time; it dropped the echo of probe 2, held back the echo of probe 7 until the next probe came (late), sent the echo of probes 3 and 6 twice and sent ping 2 while probe 1 was awaited, before probe 2 was sent",
            "hint: only the echo of an earlier probe is late or a duplicate: an ech",
        ],
        [
            "你的总结说迟到 2 个、重复 2 个，而检查器发出的是迟到 1 个、重复 2 个：8 个探测包里，检查器按时回显了 6 个；它丢掉了第 2 个探测包的回显，等下一个探测包来了才发第 7 个探测包的回显（迟到），把第 3、6 个探测包的回显发了两次，在等第 1 个探测包时发了 ping 2，那时第 2 个探测包还没发出",
            "提示：只有更早的探测包的回显才算迟到或重复：编号是这次运行还没发出的回显（比如上",
        ],
    );
}

#[test]
fn a_duplicate_counted_as_late_is_told_apart() {
    assert_diagnosis(
        &PINGER,
        "counts-duplicates-as-late.rs",
        4,
        [
            "your summary says late 3, duplicates 0, where the checker sent late 1, duplicates 2: of the 8 probes, the checker echoed 6 in time; it dropped the echo of probe 2, held back the echo of probe 7 until the next probe came (late), sent the echo of probes 3 and 6 twice and sent ping 2 while probe 1 was awaited, before probe 2 was sent",
            "hint: an earlier probe's echo is late only if that probe timed out; if",
        ],
        [
            "你的总结说迟到 3 个、重复 0 个，而检查器发出的是迟到 1 个、重复 2 个：8 个探测包里，检查器按时回显了 6 个；它丢掉了第 2 个探测包的回显，等下一个探测包来了才发第 7 个探测包的回显（迟到），把第 3、6 个探测包的回显发了两次，在等第 1 个探测包时发了 ping 2，那时第 2 个探测包还没发出",
            "提示：更早的探测包的回显，只有在那个探测包已经超时的情况下才算迟到；如果它已经得",
        ],
    );
}

#[test]
fn duplicates_counted_as_received_are_told_the_story_of_each_echo() {
    assert_diagnosis(
        &PINGER,
        "counts-duplicates-in-received.rs",
        4,
        [
            "your summary says 8 received, where 6 probes got their reply: of the 8 probes, the checker echoed 6 in time; it dropped the echo of probe 2, held back the echo of probe 7 until the next probe came (late), sent the echo of probes 3 and 6 twice and sent ping 2 while probe 1 was awaited, before probe 2 was sent",
            "hint: a second echo of a probe that already had its reply is a duplica",
        ],
        [
            "你的总结说收到了 8 个，而得到回答的探测包是 6 个：8 个探测包里，检查器按时回显了 6 个；它丢掉了第 2 个探测包的回显，等下一个探测包来了才发第 7 个探测包的回显（迟到），把第 3、6 个探测包的回显发了两次，在等第 1 个探测包时发了 ping 2，那时第 2 个探测包还没发出",
            "提示：已经得到回答的探测包又来了一个回显，那是重复的：计入 duplicates",
        ],
    );
}

#[test]
fn exit_code_1_after_a_loss_is_told_a_loss_is_a_result() {
    assert_diagnosis(
        &PINGER,
        "exits-1-after-a-loss.rs",
        3,
        [
            "your pinger ended with exit code 1 after its last probe, where a pinger that did its work ends with exit code 0 (a loss is a result, not an error)",
            "hint: after the summary let main end normally: a pinger reports losses",
        ],
        [
            "你的 pinger 在最后一个探测包之后以 退出码 1 结束，而完成了任务的 pinger 应该以退出码 0 结束（丢包是结果，不是错误）",
            "提示：打印总结之后让 main 正常结束：pinger 在总结里报告丢包，退出码",
        ],
    );
}

#[test]
fn a_pinger_that_ends_at_its_first_loss_is_told_to_go_on() {
    assert_diagnosis(
        &PINGER,
        "exits-at-a-timeout.rs",
        3,
        [
            "the echo of probe 1 was lost, and your pinger exited (exit code 1) instead of going on with the next probe",
            "hint: a timeout is not an error for a pinger: print seq=N timeout, cou",
        ],
        [
            "第 1 个探测包的回显丢了，你的 pinger 就退出了（退出码 1），没有接着发下一个",
            "提示：对 pinger 来说超时不是错误：打印 seq=N timeout，把这",
        ],
    );
}

#[test]
fn an_end_without_a_word_where_nobody_receives_is_told_to_say_why() {
    assert_diagnosis(
        &PINGER,
        "exits-silently-when-nobody-is-there.rs",
        5,
        [
            "no program receives at 127.0.0.1:PORT, and your pinger ended (exit code 1) without a word on stderr",
            "hint: before exiting, print one line on stderr that says what happened",
        ],
        [
            "127.0.0.1:PORT 上没有程序接收，你的 pinger 结束了（退出码 1），stderr 上却一句话也没有",
            "提示：退出之前，在 stderr 上打印一行说明发生了什么（eprintln!）",
        ],
    );
}

#[test]
fn a_loss_over_the_replies_is_told_the_share_of_the_probes_sent() {
    assert_diagnosis(
        &PINGER,
        "loss-over-received.rs",
        3,
        [
            "your summary says 66.7% loss, where 2 of 5 probes lost is 40.0%",
            "hint: loss is the share of probes sent that got no reply, in percent: ",
        ],
        [
            "你的总结说丢失率 66.7%，而 5 个探测包丢了 2 个是 40.0%",
            "提示：丢失率是发出的探测包里没有得到回答的比例，用百分数表示：100.0 * (",
        ],
    );
}

#[test]
fn a_new_socket_per_probe_is_told_it_never_hears_late_echoes() {
    assert_diagnosis(
        &PINGER,
        "new-socket-per-probe.rs",
        4,
        [
            "your summary says late 0, duplicates 0, where the checker sent late 1, duplicates 2: of the 8 probes, the checker echoed 6 in time; it dropped the echo of probe 2, held back the echo of probe 7 until the next probe came (late), sent the echo of probes 3 and 6 twice and sent ping 2 while probe 1 was awaited, before probe 2 was sent",
            "hint: use one socket for the whole run: a late or second echo goes bac",
        ],
        [
            "你的总结说迟到 0 个、重复 0 个，而检查器发出的是迟到 1 个、重复 2 个：8 个探测包里，检查器按时回显了 6 个；它丢掉了第 2 个探测包的回显，等下一个探测包来了才发第 7 个探测包的回显（迟到），把第 3、6 个探测包的回显发了两次，在等第 1 个探测包时发了 ping 2，那时第 2 个探测包还没发出",
            "提示：整个运行只用一个套接字：迟到的或第二份回显会回到它的探测包发出的那个端口，",
        ],
    );
}

#[test]
fn probes_numbered_from_0_are_told_to_start_at_1() {
    assert_diagnosis(
        &PINGER,
        "numbers-from-0.rs",
        1,
        [
            "probe 1 should be \"ping 1\", and \"ping 0\" came",
            "hint: number the probes from 1, as ping does: for seq in 1..=count",
        ],
        [
            "第 1 个探测包应该是 \"ping 1\"，来的却是 \"ping 0\"",
            "提示：探测包从 1 开始编号，和 ping 一样：for seq in 1..=",
        ],
    );
}

#[test]
fn a_panic_where_nobody_receives_is_told_to_say_so_instead() {
    assert_diagnosis(
        &PINGER,
        "panics-when-nobody-is-there.rs",
        5,
        [
            "no program receives at 127.0.0.1:PORT, and your pinger panicked (exit code 101)",
            "hint: where nobody receives, a connect()ed socket's recv returns Conne",
        ],
        [
            "127.0.0.1:PORT 上没有程序接收，你的 pinger 就 panic 了（退出码 101）",
            "提示：地址上没有程序接收时，connect() 过的套接字的 recv 会返回 ",
        ],
    );
}

#[test]
fn a_probe_with_a_newline_is_shown_byte_by_byte() {
    assert_diagnosis(
        &PINGER,
        "probe-with-a-newline.rs",
        1,
        [
            "probe 1 should be \"ping 1\", and \"ping 1\\n\" came",
            "hint: a datagram is a message already: send format!(\"ping {seq}\") with",
        ],
        [
            "第 1 个探测包应该是 \"ping 1\"，来的却是 \"ping 1\\n\"",
            "提示：数据报本身就是一条消息：发 format!(\"ping {seq}\")，不",
        ],
    );
}

#[test]
fn round_trips_timed_from_the_start_are_told_the_times_held() {
    assert_timed_diagnosis(
        &PINGER,
        "rtt-from-the-start.rs",
        2,
        [
            "your rtt min is T ms, where the checker held the 6 echoes it sent for T to T ms, so min T ms (a round trip takes that, and at most a few ms more)",
            "hint: time each probe with Instant::now() just before its send, and .e",
        ],
        [
            "你的 rtt min 是 T 毫秒，而检查器发出的 6 个回显各压了 T 到 T 毫秒，所以 min 是 T 毫秒（往返时间就是这么多，最多再多几毫秒）",
            "提示：每个探测包在发送前一刻取 Instant::now()，在它自己的回显到达",
        ],
    );
}

#[test]
fn round_trips_in_seconds_are_told_to_print_milliseconds() {
    assert_timed_diagnosis(
        &PINGER,
        "rtt-in-seconds.rs",
        2,
        [
            "your rtt min is T ms, where the checker held the 6 echoes it sent for T to T ms, so min T ms (a round trip takes that, and at most a few ms more)",
            "hint: the rtt line is in milliseconds: duration.as_secs_f64() * 1000.0",
        ],
        [
            "你的 rtt min 是 T 毫秒，而检查器发出的 6 个回显各压了 T 到 T 毫秒，所以 min 是 T 毫秒（往返时间就是这么多，最多再多几毫秒）",
            "提示：rtt 那一行的单位是毫秒：duration.as_secs_f64() ",
        ],
    );
}

#[test]
fn a_pinger_that_sends_every_probe_at_once_is_told_it_did_not_wait() {
    assert_diagnosis(
        &PINGER,
        "sends-all-first.rs",
        2,
        [
            "the next probe came right after probe 1, before its echo was sent: your pinger did not wait",
            "hint: after each probe, wait for its echo (recv_from, with a read time",
        ],
        [
            "第 1 个探测包之后紧接着就来了下一个，那时它的回显还没发出：你的 pinger 没有等",
            "提示：每发一个探测包，先等它的回显（recv_from，读超时设为 REPLY_",
        ],
    );
}

#[test]
fn a_summary_in_other_words_is_shown_the_form_to_print() {
    assert_diagnosis(
        &PINGER,
        "summary-in-its-own-words.rs",
        2,
        [
            "the checker cannot read the numbers of your summary line \"sent 6, received 6, lost 0.0%, late 0, duplicates 0\"; it should read: 6 sent, 6 received, 0.0% loss (late 0, duplicates 0)",
            "hint: end with the summary in exactly this form: println!(\"{count} sen",
        ],
        [
            "检查器读不出你的总结行 \"sent 6, received 6, lost 0.0%, late 0, duplicates 0\" 里的数字；它应该是：6 sent, 6 received, 0.0% loss (late 0, duplicates 0)",
            "提示：最后按这个格式打印总结：println!(\"{count} sent, {",
        ],
    );
}

#[test]
fn a_pinger_that_takes_any_datagram_is_told_it_took_a_stray() {
    assert_diagnosis(
        &PINGER,
        "takes-any-datagram.rs",
        4,
        [
            "your pinger took ping 2, the echo of a probe it had not sent yet, for probe 1's reply: it went on before probe 1's echo was sent",
            "hint: read the number in each echo (\"ping 3\" is probe 3's): only the e",
        ],
        [
            "你的 pinger 把 ping 2（一个它还没发出的探测包的回显）当成了第 1 个探测包的回答：第 1 个的回显还没发出，它就往下走了",
            "提示：读出每个回显里的编号（\"ping 3\" 是第 3 个探测包的）：只有正在等",
        ],
    );
}

#[test]
fn a_timeout_too_short_is_told_when_the_echo_was_due() {
    assert_timed_diagnosis(
        &PINGER,
        "timeout-too-short.rs",
        2,
        [
            "your pinger gave up on probe 1 after T ms and sent the next one; its echo was due after T ms, well within a T ms timeout",
            "hint: wait the whole REPLY_TIMEOUT, 300 ms, for each echo: set_read_ti",
        ],
        [
            "你的 pinger 在 T 毫秒后就放弃了第 1 个探测包，发出了下一个；它的回显本该在 T 毫秒后到达，远在 T 毫秒的超时之内",
            "提示：每个回显都要等满 REPLY_TIMEOUT，也就是 300 毫秒：set",
        ],
    );
}

#[test]
fn a_pinger_without_a_timeout_is_reported_within_seconds() {
    assert_diagnosis(
        &PINGER,
        "waits-for-ever.rs",
        3,
        [
            "the echo of probe 1 was lost, and 2 s later your pinger had not sent the next probe: it waits for ever",
            "hint: give the socket a read timeout, set_read_timeout(Some(REPLY_TIME",
        ],
        [
            "第 1 个探测包的回显丢了，2 秒后你的 pinger 还没发下一个探测包：它会永远等下去",
            "提示：给套接字设读超时 set_read_timeout(Some(REPLY_",
        ],
    );
}

#[test]
fn a_datagram_after_the_last_probe_is_shown() {
    assert_diagnosis(
        &PINGER,
        "says-bye-at-the-end.rs",
        2,
        [
            "after its last probe your pinger sent one more datagram, \"bye\"",
            "hint: send exactly the number of probes given as the second argument, one after another, then print the summary and let main end",
        ],
        [
            "最后一个探测包之后，你的 pinger 又发来了一个数据报：\"bye\"",
            "提示：正好发出第二个参数给定数量的探测包，一个接一个，然后打印总结，让 main 结束",
        ],
    );
}

#[test]
fn a_pinger_still_running_after_its_last_probe_is_told_to_end() {
    assert_diagnosis(
        &PINGER,
        "waits-for-stragglers-for-ever.rs",
        2,
        [
            "your pinger had sent every probe, but was still running 3 s later",
            "hint: after the last probe's echo (or its timeout), print the summary and let main end",
        ],
        [
            "你的 pinger 已经发完了所有探测包，但 3 秒后还在运行",
            "提示：最后一个探测包的回显到了（或者超时了）之后，打印总结，让 main 结束",
        ],
    );
}

#[test]
fn a_pinger_that_tries_a_refused_probe_for_ever_is_told_to_give_up() {
    assert_diagnosis(
        &PINGER,
        "resends-a-refused-probe-for-ever.rs",
        5,
        [
            "no program receives at 127.0.0.1:PORT, and 3 s later your pinger was still running",
            "or count the probe as lost and go on), never unwrap() it into a panic, nor try again for ever",
        ],
        [
            "127.0.0.1:PORT 上没有程序接收，3 秒后你的 pinger 还在运行",
            "不要用 unwrap() 把它变成 panic，也不要一直重试",
        ],
    );
}

#[test]
fn a_tcp_pinger_is_told_to_send_datagrams() {
    assert_diagnosis(
        &PINGER,
        "uses-tcp.rs",
        1,
        [
            "your program connected to 127.0.0.1:PORT with TCP, where it should send a UDP datagram",
            "hint: UDP is socket(AF_INET, SOCK_DGRAM): UdpSocket::bind(\"127.0.0.1:0\"), then send_to and recv_from",
        ],
        [
            "你的程序用 TCP 连接了 127.0.0.1:PORT，而它应该发送 UDP 数据报",
            "提示：UDP 是 socket(AF_INET, SOCK_DGRAM)：UdpSocket::bind(\"127.0.0.1:0\")",
        ],
    );
}

#[test]
fn right_pingers_unlike_the_solution_pass() {
    assert_right_programs_pass(&PINGER);
}
