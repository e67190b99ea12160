//! The facts about an operation that OpenAPI has no keyword for, read
//! from this project's extensions and checked against the operation:
//! how a list pages (`x-pagination`) and when shown work is done
//! (`x-waiter`). Both come from the overlay, each with its reason.
//!
//! ```json
//! "x-pagination": {"items": "backups", "offset": "offset", "limit": "limit", "total": "count"}
//! "x-pagination": {"items": "members", "marker": "marker", "key": "id", "limit": "limit"}
//! "x-waiter": {"status": ["operation_log", "status"], "success": ["success"], "failure": ["failed"]}
//! ```

use serde::Deserialize;
use serde_json::Value;

use super::{Model, ModelKind, Operation, PageStyle, Pagination, ParamLocation, TypeRef, WaitRule};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationFact {
    items: String,
    offset: Option<String>,
    marker: Option<String>,
    key: Option<String>,
    limit: Option<String>,
    total: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiterFact {
    status: Vec<String>,
    success: Vec<String>,
    failure: Vec<String>,
    /// The status of work still going, which the emulator shows.
    running: Option<String>,
}

/// A field of a struct model, by wire name.
fn field<'m>(model: &'m Model, wire: &str) -> Option<&'m super::Field> {
    match &model.kind {
        ModelKind::Struct(fields) => fields.iter().find(|f| f.wire_name == wire),
        ModelKind::Enum(_) => None,
    }
}

/// The place of the query parameter `name`, checked to be of a type that pages.
fn query_param(op: &Operation, name: &str, want: &[&str]) -> Result<usize, String> {
    let (i, p) = op
        .params
        .iter()
        .enumerate()
        .find(|(_, p)| p.wire_name == name && p.location == ParamLocation::Query)
        .ok_or_else(|| format!("the operation has no query parameter {name:?}"))?;
    let kind = match p.ty {
        TypeRef::Integer { .. } => "integer",
        TypeRef::String => "string",
        _ => "other",
    };
    if !want.contains(&kind) {
        return Err(format!(
            "{name:?} must be {}, not {kind}",
            want.join(" or ")
        ));
    }
    Ok(i)
}

pub fn pagination<'m>(
    op: &Operation,
    fact: &Value,
    model: impl Fn(&str) -> Option<&'m Model>,
) -> Result<Pagination, String> {
    let fact: PaginationFact = serde_json::from_value(fact.clone()).map_err(|e| e.to_string())?;
    let body = op
        .success
        .body
        .as_ref()
        .and_then(TypeRef::model_name)
        .and_then(&model)
        .ok_or("the success answer is not a model")?;
    let items = field(body, &fact.items)
        .ok_or_else(|| format!("{} has no field {:?}", body.name, fact.items))?;
    let item = match &items.ty {
        TypeRef::Array(inner) => inner.model_name().map(str::to_owned),
        _ => None,
    }
    .ok_or_else(|| format!("{:?} is not a list of models", fact.items))?;
    let style = match (&fact.offset, &fact.marker) {
        (Some(o), None) => PageStyle::Offset {
            offset: query_param(op, o, &["integer"])?,
        },
        (None, Some(m)) => {
            let key = fact
                .key
                .as_deref()
                .ok_or("marker paging needs the item's key field")?;
            let item_model = model(&item).ok_or("no item model")?;
            let key_field = field(item_model, key)
                .filter(|f| f.ty == TypeRef::String)
                .ok_or_else(|| format!("{item} has no string field {key:?}"))?;
            PageStyle::Marker {
                marker: query_param(op, m, &["string"])?,
                key_field: key_field.rust_name.clone(),
            }
        }
        _ => return Err("give exactly one of offset and marker".into()),
    };
    let limit = match &fact.limit {
        Some(l) => Some(query_param(op, l, &["integer"])?),
        None => None,
    };
    let total_field = match &fact.total {
        Some(t) => {
            let f = field(body, t).ok_or_else(|| format!("{} has no field {t:?}", body.name))?;
            let TypeRef::Integer { bits } = f.ty else {
                return Err(format!("the total {t:?} is not an integer"));
            };
            Some((f.rust_name.clone(), bits))
        }
        None => None,
    };
    Ok(Pagination {
        style,
        limit,
        items_field: items.rust_name.clone(),
        item,
        total_field,
    })
}

pub fn waiter<'m>(
    op: &Operation,
    fact: &Value,
    model: impl Fn(&str) -> Option<&'m Model>,
) -> Result<WaitRule, String> {
    let fact: WaiterFact = serde_json::from_value(fact.clone()).map_err(|e| e.to_string())?;
    let mut current = op
        .success
        .body
        .as_ref()
        .and_then(TypeRef::model_name)
        .and_then(&model)
        .ok_or("the success answer is not a model")?;
    let mut path = Vec::new();
    for (i, wire) in fact.status.iter().enumerate() {
        let f = field(current, wire)
            .ok_or_else(|| format!("{} has no field {wire:?}", current.name))?;
        path.push(f.rust_name.clone());
        let last = i + 1 == fact.status.len();
        match (&f.ty, last) {
            (TypeRef::String, true) => {}
            (TypeRef::Model(m), true)
                if matches!(model(m).map(|m| &m.kind), Some(ModelKind::Enum(_))) => {}
            (TypeRef::Model(m), false) => {
                current = model(m).ok_or_else(|| format!("no model {m}"))?;
            }
            _ => return Err(format!("{wire:?} does not lead to a string status")),
        }
    }
    if fact.success.is_empty() {
        return Err("no success status".into());
    }
    Ok(WaitRule {
        status_path: path,
        status_wire: fact.status,
        running: fact.running,
        success: fact.success,
        failure: fact.failure,
    })
}
