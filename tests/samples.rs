//! Keeps tests/SAMPLES.md honest: the list of published output samples names transcripts
//! that exist, every transcript kept for a sample (tests/transcripts/samples/) is named
//! there, and a sample marked "reproduced" names the transcript that reproduces it.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The list's table rows: (status, last column).
fn rows(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---") && !l.starts_with("| lines"))
        .filter(|l| !l.starts_with("| seed, lines"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            assert!(cells.len() == 4, "SAMPLES.md: a row has four columns: {l}");
            (cells[2].to_string(), cells[3].to_string())
        })
        .collect()
}

/// Every `tests/transcripts/...md` path a cell names.
fn transcript_paths(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("tests/transcripts/") && s.ends_with(".md"))
        .map(str::to_string)
        .collect()
}

#[test]
fn samples_list_names_every_sample_transcript() {
    let text = std::fs::read_to_string(root().join("tests/SAMPLES.md")).expect("tests/SAMPLES.md exists");
    let rows = rows(&text);
    assert!(rows.len() > 80, "SAMPLES.md lists every sample ({} rows)", rows.len());
    let mut named = BTreeSet::new();
    for (status, cell) in &rows {
        assert!(
            status == "reproduced" || status == "left out",
            "SAMPLES.md: status is `reproduced` or `left out`, not {status:?}"
        );
        let paths = transcript_paths(cell);
        if status == "reproduced" {
            assert!(!paths.is_empty(), "SAMPLES.md: a reproduced sample names its transcript: {cell}");
        } else {
            assert!(!cell.is_empty(), "SAMPLES.md: a sample left out says why");
        }
        for p in paths {
            assert!(root().join(&p).is_file(), "SAMPLES.md names {p}, which does not exist");
            named.insert(p);
        }
    }
    let dir = root().join("tests/transcripts/samples");
    for entry in std::fs::read_dir(&dir).expect("tests/transcripts/samples exists") {
        let name = entry.expect("a directory entry").file_name().to_string_lossy().into_owned();
        let path = format!("tests/transcripts/samples/{name}");
        assert!(named.contains(&path), "{path} is not named in tests/SAMPLES.md");
    }
}
