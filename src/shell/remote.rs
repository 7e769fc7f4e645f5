//! `ucsh --host`: the same command lines on real nodes over SSH, several at once.
//!
//! Each host runs in its own thread, at most `--parallel` at a time, through
//! `backend::remote` (log in, `admin:`, pagination off, the lines, close). What a node
//! writes is shown as it wrote it (made safe for the terminal); with `--format json` it is
//! read back into the typed results by `render::parse`, one document per host and command.
//! Output comes in host order whatever order the hosts finish in; the exit status is the
//! worst of all hosts'; a summary table ends a run on several hosts, on standard error.
//!
//! Questions are answered here: passwords once per account before any connection (never
//! from argv), unknown host keys (`--accept-new`, or a yes on the terminal), and
//! confirmations (`--yes`; on one host from a terminal, the user; otherwise no).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;

use crate::backend::remote::hostkey::HostKey;
use crate::backend::remote::{self, Answers, CliSession, Credential, RemoteError, Settings, Target};
use crate::catalog::{self, Scope};
use crate::cli::Cli;
use crate::render::parse::{self, Outcome, ParseCtx};
use crate::render::{ExitStatus, Sink};
use crate::shell::pager::StdSink;
use crate::shell::Format;

/// `ucsh --host ...`: the lines on real nodes over SSH (`shell::remote`). No lab is opened.
pub fn main(cli: &Cli, format: Format) -> anyhow::Result<ExitStatus> {
    use crate::backend::remote::{hostkey, target, Settings};
    let mut targets = Vec::new();
    for h in &cli.hosts {
        targets.extend(target::parse_list(h).map_err(|e| anyhow::anyhow!("--host: {e}"))?);
    }
    if let Some(f) = &cli.hosts_file {
        targets.extend(target::read_file(f).map_err(anyhow::Error::msg)?);
    }
    anyhow::ensure!(!targets.is_empty(), "--host and --hosts-file name no host");
    // No command on a terminal: ucsh's own admin: shell, its lines run on the node.
    let interactive = cli.commands.is_empty()
        && cli.script.is_none()
        && cli.words.is_empty()
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    let lines: Vec<String> = if !cli.commands.is_empty() {
        cli.commands.clone()
    } else if let Some(path) = &cli.script {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        text.lines().map(str::to_string).collect()
    } else if !cli.words.is_empty() {
        vec![crate::cli::join_words(&cli.words)]
    } else if interactive {
        Vec::new()
    } else if std::io::stdin().is_terminal() {
        anyhow::bail!(
            "ucsh --host runs the commands given by -c, --script or standard input: none were given"
        )
    } else {
        stdin_lines()?
    };
    let interrupted = Arc::new(std::sync::atomic::AtomicBool::new(false));
    if !crate::cli::sigint_ignored() {
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal_hook::consts::SIGINT,
            ExitStatus::Interrupted.code(),
            Arc::clone(&interrupted),
        );
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted));
    }
    let run = RemoteRun {
        targets,
        user: cli.user.clone(),
        password_file: cli.password_file.clone(),
        identity: cli.identity.clone(),
        agent: cli.agent,
        accept_new: cli.accept_new,
        parallel: usize::from(cli.parallel),
        settings: Settings {
            connect_timeout: seconds(cli.connect_timeout),
            command_timeout: seconds(cli.command_timeout),
            known_hosts: cli.known_hosts.clone().unwrap_or_else(hostkey::default_file),
        },
        format,
        yes: cli.yes,
        keep_going: cli.keep_going,
        // Lines from -c, --script or words leave standard input to the questions.
        answers_from_stdin: !interactive
            && (!cli.commands.is_empty() || cli.script.is_some() || !cli.words.is_empty())
            && !std::io::stdin().is_terminal(),
    };
    if interactive {
        anyhow::ensure!(
            run.targets.len() == 1,
            "the interactive shell runs on one host; give -c, --script or standard input for several"
        );
        let base = cli.data_dir.clone().unwrap_or_else(crate::cli::default_data_dir);
        return crate::shell::remote_interactive::run(&run, &base, &interrupted);
    }
    let status = run_lines(&run, &lines, &interrupted)?;
    Ok(if interrupted.load(Ordering::Relaxed) { ExitStatus::Interrupted } else { status })
}

/// Everything a `--host` run needs besides its lines.
pub struct RemoteRun {
    pub targets: Vec<Target>,
    /// The account for targets that name none.
    pub user: String,
    pub password_file: Option<PathBuf>,
    pub identity: Option<PathBuf>,
    pub agent: bool,
    pub accept_new: bool,
    pub parallel: usize,
    pub settings: Settings,
    pub format: Format,
    pub yes: bool,
    pub keep_going: bool,
    /// Standard input is not a terminal and holds no command lines: on one host, what a
    /// command asks is answered from it, a line each, as a local run reads its answers.
    pub answers_from_stdin: bool,
}

/// How one host's run went.
#[derive(Debug, Default)]
struct HostRun {
    label: String,
    reachable: bool,
    ok: usize,
    findings: usize,
    errors: usize,
    /// What stopped the host (connect, login, a deadline), if anything.
    problem: Option<String>,
    status: ExitStatus,
    /// Its output, ready to print (text, or JSON lines).
    out: String,
}

/// The worse of two statuses: Ctrl-C, then a failure, then a bad line, then findings.
fn worse(a: ExitStatus, b: ExitStatus) -> ExitStatus {
    let rank = |s: ExitStatus| match s {
        ExitStatus::Success => 0,
        ExitStatus::Findings => 1,
        ExitStatus::Usage => 2,
        ExitStatus::Failed => 3,
        ExitStatus::Interrupted => 4,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// The password of each account, asked once (or read from `--password-file`).
fn credentials(run: &RemoteRun) -> anyhow::Result<BTreeMap<String, Vec<Credential>>> {
    let users: Vec<String> = {
        let mut v: Vec<String> =
            run.targets.iter().map(|t| t.user.clone().unwrap_or_else(|| run.user.clone())).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut out = BTreeMap::new();
    for user in users {
        let creds = credentials_for(run, &user)?;
        out.insert(user, creds);
    }
    Ok(out)
}

/// How `user` logs in: key file, agent, then the password (file, or asked on the terminal).
pub(crate) fn credentials_for(run: &RemoteRun, user: &str) -> anyhow::Result<Vec<Credential>> {
    let file_password = match &run.password_file {
        Some(f) => {
            let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            let pw = text.lines().next().unwrap_or("").to_string();
            anyhow::ensure!(!pw.is_empty(), "{} holds no password on its first line", f.display());
            Some(pw)
        }
        None => None,
    };
    {
        let mut creds = Vec::new();
        if let Some(path) = &run.identity {
            creds.push(Credential::KeyFile { path: path.clone(), passphrase: None });
        }
        if run.agent {
            creds.push(Credential::Agent);
        }
        if let Some(pw) = &file_password {
            creds.push(Credential::Password(pw.clone()));
        }
        if creds.is_empty() {
            let pw = rpassword::prompt_password(format!("Password of {user} on the --host nodes: "))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot ask the password of {user} ({e}): give --password-file FILE, --identity KEY or --agent"
                    )
                })?;
            creds.push(Credential::Password(pw));
        }
        Ok(creds)
    }
}

/// Confirmations, secrets and typed values a command asks on one node.
struct FrontAnswers {
    yes: bool,
    /// One host, run from a terminal: the user answers.
    ask: bool,
    /// One host, standard input not a terminal and free: its next line answers.
    script: bool,
}

impl FrontAnswers {
    /// The next line of standard input (`None` at its end).
    fn next_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(n) if n > 0 => Some(line.trim_end_matches(['\r', '\n']).to_string()),
            _ => None,
        }
    }
}

impl Answers for FrontAnswers {
    fn confirm(&mut self, question: &str) -> bool {
        if self.yes {
            return true;
        }
        if self.script {
            return self
                .next_line()
                .is_some_and(|l| matches!(l.trim().to_ascii_lowercase().as_str(), "y" | "yes"));
        }
        if !self.ask {
            return false;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{question} ");
        let _ = err.flush();
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
    }
    fn secret(&mut self, question: &str) -> Option<String> {
        if self.script {
            return self.next_line();
        }
        if !self.ask {
            return None;
        }
        rpassword::prompt_password(format!("{} ", question.trim_end())).ok()
    }
    fn line(&mut self, question: &str) -> Option<String> {
        if self.script {
            return self.next_line();
        }
        if !self.ask {
            return None;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{} ", question.trim_end());
        let _ = err.flush();
        drop(err);
        self.next_line()
    }
}

/// Runs `lines` on every target; returns the worst exit status.
pub fn run_lines(
    run: &RemoteRun,
    lines: &[String],
    interrupted: &Arc<AtomicBool>,
) -> anyhow::Result<ExitStatus> {
    let creds = credentials(run)?;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let many = run.targets.len() > 1;
    let bar = (many && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(run.targets.len() as u64);
        let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} hosts {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        pb.set_style(style);
        pb
    });
    // Host keys asked one at a time, the bar out of the way.
    let asking = Mutex::new(());
    let accept_new = run.accept_new;
    let bar_ref = bar.as_ref();
    let unknown_key = move |t: &Target, k: &HostKey| -> bool {
        if accept_new {
            return true;
        }
        if !terminal {
            return false;
        }
        let _one = asking.lock().unwrap_or_else(|p| p.into_inner());
        let ask = || {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "The authenticity of host '{}' can't be established.\n{} key fingerprint is {}.\nAre you sure you want to continue connecting (yes/no)? ",
                t.known_hosts_name(),
                k.kind,
                k.fingerprint
            );
            let _ = err.flush();
            let mut line = String::new();
            let _ = std::io::stdin().lock().read_line(&mut line);
            line.trim().eq_ignore_ascii_case("yes")
        };
        match bar_ref {
            Some(b) => b.suspend(ask),
            None => ask(),
        }
    };
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, HostRun)>();
    let mut sink = StdSink::batch();
    let mut results: Vec<Option<HostRun>> = (0..run.targets.len()).map(|_| None).collect();
    let mut printed = 0usize;
    let mut status = ExitStatus::Success;
    let workers = run.parallel.clamp(1, run.targets.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, creds, unknown_key) = (&next, &creds, &unknown_key);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = run.targets.get(i) else { break };
                let result = if interrupted.load(Ordering::Relaxed) {
                    HostRun {
                        label: target.label(),
                        status: ExitStatus::Interrupted,
                        problem: Some(crate::render::wording::CONTROL_C.into()),
                        ..HostRun::default()
                    }
                } else {
                    one_host(run, target, creds, unknown_key, lines, many, terminal, interrupted)
                };
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            if let Some(b) = &bar {
                b.set_message(r.label.clone());
                b.inc(1);
            }
            if let Some(slot) = results.get_mut(i) {
                *slot = Some(r);
            }
            // Print every host whose turn has come.
            while let Some(Some(r)) = results.get(printed) {
                status = worse(status, r.status);
                let print = |sink: &mut StdSink| sink.out(&r.out);
                match &bar {
                    Some(b) => b.suspend(|| print(&mut sink)),
                    None => print(&mut sink),
                }
                printed += 1;
            }
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if many {
        let done: Vec<&HostRun> = results.iter().flatten().collect();
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(summary(&done).as_bytes());
    }
    Ok(status)
}

/// The summary table: host, reachable, commands ok, findings, errors.
fn summary(runs: &[&HostRun]) -> String {
    let mut b = tabled::builder::Builder::default();
    b.push_record(["host", "reachable", "commands ok", "findings", "errors"]);
    for r in runs {
        let errors = match &r.problem {
            Some(p) => {
                let p: String = p.chars().take(72).collect();
                format!("{}: {p}", r.errors)
            }
            None => r.errors.to_string(),
        };
        b.push_record([
            r.label.clone(),
            if r.reachable { "yes".into() } else { "no".into() },
            r.ok.to_string(),
            r.findings.to_string(),
            errors,
        ]);
    }
    let mut t = b.build();
    t.with(tabled::settings::Style::psql());
    format!("\n{t}\n")
}

#[allow(clippy::too_many_arguments)]
fn one_host(
    run: &RemoteRun,
    target: &Target,
    creds: &BTreeMap<String, Vec<Credential>>,
    unknown_key: &(dyn Fn(&Target, &HostKey) -> bool + Sync),
    lines: &[String],
    many: bool,
    terminal: bool,
    cancel: &AtomicBool,
) -> HostRun {
    let label = target.label();
    let mut r = HostRun { label: label.clone(), ..HostRun::default() };
    if many && run.format == Format::Text {
        r.out.push_str(&format!("== {label} ==\n"));
    }
    let user = target.user.clone().unwrap_or_else(|| run.user.clone());
    let none = Vec::new();
    let creds = creds.get(&user).unwrap_or(&none);
    let mut cli = match remote::connect(target, &user, creds, &run.settings, unknown_key, cancel) {
        Ok(c) => c,
        Err(e) => {
            r.reachable = !matches!(e, RemoteError::Unreachable(_) | RemoteError::Timeout(_));
            host_failed(&mut r, run.format, None, &e);
            return r;
        }
    };
    r.reachable = true;
    // An account that may not turn the pager off gets its prompts answered instead.
    let _ = cli.pagination_off(cancel);
    // The node's name is for JSON (`node`, and the parsers that mark the node itself);
    // text needs no extra round trip.
    let node = if run.format == Format::Json { learn(&mut cli, cancel) } else { None };
    let mut answers =
        FrontAnswers { yes: run.yes, ask: !many && terminal, script: !many && run.answers_from_stdin };
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.eq_ignore_ascii_case("quit") || line.eq_ignore_ascii_case("exit") {
            break;
        }
        let reply = match cli.run(line, &mut answers, cancel) {
            Ok(reply) => reply,
            // A command that ends the node's session (`utils system shutdown`,
            // `switch-version`) wrote its text and the node closed: that is its result, and
            // the lines after it do not run, as in a local session.
            Err(RemoteError::Closed(said)) if ended_session(&label, node.as_deref(), line, &said) => {
                let said = remote::text::without_echo(&said);
                let status = emit(&mut r.out, run.format, &label, node.as_deref(), line, &said);
                r.ok += 1;
                r.status = worse(r.status, status);
                return r;
            }
            Err(e) => {
                host_failed(&mut r, run.format, Some(line), &e);
                return r;
            }
        };
        let status = emit(&mut r.out, run.format, &label, node.as_deref(), line, &reply.text);
        match status {
            ExitStatus::Success => r.ok += 1,
            ExitStatus::Findings => {
                r.ok += 1;
                r.findings += 1
            }
            _ => r.errors += 1,
        }
        r.status = worse(r.status, status);
        if status.stops() && !run.keep_going {
            break;
        }
    }
    cli.close();
    r
}

/// The node's own name (`show myself`), for JSON and for the parsers that mark it.
fn learn(cli: &mut CliSession, cancel: &AtomicBool) -> Option<String> {
    struct No;
    impl Answers for No {
        fn confirm(&mut self, _q: &str) -> bool {
            false
        }
        fn secret(&mut self, _q: &str) -> Option<String> {
            None
        }
    }
    let reply = cli.run("show myself", &mut No, cancel).ok()?;
    reply.text.lines().find_map(|l| {
        l.strip_prefix("Machine Name").and_then(|r| r.split_once(": ")).map(|(_, v)| v.trim().to_string())
    })
}

fn host_failed(r: &mut HostRun, format: Format, line: Option<&str>, e: &RemoteError) {
    let status = if *e == RemoteError::Interrupted { ExitStatus::Interrupted } else { ExitStatus::Failed };
    r.status = worse(r.status, status);
    r.errors += 1;
    r.problem = Some(e.to_string());
    let kind = match e {
        RemoteError::Unreachable(_) => "unreachable",
        RemoteError::Timeout(_) => "timeout",
        RemoteError::HostKeyUnknown { .. } | RemoteError::HostKeyChanged { .. } => "hostkey",
        RemoteError::AuthFailed { .. } => "auth",
        RemoteError::Interrupted => "interrupted",
        RemoteError::Protocol(_) | RemoteError::Closed(_) => "failed",
    };
    match format {
        Format::Text => r.out.push_str(&format!("ucsh: {}: {e}\n", r.label)),
        Format::Json => {
            let doc = serde_json::json!({
                "host": r.label,
                "command": line,
                "node": null,
                "status": "error",
                "exit": status.code(),
                "error": {"kind": kind, "message": e.to_string()},
            });
            r.out.push_str(&format!("{doc}\n"));
        }
    }
}

/// Writes one command's result and returns its exit status.
fn emit(
    out: &mut String,
    format: Format,
    host: &str,
    node: Option<&str>,
    line: &str,
    text: &str,
) -> ExitStatus {
    let outcome = parse::outcome(text);
    if format == Format::Text {
        out.push_str(text);
        return match outcome {
            Outcome::Error { status, .. } => status,
            Outcome::Done => findings_of(host, node, line, text).unwrap_or(ExitStatus::Success),
        };
    }
    let mut doc = serde_json::json!({"host": host, "command": line, "node": node});
    let status = match outcome {
        Outcome::Error { status, kind, message } => {
            doc["error"] = serde_json::json!({"kind": kind, "message": message});
            status
        }
        Outcome::Done => match parsed(host, node, line, text) {
            Some(Ok(report)) => {
                doc["result"] = report.json();
                ExitStatus::of(report.findings())
            }
            Some(Err(why)) => {
                doc["raw"] = serde_json::Value::String(text.to_string());
                doc["parse"] = serde_json::json!({"error": why});
                ExitStatus::Success
            }
            None => {
                doc["raw"] = serde_json::Value::String(text.to_string());
                doc["parse"] = serde_json::json!({"error": "ucsh has no parser for this command: its text is given as it is"});
                ExitStatus::Success
            }
        },
    };
    doc["status"] = status.json_word().into();
    doc["exit"] = status.code().into();
    out.push_str(&format!("{doc}\n"));
    status
}

/// Whether the text a node wrote before it closed the session (`said`, with the echo of
/// the line) is a result that ends the session: the node closed because the command says
/// so, not because it failed.
pub(crate) fn ended_session(host: &str, node: Option<&str>, line: &str, said: &str) -> bool {
    let text = remote::text::without_echo(said);
    // Only the text's shape is asked here: in a text run the node's name was not learnt,
    // and the host stands in for it (the parsed result is not kept).
    let node = node.or(Some(host));
    matches!(parse::outcome(&text), Outcome::Done)
        && matches!(parsed(host, node, line, &text), Some(Ok(r)) if r.ends_session())
}

/// The exit status the parsed result gives (3 for findings), when the command has a parser.
fn findings_of(host: &str, node: Option<&str>, line: &str, text: &str) -> Option<ExitStatus> {
    match parsed(host, node, line, text)? {
        Ok(r) => Some(ExitStatus::of(r.findings())),
        Err(_) => None,
    }
}

/// The command's parsed result: `None` without a parser (or a line the catalog does not know).
fn parsed(
    host: &str,
    node: Option<&str>,
    line: &str,
    text: &str,
) -> Option<Result<Box<dyn crate::render::Report>, String>> {
    let inv = catalog::parse(line, Scope::Cm).or_else(|_| catalog::parse(line, Scope::Imp)).ok()?;
    let f = parse::parser(inv.spec.path)?;
    Some(f(text, &ParseCtx { invocation: &inv, host, node }))
}

/// Reads `--host` lines from standard input when no `-c`/`--script` gives them.
pub fn stdin_lines() -> anyhow::Result<Vec<String>> {
    let mut v = Vec::new();
    for line in std::io::stdin().lock().lines() {
        v.push(line.context("reading standard input")?);
    }
    Ok(v)
}

/// `--connect-timeout` and `--command-timeout`, in seconds.
pub fn seconds(s: u64) -> Duration {
    Duration::from_secs(s.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(line: &str, text: &str) -> (serde_json::Value, ExitStatus) {
        let mut out = String::new();
        let status = emit(&mut out, Format::Json, "pub", Some("cucm-pub"), line, text);
        (serde_json::from_str(out.trim()).expect("one JSON document"), status)
    }

    #[test]
    fn text_a_parser_does_not_know_stays_raw_with_the_reason() {
        let (d, status) = doc("show status", "Something else entirely\n");
        assert_eq!(status, ExitStatus::Success);
        assert_eq!((d["status"].as_str(), d["exit"].as_i64()), (Some("ok"), Some(0)));
        assert_eq!(d["raw"], "Something else entirely\n");
        assert!(d["parse"]["error"].as_str().is_some_and(|e| !e.is_empty()), "{d}");
        assert!(d.get("result").is_none(), "{d}");
    }

    #[test]
    fn a_command_outside_the_catalog_gives_its_text_raw() {
        // A real node knows commands ucsh's catalog does not.
        let (d, status) = doc("show tech runtime all", "The disk usage:\n");
        assert_eq!(status, ExitStatus::Success);
        assert_eq!(d["raw"], "The disk usage:\n");
        assert!(d["parse"]["error"].as_str().is_some_and(|e| e.contains("no parser")), "{d}");
    }

    #[test]
    fn the_platforms_error_wording_gives_the_exit_status_not_a_parse() {
        let (d, status) = doc("show status", "Invalid command: x\nExecuted command unsuccessfully\n");
        assert_eq!(status, ExitStatus::Usage);
        assert_eq!((d["error"]["kind"].as_str(), d["exit"].as_i64()), (Some("usage"), Some(2)));
        assert!(d.get("raw").is_none(), "{d}");
    }
}
