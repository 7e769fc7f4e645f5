//! Keeps tests/SAMPLES.md honest: the list of published output samples names transcripts
//! that exist, every transcript kept for a sample (tests/transcripts/samples/) is named
//! there, and a sample marked "reproduced" names the transcript (or the test here, for what
//! a transcript cannot show) that reproduces it.

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

/// Every `tests/samples.rs::NAME` a cell names (samples a transcript cannot show).
fn sample_tests(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|s| s.strip_prefix("tests/samples.rs::"))
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
        let tests = sample_tests(cell);
        for t in &tests {
            let source = std::fs::read_to_string(root().join("tests/samples.rs")).expect("tests/samples.rs");
            assert!(
                source.contains(&format!("fn {t}()")),
                "SAMPLES.md names tests/samples.rs::{t}, which does not exist"
            );
        }
        if status == "reproduced" {
            assert!(
                !paths.is_empty() || !tests.is_empty(),
                "SAMPLES.md: a reproduced sample names its transcript: {cell}"
            );
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

/// The reference's fenced blocks, as `start-end` line numbers of their fences.
fn fenced_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, line) in text.lines().enumerate() {
        if !line.trim_start().starts_with("```") {
            continue;
        }
        match open.take() {
            None => open = Some(i + 1),
            Some(start) => out.push(format!("{start}-{}", i + 1)),
        }
    }
    out
}

/// Every fenced block of the reference has its row, and every row names a block, so an
/// edit of the reference that moves or adds samples shows here. The reference lives next to
/// the project (`../shared`); where it is not, there is nothing to compare with.
#[test]
fn samples_list_has_a_row_for_every_block_of_the_reference() {
    let Ok(reference) = std::fs::read_to_string(root().join("../shared/CLI-REFERENCE.md")) else {
        return;
    };
    let text = std::fs::read_to_string(root().join("tests/SAMPLES.md")).expect("tests/SAMPLES.md exists");
    let listed: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").next())
        .filter(|c| c.split('-').count() == 2 && c.split('-').all(|n| n.parse::<u32>().is_ok()))
        .map(str::to_string)
        .collect();
    let blocks: BTreeSet<String> = fenced_blocks(&reference).into_iter().collect();
    let missing: Vec<_> = blocks.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&blocks).collect();
    assert!(missing.is_empty(), "samples of CLI-REFERENCE.md not in tests/SAMPLES.md: {missing:?}");
    assert!(stale.is_empty(), "rows of tests/SAMPLES.md that are no block of CLI-REFERENCE.md: {stale:?}");
}

/// CLI-REFERENCE §1.1, lines 108-119: the banner of a 2-vCPU E5-2630 v3 node with an 80 GB
/// disk and 6144 MB (hardware block indented by 8 spaces), then the prompt. The banner is
/// printed by a login shell, which a transcript cannot show; the lab is put in the sample's
/// state (a node with that virtual hardware) and the banner compared byte for byte.
#[test]
fn banner_sample_of_a_two_vcpu_node() {
    use ucsh::engine::deployment::{Deployment, InitOptions};
    use ucsh::engine::lab::Existing;
    use ucsh::engine::{accounts, Clock, Lab};
    use ucsh::shell::{Format, Shell};

    const SAMPLE: &str = "Command Line Interface is starting up, please wait ...

   Welcome to the Platform Command Line Interface

VMware Installation:
        2 vCPU: Intel(R) Xeon(R) CPU E5-2630 v3 @ 2.40GHz
        Disk 1: 80GB, Partitions aligned
        6144 Mbytes RAM

admin:";
    const LAYOUT: &str = r#"
[[cluster]]
name = "cluster1"

[[cluster.node]]
name = "cucm-pub"
role = "cm-publisher"
hostname = "cucm-pub"
domain = "example.com"
ipv4 = "10.10.1.11"
netmask = "255.255.255.0"
gateway = "10.10.1.1"
dns_primary = "10.10.1.2"
version = "11.5.1.12900-21"
os_version = "11.5.0.99838-4"
timezone = "America/Chicago"
vcpus = 2
memory_mb = 6144
disk_gb = 80
cpu_type = "Intel(R) Xeon(R) CPU E5-2630 v3 @ 2.40GHz"
cpu_mhz = 2400
"#;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("data");
    let layout: Deployment = toml::from_str(LAYOUT).expect("the layout parses");
    let clock = Clock::from_rfc3339("2021-06-16T14:31:19Z").expect("a time");
    Lab::init_layout(&data, layout, &InitOptions::default(), None, Existing::Refuse, clock).expect("the lab");
    let lab = Lab::open(&data, clock).expect("the lab opens");
    let node = lab.node("cucm-pub").expect("the node");
    let session = accounts::local_owner_session(&node).expect("a session");
    let shell = Shell::new(lab, "cucm-pub".into(), session, Format::Text, false);
    let shown = format!("{}{}", ucsh::shell::interactive::banner(&shell), "admin:");
    assert_eq!(shown, SAMPLE);
}
