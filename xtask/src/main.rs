//! Project automation, run as `cargo xtask <task>`.
//!
//! - `ci`: everything CI checks, in order — formatting, clippy with warnings denied, the whole
//!   test suite (which includes the tidy checks below). This is the command `.ci/run` calls and
//!   the README's second command.
//! - `bench`: the journal benchmark, printed as a Markdown table for BENCHMARKS.md.
//! - `bench-vault`: Hygie, restic and borg side by side on a generated practice-like dataset
//!   (needs Debian's `restic`, `borgbackup` and `time`).
//! - `bench-sentinel`: every simulated ransomware behaviour at 1, 10 and 100 files a second
//!   against the real sentinel, then recovery, and the sentinel's overhead on a write-heavy
//!   workload beside ClamAV's on-access scanner (Linux; as root, the sentinel can stop the
//!   simulator; needs Debian's `clamav-daemon`).
//! - `bench-mailguard`: the phishing analyser beside SpamAssassin and rspamd (Debian's, offline)
//!   on the mail corpus's development side (needs Debian's `spamassassin`, `spamc`, `rspamd`,
//!   `redis-server` and `time`).
//! - `bench-console`: the web console's latency and throughput under Debian's `wrk`, with a year
//!   of journal and alerts.
//! - `train-mailguard`: learns the phishing model's weights from the mail corpus's training
//!   side and writes `crates/mailguard/src/weights.rs`.
//!
//! The tidy checks (every crate documented and free of `unsafe`, the dependency rules of
//! ARCHITECTURE.md) are ordinary tests in `tidy.rs`, so `cargo test` runs them too.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bench_console;
mod bench_mailguard;
mod bench_sentinel;
mod bench_vault;
mod clamav;
mod home_config;
mod mail_corpus;
mod measure;
mod peers;
mod sentinel_overhead;
#[cfg(test)]
mod tidy;
mod train_mailguard;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    if task == "bench-vault" {
        return bench_vault_task(&cargo);
    }
    if task == "bench-console" {
        return build_then(&cargo, &["hygie"], || {
            bench_console::run_bench(&target_dir().join("release/hygie"))
        });
    }
    if task == "bench-sentinel" {
        return bench_sentinel_task(&cargo);
    }
    if task == "bench-mailguard" {
        // `hygie` in release, then the benchmark from an optimised xtask (it reads ten thousand
        // messages).
        if cfg!(debug_assertions) && !build_release(&cargo, &["hygie"]) {
            return ExitCode::FAILURE;
        }
        return in_release(&cargo, task, || {
            bench_mailguard::run(&target_dir().join("release/hygie"))
        });
    }
    if task == "train-mailguard" {
        return in_release(&cargo, task, train_mailguard::run);
    }
    let steps: Vec<Vec<&str>> = match task {
        "ci" => vec![
            vec!["fmt", "--all", "--check"],
            vec![
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ],
            vec!["test", "--workspace", "--locked"],
        ],
        "bench" => vec![vec![
            "bench",
            "--locked",
            "-p",
            "hygie-journal",
            "--bench",
            "journal",
        ]],
        _ => {
            eprintln!(
                "usage: cargo xtask ci | bench | bench-vault | bench-sentinel | bench-console | bench-mailguard | train-mailguard"
            );
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    for step in steps {
        eprintln!("xtask: cargo {}", step.join(" "));
        match Command::new(&cargo).args(&step).status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("xtask: cargo {} failed ({status})", step.join(" "));
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("xtask: cannot run cargo: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Builds `hygie` in release mode, then runs the side-by-side vault benchmark.
fn bench_vault_task(cargo: &str) -> ExitCode {
    build_then(cargo, &["hygie"], || {
        bench_vault::run(&target_dir().join("release/hygie"))
    })
}

/// Builds `hygie` and the simulator in release mode, then runs the sentinel benchmark.
fn bench_sentinel_task(cargo: &str) -> ExitCode {
    build_then(cargo, &["hygie", "hygie-simulator"], || {
        bench_sentinel::run(&target_dir().join("release"))
    })
}

/// Runs `task` here when this build is optimised, else again through an optimised build (the
/// corpus tasks read ten thousand messages).
fn in_release(cargo: &str, task: &str, run: impl FnOnce() -> Result<(), String>) -> ExitCode {
    if cfg!(debug_assertions) {
        let status = Command::new(cargo)
            .args([
                "run",
                "--quiet",
                "--release",
                "--locked",
                "-p",
                "xtask",
                "--",
                task,
            ])
            .status();
        return match status {
            Ok(status) if status.success() => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Builds `packages` in release mode, then runs `bench`; says what failed.
fn build_then(
    cargo: &str,
    packages: &[&str],
    bench: impl FnOnce() -> Result<(), String>,
) -> ExitCode {
    if !build_release(cargo, packages) {
        return ExitCode::FAILURE;
    }
    match bench() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Builds `packages` in release mode; says so when it cannot.
fn build_release(cargo: &str, packages: &[&str]) -> bool {
    let mut build = Command::new(cargo);
    build.args(["build", "--release", "--locked"]);
    for package in packages {
        build.args(["-p", package]);
    }
    let built = matches!(build.status(), Ok(status) if status.success());
    if !built {
        eprintln!(
            "xtask: cannot build {} in release mode",
            packages.join(" and ")
        );
    }
    built
}

/// Where cargo puts what it builds.
fn target_dir() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target"))
}
