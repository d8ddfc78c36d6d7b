#!/usr/bin/env python3
"""What a reader sees in the built books (target/book and target/book/zh-CN), read from
their HTML pages, where a Markdown source can look right and still render wrong.

    python3 scripts/rendered.py BOOK-DIR commands   every `cargo run -p ...` the pages
                                                    show, in code blocks and code spans
    python3 scripts/rendered.py BOOK-DIR check      fail, naming page and text, on:
      - an en dash that is not a range (1–6) or a pause ( – ): Markdown outside a code
        span turns `--` into "–", so `--model async` written in prose reads "–model async"
        and fails as pasted;
      - emphasis set off by spaces inside Chinese text ("到达 <em>本机</em> 上"), which
        shows as words with gaps: written <em>本机</em> it sits in the sentence;
      - a link to a #fragment that the page it points to does not have (a translated
        heading gets a Chinese id: give the English heading an {#id});
      - in the Chinese book, a page or a table header without Chinese (an untranslated
        page, or a table copied in English).
"""
import html
import re
import sys
from pathlib import Path

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
LESSONS = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "crates").iterdir())


def pages(book):
    """(path relative to the book, the page's <main>), for every page of the book."""
    found = []
    # print.html repeats every page; the Chinese book lies inside the English one.
    for page in sorted(Path(book).rglob("*.html")):
        relative = page.relative_to(book)
        if page.name in ("print.html", "404.html", "toc.html") or relative.parts[0] == "zh-CN":
            continue
        main = re.search(r"<main>(.*)</main>", page.read_text(encoding="utf-8"), re.S)
        if not main:
            sys.exit(f"error: {page} has no <main>: is this an mdbook book?")
        found.append((relative, main.group(1)))
    if len(found) < 10:
        sys.exit(f"error: {book} has {len(found)} pages: build the books first (scripts/translation.sh build)")
    return found


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def commands(book):
    found = set()
    for page, main in pages(book):
        for code in re.findall(r"<code[^>]*>(.*?)</code>", main, re.S):
            for line in plain(code).splitlines():
                line = re.sub(r"\s+", " ", re.sub(r"\s+#.*$", "", line.strip()))
                # cargo's own flags do not change what the program is asked.
                line = re.sub(r"^cargo run( (--release|-q|--quiet))+ -p ", "cargo run -p ", line)
                # The tutorials table writes `tcp-basic server ...` for
                # `cargo run -p tcp-basic -- server ...`, and says so.
                lesson = line.split(" ", 1)[0]
                if page.stem == "from-the-tutorials" and lesson in LESSONS and " " in line:
                    line = f"cargo run -p {lesson} -- {line.split(' ', 1)[1]}"
                if line.startswith("cargo run -p "):
                    found.add(line)
    print("\n".join(sorted(found)))


def check(book):
    chinese = Path(book).name == "zh-CN"
    all_pages = pages(book)
    ids = {page.as_posix(): set(re.findall(r'\bid="([^"]+)"', main)) for page, main in all_pages}
    problems = []
    for page, main in all_pages:
        text = html.unescape(main)
        for match in re.finditer(r"(.{0,30})–(.{0,30})", text):
            before, after = match.groups()
            if re.search(r"\d ?$", before) and re.match(r" ?\d", after) or \
                    before.endswith(" ") and after.startswith(" ") or \
                    before.endswith(">") and after.startswith("<"):
                continue  # a range, a pause, or a table's empty cell
            problems.append(f"{page}: an en dash where `--` was meant (put the command in backticks): {plain(match.group(0))!r}")
        # Chinese on both sides of the space: a space between Chinese and a Latin word is
        # ordinary spacing, and stays.
        for match in re.finditer(rf"[{CJK}] <(em|strong)>[{CJK}][^<]{{0,80}}</\1>|<(em|strong)>[^<]{{0,80}}[{CJK}]</\2> [{CJK}]", main):
            shown = plain(re.sub(r"</?(em|strong)>", "*", match.group(0)))
            problems.append(f"{page}: emphasis set off by spaces in Chinese text (write it without the spaces, as <em>...</em>): {shown!r}")
        for target, fragment in re.findall(r'href="([^"#:]*)#([^"]+)"', main):
            where = (page.parent / target).as_posix() if target else page.as_posix()
            where = re.sub(r"[^/]+/\.\./", "", where).removeprefix("./")
            if where in ids and html.unescape(fragment) not in ids[where]:
                problems.append(f"{page}: a link to {target}#{fragment}, which has no such id (give its heading {{#{fragment}}})")
        if chinese and not re.search(f"[{CJK}]", plain(main)):
            problems.append(f"{page}: not a word of Chinese: is the translation missing (mdbook-gettext)?")
        if chinese:
            # A header may be a name (Python, Rust, file-download), not an English word.
            for header in re.findall(r"<th>(.*?)</th>", main, re.S):
                words = plain(re.sub(r"<code>.*?</code>", "", header))
                for name in LESSONS:
                    words = words.replace(name, "")
                if re.search(r"\b[a-z]{3,}\b", words) and not re.search(f"[{CJK}]", words):
                    problems.append(f"{page}: a table header in English: {plain(header)!r}")
    for problem in problems:
        print(f"{book}/{problem}")
    if problems:
        sys.exit(f"error: {len(problems)} problems in the built book {book}, listed above")
    print(f"ok: {book}: {len(all_pages)} pages, no en dash in place of --, no spaced emphasis, "
          f"every #fragment linked exists" + (", every page and table header in Chinese" if chinese else ""))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("commands", "check"):
        sys.exit("usage: scripts/rendered.py BOOK-DIR commands|check")
    {"commands": commands, "check": check}[sys.argv[2]](sys.argv[1])
