#!/usr/bin/env bash
# Wrong programs for free: cargo-mutants makes small wrong versions of each exercise's
# reference solution (a function body replaced, an operator changed), and every one of
# them must fail `lab check`. One that passes is a hole in the checker, unless it behaves
# exactly like the solution; such a mutant is listed, with why, in
# crates/lab/tests/wrong/equivalent-mutants.txt (one `EXERCISE: MUTANT NAME` line each).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

need patch patch
command -v cargo-mutants >/dev/null 2>&1 || {
  echo "installing cargo-mutants with cargo (a few minutes, once)"
  cargo install cargo-mutants --locked --version 27.1.0 --quiet
}
cargo build -q --locked -p lab
EQUIVALENT=crates/lab/tests/wrong/equivalent-mutants.txt
export CARGO_TARGET_DIR="$WORK/target"

checked=0 holes=0
while read -r name dir; do
  # The solution as a crate of its own, for cargo-mutants to read: its files, and the
  # exercise's programs ([[bin]] sections) where it has one per role.
  crate="$WORK/solution-$name"
  mkdir -p "$crate/src"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n' "$name" >"$crate/Cargo.toml"
  awk '/^\[\[bin\]\]/ { bins = 1 } bins' "exercises/$dir/Cargo.toml" >>"$crate/Cargo.toml"
  put_solution "$ROOT/exercises" "$dir" "$crate"
  (cd "$crate" && cargo mutants --list --diff --json) >"$WORK/mutants-$name.json"
  count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/mutants-$name.json")
  for i in $(seq 0 $((count - 1))); do
    # A copy of the exercises folder with this mutant of the solution in place.
    copy="$WORK/exercises-$name-$i"
    copy_exercises "$copy"
    put_solution "$copy" "$dir" "$copy/$dir"
    # The mutant's name and its file (src/main.rs, src/server.rs ...); its diff to patch.
    read -r file mutant < <(python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))[int(sys.argv[2])]; open(sys.argv[3], "w").write(m["diff"]); print(m["file"], m["name"])' \
      "$WORK/mutants-$name.json" "$i" "$WORK/mutant.diff")
    patch --quiet "$copy/$dir/$file" <"$WORK/mutant.diff"
    checked=$((checked + 1))
    if "$BIN/lab" --lang en --exercises "$copy" check "$name" >"$WORK/lab.log" 2>&1; then
      if grep -qxF "$name: $mutant" "$EQUIVALENT" 2>/dev/null; then
        echo "passes, listed as equivalent: $name: $mutant"
      else
        echo "HOLE: lab check passes this mutant of $name's solution: $mutant"
        sed 's/^/    /' "$WORK/mutant.diff"
        holes=$((holes + 1))
      fi
    else
      echo "caught: $name: $mutant ($(grep -m1 -A1 '✗' "$WORK/lab.log" | tail -1 | sed 's/^ *//'))"
    fi
  done
done < <(exercise_list)

echo "mutants: $checked checked, $holes passed the checker"
[ "$holes" = 0 ]
