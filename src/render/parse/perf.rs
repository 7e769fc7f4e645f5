//! `show perf ...` and `show process ...` read back (what `render/perf.rs` writes).

use super::ParseCtx;
use crate::engine::perf::process::{
    DetailRow, ListRow, ProcessList, ProcessLoad, Resource, TopRow, UsingMost,
};
use crate::engine::perf::{
    ClassValues, CounterHelp, CounterValue, ListEntry, ListKind, PerfList, PerfQuery, QueryKind,
};
use crate::render::perf::{list_heading, CLASS_HEADING_END, DETAIL_HEADER, LIST_HEADER, TOP_HEADER};
use crate::render::Report;

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.trim_end_matches('\r'))
}

/// `    <instance 16>-> <counter 30> = <value>`.
pub fn parse_value_row(line: &str) -> Result<CounterValue, String> {
    let body = line.strip_prefix("    ").ok_or_else(|| format!("not a value row: {line:?}"))?;
    let (instance, rest) = body.split_once("-> ").ok_or_else(|| format!("not a value row: {line:?}"))?;
    let (counter, value) = rest.rsplit_once(" = ").ok_or_else(|| format!("not a value row: {line:?}"))?;
    Ok(CounterValue {
        instance: instance.trim_end().to_string(),
        counter: counter.trim_end().to_string(),
        value: value.trim().parse().map_err(|_| format!("bad value {value:?}"))?,
    })
}

fn kind_of_query(word: &str) -> Result<QueryKind, String> {
    [QueryKind::Class, QueryKind::Counter, QueryKind::Instance, QueryKind::Path]
        .into_iter()
        .find(|k| k.word() == word)
        .ok_or_else(|| format!("unknown query {word:?}"))
}

pub fn parse_query(text: &str) -> Result<PerfQuery, String> {
    let mut it = lines(text);
    let head = it.next().ok_or("no output")?;
    let word = head
        .strip_prefix("==>query ")
        .and_then(|h| h.strip_suffix(" :"))
        .ok_or_else(|| format!("not a perf query: {head:?}"))?;
    let kind = kind_of_query(word)?;
    let mut classes: Vec<ClassValues> = Vec::new();
    for line in it {
        if line.is_empty() {
            continue;
        }
        if let Some(class) =
            line.strip_prefix(" - Perf class (").and_then(|l| l.strip_suffix(CLASS_HEADING_END))
        {
            classes.push(ClassValues { class: class.to_string(), values: Vec::new() });
            continue;
        }
        let row = parse_value_row(line)?;
        classes.last_mut().ok_or("a value row before any class")?.values.push(row);
    }
    Ok(PerfQuery { kind, classes })
}

pub fn query(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_query(text)?))
}

pub fn parse_list(text: &str) -> Result<PerfList, String> {
    let mut it = lines(text);
    let head = it.next().ok_or("no output")?;
    let word = head
        .strip_prefix("==>list ")
        .and_then(|h| h.strip_suffix(" :"))
        .ok_or_else(|| format!("not a perf list: {head:?}"))?;
    let kind = [ListKind::Categories, ListKind::Classes, ListKind::Counters, ListKind::Instances]
        .into_iter()
        .find(|k| k.word() == word)
        .ok_or_else(|| format!("unknown list {word:?}"))?;
    let mut rest = it.skip_while(|l| l.is_empty());
    let heading = rest.next().ok_or("no heading")?;
    let of = match kind {
        ListKind::Categories => None,
        ListKind::Classes => {
            heading.strip_prefix(" - Perf classes of category (").and_then(|h| h.strip_suffix("):"))
        }
        ListKind::Counters => {
            heading.strip_prefix(" - Perf class (").and_then(|h| h.strip_suffix(") has counters:"))
        }
        ListKind::Instances => {
            heading.strip_prefix(" - Perf class (").and_then(|h| h.strip_suffix(") has instances:"))
        }
    }
    .map(str::to_string);
    if list_heading(kind, of.as_deref()) != heading {
        return Err(format!("unexpected heading {heading:?}"));
    }
    let mut entries: Vec<ListEntry> = Vec::new();
    let mut detail = false;
    for line in rest {
        if let Some(help) = line.strip_prefix("        ") {
            detail = true;
            entries.last_mut().ok_or("help before any entry")?.help = Some(help.to_string());
        } else if line.contains("-> ") && line.contains(" = ") {
            detail = true;
            let row = parse_value_row(line)?;
            entries.last_mut().ok_or("values before any entry")?.values.push(row);
        } else if let Some(name) = line.strip_prefix("    ") {
            entries.push(ListEntry { name: name.to_string(), help: None, values: Vec::new() });
        } else if !line.is_empty() {
            return Err(format!("unexpected line {line:?}"));
        }
    }
    Ok(PerfList { kind, of, detail, entries })
}

pub fn list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let mut l = parse_list(text)?;
    // An empty list says nothing of detail: the command line does.
    l.detail = l.kind != ListKind::Categories && ctx.invocation.flag("detail");
    Ok(Box::new(l))
}

pub fn parse_counterhelp(text: &str) -> Result<CounterHelp, String> {
    let mut it = lines(text).filter(|l| !l.is_empty());
    if it.next() != Some("==>counterhelp :") {
        return Err("not a counter help".into());
    }
    let head = it.next().ok_or("no heading")?;
    let inner = head
        .strip_prefix(" - Perf class (")
        .and_then(|h| h.strip_suffix("):"))
        .ok_or_else(|| format!("unexpected heading {head:?}"))?;
    let (class, counter) =
        inner.rsplit_once(") counter (").ok_or_else(|| format!("unexpected heading {head:?}"))?;
    let help = it.next().and_then(|l| l.strip_prefix("    ")).ok_or("no help text")?;
    Ok(CounterHelp { class: class.to_string(), counter: counter.to_string(), help: help.to_string() })
}

pub fn counterhelp(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_counterhelp(text)?))
}

// ---------------------------------------------------------------------------------------
// show process

fn num<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, String> {
    s.trim().parse().map_err(|_| format!("bad {what} {s:?}"))
}

fn parse_tenths(s: &str) -> Result<u32, String> {
    let (a, b) = s.split_once('.').ok_or_else(|| format!("bad percentage {s:?}"))?;
    if b.len() != 1 {
        return Err(format!("bad percentage {s:?}"));
    }
    Ok(num::<u32>(a, "percentage")? * 10 + num::<u32>(b, "percentage")?)
}

/// top's TIME+: `m:ss.hh`, `m:ss` or `h,mm`, in hundredths of a second.
pub fn parse_top_time(s: &str) -> Result<u64, String> {
    if let Some((h, m)) = s.split_once(',') {
        return Ok((num::<u64>(h, "time")? * 60 + num::<u64>(m, "time")?) * 6000);
    }
    let (m, rest) = s.split_once(':').ok_or_else(|| format!("bad time {s:?}"))?;
    let (sec, hund) = match rest.split_once('.') {
        Some((a, b)) => (a, num::<u64>(b, "time")?),
        None => (rest, 0),
    };
    Ok((num::<u64>(m, "time")? * 60 + num::<u64>(sec, "time")?) * 100 + hund)
}

/// The fields of a top row from USER to TIME+ (PR is 20 + NI and not kept).
fn top_fields(pid: u32, f: &[&str], command: String) -> Result<TopRow, String> {
    if f.len() != 10 {
        return Err(format!("not a process row: {f:?}"));
    }
    Ok(TopRow {
        pid,
        user: f[0].to_string(),
        nice: num(f[2], "nice")?,
        virt_kb: num(f[3], "VIRT")?,
        res_kb: num(f[4], "RES")?,
        shr_kb: num(f[5], "SHR")?,
        state: f[6].to_string(),
        cpu_tenths: parse_tenths(f[7])?,
        mem_tenths: parse_tenths(f[8])?,
        time_cs: parse_top_time(f[9])?,
        command,
    })
}

pub fn parse_top_row(line: &str) -> Result<TopRow, String> {
    let f: Vec<&str> = line.split_whitespace().collect();
    if f.len() < 12 {
        return Err(format!("not a process row: {line:?}"));
    }
    top_fields(num(f[0], "PID")?, &f[1..11], f[11..].join(" "))
}

fn expect_header<'a>(it: &mut impl Iterator<Item = &'a str>, header: &str) -> Result<(), String> {
    match it.next() {
        Some(h) if h == header => Ok(()),
        other => Err(format!("expected the process header, got {other:?}")),
    }
}

pub fn parse_process_list(text: &str, detail: bool) -> Result<ProcessList, String> {
    let mut it = lines(text).filter(|l| !l.trim().is_empty());
    let (mut rows, mut detailed) = (Vec::new(), Vec::new());
    if detail {
        expect_header(&mut it, DETAIL_HEADER)?;
        for line in it {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 14 {
                return Err(format!("not a process row: {line:?}"));
            }
            let top = top_fields(num(f[0], "PID")?, &f[2..12], f[13..].join(" "))?;
            detailed.push(DetailRow { ppid: num(f[1], "PPID")?, threads: num(f[12], "NLWP")?, top });
        }
    } else {
        expect_header(&mut it, LIST_HEADER)?;
        for line in it {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 4 {
                return Err(format!("not a process row: {line:?}"));
            }
            rows.push(ListRow {
                pid: num(f[0], "PID")?,
                ppid: num(f[1], "PPID")?,
                user: f[2].to_string(),
                command: f[3..].join(" "),
            });
        }
    }
    Ok(ProcessList { detail, rows, detailed })
}

pub fn process_list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_process_list(text, ctx.invocation.flag("detail"))?))
}

pub fn parse_using_most(text: &str, by: Resource) -> Result<UsingMost, String> {
    let mut it = lines(text).filter(|l| !l.trim().is_empty());
    expect_header(&mut it, TOP_HEADER)?;
    Ok(UsingMost { by, processes: it.map(parse_top_row).collect::<Result<_, _>>()? })
}

pub fn using_most(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let by = if ctx.invocation.spec.path.ends_with("memory") { Resource::Memory } else { Resource::Cpu };
    Ok(Box::new(parse_using_most(text, by)?))
}

/// The figures of top's memory lines, each followed by its word (`5945116 total, ...`;
/// the swap line has `used.` before `avail Mem`).
fn figures(line: &str, words: &[&str]) -> Result<Vec<u64>, String> {
    let norm = line.replace("used.", "used,");
    let parts: Vec<&str> = norm.split(',').map(str::trim).collect();
    if parts.len() != words.len() {
        return Err(format!("unexpected line {line:?}"));
    }
    parts
        .iter()
        .zip(words)
        .map(|(p, w)| {
            let n = p.strip_suffix(w).ok_or_else(|| format!("unexpected line {line:?}"))?;
            num(n, w)
        })
        .collect()
}

pub fn parse_process_load(text: &str) -> Result<ProcessLoad, String> {
    let mut it = lines(text).filter(|l| !l.trim().is_empty());
    let uptime = it.next().and_then(|l| l.strip_prefix("top - ")).ok_or("no top line")?.to_string();
    let tasks_line = it.next().and_then(|l| l.strip_prefix("Tasks:")).ok_or("no Tasks line")?;
    let t: Vec<u32> = tasks_line
        .split(',')
        .map(|p| {
            p.split_whitespace()
                .next()
                .ok_or("empty task count")
                .and_then(|n| n.parse().map_err(|_| "bad task count"))
        })
        .collect::<Result<_, _>>()?;
    if t.len() != 5 {
        return Err(format!("unexpected Tasks line {tasks_line:?}"));
    }
    let cpu_line = it.next().and_then(|l| l.strip_prefix("%Cpu(s):")).ok_or("no %Cpu(s) line")?;
    let cpu: Vec<u32> = cpu_line
        .split(',')
        .map(|p| {
            p.split_whitespace().next().ok_or_else(|| "empty CPU figure".to_string()).and_then(parse_tenths)
        })
        .collect::<Result<_, _>>()?;
    let cpu_tenths: [u32; 8] = cpu.try_into().map_err(|_| format!("unexpected %Cpu(s) line {cpu_line:?}"))?;
    let mem_line = it.next().and_then(|l| l.strip_prefix("KiB Mem :")).ok_or("no KiB Mem line")?;
    let m = figures(mem_line, &["total", "free", "used", "buff/cache"])?;
    let swap_line = it.next().and_then(|l| l.strip_prefix("KiB Swap:")).ok_or("no KiB Swap line")?;
    let s = figures(swap_line, &["total", "free", "used", "avail Mem"])?;
    expect_header(&mut it, TOP_HEADER)?;
    let processes = it.map(parse_top_row).collect::<Result<_, _>>()?;
    Ok(ProcessLoad {
        uptime,
        tasks_total: t[0],
        tasks_running: t[1],
        tasks_sleeping: t[2],
        tasks_stopped: t[3],
        tasks_zombie: t[4],
        cpu_tenths,
        mem_total_kb: m[0],
        mem_free_kb: m[1],
        mem_used_kb: m[2],
        mem_buff_cache_kb: m[3],
        swap_total_kb: s[0],
        swap_free_kb: s[1],
        swap_used_kb: s[2],
        mem_avail_kb: s[3],
        processes,
    })
}

pub fn process_load(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_process_load(text)?))
}
