//! Client cost per call against a hand-written reqwest + serde_json baseline
//! that sends the same signed request.
//!
//! ```text
//! cargo bench -p hwbackup-client --bench client
//! ```
//!
//! - `build_request`: validate, serialize, sign and build the HTTP request
//!   (no network).
//! - `call_local_server`: a whole call against a minimal server on
//!   127.0.0.1 that answers the doc example (no auth checks, so the server
//!   costs the same for both).
//!
//! Each for a POST with a body (TaurusDB's manual backup) and a GET with
//! query parameters (CBR's vault list: `limit`, `offset`, `name`,
//! `status`), so the parameter path is measured as well as the body's.

use std::hint::black_box;
use std::time::SystemTime;

use axum::routing::{get, post};
use criterion::{criterion_group, criterion_main, Criterion};
use hwbackup_client::models::gaussdb_mysql::{
    CreateManualBackupResponse, MysqlCreateBackupRequest,
};
use hwbackup_client::{Client, Credentials};
use hwbackup_signer::{authorization, format_date, SignableRequest};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::SecretString;

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const VAULTS: &str = r#"{"vaults":[{"id":"ad7627ae-5b0b-492e-b6bd-cd809b745197","name":"vault-1","billing":{"size":100,"status":"available"}}],"count":1}"#;
const ANSWER: &str = r#"{"backup":{"id":"2f4ddb93-b901-4b08-93d8-1d2e472f30fe","name":"backup-1","description":"Manual backup","begin_time":"2020-07-07T01:17:05+0800","status":"BUILDING","type":"manual","instance_id":"07033b125fd94a8a96896f8bcfee6ddain07"},"job_id":"e0fbbfc8-1ac4-4721-b9e9-7dd685c5bdd7"}"#;

/// What a careful hand-written caller would write: a serde struct, the
/// signer, reqwest. No validation.
#[derive(serde::Serialize)]
struct PlainBody<'a> {
    instance_id: &'a str,
    name: &'a str,
    description: &'a str,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PlainAnswer {
    backup: serde_json::Value,
    job_id: String,
}

struct Baseline {
    http: reqwest::Client,
    base: String,
    host: String,
    secret: SecretString,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PlainVaults {
    vaults: Vec<serde_json::Value>,
    count: i64,
}

impl Baseline {
    /// The vault list, by hand: the query in canonical order, signed.
    fn get_request(&self) -> reqwest::Request {
        let path = format!("/v3/{PROJECT}/vaults");
        let query = [
            ("limit".to_owned(), 50.to_string()),
            ("name".to_owned(), "vault-1".to_owned()),
            ("offset".to_owned(), 0.to_string()),
            ("status".to_owned(), "available".to_owned()),
        ];
        let mut headers = vec![
            ("Host".to_owned(), self.host.clone()),
            ("X-Sdk-Date".to_owned(), format_date(SystemTime::now())),
            ("X-Project-Id".to_owned(), PROJECT.to_owned()),
        ];
        let auth = authorization(
            "AK",
            &self.secret,
            &SignableRequest {
                method: "GET",
                path: &path,
                query: &query,
                headers: &headers,
                body: &[],
            },
        )
        .unwrap();
        headers.push(("Authorization".to_owned(), auth));
        let mut map = HeaderMap::new();
        for (k, v) in &headers {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.http
            .get(format!("{}{path}", self.base))
            .query(&query)
            .headers(map)
            .build()
            .unwrap()
    }

    fn request(&self) -> reqwest::Request {
        let body = serde_json::to_vec(&PlainBody {
            instance_id: "07033b125fd94a8a96896f8bcfee6ddain07",
            name: "backup-1",
            description: "Manual backup",
        })
        .unwrap();
        let path = format!("/v3/{PROJECT}/backups/create");
        let mut headers = vec![
            ("Host".to_owned(), self.host.clone()),
            (
                "Content-Type".to_owned(),
                "application/json;charset=UTF-8".to_owned(),
            ),
            ("X-Sdk-Date".to_owned(), format_date(SystemTime::now())),
            ("X-Project-Id".to_owned(), PROJECT.to_owned()),
        ];
        let auth = authorization(
            "AK",
            &self.secret,
            &SignableRequest {
                method: "POST",
                path: &path,
                query: &[],
                headers: &headers,
                body: &body,
            },
        )
        .unwrap();
        headers.push(("Authorization".to_owned(), auth));
        let mut map = HeaderMap::new();
        for (k, v) in &headers {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.http
            .post(format!("{}{path}", self.base))
            .headers(map)
            .body(body)
            .build()
            .unwrap()
    }
}

fn setup(rt: &tokio::runtime::Runtime) -> (Client, Baseline, MysqlCreateBackupRequest) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route(
            "/v3/{project_id}/backups/create",
            post(|| async {
                (
                    axum::http::StatusCode::CREATED,
                    [("content-type", "application/json")],
                    ANSWER,
                )
            }),
        )
        .route(
            "/v3/{project_id}/vaults",
            get(|| async { ([("content-type", "application/json")], VAULTS) }),
        );
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    let url = format!("http://{addr}");
    let client = Client::builder()
        .credentials(Credentials::aksk("AK", "SK"))
        .project_id(PROJECT)
        .endpoint(&url)
        .build()
        .unwrap();
    let baseline = Baseline {
        http: reqwest::Client::new(),
        base: url,
        host: addr.to_string(),
        secret: SecretString::from("SK"),
    };
    let body = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .description("Manual backup")
        .build()
        .unwrap();
    (client, baseline, body)
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (client, baseline, body) = setup(&rt);

    let mut g = c.benchmark_group("build_request");
    g.bench_function("hwbackup-client", |b| {
        b.iter(|| {
            black_box(
                client
                    .gaussdb_mysql()
                    .create_manual_backup()
                    .body(black_box(&body).clone())
                    .signed()
                    .unwrap(),
            )
        })
    });
    g.bench_function("baseline", |b| b.iter(|| black_box(baseline.request())));
    g.bench_function("hwbackup-client GET", |b| {
        b.iter(|| black_box(list_vaults(&client).signed().unwrap()))
    });
    g.bench_function("baseline GET", |b| {
        b.iter(|| black_box(baseline.get_request()))
    });
    g.finish();

    let mut g = c.benchmark_group("call_local_server");
    g.bench_function("hwbackup-client", |b| {
        b.iter(|| {
            rt.block_on(async {
                let r = client
                    .gaussdb_mysql()
                    .create_manual_backup()
                    .body(black_box(&body).clone())
                    .send()
                    .await
                    .unwrap();
                black_box::<CreateManualBackupResponse>(r.body)
            })
        })
    });
    g.bench_function("baseline", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = baseline.http.execute(baseline.request()).await.unwrap();
                assert_eq!(response.status(), 201);
                let bytes = response.bytes().await.unwrap();
                black_box(serde_json::from_slice::<PlainAnswer>(&bytes).unwrap())
            })
        })
    });
    g.bench_function("hwbackup-client GET", |b| {
        b.iter(|| {
            rt.block_on(async {
                let r = list_vaults(&client).send().await.unwrap();
                black_box(r.body)
            })
        })
    });
    g.bench_function("baseline GET", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = baseline.http.execute(baseline.get_request()).await.unwrap();
                assert_eq!(response.status(), 200);
                let bytes = response.bytes().await.unwrap();
                black_box(serde_json::from_slice::<PlainVaults>(&bytes).unwrap())
            })
        })
    });
    g.finish();
}

/// The GET both sides send: the vault list with four query parameters.
fn list_vaults(client: &Client) -> hwbackup_client::cbr::ListVault<'_> {
    client
        .cbr()
        .list_vault()
        .limit(black_box(50))
        .offset(0)
        .name("vault-1")
        .status("available")
}

criterion_group!(client_benches, benches);
criterion_main!(client_benches);
