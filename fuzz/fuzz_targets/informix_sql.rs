//! The Informix-to-SQLite translation of `run sql`: any statement translates or is refused,
//! never panics; SQLite then prepares the translation against the Communications Manager
//! schema (refusing it or not) without harm.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;

thread_local! {
    static DB: Option<Connection> = Connection::open_in_memory().ok().and_then(|c| {
        c.execute_batch(&ucsh::engine::db::schema::ddl(ucsh::engine::deployment::Product::Cm)).ok()?;
        Some(c)
    });
}

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else { return };
    if let Ok(translated) = ucsh::engine::db::sql::translate(sql) {
        DB.with(|db| {
            if let Some(db) = db {
                let _ = db.prepare(&translated);
            }
        });
    }
});
