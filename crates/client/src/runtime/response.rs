//! A decoded answer with what a caller needs to trace it.

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
