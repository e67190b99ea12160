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
        "--version",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    for var in ["LISTEN", "AK", "SK", "PROJECT", "TOKEN"] {
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
