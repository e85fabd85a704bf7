//! Patients' requests for their records (GDPR art. 15, Code de la santé publique L1111-7):
//! sent no earlier than 48 hours after the request and within 8 days, or 2 months when the
//! record is more than 5 years old; the first copy is free.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// A patient's request.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    /// Its number.
    pub id: i64,
    /// Who asked (the patient, or their representative: say so).
    pub patient: String,
    /// When the request arrived (with proof of identity).
    pub received: Timestamp,
    /// The record's most recent information is more than 5 years old.
    pub old_record: bool,
    /// Copies already given to this patient: the first is free.
    #[serde(default)]
    pub earlier_copies: u32,
    /// When the record was sent or handed over.
    #[serde(default)]
    pub answered: Option<Timestamp>,
    /// A note (how it was sent, who handled it).
    #[serde(default)]
    pub note: String,
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Within the 48-hour reflection period: do not send yet.
    TooEarly,
    /// Can be sent; the deadline is more than 2 days away.
    Open,
    /// The deadline is within 2 days.
    DueSoon,
    /// The deadline has passed.
    Overdue,
    /// Answered on time.
    Answered,
    /// Answered after the deadline.
    AnsweredLate,
}

impl AccessRequest {
    /// The earliest moment the record may be sent.
    pub fn earliest(&self) -> Timestamp {
        self.received
            .checked_add(SignedDuration::from_hours(48))
            .unwrap_or(self.received)
    }

    /// The legal deadline: 8 days, or 2 months for an old record.
    pub fn deadline(&self) -> Timestamp {
        let span = if self.old_record {
            jiff::Span::new().months(2)
        } else {
            jiff::Span::new().days(8)
        };
        self.received
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .checked_add(span)
            .map_or(self.received, |z| z.timestamp())
    }

    /// Whether this copy is free (the first one is).
    pub fn free_copy(&self) -> bool {
        self.earlier_copies == 0
    }

    /// The state at `now`.
    pub fn state(&self, now: Timestamp) -> RequestState {
        let deadline = self.deadline();
        match self.answered {
            Some(at) if at > deadline => RequestState::AnsweredLate,
            Some(_) => RequestState::Answered,
            None if now > deadline => RequestState::Overdue,
            None if now < self.earliest() => RequestState::TooEarly,
            None if deadline.as_second() - now.as_second() <= 2 * 86_400 => RequestState::DueSoon,
            None => RequestState::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(old_record: bool) -> AccessRequest {
        AccessRequest {
            id: 1,
            patient: "Mme Durand".into(),
            received: "2026-11-02T09:00:00Z".parse().unwrap(),
            old_record,
            earlier_copies: 0,
            answered: None,
            note: String::new(),
        }
    }

    #[test]
    fn deadlines_follow_the_public_health_code() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let recent = request(false);
        assert_eq!(recent.deadline(), at("2026-11-10T09:00:00Z"));
        assert_eq!(
            recent.state(at("2026-11-03T09:00:00Z")),
            RequestState::TooEarly
        );
        assert_eq!(recent.state(at("2026-11-05T09:00:00Z")), RequestState::Open);
        assert_eq!(
            recent.state(at("2026-11-09T09:00:00Z")),
            RequestState::DueSoon
        );
        assert_eq!(
            recent.state(at("2026-11-11T09:00:00Z")),
            RequestState::Overdue
        );
        let old = request(true);
        assert_eq!(old.deadline(), at("2027-01-02T09:00:00Z"));
        assert!(old.free_copy());
    }
}
