//! Reads back the health commands: `utils diagnose test | fix | module` (a failed module is
//! what makes the exit status 3), `show accountlocking`, `utils ntp server list`,
//! `utils core active|inactive list`.

use super::ParseCtx;
use crate::engine::cores::{CoreFile, CoreList};
use crate::engine::diagnose::{self, DiagnoseVersion, Diagnosis, ModuleResult, Outcome};
use crate::engine::ntp::{NtpChange, NtpConfig, ServerOutcome, ServerResult};
use crate::engine::platform::AccountLocking;
use crate::render::diagnose::ModuleList;
use crate::render::ntp::NtpList;
use crate::render::Report;

pub fn diagnosis(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let _ = ctx;
    Ok(Box::new(parse_diagnosis(text)?))
}

/// One row: `test - <name:19> : <result>` (`skip`, `fix ` likewise).
fn row(line: &str) -> Result<ModuleResult, String> {
    let (word, rest) = line.split_once(" - ").ok_or_else(|| format!("not a module row: {line:?}"))?;
    let (name, result) = rest.split_once(" : ").ok_or_else(|| format!("not a module row: {line:?}"))?;
    let module = diagnose::module(name.trim()).ok_or_else(|| format!("unknown module {:?}", name.trim()))?;
    let outcome = match word.trim() {
        "skip" => Outcome::Skipped,
        "fix" => Outcome::Fixed(
            result
                .strip_prefix("Fixed (")
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(|| format!("not a fix: {result:?}"))?
                .to_string(),
        ),
        "test" => {
            if let Some(why) = result.strip_prefix("Failed - ") {
                Outcome::Failed(why.to_string())
            } else if result == "Passed" {
                Outcome::Passed(None)
            } else if let Some(d) = result.strip_prefix("Passed (").and_then(|r| r.strip_suffix(')')) {
                Outcome::Passed(Some(d.to_string()))
            } else {
                return Err(format!("unknown result {result:?}"));
            }
        }
        other => return Err(format!("unknown row kind {other:?}")),
    };
    Ok(ModuleResult { module: module.name, outcome })
}

pub fn parse_diagnosis(text: &str) -> Result<Diagnosis, String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Log file: ")).ok_or("no Log file line")?;
    let log = lines[at].trim_start_matches("Log file: ").trim().to_string();
    let leading_blank = at > 0 && lines[..at].iter().all(|l| l.trim().is_empty());
    let single = lines.get(at + 1).is_some_and(|l| l.starts_with("Starting diagnostic"));
    let start = lines.iter().position(|l| l.starts_with("====")).ok_or("no underline")? + 1;
    let end = lines.iter().position(|l| *l == "Diagnostics Completed").ok_or("no Diagnostics Completed")?;
    let modules = lines[start..end].iter().map(|l| row(l)).collect::<Result<Vec<_>, _>>()?;
    // A single module's text does not say which product the node is.
    let communications_manager = if single { None } else { Some(leading_blank) };
    Ok(Diagnosis { log, single, communications_manager, modules })
}

pub fn accountlocking(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_accountlocking(text)?))
}

pub fn parse_accountlocking(text: &str) -> Result<AccountLocking, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let enabled = match lines.next().map(str::trim) {
        Some("Account Lockout is enabled") => true,
        Some("Account Lockout is disabled") => false,
        other => return Err(format!("not an account lockout state: {other:?}")),
    };
    let value = |line: Option<&str>, key: &str, unit: &str| -> Result<u32, String> {
        line.and_then(|l| l.trim().strip_prefix(key))
            .and_then(|v| v.strip_suffix(unit))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("no {key}"))
    };
    let unlock_seconds = value(lines.next(), "Unlock Time :", "seconds")?;
    let count = value(lines.next(), "Retry Count :", "attempts")?;
    Ok(AccountLocking { enabled, count, unlock_seconds })
}

pub fn ntp_server_list(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(NtpList(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())))
}

pub fn core_list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let active = !ctx.invocation.spec.path.contains("inactive");
    Ok(Box::new(parse_core_list(text, active)?))
}

pub fn parse_core_list(text: &str, active: bool) -> Result<CoreList, String> {
    let mut cores = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if line == "No core files found" || line.starts_with("Size ") || line.starts_with("====") {
            continue;
        }
        // `<size> KB   <date> <time>   <name>`
        let (size, rest) = line.split_once(" KB   ").ok_or_else(|| format!("not a core row: {line:?}"))?;
        let (date, name) = rest.rsplit_once("   ").ok_or_else(|| format!("not a core row: {line:?}"))?;
        cores.push(CoreFile {
            name: name.to_string(),
            size_kb: size.trim().parse().map_err(|_| format!("bad size {size:?}"))?,
            date: date.to_string(),
        });
    }
    Ok(CoreList { active, cores })
}

pub fn module_list(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_module_list(text)?))
}

/// `<name:21>- <description>[ (run directly, off hours)]` under its heading; the modules
/// are the platform's, found by name (a module ucsh does not know is an error).
pub fn parse_module_list(text: &str) -> Result<ModuleList, String> {
    let mut modules = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if line == "Available diagnostics modules" {
            continue;
        }
        let (name, _) = line.split_once("- ").ok_or_else(|| format!("not a module line: {line:?}"))?;
        let m = diagnose::module(name.trim()).ok_or_else(|| format!("unknown module {:?}", name.trim()))?;
        modules.push(*m);
    }
    Ok(ModuleList(modules))
}

pub fn diagnose_version(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_diagnose_version(text)?))
}

pub fn parse_diagnose_version(text: &str) -> Result<DiagnoseVersion, String> {
    let v = super::field(text, "Diagnostics version")?.trim();
    let (version, count) = v.rsplit_once(" (").ok_or_else(|| format!("not a version: {v:?}"))?;
    let count = count.strip_suffix(" modules)").ok_or_else(|| format!("not a version: {v:?}"))?;
    Ok(DiagnoseVersion { version: version.to_string(), modules: super::number(count, "modules")? })
}

pub fn ntp_change(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    // `delete` asks which server and confirms: its result follows the last answer.
    let text = super::after_answered(text);
    let mut declined = String::new();
    crate::render::dbreplication::Cancelled.text(&mut declined);
    if text.trim() == declined.trim() {
        return Ok(Box::new(crate::render::dbreplication::Cancelled));
    }
    Ok(Box::new(parse_ntp_change(text)?))
}

/// `utils ntp server add|delete`: one `<server> : <outcome>` line per server, then the
/// limit, restart and pending lines.
pub fn parse_ntp_change(text: &str) -> Result<NtpChange, String> {
    let mut change =
        NtpChange { results: Vec::new(), limit_reached: false, restarted: false, pending: false };
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        match line {
            "The maximum permissible limit of 5 NTP servers is already configured." => {
                change.limit_reached = true
            }
            "Restarting NTP on the server." => change.restarted = true,
            "The NTP service will need to be restarted for the changes to take effect." => {
                change.pending = true
            }
            _ => {
                let (server, said) =
                    line.split_once(" : ").ok_or_else(|| format!("not a server line: {line:?}"))?;
                let outcome = match said {
                    " added successfully." => ServerOutcome::Added,
                    "[The host has already been added as an NTP server.]" => ServerOutcome::AlreadyAdded,
                    "[This server cannot be added as an NTP server.]" => ServerOutcome::CannotBeAdded,
                    "[ Inaccessible NTP server. Not added. ]" => ServerOutcome::Inaccessible,
                    " deleted successfully." => ServerOutcome::Deleted,
                    " [The NTP server was not deleted.  At least one NTP server is required.]" => {
                        ServerOutcome::LastOneKept
                    }
                    other => return Err(format!("unknown outcome {other:?}")),
                };
                change.results.push(ServerResult { server: server.to_string(), outcome });
            }
        }
    }
    Ok(change)
}

pub fn ntp_config(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ntp_config(text)?))
}

/// `utils ntp config`: the publisher a subscriber follows, or the servers (the list waiting
/// for a restart when the pending line follows: the running list is then not shown).
pub fn parse_ntp_config(text: &str) -> Result<NtpConfig, String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let first = lines.first().ok_or("no output")?;
    if let Some(p) =
        first.strip_prefix("This node synchronises to its publisher (").and_then(|r| r.strip_suffix(")."))
    {
        return Ok(NtpConfig { running: Vec::new(), pending: None, follows: Some(p.to_string()) });
    }
    if *first != "The configured NTP servers:" {
        return Err(format!("not an NTP configuration: {first:?}"));
    }
    let pending = lines
        .last()
        .is_some_and(|l| *l == "The NTP service will need to be restarted for the changes to take effect.");
    let servers: Vec<String> = lines[1..lines.len() - usize::from(pending)]
        .iter()
        .map(|l| {
            l.strip_prefix("    ").map(str::to_string).ok_or_else(|| format!("not a server line: {l:?}"))
        })
        .collect::<Result<_, _>>()?;
    Ok(if pending {
        NtpConfig { running: Vec::new(), pending: Some(servers), follows: None }
    } else {
        NtpConfig { running: servers, pending: None, follows: None }
    })
}

// ----- issue 14 item 2, services, system, settings: `utils ntp restart`, `utils core
// active|inactive analyze` -----

use serde::Serialize;

use super::confirm::answered;
use crate::engine::cores::CoreAnalysis;
use crate::engine::ntp::NtpRestart;
use crate::render::cores::ANALYZE_WARNING;
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::to_json;

/// The text of a result, as its renderer writes it.
fn rendered(r: &dyn Report) -> String {
    let mut out = String::new();
    r.text(&mut out);
    out
}

/// `utils ntp restart` as its text shows it: that NTP restarted. The text does not list the
/// servers NTP now uses nor say whether a waiting list came into force (`servers`,
/// `applied` of the engine's result): JSON `{}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownNtpRestart {}

impl Report for ShownNtpRestart {
    fn text(&self, out: &mut String) {
        NtpRestart { servers: Vec::new(), applied: false }.text(out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&NtpRestart> for ShownNtpRestart {
    fn from(_: &NtpRestart) -> Self {
        ShownNtpRestart {}
    }
}

pub fn ntp_restart(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ntp_restart(text)?))
}

pub fn parse_ntp_restart(text: &str) -> Result<ShownNtpRestart, String> {
    let shown = ShownNtpRestart {};
    if text != rendered(&shown) {
        return Err(format!("not an NTP restart: {text:?}"));
    }
    Ok(shown)
}

/// What `utils core ... analyze` says of the process that dumped the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownCoreInfo {
    pub process: String,
    pub pid: u32,
    pub signal: u32,
}

/// `utils core active|inactive analyze` as its text shows it: the core, the process, its
/// pid and signal, and where the analysis was written. The text does not name the service
/// nor the time of the dump (`info.service`, `info.at` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownCoreAnalysis {
    pub core: String,
    pub analysis: String,
    pub info: ShownCoreInfo,
}

impl Report for ShownCoreAnalysis {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Analysis of {} ({}, pid {}, signal {}) written to {}\n",
            self.core, self.info.process, self.info.pid, self.info.signal, self.analysis
        ));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&CoreAnalysis> for ShownCoreAnalysis {
    fn from(a: &CoreAnalysis) -> Self {
        ShownCoreAnalysis {
            core: a.core.clone(),
            analysis: a.analysis.clone(),
            info: ShownCoreInfo { process: a.info.process.clone(), pid: a.info.pid, signal: a.info.signal },
        }
    }
}

pub fn core_analyze(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(match parse_core_analyze(text)? {
        Some(a) => Box::new(a),
        None => Box::new(Cancelled),
    })
}

/// `None`: the question was answered no (`Command cancelled: nothing was changed.`).
pub fn parse_core_analyze(text: &str) -> Result<Option<ShownCoreAnalysis>, String> {
    let text = match answered(text, ANALYZE_WARNING, CONTINUE_YN, "y")? {
        Some(a) => a.rest,
        None => text,
    };
    if text == rendered(&Cancelled) {
        return Ok(None);
    }
    let line = text.strip_suffix('\n').filter(|l| !l.contains('\n')).ok_or("not one line")?;
    let bad = || format!("not a core analysis: {line:?}");
    let rest = line.strip_prefix("Analysis of ").ok_or_else(bad)?;
    // The core's name has no blank (`core.<process>.<pid>.<signal>...`); the analysis path
    // is what follows the last ` written to `.
    let (core, rest) = rest.split_once(" (").ok_or_else(bad)?;
    let (inside, analysis) = rest.rsplit_once(") written to ").ok_or_else(bad)?;
    let (inside, signal) = inside.rsplit_once(", signal ").ok_or_else(bad)?;
    let (process, pid) = inside.rsplit_once(", pid ").ok_or_else(bad)?;
    let a = ShownCoreAnalysis {
        core: core.to_string(),
        analysis: analysis.to_string(),
        info: ShownCoreInfo {
            process: process.to_string(),
            pid: super::number(pid, "pid")?,
            signal: super::number(signal, "signal")?,
        },
    };
    if rendered(&a) != text {
        return Err(bad());
    }
    Ok(Some(a))
}
