//! Generates the Kennel client from `spec/api.yaml` (and the file it references) into `OUT_DIR`.

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    oaswire_codegen::files::Builder::new("spec/api.yaml").generate_to(out_dir).unwrap_or_else(|e| panic!("{e}"));
}
