//! Reads back `utils dbreplication runtimestate` (`render/dbreplication.rs`). The text
//! does not carry the rows that differ (`rows_differing`, known only to `status`): it is
//! `null` in the parsed result.

use super::{number, ParseCtx};
use crate::engine::db::dbreplication::{LastCommand, NodeRow, ReplState, RuntimeState};
use crate::render::Report;

pub fn runtimestate(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_runtimestate(text)?))
}

fn after<'t>(line: &'t str, prefix: &str) -> Result<&'t str, String> {
    line.trim_start().strip_prefix(prefix).ok_or_else(|| format!("expected \"{prefix}\", found \"{line}\""))
}

/// `N tables out of M`-like numbers: the text between `before` and `after_`.
fn between<'t>(line: &'t str, before: &str, after_: &str) -> Result<&'t str, String> {
    let rest = after(line, before)?;
    rest.strip_suffix(after_).ok_or_else(|| format!("expected \"{after_}\" at the end of \"{line}\""))
}

pub fn parse_runtimestate(text: &str) -> Result<RuntimeState, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i =
        lines.iter().position(|l| l.starts_with("Server Time: ")).ok_or("no \"Server Time:\" line")?;
    let server_time = after(lines[i], "Server Time: ")?.to_string();
    let mut next = || -> Result<&str, String> {
        loop {
            i += 1;
            let l = *lines.get(i).ok_or("the text ends early")?;
            if !l.trim().is_empty() {
                return Ok(l);
            }
        }
    };
    let state = after(next()?, "Cluster Replication State: ")?;
    let last_command = if state == "Only available on the PUB" {
        None
    } else if let Some(ended_at) = state.strip_prefix("BROADCAST SYNC ended at: ") {
        let tables = after(next()?, "Sync Result: SYNC COMPLETED on ")?;
        let tables = tables.split(" tables out of ").next().unwrap_or("");
        after(next()?, "Sync Status: ")?;
        let log = between(next()?, "Use CLI to see detail: 'file view activelog ", "'")?;
        Some(LastCommand::Broadcast {
            ended_at: ended_at.to_string(),
            tables: number(tables, "tables")?,
            log: log.into(),
        })
    } else if let Some(started_at) = state.strip_prefix("Replication status command started at: ") {
        let counts = between(next()?, "Replication status command COMPLETED. Checked ", "")?;
        let (checked, total) = counts.split_once(" tables out of ").ok_or("no table counts")?;
        let last_table = after(next()?, "Last Completed Table: ")?.to_string();
        let m = next()?.trim();
        let mismatched_tables = if m == "No Errors or Mismatches found." {
            0
        } else {
            number(between(m, "Mismatches found in ", " tables.")?, "mismatched tables")?
        };
        let report = between(next()?, "Use 'file view activelog ", "' to see the details")?;
        Some(LastCommand::Status {
            started_at: started_at.to_string(),
            checked: number(checked, "checked")?,
            total: number(total, "total")?,
            last_table,
            mismatched_tables,
            report: report.into(),
        })
    } else if let Some(started_at) = state.strip_prefix("Replication repair command started at: ") {
        let counts = between(next()?, "Replication repair command COMPLETED ", "")?;
        let (processed, total) = counts.split_once(" tables processed out of ").ok_or("no table counts")?;
        let m = next()?.trim();
        let rows_fixed = if m == "No Errors or Mismatches found." {
            0
        } else {
            number(between(m, "", " rows repaired.")?, "rows")?
        };
        let report = between(next()?, "Use 'file view activelog ", "' to see the details")?;
        Some(LastCommand::Repair {
            started_at: started_at.to_string(),
            processed: number(processed, "processed")?,
            total: number(total, "total")?,
            rows_fixed,
            report: report.into(),
        })
    } else {
        return Err(format!("unknown replication state \"{state}\""));
    };
    let db_version = after(next()?, "DB Version: ")?.to_string();
    let repltimeout = number(between(next()?, "Repltimeout set to: ", "s")?, "repltimeout")?;
    let process = number(after(next()?, "PROCESS option set to: ")?, "PROCESS")?;
    let view = between(next()?, "Cluster Detailed View from ", " Servers):")?;
    let (view_from, count) = view.rsplit_once(" (").ok_or("no server count")?;
    let count: usize = number(count, "server count")?;
    // Three heading lines, then one row per server.
    for _ in 0..3 {
        next()?;
    }
    let mut nodes = Vec::with_capacity(count.min(256));
    for _ in 0..count {
        nodes.push(row(next()?)?);
    }
    Ok(RuntimeState {
        server_time,
        last_command,
        db_version,
        repltimeout,
        process,
        view_from: view_from.to_string(),
        nodes,
    })
}

/// The first `n` blank-separated words of `line` and the text after them.
fn words(line: &str, n: usize) -> Option<(Vec<&str>, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut rest = line;
    for _ in 0..n {
        let t = rest.trim_start();
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        if end == 0 {
            return None;
        }
        out.push(&t[..end]);
        rest = &t[end..];
    }
    Some((out, rest))
}

fn yn(c: &str) -> Result<bool, String> {
    match c {
        "Y" => Ok(true),
        "N" => Ok(false),
        _ => Err(format!("\"{c}\" is neither Y nor N")),
    }
}

fn repl_state(n: &str) -> Result<ReplState, String> {
    Ok(match n {
        "0" => ReplState::NotStarted,
        "1" => ReplState::CountIncorrect,
        "2" => ReplState::Good,
        "3" => ReplState::Bad,
        "4" => ReplState::SetupFailed,
        _ => return Err(format!("unknown replication state ({n})")),
    })
}

/// `name  ip  0.021  Y/Y/Y  0  (g_2)  (2) Setup Completed`; a node that does not answer
/// has `-` for its ping.
fn row(line: &str) -> Result<NodeRow, String> {
    let (w, rest) = words(line, 7).ok_or_else(|| format!("a server row with too few columns: \"{line}\""))?;
    let flags: Vec<&str> = w[3].split('/').collect();
    if flags.len() != 3 {
        return Err(format!("not DB/RPC/DbMon flags: \"{}\"", w[3]));
    }
    let group = w[5].strip_prefix("(g_").and_then(|g| g.strip_suffix(')')).ok_or("no (g_N) group")?;
    let state = w[6].strip_prefix('(').and_then(|s| s.strip_suffix(')')).ok_or("no (N) state")?;
    Ok(NodeRow {
        name: w[0].to_string(),
        ip: w[1].to_string(),
        ping_ms: if w[2] == "-" { None } else { Some(number(w[2], "ping")?) },
        db: yn(flags[0])?,
        rpc: yn(flags[1])?,
        dbmon: yn(flags[2])?,
        queue: number(w[4], "queue")?,
        group_id: number(group, "group")?,
        state: repl_state(state)?,
        detail: rest.strip_prefix(' ').unwrap_or(rest).to_string(),
        rows_differing: None,
    })
}
