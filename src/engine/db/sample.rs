//! What `cluster init` puts in a new cluster's replicas: the cluster's own nodes
//! (`processnode`), the type tables, and unless `--no-sample-data` a small directory of
//! users with desk phones, Jabber devices (CSF, TCT, BOT, TAB), extension mobility device
//! profiles (one user logged in), headsets, and IM and Presence contact lists.
//!
//! Every pkid is a name-based UUID (v5) of what the row is, so all replicas of a cluster
//! are built identical and every lab has the same pkids. The data deliberately carries the
//! cases the admin guide talks about: users with no IM and Presence node (whose rosters,
//! groups and non-presence contacts are stale), a user ID that also exists in the other
//! cluster, a missing, an invalid and a duplicate directory URI.

use rusqlite::{params, Transaction};
use uuid::Uuid;

use crate::engine::deployment::{Cluster, Product, Role};
use crate::engine::error::Result;

use super::sql_err;

const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a4e_8b3d_4c55_9e21_7a0b_5c3d_e410);

/// A device's first line (`devicenumplanmap`): pkid, device, number, display, label. Shared
/// with the generated Extension Mobility population.
pub(crate) const INSERT_DEVICE_LINE: &str =
    "INSERT INTO devicenumplanmap (pkid, fkdevice, fknumplan, numplanindex, \
     display, label, e164mask) VALUES (?1, ?2, ?3, 1, ?4, ?5, NULL)";
/// A device's owner (`enduserdevicemap`): pkid, user, device, default profile, association.
pub(crate) const INSERT_DEVICE_OWNER: &str = "INSERT INTO enduserdevicemap (pkid, fkenduser, fkdevice, \
     defaultprofile, description, tkuserassociation) VALUES (?1, ?2, ?3, ?4, '', ?5)";

/// A stable pkid for `what` (e.g. `cluster1/enduser/user3`).
pub fn pkid(what: &str) -> String {
    Uuid::new_v5(&NAMESPACE, what.as_bytes()).to_string()
}

pub fn processnode_pkid(cluster: &str, node: &str) -> String {
    pkid(&format!("{cluster}/processnode/{node}"))
}

/// The platform's first `processnode` row: not a server, the cluster-wide settings'
/// owner (`systemnode` = t), nodeid 1, the same pkid on every cluster.
pub const ENTERPRISE_WIDE_DATA_PKID: &str = "00000000-1111-0000-0000-000000000000";

/// The `processnode` rows of a cluster: `EnterpriseWideData` first, then one per node,
/// `name` = the node's host name, nodeid 2 and up.
pub fn processnodes(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    tx.execute(
        "INSERT INTO processnode (pkid, name, mac, systemnode, description, isactive, nodeid, tknodeusage, \
         ipv6name, fklbmhubgroup, tkprocessnoderole, tkssomode) \
         VALUES (?1, 'EnterpriseWideData', '', 't', '', 't', 1, 1, NULL, NULL, 1, 0)",
        params![ENTERPRISE_WIDE_DATA_PKID],
    )
    .map_err(sql_err)?;
    let mut st = tx
        .prepare(
            "INSERT INTO processnode (pkid, name, mac, systemnode, description, isactive, nodeid, tknodeusage, \
             ipv6name, fklbmhubgroup, tkprocessnoderole, tkssomode) VALUES (?1, ?2, '', 'f', ?3, 't', ?4, ?5, NULL, NULL, ?6, 0)",
        )
        .map_err(sql_err)?;
    for (i, n) in cluster.nodes.iter().enumerate() {
        let usage = if n.role == Role::CmPublisher { 0 } else { 1 };
        let role = if n.role.product() == Product::Cm { 1 } else { 2 };
        st.execute(params![
            processnode_pkid(&cluster.name, &n.name),
            n.hostname,
            n.fqdn(),
            i as i64 + 2,
            usage,
            role
        ])
        .map_err(sql_err)?;
    }
    Ok(())
}

const TYPECLASS: &[(i64, &str, &str)] = &[
    (1, "Phone", "PHONE"),
    (2, "Gateway", "GATEWAY"),
    (4, "Conference Bridge", "CONFERENCE_BRIDGE"),
    (5, "Media Termination Point", "MEDIA_TERMINATION_POINT"),
    (8, "Voice Mail", "VOICE_MAIL"),
    (10, "CTI Route Point", "CTI_ROUTE_POINT"),
    (12, "Music On Hold", "MUSIC_ON_HOLD"),
    (18, "Trunk", "TRUNK"),
    (19, "Hunt List", "HUNT_LIST"),
    (20, "Phone Template", "PHONE_TEMPLATE"),
    (254, "Device Profile", "DEVICE_PROFILE"),
    (255, "Invalid", "INVALID"),
    (301, "Interactive Voice Response", "INTERACTIVE_VOICE_RESPONSE"),
];

/// Models used by the sample devices: (enum, name, moniker, class).
const TYPEMODEL: &[(i64, &str, &str, i64)] = &[
    (36670, "Cisco 8865", "MODEL_CISCO_8865", 1),
    (36213, "Cisco 7821", "MODEL_CISCO_7821", 1),
    (503, "Cisco Unified Client Services Framework", "MODEL_CISCO_UNIFIED_CLIENT_SERVICES_FRAMEWORK", 1),
    (562, "Cisco Dual Mode for iPhone", "MODEL_CISCO_DUAL_MODE_FOR_IPHONE", 1),
    (575, "Cisco Dual Mode for Android", "MODEL_CISCO_DUAL_MODE_FOR_ANDROID", 1),
    (652, "Cisco Jabber for Tablet", "MODEL_CISCO_JABBER_FOR_TABLET", 1),
];

const MODEL_DESK: i64 = 36670;
const MODEL_CSF: i64 = 503;
const MODEL_TCT: i64 = 562;
const MODEL_BOT: i64 = 575;
const MODEL_TAB: i64 = 652;
const CLASS_PHONE: i64 = 1;
const CLASS_PROFILE: i64 = 254;

pub fn type_tables(tx: &Transaction) -> Result<()> {
    for (e, n, m) in TYPECLASS {
        tx.execute("INSERT INTO typeclass (enum, name, moniker) VALUES (?1, ?2, ?3)", params![e, n, m])
            .map_err(sql_err)?;
    }
    for (e, n, m, c) in TYPEMODEL {
        tx.execute(
            "INSERT INTO typemodel (enum, name, moniker, tkclass) VALUES (?1, ?2, ?3, ?4)",
            params![e, n, m, c],
        )
        .map_err(sql_err)?;
    }
    Ok(())
}

/// One sample user.
#[derive(Debug, Clone)]
pub struct SampleUser {
    pub userid: String,
    pub first: &'static str,
    pub last: &'static str,
    pub uri: Option<String>,
    /// Index into the cluster's IM and Presence nodes, or none (unassigned).
    pub imp: Option<usize>,
    /// Jabber devices the user has besides the desk phone.
    pub jabber: &'static [&'static str],
    pub headsets: usize,
}

const FIRST: &[&str] = &[
    "Aiko", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Keiko", "Lars",
    "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tomoko", "Umar", "Vera", "Wen",
];
const LAST: &[&str] = &[
    "Tanaka", "Silva", "Martin", "Volkov", "Garcia", "Haddad", "Okafor", "Sato", "Moreau", "Berg", "Ito",
    "Larsen", "Cohen", "Weber", "Novak", "Kral", "Reyes", "Costa", "Lund", "Mori", "Aziz", "Petrova", "Zhou",
];

/// The sample users of a cluster (the standard lab's cluster1 and cluster2 differ).
pub fn users(cluster: &Cluster) -> Vec<SampleUser> {
    let domain = cluster.nodes.first().map(|n| n.domain.clone()).unwrap_or_default();
    let imps = cluster.nodes_of(Product::Imp).count();
    let first_cluster = cluster.name == "cluster1";
    let ids: Vec<usize> =
        if first_cluster { (1..=16).collect() } else { [3].into_iter().chain(17..=23).collect() };
    ids.iter()
        .enumerate()
        .map(|(i, &n)| {
            let userid = format!("user{n}");
            let mut uri = Some(format!("{userid}@{domain}"));
            let mut imp = if imps == 0 { None } else { Some(i % imps) };
            if first_cluster && n >= 13 {
                imp = None; // removed from IM and Presence: their contact lists are stale
            }
            if !first_cluster {
                match n {
                    17 => uri = None,
                    18 => uri = Some("asdf@ASDF@asdf@ADSF@cisco".into()),
                    19 => uri = Some("USER4@cluster1.ucsh.lab".into()),
                    23 => imp = None,
                    _ => {}
                }
            }
            let jabber: &'static [&'static str] = match n % 4 {
                0 => &["CSF", "TCT", "BOT", "TAB"],
                1 => &["CSF"],
                2 => &["CSF", "TCT"],
                _ => &[],
            };
            SampleUser {
                userid,
                first: FIRST[(n - 1) % FIRST.len()],
                last: LAST[(n - 1) % LAST.len()],
                uri,
                imp,
                jabber,
                headsets: if n % 3 == 0 { 1 } else { 0 },
            }
        })
        .collect()
}

fn imp_pkids(cluster: &Cluster) -> Vec<String> {
    cluster.nodes_of(Product::Imp).map(|n| processnode_pkid(&cluster.name, &n.name)).collect()
}

/// The directory: `enduser` rows (both products hold them).
pub fn endusers(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    let imps = imp_pkids(cluster);
    let domain = cluster.nodes.first().map(|n| n.domain.clone()).unwrap_or_default();
    let mut st = tx
        .prepare(
            "INSERT INTO enduser (pkid, userid, firstname, middlename, lastname, mailid, directoryuri, telephonenumber, \
             department, primarynodeid, xcp_user_id, imaddress, enablecups, islocaluser, status) \
             VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 't', 1)",
        )
        .map_err(sql_err)?;
    for (i, u) in users(cluster).iter().enumerate() {
        let node = u.imp.and_then(|k| imps.get(k).cloned());
        let enabled = if node.is_some() { "t" } else { "f" };
        st.execute(params![
            pkid(&format!("{}/enduser/{}", cluster.name, u.userid)),
            u.userid,
            u.first,
            u.last,
            format!("{}@{domain}", u.userid),
            u.uri,
            dn(cluster, i),
            if i % 2 == 0 { "Engineering" } else { "Sales" },
            node,
            u.userid.to_lowercase(),
            format!("{}@{domain}", u.userid),
            enabled,
        ])
        .map_err(sql_err)?;
    }
    Ok(())
}

fn dn(cluster: &Cluster, i: usize) -> String {
    let base = if cluster.name == "cluster1" { 1000 } else { 2000 };
    (base + i + 1).to_string()
}

/// The CM side: partitions, pools, lines, phones, Jabber devices, device profiles,
/// extension mobility state, headsets.
pub fn cm(tx: &Transaction, cluster: &Cluster, at: &str) -> Result<()> {
    let c = &cluster.name;
    let pool = pkid(&format!("{c}/devicepool/Default"));
    tx.execute("INSERT INTO devicepool (pkid, name) VALUES (?1, 'Default')", params![pool])
        .map_err(sql_err)?;
    let part = pkid(&format!("{c}/routepartition/Internal"));
    tx.execute(
        "INSERT INTO routepartition (pkid, name, description) VALUES (?1, 'Internal_PT', 'Internal directory numbers')",
        params![part],
    )
    .map_err(sql_err)?;
    let mut device = tx
        .prepare(
            "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkdeviceprotocol, fkenduser, fkdevicepool, \
             allowhotelingflag, fkdevice_logoutprofile) VALUES (?1, ?2, ?3, ?4, ?5, 11, ?6, ?7, ?8, NULL)",
        )
        .map_err(sql_err)?;
    let mut line = tx
        .prepare(
            "INSERT INTO numplan (pkid, dnorpattern, fkroutepartition, tkpatternusage, description, alertingname) \
             VALUES (?1, ?2, ?3, 2, ?4, ?5)",
        )
        .map_err(sql_err)?;
    let mut map = tx.prepare(INSERT_DEVICE_LINE).map_err(sql_err)?;
    let mut owner = tx.prepare(INSERT_DEVICE_OWNER).map_err(sql_err)?;
    let mut userline = tx
        .prepare(
            "INSERT INTO endusernumplanmap (pkid, fkenduser, fknumplan, tkdnusage) VALUES (?1, ?2, ?3, 1)",
        )
        .map_err(sql_err)?;
    let mut headset = tx
        .prepare(
            "INSERT INTO headsetinventory (pkid, serialnumber, model, firmwareversion, fkenduser, fkdevice_lastconnected, \
             lastconnected) VALUES (?1, ?2, ?3, '2-0-78', ?4, ?5, ?6)",
        )
        .map_err(sql_err)?;
    let mut em = tx
        .prepare(
            "INSERT INTO extensionmobilitydynamic (pkid, fkdevice, fkdevice_currentloginprofile, fkenduser, logintime, \
             loginduration) VALUES (?1, ?2, ?3, ?4, ?5, 28800)",
        )
        .map_err(sql_err)?;
    let octet: u8 = if c == "cluster1" { 0x10 } else { 0x20 };
    for (i, u) in users(cluster).iter().enumerate() {
        let user = pkid(&format!("{c}/enduser/{}", u.userid));
        let name = format!("{} {}", u.first, u.last);
        let dnr = dn(cluster, i);
        let np = pkid(&format!("{c}/numplan/{dnr}"));
        line.execute(params![np, dnr, part, format!("{name} line"), name]).map_err(sql_err)?;
        userline
            .execute(params![pkid(&format!("{c}/endusernumplanmap/{}", u.userid)), user, np])
            .map_err(sql_err)?;
        let mut devices: Vec<(String, i64, i64, String)> = vec![(
            format!("SEP00AA{octet:02X}{:06X}", i + 1),
            CLASS_PHONE,
            MODEL_DESK,
            format!("{name} desk phone"),
        )];
        let up = u.userid.to_uppercase();
        for kind in u.jabber {
            let (dev, model, what) = match *kind {
                "CSF" => (format!("CSF{up}"), MODEL_CSF, "Jabber for Windows"),
                "TCT" => (format!("TCT{up}"), MODEL_TCT, "Jabber for iPhone"),
                "BOT" => (format!("BOT{up}"), MODEL_BOT, "Jabber for Android"),
                _ => (format!("TAB{up}"), MODEL_TAB, "Jabber for Tablet"),
            };
            devices.push((dev, CLASS_PHONE, model, format!("{name} {what}")));
        }
        // Every user with Jabber also roams with an extension mobility device profile.
        if !u.jabber.is_empty() {
            devices.push((
                format!("{}_UDP", u.userid),
                CLASS_PROFILE,
                MODEL_DESK,
                format!("{name} device profile"),
            ));
        }
        for (dev, class, model, desc) in &devices {
            let dp = pkid(&format!("{c}/device/{dev}"));
            let hotel = if *class == CLASS_PHONE && *model == MODEL_DESK { "t" } else { "f" };
            device
                .execute(params![dp, dev, desc, class, model, Some(user.clone()), pool, hotel])
                .map_err(sql_err)?;
            map.execute(params![pkid(&format!("{c}/devicenumplanmap/{dev}")), dp, np, name, dnr])
                .map_err(sql_err)?;
            let (default, assoc) = if *class == CLASS_PROFILE { ("t", 2) } else { ("f", 1) };
            owner
                .execute(params![pkid(&format!("{c}/enduserdevicemap/{dev}")), user, dp, default, assoc])
                .map_err(sql_err)?;
        }
        for h in 0..u.headsets {
            let serial = format!("WZP{}{:04}{h}", if c == "cluster1" { "1" } else { "2" }, i + 1);
            headset
                .execute(params![
                    pkid(&format!("{c}/headset/{serial}")),
                    serial,
                    "Cisco Headset 730",
                    user,
                    pkid(&format!("{c}/device/{}", devices[0].0)),
                    at
                ])
                .map_err(sql_err)?;
        }
        // The second user with Jabber is logged in (extension mobility) to the first
        // user's desk phone.
        if i == 1 {
            let phone = pkid(&format!("{c}/device/SEP00AA{octet:02X}{:06X}", 1));
            let profile = pkid(&format!("{c}/device/{}_UDP", u.userid));
            em.execute(params![
                pkid(&format!("{c}/extensionmobilitydynamic/{}", u.userid)),
                phone,
                profile,
                user,
                at
            ])
            .map_err(sql_err)?;
        }
    }
    Ok(())
}

/// The IM and Presence side: contact lists (rosters and their groups) and non-presence
/// contacts with their details. Users with no node keep theirs: the stale entries the
/// admin guide's clean-up queries find.
pub fn imp(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    let c = &cluster.name;
    let domain = cluster.nodes.first().map(|n| n.domain.clone()).unwrap_or_default();
    let all = users(cluster);
    let mut roster = tx
        .prepare(
            "INSERT INTO rosters (pkid, user_id, contact_jid, nickname, state) VALUES (?1, ?2, ?3, ?4, 3)",
        )
        .map_err(sql_err)?;
    let mut group = tx
        .prepare("INSERT INTO groups (pkid, user_id, group_name, roster_id) VALUES (?1, ?2, ?3, ?4)")
        .map_err(sql_err)?;
    let mut info = tx
        .prepare(
            "INSERT INTO epascontactaddinfo (pkid, firstname, lastname, nickname, company, email, workphone) \
             VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6)",
        )
        .map_err(sql_err)?;
    let mut npc = tx
        .prepare(
            "INSERT INTO nonpresencecontacts (pkid, fkenduser, fkepascontactaddinfo, groupname, contact_id) \
             VALUES (?1, ?2, ?3, 'External', ?4)",
        )
        .map_err(sql_err)?;
    for (i, u) in all.iter().enumerate() {
        let xcp = u.userid.to_lowercase();
        for k in 1..=3 {
            let peer = &all[(i + k) % all.len()];
            let r = pkid(&format!("{c}/rosters/{}/{}", u.userid, peer.userid));
            roster
                .execute(params![
                    r,
                    xcp,
                    format!("{}@{domain}", peer.userid),
                    format!("{} {}", peer.first, peer.last)
                ])
                .map_err(sql_err)?;
            let g = if k == 1 { "Team" } else { "Colleagues" };
            group
                .execute(params![pkid(&format!("{c}/groups/{}/{}", u.userid, peer.userid)), xcp, g, r])
                .map_err(sql_err)?;
        }
        if i % 2 == 0 {
            let a = pkid(&format!("{c}/epascontactaddinfo/{}", u.userid));
            info.execute(params![
                a,
                "Kim",
                format!("Supplier{}", i + 1),
                "Partner Ltd",
                format!("kim{}@partner.example", i + 1),
                format!("+1 555 01{:02}", i + 1)
            ])
            .map_err(sql_err)?;
            npc.execute(params![
                pkid(&format!("{c}/nonpresencecontacts/{}", u.userid)),
                pkid(&format!("{c}/enduser/{}", u.userid)),
                a,
                format!("kim{}@partner.example", i + 1)
            ])
            .map_err(sql_err)?;
        }
    }
    // Left behind by a contact deleted outside the client: referenced by no contact.
    info.execute(params![
        pkid(&format!("{c}/epascontactaddinfo/orphan")),
        "Lee",
        "Former",
        "Old Corp",
        "lee@old.example",
        "+1 555 0199"
    ])
    .map_err(sql_err)?;
    Ok(())
}
