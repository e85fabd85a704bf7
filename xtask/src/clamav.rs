//! ClamAV's on-access scanner (Debian's `clamav-daemon`: `clamd` and `clamonacc`), the peer of
//! the sentinel's overhead measure: the most widely deployed open-source program that reads the
//! files other programs write, as the sentinel does. It runs through `xtask/peers/clamav.sh`
//! with a private configuration, and must find a test pattern written into its folder before
//! it is measured: a peer that scans nothing would pass for a cheap one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::mail_corpus::workspace_root;
use crate::peers::{read_pid, sh};

/// The signature name `clamav.sh` gives the test pattern.
const PATTERN_NAME: &str = "Hygie.Bench.Pattern";

/// How long the scanner has to report the test pattern.
const CHECK_WITHIN: Duration = Duration::from_secs(20);

/// A running on-access scanner watching one folder; stopped when dropped.
pub struct OnAccess {
    base: PathBuf,
    pids: Vec<u32>,
}

impl OnAccess {
    /// Starts `clamd` and `clamonacc` (root: fanotify) with their files in `base`, watching
    /// `folder` and its subfolders; `blocking` makes every open of a file there wait for its
    /// scan (`OnAccessPrevention yes`, how the scanner is meant to guard), otherwise files are
    /// scanned after the fact, as the sentinel reads them. Returns once the scanner has found
    /// the test pattern in a subfolder it had to discover.
    pub fn start(base: &Path, folder: &Path, blocking: bool) -> Result<OnAccess, String> {
        let script = script();
        let base_text = base.display().to_string();
        let folder_text = folder.display().to_string();
        let prevention = if blocking { "yes" } else { "no" };
        sh(&script, &["setup", &base_text, &folder_text, prevention])?;
        // Stopped when dropped, even if it fails to start halfway.
        let mut scanner = OnAccess {
            base: base.to_path_buf(),
            pids: Vec::new(),
        };
        sh(&script, &["start", &base_text])?;
        scanner.pids = vec![
            read_pid(&base.join("run/clamd.pid"))?,
            read_pid(&base.join("run/clamonacc.pid"))?,
        ];
        scanner.finds_the_pattern(folder)?;
        Ok(scanner)
    }

    /// CPU seconds used so far by `clamd` and `clamonacc` (user and system).
    pub fn cpu_seconds(&self) -> f64 {
        self.pids
            .iter()
            .map(|&pid| crate::sentinel_overhead::cpu_seconds(pid))
            .sum()
    }

    /// Copies the test pattern into a new subfolder of `folder`, opens it until the scanner's
    /// log names it, then removes the subfolder.
    fn finds_the_pattern(&self, folder: &Path) -> Result<(), String> {
        let io = |e: std::io::Error| e.to_string();
        let check = folder.join("controle-clamav");
        std::fs::create_dir_all(&check).map_err(io)?;
        // The scanner learns of the new subfolder through inotify: give it a moment.
        std::thread::sleep(Duration::from_millis(300));
        let planted = check.join("motif.txt");
        std::fs::copy(self.base.join("pattern"), &planted).map_err(io)?;
        let log = self.base.join("run/clamonacc.log");
        let started = Instant::now();
        let found = loop {
            // Refused when opens wait for the scan: what matters is the log.
            let _ = std::fs::read(&planted);
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            if said.contains(PATTERN_NAME) {
                break true;
            }
            if started.elapsed() > CHECK_WITHIN {
                break false;
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        std::fs::remove_dir_all(&check).map_err(io)?;
        if found {
            Ok(())
        } else {
            Err(format!(
                "ClamAV's on-access scanner did not report the test pattern in {} within {} s (its log: {})",
                folder.display(),
                CHECK_WITHIN.as_secs(),
                log.display()
            ))
        }
    }
}

impl Drop for OnAccess {
    fn drop(&mut self) {
        let _ = sh(&script(), &["stop", &self.base.display().to_string()]);
    }
}

fn script() -> PathBuf {
    workspace_root().join("xtask/peers/clamav.sh")
}
