//! Reads back `utils branding enable | disable | status | preview | upload`
//! (`render/branding.rs`).
//!
//! A problem line is `Error: <entry>: <reason>` or `Warning: <entry>: <reason>`, the entry
//! escaped by `engine::text::printable`: the parsed entry is the escaped one, and an entry
//! holding `": "` reads back split at its first one. The kind of a problem (archive, unsafe,
//! layout, image, properties) is not in the text. Problems come in the text's order, errors
//! first.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::dbreplication::same_text;
use super::partial::{after_questions, Partial};
use super::ParseCtx;
use crate::engine::branding::{
    BrandingAction, BrandingChange, BrandingFile, BrandingStatus, Installed, LayoutOption, ProblemLevel,
};
use crate::render::{to_json, wording, Report};

/// A problem as its line shows it (no kind).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownProblem {
    pub entry: String,
    pub level: ProblemLevel,
    pub reason: String,
}

impl ShownProblem {
    fn line(&self, out: &mut String) {
        let level = match self.level {
            ProblemLevel::Error => "Error",
            ProblemLevel::Warning => "Warning",
        };
        out.push_str(&format!("{level}: {}: {}\n", self.entry, self.reason));
    }
}

/// A problem line, or `None` for a line of another kind.
fn problem(line: &str) -> Option<ShownProblem> {
    let (level, rest) = if let Some(r) = line.strip_prefix("Error: ") {
        (ProblemLevel::Error, r)
    } else {
        (ProblemLevel::Warning, line.strip_prefix("Warning: ")?)
    };
    let (entry, reason) = rest.split_once(": ")?;
    Some(ShownProblem { entry: entry.to_string(), level, reason: reason.to_string() })
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn errors(problems: &[ShownProblem]) -> usize {
    problems.iter().filter(|p| p.level == ProblemLevel::Error).count()
}

/// `utils branding enable | disable`: what was done and the warnings of an enabled archive.
/// The node, the file and its layout are not in the text.
pub fn change(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let v = parse_change(text)?;
    Ok(Box::new(Partial::new(v, &["node", "file", "option", "warnings.*.kind"])))
}

pub fn parse_change(text: &str) -> Result<BrandingChange, String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let (last, warnings) = lines.split_last().ok_or("no output")?;
    let (action, changed) = match *last {
        wording::BRANDING_ENABLED => (BrandingAction::Enable, true),
        wording::BRANDING_DISABLED => (BrandingAction::Disable, true),
        wording::BRANDING_ALREADY_DISABLED => (BrandingAction::Disable, false),
        other => return Err(format!("not a branding change: {other:?}")),
    };
    let warnings = warnings
        .iter()
        .map(|l| match problem(l) {
            Some(p) if p.level == ProblemLevel::Warning => Ok(crate::engine::branding::Problem {
                entry: p.entry,
                level: p.level,
                // Not in the text; left out of the JSON.
                kind: crate::engine::branding::ProblemKind::Archive,
                reason: p.reason,
            }),
            _ => Err(format!("not a warning line: {l:?}")),
        })
        .collect::<Result<_, _>>()?;
    let v = BrandingChange { node: String::new(), action, changed, file: None, option: None, warnings };
    same_text(&v, text, "a branding change")?;
    Ok(v)
}

fn when(s: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S UTC")
        .map(|d| d.and_utc())
        .map_err(|_| format!("not a time: {s:?}"))
}

/// `<source> (<bytes> bytes)`.
fn file_line(s: &str) -> Result<(String, u64), String> {
    let (source, bytes) = s
        .strip_suffix(" bytes)")
        .and_then(|r| r.rsplit_once(" ("))
        .ok_or_else(|| format!("not a file: {s:?}"))?;
    Ok((source.to_string(), super::number(bytes, "bytes")?))
}

/// `<when> by <account>`.
fn when_by(s: &str) -> Result<(DateTime<Utc>, String), String> {
    let (at, by) = s.split_once(" UTC by ").ok_or_else(|| format!("not a time and account: {s:?}"))?;
    Ok((when(&format!("{at} UTC"))?, by.to_string()))
}

fn value<'t>(lines: &[&'t str], label: &str) -> Option<&'t str> {
    lines.iter().find_map(|l| l.strip_prefix(label)).map(|v| v.strip_prefix(": ").unwrap_or(v))
}

/// `utils branding status`. Not in the text: the node, where the upload is kept, when the
/// installed file was uploaded and by whom, the colours; and, while branding is enabled, an
/// upload that is the file installed (or none): `uploaded` is then left out of the JSON.
pub fn status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let v = parse_status(text)?;
    let mut unknown = vec![
        "node",
        "upload_path",
        "installed.file.placed_at",
        "installed.file.placed_by",
        "installed.colours",
    ];
    if v.enabled && v.uploaded.is_none() {
        unknown.push("uploaded");
    }
    Ok(Box::new(Partial::new(v, &unknown)))
}

pub fn parse_status(text: &str) -> Result<BrandingStatus, String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let enabled = match lines.first().copied() {
        Some(wording::BRANDING_IS_ENABLED) => true,
        Some(wording::BRANDING_IS_DISABLED) => false,
        other => return Err(format!("not a branding status: {other:?}")),
    };
    let installed = match value(&lines, "Branding file ") {
        None => None,
        Some(f) => {
            let (source, bytes) = file_line(f)?;
            let option = match value(&lines, "Layout        ").ok_or("no Layout line")? {
                "single header" => LayoutOption::SingleHeader,
                "gradient header" => LayoutOption::Gradient,
                other => return Err(format!("not a layout: {other:?}")),
            };
            let (enabled_at, enabled_by) =
                when_by(value(&lines, "Enabled       ").ok_or("no Enabled line")?)?;
            Some(Installed {
                // When and by whom it was uploaded is not in the text.
                file: BrandingFile { source, bytes, placed_at: enabled_at, placed_by: String::new() },
                option,
                enabled_at,
                enabled_by,
                colours: Default::default(),
            })
        }
    };
    let upload = value(&lines, "Newer upload  ").or_else(|| value(&lines, "Uploaded file "));
    let uploaded = match upload {
        None => None,
        Some(f) => {
            let (source, bytes) = file_line(f)?;
            let (placed_at, placed_by) = when_by(value(&lines, "Uploaded      ").ok_or("no Uploaded line")?)?;
            Some(BrandingFile { source, bytes, placed_at, placed_by })
        }
    };
    let v =
        BrandingStatus { node: String::new(), enabled, installed, uploaded, upload_path: Default::default() };
    same_text(&v, text, "utils branding status")?;
    Ok(v)
}

/// The file a preview or an upload names, as the text shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownFile {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

/// The problems a preview or an upload lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownValidation {
    pub problems: Vec<ShownProblem>,
}

/// `utils branding preview` as its text shows it: the file's source, where the page was
/// written, the problems (errors make the exit status 3). JSON: that part of the engine's
/// own (`{"activelog_path", "file": {"source"}, "validation": {"problems"}}`); the node, the
/// page's path on the lab host, the file's size and the layout are not in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewShown {
    pub activelog_path: String,
    pub file: ShownFile,
    pub validation: ShownValidation,
}

impl Report for PreviewShown {
    fn text(&self, out: &mut String) {
        for p in &self.validation.problems {
            p.line(out);
        }
        out.push_str(&format!(
            "Branding preview of {} written to activelog {}\n",
            self.file.source, self.activelog_path
        ));
        let n = errors(&self.validation.problems);
        if n > 0 {
            out.push_str(&format!(
                "The page lists {}; utils branding enable would refuse this file.\n",
                plural(n, "error")
            ));
        }
        out.push_str(&format!("Use \"file get activelog {}\" to fetch it.\n", self.activelog_path));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        errors(&self.validation.problems) > 0
    }
}

/// The problem lines at the start of `lines`, and the rest.
fn problems_then<'a, 't>(lines: &'a [&'t str]) -> (Vec<ShownProblem>, &'a [&'t str]) {
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(p) = lines.get(i).and_then(|l| problem(l)) {
        problems.push(p);
        i += 1;
    }
    (problems, &lines[i..])
}

pub fn preview(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_preview(text)?))
}

pub fn parse_preview(text: &str) -> Result<PreviewShown, String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let (problems, rest) = problems_then(&lines);
    let head = rest.first().and_then(|l| l.strip_prefix("Branding preview of ")).ok_or("no preview line")?;
    let (source, path) = head.rsplit_once(" written to activelog ").ok_or("no activelog path")?;
    let v = PreviewShown {
        activelog_path: path.to_string(),
        file: ShownFile { source: source.to_string(), bytes: None },
        validation: ShownValidation { problems },
    };
    same_text(&v, text, "utils branding preview")?;
    Ok(v)
}

/// `utils branding upload` as its text shows it (after the SFTP server's questions): the
/// node, the file's source and size, the problems `enable` would find (errors make the exit
/// status 3). JSON: that part of the engine's own; where the node keeps the file, when it
/// was placed and by whom are not in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedShown {
    pub node: String,
    pub file: ShownFile,
    pub validation: ShownValidation,
}

impl Report for PlacedShown {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "{} placed on {} ({} bytes from {})\n",
            wording::BRANDING_ZIP,
            self.node,
            self.file.bytes.unwrap_or_default(),
            self.file.source
        ));
        for p in &self.validation.problems {
            p.line(out);
        }
        let n = errors(&self.validation.problems);
        if n == 0 {
            out.push_str("It passes every check; \"utils branding enable\" on the node will install it.\n");
        } else {
            out.push_str(&format!(
                "It has {}; \"utils branding enable\" will refuse it.\n",
                plural(n, "error")
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        errors(&self.validation.problems) > 0
    }
}

pub fn upload(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(
        text,
        &[super::cert::SFTP_QUESTIONS, &["Branding file path on the server: "]].concat(),
    );
    Ok(Box::new(parse_upload(text)?))
}

pub fn parse_upload(text: &str) -> Result<PlacedShown, String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let head = lines
        .first()
        .and_then(|l| l.strip_prefix(&format!("{} placed on ", wording::BRANDING_ZIP)))
        .ok_or("no placed line")?;
    let (node, rest) = head.split_once(" (").ok_or("no size")?;
    let (bytes, source) = rest
        .strip_suffix(')')
        .and_then(|r| r.split_once(" bytes from "))
        .ok_or_else(|| format!("not a placed line: {head:?}"))?;
    let (problems, _) = problems_then(&lines[1..]);
    let v = PlacedShown {
        node: node.to_string(),
        file: ShownFile { source: source.to_string(), bytes: Some(super::number(bytes, "bytes")?) },
        validation: ShownValidation { problems },
    };
    same_text(&v, text, "utils branding upload")?;
    Ok(v)
}
