//! Helpers shared by the end-to-end tests: run the real `kilde` binary and read its output.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `kilde --index INDEX ARGS…` (ignoring any `KILDE_INDEX` of the caller).
pub fn kilde(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kilde"))
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("KILDE_INDEX")
        .output()
        .unwrap()
}

/// The command's stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command's stdout as JSON, after checking it succeeded.
pub fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}\n{}", String::from_utf8_lossy(&output.stdout), stderr(output))
    })
}
