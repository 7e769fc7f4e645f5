//! The one execution path: every mode (interactive, `-c`, script file, standard input,
//! and later the SSH login shell) hands lines to [`Shell::execute_line`].
//!
//! A line is parsed against the catalog (pure), checked against the session's privilege
//! level in the engine, handed to its handler, and the typed result is rendered as the
//! platform's text or as JSON. Errors get the platform's wording and an exit code: 2 for a
//! line that is not a command, 1 for a command that failed, 3 for a check that found
//! problems, 0 for success.

pub mod editor;
pub mod interactive;
pub mod lines;
pub mod login;
pub mod pager;
pub mod progress;
pub mod prompt;
pub mod remote;
pub mod remote_interactive;
pub mod term;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::backend::local::LocalBackend;
use crate::backend::Backend;
use crate::catalog::{self, ParseError, Scope};
use crate::engine::deployment::Product;
use crate::engine::{Audit, CancelToken, EngineError, Lab, NodeState, Session};
use crate::handlers::{self, CliError, Ctx, Progress, ProgressFactory, Prompter, SessionSettings};
use crate::render::{wording, ExitStatus, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

// Handlers write through the sink too, so it lives with the renderers.
pub use crate::render::Sink;

/// What running one line did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStatus {
    pub status: ExitStatus,
    pub quit: bool,
}

impl LineStatus {
    const OK: LineStatus = LineStatus { status: ExitStatus::Success, quit: false };

    /// The process exit code of the line.
    pub fn code(&self) -> i32 {
        self.status.code()
    }
}

/// No progress display (not a terminal, JSON, tests).
pub struct NoProgress;

impl Progress for NoProgress {
    fn set_total(&self, _bytes: u64) {}
    fn advance(&self, _bytes: u64) {}
    fn finish(&self) {}
}

pub fn no_progress(_label: &str) -> Box<dyn Progress> {
    Box::new(NoProgress)
}

pub struct Shell {
    pub lab: Lab,
    pub node_name: String,
    pub session: Session,
    pub settings: SessionSettings,
    pub format: Format,
    pub interrupted: Arc<AtomicBool>,
    pub progress: Box<ProgressFactory>,
    /// A login shell's start-up pacing (`ucsh cluster pacing`): the interactive shell
    /// writes its banner through `login::write_banner` with this pause. `None` elsewhere.
    pub startup_pacing: Option<std::time::Duration>,
}

impl Shell {
    pub fn new(lab: Lab, node_name: String, session: Session, format: Format, pagination: bool) -> Self {
        Shell {
            lab,
            node_name,
            session,
            settings: SessionSettings { pagination },
            format,
            // This session's own: Ctrl-C here never stops another session's command.
            interrupted: CancelToken::new().flag(),
            progress: Box::new(no_progress),
            startup_pacing: None,
        }
    }

    /// Which products' commands this session sees: its node's.
    pub fn scope(&self) -> Scope {
        match self.lab.node(&self.node_name).map(|n| n.product()) {
            Ok(Product::Imp) => Scope::Imp,
            _ => Scope::Cm,
        }
    }

    /// Runs one line.
    pub fn execute_line(&mut self, line: &str, prompt: &mut dyn Prompter, sink: &mut dyn Sink) -> LineStatus {
        let line = line.trim();
        if line.is_empty() {
            return LineStatus::OK;
        }
        if let Some(prefix) = line.strip_suffix('?') {
            // In `run sql <statement>` a `?` is the statement's; `run ?` and `run sql ?` ask.
            let run_words = prefix.split_whitespace().collect::<Vec<_>>();
            let asks_run = run_words.len() <= 2
                && run_words.first().is_some_and(|w| w.eq_ignore_ascii_case("run"))
                && run_words.get(1).is_none_or(|w| w.eq_ignore_ascii_case("sql"));
            if !line.starts_with("run ") || asks_run {
                return self.syntax_query(line, prefix, sink);
            }
        }
        let scope = self.scope();
        let inv = match catalog::parse(line, scope) {
            Ok(inv) => inv,
            Err(ParseError::UnknownWord { prefix, word, valid })
                if prefix.is_empty() && catalog::tokenize(line).iter().any(|t| t.text.starts_with('-')) =>
            {
                // What the platform answers to `uname -a` and the like.
                let e = ParseError::UnknownWord { prefix, word: format!("-{word}"), valid };
                return self.fail(line, &CliError::Usage(e), sink);
            }
            Err(e) => return self.fail(line, &CliError::Usage(e), sink),
        };
        let Some(handler) = handlers::lookup(inv.spec.handler) else {
            // The catalog is validated against the table at start-up; this cannot happen
            // with a binary that passed its tests, but say so plainly if it does.
            let e = CliError::Failed(format!(
                "internal error: no handler {} for {}",
                inv.spec.handler, inv.spec.path
            ));
            return self.fail(line, &e, sink);
        };
        self.interrupted.store(false, Ordering::Relaxed);
        // The privilege level the catalog gives the command and the node's state, checked
        // once; help and quit work whatever the node's state.
        let state = if inv.spec.family == "session" { NodeState::Any } else { NodeState::Up };
        let backend = LocalBackend::new(&self.lab);
        let cancel = CancelToken::from_flag(Arc::clone(&self.interrupted));
        let node = match backend.open(&self.node_name, &self.session, inv.spec.privilege, state, cancel) {
            Ok(node) => node,
            Err(e) => return self.fail(line, &CliError::Engine(e), sink),
        };
        // Text may be written as a command goes, unless the pager needs it whole.
        let stream = self.format == Format::Text && !sink.pages();
        let result = {
            let mut ctx = Ctx {
                out: if stream { Some(&mut *sink) } else { None },
                node: &*node,
                prompt,
                settings: &mut self.settings,
                progress: &*self.progress,
            };
            handler(&mut ctx, &inv)
        };
        // The command's audit record and the events it raised, delivered to remote syslog
        // with anything still queued (bounded in time; what is left stays in the spool).
        let quit = matches!(result, Err(CliError::Quit));
        node.finish(if quit { Audit::None } else { Audit::Command(inv.spec.path) });
        match result {
            Ok(report) => {
                let status = self.success(line, report.as_ref(), sink);
                LineStatus { quit: report.ends_session(), ..status }
            }
            Err(CliError::Quit) => LineStatus { status: ExitStatus::Success, quit: true },
            Err(e) => self.fail(line, &e, sink),
        }
    }

    fn success(&self, line: &str, report: &dyn Report, sink: &mut dyn Sink) -> LineStatus {
        LineStatus {
            status: emit_report(self.format, line, Some(&self.node_name), report, sink),
            quit: false,
        }
    }

    fn fail(&self, line: &str, e: &CliError, sink: &mut dyn Sink) -> LineStatus {
        LineStatus { status: emit_error(self.format, line, Some(&self.node_name), e, sink), quit: false }
    }

    /// `words ?`: the syntax of a command, or the words that may follow a group.
    fn syntax_query(&mut self, line: &str, prefix: &str, sink: &mut dyn Sink) -> LineStatus {
        let scope = self.scope();
        let tokens = catalog::tokenize(prefix);
        let mut words: Vec<&str> = Vec::new();
        for t in &tokens {
            let next = catalog::next_words(&words, scope);
            match next.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(&t.text)) {
                Some((w, leaf, _)) => {
                    words.push(w);
                    if *leaf {
                        break;
                    }
                }
                None => {
                    let e = ParseError::UnknownWord {
                        prefix: words.iter().map(|s| s.to_string()).collect(),
                        word: t.text.clone(),
                        valid: next.iter().map(|(w, _, h)| (*w, *h)).collect(),
                    };
                    return self.fail(line, &CliError::Usage(e), sink);
                }
            }
        }
        let leaf = catalog::find(&words.join(" ")).filter(|s| s.in_scope(scope));
        let text = match leaf {
            Some(spec) => {
                // A leading choice parameter reads as words, as on the platform: `file list ?`
                // lists the partitions, `file list activelog ?` shows that command's syntax.
                let after = tokens.get(words.len()).map(|t| t.text.as_str());
                match catalog::leading_choice(spec) {
                    Some(p) => {
                        let list: Vec<(&str, &str)> = p.choices.iter().map(|c| (*c, spec.summary)).collect();
                        match after {
                            None => catalog::word_list(&list),
                            Some(a) if p.choices.iter().any(|c| c.eq_ignore_ascii_case(a)) => {
                                catalog::syntax_query(spec, after)
                            }
                            Some(a) => {
                                let e = ParseError::UnknownWord {
                                    prefix: words.iter().map(|s| s.to_string()).collect(),
                                    word: a.to_string(),
                                    valid: list,
                                };
                                return self.fail(line, &CliError::Usage(e), sink);
                            }
                        }
                    }
                    None => catalog::syntax_query(spec, after),
                }
            }
            None => {
                let next = catalog::next_words(&words, scope);
                let list: Vec<(&str, &str)> = next.iter().map(|(w, _, h)| (*w, *h)).collect();
                catalog::word_list(&list)
            }
        };
        match self.format {
            Format::Text => sink.out(&text),
            Format::Json => {
                let doc = serde_json::json!({"command": line, "node": self.node_name, "status": "ok", "exit": 0, "result": {"help": text}});
                sink.out(&format!("{doc}\n"));
            }
        }
        LineStatus::OK
    }
}

/// The JSON document of one command: the line, the node it ran on (none for a host
/// command), how it ended, and `body` (`result` or `error`).
fn envelope(line: &str, node: Option<&str>, status: ExitStatus, body: (&str, serde_json::Value)) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert("command".into(), line.into());
    if let Some(node) = node {
        doc.insert("node".into(), node.into());
    }
    doc.insert("status".into(), status.json_word().into());
    doc.insert("exit".into(), status.code().into());
    doc.insert(body.0.into(), body.1);
    format!("{}\n", serde_json::Value::Object(doc))
}

/// Writes a command's result, as text or in the JSON envelope, and returns how it ended: a
/// report with findings exits 3, in JSON as in text. Every command's result, node and host
/// commands alike, is written here.
pub fn emit_report(
    format: Format,
    line: &str,
    node: Option<&str>,
    report: &dyn Report,
    sink: &mut dyn Sink,
) -> ExitStatus {
    let status = ExitStatus::of(report.findings());
    match format {
        Format::Text => {
            let mut text = String::new();
            report.text(&mut text);
            sink.out(&text);
        }
        Format::Json => sink.out(&envelope(line, node, status, ("result", report.json()))),
    }
    status
}

/// Writes a command's error, as text (on the error stream) or in the JSON envelope, and
/// returns its exit status.
pub fn emit_error(
    format: Format,
    line: &str,
    node: Option<&str>,
    e: &CliError,
    sink: &mut dyn Sink,
) -> ExitStatus {
    let status = e.status();
    let text = error_text(e);
    match format {
        Format::Text => sink.err(&text),
        Format::Json => {
            let kind = match e {
                CliError::Usage(_) => "usage",
                CliError::Engine(EngineError::PrivilegeDenied { .. } | EngineError::PrimaryAdminOnly) => {
                    "privilege"
                }
                CliError::Engine(EngineError::NodeDown { .. }) => "unreachable",
                CliError::Engine(_) | CliError::Failed(_) => "failed",
                CliError::Declined(_) => "declined",
                CliError::Quit => "quit",
            };
            let message: Vec<&str> = text.lines().filter(|l| *l != wording::FAILED).collect();
            let error = serde_json::json!({ "kind": kind, "message": message.join("\n") });
            sink.out(&envelope(line, node, status, ("error", error)));
        }
    }
    status
}

/// The text of an error: the reason, then `Executed command unsuccessfully`.
pub fn error_text(e: &CliError) -> String {
    let mut out = String::new();
    match e {
        CliError::Usage(p) => match p {
            ParseError::UnknownWord { prefix, word, valid } => {
                if word.starts_with('-') {
                    out.push_str(
                        "Invalid command, a dash character must be preceded by a valid command word\n",
                    );
                } else if prefix.is_empty() {
                    out.push_str(&format!("Invalid command: \"{word}\" is not a command\n"));
                } else {
                    out.push_str(&format!(
                        "Invalid command: \"{word}\" is not an option of \"{}\"\n",
                        prefix.join(" ")
                    ));
                }
                out.push_str("Valid options are:\n");
                out.push_str(&catalog::word_list(valid));
            }
            ParseError::Incomplete { prefix, valid } => {
                out.push_str(&format!(
                    "Incomplete command: \"{}\" must be followed by one of:\n",
                    prefix.join(" ")
                ));
                out.push_str(&catalog::word_list(valid));
            }
            ParseError::MissingParam { spec, param } => match spec.usage {
                Some(usage) => out.push_str(&format!("{} usage:{usage}\n", spec.path)),
                None => {
                    out.push_str(&format!("Missing mandatory parameter: {param}\n"));
                    out.push_str(&catalog::syntax_help(spec));
                }
            },
            ParseError::BadValue { spec: _, param, value, reason } => {
                out.push_str(&format!("Invalid value \"{value}\" for {param}: {reason}\n"));
            }
            ParseError::TooMany { spec, extra } => {
                out.push_str(&format!("Too many parameters: \"{extra}\" is not expected\n"));
                out.push_str(&catalog::syntax_help(spec));
            }
            ParseError::BadLine { reason } => out.push_str(&format!("Invalid command: {reason}\n")),
        },
        CliError::Engine(e) => {
            out.push_str(&wording::engine_error(e));
            out.push('\n');
        }
        CliError::Failed(reason) | CliError::Declined(reason) => {
            out.push_str(reason);
            if !reason.ends_with('\n') {
                out.push('\n');
            }
        }
        CliError::Quit => return out,
    }
    out.push_str(wording::FAILED);
    out.push('\n');
    // Whatever an error echoes (input, names from data) reaches the terminal without its
    // control characters; the lines themselves stay lines.
    if out.chars().any(|c| c.is_control() && c != '\n') {
        out = out
            .split('\n')
            .map(|l| crate::engine::text::printable(l).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
    }
    out
}
