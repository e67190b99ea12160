//! A synthetic spec of any size, in this project's style, for benchmarks.
//!
//! Each operation has two path parameters (one constrained), a request body
//! of eight constrained fields plus a nested object and an array of
//! objects, a doc example, and a response with an open enum and an array.

use serde_json::{json, Map, Value};

fn src() -> Value {
    json!("synthetic")
}

fn with_src(mut v: Value) -> Value {
    v["x-source"] = src();
    v
}

pub fn spec(operations: usize) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..operations {
        let req = format!("Op{i}Req");
        let item = format!("Op{i}Item");
        let resp = format!("Op{i}Resp");
        schemas.insert(req.clone(), json!({
            "type": "object", "description": format!("Request of operation {i}."), "x-source": src(),
            "required": ["name", "count", "kind", "items"],
            "properties": {
                "name": with_src(json!({"type": "string", "description": "Name.", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z][A-Za-z0-9_-]*$", "example": "name-1", "x-pattern-rejects": ["1x"]})),
                "description": with_src(json!({"type": "string", "maxLength": 255, "pattern": "^[^\\r\\n<>]*$"})),
                "count": with_src(json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 100})),
                "ratio": with_src(json!({"type": "number", "minimum": 0, "maximum": 1})),
                "kind": with_src(json!({"type": "string", "enum": ["small", "medium", "large"]})),
                "tags": with_src(json!({"type": "array", "maxItems": 10, "items": {"type": "string"}})),
                "enabled": with_src(json!({"type": "boolean", "default": false})),
                "size": with_src(json!({"type": "integer", "format": "int64", "minimum": 0})),
                "nested": with_src(json!({"type": "object", "required": ["a"], "properties": {
                    "a": with_src(json!({"type": "string", "maxLength": 10})),
                    "b": with_src(json!({"type": "integer"}))
                }})),
                "items": with_src(json!({"type": "array", "minItems": 1, "maxItems": 5, "items": {"$ref": format!("#/components/schemas/{item}")}}))
            }
        }));
        schemas.insert(
            item.clone(),
            json!({
                "type": "object", "x-source": src(), "required": ["id"],
                "properties": {
                    "id": with_src(json!({"type": "string", "minLength": 1, "maxLength": 36})),
                    "weight": with_src(json!({"type": "integer", "minimum": 0, "maximum": 1000}))
                }
            }),
        );
        schemas.insert(resp.clone(), json!({
            "type": "object", "x-source": src(),
            "properties": {
                "id": with_src(json!({"type": "string"})),
                "status": with_src(json!({"type": "string", "enum": ["creating", "available", "error"]})),
                "items": with_src(json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}}))
            }
        }));
        paths.insert(format!("/v1/{{project_id}}/things{i}/{{thing_id}}/action"), json!({
            "post": {
                "operationId": format!("DoThing{i}"), "summary": format!("Operation {i}"), "x-source": src(),
                "parameters": [
                    {"name": "project_id", "in": "path", "required": true, "x-source": src(),
                     "schema": {"type": "string", "minLength": 32, "maxLength": 32, "pattern": "^[A-Za-z0-9]*$"}},
                    {"name": "thing_id", "in": "path", "required": true, "x-source": src(), "schema": {"type": "string"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{req}")},
                    "examples": {"example": {"value": {"name": "name-1", "count": 3, "kind": "small", "items": [{"id": "a"}], "nested": {"a": "x"}}}}
                }}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{resp}")}
                }}}}
            }
        }));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "x-service": "synthetic"},
        "servers": [{"url": "https://synthetic.{region}.example.com", "variables": {"region": {"default": "r1"}}}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}
