//! `hygie-simulate BEHAVIOUR FILES_PER_SECOND WORKERS CORPUS`: plays one behaviour on every
//! file of a marked corpus at the given rate, split across WORKERS processes (B10) that take
//! turns so that together they keep to the rate, saying each file on standard output just
//! before touching it. It stops at the end of the corpus, or when it is stopped.
#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use hygie_simulator::{Behaviour, Corpus};

const USAGE: &str = "usage: hygie-simulate BEHAVIOUR FILES_PER_SECOND WORKERS CORPUS";

/// The variable that makes a process one worker of many: its index.
const WORKER: &str = "HYGIE_SIMULATE_WORKER";

struct Plan {
    behaviour: Behaviour,
    rate: f64,
    workers: usize,
    corpus: PathBuf,
}

fn parse(args: &[String]) -> Result<Plan, String> {
    let [behaviour, rate, workers, corpus] = args else {
        return Err(USAGE.to_owned());
    };
    let names: Vec<&str> = Behaviour::ALL.iter().map(|b| b.name()).collect();
    Ok(Plan {
        behaviour: Behaviour::from_name(behaviour)
            .ok_or_else(|| format!("unknown behaviour {behaviour}; one of {}", names.join(", ")))?,
        rate: rate
            .parse::<f64>()
            .ok()
            .filter(|r| *r > 0.0 && r.is_finite())
            .ok_or_else(|| format!("{rate} is not a positive rate"))?,
        workers: workers
            .parse::<usize>()
            .ok()
            .filter(|w| (1..=64).contains(w))
            .ok_or_else(|| format!("{workers}: between 1 and 64 workers"))?,
        corpus: PathBuf::from(corpus),
    })
}

fn run(plan: &Plan) -> Result<(), String> {
    let corpus = Corpus::open(&plan.corpus).map_err(|e| e.to_string())?;
    let files = corpus.files().map_err(|e| e.to_string())?;
    let worker = std::env::var(WORKER)
        .ok()
        .and_then(|w| w.parse::<usize>().ok());
    let Some(index) = worker.or((plan.workers == 1).then_some(0)) else {
        // The leader: start the workers, wait for them.
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut children = Vec::new();
        for index in 0..plan.workers {
            let child = std::process::Command::new(&exe)
                .args(std::env::args().skip(1))
                .env(WORKER, index.to_string())
                .spawn()
                .map_err(|e| e.to_string())?;
            children.push(child);
        }
        for mut child in children {
            child.wait().map_err(|e| e.to_string())?;
        }
        return Ok(());
    };
    // Together the workers touch files at the given rate: each waits its turn, one interval
    // after the previous worker, then touches a file every `workers` intervals.
    let interval = 1.0 / plan.rate;
    std::thread::sleep(Duration::from_secs_f64(index as f64 * interval));
    let pause = Duration::from_secs_f64(plan.workers as f64 * interval);
    let mut stdout = std::io::stdout();
    for path in files.iter().skip(index).step_by(plan.workers) {
        writeln!(stdout, "{}", path.display())
            .and_then(|()| stdout.flush())
            .map_err(|e| e.to_string())?;
        plan.behaviour
            .apply(&corpus, path, 0x5EED)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        std::thread::sleep(pause);
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args).and_then(|plan| run(&plan)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hygie-simulate: {message}");
            ExitCode::from(2)
        }
    }
}
