//! A decoded answer with what a caller needs to trace it, and the call
//! on its way to it.

use std::future::Future;

use super::Error;

/// The typed body of a successful call, its status and request id.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    pub body: T,
    /// The HTTP status (the documented one, such as 200 or 201).
    pub status: u16,
    /// The `X-Request-Id` response header, for support requests.
    pub request_id: Option<String>,
}

impl<T> Response<T> {
    pub(crate) fn new(body: T, status: u16, request_id: Option<String>) -> Self {
        Self {
            body,
            status,
            request_id,
        }
    }

    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A call on its way: `.await` it for the [`Response`] or the [`Error`].
///
/// What every operation's `send()` returns. It is the client's one
/// sending routine, not an `async fn` per operation: the crate that holds
/// the operations compiles one state machine for all of them, and a
/// consumer compiles those of the operations it calls.
pub trait CallFuture<T>: Future<Output = Result<Response<T>, Error>> {}

impl<T, F: Future<Output = Result<Response<T>, Error>>> CallFuture<T> for F {}
