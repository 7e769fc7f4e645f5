//! Transcript tests: markdown `admin:` sessions with their expected output, run in-process
//! against a fresh lab (one per file) with a pinned clock. See docs/DEVELOPING.md.
//!
//! `UCSH_BLESS=1 cargo test --test transcripts` rewrites the expected output from what the
//! commands print now; review the diff like code.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ucsh::catalog::{self, Scope};
use ucsh::engine::deployment::{Deployment, InitOptions};
use ucsh::engine::lab::Existing;
use ucsh::engine::{accounts, Clock, Lab, Session};
use ucsh::host::{self, HostEnv};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

const DEFAULT_NOW: &str = "2026-11-23T10:00:00Z";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// One step of a block: a CLI line or a host command, and its expected output.
struct Step {
    kind: StepKind,
    text: String,
    expected: Vec<String>,
}

#[derive(PartialEq)]
enum StepKind {
    Admin,
    Host,
}

struct Block {
    info: String,
    /// Line index (0-based) of the opening fence and of the closing fence.
    open: usize,
    close: usize,
    steps: Vec<Step>,
    /// ```file path=NAME``` blocks: content written to $WORK/NAME before the next block runs.
    file: Option<(String, String)>,
}

fn parse_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(info) = l.strip_prefix("```") {
            let info = info.trim().to_string();
            let open = i;
            let mut j = i + 1;
            while j < lines.len() && lines[j] != "```" {
                j += 1;
            }
            let body = &lines[open + 1..j.min(lines.len())];
            if info.starts_with("admin") {
                let mut steps: Vec<Step> = Vec::new();
                for b in body {
                    if let Some(cmd) = b.strip_prefix("admin:") {
                        steps.push(Step {
                            kind: StepKind::Admin,
                            text: cmd.to_string(),
                            expected: Vec::new(),
                        });
                    } else if let Some(cmd) = b.strip_prefix("$ ucsh ") {
                        steps.push(Step {
                            kind: StepKind::Host,
                            text: cmd.to_string(),
                            expected: Vec::new(),
                        });
                    } else if let Some(s) = steps.last_mut() {
                        // Output lines that look like a command are written with a `\` before them.
                        s.expected.push(b.strip_prefix('\\').unwrap_or(b).to_string());
                    }
                }
                blocks.push(Block { info, open, close: j, steps, file: None });
            } else if let Some(rest) = info.strip_prefix("file ") {
                let name = rest.trim().strip_prefix("path=").unwrap_or(rest.trim()).to_string();
                let mut content = body.join("\n");
                content.push('\n');
                blocks.push(Block { info, open, close: j, steps: Vec::new(), file: Some((name, content)) });
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    blocks
}

fn info_value<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split_whitespace().find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
}

fn answers(expected: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in expected {
        let mut rest = line.as_str();
        while let Some(start) = rest.find("<<") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(">>") else { break };
            out.push(after[..end].to_string());
            rest = &after[end + 2..];
        }
    }
    out
}

struct Outcome {
    path: PathBuf,
    failures: Vec<String>,
    blessed: Option<String>,
    covered: BTreeSet<&'static str>,
}

fn session_for(lab: &Lab, node: &str, account: Option<&str>) -> Session {
    let n = lab.node(node).unwrap_or_else(|e| panic!("node {node}: {e}"));
    match account {
        None => accounts::local_owner_session(&n).unwrap_or_else(|e| panic!("owner session: {e}")),
        Some(name) => {
            let all = accounts::load(&n).unwrap_or_else(|e| panic!("accounts: {e}"));
            let a = all.get(name).unwrap_or_else(|| panic!("no account {name} on {node}"));
            Session::new(&a.name, a.level, a.primary)
        }
    }
}

fn run_file(path: &Path) -> Outcome {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let blocks = parse_blocks(&text);
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let data = work.path().join("data");
    let work_str = work.path().display().to_string();
    let data_str = data.display().to_string();
    let default_clock = Clock::from_rfc3339(DEFAULT_NOW).unwrap_or_default();
    // `layout=NAME` on the first session block: the lab is built from the ```file NAME```
    // block (a deployment.toml) instead of the standard lab, at that block's `now`
    // (`sample_data=no`: without the sample users and devices).
    let first = blocks.iter().find(|b| b.file.is_none());
    match first.and_then(|b| info_value(&b.info, "layout").map(|l| (b, l))) {
        Some((b, name)) => {
            let content = blocks
                .iter()
                .find_map(|f| f.file.as_ref().filter(|(n, _)| n == name).map(|(_, c)| c.clone()))
                .unwrap_or_else(|| panic!("{}: no file block named {name}", path.display()));
            let layout: Deployment =
                toml::from_str(&content).unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()));
            let clock = info_value(&b.info, "now")
                .map(|n| Clock::from_rfc3339(n).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
                .unwrap_or(default_clock);
            // `sample_data=no`: none of the lab's sample users, devices and headsets (a sample's
            // state that names its own rows).
            let opts = InitOptions {
                sample_data: info_value(&b.info, "sample_data") != Some("no"),
                ..InitOptions::default()
            };
            Lab::init_layout(&data, layout, &opts, None, Existing::Refuse, clock)
                .unwrap_or_else(|e| panic!("{}: building the layout: {e}", path.display()));
        }
        None => {
            lab_fixture::standard_lab(&data, default_clock);
        }
    }
    let bless = std::env::var_os("UCSH_BLESS").is_some();
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    let mut new_lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Replacements for blessing, applied bottom-up: (open, close, new body).
    let mut rewrites: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let subst = |s: &str| s.replace("$WORK", &work_str).replace("$DATA", &data_str);
    let unsubst = |s: &str| s.replace(&data_str, "$DATA").replace(&work_str, "$WORK");
    for block in &blocks {
        if let Some((name, content)) = &block.file {
            let target = work.path().join(name);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            std::fs::write(&target, content).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
            continue;
        }
        let clock = match info_value(&block.info, "now") {
            Some(now) => Clock::from_rfc3339(now).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            None => default_clock,
        };
        let format =
            if info_value(&block.info, "format") == Some("json") { Format::Json } else { Format::Text };
        let mut node_name = info_value(&block.info, "node").map(str::to_string);
        let account = info_value(&block.info, "account");
        let mut body = Vec::new();
        for step in &block.steps {
            let answers = answers(&step.expected);
            let mut prompter = ScriptedPrompter::new(answers);
            let mut sink = BufferSink::default();
            let code = match step.kind {
                StepKind::Admin => {
                    let lab = Lab::open(&data, clock).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    let node = node_name.clone().unwrap_or_else(|| {
                        lab.default_node().map(|n| n.name().to_string()).unwrap_or_default()
                    });
                    node_name = Some(node.clone());
                    let session = session_for(&lab, &node, account);
                    let mut shell = Shell::new(lab, node, session, format, false);
                    let line = subst(&step.text);
                    if let Ok(inv) = catalog::parse(line.trim(), shell.scope()) {
                        covered.insert(inv.spec.path);
                    }
                    shell.execute_line(&line, &mut prompter, &mut sink).code()
                }
                StepKind::Host => {
                    let line = subst(&step.text);
                    let words = catalog::tokenize(&line);
                    if words.first().map(|t| t.text.as_str()) != Some("cluster") {
                        panic!(
                            "{}: host steps are `$ ucsh cluster ...`, not {:?}",
                            path.display(),
                            step.text
                        );
                    }
                    if let Ok(inv) = catalog::parse(line.trim(), Scope::Host) {
                        covered.insert(inv.spec.path);
                    }
                    let mut env =
                        HostEnv { data_dir: data.clone(), clock, prompt: &mut prompter, interactive: false };
                    // The block's format is its admin: lines'; a host step is `ucsh cluster ...`
                    // as typed, in text.
                    host::execute_line(&line, &mut env, Format::Text, &mut sink).code()
                }
            };
            let mut actual: Vec<String> = format!("{}{}", prompter.transcript, sink.text)
                .lines()
                .map(|l| unsubst(l).trim_end_matches('\r').to_string())
                .collect();
            if code != 0 {
                actual.push(format!("[exit {code}]"));
            }
            body.push(match step.kind {
                StepKind::Admin => format!("admin:{}", step.text),
                StepKind::Host => format!("$ ucsh {}", step.text),
            });
            body.extend(actual.iter().map(|l| {
                if l.starts_with("admin:") || l.starts_with("$ ucsh ") || l.starts_with('\\') {
                    format!("\\{l}")
                } else {
                    l.clone()
                }
            }));
            if actual != step.expected {
                let mut msg = format!("{}: `{}`\n--- expected\n", path.display(), step.text);
                for l in &step.expected {
                    msg.push_str(&format!("  |{l}\n"));
                }
                msg.push_str("--- actual\n");
                for l in &actual {
                    msg.push_str(&format!("  |{l}\n"));
                }
                failures.push(msg);
            }
        }
        rewrites.push((block.open, block.close, body));
    }
    let blessed = if bless && !failures.is_empty() {
        for (open, close, body) in rewrites.into_iter().rev() {
            new_lines.splice(open + 1..close, body);
        }
        let mut t = new_lines.join("\n");
        t.push('\n');
        Some(t)
    } else {
        None
    };
    Outcome { path: path.to_path_buf(), failures, blessed, covered }
}

fn all_outcomes() -> Vec<Outcome> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let chunks: Vec<Vec<PathBuf>> =
        (0..workers).map(|w| paths.iter().skip(w).step_by(workers).cloned().collect()).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| s.spawn(move || c.iter().map(|p| run_file(p)).collect::<Vec<_>>()))
            .collect();
        // A worker that panicked took its files' outcomes with it: fail with its message
        // rather than pass on the transcripts that were left.
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(outcomes) => outcomes,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

#[test]
fn transcripts_match_and_cover_every_command() {
    let outcomes = all_outcomes();
    assert!(!outcomes.is_empty(), "no transcripts under tests/transcripts");
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for o in &outcomes {
        covered.extend(o.covered.iter().copied());
        if let Some(text) = &o.blessed {
            std::fs::write(&o.path, text).unwrap_or_else(|e| panic!("{}: {e}", o.path.display()));
        } else {
            failures.extend(o.failures.iter().cloned());
        }
    }
    assert!(failures.is_empty(), "{} transcript step(s) differ:\n\n{}", failures.len(), failures.join("\n"));
    let missing: Vec<&str> =
        catalog::commands().iter().map(|c| c.path).filter(|p| !covered.contains(p)).collect();
    assert!(missing.is_empty(), "catalog commands with no transcript: {missing:?}");
}
