//! The canonical request: the exact text both sides hash.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::{hex, SignableRequest};

/// Everything but `A-Z a-z 0-9 - _ . ~` is encoded, as Python's
/// `urllib.parse.quote(s, safe='~')` does in the official signer.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one path segment (or query key or value): a value like
/// `../x?y#z` becomes `..%2Fx%3Fy%23z` and cannot change the path or query.
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, ENCODE).to_string()
}

/// The canonical URI of a path as sent: decoded, split on `/`, each segment
/// encoded again, with a trailing `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(encode_path_segment)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The names of the headers that are signed: lower case, sorted, without
/// names that contain `_`.
pub fn signed_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(k, _)| !k.contains('_'))
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Query pairs sorted by key then value (before encoding) and encoded:
/// what is signed, and what the SDKs send on the wire.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode_path_segment(k), encode_path_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Method, canonical URI, canonical query, canonical headers, signed
/// header names and the hex SHA-256 of the body, one per line.
pub fn canonical_request(request: &SignableRequest<'_>, signed_headers: &[String]) -> String {
    let query = canonical_query(request.query);
    let mut headers = String::new();
    for name in signed_headers {
        let value = request
            .headers
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.trim());
        headers.push_str(name);
        headers.push(':');
        headers.push_str(value);
        headers.push('\n');
    }
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        query,
        headers,
        signed_headers.join(";"),
        hex(&Sha256::digest(request.body)),
    )
}
