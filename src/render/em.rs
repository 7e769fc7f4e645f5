//! Issue #17's results: the lab commands' (`ucsh cluster em|emcc|headset|device|grow`,
//! ucsh's own wording) and `show risdb` (a platform command whose layout is not public: the
//! platform's RIS table style, documented in the catalog).

use std::fmt::Write as _;

use crate::engine::em::remote::{RemoteClusterChange, RemoteStatus, RemoteUpdate, UserEmccChange};
use crate::engine::em::service::{EmReport, Outcome};
use crate::engine::em::{GrowReport, HeadsetChange, ParamChange, Registered, RisPhone, RisPhones};
use crate::engine::text::printable;
use crate::render::{to_json, Report};

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn describe(o: &Outcome) -> String {
    let who = o.user.as_deref().map(|u| format!(" of {}", printable(u))).unwrap_or_default();
    let device =
        if o.device.is_empty() { "(no device)".to_string() } else { printable(&o.device).into_owned() };
    let mut line = format!("{}{who} on {device}", capitalised(o.action.word()));
    match &o.error {
        None => line.push_str(": success"),
        Some(f) if f.code.starts_with("HTTP") => {
            let _ = write!(line, ": failed, {} ({})", f.code, f.reason);
        }
        Some(f) if f.code.parse::<i64>().is_err() => {
            let _ = write!(line, ": failed, {}", f.code);
        }
        Some(f) => {
            let _ = write!(line, ": failed, error {} ({})", f.code, f.reason);
        }
    }
    if !o.notes.is_empty() {
        let _ = write!(line, " [{}]", o.notes.join("; "));
    }
    line
}

impl Report for EmReport {
    fn text(&self, out: &mut String) {
        if let Some(u) = &self.remote_update {
            remote_update_lines(u, out);
        }
        for a in &self.auto_logouts {
            let _ = writeln!(
                out,
                "Auto logout of {} from {} ({})",
                printable(&a.user),
                printable(&a.device),
                a.why
            );
        }
        if self.outcomes.len() == 1 {
            let _ = writeln!(out, "{} ({})", describe(&self.outcomes[0]), self.node);
            return;
        }
        let _ = writeln!(
            out,
            "Cisco Extension Mobility on {} ({}): {} requests ({}), {} succeeded, {} failed, {} throttled",
            self.node,
            self.cluster,
            self.requests,
            if self.arrival == crate::engine::em::Arrival::Burst { "burst" } else { "one after the other" },
            self.succeeded,
            self.failed,
            self.throttled
        );
        for o in self.outcomes.iter().filter(|o| !o.success) {
            let _ = writeln!(out, "  {}", describe(o));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.failed > 0
    }
}

impl Report for GrowReport {
    fn text(&self, out: &mut String) {
        let a = &self.added;
        let _ = writeln!(
            out,
            "{} ({}): {} generated users (was {}); added {} users, {} devices ({} device profiles), {} headsets",
            self.cluster, self.publisher, self.after, self.before, a.users, a.devices, a.profiles, a.headsets
        );
        let _ = writeln!(
            out,
            "Phones + 2 x EMCC devices: {} + 2 x {} = {} of {}",
            self.phones,
            self.emcc_devices,
            self.phones + 2 * self.emcc_devices,
            self.max_phones
        );
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ParamChange {
    fn text(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "{} ({}) on {}: {} (was {})",
            self.label,
            self.name,
            self.cluster,
            printable(&self.after),
            self.before.as_deref().map(|b| printable(b).into_owned()).unwrap_or_else(|| "not set".into())
        );
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for HeadsetChange {
    fn text(&self, out: &mut String) {
        let user =
            self.user.as_deref().map(|u| printable(u).into_owned()).unwrap_or_else(|| "no user".into());
        let line = match (self.action.as_str(), &self.device) {
            ("associated", _) => {
                format!("Headset {} associated with {user} ({})", printable(&self.serial), self.cluster)
            }
            ("removed", _) => {
                format!("Headset {} is no longer associated with {user}", printable(&self.serial))
            }
            (action, Some(d)) => format!(
                "Headset {} ({user}) {action} {} {}",
                printable(&self.serial),
                if action == "connected" { "to" } else { "from" },
                printable(d)
            ),
            (action, None) => format!("Headset {} {action}", printable(&self.serial)),
        };
        let _ = writeln!(out, "{line}");
        for n in &self.notes {
            let _ = writeln!(out, "  {n}");
        }
        if let Some(due) = &self.logout_due {
            let _ = writeln!(out, "  {user} is logged out at {due} unless the headset is connected again");
        }
        if let Some(em) = &self.em {
            em.text(out);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.em.as_ref().is_some_and(|e| e.failed > 0)
    }
}

impl Report for Registered {
    fn text(&self, out: &mut String) {
        let _ =
            writeln!(out, "{} {} with {} from {}", printable(&self.device), self.status, self.node, self.ip);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The heading and column line of `show risdb query phone`.
pub const RIS_PHONE_HEADING: &str = "-------- Phone Information --------";
pub const RIS_PHONE_COLUMNS: &str =
    "DeviceName, Descr, Ipaddr, RegStatus, RegStatusChg TimeStamp, Protocol, LoginUserId, NodeName";

/// A field of a RIS line: no line breaks, and no ", " (which separates the fields).
fn field(text: &str) -> String {
    printable(text).replace(", ", ",")
}

pub fn ris_line(p: &RisPhone) -> String {
    format!(
        "{}, {}, {}, {}, {}, {}, {}, {}",
        field(&p.device),
        field(&p.description),
        field(&p.ip),
        field(&p.status),
        p.changed,
        field(&p.protocol),
        field(&p.login_user),
        field(&p.node)
    )
}

impl Report for RisPhones {
    fn text(&self, out: &mut String) {
        let _ = writeln!(out, "{RIS_PHONE_HEADING}");
        let _ = writeln!(out, "#TotalPhonesRegistered:{}", self.registered);
        let _ = writeln!(out, "#TotalPhonesUnRegistered:{}", self.unregistered);
        let _ = writeln!(out, "{RIS_PHONE_COLUMNS}");
        for p in &self.phones {
            let _ = writeln!(out, "{}", ris_line(p));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `show risdb list`: the RIS tables.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RisTables(pub Vec<String>);

impl Report for RisTables {
    fn text(&self, out: &mut String) {
        let _ = writeln!(out, "-------- RIS Database Tables --------");
        for t in &self.0 {
            let _ = writeln!(out, "{t}");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(&self.0)
    }
}

fn true_false(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn remote_update_lines(u: &RemoteUpdate, out: &mut String) {
    if u.skipped > 0 {
        let _ = writeln!(
            out,
            "Remote cluster update of {} ({}): {} earlier missed cycles not run",
            u.cluster, u.node, u.skipped
        );
    }
    for m in &u.missed {
        let _ = writeln!(
            out,
            "Remote cluster update of {} ({}) at {} (missed cycle, run late)",
            u.cluster, u.node, m.at
        );
        remote_status_lines(&m.remotes, out);
    }
    let _ = writeln!(
        out,
        "Remote cluster update of {} ({}) at {}; next at {} (every {} minutes)",
        u.cluster, u.node, u.at, u.next, u.interval_minutes
    );
    remote_status_lines(&u.remotes, out);
}

fn remote_status_lines(remotes: &[RemoteStatus], out: &mut String) {
    for r in remotes {
        match (&r.version, &r.why) {
            (None, Some(why)) if r.error.is_some() => {
                let _ = writeln!(
                    out,
                    "  {}: remote activated False, error {} (Invalid Cluster ID: {})",
                    printable(&r.clusterid),
                    r.error.unwrap_or_default(),
                    printable(why)
                );
            }
            (Some(v), _) => {
                let _ = writeln!(
                    out,
                    "  {}: remote activated True, version {}",
                    printable(&r.clusterid),
                    printable(v)
                );
            }
            (None, why) => {
                let _ = writeln!(
                    out,
                    "  {}: remote activated False, no response ({})",
                    printable(&r.clusterid),
                    why.as_deref().map(|w| printable(w).into_owned()).unwrap_or_default()
                );
            }
        }
    }
}

impl Report for RemoteUpdate {
    fn text(&self, out: &mut String) {
        remote_update_lines(self, out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for RemoteClusterChange {
    fn text(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Remote cluster {} ({}) {} on {}: remote activated {}",
            printable(&self.clusterid),
            printable(&self.fully_qualified_name),
            self.action,
            self.cluster,
            true_false(self.remote_activated)
        );
        let services: Vec<String> =
            self.services.iter().map(|(name, on)| format!("{name} {}", true_false(*on))).collect();
        let _ = writeln!(out, "Services enabled: {}", services.join(", "));
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for UserEmccChange {
    fn text(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Enable Extension Mobility Cross Cluster for {} on {}: {} (was {})",
            printable(&self.user),
            self.cluster,
            true_false(self.after),
            true_false(self.before)
        );
        for s in &self.emcc_sessions {
            let _ = writeln!(out, "Still logged in with EMCC until the logout: {}", printable(s));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
