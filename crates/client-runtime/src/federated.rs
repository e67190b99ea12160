//! Temporary keys for a federated identity, as the official SDKs get them
//! (`huaweicloudsdkcore`'s `FederalAccessor`, from `HUAWEICLOUD_SDK_IDP_ID`
//! and `HUAWEICLOUD_SDK_ID_TOKEN_FILE`): the identity provider's id token,
//! read from its file each time (it is rotated there), is exchanged at IAM
//! for an unscoped token, and that token for temporary keys.

use std::path::PathBuf;

use reqwest::Url;
use serde_json::json;

use super::exchange::{exchange, under};
use super::temporary::{parse_keys, Fetched};

const TOKEN_PATH: &str = "/v3.0/OS-AUTH/id-token/tokens";
const KEYS_PATH: &str = "/v3.0/OS-CREDENTIAL/securitytokens";
/// The keys' lifetime asked for (the official SDKs' 6 hours).
const DURATION_SECONDS: u64 = 6 * 60 * 60;
const JSON: &str = "application/json;charset=UTF-8";

/// An identity provider's id token, exchanged at IAM.
#[derive(Debug)]
pub(crate) struct FederatedIdentity {
    pub(crate) iam: Url,
    pub(crate) idp_id: String,
    pub(crate) id_token_file: PathBuf,
    pub(crate) http: reqwest::Client,
}

impl FederatedIdentity {
    pub(crate) fn iam(&self) -> &str {
        self.iam.as_str().trim_end_matches('/')
    }

    fn url(&self, path: &str) -> Url {
        under(&self.iam, path)
    }

    pub(crate) async fn fetch(&self) -> Result<Fetched, String> {
        let file = self.id_token_file.display();
        let id_token = std::fs::read_to_string(&self.id_token_file)
            .map_err(|e| format!("id token file {file}: {e}"))?;
        let id_token = id_token.trim();
        if id_token.is_empty() {
            return Err(format!("id token file {file} is empty"));
        }
        let request = self
            .http
            .post(self.url(TOKEN_PATH))
            .header("X-Idp-Id", &self.idp_id)
            .header("Content-Type", JSON)
            .body(json!({"auth": {"id_token": {"id": id_token}}}).to_string())
            .build()
            .map_err(|e| e.to_string())?;
        let what = format!("POST {}", request.url());
        let answer = exchange(&self.http, request).await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.refusal(&what));
        }
        let token = answer
            .headers
            .get("X-Subject-Token")
            .ok_or_else(|| format!("{what}: an answer without X-Subject-Token"))?
            .to_str()
            .map_err(|_| format!("{what}: a token that is not text"))?
            .to_owned();
        let body = json!({"auth": {"identity": {
            "methods": ["token"],
            "token": {"id": token, "duration_seconds": DURATION_SECONDS},
        }}});
        let request = self
            .http
            .post(self.url(KEYS_PATH))
            .header("Content-Type", JSON)
            .body(body.to_string())
            .build()
            .map_err(|e| e.to_string())?;
        let what = format!("POST {}", request.url());
        let answer = exchange(&self.http, request).await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.refusal(&what));
        }
        parse_keys(&answer.body).map_err(|e| format!("{what}: {e}"))
    }
}
