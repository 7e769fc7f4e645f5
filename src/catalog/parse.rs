//! Line → [`Invocation`]: pure, no engine, no I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{next_words, CommandSpec, ParamKind, ParamSpec, Scope, COMMANDS};

/// One word of a line, with where it stands (byte offsets) so rest-of-line parameters can
/// take the text verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

/// Splits a line into words; a "double-quoted string" is one word (without its quotes).
pub fn tokenize(line: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut text = String::new();
            let mut end = line.len();
            for (i, ch) in chars.by_ref() {
                if ch == '"' {
                    end = i + 1;
                    break;
                }
                text.push(ch);
            }
            tokens.push(Token { text, start, end, quoted: true });
            continue;
        }
        let mut end = line.len();
        let mut text = String::new();
        while let Some(&(i, ch)) = chars.peek() {
            if ch.is_whitespace() {
                end = i;
                break;
            }
            text.push(ch);
            chars.next();
        }
        tokens.push(Token { text, start, end, quoted: false });
    }
    tokens
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Flag(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Invocation {
    pub spec: &'static CommandSpec,
    pub args: BTreeMap<&'static str, Value>,
    /// The line as typed (trimmed).
    pub line: String,
}

impl Invocation {
    pub fn flag(&self, name: &str) -> bool {
        self.args.contains_key(name)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        match self.args.get(name) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.args.get(name) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn list(&self, name: &str) -> Option<&[String]> {
        match self.args.get(name) {
            Some(Value::List(v)) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum ParseError {
    /// A word that is not a command at this point; `valid` are the words that are.
    UnknownWord {
        prefix: Vec<String>,
        word: String,
        valid: Vec<(&'static str, &'static str)>,
    },
    /// The words stop at a group; `valid` are the words that may follow.
    Incomplete {
        prefix: Vec<String>,
        valid: Vec<(&'static str, &'static str)>,
    },
    MissingParam {
        spec: &'static CommandSpec,
        param: &'static str,
    },
    BadValue {
        spec: &'static CommandSpec,
        param: &'static str,
        value: String,
        reason: String,
    },
    TooMany {
        spec: &'static CommandSpec,
        extra: String,
    },
    /// The line as a whole cannot be a command (a control character, an unmatched quote).
    BadLine {
        reason: String,
    },
}

/// Refuses what no command takes: control characters (an escape sequence or a newline
/// would reach the terminal again in the error that echoes the line, or forge output) and
/// a `"` that opens a quoted string and never closes it.
fn check_line(line: &str, tokens: &[Token]) -> Result<(), ParseError> {
    if let Some(c) = line.chars().find(|c| c.is_control() && *c != '\t') {
        return Err(ParseError::BadLine {
            reason: format!(
                "the line contains the control character {}; type the command without it",
                crate::engine::text::printable(&c.to_string())
            ),
        });
    }
    if let Some(t) =
        tokens.iter().find(|t| t.quoted && (t.end - t.start < 2 || !line[..t.end].ends_with('"')))
    {
        return Err(ParseError::BadLine {
            reason: format!("the quote (\") at column {} is not closed; close it or remove it", t.start + 1),
        });
    }
    Ok(())
}

/// Finds the leaf command the line names; returns it and the index of the first token
/// after its words.
fn resolve(tokens: &[Token], scope: Scope) -> Result<(&'static CommandSpec, usize), ParseError> {
    let mut prefix: Vec<&str> = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let valid = next_words(&prefix, scope);
        let Some(&(word, _, _)) = valid.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(&tok.text)) else {
            return Err(ParseError::UnknownWord {
                prefix: prefix.iter().map(|s| s.to_string()).collect(),
                word: tok.text.clone(),
                valid: valid.iter().map(|(w, _, h)| (*w, *h)).collect(),
            });
        };
        prefix.push(word);
        if let Some(spec) = COMMANDS.iter().find(|c| c.in_scope(scope) && c.words == prefix.as_slice()) {
            return Ok((spec, i + 1));
        }
    }
    Err(ParseError::Incomplete {
        prefix: prefix.iter().map(|s| s.to_string()).collect(),
        valid: next_words(&prefix, scope).iter().map(|(w, _, h)| (*w, *h)).collect(),
    })
}

fn check_value(
    spec: &'static CommandSpec,
    param: &'static str,
    kind: ParamKind,
    choices: &'static [&'static str],
    min: Option<i64>,
    max: Option<i64>,
    raw: &str,
) -> Result<Value, ParseError> {
    let bad = |reason: String| ParseError::BadValue { spec, param, value: raw.to_string(), reason };
    match kind {
        ParamKind::Integer => {
            let n: i64 = raw.parse().map_err(|_| bad("must be a whole number".into()))?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err(bad(format!(
                    "must be between {} and {}",
                    min.map_or("-".into(), |m| m.to_string()),
                    max.map_or("-".into(), |m| m.to_string())
                )));
            }
            Ok(Value::Int(n))
        }
        ParamKind::Choice => choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(raw))
            .map(|c| Value::Text((*c).to_string()))
            .ok_or_else(|| bad(format!("must be one of {}", choices.join(", ")))),
        _ => Ok(Value::Text(raw.to_string())),
    }
}

/// Parses a whole line for the commands visible in `scope`.
pub fn parse(line: &str, scope: Scope) -> Result<Invocation, ParseError> {
    let line = line.trim();
    let tokens = tokenize(line);
    check_line(line, &tokens)?;
    let (spec, first) = resolve(&tokens, scope)?;
    let mut args: BTreeMap<&'static str, Value> = BTreeMap::new();
    let positionals: Vec<&'static ParamSpec> = spec.positionals().collect();
    let required = positionals.iter().filter(|p| p.required).count();
    let mut next_positional = 0;
    let mut i = first;
    while i < tokens.len() {
        let tok = &tokens[i];
        let filled_required = next_positional >= required;
        // A `--name` option (the host commands') is never a value, so it may come first too.
        let keyword = if tok.quoted || !(filled_required || tok.text.starts_with("--")) {
            None
        } else {
            spec.keywords().find(|k| k.name.eq_ignore_ascii_case(&tok.text) && !args.contains_key(k.name))
        };
        if let Some(k) = keyword {
            if k.args.is_empty() {
                args.insert(k.name, Value::Flag(true));
                i += 1;
                continue;
            }
            let mut values = Vec::new();
            for (n, a) in k.args.iter().enumerate() {
                let Some(t) = tokens.get(i + 1 + n) else {
                    return Err(ParseError::MissingParam { spec, param: a.name });
                };
                match check_value(spec, a.name, a.kind, a.choices, a.min, a.max, &t.text)? {
                    Value::Int(v) => values.push(v.to_string()),
                    Value::Text(s) => values.push(s),
                    _ => values.push(t.text.clone()),
                }
            }
            args.insert(k.name, Value::List(values));
            i += 1 + k.args.len();
            continue;
        }
        let Some(p) = positionals.get(next_positional) else {
            return Err(ParseError::TooMany { spec, extra: tok.text.clone() });
        };
        next_positional += 1;
        if p.kind == ParamKind::Rest {
            // One quoted word is taken without its quotes (`ucsh utils service start "Cisco Tomcat"`).
            let raw = if i + 1 == tokens.len() && tok.quoted {
                tok.text.clone()
            } else {
                line[tok.start..].trim_end().to_string()
            };
            args.insert(p.name, Value::Text(raw));
            break;
        }
        args.insert(p.name, check_value(spec, p.name, p.kind, p.choices, p.min, p.max, &tok.text)?);
        i += 1;
    }
    if let Some(p) = positionals.iter().skip(next_positional).find(|p| p.required) {
        return Err(ParseError::MissingParam { spec, param: p.name });
    }
    Ok(Invocation { spec, args, line: line.to_string() })
}
