//! Remote syslog against a real rsyslog on 127.0.0.1: UDP, TCP (octet counting) and TLS
//! listeners, certificates made by the test. Each event arrives exactly once; a wrong or
//! untrusted certificate is refused with a clear error; a receiver stopped and restarted
//! loses nothing; the spool is bounded and counts what it drops.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

#[path = "support/rsyslog.rs"]
mod rsyslog;

use std::fs;
use std::path::Path;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose};
use regex::Regex;
use rsyslog::{free_port, Rsyslog, TlsFiles};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::events::{self, Event};
use ucsh::engine::node::{NodeHandle, Partition};
use ucsh::engine::syslog::{self, Protocol};
use ucsh::engine::{accounts, platform, Clock, Lab, Session};

fn lab(dir: &Path) -> Lab {
    let opts = InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
    lab_fixture::lab_at(&dir.join("lab"), &opts, Clock::system())
}

fn admin(node: &NodeHandle) -> Session {
    accounts::local_owner_session(node).expect("primary administrator")
}

/// `utils system restart`: the node's restart path, which applies the pending protocol.
fn restart(lab: &Lab, node: &NodeHandle) {
    let r = call(lab, node, &admin(node), "utils system restart", platform::restart).expect("restart");
    assert!(r.applied.iter().filter(|a| *a == syslog::PENDING_REBOOT_ITEM).count() <= 1, "{:?}", r.applied);
}

/// Sets the protocol and restarts the node.
fn use_protocol(lab: &Lab, node: &NodeHandle, protocol: Protocol) {
    call(lab, node, &admin(node), "utils remotesyslog set protocol", |op| syslog::set_protocol(op, protocol))
        .expect("set protocol");
    restart(lab, node);
}

fn emit_markers(node: &NodeHandle, tag: &str, range: std::ops::Range<usize>) {
    for i in range {
        events::emit(node, &Event::audit("TestEvent", format!("marker {tag} #{i:04}")));
    }
}

/// The numbers of the markers `tag` in the received records, in arrival order.
fn received(lines: &[String], tag: &str) -> Vec<usize> {
    let re = Regex::new(&format!(r"marker {tag} #(\d{{4}})$")).expect("regex");
    lines.iter().filter_map(|l| re.captures(l).and_then(|c| c[1].parse().ok())).collect()
}

fn event_log(node: &NodeHandle) -> String {
    fs::read_to_string(node.partition(Partition::Activelog).join(events::EVENT_LOG)).unwrap_or_default()
}

struct Pki {
    ca_pem: String,
    server_cert: String,
    server_key: String,
    other_ca_pem: String,
}

fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("CA key")).expect("CA certificate")
}

/// A CA, a server certificate it signs for `localhost` only, and an unrelated CA.
fn pki() -> Pki {
    let issuer = ca("ucsh test syslog CA");
    let key = KeyPair::generate().expect("server key");
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).expect("server params");
    params.distinguished_name.push(DnType::CommonName, "localhost");
    let cert = params.signed_by(&key, &issuer).expect("server certificate");
    Pki {
        ca_pem: issuer.pem(),
        server_cert: cert.pem(),
        server_key: key.serialize_pem(),
        other_ca_pem: ca("some other CA").pem(),
    }
}

fn start_receiver(dir: &Path, pki: &Pki) -> Rsyslog {
    let files =
        TlsFiles { ca: dir.join("ca.pem"), cert: dir.join("server.pem"), key: dir.join("server.key") };
    fs::write(&files.ca, &pki.ca_pem).expect("writing ca.pem");
    fs::write(&files.cert, &pki.server_cert).expect("writing server.pem");
    fs::write(&files.key, &pki.server_key).expect("writing server.key");
    Rsyslog::start(&dir.join("rsyslog"), Some(&files))
}

#[test]
fn each_event_arrives_exactly_once_over_udp_tcp_and_tls() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pki = pki();
    let mut rx = start_receiver(tmp.path(), &pki);
    let lab = lab(tmp.path());
    let n = 40;

    let udp = lab.node("cucm-pub").expect("node");
    call(&lab, &udp, &admin(&udp), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.udp))
    })
    .expect("add udp server");
    let tcp = lab.node("cucm-sub1").expect("node");
    use_protocol(&lab, &tcp, Protocol::Tcp);
    call(&lab, &tcp, &admin(&tcp), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.tcp))
    })
    .expect("add tcp server");
    let tls = lab.node("cucm-imp-1").expect("node");
    use_protocol(&lab, &tls, Protocol::Tls);
    let tls_port = rx.tls.expect("tls listener");
    call(&lab, &tls, &admin(&tls), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "localhost", Some(tls_port))
    })
    .expect("add tls server");
    call(&lab, &tls, &admin(&tls), "utils remotesyslog import cacert", |op| {
        syslog::import_ca(op, "syslog-ca", pki.ca_pem.as_bytes())
    })
    .expect("import CA");

    for (node, tag) in [(&udp, "udp"), (&tcp, "tcp"), (&tls, "tls")] {
        emit_markers(node, tag, 0..n);
        let report = syslog::flush(node).expect("flush");
        assert!(!report.failed(), "{tag}: {report:?}");
        assert_eq!(report.delivered(), n as u64, "{tag}");
        // A second flush has nothing left to send.
        assert_eq!(syslog::flush(node).expect("flush").delivered(), 0, "{tag}");
    }
    rx.wait_for("udp", "marker udp", n);
    rx.wait_for("tcp", "marker tcp", n);
    rx.wait_for("tls", "marker tls", n);
    rx.stop();

    let mut got = received(&rx.lines("udp"), "udp");
    got.sort_unstable();
    assert_eq!(got, (0..n).collect::<Vec<_>>(), "udp: each event exactly once");
    assert_eq!(received(&rx.lines("tcp"), "tcp"), (0..n).collect::<Vec<_>>(), "tcp: once each, in order");
    assert_eq!(received(&rx.lines("tls"), "tls"), (0..n).collect::<Vec<_>>(), "tls: once each, in order");

    // The platform's message shape inside an RFC 5424 record from local7 (notice = 189).
    let shape = Regex::new(
        r"^<189>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z cucm-sub1\.cluster1\.ucsh\.lab - - TestEvent - (\d+): cucm-sub1\.cluster1\.ucsh\.lab: [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d\.\d\d UTC : %UC_AUDITLOG-5-TestEvent: %\[AppID=Cisco CLI\]\[ClusterID=cluster1\]\[NodeID=cucm-sub1\]: marker tcp #0000$",
    )
    .expect("regex");
    let first =
        rx.lines("tcp").into_iter().find(|l| l.ends_with("marker tcp #0000")).expect("first tcp record");
    assert!(shape.is_match(&first), "unexpected shape: {first}");
}

#[test]
fn untrusted_or_wrong_name_certificates_are_refused_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pki = pki();
    let mut rx = start_receiver(tmp.path(), &pki);
    let port = rx.tls.expect("tls listener");
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, Protocol::Tls);
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "localhost", Some(port))
    })
    .expect("add server");

    // Empty trust store.
    emit_markers(&node, "tls", 0..3);
    let r = syslog::flush(&node).expect("flush");
    let err = r.servers[0].error.clone().expect("refused without a trust anchor");
    assert!(err.contains("no CA certificate in the node's trust store"), "{err}");

    // A CA that did not sign the server's certificate.
    call(&lab, &node, &admin(&node), "utils remotesyslog import cacert", |op| {
        syslog::import_ca(op, "other-ca", pki.other_ca_pem.as_bytes())
    })
    .expect("import");
    emit_markers(&node, "tls", 3..6);
    let r = syslog::flush(&node).expect("flush");
    let err = r.servers[0].error.clone().expect("untrusted certificate refused");
    assert!(err.contains("is not trusted"), "{err}");
    assert_eq!(r.servers[0].delivered, 0);

    // The right CA, but the server is named by an address its certificate does not carry.
    call(&lab, &node, &admin(&node), "utils remotesyslog import cacert", |op| {
        syslog::import_ca(op, "syslog-ca", pki.ca_pem.as_bytes())
    })
    .expect("import");
    let wrong = lab.node("cucm-sub1").expect("node");
    use_protocol(&lab, &wrong, Protocol::Tls);
    call(&lab, &wrong, &admin(&wrong), "utils remotesyslog import cacert", |op| {
        syslog::import_ca(op, "syslog-ca", pki.ca_pem.as_bytes())
    })
    .expect("import");
    call(&lab, &wrong, &admin(&wrong), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(port))
    })
    .expect("add server");
    emit_markers(&wrong, "wrongname", 0..2);
    let r = syslog::flush(&wrong).expect("flush");
    let err = r.servers[0].error.clone().expect("name mismatch refused");
    assert!(err.contains("is not valid for the host name 127.0.0.1"), "{err}");

    // The failure raised the platform's alarm once, in the node's own log.
    let log = event_log(&node);
    assert_eq!(log.matches("TLSRemoteSyslogDeliveryFailed").count(), 1, "{log}");

    // Now trusted: everything kept arrives, in order, followed by the alarm.
    let r = syslog::flush(&node).expect("flush");
    assert!(!r.failed(), "{r:?}");
    rx.wait_for("tls", "marker tls", 6);
    rx.stop();
    let lines = rx.lines("tls");
    assert_eq!(received(&lines, "tls"), (0..6).collect::<Vec<_>>());
    assert_eq!(lines.iter().filter(|l| l.contains("TLSRemoteSyslogDeliveryFailed")).count(), 1);
    assert!(received(&lines, "wrongname").is_empty(), "a refused server got records");
}

fn stop_and_restart(protocol: Protocol) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pki = pki();
    let mut rx = start_receiver(tmp.path(), &pki);
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, protocol);
    let (listener, host, port) = match protocol {
        Protocol::Tls => ("tls", "localhost", rx.tls.expect("tls listener")),
        _ => ("tcp", "127.0.0.1", rx.tcp),
    };
    call(&lab, &node, &admin(&node), "utils remotesyslog import cacert", |op| {
        syslog::import_ca(op, "syslog-ca", pki.ca_pem.as_bytes())
    })
    .expect("import");
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, host, Some(port))
    })
    .expect("add server");

    emit_markers(&node, listener, 0..5);
    assert!(!syslog::flush(&node).expect("flush").failed());
    rx.wait_for(listener, "marker", 5);
    rx.stop();

    emit_markers(&node, listener, 5..10);
    let r = syslog::flush(&node).expect("flush");
    assert!(r.failed(), "delivered to a stopped receiver: {r:?}");
    assert_eq!(r.servers[0].queued, 5);
    emit_markers(&node, listener, 10..15);
    let r = syslog::flush(&node).expect("flush");
    // Ten events and the alarm raised by the first failure wait in the spool.
    assert_eq!(r.servers[0].queued, 11, "{r:?}");
    let alarm = match protocol {
        Protocol::Tls => "TLSRemoteSyslogDeliveryFailed",
        _ => "TCPRemoteSyslogDeliveryFailed",
    };
    assert_eq!(event_log(&node).matches(alarm).count(), 1, "one alarm per outage");

    rx.restart();
    let r = syslog::flush(&node).expect("flush");
    assert!(!r.failed(), "{r:?}");
    assert_eq!(r.servers[0].delivered, 11);
    rx.wait_for(listener, "marker", 15);
    rx.stop();
    let lines = rx.lines(listener);
    assert_eq!(received(&lines, listener), (0..15).collect::<Vec<_>>(), "nothing lost, nothing twice");
    assert_eq!(lines.iter().filter(|l| l.contains(alarm)).count(), 1);
}

#[test]
fn tcp_receiver_stopped_and_restarted_loses_nothing() {
    stop_and_restart(Protocol::Tcp);
}

#[test]
fn tls_receiver_stopped_and_restarted_loses_nothing() {
    stop_and_restart(Protocol::Tls);
}

#[test]
fn spool_is_bounded_and_drops_the_oldest_with_a_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, Protocol::Tcp);
    node.update_platform(|p| {
        p.remote_syslog.spool_limit = 5;
        Ok(())
    })
    .expect("set the spool limit");
    let mut rx = Rsyslog::start(&tmp.path().join("rsyslog"), None);
    rx.stop();
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.tcp))
    })
    .expect("add server");

    emit_markers(&node, "tcp", 0..12);
    let r = syslog::flush(&node).expect("flush");
    assert!(r.failed());
    assert_eq!((r.servers[0].queued, r.servers[0].dropped), (5, 7), "{r:?}");
    // The alarm raised by that failure is queued too, pushing out one more event.
    let shown = call(&lab, &node, &admin(&node), "utils remotesyslog show server", syslog::show_servers)
        .expect("show");
    assert_eq!((shown.servers[0].queued, shown.servers[0].dropped), (5, 8), "{shown:?}");
    assert!(shown.servers[0].last_error.as_deref().is_some_and(|e| e.contains("cannot connect")));

    rx.restart();
    let r = syslog::flush(&node).expect("flush");
    assert!(!r.failed(), "{r:?}");
    rx.wait_for("tcp", "TCPRemoteSyslogDeliveryFailed", 1);
    rx.stop();
    let lines = rx.lines("tcp");
    assert_eq!(received(&lines, "tcp"), vec![8, 9, 10, 11], "the newest kept, in order");
    assert_eq!(lines.len(), 5);
}

#[test]
fn protocol_waits_for_restart_and_servers_apply_at_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    let s = admin(&node);
    let shown =
        call(&lab, &node, &s, "utils remotesyslog show protocol", syslog::show_protocol).expect("show");
    assert_eq!((shown.protocol, shown.pending), (Protocol::Udp, None), "UDP is the default");

    let set = call(&lab, &node, &s, "utils remotesyslog set protocol", |op| {
        syslog::set_protocol(op, Protocol::Tls)
    })
    .expect("set");
    assert!(set.restart_required);
    let shown =
        call(&lab, &node, &s, "utils remotesyslog show protocol", syslog::show_protocol).expect("show");
    assert_eq!((shown.protocol, shown.pending), (Protocol::Udp, Some(Protocol::Tls)));
    assert!(node
        .platform()
        .expect("platform")
        .pending_reboot
        .contains(&syslog::PENDING_REBOOT_ITEM.to_string()));

    let r = call(&lab, &node, &s, "utils system restart", platform::restart).expect("restart");
    assert_eq!(r.applied, vec![syslog::PENDING_REBOOT_ITEM.to_string()], "the restart says what it applied");
    let shown =
        call(&lab, &node, &s, "utils remotesyslog show protocol", syslog::show_protocol).expect("show");
    assert_eq!((shown.protocol, shown.pending), (Protocol::Tls, None));
    assert!(node.platform().expect("platform").pending_reboot.is_empty());
    // Setting the protocol in effect needs no restart.
    assert!(
        !call(&lab, &node, &s, "utils remotesyslog set protocol", |op| syslog::set_protocol(
            op,
            Protocol::Tls
        ))
        .expect("set")
        .restart_required
    );

    let port = free_port();
    call(&lab, &node, &s, "utils remotesyslog add server", |op| {
        syslog::add_server(op, "Syslog.Example.COM", Some(port))
    })
    .expect("add");
    call(&lab, &node, &s, "utils remotesyslog add server", |op| syslog::add_server(op, "10.0.0.5", None))
        .expect("add");
    assert!(
        call(&lab, &node, &s, "utils remotesyslog add server", |op| syslog::add_server(
            op,
            "syslog.example.com",
            Some(port)
        ))
        .is_err(),
        "duplicate"
    );
    assert!(
        call(&lab, &node, &s, "utils remotesyslog add server", |op| syslog::add_server(
            op,
            "bad host!",
            None
        ))
        .is_err(),
        "invalid name"
    );
    let list = call(&lab, &node, &s, "utils remotesyslog show server", syslog::show_servers).expect("show");
    let got: Vec<(String, u16)> = list.servers.iter().map(|x| (x.host.clone(), x.port)).collect();
    assert_eq!(got, vec![("syslog.example.com".into(), port), ("10.0.0.5".into(), 6514)]);
    call(&lab, &node, &s, "utils remotesyslog add server", |op| {
        syslog::add_server(op, "10.0.0.5", Some(1514))
    })
    .expect("same host, another port");
    let err = call(&lab, &node, &s, "utils remotesyslog delete server", |op| {
        syslog::delete_server(op, "10.0.0.5", None)
    })
    .expect_err("ambiguous");
    let text = ucsh::render::wording::engine_error(&err);
    assert!(text.contains("give the port"), "{text}");
    call(&lab, &node, &s, "utils remotesyslog delete server", |op| {
        syslog::delete_server(op, "10.0.0.5", Some(1514))
    })
    .expect("delete by port");
    call(&lab, &node, &s, "utils remotesyslog delete server", |op| {
        syslog::delete_server(op, "10.0.0.5", None)
    })
    .expect("delete");
    assert!(
        call(&lab, &node, &s, "utils remotesyslog delete server", |op| syslog::delete_server(
            op, "10.0.0.5", None
        ))
        .is_err(),
        "already gone"
    );
    assert_eq!(
        call(&lab, &node, &s, "utils remotesyslog show server", syslog::show_servers)
            .expect("show")
            .servers
            .len(),
        1
    );

    // Changes need level 4; showing needs level 0.
    let ro = Session::new("reader", 0, false);
    assert!(call(&lab, &node, &ro, "utils remotesyslog set protocol", |op| syslog::set_protocol(
        op,
        Protocol::Tcp
    ))
    .is_err());
    assert!(call(&lab, &node, &ro, "utils remotesyslog add server", |op| syslog::add_server(op, "h", None))
        .is_err());
    assert!(call(&lab, &node, &ro, "utils remotesyslog delete server", |op| syslog::delete_server(
        op,
        "syslog.example.com",
        None
    ))
    .is_err());
    assert!(call(&lab, &node, &ro, "utils remotesyslog import cacert", |op| syslog::import_ca(
        op, "ca", b""
    ))
    .is_err());
    assert!(call(&lab, &node, &ro, "utils remotesyslog show protocol", syslog::show_protocol).is_ok());
    assert!(call(&lab, &node, &ro, "utils remotesyslog show server", syslog::show_servers).is_ok());
    // A CA import refuses what is not a certificate.
    let err =
        call(&lab, &node, &s, "utils remotesyslog import cacert", |op| syslog::import_ca(op, "ca", b"hello"))
            .expect_err("not PEM");
    assert!(err.to_string().contains("No certificate found"), "{err}");
}

/// Runs the ucsh binary on the lab in `data` with `stdin` as its input.
fn ucsh(data: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ucsh starts");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("ucsh finishes")
}

#[test]
fn cli_commands_logins_and_service_changes_reach_the_server() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut rx = Rsyslog::start(&tmp.path().join("rsyslog"), None);
    let data = tmp.path().join("lab");
    let port = rx.tcp.to_string();
    let steps: &[(&[&str], &str)] = &[
        (&["cluster", "init"], ""),
        (&["-c", "utils remotesyslog set protocol tcp"], ""),
        (&["-c", "utils system restart"], "yes\n"),
        (&["-c", &format!("utils remotesyslog add server 127.0.0.1 {port}")], ""),
        (&["-c", "utils service stop Cisco Tomcat"], ""),
        (&["-c", "utils service start Cisco Tomcat"], ""),
        (&["cluster", "fault", "service-crash", "cucm-pub", "Cisco", "Tomcat"], ""),
    ];
    for (args, stdin) in steps {
        let out = ucsh(&data, args, stdin);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = ucsh(&data, &["--account", "nobody", "-c", "show myself"], "wrong\n");
    assert_eq!(out.status.code(), Some(1), "a failed login fails");

    rx.wait_for("tcp", "LoginFailed", 1);
    rx.stop();
    let lines = rx.lines("tcp");
    let count = |needle: &str| lines.iter().filter(|l| l.contains(needle)).count();
    assert_eq!(count("CLI command executed by admin: utils remotesyslog add server"), 1, "{lines:#?}");
    assert_eq!(count("CLI command executed by admin: utils service stop"), 1, "{lines:#?}");
    assert_eq!(count("Service stopped. ServiceName:Cisco Tomcat UserID:admin"), 1, "{lines:#?}");
    assert_eq!(count("Service started. ServiceName:Cisco Tomcat UserID:admin"), 1, "{lines:#?}");
    assert!(count("%UC_GENERIC-6-ServiceStopped: %[AppID=Cisco Service Manager]") >= 1, "{lines:#?}");
    assert_eq!(count("%UC_AUDITLOG-5-LoginFailed: "), 1, "{lines:#?}");
    assert_eq!(count("%UC_GENERIC-3-ServiceExited: "), 1, "a crash raised outside a command: {lines:#?}");
    // Nothing from before the server was added.
    assert_eq!(count("utils system restart"), 0, "{lines:#?}");
}

#[test]
fn concurrent_sessions_deliver_each_event_exactly_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut rx = Rsyslog::start(&tmp.path().join("rsyslog"), None);
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, Protocol::Tcp);
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.tcp))
    })
    .expect("add server");
    let (sessions, each) = (4, 25);
    std::thread::scope(|s| {
        for t in 0..sessions {
            let node = node.clone();
            s.spawn(move || {
                for i in 0..each {
                    // Each "command" raises an event and flushes, as the shell does.
                    emit_markers(&node, "tcp", t * each + i..t * each + i + 1);
                    let r = syslog::flush(&node).expect("flush");
                    assert!(!r.failed(), "{r:?}");
                }
            });
        }
    });
    rx.wait_for("tcp", "marker tcp", sessions * each);
    rx.stop();
    let lines = rx.lines("tcp");
    let mut got = received(&lines, "tcp");
    got.sort_unstable();
    assert_eq!(got, (0..sessions * each).collect::<Vec<_>>(), "each event exactly once");
    // Delivered in the order raised: the node's sequence numbers only go up.
    let seq = Regex::new(r" - (\d+): ").expect("regex");
    let seqs: Vec<u64> =
        lines.iter().filter_map(|l| seq.captures(l).and_then(|c| c[1].parse().ok())).collect();
    assert_eq!(seqs.len(), lines.len());
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

#[test]
fn a_record_torn_by_a_killed_process_does_not_swallow_the_next() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut rx = Rsyslog::start(&tmp.path().join("rsyslog"), None);
    rx.stop();
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, Protocol::Tcp);
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(rx.tcp))
    })
    .expect("add server");
    emit_markers(&node, "tcp", 0..2);
    // What a process killed in the middle of an append leaves behind.
    let journal = node.dir().join("syslog-spool/journal");
    let mut f = fs::OpenOptions::new().append(true).open(&journal).expect("journal exists");
    std::io::Write::write_all(&mut f, b"3 <189>1 2026-11-23T10:00:00.000Z torn").expect("write");
    drop(f);
    emit_markers(&node, "tcp", 2..4);
    rx.restart();
    let r = syslog::flush(&node).expect("flush");
    assert!(!r.failed(), "{r:?}");
    assert_eq!(r.servers[0].delivered, 5, "{r:?}");
    rx.wait_for("tcp", "marker tcp", 4);
    rx.stop();
    assert_eq!(received(&rx.lines("tcp"), "tcp"), vec![0, 1, 2, 3]);
}

#[test]
fn one_large_batch_is_bounded_too() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lab = lab(tmp.path());
    let node = lab.node("cucm-pub").expect("node");
    use_protocol(&lab, &node, Protocol::Tcp);
    node.update_platform(|p| {
        p.remote_syslog.spool_limit = 5;
        Ok(())
    })
    .expect("set the spool limit");
    call(&lab, &node, &admin(&node), "utils remotesyslog add server", |op| {
        syslog::add_server(op, "127.0.0.1", Some(free_port()))
    })
    .expect("add server");
    emit_markers(&node, "tcp", 0..2);
    let batch: Vec<Event> =
        (2..12).map(|i| Event::audit("TestEvent", format!("marker tcp #{i:04}"))).collect();
    events::emit_all(&node, &batch);
    let shown = call(&lab, &node, &admin(&node), "utils remotesyslog show server", syslog::show_servers)
        .expect("show");
    assert_eq!((shown.servers[0].queued, shown.servers[0].dropped), (5, 7), "{shown:?}");
}
