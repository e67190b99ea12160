//! One error type for everything a call can run into.

use std::time::Duration;

use hwbackup_models::ValidationErrors;
use serde_json::Value;

/// Why a call (or building a client) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks documented rules; nothing was sent.
    Validation(ValidationErrors),
    /// A header value holds CR or LF; nothing was sent.
    InvalidHeader { name: String },
    /// The client's configuration is incomplete or wrong.
    Config(String),
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
        /// Why decoding failed.
        reason: String,
        /// The start of the body (at most 256 bytes).
        snippet: String,
    },
}

/// An error answer from the service, in whichever shape it came.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    pub status: u16,
    /// `error_code` (or `errorCode`, or `code`), if the body had one.
    pub code: Option<String>,
    /// `error_msg` (or `errorMsg`, or `message`), if the body had one.
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The body as received (for example a gateway's HTML page).
    pub body: String,
}

const SNIPPET: usize = 256;

/// The first `SNIPPET` bytes of `body`, cut at a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
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
        ServiceError {
            status,
            code,
            message,
            request_id,
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
            (Some(c), Some(m)) => write!(f, "{c}: {m}")?,
            (Some(c), None) => write!(f, "{c}")?,
            (None, Some(m)) => write!(f, "{m}")?,
            (None, None) => write!(
                f,
                "no error code ({})",
                snippet(self.body.as_bytes()).trim()
            )?,
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ")")
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "request refused before sending: {e}"),
            Error::InvalidHeader { name } => write!(
                f,
                "header {name} refused before sending: its value contains CR or LF"
            ),
            Error::Config(why) => write!(f, "client configuration: {why}"),
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
                    "HTTP {status} answer is not the documented response: {reason}"
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                write!(f, "; body starts {snippet:?}")
            }
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
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, if an answer came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}
