//! The imported spec must say at least everything the retired
//! hand-written one said (`tests/retired/`, frozen). This test reads the
//! imported spec (`spec/`, which `cargo xtask check` proves is a fresh
//! import of the pages with their overlays) and compares every operation
//! of the seed pages in the retired spec with it: parameters,
//! request and response bodies field by field (required, type, format,
//! lengths, ranges, item counts, pattern and its refused values, enum,
//! default).
//!
//! The differences must be exactly those listed in
//! `tests/seed_parity.expected` (today: none), each annotated with what
//! will be done about it. A new difference (the importer or the overlay
//! lost something) fails, and so does a fixed one (remove its line).

use std::path::Path;

use hwbackup_codegen::docs::{read_page, Page};
use serde_json::Value;

/// Each service: its seed pages (002, the Open Telekom Cloud page of
/// restore-point replication, stands for 001 too, whose one extra field
/// the overlay merges), its hand-written spec and its imported spec.
const SERVICES: [(&[&str], &str, &str); 2] = [
    (
        &[
            "000_c1adaf59d7e5cee6.txt",
            "002_2a395d310b496990.txt",
            "003_f7717e0f085e289c.txt",
        ],
        "codegen/tests/retired/cbr.json",
        "spec/cbr.json",
    ),
    (
        &["004_3c73be12d856afe6.txt"],
        "codegen/tests/retired/gaussdb-mysql.json",
        "spec/gaussdb-mysql.json",
    ),
];

const KEYWORDS: [&str; 12] = [
    "x-pattern-rejects",
    "type",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "pattern",
    "enum",
    "default",
];

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Follows `$ref`s and one-item `allOf` wrappers.
fn resolve<'a>(doc: &'a Value, mut s: &'a Value) -> Value {
    let mut extra = serde_json::Map::new();
    for _ in 0..20 {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            s = &doc["components"]["schemas"][r.rsplit('/').next().unwrap_or("")];
        } else if let Some([one]) = s.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            for (k, v) in s.as_object().into_iter().flatten() {
                if k != "allOf" {
                    extra.insert(k.clone(), v.clone());
                }
            }
            s = one;
        } else {
            break;
        }
    }
    let mut out = s.clone();
    if let Some(o) = out.as_object_mut() {
        for (k, v) in extra {
            o.entry(k).or_insert(v);
        }
    }
    out
}

fn walk(
    hand: &Value,
    h: &Value,
    imported: &Value,
    i: Option<&Value>,
    at: &str,
    out: &mut Vec<String>,
) {
    let h = resolve(hand, h);
    let Some(i) = i.map(|i| resolve(imported, i)) else {
        out.push(format!("{at}: missing in import"));
        return;
    };
    for k in KEYWORDS {
        let (a, b) = (h.get(k), i.get(k));
        if a != b && !(k == "format" && a.is_none()) {
            out.push(format!("{at}: {k} hand={} import={}", show(a), show(b)));
        }
    }
    if h.get("properties").is_some() {
        let names = |v: &Value| -> Vec<String> {
            let mut n: Vec<String> = v["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect();
            n.sort();
            n
        };
        if names(&h) != names(&i) {
            out.push(format!(
                "{at}: required hand={:?} import={:?}",
                names(&h),
                names(&i)
            ));
        }
        let empty = serde_json::Map::new();
        let hp = h["properties"].as_object().unwrap_or(&empty);
        let ip = i["properties"].as_object().unwrap_or(&empty);
        for (n, p) in hp {
            walk(hand, p, imported, ip.get(n), &format!("{at}.{n}"), out);
        }
        for n in ip.keys().filter(|n| !hp.contains_key(*n)) {
            out.push(format!("{at}.{n}: only in import"));
        }
    }
    if h.get("type").and_then(Value::as_str) == Some("array") {
        walk(
            hand,
            &h["items"],
            imported,
            i.get("items"),
            &format!("{at}[]"),
            out,
        );
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or("none".into(), Value::to_string)
}

fn differences(files: &[&str], spec: &str, imported: &str) -> Vec<String> {
    let pages: Vec<Page> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(root().join("spec/sources").join(f)).unwrap();
            read_page(f, &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let imported: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(imported)).unwrap()).unwrap();
    let hand: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(spec)).unwrap()).unwrap();
    pages
        .iter()
        .flat_map(|p| operation_differences(p, &hand, &imported))
        .collect()
}

fn operation_differences(page: &Page, hand: &Value, imported: &Value) -> Vec<String> {
    let endpoint = page
        .endpoint
        .as_ref()
        .expect("a seed page documents an operation");
    let page = page.file.as_str();
    let method = endpoint.method.to_ascii_lowercase();
    let h = &hand["paths"][&endpoint.path][&method];
    let i = &imported["paths"][&endpoint.path][&method];
    let id = h["operationId"].as_str().unwrap_or("?");
    let mut out = Vec::new();
    let params =
        |op: &Value| -> Vec<Value> { op["parameters"].as_array().cloned().unwrap_or_default() };
    let named = |list: &[Value], n: &str| list.iter().find(|p| p["name"] == n).cloned();
    let (hp, ip) = (params(h), params(i));
    for p in &hp {
        let n = p["name"].as_str().unwrap_or("");
        match named(&ip, n) {
            None => out.push(format!("param {n}: missing in import")),
            Some(q) => {
                if p["required"] != q["required"] {
                    out.push(format!(
                        "param {n}: required hand={} import={}",
                        p["required"], q["required"]
                    ));
                }
                walk(
                    hand,
                    &p["schema"],
                    imported,
                    Some(&q["schema"]),
                    &format!("param {n}"),
                    &mut out,
                );
            }
        }
    }
    for q in &ip {
        let n = q["name"].as_str().unwrap_or("");
        if named(&hp, n).is_none() {
            out.push(format!("param {n}: only in import"));
        }
    }
    let body = |op: &Value| {
        op.pointer("/requestBody/content/application~1json/schema")
            .cloned()
    };
    if let Some(hb) = body(h) {
        walk(hand, &hb, imported, body(i).as_ref(), "body", &mut out);
    }
    for (status, r) in h["responses"].as_object().into_iter().flatten() {
        let Some(hs) = r.pointer("/content/application~1json/schema") else {
            continue;
        };
        let is = i["responses"][status].pointer("/content/application~1json/schema");
        walk(
            hand,
            hs,
            imported,
            is,
            &format!("response {status}"),
            &mut out,
        );
    }
    out.into_iter()
        .map(|d| format!("{page} {id}: {d}"))
        .collect()
}

#[test]
fn the_imported_seed_pages_say_what_the_hand_written_spec_says_but_the_listed_differences() {
    let mut found: Vec<String> = SERVICES
        .iter()
        .flat_map(|(pages, spec, overlay)| differences(pages, spec, overlay))
        .collect();
    found.sort();
    let expected_text = include_str!("seed_parity.expected");
    let mut expected: Vec<String> = expected_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split("  # ").next().unwrap_or(l).trim_end().to_owned())
        .collect();
    expected.sort();
    let new: Vec<&String> = found.iter().filter(|d| !expected.contains(d)).collect();
    let gone: Vec<&String> = expected.iter().filter(|d| !found.contains(d)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "differences not in tests/seed_parity.expected (the importer lost something, or list it with what the overlay does):\n{}\n\nlisted but no longer found (remove the line):\n{}",
        new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
    );
}
