//! `cargo xtask bench-sentinel`: every simulated behaviour at 1, 10 and 100 files a second
//! against the real sentinel (`hygie sentinel watch` on a fresh practice), then
//! `hygie incident restore`; prints a Markdown table for BENCHMARKS.md.
//!
//! Per behaviour and rate, over several trials: files the simulator had started on when the
//! alert was printed and when it was stopped (median, p90, max), time from its first file to
//! the alert, and files not put back bit for bit after recovery (plus attacker files left
//! behind). The simulator runs in its own process group, as a program a person starts would.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hygie_simulator::{Behaviour, Corpus, MARKER};

/// Patient folders in the corpus (four files each).
const FOLDERS: usize = 16;

/// One run of one behaviour at one rate.
struct Trial {
    before_alert: Option<usize>,
    before_stop: Option<usize>,
    detect: Option<Duration>,
    unrecoverable: usize,
    left_behind: usize,
}

/// A line of a child's standard output, with when it arrived.
pub(crate) type Stamped = (Instant, String);

fn lines_of(child: &mut Child) -> Result<mpsc::Receiver<Stamped>, String> {
    let stdout = child.stdout.take().ok_or("no standard output")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    Ok(receiver)
}

fn hygie(binary: &Path, home: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("HYGIE_HOME")
        .env_remove("LC_ALL")
        .arg("--home")
        .arg(home)
        .stdin(Stdio::null());
    command
}

fn quietly(mut command: Command, what: &str) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Sets up a practice in `home` protecting `root`.
pub(crate) fn init_practice(binary: &Path, home: &Path, root: &Path) -> Result<(), String> {
    let mut init = hygie(binary, home);
    init.args(["init", "--practice", "Banc d'essai", "--protect"])
        .arg(root);
    quietly(init, "hygie init").map(drop)
}

/// Starts `hygie sentinel watch --json` and waits until it watches; returns it and its alerts.
pub(crate) fn start_sentinel(
    binary: &Path,
    home: &Path,
) -> Result<(Child, mpsc::Receiver<Stamped>), String> {
    let mut sentinel = hygie(binary, home)
        .args(["sentinel", "watch", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("hygie sentinel watch: {e}"))?;
    let alerts = lines_of(&mut sentinel)?;
    let mut said = BufReader::new(sentinel.stderr.take().ok_or("no standard error")?);
    let mut line = String::new();
    while !line.contains("Surveillance de") {
        line.clear();
        if said.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the sentinel stopped before watching".into());
        }
    }
    // Keep reading what it says, so it never writes to a closed pipe.
    std::thread::spawn(move || for _ in said.lines() {});
    Ok((sentinel, alerts))
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => stack.push(path),
                Ok(kind) if kind.is_file() => {
                    if let Ok(bytes) = std::fs::read(&path) {
                        files.insert(path, bytes);
                    }
                }
                _ => {}
            }
        }
    }
    files
}

fn trial(
    bins: &Path,
    work: &Path,
    behaviour: Behaviour,
    workers: usize,
    rate: u32,
) -> Result<Trial, String> {
    let io = |e: std::io::Error| e.to_string();
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(io)?;
    let root = work.join("dossiers");
    let home = work.join("hygie");
    Corpus::create(&root, FOLDERS).map_err(io)?;
    let binary = bins.join("hygie");
    init_practice(&binary, &home, &root)?;
    let mut backup = hygie(&binary, &home);
    backup.arg("backup");
    quietly(backup, "hygie backup")?;
    let originals = snapshot(&root);
    std::thread::sleep(Duration::from_millis(1100));

    let (mut sentinel, alerts) = start_sentinel(&binary, &home)?;

    let mut simulator = Command::new(bins.join("hygie-simulate"))
        .arg(behaviour.name())
        .arg(rate.to_string())
        .arg(workers.to_string())
        .arg(&root)
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("hygie-simulate: {e}"))?;
    let touched = lines_of(&mut simulator)?;
    let budget = Duration::from_secs_f64((FOLDERS * 4) as f64 / f64::from(rate)) + SLACK;
    let alert_at = alerts.recv_timeout(budget).ok().map(|(at, _)| at);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = simulator.try_wait().map_err(io)? {
            break Some(status);
        }
        if started.elapsed() > SLACK {
            let _ = simulator.kill();
            let _ = simulator.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // What the simulator said before it was stopped is all in the pipe now.
    std::thread::sleep(Duration::from_millis(200));
    let stamps: Vec<Instant> = touched.try_iter().map(|(at, _)| at).collect();
    let stopped = status.is_some_and(|s| s.signal() == Some(9));
    std::thread::sleep(Duration::from_millis(500));
    let _ = sentinel.kill();
    let _ = sentinel.wait();

    let mut list = hygie(&binary, &home);
    list.args(["alerts", "--json"]);
    let count = quietly(list, "hygie alerts")?.lines().count();
    for number in 1..=count {
        let mut restore = hygie(&binary, &home);
        restore.args(["incident", "restore", &number.to_string()]);
        // A failed restore shows as unrecoverable files below.
        let _ = restore.output();
    }
    let after = snapshot(&root);
    let unrecoverable = originals
        .iter()
        .filter(|(path, bytes)| after.get(*path) != Some(*bytes))
        .count();
    let left_behind = after
        .keys()
        .filter(|path| !originals.contains_key(*path) && !path.ends_with(MARKER))
        .count();
    Ok(Trial {
        before_alert: alert_at.map(|alert| stamps.iter().filter(|at| **at <= alert).count()),
        before_stop: stopped.then_some(stamps.len()),
        detect: alert_at.and_then(|alert| {
            stamps
                .first()
                .map(|first| alert.saturating_duration_since(*first))
        }),
        unrecoverable,
        left_behind,
    })
}

/// How long to wait beyond the attack's own duration.
const SLACK: Duration = Duration::from_secs(5);

fn quantiles(mut values: Vec<usize>) -> String {
    if values.is_empty() {
        return "—".into();
    }
    values.sort_unstable();
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    format!("{} / {} / {}", at(0.5), at(0.9), values[values.len() - 1])
}

/// Runs the benchmark with the binaries in `bins` and prints the table.
pub fn run(bins: &Path) -> Result<(), String> {
    let trials: usize = std::env::var("HYGIE_BENCH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let work = std::env::temp_dir().join(format!("hygie-bench-sentinel-{}", std::process::id()));
    let mut plays: Vec<(String, Behaviour, usize)> = Behaviour::ALL
        .into_iter()
        .map(|b| (b.name().to_owned(), b, 1))
        .collect();
    plays.push(("b10-4-processes".into(), Behaviour::InPlace, 4));
    // `HYGIE_BENCH_PLAYS=b1-in-place,b7-base64` (or `none`) measures only those.
    if let Ok(only) = std::env::var("HYGIE_BENCH_PLAYS") {
        let only: Vec<&str> = only.split(',').collect();
        plays.retain(|(name, _, _)| only.contains(&name.as_str()));
    }
    println!(
        "| behaviour | files/s | alerts | files before alert (median / p90 / max) | files before stop (median / p90 / max) | time to alert (median) | unrecoverable (max) | attacker files left (max) |"
    );
    println!("|---|---:|---:|---|---|---:|---:|---:|");
    for (name, behaviour, workers) in &plays {
        for rate in [1u32, 10, 100] {
            let mut results = Vec::new();
            for n in 0..trials {
                let result = trial(
                    bins,
                    &work.join(format!("{name}-{rate}-{n}")),
                    *behaviour,
                    *workers,
                    rate,
                );
                let _ = std::fs::remove_dir_all(work.join(format!("{name}-{rate}-{n}")));
                results.push(result?);
            }
            let alerted = results.iter().filter(|t| t.before_alert.is_some()).count();
            let mut detect: Vec<Duration> = results.iter().filter_map(|t| t.detect).collect();
            detect.sort_unstable();
            let detect = detect
                .get(detect.len() / 2)
                .map_or("—".to_owned(), |d| format!("{} ms", d.as_millis()));
            println!(
                "| {name} | {rate} | {alerted}/{trials} | {} | {} | {detect} | {} | {} |",
                quantiles(results.iter().filter_map(|t| t.before_alert).collect()),
                quantiles(results.iter().filter_map(|t| t.before_stop).collect()),
                results.iter().map(|t| t.unrecoverable).max().unwrap_or(0),
                results.iter().map(|t| t.left_behind).max().unwrap_or(0),
            );
        }
    }
    // `HYGIE_BENCH_OVERHEAD=no` leaves the overhead out, `HYGIE_BENCH_CLAMAV=no` its peer;
    // `HYGIE_BENCH_NO_IDLE=yes` keeps every core out of idle meanwhile;
    // `HYGIE_BENCH_INOTIFYWAIT=yes` adds a folder watched by `inotifywait`,
    // `HYGIE_BENCH_SHADOWS=no` has the sentinel keep no copy.
    if std::env::var("HYGIE_BENCH_OVERHEAD").as_deref() != Ok("no") {
        let with_clamav = std::env::var("HYGIE_BENCH_CLAMAV").as_deref() != Ok("no");
        if with_clamav && Command::new("clamd").arg("--version").output().is_err() {
            return Err(
                "the overhead is measured beside ClamAV's on-access scanner: install \
                 Debian's clamav-daemon (apt-get install clamav-daemon), or set \
                 HYGIE_BENCH_CLAMAV=no to leave it out"
                    .into(),
            );
        }
        let with_inotifywait = std::env::var("HYGIE_BENCH_INOTIFYWAIT").as_deref() == Ok("yes");
        if with_inotifywait && Command::new("inotifywait").arg("--help").output().is_err() {
            return Err("HYGIE_BENCH_INOTIFYWAIT=yes needs Debian's inotify-tools \
                        (apt-get install inotify-tools)"
                .into());
        }
        let options = crate::sentinel_overhead::Options {
            with_clamav,
            with_inotifywait,
            no_idle: std::env::var("HYGIE_BENCH_NO_IDLE").as_deref() == Ok("yes"),
            shadows: std::env::var("HYGIE_BENCH_SHADOWS").as_deref() != Ok("no"),
        };
        crate::sentinel_overhead::run(bins, &work.join("overhead"), options)?;
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// Bytes of the files under `root`.
pub(crate) fn bytes_under(root: &Path) -> u64 {
    snapshot(root)
        .values()
        .map(|bytes| bytes.len() as u64)
        .sum()
}
