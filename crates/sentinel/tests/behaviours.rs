//! The engine against the behaviours of the reference protocol (B1–B12) and a benign suite.
//!
//! A simulated practice tree lives in memory; the simulator really transforms its bytes (a keyed,
//! reversible stream cipher; base64; partial encryption) and describes each change to the engine
//! with profiles measured on those bytes, as an event source would. Each behaviour must be
//! detected with few files damaged; no benign workload may raise an alert.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hygie_sentinel::content::Profile;
use hygie_sentinel::{Actor, Alert, Change, Config, Engine, FileEvent, Indicator};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next().to_le_bytes()[5]).collect()
    }
}

const WORDS: &[&str] = &[
    "patient",
    "douleur",
    "ordonnance",
    "tension",
    "consultation",
    "allergie",
    "examen",
    "dossier",
    "radiographie",
    "traitement",
    "posologie",
    "antécédents",
    "vaccin",
    "suivi",
    "résultats",
];

fn prose(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut text = Vec::with_capacity(len + 16);
    while text.len() < len {
        let word = WORDS[(rng.next() % WORDS.len() as u64) as usize];
        text.extend_from_slice(word.as_bytes());
        text.push(if rng.next().is_multiple_of(9) {
            b'\n'
        } else {
            b' '
        });
    }
    text.truncate(len);
    text
}

/// A practice's files: PDFs, Word documents, scans, notes, a spreadsheet export, a database.
fn corpus() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut rng = Rng(0x5eed);
    let mut files = BTreeMap::new();
    for folder in ["Dupont", "Martin", "Bernard", "Petit", "Durand", "Leroy"] {
        let dir = PathBuf::from("/cabinet/dossiers").join(folder);
        for i in 0..3 {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(prose(&mut rng, 60_000 + i * 7_000));
            pdf.extend(b"\nxref\n%%EOF\n");
            files.insert(dir.join(format!("compte-rendu-{i}.pdf")), pdf);
        }
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend(rng.bytes(30_000));
        docx.extend(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        files.insert(dir.join("courrier.docx"), docx);
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpg.extend(rng.bytes(120_000));
        jpg.extend([0xFF, 0xD9]);
        files.insert(dir.join("scan.jpg"), jpg);
        files.insert(dir.join("notes.txt"), prose(&mut rng, 9_000));
    }
    files.insert(
        PathBuf::from("/cabinet/agenda/rendez-vous.csv"),
        prose(&mut rng, 40_000),
    );
    let mut db = b"SQLite format 3\0".to_vec();
    db.extend(prose(&mut rng, 400_000));
    files.insert(PathBuf::from("/cabinet/logiciel/patients.sqlite"), db);
    files
}

/// The reversible keyed cipher of the simulator.
fn cipher(bytes: &[u8], key: u64) -> Vec<u8> {
    let mut rng = Rng(key | 1);
    bytes
        .iter()
        .map(|b| b ^ rng.next().to_le_bytes()[2])
        .collect()
}

fn base64(bytes: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]);
        }
    }
    out
}

fn hex(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .flat_map(|b| format!("{b:02x}").into_bytes())
        .collect()
}

/// The simulated machine: files, a clock, the engine, and what happened.
struct Sim {
    files: BTreeMap<PathBuf, Vec<u8>>,
    engine: Engine,
    now: u64,
    /// Files whose content was lost (modified, or removed) by the attacker, in order.
    damaged: Vec<PathBuf>,
    alerts: Vec<Alert>,
    /// Damaged files when the first alert opened.
    damaged_at_alert: Option<usize>,
}

impl Sim {
    fn new() -> Sim {
        let files = corpus();
        let mut engine = Engine::new(Config::default());
        for path in files.keys() {
            engine.learn(path);
        }
        Sim {
            files,
            engine,
            now: 1_000,
            damaged: Vec::new(),
            alerts: Vec::new(),
            damaged_at_alert: None,
        }
    }

    fn emit(&mut self, actor: &Actor, path: &Path, change: Change) {
        self.now += 20;
        let opened = self.engine.observe(&FileEvent {
            at: self.now,
            actor: actor.clone(),
            path: path.to_path_buf(),
            change,
        });
        if !opened.is_empty() && self.damaged_at_alert.is_none() {
            self.damaged_at_alert = Some(self.damaged.len());
        }
        self.alerts.extend(opened);
    }

    fn modify(&mut self, actor: &Actor, path: &Path, content: Vec<u8>, damaging: bool) {
        let before = self.files.get(path).map(|b| Profile::of_bytes(b));
        let after = Profile::of_bytes(&content);
        self.files.insert(path.to_path_buf(), content);
        if damaging {
            self.damaged.push(path.to_path_buf());
        }
        self.emit(actor, path, Change::Modified { before, after });
    }

    fn create(&mut self, actor: &Actor, path: &Path, content: Vec<u8>) {
        let profile = Profile::of_bytes(&content);
        self.files.insert(path.to_path_buf(), content);
        self.emit(actor, path, Change::Created { profile });
    }

    fn rename(&mut self, actor: &Actor, from: &Path, to: &Path) {
        if let Some(content) = self.files.remove(from) {
            self.files.insert(to.to_path_buf(), content);
        }
        self.emit(
            actor,
            from,
            Change::Renamed {
                to: to.to_path_buf(),
            },
        );
    }

    fn remove(&mut self, actor: &Actor, path: &Path, damaging: bool) {
        self.files.remove(path);
        if damaging {
            self.damaged.push(path.to_path_buf());
        }
        self.emit(actor, path, Change::Removed);
    }

    /// The victims, in the order a ransomware sweeping the tree would take them.
    fn victims(&self) -> Vec<PathBuf> {
        self.files.keys().cloned().collect()
    }

    fn alerted(&self) -> bool {
        !self.alerts.is_empty()
    }
}

fn process(pid: u32) -> Actor {
    Actor::Process {
        pid,
        tree: pid,
        exe: Some(format!("/tmp/x{pid}")),
    }
}

/// Runs `behaviour` on every victim with one actor; returns the simulation.
fn sweep(behaviour: impl Fn(&mut Sim, &Actor, &Path)) -> Sim {
    let mut sim = Sim::new();
    let actor = process(4242);
    for path in sim.victims() {
        behaviour(&mut sim, &actor, &path);
    }
    sim
}

fn assert_detected(name: &str, sim: &Sim, max_damaged: usize) {
    assert!(
        sim.alerted(),
        "{name}: no alert after {} files",
        sim.damaged.len()
    );
    let damaged = sim.damaged_at_alert.unwrap();
    // The figure BENCHMARKS.md records (`cargo test -p hygie-sentinel -- --nocapture`).
    eprintln!("{name}: {damaged} file(s) damaged when the alert opened");
    assert!(
        damaged <= max_damaged,
        "{name}: {damaged} files damaged before the alert (at most {max_damaged})"
    );
    let alert = &sim.alerts[0];
    assert!(alert.indicators.len() >= 2, "{name}: {alert:?}");
    // Alerts are kept and shown as JSON: every scope must serialise.
    assert!(serde_json::to_string(alert).is_ok(), "{name}: {alert:?}");
    // Every file damaged up to now is listed for recovery.
    for path in &sim.damaged[..damaged] {
        assert!(
            sim.engine.alerts()[0].damaged.contains(path),
            "{name}: {} missing from the alert's damaged files",
            path.display()
        );
    }
}

/// The whole site's alert, as it stands.
fn site_alert(sim: &Sim) -> &Alert {
    sim.engine
        .alerts()
        .iter()
        .find(|a| a.scope == hygie_sentinel::Scope::Site)
        .expect("the site's alert")
}

/// An attacker's first change of `path`, one that shows nothing: a line appended. Returns the
/// new content.
fn mark(sim: &mut Sim, actor: &Actor, path: &Path) -> Vec<u8> {
    let mut marked = sim.files[path].clone();
    marked.extend_from_slice(b"\n-- 1f2e --\n");
    sim.modify(actor, path, marked.clone(), false);
    marked
}

/// Checks that every file the site's alert lists as damaged is dated as `expected` says.
fn assert_dated(site: &Alert, expected: &BTreeMap<PathBuf, u64>) {
    for path in &site.damaged {
        assert_eq!(
            site.damaged_since.get(path),
            expected.get(path),
            "{}",
            path.display()
        );
    }
}

fn encrypt_in_place(sim: &mut Sim, actor: &Actor, path: &Path) {
    let content = sim.files[path].clone();
    sim.modify(actor, path, cipher(&content, 99), true);
}

#[test]
fn b1_in_place_overwrite() {
    assert_detected("B1", &sweep(encrypt_in_place), 3);
}

#[test]
fn b2_new_file_then_delete_original() {
    let sim = sweep(|sim, actor, path| {
        let content = cipher(&sim.files[path], 7);
        let copy = PathBuf::from(format!("{}.enc", path.display()));
        sim.create(actor, &copy, content);
        sim.remove(actor, path, true);
    });
    assert_detected("B2", &sim, 3);
    assert!(
        sim.alerts[0]
            .indicators
            .contains(&Indicator::OriginalRemoved)
    );
}

#[test]
fn b3_rename_to_a_new_extension() {
    let sim = sweep(|sim, actor, path| {
        encrypt_in_place(sim, actor, path);
        let renamed = PathBuf::from(format!("{}.lockbit", path.display()));
        sim.rename(actor, path, &renamed);
    });
    assert_detected("B3", &sim, 3);
    let alert = &sim.engine.alerts()[0];
    assert!(
        alert.indicators.contains(&Indicator::UnknownExtension),
        "{alert:?}"
    );
    assert!(
        alert
            .created
            .iter()
            .any(|p| p.to_string_lossy().ends_with(".lockbit"))
    );
}

#[test]
fn b4_move_elsewhere_then_write_back_encrypted() {
    let sim = sweep(|sim, actor, path| {
        let content = cipher(&sim.files[path], 3);
        sim.remove(actor, path, true); // moved out of the watched tree
        sim.create(
            actor,
            &PathBuf::from(format!("{}.crypt", path.display())),
            content,
        );
    });
    assert_detected("B4", &sim, 3);
}

#[test]
fn b6_header_only() {
    let sim = sweep(|sim, actor, path| {
        let mut content = sim.files[path].clone();
        let head = content.len().min(4096);
        let encrypted = cipher(&content[..head], 5);
        content[..head].copy_from_slice(&encrypted);
        sim.modify(actor, path, content, true);
    });
    assert_detected("B6 header only", &sim, 3);
}

#[test]
fn b6_every_nth_block() {
    for (n, block) in [(2, 16), (3, 64), (4, 4096), (10, 512)] {
        let sim = sweep(|sim, actor, path| {
            let mut content = sim.files[path].clone();
            let key = cipher(&vec![0u8; content.len()], 11);
            for (i, chunk) in content.chunks_mut(block).enumerate() {
                if i % n == 0 {
                    let start = i * block;
                    for (b, k) in chunk.iter_mut().zip(&key[start..]) {
                        *b ^= k;
                    }
                }
            }
            sim.modify(actor, path, content, true);
        });
        assert_detected(&format!("B6 every {n}th block of {block} B"), &sim, 3);
    }
}

#[test]
fn b6_a_few_percent_of_the_file() {
    let sim = sweep(|sim, actor, path| {
        let mut content = sim.files[path].clone();
        let len = content.len();
        // 4 % of the file, in ten spread chunks, the first at the start (as LockBit does).
        let chunk = (len / 250).max(16);
        for k in 0..10 {
            let start = len * k / 10;
            let end = (start + chunk).min(len);
            let encrypted = cipher(&content[start..end], 13 + k as u64);
            content[start..end].copy_from_slice(&encrypted);
        }
        sim.modify(actor, path, content, true);
    });
    assert_detected("B6 few percent", &sim, 3);
}

#[test]
fn b7_base64_and_hex_output() {
    for (name, encode) in [("base64", base64 as fn(&[u8]) -> Vec<u8>), ("hex", hex)] {
        let sim = sweep(|sim, actor, path| {
            let content = encode(&cipher(&sim.files[path], 17));
            sim.modify(actor, path, content, true);
        });
        assert_detected(&format!("B7 {name}"), &sim, 3);
    }
}

#[test]
fn b8_header_kept_body_encrypted() {
    let sim = sweep(|sim, actor, path| {
        let mut content = sim.files[path].clone();
        let keep = content.len().min(1024);
        let body = cipher(&content[keep..], 19);
        content[keep..].copy_from_slice(&body);
        sim.modify(actor, path, content, true);
    });
    assert_detected("B8", &sim, 3);
}

#[test]
fn b9_slow_one_file_an_hour_in_random_order() {
    let mut sim = Sim::new();
    let actor = process(777);
    let mut victims = sim.victims();
    let mut rng = Rng(31);
    for i in (1..victims.len()).rev() {
        victims.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    for path in victims {
        sim.now += 3_600_000;
        encrypt_in_place(&mut sim, &actor, &path);
    }
    assert_detected("B9", &sim, 3);
}

#[test]
fn b10_work_split_across_cooperating_processes() {
    for workers in [1u32, 2, 8, 32] {
        let mut sim = Sim::new();
        for (i, path) in sim.victims().into_iter().enumerate() {
            let actor = process(1000 + (i as u32 % workers));
            encrypt_in_place(&mut sim, &actor, &path);
        }
        assert_detected(&format!("B10 with {workers} processes"), &sim, 3);
    }
}

#[test]
fn only_the_actors_that_did_damage_are_suspects_not_a_bystander() {
    let mut sim = Sim::new();
    let secretary = process(300);
    let victims = sim.victims();
    let (kept, attacked) = victims.split_at(2);
    for (i, path) in attacked.iter().enumerate() {
        // The secretary keeps saving one of her own notes in between.
        let note = kept[0].with_file_name("note-du-jour.txt");
        sim.create(&secretary, &note, format!("rendez-vous {i}\n").into_bytes());
        let attacker = process(1000 + (i as u32 % 4));
        encrypt_in_place(&mut sim, &attacker, path);
    }
    assert_detected("split attack beside a bystander", &sim, 3);
    for alert in &sim.alerts {
        assert!(!alert.suspects.is_empty(), "{alert:?}");
        assert!(
            !alert.suspects.contains(&secretary),
            "the secretary is a suspect in {alert:?}"
        );
        for suspect in &alert.suspects {
            assert!(alert.actors.contains(suspect));
        }
    }
    let site = sim
        .alerts
        .iter()
        .find(|a| a.scope == hygie_sentinel::Scope::Site)
        .expect("the site's alert");
    assert!(site.actors.contains(&secretary));
}

#[test]
fn a_split_attack_hours_after_a_lone_indicator_dates_each_file_from_its_own_damage() {
    let mut sim = Sim::new();
    // In the morning the practice's software writes an export with an extension the site
    // never used: one indicator, no alert. The software keeps running all day.
    let software = process(77);
    let export = PathBuf::from("/cabinet/logiciel/export.qzx");
    sim.create(&software, &export, prose(&mut Rng(3), 2_000));
    let morning = sim.now;
    assert!(!sim.alerted());
    // Five hours later, an attack split across processes, one file each: a first change that
    // shows nothing (a line appended), then the file encrypted.
    sim.now += 5 * 3_600_000;
    let mut first_change = BTreeMap::new();
    let victims: Vec<PathBuf> = sim.victims().into_iter().filter(|p| *p != export).collect();
    for (i, path) in victims.iter().enumerate() {
        let attacker = process(1000 + i as u32);
        let marked = mark(&mut sim, &attacker, path);
        first_change.insert(path.clone(), sim.now);
        sim.now += 1_000;
        sim.modify(&attacker, path, cipher(&marked, 5), true);
        sim.now += 1_000;
    }
    assert_detected("split attack hours after a lone indicator", &sim, 3);
    let site = site_alert(&sim);
    // The site's window began with the morning's indicator; each file's damage with its own
    // attacker's first change, the one that showed nothing included.
    assert_eq!(site.since, morning);
    assert!(site.damaged.len() > 3, "{site:?}");
    assert_dated(site, &first_change);
    // The software's lone indicator of the morning does not make it a suspect to stop, nor
    // its export a file the attacker planted.
    assert!(!site.suspects.contains(&software), "{site:?}");
    assert!(!site.planted.contains(&export), "{site:?}");
    assert!(site.actors.contains(&software));
    // A process tree's alert dates everything from its own first change.
    assert!(
        sim.engine
            .alerts()
            .iter()
            .all(|a| a.scope == hygie_sentinel::Scope::Site || a.damaged_since.is_empty())
    );
}

#[test]
fn a_two_pass_split_attack_dates_each_file_from_its_quiet_first_change() {
    let mut sim = Sim::new();
    let victims = sim.victims();
    // First pass: each process marks its file (nothing to see); second pass: encrypts it.
    let mut marked_at = BTreeMap::new();
    for (i, path) in victims.iter().enumerate() {
        mark(&mut sim, &process(2000 + i as u32), path);
        marked_at.insert(path.clone(), sim.now);
    }
    for (i, path) in victims.iter().enumerate() {
        let content = sim.files[path].clone();
        sim.modify(&process(2000 + i as u32), path, cipher(&content, 9), true);
    }
    assert_detected("two-pass split attack", &sim, 3);
    let site = site_alert(&sim);
    // The marks came before the site's first indicator: each file's damage began with its own.
    assert_dated(site, &marked_at);
    assert!(site.damaged_since.values().all(|from| *from < site.since));
}

#[test]
fn a_slow_split_attack_leaves_none_of_its_copies_behind() {
    let mut sim = Sim::new();
    let victims = sim.victims();
    // Each process encrypts one file into a copy of its own and removes the original, a
    // quarter of an hour after the one before: each is a burst of its own.
    let mut copies = Vec::new();
    for (i, path) in victims.iter().take(4).enumerate() {
        sim.now += 15 * 60 * 1000;
        let actor = process(3000 + i as u32);
        let copy = PathBuf::from(format!("{}.verrou", path.display()));
        let content = cipher(&sim.files[path], 11);
        sim.create(&actor, &copy, content);
        sim.remove(&actor, path, true);
        copies.push(copy);
    }
    assert_detected("slow split attack", &sim, 4);
    let site = site_alert(&sim);
    for copy in &copies {
        assert!(site.planted.contains(copy), "{}: {site:?}", copy.display());
    }
}

#[test]
fn b12_decoy_aware_with_ransom_notes_and_deletes() {
    let mut sim = Sim::new();
    let actor = process(1212);
    let note = b"Vos fichiers sont chiffres. Payez 2 BTC a l'adresse suivante.".to_vec();
    let folders: Vec<PathBuf> = sim
        .victims()
        .iter()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for folder in &folders {
        sim.create(&actor, &folder.join("LISEZ-MOI.txt"), note.clone());
    }
    for path in sim.victims() {
        if path.ends_with("LISEZ-MOI.txt") {
            continue;
        }
        if path.extension().is_some_and(|e| e == "jpg") {
            sim.remove(&actor, &path, true);
        } else {
            encrypt_in_place(&mut sim, &actor, &path);
        }
    }
    assert_detected("B12", &sim, 1);
    assert!(sim.alerts[0].indicators.contains(&Indicator::RansomNote));
    // The notes are set aside by recovery; the patients' files are put back.
    let planted = &sim.engine.alerts()[0].planted;
    assert!(
        planted.iter().any(|p| p.ends_with("LISEZ-MOI.txt")),
        "{planted:?}"
    );
    assert!(
        planted.iter().all(|p| p.ends_with("LISEZ-MOI.txt")),
        "{planted:?}"
    );
}

#[test]
fn a_second_attack_after_a_quiet_hour_opens_a_second_alert() {
    let mut sim = Sim::new();
    let actor = process(90);
    let victims = sim.victims();
    for path in &victims[..5] {
        encrypt_in_place(&mut sim, &actor, path);
    }
    assert_eq!(sim.alerts.len(), 1);
    sim.now += 2 * 3600 * 1000;
    for path in &victims[10..15] {
        encrypt_in_place(&mut sim, &actor, path);
    }
    assert_eq!(sim.alerts.len(), 2, "{:?}", sim.engine.alerts());
    assert!(sim.engine.alerts()[0].closed.is_some());
    assert!(
        sim.alerts[1]
            .damaged
            .iter()
            .all(|p| victims[10..15].contains(p))
    );
}

#[test]
fn a_file_that_never_matched_its_extension_is_not_a_sign() {
    // A `.db` that is not SQLite (Windows thumbnails), modified in several folders.
    let mut sim = Sim::new();
    let app = process(91);
    for folder in ["Dupont", "Martin", "Bernard", "Petit"] {
        let path = PathBuf::from(format!("/cabinet/dossiers/{folder}/Thumbs.db"));
        let mut old = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        old.extend(prose(&mut Rng(4), 20_000));
        sim.files.insert(path.clone(), old.clone());
        old.extend(prose(&mut Rng(5), 2_000));
        sim.modify(&app, &path, old, false);
    }
    assert_quiet("thumbnails", &sim);
}

#[test]
fn a_touched_decoy_raises_the_alarm_at_once() {
    let mut sim = Sim::new();
    let decoy = PathBuf::from("/cabinet/dossiers/Dupont/000-ne-pas-ouvrir.pdf");
    let mut content = b"%PDF-1.7\n".to_vec();
    content.extend(prose(&mut Rng(5), 20_000));
    content.extend(b"\n%%EOF\n");
    sim.files.insert(decoy.clone(), content);
    sim.engine.add_decoy(decoy.clone());
    let actor = process(66);
    encrypt_in_place(&mut sim, &actor, &decoy);
    assert_detected("decoy", &sim, 1);
    assert!(sim.alerts[0].indicators.contains(&Indicator::DecoyTouched));
}

#[test]
fn a_samba_client_is_scored_by_session_not_by_smbd() {
    let mut sim = Sim::new();
    let session = Actor::SmbSession {
        user: "secretariat".into(),
        client: "192.0.2.15".into(),
    };
    for path in sim.victims() {
        encrypt_in_place(&mut sim, &session, &path);
    }
    assert_detected("SMB", &sim, 3);
    assert_eq!(sim.alerts[0].actors, vec![session]);
}

// ---- The benign suite: none of these may raise an alert. ----

fn assert_quiet(name: &str, sim: &Sim) {
    if let Some(alert) = sim.engine.alerts().first() {
        panic!(
            "{name}: false alert in {:?}: {:?}, {} files damaged, first {:?}",
            alert.scope,
            alert.indicators,
            alert.damaged.len(),
            alert.damaged.first()
        );
    }
}

#[test]
fn office_saves_through_a_temporary_file() {
    let mut sim = Sim::new();
    let word = process(300);
    let mut rng = Rng(8);
    for round in 0..20 {
        for path in sim.victims() {
            if path.extension().is_none_or(|e| e != "docx") {
                continue;
            }
            let dir = path.parent().unwrap();
            let temp = dir.join(format!("~WRL{round:04}.tmp"));
            let backup = dir.join(format!("~WRD{round:04}.wbk"));
            let mut saved = b"PK\x03\x04".to_vec();
            saved.extend(rng.bytes(31_000));
            saved.extend(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
            sim.create(&word, &temp, saved);
            sim.rename(&word, &path, &backup);
            sim.rename(&word, &temp, &path);
            sim.remove(&word, &backup, false);
        }
    }
    assert_quiet("office saves", &sim);
}

#[test]
fn archiving_and_extracting() {
    let mut sim = Sim::new();
    let tar = process(400);
    let mut rng = Rng(9);
    for (i, format) in [
        (b"PK\x03\x04".to_vec(), "zip"),
        (b"7z\xBC\xAF\x27\x1C".to_vec(), "7z"),
        (vec![0x1F, 0x8B, 8, 0], "tar.gz"),
    ]
    .into_iter()
    .enumerate()
    {
        let (magic, ext) = format;
        let mut archive = magic;
        archive.extend(rng.bytes(2_000_000));
        sim.create(
            &tar,
            &PathBuf::from(format!("/cabinet/archives/2025-{i}.{ext}")),
            archive,
        );
    }
    // Extraction elsewhere: copies of the originals.
    for path in sim.victims() {
        let content = sim.files[&path].clone();
        let copy = Path::new("/cabinet/extrait").join(path.strip_prefix("/cabinet").unwrap());
        sim.create(&tar, &copy, content);
    }
    assert_quiet("archives", &sim);
}

#[test]
fn a_person_encrypting_a_few_files_with_gpg() {
    let mut sim = Sim::new();
    let gpg = process(500);
    for path in sim.victims().into_iter().take(4) {
        let content = cipher(&sim.files[&path], 23);
        sim.create(
            &gpg,
            &PathBuf::from(format!("{}.gpg", path.display())),
            content,
        );
    }
    assert_quiet("gpg", &sim);
}

#[test]
fn compiling_and_cleaning_a_large_tree() {
    let mut sim = Sim::new();
    let mut rng = Rng(10);
    for round in 0..3 {
        let cargo = process(600 + round);
        let mut objects = Vec::new();
        for i in 0..400 {
            let path = PathBuf::from(format!("/cabinet/outils/target/obj/unit{i}.o"));
            let mut object = b"\x7fELF\x02\x01\x01".to_vec();
            object.extend(prose(&mut rng, 6_000));
            object.extend(rng.bytes(2_000));
            sim.create(&cargo, &path, object);
            objects.push(path);
        }
        for path in objects {
            sim.remove(&cargo, &path, false);
        }
    }
    assert_quiet("compile and clean", &sim);
}

#[test]
fn database_writes_and_text_edits_and_photo_copies() {
    let mut sim = Sim::new();
    let app = process(700);
    let mut rng = Rng(12);
    let db = PathBuf::from("/cabinet/logiciel/patients.sqlite");
    for _ in 0..200 {
        let mut content = sim.files[&db].clone();
        let page = (rng.next() % (content.len() as u64 / 4096)) as usize * 4096 + 100;
        let record = prose(&mut rng, 3_000);
        content[page..page + record.len()].copy_from_slice(&record);
        sim.modify(&app, &db, content, false);
    }
    let editor = process(701);
    for path in sim.victims() {
        if path.extension().is_some_and(|e| e == "txt" || e == "csv") {
            let mut content = sim.files[&path].clone();
            content.extend(b"\nRappel : controle dans six mois.\n");
            sim.modify(&editor, &path, content, false);
        }
    }
    let copier = process(702);
    for i in 0..300 {
        let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE1];
        photo.extend(rng.bytes(200_000));
        photo.extend([0xFF, 0xD9]);
        sim.create(
            &copier,
            &PathBuf::from(format!("/cabinet/photos/IMG_{i:04}.jpg")),
            photo,
        );
    }
    assert_quiet("everyday work", &sim);
}

#[test]
fn restoring_previous_versions() {
    let mut sim = Sim::new();
    let originals = sim.files.clone();
    let editor = process(800);
    let restorer = process(801);
    for path in sim.victims() {
        let mut content = sim.files[&path].clone();
        match path.extension().and_then(|e| e.to_str()) {
            // An incremental update, as PDF editors save annotations.
            Some("pdf") => content.extend(b"\n1 0 obj << /Annot >> endobj\nxref\n%%EOF\n"),
            Some("txt") => content.extend(b"\nTension 12/8, a revoir.\n"),
            _ => continue,
        }
        sim.modify(&editor, &path, content, false);
    }
    for (path, content) in originals {
        sim.modify(&restorer, &path, content, false);
    }
    assert_quiet("restore", &sim);
}
