//! Retention: the legal durations as data (`data/retention.toml`), and the patients' records
//! due for archiving or deletion given their last care.

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::table::{InputError, Problem, Table};

const RULES: &str = include_str!("../data/retention.toml");

/// Columns of `PATIENTS.csv`.
pub const REQUIRED_COLUMNS: &[&str] = &["patient_id", "last_care"];
/// Optional columns of `PATIENTS.csv`.
pub const OPTIONAL_COLUMNS: &[&str] = &["name", "born_on", "died_on", "archived"];

/// One retention rule.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier.
    pub id: String,
    /// The rule in French.
    pub fr: String,
    /// The rule in English.
    pub en: String,
    /// Where it comes from.
    pub source: String,
    /// Years before moving to an archive, if the rule has an archive stage.
    #[serde(default)]
    pub archive_after_years: Option<i16>,
    /// Years before deletion.
    #[serde(default)]
    pub delete_after_years: Option<i16>,
    /// Months before deletion.
    #[serde(default)]
    pub delete_after_months: Option<i32>,
    /// Kept at least until this age of the patient.
    #[serde(default)]
    pub until_age: Option<i16>,
    /// Years after death, when the patient died soon after the last visit.
    #[serde(default)]
    pub after_death_years: Option<i16>,
}

#[derive(Deserialize)]
struct Rules {
    rules: Vec<Rule>,
}

/// The rules compiled in.
pub fn rules() -> Vec<Rule> {
    // Part of the source, checked by a test.
    toml::from_str::<Rules>(RULES)
        .map(|r| r.rules)
        .unwrap_or_default()
}

/// Which kind of record the patients' file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Establishment {
    /// A private practice (cabinet médical or paramédical).
    Practice,
    /// A health establishment (hospital, clinic).
    Hospital,
}

/// What to do with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Move it to the archive (5 years after the last care, in a practice).
    Archive,
    /// Delete or anonymise it.
    Delete,
}

/// A record due for something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueRecord {
    /// The patient's identifier.
    pub patient_id: String,
    /// Their name, if the file gives it.
    pub name: String,
    /// The last care.
    pub last_care: Date,
    /// What to do.
    pub due: Due,
    /// Since when.
    pub since: Date,
    /// The rule applied.
    pub rule: String,
}

/// The records of `table` due for archiving or deletion on `today`, oldest first.
pub fn due(
    table: &Table,
    establishment: Establishment,
    today: Date,
) -> Result<Vec<DueRecord>, InputError> {
    table.unique("patient_id")?;
    let years = |date: Date, n: i16| date.checked_add(Span::new().years(n)).unwrap_or(date);
    // The durations come from the rules file; the figures below only stand in if it lost one.
    let rules = rules();
    let rule = |id: &str| rules.iter().find(|r| r.id == id);
    let practice = rule("practice-record");
    let archive_after = practice.and_then(|r| r.archive_after_years).unwrap_or(5);
    let practice_delete = practice.and_then(|r| r.delete_after_years).unwrap_or(20);
    let hospital = rule("hospital-record");
    let hospital_delete = hospital.and_then(|r| r.delete_after_years).unwrap_or(20);
    let until_age = hospital.and_then(|r| r.until_age).unwrap_or(28);
    let after_death = hospital.and_then(|r| r.after_death_years).unwrap_or(10);
    let mut due = Vec::new();
    for row in table.rows() {
        let patient_id = table.required(row, "patient_id")?.to_owned();
        let Some(last_care) = table.date(row, "last_care")? else {
            return Err(table.invalid(row, "last_care", Problem::Empty));
        };
        if last_care > today {
            return Err(table.invalid(row, "last_care", Problem::Future));
        }
        let born_on = table.date(row, "born_on")?;
        let died_on = table.date(row, "died_on")?;
        let archived = table.yes_no(row, "archived", false)?;
        let name = table.text(row, "name").to_owned();
        let mut push = |due_kind, since, rule: &str| {
            due.push(DueRecord {
                patient_id: patient_id.clone(),
                name: name.clone(),
                last_care,
                due: due_kind,
                since,
                rule: rule.to_owned(),
            });
        };
        match establishment {
            Establishment::Practice => {
                let delete = years(last_care, practice_delete);
                let archive = years(last_care, archive_after);
                if delete <= today {
                    push(Due::Delete, delete, "practice-record");
                } else if archive <= today && !archived {
                    push(Due::Archive, archive, "practice-record");
                }
            }
            Establishment::Hospital => {
                let mut delete = years(last_care, hospital_delete);
                if let Some(born) = born_on {
                    delete = delete.max(years(born, until_age));
                }
                if let Some(died) = died_on
                    && died < years(last_care, after_death)
                {
                    delete = years(died, after_death);
                }
                if delete <= today {
                    push(Due::Delete, delete, "hospital-record");
                }
            }
        }
    }
    due.sort_by(|a, b| {
        a.since
            .cmp(&b.since)
            .then_with(|| a.patient_id.cmp(&b.patient_id))
    });
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_file_parses() {
        assert_eq!(rules().len(), 6);
    }

    #[test]
    fn practice_records_archive_at_5_years_and_go_at_20() {
        let csv = "patient_id;name;last_care;archived\nP1;A;2020-01-01;non\nP2;B;2006-06-01;oui\nP3;C;2025-01-01;\nP4;D;2021-11-28;\n";
        let table =
            Table::read("p.csv", csv.as_bytes(), REQUIRED_COLUMNS, OPTIONAL_COLUMNS).unwrap();
        let today = Date::constant(2026, 11, 28);
        let due = due(&table, Establishment::Practice, today).unwrap();
        let got: Vec<_> = due.iter().map(|d| (d.patient_id.as_str(), d.due)).collect();
        assert_eq!(
            got,
            [
                ("P1", Due::Archive),
                ("P2", Due::Delete),
                ("P4", Due::Archive)
            ]
        );
    }

    #[test]
    fn hospital_records_keep_children_until_28() {
        let csv = "patient_id,last_care,born_on,died_on\nchild,2000-01-01,1999-06-01,\nadult,2000-01-01,1950-01-01,\ndied,2012-01-01,1940-01-01,2013-01-01\n";
        let table =
            Table::read("p.csv", csv.as_bytes(), REQUIRED_COLUMNS, OPTIONAL_COLUMNS).unwrap();
        let due = due(
            &table,
            Establishment::Hospital,
            Date::constant(2026, 11, 28),
        )
        .unwrap();
        let got: Vec<_> = due.iter().map(|d| d.patient_id.as_str()).collect();
        assert_eq!(got, ["adult", "died"]);
    }
}
