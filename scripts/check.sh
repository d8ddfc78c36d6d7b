#!/usr/bin/env bash
# Everything CI runs, in order; the README's test command. Installs what it needs when
# missing (nc, curl, strace, ss and python3 from Debian's packages, mdbook from crates.io).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step() { printf '\n==> %s\n' "$1"; }

step "tools"
need python3 python3
need nc netcat-openbsd
need curl curl
need strace strace
need ss iproute2
need_mdbook
echo "ok: python3, nc, curl, strace, ss, mdbook"

step "cargo fmt --check"
cargo fmt --all -- --check

step "the exercises: formatted, shipped copies, solutions, wrong and right programs too"
# exercises/ is a workspace of its own (kept out of the lessons' one); its shipped copies,
# its solutions and the checker's wrong and right programs are files copied into place.
cargo fmt --manifest-path exercises/Cargo.toml --all -- --check
rustfmt --edition 2024 --check exercises/shipped/*/*.rs exercises/solutions/*/*.rs \
  crates/lab/tests/wrong/*/*.rs crates/lab/tests/right/*/*.rs
echo "ok: exercises/, exercises/shipped/, exercises/solutions/, crates/lab/tests/wrong/, crates/lab/tests/right/"

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test"
# Every program a test borrows is installed above: CI=true makes a missing one fail its
# test rather than skip it (testkit::need!).
CI=true cargo test --workspace --locked

step "the checker against small wrong versions of each solution (cargo-mutants)"
scripts/mutants.sh

step "cargo doc (warnings are errors: students browse the lessons with cargo doc --open)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
echo "ok: the API docs are in $TARGET/doc/"

step "the examples the book runs"
cargo run -q --locked -p common --example ipinfo -- 192.168.1.77/24 | grep -q "broadcast: 192.168.1.255"
cargo run -q --locked -p common --example socket-calls | grep -q 'readline() = "second line"'
# The book shows this run's output: compare it, with the process id in the path normalized.
cargo run -q --locked -p common --example unix-socket |
  sed -E 's#[^ "]*/unix-socket-[0-9]+#/tmp/unix-socket-12345#' |
  diff -u docs/src/transcripts/unix-socket.txt - ||
  { echo "error: the unix-socket example no longer prints what the book shows" >&2; exit 1; }
echo "ok: ipinfo, socket-calls and unix-socket"

step "the book: chapters and anchors"
scripts/check-book.sh

step "the Chinese book keeps up with the English one"
scripts/translation.sh check
scripts/translation.sh build

step "what a reader copies from the built books, English and Chinese, is what runs"
python3 scripts/rendered.py "$TARGET/book" check
python3 scripts/rendered.py "$TARGET/book/zh-CN" check
scripts/check-commands.sh

step "the tour"
scripts/tour.sh

step "interoperation with programs no lesson shares"
scripts/interop.sh

echo
echo "check: everything passed"
