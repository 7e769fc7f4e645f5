//! Engine-level tests of traces and the `file` family: files that really exist at the admin
//! guide's locations, `file build log` bundles checked with GNU tar, hostile paths refused,
//! and list/view/tail/dump/search/delete on real files.

use crate::lab_fixture;

use crate::op_support;
use op_support::call;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::error::EngineError;
use ucsh::engine::node::{NodeHandle, Partition};
use ucsh::engine::services::{self, Action};
use ucsh::engine::traces::{bundle, catalog, files, get, writer};
use ucsh::engine::{Clock, Lab, Session};
use ucsh::render::file::display_lines;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().unwrap_or_default()
}

fn lab() -> (tempfile::TempDir, Lab) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lab = lab_fixture::lab_at(dir.path(), &InitOptions::default(), Clock::pinned(now()));
    (dir, lab)
}

fn admin() -> Session {
    Session::new("admin", 4, true)
}

fn activelog(node: &NodeHandle) -> PathBuf {
    node.partition(Partition::Activelog)
}

/// Every regular file under `dir`, relative, with `/`.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            out.push(e.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

fn mtime(p: &Path) -> DateTime<Utc> {
    DateTime::<Utc>::from(fs::metadata(p).and_then(|m| m.modified()).expect("mtime"))
}

#[test]
fn new_nodes_have_trace_files_at_the_guides_locations() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let all = walk(&activelog(&imp));
    let has = |dir: &str, pre: &str, suf: &str| {
        all.iter().any(|f| f.starts_with(dir) && f[dir.len()..].starts_with(pre) && f.ends_with(suf))
    };
    // Table 42 patterns.
    assert!(has("epas/trace/xcp/log/", "rtr-jsm-1", ".log.gz"), "rtr-jsm-1*.log.gz missing");
    assert!(has("epas/trace/xcp/log/", "rtr-jsm-1", ".log"));
    assert!(has("epas/trace/epe/sdi/", "epe", ".txt.gz"));
    assert!(has("epas/trace/esp/sdi/", "esp", ".txt.gz"));
    assert!(has("cm/trace/dbl/sdi/", "dbmon", ".txt"));
    assert!(has("platform/log/", "clustermgr", ".log"));
    assert!(has("tomcat/logs/axl/log4j/", "axl", ".log"));
    assert!(has("tomcat/logs/epassoap/log4j/", "EPASSoap", ".log"));
    assert!(has("epas/trace/cupicsa/log4j/", "icSyncAgent", ".log"));
    // A CM node writes CallManager traces, no XCP ones.
    let pubn = lab.node("cucm-pub").expect("node");
    let cm = walk(&activelog(&pubn));
    assert!(cm.iter().any(|f| f.starts_with("cm/trace/ccm/sdl/SDL001_100_") && f.ends_with(".txt.gz")));
    assert!(!cm.iter().any(|f| f.starts_with("epas/")));

    // Compressed files really are gzip with timestamped lines; times lie in the last 3 days.
    let gz =
        all.iter().find(|f| f.starts_with("epas/trace/xcp/log/rtr-jsm-1") && f.ends_with(".gz")).expect("gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(activelog(&imp).join(gz)).expect("open"))
        .read_to_string(&mut text)
        .expect("gunzip");
    // Lines carry the node's local time, as the platform's traces do.
    let zone: chrono_tz::Tz = imp.spec.timezone.parse().expect("zone");
    let local = |line: &str| {
        let naive = NaiveDateTime::parse_from_str(&line[..23], "%Y-%m-%d %H:%M:%S%.3f").expect("stamp");
        zone.from_local_datetime(&naive).earliest().expect("a local time").with_timezone(&Utc)
    };
    let first = text.lines().next().expect("a line");
    let stamp = local(first);
    assert!(stamp <= now() && stamp >= now() - Duration::days(3), "{first}");
    assert!(first.contains("[rtr-jsm-1]"));
    // The file's time is its last line's, so the two agree once the zone is applied.
    let last = text.lines().last().expect("a line");
    let at = mtime(&activelog(&imp).join(gz));
    assert_eq!(local(last).timestamp(), at.timestamp(), "{last} vs {at} ({zone})");
    assert_ne!(zone, chrono_tz::UTC, "the lab's zone makes local and UTC times differ");
    // Every trace file (other features' files are theirs to time) carries the engine clock's time.
    let is_trace = |f: &str| {
        let (dir, name) = f.rsplit_once('/').unwrap_or(("", f));
        catalog::TRACES.iter().any(|t| t.dir == dir && t.number_of(name).is_some())
    };
    for f in all.iter().filter(|f| is_trace(f)) {
        let t = mtime(&activelog(&imp).join(f));
        assert!(t <= now() && t >= now() - Duration::days(3) - Duration::minutes(5), "{f}: {t}");
    }
    // Rotation: several numbered files per family, only the newest one open.
    let rtr: Vec<_> = all.iter().filter(|f| f.starts_with("epas/trace/xcp/log/rtr-jsm-1.")).collect();
    assert!(rtr.len() >= 3, "{rtr:?}");
    assert_eq!(rtr.iter().filter(|f| !f.ends_with(".gz")).count(), 1, "{rtr:?}");
}

#[test]
fn services_write_when_they_start_and_stop() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let spec = catalog::specs_of("Cisco XCP Router").next().expect("spec");
    let dir = activelog(&imp).join(spec.dir);
    let before = writer::family_files(&dir, spec);
    let current = before.last().expect("current").1.clone();
    let size = fs::metadata(&current).expect("meta").len();
    call(&lab, &imp, &admin(), "utils service start", |op| {
        services::act(op, Action::Restart, "Cisco XCP Router")
    })
    .expect("restart");
    let text = fs::read_to_string(&current).expect("read");
    assert!(fs::metadata(&current).expect("meta").len() > size);
    assert!(text.contains("Cisco XCP Router starting"), "{}", &text[text.len().saturating_sub(300)..]);
    call(&lab, &imp, &admin(), "utils service start", |op| {
        services::act(op, Action::Stop, "Cisco XCP Router")
    })
    .expect("stop");
    let text = fs::read_to_string(&current).expect("read");
    assert!(text.trim_end().ends_with("Cisco XCP Router stopped"));
}

#[test]
fn build_log_collects_exactly_the_named_files_of_the_last_days() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let root = activelog(&imp);
    let result = call(&lab, &imp, &admin(), "file build log", |op| {
        bundle::build_log(op, &["cisco_xcp_router"], 1, &mut |_| {})
    })
    .expect("build");
    // The node's local time (America/New_York), after a double underscore, as the guide names it.
    assert_eq!(result.bundle, "epas/trace/log_cisco_xcp_router__2026-11-23-05h00m00s.tar.gz");
    let bundle_path = root.join(&result.bundle);
    assert!(bundle_path.is_file());
    // What should be there, worked out independently: rtr-jsm-1 files changed in the last day.
    let expected: BTreeSet<String> = walk(&root)
        .into_iter()
        .filter(|f| f.starts_with("epas/trace/xcp/log/rtr-jsm-1."))
        .filter(|f| mtime(&root.join(f)) >= now() - Duration::days(1))
        .collect();
    assert!(!expected.is_empty());
    assert!(
        expected.len() < walk(&root).iter().filter(|f| f.contains("rtr-jsm-1.")).count(),
        "1 day must leave some out"
    );
    let out = Command::new("tar").arg("-tzf").arg(&bundle_path).output().expect("GNU tar");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(listed, expected);
    assert_eq!(result.files.iter().cloned().collect::<BTreeSet<_>>(), expected);
    // Extract with GNU tar and compare contents byte for byte, and times.
    let x = tempfile::tempdir().expect("tmp");
    let st = Command::new("tar").arg("-xzf").arg(&bundle_path).arg("-C").arg(x.path()).status().expect("tar");
    assert!(st.success());
    for f in &expected {
        assert_eq!(fs::read(x.path().join(f)).expect("x"), fs::read(root.join(f)).expect("o"), "{f}");
        assert_eq!(mtime(&x.path().join(f)).timestamp(), mtime(&root.join(f)).timestamp(), "{f}");
    }
    // A feature name collects the traces of every service it covers.
    let feat = call(&lab, &imp, &admin(), "file build log", |op| {
        bundle::build_log(op, &["user_connectivity"], 3, &mut |_| {})
    })
    .expect("feature");
    for dir in [
        "tomcat/logs/epassoap/log4j/",
        "epas/trace/xcp/log/client-cm-1",
        "epas/trace/xcp/log/rtr-jsm-1",
        "epas/trace/xcp/log/auth-svc-1",
    ] {
        assert!(feat.files.iter().any(|f| f.starts_with(dir)), "{dir} missing from {:?}", feat.files);
    }
    assert!(!feat.files.iter().any(|f| f.starts_with("epas/trace/epe/")));
    // Every name of tables 40 and 41 builds.
    for n in catalog::BUILD_LOG {
        let r = call(&lab, &imp, &admin(), "file build log", |op| {
            bundle::build_log(op, &[n.name], 2, &mut |_| {})
        })
        .expect(n.name);
        assert!(r.bundle.starts_with(&format!("epas/trace/log_{}__", n.bundle)), "{}", r.bundle);
        assert!(!r.files.is_empty(), "{} collected nothing", n.name);
    }
}

#[test]
fn deployment_info_collects_the_nodes_configuration_and_names_debug_services() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let root = activelog(&imp);
    let build = |names: &[&str]| {
        call(&lab, &imp, &admin(), "file build log", |op| bundle::build_log(op, names, 1, &mut |_| {}))
            .expect("build")
    };
    let r = build(&["deployment_info"]);
    assert_eq!(r.debug_services.as_deref(), Some(&[][..]));
    assert!(!r.debug_collected);
    // GNU tar as the oracle: exactly the three files, at the archive's top level.
    let out = Command::new("tar").arg("-tzf").arg(root.join(&r.bundle)).output().expect("GNU tar");
    assert!(out.status.success());
    let listed: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(listed, vec!["platformConfig.xml", "deployment_info.xml", "system_info.txt"]);

    // A service set to Debug is named, and its level is in system_info.txt.
    services::set_trace_level(&imp, "Cisco Presence Engine", services::TraceLevel::Debug)
        .expect("trace level");
    let r = build(&["deployment_info"]);
    assert_eq!(r.debug_services, Some(vec!["Cisco Presence Engine".to_string()]));
    let x = tempfile::tempdir().expect("tmp");
    let st = Command::new("tar")
        .arg("-xzf")
        .arg(root.join(&r.bundle))
        .arg("-C")
        .arg(x.path())
        .status()
        .expect("tar");
    assert!(st.success());
    let info = fs::read_to_string(x.path().join("system_info.txt")).expect("system_info");
    let line = info.lines().find(|l| l.starts_with("Cisco Presence Engine ")).expect("the service's line");
    assert!(line.ends_with(" Debug"), "{line}");
    let platform = fs::read_to_string(x.path().join("platformConfig.xml")).expect("platformConfig");
    assert!(platform.contains("<LocalHostIP0>10.10.1.31</LocalHostIP0>"), "{platform}");
    // With the Presence Engine's traces collected too, the note no longer applies.
    let r = build(&["deployment_info", "cisco_presence_engine"]);
    assert!(r.debug_collected);
    assert!(r.files.iter().any(|f| f.starts_with("epas/trace/epe/")), "{:?}", r.files);
    // A level that is not a level, and a service the node does not have, are refused.
    assert!(services::TraceLevel::parse("verbose").is_none());
    assert!(services::set_trace_level(&imp, "No Such Service", services::TraceLevel::Debug).is_err());
}

#[test]
fn build_log_refusals() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let cm = lab.node("cucm-pub").expect("node");
    assert!(matches!(
        call(&lab, &cm, &admin(), "file build log", |op| bundle::build_log(
            op,
            &["cisco_xcp_router"],
            1,
            &mut |_| {}
        )),
        Err(EngineError::WrongRole { .. })
    ));
    match call(&lab, &imp, &admin(), "file build log", |op| {
        bundle::build_log(op, &["no_such_thing"], 1, &mut |_| {})
    }) {
        Err(EngineError::UnknownBuildLogName { typed }) => assert_eq!(typed, "no_such_thing"),
        other => panic!("{other:?}"),
    }
    for days in [0, 366] {
        assert!(matches!(
            call(&lab, &imp, &admin(), "file build log", |op| bundle::build_log(
                op,
                &["cpa"],
                days,
                &mut |_| {}
            )),
            Err(EngineError::BuildLogDays { .. })
        ));
    }
    let ro = Session::new("viewer", 0, false);
    assert!(matches!(
        call(&lab, &imp, &ro, "file build log", |op| bundle::build_log(op, &["cpa"], 1, &mut |_| {})),
        Err(EngineError::PrivilegeDenied { .. })
    ));
}

#[test]
fn hostile_paths_are_refused() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let root = activelog(&imp);
    let outside = tempfile::tempdir().expect("tmp");
    fs::write(outside.path().join("secret.txt"), "top secret\n").expect("write");
    std::os::unix::fs::symlink(outside.path(), root.join("evil")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("platform/log/evil.log"))
        .expect("link");
    std::os::unix::fs::symlink("/etc/passwd", root.join("passwd")).expect("link");
    // A link that stays inside is fine.
    std::os::unix::fs::symlink(root.join("platform"), root.join("plat")).expect("link");

    let hostile = [
        "../accounts.toml",
        "../../deployment.toml",
        "cm/../../platform.toml",
        "cm/trace/../../..",
        "/etc/passwd",
        "//etc/passwd",
        "/../accounts.toml",
        "~root/.ssh/id_rsa",
        "evil/secret.txt",
        "evil/*",
        "evil",
        "platform/log/evil.log",
        "passwd",
        "cm/*/sdi/dbmon00000001.txt",
        "a\0b",
    ];
    let s = admin();
    for spec in hostile {
        let results = [
            call(&lab, &imp, &s, "file view", |op| files::view(op, Partition::Activelog, spec)).map(|_| ()),
            call(&lab, &imp, &s, "file list", |op| {
                files::list(op, Partition::Activelog, spec, Default::default())
            })
            .map(|_| ()),
            call(&lab, &imp, &s, "file tail", |op| {
                files::tail(op, Partition::Activelog, spec, &Default::default())
            })
            .map(|_| ()),
            call(&lab, &imp, &s, "file dump", |op| {
                files::dump(op, Partition::Activelog, spec, &Default::default())
            })
            .map(|_| ()),
            call(&lab, &imp, &s, "file search", |op| {
                files::search(op, Partition::Activelog, spec, "secret", &Default::default())
            })
            .map(|_| ()),
            call(&lab, &imp, &s, "file delete", |op| files::delete(op, Partition::Activelog, spec, false))
                .map(|_| ()),
            call(&lab, &imp, &s, "file get", |op| {
                get::select(op, Partition::Activelog, spec, &Default::default())
            })
            .map(|_| ()),
        ];
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Err(EngineError::PathRefused { .. }) => {}
                // A spec that cannot name anything outside may simply not exist.
                Err(EngineError::NoSuchFile { .. }) if !spec.contains("evil") && spec != "passwd" => {}
                other => panic!("{spec:?} (command {i}) was not refused: {other:?}"),
            }
        }
    }
    assert!(outside.path().join("secret.txt").exists(), "delete followed a link outside");
    // Inside links and the platform's leading '/' still work.
    assert!(call(&lab, &imp, &s, "file list", |op| files::list(
        op,
        Partition::Activelog,
        "plat/log",
        Default::default()
    ))
    .is_ok());
    let dbmon = call(&lab, &imp, &s, "file list", |op| {
        files::list(op, Partition::Activelog, "/cm/trace/dbl/sdi/dbmon*", Default::default())
    })
    .expect("list");
    assert!(dbmon.file_count > 0);
}

#[test]
fn list_view_tail_dump_search_delete() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let root = activelog(&imp);
    let s = admin();
    call(&lab, &imp, &s, "", |op| writer::history(op, 2, 6 << 20, &mut |_| {})).expect("history");
    let p = Partition::Activelog;

    let l = call(&lab, &imp, &s, "file list", |op| {
        files::list(op, p, "epas/trace/xcp/log", files::ListOptions { detail: true, ..Default::default() })
    })
    .expect("list");
    let on_disk: BTreeSet<String> = fs::read_dir(root.join("epas/trace/xcp/log"))
        .expect("rd")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(l.entries.iter().map(|e| e.name.clone()).collect::<BTreeSet<_>>(), on_disk);
    assert_eq!(l.file_count, on_disk.len());
    let by_size = call(&lab, &imp, &s, "file list", |op| {
        files::list(
            op,
            p,
            "epas/trace/xcp/log/rtr*",
            files::ListOptions { sort: files::SortKey::Size, reverse: true, ..Default::default() },
        )
    })
    .expect("list");
    assert!(by_size.entries.windows(2).all(|w| w[0].size >= w[1].size));
    let by_date = call(&lab, &imp, &s, "file list", |op| {
        files::list(
            op,
            p,
            "epas/trace/xcp/log/rtr*",
            files::ListOptions { sort: files::SortKey::Date, ..Default::default() },
        )
    })
    .expect("list");
    assert!(by_date.entries.windows(2).all(|w| w[0].modified <= w[1].modified));
    let top =
        call(&lab, &imp, &s, "file list", |op| files::list(op, p, "", Default::default())).expect("root");
    assert!(top.entries.iter().any(|e| e.name == "epas" && e.is_dir));

    // view reads .gz transparently.
    let gz = walk(&root)
        .into_iter()
        .find(|f| f.starts_with("epas/trace/epe/sdi/") && f.ends_with(".gz"))
        .expect("gz");
    let v = call(&lab, &imp, &s, "file view", |op| files::view(op, p, &gz)).expect("view");
    let mut plain = String::new();
    flate2::read::GzDecoder::new(fs::File::open(root.join(&gz)).expect("o"))
        .read_to_string(&mut plain)
        .expect("gz");
    assert_eq!(v.content, files::FileContent::Lines(plain.lines().map(str::to_string).collect()));
    assert!(
        matches!(
            call(&lab, &imp, &s, "file view", |op| files::view(op, p, "epas/trace/epe/sdi/epe*")),
            Err(EngineError::SeveralFiles { .. })
        ),
        "many files"
    );
    assert!(
        matches!(
            call(&lab, &imp, &s, "file view", |op| files::view(op, p, "epas/trace/epe/sdi")),
            Err(EngineError::IsDirectory { delete: false, .. })
        ),
        "a folder"
    );
    assert!(matches!(
        call(&lab, &imp, &s, "file view", |op| files::view(op, p, "epas/nothing.log")),
        Err(EngineError::NoSuchFile { .. })
    ));

    // tail: default count, explicit count, regexp, hex.
    let t =
        call(&lab, &imp, &s, "file tail", |op| files::tail(op, p, &gz, &Default::default())).expect("tail");
    assert_eq!(
        display_lines(&t).to_vec(),
        plain.lines().rev().take(10).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>()
    );
    let t3 = call(&lab, &imp, &s, "file tail", |op| {
        files::tail(
            op,
            p,
            &gz,
            &files::TailOptions { lines: Some(3), regexp: Some("DEBUG|Detailed".into()), hex: false },
        )
    })
    .expect("tail");
    let t3 = display_lines(&t3);
    assert_eq!(t3.len(), 3);
    assert!(t3.iter().all(|l| l.contains("Detailed")));
    let th = call(&lab, &imp, &s, "file tail", |op| {
        files::tail(op, p, &gz, &files::TailOptions { lines: Some(2), hex: true, ..Default::default() })
    })
    .expect("hex");
    assert_eq!(display_lines(&th).len(), 2);
    let ro = Session::new("viewer", 0, false);
    assert!(matches!(
        call(&lab, &imp, &ro, "file tail", |op| files::tail(op, p, &gz, &Default::default())),
        Err(EngineError::PrivilegeDenied { .. })
    ));

    // dump: hex of a small file, recent.
    fs::write(root.join("platform/log/tiny.txt"), b"AB\x00\xffhello world, hexdump!\n").expect("w");
    let d = call(&lab, &imp, &s, "file dump", |op| {
        files::dump(op, p, "platform/log/tiny.txt", &files::DumpOptions { hex: true, ..Default::default() })
    })
    .expect("dump");
    assert_eq!(
        d.content,
        files::FileContent::Hex { offset: 0, bytes: b"AB\x00\xffhello world, hexdump!\n".to_vec() }
    );
    let r = call(&lab, &imp, &s, "file dump", |op| {
        files::dump(op, p, "epas/trace/xcp/log", &files::DumpOptions { recent: true, ..Default::default() })
    })
    .expect("recent");
    let newest = walk(&root.join("epas/trace/xcp/log"))
        .into_iter()
        .max_by_key(|f| (mtime(&root.join("epas/trace/xcp/log").join(f)), f.clone()))
        .expect("newest");
    assert_eq!(r.path, format!("epas/trace/xcp/log/{newest}"));

    // search: compare with GNU grep over the same decompressed text.
    let res = call(&lab, &imp, &s, "file search", |op| {
        files::search(op, p, "epas/trace/xcp/log/rtr-jsm-1*", "Error processing", &Default::default())
    })
    .expect("search");
    let mut expected = 0;
    for f in walk(&root.join("epas/trace/xcp/log")).iter().filter(|f| f.starts_with("rtr-jsm-1.")) {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "zcat -f '{}' | grep -c 'Error processing' || true",
                root.join("epas/trace/xcp/log").join(f).display()
            ))
            .output()
            .expect("grep");
        expected += String::from_utf8_lossy(&out.stdout).trim().parse::<usize>().unwrap_or(0);
    }
    assert!(expected > 0);
    assert_eq!(res.matches.len(), expected);
    let ci = call(&lab, &imp, &s, "file search", |op| {
        files::search(
            op,
            p,
            "epas/trace/xcp/log/rtr-jsm-1*",
            "error PROCESSING",
            &files::SearchOptions { ignorecase: true, ..Default::default() },
        )
    })
    .expect("ci");
    assert_eq!(ci.matches.len(), expected);
    let cs = call(&lab, &imp, &s, "file search", |op| {
        files::search(op, p, "epas/trace/xcp/log/rtr-jsm-1*", "error PROCESSING", &Default::default())
    })
    .expect("cs");
    assert!(cs.matches.is_empty());
    let window = files::TimeWindow::relative(&imp, files::TimeUnit::Hours, 6);
    let recent = call(&lab, &imp, &s, "file search", |op| {
        files::search(
            op,
            p,
            "epas/trace/xcp/log/rtr-jsm-1*",
            "Error processing",
            &files::SearchOptions { window, ..Default::default() },
        )
    })
    .expect("rel");
    assert!(recent.files_searched < res.files_searched);
    assert!(matches!(
        call(&lab, &imp, &s, "file search", |op| files::search(
            op,
            p,
            "platform/log",
            "(",
            &Default::default()
        )),
        Err(EngineError::BadRegex { .. })
    ));

    // delete: found/deleted; the file a running service writes is in use.
    let family = catalog::specs_of("Cisco XCP Router").next().expect("spec");
    let fam = writer::family_files(&root.join(family.dir), family);
    let current = fam.last().expect("cur").1.strip_prefix(&root).expect("p").to_string_lossy().into_owned();
    let oldest = fam.first().expect("old").1.strip_prefix(&root).expect("p").to_string_lossy().into_owned();
    let del = call(&lab, &imp, &s, "file delete", |op| files::delete(op, p, &current, true)).expect("delete");
    assert_eq!((del.found, del.deleted), (1, 0));
    assert!(root.join(&current).exists());
    let del = call(&lab, &imp, &s, "file delete", |op| files::delete(op, p, &oldest, true)).expect("delete");
    assert_eq!((del.found, del.deleted), (1, 1));
    assert!(!root.join(&oldest).exists());
    assert!(matches!(
        call(&lab, &imp, &s, "file delete", |op| files::delete(op, p, "epas/trace", false)),
        Err(EngineError::IsDirectory { delete: true, .. })
    ));
    let n_before = walk(&root.join("epas/trace/esp/sdi")).len();
    let del =
        call(&lab, &imp, &s, "file delete", |op| files::delete(op, p, "epas/trace/esp/sdi/*.gz", false))
            .expect("glob delete");
    assert_eq!(del.deleted, n_before - 1);
    assert_eq!(walk(&root.join("epas/trace/esp/sdi")).len(), 1);
}

#[test]
fn get_selection_follows_the_options() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let s = admin();
    let p = Partition::Activelog;
    let all =
        call(&lab, &imp, &s, "file get", |op| get::select(op, p, "epas/trace/xcp/log", &Default::default()))
            .expect("sel");
    assert!(all.files.iter().all(|e| e.rel.starts_with("epas/trace/xcp/log/") && !e.rel[19..].contains('/')));
    let deep = call(&lab, &imp, &s, "file get", |op| {
        get::select(op, p, "epas/trace", &get::GetOptions { recurs: true, ..Default::default() })
    })
    .expect("sel");
    assert!(deep.files.len() > all.files.len());
    let flat = call(&lab, &imp, &s, "file get", |op| get::select(op, p, "epas/trace", &Default::default()))
        .expect("sel");
    assert!(flat.files.iter().all(|e| !e.rel["epas/trace/".len()..].contains('/')));
    let m = call(&lab, &imp, &s, "file get", |op| {
        get::select(
            op,
            p,
            "epas/trace/xcp/log",
            &get::GetOptions { name_match: Some("^rtr-jsm".into()), ..Default::default() },
        )
    })
    .expect("sel");
    assert!(!m.files.is_empty() && m.files.iter().all(|e| e.rel.contains("/rtr-jsm-1.")));
    let w = files::TimeWindow::absolute(&imp, "00:00:11/22/26", "23:59:11/22/26").expect("abstime");
    let a = call(&lab, &imp, &s, "file get", |op| {
        get::select(op, p, "epas/trace/xcp/log", &get::GetOptions { window: w, ..Default::default() })
    })
    .expect("sel");
    assert!(!a.files.is_empty() && a.files.len() < all.files.len());
    // New York is UTC-5 in November: the window is 05:00Z on the 22nd to 04:59Z on the 23rd.
    for e in &a.files {
        assert!(e.modified >= Utc.with_ymd_and_hms(2026, 11, 22, 5, 0, 0).single().unwrap_or_default());
        assert!(e.modified <= Utc.with_ymd_and_hms(2026, 11, 23, 4, 59, 0).single().unwrap_or_default());
    }
    assert_eq!(all.total_bytes, all.files.iter().map(|e| e.size).sum::<u64>());
    assert!(files::TimeWindow::absolute(&imp, "99:99:99/99/99", "00:00:11/22/26").is_err());
}

#[test]
fn history_generates_days_of_rotated_traces() {
    let (_d, lab) = lab();
    let imp = lab.node("cucm-imp-1").expect("node");
    let mut calls = 0;
    let rep = call(&lab, &imp, &admin(), "", |op| writer::history(op, 5, 8 << 20, &mut |_| calls += 1))
        .expect("history");
    assert_eq!(rep.days, 5);
    assert!(calls >= rep.families);
    assert!(rep.bytes >= 7 << 20 && rep.bytes <= 9 << 20, "{}", rep.bytes);
    let root = activelog(&imp);
    let oldest = walk(&root)
        .iter()
        .filter(|f| f.starts_with("epas/trace/xcp/log/rtr-jsm-1."))
        .map(|f| mtime(&root.join(f)))
        .min()
        .expect("files");
    assert!(oldest < now() - Duration::days(4), "{oldest}");
    assert!(matches!(
        call(&lab, &imp, &admin(), "", |op| writer::history(op, 0, 1 << 20, &mut |_| {})),
        Err(EngineError::TraceDays { max: 365 })
    ));
}
