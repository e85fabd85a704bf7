//! Timing a command as benchmarks report it: wall time, processor time and peak memory, from
//! GNU `time` (Debian's `time` package).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run cost.
#[derive(Clone, Copy, Debug)]
pub struct Measure {
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Processor seconds, user and system.
    pub cpu_seconds: f64,
    /// Peak resident memory, in KiB.
    pub peak_kb: u64,
}

/// Runs `command` under GNU time; its standard output goes to `output` (or nowhere). `what`
/// names the command when it fails.
pub fn timed(command: Command, what: &str, output: Option<&Path>) -> Result<Measure, String> {
    let report = std::env::temp_dir().join(format!("hygie-bench-time-{}", std::process::id()));
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%e %U %S %M")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args)
        .envs(
            command
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        );
    timed.stdout(match output {
        Some(path) => Stdio::from(fs::File::create(path).map_err(|e| format!("{what}: {e}"))?),
        None => Stdio::null(),
    });
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    let result = timed.output().map_err(|e| format!("{what}: {e}"))?;
    if !result.status.success() {
        return Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&result.stderr)
        ));
    }
    let text = fs::read_to_string(&report).map_err(|e| format!("{what}: {e}"))?;
    let _ = fs::remove_file(&report);
    let last = text.lines().last().unwrap_or("");
    let numbers: Vec<f64> = last
        .split_whitespace()
        .map(|s| s.parse().unwrap_or(f64::NAN))
        .collect();
    let number = |index: usize| numbers.get(index).copied().unwrap_or(f64::NAN);
    Ok(Measure {
        seconds: number(0),
        cpu_seconds: number(1) + number(2),
        peak_kb: numbers.get(3).map_or(0, |kb| *kb as u64),
    })
}
