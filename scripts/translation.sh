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
    # One word, one translation: the glossary's Chinese for each of its terms.
    python3 scripts/glossary_check.py "$PO" docs/src/glossary.md
    # The tables bench.sh writes are not in the catalogue: the Chinese book includes
    # copies of them, made by bench_tables_zh.py, which must be current.
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
