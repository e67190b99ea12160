//! One request, from bytes to answer: authenticate, decode, validate,
//! record, then answer (by default or through a test's handler).

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use hwbackup_models::runtime::text::{bounded, OneLine};
use hwbackup_models::runtime::{template, Operation};
use hwbackup_models::Validate;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::auth::{check_project_header, precheck, query_pairs};
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
    /// Whether the documented success answer has a body (a 204 has none).
    pub answers_body: bool,
    /// The operation's part in a resource with state, if it has one.
    pub resource: Option<super::Resource>,
    /// Where in its answer the ids of the work it starts are (`/job_id`,
    /// `/sync/*/operation_log_id`).
    pub starts_jobs: &'static [&'static str],
    /// How it shows work in progress, if it is a status operation.
    pub job_status: Option<super::JobStatus>,
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
    request: Request,
) -> Response {
    let op = route.operation;
    let (parts, body) = request.into_parts();
    // Headers first: a stranger is refused before a byte of body is read.
    let caller = match precheck(&state, &parts.headers) {
        Ok(c) => c,
        Err(why) => return unauthorized(&why),
    };
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
        return too_large();
    }
    let read = axum::body::to_bytes(body, BODY_LIMIT);
    let bytes = match tokio::time::timeout(state.limits.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return too_large(),
        // Not a documented cloud code: the gateway's own is not published.
        Err(_) => return error(408, "APIGW.0408", "The request body did not arrive in time"),
    };
    let method = parts.method.as_str();
    let project = match caller.verify(&state, method, &parts.uri, &bytes) {
        Ok(p) => p,
        Err(why) => return unauthorized(&why),
    };
    let path_params = match template::extract(op.path, parts.uri.path()) {
        Ok(p) => p,
        Err(why) => return error(400, route.invalid_code, &why),
    };
    if let Err(why) = check_project_header(&parts.headers, &project) {
        return error(403, "APIGW.0302", &why);
    }
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
    let header = |name: &str| {
        let value = parts.headers.get(name)?;
        Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
    };
    let checked = op
        .read(&path_params, &query, header)
        .and_then(|values| op.check_params(&values).map(|()| values));
    let values = match checked {
        Ok(v) => v,
        Err(e) => return error(400, route.invalid_code, &format!("Invalid parameter: {e}")),
    };
    let params: Vec<(&'static str, hwbackup_models::runtime::Value)> = op
        .params
        .iter()
        .zip(values)
        .filter_map(|(p, v)| Some((p.name, v?)))
        .collect();
    let decoded: B = match decode(&bytes) {
        Ok(b) => b,
        Err(why) => return error(400, route.invalid_code, &why),
    };
    if let Err(e) = decoded.validate() {
        return error(400, route.invalid_code, &format!("Invalid parameter: {e}"));
    }
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let (example, documented) = route.examples();
    let default = default_response(example, documented, &path_params, &body);
    let previous_calls = lock(&state.calls).push(RecordedCall {
        service: op.service,
        operation: op.id,
        project_id: project.clone(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers: recorded_headers(&parts.headers),
        path_params: path_params.clone(),
        body: body.clone(),
    });
    let reply = match state.handler(op.id) {
        Some(h) => {
            h.handle(Call {
                operation: op,
                project_id: project,
                path_params,
                params,
                body,
                default_response: default.clone(),
                previous_calls,
            })
            .await
        }
        None if state.stateless => Reply::Default,
        None => {
            // A hand-written action first, then the derived resource, then
            // the job a status operation shows, then the documented example.
            let jobs = &state.jobs;
            let outcome = |id: &str| lock(jobs).outcome(id);
            let start = |id: &str| lock(jobs).start(id);
            let call = super::actions::ActionCall {
                service: op.service,
                operation: op.id,
                path: &path_params,
                params: &params,
                body: &body,
                default: &default,
                status: op.success_status,
                job_outcome: &outcome,
                start_job: &start,
            };
            let acted = super::actions::answer(&mut lock(&state.store), &call);
            match (acted, &route.resource, &route.job_status) {
                (Some(reply), _, _) => reply,
                (None, Some(resource), _) => lock(&state.store).answer(
                    resource,
                    op.success_status,
                    &path_params,
                    &params,
                    &body,
                    route.answers_body.then(|| default.clone()),
                ),
                (None, None, Some(shape)) => {
                    lock(&state.jobs).status(shape, &params, op.success_status, default.clone())
                }
                (None, None, None) => Reply::Default,
            }
        }
    };
    if !route.starts_jobs.is_empty() && !state.stateless {
        let answer = match &reply {
            Reply::Default => Some(&default),
            Reply::Json { body, .. } => Some(body),
            _ => None,
        };
        if let Some(answer) = answer {
            lock(&state.jobs).start_from(route.starts_jobs, answer);
        }
    }
    let default = route.answers_body.then_some(default);
    render(reply, op.success_status, default).await
}

/// Decodes a body into its model; a failure names the field where it
/// happened (`replicate.name: invalid type: integer ...`), in at most
/// 256 bytes of one line: serde quotes the offending value, which a
/// client chose.
fn decode<B: DeserializeOwned>(bytes: &[u8]) -> Result<B, String> {
    let text: &[u8] = if bytes.is_empty() { b"null" } else { bytes };
    let mut de = serde_json::Deserializer::from_slice(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        let why = one_line(&e.into_inner().to_string(), 256);
        if at == "." {
            format!("Invalid request body: {why}")
        } else {
            format!("Invalid request body at {at}: {why}")
        }
    })?;
    de.end()
        .map_err(|e| format!("Invalid request body: {}", one_line(&e.to_string(), 256)))?;
    Ok(value)
}

/// `text` on one line (control characters escaped), cut to `max` bytes:
/// safe to put into an answer or a log line.
fn one_line(text: &str, max: usize) -> String {
    bounded(&OneLine(text).to_string(), max)
}

fn unauthorized(why: &str) -> Response {
    error(
        401,
        "APIGW.0301",
        &format!("Incorrect IAM authentication information: {why}"),
    )
}

fn too_large() -> Response {
    error(413, "APIGW.0201", "Request body too large or unreadable")
}

/// The answer to send; `default` is `None` for an operation documented
/// to answer without a body.
fn render(
    reply: Reply,
    status: u16,
    default: Option<Value>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>> {
    Box::pin(async move {
        match reply {
            Reply::Default => match &default {
                Some(body) => json_response(status, body),
                None => empty_response(status),
            },
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

/// Headers to keep in the call log: tokens redacted, and the signature
/// of `Authorization` (its access key and signed header names stay).
fn recorded_headers(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let text = String::from_utf8_lossy(v.as_bytes());
            let value = match k.as_str() {
                "x-auth-token" | "x-security-token" => "[REDACTED]".to_owned(),
                "authorization" => match text.split_once("Signature=") {
                    Some((head, _)) => format!("{head}Signature=[REDACTED]"),
                    None => "[REDACTED]".to_owned(),
                },
                _ => text.into_owned(),
            };
            (k.as_str().to_owned(), value)
        })
        .collect()
}

fn empty_response(status: u16) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::NO_CONTENT);
    with_request_id(r)
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

/// One service's handler of a path several share, boxed so that the
/// services' handlers have one type.
pub type SharedHandler =
    fn(Shared, Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>;

/// The answer at the root to a path several services share: the
/// configured root service's ([`EmulatorBuilder::root_service`]), else a
/// 404 naming the prefixes.
///
/// [`EmulatorBuilder::root_service`]: super::EmulatorBuilder::root_service
pub async fn shared_path(
    state: Shared,
    request: Request,
    message: &'static str,
    candidates: &[(&str, SharedHandler)],
) -> Response {
    let chosen = state.root_service.as_deref().and_then(|root| {
        candidates
            .iter()
            .find(|(service, _)| *service == root)
            .map(|(_, handler)| *handler)
    });
    match chosen {
        Some(handler) => handler(state, request).await,
        None => error(404, "APIGW.0101", message),
    }
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
