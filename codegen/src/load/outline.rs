//! The spec's outline: the few top-level parts read whole, and each path
//! item and component schema kept as unparsed JSON text borrowed from the
//! file, to be parsed with `openapiv3` one at a time.
//!
//! A whole `openapiv3::OpenAPI` of a large spec takes about 14 times the
//! file's size in memory; parsing piece by piece keeps one piece alive.

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Pointer, SpecError};

#[derive(Deserialize)]
pub struct Outline<'a> {
    pub info: openapiv3::Info,
    #[serde(default)]
    pub servers: Vec<openapiv3::Server>,
    #[serde(borrow, default)]
    pub paths: IndexMap<String, &'a RawValue>,
    #[serde(borrow, default)]
    pub components: Option<Components<'a>>,
    #[serde(rename = "x-regions", default)]
    pub regions: Option<Regions>,
}

#[derive(Deserialize)]
pub struct Components<'a> {
    #[serde(borrow, default)]
    pub schemas: IndexMap<String, &'a RawValue>,
    /// Shared parameters, responses and request bodies, which operations
    /// may name by `$ref`.
    #[serde(borrow, default)]
    pub parameters: IndexMap<String, &'a RawValue>,
    #[serde(borrow, default)]
    pub responses: IndexMap<String, &'a RawValue>,
    #[serde(borrow, default, rename = "requestBodies")]
    pub request_bodies: IndexMap<String, &'a RawValue>,
}

/// `x-regions`: the endpoint of each known region.
#[derive(Deserialize)]
pub struct Regions {
    #[serde(default)]
    pub endpoints: IndexMap<String, String>,
}

impl<'a> Outline<'a> {
    /// Reads the outline of `text`; `file` names it in errors.
    pub fn parse(file: &str, text: &'a str) -> Result<Self, SpecError> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| typed_error(file, &Pointer::root(), &e))
    }
}

/// Parses one piece of the outline as the `openapiv3` type `T`; `at` is
/// where the piece sits, so errors point into the file.
pub fn piece<T: DeserializeOwned>(
    file: &str,
    raw: &RawValue,
    at: &Pointer,
) -> Result<T, SpecError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut de).map_err(|e| typed_error(file, at, &e))
}

fn typed_error(
    file: &str,
    at: &Pointer,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> SpecError {
    let inner = Pointer::from_serde_path(e.path());
    SpecError {
        file: file.to_owned(),
        pointer: format!("{at}{inner}"),
        message: format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
    }
}
