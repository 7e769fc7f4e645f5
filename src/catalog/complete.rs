//! Completion: line and cursor → where the completed word starts and its candidates.
//! Command words come from the catalog; values (node names, service names, log paths,
//! accounts, ...) from a [`DynamicSource`] the front provides, so this stays pure.

use super::parse::tokenize;
use super::{next_words, CommandSpec, ParamKind, Scope, COMMANDS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What replaces the partial word (a trailing space when the word is complete).
    pub replacement: String,
    /// What a listing shows: the word, with `*` when more words follow it.
    pub display: String,
    pub help: String,
}

/// Values for parameters whose catalog entry names a completion source.
pub trait DynamicSource {
    /// The values of `source` (e.g. "services") for the text typed so far.
    fn values(&self, source: &str, typed: &str) -> Vec<String>;
}

/// No dynamic values (generation, tests of the pure parts).
impl DynamicSource for () {
    fn values(&self, _source: &str, _typed: &str) -> Vec<String> {
        Vec::new()
    }
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn value_candidates(values: Vec<String>, typed: &str, help: &str) -> Vec<Candidate> {
    let mut vals: Vec<String> = values.into_iter().filter(|v| starts_with_ci(v, typed)).collect();
    vals.sort();
    vals.dedup();
    vals.into_iter()
        .map(|v| Candidate { replacement: format!("{v} "), display: v, help: help.to_string() })
        .collect()
}

/// Completes `line` at byte offset `cursor`. Returns the byte offset where the replaced
/// text starts, and the candidates.
pub fn complete(
    line: &str,
    cursor: usize,
    scope: Scope,
    source: &dyn DynamicSource,
) -> (usize, Vec<Candidate>) {
    let cursor = cursor.min(line.len());
    let head = &line[..cursor];
    let tokens = tokenize(head);
    let at_new_word = head.is_empty() || head.ends_with(char::is_whitespace);
    let (done, partial, start) = if at_new_word || tokens.is_empty() {
        (tokens.as_slice(), String::new(), cursor)
    } else {
        let last = &tokens[tokens.len() - 1];
        (&tokens[..tokens.len() - 1], last.text.clone(), last.start)
    };
    // Walk the command words.
    let mut prefix: Vec<&str> = Vec::new();
    let mut leaf: Option<&'static CommandSpec> = None;
    let mut used = 0;
    for tok in done {
        let valid = next_words(&prefix, scope);
        let Some(&(w, _, _)) = valid.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(&tok.text)) else {
            return (start, Vec::new());
        };
        prefix.push(w);
        used += 1;
        if let Some(spec) = COMMANDS.iter().find(|c| c.in_scope(scope) && c.words == prefix.as_slice()) {
            leaf = Some(spec);
            break;
        }
    }
    let Some(spec) = leaf else {
        let cands = next_words(&prefix, scope)
            .into_iter()
            .filter(|(w, _, _)| starts_with_ci(w, &partial))
            .map(|(w, is_leaf, h)| Candidate {
                replacement: format!("{w} "),
                display: if is_leaf { w.to_string() } else { format!("{w}*") },
                help: h.to_string(),
            })
            .collect();
        return (start, cands);
    };
    // Parameters: find what comes next.
    let args = &done[used..];
    let positionals: Vec<_> = spec.positionals().collect();
    // A rest-of-line parameter with a source completes the whole remaining text.
    if let Some(rest) = positionals.iter().find(|p| p.kind == ParamKind::Rest) {
        let fixed = positionals.iter().take_while(|p| p.kind != ParamKind::Rest).count();
        if args.len() >= fixed {
            let rest_start = args.get(fixed).map(|t| t.start).unwrap_or(start);
            let typed = &line[rest_start.min(cursor)..cursor];
            if let Some(src) = rest.complete {
                let help = rest.help;
                let cands = value_candidates(source.values(src, typed), typed, help);
                return (rest_start.min(cursor), cands);
            }
            return (start, Vec::new());
        }
    }
    // Inside a keyword's arguments?
    let mut i = 0;
    let mut positional_index = 0;
    let mut used_keywords: Vec<&str> = Vec::new();
    while i < args.len() {
        let t = &args[i].text;
        if let Some(k) = spec.keywords().find(|k| k.name.eq_ignore_ascii_case(t)) {
            used_keywords.push(k.name);
            let remaining = args.len() - i - 1;
            if remaining < k.args.len() {
                let a = &k.args[remaining];
                let values = if !a.choices.is_empty() {
                    a.choices.iter().map(|s| s.to_string()).collect()
                } else if let Some(src) = a.complete {
                    source.values(src, &partial)
                } else {
                    Vec::new()
                };
                return (start, value_candidates(values, &partial, a.name));
            }
            i += 1 + k.args.len();
            continue;
        }
        positional_index += 1;
        i += 1;
    }
    let mut cands = Vec::new();
    if let Some(p) = positionals.get(positional_index) {
        let values = if !p.choices.is_empty() {
            p.choices.iter().map(|s| s.to_string()).collect()
        } else if let Some(src) = p.complete {
            source.values(src, &partial)
        } else {
            Vec::new()
        };
        cands.extend(value_candidates(values, &partial, p.help));
    }
    let required_left = positionals.iter().skip(positional_index).any(|p| p.required);
    if !required_left {
        for k in spec.keywords().filter(|k| !used_keywords.contains(&k.name)) {
            if starts_with_ci(k.name, &partial) {
                cands.push(Candidate {
                    replacement: format!("{} ", k.name),
                    display: k.name.to_string(),
                    help: k.help.to_string(),
                });
            }
        }
    }
    (start, cands)
}
