//! Who is calling: a known token, or a valid `SDK-HMAC-SHA256` signature.
//!
//! In two steps, so that nothing is buffered for a stranger: [`precheck`]
//! looks at the headers only (a token is checked in full; a signature's
//! form, access key and date are), then the body is read, then
//! [`Caller::verify`] checks the signature over it.

use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, Uri};
use hwbackup_signer::{verify, verify_headers, SignableRequest};
use percent_encoding::percent_decode_str;
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use super::state::State;

/// The clock skew the cloud tolerates on `X-Sdk-Date`.
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// A caller whose headers passed; a signed one still needs its body
/// checked, with the `Authorization` value and header pairs already read.
pub(crate) enum Caller {
    Token {
        project: String,
    },
    Signed {
        project: String,
        authorization: String,
        pairs: Vec<(String, String)>,
    },
}

/// Checks what the headers alone can prove. Why a caller was refused
/// never names a secret.
pub(crate) fn precheck(state: &State, headers: &HeaderMap) -> Result<Caller, String> {
    if let Some(token) = single(headers, "x-auth-token")? {
        // Every token is compared, each in constant time: neither the
        // answer's timing nor its content says how close a guess was.
        let mut found = None;
        for (known, project) in &state.tokens {
            if bool::from(known.expose_secret().as_bytes().ct_eq(token)) {
                found = Some(project);
            }
        }
        let project = found.ok_or("the token is not valid")?.clone();
        return Ok(Caller::Token { project });
    }
    let auth =
        single(headers, "authorization")?.ok_or("no X-Auth-Token or Authorization header")?;
    let auth = std::str::from_utf8(auth).map_err(|_| "Authorization is not UTF-8")?;
    let pairs = header_pairs(headers);
    let access =
        verify_headers(auth, &pairs, SystemTime::now(), MAX_SKEW).map_err(|e| e.to_string())?;
    let key = state
        .keys
        .iter()
        .find(|k| k.access_key == access)
        .ok_or_else(|| format!("unknown access key {access:?}"))?;
    Ok(Caller::Signed {
        project: key.project_id.clone(),
        authorization: auth.to_owned(),
        pairs,
    })
}

impl Caller {
    /// The project of the credentials, once the body is known: a signed
    /// caller's signature is checked over method, path, query, headers and body.
    pub(crate) fn verify(
        self,
        state: &State,
        method: &str,
        uri: &Uri,
        body: &[u8],
    ) -> Result<String, String> {
        let (project, auth, pairs) = match self {
            Caller::Token { project } => return Ok(project),
            Caller::Signed {
                project,
                authorization,
                pairs,
            } => (project, authorization, pairs),
        };
        let query = query_pairs(uri.query().unwrap_or(""));
        let request = SignableRequest {
            method,
            path: uri.path(),
            query: &query,
            headers: &pairs,
            body,
        };
        verify(
            &auth,
            &request,
            |ak| {
                let key = state.keys.iter().find(|k| k.access_key == ak)?;
                (key.project_id == project).then_some(&key.secret_key)
            },
            SystemTime::now(),
            MAX_SKEW,
        )
        .map_err(|e| e.to_string())?;
        Ok(project)
    }
}

/// The one value of header `name`, if sent; sent twice is refused, since
/// the two copies could say different things.
fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h [u8]>, String> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(format!("{name} is sent more than once"));
    }
    Ok(first.map(|v| v.as_bytes()))
}

/// `X-Project-Id`, when sent, must name the credentials' project, for
/// tokens and keys alike (a 403: who is calling is known, the project is not theirs).
pub(crate) fn check_project_header(headers: &HeaderMap, project: &str) -> Result<(), String> {
    match single(headers, "x-project-id")? {
        Some(p) if p != project.as_bytes() => {
            Err("X-Project-Id is not the project of the credentials".into())
        }
        _ => Ok(()),
    }
}

/// Header values as the signer saw them: the SDKs send UTF-8 bytes.
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
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
