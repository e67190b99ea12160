//! What both page readers share: what a table is for by its caption's
//! words, the `METHOD /path` line, and each row's limits.

use super::limits;
use super::model::{Endpoint, Row, TableRole};

/// The methods a `METHOD /path` line may start with.
pub(super) const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// `GET /v3/{project_id}/vaults` (the URI section's line).
pub(super) fn endpoint(text: &str, line: usize) -> Option<Endpoint> {
    let mut words = text.split_whitespace();
    let method = words.next()?;
    let path = words.next()?;
    (METHODS.contains(&method) && path.starts_with('/') && words.next().is_none()).then(|| {
        Endpoint {
            method: method.to_owned(),
            path: path.to_owned(),
            line,
        }
    })
}

/// The role a caption's words name (`Table 2 Query Parameters`), if any;
/// each reader then looks at what else it knows (labels, headers).
pub(super) fn caption_role(caption: Option<&str>) -> Option<TableRole> {
    let c = caption.unwrap_or("").to_ascii_lowercase();
    let has = |w: &str| c.contains(w);
    Some(if has("path parameter") || has("uri parameter") {
        TableRole::PathParameters
    } else if has("query parameter") {
        TableRole::QueryParameters
    } else if has("request header") {
        TableRole::HeaderParameters
    } else if has("request body") {
        TableRole::RequestBody
    } else if has("response header") {
        TableRole::ResponseHeaders
    } else if has("response body") {
        TableRole::ResponseBody
    } else {
        return None;
    })
}

/// Reads each row's limits from its Description cell, where the table has one.
pub(super) fn read_limits(header: &[String], rows: &mut [Row]) {
    let Some(d) = header.iter().position(|h| h == "Description") else {
        return;
    };
    for r in rows {
        if let Some(c) = r.cells.get(d) {
            r.limits = limits::read(&c.text);
        }
    }
}
