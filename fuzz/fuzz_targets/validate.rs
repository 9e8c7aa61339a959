//! Any spec that parses: validation and lowering never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(document) = oaswire_codegen::Document::parse("fuzz.yaml", text)
    {
        let _ = oaswire_codegen::check(&document);
    }
});
