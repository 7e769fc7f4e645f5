//! `ucsh cluster import users|devices`: any file is imported whole or refused with its line
//! and reason, never a panic. One small lab for the whole run (in a temporary folder).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::lab::Existing;
use ucsh::engine::{Clock, Lab};

struct Fixture {
    dir: tempfile::TempDir,
    lab: Lab,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let opts = InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
        let lab = Lab::init(&dir.path().join("lab"), &opts, None, Existing::Refuse, Clock::system())
            .expect("a lab")
            .0;
        Fixture { dir, lab }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let file = f.dir.path().join("input.csv");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let _ = ucsh::engine::db::import::users(&f.lab, &file, None);
    let _ = ucsh::engine::db::import::devices(&f.lab, &file, None);
});
