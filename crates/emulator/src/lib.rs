//! A local emulator of Huawei Cloud's backup APIs (CBR and GaussDB for
//! MySQL), generated from the same spec as the models and the client.
//!
//! It accepts exactly what the cloud accepts: every request is decoded
//! with the models crate and checked with the same validators (a broken
//! rule gets a 400 naming the field), and every request must carry a valid
//! token or `SDK-HMAC-SHA256` signature (otherwise 401). It answers in the
//! documented shapes and status codes, echoing what was asked, and keeps
//! every call so a test can look at it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let emu = hwbackup_emulator::Emulator::start().await.unwrap();
//! println!("serving on {}", emu.url());
//! assert!(emu.calls().is_empty());
//! # }
//! ```
//!
//! The routes are generated (`src/generated/`, by `cargo xtask
//! regenerate`); the rest is the hand-written runtime.

#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;
#[cfg(test)]
mod fixtures;
mod runtime;

pub use runtime::{
    Call, Emulator, EmulatorBuilder, Handler, Key, RecordedCall, Reply, DEFAULT_ACCESS_KEY,
    DEFAULT_JOB_DURATION, DEFAULT_PROJECT_ID, DEFAULT_RECORDED_CALLS, DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
};
