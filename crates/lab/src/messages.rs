//! Every sentence the checker says, in English and in Chinese: one catalogue.
//!
//! Each message is a variant carrying its placeholders, and [`Msg::text`] matches on the
//! variant and then on the language, so the compiler refuses a message that one language
//! lacks. Bytes from the wire arrive here already escaped (see `report`).

use crate::lang::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    // Finding and reading the exercises.
    NoExercises {
        from: String,
    },
    BadInfo {
        path: String,
        error: String,
    },
    UnknownExercise {
        name: String,
        known: String,
    },
    NoCheckerFor {
        name: String,
    },
    // Building and starting the student's program.
    Building {
        name: String,
    },
    BuildFailed {
        name: String,
    },
    CannotRunCargo {
        error: String,
    },
    CannotStart {
        program: String,
        error: String,
    },
    // A check.
    Checking {
        name: String,
        stages: usize,
        seed: u64,
    },
    StageOk {
        n: usize,
        of: usize,
        title: String,
    },
    StageFailed {
        n: usize,
        of: usize,
        title: String,
    },
    Passed {
        name: String,
        of: usize,
    },
    Next {
        name: String,
        file: String,
    },
    AllDone,
    Repeat {
        name: String,
        seed: u64,
    },
    CannotSaveProgress {
        path: String,
        error: String,
    },
    // The parts of a failure report.
    Sent,
    Expected,
    Received,
    NothingReceived,
    ByHand,
    Hint,
    TheirOutput,
    // The list.
    ListTitle {
        dir: String,
    },
    NotStarted,
    Failing {
        stage: usize,
        of: usize,
    },
    PassedState {
        of: usize,
    },
    ReadFirst {
        lesson: String,
        tutorial: String,
    },
    Progress {
        passed: usize,
        total: usize,
    },
    // Stage titles of exercise 1, tcp-server.
    ListensOnGivenAddress,
    AnswersOneClient,
    ClientsOneAfterAnother,
    // Failures: one sentence each, what was expected and what came.
    ExitedBeforeListening {
        status: String,
        addr: String,
    },
    NeverListened {
        addr: String,
        secs: u64,
    },
    ListensElsewhere {
        addr: String,
        found: String,
    },
    ListensOnEveryInterface {
        addr: String,
        found: String,
    },
    ExitedBeforeAnswering {
        status: String,
        client: usize,
    },
    CannotConnect {
        addr: String,
        client: usize,
        error: String,
    },
    NoAnswer {
        client: usize,
        secs: u64,
    },
    NoAnswerAfterOthers {
        client: usize,
        previous: usize,
        secs: u64,
    },
    ClosedWithoutAnswer {
        client: usize,
    },
    ResetBeforeAnswer {
        client: usize,
    },
    WrongAnswer {
        client: usize,
        expected: String,
        got: String,
    },
    PartAnswer {
        client: usize,
        expected: String,
        got: String,
        secs: u64,
    },
    NotClosed {
        client: usize,
        secs: u64,
    },
    MoreAfterAnswer {
        client: usize,
        count: usize,
    },
    // Hints, mapped from what went wrong.
    HintPanicked,
    HintAddrInUse,
    HintReadAddress,
    HintKeepRunning,
    HintLoopbackOnly,
    HintNewline,
    HintBytesNotChars,
    HintTrimmed,
    HintBuffer,
    HintZeroBytes,
    HintAcceptLoop,
    HintOneRead,
    HintOneAnswer,
    HintClose,
    HintAnswerFirst,
    HintReset,
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        use Lang::{En, Zh};
        use Msg::*;
        match self {
            NoExercises { from } => match lang {
                En => format!(
                    "cannot find the exercises (a folder with an info.toml) in {from} or above it: run lab inside the repository, or name the folder with --exercises DIR"
                ),
                Zh => format!(
                    "在 {from} 及其上级目录里找不到练习（含 info.toml 的文件夹）：请在仓库里运行 lab，或用 --exercises DIR 指明文件夹"
                ),
            },
            BadInfo { path, error } => match lang {
                En => format!("cannot read {path}: {error}"),
                Zh => format!("无法读取 {path}：{error}"),
            },
            UnknownExercise { name, known } => match lang {
                En => format!("no exercise is named {name:?}; the exercises are: {known}"),
                Zh => format!("没有名为 {name:?} 的练习；现有的练习：{known}"),
            },
            NoCheckerFor { name } => match lang {
                En => format!("this lab has no checker for the exercise {name:?}: update lab"),
                Zh => format!("这个 lab 没有练习 {name:?} 的检查程序：请更新 lab"),
            },
            Building { name } => match lang {
                En => format!("lab: building {name} (cargo's own messages follow)"),
                Zh => format!("lab：正在编译 {name}（下面是 cargo 自己的输出）"),
            },
            BuildFailed { name } => match lang {
                En => format!(
                    "{name} does not compile: cargo's errors are above; fix the first one first"
                ),
                Zh => format!("{name} 编译不通过：cargo 的报错在上面，先改第一个"),
            },
            CannotRunCargo { error } => match lang {
                En => format!("cannot run cargo: {error}"),
                Zh => format!("无法运行 cargo：{error}"),
            },
            CannotStart { program, error } => match lang {
                En => format!("cannot start {program}: {error}"),
                Zh => format!("无法启动 {program}：{error}"),
            },
            Checking { name, stages, seed } => match lang {
                En => format!("lab: checking {name}, {stages} stages (seed {seed})"),
                Zh => format!("lab：正在检查 {name}，共 {stages} 关（种子 {seed}）"),
            },
            StageOk { n, of, title } => match lang {
                En => format!("  ✓ stage {n}/{of}: {title}"),
                Zh => format!("  ✓ 第 {n}/{of} 关：{title}"),
            },
            StageFailed { n, of, title } => match lang {
                En => format!("  ✗ stage {n}/{of}: {title}"),
                Zh => format!("  ✗ 第 {n}/{of} 关：{title}"),
            },
            Passed { name, of } => match lang {
                En => format!("{name}: all {of} stages passed"),
                Zh => format!("{name}：全部 {of} 关通过"),
            },
            Next { name, file } => match lang {
                En => format!("next: {name}, in {file}; check it with cargo run -p lab -- check {name}"),
                Zh => format!("下一个：{name}，在 {file}；用 cargo run -p lab -- check {name} 检查"),
            },
            AllDone => match lang {
                En => "every exercise has passed: well done".to_string(),
                Zh => "所有练习都通过了，干得好！".to_string(),
            },
            Repeat { name, seed } => match lang {
                En => format!("the same run again: cargo run -p lab -- check {name} --seed {seed}"),
                Zh => format!("原样重跑这一次：cargo run -p lab -- check {name} --seed {seed}"),
            },
            CannotSaveProgress { path, error } => match lang {
                En => format!("warning: cannot save the progress in {path}: {error}"),
                Zh => format!("警告：无法把进度保存到 {path}：{error}"),
            },
            Sent => label(lang, "sent", "发送"),
            Expected => label(lang, "expected", "期望"),
            Received => label(lang, "received", "收到"),
            NothingReceived => match lang {
                En => "(nothing: no answer at all)".to_string(),
                Zh => "（什么也没有：完全没有回答）".to_string(),
            },
            ByHand => match lang {
                En => "repeat it by hand, from the repository's top folder, each command in a terminal of its own:".to_string(),
                Zh => "手动重现：在仓库的顶层目录下，每条命令开一个终端：".to_string(),
            },
            Hint => label(lang, "hint", "提示"),
            TheirOutput => match lang {
                En => "your program's last lines (stdout and stderr):".to_string(),
                Zh => "你的程序最后输出的几行（stdout 和 stderr）：".to_string(),
            },
            ListTitle { dir } => match lang {
                En => format!("Exercises in {dir}"),
                Zh => format!("练习（{dir}）"),
            },
            NotStarted => match lang {
                En => "not started".to_string(),
                Zh => "未开始".to_string(),
            },
            Failing { stage, of } => match lang {
                En => format!("failing at stage {stage}/{of}"),
                Zh => format!("卡在第 {stage}/{of} 关"),
            },
            PassedState { of } => match lang {
                En => format!("passed ({of}/{of})"),
                Zh => format!("已通过（{of}/{of}）"),
            },
            ReadFirst { lesson, tutorial } => match lang {
                En => format!("lesson {lesson}, tutorial {tutorial}"),
                Zh => format!("课程 {lesson}，教程 {tutorial}"),
            },
            Progress { passed, total } => match lang {
                En => format!("{passed} of {total} exercises passed"),
                Zh => format!("已通过 {passed}/{total} 个练习"),
            },
            ListensOnGivenAddress => match lang {
                En => "listens on the address it is given".to_string(),
                Zh => "在给定的地址上监听".to_string(),
            },
            AnswersOneClient => match lang {
                En => "answers a client, then closes its connection".to_string(),
                Zh => "回答一个客户端，然后关闭连接".to_string(),
            },
            ClientsOneAfterAnother => match lang {
                En => "answers three to five more clients, one after another".to_string(),
                Zh => "再先后回答三到五个客户端".to_string(),
            },
            ExitedBeforeListening { status, addr } => match lang {
                En => format!("your program exited ({status}) before it listened on {addr}"),
                Zh => format!("你的程序在 {addr} 上监听之前就退出了（{status}）"),
            },
            NeverListened { addr, secs } => match lang {
                En => format!(
                    "your program is running, but nothing listened on {addr} within {secs} s"
                ),
                Zh => format!("你的程序在运行，但 {secs} 秒内没有任何程序在 {addr} 上监听"),
            },
            ListensElsewhere { addr, found } => match lang {
                En => format!(
                    "your program listens on {found}, not on {addr}, the address it was given: is an address written into the program?"
                ),
                Zh => format!(
                    "你的程序在 {found} 上监听，而不是给它的地址 {addr}：是不是把地址写死在程序里了？"
                ),
            },
            ListensOnEveryInterface { addr, found } => match lang {
                En => format!(
                    "your program listens on {found}, every interface of the machine, not only on {addr}, the address it was given"
                ),
                Zh => format!(
                    "你的程序在 {found} 上监听，也就是本机的所有网络接口，而不只是给它的地址 {addr}"
                ),
            },
            ExitedBeforeAnswering { status, client } => match lang {
                En => format!("your program exited ({status}) before answering client {client}"),
                Zh => format!("你的程序还没回答客户端 {client} 就退出了（{status}）"),
            },
            CannotConnect {
                addr,
                client,
                error,
            } => match lang {
                En => format!(
                    "client {client} could not connect to {addr} ({error}), though your program is still running"
                ),
                Zh => format!("客户端 {client} 连不上 {addr}（{error}），而你的程序还在运行"),
            },
            NoAnswer { client, secs } => match lang {
                En => format!(
                    "client {client} sent its message and got no answer at all within {secs} s"
                ),
                Zh => format!("客户端 {client} 发出了消息，{secs} 秒内完全没有收到回答"),
            },
            NoAnswerAfterOthers {
                client,
                previous,
                secs,
            } => match lang {
                En => format!(
                    "client {client} got no answer within {secs} s, though client {previous} was answered: the server does not go back to accept() for the next client"
                ),
                Zh => format!(
                    "客户端 {previous} 得到了回答，客户端 {client} 却在 {secs} 秒内没有收到回答：服务器没有再去 accept() 下一个客户端"
                ),
            },
            ClosedWithoutAnswer { client } => match lang {
                En => format!("the server closed client {client}'s connection without an answer"),
                Zh => format!("服务器没有回答就关闭了客户端 {client} 的连接"),
            },
            ResetBeforeAnswer { client } => match lang {
                En => format!("client {client}'s connection was reset (RST) before an answer came"),
                Zh => format!("回答到来之前，客户端 {client} 的连接被重置（RST）了"),
            },
            WrongAnswer {
                client,
                expected,
                got,
            } => match lang {
                En => format!("client {client} expected the answer {expected} and got {got}"),
                Zh => format!("客户端 {client} 期望的回答是 {expected}，收到的却是 {got}"),
            },
            PartAnswer {
                client,
                expected,
                got,
                secs,
            } => match lang {
                En => format!(
                    "client {client} expected the answer {expected} and got {got}, then nothing more for {secs} s"
                ),
                Zh => format!(
                    "客户端 {client} 期望的回答是 {expected}，收到 {got} 之后 {secs} 秒内再没有别的"
                ),
            },
            NotClosed { client, secs } => match lang {
                En => format!(
                    "client {client} got the right answer, but {secs} s later the connection was still open: the server did not close it"
                ),
                Zh => format!(
                    "客户端 {client} 收到了正确的回答，但 {secs} 秒后连接仍然开着：服务器没有关闭它"
                ),
            },
            MoreAfterAnswer { client, count } => match lang {
                En => format!(
                    "client {client} got the right answer, then {count} more bytes it did not expect"
                ),
                Zh => format!("客户端 {client} 收到了正确的回答，之后又收到了 {count} 个多余的字节"),
            },
            HintPanicked => match lang {
                En => "your program panicked: its panic line, below, says where and why; an unwrap() on an error is the usual cause".to_string(),
                Zh => "你的程序 panic 了：下面它输出的 panic 那一行说明了位置和原因；常见原因是对一个错误调用了 unwrap()".to_string(),
            },
            HintAddrInUse => match lang {
                En => "the address is in use: is it the address your program was given? Another program (an earlier run of yours?) may hold that port, or your program binds twice".to_string(),
                Zh => "地址已被占用：这是给你的程序的那个地址吗？也可能另一个程序（你之前运行的那个？）占着这个端口，或者你的程序绑定了两次".to_string(),
            },
            HintReadAddress => match lang {
                En => "listen on the address in the first argument, std::env::args().nth(1) (sys.argv[1]), not on one written into the program".to_string(),
                Zh => "请在第一个参数 std::env::args().nth(1)（即 sys.argv[1]）给出的地址上监听，而不是写死在程序里的地址".to_string(),
            },
            HintKeepRunning => match lang {
                En => "a server keeps running: it binds the address (TcpListener::bind), then accept()s clients in a loop; does your program get that far? Print a line after bind and run it by hand to see".to_string(),
                Zh => "服务器要一直运行：先绑定地址（TcpListener::bind），再循环 accept() 客户端；你的程序走到这一步了吗？在 bind 后面打印一行，手动运行看看".to_string(),
            },
            HintLoopbackOnly => match lang {
                En => "bind the address exactly as given (127.0.0.1: this machine only); 0.0.0.0 opens your server to the whole network".to_string(),
                Zh => "按给定的地址原样绑定（127.0.0.1：只有本机能连）；0.0.0.0 会把你的服务器开放给整个网络".to_string(),
            },
            HintNewline => match lang {
                En => "the answer ends without its newline: write \"received N bytes\\n\"".to_string(),
                Zh => "回答末尾少了换行符：要写 \"received N bytes\\n\"".to_string(),
            },
            HintBytesNotChars => match lang {
                En => "N counts bytes, not characters: read() returns how many bytes arrived (你好 is 2 characters, 6 bytes in utf-8)".to_string(),
                Zh => "N 数的是字节，不是字符：read() 返回到达的字节数（“你好”是 2 个字符，utf-8 下 6 个字节）".to_string(),
            },
            HintTrimmed => match lang {
                En => "N counts every byte received, spaces too: count before trim() (Python's strip()), or do not trim".to_string(),
                Zh => "N 要算上收到的每一个字节，空格也算：在 trim()（Python 的 strip()）之前数，或者干脆不要 trim".to_string(),
            },
            HintBuffer => match lang {
                En => "N is what one read() returned, into a buffer of 1024 bytes ([0u8; 1024]): a smaller buffer cuts a long message short".to_string(),
                Zh => "N 是一次 read() 读进 1024 字节缓冲区（[0u8; 1024]）的字节数：缓冲区小了，长消息就会被截断".to_string(),
            },
            HintZeroBytes => match lang {
                En => "read() returned 0: either the client had already finished (a read after the answer, in a loop?) or the buffer has no room (Vec::with_capacity(1024) is empty; use [0u8; 1024])".to_string(),
                Zh => "read() 返回了 0：要么客户端已经说完了（回答之后又在循环里 read？），要么缓冲区没有空间（Vec::with_capacity(1024) 的长度是 0；用 [0u8; 1024]）".to_string(),
            },
            HintAcceptLoop => match lang {
                En => "put accept() in a loop (for stream in listener.incoming()) and finish with each client before taking the next".to_string(),
                Zh => "把 accept() 放进循环（for stream in listener.incoming()），每个客户端处理完再接下一个".to_string(),
            },
            HintOneRead => match lang {
                En => "answer after one read(): the client sends no newline and waits for the answer before it closes, so a server that reads a line (read_line, lines()) or reads until the client closes (read_to_end) waits for ever".to_string(),
                Zh => "读一次 read() 就回答：客户端不发换行符，而且要等到回答才关闭连接，所以按行读（read_line、lines()）或者一直读到对方关闭（read_to_end）的服务器会永远等下去".to_string(),
            },
            HintOneAnswer => match lang {
                En => "send one answer, exactly \"received N bytes\\n\", and nothing else: write only the bytes of the answer, not a whole buffer".to_string(),
                Zh => "只发一个回答，正好是 \"received N bytes\\n\"，别的什么都不发：只写回答的那些字节，不要把整个缓冲区写出去".to_string(),
            },
            HintClose => match lang {
                En => "close the connection once the answer is sent: drop the stream (let it go out of scope), as close() does in Python".to_string(),
                Zh => "回答发出后关闭连接：丢弃（drop）这个流（让它离开作用域），相当于 Python 的 close()".to_string(),
            },
            HintAnswerFirst => match lang {
                En => "write the answer (write_all) before the stream is dropped: dropping it closes the connection".to_string(),
                Zh => "在丢弃（drop）这个流之前先把回答写出去（write_all）：丢弃它就关闭了连接".to_string(),
            },
            HintReset => match lang {
                En => "a reset comes when a socket is closed with bytes still unread in it, or when the program ends abruptly".to_string(),
                Zh => "套接字里还有没读的字节就被关闭，或者程序突然结束，对方就会收到重置（RST）".to_string(),
            },
        }
    }
}

/// The colon after a label: `sent: ` in English, `发送：` in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A short label, the same in both forms but for the words.
fn label(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}
