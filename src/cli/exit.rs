//! Exit codes (SPEC §4): 0 clean, 1 findings at or above `--fail-on`, 2 errors.

/// How a command ended
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Nothing at or above the threshold
    Clean = 0,
    /// Findings at or above the threshold
    Findings = 1,
    /// A policy, usage or evaluation error
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
