//! The state changes of branding on a node: placing the uploaded branding.zip, enabling
//! (checking, then unpacking into a staging folder swapped into place under the node
//! lock), disabling, and the status read back from `platform.toml`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::archive::validate_archive;
use super::{
    BrandingAction, BrandingChange, BrandingFile, BrandingPlaced, BrandingStatus, Installed, MAX_ZIP_BYTES,
    UPLOAD_DIR, WEB_DIR, ZIP_NAME,
};
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::events::{self, Event};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;
use crate::engine::platform::PlatformState;
use crate::engine::store;

// ---------------------------------------------------------------------------------------
// Operations

fn upload_path(node: &NodeHandle) -> PathBuf {
    node.dir().join(UPLOAD_DIR).join(ZIP_NAME)
}

fn web_dir(node: &NodeHandle) -> PathBuf {
    node.dir().join(WEB_DIR)
}

/// Where a node keeps its uploaded branding.zip.
pub fn uploaded_file_path(node: &NodeHandle) -> PathBuf {
    upload_path(node)
}

/// Where a node's web pages read the installed branding.
pub fn installed_dir(node: &NodeHandle) -> PathBuf {
    web_dir(node)
}

/// Places `bytes` on the node as its uploaded branding.zip (what OS administration's
/// Branding > Upload File does). Content is not refused here — `enable` does that — but
/// the result says what `enable` would find.
pub fn place(op: &Op, bytes: &[u8], source: &str) -> Result<BrandingPlaced> {
    let (node, session) = (op.node(), op.session());
    if bytes.len() as u64 > MAX_ZIP_BYTES {
        return Err(EngineError::BrandingTooLarge {
            source_name: source.to_string(),
            bytes: bytes.len() as u64,
            max: MAX_ZIP_BYTES,
        });
    }
    let file = BrandingFile {
        source: source.to_string(),
        bytes: bytes.len() as u64,
        placed_at: node.now(),
        placed_by: session.account.clone(),
    };
    let path = upload_path(node);
    node.update_platform(|state| {
        store::atomic_write(&path, bytes)?;
        state.branding.uploaded = Some(file.clone());
        Ok(())
    })?;
    Ok(BrandingPlaced {
        node: node.name().to_string(),
        path,
        file,
        validation: validate_archive(bytes, node.product()),
    })
}

/// `ucsh cluster branding-file <node> <FILE>`: places a local file on the node.
pub fn place_local_file(op: &Op, file: &Path) -> Result<BrandingPlaced> {
    // The file's name only, as an upload page records it: the node never shows a path of
    // the machine the file came from.
    let name =
        file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "branding.zip".into());
    place_file(op, file, &name)
}

/// Places the file at `file` on the node, recording `source` as where it came from
/// (a local path, or the SFTP server it was fetched from).
pub fn place_file(op: &Op, file: &Path, source: &str) -> Result<BrandingPlaced> {
    let meta = fs::metadata(file).ctx(|| format!("reading {}", file.display()))?;
    if !meta.is_file() {
        return Err(EngineError::NotRegularFile { rel: file.display().to_string() });
    }
    if meta.len() > MAX_ZIP_BYTES {
        return Err(EngineError::BrandingTooLarge {
            source_name: file.display().to_string(),
            bytes: meta.len(),
            max: MAX_ZIP_BYTES,
        });
    }
    let mut bytes = Vec::new();
    fs::File::open(file)
        .and_then(|f| f.take(MAX_ZIP_BYTES + 1).read_to_end(&mut bytes))
        .ctx(|| format!("reading {}", file.display()))?;
    place(op, &bytes, source)
}

/// Reads the uploaded file and its record, or says none is there.
pub(super) fn read_uploaded(node: &NodeHandle) -> Result<(Vec<u8>, BrandingFile)> {
    read_uploaded_from(node, &node.platform()?)
}

fn read_uploaded_from(node: &NodeHandle, state: &PlatformState) -> Result<(Vec<u8>, BrandingFile)> {
    let path = upload_path(node);
    let missing = || EngineError::NoBrandingFile { node: node.name().to_string() };
    let record = state.branding.uploaded.clone().ok_or_else(missing)?;
    let mut bytes = Vec::new();
    match fs::File::open(&path) {
        Ok(f) => {
            f.take(MAX_ZIP_BYTES + 1)
                .read_to_end(&mut bytes)
                .ctx(|| format!("reading {}", path.display()))?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => return Err(EngineError::io(format!("reading {}", path.display()), e)),
    }
    Ok((bytes, record))
}

/// `utils branding enable`: checks the uploaded branding.zip and installs it. Refuses with
/// every problem found when anything is wrong, leaving the node as it was.
pub fn enable(op: &Op) -> Result<BrandingChange> {
    let (node, session) = (op.node(), op.session());
    session.require_primary()?;
    let now = node.now();
    let web = web_dir(node);
    // Read, check and install under the node lock, so an upload arriving meanwhile cannot
    // slip in between the check and the install.
    let (file, option, validation) = node.update_platform(|state| {
        let (bytes, file) = read_uploaded_from(node, state)?;
        let validation = validate_archive(&bytes, node.product());
        let option = match validation.option {
            Some(o) if validation.is_valid() => o,
            _ => return Err(EngineError::BrandingRejected(Box::new(validation))),
        };
        install_files(&web, &validation.files)?;
        state.branding.installed = Some(Installed {
            file: file.clone(),
            option,
            enabled_at: now,
            enabled_by: session.account.clone(),
            colours: validation.colours.clone(),
        });
        Ok((file, option, validation))
    })?;
    events::emit(
        node,
        &Event::audit(
            "BrandingEnabled",
            format!(
                "Branding enabled. File:{} Option:{} UserID:{}",
                file.source,
                option.describe(),
                session.account
            ),
        ),
    );
    Ok(BrandingChange {
        node: node.name().to_string(),
        action: BrandingAction::Enable,
        changed: true,
        file: Some(file),
        option: Some(option),
        warnings: validation.warnings().cloned().collect(),
    })
}

/// `utils branding disable`: back to the default look.
pub fn disable(op: &Op) -> Result<BrandingChange> {
    let (node, session) = (op.node(), op.session());
    session.require_primary()?;
    let web = web_dir(node);
    let removed = node.update_platform(|state| {
        let removed = state.branding.installed.take();
        remove_installed(&web)?;
        Ok(removed)
    })?;
    if let Some(installed) = &removed {
        events::emit(
            node,
            &Event::audit(
                "BrandingDisabled",
                format!("Branding disabled. File:{} UserID:{}", installed.file.source, session.account),
            ),
        );
    }
    Ok(BrandingChange {
        node: node.name().to_string(),
        action: BrandingAction::Disable,
        changed: removed.is_some(),
        option: removed.as_ref().map(|i| i.option),
        file: removed.map(|i| i.file),
        warnings: Vec::new(),
    })
}

/// `utils branding status`.
pub fn status(op: &Op) -> Result<BrandingStatus> {
    let (node, session) = (op.node(), op.session());
    session.require_primary()?;
    let state = node.platform()?.branding;
    Ok(BrandingStatus {
        node: node.name().to_string(),
        enabled: state.enabled(),
        installed: state.installed,
        uploaded: state.uploaded,
        upload_path: upload_path(node),
    })
}

/// Unpacks into a staging folder beside `web`, then swaps it into place.
fn install_files(web: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    let parent = web.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(parent).ctx(|| format!("creating {}", parent.display()))?;
    let staging = parent.join(".branding.new");
    let old = parent.join(".branding.old");
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).ctx(|| format!("removing {}", leftover.display()))?;
        }
    }
    for (rel, data) in files {
        // `rel` comes from the fixed layout table, never from the archive's own names.
        let target = staging.join(rel);
        store::atomic_write(&target, data)?;
    }
    if web.exists() {
        fs::rename(web, &old).ctx(|| format!("moving {} aside", web.display()))?;
    }
    fs::rename(&staging, web).ctx(|| format!("moving {} into place", staging.display()))?;
    store::sync_dir(parent)?;
    if old.exists() {
        fs::remove_dir_all(&old).ctx(|| format!("removing {}", old.display()))?;
    }
    Ok(())
}

fn remove_installed(web: &Path) -> Result<()> {
    if !web.exists() {
        return Ok(());
    }
    let parent = web.parent().unwrap_or_else(|| Path::new("."));
    let old = parent.join(".branding.old");
    if old.exists() {
        fs::remove_dir_all(&old).ctx(|| format!("removing {}", old.display()))?;
    }
    fs::rename(web, &old).ctx(|| format!("moving {} aside", web.display()))?;
    store::sync_dir(parent)?;
    fs::remove_dir_all(&old).ctx(|| format!("removing {}", old.display()))
}
