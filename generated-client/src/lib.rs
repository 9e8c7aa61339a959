//! A typed async client for the Syncano v1.1 Script API.
//!
//! The code under `generated/` is written by `cargo xtask codegen` from `spec/syncano.yaml`;
//! this file and everything else outside that folder is written by hand.

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;
#[cfg(feature = "mock")]
pub mod mock;
mod pages;
mod wait;

pub use generated::*;
pub use pages::{PageTrail, Pages, PagesEnd};
pub use wait::{Unfinished, WaitError, WaitOptions, is_finished, poll_until_finished};

/// The README's code examples, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
