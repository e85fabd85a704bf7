//! The access-log audit: which openings of patients' records nothing explains. An access is
//! explained by an appointment of that patient near that day (Fabbri and LeFevre's
//! explanation-based auditing); what is left is ranked by the signs that matter — same
//! surname, break-glass, off-hours bursts, a day far above the user's own habit — and cut to a
//! short queue a person can actually review.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, DateTime, Weekday};
use serde::Serialize;

use crate::table::{InputError, Problem, Table, fold};

/// Required columns of `ACCESS.csv`.
pub const LOG_COLUMNS: &[&str] = &["time", "login", "patient_id"];
/// Optional columns of `ACCESS.csv`.
pub const LOG_OPTIONAL: &[&str] = &["user_name", "patient_name", "break_glass", "reason"];
/// Required columns of `APPTS.csv`.
pub const APPOINTMENT_COLUMNS: &[&str] = &["patient_id", "start"];
/// Optional columns of `APPTS.csv`.
pub const APPOINTMENT_OPTIONAL: &[&str] = &["login"];

/// How the audit decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditPolicy {
    /// An appointment this many days before or after explains an access.
    pub window_days: i32,
    /// Working hours: accesses outside `[start, end)` on weekdays, or on Sundays, are off-hours.
    pub day_start: i8,
    /// End of working hours.
    pub day_end: i8,
    /// Distinct patients opened off-hours within an hour that make a burst.
    pub burst_patients: usize,
    /// At most this many items in the queue.
    pub limit: usize,
}

impl Default for AuditPolicy {
    fn default() -> AuditPolicy {
        AuditPolicy {
            window_days: 7,
            day_start: 7,
            day_end: 20,
            burst_patients: 5,
            limit: 30,
        }
    }
}

/// One access of the log.
#[derive(Clone, Debug)]
struct Access {
    line: u64,
    at: DateTime,
    login: String,
    user_name: String,
    patient_id: String,
    patient_name: String,
    break_glass: bool,
    reason: String,
}

/// Why an item is in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// The user and the patient share a surname.
    SameSurname,
    /// Emergency access that bypassed the usual rules.
    BreakGlass,
    /// Break-glass with no reason given.
    BreakGlassWithoutReason,
    /// Many patients opened off-hours within an hour.
    OffHoursBurst,
    /// Far more patients in a day than the user's usual.
    VolumeSpike,
    /// No appointment explains the access.
    Unexplained,
    /// Off working hours.
    OffHours,
}

impl Sign {
    fn weight(self) -> u32 {
        match self {
            Sign::SameSurname => 5,
            Sign::OffHoursBurst | Sign::VolumeSpike => 4,
            Sign::BreakGlassWithoutReason => 3,
            Sign::BreakGlass | Sign::Unexplained => 2,
            Sign::OffHours => 1,
        }
    }
}

/// One item to review: a user and a patient (or a user and a day, for bursts and spikes).
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Who.
    pub login: String,
    /// The patient, for per-patient items.
    pub patient_id: Option<String>,
    /// The day of the first access concerned.
    pub day: Date,
    /// How many accesses it covers.
    pub accesses: usize,
    /// The log lines concerned (up to 10).
    pub lines: Vec<u64>,
    /// The signs, strongest first.
    pub signs: Vec<Sign>,
    /// The ranking score.
    pub score: u32,
}

/// The audit's result.
#[derive(Clone, Debug, Serialize)]
pub struct Audit {
    /// Accesses in the log.
    pub accesses: usize,
    /// Of which explained by an appointment.
    pub explained: usize,
    /// The queue, most serious first, at most `limit` items.
    pub queue: Vec<Item>,
    /// Items left out of the queue (lower scores).
    pub more: usize,
}

fn read_log(table: &Table) -> Result<Vec<Access>, InputError> {
    table
        .rows()
        .iter()
        .map(|row| {
            let Some(at) = table.datetime(row, "time")? else {
                return Err(table.invalid(row, "time", Problem::Empty));
            };
            Ok(Access {
                line: row.line,
                at,
                login: table.required(row, "login")?.to_owned(),
                user_name: table.text(row, "user_name").to_owned(),
                patient_id: table.required(row, "patient_id")?.to_owned(),
                patient_name: table.text(row, "patient_name").to_owned(),
                break_glass: table.yes_no(row, "break_glass", false)?,
                reason: table.text(row, "reason").to_owned(),
            })
        })
        .collect()
}

/// Audits `log` against `appointments`.
pub fn audit(log: &Table, appointments: &Table, policy: &AuditPolicy) -> Result<Audit, InputError> {
    let accesses = read_log(log)?;
    // Appointments by patient: (day, login if known).
    let mut booked: BTreeMap<String, Vec<(Date, String)>> = BTreeMap::new();
    let mut logins_with_appointments = BTreeSet::new();
    for row in appointments.rows() {
        let patient = fold(appointments.required(row, "patient_id")?);
        let Some(start) = appointments.date(row, "start")? else {
            return Err(appointments.invalid(row, "start", Problem::Empty));
        };
        let login = fold(appointments.text(row, "login"));
        if !login.is_empty() {
            logins_with_appointments.insert(login.clone());
        }
        booked.entry(patient).or_default().push((start, login));
    }
    let explained_by = |access: &Access| {
        let login = fold(&access.login);
        // Staff who never hold appointments (front desk) are explained by anyone's.
        let anyone = !logins_with_appointments.contains(&login);
        booked.get(&fold(&access.patient_id)).is_some_and(|list| {
            list.iter().any(|(day, with)| {
                (access.at.date() - *day).get_days().abs() <= policy.window_days
                    && (anyone || with.is_empty() || *with == login)
            })
        })
    };
    let off_hours = |at: DateTime| {
        at.weekday() == Weekday::Sunday
            || at.hour() < policy.day_start
            || at.hour() >= policy.day_end
    };

    let mut per_pair: BTreeMap<(String, String), Item> = BTreeMap::new();
    let mut explained = 0;
    for access in &accesses {
        let mut signs = BTreeSet::new();
        if explained_by(access) {
            explained += 1;
        } else {
            signs.insert(Sign::Unexplained);
        }
        if same_surname(&access.user_name, &access.patient_name) {
            signs.insert(Sign::SameSurname);
        }
        if access.break_glass {
            signs.insert(if access.reason.trim().is_empty() {
                Sign::BreakGlassWithoutReason
            } else {
                Sign::BreakGlass
            });
        }
        if signs.is_empty() {
            continue;
        }
        if off_hours(access.at) {
            signs.insert(Sign::OffHours);
        }
        let key = (fold(&access.login), fold(&access.patient_id));
        let item = per_pair.entry(key).or_insert_with(|| Item {
            login: access.login.clone(),
            patient_id: Some(access.patient_id.clone()),
            day: access.at.date(),
            accesses: 0,
            lines: Vec::new(),
            signs: Vec::new(),
            score: 0,
        });
        item.accesses += 1;
        if item.lines.len() < 10 {
            item.lines.push(access.line);
        }
        for sign in signs {
            if !item.signs.contains(&sign) {
                item.signs.push(sign);
            }
        }
    }
    let mut items: Vec<Item> = per_pair.into_values().collect();
    items.extend(bursts(&accesses, policy, off_hours));
    items.extend(spikes(&accesses));
    for item in &mut items {
        item.signs.sort();
        item.score = item.signs.iter().map(|s| s.weight()).sum();
    }
    // A lone unexplained access in working hours is the normal noise of a practice (a
    // colleague's patient, a phone call): it enters the queue only with another sign.
    items.retain(|item| {
        item.score > Sign::Unexplained.weight() || item.signs != [Sign::Unexplained]
    });
    items.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.day.cmp(&b.day))
            .then(a.login.cmp(&b.login))
    });
    let more = items.len().saturating_sub(policy.limit);
    items.truncate(policy.limit);
    Ok(Audit {
        accesses: accesses.len(),
        explained,
        queue: items,
        more,
    })
}

/// The surname in a name: the word written in capitals when there is one (« MARTIN Paul »,
/// « Paul MARTIN », as French software writes it), else the last word (« Paul Martin »).
fn surname(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() > 1)
        .collect();
    let capitals = words.iter().find(|w| {
        w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            && w.chars().any(char::is_alphabetic)
    });
    capitals.or_else(|| words.last()).map(|w| fold(w))
}

fn same_surname(user: &str, patient: &str) -> bool {
    matches!((surname(user), surname(patient)), (Some(a), Some(b)) if a == b)
}

/// Off-hours bursts: many distinct patients opened by one user within an hour, off-hours.
fn bursts(
    accesses: &[Access],
    policy: &AuditPolicy,
    off_hours: impl Fn(DateTime) -> bool,
) -> Vec<Item> {
    let mut by_user: BTreeMap<String, Vec<&Access>> = BTreeMap::new();
    for access in accesses.iter().filter(|a| off_hours(a.at)) {
        by_user.entry(fold(&access.login)).or_default().push(access);
    }
    let mut items = Vec::new();
    for list in by_user.values_mut() {
        list.sort_by_key(|a| a.at);
        let mut start = 0;
        let mut reported_until: Option<DateTime> = None;
        for end in 0..list.len() {
            while list[end].at.duration_since(list[start].at).as_secs() >= 3600 {
                start += 1;
            }
            let window = &list[start..=end];
            let patients: BTreeSet<String> = window.iter().map(|a| fold(&a.patient_id)).collect();
            if patients.len() >= policy.burst_patients
                && reported_until.is_none_or(|until| list[start].at > until)
            {
                reported_until = Some(list[end].at);
                items.push(Item {
                    login: list[end].login.clone(),
                    patient_id: None,
                    day: list[start].at.date(),
                    accesses: window.len(),
                    lines: window.iter().take(10).map(|a| a.line).collect(),
                    signs: vec![Sign::OffHoursBurst],
                    score: 0,
                });
            }
        }
    }
    items
}

/// One user's day: the login as written, the distinct patients, the log lines.
type DayOfUser = (String, BTreeSet<String>, Vec<u64>);

/// Days on which a user opened far more distinct patients than on their usual day (at least
/// three times their median and 20 more, with at least 5 days of history).
fn spikes(accesses: &[Access]) -> Vec<Item> {
    let mut per_day: BTreeMap<(String, Date), DayOfUser> = BTreeMap::new();
    for access in accesses {
        let entry = per_day
            .entry((fold(&access.login), access.at.date()))
            .or_insert_with(|| (access.login.clone(), BTreeSet::new(), Vec::new()));
        entry.1.insert(fold(&access.patient_id));
        entry.2.push(access.line);
    }
    let mut counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for ((login, _), (_, patients, _)) in &per_day {
        counts
            .entry(login.as_str())
            .or_default()
            .push(patients.len());
    }
    let mut items = Vec::new();
    for ((login, day), (shown, patients, lines)) in &per_day {
        let Some(history) = counts.get(login.as_str()) else {
            continue;
        };
        if history.len() < 5 {
            continue;
        }
        let mut sorted = history.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        if patients.len() >= 3 * median.max(1) && patients.len() >= median + 20 {
            items.push(Item {
                login: shown.clone(),
                patient_id: None,
                day: *day,
                accesses: lines.len(),
                lines: lines.iter().take(10).copied().collect(),
                signs: vec![Sign::VolumeSpike],
                score: 0,
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, text: &str, required: &[&str], optional: &[&str]) -> Table {
        Table::read(name, text.as_bytes(), required, optional).unwrap()
    }

    #[test]
    fn surnames_are_read_as_french_software_writes_them() {
        assert!(same_surname("MARTIN Paul", "Claire MARTIN"));
        assert!(same_surname("Paul Martin", "Claire Martin"));
        assert!(
            !same_surname("MARTIN Paul", "PETIT Paul"),
            "a shared first name is not a surname"
        );
        assert!(!same_surname("", "Claire Martin"));
    }

    #[test]
    fn openings_on_different_nights_are_not_one_burst() {
        let mut log = String::from("time,login,patient_id\n");
        for (day, p) in (1..=6).map(|i| (i, i)) {
            log.push_str(&format!("2026-11-{day:02} 23:00,nuit,P{p}\n"));
        }
        let log = table("access.csv", &log, LOG_COLUMNS, LOG_OPTIONAL);
        let appts = table(
            "appts.csv",
            "patient_id,start\n",
            APPOINTMENT_COLUMNS,
            APPOINTMENT_OPTIONAL,
        );
        let audit = audit(&log, &appts, &AuditPolicy::default()).unwrap();
        assert!(
            audit
                .queue
                .iter()
                .all(|i| !i.signs.contains(&Sign::OffHoursBurst)),
            "{:?}",
            audit.queue
        );
    }

    #[test]
    fn explained_accesses_stay_out_and_the_curious_come_first() {
        let mut log =
            String::from("time;login;user_name;patient_id;patient_name;break_glass;reason\n");
        // Ordinary days: each doctor opens the patients they see.
        for day in 2..=20 {
            for p in 0..4 {
                log.push_str(&format!(
                    "2026-11-{day:02} 10:0{p};drmartin;Paul Martin;P{day}{p};X Y{p};non;\n"
                ));
            }
        }
        // A doctor opens a relative's record; the front desk browses at night.
        log.push_str("2026-11-21 12:00;drmartin;Paul Martin;P900;Claire Martin;non;\n");
        for p in 0..6 {
            log.push_str(&format!(
                "2026-11-22 23:1{p};accueil1;Léa Roux;Q{p};Z{p};non;\n"
            ));
        }
        log.push_str("2026-11-23 09:00;drmartin;Paul Martin;P901;Jean Petit;oui;\n");
        let mut appts = String::from("patient_id,start,login\n");
        for day in 2..=20 {
            for p in 0..4 {
                appts.push_str(&format!("P{day}{p},2026-11-{day:02} 10:00,drmartin\n"));
            }
        }
        let log = table("access.csv", &log, LOG_COLUMNS, LOG_OPTIONAL);
        let appts = table(
            "appts.csv",
            &appts,
            APPOINTMENT_COLUMNS,
            APPOINTMENT_OPTIONAL,
        );
        let audit = audit(&log, &appts, &AuditPolicy::default()).unwrap();
        assert_eq!(audit.explained, 76);
        let first = &audit.queue[0];
        assert_eq!(first.patient_id.as_deref(), Some("P900"));
        assert!(first.signs.contains(&Sign::SameSurname));
        let signs: Vec<&[Sign]> = audit.queue.iter().map(|i| i.signs.as_slice()).collect();
        assert!(signs.iter().any(|s| s.contains(&Sign::OffHoursBurst)));
        assert!(
            signs
                .iter()
                .any(|s| s.contains(&Sign::BreakGlassWithoutReason))
        );
        assert!(
            audit.queue.len() < 12,
            "a short queue: {}",
            audit.queue.len()
        );
    }
}
