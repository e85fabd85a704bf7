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

use hygie_simulator::{Behaviour, Corpus, MARKER, prose};

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
type Stamped = (Instant, String);

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
fn init_practice(binary: &Path, home: &Path, root: &Path) -> Result<(), String> {
    let mut init = hygie(binary, home);
    init.args(["init", "--practice", "Banc d'essai", "--protect"])
        .arg(root);
    quietly(init, "hygie init").map(drop)
}

/// Starts `hygie sentinel watch --json` and waits until it watches; returns it and its alerts.
fn start_sentinel(binary: &Path, home: &Path) -> Result<(Child, mpsc::Receiver<Stamped>), String> {
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
    // `HYGIE_BENCH_OVERHEAD=no` leaves the overhead out.
    if std::env::var("HYGIE_BENCH_OVERHEAD").as_deref() != Ok("no") {
        overhead(bins, &work.join("overhead"))?;
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// Files and size of the write-heavy benign workload.
const WORKLOAD_FILES: usize = 2000;
const WORKLOAD_BYTES: usize = 64 * 1024;

/// The steps of saving one file, each timed.
const STEPS: [&str; 4] = ["open (create or truncate)", "write", "sync", "close"];

/// Writes the workload in `root` (a version of every file, each synced, prose-like text): new
/// versions of the same files when `fresh` is false, new files (new names) when it is true;
/// returns the time each file took at each of the [`STEPS`], from its creation to its close.
fn workload(root: &Path, round: u8, fresh: bool) -> Result<Vec<[Duration; 4]>, String> {
    use std::io::Write;
    let io = |e: std::io::Error| e.to_string();
    let mut latencies = Vec::with_capacity(WORKLOAD_FILES);
    for i in 0..WORKLOAD_FILES {
        let folder = root.join(format!("dossier-{:02}", i % 20));
        std::fs::create_dir_all(&folder).map_err(io)?;
        // Prose-like text, different in every file and round.
        let mut content = format!("compte rendu {i}, version {round}\n").into_bytes();
        content.extend(prose(
            WORKLOAD_BYTES,
            (i as u64 + 1) * 0x9E37_79B9 + u64::from(round),
        ));
        content.truncate(WORKLOAD_BYTES);
        let name = if fresh {
            format!("scan-{round}-{i}.txt")
        } else {
            format!("cr-{i}.txt")
        };
        let started = Instant::now();
        let mut file = std::fs::File::create(folder.join(name)).map_err(io)?;
        let opened = started.elapsed();
        file.write_all(&content).map_err(io)?;
        let written = started.elapsed();
        file.sync_data().map_err(io)?;
        let synced = started.elapsed();
        drop(file);
        let closed = started.elapsed();
        latencies.push([opened, written - opened, synced - written, closed - synced]);
    }
    Ok(latencies)
}

/// CPU seconds `pid` has used (user and system, its ended threads included), from
/// `/proc/PID/stat`: the kernel scales the two so that their sum is the time the scheduler
/// counted, printed in hundredths of a second.
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return f64::NAN;
    };
    let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Rounds of each workload measured in each folder.
const OVERHEAD_ROUNDS: usize = 21;

/// The time the sentinel is left after a round to finish reading it (and the disk to settle)
/// before the next round starts.
const BETWEEN_ROUNDS: Duration = Duration::from_millis(1500);

/// How long the sentinel waits at most before copying a file saved again within that time
/// (`SHADOW_SPAN` in `hygie`'s `shadow_pace`): the measure waits for those copies too.
const SHADOW_SPAN: Duration = Duration::from_secs(30);

/// A quantile of some durations, in microseconds.
fn micros_at(sorted: &[Duration], quantile: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * quantile).round() as usize;
    sorted.get(at).map_or(f64::NAN, |d| d.as_secs_f64() * 1e6)
}

/// What one workload measured, watched and not.
struct Measured {
    /// Time per round, in the order played: not watched, watched.
    rounds: [Vec<Duration>; 2],
    /// Time per file, sorted: not watched, watched.
    files: [Vec<Duration>; 2],
    /// Time per file at each of the [`STEPS`], sorted: not watched, watched.
    steps: [[Vec<Duration>; 4]; 2],
    /// The sentinel's CPU seconds, from the first round until it had copied everything.
    cpu: f64,
}

/// Rounds of the workload in a watched folder and in one beside it that is not, the sentinel
/// running throughout: both see the same disk at the same hour, and the order alternates so
/// that a drift of the machine weighs on both alike. The sentinel's CPU is counted until the
/// copies it put off (files saved again within their span) are made.
fn measure(
    sentinel: &Child,
    roots: [&Path; 2],
    fresh: bool,
    first_round: u8,
) -> Result<Measured, String> {
    let mut measured = Measured {
        rounds: [Vec::new(), Vec::new()],
        files: [Vec::new(), Vec::new()],
        steps: Default::default(),
        cpu: 0.0,
    };
    let cpu_before = cpu_seconds(sentinel.id());
    for round in 0..OVERHEAD_ROUNDS {
        let version = first_round.saturating_add(u8::try_from(round).unwrap_or(u8::MAX));
        let order = if round % 2 == 0 { [1, 0] } else { [0, 1] };
        for watched in order {
            std::thread::sleep(BETWEEN_ROUNDS);
            let steps = workload(roots[watched], version, fresh)?;
            let files: Vec<Duration> = steps.iter().map(|file| file.iter().sum()).collect();
            measured.rounds[watched].push(files.iter().sum());
            measured.files[watched].extend(files);
            for (step, times) in measured.steps[watched].iter_mut().enumerate() {
                times.extend(steps.iter().map(|file| file[step]));
            }
        }
    }
    std::thread::sleep(SHADOW_SPAN + BETWEEN_ROUNDS);
    measured.cpu = cpu_seconds(sentinel.id()) - cpu_before;
    for sorted in measured
        .files
        .iter_mut()
        .chain(measured.steps.iter_mut().flatten())
    {
        sorted.sort_unstable();
    }
    Ok(measured)
}

impl Measured {
    /// The median of a folder's rounds.
    fn median_round(&self, watched: usize) -> f64 {
        let mut rounds = self.rounds[watched].clone();
        rounds.sort_unstable();
        rounds[rounds.len() / 2].as_secs_f64()
    }

    /// The median, over the rounds played back to back in both folders, of the watched
    /// round's time over the other's: each pair saw the machine in the same state.
    fn paired_ratio(&self) -> f64 {
        let ratios = self.paired_ratios();
        ratios[ratios.len() / 2]
    }

    /// Each pair's watched round time over the other's, sorted.
    fn paired_ratios(&self) -> Vec<f64> {
        let mut ratios: Vec<f64> = self.rounds[0]
            .iter()
            .zip(&self.rounds[1])
            .map(|(base, with)| with.as_secs_f64() / base.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    }
}

/// The write-heavy benign workloads with and without the sentinel watching: the same files
/// saved again and again, then new files.
fn overhead(bins: &Path, work: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let _ = std::fs::remove_dir_all(work);
    let unwatched_root = work.join("hors-surveillance");
    let watched_root = work.join("dossiers");
    let home = work.join("hygie");
    std::fs::create_dir_all(&watched_root).map_err(io)?;
    std::fs::create_dir_all(&unwatched_root).map_err(io)?;
    let binary = bins.join("hygie");
    init_practice(&binary, &home, &watched_root)?;
    // The rounds copy about 3.3 GiB of versions: a store bounded at the default 2 GiB would
    // evict the first ones, and the bytes it keeps would no longer say what was copied.
    crate::home_config::replace(&home, "shadow_megabytes = 2048", "shadow_megabytes = 8192")?;
    // Every file saved again exists before the sentinel starts.
    workload(&watched_root, 0, false)?;
    workload(&unwatched_root, 0, false)?;
    let (mut sentinel, alerts) = start_sentinel(&binary, &home)?;
    let roots = [unwatched_root.as_path(), watched_root.as_path()];
    let saved_again = measure(&sentinel, roots, false, 1)?;
    let shadows_saved_again = bytes_under(&home.join("shadows"));
    let new_files = measure(&sentinel, roots, true, 1)?;
    let shadows = bytes_under(&home.join("shadows"));
    let false_alerts = alerts.try_iter().count();
    let _ = sentinel.kill();
    let _ = sentinel.wait();
    let _ = std::fs::remove_dir_all(work);
    println!();
    println!(
        "| write-heavy workload: {OVERHEAD_ROUNDS} rounds of {WORKLOAD_FILES} files of {} KiB, each synced, in each folder, alternating | the same files saved again | new files |",
        WORKLOAD_BYTES / 1024
    );
    println!("|---|---:|---:|");
    let both = [&saved_again, &new_files];
    for (what, watched) in [("not watched", 0), ("watched", 1)] {
        println!(
            "| time per round, {what} (median) | {:.2} s | {:.2} s |",
            both[0].median_round(watched),
            both[1].median_round(watched)
        );
    }
    for (name, quantile) in [("median", 0.5), ("p90", 0.9), ("p99", 0.99)] {
        let cell = |m: &Measured| {
            format!(
                "{:.0} → {:.0} µs",
                micros_at(&m.files[0], quantile),
                micros_at(&m.files[1], quantile)
            )
        };
        println!(
            "| time to save one file (open, write, sync, close), {name}, not watched → watched | {} | {} |",
            cell(both[0]),
            cell(both[1])
        );
    }
    let mean = |sorted: &[Duration]| {
        sorted.iter().sum::<Duration>().as_secs_f64() * 1e6 / sorted.len().max(1) as f64
    };
    for (step, name) in STEPS.iter().enumerate() {
        let cell = |m: &Measured| {
            let [base, with] = [&m.steps[0][step], &m.steps[1][step]];
            format!(
                "{:.1} → {:.1} µs (mean {:.1} → {:.1})",
                micros_at(base, 0.5),
                micros_at(with, 0.5),
                mean(base),
                mean(with)
            )
        };
        println!(
            "| of which {name}, median, not watched → watched | {} | {} |",
            cell(both[0]),
            cell(both[1])
        );
    }
    let added = |m: &Measured| {
        let ratio = m.paired_ratio();
        format!(
            "{:.0} µs ({:+.1} %)",
            m.median_round(0) * (ratio - 1.0) / WORKLOAD_FILES as f64 * 1e6,
            (ratio - 1.0) * 100.0
        )
    };
    println!(
        "| **overhead**: added time per file written (median over pairs of rounds) | {} | {} |",
        added(both[0]),
        added(both[1])
    );
    let spread = |m: &Measured| {
        m.paired_ratios()
            .iter()
            .map(|ratio| format!("{:+.0}", (ratio - 1.0) * 100.0))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "| each pair of rounds, sorted (%) | {} | {} |",
        spread(both[0]),
        spread(both[1])
    );
    let files = (OVERHEAD_ROUNDS * WORKLOAD_FILES) as f64;
    let writing = |m: &Measured| m.rounds[1].iter().map(Duration::as_secs_f64).sum::<f64>();
    let cpu = |m: &Measured| {
        format!(
            "{:.0} µs ({:.2} s for {:.2} s of writing)",
            m.cpu / files * 1e6,
            m.cpu,
            writing(m)
        )
    };
    println!(
        "| sentinel CPU per file written, put-off copies included | {} | {} |",
        cpu(both[0]),
        cpu(both[1])
    );
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    println!(
        "| shadow copies kept | {:.0} MiB | {:.0} MiB |",
        mib(shadows_saved_again),
        mib(shadows - shadows_saved_again)
    );
    println!("| false alerts (both) | {false_alerts} | |");
    Ok(())
}

/// Bytes of the files under `root`.
fn bytes_under(root: &Path) -> u64 {
    snapshot(root)
        .values()
        .map(|bytes| bytes.len() as u64)
        .sum()
}
