//! Checking a signed request, for servers (the emulator).

use std::time::{Duration, SystemTime};

use hmac::Mac;
use secrecy::SecretString;

use crate::{
    canonical_request, header, mac, parse_date, string_to_sign, SignableRequest, ALGORITHM,
    DATE_HEADER,
};

/// Why a signature was refused. Says what was wrong, never a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// No `Authorization` header, or not `SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`.
    Malformed(&'static str),
    /// The access key is not known.
    UnknownAccessKey(String),
    /// `X-Sdk-Date` is missing, malformed or too far from the server's clock.
    BadDate(&'static str),
    /// A header named in `SignedHeaders` is not in the request.
    MissingSignedHeader(String),
    /// The signature does not match: wrong secret key or altered request.
    Mismatch,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Malformed(why) => write!(f, "malformed Authorization header: {why}"),
            VerifyError::UnknownAccessKey(ak) => write!(f, "unknown access key {ak:?}"),
            VerifyError::BadDate(why) => write!(f, "{DATE_HEADER}: {why}"),
            VerifyError::MissingSignedHeader(h) => {
                write!(f, "signed header {h:?} is not in the request")
            }
            VerifyError::Mismatch => write!(f, "signature does not match"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Verifies `authorization` (the header's value) over `request`.
///
/// `secret_for` maps an access key to its secret key. The date must be
/// within `max_skew` of `now`. Returns the access key that signed.
pub fn verify<'k>(
    authorization: &str,
    request: &SignableRequest<'_>,
    secret_for: impl FnOnce(&str) -> Option<&'k SecretString>,
    now: SystemTime,
    max_skew: Duration,
) -> Result<String, VerifyError> {
    let rest = authorization
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or(VerifyError::Malformed(
            "expected the SDK-HMAC-SHA256 algorithm",
        ))?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or(VerifyError::Malformed("expected key=value parts"))?;
        match k {
            "Access" => access = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(VerifyError::Malformed("unexpected part")),
        }
    }
    let access = access.ok_or(VerifyError::Malformed("no Access"))?;
    let signed = signed.ok_or(VerifyError::Malformed("no SignedHeaders"))?;
    let signature = signature.ok_or(VerifyError::Malformed("no Signature"))?;
    let signature = unhex(signature).ok_or(VerifyError::Malformed("Signature is not hex"))?;
    let signed: Vec<String> = signed.split(';').map(str::to_owned).collect();
    if !signed.iter().any(|h| h == "x-sdk-date") {
        return Err(VerifyError::BadDate("not signed"));
    }
    for name in &signed {
        if header(request.headers, name).is_none() {
            return Err(VerifyError::MissingSignedHeader(name.clone()));
        }
    }
    let date = header(request.headers, DATE_HEADER).ok_or(VerifyError::BadDate("missing"))?;
    let at = parse_date(date).ok_or(VerifyError::BadDate("not YYYYMMDDTHHMMSSZ"))?;
    let skew = now
        .duration_since(at)
        .or_else(|e| Ok::<_, ()>(e.duration()))
        .unwrap_or_default();
    if skew > max_skew {
        return Err(VerifyError::BadDate("too far from the server's clock"));
    }
    let secret =
        secret_for(access).ok_or_else(|| VerifyError::UnknownAccessKey(access.to_owned()))?;
    let canonical = canonical_request(request, &signed);
    mac(secret, &string_to_sign(date, &canonical))
        .verify_slice(&signature)
        .map_err(|_| VerifyError::Mismatch)?;
    Ok(access.to_owned())
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
