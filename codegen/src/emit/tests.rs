//! The test emitter: derives, from the IR alone, a test file that
//! round-trips every doc example and probes every constraint at its
//! boundaries, so a new rule in the spec gets tests without anyone writing them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::models::ident;
use crate::ir::{Constraint, Field, ModelKind, Service, TypeRef};

/// One probe: put `value` at `pointer` in the example, then expect the
/// rule `rule` to be broken there (`refused`) or not.
struct Case {
    pointer: String,
    value: Value,
    rule: &'static str,
    refused: bool,
}

/// The model a body is, if it is one (not free-form, not a list).
fn top_model(body: &Option<TypeRef>) -> Option<&str> {
    body.as_ref().and_then(TypeRef::model_name)
}

/// The test file for all services of a crate; `krate` is the models crate's name.
pub fn test_file(services: &[Service], krate: &str) -> TokenStream {
    let krate = &super::models::crate_path(krate);
    let tests = services.iter().flat_map(|s| {
        let module = ident(&s.module);
        s.operations.iter().map(move |op| {
            let mut items = Vec::new();
            if let (Some(body), Some((_, example))) =
                (top_model(&op.body), op.request_examples.first())
            {
                let ty = ident(body);
                let name = format_ident!("{}_{}_request_examples", s.module, op.fn_name);
                let all = op.request_examples.iter().map(|(_, json)| json);
                items.push(quote! {
                    #[test]
                    fn #name() {
                        #(support::request_example::<#krate::#module::#ty>(#all);)*
                    }
                });
                let parsed: Value = serde_json::from_str(example).unwrap_or(Value::Null);
                let mut cases = Vec::new();
                collect_cases(s, body, &parsed, "", &mut cases);
                if !cases.is_empty() {
                    let name = format_ident!("{}_{}_boundaries", s.module, op.fn_name);
                    let rows = cases.iter().map(|c| {
                        let (p, v, r, refused) =
                            (&c.pointer, c.value.to_string(), c.rule, c.refused);
                        quote!((#p, #v, #r, #refused))
                    });
                    items.push(quote! {
                        #[test]
                        fn #name() {
                            support::boundaries::<#krate::#module::#ty>(#example, &[#(#rows),*]);
                        }
                    });
                }
            }
            if let (Some(body), false) =
                (top_model(&op.success.body), op.response_examples.is_empty())
            {
                let ty = ident(body);
                let name = format_ident!("{}_{}_response_examples", s.module, op.fn_name);
                let all = op.response_examples.iter().map(|(_, json)| json);
                items.push(quote! {
                    #[test]
                    fn #name() {
                        #(support::response_example::<#krate::#module::#ty>(#all);)*
                    }
                });
            }
            if let Some(body) = top_model(&op.success.body) {
                // Responses are read leniently: whatever a server sends, decoding
                // returns a value or an error, never a panic.
                let ty = ident(body);
                let name = format_ident!("{}_{}_response_decoding_is_total", s.module, op.fn_name);
                let example = op
                    .response_examples
                    .first()
                    .map_or("{}", |(_, json)| json.as_str());
                items.push(quote! {
                    #[test]
                    fn #name() {
                        support::decoding_is_total::<#krate::#module::#ty>(#example);
                    }
                });
            }
            quote!(#(#items)*)
        })
    });
    quote! {
        use super::support;

        #(#tests)*
    }
}

/// The emulator's test file: every boundary case of every request body,
/// sent raw over HTTP, must be refused with a 400 naming the field exactly
/// when the models refuse it.
pub fn emulator_test_file(services: &[Service], models_crate: &str) -> TokenStream {
    let krate = &super::models::crate_path(models_crate);
    let tests = services.iter().flat_map(|s| {
        let module = ident(&s.module);
        s.operations.iter().filter_map(move |op| {
            let (Some(body), Some((_, example))) =
                (top_model(&op.body), op.request_examples.first())
            else {
                return None;
            };
            let parsed: Value = serde_json::from_str(example).unwrap_or(Value::Null);
            let mut cases = Vec::new();
            collect_cases(s, body, &parsed, "", &mut cases);
            let name = format_ident!("{}_{}_rules_over_http", s.module, op.fn_name);
            let descriptor = super::operations::static_name(op);
            let rows = cases.iter().map(|c| {
                let (p, v, r, refused) = (&c.pointer, c.value.to_string(), c.rule, c.refused);
                quote!((#p, #v, #r, #refused))
            });
            Some(quote! {
                #[tokio::test]
                async fn #name() {
                    support::rules_over_http(
                        &#krate::#module::operations::#descriptor,
                        #example,
                        &[#(#rows),*],
                    )
                    .await;
                }
            })
        })
    });
    quote! {
        use super::support;

        #(#tests)*
    }
}

fn collect_cases(service: &Service, model: &str, example: &Value, at: &str, out: &mut Vec<Case>) {
    let Some(ModelKind::Struct(fields)) = service.model(model).map(|m| &m.kind) else {
        return;
    };
    for f in fields {
        let pointer = format!("{at}/{}", f.wire_name);
        field_cases(f, example.get(&f.wire_name), &pointer, out);
        let inner = example.get(&f.wire_name);
        match (&f.ty, inner) {
            (TypeRef::Model(m), Some(v)) => collect_cases(service, m, v, &pointer, out),
            (TypeRef::Array(item), Some(Value::Array(items))) => {
                if let (TypeRef::Model(m), Some(first)) = (item.as_ref(), items.first()) {
                    collect_cases(service, m, first, &format!("{pointer}/0"), out);
                }
            }
            _ => {}
        }
    }
}

/// A string of `n` characters. Two-byte characters prove lengths are
/// counted in characters, not bytes.
fn text(n: u64) -> Value {
    Value::String("é".repeat(n as usize))
}

fn field_cases(f: &Field, example: Option<&Value>, pointer: &str, out: &mut Vec<Case>) {
    let mut case = |value: Value, rule: &'static str, refused: bool| {
        out.push(Case {
            pointer: pointer.to_owned(),
            value,
            rule,
            refused,
        })
    };
    let item = example
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .cloned();
    // Lists are made of the example's first item; a list of models whose
    // example is empty has no item to repeat (a made-up object would break
    // rules other than the count), so its counts are not probed.
    let filler = match (&f.ty, &item) {
        (_, Some(first)) => Some(first.clone()),
        (TypeRef::Array(inner), None) if matches!(inner.as_ref(), TypeRef::Model(_)) => None,
        _ => Some(Value::from("a")),
    };
    let list = |n: u64| filler.clone().map(|v| Value::Array(vec![v; n as usize]));
    let integer = matches!(f.ty, TypeRef::Integer { .. });
    let step = if integer { 1.0 } else { 0.001 };
    let number = |x: f64| {
        if integer {
            Value::from(x as i64)
        } else {
            Value::from(x)
        }
    };
    let mut items = Vec::new();
    for c in &f.constraints {
        match c {
            Constraint::MinLength(n) if *n > 0 => {
                case(text(n - 1), "minLength", true);
                case(text(*n), "minLength", false);
            }
            Constraint::MinLength(_) => case(text(0), "minLength", false),
            Constraint::MaxLength(n) => {
                case(text(*n), "maxLength", false);
                case(text(n + 1), "maxLength", true);
            }
            Constraint::Minimum(x) => {
                case(number(x - step), "minimum", true);
                case(number(*x), "minimum", false);
            }
            Constraint::Maximum(x) => {
                case(number(*x), "maximum", false);
                case(number(x + step), "maximum", true);
            }
            Constraint::MinItems(n) => {
                if let (true, Some(fewer)) = (*n > 0, list(n.saturating_sub(1))) {
                    case(fewer, "minItems", true);
                }
                if let Some(enough) = list(*n) {
                    case(enough, "minItems", false);
                }
            }
            Constraint::MaxItems(n) => {
                if let (Some(most), Some(more)) = (list(*n), list(n + 1)) {
                    case(most, "maxItems", false);
                    case(more, "maxItems", true);
                }
            }
            Constraint::Pattern { rejects, .. } => {
                if let Some(e) = &f.example {
                    case(Value::String(e.clone()), "pattern", false);
                }
                for r in rejects {
                    case(Value::String(r.clone()), "pattern", true);
                }
            }
            Constraint::OneOf(values) => {
                for v in values {
                    case(Value::String(v.clone()), "enum", false);
                }
                case(Value::String("not-a-listed-value".into()), "enum", true);
            }
            Constraint::Each(inner) => {
                // Probe the first item of the example with the item's rules.
                if let (TypeRef::Array(ty), Some(first)) = (&f.ty, &item) {
                    let item_field = Field {
                        ty: ty.as_ref().clone(),
                        constraints: inner.clone(),
                        example: first.as_str().map(str::to_owned),
                        ..f.clone()
                    };
                    items.push((item_field, first.clone()));
                }
            }
        }
    }
    for (item_field, first) in items {
        field_cases(&item_field, Some(&first), &format!("{pointer}/0"), out);
    }
}

/// The fuzz crate's table of every response model, by operation: the
/// `decode_responses` target feeds each input to all of them.
pub fn fuzz_responses(services: &[Service], models_crate: &str) -> TokenStream {
    let krate = &super::models::crate_path(models_crate);
    let rows = services.iter().flat_map(|s| {
        let module = ident(&s.module);
        s.operations.iter().filter_map(move |op| {
            let ty = ident(top_model(&op.success.body)?);
            let name = format!("{} {}", s.module, op.id);
            Some(quote!((#name, crate::decode::<#krate::#module::#ty>)))
        })
    });
    quote! {
        /// Every response model of the spec, by service and operation.
        pub(crate) const RESPONSES: &[(&str, crate::Target)] = &[#(#rows),*];
    }
}

/// The client's test file: every operation called through the client
/// against the emulator with its doc example and a value for every
/// parameter, checking the method, path, query, headers and body the
/// emulator received, and that the documented answer decodes.
pub fn client_wire_tests(services: &[Service], models_crate: &str) -> TokenStream {
    let krate = &super::models::crate_path(models_crate);
    let tests = services.iter().flat_map(|s| {
        let module = ident(&s.module);
        s.operations.iter().filter_map(move |op| {
            // A required value no guess can make: the operation is left out.
            let call = super::examples::example_call(s, op, super::examples::Reader::Test)?;
            let name = format_ident!("{}_{}_on_the_wire", s.module, op.fn_name);
            let method = ident(&op.fn_name);
            let body = match &call.body {
                Some((Some(m), example)) => {
                    let m = ident(m);
                    quote!(serde_json::from_str::<#krate::#module::#m>(#example).unwrap())
                }
                Some((None, example)) => {
                    quote!(serde_json::from_str::<serde_json::Value>(#example).unwrap())
                }
                None => quote!(()),
            };
            let setters = call.setter_tokens(body);
            let sent = call
                .body
                .as_ref()
                .map_or_else(|| "null".to_owned(), |(_, example)| example.clone());
            let verb = op.method.as_str();
            let status = op.success.status;
            let path = &call.path;
            let query = call.query.iter().map(|(k, v)| quote!((#k, #v)));
            let headers = call.headers.iter().map(|(k, v)| quote!((#k, #v)));
            Some(quote! {
                #[tokio::test]
                async fn #name() {
                    // The wire, not a workflow: every operation answers its doc example.
                    let emu = hwbackup_emulator::Emulator::builder().stateless(true).start().await.unwrap();
                    let client = super::support::aksk_client(&emu);
                    let answer = client.#module().#method() #setters .send().await;
                    let answer = answer.unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(answer.status, #status);
                    super::wire::check(
                        &emu.calls()[0],
                        #verb,
                        #path,
                        &[#(#query),*],
                        &[#(#headers),*],
                        #sent,
                    );
                }
            })
        })
    });
    quote!(#(#tests)*)
}
