//! Where tenet keeps what it learns between runs (today: license detection answers, see
//! `facts::license_cache`). Decided here, by the command line, so that the library never
//! writes anywhere on its own; never inside a scanned repository.

use super::args::Cli;
use std::ffi::OsString;
use std::path::PathBuf;

/// The cache directory: `--no-cache` turns it off and `--cache-dir` names it; else the
/// environment (`TENET_NO_CACHE`, `TENET_CACHE_DIR`), else the platform's user cache
/// directory (`$XDG_CACHE_HOME/tenet`, `~/.cache/tenet`, `%LOCALAPPDATA%\tenet`)
pub(super) fn dir(cli: &Cli) -> Option<PathBuf> {
    dir_from(cli, |name| std::env::var_os(name).filter(|v| !v.is_empty()))
}

fn dir_from(cli: &Cli, env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if cli.no_cache {
        return None;
    }
    if let Some(dir) = &cli.cache_dir {
        return Some(dir.clone());
    }
    if env("TENET_NO_CACHE").is_some() {
        return None;
    }
    // A relative XDG_CACHE_HOME is invalid by the XDG spec: ignored, as it says
    let absolute = |v: OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    env("TENET_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| env("XDG_CACHE_HOME").and_then(absolute).map(|p| p.join("tenet")))
        .or_else(|| env("HOME").and_then(absolute).map(|p| p.join(".cache").join("tenet")))
        .or_else(|| env("LOCALAPPDATA").and_then(absolute).map(|p| p.join("tenet")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn dir_with(args: &[&str], vars: &[(&str, &str)]) -> Option<PathBuf> {
        let mut argv = vec!["tenet"];
        argv.extend_from_slice(args);
        argv.extend(["rules"]);
        let cli = Cli::try_parse_from(argv).unwrap();
        dir_from(&cli, |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| OsString::from(v)))
    }

    #[test]
    fn flags_win_over_the_environment_and_it_over_the_platform() {
        let home = [("HOME", "/home/ada")];
        assert_eq!(dir_with(&[], &home), Some(PathBuf::from("/home/ada/.cache/tenet")));
        let xdg = [("HOME", "/home/ada"), ("XDG_CACHE_HOME", "/x")];
        assert_eq!(dir_with(&[], &xdg), Some(PathBuf::from("/x/tenet")));
        let relative = [("HOME", "/home/ada"), ("XDG_CACHE_HOME", "x")];
        assert_eq!(dir_with(&[], &relative), Some(PathBuf::from("/home/ada/.cache/tenet")));
        let own = [("HOME", "/home/ada"), ("TENET_CACHE_DIR", "c")];
        assert_eq!(dir_with(&[], &own), Some(PathBuf::from("c")));
        let off = [("HOME", "/home/ada"), ("TENET_NO_CACHE", "1")];
        assert_eq!(dir_with(&[], &off), None);
        assert_eq!(dir_with(&["--cache-dir", "d"], &off), Some(PathBuf::from("d")));
        assert_eq!(dir_with(&["--no-cache", "--cache-dir", "d"], &home), None);
        assert_eq!(dir_with(&[], &[]), None);
    }
}
