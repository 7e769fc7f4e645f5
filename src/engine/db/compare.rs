//! Row-by-row comparison of replicas, and repair of only the rows that differ.
//!
//! Both replicas are scanned in key order (every table is `WITHOUT ROWID`, so that is its
//! storage order) and merged: a key on one side only is a missing or an extra row, a key
//! on both whose column values hash differently (xxh3 over the typed values) is a
//! different row. Each subscriber is compared on its own thread.

use std::cmp::Ordering;

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, TransactionBehavior};
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;

use super::repl::attach_source;
use super::schema::{self, Table};
use super::{open, sql_err};

/// A row key as SQLite orders it: integers before text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Text(Vec<u8>),
}

impl Key {
    fn read(v: ValueRef<'_>) -> Key {
        match v {
            ValueRef::Integer(i) => Key::Int(i),
            ValueRef::Text(t) | ValueRef::Blob(t) => Key::Text(t.to_vec()),
            ValueRef::Real(f) => Key::Int(f as i64),
            ValueRef::Null => Key::Text(Vec::new()),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Text(t) => String::from_utf8_lossy(t).into_owned(),
        }
    }
}

/// How the rows of one table differ on one subscriber.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableDiff {
    pub table: String,
    pub rows_publisher: u64,
    pub rows_subscriber: u64,
    /// On the publisher, not on the subscriber.
    pub missing: Vec<String>,
    /// On the subscriber, not on the publisher.
    pub extra: Vec<String>,
    /// On both, with different values.
    pub different: Vec<String>,
}

impl TableDiff {
    pub fn count(&self) -> usize {
        self.missing.len() + self.extra.len() + self.different.len()
    }
}

/// Hashes a row's typed values (a type tag, the length of text and blobs, the bytes) in
/// one call over a buffer the caller reuses.
fn hash_row(row: &rusqlite::Row<'_>, n: usize, buf: &mut Vec<u8>) -> Result<u64> {
    buf.clear();
    for i in 0..n {
        match row.get_ref(i).map_err(sql_err)? {
            ValueRef::Null => buf.push(0),
            ValueRef::Integer(v) => {
                buf.push(1);
                buf.extend_from_slice(&v.to_le_bytes());
            }
            ValueRef::Real(v) => {
                buf.push(2);
                buf.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            ValueRef::Text(t) => {
                buf.push(3);
                buf.extend_from_slice(&(t.len() as u64).to_le_bytes());
                buf.extend_from_slice(t);
            }
            ValueRef::Blob(b) => {
                buf.push(4);
                buf.extend_from_slice(&(b.len() as u64).to_le_bytes());
                buf.extend_from_slice(b);
            }
        }
    }
    Ok(xxh3_64(buf))
}

/// The publisher's current key, kept in a buffer that is reused row after row.
#[derive(Default)]
struct KeyBuf {
    int: Option<i64>,
    text: Vec<u8>,
}

impl KeyBuf {
    fn set(&mut self, v: ValueRef<'_>) {
        self.text.clear();
        self.int = None;
        match v {
            ValueRef::Integer(i) => self.int = Some(i),
            ValueRef::Real(f) => self.int = Some(f as i64),
            ValueRef::Text(t) | ValueRef::Blob(t) => self.text.extend_from_slice(t),
            ValueRef::Null => {}
        }
    }

    fn cmp_to(&self, v: ValueRef<'_>) -> Ordering {
        match (self.int, v) {
            (Some(a), ValueRef::Integer(b)) => a.cmp(&b),
            (None, ValueRef::Text(b)) | (None, ValueRef::Blob(b)) => self.text.as_slice().cmp(b),
            _ => self.key().cmp(&Key::read(v)),
        }
    }

    fn key(&self) -> Key {
        match self.int {
            Some(i) => Key::Int(i),
            None => Key::Text(self.text.clone()),
        }
    }
}

/// Compares one table of two replicas.
pub fn compare_table(publisher: &Connection, subscriber: &Connection, t: &Table) -> Result<TableDiff> {
    let cols = schema::columns(t);
    let sql = format!("SELECT {} FROM {} ORDER BY {}", cols.join(", "), t.name, t.key);
    let key_index = cols.iter().position(|c| *c == t.key).unwrap_or(0);
    let n = cols.len();
    let mut a_st = publisher.prepare(&sql).map_err(sql_err)?;
    let mut b_st = subscriber.prepare(&sql).map_err(sql_err)?;
    let mut a = a_st.query([]).map_err(sql_err)?;
    let mut b = b_st.query([]).map_err(sql_err)?;
    let mut diff = TableDiff { table: t.name.to_string(), ..TableDiff::default() };
    let mut buf = Vec::with_capacity(512);
    let mut ka = KeyBuf::default();
    // The publisher's current row: its key in `ka` and its hash.
    let next_a = |rows: &mut rusqlite::Rows<'_>, ka: &mut KeyBuf, buf: &mut Vec<u8>| -> Result<Option<u64>> {
        match rows.next().map_err(sql_err)? {
            Some(r) => {
                ka.set(r.get_ref(key_index).map_err(sql_err)?);
                Ok(Some(hash_row(r, n, buf)?))
            }
            None => Ok(None),
        }
    };
    let mut cur_a = next_a(&mut a, &mut ka, &mut buf)?;
    if cur_a.is_some() {
        diff.rows_publisher += 1;
    }
    while let Some(rb) = b.next().map_err(sql_err)? {
        diff.rows_subscriber += 1;
        let kb = rb.get_ref(key_index).map_err(sql_err)?;
        while cur_a.is_some() && ka.cmp_to(kb) == Ordering::Less {
            diff.missing.push(ka.key().text());
            cur_a = next_a(&mut a, &mut ka, &mut buf)?;
            if cur_a.is_some() {
                diff.rows_publisher += 1;
            }
        }
        match cur_a {
            Some(ha) if ka.cmp_to(kb) == Ordering::Equal => {
                if ha != hash_row(rb, n, &mut buf)? {
                    diff.different.push(ka.key().text());
                }
                cur_a = next_a(&mut a, &mut ka, &mut buf)?;
                if cur_a.is_some() {
                    diff.rows_publisher += 1;
                }
            }
            _ => diff.extra.push(Key::read(kb).text()),
        }
    }
    while cur_a.is_some() {
        diff.missing.push(ka.key().text());
        cur_a = next_a(&mut a, &mut ka, &mut buf)?;
        if cur_a.is_some() {
            diff.rows_publisher += 1;
        }
    }
    Ok(diff)
}

/// The comparison of every table of one subscriber with the publisher.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicaDiff {
    pub node: String,
    pub tables: Vec<TableDiff>,
}

impl ReplicaDiff {
    pub fn rows(&self) -> usize {
        self.tables.iter().map(TableDiff::count).sum()
    }

    pub fn tables_differing(&self) -> usize {
        self.tables.iter().filter(|t| t.count() > 0).count()
    }
}

/// One table of one replica reduced to its keys (in key order) and a hash of each row.
#[derive(Default)]
struct Digest {
    /// Text keys end to end; `ends[i]` is where key `i` ends.
    text: Vec<u8>,
    ends: Vec<usize>,
    /// Integer keys (type tables), when the table has them.
    ints: Vec<i64>,
    hashes: Vec<u64>,
}

impl Digest {
    fn len(&self) -> usize {
        self.hashes.len()
    }

    fn key(&self, i: usize) -> Key {
        if !self.ints.is_empty() {
            return Key::Int(self.ints[i]);
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Key::Text(self.text[start..self.ends[i]].to_vec())
    }

    fn cmp_keys(&self, i: usize, other: &Digest, j: usize) -> Ordering {
        if !self.ints.is_empty() && !other.ints.is_empty() {
            return self.ints[i].cmp(&other.ints[j]);
        }
        if self.ints.is_empty() && other.ints.is_empty() {
            let a = &self.text[if i == 0 { 0 } else { self.ends[i - 1] }..self.ends[i]];
            let b = &other.text[if j == 0 { 0 } else { other.ends[j - 1] }..other.ends[j]];
            return a.cmp(b);
        }
        self.key(i).cmp(&other.key(j))
    }
}

/// Scans one table of one replica in key order.
fn digest(conn: &Connection, t: &Table) -> Result<Digest> {
    let cols = schema::columns(t);
    let sql = format!("SELECT {} FROM {} ORDER BY {}", cols.join(", "), t.name, t.key);
    let key_index = cols.iter().position(|c| *c == t.key).unwrap_or(0);
    let n = cols.len();
    let mut st = conn.prepare(&sql).map_err(sql_err)?;
    let mut rows = st.query([]).map_err(sql_err)?;
    let mut d = Digest::default();
    let mut buf = Vec::with_capacity(512);
    while let Some(r) = rows.next().map_err(sql_err)? {
        match r.get_ref(key_index).map_err(sql_err)? {
            ValueRef::Integer(i) => d.ints.push(i),
            ValueRef::Text(k) | ValueRef::Blob(k) => {
                d.text.extend_from_slice(k);
                d.ends.push(d.text.len());
            }
            other => {
                d.text.extend_from_slice(Key::read(other).text().as_bytes());
                d.ends.push(d.text.len());
            }
        }
        d.hashes.push(hash_row(r, n, &mut buf)?);
    }
    Ok(d)
}

/// Merges the digests of the publisher and a subscriber.
fn diff_digests(table: &str, p: &Digest, s: &Digest) -> TableDiff {
    let mut diff = TableDiff {
        table: table.to_string(),
        rows_publisher: p.len() as u64,
        rows_subscriber: s.len() as u64,
        ..TableDiff::default()
    };
    let (mut i, mut j) = (0, 0);
    while i < p.len() && j < s.len() {
        match p.cmp_keys(i, s, j) {
            Ordering::Less => {
                diff.missing.push(p.key(i).text());
                i += 1;
            }
            Ordering::Greater => {
                diff.extra.push(s.key(j).text());
                j += 1;
            }
            Ordering::Equal => {
                if p.hashes[i] != s.hashes[j] {
                    diff.different.push(p.key(i).text());
                }
                i += 1;
                j += 1;
            }
        }
    }
    diff.missing.extend((i..p.len()).map(|k| p.key(k).text()));
    diff.extra.extend((j..s.len()).map(|k| s.key(k).text()));
    diff
}

/// Every table of one replica, digested in one read transaction (one snapshot).
fn digest_replica(node: &NodeHandle, tables: &[&'static Table]) -> Result<Vec<Digest>> {
    let mut conn = open(node)?;
    // Scans read through the page cache mapping, not a copy per page.
    conn.execute_batch("PRAGMA mmap_size = 4294967296;").map_err(sql_err)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred).map_err(sql_err)?;
    tables.iter().map(|t| digest(&tx, t)).collect()
}

/// Compares every table of each subscriber with the publisher: every replica is scanned
/// once, each on its own thread, and the digests are merged in memory.
pub fn compare(publisher: &NodeHandle, subscribers: &[NodeHandle]) -> Result<Vec<ReplicaDiff>> {
    let tables: Vec<&'static Table> = schema::tables(publisher.product()).collect();
    compare_tables(publisher, subscribers, &tables)
}

/// [`compare`] limited to `tables` (`repairtable`, `repairreplicate`, `quickaudit`).
pub fn compare_tables(
    publisher: &NodeHandle,
    subscribers: &[NodeHandle],
    tables: &[&'static Table],
) -> Result<Vec<ReplicaDiff>> {
    if subscribers.is_empty() {
        return Ok(Vec::new());
    }
    let tables = tables.to_vec();
    let digests: Vec<Vec<Digest>> = std::thread::scope(|scope| {
        let handles: Vec<_> = std::iter::once(publisher)
            .chain(subscribers)
            .map(|n| {
                let tables = &tables;
                scope.spawn(move || digest_replica(n, tables))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| EngineError::Sql("the comparison thread failed".into()))?)
            .collect::<Result<Vec<_>>>()
    })?;
    let Some((pub_digest, sub_digests)) = digests.split_first() else {
        return Ok(Vec::new());
    };
    Ok(subscribers
        .iter()
        .zip(sub_digests)
        .map(|(sub, sd)| ReplicaDiff {
            node: sub.name().to_string(),
            tables: tables
                .iter()
                .zip(pub_digest.iter().zip(sd))
                .map(|(t, (p, s))| diff_digests(t.name, p, s))
                .collect(),
        })
        .collect())
}

/// What a repair wrote on one subscriber.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepairCount {
    pub table: String,
    pub rows_fixed: usize,
    /// Rows SQLite reports written (inserted, replaced or deleted) for this table.
    pub rows_written: u64,
}

/// Makes the differing rows of `diff` equal to the publisher's, and touches nothing else.
pub fn repair(
    publisher: &NodeHandle,
    subscriber: &NodeHandle,
    diff: &ReplicaDiff,
) -> Result<Vec<RepairCount>> {
    let mut conn = open(subscriber)?;
    attach_source(&conn, publisher)?;
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS fix (k PRIMARY KEY)").map_err(sql_err)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let mut out = Vec::new();
    for td in diff.tables.iter().filter(|t| t.count() > 0) {
        let Some(t) = schema::table(&td.table) else { continue };
        let (n, k) = (t.name, t.key);
        tx.execute("DELETE FROM temp.fix", []).map_err(sql_err)?;
        {
            let mut ins = tx.prepare("INSERT OR IGNORE INTO temp.fix (k) VALUES (?1)").map_err(sql_err)?;
            for key in td.missing.iter().chain(&td.extra).chain(&td.different) {
                if k == "enum" {
                    let v: i64 =
                        key.parse().map_err(|_| EngineError::Sql(format!("bad key {key} in {n}")))?;
                    ins.execute(params![v]).map_err(sql_err)?;
                } else {
                    ins.execute(params![key]).map_err(sql_err)?;
                }
            }
        }
        let before = tx.total_changes();
        tx.execute(
            &format!(
                "DELETE FROM main.{n} WHERE {k} IN (SELECT k FROM temp.fix) \
                 AND NOT EXISTS (SELECT 1 FROM src.{n} s WHERE s.{k} = main.{n}.{k})"
            ),
            [],
        )
        .map_err(sql_err)?;
        tx.execute(
            &format!(
                "INSERT OR REPLACE INTO main.{n} SELECT * FROM src.{n} WHERE {k} IN (SELECT k FROM temp.fix)"
            ),
            [],
        )
        .map_err(sql_err)?;
        let written = tx.total_changes() - before;
        out.push(RepairCount { table: n.to_string(), rows_fixed: td.count(), rows_written: written });
    }
    tx.commit().map_err(sql_err)?;
    Ok(out)
}
