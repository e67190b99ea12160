//! One error type for everything a call can run into.

use std::time::Duration;

use hwbackup_models::ValidationErrors;
use serde_json::Value;

use super::text::{bounded, OneLine, CODE_LIMIT, MESSAGE_LIMIT, REQUEST_ID_LIMIT};

/// Why a call (or building a client) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks documented rules; nothing was sent.
    Validation(ValidationErrors),
    /// A header value holds a character no header can carry (CR, LF,
    /// NUL, DEL or another control character); nothing was sent.
    InvalidHeader {
        name: String,
        /// The character, as `U+000D (CR)`.
        found: String,
    },
    /// The request could not be built (for example a URL too long for
    /// HTTP); nothing was sent, and retrying cannot help.
    InvalidRequest { reason: String },
    /// The client's configuration is incomplete or wrong.
    Config(String),
    /// No credentials could be had: what was tried (the environment, the
    /// credentials file, the metadata service, IAM) and why each failed.
    /// Nothing was sent to the service.
    Credentials(String),
    /// No endpoint is known for this region; the known ones are listed.
    UnknownRegion {
        service: &'static str,
        region: String,
        known: Vec<&'static str>,
    },
    /// The service answered with an error status.
    Service(Box<ServiceError>),
    /// No complete answer within the configured time.
    Timeout { after: Duration },
    /// The connection could not be established; the request was not sent.
    Connect(reqwest::Error),
    /// The connection failed after the request may have been sent.
    Transport(reqwest::Error),
    /// A success status with a body that is not the documented response.
    Decode {
        status: u16,
        request_id: Option<String>,
        /// Why decoding failed (at most 256 bytes).
        reason: String,
        /// The start of the body (at most 256 bytes).
        snippet: String,
    },
    /// The answer's body is larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes));
    /// reading stopped at the limit.
    ResponseTooLarge {
        status: u16,
        request_id: Option<String>,
        /// The limit in bytes.
        limit: usize,
    },
    /// A list's server answered the same page twice (the same items or the
    /// same next marker): paging stopped rather than loop forever.
    PageRepeated {
        operation: &'static str,
        /// Items received before the repeated page.
        after_items: usize,
    },
}

/// An error answer from the service, in whichever shape it came.
///
/// Every text here came from the server and is bounded: the code to 128
/// bytes, the message to 1 KiB, the request id to 128 bytes, the body to
/// [`ERROR_BODY_LIMIT`]. `Display` prints them on one line, with control
/// characters escaped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    pub status: u16,
    /// `error_code` (or `errorCode`, or `code`), if the body had one.
    pub code: Option<String>,
    /// `error_msg` (or `errorMsg`, or `message`), if the body had one.
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The body as received (for example a gateway's HTML page), cut to
    /// [`ERROR_BODY_LIMIT`] bytes.
    pub body: String,
}

/// At most this many bytes of an error answer's body are read and kept:
/// far more than any documented error body, which is a code and a message.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

const SNIPPET: usize = 256;

/// The first `SNIPPET` bytes of `body`, cut at a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET + 4)]);
    let mut end = text.len().min(SNIPPET);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

impl ServiceError {
    /// Reads an error body in every shape the cloud uses: `error_code` /
    /// `error_msg`, `errorCode` / `errorMsg`, `code` / `message`, or any of
    /// these nested one level down (`{"error": {...}}`). Anything else keeps
    /// only the status and the raw text.
    pub fn parse(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let (code, message) = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| code_and_message(&v).or_else(|| nested(&v)))
            .unwrap_or((None, None));
        let body = &body[..body.len().min(ERROR_BODY_LIMIT)];
        ServiceError {
            status,
            code: code.map(|c| bounded(&c, CODE_LIMIT)),
            message: message.map(|m| bounded(&m, MESSAGE_LIMIT)),
            request_id: request_id.map(|id| bounded(&id, REQUEST_ID_LIMIT)),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn code_and_message(v: &Value) -> Option<(Option<String>, Option<String>)> {
    let obj = v.as_object()?;
    let pick = |names: &[&str]| names.iter().find_map(|n| text(obj.get(*n)));
    let code = pick(&["error_code", "errorCode", "code"]);
    let message = pick(&["error_msg", "errorMsg", "message", "error_message"]);
    (code.is_some() || message.is_some()).then_some((code, message))
}

fn nested(v: &Value) -> Option<(Option<String>, Option<String>)> {
    v.as_object()?.values().find_map(code_and_message)
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.code, &self.message) {
            (Some(c), Some(m)) => write!(f, "{}: {}", OneLine(c), OneLine(m))?,
            (Some(c), None) => write!(f, "{}", OneLine(c))?,
            (None, Some(m)) => write!(f, "{}", OneLine(m))?,
            (None, None) => write!(
                f,
                "no error code ({})",
                OneLine(snippet(self.body.as_bytes()).trim())
            )?,
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {}", OneLine(id))?;
        }
        write!(f, ")")
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "request refused before sending: {e}"),
            Error::InvalidHeader { name, found } => write!(
                f,
                "header {name} refused before sending: its value contains {found}, \
                 which a header cannot carry"
            ),
            Error::InvalidRequest { reason } => write!(
                f,
                "the request could not be built, so nothing was sent: {}",
                OneLine(reason)
            ),
            Error::Config(why) => write!(f, "client configuration: {why}"),
            Error::Credentials(why) => write!(f, "credentials: {}", OneLine(why)),
            Error::UnknownRegion {
                service,
                region,
                known,
            } => write!(
                f,
                "no {service} endpoint is known for region {region:?}; known regions: {}; \
                 or set an explicit endpoint",
                known.join(", ")
            ),
            Error::Service(e) => write!(f, "service error {e}"),
            Error::Timeout { after } => write!(f, "no answer within {after:?}"),
            Error::Connect(e) => write!(f, "could not connect: {e}"),
            Error::Transport(e) => write!(f, "connection failed during the call: {e}"),
            Error::Decode {
                status,
                request_id,
                reason,
                snippet,
            } => {
                write!(
                    f,
                    "HTTP {status} answer is not the documented response: {}",
                    OneLine(reason)
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request id {})", OneLine(id))?;
                }
                write!(f, "; body starts {snippet:?}")
            }
            Error::ResponseTooLarge {
                status,
                request_id,
                limit,
            } => {
                write!(
                    f,
                    "HTTP {status} answer is larger than the {limit} bytes this client accepts"
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request id {})", OneLine(id))?;
                }
                Ok(())
            }
            Error::PageRepeated {
                operation,
                after_items,
            } => write!(
                f,
                "{operation}: the server answered the same page twice after {after_items} items; paging stopped"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Connect(e) | Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl Error {
    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the answer, if one came back.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } | Error::ResponseTooLarge { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The HTTP status, if an answer came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}
