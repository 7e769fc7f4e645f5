//! `ucsh cluster import users|devices FILE.csv [--cluster NAME]`: bulk data into a
//! cluster's CM publisher, from where it replicates (and end users reach IM and Presence
//! through the Sync Agent link).
//!
//! The whole file is read and checked before anything is written, and written in one
//! transaction: a bad row stops the import with its line number and the reason, and
//! nothing of the file is kept. Headers are matched without regard to case, spaces or
//! underscores, so both ucsh's own (`userid`, `directoryuri`) and the platform's bulk
//! export headers (`USER ID`, `DIRECTORY URI`) work; other columns are ignored.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, TransactionBehavior};
use serde::Serialize;
use uuid::Uuid;

use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;

use super::{open, repl, sample, schema, sql_err};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub cluster: String,
    pub publisher: String,
    pub kind: String,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
}

fn norm(h: &str) -> String {
    h.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn bad(file: &Path, line: u64, why: impl std::fmt::Display) -> EngineError {
    EngineError::ImportLine { file: file.to_path_buf(), line, why: why.to_string() }
}

/// Most rows one import takes (README): a bigger file is split and imported in parts. The
/// rows of a user import are held until the whole file is checked, about 0.7 GB per million
/// users at the peak (measured, release build): this keeps one import under 1.5 GB, twice
/// the million users of the benchmarks and far above what a cluster holds. (It was
/// 10,000,000, which let one import take some 7 GB.)
pub const MAX_ROWS: usize = 2_000_000;
/// Longest line of an import file, in bytes (README). A file of one endless line (a sparse
/// file, a binary) stops at this instead of being read whole into memory.
pub const MAX_LINE: usize = 64 * 1024;
/// Memory reserved for the fields before reading; beyond it the buffer grows as rows come.
const PREALLOC_MAX: usize = 64 << 20;

/// Reads a file, failing when a line grows past [`MAX_LINE`] bytes.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R: std::io::Read> std::io::Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = &buf[..n];
        // Lines inside one read are short when the gaps between its newlines are.
        let mut longest = 0;
        let mut from = 0;
        for i in memchr::memchr_iter(b'\n', got) {
            longest = longest.max(if from == 0 { self.since_newline + i } else { i - from });
            from = i + 1;
        }
        if from == 0 {
            self.since_newline += n;
        } else {
            self.since_newline = n - from;
        }
        if longest.max(self.since_newline) > MAX_LINE {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a line is longer than {MAX_LINE} bytes (is this a CSV file?)"),
            ));
        }
        Ok(n)
    }
}

fn reader(file: &Path) -> Result<csv::Reader<LineLimit<std::fs::File>>> {
    let f = std::fs::File::open(file)
        .map_err(|e| EngineError::ImportFile { file: file.to_path_buf(), why: e.to_string() })?;
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(EngineError::ImportFile {
            file: file.to_path_buf(),
            why: "it is not a regular file".into(),
        });
    }
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(LineLimit { inner: f, since_newline: 0 }))
}

/// Finds the column of each wanted field (by any of its names).
fn columns(
    file: &Path,
    headers: &csv::ByteRecord,
    wanted: &[(&str, &[&str])],
) -> Result<HashMap<String, usize>> {
    let names: Vec<String> = headers.iter().map(|h| norm(&String::from_utf8_lossy(h))).collect();
    let mut out = HashMap::new();
    for (field, aliases) in wanted {
        if let Some(i) = names.iter().position(|n| aliases.iter().any(|a| norm(a) == *n)) {
            out.insert(field.to_string(), i);
        }
    }
    if !out.contains_key(wanted[0].0) {
        return Err(bad(file, 1, format!("the header has no {} column", wanted[0].0)));
    }
    Ok(out)
}

fn cm_publisher(lab: &Lab, cluster: Option<&str>) -> Result<(String, NodeHandle)> {
    let name = match cluster {
        Some(c) => c.to_string(),
        None => lab.deployment().clusters.first().map(|c| c.name.clone()).ok_or(EngineError::NoCluster)?,
    };
    let c = lab.deployment().cluster(&name).ok_or_else(|| EngineError::UnknownCluster(name.clone()))?;
    let spec = c
        .publisher(Product::Cm)
        .ok_or_else(|| EngineError::NoPublisher { cluster: name.clone(), product: Product::Cm.describe() })?;
    let node = lab.node(&spec.name)?;
    node.ensure_up()?;
    Ok((name, node))
}

/// Users per insert statement. The statements say `OR ROLLBACK`: a failure ends the
/// whole import anyway, and an `ABORT` statement of several rows makes SQLite copy every
/// page it touches that existed before it into a statement journal (perf: the biggest
/// cost of the load after the engine itself).
const BATCH: usize = 128;

fn insert_sql(n: usize) -> String {
    let one = "(?, ?, ?, NULL, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?, 't', 1)";
    format!(
        "INSERT OR ROLLBACK INTO enduser (pkid, userid, firstname, middlename, lastname, mailid, directoryuri, telephonenumber, \
         department, primarynodeid, xcp_user_id, imaddress, enablecups, islocaluser, status) VALUES {}",
        vec![one; n].join(", ")
    )
}

fn log_sql(n: usize) -> String {
    format!(
        "INSERT OR ROLLBACK INTO cdr_log (tab, pk, op) VALUES {}",
        vec!["('enduser', ?, 'I')"; n].join(", ")
    )
}

const USER_FIELDS: &[(&str, &[&str])] = &[
    ("userid", &["userid", "user id"]),
    ("firstname", &["firstname", "first name"]),
    ("lastname", &["lastname", "last name"]),
    ("mailid", &["mailid", "mail id", "email"]),
    ("directoryuri", &["directoryuri", "directory uri"]),
    ("node", &["node", "primary node", "im and presence node", "presence node", "home node"]),
];

/// The update of an existing user: only the columns the file has are set. Parameters:
/// `?1` pkid, `?2` user ID, then the present columns in the order of [`UPDATED`].
fn update_sql(cols: &HashMap<String, usize>) -> String {
    let mut set = vec!["userid = ?2".to_string()];
    let mut n = 2;
    for (field, columns) in UPDATED {
        if cols.contains_key(*field) {
            for c in *columns {
                n += 1;
                set.push(format!("{c} = ?{n}"));
            }
        }
    }
    format!("UPDATE enduser SET {} WHERE pkid = ?1 AND userid = ?2", set.join(", "))
}

/// The import's fields an update sets, with the enduser columns each one fills.
const UPDATED: &[(&str, &[&str])] = &[
    ("firstname", &["firstname"]),
    ("lastname", &["lastname"]),
    ("mailid", &["mailid"]),
    ("directoryuri", &["directoryuri"]),
    ("node", &["primarynodeid", "enablecups"]),
];

fn field(rec: &csv::ByteRecord, cols: &HashMap<String, usize>, name: &str) -> Option<String> {
    let i = *cols.get(name)?;
    let v = rec.get(i)?;
    if v.is_empty() {
        None
    } else {
        Some(String::from_utf8_lossy(v).into_owned())
    }
}

/// A field's bytes in the import's arena (one buffer for every field of the file, so
/// a million rows cost a handful of allocations, not several per row).
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

struct UserRow<'a> {
    line: u64,
    userid: Span,
    first: Option<Span>,
    last: Option<Span>,
    mail: Option<Span>,
    uri: Option<Span>,
    node: Option<&'a str>,
    /// The IM and Presence (XCP) user ID: the user ID in lower case.
    xcp: Span,
}

/// Copies a field of `rec` into the arena (`None` when the column is absent or empty).
fn put(arena: &mut String, rec: &csv::StringRecord, col: Option<usize>) -> Option<Span> {
    let v = rec.get(col?)?;
    if v.is_empty() {
        return None;
    }
    let start = arena.len();
    arena.push_str(v);
    Some(Span { start, end: arena.len() })
}

fn text(arena: &str, s: Span) -> &str {
    arena.get(s.start..s.end).unwrap_or_default()
}

fn opt_text(arena: &str, s: Option<Span>) -> Option<&str> {
    s.map(|s| text(arena, s))
}

/// The processnode pkid of an IM and Presence node named (in any case) `n`.
fn known<'a>(imp: &'a HashMap<String, String>, n: &str) -> Option<&'a String> {
    if n.is_ascii() {
        imp.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, pk)| pk)
    } else {
        imp.get(&n.to_lowercase())
    }
}

/// `ucsh cluster import users FILE.csv [--cluster NAME]`.
pub fn users(lab: &Lab, file: &Path, cluster: Option<&str>) -> Result<ImportReport> {
    users_at_most(lab, file, cluster, MAX_ROWS)
}

/// [`users`] with `max_rows` for [`MAX_ROWS`] (a test reaches the limit with a small file).
fn users_at_most(lab: &Lab, file: &Path, cluster: Option<&str>, max_rows: usize) -> Result<ImportReport> {
    let (cname, publisher) = cm_publisher(lab, cluster)?;
    let c = lab.deployment().cluster(&cname).ok_or_else(|| EngineError::UnknownCluster(cname.clone()))?;
    let imp: HashMap<String, String> = c
        .nodes_of(Product::Imp)
        .flat_map(|n| {
            let pk = sample::processnode_pkid(&cname, &n.name);
            [
                (n.name.to_lowercase(), pk.clone()),
                (n.hostname.to_lowercase(), pk.clone()),
                (n.fqdn().to_lowercase(), pk),
            ]
        })
        .collect();
    let mut rd = reader(file)?;
    let headers = rd.byte_headers().map_err(|e| bad(file, 1, e))?.clone();
    let cols = columns(file, &headers, USER_FIELDS)?;
    let col = |name: &str| cols.get(name).copied();
    let (c_user, c_first, c_last, c_mail, c_uri, c_node) =
        (col("userid"), col("firstname"), col("lastname"), col("mailid"), col("directoryuri"), col("node"));
    // Sized from the file (its fields, the lower-case user IDs, about 100 bytes a row),
    // so they are not grown and copied again and again.
    // Capped: the size of a (sparse) file says nothing about the memory its rows need.
    let size = std::fs::metadata(file).map_or(0, |m| m.len()).min(PREALLOC_MAX as u64) as usize;
    let mut arena = String::with_capacity(size + size / 4);
    let mut rows: Vec<UserRow> = Vec::with_capacity(size / 64);
    let mut rec = csv::StringRecord::new();
    let mut scratch = String::new();
    // The first bad row other than a duplicate stops the reading; duplicates are found
    // afterwards, among the rows before it, so the error is always the first in the file.
    let mut stop: Option<EngineError> = None;
    loop {
        let more = match rd.read_record(&mut rec) {
            Ok(m) => m,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                stop = Some(if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    bad(file, line, "the row is not valid UTF-8")
                } else {
                    bad(file, line, e)
                });
                break;
            }
        };
        if !more {
            break;
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rows.len() >= max_rows {
            stop = Some(bad(
                file,
                line,
                format!("the file has more than {max_rows} users; split it and import the parts one after the other"),
            ));
            break;
        }
        // A user ID (or name) with a newline or an escape sequence forges lines wherever it
        // is shown; NUL cuts it short in other programs. None of them belongs in a name.
        if let Some(v) = [c_user, c_first, c_last, c_mail, c_uri, c_node]
            .into_iter()
            .flatten()
            .filter_map(|i| rec.get(i))
            .find(|v| v.bytes().any(|b| b < 0x20 || b == 0x7f) || crate::engine::text::has_control(v))
        {
            stop = Some(bad(
                file,
                line,
                format!(
                    "the field {} contains a control character (a line break, tab, escape or NUL); remove it",
                    crate::engine::text::printable(v)
                ),
            ));
            break;
        }
        let Some(userid) = put(&mut arena, &rec, c_user) else {
            stop = Some(bad(file, line, "the user ID is empty"));
            break;
        };
        if text(&arena, userid).chars().count() > 128 {
            stop = Some(bad(file, line, "the user ID is longer than 128 characters"));
            break;
        }
        let node = match c_node.and_then(|i| rec.get(i)).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match known(&imp, n) {
                Some(pk) => Some(pk.as_str()),
                None => {
                    // A duplicate user ID on this same row is reported first, as the
                    // checks run in that order.
                    stop = Some(bad(
                        file,
                        line,
                        format!("{n} is not an IM and Presence node of cluster {cname}"),
                    ));
                    None
                }
            },
        };
        scratch.clear();
        scratch.push_str(text(&arena, userid));
        if scratch.is_ascii() {
            scratch.make_ascii_lowercase();
        } else {
            scratch = scratch.to_lowercase();
        }
        let start = arena.len();
        arena.push_str(&scratch);
        let xcp = Span { start, end: arena.len() };
        rows.push(UserRow {
            line,
            userid,
            first: put(&mut arena, &rec, c_first),
            last: put(&mut arena, &rec, c_last),
            mail: put(&mut arena, &rec, c_mail),
            uri: put(&mut arena, &rec, c_uri),
            node,
            xcp,
        });
        if stop.is_some() {
            break;
        }
    }
    {
        let mut seen: foldhash::HashMap<&str, u64> =
            foldhash::HashMap::with_capacity_and_hasher(rows.len(), Default::default());
        for r in &rows {
            if let Some(first) = seen.insert(text(&arena, r.xcp), r.line) {
                return Err(bad(
                    file,
                    r.line,
                    format!("the user ID {} is already on line {first}", text(&arena, r.userid)),
                ));
            }
        }
    }
    if let Some(e) = stop {
        return Err(e);
    }
    // New pkids are random UUIDs as on the platform, but handed out in user ID order, so
    // the inserts append to both the table's tree and the user ID index. (UUIDs sort as
    // their lower-case text does.)
    rows.sort_unstable_by(|a, b| text(&arena, a.userid).cmp(text(&arena, b.userid)));
    let mut rng = rand::rng();
    let mut keys: Vec<Uuid> = rows
        .iter()
        .map(|_| uuid::Builder::from_random_bytes(rand::Rng::random(&mut rng)).into_uuid())
        .collect();
    keys.sort_unstable();
    let mut conn = open(&publisher)?;
    conn.execute_batch(super::BULK_WRITE).map_err(sql_err)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let table = schema::table("enduser").ok_or_else(|| EngineError::Sql("no enduser table".into()))?;
    // Row by row through the capture triggers, SQLite would copy every page it touches
    // into a statement journal; the load logs its rows itself, in the same transaction.
    let triggers: i64 = tx
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'enduser'",
            [],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    tx.execute_batch(&schema::drop_capture_triggers_for(table)).map_err(sql_err)?;
    let mut existing: foldhash::HashMap<String, String> = foldhash::HashMap::default();
    {
        let mut st = tx.prepare("SELECT userid, pkid FROM enduser").map_err(sql_err)?;
        let mut q = st.query([]).map_err(sql_err)?;
        while let Some(r) = q.next().map_err(sql_err)? {
            existing.insert(r.get(0).map_err(sql_err)?, r.get(1).map_err(sql_err)?);
        }
    }
    let mut updated = 0usize;
    {
        // An existing user gets only the columns the file has: a file of user IDs and
        // first names must not wipe the last names, mail IDs, URIs and nodes it lacks.
        let mut update = tx.prepare(&update_sql(&cols)).map_err(sql_err)?;
        let mut log_one =
            tx.prepare("INSERT INTO cdr_log (tab, pk, op) VALUES ('enduser', ?1, 'U')").map_err(sql_err)?;
        let a = arena.as_str();
        let mut new_rows = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            match existing.get(text(a, r.userid)) {
                Some(pk) => {
                    let enabled = if r.node.is_some() { "t" } else { "f" };
                    let values: [(&str, Option<&str>); 6] = [
                        ("firstname", opt_text(a, r.first)),
                        ("lastname", opt_text(a, r.last)),
                        ("mailid", opt_text(a, r.mail)),
                        ("directoryuri", opt_text(a, r.uri)),
                        ("node", r.node),
                        ("node", Some(enabled)),
                    ];
                    update.raw_bind_parameter(1, pk).map_err(sql_err)?;
                    update.raw_bind_parameter(2, text(a, r.userid)).map_err(sql_err)?;
                    let mut n = 2;
                    for (f, v) in values {
                        if cols.contains_key(f) {
                            n += 1;
                            update.raw_bind_parameter(n, v).map_err(sql_err)?;
                        }
                    }
                    update.raw_execute().map_err(sql_err)?;
                    log_one.execute(params![pk]).map_err(sql_err)?;
                    updated += 1;
                }
                None => new_rows.push((i, r)),
            }
        }
        // More new users than the table holds: the load is queued as one batch entry
        // (see `repl`), which the replicas copy as a whole; otherwise row by row.
        let batch = new_rows.len() > existing.len();
        // New users go in many rows per statement: far less per-statement work than one
        // by one, in key order, each batch followed by its log entries. The values are
        // bound straight from the arena (SQLite copies them as they are bound).
        let mut full = tx.prepare(&insert_sql(BATCH)).map_err(sql_err)?;
        let mut full_log = tx.prepare(&log_sql(BATCH)).map_err(sql_err)?;
        let mut buf = [0u8; 36];
        for chunk in new_rows.chunks(BATCH) {
            let (mut part, mut part_log);
            let (insert, log) = if chunk.len() == BATCH {
                (&mut full, &mut full_log)
            } else {
                part = tx.prepare(&insert_sql(chunk.len())).map_err(sql_err)?;
                part_log = tx.prepare(&log_sql(chunk.len())).map_err(sql_err)?;
                (&mut part, &mut part_log)
            };
            for (j, (i, r)) in chunk.iter().enumerate() {
                let pk: &str = keys[*i].hyphenated().encode_lower(&mut buf);
                let fields = [
                    Some(pk),
                    Some(text(a, r.userid)),
                    opt_text(a, r.first),
                    opt_text(a, r.last),
                    opt_text(a, r.mail),
                    opt_text(a, r.uri),
                    r.node,
                    Some(text(a, r.xcp)),
                    Some(if r.node.is_some() { "t" } else { "f" }),
                ];
                for (f, v) in fields.iter().enumerate() {
                    insert.raw_bind_parameter(j * fields.len() + f + 1, v).map_err(sql_err)?;
                }
                if !batch {
                    log.raw_bind_parameter(j + 1, pk).map_err(sql_err)?;
                }
            }
            insert.raw_execute().map_err(sql_err)?;
            if !batch {
                log.raw_execute().map_err(sql_err)?;
            }
        }
        if batch {
            repl::log_batch(&tx, table, new_rows.len(), existing.values().map(String::as_str))?;
        }
    }
    if triggers > 0 {
        tx.execute_batch(&schema::capture_triggers_for(table)).map_err(sql_err)?;
    }
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &cname)?;
    let inserted = rows.len() - updated;
    Ok(ImportReport {
        cluster: cname,
        publisher: publisher.name().to_string(),
        kind: "users".into(),
        rows: rows.len(),
        inserted,
        updated,
    })
}

const DEVICE_FIELDS: &[(&str, &[&str])] = &[
    ("name", &["name", "device name"]),
    ("type", &["type", "device type", "product", "model"]),
    ("description", &["description"]),
    ("owner", &["owner", "owner user id", "userid", "user id"]),
    ("dn", &["dn", "directory number", "directory number 1", "directorynumber"]),
];

/// Device kinds the import knows: (type word, model enum, class, prefix).
fn device_kind(t: &str) -> Option<(i64, i64, &'static str)> {
    match norm(t).as_str() {
        "csf" | "ciscounifiedclientservicesframework" => Some((503, 1, "CSF")),
        "tct" | "ciscodualmodeforiphone" => Some((562, 1, "TCT")),
        "bot" | "ciscodualmodeforandroid" => Some((575, 1, "BOT")),
        "tab" | "ciscojabberfortablet" => Some((652, 1, "TAB")),
        "phone" | "cisco8865" => Some((36670, 1, "SEP")),
        "cisco7821" => Some((36213, 1, "SEP")),
        "profile" | "deviceprofile" => Some((36670, 254, "")),
        _ => None,
    }
}

/// The platform's naming rules for a device of `kind`.
fn check_name(name: &str, prefix: &str) -> std::result::Result<(), String> {
    let len = name.chars().count();
    match prefix {
        "CSF" => {
            if len > 15 || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("{name}: a CSF device name has 1 to 15 letters and digits"));
            }
        }
        "TCT" | "BOT" | "TAB" => {
            if !name.starts_with(prefix)
                || len > 15
                || !name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || ".-_".contains(c))
            {
                return Err(format!(
                    "{name}: a {prefix} device name starts with {prefix}, is upper case (A-Z, 0-9, '.', '_', '-') and has at most 15 characters"
                ));
            }
        }
        "SEP" => {
            let hex = name.strip_prefix("SEP").unwrap_or("");
            if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!(
                    "{name}: a phone name is SEP followed by the 12 hex digits of its MAC address"
                ));
            }
        }
        _ => {
            if len == 0 || len > 50 {
                return Err(format!("{name}: a device profile name has 1 to 50 characters"));
            }
        }
    }
    Ok(())
}

/// `ucsh cluster import devices FILE.csv [--cluster NAME]`: columns `name`, `type` (CSF,
/// TCT, BOT, TAB, phone, profile or the model name), `description`, `owner` (a user ID),
/// `dn` (a directory number, created when new).
pub fn devices(lab: &Lab, file: &Path, cluster: Option<&str>) -> Result<ImportReport> {
    let (cname, publisher) = cm_publisher(lab, cluster)?;
    let mut rd = reader(file)?;
    let headers = rd.byte_headers().map_err(|e| bad(file, 1, e))?.clone();
    let cols = columns(file, &headers, DEVICE_FIELDS)?;
    if !cols.contains_key("type") {
        return Err(bad(file, 1, "the header has no type column"));
    }
    let mut conn = open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let pool: Option<String> =
        tx.query_row("SELECT pkid FROM devicepool ORDER BY name LIMIT 1", [], |r| r.get(0)).ok();
    let mut rec = csv::ByteRecord::new();
    let mut n = 0usize;
    let mut jabber_of_user: HashMap<(String, &'static str), u64> = HashMap::new();
    loop {
        let more = rd.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(file, line, e)
        })?;
        if !more {
            break;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let name = field(&rec, &cols, "name").ok_or_else(|| bad(file, line, "the device name is empty"))?;
        let t = field(&rec, &cols, "type").ok_or_else(|| bad(file, line, "the device type is empty"))?;
        let (model, class, prefix) = device_kind(&t)
            .ok_or_else(|| bad(file, line, format!("{t} is not a device type the lab knows")))?;
        check_name(&name, prefix).map_err(|why| bad(file, line, why))?;
        let owner = match field(&rec, &cols, "owner") {
            None => None,
            Some(u) => Some(
                tx.query_row("SELECT pkid FROM enduser WHERE userid = ?1", params![u], |r| {
                    r.get::<_, String>(0)
                })
                .map_err(|_| bad(file, line, format!("no end user has the user ID {u}")))?,
            ),
        };
        if let (Some(o), "CSF" | "TCT" | "BOT" | "TAB") = (&owner, prefix) {
            let existing: i64 = tx
                .query_row(
                    "SELECT count(*) FROM device WHERE fkenduser = ?1 AND tkmodel = ?2",
                    params![o, model],
                    |r| r.get(0),
                )
                .map_err(sql_err)?;
            if existing > 0 || jabber_of_user.insert((o.clone(), prefix), line).is_some() {
                return Err(bad(
                    file,
                    line,
                    format!("the owner already has a {prefix} device (one of each type per user)"),
                ));
            }
        }
        let pk = Uuid::new_v4().to_string();
        let hotel = if prefix == "SEP" { "t" } else { "f" };
        tx.execute(
            "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkdeviceprotocol, fkenduser, fkdevicepool, \
             allowhotelingflag, fkdevice_logoutprofile) VALUES (?1, ?2, ?3, ?4, ?5, 11, ?6, ?7, ?8, NULL)",
            params![pk, name, field(&rec, &cols, "description"), class, model, owner, pool, hotel],
        )
        .map_err(|e| {
            if e.to_string().contains("UNIQUE") {
                bad(file, line, format!("a device named {name} already exists"))
            } else {
                sql_err(e)
            }
        })?;
        if let Some(o) = &owner {
            tx.execute(
                "INSERT INTO enduserdevicemap (pkid, fkenduser, fkdevice, defaultprofile, description, tkuserassociation) \
                 VALUES (?1, ?2, ?3, ?4, '', ?5)",
                params![Uuid::new_v4().to_string(), o, pk, if class == 254 { "t" } else { "f" }, if class == 254 { 2 } else { 1 }],
            )
            .map_err(sql_err)?;
        }
        if let Some(dn) = field(&rec, &cols, "dn") {
            if dn.is_empty() || dn.len() > 24 || !dn.chars().all(|c| c.is_ascii_digit() || c == '+') {
                return Err(bad(file, line, format!("{dn} is not a directory number")));
            }
            let np: String = match tx.query_row(
                "SELECT pkid FROM numplan WHERE dnorpattern = ?1",
                params![dn],
                |r| r.get(0),
            ) {
                Ok(p) => p,
                Err(_) => {
                    let p = Uuid::new_v4().to_string();
                    tx.execute(
                        "INSERT INTO numplan (pkid, dnorpattern, fkroutepartition, tkpatternusage, description, alertingname) \
                         VALUES (?1, ?2, (SELECT pkid FROM routepartition ORDER BY name LIMIT 1), 2, NULL, NULL)",
                        params![p, dn],
                    )
                    .map_err(sql_err)?;
                    p
                }
            };
            tx.execute(
                "INSERT INTO devicenumplanmap (pkid, fkdevice, fknumplan, numplanindex, display, label, e164mask) \
                 VALUES (?1, ?2, ?3, 1, NULL, ?4, NULL)",
                params![Uuid::new_v4().to_string(), pk, np, dn],
            )
            .map_err(sql_err)?;
        }
        n += 1;
    }
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &cname)?;
    Ok(ImportReport {
        cluster: cname,
        publisher: publisher.name().to_string(),
        kind: "devices".into(),
        rows: n,
        inserted: n,
        updated: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row limit of a user import: a file past it is refused with the line and what to
    /// do, and nothing of it is imported; a file at it is imported.
    #[test]
    fn a_user_import_past_its_row_limit_is_refused_whole() {
        let t = tempfile::tempdir().expect("tempdir");
        let opts =
            crate::engine::deployment::InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
        let (lab, _) = Lab::init(
            &t.path().join("lab"),
            &opts,
            None,
            crate::engine::lab::Existing::Refuse,
            crate::engine::Clock::system(),
        )
        .expect("lab");
        let csv = t.path().join("users.csv");
        let body: String = (0..5).map(|i| format!("limit{i},First{i}\n")).collect();
        std::fs::write(&csv, format!("userid,firstname\n{body}")).expect("write");
        let count = || -> i64 {
            let db = rusqlite::Connection::open(lab.node("cucm-pub").expect("node").db_path()).expect("db");
            db.query_row("SELECT count(*) FROM enduser WHERE userid LIKE 'limit%'", [], |r| r.get(0))
                .expect("count")
        };
        let err = users_at_most(&lab, &csv, None, 4).expect_err("past the limit");
        let text = err.to_string();
        assert!(text.contains("line 6") && text.contains("more than 4 users; split it"), "{text}");
        assert_eq!(count(), 0, "part of a refused file was imported");
        let report = users_at_most(&lab, &csv, None, 5).expect("at the limit");
        assert_eq!((report.rows, count()), (5, 5));
    }
}
