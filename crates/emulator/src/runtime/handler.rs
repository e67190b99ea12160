//! Replacing an operation's behaviour in a test.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use hwbackup_models::runtime::{Operation, Value as ParamValue};
use serde_json::Value;

/// A request that passed authentication and validation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Call {
    pub operation: &'static Operation,
    pub project_id: String,
    pub path_params: Vec<(String, String)>,
    /// Every parameter that was sent (path, query and header), by wire
    /// name, read as its documented type.
    pub params: Vec<(&'static str, ParamValue)>,
    /// The request body as JSON.
    pub body: Value,
    /// What the emulator would answer by default.
    pub default_response: Value,
    /// How many calls of this operation came before this one.
    pub previous_calls: usize,
}

/// What to answer.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Reply {
    /// The emulator's default answer.
    Default,
    /// A JSON body with a status.
    Json { status: u16, body: Value },
    /// An error in the cloud's shape: `{"error_code", "error_msg"}`.
    Error {
        status: u16,
        code: String,
        message: String,
    },
    /// Any body, as is (for example a gateway's HTML page).
    Raw {
        status: u16,
        content_type: String,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// Wait, then answer.
    Delay(Duration, Box<Reply>),
    /// Close the connection without answering.
    DropConnection,
}

impl Call {
    /// The value of the parameter `name`, if it was sent.
    pub fn param(&self, name: &str) -> Option<&ParamValue> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

impl Reply {
    /// An error answer in the cloud's shape.
    pub fn error(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Reply::Error {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// This answer after `delay`.
    pub fn after(self, delay: Duration) -> Self {
        Reply::Delay(delay, Box::new(self))
    }
}

/// A future answer.
pub type BoxReply = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// Decides the answer to one operation. Closures `Fn(Call) -> impl Future<Output = Reply>` are handlers.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, call: Call) -> BoxReply;
}

impl<F, Fut> Handler for F
where
    F: Fn(Call) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    fn handle(&self, call: Call) -> BoxReply {
        Box::pin(self(call))
    }
}
