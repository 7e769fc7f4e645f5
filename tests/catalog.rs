//! Invariants over the whole command catalog, the handler table, the engine boundary, and
//! the generated files (completions, man pages).

use std::collections::BTreeSet;
use std::path::Path;

use ucsh::catalog::{self, Scope};
use ucsh::{handlers, host};

#[test]
fn catalog_is_valid() {
    catalog::validate().expect("catalog invariants");
    assert!(catalog::commands().len() >= 20);
}

#[test]
fn every_handler_resolves_and_every_handler_is_used() {
    let used: BTreeSet<&str> = catalog::commands().iter().map(|c| c.handler).collect();
    for c in catalog::commands() {
        // Host commands (`ucsh cluster ...`) have their own table: they run without a node.
        let resolves =
            if c.host { host::lookup(c.handler).is_some() } else { handlers::lookup(c.handler).is_some() };
        assert!(resolves, "{}: handler {} is not in the table", c.path, c.handler);
    }
    let mut seen = BTreeSet::new();
    let ids = handlers::HANDLERS.iter().map(|(id, _)| id).chain(host::HANDLERS.iter().map(|(id, _)| id));
    for id in ids {
        assert!(seen.insert(*id), "handler {id} is listed twice");
        assert!(used.contains(id), "handler {id} is in the table but no command uses it");
    }
}

/// `help <words>` and `<words> ?` for every command, in the platform's shapes: the help
/// block named after the command (or after a partition word), and the `Syntax:` block with
/// a usage line for this command and `mandatory`/`optional` rows.
#[test]
fn help_and_question_mark_for_every_command() {
    for c in catalog::commands() {
        let help =
            catalog::catalog_help(c.words, Scope::All).unwrap_or_else(|| panic!("{}: no help", c.path));
        assert!(help.starts_with(&format!("{} help:\n", c.path)), "{}: {help}", c.path);
        let choices: Vec<Option<&str>> = match catalog::leading_choice(c) {
            Some(p) => p.choices.iter().map(|c| Some(*c)).collect(),
            None => vec![None],
        };
        for choice in choices {
            let syntax = catalog::syntax_query(c, choice);
            let mut lines = syntax.lines();
            assert_eq!(lines.next(), Some("Syntax:"), "{}: {syntax}", c.path);
            let usage = lines.next().unwrap_or_default();
            let head = match choice {
                Some(v) => format!("{} {v}", c.path),
                None => c.path.to_string(),
            };
            assert!(usage == head || usage.starts_with(&format!("{head} ")), "{}: usage {usage:?}", c.path);
            for row in lines.take_while(|l| !l.is_empty()) {
                let need = row.split_whitespace().nth(1).unwrap_or_default();
                assert!(need == "mandatory" || need == "optional", "{}: row {row:?}", c.path);
            }
            if let Some(v) = choice {
                let mut words: Vec<&str> = c.words.to_vec();
                words.push(v);
                let help = catalog::catalog_help(&words, Scope::All).unwrap_or_default();
                assert!(help.starts_with(&format!("{v} help:\n")), "{} {v}: {help}", c.path);
            }
        }
        // A table of values names only what the command accepts.
        if let Some(table) = c.syntax_table {
            let inv = catalog::parse(&format!("{} {}", c.path, table.rows[0][0]), Scope::All);
            assert!(inv.is_ok(), "{}: table row does not parse", c.path);
            for row in table.rows {
                for name in row.iter() {
                    assert!(
                        ucsh::engine::traces::catalog::BUILD_LOG
                            .iter()
                            .any(|b| b.name == *name || b.aliases.contains(name)),
                        "{}: {name} in the table is not a name the command takes",
                        c.path
                    );
                }
            }
        }
    }
}

#[test]
fn examples_parse_and_help_is_complete() {
    for c in catalog::commands() {
        assert!(!c.examples.is_empty(), "{}: no example", c.path);
        let scope = c.home_scope();
        for e in c.examples {
            let inv = catalog::parse(e, scope)
                .unwrap_or_else(|err| panic!("{}: example {e:?} does not parse: {err:?}", c.path));
            assert_eq!(inv.spec.path, c.path, "example {e:?} runs another command");
        }
        assert!(!c.help.is_empty(), "{}: no long help", c.path);
        for p in c.params {
            assert!(!p.help.is_empty(), "{}: parameter {} has no help", c.path, p.name);
        }
        let text = format!("{} {}", c.summary, c.help).to_lowercase();
        assert!(!text.contains("not implemented") && !text.contains("todo"), "{}: stub wording", c.path);
        if c.extension {
            assert!(
                c.help.to_lowercase().contains("extension"),
                "{}: an extension must say so in its help",
                c.path
            );
        }
    }
}

/// `ucsh cluster ...` takes its `--name` options anywhere, as ucsh's own options are taken,
/// and is never visible at a node's prompt.
#[test]
fn host_commands_take_dashed_options_anywhere_and_only_from_the_host() {
    for line in [
        "cluster import users --cluster cluster2 users.csv",
        "cluster import users users.csv --cluster cluster2",
    ] {
        let inv = catalog::parse(line, Scope::Host).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        assert_eq!(inv.text("file"), Some("users.csv"), "{line}");
        assert_eq!(inv.list("--cluster"), Some(&["cluster2".to_string()][..]), "{line}");
    }
    assert!(catalog::parse("cluster info", Scope::Cm).is_err());
    assert!(catalog::parse("cluster info", Scope::Imp).is_err());
    assert!(catalog::parse("show myself", Scope::Host).is_err());
}

#[test]
fn role_scoping_hides_other_products_commands() {
    for c in catalog::commands().iter().filter(|c| !c.cm) {
        assert!(catalog::parse(c.examples[0], Scope::Cm).is_err(), "{} is IM and Presence only", c.path);
    }
    for c in catalog::commands().iter().filter(|c| !c.imp) {
        assert!(
            catalog::parse(c.examples[0], Scope::Imp).is_err(),
            "{} is Communications Manager only",
            c.path
        );
    }
}

/// The engine knows nothing of the front.
#[test]
fn engine_does_not_depend_on_the_front() {
    let forbidden = [
        "clap",
        "rustyline",
        "tabled",
        "indicatif",
        "crate::shell",
        "crate::render",
        "crate::catalog",
        "crate::handlers",
        "crate::host",
        "crate::cli",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
    ];
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read src/engine").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine"), &mut files);
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                assert!(
                    !code.contains(word),
                    "{}:{}: the engine must not use {word}: {line}",
                    f.display(),
                    n + 1
                );
            }
        }
    }
}

/// completions/ and man/ are generated from the catalog; `UCSH_BLESS=1` rewrites them.
#[test]
fn generated_files_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = catalog::generate::files(&ucsh::cli::root_command()).expect("generate");
    let bless = std::env::var_os("UCSH_BLESS").is_some();
    let mut stale = Vec::new();
    let mut expected = BTreeSet::new();
    for (rel, data) in &files {
        expected.insert(rel.clone());
        let path = root.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(data.as_slice()) {
            if bless {
                if let Some(p) = path.parent() {
                    std::fs::create_dir_all(p).expect("mkdir");
                }
                std::fs::write(&path, data).expect("write");
            } else {
                stale.push(rel.clone());
            }
        }
    }
    for dir in ["completions", "man"] {
        for e in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
            let rel = format!("{dir}/{}", e.file_name().to_string_lossy());
            if !expected.contains(&rel) {
                if bless {
                    std::fs::remove_file(e.path()).expect("remove");
                } else {
                    stale.push(format!("{rel} (no longer generated)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale; run `UCSH_BLESS=1 cargo test --test catalog`: {stale:?}"
    );
}

/// The checked-in bash script completes the whole command tree after `ucsh`.
#[test]
fn bash_completion_completes_command_words() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/ucsh.bash");
    let complete = |words: &[&str]| -> String {
        let arr = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ");
        let cur = words.last().copied().unwrap_or("");
        let prev = if words.len() > 1 { words[words.len() - 2] } else { "" };
        let body = format!(
            "source '{}'; COMP_WORDS=({arr}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _ucsh ucsh '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.len() - 1,
            words.join(" ")
        );
        let out = std::process::Command::new("bash").arg("-c").arg(body).output().expect("bash runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(complete(&["ucsh", "utils", "ser"]), "service");
    assert!(complete(&["ucsh", "utils", "service", ""]).contains("restart"));
    assert!(complete(&["ucsh", "cluster", "fault", ""]).contains("node-down"));
    assert!(complete(&["ucsh", "set", "cli", "pagination", ""]).contains("off"));
}
