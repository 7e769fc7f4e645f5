//! Render → parse gives the same value: the parsers of `render::parse` (what `--host`
//! reads back from a real node) against the renderers, over generated values.

use std::net::Ipv4Addr;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use ucsh::engine::accounts::AccountInfo;
use ucsh::engine::certs::{CertDetail, CertEntry, CertList};
use ucsh::engine::cores::{CoreFile, CoreList};
use ucsh::engine::db::dbreplication::{LastCommand, NodeRow, ReplState, RuntimeState};
use ucsh::engine::db::sql::SqlResult;
use ucsh::engine::deployment::Role;
use ucsh::engine::diagnose::{DiagnoseVersion, Diagnosis, ModuleResult, Outcome as DiagOutcome, MODULES};
use ucsh::engine::drs::{
    ComponentStatus, Device, DeviceList, DrfStatus, History, HistoryRow, Operation, Outcome as DrfOutcome,
    StatusAnswer,
};
use ucsh::engine::em::{RisPhone, RisPhones};
use ucsh::engine::fileserver::{Copied, TransferSpeed};
use ucsh::engine::ha::{GroupHa, HaStatus, NodeHa};
use ucsh::engine::imdb::{self, Broken, ImdbCheck, ImdbGroup, ImdbNode, ImdbResult, ImdbStatus};
use ucsh::engine::network::{
    ArpEntry, ArpList, Connectivity, Hop, HostLookup, Ping, PingLine, Route, Routes, TimezoneConfig,
    Traceroute,
};
use ucsh::engine::ntp::{NtpChange, NtpConfig, ServerOutcome, ServerResult};
use ucsh::engine::platform::AccountLocking;
use ucsh::engine::platform::{
    ClusterMember, Disk, Eth0, Hardware, NetworkCluster, NtpPeer, NtpStatus, Status, Version,
};
use ucsh::engine::services::{self, RunState, ServiceEntry, ServiceList};
use ucsh::engine::settings::SessionTimeout;
use ucsh::engine::syslog::{Protocol, ProtocolShow, ServerList, ServerStatus};
use ucsh::engine::users::{
    ClusterNotChecked, DuplicateUserId, DuplicateValue, Holder, InvalidUris, MissingUris,
    Scope as UsersScope, UserUri, Validation,
};
use ucsh::render::diagnose::ModuleList;
use ucsh::render::parse::{
    accounts, cert, dbreplication, drs, ha, health, imp, network, platform, remotesyslog, risdb, run_sql,
    session, settings, users,
};
use ucsh::render::session::{Myself, Pagination};
use ucsh::render::{Message, Report};

fn text_of(r: &dyn Report) -> String {
    let mut s = String::new();
    r.text(&mut s);
    s
}

/// A value as a node prints it: no line ends, no blanks at either end.
fn value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 ,.:()/_-]{0,28}[A-Za-z0-9)]"
}

fn word() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9.-]{0,18}"
}

fn hundredths() -> impl Strategy<Value = f64> {
    (0u32..=9999).prop_map(|n| f64::from(n) / 100.0)
}

fn thousandths() -> impl Strategy<Value = f64> {
    (-99_999i32..=99_999).prop_map(|n| f64::from(n) / 1000.0)
}

fn ip() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from)
}

fn disk() -> impl Strategy<Value = Disk> {
    ("Disk/[a-z]{1,10}", 0u64..1 << 40, 0u64..1 << 40, 0u64..1 << 40, 0u64..=100).prop_map(
        |(name, total_kb, free_kb, used_kb, percent)| Disk { name, total_kb, free_kb, used_kb, percent },
    )
}

prop_compose! {
    fn status()(
        names in vec(value(), 6),
        uptime in "( [a-z0-9:,.]{1,40}){0,1}",
        cpu in vec(hundredths(), 6),
        mem in vec(0u64..1 << 40, 6),
        disks in vec(disk(), 0..5),
    ) -> Status {
        Status {
            host_name: names[0].clone(), date: names[1].clone(), time_zone: names[2].clone(),
            locale: names[3].clone(), product_version: names[4].clone(), os_version: names[5].clone(),
            uptime,
            cpu_idle: cpu[0], cpu_system: cpu[1], cpu_user: cpu[2],
            cpu_iowait: cpu[3], cpu_irq: cpu[4], cpu_soft: cpu[5],
            mem_total_kb: mem[0], mem_free_kb: mem[1], mem_used_kb: mem[2],
            mem_cached_kb: mem[3], mem_shared_kb: mem[4], mem_buffers_kb: mem[5],
            disks,
        }
    }
}

prop_compose! {
    fn eth0()(
        detail in any::<bool>(), flags in vec(any::<bool>(), 4),
        addrs in vec(ip(), 5), secondary in option::of(ip()),
        mode in "[A-Za-z0-9/]{1,14}", options in "[a-z0-9:]{1,10}( [a-z0-9:]{1,10}){0,2}",
        domain in word(), mac in "([0-9a-f]{2}:){5}[0-9a-f]{2}", mtu in 576u32..9000, queue in 0u32..10_000,
    ) -> Eth0 {
        Eth0 {
            detail, dhcp: flags[0], status_up: flags[1], ip: addrs[0], mask: addrs[1],
            link_detected: flags[2], mode, duplicate_ip: flags[3], dns_primary: addrs[2],
            dns_secondary: secondary, dns_options: options, domain, gateway: addrs[4],
            mac: if detail { mac } else { String::new() },
            mtu: if detail { mtu } else { 0 },
            queue_length: if detail { queue } else { 0 },
        }
    }
}

fn member() -> impl Strategy<Value = ClusterMember> {
    // A node defined by its short name only prints an empty host name.
    let role = prop::sample::select(vec!["Publisher", "Subscriber"]);
    (
        ip(),
        vec(word(), 5),
        any::<bool>(),
        option::of("[A-Z][a-z]{2}( [A-Za-z0-9:]{1,8}){1,4}"),
        role,
        any::<bool>(),
    )
        .prop_map(|(ip, w, authenticated, since, role, short)| ClusterMember {
            ip,
            fqdn: w[0].clone(),
            hostname: if short { String::new() } else { w[1].clone() },
            cm_role: role.to_string(),
            product: w[3].clone(),
            db_role: w[4].clone(),
            authenticated,
            local: false,
            since,
        })
}

fn service_entries() -> impl Strategy<Value = Vec<ServiceEntry>> {
    let mut defs = services::catalog(Role::CmPublisher);
    defs.extend(
        services::catalog(Role::ImpPublisher).into_iter().filter(|d| d.kind != services::Kind::Platform),
    );
    defs.sort_by_key(|d| (d.kind != services::Kind::Platform, d.name));
    defs.dedup_by_key(|d| d.name);
    // Every state the text can tell apart (commanded out is shown only when activated).
    let states = prop_oneof![
        Just((true, RunState::Started)),
        Just((true, RunState::Stopped)),
        Just((true, RunState::CommandedOut)),
        Just((true, RunState::NotRunning)),
        Just((false, RunState::Stopped)),
        Just((false, RunState::Started)),
        Just((false, RunState::NotRunning)),
    ];
    vec(states, defs.len()).prop_map(move |st| {
        defs.iter()
            .zip(st)
            .map(|(d, (activated, state))| ServiceEntry {
                name: d.name.to_string(),
                kind: d.kind,
                activated,
                state,
            })
            .collect()
    })
}

fn peer() -> impl Strategy<Value = NtpPeer> {
    (
        // ntpq cuts a name to its 15-character column, so only names that fit come back.
        "[a-z0-9][a-z0-9.-]{0,14}",
        "[.A-Za-z0-9]{1,15}",
        0u32..16,
        0u32..9999,
        0u32..9999,
        "[0-7]{1,3}",
        vec(thousandths(), 3),
        any::<bool>(),
    )
        .prop_map(|(remote, refid, stratum, when, poll, reach, f, selected)| NtpPeer {
            remote,
            refid,
            stratum,
            when,
            poll,
            reach,
            delay: f[0],
            offset: f[1],
            jitter: f[2],
            selected,
        })
}

fn path() -> impl Strategy<Value = String> {
    "[a-z0-9_][a-z0-9/._-]{0,30}"
}

fn last_command() -> impl Strategy<Value = Option<LastCommand>> {
    option::of(prop_oneof![
        (value(), 0usize..5000, path()).prop_map(|(ended_at, tables, log)| LastCommand::Broadcast {
            ended_at,
            tables,
            log
        }),
        (value(), 0usize..5000, 0usize..5000, word(), 0usize..100, path()).prop_map(
            |(started_at, checked, total, last_table, mismatched_tables, report)| LastCommand::Status {
                started_at,
                checked,
                total,
                last_table,
                mismatched_tables,
                report
            }
        ),
        (value(), 0usize..5000, 0usize..5000, 0usize..100_000, path()).prop_map(
            |(started_at, processed, total, rows_fixed, report)| LastCommand::Repair {
                started_at,
                processed,
                total,
                rows_fixed,
                report
            }
        ),
    ])
}

fn node_row() -> impl Strategy<Value = NodeRow> {
    let state = prop_oneof![
        Just(ReplState::NotStarted),
        Just(ReplState::CountIncorrect),
        Just(ReplState::Good),
        Just(ReplState::Bad),
        Just(ReplState::SetupFailed),
        Just(ReplState::Unknown),
    ];
    // Addresses are IPv4: the column is as wide as the longest one.
    (
        word(),
        ip().prop_map(|a| a.to_string()),
        option::of((0u32..999_999).prop_map(|n| f64::from(n) / 1000.0)),
        vec(any::<bool>(), 3),
        -5i64..100_000,
        0i64..1000,
        state,
        prop_oneof![Just(String::new()), value()],
    )
        .prop_map(|(name, ip, ping_ms, f, queue, group_id, state, detail)| NodeRow {
            name,
            ip,
            ping_ms,
            db: f[0],
            rpc: f[1],
            dbmon: f[2],
            queue,
            group_id,
            state,
            detail,
            rows_differing: None,
        })
}

fn diag_outcome() -> impl Strategy<Value = DiagOutcome> {
    prop_oneof![
        option::of(value()).prop_map(DiagOutcome::Passed),
        value().prop_map(DiagOutcome::Failed),
        Just(DiagOutcome::Skipped),
        value().prop_map(DiagOutcome::Fixed),
    ]
}

fn diag_row() -> impl Strategy<Value = ModuleResult> {
    (0..MODULES.len(), diag_outcome())
        .prop_map(|(i, outcome)| ModuleResult { module: MODULES[i].name, outcome })
}

fn drf_date() -> impl Strategy<Value = String> {
    "(Mon|Tue|Fri) (Jan|Dec) [0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] (UTC|EST|PST|JST) 20[0-9]{2}"
}

fn drf_outcome() -> impl Strategy<Value = DrfOutcome> {
    prop_oneof![Just(DrfOutcome::Success), Just(DrfOutcome::Error)]
}

fn drf_operation() -> impl Strategy<Value = Operation> {
    prop_oneof![Just(Operation::Backup), Just(Operation::Restore)]
}

fn drf_tar() -> impl Strategy<Value = String> {
    "20[0-9]{2}-[01][0-9]-[0-3][0-9]-[0-2][0-9]-[0-5][0-9]-[0-5][0-9]\\.tar"
}

prop_compose! {
    fn drf_status()(
        operation in drf_operation(),
        status in drf_outcome(),
        message in value(),
        tar_filename in drf_tar(),
        percent in 0u8..=100,
        comps in vec(("(CCM|CUP)", word(), "[A-Z]{2,8}", drf_outcome(), drf_date(), "activelog/[a-z0-9_/.-]{1,40}"), 0..5),
    ) -> DrfStatus {
        DrfStatus {
            operation,
            status,
            message,
            tar_filename,
            storage: "NETWORK".into(),
            percent,
            components: comps
                .into_iter()
                .map(|(feature, server, component, status, at, log)| ComponentStatus { feature, server, component, status, at, log })
                .collect(),
        }
    }
}

proptest! {
    // No regression files beside the tests: a failure prints its minimal input.
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn show_status(s in status()) {
        prop_assert_eq!(platform::parse_status(&text_of(&s)), Ok(s));
    }

    #[test]
    fn show_version(active in any::<bool>(), v in option::of("[0-9][0-9.-]{0,18}"), options in vec(value(), 0..4)) {
        let v = Version { active, version: v, options };
        prop_assert_eq!(platform::parse_version(&text_of(&v)), Ok(v));
    }

    #[test]
    fn show_network_eth0(e in eth0()) {
        prop_assert_eq!(platform::parse_eth0(&text_of(&e)), Ok(e));
    }

    #[test]
    fn show_network_cluster(mut members in vec(member(), 1..6), at in any::<prop::sample::Index>(),
                            processnode in option::of(vec(word(), 0..5)),
                            dynamic_cluster_configuration in option::of("[0-9]{1,2} Hours [0-9]{1,2} Minutes")) {
        let name = |m: &ClusterMember| if m.hostname.is_empty() { m.fqdn.clone() } else { m.hostname.clone() };
        let node = name(&members[at.index(members.len())]);
        for m in &mut members {
            m.local = name(m).eq_ignore_ascii_case(&node);
        }
        let c = NetworkCluster { members, processnode, dynamic_cluster_configuration };
        prop_assert_eq!(platform::parse_network_cluster(&text_of(&c), Some(&node)), Ok(c));
    }

    #[test]
    fn show_hardware(names in vec(value(), 6), n in vec(1u32..512, 2), memory_mb in 1u64..1 << 30, disk_gb in 40u64..4000) {
        let h = Hardware {
            platform: names[0].clone(), processors: n[0], cpu_type: names[1].clone(), cpu_speed: n[1],
            memory_mb, object_id: names[2].clone(), os_version: names[3].clone(), serial: names[4].clone(),
            bios: names[5].clone(), disk_gb,
        };
        prop_assert_eq!(platform::parse_hardware(&text_of(&h)), Ok(h));
    }

    #[test]
    fn utils_service_list(services in service_entries(), primary_node in any::<bool>()) {
        let l = ServiceList { node: "cucm-pub".into(), primary_node, services };
        prop_assert_eq!(platform::parse_service_list(&text_of(&l), "cucm-pub"), Ok(l));
    }

    #[test]
    fn utils_ntp_status(pid in 1u32..1 << 22, peers in vec(peer(), 0..4),
                        synchronised in option::of((word(), 1u32..16)), poll in 1u32..100_000,
                        utc_now in value(), zone in "[A-Za-z_]{1,12}(/[A-Za-z_]{1,12})?", local_now in value()) {
        let n = NtpStatus { pid, peers, synchronised, poll, utc_now, zone, local_now };
        prop_assert_eq!(platform::parse_ntp_status(&text_of(&n)), Ok(n));
    }

    #[test]
    fn utils_dbreplication_runtimestate(server_time in value(), last_command in last_command(), db_version in value(),
                                        repltimeout in 0u32..100_000, process in 0u32..100, view_from in option::of(word()),
                                        nodes in vec(node_row(), 0..6)) {
        // Without the detailed view (a capture taken while a check runs) there are no rows.
        let nodes = if view_from.is_some() { nodes } else { Vec::new() };
        let r = RuntimeState { server_time, last_command, db_version, repltimeout, process, view_from, nodes };
        prop_assert_eq!(dbreplication::parse_runtimestate(&text_of(&r)), Ok(r));
    }

    #[test]
    fn show_myself(machine_name in word(), account in "[a-z][a-z0-9_]{0,15}", privilege in 0u8..=4, f in vec(any::<bool>(), 2)) {
        let m = Myself { machine_name, account, privilege, command_count: f[0], logging: f[1] };
        let parsed = session::parse_myself(&text_of(&m)).map(|p| p.json());
        prop_assert_eq!(parsed, Ok(m.json()));
    }

    #[test]
    fn utils_diagnose(n in 1u32..1000, single in any::<bool>(), cm in any::<bool>(), modules in vec(diag_row(), 1..20)) {
        // A single module's text does not say which product the node is.
        let d = Diagnosis {
            log: format!("platform/log/diag{n}.log"),
            single,
            communications_manager: if single { None } else { Some(cm) },
            modules,
        };
        prop_assert_eq!(health::parse_diagnosis(&text_of(&d)), Ok(d));
    }

    #[test]
    fn show_accountlocking(enabled in any::<bool>(), count in 2u32..=5, unlock_seconds in 30u32..=3600) {
        let a = AccountLocking { enabled, count, unlock_seconds };
        prop_assert_eq!(health::parse_accountlocking(&text_of(&a)), Ok(a));
    }

    #[test]
    fn utils_core_list(active in any::<bool>(), rows in vec((0u64..1 << 30, 0u32..100_000, "core\\.[a-z0-9.]{1,30}"), 0..6)) {
        let cores = rows
            .into_iter()
            .map(|(size_kb, t, name)| CoreFile {
                name,
                size_kb,
                date: format!("2026-{:02}-{:02} {:02}:{:02}:{:02}", t % 12 + 1, t % 28 + 1, t % 24, t % 60, (t / 60) % 60),
            })
            .collect();
        let l = CoreList { active, cores };
        prop_assert_eq!(health::parse_core_list(&text_of(&l), active), Ok(l));
    }

    #[test]
    fn utils_disaster_recovery_status(st in option::of(drf_status()), operation in drf_operation()) {
        let last = st.map(|mut s| { s.operation = operation; s });
        let a = StatusAnswer { operation, last };
        prop_assert_eq!(drs::parse_status(&text_of(&a), operation), Ok(a));
    }

    #[test]
    fn utils_disaster_recovery_history(
        operation in drf_operation(),
        rows in vec((drf_tar(), drf_date(), drf_outcome(), "(MANUAL|SCHEDULED)", vec("(CCM|CUP|CDR_CAR)", 0..3)), 0..6),
    ) {
        let rows = rows
            .into_iter()
            .map(|(tar_filename, completed, result, kind, features)| HistoryRow {
                tar_filename, device: "NETWORK".into(), completed, result, kind, features,
            })
            .collect();
        let h = History { operation, rows };
        prop_assert_eq!(drs::parse_history(&text_of(&h), operation), Ok(h));
    }

    #[test]
    fn utils_disaster_recovery_device_list(
        devs in vec(("[A-Za-z0-9_-]{1,32}", word(), 1u16.., "/?[a-z0-9_./-]{1,30}", "[a-z][a-z0-9_]{0,15}", 1u32..=14), 0..5),
    ) {
        let devices = devs
            .into_iter()
            .map(|(name, server, port, path, user, backups)| Device {
                name, kind: "NETWORK".into(), server, port, user, path, backups,
            })
            .collect();
        let l = DeviceList { devices };
        prop_assert_eq!(drs::parse_device_list(&text_of(&l)), Ok(l));
    }

    #[test]
    fn show_risdb_query_phone(rows in vec((
        "SEP[0-9A-F]{12}|CSF[A-Z0-9]{1,12}",
        prop_oneof![Just(String::new()), "[A-Za-z0-9][A-Za-z0-9 .:()/_-]{0,28}[A-Za-z0-9)]"],
        any::<[u8; 4]>(),
        any::<bool>(),
        0i64..4_000_000_000,
        prop_oneof![Just(String::new()), "[a-z][a-z0-9._]{0,15}"],
        word(),
    ), 0..6)) {
        let phones: Vec<RisPhone> = rows
            .into_iter()
            .map(|(device, description, ip, up, changed, login_user, node)| RisPhone {
                device,
                description,
                ip: Ipv4Addr::from(ip).to_string(),
                status: if up { "Registered".into() } else { "UnRegistered".into() },
                changed,
                protocol: "SIP".into(),
                login_user,
                node,
            })
            .collect();
        let registered = phones.iter().filter(|p| p.status == "Registered").count();
        let r = RisPhones { registered, unregistered: phones.len() - registered, phones };
        prop_assert_eq!(risdb::parse_phones(&text_of(&r)), Ok(r));
    }

    #[test]
    fn show_cli_pagination(on in any::<bool>()) {
        let p = Pagination { on };
        prop_assert_eq!(session::parse_pagination(&text_of(&p)).map(|p| p.json()), Ok(p.json()));
    }

    #[test]
    fn show_account(list in vec(("[a-z][a-z0-9_]{0,15}", prop_oneof![Just(0u8), Just(1u8), Just(4u8)]), 0..6)) {
        let infos: Vec<AccountInfo> = list
            .iter()
            .map(|(name, level)| AccountInfo { name: name.clone(), level: *level, primary: false, has_password: true, locked: false })
            .collect();
        let parsed = accounts::parse_show_account(&text_of(&infos)).map(|a| a.accounts);
        let want: Vec<accounts::ShownAccount> =
            list.into_iter().map(|(name, level)| accounts::ShownAccount { name, level }).collect();
        prop_assert_eq!(parsed, Ok(want));
    }
}

fn host_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,15}"
}

fn imdb_check() -> impl Strategy<Value = ImdbCheck> {
    (0usize..3, host_name(), host_name(), 0u8..4, host_name(), 0usize..3).prop_map(
        |(d, from, to, r, node, s)| {
            let dsn = imdb::DSNS[d];
            let result = match r {
                0 => ImdbResult::Passed,
                1 => ImdbResult::Failed(Broken::NodeDown { node }),
                2 => ImdbResult::Failed(Broken::ServiceStopped {
                    node,
                    service: imdb::DSNS[s].service.to_string(),
                }),
                _ => ImdbResult::Failed(Broken::LinkBroken { node }),
            };
            ImdbCheck { dsn: dsn.name.to_string(), port: dsn.port, from, to, result }
        },
    )
}

fn imdb_group() -> impl Strategy<Value = ImdbGroup> {
    (word(), vec((host_name(), ip()), 1..3), vec(imdb_check(), 0..7)).prop_map(|(group, nodes, checks)| {
        ImdbGroup {
            group,
            nodes: nodes.into_iter().map(|(name, a)| ImdbNode { name, address: a.to_string() }).collect(),
            checks,
        }
    })
}

fn copied() -> impl Strategy<Value = Copied> {
    (1u64..1 << 34, 1u64..10_000_000).prop_map(|(bytes, tenth_ms)| {
        let seconds = tenth_ms as f64 / 10_000.0;
        Copied { records: bytes / 4096, bytes, seconds, mb_per_s: Copied::rate(bytes, seconds) }
    })
}

proptest! {
    #[test]
    fn show_fileserver_transferspeed(write in copied(), read in copied()) {
        let speed = TransferSpeed::new(write, read);
        prop_assert_eq!(imp::parse_transferspeed(&text_of(&speed)), Ok(speed));
    }

    #[test]
    fn utils_imdb_replication_status(groups in vec(imdb_group(), 0..4)) {
        let healthy = groups.iter().flat_map(|g| &g.checks).all(|c| c.result == ImdbResult::Passed);
        let status = ImdbStatus { groups, healthy };
        prop_assert_eq!(imp::parse_imdb_status(&text_of(&status)), Ok(status));
    }
}

/// Shapes of real nodes that the renderer does not write but the parsers read.
#[test]
fn shapes_of_other_releases_parse() {
    // A disk line without its percentage (computed as used of total, rounded up).
    let status = "\nHost Name          : n\nDate               : d\nTime Zone          : z\nLocale             : l\nProduct Ver        : 10.5\nUnified OS Version : 5\n\nUptime:\n up\n\nCPU Idle:   90.00%  System:   05.00%    User:   05.00%\n  IOWAIT:   00.00%     IRQ:   00.00%    Soft:   00.00%\n\nMemory Total:        100K\n        Free:         50K\n        Used:         50K\n      Cached:          1K\n      Shared:          1K\n     Buffers:          1K\n\n                        Total            Free            Used\nDisk/active         1000K        700K       300K\n";
    let s = platform::parse_status(status).expect("parses");
    assert_eq!((s.disks[0].used_kb, s.disks[0].percent), (300, 30));
    // `show network cluster` with a heading before the members (header-less is the default).
    let c = platform::parse_network_cluster(
        "Cluster Members\n10.1.1.1 pub.x pub Publisher callmanager DBPub authenticated\n",
        Some("pub"),
    )
    .expect("parses");
    assert!(c.members[0].local);
    // A runtimestate row of a node that does not answer (no ping).
    let r = "\nServer Time: t\n\nCluster Replication State: Only available on the PUB\n\nDB Version: v\n\nRepltimeout set to: 300s\nPROCESS option set to: 1\n\n\nCluster Detailed View from pub (1 Servers):\n\n  PING\nSERVER-NAME  IP ADDRESS\n-----------  ----------\nsub1   10.1.1.2   -   N/N/N   0   (g_3)   (3) Setup Completed\n";
    let r = dbreplication::parse_runtimestate(r).expect("parses");
    assert_eq!((r.nodes[0].ping_ms, r.nodes[0].detail.as_str()), (None, "Setup Completed"));
    // Text of another shape is refused, never guessed.
    assert!(platform::parse_status("Host Name : x\n").is_err());
    assert!(platform::parse_version("nonsense\n").is_err());
}

// ----- network, certificates, HA, settings -----

/// A round trip as ping prints it (three significant figures), exactly representable.
fn rtt_ms() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..10_000).prop_map(|n| f64::from(n) / 1000.0),
        (1000u32..10_000).prop_map(|n| f64::from(n) / 100.0),
        (1000u32..100_000).prop_map(|n| f64::from(n) / 10.0),
    ]
}

fn thousandths_ms() -> impl Strategy<Value = f64> {
    (0u32..10_000_000).prop_map(|n| f64::from(n) / 1000.0)
}

fn ping_line() -> impl Strategy<Value = PingLine> {
    prop_oneof![
        (1u32..1000, any::<u8>(), rtt_ms()).prop_map(|(seq, ttl, time_ms)| PingLine::Reply {
            seq,
            ttl,
            time_ms
        }),
        (ip(), 1u32..1000).prop_map(|(from, seq)| PingLine::Unreachable { from, seq }),
    ]
}

prop_compose! {
    fn ping()(
        destination in word(), address in option::of(ip()), counts in (0u32..100, 0u32..100, 0u32..5),
        lines in vec(ping_line(), 0..5), time_ms in 0u64..100_000,
        rtt in option::of(vec(thousandths_ms(), 4)),
    ) -> Ping {
        match address {
            None => Ping { destination, address: None, transmitted: 0, received: 0, errors: 0, lines: vec![], time_ms: 0, rtt: None },
            Some(a) => Ping {
                destination, address: Some(a), transmitted: counts.0 + counts.1, received: counts.1, errors: counts.2,
                lines, time_ms, rtt: rtt.map(|r| [r[0], r[1], r[2], r[3]]),
            },
        }
    }
}

prop_compose! {
    fn host_lookup()(reverse in any::<bool>(), name in word(), addr in ip(), local in any::<bool>(), external in any::<bool>(), other in word()) -> HostLookup {
        if reverse {
            HostLookup { query: addr.to_string(), reverse, local: local.then(|| name.clone()), external: external.then_some(other) }
        } else {
            HostLookup { query: name, reverse, local: local.then(|| addr.to_string()), external: external.then(|| addr.to_string()) }
        }
    }
}

fn hop() -> impl Strategy<Value = Hop> {
    (1u32..31, option::of((ip(), option::of(word()), vec(thousandths_ms(), 1..4), any::<bool>()))).prop_map(
        |(ttl, answer)| match answer {
            None => Hop { ttl, address: None, name: None, times_ms: vec![], host_unreachable: false },
            Some((a, name, times_ms, host_unreachable)) => {
                Hop { ttl, address: Some(a), name, times_ms, host_unreachable }
            }
        },
    )
}

/// A distinguished name as certificates print it (no `:` in it).
fn dn() -> impl Strategy<Value = String> {
    "CN=[a-z0-9.-]{1,20}(, OU=[A-Za-z0-9 ]{1,10}[A-Za-z0-9])?, O=[A-Za-z]{1,10}, C=[A-Z]{2}"
}

fn cert_time() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    (0i64..4_102_444_800).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap_or_default())
}

prop_compose! {
    fn cert_detail()(
        name in "[a-z-]{1,12}/[a-z0-9.-]{1,20}\\.pem", version in 1u32..4, serial in "[0-9A-F]{2,40}",
        sig in ("[A-Za-z0-9]{3,20}", "[0-9]{1,2}(\\.[0-9]{1,6}){2,7}"), issuer in dn(), subject in dn(),
        not_before in cert_time(), not_after in cert_time(), expired in any::<bool>(),
        key in ("[A-Za-z]{2,10}", "[0-9]{1,2}(\\.[0-9]{1,6}){2,7}"), alt_names in vec("[a-z0-9.-]{1,20}", 0..4),
        body in vec("[A-Za-z0-9+/]{1,64}", 1..6),
    ) -> CertDetail {
        let pem = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", body.join("\n"));
        CertDetail {
            name, version, serial, signature_algorithm: sig.0, signature_oid: sig.1, issuer, subject,
            not_before, not_after, expired, key_algorithm: key.0, key_oid: key.1, alt_names, pem,
        }
    }
}

fn ha_state() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Normal".to_string()),
        Just("Idle".to_string()),
        Just("Active".to_string()),
        Just("Failing Over".to_string()),
        Just("Taking Back".to_string()),
        Just("Failed".to_string()),
        Just("Unknown".to_string()),
        Just("Running in Backup Mode".to_string()),
        Just("Backup Activated".to_string()),
        Just("Failover Affected Services".to_string()),
        Just("Running in Failed Mode".to_string()),
    ]
}

proptest! {
    #[test]
    fn utils_network_ping(p in ping()) {
        prop_assert_eq!(network::parse_ping(&text_of(&p)), Ok(p));
    }

    #[test]
    fn utils_network_host(h in host_lookup()) {
        prop_assert_eq!(network::parse_host(&text_of(&h)), Ok(h));
    }

    #[test]
    fn utils_network_connectivity(destination in word(), ok in any::<bool>()) {
        let c = Connectivity { destination, ok };
        prop_assert_eq!(network::parse_connectivity(&text_of(&c)), Ok(c));
    }

    #[test]
    fn utils_network_arp_list(numeric in any::<bool>(), rows in vec((ip(), option::of("[0-9a-f]{2}(:[0-9a-f]{2}){5}")), 0..6)) {
        // The numeric form shows addresses; names (the other form) are checked below.
        let entries = rows.into_iter().map(|(address, hw_address)| ArpEntry { address, name: None, hw_address }).collect();
        let l = ArpList { numeric, entries };
        prop_assert_eq!(network::parse_arp_list(&text_of(&l), numeric), Ok(l));
    }

    #[test]
    fn utils_network_traceroute(destination in word(), address in option::of(ip()), hops in vec(hop(), 0..6)) {
        let t = match address {
            None => Traceroute { destination, address: None, hops: vec![] },
            Some(a) => Traceroute { destination, address: Some(a), hops },
        };
        prop_assert_eq!(network::parse_traceroute(&text_of(&t)), Ok(t));
    }

    #[test]
    fn show_network_route(rows in vec((ip(), ip(), ip(), prop_oneof![Just("U"), Just("UG")], "eth[0-9]"), 0..5)) {
        let routes = rows
            .into_iter()
            .map(|(destination, gateway, genmask, flags, iface)| Route { destination, gateway, genmask, flags: flags.into(), iface })
            .collect();
        let r = Routes { routes };
        prop_assert_eq!(network::parse_routes(&text_of(&r)), Ok(r));
    }

    #[test]
    fn show_timezone_config(timezone in "[A-Z][a-z]{1,10}(/[A-Z][a-z_]{1,12}){0,2}", version in "20[0-9]{2}[a-z]") {
        let t = TimezoneConfig { timezone, version };
        prop_assert_eq!(network::parse_timezone_config(&text_of(&t)), Ok(t));
    }

    #[test]
    fn show_cert_list(rows in vec(("[a-z-]{1,14}", "[a-z0-9.-]{1,20}\\.pem", value()), 0..8)) {
        let certs = rows.into_iter().map(|(store, file, description)| CertEntry { store, file, description }).collect();
        let l = CertList { certs };
        prop_assert_eq!(cert::parse_list(&text_of(&l)), Ok(l));
    }

    #[test]
    fn show_cert_own_and_trust(d in cert_detail()) {
        prop_assert_eq!(cert::parse_detail(&text_of(&d)), Ok(d));
    }

    #[test]
    fn utils_ha_status(groups in vec((value(), vec((word(), ha_state(), option::of(value())), 1..3)), 0..4)) {
        let groups = groups
            .into_iter()
            .map(|(group, nodes)| GroupHa {
                group,
                nodes: nodes.into_iter().map(|(name, state, reason)| NodeHa { name, state, reason }).collect(),
            })
            .collect();
        let s = HaStatus { groups };
        prop_assert_eq!(ha::parse_status(&text_of(&s)), Ok(s));
    }

    #[test]
    fn show_cli_session_timeout(minutes in any::<u32>()) {
        let t = SessionTimeout { minutes, previous: None };
        prop_assert_eq!(settings::parse_session_timeout(&text_of(&t)), Ok(t));
    }
}

#[test]
fn arp_rows_with_names_keep_the_name() {
    let l = ArpList {
        numeric: false,
        entries: vec![ArpEntry {
            address: Ipv4Addr::new(10, 0, 0, 2),
            name: Some("cucm-sub1.lab.example".into()),
            hw_address: None,
        }],
    };
    let parsed = network::parse_arp_list(&text_of(&l), false).expect("parses");
    assert_eq!(parsed.entries[0].name.as_deref(), Some("cucm-sub1.lab.example"));
    assert_eq!(parsed.entries[0].hw_address, None);
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![Just(Protocol::Udp), Just(Protocol::Tcp), Just(Protocol::Tls)]
}

proptest! {
    #[test]
    fn utils_remotesyslog_show_protocol(active in protocol(), pending in option::of(protocol())) {
        let p = ProtocolShow { protocol: active, pending };
        prop_assert_eq!(remotesyslog::parse_show_protocol(&text_of(&p)), Ok(p));
    }

    #[test]
    fn utils_remotesyslog_show_server(
        active in protocol(),
        rows in vec(("[a-z0-9][a-z0-9.-]{0,30}", any::<u16>(), 0u64..1 << 40, 0u64..1 << 40, option::of(value())), 0..5),
    ) {
        let servers = rows
            .into_iter()
            .map(|(host, port, queued, dropped, last_error)| ServerStatus { host, port, protocol: active, queued, dropped, last_error })
            .collect();
        let l = ServerList { protocol: active, servers };
        prop_assert_eq!(remotesyslog::parse_show_server(&text_of(&l)), Ok(l));
    }

    #[test]
    fn utils_diagnose_list(picks in vec(0..MODULES.len(), 0..12)) {
        let l = ModuleList(picks.into_iter().map(|i| MODULES[i]).collect());
        prop_assert_eq!(health::parse_module_list(&text_of(&l)), Ok(l));
    }

    #[test]
    fn utils_diagnose_version(version in "[0-9]{1,2}(\\.[0-9]{1,5}){1,4}(-[0-9]{1,3})?", modules in 0usize..1000) {
        let v = DiagnoseVersion { version, modules };
        prop_assert_eq!(health::parse_diagnose_version(&text_of(&v)), Ok(v));
    }
}

fn userid() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9._-]{0,14}"
}

fn uri() -> impl Strategy<Value = String> {
    "[a-z0-9.@_-]{1,24}"
}

prop_compose! {
    fn dup_values()(groups in vec((uri(), vec((word(), userid()), 2..4)), 0..3)) -> Vec<DuplicateValue> {
        groups
            .into_iter()
            .map(|(value, users)| DuplicateValue {
                users: users.into_iter().map(|(node, userid)| Holder { node, userid, value: value.clone() }).collect(),
                value,
            })
            .collect()
    }
}

prop_compose! {
    fn validation()(
        scope in prop_oneof![Just(UsersScope::All), Just(UsersScope::Userid), Just(UsersScope::Uri), Just(UsersScope::Mailid)],
        dup_ids in vec((userid(), vec(word(), 2..4)), 0..3),
        missing in vec((word(), vec(userid(), 1..4)), 0..3),
        invalid in vec((word(), vec((userid(), uri()), 1..4)), 0..3),
        dup_uris in dup_values(),
        dup_mails in dup_values(),
        not_checked in vec(("cluster[0-9]", word()), 0..2),
    ) -> Validation {
        let ids = matches!(scope, UsersScope::All | UsersScope::Userid);
        let uris = matches!(scope, UsersScope::All | UsersScope::Uri);
        Validation {
            scope,
            clusters: vec![],
            users_checked: 0,
            duplicate_userids: ids.then(|| dup_ids.into_iter().map(|(userid, nodes)| DuplicateUserId { userid, nodes }).collect()),
            missing_uris: uris.then(|| missing.into_iter().map(|(node, userids)| MissingUris { node, userids }).collect()),
            invalid_uris: uris.then(|| {
                invalid
                    .into_iter()
                    .map(|(node, users)| InvalidUris { node, users: users.into_iter().map(|(userid, uri)| UserUri { userid, uri }).collect() })
                    .collect()
            }),
            duplicate_uris: uris.then_some(dup_uris),
            duplicate_mailids: (scope == UsersScope::Mailid).then_some(dup_mails),
            not_checked: not_checked.into_iter().map(|(cluster, node)| ClusterNotChecked { cluster, node }).collect(),
        }
    }
}

proptest! {
    #[test]
    fn utils_users_validate(v in validation()) {
        prop_assert_eq!(users::parse_validate(&text_of(&v), v.scope), Ok(v.clone()));
        prop_assert_eq!(v.findings(), users::parse_validate(&text_of(&v), v.scope).map(|p| p.findings()).unwrap_or(false));
    }
}

/// A value as `run sql` can show it: no blanks at its end (padding is not data), not `NULL`.
fn sql_value() -> impl Strategy<Value = Option<String>> {
    option::of(
        "[A-Za-z0-9_@.:-]([A-Za-z0-9 _@.:-]{0,20}[A-Za-z0-9_@.:-])?"
            .prop_filter("NULL is a null", |v| v != "NULL"),
    )
}

prop_compose! {
    fn sql_rows()(width in 1usize..6)(
        columns in vec("[a-z][a-z0-9_]{0,12}", width),
        rows in vec(vec(sql_value(), width), 0..6),
    ) -> SqlResult {
        SqlResult::Rows { columns, rows }
    }
}

proptest! {
    #[test]
    fn run_sql(r in prop_oneof![sql_rows(), (0usize..1_000_000).prop_map(|rows| SqlResult::Changed { rows })]) {
        prop_assert_eq!(run_sql::parse_run_sql(&text_of(&r)), Ok(r));
    }
}

proptest! {
    #[test]
    fn messages(lines in vec("[ -~]{0,40}", 0..4)) {
        let m = Message::new(lines.join("\n"));
        prop_assert_eq!(session::parse_message(&text_of(&*m)), *m);
    }
}

fn ntp_outcome() -> impl Strategy<Value = ServerOutcome> {
    prop_oneof![
        Just(ServerOutcome::Added),
        Just(ServerOutcome::AlreadyAdded),
        Just(ServerOutcome::CannotBeAdded),
        Just(ServerOutcome::Inaccessible),
        Just(ServerOutcome::Deleted),
        Just(ServerOutcome::LastOneKept),
    ]
}

proptest! {
    #[test]
    fn utils_ntp_server_add_delete(rows in vec((word(), ntp_outcome()), 0..5), flags in vec(any::<bool>(), 3)) {
        let c = NtpChange {
            results: rows.into_iter().map(|(server, outcome)| ServerResult { server, outcome }).collect(),
            limit_reached: flags[0], restarted: flags[1], pending: flags[2],
        };
        prop_assert_eq!(health::parse_ntp_change(&text_of(&c)), Ok(c));
    }

    #[test]
    fn utils_ntp_config(servers in vec(word(), 1..5), kind in 0u8..3, publisher in word()) {
        let c = match kind {
            0 => NtpConfig { running: servers, pending: None, follows: None },
            1 => NtpConfig { running: vec![], pending: Some(servers), follows: None },
            _ => NtpConfig { running: vec![], pending: None, follows: Some(publisher) },
        };
        prop_assert_eq!(health::parse_ntp_config(&text_of(&c)), Ok(c));
    }
}

// ----- issue 16 item 6: show logins, show open ports, show network status, auto-restart -----

mod everyday_roundtrip {
    use std::net::Ipv4Addr;

    use proptest::collection::vec;
    use proptest::option;
    use proptest::prelude::*;

    use ucsh::engine::deployment::Product;
    use ucsh::engine::everyday::{LoginRecord, Logins};
    use ucsh::engine::ports::{self, NetRow, NetworkStatus, OpenPorts, Process, Proto, Socket};
    use ucsh::engine::services::{AutoRestart, AutoRestartAction};
    use ucsh::render::parse::everyday;
    use ucsh::render::Report;

    fn text_of(r: &dyn Report) -> String {
        let mut s = String::new();
        r.text(&mut s);
        s
    }

    fn when() -> impl Strategy<Value = String> {
        (0usize..7, 0usize..12, 1u32..=31, 0u32..24, 0u32..60).prop_map(|(d, m, day, h, min)| {
            let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{} {} {day:>2} {h:02}:{min:02}", days[d], months[m])
        })
    }

    fn ip() -> impl Strategy<Value = Ipv4Addr> {
        any::<[u8; 4]>().prop_map(Ipv4Addr::from)
    }

    /// A socket the model can have: a listening port of a service of either product, or a
    /// database connection.
    fn socket() -> impl Strategy<Value = Socket> {
        let defs: Vec<_> = [Product::Cm, Product::Imp].into_iter().flat_map(ports::port_defs).collect();
        let n = defs.len();
        (
            0..n,
            1000u32..40000,
            3u32..60,
            10000u32..100000,
            option::of((ip(), any::<bool>(), ip(), 32768u16..61000)),
        )
            .prop_map(move |(i, pid, fd, inode, conn)| match conn {
                None => {
                    let d = defs[i];
                    let command = ports::lsof_command(&ports::process_of(d.service));
                    // Two services of one product never share a port, protocol and command.
                    Socket {
                        process: Process {
                            service: d.service.into(),
                            command,
                            pid,
                            user: "ccmservice".into(),
                        },
                        fd,
                        inode,
                        proto: d.proto,
                        local_ip: None,
                        local_port: d.port,
                        remote: None,
                    }
                }
                Some((local, dbmon, remote, port)) => {
                    let (service, command, user) = if dbmon {
                        ("Cisco Database Layer Monitor", "dbmon", "database")
                    } else {
                        ("A Cisco DB", "oninit", "informix")
                    };
                    Socket {
                        process: Process {
                            service: service.into(),
                            command: command.into(),
                            pid,
                            user: user.into(),
                        },
                        fd,
                        inode,
                        proto: Proto::Tcp,
                        local_ip: Some(local),
                        local_port: port,
                        remote: Some((remote, 1500)),
                    }
                }
            })
    }

    fn addr() -> impl Strategy<Value = String> {
        prop_oneof![
            (ip(), any::<u16>()).prop_map(|(i, p)| format!("{i}:{p}")),
            "[a-z][a-z0-9-]{0,12}:[a-z0-9-]{1,12}",
            Just("*:*".to_string()),
        ]
    }

    fn net_row(detail: bool, process: bool) -> impl Strategy<Value = NetRow> {
        (
            any::<bool>(),
            addr(),
            addr(),
            any::<bool>(),
            "[a-z]{1,10}",
            1u32..1_000_000,
            1u32..40000,
            "[a-z]{1,12}",
        )
            .prop_map(move |(tcp, local, foreign, listen, user, inode, pid, prog)| NetRow {
                proto: if tcp { Proto::Tcp } else { Proto::Udp },
                local,
                foreign,
                state: match (tcp, listen) {
                    (false, _) => String::new(),
                    (true, true) => "LISTEN".into(),
                    (true, false) => "ESTABLISHED".into(),
                },
                user: detail.then_some(user),
                inode: detail.then_some(inode),
                program: process.then(|| format!("{pid}/{prog}")),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn show_logins(successful in any::<bool>(), rows in vec(("[a-z][a-z0-9_]{0,20}", prop_oneof![Just("ssh"), Just("console")], prop_oneof![ip().prop_map(|i| i.to_string()), Just("localhost".to_string())], when()), 0..8)) {
            let l = Logins {
                successful,
                records: rows
                    .into_iter()
                    .map(|(account, line, host, when)| LoginRecord { account, line: line.into(), host, when, at: None })
                    .collect(),
            };
            prop_assert_eq!(everyday::parse_logins(&text_of(&l), successful), Ok(l));
        }

        #[test]
        fn show_open_ports(sockets in vec(socket(), 0..12)) {
            let p = OpenPorts { sockets };
            prop_assert_eq!(everyday::parse_open_ports(&text_of(&p)), Ok(p));
        }

        #[test]
        fn show_network_status(
            (detail, process, rows) in (any::<bool>(), any::<bool>())
                .prop_flat_map(|(d, p)| (Just(d), Just(p), vec(net_row(d, p), 0..6))),
            heading in prop_oneof![Just("w/o servers"), Just("only servers"), Just("servers and established")],
        ) {
            let s = NetworkStatus { heading: heading.into(), detail, process, rows };
            prop_assert_eq!(everyday::parse_network_status(&text_of(&s)), Ok(s));
        }

        #[test]
        fn utils_service_auto_restart(action in prop_oneof![Just(AutoRestartAction::Enable), Just(AutoRestartAction::Disable), Just(AutoRestartAction::Show)], service in "Cisco [A-Za-z][A-Za-z -]{0,30}[a-z]", enabled in any::<bool>(), changed in any::<bool>()) {
            // What each action can say: show never changes; enable and disable set their state.
            let (enabled, changed) = match action {
                AutoRestartAction::Show => (enabled, false),
                AutoRestartAction::Enable => (true, changed),
                AutoRestartAction::Disable => (false, changed),
            };
            let a = AutoRestart { action, service, enabled, changed };
            prop_assert_eq!(everyday::parse_auto_restart(&text_of(&a), action), Ok(a));
        }
    }

    /// The platform's own captures parse: the `show open ports regexp 1500` line of a CUCM
    /// 10.5 blog post.
    #[test]
    fn the_platform_capture_parses() {
        let text = "Executing.. please wait.\ndbmon 29042 database 11u IPv4 60853 0t0 TCP 172.30.100.21:35262->172.30.100.21:1500 (ESTABLISHED)\n";
        let p = everyday::parse_open_ports(text).expect("parses");
        assert_eq!(p.sockets[0].process.pid, 29042);
        assert_eq!(p.sockets[0].remote, Some((Ipv4Addr::new(172, 30, 100, 21), 1500)));
        assert!(everyday::parse_open_ports("Executing.. please wait.\nnot lsof\n").is_err());
    }
}

// ---------------------------------------------------------------------------------------
// show perf, show process

use ucsh::engine::perf::process::{
    DetailRow, ListRow, ProcessList, ProcessLoad, Resource, TopRow, UsingMost,
};
use ucsh::engine::perf::{
    ClassValues, CounterHelp, CounterValue, ListEntry, ListKind, PerfList, PerfQuery, QueryKind,
};
use ucsh::render::parse::perf;

fn perf_class() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 %]{0,24}[A-Za-z0-9]"
}

fn perf_counter() -> impl Strategy<Value = String> {
    "[A-Za-z%][A-Za-z0-9 %]{0,26}[A-Za-z0-9]"
}

fn perf_instance() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[A-Za-z0-9_][A-Za-z0-9_#.-]{0,19}"]
}

fn perf_value() -> impl Strategy<Value = CounterValue> {
    (perf_instance(), perf_counter(), any::<i64>()).prop_map(|(instance, counter, value)| CounterValue {
        instance,
        counter,
        value,
    })
}

fn help_text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,.()%]{0,40}[A-Za-z.)]"
}

/// top's TIME+ keeps hundredths below 1000 minutes, seconds below a million minutes, then
/// hours and minutes: only such values come back whole.
fn top_time() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..1000 * 60 * 100,
        (60_000u64..60_000_000).prop_map(|s| s * 100),
        (1_000_000u64..10_000_000).prop_map(|m| m * 6000),
    ]
}

prop_compose! {
    fn top_row()(
        pid in 1u32..4_000_000, user in "[a-z][a-z0-9_]{0,7}", nice in -20i32..20,
        virt_kb in 0u64..10_000_000, res_kb in 0u64..1_000_000, shr_kb in 0u64..1_000_000,
        state in "[RSDZT]", cpu_tenths in 0u32..10_000, mem_tenths in 0u32..=1000,
        time_cs in top_time(), command in "[A-Za-z][A-Za-z0-9_.#-]{0,14}",
    ) -> TopRow {
        TopRow { pid, user, nice, virt_kb, res_kb, shr_kb, state, cpu_tenths, mem_tenths, time_cs, command }
    }
}

proptest! {
    #[test]
    fn show_perf_query(kind in 0usize..4, classes in vec((perf_class(), vec(perf_value(), 0..5)), 0..4)) {
        let kind = [QueryKind::Class, QueryKind::Counter, QueryKind::Instance, QueryKind::Path][kind];
        let q = PerfQuery {
            kind,
            classes: classes.into_iter().map(|(class, values)| ClassValues { class, values }).collect(),
        };
        prop_assert_eq!(perf::parse_query(&text_of(&q)), Ok(q));
    }

    #[test]
    fn show_perf_list(
        kind in 0usize..4,
        of in perf_class(),
        with_of in any::<bool>(),
        detail in any::<bool>(),
        entries in vec((perf_counter(), help_text(), vec((perf_counter(), any::<i64>()), 1..4)), 0..5),
    ) {
        let kind = [ListKind::Categories, ListKind::Classes, ListKind::Counters, ListKind::Instances][kind];
        let of = match kind {
            ListKind::Categories => None,
            ListKind::Classes => with_of.then_some(of),
            _ => Some(of),
        };
        // Detail shows only when there is an entry to show it on (categories have none).
        let detail = detail && kind != ListKind::Categories && !entries.is_empty();
        let entries = entries
            .into_iter()
            .map(|(name, help, values)| ListEntry {
                help: (detail && kind != ListKind::Instances).then_some(help),
                values: if detail && kind == ListKind::Instances {
                    values
                        .into_iter()
                        .map(|(counter, value)| CounterValue { instance: name.clone(), counter, value })
                        .collect()
                } else {
                    Vec::new()
                },
                name,
            })
            .collect();
        let l = PerfList { kind, of, detail, entries };
        prop_assert_eq!(perf::parse_list(&text_of(&l)), Ok(l));
    }

    #[test]
    fn show_perf_counterhelp(class in perf_class(), counter in perf_counter(), help in help_text()) {
        let h = CounterHelp { class, counter, help };
        prop_assert_eq!(perf::parse_counterhelp(&text_of(&h)), Ok(h));
    }

    #[test]
    fn show_process_list(
        detail in any::<bool>(),
        rows in vec((1u32..4_000_000, 0u32..4_000_000, "[a-z][a-z0-9_]{0,7}", "[A-Za-z][A-Za-z0-9_.#-]{0,14}"), 0..6),
        detailed in vec((0u32..4_000_000, 1u32..10_000, top_row()), 0..6),
    ) {
        let l = if detail {
            ProcessList {
                detail,
                rows: Vec::new(),
                detailed: detailed.into_iter().map(|(ppid, threads, top)| DetailRow { ppid, threads, top }).collect(),
            }
        } else {
            ProcessList {
                detail,
                rows: rows.into_iter().map(|(pid, ppid, user, command)| ListRow { pid, ppid, user, command }).collect(),
                detailed: Vec::new(),
            }
        };
        prop_assert_eq!(perf::parse_process_list(&text_of(&l), detail), Ok(l));
    }

    #[test]
    fn show_process_using_most(memory in any::<bool>(), processes in vec(top_row(), 0..6)) {
        let by = if memory { Resource::Memory } else { Resource::Cpu };
        let u = UsingMost { by, processes };
        prop_assert_eq!(perf::parse_using_most(&text_of(&u), by), Ok(u));
    }

    #[test]
    fn show_process_load(
        uptime in "[0-9]{2}:[0-9]{2}:[0-9]{2} up [a-z0-9 ,:.]{0,50}[a-z0-9]",
        tasks in vec(0u32..1000, 5),
        cpu in vec(0u32..=1000, 8),
        mem in vec(0u64..100_000_000, 8),
        processes in vec(top_row(), 0..6),
    ) {
        let l = ProcessLoad {
            uptime,
            tasks_total: tasks[0],
            tasks_running: tasks[1],
            tasks_sleeping: tasks[2],
            tasks_stopped: tasks[3],
            tasks_zombie: tasks[4],
            cpu_tenths: [cpu[0], cpu[1], cpu[2], cpu[3], cpu[4], cpu[5], cpu[6], cpu[7]],
            mem_total_kb: mem[0],
            mem_free_kb: mem[1],
            mem_used_kb: mem[2],
            mem_buff_cache_kb: mem[3],
            swap_total_kb: mem[4],
            swap_free_kb: mem[5],
            swap_used_kb: mem[6],
            mem_avail_kb: mem[7],
            processes,
        };
        prop_assert_eq!(perf::parse_process_load(&text_of(&l)), Ok(l));
    }
}

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;

/// The perf texts of a real lab node (every class, list and counter help) read back the
/// same; the process texts too, but for user names over 8 characters, which top and ps cut.
#[test]
fn perf_texts_of_a_lab_node_read_back_the_same() {
    use ucsh::engine::perf::process as procs;
    use ucsh::engine::perf::{self as eperf, ListWhat, Query, CLASSES};
    use ucsh::engine::{Clock, Session};
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Clock::from_rfc3339("2026-11-23T13:25:00Z").expect("pinned time");
    let lab = lab_fixture::standard_lab(dir.path(), clock);
    let s = Session::new("admin", 0, false);
    for node_name in ["cucm-imp-1", "cucm-pub"] {
        let node = lab.node(node_name).expect("node");
        let run = |f: &dyn Fn(&ucsh::engine::Op) -> ucsh::engine::Result<String>| {
            op_support::call(&lab, &node, &s, "", f).expect("runs")
        };
        let text_and_back = |l: &ucsh::engine::Op, what: ListWhat, detail: bool| {
            let v = eperf::list(l, &what, detail)?;
            assert_eq!(perf::parse_list(&text_of(&v)).as_ref(), Ok(&v), "{what:?}");
            Ok(String::new())
        };
        run(&|op| text_and_back(op, ListWhat::Categories, false));
        run(&|op| text_and_back(op, ListWhat::Classes { category: None }, true));
        for c in CLASSES.iter().filter(|c| c.products.contains(&node.product())) {
            run(&|op| {
                let q = eperf::query(op, &Query::Class(vec![c.name.to_string()]))?;
                assert!(!q.classes[0].values.is_empty(), "{}", c.name);
                assert_eq!(perf::parse_query(&text_of(&q)).as_ref(), Ok(&q), "{}", c.name);
                text_and_back(op, ListWhat::Counters { class: c.name.to_string() }, true)?;
                if !c.singleton {
                    text_and_back(op, ListWhat::Instances { class: c.name.to_string() }, true)?;
                }
                for counter in c.counters {
                    let h = eperf::counterhelp(op, c.name, counter.name)?;
                    assert_eq!(perf::parse_counterhelp(&text_of(&h)).as_ref(), Ok(&h));
                }
                Ok(String::new())
            });
        }
        run(&|op| {
            let cut = |u: &str| if u.len() > 8 { format!("{}+", &u[..7]) } else { u.to_string() };
            let mut l = procs::load(op)?;
            let parsed = perf::parse_process_load(&text_of(&l)).expect("load parses");
            for p in &mut l.processes {
                p.user = cut(&p.user);
            }
            assert_eq!(parsed, l);
            let mut d = procs::list(op, true)?;
            let parsed = perf::parse_process_list(&text_of(&d), true).expect("list parses");
            for p in &mut d.detailed {
                p.top.user = cut(&p.top.user);
            }
            assert_eq!(parsed, d);
            Ok(String::new())
        });
    }
}

// ----- issue 14 item 2: services, system, settings -----

mod services_system_settings_roundtrip {
    use chrono::{TimeZone, Utc};
    use proptest::collection::vec;
    use proptest::prelude::*;

    use ucsh::engine::cores::{CoreAnalysis, CoreInfo};
    use ucsh::engine::everyday::TimezoneSet;
    use ucsh::engine::ha::{GroupHa, HaMove, HaRecover, NodeHa};
    use ucsh::engine::ntp::NtpRestart;
    use ucsh::engine::platform::{AccountLocking, Restart};
    use ucsh::engine::services::{ServiceAction, Step};
    use ucsh::engine::settings::{LockingChange, LockingChanged, NodeDate, SessionTimeout};
    use ucsh::engine::system::{Shutdown, SwitchVersion, Versions};
    use ucsh::render::cores::ANALYZE_WARNING;
    use ucsh::render::dbreplication::{Cancelled, CONTINUE_YN};
    use ucsh::render::everyday::{switch_warning, SHUTDOWN_WARNING, TIMEZONE_WARNING};
    use ucsh::render::parse::everyday::{ShownShutdown, ShownSwitch};
    use ucsh::render::parse::ha::{ShownHaMove, ShownHaRecover};
    use ucsh::render::parse::health::{ShownCoreAnalysis, ShownNtpRestart};
    use ucsh::render::parse::platform::ShownRestart;
    use ucsh::render::parse::settings::{ShownDate, ShownLockingChange, ShownTimeoutSet};
    use ucsh::render::parse::{everyday, ha, health, platform, session, settings};
    use ucsh::render::Report;

    fn text_of(r: &dyn Report) -> String {
        let mut s = String::new();
        r.text(&mut s);
        s
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9-]{0,14}"
    }

    fn names() -> impl Strategy<Value = Vec<String>> {
        vec("[A-Z][A-Za-z ]{0,12}[a-z]", 0..4)
    }

    fn version() -> impl Strategy<Value = String> {
        "1[0-5]\\.[0-9]\\.[0-9]\\.[0-9]{5}-[0-9]{1,3}"
    }

    fn restart_of(node: &str, lists: (Vec<String>, Vec<String>, Vec<String>)) -> Restart {
        Restart { node: node.to_string(), stopped: lists.0, started: lists.1, applied: lists.2 }
    }

    const ACTIONS: [&str; 5] = ["start", "stop", "restart", "activate", "deactivate"];
    const STEPS: [Step; 6] =
        [Step::Starting, Step::Started, Step::Stopping, Step::Stopped, Step::Activated, Step::Deactivated];

    /// An answered question as a node's terminal shows it.
    fn asked(warning: &str, question: &str, answer: &str, rest: &str) -> String {
        format!("{warning}{question}{answer}\n{rest}")
    }

    proptest! {
        #[test]
        fn utils_service_actions(
            a in 0usize..5,
            steps in vec(("Cisco [A-Za-z ]{0,20}[a-z]", 0usize..6), 1..7),
        ) {
            let action = ACTIONS[a];
            // A restart does not show its stops: generated without them.
            let steps: Vec<(String, Step)> = steps
                .into_iter()
                .map(|(n, s)| (n, STEPS[s]))
                .filter(|(_, s)| !(action == "restart" && *s == Step::Stopping))
                .collect();
            prop_assume!(!steps.is_empty());
            let named = if matches!(action, "stop" | "deactivate") { steps.last() } else { steps.first() };
            let service = named.map(|(n, _)| n.clone()).unwrap_or_default();
            let v = ServiceAction { action, service, steps };
            prop_assert_eq!(platform::parse_service_action(&text_of(&v), action), Ok(v));
        }

        #[test]
        fn utils_system_restart(node in word(), lists in (names(), names(), names())) {
            let r = restart_of(&node, lists);
            let shown = ShownRestart::from(&r);
            prop_assert_eq!(platform::parse_system_restart(&text_of(&r), Some(&node)), Ok(Some(shown.clone())));
            let warning = ucsh::handlers::utils::system::WARNING;
            let yes = asked(warning, "Enter (yes/no)? ", "yes", &text_of(&r));
            prop_assert_eq!(platform::parse_system_restart(&yes, Some(&node)), Ok(Some(shown)));
            let no = asked(warning, "Enter (yes/no)? ", "no", "");
            prop_assert_eq!(platform::parse_system_restart(&no, Some(&node)), Ok(None));
            prop_assert!(platform::parse_system_restart(&text_of(&r), None).is_err());
        }

        #[test]
        fn utils_system_shutdown(node in word(), stopped in names(), answer in any::<bool>()) {
            let s = Shutdown { node: node.clone(), stopped };
            let text = asked(SHUTDOWN_WARNING, "Enter (yes/no)? ", if answer { "yes" } else { "no" },
                &if answer { text_of(&s) } else { String::new() });
            let want = answer.then(|| ShownShutdown::from(&s));
            prop_assert_eq!(everyday::parse_shutdown(&text, Some(&node)), Ok(want));
            prop_assert_eq!(everyday::parse_shutdown(&text_of(&s), Some(&node)), Ok(Some(ShownShutdown::from(&s))));
        }

        #[test]
        fn utils_system_switch_version(
            node in word(), from in version(), to in version(), lists in (names(), names(), names()),
            answer in any::<bool>(),
        ) {
            let v = SwitchVersion { node: node.clone(), from: from.clone(), to: to.clone(), restart: restart_of(&node, lists) };
            let warning = switch_warning(&Versions { active: from, inactive: to });
            let text = asked(&warning, "Enter (yes/no)? ", if answer { "yes" } else { "no" },
                &if answer { text_of(&v) } else { String::new() });
            let want = answer.then(|| ShownSwitch::from(&v));
            prop_assert_eq!(everyday::parse_switch_version(&text, Some(&node)), Ok(want));
            prop_assert_eq!(everyday::parse_switch_version(&text_of(&v), Some(&node)), Ok(Some(ShownSwitch::from(&v))));
        }

        #[test]
        fn set_timezone(previous in "[A-Z][a-z]{2,9}/[A-Z][a-z_]{2,12}", timezone in "[A-Z][a-z]{2,9}/[A-Z][a-z_]{2,12}", answer in any::<bool>()) {
            let t = TimezoneSet { previous, timezone };
            prop_assert_eq!(everyday::parse_set_timezone(&text_of(&t)), Ok(Some(t.clone())));
            let rest = if answer { text_of(&t) } else { text_of(&Cancelled) };
            let text = asked(TIMEZONE_WARNING, CONTINUE_YN, if answer { "y" } else { "no" }, &rest);
            prop_assert_eq!(everyday::parse_set_timezone(&text), Ok(answer.then_some(t)));
        }

        #[test]
        fn set_accountlocking(kind in 0u8..4, n in any::<u32>(), flags in any::<(bool, bool)>(), v in any::<(u32, u32, u32, u32)>()) {
            let change = match kind {
                0 => LockingChange::Enable,
                1 => LockingChange::Disable,
                2 => LockingChange::Count(n),
                _ => LockingChange::UnlockTime(n),
            };
            let c = LockingChanged {
                change,
                before: AccountLocking { enabled: flags.0, count: v.0, unlock_seconds: v.1 },
                after: AccountLocking { enabled: flags.1, count: v.2, unlock_seconds: v.3 },
            };
            prop_assert_eq!(settings::parse_locking_change(&text_of(&c)), Ok(ShownLockingChange::from(&c)));
        }

        #[test]
        fn set_cli_session_timeout(minutes in any::<u32>(), previous in any::<u32>()) {
            let t = SessionTimeout { minutes, previous: Some(previous) };
            prop_assert_eq!(settings::parse_session_timeout_set(&text_of(&t)), Ok(ShownTimeoutSet::from(&t)));
            // `show cli session timeout`'s text is not a change.
            let shown = SessionTimeout { minutes, previous: None };
            prop_assert!(settings::parse_session_timeout_set(&text_of(&shown)).is_err());
        }

        #[test]
        fn show_date(secs in 0i64..4_000_000_000, zone in 0usize..chrono_tz::TZ_VARIANTS.len()) {
            let tz = chrono_tz::TZ_VARIANTS[zone];
            let at = Utc.timestamp_opt(secs, 0).single().unwrap_or_default();
            let d = NodeDate {
                text: at.with_timezone(&tz).format("%a %b %e %H:%M:%S %Z %Y").to_string(),
                timezone: tz.name().to_string(),
                utc: at.to_rfc3339(),
            };
            prop_assert_eq!(settings::parse_date(&text_of(&d)), Ok(ShownDate::from(&d)));
        }

        #[test]
        fn utils_ntp_restart(servers in vec(word(), 0..5), applied in any::<bool>()) {
            let r = NtpRestart { servers, applied };
            prop_assert_eq!(health::parse_ntp_restart(&text_of(&r)), Ok(ShownNtpRestart::from(&r)));
        }

        #[test]
        fn utils_core_analyze(
            core in "core\\.[a-z0-9.]{1,30}", process in "[a-z][a-zA-Z0-9_ ]{0,14}[a-z]", service in "Cisco [A-Za-z]{1,10}",
            pid in any::<u32>(), signal in 1u32..65, at in 0i64..4_000_000_000, answer in any::<bool>(),
        ) {
            let a = CoreAnalysis {
                analysis: format!("core/{core}.txt"),
                core,
                info: CoreInfo { service, process, pid, signal, at: Utc.timestamp_opt(at, 0).single().unwrap_or_default() },
            };
            let shown = ShownCoreAnalysis::from(&a);
            prop_assert_eq!(health::parse_core_analyze(&text_of(&a)), Ok(Some(shown.clone())));
            let rest = if answer { text_of(&a) } else { text_of(&Cancelled) };
            let text = asked(ANALYZE_WARNING, CONTINUE_YN, if answer { "y" } else { "no" }, &rest);
            prop_assert_eq!(health::parse_core_analyze(&text), Ok(answer.then_some(shown)));
        }

        #[test]
        fn utils_ha_failover_and_fallback(
            failover in any::<bool>(), node in word(), backup in word(), group in "[a-z0-9]{1,10}-prg[0-9]",
            node_first in any::<bool>(), moved in any::<usize>(), services in (names(), names()),
            ends in 0i64..4_000_000_000,
        ) {
            prop_assume!(node != backup);
            let (action, mine, theirs) =
                if failover { ("failover", "Failover", "Taking Over") } else { ("fallback", "Taking Back", "Falling Back") };
            let row = |name: &str, state: &str| NodeHa {
                name: name.to_string(), state: state.to_string(), reason: Some("On Admin Request".into()),
            };
            let mut nodes = vec![row(&node, mine), row(&backup, theirs)];
            if !node_first {
                nodes.reverse();
            }
            let m = HaMove {
                action, node, backup, group: GroupHa { group, nodes },
                users_to_move: moved,
                completes_at: chrono::DateTime::from_timestamp(ends, 0).unwrap_or_default(),
                services_stopped: services.0, services_started: services.1,
            };
            prop_assert_eq!(ha::parse_ha_move(&text_of(&m)), Ok(ShownHaMove::from(&m)));
        }

        #[test]
        fn utils_ha_recover(group in word(), nodes in vec(word(), 0..3), started in names(), moved in any::<usize>()) {
            let r = HaRecover { group, nodes, services_started: started, users_moved: moved };
            prop_assert_eq!(ha::parse_ha_recover(&text_of(&r)), Ok(ShownHaRecover::from(&r)));
        }
    }

    /// Text of another shape is an error, never a guess.
    #[test]
    fn other_texts_do_not_read_as_these_results() {
        let junk = "Service Manager is running\nsomething else\n";
        for action in ACTIONS {
            assert!(platform::parse_service_action(junk, action).is_err(), "{action}");
        }
        // A restart's [STARTING] shows twice; once is not a restart's text.
        let once = "Do not press Ctrl+C while the service is restarting. If the service has not restarted properly, execute the same command again.\nService Manager is running\nCisco Tftp[STARTING]\nCisco Tftp[STARTED]\n";
        assert!(platform::parse_service_action(once, "restart").is_err());
        // Plain [STOPPED] is a deactivate's only.
        assert!(platform::parse_service_action("Service Manager is running\nCisco Tftp[STOPPED]\n", "stop")
            .is_err());
        assert!(platform::parse_system_restart("Appliance is being Restarted ...\n", Some("n")).is_err());
        assert!(everyday::parse_shutdown("Appliance is being Restarted ...\n", Some("n")).is_err());
        assert!(everyday::parse_switch_version("Switching Version\n", Some("n")).is_err());
        assert!(everyday::parse_set_timezone("Timezone is Asia/Tokyo\n").is_err());
        assert!(settings::parse_locking_change("Retry Count : many attempts\n").is_err());
        assert!(settings::parse_locking_change("Account Lockout is enabled\nUnlock Time : 300 seconds\n")
            .is_err());
        assert!(settings::parse_date("Wed Dec 32 10:49:50 JST 2026\n").is_err());
        assert!(settings::parse_date("Wed Dec  2 10:49 JST 2026\n").is_err());
        assert!(settings::parse_date("Wéd Dec  2 10:49:50 JST 2026\n").is_err());
        assert!(health::parse_ntp_restart("NTP is not running\n").is_err());
        assert!(health::parse_core_analyze("Analysis of core.x written to y\n").is_err());
        assert!(ha::parse_ha_move("Initiate Manual Failover for Node > a\nRequest FAILED.\n").is_err());
        assert!(ha::parse_ha_recover("Stopping services... Stopped\n").is_err());
        assert!(session::parse_session_end("").is_ok());
        assert!(session::parse_session_end("bye\n").is_err());
    }
}

// ----- replication, branding, syslog, certificates, DRS -----

use ucsh::engine::branding::{
    validate_archive, BrandingAction, BrandingChange, BrandingFile, BrandingPlaced, BrandingPreview,
    BrandingStatus, Installed, LayoutOption, Problem, ProblemKind, ProblemLevel,
};
use ucsh::engine::certs::{CertRegen, TrustImported};
use ucsh::engine::db::dbreplication::{
    ClusterReset, DropAdminDb, ForceDataSync, NodeOutcome, RepairReport, ReplTimeout, ResetReport,
    StatusReport, StopReport,
};
use ucsh::engine::db::maintenance::{
    NodeAudit, NodeTableRepair, ProcessOption, QuickAudit, Rebuild, TableRepair,
};
use ucsh::engine::deployment::Product;
use ucsh::engine::drs::{BackupFiles, DeviceChange, TarEstimate};
use ucsh::engine::syslog::{ImportedCa, ProtocolSet, ServerChange, SyslogServer};
use ucsh::render::parse::{branding as branding_parse, partial, ParseCtx};

/// The registered parser of `line`'s command, run on `text`.
fn via_parser(line: &str, text: &str) -> Result<Box<dyn Report>, String> {
    let inv = ucsh::catalog::parse(line, ucsh::catalog::Scope::Cm)
        .or_else(|_| ucsh::catalog::parse(line, ucsh::catalog::Scope::Imp))
        .map_err(|e| format!("{e:?}"))?;
    let f = ucsh::render::parse::parser(inv.spec.path).ok_or("no parser")?;
    f(text, &ParseCtx { invocation: &inv, host: "h", node: None })
}

/// Through the registered parser: the same text back, and the engine's own JSON without
/// the fields the text does not carry.
fn json_without(r: &dyn Report, unknown: &[&str]) -> serde_json::Value {
    let mut v = r.json();
    for p in unknown {
        partial::remove(&mut v, p);
    }
    v
}

fn check_parser(line: &str, r: &dyn Report, unknown: &[&str]) -> Result<(), TestCaseError> {
    let text = text_of(r);
    let parsed = via_parser(line, &text).map_err(TestCaseError::fail)?;
    prop_assert_eq!(text_of(parsed.as_ref()), text);
    prop_assert_eq!(parsed.json(), json_without(r, unknown));
    prop_assert_eq!(parsed.findings(), r.findings());
    Ok(())
}

/// A reason as the engine words it: one line, no `]`.
fn reason() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 ,.:()/_-]{0,40}[A-Za-z0-9).]"
}

fn node_outcome(rows: bool) -> impl Strategy<Value = NodeOutcome> {
    (word(), ip(), option::of(reason()), 0usize..1_000_000).prop_map(move |(node, ip, reason, n)| {
        NodeOutcome {
            node,
            ip: ip.to_string(),
            ok: reason.is_none(),
            rows_synced: if rows && reason.is_none() { n } else { 0 },
            reason,
        }
    })
}

/// What the text keeps of node outcomes: no name, no rows.
fn shown(nodes: &[NodeOutcome]) -> Vec<NodeOutcome> {
    nodes.iter().map(|n| NodeOutcome { node: String::new(), rows_synced: 0, ..n.clone() }).collect()
}

const NODES_UNKNOWN: &[&str] = &["nodes.*.node", "nodes.*.rows_synced"];

fn table() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,24}"
}

fn confirmed(warning: &str, text: &str) -> String {
    format!("{warning}Continue (y/n)?y\n{text}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn utils_dbreplication_status_and_repair(report in path(), tables_checked in 0usize..500) {
        let s = StatusReport { report: report.clone(), tables_checked, nodes: Vec::new() };
        prop_assert_eq!(dbreplication::parse_status(&text_of(&s)), Ok(StatusReport { tables_checked: 0, ..s.clone() }));
        check_parser("utils dbreplication status", &s, &["tables_checked", "nodes"])?;
        let r = RepairReport { report, nodes: Vec::new() };
        prop_assert_eq!(dbreplication::parse_repair(&text_of(&r)), Ok(r.clone()));
        check_parser("utils dbreplication repair all", &r, &["nodes"])?;
    }

    #[test]
    fn utils_dbreplication_reset_stop_rebuild_clusterreset(nodes in vec(node_outcome(true), 0..5), log in path()) {
        let r = ResetReport { nodes: nodes.clone() };
        prop_assert_eq!(dbreplication::parse_reset(&text_of(&r)), Ok(ResetReport { nodes: shown(&nodes) }));
        check_parser("utils dbreplication reset all", &r, NODES_UNKNOWN)?;
        let s = StopReport { nodes: nodes.clone() };
        prop_assert_eq!(dbreplication::parse_stop(&text_of(&s)), Ok(StopReport { nodes: shown(&nodes) }));
        check_parser("utils dbreplication stop", &s, NODES_UNKNOWN)?;
        let b = Rebuild { report: log.clone(), nodes: nodes.clone() };
        prop_assert_eq!(dbreplication::parse_rebuild(&text_of(&b)), Ok(Rebuild { report: log.clone(), nodes: shown(&nodes) }));
        let c = ClusterReset { log, nodes: nodes.clone() };
        prop_assert_eq!(dbreplication::parse_clusterreset(&text_of(&c)), Ok(ClusterReset { nodes: shown(&nodes), ..c.clone() }));
        check_parser("utils dbreplication clusterreset", &c, NODES_UNKNOWN)?;
        // After the warning and the confirmation, as the node writes them.
        let with = confirmed(ucsh::render::dbreplication::REBUILD_WARNING, &text_of(&b));
        let parsed = via_parser("utils dbreplication rebuild", &with).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.json(), json_without(&b, NODES_UNKNOWN));
        prop_assert_eq!(parsed.findings(), b.findings());
    }

    #[test]
    fn utils_dbreplication_dropadmindb_forcedatasync_timeouts(
        node in word(), definitions_dropped in 0usize..10_000,
        timeout_minutes in 1u32..10_000, offload_publisher in any::<bool>(), nodes in vec(node_outcome(true), 0..5),
        previous in 1u32..100_000, seconds in 1u32..100_000, changed in any::<bool>(),
    ) {
        let d = DropAdminDb { node, definitions_dropped };
        let with = confirmed(ucsh::render::dbreplication::DROPADMINDB_WARNING, &text_of(&d));
        prop_assert_eq!(via_parser("utils dbreplication dropadmindb", &with).map(|r| r.json()), Ok(d.json()));
        let f = ForceDataSync { timeout_minutes, offload_publisher, nodes: nodes.clone() };
        let want: Vec<NodeOutcome> = nodes.iter().map(|n| NodeOutcome { node: String::new(), ..n.clone() }).collect();
        prop_assert_eq!(dbreplication::parse_forcedatasyncsub(&text_of(&f)), Ok(ForceDataSync { nodes: want, ..f.clone() }));
        check_parser("utils dbreplication forcedatasyncsub all", &f, &["nodes.*.node"])?;
        let t = ReplTimeout { previous, seconds };
        prop_assert_eq!(dbreplication::parse_setrepltimeout(&text_of(&t)), Ok(t.clone()));
        let p = ProcessOption { previous, process: if changed { seconds } else { previous }, changed };
        prop_assert_eq!(dbreplication::parse_setprocess(&text_of(&p)), Ok(p.clone()));
        check_parser("utils dbreplication setprocess", &p, &[])?;
        // Declined: nothing done.
        let no = "WARNING\nContinue (y/n)?no\nCommand cancelled: nothing was changed.\n";
        prop_assert_eq!(via_parser("utils dbreplication forcedatasyncsub all", no).map(|r| r.json()), Ok(serde_json::json!({"done": false})));
    }

    #[test]
    fn utils_dbreplication_repairtable_and_repairreplicate(
        replicate_cmd in any::<bool>(), table in table(), replicate in "[a-z0-9_]{1,40}", report in path(),
        rows in vec((word(), ip(), option::of(reason()), 0usize..100_000, 0u64..1_000_000), 0..5),
    ) {
        let nodes: Vec<NodeTableRepair> = rows
            .into_iter()
            .map(|(node, ip, reason, rows_fixed, rows_written)| NodeTableRepair {
                node,
                ip: ip.to_string(),
                repaired: reason.is_none(),
                rows_fixed: if reason.is_none() { rows_fixed } else { 0 },
                rows_written,
                reason,
            })
            .collect();
        let command = if replicate_cmd { "repairreplicate" } else { "repairtable" };
        let t = TableRepair { command, table, replicate, report, nodes };
        let mut want = t.clone();
        for n in &mut want.nodes {
            n.node = String::new();
            n.rows_written = 0;
        }
        prop_assert_eq!(dbreplication::parse_table_repair(&text_of(&t)), Ok(want));
        check_parser("utils dbreplication repairtable typedevice", &t, &["nodes.*.node", "nodes.*.rows_written"])?;
    }

    #[test]
    fn utils_dbreplication_quickaudit(
        publisher in word(), tables in vec(table(), 1..5), report in path(),
        rows in vec((word(), 0u8..3, reason(), vec((table(), 1usize..10_000), 1..4)), 0..5),
    ) {
        let nodes = rows
            .into_iter()
            .map(|(node, kind, why, differing)| match kind {
                0 => NodeAudit { node, checked: false, reason: Some(why), differing: Vec::new() },
                1 => NodeAudit { node, checked: true, reason: None, differing: Vec::new() },
                _ => NodeAudit { node, checked: true, reason: None, differing },
            })
            .collect();
        let q = QuickAudit { publisher, tables, report, nodes };
        prop_assert_eq!(dbreplication::parse_quickaudit(&text_of(&q)), Ok(q.clone()));
        check_parser("utils dbreplication quickaudit all", &q, &[])?;
    }

    #[test]
    fn utils_remotesyslog_changes(
        set in protocol(), active in protocol(), restart in any::<bool>(),
        added in any::<bool>(), host in "[a-z0-9][a-z0-9.-]{0,30}", given in option::of(1u16..), port in 1u16..,
        name in "[A-Za-z0-9_.-]{1,20}", store in "[a-z-]{1,20}", certificates in 1usize..20, replaced in any::<bool>(),
    ) {
        let p = ProtocolSet { protocol: set, active: if restart { active } else { set }, restart_required: restart };
        prop_assert_eq!(remotesyslog::parse_set_protocol(&text_of(&p)), Ok(p.clone()));
        let c = ServerChange { added, server: SyslogServer { host, port: given }, protocol: set, port };
        let mut want = c.clone();
        want.server.port = None;
        prop_assert_eq!(remotesyslog::parse_server_change(&text_of(&c)), Ok(want));
        check_parser("utils remotesyslog add server x", &c, &["server.port"])?;
        let i = ImportedCa { trust_store: store, name, certificates, replaced };
        prop_assert_eq!(remotesyslog::parse_import_cacert(&text_of(&i)), Ok(i.clone()));
    }

    #[test]
    fn set_cert_regen_and_import_trust(
        unit in "[a-z][a-z-]{0,14}", serial in "[0-9a-f]{2,40}", not_after in cert_time(),
        services in vec("Cisco [A-Za-z ]{0,20}[a-z]", 0..4), file in "[A-Za-z0-9._-]{1,20}\\.pem", subject in dn(),
        replaced in any::<bool>(),
    ) {
        let r = CertRegen { unit: unit.clone(), serial: serial.clone(), not_after, services: services.clone() };
        let with = confirmed(&ucsh::render::cert::regen_warning(&unit), &text_of(&r));
        prop_assert_eq!(cert::parse_regen(&text_of(&r)), Ok(CertRegen { serial: String::new(), ..r.clone() }));
        let parsed = via_parser(&format!("set cert regen {unit}"), &with).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.json(), json_without(&r, &["serial"]));
        let t = TrustImported {
            store: format!("{unit}-trust"), file, subject, serial, not_after, replaced, services,
            source: "sftp://ops@10.0.0.5/ca.pem".into(),
        };
        let want = TrustImported { serial: String::new(), replaced: false, source: String::new(), ..t.clone() };
        prop_assert_eq!(cert::parse_import_trust(&text_of(&t)), Ok(want));
        let asked = format!("SFTP server IP: 10.0.0.5\nSFTP server port [22]: \nUser ID: ops\nPassword: \nCertificate file path on the server: ca.pem\n{}", text_of(&t));
        let parsed = via_parser("set cert import trust tomcat", &asked).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.json(), json_without(&t, &["serial", "replaced", "source"]));
    }

    #[test]
    fn utils_disaster_recovery_network_commands(
        operation in drf_operation(), added in any::<bool>(), names in vec("[A-Za-z0-9_-]{1,32}", 1..4),
        files in vec("20[0-9]{2}-[01][0-9]-[0-3][0-9]-[0-2][0-9]-[0-5][0-9]-[0-5][0-9]", 0..5),
        bytes in 0u64..1 << 45, features in vec("(CCM|CUP|CDR_CAR)", 1..3),
    ) {
        let asked = "Please enter password to connect to network server 10.0.0.5:\n";
        let started = drs::Started { operation };
        let line = if operation == Operation::Backup {
            "utils disaster_recovery backup network CCM /b 10.0.0.5 ops"
        } else {
            "utils disaster_recovery restore network cucm-pub 2025-12-12-13-44-12 /b 10.0.0.5 ops"
        };
        let parsed = via_parser(line, &format!("{asked}{}", text_of(&started))).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.json(), serde_json::json!({"status": {"operation": operation}}));
        let d = DeviceChange { added, names };
        prop_assert_eq!(drs::parse_device_change(&format!("{asked}{}", text_of(&d))), Err("not a device line: \"Please enter password to connect to network server 10.0.0.5:\"".to_string()));
        let parsed = via_parser("utils disaster_recovery device delete x", &format!("{asked}{}", text_of(&d))).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.json(), d.json());
        let f = BackupFiles { files };
        prop_assert_eq!(drs::parse_backup_files(&text_of(&f)), Ok(f.clone()));
        let e = TarEstimate { features, bytes };
        prop_assert_eq!(drs::parse_estimate(&text_of(&e)), Ok(drs::TarEstimateShown { megabytes: bytes.div_ceil(1 << 20) }));
    }
}

fn branding_time() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    cert_time()
}

fn branding_file() -> impl Strategy<Value = BrandingFile> {
    (
        "(/[a-z0-9._-]{1,12}){1,3}|sftp://[a-z]{1,8}@[a-z0-9.]{1,15}/[a-z0-9/_.-]{1,20}",
        0u64..1 << 30,
        branding_time(),
        "[a-z][a-z0-9_]{0,15}",
    )
        .prop_map(|(source, bytes, placed_at, placed_by)| BrandingFile {
            source,
            bytes,
            placed_at,
            placed_by,
        })
}

/// A zip of some of the layout's entries and others, some of them images, for the
/// engine's own validation to find real problems in.
fn branding_zip() -> impl Strategy<Value = Vec<u8>> {
    let names = prop_oneof![
        Just("Branding/ccmadmin/brandingHeader.gif".to_string()),
        Just("Branding/ccmadmin/BrandingProperties.properties".to_string()),
        Just("Branding/ccmadmin/brandingHeaderBegLTR.gif".to_string()),
        Just("Branding/ccmadmin/ciscoLogo12pxMargin.gif".to_string()),
        "Branding/[a-z]{1,8}/[a-z]{1,8}\\.(gif|png|txt)",
        "[a-z./]{1,16}",
    ];
    let contents = prop_oneof![Just(b"GIF89a\x01\x00\x01\x00".to_vec()), vec(any::<u8>(), 0..32)];
    prop_oneof![
        vec(any::<u8>(), 0..64),
        vec((names, contents), 0..6).prop_map(|entries| {
            use std::io::Write as _;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (name, bytes) in entries {
                if zip.start_file(name, zip::write::SimpleFileOptions::default()).is_ok() {
                    let _ = zip.write_all(&bytes);
                }
            }
            zip.finish().map(|c| c.into_inner()).unwrap_or_default()
        }),
    ]
}

/// A preview's JSON as its text shows it: the page, the file's source, the problems without
/// their kind, errors first, escaped as the text escapes them.
fn preview_shown(json: &serde_json::Value) -> serde_json::Value {
    let problems = json["validation"]["problems"].as_array().cloned().unwrap_or_default();
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| p["level"] == "error");
    let problems: Vec<serde_json::Value> = errors
        .into_iter()
        .chain(warnings)
        .map(|mut p| {
            if let Some(o) = p.as_object_mut() {
                o.remove("kind");
                // The text escapes what a terminal would act on.
                for k in ["entry", "reason"] {
                    let v = o[k].as_str().unwrap_or_default();
                    o[k] = ucsh::engine::text::printable(v).into_owned().into();
                }
            }
            p
        })
        .collect();
    serde_json::json!({
        "activelog_path": json["activelog_path"],
        "file": {"source": json["file"]["source"]},
        "validation": {"problems": problems},
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn utils_branding_enable_and_disable(
        enable in any::<bool>(), changed in any::<bool>(),
        warnings in vec(("[A-Za-z0-9_/.-]{1,30}", reason()), 0..4), file in option::of(branding_file()),
    ) {
        let warnings: Vec<Problem> = if enable { warnings } else { Vec::new() }
            .into_iter()
            .map(|(entry, reason)| Problem { entry, level: ProblemLevel::Warning, kind: ProblemKind::Image, reason })
            .collect();
        let c = BrandingChange {
            node: "cucm-pub".into(),
            action: if enable { BrandingAction::Enable } else { BrandingAction::Disable },
            changed: enable || changed,
            option: file.as_ref().map(|_| LayoutOption::Gradient),
            file,
            warnings,
        };
        check_parser(if enable { "utils branding enable" } else { "utils branding disable" }, &c, &["node", "file", "option", "warnings.*.kind"])?;
    }

    #[test]
    fn utils_branding_status(
        installed in option::of((branding_file(), any::<bool>(), branding_time(), "[a-z][a-z0-9_]{0,15}")),
        uploaded in prop_oneof![Just(None), Just(Some(None)), branding_file().prop_map(|f| Some(Some(f)))],
    ) {
        let installed = installed.map(|(file, single, enabled_at, enabled_by)| Installed {
            file,
            option: if single { LayoutOption::SingleHeader } else { LayoutOption::Gradient },
            enabled_at,
            enabled_by,
            colours: [("header".to_string(), "#102030".to_string())].into_iter().collect(),
        });
        // None: nothing uploaded; Some(None): the installed file; Some(Some(f)): another.
        let uploaded = match uploaded {
            None => None,
            Some(None) => installed.as_ref().map(|i| i.file.clone()),
            Some(Some(f)) => Some(f),
        };
        let enabled = installed.is_some();
        let shows_upload = uploaded.is_some() && installed.as_ref().map(|i| &i.file) != uploaded.as_ref();
        let s = BrandingStatus { node: "cucm-pub".into(), enabled, installed, uploaded, upload_path: "/x/branding.zip".into() };
        let mut unknown = vec!["node", "upload_path", "installed.file.placed_at", "installed.file.placed_by", "installed.colours"];
        if enabled && !shows_upload {
            unknown.push("uploaded");
        }
        check_parser("utils branding status", &s, &unknown)?;
    }

    #[test]
    fn utils_branding_preview(zip in branding_zip(), imp in any::<bool>(), file in branding_file()) {
        let validation = validate_archive(&zip, if imp { Product::Imp } else { Product::Cm });
        let p = BrandingPreview {
            node: "cucm-pub".into(),
            path: "/lab/preview.html".into(),
            activelog_path: "platform/log/branding-preview.html".into(),
            file,
            validation,
        };
        let parsed = branding_parse::parse_preview(&text_of(&p)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(text_of(&parsed), text_of(&p));
        prop_assert_eq!(parsed.json(), preview_shown(&p.json()));
        prop_assert_eq!(parsed.findings(), p.findings());
        // The same archive placed by `utils branding upload`.
        let placed = BrandingPlaced { node: p.node, path: p.path, file: p.file, validation: p.validation };
        let asked = format!("SFTP server IP: 10.0.0.5\nSFTP server port [22]: \nUser ID: ops\nPassword: \nBranding file path on the server: b.zip\n{}", text_of(&placed));
        let parsed = via_parser("utils branding upload", &asked).map_err(TestCaseError::fail)?;
        let j = placed.json();
        let mut want = preview_shown(&j);
        let o = want.as_object_mut().expect("object");
        o.remove("activelog_path");
        o.insert("node".into(), j["node"].clone());
        o.insert("file".into(), serde_json::json!({"source": j["file"]["source"], "bytes": j["file"]["bytes"]}));
        prop_assert_eq!(text_of(parsed.as_ref()), text_of(&placed));
        prop_assert_eq!(parsed.json(), want);
        prop_assert_eq!(parsed.findings(), placed.findings());
    }
}

// ---------------------------------------------------------------------------------------
// group "files and show": the file family, show diskusage, timezone list, open files,
// network ipprefs, registry, risdb list, smtp, tech

use chrono::{DateTime as FsDateTime, Utc as FsUtc};
use ucsh::engine::diskusage::{DiskUsage, UsageRow};
use ucsh::engine::everyday::{RegistryEntry, Smtp};
use ucsh::engine::node::Partition;
use ucsh::engine::ports::{Ippref, Ipprefs, OpenFile, OpenFiles, Process as FsProcess, Proto as FsProto};
use ucsh::engine::services::RunState as FsRunState;
use ucsh::engine::showtech::{
    CcmService, DbStateInfo, ServiceGroup, TechDump, TechReplTimeout, TechSection, TechService,
};
use ucsh::engine::traces::bundle::BuildLog;
use ucsh::engine::traces::files::{
    DeleteResult, DeletedFile, FileContent, FileList, FileMatches, FileText, ListEntry as FsListEntry,
    MatchSink, SearchResult,
};
use ucsh::engine::traces::search::Matches;
use ucsh::render::em::RisTables;
use ucsh::render::everyday::ZoneList;
use ucsh::render::parse::file::GetText;
use ucsh::render::parse::{
    everyday as fs_everyday, file as fs_file, risdb as fs_risdb, settings as fs_settings,
};

fn fs_partition() -> impl Strategy<Value = Partition> {
    prop_oneof![Just(Partition::Activelog), Just(Partition::Inactivelog), Just(Partition::Install)]
}

/// A file name as the partitions hold them: no blanks, no `:`, no `/`.
fn fs_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.-]{1,50}"
}

fn fs_time() -> impl Strategy<Value = FsDateTime<FsUtc>> {
    (0i64..4_000_000_000).prop_map(|s| FsDateTime::from_timestamp(s, 0).expect("in range"))
}

/// A line of a log file: printable, possibly empty.
fn fs_line() -> impl Strategy<Value = String> {
    "[ -~]{0,60}"
}

fn fs_json(r: &dyn Report) -> serde_json::Value {
    r.json()
}

prop_compose! {
    fn fs_open_file()(
        command in "[a-z][a-z0-9_]{0,8}", pid in 1u32..99_999, user in "[a-z][a-z0-9]{0,9}",
        fd in "[0-9]{1,3}[uwr]|cwd", kind in 0usize..3, size in 0u64..1 << 40, inode in 0u32..99_999_999,
        name in "[/A-Za-z0-9][ -~]{0,40}[/A-Za-z0-9)]",
    ) -> OpenFile {
        let kind = ["DIR", "REG", "IPv4"][kind].to_string();
        let size = if kind == "IPv4" { 0 } else { size };
        OpenFile { process: FsProcess { service: String::new(), command, pid, user }, fd, kind, size, inode, name }
    }
}

prop_compose! {
    fn fs_ippref()(
        application in "[a-z][a-z-]{0,14}", udp in any::<bool>(), port in any::<u16>(),
        hash in option::of((1u32..10_000, 1u32..1000)), hash_enabled in any::<bool>(),
        conn in option::of(1u32..10_000), conn_enabled in any::<bool>(), public in any::<bool>(),
        xlated in option::of(any::<u16>()), enabled in any::<bool>(),
        description in prop_oneof![Just(String::new()), "[a-z][a-z ]{0,24}[a-z]"],
    ) -> Ippref {
        Ippref {
            application,
            proto: if udp { FsProto::Udp } else { FsProto::Tcp },
            port,
            hash_limit: hash.map_or("-".into(), |(m, r)| format!("{m}:{r}/second")),
            hash_enabled,
            conn_limit: conn.map_or("-".into(), |c| c.to_string()),
            conn_enabled,
            kind: if public { "public" } else { "private" }.into(),
            xlated: xlated.map_or("-".into(), |x| x.to_string()),
            enabled,
            description,
        }
    }
}

fn fs_tech_service() -> impl Strategy<Value = TechService> {
    (
        "[A-Za-z][A-Za-z ]{0,60}[a-z]".prop_filter("ends like an activation", |n| !n.ends_with(" Not")),
        any::<bool>(),
        0usize..4,
    )
        .prop_map(|(name, activated, s)| TechService {
            name,
            activated,
            state: [
                FsRunState::Started,
                FsRunState::Stopped,
                FsRunState::CommandedOut,
                FsRunState::NotRunning,
            ][s],
        })
}

fn fs_tech_line() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[ -~]{1,40}"]
        .prop_filter("a heading", |l| !fs_everyday::TECH_SECTIONS.contains(&l.as_str()))
}

proptest! {
    #[test]
    fn file_build_log(
        name in "[a-z_]{1,30}", debug in option::of(vec("Cisco [A-Za-z ]{0,20}[a-z]", 0..4)),
        collected in any::<bool>(), days in 1u32..=365, files in vec(fs_name(), 0..6),
        bundle in "epas/trace/log_[a-z_]{1,20}__2026-11-23-10h00m00s.tar.gz",
    ) {
        let b = BuildLog {
            name,
            debug_collected: debug.is_some() && collected,
            debug_services: debug,
            days,
            files,
            bundle,
            bundle_bytes: 0,
            input_bytes: 0,
        };
        let parsed = fs_file::parse_build_log(&text_of(&b), days).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fs_json(&parsed), fs_json(&b));
    }

    #[test]
    fn file_list(
        partition in fs_partition(), detail in any::<bool>(),
        entries in vec((fs_name(), any::<bool>(), any::<u64>(), fs_time()), 0..12),
    ) {
        let epoch = FsDateTime::<FsUtc>::UNIX_EPOCH;
        let entries: Vec<FsListEntry> = entries
            .into_iter()
            .map(|(name, is_dir, size, modified)| if detail {
                FsListEntry { name, is_dir, size: if is_dir { 0 } else { size }, modified }
            } else {
                FsListEntry { name, is_dir: false, size: 0, modified: epoch }
            })
            .collect();
        let dirs = if detail { entries.iter().filter(|e| e.is_dir).count() } else { 0 };
        let files = if detail { entries.len() - dirs } else { 0 };
        let l = FileList {
            partition, timezone: String::new(), spec: "platform/log".into(), detail, entries,
            dir_count: dirs, file_count: files,
        };
        let parsed = fs_file::parse_list(&text_of(&l), partition, "platform/log", detail).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fs_json(&parsed), fs_json(&l));
    }

    #[test]
    fn file_view_tail_dump(
        partition in fs_partition(), hex in any::<bool>(), lines in vec(fs_line(), 0..30),
        bytes in vec(any::<u8>(), 1..200), offset in 0usize..1 << 32,
    ) {
        let content = if hex { FileContent::Hex { offset, bytes } } else { FileContent::Lines(lines) };
        let f = FileText { partition, path: "cm/trace/x.txt".into(), content };
        let parsed = fs_file::parse_file_text(&text_of(&f), partition, "cm/trace/x.txt", hex).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&parsed.content, &f.content);
        prop_assert_eq!(fs_json(&parsed), fs_json(&f));
    }

    #[test]
    fn file_search(
        partition in fs_partition(), pattern in "[a-z.*]{1,10}",
        files in vec((fs_name(), vec(fs_line(), 1..5)), 0..5),
    ) {
        let mut seen = std::collections::BTreeSet::new();
        let files: Vec<_> = files.into_iter().filter(|(f, _)| seen.insert(f.clone())).collect();
        let mut matches = Matches::default();
        for (f, lines) in &files {
            matches.file(FileMatches::from_lines(f, lines.iter().map(String::as_str)));
        }
        let s = SearchResult {
            partition,
            pattern: pattern.clone(),
            files_searched: files.len(),
            files_matched: files.iter().map(|(f, _)| f.clone()).collect(),
            matches,
        };
        let parsed = fs_file::parse_search(&text_of(&s), partition, &pattern).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fs_json(&parsed), fs_json(&s));
    }

    #[test]
    fn file_delete(
        partition in fs_partition(), detail in any::<bool>(),
        files in vec(("[A-Za-z0-9_./-]{1,40}", fs_time(), any::<bool>()), 1..8), kept in 0usize..3,
    ) {
        let files: Vec<DeletedFile> =
            files.into_iter().map(|(path, modified, deleted)| DeletedFile { path, modified, deleted }).collect();
        let found = files.len();
        let deleted = if detail { files.iter().filter(|f| f.deleted).count() } else { found.saturating_sub(kept) };
        let d = DeleteResult {
            partition, timezone: String::new(), spec: "x/*".into(), detail, found, deleted,
            files: if detail { files } else { Vec::new() },
        };
        let parsed = fs_file::parse_delete(&text_of(&d), partition, "x/*", detail).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fs_json(&parsed), fs_json(&d));
    }

    #[test]
    fn file_get(files_affected in 1usize..10_000, total_bytes in 0u64..1 << 45, recurs in any::<bool>(), files_sent in 1usize..100) {
        let g = GetText { files_affected, total_bytes, recurs, files_sent };
        // The questions and their answers come between the summary and the dots.
        let text = text_of(&g).replacen(
            "\n\n",
            "\nWould you like to proceed [y/n]? y\n\nSFTP server IP: 127.0.0.1\nSFTP server port [22]: 2222\nUser ID: ops\nPassword: \nDownload directory: /tmp/x\n\n",
            1,
        );
        prop_assert_eq!(fs_file::parse_get(&text), Ok(g.clone()));
        prop_assert_eq!(fs_file::parse_get(&text_of(&g)), Ok(g));
    }

    #[test]
    fn show_diskusage(
        area in 0usize..5, directories_only in any::<bool>(), paths in vec(vec("[a-z0-9._]{1,8}", 1..4), 0..12),
        sizes in vec(any::<u32>(), 64), left_out in 0usize..3, sort in any::<bool>(),
    ) {
        let (partition, root) = [
            ("activelog", "/var/log/active"), ("inactivelog", "/var/log/inactive"), ("install", "/var/log/install"),
            ("common", "/common"), ("tmp", "/tmp"),
        ][area];
        // Every folder above a path has its row too, as du gives.
        let mut all = std::collections::BTreeSet::new();
        all.insert(root.to_string());
        for p in &paths {
            for n in 1..=p.len() {
                all.insert(format!("{root}/{}", p[..n].join("/")));
            }
        }
        let list: Vec<String> = all.iter().cloned().collect();
        let mut rows: Vec<UsageRow> = list
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let parent = list.iter().any(|q| q.starts_with(&format!("{path}/")));
                UsageRow { kb: u64::from(sizes[i % 64]), path: path.clone(), is_dir: directories_only || parent || path == root }
            })
            .filter(|r| !directories_only || r.is_dir)
            .collect();
        if sort {
            rows.sort_by(|a, b| b.kb.cmp(&a.kb).then_with(|| a.path.cmp(&b.path)));
        }
        let total_kb = rows.iter().find(|r| r.path == root).map_or(0, |r| r.kb);
        let d = DiskUsage { partition: partition.into(), rows, total_kb, left_out };
        prop_assert_eq!(fs_settings::parse_diskusage(&text_of(&d), partition, directories_only), Ok(d));
    }

    #[test]
    fn show_timezone_list(zones in vec("[A-Za-z_+-][A-Za-z0-9_/+-]{0,29}", 0..40)) {
        let z = ZoneList { zones };
        let parsed = fs_everyday::parse_timezone_list(&text_of(&z)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(parsed.zones, z.zones);
    }

    #[test]
    fn show_open_files(files in vec(fs_open_file(), 0..10)) {
        let f = OpenFiles { files };
        prop_assert_eq!(fs_everyday::parse_open_files(&text_of(&f)), Ok(f));
    }

    #[test]
    fn show_network_ipprefs(rows in vec(fs_ippref(), 0..10)) {
        let i = Ipprefs { rows };
        prop_assert_eq!(fs_everyday::parse_ipprefs(&text_of(&i)), Ok(i));
    }

    #[test]
    fn show_registry(system in "[a-z]{1,8}", component in "[a-z]{1,8}(/[a-z]{1,8})?", values in vec(("[a-zA-Z_.]{1,12}", "[ -~]{0,30}"), 0..8)) {
        let r = RegistryEntry { system, component, values };
        prop_assert_eq!(fs_everyday::parse_registry(&text_of(&r)), Ok(r));
    }

    #[test]
    fn show_risdb_list(tables in vec("[A-Za-z][A-Za-z0-9_]{0,20}", 0..6)) {
        let t = RisTables(tables);
        prop_assert_eq!(fs_risdb::parse_tables(&text_of(&t)), Ok(t));
    }

    #[test]
    fn show_smtp(hostname in option::of("[a-z0-9][a-z0-9.-]{0,30}")) {
        let s = Smtp { hostname };
        prop_assert_eq!(fs_everyday::parse_smtp(&text_of(&s)), Ok(s));
    }

    #[test]
    fn show_tech_repltimeout(seconds in any::<u32>()) {
        let t = TechReplTimeout { seconds };
        prop_assert_eq!(fs_everyday::parse_tech_repltimeout(&text_of(&t)), Ok(t));
    }

    #[test]
    fn show_tech_ccm_service(groups in vec(("[A-Za-z][A-Za-z ]{0,30}[a-z]", vec(fs_tech_service(), 0..6)), 0..3)) {
        let c = CcmService { groups: groups.into_iter().map(|(name, services)| ServiceGroup { name, services }).collect() };
        prop_assert_eq!(fs_everyday::parse_tech_ccm_service(&text_of(&c)), Ok(c));
    }

    #[test]
    fn show_tech_dbstateinfo(stamp in "[0-9]{6}") {
        let d = DbStateInfo {
            output: format!("/cm/trace/dbl/showtechdbstateinfo{stamp}.txt"),
            error_output: format!("/cm/trace/dbl/showtechdbstateinfo_cdr_err{stamp}.out"),
        };
        prop_assert_eq!(fs_everyday::parse_tech_dbstateinfo(&text_of(&d)), Ok(d));
    }

    #[test]
    fn show_tech_network_and_system(
        system in any::<bool>(),
        sections in vec((0usize..7, vec(fs_tech_line(), 0..6)), 0..5),
    ) {
        let t = TechDump {
            what: if system { "system" } else { "network" }.into(),
            sections: sections
                .into_iter()
                .map(|(i, lines)| TechSection { title: fs_everyday::TECH_SECTIONS[i].to_string(), lines })
                .collect(),
        };
        prop_assert_eq!(fs_everyday::parse_tech_dump(&text_of(&t)), Ok(t));
    }
}

proptest! {
    /// A node is outside: any text gives a value or an error, never a panic.
    #[test]
    fn files_and_show_parsers_take_any_text(text in "(?s)[ -~\t\n|:0-9a-f-]{0,400}", flag in any::<bool>()) {
        let p = Partition::Activelog;
        let _ = fs_file::parse_build_log(&text, 1);
        let _ = fs_file::parse_list(&text, p, "x", flag);
        let _ = fs_file::parse_file_text(&text, p, "x", flag);
        let _ = fs_file::parse_search(&text, p, "x");
        let _ = fs_file::parse_delete(&text, p, "x", flag);
        let _ = fs_file::parse_get(&text);
        let _ = fs_settings::parse_diskusage(&text, "activelog", flag);
        let _ = fs_everyday::parse_timezone_list(&text);
        let _ = fs_everyday::parse_open_files(&text);
        let _ = fs_everyday::parse_ipprefs(&text);
        let _ = fs_everyday::parse_registry(&text);
        let _ = fs_everyday::parse_smtp(&text);
        let _ = fs_everyday::parse_tech_repltimeout(&text);
        let _ = fs_everyday::parse_tech_ccm_service(&text);
        let _ = fs_everyday::parse_tech_dbstateinfo(&text);
        let _ = fs_everyday::parse_tech_dump(&text);
        let _ = fs_risdb::parse_tables(&text);
    }
}
