//! The `file view` viewer with pagination on: 20 lines a screen, the platform's prompt bytes,
//! keys answered through the prompt object (as automation answers them over SSH).

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::node::NodeHandle;
use ucsh::engine::{accounts, Clock, Lab};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

/// A fresh standard lab on the pinned clock, and its IM and Presence publisher.
fn imp_lab() -> (tempfile::TempDir, Clock, Lab, NodeHandle) {
    let dir = tempfile::tempdir().expect("tmp");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("clock");
    let lab = lab_fixture::lab_at(dir.path(), &InitOptions::default(), clock);
    let node = lab.node("cucm-imp-1").expect("node");
    (dir, clock, lab, node)
}

#[test]
fn file_view_pages_with_the_platforms_viewer() {
    let (_dir, _clock, lab, node) = imp_lab();
    let log = node.partition(ucsh::engine::node::Partition::Activelog).join("platform/log/viewme.log");
    let text: String = (1..=45).map(|i| format!("line {i}\n")).collect();
    std::fs::write(&log, text).expect("write");
    let session = accounts::local_owner_session(&node).expect("session");
    let mut shell = Shell::new(lab, "cucm-imp-1".into(), session, Format::Text, true);
    let mut prompter = ScriptedPrompter::new(["n", "n", "b", "e", "q"].map(String::from));
    let mut sink = BufferSink::default();
    let status = shell.execute_line("file view activelog platform/log/viewme.log", &mut prompter, &mut sink);
    assert_eq!(status.code(), 0);
    let t = &prompter.transcript;
    let prompt = |a: usize, b: usize| {
        format!(
            "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines {a} - {b} of 45) : \x1b[0m"
        )
    };
    let expected = format!(
        "{first}{p1}<<n>>\n{second}{p2}<<n>>\n{third}\nend of the file reached{p3}<<b>>\n{first}{p1}<<e>>\n{last}\nend of the file reached{p4}<<q>>\n",
        first = (1..=20).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        second = (21..=40).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        third = (41..=45).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        last = (26..=45).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        p1 = prompt(1, 20),
        p2 = prompt(21, 40),
        p3 = prompt(41, 45),
        p4 = prompt(26, 45),
    );
    assert_eq!(t, &expected);
    assert_eq!(prompter.remaining(), 0);
}

// ---------------------------------------------------------------------------------------
// file search over many files: order, big files, .gz, streamed text = whole report = JSON

use std::io::Write as _;

use ucsh::engine::node::Partition;
use ucsh::engine::traces::files::{self, FileMatches, MatchSink};
use ucsh::shell::Sink;

/// Collects the text; `pages` makes the shell hand over the report whole (the pager's
/// path); `close_after` makes it report a closed output after that many pieces.
#[derive(Default)]
struct TestSink {
    pieces: Vec<String>,
    pages: bool,
    close_after: Option<usize>,
}

impl TestSink {
    fn text(&self) -> String {
        self.pieces.concat()
    }
}

impl Sink for TestSink {
    fn out(&mut self, text: &str) {
        if !text.is_empty() && !self.closed() {
            self.pieces.push(text.to_string());
        }
    }
    fn err(&mut self, text: &str) {
        self.pieces.push(text.to_string());
    }
    fn pages(&self) -> bool {
        self.pages
    }
    fn closed(&self) -> bool {
        self.close_after.is_some_and(|n| self.pieces.len() >= n)
    }
}

/// Files written under `platform/log/srch`: (path relative to the partition, lines as
/// written, whether gzip'd). Listed in the order a recursive search walks them.
fn search_fixture(root: &std::path::Path) -> Vec<(String, Vec<Vec<u8>>)> {
    let mut files: Vec<(String, Vec<Vec<u8>>, bool)> = Vec::new();
    // 80 small files (more than the threads may run ahead), every third without a match.
    for i in 0..80 {
        let lines: Vec<Vec<u8>> = (0..50)
            .map(|k| {
                if i % 3 != 2 && k % 7 == 3 {
                    format!("{i}/{k} needle {}", i * 100 + k).into_bytes()
                } else {
                    format!("{i}/{k} hay").into_bytes()
                }
            })
            .collect();
        files.push((format!("platform/log/srch/a/f{i:03}.log"), lines, false));
    }
    // A rotated file, read decompressed.
    let gz: Vec<Vec<u8>> = (0..3000)
        .map(|k| if k % 500 == 1 { format!("gz {k} needle 7") } else { format!("gz {k}") }.into_bytes())
        .collect();
    files.push(("platform/log/srch/b/g.log.gz".into(), gz, true));
    // A big file (many 64 KiB buffers): matches all through it, a CRLF line, a line that
    // is not UTF-8, and a last line without a line end.
    let mut big: Vec<Vec<u8>> = (0..120_000)
        .map(|k| {
            if k % 997 == 0 {
                format!("big {k} needle {k} {}", "x".repeat(k % 90)).into_bytes()
            } else {
                format!("big {k} {}", "y".repeat(k % 80)).into_bytes()
            }
        })
        .collect();
    big[5000] = b"crlf needle 1\r".to_vec();
    big[6000] = b"bad \xff\xfe needle 2".to_vec();
    big.push(b"last needle 3".to_vec());
    files.push(("platform/log/srch/big.log".into(), big, false));
    files.push(("platform/log/srch/z.log".into(), vec![b"z needle 9".to_vec()], false));
    for (rel, lines, gzip) in &files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let mut bytes = lines.join(&b'\n');
        if !rel.ends_with("big.log") {
            bytes.push(b'\n');
        }
        if *gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&bytes).expect("gz");
            bytes = enc.finish().expect("gz");
        }
        std::fs::write(path, bytes).expect("write");
    }
    files.into_iter().map(|(rel, lines, _)| (rel, lines)).collect()
}

/// (file, line number, line) of every line with `needle <digits>`, as the platform shows
/// them: line ends trimmed, bytes that are not UTF-8 replaced.
fn expected_matches(files: &[(String, Vec<Vec<u8>>)]) -> Vec<(String, u64, String)> {
    let re = regex::bytes::Regex::new("needle [0-9]+").expect("re");
    let mut out = Vec::new();
    for (rel, lines) in files {
        for (n, line) in lines.iter().enumerate() {
            if re.is_match(line) {
                let text = String::from_utf8_lossy(line).trim_end_matches(['\r', '\n']).to_string();
                out.push((rel.clone(), n as u64 + 1, text));
            }
        }
    }
    out
}

#[test]
fn file_search_streams_in_file_order_and_matches_the_whole_report_and_json() {
    let (dir, clock, lab, node) = imp_lab();
    let root = node.partition(Partition::Activelog);
    let fixture = search_fixture(&root);
    let expected = expected_matches(&fixture);
    assert!(expected.len() > 300);
    let session = accounts::local_owner_session(&node).expect("session");

    let run = |shell: &mut Shell, line: &str, sink: &mut TestSink| {
        let mut prompter = ScriptedPrompter::new(Vec::<String>::new());
        shell.execute_line(line, &mut prompter, sink)
    };
    let mut text_shell = Shell::new(lab, "cucm-imp-1".into(), session.clone(), Format::Text, false);
    let all = "file search activelog platform/log/srch \"needle [0-9]+\" recurs";

    // Several files: every line after its file's name, files in walk order.
    let want: String =
        expected.iter().map(|(f, _, l)| format!("{f}:{l}\n")).collect::<String>() + "Search completed\n";
    let mut streamed = TestSink::default();
    assert_eq!(run(&mut text_shell, all, &mut streamed).code(), 0);
    assert_eq!(streamed.text(), want);
    assert!(streamed.pieces.len() > 10, "written file by file, not at the end");
    let mut whole = TestSink { pages: true, ..Default::default() };
    assert_eq!(run(&mut text_shell, all, &mut whole).code(), 0);
    assert_eq!(whole.text(), want);
    assert_eq!(whole.pieces.len(), 1);

    // One file: its name, then its lines.
    let one = "file search activelog platform/log/srch/big.log needle";
    let big: Vec<&(String, u64, String)> = expected.iter().filter(|m| m.0.ends_with("big.log")).collect();
    let want_one = format!(
        "platform/log/srch/big.log\n{}Search completed\n",
        big.iter().map(|m| format!("{}\n", m.2)).collect::<String>()
    );
    for pages in [false, true] {
        let mut sink = TestSink { pages, ..Default::default() };
        assert_eq!(run(&mut text_shell, one, &mut sink).code(), 0);
        assert_eq!(sink.text(), want_one, "pages: {pages}");
    }
    // None.
    for pages in [false, true] {
        let mut sink = TestSink { pages, ..Default::default() };
        let line = "file search activelog platform/log/srch \"no such text\" recurs";
        assert_eq!(run(&mut text_shell, line, &mut sink).code(), 0);
        assert_eq!(sink.text(), "No matches found\nSearch completed\n");
    }
    // An output that goes away stops the search: nothing after the first piece.
    let mut closing = TestSink { close_after: Some(1), ..Default::default() };
    run(&mut text_shell, all, &mut closing);
    assert_eq!(closing.pieces.len(), 1);
    assert!(!closing.text().contains("z.log"));

    // Through links that stay inside the partition: paths as the spec reached them.
    std::os::unix::fs::symlink(root.join("platform/log/srch"), root.join("srchlink")).expect("link");
    std::fs::create_dir_all(root.join("linked")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("platform/log/srch/z.log"), root.join("linked/one.log"))
        .expect("link");
    let mut sink = TestSink::default();
    run(&mut text_shell, "file search activelog srchlink \"needle [0-9]+\" recurs", &mut sink);
    assert_eq!(sink.text(), want.replace("platform/log/srch/", "srchlink/"));
    let mut sink = TestSink::default();
    run(&mut text_shell, "file search activelog linked needle", &mut sink);
    assert_eq!(sink.text(), "linked/one.log\nz needle 9\nSearch completed\n");

    // JSON: the same matches, as the documented objects.
    let lab = Lab::open(dir.path(), clock).expect("open");
    let mut json_shell = Shell::new(lab, "cucm-imp-1".into(), session, Format::Json, false);
    let mut sink = TestSink::default();
    assert_eq!(run(&mut json_shell, all, &mut sink).code(), 0);
    let doc: serde_json::Value = serde_json::from_str(&sink.text()).expect("json");
    let result = &doc["result"];
    assert_eq!(result["files_searched"], 83);
    let got: Vec<(String, u64, String)> = result["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            assert_eq!(m.as_object().map(|o| o.len()), Some(3), "{m}");
            (
                m["file"].as_str().unwrap_or_default().to_string(),
                m["line_number"].as_u64().unwrap_or_default(),
                m["line"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let mut matched: Vec<String> = expected.iter().map(|m| m.0.clone()).collect();
    matched.dedup();
    assert_eq!(result["files_matched"], serde_json::json!(matched));

    // The engine hands files over in order, each once, and stops when told to. A slow
    // output makes the threads wait before running further ahead.
    struct Order(Vec<String>, usize, bool, std::time::Duration);
    impl MatchSink for Order {
        fn file(&mut self, found: FileMatches) -> bool {
            std::thread::sleep(self.3);
            self.1 += found.len();
            self.0.push(found.file);
            self.2
        }
    }
    let lab = Lab::open(dir.path(), clock).expect("open");
    let node = lab.node("cucm-imp-1").expect("node");
    let admin = ucsh::engine::Session::new("admin", 4, true);
    let opts = files::SearchOptions { recurs: true, ..Default::default() };
    let p = Partition::Activelog;
    let mut order = Order(Vec::new(), 0, true, std::time::Duration::from_millis(3));
    let n = call(&lab, &node, &admin, "file search", |op| {
        files::search_into(op, p, "platform/log/srch", "needle [0-9]+", &opts, &mut order)
    })
    .expect("search");
    assert_eq!(n, 83);
    assert_eq!(order.0, matched);
    assert_eq!(order.1, expected.len());
    let mut first_only = Order(Vec::new(), 0, false, std::time::Duration::ZERO);
    call(&lab, &node, &admin, "file search", |op| {
        files::search_into(op, p, "platform/log/srch", "needle [0-9]+", &opts, &mut first_only)
    })
    .expect("search");
    assert_eq!(first_only.0, matched[..1]);

    // Ctrl-C: the search stops with Interrupted. The token is this session's own, so no
    // other test's shell can clear it in between.
    let cancel = ucsh::engine::CancelToken::new();
    cancel.request();
    let r = op_support::call_cancel(&lab, &node, &admin, "file search", cancel, |op| {
        files::search(op, p, "platform/log/srch", "needle", &opts)
    });
    assert!(matches!(r, Err(ucsh::engine::EngineError::Interrupted)), "{r:?}");
}

/// Lines of a MatchSink that, like the text, needs no line numbers (big files are then
/// searched in parts on both threads).
#[derive(Default)]
struct TextLines(Vec<(String, String)>);

impl MatchSink for TextLines {
    fn file(&mut self, found: FileMatches) -> bool {
        self.0.extend(found.lines().map(|l| (found.file.clone(), l.to_string())));
        true
    }
    fn line_numbers(&self) -> bool {
        false
    }
}

#[test]
fn file_search_splits_big_files_at_line_starts() {
    let (_dir, _clock, lab, node) = imp_lab();
    let root = node.partition(Partition::Activelog);
    let part = files::SEARCH_PART as usize;
    std::fs::create_dir_all(root.join("platform/log/huge")).expect("mkdir");

    // 2.5 parts: a needle line starts exactly where the second part starts, another one
    // spans the start of the third, a third one ends the file without a line end.
    let mut text: Vec<u8> = Vec::new();
    let mut lines: Vec<(String, bool)> = Vec::new();
    let mut k = 0usize;
    while text.len() < part * 5 / 2 {
        k += 1;
        let at = text.len();
        let mut add = |l: String, needle: bool| {
            text.extend_from_slice(l.as_bytes());
            text.push(b'\n');
            lines.push((l, needle));
        };
        if at < part && part - at < 300 {
            // Fill up to the first part's end exactly, then a match right at it.
            add("f".repeat(part - at - 1), false);
            add(format!("{k} needle at the start of part 2"), true);
        } else if at < 2 * part && 2 * part - at < 40 {
            add(format!("{k} needle spanning into part 3 {}", "s".repeat(100)), true);
        } else if k.is_multiple_of(10_007) {
            add(format!("{k} needle {}", "n".repeat(k % 50)), true);
        } else {
            add(format!("{k} {}", "x".repeat(k % 120)), false);
        }
    }
    let mut expected: Vec<(String, String)> =
        lines.into_iter().filter(|l| l.1).map(|l| ("platform/log/huge/huge.log".to_string(), l.0)).collect();
    text.extend_from_slice(b"last needle");
    expected.push(("platform/log/huge/huge.log".into(), "last needle".into()));
    std::fs::write(root.join("platform/log/huge/huge.log"), &text).expect("write");
    assert!(String::from_utf8_lossy(&text[part..part + 60]).contains("needle at the start of part 2"));

    let admin = ucsh::engine::Session::new("admin", 4, true);
    let p = Partition::Activelog;
    let opts = files::SearchOptions::default();
    let mut parts = TextLines::default();
    call(&lab, &node, &admin, "file search", |op| {
        files::search_into(op, p, "platform/log/huge/huge.log", "needle", &opts, &mut parts)
    })
    .expect("search");
    assert_eq!(parts.0, expected);
    let whole = call(&lab, &node, &admin, "file search", |op| {
        files::search(op, p, "platform/log/huge/huge.log", "needle", &opts)
    })
    .expect("search");
    let whole: Vec<(String, String)> = whole.matches.iter().map(|m| (m.file.into(), m.line.into())).collect();
    assert_eq!(whole, expected);

    // A NUL byte in the second part: the search of a file stops there, in parts as whole.
    let mut bin = text.clone();
    bin[part + part / 2] = 0;
    std::fs::write(root.join("platform/log/huge/nul.log"), &bin).expect("write");
    let mut parts = TextLines::default();
    call(&lab, &node, &admin, "file search", |op| {
        files::search_into(op, p, "platform/log/huge/nul.log", "needle", &opts, &mut parts)
    })
    .expect("search");
    let whole = call(&lab, &node, &admin, "file search", |op| {
        files::search(op, p, "platform/log/huge/nul.log", "needle", &opts)
    })
    .expect("search");
    let whole: Vec<(String, String)> = whole.matches.iter().map(|m| (m.file.into(), m.line.into())).collect();
    assert_eq!(parts.0, whole);
    assert!(whole.iter().any(|m| m.1.contains("start of part 2")));
    assert!(!whole.iter().any(|m| m.1.contains("spanning into part 3")));
}

// ---------------------------------------------------------------------------------------
// show diskusage against GNU du

/// `common` is everything the lab keeps for the node; GNU du over the node's folder agrees
/// (folders only: the command itself writes its audit record and lock files into files of
/// that folder, never new folders, before and after it walks).
#[test]
fn show_diskusage_common_agrees_with_gnu_du_over_the_node_folder() {
    let (_dir, _clock, lab, node) = imp_lab();
    let root = node.dir().to_path_buf();
    let session = accounts::local_owner_session(&node).expect("session");
    let mut shell = Shell::new(lab, "cucm-imp-1".into(), session, Format::Text, false);
    let mut prompter = ScriptedPrompter::new(Vec::<String>::new());
    // Once, so the files a command writes (audit log, locks) exist before du looks.
    let mut sink = BufferSink::default();
    shell.execute_line("show diskusage common directory", &mut prompter, &mut sink);
    let out = std::process::Command::new("du")
        .args(["-k", "--apparent-size", "."])
        .current_dir(&root)
        .output()
        .expect("GNU du");
    assert!(out.status.success());
    let mut expected: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.replacen("\t.", "\t/common", 1))
        .map(|l| l.split_once('\t').map(|(_, p)| p.to_string()).unwrap_or_default())
        .collect();
    expected.sort();
    let mut sink = BufferSink::default();
    let status = shell.execute_line("show diskusage common directory", &mut prompter, &mut sink);
    assert_eq!(status.code(), 0, "{}", sink.text);
    assert_eq!(sink.text.lines().last().map(|l| l.ends_with("\t/common")), Some(true), "{}", sink.text);
    // The same folders; the sizes of the folders holding the audit log move with each command.
    let mut got: Vec<String> =
        sink.text.lines().filter_map(|l| l.split_once('\t').map(|(_, p)| p.to_string())).collect();
    got.sort();
    assert_eq!(got, expected);
    assert!(got.iter().any(|p| p == "/common/activelog"), "{got:?}");
    // The total is at least the activelog's.
    let total = |text: &str| -> u64 {
        text.lines().last().and_then(|l| l.split('\t').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
    };
    let common = total(&sink.text);
    let mut sink = BufferSink::default();
    shell.execute_line("show diskusage activelog directory", &mut prompter, &mut sink);
    assert!(common > total(&sink.text), "common {common} vs activelog {}", sink.text);
    // tmp: the node's scratch folder, empty between commands.
    let mut sink = BufferSink::default();
    let status = shell.execute_line("show diskusage tmp", &mut prompter, &mut sink);
    assert_eq!(status.code(), 0, "{}", sink.text);
    assert_eq!(sink.text, "4\t/tmp\n");
}

#[test]
fn show_diskusage_agrees_with_gnu_du() {
    let (_dir, _clock, lab, node) = imp_lab();
    let root = node.partition(Partition::Activelog);
    // A link leading outside counts as a link, as du counts it.
    let _ = std::os::unix::fs::symlink("/etc", root.join("platform/log/outside"));
    // du first: the command's own audit record is written after it has walked.
    let out = std::process::Command::new("du")
        .args(["-ak", "--apparent-size", "."])
        .current_dir(&root)
        .output()
        .expect("GNU du");
    assert!(out.status.success());
    let mut expected: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.replacen("\t.", "\t/var/log/active", 1))
        .collect();
    expected.sort();
    let session = accounts::local_owner_session(&node).expect("session");
    let mut shell = Shell::new(lab, "cucm-imp-1".into(), session, Format::Text, false);
    let mut prompter = ScriptedPrompter::new(Vec::<String>::new());
    let mut sink = BufferSink::default();
    let status = shell.execute_line("show diskusage activelog", &mut prompter, &mut sink);
    assert_eq!(status.code(), 0, "{}", sink.text);
    let lines: Vec<&str> = sink.text.lines().collect();
    assert_eq!(
        lines.last().copied(),
        expected.iter().find(|l| l.ends_with("\t/var/log/active")).map(|s| s.as_str())
    );
    let mut got: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    got.sort();
    assert_eq!(got, expected);
    assert!(expected.len() > 50, "a real partition: {} entries", expected.len());
}
