//! (d) The JSON, YAML and TOML parsers of `json()`, `yaml()` and `toml()` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tenet_fuzz::checks::documents(data);
});
