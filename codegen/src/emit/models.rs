//! The models emitter: structs, open enums, builders and validators.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::{cite, doc_attrs, escape_brackets, field_doc};
use super::printed::{push_doc, push_line, push_signature};
use super::{MacroCall, Unit};
use crate::ir::{Constraint, Field, Model, ModelKind, Service, TypeRef};

/// A Rust identifier, raw (`r#type`) where the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

/// Where the models are, as a Rust path (`hwbackup_models`, or
/// `crate::models` when they share a crate with a client).
pub fn crate_path(path: &str) -> TokenStream {
    match syn::parse_str::<syn::Path>(path) {
        Ok(p) => quote!(#p),
        Err(_) => {
            let msg = format!("{path:?} is not a Rust path");
            quote!(compile_error!(#msg))
        }
    }
}

/// The `generated/mod.rs` file: one module per service.
pub fn root_module(services: &[Service], features: bool) -> TokenStream {
    let mods = services.iter().map(|s| service_module_decl(s, features));
    quote!(#(#mods)*)
}

/// `#[cfg(feature = "<service>")]`, when each service is a cargo feature.
pub fn service_cfg(s: &Service, features: bool) -> TokenStream {
    if features {
        let f = &s.module;
        quote!(#[cfg(feature = #f)])
    } else {
        quote!()
    }
}

/// `pub mod <service>;`, documented with the service's title and
/// description, behind the service's feature when there are features.
pub fn service_module_decl(s: &Service, features: bool) -> TokenStream {
    let m = ident(&s.module);
    let mut text = format!("{}\n\n{}", s.title, s.description);
    if features {
        text.push_str(&format!(
            "\n\nBehind the cargo feature `{}` (on by default).",
            s.module
        ));
    }
    let doc = doc_attrs(&escape_brackets(&text));
    let cfg = service_cfg(s, features);
    quote!(#doc #cfg pub mod #m;)
}

/// What precedes a service's models: the runtime under the short name `rt`.
pub fn prelude(runtime: &syn::Path) -> TokenStream {
    quote!(use #runtime as rt;)
}

/// The items of one model (formatted one model at a time).
pub fn model_items(service: &Service, m: &Model) -> Unit {
    match &m.kind {
        ModelKind::Struct(fields) => struct_items(service, m, fields),
        ModelKind::Enum(values) => enum_items(service, m, values),
    }
}

/// The Rust type of a value of `ty` (models named as in their own module).
pub fn rust_type(ty: &TypeRef) -> TokenStream {
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
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Any => quote!(serde_json::Value),
    }
}

/// A field's type: its value's, boxed where the model contains itself.
fn field_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.ty);
    if f.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// The Rust type of `ty` as text, for the runtime macros' input.
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Integer { bits: 32 } => "i32".into(),
        TypeRef::Integer { .. } => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Model(name) => ident(name).to_string(),
        TypeRef::Map(inner) => format!("std::collections::BTreeMap<String, {}>", type_text(inner)),
        TypeRef::Any => "serde_json::Value".into(),
    }
}

fn model_doc(service: &Service, m: &Model) -> TokenStream {
    let doc = doc_attrs(&model_doc_text(service, m));
    let aliases = m.aliases.iter().map(|a| quote!(#[doc(alias = #a)]));
    quote!(#doc #(#aliases)*)
}

/// A model's doc comment: its description, note and citation.
fn model_doc_text(service: &Service, m: &Model) -> String {
    let mut text = m.doc.trim().to_owned();
    if text.is_empty() {
        text = format!("`{}`", m.name);
    }
    if let Some(n) = &m.note {
        text.push_str(&format!("\n\nNote: {n}"));
    }
    let mut text = escape_brackets(&text);
    let cited = cite(service, &m.source);
    if !cited.is_empty() {
        text.push_str("\n\n");
        text.push_str(&cited);
    }
    text
}

/// `SCREAMING_SNAKE_CASE` of a name, for statics.
pub fn upper(s: &str) -> String {
    crate::ir::snake_case(s).to_ascii_uppercase()
}

/// A field's rules as a Rust expression: `&[rt::Rule::MinLength(1), ...]`,
/// or `&[]`. Rules are constant data (a pattern is named by its source
/// text), so the compiler places each list in read-only memory and no
/// generated code declares a static for it.
pub fn rules_text(constraints: &[Constraint]) -> String {
    let rules: Vec<String> = constraints.iter().map(rule_text).collect();
    format!("&[{}]", rules.join(", "))
}

/// The `rt::Rule` of one constraint.
fn rule_text(c: &Constraint) -> String {
    let uint = |n: &u64| Literal::u64_unsuffixed(*n).to_string();
    let float = |x: &f64| Literal::f64_unsuffixed(*x).to_string();
    let (rule, arg) = match c {
        Constraint::MinLength(n) => ("MinLength", uint(n)),
        Constraint::MaxLength(n) => ("MaxLength", uint(n)),
        Constraint::MinItems(n) => ("MinItems", uint(n)),
        Constraint::MaxItems(n) => ("MaxItems", uint(n)),
        Constraint::Minimum(x) => ("Minimum", float(x)),
        Constraint::Maximum(x) => ("Maximum", float(x)),
        Constraint::Pattern { regex, .. } => ("Pattern", Literal::string(regex).to_string()),
        Constraint::OneOf(values) => {
            let values: Vec<String> = values
                .iter()
                .map(|v| Literal::string(v).to_string())
                .collect();
            ("OneOf", format!("&[{}]", values.join(", ")))
        }
        Constraint::Each(inner) => ("Each", rules_text(inner)),
    };
    format!("rt::Rule::{rule}({arg})")
}

/// What a builder holds for a field, as the runtime's kinds name it: a
/// value, a list of values, a nested model's builder or a list of them,
/// each with the item's type. Only a request nests builders: a response
/// is its own builder and holds values. The `model!` entry, the builder
/// struct and the setter all follow from it.
enum Held {
    One(String),
    Many(String),
    Nested(String),
    NestedList(String),
}

impl Held {
    fn of(service: &Service, f: &Field, request: bool) -> Held {
        if f.boxed {
            return Held::One(format!("Box<{}>", type_text(&f.ty)));
        }
        let builder_of = |n: &str| {
            let is_struct = matches!(
                service.model(n).map(|m| &m.kind),
                Some(ModelKind::Struct(_))
            );
            (request && is_struct).then(|| format!("{}Builder", ident(n)))
        };
        match &f.ty {
            TypeRef::Model(n) => {
                builder_of(n).map_or_else(|| Held::One(type_text(&f.ty)), Held::Nested)
            }
            TypeRef::Array(inner) => match inner.as_ref() {
                TypeRef::Model(n) => {
                    builder_of(n).map_or_else(|| Held::Many(type_text(inner)), Held::NestedList)
                }
                _ => Held::Many(type_text(inner)),
            },
            ty => Held::One(type_text(ty)),
        }
    }

    /// The kind as the `model!` entry names it.
    fn kind(&self) -> &'static str {
        match self {
            Held::One(_) => "One",
            Held::Many(_) => "Many",
            Held::Nested(_) => "Nested",
            Held::NestedList(_) => "NestedList",
        }
    }

    fn item(&self) -> &str {
        match self {
            Held::One(t) | Held::Many(t) | Held::Nested(t) | Held::NestedList(t) => t,
        }
    }

    fn is_list(&self) -> bool {
        matches!(self, Held::Many(_) | Held::NestedList(_))
    }

    /// The type a builder's field holds (inside its `Option`).
    fn ty(&self) -> String {
        if self.is_list() {
            format!("Vec<{}>", self.item())
        } else {
            self.item().to_owned()
        }
    }
}

fn struct_items(service: &Service, m: &Model, fields: &[Field]) -> Unit {
    let name = ident(&m.name);
    let builder = format_ident!("{}Builder", m.name);
    let strict = m.in_request;
    // Responses are read leniently: every field may be absent.
    let required = |f: &Field| strict && f.required;
    let doc = model_doc(service, m);
    let held: Vec<Held> = fields
        .iter()
        .map(|f| Held::of(service, f, strict))
        .collect();

    let decls = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = field_type(f);
        let doc = doc_attrs(&field_doc(f, required(f)));
        if required(f) {
            quote!(#doc pub #id: #ty,)
        } else {
            quote!(#doc pub #id: Option<#ty>,)
        }
    });

    // The fields as data for the runtime's `model!`: the setter's doc, Rust
    // name, wire name, presence, what the builder holds (a value, a list, a
    // nested builder or a list of them), rules.
    let entries = fields
        .iter()
        .zip(&held)
        .map(|(f, held)| {
            let presence = if required(f) { "Req" } else { "Opt" };
            let rules = rules_text(&f.constraints);
            let field = ident(&f.rust_name);
            format!(
                "{field} {:?} {presence} {}({}) {rules};",
                f.wire_name,
                held.kind(),
                held.item()
            )
        })
        .collect();

    // The setters, as plain Rust beside the model: what rustdoc shows and
    // what a compile error about a setter points at. Written as text, as
    // prettyplease would print them (a cloud's worth of setters is most of
    // what the formatter would otherwise do), or as tokens where a line
    // would need breaking in a way the text does not write.
    let setters: Vec<Setter> = fields
        .iter()
        .zip(&held)
        .map(|(f, held)| {
            let field = ident(&f.rust_name).to_string();
            let doc = if field.starts_with("r#") {
                format!("Sets `{}` (see [`{name}`]).", f.rust_name)
            } else {
                format!("Sets [`{name}::{field}`].")
            };
            let item = held.item();
            let (arg, value) = if held.is_list() {
                (
                    format!("impl IntoIterator<Item = impl Into<{item}>>"),
                    "rt::list(value)",
                )
            } else {
                (format!("impl Into<{item}>"), "value.into()")
            };
            Setter {
                doc,
                field,
                arg,
                value,
            }
        })
        .collect();
    // A request's builder struct, as plain Rust beside the model: each field
    // `Option` of what the builder holds (a value, a list, a nested builder
    // or a list of them). A response is its own builder.
    let builder_fields: Vec<(String, String)> = fields
        .iter()
        .zip(&held)
        .map(|(f, held)| (ident(&f.rust_name).to_string(), held.ty()))
        .collect();
    let builder_doc = format!(
        "A builder of [`{name}`]: `build()` checks every documented rule, reporting every broken one at once."
    );
    let (builder_text, builder_tokens) = match strict {
        false => (Some(String::new()), TokenStream::new()),
        true => (
            builder_struct_text(&builder_doc, &builder.to_string(), &builder_fields),
            builder_struct_tokens(&builder_doc, &builder, &builder_fields),
        ),
    };

    // A response is its own builder (the runtime's `model!` says so).
    let setters_of = if strict {
        builder.to_string()
    } else {
        name.to_string()
    };
    let (setter_impl, setter_text) = match setters_text(&setters_of, &setters) {
        _ if setters.is_empty() => (None, String::new()),
        Some(text) => (None, text),
        None => (Some(setters_tokens(&setters_of, &setters)), String::new()),
    };

    // `Clone`, `Debug` and `PartialEq` come from the runtime's `model!`.
    let derive_default = (!fields.iter().any(required)).then(|| quote!(#[derive(Default)]));
    let mode = if strict { "request" } else { "response" };
    // Each model implements the serde direction it travels in; the other
    // direction (requests decoded by a server, responses encoded by one) is
    // compiled only with the `full-serde` feature, which the emulator turns on.
    // A model no operation sends or returns gets both directions with
    // `full-serde` only: the models it holds may travel one way only, and
    // so lack the other direction without the feature.
    let (ser, de) = match (m.in_request, m.in_response) {
        (true, false) => ("yes", "full"),
        (false, true) => ("full", "yes"),
        (true, true) => ("yes", "yes"),
        (false, false) => ("full", "full"),
    };

    let secrets: Vec<String> = fields
        .iter()
        .filter(|f| f.sensitive)
        .map(|f| format!("{:?}", f.wire_name))
        .collect();
    let secret = if secrets.is_empty() {
        String::new()
    } else {
        format!(", secret({})", secrets.join(", "))
    };

    // The struct as text too, where the setters are: the formatter then has
    // nothing left to do for most models.
    let field_lines: Vec<(String, String)> = fields
        .iter()
        .map(|f| {
            let ty = if f.boxed {
                format!("Box<{}>", type_text(&f.ty))
            } else {
                type_text(&f.ty)
            };
            let ty = if required(f) {
                ty
            } else {
                format!("Option<{ty}>")
            };
            let decl = format!("pub {}: {ty},", ident(&f.rust_name));
            (field_doc(f, required(f)), decl)
        })
        .collect();
    let as_text = (setter_impl.is_none() && builder_text.is_some())
        .then(|| {
            struct_text(
                &model_doc_text(service, m),
                &m.aliases,
                derive_default.is_some(),
                &name.to_string(),
                &field_lines,
            )
        })
        .flatten();
    let (tokens, text) = match as_text {
        Some(text) => (
            TokenStream::new(),
            text + &builder_text.unwrap_or_default() + &setter_text,
        ),
        None => (
            quote! {
                #doc
                #derive_default
                #[non_exhaustive]
                pub struct #name {
                    #(#decls)*
                }

                #builder_tokens

                #setter_impl
            },
            String::new(),
        ),
    };
    Unit {
        tokens,
        text,
        calls: vec![MacroCall {
            path: "rt::model".into(),
            head: format!("{name}, {builder}, {mode}, ser({ser}), de({de}){secret};"),
            entries,
        }],
    }
}

/// A model's struct as prettyplease prints it, or `None` where a line
/// would need breaking or an alias escaping.
fn struct_text(
    doc: &str,
    aliases: &[String],
    default: bool,
    name: &str,
    fields: &[(String, String)],
) -> Option<String> {
    let plain = |a: &String| a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !aliases.iter().all(plain) {
        return None;
    }
    let mut out = String::new();
    push_doc(&mut out, "", doc);
    for a in aliases {
        out.push_str(&format!("#[doc(alias = \"{a}\")]\n"));
    }
    if default {
        out.push_str("#[derive(Default)]\n");
    }
    out.push_str("#[non_exhaustive]\n");
    if fields.is_empty() {
        out.push_str(&format!("pub struct {name} {{}}\n"));
        return Some(out);
    }
    out.push_str(&format!("pub struct {name} {{\n"));
    for (doc, decl) in fields {
        push_doc(&mut out, "    ", doc);
        push_line(&mut out, &format!("    {decl}"))?;
    }
    out.push_str("}\n");
    Some(out)
}

/// A request builder's struct as prettyplease prints it (after a blank
/// line), or `None` where a line would need breaking.
fn builder_struct_text(doc: &str, name: &str, fields: &[(String, String)]) -> Option<String> {
    let mut out = String::from("\n");
    push_doc(&mut out, "", doc);
    out.push_str("#[must_use]\n");
    if fields.is_empty() {
        out.push_str(&format!("pub struct {name} {{}}\n"));
        return Some(out);
    }
    out.push_str(&format!("pub struct {name} {{\n"));
    for (field, held) in fields {
        push_line(&mut out, &format!("    {field}: Option<{held}>,"))?;
    }
    out.push_str("}\n");
    Some(out)
}

/// The same struct as tokens, for prettyplease to break as it must.
fn builder_struct_tokens(doc: &str, name: &Ident, fields: &[(String, String)]) -> TokenStream {
    let doc = doc_attrs(doc);
    let fields = fields.iter().map(|(field, held)| {
        let field: TokenStream = field.parse().unwrap_or_default();
        let held: TokenStream = held.parse().unwrap_or_default();
        quote!(#field: Option<#held>,)
    });
    quote! {
        #doc
        #[must_use]
        pub struct #name { #(#fields)* }
    }
}

/// One setter of a builder: `pub fn {field}(mut self, value: {arg}) -> Self`.
struct Setter {
    doc: String,
    field: String,
    arg: String,
    value: &'static str,
}

/// The setters' `impl` block as prettyplease prints it, or `None` where a
/// line would be too long even in the broken form written here.
fn setters_text(of: &str, setters: &[Setter]) -> Option<String> {
    let mut out = format!("\nimpl {of} {{\n");
    for (i, s) in setters.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("    /// {}\n", s.doc));
        let arg = format!("value: {}", s.arg);
        push_signature(
            &mut out,
            &format!("pub fn {}", s.field),
            &["mut self", &arg],
            " -> Self",
        )?;
        push_line(
            &mut out,
            &format!("        self.{} = Some({});", s.field, s.value),
        )?;
        out.push_str("        self\n    }\n");
    }
    out.push_str("}\n");
    Some(out)
}

/// The same block as tokens, for prettyplease to break as it must.
fn setters_tokens(of: &str, setters: &[Setter]) -> TokenStream {
    let of = ident(of);
    let fns = setters.iter().map(|s| {
        let doc = format!(" {}", s.doc);
        let field = ident(s.field.trim_start_matches("r#"));
        let arg: TokenStream = s.arg.parse().unwrap_or_default();
        let value: TokenStream = s.value.parse().unwrap_or_default();
        quote! {
            #[doc = #doc]
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    quote!(impl #of { #(#fns)* })
}

fn enum_items(service: &Service, m: &Model, values: &[String]) -> Unit {
    let name = ident(&m.name);
    let doc = model_doc(service, m);
    let variants: Vec<Ident> = values
        .iter()
        .map(|v| ident(&crate::ir::variant_name(v)))
        .collect();
    let decls = variants.iter().zip(values).map(|(id, v)| {
        let d = format!(" `{v}` on the wire.");
        quote!(#[doc = #d] #id,)
    });
    let entries = variants
        .iter()
        .zip(values)
        .map(|(id, v)| format!("{id} = {v:?};"))
        .collect();
    let tokens = quote! {
        #doc
        ///
        /// Open: a value this version does not know is kept in `Unknown`.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value not listed in the spec, kept as received.
            Unknown(String),
        }
    };
    Unit {
        text: String::new(),
        tokens,
        calls: vec![MacroCall {
            path: "rt::open_enum".into(),
            head: format!("{name};"),
            entries,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The setters written as text are what prettyplease prints for the
    /// same tokens, for names and types of every length up to where the
    /// text gives way to tokens, both sides of each line break.
    #[test]
    fn setters_as_text_are_what_prettyplease_prints() {
        let mut compared = 0;
        for field_len in 1..=70 {
            for type_len in [1, 10, 30, 50, 60] {
                let field = "f".repeat(field_len);
                let ty = format!("T{}", "x".repeat(type_len));
                for (arg, value) in [
                    (format!("impl Into<{ty}>"), "value.into()"),
                    (
                        format!("impl IntoIterator<Item = impl Into<{ty}>>"),
                        "rt::list(value)",
                    ),
                ] {
                    let setter = Setter {
                        doc: format!("Sets [`M::{field}`]."),
                        field: field.clone(),
                        arg,
                        value,
                    };
                    let setters = std::slice::from_ref(&setter);
                    let Some(text) = setters_text("MBuilder", setters) else {
                        continue;
                    };
                    let printed =
                        crate::emit::format::format_tokens(setters_tokens("MBuilder", setters))
                            .unwrap();
                    assert_eq!(
                        text,
                        format!("\n{printed}"),
                        "field {field_len}, type {type_len}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 400, "{compared}");
    }

    /// Builder structs written as text are what prettyplease prints for
    /// the same tokens, with no fields and with lines on both sides of the
    /// width.
    #[test]
    fn builder_structs_as_text_are_what_prettyplease_prints() {
        let mut compared = 0;
        for name_len in [1, 20, 60, 80, 85, 86, 87, 88, 90] {
            for fields in [0, 1, 3] {
                let decls: Vec<(String, String)> = (0..fields)
                    .map(|i| (format!("f{i}"), format!("Vec<{}>", "T".repeat(name_len))))
                    .collect();
                let doc = "A builder of [`M`]: `build()` checks.";
                let Some(text) = builder_struct_text(doc, "MBuilder", &decls) else {
                    continue;
                };
                let tokens = builder_struct_tokens(doc, &ident("MBuilder"), &decls);
                let printed = crate::emit::format::format_tokens(tokens).unwrap();
                assert_eq!(
                    text,
                    format!("\n{printed}"),
                    "type {name_len}, fields {fields}"
                );
                compared += 1;
            }
        }
        assert!(compared >= 15, "{compared}");
    }

    /// Structs written as text are what prettyplease prints for the same
    /// tokens: docs with blank and space-ended lines, aliases, a derive,
    /// no fields, and field lines on both sides of the width.
    #[test]
    fn structs_as_text_are_what_prettyplease_prints() {
        let doc = "A model.\n\nWith a line that ends in spaces   \nand `code`.";
        let mut compared = 0;
        for name_len in [1, 20, 40, 57, 58, 59, 60, 70, 80] {
            for fields in [0, 1, 3] {
                let field = "f".repeat(name_len);
                let decls: Vec<(String, String)> = (0..fields)
                    .map(|i| {
                        (
                            format!("Field {i}.\n\nRequired.  "),
                            format!("pub {field}{i}: Option<Vec<String>>,"),
                        )
                    })
                    .collect();
                let aliases = vec!["ModelAlias".to_owned()];
                let Some(text) = struct_text(doc, &aliases, fields != 1, "Model", &decls) else {
                    continue;
                };
                let field_tokens = decls.iter().map(|(d, decl)| {
                    let d = doc_attrs(d);
                    let decl: TokenStream = decl.parse().unwrap();
                    quote!(#d #decl)
                });
                let doc = doc_attrs(doc);
                let derive = (fields != 1).then(|| quote!(#[derive(Default)]));
                let tokens = quote! {
                    #doc
                    #[doc(alias = "ModelAlias")]
                    #derive
                    #[non_exhaustive]
                    pub struct Model { #(#field_tokens)* }
                };
                let printed = crate::emit::format::format_tokens(tokens).unwrap();
                assert_eq!(text, printed, "name {name_len}, fields {fields}");
                compared += 1;
            }
        }
        assert!(compared >= 12, "{compared}");
    }
}
