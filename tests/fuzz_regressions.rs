//! Inputs the fuzz targets (fuzz/) found crashing, kept as regression tests: each must now
//! be refused or accepted, never crash.

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

/// fuzz/artifacts/branding_properties/crash-55df2a59…: a properties file of the one byte
/// 0xEF (the first byte of a byte order mark) made the properties parser panic ("Must not
/// use a decoder that has finished"), which ended ucsh.
#[test]
fn a_properties_file_of_a_lone_bom_byte_is_reported_not_a_crash() {
    for input in [&b"\xef"[..], b"\xef\xbb", b"a=b\n\xef", b"\xc3", b"key=\\\n\xef"] {
        for (product, folder) in [(Product::Cm, "ccmadmin"), (Product::Imp, "cup")] {
            let v = validate_archive(&archive(folder, input), product);
            assert!(v.errors().count() > 0, "{input:?} for {product:?}");
        }
    }
}
