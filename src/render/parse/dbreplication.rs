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
