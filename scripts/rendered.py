#!/usr/bin/env python3
"""What a reader sees in the built books (target/book and target/book/zh-CN), read from
their HTML pages, where a Markdown source can look right and still render wrong.

    python3 scripts/rendered.py BOOK-DIR commands   every `cargo run -p ...` the pages
                                                    show, in code blocks and code spans
    python3 scripts/rendered.py BOOK-DIR check      fail, naming page and text, on:
      - an en dash before a letter or a dash: Markdown outside a code span turns `--` into
        "–", so `--model async` written in prose reads "–model async" and fails as pasted;
      - emphasis set off by spaces inside Chinese text ("到达 <em>本机</em> 上"), which
        shows as words with gaps: written <em>本机</em> it sits in the sentence.
"""
import html
import re
import sys
from pathlib import Path

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def pages(book):
    # print.html repeats every page; the Chinese book lies inside the English one.
    for page in sorted(Path(book).rglob("*.html")):
        relative = page.relative_to(book)
        if page.name in ("print.html", "404.html", "toc.html") or relative.parts[0] == "zh-CN":
            continue
        text = page.read_text(encoding="utf-8")
        main = re.search(r"<main>(.*)</main>", text, re.S)
        yield relative, main.group(1) if main else ""


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def commands(book):
    found = set()
    for _, main in pages(book):
        for code in re.findall(r"<code[^>]*>(.*?)</code>", main, re.S):
            for line in plain(code).splitlines():
                line = re.sub(r"\s+#.*$", "", line.strip())
                if line.startswith("cargo run -p "):
                    found.add(re.sub(r"\s+", " ", line))
    print("\n".join(sorted(found)))


def check(book):
    problems = 0
    for page, main in pages(book):
        text = html.unescape(main)
        for match in re.finditer(r"\S{0,30}–[A-Za-z-]\S{0,30}", text):
            print(f"{book}/{page}: an en dash where `--` was meant (put the command in backticks): {plain(match.group(0))!r}")
            problems += 1
        # Chinese on both sides of the space: a space between Chinese and a Latin word is
        # ordinary spacing, and stays.
        for match in re.finditer(rf"[{CJK}] <(em|strong)>[{CJK}][^<]{{0,20}}</\1>|<(em|strong)>[^<]{{0,20}}[{CJK}]</\2> [{CJK}]", main):
            shown = plain(re.sub(r"</?(em|strong)>", "*", match.group(0)))
            print(f"{book}/{page}: emphasis set off by spaces in Chinese text (write it without the spaces, as <em>...</em>): {shown!r}")
            problems += 1
    if problems:
        sys.exit(f"error: {problems} problems in the built book {book}, listed above")
    print(f"ok: {book}: no en dash in place of --, no spaced emphasis")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("commands", "check"):
        sys.exit("usage: scripts/rendered.py BOOK-DIR commands|check")
    {"commands": commands, "check": check}[sys.argv[2]](sys.argv[1])
