//! Runs the cases generated from the spec (`generated/mod.rs`): every doc
//! example round-trips, and every constraint is probed at its boundaries.

mod support;

#[rustfmt::skip]
mod generated;
