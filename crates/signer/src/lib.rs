//! Huawei Cloud AK/SK request signing, `SDK-HMAC-SHA256`, as done by
//! Huawei's official SDKs (`huaweicloudsdkcore/signer/signer.py`).
//!
//! The client signs with [`authorization`]; the emulator checks with
//! [`verify`]. Both build the same [`canonical_request`], so a request
//! that one accepts the other signed. The tests check this crate against
//! signatures made by the official Python SDK.
//!
//! ```
//! use hwbackup_signer::{authorization, SignableRequest};
//! use secrecy::SecretString;
//!
//! let headers = vec![
//!     ("Host".to_owned(), "cbr.cn-north-4.myhuaweicloud.com".to_owned()),
//!     ("X-Sdk-Date".to_owned(), "20261122T101530Z".to_owned()),
//! ];
//! let request = SignableRequest {
//!     method: "POST",
//!     path: "/v3/0123/backups/sync",
//!     query: &[],
//!     headers: &headers,
//!     body: b"{}",
//! };
//! let secret = SecretString::from("secret");
//! let value = authorization("AK", &secret, &request).unwrap();
//! assert!(value.starts_with("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature="));
//! ```

#![forbid(unsafe_code)]

mod canonical;
mod date;
mod verify;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

pub use canonical::{
    canonical_query, canonical_request, canonical_uri, encode_path_segment, signed_header_names,
};
pub use date::{format_date, parse_date, parse_timestamp};
pub use verify::{verify, verify_headers, VerifyError};

/// The algorithm name in the `Authorization` header and string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header that carries the signing time.
pub const DATE_HEADER: &str = "X-Sdk-Date";

/// A request as it goes on the wire, ready to be signed or verified.
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    /// HTTP method (any case).
    pub method: &'a str,
    /// The path as sent, with path parameters already percent-encoded.
    pub path: &'a str,
    /// Query pairs, decoded (not percent-encoded), in any order.
    pub query: &'a [(String, String)],
    /// Every header to sign, including `Host` and `X-Sdk-Date`. Names
    /// containing `_` are left unsigned, as Huawei's SDKs do.
    pub headers: &'a [(String, String)],
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// Why a request cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    /// `X-Sdk-Date` is missing from the headers.
    MissingDate,
    /// `Host` is missing from the headers.
    MissingHost,
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::MissingDate => write!(f, "cannot sign: the {DATE_HEADER} header is missing"),
            SignError::MissingHost => write!(f, "cannot sign: the Host header is missing"),
        }
    }
}

impl std::error::Error for SignError {}

/// The value of the `Authorization` header for `request`.
pub fn authorization(
    access_key: &str,
    secret_key: &SecretString,
    request: &SignableRequest<'_>,
) -> Result<String, SignError> {
    let date = header(request.headers, DATE_HEADER).ok_or(SignError::MissingDate)?;
    header(request.headers, "host").ok_or(SignError::MissingHost)?;
    let signed = signed_header_names(request.headers);
    let canonical = canonical_request(request, &signed);
    let signature = hex(&mac(secret_key, &string_to_sign(date, &canonical))
        .finalize()
        .into_bytes());
    Ok(format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={}, Signature={signature}",
        signed.join(";")
    ))
}

/// `SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

fn mac(secret_key: &SecretString, data: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(data.as_bytes());
    mac
}

/// Lower-case hex, as the SDKs print digests.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
