//! Checking a branding.zip: the product's folder layout in either option, images that are
//! really GIF or PNG files of the stated size, the properties file's keys and colours, and
//! archives that are unsafe to unpack (escaping names, links, duplicates, zip bombs). Pure:
//! bytes in, a [`Validation`] with every problem out; nothing on disk changes here.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::{
    LayoutOption, Problem, ProblemKind, Validation, MAX_ENTRIES, MAX_UNPACKED_BYTES, MAX_ZIP_BYTES,
    PROPERTIES_NAME, ZIP_NAME,
};
use crate::engine::deployment::Product;

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
pub(super) struct ImageSpec {
    /// Path inside the zip, e.g. `Branding/cup/ciscoLogo12pxMargin.gif`.
    pub(super) path: String,
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
pub(super) const SINGLE_NAME: &str = "brandingHeader.gif";
pub(super) const LOGO_NAME: &str = "ciscoLogo12pxMargin.gif";
/// Communications Manager only: the logo beside the `Branding/` product folder.
pub(super) const CM_TOP_LOGO: &str = "branding_logo.png";

fn zip_path(product: Product, file: &str) -> String {
    format!("Branding/{}/{file}", product_folder(product))
}

/// The images of one layout option for one product (CLI-REFERENCE §4 for Communications
/// Manager, the IM and Presence guide's table 35 for IM and Presence).
pub(super) fn images(product: Product, option: LayoutOption) -> Vec<ImageSpec> {
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
pub(super) fn check_image(spec: &ImageSpec, data: &[u8]) -> Option<String> {
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
