//! Local processes as `/proc` shows them: who a writer is, and stopping the programs an alert
//! names.
//!
//! A process tree is a **process group**: a shell puts each command it starts (and everything
//! that command spawns) in a group of its own, so the group is what a person would call "the
//! program". Stopping is done process by process, never with a signal to a whole group, so that
//! the processes that must never be stopped are always spared: the kernel's threads, `init`, the
//! sentinel itself, its ancestors (the service manager, the shell that started it) and the other
//! members of its own group.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// What `/proc` says about one process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    /// Its pid.
    pub pid: u32,
    /// Its parent's pid.
    pub parent: u32,
    /// Its process group.
    pub group: u32,
    /// Its executable, when it can be read.
    pub exe: Option<String>,
}

/// Reads what `/proc/PID` says, or `None` if the process is gone.
pub fn info(pid: u32) -> Option<Info> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (parent, group) = parse_stat(&stat)?;
    let exe = std::fs::read_link(format!("/proc/{pid}/exe"))
        .ok()
        .map(|path| path.display().to_string());
    Some(Info {
        pid,
        parent,
        group,
        exe,
    })
}

/// The parent pid and the process group of a `/proc/PID/stat` line. The command name between
/// parentheses may itself hold spaces and parentheses, so fields are counted from the last `)`.
fn parse_stat(stat: &str) -> Option<(u32, u32)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    let _state = fields.next()?;
    let parent = fields.next()?.parse().ok()?;
    let group = fields.next()?.parse().ok()?;
    Some((parent, group))
}

/// Every process `/proc` lists now (those that vanish while it is read are skipped).
fn all() -> Vec<Info> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(info)
        .collect()
}

/// What the sentinel does to the programs behind an alert (`[sentinel] contain`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Containment {
    /// Freeze them at once (SIGSTOP), then end them (SIGKILL).
    #[default]
    Kill,
    /// Freeze them (SIGSTOP) and leave them frozen for the IT provider to examine.
    Stop,
    /// Touch no process: alert only.
    Off,
}

/// A process the sentinel signalled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stopped {
    /// Its pid.
    pub pid: u32,
    /// Its executable, when known.
    pub exe: Option<String>,
    /// Whether it was ended, not only frozen.
    pub killed: bool,
}

/// Why a process named by an alert was left alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Spared {
    /// `init` or a kernel thread.
    System,
    /// The sentinel itself, one of its ancestors, or a member of its process group.
    Sentinel,
}

/// What one containment did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The processes signalled.
    pub stopped: Vec<Stopped>,
    /// The processes left alone, and why.
    pub spared: Vec<(u32, Spared)>,
}

/// Stops, per `mode`, every live process of the groups `groups`, the processes `pids`, and all
/// their descendants, except those that must never be stopped. Processes already gone are
/// skipped; `already` holds the pids signalled by earlier containments, which are not
/// signalled again.
pub fn contain(
    groups: &BTreeSet<u32>,
    pids: &BTreeSet<u32>,
    mode: Containment,
    already: &mut BTreeSet<u32>,
) -> Report {
    let mut report = Report::default();
    if mode == Containment::Off {
        return report;
    }
    let table: HashMap<u32, Info> = all().into_iter().map(|info| (info.pid, info)).collect();
    let protected = protected(&table);
    let mut chosen: BTreeSet<u32> = BTreeSet::new();
    let mut spared: BTreeSet<u32> = BTreeSet::new();
    let mut frontier: Vec<u32> = table
        .values()
        .filter(|info| groups.contains(&info.group) || pids.contains(&info.pid))
        .map(|info| info.pid)
        .collect();
    // Children that left the group (a double fork, a new session) are still its work. A spared
    // process is a dead end: its children are never reached through it (every process
    // descends from `init`).
    while let Some(pid) = frontier.pop() {
        if protected.contains_key(&pid) {
            spared.insert(pid);
            continue;
        }
        if !chosen.insert(pid) {
            continue;
        }
        frontier.extend(
            table
                .values()
                .filter(|info| info.parent == pid)
                .map(|info| info.pid),
        );
    }
    report.spared = spared
        .into_iter()
        .filter_map(|pid| protected.get(&pid).map(|reason| (pid, *reason)))
        .collect();
    chosen.retain(|pid| !already.contains(pid));
    // Freeze them all first, so that none can start more while the others are being ended.
    for pid in &chosen {
        if signal(*pid, Signal::Stop) {
            already.insert(*pid);
            report.stopped.push(Stopped {
                pid: *pid,
                exe: table.get(pid).and_then(|info| info.exe.clone()),
                killed: false,
            });
        }
    }
    if mode == Containment::Kill {
        for stopped in &mut report.stopped {
            stopped.killed = signal(stopped.pid, Signal::Kill);
        }
    }
    report
}

/// The processes never to stop, with the reason.
fn protected(table: &HashMap<u32, Info>) -> HashMap<u32, Spared> {
    let mut protected = HashMap::new();
    for info in table.values() {
        // pid 2 is the kernel's thread creator; its children are kernel threads.
        if info.pid <= 2 || info.parent == 2 {
            protected.insert(info.pid, Spared::System);
        }
    }
    let own = std::process::id();
    let own_group = table.get(&own).map(|info| info.group);
    for info in table.values() {
        if Some(info.group) == own_group {
            protected.insert(info.pid, Spared::Sentinel);
        }
    }
    let mut ancestor = Some(own);
    while let Some(pid) = ancestor.filter(|pid| *pid > 1) {
        protected.entry(pid).or_insert(Spared::Sentinel);
        ancestor = table.get(&pid).map(|info| info.parent);
    }
    protected
}

enum Signal {
    Stop,
    Kill,
}

/// Sends `signal` to `pid`; whether it was delivered (a process already gone was not).
#[cfg(target_os = "linux")]
fn signal(pid: u32, signal: Signal) -> bool {
    use nix::sys::signal::{Signal as Sig, kill};
    let Ok(raw) = i32::try_from(pid) else {
        return false;
    };
    let sig = match signal {
        Signal::Stop => Sig::SIGSTOP,
        Signal::Kill => Sig::SIGKILL,
    };
    kill(nix::unistd::Pid::from_raw(raw), sig).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn signal(_pid: u32, _signal: Signal) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::CommandExt;

    use super::*;

    #[test]
    fn stat_lines_are_read_from_the_last_parenthesis() {
        let line = "4242 (evil) (x) prog) S 17 4240 4240 34816 4240 4194304 0 0";
        assert_eq!(parse_stat(line), Some((17, 4240)));
        assert_eq!(parse_stat("4242 (truncated"), None);
        assert_eq!(parse_stat("4242 (ok) S notanumber 1"), None);
    }

    #[test]
    fn this_process_is_described() {
        let me = info(std::process::id()).expect("our own /proc entry");
        assert_eq!(me.pid, std::process::id());
        assert!(me.exe.is_some());
    }

    #[test]
    fn the_sentinel_and_its_ancestors_are_never_stopped() {
        let own = std::process::id();
        let me = info(own).expect("our own /proc entry");
        let mut already = BTreeSet::new();
        let report = contain(
            &BTreeSet::from([me.group]),
            &BTreeSet::from([own, me.parent, 1]),
            Containment::Kill,
            &mut already,
        );
        assert!(report.stopped.is_empty(), "{report:?}");
        assert!(report.spared.contains(&(own, Spared::Sentinel)));
        assert!(report.spared.contains(&(1, Spared::System)));
        assert!(already.is_empty());
    }

    #[test]
    fn a_child_group_is_frozen_then_ended() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .process_group(0)
            .spawn()
            .expect("sleep runs");
        let pid = child.id();
        let mut already = BTreeSet::new();
        let report = contain(
            &BTreeSet::from([pid]),
            &BTreeSet::new(),
            Containment::Kill,
            &mut already,
        );
        assert_eq!(report.stopped.len(), 1, "{report:?}");
        assert!(report.stopped[0].killed);
        let status = child.wait().expect("the child is reaped");
        assert!(!status.success());
        // Signalled once only.
        let again = contain(
            &BTreeSet::from([pid]),
            &BTreeSet::new(),
            Containment::Kill,
            &mut already,
        );
        assert!(again.stopped.is_empty());
    }
}
