//! (c) The evaluator on generated policies (and on the input itself when it is a valid
//! policy) against a small repository in a tempdir.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let repo = tenet_fuzz::repo();
    tenet_fuzz::checks::eval(&tenet_fuzz::checks::generate::policy(data), repo);
    tenet_fuzz::checks::eval(&tenet_fuzz::checks::generate::document_rule(data), repo);
    if let Ok(text) = std::str::from_utf8(data) {
        tenet_fuzz::checks::eval(text, repo);
    }
});
