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
        let (checked, total) = status_counts(next()?)?;
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
            checked,
            total,
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
    // A capture taken while a status check runs may end here.
    let Ok(view) = next() else {
        return Ok(RuntimeState {
            server_time,
            last_command,
            db_version,
            repltimeout,
            process,
            view_from: None,
            nodes: Vec::new(),
        });
    };
    let view = between(view, "Cluster Detailed View from ", " Servers):")?;
    let (view_from, count) = view.rsplit_once(" (").ok_or("no server count")?;
    let count: usize = number(count, "server count")?;
    if count > MAX_SERVERS {
        return Err(format!("{count} servers: more than a cluster has ({MAX_SERVERS})"));
    }
    // Heading lines up to the dashes (two or three of them: some copies lose the first),
    // then one row per server.
    while !next()?.trim_start().starts_with("-----------") {}
    let mut nodes = Vec::with_capacity(count);
    for _ in 0..count {
        nodes.push(row(next()?)?);
    }
    Ok(RuntimeState {
        server_time,
        last_command,
        db_version,
        repltimeout,
        process,
        view_from: Some(view_from.to_string()),
        nodes,
    })
}

/// The servers a runtimestate view may list: a cluster has at most 21 (CUCM) or 6 (IM and
/// Presence) nodes; this bound leaves room and stops a runaway text.
const MAX_SERVERS: usize = 256;

/// The status check's counts, in the wording of each release: 15.x `COMPLETED. Checked N
/// tables out of M`, 14.x while it runs `in PROGRESS. Checked N tables out of M`, 10.x
/// `COMPLETED N tables checked out of M`.
fn status_counts(line: &str) -> Result<(usize, usize), String> {
    let rest = after(line, "Replication status command ")?;
    let (checked, total) = if let Some(r) =
        rest.strip_prefix("COMPLETED. Checked ").or_else(|| rest.strip_prefix("in PROGRESS. Checked "))
    {
        r.split_once(" tables out of ").ok_or("no table counts")?
    } else if let Some(r) = rest.strip_prefix("COMPLETED ") {
        r.split_once(" tables checked out of ").ok_or("no table counts")?
    } else {
        return Err(format!("not a status check line: \"{line}\""));
    };
    let (checked, total): (usize, usize) = (number(checked, "checked")?, number(total, "total")?);
    if rest.starts_with("COMPLETED") && checked < total {
        return Err(format!("a completed check of {checked} tables out of {total}"));
    }
    Ok((checked, total))
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
        "-" => ReplState::Unknown,
        _ => return Err(format!("unknown replication state ({n})")),
    })
}

/// `name  ip  0.021  Y/Y/Y  0  (g_2)  (2) Setup Completed`; a node that does not answer
/// has `-` for its ping, and a node whose state was not reported `(-)` for its state.
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

// ----- the other `utils dbreplication` commands (replication, branding, syslog,
// certificates, DRS group) -----

use super::partial::{after_questions, Partial};
use crate::engine::db::dbreplication::{
    ClusterReset, DropAdminDb, ForceDataSync, NodeOutcome, RepairReport, ReplTimeout, ResetReport,
    StatusReport, StopReport,
};
use crate::engine::db::maintenance::{
    NodeAudit, NodeTableRepair, ProcessOption, QuickAudit, Rebuild, TableRepair,
};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};

/// What a declined confirmation writes.
const CANCELLED: &str = "Command cancelled: nothing was changed.";

/// The text's lines without the blank ones at either end, each without trailing blanks.
fn trimmed_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines.iter().position(|l| !l.is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.is_empty()).map_or(start, |e| e + 1);
    lines[start..end].to_vec()
}

/// The parsed value writes the text it was read from (the fixed lines too): anything else
/// is a text of another shape, and an error.
pub(crate) fn same_text(value: &dyn Report, text: &str, what: &str) -> Result<(), String> {
    let mut again = String::new();
    value.text(&mut again);
    if trimmed_lines(&again) == trimmed_lines(text) {
        Ok(())
    } else {
        Err(format!("not the text of {what}"))
    }
}

/// The value after `prefix` on the first line that begins with it.
fn line_after<'t>(text: &'t str, prefix: &str) -> Result<&'t str, String> {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::trim_end)
        .ok_or_else(|| format!("no \"{prefix}\" line"))
}

/// `OK [ip]` / `ERROR [ip] why` lines after `Error details if found will be listed below`;
/// the node's name and the rows rewritten are not in the text (left empty and 0).
fn outcome_lines(text: &str, after_line: Option<&str>) -> Result<Vec<NodeOutcome>, String> {
    let lines = trimmed_lines(text);
    let from = match after_line {
        Some(a) => lines.iter().position(|l| *l == a).ok_or_else(|| format!("no \"{a}\" line"))? + 1,
        None => lines
            .iter()
            .position(|l| l.starts_with("OK [") || l.starts_with("ERROR ["))
            .unwrap_or(lines.len()),
    };
    lines[from..].iter().map(|l| outcome_line(l)).collect()
}

fn outcome_line(line: &str) -> Result<NodeOutcome, String> {
    let (ip, reason) = ip_and_rest(line)?;
    Ok(NodeOutcome {
        node: String::new(),
        ip,
        ok: reason.is_none(),
        reason: reason.map(str::to_string),
        rows_synced: 0,
    })
}

/// `OK [ip]<rest>` gives (ip, None) with `rest`; `ERROR [ip] why` gives (ip, Some(why)).
fn ip_and_rest(line: &str) -> Result<(String, Option<&str>), String> {
    let bad = || format!("not a node line: {line:?}");
    if let Some(r) = line.strip_prefix("OK [") {
        let (ip, _) = r.split_once(']').ok_or_else(bad)?;
        Ok((ip.to_string(), None))
    } else if let Some(r) = line.strip_prefix("ERROR [") {
        let (ip, why) = r.split_once("] ").ok_or_else(bad)?;
        Ok((ip.to_string(), Some(why)))
    } else {
        Err(bad())
    }
}

/// What follows `OK [ip]` on an OK line.
fn ok_rest(line: &str) -> &str {
    line.split_once(']').map_or("", |(_, r)| r)
}

fn partial_nodes(value: impl Report + 'static) -> Box<dyn Report> {
    Box::new(Partial::new(value, &["nodes.*.node", "nodes.*.rows_synced"]))
}

fn check<T: Report + 'static>(value: T, text: &str, what: &str) -> Result<T, String> {
    same_text(&value, text, what)?;
    Ok(value)
}

/// `utils dbreplication status`. As on the platform the text names only the report: the
/// tables checked and each node's differences are not in it (left out of the JSON), and the
/// exit status does not show the findings (the engine's own exits 3 when replicas differ).
pub fn status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(Partial::new(parse_status(text)?, &["tables_checked", "nodes"])))
}

pub fn parse_status(text: &str) -> Result<StatusReport, String> {
    let report = line_after(text, "The final output will be in file ")?.to_string();
    check(StatusReport { report, tables_checked: 0, nodes: Vec::new() }, text, "utils dbreplication status")
}

/// `utils dbreplication repair`: the text names the report only (what was repaired, per
/// node, is left out of the JSON).
pub fn repair(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(Partial::new(parse_repair(text)?, &["nodes"])))
}

pub fn parse_repair(text: &str) -> Result<RepairReport, String> {
    let report = line_after(text, "Output will be in file ")?.to_string();
    check(RepairReport { report, nodes: Vec::new() }, text, "utils dbreplication repair")
}

/// `utils dbreplication reset`: each node by its address (its name and the rows rewritten
/// are not in the text).
pub fn reset(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(partial_nodes(parse_reset(text)?))
}

pub fn parse_reset(text: &str) -> Result<ResetReport, String> {
    let nodes = outcome_lines(text, Some("Error details if found will be listed below"))?;
    check(ResetReport { nodes }, text, "utils dbreplication reset")
}

/// `utils dbreplication stop`: as reset.
pub fn stop(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(partial_nodes(parse_stop(text)?))
}

pub fn parse_stop(text: &str) -> Result<StopReport, String> {
    let nodes = outcome_lines(text, None)?;
    check(StopReport { nodes }, text, "utils dbreplication stop")
}

/// The answer to `Continue (y/n)?` declined: nothing was done.
fn cancelled(text: &str) -> bool {
    trimmed_lines(text) == [CANCELLED]
}

/// `utils dbreplication clusterreset` (after its warning and `Continue (y/n)?`): the log and
/// each node by its address, or the command cancelled.
pub fn clusterreset(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[CONTINUE_YN]);
    if cancelled(text) {
        return Ok(Box::new(Cancelled));
    }
    Ok(partial_nodes(parse_clusterreset(text)?))
}

pub fn parse_clusterreset(text: &str) -> Result<ClusterReset, String> {
    let log = line_after(text, "Output will be in file ")?.to_string();
    let nodes = outcome_lines(text, Some("Error details if found will be listed below"))?;
    check(ClusterReset { log, nodes }, text, "utils dbreplication clusterreset")
}

/// `utils dbreplication dropadmindb` (after its confirmation): all of it.
pub fn dropadmindb(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[CONTINUE_YN]);
    if cancelled(text) {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(parse_dropadmindb(text)?))
}

pub fn parse_dropadmindb(text: &str) -> Result<DropAdminDb, String> {
    let node = line_after(text, "Dropping the syscdr database on ")?.to_string();
    let n = line_after(text, "The syscdr database was dropped (")?;
    let n = n.strip_suffix(" replication definitions removed).").ok_or("no definitions count")?;
    check(DropAdminDb { node, definitions_dropped: number(n, "definitions")? }, text, "dropadmindb")
}

/// `utils dbreplication forcedatasyncsub` (after its confirmation): each node by its
/// address (its name is not in the text).
pub fn forcedatasyncsub(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[CONTINUE_YN]);
    if cancelled(text) {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(Partial::new(parse_forcedatasyncsub(text)?, &["nodes.*.node"])))
}

pub fn parse_forcedatasyncsub(text: &str) -> Result<ForceDataSync, String> {
    let head = line_after(text, "Restoring subscriber data from the publisher (timeout ")?;
    let head = head.strip_suffix(").").ok_or("no end of the timeout")?;
    let (head, offload_publisher) = match head.strip_suffix(", publisher offloaded") {
        Some(h) => (h, true),
        None => (head, false),
    };
    let minutes = head.strip_suffix(" minutes per node").ok_or("no minutes per node")?;
    let mut nodes = Vec::new();
    for l in trimmed_lines(text).iter().filter(|l| l.starts_with("OK [") || l.starts_with("ERROR [")) {
        let mut o = outcome_line(l)?;
        if o.ok {
            let rows = ok_rest(l)
                .trim()
                .strip_suffix(" rows restored")
                .ok_or_else(|| format!("no rows in {l:?}"))?;
            o.rows_synced = number(rows, "rows restored")?;
        }
        nodes.push(o);
    }
    let v = ForceDataSync { timeout_minutes: number(minutes, "timeout")?, offload_publisher, nodes };
    check(v, text, "utils dbreplication forcedatasyncsub")
}

/// `utils dbreplication setrepltimeout`: all of it.
pub fn setrepltimeout(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_setrepltimeout(text)?))
}

pub fn parse_setrepltimeout(text: &str) -> Result<ReplTimeout, String> {
    let r = line_after(text, "Replication timeout changed from ")?;
    let (previous, seconds) = r
        .strip_suffix("s.")
        .and_then(|r| r.split_once("s to "))
        .ok_or_else(|| format!("not a timeout change: {r:?}"))?;
    let v = ReplTimeout { previous: number(previous, "previous")?, seconds: number(seconds, "seconds")? };
    check(v, text, "utils dbreplication setrepltimeout")
}

/// `utils dbreplication repairtable | repairreplicate`: each node by its address (its name
/// and the rows written are not in the text); a node left unrepaired exits 3.
pub fn repairtable(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(Partial::new(parse_table_repair(text)?, &["nodes.*.node", "nodes.*.rows_written"])))
}

pub fn parse_table_repair(text: &str) -> Result<TableRepair, String> {
    let head = trimmed_lines(text).first().copied().unwrap_or_default();
    let command = match head {
        "-------------------- utils dbreplication repairtable --------------------" => "repairtable",
        "-------------------- utils dbreplication repairreplicate --------------------" => "repairreplicate",
        _ => return Err(format!("not a table repair: {head:?}")),
    };
    let r = line_after(text, "Repairing table ")?;
    let (table, replicate) = r
        .strip_suffix(')')
        .and_then(|r| r.rsplit_once(" (replicate "))
        .ok_or_else(|| format!("no replicate in {r:?}"))?;
    let mut nodes = Vec::new();
    for l in trimmed_lines(text).iter().filter(|l| l.starts_with("OK [") || l.starts_with("ERROR [")) {
        let (ip, reason) = ip_and_rest(l)?;
        let rows_fixed = match reason {
            Some(_) => 0,
            None => number(
                ok_rest(l)
                    .trim()
                    .strip_suffix(" rows repaired")
                    .ok_or_else(|| format!("no rows in {l:?}"))?,
                "rows repaired",
            )?,
        };
        nodes.push(NodeTableRepair {
            node: String::new(),
            ip,
            repaired: reason.is_none(),
            reason: reason.map(str::to_string),
            rows_fixed,
            rows_written: 0,
        });
    }
    let v = TableRepair {
        command,
        table: table.to_string(),
        replicate: replicate.to_string(),
        report: line_after(text, "Output is in file ")?.to_string(),
        nodes,
    };
    check(v, text, "a table repair")
}

/// `utils dbreplication quickaudit`: all of it; a node that differs or was not checked
/// exits 3.
pub fn quickaudit(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_quickaudit(text)?))
}

pub fn parse_quickaudit(text: &str) -> Result<QuickAudit, String> {
    let head = line_after(text, "Quick audit of the dynamic tables against the publisher (")?;
    // No table after the colon leaves `):` at the end of the (trimmed) line.
    let (publisher, tables) =
        head.split_once("): ").or_else(|| head.strip_suffix("):").map(|p| (p, ""))).ok_or("no publisher")?;
    let tables: Vec<String> =
        if tables.is_empty() { Vec::new() } else { tables.split(", ").map(str::to_string).collect() };
    let lines = trimmed_lines(text);
    let end = lines.iter().position(|l| l.starts_with("Output is in file ")).ok_or("no output file")?;
    let mut nodes = Vec::new();
    for l in lines[1..end].iter().filter(|l| !l.is_empty()) {
        let (node, rest) = l.split_once(": ").ok_or_else(|| format!("not a node line: {l:?}"))?;
        let node = node.to_string();
        nodes.push(if let Some(why) = rest.strip_prefix("not checked: ") {
            NodeAudit { node, checked: false, reason: Some(why.to_string()), differing: Vec::new() }
        } else if rest.starts_with("in sync (") {
            NodeAudit { node, checked: true, reason: None, differing: Vec::new() }
        } else if let Some(list) = rest.strip_prefix("rows differ: ") {
            let differing = list
                .split(", ")
                .map(|d| {
                    let (t, c) = d.rsplit_once(' ').ok_or_else(|| format!("not a table count: {d:?}"))?;
                    Ok((t.to_string(), number(c, "rows")?))
                })
                .collect::<Result<_, String>>()?;
            NodeAudit { node, checked: true, reason: None, differing }
        } else {
            return Err(format!("not a node line: {l:?}"));
        });
    }
    let v = QuickAudit {
        publisher: publisher.to_string(),
        tables,
        report: line_after(text, "Output is in file ")?.to_string(),
        nodes,
    };
    check(v, text, "utils dbreplication quickaudit")
}

/// `utils dbreplication rebuild` (after its confirmation): each node by its address (its
/// name and the rows rewritten are not in the text); a node not rebuilt exits 3.
pub fn rebuild(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[CONTINUE_YN]);
    if cancelled(text) {
        return Ok(Box::new(Cancelled));
    }
    Ok(partial_nodes(parse_rebuild(text)?))
}

pub fn parse_rebuild(text: &str) -> Result<Rebuild, String> {
    let report = line_after(text, "Output will be in file ")?.to_string();
    let nodes = outcome_lines(text, Some("Error details if found will be listed below"))?;
    check(Rebuild { report, nodes }, text, "utils dbreplication rebuild")
}

/// `utils dbreplication setprocess`: all of it (without a value it only shows the option).
pub fn setprocess(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_setprocess(text)?))
}

pub fn parse_setprocess(text: &str) -> Result<ProcessOption, String> {
    let v = if let Ok(r) = line_after(text, "PROCESS option changed from ") {
        let (p, n) = r.strip_suffix('.').and_then(|r| r.split_once(" to ")).ok_or("not a PROCESS change")?;
        ProcessOption { previous: number(p, "previous")?, process: number(n, "process")?, changed: true }
    } else {
        let p: u32 = number(line_after(text, "PROCESS option set to: ")?, "process")?;
        ProcessOption { previous: p, process: p, changed: false }
    };
    check(v, text, "utils dbreplication setprocess")
}

#[cfg(test)]
mod tests {
    //! Captures of real nodes (shared/CLI-REFERENCE.md §2.4) read back.
    use super::*;

    #[test]
    fn cucm_14_after_a_broadcast_sync() {
        let text = "
Server Time: Tue Apr  2 15:16:04 CDT 2024

Cluster Replication State: BROADCAST SYNC ended at: 2021-12-07-17-47
     Sync Result: SYNC COMPLETED on 749 tables out of 749
     Sync Status: All Tables are in sync
     Use CLI to see detail: 'file view activelog cm/trace/dbl/20211207_174435_dbl_repl_output_Broadcast.log'

DB Version: ccm14_0_1_11900_132

Repltimeout set to: 300s
PROCESS option set to: 1


Cluster Detailed View from cucm1.dcloud.cisco.com (2 Servers):

                                      PING      DB/RPC/   REPL.    Replication    REPLICATION SETUP
SERVER-NAME         IP ADDRESS        (msec)    DbMon?    QUEUE    Group ID       (RTMT) & Details
-----------         ----------        ------    -------   -----    -----------    ------------------
cucm1               198.18.133.3      0.020     Y/Y/Y     0        (g_2)          (2) Setup Completed
cucm2               198.18.133.33     0.256     Y/Y/Y     579      (g_5)          (2) Setup Completed

";
        let r = parse_runtimestate(text).expect("parses");
        assert_eq!(r.view_from.as_deref(), Some("cucm1.dcloud.cisco.com"));
        assert_eq!(r.nodes.len(), 2);
        assert_eq!((r.nodes[1].queue, r.nodes[1].group_id, r.nodes[1].ping_ms), (579, 5, Some(0.256)));
        let mut again = String::new();
        r.text(&mut again);
        assert_eq!(again, text, "the 14.x capture is what the renderer writes");
    }

    #[test]
    fn cucm_14_while_a_status_check_runs() {
        let text = "
Server Time: Tue Apr  2 15:20:34 CDT 2024

Cluster Replication State: Replication status command started at: 2024-04-02-15-19
     Replication status command in PROGRESS. Checked 680 tables out of 749
     Last Completed Table: applicationuserdevicemap
     No Errors or Mismatches found.

     Use 'file view activelog cm/trace/dbl/sdi/ReplicationStatus.2024_04_02_15_19_23.out' to see the details


DB Version: ccm14_0_1_11900_132

Repltimeout set to: 300s
PROCESS option set to: 1
";
        let r = parse_runtimestate(text).expect("parses");
        match &r.last_command {
            Some(LastCommand::Status { checked, total, last_table, .. }) => {
                assert_eq!((*checked, *total, last_table.as_str()), (680, 749, "applicationuserdevicemap"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!((r.view_from.as_deref(), r.nodes.len()), (None, 0));
        let mut again = String::new();
        r.text(&mut again);
        assert!(again.contains("in PROGRESS. Checked 680 tables out of 749"), "{again}");
    }

    #[test]
    fn cucm_10_5_wording_flattened_with_a_failed_node() {
        // As a blog copied it: no indentation, runs of blanks collapsed, one heading line lost.
        let text = "\
Server Time: Sat Dec 14 05:15:51 PST 2019
Cluster Replication State: Replication status command started at: 2019-03-13-04-19
Replication status command COMPLETED 681 tables checked out of 681
Last Completed Table: devicenumplanmapremdestmap
No Errors or Mismatches found.
Use 'file view activelog cm/trace/dbl/sdi/ReplicationStatus.2019_03_13_04_19_40.out' to see the details
DB Version: ccm10_5_2_12901_1
Repltimeout set to: 300s
PROCESS option set to: 1
Cluster Detailed View from iptlab-ccmpub (2 Servers):
SERVER-NAME IP ADDRESS (msec) DbMon? QUEUE Group ID (RTMT) & Details
----------- ---------- ------ ------- ----- ----------- ------------------
iptlab-ccmpub 172.30.100.21 0.016 Y/Y/Y 0 (g_2) (3) Out Of Sync
iptlab-ccmsub1 172.30.100.25 0.157 Y/Y/Y 391694 (g_3) (3) DB Active-Failed
";
        let r = parse_runtimestate(text).expect("parses");
        assert!(matches!(r.last_command, Some(LastCommand::Status { checked: 681, total: 681, .. })));
        assert_eq!(r.nodes[1].queue, 391694);
        assert_eq!(r.nodes[1].state, ReplState::Bad);
        assert_eq!(r.nodes[1].detail, "DB Active-Failed");
    }

    #[test]
    fn rows_of_nodes_that_do_not_answer() {
        // The lab's row of a node that is down, and a row whose state was not reported.
        let down = row("cucm-sub1           10.10.1.12        -         N/N/N     0        (g_3)          (3) DB Active-Failed")
            .expect("down");
        assert_eq!((down.ping_ms, down.db, down.state), (None, false, ReplState::Bad));
        let unknown =
            row("cucm-sub2           10.10.1.13        0.311     Y/N/N     0        (g_4)          (-)")
                .expect("(-)");
        assert_eq!((unknown.state, unknown.detail.as_str()), (ReplState::Unknown, ""));
        assert_eq!(serde_json::to_value(unknown.state).ok(), Some(serde_json::Value::Null));
        assert!(row("cucm-sub2 10.10.1.13 0.311 Y/N 0 (g_4) (2) x").is_err());
        assert!(row("cucm-sub2 10.10.1.13 0.311 Y/N/N 0 (g_4) (7) x").is_err());
    }

    #[test]
    fn a_completed_check_short_of_its_tables_is_refused() {
        assert!(status_counts("Replication status command COMPLETED. Checked 10 tables out of 749").is_err());
        assert!(status_counts("Replication status command STARTED. Checked 10 tables out of 749").is_err());
        assert_eq!(
            status_counts("     Replication status command in PROGRESS. Checked 10 tables out of 749"),
            Ok((10, 749))
        );
    }
}
