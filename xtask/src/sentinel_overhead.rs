//! The sentinel's overhead on a write-heavy benign workload, beside ClamAV's on-access scanner
//! measured in the same run (part of `cargo xtask bench-sentinel`).
//!
//! Folders side by side on one disk: one nobody watches, one the sentinel protects, and two
//! that ClamAV's on-access scanner watches — scanning files after the fact, as the sentinel
//! reads them, and making every open wait for its scan, as it is meant to guard. Every watcher
//! runs throughout; rounds of the workload go from folder to folder, the order turning every
//! round, so that all of them see the disk and the machine in the same state, and each watched
//! round is compared with the unwatched round of the same turn.
//!
//! On some machines a core kept busy makes the writer on the other one faster (it wakes sooner
//! from its syncs): rounds beside a watcher at work gain from it, unwatched rounds do not. With
//! `no_idle`, a spinner of the lowest class (`SCHED_IDLE`, which any other work preempts) keeps
//! every core out of idle during the whole measure, so that both sides see busy cores.
//!
//! Two more columns tell where a watcher's cost comes from: a folder watched by inotify-tools'
//! `inotifywait` (told of every change, reads nothing: the floor of any watcher that is told),
//! and, with `shadows` off, the sentinel keeping no copy (its store bounded at nothing).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hygie_simulator::prose;

use crate::bench_sentinel::{bytes_under, init_practice, start_sentinel};
use crate::clamav::OnAccess;

/// Files and size of the write-heavy benign workload.
const WORKLOAD_FILES: usize = 2000;
const WORKLOAD_BYTES: usize = 64 * 1024;

/// The steps of saving one file, each timed.
const STEPS: [&str; 4] = ["open (create or truncate)", "write", "sync", "close"];

/// Rounds of each workload measured in each folder.
const ROUNDS: usize = 21;

/// The rest before each round, once the watchers are idle (the disk settles).
const BETWEEN_ROUNDS: Duration = Duration::from_millis(1500);

/// How long a watcher may stay busy with the last round before the next one starts anyway.
const SETTLE_AT_MOST: Duration = Duration::from_secs(5);

/// How long the sentinel waits at most before copying a file saved again within that time
/// (`SHADOW_SPAN` in `hygie`'s `shadow_pace`): the measure waits for those copies too.
const SHADOW_SPAN: Duration = Duration::from_secs(30);

/// What the measure puts beside the unwatched folder and the sentinel's.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// ClamAV's two folders (Debian's `clamav-daemon` needed).
    pub with_clamav: bool,
    /// A folder watched by `inotifywait` (Debian's `inotify-tools` needed).
    pub with_inotifywait: bool,
    /// Every core kept out of idle meanwhile ([`Spinners`]).
    pub no_idle: bool,
    /// Whether the sentinel keeps its shadow copies (else its store is bounded at nothing).
    pub shadows: bool,
}

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
pub fn cpu_seconds(pid: u32) -> f64 {
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

/// A quantile of some durations, in microseconds.
fn micros_at(sorted: &[Duration], quantile: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * quantile).round() as usize;
    sorted.get(at).map_or(f64::NAN, |d| d.as_secs_f64() * 1e6)
}

/// A folder of the measure and what watches it.
struct Folder<'a> {
    /// Its column's heading.
    heading: &'static str,
    root: PathBuf,
    /// The CPU seconds its watcher has used so far; none for the folder nobody watches.
    cpu: Option<Box<dyn Fn() -> f64 + 'a>>,
}

/// What one workload measured, folder by folder (in the order of the folders).
struct Measured {
    /// Time per round, in the order played.
    rounds: Vec<Vec<Duration>>,
    /// Time per file, sorted.
    files: Vec<Vec<Duration>>,
    /// Time per file at each of the [`STEPS`], sorted.
    steps: Vec<[Vec<Duration>; 4]>,
    /// The watcher's CPU seconds, from the first round until it was done (NaN when none).
    cpu: Vec<f64>,
}

/// The CPU seconds all watchers have used so far.
fn watchers_cpu(folders: &[Folder]) -> f64 {
    folders
        .iter()
        .filter_map(|f| f.cpu.as_ref())
        .map(|cpu| cpu())
        .sum()
}

/// Waits until no watcher has used a hundredth of a second of CPU in 200 ms (done with the
/// last round), or [`SETTLE_AT_MOST`].
fn settle(folders: &[Folder]) {
    let started = Instant::now();
    let mut before = watchers_cpu(folders);
    while started.elapsed() < SETTLE_AT_MOST {
        std::thread::sleep(Duration::from_millis(200));
        let now = watchers_cpu(folders);
        if now - before < 0.01 {
            return;
        }
        before = now;
    }
}

/// Rounds of the workload in every folder, the order turning every round. Each watcher's CPU
/// is counted until it is done, the sentinel's copies put off (files saved again within their
/// span) included.
fn measure(folders: &[Folder], fresh: bool, first_round: u8) -> Result<Measured, String> {
    let count = folders.len();
    let mut measured = Measured {
        rounds: vec![Vec::new(); count],
        files: vec![Vec::new(); count],
        steps: vec![Default::default(); count],
        cpu: vec![f64::NAN; count],
    };
    let cpu_at = |folders: &[Folder]| -> Vec<f64> {
        folders
            .iter()
            .map(|f| f.cpu.as_ref().map_or(f64::NAN, |cpu| cpu()))
            .collect()
    };
    let cpu_before = cpu_at(folders);
    for round in 0..ROUNDS {
        let version = first_round.saturating_add(u8::try_from(round).unwrap_or(u8::MAX));
        for turn in 0..count {
            let index = (turn + round) % count;
            settle(folders);
            std::thread::sleep(BETWEEN_ROUNDS);
            let steps = workload(&folders[index].root, version, fresh)?;
            let files: Vec<Duration> = steps.iter().map(|file| file.iter().sum()).collect();
            measured.rounds[index].push(files.iter().sum());
            measured.files[index].extend(files);
            for (step, times) in measured.steps[index].iter_mut().enumerate() {
                times.extend(steps.iter().map(|file| file[step]));
            }
        }
    }
    std::thread::sleep(SHADOW_SPAN + BETWEEN_ROUNDS);
    settle(folders);
    measured.cpu = cpu_at(folders)
        .iter()
        .zip(&cpu_before)
        .map(|(after, before)| after - before)
        .collect();
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
    /// The median of a folder's rounds, in seconds.
    fn median_round(&self, folder: usize) -> f64 {
        let mut rounds = self.rounds[folder].clone();
        rounds.sort_unstable();
        rounds[rounds.len() / 2].as_secs_f64()
    }

    /// For each round, the folder's time over the unwatched folder's in the same round, sorted.
    fn ratios(&self, folder: usize) -> Vec<f64> {
        let mut ratios: Vec<f64> = self.rounds[0]
            .iter()
            .zip(&self.rounds[folder])
            .map(|(base, with)| with.as_secs_f64() / base.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    }
}

/// One row of a table: a heading, then a cell per folder.
fn row(heading: &str, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().collect();
    println!("| {heading} | {} |", cells.join(" | "));
}

/// Prints the table of one workload.
fn table(what: &str, headings: &[&str], m: &Measured, shadow_bytes: u64, false_alerts: usize) {
    let folders = 0..m.rounds.len();
    println!();
    println!(
        "| {what}: {ROUNDS} rounds of {WORKLOAD_FILES} files of {} KiB, each synced, in each folder | {} |",
        WORKLOAD_BYTES / 1024,
        headings.join(" | ")
    );
    println!("|---|{}", "---:|".repeat(m.rounds.len()));
    row(
        "time per round (median)",
        folders
            .clone()
            .map(|f| format!("{:.2} s", m.median_round(f))),
    );
    for (name, quantile) in [("median", 0.5), ("p90", 0.9), ("p99", 0.99)] {
        row(
            &format!("time to save one file (open, write, sync, close), {name}"),
            folders
                .clone()
                .map(|f| format!("{:.0} µs", micros_at(&m.files[f], quantile))),
        );
    }
    let mean = |sorted: &[Duration]| {
        sorted.iter().sum::<Duration>().as_secs_f64() * 1e6 / sorted.len().max(1) as f64
    };
    for (step, name) in STEPS.iter().enumerate() {
        row(
            &format!("of which {name}, median (mean)"),
            folders.clone().map(|f| {
                let times = &m.steps[f][step];
                format!("{:.1} µs ({:.1})", micros_at(times, 0.5), mean(times))
            }),
        );
    }
    let unwatched = |f: usize, text: String| if f == 0 { "—".to_owned() } else { text };
    row(
        "**overhead**: added time per file written (median over rounds, against the unwatched round of the same turn)",
        folders.clone().map(|f| {
            let ratios = m.ratios(f);
            let ratio = ratios[ratios.len() / 2];
            unwatched(
                f,
                format!(
                    "{:.0} µs ({:+.1} %)",
                    m.median_round(0) * (ratio - 1.0) / WORKLOAD_FILES as f64 * 1e6,
                    (ratio - 1.0) * 100.0
                ),
            )
        }),
    );
    row(
        "rounds' overhead: lowest, quartiles, highest (%)",
        folders.clone().map(|f| {
            let ratios = m.ratios(f);
            let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
            let spread = [0.0, 0.25, 0.5, 0.75, 1.0]
                .map(|q| format!("{:+.0}", (at(q) - 1.0) * 100.0))
                .join(" / ");
            unwatched(f, spread)
        }),
    );
    let files = (ROUNDS * WORKLOAD_FILES) as f64;
    row(
        "watcher's CPU per file written, until done",
        folders.clone().map(|f| {
            let written: f64 = m.rounds[f].iter().map(Duration::as_secs_f64).sum();
            unwatched(
                f,
                format!(
                    "{:.0} µs ({:.2} s for {written:.2} s of writing)",
                    m.cpu[f] / files * 1e6,
                    m.cpu[f]
                ),
            )
        }),
    );
    let mib = shadow_bytes as f64 / f64::from(1 << 20);
    row(
        "shadow copies kept, false alerts",
        folders.map(|f| {
            if f == 1 {
                format!("{mib:.0} MiB, {false_alerts}")
            } else {
                "—".to_owned()
            }
        }),
    );
}

/// The write-heavy benign workloads in every folder: the same files saved again and again,
/// then new files.
pub fn run(bins: &Path, work: &Path, options: Options) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let _ = std::fs::remove_dir_all(work);
    let mut names = vec!["hors-surveillance", "dossiers"];
    if options.with_clamav {
        names.extend(["clamav-apres", "clamav-bloquant"]);
    }
    if options.with_inotifywait {
        names.push("inotifywait");
    }
    let roots: Vec<PathBuf> = names.iter().map(|name| work.join(name)).collect();
    for root in &roots {
        std::fs::create_dir_all(root).map_err(io)?;
    }
    let home = work.join("hygie");
    let binary = bins.join("hygie");
    init_practice(&binary, &home, &roots[1])?;
    // The rounds copy about 3.3 GiB of versions: a store bounded at the default 2 GiB would
    // evict the first ones, and the bytes it keeps would no longer say what was copied.
    let limit = if options.shadows {
        "shadow_megabytes = 8192"
    } else {
        "shadow_megabytes = 0"
    };
    crate::home_config::replace(&home, "shadow_megabytes = 2048", limit)?;
    // Every file saved again exists before the watchers start.
    for root in &roots {
        workload(root, 0, false)?;
    }
    let (mut sentinel, alerts) = start_sentinel(&binary, &home)?;
    let result = (|| {
        let scanners = if options.with_clamav {
            eprintln!("bench-sentinel: starting ClamAV's on-access scanner, twice");
            vec![
                OnAccess::start(&work.join("clamav-1"), &roots[2], false)?,
                OnAccess::start(&work.join("clamav-2"), &roots[3], true)?,
            ]
        } else {
            Vec::new()
        };
        let sentinel_pid = sentinel.id();
        let mut folders = vec![
            Folder {
                heading: "not watched",
                root: roots[0].clone(),
                cpu: None,
            },
            Folder {
                heading: if options.shadows {
                    "Hygie's sentinel"
                } else {
                    "Hygie's sentinel, keeping no copy"
                },
                root: roots[1].clone(),
                cpu: Some(Box::new(move || cpu_seconds(sentinel_pid))),
            },
        ];
        let scanned_by = [
            "ClamAV on-access, scanning after the fact",
            "ClamAV on-access, opens waiting for the scan",
        ];
        for ((scanner, root), heading) in scanners.iter().zip(&roots[2..]).zip(scanned_by) {
            folders.push(Folder {
                heading,
                root: root.clone(),
                cpu: Some(Box::new(|| scanner.cpu_seconds())),
            });
        }
        let told = if options.with_inotifywait {
            let root = roots.last().ok_or("no folder")?;
            let told = Told::start(root)?;
            let pid = told.0.id();
            folders.push(Folder {
                heading: "inotifywait (told of every change, reads nothing)",
                root: root.clone(),
                cpu: Some(Box::new(move || cpu_seconds(pid))),
            });
            Some(told)
        } else {
            None
        };
        let headings: Vec<&str> = folders.iter().map(|f| f.heading).collect();
        let _spinners = if options.no_idle {
            eprintln!("bench-sentinel: every core kept out of idle (SCHED_IDLE spinners)");
            Some(Spinners::start()?)
        } else {
            None
        };
        eprintln!("bench-sentinel: the same files saved again, {ROUNDS} rounds per folder");
        let saved_again = measure(&folders, false, 1)?;
        let shadows_saved_again = bytes_under(&home.join("shadows"));
        let false_alerts_saved_again = alerts.try_iter().count();
        eprintln!("bench-sentinel: new files, {ROUNDS} rounds per folder");
        let new_files = measure(&folders, true, 1)?;
        let shadows = bytes_under(&home.join("shadows"));
        drop(told);
        if options.no_idle {
            println!();
            println!("Every core kept out of idle during the measure (`SCHED_IDLE` spinners).");
        }
        table(
            "the same files saved again",
            &headings,
            &saved_again,
            shadows_saved_again,
            false_alerts_saved_again,
        );
        table(
            "new files",
            &headings,
            &new_files,
            shadows - shadows_saved_again,
            alerts.try_iter().count(),
        );
        Ok(())
    })();
    let _ = sentinel.kill();
    let _ = sentinel.wait();
    let _ = std::fs::remove_dir_all(work);
    result
}

/// `inotifywait` (inotify-tools) told of every change under a folder, as the sentinel's own
/// inotify watch is (files closed after writing, created, deleted, moved), printing each
/// name to nothing. Stopped when dropped.
struct Told(std::process::Child);

impl Told {
    fn start(root: &Path) -> Result<Told, String> {
        let mut told = Told(
            std::process::Command::new("inotifywait")
                .args(["--monitor", "--recursive", "--format", "%w%f"])
                .args(["--event", "close_write,create,delete,move"])
                .arg(root)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .map_err(|e| format!("inotifywait (inotify-tools): {e}"))?,
        );
        // It says on its standard error when its watches are set; what it says after is read
        // to nothing, so it never writes to a full pipe.
        let said = told.0.stderr.take().ok_or("no standard error")?;
        let (watching, ready) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut said = std::io::BufReader::new(said);
            let mut line = Vec::new();
            while said.read_until(b'\n', &mut line).is_ok_and(|read| read > 0) {
                if line.windows(19).any(|w| w == b"Watches established") {
                    let _ = watching.send(());
                    let _ = std::io::copy(&mut said, &mut std::io::sink());
                    return;
                }
                line.clear();
            }
        });
        // Dropped on failure: the process is killed and reaped.
        ready
            .recv_timeout(Duration::from_secs(60))
            .map_err(|e| match e {
                std::sync::mpsc::RecvTimeoutError::Timeout => {
                    "inotifywait did not start watching within a minute".to_owned()
                }
                std::sync::mpsc::RecvTimeoutError::Disconnected => {
                    "inotifywait stopped before watching".to_owned()
                }
            })?;
        Ok(told)
    }
}

impl Drop for Told {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One busy loop per core at the lowest scheduling class (`chrt --idle 0`, util-linux): the
/// cores never idle, and any other work runs first. Stopped when dropped.
struct Spinners(Vec<std::process::Child>);

impl Spinners {
    fn start() -> Result<Spinners, String> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let mut spinners = Spinners(Vec::with_capacity(cores));
        for _ in 0..cores {
            let child = std::process::Command::new("chrt")
                .args(["--idle", "0", "sh", "-c", "while :; do :; done"])
                .stdin(std::process::Stdio::null())
                .spawn()
                .map_err(|e| format!("chrt (util-linux): {e}"))?;
            spinners.0.push(child);
        }
        Ok(spinners)
    }
}

impl Drop for Spinners {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
