//! The interactive shell: rustyline supplies lines, everything else is `execute_line`.
//!
//! Banner and `admin:` prompt as the platform prints them; history per account in the
//! data directory (only lines that are commands, and never one the catalog marks as
//! carrying a secret); Tab completion and `?` from the catalog; Ctrl-C abandons the line
//! or stops a running command; Ctrl-D, `quit` and `exit` leave.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, Context, Editor, Event, EventContext, EventHandler,
    KeyCode, KeyEvent, Modifiers, RepeatCount,
};

use super::lines::LineReader;
use super::pager::StdSink;
use super::prompt::LinePrompter;
use super::{LineStatus, Shell};
use crate::catalog::{self, Scope};
use crate::handlers::complete::LabValues;
use crate::render::wording;

struct UcshHelper {
    lab: crate::engine::Lab,
    node: String,
    scope: Scope,
}

impl Completer for UcshHelper {
    type Candidate = Pair;
    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let values = LabValues { lab: &self.lab, node: self.node.clone() };
        let (start, cands) = catalog::complete(line, pos, self.scope, &values);
        Ok((
            start,
            cands.into_iter().map(|c| Pair { display: c.display, replacement: c.replacement }).collect(),
        ))
    }
}

impl Hinter for UcshHelper {
    type Hint = String;
}
impl Highlighter for UcshHelper {}
impl Validator for UcshHelper {}
impl rustyline::Helper for UcshHelper {}

/// `?` accepts the line as a help request (except inside `run sql`, where it is text).
struct QuestionMark {
    asked: Arc<Mutex<Option<String>>>,
}

impl ConditionalEventHandler for QuestionMark {
    fn handle(&self, _evt: &Event, _n: RepeatCount, _positive: bool, ctx: &EventContext) -> Option<Cmd> {
        let line = ctx.line();
        if line.trim_start().starts_with("run ") {
            return None;
        }
        if let Ok(mut a) = self.asked.lock() {
            *a = Some(line.to_string());
        }
        Some(Cmd::AcceptLine)
    }
}

/// The banner: what the platform prints between login and the first prompt.
pub fn banner(shell: &Shell) -> String {
    let mut b = format!("{}\n\n{}\n\n", wording::BANNER_STARTING, wording::BANNER_WELCOME);
    if let Ok(node) = shell.lab.node(&shell.node_name) {
        b.push_str("VMware Installation:\n");
        b.push_str(&format!("        {} vCPU: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n", node.spec.vcpus));
        b.push_str(&format!("        Disk 1: {}GB, Partitions aligned\n", node.spec.disk_gb));
        b.push_str(&format!("        {} Mbytes RAM\n", node.spec.memory_mb));
        b.push('\n');
    }
    b
}

fn history_path(shell: &Shell) -> PathBuf {
    shell.lab.dir().join("history").join(&shell.node_name).join(&shell.session.account)
}

/// Runs the interactive shell until quit; returns the exit code of the last command.
pub fn run(shell: &mut Shell, yes: bool) -> anyhow::Result<i32> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        // Automation waits for `admin:` right after a line end: no escape sequence before it.
        .bracketed_paste(false)
        .max_history_size(1000)?
        .build();
    let mut editor: Editor<UcshHelper, FileHistory> = Editor::with_config(config)?;
    rustyline::config::Configurer::enable_synchronized_output(&mut editor, false);
    // Ctrl-C while a command runs stops it. The line editor installs its own SIGINT
    // handler for its whole life, so ours goes in after it (and chains to it).
    let interrupted = Arc::clone(&shell.interrupted);
    // A second Ctrl-C while a command ignores the first one ends ucsh.
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        130,
        Arc::clone(&interrupted),
    );
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted));
    editor.set_helper(Some(UcshHelper {
        lab: shell.lab.clone(),
        node: shell.node_name.clone(),
        scope: shell.scope(),
    }));
    let asked = Arc::new(Mutex::new(None));
    editor.bind_sequence(
        KeyEvent(KeyCode::Char('?'), Modifiers::NONE),
        EventHandler::Conditional(Box::new(QuestionMark { asked: Arc::clone(&asked) })),
    );
    let history = history_path(shell);
    if let Some(dir) = history.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = editor.load_history(&history);

    {
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(banner(shell).as_bytes());
        let _ = o.flush();
    }
    let mut last = 0;
    let mut initial = String::new();
    let stdin = std::io::stdin();
    let mut reader = LineReader::new(stdin.lock());
    loop {
        let read = if initial.is_empty() {
            editor.readline(wording::PROMPT)
        } else {
            editor.readline_with_initial(wording::PROMPT, (&initial, ""))
        };
        initial.clear();
        let line = match read {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        };
        let mut sink = StdSink::new(shell.settings.pagination, false);
        let asked_line = asked.lock().ok().and_then(|mut a| a.take());
        if let Some(asked_line) = asked_line {
            let mut prompter = LinePrompter::new(&mut reader, yes, false);
            shell.execute_line(&format!("{asked_line}?"), &mut prompter, &mut sink);
            initial = asked_line;
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // Only real commands go to history, and never one that may carry a secret.
        if let Ok(inv) = catalog::parse(trimmed, shell.scope()) {
            if inv.spec.history {
                let _ = editor.add_history_entry(trimmed);
                let _ = editor.append_history(&history);
            }
        }
        let mut prompter =
            LinePrompter::new(&mut reader, yes, false).cancelled_by(Arc::clone(&shell.interrupted));
        let LineStatus { code, quit } = shell.execute_line(trimmed, &mut prompter, &mut sink);
        last = code;
        if quit {
            break;
        }
    }
    Ok(last)
}
