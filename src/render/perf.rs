//! `show perf ...` and `show process ...` text.
//!
//! `show perf query class` follows the platform's captures (CLI-REFERENCE §7.5) to the
//! character: `==>query class :`, a blank line, ` - Perf class (<class>) has instances and
//! values:`, then rows of 4 spaces, the instance in 16 columns, `-> `, the counter in 30
//! columns, ` = ` and the value. The other perf layouts are not public: ucsh writes them
//! the same way (`==>query counter :`, `==>list classes :`, ...), a blank line between two
//! classes. `show process load` is top's batch screen (§7.6); `using-most` and `list
//! detail` reuse its process columns, `list` is ps's `pid,ppid,user,comm`.

use crate::engine::perf::process::{DetailRow, ListRow, ProcessList, ProcessLoad, TopRow, UsingMost};
use crate::engine::perf::{ClassValues, CounterHelp, CounterValue, ListKind, PerfList, PerfQuery};
use crate::render::{to_json, Report};

pub const CLASS_HEADING_END: &str = ") has instances and values:";

pub fn value_row(out: &mut String, v: &CounterValue) {
    out.push_str(&format!("    {:<16}-> {:<30} = {}\n", v.instance, v.counter, v.value));
}

fn class_block(out: &mut String, c: &ClassValues) {
    out.push_str(&format!(" - Perf class ({}{CLASS_HEADING_END}\n", c.class));
    for v in &c.values {
        value_row(out, v);
    }
}

impl Report for PerfQuery {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("==>query {} :\n", self.kind.word()));
        for c in &self.classes {
            out.push('\n');
            class_block(out, c);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The line above a list's entries.
pub fn list_heading(kind: ListKind, of: Option<&str>) -> String {
    match (kind, of) {
        (ListKind::Categories, _) => " - Perf categories:".into(),
        (ListKind::Classes, None) => " - Perf classes:".into(),
        (ListKind::Classes, Some(cat)) => format!(" - Perf classes of category ({cat}):"),
        (ListKind::Counters, c) => format!(" - Perf class ({}) has counters:", c.unwrap_or_default()),
        (ListKind::Instances, c) => format!(" - Perf class ({}) has instances:", c.unwrap_or_default()),
    }
}

impl Report for PerfList {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("==>list {} :\n\n", self.kind.word()));
        out.push_str(&list_heading(self.kind, self.of.as_deref()));
        out.push('\n');
        for e in &self.entries {
            out.push_str(&format!("    {}\n", e.name));
            if let Some(h) = &e.help {
                out.push_str(&format!("        {h}\n"));
            }
            for v in &e.values {
                value_row(out, v);
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for CounterHelp {
    fn text(&self, out: &mut String) {
        out.push_str("==>counterhelp :\n\n");
        out.push_str(&format!(" - Perf class ({}) counter ({}):\n", self.class, self.counter));
        out.push_str(&format!("    {}\n", self.help));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

// ---------------------------------------------------------------------------------------
// show process

/// A user name in 8 columns as top and ps show it: a longer one cut to 7 and `+`.
pub fn user8(user: &str) -> String {
    if user.chars().count() > 8 {
        format!("{}+", user.chars().take(7).collect::<String>())
    } else {
        user.to_string()
    }
}

/// Tenths as `12.5`.
pub fn tenths(v: u32) -> String {
    format!("{}.{}", v / 10, v % 10)
}

/// top's TIME+ in 9 columns: `m:ss.hh`, else `m:ss`, else `h,mm`.
pub fn top_time(cs: u64) -> String {
    let (secs, hund) = (cs / 100, cs % 100);
    let (m, s) = (secs / 60, secs % 60);
    let full = format!("{m}:{s:02}.{hund:02}");
    if full.len() <= 9 {
        return full;
    }
    let short = format!("{m}:{s:02}");
    if short.len() <= 9 {
        return short;
    }
    format!("{},{:02}", m / 60, m % 60)
}

pub const TOP_HEADER: &str = "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND";
pub const DETAIL_HEADER: &str =
    "  PID  PPID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ NLWP COMMAND";
pub const LIST_HEADER: &str = "  PID  PPID USER     COMMAND";

/// The columns of a top row from USER to TIME+ (without PID).
fn top_middle(r: &TopRow) -> String {
    format!(
        "{:<8} {:>3} {:>3} {:>7} {:>6} {:>6} {} {:>5} {:>4} {:>9}",
        user8(&r.user),
        20 + r.nice,
        r.nice,
        r.virt_kb,
        r.res_kb,
        r.shr_kb,
        r.state,
        tenths(r.cpu_tenths),
        tenths(r.mem_tenths),
        top_time(r.time_cs)
    )
}

pub fn top_row(out: &mut String, r: &TopRow) {
    out.push_str(&format!("{:>5} {} {}\n", r.pid, top_middle(r), r.command));
}

fn detail_row(out: &mut String, d: &DetailRow) {
    let r = &d.top;
    out.push_str(&format!("{:>5} {:>5} {} {:>4} {}\n", r.pid, d.ppid, top_middle(r), d.threads, r.command));
}

fn list_row(out: &mut String, r: &ListRow) {
    out.push_str(&format!("{:>5} {:>5} {:<8} {}\n", r.pid, r.ppid, user8(&r.user), r.command));
}

impl Report for ProcessList {
    fn text(&self, out: &mut String) {
        if self.detail {
            out.push_str(DETAIL_HEADER);
            out.push('\n');
            for d in &self.detailed {
                detail_row(out, d);
            }
        } else {
            out.push_str(LIST_HEADER);
            out.push('\n');
            for r in &self.rows {
                list_row(out, r);
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for UsingMost {
    fn text(&self, out: &mut String) {
        out.push_str(TOP_HEADER);
        out.push('\n');
        for r in &self.processes {
            top_row(out, r);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ProcessLoad {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("top - {}\n", self.uptime));
        out.push_str(&format!(
            "Tasks: {:>3} total, {:>3} running, {:>3} sleeping, {:>3} stopped, {:>3} zombie\n",
            self.tasks_total, self.tasks_running, self.tasks_sleeping, self.tasks_stopped, self.tasks_zombie
        ));
        let c: Vec<String> = self.cpu_tenths.iter().map(|v| format!("{:>4}", tenths(*v))).collect();
        out.push_str(&format!(
            "%Cpu(s): {} us, {} sy, {} ni, {} id, {} wa, {} hi, {} si, {} st\n",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
        ));
        out.push_str(&format!(
            "KiB Mem : {:>8} total, {:>8} free, {:>8} used, {:>8} buff/cache\n",
            self.mem_total_kb, self.mem_free_kb, self.mem_used_kb, self.mem_buff_cache_kb
        ));
        out.push_str(&format!(
            "KiB Swap: {:>8} total, {:>8} free, {:>8} used. {:>8} avail Mem\n",
            self.swap_total_kb, self.swap_free_kb, self.swap_used_kb, self.mem_avail_kb
        ));
        out.push_str(TOP_HEADER);
        out.push('\n');
        for r in &self.processes {
            top_row(out, r);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_match_the_platform_capture() {
        let r = TopRow {
            pid: 756,
            user: "admin".into(),
            nice: 10,
            virt_kb: 1_452_528,
            res_kb: 158_448,
            shr_kb: 20_420,
            state: "S".into(),
            cpu_tenths: 125,
            mem_tenths: 27,
            time_cs: 938,
            command: "java".into(),
        };
        let mut s = String::new();
        top_row(&mut s, &r);
        assert_eq!(s, "  756 admin     30  10 1452528 158448  20420 S  12.5  2.7   0:09.38 java\n");
        let r =
            TopRow { pid: 24811, user: "ccmservice".into(), nice: 0, time_cs: (1634 * 60 + 5) * 100, ..r };
        let mut s = String::new();
        top_row(&mut s, &r);
        assert!(s.starts_with("24811 ccmserv+  20   0 "), "{s}");
        assert!(s.ends_with("   1634:05 java\n"), "{s}");
    }

    #[test]
    fn query_rows_match_the_platform_capture() {
        let mut s = String::new();
        value_row(
            &mut s,
            &CounterValue {
                instance: "ReplicateCount".into(),
                counter: "Number of Replicates Created".into(),
                value: 749,
            },
        );
        assert_eq!(s, "    ReplicateCount  -> Number of Replicates Created   = 749\n");
        let mut s = String::new();
        value_row(&mut s, &CounterValue { instance: String::new(), counter: "% Mem Used".into(), value: 53 });
        assert_eq!(s, "                    -> % Mem Used                     = 53\n");
    }
}
