//! Doc comments from the spec's descriptions, limits, examples and sources.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constraint, Field, Service};

/// `#[doc = "..."]` attributes, one per line, so rustdoc and prettyplease
/// render them as `///` lines.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The rules of a field, stated in words.
pub fn describe_constraints(constraints: &[Constraint]) -> Vec<String> {
    let find = |f: fn(&Constraint) -> Option<String>| constraints.iter().find_map(f);
    let mut out = Vec::new();
    let range = |lo: Option<String>, hi: Option<String>, unit: &str| match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => Some(format!("exactly {lo}{unit}")),
        (Some(lo), Some(hi)) => Some(format!("{lo} to {hi}{unit}")),
        (Some(lo), None) => Some(format!("at least {lo}{unit}")),
        (None, Some(hi)) => Some(format!("at most {hi}{unit}")),
        (None, None) => None,
    };
    let len = range(
        find(|c| matches!(c, Constraint::MinLength(n) if *n > 0).then(|| c.limit())),
        find(|c| matches!(c, Constraint::MaxLength(_)).then(|| c.limit())),
        " characters",
    );
    out.extend(len.map(|l| format!("Length: {l}.")));
    let value = range(
        find(|c| matches!(c, Constraint::Minimum(_)).then(|| c.limit())),
        find(|c| matches!(c, Constraint::Maximum(_)).then(|| c.limit())),
        "",
    );
    out.extend(value.map(|v| format!("Value: {v}.")));
    let items = range(
        find(|c| matches!(c, Constraint::MinItems(_)).then(|| c.limit())),
        find(|c| matches!(c, Constraint::MaxItems(_)).then(|| c.limit())),
        " items",
    );
    out.extend(items.map(|i| format!("Items: {i}.")));
    for c in constraints {
        match c {
            Constraint::Pattern { regex, .. } => out.push(format!("Pattern: `{regex}`.")),
            Constraint::Each(inner) => out.push(format!(
                "Each item: {}",
                describe_constraints(inner).join(" ")
            )),
            Constraint::OneOf(values) => out.push(format!(
                "One of: {}.",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => {}
        }
    }
    out
}

impl Constraint {
    fn limit(&self) -> String {
        match self {
            Constraint::MinLength(n)
            | Constraint::MaxLength(n)
            | Constraint::MinItems(n)
            | Constraint::MaxItems(n) => n.to_string(),
            Constraint::Minimum(x) | Constraint::Maximum(x) => x.to_string(),
            Constraint::Pattern { regex, .. } => regex.clone(),
            Constraint::OneOf(v) => v.join(", "),
            Constraint::Each(inner) => describe_constraints(inner).join(" "),
        }
    }
}

/// The full doc text of a field.
pub fn field_doc(f: &Field, required: bool) -> String {
    let mut text = f.doc.trim().to_owned();
    if text.is_empty() {
        text = format!("`{}`", f.wire_name);
    }
    let mut facts = Vec::new();
    if required {
        facts.push("Required.".to_owned());
    }
    facts.extend(describe_constraints(&f.constraints));
    if let Some(d) = &f.default {
        facts.push(format!("Default: `{d}`."));
    }
    if let Some(e) = &f.example {
        facts.push(format!("Example: `{e}`."));
    }
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&facts.join(" "));
    }
    if let Some(n) = &f.note {
        text.push_str(&format!("\n\nNote: {n}"));
    }
    // A field's page and table are its model's, cited there once.
    escape_brackets(&text)
}

/// Where a reader finds what an item documents, in words: the page's
/// title, the reference it belongs to and the table, for `file#anchor`
/// (`otc/cloud-backup-recovery/api-ref/source/cbr_apis/vaults/creating_a_vault.rst#Table 3 CreateVaultReq`
/// -> *Creating a Vault* (Open Telekom Cloud API reference,
/// `cbr_apis/vaults/creating_a_vault.rst`), Table 3 CreateVaultReq).
/// Empty for an item without a source.
pub fn cite(service: &Service, source: &str) -> String {
    let source = source.trim();
    if source.is_empty() {
        return String::new();
    }
    let (file, anchor) = source.split_once('#').unwrap_or((source, ""));
    let page = match file.strip_prefix("otc/") {
        Some(rest) => {
            let page = rest.split_once("/source/").map_or(rest, |(_, page)| page);
            format!("Open Telekom Cloud API reference, `{page}`")
        }
        None if file.ends_with(".txt") => "Huawei Cloud API reference".to_owned(),
        None => format!("`{file}`"),
    };
    let mut text = match service.page_title(source) {
        Some(title) => format!("Documented in *{}* ({page})", escape_brackets(title)),
        None => format!("Documented in {page}"),
    };
    let anchor = anchor.trim();
    if !anchor.is_empty() && anchor != "URI" {
        text.push_str(&format!(", {}", escape_brackets(anchor)));
    }
    text.push('.');
    text
}

/// Escapes Markdown that spec prose does not mean (`[x]` links, `<x>`
/// HTML tags), leaving `code spans` as they are.
pub fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}
