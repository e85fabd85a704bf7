//! Personal-data breaches (GDPR art. 33 and 34): the facts of one breach, its two 72-hour
//! clocks (the CNIL's notification and the criminal complaint the insurer requires), the risk
//! assessment that decides whom to tell, and what must be in the notification.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::text::Texts;
use crate::tr;

/// 72 hours: both clocks.
pub const DEADLINE: SignedDuration = SignedDuration::from_hours(72);

/// Where a breach was first seen.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum Origin {
    /// An alert of the sentinel or the mail guard.
    Alert {
        /// The alert's number.
        alert: i64,
        /// `sentinel`, `mail`…
        source: String,
        /// What the alert said.
        summary: String,
    },
    /// Opened by a person.
    Manual,
}

/// One dated line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub text: String,
}

/// Everything known about a breach. Every field is editable (export, edit, import).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    /// Its number in the breach log.
    pub id: i64,
    /// A short title.
    pub title: String,
    /// Where it was first seen.
    pub origin: Origin,
    /// When the practice became aware of it: both clocks start here.
    pub discovered: Timestamp,
    /// When it began, if known.
    #[serde(default)]
    pub began: Option<Timestamp>,
    /// When it ended, if it has.
    #[serde(default)]
    pub ended: Option<Timestamp>,
    /// What happened, in plain words.
    pub description: String,
    /// Data may have been seen or taken by someone not allowed (confidentiality).
    pub confidentiality: bool,
    /// Data may have been altered (integrity).
    pub integrity: bool,
    /// Data was unavailable or lost (availability).
    pub availability: bool,
    /// Data may have left the practice (exfiltration suspected).
    pub exfiltration_suspected: bool,
    /// Categories of people concerned (`patients`, `staff`…).
    pub person_categories: Vec<String>,
    /// About how many people, when estimated.
    #[serde(default)]
    pub persons_approx: Option<u64>,
    /// Categories of data (`health`, `identity`, `nir`, `contact`, `financial`…).
    pub data_categories: Vec<String>,
    /// About how many records (files, entries), when estimated.
    #[serde(default)]
    pub records_approx: Option<u64>,
    /// The data was unintelligible to whoever got it (strong encryption, key not taken).
    pub encrypted: bool,
    /// It was an attack on the information system (ransomware, intrusion, phishing): the
    /// insurer then requires a criminal complaint within 72 hours (Code des assurances
    /// L12-10-1). A letter sent to the wrong patient is not.
    #[serde(default = "yes")]
    pub attack: bool,
    /// Availability was fully restored (from snapshots or shadow copies).
    pub restored: bool,
    /// Likely consequences for the people.
    pub consequences: String,
    /// Measures taken.
    pub measures_taken: String,
    /// Measures planned.
    pub measures_planned: String,
    /// Who the CNIL and patients can contact.
    pub contact: String,
    /// When the CNIL was notified.
    #[serde(default)]
    pub cnil_notified: Option<Timestamp>,
    /// Why the notification is late, when it is.
    #[serde(default)]
    pub late_reason: String,
    /// When the complaint was filed (police or gendarmerie).
    #[serde(default)]
    pub complaint_filed: Option<Timestamp>,
    /// When patients were told.
    #[serde(default)]
    pub patients_informed: Option<Timestamp>,
    /// When the breach was closed.
    #[serde(default)]
    pub closed: Option<Timestamp>,
    /// What happened, in order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
}

fn yes() -> bool {
    true
}

/// Categories of data that make a breach high-risk when they are exposed.
const SENSITIVE: &[&str] = &["health", "nir", "financial", "identity_document"];

/// How risky a breach is for the people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Unlikely to harm anyone: kept in the breach log only.
    Unlikely,
    /// A risk: notify the CNIL within 72 hours.
    Risk,
    /// A high risk: notify the CNIL and tell the people concerned.
    High,
}

/// The risk assessment and what it requires.
#[derive(Clone, Debug, Serialize)]
pub struct RiskAssessment {
    /// The level.
    pub level: RiskLevel,
    /// Whether the CNIL must be notified (art. 33).
    pub notify_cnil: bool,
    /// Whether the people must be told (art. 34).
    pub tell_persons: bool,
    /// Why, one sentence per reason.
    pub reasons: Vec<String>,
}

/// Where a 72-hour clock stands.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Clock {
    /// Done at this time, `late` if after the deadline.
    Done {
        /// When.
        at: Timestamp,
        /// After the deadline.
        late: bool,
    },
    /// Running: this much time is left.
    Running {
        /// The deadline.
        deadline: Timestamp,
        /// Whole hours left.
        hours_left: i64,
    },
    /// The deadline has passed.
    Overdue {
        /// The deadline.
        deadline: Timestamp,
        /// Whole hours since.
        hours_late: i64,
    },
    /// Not required (no risk for the CNIL clock).
    NotRequired,
}

impl Breach {
    /// A breach opened now from what is known, with conservative defaults a person then
    /// corrects: patients' health data, an attack, not encrypted; its nature (confidentiality,
    /// integrity, availability) is left for the person or the alert to say.
    pub fn new(
        id: i64,
        title: String,
        origin: Origin,
        discovered: Timestamp,
        contact: String,
    ) -> Breach {
        Breach {
            id,
            title,
            origin,
            discovered,
            began: None,
            ended: None,
            description: String::new(),
            confidentiality: false,
            integrity: false,
            availability: false,
            exfiltration_suspected: false,
            person_categories: vec!["patients".into()],
            persons_approx: None,
            data_categories: vec!["health".into(), "identity".into()],
            records_approx: None,
            encrypted: false,
            attack: true,
            restored: false,
            consequences: String::new(),
            measures_taken: String::new(),
            measures_planned: String::new(),
            contact,
            cnil_notified: None,
            late_reason: String::new(),
            complaint_filed: None,
            patients_informed: None,
            closed: None,
            timeline: Vec::new(),
        }
    }

    /// The deadline of both clocks.
    pub fn deadline(&self) -> Timestamp {
        self.discovered
            .checked_add(DEADLINE)
            .unwrap_or(self.discovered)
    }

    /// Assesses the risk for the people (CNIL and EDPB guidance: health data exposed is a high
    /// risk unless it was unintelligible; lost availability of care data is a risk, a high one
    /// while it lasts).
    pub fn risk(&self, texts: &Texts) -> RiskAssessment {
        let sensitive = self
            .data_categories
            .iter()
            .any(|c| SENSITIVE.contains(&c.as_str()));
        // Only a count of zero means nobody; unknown categories are not « nobody ».
        let nobody = self.persons_approx == Some(0);
        let unknown = !(self.confidentiality || self.integrity || self.availability);
        let exposed = self.confidentiality || self.exfiltration_suspected;
        let mut reasons = Vec::new();
        let mut level = RiskLevel::Unlikely;
        let mut raise = |to: RiskLevel, reason: String, level: &mut RiskLevel| {
            *level = (*level).max(to);
            reasons.push(reason);
        };
        if nobody {
            raise(RiskLevel::Unlikely, tr!(texts, "risk-nobody"), &mut level);
        } else {
            if exposed && self.encrypted {
                raise(
                    RiskLevel::Unlikely,
                    tr!(texts, "risk-encrypted"),
                    &mut level,
                );
            } else if exposed && sensitive {
                raise(
                    RiskLevel::High,
                    tr!(texts, "risk-sensitive-exposed"),
                    &mut level,
                );
            } else if exposed {
                raise(RiskLevel::Risk, tr!(texts, "risk-exposed"), &mut level);
            }
            if self.integrity && !self.restored {
                raise(RiskLevel::High, tr!(texts, "risk-integrity"), &mut level);
            } else if self.integrity {
                raise(
                    RiskLevel::Risk,
                    tr!(texts, "risk-integrity-restored"),
                    &mut level,
                );
            }
            if self.availability && !self.restored {
                raise(RiskLevel::High, tr!(texts, "risk-unavailable"), &mut level);
            } else if self.availability {
                raise(RiskLevel::Risk, tr!(texts, "risk-restored"), &mut level);
            }
        }
        // Until the nature is known, the CNIL clock runs: better notified in stages than late.
        if unknown && !nobody {
            raise(
                RiskLevel::Risk,
                tr!(texts, "risk-nature-unknown"),
                &mut level,
            );
        }
        let notify_cnil = level >= RiskLevel::Risk;
        // Art. 34(3)(a): no need to tell people whose data was unintelligible.
        let tell_persons = level == RiskLevel::High;
        RiskAssessment {
            level,
            notify_cnil,
            tell_persons,
            reasons,
        }
    }

    /// The CNIL notification's clock at `now`.
    pub fn cnil_clock(&self, now: Timestamp, texts: &Texts) -> Clock {
        if self.cnil_notified.is_none() && !self.risk(texts).notify_cnil {
            return Clock::NotRequired;
        }
        self.clock(self.cnil_notified, now)
    }

    /// The criminal complaint's clock at `now` (required by the insurer after an attack).
    pub fn complaint_clock(&self, now: Timestamp) -> Clock {
        if !self.attack && self.complaint_filed.is_none() {
            return Clock::NotRequired;
        }
        self.clock(self.complaint_filed, now)
    }

    fn clock(&self, done: Option<Timestamp>, now: Timestamp) -> Clock {
        let deadline = self.deadline();
        match done {
            Some(at) => Clock::Done {
                at,
                late: at > deadline,
            },
            None if now <= deadline => Clock::Running {
                deadline,
                hours_left: (deadline.as_second() - now.as_second()) / 3_600,
            },
            None => Clock::Overdue {
                deadline,
                hours_late: (now.as_second() - deadline.as_second()) / 3_600,
            },
        }
    }

    /// The fields the CNIL notification needs that are still empty, as message ids of their
    /// labels: a notification may be sent in stages (art. 33(4)), these go in the next one.
    pub fn missing_for_notification(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.description.trim().is_empty() {
            missing.push("field-description");
        }
        if !(self.confidentiality || self.integrity || self.availability) {
            missing.push("field-nature");
        }
        if self.person_categories.is_empty() {
            missing.push("field-person-categories");
        }
        if self.persons_approx.is_none() {
            missing.push("field-persons-approx");
        }
        if self.data_categories.is_empty() {
            missing.push("field-data-categories");
        }
        if self.records_approx.is_none() {
            missing.push("field-records-approx");
        }
        if self.consequences.trim().is_empty() {
            missing.push("field-consequences");
        }
        if self.measures_taken.trim().is_empty() {
            missing.push("field-measures-taken");
        }
        if self.contact.trim().is_empty() {
            missing.push("field-contact");
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn breach() -> Breach {
        Breach::new(
            1,
            "Rançongiciel".into(),
            Origin::Manual,
            "2026-11-28T08:00:00Z".parse().unwrap(),
            "Dr Martin".into(),
        )
    }

    #[test]
    fn health_data_exposed_means_telling_patients_unless_encrypted() {
        let texts = Texts::new(Lang::Fr);
        let mut b = breach();
        b.confidentiality = true;
        let risk = b.risk(&texts);
        assert_eq!(risk.level, RiskLevel::High);
        assert!(risk.notify_cnil && risk.tell_persons);
        b.encrypted = true;
        let risk = b.risk(&texts);
        assert_eq!(risk.level, RiskLevel::Unlikely);
        assert!(!risk.notify_cnil, "kept in the log only");
    }

    #[test]
    fn ransomware_restored_is_notified_but_patients_need_not_be_told() {
        let texts = Texts::new(Lang::Fr);
        let mut b = breach();
        b.availability = true;
        b.integrity = true;
        assert_eq!(
            b.risk(&texts).level,
            RiskLevel::High,
            "while files are lost"
        );
        b.restored = true;
        let risk = b.risk(&texts);
        assert_eq!(risk.level, RiskLevel::Risk);
        assert!(risk.notify_cnil && !risk.tell_persons);
    }

    #[test]
    fn a_breach_of_unknown_nature_keeps_the_cnil_clock_running() {
        let texts = Texts::new(Lang::Fr);
        let mut b = breach();
        b.person_categories.clear();
        let now: Timestamp = "2026-11-28T09:00:00Z".parse().unwrap();
        assert_eq!(b.risk(&texts).level, RiskLevel::Risk);
        assert!(matches!(b.cnil_clock(now, &texts), Clock::Running { .. }));
        b.attack = false;
        assert!(matches!(b.complaint_clock(now), Clock::NotRequired));
    }

    #[test]
    fn both_clocks_run_72_hours_from_discovery() {
        let texts = Texts::new(Lang::Fr);
        let mut b = breach();
        b.availability = true;
        let now: Timestamp = "2026-11-29T08:00:00Z".parse().unwrap();
        assert!(matches!(
            b.cnil_clock(now, &texts),
            Clock::Running { hours_left: 48, .. }
        ));
        assert!(matches!(
            b.complaint_clock(now),
            Clock::Running { hours_left: 48, .. }
        ));
        let later: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        assert!(matches!(
            b.complaint_clock(later),
            Clock::Overdue { hours_late: 2, .. }
        ));
        b.cnil_notified = Some("2026-11-30T08:00:00Z".parse().unwrap());
        assert!(matches!(
            b.cnil_clock(later, &texts),
            Clock::Done { late: false, .. }
        ));
    }
}
