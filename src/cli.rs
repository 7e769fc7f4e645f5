//! The process: parse ucsh's own options, open the lab, pick the session, pick the mode.
//!
//! Modes, all through `Shell::execute_line`: `-c CMD` (repeatable, in order), `--script
//! FILE`, words on the command line (`ucsh show myself`), the interactive shell when input
//! and output are terminals, and otherwise one command per line of standard input.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{CommandFactory, Parser, ValueEnum};

use crate::engine::deployment::InitOptions;
use crate::engine::lab::Existing;
use crate::engine::{accounts, Clock, Lab};
use crate::handlers::Prompter;
use crate::host::{self, HostEnv};
use crate::render::ExitStatus;
use crate::shell::lines::LineReader;
use crate::shell::pager::StdSink;
use crate::shell::prompt::LinePrompter;
use crate::shell::{error_text, interactive, Format, Shell};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Parser)]
#[command(
    name = "ucsh",
    version,
    about = "The admin: command line of a Unified Communications platform node, on a lab kept on disk",
    long_about = "ucsh runs the platform CLI's commands (show, set, utils, file, run, delete) against a lab deployment kept in a data directory.\n\nWith no command it opens the interactive admin: shell when input and output are terminals, and otherwise reads one command per line from standard input. `ucsh cluster ...` creates, inspects and breaks the lab; `ucsh cluster serve` makes every node reachable over SSH.\n\nWith --host (or --hosts-file) the commands run on real nodes instead, over SSH: ucsh logs in to each node's platform CLI (host keys checked against ~/.ssh/known_hosts; a password asked once per account, or --password-file, --identity, --agent), turns the pager off, runs the lines of -c, --script or standard input, and prints each node's output under `== host ==` (JSON: one document per host and command, read back into the same typed results). The exit status is the worst of all hosts'.\n\nStarted as a login shell (argv[0] `-ucsh`, as sshd and `ucsh cluster serve` start it) it is the platform's CLI: it never creates a lab and prints nothing before the banner. UCSH_NODE names the node and UCSH_ACCOUNT the CLI account to run as (no password asked: whoever sets it owns the lab).\n\nExit status: 0 success, 1 a command failed, 2 not a valid command, 3 a check found problems, 130 stopped by Ctrl-C.",
    after_help = "Examples:\n  ucsh                                  open the admin: shell on the default node\n  ucsh show status                      run one command\n  ucsh -c 'utils service list' --node cucm-imp-1\n  ucsh --format json -c 'show network cluster'\n  ucsh cluster init --force             recreate the standard lab\n  ucsh cluster fault node-down cucm-sub1\n  ucsh cluster serve                    every node as ssh ACCOUNT@127.b.c.d\n  ucsh --host pub,sub1 --format json -c 'utils dbreplication runtimestate'\n  ucsh --hosts-file nodes.txt --password-file pw -c 'show status'"
)]
pub struct Cli {
    /// Run this command line (repeatable; run in order).
    #[arg(short = 'c', long = "command", value_name = "CMD")]
    pub commands: Vec<String>,
    /// Run the commands of a file, one per line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// The lab's data directory [default: $XDG_DATA_HOME/ucsh or ~/.local/share/ucsh].
    #[arg(long, env = "UCSH_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The node to run commands on [default: the publisher of the first cluster].
    #[arg(long, env = "UCSH_NODE", value_name = "NAME")]
    pub node: Option<String>,
    /// Run as this CLI account (asks its password) instead of the lab's administrator.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Output: the platform's text, or one JSON document per command.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Answer yes to every confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Run every command even after one fails (the exit status is still the first failure's).
    #[arg(long)]
    pub keep_going: bool,
    /// Write generated files (completions or man) into DIR and exit.
    #[arg(long, hide = true, num_args = 2, value_names = ["WHAT", "DIR"])]
    pub generate: Vec<String>,
    /// Run the commands on real nodes over SSH: `[user@]host[:port]`, comma-separated or
    /// repeated (see README, "Real nodes over SSH").
    #[arg(long = "host", value_name = "HOST[,HOST...]", help_heading = "Real nodes over SSH (--host)")]
    pub hosts: Vec<String>,
    /// Read the hosts from a file, one `[user@]host[:port]` a line (`#` comments).
    #[arg(long, value_name = "FILE", help_heading = "Real nodes over SSH (--host)")]
    pub hosts_file: Option<PathBuf>,
    /// The CLI account for hosts that name none.
    #[arg(long, value_name = "NAME", default_value = "admin", help_heading = "Real nodes over SSH (--host)")]
    pub user: String,
    /// Read the password from the first line of FILE (otherwise asked once per account).
    #[arg(long, value_name = "FILE", help_heading = "Real nodes over SSH (--host)")]
    pub password_file: Option<PathBuf>,
    /// Log in with this private key file.
    #[arg(long, value_name = "KEY", help_heading = "Real nodes over SSH (--host)")]
    pub identity: Option<PathBuf>,
    /// Log in with the keys of the running ssh-agent (SSH_AUTH_SOCK).
    #[arg(long, help_heading = "Real nodes over SSH (--host)")]
    pub agent: bool,
    /// The known_hosts file host keys are checked against [default: ~/.ssh/known_hosts].
    #[arg(long, value_name = "FILE", help_heading = "Real nodes over SSH (--host)")]
    pub known_hosts: Option<PathBuf>,
    /// Record the key of a host not yet in known_hosts (a changed key is still refused).
    #[arg(long, help_heading = "Real nodes over SSH (--host)")]
    pub accept_new: bool,
    /// At most N hosts at once.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1024), help_heading = "Real nodes over SSH (--host)")]
    pub parallel: u16,
    /// Seconds to connect, log in and reach the first admin: on a host.
    #[arg(long, value_name = "SECS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600), help_heading = "Real nodes over SSH (--host)")]
    pub connect_timeout: u64,
    /// Seconds one command may take on a host.
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86400), help_heading = "Real nodes over SSH (--host)")]
    pub command_timeout: u64,
    /// A command given as words (`ucsh show myself`), or `cluster ...` for the lab itself.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "WORDS")]
    pub words: Vec<String>,
}

/// ucsh's own options as the root of the generated man pages and completion scripts (the
/// commands below it come from the catalog).
pub fn root_command() -> clap::Command {
    Cli::command().mut_arg("words", |a| a.hide(true))
}

pub(crate) fn default_data_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("ucsh");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".local/share/ucsh")
}

fn clock_from_env() -> anyhow::Result<Clock> {
    match std::env::var("UCSH_NOW") {
        Ok(v) if !v.trim().is_empty() => Clock::from_rfc3339(&v).map_err(anyhow::Error::msg),
        _ => Ok(Clock::system()),
    }
}

/// Joins words back into a line, quoting any word with blanks.
pub(crate) fn join_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.contains(char::is_whitespace) && !w.starts_with('"') {
                format!("\"{w}\"")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn stderr_line(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes());
    let _ = e.flush();
}

pub fn main() -> anyhow::Result<ExitStatus> {
    let cli = Cli::parse();
    if !cli.generate.is_empty() {
        let what = cli.generate.first().map(String::as_str).unwrap_or("");
        let dir = PathBuf::from(cli.generate.get(1).map(String::as_str).unwrap_or("."));
        crate::catalog::generate::write(what, &dir, &root_command())?;
        return Ok(ExitStatus::Success);
    }
    if let Err(e) = crate::catalog::validate() {
        anyhow::bail!("the command catalog is inconsistent: {e}");
    }
    let clock = clock_from_env()?;
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let format = match cli.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    };
    // A login shell (`-ucsh`, from `ucsh cluster serve` or sshd): no lab is created, no
    // host commands, and nothing is written before the banner.
    let login = crate::shell::login::started_as_login_shell();
    if !cli.hosts.is_empty() || cli.hosts_file.is_some() {
        return crate::shell::remote::main(&cli, format);
    }
    let stdin_tty = std::io::stdin().is_terminal();
    let stdout_tty = std::io::stdout().is_terminal();
    let stdin = std::io::stdin();
    let mut reader = LineReader::new(stdin.lock());

    if cli.words.first().map(String::as_str) == Some("cluster") && !login {
        // A host command: through the catalog like every command (commands/cluster.toml).
        let mut prompter = LinePrompter::new(&mut reader, cli.yes, format == Format::Json);
        let mut env = HostEnv { data_dir, clock, prompt: &mut prompter, interactive: stdin_tty };
        let mut sink = StdSink::batch();
        return Ok(host::execute_line(&host::line_of(&cli.words), &mut env, format, &mut sink));
    }

    if !Lab::exists(&data_dir) {
        if login {
            stderr_line(&format!(
                "ucsh: no lab in {}: a login never creates one (`ucsh cluster init` does)\n",
                data_dir.display()
            ));
            return Ok(ExitStatus::Failed);
        }
        host::init(&data_dir, &InitOptions::default(), None, Existing::Refuse, clock)
            .map_err(|e| anyhow::anyhow!("{}", error_text(&e).trim_end()))
            .with_context(|| format!("creating the standard lab in {}", data_dir.display()))?;
        stderr_line(&format!(
            "ucsh: no lab in {}: created the standard lab (cluster1, cluster2). `ucsh cluster info` shows it.\n",
            data_dir.display()
        ));
    }
    let lab = Lab::open(&data_dir, clock)?;
    let node = match &cli.node {
        Some(n) => lab.node(n).map_err(|_| {
            let names: Vec<String> = lab.nodes().iter().map(|n| n.name().to_string()).collect();
            anyhow::anyhow!("no node named {n} in this lab (nodes: {})", names.join(", "))
        })?,
        None => lab.default_node()?,
    };
    let env_account = crate::shell::login::env_value(crate::shell::login::ENV_ACCOUNT);
    let session = match &cli.account {
        // Whoever sets UCSH_ACCOUNT owns the lab's files (`ucsh cluster serve` after its
        // own password check, or sshd for the Unix user whose login shell this is), so
        // taking the account at its word is no escalation: the same trust as the
        // administrator session the local owner gets without a password.
        None if env_account.is_some() => {
            let name = env_account.as_deref().unwrap_or_default();
            accounts::login_session(&node, name)
                .map_err(|e| anyhow::anyhow!("{}", crate::render::wording::engine_error(&e)))?
        }
        None => accounts::local_owner_session(&node)?,
        Some(name) => {
            let password = if stdin_tty {
                rpassword::prompt_password(format!("{name}@{}'s password: ", node.spec.hostname))?
            } else {
                let mut p = LinePrompter::new(&mut reader, false, true);
                p.password(&format!("{name}@{}'s password: ", node.spec.hostname))
                    .map_err(|e| anyhow::anyhow!("{}", error_text(&e).trim_end()))?
            };
            match crate::shell::login::authenticate(&node, name, &password) {
                Ok(s) => s,
                Err(e) => {
                    stderr_line(&format!("{}\n", crate::render::wording::engine_error(&e)));
                    return Ok(ExitStatus::Failed);
                }
            }
        }
    };
    let interactive =
        cli.commands.is_empty() && cli.script.is_none() && cli.words.is_empty() && stdin_tty && stdout_tty;
    // NO_COLOR: no colour, no progress bars, no pager (pagination starts off).
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut shell = Shell::new(lab, node.name().to_string(), session, format, interactive && !no_color);
    if stdout_tty && format == Format::Text && !no_color {
        shell.progress = Box::new(crate::shell::progress::bar);
    }
    if interactive {
        if login {
            shell.startup_pacing = crate::shell::login::pacing(&shell);
        }
        drop(reader);
        return interactive::run(&mut shell, cli.yes);
    }

    // Non-interactive: a list of lines, or standard input line by line.
    let lines: Option<Vec<String>> = if !cli.commands.is_empty() {
        Some(cli.commands.clone())
    } else if let Some(path) = &cli.script {
        let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut v = Vec::new();
        for line in BufReader::new(file).lines() {
            v.push(line.with_context(|| format!("reading {}", path.display()))?);
        }
        Some(v)
    } else if !cli.words.is_empty() {
        Some(vec![join_words(&cli.words)])
    } else {
        None
    };
    // Ctrl-C stops the running command the way the shell's does (its partial files removed,
    // `Control-C pressed`), then ucsh exits 130 without running the lines after it; a
    // second Ctrl-C ends ucsh at once. A process started with SIGINT ignored (a background
    // job of a script) keeps ignoring it.
    if !sigint_ignored() {
        let flag = Arc::clone(&shell.interrupted);
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal_hook::consts::SIGINT,
            ExitStatus::Interrupted.code(),
            flag,
        );
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&shell.interrupted));
    }
    let mut sink = StdSink::batch();
    let mut first_failure = ExitStatus::Success;
    let mut run_one = |shell: &mut Shell,
                       line: &str,
                       reader: &mut LineReader<_>,
                       sink: &mut StdSink|
     -> Option<ExitStatus> {
        // Ctrl-C while waiting for this line.
        if shell.interrupted.load(Ordering::Relaxed) {
            return Some(ExitStatus::Interrupted);
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let mut prompter = LinePrompter::new(reader, cli.yes, format == Format::Json)
            .cancelled_by(Arc::clone(&shell.interrupted));
        let status = shell.execute_line(trimmed, &mut prompter, sink);
        if shell.interrupted.load(Ordering::Relaxed) {
            return Some(ExitStatus::Interrupted);
        }
        if status.status != ExitStatus::Success && first_failure == ExitStatus::Success {
            first_failure = status.status;
        }
        if status.quit || sink.closed || (status.status.stops() && !cli.keep_going) {
            return Some(status.status);
        }
        None
    };
    match lines {
        Some(lines) => {
            for line in &lines {
                if let Some(code) = run_one(&mut shell, line, &mut reader, &mut sink) {
                    return Ok(if code == ExitStatus::Success { first_failure } else { code });
                }
            }
        }
        None => loop {
            let line = match reader.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => break,
                Err(e) => return Err(e).context("reading standard input"),
            };
            if let Some(code) = run_one(&mut shell, &line, &mut reader, &mut sink) {
                return Ok(if code == ExitStatus::Success { first_failure } else { code });
            }
        },
    }
    Ok(first_failure)
}

/// Whether this process was started with SIGINT ignored (`SigIgn` in /proc/self/status:
/// a mask of ignored signals, SIGINT being bit 1).
pub(crate) fn sigint_ignored() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("SigIgn:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        })
        .is_some_and(|mask| mask & (1 << (signal_hook::consts::SIGINT - 1)) != 0)
}
