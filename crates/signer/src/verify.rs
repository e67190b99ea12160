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
    let parts = check_headers(authorization, request.headers, now, max_skew)?;
    let date = header(request.headers, DATE_HEADER).ok_or(VerifyError::BadDate("missing"))?;
    let secret = secret_for(parts.access)
        .ok_or_else(|| VerifyError::UnknownAccessKey(parts.access.to_owned()))?;
    let signed: Vec<String> = parts.signed.iter().map(|s| (*s).to_owned()).collect();
    let canonical = canonical_request(request, &signed);
    mac(secret, &string_to_sign(date, &canonical))
        .verify_slice(&parts.signature)
        .map_err(|_| VerifyError::Mismatch)?;
    Ok(parts.access.to_owned())
}

/// Everything [`verify`] checks that needs no body and no secret: the
/// `Authorization` value's exact form, each signed header present once,
/// and the date within `max_skew` of `now`. Returns the access key.
///
/// A server calls this before reading a body, so that a client that
/// cannot even name a key and a fresh date is refused without buffering
/// anything; [`verify`] then checks the signature itself.
pub fn verify_headers<'a>(
    authorization: &'a str,
    headers: &[(String, String)],
    now: SystemTime,
    max_skew: Duration,
) -> Result<&'a str, VerifyError> {
    check_headers(authorization, headers, now, max_skew).map(|p| p.access)
}

fn check_headers<'a>(
    authorization: &'a str,
    headers: &[(String, String)],
    now: SystemTime,
    max_skew: Duration,
) -> Result<Authorization<'a>, VerifyError> {
    let parts = Authorization::parse(authorization)?;
    for name in &parts.signed {
        match headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .count()
        {
            0 => return Err(VerifyError::MissingSignedHeader((*name).to_owned())),
            1 => {}
            // Which copy would a server read? The signer hashes one; refuse.
            _ => {
                return Err(VerifyError::Malformed(
                    "a signed header is sent more than once",
                ))
            }
        }
    }
    let date = header(headers, DATE_HEADER).ok_or(VerifyError::BadDate("missing"))?;
    let at = parse_date(date).ok_or(VerifyError::BadDate("not YYYYMMDDTHHMMSSZ"))?;
    let skew = now
        .duration_since(at)
        .or_else(|e| Ok::<_, ()>(e.duration()))
        .unwrap_or_default();
    if skew > max_skew {
        return Err(VerifyError::BadDate("too far from the server's clock"));
    }
    Ok(parts)
}

/// The three parts of an `Authorization` value, read exactly as the
/// official signers write it:
/// `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=<64 hex>`.
struct Authorization<'a> {
    access: &'a str,
    signed: Vec<&'a str>,
    signature: Vec<u8>,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let rest = value
            .strip_prefix(ALGORITHM)
            .and_then(|r| r.strip_prefix(" Access="))
            .ok_or(VerifyError::Malformed(
                "expected SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..",
            ))?;
        let (access, rest) = rest
            .split_once(", SignedHeaders=")
            .ok_or(VerifyError::Malformed(
                "expected Access=.., then SignedHeaders=..",
            ))?;
        let (signed, signature) = rest
            .split_once(", Signature=")
            .ok_or(VerifyError::Malformed(
                "expected SignedHeaders=.., then Signature=..",
            ))?;
        let plain = |s: &str| !s.is_empty() && !s.contains([',', ' ', '=']);
        if !plain(access) {
            return Err(VerifyError::Malformed("Access is empty or not one word"));
        }
        if !plain(signed) {
            return Err(VerifyError::Malformed(
                "SignedHeaders is empty or not one word",
            ));
        }
        let signed: Vec<&str> = signed.split(';').collect();
        let lower = |h: &&str| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !signed.iter().all(lower) {
            return Err(VerifyError::Malformed(
                "SignedHeaders must be lower-case header names separated by ;",
            ));
        }
        if (1..signed.len()).any(|i| signed[..i].contains(&signed[i])) {
            return Err(VerifyError::Malformed("SignedHeaders names a header twice"));
        }
        if !signed.contains(&"x-sdk-date") {
            return Err(VerifyError::BadDate("not signed"));
        }
        // The official signers always sign Host: without it a signature
        // would be good for any server.
        if !signed.contains(&"host") {
            return Err(VerifyError::Malformed("SignedHeaders must include host"));
        }
        let signature = unhex(signature).ok_or(VerifyError::Malformed(
            "Signature is not 64 lower-case hex digits",
        ))?;
        Ok(Self {
            access,
            signed,
            signature,
        })
    }
}

/// Exactly 64 lower-case hex digits (a SHA-256), as the signer writes them:
/// no sign, no upper case, nothing after.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}
