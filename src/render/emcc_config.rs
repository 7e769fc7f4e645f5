//! The results of the EMCC configuration lab commands (commands/emcc_config.toml): ucsh's
//! own wording, in the style of the other `cluster emcc` commands.

use std::fmt::Write as _;

use crate::engine::em::visiting::{SecurityModeChange, ServiceProfile};
use crate::render::{to_json, Report};

fn true_false(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

impl Report for ServiceProfile {
    fn text(&self, out: &mut String) {
        let services: Vec<String> =
            self.services.iter().map(|(name, on)| format!("{name} {}", true_false(*on))).collect();
        let _ = writeln!(
            out,
            "EMCC Intercluster Service Profile of {} {}: Active {}",
            self.cluster,
            self.action,
            services.join(", ")
        );
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for SecurityModeChange {
    fn text(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Cluster Security Mode of {}: {} (was {})",
            self.cluster,
            self.after.describe(),
            self.before.describe()
        );
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
