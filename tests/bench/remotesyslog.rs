//! Benchmark: 100,000 audit events forwarded over TCP to a real rsyslog on 127.0.0.1,
//! against util-linux `logger --tcp --octet-count` sending the same lines from a file, in
//! the same run to the same receiver. Prints the medians of several rounds, the loss of
//! each sender (lines the receiver wrote versus lines sent) and the ratio.
//!
//! A second ucsh figure raises the same events with one `emit` call each (as commands do),
//! then flushes once. ucsh's time covers the whole path: `events::emit_all` (formatting and the spool on
//! disk) and `syslog::flush` (sending, and waiting for the server to confirm by closing).
//! logger's time is its run time (it does not wait for the server).
//!
//! Run: `tests/bench/remotesyslog.sh` (or `cargo bench --bench remotesyslog`).

#[path = "../support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

#[path = "../support/rsyslog.rs"]
mod rsyslog;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use rsyslog::Rsyslog;
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::events::{self, Event};
use ucsh::engine::syslog::{self, Protocol};
use ucsh::engine::{accounts, Audit, CancelToken, Clock, Lab, NodeState, Op};

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs this program without it,
/// and then it only checks, with a few events, that the benchmark still works.
fn size() -> (usize, usize) {
    if std::env::args().any(|a| a == "--bench") {
        (100_000, 5)
    } else {
        (2_000, 1)
    }
}

/// Counts the lines of the receiver's file as it grows, reading only what is new.
struct LineCounter {
    path: PathBuf,
    offset: u64,
    lines: usize,
}

impl LineCounter {
    fn poll(&mut self) -> usize {
        if let Ok(mut f) = File::open(&self.path) {
            if f.seek(SeekFrom::Start(self.offset)).is_ok() {
                let mut buf = Vec::new();
                if let Ok(n) = f.read_to_end(&mut buf) {
                    self.offset += n as u64;
                    self.lines += memchr::memchr_iter(b'\n', &buf).count();
                }
            }
        }
        self.lines
    }

    /// Waits until `target` lines are there or the file stops growing for a while.
    fn settle(&mut self, target: usize) -> usize {
        let mut last = self.poll();
        let mut still = Instant::now();
        while last < target && still.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.poll();
            if now != last {
                last = now;
                still = Instant::now();
            }
        }
        last
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (count, rounds) = size();
    let tmp = tempfile::tempdir()?;
    let mut rx = Rsyslog::start(&tmp.path().join("rsyslog"), None);
    let lab = Lab::init(
        &tmp.path().join("lab"),
        &InitOptions { cm_subscribers: 1, sample_data: false, population: 0 },
        None,
        ucsh::engine::lab::Existing::Refuse,
        Clock::system(),
    )?
    .0;
    let node = lab.node("cucm-pub")?;
    let admin = accounts::local_owner_session(&node)?;
    call(&lab, &node, &admin, "utils remotesyslog set protocol", |op| {
        syslog::set_protocol(op, Protocol::Tcp)
    })?;
    syslog::apply_at_restart(&node)?;
    call(&lab, &node, &admin, "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.tcp))
    })?;
    let mut counter = LineCounter { path: rx.dir.join("tcp.log"), offset: 0, lines: 0 };
    let mut expected = 0;

    let (mut ucsh_rates, mut flush_rates, mut logger_rates) = (Vec::new(), Vec::new(), Vec::new());
    let mut single_rates = Vec::new();
    let (mut ucsh_lost, mut logger_lost) = (0usize, 0usize);
    for round in 0..rounds {
        let batch: Vec<Event> = (0..count)
            .map(|i| {
                Event::audit(
                    "CLICommandExecuted",
                    format!("CLI command executed by administrator: show status (round {round} event {i})"),
                )
            })
            .collect();
        // The same lines for logger, in a file.
        let lines_path = tmp.path().join(format!("lines-{round}.txt"));
        let mut f = std::io::BufWriter::new(File::create(&lines_path)?);
        for e in &batch {
            writeln!(f, "%UC_AUDITLOG-5-{}: %[AppID={}]: {} logger", e.name, e.app, e.message)?;
        }
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;

        let t0 = Instant::now();
        events::emit_all(&node, &batch);
        let t1 = Instant::now();
        let report = syslog::flush(&node)?;
        let t2 = Instant::now();
        if report.failed() || report.delivered() != count as u64 {
            return Err(format!("ucsh flush did not deliver everything: {report:?}").into());
        }
        expected += count;
        let got = counter.settle(expected);
        ucsh_lost += expected - got.min(expected);
        expected = got.max(expected);
        ucsh_rates.push(count as f64 / (t2 - t0).as_secs_f64());
        flush_rates.push(count as f64 / (t2 - t1).as_secs_f64());

        // The same events raised one `emit` call each, as a command raises them: inside an
        // operation, whose end writes them (log and spool) at once and delivers the spool.
        let t0 = Instant::now();
        let op = Op::begin_on(&lab, node.clone(), &admin, 0, NodeState::Up, CancelToken::new())?;
        for e in &batch {
            events::emit(op.node(), e);
        }
        let report = op.finish(Audit::None).ok_or("the node is down")?;
        let elapsed = t0.elapsed();
        if report.failed() || report.delivered() != count as u64 {
            return Err(format!("ucsh flush did not deliver everything: {report:?}").into());
        }
        expected += count;
        let got = counter.settle(expected);
        ucsh_lost += expected - got.min(expected);
        expected = got.max(expected);
        single_rates.push(count as f64 / elapsed.as_secs_f64());

        let t0 = Instant::now();
        let status = Command::new("logger")
            .args(["--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P"])
            .arg(rx.tcp.to_string())
            .args(["-t", "ucsh-bench", "-p", "local7.notice", "-f"])
            .arg(&lines_path)
            .status()?;
        let elapsed = t0.elapsed();
        if !status.success() {
            return Err(format!("logger failed: {status}").into());
        }
        expected += count;
        let got = counter.settle(expected);
        logger_lost += expected - got.min(expected);
        expected = got.max(expected);
        logger_rates.push(count as f64 / elapsed.as_secs_f64());
        writeln!(
            std::io::stderr(),
            "round {round}: ucsh {:.0}/s (flush {:.0}/s, one emit per event {:.0}/s), logger {:.0}/s",
            ucsh_rates[round],
            flush_rates[round],
            single_rates[round],
            logger_rates[round]
        )?;
    }
    rx.stop();
    let (u, fl, l) = (median(&mut ucsh_rates), median(&mut flush_rates), median(&mut logger_rates));
    let one = median(&mut single_rates);
    let mut out = std::io::stdout().lock();
    writeln!(out, "remote syslog over TCP to rsyslog, {count} audit events x {rounds} rounds (medians)")?;
    writeln!(out, "  ucsh emit_all+flush   : {u:>10.0} events/s   lost {ucsh_lost} (both ucsh runs)")?;
    writeln!(out, "  ucsh flush only       : {fl:>10.0} events/s")?;
    writeln!(out, "  ucsh one emit/event   : {one:>10.0} events/s")?;
    writeln!(out, "  logger --tcp -f file  : {l:>10.0} events/s   lost {logger_lost}")?;
    writeln!(out, "  ratio ucsh/logger     : {:>10.2}", u / l)?;
    writeln!(out, "  ratio one-emit/logger : {:>10.2}", one / l)?;
    if count < 100_000 {
        writeln!(out, "  smoke run (cargo test), not a measurement: cargo bench --bench remotesyslog")?;
    } else {
        let met = u >= 50_000.0 && ucsh_lost == 0;
        writeln!(out, "  target >= 50000/s, zero loss: {}", if met { "met" } else { "NOT met" })?;
        let met = one >= 150_000.0 && ucsh_lost == 0;
        writeln!(
            out,
            "  one emit/event target >= 150000/s, zero loss: {}",
            if met { "met" } else { "NOT met" }
        )?;
    }
    Ok(())
}
