//! Runs the ucsh binary on a lab with the clock pinned, its standard input given, and
//! returns what it printed: the CLI tests' one way to call it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `ucsh ARGS` on the lab in `data`, the clock at `now`, `input` on its standard input.
pub fn ucsh_at(data: &Path, now: &str, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", data)
        .env("UCSH_NOW", now)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ucsh");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("ucsh ends")
}

/// Standard output then standard error, as text.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}
