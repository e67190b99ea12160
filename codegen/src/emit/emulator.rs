//! The emulator emitter: an axum route per operation, decoding the body
//! into its model and serving it through the emulator runtime.

use std::collections::HashSet;

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
    let handlers = service.operations.iter().map(handler);
    quote! {
        use axum::extract::{Request, State};
        use axum::response::Response;

        use crate::runtime as rt;
        use #krate::#module as models;
        use #krate::#module::operations as ops;

        #(#handlers)*
    }
}

fn handler(op: &Operation) -> TokenStream {
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
    quote! {
        static #descriptor: rt::Route = rt::Route {
            operation: &ops::#descriptor,
            example: #example,
            request_example: #request_example,
            invalid_code: #invalid_code,
            answers_body: #answers_body,
            parsed: std::sync::OnceLock::new(),
        };

        #[doc = #doc]
        pub(super) async fn #f(State(state): State<rt::Shared>, request: Request) -> Response {
            rt::serve::<#body>(state, &#descriptor, request).await
        }
    }
}
