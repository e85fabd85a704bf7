//! `cargo xtask bench-vault`: Hygie, restic and borg side by side on one practice-like dataset.
//!
//! The dataset (about 1 GB by default, `HYGIE_BENCH_GB` to change it) is generated from a fixed
//! seed: office documents and PDFs (structured, compressible text), incompressible scans and
//! photos, thousands of small text notes, and a 200 MB SQLite-like database file of repetitive
//! pages. Each tool then runs the same phases — initial backup, incremental after 1 % of the files
//! changed, incremental with no change, full restore — under GNU `time`, which reports wall time
//! and peak memory (maximum resident set size). Everything runs on this machine, on the same disk,
//! one tool at a time.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{Measure, timed};

/// A small deterministic generator (xorshift64*), so every run backs up the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn fill(&mut self, bytes: &mut [u8]) {
        for chunk in bytes.chunks_mut(8) {
            let value = self.next().to_le_bytes();
            chunk.copy_from_slice(&value[..chunk.len()]);
        }
    }
}

const WORDS: &[&str] = &[
    "patient",
    "consultation",
    "ordonnance",
    "tension",
    "artérielle",
    "traitement",
    "antécédents",
    "allergie",
    "radiographie",
    "compte-rendu",
    "docteur",
    "cabinet",
    "rendez-vous",
    "vaccin",
    "posologie",
    "comprimé",
    "matin",
    "soir",
    "douleur",
    "examen",
    "biologie",
    "glycémie",
];

fn text(rng: &mut Rng, bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 16);
    while out.len() < bytes {
        let word = WORDS[(rng.next() % WORDS.len() as u64) as usize];
        out.extend_from_slice(word.as_bytes());
        out.push(if rng.next().is_multiple_of(12) {
            b'\n'
        } else {
            b' '
        });
    }
    out.truncate(bytes);
    out
}

/// Writes the dataset under `root`; returns its size in bytes and the list of files.
fn generate(root: &Path, gigabytes: f64) -> std::io::Result<(u64, Vec<PathBuf>)> {
    let scale = gigabytes;
    let mut rng = Rng(0x4859_4749_455F_4245);
    let mut files = Vec::new();
    let mut total = 0u64;
    let mut write =
        |path: PathBuf, bytes: &[u8], files: &mut Vec<PathBuf>| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, bytes)?;
            total += bytes.len() as u64;
            files.push(path);
            Ok(())
        };
    // Office documents and PDFs: 300 MB of structured, compressible text in 150–4,000 kB files.
    let mut budget = (300e6 * scale) as usize;
    let mut i = 0;
    while budget > 0 {
        let size = (150_000 + (rng.next() % 3_850_000) as usize).min(budget);
        let mut body = b"%PDF-1.7\n".to_vec();
        body.extend(text(&mut rng, size.saturating_sub(9)));
        let extension = if i % 3 == 0 { "docx" } else { "pdf" };
        write(
            root.join(format!(
                "dossiers/patient-{:04}/document-{i:05}.{extension}",
                i % 700
            )),
            &body,
            &mut files,
        )?;
        budget -= size;
        i += 1;
    }
    // Scans and photos: 450 MB incompressible, 1–8 MB each.
    let mut budget = (450e6 * scale) as usize;
    let mut i = 0;
    while budget > 0 {
        let size = (1_000_000 + (rng.next() % 7_000_000) as usize).min(budget);
        let mut body = vec![0u8; size];
        rng.fill(&mut body);
        write(
            root.join(format!("scans/{:02}/scan-{i:05}.jpg", i % 40)),
            &body,
            &mut files,
        )?;
        budget -= size;
        i += 1;
    }
    // Small notes: 6,000 files of 1–8 kB.
    for i in 0..((6_000.0 * scale) as usize) {
        let size = 1_000 + (rng.next() % 7_000) as usize;
        write(
            root.join(format!("notes/{:03}/note-{i:05}.txt", i % 300)),
            &text(&mut rng, size),
            &mut files,
        )?;
    }
    // A 200 MB database: 4 kB pages, mostly repetitive records with some noise.
    let pages = (200e6 * scale / 4096.0) as usize;
    let mut database = Vec::with_capacity(pages * 4096);
    for page in 0..pages {
        let mut bytes = text(&mut rng, 4096);
        bytes[..8].copy_from_slice(&(page as u64).to_le_bytes());
        database.extend_from_slice(&bytes);
    }
    write(root.join("logiciel/cabinet.sqlite"), &database, &mut files)?;
    Ok((total, files))
}

/// Changes 1 % of the files (every hundredth), in place.
fn change_one_percent(files: &[PathBuf]) -> std::io::Result<usize> {
    let mut changed = 0;
    for path in files.iter().step_by(100) {
        let mut file = fs::OpenOptions::new().append(true).open(path)?;
        file.write_all(b"\nmodification du jour\n")?;
        changed += 1;
    }
    Ok(changed)
}

/// Runs a setup `command` (an `init`), quietly; `what` names it when it fails.
fn set_up(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(what.to_owned())
    }
}

struct Tool {
    name: &'static str,
    backup: Box<dyn Fn() -> Command>,
    restore: Box<dyn Fn(&Path) -> Command>,
}

/// Runs the benchmark and prints a Markdown table.
pub fn run(hygie: &Path) -> Result<(), String> {
    let gigabytes: f64 = std::env::var("HYGIE_BENCH_GB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let base = std::env::var("HYGIE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let work = base.join(format!("hygie-bench-vault-{}", std::process::id()));
    let result = run_in(hygie, &work, gigabytes);
    let _ = fs::remove_dir_all(&work);
    result
}

fn run_in(hygie: &Path, work: &Path, gigabytes: f64) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let data = work.join("cabinet");
    eprintln!(
        "bench-vault: generating {gigabytes} GB in {}",
        data.display()
    );
    let (total, files) = generate(&data, gigabytes).map_err(io)?;
    let password = "benchmark-password-0123456789";

    // Hygie: a home with the dataset protected; the repository inside it.
    let home = work.join("hygie-home");
    set_up(
        Command::new(hygie)
            .args(["--home"])
            .arg(&home)
            .args(["init", "--practice", "Banc d'essai", "--protect"])
            .arg(&data),
        "hygie init failed",
    )?;
    let restic_repo = work.join("restic-repo");
    set_up(
        Command::new("restic")
            .args(["init", "--repo"])
            .arg(&restic_repo)
            .env("RESTIC_PASSWORD", password),
        "restic init failed",
    )?;
    let borg_repo = work.join("borg-repo");
    set_up(
        Command::new("borg")
            .args(["init", "--encryption=repokey"])
            .arg(&borg_repo)
            .env("BORG_PASSPHRASE", password),
        "borg init failed",
    )?;

    // The repository server on loopback, with one credential for Hygie and one for restic.
    let server = RepositoryServer::start(hygie, &work.join("server"), password)?;
    let served_home = work.join("hygie-home-served");
    set_up(
        Command::new(hygie)
            .args(["--home"])
            .arg(&served_home)
            .args(["init", "--practice", "Banc d'essai", "--protect"])
            .arg(&data)
            .args(["--repo", &server.address("hygie")])
            .env("HYGIE_SERVER_PASSWORD", password),
        "hygie init with the repository server failed",
    )?;
    let served_restic = server.restic_url("restic", password);
    set_up(
        Command::new("restic")
            .args(["init", "--repo", &served_restic])
            .env("RESTIC_PASSWORD", password),
        "restic init through the repository server failed",
    )?;

    let borg_repo2 = borg_repo.clone();
    let data_for_borg = data.clone();
    let borg_counter = std::cell::Cell::new(0u32);
    let borg_counter = std::rc::Rc::new(borg_counter);
    let borg_counter2 = borg_counter.clone();
    let tools = [
        hygie_tool("hygie", hygie, &home),
        restic_tool(
            "restic 0.14 (Debian)",
            restic_repo.display().to_string(),
            &data,
            password,
        ),
        Tool {
            name: "borg 1.2 (Debian)",
            backup: Box::new(move || {
                let n = borg_counter.get() + 1;
                borg_counter.set(n);
                let mut c = Command::new("borg");
                c.arg("create")
                    .arg(format!("{}::snapshot-{n}", borg_repo.display()))
                    .arg(&data_for_borg)
                    .env("BORG_PASSPHRASE", password);
                c
            }),
            restore: Box::new(move |target| {
                let n = borg_counter2.get();
                let mut c = Command::new("borg");
                c.arg("extract")
                    .arg(format!("{}::snapshot-{n}", borg_repo2.display()))
                    .env("BORG_PASSPHRASE", password)
                    .current_dir(target);
                c
            }),
        },
        hygie_tool("hygie → server", hygie, &served_home),
        restic_tool("restic → server", served_restic, &data, password),
    ];

    let phases = [
        "initial backup",
        "incremental, 1 % changed",
        "incremental, no change",
        "full restore",
    ];
    let mut results: Vec<Vec<Measure>> = tools.iter().map(|_| Vec::new()).collect();
    // Phase by phase, so every tool sees the same data: all initial backups, then the change,
    // then all incrementals, and so on.
    for (t, tool) in tools.iter().enumerate() {
        eprintln!("bench-vault: {} initial backup", tool.name);
        results[t].push(timed((tool.backup)(), tool.name, None)?);
    }
    let changed = change_one_percent(&files).map_err(io)?;
    eprintln!("bench-vault: changed {changed} files");
    for (t, tool) in tools.iter().enumerate() {
        results[t].push(timed((tool.backup)(), tool.name, None)?);
    }
    for (t, tool) in tools.iter().enumerate() {
        results[t].push(timed((tool.backup)(), tool.name, None)?);
    }
    for (t, tool) in tools.iter().enumerate() {
        let target = work.join(format!("restore-{t}"));
        fs::create_dir_all(&target).map_err(io)?;
        results[t].push(timed((tool.restore)(&target), tool.name, None)?);
        let _ = fs::remove_dir_all(&target);
    }

    println!(
        "Dataset: {:.2} GB in {} files (HYGIE_BENCH_GB={gigabytes}); {changed} files changed for the incremental.",
        total as f64 / 1e9,
        files.len()
    );
    println!();
    print!("| phase |");
    for tool in &tools[..3] {
        print!(" {} |", tool.name);
    }
    println!(" hygie vs restic | hygie vs borg |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (p, phase) in phases.iter().enumerate() {
        print!("| {phase} (s) |");
        for result in &results[..3] {
            print!(" {:.2} |", result[p].seconds);
        }
        println!(
            " {:.2}× | {:.2}× |",
            results[1][p].seconds / results[0][p].seconds,
            results[2][p].seconds / results[0][p].seconds
        );
    }
    for (p, phase) in phases.iter().enumerate() {
        print!("| {phase}: peak memory (MB) |");
        let peak = |r: &Vec<Measure>| r[p].peak_kb as f64 / 1024.0;
        for result in &results[..3] {
            print!(" {:.0} |", peak(result));
        }
        println!(
            " {:.2}× | {:.2}× |",
            peak(&results[1]) / peak(&results[0]),
            peak(&results[2]) / peak(&results[0])
        );
    }
    println!();
    println!(
        "Through `hygie vault serve` on loopback (HTTP), each client with its own credential:"
    );
    println!();
    println!(
        "| phase | {} | {} | hygie vs restic |",
        tools[3].name, tools[4].name
    );
    println!("|---|---:|---:|---:|");
    for (p, phase) in phases.iter().enumerate() {
        println!(
            "| {phase} (s) | {:.2} | {:.2} | {:.2}× |",
            results[3][p].seconds,
            results[4][p].seconds,
            results[4][p].seconds / results[3][p].seconds
        );
    }
    for (p, phase) in phases.iter().enumerate() {
        let peak = |r: &Vec<Measure>| r[p].peak_kb as f64 / 1024.0;
        println!(
            "| {phase}: client peak memory (MB) | {:.0} | {:.0} | {:.2}× |",
            peak(&results[3]),
            peak(&results[4]),
            peak(&results[4]) / peak(&results[3])
        );
    }
    drop(server);
    println!();
    println!("Ratios are the peer's figure over Hygie's: above 1× Hygie is faster (or lighter).");
    Ok(())
}

fn hygie_tool(name: &'static str, hygie: &Path, home: &Path) -> Tool {
    let (bin, bin2) = (hygie.to_path_buf(), hygie.to_path_buf());
    let (home, home2) = (home.to_path_buf(), home.to_path_buf());
    Tool {
        name,
        backup: Box::new(move || {
            let mut c = Command::new(&bin);
            c.arg("--home").arg(&home).arg("backup");
            c
        }),
        restore: Box::new(move |target| {
            let mut c = Command::new(&bin2);
            c.arg("--home")
                .arg(&home2)
                .args(["restore", "latest", "--target"])
                .arg(target);
            c
        }),
    }
}

fn restic_tool(
    name: &'static str,
    repository: String,
    data: &Path,
    password: &'static str,
) -> Tool {
    let repository2 = repository.clone();
    let data = data.to_path_buf();
    Tool {
        name,
        backup: Box::new(move || {
            let mut c = Command::new("restic");
            c.args(["backup", "--repo", &repository])
                .arg(&data)
                .env("RESTIC_PASSWORD", password);
            c
        }),
        restore: Box::new(move |target| {
            let mut c = Command::new("restic");
            c.args(["restore", "latest", "--repo", &repository2, "--target"])
                .arg(target)
                .env("RESTIC_PASSWORD", password);
            c
        }),
    }
}

/// `hygie vault serve` on a free loopback port, stopped when dropped.
struct RepositoryServer {
    child: std::process::Child,
    port: u16,
}

impl RepositoryServer {
    fn start(hygie: &Path, data: &Path, password: &str) -> Result<RepositoryServer, String> {
        fs::create_dir_all(data).map_err(|e| e.to_string())?;
        for name in ["hygie", "restic"] {
            set_up(
                Command::new(hygie)
                    .args(["vault", "add-credential", name, "--data"])
                    .arg(data)
                    .env("HYGIE_SERVER_PASSWORD", password),
                "hygie vault add-credential failed",
            )?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(hygie)
            .args(["vault", "serve", "--data"])
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let server = RepositoryServer { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if std::time::Instant::now() > deadline {
                return Err("the repository server did not start".into());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(server)
    }

    /// The address Hygie's configuration takes.
    fn address(&self, name: &str) -> String {
        format!("rest:http://127.0.0.1:{}/{name}", self.port)
    }

    /// The address restic takes, with the credential in it.
    fn restic_url(&self, name: &str, password: &str) -> String {
        format!(
            "rest:http://{name}:{password}@127.0.0.1:{}/{name}/",
            self.port
        )
    }
}

impl Drop for RepositoryServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
