//! A synthetic spec of any size, in this project's style, for benchmarks.
//!
//! Operations come in fours, as a cloud's API mixes them: a POST with two
//! path parameters (one constrained), a request body of eight constrained
//! fields plus a nested object and an array of objects, and a doc example;
//! a GET listing with typed query parameters (integers with ranges, a
//! string, an enum, a repeated array); a PUT of the same body; a DELETE
//! answering 204. Each answer has an open enum and an array.

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
        let path_params = json!([
            {"name": "project_id", "in": "path", "required": true, "x-source": src(),
             "schema": {"type": "string", "minLength": 32, "maxLength": 32, "pattern": "^[A-Za-z0-9]*$"}},
            {"name": "thing_id", "in": "path", "required": true, "x-source": src(), "schema": {"type": "string"}}
        ]);
        let body = json!({"required": true, "content": {"application/json": {
            "schema": {"$ref": format!("#/components/schemas/{req}")},
            "examples": {"example": {"value": {"name": "name-1", "count": 3, "kind": "small", "items": [{"id": "a"}], "nested": {"a": "x"}}}}
        }}});
        let answer = json!({"200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": format!("#/components/schemas/{resp}")}
        }}}});
        let (path, method, mut op) = match i % 4 {
            0 => (
                format!("/v1/{{project_id}}/things{i}/{{thing_id}}/action"),
                "post",
                json!({
                    "parameters": path_params, "requestBody": body, "responses": answer
                }),
            ),
            1 => (
                format!("/v1/{{project_id}}/things{i}"),
                "get",
                json!({
                    "parameters": [
                        path_params[0].clone(),
                        {"name": "limit", "in": "query", "x-source": src(), "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000}},
                        {"name": "offset", "in": "query", "x-source": src(), "schema": {"type": "integer", "format": "int32", "minimum": 0}},
                        {"name": "name", "in": "query", "x-source": src(), "schema": {"type": "string", "maxLength": 64}},
                        {"name": "status", "in": "query", "x-source": src(), "schema": {"type": "string", "enum": ["creating", "available", "error"]}},
                        {"name": "tag", "in": "query", "x-source": src(), "schema": {"type": "array", "items": {"type": "string"}}}
                    ],
                    "responses": answer
                }),
            ),
            2 => (
                format!("/v1/{{project_id}}/things{i}/{{thing_id}}"),
                "put",
                json!({
                    "parameters": path_params, "requestBody": body, "responses": answer
                }),
            ),
            _ => (
                format!("/v1/{{project_id}}/things{i}/{{thing_id}}"),
                "delete",
                json!({
                    "parameters": path_params, "responses": {"204": {"description": "Deleted"}}
                }),
            ),
        };
        op["operationId"] = json!(format!("DoThing{i}"));
        op["summary"] = json!(format!("Operation {i}"));
        op["x-source"] = src();
        paths.insert(path, json!({ method: op }));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "x-service": "synthetic"},
        "servers": [{"url": "https://synthetic.{region}.example.com", "variables": {"region": {"default": "r1"}}}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}
