//! The `utils diagnose module` checks of issue #17 (ucsh extensions): the documents' rules
//! over the CM database of the node's cluster, as a `run sql` insert or a lab command may
//! have broken them.
//!
//! * `em_softphones`: Jabber device names by type (seed 003: CSF a-z A-Z 0-9 up to 15;
//!   TCT, BOT, TAB the prefix, upper case A-Z 0-9 . _ -, up to 15) and one device of each
//!   type per user.
//! * `em_headsets`: at most 15 headsets per user, a serial number with one user (seed 002).
//! * `emcc_devices`: a device name also in an EMCC remote cluster (login fails with 37)
//!   and phones + 2 x EMCC devices <= 60,000 (seed 001 table 4).
//! * `em_profiles`: device profiles (and logins) that point at users who do not exist, and
//!   profile names over 50 characters (seed 000 table 1).

use std::fmt::Write as _;

use rusqlite::{params, Connection};

use super::population::{self, CLASS_PROFILE, MAX_PROFILE_NAME};
use super::service;
use crate::engine::db::{self, sql_err};
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::op::Op;

/// A check's verdict: the problems found (none: passed), and what it looked at.
pub struct Verdict {
    pub problems: Vec<String>,
    pub checked: String,
}

/// Most problems a verdict names in its one result line (the log has them all).
pub const SHOWN: usize = 3;

fn rows<T>(
    conn: &Connection,
    sql: &str,
    f: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare(sql).map_err(sql_err)?;
    let q = st.query_map([], f).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

/// Whether `name` follows seed 003's rule for a device of `prefix`.
pub fn softphone_name_ok(prefix: &str, name: &str) -> bool {
    let len = name.chars().count();
    if len == 0 || len > 15 {
        return false;
    }
    if prefix == "CSF" {
        name.chars().all(|c| c.is_ascii_alphanumeric())
    } else {
        name.starts_with(prefix)
            && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || ".-_".contains(c))
    }
}

fn cm_conn(op: &Op) -> Result<Connection> {
    let node = op.node();
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    db::open(node)
}

pub fn softphones(op: &Op) -> Result<Verdict> {
    let conn = cm_conn(op)?;
    let mut problems = Vec::new();
    let mut n = 0usize;
    for (prefix, model) in population::SOFTPHONES {
        let devices = rows(&conn, &format!("SELECT name FROM device WHERE tkmodel = {model}"), |r| {
            r.get::<_, String>(0)
        })?;
        n += devices.len();
        for d in devices.iter().filter(|d| !softphone_name_ok(prefix, d)) {
            problems.push(format!(
                "{prefix} device name {} breaks the {prefix} naming rule",
                crate::engine::text::printable(d)
            ));
        }
        let doubles = rows(
            &conn,
            &format!(
                "SELECT coalesce(u.userid, d.fkenduser), count(*) FROM device d LEFT JOIN enduser u ON u.pkid = d.fkenduser \
                 WHERE d.tkmodel = {model} AND d.fkenduser IS NOT NULL GROUP BY d.fkenduser HAVING count(*) > 1 ORDER BY 1"
            ),
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        for (u, k) in doubles {
            problems.push(format!(
                "{} has {k} {prefix} devices (one of each type per user)",
                crate::engine::text::printable(&u)
            ));
        }
    }
    Ok(Verdict { problems, checked: format!("{n} Jabber devices checked") })
}

pub fn headsets(op: &Op) -> Result<Verdict> {
    let conn = cm_conn(op)?;
    let mut problems = Vec::new();
    let over = rows(
        &conn,
        &format!(
            "SELECT coalesce(u.userid, h.fkenduser), count(*) FROM headsetinventory h LEFT JOIN enduser u ON u.pkid = h.fkenduser \
             WHERE h.fkenduser IS NOT NULL GROUP BY h.fkenduser HAVING count(*) > {} ORDER BY 1",
            population::MAX_HEADSETS_PER_USER
        ),
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    for (u, k) in over {
        problems.push(format!(
            "{} has {k} headsets (at most {})",
            crate::engine::text::printable(&u),
            population::MAX_HEADSETS_PER_USER
        ));
    }
    let shared = rows(
        &conn,
        "SELECT upper(serialnumber), count(DISTINCT fkenduser) FROM headsetinventory WHERE fkenduser IS NOT NULL \
         GROUP BY upper(serialnumber) HAVING count(DISTINCT fkenduser) > 1 ORDER BY 1",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    for (s, k) in shared {
        problems.push(format!("headset {} belongs to {k} users", crate::engine::text::printable(&s)));
    }
    let n: i64 =
        conn.query_row("SELECT count(*) FROM headsetinventory", [], |r| r.get(0)).map_err(sql_err)?;
    Ok(Verdict { problems, checked: format!("{n} headsets checked") })
}

pub fn emcc(op: &Op) -> Result<Verdict> {
    let (lab, conn) = (op.lab(), cm_conn(op)?);
    let mut problems = Vec::new();
    let remotes =
        rows(&conn, "SELECT clusterid FROM remotecluster ORDER BY clusterid", |r| r.get::<_, String>(0))?;
    let mut compared = 0usize;
    for remote in &remotes {
        let Some(p) = lab.deployment().cluster(remote).and_then(|c| c.publisher(Product::Cm)) else {
            continue;
        };
        let other = lab.node(&p.name)?;
        if !other.is_up()? {
            problems.push(format!("remote cluster {remote} cannot be reached to compare device names"));
            continue;
        }
        let path = other.db_path();
        let text = path
            .to_str()
            .ok_or_else(|| EngineError::Internal { what: format!("unusable path {}", path.display()) })?;
        conn.execute("ATTACH DATABASE ?1 AS remote", params![text]).map_err(sql_err)?;
        let same = rows(
            &conn,
            "SELECT d.name FROM main.device d JOIN remote.device r ON r.name = d.name \
             WHERE d.tkclass = 1 AND r.tkclass = 1 ORDER BY d.name LIMIT 1000",
            |r| r.get::<_, String>(0),
        );
        conn.execute("DETACH DATABASE remote", []).map_err(sql_err)?;
        compared += 1;
        for d in same? {
            problems.push(format!(
                "device {} is also in remote cluster {remote} (EMCC login fails with 37)",
                crate::engine::text::printable(&d)
            ));
        }
    }
    problems.extend(super::clusterid::id_problems(lab, &conn)?);
    let (phones, emcc_devices) = service::phone_counts(&conn)?;
    let total = phones + 2 * emcc_devices;
    if total > population::MAX_PHONES {
        problems.push(format!(
            "phones + 2 x EMCC devices = {phones} + 2 x {emcc_devices} = {total}, above {}",
            population::MAX_PHONES
        ));
    }
    Ok(Verdict {
        problems,
        checked: format!(
            "{compared} remote clusters compared, phones + 2 x EMCC devices = {total} of {}",
            population::MAX_PHONES
        ),
    })
}

pub fn profiles(op: &Op) -> Result<Verdict> {
    let conn = cm_conn(op)?;
    let mut problems = Vec::new();
    let missing = rows(
        &conn,
        &format!(
            "SELECT d.name FROM device d WHERE d.tkclass = {CLASS_PROFILE} AND ( \
             (d.fkenduser IS NOT NULL AND d.fkenduser NOT IN (SELECT pkid FROM enduser)) OR \
             d.pkid IN (SELECT m.fkdevice FROM enduserdevicemap m WHERE m.fkenduser NOT IN (SELECT pkid FROM enduser))) \
             ORDER BY d.name"
        ),
        |r| r.get::<_, String>(0),
    )?;
    for d in missing {
        problems.push(format!(
            "device profile {} points at a user who does not exist",
            crate::engine::text::printable(&d)
        ));
    }
    let logins = rows(
        &conn,
        "SELECT d.name FROM extensionmobilitydynamic e JOIN device d ON d.pkid = e.fkdevice WHERE e.fkremotecluster IS NULL \
         AND e.fkenduser IS NOT NULL AND e.fkenduser NOT IN (SELECT pkid FROM enduser) ORDER BY d.name",
        |r| r.get::<_, String>(0),
    )?;
    for d in logins {
        problems.push(format!(
            "the login on {} is of a user who does not exist",
            crate::engine::text::printable(&d)
        ));
    }
    let long = rows(
        &conn,
        &format!("SELECT name FROM device WHERE tkclass = {CLASS_PROFILE} AND length(name) > {MAX_PROFILE_NAME} ORDER BY name"),
        |r| r.get::<_, String>(0),
    )?;
    for d in long {
        problems.push(format!(
            "device profile name {} is longer than {MAX_PROFILE_NAME} characters",
            crate::engine::text::printable(&d)
        ));
    }
    let n: i64 = conn
        .query_row("SELECT count(*) FROM device WHERE tkclass = ?1", params![CLASS_PROFILE], |r| r.get(0))
        .map_err(sql_err)?;
    Ok(Verdict { problems, checked: format!("{n} device profiles checked") })
}

/// Runs one of the checks by module name, writing every problem to `details`.
pub fn run(op: &Op, module: &str, details: &mut String) -> Result<Option<Verdict>> {
    let v = match module {
        "em_softphones" => softphones(op)?,
        "em_headsets" => headsets(op)?,
        "emcc_devices" => emcc(op)?,
        "em_profiles" => profiles(op)?,
        _ => return Ok(None),
    };
    let _ = writeln!(details, "{module}: {}", v.checked);
    for p in &v.problems {
        let _ = writeln!(details, "{module}: {p}");
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softphone_names_follow_seed_003() {
        assert!(softphone_name_ok("CSF", "CSFtadams"));
        assert!(softphone_name_ok("CSF", "jdoe"));
        assert!(!softphone_name_ok("CSF", "CSF_TADAMS"));
        assert!(!softphone_name_ok("CSF", "CSFABCDEFGHIJKLM"));
        assert!(softphone_name_ok("TCT", "TCTTADAMS"));
        assert!(softphone_name_ok("BOT", "BOT.T_A-1"));
        assert!(!softphone_name_ok("TAB", "TABtadams"));
        assert!(!softphone_name_ok("TAB", "BOTTADAMS"));
        assert!(!softphone_name_ok("TCT", "TCTABCDEFGHIJKLM"));
    }
}
