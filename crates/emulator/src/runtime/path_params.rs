//! Path parameters read back out of a request path: the inverse of the
//! client filling a template (`/v3/{project_id}/backups/{backup_id}`).

use percent_encoding::percent_decode_str;

/// The values of `template`'s `{name}` segments in `path`, decoded, by
/// name. The path may carry a prefix before the template (the emulator
/// also serves every route under `/{service}`); the router has already
/// matched it, so the template's segments are the path's last ones.
///
/// A value that is not UTF-8 once decoded is an error naming the
/// parameter, for the cloud-shaped 400 that follows.
pub(crate) fn path_values(template: &str, path: &str) -> Result<Vec<(String, String)>, String> {
    let names: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let Some(start) = segments.len().checked_sub(names.len()) else {
        return Err(format!("the path does not have the shape {template}"));
    };
    let mut values = Vec::new();
    for (name, raw) in names.iter().zip(&segments[start..]) {
        let Some(name) = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')) else {
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
    fn reads_values_by_name_with_or_without_a_prefix() {
        let want = vec![
            ("project_id".to_owned(), "p".to_owned()),
            ("backup_id".to_owned(), "a/b c".to_owned()),
        ];
        assert_eq!(
            path_values(T, "/v3/p/backups/a%2Fb%20c/replicate"),
            Ok(want.clone())
        );
        assert_eq!(
            path_values(T, "/cbr/v3/p/backups/a%2Fb%20c/replicate"),
            Ok(want)
        );
    }

    #[test]
    fn invalid_utf8_names_the_parameter() {
        let err = path_values(T, "/v3/p/backups/%FF%FE/replicate").unwrap_err();
        assert!(err.contains("backup_id"), "{err}");
        assert!(path_values(T, "/v3").is_err());
    }
}
