//! The replica schema: every table of the CM and IM and Presence databases the lab models,
//! in one place.
//!
//! Table and column names follow the platform's data dictionary so the admin guide's
//! `run sql` statements run unchanged. Booleans are stored as the text `t` / `f`, which is
//! how the platform prints them and how its queries compare them (`systemnode='f'`).
//! Every table is keyed by one column (`pkid`, a UUID string, or `enum` for the type
//! tables) and is a `WITHOUT ROWID` table, so a scan is in key order: replication logs
//! changes by that key and `utils dbreplication status` merges replicas by it.
//!
//! The `cdr_*` tables are the replication machinery (the platform keeps it in its `syscdr`
//! database): `cdr_log` is a publisher's change queue, filled by triggers (a bulk import
//! queues one batch entry instead, op `B`, whose `pk` is its row count and whose
//! `cdr_keep` rows list the keys the table held besides the batch); `cdr_server`
//! lists a publisher's replication targets and their state; `cdr_cursor` records, on a
//! target, how far it has applied each source's queue; `cdr_meta` holds settings.

use crate::engine::deployment::Product;

/// Which replicas hold a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// Communications Manager replicas only.
    Cm,
    /// IM and Presence replicas only.
    Imp,
    /// Both; on IM and Presence it is kept current by the Sync Agent from the CM publisher.
    Synced,
    /// Both, each product filling its own copy (the cluster's own node list).
    Both,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    /// The key column (the platform's `pkid`, or `enum` for type tables).
    pub key: &'static str,
    pub holder: Holder,
    /// `CREATE TABLE` body: the columns, in the platform's order.
    pub columns: &'static str,
    /// Extra indexes: `(name, column list, unique)`.
    pub indexes: &'static [(&'static str, &'static str, bool)],
}

impl Table {
    pub fn in_product(&self, product: Product) -> bool {
        match self.holder {
            Holder::Cm => product == Product::Cm,
            Holder::Imp => product == Product::Imp,
            Holder::Synced | Holder::Both => true,
        }
    }
}

const B: &str = "TEXT NOT NULL DEFAULT 'f' CHECK (";

/// Every modelled table, in the order `systables` lists them.
pub const TABLES: &[Table] = &[
    Table {
        name: "typeclass",
        key: "enum",
        holder: Holder::Cm,
        columns: "enum INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, moniker TEXT NOT NULL",
        indexes: &[],
    },
    Table {
        name: "typemodel",
        key: "enum",
        holder: Holder::Cm,
        columns: "enum INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, moniker TEXT NOT NULL, tkclass INTEGER NOT NULL",
        indexes: &[],
    },
    Table {
        name: "processnode",
        key: "pkid",
        holder: Holder::Both,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, mac TEXT NOT NULL DEFAULT '', \
                  systemnode BOOL_systemnode, description TEXT, isactive BOOL_isactive, nodeid INTEGER, \
                  tknodeusage INTEGER, ipv6name TEXT, fklbmhubgroup TEXT, tkprocessnoderole INTEGER NOT NULL DEFAULT 1, \
                  tkssomode INTEGER NOT NULL DEFAULT 0",
        indexes: &[("processnode_name", "name", true)],
    },
    Table {
        name: "devicepool",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL",
        indexes: &[("devicepool_name", "name", true)],
    },
    Table {
        name: "routepartition",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, description TEXT",
        indexes: &[("routepartition_name", "name", true)],
    },
    Table {
        name: "enduser",
        key: "pkid",
        holder: Holder::Synced,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, userid TEXT NOT NULL, firstname TEXT, middlename TEXT, \
                  lastname TEXT, mailid TEXT, directoryuri TEXT, telephonenumber TEXT, department TEXT, \
                  primarynodeid TEXT, xcp_user_id TEXT, imaddress TEXT, enablecups BOOL_enablecups, \
                  islocaluser BOOL_islocaluser, status INTEGER NOT NULL DEFAULT 1, \
                  enableemcc BOOL_enableemcc, selfservice TEXT",
        // selfservice: the Self-Service User ID (an EM API login of type SP names it).
        indexes: &[("enduser_userid", "userid", true), ("enduser_selfservice", "selfservice", false)],
    },
    Table {
        name: "device",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, description TEXT, tkclass INTEGER NOT NULL, \
                  tkmodel INTEGER NOT NULL, tkdeviceprotocol INTEGER NOT NULL DEFAULT 11, fkenduser TEXT, \
                  fkdevicepool TEXT, allowhotelingflag BOOL_allowhotelingflag, \
                  fkdevice_logoutprofile TEXT, \
                  userholdmohaudiosourceid INTEGER, tkuserlocale INTEGER, fkphonetemplate TEXT, \
                  fksoftkeytemplate TEXT, tkstatus_callinfoprivate INTEGER NOT NULL DEFAULT 2, \
                  tkbarge INTEGER NOT NULL DEFAULT 2, tkstatus_joinacrosslines INTEGER NOT NULL DEFAULT 2, \
                  tkstatus_alwaysuseprimeline INTEGER NOT NULL DEFAULT 2, \
                  tkstatus_alwaysuseprimelineforvm INTEGER NOT NULL DEFAULT 2, ignorepi BOOL_ignorepi, \
                  dndstatus BOOL_dndstatus, tkdndoption INTEGER NOT NULL DEFAULT 2, \
                  tkdndincomingcallalert INTEGER NOT NULL DEFAULT 0, fkcallingsearchspace_emcc TEXT, \
                  fkmlppdomain TEXT, tkstatus_mlppindicationstatus INTEGER NOT NULL DEFAULT 2, \
                  tkpreemption INTEGER NOT NULL DEFAULT 2, loginuserid TEXT, \
                  fksecurityprofile TEXT DEFAULT '5e0c7a1e-0000-4000-8000-00000000e3cc'",
        // device_em: what the Extension Mobility service reads of a phone by its name, from
        // the index alone (issue #17: a batch of logins resolves thousands of names).
        indexes: &[
            ("device_name", "name", true),
            ("device_fkenduser", "fkenduser", false),
            ("device_em", "name, tkclass, tkmodel, allowhotelingflag", false),
        ],
    },
    Table {
        name: "numplan",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, dnorpattern TEXT NOT NULL, fkroutepartition TEXT, \
                  tkpatternusage INTEGER NOT NULL DEFAULT 2, description TEXT, alertingname TEXT",
        indexes: &[("numplan_dnorpattern", "dnorpattern, fkroutepartition", true)],
    },
    Table {
        name: "devicenumplanmap",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkdevice TEXT NOT NULL, fknumplan TEXT NOT NULL, \
                  numplanindex INTEGER NOT NULL DEFAULT 1, display TEXT, label TEXT, e164mask TEXT",
        indexes: &[("devicenumplanmap_fkdevice", "fkdevice, numplanindex", true)],
    },
    Table {
        name: "enduserdevicemap",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkenduser TEXT NOT NULL, fkdevice TEXT NOT NULL, \
                  defaultprofile BOOL_defaultprofile, description TEXT NOT NULL DEFAULT '', \
                  tkuserassociation INTEGER NOT NULL DEFAULT 1",
        // Covering what the EM service reads of a user's associations (issue #17).
        indexes: &[("enduserdevicemap_fkenduser", "fkenduser, tkuserassociation, fkdevice, defaultprofile", false)],
    },
    Table {
        name: "endusernumplanmap",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkenduser TEXT NOT NULL, fknumplan TEXT NOT NULL, \
                  tkdnusage INTEGER NOT NULL DEFAULT 1",
        indexes: &[("endusernumplanmap_fkenduser", "fkenduser", false)],
    },
    // ===== em17: Extension Mobility, EMCC, headsets, Jabber devices (issue #17) =====
    // Device profiles are `device` rows of class 254 (their table 1 fields are columns of
    // `device` above); these hold what they point at and what the EM service keeps.
    Table {
        name: "phonetemplate",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, tkmodel INTEGER NOT NULL, \
                  numofbuttons INTEGER NOT NULL DEFAULT 1",
        indexes: &[("phonetemplate_name", "name", true)],
    },
    Table {
        name: "softkeytemplate",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, description TEXT",
        indexes: &[("softkeytemplate_name", "name", true)],
    },
    // Expansion modules of a phone or profile (table 1's Module 1 and Module 2).
    Table {
        name: "deviceaddonmodulemap",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkdevice TEXT NOT NULL, tkmodel INTEGER NOT NULL, \
                  moduleindex INTEGER NOT NULL",
        indexes: &[("deviceaddonmodulemap_fkdevice", "fkdevice, moduleindex", true)],
    },
    // End users' PINs (tkcredential 3) as a salted SHA-1 digest, never the PIN itself;
    // usermustchange: User Must Change at Next Login (EM login fails with 41);
    // application users' passwords (tkcredential 1, fkapplicationuser instead of
    // fkenduser) as an argon2id PHC string.
    Table {
        name: "credential",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkenduser TEXT, tkcredential INTEGER NOT NULL, \
                  credentials TEXT NOT NULL, timechanged TEXT, usermustchange BOOL_usermustchange, \
                  fkapplicationuser TEXT",
        indexes: &[
            ("credential_fkenduser", "fkenduser, tkcredential", true),
            ("credential_fkapplicationuser", "fkapplicationuser, tkcredential", true),
        ],
    },
    // ===== emapi: application users and their access control groups (EM API) =====
    Table {
        name: "dirgroup",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, isstandard BOOL_isstandard",
        indexes: &[("dirgroup_name", "name", true)],
    },
    Table {
        name: "applicationuser",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, description TEXT, \
                  isstandard BOOL_isstandard",
        indexes: &[("applicationuser_name", "name", true)],
    },
    Table {
        name: "applicationuserdirgroupmap",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkapplicationuser TEXT NOT NULL, fkdirgroup TEXT NOT NULL",
        indexes: &[("applicationuserdirgroupmap_fk", "fkapplicationuser, fkdirgroup", true)],
    },
    // ===== end emapi =====
    // Service and feature parameters: the EM service's (seed 000 table 2, headsets from
    // seed 002) and the EMCC feature's (seed 001 table 2), cluster-wide (fkprocessnode =
    // EnterpriseWideData).
    Table {
        name: "processconfig",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkprocessnode TEXT NOT NULL, tkservice INTEGER NOT NULL, \
                  paramname TEXT NOT NULL, paramvalue TEXT NOT NULL, tkparam INTEGER NOT NULL DEFAULT 0",
        indexes: &[("processconfig_param", "fkprocessnode, tkservice, paramname", true)],
    },
    // EMCC remote clusters (Advanced Features > Cluster View) and their services;
    // `updateerror` is the EM service error the last remote cluster update got (42,
    // Invalid Cluster ID), NULL when it answered or did not answer (`em::clusterid`).
    Table {
        name: "remotecluster",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, clusterid TEXT NOT NULL, fullyqualifiedname TEXT NOT NULL, \
                  description TEXT, version TEXT, remoteactivated BOOL_remoteactivated, lastupdated TEXT, \
                  updateerror INTEGER",
        indexes: &[("remotecluster_clusterid", "clusterid", true)],
    },
    Table {
        name: "remoteclusterserviceaddress",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkremotecluster TEXT NOT NULL, \
                  tkremoteclusterservice INTEGER NOT NULL, address TEXT NOT NULL, isenabled BOOL_isenabled",
        indexes: &[("remoteclusterserviceaddress_fk", "fkremotecluster, tkremoteclusterservice", true)],
    },
    // ===== emccvis: the EMCC configuration of seed 001 tables 9 and 10 (em/visiting.rs) =====
    Table {
        name: "typedevicesecuritymode",
        key: "enum",
        holder: Holder::Cm,
        columns: "enum INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, moniker TEXT NOT NULL",
        indexes: &[],
    },
    // Phone security profiles (System > Security > Phone Security Profile);
    // `device.fksecurityprofile` names a device's.
    Table {
        name: "securityprofile",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, description TEXT, tkmodel INTEGER, \
                  tkdevicesecuritymode INTEGER NOT NULL DEFAULT 1",
        indexes: &[("securityprofile_name", "name", true)],
    },
    Table {
        name: "typesupportsfeature",
        key: "enum",
        holder: Holder::Cm,
        columns: "enum INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, moniker TEXT NOT NULL",
        indexes: &[],
    },
    // The features each model supports, as the device packs install them.
    Table {
        name: "productsupportsfeature",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, tkmodel INTEGER NOT NULL, tksupportsfeature INTEGER NOT NULL, \
                  tkdeviceprotocol INTEGER NOT NULL DEFAULT 11, param TEXT",
        indexes: &[("productsupportsfeature_model", "tkmodel, tksupportsfeature", false)],
    },
    // The EMCC Intercluster Service Profile: one row per service with its Active box.
    Table {
        name: "interclusterserviceprofile",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, tkremoteclusterservice INTEGER NOT NULL, \
                  isactivated BOOL_isactivated, fkdevice_siptrunk TEXT",
        indexes: &[("interclusterserviceprofile_service", "tkremoteclusterservice", true)],
    },
    // ===== end emccvis =====
    // ===== end em17 =====
    // Extension mobility login state: one row per phone a user is logged in to (an EMCC
    // login names the remote cluster); with Remember the Last User Logged In, the row of a
    // phone stays after the logout with no current user and the last one kept.
    Table {
        name: "extensionmobilitydynamic",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkdevice TEXT NOT NULL, fkdevice_currentloginprofile TEXT, \
                  fkenduser TEXT, logintime TEXT, loginduration INTEGER NOT NULL DEFAULT 0, \
                  fkenduser_lastlogin TEXT, fkremotecluster TEXT",
        indexes: &[
            ("extensionmobilitydynamic_fkdevice", "fkdevice", true),
            ("extensionmobilitydynamic_fkenduser", "fkenduser", false),
        ],
    },
    // Headsets associated with users (a serial number belongs to one user, 15 per user).
    Table {
        name: "headsetinventory",
        key: "pkid",
        holder: Holder::Cm,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, serialnumber TEXT NOT NULL, model TEXT NOT NULL, \
                  firmwareversion TEXT, fkenduser TEXT, fkdevice_lastconnected TEXT, lastconnected TEXT",
        // Not unique in the replica: the lab commands refuse a serial number of another
        // user, and `utils diagnose module em_headsets` finds one a `run sql` insert made.
        indexes: &[
            ("headsetinventory_serialnumber", "serialnumber", false),
            ("headsetinventory_fkenduser", "fkenduser", false),
        ],
    },
    Table {
        name: "rosters",
        key: "pkid",
        holder: Holder::Imp,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, contact_jid TEXT NOT NULL, \
                  nickname TEXT, state INTEGER NOT NULL DEFAULT 3",
        indexes: &[("rosters_user_id", "user_id", false)],
    },
    Table {
        name: "groups",
        key: "pkid",
        holder: Holder::Imp,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, group_name TEXT NOT NULL, \
                  roster_id TEXT",
        indexes: &[("groups_user_id", "user_id", false)],
    },
    Table {
        name: "epascontactaddinfo",
        key: "pkid",
        holder: Holder::Imp,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, firstname TEXT, lastname TEXT, nickname TEXT, company TEXT, \
                  email TEXT, workphone TEXT",
        indexes: &[],
    },
    Table {
        name: "nonpresencecontacts",
        key: "pkid",
        holder: Holder::Imp,
        columns: "pkid TEXT NOT NULL PRIMARY KEY, fkenduser TEXT NOT NULL, fkepascontactaddinfo TEXT, \
                  groupname TEXT, contact_id TEXT",
        indexes: &[("nonpresencecontacts_fkenduser", "fkenduser", false)],
    },
];

/// The tables a replica of `product` holds, in listing order.
pub fn tables(product: Product) -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(move |t| t.in_product(product))
}

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// Column definitions with the boolean placeholders (`BOOL_<col>`) expanded.
fn column_sql(t: &Table) -> String {
    let mut out = String::new();
    let mut rest = t.columns;
    while let Some(i) = rest.find("BOOL_") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 5..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        let col = &after[..end];
        out.push_str(B);
        out.push_str(col);
        out.push_str(" IN ('t','f'))");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The column names of a table, in order.
pub fn columns(t: &Table) -> Vec<&'static str> {
    t.columns.split(',').filter_map(|c| c.split_whitespace().next()).filter(|c| !c.is_empty()).collect()
}

/// The DDL of a `product` replica (tables, indexes, the `systables` view, the machinery).
pub fn ddl(product: Product) -> String {
    let mut sql = String::new();
    for t in tables(product) {
        sql.push_str(&format!("CREATE TABLE {} ({}) WITHOUT ROWID;\n", t.name, column_sql(t)));
        for (name, cols, unique) in t.indexes {
            sql.push_str(&format!(
                "CREATE {}INDEX {name} ON {} ({cols});\n",
                if *unique { "UNIQUE " } else { "" },
                t.name
            ));
        }
    }
    sql.push_str(MACHINERY);
    sql
}

/// The replication machinery and the catalog view. `systables` lists the platform tables
/// (as Informix's catalog does), not the machinery.
const MACHINERY: &str = "
CREATE TABLE cdr_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, tab TEXT NOT NULL, pk NOT NULL, op TEXT NOT NULL);
CREATE TABLE cdr_server (name TEXT NOT NULL PRIMARY KEY, state TEXT NOT NULL, changed TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cdr_cursor (source TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE cdr_meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE VIEW systables (tabid, tabname, owner, nrows) AS
    SELECT 100 + row_number() OVER (ORDER BY rowid), name, 'informix', 0
    FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'cdr\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';
";

/// The batch key table, made by the first batch a publisher queues (not at `cluster
/// init`: a replica's size shows in `show status`).
pub const KEEP_DDL: &str =
    "CREATE TABLE IF NOT EXISTS cdr_keep (seq INTEGER NOT NULL, pk NOT NULL, PRIMARY KEY (seq, pk)) WITHOUT ROWID;";

/// Triggers that queue every change of a publisher's tables for its subscribers.
pub fn capture_triggers(product: Product) -> String {
    tables(product).map(capture_triggers_for).collect()
}

/// The capture triggers of one table.
pub fn capture_triggers_for(t: &Table) -> String {
    let (n, k) = (t.name, t.key);
    format!(
        "CREATE TRIGGER cdr_{n}_i AFTER INSERT ON {n} BEGIN INSERT INTO cdr_log (tab, pk, op) VALUES ('{n}', NEW.{k}, 'I'); END;\n\
         CREATE TRIGGER cdr_{n}_u AFTER UPDATE ON {n} BEGIN INSERT INTO cdr_log (tab, pk, op) VALUES ('{n}', NEW.{k}, 'U'); \
         INSERT INTO cdr_log (tab, pk, op) SELECT '{n}', OLD.{k}, 'D' WHERE OLD.{k} IS NOT NEW.{k}; END;\n\
         CREATE TRIGGER cdr_{n}_d AFTER DELETE ON {n} BEGIN INSERT INTO cdr_log (tab, pk, op) VALUES ('{n}', OLD.{k}, 'D'); END;\n"
    )
}

/// Drops the capture triggers of one table (a bulk load logs its rows itself, inside the
/// same transaction, and puts them back).
pub fn drop_capture_triggers_for(t: &Table) -> String {
    let n = t.name;
    format!("DROP TRIGGER IF EXISTS cdr_{n}_i; DROP TRIGGER IF EXISTS cdr_{n}_u; DROP TRIGGER IF EXISTS cdr_{n}_d;\n")
}
