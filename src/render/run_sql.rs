//! `run sql` output as the platform prints it: a header of column names, a line of `=` as
//! wide as each column, then the rows, values left-justified (numbers too), NULL as
//! `NULL`, columns separated by one space; the last column is not padded. A change prints
//! `Rows: N`.

use crate::engine::db::sql::SqlResult;
use crate::render::{to_json, Report};

pub(crate) fn line(out: &mut String, cells: &[&str], widths: &[usize]) {
    let mut text = String::new();
    for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            text.push(' ');
        }
        if i + 1 == cells.len() {
            text.push_str(c);
        } else {
            text.push_str(&format!("{c:<w$}"));
        }
    }
    out.push_str(text.trim_end());
    out.push('\n');
}

impl Report for SqlResult {
    fn text(&self, out: &mut String) {
        match self {
            SqlResult::Changed { rows } => out.push_str(&format!("Rows: {rows}\n")),
            SqlResult::Rows { columns, rows } => {
                // Values are data: control characters are shown escaped, never sent to the
                // terminal (the JSON keeps them as they are).
                let escaped: Vec<Vec<Option<String>>>;
                let rows = if rows.iter().flatten().flatten().any(|v| crate::engine::text::has_control(v)) {
                    let shown = |v: &str| crate::engine::text::printable(v).into_owned();
                    escaped =
                        rows.iter().map(|r| r.iter().map(|v| v.as_deref().map(shown)).collect()).collect();
                    &escaped
                } else {
                    rows
                };
                let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
                for r in rows {
                    for (w, v) in widths.iter_mut().zip(r) {
                        *w = (*w).max(v.as_deref().map_or(4, |s| s.chars().count()));
                    }
                }
                let names: Vec<&str> = columns.iter().map(String::as_str).collect();
                line(out, &names, &widths);
                let bars: Vec<String> = widths.iter().map(|w| "=".repeat(*w)).collect();
                let bars: Vec<&str> = bars.iter().map(String::as_str).collect();
                line(out, &bars, &widths);
                if rows.is_empty() {
                    out.push('\n');
                }
                for r in rows {
                    let cells: Vec<&str> = r.iter().map(|v| v.as_deref().unwrap_or("NULL")).collect();
                    line(out, &cells, &widths);
                }
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The header and `=` lines of a result whose columns are `widths` wide (streamed output).
pub(crate) fn head(out: &mut String, columns: &[String], widths: &[usize]) {
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    line(out, &names, widths);
    let bars: Vec<String> = widths.iter().map(|w| "=".repeat(*w)).collect();
    let bars: Vec<&str> = bars.iter().map(String::as_str).collect();
    line(out, &bars, widths);
}

/// One row of streamed output: NULL as `NULL`, control characters escaped.
pub(crate) fn row(out: &mut String, values: &[Option<String>], widths: &[usize]) {
    let cells: Vec<std::borrow::Cow<'_, str>> = values
        .iter()
        .map(|v| v.as_deref().map_or(std::borrow::Cow::Borrowed("NULL"), crate::engine::text::printable))
        .collect();
    let cells: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
    line(out, &cells, widths);
}

/// A cell's width as the text shows it.
pub(crate) fn width(v: Option<&str>) -> usize {
    v.map_or(4, |s| crate::engine::text::printable(s).chars().count())
}
