//! The client and its builder.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::chain::{self, CredentialSource, CredentialSpec, Found};
use super::federated::FederatedIdentity;
use super::iam::{iam_endpoint_for, lookup_project, ProjectSource};
use super::metadata::{MetadataService, DEFAULT_METADATA_ENDPOINT};
use super::temporary::{KeySource, TemporaryKeys};
use super::text::header_problem;
use super::{Credentials, Error, RetryPolicy, Service};

/// A client for every service of the API. Cheap to clone (one shared
/// connection pool) and safe to share across tasks.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: CredentialSource,
    pub(crate) project: ProjectSource,
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
    /// The project calls go to: the one configured, or the one IAM names
    /// for the region (looked up at the first call that needs it, then kept).
    pub async fn project_id(&self) -> Result<String, Error> {
        self.project().await.map(str::to_owned)
    }

    pub(crate) async fn project(&self) -> Result<&str, Error> {
        let inner = &self.inner;
        match &inner.project {
            ProjectSource::Fixed(id) => Ok(id),
            ProjectSource::Lookup { region, iam, found } => found
                .get_or_try_init(|| async {
                    let credentials = inner.credentials.current().await?;
                    let id =
                        lookup_project(&inner.http, iam, region, &credentials, &inner.user_agent)
                            .await?;
                    tracing::info!(region = %region, "project id found at IAM");
                    Ok(id)
                })
                .await
                .map(String::as_str),
        }
    }

    /// The project id if it is known without asking IAM.
    pub(crate) fn project_at_hand(&self) -> Option<&str> {
        match &self.inner.project {
            ProjectSource::Fixed(id) => Some(id),
            ProjectSource::Lookup { found, .. } => found.get().map(String::as_str),
        }
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
///
/// Made for a list of services (`ClientBuilder::for_services`, which a
/// generated crate's `Client::builder()` calls), and building a `C`: the
/// generated crate's own `Client`, which wraps this crate's.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder<C = Client> {
    /// The services whose endpoints are resolved.
    services: &'static [&'static Service],
    credentials: Option<CredentialSpec>,
    credentials_file: Option<PathBuf>,
    /// What [`with_env`](Self::with_env) found, below anything set in code.
    env: Option<Result<Found, Error>>,
    env_region: Option<String>,
    metadata_endpoint: Option<String>,
    iam_endpoint: Option<String>,
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
    root_certificates: Vec<Vec<u8>>,
    http_client: Option<reqwest::Client>,
    built: std::marker::PhantomData<fn() -> C>,
}

/// Connect timeout unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Timeout of one attempt (connect, send, answer) unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer body read unless configured: 16 MiB, hundreds of
/// times the largest documented answer (a full page of backups).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder whose client calls `services` (a generated crate's list);
    /// nothing else set.
    pub fn for_services(services: &'static [&'static Service]) -> Self {
        Self {
            services,
            credentials: None,
            credentials_file: None,
            env: None,
            env_region: None,
            metadata_endpoint: None,
            iam_endpoint: None,
            project_id: None,
            region: None,
            endpoint: None,
            service_endpoints: Vec::new(),
            service_base: None,
            connect_timeout: None,
            timeout: None,
            retry: None,
            user_agent_suffix: None,
            language: None,
            max_response_bytes: None,
            proxy: super::proxy::ProxySetting::default(),
            proxy_loopback: false,
            root_certificates: Vec::new(),
            http_client: None,
            built: std::marker::PhantomData,
        }
    }

    /// Token or AK/SK credentials. Required, unless they come from
    /// [`with_env`](Self::with_env), a [credentials file](Self::credentials_file)
    /// or [the metadata service](Self::credentials_from_metadata); wins
    /// over all of those.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialSpec::Keys(credentials));
        self
    }

    /// Temporary keys from the ECS instance's metadata service (its
    /// agency's keys), fetched at the first call and again before they
    /// expire. [`with_env`](Self::with_env) falls back to them when the
    /// environment and the credentials file have none.
    pub fn credentials_from_metadata(mut self) -> Self {
        self.credentials = Some(CredentialSpec::Metadata);
        self
    }

    /// Credentials (and the project id and IAM endpoint, where set) from
    /// this file's `[basic]` section, in the official SDKs' format:
    /// `ak`, `sk`, `security_token`, `project_id`, `iam_endpoint`, or
    /// `idp_id` and `id_token_file`. The file must exist.
    pub fn credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Where the metadata service is (default `http://169.254.169.254`,
    /// where an ECS instance finds it). Never reached through a proxy.
    pub fn metadata_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(url.into());
        self
    }

    /// The IAM endpoint for looking up the project id and for federated
    /// identities (default: `HUAWEICLOUD_SDK_IAM_ENDPOINT` through
    /// [`with_env`](Self::with_env), the file's `iam_endpoint`, else the
    /// region's IAM as the official SDKs name it).
    pub fn iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
    }

    /// The project id that goes into paths and `X-Project-Id`. Without
    /// one, it is looked up at IAM by the region's name at the first call
    /// (as the official SDKs do), which needs a region.
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

    /// The official SDKs' credential chain, and the rest of what the
    /// environment says. Credentials, in this order: the environment
    /// (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, or `HUAWEICLOUD_SDK_IDP_ID` and
    /// `HUAWEICLOUD_SDK_ID_TOKEN_FILE` for a federated identity), the
    /// credentials file (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
    /// `~/.huaweicloud/credentials`), else the ECS metadata service at the
    /// first call. Also the project (`HUAWEICLOUD_SDK_PROJECT_ID`, or the
    /// file's `project_id`), the region (`HUAWEICLOUD_SDK_REGION`) and
    /// IAM (`HUAWEICLOUD_SDK_IAM_ENDPOINT`). Anything set in code wins,
    /// whether before or after this call.
    pub fn with_env(self) -> Self {
        self.with_env_from(|name| std::env::var(name).ok())
    }

    /// [`with_env`](Self::with_env), with the variables read from `var`
    /// instead of the process's environment (a configuration map, a test).
    pub fn with_env_from(mut self, var: impl Fn(&str) -> Option<String>) -> Self {
        self.env_region = var(super::credentials::ENV_REGION).filter(|v| !v.trim().is_empty());
        self.env = Some(chain::find(&var));
        self
    }

    /// Also trusts this root certificate (PEM; a bundle of several is
    /// fine), for a private endpoint or a TLS-inspecting proxy; the
    /// built-in roots stay trusted.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Sends through this `reqwest::Client` instead of one of this
    /// crate's: its proxy, TLS and connection settings are then the
    /// caller's, so setting [`proxy`](Self::proxy), [`no_proxy`](Self::no_proxy),
    /// [`add_root_certificate`](Self::add_root_certificate) or
    /// [`connect_timeout`](Self::connect_timeout) as well is an error.
    /// [`timeout`](Self::timeout) still bounds each attempt.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
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
    pub fn build(self) -> Result<C, Error> {
        self.build_client().map(C::from)
    }

    /// The runtime's client, for [`build`](Self::build).
    fn build_client(mut self) -> Result<Client, Error> {
        let env = self.env.take().transpose()?;
        let region = self.region.clone().or(self.env_region.clone());
        let mut from_file = None;
        if let Some(path) = &self.credentials_file {
            from_file = Some(chain::from_file(path)?);
        }
        let file_profile = from_file.as_ref().map(|(_, p)| p);
        let mut tried = Vec::new();
        let spec = match (self.credentials.take(), from_file.as_ref(), &env) {
            (Some(spec), _, _) => spec,
            (None, Some((spec, _)), _) => spec.clone(),
            (None, None, Some(found)) => match &found.credentials {
                Some(spec) => spec.clone(),
                None => {
                    tried.clone_from(&found.tried);
                    CredentialSpec::Metadata
                }
            },
            (None, None, None) => {
                return Err(Error::Config(
                    "credentials are required (in code, or through with_env or Client::from_env: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the credentials file, or the ECS metadata service)"
                        .into(),
                ))
            }
        };
        let project_id = self
            .project_id
            .clone()
            .or_else(|| file_profile.and_then(|p| p.project_id.clone()))
            .or_else(|| env.as_ref().and_then(|f| f.project_id.clone()));
        let iam = self
            .iam_endpoint
            .clone()
            .or_else(|| file_profile.and_then(|p| p.iam_endpoint.clone()))
            .or_else(|| env.as_ref().and_then(|f| f.iam_endpoint.clone()))
            .unwrap_or_else(|| iam_endpoint_for(region.as_deref()));
        let iam = parse_endpoint(&iam)?;
        let project = match project_id {
            Some(id) => ProjectSource::Fixed(id),
            None => match &region {
                Some(region) => ProjectSource::Lookup {
                    region: region.clone(),
                    iam: iam.clone(),
                    found: tokio::sync::OnceCell::new(),
                },
                None => {
                    return Err(Error::Config(
                        "a project id is required (in code, or HUAWEICLOUD_SDK_PROJECT_ID through with_env or Client::from_env), or a region to look it up at IAM"
                            .into(),
                    ))
                }
            },
        };
        self.region = region;
        let services = self.services;
        let mut endpoints = Vec::new();
        for service in services {
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
            if !services.iter().any(|x| x.module == s) {
                let known: Vec<_> = services.iter().map(|x| x.module).collect();
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
        if let Some(lang) = self.language.take() {
            default_headers.push(("X-Language".to_owned(), lang));
        }
        let fixed_project = match &project {
            ProjectSource::Fixed(id) => Some(("project id", id.as_str())),
            ProjectSource::Lookup { .. } => None,
        };
        for (name, value) in [("User-Agent", user_agent.as_str())]
            .into_iter()
            .chain(fixed_project)
            .chain(
                default_headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str())),
            )
        {
            if let Some(found) = header_problem(value) {
                return Err(Error::InvalidHeader {
                    name: name.into(),
                    found,
                });
            }
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = self.http(connect_timeout, timeout)?;
        let credentials = match spec {
            CredentialSpec::Keys(c) => CredentialSource::Fixed(Arc::new(c)),
            CredentialSpec::Metadata => {
                let url = self
                    .metadata_endpoint
                    .as_deref()
                    .unwrap_or(DEFAULT_METADATA_ENDPOINT);
                let service = MetadataService::new(parse_endpoint(url)?).map_err(Error::Config)?;
                CredentialSource::Temporary {
                    keys: Box::new(TemporaryKeys::new(KeySource::Metadata(service))),
                    tried,
                }
            }
            CredentialSpec::Federated {
                idp_id,
                id_token_file,
            } => CredentialSource::Temporary {
                keys: Box::new(TemporaryKeys::new(KeySource::Federated(
                    FederatedIdentity {
                        iam,
                        idp_id,
                        id_token_file,
                        http: http.clone(),
                    },
                ))),
                tried,
            },
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                project,
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

impl<C> ClientBuilder<C> {
    /// The caller's HTTP client, or one with this builder's settings.
    fn http(&self, connect_timeout: Duration, timeout: Duration) -> Result<reqwest::Client, Error> {
        if let Some(client) = &self.http_client {
            let conflicts = [
                (
                    self.proxy != super::proxy::ProxySetting::default(),
                    "proxy or no_proxy",
                ),
                (!self.root_certificates.is_empty(), "add_root_certificate"),
                (self.connect_timeout.is_some(), "connect_timeout"),
            ];
            if let Some((_, name)) = conflicts.iter().find(|(set, _)| *set) {
                return Err(Error::Config(format!(
                    "{name} cannot apply to a reqwest::Client given with http_client: configure that client instead"
                )));
            }
            return Ok(client.clone());
        }
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(timeout);
        let http = add_roots(http, &self.root_certificates)?;
        super::proxy::apply(http, &self.proxy, self.proxy_loopback, |name| {
            std::env::var(name).ok()
        })?
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))
    }
}

/// Trusts `pems` besides the built-in roots.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn add_roots(
    mut http: reqwest::ClientBuilder,
    pems: &[Vec<u8>],
) -> Result<reqwest::ClientBuilder, Error> {
    for (i, pem) in pems.iter().enumerate() {
        let bad = |why: String| Error::Config(format!("root certificate {}: {why}", i + 1));
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("no PEM certificate in it".into()));
        }
        for cert in certs {
            http = http.add_root_certificate(cert);
        }
    }
    Ok(http)
}

/// Without a TLS feature there is nothing to add roots to.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn add_roots(
    http: reqwest::ClientBuilder,
    pems: &[Vec<u8>],
) -> Result<reqwest::ClientBuilder, Error> {
    if pems.is_empty() {
        Ok(http)
    } else {
        Err(Error::Config(
            "root certificates need TLS: turn on the rustls or native-tls feature".into(),
        ))
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

    /// A service like CBR, for the builder to resolve.
    static CBR: Service = Service {
        module: "cbr",
        title: "CBR",
        regions: &[("cn-north-4", "https://cbr.cn-north-4.myhuaweicloud.com")],
    };

    static SERVICES: &[&Service] = &[&CBR];

    fn builder() -> ClientBuilder {
        ClientBuilder::for_services(SERVICES)
    }

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
        let client = builder()
            .with_env_from(vars(&[
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
        assert_eq!(
            client.project_at_hand(),
            Some("0123456789abcdef0123456789abcdef")
        );
        let shown = format!("{:?}", client.inner.credentials);
        assert!(
            shown.contains("AK1") && !shown.contains("SK1") && !shown.contains("TOKEN1"),
            "{shown}"
        );
        let held = client.inner.credentials.held().unwrap();
        assert!(matches!(
            &*held,
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
        let client = builder()
            .with_env_from(vars(&[("HUAWEICLOUD_SDK_PROJECT_ID", "from-env")]))
            .project_id("0123456789abcdef0123456789abcdef")
            .credentials(Credentials::token("t"))
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap();
        assert_eq!(
            client.project_at_hand(),
            Some("0123456789abcdef0123456789abcdef")
        );
        // Credentials set in code win over the environment's, set before or after.
        let client = builder()
            .credentials(Credentials::aksk("CODE_AK", "CODE_SK"))
            .with_env_from(vars(&[
                ("HUAWEICLOUD_SDK_AK", "ENV_AK"),
                ("HUAWEICLOUD_SDK_SK", "ENV_SK"),
                ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
                ("HUAWEICLOUD_SDK_REGION", "cn-north-4"),
            ]))
            .build()
            .unwrap();
        let shown = format!("{:?}", client.inner.credentials);
        assert!(shown.contains("CODE_AK"), "{shown}");
        // Without a project id or a region to look it up by, building fails.
        let err = builder()
            .credentials(Credentials::token("t"))
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("region to look it up"), "{err}");
    }

    #[test]
    fn an_access_key_without_its_secret_leaves_the_chain_to_the_metadata_service() {
        let client = builder()
            .with_env_from(vars(&[
                ("HUAWEICLOUD_SDK_AK", "AK1"),
                ("HUAWEICLOUD_SDK_SK", " "),
                ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
                ("HUAWEICLOUD_SDK_REGION", "cn-north-4"),
            ]))
            .build()
            .unwrap();
        let shown = format!("{:?}", client.inner.credentials);
        assert!(shown.contains("169.254.169.254"), "{shown}");
        assert!(client.inner.credentials.held().is_none());
    }

    #[test]
    fn an_own_http_client_excludes_the_settings_it_would_ignore() {
        let base = || {
            builder()
                .credentials(Credentials::token("t"))
                .project_id("p")
                .endpoint("http://127.0.0.1:1")
                .http_client(reqwest::Client::new())
        };
        assert!(base().build().is_ok());
        let err = base().no_proxy().build().unwrap_err();
        assert!(err.to_string().contains("proxy or no_proxy"), "{err}");
        let err = base()
            .connect_timeout(Duration::from_secs(1))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("connect_timeout"), "{err}");
    }

    #[test]
    fn a_root_certificate_that_is_not_pem_is_named() {
        let err = builder()
            .credentials(Credentials::token("t"))
            .project_id("p")
            .endpoint("http://127.0.0.1:1")
            .add_root_certificate(b"not a certificate".to_vec())
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("root certificate 1"), "{err}");
    }
}
