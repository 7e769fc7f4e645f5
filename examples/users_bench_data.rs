//! Makes the data set of the `utils users validate` benchmark (tests/bench/users_validate.sh):
//! USERS end users in all, half in each cluster, with planted problems (user IDs in both
//! clusters or differing only in case; missing, invalid and duplicate directory URIs).
//!
//! Usage:
//!   users_bench_data DIR USERS         a standard lab in DIR with the users written
//!                                      straight into every replica
//!   users_bench_data --csv DIR USERS   DIR/cluster1.csv and DIR/cluster2.csv, for
//!                                      `ucsh cluster import users FILE --cluster NAME`

#[path = "../tests/support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;
#[path = "../tests/support/users.rs"]
mod support;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{Clock, Lab};

const SEED: u64 = 0xbe9c4;

fn csv_field(out: &mut impl Write, value: &str) -> std::io::Result<()> {
    if value.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", value.replace('"', "\"\""))
    } else {
        out.write_all(value.as_bytes())
    }
}

fn write_csv(path: &Path, users: &[support::User]) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "userid,directoryuri,mailid,node")?;
    for u in users {
        csv_field(&mut out, &u.userid)?;
        out.write_all(b",")?;
        csv_field(&mut out, u.uri.as_deref().unwrap_or(""))?;
        out.write_all(b",")?;
        csv_field(&mut out, u.mail.as_deref().unwrap_or(""))?;
        out.write_all(b",")?;
        // A reference to no node cannot be imported: such users are left unassigned.
        let node = if u.node_pkid.is_some() { "" } else { u.node.as_deref().unwrap_or("") };
        csv_field(&mut out, node)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let csv = args.first().is_some_and(|a| a == "--csv");
    if csv {
        args.remove(0);
    }
    let usage = "usage: users_bench_data [--csv] DIR USERS";
    let [dir, users] = args.as_slice() else { return Err(usage.into()) };
    let dir = PathBuf::from(dir);
    let users: usize = users.parse().map_err(|e| format!("USERS: {e}"))?;
    if csv {
        std::fs::create_dir_all(&dir)?;
        let (c1, c2) = support::generate(users / 2, SEED);
        write_csv(&dir.join("cluster1.csv"), &c1)?;
        write_csv(&dir.join("cluster2.csv"), &c2)?;
        return Ok(());
    }
    let opts = InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
    let (lab, _) = Lab::init(&dir, &opts, None, ucsh::engine::lab::Existing::Replace, Clock::system())?;
    support::prepare(&lab);
    support::generated(&lab, users / 2, SEED);
    Ok(())
}
