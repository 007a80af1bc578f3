//! (a) Lexer, parser, checker and diagnostics renderers on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tenet_fuzz::checks::policy(text);
    }
});
