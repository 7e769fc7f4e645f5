//! `ucsh --host NODE` with no command: ucsh's own `admin:` shell whose lines run on the
//! real node. The line editor, Tab completion of command words and `?` come from the
//! catalog, here; values (service, node and account names, activelog paths) are asked of
//! the node itself the first time Tab needs them, with the command that lists them, read
//! back by the `--host` parsers and kept until the next command line runs; history is kept
//! per host and account; every line goes to the node, and what it writes comes back, made
//! safe for the terminal.
//!
//! Questions a command asks are read through the same line reader as the commands (never
//! a second lock on standard input): a second lock is the hang TERMINAL-NOTES describes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rustyline::history::{FileHistory, History};
use rustyline::Config;

use super::editor::{self, Edit, HistoryView};
use super::lines::LineReader;
use super::remote::RemoteRun;
use super::term;
use crate::backend::remote::hostkey::HostKey;
use crate::backend::remote::{self, Answers, CliSession, RemoteError, Target};
use crate::catalog::{self, DynamicSource, Scope};
use crate::render::parse::{self, Outcome};
use crate::render::{wording, ExitStatus};

/// Confirmations and secrets, through the shell's own reader.
struct ShellAnswers<'r, R: Read> {
    reader: &'r mut LineReader<R>,
    yes: bool,
}

impl<R: Read> Answers for ShellAnswers<'_, R> {
    fn confirm(&mut self, question: &str) -> bool {
        if self.yes {
            return true;
        }
        editor::write_out(format!("{} ", question.trim_end()).as_bytes());
        matches!(self.reader.next_line(), Ok(Some(l)) if matches!(l.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
    }
    fn line(&mut self, question: &str) -> Option<String> {
        editor::write_out(format!("{} ", question.trim_end()).as_bytes());
        self.reader.next_line().ok().flatten().map(|l| l.trim().to_string())
    }
    fn secret(&mut self, question: &str) -> Option<String> {
        editor::write_out(format!("{} ", question.trim_end()).as_bytes());
        // No echo while the secret is typed.
        let _quiet = term::keys();
        let mut s = Vec::new();
        loop {
            match self.reader.next_byte() {
                Ok(Some(b'\r' | b'\n')) => break,
                Ok(Some(0x03)) | Ok(None) | Err(_) => {
                    editor::write_out(b"\n");
                    return None;
                }
                Ok(Some(0x7f | 0x08)) => {
                    s.pop();
                }
                Ok(Some(b)) => s.push(b),
            }
        }
        editor::write_out(b"\n");
        Some(String::from_utf8_lossy(&s).into_owned())
    }
}

/// `words ?` from the catalog: a command's syntax, or the words that may follow.
fn help(prefix: &str) -> String {
    let tokens = catalog::tokenize(prefix);
    let mut words: Vec<&str> = Vec::new();
    for t in &tokens {
        let next = catalog::next_words(&words, Scope::All);
        match next.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(&t.text)) {
            Some((w, leaf, _)) => {
                words.push(w);
                if *leaf {
                    break;
                }
            }
            None => {
                let valid: Vec<(&str, &str)> = next.iter().map(|(w, _, h)| (*w, *h)).collect();
                return format!(
                    "Invalid command: \"{}\" is not a command here\nValid options are:\n{}",
                    crate::engine::text::printable(&t.text),
                    catalog::word_list(&valid)
                );
            }
        }
    }
    match catalog::find(&words.join(" ")) {
        Some(spec) => catalog::syntax_query(spec, tokens.get(words.len()).map(|t| t.text.as_str())),
        None => {
            let next = catalog::next_words(&words, Scope::All);
            let list: Vec<(&str, &str)> = next.iter().map(|(w, _, h)| (*w, *h)).collect();
            catalog::word_list(&list)
        }
    }
}

/// Values Tab completes, asked of the node: each source's list is fetched once (one
/// command on the node) and kept in `cache` until the next command line runs.
struct NodeValues<'a> {
    cli: RefCell<&'a mut CliSession>,
    cache: &'a RefCell<HashMap<String, Vec<String>>>,
    cancel: &'a AtomicBool,
}

/// At most this many entries of one folder are offered (a folder of the activelog can hold
/// many thousands of traces).
const MAX_PATH_VALUES: usize = 2000;

impl NodeValues<'_> {
    /// Runs a listing command on the node; `None` when it fails or reports an error.
    fn ask(&self, line: &str) -> Option<String> {
        let reply = self.cli.borrow_mut().run(line, &mut remote::NoAnswers, self.cancel).ok()?;
        matches!(parse::outcome(&reply.text), Outcome::Done).then_some(reply.text)
    }

    fn fetch(&self, source: &str, typed: &str) -> Vec<String> {
        match source {
            "services" => self
                .ask("utils service list")
                .and_then(|t| parse::platform::parse_service_list(&t, "").ok())
                .map(|l| l.services.into_iter().map(|s| s.name).collect())
                .unwrap_or_default(),
            "nodes" | "nodes-all" => {
                let nodes: Vec<String> = self
                    .ask("show network cluster")
                    .and_then(|t| parse::platform::parse_network_cluster(&t, None).ok())
                    .map(|c| c.members.into_iter().map(|m| m.hostname).collect())
                    .unwrap_or_default();
                let all = (source == "nodes-all").then(|| "all".to_string());
                all.into_iter().chain(nodes).collect()
            }
            "accounts" => self
                .ask("show account")
                .and_then(|t| parse::accounts::parse_show_account(&t).ok())
                .map(|a| a.accounts.into_iter().map(|a| a.name).collect())
                .unwrap_or_default(),
            "buildlog" => {
                crate::engine::traces::catalog::BUILD_LOG.iter().map(|n| n.name.to_string()).collect()
            }
            "logpaths" => {
                let (dir, _) = typed.rsplit_once('/').unwrap_or(("", typed));
                if dir.split('/').any(|p| p == "..") || dir.chars().any(|c| c.is_whitespace() || c == '"') {
                    return Vec::new();
                }
                let listing = if dir.is_empty() { "*".to_string() } else { format!("{dir}/*") };
                let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
                self.ask(&format!("file list activelog {listing} detail"))
                    .map(|t| folder_entries(&t, &prefix))
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

/// The entries of a `file list ... detail` listing, folders ending with `/`.
fn folder_entries(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("dir count"))
        .filter_map(|l| match l.split_once(" <dir>    ") {
            Some((_, name)) => Some(format!("{prefix}{}/", name.trim())),
            None => l.trim_end().rsplit_once("  ").map(|(_, name)| format!("{prefix}{}", name.trim())),
        })
        .filter(|e| !e.ends_with(' '))
        .take(MAX_PATH_VALUES)
        .collect()
}

impl DynamicSource for NodeValues<'_> {
    fn values(&self, source: &str, typed: &str) -> Vec<String> {
        let key = match source {
            "logpaths" => format!("logpaths:{}", typed.rsplit_once('/').map_or("", |(d, _)| d)),
            s => s.to_string(),
        };
        if let Some(v) = self.cache.borrow().get(&key) {
            return v.clone();
        }
        let values = self.fetch(source, typed);
        self.cache.borrow_mut().insert(key, values.clone());
        values
    }
}

fn read_line<R: Read>(
    reader: &mut LineReader<R>,
    history: &dyn HistoryView,
    initial: &str,
    ansi: bool,
    values: &dyn DynamicSource,
) -> std::io::Result<Edit> {
    let guard = if ansi { term::keys() } else { None };
    if guard.is_none() {
        editor::write_out(wording::PROMPT.as_bytes());
        return Ok(match reader.next_line()? {
            Some(l) => match l.strip_suffix('?') {
                Some(asked) => Edit::Help(asked.to_string()),
                None => Edit::Line(l),
            },
            None => Edit::Eof,
        });
    }
    editor::edit_line(reader, history, wording::PROMPT, initial, &mut |line, pos| {
        catalog::complete(line, pos, Scope::All, values)
    })
}

/// Where the history of `target` is kept.
fn history_file(base: &std::path::Path, target: &Target, user: &str) -> PathBuf {
    let name: String = format!("{user}@{}_{}", target.host, target.port)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "@._-".contains(c) { c } else { '_' })
        .collect();
    base.join("history").join("remote").join(name)
}

/// Runs the shell on `run.targets[0]` until `quit`, Ctrl-D or the node ends the session.
pub fn run(
    run: &RemoteRun,
    history_base: &std::path::Path,
    interrupted: &Arc<AtomicBool>,
) -> anyhow::Result<ExitStatus> {
    let target = run.targets.first().ok_or_else(|| anyhow::anyhow!("no host"))?;
    let user = target.user.clone().unwrap_or_else(|| run.user.clone());
    let creds = super::remote::credentials_for(run, &user)?;
    let stdin = std::io::stdin();
    let accept_new = run.accept_new;
    // The host key question is read before the shell's reader takes standard input.
    let decide = |t: &Target, k: &HostKey| -> bool {
        if accept_new {
            return true;
        }
        editor::write_out(
            format!(
                "The authenticity of host '{}' can't be established.\n{} key fingerprint is {}.\nAre you sure you want to continue connecting (yes/no)? ",
                t.known_hosts_name(),
                k.kind,
                k.fingerprint
            )
            .as_bytes(),
        );
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        line.trim().eq_ignore_ascii_case("yes")
    };
    let connected = remote::connect(target, &user, &creds, &run.settings, &decide, interrupted);
    let mut reader = LineReader::new(stdin.lock());
    let mut cli: CliSession = match connected {
        Ok(c) => c,
        Err(e) => {
            editor::write_out(format!("ucsh: {}: {e}\n", target.label()).as_bytes());
            return Ok(if e == RemoteError::Interrupted {
                ExitStatus::Interrupted
            } else {
                ExitStatus::Failed
            });
        }
    };
    let _ = cli.pagination_off(interrupted);
    editor::write_out(term::for_stdout(&cli.banner).as_bytes());

    let config = Config::builder().auto_add_history(false).max_history_size(1000)?.build();
    let mut history = FileHistory::with_config(&config);
    let file = history_file(history_base, target, &user);
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = history.load(&file);
    let ansi = editor::term_takes_ansi(std::env::var("TERM").ok().as_deref());
    let mut last = ExitStatus::Success;
    let mut initial = String::new();
    let cache = RefCell::new(HashMap::new());
    loop {
        let edit = {
            let values = NodeValues { cli: RefCell::new(&mut cli), cache: &cache, cancel: interrupted };
            read_line(&mut reader, &history, &initial, ansi, &values)?
        };
        initial.clear();
        interrupted.store(false, Ordering::Relaxed);
        let line = match edit {
            Edit::Line(line) => line,
            Edit::Interrupted => continue,
            // The remote shell sets no idle limit: the node ends its own idle sessions.
            Edit::Eof | Edit::TimedOut => break,
            Edit::Help(asked) => {
                editor::write_out(term::for_stdout(&help(&asked)).as_bytes());
                if ansi {
                    initial = asked;
                }
                continue;
            }
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.eq_ignore_ascii_case("quit") || line.eq_ignore_ascii_case("exit") {
            break;
        }
        if catalog::parse(line, Scope::All).is_ok_and(|inv| inv.spec.history) {
            let _ = history.add(line);
            let _ = history.append(&file);
        }
        // What the line changes (services, accounts, files) is asked again at the next Tab.
        cache.borrow_mut().clear();
        let mut answers = ShellAnswers { reader: &mut reader, yes: run.yes };
        match cli.run(line, &mut answers, interrupted) {
            Ok(reply) => {
                editor::write_out(term::for_stdout(&reply.text).as_bytes());
                last = match parse::outcome(&reply.text) {
                    Outcome::Done => ExitStatus::Success,
                    Outcome::Error { status, .. } => status,
                };
            }
            // The command ended the node's session (`utils system shutdown`,
            // `switch-version`): its text, and the shell ends as it does on the lab.
            Err(RemoteError::Closed(said))
                if super::remote::ended_session(&target.label(), None, line, &said) =>
            {
                let said = remote::text::without_echo(&said);
                editor::write_out(term::for_stdout(&said).as_bytes());
                return Ok(ExitStatus::Success);
            }
            Err(RemoteError::Interrupted | RemoteError::Timeout(_)) => {
                // Ctrl-C went to the node: what it wrote, up to its prompt.
                interrupted.store(false, Ordering::Relaxed);
                match cli.recover(interrupted) {
                    Ok(text) => editor::write_out(term::for_stdout(&text).as_bytes()),
                    Err(e) => {
                        editor::write_out(format!("ucsh: {}: {e}\n", target.label()).as_bytes());
                        return Ok(ExitStatus::Failed);
                    }
                }
                last = ExitStatus::Interrupted;
            }
            Err(e) => {
                editor::write_out(format!("ucsh: {}: {e}\n", target.label()).as_bytes());
                return Ok(ExitStatus::Failed);
            }
        }
    }
    cli.close();
    Ok(last)
}
