//! `expr satisfies allowlist` with the `spdx` crate (SPEC §2.3), over the lenient reading
//! of SPDX expressions (`facts::spdx_lenient`: `Apache 2` reads as `Apache-2.0`).

use crate::facts::spdx_lenient::lenient;
use spdx::{Expression, LicenseReq, Licensee, ParseMode};

/// Does the SPDX expression `expr` (parsed leniently) satisfy the allow-list?
///
/// `OR` needs one side allowed, `AND` both; an allowed later version satisfies
/// `-or-later`; `NOASSERTION`, `NONE` and unparsable text satisfy nothing.
pub fn satisfies(expr: &str, allow: &[&str]) -> bool {
    let Some(canonical) = lenient(expr) else { return false };
    let Ok(parsed) = Expression::parse_mode(&canonical, ParseMode::LAX) else { return false };
    let licensees: Vec<Licensee> = allow
        .iter()
        .filter_map(|a| lenient(a).and_then(|a| Licensee::parse_mode(&a, ParseMode::LAX).ok()))
        .collect();
    parsed.evaluate(|req| {
        licensees.iter().any(|l| l.satisfies(req) || later_version_satisfies(l, req))
    })
}

/// `GPL-2.0-or-later` is satisfied by an allowed `GPL-3.0-only` (same family, later version)
fn later_version_satisfies(licensee: &Licensee, req: &LicenseReq) -> bool {
    let (spdx::LicenseItem::Spdx { id: want, or_later }, lic_req) =
        (&req.license, licensee.clone().into_req())
    else {
        return false;
    };
    let spdx::LicenseItem::Spdx { id: have, .. } = lic_req.license else { return false };
    let Some(want_base) =
        want.name.strip_suffix("-or-later").or_else(|| or_later.then_some(want.name))
    else {
        return false;
    };
    let have_base = have.name.trim_end_matches("-only").trim_end_matches("-or-later");
    let split = |s: &str| {
        s.rsplit_once('-').map(|(family, version)| (family.to_string(), version.to_string()))
    };
    match (split(want_base), split(have_base)) {
        (Some((wf, wv)), Some((hf, hv))) => {
            wf == hf && version_at_least(&hv, &wv) && lic_req.addition == req.addition
        }
        _ => false,
    }
}

fn version_at_least(have: &str, want: &str) -> bool {
    let parse = |s: &str| s.split('.').map(|p| p.parse::<u32>().ok()).collect::<Option<Vec<u32>>>();
    matches!((parse(have), parse(want)), (Some(h), Some(w)) if h >= w)
}

#[cfg(test)]
mod tests {
    use super::{lenient, satisfies};

    #[test]
    fn or_needs_one_side_and_needs_both() {
        let allow = ["MIT", "Apache-2.0"];
        assert!(satisfies("MIT", &allow));
        assert!(satisfies("MIT OR GPL-3.0-only", &allow));
        assert!(!satisfies("MIT AND GPL-3.0-only", &allow));
        assert!(satisfies("MIT AND Apache-2.0", &allow));
    }

    #[test]
    fn lenient_names_and_special_values() {
        assert!(satisfies("Apache 2", &["Apache-2.0"]));
        assert!(!satisfies("NOASSERTION", &["MIT"]));
        assert!(!satisfies("NONE", &["MIT"]));
        assert!(!satisfies("not a license", &["MIT"]));
        assert!(satisfies("MIT/Apache-2.0", &["Apache-2.0"]));
        assert_eq!(lenient("BSD 3-Clause").as_deref(), Some("BSD-3-Clause"));
        assert_eq!(lenient("MIT License or Apache 2").as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(lenient("The Apache License, Version 2.0").as_deref(), Some("Apache-2.0"));
        assert_eq!(lenient("Apache License 2.0").as_deref(), Some("Apache-2.0"));
    }

    #[test]
    fn or_later_is_satisfied_by_a_later_version() {
        assert!(satisfies("GPL-2.0-or-later", &["GPL-3.0-only"]));
        assert!(satisfies("GPL-2.0+", &["GPL-2.0-only"]));
        assert!(!satisfies("GPL-3.0-or-later", &["GPL-2.0-only"]));
        assert!(!satisfies("GPL-2.0-only", &["GPL-3.0-only"]));
        assert!(satisfies("GPL-2.0", &["GPL-2.0-only"]));
    }

    #[test]
    fn exceptions_must_be_listed() {
        assert!(!satisfies("Apache-2.0 WITH LLVM-exception", &["Apache-2.0"]));
        assert!(satisfies("Apache-2.0 WITH LLVM-exception", &["Apache-2.0 WITH LLVM-exception"]));
    }
}
