//! A real rsyslog receiver on 127.0.0.1 for the remote syslog tests and benchmark: UDP
//! (imudp), TCP (imptcp) and TLS (imtcp with the openssl netstream driver) listeners on free
//! high ports, each writing the raw records it receives to its own file. Started with
//! `rsyslogd -n` as a child of the test, stopped (SIGTERM, then waited for) by the test.

#![allow(dead_code)]

use std::fs;
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub struct Rsyslog {
    pub dir: PathBuf,
    pub udp: u16,
    pub tcp: u16,
    pub tls: Option<u16>,
    conf: PathBuf,
    child: Option<Child>,
}

/// A port nobody listens on right now (TCP and UDP both free).
pub fn free_port() -> u16 {
    loop {
        let l = TcpListener::bind("127.0.0.1:0").expect("binding a probe port on 127.0.0.1");
        let port = l.local_addr().expect("local address of the probe").port();
        drop(l);
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

pub fn rsyslogd() -> Option<PathBuf> {
    ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// Installs rsyslog through tests/setup.sh when it is missing.
pub fn ensure_installed() {
    let ossl = fs::read_dir("/usr/lib")
        .map(|dirs| dirs.filter_map(Result::ok).any(|d| d.path().join("rsyslog/lmnsd_ossl.so").exists()))
        .unwrap_or(false);
    if rsyslogd().is_some() && ossl {
        return;
    }
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/setup.sh");
    let status = Command::new("bash").arg(setup).status().expect("running tests/setup.sh");
    assert!(status.success(), "tests/setup.sh could not install rsyslog");
}

impl Rsyslog {
    /// Writes the configuration and starts the receiver; waits until its TCP ports accept.
    pub fn start(dir: &Path, tls: Option<&TlsFiles>) -> Rsyslog {
        ensure_installed();
        fs::create_dir_all(dir.join("work")).expect("creating the rsyslog work dir");
        let udp = free_port();
        let tcp = free_port();
        let tls_port = tls.map(|_| free_port());
        let d = dir.display();
        let mut conf = String::new();
        match tls {
            Some(t) => conf.push_str(&format!(
                "global(workDirectory=\"{d}/work\" defaultNetstreamDriver=\"ossl\"\n\
                 defaultNetstreamDriverCAFile=\"{}\" defaultNetstreamDriverCertFile=\"{}\"\n\
                 defaultNetstreamDriverKeyFile=\"{}\")\n",
                t.ca.display(),
                t.cert.display(),
                t.key.display()
            )),
            None => conf.push_str(&format!("global(workDirectory=\"{d}/work\")\n")),
        }
        conf.push_str("module(load=\"imudp\")\nmodule(load=\"imptcp\")\n");
        conf.push_str("template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n");
        for name in ["udp", "tcp", "tls"] {
            conf.push_str(&format!(
                "ruleset(name=\"{name}\") {{ action(type=\"omfile\" file=\"{d}/{name}.log\" template=\"raw\") }}\n"
            ));
        }
        conf.push_str(&format!(
            "input(type=\"imudp\" address=\"127.0.0.1\" port=\"{udp}\" ruleset=\"udp\" rcvbufSize=\"4m\")\n\
             input(type=\"imptcp\" address=\"127.0.0.1\" port=\"{tcp}\" ruleset=\"tcp\")\n"
        ));
        if let Some(p) = tls_port {
            conf.push_str(
                "module(load=\"imtcp\" streamDriver.name=\"ossl\" streamDriver.mode=\"1\" \
                 streamDriver.authMode=\"anon\")\n",
            );
            conf.push_str(&format!(
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{p}\" ruleset=\"tls\")\n"
            ));
        }
        let path = dir.join("rsyslog.conf");
        fs::write(&path, conf).expect("writing rsyslog.conf");
        let mut r = Rsyslog { dir: dir.to_path_buf(), udp, tcp, tls: tls_port, conf: path, child: None };
        r.restart();
        r
    }

    /// Starts (again) on the same ports with the same configuration.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "rsyslog is already running");
        let bin = rsyslogd().expect("rsyslogd is installed");
        let child = Command::new(bin)
            .arg("-n")
            .arg("-f")
            .arg(&self.conf)
            .arg("-i")
            .arg(self.dir.join("rsyslog.pid"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.dir.join("rsyslogd.stderr"))
                    .expect("opening the rsyslog stderr file"),
            ))
            .spawn()
            .expect("starting rsyslogd");
        self.child = Some(child);
        let ports: Vec<u16> = std::iter::once(self.tcp).chain(self.tls).collect();
        let deadline = Instant::now() + Duration::from_secs(20);
        for port in ports {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "rsyslogd did not listen on {port}: {}", self.stderr());
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    pub fn stderr(&self) -> String {
        fs::read_to_string(self.dir.join("rsyslogd.stderr")).unwrap_or_default()
    }

    /// Stops the receiver (SIGTERM: it writes out what it received) and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// The records received on one listener ("udp", "tcp" or "tls").
    pub fn lines(&self, listener: &str) -> Vec<String> {
        fs::read_to_string(self.dir.join(format!("{listener}.log")))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Waits (bounded) until `listener` has received at least `n` records containing `marker`.
    pub fn wait_for(&self, listener: &str, marker: &str, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.lines(listener).iter().filter(|l| l.contains(marker)).count() < n
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Rsyslog {
    fn drop(&mut self) {
        self.stop();
    }
}
