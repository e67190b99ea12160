//! Temporary keys from an ECS instance's metadata service, as the official
//! SDKs get them (`huaweicloudsdkcore`'s `MetadataAccessor`): a session
//! token from `PUT /meta-data/latest/api/token` where the service offers
//! one, then the instance agency's keys from
//! `GET /openstack/latest/securitykey`.

use std::time::Duration;

use reqwest::Url;

use super::exchange::{exchange, under};
use super::temporary::{parse_keys, Fetched};

/// Where an ECS instance reaches its metadata service.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const KEYS_PATH: &str = "/openstack/latest/securitykey";
/// The session token's lifetime asked for (the official SDKs' 6 hours).
const TOKEN_TTL_SECONDS: &str = "21600";
/// The official SDKs' timeouts: a service on the instance's own link
/// answers at once or not at all.
const TIMEOUT: Duration = Duration::from_secs(3);

/// One instance's metadata service.
#[derive(Debug)]
pub(crate) struct MetadataService {
    base: Url,
    /// Its own client: never through a proxy, with short timeouts.
    http: reqwest::Client,
}

impl MetadataService {
    pub(crate) fn new(base: Url) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("HTTP client for the metadata service: {e}"))?;
        Ok(MetadataService { base, http })
    }

    pub(crate) fn base(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    fn url(&self, path: &str) -> Url {
        under(&self.base, path)
    }

    pub(crate) async fn fetch(&self) -> Result<Fetched, String> {
        let token = self.session_token().await?;
        let mut request = self.http.get(self.url(KEYS_PATH));
        if let Some(token) = &token {
            request = request.header("X-Metadata-Token", token);
        }
        let request = request.build().map_err(|e| e.to_string())?;
        let what = format!("GET {}", request.url());
        let answer = exchange(&self.http, request).await?;
        if answer.status != 200 {
            let mut reason = answer.refusal(&what);
            if answer.status == 401 || answer.status == 404 {
                reason.push_str(" (is an agency attached to this instance?)");
            }
            return Err(reason);
        }
        parse_keys(&answer.body).map_err(|e| format!("{what}: {e}"))
    }

    /// The session token, or `None` where the service does not issue them
    /// (it answers 404, 405 or 503, and the keys are served without one).
    async fn session_token(&self) -> Result<Option<String>, String> {
        let request = self
            .http
            .put(self.url(TOKEN_PATH))
            .header("X-Metadata-Token-Ttl-Seconds", TOKEN_TTL_SECONDS)
            .build()
            .map_err(|e| e.to_string())?;
        let what = format!("PUT {}", request.url());
        let answer = exchange(&self.http, request).await?;
        match answer.status {
            200 => {
                let token = String::from_utf8(answer.body)
                    .map_err(|_| format!("{what}: a token that is not text"))?;
                Ok(Some(token.trim().to_owned()))
            }
            404 | 405 | 503 => Ok(None),
            _ => Err(answer.refusal(&what)),
        }
    }
}
