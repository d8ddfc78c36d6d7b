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
    BrokenSince {
        name: String,
        stage: usize,
        seed: u64,
    },
    BrokenSinceSameSeed {
        stage: usize,
    },
    Repeat {
        name: String,
        seed: u64,
    },
    CannotSaveProgress {
        path: String,
        error: String,
    },
    // Reset and solution.
    AlreadyShipped {
        name: String,
    },
    ResetWarns {
        name: String,
        files: String,
    },
    NothingShipped {
        path: String,
    },
    GoOn,
    NothingChanged,
    ResetDone {
        name: String,
    },
    CannotRead {
        path: String,
        error: String,
    },
    CannotWrite {
        path: String,
        error: String,
    },
    SolutionNotYet {
        name: String,
        state: String,
    },
    SolutionOf {
        name: String,
    },
    // lab watch.
    WatchStarts,
    WatchWaiting {
        dir: String,
    },
    WatchChanged {
        files: String,
    },
    WatchKeys,
    WatchNoEvents {
        error: String,
    },
    WatchLost,
    WatchEnds,
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
    // Stage titles of exercise 2, tcp-client.
    ConnectsToGivenAddress,
    SendsAndPrintsReply,
    EachArgumentInTurn,
    EndsWhenServerCloses,
    // Its failures: the checker is the server.
    ExitedBeforeConnecting {
        status: String,
        addr: String,
    },
    NeverConnected {
        addr: String,
        secs: u64,
    },
    ConnectsElsewhere {
        addr: String,
        found: String,
    },
    ExitedBeforeSending {
        status: String,
        n: usize,
    },
    ClosedBeforeSending {
        n: usize,
    },
    NoMessage {
        n: usize,
        secs: u64,
    },
    PartMessage {
        n: usize,
        expected: String,
        got: String,
    },
    WrongMessage {
        n: usize,
        expected: String,
        got: String,
    },
    MoreThanMessage {
        n: usize,
        count: usize,
    },
    Glued {
        n: usize,
        next: usize,
    },
    SentBeforeHeldReply {
        n: usize,
        next: usize,
        ms: u128,
    },
    ClosedBeforeReply {
        n: usize,
    },
    SentAfterLast {
        count: usize,
    },
    NotClosedAfterLast {
        secs: u64,
    },
    RunsOnAfterClosing {
        secs: u64,
    },
    ExitedWithError {
        status: String,
    },
    ReplyNotPrinted {
        n: usize,
        reply: String,
    },
    RunsOnAfterServerClosed {
        secs: u64,
    },
    ExitedZeroAfterServerClosed,
    PanickedAfterServerClosed {
        status: String,
    },
    SilentAfterServerClosed {
        status: String,
    },
    ConnectedAgain {
        n: usize,
    },
    // Stage titles of exercise 3, byebye.
    ServerAnswersTypedLines,
    ServerSaysByebyeAndGoesOn,
    ClientSendsTypedLines,
    ClientStopsAtServersByebye,
    ClientStopsAtEndOfInput,
    // Its failures: the checker types on the program's stdin and plays the other side.
    ServerExited {
        status: String,
        client: usize,
    },
    ServerEndedBeforeClient {
        status: String,
        client: usize,
    },
    NotPrinted {
        client: usize,
        message: String,
        secs: u64,
    },
    NotServedAfterClose {
        client: usize,
        previous: usize,
        secs: u64,
    },
    AnsweredUntyped {
        client: usize,
        got: String,
    },
    ClosedAfterMessage {
        client: usize,
    },
    NoTypedAnswer {
        client: usize,
        answer: String,
        secs: u64,
    },
    AnswerWithNewline {
        client: usize,
    },
    WrongTypedAnswer {
        client: usize,
        expected: String,
        got: String,
    },
    ClosedAfterAnswer {
        client: usize,
    },
    AnsweredByebye {
        client: usize,
        got: String,
    },
    NotClosedAfterByebye {
        client: usize,
        secs: u64,
    },
    NotClosedAfterOwnByebye {
        client: usize,
        secs: u64,
    },
    SentAfterOwnByebye {
        client: usize,
        count: usize,
    },
    LineNotSent {
        n: usize,
        line: String,
        secs: u64,
    },
    LineWithNewline {
        n: usize,
    },
    ExitedBeforeLine {
        status: String,
        n: usize,
        line: String,
    },
    ClosedBeforeLine {
        n: usize,
        line: String,
    },
    ClosedBeforeAnswer {
        n: usize,
    },
    WrongLine {
        n: usize,
        expected: String,
        got: String,
    },
    AnswerNotPrinted {
        n: usize,
        answer: String,
        secs: u64,
    },
    AnsweredOutOfTurn {
        client: usize,
        got: String,
    },
    SentOutOfTurn {
        n: usize,
        got: String,
    },
    /// How a client's conversation ended, the `after` of the four below.
    AfterSendingByebye,
    AfterServersByebye,
    AfterInputEnded,
    ClientKeptOpen {
        after: String,
        secs: u64,
    },
    ClientSentMore {
        after: String,
        count: usize,
    },
    ClientRunsOn {
        after: String,
        secs: u64,
    },
    ClientEndedWithError {
        after: String,
        status: String,
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
    HintConnect,
    HintConnectGivenAddress,
    HintSendMessage,
    HintEveryArgument,
    HintOneReadClient,
    HintNoNewlineClient,
    HintSendArgument,
    HintWaitForReply,
    HintWriteAll,
    HintReadReply,
    HintCloseClient,
    HintExitZero,
    HintPrintText,
    HintPrintReply,
    HintClientBuffer,
    HintZeroMeansClosed,
    HintSayWhy,
    HintOneConnection,
    HintNothingAfterReply,
    HintPrintMessage,
    HintAnswerTyped,
    HintDropNewline,
    HintSameConnection,
    HintByebyeEnds,
    HintAnswerAtEnd,
    HintOwnByebye,
    HintZeroIsClose,
    HintSendTypedLine,
    HintSendByebye,
    HintPrintAnswer,
    HintReadAnswer,
    HintCloseAfterByebye,
    HintHeardByebye,
    HintEndOfInput,
    HintExitZeroConversation,
    HintServerTurns,
    HintClientTurns,
    HintBackToAccept,
    HintSmallBuffer,
    // Exercise 4, framing: stages, what went wrong, hints.
    FramingOneMessage,
    FramingOneAtATime,
    FramingGlued,
    FramingSplit,
    FramingLimit,
    FramingCutShort,
    FramingNoAnswer {
        client: usize,
        number: usize,
        secs: u64,
    },
    FramingExited {
        status: String,
        client: usize,
        number: usize,
    },
    FramingClosedWithoutAnswer {
        client: usize,
        number: usize,
    },
    FramingClosedOnEmpty {
        client: usize,
        number: usize,
    },
    FramingClosedAtLimit {
        client: usize,
        number: usize,
    },
    FramingGluedPartly {
        client: usize,
        count: usize,
        answered: usize,
    },
    FramingSplitPartly {
        client: usize,
        count: usize,
        answered: usize,
    },
    FramingPartLength {
        client: usize,
        number: usize,
        count: usize,
    },
    FramingNoLength {
        client: usize,
        number: usize,
        first: String,
        length: usize,
    },
    FramingLittleEndian {
        client: usize,
        number: usize,
        meant: usize,
        says: usize,
    },
    FramingLengthDisagrees {
        client: usize,
        number: usize,
        says: usize,
        is: usize,
    },
    FramingWrongCount {
        client: usize,
        number: usize,
        counted: usize,
        length: usize,
    },
    FramingWrongAnswer {
        client: usize,
        number: usize,
    },
    FramingLengthWidth {
        client: usize,
        number: usize,
        width: usize,
    },
    FramingAnsweredClose {
        client: usize,
    },
    FramingAnsweredCut {
        client: usize,
        sent: usize,
    },
    FramingOpenAfterLeaving {
        client: usize,
        secs: u64,
    },
    FramingClosedAfter {
        client: usize,
        previous: usize,
        after: Box<Msg>,
    },
    FramingMoreAfterAnswers {
        client: usize,
        count: usize,
    },
    FramingAnsweredOverLimit {
        client: usize,
        length: usize,
    },
    FramingOpenOverLimit {
        client: usize,
        length: usize,
        secs: u64,
    },
    FramingAfterClose,
    FramingAfterRefusal,
    FramingAfterCut,
    FramingNotServedAfter {
        client: usize,
        previous: usize,
        after: Box<Msg>,
        secs: u64,
    },
    FramingExitedAfter {
        status: String,
        previous: usize,
        after: Box<Msg>,
    },
    HintFramingLengthFirst,
    HintFramingBigEndian,
    HintFramingLengthOfAnswer,
    HintFramingReadLengthFirst,
    HintFramingReadExact,
    HintFramingGlued,
    HintFramingSplit,
    HintFramingEmpty,
    HintFramingClosedWithinLimit,
    HintFramingU32,
    HintFramingCloseIsNone,
    HintFramingCutIsError,
    HintFramingOneAnswer,
    HintFramingRefuse,
    HintFramingLimitIncluded,
    HintFramingZeroIsClose,
    HintFramingErrorNotPanic,
    HintFramingEmptyRead,
    // Exercise 5, udp.
    UdpServerAnswers,
    UdpServerAnswersEveryone,
    UdpServerTakesAnyDatagram,
    UdpClientSends,
    UdpClientPrintsReply,
    UdpClientEachMessage,
    UdpClientGivesUp,
    UdpClientOnlyServer,
    UdpNeverBound {
        addr: String,
        secs: u64,
    },
    UdpBoundElsewhere {
        addr: String,
        found: String,
    },
    UdpBoundToEveryInterface {
        addr: String,
        found: String,
    },
    UdpListensWithTcp {
        found: String,
    },
    UdpStoppedReceiving {
        client: usize,
        addr: String,
    },
    UdpAnswerFromElsewhere {
        client: usize,
        from: String,
        addr: String,
    },
    UdpWrongAnswer {
        client: usize,
        got: String,
    },
    UdpExtraAnswer {
        client: usize,
        got: String,
    },
    UdpExitedBeforeAnswer {
        status: String,
        client: usize,
        message: String,
    },
    UdpNoAnswer {
        client: usize,
        message: String,
        secs: u64,
    },
    UdpClientUsedTcp {
        addr: String,
    },
    UdpNothingSent {
        n: usize,
        addr: String,
        secs: u64,
    },
    UdpSkipped {
        n: usize,
    },
    UdpDidNotWait {
        n: usize,
    },
    UdpGaveUpTooSoon {
        n: usize,
        status: String,
    },
    UdpSentMore {
        got: String,
    },
    UdpRunsOnAfterLast {
        secs: u64,
    },
    UdpTookStrangersDatagram {
        from: String,
        got: String,
    },
    UdpGaveUpOnStranger {
        from: String,
        status: String,
    },
    UdpSentAfterLoss {
        got: String,
    },
    UdpLost,
    UdpNobody {
        addr: String,
    },
    UdpStillWaiting {
        reason: Box<Msg>,
        secs: u64,
    },
    UdpExitedZeroAfterLoss {
        reason: Box<Msg>,
    },
    UdpPanickedAfterLoss {
        reason: Box<Msg>,
        status: String,
    },
    UdpSilentAfterLoss {
        reason: Box<Msg>,
        status: String,
    },
    UdpExitedBeforeBinding {
        status: String,
        addr: String,
    },
    UdpExitedInSilence {
        status: String,
        ms: u64,
    },
    UdpHintReadAddress,
    UdpHintNoServerTimeout,
    UdpHintMessageAtEnd,
    UdpPrintedNotAtEnd {
        client: usize,
        message: String,
    },
    HintPrintedZeros,
    UdpHintRefused,
    UdpHintSayWhy,
    UdpHintServerLoop,
    UdpHintDatagramSocket,
    UdpHintAnswerSender,
    UdpHintNoNewline,
    UdpHintReceive,
    UdpHintOneAnswer,
    UdpHintEmptyDatagram,
    UdpHintNotText,
    UdpHintPrintMessage,
    UdpHintDatagramClient,
    UdpHintClientBindsAnyPort,
    UdpHintSendTo,
    UdpHintEveryArgument,
    UdpHintOneDatagram,
    UdpHintWaitForReply,
    UdpHintTimeout,
    UdpHintTimeoutTooShort,
    UdpHintEndAfterLast,
    UdpHintOnlyServer,
    UdpHintGiveUp,
    // Exercise 6, pinger.
    PingSendsProbe,
    PingWaitsAndSums,
    PingGoesOnAfterLoss,
    PingSortsEchoes,
    PingNobody,
    PingExitedBeforeProbe {
        status: String,
        n: usize,
    },
    PingNoProbe {
        n: usize,
        addr: String,
        secs: u64,
    },
    PingWrongProbe {
        n: usize,
        expected: String,
        got: String,
    },
    PingExitedWaiting {
        n: usize,
        status: String,
    },
    PingTookDuplicate {
        n: usize,
        earlier: usize,
    },
    PingTookLate {
        n: usize,
        earlier: usize,
    },
    PingTookStray {
        n: usize,
        stray: usize,
    },
    PingDidNotWait {
        n: usize,
    },
    PingGaveUpTooSoon {
        n: usize,
        ms: u64,
        delay: u64,
    },
    PingResent {
        n: usize,
    },
    PingSentWhileWaiting {
        n: usize,
        got: String,
    },
    PingExitedAfterLoss {
        n: usize,
        status: String,
    },
    PingGaveUpOnLossTooSoon {
        n: usize,
        ms: u64,
    },
    PingWaitedTooLong {
        n: usize,
        ms: u64,
    },
    PingRttWithoutReplies {
        line: String,
    },
    PingStillWaiting {
        n: usize,
        secs: u64,
    },
    PingSentMore {
        got: String,
    },
    PingRunsOn {
        secs: u64,
    },
    PingExitedWithError {
        status: String,
    },
    PingNoSummary {
        expected: String,
    },
    PingSummaryUnreadable {
        line: String,
        expected: String,
    },
    PingStory(Probes),
    PingWrongSent {
        got: usize,
        count: usize,
    },
    PingWrongReceived {
        got: usize,
        received: usize,
        story: Box<Msg>,
    },
    PingWrongLateOrDuplicates {
        late: usize,
        duplicates: usize,
        expected_late: usize,
        expected_duplicates: usize,
        story: Box<Msg>,
    },
    PingWrongLoss {
        got: String,
        lost: usize,
        count: usize,
        loss: String,
    },
    PingNoRtt {
        expected: String,
    },
    PingRttUnreadable {
        line: String,
        expected: String,
    },
    PingWrongRtt {
        which: &'static str,
        got: String,
        due: String,
        low: String,
        high: String,
        replies: usize,
    },
    PingNobodyStillRunning {
        addr: String,
        secs: u64,
    },
    PingNobodyPanicked {
        addr: String,
        status: String,
    },
    PingNobodySilent {
        addr: String,
        status: String,
    },
    PingHintSendProbe,
    PingHintNoNewline,
    PingHintFromOne,
    PingHintNoResend,
    PingHintWaitForEcho,
    PingHintMatchNumber,
    PingHintTimeoutTooShort,
    PingHintLossGoesOn,
    PingHintEveryProbe,
    PingHintTimeout,
    PingHintEnd,
    PingHintExitZero,
    PingHintSummary,
    PingHintCountSent,
    PingHintDuplicateNotReply,
    PingHintLateNotReply,
    PingHintCountReceived,
    PingHintDuplicateNotLate,
    PingHintLateNotDuplicate,
    PingHintLateAndDuplicate,
    PingHintStrayIsNotOurs,
    PingHintDeadline,
    PingHintNoReplies,
    PingHintOneSocket,
    PingHintLoss,
    PingHintRtt,
    PingHintMillis,
    PingHintAvgOfReplies,
    PingHintOnlyReplies,
    PingHintRefused,
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
            BrokenSince { name, stage, seed } => match lang {
                En => format!(
                    "stage {stage} passed at your last check (seed {seed}): a change since then broke it, or this run's random words found a slip that the last run's missed; that run again: cargo run -p lab -- check {name} --seed {seed}"
                ),
                Zh => format!(
                    "上一次检查时第 {stage} 关通过了（种子 {seed}）：要么是之后的改动弄坏了它，要么是这一次的随机词找出了上一次没碰到的错；重跑上一次那一轮：cargo run -p lab -- check {name} --seed {seed}"
                ),
            },
            BrokenSinceSameSeed { stage } => match lang {
                En => format!(
                    "stage {stage} passed at your last check, with the same seed: most likely a change since then broke it"
                ),
                Zh => format!(
                    "上一次检查时第 {stage} 关用同一个种子通过了：多半是之后的改动弄坏了它"
                ),
            },
            Repeat { name, seed } => match lang {
                En => format!("the same run again: cargo run -p lab -- check {name} --seed {seed}"),
                Zh => format!("原样重跑这一次：cargo run -p lab -- check {name} --seed {seed}"),
            },
            CannotSaveProgress { path, error } => match lang {
                En => format!("warning: cannot save the progress in {path}: {error}"),
                Zh => format!("警告：无法把进度保存到 {path}：{error}"),
            },
            AlreadyShipped { name } => match lang {
                En => format!(
                    "lab: {name} is as shipped already, and not started: `cargo run -p lab -- check {name}` when you are ready"
                ),
                Zh => format!(
                    "lab：{name} 本来就是发布时的样子，状态为未开始；准备好了就运行 `cargo run -p lab -- check {name}`"
                ),
            },
            NothingShipped { path } => match lang {
                En => format!(
                    "{path} holds no file of the exercise as shipped, so lab cannot put it back: take that folder from a fresh copy of the repository"
                ),
                Zh => format!(
                    "{path} 里没有这个练习发布时的文件，lab 无法恢复它：请从一份新的仓库副本里取回这个文件夹"
                ),
            },
            ResetWarns { name, files } => match lang {
                En => format!(
                    "lab: reset puts {name} back as shipped, losing what you wrote in {files}"
                ),
                Zh => format!(
                    "lab：reset 把 {name} 恢复成发布时的样子，你在 {files} 里写的内容会丢失"
                ),
            },
            GoOn => match lang {
                En => "Go on? [y/N]".to_string(),
                Zh => "继续吗？[y/N]".to_string(),
            },
            NothingChanged => match lang {
                En => "lab: nothing changed (`--yes` resets without asking)".to_string(),
                Zh => "lab：没有做任何改动（加上 `--yes` 就不再询问，直接重置）".to_string(),
            },
            ResetDone { name } => match lang {
                En => format!(
                    "lab: {name} is as shipped again, and not started: `cargo run -p lab -- check {name}` when you are ready"
                ),
                Zh => format!(
                    "lab：{name} 已恢复成发布时的样子，状态为未开始；准备好了就运行 `cargo run -p lab -- check {name}`"
                ),
            },
            CannotRead { path, error } => match lang {
                En => format!("cannot read {path}: {error}"),
                Zh => format!("无法读取 {path}：{error}"),
            },
            CannotWrite { path, error } => match lang {
                En => format!("cannot write {path}: {error}"),
                Zh => format!("无法写入 {path}：{error}"),
            },
            SolutionNotYet { name, state } => match lang {
                En => format!(
                    "lab shows the solution of {name} once it has passed (now: {state}): `cargo run -p lab -- hint {name}` helps, and `cargo run -p lab -- check {name}` says what is left"
                ),
                Zh => format!(
                    "{name} 通过之后，lab 才给出它的参考答案（现在：{state}）：`cargo run -p lab -- hint {name}` 有提示，`cargo run -p lab -- check {name}` 告诉你还差什么"
                ),
            },
            SolutionOf { name } => match lang {
                En => format!(
                    "lab: the reference solution of {name}, one way among many (yours passed too): compare it with yours"
                ),
                Zh => format!(
                    "lab：{name} 的参考答案，只是众多写法中的一种（你的也通过了）：和你的写法对照一下"
                ),
            },
            WatchStarts => match lang {
                En => "lab: watching: each time you save a file of the exercise, it is checked again. Enter checks at once, h then Enter shows a hint, q then Enter stops. Where saving starts no check (files on a network drive, or on the Windows side of WSL under /mnt/c, send no file events), press Enter after each save".to_string(),
                Zh => "lab：开始监视：每次保存练习里的文件，都会重新检查。按回车立即检查，输入 h 再回车显示提示，输入 q 再回车结束。如果保存之后没有开始检查（网络驱动器上的文件，以及 WSL 里 /mnt/c 下、放在 Windows 一侧的文件，都不发文件事件），就在每次保存后按回车".to_string(),
            },
            WatchWaiting { dir } => match lang {
                En => format!("── watching {dir} · Enter: check · h: hint · q: stop ──"),
                Zh => format!("── 正在监视 {dir} · 回车：检查 · h：提示 · q：结束 ──"),
            },
            WatchChanged { files } => match lang {
                En => format!("lab: {files} changed: checking again"),
                Zh => format!("lab：{files} 有改动，重新检查"),
            },
            WatchKeys => match lang {
                En => "lab: Enter checks, h then Enter shows a hint, q then Enter stops".to_string(),
                Zh => "lab：按回车检查，输入 h 再回车显示提示，输入 q 再回车结束".to_string(),
            },
            WatchNoEvents { error } => match lang {
                En => format!(
                    "lab: file events do not arrive here ({error}): press Enter after each save to check"
                ),
                Zh => format!("lab：这里收不到文件事件（{error}）：每次保存后按回车来检查"),
            },
            WatchLost => match lang {
                En => "lab: file events stopped arriving: press Enter after each save to check"
                    .to_string(),
                Zh => "lab：文件事件不再到达：每次保存后按回车来检查".to_string(),
            },
            WatchEnds => match lang {
                En => "lab: watch ends".to_string(),
                Zh => "lab：监视结束".to_string(),
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
            ConnectsToGivenAddress => match lang {
                En => "connects to the address it is given".to_string(),
                Zh => "连接到给定的地址".to_string(),
            },
            SendsAndPrintsReply => match lang {
                En => "sends its message, prints the reply, closes and ends".to_string(),
                Zh => "发出消息，打印回答，然后关闭连接并结束".to_string(),
            },
            EachArgumentInTurn => match lang {
                En => "sends three to five messages in turn, printing each reply".to_string(),
                Zh => "依次发出三到五条消息，打印每个回答".to_string(),
            },
            EndsWhenServerCloses => match lang {
                En => "ends with an error when the server closes first".to_string(),
                Zh => "服务器先关闭连接时，报错结束".to_string(),
            },
            ExitedBeforeConnecting { status, addr } => match lang {
                En => format!("your program exited ({status}) before it connected to {addr}"),
                Zh => format!("你的程序还没连接到 {addr} 就退出了（{status}）"),
            },
            NeverConnected { addr, secs } => match lang {
                En => format!("your program is running, but it did not connect to {addr} within {secs} s"),
                Zh => format!("你的程序在运行，但 {secs} 秒内没有连接到 {addr}"),
            },
            ConnectsElsewhere { addr, found } => match lang {
                En => format!(
                    "your program connected to {found}, not to {addr}, the address it was given: is an address written into the program?"
                ),
                Zh => format!(
                    "你的程序连接的是 {found}，而不是给它的地址 {addr}：是不是把地址写死在程序里了？"
                ),
            },
            ExitedBeforeSending { status, n } => match lang {
                En => format!("your program exited ({status}) before sending message {n}"),
                Zh => format!("你的程序还没发出第 {n} 条消息就退出了（{status}）"),
            },
            ClosedBeforeSending { n } => match lang {
                En => format!("your program closed the connection before sending message {n}"),
                Zh => format!("你的程序还没发出第 {n} 条消息就关闭了连接"),
            },
            NoMessage { n, secs } => match lang {
                En => format!("the server waited {secs} s for message {n}, and not a byte came"),
                Zh => format!("服务器等了 {secs} 秒，第 {n} 条消息一个字节也没有来"),
            },
            PartMessage { n, expected, got } => match lang {
                En => format!("message {n} should be {expected}, but only {got} came"),
                Zh => format!("第 {n} 条消息应该是 {expected}，却只来了 {got}"),
            },
            WrongMessage { n, expected, got } => match lang {
                En => format!(
                    "message {n} should be {expected}, its argument's bytes, but {got} came"
                ),
                Zh => format!("第 {n} 条消息应该是 {expected}，即参数的字节，来的却是 {got}"),
            },
            MoreThanMessage { n, count } => match lang {
                En => format!(
                    "message {n} came with {} after it, before any reply was sent",
                    more_bytes(*count)
                ),
                Zh => format!("第 {n} 条消息后面还跟着 {count} 个多余的字节，那时回答还没发出"),
            },
            Glued { n, next } => match lang {
                En => format!(
                    "message {next} came glued to message {n}, before the reply to message {n} was sent"
                ),
                Zh => format!(
                    "第 {n} 条消息的回答还没发出，第 {next} 条消息就紧贴着它一起来了"
                ),
            },
            SentBeforeHeldReply { n, next, ms } => match lang {
                En => format!(
                    "message {next} came while the reply to message {n} was held back ({ms} ms, as by a server far away): your client sent it without waiting for that reply"
                ),
                Zh => format!(
                    "第 {n} 条消息的回答被压住了（{ms} 毫秒，就像远处的服务器那样），这期间第 {next} 条消息来了：你的客户端没等那个回答就发了它"
                ),
            },
            ClosedBeforeReply { n } => match lang {
                En => format!(
                    "your program closed the connection right after message {n}, without waiting for the reply"
                ),
                Zh => format!("你的程序发完第 {n} 条消息就关闭了连接，没有等回答"),
            },
            SentAfterLast { count } => match lang {
                En => format!(
                    "after the last reply, {} came where the close was expected",
                    more_bytes(*count)
                ),
                Zh => format!("最后一个回答之后，本该是关闭连接，却来了 {count} 个多余的字节"),
            },
            NotClosedAfterLast { secs } => match lang {
                En => format!(
                    "every message got its reply, but {secs} s later the connection was still open: your program did not close it"
                ),
                Zh => format!(
                    "每条消息都得到了回答，但 {secs} 秒后连接还开着：你的程序没有关闭它"
                ),
            },
            RunsOnAfterClosing { secs } => match lang {
                En => format!(
                    "your program closed the connection, but was still running {secs} s later"
                ),
                Zh => format!("你的程序关闭了连接，但 {secs} 秒后还在运行"),
            },
            ExitedWithError { status } => match lang {
                En => format!(
                    "every message got its reply, but your program ended with {status}, where a client that did its work ends with exit code 0"
                ),
                Zh => format!(
                    "每条消息都得到了回答，你的程序却以{status} 结束；完成了任务的客户端应以退出码 0 结束"
                ),
            },
            ReplyNotPrinted { n, reply } => match lang {
                En => format!("your program did not print reply {n} at the end of a line: {reply}"),
                Zh => format!("你的程序没有把第 {n} 个回答打印在一行的末尾：{reply}"),
            },
            RunsOnAfterServerClosed { secs } => match lang {
                En => format!(
                    "the server closed the connection after reply 1; {secs} s later your program was still running"
                ),
                Zh => format!("服务器在第 1 个回答之后关闭了连接；{secs} 秒后你的程序还在运行"),
            },
            ExitedZeroAfterServerClosed => match lang {
                En => "the server closed the connection after reply 1, and your program exited with code 0, as if every message had got its reply".to_string(),
                Zh => "服务器在第 1 个回答之后关闭了连接，你的程序却以退出码 0 结束，好像每条消息都得到了回答".to_string(),
            },
            SilentAfterServerClosed { status } => match lang {
                En => format!(
                    "the server closed the connection after reply 1, and your program ended with {status}, as it should, but said nothing on stderr about why"
                ),
                Zh => format!(
                    "服务器在第 1 个回答之后关闭了连接，你的程序以{status} 结束，这没错，但没有在 stderr 上说明原因"
                ),
            },
            ServerAnswersTypedLines => label(
                lang,
                "the server shows each message and answers with the line typed, until the client says byebye",
                "服务器显示每条消息，用键入的一行回答，直到客户端说 byebye",
            ),
            ServerSaysByebyeAndGoesOn => label(
                lang,
                "the server says byebye when it is typed, and serves the next clients in turn",
                "键入 byebye 时服务器说 byebye，然后依次服务后面的客户端",
            ),
            ClientSendsTypedLines => label(
                lang,
                "the client sends each typed line, shows each answer, and ends after its byebye",
                "客户端发出键入的每一行，显示每个回答，说完 byebye 就结束",
            ),
            ClientStopsAtServersByebye => label(
                lang,
                "the client ends when the server says byebye",
                "服务器说 byebye 时客户端结束",
            ),
            ClientStopsAtEndOfInput => label(
                lang,
                "the client ends when its input ends",
                "输入结束时客户端结束",
            ),
            ServerExited { status, client } => match lang {
                En => format!("your server ended ({status}) while client {client} was talking to it"),
                Zh => format!("客户端 {client} 还在和你的服务器对话，服务器就结束了（{status}）"),
            },
            ServerEndedBeforeClient { status, client } => match lang {
                En => format!(
                    "your server ended ({status}) before client {client} came: a server goes on accepting clients"
                ),
                Zh => format!(
                    "客户端 {client} 还没来，你的服务器就结束了（{status}）：服务器要一直接受新的客户端"
                ),
            },
            NotPrinted {
                client,
                message,
                secs,
            } => match lang {
                En => format!(
                    "client {client} sent {message}, and within {secs} s your server printed no line that ends with it"
                ),
                Zh => format!(
                    "客户端 {client} 发出了 {message}，{secs} 秒内你的服务器没有打印出以它结尾的一行"
                ),
            },
            NotServedAfterClose {
                client,
                previous,
                secs,
            } => match lang {
                En => format!(
                    "client {previous} closed the connection without a word, and then your server did not print client {client}'s message within {secs} s: is it still busy with client {previous}?"
                ),
                Zh => format!(
                    "客户端 {previous} 一言不发地关闭了连接，之后你的服务器 {secs} 秒内没有打印客户端 {client} 的消息：它还在忙着处理客户端 {previous} 吗？"
                ),
            },
            AnsweredUntyped { client, got } => match lang {
                En => format!(
                    "your server answered client {client} with {got} before any line was typed: it should answer with the line typed on its input"
                ),
                Zh => format!(
                    "还没有键入任何一行，你的服务器就回答了客户端 {client}：{got}；它应该用输入里键入的那一行回答"
                ),
            },
            ClosedAfterMessage { client } => match lang {
                En => format!(
                    "your server closed the connection after client {client}'s message, without an answer"
                ),
                Zh => format!("你的服务器收到客户端 {client} 的消息后没有回答就关闭了连接"),
            },
            NoTypedAnswer {
                client,
                answer,
                secs,
            } => match lang {
                En => format!(
                    "the line {answer} was typed on your server's input, and within {secs} s not a byte of it reached client {client}"
                ),
                Zh => format!(
                    "在你的服务器的输入里键入了 {answer}，{secs} 秒内却没有一个字节到达客户端 {client}"
                ),
            },
            AnswerWithNewline { client } => match lang {
                En => format!("your server sent client {client} the typed line with its newline"),
                Zh => format!("你的服务器把键入的那一行连同换行符一起发给了客户端 {client}"),
            },
            WrongTypedAnswer {
                client,
                expected,
                got,
            } => match lang {
                En => format!(
                    "client {client} should get {expected}, the line typed, but {got} came"
                ),
                Zh => format!("客户端 {client} 应该收到键入的那一行 {expected}，来的却是 {got}"),
            },
            ClosedAfterAnswer { client } => match lang {
                En => format!(
                    "your server closed the connection after one answer to client {client}, where the conversation goes on until someone says byebye"
                ),
                Zh => format!(
                    "你的服务器回答客户端 {client} 一次就关闭了连接，而对话应该一直进行到有人说 byebye"
                ),
            },
            AnsweredByebye { client, got } => match lang {
                En => format!(
                    "client {client} said byebye, and your server answered {got} instead of closing the connection"
                ),
                Zh => format!(
                    "客户端 {client} 说了 byebye，你的服务器没有关闭连接，而是回答了 {got}"
                ),
            },
            NotClosedAfterByebye { client, secs } => match lang {
                En => format!(
                    "client {client} said byebye, and {secs} s later your server still held the connection open"
                ),
                Zh => format!("客户端 {client} 说了 byebye，{secs} 秒后你的服务器还开着连接"),
            },
            NotClosedAfterOwnByebye { client, secs } => match lang {
                En => format!(
                    "your server sent byebye to client {client}, and {secs} s later still held the connection open"
                ),
                Zh => format!("你的服务器给客户端 {client} 发了 byebye，{secs} 秒后还开着连接"),
            },
            SentAfterOwnByebye { client, count } => match lang {
                En => format!(
                    "after its byebye to client {client}, your server sent {}",
                    more_bytes(*count)
                ),
                Zh => format!(
                    "你的服务器给客户端 {client} 发了 byebye 之后，又发了 {count} 个字节"
                ),
            },
            LineNotSent { n, line, secs } => match lang {
                En => format!(
                    "line {n}, {line}, was typed on your client's input, and within {secs} s not a byte of it came"
                ),
                Zh => format!(
                    "在你的客户端的输入里键入了第 {n} 行 {line}，{secs} 秒内却一个字节也没有来"
                ),
            },
            ExitedBeforeLine { status, n, line } => match lang {
                En => format!("your client ended ({status}) before sending line {n}, {line}"),
                Zh => format!("你的客户端还没发出第 {n} 行 {line} 就结束了（{status}）"),
            },
            ClosedBeforeLine { n, line } => match lang {
                En => format!("your client closed the connection before sending line {n}, {line}"),
                Zh => format!("你的客户端还没发出第 {n} 行 {line} 就关闭了连接"),
            },
            ClosedBeforeAnswer { n } => match lang {
                En => format!(
                    "your client closed the connection right after line {n}, without waiting for the answer"
                ),
                Zh => format!("你的客户端发完第 {n} 行就关闭了连接，没有等回答"),
            },
            LineWithNewline { n } => match lang {
                En => format!("your client sent line {n} with its newline"),
                Zh => format!("你的客户端把第 {n} 行连同换行符一起发了出来"),
            },
            WrongLine { n, expected, got } => match lang {
                En => format!("line {n} should come as typed, {expected}, but {got} came"),
                Zh => format!("第 {n} 行应该按键入的原样来，即 {expected}，来的却是 {got}"),
            },
            AnswerNotPrinted { n, answer, secs } => match lang {
                En => format!(
                    "within {secs} s your client printed no line that ends with answer {n}, {answer}"
                ),
                Zh => format!("{secs} 秒内你的客户端没有打印出以第 {n} 个回答 {answer} 结尾的一行"),
            },
            AnsweredOutOfTurn { client, got } => match lang {
                En => format!(
                    "a line was typed at your server before client {client} said anything, and your server sent it at once, {got}: an answer waits for the message, and for it to be shown"
                ),
                Zh => format!(
                    "客户端 {client} 还什么都没说，就在你的服务器上键入了一行，你的服务器立刻把它发了出去：{got}；回答要等消息来了、显示出来之后才发"
                ),
            },
            SentOutOfTurn { n, got } => match lang {
                En => format!(
                    "line {n} was typed before the answer to line {} came, and your client sent it at once, {got}: it should first wait for that answer and print it",
                    n - 1
                ),
                Zh => format!(
                    "第 {} 行的回答还没来时键入了第 {n} 行，你的客户端立刻把它发了出去：{got}；它应该先等那个回答，并把它打印出来",
                    n - 1
                ),
            },
            AfterSendingByebye => label(lang, "after it sent byebye", "发出 byebye 之后"),
            AfterServersByebye => label(lang, "after the server's byebye", "服务器说 byebye 之后"),
            AfterInputEnded => label(lang, "after its input ended", "输入结束之后"),
            ClientKeptOpen { after, secs } => match lang {
                En => format!("{secs} s {after}, your client still held the connection open"),
                Zh => format!("{after} {secs} 秒，你的客户端还开着连接"),
            },
            ClientSentMore { after, count } => match lang {
                En => format!("{after}, your client sent {}", more_bytes(*count)),
                Zh => format!("{after}，你的客户端又发了 {count} 个字节"),
            },
            ClientRunsOn { after, secs } => match lang {
                En => format!(
                    "{after}, your client closed the connection, but was still running {secs} s later"
                ),
                Zh => format!("{after}，你的客户端关闭了连接，但 {secs} 秒后还在运行"),
            },
            ClientEndedWithError { after, status } => match lang {
                En => format!(
                    "{after}, your client ended with {status}, where a conversation that ended well ends with exit code 0"
                ),
                Zh => format!(
                    "{after}，你的客户端以{status} 结束；对话正常结束时应以退出码 0 结束"
                ),
            },
            ConnectedAgain { n } => match lang {
                En => format!(
                    "your program closed its connection and connected again to send message {n}"
                ),
                Zh => format!("你的程序关闭了连接，又重新连接来发第 {n} 条消息"),
            },
            PanickedAfterServerClosed { status } => match lang {
                En => format!(
                    "the server closed the connection after reply 1, and your program panicked ({status})"
                ),
                Zh => format!("服务器在第 1 个回答之后关闭了连接，你的程序 panic 了（{status}）"),
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
            HintConnect => match lang {
                En => "a client connects (TcpStream::connect, Python's connect()) to the address in the first argument, std::env::args().nth(1), before it sends anything".to_string(),
                Zh => "客户端先用 TcpStream::connect（即 Python 的 connect()）连接第一个参数 std::env::args().nth(1) 给出的地址，再发送任何东西".to_string(),
            },
            HintConnectGivenAddress => match lang {
                En => "connect to the address in the first argument, std::env::args().nth(1) (sys.argv[1]), not to one written into the program: where nothing listens, connect() is refused".to_string(),
                Zh => "请连接第一个参数 std::env::args().nth(1)（即 sys.argv[1]）给出的地址，而不是写死在程序里的地址：没有程序监听的地方，connect() 会被拒绝".to_string(),
            },
            HintSendMessage => match lang {
                En => "once connected, send the message: write_all(message.as_bytes()), Python's sendall(); the server says nothing until a message comes".to_string(),
                Zh => "连上之后就发出消息：write_all(message.as_bytes())，即 Python 的 sendall()；消息来之前服务器什么也不说".to_string(),
            },
            HintEveryArgument => match lang {
                En => "send every argument after the address, one after another on the same connection, each once the reply to the one before has come".to_string(),
                Zh => "地址后面的每个参数都要发出，在同一个连接上一个接一个，每个都等前一个的回答到了再发".to_string(),
            },
            HintOneReadClient => match lang {
                En => "one read() is one reply here: the server does not close after a reply, so read_to_end() (or reading until 0) waits for ever".to_string(),
                Zh => "这里读一次 read() 就是一个回答：服务器回答之后不关闭连接，所以 read_to_end()（或者一直读到返回 0）会永远等下去".to_string(),
            },
            HintNoNewlineClient => match lang {
                En => "send the argument's bytes only, no newline after them (writeln! adds one): the server takes every byte as part of the message".to_string(),
                Zh => "只发参数本身的字节，后面不加换行符（writeln! 会加一个）：服务器把每个字节都算作消息的一部分".to_string(),
            },
            HintSendArgument => match lang {
                En => "send each argument as it is, one message per argument: not joined to the others, not trimmed, nothing added".to_string(),
                Zh => "每个参数原样发出，一个参数一条消息：不和别的拼在一起，不去掉空格，也不添加任何东西".to_string(),
            },
            HintWaitForReply => match lang {
                En => "read the reply to a message before sending the next one: messages sent back to back stick together in TCP's byte stream (sticky packets, 粘包), and the server takes them for one".to_string(),
                Zh => "先读到一条消息的回答，再发下一条：紧挨着发出的消息会在 TCP 的字节流里粘在一起（粘包），服务器会把它们当成一条".to_string(),
            },
            HintWriteAll => match lang {
                En => "write_all sends every byte of the message, as sendall() does, where one write() may send only some".to_string(),
                Zh => "write_all 会发出消息的每一个字节，就像 sendall()，而一次 write() 可能只发出一部分".to_string(),
            },
            HintReadReply => match lang {
                En => "after sending a message, read its reply (one read(), Python's recv(1024)) and print it, before sending on or closing".to_string(),
                Zh => "发出一条消息之后，先读它的回答（读一次 read()，即 Python 的 recv(1024)）并打印出来，再接着发或者关闭".to_string(),
            },
            HintCloseClient => match lang {
                En => "after the last reply, close the connection and end: return from main (dropping the stream closes it). No more replies come: read_to_end(), or one more read(), waits for ever".to_string(),
                Zh => "最后一个回答之后，关闭连接并结束：从 main 返回（丢弃流就关闭了它）。不会再有回答了：read_to_end() 或者再读一次 read()，都会永远等下去".to_string(),
            },
            HintExitZero => match lang {
                En => "when every reply has come, let main end normally: exit code 0 tells a script that the client did its work".to_string(),
                Zh => "所有回答都到了，就让 main 正常结束：退出码 0 告诉脚本客户端完成了任务".to_string(),
            },
            HintPrintText => match lang {
                En => "print each reply as text: String::from_utf8_lossy(&buffer[..n]), not the bytes' debug form ({:?}), which shows numbers".to_string(),
                Zh => "把每个回答作为文本打印：String::from_utf8_lossy(&buffer[..n])，不要打印字节的调试形式（{:?}），那样显示的是数字".to_string(),
            },
            HintPrintReply => match lang {
                En => "print each reply as it comes: println! of the text received (Python's print(data.decode()))".to_string(),
                Zh => "每个回答一到就打印出来：用 println! 打印收到的文本（即 Python 的 print(data.decode())）".to_string(),
            },
            HintClientBuffer => match lang {
                En => "the reply was cut: read into a buffer of 1024 bytes ([0u8; 1024]), as recv(1024) does; a smaller one holds only the start of a long reply".to_string(),
                Zh => "回答被截断了：要读进 1024 字节的缓冲区（[0u8; 1024]），就像 recv(1024)；缓冲区小了，只装得下长回答的开头".to_string(),
            },
            HintSayWhy => match lang {
                En => "before exiting, print one line on stderr that says what happened (eprintln!), such as \"error: the server closed the connection\": a user must not be left guessing".to_string(),
                Zh => "退出之前在 stderr 上打印一行，说明发生了什么（eprintln!），比如 \"error: the server closed the connection\"：不要让用户去猜".to_string(),
            },
            HintOneConnection => match lang {
                En => "connect once, before the loop over the messages, and send them all on that one stream: one connection is one conversation, as in the tutorial's client".to_string(),
                Zh => "在遍历消息的循环之前只连接一次，所有消息都在这一个流上发：一个连接就是一次对话，和教程里的客户端一样".to_string(),
            },
            HintPrintMessage => match lang {
                En => "take each message with one read() (no newline comes: a read_line on the socket waits for ever) and print it at the end of a line of its own, a label before it if you like (println! of String::from_utf8_lossy(&buffer[..n])), before reading the answer from stdin: whoever answers must see what to answer".to_string(),
                Zh => "每条消息用一次 read() 读取（不会有换行符：在套接字上 read_line 会永远等下去），打印在单独一行的末尾，前面可以加标签（用 println! 打印 String::from_utf8_lossy(&buffer[..n]) 的结果），然后再从 stdin 读回答：回答的人得先看到要回答什么".to_string(),
            },
            HintAnswerTyped => match lang {
                En => "the answer is the next line typed on stdin (std::io::stdin().read_line, Python's input()), sent as typed, without its newline".to_string(),
                Zh => "回答是 stdin 上键入的下一行（std::io::stdin().read_line，即 Python 的 input()），按键入的原样发出，不带换行符".to_string(),
            },
            HintDropNewline => match lang {
                En => "read_line keeps the line's end (\"\\n\", or \"\\r\\n\" on Windows), where Python's input() drops it: send line.trim_end_matches(['\\n', '\\r'])".to_string(),
                Zh => "read_line 会保留行尾（\"\\n\"，Windows 上是 \"\\r\\n\"），而 Python 的 input() 会去掉它：发送 line.trim_end_matches(['\\n', '\\r'])".to_string(),
            },
            HintSameConnection => match lang {
                En => "keep the connection for the whole conversation: read and answer in a loop on the same stream, until someone says byebye or the client closes".to_string(),
                Zh => "整个对话都用同一个连接：在同一个流上循环读、回答，直到有人说 byebye 或者客户端关闭连接".to_string(),
            },
            HintByebyeEnds => match lang {
                En => "compare each message (the n bytes received, &buffer[..n], not the whole buffer) with \"byebye\" before reading an answer from stdin; if it is byebye, leave the conversation's loop without answering: the stream is dropped (closed), and the server goes back to accept()".to_string(),
                Zh => "先把每条消息（收到的 n 个字节，即 &buffer[..n]，不是整个缓冲区）和 \"byebye\" 比较，再从 stdin 读回答；是 byebye 就不回答，直接跳出对话的循环：流被丢弃（关闭），服务器回到 accept()".to_string(),
            },
            HintAnswerAtEnd => match lang {
                En => "print each answer at the end of a line of its own: a label before it is fine, nothing after it (println!, not print!)".to_string(),
                Zh => "每个回答打印在单独一行的末尾：前面可以加标签，后面不能有别的（用 println!，不用 print!）".to_string(),
            },
            HintOwnByebye => match lang {
                En => "after sending a typed byebye, leave the conversation's loop too: the stream is dropped (closed), and the server goes back to accept() for the next client".to_string(),
                Zh => "发出键入的 byebye 之后，也要跳出对话的循环：流被丢弃（关闭），服务器回到 accept() 等下一个客户端".to_string(),
            },
            HintZeroIsClose => match lang {
                En => "read() returning Ok(0) is the client's close (recv() returning b'' in Python): leave the conversation's loop at once, without printing an empty message or reading an answer, and accept() the next client".to_string(),
                Zh => "read() 返回 Ok(0) 表示客户端关闭了连接（Python 里 recv() 返回 b''）：立刻跳出对话的循环，不要打印空消息，也不要读回答，然后 accept() 下一个客户端".to_string(),
            },
            HintSendTypedLine => match lang {
                En => "read each line typed on stdin (std::io::stdin().read_line, Python's input()) and send it at once with write_all, without its newline; then read the answer".to_string(),
                Zh => "读取 stdin 上键入的每一行（std::io::stdin().read_line，即 Python 的 input()），立刻用 write_all 发出，不带换行符；然后读回答".to_string(),
            },
            HintSendByebye => match lang {
                En => "send byebye like any other line, and only then close: the server must hear it to end its side of the conversation".to_string(),
                Zh => "byebye 要和别的行一样发出去，然后才关闭：服务器得收到它，才能结束自己这一边的对话".to_string(),
            },
            HintPrintAnswer => match lang {
                En => "take each answer with one read() (no newline comes: a read_line on the socket waits for ever) and print it at the end of a line of its own, a label before it if you like (println! of String::from_utf8_lossy(&buffer[..n])), before reading the next line from stdin".to_string(),
                Zh => "每个回答用一次 read() 读取（不会有换行符：在套接字上 read_line 会永远等下去），打印在单独一行的末尾，前面可以加标签（用 println! 打印 String::from_utf8_lossy(&buffer[..n]) 的结果），然后再从 stdin 读下一行".to_string(),
            },
            HintReadAnswer => match lang {
                En => "after sending a line, read its answer (one read into a 1024-byte buffer) before reading the next line: only byebye gets no answer".to_string(),
                Zh => "发出一行之后，先读它的回答（用 1024 字节的缓冲区读一次），再读下一行：只有 byebye 没有回答".to_string(),
            },
            HintCloseAfterByebye => match lang {
                En => "after sending byebye, leave the loop at once: no answer comes to byebye, and dropping the stream at the end of main closes the connection".to_string(),
                Zh => "发出 byebye 之后立刻跳出循环：byebye 不会有回答，main 结束时丢弃流就关闭了连接".to_string(),
            },
            HintHeardByebye => match lang {
                En => "compare each answer with \"byebye\"; if it is, leave the loop and end, without reading another line from stdin: the server has ended the conversation".to_string(),
                Zh => "把每个回答和 \"byebye\" 比较；是 byebye 就跳出循环并结束，不要再从 stdin 读下一行：服务器已经结束了对话".to_string(),
            },
            HintEndOfInput => match lang {
                En => "read_line returning Ok(0) is the end of the input (Ctrl-D, or the end of a file piped in): leave the loop and end, as after byebye; an empty send sends nothing, and its answer never comes".to_string(),
                Zh => "read_line 返回 Ok(0) 表示输入结束了（Ctrl-D，或者用管道送进来的文件读完了）：和 byebye 之后一样，跳出循环并结束；发送空内容什么也不会发出去，它的回答也永远不会来".to_string(),
            },
            HintServerTurns => match lang {
                En => "the conversation takes turns: read a line from stdin only after a message has come and been printed; a line typed earlier waits in stdin until then".to_string(),
                Zh => "对话是轮流进行的：消息到了并打印出来之后，才从 stdin 读一行；提前键入的行会在 stdin 里一直等到那时".to_string(),
            },
            HintClientTurns => match lang {
                En => "the conversation takes turns: read the next line from stdin only after the answer to the last one has come and been printed; a line typed earlier waits in stdin until then".to_string(),
                Zh => "对话是轮流进行的：上一行的回答到了并打印出来之后，才从 stdin 读下一行；提前键入的行会在 stdin 里一直等到那时".to_string(),
            },
            HintBackToAccept => match lang {
                En => "when a conversation ends, leave its loop (break), not main (return, exit), and go back to accept() for the next client: for stream in listener.incoming() around the conversation".to_string(),
                Zh => "一次对话结束时，跳出的是对话的循环（break），而不是 main（return、exit），然后回到 accept() 等下一个客户端：用 for stream in listener.incoming() 把对话包起来".to_string(),
            },
            FramingOneMessage => match lang {
                En => "answers a message with a message: its length first".to_string(),
                Zh => "用一条消息回答一条消息：长度在前".to_string(),
            },
            FramingOneAtATime => match lang {
                En => "answers message after message: Chinese, empty, longer than 1024 bytes".to_string(),
                Zh => "一条接一条地回答：中文的、空的、超过 1024 字节的消息".to_string(),
            },
            FramingGlued => match lang {
                En => "answers messages glued together in one write".to_string(),
                Zh => "回答粘在一次写入里的几条消息".to_string(),
            },
            FramingSplit => match lang {
                En => "answers messages sent one byte at a time".to_string(),
                Zh => "回答一个字节一个字节发来的消息".to_string(),
            },
            FramingLimit => match lang {
                En => "takes a message of 64 KiB, closes on a longer one, serves the next client".to_string(),
                Zh => "接受 64 KiB 的消息，遇到更长的就关闭连接，再服务下一个客户端".to_string(),
            },
            FramingCutShort => match lang {
                En => "serves the next client after one that left inside a message".to_string(),
                Zh => "客户端在消息中途离开后，继续服务下一个客户端".to_string(),
            },
            FramingNoAnswer {
                client,
                number,
                secs,
            } => match lang {
                En => format!(
                    "client {client} sent message {number} and got no answer at all within {secs} s"
                ),
                Zh => format!("客户端 {client} 发出了第 {number} 条消息，{secs} 秒内完全没有收到回答"),
            },
            FramingExited {
                status,
                client,
                number,
            } => match lang {
                En => format!(
                    "your server exited ({status}) before answering message {number} of client {client}"
                ),
                Zh => format!("你的服务器还没回答客户端 {client} 的第 {number} 条消息就退出了（{status}）"),
            },
            FramingClosedWithoutAnswer { client, number } => match lang {
                En => format!(
                    "your server closed client {client}'s connection without answering its message {number}"
                ),
                Zh => format!("你的服务器没有回答客户端 {client} 的第 {number} 条消息，就关闭了连接"),
            },
            FramingClosedOnEmpty { client, number } => match lang {
                En => format!(
                    "client {client}'s message {number} was empty (length 0), and your server closed the connection instead of answering it"
                ),
                Zh => format!(
                    "客户端 {client} 的第 {number} 条消息是空的（长度为 0），你的服务器没有回答，而是关闭了连接"
                ),
            },
            FramingClosedAtLimit { client, number } => match lang {
                En => format!(
                    "client {client}'s message {number} was exactly 64 KiB (65536 bytes), the largest allowed, and your server closed the connection instead of answering it"
                ),
                Zh => format!(
                    "客户端 {client} 的第 {number} 条消息正好 64 KiB（65536 字节），是允许的最大长度，你的服务器却没有回答，而是关闭了连接"
                ),
            },
            FramingGluedPartly {
                client,
                count,
                answered,
            } => match lang {
                En => format!(
                    "client {client} sent {count} messages glued together in one write, and your server answered {answered} of them"
                ),
                Zh => format!(
                    "客户端 {client} 在一次写入里发出了粘在一起的 {count} 条消息，你的服务器只回答了其中 {answered} 条"
                ),
            },
            FramingSplitPartly {
                client,
                count,
                answered,
            } => match lang {
                En => format!(
                    "client {client} sent {count} messages one byte at a time, and your server answered {answered} of them"
                ),
                Zh => format!(
                    "客户端 {client} 一个字节一个字节地发出了 {count} 条消息，你的服务器只回答了其中 {answered} 条"
                ),
            },
            FramingPartLength {
                client,
                number,
                count,
            } => match lang {
                En => format!(
                    "your server's answer to message {number} of client {client} stopped after {}, before its 4 bytes of length were complete",
                    common::narrate::count(*count, "byte", "bytes")
                ),
                Zh => format!(
                    "你的服务器对客户端 {client} 第 {number} 条消息的回答只来了 {count} 个字节就停了，连 4 个字节的长度都不完整"
                ),
            },
            FramingNoLength {
                client,
                number,
                first,
                length,
            } => match lang {
                En => format!(
                    "your server's answer to message {number} of client {client} has no length in front: its first 4 bytes, {first}, read as a length say {length} bytes"
                ),
                Zh => format!(
                    "你的服务器对客户端 {client} 第 {number} 条消息的回答前面没有长度：它的前 4 个字节 {first} 当作长度读，是 {length} 个字节"
                ),
            },
            FramingLittleEndian {
                client,
                number,
                meant,
                says,
            } => match lang {
                En => format!(
                    "your server wrote the length of its answer to message {number} of client {client} little-endian: it means {meant} bytes, but read in network byte order (big-endian) it says {says}"
                ),
                Zh => format!(
                    "你的服务器把对客户端 {client} 第 {number} 条消息的回答长度写成了小端序：本意是 {meant} 个字节，按网络字节序（大端序）读却是 {says}"
                ),
            },
            FramingLengthDisagrees {
                client,
                number,
                says,
                is,
            } => match lang {
                En => format!(
                    "the length in front of your server's answer to message {number} of client {client} says {says} bytes, but the answer is {is} bytes"
                ),
                Zh => format!(
                    "你的服务器对客户端 {client} 第 {number} 条消息的回答，前面的长度说是 {says} 个字节，回答本身却是 {is} 个字节"
                ),
            },
            FramingWrongCount {
                client,
                number,
                counted,
                length,
            } => match lang {
                En => format!(
                    "your server answered \"received {counted} bytes\" to message {number} of client {client}, which is {length} bytes long"
                ),
                Zh => format!(
                    "客户端 {client} 的第 {number} 条消息长 {length} 个字节，你的服务器却回答 \"received {counted} bytes\""
                ),
            },
            FramingWrongAnswer { client, number } => match lang {
                En => format!(
                    "your server's answer to message {number} of client {client} is not the one expected"
                ),
                Zh => format!("你的服务器对客户端 {client} 第 {number} 条消息的回答不是应有的回答"),
            },
            FramingLengthWidth {
                client,
                number,
                width,
            } => match lang {
                En => format!(
                    "the length in front of your server's answer to message {number} of client {client} is {width} bytes long, not 4"
                ),
                Zh => format!(
                    "你的服务器对客户端 {client} 第 {number} 条消息的回答，前面的长度占了 {width} 个字节，而不是 4 个"
                ),
            },
            FramingAnsweredClose { client } => match lang {
                En => format!(
                    "client {client} closed its side of the connection between two messages, and your server answered: it took the close for a message"
                ),
                Zh => format!(
                    "客户端 {client} 在两条消息之间关闭了自己这一端的连接，你的服务器却回答了：它把关闭当成了一条消息"
                ),
            },
            FramingAnsweredCut { client, sent } => match lang {
                En => format!(
                    "client {client} sent only the first {sent} bytes of a message and closed its side of the connection, and your server answered a message that never came whole"
                ),
                Zh => format!(
                    "客户端 {client} 只发了一条消息的前 {sent} 个字节，就关闭了自己这一端的连接，你的服务器却回答了这条没有完整到达的消息"
                ),
            },
            FramingOpenAfterLeaving { client, secs } => match lang {
                En => format!(
                    "client {client} closed its side of the connection, and your server kept its own side open for {secs} s instead of closing it too"
                ),
                Zh => format!(
                    "客户端 {client} 关闭了自己这一端的连接，你的服务器却让自己那一端开了 {secs} 秒，没有跟着关闭"
                ),
            },
            FramingClosedAfter {
                client,
                previous,
                after,
            } => match lang {
                En => format!(
                    "your server closed client {client}'s connection without an answer, after client {previous} {}",
                    after.text(lang)
                ),
                Zh => format!(
                    "客户端 {previous} {}之后，你的服务器没有回答就关闭了客户端 {client} 的连接",
                    after.text(lang)
                ),
            },
            FramingMoreAfterAnswers { client, count } => match lang {
                En => format!(
                    "after answering every message of client {client}, your server sent {}",
                    more_bytes(*count)
                ),
                Zh => format!("回答完客户端 {client} 的每条消息之后，你的服务器又发来了 {count} 个字节"),
            },
            FramingAnsweredOverLimit { client, length } => match lang {
                En => format!(
                    "client {client}'s length announced a message of {length} bytes, over the limit of 65536, and your server answered it: it should refuse it and close the connection"
                ),
                Zh => format!(
                    "客户端 {client} 发来的长度说消息有 {length} 个字节，超过了 65536 的上限，你的服务器却回答了：它应该拒绝这条消息并关闭连接"
                ),
            },
            FramingOpenOverLimit {
                client,
                length,
                secs,
            } => match lang {
                En => format!(
                    "client {client}'s length announced a message of {length} bytes, over the limit of 65536, and your server kept the connection open for {secs} s: it should refuse it and close the connection"
                ),
                Zh => format!(
                    "客户端 {client} 发来的长度说消息有 {length} 个字节，超过了 65536 的上限，你的服务器却让连接开了 {secs} 秒：它应该拒绝这条消息并关闭连接"
                ),
            },
            FramingAfterClose => label(
                lang,
                "closed its connection between two messages",
                "在两条消息之间关闭了连接",
            ),
            FramingAfterRefusal => label(
                lang,
                "was refused for a message over the limit",
                "因为消息超长被拒绝",
            ),
            FramingAfterCut => label(lang, "left inside a message", "在消息中途离开"),
            FramingNotServedAfter {
                client,
                previous,
                after,
                secs,
            } => match lang {
                En => format!(
                    "client {client} got no answer within {secs} s: your server no longer serves anyone after client {previous} {}",
                    after.text(lang)
                ),
                Zh => format!(
                    "客户端 {client} 在 {secs} 秒内没有收到回答：客户端 {previous} {}之后，你的服务器不再服务任何人",
                    after.text(lang)
                ),
            },
            FramingExitedAfter {
                status,
                previous,
                after,
            } => match lang {
                En => format!(
                    "your server exited ({status}) after client {previous} {}",
                    after.text(lang)
                ),
                Zh => format!("客户端 {previous} {}之后，你的服务器退出了（{status}）", after.text(lang)),
            },
            HintFramingLengthFirst => match lang {
                En => "send the length first: (message.len() as u32).to_be_bytes(), then the message, in one buffer and one write_all (struct.pack('>I', len(data)) + data)".to_string(),
                Zh => "先发长度：(message.len() as u32).to_be_bytes()，再发消息，放进同一个缓冲区，用一次 write_all 发出（即 struct.pack('>I', len(data)) + data）".to_string(),
            },
            HintFramingBigEndian => match lang {
                En => "network byte order is big-endian, the most significant byte first: to_be_bytes and from_be_bytes (Python's '>I'), not to_le_bytes or to_ne_bytes".to_string(),
                Zh => "网络字节序是大端序，最高位的字节在前：用 to_be_bytes 和 from_be_bytes（Python 的 '>I'），不用 to_le_bytes 或 to_ne_bytes".to_string(),
            },
            HintFramingLengthOfAnswer => match lang {
                En => "the length in front counts the bytes of the message after it, its newline included, and not the 4 bytes of the length itself".to_string(),
                Zh => "前面的长度数的是它后面那条消息的字节数，包括换行符，不包括长度本身的 4 个字节".to_string(),
            },
            HintFramingReadLengthFirst => match lang {
                En => "your server counted the 4 bytes of the length as part of the message: read_message must read the length first, then exactly that many bytes".to_string(),
                Zh => "你的服务器把 4 个字节的长度也算进了消息：read_message 要先读长度，再读正好那么多字节".to_string(),
            },
            HintFramingReadExact => match lang {
                En => "one read() returns what has arrived so far, up to the buffer's size: a message may need several. read_exact(&mut buffer) reads until the buffer is full, for the 4 bytes of the length and then for the message".to_string(),
                Zh => "一次 read() 只返回目前已经到达的内容，最多装满缓冲区：一条消息可能要读好几次。read_exact(&mut buffer) 会一直读到缓冲区装满：先用它读 4 个字节的长度，再用它读消息".to_string(),
            },
            HintFramingGlued => match lang {
                En => "one read() took the next messages too, glued behind the first (sticky packets, 粘包): read exactly 4 bytes of length, then exactly that many bytes, and leave the rest in the socket for the next read_message. A BufReader made inside read_message reads ahead too, and what it read ahead is lost when it is dropped: read from the stream itself".to_string(),
                Zh => "一次 read() 把后面粘在一起的消息也读走了（粘包）：只读正好 4 个字节的长度，再读正好那么多字节，剩下的留在套接字里给下一次 read_message。在 read_message 里新建的 BufReader 也会预先多读，它被丢弃时，多读的内容就丢了：直接从流里读".to_string(),
            },
            HintFramingSplit => match lang {
                En => "a read() may return a single byte: read the 4 bytes of the length with read_exact too, and the message with read_exact, never with one read()".to_string(),
                Zh => "一次 read() 可能只返回一个字节：4 个字节的长度也要用 read_exact 读，消息也用 read_exact 读，不要只 read() 一次".to_string(),
            },
            HintFramingEmpty => match lang {
                En => "a length of 0 is a message with no bytes: answer \"received 0 bytes\". Only a close before the first byte of a length ends the conversation".to_string(),
                Zh => "长度为 0 是一条没有字节的消息：回答 \"received 0 bytes\"。只有在长度的第一个字节之前关闭连接，才表示对话结束".to_string(),
            },
            HintFramingClosedWithinLimit => match lang {
                En => "your server dropped the connection on a message within the limit: read_message returned an error (its line is below). Read exactly 4 bytes of length, turn them into a number with u32::from_be_bytes, and refuse only a length greater than MAX_MESSAGE".to_string(),
                Zh => "你的服务器在一条没有超长的消息上丢掉了连接：read_message 返回了错误（错误那一行在下面）。正好读 4 个字节的长度，用 u32::from_be_bytes 把它变成数字，只拒绝大于 MAX_MESSAGE 的长度".to_string(),
            },
            HintFramingU32 => match lang {
                En => "the length is 4 bytes, a u32: (message.len() as u32).to_be_bytes(). A usize is 8 bytes on a 64-bit machine, a u16 only 2".to_string(),
                Zh => "长度是 4 个字节，即一个 u32：(message.len() as u32).to_be_bytes()。usize 在 64 位机器上是 8 个字节，u16 只有 2 个".to_string(),
            },
            HintFramingCloseIsNone => match lang {
                En => "a read() of 0 bytes before the first byte of a length is the client's close, not a message: read_message returns Ok(None), and the conversation ends".to_string(),
                Zh => "在长度的第一个字节之前 read() 读到 0 个字节，是客户端关闭了连接，不是一条消息：read_message 返回 Ok(None)，对话结束".to_string(),
            },
            HintFramingCutIsError => match lang {
                En => "a message that never came whole must not be answered: when the close comes before all its bytes, read_message returns an error (read_exact gives UnexpectedEof), and the server drops the connection".to_string(),
                Zh => "没有完整到达的消息不能回答：所有字节到齐之前连接就关闭了，read_message 要返回错误（read_exact 会给出 UnexpectedEof），服务器丢掉这个连接".to_string(),
            },
            HintFramingOneAnswer => match lang {
                En => "one answer per message: write_message sends the length and the answer once".to_string(),
                Zh => "每条消息只回答一次：write_message 把长度和回答只发一次".to_string(),
            },
            HintFramingRefuse => match lang {
                En => "check the length before reading the message: over MAX_MESSAGE, return an error (io::ErrorKind::InvalidData) without reading or allocating; the server drops that connection and goes back to accept()".to_string(),
                Zh => "读消息之前先检查长度：超过 MAX_MESSAGE 就返回一个错误（io::ErrorKind::InvalidData），不读也不分配内存；服务器丢掉这个连接，回到 accept()".to_string(),
            },
            HintFramingLimitIncluded => match lang {
                En => "MAX_MESSAGE itself is allowed: refuse only a length greater than MAX_MESSAGE (length > MAX_MESSAGE)".to_string(),
                Zh => "MAX_MESSAGE 本身是允许的：只拒绝大于 MAX_MESSAGE 的长度（length > MAX_MESSAGE）".to_string(),
            },
            HintFramingZeroIsClose => match lang {
                En => "read() returning Ok(0) means the client closed, and every later read returns 0 again: a loop that reads until it has N bytes must stop there (read_exact returns an UnexpectedEof error), or it spins for ever".to_string(),
                Zh => "read() 返回 Ok(0) 表示客户端关闭了连接，之后每次 read 都还是返回 0：读到 N 个字节为止的循环必须在这里停下（read_exact 会返回 UnexpectedEof 错误），否则会永远空转".to_string(),
            },
            HintFramingErrorNotPanic => match lang {
                En => "a client that breaks off or breaks the rules is that client's error, not the server's: return the error from read_message with ?, never unwrap() or panic!, and main's loop goes on to the next client".to_string(),
                Zh => "客户端中途断开或者违反规则，是这个客户端的错误，不是服务器的：在 read_message 里用 ? 把错误返回，不要 unwrap() 或 panic!，main 里的循环就会去服务下一个客户端".to_string(),
            },
            HintFramingEmptyRead => match lang {
                En => "the message was empty: on Linux a read() into an empty buffer does not return at once, it waits until a byte or the close arrives (recv with a length of 0). read_exact into an empty buffer reads nothing and returns Ok(()) at once".to_string(),
                Zh => "这条消息是空的：在 Linux 上，read() 读进一个空缓冲区并不会立即返回，而是一直等到有一个字节或者连接关闭（长度为 0 的 recv）。read_exact 读进空缓冲区时什么也不读，立即返回 Ok(())".to_string(),
            },
            HintSmallBuffer => match lang {
                En => "only the start of the message was printed: read into a buffer of 1024 bytes ([0u8; 1024]), as recv(1024) does; a smaller one takes only the start of a long message".to_string(),
                Zh => "只打印出了消息的开头：要读进 1024 字节的缓冲区（[0u8; 1024]），就像 recv(1024)；缓冲区小了，只装得下长消息的开头".to_string(),
            },
            HintExitZeroConversation => match lang {
                En => "a conversation that ended with byebye, or at the end of the input, is a success: let main end normally, with exit code 0".to_string(),
                Zh => "以 byebye 结束或在输入结束时结束的对话都是成功的：让 main 正常结束，退出码为 0".to_string(),
            },
            HintNothingAfterReply => match lang {
                En => "print each reply at the end of a line of its own: a label before it is fine, nothing after it, and one reply per line (println!, not print!)".to_string(),
                Zh => "每个回答打印在单独一行的末尾：前面可以加标签，后面不能有别的，一行只放一个回答（用 println!，不用 print!）".to_string(),
            },
            HintZeroMeansClosed => match lang {
                En => "read() returning Ok(0) is the server's close, not an empty reply (recv() returning b'' in Python): stop there, say so on stderr, and exit with code 1, since not every message got its reply".to_string(),
                Zh => "read() 返回 Ok(0) 表示服务器关闭了连接，不是一个空回答（Python 里 recv() 返回 b''）：就此停下，在 stderr 上说明，并以退出码 1 结束，因为不是每条消息都得到了回答".to_string(),
            },
            UdpServerAnswers => match lang {
                En => "receives a datagram on the address it is given and answers Receive".to_string(),
                Zh => "在给定的地址上收到一个数据报，回答 Receive".to_string(),
            },
            UdpServerAnswersEveryone => match lang {
                En => "answers every datagram of three more clients, each at its own address".to_string(),
                Zh => "回答另外三个客户端的每一个数据报，各自回到它的地址".to_string(),
            },
            UdpServerTakesAnyDatagram => match lang {
                En => "answers an empty datagram and one that is not utf-8, and goes on".to_string(),
                Zh => "回答一个空数据报和一个不是 utf-8 的数据报，然后继续工作".to_string(),
            },
            UdpClientSends => match lang {
                En => "sends its first message as one datagram to the address it is given".to_string(),
                Zh => "把第一条消息作为一个数据报发到给定的地址".to_string(),
            },
            UdpClientPrintsReply => match lang {
                En => "prints the reply and exits with code 0".to_string(),
                Zh => "打印回答，以退出码 0 结束".to_string(),
            },
            UdpClientEachMessage => match lang {
                En => "sends three to five messages, each after the reply to the one before".to_string(),
                Zh => "依次发出三到五条消息，每条都在上一条的回答到达之后".to_string(),
            },
            UdpClientGivesUp => match lang {
                En => "gives up when a reply never comes: a line on stderr, an exit code that is not 0".to_string(),
                Zh => "回答一直不来时放弃：在 stderr 上输出一行，退出码不为 0".to_string(),
            },
            UdpClientOnlyServer => match lang {
                En => "takes only the server's datagrams as replies".to_string(),
                Zh => "只把服务器发来的数据报当作回答".to_string(),
            },
            UdpNeverBound { addr, secs } => match lang {
                En => format!("your program is running, but within {secs} s no UDP socket was bound to {addr}: every datagram sent there was refused (ICMP \"port unreachable\")"),
                Zh => format!("你的程序在运行，但 {secs} 秒内没有 UDP 套接字绑定到 {addr}：发往那里的每个数据报都被拒绝了（ICMP“端口不可达”）"),
            },
            UdpBoundElsewhere { addr, found } => match lang {
                En => format!(
                    "your program receives on {found}, not on {addr}, the address it was given: is an address written into the program?"
                ),
                Zh => format!(
                    "你的程序在 {found} 上接收，而不是给它的地址 {addr}：是不是把地址写死在程序里了？"
                ),
            },
            UdpBoundToEveryInterface { addr, found } => match lang {
                En => format!(
                    "your program receives on {found}, every interface of the machine, not only on {addr}, the address it was given"
                ),
                Zh => format!(
                    "你的程序在 {found} 上接收，也就是本机的所有网络接口，而不只是给它的地址 {addr}"
                ),
            },
            UdpListensWithTcp { found } => match lang {
                En => format!("your program listens on {found} with TCP, where datagrams need a UDP socket"),
                Zh => format!("你的程序在 {found} 上用 TCP 监听，而收数据报需要 UDP 套接字"),
            },
            UdpStoppedReceiving { client, addr } => match lang {
                En => format!("client {client}'s datagram was refused: nothing receives on {addr} any more (ICMP \"port unreachable\")"),
                Zh => format!("客户端 {client} 的数据报被拒绝了：{addr} 上已经没有程序在接收（ICMP“端口不可达”）"),
            },
            UdpAnswerFromElsewhere { client, from, addr } => match lang {
                En => format!("client {client} got its answer from {from}, not from {addr}, where it sent its datagram"),
                Zh => format!("客户端 {client} 的回答来自 {from}，而不是它发送数据报的地址 {addr}"),
            },
            UdpWrongAnswer { client, got } => match lang {
                En => format!("your server answered client {client} with {got}, not with the 7 bytes \"Receive\""),
                Zh => format!("你的服务器回答客户端 {client} 的是 {got}，而不是 7 个字节的 \"Receive\""),
            },
            UdpExtraAnswer { client, got } => match lang {
                En => format!("client {client} got one answer more than the datagrams it sent: {got}"),
                Zh => format!("客户端 {client} 收到的回答比它发出的数据报多了一个：{got}"),
            },
            UdpExitedBeforeAnswer { status, client, message } => match lang {
                En => format!("your server exited ({status}) without answering client {client}'s datagram {message}"),
                Zh => format!("你的服务器没有回答客户端 {client} 的数据报 {message} 就退出了（{status}）"),
            },
            UdpNoAnswer { client, message, secs } => match lang {
                En => format!("client {client} sent {message}, and no answer came back within {secs} s"),
                Zh => format!("客户端 {client} 发出了 {message}，{secs} 秒内没有收到回答"),
            },
            UdpClientUsedTcp { addr } => match lang {
                En => format!("your program connected to {addr} with TCP, where it should send a UDP datagram"),
                Zh => format!("你的程序用 TCP 连接了 {addr}，而它应该发送 UDP 数据报"),
            },
            UdpNothingSent { n, addr, secs } => match lang {
                En => format!("your program is running, but within {secs} s no datagram with message {n} came to {addr}"),
                Zh => format!("你的程序在运行，但 {secs} 秒内没有装着第 {n} 条消息的数据报到达 {addr}"),
            },
            UdpSkipped { n } => match lang {
                En => format!("message {n} never came: the datagram that came holds the message after it"),
                Zh => format!("第 {n} 条消息一直没有来：来的数据报装的是它后面那一条"),
            },
            UdpDidNotWait { n } => match lang {
                En => format!("another datagram came right after message {n}, before its reply was sent"),
                Zh => format!("第 {n} 条消息之后紧接着又来了一个数据报，那时它的回答还没发出"),
            },
            UdpGaveUpTooSoon { n, status } => match lang {
                En => format!("your client exited ({status}) after message {n}, before its reply came"),
                Zh => format!("你的客户端在第 {n} 条消息之后就退出了（{status}），那时回答还没来"),
            },
            UdpSentMore { got } => match lang {
                En => format!("after the last reply your client sent one more datagram, {got}"),
                Zh => format!("最后一个回答之后，你的客户端又发来了一个数据报：{got}"),
            },
            UdpRunsOnAfterLast { secs } => match lang {
                En => format!("every message got its reply, but your client was still running {secs} s later"),
                Zh => format!("每条消息都得到了回答，但 {secs} 秒后你的客户端还在运行"),
            },
            UdpTookStrangersDatagram { from, got } => match lang {
                En => format!("your client printed {got}, which came from {from}, a stranger, not from the server"),
                Zh => format!("你的客户端打印了 {got}，它来自陌生的 {from}，而不是服务器"),
            },
            UdpGaveUpOnStranger { from, status } => match lang {
                En => format!("a datagram from a stranger, {from}, came before the reply, and your client exited ({status}) instead of waiting for the server's"),
                Zh => format!("回答之前先来了一个陌生人（{from}）的数据报，你的客户端就退出了（{status}），没有等服务器的回答"),
            },
            UdpSentAfterLoss { got } => match lang {
                En => format!("no reply to message 1 came, and your client sent another datagram, {got}, where it should give up"),
                Zh => format!("第 1 条消息的回答一直没来，你的客户端又发出了一个数据报 {got}，而它应该放弃"),
            },
            UdpLost => match lang {
                En => "no reply to message 1 came".to_string(),
                Zh => "第 1 条消息的回答一直没来".to_string(),
            },
            UdpNobody { addr } => match lang {
                En => format!("no program receives at {addr}, so message 1 got no reply"),
                Zh => format!("{addr} 上没有程序接收，所以第 1 条消息没有回答"),
            },
            UdpStillWaiting { reason, secs } => match lang {
                En => format!("{}, and {secs} s later your client was still waiting", reason.text(lang)),
                Zh => format!("{}，{secs} 秒后你的客户端还在等", reason.text(lang)),
            },
            UdpExitedZeroAfterLoss { reason } => match lang {
                En => format!("{}, and your client exited with code 0, which tells a script that everything was answered", reason.text(lang)),
                Zh => format!("{}，你的客户端却以退出码 0 结束，这等于告诉脚本一切都得到了回答", reason.text(lang)),
            },
            UdpPanickedAfterLoss { reason, status } => match lang {
                En => format!("{}, and your client panicked ({status})", reason.text(lang)),
                Zh => format!("{}，你的客户端 panic 了（{status}）", reason.text(lang)),
            },
            UdpSilentAfterLoss { reason, status } => match lang {
                En => format!("{}, and your client exited ({status}) without a new line on stderr saying so", reason.text(lang)),
                Zh => format!("{}，你的客户端退出了（{status}），stderr 上没有新的一行说明这件事", reason.text(lang)),
            },
            UdpExitedBeforeBinding { status, addr } => match lang {
                En => format!("your program exited ({status}) before it bound a UDP socket to {addr}"),
                Zh => format!("你的程序还没把 UDP 套接字绑定到 {addr} 就退出了（{status}）"),
            },
            UdpExitedInSilence { status, ms } => match lang {
                En => format!("your server ended ({status}) in a silence of {ms} ms, before the next datagram came"),
                Zh => format!("在一段 {ms} 毫秒的安静之中，下一个数据报到来之前，你的服务器结束了（{status}）"),
            },
            UdpHintReadAddress => match lang {
                En => "bind the address in the first argument, std::env::args().nth(1) (sys.argv[1]), not one written into the program".to_string(),
                Zh => "绑定第一个参数 std::env::args().nth(1)（即 sys.argv[1]）给出的地址，而不是写死在程序里的地址".to_string(),
            },
            UdpHintNoServerTimeout => match lang {
                En => "a server waits for ever: no read timeout on its socket (that is the client's), and an error from recv_from is one datagram's trouble, not the end: print it and go on with the loop".to_string(),
                Zh => "服务器要一直等下去：它的套接字不设读超时（那是客户端的事），recv_from 返回的错误只是某一个数据报的问题，不是结束：打印出来，然后继续循环".to_string(),
            },
            UdpPrintedNotAtEnd { client, message } => match lang {
                En => format!("your server printed client {client}'s {message}, but with something after it on its line"),
                Zh => format!("你的服务器打印了客户端 {client} 的 {message}，但同一行里它后面还有别的内容"),
            },
            UdpHintMessageAtEnd => match lang {
                En => "print each message at the end of a line of its own: a label before it is fine, nothing after it (println!, not print!)".to_string(),
                Zh => "每条消息打印在单独一行的末尾：前面可以加标签，后面不能有别的（用 println!，不用 print!）".to_string(),
            },
            UdpHintRefused => match lang {
                En => "where no program receives, the system answers with ICMP \"port unreachable\", which a connect()ed socket hears as an error from recv (ConnectionRefused; ConnectionReset on Windows). Like the timeout, it means no reply will come: print one line on stderr and exit with code 1, rather than unwrap() it into a panic".to_string(),
                Zh => "没有程序接收的地方，系统会回一个 ICMP“端口不可达”，调用过 connect() 的套接字会在 recv 时听到一个错误（ConnectionRefused；Windows 上是 ConnectionReset）。和超时一样，它表示回答不会来了：在 stderr 上打印一行，以退出码 1 结束，而不是用 unwrap() 把它变成 panic".to_string(),
            },
            UdpHintSayWhy => match lang {
                En => "before exiting, print one line on stderr that says what happened (eprintln!), such as \"no reply from 127.0.0.1:9000 within 500ms\": a user must not be left guessing".to_string(),
                Zh => "退出之前，在 stderr 上打印一行说明发生了什么（eprintln!），例如 \"no reply from 127.0.0.1:9000 within 500ms\"：不能让用户去猜".to_string(),
            },
            HintPrintedZeros => match lang {
                En => "your program printed zero bytes (\\0) after what it received: it prints the whole buffer. Take only the n bytes that arrived, &buffer[..n]".to_string(),
                Zh => "你的程序在收到的内容后面打印出了零字节（\\0）：它打印了整个缓冲区。只取到达的 n 个字节，即 &buffer[..n]".to_string(),
            },
            UdpHintServerLoop => match lang {
                En => "a UDP server is one socket and one loop: UdpSocket::bind(&addr), then for ever recv_from(&mut buffer) (one datagram and its sender's address), print it, send_to(b\"Receive\", sender). No listen(), no accept()".to_string(),
                Zh => "UDP 服务器就是一个套接字加一个循环：UdpSocket::bind(&addr)，然后一直 recv_from(&mut buffer)（得到一个数据报和发送方的地址），打印它，send_to(b\"Receive\", sender)。没有 listen()，也没有 accept()".to_string(),
            },
            UdpHintDatagramSocket => match lang {
                En => "UDP is socket(AF_INET, SOCK_DGRAM): std::net::UdpSocket::bind, then recv_from and send_to. TcpListener is TCP (SOCK_STREAM), and UDP has no listen() or accept()".to_string(),
                Zh => "UDP 是 socket(AF_INET, SOCK_DGRAM)：用 std::net::UdpSocket::bind，然后 recv_from 和 send_to。TcpListener 是 TCP（SOCK_STREAM），UDP 没有 listen() 也没有 accept()".to_string(),
            },
            UdpHintAnswerSender => match lang {
                En => "answer with send_to(b\"Receive\", sender), on the socket that received the datagram, to the address recv_from returned with it. Never connect() a server's socket: it would then hear only that one client".to_string(),
                Zh => "用 send_to(b\"Receive\", sender) 回答：用收到数据报的那个套接字，发往 recv_from 随数据报一起返回的地址。服务器的套接字不要 connect()：那样它就只听得到那一个客户端".to_string(),
            },
            UdpHintNoNewline => match lang {
                En => "the answer is the 7 bytes Receive, with no newline: b'Receive' in the tutorial, b\"Receive\" in Rust".to_string(),
                Zh => "回答是 7 个字节的 Receive，没有换行符：教程里是 b'Receive'，Rust 里是 b\"Receive\"".to_string(),
            },
            UdpHintReceive => match lang {
                En => "answer every datagram with the word Receive, whatever it held, as the tutorial's server does: send_to(b\"Receive\", sender)".to_string(),
                Zh => "不管数据报里装的是什么，都用 Receive 这个词回答，和教程里的服务器一样：send_to(b\"Receive\", sender)".to_string(),
            },
            UdpHintOneAnswer => match lang {
                En => "one datagram in, one answer out: a single send_to for each recv_from".to_string(),
                Zh => "收到一个数据报，发出一个回答：每次 recv_from 只对应一次 send_to".to_string(),
            },
            UdpHintEmptyDatagram => match lang {
                En => "a datagram may hold 0 bytes: recv_from returning 0 is such a datagram, not an end (UDP has no connection to close, unlike read() returning 0 in TCP): print it and answer it like any other".to_string(),
                Zh => "数据报可以是 0 个字节：recv_from 返回 0 就是这样一个数据报，不是结束（UDP 没有要关闭的连接，和 TCP 里 read() 返回 0 不同）：像别的数据报一样打印并回答它".to_string(),
            },
            UdpHintNotText => match lang {
                En => "a datagram's bytes need not be utf-8 (this one is gbk): String::from_utf8(...).unwrap() panics on them. Print with String::from_utf8_lossy, which shows \u{fffd} for what is not text".to_string(),
                Zh => "数据报里的字节不一定是 utf-8（这一个是 gbk）：String::from_utf8(...).unwrap() 遇到它会 panic。用 String::from_utf8_lossy 打印，不是文本的部分会显示成 \u{fffd}".to_string(),
            },
            UdpHintPrintMessage => match lang {
                En => "print each datagram as it comes, at the end of a line of its own: println! of String::from_utf8_lossy(&buffer[..n]), with n from recv_from".to_string(),
                Zh => "每收到一个数据报就打印出来，放在单独一行的末尾：println! String::from_utf8_lossy(&buffer[..n])，n 来自 recv_from".to_string(),
            },
            UdpHintDatagramClient => match lang {
                En => "UDP is socket(AF_INET, SOCK_DGRAM): UdpSocket::bind(\"127.0.0.1:0\"), then send_to and recv_from. TcpStream is TCP, and a UDP server has no connection to accept".to_string(),
                Zh => "UDP 是 socket(AF_INET, SOCK_DGRAM)：UdpSocket::bind(\"127.0.0.1:0\")，然后 send_to 和 recv_from。TcpStream 是 TCP，UDP 服务器没有连接可以接受".to_string(),
            },
            UdpHintClientBindsAnyPort => match lang {
                En => "a client binds 127.0.0.1:0, any free port; the server's address, in the first argument, is where it sends (send_to, or connect), not where it binds".to_string(),
                Zh => "客户端绑定 127.0.0.1:0，即任意一个空闲端口；第一个参数里的服务器地址是发送的目的地（send_to 或 connect），不是绑定的地址".to_string(),
            },
            UdpHintSendTo => match lang {
                En => "send each message with send_to(message.as_bytes(), &server) (Python's sendto(data, ADDR)), to the address in the first argument, std::env::args().nth(1)".to_string(),
                Zh => "用 send_to(message.as_bytes(), &server)（Python 的 sendto(data, ADDR)）发出每条消息，发往第一个参数 std::env::args().nth(1) 给出的地址".to_string(),
            },
            UdpHintEveryArgument => match lang {
                En => "send every argument after the address, each in turn, on the same socket".to_string(),
                Zh => "地址后面的每个参数都要依次发出，用同一个套接字".to_string(),
            },
            UdpHintOneDatagram => match lang {
                En => "one datagram per argument, sent once: one send_to for each message".to_string(),
                Zh => "每个参数一个数据报，只发一次：每条消息一次 send_to".to_string(),
            },
            UdpHintWaitForReply => match lang {
                En => "receive the reply (recv_from) before sending the next message: a reply that does not come must be noticed message by message".to_string(),
                Zh => "发下一条消息之前先收回答（recv_from）：哪条消息的回答没来，要逐条发现".to_string(),
            },
            UdpHintTimeout => match lang {
                En => "without a timeout, recv_from waits for ever for a reply that was lost. socket.set_read_timeout(Some(REPLY_TIMEOUT)) (Python's settimeout(0.5)) makes it return an error when the time is up: WouldBlock on Linux and macOS, TimedOut on Windows. Not set_nonblocking, which returns at once".to_string(),
                Zh => "没有超时，recv_from 会为一个丢失的回答永远等下去。socket.set_read_timeout(Some(REPLY_TIMEOUT))（Python 的 settimeout(0.5)）让它在时间到了时返回一个错误：Linux 和 macOS 上是 WouldBlock，Windows 上是 TimedOut。不要用 set_nonblocking，它会立即返回".to_string(),
            },
            UdpHintTimeoutTooShort => match lang {
                En => "your client stopped waiting at once: set_read_timeout(Some(REPLY_TIMEOUT)) makes recv_from wait up to 0.5 s for the reply; set_nonblocking(true), or a timeout of a few milliseconds, gives up before any reply can come".to_string(),
                Zh => "你的客户端立刻就不等了：set_read_timeout(Some(REPLY_TIMEOUT)) 让 recv_from 最多等 0.5 秒回答；set_nonblocking(true)，或者只有几毫秒的超时，会在任何回答到来之前就放弃".to_string(),
            },
            UdpHintEndAfterLast => match lang {
                En => "after the last reply there is nothing more to send or wait for: let main end".to_string(),
                Zh => "最后一个回答之后，没有什么要发的或要等的了：让 main 结束".to_string(),
            },
            UdpHintOnlyServer => match lang {
                En => "take replies from the server only: socket.connect(&server) once, and the system drops datagrams from anyone else (then send and recv); or compare the address recv_from returns with the server's, and wait on".to_string(),
                Zh => "只接受服务器的回答：调用一次 socket.connect(&server)，系统就会丢掉其他人发来的数据报（之后用 send 和 recv）；或者把 recv_from 返回的地址和服务器的地址比较，不是就继续等".to_string(),
            },
            UdpHintGiveUp => match lang {
                En => "when recv_from returns the timeout's error, print one line on stderr and exit with code 1 (std::process::exit(1)), rather than unwrap() it into a panic: a message went unanswered, and UDP will not send it again".to_string(),
                Zh => "recv_from 返回超时错误时，在 stderr 上打印一行，以退出码 1 结束（std::process::exit(1)），而不是用 unwrap() 把它变成 panic：有一条消息没有得到回答，而 UDP 不会重发它".to_string(),
            },
            PingSendsProbe => match lang {
                En => "sends its first probe, ping 1, as one datagram to the address it is given".to_string(),
                Zh => "把第一个探测包 ping 1 作为一个数据报发到给定的地址".to_string(),
            },
            PingWaitsAndSums => match lang {
                En => "sends each probe after the echo of the one before, and sums up: no loss, and the round-trip times".to_string(),
                Zh => "每个探测包都在上一个的回显到达之后才发，最后总结：没有丢失，以及往返时间".to_string(),
            },
            PingGoesOnAfterLoss => match lang {
                En => "gives up on a lost echo after its timeout, goes on with the next probe, and counts the loss".to_string(),
                Zh => "回显丢失时等到超时就放弃，接着发下一个探测包，并把丢失计入统计".to_string(),
            },
            PingSortsEchoes => match lang {
                En => "counts late and duplicate echoes as such, never as replies".to_string(),
                Zh => "把迟到的回显和重复的回显照实计数，绝不当作回答".to_string(),
            },
            PingNobody => match lang {
                En => "ends within a few seconds, and says so, when no program receives at the address".to_string(),
                Zh => "地址上没有程序接收时，几秒内结束，并说明情况".to_string(),
            },
            PingExitedBeforeProbe { status, n } => match lang {
                En => format!("your pinger exited ({status}) before sending probe {n}"),
                Zh => format!("你的 pinger 还没发出第 {n} 个探测包就退出了（{status}）"),
            },
            PingNoProbe { n, addr, secs } => match lang {
                En => format!("your pinger is running, but within {secs} s no probe {n} came to {addr}"),
                Zh => format!("你的 pinger 在运行，但 {secs} 秒内没有第 {n} 个探测包到达 {addr}"),
            },
            PingWrongProbe { n, expected, got } => match lang {
                En => format!("probe {n} should be {expected}, and {got} came"),
                Zh => format!("第 {n} 个探测包应该是 {expected}，来的却是 {got}"),
            },
            PingExitedWaiting { n, status } => match lang {
                En => format!("your pinger exited ({status}) while the checker was about to echo probe {n}"),
                Zh => format!("检查器正要回显第 {n} 个探测包时，你的 pinger 退出了（{status}）"),
            },
            PingTookDuplicate { n, earlier } => match lang {
                En => format!("your pinger took the second copy of probe {earlier}'s echo for probe {n}'s reply: it went on before probe {n}'s echo was sent"),
                Zh => format!("你的 pinger 把第 {earlier} 个探测包回显的第二份当成了第 {n} 个探测包的回答：第 {n} 个的回显还没发出，它就往下走了"),
            },
            PingTookLate { n, earlier } => match lang {
                En => format!("your pinger took the late echo of probe {earlier} for probe {n}'s reply: it went on before probe {n}'s echo was sent"),
                Zh => format!("你的 pinger 把第 {earlier} 个探测包迟到的回显当成了第 {n} 个探测包的回答：第 {n} 个的回显还没发出，它就往下走了"),
            },
            PingTookStray { n, stray } => match lang {
                En => format!("your pinger took ping {stray}, the echo of a probe it had not sent yet, for probe {n}'s reply: it went on before probe {n}'s echo was sent"),
                Zh => format!("你的 pinger 把 ping {stray}（一个它还没发出的探测包的回显）当成了第 {n} 个探测包的回答：第 {n} 个的回显还没发出，它就往下走了"),
            },
            PingDidNotWait { n } => match lang {
                En => format!("the next probe came right after probe {n}, before its echo was sent: your pinger did not wait"),
                Zh => format!("第 {n} 个探测包之后紧接着就来了下一个，那时它的回显还没发出：你的 pinger 没有等"),
            },
            PingGaveUpTooSoon { n, ms, delay } => match lang {
                En => format!("your pinger gave up on probe {n} after {ms} ms and sent the next one; its echo was due after {delay} ms, well within a 300 ms timeout"),
                Zh => format!("你的 pinger 在 {ms} 毫秒后就放弃了第 {n} 个探测包，发出了下一个；它的回显本该在 {delay} 毫秒后到达，远在 300 毫秒的超时之内"),
            },
            PingResent { n } => match lang {
                En => format!("your pinger sent probe {n} again"),
                Zh => format!("你的 pinger 又发了一次第 {n} 个探测包"),
            },
            PingSentWhileWaiting { n, got } => match lang {
                En => format!("while the checker held probe {n}'s echo, your pinger sent {got}"),
                Zh => format!("检查器还压着第 {n} 个探测包的回显时，你的 pinger 发来了 {got}"),
            },
            PingExitedAfterLoss { n, status } => match lang {
                En => format!("the echo of probe {n} was lost, and your pinger exited ({status}) instead of going on with the next probe"),
                Zh => format!("第 {n} 个探测包的回显丢了，你的 pinger 就退出了（{status}），没有接着发下一个"),
            },
            PingGaveUpOnLossTooSoon { n, ms } => match lang {
                En => format!("the echo of probe {n} never came, and your pinger gave up on it after {ms} ms, where REPLY_TIMEOUT is 300 ms"),
                Zh => format!("第 {n} 个探测包的回显一直没来，你的 pinger 在 {ms} 毫秒后就放弃了，而 REPLY_TIMEOUT 是 300 毫秒"),
            },
            PingWaitedTooLong { n, ms } => match lang {
                En => format!("the echo of probe {n} never came, and your pinger sent the next probe only {ms} ms after it, where REPLY_TIMEOUT is 300 ms"),
                Zh => format!("第 {n} 个探测包的回显一直没来，你的 pinger 过了 {ms} 毫秒才发下一个探测包，而 REPLY_TIMEOUT 是 300 毫秒"),
            },
            PingRttWithoutReplies { line } => match lang {
                En => format!("no probe got its reply, and your pinger still printed an rtt line, {line}: with no round trip there is nothing to show"),
                Zh => format!("没有一个探测包得到回答，你的 pinger 却还是打印了 rtt 行 {line}：没有往返，就没有什么可显示的"),
            },
            PingStillWaiting { n, secs } => match lang {
                En => format!("the echo of probe {n} was lost, and {secs} s later your pinger had not sent the next probe: it waits for ever"),
                Zh => format!("第 {n} 个探测包的回显丢了，{secs} 秒后你的 pinger 还没发下一个探测包：它会永远等下去"),
            },
            PingSentMore { got } => match lang {
                En => format!("after its last probe your pinger sent one more datagram, {got}"),
                Zh => format!("最后一个探测包之后，你的 pinger 又发来了一个数据报：{got}"),
            },
            PingRunsOn { secs } => match lang {
                En => format!("your pinger had sent every probe, but was still running {secs} s later"),
                Zh => format!("你的 pinger 已经发完了所有探测包，但 {secs} 秒后还在运行"),
            },
            PingExitedWithError { status } => match lang {
                En => format!("your pinger ended with {status} after its last probe, where a pinger that did its work ends with exit code 0 (a loss is a result, not an error)"),
                Zh => format!("你的 pinger 在最后一个探测包之后以 {status} 结束，而完成了任务的 pinger 应该以退出码 0 结束（丢包是结果，不是错误）"),
            },
            PingNoSummary { expected } => match lang {
                En => format!("your pinger printed no summary line; it should print: {expected}"),
                Zh => format!("你的 pinger 没有打印总结行；它应该打印：{expected}"),
            },
            PingSummaryUnreadable { line, expected } => match lang {
                En => format!("the checker cannot read the numbers of your summary line {line}; it should read: {expected}"),
                Zh => format!("检查器读不出你的总结行 {line} 里的数字；它应该是：{expected}"),
            },
            PingStory(probes) => probes.text(lang),
            PingWrongSent { got, count } => match lang {
                En => format!("your summary says {got} sent, where your pinger was asked for {count} probes and the checker received {count}"),
                Zh => format!("你的总结说发出了 {got} 个，而要求的是 {count} 个探测包，检查器也收到了 {count} 个"),
            },
            PingWrongReceived { got, received, story } => match lang {
                En => format!("your summary says {got} received, where {received} probes got their reply: {}", story.text(lang)),
                Zh => format!("你的总结说收到了 {got} 个，而得到回答的探测包是 {received} 个：{}", story.text(lang)),
            },
            PingWrongLateOrDuplicates { late, duplicates, expected_late, expected_duplicates, story } => match lang {
                En => format!("your summary says late {late}, duplicates {duplicates}, where the checker sent late {expected_late}, duplicates {expected_duplicates}: {}", story.text(lang)),
                Zh => format!("你的总结说迟到 {late} 个、重复 {duplicates} 个，而检查器发出的是迟到 {expected_late} 个、重复 {expected_duplicates} 个：{}", story.text(lang)),
            },
            PingWrongLoss { got, lost, count, loss } => match lang {
                En => format!("your summary says {got} loss, where {lost} of {count} probes lost is {loss}%"),
                Zh => format!("你的总结说丢失率 {got}，而 {count} 个探测包丢了 {lost} 个是 {loss}%"),
            },
            PingNoRtt { expected } => match lang {
                En => format!("your pinger printed no rtt line; it should print: {expected} (or up to a few ms more)"),
                Zh => format!("你的 pinger 没有打印 rtt 行；它应该打印：{expected}（或者多出几毫秒）"),
            },
            PingRttUnreadable { line, expected } => match lang {
                En => format!("the checker cannot read three numbers in your rtt line {line}; it should read: {expected} (or up to a few ms more)"),
                Zh => format!("检查器在你的 rtt 行 {line} 里读不出三个数；它应该是：{expected}（或者多出几毫秒）"),
            },
            PingWrongRtt { which, got, due, low, high, replies } => match lang {
                En => format!("your rtt {which} is {got} ms, where the checker held the {replies} echoes it sent for {low} to {high} ms, so {which} {due} ms (a round trip takes that, and at most a few ms more)"),
                Zh => format!("你的 rtt {which} 是 {got} 毫秒，而检查器发出的 {replies} 个回显各压了 {low} 到 {high} 毫秒，所以 {which} 是 {due} 毫秒（往返时间就是这么多，最多再多几毫秒）"),
            },
            PingNobodyStillRunning { addr, secs } => match lang {
                En => format!("no program receives at {addr}, and {secs} s later your pinger was still running"),
                Zh => format!("{addr} 上没有程序接收，{secs} 秒后你的 pinger 还在运行"),
            },
            PingNobodyPanicked { addr, status } => match lang {
                En => format!("no program receives at {addr}, and your pinger panicked ({status})"),
                Zh => format!("{addr} 上没有程序接收，你的 pinger 就 panic 了（{status}）"),
            },
            PingNobodySilent { addr, status } => match lang {
                En => format!("no program receives at {addr}, and your pinger ended ({status}) without a word on stderr"),
                Zh => format!("{addr} 上没有程序接收，你的 pinger 结束了（{status}），stderr 上却一句话也没有"),
            },
            PingHintSendProbe => match lang {
                En => "send each probe with send_to(format!(\"ping {seq}\").as_bytes(), &server), seq counting from 1: the text and nothing more, no newline".to_string(),
                Zh => "用 send_to(format!(\"ping {seq}\").as_bytes(), &server) 发出每个探测包，seq 从 1 数起：只有这段文字，不要换行符".to_string(),
            },
            PingHintNoNewline => match lang {
                En => "a datagram is a message already: send format!(\"ping {seq}\") without a \\n (println!'s newline belongs on the screen, not in the datagram)".to_string(),
                Zh => "数据报本身就是一条消息：发 format!(\"ping {seq}\")，不要带 \\n（println! 的换行符属于屏幕，不属于数据报）".to_string(),
            },
            PingHintFromOne => match lang {
                En => "number the probes from 1, as ping does: for seq in 1..=count".to_string(),
                Zh => "探测包从 1 开始编号，和 ping 一样：for seq in 1..=count".to_string(),
            },
            PingHintNoResend => match lang {
                En => "a pinger never sends a probe again: a lost echo is a result to count, and the next probe goes out with the next number".to_string(),
                Zh => "pinger 从不重发探测包：丢失的回显是要统计的结果，下一个探测包带着下一个编号发出".to_string(),
            },
            PingHintWaitForEcho => match lang {
                En => "after each probe, wait for its echo (recv_from, with a read timeout of REPLY_TIMEOUT) before sending the next one: the round-trip time is from just before the send to just after the echo comes".to_string(),
                Zh => "每发一个探测包，先等它的回显（recv_from，读超时设为 REPLY_TIMEOUT），再发下一个：往返时间从发送前一刻算到回显到达后一刻".to_string(),
            },
            PingHintMatchNumber => match lang {
                En => "read the number in each echo (\"ping 3\" is probe 3's): only the echo of the probe you are waiting for is its reply; an earlier probe's echo is a duplicate (it had its reply) or late (it had timed out), and the wait goes on for what is left of the timeout".to_string(),
                Zh => "读出每个回显里的编号（\"ping 3\" 是第 3 个探测包的）：只有正在等的那个探测包的回显才是它的回答；更早的探测包的回显，要么是重复的（它已经得到了回答），要么是迟到的（它已经超时了），然后在超时剩下的时间里接着等".to_string(),
            },
            PingHintTimeoutTooShort => match lang {
                En => "wait the whole REPLY_TIMEOUT, 300 ms, for each echo: set_read_timeout(Some(REPLY_TIMEOUT)), and after a datagram that is not the reply, wait only for what is left of it (deadline - Instant::now(); when that is zero the time is up: set_read_timeout refuses a zero)".to_string(),
                Zh => "每个回显都要等满 REPLY_TIMEOUT，也就是 300 毫秒：set_read_timeout(Some(REPLY_TIMEOUT))；收到的数据报不是回答时，只再等剩下的时间（deadline - Instant::now()；它为零时时间就到了：set_read_timeout 不接受零）".to_string(),
            },
            PingHintLossGoesOn => match lang {
                En => "a timeout is not an error for a pinger: print seq=N timeout, count the probe as lost, and go on with the next one".to_string(),
                Zh => "对 pinger 来说超时不是错误：打印 seq=N timeout，把这个探测包记为丢失，接着发下一个".to_string(),
            },
            PingHintEveryProbe => match lang {
                En => "send exactly the number of probes given as the second argument, one after another, then print the summary and let main end".to_string(),
                Zh => "正好发出第二个参数给定数量的探测包，一个接一个，然后打印总结，让 main 结束".to_string(),
            },
            PingHintTimeout => match lang {
                En => "give the socket a read timeout, set_read_timeout(Some(REPLY_TIMEOUT)): without one, recv_from waits for ever for an echo that UDP lost".to_string(),
                Zh => "给套接字设读超时 set_read_timeout(Some(REPLY_TIMEOUT))：没有它，recv_from 会为一个被 UDP 弄丢的回显永远等下去".to_string(),
            },
            PingHintEnd => match lang {
                En => "after the last probe's echo (or its timeout), print the summary and let main end".to_string(),
                Zh => "最后一个探测包的回显到了（或者超时了）之后，打印总结，让 main 结束".to_string(),
            },
            PingHintExitZero => match lang {
                En => "after the summary let main end normally: a pinger reports losses in its summary, and exit code 0 says that it ran to the end".to_string(),
                Zh => "打印总结之后让 main 正常结束：pinger 在总结里报告丢包，退出码 0 表示它完整地跑完了".to_string(),
            },
            PingHintSummary => match lang {
                En => "end with the summary in exactly this form: println!(\"{count} sent, {received} received, {loss:.1}% loss (late {late}, duplicates {duplicates})\"), then the rtt line".to_string(),
                Zh => "最后按这个格式打印总结：println!(\"{count} sent, {received} received, {loss:.1}% loss (late {late}, duplicates {duplicates})\")，然后是 rtt 那一行".to_string(),
            },
            PingHintCountSent => match lang {
                En => "sent is the number of probes sent, the count given, whatever came back".to_string(),
                Zh => "sent 是发出的探测包数，也就是给定的数量，不管回来了多少".to_string(),
            },
            PingHintDuplicateNotReply => match lang {
                En => "a second echo of a probe that already had its reply is a duplicate: count it in duplicates, not in received (keep which probes were answered, a Vec<bool>)".to_string(),
                Zh => "已经得到回答的探测包又来了一个回显，那是重复的：计入 duplicates，不要计入 received（记住哪些探测包已经得到回答，用一个 Vec<bool>）".to_string(),
            },
            PingHintLateNotReply => match lang {
                En => "an echo that comes after its probe timed out is late: count it in late, not in received; the probe stays lost".to_string(),
                Zh => "探测包超时之后才来的回显是迟到的：计入 late，不要计入 received；这个探测包仍然算丢失".to_string(),
            },
            PingHintCountReceived => match lang {
                En => "received counts the probes whose own echo came within their timeout, each once".to_string(),
                Zh => "received 数的是在各自超时之内收到自己回显的探测包，每个只算一次".to_string(),
            },
            PingHintDuplicateNotLate => match lang {
                En => "an earlier probe's echo is late only if that probe timed out; if it had its reply already, the echo is a duplicate (keep which probes were answered, a Vec<bool>)".to_string(),
                Zh => "更早的探测包的回显，只有在那个探测包已经超时的情况下才算迟到；如果它已经得到了回答，这个回显就是重复的（记住哪些探测包已经得到回答，用一个 Vec<bool>）".to_string(),
            },
            PingHintLateNotDuplicate => match lang {
                En => "an earlier probe's echo is a duplicate only if that probe had its reply; if it had timed out, the echo is late".to_string(),
                Zh => "更早的探测包的回显，只有在那个探测包已经得到回答的情况下才算重复；如果它已经超时了，这个回显就是迟到的".to_string(),
            },
            PingHintLateAndDuplicate => match lang {
                En => "sort each echo of an earlier probe while you wait: late if that probe timed out, a duplicate if it had its reply; each counts once".to_string(),
                Zh => "等待时把每个更早探测包的回显分好类：那个探测包超时了就算迟到，已经得到回答就算重复；每个只算一次".to_string(),
            },
            PingHintStrayIsNotOurs => match lang {
                En => "only the echo of an earlier probe is late or a duplicate: an echo with a number this run has not sent yet (left over from an earlier run, say) is not ours, and counts nowhere; compare its number with the probe you wait for, not only with the list of answered ones".to_string(),
                Zh => "只有更早的探测包的回显才算迟到或重复：编号是这次运行还没发出的回显（比如上一次运行剩下的）不是我们的，哪里都不计；要把它的编号和正在等的探测包比较，而不只是查已回答的列表".to_string(),
            },
            PingHintDeadline => match lang {
                En => "wait at most REPLY_TIMEOUT, 300 ms, for each probe, counted from its send: keep a deadline, sent_at + REPLY_TIMEOUT, and after a datagram that is not the reply wait only for what is left of it".to_string(),
                Zh => "每个探测包最多等 REPLY_TIMEOUT，也就是 300 毫秒，从它发出时算起：定一个截止时间 sent_at + REPLY_TIMEOUT，收到的数据报不是回答时，只再等剩下的时间".to_string(),
            },
            PingHintNoReplies => match lang {
                En => "when no reply came at all, the summary says 0 received and 100.0% loss, and there is no rtt line: an average over no round trips divides by zero".to_string(),
                Zh => "一个回答都没来时，总结写 0 received 和 100.0% loss，没有 rtt 那一行：对零个往返时间求平均就是除以零".to_string(),
            },
            PingHintOneSocket => match lang {
                En => "use one socket for the whole run: a late or second echo goes back to the port its probe left from, and a pinger with a new socket for each probe never hears it".to_string(),
                Zh => "整个运行只用一个套接字：迟到的或第二份回显会回到它的探测包发出的那个端口，每个探测包换一个新套接字的 pinger 永远收不到它".to_string(),
            },
            PingHintLoss => match lang {
                En => "loss is the share of probes sent that got no reply, in percent: 100.0 * (sent - received) as f64 / sent as f64, printed with {:.1}".to_string(),
                Zh => "丢失率是发出的探测包里没有得到回答的比例，用百分数表示：100.0 * (sent - received) as f64 / sent as f64，用 {:.1} 打印".to_string(),
            },
            PingHintRtt => match lang {
                En => "time each probe with Instant::now() just before its send, and .elapsed() just after its own echo comes; min, avg and max go over those round trips only".to_string(),
                Zh => "每个探测包在发送前一刻取 Instant::now()，在它自己的回显到达后一刻取 .elapsed()；min、avg、max 只在这些往返时间上算".to_string(),
            },
            PingHintMillis => match lang {
                En => "the rtt line is in milliseconds: duration.as_secs_f64() * 1000.0 (as_secs_f64 alone gives seconds, as_micros microseconds)".to_string(),
                Zh => "rtt 那一行的单位是毫秒：duration.as_secs_f64() * 1000.0（只用 as_secs_f64 得到的是秒，as_micros 是微秒）".to_string(),
            },
            PingHintAvgOfReplies => match lang {
                En => "avg is the mean over the replies received: the sum of their round trips divided by how many there are (not by the probes sent, and not the middle of min and max)".to_string(),
                Zh => "avg 是对收到的回答求平均：它们的往返时间之和除以它们的个数（不是除以发出的探测包数，也不是 min 和 max 的中点）".to_string(),
            },
            PingHintOnlyReplies => match lang {
                En => "only a probe's own echo, within its timeout, gives a round-trip time: a late echo, or a timeout, adds nothing to min/avg/max".to_string(),
                Zh => "只有探测包自己在超时之内到达的回显才产生往返时间：迟到的回显或超时都不计入 min/avg/max".to_string(),
            },
            PingHintRefused => match lang {
                En => "where nobody receives, a connect()ed socket's recv returns ConnectionRefused (ConnectionReset on Windows): say so in one line on stderr and exit with code 1 (or count the probe as lost and go on), never unwrap() it into a panic, nor try again for ever".to_string(),
                Zh => "地址上没有程序接收时，connect() 过的套接字的 recv 会返回 ConnectionRefused（Windows 上是 ConnectionReset）：在 stderr 上说明一行，以退出码 1 结束（或者把这个探测包记为丢失，接着往下走），不要用 unwrap() 把它变成 panic，也不要一直重试".to_string(),
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

/// `1 more byte`, `2 more bytes`.
pub fn more_bytes(count: usize) -> String {
    match count {
        1 => "1 more byte".to_string(),
        _ => format!("{count} more bytes"),
    }
}

/// A short label, the same in both forms but for the words.
fn label(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

/// What the checker did with the echoes of a pinger's probes (numbered from 1): the story
/// behind the counts its summary must show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probes {
    pub count: usize,
    pub dropped: Vec<usize>,
    pub late: Vec<usize>,
    pub twice: Vec<usize>,
    /// A stray echo sent too: while probe AT was awaited, the echo of probe NUMBER, not
    /// sent yet, as `(at, number)`.
    pub stray: Option<(usize, usize)>,
}

impl Probes {
    /// `of the 8 probes, the checker echoed 6 in time; it dropped the echo of probe 3,
    /// held back the echo of probe 5 until the next probe came (late) and sent the echo
    /// of probes 2 and 7 twice`.
    fn text(&self, lang: Lang) -> String {
        let echoed = self.count - self.dropped.len() - self.late.len();
        let probes = |numbers: &[usize]| match (lang, numbers.len()) {
            (Lang::En, 1) => format!("probe {}", numbers[0]),
            (Lang::En, _) => format!("probes {}", english_list(numbers)),
            (Lang::Zh, _) => {
                let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
                format!("第 {} 个探测包", numbers.join("、"))
            }
        };
        let mut done = Vec::new();
        if !self.dropped.is_empty() {
            done.push(match lang {
                Lang::En => format!("dropped the echo of {}", probes(&self.dropped)),
                Lang::Zh => format!("丢掉了{}的回显", probes(&self.dropped)),
            });
        }
        if !self.late.is_empty() {
            done.push(match lang {
                Lang::En => format!(
                    "held back the echo of {} until the next probe came (late)",
                    probes(&self.late)
                ),
                Lang::Zh => format!("等下一个探测包来了才发{}的回显（迟到）", probes(&self.late)),
            });
        }
        if !self.twice.is_empty() {
            done.push(match lang {
                Lang::En => format!("sent the echo of {} twice", probes(&self.twice)),
                Lang::Zh => format!("把{}的回显发了两次", probes(&self.twice)),
            });
        }
        if let Some((at, number)) = self.stray {
            done.push(match lang {
                Lang::En => format!("sent ping {number} while probe {at} was awaited, before probe {number} was sent"),
                Lang::Zh => format!("在等第 {at} 个探测包时发了 ping {number}，那时第 {number} 个探测包还没发出"),
            });
        }
        match lang {
            Lang::En if done.is_empty() => {
                format!("the checker echoed all {} probes in time", self.count)
            }
            Lang::En => format!(
                "of the {} probes, the checker echoed {echoed} in time; it {}",
                self.count,
                english_list(&done)
            ),
            Lang::Zh if done.is_empty() => format!("检查器按时回显了全部 {} 个探测包", self.count),
            Lang::Zh => format!(
                "{} 个探测包里，检查器按时回显了 {echoed} 个；它{}",
                self.count,
                done.join("，")
            ),
        }
    }
}

/// `3`, `2 and 7`, `1, 2 and 5`.
fn english_list<T: std::fmt::Display>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(T::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}
