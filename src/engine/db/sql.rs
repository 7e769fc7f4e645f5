//! `run sql <statement>` on a node's replica, in the platform's Informix dialect.
//!
//! The statement is rewritten token by token into SQLite's dialect, so the admin guide's
//! forms run unchanged: `select first N`, `select skip M first N` (also inside subqueries
//! and derived tables), `matches`, and double-quoted string literals. Everything else
//! (`count(*)`, `is NULL`, `in (select ...)`, `concat`, `like`) is common to both.
//!
//! Reads need level 0 and changes level 1; changes are made on the publisher only and
//! replicate from there. SQLite's errors come back in Informix's numbered wording where
//! Informix has one.

use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::session::LEVEL_STANDARD;

use super::{open, repl};
use crate::engine::cancel::CancelToken;
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

/// What a statement returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SqlResult {
    /// A select: column names as the platform prints them, and the values (`None` = NULL).
    Rows { columns: Vec<String>, rows: Vec<Vec<Option<String>>> },
    /// A change: how many rows it touched.
    Changed { rows: usize },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Space(String),
    Word(String),
    Str(String),
    Other(String),
}

fn tokenize(sql: &str) -> Result<Vec<Tok>> {
    let mut out = Vec::new();
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            out.push(Tok::Space(chars[start..i].iter().collect()));
        } else if c == '\'' || c == '"' {
            // Informix takes both quotes for strings; '' (or "") inside doubles the quote.
            let mut text = String::new();
            i += 1;
            loop {
                if i >= chars.len() {
                    return Err(EngineError::Sql("-201 A syntax error has occurred.".into()));
                }
                if chars[i] == c {
                    if i + 1 < chars.len() && chars[i + 1] == c {
                        text.push(c);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                text.push(chars[i]);
                i += 1;
            }
            out.push(Tok::Str(text));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Tok::Other(c.to_string()));
            i += 1;
        }
    }
    Ok(out)
}

fn is_int(t: Option<&Tok>) -> Option<String> {
    match t {
        Some(Tok::Word(w)) if w.chars().all(|c| c.is_ascii_digit()) => Some(w.clone()),
        _ => None,
    }
}

struct Scope {
    depth: usize,
    limit: Option<String>,
    offset: Option<String>,
}

fn close(scope: Scope, out: &mut String) {
    match (scope.limit, scope.offset) {
        (Some(l), Some(o)) => out.push_str(&format!(" LIMIT {l} OFFSET {o}")),
        (Some(l), None) => out.push_str(&format!(" LIMIT {l}")),
        (None, Some(o)) => out.push_str(&format!(" LIMIT -1 OFFSET {o}")),
        (None, None) => {}
    }
}

/// Rewrites an Informix statement into SQLite's dialect.
pub fn translate(sql: &str) -> Result<String> {
    let toks = tokenize(sql.trim().trim_end_matches(';'))?;
    let mut out = String::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let next_word = |from: usize| -> usize {
        let mut j = from;
        while matches!(toks.get(j), Some(Tok::Space(_))) {
            j += 1;
        }
        j
    };
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w.eq_ignore_ascii_case("select") => {
                out.push_str(w);
                let mut scope = Scope { depth, limit: None, offset: None };
                let mut j = next_word(i + 1);
                while let Some(Tok::Word(k)) = toks.get(j) {
                    let kw = k.to_ascii_lowercase();
                    let n = next_word(j + 1);
                    let Some(num) = is_int(toks.get(n)) else { break };
                    match kw.as_str() {
                        "skip" => scope.offset = Some(num),
                        "first" | "limit" => scope.limit = Some(num),
                        _ => break,
                    }
                    j = next_word(n + 1);
                }
                if scope.limit.is_some() || scope.offset.is_some() {
                    out.push(' ');
                    i = j;
                } else {
                    i += 1;
                }
                scopes.push(scope);
                continue;
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("matches") => out.push_str("GLOB"),
            Tok::Word(w) => out.push_str(w),
            Tok::Space(s) => out.push_str(s),
            Tok::Str(s) => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            Tok::Other(o) if o == "(" => {
                depth += 1;
                out.push('(');
            }
            Tok::Other(o) if o == ")" => {
                while scopes.last().is_some_and(|s| s.depth == depth) {
                    if let Some(s) = scopes.pop() {
                        close(s, &mut out);
                    }
                }
                depth = depth.saturating_sub(1);
                out.push(')');
            }
            Tok::Other(o) => out.push_str(o),
        }
        i += 1;
    }
    while let Some(s) = scopes.pop() {
        close(s, &mut out);
    }
    Ok(out)
}

/// The kind of statement, from its first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

fn kind(sql: &str) -> Result<Kind> {
    let first = sql.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    match first.as_str() {
        "select" => Ok(Kind::Read),
        "insert" | "update" | "delete" => Ok(Kind::Write),
        "" => Err(EngineError::EmptySql),
        _ => Err(EngineError::Sql(
            "-201 A syntax error has occurred. (run sql takes one select, insert, update or delete statement)".into(),
        )),
    }
}

/// Informix's wording for SQLite's errors, where Informix has one.
fn informix_error(e: &rusqlite::Error) -> EngineError {
    let msg = match e {
        rusqlite::Error::MultipleStatement => "syntax error".to_string(),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    };
    let after = |p: &str| msg.split_once(p).map(|(_, r)| r.trim().to_string());
    let text = if let Some(t) = after("no such table:") {
        format!("-206 The specified table ({}) is not in the database.", t.trim_start_matches("main."))
    } else if let Some(c) = after("no such column:") {
        format!("-217 Column ({c}) not found in any table in the query (or SLV is undefined).")
    } else if msg.contains("syntax error") || msg.contains("incomplete input") {
        "-201 A syntax error has occurred.".to_string()
    } else if let Some(c) = after("UNIQUE constraint failed:") {
        format!("-268 Unique constraint ({c}) violated.")
    } else if let Some(c) = after("NOT NULL constraint failed:") {
        format!("-391 Cannot insert a null into column ({c}).")
    } else if msg.contains("CHECK constraint failed") {
        "-530 Check constraint failed.".to_string()
    } else if let Some(f) = after("no such function:") {
        format!("-674 Routine ({f}) can not be resolved.")
    } else {
        format!("-999 {msg}")
    };
    EngineError::Sql(text)
}

/// The header the platform prints for a result column.
fn header(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let plain = lower.rsplit('.').next().unwrap_or(&lower);
    if !plain.is_empty() && plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return plain.to_string();
    }
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed == "count(*)" {
        return "(count(*))".into();
    }
    for agg in ["count", "sum", "avg", "min", "max"] {
        if squeezed.starts_with(&format!("{agg}(")) {
            return format!("({agg})");
        }
    }
    "(expression)".into()
}

fn value_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// `run sql <statement>` on `node`.
pub fn run(op: &Op, statement: &str) -> Result<SqlResult> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    let kind = kind(statement)?;
    // The reference: every account may run read-only SQL (the catalog's level 0); write
    // statements are refused to read-only (level 0) accounts, and level 1 may write.
    if kind != Kind::Read {
        session.require(LEVEL_STANDARD)?;
    }
    super::dbreplication::ensure_db_running(node)?;
    let translated = translate(statement)?;
    // Deliver whatever is queued, so the replica shows what replication has brought.
    repl::replicate(lab, &node.cluster)?;
    if kind == Kind::Write {
        let publisher = repl::publisher_of(lab, node)?;
        if publisher.name() != node.name() {
            return Err(EngineError::SubscriberWrite { publisher: publisher.name().to_string() });
        }
        // The replication log and SQLite's own tables (sqlite_sequence numbers the log:
        // lowered, changes went unsent; removed, every later write failed) are not data.
        let lower = translated.to_ascii_lowercase();
        if lower.contains("cdr_") || lower.contains("sqlite_") {
            return Err(EngineError::Sql("-273 No UPDATE permission.".into()));
        }
    }
    let conn = open(node)?;
    interruptible(&conn, op.cancel(), || execute(lab, node, op.cancel(), &conn, &translated, kind))
}

/// A row of a select as it is streamed: the column names first, then each row's values.
#[derive(Debug, Clone, Copy)]
pub enum SqlRow<'a> {
    Columns(&'a [String]),
    Values(&'a [Option<String>]),
}

/// Whether `statement` is a select (which [`select_each`] streams).
pub fn is_select(statement: &str) -> bool {
    matches!(kind(statement), Ok(Kind::Read))
}

/// `run sql <select>` streamed: `each` gets the column names, then every row, and nothing
/// is kept, so a result of any size runs in constant memory (its text written as it comes);
/// `each` returning false stops it. Same rules as [`run`]. Returns the rows seen.
pub fn select_each(op: &Op, statement: &str, each: &mut dyn FnMut(SqlRow<'_>) -> bool) -> Result<usize> {
    let (lab, node) = (op.lab(), op.node());
    if kind(statement)? != Kind::Read {
        return Err(EngineError::Internal { what: "only a select statement can be streamed".into() });
    }
    super::dbreplication::ensure_db_running(node)?;
    let translated = translate(statement)?;
    repl::replicate(lab, &node.cluster)?;
    let conn = open(node)?;
    interruptible(&conn, op.cancel(), || {
        let mut st = conn.prepare(&translated).map_err(|e| sql_error(&e))?;
        if !st.readonly() {
            return Err(EngineError::Sql("-201 A syntax error has occurred.".into()));
        }
        let columns: Vec<String> = st.column_names().map(header).collect();
        if !each(SqlRow::Columns(&columns)) {
            return Ok(0);
        }
        let n = columns.len();
        let mut values = Vec::with_capacity(n);
        let mut seen = 0usize;
        let mut q = st.query([]).map_err(|e| sql_error(&e))?;
        while let Some(r) = q.next().map_err(|e| sql_error(&e))? {
            values.clear();
            for i in 0..n {
                values.push(value_text(r.get_ref(i).map_err(|e| sql_error(&e))?));
            }
            seen += 1;
            if !each(SqlRow::Values(&values)) {
                break;
            }
            if seen.is_multiple_of(4096) {
                op.cancel().check()?;
            }
        }
        Ok(seen)
    })
}

/// SQLite's error, or `Interrupted` when Ctrl-C stopped the statement.
fn sql_error(e: &rusqlite::Error) -> EngineError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
        EngineError::Interrupted
    } else {
        informix_error(e)
    }
}

/// Runs `work` on `conn` with Ctrl-C reaching SQLite inside a statement that returns no row
/// for a long time. Big sorts and temporary results go to a file, not memory.
fn interruptible<T>(
    conn: &rusqlite::Connection,
    cancel: &CancelToken,
    work: impl FnOnce() -> Result<T>,
) -> Result<T> {
    conn.execute_batch("PRAGMA temp_store = FILE;").map_err(|e| informix_error(&e))?;
    let done = std::sync::atomic::AtomicBool::new(false);
    let interrupt = conn.get_interrupt_handle();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if cancel.requested() {
                    interrupt.interrupt();
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        let result = work();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    })
}

/// Most rows `run sql` returns, and most memory its values may take (README): a bigger
/// result is refused with what to do, instead of growing until the process aborts.
pub const MAX_ROWS: usize = 1_000_000;
pub const MAX_RESULT_BYTES: usize = 256 << 20;
/// What one value costs besides its text (its place in the row and its allocation).
const VALUE_OVERHEAD: usize = 40;

fn too_big(rows: usize) -> EngineError {
    EngineError::SqlResultTooLarge { rows, megabytes: MAX_RESULT_BYTES >> 20 }
}

fn execute(
    lab: &Lab,
    node: &NodeHandle,
    cancel: &CancelToken,
    conn: &rusqlite::Connection,
    translated: &str,
    kind: Kind,
) -> Result<SqlResult> {
    let sql_error = |e: rusqlite::Error| sql_error(&e);
    let mut st = conn.prepare(translated).map_err(sql_error)?;
    if kind == Kind::Read && !st.readonly() {
        return Err(EngineError::Sql("-201 A syntax error has occurred.".into()));
    }
    if kind == Kind::Write {
        let n = st.execute([]).map_err(sql_error)?;
        drop(st);
        repl::replicate(lab, &node.cluster)?;
        return Ok(SqlResult::Changed { rows: n });
    }
    let columns: Vec<String> = st.column_names().map(header).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut bytes = 0usize;
    let mut q = st.query([]).map_err(sql_error)?;
    while let Some(r) = q.next().map_err(sql_error)? {
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v = value_text(r.get_ref(i).map_err(sql_error)?);
            bytes += v.as_ref().map_or(0, String::len) + VALUE_OVERHEAD;
            out.push(v);
        }
        rows.push(out);
        if rows.len() > MAX_ROWS || bytes > MAX_RESULT_BYTES {
            return Err(too_big(MAX_ROWS));
        }
        if rows.len().is_multiple_of(4096) {
            cancel.check()?;
        }
    }
    Ok(SqlResult::Rows { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_skip_and_limit_become_sqlite_limits() {
        let t = |s: &str| translate(s).expect(s);
        assert_eq!(t("select first 5 name from device"), "select name from device LIMIT 5");
        assert_eq!(
            t("select skip 10 first 5 name from device;"),
            "select name from device LIMIT 5 OFFSET 10"
        );
        assert_eq!(t("select skip 3 name from device"), "select name from device LIMIT -1 OFFSET 3");
        assert_eq!(t("SELECT LIMIT 2 name FROM device"), "SELECT name FROM device LIMIT 2");
    }

    #[test]
    fn a_subquery_keeps_its_own_limit() {
        assert_eq!(
            translate("select name from device where fkenduser in (select first 1 pkid from enduser)")
                .expect("translate"),
            "select name from device where fkenduser in (select pkid from enduser LIMIT 1)"
        );
    }

    #[test]
    fn matches_becomes_glob_and_strings_are_quoted_the_sqlite_way() {
        assert_eq!(
            translate("select userid from enduser where userid matches 'a*'").expect("translate"),
            "select userid from enduser where userid GLOB 'a*'"
        );
        assert_eq!(
            translate("select * from enduser where lastname = 'O''Brien'").expect("translate"),
            "select * from enduser where lastname = 'O''Brien'"
        );
    }

    #[test]
    fn statements_are_read_or_write_by_their_first_word() {
        assert_eq!(kind("select 1").expect("select"), Kind::Read);
        assert_eq!(kind("  UPDATE enduser set x = 1").expect("update"), Kind::Write);
        assert_eq!(kind("delete from x").expect("delete"), Kind::Write);
        assert!(kind("drop table enduser").is_err());
    }
}
