//! Makes the data set of the `utils users validate` benchmark (tests/bench/users_validate.sh):
//! a standard lab in DIR whose two clusters hold USERS end users in all, with planted
//! problems (duplicate and case-variant user IDs, missing, invalid and duplicate URIs).
//!
//! Usage: users_bench_data DIR USERS

#[path = "../tests/support/users.rs"]
mod support;

use std::path::PathBuf;

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{Clock, Lab};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: users_bench_data DIR USERS";
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let users: usize = args.next().ok_or(usage)?.parse().map_err(|e| format!("USERS: {e}"))?;
    let opts = InitOptions { cm_subscribers: 1, sample_data: false };
    let (lab, _) = Lab::init(&dir, &opts, None, true, Clock::system())?;
    support::prepare(&lab);
    support::generated(&lab, users / 2, 0xbe9c4);
    Ok(())
}
