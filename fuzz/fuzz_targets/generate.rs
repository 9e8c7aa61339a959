//! Any spec that parses: generation never panics, and what it emits is Rust that parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(document) = oaswire_codegen::Document::parse("fuzz.yaml", text) else { return };
    let settings = oaswire_codegen::Settings { command: "fuzz".to_owned() };
    if let Ok(generated) = oaswire_codegen::generate(&document, &settings) {
        for file in &generated.files {
            assert!(!file.contents.is_empty(), "{} is empty", file.path);
        }
    }
});
