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
