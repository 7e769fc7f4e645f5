//! The node's trust store for remote syslog over TLS: the CA certificates that may sign a
//! syslog server's certificate. On the platform they are uploaded to the tomcat trust store;
//! here they are PEM files in the node's tomcat-trust store (`certs::trust_store_dir`), the
//! same store `show cert list trust` lists and `set cert import trust tomcat` adds to. Labs
//! made before the stores were one kept them under `<node>/trust/tomcat-trust/`: that folder
//! is still read.

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;
use serde::Serialize;

use crate::engine::error::{CertificateProblem, EngineError, IoContext, Result};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;
use crate::engine::store;

/// The trust store a syslog server's CA certificate goes to, as the platform names it.
pub const TRUST_STORE: &str = "tomcat-trust";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedCa {
    pub trust_store: String,
    /// File name in the trust store, e.g. `syslog-ca.pem`.
    pub name: String,
    /// Certificates in the file (a chain may hold several).
    pub certificates: usize,
    /// True when a certificate of that name was replaced.
    pub replaced: bool,
}

fn store_dir(node: &NodeHandle) -> PathBuf {
    crate::engine::certs::trust_store_dir(node, "tomcat")
}

/// Where labs made before the one trust store kept syslog's CA certificates.
fn legacy_dir(node: &NodeHandle) -> PathBuf {
    node.dir().join("trust").join(TRUST_STORE)
}

/// Parses PEM text into certificates that can serve as trust anchors.
fn parse(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>> {
    let mut certs = Vec::new();
    for item in CertificateDer::pem_slice_iter(pem) {
        let cert = item
            .map_err(|e| EngineError::Certificate { problem: CertificateProblem::NotPem(e.to_string()) })?;
        certs.push(cert);
    }
    if certs.is_empty() {
        return Err(EngineError::Certificate { problem: CertificateProblem::NoCertificate });
    }
    let mut check = RootCertStore::empty();
    for c in &certs {
        check
            .add(c.clone())
            .map_err(|e| EngineError::Certificate { problem: CertificateProblem::NotCa(e.to_string()) })?;
    }
    Ok(certs)
}

/// Imports a CA certificate (PEM) into the node's trust store under `name` (level 4).
pub fn import_ca(op: &Op, name: &str, pem: &[u8]) -> Result<ImportedCa> {
    let node = op.node();
    let stem: String = name
        .trim_end_matches(".pem")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        return Err(EngineError::Certificate { problem: CertificateProblem::BadName(name.to_string()) });
    }
    let certs = parse(pem)?;
    let file = format!("{stem}.pem");
    let path = store_dir(node).join(&file);
    let _lock = node.lock()?;
    let replaced = path.exists();
    store::atomic_write(&path, pem)?;
    Ok(ImportedCa { trust_store: TRUST_STORE.into(), name: file, certificates: certs.len(), replaced })
}

/// Every certificate of the trust store, as rustls trust anchors. A file that no longer
/// parses is skipped: one bad file must not stop delivery to servers the others vouch for.
pub fn roots(node: &NodeHandle) -> Result<Arc<RootCertStore>> {
    let mut roots = RootCertStore::empty();
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [store_dir(node), legacy_dir(node)] {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(EngineError::io(format!("reading {}", dir.display()), e)),
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pem"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    for p in paths {
        let pem = fs::read(&p).ctx(|| format!("reading {}", p.display()))?;
        if let Ok(certs) = parse(&pem) {
            for c in certs {
                let _ = roots.add(c);
            }
        }
    }
    Ok(Arc::new(roots))
}
