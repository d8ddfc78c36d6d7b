#!/usr/bin/env bash
# The Chinese book, kept in step with the English one. The English chapters in docs/src are
# the only source; docs/po/zh-CN.po holds the translation of each of their paragraphs,
# headings and table cells (gettext, through mdbook-i18n-helpers).
#
#   scripts/translation.sh update  extract the English messages and merge them into
#                                  docs/po/zh-CN.po (msgmerge): new ones arrive
#                                  untranslated, changed ones fuzzy; translate those
#   scripts/translation.sh check   fail, naming each chapter and line, when a message is
#                                  untranslated or fuzzy
#   scripts/translation.sh build   both books: target/book (English), target/book/zh-CN
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PO=docs/po/zh-CN.po
POT="$TARGET/po/messages.pot"

tools() {
  need msgmerge gettext
  need_mdbook
  command -v mdbook-xgettext >/dev/null 2>&1 || {
    echo "installing mdbook-i18n-helpers with cargo (a few minutes, once)"
    cargo install mdbook-i18n-helpers --locked --version 0.4.0 --quiet
  }
}

# Every message of the English book, from the sources as written. Code and sample output
# stay in English in both books, so they give no messages: the include lines are not
# expanded, a whole code block written in a chapter is dropped from the catalogue, and the
# few Python blocks are marked <!-- i18n:skip --> in the chapters.
extract() {
  MDBOOK_BUILD__USE_DEFAULT_PREPROCESSORS=false \
    MDBOOK_OUTPUT='{"xgettext": {"pot-file": "messages.pot"}}' \
    mdbook build docs --dest-dir "$TARGET/po" 2>&1 | { grep -v -e ' INFO ' -e '"links", which was not found' || true; }
  msggrep --invert-match --msgid --extended-regexp --regexp='^```' \
    --output-file="$POT" "$POT"
}

case "${1:-}" in
  update)
    tools
    extract
    if [ -f "$PO" ]; then
      msgmerge --quiet --update --backup=none "$PO" "$POT"
    else
      msginit --no-translator --locale=zh_CN.UTF-8 --input "$POT" --output-file "$PO"
    fi
    msgattrib --no-obsolete --output-file "$PO" "$PO"
    msgfmt --statistics --output-file /dev/null "$PO"
    ;;
  check)
    tools
    extract
    merged="$WORK/zh-CN.po"
    msgmerge --quiet "$PO" "$POT" --output-file "$merged"
    lagging="$WORK/lagging.po"
    msgattrib --untranslated --no-obsolete "$merged" >"$lagging.untranslated"
    msgattrib --only-fuzzy --no-obsolete "$merged" >"$lagging.fuzzy"
    count=0
    for kind in untranslated fuzzy; do
      while IFS= read -r where; do
        echo "zh-CN: $kind: $where"
        count=$((count + 1))
      done < <(grep '^#: ' "$lagging.$kind" | sed 's/^#: //' | tr ' ' '\n' | grep -v '^$' || true)
    done
    if [ "$count" != 0 ]; then
      echo "error: the Chinese book lags the English one ($count of its messages, listed above): run" >&2
      echo "  scripts/translation.sh update, translate the new and fuzzy messages in $PO" >&2
      exit 1
    fi
    msgfmt --check --output-file /dev/null "$PO"
    # One word, one translation: each glossary entry's Chinese wherever the English uses
    # the term (outside code), no other Chinese glossing it ("重置（RST）" where the
    # glossary says 复位), and none of the rival words translators reach for.
    python3 - "$PO" docs/src/glossary.md <<'PY' || exit 1
import re, sys

def messages(path):
    """(msgid, msgstr) of each translated message of a .po file."""
    entries, current, field = [], {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            if field == "msgid" and current.get("msgstr"):
                entries.append(current)
                current = {}
            current[field] = eval(rest)
        elif line.startswith('"') and field:
            current[field] += eval(line)
        elif not line.strip():
            field = None
    entries.append(current)
    return [(e.get("msgid", ""), e.get("msgstr", "")) for e in entries if e.get("msgid") and e.get("msgstr")]

def prose(text):  # without code spans, link targets and HTML tags
    return re.sub(r"`[^`]*`|\]\([^)]*\)|<[^>]*>", "", text)

def pattern(term):  # a whole word; an acronym only in capitals
    flags = 0 if term.isupper() else re.I
    return re.compile(r"\b" + re.escape(term) + r"(s|es|ed|ing)?\b", flags)

# Words the English also uses in their everyday sense (a UDP port "listens", a classmate
# "cannot connect", "the other side"): there the translation follows the sense.
LOOSE = {"listen", "accept", "connect", "peer"}
# Other Chinese for a glossary term, each seen in a translation of this book: not where
# the English says the term (resetting a timer or an exercise file is another word).
RIVALS = {"复位": ["重置", "重设"], "管线化": ["流水线"]}
po, glossary = sys.argv[1], sys.argv[2]
entries = []
for row in open(glossary, encoding="utf-8"):
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) != 3 or not cells[1].startswith("*"):
        continue
    english = re.sub(r"`[^`]*`", "", cells[1].strip("*"))
    main = re.sub(r"\([^)]*\)", "", english)
    glossed = re.findall(r"\(([^)]*)\)", english)
    terms = [t.strip() for t in re.split(r"[/,]", main) if t.strip()]
    if not terms or terms[0] in LOOSE:
        continue
    chinese = [t.strip() for t in cells[0].split("/") if t.strip()]
    aside = [t.strip() for g in glossed for t in g.split(",") if re.fullmatch(r"[A-Za-z' -]+", t.strip())]
    entries.append((terms, aside, chinese))
bad = 0
for msgid, msgstr in messages(po):
    english, chinese_text = prose(msgid), prose(msgstr)
    for terms, aside, chinese in entries:
        used = [t for t in terms if pattern(t).search(english)]
        if used and not any(c in chinese_text for c in chinese) and not any(pattern(t).search(chinese_text) for t in used):
            print(f"zh-CN: {used[0]!r} is {chinese[0]} (glossary.md), not in: {msgstr[:70]!r}")
            bad += 1
        for rival in [r for c in chinese for r in RIVALS.get(c, [])]:
            if rival in chinese_text and any(pattern(t).search(english) for t in terms + aside):
                print(f"zh-CN: {rival} where the glossary says {chinese[0]}: {msgstr[:70]!r}")
                bad += 1
        for t in terms + aside:
            for m in re.finditer(r"([\u4e00-\u9fff]{1,8})[（(]" + re.escape(t) + r"[）)]", chinese_text, 0 if t.isupper() else re.I):
                if not any(re.sub(r"[^\u4e00-\u9fff]", "", c) in m.group(1) for c in chinese):
                    print(f"zh-CN: {m.group(0)!r}: the glossary's word for {t!r} is {chinese[0]}")
                    bad += 1
sys.exit(1 if bad else 0)
PY
    # The tables bench.sh writes are not in the catalogue: the Chinese book includes
    # copies of them made by this script, which must be current.
    python3 scripts/bench_tables_zh.py --check
    # Emphasis written *x* or _x_ right beside Chinese characters does not render (the
    # gettext step writes it back as _x_, which CommonMark cannot open between two CJK
    # characters): such a translation must say <em>x</em>.
    python3 - "$PO" <<'PY' || exit 1
import re, sys
bad = 0
in_msgstr = False
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if line.startswith("msgstr"):
        in_msgstr = True
    elif not line.startswith('"'):
        in_msgstr = False
    # A delimiter with a letter on both sides, one of them Chinese, outside code spans.
    prose = re.sub(r"`[^`]*`", "", line)
    if in_msgstr and re.search(r"[\u4e00-\u9fff][*_][^\W_]|[^\W_][*_][\u4e00-\u9fff]", prose):
        print(f"zh-CN: emphasis beside Chinese text will not render, use <em>...</em>: {sys.argv[1]}:{number}")
        bad += 1
sys.exit(1 if bad else 0)
PY
    echo "ok: every message of the English book is translated in $PO"
    ;;
  build)
    tools
    mdbook build docs --dest-dir "$TARGET/book" 2>&1 | { grep -v ' INFO ' || true; }
    MDBOOK_BOOK__LANGUAGE=zh-CN MDBOOK_BOOK__TITLE="用 Rust 学套接字：经典 socket 教程重写" \
      mdbook build docs --dest-dir "$TARGET/book/zh-CN" 2>&1 | { grep -v ' INFO ' || true; }
    echo "ok: the books are in $TARGET/book/index.html and $TARGET/book/zh-CN/index.html"
    ;;
  *)
    echo "usage: scripts/translation.sh update|check|build" >&2
    exit 2
    ;;
esac
