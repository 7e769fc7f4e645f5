//! Inputs the fuzz targets (fuzz/) found crashing, kept as regression tests: each must now
//! be refused or accepted, never crash. And what keeps `bash fuzz/run.sh` buildable from a
//! clean checkout.

use std::io::{Cursor, Write};

use ucsh::engine::branding::validate_archive;
use ucsh::engine::deployment::Product;
use zip::write::SimpleFileOptions;

fn archive(folder: &str, properties: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(format!("Branding/{folder}/BrandingProperties.properties"), opts).expect("entry");
    zip.write_all(properties).expect("write");
    zip.finish().expect("zip").into_inner()
}

/// fuzz/artifacts/branding_properties/crash-55df2a59… and crash-47a0551b…: a properties
/// file of the one byte 0xEF (the start of a byte order mark), or one starting with the
/// UTF-16 mark FF FE and ending mid-character, made the properties parser panic ("Must not
/// use a decoder that has finished"), which ended ucsh.
#[test]
fn a_properties_file_of_a_lone_bom_byte_is_reported_not_a_crash() {
    let utf16_tail = b"\xff\xfenwlour \xff\xff\xff\x01\n\nu=\xff\xff\xff`\"";
    for input in [&b"\xef"[..], b"\xef\xbb", b"\xfe", b"\xff", utf16_tail, b"a=b\n\xef", b"\xff\xfea"] {
        for (product, folder) in [(Product::Cm, "ccmadmin"), (Product::Imp, "cup")] {
            let v = validate_archive(&archive(folder, input), product);
            assert!(v.errors().count() > 0, "{input:?} for {product:?}");
        }
    }
}

fn read_toml(path: &str) -> toml::Table {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The packages of a Cargo.lock as "name version", each with the packages it depends on.
fn lock_graph(path: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let lock = read_toml(path);
    let Some(toml::Value::Array(packages)) = lock.get("package") else { panic!("{path} lists no package") };
    let name_version = |p: &toml::Value| -> Option<(String, String)> {
        Some((p.get("name")?.as_str()?.to_string(), p.get("version")?.as_str()?.to_string()))
    };
    let all: Vec<(String, String)> = packages.iter().filter_map(name_version).collect();
    // A dependency is written "name" when one version is locked, "name version" otherwise.
    let resolve = |dep: &str| -> String {
        match dep.split_once(' ') {
            Some((n, v)) => format!("{n} {}", v.split(' ').next().unwrap_or(v)),
            None => all.iter().find(|(n, _)| n == dep).map_or(dep.to_string(), |(n, v)| format!("{n} {v}")),
        }
    };
    packages
        .iter()
        .filter_map(|p| {
            let (n, v) = name_version(p)?;
            let deps = p
                .get("dependencies")
                .and_then(toml::Value::as_array)
                .map(|d| d.iter().filter_map(toml::Value::as_str).map(&resolve).collect())
                .unwrap_or_default();
            Some((format!("{n} {v}"), deps))
        })
        .collect()
}

/// fuzz/ is a crate of its own with its own Cargo.lock, built `--locked` by fuzz/run.sh (so
/// the fuzzing in the test command builds what was reviewed). A dependency ucsh gains must
/// reach that lock too, or the fuzzing stops before it starts ("cannot update the lock
/// file"): the seam and serve merges left it so once. What ucsh needs to build (its
/// dependencies and build dependencies, not its dev-dependencies) must be locked there at
/// the versions of the main lock.
#[test]
fn the_fuzz_lock_file_holds_what_ucsh_builds_with() {
    let main = lock_graph("Cargo.lock");
    let fuzz = lock_graph("fuzz/Cargo.lock");
    let manifest = read_toml("Cargo.toml");
    let roots: std::collections::BTreeSet<String> = ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|t| manifest.get(*t).and_then(toml::Value::as_table))
        .flat_map(|t| {
            t.iter().map(|(k, v)| v.get("package").and_then(toml::Value::as_str).unwrap_or(k).to_string())
        })
        .collect();
    let ucsh_deps = main.iter().find(|(k, _)| k.starts_with("ucsh ")).map(|(_, d)| d.clone()).expect("ucsh");
    let mut todo: Vec<String> =
        ucsh_deps.into_iter().filter(|d| roots.iter().any(|r| d.split(' ').next() == Some(r))).collect();
    assert!(todo.len() >= roots.len(), "the main lock lacks some of {roots:?}");
    let mut needed = std::collections::BTreeSet::new();
    while let Some(p) = todo.pop() {
        if needed.insert(p.clone()) {
            todo.extend(main.get(&p).cloned().unwrap_or_default());
        }
    }
    let missing: Vec<&String> = needed.iter().filter(|p| !fuzz.contains_key(*p)).collect();
    assert!(
        missing.is_empty(),
        "fuzz/Cargo.lock lacks packages ucsh builds with; update it with `cp Cargo.lock fuzz/ && \
         cargo metadata --manifest-path fuzz/Cargo.toml --format-version 1 >/dev/null`:\n{missing:?}"
    );
}
