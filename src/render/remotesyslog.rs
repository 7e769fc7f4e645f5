//! `utils remotesyslog ...` results as text. The platform's output for these commands is
//! not public; the wording follows its restart note ("Restart the node for the changes to
//! take effect.") and is documented in the catalog's help.

use crate::engine::syslog::{ImportedCa, Protocol, ProtocolSet, ProtocolShow, ServerChange, ServerList};
use crate::render::{to_json, Report};

fn upper(p: Protocol) -> String {
    p.name().to_ascii_uppercase()
}

impl Report for ProtocolSet {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Remote syslog protocol set to {}.\n", upper(self.protocol)));
        if self.protocol == Protocol::Tls {
            out.push_str(
                "The syslog server must support TLS 1.2 or later, its certificate must be signed by a CA \
                 certificate in the tomcat-trust store, and the server must be added by the name its \
                 certificate carries.\n",
            );
        }
        if self.restart_required {
            out.push_str(&format!(
                "Restart the node for the changes to take effect ({} is used until then).\n",
                upper(self.active)
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ProtocolShow {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Remote syslog protocol: {}\n", upper(self.protocol)));
        if let Some(p) = self.pending {
            out.push_str(&format!("Pending (after the node restarts): {}\n", upper(p)));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ServerChange {
    fn text(&self, out: &mut String) {
        let verb = if self.added { "added" } else { "deleted" };
        out.push_str(&format!(
            "Remote syslog server {} port {} {verb} ({}).\n",
            self.server.host,
            self.port,
            upper(self.protocol)
        ));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ServerList {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Remote syslog protocol: {}\n", upper(self.protocol)));
        if self.servers.is_empty() {
            out.push_str("No remote syslog server is configured.\n");
            return;
        }
        let width = self.servers.iter().map(|s| s.host.len()).max().unwrap_or(0).max(6) + 2;
        // A column is as wide as its widest value and a blank, so columns never run together.
        let col = |min: usize, f: &dyn Fn(&crate::engine::syslog::ServerStatus) -> u64| {
            self.servers.iter().map(|s| f(s).to_string().len() + 1).max().unwrap_or(0).max(min)
        };
        let (pw, qw, dw) = (col(7, &|s| u64::from(s.port)), col(9, &|s| s.queued), col(9, &|s| s.dropped));
        out.push_str(&format!(
            "{:<width$}{:<pw$}{:<qw$}{:<dw$}{}\n",
            "Server", "Port", "Queued", "Dropped", "Status"
        ));
        for s in &self.servers {
            let status = match &s.last_error {
                Some(e) => format!("delivery failing: {e}"),
                None => "ok".to_string(),
            };
            out.push_str(&format!(
                "{:<width$}{:<pw$}{:<qw$}{:<dw$}{status}\n",
                s.host, s.port, s.queued, s.dropped
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ImportedCa {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Successfully imported certificate {} ({} certificate{}) into {}.\n",
            self.name,
            self.certificates,
            if self.certificates == 1 { "" } else { "s" },
            self.trust_store
        ));
        if self.replaced {
            out.push_str("The certificate of the same name was replaced.\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
