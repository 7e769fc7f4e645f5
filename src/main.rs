//! `ucsh`: ucsh's own flags and the choice of mode. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ucsh::cli::main() {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            let mut stderr = std::io::stderr();
            let _ = std::io::Write::write_all(&mut stderr, format!("ucsh: {e:#}\n").as_bytes());
            ExitCode::from(ucsh::render::ExitStatus::Failed)
        }
    }
}
