//! Help texts generated from the catalog: `help <words>`, `<words> ?` (the platform's
//! `Syntax:` layout) and the usage line used in errors, man pages and completion.

use super::{next_words, CommandSpec, ParamKind, ParamSpec, Scope, SyntaxTable};

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
    syntax_query(spec, None)
}

/// `<words> ?` for a command: the platform's usage line and parameter rows where the
/// catalog has them (`syntax`, `syntax_params`), else both generated from the parameters;
/// then the catalog's table of values, if any. `choice` is the value typed for the
/// command's leading choice parameter (`file list activelog ?`): it stands in the usage
/// line for `{name}`, which otherwise shows all the choices.
pub fn syntax_query(spec: &CommandSpec, choice: Option<&str>) -> String {
    let mut out = String::from("Syntax:\n");
    match spec.syntax {
        Some(template) => out.push_str(&fill_template(spec, template, choice)),
        None => out.push_str(&usage_line(spec)),
    }
    out.push('\n');
    let rows: Vec<(String, &str, String)> = if spec.syntax.is_some() {
        spec.syntax_params.iter().map(|(n, need, t)| (n.to_string(), *need, t.to_string())).collect()
    } else {
        spec.params
            .iter()
            .map(|p| {
                (p.name.to_string(), if p.required { "mandatory" } else { "optional" }, param_description(p))
            })
            .collect()
    };
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0).max(8) + 3;
    for (name, need, text) in &rows {
        out.push_str(format!("{name:<width$}{need:<12}{text}").trim_end());
        out.push('\n');
    }
    if let Some(table) = spec.syntax_table {
        out.push_str(&values_table(table));
    }
    out
}

/// `{name}` in a usage template: the typed choice, or the parameter's choices.
fn fill_template(spec: &CommandSpec, template: &str, choice: Option<&str>) -> String {
    let mut line = template.to_string();
    for p in spec.params.iter().filter(|p| p.kind == ParamKind::Choice) {
        let key = format!("{{{}}}", p.name);
        if line.contains(&key) {
            let value = match choice {
                Some(c) if p.choices.iter().any(|x| x.eq_ignore_ascii_case(c)) => c.to_ascii_lowercase(),
                _ => p.choices.join("|"),
            };
            line = line.replace(&key, &value);
        }
    }
    line
}

/// A blank line, the heading, the column titles (each column padded to the widest entry
/// and three spaces), a blank line and the rows.
fn values_table(table: &SyntaxTable) -> String {
    let cols = table.columns.len();
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            let cells = table.rows.iter().filter_map(|r| r.get(i)).map(|c| c.len());
            cells.chain(std::iter::once(table.columns[i].len())).max().unwrap_or(0) + 7
        })
        .collect();
    let row = |cells: &mut dyn Iterator<Item = &str>| {
        let mut line = String::new();
        for (i, c) in cells.enumerate() {
            if i + 1 < cols {
                line.push_str(&format!("{c:<w$}", w = widths[i]));
            } else {
                line.push_str(c);
            }
        }
        format!("{}\n", line.trim_end())
    };
    let mut out = format!("\n{}\n", table.heading);
    out.push_str(&row(&mut table.columns.iter().copied()));
    out.push('\n');
    for r in table.rows {
        out.push_str(&row(&mut r.iter().copied()));
    }
    out
}

/// `help <words> <value>` where the value is one of the command's leading choices (`help
/// file list activelog`): the platform's `<value> help:` block with the options as
/// `name - text` lines and the examples for that value.
pub fn choice_help(spec: &CommandSpec, choice: &str) -> String {
    let choice = choice.to_ascii_lowercase();
    let mut out = format!("{choice} help:\n");
    let body = if spec.help.is_empty() { spec.summary } else { spec.help };
    out.push_str(body.trim_end());
    out.push('\n');
    let keywords: Vec<&ParamSpec> = spec.keywords().collect();
    if !keywords.is_empty() {
        out.push_str("\noptions are:\n");
        let width = keywords.iter().map(|k| k.name.len()).max().unwrap_or(0);
        for k in &keywords {
            out.push_str(&format!("{:<width$} - {}\n", k.name, k.help));
        }
    }
    let examples: Vec<&&str> = spec
        .examples
        .iter()
        .filter(|e| {
            e.split_whitespace().nth(spec.words.len()).is_some_and(|w| w.eq_ignore_ascii_case(&choice))
        })
        .collect();
    if !examples.is_empty() {
        out.push_str("\nExample:\n");
        for e in examples {
            out.push_str(&format!("{}{e}\n", spec.example_prefix()));
        }
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
            out.push_str(&format!("{}{e}\n", spec.example_prefix()));
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
    if let Some((last, head)) = words.split_last() {
        let leaf = super::COMMANDS.iter().find(|c| c.in_scope(scope) && c.words == head);
        if let Some(spec) = leaf.filter(|s| leading_choice(s).is_some_and(|p| has_choice(p, last))) {
            return Some(choice_help(spec, last));
        }
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

/// The command's first positional parameter when it is a choice that the platform spells
/// as a command word (`file list activelog`): its usage template names it (`{partition}`).
pub fn leading_choice(spec: &CommandSpec) -> Option<&ParamSpec> {
    let template = spec.syntax?;
    spec.positionals()
        .next()
        .filter(|p| p.kind == ParamKind::Choice && template.contains(&format!("{{{}}}", p.name)))
}

fn has_choice(p: &ParamSpec, word: &str) -> bool {
    p.choices.iter().any(|c| c.eq_ignore_ascii_case(word))
}
