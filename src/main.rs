//! `ucsh`: ucsh's own flags and the choice of mode. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ucsh::cli::main() {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            let mut stderr = std::io::stderr();
            let _ = std::io::Write::write_all(&mut stderr, format!("ucsh: {e:#}\n").as_bytes());
            ExitCode::from(1)
        }
    }
}
