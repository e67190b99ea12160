//! The client and its builder.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::text::header_problem;
use super::{Credentials, Error, RetryPolicy, Service};
use crate::generated::SERVICES;

/// A client for every service of the API. Cheap to clone (one shared
/// connection pool) and safe to share across tasks.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: Credentials,
    pub(crate) project_id: String,
    /// Base URL per service module.
    pub(crate) endpoints: Vec<(&'static str, Url)>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    /// Values for optional header parameters (`X-Language`), by wire name.
    pub(crate) default_headers: Vec<(String, String)>,
    /// The largest success body read; error bodies stop at `ERROR_BODY_LIMIT`.
    pub(crate) max_response_bytes: usize,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment alone
    /// ([`ClientBuilder::with_env`]): `HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK` (and `HUAWEICLOUD_SDK_SECURITY_TOKEN`),
    /// `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION`. A missing one
    /// is a [`Error::Config`] naming what to set.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().with_env().build()
    }

    /// The base URL calls to `service` (`cbr`) go to, if it is a known service.
    pub fn endpoint_url(&self, service: &str) -> Option<&str> {
        self.base_url(service).map(Url::as_str)
    }

    pub(crate) fn endpoint(&self, service: &Service) -> Result<&Url, Error> {
        self.base_url(service.module)
            .ok_or_else(|| Error::Config(format!("no endpoint for service {}", service.module)))
    }

    fn base_url(&self, module: &str) -> Option<&Url> {
        self.inner
            .endpoints
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, u)| u)
    }
}

/// Configuration of a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    project_id: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    service_endpoints: Vec<(String, String)>,
    /// Every service under `{base}/{service}`.
    service_base: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent_suffix: Option<String>,
    language: Option<String>,
    max_response_bytes: Option<usize>,
    proxy: super::proxy::ProxySetting,
    proxy_loopback: bool,
}

/// Connect timeout unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Timeout of one attempt (connect, send, answer) unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer body read unless configured: 16 MiB, hundreds of
/// times the largest documented answer (a full page of backups).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

impl ClientBuilder {
    /// Token or AK/SK credentials. Required.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The project id that goes into paths and `X-Project-Id`. Required.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The region whose endpoints to call (`cn-north-4`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// One endpoint for every service, such as another cloud running this
    /// API or a local emulator (`http://127.0.0.1:8080`). Wins over the region.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The endpoint of one service (`cbr`, `gaussdb_mysql`). Wins over
    /// [`endpoint`](Self::endpoint) and the region.
    pub fn service_endpoint(mut self, service: impl Into<String>, url: impl Into<String>) -> Self {
        self.service_endpoints.push((service.into(), url.into()));
        self
    }

    /// Every service at `{base}/{service}` (`http://127.0.0.1:8080/cbr`,
    /// `.../gaussdb_mysql`): the layout of the emulator, where it is the
    /// only way to reach paths two services share. Loses to
    /// [`service_endpoint`](Self::service_endpoint), wins over
    /// [`endpoint`](Self::endpoint) and the region.
    pub fn endpoint_per_service(mut self, base: impl Into<String>) -> Self {
        self.service_base = Some(base.into());
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt, from connecting to the end of the
    /// answer (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Appended to the `User-Agent` header (`myapp/1.2`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Default `X-Language` for operations that take it (`en-us`, `zh-cn`).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// The largest answer body the client reads (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]). Reading stops at the limit and the
    /// call fails with [`Error::ResponseTooLarge`], so a server cannot make
    /// the client hold more than this in memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// What the environment says, as the official SDKs read it: the
    /// credentials ([`Credentials::from_env`]), the project
    /// (`HUAWEICLOUD_SDK_PROJECT_ID`) and the region
    /// (`HUAWEICLOUD_SDK_REGION`). Each only where it is set; anything set
    /// in code afterwards wins.
    pub fn with_env(self) -> Self {
        self.with_vars(|name| std::env::var(name).ok())
    }

    pub(crate) fn with_vars(mut self, var: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(c) = Credentials::from_vars(&var) {
            self.credentials = Some(c);
        }
        if let Some(p) = get(super::credentials::ENV_PROJECT_ID) {
            self.project_id = Some(p);
        }
        if let Some(r) = get(super::credentials::ENV_REGION) {
            self.region = Some(r);
        }
        self
    }

    /// Sends every call through this proxy (`http://host:port`), except
    /// to loopback addresses unless [`proxy_loopback`](Self::proxy_loopback).
    /// By default the proxy comes from the environment (`HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY`, with `NO_PROXY`), as curl reads it.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = super::proxy::ProxySetting::Url(url.into());
        self
    }

    /// No proxy at all, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = super::proxy::ProxySetting::None;
        self
    }

    /// Also proxy calls to `127.0.0.0/8`, `::1` and `localhost` (off by
    /// default: a proxy cannot reach a local emulator).
    pub fn proxy_loopback(mut self, yes: bool) -> Self {
        self.proxy_loopback = yes;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self
            .credentials
            .ok_or_else(|| {
                Error::Config(
                    "credentials are required (in code, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK through with_env or Client::from_env)"
                        .into(),
                )
            })?;
        let project_id = self.project_id.ok_or_else(|| {
            Error::Config(
                "a project id is required (in code, or HUAWEICLOUD_SDK_PROJECT_ID through with_env or Client::from_env)"
                    .into(),
            )
        })?;
        let mut endpoints = Vec::new();
        for service in SERVICES {
            let prefixed = self
                .service_base
                .as_ref()
                .map(|base| format!("{}/{}", base.trim_end_matches('/'), service.module));
            let explicit = self
                .service_endpoints
                .iter()
                .rev()
                .find(|(s, _)| s == service.module)
                .map(|(_, u)| u.clone())
                .or(prefixed)
                .or(self.endpoint.clone());
            let url = match (explicit, &self.region) {
                (Some(url), _) => url,
                (None, Some(region)) => service
                    .endpoint(region)
                    .ok_or_else(|| Error::UnknownRegion {
                        service: service.module,
                        region: region.clone(),
                        known: service.region_names(),
                    })?
                    .to_owned(),
                (None, None) => {
                    return Err(Error::Config(
                        "set a region or an endpoint (or HUAWEICLOUD_SDK_REGION through with_env or Client::from_env)"
                            .into(),
                    ))
                }
            };
            endpoints.push((service.module, parse_endpoint(&url)?));
        }
        for (s, _) in &self.service_endpoints {
            if !SERVICES.iter().any(|x| x.module == s) {
                let known: Vec<_> = SERVICES.iter().map(|x| x.module).collect();
                return Err(Error::Config(format!(
                    "unknown service {s:?} (known: {})",
                    known.join(", ")
                )));
            }
        }
        let mut user_agent = format!("hwbackup-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let mut default_headers = Vec::new();
        if let Some(lang) = self.language {
            default_headers.push(("X-Language".to_owned(), lang));
        }
        for (name, value) in [
            ("User-Agent", user_agent.as_str()),
            ("project id", project_id.as_str()),
        ]
        .into_iter()
        .chain(
            default_headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        ) {
            if let Some(found) = header_problem(value) {
                return Err(Error::InvalidHeader {
                    name: name.into(),
                    found,
                });
            }
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(timeout);
        let http = super::proxy::apply(http, &self.proxy, self.proxy_loopback, |name| {
            std::env::var(name).ok()
        })?
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                project_id,
                endpoints,
                retry: self.retry.unwrap_or_default(),
                timeout,
                connect_timeout,
                user_agent,
                default_headers,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            }),
        })
    }
}

fn parse_endpoint(url: &str) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|e| Error::Config(format!("endpoint {url:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::Config(format!(
            "endpoint {url:?}: expected http(s)://host[:port]"
        )));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_environment_configures_a_client_as_the_official_sdks_read_it() {
        let client = ClientBuilder::default()
            .with_vars(vars(&[
                ("HUAWEICLOUD_SDK_AK", "AK1"),
                ("HUAWEICLOUD_SDK_SK", "SK1"),
                ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN1"),
                (
                    "HUAWEICLOUD_SDK_PROJECT_ID",
                    "0123456789abcdef0123456789abcdef",
                ),
                ("HUAWEICLOUD_SDK_REGION", "cn-north-4"),
            ]))
            .build()
            .unwrap();
        assert_eq!(client.inner.project_id, "0123456789abcdef0123456789abcdef");
        let shown = format!("{:?}", client.inner.credentials);
        assert!(
            shown.contains("AK1") && !shown.contains("SK1") && !shown.contains("TOKEN1"),
            "{shown}"
        );
        assert!(matches!(
            &client.inner.credentials,
            Credentials::AkSk {
                security_token: Some(_),
                ..
            }
        ));
        assert!(client
            .endpoint_url("cbr")
            .is_some_and(|u| u.contains("cn-north-4")));
    }

    #[test]
    fn what_code_sets_wins_and_what_is_missing_is_named() {
        let client = ClientBuilder::default()
            .with_vars(vars(&[("HUAWEICLOUD_SDK_PROJECT_ID", "from-env")]))
            .project_id("0123456789abcdef0123456789abcdef")
            .credentials(Credentials::token("t"))
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap();
        assert_eq!(client.inner.project_id, "0123456789abcdef0123456789abcdef");
        // An access key without its secret is not a credential.
        let err = ClientBuilder::default()
            .with_vars(vars(&[
                ("HUAWEICLOUD_SDK_AK", "AK1"),
                ("HUAWEICLOUD_SDK_SK", " "),
            ]))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_SK"), "{err}");
    }
}
