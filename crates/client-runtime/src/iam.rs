//! The project id of a region, looked up at IAM when it is not given, as
//! the official SDKs do (`GET /v3/projects?name={region}`, signed with the
//! client's own credentials).

use std::time::SystemTime;

use hwbackup_signer::format_date;
use reqwest::Url;

use super::authenticate::{authenticated_headers, Unsigned};
use super::exchange::{exchange, host_header, under};
use super::text::{bounded, header_problem, REQUEST_ID_LIMIT};
use super::{Credentials, Error};

/// Overrides the IAM endpoint, as in the official SDKs.
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
/// IAM for regions without their own entry below.
pub const GLOBAL_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
/// Regions with their own IAM endpoint (`https://iam.{region}.myhuaweicloud.com`),
/// from the official SDK (`huaweicloudsdkcore` 3.1.219, `auth/endpoint.py`).
const REGIONAL_IAM: &[&str] = &[
    "ae-ad-1",
    "af-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-12",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "eu-west-0",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// Where a client's project id comes from.
#[derive(Debug)]
pub(crate) enum ProjectSource {
    Fixed(String),
    /// Looked up at IAM by the region's name at the first call, once
    /// however many calls wait for it, then kept.
    Lookup {
        region: String,
        iam: Url,
        found: tokio::sync::OnceCell<String>,
    },
}

/// The IAM endpoint the official SDKs use for `region`.
pub(crate) fn iam_endpoint_for(region: Option<&str>) -> String {
    match region {
        Some(r) if REGIONAL_IAM.binary_search(&r).is_ok() => {
            format!("https://iam.{r}.myhuaweicloud.com")
        }
        _ => GLOBAL_IAM_ENDPOINT.to_owned(),
    }
}

/// Asks IAM which project is named `region` in the caller's account.
pub(crate) async fn lookup_project(
    http: &reqwest::Client,
    iam: &Url,
    region: &str,
    credentials: &Credentials,
    user_agent: &str,
) -> Result<String, Error> {
    let fail = |reason: String| {
        Error::Config(format!(
            "no project id given, and none found for region {region:?} at IAM: {reason}; set one (in code, or HUAWEICLOUD_SDK_PROJECT_ID)"
        ))
    };
    let mut url = under(iam, "/v3/projects");
    let query = vec![("name".to_owned(), region.to_owned())];
    url.set_query(Some(&hwbackup_signer::canonical_query(&query)));
    let host = host_header(&url).ok_or_else(|| fail(format!("{url} has no host")))?;
    let headers = vec![
        ("Host".to_owned(), host),
        ("User-Agent".to_owned(), user_agent.to_owned()),
        ("X-Sdk-Date".to_owned(), format_date(SystemTime::now())),
    ];
    let headers = authenticated_headers(
        credentials,
        Unsigned {
            method: "GET",
            path: url.path(),
            query: &query,
            headers,
            body: &[],
            secret_headers: &[],
        },
    )?;
    let request = http
        .get(url)
        .headers(headers)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let what = format!("GET {}", request.url());
    let answer = exchange(http, request).await.map_err(fail)?;
    let trace = answer
        .headers
        .get("X-IAM-Trace-Id")
        .and_then(|v| v.to_str().ok())
        .map(|t| format!(" (X-IAM-Trace-Id {})", bounded(t, REQUEST_ID_LIMIT)))
        .unwrap_or_default();
    if answer.status != 200 {
        return Err(fail(format!("{}{trace}", answer.refusal(&what))));
    }
    let listed: serde_json::Value = serde_json::from_slice(&answer.body)
        .map_err(|e| fail(format!("{what}: an answer that is not JSON ({e}){trace}")))?;
    let ids: Vec<&str> = listed
        .get("projects")
        .and_then(|p| p.as_array())
        .map(|projects| {
            projects
                .iter()
                .filter_map(|p| p.get("id")?.as_str())
                .collect()
        })
        .unwrap_or_default();
    match ids.as_slice() {
        [id] if header_problem(id).is_none() && !id.is_empty() => Ok((*id).to_owned()),
        [id] => Err(fail(format!(
            "{what}: a project id no header can carry: {:?}",
            bounded(id, 64)
        ))),
        [] => Err(fail(format!(
            "{what}: the account has no such project{trace}"
        ))),
        many => {
            let listed: Vec<String> = many.iter().take(8).map(|id| bounded(id, 64)).collect();
            Err(fail(format!(
                "{what}: several projects have that name ({}){trace}",
                listed.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_with_their_own_iam_use_it_and_the_rest_the_global_one() {
        assert!(REGIONAL_IAM.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert_eq!(
            iam_endpoint_for(Some("cn-north-4")),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(iam_endpoint_for(Some("eu-de")), GLOBAL_IAM_ENDPOINT);
        assert_eq!(iam_endpoint_for(None), GLOBAL_IAM_ENDPOINT);
    }
}
