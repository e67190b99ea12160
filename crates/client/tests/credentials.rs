//! Where credentials and the project id come from when they are not
//! given in code: the ECS metadata service (kept and refreshed, fetched
//! once however many calls wait), IAM's project lookup, a federated
//! identity; and HTTP settings a caller brings (own client, proxy). Every
//! server here is on 127.0.0.1.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::{get, post, put};
use axum::Router;
use hwbackup_client::{Client, Credentials, Error};
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY};
use support::*;

/// Serves `router` on a free port of 127.0.0.1; returns its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// `2026-12-02T06:00:00.000000Z`, as the metadata service writes expiries.
fn iso(t: SystemTime) -> String {
    let c = hwbackup_client::signer::format_date(t); // 20261202T060000Z
    format!(
        "{}-{}-{}T{}:{}:{}.000000Z",
        &c[0..4],
        &c[4..6],
        &c[6..8],
        &c[9..11],
        &c[11..13],
        &c[13..15]
    )
}

fn keys_body(lifetime: Duration, token: &str) -> String {
    serde_json::json!({"credential": {
        "access": DEFAULT_ACCESS_KEY,
        "secret": DEFAULT_SECRET_KEY,
        "securitytoken": token,
        "expires_at": iso(SystemTime::now() + lifetime),
    }})
    .to_string()
}

/// A metadata service handing out the emulator's key pair with keys that
/// last `lifetime`, counting how often it is asked.
#[derive(Clone)]
struct Metadata {
    fetches: Arc<AtomicUsize>,
    lifetime: Duration,
    session_tokens: Arc<Mutex<Vec<String>>>,
}

async fn metadata_service(lifetime: Duration) -> (String, Metadata) {
    let m = Metadata {
        fetches: Arc::default(),
        lifetime,
        session_tokens: Arc::default(),
    };
    let router = Router::new()
        .route(
            "/meta-data/latest/api/token",
            put(|headers: HeaderMap| async move {
                let ttl = headers.get("X-Metadata-Token-Ttl-Seconds").is_some();
                if ttl {
                    (StatusCode::OK, "session-token-1".to_owned())
                } else {
                    (StatusCode::BAD_REQUEST, "no ttl".to_owned())
                }
            }),
        )
        .route(
            "/openstack/latest/securitykey",
            get(|State(m): State<Metadata>, headers: HeaderMap| async move {
                let n = m.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                let session = headers
                    .get("X-Metadata-Token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                m.session_tokens.lock().unwrap().push(session);
                keys_body(m.lifetime, &format!("security-token-{n}"))
            }),
        )
        .with_state(m.clone());
    (serve(router).await, m)
}

/// A client from an empty environment (no keys, no file), so the chain
/// ends at the metadata service at `metadata`.
fn chain_client(emu: &Emulator, metadata: &str) -> Client {
    let home = std::env::temp_dir().join(format!("hwbackup-no-home-{}", std::process::id()));
    Client::builder()
        .with_env_from(move |name| (name == "HOME").then(|| home.display().to_string()))
        .metadata_endpoint(metadata)
        .project_id(PROJECT)
        .endpoint_per_service(emu.url())
        .build()
        .unwrap()
}

async fn list_many(client: &Client, n: usize) -> Vec<Result<u16, Error>> {
    let calls = (0..n).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            let r = client.cbr().list_vault().send().await?;
            Ok::<_, Error>(r.status)
        })
    });
    let mut out = Vec::new();
    for c in calls.collect::<Vec<_>>() {
        out.push(c.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_keys_are_fetched_once_for_100_calls_and_again_before_they_expire() {
    let emu = Emulator::builder()
        .record_calls(1000)
        .start()
        .await
        .unwrap();
    // Keys lasting 6 s are fetched again after half their lifetime.
    let (url, m) = metadata_service(Duration::from_secs(6)).await;
    let client = chain_client(&emu, &url);

    let first = list_many(&client, 100).await;
    assert!(first.iter().all(|r| matches!(r, Ok(200))), "{first:?}");
    assert_eq!(
        m.fetches.load(Ordering::SeqCst),
        1,
        "one fetch for 100 calls"
    );
    assert_eq!(m.session_tokens.lock().unwrap()[0], "session-token-1");
    let calls = emu.calls();
    assert!(calls.iter().all(|c| c
        .headers
        .iter()
        .any(|(n, v)| n == "x-security-token" && v == "[REDACTED]")));

    tokio::time::sleep(Duration::from_millis(3200)).await;
    let second = list_many(&client, 100).await;
    assert!(second.iter().all(|r| matches!(r, Ok(200))), "{second:?}");
    assert_eq!(
        m.fetches.load(Ordering::SeqCst),
        2,
        "refreshed once, past half the lifetime"
    );
}

#[tokio::test]
async fn a_metadata_service_that_is_down_is_a_clear_error_naming_what_was_tried() {
    let emu = Emulator::start().await.unwrap();
    // A port nothing listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let client = chain_client(&emu, &closed);
    let results = list_many(&client, 10).await;
    for r in &results {
        let Err(Error::Credentials(why)) = r else {
            panic!("{r:?}")
        };
        for said in [
            "HUAWEICLOUD_SDK_AK",
            "credentials file",
            "(not found)",
            "ECS metadata service",
            closed.as_str(),
        ] {
            assert!(why.contains(said), "{said:?} not in {why}");
        }
    }
    assert!(emu.calls().is_empty(), "nothing reached the service");
}

#[tokio::test]
async fn metadata_keys_are_used_when_chosen_in_code_and_a_refusal_is_named() {
    let emu = Emulator::start().await.unwrap();
    let router = Router::new()
        .route(
            "/meta-data/latest/api/token",
            put(|| async { StatusCode::NOT_FOUND }),
        )
        .route(
            "/openstack/latest/securitykey",
            get(|| async { (StatusCode::NOT_FOUND, "no agency") }),
        );
    let url = serve(router).await;
    let client = builder(&emu)
        .credentials_from_metadata()
        .metadata_endpoint(&url)
        .build()
        .unwrap();
    let err = client.cbr().list_vault().send().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("status 404: no agency") && text.contains("agency attached"),
        "{text}"
    );
}

/// An IAM that knows one project per region, counting lookups.
async fn iam(projects: serde_json::Value) -> (String, Arc<AtomicUsize>) {
    let lookups = Arc::new(AtomicUsize::new(0));
    let counted = lookups.clone();
    let router = Router::new().route(
        "/v3/projects",
        get(move |uri: Uri, headers: HeaderMap| {
            let counted = counted.clone();
            let projects = projects.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                let signed = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|a| a.starts_with("SDK-HMAC-SHA256 Access="));
                let named = uri.query() == Some("name=cn-north-4");
                if !(signed && named) {
                    return (StatusCode::UNAUTHORIZED, String::new());
                }
                (
                    StatusCode::OK,
                    serde_json::json!({ "projects": projects }).to_string(),
                )
            }
        }),
    );
    (serve(router).await, lookups)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_id_is_looked_up_at_iam_once_and_kept() {
    let emu = Emulator::start().await.unwrap();
    let (iam_url, lookups) = iam(serde_json::json!([{"id": PROJECT, "name": "cn-north-4"}])).await;
    let client = Client::builder()
        .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
        .region("cn-north-4")
        .iam_endpoint(&iam_url)
        .endpoint_per_service(emu.url())
        .build()
        .unwrap();
    let results = list_many(&client, 20).await;
    assert!(results.iter().all(|r| matches!(r, Ok(200))), "{results:?}");
    assert_eq!(lookups.load(Ordering::SeqCst), 1);
    assert_eq!(client.project_id().await.unwrap(), PROJECT);
}

#[tokio::test]
async fn an_ambiguous_or_missing_project_is_named() {
    let emu = Emulator::start().await.unwrap();
    for (projects, said) in [
        (
            serde_json::json!([{"id": "p1"}, {"id": "p2"}]),
            "several projects have that name (p1, p2)",
        ),
        (serde_json::json!([]), "the account has no such project"),
    ] {
        let (iam_url, _) = iam(projects).await;
        let client = Client::builder()
            .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
            .region("cn-north-4")
            .iam_endpoint(&iam_url)
            .endpoint_per_service(emu.url())
            .build()
            .unwrap();
        let err = client.cbr().list_vault().send().await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(said) && text.contains("HUAWEICLOUD_SDK_PROJECT_ID"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_federated_identity_trades_its_id_token_for_keys_at_iam() {
    let emu = Emulator::start().await.unwrap();
    let dir = std::env::temp_dir().join(format!("hwbackup-idp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("id_token");
    std::fs::write(&token_file, "the-id-token\n").unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let log2 = seen.clone();
    let router = Router::new()
        .route(
            "/v3.0/OS-AUTH/id-token/tokens",
            post(move |headers: HeaderMap, body: String| {
                let log = log.clone();
                async move {
                    let idp = headers
                        .get("X-Idp-Id")
                        .map(|v| v.to_str().unwrap().to_owned());
                    log.lock()
                        .unwrap()
                        .push(format!("token idp={idp:?} body={body}"));
                    ([("X-Subject-Token", "unscoped-token")], "{}")
                }
            }),
        )
        .route(
            "/v3.0/OS-CREDENTIAL/securitytokens",
            post(move |body: String| {
                let log = log2.clone();
                async move {
                    log.lock().unwrap().push(format!("keys body={body}"));
                    keys_body(Duration::from_secs(3600), "federated-token")
                }
            }),
        );
    let iam_url = serve(router).await;
    let file = token_file.display().to_string();
    let client = Client::builder()
        .with_env_from(move |name| match name {
            "HUAWEICLOUD_SDK_IDP_ID" => Some("my-idp".into()),
            "HUAWEICLOUD_SDK_ID_TOKEN_FILE" => Some(file.clone()),
            "HUAWEICLOUD_SDK_IAM_ENDPOINT" => Some(iam_url.clone()),
            "HUAWEICLOUD_SDK_PROJECT_ID" => Some(PROJECT.into()),
            _ => None,
        })
        .endpoint_per_service(emu.url())
        .build()
        .unwrap();
    let r = client.cbr().list_vault().send().await.unwrap();
    assert_eq!(r.status, 200);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0].contains(r#"idp=Some("my-idp")"#) && seen[0].contains(r#""id":"the-id-token""#),
        "{seen:?}"
    );
    assert!(
        seen[1].contains(r#""id":"unscoped-token""#) && seen[1].contains("duration_seconds"),
        "{seen:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_callers_own_http_client_carries_the_calls() {
    let emu = Emulator::builder().record_calls(10).start().await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-mine", "yes".parse().unwrap());
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&emu).http_client(own).build().unwrap();
    client.cbr().list_vault().send().await.unwrap();
    let calls = emu.calls();
    assert!(calls[0]
        .headers
        .iter()
        .any(|(n, v)| n == "x-mine" && v == "yes"));
}

#[tokio::test]
async fn a_local_proxy_sees_the_call_only_when_loopback_is_proxied() {
    let emu = Emulator::builder().record_calls(10).start().await.unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    // A proxy receives the absolute URL; this one refuses every call.
    let proxy = serve(Router::new().fallback(move |uri: Uri| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push(uri.to_string());
            StatusCode::PROXY_AUTHENTICATION_REQUIRED
        }
    }))
    .await;
    let direct = builder(&emu).proxy(&proxy).build().unwrap();
    direct.cbr().list_vault().send().await.unwrap();
    assert!(seen.lock().unwrap().is_empty(), "loopback goes direct");
    assert_eq!(emu.calls().len(), 1);

    let proxied = builder(&emu)
        .proxy(&proxy)
        .proxy_loopback(true)
        .build()
        .unwrap();
    let err = proxied.cbr().list_vault().send().await.unwrap_err();
    assert_eq!(err.status(), Some(407), "{err}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].starts_with(&format!("{}/cbr/v3/{PROJECT}/vaults", emu.url())),
        "{seen:?}"
    );
    assert_eq!(
        emu.calls().len(),
        1,
        "the proxied call never reached the emulator"
    );
}
