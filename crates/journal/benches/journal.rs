//! Journal benchmark: durable appends per second, full verification time, proof sizes.
//!
//! Run with `cargo bench -p hygie-journal --bench journal` (or `cargo xtask bench`). It prints a
//! Markdown table. `HYGIE_BENCH_ENTRIES` sets the size of the verification journal (default
//! 1,000,000). Every figure is measured in this run, including the plain-SQLite peers.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use hygie_journal::{Actor, Event, Journal, Kind, SecretKeyText, SigningKey, VerifierKey};

fn event(i: u64) -> Event {
    Event::new(
        Kind::MailVerdict,
        "mail.scanned",
        Actor::program("hygie-mailguard"),
        format!("Message {i} analysé : aucun signe d'hameçonnage"),
    )
    .subject(format!("<{i}@cabinet.example>"))
    .detail("score", 0.03)
    .detail("verdict", "clean")
}

struct Keys {
    secret: String,
    public: String,
}

impl Keys {
    fn new() -> Keys {
        let (secret, public) = hygie_journal::generate_keys("hygie/bench").unwrap();
        Keys {
            secret: secret.expose().to_owned(),
            public,
        }
    }
    fn signer(&self) -> SigningKey {
        SigningKey::parse(&SecretKeyText::new(self.secret.clone())).unwrap()
    }
    fn verifier(&self) -> VerifierKey {
        VerifierKey::parse(&self.public).unwrap()
    }
}

fn fresh(keys: &Keys, dir: &tempfile::TempDir, name: &str) -> Journal {
    Journal::create(&dir.path().join(name), keys.signer(), keys.verifier()).unwrap()
}

fn rate(count: u64, elapsed: Duration) -> String {
    format!("{:.0}", count as f64 / elapsed.as_secs_f64())
}

fn main() {
    let entries: u64 = std::env::var("HYGIE_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let keys = Keys::new();
    let dir = tempfile::tempdir_in(std::env::var("HYGIE_BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .unwrap();
    let mut rows: Vec<(String, String, String)> = Vec::new();

    // Peer: plain SQLite, one durable INSERT per transaction, and batched by 1,000.
    let peer = rusqlite::Connection::open(dir.path().join("peer.sqlite")).unwrap();
    peer.pragma_update(None, "journal_mode", "WAL").unwrap();
    peer.pragma_update(None, "synchronous", "FULL").unwrap();
    peer.execute_batch("CREATE TABLE t (seq INTEGER PRIMARY KEY, record BLOB NOT NULL)")
        .unwrap();
    let record = serde_json::to_vec(&event(0)).unwrap();
    let n = 2_000;
    let start = Instant::now();
    for _ in 0..n {
        peer.execute("INSERT INTO t (record) VALUES (?1)", [&record])
            .unwrap();
    }
    rows.push((
        "peer: plain SQLite, 1 INSERT per commit".into(),
        rate(n, start.elapsed()),
        "rows/s".into(),
    ));
    let n = 200_000;
    let start = Instant::now();
    for _ in 0..n / 1000 {
        let tx = peer.unchecked_transaction().unwrap();
        for _ in 0..1000 {
            tx.execute("INSERT INTO t (record) VALUES (?1)", [&record])
                .unwrap();
        }
        tx.commit().unwrap();
    }
    rows.push((
        "peer: plain SQLite, 1,000 INSERTs per commit".into(),
        rate(n, start.elapsed()),
        "rows/s".into(),
    ));

    // Hygie: one event per commit.
    let journal = fresh(&keys, &dir, "single.sqlite");
    let n = 2_000;
    let start = Instant::now();
    for i in 0..n {
        journal.append(event(i)).unwrap();
    }
    rows.push((
        "journal: 1 writer, 1 event per commit".into(),
        rate(n, start.elapsed()),
        "durable appends/s".into(),
    ));

    // Hygie: 32 writers calling `append` concurrently, group-committed.
    let journal = Arc::new(fresh(&keys, &dir, "group.sqlite"));
    let per_thread = 5_000;
    let threads = 32;
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let journal = journal.clone();
            std::thread::spawn(move || {
                for i in 0..per_thread {
                    journal.append(event(t * per_thread + i)).unwrap();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    rows.push((
        format!("journal: {threads} concurrent writers, group commit"),
        rate(threads * per_thread, start.elapsed()),
        "durable appends/s".into(),
    ));

    // Hygie: batches of 1,000 through `append_all`, which also builds the verification journal.
    let journal = fresh(&keys, &dir, "big.sqlite");
    let batch = 1_000;
    let start = Instant::now();
    let mut written = 0;
    while written < entries {
        let count = batch.min(entries - written);
        journal
            .append_all((written..written + count).map(event).collect())
            .unwrap();
        written += count;
    }
    rows.push((
        format!("journal: batches of {batch} ({entries} entries)"),
        rate(entries, start.elapsed()),
        "durable appends/s".into(),
    ));
    journal.checkpoint().unwrap();

    let start = Instant::now();
    let report = journal.verify(None).unwrap();
    let elapsed = start.elapsed();
    assert!(report.is_intact(), "{:?}", report.findings);
    rows.push((
        format!("journal: full verification of {entries} entries"),
        format!("{:.2}", elapsed.as_secs_f64()),
        "s".into(),
    ));

    let proof = journal.prove_inclusion(entries / 3).unwrap();
    proof.check(&keys.verifier()).unwrap();
    rows.push((
        format!("inclusion proof in a tree of {entries}: audit path"),
        proof.path_bytes().to_string(),
        "bytes".into(),
    ));
    let consistency = journal.prove_consistency(entries / 3, entries).unwrap();
    rows.push((
        format!("consistency proof {} → {entries}", entries / 3),
        (consistency.hashes.len() * 32).to_string(),
        "bytes".into(),
    ));
    let size = std::fs::metadata(journal.path()).unwrap().len();
    rows.push((
        format!("database size for {entries} entries"),
        format!("{:.0}", size as f64 / entries as f64),
        "bytes/entry".into(),
    ));

    println!("| measure | value | unit |");
    println!("|---|---:|---|");
    for (what, value, unit) in rows {
        println!("| {what} | {value} | {unit} |");
    }
}
