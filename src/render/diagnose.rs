//! `utils diagnose ...` as the platform prints it (CLI-REFERENCE §8.4): the row layout,
//! the 27-character underline and the closing lines follow the captures.

use crate::engine::diagnose::{row, DiagnoseVersion, Diagnosis, Module};
use crate::render::{to_json, Report};

impl Report for Diagnosis {
    fn text(&self, out: &mut String) {
        // The CM capture of `test` starts with a blank line; the IM and Presence one and
        // single modules do not.
        if self.communications_manager == Some(true) && !self.single {
            out.push('\n');
        }
        out.push_str(&format!("Log file: {}\n", self.log));
        if !self.single {
            out.push('\n');
        }
        out.push_str("Starting diagnostic test(s)\n");
        out.push_str("===========================\n");
        for r in &self.modules {
            out.push_str(&row(r));
            out.push('\n');
        }
        out.push_str("Diagnostics Completed\n");
        out.push_str(&format!("The final output will be in Log file: {}\n", self.log));
        out.push_str(&format!("Please use 'file view activelog {}' command to see the output\n", self.log));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.failed()
    }
}

/// `utils diagnose list`.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct ModuleList(pub Vec<Module>);

impl Report for ModuleList {
    fn text(&self, out: &mut String) {
        out.push_str("Available diagnostics modules\n");
        for m in &self.0 {
            let note = if m.off_hours { " (run directly, off hours)" } else { "" };
            out.push_str(&format!("{:<21}- {}{note}\n", m.name, m.description));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(&self.0)
    }
}

impl Report for DiagnoseVersion {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Diagnostics version: {} ({} modules)\n", self.version, self.modules));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::diagnose::{ModuleResult, Outcome};

    #[test]
    fn a_single_module_prints_as_the_finesse_capture() {
        let d = Diagnosis {
            log: "platform/log/diag1.log".into(),
            single: true,
            communications_manager: Some(true),
            modules: vec![ModuleResult { module: "validate_network", outcome: Outcome::Passed(None) }],
        };
        let mut out = String::new();
        d.text(&mut out);
        assert_eq!(
            out,
            "Log file: platform/log/diag1.log\nStarting diagnostic test(s)\n===========================\n\
             test - validate_network    : Passed\nDiagnostics Completed\n\
             The final output will be in Log file: platform/log/diag1.log\n\
             Please use 'file view activelog platform/log/diag1.log' command to see the output\n"
        );
    }
}
