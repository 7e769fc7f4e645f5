//! BrandingProperties.properties: any text in an otherwise well-formed archive of each
//! product's layout is checked without a panic.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use ucsh::engine::branding::validate_archive;
use ucsh::engine::deployment::Product;
use zip::write::SimpleFileOptions;

fn archive(folder: &str, properties: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(format!("Branding/{folder}/BrandingProperties.properties"), opts).ok()?;
    zip.write_all(properties).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    for (product, folder) in [(Product::Cm, "ccmadmin"), (Product::Imp, "cup")] {
        if let Some(bytes) = archive(folder, data) {
            let _ = validate_archive(&bytes, product);
        }
    }
});
