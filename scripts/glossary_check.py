#!/usr/bin/env python3
"""One English term, one Chinese word: the glossary's (docs/src/glossary.md).

    python3 scripts/glossary_check.py docs/po/zh-CN.po docs/src/glossary.md

For each glossary entry, each translated message whose English uses the term (outside
code) must fail none of these, or the script names the message and exits 1:
  - its Chinese has the glossary's word (or keeps the English term);
  - it does not gloss the term with another word: 重置（RST） where the glossary says 复位;
  - it does not use a rival word a translator of this book once reached for (RIVALS).
scripts/translation.sh check runs it.
"""
import ast
import re
import sys

# Words the English also uses in their everyday sense (a UDP port "listens", a classmate
# "cannot connect", "the other side"): there the translation follows the sense.
LOOSE = {"listen", "accept", "connect", "peer"}
# Other Chinese for a glossary term, each seen in a translation of this book: not where
# the English says the term (resetting a timer or an exercise file is another word).
RIVALS = {"复位": ["重置", "重设"], "管线化": ["流水线"]}
HAN = "\u4e00-\u9fff"


def messages(path):
    """(msgid, msgstr) of each translated message of a .po file."""
    entries, current, field = [], {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            if field == "msgid" and current.get("msgstr"):
                entries.append(current)
                current = {}
            current[field] = ast.literal_eval(rest)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif not line.strip():
            field = None
    entries.append(current)
    return [(e["msgid"], e["msgstr"]) for e in entries if e.get("msgid") and e.get("msgstr")]


def prose(text):
    """The text without code spans, link targets and HTML tags."""
    return re.sub(r"`[^`]*`|\]\([^)]*\)|<[^>]*>", "", text)


def pattern(term):
    """The term as a whole word; an acronym only in capitals."""
    flags = 0 if term.isupper() else re.I
    return re.compile(r"\b" + re.escape(term) + r"(s|es|ed|ing)?\b", flags)


def glossary(path):
    """(terms, terms in brackets, Chinese words) of each entry: `| 复位 | *RST (a reset)* |`."""
    entries = []
    for row in open(path, encoding="utf-8"):
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("*"):
            continue
        english = re.sub(r"`[^`]*`", "", cells[1].strip("*"))
        terms = [t.strip() for t in re.split(r"[/,]", re.sub(r"\([^)]*\)", "", english)) if t.strip()]
        if not terms or terms[0] in LOOSE:
            continue
        bracketed = [t.strip() for group in re.findall(r"\(([^)]*)\)", english)
                     for t in group.split(",") if re.fullmatch(r"[A-Za-z' -]+", t.strip())]
        chinese = [t.strip() for t in cells[0].split("/") if t.strip()]
        entries.append((terms, bracketed, chinese))
    return entries


def problems(msgid, msgstr, terms, bracketed, chinese):
    english, translated = prose(msgid), prose(msgstr)
    used = [t for t in terms if pattern(t).search(english)]
    if used and not any(c in translated for c in chinese) and \
            not any(pattern(t).search(translated) for t in used):
        yield f"{used[0]!r} is {chinese[0]} (glossary.md), not in: {msgstr[:70]!r}"
    said = any(pattern(t).search(english) for t in terms + bracketed)
    for rival in [r for c in chinese for r in RIVALS.get(c, [])]:
        if said and rival in translated:
            yield f"{rival} where the glossary says {chinese[0]}: {msgstr[:70]!r}"
    for term in terms + bracketed:
        glossed = rf"([{HAN}]{{1,8}})[（(]{re.escape(term)}[）)]"
        for match in re.finditer(glossed, translated, 0 if term.isupper() else re.I):
            if not any(re.sub(f"[^{HAN}]", "", c) in match.group(1) for c in chinese):
                yield f"{match.group(0)!r}: the glossary's word for {term!r} is {chinese[0]}"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/glossary_check.py PO-FILE GLOSSARY.md")
    entries = glossary(sys.argv[2])
    bad = 0
    for msgid, msgstr in messages(sys.argv[1]):
        for entry in entries:
            for problem in problems(msgid, msgstr, *entry):
                print(f"zh-CN: {problem}")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
