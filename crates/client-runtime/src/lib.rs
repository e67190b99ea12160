//! The hand-written runtime of hwbackup-client and of every client
//! `cargo xtask generate --client` writes: the client and its builder,
//! credentials, signing on the wire, retries, typed errors, paging and
//! waiting. A generated crate holds only what differs per operation and
//! calls this (as `rt`); a crate of its own, so that a rebuild of a
//! generated client does not compile it again.
//!
//! Items marked `#[doc(hidden)]` are for generated code only.

#![forbid(unsafe_code)]

mod authenticate;
mod call;
mod chain;
mod client;
mod credentials;
mod error;
mod exchange;
mod federated;
mod iam;
mod metadata;
mod pages;
mod profile;
mod proxy;
mod request;
mod response;
mod retry;
mod service;
mod temporary;
mod text;
mod wait;

pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use credentials::Credentials;
pub use error::{Error, ServiceError, ERROR_BODY_LIMIT};
pub use hwbackup_models::runtime::Value;
pub use metadata::DEFAULT_METADATA_ENDPOINT;
pub use pages::{Items, PageShape, PageStyle, Pages};
pub use request::{empty, json, Call, Decode, NoBody};
pub use response::{CallFuture, Response};
pub use retry::RetryPolicy;
pub use service::Service;
pub use wait::{WaitError, WaitShape, Waiter};
