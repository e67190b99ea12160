//! Operation descriptors: one `static rt::Operation` per spec operation,
//! in the models crate, read by both the client and the emulator.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::models::{rules_text, upper};
use crate::ir::{ArrayStyle, Operation, Param, ParamLocation, Service, TypeRef};

/// The static that describes `op` (`REPLICATE_BACKUP`).
pub fn static_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", upper(&op.id))
}

/// A parameter's rules as tokens. The text is made by this generator from
/// checked constraints and always lexes; if it ever did not, the generated
/// crate would fail to compile with the reason rather than the generator
/// panicking.
fn rule_tokens(constraints: &[crate::ir::Constraint]) -> TokenStream {
    rules_text(constraints).parse().unwrap_or_else(|e| {
        let msg = format!("hwbackup-codegen wrote rules that do not lex: {e}");
        quote!(compile_error!(#msg))
    })
}

/// A parameter's `rt::Shape`: its scalar type, and for a list how it travels.
fn shape_tokens(p: &Param) -> TokenStream {
    let scalar = |t: &TypeRef| match t {
        TypeRef::Integer { .. } => quote!(rt::Scalar::Integer),
        TypeRef::Number => quote!(rt::Scalar::Number),
        TypeRef::Boolean => quote!(rt::Scalar::Boolean),
        // Strings and string enums (the IR admits nothing else here).
        _ => quote!(rt::Scalar::Text),
    };
    match &p.ty {
        TypeRef::Array(item) => {
            let item = scalar(item);
            let style = match p.style {
                ArrayStyle::Repeated => quote!(rt::ListStyle::Repeated),
                ArrayStyle::CommaJoined => quote!(rt::ListStyle::CommaJoined),
            };
            quote!(rt::Shape::List(#item, #style))
        }
        t => {
            let s = scalar(t);
            quote!(rt::Shape::One(#s))
        }
    }
}

/// The `operations` module of a service file, formatted: the module and
/// its list first, then each operation's static formatted on its own and
/// indented into the module, so that memory holds one static's syntax tree
/// at a time, not the whole module's.
pub fn operations_module(service: &Service) -> Result<String, String> {
    let all = service.operations.iter().map(static_name);
    let shell = super::format_fragment(quote! {
        /// The service's operations as data, for clients and servers.
        pub mod operations {
            use super::rt;

            /// Every operation of the service, in spec order.
            pub static ALL: &[&rt::Operation] = &[#(&#all),*];
        }
    })?;
    let shell = shell.trim_end();
    let Some(open) = shell.strip_suffix('}') else {
        return Err("the operations module did not format as a module".into());
    };
    let mut out = open.to_owned();
    for op in &service.operations {
        let text = super::format_fragment(operation_static(service, op))?;
        out.push('\n');
        for line in text.lines() {
            if !line.is_empty() {
                out.push_str("    ");
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("}\n");
    Ok(out)
}

/// The static that describes one operation.
fn operation_static(service: &Service, op: &Operation) -> TokenStream {
    {
        let name = static_name(op);
        let doc = doc_attrs(&format!(
            "`{} {}`: {}\n\n{}",
            op.method,
            op.path,
            op.summary,
            super::docs::cite(service, &op.source)
        ));
        let module = &service.module;
        let id = &op.id;
        let sdk = match &op.sdk_name {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let method = op.method.as_str();
        let path = &op.path;
        let status = Literal::u16_unsuffixed(op.success.status);
        let secret_fields = &op.sensitive_fields;
        let params = op.params.iter().map(|p| {
            let rules = rule_tokens(&p.constraints);
            let wire = &p.wire_name;
            let location = match p.location {
                ParamLocation::Path => quote!(Path),
                ParamLocation::Header => quote!(Header),
                ParamLocation::Query => quote!(Query),
            };
            let required = p.required;
            let sensitive = p.sensitive;
            let shape = shape_tokens(p);
            quote! {
                rt::Param {
                    name: #wire,
                    location: rt::ParamLocation::#location,
                    shape: #shape,
                    required: #required,
                    sensitive: #sensitive,
                    rules: #rules,
                }
            }
        });
        quote! {
            #doc
            pub static #name: rt::Operation = rt::Operation {
                service: #module,
                id: #id,
                sdk_name: #sdk,
                method: #method,
                path: #path,
                success_status: #status,
                params: &[#(#params),*],
                sensitive_fields: &[#(#secret_fields),*],
            };
        }
    }
}
