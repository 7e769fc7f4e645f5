//! How a command ends, and so how ucsh exits: the one mapping to process exit codes, the
//! same in every mode (README, "Exit status").

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitStatus {
    /// The command did what was asked (0).
    #[default]
    Success,
    /// The command ran and failed, or was declined (1).
    Failed,
    /// The line is not a valid command: unknown, incomplete, bad parameter (2).
    Usage,
    /// A check ran and found problems: validation, replication mismatches (3).
    Findings,
    /// Ctrl-C stopped a command run by `-c`, `--script` or standard input (130).
    Interrupted,
}

impl ExitStatus {
    /// The process exit code.
    pub const fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failed => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Findings => 3,
            ExitStatus::Interrupted => 130,
        }
    }

    /// The status of a command that returned `report`.
    pub fn of(findings: bool) -> ExitStatus {
        if findings {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        }
    }

    /// `status` of the JSON envelope: `ok`, `findings` or `error`.
    pub fn json_word(self) -> &'static str {
        match self {
            ExitStatus::Success => "ok",
            ExitStatus::Findings => "findings",
            _ => "error",
        }
    }

    /// Ends a run of commands: every status but findings stops the lines after it
    /// (unless `--keep-going`).
    pub fn stops(self) -> bool {
        !matches!(self, ExitStatus::Success | ExitStatus::Findings)
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(u8::try_from(status.code()).unwrap_or(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        let all = [
            ExitStatus::Success,
            ExitStatus::Failed,
            ExitStatus::Usage,
            ExitStatus::Findings,
            ExitStatus::Interrupted,
        ];
        let codes: Vec<i32> = all.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 130]);
        let words: Vec<&str> = all.iter().map(|s| s.json_word()).collect();
        assert_eq!(words, ["ok", "error", "error", "findings", "error"]);
        assert!(!ExitStatus::Findings.stops() && ExitStatus::Failed.stops());
    }
}
