//! Which proxy a call goes through: the environment's by default
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, as curl and the
//! official SDKs read them), an explicit one, or none. Loopback addresses
//! (`127.0.0.0/8`, `::1`, `localhost`) are never proxied unless asked:
//! a proxy cannot reach a local emulator, and an `HTTP_PROXY` meant for the
//! internet must not break a test.

use super::Error;

/// Where the proxy comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum ProxySetting {
    #[default]
    FromEnvironment,
    None,
    Url(String),
}

/// Hosts never proxied unless `proxy_loopback`.
const LOOPBACK: &str = "127.0.0.0/8,::1,localhost";

/// The first of `names` set (and not empty) in the environment `env`.
fn first(env: &impl Fn(&str) -> Option<String>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
}

/// Applies `setting` to `http`; `env` reads the environment.
pub(crate) fn apply(
    mut http: reqwest::ClientBuilder,
    setting: &ProxySetting,
    proxy_loopback: bool,
    env: impl Fn(&str) -> Option<String>,
) -> Result<reqwest::ClientBuilder, Error> {
    // reqwest's own reading of the environment is off: this module decides.
    http = http.no_proxy();
    let bad = |what: &str, e: reqwest::Error| Error::Config(format!("proxy {what}: {e}"));
    let mut exempt: Vec<String> = Vec::new();
    if !proxy_loopback {
        exempt.push(LOOPBACK.to_owned());
    }
    let (https, plain) = match setting {
        ProxySetting::None => return Ok(http),
        ProxySetting::Url(url) => (Some(url.clone()), Some(url.clone())),
        ProxySetting::FromEnvironment => {
            exempt.extend(first(&env, &["NO_PROXY", "no_proxy"]));
            let all = first(&env, &["ALL_PROXY", "all_proxy"]);
            (
                first(&env, &["HTTPS_PROXY", "https_proxy"]).or(all.clone()),
                first(&env, &["HTTP_PROXY", "http_proxy"]).or(all),
            )
        }
    };
    let no_proxy = reqwest::NoProxy::from_string(&exempt.join(","));
    if let Some(url) = https {
        let p = reqwest::Proxy::https(&url).map_err(|e| bad("for https", e))?;
        http = http.proxy(p.no_proxy(no_proxy.clone()));
    }
    if let Some(url) = plain {
        let p = reqwest::Proxy::http(&url).map_err(|e| bad("for http", e))?;
        http = http.proxy(p.no_proxy(no_proxy));
    }
    Ok(http)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_proxy_url_is_a_config_error_naming_it() {
        let err = apply(
            reqwest::Client::builder(),
            &ProxySetting::Url("not a url".into()),
            false,
            |_| None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("proxy"), "{err}");
    }

    #[test]
    fn the_environment_is_read_in_curl_s_order() {
        let env = |n: &str| match n {
            "https_proxy" => Some("http://127.0.0.1:1".to_owned()),
            "HTTP_PROXY" => Some(" ".to_owned()),
            "ALL_PROXY" => Some("http://127.0.0.1:2".to_owned()),
            _ => None,
        };
        assert_eq!(
            first(&env, &["HTTPS_PROXY", "https_proxy"]).as_deref(),
            Some("http://127.0.0.1:1")
        );
        // Blank is unset, so ALL_PROXY stands in.
        assert_eq!(first(&env, &["HTTP_PROXY", "http_proxy"]), None);
        assert!(apply(
            reqwest::Client::builder(),
            &ProxySetting::FromEnvironment,
            false,
            env
        )
        .is_ok());
    }
}
