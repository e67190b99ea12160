//! Temporary access keys that expire: fetched when first needed, kept,
//! and fetched again before they expire, by one task at a time however many
//! calls are waiting (the rest wait for that one fetch and share its
//! outcome, success or failure).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use super::federated::FederatedIdentity;
use super::metadata::MetadataService;
use super::{Credentials, Error};

/// Keys are fetched anew this long before they expire (the official SDKs'
/// threshold), or at half their lifetime if that comes first.
pub(crate) const REFRESH_MARGIN: Duration = Duration::from_secs(40 * 60);

/// A key pair and when it stops working.
pub(crate) struct Fetched {
    pub(crate) credentials: Credentials,
    pub(crate) expires_at: SystemTime,
}

/// Where temporary keys come from.
#[derive(Debug)]
pub(crate) enum KeySource {
    /// An ECS instance's metadata service (its agency's keys).
    Metadata(MetadataService),
    /// IAM, in exchange for an identity provider's id token.
    Federated(FederatedIdentity),
}

impl KeySource {
    async fn fetch(&self) -> Result<Fetched, String> {
        match self {
            KeySource::Metadata(m) => m.fetch().await,
            KeySource::Federated(f) => f.fetch().await,
        }
    }

    /// What a user would call this source, for errors.
    pub(crate) fn describe(&self) -> String {
        match self {
            KeySource::Metadata(m) => format!("the ECS metadata service at {}", m.base()),
            KeySource::Federated(f) => format!("IAM federation at {}", f.iam()),
        }
    }
}

struct Cached {
    credentials: Arc<Credentials>,
    refresh_at: SystemTime,
    expires_at: SystemTime,
}

/// Temporary keys from one source, shared by every call of a client.
pub(crate) struct TemporaryKeys {
    source: KeySource,
    cached: RwLock<Option<Cached>>,
    /// Held by the one task fetching.
    fetching: tokio::sync::Mutex<()>,
    /// How many fetches have finished, and the last one's error if it failed.
    fetches: AtomicU64,
    last_error: RwLock<Option<String>>,
}

impl std::fmt::Debug for TemporaryKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryKeys")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl TemporaryKeys {
    pub(crate) fn new(source: KeySource) -> Self {
        TemporaryKeys {
            source,
            cached: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(()),
            fetches: AtomicU64::new(0),
            last_error: RwLock::new(None),
        }
    }

    /// Keys good for a call now, fetched if there are none or they are due.
    pub(crate) async fn current(&self) -> Result<Arc<Credentials>, Error> {
        if let Some(c) = self.cached_until(|c| c.refresh_at) {
            return Ok(c);
        }
        let before = self.fetches.load(Ordering::Acquire);
        let _fetching = self.fetching.lock().await;
        if let Some(c) = self.cached_until(|c| c.refresh_at) {
            return Ok(c);
        }
        // A fetch that finished while this call waited failed: share its
        // error rather than ask a source that just refused again.
        if self.fetches.load(Ordering::Acquire) != before {
            if let Some(e) = self.last_error.read().expect("poisoned").as_ref() {
                return Err(self.error(e));
            }
        }
        let outcome = self.source.fetch().await;
        self.fetches.fetch_add(1, Ordering::AcqRel);
        match outcome {
            Ok(fetched) => {
                *self.last_error.write().expect("poisoned") = None;
                let credentials = Arc::new(fetched.credentials);
                *self.cached.write().expect("poisoned") = Some(Cached {
                    refresh_at: refresh_time(SystemTime::now(), fetched.expires_at),
                    expires_at: fetched.expires_at,
                    credentials: credentials.clone(),
                });
                Ok(credentials)
            }
            Err(e) => {
                tracing::warn!(source = %self.source.describe(), error = %e, "temporary keys not refreshed");
                *self.last_error.write().expect("poisoned") = Some(e.clone());
                // Keys due for refresh but not yet expired still work.
                self.cached_until(|c| c.expires_at)
                    .ok_or_else(|| self.error(&e))
            }
        }
    }

    /// The keys held now, if they have not expired: for signing a request
    /// without sending it.
    pub(crate) fn held(&self) -> Option<Arc<Credentials>> {
        self.cached_until(|c| c.expires_at)
    }

    fn cached_until(&self, until: impl Fn(&Cached) -> SystemTime) -> Option<Arc<Credentials>> {
        let cached = self.cached.read().expect("poisoned");
        let c = cached.as_ref()?;
        (SystemTime::now() < until(c)).then(|| c.credentials.clone())
    }

    fn error(&self, reason: &str) -> Error {
        Error::Credentials(format!(
            "no temporary keys from {}: {reason}",
            self.source.describe()
        ))
    }
}

/// When keys fetched at `now` that expire at `expires_at` are fetched
/// again: [`REFRESH_MARGIN`] before they expire, or at half their lifetime
/// if that comes first.
fn refresh_time(now: SystemTime, expires_at: SystemTime) -> SystemTime {
    let lifetime = expires_at.duration_since(now).unwrap_or_default();
    expires_at - REFRESH_MARGIN.min(lifetime / 2)
}

/// Reads an expiry as the metadata service and IAM write it:
/// `2026-12-02T06:00:00.000000Z` (fraction optional).
pub(crate) fn parse_expiry(text: &str) -> Option<SystemTime> {
    hwbackup_signer::parse_timestamp(text)
}

/// Reads the keys out of a metadata or IAM answer, in every spelling the
/// official SDKs accept (`credential` or `credentials` around `access`,
/// `secret`, `securitytoken` and `expires_at`, or their camelCase forms).
pub(crate) fn parse_keys(body: &[u8]) -> Result<Fetched, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("an answer that is not JSON ({e})"))?;
    let inner = value
        .get("credential")
        .or_else(|| value.get("credentials"))
        .unwrap_or(&value);
    let pick = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| inner.get(*n).and_then(|v| v.as_str()))
            .filter(|v| !v.is_empty())
    };
    let missing = |what: &str| format!("an answer without {what}");
    let access =
        pick(&["access", "accessKeyId", "access_key_id"]).ok_or_else(|| missing("access"))?;
    let secret = pick(&["secret", "secretAccessKey", "secret_access_key"])
        .ok_or_else(|| missing("secret"))?;
    let token = pick(&["securitytoken", "securityToken", "security_token"])
        .ok_or_else(|| missing("securitytoken"))?;
    let expiry = pick(&["expires_at", "expiration"]).ok_or_else(|| missing("expires_at"))?;
    let expires_at = parse_expiry(expiry).ok_or_else(|| {
        format!(
            "an expiry that is not a UTC time: {:?}",
            super::text::bounded(expiry, 64)
        )
    })?;
    Ok(Fetched {
        credentials: Credentials::temporary(access, secret, token),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn expiries_are_read_with_or_without_a_fraction() {
        let at = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        let text = "2026-11-18T11:06:40";
        assert_eq!(parse_expiry(&format!("{text}.000000Z")), Some(at));
        assert_eq!(parse_expiry(&format!("{text}Z")), Some(at));
        assert_eq!(parse_expiry(text), Some(at));
        assert_eq!(parse_expiry("2026-11-18 09:06:40Z"), None);
        assert_eq!(parse_expiry("2026-11-18T09:06:40.Z"), None);
        assert_eq!(parse_expiry("soon"), None);
    }

    #[test]
    fn keys_are_refreshed_before_they_expire() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let day = Duration::from_secs(86_400);
        assert_eq!(refresh_time(now, now + day), now + day - REFRESH_MARGIN);
        let short = Duration::from_secs(60);
        assert_eq!(refresh_time(now, now + short), now + short / 2);
        assert_eq!(refresh_time(now, now - short), now - short);
    }

    #[test]
    fn keys_are_read_in_each_spelling_and_missing_parts_are_named() {
        let k = parse_keys(
            br#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2026-11-18T09:06:40.000000Z"}}"#,
        )
        .unwrap();
        assert!(format!("{:?}", k.credentials).contains("\"A\""));
        let camel = parse_keys(
            br#"{"credentials":{"accessKeyId":"A","secretAccessKey":"S","securityToken":"T","expiration":"2026-11-18T09:06:40Z"}}"#,
        );
        assert!(camel.is_ok());
        let err = parse_keys(br#"{"credential":{"access":"A","secret":"S"}}"#).err();
        assert_eq!(err.as_deref(), Some("an answer without securitytoken"));
        assert!(parse_keys(b"<html>").is_err());
    }
}
