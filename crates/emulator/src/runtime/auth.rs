//! Who is calling: a known token, or a valid `SDK-HMAC-SHA256` signature.

use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, Uri};
use hwbackup_signer::{verify, SignableRequest};
use percent_encoding::percent_decode_str;
use secrecy::ExposeSecret;

use super::state::State;

/// The clock skew the cloud tolerates on `X-Sdk-Date`.
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The project of the caller's credentials, or why they were refused
/// (never naming a secret).
pub(crate) fn authenticate(
    state: &State,
    method: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, String> {
    if let Some(token) = headers.get("x-auth-token") {
        let token = token.as_bytes();
        return state
            .tokens
            .iter()
            .find(|(t, _)| t.expose_secret().as_bytes() == token)
            .map(|(_, project)| project.clone())
            .ok_or_else(|| "the token is not valid".to_owned());
    }
    let Some(auth) = headers.get("authorization") else {
        return Err("no X-Auth-Token or Authorization header".into());
    };
    let auth = String::from_utf8_lossy(auth.as_bytes());
    // Header values as the signer saw them: the SDKs send UTF-8 bytes.
    let pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let query = query_pairs(uri.query().unwrap_or(""));
    let request = SignableRequest {
        method,
        path: uri.path(),
        query: &query,
        headers: &pairs,
        body,
    };
    let mut project = None;
    let access_key = verify(
        &auth,
        &request,
        |ak| {
            let key = state.keys.iter().find(|k| k.access_key == ak)?;
            project = Some(key.project_id.clone());
            Some(&key.secret_key)
        },
        SystemTime::now(),
        MAX_SKEW,
    )
    .map_err(|e| e.to_string())?;
    let project = project.ok_or_else(|| format!("unknown access key {access_key:?}"))?;
    if let Some(header) = headers.get("x-project-id") {
        if header.as_bytes() != project.as_bytes() {
            return Err("X-Project-Id is not the project of the access key".into());
        }
    }
    Ok(project)
}

/// Decoded `key=value` pairs of a query string.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}
