//! `utils core active|inactive list|analyze` (CLI-REFERENCE §8.6, §1.8): the list's header,
//! rule and row layout and the analyze warning follow the captures; the line after an
//! analysis is ucsh's.

use crate::engine::cores::{CoreAnalysis, CoreList};
use crate::render::{to_json, Report};

/// The warning `analyze` gives before its `Continue (y/n)?`.
pub const ANALYZE_WARNING: &str = "\
This command may use a considerable amount of I/O
and running it may impact system performance.

It is highly recommended that this command be
run off-hours.

";

impl Report for CoreList {
    fn text(&self, out: &mut String) {
        if self.cores.is_empty() {
            out.push_str("No core files found\n");
            return;
        }
        out.push_str("Size         Date            Core File Name\n");
        out.push_str(&"=".repeat(65));
        out.push('\n');
        for c in &self.cores {
            out.push_str(&format!("{} KB   {}   {}\n", c.size_kb, c.date, c.name));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for CoreAnalysis {
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
