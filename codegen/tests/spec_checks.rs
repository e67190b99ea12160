//! The spec checks: the real specs pass, and each kind of breakage is
//! caught with a message naming the file and the JSON pointer.

use std::path::Path;

use hwbackup_codegen::load::{load_spec, parse_spec};
use serde_json::{json, Value};

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn real_spec(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(spec_dir().join(name)).unwrap()).unwrap()
}

#[test]
fn the_real_specs_pass_every_check() {
    for name in ["cbr.json", "gaussdb-mysql.json"] {
        if let Err(e) = load_spec(&spec_dir().join(name), name) {
            panic!("{e}");
        }
    }
}

/// Breaks `spec` with `edit`, then expects a problem at `pointer` whose
/// message contains `fragment`.
fn expect_problem(file: &str, edit: impl FnOnce(&mut Value), pointer: &str, fragment: &str) {
    let mut doc = real_spec(file);
    edit(&mut doc);
    let errors = hwbackup_codegen::load_service(file, &doc.to_string())
        .expect_err("the broken spec must be refused")
        .0;
    assert!(
        errors
            .iter()
            .any(|e| e.file == file && e.pointer == pointer && e.message.contains(fragment)),
        "no problem at {pointer} mentioning {fragment:?}; got:\n{}",
        errors
            .iter()
            .map(|e| format!("  {e}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the spec"))
}

const REQ_BODY: &str = "/components/schemas/BackupReplicateReqBody";
const GAUSS_REQ: &str = "/components/schemas/MysqlCreateBackupRequest";

#[test]
fn an_undefined_required_name_is_caught() {
    expect_problem(
        "cbr.json",
        |d| {
            at(d, &format!("{REQ_BODY}/required"))
                .as_array_mut()
                .unwrap()
                .push(json!("no_such_field"))
        },
        &format!("{REQ_BODY}/required/3"),
        "\"no_such_field\" is not among the properties",
    );
}

#[test]
fn min_above_max_is_caught() {
    expect_problem(
        "cbr.json",
        |d| *at(d, &format!("{REQ_BODY}/properties/name/minLength")) = json!(65),
        &format!("{REQ_BODY}/properties/name/minLength"),
        "minLength 65 is greater than maxLength 64",
    );
}

#[test]
fn an_unanchored_pattern_is_caught() {
    expect_problem(
        "gaussdb-mysql.json",
        |d| {
            *at(d, &format!("{GAUSS_REQ}/properties/name/pattern")) =
                json!("[A-Za-z][A-Za-z0-9_-]*")
        },
        &format!("{GAUSS_REQ}/properties/name/pattern"),
        "not anchored",
    );
}

#[test]
fn a_pattern_that_differs_between_ecma_and_rust_is_caught() {
    expect_problem(
        "gaussdb-mysql.json",
        |d| *at(d, &format!("{GAUSS_REQ}/properties/instance_id/pattern")) = json!("^\\w*in07$"),
        &format!("{GAUSS_REQ}/properties/instance_id/pattern"),
        "uses \\w",
    );
}

#[test]
fn a_pattern_that_does_not_compile_is_caught() {
    expect_problem(
        "gaussdb-mysql.json",
        |d| *at(d, &format!("{GAUSS_REQ}/properties/name/pattern")) = json!("^[A-Z$"),
        &format!("{GAUSS_REQ}/properties/name/pattern"),
        "does not compile",
    );
}

#[test]
fn a_refused_example_that_matches_is_caught() {
    expect_problem(
        "gaussdb-mysql.json",
        |d| {
            at(d, &format!("{GAUSS_REQ}/properties/name/x-pattern-rejects"))
                .as_array_mut()
                .unwrap()
                .push(json!("fine-name"))
        },
        &format!("{GAUSS_REQ}/properties/name/x-pattern-rejects/4"),
        "matches pattern",
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_caught() {
    let example = "/paths/~1v3~1{project_id}~1backups~1create/post/requestBody/content/application~1json/examples/request/value";
    expect_problem(
        "gaussdb-mysql.json",
        |d| *at(d, &format!("{example}/name")) = json!("1-starts-with-a-digit"),
        example,
        "does not match its schema at \"/name\"",
    );
}

#[test]
fn a_property_example_that_breaks_its_schema_is_caught() {
    expect_problem(
        "cbr.json",
        |d| *at(d, &format!("{REQ_BODY}/properties/name/example")) = json!("x".repeat(65)),
        &format!("{REQ_BODY}/properties/name/example"),
        "does not match its schema",
    );
}

#[test]
fn a_property_without_provenance_is_caught() {
    expect_problem(
        "cbr.json",
        |d| {
            at(d, &format!("{REQ_BODY}/properties/name"))
                .as_object_mut()
                .unwrap()
                .remove("x-source");
        },
        &format!("{REQ_BODY}/properties/name"),
        "has no x-source",
    );
}

#[test]
fn an_operation_without_provenance_is_caught() {
    let op = "/paths/~1v3~1{project_id}~1backups~1sync/post";
    expect_problem(
        "cbr.json",
        |d| {
            at(d, op).as_object_mut().unwrap().remove("x-source");
        },
        op,
        "operation has no x-source",
    );
}

#[test]
fn a_dangling_ref_is_caught() {
    expect_problem(
        "cbr.json",
        |d| {
            *at(
                d,
                "/components/schemas/BackupSyncReq/properties/sync/items/$ref",
            ) = json!("#/components/schemas/Nope")
        },
        "/components/schemas/BackupSyncReq/properties/sync/items/$ref",
        "does not resolve",
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_caught() {
    let op = "/paths/~1v3~1{project_id}~1backups~1sync/post";
    expect_problem(
        "cbr.json",
        |d| *at(d, &format!("{op}/parameters/0/name")) = json!("tenant_id"),
        &format!("{op}/parameters/0"),
        "not in the path template",
    );
}

#[test]
fn a_document_that_is_not_openapi_3_0_is_refused() {
    expect_problem(
        "cbr.json",
        |d| *at(d, "/openapi") = json!("2.0"),
        "/openapi",
        "OpenAPI 3.0.x",
    );
    // Each path item is parsed on its own, so the pointer names the path
    // item (openapiv3 reads its operations through a flattened map, where
    // the parser's path stops); the message names the wrong value.
    expect_problem(
        "cbr.json",
        |d| *at(d, "/paths/~1v3~1{project_id}~1backups~1sync/post/responses") = json!(42),
        "/paths/~1v3~1{project_id}~1backups~1sync",
        "invalid type: integer `42`, expected struct Responses",
    );
}

#[test]
fn rules_on_scalar_array_items_reach_the_ir() {
    use hwbackup_codegen::ir::{Constraint, ModelKind};
    let path = spec_dir().join("../codegen/tests/fixtures/array_of_objects.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    *at(&mut doc, "/components/schemas/Req/properties/tags/items") =
        json!({"type": "string", "maxLength": 4});
    let spec = parse_spec("fixture.json", &doc.to_string()).expect("the spec itself is valid");
    let service = hwbackup_codegen::ir::build_service(&spec).expect("IR");
    let Some(ModelKind::Struct(fields)) = service.model("Req").map(|m| &m.kind) else {
        panic!("no Req model");
    };
    let tags = fields.iter().find(|f| f.wire_name == "tags").unwrap();
    assert!(
        tags.constraints
            .contains(&Constraint::Each(vec![Constraint::MaxLength(4)])),
        "{:?}",
        tags.constraints
    );
}

#[test]
fn two_schemas_claiming_one_model_name_are_an_error_naming_both() {
    // An inline object at BackupReplicateReq.replicate would be the model
    // `BackupReplicateReqReplicate`; a component of that name claims it too.
    expect_problem(
        "cbr.json",
        |d| {
            let schemas = at(d, "/components/schemas").as_object_mut().unwrap();
            schemas.insert(
                "BackupReplicateReqReplicate".into(),
                json!({"type": "object", "properties": {"x": {"type": "string", "x-source": "test"}}, "x-source": "test"}),
            );
            *at(
                d,
                "/components/schemas/BackupReplicateReq/properties/replicate",
            ) = json!({
                "type": "object",
                "properties": {"y": {"type": "string", "x-source": "test"}},
                "x-source": "test"
            });
        },
        // Reported where the second claim is, naming the first.
        "/components/schemas/BackupReplicateReqReplicate",
        "both be the model BackupReplicateReqReplicate: this one and /components/schemas/BackupReplicateReq/properties/replicate",
    );
}

#[test]
fn a_spec_that_does_not_name_its_source_is_not_held_to_provenance() {
    let mut doc = real_spec("gaussdb-mysql.json");
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("x-source");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut doc);
    assert!(hwbackup_codegen::load_service("plain.json", &doc.to_string()).is_ok());
    // Naming its source, it promises one for every item.
    at(&mut doc, "/info")["x-source"] = json!("somewhere");
    let errors = hwbackup_codegen::load_service("plain.json", &doc.to_string()).unwrap_err();
    assert!(errors.to_string().contains("has no x-source"), "{errors}");
}

#[test]
fn enum_values_that_become_one_variant_are_an_error_naming_both() {
    expect_problem(
        "cbr.json",
        |doc| {
            let values = at(
                doc,
                "/components/schemas/BackupSync/properties/resource_type/enum",
            );
            values
                .as_array_mut()
                .unwrap()
                .push(json!("os::vmware::server"));
        },
        "/components/schemas/BackupSync/properties/resource_type",
        r#"enum values "OS::VMware::Server" and "os::vmware::server" both become the variant `OsVmwareServer`"#,
    );
    expect_problem(
        "cbr.json",
        |doc| {
            let values = at(
                doc,
                "/components/schemas/BackupSync/properties/resource_type/enum",
            );
            values.as_array_mut().unwrap().push(json!("unknown"));
        },
        "/components/schemas/BackupSync/properties/resource_type",
        "would be the variant `Unknown`",
    );
}

/// An inline schema whose model name is a component's (here the request
/// body of `DoThing` and a component named `DoThingRequestBody`) is an
/// error naming both places, not a silent overwrite.
#[test]
fn a_model_name_given_twice_names_both_places() {
    let file = "codegen/tests/fixtures/nested_object.json";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(file))
        .unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let body =
        "/paths/~1v1~1{project_id}~1things/post/requestBody/content/application~1json/schema";
    let a = json!({"type": "string", "x-source": "fixture"});
    let b = json!({"type": "integer", "x-source": "fixture"});
    *at(&mut doc, body) = json!({"type": "object", "x-source": "fixture", "properties": {"a": a}});
    at(&mut doc, "/components/schemas")["DoThingRequestBody"] =
        json!({"type": "object", "x-source": "fixture", "properties": {"b": b}});
    let errors = hwbackup_codegen::load_service(file, &doc.to_string())
        .expect_err("two models of one name must be refused")
        .0;
    let message = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        message.contains("two schemas would both be the model DoThingRequestBody")
            && message.contains("/components/schemas/DoThingRequestBody")
            && message.contains("requestBody"),
        "{message}"
    );
}
