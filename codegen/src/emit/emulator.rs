//! The emulator emitter: an axum route per operation, decoding the body
//! into its model and serving it through the emulator runtime.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::models::ident;
use super::operations::static_name;
use crate::ir::{Operation, Service, TypeRef};

/// Error code for an invalid request when the spec documents none.
const FALLBACK_INVALID_CODE: &str = "InvalidParameter";

/// `generated/mod.rs`: every route under `/{service}`, and at the root
/// too where no other service has the same method and path shape; at the
/// root, a shape two services share answers 404 naming their prefixes.
pub fn root_module(services: &[Service]) -> TokenStream {
    let mods = services.iter().map(|s| {
        let m = ident(&s.module);
        quote!(mod #m;)
    });
    // Which services serve each (method, shape), in order.
    let mut owners: std::collections::BTreeMap<(crate::ir::Method, String), Vec<&str>> =
        std::collections::BTreeMap::new();
    for s in services {
        for op in &s.operations {
            owners
                .entry((op.method, shape(&op.path)))
                .or_default()
                .push(&s.module);
        }
    }
    let mut root = Vec::new();
    let mut prefixed = Vec::new();
    let mut shared = HashSet::new();
    for s in services {
        let m = ident(&s.module);
        for op in &s.operations {
            let f = ident(&op.fn_name);
            let method = format_ident!("{}", op.method.as_str().to_ascii_lowercase());
            let path = &op.path;
            let sharing = &owners[&(op.method, shape(&op.path))];
            if sharing.len() == 1 {
                root.push(quote!(.route(#path, axum::routing::#method(#m::#f))));
            } else if shared.insert((op.method, shape(&op.path))) {
                let message = format!(
                    "{} {} is an operation of several services: call it under {}",
                    op.method,
                    op.path,
                    sharing
                        .iter()
                        .map(|s| format!("/{s}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                // Each service's operation of this method and shape.
                let candidates = services.iter().filter_map(|other| {
                    let theirs = other
                        .operations
                        .iter()
                        .find(|o| o.method == op.method && shape(&o.path) == shape(&op.path))?;
                    let (name, m, f) = (&other.module, ident(&other.module), ident(&theirs.fn_name));
                    Some(quote! {
                        (#name, |state, request| Box::pin(#m::#f(axum::extract::State(state), request)))
                    })
                });
                root.push(quote!(.route(#path, axum::routing::#method(
                    |axum::extract::State(state): axum::extract::State<crate::runtime::Shared>,
                     request: axum::extract::Request| async move {
                        crate::runtime::shared_path(state, request, #message, &[#(#candidates),*]).await
                    }
                ))));
            }
            let path = format!("/{}{}", s.module, op.path);
            prefixed.push(quote!(.route(#path, axum::routing::#method(#m::#f))));
        }
    }
    quote! {
        #(#mods)*

        /// Every operation's route.
        pub(crate) fn routes(
            router: axum::Router<crate::runtime::Shared>,
        ) -> axum::Router<crate::runtime::Shared> {
            router #(#root)* #(#prefixed)*
        }
    }
}

/// A path template with parameter names erased: two templates of the same
/// shape would be the same route.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// One service's route handlers.
pub fn service_file(service: &Service, models_crate: &str) -> TokenStream {
    let krate = super::models::crate_path(models_crate);
    let module = ident(&service.module);
    let paths = Paths::of(service);
    let handlers = service
        .operations
        .iter()
        .map(|op| handler(service, &paths, op));
    // Only where a handler reads a model body.
    let models = service
        .operations
        .iter()
        .any(|op| matches!(op.body, Some(TypeRef::Model(_))))
        .then(|| quote!(use #krate::#module as models;));
    quote! {
        use axum::extract::{Request, State};
        use axum::response::Response;

        use crate::runtime as rt;
        #models
        use #krate::#module::operations as ops;

        #(#handlers)*
    }
}

/// The field of a success answer that holds one record: its only field
/// that is a model (`{"vault": {...}}`).
fn record_field(service: &Service, op: &Operation) -> Option<String> {
    let body = service.model(op.success.body.as_ref()?.model_name()?)?;
    let crate::ir::ModelKind::Struct(fields) = &body.kind else {
        return None;
    };
    let mut models = fields.iter().filter(|f| matches!(f.ty, TypeRef::Model(_)));
    let one = models.next()?;
    models.next().is_none().then(|| one.wire_name.clone())
}

/// The list answer's field of records and of the total.
fn list_fields(service: &Service, op: &Operation) -> Option<(String, String)> {
    let body = service.model(op.success.body.as_ref()?.model_name()?)?;
    let crate::ir::ModelKind::Struct(fields) = &body.kind else {
        return None;
    };
    let items = fields.iter().find(
        |f| matches!(&f.ty, TypeRef::Array(inner) if matches!(inner.as_ref(), TypeRef::Model(_))),
    )?;
    let total = fields
        .iter()
        .find(|f| {
            matches!(f.ty, TypeRef::Integer { .. })
                && matches!(f.wire_name.as_str(), "count" | "total_count" | "total")
        })
        .map_or(String::new(), |f| f.wire_name.clone());
    Some((items.wire_name.clone(), total))
}

/// An operation's part in a resource with state, from the API's shape: a
/// collection path with POST (create) or GET (list) whose item path
/// `{collection}/{id}` has operations too; GET, PUT and DELETE there show,
/// update and delete, when the collection's POST creates one record.
/// Anything else keeps its documented answer.
/// A service's operations by path, and each collection path's item
/// parameter (`/v3/{project_id}/vaults` -> `vault_id`), worked out once per
/// service so that deriving every operation's resource stays linear.
struct Paths<'a> {
    by_path: HashMap<&'a str, Vec<&'a Operation>>,
    item_param: HashMap<&'a str, &'a str>,
}

impl<'a> Paths<'a> {
    fn of(service: &'a Service) -> Self {
        let mut by_path: HashMap<&str, Vec<&Operation>> = HashMap::new();
        let mut item_param = HashMap::new();
        for op in &service.operations {
            by_path.entry(op.path.as_str()).or_default().push(op);
            let Some((parent, last)) = op.path.rsplit_once('/') else {
                continue;
            };
            if let Some(name) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) {
                item_param.entry(parent).or_insert(name);
            }
        }
        Self {
            by_path,
            item_param,
        }
    }

    fn at(&self, path: &str) -> &[&'a Operation] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }
}

fn resource(service: &Service, paths: &Paths<'_>, op: &Operation) -> TokenStream {
    use crate::ir::Method;
    let (kind, collection, id_param) = match op.method {
        Method::Post | Method::Get if paths.item_param.contains_key(op.path.as_str()) => {
            let kind = if op.method == Method::Post {
                quote!(Create)
            } else {
                quote!(List)
            };
            (kind, op.path.clone(), String::new())
        }
        Method::Get | Method::Put | Method::Delete => {
            let Some((collection, last)) = op.path.rsplit_once('/') else {
                return quote!(None);
            };
            let Some(id) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) else {
                return quote!(None);
            };
            let is_collection = paths
                .at(collection)
                .iter()
                .any(|o| matches!(o.method, Method::Post | Method::Get));
            if !is_collection || collection.is_empty() {
                return quote!(None);
            }
            let kind = match op.method {
                Method::Get => quote!(Show),
                Method::Put => quote!(Update),
                _ => quote!(Delete),
            };
            (kind, collection.to_owned(), id.to_owned())
        }
        _ => return quote!(None),
    };
    // Only a collection whose POST creates one record keeps state; the
    // rest (backups made by restore points, operation logs, members added
    // in lists) keep their documented answers.
    let creates = paths
        .at(&collection)
        .iter()
        .any(|o| o.method == Method::Post && record_field(service, o).is_some());
    if !creates {
        return quote!(None);
    }
    let (field, total) = if op.method == Method::Get && id_param.is_empty() {
        match list_fields(service, op) {
            Some(f) => f,
            None => return quote!(None),
        }
    } else if op.method == Method::Delete {
        (String::new(), String::new())
    } else {
        match record_field(service, op) {
            Some(f) => (f, String::new()),
            None => return quote!(None),
        }
    };
    // The documented not-found answer: this operation's, else its item
    // path's, else a generic 404.
    let item_path = paths
        .item_param
        .get(collection.as_str())
        .map(|param| format!("{collection}/{{{param}}}"));
    let not_found = op
        .not_found
        .clone()
        .or_else(|| {
            let item_ops = item_path.as_deref().map_or(&[][..], |p| paths.at(p));
            item_ops.iter().find_map(|o| o.not_found.clone())
        })
        .unwrap_or((
            404,
            "Emulator.0404".to_owned(),
            "The resource does not exist.".to_owned(),
        ));
    let (status, code, message) = (not_found.0, not_found.1, not_found.2);
    quote! {
        Some(rt::Resource {
            kind: rt::ResourceKind::#kind,
            collection: #collection,
            id_param: #id_param,
            field: #field,
            total: #total,
            not_found: (#status, #code, #message),
        })
    }
}

/// How a status operation shows work in progress: from its waiter fact,
/// when the fact names the running status.
fn job_status(op: &Operation) -> TokenStream {
    let Some(w) = &op.waiter else {
        return quote!(None);
    };
    let (Some(running), Some(success), Some(failure)) =
        (&w.running, w.success.first(), w.failure.first())
    else {
        return quote!(None);
    };
    let status = &w.status_wire;
    let (code_status, code, message) = op.not_found.clone().unwrap_or((
        404,
        "Emulator.0404".to_owned(),
        "The job does not exist.".to_owned(),
    ));
    quote! {
        Some(rt::JobStatus {
            status: &[#(#status),*],
            running: #running,
            success: #success,
            failure: #failure,
            not_found: (#code_status, #code, #message),
        })
    }
}

fn handler(service: &Service, paths: &Paths<'_>, op: &Operation) -> TokenStream {
    let f = ident(&op.fn_name);
    let descriptor = static_name(op);
    let body = match &op.body {
        Some(TypeRef::Model(b)) => {
            let b = ident(b);
            quote!(models::#b)
        }
        Some(_) => quote!(serde_json::Value),
        None => quote!(rt::NoBody),
    };
    let example = op
        .response_examples
        .first()
        .map_or("{}", |(_, json)| json.as_str());
    let request_example = op
        .request_examples
        .first()
        .map_or("{}", |(_, json)| json.as_str());
    let invalid_code = op
        .errors
        .iter()
        .filter(|r| r.status == 400)
        .flat_map(|r| &r.examples)
        .find_map(|(_, json)| {
            let v: serde_json::Value = serde_json::from_str(json).ok()?;
            v.get("error_code")?.as_str().map(str::to_owned)
        })
        .unwrap_or_else(|| FALLBACK_INVALID_CODE.to_owned());
    let doc = format!(" `{} {}` ({}).", op.method, op.path, op.id);
    let answers_body = op.success.body.is_some();
    let resource = resource(service, paths, op);
    let starts_jobs = &op.starts_jobs;
    let job_status = job_status(op);
    quote! {
        static #descriptor: rt::Route = rt::Route {
            operation: &ops::#descriptor,
            example: #example,
            request_example: #request_example,
            invalid_code: #invalid_code,
            answers_body: #answers_body,
            resource: #resource,
            starts_jobs: &[#(#starts_jobs),*],
            job_status: #job_status,
            parsed: std::sync::OnceLock::new(),
        };

        #[doc = #doc]
        pub(super) async fn #f(State(state): State<rt::Shared>, request: Request) -> Response {
            rt::serve::<#body>(state, &#descriptor, request).await
        }
    }
}
