//! Time-based retention, and only time-based.
//!
//! A count-based policy ("keep the last 30") lets an attacker who can take snapshots flush the
//! good ones by adding junk; a policy in durations keeps every snapshot younger than a given age
//! whatever is added. The newest snapshot and any pinned snapshot are never forgotten.

use std::time::Duration;

use rustic_core::jiff::{Span, Zoned};
use rustic_core::{KeepOptions, repofile::SnapshotFile};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::repository::{SnapshotInfo, Vault};

/// How long snapshots are kept, by age.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Every snapshot younger than this is kept.
    pub all: Duration,
    /// The newest snapshot of each day is kept while younger than this.
    pub daily: Duration,
    /// The newest snapshot of each week is kept while younger than this.
    pub weekly: Duration,
    /// The newest snapshot of each month is kept while younger than this.
    pub monthly: Duration,
}

/// What `forget` did or would do.
#[derive(Clone, Debug, Serialize)]
pub struct ForgetReport {
    /// Snapshots kept.
    pub kept: Vec<SnapshotInfo>,
    /// Snapshots forgotten (or that would be, in a dry run).
    pub forgotten: Vec<SnapshotInfo>,
    /// Whether nothing was deleted.
    pub dry_run: bool,
}

/// What `prune` did.
#[derive(Clone, Debug, Serialize)]
pub struct PruneReport {
    /// How long it took, in seconds.
    pub seconds: f64,
}

fn span(duration: Duration) -> Result<Span> {
    let seconds = i64::try_from(duration.as_secs()).unwrap_or(i64::MAX);
    Span::new()
        .try_seconds(seconds)
        .map_err(|e| Error::Repository {
            location: String::new(),
            operation: "retention",
            cause: e.to_string(),
        })
}

impl Retention {
    fn keep_options(&self) -> Result<KeepOptions> {
        Ok(KeepOptions::default()
            .keep_within(span(self.all)?)
            .keep_within_daily(span(self.daily)?)
            .keep_within_weekly(span(self.weekly)?)
            .keep_within_monthly(span(self.monthly)?))
    }

    /// Splits `snapshots` into (kept, forgotten) as of `now`. The newest snapshot and those whose
    /// id starts with one of `pinned` are always kept.
    pub(crate) fn split(
        &self,
        snapshots: Vec<SnapshotFile>,
        now: &Zoned,
        pinned: &[String],
    ) -> Result<(Vec<SnapshotFile>, Vec<SnapshotFile>)> {
        let newest = snapshots.iter().map(|s| s.time.clone()).max();
        let decisions =
            self.keep_options()?
                .apply(snapshots, now)
                .map_err(|e| Error::Repository {
                    location: String::new(),
                    operation: "retention",
                    cause: crate::error::concise(&e),
                })?;
        let mut kept = Vec::new();
        let mut forgotten = Vec::new();
        for decision in decisions {
            let id = decision
                .snapshot
                .id
                .into_inner()
                .to_hex()
                .as_str()
                .to_owned();
            let is_pinned = pinned
                .iter()
                .any(|p| !p.is_empty() && id.starts_with(p.as_str()));
            let is_newest = Some(&decision.snapshot.time) == newest.as_ref();
            if decision.keep || is_pinned || is_newest {
                kept.push(decision.snapshot);
            } else {
                forgotten.push(decision.snapshot);
            }
        }
        Ok((kept, forgotten))
    }
}

impl Vault {
    /// Forgets the snapshots `retention` no longer keeps (none with `dry_run`). Snapshots whose id
    /// starts with one of `pinned` are kept whatever their age.
    pub fn forget(
        &self,
        retention: &Retention,
        pinned: &[String],
        dry_run: bool,
    ) -> Result<ForgetReport> {
        let location = self.location();
        let repo = self.repository("forget")?;
        let snapshots = repo
            .get_all_snapshots()
            .map_err(Error::repository(location, "forget"))?;
        let (mut kept, mut forgotten) = retention.split(snapshots, &Zoned::now(), pinned)?;
        if !dry_run && !forgotten.is_empty() {
            let ids: Vec<_> = forgotten.iter().map(|s| s.id).collect();
            repo.delete_snapshots(&ids)
                .map_err(Error::repository(location, "forget"))?;
        }
        kept.sort_by(|a, b| a.time.cmp(&b.time));
        forgotten.sort_by(|a, b| a.time.cmp(&b.time));
        Ok(ForgetReport {
            kept: kept.iter().map(SnapshotInfo::from_file).collect(),
            forgotten: forgotten.iter().map(SnapshotInfo::from_file).collect(),
            dry_run,
        })
    }

    /// Removes the data no snapshot refers to any more.
    pub fn prune(&self) -> Result<PruneReport> {
        let started = std::time::Instant::now();
        let location = self.location();
        let repo = self.repository("prune")?;
        let options = rustic_core::PruneOptions::default();
        let plan = repo
            .prune_plan(&options)
            .map_err(Error::repository(location, "prune"))?;
        repo.prune(&options, plan)
            .map_err(Error::repository(location, "prune"))?;
        Ok(PruneReport {
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}
