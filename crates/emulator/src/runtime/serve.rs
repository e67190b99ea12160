//! One request, from bytes to answer: authenticate, decode, validate,
//! record, then answer (by default or through a test's handler).

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use hwbackup_models::runtime::{Operation, ParamLocation};
use hwbackup_models::Validate;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::auth::{authenticate, query_pairs};
use super::handler::{Call, Reply};
use super::respond::{default_response, new_id};
use super::state::{lock, RecordedCall, Shared};

/// Largest request body accepted.
const BODY_LIMIT: usize = 1 << 20;

/// How one operation is served: its descriptor, the documented example
/// answer, and the error code the service uses for invalid parameters.
#[derive(Debug)]
pub struct Route {
    pub operation: &'static Operation,
    pub example: &'static str,
    /// The documented request example, to tell which request fields were left out.
    pub request_example: &'static str,
    pub invalid_code: &'static str,
    /// The two examples parsed, once per process.
    pub parsed: OnceLock<(Value, Value)>,
}

impl Route {
    fn examples(&self) -> &(Value, Value) {
        self.parsed.get_or_init(|| {
            let parse = |text: &str| serde_json::from_str(text).unwrap_or(Value::Null);
            (parse(self.example), parse(self.request_example))
        })
    }
}

/// Serves one request of `route`, whose body decodes into `B`.
pub async fn serve<B: DeserializeOwned + Validate>(
    state: Shared,
    route: &'static Route,
    path_values: Vec<String>,
    request: Request,
) -> Response {
    let op = route.operation;
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return error(413, "APIGW.0201", "Request body too large or unreadable");
    };
    let project = match authenticate(
        &state,
        parts.method.as_str(),
        &parts.uri,
        &parts.headers,
        &bytes,
    ) {
        Ok(p) => p,
        Err(why) => {
            return error(
                401,
                "APIGW.0301",
                &format!("Incorrect IAM authentication information: {why}"),
            )
        }
    };
    let path_params: Vec<(String, String)> = template_names(op.path).zip(path_values).collect();
    if let Some((_, p)) = path_params.iter().find(|(k, _)| k == "project_id") {
        if *p != project {
            return error(
                403,
                "APIGW.0302",
                "The project id in the path is not the project of the credentials",
            );
        }
    }
    let query = query_pairs(parts.uri.query().unwrap_or(""));
    let values: Vec<Option<String>> = op
        .params
        .iter()
        .map(|p| match p.location {
            ParamLocation::Path => path_params
                .iter()
                .find(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone()),
            ParamLocation::Header => parts
                .headers
                .get(p.name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            ParamLocation::Query => query
                .iter()
                .find(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone()),
        })
        .collect();
    let refs: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
    if let Err(e) = op.check_params(&refs) {
        return error(400, route.invalid_code, &format!("Invalid parameter: {e}"));
    }
    let decoded: B = match serde_json::from_slice(if bytes.is_empty() { b"null" } else { &bytes }) {
        Ok(b) => b,
        Err(e) => {
            return error(
                400,
                route.invalid_code,
                &format!("Invalid request body: {e}"),
            )
        }
    };
    if let Err(e) = decoded.validate() {
        return error(400, route.invalid_code, &format!("Invalid parameter: {e}"));
    }
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let (example, documented) = route.examples();
    let default = default_response(example, documented, &path_params, &body);
    let previous_calls = {
        let mut calls = lock(&state.calls);
        let previous = calls
            .iter()
            .filter(|c| c.operation == op.id && c.service == op.service)
            .count();
        calls.push(RecordedCall {
            service: op.service,
            operation: op.id,
            project_id: project.clone(),
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            headers: recorded_headers(&parts.headers),
            path_params: path_params.clone(),
            body: body.clone(),
        });
        previous
    };
    let reply = match state.handler(op.id) {
        Some(h) => {
            h.handle(Call {
                operation: op,
                project_id: project,
                path_params,
                body,
                default_response: default.clone(),
                previous_calls,
            })
            .await
        }
        None => Reply::Default,
    };
    render(reply, op.success_status, default).await
}

fn render(
    reply: Reply,
    status: u16,
    default: Value,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>> {
    Box::pin(async move {
        match reply {
            Reply::Default => json_response(status, &default),
            Reply::Json { status, body } => json_response(status, &body),
            Reply::Error {
                status,
                code,
                message,
            } => error(status, &code, &message),
            Reply::Raw {
                status,
                content_type,
                body,
                headers,
            } => {
                let mut r = Response::new(Body::from(body));
                *r.status_mut() =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                if let Ok(v) = HeaderValue::from_str(&content_type) {
                    r.headers_mut().insert(header::CONTENT_TYPE, v);
                }
                for (k, v) in headers {
                    if let (Ok(k), Ok(v)) = (
                        header::HeaderName::from_bytes(k.as_bytes()),
                        HeaderValue::from_str(&v),
                    ) {
                        r.headers_mut().insert(k, v);
                    }
                }
                with_request_id(r)
            }
            Reply::Delay(d, then) => {
                tokio::time::sleep(d).await;
                render(*then, status, default).await
            }
            // Unwinding ends the connection's task: the socket closes with
            // no answer. `resume_unwind` skips the panic hook, so nothing is printed.
            Reply::DropConnection => {
                std::panic::resume_unwind(Box::new("connection dropped by handler"))
            }
        }
    })
}

fn recorded_headers(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let secret = matches!(k.as_str(), "x-auth-token" | "x-security-token");
            let value = if secret {
                "[REDACTED]".to_owned()
            } else {
                String::from_utf8_lossy(v.as_bytes()).into_owned()
            };
            (k.as_str().to_owned(), value)
        })
        .collect()
}

/// The names in a path template, in order.
fn template_names(template: &'static str) -> impl Iterator<Item = String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
}

fn json_response(status: u16, body: &Value) -> Response {
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    with_request_id(r)
}

/// An error in the cloud's shape.
pub(crate) fn error(status: u16, code: &str, message: &str) -> Response {
    json_response(status, &json!({"error_code": code, "error_msg": message}))
}

fn with_request_id(mut r: Response) -> Response {
    let id = new_id().replace('-', "");
    if let Ok(v) = HeaderValue::from_str(&id) {
        r.headers_mut().insert("x-request-id", v);
    }
    r
}

/// The body of an operation that takes none.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
pub struct NoBody(serde::de::IgnoredAny);

impl Validate for NoBody {
    fn validate_at(
        &self,
        _: &hwbackup_models::runtime::Path<'_>,
        _: &mut hwbackup_models::ValidationErrors,
    ) {
    }
}
