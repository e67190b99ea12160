//! What makes a request the cloud's to accept: a token header, or an
//! AK/SK signature over the request (with the security token of temporary
//! keys); every header as a `HeaderMap`, secrets marked sensitive so that
//! no HTTP layer logs them.

use hwbackup_signer::{authorization, SignableRequest};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::ExposeSecret;

use super::text::header_problem;
use super::{Credentials, Error};

/// Headers that carry credentials, whatever the operation.
const CREDENTIAL_HEADERS: [&str; 3] = ["X-Auth-Token", "Authorization", "X-Security-Token"];

/// The request as it will be sent, before it is authenticated.
pub(crate) struct Unsigned<'a> {
    pub(crate) method: &'a str,
    /// The URL's path, percent-encoded as sent.
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    /// Every header but the credentials' (`Host` and `X-Sdk-Date` included).
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: &'a [u8],
    /// Further header names to mark sensitive (secret header parameters).
    pub(crate) secret_headers: &'a [&'a str],
}

/// The headers to send `request` with, authenticated by `credentials`.
pub(crate) fn authenticated_headers(
    credentials: &Credentials,
    request: Unsigned<'_>,
) -> Result<HeaderMap, Error> {
    let Unsigned {
        method,
        path,
        query,
        mut headers,
        body,
        secret_headers,
    } = request;
    match credentials {
        Credentials::Token(token) => {
            headers.push(("X-Auth-Token".into(), token.expose_secret().to_owned()));
        }
        Credentials::AkSk {
            access_key,
            secret_key,
            security_token,
        } => {
            // Signed with the rest: the cloud checks it belongs to the key.
            if let Some(t) = security_token {
                headers.push(("X-Security-Token".into(), t.expose_secret().to_owned()));
            }
            let signable = SignableRequest {
                method,
                path,
                query,
                headers: &headers,
                body,
            };
            let auth = authorization(access_key, secret_key, &signable)
                .map_err(|e| Error::Config(e.to_string()))?;
            headers.push(("Authorization".into(), auth));
        }
    }
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in &headers {
        let invalid = |found: String| Error::InvalidHeader {
            name: name.clone(),
            found,
        };
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("a character no header name can carry".into()))?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| {
            invalid(header_problem(value).unwrap_or_else(|| "a byte out of range".into()))
        })?;
        let secret = CREDENTIAL_HEADERS
            .iter()
            .chain(secret_headers)
            .any(|s| s.eq_ignore_ascii_case(name));
        header_value.set_sensitive(secret);
        map.append(header, header_value);
    }
    Ok(map)
}
