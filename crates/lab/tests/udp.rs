//! Exercise 5, udp: every deliberately wrong server and client (tests/wrong/udp/, each
//! beside the solution's other program) gets the diagnosis a student needs, in English
//! and in Chinese; right programs unlike the solution pass.

mod support;

use support::{Exercise, assert_diagnosis};

const UDP: Exercise = Exercise {
    dir: "05-udp",
    name: "udp",
    stages: 8,
    roles: &["server", "client"],
};

#[test]
fn a_server_on_an_address_of_its_own_is_told_where_it_is() {
    assert_diagnosis(
        &UDP,
        "server-binds-its-own-port.rs",
        1,
        [
            "your program receives on 127.0.0.1:PORT, not on 127.0.0.1:PORT, the address it was given: is an address written into the program?",
            "hint: bind the address in the first argument, std::env::args().nth(1) ",
        ],
        [
            "你的程序在 127.0.0.1:PORT 上接收，而不是给它的地址 127.0.0.1:PORT：是不是把地址写死在程序里了？",
            "提示：绑定第一个参数 std::env::args().nth(1)（即 sys.argv[1]）给出的地址，而不是写死在程序里的地址",
        ],
    );
}

#[test]
fn a_server_on_every_interface_is_told_it_is_open_to_the_network() {
    assert_diagnosis(
        &UDP,
        "server-binds-every-interface.rs",
        1,
        [
            "your program receives on 0.0.0.0:PORT, every interface of the machine, not only on 127.0.0.1:PORT, the address it was given",
            "hint: bind the address exactly as given (127.0.0.1: this machine only)",
        ],
        [
            "你的程序在 0.0.0.0:PORT 上接收，也就是本机的所有网络接口，而不只是给它的地址 127.0.0.1:PORT",
            "提示：按给定的地址原样绑定（127.0.0.1：只有本机能连）；0.0.0.0 会把你的服务器开放给整个网络",
        ],
    );
}

#[test]
fn a_tcp_server_is_told_that_datagrams_need_a_udp_socket() {
    assert_diagnosis(
        &UDP,
        "server-listens-with-tcp.rs",
        1,
        [
            "your program listens on 127.0.0.1:PORT with TCP, where datagrams need a UDP socket",
            "hint: UDP is socket(AF_INET, SOCK_DGRAM): std::net::UdpSocket::bind, t",
        ],
        [
            "你的程序在 127.0.0.1:PORT 上用 TCP 监听，而收数据报需要 UDP 套接字",
            "提示：UDP 是 socket(AF_INET, SOCK_DGRAM)：用 std::net::UdpSocket::bind，然后 re",
        ],
    );
}

#[test]
fn an_echo_server_is_told_to_answer_receive() {
    assert_diagnosis(
        &UDP,
        "server-echoes.rs",
        1,
        [
            "your server answered client 1 with \"hello pepper\", not with the 7 bytes \"Receive\"",
            "hint: answer every datagram with the word Receive, whatever it held, a",
        ],
        [
            "你的服务器回答客户端 1 的是 \"hello pepper\"，而不是 7 个字节的 \"Receive\"",
            "提示：不管数据报里装的是什么，都用 Receive 这个词回答，和教程里的服务器一样：send_to(b\"Receive\", sender)",
        ],
    );
}

#[test]
fn a_server_that_adds_a_newline_is_told_the_answer_has_none() {
    assert_diagnosis(
        &UDP,
        "server-answers-with-a-newline.rs",
        1,
        [
            "your server answered client 1 with \"Receive\\n\", not with the 7 bytes \"Receive\"",
            "hint: the answer is the 7 bytes Receive, with no newline: b'Receive' i",
        ],
        [
            "你的服务器回答客户端 1 的是 \"Receive\\n\"，而不是 7 个字节的 \"Receive\"",
            "提示：回答是 7 个字节的 Receive，没有换行符：教程里是 b'Receive'，Rust 里是 b\"Receive\"",
        ],
    );
}

#[test]
fn a_server_that_answers_twice_is_told_one_answer_per_datagram() {
    assert_diagnosis(
        &UDP,
        "server-answers-twice.rs",
        1,
        [
            "client 1 got one answer more than the datagrams it sent: \"Receive\"",
            "hint: one datagram in, one answer out: a single send_to for each recv_",
        ],
        [
            "客户端 1 收到的回答比它发出的数据报多了一个：\"Receive\"",
            "提示：收到一个数据报，发出一个回答：每次 recv_from 只对应一次 send_to",
        ],
    );
}

#[test]
fn a_server_without_a_loop_is_told_it_exited() {
    assert_diagnosis(
        &UDP,
        "server-answers-once.rs",
        2,
        [
            "your server exited (exit code 0) without answering client 2's datagram \"你好 mountain\"",
            "hint: a UDP server is one socket and one loop: UdpSocket::bind(&addr),",
        ],
        [
            "你的服务器没有回答客户端 2 的数据报 \"你好 mountain\" 就退出了（退出码 0）",
            "提示：UDP 服务器就是一个套接字加一个循环：UdpSocket::bind(&addr)，然后一直 recv_from(&mut buff",
        ],
    );
}

#[test]
fn a_server_that_connects_to_its_first_client_is_told_not_to() {
    assert_diagnosis(
        &UDP,
        "server-connects-to-its-first-client.rs",
        2,
        [
            "client 2 sent \"你好 mountain\", and no answer came back within 3 s",
            "hint: answer with send_to(b\"Receive\", sender), on the socket that rece",
        ],
        [
            "客户端 2 发出了 \"你好 mountain\"，3 秒内没有收到回答",
            "提示：用 send_to(b\"Receive\", sender) 回答：用收到数据报的那个套接字，发往 recv_from 随数据报一起返回",
        ],
    );
}

#[test]
fn a_server_that_answers_from_another_socket_is_told_to_answer_from_its_own() {
    assert_diagnosis(
        &UDP,
        "server-answers-from-a-new-socket.rs",
        1,
        [
            "client 1 sent \"hello pepper\", and no answer came back within 3 s",
            "hint: answer with send_to(b\"Receive\", sender), on the socket that rece",
        ],
        [
            "客户端 1 发出了 \"hello pepper\"，3 秒内没有收到回答",
            "提示：用 send_to(b\"Receive\", sender) 回答：用收到数据报的那个套接字，发往 recv_from 随数据报一起返回",
        ],
    );
}

#[test]
fn a_server_that_stops_at_an_empty_datagram_is_told_it_is_a_datagram() {
    assert_diagnosis(
        &UDP,
        "server-stops-at-an-empty-datagram.rs",
        3,
        [
            "your server exited (exit code 0) without answering client 5's datagram \"\"",
            "hint: a datagram may hold 0 bytes: recv_from returning 0 is such a dat",
        ],
        [
            "你的服务器没有回答客户端 5 的数据报 \"\" 就退出了（退出码 0）",
            "提示：数据报可以是 0 个字节：recv_from 返回 0 就是这样一个数据报，不是结束（UDP 没有要关闭的连接，和 TCP 里 rea",
        ],
    );
}

#[test]
fn a_server_that_panics_on_gbk_is_told_to_print_lossily() {
    assert_diagnosis(
        &UDP,
        "server-unwraps-utf8.rs",
        3,
        [
            "your server exited (exit code 101) without answering client 5's datagram \"\\xc4\\xe3\\xba\\xc3\"",
            "hint: a datagram's bytes need not be utf-8 (this one is gbk): String::",
        ],
        [
            "你的服务器没有回答客户端 5 的数据报 \"\\xc4\\xe3\\xba\\xc3\" 就退出了（退出码 101）",
            "提示：数据报里的字节不一定是 utf-8（这一个是 gbk）：String::from_utf8(...).unwrap() 遇到它会 pa",
        ],
    );
}

#[test]
fn a_server_with_a_small_buffer_is_told_the_message_was_cut() {
    assert_diagnosis(
        &UDP,
        "server-small-buffer.rs",
        2,
        [
            "client 2 sent \"comet tiger apple orbit silver comet comet pepper harbor maple harbor thunder si\"... (661 more bytes), and within 1 s your server printed no line that ends with it",
            "hint: only the start of the message was printed: read into a buffer of",
        ],
        [
            "客户端 2 发出了 \"comet tiger apple orbit silver comet comet pepper harbor maple harbor thunder si\"……（还有 661 个字节），1 秒内你的服务器没有打印出以它结尾的一行",
            "提示：只打印出了消息的开头：要读进 1024 字节的缓冲区（[0u8; 1024]），就像 recv(1024)；缓冲区小了，只装得下长消息",
        ],
    );
}

#[test]
fn a_tcp_client_is_told_to_send_datagrams() {
    assert_diagnosis(
        &UDP,
        "client-uses-tcp.rs",
        4,
        [
            "your program connected to 127.0.0.1:PORT with TCP, where it should send a UDP datagram",
            "hint: UDP is socket(AF_INET, SOCK_DGRAM): UdpSocket::bind(\"127.0.0.1:0",
        ],
        [
            "你的程序用 TCP 连接了 127.0.0.1:PORT，而它应该发送 UDP 数据报",
            "提示：UDP 是 socket(AF_INET, SOCK_DGRAM)：UdpSocket::bind(\"127.0.0.1:0\")，然后",
        ],
    );
}

#[test]
fn a_client_that_binds_the_servers_address_is_told_to_bind_any_port() {
    assert_diagnosis(
        &UDP,
        "client-binds-the-servers-address.rs",
        4,
        [
            "your program exited (exit code 1) before sending message 1",
            "hint: a client binds 127.0.0.1:0, any free port; the server's address,",
        ],
        [
            "你的程序还没发出第 1 条消息就退出了（退出码 1）",
            "提示：客户端绑定 127.0.0.1:0，即任意一个空闲端口；第一个参数里的服务器地址是发送的目的地（send_to 或 connect），",
        ],
    );
}

#[test]
fn a_client_that_sends_a_newline_is_told_to_send_the_argument_only() {
    assert_diagnosis(
        &UDP,
        "client-sends-a-newline.rs",
        4,
        [
            "message 1 came with 1 more byte after it, before any reply was sent",
            "hint: send the argument's bytes only, no newline after them (writeln! ",
        ],
        [
            "第 1 条消息后面还跟着 1 个多余的字节，那时回答还没发出",
            "提示：只发参数本身的字节，后面不加换行符（writeln! 会加一个）：服务器把每个字节都算作消息的一部分",
        ],
    );
}

#[test]
fn a_client_that_prints_bytes_is_told_to_print_text() {
    assert_diagnosis(
        &UDP,
        "client-prints-the-bytes.rs",
        5,
        [
            "your program did not print reply 1 at the end of a line: \"ember walnut\"",
            "hint: print each reply as text: String::from_utf8_lossy(&buffer[..n]),",
        ],
        [
            "你的程序没有把第 1 个回答打印在一行的末尾：\"ember walnut\"",
            "提示：把每个回答作为文本打印：String::from_utf8_lossy(&buffer[..n])，不要打印字节的调试形式（{:?}）",
        ],
    );
}

#[test]
fn a_client_with_a_small_buffer_is_told_the_reply_was_cut() {
    assert_diagnosis(
        &UDP,
        "client-small-buffer.rs",
        6,
        [
            "your program did not print reply 5 at the end of a line: \"cobalt velvet lotus saffron sunrise pebble lotus saffron meadow quartz harvest w\"... (763 more bytes)",
            "hint: the reply was cut: read into a buffer of 1024 bytes ([0u8; 1024]",
        ],
        [
            "你的程序没有把第 5 个回答打印在一行的末尾：\"cobalt velvet lotus saffron sunrise pebble lotus saffron meadow quartz harvest w\"……（还有 763 个字节）",
            "提示：回答被截断了：要读进 1024 字节的缓冲区（[0u8; 1024]），就像 recv(1024)；缓冲区小了，只装得下长回答的开头",
        ],
    );
}

#[test]
fn a_nonblocking_client_is_told_it_gave_up_at_once() {
    assert_diagnosis(
        &UDP,
        "client-nonblocking.rs",
        5,
        [
            "your client exited (exit code 1) after message 1, before its reply came",
            "hint: your client stopped waiting at once: set_read_timeout(Some(REPLY",
        ],
        [
            "你的客户端在第 1 条消息之后就退出了（退出码 1），那时回答还没来",
            "提示：你的客户端立刻就不等了：set_read_timeout(Some(REPLY_TIMEOUT)) 让 recv_from 最多等 0.5",
        ],
    );
}

#[test]
fn a_client_without_a_timeout_is_told_it_waits_for_ever() {
    assert_diagnosis(
        &UDP,
        "client-waits-for-ever.rs",
        7,
        [
            "no reply to message 1 came, and 3 s later your client was still waiting",
            "hint: without a timeout, recv_from waits for ever for a reply that was",
        ],
        [
            "第 1 条消息的回答一直没来，3 秒后你的客户端还在等",
            "提示：没有超时，recv_from 会为一个丢失的回答永远等下去。socket.set_read_timeout(Some(REPLY_TI",
        ],
    );
}

#[test]
fn a_client_that_unwraps_the_timeout_is_told_it_panicked() {
    assert_diagnosis(
        &UDP,
        "client-unwraps-the-timeout.rs",
        7,
        [
            "no reply to message 1 came, and your client panicked (exit code 101)",
            "hint: when recv_from returns the timeout's error, print one line on st",
        ],
        [
            "第 1 条消息的回答一直没来，你的客户端 panic 了（退出码 101）",
            "提示：recv_from 返回超时错误时，在 stderr 上打印一行，以退出码 1 结束（std::process::exit(1)），而",
        ],
    );
}

#[test]
fn a_client_that_goes_on_after_a_loss_is_told_to_give_up() {
    assert_diagnosis(
        &UDP,
        "client-goes-on-after-a-loss.rs",
        7,
        [
            "no reply to message 1 came, and your client sent another datagram, \"apple silver\", where it should give up",
            "hint: when recv_from returns the timeout's error, print one line on st",
        ],
        [
            "第 1 条消息的回答一直没来，你的客户端又发出了一个数据报 \"apple silver\"，而它应该放弃",
            "提示：recv_from 返回超时错误时，在 stderr 上打印一行，以退出码 1 结束（std::process::exit(1)），而",
        ],
    );
}

#[test]
fn a_client_that_exits_0_after_a_loss_is_told_to_exit_1() {
    assert_diagnosis(
        &UDP,
        "client-exits-0-after-a-loss.rs",
        7,
        [
            "no reply to message 1 came, and your client exited with code 0, which tells a script that everything was answered",
            "hint: when recv_from returns the timeout's error, print one line on st",
        ],
        [
            "第 1 条消息的回答一直没来，你的客户端却以退出码 0 结束，这等于告诉脚本一切都得到了回答",
            "提示：recv_from 返回超时错误时，在 stderr 上打印一行，以退出码 1 结束（std::process::exit(1)），而",
        ],
    );
}

#[test]
fn a_client_that_takes_a_strangers_datagram_is_told_it_came_from_a_stranger() {
    assert_diagnosis(
        &UDP,
        "client-takes-any-datagram.rs",
        8,
        [
            "your client printed \"stranger saffron\", which came from 127.0.0.1:PORT, a stranger, not from the server",
            "hint: take replies from the server only: socket.connect(&server) once,",
        ],
        [
            "你的客户端打印了 \"stranger saffron\"，它来自陌生的 127.0.0.1:PORT，而不是服务器",
            "提示：只接受服务器的回答：调用一次 socket.connect(&server)，系统就会丢掉其他人发来的数据报（之后用 send 和 r",
        ],
    );
}

#[test]
fn a_client_that_sends_everything_first_is_told_to_wait_for_each_reply() {
    assert_diagnosis(
        &UDP,
        "client-sends-all-first.rs",
        6,
        [
            "another datagram came right after message 1, before its reply was sent",
            "hint: receive the reply (recv_from) before sending the next message: a",
        ],
        [
            "第 1 条消息之后紧接着又来了一个数据报，那时它的回答还没发出",
            "提示：发下一条消息之前先收回答（recv_from）：哪条消息的回答没来，要逐条发现",
        ],
    );
}

#[test]
fn a_server_with_a_read_timeout_is_told_a_server_waits_for_ever() {
    assert_diagnosis(
        &UDP,
        "server-times-out.rs",
        3,
        [
            "your server ended (exit code 0) in a silence of 600 ms, before the next datagram came",
            "hint: a server waits for ever: no read timeout on its socket (that is ",
        ],
        [
            "在一段 600 毫秒的安静之中，下一个数据报到来之前，你的服务器结束了（退出码 0）",
            "提示：服务器要一直等下去：它的套接字不设读超时（那是客户端的事），recv_from 返回的错误只是某一个数据报的问题，不是结束：打印出来，",
        ],
    );
}

#[test]
fn a_server_that_prints_the_whole_buffer_is_told_to_take_n_bytes() {
    assert_diagnosis(
        &UDP,
        "server-prints-the-whole-buffer.rs",
        1,
        [
            "client 1 sent \"hello pepper\", and within 1 s your server printed no line that ends with it",
            "hint: your program printed zero bytes (\\0) after what it received: it ",
        ],
        [
            "客户端 1 发出了 \"hello pepper\"，1 秒内你的服务器没有打印出以它结尾的一行",
            "提示：你的程序在收到的内容后面打印出了零字节（\\0）：它打印了整个缓冲区。只取到达的 n 个字节，即 &buffer[..n]",
        ],
    );
}

#[test]
fn a_server_on_every_interface_and_its_own_port_is_told_to_bind_the_argument() {
    assert_diagnosis(
        &UDP,
        "server-binds-every-interface-on-its-own-port.rs",
        1,
        [
            "your program receives on 0.0.0.0:PORT, not on 127.0.0.1:PORT, the address it was given: is an address written into the program?",
            "hint: bind the address in the first argument, std::env::args().nth(1) ",
        ],
        [
            "你的程序在 0.0.0.0:PORT 上接收，而不是给它的地址 127.0.0.1:PORT：是不是把地址写死在程序里了？",
            "提示：绑定第一个参数 std::env::args().nth(1)（即 sys.argv[1]）给出的地址，而不是写死在程序里的地址",
        ],
    );
}

#[test]
fn a_client_that_panics_on_a_refusal_is_told_it_means_no_reply() {
    assert_diagnosis(
        &UDP,
        "client-panics-when-nobody-is-there.rs",
        7,
        [
            "no program receives at 127.0.0.1:PORT, so message 1 got no reply, and your client panicked (exit code 101)",
            "hint: where no program receives, the system answers with ICMP \"port un",
        ],
        [
            "127.0.0.1:PORT 上没有程序接收，所以第 1 条消息没有回答，你的客户端 panic 了（退出码 101）",
            "提示：没有程序接收的地方，系统会回一个 ICMP“端口不可达”，调用过 connect() 的套接字会在 recv 时听到一个错误（Conn",
        ],
    );
}

#[test]
fn a_client_silent_when_it_gives_up_is_told_to_say_why() {
    assert_diagnosis(
        &UDP,
        "client-logs-then-exits-silently.rs",
        7,
        [
            "no reply to message 1 came, and your client exited (exit code 1) without a new line on stderr saying so",
            "hint: before exiting, print one line on stderr that says what happened",
        ],
        [
            "第 1 条消息的回答一直没来，你的客户端退出了（退出码 1），stderr 上没有新的一行说明这件事",
            "提示：退出之前，在 stderr 上打印一行说明发生了什么（eprintln!），例如 \"no reply from 127.0.0.1:9",
        ],
    );
}

#[test]
fn a_server_that_prints_after_the_message_is_told_to_end_the_line_with_it() {
    assert_diagnosis(
        &UDP,
        "server-prints-a-label-after.rs",
        1,
        [
            "your server printed client 1's \"hello pepper\", but with something after it on its line",
            "hint: print each message at the end of a line of its own: a label befo",
        ],
        [
            "你的服务器打印了客户端 1 的 \"hello pepper\"，但同一行里它后面还有别的内容",
            "提示：每条消息打印在单独一行的末尾：前面可以加标签，后面不能有别的（用 println!，不用 print!）",
        ],
    );
}

#[test]
fn a_client_that_prints_the_whole_buffer_is_told_to_take_n_bytes() {
    assert_diagnosis(
        &UDP,
        "client-prints-the-whole-buffer.rs",
        5,
        [
            "your program did not print reply 1 at the end of a line: \"ember walnut\"",
            "hint: your program printed zero bytes (\\0) after what it received: it ",
        ],
        [
            "你的程序没有把第 1 个回答打印在一行的末尾：\"ember walnut\"",
            "提示：你的程序在收到的内容后面打印出了零字节（\\0）：它打印了整个缓冲区。只取到达的 n 个字节，即 &buffer[..n]",
        ],
    );
}

#[test]
fn a_client_that_compares_only_the_port_is_told_it_took_a_strangers_datagram() {
    assert_diagnosis(
        &UDP,
        "client-compares-only-the-port.rs",
        8,
        [
            "your client printed \"stranger ember\", which came from 127.0.0.2:PORT, a stranger, not from the server",
            "hint: take replies from the server only: socket.connect(&server) once,",
        ],
        [
            "你的客户端打印了 \"stranger ember\"，它来自陌生的 127.0.0.2:PORT，而不是服务器",
            "提示：只接受服务器的回答：调用一次 socket.connect(&server)，系统就会丢掉其他人发来的数据报（之后用 send 和 r",
        ],
    );
}

/// Right programs unlike the solution: a client that compares each datagram's address
/// with the server's instead of connecting, one with a new socket per message, and a
/// server that prints the message alone and answers with write-style code.
#[test]
fn right_programs_unlike_the_solution_pass() {
    support::assert_right_programs_pass(&UDP);
}
