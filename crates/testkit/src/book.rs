//! The book's transcripts (`docs/src/transcripts/`): what a chapter shows a program
//! printing is compared with what it printed in a real run.

/// Check a transcript the book shows (`docs/src/transcripts/NAME`) against what a program
/// really printed. `replacements` turn what varies from run to run (ports) into the values
/// the book uses.
pub fn assert_transcript(name: &str, printed: &str, replacements: &[(&str, &str)]) {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/transcripts/").to_string() + name;
    let mut printed = printed.trim_end().to_string() + "\n";
    for (from, to) in replacements {
        printed = printed.replace(from, to);
    }
    // `BLESS_TRANSCRIPTS=1 cargo test` writes what was printed instead of comparing: for a
    // new sample, or after a deliberate change; `git diff` then shows what changed.
    if std::env::var_os("BLESS_TRANSCRIPTS").is_some() {
        std::fs::write(&path, &printed).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    let book = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    assert_eq!(
        printed, book,
        "the book's {name} differs from what the program printed"
    );
}

/// Owned replacements (`(format!(":{port}"), ":8888".to_string())`) as the pairs of
/// `&str` [`assert_transcript`] takes.
pub fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}
