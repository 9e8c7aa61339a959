//! Clients generated from the small specs in `specs/`, each modelled on a public spec, so tests can
//! check the requests the generator's clients send without needing those specs.
//!
//! Each `generated/` folder is written by `cargo xtask codegen`; this file is written by hand.

#![warn(missing_docs)]

/// The client for `specs/petstore.yaml`.
pub mod petstore {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}

/// The client for `specs/keeper.yaml`.
pub mod keeper {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}

/// The client for `specs/buildomat.yaml`.
pub mod buildomat {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}
