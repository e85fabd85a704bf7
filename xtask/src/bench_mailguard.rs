//! `cargo xtask bench-mailguard`: the phishing analyser side by side with SpamAssassin and
//! rspamd (Debian's packages, offline) on the development side of the mail corpus, content
//! view, as `../shared/data/mail/README.md` prescribes. Prints Markdown tables: precision,
//! recall, F1, false positives on ham, messages per second per core and peak memory; recall
//! per theme; and the French healthcare set.
//!
//! SpamAssassin's and rspamd's Bayes filters are trained on the same training side. Each tool reads the same
//! files; a message counts as flagged when the tool would warn a person (Hygie: suspicious or
//! malicious; SpamAssassin: spam; rspamd: any action but "no action").

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::mail_corpus::{self, Sample, Side};
use crate::measure::timed;
use crate::peers;

/// One tool's answers and costs.
pub struct Run {
    /// The tool.
    pub name: String,
    /// Whether it flagged each file.
    pub flagged: HashMap<PathBuf, bool>,
    /// Processor seconds spent on the scored files (the tool's own processes).
    pub cpu_seconds: f64,
    /// Peak resident memory of the tool's processes, KiB.
    pub peak_kb: u64,
}

/// Runs the benchmark.
pub fn run(hygie: &Path) -> Result<(), String> {
    let work = std::env::temp_dir().join(format!("hygie-bench-mail-{}", std::process::id()));
    let result = run_in(hygie, &work);
    let _ = fs::remove_dir_all(&work);
    result
}

fn write_views(samples: &[Sample], dir: &Path) -> Result<Vec<(PathBuf, usize)>, String> {
    let mut written = Vec::new();
    for (index, sample) in samples.iter().enumerate() {
        let class = if sample.phishing { "spam" } else { "ham" };
        let folder = dir.join(class);
        fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let path = folder.join(format!("{index:05}.eml"));
        fs::write(&path, &sample.view).map_err(|e| e.to_string())?;
        written.push((path, index));
    }
    Ok(written)
}

fn run_in(hygie: &Path, work: &Path) -> Result<(), String> {
    eprintln!("bench-mailguard: reading the corpus (content view)");
    let train = mail_corpus::load(Side::Train)?;
    let dev = mail_corpus::load(Side::Dev)?;
    let train_dir = work.join("train");
    let dev_dir = work.join("dev");
    write_views(&train, &train_dir)?;
    let dev_files = write_views(&dev, &dev_dir)?;
    let french_dir = mail_corpus::workspace_root().join("crates/mailguard/tests/french");
    let mut french_files = Vec::new();
    for (folder, phishing) in [("phishing", true), ("legitimate", false)] {
        let mut files: Vec<PathBuf> = fs::read_dir(french_dir.join(folder))
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        files.sort();
        french_files.extend(files.into_iter().map(|path| (path, phishing)));
    }

    let mut runs = vec![hygie_run(hygie, &dev_dir, &french_dir, work)?];
    match peers::spamassassin(&train_dir, &[&dev_dir, &french_dir], work) {
        Ok(run) => runs.push(run),
        Err(error) => eprintln!("bench-mailguard: SpamAssassin skipped: {error}"),
    }
    match peers::rspamd(&train_dir, &[&dev_dir, &french_dir], work) {
        Ok(run) => runs.push(run),
        Err(error) => eprintln!("bench-mailguard: rspamd skipped: {error}"),
    }

    let phishing = dev.iter().filter(|s| s.phishing).count();
    println!(
        "Development side, content view: {phishing} phishing and {} legitimate messages.\n",
        dev.len() - phishing
    );
    println!(
        "| tool | precision | recall | F1 | false positives on ham | messages/s per core | peak memory |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for run in &runs {
        let mut counts = [0usize; 4]; // tp, fp, fn, tn
        for (path, index) in &dev_files {
            let flagged = *run
                .flagged
                .get(path)
                .ok_or_else(|| format!("{} gave no answer for {}", run.name, path.display()))?;
            let slot = match (dev[*index].phishing, flagged) {
                (true, true) => 0,
                (false, true) => 1,
                (true, false) => 2,
                (false, false) => 3,
            };
            counts[slot] += 1;
        }
        let [tp, fp, fnn, tn] = counts.map(|c| c as f64);
        let precision = tp / (tp + fp).max(1.0);
        let recall = tp / (tp + fnn).max(1.0);
        let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
        let scored = (dev_files.len() + french_files.len()) as f64;
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.2} % ({} of {}) | {:.0} | {:.0} MiB |",
            run.name,
            precision,
            recall,
            f1,
            100.0 * fp / (fp + tn).max(1.0),
            fp,
            fp + tn,
            scored / run.cpu_seconds.max(1e-9),
            run.peak_kb as f64 / 1024.0
        );
    }

    let mut themes: Vec<&str> = dev.iter().filter(|s| s.phishing).map(|s| s.theme).collect();
    themes.sort_unstable();
    themes.dedup();
    println!("\nRecall per theme (development side):\n");
    print!("| theme | messages |");
    for run in &runs {
        print!(" {} |", run.name);
    }
    println!("\n|---|---:|{}", "---:|".repeat(runs.len()));
    for theme in themes {
        let members: Vec<&PathBuf> = dev_files
            .iter()
            .filter(|(_, index)| dev[*index].phishing && dev[*index].theme == theme)
            .map(|(path, _)| path)
            .collect();
        print!("| {theme} | {} |", members.len());
        for run in &runs {
            let caught = members
                .iter()
                .filter(|path| run.flagged.get(**path).copied().unwrap_or(false))
                .count();
            print!(
                " {:.1} % |",
                100.0 * caught as f64 / members.len().max(1) as f64
            );
        }
        println!();
    }

    let lures = french_files
        .iter()
        .filter(|(_, phishing)| *phishing)
        .count();
    println!("\nFrench healthcare set (`crates/mailguard/tests/french`):\n");
    println!(
        "| tool | lures caught (of {lures}) | legitimate look-alikes flagged (of {}) |",
        french_files.len() - lures
    );
    println!("|---|---:|---:|");
    for run in &runs {
        let flagged = |class: bool| {
            french_files
                .iter()
                .filter(|(path, phishing)| {
                    *phishing == class && run.flagged.get(path).copied().unwrap_or(false)
                })
                .count()
        };
        println!("| {} | {} | {} |", run.name, flagged(true), flagged(false));
    }
    Ok(())
}

/// Hygie: one `hygie mail scan --json` over the files (a single thread, so processor time is
/// per core).
fn hygie_run(hygie: &Path, dev: &Path, french: &Path, work: &Path) -> Result<Run, String> {
    let output = work.join("hygie.jsonl");
    let mut command = Command::new(hygie);
    command
        .args(["--home"])
        .arg(work.join("no-home"))
        .args(["mail", "scan", "--json"])
        .arg(dev)
        .arg(french);
    let measure = timed(command, "hygie mail scan", Some(&output))?;
    let text = fs::read_to_string(&output).map_err(|e| e.to_string())?;
    let mut flagged = HashMap::new();
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let source = value["source"].as_str().unwrap_or_default();
        // A file read as an mbox names its messages `file#N`.
        let source = source.rsplit_once('#').map_or(source, |(file, _)| file);
        let verdict = value["verdict"].as_str().unwrap_or("clean");
        flagged.insert(PathBuf::from(source), verdict != "clean");
    }
    Ok(Run {
        name: "Hygie".to_owned(),
        flagged,
        cpu_seconds: measure.cpu_seconds,
        peak_kb: measure.peak_kb,
    })
}
