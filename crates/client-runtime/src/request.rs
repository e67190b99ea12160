//! One request being put together: what every generated request builder
//! holds (its parameter values and per-call settings), and how it is sent.

use std::time::Duration;

use hwbackup_models::runtime::{Builder, Operation, Path, Value};
use hwbackup_models::ValidationErrors;
use serde::Serialize;

use super::{Client, Error, Response, Service};

/// How a success body becomes the call's result: [`json`] for a model or
/// free-form JSON, [`empty`] for an answer without one.
pub type Decode<R> = fn(&[u8]) -> Result<R, serde_json::Error>;

/// Decodes a JSON body.
pub fn json<R: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<R, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// An answer documented without a body: whatever is there is ignored.
pub fn empty(_: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// Settings of one call, over the client's.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    /// Timeout of each attempt, instead of the client's.
    pub(crate) timeout: Option<Duration>,
    /// Extra headers, sent and signed with the request.
    pub(crate) headers: Vec<(String, String)>,
}

/// The parameters and settings of one request, in the order of its
/// operation's parameters. Generated request builders hold one and add a
/// typed setter per parameter.
#[derive(Clone, Debug)]
pub struct Call<'a> {
    client: &'a Client,
    service: &'static Service,
    op: &'static Operation,
    values: Vec<Option<Value>>,
    options: CallOptions,
}

impl<'a> Call<'a> {
    /// A request of `op` with nothing set.
    #[doc(hidden)]
    pub fn new(client: &'a Client, service: &'static Service, op: &'static Operation) -> Self {
        Self {
            client,
            service,
            op,
            values: vec![None; op.params.len()],
            options: CallOptions::default(),
        }
    }

    /// Sets the parameter at `index` (its place in the operation's list).
    #[inline]
    #[doc(hidden)]
    pub fn set(&mut self, index: usize, value: Value) {
        self.values[index] = Some(value);
    }

    /// Sets a list parameter from items.
    #[inline]
    #[doc(hidden)]
    pub fn set_list(&mut self, index: usize, items: impl IntoIterator<Item = Value>) {
        self.values[index] = Some(Value::List(items.into_iter().collect()));
    }

    /// The value set for the parameter at `index`, if any.
    #[doc(hidden)]
    pub fn value(&self, index: usize) -> Option<&Value> {
        self.values.get(index)?.as_ref()
    }

    pub(crate) fn operation(&self) -> &'static Operation {
        self.op
    }

    #[doc(hidden)]
    pub fn timeout(&mut self, timeout: Duration) {
        self.options.timeout = Some(timeout);
    }

    #[doc(hidden)]
    pub fn header(&mut self, name: String, value: String) {
        self.options.headers.push((name, value));
    }

    /// Checks everything (parameters and body, every broken rule at once),
    /// then sends the request and decodes the answer with `decode`.
    /// `body_required`: the operation documents a body that must be sent.
    #[doc(hidden)]
    pub async fn send<B, R>(
        self,
        body: Option<B>,
        body_required: bool,
        decode: Decode<R>,
    ) -> Result<Response<R>, Error>
    where
        B: Builder,
        B::Value: Serialize,
    {
        let body = finish_body(body, body_required)?;
        self.client
            .call(
                self.service,
                self.op,
                self.values,
                body.as_ref(),
                decode,
                &self.options,
            )
            .await
    }

    /// The HTTP request `send` would make first, checked and signed, without
    /// sending it: what the client costs before the network. For
    /// benchmarks; `send` is the way to call.
    #[doc(hidden)]
    pub fn signed<B>(self, body: Option<B>, body_required: bool) -> Result<reqwest::Request, Error>
    where
        B: Builder,
        B::Value: Serialize,
    {
        let body = finish_body(body, body_required)?;
        self.client.signed_request(
            self.service,
            self.op,
            self.values,
            body.as_ref(),
            &self.options,
        )
    }
}

/// Builds a request's body from its builder, reporting broken rules at the
/// top level (`vault.name`), as the body's own `build()` would.
fn finish_body<B: Builder>(body: Option<B>, required: bool) -> Result<Option<B::Value>, Error> {
    let mut errors = ValidationErrors::default();
    let built = match body {
        Some(b) => b.finish(&Path::Root, &mut errors),
        None if required => {
            hwbackup_models::runtime::check::<str>(
                &mut errors,
                &Path::Root,
                "body",
                None,
                true,
                &[],
            );
            None
        }
        None => None,
    };
    if errors.is_empty() {
        Ok(built)
    } else {
        Err(Error::Validation(errors))
    }
}

/// The body of an operation that takes none.
#[derive(Clone, Debug)]
pub enum NoBody {}

impl Builder for NoBody {
    type Value = NoBody;

    fn finish(self, _: &Path<'_>, _: &mut ValidationErrors) -> Option<NoBody> {
        match self {}
    }
}

impl Serialize for NoBody {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}
