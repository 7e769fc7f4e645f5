//! `utils branding ...` and `ucsh cluster branding-file`: the results as the platform's
//! text (ucsh wording where the platform's is not public; see `wording.rs`) and JSON.
//!
//! Problems with an archive are one line each, `Error: <entry>: <reason>` or
//! `Warning: <entry>: <reason>`, errors first, in the order found.

use chrono::{DateTime, Utc};

use super::{to_json, wording, Report};
use crate::engine::branding::{
    BrandingAction, BrandingChange, BrandingFile, BrandingPlaced, BrandingPreview, BrandingStatus, Problem,
    ProblemLevel, Validation,
};

fn when(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn problem_line(p: &Problem, out: &mut String) {
    let level = match p.level {
        ProblemLevel::Error => "Error",
        ProblemLevel::Warning => "Warning",
    };
    // Entry names come from the archive: escaped, one cannot forge a line of its own.
    out.push_str(&format!(
        "{level}: {}: {}\n",
        crate::engine::text::printable(&p.entry),
        crate::engine::text::printable(&p.reason)
    ));
}

/// Every problem, errors first, one line each.
pub fn problem_lines(v: &Validation, out: &mut String) {
    for p in v.errors().chain(v.warnings()) {
        problem_line(p, out);
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The reason lines of a refused archive (before `Executed command unsuccessfully`).
pub fn rejected(v: &Validation) -> String {
    let mut out = format!(
        "{} has {}; nothing was changed:\n",
        wording::BRANDING_ZIP,
        plural(v.errors().count(), "error")
    );
    problem_lines(v, &mut out);
    out.trim_end_matches('\n').to_string()
}

fn file_line(f: &BrandingFile) -> String {
    format!("{} ({} bytes)", f.source, f.bytes)
}

impl Report for BrandingChange {
    fn text(&self, out: &mut String) {
        for w in &self.warnings {
            problem_line(w, out);
        }
        let line = match (self.action, self.changed) {
            (BrandingAction::Enable, _) => wording::BRANDING_ENABLED,
            (BrandingAction::Disable, true) => wording::BRANDING_DISABLED,
            (BrandingAction::Disable, false) => wording::BRANDING_ALREADY_DISABLED,
        };
        out.push_str(line);
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for BrandingStatus {
    fn text(&self, out: &mut String) {
        out.push_str(if self.enabled { wording::BRANDING_IS_ENABLED } else { wording::BRANDING_IS_DISABLED });
        out.push('\n');
        if let Some(i) = &self.installed {
            out.push_str(&format!("Branding file : {}\n", file_line(&i.file)));
            out.push_str(&format!("Layout        : {}\n", i.option.describe()));
            out.push_str(&format!("Enabled       : {} by {}\n", when(&i.enabled_at), i.enabled_by));
        }
        match &self.uploaded {
            Some(u) if self.installed.as_ref().is_some_and(|i| &i.file == u) => {}
            Some(u) => {
                let label = if self.enabled { "Newer upload  " } else { "Uploaded file " };
                out.push_str(&format!("{label}: {}\n", file_line(u)));
                out.push_str(&format!("Uploaded      : {} by {}\n", when(&u.placed_at), u.placed_by));
            }
            None if !self.enabled => out.push_str(&format!("{}\n", wording::BRANDING_NO_UPLOAD)),
            None => {}
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for BrandingPreview {
    fn text(&self, out: &mut String) {
        problem_lines(&self.validation, out);
        out.push_str(&format!(
            "Branding preview of {} written to activelog {}\n",
            self.file.source, self.activelog_path
        ));
        if !self.validation.is_valid() {
            out.push_str(&format!(
                "The page lists {}; utils branding enable would refuse this file.\n",
                plural(self.validation.errors().count(), "error")
            ));
        }
        out.push_str(&format!("Use \"file get activelog {}\" to fetch it.\n", self.activelog_path));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        !self.validation.is_valid()
    }
}

impl Report for BrandingPlaced {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "{} placed on {} ({} bytes from {})\n",
            wording::BRANDING_ZIP,
            self.node,
            self.file.bytes,
            self.file.source
        ));
        problem_lines(&self.validation, out);
        if self.validation.is_valid() {
            out.push_str("It passes every check; \"utils branding enable\" on the node will install it.\n");
        } else {
            out.push_str(&format!(
                "It has {}; \"utils branding enable\" will refuse it.\n",
                plural(self.validation.errors().count(), "error")
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        !self.validation.is_valid()
    }
}
