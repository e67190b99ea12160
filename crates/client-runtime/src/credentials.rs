//! Credentials, held so that secrets never reach `Debug` output.

use secrecy::SecretString;

/// How calls are authenticated.
#[derive(Clone)]
pub enum Credentials {
    /// An IAM user token, sent as `X-Auth-Token`.
    Token(SecretString),
    /// An access key pair: every request is signed (`SDK-HMAC-SHA256`).
    AkSk {
        access_key: String,
        secret_key: SecretString,
        /// For temporary keys: sent as `X-Security-Token`.
        security_token: Option<SecretString>,
    },
}

impl Credentials {
    /// Token authentication.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(SecretString::from(token.into()))
    }

    /// A permanent access key pair.
    pub fn aksk(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials::AkSk {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
            security_token: None,
        }
    }

    /// A temporary access key pair with its security token.
    pub fn temporary(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Credentials::AkSk {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
            security_token: Some(SecretString::from(security_token.into())),
        }
    }
}

/// The environment variables the official SDKs read credentials from
/// (`huaweicloudsdkcore`'s `EnvCredentialProvider`).
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The region, which the official SDKs take in code only: this crate's own.
pub const ENV_REGION: &str = "HUAWEICLOUD_SDK_REGION";

impl Credentials {
    /// An access key pair from the environment, as the official SDKs read
    /// it: `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, with
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` for temporary keys. `None` unless
    /// both the key and the secret are set (and not blank).
    pub fn from_env() -> Option<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any source of variables.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let (ak, sk) = (get(ENV_AK)?, get(ENV_SK)?);
        Some(match get(ENV_SECURITY_TOKEN) {
            Some(token) => Credentials::temporary(ak, sk, token),
            None => Credentials::aksk(ak, sk),
        })
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Credentials::Token([REDACTED])"),
            Credentials::AkSk {
                access_key,
                security_token,
                ..
            } => f
                .debug_struct("Credentials::AkSk")
                .field("access_key", access_key)
                .field("secret_key", &"[REDACTED]")
                .field(
                    "security_token",
                    &security_token.as_ref().map(|_| "[REDACTED]"),
                )
                .finish(),
        }
    }
}
