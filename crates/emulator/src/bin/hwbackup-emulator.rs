//! The emulator as a program, for SDKs in any language. `--help` lists
//! every flag, its default and its environment variable.

use std::net::SocketAddr;

use hwbackup_emulator::{Emulator, Key, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID};

const HELP: &str = "\
hwbackup-emulator: a local emulator of Huawei Cloud's backup APIs (CBR, TaurusDB)

usage: hwbackup-emulator [--listen ADDR] [--ak AK --sk SK] [--project ID] [--token TOKEN] [--record-calls N] [--root-service S] [--stateless] [--state FILE]

options (each can also come from the environment variable named):
  --listen ADDR    address to listen on               [HWBACKUP_EMULATOR_LISTEN]   default 127.0.0.1:0 (a free port)
  --ak AK          access key to accept (with --sk)   [HWBACKUP_EMULATOR_AK]       default EMULATORACCESSKEY000
  --sk SK          its secret key (with --ak)         [HWBACKUP_EMULATOR_SK]       default the built-in one
  --project ID     project of the key and the token   [HWBACKUP_EMULATOR_PROJECT]  default 0123456789abcdef0123456789abcdef
  --token TOKEN    X-Auth-Token to accept             [HWBACKUP_EMULATOR_TOKEN]    default emulator-token, when no --ak/--sk/--token
  --record-calls N keep the newest N calls for GET /__emulator/calls [HWBACKUP_EMULATOR_RECORD_CALLS] default 0
  --root-service S the service (cbr, gaussdb_mysql) that answers at the root a path two services share
                   (every service is also served under /S/)  [HWBACKUP_EMULATOR_ROOT_SERVICE]  default none: 404
  --stateless      answer every operation with its documented example and remember nothing
                   (default: a created vault, policy or restore point is found again,
                   listed, updated and deleted)          [HWBACKUP_EMULATOR_STATELESS=1]
  --state FILE     load the records from FILE at start (if it exists) and save them there,
                   atomically, on Ctrl-C or SIGTERM   [HWBACKUP_EMULATOR_STATE]     default none
  -h, --help       this text
  -V, --version    the version

Without --ak/--sk or --token the built-in key pair and token are accepted.
It prints where it listens and which credentials it accepts (never a secret),
then serves until stopped. Requests are checked like the cloud checks them:
AK/SK signature or token, project, and every documented rule.";

fn main() {
    match run() {
        Ok(()) => {}
        Err(e) => {
            eprintln!("hwbackup-emulator: {e}\n(see hwbackup-emulator --help)");
            std::process::exit(2);
        }
    }
}

fn run() -> Result<(), String> {
    let mut opts = std::collections::HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let name = match flag.as_str() {
            "--stateless" => {
                opts.insert("stateless".to_owned(), "1".to_owned());
                continue;
            }
            "--listen" | "--ak" | "--sk" | "--project" | "--token" | "--record-calls"
            | "--root-service" | "--state" => flag[2..].to_owned(),
            "-h" | "--help" => {
                println!("{HELP}");
                return Ok(());
            }
            "-V" | "--version" => {
                println!("hwbackup-emulator {}", env!("CARGO_PKG_VERSION"));
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        };
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        opts.insert(name, value);
    }
    let get = |name: &str| {
        let var = format!(
            "HWBACKUP_EMULATOR_{}",
            name.to_uppercase().replace('-', "_")
        );
        opts.get(name).cloned().or_else(|| std::env::var(var).ok())
    };
    let listen: SocketAddr = get("listen")
        .unwrap_or_else(|| "127.0.0.1:0".into())
        .parse()
        .map_err(|e| format!("--listen: {e}"))?;
    let project = get("project").unwrap_or_else(|| DEFAULT_PROJECT_ID.into());
    // By default the binary keeps no call record, so a long run stays flat.
    let record: usize = match get("record-calls") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--record-calls: {n:?} is not a count"))?,
        None => 0,
    };
    let mut builder = Emulator::builder().listen(listen).record_calls(record);
    if let Some(service) = get("root-service") {
        builder = builder.root_service(service);
    }
    if get("stateless").is_some_and(|v| !v.is_empty() && v != "0") {
        builder = builder.stateless(true);
    }
    let mut accepted = Vec::new();
    match (get("ak"), get("sk")) {
        (Some(ak), Some(sk)) => {
            accepted.push(format!("access key {ak}"));
            builder = builder.key(Key::new(ak, sk, project.clone()));
        }
        (None, None) => {}
        _ => return Err("--ak and --sk go together".into()),
    }
    if let Some(token) = get("token") {
        accepted.push("the given token".to_owned());
        builder = builder.token(token, project.clone());
    }
    if accepted.is_empty() {
        accepted.push(format!("access key {DEFAULT_ACCESS_KEY}"));
        accepted.push("the built-in token (hwbackup_emulator::DEFAULT_TOKEN)".to_owned());
    }
    let state_file = get("state").map(std::path::PathBuf::from);
    if let Some(path) = &state_file {
        builder = builder.load_state(path);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let emu = builder.start().await.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => e.to_string(),
            _ => format!("cannot listen on {listen}: {e}"),
        })?;
        // Signals are caught from before the line that says it listens:
        // whoever reads it may stop the emulator at once.
        let stop = match &state_file {
            Some(_) => Some(on_shutdown().map_err(|e| format!("cannot catch signals: {e}"))?),
            None => None,
        };
        println!(
            "hwbackup-emulator {} listening on {} (project {project}; accepts {})",
            env!("CARGO_PKG_VERSION"),
            emu.url(),
            accepted.join(" and ")
        );
        match (&state_file, stop) {
            // Serves until told to stop, then saves what it holds.
            (Some(path), Some(stop)) => {
                stop.await;
                emu.save_state(path)
                    .map_err(|e| format!("cannot save the state to {}: {e}", path.display()))?;
                println!("state saved to {}", path.display());
            }
            _ => emu.wait().await,
        }
        Ok(())
    })
}

/// Ctrl-C, or SIGTERM where there are signals: caught from this call on,
/// the returned future ends at the first.
#[cfg(unix)]
fn on_shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        // Whichever comes first (no select! macro, so no tokio macros to build).
        let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(2);
        let on_interrupt = tx.clone();
        tokio::spawn(async move {
            interrupt.recv().await;
            let _ = on_interrupt.send(()).await;
        });
        tokio::spawn(async move {
            term.recv().await;
            let _ = tx.send(()).await;
        });
        rx.recv().await;
    })
}

#[cfg(not(unix))]
fn on_shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
