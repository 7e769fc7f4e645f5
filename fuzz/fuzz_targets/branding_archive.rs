//! A branding.zip as uploaded: any bytes are checked for both products without a panic,
//! and every problem is reported, never thrown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ucsh::engine::branding::validate_archive;
use ucsh::engine::deployment::Product;

fuzz_target!(|data: &[u8]| {
    let _ = validate_archive(data, Product::Cm);
    let _ = validate_archive(data, Product::Imp);
});
