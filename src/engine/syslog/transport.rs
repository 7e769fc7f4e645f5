//! Sending records to one server over UDP, TCP or TLS, and knowing they arrived.
//!
//! TCP and TLS give no application acknowledgement in syslog, and a successful `write` only
//! means the bytes reached our kernel. So after writing, the sender half-closes the stream
//! (TLS: `close_notify` first) and waits for the server to close its side: the server only
//! does that after reading everything before our end of stream. A server that dies or
//! resets the connection before then leaves the batch undelivered, to be sent again — at
//! least once, never silently lost. Every wait is bounded by the target's deadline (one per
//! flush, not per socket operation: a server that trickles a byte every few seconds would
//! otherwise reset a per-operation timeout for ever).
//!
//! UDP has no delivery guarantee at all; bursts are paced so a receiver's default buffer
//! keeps up (PERF-NOTES: unpaced bursts lost a third of the datagrams).

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::{wire, Protocol};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes handed to the socket per write.
const CHUNK: usize = 256 * 1024;
/// UDP pacing: a short pause after each group of datagrams (about 20,000 a second). Against
/// rsyslog with its default receive buffer, 20,000 events arrived whole at this pace on an
/// idle machine, while groups of 64 lost 1.5%; a receiver starved of CPU still drops some.
const UDP_GROUP: usize = 16;
const UDP_PAUSE: Duration = Duration::from_micros(500);

/// Why a batch could not be delivered, in words an administrator can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

/// Where to send and how.
pub struct Target<'a> {
    pub protocol: Protocol,
    pub host: &'a str,
    pub port: u16,
    /// Trust anchors for TLS (the node's trust store).
    pub roots: Option<Arc<RootCertStore>>,
    /// When the whole delivery (connect, handshake, send, confirmation) must be over.
    pub deadline: Instant,
}

impl Target<'_> {
    fn label(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// Sends `records` (unframed RFC 5424 records) to `target`, in order.
pub fn send(target: &Target<'_>, records: &[&[u8]]) -> Result<(), DeliveryError> {
    if records.is_empty() {
        return Ok(());
    }
    match target.protocol {
        Protocol::Udp => send_udp(target, records),
        Protocol::Tcp => {
            let stream = connect(target)?;
            send_stream(target, stream, records)
        }
        Protocol::Tls => send_tls(target, records),
    }
}

fn resolve(target: &Target<'_>) -> Result<Vec<SocketAddr>, DeliveryError> {
    let addrs: Vec<SocketAddr> = (target.host, target.port)
        .to_socket_addrs()
        .map_err(|e| DeliveryError(format!("cannot resolve remote syslog server {}: {e}", target.host)))?
        .collect();
    if addrs.is_empty() {
        return Err(DeliveryError(format!("remote syslog server {} has no address", target.host)));
    }
    Ok(addrs)
}

fn connect(target: &Target<'_>) -> Result<TcpStream, DeliveryError> {
    let mut last = None;
    for addr in resolve(target)? {
        let left = target.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            last = Some(out_of_time());
            break;
        }
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT.min(left)) {
            Ok(s) => {
                let setup = arm(&s, target.deadline).and_then(|()| s.set_nodelay(true));
                return setup.map(|()| s).map_err(|e| io_failure(target, &e));
            }
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address"));
    Err(DeliveryError(format!("cannot connect to remote syslog server {}: {e}", target.label())))
}

fn io_failure(target: &Target<'_>, e: &io::Error) -> DeliveryError {
    DeliveryError(format!("connection to remote syslog server {} failed: {e}", target.label()))
}

fn out_of_time() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "the time allowed for one delivery ran out")
}

/// Sets the socket's timeouts to what is left before `deadline` (at most `IO_TIMEOUT`);
/// fails once nothing is left. Called before every read and write.
fn arm(sock: &TcpStream, deadline: Instant) -> io::Result<()> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(out_of_time());
    }
    let t = left.min(IO_TIMEOUT);
    sock.set_read_timeout(Some(t))?;
    sock.set_write_timeout(Some(t))
}

/// `write_all`, re-arming the deadline before each write (a peer that reads slowly makes
/// each write short, never failing a per-write timeout).
fn write_all_by(w: &mut impl Write, mut buf: &[u8], sock: &TcpStream, deadline: Instant) -> io::Result<()> {
    while !buf.is_empty() {
        arm(sock, deadline)?;
        match w.write(buf) {
            Ok(0) => {
                return Err(io::Error::new(io::ErrorKind::WriteZero, "the connection accepts no more data"))
            }
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes the records octet-counted, in chunks, to any byte stream over `sock`.
fn write_framed(
    w: &mut impl Write,
    records: &[&[u8]],
    sock: &TcpStream,
    deadline: Instant,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + wire::MAX_RECORD + 16);
    for r in records {
        buf.extend_from_slice(r.len().to_string().as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(r);
        if buf.len() >= CHUNK {
            write_all_by(w, &buf, sock, deadline)?;
            buf.clear();
        }
    }
    write_all_by(w, &buf, sock, deadline)?;
    arm(sock, deadline)?;
    w.flush()
}

/// Reads until the peer closes; what it sends (syslog servers send nothing) is discarded.
/// Gives up at `deadline`, however the peer trickles.
fn await_close(r: &mut impl Read, sock: &TcpStream, deadline: Instant) -> io::Result<()> {
    let mut sink = [0u8; 4096];
    loop {
        arm(sock, deadline)?;
        match r.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn send_stream(target: &Target<'_>, stream: TcpStream, records: &[&[u8]]) -> Result<(), DeliveryError> {
    let ctl = stream.try_clone().map_err(|e| io_failure(target, &e))?;
    let mut stream = stream;
    write_framed(&mut stream, records, &ctl, target.deadline).map_err(|e| io_failure(target, &e))?;
    stream.shutdown(Shutdown::Write).map_err(|e| io_failure(target, &e))?;
    await_close(&mut stream, &ctl, target.deadline).map_err(|e| unconfirmed(target, &e))
}

fn unconfirmed(target: &Target<'_>, e: &io::Error) -> DeliveryError {
    DeliveryError(format!(
        "remote syslog server {} did not confirm receipt (it did not close the connection): {e}",
        target.label()
    ))
}

fn send_udp(target: &Target<'_>, records: &[&[u8]]) -> Result<(), DeliveryError> {
    let addr = resolve(target)?[0];
    let local: SocketAddr = if addr.is_ipv6() { "[::]:0" } else { "0.0.0.0:0" }
        .parse()
        .map_err(|_| DeliveryError("internal: bad wildcard address".into()))?;
    // Not connected: an ICMP "port unreachable" for one datagram must not fail the next,
    // since UDP syslog has no delivery feedback on the platform either.
    let sock = UdpSocket::bind(local).map_err(|e| io_failure(target, &e))?;
    for (i, r) in records.iter().enumerate() {
        if i > 0 && i % UDP_GROUP == 0 {
            if Instant::now() >= target.deadline {
                return Err(io_failure(target, &out_of_time()));
            }
            std::thread::sleep(UDP_PAUSE);
        }
        sock.send_to(r, addr).map_err(|e| io_failure(target, &e))?;
    }
    Ok(())
}

fn tls_config(roots: Arc<RootCertStore>) -> Result<Arc<ClientConfig>, DeliveryError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // Both versions rustls offers are 1.2 or later, the platform's minimum for syslog.
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| DeliveryError(format!("TLS set-up failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

fn send_tls(target: &Target<'_>, records: &[&[u8]]) -> Result<(), DeliveryError> {
    let roots = match &target.roots {
        Some(r) if !r.is_empty() => Arc::clone(r),
        _ => {
            return Err(DeliveryError(format!(
                "no CA certificate in the node's trust store to check remote syslog server {}: \
                 import the certificate of the CA that signed the server's certificate",
                target.label()
            )))
        }
    };
    let name = ServerName::try_from(target.host.to_string())
        .map_err(|e| DeliveryError(format!("invalid TLS server name {}: {e}", target.host)))?;
    let conn = ClientConnection::new(tls_config(roots)?, name)
        .map_err(|e| DeliveryError(format!("TLS set-up failed: {e}")))?;
    let tcp = connect(target)?;
    let ctl = tcp.try_clone().map_err(|e| io_failure(target, &e))?;
    let deadline = target.deadline;
    let mut tls = StreamOwned::new(conn, tcp);
    // The first write runs the handshake; certificate errors surface here.
    while tls.conn.is_handshaking() {
        arm(&ctl, deadline).map_err(|e| io_failure(target, &e))?;
        tls.conn.complete_io(&mut tls.sock).map_err(|e| tls_failure(target, &e))?;
    }
    write_framed(&mut tls, records, &ctl, deadline).map_err(|e| tls_failure(target, &e))?;
    tls.conn.send_close_notify();
    while tls.conn.wants_write() {
        arm(&ctl, deadline).map_err(|e| io_failure(target, &e))?;
        tls.conn.write_tls(&mut tls.sock).map_err(|e| io_failure(target, &e))?;
    }
    tls.sock.shutdown(Shutdown::Write).map_err(|e| io_failure(target, &e))?;
    match await_close(&mut tls, &ctl, deadline) {
        Ok(()) => Ok(()),
        // Some servers close the TCP connection without a close_notify of their own; they
        // still read everything before our close_notify.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(()),
        Err(e) => Err(unconfirmed(target, &e)),
    }
}

/// Words a TLS failure, naming certificate problems plainly.
fn tls_failure(target: &Target<'_>, e: &io::Error) -> DeliveryError {
    let tls = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let label = target.label();
    match tls {
        Some(rustls::Error::InvalidCertificate(cert)) => DeliveryError(match cert {
            CertificateError::UnknownIssuer => format!(
                "the certificate of remote syslog server {label} is not trusted: it is not signed by a \
                 CA in the node's trust store (import the CA certificate)"
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => format!(
                "the certificate of remote syslog server {label} is not valid for the host name {}",
                target.host
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                format!("the certificate of remote syslog server {label} has expired")
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                format!("the certificate of remote syslog server {label} is not valid yet")
            }
            other => format!("the certificate of remote syslog server {label} was refused: {other:?}"),
        }),
        Some(other) => DeliveryError(format!("TLS with remote syslog server {label} failed: {other}")),
        None => io_failure(target, e),
    }
}
