//! `cargo xtask bench-console`: the console's latency and throughput under `wrk` (Debian's), on
//! loopback, with a year of a practice's history in its databases.
//!
//! A practice is initialised and backed up with the release `hygie`; its journal then receives
//! a year of events (hourly backups, daily drills and checks, mail verdicts, console sign-ins:
//! 60,000 entries, signed and chained as `hygie` writes them) and its state database a year of
//! alerts (one a day, most acknowledged). `hygie up` serves the console; an administrator signs
//! in with a TOTP code over a plain socket, and `wrk` replays the session cookie against the
//! dashboard and `/api/v1/status` at 50 and 200 connections. `wrk` and the server share the
//! machine, as they would share a practice's server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hygie_journal::{Actor, Event, Journal, Kind, Outcome, SecretKeyText, SigningKey, VerifierKey};

const PASSWORD: &str = "Tr0ub4dour&3x-lilas!";
/// Journal entries for a year: hourly backups, daily drills and checks, about 120 mail
/// verdicts a day, sign-ins.
const JOURNAL_ENTRIES: usize = 60_000;
/// Alerts for a year: one a day.
const ALERTS: i64 = 365;
const SECONDS: u32 = 15;

/// One `wrk` run.
struct Load {
    path: &'static str,
    connections: u32,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn hygie(binary: &Path, home: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("--home")
        .arg(home)
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("HYGIE_LANG");
    command
}

fn run(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port on loopback: {e}"))
}

/// A practice with a year of history; returns the TOTP secret of its administrator.
fn prepare(binary: &Path, root: &Path, port: u16) -> Result<String, String> {
    let home = root.join("hygie");
    let data = root.join("dossiers");
    for patient in 0..50 {
        let folder = data.join(format!("Patient {patient:03}"));
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        std::fs::write(
            folder.join("compte-rendu.txt"),
            "Consultation, tension 12/8, traitement inchangé.\n".repeat(50),
        )
        .map_err(|e| e.to_string())?;
    }
    run(
        hygie(binary, &home)
            .args(["init", "--practice", "Cabinet du banc d'essai", "--protect"])
            .arg(&data),
        "hygie init",
    )?;
    crate::home_config::replace(
        &home,
        "listen = \"127.0.0.1:8470\"",
        &format!("listen = \"127.0.0.1:{port}\""),
    )?;
    run(hygie(binary, &home).arg("backup"), "hygie backup")?;
    let mut adding = hygie(binary, &home)
        .args(["console", "add-user", "bench", "--role", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut input) = adding.stdin.take() {
        input
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let added = adding.wait_with_output().map_err(|e| e.to_string())?;
    let secret = String::from_utf8_lossy(&added.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Clé : ").map(|s| s.trim().to_owned()))
        .ok_or("hygie console add-user printed no key")?;
    fill_journal(&home)?;
    fill_alerts(&home)?;
    Ok(secret)
}

fn fill_journal(home: &Path) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read_to_string(home.join("keys").join(name)).map_err(|e| format!("{name}: {e}"))
    };
    let verifier =
        VerifierKey::parse(&read("journal.pub")?).map_err(|_| "journal.pub is not a key")?;
    let signer = SigningKey::parse(&SecretKeyText::new(read("journal.key")?.trim().to_owned()))
        .map_err(|_| "journal.key is not a key (protected by a passphrase?)")?;
    let journal = Journal::open(&home.join("journal.sqlite"), verifier, Some(signer))
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut written = 0;
    while written < JOURNAL_ENTRIES {
        let batch: Vec<Event> = (written..(written + 1000).min(JOURNAL_ENTRIES))
            .map(|n| match n % 10 {
                0 => Event::new(
                    Kind::Backup,
                    "backup.finished",
                    Actor::program("hygie"),
                    format!("Sauvegarde n° {n} terminée"),
                )
                .outcome(Outcome::Success)
                .detail("files", 50),
                1 => Event::new(
                    Kind::Access,
                    "console.login",
                    Actor::person("dr.martin"),
                    "Connexion à la console de dr.martin".to_owned(),
                )
                .outcome(Outcome::Success),
                _ => Event::new(
                    Kind::MailVerdict,
                    "mail.verdict",
                    Actor::program("hygie"),
                    format!("Message n° {n} analysé : sain"),
                )
                .outcome(Outcome::Success)
                .detail("score", 0.04),
            })
            .collect();
        written += batch.len();
        journal.append_all(batch).map_err(|e| e.to_string())?;
    }
    eprintln!(
        "bench-console: {JOURNAL_ENTRIES} journal entries written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn fill_alerts(home: &Path) -> Result<(), String> {
    let state = hygie_state::State::open(&home.join("state.sqlite")).map_err(|e| e.to_string())?;
    let now = jiff::Timestamp::now();
    for day in 0..ALERTS {
        let since = now
            .checked_sub(jiff::SignedDuration::from_hours(24 * (ALERTS - day)))
            .map_err(|e| e.to_string())?;
        let id = state
            .add_alert(
                "mail",
                since,
                &format!("Message dangereux n° {day} : faux remboursement Ameli"),
                "{}",
            )
            .map_err(|e| e.to_string())?;
        if day % 10 != 0 {
            state
                .acknowledge_alert(id, "dr.martin")
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Signs in over a plain socket; the session cookie.
fn sign_in(port: u16, secret: &str) -> Result<String, String> {
    let seconds = u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or(0);
    let code =
        hygie_console::auth::totp_now(secret, seconds).ok_or("the TOTP secret is not base32")?;
    let body = format!("user=bench&password=Tr0ub4dour%263x-lilas%21&code={code}");
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("console: {e}"))?;
    write!(
        stream,
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    answer
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie:")
                .then(|| l["set-cookie:".len()..].trim().split(';').next())
                .flatten()
                .map(str::to_owned)
        })
        .ok_or_else(|| format!("sign-in refused: {}", answer.lines().next().unwrap_or("")))
}

/// A latency from `wrk`'s table ("1.23ms", "850.00us", "1.02s"), in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

fn parse_wrk(output: &str, path: &'static str, connections: u32) -> Result<Load, String> {
    let field = |prefix: &str| {
        output
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix).map(|rest| rest.trim().to_owned()))
    };
    let latency = |percent: &str| {
        field(percent)
            .and_then(|v| milliseconds(&v))
            .ok_or_else(|| format!("wrk printed no {percent} latency:\n{output}"))
    };
    let errors = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        + field("Socket errors:")
            .map(|v| {
                v.split(',')
                    .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                    .sum()
            })
            .unwrap_or(0);
    Ok(Load {
        path,
        connections,
        requests_per_second: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("wrk printed no rate:\n{output}"))?,
        p50_ms: latency("50%")?,
        p99_ms: latency("99%")?,
        errors,
    })
}

fn wrk(port: u16, cookie: &str, path: &'static str, connections: u32) -> Result<Load, String> {
    let output = run(
        Command::new("wrk")
            .args(["-t", "2", "-c", &connections.to_string()])
            .args(["-d", &format!("{SECONDS}s"), "--latency", "--timeout", "5s"])
            .args(["-H", &format!("Cookie: {cookie}")])
            .arg(format!("http://127.0.0.1:{port}{path}")),
        "wrk (Debian package wrk)",
    )?;
    parse_wrk(&output, path, connections)
}

fn wait_for(port: u16, guardian: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline || guardian.try_wait().ok().flatten().is_some() {
            return Err("the console never answered".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

/// Runs the benchmark with the release `hygie` at `binary` and prints the table.
pub fn run_bench(binary: &Path) -> Result<(), String> {
    let root: PathBuf =
        std::env::temp_dir().join(format!("hygie-bench-console-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    let port = free_port()?;
    let outcome = (|| {
        let secret = prepare(binary, &root, port)?;
        let log = std::fs::File::create(root.join("up.log")).map_err(|e| e.to_string())?;
        let mut guardian = hygie(binary, &root.join("hygie"))
            .arg("up")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| e.to_string())?;
        let measured = (|| {
            wait_for(port, &mut guardian)?;
            // Let the guardian's start-up backup and first gathering of facts finish.
            std::thread::sleep(Duration::from_secs(10));
            let cookie = sign_in(port, &secret)?;
            let mut loads = Vec::new();
            for path in ["/", "/api/v1/status", "/alertes"] {
                for connections in [50, 200] {
                    let load = wrk(port, &cookie, path, connections)?;
                    eprintln!(
                        "bench-console: {path} at {connections}: {:.0} req/s, p99 {:.1} ms",
                        load.requests_per_second, load.p99_ms
                    );
                    loads.push(load);
                }
            }
            Ok::<_, String>(loads)
        })();
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(guardian.id().to_string())
            .status();
        let _ = guardian.wait();
        measured
    })();
    let _ = std::fs::remove_dir_all(&root);
    let loads = outcome?;
    println!(
        "| Page | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors |\n|---|---:|---:|---:|---:|---:|"
    );
    for load in &loads {
        let page = match load.path {
            "/" => "Tableau de bord (`/`)",
            "/api/v1/status" => "API `/api/v1/status`",
            _ => "Alertes (`/alertes`, 365 alerts)",
        };
        println!(
            "| {page} | {} | {:.0} | {:.2} | {:.2} | {} |",
            load.connections, load.requests_per_second, load.p50_ms, load.p99_ms, load.errors
        );
    }
    if loads.iter().any(|l| l.errors > 0) {
        return Err("some requests failed (see the Errors column)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_output_is_read() {
        let output = "Running 15s test @ http://127.0.0.1:1/\n  2 threads and 50 connections\n  Latency Distribution\n     50%    1.20ms\n     75%    2.00ms\n     90%  850.00us\n     99%    1.02s\n  1000 requests in 15.00s, 1.00MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n  Non-2xx or 3xx responses: 4\nRequests/sec:   6666.67\n";
        let load = parse_wrk(output, "/", 50).unwrap();
        assert!((load.p50_ms - 1.2).abs() < 1e-9);
        assert!((load.p99_ms - 1020.0).abs() < 1e-9);
        assert!((load.requests_per_second - 6666.67).abs() < 1e-9);
        assert_eq!(load.errors, 7);
    }
}
