//! Operation descriptors: one `static rt::Operation` per spec operation,
//! in the models crate, read by both the client and the emulator.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::models::rule_exprs;
use crate::ir::{Operation, ParamLocation, Service};

/// The static that describes `op` (`REPLICATE_BACKUP`).
pub fn static_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", crate::ir::snake_case(&op.id).to_ascii_uppercase())
}

/// The `operations` module of a service file.
pub fn operations_module(service: &Service) -> TokenStream {
    let rt: syn::Path = syn::parse_quote!(rt);
    let statics = service.operations.iter().map(|op| {
        let name = static_name(op);
        let doc = doc_attrs(&format!(
            "`{} {}`: {}\n\nSource: {}",
            op.method, op.path, op.summary, op.source
        ));
        let module = &service.module;
        let id = &op.id;
        let sdk = match &op.sdk_name {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let method = &op.method;
        let path = &op.path;
        let status = Literal::u16_unsuffixed(op.success.status);
        // Rules sit in their own statics: a pattern compiles lazily, so a
        // rule list cannot be a borrowed temporary inside another static.
        let rule_statics = op
            .params
            .iter()
            .filter(|p| !p.constraints.is_empty())
            .map(|p| {
                let list = format_ident!(
                    "{}_{}",
                    name,
                    crate::ir::snake_case(&p.rust_name).to_ascii_uppercase()
                );
                let n = Literal::usize_unsuffixed(p.constraints.len());
                let rules = rule_exprs(&p.constraints, &rt);
                let doc = format!(" Rules of `{}` in `{}`.", p.wire_name, op.id);
                quote!(#[doc = #doc] static #list: [rt::Rule; #n] = [#(#rules),*];)
            });
        let params = op.params.iter().map(|p| {
            let wire = &p.wire_name;
            let location = match p.location {
                ParamLocation::Path => quote!(Path),
                ParamLocation::Header => quote!(Header),
                ParamLocation::Query => quote!(Query),
            };
            let required = p.required;
            let rules = if p.constraints.is_empty() {
                quote!(&[])
            } else {
                let list = format_ident!(
                    "{}_{}",
                    name,
                    crate::ir::snake_case(&p.rust_name).to_ascii_uppercase()
                );
                quote!(&#list)
            };
            quote! {
                rt::Param {
                    name: #wire,
                    location: rt::ParamLocation::#location,
                    required: #required,
                    rules: #rules,
                }
            }
        });
        quote! {
            #(#rule_statics)*

            #doc
            pub static #name: rt::Operation = rt::Operation {
                service: #module,
                id: #id,
                sdk_name: #sdk,
                method: #method,
                path: #path,
                success_status: #status,
                params: &[#(#params),*],
            };
        }
    });
    let all = service.operations.iter().map(static_name);
    quote! {
        /// The service's operations as data, for clients and servers.
        pub mod operations {
            use super::rt;

            /// Every operation of the service, in spec order.
            pub static ALL: &[&rt::Operation] = &[#(&#all),*];

            #(#statics)*
        }
    }
}
