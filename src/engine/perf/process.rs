//! `show process list [detail]`, `show process using-most cpu|memory [N]` and `show process
//! load`: the processes of the model ([`super::model`]): one per running service and the
//! platform's own; a stopped service has none.

use serde::Serialize;

use super::model::{self, Machine, Process};
use crate::engine::error::Result;
use crate::engine::op::Op;

/// How many processes `using-most` shows when no number is given.
pub const DEFAULT_USING_MOST: usize = 5;

/// One process in `top`'s columns (PR is 20 + nice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopRow {
    pub pid: u32,
    pub user: String,
    pub nice: i32,
    pub virt_kb: u64,
    pub res_kb: u64,
    pub shr_kb: u64,
    pub state: String,
    /// %CPU in tenths.
    pub cpu_tenths: u32,
    /// %MEM in tenths.
    pub mem_tenths: u32,
    /// CPU time, hundredths of a second.
    pub time_cs: u64,
    pub command: String,
}

/// One process of `show process list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub pid: u32,
    pub ppid: u32,
    pub user: String,
    pub command: String,
}

/// One process of `show process list detail`: `top`'s columns with the parent and threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailRow {
    pub ppid: u32,
    pub threads: u32,
    #[serde(flatten)]
    pub top: TopRow,
}

/// `show process list [detail]`: by pid; `rows` without detail, `detailed` with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessList {
    pub detail: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<ListRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detailed: Vec<DetailRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Resource {
    Cpu,
    Memory,
}

/// `show process using-most cpu|memory [N]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsingMost {
    pub by: Resource,
    pub processes: Vec<TopRow>,
}

/// `show process load`: `top`'s summary and its process table (by %CPU).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessLoad {
    /// `HH:MM:SS up ..., N user, load average: a, b, c` (after `top - `).
    pub uptime: String,
    pub tasks_total: u32,
    pub tasks_running: u32,
    pub tasks_sleeping: u32,
    pub tasks_stopped: u32,
    pub tasks_zombie: u32,
    /// us, sy, ni, id, wa, hi, si, st in tenths of a percent.
    pub cpu_tenths: [u32; 8],
    pub mem_total_kb: u64,
    pub mem_free_kb: u64,
    pub mem_used_kb: u64,
    pub mem_buff_cache_kb: u64,
    pub swap_total_kb: u64,
    pub swap_free_kb: u64,
    pub swap_used_kb: u64,
    pub mem_avail_kb: u64,
    pub processes: Vec<TopRow>,
}

fn top_row(m: &Machine, p: &Process) -> TopRow {
    TopRow {
        pid: p.pid,
        user: p.user.clone(),
        nice: p.nice,
        virt_kb: p.virt_kb,
        res_kb: p.res_kb,
        shr_kb: p.shr_kb,
        state: p.state.to_string(),
        cpu_tenths: p.cpu_tenths,
        mem_tenths: m.mem_tenths(p),
        time_cs: p.time_cs,
        command: p.name.clone(),
    }
}

/// `show process list [detail]`.
pub fn list(op: &Op, detail: bool) -> Result<ProcessList> {
    let m = model::machine(op.node())?;
    let (mut rows, mut detailed) = (Vec::new(), Vec::new());
    for p in &m.processes {
        if detail {
            detailed.push(DetailRow { ppid: p.ppid, threads: p.threads, top: top_row(&m, p) });
        } else {
            rows.push(ListRow { pid: p.pid, ppid: p.ppid, user: p.user.clone(), command: p.name.clone() });
        }
    }
    Ok(ProcessList { detail, rows, detailed })
}

fn by_cpu(m: &Machine) -> Vec<TopRow> {
    let mut rows: Vec<TopRow> = m.processes.iter().map(|p| top_row(m, p)).collect();
    rows.sort_by(|a, b| b.cpu_tenths.cmp(&a.cpu_tenths).then(a.pid.cmp(&b.pid)));
    rows
}

/// `show process using-most cpu|memory [N]`.
pub fn using_most(op: &Op, by: Resource, count: Option<usize>) -> Result<UsingMost> {
    let m = model::machine(op.node())?;
    let mut rows = match by {
        Resource::Cpu => by_cpu(&m),
        Resource::Memory => {
            let mut r: Vec<TopRow> = m.processes.iter().map(|p| top_row(&m, p)).collect();
            r.sort_by(|a, b| b.res_kb.cmp(&a.res_kb).then(a.pid.cmp(&b.pid)));
            r
        }
    };
    rows.truncate(count.unwrap_or(DEFAULT_USING_MOST));
    Ok(UsingMost { by, processes: rows })
}

/// `show process load`.
pub fn load(op: &Op) -> Result<ProcessLoad> {
    let node = op.node();
    let m = model::machine(node)?;
    let uptime = crate::engine::platform::uptime_line(node.local_now(), m.booted_at, m.load);
    let running = m.processes.iter().filter(|p| p.state == 'R').count() as u32;
    let total = m.processes.len() as u32;
    // Hundredths to tenths, rounded; idle takes the rest so the line adds up to 100.0.
    let t = |h: u64| ((h + 5) / 10) as u32;
    let (us, sy, wa, si) = (t(m.cpu_user), t(m.cpu_system), t(m.cpu_iowait), t(m.cpu_soft));
    let id = 1000u32.saturating_sub(us + sy + wa + si);
    let buff_cache = m.mem_buffers_kb + m.mem_cached_kb;
    Ok(ProcessLoad {
        uptime: uptime.trim_start().to_string(),
        tasks_total: total,
        tasks_running: running,
        tasks_sleeping: total - running,
        tasks_stopped: 0,
        tasks_zombie: 0,
        cpu_tenths: [us, sy, 0, id, wa, 0, si, 0],
        mem_total_kb: m.mem_total_kb,
        mem_free_kb: m.mem_free_kb,
        mem_used_kb: m.mem_used_kb,
        mem_buff_cache_kb: buff_cache,
        swap_total_kb: m.swap_total_kb,
        swap_free_kb: m.swap_total_kb - m.swap_used_kb,
        swap_used_kb: m.swap_used_kb,
        mem_avail_kb: m.mem_free_kb + buff_cache,
        processes: by_cpu(&m),
    })
}
