//! The license matcher's data is loaded only when a text needs it: verbatim copies of
//! common licenses are recognised by their fingerprint, without it. One test in its own
//! process, so nothing else has loaded the data before it looks.

#![expect(clippy::unwrap_used, reason = "test")]

use tenet::facts::license_detect::{detect, is_loaded};

fn text(id: &str) -> String {
    let t = spdx::text::LICENSE_TEXTS.iter().find(|(n, _)| *n == id).map(|(_, t)| *t).unwrap();
    t.replace("<year>", "2024").replace("<copyright holders>", "Example Corp")
}

#[test]
fn verbatim_common_licenses_need_no_matcher_data_and_others_load_it_once() {
    for (id, want) in [
        ("MIT", "MIT"),
        ("Apache-2.0", "Apache-2.0"),
        ("BSD-3-Clause", "BSD-3-Clause"),
        ("ISC", "ISC"),
        ("GPL-3.0-only", "GPL-3.0-or-later"),
        ("MPL-2.0", "MPL-2.0"),
        ("Unlicense", "Unlicense"),
    ] {
        let d = detect(&text(id)).unwrap();
        assert_eq!(d.expression().as_deref(), Some(want), "{id}");
        assert!((d.confidence() - 1.0).abs() < f32::EPSILON);
    }
    // Apache-2.0 without its appendix, as many projects ship it
    let apache = text("Apache-2.0");
    let cut = apache.find("APPENDIX").unwrap();
    assert_eq!(detect(&apache[..cut]).unwrap().expression().as_deref(), Some("Apache-2.0"));
    assert!(!is_loaded(), "a verbatim text loaded the matcher's data");

    let edited = format!("{}\nThis notice was added by the packager.\n", text("MIT"));
    assert_eq!(detect(&edited).unwrap().best(), Some("MIT"));
    assert!(is_loaded());
}
