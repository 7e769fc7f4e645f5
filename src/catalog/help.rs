//! Help texts generated from the catalog: `help <words>`, `<words> ?` (the platform's
//! `Syntax:` layout) and the usage line used in errors, man pages and completion.

use super::{next_words, CommandSpec, ParamKind, ParamSpec, Scope};

fn param_usage(p: &ParamSpec) -> String {
    let body = match p.kind {
        ParamKind::Keyword if p.args.is_empty() => p.name.to_string(),
        ParamKind::Keyword => {
            let args: Vec<String> = p
                .args
                .iter()
                .map(|a| if a.choices.is_empty() { a.name.to_string() } else { a.choices.join("|") })
                .collect();
            format!("{} {}", p.name, args.join(" "))
        }
        ParamKind::Choice => p.choices.join("|"),
        ParamKind::Rest => format!("{}...", p.name),
        _ => p.name.to_string(),
    };
    if p.required {
        body
    } else {
        format!("[{body}]")
    }
}

/// `file list activelog file-spec [page] [detail]`
pub fn usage_line(spec: &CommandSpec) -> String {
    let mut line = spec.path.to_string();
    for p in spec.params {
        line.push(' ');
        line.push_str(&param_usage(p));
    }
    line
}

fn param_description(p: &ParamSpec) -> String {
    let mut d = p.help.to_string();
    if p.kind == ParamKind::Integer {
        if let (Some(min), Some(max)) = (p.min, p.max) {
            d = format!("{d} ({min}-{max})");
        }
    }
    if d.is_empty() {
        d = match p.kind {
            ParamKind::Choice => p.choices.join("|"),
            _ => String::new(),
        };
    }
    d
}

/// The platform's syntax query layout:
/// ```text
/// Syntax:
/// file list activelog file-spec [options]
/// file-spec   mandatory   file to view
/// ```
pub fn syntax_help(spec: &CommandSpec) -> String {
    let mut out = String::from("Syntax:\n");
    out.push_str(&usage_line(spec));
    out.push('\n');
    let width = spec.params.iter().map(|p| p.name.len()).max().unwrap_or(0).max(8) + 3;
    for p in spec.params {
        let need = if p.required { "mandatory" } else { "optional" };
        out.push_str(format!("{:<width$}{:<12}{}", p.name, need, param_description(p)).trim_end());
        out.push('\n');
    }
    out
}

/// `help <words>` for a leaf: `<words> help:`, the long help, options, examples.
fn leaf_help(spec: &CommandSpec) -> String {
    let mut out = format!("{} help:\n", spec.path);
    let body = if spec.help.is_empty() { spec.summary } else { spec.help };
    out.push_str(body.trim_end());
    out.push('\n');
    if spec.extension {
        out.push_str("(ucsh extension: not a command of the platform's own CLI)\n");
    }
    if !spec.params.is_empty() {
        out.push('\n');
        out.push_str(&syntax_help(spec));
    }
    out.push_str(&format!("\nPrivilege level: {}\nAvailable on: {}\n", spec.privilege, spec.roles_text()));
    if !spec.examples.is_empty() {
        out.push_str("\nExample:\n");
        for e in spec.examples {
            out.push_str(&format!("admin:{e}\n"));
        }
    }
    out
}

/// A list of next words with their one-line help (`?`, Tab listings, errors).
pub fn word_list(valid: &[(&str, &str)]) -> String {
    let width = valid.iter().map(|(w, _)| w.len()).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for (w, h) in valid {
        out.push_str(format!("  {w:<width$}{h}").trim_end());
        out.push('\n');
    }
    out
}

/// Help for any prefix of words: a leaf's full help, or the list of what may follow.
pub fn catalog_help(words: &[&str], scope: Scope) -> Option<String> {
    if let Some(spec) = super::COMMANDS.iter().find(|c| c.in_scope(scope) && c.words == words) {
        return Some(leaf_help(spec));
    }
    let valid = next_words(words, scope);
    if valid.is_empty() {
        return None;
    }
    let list: Vec<(&str, &str)> = valid.iter().map(|(w, _, h)| (*w, *h)).collect();
    if words.is_empty() {
        return Some(format!("Commands:\n{}", word_list(&list)));
    }
    Some(format!("{} help:\nCommands:\n{}", words.join(" "), word_list(&list)))
}
