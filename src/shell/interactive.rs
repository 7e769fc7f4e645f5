//! The interactive shell: ucsh's own line editor supplies lines, everything else is
//! `execute_line`.
//!
//! Banner and `admin:` prompt as the platform prints them, and nothing after the prompt
//! (src/shell/editor.rs says why the line reading is ucsh's own); history per account in
//! the data directory (only lines that are commands, and never one the catalog marks as
//! carrying a secret); Tab completion and `?` from the catalog; Ctrl-C abandons the line
//! or stops a running command; Ctrl-D, `quit` and `exit` leave.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use rustyline::history::{FileHistory, History};
use rustyline::Config;

use super::editor::{self, Edit};
use super::lines::LineReader;
use super::pager::StdSink;
use super::prompt::LinePrompter;
use super::{term, LineStatus, Shell};
use crate::catalog;
use crate::handlers::complete::LabValues;
use crate::render::{wording, ExitStatus};

/// The banner: what the platform prints between login and the first prompt.
pub fn banner(shell: &Shell) -> String {
    let mut b = format!("{}\n\n{}\n\n", wording::BANNER_STARTING, wording::BANNER_WELCOME);
    if let Ok(node) = shell.lab.node(&shell.node_name) {
        b.push_str("VMware Installation:\n");
        b.push_str(&format!("        {} vCPU: {}\n", node.spec.vcpus, node.spec.cpu_type()));
        b.push_str(&format!("        Disk 1: {}GB, Partitions aligned\n", node.spec.disk_gb));
        b.push_str(&format!("        {} Mbytes RAM\n", node.spec.memory_mb));
        b.push('\n');
    }
    b
}

fn history_path(shell: &Shell) -> PathBuf {
    shell.lab.dir().join("history").join(&shell.node_name).join(&shell.session.account)
}

/// How many lines of history are kept per account.
const HISTORY_SIZE: usize = 1000;

/// Reads one line at the prompt: the editor on a terminal that takes cursor sequences,
/// otherwise the kernel's plain line input.
fn read_line<R: Read>(
    shell: &Shell,
    reader: &mut LineReader<R>,
    history: &FileHistory,
    initial: &str,
    ansi: bool,
) -> std::io::Result<Edit> {
    if !ansi {
        return read_plain(reader);
    }
    let Some(_raw) = term::keys() else {
        return read_plain(reader);
    };
    let values = LabValues { lab: &shell.lab, node: shell.node_name.clone() };
    editor::edit_line(reader, history, wording::PROMPT, initial, &mut |line, pos| {
        catalog::complete(line, pos, shell.scope(), &values)
    })
}

/// The kernel reads the line (its own echo and erase keys); Ctrl-C and `?` end it at once
/// (they are line delimiters in this mode, so a line can end without a line end). A line
/// given back after `?` cannot be put in the kernel's buffer: the next prompt is plain.
fn read_plain<R: Read>(reader: &mut LineReader<R>) -> std::io::Result<Edit> {
    editor::write_out(wording::PROMPT.as_bytes());
    let _plain = term::plain_lines();
    let mut line: Vec<u8> = Vec::new();
    loop {
        if !reader.wait_input()? {
            editor::write_out(b"\n");
            return Ok(Edit::TimedOut);
        }
        let Some(b) = reader.next_byte()? else {
            return Ok(if line.is_empty() { Edit::Eof } else { Edit::Line(lossy(&line)) });
        };
        match b {
            b'\r' => {
                reader.swallow_lf();
                return Ok(Edit::Line(lossy(&line)));
            }
            b'\n' => return Ok(Edit::Line(lossy(&line))),
            0x03 => {
                // The kernel echoed `^C`; the line typed before it is abandoned.
                editor::write_out(b"\n");
                return Ok(Edit::Interrupted);
            }
            0x04 if line.is_empty() => return Ok(Edit::Eof),
            b'?' if !lossy(&line).trim_start().starts_with("run ") => {
                editor::write_out(b"\n");
                return Ok(Edit::Help(lossy(&line)));
            }
            b => line.push(b),
        }
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Environment variable that makes the CLI session timeout count seconds instead of minutes,
/// so a test can see an idle session end without waiting minutes. Honoured only when the
/// clock is pinned (`UCSH_NOW`), as it is in tests, never in a real session.
pub const ENV_IDLE_IN_SECONDS: &str = "UCSH_TEST_IDLE_SECONDS";

/// How long the prompt may stay idle: the node's CLI session timeout, in minutes (seconds
/// under [`ENV_IDLE_IN_SECONDS`] in tests).
fn idle_limit(shell: &Shell) -> Option<std::time::Duration> {
    let minutes = shell.lab.node(&shell.node_name).ok()?.platform().ok()?.cli.session_timeout_minutes;
    let seconds_in_tests = std::env::var_os(ENV_IDLE_IN_SECONDS).is_some_and(|v| v == "1")
        && std::env::var_os("UCSH_NOW").is_some_and(|v| !v.is_empty());
    let unit = if seconds_in_tests { 1 } else { 60 };
    Some(std::time::Duration::from_secs(u64::from(minutes) * unit))
}

/// Runs the interactive shell until quit; returns how the last command ended.
pub fn run(shell: &mut Shell, yes: bool) -> anyhow::Result<ExitStatus> {
    // Ctrl-C while a command runs stops it; a second Ctrl-C while a command ignores the
    // first one ends ucsh. At the prompt Ctrl-C is a key the editor reads, not a signal.
    let interrupted = Arc::clone(&shell.interrupted);
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        130,
        Arc::clone(&interrupted),
    );
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted));
    let config = Config::builder().auto_add_history(false).max_history_size(HISTORY_SIZE)?.build();
    let mut history = FileHistory::with_config(&config);
    let history_file = history_path(shell);
    if let Some(dir) = history_file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = history.load(&history_file);
    let ansi = editor::term_takes_ansi(std::env::var("TERM").ok().as_deref());

    {
        // Pacing (a per-node lab setting) pauses after the starting line, as a node does.
        let mut o = std::io::stdout().lock();
        let _ = super::login::write_banner(&banner(shell), shell.startup_pacing, &mut o);
        let _ = std::io::Write::flush(&mut o);
    }
    let mut last = ExitStatus::Success;
    let mut initial = String::new();
    let stdin = std::io::stdin();
    let mut reader = LineReader::new(stdin.lock());
    // The CLI session timeout in force when the session starts (`set cli session timeout`
    // changes it for new sessions): an idle prompt ends the session.
    reader.set_idle_limit(rustix::stdio::stdin(), idle_limit(shell));
    loop {
        let edit = read_line(shell, &mut reader, &history, &initial, ansi)?;
        initial.clear();
        // A Ctrl-C that came with the line is not one for the command about to run.
        shell.interrupted.store(false, std::sync::atomic::Ordering::Relaxed);
        let line = match edit {
            Edit::Line(line) => line,
            Edit::Interrupted => continue,
            Edit::Eof => break,
            Edit::TimedOut => {
                editor::write_out(format!("{}\n", wording::SESSION_TIMED_OUT).as_bytes());
                break;
            }
            Edit::Help(asked) => {
                let mut sink = StdSink::interactive(shell.settings.pagination);
                let mut prompter = LinePrompter::new(&mut reader, yes, false);
                shell.execute_line(&format!("{asked}?"), &mut prompter, &mut sink);
                if ansi {
                    initial = asked;
                }
                continue;
            }
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // Only real commands go to history, and never one that may carry a secret.
        if let Ok(inv) = catalog::parse(trimmed, shell.scope()) {
            if inv.spec.history {
                let _ = history.add(trimmed);
                let _ = history.append(&history_file);
            }
        }
        let mut sink = StdSink::interactive(shell.settings.pagination);
        let mut prompter =
            LinePrompter::new(&mut reader, yes, false).cancelled_by(Arc::clone(&shell.interrupted));
        let LineStatus { status, quit } = shell.execute_line(trimmed, &mut prompter, &mut sink);
        last = status;
        if quit {
            break;
        }
    }
    Ok(last)
}
