//! OpenAPI (parsed by `openapiv3`, one piece at a time) -> IR.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind, StatusCode,
    Type,
};
use serde_json::Value;

use super::naming::{pascal_case, snake_case};
use super::*;
use crate::load::{piece, Outline, Pointer, SpecError, SpecErrors, SpecFile};

/// Builds the IR of one service from a spec file.
///
/// The spec is parsed piece by piece (see [`Outline`]): each component
/// schema and path item is parsed with `openapiv3`, turned into IR, and
/// dropped, so memory holds the IR and one piece, not the whole document.
pub fn build_service(spec: &SpecFile) -> Result<Service, SpecErrors> {
    let outline = Outline::parse(&spec.path, &spec.text).map_err(|e| SpecErrors(vec![e]))?;
    let mut b = Builder {
        spec,
        models: IndexMap::new(),
        errors: Vec::new(),
    };
    let schemas = outline.components.iter().flat_map(|c| c.schemas.iter());
    for (name, raw) in schemas {
        let at = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        match piece::<ReferenceOr<Schema>>(&spec.path, raw, &at) {
            Ok(ReferenceOr::Item(schema)) => b.model_from_schema(name, &schema, &at),
            Ok(ReferenceOr::Reference { .. }) => b.error(
                &at,
                "a component schema that is only a $ref is not supported",
            ),
            Err(e) => b.errors.push(e),
        }
    }
    let mut operations = Vec::new();
    for (template, raw) in &outline.paths {
        let at = Pointer::root().join("paths").join(template);
        let item = match piece::<ReferenceOr<PathItem>>(&spec.path, raw, &at) {
            Ok(ReferenceOr::Item(item)) => item,
            Ok(ReferenceOr::Reference { .. }) => {
                b.error(&at, "path items given as $ref are not supported");
                continue;
            }
            Err(e) => {
                b.errors.push(e);
                continue;
            }
        };
        for (method, op) in item.iter() {
            if let Some(op) = b.operation(template, method, op, &at.join(method)) {
                operations.push(op);
            }
        }
    }
    if !b.errors.is_empty() {
        return Err(SpecErrors(b.errors));
    }
    let mut models: Vec<Model> = b.models.into_values().collect();
    let index = super::index_of(&models);
    mark_roles(&mut models, &index, &operations);
    let mut regions: Vec<(String, String)> = outline
        .regions
        .map(|r| r.endpoints.into_iter().collect())
        .unwrap_or_default();
    regions.sort();
    let info = outline.info;
    let module = match ext_str(&info.extensions, "x-service") {
        Some(m) if !m.is_empty() => m,
        _ => snake_case(&info.title),
    };
    Ok(Service {
        module,
        title: info.title,
        description: info.description.unwrap_or_default(),
        spec_path: spec.path.clone(),
        spec_sha256: spec.sha256.clone(),
        server_template: outline
            .servers
            .first()
            .map(|s| s.url.clone())
            .unwrap_or_default(),
        regions,
        operations,
        models,
        index,
    })
}

struct Builder<'a> {
    spec: &'a SpecFile,
    models: IndexMap<String, Model>,
    errors: Vec<SpecError>,
}

fn ext_str(ext: &IndexMap<String, Value>, key: &str) -> Option<String> {
    ext.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn ref_name(reference: &str) -> String {
    reference.rsplit('/').next().unwrap_or(reference).to_owned()
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Builder<'_> {
    fn error(&mut self, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError {
            file: self.spec.path.clone(),
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    /// Registers a named model for a schema that is an object or a string enum.
    fn model_from_schema(&mut self, name: &str, schema: &Schema, at: &Pointer) {
        let data = &schema.schema_data;
        let mut model = Model {
            name: name.to_owned(),
            doc: data.description.clone().unwrap_or_default(),
            source: ext_str(&data.extensions, "x-source").unwrap_or_default(),
            note: ext_str(&data.extensions, "x-note"),
            in_request: false,
            in_response: false,
            aliases: Vec::new(),
            kind: ModelKind::Struct(Vec::new()),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                // Insert first so that nested models come after their parent.
                self.models.insert(name.to_owned(), model.clone());
                let fields = obj
                    .properties
                    .iter()
                    .map(|(prop, s)| {
                        let required = obj.required.iter().any(|r| r == prop);
                        self.field(name, prop, s, required, &at.join("properties").join(prop))
                    })
                    .collect();
                model.kind = ModelKind::Struct(fields);
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                model.kind = ModelKind::Enum(s.enumeration.iter().flatten().cloned().collect());
            }
            _ => {
                self.error(at, "a named schema must be an object or a string enum");
                return;
            }
        }
        self.models.insert(name.to_owned(), model);
    }

    fn field(
        &mut self,
        parent: &str,
        wire: &str,
        schema: &ReferenceOr<Box<Schema>>,
        required: bool,
        at: &Pointer,
    ) -> Field {
        let hint = format!("{parent}{}", pascal_case(wire));
        let (ty, constraints) = self.type_of(schema, &hint, at);
        let data = match schema {
            ReferenceOr::Item(s) => Some(&s.schema_data),
            ReferenceOr::Reference { .. } => None,
        };
        let ext = |k| data.and_then(|d| ext_str(&d.extensions, k));
        Field {
            wire_name: wire.to_owned(),
            rust_name: snake_case(wire),
            ty,
            required,
            doc: data.and_then(|d| d.description.clone()).unwrap_or_default(),
            source: ext("x-source").unwrap_or_default(),
            note: ext("x-note"),
            default: data.and_then(|d| d.default.as_ref()).map(json_text),
            example: data.and_then(|d| d.example.as_ref()).map(json_text),
            constraints,
        }
    }

    /// The type of a schema and the constraints it states. Inline objects
    /// and enums become models named by `hint`.
    fn type_of(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &Pointer,
    ) -> (TypeRef, Vec<Constraint>) {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                return (TypeRef::Model(ref_name(reference)), vec![])
            }
            ReferenceOr::Item(s) => s,
        };
        let mut c = Vec::new();
        let ty = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
                ReferenceOr::Reference { reference } => TypeRef::Model(ref_name(reference)),
                ReferenceOr::Item(inner) => {
                    return self.type_of(&ReferenceOr::Item(Box::new(inner.clone())), hint, at)
                }
            },
            SchemaKind::Type(Type::String(s)) => {
                c.extend(s.min_length.map(|n| Constraint::MinLength(n as u64)));
                c.extend(s.max_length.map(|n| Constraint::MaxLength(n as u64)));
                if let Some(p) = &s.pattern {
                    let rejects = schema
                        .schema_data
                        .extensions
                        .get("x-pattern-rejects")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default();
                    c.push(Constraint::Pattern {
                        regex: p.clone(),
                        rejects,
                    });
                }
                if s.enumeration.is_empty() {
                    TypeRef::String
                } else {
                    let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                    c.push(Constraint::OneOf(values));
                    self.model_from_schema(hint, schema, at);
                    TypeRef::Model(hint.to_owned())
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                c.extend(i.minimum.map(|n| {
                    Constraint::Minimum(n as f64 + f64::from(u8::from(i.exclusive_minimum)))
                }));
                c.extend(i.maximum.map(|n| {
                    Constraint::Maximum(n as f64 - f64::from(u8::from(i.exclusive_maximum)))
                }));
                let bits = match &i.format {
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => 32,
                    _ => 64,
                };
                TypeRef::Integer { bits }
            }
            SchemaKind::Type(Type::Number(n)) => {
                if n.exclusive_minimum || n.exclusive_maximum {
                    self.error(at, "exclusive bounds on numbers are not supported");
                }
                c.extend(n.minimum.map(Constraint::Minimum));
                c.extend(n.maximum.map(Constraint::Maximum));
                TypeRef::Number
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(a)) => {
                c.extend(a.min_items.map(|n| Constraint::MinItems(n as u64)));
                c.extend(a.max_items.map(|n| Constraint::MaxItems(n as u64)));
                let item = match &a.items {
                    Some(items) => {
                        let (item, rules) =
                            self.type_of(items, &format!("{hint}Item"), &at.join("items"));
                        if !rules.is_empty() {
                            c.push(Constraint::Each(rules));
                        }
                        item
                    }
                    None => TypeRef::Any,
                };
                TypeRef::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(_)) => {
                self.model_from_schema(hint, schema, at);
                TypeRef::Model(hint.to_owned())
            }
            SchemaKind::Any(_) => TypeRef::Any,
            _ => {
                self.error(
                    at,
                    "oneOf, anyOf, not and multi-part allOf are not supported",
                );
                TypeRef::Any
            }
        };
        (ty, c)
    }

    fn operation(
        &mut self,
        template: &str,
        method: &str,
        op: &openapiv3::Operation,
        at: &Pointer,
    ) -> Option<Operation> {
        let Some(id) = op.operation_id.clone() else {
            self.error(at, "operation has no operationId");
            return None;
        };
        let mut params = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let p_at = at.join("parameters").join(i);
            let ReferenceOr::Item(p) = p else {
                self.error(&p_at, "parameters given as $ref are not supported");
                continue;
            };
            let (location, data) = match p {
                Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
                Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
                Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
                Parameter::Cookie { .. } => {
                    self.error(&p_at, "cookie parameters are not supported");
                    continue;
                }
            };
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.error(&p_at, "parameters with `content` are not supported");
                continue;
            };
            let boxed = match schema {
                ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s.clone())),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                    reference: reference.clone(),
                },
            };
            let (ty, constraints) = self.type_of(
                &boxed,
                &format!("{id}{}", pascal_case(&data.name)),
                &p_at.join("schema"),
            );
            if ty != TypeRef::String {
                self.error(&p_at, "only string parameters are supported");
            }
            let default = match schema {
                ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(json_text),
                ReferenceOr::Reference { .. } => None,
            };
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name: snake_case(&data.name),
                location,
                required: data.required,
                doc: data.description.clone().unwrap_or_default(),
                source: ext_str(&data.extensions, "x-source").unwrap_or_default(),
                default,
                example: data.example.as_ref().map(json_text),
                constraints,
            });
        }
        let mut request_examples = Vec::new();
        let body = match &op.request_body {
            Some(ReferenceOr::Item(rb)) => {
                let media = rb.content.get("application/json");
                request_examples = examples_of(media);
                match media.and_then(|m| m.schema.as_ref()) {
                    Some(ReferenceOr::Reference { reference }) => Some(ref_name(reference)),
                    _ => {
                        self.error(
                            &at.join("requestBody"),
                            "the request body must be a $ref to a component schema",
                        );
                        None
                    }
                }
            }
            Some(ReferenceOr::Reference { .. }) => {
                self.error(
                    &at.join("requestBody"),
                    "request bodies given as $ref are not supported",
                );
                None
            }
            None => None,
        };
        let mut responses = Vec::new();
        let mut response_examples = Vec::new();
        for (status, resp) in op.responses.responses.iter() {
            let StatusCode::Code(code) = status else {
                continue;
            };
            let ReferenceOr::Item(resp) = resp else {
                continue;
            };
            let media = resp.content.get("application/json");
            let body = match media.and_then(|m| m.schema.as_ref()) {
                Some(ReferenceOr::Reference { reference }) => Some(ref_name(reference)),
                _ => None,
            };
            let examples = examples_of(media);
            if (200..300).contains(code) && response_examples.is_empty() {
                response_examples = examples.clone();
            }
            responses.push(Response {
                status: *code,
                description: resp.description.clone(),
                body,
                examples,
            });
        }
        let Some(pos) = responses
            .iter()
            .position(|r| (200..300).contains(&r.status))
        else {
            self.error(&at.join("responses"), "operation has no 2xx response");
            return None;
        };
        let success = responses.remove(pos);
        Some(Operation {
            fn_name: snake_case(&id),
            id,
            summary: op.summary.clone().unwrap_or_default(),
            description: op.description.clone().unwrap_or_default(),
            method: method.to_ascii_uppercase(),
            path: template.to_owned(),
            params,
            body,
            success,
            errors: responses,
            source: ext_str(&op.extensions, "x-source").unwrap_or_default(),
            sdk_name: ext_str(&op.extensions, "x-sdk-operation"),
            request_examples,
            response_examples,
        })
    }
}

fn examples_of(media: Option<&openapiv3::MediaType>) -> Vec<(String, String)> {
    media
        .into_iter()
        .flat_map(|m| m.examples.iter())
        .filter_map(|(name, ex)| match ex {
            ReferenceOr::Item(ex) => ex
                .value
                .as_ref()
                .map(|v| (name.clone(), serde_json::to_string(v).unwrap_or_default())),
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}

/// Marks which models are sent (request) and which are received (response),
/// following references from each operation's bodies.
fn mark_roles(models: &mut [Model], index: &HashMap<String, usize>, ops: &[Operation]) {
    let reach = |roots: Vec<&String>| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = roots.into_iter().cloned().collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(m) = index.get(&name).map(|&i| &models[i]) else {
                continue;
            };
            if let ModelKind::Struct(fields) = &m.kind {
                for f in fields {
                    let mut t = &f.ty;
                    while let TypeRef::Array(inner) = t {
                        t = inner;
                    }
                    if let TypeRef::Model(n) = t {
                        stack.push(n.clone());
                    }
                }
            }
        }
        seen
    };
    let requests = reach(ops.iter().filter_map(|o| o.body.as_ref()).collect());
    let responses = reach(
        ops.iter()
            .flat_map(|o| std::iter::once(&o.success).chain(&o.errors))
            .filter_map(|r| r.body.as_ref())
            .collect(),
    );
    // The official SDK's names, from the first operation that sends or
    // returns each model.
    let mut aliases: HashMap<&str, Vec<String>> = HashMap::new();
    let mut seen = BTreeSet::new();
    let sends = ops.iter().map(|o| (o.body.as_deref(), o, "Request"));
    let returns = ops
        .iter()
        .map(|o| (o.success.body.as_deref(), o, "Response"));
    for (name, op, suffix) in sends.chain(returns) {
        let Some(name) = name else { continue };
        if seen.insert((name, suffix)) {
            let names = op.sdk_name.iter().map(|s| format!("{s}{suffix}"));
            aliases.entry(name).or_default().extend(names);
        }
    }
    for m in models.iter_mut() {
        m.in_request = requests.contains(&m.name);
        m.in_response = responses.contains(&m.name);
        if let Some(names) = aliases.remove(m.name.as_str()) {
            m.aliases.extend(names);
        }
    }
}
