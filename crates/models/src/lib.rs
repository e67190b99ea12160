//! Request and response models of Huawei Cloud's backup APIs.
//!
//! Everything under [`cbr`] and [`gaussdb_mysql`] is generated from `spec/`
//! by `cargo xtask regenerate`; [`runtime`] is the small hand-written part
//! the generated code calls.
//!
//! Requests are built through builders that refuse, before anything is
//! sent, any value that breaks a documented rule, and list every broken
//! rule at once:
//!
//! ```
//! use hwbackup_models::gaussdb_mysql::MysqlCreateBackupRequest;
//!
//! let err = MysqlCreateBackupRequest::builder()
//!     .instance_id("too-short")
//!     .name("1st backup")
//!     .build()
//!     .unwrap_err();
//! assert_eq!(err.len(), 3);
//! assert!(err.to_string().contains("instance_id"));
//! ```
//!
//! Responses are read leniently: unknown fields are ignored and unknown
//! enum values are kept.

#![forbid(unsafe_code)]
// Built with only some services (cargo features), the runtime has parts
// only the others use; with every service (the default) dead code is an
// error in CI as anywhere.
#![cfg_attr(not(feature = "all-services"), allow(dead_code, unused_imports))]

#[rustfmt::skip]
mod generated;
pub mod runtime;

pub use generated::*;
pub use runtime::{Validate, ValidationErrors, Violation};

/// The serde the runtime's macros implement, so that crates generated
/// against this runtime need no serde dependency of their own.
#[doc(hidden)]
pub use serde as __serde;
