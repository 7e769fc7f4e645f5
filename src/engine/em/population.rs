//! The generated Extension Mobility population of a cluster: users with PINs, directory
//! numbers, EM device profiles (seed 000 table 1), shared EM-enabled desk phones, Jabber
//! softphones (seed 003: one device of each type per user, the name rules of each type)
//! and headsets (seed 002: at most 15 per user, a serial number belongs to one user).
//!
//! `cluster init` builds [`DEFAULT_USERS`] of them per cluster into every replica (each
//! replica built identically, as the sample data is); `ucsh cluster grow --users N` adds the
//! missing ones on the CM publisher, from where they replicate. Every row is derived from
//! the user's number, so a grown cluster equals one built at that size, and growing twice
//! to the same size adds nothing.
//!
//! The device mix keeps a real cluster's proportions and the platform's limit (seed 001
//! table 4: phones + 2 x EMCC devices <= 60,000): a desk phone for every fourth user, a CSF
//! softphone for every fourth, a TCT and a BOT for every sixteenth, a TAB for every 32nd,
//! about 0.66 phones per user, so [`MAX_USERS`] users stay below the limit.

use rusqlite::{params, Transaction};

use crate::engine::db::sample::pkid;
use crate::engine::db::sql_err;
use crate::engine::deployment::{Cluster, Product};
use crate::engine::error::Result;

/// Users per cluster `cluster init` generates (on top of the sample users).
pub const DEFAULT_USERS: u32 = 2_000;
/// Most generated users per cluster (`cluster grow --users`): with the device mix above
/// this is about 59,000 phones, under the 60,000 of seed 001 table 4.
pub const MAX_USERS: u32 = 90_000;
/// The platform's MaxPhones (seed 001 table 4).
pub const MAX_PHONES: i64 = 60_000;
/// The PIN every generated user has (the lab's; the replica keeps only its digest).
pub const GENERATED_PIN: &str = "12345";
/// Headsets one user may have (seed 002).
pub const MAX_HEADSETS_PER_USER: i64 = 15;
/// Longest device profile name (seed 000 / 001 table 1).
pub const MAX_PROFILE_NAME: usize = 50;

pub const CLASS_PHONE: i64 = 1;
pub const CLASS_PROFILE: i64 = 254;
pub const MODEL_DESK: i64 = 36670;
pub const MODEL_CSF: i64 = 503;
pub const MODEL_TCT: i64 = 562;
pub const MODEL_BOT: i64 = 575;
pub const MODEL_TAB: i64 = 652;
/// The expansion module model (Cisco 8800 Key Expansion Module).
pub const MODEL_KEM: i64 = 36219;
/// `credential.tkcredential` of a PIN (our choice; the platform's enum is not public).
pub const CREDENTIAL_PIN: i64 = 3;

/// The softphone types of seed 003: (prefix, model).
pub const SOFTPHONES: &[(&str, i64)] =
    &[("CSF", MODEL_CSF), ("TCT", MODEL_TCT), ("BOT", MODEL_BOT), ("TAB", MODEL_TAB)];

/// The tag of a cluster in generated names: its trailing number (cluster1 -> 1), else its
/// position among the letters (a layout's own names), kept below 100.
pub fn tag(cluster: &str) -> u32 {
    let digits: String = cluster.chars().rev().take_while(char::is_ascii_digit).collect();
    let digits: String = digits.chars().rev().collect();
    match digits.parse::<u32>() {
        Ok(n) => n % 100,
        Err(_) => cluster.bytes().map(u32::from).sum::<u32>() % 100,
    }
}

pub fn userid(tag: u32, n: u32) -> String {
    format!("em{tag}u{n:06}")
}

/// The desk phone of user `n`, if the mix gives one.
pub fn desk_phone(tag: u32, n: u32) -> Option<String> {
    n.is_multiple_of(4).then(|| format!("SEP0B{tag:02X}{n:08X}"))
}

/// Whether generated user `n` has Enable Extension Mobility Cross Cluster checked
/// (`enduser.enableemcc`, seed 001): the roaming users do, except every tenth, whose
/// profile carries a key expansion module (a reception desk: they stay at home).
pub fn emcc_enabled(n: u32) -> bool {
    !n.is_multiple_of(10)
}

fn emcc_flag(n: u32) -> &'static str {
    if emcc_enabled(n) {
        "t"
    } else {
        "f"
    }
}

/// The softphone types user `n` has.
pub fn softphones(n: u32) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    if n % 4 == 1 {
        out.push(SOFTPHONES[0]);
    }
    if n % 16 == 1 {
        out.push(SOFTPHONES[1]);
        out.push(SOFTPHONES[2]);
    }
    if n % 32 == 1 {
        out.push(SOFTPHONES[3]);
    }
    out
}

/// The salted digest the replica keeps of a user's PIN.
pub fn pin_digest(userid: &str, pin: &str) -> String {
    use sha1::Digest as _;
    let mut h = sha1::Sha1::new();
    h.update(b"ucsh-pin\0");
    h.update(userid.as_bytes());
    h.update(b"\0");
    h.update(pin.as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for b in h.finalize() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Whether a stored PIN credential is a digest the authentication (IMS) can check: the
/// 40 hexadecimal digits [`pin_digest`] writes. Anything else (a row damaged or written by
/// hand with `run sql`) makes IMS fail, not merely mismatch.
pub fn readable_pin_digest(stored: &str) -> bool {
    stored.len() == 40 && stored.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a generation added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    pub users: u64,
    pub devices: u64,
    pub profiles: u64,
    pub headsets: u64,
}

/// The templates and the cluster's default pool and partition, created when missing (the
/// sample data creates the pool and partition; a lab without it gets them here).
fn shared_rows(tx: &Transaction, c: &str) -> Result<(String, String, String, String)> {
    let pool = pkid(&format!("{c}/devicepool/Default"));
    tx.execute("INSERT OR IGNORE INTO devicepool (pkid, name) VALUES (?1, 'Default')", params![pool])
        .map_err(sql_err)?;
    let part = pkid(&format!("{c}/routepartition/Internal"));
    tx.execute(
        "INSERT OR IGNORE INTO routepartition (pkid, name, description) VALUES (?1, 'Internal_PT', 'Internal directory numbers')",
        params![part],
    )
    .map_err(sql_err)?;
    let template = pkid(&format!("{c}/phonetemplate/Standard 8865 SIP"));
    tx.execute(
        "INSERT OR IGNORE INTO phonetemplate (pkid, name, tkmodel, numofbuttons) VALUES (?1, 'Standard 8865 SIP', ?2, 5)",
        params![template, MODEL_DESK],
    )
    .map_err(sql_err)?;
    let softkey = pkid(&format!("{c}/softkeytemplate/Standard User"));
    tx.execute(
        "INSERT OR IGNORE INTO softkeytemplate (pkid, name, description) VALUES (?1, 'Standard User', 'Standard User')",
        params![softkey],
    )
    .map_err(sql_err)?;
    Ok((pool, part, template, softkey))
}

/// Generates users `from..=to` of the cluster into a replica of `product` (the CM tables
/// only on a CM replica; `enduser` on both). Rows go through whatever triggers the replica
/// has, so on a publisher they are queued for its subscribers.
pub fn generate(
    tx: &Transaction,
    cluster: &Cluster,
    product: Product,
    from: u32,
    to: u32,
    at: &str,
) -> Result<Added> {
    let mut added = Added::default();
    if from > to {
        return Ok(added);
    }
    let c = &cluster.name;
    let t = tag(c);
    let domain = cluster.nodes.first().map(|n| n.domain.clone()).unwrap_or_default();
    let mut user_st = tx
        .prepare(
            "INSERT INTO enduser (pkid, userid, firstname, middlename, lastname, mailid, directoryuri, telephonenumber, \
             department, primarynodeid, xcp_user_id, imaddress, enablecups, islocaluser, status, enableemcc) \
             VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?5, 'f', 't', 1, ?10)",
        )
        .map_err(sql_err)?;
    let cm = product == Product::Cm;
    if !cm {
        for n in from..=to {
            let u = userid(t, n);
            user_st
                .execute(params![
                    pkid(&format!("{c}/enduser/{u}")),
                    u,
                    format!("Mobile{n}"),
                    format!("User{t}"),
                    format!("{u}@{domain}"),
                    format!("{u}@{domain}"),
                    dn(t, n),
                    "Roaming",
                    u,
                    emcc_flag(n),
                ])
                .map_err(sql_err)?;
            added.users += 1;
        }
        return Ok(added);
    }
    let (pool, part, template, softkey) = shared_rows(tx, c)?;
    let mut line = tx
        .prepare(
            "INSERT INTO numplan (pkid, dnorpattern, fkroutepartition, tkpatternusage, description, alertingname) \
             VALUES (?1, ?2, ?3, 2, ?4, ?4)",
        )
        .map_err(sql_err)?;
    let mut userline = tx
        .prepare(
            "INSERT INTO endusernumplanmap (pkid, fkenduser, fknumplan, tkdnusage) VALUES (?1, ?2, ?3, 1)",
        )
        .map_err(sql_err)?;
    let mut cred = tx
        .prepare(
            "INSERT INTO credential (pkid, fkenduser, tkcredential, credentials, timechanged) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(sql_err)?;
    let mut device = tx
        .prepare(
            "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkdeviceprotocol, fkenduser, fkdevicepool, \
             allowhotelingflag, fkdevice_logoutprofile, userholdmohaudiosourceid, tkuserlocale, fkphonetemplate, \
             fksoftkeytemplate, tkstatus_callinfoprivate, tkbarge, tkstatus_joinacrosslines, tkstatus_alwaysuseprimeline, \
             tkstatus_alwaysuseprimelineforvm, ignorepi, dndstatus, tkdndoption, tkdndincomingcallalert, \
             fkcallingsearchspace_emcc, fkmlppdomain, tkstatus_mlppindicationstatus, tkpreemption, loginuserid) \
             VALUES (?1, ?2, ?3, ?4, ?5, 11, ?6, ?7, ?8, NULL, ?9, 1, ?10, ?11, ?12, ?13, 2, 2, 2, 'f', 'f', ?14, 0, \
             NULL, NULL, 2, 2, NULL)",
        )
        .map_err(sql_err)?;
    let mut map = tx.prepare(crate::engine::db::sample::INSERT_DEVICE_LINE).map_err(sql_err)?;
    let mut owner = tx.prepare(crate::engine::db::sample::INSERT_DEVICE_OWNER).map_err(sql_err)?;
    let mut module = tx
        .prepare(
            "INSERT INTO deviceaddonmodulemap (pkid, fkdevice, tkmodel, moduleindex) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(sql_err)?;
    let mut headset = tx
        .prepare(
            "INSERT INTO headsetinventory (pkid, serialnumber, model, firmwareversion, fkenduser, fkdevice_lastconnected, \
             lastconnected) VALUES (?1, ?2, ?3, '2-0-78', ?4, NULL, NULL)",
        )
        .map_err(sql_err)?;
    for n in from..=to {
        let u = userid(t, n);
        let user = pkid(&format!("{c}/enduser/{u}"));
        let number = dn(t, n);
        let display = format!("Mobile{n} User{t}");
        user_st
            .execute(params![
                user,
                u,
                format!("Mobile{n}"),
                format!("User{t}"),
                format!("{u}@{domain}"),
                format!("{u}@{domain}"),
                number,
                "Roaming",
                u,
                emcc_flag(n),
            ])
            .map_err(sql_err)?;
        added.users += 1;
        let np = pkid(&format!("{c}/numplan/{number}"));
        line.execute(params![np, number, part, display]).map_err(sql_err)?;
        userline.execute(params![pkid(&format!("{c}/endusernumplanmap/{u}")), user, np]).map_err(sql_err)?;
        cred.execute(params![
            pkid(&format!("{c}/credential/{u}/pin")),
            user,
            CREDENTIAL_PIN,
            pin_digest(&u, GENERATED_PIN),
            at
        ])
        .map_err(sql_err)?;
        // (name, class, model, description, hoteling, owned)
        let mut devices: Vec<(String, i64, i64, String, &str)> = Vec::new();
        devices.push((
            format!("{u}_UDP"),
            CLASS_PROFILE,
            MODEL_DESK,
            format!("{display} device profile"),
            "f",
        ));
        if let Some(phone) = desk_phone(t, n) {
            devices.push((phone, CLASS_PHONE, MODEL_DESK, format!("Shared desk phone {n}"), "t"));
        }
        let upper = u.to_uppercase();
        for (prefix, model) in softphones(n) {
            devices.push((
                format!("{prefix}{upper}"),
                CLASS_PHONE,
                model,
                format!("{display} {prefix}"),
                "f",
            ));
        }
        for (name, class, model, desc, hotel) in &devices {
            let dp = pkid(&format!("{c}/device/{name}"));
            // Profiles carry table 1's settings; some vary so queries find more than one value.
            let privacy = if n % 7 == 0 { 1 } else { 2 };
            let barge = if n % 5 == 0 { 1 } else { 2 };
            let moh = if n % 3 == 0 { Some(1i64) } else { None };
            let dnd = if n % 11 == 0 { 1 } else { 2 };
            let owned = if name.starts_with("SEP") { None } else { Some(&user) };
            device
                .execute(params![
                    dp, name, desc, class, model, owned, pool, hotel, moh, template, softkey, privacy, barge,
                    dnd
                ])
                .map_err(sql_err)?;
            added.devices += 1;
            map.execute(params![pkid(&format!("{c}/devicenumplanmap/{name}")), dp, np, display, number])
                .map_err(sql_err)?;
            let profile = *class == CLASS_PROFILE;
            // A shared desk phone is nobody's: EM users log in to it.
            if owned.is_some() {
                owner
                    .execute(params![
                        pkid(&format!("{c}/enduserdevicemap/{name}")),
                        user,
                        dp,
                        if profile { "t" } else { "f" },
                        if profile { 2 } else { 1 }
                    ])
                    .map_err(sql_err)?;
            }
            if profile {
                added.profiles += 1;
                if n % 10 == 0 {
                    module
                        .execute(params![
                            pkid(&format!("{c}/deviceaddonmodulemap/{name}/1")),
                            dp,
                            MODEL_KEM,
                            1
                        ])
                        .map_err(sql_err)?;
                }
            }
        }
        let headsets = if n % 100 == 0 {
            3
        } else if n % 5 == 0 {
            1
        } else {
            0
        };
        for h in 0..headsets {
            let serial = format!("WZP{t:02}{n:07}{h}");
            headset
                .execute(params![
                    pkid(&format!("{c}/headset/{serial}")),
                    serial,
                    if h == 0 { "Cisco Headset 730" } else { "Cisco Headset 560" },
                    user
                ])
                .map_err(sql_err)?;
            added.headsets += 1;
        }
    }
    Ok(added)
}

/// The directory number of generated user `n`: 8 digits, `8<tag><n>`, apart from the
/// sample users' four-digit numbers.
pub fn dn(tag: u32, n: u32) -> String {
    format!("8{:01}{n:06}", tag % 10)
}
