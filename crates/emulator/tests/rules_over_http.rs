//! Requests that break documented rules, sent raw over HTTP (no client
//! validation in the way), are refused with a 400 naming the field. The
//! cases are generated from the IR (`tests/generated/`).

mod support;
#[rustfmt::skip]
mod generated;
