//! Reads back `run sql` (render/run_sql.rs): the column names, a line of `=` as wide as
//! each column (which gives the columns' places), then the rows; `NULL` is a null (as on
//! the platform, a text value `NULL` reads the same); a change is `Rows: N`. Padding is
//! not data: a value's trailing blanks are lost, as on the platform's screen, and a row
//! whose values are all empty reads as no row.

use super::ParseCtx;
use crate::engine::db::sql::SqlResult;
use crate::render::Report;

pub fn run_sql(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_run_sql(text)?))
}

/// `(start, end)` in characters of each run of `=` (the last runs to the end of a line).
fn places(bars: &str) -> Result<Vec<(usize, Option<usize>)>, String> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in bars.chars().chain(std::iter::once(' ')).enumerate() {
        match (c, start) {
            ('=', None) => start = Some(i),
            ('=', Some(_)) => {}
            (' ', Some(s)) => {
                out.push((s, Some(i)));
                start = None;
            }
            (' ', None) => return Err("two blanks between columns of the = line".into()),
            _ => return Err(format!("not a = line: {bars:?}")),
        }
    }
    if let Some(last) = out.last_mut() {
        last.1 = None;
    }
    Ok(out)
}

fn cells(line: &str, places: &[(usize, Option<usize>)]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    places
        .iter()
        .map(|&(s, e)| {
            let end = e.unwrap_or(chars.len()).min(chars.len());
            chars
                .get(s.min(end)..end)
                .map(|c| c.iter().collect::<String>())
                .unwrap_or_default()
                .trim_end()
                .to_string()
        })
        .collect()
}

pub fn parse_run_sql(text: &str) -> Result<SqlResult, String> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).ok_or("no output")?;
    if let Some(n) = lines[first].strip_prefix("Rows: ") {
        return Ok(SqlResult::Changed { rows: super::number(n, "Rows")? });
    }
    let bars = lines.get(first + 1).ok_or("no = line under the column names")?;
    let places = places(bars)?;
    let columns = cells(lines[first], &places);
    let rows = lines[first + 2..]
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| cells(l, &places).into_iter().map(|v| (v != "NULL").then_some(v)).collect())
        .collect();
    Ok(SqlResult::Rows { columns, rows })
}
