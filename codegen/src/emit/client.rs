//! The client emitter: one async method per operation over the client
//! runtime, and each service's region table.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{cite, doc_attrs, escape_brackets};
use super::models::{ident, rust_type, service_module_decl};
use super::operations::static_name;
use crate::ir::{Operation, ParamLocation, Service, TypeRef};

/// The path parameter the client fills from its configured project.
pub const PROJECT_PARAM: &str = "project_id";

/// `generated/mod.rs` of the client: the service modules and their list.
pub fn root_module(services: &[Service], features: bool) -> TokenStream {
    let mods = services.iter().map(|s| service_module_decl(s, features));
    let all = services.iter().map(|s| {
        let m = ident(&s.module);
        let cfg = super::models::service_cfg(s, features);
        quote!(#cfg &#m::SERVICE)
    });
    quote! {
        use hwbackup_client_runtime as rt;

        #(#mods)*

        /// Every service, for resolving endpoints.
        pub(crate) static SERVICES: &[&rt::Service] = &[#(#all),*];

        /// A client for every service of the API: each service's calls
        /// through its method (`client.cbr()`), the rest (`project_id`,
        /// `endpoint_url`) through `Deref` to the runtime's client. Cheap
        /// to clone (one shared connection pool) and safe to share across
        /// tasks.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: rt::Client,
        }

        /// Configuration of a [`Client`]: credentials, region or endpoint,
        /// timeouts, retries; `build()` checks it.
        pub type ClientBuilder = rt::ClientBuilder<Client>;

        impl Client {
            /// Starts the configuration of a client of these services.
            pub fn builder() -> ClientBuilder {
                rt::ClientBuilder::for_services(SERVICES)
            }

            /// A client configured from the environment alone
            /// ([`ClientBuilder::with_env`]): `HUAWEICLOUD_SDK_AK`,
            /// `HUAWEICLOUD_SDK_SK` (and `HUAWEICLOUD_SDK_SECURITY_TOKEN`),
            /// `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION`. A
            /// missing one is an `Error::Config` naming what to set.
            pub fn from_env() -> Result<Client, rt::Error> {
                Self::builder().with_env().build()
            }
        }

        impl From<rt::Client> for Client {
            fn from(inner: rt::Client) -> Self {
                Self { inner }
            }
        }

        impl std::ops::Deref for Client {
            type Target = rt::Client;

            fn deref(&self) -> &rt::Client {
                &self.inner
            }
        }
    }
}

/// One service's file, formatted one operation at a time: the prelude
/// (the endpoints, the service's handle and its method per operation),
/// then each operation's request builder as its own unit, so memory holds
/// one builder's syntax tree at a time at the size of a whole cloud.
pub fn service_file(
    service: &Service,
    models_crate: &str,
    header: &super::Header,
    examples: Option<&super::DocExamples>,
) -> Result<String, String> {
    let handle_name = crate::ir::pascal_case(&service.module);
    let handle = format_ident!("{}", handle_name);
    let prelude = prelude(service, models_crate, &handle, examples);
    // Tokens are not shared between threads: each unit names the handle anew.
    super::format_units(header, prelude, &service.operations, |op| {
        let handle = format_ident!("{}", handle_name);
        // Printed as text where every line fits, as prettyplease would
        // print it; through the formatter otherwise.
        match builder_text(op, &handle_name) {
            Some(text) => super::Unit {
                tokens: TokenStream::new(),
                text,
                calls: Vec::new(),
            },
            None => super::Unit {
                tokens: builder_items(op, &handle),
                text: String::new(),
                calls: Vec::new(),
            },
        }
    })
}

fn prelude(
    service: &Service,
    models_crate: &str,
    handle: &proc_macro2::Ident,
    examples: Option<&super::DocExamples>,
) -> TokenStream {
    let krate = super::models::crate_path(models_crate);
    let module = ident(&service.module);
    let wire_module = &service.module;
    let title = &service.title;
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
    let accessors = service
        .operations
        .iter()
        .map(|op| accessor(service, op, examples));
    // A service whose calls take and return no models does not use them.
    let models_use = if service.models.is_empty() {
        quote!()
    } else {
        quote!(use #krate::#module as models;)
    };
    quote! {
        use hwbackup_client_runtime as rt;
        #models_use
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

        impl super::Client {
            #accessor_doc
            #[inline]
            pub fn #module(&self) -> #handle<'_> {
                #handle { client: &self.inner }
            }
        }

        impl<'a> #handle<'a> {
            #(#accessors)*
        }
    }
}

/// Names a request builder keeps for its own methods; a parameter with one
/// of them gets a `_param` suffix.
const BUILDER_METHODS: [&str; 8] = [
    "body", "timeout", "header", "send", "signed", "pages", "items", "wait",
];

/// `pages()` and `items()` of a list operation's request.
fn paging_methods(p: &crate::ir::Pagination, response: &TokenStream) -> TokenStream {
    let item = qualified_type(&TypeRef::Model(p.item.clone()));
    let items_field = ident(&p.items_field);
    let limit = match p.limit {
        Some(i) => quote!(Some(#i)),
        None => quote!(None),
    };
    let (style, key, how) = match &p.style {
        crate::ir::PageStyle::Offset { offset } => (
            quote!(rt::PageStyle::Offset { offset: #offset, limit: #limit }),
            quote!(fn key(_: &#item) -> Option<String> { None }),
            "by offset",
        ),
        crate::ir::PageStyle::Marker { marker, key_field } => {
            let k = ident(key_field);
            (
                quote!(rt::PageStyle::Marker { marker: #marker, limit: #limit }),
                quote!(fn key(item: &#item) -> Option<String> { item.#k.clone() }),
                "by marker",
            )
        }
    };
    let total = match &p.total_field {
        Some((t, 64)) => {
            let t = ident(t);
            quote!(fn total(page: &#response) -> Option<i64> { page.#t })
        }
        Some((t, _)) => {
            let t = ident(t);
            quote!(fn total(page: &#response) -> Option<i64> { page.#t.map(i64::from) })
        }
        None => quote!(fn total(_: &#response) -> Option<i64> { None }),
    };
    let pages_doc = format!(
        " Every page of the list, one call each ({how}): `while let Some(page) = pages.next().await`. The parameters set here apply to every page; paging stops at an empty or short page, at the reported total, and with [`Error::PageRepeated`](crate::Error::PageRepeated) if the server repeats a page."
    );
    let items_doc = format!(
        " Every item of every page ({}), one at a time: `items.next().await`, or `items.collect().await` for all of them.",
        p.items_field
    );
    quote! {
        #[doc = #pages_doc]
        #[inline]
        pub fn pages(self) -> rt::Pages<'a, #response, #item> {
            fn items(page: &#response) -> &[#item] {
                page.#items_field.as_deref().unwrap_or_default()
            }
            #total
            #key
            rt::Pages::new(
                self.call,
                rt::PageShape { style: #style, decode: rt::json, items, total, key },
            )
        }

        #[doc = #items_doc]
        #[inline]
        pub fn items(self) -> rt::Items<'a, #response, #item> {
            self.pages().items()
        }
    }
}

/// `wait()` of an operation that shows asynchronous work.
fn wait_method(w: &crate::ir::WaitRule, response: &TokenStream) -> TokenStream {
    let (last, steps) = w.status_path.split_last().expect("a status path");
    let steps = steps.iter().map(|s| {
        let s = ident(s);
        quote!(.#s.as_ref()?)
    });
    let last = ident(last);
    let success = &w.success;
    let failure = &w.failure;
    let doc = format!(
        " Fetches the record again and again until it is done: its status is {} (the result) or {} (an error carrying the record), or the waiter's deadline passes.",
        w.success.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "),
        w.failure.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
    );
    quote! {
        #[doc = #doc]
        pub async fn wait(self, waiter: &rt::Waiter) -> Result<rt::Response<#response>, rt::WaitError<#response>> {
            fn status(record: &#response) -> Option<&str> {
                record #(#steps)* .#last.as_ref().map(|s| s.as_str())
            }
            let shape = rt::WaitShape {
                decode: rt::json,
                status,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
            };
            self.call.wait(shape, waiter).await
        }
    }
}

/// A type as the client names it, as text (`models::Vault`, `Vec<String>`).
fn qualified_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Model(n) => format!("models::{}", ident(n)),
        TypeRef::Array(inner) => format!("Vec<{}>", qualified_text(inner)),
        TypeRef::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            qualified_text(inner)
        ),
        TypeRef::String => "String".into(),
        TypeRef::Integer { bits: 32 } => "i32".into(),
        TypeRef::Integer { .. } => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Any => "serde_json::Value".into(),
    }
}

/// A request builder as prettyplease prints [`builder_items`]' tokens, for
/// the common shape (no paging or waiting methods, scalar parameters,
/// every line within the width); `None` sends the operation through the
/// formatter instead. `emit::client`'s tests compare the two.
fn builder_text(op: &Operation, handle: &str) -> Option<String> {
    use super::printed::{push_doc as doc, push_line, push_signature as signature};
    use std::fmt::Write as _;
    if op.pagination.is_some() || op.waiter.is_some() {
        return None;
    }
    let builder = crate::ir::pascal_case(&op.id);
    let mut out = String::new();
    let builder_doc = format!(
        "A `{} {}` request, from [`{handle}::{}`]: set its parameters, then [`send`](Self::send) it.",
        op.method, op.path, op.fn_name
    );
    doc(&mut out, "", &builder_doc);
    out.push_str("#[derive(Clone, Debug)]\n");
    out.push_str("#[must_use = \"a request does nothing until it is sent\"]\n");
    let _ = writeln!(out, "pub struct {builder}<'a> {{");
    out.push_str("    call: rt::Call<'a>,\n");
    let held = op.body.as_ref().map(|ty| match ty {
        TypeRef::Model(n) => (
            format!("models::{}Builder", ident(n)),
            format!(
                "[`models::{}`] or its builder ([`models::{}Builder`])",
                ident(n),
                ident(n)
            ),
        ),
        _ => ("serde_json::Value".to_owned(), "free-form JSON".to_owned()),
    });
    if let Some((held, _)) = &held {
        push_line(&mut out, &format!("    body: Option<{held}>,"))?;
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl<'a> {builder}<'a> {{");
    let mut first = true;
    let mut gap = |out: &mut String| {
        if !first {
            out.push('\n');
        }
        first = false;
    };
    for (index, p) in op.params.iter().enumerate() {
        if p.location == ParamLocation::Path && p.wire_name == PROJECT_PARAM {
            continue;
        }
        let (input, convert) = match &p.ty {
            TypeRef::String => (
                "impl Into<String>".to_owned(),
                "rt::Value::Text(value.into())".to_owned(),
            ),
            TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean => {
                (qualified_text(&p.ty), "rt::Value::from(value)".to_owned())
            }
            // Enums and lists: through the formatter.
            _ => return None,
        };
        gap(&mut out);
        doc(&mut out, "    ", &param_doc(p));
        out.push_str("    #[inline]\n");
        let setter = ident(&setter_name(p)).to_string();
        signature(
            &mut out,
            &format!("pub fn {setter}"),
            &["mut self", &format!("value: {input}")],
            " -> Self",
        )?;
        push_line(
            &mut out,
            &format!("        self.call.set({index}usize, {convert});"),
        )?;
        out.push_str("        self\n    }\n");
    }
    let (body_arg, required) = (
        if held.is_some() {
            "self.body"
        } else {
            "None::<rt::NoBody>"
        },
        op.body_required,
    );
    if let Some((held, input)) = &held {
        gap(&mut out);
        let text = format!(
            "The request body: {input}. Its rules are checked with the parameters' when the request is sent{}.",
            if op.body_required { "; it is required" } else { "" }
        );
        doc(&mut out, "    ", &text);
        out.push_str("    #[inline]\n");
        signature(
            &mut out,
            "pub fn body",
            &["mut self", &format!("body: impl Into<{held}>")],
            " -> Self",
        )?;
        out.push_str("        self.body = Some(body.into());\n        self\n    }\n");
    }
    gap(&mut out);
    out.push_str(
        "    /// Timeout of each attempt of this call, instead of the client's.
    #[inline]
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.call.timeout(timeout);
        self
    }

    /// An extra header, sent (and signed) with this call.
    #[inline]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.header(name.into(), value.into());
        self
    }

    /// Checks every documented rule of the parameters and the body
    /// (all broken rules at once, as [`Error::Validation`](crate::Error::Validation)),
    /// then sends the request, retrying per the client's policy, and
    /// decodes the answer.
",
    );
    let (response, decode) = match &op.success.body {
        Some(ty) => (qualified_text(ty), "rt::json"),
        None => ("()".to_owned(), "rt::empty"),
    };
    out.push_str("    #[inline]\n");
    signature(
        &mut out,
        "pub fn send",
        &["self"],
        &format!(" -> impl rt::CallFuture<{response}> + 'a"),
    )?;
    push_line(
        &mut out,
        &format!("        self.call.send({body_arg}, {required}, {decode})"),
    )?;
    out.push_str("    }\n\n");
    out.push_str(
        "    /// The first attempt's HTTP request, checked and signed, not sent:
    /// what the client costs before the network. For benchmarks.
    #[doc(hidden)]
    #[inline]
    pub fn signed(self) -> Result<reqwest::Request, rt::Error> {
",
    );
    push_line(
        &mut out,
        &format!("        self.call.signed({body_arg}, {required})"),
    )?;
    out.push_str("    }\n}\n");
    Some(out)
}

/// A type as the client names it: models through `models::`.
fn qualified_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Model(n) => {
            let n = ident(n);
            quote!(models::#n)
        }
        TypeRef::Array(inner) => {
            let inner = qualified_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = qualified_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        other => rust_type(other),
    }
}

/// The setter of one parameter: its argument type and how the argument
/// becomes an `rt::Value`.
fn setter_input(ty: &TypeRef) -> (TokenStream, TokenStream) {
    let scalar = |t: &TypeRef, v: TokenStream| -> (TokenStream, TokenStream) {
        match t {
            TypeRef::Model(_) => {
                let m = qualified_type(t);
                (
                    quote!(impl Into<#m>),
                    quote!(rt::Value::Text(Into::<#m>::into(#v).as_str().to_owned())),
                )
            }
            TypeRef::String => (
                quote!(impl Into<String>),
                quote!(rt::Value::Text(#v.into())),
            ),
            other => (rust_type(other), quote!(rt::Value::from(#v))),
        }
    };
    match ty {
        TypeRef::Array(item) => {
            let (item_ty, convert) = scalar(item, quote!(v));
            // A number or a flag converts by `From`, named as the function
            // itself (no closure around it, as clippy asks).
            let convert = match **item {
                TypeRef::Model(_) | TypeRef::String => quote!(|v| #convert),
                _ => quote!(rt::Value::from),
            };
            (
                quote!(impl IntoIterator<Item = #item_ty>),
                quote!(value.into_iter().map(#convert)),
            )
        }
        t => scalar(t, quote!(value)),
    }
}

/// The setter of a parameter on its request builder.
pub fn setter_name(p: &crate::ir::Param) -> String {
    let mut name = p.rust_name.clone();
    if BUILDER_METHODS.contains(&name.as_str()) {
        name.push_str("_param");
    }
    name
}

fn param_doc(p: &crate::ir::Param) -> String {
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Header => "header",
        ParamLocation::Query => "query",
    };
    let mut doc = escape_brackets(p.doc.trim());
    if doc.is_empty() {
        doc = format!("`{}`", p.wire_name);
    }
    doc.push_str(&format!(
        "\n\n`{}` in the {place}; {}.",
        p.wire_name,
        if p.required { "required" } else { "optional" }
    ));
    if let Some(d) = &p.default {
        doc.push_str(&format!(" The service's default: `{d}`."));
    }
    doc
}

/// The request builder of `op`, which the handle's method returns.
///
/// Every method of it (and the handle's method) is `#[inline]`, as the
/// models' are: the crate that holds a cloud's operations compiles none of
/// them to machine code, nor the drop glue of every request and body
/// builder they would pull in; a consumer compiles those it calls. 100
/// operations: 5.6% fewer instructions in a cold build of the crate
/// (BENCHMARKS.md).
fn builder_items(op: &Operation, handle: &proc_macro2::Ident) -> TokenStream {
    let builder = format_ident!("{}", crate::ir::pascal_case(&op.id));

    let mut setters = Vec::new();
    for (index, p) in op.params.iter().enumerate() {
        if p.location == ParamLocation::Path && p.wire_name == PROJECT_PARAM {
            continue;
        }
        let setter = ident(&setter_name(p));
        let (input, convert) = setter_input(&p.ty);
        let set = if matches!(p.ty, TypeRef::Array(_)) {
            quote!(self.call.set_list(#index, #convert))
        } else {
            quote!(self.call.set(#index, #convert))
        };
        let doc = doc_attrs(&param_doc(p));
        setters.push(quote! {
            #doc
            #[inline]
            pub fn #setter(mut self, value: #input) -> Self {
                #set;
                self
            }
        });
    }

    let (body_field, body_setter, body_arg) = match &op.body {
        Some(ty) => {
            let (held, input) = match ty {
                TypeRef::Model(n) => {
                    let b = format_ident!("{}Builder", n);
                    let m = ident(n);
                    (
                        quote!(models::#b),
                        format!("[`models::{m}`] or its builder ([`models::{b}`])"),
                    )
                }
                _ => (quote!(serde_json::Value), "free-form JSON".to_owned()),
            };
            let doc = doc_attrs(&format!(
                "The request body: {input}. Its rules are checked with the parameters' when the request is sent{}.",
                if op.body_required { "; it is required" } else { "" }
            ));
            (
                quote!(body: Option<#held>,),
                quote! {
                    #doc
                    #[inline]
                    pub fn body(mut self, body: impl Into<#held>) -> Self {
                        self.body = Some(body.into());
                        self
                    }
                },
                quote!(self.body),
            )
        }
        None => (quote!(), quote!(), quote!(None::<rt::NoBody>)),
    };
    let required = op.body_required;
    let (response, decode) = match &op.success.body {
        Some(ty) => (qualified_type(ty), quote!(rt::json)),
        None => (quote!(()), quote!(rt::empty)),
    };

    let paging = op.pagination.as_ref().map(|p| paging_methods(p, &response));
    let waiting = op.waiter.as_ref().map(|w| wait_method(w, &response));
    let builder_doc = format!(
        " A `{} {}` request, from [`{handle}::{}`]: set its parameters, then [`send`](Self::send) it.",
        op.method, op.path, op.fn_name
    );
    let items = quote! {
        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            call: rt::Call<'a>,
            #body_field
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            #paging

            #waiting

            #body_setter

            /// Timeout of each attempt of this call, instead of the client's.
            #[inline]
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call.timeout(timeout);
                self
            }

            /// An extra header, sent (and signed) with this call.
            #[inline]
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.call.header(name.into(), value.into());
                self
            }

            /// Checks every documented rule of the parameters and the body
            /// (all broken rules at once, as [`Error::Validation`](crate::Error::Validation)),
            /// then sends the request, retrying per the client's policy, and
            /// decodes the answer.
            #[inline]
            pub fn send(self) -> impl rt::CallFuture<#response> + 'a {
                self.call.send(#body_arg, #required, #decode)
            }

            /// The first attempt's HTTP request, checked and signed, not sent:
            /// what the client costs before the network. For benchmarks.
            #[doc(hidden)]
            #[inline]
            pub fn signed(self) -> Result<reqwest::Request, rt::Error> {
                self.call.signed(#body_arg, #required)
            }
        }
    };
    items
}

/// The handle's method that starts a request of `op`.
fn accessor(
    service: &Service,
    op: &Operation,
    examples: Option<&super::DocExamples>,
) -> TokenStream {
    let name = ident(&op.fn_name);
    let builder = format_ident!("{}", crate::ir::pascal_case(&op.id));
    let descriptor = static_name(op);
    let body_init = op.body.as_ref().map(|_| quote!(body: None,));
    let mut doc = escape_brackets(op.summary.trim());
    if !op.description.trim().is_empty() && op.description.trim() != op.summary.trim() {
        doc.push_str("\n\n");
        doc.push_str(&escape_brackets(op.description.trim()));
    }
    doc.push_str(&format!(
        "\n\n`{} {}`; answers {} on success{}. Set the parameters on the returned [`{builder}`], then `send()` it: every documented rule is checked before anything is sent.",
        op.method,
        op.path,
        op.success.status,
        if op.success.body.is_none() { " with no body" } else { "" },
    ));
    let cited = cite(service, &op.source);
    if !cited.is_empty() {
        doc.push_str(&format!("\n\n{cited}"));
    }
    if let (Some(sdk), true) = (&service.sdk_title, op.in_sdk) {
        let name = op.sdk_name.as_deref().unwrap_or(&op.id);
        doc.push_str(&format!(
            " {} call it `{name}` (in Python `{}`).",
            escape_brackets(sdk),
            crate::ir::snake_case(name)
        ));
    }
    if let Some(example) = examples.and_then(|e| doc_example(service, op, e)) {
        doc.push_str("\n\n");
        doc.push_str(&example);
    }
    let doc = doc_attrs(&doc);
    let mut aliases = vec![op.id.clone()];
    aliases.extend(op.sdk_name.clone().filter(|s| *s != op.id));
    quote! {
        #doc
        #(#[doc(alias = #aliases)])*
        #[inline]
        pub fn #name(&self) -> #builder<'a> {
            #builder {
                call: rt::Call::new(self.client, &SERVICE, &ops::#descriptor),
                #body_init
            }
        }
    }
}

/// The `# Example` section of an operation's docs: its call with values
/// from the API reference, run against a stateless emulator as a doc test
/// where the crate has one, else compiled only.
fn doc_example(service: &Service, op: &Operation, e: &super::DocExamples) -> Option<String> {
    let call = super::examples::example_call(service, op, super::examples::Reader::Docs)?;
    let client = &e.client_crate;
    let models = format!("{client}::models::{}", service.module);
    let mut lines = vec!["# Example".to_owned(), String::new()];
    let setup: Vec<String> = match &e.emulator_crate {
        Some(emu) => {
            lines.push(
                "With values from the API reference, against the crate's emulator (a doc test):"
                    .to_owned(),
            );
            lines.push(String::new());
            lines.push("```".to_owned());
            vec![
                "#[tokio::main(flavor = \"current_thread\")]".to_owned(),
                "async fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
                format!("let emulator = {emu}::Emulator::builder().stateless(true).start().await?;"),
                format!("let client = {client}::Client::builder()"),
                format!("    .credentials({client}::Credentials::aksk({emu}::DEFAULT_ACCESS_KEY, {emu}::DEFAULT_SECRET_KEY))"),
                format!("    .project_id({emu}::DEFAULT_PROJECT_ID)"),
                "    .endpoint_per_service(emulator.url())".to_owned(),
                "    .build()?;".to_owned(),
            ]
        }
        None => {
            lines.push("With values from the API reference (compiled, not run: it needs credentials and the cloud):".to_owned());
            lines.push(String::new());
            lines.push("```no_run".to_owned());
            vec![
                "async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
                format!("let client = {client}::Client::from_env()?;"),
            ]
        }
    };
    lines.extend(setup.iter().map(|l| format!("# {l}")));
    lines.extend(call.doc_lines(&models, &service.module, &op.fn_name));
    lines.push("println!(\"{:?}\", answer.body);".to_owned());
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Request builders printed as text are what prettyplease prints for
    /// [`builder_items`], for every operation of both real specs that the
    /// text covers (and it covers most).
    #[test]
    fn builders_as_text_are_what_prettyplease_prints() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
        let (mut compared, mut total) = (0, 0);
        for file in ["cbr.json", "gaussdb-mysql.json"] {
            let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
            let service = crate::load_service(file, &text).unwrap();
            let handle = crate::ir::pascal_case(&service.module);
            for op in &service.operations {
                total += 1;
                let Some(text) = builder_text(op, &handle) else {
                    continue;
                };
                let tokens = builder_items(op, &format_ident!("{}", handle));
                let printed = crate::emit::format::format_tokens(tokens).unwrap();
                assert_eq!(text, printed, "{}", op.id);
                compared += 1;
            }
        }
        assert!(compared * 2 > total, "{compared} of {total}");
    }
}
