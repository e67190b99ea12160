//! The models emitter: structs, open enums, builders and validators.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, escape_brackets, field_doc};
use crate::ir::{Constraint, Field, Model, ModelKind, Service, TypeRef};

/// A Rust identifier, raw (`r#type`) where the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

/// The `generated/mod.rs` file: one module per service.
pub fn root_module(services: &[Service]) -> TokenStream {
    let mods = services.iter().map(service_module_decl);
    quote!(#(#mods)*)
}

/// `pub mod <service>;`, documented with the service's title and description.
pub fn service_module_decl(s: &Service) -> TokenStream {
    let m = ident(&s.module);
    let doc = doc_attrs(&escape_brackets(&format!(
        "{}\n\n{}",
        s.title, s.description
    )));
    quote!(#doc pub mod #m;)
}

/// What precedes a service's models: the runtime under the short name `rt`.
pub fn prelude(runtime: &syn::Path) -> TokenStream {
    quote!(use #runtime as rt;)
}

/// The items of one model (formatted one model at a time).
pub fn model_items(service: &Service, m: &Model) -> TokenStream {
    let rt: syn::Path = syn::parse_quote!(rt);
    match &m.kind {
        ModelKind::Struct(fields) => struct_items(service, m, fields, &rt),
        ModelKind::Enum(values) => enum_items(m, values, &rt),
    }
}

fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer { bits: 32 } => quote!(i32),
        TypeRef::Integer { .. } => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Model(name) => {
            let id = ident(name);
            quote!(#id)
        }
        TypeRef::Any => quote!(serde_json::Value),
    }
}

fn model_doc(m: &Model) -> TokenStream {
    let mut text = m.doc.trim().to_owned();
    if text.is_empty() {
        text = format!("`{}`", m.name);
    }
    if let Some(n) = &m.note {
        text.push_str(&format!("\n\nNote: {n}"));
    }
    if !m.source.is_empty() {
        text.push_str(&format!("\n\nSource: {}", m.source));
    }
    let doc = doc_attrs(&escape_brackets(&text));
    let aliases = m.aliases.iter().map(|a| quote!(#[doc(alias = #a)]));
    quote!(#doc #(#aliases)*)
}

/// `SCREAMING_SNAKE_CASE` of a name, for statics.
pub fn upper(s: &str) -> String {
    crate::ir::snake_case(s).to_ascii_uppercase()
}

/// The static rule list of a field, if it has rules, and the expression
/// that refers to it.
fn rules(model: &Model, f: &Field, rt: &syn::Path) -> (TokenStream, TokenStream) {
    let name = format!("{}_{}", upper(&model.name), upper(&f.rust_name));
    let doc = format!("Rules of `{}.{}`.", model.name, f.wire_name);
    rule_statics(&name, &doc, &f.constraints, rt)
}

/// `static NAME: [rt::Rule; n] = [...];` (plus `NAME_ITEMS` for rules on
/// each item) and the expression `&NAME`; nothing and `&[]` without rules.
/// Rules sit in statics of their own because a pattern compiles lazily and
/// so cannot be a borrowed temporary inside another static.
pub fn rule_statics(
    name: &str,
    doc: &str,
    constraints: &[Constraint],
    rt: &syn::Path,
) -> (TokenStream, TokenStream) {
    if constraints.is_empty() {
        return (quote!(), quote!(&[]));
    }
    let id = format_ident!("{}", name);
    let mut items = quote!();
    let each = constraints.iter().map(|c| match c {
        Constraint::Each(inner) => {
            let (statics, expr) = rule_statics(
                &format!("{name}_ITEMS"),
                &format!("{doc} Each item."),
                inner,
                rt,
            );
            items = statics;
            quote!(#rt::Rule::Each(#expr))
        }
        other => rule_expr(other, rt),
    });
    let each: Vec<_> = each.collect();
    let n = Literal::usize_unsuffixed(constraints.len());
    let doc = format!(" {doc}");
    (
        quote!(#items #[doc = #doc] static #id: [#rt::Rule; #n] = [#(#each),*];),
        quote!(&#id),
    )
}

/// The `rt::Rule` expression of one constraint (not `Each`, which needs a static).
fn rule_expr(c: &Constraint, rt: &syn::Path) -> TokenStream {
    match c {
        Constraint::MinLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(#rt::Rule::MinLength(#n))
        }
        Constraint::MaxLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(#rt::Rule::MaxLength(#n))
        }
        Constraint::MinItems(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(#rt::Rule::MinItems(#n))
        }
        Constraint::MaxItems(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(#rt::Rule::MaxItems(#n))
        }
        Constraint::Minimum(x) => {
            let x = Literal::f64_unsuffixed(*x);
            quote!(#rt::Rule::Minimum(#x))
        }
        Constraint::Maximum(x) => {
            let x = Literal::f64_unsuffixed(*x);
            quote!(#rt::Rule::Maximum(#x))
        }
        Constraint::Pattern { regex, .. } => quote!(#rt::Rule::Pattern(#rt::Pattern::new(#regex))),
        Constraint::OneOf(values) => quote!(#rt::Rule::OneOf(&[#(#values),*])),
        Constraint::Each(_) => quote!(compile_error!("Each rules need a static")),
    }
}

/// How a request builder holds a field: values, or builders of nested models.
enum Slot {
    Value,
    Nested(Ident),
    NestedList(Ident),
}

fn slot(service: &Service, ty: &TypeRef) -> Slot {
    let is_struct = |n: &str| {
        matches!(
            service.model(n).map(|m| &m.kind),
            Some(ModelKind::Struct(_))
        )
    };
    match ty {
        TypeRef::Model(n) if is_struct(n) => Slot::Nested(format_ident!("{}Builder", n)),
        TypeRef::Array(inner) => match inner.as_ref() {
            TypeRef::Model(n) if is_struct(n) => Slot::NestedList(format_ident!("{}Builder", n)),
            _ => Slot::Value,
        },
        _ => Slot::Value,
    }
}

fn struct_items(service: &Service, m: &Model, fields: &[Field], rt: &syn::Path) -> TokenStream {
    let name = ident(&m.name);
    let builder = format_ident!("{}Builder", m.name);
    let strict = m.in_request;
    // Responses are read leniently: every field may be absent.
    let required = |f: &Field| strict && f.required;
    let doc = model_doc(m);

    let (statics, rule_refs): (Vec<_>, Vec<_>) = fields.iter().map(|f| rules(m, f, rt)).unzip();

    let decls = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        let doc = doc_attrs(&field_doc(f, required(f)));
        let wire = &f.wire_name;
        let rename = (f.rust_name != f.wire_name).then(|| quote!(#[serde(rename = #wire)]));
        if required(f) {
            quote!(#doc #rename pub #id: #ty,)
        } else {
            quote!(#doc #rename #[serde(default, skip_serializing_if = "Option::is_none")] pub #id: Option<#ty>,)
        }
    });

    // A field needs a check if it has rules or holds models to recurse into.
    let checks = fields
        .iter()
        .zip(&rule_refs)
        .filter(|(f, _)| !f.constraints.is_empty() || holds_model(&f.ty))
        .map(|(f, r)| {
            let id = ident(&f.rust_name);
            let wire = &f.wire_name;
            let value = if required(f) {
                quote!(Some(&self.#id))
            } else {
                quote!(self.#id.as_ref())
            };
            let req = required(f);
            quote!(#rt::check(errors, at, #wire, #value, #req, #r);)
        });

    let silence = checks
        .clone()
        .next()
        .is_none()
        .then(|| quote!(let _ = (at, errors);));
    let builder_items = if strict {
        request_builder(service, m, fields, &rule_refs, rt)
    } else {
        response_builder(m, fields)
    };
    let derive_default = (!fields.iter().any(required)).then(|| quote!(Default,));
    // Each model derives the direction it travels in; the other direction
    // (requests decoded by a server, responses encoded by one) is compiled
    // only with the `full-serde` feature, which the emulator turns on.
    let (serde_derives, serde_mirror) = match (m.in_request, m.in_response) {
        (true, false) => (
            quote!(serde::Serialize),
            quote!(#[cfg_attr(feature = "full-serde", derive(serde::Deserialize))]),
        ),
        (false, true) => (
            quote!(serde::Deserialize),
            quote!(#[cfg_attr(feature = "full-serde", derive(serde::Serialize))]),
        ),
        _ => (quote!(serde::Serialize, serde::Deserialize), quote!()),
    };
    let m_name = &m.name;
    let builder_doc = format!(" Builder of [`{m_name}`].");
    let builder_fields = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = match slot(service, &f.ty) {
            Slot::Nested(b) if strict => quote!(#b),
            Slot::NestedList(b) if strict => quote!(Vec<#b>),
            _ => rust_type(&f.ty),
        };
        quote!(#id: Option<#ty>,)
    });

    quote! {
        #(#statics)*

        #doc
        #[derive(Clone, Debug, PartialEq, #derive_default #serde_derives)]
        #serde_mirror
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
        }

        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        impl #rt::Validate for #name {
            fn validate_at(&self, at: &#rt::Path<'_>, errors: &mut #rt::ValidationErrors) {
                #silence
                #(#checks)*
            }
        }

        #rt::model_impls!(#name);

        #[doc = #builder_doc]
        #[derive(Clone, Debug, Default)]
        #[must_use]
        pub struct #builder {
            #(#builder_fields)*
        }

        #builder_items
    }
}

fn setter_doc(f: &Field) -> TokenStream {
    let first = f.doc.trim().lines().next().unwrap_or_default();
    let text = if first.is_empty() {
        format!(" Sets `{}`.", f.wire_name)
    } else {
        escape_brackets(&format!(" Sets `{}`: {first}", f.wire_name))
    };
    quote!(#[doc = #text])
}

/// Setter argument type and how it becomes the stored value.
fn setter(service: &Service, f: &Field, strict: bool) -> (TokenStream, TokenStream) {
    match (slot(service, &f.ty), strict) {
        (Slot::Nested(b), true) => (quote!(impl Into<#b>), quote!(value.into())),
        (Slot::NestedList(b), true) => (
            quote!(impl IntoIterator<Item = impl Into<#b>>),
            quote!(value.into_iter().map(Into::into).collect()),
        ),
        _ => match &f.ty {
            TypeRef::Array(inner) => {
                let inner = rust_type(inner);
                (
                    quote!(impl IntoIterator<Item = impl Into<#inner>>),
                    quote!(value.into_iter().map(Into::into).collect()),
                )
            }
            ty => {
                let ty = rust_type(ty);
                (quote!(impl Into<#ty>), quote!(value.into()))
            }
        },
    }
}

fn request_builder(
    service: &Service,
    m: &Model,
    fields: &[Field],
    rule_refs: &[TokenStream],
    rt: &syn::Path,
) -> TokenStream {
    let name = ident(&m.name);
    let builder = format_ident!("{}Builder", m.name);
    let setters = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let (arg, conv) = setter(service, f, true);
        let doc = setter_doc(f);
        quote! {
            #doc
            pub fn #id(mut self, value: #arg) -> Self {
                self.#id = Some(#conv);
                self
            }
        }
    });
    let unchecked = |f: &Field| {
        matches!(slot(service, &f.ty), Slot::Value)
            && !f.required
            && f.constraints.is_empty()
            && !holds_model(&f.ty)
    };
    let silence_at = fields.iter().all(unchecked).then(|| quote!(let _ = at;));
    let steps = fields.iter().zip(rule_refs).map(|(f, r)| {
        let id = ident(&f.rust_name);
        let wire = &f.wire_name;
        let req = f.required;
        match slot(service, &f.ty) {
            Slot::Nested(_) => quote!(let #id = #rt::nested(errors, at, #wire, self.#id, #req);),
            Slot::NestedList(_) => {
                quote!(let #id = #rt::nested_list(errors, at, #wire, self.#id, #req, #r);)
            }
            // Nothing to check: optional, without rules, holding no model.
            Slot::Value if unchecked(f) => quote!(let #id = self.#id;),
            Slot::Value => quote! {
                #rt::check(errors, at, #wire, self.#id.as_ref(), #req, #r);
                let #id = self.#id;
            },
        }
    });
    let inits = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        if f.required {
            quote!(#id: #id?,)
        } else {
            quote!(#id,)
        }
    });
    let from_fields = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let conv = match (slot(service, &f.ty), f.required) {
            (Slot::Nested(_), true) => quote!(Some(value.#id.into())),
            (Slot::Nested(_), false) => quote!(value.#id.map(Into::into)),
            (Slot::NestedList(_), true) => {
                quote!(Some(value.#id.into_iter().map(Into::into).collect()))
            }
            (Slot::NestedList(_), false) => {
                quote!(value.#id.map(|v| v.into_iter().map(Into::into).collect()))
            }
            (Slot::Value, true) => quote!(Some(value.#id)),
            (Slot::Value, false) => quote!(value.#id),
        };
        quote!(#id: #conv,)
    });
    quote! {
        impl #builder {
            #(#setters)*

            /// Builds the value, checking every documented rule. All broken
            /// rules are reported at once.
            pub fn build(self) -> Result<#name, #rt::ValidationErrors> {
                #rt::build(self)
            }
        }

        impl #rt::BuildAt for #builder {
            type Output = #name;

            fn build_at(self, at: &#rt::Path<'_>, errors: &mut #rt::ValidationErrors) -> Option<#name> {
                #silence_at
                let before = errors.len();
                #(#steps)*
                if errors.len() > before {
                    return None;
                }
                Some(#name { #(#inits)* })
            }
        }

        impl From<#name> for #builder {
            fn from(value: #name) -> Self {
                Self { #(#from_fields)* }
            }
        }
    }
}

fn response_builder(m: &Model, fields: &[Field]) -> TokenStream {
    let name = ident(&m.name);
    let builder = format_ident!("{}Builder", m.name);
    let setters = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let (arg, conv) = match &f.ty {
            TypeRef::Array(inner) => {
                let inner = rust_type(inner);
                (
                    quote!(impl IntoIterator<Item = impl Into<#inner>>),
                    quote!(value.into_iter().map(Into::into).collect()),
                )
            }
            ty => {
                let ty = rust_type(ty);
                (quote!(impl Into<#ty>), quote!(value.into()))
            }
        };
        let doc = setter_doc(f);
        quote! {
            #doc
            pub fn #id(mut self, value: #arg) -> Self {
                self.#id = Some(#conv);
                self
            }
        }
    });
    let inits = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        quote!(#id: self.#id,)
    });
    quote! {
        impl #builder {
            #(#setters)*

            /// Builds the value. Responses are not validated.
            pub fn build(self) -> #name {
                #name { #(#inits)* }
            }
        }
    }
}

fn enum_items(m: &Model, values: &[String], rt: &syn::Path) -> TokenStream {
    let name = ident(&m.name);
    let doc = model_doc(m);
    let variants: Vec<Ident> = values
        .iter()
        .map(|v| ident(&crate::ir::pascal_case(v)))
        .collect();
    let decls = variants.iter().zip(values).map(|(id, v)| {
        let d = format!(" `{v}`");
        quote!(#[doc = #d] #id,)
    });
    quote! {
        #doc
        ///
        /// Open: a value this version does not know is kept in `Unknown`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value not listed in the spec, kept as received.
            Unknown(String),
        }

        impl #name {
            /// Every value the spec lists.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        #rt::open_enum_impls!(#name);
    }
}

fn holds_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Model(_) => true,
        TypeRef::Array(inner) => holds_model(inner),
        _ => false,
    }
}
