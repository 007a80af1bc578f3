//! (b) `fmt` is idempotent, keeps comments, and `lint` agrees before and after.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tenet_fuzz::checks::fmt(text);
    }
});
