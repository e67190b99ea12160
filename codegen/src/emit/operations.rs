//! Operation descriptors: one `static rt::Operation` per spec operation,
//! in the models crate, read by both the client and the emulator.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::models::{rule_statics, upper};
use crate::ir::{Operation, ParamLocation, Service};

/// The static that describes `op` (`REPLICATE_BACKUP`).
pub fn static_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", upper(&op.id))
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
        let (rule_statics, rule_refs): (Vec<_>, Vec<_>) = op
            .params
            .iter()
            .map(|p| {
                let list = format!("{}_{}", name, upper(&p.rust_name));
                let doc = format!("Rules of `{}` in `{}`.", p.wire_name, op.id);
                rule_statics(&list, &doc, &p.constraints, &rt)
            })
            .unzip();
        let params = op.params.iter().zip(&rule_refs).map(|(p, rules)| {
            let wire = &p.wire_name;
            let location = match p.location {
                ParamLocation::Path => quote!(Path),
                ParamLocation::Header => quote!(Header),
                ParamLocation::Query => quote!(Query),
            };
            let required = p.required;
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
