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

/// The client for `specs/styles.yaml`: every parameter location, style and explode.
pub mod styles {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}

/// The client for `specs/access.yaml`: every security scheme, requirements and servers.
pub mod access {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}

/// The client for `specs/shapes.yaml`: bodies, multipart, bytes, three-state fields, schema shapes.
pub mod shapes {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}

/// The client for `specs/modern.yaml`: OpenAPI 3.1 and JSON Schema 2020-12 shapes, and webhooks.
pub mod modern {
    #[rustfmt::skip]
    mod generated;
    pub use generated::*;
}
