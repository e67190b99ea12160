//! What every generated model and open enum has in common, written once.
//!
//! The generator writes each type's definition (fields, docs, the builder
//! struct and its setters) as plain Rust, then one invocation of
//! [`model!`] or [`open_enum!`] that lists the fields as data. These
//! macros expand that list into the builder's `build`, the validation, the
//! serde impls and `Clone`/`Debug`/`PartialEq`, so generated files stay
//! short and the compiler expands no derive on them.
//!
//! One file per part: `model.rs` (the entry point: `Validate` of requests,
//! `PartialEq`), `build.rs`, `common.rs` (`Clone`, `Debug`),
//! `serialize.rs`, `deserialize.rs` and `open_enum.rs`. Each line they
//! write for a field is one call into the runtime, named by the field's
//! presence ([`Req`](crate::runtime::Req) or [`Opt`](crate::runtime::Opt), `presence.rs`)
//! and kind ([`Kind`](crate::runtime::Kind), `kind.rs`). To see what comes out for
//! one model, read `crates/fixtures/expanded/`: the `sensitive` fixture's
//! models as the compiler expands them (`cargo xtask expand` writes it).
//!
//! Every function they write is generic or `#[inline]`: the crate that
//! holds the models compiles none of them to machine code, and a consumer
//! compiles only those it calls. A cloud's worth of models costs little to
//! those who use a few of them, and rebuilds of the models crate skip
//! codegen. Bodies are straight-line calls into the runtime (no `?` per
//! field, no `concat!`): a rebuild re-reads and re-stores every body's
//! compiled form, so their size counts (`cargo xtask bench` counts it).

mod build;
mod common;
mod deserialize;
mod model;
mod open_enum;
mod serialize;

pub use crate::{__model as model, __open_enum as open_enum};
