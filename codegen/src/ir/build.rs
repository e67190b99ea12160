//! OpenAPI (parsed by `openapiv3`, one piece at a time) -> IR.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind, StatusCode,
    Type,
};
use serde_json::Value;

use super::naming::{pascal_case, snake_case, variant_name};
use super::*;
use crate::load::{piece, Components, Outline, Pointer, SpecError, SpecErrors, SpecFile};

/// Builds the IR of one service from a spec file.
///
/// The spec is parsed piece by piece (see [`Outline`]): each component
/// schema and path item is parsed with `openapiv3`, turned into IR, and
/// dropped, so memory holds the IR and one piece, not the whole document.
pub fn build_service(spec: &SpecFile) -> Result<Service, SpecErrors> {
    let outline = Outline::parse(&spec.path, &spec.text).map_err(|e| SpecErrors(vec![e]))?;
    let mut b = Builder {
        spec,
        components: outline.components.as_ref(),
        aliases: HashMap::new(),
        resolving: BTreeSet::new(),
        models: IndexMap::new(),
        origins: HashMap::new(),
        errors: Vec::new(),
    };
    let schemas = outline.components.iter().flat_map(|c| c.schemas.iter());
    for (name, raw) in schemas {
        let at = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        match piece::<ReferenceOr<Schema>>(&spec.path, raw, &at) {
            Ok(ReferenceOr::Item(schema)) if is_model(&schema) => {
                b.model_from_schema(name, &schema, &at)
            }
            // Maps, free-form objects, scalars, arrays and plain `$ref`s
            // are not models: a `$ref` to one stands for its type.
            Ok(_) => {
                b.alias(name);
            }
            Err(e) => b.errors.push(e),
        }
    }
    let mut operations = Vec::new();
    let mut facts = Vec::new();
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
            let shared = &item.parameters;
            if let Some(built) = b.operation(template, method, shared, op, &at.join(method)) {
                let ext = |k: &str| op.extensions.get(k).cloned();
                facts.push((at.join(method), ext("x-pagination"), ext("x-waiter")));
                operations.push(built);
            }
        }
    }
    if !b.errors.is_empty() {
        return Err(SpecErrors(b.errors));
    }
    let mut models: Vec<Model> = b.models.into_values().collect();
    let index = super::index_of(&models);
    box_cycles(&mut models, &index);
    for op in &mut operations {
        op.sensitive_fields = sensitive_fields(op, &models, &index);
    }
    let mut errors = Vec::new();
    for (op, (at, pagination, waiter)) in operations.iter_mut().zip(facts) {
        let lookup = |name: &str| index.get(name).map(|&i| &models[i]);
        let mut fail = |pointer: Pointer, message: String| {
            errors.push(SpecError {
                file: spec.path.clone(),
                pointer: pointer.to_string(),
                message,
            })
        };
        if let Some(p) = pagination {
            match super::facts::pagination(op, &p, lookup) {
                Ok(p) => op.pagination = Some(p),
                Err(e) => fail(at.join("x-pagination"), e),
            }
        }
        if let Some(w) = waiter {
            match super::facts::waiter(op, &w, lookup) {
                Ok(w) => op.waiter = Some(w),
                Err(e) => fail(at.join("x-waiter"), e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
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
        sdk_title: ext_str(&info.extensions, "x-sdk-title"),
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
        page_titles: super::titles_of(&operations),
        operations,
        models,
        index,
    })
}

struct Builder<'a> {
    spec: &'a SpecFile,
    components: Option<&'a Components<'a>>,
    /// Component schemas that are not models (maps, free-form objects,
    /// scalars, arrays): what a `$ref` to each stands for.
    aliases: HashMap<String, (TypeRef, Vec<Constraint>)>,
    /// Aliases being resolved, to stop a cycle of them.
    resolving: BTreeSet<String>,
    models: IndexMap<String, Model>,
    /// Where each model was defined, to name both places of a collision.
    origins: HashMap<String, String>,
    errors: Vec<SpecError>,
}

/// The media types read as JSON.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether a schema becomes a generated type of its own: an object with
/// properties (or closed to them) or a string enum.
fn is_model(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(obj)) => {
            !obj.properties.is_empty()
                || matches!(
                    obj.additional_properties,
                    Some(openapiv3::AdditionalProperties::Any(false))
                )
        }
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        _ => false,
    }
}

fn boxed(schema: &ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s.clone())),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

fn ext_str(ext: &IndexMap<String, Value>, key: &str) -> Option<String> {
    ext.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Builder<'_> {
    /// What a `$ref` to the component schema `name` stands for: its model,
    /// or the type of a component that is not a model (worked out once).
    fn reference(&mut self, reference: &str, at: &Pointer) -> (TypeRef, Vec<Constraint>) {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            self.error(
                at,
                format!("{reference:?} does not name a component schema"),
            );
            return (TypeRef::Any, Vec::new());
        };
        if self.models.contains_key(name) {
            return (TypeRef::Model(name.to_owned()), Vec::new());
        }
        self.alias(name)
    }

    /// The type a non-model component schema stands for; a model's name
    /// for a model, which its own pass over the components defines.
    fn alias(&mut self, name: &str) -> (TypeRef, Vec<Constraint>) {
        if let Some(known) = self.aliases.get(name) {
            return known.clone();
        }
        let at = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        let Some(raw) = self.components.and_then(|c| c.schemas.get(name)).copied() else {
            self.error(&at, "no such component schema");
            return (TypeRef::Any, Vec::new());
        };
        let schema = match piece::<ReferenceOr<Schema>>(&self.spec.path, raw, &at) {
            Ok(s) => s,
            Err(e) => {
                self.errors.push(e);
                return (TypeRef::Any, Vec::new());
            }
        };
        if let ReferenceOr::Item(s) = &schema {
            if is_model(s) {
                let model = (TypeRef::Model(name.to_owned()), Vec::new());
                self.aliases.insert(name.to_owned(), model.clone());
                return model;
            }
        }
        if !self.resolving.insert(name.to_owned()) {
            self.error(&at, "this schema is a $ref to itself, through others");
            return (TypeRef::Any, Vec::new());
        }
        let resolved = self.type_of(&boxed(&schema), name, &at);
        self.resolving.remove(name);
        self.aliases.insert(name.to_owned(), resolved.clone());
        resolved
    }

    fn error(&mut self, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError {
            file: self.spec.path.clone(),
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    /// Registers a named model for a schema that is an object or a string enum.
    fn model_from_schema(&mut self, name: &str, schema: &Schema, at: &Pointer) {
        let here = at.to_string();
        match self.origins.get(name) {
            Some(first) if *first != here => {
                let message = format!(
                    "two schemas would both be the model {name}: this one and {first}; \
                     rename one (an overlay rename, or a title)"
                );
                self.error(at, message);
                return;
            }
            Some(_) => {}
            None => {
                self.origins.insert(name.to_owned(), here);
            }
        }
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
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let mut seen: HashMap<String, &str> = HashMap::new();
                for v in &values {
                    let variant = variant_name(v);
                    if variant == "Unknown" {
                        self.error(at, format!("enum value {v:?} would be the variant `Unknown`, which holds values the spec does not list"));
                    } else if let Some(other) = seen.insert(variant.clone(), v) {
                        self.error(at, format!("enum values {other:?} and {v:?} both become the variant `{variant}`"));
                    }
                }
                model.kind = ModelKind::Enum(values);
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
            boxed: false,
            sensitive: data
                .and_then(|d| d.extensions.get("x-sensitive"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
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
            ReferenceOr::Reference { reference } => return self.reference(reference, at),
            ReferenceOr::Item(s) => s,
        };
        let mut c = Vec::new();
        let ty = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                return self.type_of(&boxed(&all_of[0]), hint, &at.join("allOf").join(0));
            }
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
            SchemaKind::Type(Type::Object(obj)) if obj.properties.is_empty() => {
                use openapiv3::AdditionalProperties as Extra;
                match &obj.additional_properties {
                    Some(Extra::Schema(values)) => {
                        let (value, rules) = self.type_of(
                            &boxed(values),
                            &format!("{hint}Value"),
                            &at.join("additionalProperties"),
                        );
                        if !rules.is_empty() {
                            self.error(
                                at,
                                "rules on the values of a map (additionalProperties) are not supported",
                            );
                        }
                        TypeRef::Map(Box::new(value))
                    }
                    // `{type: object}` alone, or with `additionalProperties: true`: any object.
                    Some(Extra::Any(true)) | None => TypeRef::Any,
                    Some(Extra::Any(false)) => {
                        self.model_from_schema(hint, schema, at);
                        TypeRef::Model(hint.to_owned())
                    }
                }
            }
            SchemaKind::Type(Type::Object(obj)) => {
                if matches!(
                    obj.additional_properties,
                    Some(openapiv3::AdditionalProperties::Schema(_))
                ) {
                    self.error(
                        at,
                        "an object with both properties and additionalProperties is not supported",
                    );
                }
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

    /// A shared piece named by `$ref` (`#/components/<kind>/<name>`), parsed.
    fn shared<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: &str,
        reference: &str,
        at: &Pointer,
    ) -> Option<T> {
        let prefix = format!("#/components/{kind}/");
        let found = reference.strip_prefix(&prefix).and_then(|name| {
            let c = self.components?;
            let pieces = match kind {
                "parameters" => &c.parameters,
                "responses" => &c.responses,
                _ => &c.request_bodies,
            };
            Some((name, *pieces.get(name)?))
        });
        let Some((name, raw)) = found else {
            self.error(
                at,
                format!("{reference:?} does not name one of components/{kind}"),
            );
            return None;
        };
        let target = Pointer::root().join("components").join(kind).join(name);
        match piece::<ReferenceOr<T>>(&self.spec.path, raw, &target) {
            Ok(ReferenceOr::Item(item)) => Some(item),
            Ok(ReferenceOr::Reference { .. }) => {
                self.error(&target, "a $ref to a $ref is not supported here");
                None
            }
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn param(&mut self, op_id: &str, p: &ReferenceOr<Parameter>, at: &Pointer) -> Option<Param> {
        let p = match p {
            ReferenceOr::Item(p) => p.clone(),
            ReferenceOr::Reference { reference } => self.shared("parameters", reference, at)?,
        };
        let (location, data, style) = match &p {
            Parameter::Path { parameter_data, .. } => {
                (ParamLocation::Path, parameter_data, ArrayStyle::CommaJoined)
            }
            Parameter::Header { parameter_data, .. } => (
                ParamLocation::Header,
                parameter_data,
                ArrayStyle::CommaJoined,
            ),
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => {
                if !matches!(style, openapiv3::QueryStyle::Form) {
                    self.error(at, "only the form style of query parameters is supported");
                }
                // Form style explodes arrays unless told otherwise.
                let style = match parameter_data.explode {
                    Some(false) => ArrayStyle::CommaJoined,
                    _ => ArrayStyle::Repeated,
                };
                (ParamLocation::Query, parameter_data, style)
            }
            Parameter::Cookie { .. } => {
                self.error(at, "cookie parameters are not supported");
                return None;
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            self.error(at, "parameters with `content` are not supported");
            return None;
        };
        let hint = format!("{op_id}{}", pascal_case(&data.name));
        let (ty, constraints) = self.type_of(&boxed(schema), &hint, &at.join("schema"));
        let scalar = |t: &TypeRef, b: &Self| match t {
            TypeRef::String | TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean => true,
            TypeRef::Model(n) => {
                matches!(b.models.get(n).map(|m| &m.kind), Some(ModelKind::Enum(_)))
            }
            _ => false,
        };
        let fits = match &ty {
            TypeRef::Array(item) => location != ParamLocation::Path && scalar(item, self),
            t => scalar(t, self),
        };
        if !fits {
            self.error(
                at,
                format!(
                    "a {} parameter of this type is not supported: parameters are strings, \
                     numbers, booleans, string enums, or arrays of those outside the path",
                    match location {
                        ParamLocation::Path => "path",
                        ParamLocation::Header => "header",
                        ParamLocation::Query => "query",
                    }
                ),
            );
            return None;
        }
        let default = match schema {
            ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(json_text),
            ReferenceOr::Reference { .. } => None,
        };
        Some(Param {
            wire_name: data.name.clone(),
            rust_name: snake_case(&data.name),
            location,
            ty,
            style,
            required: data.required || location == ParamLocation::Path,
            doc: data.description.clone().unwrap_or_default(),
            source: ext_str(&data.extensions, "x-source").unwrap_or_default(),
            default,
            example: data.example.as_ref().map(json_text),
            constraints,
            sensitive: data
                .extensions
                .get("x-sensitive")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }

    /// The JSON body of a request or response, if it has one: `None` for
    /// no content. Any media type but JSON is an error.
    fn payload(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        hint: &str,
        at: &Pointer,
    ) -> (Option<TypeRef>, Vec<(String, String)>) {
        let Some((media_type, media)) = content.iter().find(|(m, _)| is_json(m)) else {
            if let Some(other) = content.keys().next() {
                self.error(
                    &at.join("content").join(other),
                    format!("only JSON bodies are supported, not {other}"),
                );
            }
            return (None, Vec::new());
        };
        let at = at.join("content").join(media_type).join("schema");
        let ty = match &media.schema {
            Some(schema) => self.type_of(&boxed(schema), hint, &at).0,
            None => TypeRef::Any,
        };
        (Some(ty), examples_of(Some(media)))
    }

    fn operation(
        &mut self,
        template: &str,
        method: &str,
        shared_params: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        at: &Pointer,
    ) -> Option<Operation> {
        let Some(id) = op.operation_id.clone() else {
            self.error(at, "operation has no operationId");
            return None;
        };
        let Some(http_method) = Method::parse(method) else {
            self.error(at, format!("the method {method:?} is not supported"));
            return None;
        };
        let mut params: Vec<Param> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            if let Some(p) = self.param(&id, p, &at.join("parameters").join(i)) {
                params.push(p);
            }
        }
        // The path item's own parameters apply unless the operation redefines them.
        let item_at = at.parent().join("parameters");
        for (i, p) in shared_params.iter().enumerate() {
            if let Some(p) = self.param(&id, p, &item_at.join(i)) {
                let redefined = params
                    .iter()
                    .any(|q| q.wire_name == p.wire_name && q.location == p.location);
                if !redefined {
                    params.push(p);
                }
            }
        }
        let mut seen = BTreeSet::new();
        for p in &params {
            if !seen.insert(p.rust_name.clone()) {
                self.error(
                    at,
                    format!(
                        "two parameters would both be the setter {}; rename one",
                        p.rust_name
                    ),
                );
            }
        }
        let mut request_examples = Vec::new();
        let mut body_required = false;
        let body = match &op.request_body {
            Some(rb) => {
                let rb_at = at.join("requestBody");
                let rb = match rb {
                    ReferenceOr::Item(rb) => Some(rb.clone()),
                    ReferenceOr::Reference { reference } => {
                        self.shared::<openapiv3::RequestBody>("requestBodies", reference, &rb_at)
                    }
                };
                let (ty, examples) = match &rb {
                    Some(rb) => self.payload(&rb.content, &format!("{id}RequestBody"), &rb_at),
                    None => (None, Vec::new()),
                };
                request_examples = examples;
                body_required = rb.as_ref().is_some_and(|rb| rb.required);
                match ty {
                    Some(TypeRef::Model(n))
                        if matches!(
                            self.models.get(&n).map(|m| &m.kind),
                            Some(ModelKind::Struct(_))
                        ) =>
                    {
                        Some(TypeRef::Model(n))
                    }
                    Some(TypeRef::Any) => Some(TypeRef::Any),
                    None => None,
                    Some(_) => {
                        self.error(
                            &rb_at,
                            "a request body must be an object (a model) or free-form JSON",
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let mut responses = Vec::new();
        let mut response_examples = Vec::new();
        for (status, resp) in op.responses.responses.iter() {
            let StatusCode::Code(code) = status else {
                continue;
            };
            let r_at = at.join("responses").join(code);
            let resp = match resp {
                ReferenceOr::Item(r) => r.clone(),
                ReferenceOr::Reference { reference } => {
                    match self.shared::<openapiv3::Response>("responses", reference, &r_at) {
                        Some(r) => r,
                        None => continue,
                    }
                }
            };
            let success = (200..400).contains(code);
            // Error bodies are read by the runtime's one error type; a
            // documented model of one is still generated, for servers.
            let (body, examples) = if success {
                self.payload(&resp.content, &format!("{id}Response"), &r_at)
            } else {
                let media = resp
                    .content
                    .iter()
                    .find(|(m, _)| is_json(m))
                    .map(|(_, m)| m);
                let body = match media.and_then(|m| m.schema.as_ref()) {
                    Some(ReferenceOr::Reference { reference }) => {
                        Some(self.reference(reference, &r_at).0)
                    }
                    _ => None,
                };
                (body, examples_of(media))
            };
            responses.push(Response {
                status: *code,
                description: resp.description.clone(),
                body,
                examples,
            });
        }
        // Success is the first 2xx; an operation that only redirects (the
        // API version lists answer 300) succeeds with its 3xx.
        let pos = responses
            .iter()
            .position(|r| (200..300).contains(&r.status))
            .or_else(|| {
                responses
                    .iter()
                    .position(|r| (300..400).contains(&r.status))
            });
        let Some(pos) = pos else {
            self.error(
                &at.join("responses"),
                "operation has no 2xx or 3xx response",
            );
            return None;
        };
        let success = responses.remove(pos);
        if response_examples.is_empty() {
            response_examples = success.examples.clone();
        }
        Some(Operation {
            fn_name: snake_case(&id),
            id,
            summary: op.summary.clone().unwrap_or_default(),
            description: op.description.clone().unwrap_or_default(),
            method: http_method,
            path: template.to_owned(),
            params,
            body,
            body_required,
            success,
            errors: responses,
            source: ext_str(&op.extensions, "x-source").unwrap_or_default(),
            sdk_name: ext_str(&op.extensions, "x-sdk-operation"),
            in_sdk: op.extensions.get("x-sdk-operation") != Some(&Value::Bool(false)),
            request_examples,
            response_examples,
            pagination: None,
            waiter: None,
            sensitive_fields: Vec::new(),
            starts_jobs: op
                .extensions
                .get("x-starts-job")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            not_found: op.extensions.get("x-not-found").and_then(|v| {
                Some((
                    u16::try_from(v.get("status")?.as_u64()?).ok()?,
                    v.get("code")?.as_str()?.to_owned(),
                    v.get("message")?.as_str()?.to_owned(),
                ))
            }),
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
/// The names of the models reachable from `roots` through struct fields
/// (through arrays and maps alike), the roots included.
fn reachable<'m>(
    models: &'m [Model],
    index: &HashMap<String, usize>,
    roots: impl IntoIterator<Item = &'m str>,
) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(name) else { continue };
        let m = &models[i];
        if !seen.insert(m.name.as_str()) {
            continue;
        }
        if let ModelKind::Struct(fields) = &m.kind {
            stack.extend(fields.iter().filter_map(|f| f.ty.innermost_model()));
        }
    }
    seen
}

fn mark_roles(models: &mut [Model], index: &HashMap<String, usize>, ops: &[Operation]) {
    let owned =
        |set: BTreeSet<&str>| -> BTreeSet<String> { set.into_iter().map(str::to_owned).collect() };
    let requests = owned(reachable(
        models,
        index,
        ops.iter()
            .filter_map(|o| o.body.as_ref()?.innermost_model()),
    ));
    let responses = owned(reachable(
        models,
        index,
        ops.iter()
            .flat_map(|o| std::iter::once(&o.success).chain(&o.errors))
            .filter_map(|r| r.body.as_ref()?.innermost_model()),
    ));
    // The official SDK's names, from the first operation that sends or
    // returns each model.
    let mut aliases: HashMap<&str, Vec<String>> = HashMap::new();
    let mut seen = BTreeSet::new();
    fn top(t: &Option<TypeRef>) -> Option<&str> {
        t.as_ref().and_then(TypeRef::model_name)
    }
    let sends = ops.iter().map(|o| (top(&o.body), o, "Request"));
    let returns = ops.iter().map(|o| (top(&o.success.body), o, "Response"));
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
            // rustdoc refuses an alias that is the item's own name.
            m.aliases.extend(names.into_iter().filter(|a| *a != m.name));
        }
    }
}

/// Boxes the fields through which a model contains itself (directly or
/// through other models), so that recursive schemas compile. Arrays and
/// maps already hold their items on the heap and need no box.
fn box_cycles(models: &mut [Model], index: &HashMap<String, usize>) {
    // Direct (unboxed) edges between struct models.
    let direct = |m: &Model| -> Vec<usize> {
        match &m.kind {
            ModelKind::Struct(fields) => fields
                .iter()
                .filter_map(|f| index.get(f.ty.model_name()?).copied())
                .collect(),
            ModelKind::Enum(_) => Vec::new(),
        }
    };
    let edges: Vec<Vec<usize>> = models.iter().map(direct).collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if i == to {
                return true;
            }
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&edges[i]);
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (i, m) in models.iter().enumerate() {
        if let ModelKind::Struct(fields) = &m.kind {
            for (j, f) in fields.iter().enumerate() {
                let target = f.ty.model_name().and_then(|n| index.get(n));
                if target.is_some_and(|&t| reaches(t, i)) {
                    to_box.push((i, j));
                }
            }
        }
    }
    for (i, j) in to_box {
        if let ModelKind::Struct(fields) = &mut models[i].kind {
            fields[j].boxed = true;
        }
    }
}

/// The wire names of sensitive fields in the models an operation sends or
/// receives, however deep.
fn sensitive_fields(
    op: &Operation,
    models: &[Model],
    index: &HashMap<String, usize>,
) -> Vec<String> {
    let roots = [&op.body, &op.success.body]
        .into_iter()
        .filter_map(|b| b.as_ref()?.innermost_model());
    let mut names = BTreeSet::new();
    for name in reachable(models, index, roots) {
        if let ModelKind::Struct(fields) = &models[index[name]].kind {
            let secret = fields.iter().filter(|f| f.sensitive);
            names.extend(secret.map(|f| f.wire_name.clone()));
        }
    }
    names.into_iter().collect()
}
