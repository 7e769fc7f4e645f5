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

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::deployment::Product;
use super::error::{EngineError, IoContext, Result};
use super::events::{self, Event};
use super::node::{NodeHandle, Partition};
use super::platform::PlatformState;
use super::store;
use crate::engine::op::Op;

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

// ---------------------------------------------------------------------------------------
// The layouts and keys

/// The product's folder inside `Branding/`.
pub fn product_folder(product: Product) -> &'static str {
    match product {
        Product::Cm => "ccmadmin",
        Product::Imp => "cup",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Gif,
    Png,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Gif => "GIF",
            Format::Png => "PNG",
        }
    }
}

/// One image the layout wants.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ImageSpec {
    /// Path inside the zip, e.g. `Branding/cup/ciscoLogo12pxMargin.gif`.
    path: String,
    format: Format,
    width: usize,
    height: usize,
}

const GRADIENT_NAMES: [&str; 6] = [
    "brandingHeaderBegLTR.gif",
    "brandingHeaderBegRTR.gif",
    "brandingHeaderEndLTR.gif",
    "brandingHeaderEndRTR.gif",
    "brandingHeaderMidLTR.gif",
    "brandingHeaderMidRTR.gif",
];
const SINGLE_NAME: &str = "brandingHeader.gif";
const LOGO_NAME: &str = "ciscoLogo12pxMargin.gif";
/// Communications Manager only: the logo beside the `Branding/` product folder.
const CM_TOP_LOGO: &str = "branding_logo.png";

fn zip_path(product: Product, file: &str) -> String {
    format!("Branding/{}/{file}", product_folder(product))
}

/// The images of one layout option for one product (CLI-REFERENCE §4 for Communications
/// Manager, the IM and Presence guide's table 35 for IM and Presence).
fn images(product: Product, option: LayoutOption) -> Vec<ImageSpec> {
    let gif = |file: &str, width, height| ImageSpec {
        path: zip_path(product, file),
        format: Format::Gif,
        width,
        height,
    };
    let mut out = match option {
        LayoutOption::SingleHeader => {
            let width = match product {
                Product::Cm => 2048,
                Product::Imp => 652,
            };
            vec![gif(SINGLE_NAME, width, 1)]
        }
        LayoutOption::Gradient => GRADIENT_NAMES.iter().map(|n| gif(n, 652, 1)).collect(),
    };
    out.push(gif(LOGO_NAME, 44, 44));
    if product == Product::Cm {
        out.push(ImageSpec {
            path: format!("Branding/{CM_TOP_LOGO}"),
            format: Format::Png,
            width: 44,
            height: 25,
        });
    }
    out
}

/// The properties keys each product knows (CLI-REFERENCE §4; IM and Presence table 36).
pub fn known_keys(product: Product) -> &'static [&'static str] {
    match product {
        Product::Cm => &[
            "heading.heading.color",
            "header.navigation.color",
            "header.go.font.color",
            "header.go.background.color",
            "header.go.border.color",
            "splash.username.color",
            "splash.password.color",
            "splash.login.text.color",
            "splash.login.back.ground.color",
            "splash.reset.text.color",
            "splash.reset.back.ground.color",
            "splash.hex.code.1",
            "splash.hex.code.2",
            "splash.hex.code.3",
            "header.admin.color",
            "header.hover.link.color",
            "splash.header.color",
            "splash.version.color",
        ],
        Product::Imp => &[
            "header.heading.color",
            "header.navigation.color",
            "header.go.font.color",
            "header.go.background.color",
            "header.go.border.color",
            "splash.login.text.color",
            "splash.button.text.color",
            "splash.button.color",
            "splash.hex.code.3",
            "splash.hex.code.2",
            "splash.hex.code.1",
            "header.text.bold.color",
            "header.link.color",
            "header.divider.color",
            "splash.version.color",
        ],
    }
}

// ---------------------------------------------------------------------------------------
// Validation

/// Checks `bytes` as a branding.zip for a node of `product`. Never fails: every problem,
/// including "not a zip at all", is in the result.
pub fn validate_archive(bytes: &[u8], product: Product) -> Validation {
    let mut v = Validation::new(product);
    if bytes.len() as u64 > MAX_ZIP_BYTES {
        v.push(Problem::error(
            ProblemKind::Unsafe,
            ZIP_NAME,
            format!("the archive is {} bytes, more than the {MAX_ZIP_BYTES} bytes allowed", bytes.len()),
        ));
        return v;
    }
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            v.push(Problem::error(
                ProblemKind::Archive,
                ZIP_NAME,
                format!("not a readable zip archive ({e})"),
            ));
            return v;
        }
    };

    // The zip reader keeps one entry per name, silently dropping earlier duplicates, so
    // the names are counted from the central directory itself.
    let names = central_directory_names(bytes, archive.central_directory_start());
    if names.len() > MAX_ENTRIES {
        v.push(Problem::error(
            ProblemKind::Unsafe,
            ZIP_NAME,
            format!("the archive has more than {MAX_ENTRIES} entries"),
        ));
        return v;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &names {
        *seen.entry(n.as_str()).or_default() += 1;
    }
    for (name, count) in &seen {
        if *count > 1 {
            v.push(Problem::error(
                ProblemKind::Unsafe,
                *name,
                format!("the name appears {count} times in the archive"),
            ));
        }
    }

    match archive.has_overlapping_files() {
        Ok(false) => {}
        Ok(true) => v.push(Problem::error(
            ProblemKind::Unsafe,
            ZIP_NAME,
            "several entries share the same packed data (a zip bomb technique)",
        )),
        Err(e) => v.push(Problem::error(ProblemKind::Archive, ZIP_NAME, format!("cannot be read ({e})"))),
    }

    let declared: u128 = archive.decompressed_size().unwrap_or(u128::MAX);
    let declared_ok = declared <= u128::from(MAX_UNPACKED_BYTES);
    if !declared_ok {
        v.push(Problem::error(
            ProblemKind::Unsafe,
            ZIP_NAME,
            format!("the entries declare more than {MAX_UNPACKED_BYTES} unpacked bytes (a zip bomb?)"),
        ));
    }

    let wanted: Vec<String> = wanted_paths(product);
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut budget = MAX_UNPACKED_BYTES;
    let mut over_budget = false;
    let mut other_files: Vec<String> = Vec::new();
    let mut dirs: Vec<String> = Vec::new();

    for i in 0..archive.len() {
        let index_name = archive.name_for_index(i).unwrap_or("?").to_string();
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                let name = index_name;
                v.push(Problem::error(ProblemKind::Archive, name, format!("cannot be read ({e})")));
                continue;
            }
        };
        let name = entry.name().to_string();
        if let Some(reason) = unsafe_name(&name) {
            v.push(Problem::error(ProblemKind::Unsafe, &name, reason));
            continue;
        }
        if entry.enclosed_name().is_none() {
            v.push(Problem::error(ProblemKind::Unsafe, &name, "the name leads outside the Branding folder"));
            continue;
        }
        let mode_type = entry.unix_mode().map(|m| m & 0o170000).unwrap_or(0);
        if entry.is_symlink() || mode_type == 0o120000 {
            v.push(Problem::error(ProblemKind::Unsafe, &name, "the entry is a symbolic link"));
            continue;
        }
        if !matches!(mode_type, 0 | 0o100000 | 0o040000) {
            v.push(Problem::error(
                ProblemKind::Unsafe,
                &name,
                "the entry is a special file, not a regular file",
            ));
            continue;
        }
        if entry.encrypted() {
            v.push(Problem::error(
                ProblemKind::Unsafe,
                &name,
                "the entry is encrypted and cannot be checked",
            ));
            continue;
        }
        if entry.is_dir() {
            dirs.push(name);
            continue;
        }
        if !declared_ok || over_budget {
            continue;
        }
        // Count what really comes out, whatever the header claims.
        let declared_size = entry.size();
        let mut data = Vec::new();
        let read = (&mut entry).take(budget + 1).read_to_end(&mut data);
        match read {
            Err(e) => {
                v.push(Problem::error(ProblemKind::Archive, &name, format!("cannot be unpacked ({e})")));
                continue;
            }
            Ok(n) if n as u64 > budget => {
                v.push(Problem::error(
                    ProblemKind::Unsafe,
                    &name,
                    format!(
                        "unpacking it exceeds the {MAX_UNPACKED_BYTES} bytes allowed for the whole archive (a zip bomb?); it declares {declared_size} bytes"
                    ),
                ));
                over_budget = true;
                continue;
            }
            Ok(n) => {
                budget -= n as u64;
                if n as u64 != declared_size {
                    v.push(Problem::error(
                        ProblemKind::Unsafe,
                        &name,
                        format!("unpacks to {n} bytes but declares {declared_size}"),
                    ));
                    continue;
                }
            }
        }
        if wanted.contains(&name) {
            contents.insert(name, data);
        } else {
            other_files.push(name);
        }
    }
    if !v.is_valid() && v.is_hostile() {
        // Nothing in a hostile archive is worth looking at further.
        return v;
    }

    check_layout(&mut v, product, &contents, &other_files, &dirs);
    v
}

/// Every layout path this product may use, in both options.
fn wanted_paths(product: Product) -> Vec<String> {
    let mut out: Vec<String> = images(product, LayoutOption::SingleHeader)
        .into_iter()
        .chain(images(product, LayoutOption::Gradient))
        .map(|i| i.path)
        .collect();
    out.push(zip_path(product, PROPERTIES_NAME));
    out.sort();
    out.dedup();
    out
}

fn check_layout(
    v: &mut Validation,
    product: Product,
    contents: &BTreeMap<String, Vec<u8>>,
    other_files: &[String],
    dirs: &[String],
) {
    let single = zip_path(product, SINGLE_NAME);
    let gradient: Vec<String> = GRADIENT_NAMES.iter().map(|n| zip_path(product, n)).collect();
    let has_single = contents.contains_key(&single);
    let has_gradient = gradient.iter().any(|g| contents.contains_key(g));
    let option = match (has_single, has_gradient) {
        (true, true) => {
            v.push(Problem::error(
                ProblemKind::Layout,
                &single,
                "the archive mixes the single header option with the gradient option's brandingHeader{Beg,Mid,End}{LTR,RTR}.gif; use one",
            ));
            None
        }
        (true, false) => Some(LayoutOption::SingleHeader),
        (false, true) => Some(LayoutOption::Gradient),
        (false, false) => {
            v.push(Problem::error(
                ProblemKind::Layout,
                &single,
                "missing: the single header option needs this image, the gradient option the six brandingHeader{Beg,Mid,End}{LTR,RTR}.gif",
            ));
            None
        }
    };
    v.option = option;

    // Images: the chosen option's, or, when the option is unclear, the shared ones.
    let specs: Vec<ImageSpec> = match option {
        Some(o) => images(product, o),
        None => {
            images(product, LayoutOption::SingleHeader).into_iter().filter(|s| s.path != single).collect()
        }
    };
    for spec in &specs {
        match contents.get(&spec.path) {
            None => v.push(Problem::error(
                ProblemKind::Layout,
                &spec.path,
                format!("missing: a {} of {}x{} pixels", spec.format.name(), spec.width, spec.height),
            )),
            Some(data) => {
                if let Some(reason) = check_image(spec, data) {
                    v.push(Problem::error(ProblemKind::Image, &spec.path, reason));
                }
            }
        }
    }
    if option.is_none() && has_single {
        // Mixed: still check every header image that is there.
        let mut all = images(product, LayoutOption::SingleHeader);
        all.extend(images(product, LayoutOption::Gradient));
        for spec in all.iter().filter(|s| s.path == single || gradient.contains(&s.path)) {
            if let Some(data) = contents.get(&spec.path) {
                if let Some(reason) = check_image(spec, data) {
                    v.push(Problem::error(ProblemKind::Image, &spec.path, reason));
                }
            }
        }
    }

    let props_path = zip_path(product, PROPERTIES_NAME);
    match contents.get(&props_path) {
        None => v.push(Problem::error(ProblemKind::Layout, &props_path, "missing: the properties file")),
        Some(data) => check_properties(v, product, &props_path, data),
    }

    // Files the layout does not use are not installed; say so, and name the likely mix-up.
    let other_product = match product {
        Product::Cm => Product::Imp,
        Product::Imp => Product::Cm,
    };
    let other_prefix = format!("Branding/{}/", product_folder(other_product));
    let chosen: Vec<String> = specs.iter().map(|s| s.path.clone()).chain([props_path]).collect();
    for name in other_files {
        let reason = if name.starts_with(&other_prefix) {
            format!(
                "belongs to the {} layout; {} node takes Branding/{}/; not installed",
                other_product.describe(),
                a_node(product),
                product_folder(product)
            )
        } else {
            "not part of the branding layout; not installed".to_string()
        };
        v.push(Problem::warning(ProblemKind::Layout, name, reason));
    }
    let allowed_dirs = ["Branding/".to_string(), format!("Branding/{}/", product_folder(product))];
    for d in dirs.iter().filter(|d| !allowed_dirs.contains(d)) {
        v.push(Problem::warning(ProblemKind::Layout, d, "folder not part of the branding layout; ignored"));
    }

    if v.is_valid() {
        v.files = contents
            .iter()
            .filter(|(k, _)| chosen.contains(k))
            .filter_map(|(k, data)| k.strip_prefix("Branding/").map(|rel| (rel.to_string(), data.clone())))
            .collect();
    }
}

/// "a Communications Manager" / "an IM and Presence", for sentences about a node.
fn a_node(product: Product) -> &'static str {
    match product {
        Product::Cm => "a Communications Manager",
        Product::Imp => "an IM and Presence",
    }
}

/// Why a name is unsafe to unpack, if it is.
fn unsafe_name(name: &str) -> Option<String> {
    if name.contains('\0') {
        return Some("the name contains a NUL byte".into());
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("the name is an absolute path".into());
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("the name starts with a drive letter".into());
    }
    if name.contains('\\') {
        return Some("the name uses backslashes, which unpack differently on each system".into());
    }
    if name.split('/').any(|c| c == "..") {
        return Some("the name climbs out of the folder with '..'".into());
    }
    None
}

/// Why an image does not meet its spec, if it does not.
fn check_image(spec: &ImageSpec, data: &[u8]) -> Option<String> {
    let actual = match imagesize::image_type(data) {
        Ok(imagesize::ImageType::Gif) => Format::Gif,
        Ok(imagesize::ImageType::Png) => Format::Png,
        Ok(other) => return Some(format!("not a {} image (it is {other:?})", spec.format.name())),
        Err(_) => return Some(format!("not a {} image", spec.format.name())),
    };
    if actual != spec.format {
        return Some(format!("not a {} image (it is a {})", spec.format.name(), actual.name()));
    }
    let size = match imagesize::blob_size(data) {
        Ok(s) => s,
        Err(e) => return Some(format!("the {} header cannot be read ({e})", spec.format.name())),
    };
    if size.width != spec.width || size.height != spec.height {
        return Some(format!(
            "{}x{} pixels; the layout needs exactly {}x{}",
            size.width, size.height, spec.width, spec.height
        ));
    }
    // The header is right; make sure the picture itself decodes.
    let decoded = match actual {
        Format::Gif => decode_gif(data),
        Format::Png => decode_png(data),
    };
    decoded.err().map(|e| format!("the {} data is damaged ({e})", spec.format.name()))
}

fn decode_gif(data: &[u8]) -> std::result::Result<(), String> {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    opts.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::MIN.saturating_add(MAX_UNPACKED_BYTES),
    ));
    let mut decoder = opts.read_info(Cursor::new(data)).map_err(|e| e.to_string())?;
    let mut frames = 0usize;
    while decoder.read_next_frame().map_err(|e| e.to_string())?.is_some() {
        frames += 1;
    }
    if frames == 0 {
        return Err("no image frame".into());
    }
    Ok(())
}

fn decode_png(data: &[u8]) -> std::result::Result<(), String> {
    let limits = png::Limits { bytes: MAX_UNPACKED_BYTES as usize };
    let decoder = png::Decoder::new_with_limits(Cursor::new(data), limits);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("the image is too large")?;
    let mut buf = vec![0; size];
    reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    Ok(())
}

/// Whether `value` is a colour as the properties file writes it: `"#RRGGBB"`.
pub fn parse_colour(value: &str) -> Option<String> {
    let inner = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    let hex = inner.strip_prefix('#')?;
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Some(format!("#{}", hex.to_ascii_uppercase()))
    } else {
        None
    }
}

fn check_properties(v: &mut Validation, product: Product, entry: &str, data: &[u8]) {
    let keys = known_keys(product);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // Editors on Windows often start the file with a UTF-8 byte order mark; it is not part
    // of the first key.
    let data = data.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(data);
    // The parser sniffs byte order marks and may then decode UTF-16, holding bytes back;
    // when the file ends on them (found by fuzzing: a file of the byte 0xEF, or FF FE and
    // an odd tail) its decoder panicked and ended ucsh. Every key and value the platform
    // knows is ASCII, so the file is read as ASCII, any other byte shown as `?`.
    let data: Vec<u8> = data.iter().map(|&b| if b.is_ascii() { b } else { b'?' }).collect();
    for line in java_properties::PropertiesIter::new(Cursor::new(data)) {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                let at = e.line_number().map(|n| format!("line {n}: ")).unwrap_or_default();
                v.push(Problem::error(ProblemKind::Properties, entry, format!("{at}cannot be parsed ({e})")));
                // The parser's state after an error is undefined: stop here.
                return;
            }
        };
        let n = line.line_number();
        let java_properties::LineContent::KVPair(key, value) = line.consume_content() else {
            continue;
        };
        if let Some(first) = seen.get(&key) {
            v.push(Problem::warning(
                ProblemKind::Properties,
                entry,
                format!("line {n}: {key} is set again (first on line {first}); the last value counts"),
            ));
        }
        seen.insert(key.clone(), n);
        if !keys.contains(&key.as_str()) {
            v.push(Problem::warning(
                ProblemKind::Properties,
                entry,
                format!("line {n}: unknown key {key}; {} node ignores it", a_node(product)),
            ));
            continue;
        }
        match parse_colour(&value) {
            Some(c) => {
                v.colours.insert(key, c);
            }
            None => v.push(Problem::error(
                ProblemKind::Properties,
                entry,
                format!("line {n}: {key} = {value} is not a colour written \"#RRGGBB\""),
            )),
        }
    }
}

/// The central directory's file names, in order, duplicates included. Reading stops at the
/// first record that is not a central file header, or after `MAX_ENTRIES + 1` names.
fn central_directory_names(bytes: &[u8], start: u64) -> Vec<String> {
    const SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    const FIXED: usize = 46;
    let u16_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at + 2)?;
        Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut names = Vec::new();
    let Ok(mut at) = usize::try_from(start) else {
        return names;
    };
    while names.len() <= MAX_ENTRIES {
        if bytes.get(at..at + 4) != Some(&SIGNATURE[..]) {
            break;
        }
        let (Some(name_len), Some(extra_len), Some(comment_len)) =
            (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32))
        else {
            break;
        };
        let Some(name) = bytes.get(at + FIXED..at + FIXED + name_len) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        at += FIXED + name_len + extra_len + comment_len;
    }
    names
}

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
        return Err(EngineError::Invalid(format!(
            "{source} is {} bytes; a branding file may be at most {MAX_ZIP_BYTES} bytes",
            bytes.len()
        )));
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
        return Err(EngineError::Invalid(format!("{} is not a regular file", file.display())));
    }
    if meta.len() > MAX_ZIP_BYTES {
        return Err(EngineError::Invalid(format!(
            "{} is {} bytes; a branding file may be at most {MAX_ZIP_BYTES} bytes",
            file.display(),
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    fs::File::open(file)
        .and_then(|f| f.take(MAX_ZIP_BYTES + 1).read_to_end(&mut bytes))
        .ctx(|| format!("reading {}", file.display()))?;
    place(op, &bytes, source)
}

/// Reads the uploaded file and its record, or says none is there.
fn read_uploaded(node: &NodeHandle) -> Result<(Vec<u8>, BrandingFile)> {
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

/// `utils branding preview` (a ucsh extension): writes an HTML page showing the login
/// banner and the header with the uploaded zip's colours and images. A hostile archive is
/// refused; one with ordinary problems is previewed with its problems listed on the page.
pub fn preview(op: &Op) -> Result<BrandingPreview> {
    let node = op.node();
    let (bytes, file) = read_uploaded(node)?;
    let mut validation = validate_archive(&bytes, node.product());
    if validation.is_hostile() {
        return Err(EngineError::BrandingRejected(Box::new(validation)));
    }
    if validation.files.is_empty() {
        // Not valid as a whole: still show what is there, image by image.
        validation.files = usable_files(&bytes, node.product());
    }
    let html = preview_html(node, &file, &validation);
    let path = node.partition(Partition::Activelog).join(PREVIEW_PATH);
    store::atomic_write(&path, html.as_bytes())?;
    Ok(BrandingPreview {
        node: node.name().to_string(),
        path,
        activelog_path: PREVIEW_PATH.to_string(),
        file,
        validation,
    })
}

/// The layout images of a non-hostile archive that pass their own check, for the preview.
fn usable_files(bytes: &[u8], product: Product) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut specs = images(product, LayoutOption::SingleHeader);
    specs.extend(images(product, LayoutOption::Gradient));
    for spec in specs {
        let Ok(entry) = archive.by_name(&spec.path) else {
            continue;
        };
        let mut data = Vec::new();
        if entry.take(MAX_UNPACKED_BYTES).read_to_end(&mut data).is_err() {
            continue;
        }
        if check_image(&spec, &data).is_none() {
            if let Some(rel) = spec.path.strip_prefix("Branding/") {
                out.insert(rel.to_string(), data);
            }
        }
    }
    out
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

// ---------------------------------------------------------------------------------------
// The preview page

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn data_uri(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> Option<String> {
    let data = files.get(rel)?;
    let mime = if rel.ends_with(".png") { "image/png" } else { "image/gif" };
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(data)))
}

fn preview_html(node: &NodeHandle, file: &BrandingFile, v: &Validation) -> String {
    let folder = product_folder(v.product);
    let colour = |keys: &[&str], default: &str| -> String {
        keys.iter().find_map(|k| v.colours.get(*k).cloned()).unwrap_or_else(|| default.to_string())
    };
    let heading = colour(&["heading.heading.color", "header.heading.color"], "#FFFFFF");
    let navigation = colour(&["header.navigation.color"], "#FFFFFF");
    let go_font = colour(&["header.go.font.color"], "#000000");
    let go_back = colour(&["header.go.background.color"], "#E0E0E0");
    let go_border = colour(&["header.go.border.color"], "#808080");
    let banner = colour(&["splash.hex.code.1"], "#049FD9");
    let bottom_left = colour(&["splash.hex.code.2"], "#005073");
    let bottom_right = colour(&["splash.hex.code.3"], "#005073");
    let version = colour(&["splash.version.color"], "#FFFFFF");
    // The two products name the login page's and header's parts differently.
    let (username, password, login_fg, login_bg, reset_fg, reset_bg, banner_title, user_text, link, divider) =
        match v.product {
            Product::Cm => (
                colour(&["splash.username.color"], "#FFFFFF"),
                colour(&["splash.password.color"], "#FFFFFF"),
                colour(&["splash.login.text.color"], "#FFFFFF"),
                colour(&["splash.login.back.ground.color"], "#049FD9"),
                colour(&["splash.reset.text.color"], "#FFFFFF"),
                colour(&["splash.reset.back.ground.color"], "#049FD9"),
                colour(&["splash.header.color"], "#FFFFFF"),
                colour(&["header.admin.color"], "#FFFFFF"),
                colour(&["header.hover.link.color"], "#FFFFFF"),
                "#FFFFFF".to_string(),
            ),
            Product::Imp => {
                let text = colour(&["splash.login.text.color"], "#FFFFFF");
                let button_fg = colour(&["splash.button.text.color"], "#FFFFFF");
                let button_bg = colour(&["splash.button.color"], "#049FD9");
                (
                    text.clone(),
                    text.clone(),
                    button_fg.clone(),
                    button_bg.clone(),
                    button_fg,
                    button_bg,
                    text,
                    colour(&["header.text.bold.color"], "#FFFFFF"),
                    colour(&["header.link.color"], "#FFFFFF"),
                    colour(&["header.divider.color"], "#FFFFFF"),
                )
            }
        };

    let img = |name: &str| data_uri(&v.files, &format!("{folder}/{name}"));
    let header_background = match v.option {
        Some(LayoutOption::Gradient) => {
            let parts: Vec<String> =
                ["brandingHeaderBegLTR.gif", "brandingHeaderMidLTR.gif", "brandingHeaderEndLTR.gif"]
                    .iter()
                    .filter_map(|n| img(n))
                    .collect();
            match parts.as_slice() {
                [beg, mid, end] => format!(
                    "background-image:url({beg}),url({end}),url({mid});background-repeat:no-repeat,no-repeat,repeat-x;background-position:left top,right top,left top;"
                ),
                _ => String::new(),
            }
        }
        _ => img(SINGLE_NAME)
            .map(|u| format!("background-image:url({u});background-repeat:repeat-x;"))
            .unwrap_or_default(),
    };
    let logo = img(LOGO_NAME)
        .map(|u| format!("<img class=\"logo\" src=\"{u}\" width=\"44\" height=\"44\" alt=\"logo\">"))
        .unwrap_or_default();
    let top_logo = data_uri(&v.files, CM_TOP_LOGO)
        .map(|u| format!("<img src=\"{u}\" width=\"44\" height=\"25\" alt=\"branding logo\">"))
        .unwrap_or_default();
    let title = match v.product {
        Product::Cm => "Cisco Unified CM Administration",
        Product::Imp => "Cisco Unified CM IM and Presence Administration",
    };
    let mut problems = String::new();
    if !v.problems.is_empty() {
        problems.push_str("<section class=\"problems\"><h2>Problems found</h2><ul>\n");
        for p in &v.problems {
            problems.push_str(&format!(
                "<li>{}: {}: {}</li>\n",
                match p.level {
                    ProblemLevel::Error => "error",
                    ProblemLevel::Warning => "warning",
                },
                escape_html(&p.entry),
                escape_html(&p.reason)
            ));
        }
        problems.push_str("</ul></section>\n");
    }
    let option = v.option.map(LayoutOption::describe).unwrap_or("unknown layout");
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Branding preview: {node}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; margin: 0; background: #F5F5F5; }}
.note {{ padding: 8px 16px; font-size: 13px; color: #333333; }}
h1.section {{ font-size: 15px; padding: 0 16px; color: #333333; }}
.splash {{ margin: 0 16px 24px 16px; border: 1px solid #CCCCCC; }}
.banner {{ background: {banner}; color: {banner_title}; padding: 24px; }}
.banner .title {{ font-size: 22px; }}
.banner .version {{ color: {version}; font-size: 12px; margin-top: 6px; }}
.banner label {{ display: block; margin-top: 8px; }}
.banner label.username {{ color: {username}; }}
.banner label.password {{ color: {password}; }}
.banner button {{ margin-top: 10px; padding: 4px 12px; }}
.banner button.login {{ color: {login_fg}; background: {login_bg}; border: 1px solid {login_bg}; }}
.banner button.reset {{ color: {reset_fg}; background: {reset_bg}; border: 1px solid {reset_bg}; }}
.bottom {{ display: flex; height: 40px; }}
.bottom .left {{ flex: 1; background: {bottom_left}; }}
.bottom .right {{ flex: 1; background: {bottom_right}; }}
.header {{ margin: 0 16px 24px 16px; border: 1px solid #CCCCCC; height: 64px; display: flex; align-items: center; {header_background} }}
.header .logo {{ margin: 0 10px; }}
.header .heading {{ color: {heading}; font-size: 18px; flex: 1; }}
.header .user {{ color: {user_text}; font-weight: bold; margin-right: 10px; }}
.header a {{ color: {link}; margin-right: 4px; }}
.header .divider {{ color: {divider}; margin-right: 4px; }}
.nav {{ margin: -24px 16px 24px 16px; padding: 4px 10px; background: #333333; color: {navigation}; }}
.nav button {{ color: {go_font}; background: {go_back}; border: 1px solid {go_border}; }}
.problems {{ margin: 0 16px; color: #8B0000; }}
</style>
</head>
<body>
<p class="note">Preview of {source} on node {node} ({option}), made by ucsh before enabling. Colours not set in the properties file show ucsh's defaults.</p>
{problems}<h1 class="section">Login page</h1>
<div class="splash">
<div class="banner"><div class="title">{title}</div><div class="version">System version</div>
<label class="username">Username</label><label class="password">Password</label><button class="login">Login</button> <button class="reset">Reset</button></div>
<div class="bottom"><div class="left"></div><div class="right"></div></div>
</div>
<h1 class="section">Header after login</h1>
<div class="header">{logo}<span class="heading">{title}</span>{top_logo}<span class="user">admin</span><a href="#">Search</a><span class="divider">|</span><a href="#">About</a><span class="divider">|</span><a href="#">Logout</a></div>
<div class="nav">Navigation <button>Go</button></div>
</body>
</html>
"##,
        node = escape_html(node.name()),
        source = escape_html(&file.source),
        option = option,
    )
}
