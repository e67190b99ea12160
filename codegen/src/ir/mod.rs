//! Stage 2: the typed intermediate model every emitter reads.
//!
//! Nothing here knows about Rust tokens, and nothing in the emitters knows
//! about OpenAPI: the IR is the contract between them. Constraints are data
//! ([`Constraint`]), checked at run time by one routine in the models crate.

mod build;
mod facts;
mod naming;

use std::collections::HashMap;

pub use build::build_service;
pub use naming::{pascal_case, snake_case, variant_name};

/// One service: one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Module name, from `info.x-service` (for example `cbr`).
    pub module: String,
    pub title: String,
    /// Whose SDKs the operation ids name (`info.x-sdk-title`), if any:
    /// each operation's docs then name its call there.
    pub sdk_title: Option<String>,
    pub description: String,
    /// Spec file path and hash, for generated headers.
    pub spec_path: String,
    pub spec_sha256: String,
    /// Server URL template with `{region}`.
    pub server_template: String,
    /// Known regions and their endpoints, sorted by region.
    pub regions: Vec<(String, String)>,
    pub operations: Vec<Operation>,
    /// Models in a stable order (spec order, then nested ones after their parent).
    pub models: Vec<Model>,
    /// Position of each model in `models`, by name: lookups stay constant
    /// time at the size of a whole cloud's API.
    index: HashMap<String, usize>,
    /// Each source page's title (its operation's summary), by file.
    page_titles: HashMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written (PascalCase).
    pub id: String,
    /// snake_case method name.
    pub fn_name: String,
    pub summary: String,
    pub description: String,
    pub method: Method,
    pub path: String,
    pub params: Vec<Param>,
    /// The request body: a model or free-form JSON; `None` for no body.
    pub body: Option<TypeRef>,
    /// The spec says the body must be sent (`requestBody.required`).
    pub body_required: bool,
    pub success: Response,
    pub errors: Vec<Response>,
    pub source: String,
    /// Operation name in Huawei's official SDKs (`x-sdk-operation`).
    pub sdk_name: Option<String>,
    /// `false` where `x-sdk-operation` is `false`: the SDKs lack it.
    pub in_sdk: bool,
    /// Doc examples of the request body, as (name, JSON text).
    pub request_examples: Vec<(String, String)>,
    /// Doc examples of the success response, as (name, JSON text).
    pub response_examples: Vec<(String, String)>,
    /// How the operation pages, if it lists (`x-pagination`).
    pub pagination: Option<Pagination>,
    /// How to tell when the work this operation shows is done (`x-waiter`).
    pub waiter: Option<WaitRule>,
    /// Wire names of the sensitive fields anywhere in the operation's
    /// bodies, sorted: their values are left out of body logs.
    pub sensitive_fields: Vec<String>,
    /// The documented answer to an id that does not exist (`x-not-found`:
    /// status, error code, message), for the emulator.
    pub not_found: Option<(u16, String, String)>,
    /// JSON pointers into the success answer where the ids of the
    /// asynchronous work this operation starts are (`x-starts-job`; a `*`
    /// segment for every item of a list).
    pub starts_jobs: Vec<String>,
}

/// How a list operation pages through its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// Place (in `params`) of the page-size parameter, if any.
    pub limit: Option<usize>,
    /// Rust name of the success body's field that holds the items.
    pub items_field: String,
    /// The items' model.
    pub item: String,
    /// Rust name and integer width of the body's field that gives the
    /// total count, if any.
    pub total_field: Option<(String, u8)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// Place (in `params`) of the offset parameter.
    Offset { offset: usize },
    /// Place of the marker parameter, and the Rust name of the item field
    /// whose value is the next page's marker.
    Marker { marker: usize, key_field: String },
}

/// When the record an operation shows is final.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitRule {
    /// Rust field names from the success body down to the status.
    pub status_path: Vec<String>,
    /// The same path in wire names.
    pub status_wire: Vec<String>,
    /// The status of work still going (`running`), for the emulator.
    pub running: Option<String>,
    pub success: Vec<String>,
    pub failure: Vec<String>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    /// The method as OpenAPI writes it (`get`), if it is one.
    pub fn parse(lower: &str) -> Option<Self> {
        Some(match lower {
            "get" => Self::Get,
            "put" => Self::Put,
            "post" => Self::Post,
            "delete" => Self::Delete,
            "patch" => Self::Patch,
            "head" => Self::Head,
            "options" => Self::Options,
            _ => return None,
        })
    }

    /// Upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an array parameter travels in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `?tag=a&tag=b` (OpenAPI's default, `style: form, explode: true`).
    Repeated,
    /// `?tag=a,b` (`explode: false`).
    CommaJoined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Header,
    Query,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    /// A scalar, a string enum (a model) or an array of those.
    pub ty: TypeRef,
    /// How an array value is written; scalars ignore it.
    pub style: ArrayStyle,
    pub required: bool,
    pub doc: String,
    pub source: String,
    pub default: Option<String>,
    pub example: Option<String>,
    pub constraints: Vec<Constraint>,
    /// A secret (`x-sensitive`): its header is marked sensitive.
    pub sensitive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub description: String,
    /// The body's type; `None` when the answer has no body.
    pub body: Option<TypeRef>,
    /// Doc examples of the body, as (name, JSON text).
    pub examples: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub doc: String,
    pub source: String,
    pub note: Option<String>,
    /// Sent by clients: gets a validating builder.
    pub in_request: bool,
    /// Returned by the server: read leniently.
    pub in_response: bool,
    /// Extra search names for rustdoc (`#[doc(alias)]`).
    pub aliases: Vec<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    Struct(Vec<Field>),
    /// An open string enum: known values plus a catch-all.
    Enum(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: String,
    pub source: String,
    pub note: Option<String>,
    pub default: Option<String>,
    pub example: Option<String>,
    pub constraints: Vec<Constraint>,
    /// Held in a `Box`: the field's model contains itself through it.
    pub boxed: bool,
    /// A secret (`x-sensitive`): never printed by `Debug` or in logs.
    pub sensitive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer {
        bits: u8,
    },
    Number,
    Boolean,
    Array(Box<TypeRef>),
    /// A generated model, by name.
    Model(String),
    /// An object of arbitrary keys whose values all have one type
    /// (`additionalProperties`).
    Map(Box<TypeRef>),
    /// Anything (free-form JSON).
    Any,
}

/// A documented rule on a value, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    MinLength(u64),
    MaxLength(u64),
    Minimum(f64),
    Maximum(f64),
    MinItems(u64),
    MaxItems(u64),
    Pattern {
        regex: String,
        /// Values the spec says the pattern must refuse (`x-pattern-rejects`).
        rejects: Vec<String>,
    },
    OneOf(Vec<String>),
    /// Rules on every item of an array of scalars.
    Each(Vec<Constraint>),
}

impl TypeRef {
    /// The model named at the top of this type, if any (not inside arrays or maps).
    pub fn model_name(&self) -> Option<&str> {
        match self {
            TypeRef::Model(n) => Some(n),
            _ => None,
        }
    }

    /// The model this type holds, however deep in arrays and maps.
    pub fn innermost_model(&self) -> Option<&str> {
        match self {
            TypeRef::Model(n) => Some(n),
            TypeRef::Array(t) | TypeRef::Map(t) => t.innermost_model(),
            _ => None,
        }
    }
}

impl Service {
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.index.get(name).map(|&i| &self.models[i])
    }

    /// The title of the page a source (`file#anchor`) points into: the
    /// summary of the operation documented there.
    pub fn page_title(&self, source: &str) -> Option<&str> {
        let file = source.split('#').next()?;
        self.page_titles.get(file).map(String::as_str)
    }
}

/// Page titles by source file, from the operations documented on them.
fn titles_of(operations: &[Operation]) -> HashMap<String, String> {
    let mut titles = HashMap::new();
    for op in operations {
        if let Some(file) = op.source.split('#').next().filter(|f| !f.is_empty()) {
            if !op.summary.trim().is_empty() {
                titles
                    .entry(file.to_owned())
                    .or_insert_with(|| op.summary.trim().to_owned());
            }
        }
    }
    titles
}

/// The name index of `models`.
fn index_of(models: &[Model]) -> HashMap<String, usize> {
    models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect()
}
