//! The client emitter: one async method per operation over the client
//! runtime, and each service's region table.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, escape_brackets};
use super::models::{ident, service_module_decl};
use super::operations::static_name;
use crate::ir::{Operation, ParamLocation, Service};

/// The path parameter the client fills from its configured project.
pub const PROJECT_PARAM: &str = "project_id";

/// `generated/mod.rs` of the client: the service modules and their list.
pub fn root_module(services: &[Service]) -> TokenStream {
    let mods = services.iter().map(service_module_decl);
    let all = services.iter().map(|s| {
        let m = ident(&s.module);
        quote!(&#m::SERVICE)
    });
    quote! {
        #(#mods)*

        /// Every service, for resolving endpoints.
        pub(crate) static SERVICES: &[&crate::runtime::Service] = &[#(#all),*];
    }
}

/// One service's file.
pub fn service_file(service: &Service, models_crate: &str) -> TokenStream {
    let krate = format_ident!("{}", models_crate);
    let module = ident(&service.module);
    let wire_module = &service.module;
    let title = &service.title;
    let handle = format_ident!("{}", crate::ir::pascal_case(&service.module));
    let regions = service.regions.iter().map(|(r, u)| quote!((#r, #u)));
    let accessor_doc = doc_attrs(&escape_brackets(&format!(
        "Calls to {}.\n\n{}",
        service.title, service.description
    )));
    let handle_doc = format!(
        " Calls to {}; from [`Client::{}`](crate::Client::{}).",
        service.title, service.module, service.module
    );
    let service_doc = format!(
        " {}: endpoints by region, from `x-regions` in `{}`.",
        service.title, service.spec_path
    );
    let methods = service.operations.iter().map(method);
    quote! {
        use crate::runtime as rt;
        use #krate::#module as models;
        use #krate::#module::operations as ops;

        #[doc = #service_doc]
        pub static SERVICE: rt::Service = rt::Service {
            module: #wire_module,
            title: #title,
            regions: &[#(#regions),*],
        };

        #[doc = #handle_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #handle<'a> {
            client: &'a rt::Client,
        }

        impl rt::Client {
            #accessor_doc
            pub fn #module(&self) -> #handle<'_> {
                #handle { client: self }
            }
        }

        impl #handle<'_> {
            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let descriptor = static_name(op);
    let mut inputs = Vec::new();
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.params {
        let is_project = p.location == ParamLocation::Path && p.wire_name == PROJECT_PARAM;
        if is_project {
            args.push(quote!(rt::Arg::Project));
        } else if p.required {
            let id = ident(&p.rust_name);
            inputs.push(quote!(#id: &str,));
            args.push(quote!(rt::Arg::Given(#id)));
            arg_docs.push(format!(
                "- `{}`: {}",
                p.rust_name,
                escape_brackets(p.doc.trim())
            ));
        } else {
            args.push(quote!(rt::Arg::Default));
        }
    }
    let body_ty = op.body.as_ref().map(|b| {
        let b = ident(b);
        quote!(models::#b)
    });
    let (body_input, body_arg) = match &body_ty {
        Some(ty) => (quote!(body: &#ty,), quote!(Some(body))),
        None => (quote!(), quote!(None::<&rt::NoBody>)),
    };
    let response = match &op.success.body {
        Some(r) => {
            let r = ident(r);
            quote!(models::#r)
        }
        None => quote!(serde_json::Value),
    };
    let mut doc = escape_brackets(op.summary.trim());
    if !op.description.trim().is_empty() && op.description.trim() != op.summary.trim() {
        doc.push_str("\n\n");
        doc.push_str(&escape_brackets(op.description.trim()));
    }
    doc.push_str(&format!(
        "\n\n`{} {}`; answers {} on success.",
        op.method, op.path, op.success.status
    ));
    if !arg_docs.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&arg_docs.join("\n"));
    }
    let optional: Vec<_> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| format!("`{}`", p.wire_name))
        .collect();
    if !optional.is_empty() {
        doc.push_str(&format!(
            "\n\nOptional {} come from the client's configuration.",
            optional.join(", ")
        ));
    }
    doc.push_str("\n\nThe request is validated before it is sent; see [`Error`](crate::Error) for what can fail.");
    doc.push_str(&format!("\n\nSource: {}", op.source));
    let doc = doc_attrs(&doc);
    let mut aliases = vec![op.id.clone()];
    aliases.extend(op.sdk_name.clone());
    quote! {
        #doc
        #(#[doc(alias = #aliases)])*
        pub async fn #name(&self, #(#inputs)* #body_input) -> Result<rt::Response<#response>, rt::Error> {
            self.client
                .call(&SERVICE, &ops::#descriptor, &[#(#args),*], #body_arg)
                .await
        }
    }
}
