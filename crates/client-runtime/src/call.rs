//! One call: check, serialize, sign, send, read; retried per the policy.

use std::time::{Instant, SystemTime};

use hwbackup_models::runtime::{Operation, ParamLocation, Value};
use hwbackup_signer::{canonical_query, format_date};
use reqwest::Url;
use serde::Serialize;
use tracing::field::Empty;
use tracing::Instrument;

use super::authenticate::{authenticated_headers, Unsigned};
use super::error::{snippet, ERROR_BODY_LIMIT};
use super::exchange::{host_header, under};
use super::request::{CallOptions, Decode};
use super::retry::{parse_retry_after, Failure};
use super::text::{bounded, header_problem, loggable_body, REASON_LIMIT, REQUEST_ID_LIMIT};
use super::{Client, Credentials, Error, Response, Service, ServiceError};

/// A request ready to be signed and sent, the same for every attempt.
struct Prepared {
    url: Url,
    project_id: String,
    host: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Whether the operation sends a body (and so a `Content-Type`).
    has_body: bool,
    timeout: Option<std::time::Duration>,
    /// Header parameters that are secrets: marked sensitive, so that no
    /// HTTP layer logs them.
    secret_headers: Vec<&'static str>,
}

impl Client {
    /// Checks the parameters, sends one operation and decodes its answer:
    /// what every generated request's `send` comes to. The body has been
    /// checked by its builder already.
    pub(crate) async fn call<B: Serialize, R>(
        &self,
        service: &'static Service,
        op: &'static Operation,
        values: Vec<Option<Value>>,
        body: Option<&B>,
        decode: Decode<R>,
        options: &CallOptions,
    ) -> Result<Response<R>, Error> {
        let span = tracing::info_span!(
            "hwbackup.call",
            service = op.service,
            operation = op.id,
            method = op.method,
            path = op.path,
            attempts = Empty,
            status = Empty,
            request_id = Empty,
        );
        async move {
            let project_id = self.project().await?;
            let prepared = self.prepare(service, op, project_id, values, body, options)?;
            let policy = &self.inner.retry;
            let started = Instant::now();
            let mut attempt = 0;
            loop {
                attempt += 1;
                let attempt_span = tracing::debug_span!(
                    "hwbackup.attempt",
                    attempt,
                    status = Empty,
                    request_id = Empty
                );
                // Asked each attempt: temporary keys may be due for refresh.
                let credentials = self.inner.credentials.current().await?;
                let outcome = self
                    .attempt(op, &prepared, &credentials, decode)
                    .instrument(attempt_span)
                    .await;
                let call_span = tracing::Span::current();
                call_span.record("attempts", attempt);
                let (error, failure) = match outcome {
                    Ok(response) => {
                        call_span.record("status", response.status);
                        if let Some(id) = &response.request_id {
                            call_span.record("request_id", id.as_str());
                        }
                        return Ok(response);
                    }
                    Err(e) => e,
                };
                let finish = |error: Error| {
                    if let Some(status) = error.status() {
                        call_span.record("status", status);
                    }
                    if let Some(id) = error.request_id() {
                        call_span.record("request_id", id);
                    }
                    Err(error)
                };
                let Some(wait) = failure.retry_wait(policy, op.is_idempotent()) else {
                    return finish(error);
                };
                let wait = wait.max(policy.backoff_after(attempt));
                // A server's Retry-After can be any number: saturate, never overflow.
                let retry_at = started.elapsed().saturating_add(wait);
                if attempt >= policy.max_attempts || retry_at > policy.max_elapsed {
                    tracing::debug!(attempt, error = %error, "giving up");
                    return finish(error);
                }
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(wait).await;
            }
        }
        .instrument(span)
        .await
    }

    fn prepare<B: Serialize>(
        &self,
        service: &Service,
        op: &Operation,
        project_id: &str,
        mut values: Vec<Option<Value>>,
        body: Option<&B>,
        options: &CallOptions,
    ) -> Result<Prepared, Error> {
        let inner = &self.inner;
        // What the client's configuration supplies: the project, and
        // header parameters left unset (`X-Language`).
        for (p, v) in op.params.iter().zip(values.iter_mut()) {
            if v.is_some() {
                continue;
            }
            *v = match p.location {
                ParamLocation::Path if p.name == PROJECT_PARAM => {
                    Some(Value::Text(project_id.to_owned()))
                }
                ParamLocation::Header => inner
                    .default_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(p.name))
                    .map(|(_, v)| Value::Text(v.clone())),
                _ => None,
            };
        }
        op.check_params(&values).map_err(Error::Validation)?;
        let wire = op.render(&values);
        let secret_headers: Vec<&'static str> = op
            .params
            .iter()
            .filter(|p| p.sensitive && p.location == ParamLocation::Header)
            .map(|p| p.name)
            .collect();
        let mut headers = Vec::with_capacity(wire.headers.len() + options.headers.len());
        let given = options
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()));
        let params = wire.headers.iter().map(|(n, v)| (*n, v.as_str()));
        for (name, value) in params.chain(given) {
            if let Some(found) = header_problem(value) {
                return Err(Error::InvalidHeader {
                    name: name.into(),
                    found,
                });
            }
            headers.push((name.to_owned(), value.to_owned()));
        }

        let mut url = under(self.endpoint(service)?, &wire.path);
        if !wire.query.is_empty() {
            url.set_query(Some(&canonical_query(&wire.query)));
        }
        let host = host_header(&url)
            .ok_or_else(|| Error::Config(format!("endpoint {url} has no host")))?;
        let body_bytes = match body {
            Some(b) => serde_json::to_vec(b)
                .map_err(|e| Error::Config(format!("cannot serialize the request: {e}")))?,
            None => Vec::new(),
        };
        Ok(Prepared {
            url,
            project_id: project_id.to_owned(),
            host,
            query: wire.query,
            headers,
            body: body_bytes,
            has_body: body.is_some(),
            timeout: options.timeout,
            secret_headers,
        })
    }

    /// The HTTP request one call would send, checked and signed, without
    /// sending it (see `Call::signed`).
    pub(crate) fn signed_request<B: Serialize>(
        &self,
        service: &'static Service,
        op: &'static Operation,
        values: Vec<Option<Value>>,
        body: Option<&B>,
        options: &CallOptions,
    ) -> Result<reqwest::Request, Error> {
        let at_hand = "signed() signs with what the client holds, and it holds no project id or credentials yet: make one call first, or configure them in code";
        let project_id = self
            .project_at_hand()
            .ok_or_else(|| Error::Config(at_hand.into()))?;
        let credentials = self
            .inner
            .credentials
            .held()
            .ok_or_else(|| Error::Config(at_hand.into()))?;
        let prepared = self.prepare(service, op, project_id, values, body, options)?;
        self.sign(op, &prepared, &credentials).map_err(|(e, _)| e)
    }

    /// Builds and signs one attempt's request (a fresh `X-Sdk-Date` each time).
    fn sign(
        &self,
        op: &Operation,
        p: &Prepared,
        credentials: &Credentials,
    ) -> Result<reqwest::Request, (Error, Failure)> {
        let inner = &self.inner;
        let mut headers: Vec<(String, String)> = Vec::with_capacity(7 + p.headers.len());
        headers.push(("Host".into(), p.host.clone()));
        if p.has_body {
            headers.push((
                "Content-Type".into(),
                "application/json;charset=UTF-8".into(),
            ));
        }
        headers.extend([
            ("User-Agent".into(), inner.user_agent.clone()),
            ("X-Sdk-Date".into(), format_date(SystemTime::now())),
            ("X-Project-Id".into(), p.project_id.clone()),
        ]);
        headers.extend(p.headers.iter().cloned());
        let unsigned = Unsigned {
            method: op.method,
            path: p.url.path(),
            query: &p.query,
            headers,
            body: &p.body,
            secret_headers: &p.secret_headers,
        };
        let map = authenticated_headers(credentials, unsigned).map_err(|e| (e, Failure::Final))?;
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|_| {
            (
                Error::Config(format!("bad method {}", op.method)),
                Failure::Final,
            )
        })?;
        let mut request = inner.http.request(method, p.url.clone()).headers(map);
        if p.has_body {
            request = request.body(p.body.clone());
        }
        if let Some(t) = p.timeout {
            request = request.timeout(t);
        }
        request
            .build()
            .map_err(|e| (invalid_request(&e), Failure::Final))
    }

    /// One attempt, signed anew. On failure, says whether retrying is safe.
    async fn attempt<R>(
        &self,
        op: &Operation,
        p: &Prepared,
        credentials: &Credentials,
        decode: Decode<R>,
    ) -> Result<Response<R>, (Error, Failure)> {
        let request = self.sign(op, p, credentials)?;
        tracing::trace!(body = %loggable_body(&p.body, op.sensitive_fields), "request body");
        let sent = self.inner.http.execute(request).await;
        let response = sent.map_err(|e| self.send_error(e, p.timeout))?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|id| bounded(id, REQUEST_ID_LIMIT));
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        // 2xx, or the documented success (the API version lists answer 300).
        let success = (200..300).contains(&status) || status == op.success_status;
        let limit = if success {
            self.inner.max_response_bytes
        } else {
            ERROR_BODY_LIMIT
        };
        let bytes = match read_body(response, limit, success).await {
            Ok(Body::Whole(bytes)) => bytes,
            // An error body is only kept in part anyway: its start is enough.
            Ok(Body::Cut(bytes)) if !success => bytes,
            Ok(Body::Cut(_)) => {
                let error = Error::ResponseTooLarge {
                    status,
                    request_id,
                    limit,
                };
                return Err((error, Failure::Final));
            }
            Err(e) => return Err(self.send_error(e, p.timeout)),
        };
        tracing::debug!(status, bytes = bytes.len(), "answer");
        tracing::trace!(body = %loggable_body(&bytes, op.sensitive_fields), "response body");
        if success {
            return decode(&bytes)
                .map(|body| Response::new(body, status, request_id.clone()))
                .map_err(|e| {
                    let error = Error::Decode {
                        status,
                        request_id,
                        // serde quotes the offending value, which can be any size.
                        reason: bounded(&e.to_string(), REASON_LIMIT),
                        snippet: snippet(&bytes),
                    };
                    (error, Failure::Final)
                });
        }
        let failure = match (status, retry_after) {
            (429 | 503, Some(after)) => Failure::RefusedWithRetryAfter(after),
            (500 | 502 | 503 | 504, _) => Failure::MaybeProcessed,
            _ => Failure::Final,
        };
        let error = ServiceError::parse(status, request_id, &bytes);
        Err((Error::Service(Box::new(error)), failure))
    }

    fn send_error(
        &self,
        e: reqwest::Error,
        timeout: Option<std::time::Duration>,
    ) -> (Error, Failure) {
        if e.is_builder() {
            // Refused before anything went out (a URL hyper cannot carry).
            return (invalid_request(&e), Failure::Final);
        }
        let not_sent = e.is_connect();
        let failure = if not_sent {
            Failure::NotSent
        } else {
            Failure::MaybeProcessed
        };
        let error = if e.is_timeout() {
            Error::Timeout {
                after: if not_sent {
                    self.inner.connect_timeout
                } else {
                    timeout.unwrap_or(self.inner.timeout)
                },
            }
        } else if not_sent {
            Error::Connect(e)
        } else {
            Error::Transport(e)
        };
        (error, failure)
    }
}

/// An answer's body, whole or cut at the limit.
pub(crate) enum Body {
    Whole(Vec<u8>),
    Cut(Vec<u8>),
}

/// Reads at most `limit` bytes of the body, chunk by chunk, and stops
/// there. A success that announces more than `limit` is not read at all.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    success: bool,
) -> Result<Body, reqwest::Error> {
    let announced = response.content_length().unwrap_or(0);
    if success && announced > limit as u64 {
        return Ok(Body::Cut(Vec::new()));
    }
    let mut bytes = Vec::with_capacity(announced.min(limit as u64) as usize);
    while let Some(chunk) = response.chunk().await? {
        let room = limit - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok(Body::Cut(bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body::Whole(bytes))
}

/// A request reqwest refused to build: never sent, whatever the cause.
fn invalid_request(e: &reqwest::Error) -> Error {
    use std::error::Error as _;
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::InvalidRequest {
        reason: bounded(&reason, REASON_LIMIT),
    }
}

/// The path parameter the client fills from its configured project.
const PROJECT_PARAM: &str = "project_id";
