//! Small exchanges with the services behind a client's credentials (an
//! ECS metadata service, IAM): answers bounded, failures named by URL.

use reqwest::header::HeaderMap;

use super::call::{read_body, Body};
use super::text::{bounded, OneLine, MESSAGE_LIMIT};

/// `path` under `base`'s own path (`https://host/prefix` + `/v3/x`):
/// how every request's URL is made from its endpoint.
pub(crate) fn under(base: &reqwest::Url, path: &str) -> reqwest::Url {
    let mut url = base.clone();
    let prefix = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{prefix}{path}"));
    url
}

/// The `Host` header a signature covers: the host, and the port if the
/// URL names one.
pub(crate) fn host_header(url: &reqwest::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    })
}

/// No answer from these services is anywhere near this size.
const ANSWER_LIMIT: usize = 64 * 1024;

/// An answer: status, headers, body (at most [`ANSWER_LIMIT`] bytes).
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// `METHOD url: status 404: <the start of the body>`, on one line.
    pub(crate) fn refusal(&self, what: &str) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = bounded(text.trim(), MESSAGE_LIMIT);
        format!("{what}: status {}: {}", self.status, OneLine(&text))
    }
}

/// Sends `request`; `what` (`GET http://…/securitykey`) names it in errors.
pub(crate) async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
) -> Result<Answer, String> {
    let what = format!("{} {}", request.method(), request.url());
    let response = http
        .execute(request)
        .await
        .map_err(|e| format!("{what}: {}", chain(&e)))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = match read_body(response, ANSWER_LIMIT, false).await {
        Ok(Body::Whole(b)) => b,
        Ok(Body::Cut(_)) => return Err(format!("{what}: an answer over {ANSWER_LIMIT} bytes")),
        Err(e) => return Err(format!("{what}: {}", chain(&e))),
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// An error and its causes, on one line (`error sending request: connection refused`).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    bounded(&text, MESSAGE_LIMIT)
}
