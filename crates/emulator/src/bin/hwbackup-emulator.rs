//! The emulator as a program, for SDKs in any language:
//!
//! ```text
//! hwbackup-emulator [--listen 127.0.0.1:PORT] [--ak AK --sk SK] [--project ID] [--token TOKEN]
//! ```
//!
//! Each flag can also come from the environment: `HWBACKUP_EMULATOR_LISTEN`,
//! `_AK`, `_SK`, `_PROJECT`, `_TOKEN`. Without keys or a token, the
//! built-in defaults are accepted (printed at start, the secret excepted).

use std::net::SocketAddr;

use hwbackup_emulator::{Emulator, Key, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID};

const USAGE: &str =
    "usage: hwbackup-emulator [--listen ADDR] [--ak AK --sk SK] [--project ID] [--token TOKEN]";

fn main() {
    if let Err(e) = run() {
        eprintln!("hwbackup-emulator: {e}\n{USAGE}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut opts = std::collections::HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let name = match flag.as_str() {
            "--listen" | "--ak" | "--sk" | "--project" | "--token" => flag[2..].to_owned(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        };
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        opts.insert(name, value);
    }
    let get = |name: &str| {
        opts.get(name)
            .cloned()
            .or_else(|| std::env::var(format!("HWBACKUP_EMULATOR_{}", name.to_uppercase())).ok())
    };
    let listen: SocketAddr = get("listen")
        .unwrap_or_else(|| "127.0.0.1:0".into())
        .parse()
        .map_err(|e| format!("--listen: {e}"))?;
    let project = get("project").unwrap_or_else(|| DEFAULT_PROJECT_ID.into());
    // Nothing reads the call record in the binary: keep none, so a long run stays flat.
    let mut builder = Emulator::builder().listen(listen).record_calls(0);
    match (get("ak"), get("sk")) {
        (Some(ak), Some(sk)) => builder = builder.key(Key::new(ak, sk, project.clone())),
        (None, None) => {}
        _ => return Err("--ak and --sk go together".into()),
    }
    if let Some(token) = get("token") {
        builder = builder.token(token, project.clone());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let emu = builder
            .start()
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let ak = get("ak").unwrap_or_else(|| DEFAULT_ACCESS_KEY.into());
        println!(
            "hwbackup-emulator listening on {} (project {project}, access key {ak})",
            emu.url()
        );
        emu.wait().await;
        Ok(())
    })
}
