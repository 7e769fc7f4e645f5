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
