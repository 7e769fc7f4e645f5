//! The command line parser: any line, in each product's scope, must parse or fail with a
//! usage error — never panic, never hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ucsh::catalog::{parse, tokenize, Scope};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    let _ = tokenize(line);
    for scope in [Scope::Cm, Scope::Imp, Scope::All] {
        let _ = parse(line, scope);
    }
});
