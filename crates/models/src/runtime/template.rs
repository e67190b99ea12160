//! Path templates (`/v3/{project_id}/backups/{backup_id}`), filled by the
//! client and read back by the emulator: the one place that knows how a
//! value becomes a path segment and back.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is encoded, so a value
/// like `../x?y#z` becomes `..%2Fx%3Fy%23z` and cannot change the path or
/// start a query. Huawei's signers canonicalize with the same set.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one value for a path segment.
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// The names of a template's `{name}` segments, in order.
pub fn names(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
}

/// Fills `template`, encoding each value; `value(name)` gives the value of
/// a `{name}` segment. A name without a value is left as written (the
/// caller checks required parameters before filling).
pub fn fill<'v>(template: &str, mut value: impl FnMut(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    for (i, seg) in template.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => match value(name) {
                Some(v) => out.push_str(&encode_segment(v)),
                None => out.push_str(seg),
            },
            None => out.push_str(seg),
        }
    }
    out
}

/// The values of `template`'s `{name}` segments in `path`, decoded, by
/// name: the inverse of [`fill`]. The path may carry a prefix before the
/// template (the emulator also serves every route under `/{service}`); a
/// router has already matched it, so the template's segments are the
/// path's last ones.
///
/// A value that is not UTF-8 once decoded is an error naming the parameter.
pub fn extract(template: &str, path: &str) -> Result<Vec<(String, String)>, String> {
    let names: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let Some(start) = segments.len().checked_sub(names.len()) else {
        return Err(format!("the path does not have the shape {template}"));
    };
    let mut values = Vec::new();
    for (name, raw) in names.iter().zip(&segments[start..]) {
        let Some(name) = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')) else {
            if !name.is_empty() && name != raw {
                return Err(format!("the path does not have the shape {template}"));
            }
            continue;
        };
        let value = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| format!("path parameter {name} is not valid UTF-8 once decoded"))?;
        values.push((name.to_owned(), value.into_owned()));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "/v3/{project_id}/backups/{backup_id}/replicate";

    #[test]
    fn fill_then_extract_gives_the_values_back() {
        let path = fill(T, |n| Some(if n == "project_id" { "p" } else { "a/b c" }));
        assert_eq!(path, "/v3/p/backups/a%2Fb%20c/replicate");
        let want = vec![
            ("project_id".to_owned(), "p".to_owned()),
            ("backup_id".to_owned(), "a/b c".to_owned()),
        ];
        assert_eq!(extract(T, &path), Ok(want.clone()));
        assert_eq!(extract(T, &format!("/cbr{path}")), Ok(want));
    }

    #[test]
    fn a_value_cannot_leave_its_segment() {
        let path = fill("/x/{id}", |_| Some("../y?z#w"));
        assert_eq!(path, "/x/..%2Fy%3Fz%23w");
        assert_eq!(names(T).collect::<Vec<_>>(), ["project_id", "backup_id"]);
    }

    #[test]
    fn errors_name_the_parameter_or_the_shape() {
        let err = extract(T, "/v3/p/backups/%FF%FE/replicate").unwrap_err();
        assert!(err.contains("backup_id"), "{err}");
        assert!(extract(T, "/v3").is_err());
        assert!(extract(T, "/v3/p/servers/b/replicate").is_err());
    }
}
