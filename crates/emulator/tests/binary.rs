//! The binary's interface: `--help` names every flag with its default and
//! its environment variable, `--version` prints the version, a wrong flag
//! is exit 2, and the startup line says where it listens and which
//! credentials it accepts, without a secret.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_hwbackup-emulator");

#[test]
fn help_version_and_errors() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in [
        "--listen",
        "--ak",
        "--sk",
        "--project",
        "--token",
        "--record-calls",
        "--root-service",
        "--stateless",
        "--state",
        "--version",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    for var in [
        "LISTEN",
        "AK",
        "SK",
        "PROJECT",
        "TOKEN",
        "RECORD_CALLS",
        "ROOT_SERVICE",
        "STATELESS",
        "STATE",
    ] {
        assert!(text.contains(&format!("HWBACKUP_EMULATOR_{var}")), "{var}");
    }
    assert!(text.contains("default 127.0.0.1:0"));
    let version = Command::new(BIN).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("hwbackup-emulator {}", env!("CARGO_PKG_VERSION"))
    );
    let wrong = Command::new(BIN).arg("--bogus").output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--bogus"));
}

#[test]
fn the_startup_line_names_the_address_and_the_key_but_no_secret() {
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--ak",
            "MYACCESSKEY",
            "--sk",
            "my-very-secret-key",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().ok();
    child.wait().ok();
    assert!(line.contains("listening on http://127.0.0.1:"), "{line}");
    assert!(line.contains("MYACCESSKEY"), "{line}");
    assert!(!line.contains("my-very-secret-key"), "{line}");
}

#[cfg(unix)]
#[test]
fn the_binary_saves_its_state_on_sigterm_and_refuses_a_broken_file() {
    let dir = std::env::temp_dir().join(format!("hwbackup-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(&file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.contains("listening on"), "{line}");
    // SIGTERM: the binary saves, says so, and exits cleanly.
    let killed = Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} {rest}");
    assert!(rest.contains("state saved"), "{rest}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["format"], "hwbackup-emulator-state/1");
    // Cut in half, it is refused with a reason, exit 2, no panic.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let broken = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(2));
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(
        err.contains("state file") && err.contains("not whole JSON"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
