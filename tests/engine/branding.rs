//! Engine tests for `utils branding`: a set of good and bad branding.zip archives built
//! here (zip writer, real GIF and PNG encoders, byte patches for what no honest writer
//! produces), and the enable / disable / status / preview operations on a real lab,
//! including who may run them.

use crate::lab_fixture;

use crate::op_support;
use op_support::call;

use std::borrow::Cow;
use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use ucsh::engine::accounts;
use ucsh::engine::branding::{self, LayoutOption, ProblemKind, Validation};
use ucsh::engine::deployment::{InitOptions, Product};
use ucsh::engine::node::NodeHandle;
use ucsh::engine::{Clock, EngineError, Lab, Op, Session};

use zip::write::SimpleFileOptions;

// ------------------------------------------------------------------------------------
// Building archives

fn gif(width: u16, height: u16) -> Vec<u8> {
    let palette = [0x00, 0x50, 0x73, 0xFF, 0xFF, 0xFF];
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, width, height, &palette).expect("gif encoder");
        let frame = gif::Frame {
            width,
            height,
            buffer: Cow::Owned(
                (0..usize::from(width) * usize::from(height)).map(|i| (i % 2) as u8).collect(),
            ),
            ..Default::default()
        };
        enc.write_frame(&frame).expect("gif frame");
    }
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("png header");
        w.write_image_data(&vec![0x40; (width * height * 3) as usize]).expect("png data");
    }
    out
}

const PROPS: &str = "# colours\nheader.navigation.color=\"#FF0000\"\nsplash.hex.code.1=\"#00aa00\"\n";

enum Entry {
    File(String, Vec<u8>),
    Dir(String),
    Link(String, String),
}

fn file(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    Entry::File(name.to_string(), data.into())
}

fn build(entries: &[Entry]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for e in entries {
        match e {
            Entry::File(name, data) => {
                zip.start_file(name.as_str(), opts).expect("start file");
                zip.write_all(data).expect("write entry");
            }
            Entry::Dir(name) => zip.add_directory(name.as_str(), opts).expect("add directory"),
            Entry::Link(name, target) => {
                zip.add_symlink(name.as_str(), target.as_str(), opts).expect("add link")
            }
        }
    }
    zip.finish().expect("finish zip").into_inner()
}

/// The IM and Presence single header option of table 35.
fn imp_single() -> Vec<Entry> {
    vec![
        Entry::Dir("Branding/".into()),
        Entry::Dir("Branding/cup/".into()),
        file("Branding/cup/BrandingProperties.properties", PROPS),
        file("Branding/cup/brandingHeader.gif", gif(652, 1)),
        file("Branding/cup/ciscoLogo12pxMargin.gif", gif(44, 44)),
    ]
}

const GRADIENT: [&str; 6] = [
    "brandingHeaderBegLTR.gif",
    "brandingHeaderBegRTR.gif",
    "brandingHeaderEndLTR.gif",
    "brandingHeaderEndRTR.gif",
    "brandingHeaderMidLTR.gif",
    "brandingHeaderMidRTR.gif",
];

/// The IM and Presence gradient option of table 35.
fn imp_gradient() -> Vec<Entry> {
    let mut out = vec![
        file("Branding/cup/BrandingProperties.properties", PROPS),
        file("Branding/cup/ciscoLogo12pxMargin.gif", gif(44, 44)),
    ];
    out.extend(GRADIENT.iter().map(|n| file(&format!("Branding/cup/{n}"), gif(652, 1))));
    out
}

/// The Communications Manager single header option (CLI-REFERENCE §4).
fn cm_single() -> Vec<Entry> {
    vec![
        file("Branding/ccmadmin/BrandingProperties.properties", "heading.heading.color=\"#123456\"\n"),
        file("Branding/ccmadmin/brandingHeader.gif", gif(2048, 1)),
        file("Branding/ccmadmin/ciscoLogo12pxMargin.gif", gif(44, 44)),
        file("Branding/branding_logo.png", png(44, 25)),
    ]
}

fn cm_gradient() -> Vec<Entry> {
    let mut out = vec![
        file("Branding/ccmadmin/BrandingProperties.properties", "splash.hex.code.2=\"#ABCDEF\"\n"),
        file("Branding/ccmadmin/ciscoLogo12pxMargin.gif", gif(44, 44)),
        file("Branding/branding_logo.png", png(44, 25)),
    ];
    out.extend(GRADIENT.iter().map(|n| file(&format!("Branding/ccmadmin/{n}"), gif(652, 1))));
    out
}

fn replace(mut entries: Vec<Entry>, name: &str, with: Option<Entry>) -> Vec<Entry> {
    let at = entries
        .iter()
        .position(|e| matches!(e, Entry::File(n, _) if n == name))
        .expect("entry to replace is in the fixture");
    match with {
        Some(e) => entries[at] = e,
        None => {
            entries.remove(at);
        }
    }
    entries
}

/// Rewrites every occurrence of `from` with `to` (same length) in the raw archive bytes:
/// the names in the local headers and in the central directory.
fn patch_bytes(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut count = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            count += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    count
}

/// Makes the headers of entry `name` declare `size` unpacked bytes (local header offset
/// 22, central directory header offset 24), as a hand-made zip bomb would.
fn lie_about_size(bytes: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let local =
            bytes[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] && bytes[i + 30..].starts_with(name.as_bytes());
        let central =
            bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] && bytes[i + 46..].starts_with(name.as_bytes());
        let at = if local {
            i + 22
        } else if central {
            i + 24
        } else {
            continue;
        };
        bytes[at..at + 4].copy_from_slice(&size.to_le_bytes());
        patched += 1;
    }
    assert_eq!(patched, 2, "both headers of {name} patched");
}

fn errors(v: &Validation) -> Vec<(String, ProblemKind, String)> {
    v.errors().map(|p| (p.entry.clone(), p.kind, p.reason.clone())).collect()
}

fn has_error(v: &Validation, entry: &str, kind: ProblemKind, reason_part: &str) -> bool {
    v.errors().any(|p| p.entry == entry && p.kind == kind && p.reason.contains(reason_part))
}

// ------------------------------------------------------------------------------------
// Validation of good archives

#[test]
fn imp_single_header_option_is_valid() {
    let v = branding::validate_archive(&build(&imp_single()), Product::Imp);
    assert!(v.is_valid(), "{:?}", v.problems);
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(v.option, Some(LayoutOption::SingleHeader));
    assert_eq!(v.colours.get("header.navigation.color").map(String::as_str), Some("#FF0000"));
    assert_eq!(v.colours.get("splash.hex.code.1").map(String::as_str), Some("#00AA00"));
    let files: Vec<&str> = v.file_names().collect();
    assert_eq!(
        files,
        ["cup/BrandingProperties.properties", "cup/brandingHeader.gif", "cup/ciscoLogo12pxMargin.gif"]
    );
}

#[test]
fn imp_gradient_option_is_valid() {
    let v = branding::validate_archive(&build(&imp_gradient()), Product::Imp);
    assert!(v.is_valid(), "{:?}", v.problems);
    assert_eq!(v.option, Some(LayoutOption::Gradient));
    assert_eq!(v.file_names().count(), 8);
}

#[test]
fn cm_single_header_and_gradient_options_are_valid() {
    let v = branding::validate_archive(&build(&cm_single()), Product::Cm);
    assert!(v.is_valid(), "{:?}", v.problems);
    assert_eq!(v.option, Some(LayoutOption::SingleHeader));
    assert!(v.file_names().any(|f| f == "branding_logo.png"));
    assert_eq!(v.colours.get("heading.heading.color").map(String::as_str), Some("#123456"));

    let v = branding::validate_archive(&build(&cm_gradient()), Product::Cm);
    assert!(v.is_valid(), "{:?}", v.problems);
    assert_eq!(v.option, Some(LayoutOption::Gradient));
}

#[test]
fn unknown_key_is_only_a_warning() {
    let z = replace(
        imp_single(),
        "Branding/cup/BrandingProperties.properties",
        Some(file(
            "Branding/cup/BrandingProperties.properties",
            "header.navigation.color=\"#FF0000\"\nfancy.key=\"#000000\"\n",
        )),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(v.is_valid(), "{:?}", v.problems);
    let w: Vec<_> = v.warnings().collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind, ProblemKind::Properties);
    assert!(w[0].reason.contains("line 2") && w[0].reason.contains("fancy.key"), "{}", w[0].reason);
    // A key of the other product is unknown here too.
    let z = replace(
        imp_single(),
        "Branding/cup/BrandingProperties.properties",
        Some(file("Branding/cup/BrandingProperties.properties", "heading.heading.color=\"#FF0000\"\n")),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(v.is_valid());
    assert_eq!(v.warnings().count(), 1);
}

// ------------------------------------------------------------------------------------
// Validation of bad archives

#[test]
fn wrong_pixel_sizes_are_errors() {
    let z = replace(
        imp_single(),
        "Branding/cup/brandingHeader.gif",
        Some(file("Branding/cup/brandingHeader.gif", gif(2048, 1))),
    );
    let z = replace(
        z,
        "Branding/cup/ciscoLogo12pxMargin.gif",
        Some(file("Branding/cup/ciscoLogo12pxMargin.gif", gif(44, 43))),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(!v.is_valid());
    assert!(
        has_error(
            &v,
            "Branding/cup/brandingHeader.gif",
            ProblemKind::Image,
            "2048x1 pixels; the layout needs exactly 652x1"
        ),
        "{:?}",
        errors(&v)
    );
    assert!(
        has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Image, "44x43"),
        "{:?}",
        errors(&v)
    );
    assert_eq!(v.errors().count(), 2);
    // The CM top logo is 44x25.
    let z = replace(
        cm_single(),
        "Branding/branding_logo.png",
        Some(file("Branding/branding_logo.png", png(25, 44))),
    );
    let v = branding::validate_archive(&build(&z), Product::Cm);
    assert!(has_error(&v, "Branding/branding_logo.png", ProblemKind::Image, "25x44"), "{:?}", errors(&v));
}

#[test]
fn images_must_really_be_gif_or_png() {
    // A PNG named .gif, text named .gif, a GIF where a PNG belongs, a damaged GIF body.
    let z = replace(
        imp_single(),
        "Branding/cup/brandingHeader.gif",
        Some(file("Branding/cup/brandingHeader.gif", png(652, 1))),
    );
    let z = replace(
        z,
        "Branding/cup/ciscoLogo12pxMargin.gif",
        Some(file("Branding/cup/ciscoLogo12pxMargin.gif", "GIF? no, just text")),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/brandingHeader.gif", ProblemKind::Image, "not a GIF image (it is a PNG)"),
        "{:?}",
        errors(&v)
    );
    assert!(
        has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Image, "not a GIF image"),
        "{:?}",
        errors(&v)
    );

    let z = replace(
        cm_single(),
        "Branding/branding_logo.png",
        Some(file("Branding/branding_logo.png", gif(44, 25))),
    );
    let v = branding::validate_archive(&build(&z), Product::Cm);
    assert!(
        has_error(&v, "Branding/branding_logo.png", ProblemKind::Image, "not a PNG image (it is a GIF)"),
        "{:?}",
        errors(&v)
    );

    let mut damaged = gif(44, 44);
    let keep = damaged.len() - 8;
    damaged.truncate(keep);
    let z = replace(
        imp_single(),
        "Branding/cup/ciscoLogo12pxMargin.gif",
        Some(file("Branding/cup/ciscoLogo12pxMargin.gif", damaged)),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Image, "damaged"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn bad_colours_are_errors_with_their_line() {
    let props = "header.navigation.color=\"#GG0000\"\nsplash.hex.code.1=red\nsplash.hex.code.2=#FF0000\nsplash.hex.code.3=\"#FFF\"\nheader.link.color=\"#00FF00\"\n";
    let z = replace(
        imp_single(),
        "Branding/cup/BrandingProperties.properties",
        Some(file("Branding/cup/BrandingProperties.properties", props)),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    let entry = "Branding/cup/BrandingProperties.properties";
    for (line, key) in [
        (1, "header.navigation.color"),
        (2, "splash.hex.code.1"),
        (3, "splash.hex.code.2"),
        (4, "splash.hex.code.3"),
    ] {
        assert!(
            has_error(&v, entry, ProblemKind::Properties, &format!("line {line}: {key} = ")),
            "line {line}: {:?}",
            errors(&v)
        );
    }
    assert_eq!(v.errors().count(), 4);
    assert_eq!(v.colours.get("header.link.color").map(String::as_str), Some("#00FF00"));
}

#[test]
fn unparsable_properties_file_is_an_error() {
    let z = replace(
        imp_single(),
        "Branding/cup/BrandingProperties.properties",
        Some(file(
            "Branding/cup/BrandingProperties.properties",
            "header.navigation.color=\"#FF0000\"\nbad\\uZZZZ=\"#000000\"\n",
        )),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(
            &v,
            "Branding/cup/BrandingProperties.properties",
            ProblemKind::Properties,
            "line 2: cannot be parsed"
        ),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn missing_files_are_named() {
    let z = replace(imp_single(), "Branding/cup/ciscoLogo12pxMargin.gif", None);
    let z = replace(z, "Branding/cup/BrandingProperties.properties", None);
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(
            &v,
            "Branding/cup/ciscoLogo12pxMargin.gif",
            ProblemKind::Layout,
            "missing: a GIF of 44x44 pixels"
        ),
        "{:?}",
        errors(&v)
    );
    assert!(
        has_error(&v, "Branding/cup/BrandingProperties.properties", ProblemKind::Layout, "missing"),
        "{:?}",
        errors(&v)
    );

    // Neither header option.
    let z = replace(imp_single(), "Branding/cup/brandingHeader.gif", None);
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/brandingHeader.gif", ProblemKind::Layout, "gradient"),
        "{:?}",
        errors(&v)
    );

    // A gradient with one image missing.
    let z = replace(imp_gradient(), "Branding/cup/brandingHeaderMidRTR.gif", None);
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert_eq!(v.option, Some(LayoutOption::Gradient));
    assert!(
        has_error(
            &v,
            "Branding/cup/brandingHeaderMidRTR.gif",
            ProblemKind::Layout,
            "missing: a GIF of 652x1"
        ),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn mixing_the_two_options_is_an_error() {
    let mut z = imp_single();
    z.push(file("Branding/cup/brandingHeaderBegLTR.gif", gif(652, 1)));
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/brandingHeader.gif", ProblemKind::Layout, "mixes"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let z = replace(
        imp_single(),
        "Branding/cup/brandingHeader.gif",
        Some(file("Branding/cup/brandingHeader.gif", gif(652, 2))),
    );
    let z = replace(z, "Branding/cup/ciscoLogo12pxMargin.gif", None);
    let z = replace(
        z,
        "Branding/cup/BrandingProperties.properties",
        Some(file("Branding/cup/BrandingProperties.properties", "header.go.font.color=\"blue\"\n")),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    let e = errors(&v);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(has_error(&v, "Branding/cup/brandingHeader.gif", ProblemKind::Image, "652x2"));
    assert!(has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Layout, "missing"));
    assert!(has_error(
        &v,
        "Branding/cup/BrandingProperties.properties",
        ProblemKind::Properties,
        "header.go.font.color"
    ));
}

#[test]
fn the_other_products_layout_is_refused_and_explained() {
    let v = branding::validate_archive(&build(&imp_single()), Product::Cm);
    assert!(!v.is_valid());
    assert!(
        has_error(&v, "Branding/ccmadmin/brandingHeader.gif", ProblemKind::Layout, "missing"),
        "{:?}",
        errors(&v)
    );
    assert!(v.warnings().any(|w| w.entry == "Branding/cup/ciscoLogo12pxMargin.gif"
        && w.reason.contains("takes Branding/ccmadmin/")));
}

#[test]
fn not_a_zip_is_one_error() {
    let v = branding::validate_archive(b"this is not a zip file at all", Product::Imp);
    assert_eq!(errors(&v).len(), 1);
    assert!(has_error(&v, "branding.zip", ProblemKind::Archive, "not a readable zip archive"));
}

// ------------------------------------------------------------------------------------
// Hostile archives

#[test]
fn zip_slip_and_absolute_paths_are_refused() {
    let mut z = imp_single();
    z.push(file("Branding/cup/../../../etc/cron.d/evil", "* * * * * root sh"));
    z.push(file("/etc/passwd", "root::0:0"));
    z.push(file("Branding\\cup\\win.gif", gif(44, 44)));
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(v.is_hostile());
    assert!(
        has_error(&v, "Branding/cup/../../../etc/cron.d/evil", ProblemKind::Unsafe, "climbs out"),
        "{:?}",
        errors(&v)
    );
    assert!(has_error(&v, "/etc/passwd", ProblemKind::Unsafe, "absolute path"), "{:?}", errors(&v));
    assert!(has_error(&v, "Branding\\cup\\win.gif", ProblemKind::Unsafe, "backslashes"), "{:?}", errors(&v));
    assert_eq!(v.file_names().count(), 0);
}

#[test]
fn link_entries_are_refused() {
    let mut z = imp_single();
    z.push(Entry::Link("Branding/cup/extra.gif".into(), "/etc/shadow".into()));
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/extra.gif", ProblemKind::Unsafe, "symbolic link"),
        "{:?}",
        errors(&v)
    );
    // A link in place of a layout file too.
    let z = replace(
        imp_single(),
        "Branding/cup/ciscoLogo12pxMargin.gif",
        Some(Entry::Link("Branding/cup/ciscoLogo12pxMargin.gif".into(), "../../secret.gif".into())),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Unsafe, "symbolic link"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn zip_bomb_with_honest_sizes_is_refused() {
    let mut z = imp_single();
    z.push(file("Branding/cup/padding.bin", vec![0u8; 9 * 1024 * 1024]));
    let bytes = build(&z);
    assert!(bytes.len() < 100 * 1024, "the bomb is small packed: {}", bytes.len());
    let v = branding::validate_archive(&bytes, Product::Imp);
    assert!(has_error(&v, "branding.zip", ProblemKind::Unsafe, "zip bomb"), "{:?}", errors(&v));
}

#[test]
fn zip_bomb_that_lies_about_its_size_is_caught_while_unpacking() {
    let mut z = imp_single();
    z.push(file("Branding/cup/padding.bin", vec![0u8; 9 * 1024 * 1024]));
    let mut bytes = build(&z);
    lie_about_size(&mut bytes, "Branding/cup/padding.bin", 1000);
    let v = branding::validate_archive(&bytes, Product::Imp);
    assert!(!v.errors().any(|p| p.entry == "branding.zip"), "declared sizes look harmless: {:?}", errors(&v));
    assert!(has_error(&v, "Branding/cup/padding.bin", ProblemKind::Unsafe, "zip bomb"), "{:?}", errors(&v));
}

#[test]
fn size_that_differs_from_the_header_is_refused() {
    let mut bytes = build(&imp_single());
    lie_about_size(&mut bytes, "Branding/cup/BrandingProperties.properties", 5);
    let v = branding::validate_archive(&bytes, Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/BrandingProperties.properties", ProblemKind::Unsafe, "but declares 5"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn duplicate_names_are_refused() {
    let mut z = imp_single();
    z.push(file("Branding/cup/ciscoLogo12pxMargin.gix", gif(44, 44)));
    let mut bytes = build(&z);
    let n = patch_bytes(&mut bytes, b"ciscoLogo12pxMargin.gix", b"ciscoLogo12pxMargin.gif");
    assert_eq!(n, 2);
    let v = branding::validate_archive(&bytes, Product::Imp);
    assert!(
        has_error(&v, "Branding/cup/ciscoLogo12pxMargin.gif", ProblemKind::Unsafe, "appears 2 times"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn too_many_entries_are_refused() {
    let mut z = imp_single();
    for i in 0..branding::MAX_ENTRIES {
        z.push(file(&format!("Branding/cup/extra{i}.txt"), "x"));
    }
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(has_error(&v, "branding.zip", ProblemKind::Unsafe, "more than 64 entries"), "{:?}", errors(&v));
}

// ------------------------------------------------------------------------------------
// Operations on a lab

struct TestLab {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    lab: Lab,
}

fn clock() -> Clock {
    Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned time")
}

fn lab() -> TestLab {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("lab");
    let lab = lab_fixture::lab_at(
        &root,
        &InitOptions { cm_subscribers: 1, sample_data: false, population: 0 },
        clock(),
    );
    TestLab { _dir: dir, root, lab }
}

fn owner(node: &NodeHandle) -> Session {
    accounts::local_owner_session(node).expect("owner session")
}

fn place(lab: &Lab, node: &NodeHandle, bytes: &[u8]) {
    call(lab, node, &owner(node), "utils branding upload", |op| {
        branding::place(op, bytes, "/tmp/branding.zip")
    })
    .expect("place");
}

#[test]
fn enable_installs_and_survives_a_restart_then_disable_restores_the_default() {
    let t = lab();
    let imp = t.lab.node("cucm-imp-1").expect("node");
    let s = owner(&imp);
    place(&t.lab, &imp, &build(&imp_gradient()));

    let status = call(&t.lab, &imp, &s, "utils branding status", branding::status).expect("status");
    assert!(!status.enabled);
    assert!(status.uploaded.is_some());

    let change = call(&t.lab, &imp, &s, "utils branding enable", branding::enable).expect("enable");
    assert!(change.changed);
    assert_eq!(change.option, Some(LayoutOption::Gradient));
    let web = branding::installed_dir(&imp);
    for name in GRADIENT.iter().chain(["ciscoLogo12pxMargin.gif", "BrandingProperties.properties"].iter()) {
        assert!(web.join("cup").join(name).is_file(), "{name} installed");
    }
    assert_eq!(fs::read(web.join("cup/brandingHeaderBegLTR.gif")).expect("installed gif"), gif(652, 1));
    let log = fs::read_to_string(
        imp.partition(ucsh::engine::node::Partition::Activelog).join(ucsh::engine::events::EVENT_LOG),
    )
    .expect("event log");
    assert!(log.contains("BrandingEnabled") && log.contains("UserID:admin"), "{log}");

    // A fresh process (restart): the state is read back from disk.
    let reopened = Lab::open(&t.root, clock()).expect("reopen");
    let imp2 = reopened.node("cucm-imp-1").expect("node");
    let status =
        call(&t.lab, &imp2, &owner(&imp2), "utils branding status", branding::status).expect("status");
    assert!(status.enabled);
    let installed = status.installed.expect("installed");
    assert_eq!(installed.file.source, "/tmp/branding.zip");
    assert_eq!(installed.colours.get("header.navigation.color").map(String::as_str), Some("#FF0000"));

    // Per node: the IM and Presence subscriber is untouched.
    let sub = reopened.node("cucm-imp-1b").expect("node");
    assert!(
        !call(&t.lab, &sub, &owner(&sub), "utils branding status", branding::status).expect("status").enabled
    );
    assert!(!branding::installed_dir(&sub).exists());

    let change =
        call(&t.lab, &imp2, &owner(&imp2), "utils branding disable", branding::disable).expect("disable");
    assert!(change.changed);
    assert!(!web.exists(), "installed files removed");
    assert!(
        !call(&t.lab, &imp2, &owner(&imp2), "utils branding status", branding::status)
            .expect("status")
            .enabled
    );
    let again = call(&t.lab, &imp2, &owner(&imp2), "utils branding disable", branding::disable)
        .expect("disable twice");
    assert!(!again.changed);
    let log = fs::read_to_string(
        imp.partition(ucsh::engine::node::Partition::Activelog).join(ucsh::engine::events::EVENT_LOG),
    )
    .expect("event log");
    assert_eq!(log.matches("BrandingDisabled").count(), 1, "{log}");
}

#[test]
fn a_bad_archive_changes_nothing() {
    let t = lab();
    let cm = t.lab.node("cucm-pub").expect("node");
    let s = owner(&cm);
    place(&t.lab, &cm, &build(&cm_single()));
    call(&t.lab, &cm, &s, "utils branding enable", branding::enable).expect("enable good");
    let before =
        fs::read(branding::installed_dir(&cm).join("ccmadmin/brandingHeader.gif")).expect("installed");

    // Now a bad one: wrong size and a zip-slip entry.
    let mut z = replace(
        cm_single(),
        "Branding/ccmadmin/brandingHeader.gif",
        Some(file("Branding/ccmadmin/brandingHeader.gif", gif(652, 1))),
    );
    z.push(file("../outside.txt", "x"));
    place(&t.lab, &cm, &build(&z));
    let err =
        call(&t.lab, &cm, &s, "utils branding enable", branding::enable).expect_err("bad archive refused");
    let EngineError::BrandingRejected(v) = err else { panic!("unexpected error {err:?}") };
    assert!(has_error(&v, "../outside.txt", ProblemKind::Unsafe, "climbs out"));
    assert!(!t.root.join("clusters/cluster1/nodes/outside.txt").exists());
    assert!(!t.root.join("clusters/cluster1/nodes/cucm-pub/outside.txt").exists());

    // Still the first branding, files and state.
    let after =
        fs::read(branding::installed_dir(&cm).join("ccmadmin/brandingHeader.gif")).expect("still installed");
    assert_eq!(before, after);
    let status = call(&t.lab, &cm, &s, "utils branding status", branding::status).expect("status");
    assert!(status.enabled);
    assert_eq!(status.installed.map(|i| i.file.bytes), Some(build(&cm_single()).len() as u64));
}

#[test]
fn enable_without_an_uploaded_file_says_so() {
    let t = lab();
    let node = t.lab.node("cucm-sub1").expect("node");
    let err = call(&t.lab, &node, &owner(&node), "utils branding enable", branding::enable)
        .expect_err("nothing uploaded");
    assert!(matches!(err, EngineError::NoBrandingFile { ref node } if node == "cucm-sub1"), "{err:?}");
}

#[test]
fn a_local_file_is_placed_where_the_platform_keeps_the_upload() {
    let t = lab();
    let node = t.lab.node("cucm-imp-2").expect("node");
    let local = t._dir.path().join("mybranding.zip");
    fs::write(&local, build(&imp_single())).expect("write local zip");
    let placed = call(&t.lab, &node, &owner(&node), "utils branding upload", |op| {
        branding::place_local_file(op, &local)
    })
    .expect("placed");
    assert!(placed.validation.is_valid(), "{:?}", placed.validation.problems);
    assert_eq!(placed.path, branding::uploaded_file_path(&node));
    assert_eq!(fs::read(&placed.path).expect("uploaded"), fs::read(&local).expect("local"));
    assert!(placed.file.source.ends_with("mybranding.zip"));

    // A directory and an oversized file are refused, and leave the upload as it was.
    assert!(matches!(
        call(&t.lab, &node, &owner(&node), "utils branding upload", |op| branding::place_local_file(
            op,
            t._dir.path()
        )),
        Err(EngineError::NotRegularFile { .. })
    ));
    let big = t._dir.path().join("big.zip");
    fs::File::create(&big).and_then(|f| f.set_len(branding::MAX_ZIP_BYTES + 1)).expect("sparse big file");
    assert!(matches!(
        call(&t.lab, &node, &owner(&node), "utils branding upload", |op| branding::place_local_file(
            op, &big
        )),
        Err(EngineError::BrandingTooLarge { .. })
    ));
    assert_eq!(fs::read(&placed.path).expect("uploaded"), fs::read(&local).expect("local"));
    // A missing local file is an I/O error naming it.
    let err = call(&t.lab, &node, &owner(&node), "utils branding upload", |op| {
        branding::place_local_file(op, Path::new("/nonexistent/branding.zip"))
    })
    .expect_err("missing");
    assert!(err.to_string().contains("/nonexistent/branding.zip"));
}

#[test]
fn preview_writes_a_page_with_the_colours_and_images() {
    let t = lab();
    let node = t.lab.node("cucm-imp-1").expect("node");
    place(&t.lab, &node, &build(&imp_single()));
    let p = call(&t.lab, &node, &owner(&node), "utils branding preview", branding::preview).expect("preview");
    assert!(p.path.ends_with("activelog/platform/branding/preview.html"));
    let html = fs::read_to_string(&p.path).expect("page");
    assert!(html.contains("#FF0000") && html.contains("#00AA00"), "colours on the page");
    assert!(html.contains("data:image/gif;base64,"), "images embedded");
    assert!(
        !call(&t.lab, &node, &owner(&node), "utils branding status", branding::status)
            .expect("status")
            .enabled,
        "preview enables nothing"
    );

    // With ordinary problems the page lists them; a hostile archive gets no page.
    let z = replace(
        imp_single(),
        "Branding/cup/ciscoLogo12pxMargin.gif",
        Some(file("Branding/cup/ciscoLogo12pxMargin.gif", gif(10, 10))),
    );
    place(&t.lab, &node, &build(&z));
    let p = call(&t.lab, &node, &owner(&node), "utils branding preview", branding::preview)
        .expect("preview with problems");
    assert!(!p.validation.is_valid());
    let html = fs::read_to_string(&p.path).expect("page");
    assert!(html.contains("10x10 pixels"), "problem listed");
    assert!(html.contains("data:image/gif;base64,"), "the good header still shown");

    let mut z = imp_single();
    z.push(Entry::Link("Branding/cup/x.gif".into(), "/etc/passwd".into()));
    place(&t.lab, &node, &build(&z));
    assert!(matches!(
        call(&t.lab, &node, &owner(&node), "utils branding preview", branding::preview),
        Err(EngineError::BrandingRejected(_))
    ));
}

#[test]
fn a_down_node_refuses() {
    let t = lab();
    let node = t.lab.node("cucm-pub").expect("node");
    let s = owner(&node);
    node.update_platform(|p| {
        p.up = false;
        Ok(())
    })
    .expect("node down");
    assert!(matches!(
        call(&t.lab, &node, &s, "utils branding status", branding::status),
        Err(EngineError::NodeDown { .. })
    ));
    assert!(matches!(
        call(&t.lab, &node, &s, "utils branding enable", branding::enable),
        Err(EngineError::NodeDown { .. })
    ));
}

// ------------------------------------------------------------------------------------
// Privilege

#[test]
fn only_the_primary_administrator_may_enable_disable_or_see_status() {
    let t = lab();
    let node = t.lab.node("cucm-imp-1").expect("node");
    let primary = owner(&node);
    let now = node.now();
    place(&t.lab, &node, &build(&imp_single()));

    // A level 1 account.
    call(&t.lab, &node, &primary, "set account name", |op| {
        accounts::create(op, "operator", 1, "Secret123", now)
    })
    .expect("create level 1");
    let level1 = accounts::authenticate(&node, "operator", "Secret123", now).expect("login level 1");
    assert_eq!(level1.level, 1);
    // A second level 4 account (the platform's CLI cannot make one; its database can).
    call(&t.lab, &node, &primary, "set account name", |op| {
        accounts::create(op, "admin2", 1, "Secret456", now)
    })
    .expect("create second");
    let path = node.accounts_path();
    let text = fs::read_to_string(&path).expect("accounts");
    let mut accts: accounts::Accounts = toml::from_str(&text).expect("accounts parse");
    accts.accounts.iter_mut().filter(|a| a.name == "admin2").for_each(|a| a.level = 4);
    fs::write(&path, toml::to_string(&accts).expect("accounts text")).expect("write accounts");
    let second = accounts::authenticate(&node, "admin2", "Secret456", now).expect("login second");
    assert_eq!((second.level, second.primary), (4, false));

    for (command, f) in [
        ("utils branding enable", branding::enable as fn(&Op) -> _),
        ("utils branding disable", branding::disable),
    ] {
        assert!(matches!(
            call(&t.lab, &node, &level1, command, f),
            Err(EngineError::PrivilegeDenied { required: 4, have: 1 })
        ));
        assert!(matches!(call(&t.lab, &node, &second, command, f), Err(EngineError::PrimaryAdminOnly)));
    }
    assert!(matches!(
        call(&t.lab, &node, &level1, "utils branding status", branding::status),
        Err(EngineError::PrivilegeDenied { .. })
    ));
    assert!(matches!(
        call(&t.lab, &node, &second, "utils branding status", branding::status),
        Err(EngineError::PrimaryAdminOnly)
    ));
    assert!(
        !call(&t.lab, &node, &primary, "utils branding status", branding::status).expect("status").enabled,
        "refusals changed nothing"
    );
    assert!(!branding::installed_dir(&node).exists());
    assert!(matches!(
        call(&t.lab, &node, &level1, "utils branding upload", |op| branding::place(op, b"x", "x")),
        Err(EngineError::PrivilegeDenied { .. })
    ));

    // The primary administrator, logging in with a password like anyone else, may.
    call(&t.lab, &node, &primary, "set password user", |op| {
        accounts::set_password(op, "admin", None, "Admin1234")
    })
    .expect("admin password");
    let primary_login = accounts::authenticate(&node, "admin", "Admin1234", now).expect("login admin");
    assert_eq!((primary_login.level, primary_login.primary), (4, true));
    call(&t.lab, &node, &primary_login, "utils branding enable", branding::enable).expect("primary enables");
    assert!(
        call(&t.lab, &node, &primary_login, "utils branding status", branding::status)
            .expect("status")
            .enabled
    );
    call(&t.lab, &node, &primary_login, "utils branding disable", branding::disable)
        .expect("primary disables");
}

#[test]
fn files_outside_the_layout_are_warned_about_and_not_installed() {
    let t = lab();
    let node = t.lab.node("cucm-imp-1b").expect("node");
    let mut z = imp_single();
    z.push(file("Branding/cup/readme.txt", "notes"));
    z.push(Entry::Dir("Branding/extra/".into()));
    place(&t.lab, &node, &build(&z));
    let change = call(&t.lab, &node, &owner(&node), "utils branding enable", branding::enable)
        .expect("enable with warnings");
    let warned: Vec<&str> = change.warnings.iter().map(|w| w.entry.as_str()).collect();
    assert_eq!(warned, ["Branding/cup/readme.txt", "Branding/extra/"]);
    let web = branding::installed_dir(&node);
    assert!(web.join("cup/brandingHeader.gif").is_file());
    assert!(!web.join("cup/readme.txt").exists());
    assert!(!web.join("extra").exists());
    let mut installed: Vec<String> = fs::read_dir(web.join("cup"))
        .expect("installed folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    installed.sort();
    assert_eq!(installed, ["BrandingProperties.properties", "brandingHeader.gif", "ciscoLogo12pxMargin.gif"]);
}

// ------------------------------------------------------------------------------------
// The archives the transcripts use (tests/transcripts/utils/branding/files/), built here
// and checked in; `UCSH_BLESS=1` rewrites them.

fn transcript_files() -> Vec<(&'static str, Vec<u8>)> {
    let bad = replace(
        imp_single(),
        "Branding/cup/brandingHeader.gif",
        Some(file("Branding/cup/brandingHeader.gif", gif(652, 2))),
    );
    let bad = replace(bad, "Branding/cup/ciscoLogo12pxMargin.gif", None);
    let bad = replace(
        bad,
        "Branding/cup/BrandingProperties.properties",
        Some(file(
            "Branding/cup/BrandingProperties.properties",
            "header.navigation.color=\"#FF0000\"\nheader.link.color=blue\nheader.sparkle.color=\"#FFFFFF\"\n",
        )),
    );
    let mut hostile = imp_single();
    hostile.push(file("Branding/../../etc/cron.d/evil", "* * * * * root sh"));
    hostile.push(Entry::Link("Branding/cup/link.gif".into(), "/etc/shadow".into()));
    vec![
        ("good-imp.zip", build(&imp_single())),
        ("good-imp-gradient.zip", build(&imp_gradient())),
        ("good-cm.zip", build(&cm_single())),
        ("bad-imp.zip", build(&bad)),
        ("hostile.zip", build(&hostile)),
    ]
}

#[test]
fn transcript_archives_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/utils/branding/files");
    let bless = std::env::var_os("UCSH_BLESS").is_some();
    for (name, bytes) in transcript_files() {
        let path = dir.join(name);
        if bless {
            fs::create_dir_all(&dir).expect("files folder");
            fs::write(&path, &bytes).expect("write archive");
        }
        let on_disk = fs::read(&path).unwrap_or_default();
        assert!(
            on_disk == bytes,
            "{} is stale: run UCSH_BLESS=1 cargo test --test engine branding",
            path.display()
        );
    }
}

#[test]
fn entries_sharing_packed_data_are_refused() {
    // Point the central directory record of the second entry at the first entry's data,
    // the trick of non-recursive zip bombs.
    let mut bytes =
        build(&[file("Branding/cup/a.txt", vec![b'a'; 100]), file("Branding/cup/b.txt", vec![b'a'; 100])]);
    let central = (0..bytes.len() - 46)
        .find(|&i| {
            bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] && bytes[i + 46..].starts_with(b"Branding/cup/b.txt")
        })
        .expect("central record of b.txt");
    bytes[central + 42..central + 46].copy_from_slice(&0u32.to_le_bytes());
    let v = branding::validate_archive(&bytes, Product::Imp);
    assert!(
        has_error(&v, "branding.zip", ProblemKind::Unsafe, "share the same packed data"),
        "{:?}",
        errors(&v)
    );
}

#[test]
fn a_byte_order_mark_before_the_first_key_is_ignored() {
    let mut props = b"\xEF\xBB\xBF".to_vec();
    props.extend_from_slice(b"header.navigation.color=\"#0000FF\"\n");
    let z = replace(
        imp_single(),
        "Branding/cup/BrandingProperties.properties",
        Some(file("Branding/cup/BrandingProperties.properties", props)),
    );
    let v = branding::validate_archive(&build(&z), Product::Imp);
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(v.colours.get("header.navigation.color").map(String::as_str), Some("#0000FF"));
}

#[test]
fn concurrent_uploads_and_enables_leave_files_and_state_in_agreement() {
    let t = lab();
    let single = build(&imp_single());
    let gradient = build(&imp_gradient());
    std::thread::scope(|s| {
        for worker in 0..2 {
            let lab = t.lab.clone();
            let (single, gradient) = (&single, &gradient);
            s.spawn(move || {
                let node = lab.node("cucm-imp-1").expect("node");
                let session = owner(&node);
                for i in 0..10 {
                    let bytes = if (i + worker) % 2 == 0 { single } else { gradient };
                    call(&lab, &node, &session, "utils branding upload", |op| {
                        branding::place(op, bytes, &format!("w{worker}-{i}"))
                    })
                    .expect("place");
                    call(&lab, &node, &session, "utils branding enable", branding::enable).expect("enable");
                }
            });
        }
    });
    let node = t.lab.node("cucm-imp-1").expect("node");
    let status =
        call(&t.lab, &node, &owner(&node), "utils branding status", branding::status).expect("status");
    let installed = status.installed.expect("enabled");
    let web = branding::installed_dir(&node);
    let has_single = web.join("cup/brandingHeader.gif").exists();
    let has_gradient = web.join("cup/brandingHeaderBegLTR.gif").exists();
    match installed.option {
        LayoutOption::SingleHeader => assert!(has_single && !has_gradient),
        LayoutOption::Gradient => assert!(has_gradient && !has_single),
    }
    let expected = if installed.option == LayoutOption::SingleHeader { &single } else { &gradient };
    assert_eq!(installed.file.bytes, expected.len() as u64);
    let parent = web.parent().expect("web folder");
    let leftovers: Vec<_> = fs::read_dir(parent)
        .expect("web folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n != "branding")
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left: {leftovers:?}");
}

#[test]
fn preview_of_a_communications_manager_gradient_uses_its_own_keys_and_images() {
    let t = lab();
    let node = t.lab.node("cucm-pub").expect("node");
    let z = replace(
        cm_gradient(),
        "Branding/ccmadmin/BrandingProperties.properties",
        Some(file(
            "Branding/ccmadmin/BrandingProperties.properties",
            "splash.username.color=\"#111111\"\nsplash.reset.back.ground.color=\"#222222\"\nheader.admin.color=\"#333333\"\n",
        )),
    );
    place(&t.lab, &node, &build(&z));
    let p = call(&t.lab, &node, &owner(&node), "utils branding preview", branding::preview).expect("preview");
    assert!(p.validation.is_valid(), "{:?}", p.validation.problems);
    let html = fs::read_to_string(&p.path).expect("page");
    assert!(html.contains(".banner label.username { color: #111111; }"), "username colour");
    assert!(html.contains("background: #222222; border: 1px solid #222222"), "reset button colour");
    assert!(html.contains(".header .user { color: #333333;"), "user colour");
    assert!(html.contains("data:image/png;base64,"), "the branding_logo.png");
    assert_eq!(html.matches("url(data:image/gif;base64,").count(), 3, "three gradient images in the header");
}
