#!/usr/bin/env python3
"""The Chinese book's copies of the tables scripts/bench.sh writes into the English one.

    python3 scripts/bench_tables_zh.py          write docs/src/TABLE.zh-CN.md for each table
    python3 scripts/bench_tables_zh.py --check  fail if a copy is missing or out of date

The Chinese book includes these copies in place of the English tables (docs/po/zh-CN.po
translates each include line). Figures, program names and commands stay as they are;
every header, note and measure is translated here, and text this script has no Chinese
for stops it with a line naming that text, so that a new row of bench.sh cannot reach the
Chinese book in English.
"""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "docs" / "src"
TABLES = ["benchmarks-table.md", "server-models-table.md", "server-memory-table.md"]

# Each cell, line or header is tried against these in order; the first full match wins.
# A replacement of None keeps the text: figures, names and commands read the same in
# both books.
KEEP = None
CELLS = [
    # Figures, ratios, goals made of figures, programs named with their figure.
    (r"[-<>=+x%.,\d ]*( ?(s|ms|MiB|KiB|x nginx|x nc|x python|x `--no-splice`|nginx|nc|python))?", KEEP),
    (r"(nginx|python|python sendfile|nc|`--no-splice`) [\d.]+", KEEP),
    (r"http-hello|file-download|udp-echo|threaded-chat|lab|pool|async", KEEP),
    (r"yes", "是"),
    (r"no", "否"),
    (r"far above python", "远高于 python"),
    (r"reported", "仅报告"),
    (r"all (\d+) delivered, in order", r"\1 条全部按序送达"),
    # The main table's measures.
    (r"requests/s, (wrk .*)", r"每秒请求数，\1"),
    (r"p99 latency, ms", "p99 延迟，毫秒"),
    (r"memory, ([\d,]+) idle connections \(async\), MiB", r"内存，\1 个空闲连接（async），MiB"),
    (r"async requests/s, ([\d,]+) connections", r"async 每秒请求数，\1 个连接"),
    (r"async p99 ms, ([\d,]+) connections", r"async p99 毫秒，\1 个连接"),
    (r"async non-2xx \+ socket errors, ([\d,]+) connections",
     r"async 非 2xx 回答 + 套接字错误，\1 个连接"),
    (r"CPU seconds per GiB, both sides, into (\S+): median of (\d+) pairs \(ratio min-max ([\d.]+)-([\d.]+)\)",
     r"两端合计每 GiB 的 CPU 秒数，写入 \1：\2 对的中位数（比值最低 \3，最高 \4）"),
    (r"client CPU seconds per GiB, splice beside `--no-splice`: median of (\d+) pairs \(ratio min-max ([\d.]+)-([\d.]+)\)",
     r"客户端每 GiB 的 CPU 秒数，splice 对照 `--no-splice`：\1 对的中位数（比值最低 \2，最高 \3）"),
    (r"writing the file alone \(dd into the same folder\): CPU seconds per GiB, median of (\d+)",
     r"只写文件（dd 写入同一文件夹）：每 GiB 的 CPU 秒数，\1 次的中位数"),
    (r"peak memory of either side, MiB", "两端中较大的峰值内存，MiB"),
    (r"server CPU seconds per GiB sent", "服务器每发送 1 GiB 所用的 CPU 秒数"),
    (r"round trips/s, (`ping [^`]*`)", r"每秒往返次数，\1"),
    (r"deliveries/s, (\d+ x \d+)", r"每秒送达数，\1"),
    (r"p99 delivery latency, ms", "p99 送达延迟，毫秒"),
    (r"([a-z-]+) solved: seconds per check, median of (\d+) \(min-max ([\d.]+)-([\d.]+)\)",
     r"\1 的答案：每次检查的秒数，\2 次的中位数（最快 \3，最慢 \4）"),
    # The server models' and the memory tables.
    (r"10,000 to the tasks \(async\)", "10,000 个，连到任务（async）"),
    (r"1,000 to a pool of 1,000 threads", "1,000 个，连到有 1,000 个线程的线程池"),
    # Headers.
    (r"lesson", "课程"),
    (r"measure", "指标"),
    (r"ours", "我们的"),
    (r"peer", "对照"),
    (r"ratio", "比值"),
    (r"goal", "目标"),
    (r"met", "达到"),
    (r"server", "服务器"),
    (r"connections", "连接数"),
    (r"requests/s", "每秒请求数"),
    (r"p99, ms", "p99，毫秒"),
    (r"non-2xx answers", "非 2xx 回答"),
    (r"socket errors", "套接字错误"),
    (r"server memory, MiB", "服务器内存，MiB"),
    (r"idle kept-alive connections", "空闲的长连接"),
    (r"server memory before, MiB", "连接之前的服务器内存，MiB"),
    (r"with them, MiB", "连接之后，MiB"),
    (r"per connection over a bare server, KiB", "每个连接（相对于空载的服务器），KiB"),
]

# A program that hangs, in the lab rows: what it does.
HANGS = {
    "never listens": "从不监听",
    "never connects": "从不连接",
    "reads on after the close": "在对方关闭之后还接着读",
    "waits for an answer to byebye": "等着 byebye 的回答",
    "waits at the end of its input": "在输入结束时一直等",
    "spins on a closed connection": "在已关闭的连接上空转",
    "waits for ever for a lost reply": "为一个丢失的回复永远等下去",
    "waits for ever for a lost echo": "为一个丢失的回显永远等下去",
}

# Whole lines outside the tables.
LINES = [
    (r"Measured on (\d{4}-\d\d-\d\d) \(the full run\), on (\d+) cores, (\d+) GiB of memory, (Linux \S+)\.",
     r"\1 测得（完整运行），机器：\2 核，\3 GiB 内存，\4。"),
    (r"Each figure is the median of (\d+) runs\.", r"每个数字都是 \1 次运行的中位数。"),
]


class Untranslated(Exception):
    pass


def translate(text, rules):
    for pattern, replacement in rules:
        match = re.fullmatch(pattern, text)
        if match:
            return text if replacement is None else match.expand(replacement)
    hang = re.fullmatch(r"([a-z-]+), a program that (.+): seconds to its report", text)
    if rules is CELLS and hang and hang.group(2) in HANGS:
        return f"{hang.group(1)}，一个{HANGS[hang.group(2)]}的程序：到它被报告为止的秒数"
    raise Untranslated(text)


def chinese(english):
    lines = []
    for line in english.splitlines():
        if line.startswith("|") and set(line) <= set("|- "):
            lines.append(line)  # a table's separator row
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            lines.append("| " + " | ".join(translate(cell, CELLS) for cell in cells) + " |")
        elif line.strip():
            lines.append(translate(line.strip(), LINES))
        else:
            lines.append("")
    return "\n".join(lines) + "\n"


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        sys.exit("usage: scripts/bench_tables_zh.py [--check]")
    stale = 0
    for name in TABLES:
        english = SRC / name
        copy = SRC / name.replace(".md", ".zh-CN.md")
        try:
            text = chinese(english.read_text(encoding="utf-8"))
        except Untranslated as e:
            sys.exit(f"error: no Chinese for {str(e)!r} in {english}: add it to {__file__}")
        if not check:
            copy.write_text(text, encoding="utf-8")
        elif not copy.exists() or copy.read_text(encoding="utf-8") != text:
            print(f"zh-CN: {copy} is not the translation of {english}: run python3 scripts/bench_tables_zh.py")
            stale += 1
    if check and stale:
        sys.exit(1)
    print(f"ok: the Chinese copies of {', '.join(TABLES)} are current" if check
          else f"written: the Chinese copies of {', '.join(TABLES)}")


if __name__ == "__main__":
    main()
