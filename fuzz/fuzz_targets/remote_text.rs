//! What a real node writes (`ucsh --host`): the terminal bytes made into text, the
//! questions recognised, the error wording read, and every parser of `render::parse` on
//! it. The node is outside: any bytes must give text or a parse error — never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ucsh::backend::remote::text;
use ucsh::catalog::{parse, Scope};
use ucsh::render::parse::{outcome, ParseCtx, PARSERS};

fuzz_target!(|data: &[u8]| {
    let _ = text::question(data);
    let _ = text::pager_waits(data);
    let clean = text::clean(data);
    let _ = text::without_echo(&clean);
    let _ = outcome(&clean);
    for (path, f) in PARSERS {
        // The bare path, or its first example when it takes required parameters.
        let example = ucsh::catalog::find(path).and_then(|c| c.examples.first()).copied();
        let Some(inv) =
            parse(path, Scope::All).ok().or_else(|| example.and_then(|e| parse(e, Scope::All).ok()))
        else {
            continue;
        };
        let ctx = ParseCtx { invocation: &inv, host: "h", node: Some("cucm-pub") };
        if let Ok(report) = f(&clean, &ctx) {
            let mut s = String::new();
            report.text(&mut s);
            let _ = report.json();
        }
    }
});
