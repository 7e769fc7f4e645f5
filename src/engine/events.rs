//! Alarms and audit events a node raises (service started or stopped, CLI commands,
//! logins, account changes, ...). Each is written to the node's own logs under `activelog`
//! and queued for the remote syslog servers (`syslog::spool`); later parts of the engine
//! build traces from them.
//!
//! Emitting an event never fails the operation that raised it: a node whose log
//! partition cannot be written still changes state, as on the platform.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use super::node::{NodeHandle, Partition};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Alarm,
    Audit,
}

/// Syslog severities (RFC 5424 numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub category: Category,
    pub severity: Severity,
    /// The platform's alarm or event name, e.g. `ServiceStarted`, `AuthenticationFailed`.
    pub name: String,
    /// The application that raised it, e.g. `Cisco Service Manager`, `Cisco CLI`.
    pub app: String,
    pub message: String,
    /// Filled in by `emit` from the engine clock when left empty by the caller.
    pub at: Option<DateTime<Utc>>,
}

impl Event {
    pub fn service(name: &str, started: bool, by: &str) -> Self {
        Event {
            category: Category::Alarm,
            severity: Severity::Informational,
            name: if started { "ServiceStarted" } else { "ServiceStopped" }.into(),
            app: "Cisco Service Manager".into(),
            message: format!(
                "Service {}. ServiceName:{name} UserID:{by}",
                if started { "started" } else { "stopped" }
            ),
            at: None,
        }
    }

    pub fn service_crash(name: &str) -> Self {
        Event {
            category: Category::Alarm,
            severity: Severity::Error,
            name: "ServiceExited".into(),
            app: "Cisco Service Manager".into(),
            message: format!("Service terminated. ServiceName:{name}"),
            at: None,
        }
    }

    pub fn audit(name: &str, message: String) -> Self {
        Event {
            category: Category::Audit,
            severity: Severity::Notice,
            name: name.into(),
            app: "Cisco CLI".into(),
            message,
            at: None,
        }
    }
}

/// Where the node keeps its event log (relative to `activelog`).
pub const EVENT_LOG: &str = "syslog/CiscoSyslog";

/// Events an operation's node raised while the command ran, kept until the operation
/// finishes (`engine::op`). Once taken it records nothing more: a handle that outlives its
/// operation writes at once again.
#[derive(Debug)]
pub struct Recorder {
    events: Mutex<Option<Vec<Event>>>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder { events: Mutex::new(Some(Vec::new())) }
    }
}

impl Recorder {
    /// Keeps the event; gives it back when the recorder was already taken.
    fn keep(&self, event: Event) -> Option<Event> {
        let mut guard = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_mut() {
            Some(events) => {
                events.push(event);
                None
            }
            None => Some(event),
        }
    }

    /// The recorded events, in order; the recorder stops recording.
    pub fn take(&self) -> Vec<Event> {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).take().unwrap_or_default()
    }
}

/// Records an event in the node's logs and queues it for the remote syslog servers — at
/// once, or when the operation the handle belongs to finishes. Never fails the caller.
pub fn emit(node: &NodeHandle, event: &Event) {
    if let Some(recorder) = node.recorder() {
        // Stamped now: the time it happened, not the time it is written. To the millisecond,
        // the finest any record shows, so events of one millisecond share their rendered
        // time when the batch is written (rendering a time per event costs more than the rest).
        let at = event.at.unwrap_or_else(|| node.now()).trunc_subsecs(3);
        let stamped = Event { at: Some(at), ..event.clone() };
        match recorder.keep(stamped) {
            None => return,
            Some(late) => return emit_all(node, std::slice::from_ref(&late)),
        }
    }
    emit_all(node, std::slice::from_ref(event));
}

/// `emit` for many events at once (one log write, one spool append).
pub fn emit_all(node: &NodeHandle, events: &[Event]) {
    let now = node.now();
    let stamped: Vec<(&Event, DateTime<Utc>)> = events.iter().map(|e| (e, e.at.unwrap_or(now))).collect();
    let path = node.partition(Partition::Activelog).join(EVENT_LOG);
    let mut text = String::with_capacity(events.len() * 160);
    let mut stamp: Option<(DateTime<Utc>, String)> = None;
    for (event, at) in &stamped {
        // The log shows seconds: render each second once.
        if stamp.as_ref().is_none_or(|(t, _)| t.timestamp() != at.timestamp()) {
            stamp = Some((*at, at.format("%b %e %H:%M:%S").to_string()));
        }
        let when = stamp.as_ref().map_or("", |(_, s)| s.as_str());
        text.push_str(&format!(
            "{} {} {}: %UC_{}-{}-{}: {}\n",
            when,
            node.spec.hostname,
            event.app,
            match event.category {
                Category::Alarm => "GENERIC",
                Category::Audit => "AUDITLOG",
            },
            event.severity as u8,
            event.name,
            event.message
        ));
    }
    let write = || -> std::io::Result<()> {
        let open = || OpenOptions::new().create(true).append(true).open(&path);
        let mut f = match open() {
            Ok(f) => f,
            // The first event of a node makes the folder (not every event: this path is hot).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir)?;
                }
                open()?
            }
            Err(e) => return Err(e),
        };
        f.write_all(text.as_bytes())
    };
    let _ = write();
    // Remote syslog: queued here, delivered by `syslog::flush` at the end of the command.
    let _ = super::syslog::spool::append(node, &stamped);
}
