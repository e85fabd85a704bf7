//! The French healthcare set (`tests/french/`, written for Hygie): every lure is caught and
//! every legitimate look-alike stays clean.

use std::fs;
use std::path::{Path, PathBuf};

use hygie_mailguard::{Context, Verdict, analyse};

fn messages(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/french")
        .join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    files.sort();
    files
}

fn describe(path: &Path) -> (Verdict, String) {
    let raw = fs::read(path).unwrap();
    let analysis = analyse(&raw, &Context::default()).unwrap();
    let reasons: Vec<String> = analysis
        .reasons
        .iter()
        .map(|reason| format!("{} ({:.2})", reason.code, reason.weight))
        .collect();
    let line = format!(
        "{} {:.3} {} [{}]",
        analysis.verdict.code(),
        analysis.score,
        path.file_name().unwrap().to_string_lossy(),
        reasons.join(", ")
    );
    (analysis.verdict, line)
}

#[test]
fn every_french_lure_is_caught() {
    let files = messages("phishing");
    assert!(files.len() >= 14, "the set holds {} lures", files.len());
    let mut missed = Vec::new();
    for path in files {
        let (verdict, line) = describe(&path);
        println!("{line}");
        if verdict == Verdict::Clean {
            missed.push(line);
        }
    }
    assert!(
        missed.is_empty(),
        "lures judged clean:\n{}",
        missed.join("\n")
    );
}

#[test]
fn every_legitimate_look_alike_stays_clean() {
    let files = messages("legitimate");
    assert!(files.len() >= 12, "the set holds {} messages", files.len());
    let mut flagged = Vec::new();
    for path in files {
        let (verdict, line) = describe(&path);
        println!("{line}");
        if verdict != Verdict::Clean {
            flagged.push(line);
        }
    }
    assert!(
        flagged.is_empty(),
        "legitimate mail flagged:\n{}",
        flagged.join("\n")
    );
}
