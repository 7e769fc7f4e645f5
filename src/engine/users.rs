//! `utils users validate`: duplicate user IDs, missing, invalid and duplicate directory
//! URIs (and, beyond the platform, duplicate mail IDs) across the IM and Presence clusters
//! of a deployment.
//!
//! The check covers every end user assigned to an IM and Presence node (`enduser.
//! primarynodeid` set) in the local cluster and in each of its intercluster peers. Each
//! cluster's users are read from its IM and Presence database publisher's replica, and a
//! user is named by the host name of the node it is assigned to (`processnode.name`).
//!
//! The rules, written once here:
//! - a user ID is duplicated when more than one assigned user carries it; user IDs compare
//!   exactly (byte for byte);
//! - a directory URI is missing when it is NULL or empty; otherwise it is valid when it
//!   has exactly one `@`, something on each side of it, and no white space; a missing URI
//!   is reported only as missing and an invalid one only as invalid;
//! - a valid directory URI is duplicated when more than one user carries it, ignoring
//!   case; a mail ID likewise (NULL or empty mail IDs are not compared).
//!
//! Speed matters (scripts run this over hundreds of thousands of users): each cluster is
//! read on its own thread into one text arena (no allocation per user), keys are borrowed
//! from the arenas into hash maps with a fast hasher, and only URIs get one lower-cased
//! copy. The checks then run side by side. Entries are sorted so the output never depends
//! on row order.
//!
//! Nothing here prints; the result is a typed, serialisable [`Validation`].

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::deployment::Product;
use super::error::{EngineError, Result};
use crate::engine::op::Op;

/// Which checks to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// User IDs and directory URIs.
    All,
    /// User IDs only.
    Userid,
    /// Directory URIs only (missing, invalid, duplicate).
    Uri,
    /// Mail IDs only (a ucsh extension).
    Mailid,
}

impl Scope {
    pub const NAMES: [&'static str; 4] = ["all", "userid", "uri", "mailid"];

    pub fn parse(word: &str) -> Option<Scope> {
        match word {
            "all" => Some(Scope::All),
            "userid" => Some(Scope::Userid),
            "uri" => Some(Scope::Uri),
            "mailid" => Some(Scope::Mailid),
            _ => None,
        }
    }

    fn user_ids(self) -> bool {
        matches!(self, Scope::All | Scope::Userid)
    }

    fn uris(self) -> bool {
        matches!(self, Scope::All | Scope::Uri)
    }

    fn mail_ids(self) -> bool {
        self == Scope::Mailid
    }
}

/// One user ID carried by more than one assigned user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateUserId {
    pub userid: String,
    /// The node of each user carrying it, sorted.
    pub nodes: Vec<String>,
}

/// The users of one node that have no directory URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingUris {
    pub node: String,
    /// Sorted.
    pub userids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserUri {
    pub userid: String,
    pub uri: String,
}

/// The users of one node whose directory URI is not of the form `user@domain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidUris {
    pub node: String,
    /// Sorted by user ID, then URI.
    pub users: Vec<UserUri>,
}

/// A user holding a shared value: where it is, who, and the value as that user has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    pub node: String,
    pub userid: String,
    pub value: String,
}

/// A directory URI or mail ID (compared ignoring case) held by more than one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateValue {
    /// The value in lower case: the form all holders share.
    pub value: String,
    /// Sorted by node, then user ID, then the value as held.
    pub users: Vec<Holder>,
}

/// The result of `utils users validate`. A section is `None` when the scope did not ask
/// for it and an empty list when it was checked and nothing was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    pub scope: Scope,
    /// The clusters checked: the local one first, then its intercluster peers.
    pub clusters: Vec<String>,
    /// Assigned end users examined.
    pub users_checked: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_userids: Option<Vec<DuplicateUserId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_uris: Option<Vec<MissingUris>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_uris: Option<Vec<InvalidUris>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_uris: Option<Vec<DuplicateValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_mailids: Option<Vec<DuplicateValue>>,
    /// Clusters whose users could not be read (their IM and Presence database publisher
    /// is down): the check covers the others, and names these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<ClusterNotChecked>,
}

/// A cluster left out of a validation because its users could not be reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterNotChecked {
    pub cluster: String,
    /// The node its users are read from, which is not reachable.
    pub node: String,
}

impl Validation {
    /// True when any section found a problem.
    pub fn has_findings(&self) -> bool {
        fn some<T>(v: &Option<Vec<T>>) -> bool {
            v.as_ref().is_some_and(|v| !v.is_empty())
        }
        some(&self.duplicate_userids)
            || some(&self.missing_uris)
            || some(&self.invalid_uris)
            || some(&self.duplicate_uris)
            || some(&self.duplicate_mailids)
            || !self.not_checked.is_empty()
    }
}

/// Is `uri` a well-formed directory URI: exactly one `@`, something on each side, no
/// white space? (Empty URIs are "missing", not invalid; callers check that first.)
pub fn uri_is_valid(uri: &str) -> bool {
    // This runs for every user, so it is written for speed: the first and the last @ by
    // memchr, then one branch-free pass over bytes (vector code) for white space and
    // non-ASCII bytes.
    let bytes = uri.as_bytes();
    let (Some(at), Some(last_at)) = (memchr::memchr(b'@', bytes), memchr::memrchr(b'@', bytes)) else {
        return false;
    };
    if at != last_at || at == 0 || at + 1 == bytes.len() {
        return false;
    }
    let (space, high) = bytes.iter().fold((0u8, 0u8), |(space, high), &b| {
        (space | u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5), high | b)
    });
    space == 0 && (high < 0x80 || !uri.chars().any(char::is_whitespace))
}

/// Checks the users of the session node's cluster and its intercluster peers.
pub fn validate(op: &Op, scope: Scope) -> Result<Validation> {
    let (lab, node) = (op.lab(), op.node());
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let local = lab.cluster_of(node)?;
    let mut clusters: Vec<String> = vec![local.name.clone()];
    for peer in &local.peers {
        if !clusters.contains(peer) {
            clusters.push(peer.clone());
        }
    }
    // Each cluster's users come from its IM and Presence database publisher; a cluster
    // whose publisher is down is named as not checked, and the others are checked.
    let mut sources = Vec::with_capacity(clusters.len());
    let mut not_checked = Vec::new();
    let mut reached = Vec::with_capacity(clusters.len());
    for name in &clusters {
        let cluster =
            lab.deployment().cluster(name).ok_or_else(|| EngineError::UnknownCluster(name.clone()))?;
        let publisher = cluster.publisher(Product::Imp).ok_or_else(|| EngineError::PeerWithoutImp {
            cluster: name.to_string(),
            local: local.name.to_string(),
        })?;
        let handle = lab.node(&publisher.name)?;
        if !handle.is_up()? {
            not_checked.push(ClusterNotChecked { cluster: name.clone(), node: handle.name().to_string() });
            continue;
        }
        reached.push(name.clone());
        sources.push(handle);
    }
    let columns = Columns { uri: scope.uris(), mail: scope.mail_ids() };
    let loaded: Vec<Result<ClusterUsers>> = std::thread::scope(|s| {
        let workers: Vec<_> =
            sources.iter().map(|h| s.spawn(move || read_cluster(&h.db_path(), h.name(), columns))).collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let data = loaded.into_iter().collect::<Result<Vec<_>>>()?;
    let mut validation = check(&data, scope, reached)?;
    validation.not_checked = not_checked;
    Ok(validation)
}

/// Which optional columns to read.
#[derive(Debug, Clone, Copy)]
struct Columns {
    uri: bool,
    mail: bool,
}

/// A piece of a cluster's text arena. `NONE` marks a NULL column.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    const NONE: Span = Span { start: u32::MAX, len: 0 };

    fn is_null(self) -> bool {
        self.start == u32::MAX
    }
}

#[derive(Debug, Clone, Copy)]
struct Row {
    node: u32,
    userid: Span,
    /// Directory URI, or mail ID for the mail ID scope.
    value: Span,
}

/// One cluster's assigned users: all their text in one arena.
#[derive(Debug, Default)]
struct ClusterUsers {
    /// Names of this cluster's processnode rows (indexed by `Row::node`).
    nodes: Vec<String>,
    text: String,
    rows: Vec<Row>,
}

impl ClusterUsers {
    fn str(&self, span: Span) -> &str {
        if span.is_null() {
            return "";
        }
        let start = span.start as usize;
        self.text.get(start..start + span.len as usize).unwrap_or("")
    }
}

/// Builds a [`ClusterUsers`]: the raw bytes of every value go into one buffer, which is
/// checked for UTF-8 once at the end (one pass over megabytes instead of a call per value).
#[derive(Debug, Default)]
struct ArenaBuilder {
    bytes: Vec<u8>,
    rows: Vec<Row>,
}

impl ArenaBuilder {
    fn push(&mut self, value: ValueRef<'_>, path: &Path) -> Result<Span> {
        match value {
            ValueRef::Null => Ok(Span::NONE),
            ValueRef::Text(b) | ValueRef::Blob(b) => self.push_bytes(b, path),
            ValueRef::Integer(i) => self.push_bytes(i.to_string().as_bytes(), path),
            ValueRef::Real(r) => self.push_bytes(r.to_string().as_bytes(), path),
        }
    }

    fn push_bytes(&mut self, b: &[u8], path: &Path) -> Result<Span> {
        let span = span_at(self.bytes.len(), b.len()).ok_or_else(|| too_big(path))?;
        self.bytes.extend_from_slice(b);
        Ok(span)
    }

    /// The arena as text; values that are not UTF-8 get replacement characters.
    fn finish(self, nodes: Vec<String>, path: &Path) -> Result<ClusterUsers> {
        let bytes = match String::from_utf8(self.bytes) {
            // Valid as a whole is not enough: a value cut short in the middle of a character
            // followed by one starting with the rest would join into valid text.
            Ok(text)
                if self
                    .rows
                    .iter()
                    .all(|r| on_boundaries(&text, r.userid) && on_boundaries(&text, r.value)) =>
            {
                return Ok(ClusterUsers { nodes, text, rows: self.rows });
            }
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        let mut text = String::with_capacity(bytes.len());
        let mut convert = |span: Span| -> Result<Span> {
            if span.is_null() {
                return Ok(span);
            }
            let start = span.start as usize;
            let value =
                String::from_utf8_lossy(bytes.get(start..start + span.len as usize).unwrap_or_default());
            let out = span_at(text.len(), value.len()).ok_or_else(|| too_big(path))?;
            text.push_str(&value);
            Ok(out)
        };
        let rows = self
            .rows
            .iter()
            .map(|r| Ok(Row { node: r.node, userid: convert(r.userid)?, value: convert(r.value)? }))
            .collect::<Result<Vec<Row>>>()?;
        Ok(ClusterUsers { nodes, text, rows })
    }
}

fn on_boundaries(text: &str, span: Span) -> bool {
    span.is_null()
        || (text.is_char_boundary(span.start as usize)
            && text.is_char_boundary((span.start + span.len) as usize))
}

/// The span of `len` bytes at `start`, if the arena stays addressable with u32 offsets.
fn span_at(start: usize, len: usize) -> Option<Span> {
    let end = u32::try_from(start.checked_add(len)?).ok()?;
    if end == u32::MAX {
        return None;
    }
    Some(Span { start: start as u32, len: len as u32 })
}

fn too_big(path: &Path) -> EngineError {
    EngineError::UsersTooLarge { path: Some(path.to_path_buf()) }
}

fn sql_error(path: &Path, node: &str, e: rusqlite::Error) -> EngineError {
    let text = e.to_string();
    if text.contains("no such table") || text.contains("no such column") {
        EngineError::ReplicaTables { path: path.to_path_buf(), node: node.to_string(), detail: text }
    } else {
        EngineError::Sql(format!("reading users from {node} ({}): {text}", path.display()))
    }
}

/// Reads the assigned users of one cluster from its IM and Presence publisher's replica.
fn read_cluster(path: &Path, node: &str, columns: Columns) -> Result<ClusterUsers> {
    if !path.is_file() {
        return Err(EngineError::ReplicaMissing { path: path.to_path_buf() });
    }
    let err = |e| sql_error(path, node, e);
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(err)?;
    // Map the file instead of copying it page by page through read calls: a replica with a
    // million users is a few hundred megabytes, all of which the scan touches.
    conn.pragma_update(None, "mmap_size", 1i64 << 32).map_err(err)?;
    // Replication may be writing to this replica: wait for it rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
    let mut nodes = Vec::new();
    let mut out = ArenaBuilder::default();
    // A cluster has a handful of nodes: finding a user's node by comparing its pkid with
    // each is quicker than hashing it, and allocates nothing.
    let mut pkids: Vec<Vec<u8>> = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT pkid, name FROM processnode WHERE systemnode = 'f'").map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            let pkid: String = row.get(0).map_err(err)?;
            let name: String = row.get(1).map_err(err)?;
            nodes.push(name);
            pkids.push(pkid.into_bytes());
        }
    }
    if u32::try_from(pkids.len()).is_err() {
        return Err(too_big(path));
    }
    let value_column = if columns.uri {
        "directoryuri"
    } else if columns.mail {
        "mailid"
    } else {
        "NULL"
    };
    // One pass over the table in storage order: the `+` keeps SQLite from walking an index
    // on primarynodeid, which would fetch every row by a random lookup instead.
    let sql =
        format!("SELECT primarynodeid, userid, {value_column} FROM enduser WHERE +primarynodeid IS NOT NULL");
    let mut stmt = conn.prepare(&sql).map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let pkid = match row.get_ref(0).map_err(err)? {
            ValueRef::Text(b) | ValueRef::Blob(b) => b,
            _ => continue,
        };
        // A reference to no known node is not an assignment.
        let Some(node_index) = pkids.iter().position(|p| p.as_slice() == pkid) else { continue };
        let userid = out.push(row.get_ref(1).map_err(err)?, path)?;
        let value = out.push(row.get_ref(2).map_err(err)?, path)?;
        out.rows.push(Row { node: node_index as u32, userid, value });
    }
    out.finish(nodes, path)
}

/// A user anywhere in the deployment: cluster index and row index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    cluster: u32,
    row: u32,
}

/// Groups equal keys: for every key held by more than one user, those users.
///
/// Sort-based rather than a hash map: each key is hashed once while the arenas are read
/// in order, and each user becomes one `u64`, the hash's high bits above the user's index.
/// Sorting those plain integers puts equal hashes side by side; each run of equal hash bits
/// is a candidate group, confirmed by comparing the keys themselves. A million-entry hash
/// map spends its time waiting on cache misses; the sort streams through memory.
fn duplicates<'a>(users: impl Iterator<Item = At>, key: impl Fn(At) -> &'a str) -> Vec<Vec<At>> {
    let hasher = foldhash::fast::FixedState::default();
    let ats: Vec<At> = users.collect();
    // Index bits: enough for every user (at least 1, so the mask below is well formed).
    let index_bits = (usize::BITS - ats.len().leading_zeros()).max(1);
    let index_mask = (1u64 << index_bits) - 1;
    let mut packed: Vec<u64> =
        ats.iter().enumerate().map(|(i, &at)| (hasher.hash_one(key(at)) & !index_mask) | i as u64).collect();
    packed.sort_unstable();
    let at = |p: u64| ats[(p & index_mask) as usize];
    let mut groups = Vec::new();
    for run in packed.chunk_by(|a, b| a & !index_mask == b & !index_mask) {
        if run.len() < 2 {
            continue;
        }
        let first = key(at(run[0]));
        if run.iter().all(|&p| key(at(p)) == first) {
            groups.push(run.iter().map(|&p| at(p)).collect());
            continue;
        }
        // Different keys with the same hash bits: split the run by key.
        let mut members: Vec<At> = run.iter().map(|&p| at(p)).collect();
        members.sort_by(|a, b| key(*a).cmp(key(*b)));
        groups
            .extend(members.chunk_by(|a, b| key(*a) == key(*b)).filter(|g| g.len() > 1).map(<[At]>::to_vec));
    }
    groups
}

/// Lower-cased copies of the values that take part in a duplicate check, one arena per
/// cluster with a span per row (NONE where the row takes no part).
struct Lowered {
    text: Vec<String>,
    spans: Vec<Vec<Span>>,
}

impl Lowered {
    fn key(&self, at: At) -> &str {
        let s = self.spans[at.cluster as usize][at.row as usize];
        let start = s.start as usize;
        self.text[at.cluster as usize].get(start..start + s.len as usize).unwrap_or("")
    }

    fn users(&self) -> impl Iterator<Item = At> + '_ {
        self.spans.iter().enumerate().flat_map(|(ci, spans)| {
            spans
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_null())
                .map(move |(ri, _)| At { cluster: ci as u32, row: ri as u32 })
        })
    }
}

/// Appends `value` lower-cased to `text` (ASCII in place, the rest through Unicode rules).
fn push_lower(text: &mut String, value: &str) -> Result<Span> {
    let start = text.len();
    if value.is_ascii() {
        text.push_str(value);
        if let Some(tail) = text.get_mut(start..) {
            tail.make_ascii_lowercase();
        }
    } else {
        text.push_str(&value.to_lowercase());
    }
    match (u32::try_from(start), u32::try_from(text.len())) {
        (Ok(start), Ok(end)) if end != u32::MAX => Ok(Span { start, len: end - start }),
        _ => Err(EngineError::UsersTooLarge { path: None }),
    }
}

/// What the URI rules say of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UriState {
    Missing,
    Invalid,
    Valid,
}

fn uri_state(uri: &str) -> UriState {
    if uri.is_empty() {
        UriState::Missing
    } else if uri_is_valid(uri) {
        UriState::Valid
    } else {
        UriState::Invalid
    }
}

struct Checker<'a> {
    data: &'a [ClusterUsers],
}

impl<'a> Checker<'a> {
    fn row(&self, at: At) -> (&'a ClusterUsers, &'a Row) {
        let c = &self.data[at.cluster as usize];
        (c, &c.rows[at.row as usize])
    }

    fn node(&self, at: At) -> String {
        let (c, r) = self.row(at);
        c.nodes.get(r.node as usize).cloned().unwrap_or_default()
    }

    fn userid(&self, at: At) -> &'a str {
        let (c, r) = self.row(at);
        c.str(r.userid)
    }

    fn value(&self, at: At) -> &'a str {
        let (c, r) = self.row(at);
        c.str(r.value)
    }

    fn all(&self) -> impl Iterator<Item = At> + '_ {
        self.data
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| (0..c.rows.len()).map(move |ri| At { cluster: ci as u32, row: ri as u32 }))
    }

    fn duplicate_userids(&self) -> Vec<DuplicateUserId> {
        let mut out: Vec<DuplicateUserId> = duplicates(self.all(), |at| self.userid(at))
            .into_iter()
            .map(|g| {
                let mut nodes: Vec<String> = g.iter().map(|&at| self.node(at)).collect();
                nodes.sort_unstable();
                DuplicateUserId { userid: self.userid(g[0]).to_string(), nodes }
            })
            .collect();
        out.sort_unstable_by(|a, b| a.userid.cmp(&b.userid));
        out
    }

    /// Lower-cases the values that take part in a duplicate check; `keep` says which.
    fn lowered(&self, keep: impl Fn(At) -> bool) -> Result<Lowered> {
        let mut text = Vec::with_capacity(self.data.len());
        let mut spans = Vec::with_capacity(self.data.len());
        for (ci, c) in self.data.iter().enumerate() {
            let mut t = String::with_capacity(c.text.len() / 2);
            let s = c
                .rows
                .iter()
                .enumerate()
                .map(|(ri, r)| {
                    let v = c.str(r.value);
                    if v.is_empty() || !keep(At { cluster: ci as u32, row: ri as u32 }) {
                        Ok(Span::NONE)
                    } else {
                        push_lower(&mut t, v)
                    }
                })
                .collect::<Result<Vec<Span>>>()?;
            text.push(t);
            spans.push(s);
        }
        Ok(Lowered { text, spans })
    }

    fn duplicate_values(&self, lowered: &Lowered) -> Vec<DuplicateValue> {
        let mut out: Vec<DuplicateValue> = duplicates(lowered.users(), |at| lowered.key(at))
            .into_iter()
            .map(|g| {
                let mut users: Vec<Holder> = g
                    .iter()
                    .map(|&at| Holder {
                        node: self.node(at),
                        userid: self.userid(at).to_string(),
                        value: self.value(at).to_string(),
                    })
                    .collect();
                users.sort_unstable_by(|a, b| {
                    (&a.node, &a.userid, &a.value).cmp(&(&b.node, &b.userid, &b.value))
                });
                DuplicateValue { value: lowered.key(g[0]).to_string(), users }
            })
            .collect();
        out.sort_unstable_by(|a, b| a.value.cmp(&b.value));
        out
    }

    /// Missing, invalid and duplicate directory URIs.
    fn uris(&self) -> Result<(Vec<MissingUris>, Vec<InvalidUris>, Vec<DuplicateValue>)> {
        let mut missing: HashMap<String, Vec<String>> = HashMap::new();
        let mut invalid: HashMap<String, Vec<UserUri>> = HashMap::new();
        let mut valid: Vec<Vec<bool>> = self.data.iter().map(|c| vec![false; c.rows.len()]).collect();
        for at in self.all() {
            match uri_state(self.value(at)) {
                UriState::Valid => valid[at.cluster as usize][at.row as usize] = true,
                UriState::Missing => {
                    missing.entry(self.node(at)).or_default().push(self.userid(at).to_string())
                }
                UriState::Invalid => invalid
                    .entry(self.node(at))
                    .or_default()
                    .push(UserUri { userid: self.userid(at).to_string(), uri: self.value(at).to_string() }),
            }
        }
        let mut missing: Vec<MissingUris> = missing
            .into_iter()
            .map(|(node, mut userids)| {
                userids.sort_unstable();
                MissingUris { node, userids }
            })
            .collect();
        missing.sort_unstable_by(|a, b| a.node.cmp(&b.node));
        let mut invalid: Vec<InvalidUris> = invalid
            .into_iter()
            .map(|(node, mut users)| {
                users.sort_unstable_by(|a, b| (&a.userid, &a.uri).cmp(&(&b.userid, &b.uri)));
                InvalidUris { node, users }
            })
            .collect();
        invalid.sort_unstable_by(|a, b| a.node.cmp(&b.node));
        let lowered = self.lowered(|at| valid[at.cluster as usize][at.row as usize])?;
        Ok((missing, invalid, self.duplicate_values(&lowered)))
    }

    fn mail_ids(&self) -> Result<Vec<DuplicateValue>> {
        let lowered = self.lowered(|_| true)?;
        Ok(self.duplicate_values(&lowered))
    }
}

fn check(data: &[ClusterUsers], scope: Scope, clusters: Vec<String>) -> Result<Validation> {
    let checker = Checker { data };
    // The user ID and URI checks are independent: with `all` they run side by side.
    let (users, uris) = std::thread::scope(|s| {
        let uris = scope.uris().then(|| s.spawn(|| checker.uris()));
        let users = scope.user_ids().then(|| checker.duplicate_userids());
        (users, uris.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
    });
    let (missing_uris, invalid_uris, duplicate_uris) = match uris.transpose()? {
        Some((missing, invalid, dups)) => (Some(missing), Some(invalid), Some(dups)),
        None => (None, None, None),
    };
    let duplicate_mailids = scope.mail_ids().then(|| checker.mail_ids()).transpose()?;
    Ok(Validation {
        scope,
        clusters,
        users_checked: data.iter().map(|c| c.rows.len() as u64).sum(),
        duplicate_userids: users,
        missing_uris,
        invalid_uris,
        duplicate_uris,
        duplicate_mailids,
        not_checked: Vec::new(),
    })
}
