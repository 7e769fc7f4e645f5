//! Custom branding of a node's administration pages: `utils branding enable | disable |
//! status`, the uploaded `branding.zip`, and ucsh's own `utils branding preview`.
//!
//! On the platform a malformed branding.zip is only noticed in the browser. Here every
//! archive is checked before anything changes: the folder layout of the node's product
//! (Communications Manager `Branding/ccmadmin/...`, IM and Presence `Branding/cup/...`), in
//! its single-header or gradient option; every image really a GIF or PNG of exactly the
//! stated pixel size; `BrandingProperties.properties` parsing with known keys and
//! `"#RRGGBB"` values; and archives that try to escape the folder, carry links, duplicate
//! names or unpack to far more than they claim (zip bombs) are refused. All problems are
//! collected and reported together; nothing is enabled while any of them is an error.
//!
//! A node keeps, under its own folder:
//! ```text
//! upload/branding/branding.zip   the uploaded file (OS administration's Upload File, or
//!                                `ucsh cluster branding-file`)
//! web/branding/                  the installed branding the web pages read (the zip's
//!                                `Branding/` folder, unpacked), present only while enabled
//! platform.toml [branding]       what was uploaded and what is enabled
//! activelog/platform/branding/preview.html   the last `utils branding preview`
//! ```
//!
//! Installing unpacks into a staging folder beside `web/branding` and renames it into place
//! under the node lock, so a killed process never leaves half a branding. This module never
//! prints; it returns typed results and the front words them.
//!
//! Here: the constants and result types. `archive` checks a branding.zip (pure, bytes in,
//! problems out); `state` changes the node (place, enable, disable, status); `preview`
//! writes the HTML preview page.

mod archive;
mod preview;
mod state;

pub use archive::{known_keys, parse_colour, product_folder, validate_archive};
pub use preview::preview;
pub use state::{
    disable, enable, installed_dir, place, place_file, place_local_file, status, uploaded_file_path,
};

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::deployment::Product;

/// The name the platform gives the uploaded archive.
pub const ZIP_NAME: &str = "branding.zip";
/// Where the uploaded archive is kept, relative to the node folder.
pub const UPLOAD_DIR: &str = "upload/branding";
/// Where the node's web pages read the installed branding, relative to the node folder.
pub const WEB_DIR: &str = "web/branding";
/// Where `utils branding preview` writes its page, relative to `activelog`.
pub const PREVIEW_PATH: &str = "platform/branding/preview.html";
/// The properties file inside the product folder.
pub const PROPERTIES_NAME: &str = "BrandingProperties.properties";

/// Largest archive accepted, in bytes (a real branding.zip is a few kilobytes).
pub const MAX_ZIP_BYTES: u64 = 8 * 1024 * 1024;
/// Most entries (files and folders) an archive may hold.
pub const MAX_ENTRIES: usize = 64;
/// Most bytes all entries together may unpack to, counted while unpacking.
pub const MAX_UNPACKED_BYTES: u64 = 8 * 1024 * 1024;

/// The two folder layouts of the branding chapter (table 35).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutOption {
    /// One header background image, `brandingHeader.gif`.
    SingleHeader,
    /// Six 652x1 images `brandingHeader{Beg,Mid,End}{LTR,RTR}.gif` making a gradient.
    Gradient,
}

impl LayoutOption {
    pub fn describe(self) -> &'static str {
        match self {
            LayoutOption::SingleHeader => "single header",
            LayoutOption::Gradient => "gradient header",
        }
    }
}

/// How bad a problem is: errors stop `enable`; warnings are reported and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemLevel {
    Error,
    Warning,
}

/// What a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// The file is not a readable zip archive at all.
    Archive,
    /// A hostile or unsafe entry: climbing out, absolute, link, duplicate, zip bomb, ...
    Unsafe,
    /// A file missing from, or not part of, the layout.
    Layout,
    /// An image of the wrong format or size, or one that does not decode.
    Image,
    /// `BrandingProperties.properties`: syntax, keys, colour values.
    Properties,
}

/// One thing wrong with an archive: which entry, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The entry's name inside the zip, or `branding.zip` for the archive as a whole.
    pub entry: String,
    pub level: ProblemLevel,
    pub kind: ProblemKind,
    /// The reason, one sentence without a final period.
    pub reason: String,
}

impl Problem {
    fn error(kind: ProblemKind, entry: impl Into<String>, reason: impl Into<String>) -> Self {
        Problem { entry: entry.into(), level: ProblemLevel::Error, kind, reason: reason.into() }
    }

    fn warning(kind: ProblemKind, entry: impl Into<String>, reason: impl Into<String>) -> Self {
        Problem { entry: entry.into(), level: ProblemLevel::Warning, kind, reason: reason.into() }
    }
}

/// The result of checking one archive against a product's layout.
#[derive(Clone, Serialize)]
pub struct Validation {
    pub product: Product,
    /// The layout option the archive follows, when it could be told.
    pub option: Option<LayoutOption>,
    pub problems: Vec<Problem>,
    /// The colours the properties file sets, key -> `#RRGGBB`.
    pub colours: BTreeMap<String, String>,
    /// The layout's files and their bytes, by path inside the `Branding/` folder.
    #[serde(skip)]
    files: BTreeMap<String, Vec<u8>>,
}

impl fmt::Debug for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validation")
            .field("product", &self.product)
            .field("option", &self.option)
            .field("problems", &self.problems)
            .field("colours", &self.colours)
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Validation {
    fn new(product: Product) -> Self {
        Validation {
            product,
            option: None,
            problems: Vec::new(),
            colours: BTreeMap::new(),
            files: BTreeMap::new(),
        }
    }

    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.level == ProblemLevel::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == ProblemLevel::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == ProblemLevel::Warning)
    }

    /// Whether the archive is unsafe to unpack at all (not merely the wrong content).
    pub fn is_hostile(&self) -> bool {
        self.problems.iter().any(|p| {
            p.level == ProblemLevel::Error && matches!(p.kind, ProblemKind::Unsafe | ProblemKind::Archive)
        })
    }

    /// Paths (inside `Branding/`) of the files that would be installed.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }
}

/// An uploaded branding file: where it came from, how big, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandingFile {
    /// What the file was brought from (a local path, or `sftp://user@host/path`).
    pub source: String,
    pub bytes: u64,
    pub placed_at: DateTime<Utc>,
    pub placed_by: String,
}

/// What is installed while branding is enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installed {
    pub file: BrandingFile,
    pub option: LayoutOption,
    pub enabled_at: DateTime<Utc>,
    pub enabled_by: String,
    #[serde(default)]
    pub colours: BTreeMap<String, String>,
}

/// The `[branding]` section of `platform.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandingState {
    /// The branding.zip currently uploaded to the node, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded: Option<BrandingFile>,
    /// The branding in force; `None` means the default look.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed: Option<Installed>,
}

impl BrandingState {
    pub fn enabled(&self) -> bool {
        self.installed.is_some()
    }
}

/// What placing a branding.zip on a node did.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingPlaced {
    pub node: String,
    /// Where the node keeps it.
    pub path: PathBuf,
    pub file: BrandingFile,
    /// What `enable` would find wrong with it (a heads-up; placing never refuses content).
    pub validation: Validation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BrandingAction {
    Enable,
    Disable,
}

/// What `utils branding enable` or `disable` did.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingChange {
    pub node: String,
    pub action: BrandingAction,
    /// False when `disable` found branding already disabled.
    pub changed: bool,
    /// The file now in force (enable) or the one just removed (disable).
    pub file: Option<BrandingFile>,
    pub option: Option<LayoutOption>,
    /// Warnings found while checking the archive (enable only).
    pub warnings: Vec<Problem>,
}

/// What `utils branding status` reports.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingStatus {
    pub node: String,
    pub enabled: bool,
    pub installed: Option<Installed>,
    /// The file uploaded now (may differ from the one enabled).
    pub uploaded: Option<BrandingFile>,
    /// Where the uploaded file is kept on the node.
    pub upload_path: PathBuf,
}

/// What `utils branding preview` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingPreview {
    pub node: String,
    /// The page on the lab host.
    pub path: PathBuf,
    /// The same page as `file get activelog` names it.
    pub activelog_path: String,
    pub file: BrandingFile,
    pub validation: Validation,
}
