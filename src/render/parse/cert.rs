//! Reads back `show cert list own|trust` and `show cert own|trust <name>` (render/cert.rs).

use chrono::{DateTime, NaiveDateTime, Utc};

use super::ParseCtx;
use crate::engine::certs::{CertDetail, CertEntry, CertList};
use crate::render::Report;

pub fn list(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_list(text)?))
}

/// `<store>/<file>: <description>`, one certificate a line.
pub fn parse_list(text: &str) -> Result<CertList, String> {
    let mut certs = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        let (path, description) =
            line.split_once(": ").ok_or_else(|| format!("not a certificate line: {line:?}"))?;
        let (store, file) =
            path.split_once('/').ok_or_else(|| format!("not a certificate line: {line:?}"))?;
        certs.push(CertEntry {
            store: store.to_string(),
            file: file.to_string(),
            description: description.to_string(),
        });
    }
    Ok(CertList { certs })
}

/// A date as `cert_date` writes it: `Mon Nov 23 10:00:00 UTC 2026`.
fn date(s: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(s.trim(), "%a %b %d %H:%M:%S UTC %Y")
        .map(|d| d.and_utc())
        .map_err(|_| format!("not a certificate date: {s:?}"))
}

/// `Name (oid)`.
fn named_oid(s: &str) -> Result<(String, String), String> {
    let (name, oid) = s.rsplit_once(" (").ok_or_else(|| format!("no OID in {s:?}"))?;
    let oid = oid.strip_suffix(')').ok_or_else(|| format!("no OID in {s:?}"))?;
    Ok((name.to_string(), oid.to_string()))
}

pub fn detail(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let _ = ctx;
    Ok(Box::new(parse_detail(text)?))
}

pub fn parse_detail(text: &str) -> Result<CertDetail, String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty()).ok_or("no output")?;
    let name = lines[start].trim_end().to_string();
    if lines.get(start + 1).map(|l| l.trim_end()) != Some("[") {
        return Err("no [ after the certificate's name".into());
    }
    let end = lines.iter().position(|l| l.trim_end() == "]").ok_or("no ] after the fields")?;
    let body = lines[start + 2..end].join("\n");
    let field = |key: &str| super::field(&body, key).map(str::trim);
    let version = field("Version")?.strip_prefix('V').and_then(|v| v.parse().ok()).ok_or("no Version")?;
    let (signature_algorithm, signature_oid) = named_oid(field("SignatureAlgorithm")?)?;
    let (key_algorithm, key_oid) = named_oid(field("Key")?)?;
    let alt_names = match field("Subject Alternative Names") {
        Ok(v) => v.split(", ").map(str::to_string).collect(),
        Err(_) => Vec::new(),
    };
    let pem: String = lines[end + 1..].iter().map(|l| format!("{l}\n")).collect();
    Ok(CertDetail {
        name,
        version,
        serial: field("Serial Number")?.to_string(),
        signature_algorithm,
        signature_oid,
        issuer: field("Issuer Name")?.to_string(),
        subject: field("Subject Name")?.to_string(),
        not_before: date(field("Validity From")?)?,
        not_after: date(field("To")?)?,
        expired: field("Status").is_ok_and(|s| s == "EXPIRED"),
        key_algorithm,
        key_oid,
        alt_names,
        pem,
    })
}

// ----- set cert regen, set cert import trust (replication, branding, syslog, certificates,
// DRS group) -----

use super::dbreplication::same_text;
use super::partial::{after_questions, Partial};
use crate::engine::certs::{CertRegen, TrustImported};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};

/// The questions of an SFTP fetch (`file get`'s) and its host key check.
pub(crate) const SFTP_QUESTIONS: &[&str] = &[
    "SFTP server IP: ",
    "SFTP server port [22]: ",
    "User ID: ",
    "Password: ",
    "Are you sure you want to continue connecting (yes/no)?",
];

fn line_after<'t>(text: &'t str, prefix: &str) -> Result<&'t str, String> {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::trim_end)
        .ok_or_else(|| format!("no \"{prefix}\" line"))
}

/// `set cert regen <unit>` (after its warning and `Continue (y/n)?`): the unit, the new
/// certificate's end of validity and the services to restart. The new serial is not in the
/// text (`show cert own <unit>` shows it).
pub fn regen(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[CONTINUE_YN]);
    if text.trim() == "Command cancelled: nothing was changed." {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(Partial::new(parse_regen(text)?, &["serial"])))
}

pub fn parse_regen(text: &str) -> Result<CertRegen, String> {
    let unit = line_after(text, "Successfully Regenerated Certificate for ")?;
    let unit = unit.strip_suffix('.').ok_or("no unit")?.to_string();
    let until = line_after(text, "The new certificate is valid until ")?;
    let not_after = date(until.strip_suffix('.').ok_or("no date")?)?;
    let services = text
        .lines()
        .filter_map(|l| l.strip_prefix("  utils service restart "))
        .map(|s| s.trim_end().to_string())
        .collect();
    let v = CertRegen { unit, serial: String::new(), not_after, services };
    same_text(&v, text, "set cert regen")?;
    Ok(v)
}

/// `set cert import trust <unit>` (after the SFTP server's questions): the store, the file,
/// the subject, the end of validity and the services to restart. The serial, where the
/// certificate came from and whether one of the same name was replaced are not in the text.
pub fn import_trust(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, &[SFTP_QUESTIONS, &["Certificate file path on the server: "]].concat());
    Ok(Box::new(Partial::new(parse_import_trust(text)?, &["serial", "replaced", "source"])))
}

pub fn parse_import_trust(text: &str) -> Result<TrustImported, String> {
    let store = line_after(text, "Successfully imported certificate for ")?;
    let store = store.strip_suffix('.').ok_or("no store")?.to_string();
    let stored = line_after(text, &format!("Stored as {store}/"))?;
    let (file, subject) = stored
        .strip_suffix(')')
        .and_then(|s| s.split_once(" ("))
        .ok_or_else(|| format!("not a stored line: {stored:?}"))?;
    let not_after = date(line_after(text, "Valid until ")?)?;
    let services = match line_after(
        text,
        &format!("Please restart the services related to {store} for the changes to take effect: "),
    ) {
        Ok(s) => s.split(", ").map(str::to_string).collect(),
        Err(_) => Vec::new(),
    };
    let v = TrustImported {
        store,
        file: file.to_string(),
        subject: subject.to_string(),
        serial: String::new(),
        not_after,
        replaced: false,
        services,
        source: String::new(),
    };
    same_text(&v, text, "set cert import trust")?;
    Ok(v)
}
