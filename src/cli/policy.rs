//! The command line's side of loading a policy: the clock and `--set` arguments.

use super::args::PolicyArgs;
use crate::engine::policy::{Loaded, load_with_sets};
use crate::eval::program::SetArg;
use crate::policy::PolicySpec;

/// The clock: `--now`, else `SOURCE_DATE_EPOCH`, else the wall clock
pub(crate) fn now(arg: Option<&str>) -> Result<jiff::Timestamp, String> {
    if let Some(s) = arg {
        if let Ok(d) = s.parse::<jiff::civil::Date>() {
            return d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .map_err(|e| e.to_string());
        }
        return s
            .parse::<jiff::Timestamp>()
            .map_err(|_| format!("`--now {s}` is not a date (YYYY-MM-DD) or a timestamp"));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let s = epoch.to_string_lossy();
        let secs: i64 = s
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{s}` is not a number of seconds"))?;
        return jiff::Timestamp::from_second(secs).map_err(|e| e.to_string());
    }
    Ok(jiff::Timestamp::now())
}

/// Load, check and build
pub(crate) fn load_policy(
    specs: &[PolicySpec],
    args: &PolicyArgs,
    now: jiff::Timestamp,
) -> Result<Loaded, String> {
    let sets = args.sets.iter().map(|s| SetArg::parse(s)).collect::<Result<Vec<_>, _>>()?;
    Ok(load_with_sets(specs, &sets, now))
}
