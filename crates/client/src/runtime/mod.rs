//! The hand-written runtime the generated operation methods call.

mod call;
mod client;
mod credentials;
mod error;
mod response;
mod retry;
mod service;
mod text;

#[allow(unused_imports)]
pub use call::{Arg, NoBody};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use credentials::Credentials;
pub use error::{Error, ServiceError, ERROR_BODY_LIMIT};
pub use response::Response;
pub use retry::RetryPolicy;
pub use service::Service;
