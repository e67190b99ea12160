//! The credential chain of the official SDKs
//! (`huaweicloudsdkcore`'s `CredentialProviderChain`): what is set in code,
//! else the environment, else the credentials file, else the ECS metadata
//! service. The first two are read when the client is configured; the
//! metadata service is only asked at the first call, and its keys are kept
//! and refreshed ([`TemporaryKeys`]).

use std::path::PathBuf;
use std::sync::Arc;

use super::credentials::{ENV_AK, ENV_PROJECT_ID, ENV_SK};
use super::profile::{self, Profile};
use super::temporary::TemporaryKeys;
use super::{Credentials, Error};

/// A federated identity, from the environment or the file.
pub const ENV_IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
pub const ENV_ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

/// How a client gets its credentials, before any call.
#[derive(Clone, Debug)]
pub(crate) enum CredentialSpec {
    Keys(Credentials),
    Federated {
        idp_id: String,
        id_token_file: PathBuf,
    },
    Metadata,
}

/// What the environment and the credentials file say.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// `None`: nothing found; the metadata service is the last resort.
    pub(crate) credentials: Option<CredentialSpec>,
    pub(crate) project_id: Option<String>,
    pub(crate) iam_endpoint: Option<String>,
    /// What was looked at and why it did not answer, for the error if the
    /// metadata service does not either.
    pub(crate) tried: Vec<String>,
}

/// Reads the environment (`var`), then the credentials file, as the
/// official chain does; an unreadable or malformed file is an error, a
/// missing one is not.
pub(crate) fn find(var: &impl Fn(&str) -> Option<String>) -> Result<Found, Error> {
    let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let mut found = Found {
        project_id: get(ENV_PROJECT_ID),
        iam_endpoint: get(super::iam::ENV_IAM_ENDPOINT),
        ..Found::default()
    };
    let from_env = match (get(ENV_IDP_ID), get(ENV_ID_TOKEN_FILE)) {
        (Some(idp_id), Some(file)) => Some(CredentialSpec::Federated {
            idp_id,
            id_token_file: PathBuf::from(file),
        }),
        _ => Credentials::from_vars(var).map(CredentialSpec::Keys),
    };
    if let Some(spec) = from_env {
        found.credentials = Some(spec);
        return Ok(found);
    }
    found
        .tried
        .push(format!("the environment ({ENV_AK} and {ENV_SK} are not both set, nor {ENV_IDP_ID} and {ENV_ID_TOKEN_FILE})"));
    let Some(path) = profile::path(var) else {
        found
            .tried
            .push("a credentials file (no HOME to find it in)".into());
        return Ok(found);
    };
    match profile::read(&path).map_err(|e| Error::Credentials(format!("credentials file {e}")))? {
        None => found
            .tried
            .push(format!("the credentials file {} (not found)", path.display())),
        Some(p) => match from_profile(&p) {
            Some(spec) => {
                found.credentials = Some(spec);
                found.project_id = found.project_id.or(p.project_id);
                found.iam_endpoint = found.iam_endpoint.or(p.iam_endpoint);
            }
            None => found.tried.push(format!(
                "the credentials file {} (its [basic] section has neither ak and sk nor idp_id and id_token_file)",
                path.display()
            )),
        },
    }
    Ok(found)
}

/// Reads the file at `path`, which must exist and hold credentials.
pub(crate) fn from_file(path: &std::path::Path) -> Result<(CredentialSpec, Profile), Error> {
    let bad = |e: String| Error::Credentials(format!("credentials file {e}"));
    let p = profile::read(path)
        .map_err(bad)?
        .ok_or_else(|| bad(format!("{}: not found", path.display())))?;
    let spec = from_profile(&p).ok_or_else(|| {
        bad(format!(
            "{}: its [basic] section has neither ak and sk nor idp_id and id_token_file",
            path.display()
        ))
    })?;
    Ok((spec, p))
}

fn from_profile(p: &Profile) -> Option<CredentialSpec> {
    if let (Some(idp_id), Some(file)) = (&p.idp_id, &p.id_token_file) {
        return Some(CredentialSpec::Federated {
            idp_id: idp_id.clone(),
            id_token_file: PathBuf::from(file),
        });
    }
    let (ak, sk) = (p.ak.clone()?, p.sk.clone()?);
    Some(CredentialSpec::Keys(match &p.security_token {
        Some(t) => Credentials::temporary(ak, sk, t.clone()),
        None => Credentials::aksk(ak, sk),
    }))
}

/// Where a built client's calls get their credentials.
#[derive(Debug)]
pub(crate) enum CredentialSource {
    Fixed(Arc<Credentials>),
    Temporary {
        keys: Box<TemporaryKeys>,
        /// What the chain tried before (empty when chosen in code).
        tried: Vec<String>,
    },
}

impl CredentialSource {
    /// The credentials for a call now.
    pub(crate) async fn current(&self) -> Result<Arc<Credentials>, Error> {
        match self {
            CredentialSource::Fixed(c) => Ok(c.clone()),
            CredentialSource::Temporary { keys, tried } => {
                keys.current().await.map_err(|e| match e {
                    Error::Credentials(reason) if !tried.is_empty() => Error::Credentials(format!(
                        "none found: tried {}; then {reason}",
                        tried.join("; ")
                    )),
                    e => e,
                })
            }
        }
    }

    /// The credentials held now, without asking any service.
    pub(crate) fn held(&self) -> Option<Arc<Credentials>> {
        match self {
            CredentialSource::Fixed(c) => Some(c.clone()),
            CredentialSource::Temporary { keys, .. } => keys.held(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn file(text: &str) -> (tempdir::Dir, String) {
        let dir = tempdir::Dir::new();
        let path = dir.path().join("credentials");
        std::fs::write(&path, text).unwrap();
        (dir, path.display().to_string())
    }

    /// A directory removed when dropped, without a crate for it.
    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                let p = std::env::temp_dir().join(format!(
                    "hwbackup-chain-{}-{}",
                    std::process::id(),
                    fastrand::u64(..)
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn access_key(found: &Found) -> Option<String> {
        match &found.credentials {
            Some(CredentialSpec::Keys(Credentials::AkSk { access_key, .. })) => {
                Some(access_key.clone())
            }
            _ => None,
        }
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let (_dir, path) = file("[basic]\nak = FILE_AK\nsk = FILE_SK\nproject_id = file-project\n");
        let found = find(&vars(vec![
            (ENV_AK, "ENV_AK".into()),
            (ENV_SK, "ENV_SK".into()),
            (profile::ENV_CREDENTIALS_FILE, path.clone()),
        ]))
        .unwrap();
        assert_eq!(access_key(&found).as_deref(), Some("ENV_AK"));
        // The file's project belongs to the file's keys, not the environment's.
        assert_eq!(found.project_id, None);

        let found = find(&vars(vec![(profile::ENV_CREDENTIALS_FILE, path)])).unwrap();
        assert_eq!(access_key(&found).as_deref(), Some("FILE_AK"));
        assert_eq!(found.project_id.as_deref(), Some("file-project"));
        assert_eq!(found.tried.len(), 1, "{:?}", found.tried);
    }

    #[test]
    fn a_federated_identity_wins_over_keys_as_in_the_official_chain() {
        let found = find(&vars(vec![
            (ENV_AK, "AK".into()),
            (ENV_SK, "SK".into()),
            (ENV_IDP_ID, "idp".into()),
            (ENV_ID_TOKEN_FILE, "/run/token".into()),
        ]))
        .unwrap();
        assert!(matches!(
            found.credentials,
            Some(CredentialSpec::Federated { .. })
        ));
    }

    #[test]
    fn with_nothing_found_the_metadata_service_is_left_and_what_was_tried_is_kept() {
        let dir = tempdir::Dir::new();
        let home = dir.path().display().to_string();
        let found = find(&vars(vec![("HOME", home.clone())])).unwrap();
        assert!(found.credentials.is_none());
        let tried = found.tried.join("; ");
        assert!(tried.contains(ENV_AK) && tried.contains(&home), "{tried}");

        // A file without keys is passed over; a broken one is an error.
        let (_d, path) = file("[basic]\nproject_id = p\n");
        let found = find(&vars(vec![(profile::ENV_CREDENTIALS_FILE, path)])).unwrap();
        assert!(found.credentials.is_none());
        let (_d, path) = file("[basic\n");
        let err = find(&vars(vec![(profile::ENV_CREDENTIALS_FILE, path)])).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn a_named_file_must_exist_and_hold_keys() {
        let err = from_file(std::path::Path::new("/nonexistent/credentials")).unwrap_err();
        assert!(
            err.to_string()
                .contains("/nonexistent/credentials: not found"),
            "{err}"
        );
        let (_d, path) = file("[basic]\nak = A\nsk = S\nsecurity_token = T\n");
        let (spec, _) = from_file(std::path::Path::new(&path)).unwrap();
        assert!(matches!(
            spec,
            CredentialSpec::Keys(Credentials::AkSk {
                security_token: Some(_),
                ..
            })
        ));
    }
}
