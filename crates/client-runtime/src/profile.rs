//! The credentials file the official SDKs read (`huaweicloudsdkcore`'s
//! `ProfileCredentialProvider`): `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, or
//! `~/.huaweicloud/credentials`, an INI file whose `[basic]` section holds
//! `ak`, `sk`, `security_token`, `project_id`, `iam_endpoint`, or `idp_id`
//! and `id_token_file` for a federated identity.
//!
//! Read by hand rather than with an INI crate: the format the official SDK
//! accepts (Python's `configparser` defaults) is sections, `key = value` or
//! `key: value`, and `#` or `;` comment lines, which a page of code covers.

use std::path::{Path, PathBuf};

/// Where the file is looked for unless `HUAWEICLOUD_SDK_CREDENTIALS_FILE` says.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The section read: the official SDKs' credential type for project-scoped
/// services.
const SECTION: &str = "basic";

/// What the file's `[basic]` section says, each key only where it is set.
#[derive(Default, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) path: PathBuf,
    pub(crate) ak: Option<String>,
    pub(crate) sk: Option<String>,
    pub(crate) security_token: Option<String>,
    pub(crate) project_id: Option<String>,
    pub(crate) iam_endpoint: Option<String>,
    pub(crate) idp_id: Option<String>,
    pub(crate) id_token_file: Option<String>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("path", &self.path)
            .field("ak", &self.ak)
            .field("sk", &self.sk.as_ref().map(|_| "[REDACTED]"))
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

/// The file's path: the variable if set, else `~/.huaweicloud/credentials`
/// (`HOME`, or `USERPROFILE` on Windows). `None` without a home.
pub(crate) fn path(var: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    if let Some(p) = set(ENV_CREDENTIALS_FILE) {
        return Some(PathBuf::from(p));
    }
    let home = set("HOME").or_else(|| set("USERPROFILE"))?;
    Some(Path::new(&home).join(".huaweicloud").join("credentials"))
}

/// Reads the profile at `path`: `Ok(None)` if there is no such file, an
/// error naming the file and the line if it cannot be read.
pub(crate) fn read(path: &Path) -> Result<Option<Profile>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut profile = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    profile.path = path.to_owned();
    Ok(Some(profile))
}

fn parse(text: &str) -> Result<Profile, String> {
    let mut profile = Profile::default();
    let mut section: Option<String> = None;
    let mut seen_section = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name
                .strip_suffix(']')
                .ok_or_else(|| format!("line {}: a section header without its `]`", n + 1))?;
            seen_section |= name.trim().eq_ignore_ascii_case(SECTION);
            section = Some(name.trim().to_ascii_lowercase());
            continue;
        }
        let Some(at) = line.find(['=', ':']) else {
            return Err(format!("line {}: expected `key = value`", n + 1));
        };
        if section.is_none() {
            return Err(format!("line {}: a key before any [section]", n + 1));
        }
        if section.as_deref() != Some(SECTION) {
            continue;
        }
        let key = line[..at].trim().to_ascii_lowercase();
        let value = line[at + 1..].trim();
        let value = (!value.is_empty()).then(|| value.to_owned());
        let slot = match key.as_str() {
            "ak" => &mut profile.ak,
            "sk" => &mut profile.sk,
            "security_token" => &mut profile.security_token,
            "project_id" => &mut profile.project_id,
            "iam_endpoint" => &mut profile.iam_endpoint,
            "idp_id" => &mut profile.idp_id,
            "id_token_file" => &mut profile.id_token_file,
            // The official SDK ignores keys it does not use; so does this.
            _ => continue,
        };
        *slot = value;
    }
    if !seen_section {
        return Err(format!("no [{SECTION}] section"));
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basic_section_is_read_as_configparser_reads_it() {
        let p = parse(
            "# a comment\n[global]\nak = GLOBAL\n\n[Basic]\nAK = AK1\nsk: SK1\n; another\nproject_id = p1\niam_endpoint=https://iam.example\nunused = x\n",
        )
        .unwrap();
        assert_eq!(p.ak.as_deref(), Some("AK1"));
        assert_eq!(p.sk.as_deref(), Some("SK1"));
        assert_eq!(p.project_id.as_deref(), Some("p1"));
        assert_eq!(p.iam_endpoint.as_deref(), Some("https://iam.example"));
        assert_eq!(p.security_token, None);
        assert!(!format!("{p:?}").contains("SK1"));
    }

    #[test]
    fn a_broken_file_names_the_line() {
        assert_eq!(
            parse("[basic\nak=1").unwrap_err(),
            "line 1: a section header without its `]`"
        );
        assert_eq!(
            parse("[basic]\nak").unwrap_err(),
            "line 2: expected `key = value`"
        );
        assert_eq!(
            parse("ak = 1\n").unwrap_err(),
            "line 1: a key before any [section]"
        );
        assert_eq!(
            parse("[global]\nak = 1\n").unwrap_err(),
            "no [basic] section"
        );
    }

    #[test]
    fn the_path_comes_from_the_variable_then_the_home() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            path(&vars(&[(ENV_CREDENTIALS_FILE, "/x/c"), ("HOME", "/h")])),
            Some(PathBuf::from("/x/c"))
        );
        assert_eq!(
            path(&vars(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.huaweicloud/credentials"))
        );
        assert_eq!(path(&vars(&[])), None);
    }
}
