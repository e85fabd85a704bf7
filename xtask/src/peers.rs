//! SpamAssassin and rspamd from Debian, run offline for the phishing benchmark through the
//! scripts in `xtask/peers/` (private configuration, no DNS, Bayes trained on the same training
//! side), and scored over their own protocols: spamd's `SYMBOLS SPAMC/1.5` and rspamd's HTTP
//! `POST /checkv2`. Their processor time and peak memory are read from `/proc` for the
//! daemon's whole process tree.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use crate::bench_mailguard::Run;
use crate::mail_corpus::workspace_root;

/// Two connections at a time: the daemons run two workers each on this two-core machine.
const CLIENTS: usize = 2;

/// SpamAssassin 4: spamd with local tests only (`-L`), Bayes trained on `train`.
pub fn spamassassin(train: &Path, score: &[&Path], work: &Path) -> Result<Run, String> {
    let script = workspace_root().join("xtask/peers/spamassassin.sh");
    let base = work.join("spamassassin");
    let port = free_port()?;
    let base_text = base.display().to_string();
    sh(&script, &["setup", &base_text])?;
    eprintln!("bench-mailguard: training SpamAssassin's Bayes filter (a few minutes)");
    train_bayes(&script, &base_text, train)?;
    sh(&script, &["start", &base_text, &port.to_string(), "2"])?;
    let result = (|| {
        let pid = read_pid(&base.join("run/spamd.pid"))?;
        let files = files_under(score);
        eprintln!(
            "bench-mailguard: SpamAssassin scores {} messages",
            files.len()
        );
        let before = tree_cpu_seconds(pid);
        let flagged = score_all(&files, |bytes| spamd_check(port, bytes))?;
        let cpu_seconds = tree_cpu_seconds(pid) - before;
        Ok(Run {
            name: "SpamAssassin 4 (Bayes trained)".to_owned(),
            flagged,
            cpu_seconds,
            peak_kb: tree_peak_kb(pid),
        })
    })();
    let _ = sh(&script, &["stop", &base_text]);
    result
}

/// rspamd 3.4 with DNS failing at once and its Bayes classifier (in a private redis) trained on
/// the same training side.
pub fn rspamd(train: &Path, score: &[&Path], work: &Path) -> Result<Run, String> {
    let script = workspace_root().join("xtask/peers/rspamd.sh");
    let base = work.join("rspamd");
    let base_text = base.display().to_string();
    let (normal, controller, redis) = (free_port()?, free_port()?, free_port()?);
    sh(
        &script,
        &[
            "setup",
            &base_text,
            &normal.to_string(),
            &controller.to_string(),
            &redis.to_string(),
        ],
    )?;
    sh(&script, &["redis-start", &base_text])?;
    let result = (|| {
        eprintln!("bench-mailguard: starting rspamd (the first start compiles its rules)");
        // The first start compiles the rules (a minute, a gigabyte): not what is measured.
        sh(&script, &["start", &base_text])?;
        sh(&script, &["stop", &base_text])?;
        sh(&script, &["start", &base_text])?;
        eprintln!("bench-mailguard: training rspamd's Bayes classifier");
        train_bayes(&script, &base_text, train)?;
        let pid = read_pid(&base.join("run/rspamd.pid"))?;
        // Its Bayes statistics live in redis: its work and memory count too.
        let redis = read_pid(&base.join("redis/redis.pid"))?;
        let files = files_under(score);
        eprintln!("bench-mailguard: rspamd scores {} messages", files.len());
        let before = tree_cpu_seconds(pid) + tree_cpu_seconds(redis);
        let flagged = score_all(&files, |bytes| rspamd_check(normal, bytes))?;
        let cpu_seconds = tree_cpu_seconds(pid) + tree_cpu_seconds(redis) - before;
        Ok(Run {
            name: "rspamd 3.4 (Bayes trained)".to_owned(),
            flagged,
            cpu_seconds,
            peak_kb: tree_peak_kb(pid) + tree_peak_kb(redis),
        })
    })();
    let _ = sh(&script, &["stop", &base_text]);
    let _ = sh(&script, &["redis-stop", &base_text]);
    result
}

/// Runs a peer script's `train` step on the training side's `spam/` and `ham/` folders.
fn train_bayes(script: &Path, base: &str, train: &Path) -> Result<(), String> {
    let spam = train.join("spam").display().to_string();
    let ham = train.join("ham").display().to_string();
    sh(script, &["train", base, &spam, &ham])
}

pub(crate) fn sh(script: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new("sh")
        .arg(script)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {} failed: {}",
            script.display(),
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

pub(crate) fn read_pid(path: &Path) -> Result<u32, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .trim()
        .parse()
        .map_err(|_| format!("{}: not a process number", path.display()))
}

fn files_under(dirs: &[&Path]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "eml") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, &mut files);
    }
    files.sort();
    files
}

/// Scores every file with `check` from [`CLIENTS`] threads.
fn score_all(
    files: &[PathBuf],
    check: impl Fn(&[u8]) -> Result<bool, String> + Sync,
) -> Result<HashMap<PathBuf, bool>, String> {
    let results = Mutex::new(HashMap::new());
    let failure = Mutex::new(None);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..CLIENTS {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    // A daemon may drop a connection now and then (a worker restarting): three
                    // tries before the run is called failed.
                    let answer = std::fs::read(path)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| {
                            let mut answer = check(&bytes);
                            for _ in 0..2 {
                                if answer.is_ok() {
                                    break;
                                }
                                std::thread::sleep(Duration::from_millis(500));
                                answer = check(&bytes);
                            }
                            answer
                        });
                    match answer {
                        Ok(flagged) => {
                            if let Ok(mut results) = results.lock() {
                                results.insert(path.clone(), flagged);
                            }
                        }
                        Err(error) => {
                            if let Ok(mut failure) = failure.lock() {
                                *failure = Some(format!("{}: {error}", path.display()));
                            }
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().ok().flatten() {
        return Err(error);
    }
    results.into_inner().map_err(|e| e.to_string())
}

/// Sends `request` and reads the answer until the daemon closes the connection; `half_close`
/// tells spamd the request is complete (rspamd, given `Connection: close`, must not see it: it
/// takes a half-closed connection for a client that left).
fn exchange(port: u16, request: &[u8], half_close: bool) -> Result<Vec<u8>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .map_err(|e| e.to_string())?;
    stream.write_all(request).map_err(|e| e.to_string())?;
    if half_close {
        stream
            .shutdown(std::net::Shutdown::Write)
            .map_err(|e| e.to_string())?;
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    Ok(answer)
}

/// spamd's verdict: the `Spam: True ; 16.9 / 5.0` line.
fn spamd_check(port: u16, message: &[u8]) -> Result<bool, String> {
    let mut request = format!(
        "SYMBOLS SPAMC/1.5\r\nContent-length: {}\r\nUser: bench\r\n\r\n",
        message.len()
    )
    .into_bytes();
    request.extend_from_slice(message);
    let answer = exchange(port, &request, true)?;
    let text = String::from_utf8_lossy(&answer);
    if !text
        .lines()
        .next()
        .is_some_and(|status| status.contains(" 0 EX_OK"))
    {
        return Err(format!(
            "spamd refused: {}",
            text.lines().next().unwrap_or_default()
        ));
    }
    let spam = text
        .lines()
        .find_map(|line| line.strip_prefix("Spam: "))
        .ok_or("spamd gave no verdict")?;
    Ok(spam.to_ascii_lowercase().starts_with("true")
        || spam.to_ascii_lowercase().starts_with("yes"))
}

/// rspamd's verdict: `add header`, `rewrite subject`, `soft reject` or `reject` warns the reader
/// (`greylist` only delays delivery).
fn rspamd_check(port: u16, message: &[u8]) -> Result<bool, String> {
    let mut request = format!(
        "POST /checkv2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        message.len()
    )
    .into_bytes();
    request.extend_from_slice(message);
    let answer = exchange(port, &request, false)?;
    let start = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("rspamd gave no answer")?;
    let body: serde_json::Value =
        serde_json::from_slice(&answer[start + 4..]).map_err(|e| format!("rspamd: {e}"))?;
    let action = body["action"].as_str().ok_or("rspamd gave no action")?;
    Ok(matches!(
        action,
        "add header" | "rewrite subject" | "soft reject" | "reject"
    ))
}

fn tree(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut index = 0;
    while index < all.len() {
        let tasks = format!("/proc/{}/task", all[index]);
        if let Ok(entries) = std::fs::read_dir(tasks) {
            for task in entries.flatten() {
                let children =
                    std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
                all.extend(
                    children
                        .split_whitespace()
                        .filter_map(|c| c.parse::<u32>().ok()),
                );
            }
        }
        index += 1;
    }
    all
}

/// Processor seconds of a process tree, its reaped children included.
fn tree_cpu_seconds(pid: u32) -> f64 {
    let ticks = 100.0; // USER_HZ on Linux
    tree(pid)
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .map(|stat| {
            let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
            let fields: Vec<f64> = after_name
                .split_whitespace()
                .map(|f| f.parse().unwrap_or(0.0))
                .collect();
            // utime, stime, cutime, cstime: fields 14–17 of stat, 12–15 after the name.
            fields.get(11..15).map_or(0.0, |f| f.iter().sum::<f64>())
        })
        .sum::<f64>()
        / ticks
}

/// The sum of the peak resident memory of a process tree, KiB.
fn tree_peak_kb(pid: u32) -> u64 {
    tree(pid)
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
        })
        .sum()
}
