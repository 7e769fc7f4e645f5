//! `--from-file` batches of login or logout requests, as administrators give them in bulk:
//! a CSV file with a header, `userid,pin,device[,ip]` for logins and `device` for logouts
//! (other columns are ignored, header names in any case). Bounded: at most
//! [`service::MAX_BATCH`] requests and [`MAX_FILE_BYTES`] bytes; the whole file is read and
//! checked before any request is sent.

use std::io::Read as _;
use std::path::Path;

use super::service::{self, Action, Request};
use crate::engine::error::{EngineError, Result};

/// Largest batch file.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

fn bad(file: &Path, why: impl Into<String>) -> EngineError {
    EngineError::EmBatch { file: file.to_path_buf(), why: why.into() }
}

/// Reads the requests of a batch file for `action`.
pub fn read(file: &Path, action: Action) -> Result<Vec<Request>> {
    let f = std::fs::File::open(file).map_err(|e| bad(file, e.to_string()))?;
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(bad(file, "it is not a regular file"));
    }
    let mut text = String::new();
    f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text).map_err(|e| bad(file, e.to_string()))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(bad(file, format!("a batch file is at most {} MiB", MAX_FILE_BYTES >> 20)));
    }
    let mut rd =
        csv::ReaderBuilder::new().has_headers(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> =
        rd.headers().map_err(|e| bad(file, e.to_string()))?.iter().map(|h| h.to_ascii_lowercase()).collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (c_user, c_pin, c_device, c_ip) = (
        col(&["userid", "user id", "user"]),
        col(&["pin"]),
        col(&["device", "device name", "name"]),
        col(&["ip"]),
    );
    let Some(c_device) = c_device else { return Err(bad(file, "the header has no device column")) };
    let login = matches!(action, Action::Login | Action::EmccLogin);
    if login && (c_user.is_none() || c_pin.is_none()) {
        return Err(bad(file, "a login batch has the columns userid, pin and device"));
    }
    let mut out = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| bad(file, format!("line {}: {e}", i + 2)))?;
        if out.len() >= service::MAX_BATCH {
            return Err(bad(file, format!("more than {} requests; split the file", service::MAX_BATCH)));
        }
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::to_string).filter(|s| !s.is_empty());
        if let Some(v) = rec.iter().find(|v| v.chars().any(char::is_control)) {
            return Err(bad(
                file,
                format!("line {}: {} contains a control character", i + 2, crate::engine::text::printable(v)),
            ));
        }
        let mut r = Request::new(action, &get(Some(c_device)).unwrap_or_default());
        if login {
            r.user = get(c_user);
            r.pin = get(c_pin);
        }
        r.ip = get(c_ip);
        out.push(r);
    }
    Ok(out)
}
