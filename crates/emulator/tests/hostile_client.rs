//! A client the emulator serves can send anything, or nothing, slowly.
//! Over raw TCP on 127.0.0.1: timeouts and limits hold, strangers are
//! refused before their body is read, signatures are checked as strictly
//! as the signer makes them, and every refusal is in the cloud's shape.

use std::time::{Duration, SystemTime};

use hwbackup_emulator::{
    Call, Emulator, Reply, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
};
use hwbackup_signer::{authorization, format_date, SignableRequest};
use secrecy::SecretString;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const MYSQL_PATH: &str = "/v3/0123456789abcdef0123456789abcdef/backups/create";
const MYSQL: &str = r#"{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":"backup-1"}"#;

/// Reads one whole answer (the emulator closes after `Connection: close`).
async fn read_answer(stream: &mut TcpStream) -> (u16, Value) {
    let mut answer = Vec::new();
    timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("an answer within 5 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

async fn exchange(emu: &Emulator, request: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_answer(&mut stream).await
}

fn token_request(path: &str, extra: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: {DEFAULT_TOKEN}\r\n{extra}\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A request signed like the official SDKs sign, with `before` written
/// ahead of the signed headers (unsigned, as an attacker would add them).
fn signed_request(emu: &Emulator, signed: &[(&str, &str)], before: &str, body: &str) -> String {
    let mut headers: Vec<(String, String)> = vec![
        ("Host".into(), emu.addr().to_string()),
        ("X-Sdk-Date".into(), format_date(SystemTime::now())),
        ("Content-Type".into(), "application/json".into()),
    ];
    headers.extend(signed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let request = SignableRequest {
        method: "POST",
        path: MYSQL_PATH,
        query: &[],
        headers: &headers,
        body: body.as_bytes(),
    };
    let secret = SecretString::from(DEFAULT_SECRET_KEY);
    let auth = authorization(DEFAULT_ACCESS_KEY, &secret, &request).unwrap();
    let mut text = format!("POST {MYSQL_PATH} HTTP/1.1\r\n{before}");
    for (k, v) in &headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str(&format!(
        "Authorization: {auth}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    text
}

/// The connection was closed by the emulator within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match timeout(within, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // hyper may answer 408 before closing; keep reading to the end.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn idle_and_half_sent_heads_are_closed() {
    let emu = Emulator::builder()
        .header_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut idle = TcpStream::connect(emu.addr()).await.unwrap();
    let mut half = TcpStream::connect(emu.addr()).await.unwrap();
    half.write_all(format!("POST {MYSQL_PATH} HTTP/1.1\r\nHost: x\r\n").as_bytes())
        .await
        .unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(3)).await);
    assert!(closed_within(&mut half, Duration::from_secs(3)).await);

    // A keep-alive connection idle after its answer is closed too.
    let mut kept = TcpStream::connect(emu.addr()).await.unwrap();
    let request = token_request(MYSQL_PATH, "", MYSQL).replace("Connection: close", "X-A: b");
    kept.write_all(request.as_bytes()).await.unwrap();
    assert!(closed_within(&mut kept, Duration::from_secs(3)).await);
    assert_eq!(emu.calls().len(), 1, "the request itself was served");
}

#[tokio::test]
async fn a_body_that_stalls_gets_a_408_in_the_cloud_shape() {
    let emu = Emulator::builder()
        .body_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    let head =
        token_request(MYSQL_PATH, "", "").replace("Content-Length: 0", "Content-Length: 1000");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"{\"instance_id\"").await.unwrap();
    let (status, answer) = read_answer(&mut stream).await;
    assert_eq!(status, 408, "{answer}");
    assert!(answer["error_code"].is_string() && answer["error_msg"].is_string());
}

#[tokio::test]
async fn strangers_are_refused_before_their_body_is_read() {
    let emu = Emulator::start().await.unwrap();
    // No credentials, a 1 MB body announced and never sent: answered at once.
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    let head = format!(
        "POST {MYSQL_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (status, answer) = read_answer(&mut stream).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (401, Some("APIGW.0301"))
    );

    // A signature from an unknown key is refused from its headers, too.
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    let head = signed_request(&emu, &[], "", "")
        .replace(DEFAULT_ACCESS_KEY, "SOMEONEELSE")
        .replace("Content-Length: 0", "Content-Length: 1000000");
    stream.write_all(head.as_bytes()).await.unwrap();
    let (status, answer) = read_answer(&mut stream).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer["error_msg"]
        .as_str()
        .unwrap()
        .contains("unknown access key"));

    // Known credentials announcing more than the limit: 413 without reading.
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    let head =
        token_request(MYSQL_PATH, "", "").replace("Content-Length: 0", "Content-Length: 50000000");
    stream.write_all(head.as_bytes()).await.unwrap();
    let (status, _) = read_answer(&mut stream).await;
    assert_eq!(status, 413);
    assert!(emu.calls().is_empty());
}

#[tokio::test]
async fn connections_past_the_limit_wait_for_a_free_one() {
    let emu = Emulator::builder()
        .max_connections(2)
        .start()
        .await
        .unwrap();
    let first = TcpStream::connect(emu.addr()).await.unwrap();
    let second = TcpStream::connect(emu.addr()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(emu.addr()).await.unwrap();
    third
        .write_all(token_request(MYSQL_PATH, "", MYSQL).as_bytes())
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(
        timeout(Duration::from_millis(300), third.read(&mut buf))
            .await
            .is_err(),
        "two connections are open: the third is not served yet"
    );
    drop((first, second));
    let (status, _) = read_answer(&mut third).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn the_call_log_keeps_the_newest_and_counts_them_all() {
    let emu = Emulator::builder()
        .record_calls(3)
        .handler("CreateManualBackup", |call: Call| async move {
            Reply::Json {
                status: 201,
                body: serde_json::json!({"job_id": call.previous_calls.to_string()}),
            }
        })
        .start()
        .await
        .unwrap();
    for i in 0..5 {
        let (status, answer) =
            exchange(&emu, token_request(MYSQL_PATH, "", MYSQL).as_bytes()).await;
        assert_eq!(
            (status, answer["job_id"].as_str()),
            (201, Some(&*i.to_string()))
        );
    }
    assert_eq!(emu.calls().len(), 3);
    let none = Emulator::builder().record_calls(0).start().await.unwrap();
    exchange(&none, token_request(MYSQL_PATH, "", MYSQL).as_bytes()).await;
    assert!(none.calls().is_empty());
}

#[tokio::test]
async fn a_second_copy_of_a_signed_header_is_refused() {
    let emu = Emulator::start().await.unwrap();
    let good = signed_request(&emu, &[("X-Language", "en-us")], "", MYSQL);
    assert_eq!(exchange(&emu, good.as_bytes()).await.0, 201);
    // Signed en-us; a zh-cn copy put in front, which a server reading the first would obey.
    let doubled = signed_request(
        &emu,
        &[("X-Language", "en-us")],
        "X-Language: zh-cn\r\n",
        MYSQL,
    );
    let (status, answer) = exchange(&emu, doubled.as_bytes()).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer["error_msg"]
        .as_str()
        .unwrap()
        .contains("more than once"));
    // Two Authorization headers, or two tokens.
    let two = good.replace("Authorization:", "Authorization: x\r\nAuthorization:");
    assert_eq!(exchange(&emu, two.as_bytes()).await.0, 401);
    let tokens = token_request(MYSQL_PATH, "X-Auth-Token: other\r\n", MYSQL);
    assert_eq!(exchange(&emu, tokens.as_bytes()).await.0, 401);
    assert_eq!(emu.calls().len(), 1);
}

#[tokio::test]
async fn a_token_is_checked_against_x_project_id() {
    let emu = Emulator::start().await.unwrap();
    let own = format!("X-Project-Id: {DEFAULT_PROJECT_ID}\r\n");
    assert_eq!(
        exchange(&emu, token_request(MYSQL_PATH, &own, MYSQL).as_bytes())
            .await
            .0,
        201
    );
    let other = "X-Project-Id: ffffffffffffffffffffffffffffffff\r\n";
    let (status, answer) = exchange(&emu, token_request(MYSQL_PATH, other, MYSQL).as_bytes()).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (403, Some("APIGW.0302"))
    );
}

#[tokio::test]
async fn refusals_name_what_is_wrong_in_the_cloud_shape() {
    let emu = Emulator::start().await.unwrap();
    // A path value that is not UTF-8 once decoded.
    let path = format!("/v3/{DEFAULT_PROJECT_ID}/backups/%FF%FE/replicate");
    let body = r#"{"replicate":{"destination_project_id":"p","destination_region":"r","destination_vault_id":"v"}}"#;
    let (status, answer) = exchange(&emu, token_request(&path, "", body).as_bytes()).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error_code"], "InvalidParameter");
    assert!(
        answer["error_msg"].as_str().unwrap().contains("backup_id"),
        "{answer}"
    );

    // A field of the wrong JSON type: named, not "at line 1 column 183".
    let wrong = r#"{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":42}"#;
    let (status, answer) = exchange(&emu, token_request(MYSQL_PATH, "", wrong).as_bytes()).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (400, Some("DBS.200001"))
    );
    let message = answer["error_msg"].as_str().unwrap();
    assert!(message.contains("at name:"), "{message}");
    assert!(emu.calls().is_empty());
}

#[tokio::test]
async fn recorded_calls_keep_no_signature() {
    let emu = Emulator::start().await.unwrap();
    let request = signed_request(&emu, &[], "", MYSQL);
    let signature = request.split("Signature=").nth(1).unwrap()[..64].to_owned();
    assert_eq!(exchange(&emu, request.as_bytes()).await.0, 201);
    let call = &emu.calls()[0];
    let auth = &call
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap()
        .1;
    assert!(auth.ends_with("Signature=[REDACTED]"), "{auth}");
    assert!(auth.contains(DEFAULT_ACCESS_KEY));
    assert!(!format!("{call:?}").contains(&signature));
}
