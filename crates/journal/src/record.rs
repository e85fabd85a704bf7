//! The byte encoding of an entry, which is what the Merkle tree hashes.
//!
//! A record is the JSON text of a versioned object. The bytes are produced once, at append time,
//! and stored verbatim: verification hashes the stored bytes and never re-encodes, so the
//! encoding does not need to be canonical, only stable once written. The record repeats its own
//! entry number so that swapping two stored records is told apart from editing one.

use jiff::Timestamp;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::event::{Actor, Entry, Event, Kind, Outcome};

/// The only record version this build writes and reads.
const VERSION: u8 = 1;

/// Longest accepted summary, in bytes.
pub(crate) const MAX_SUMMARY: usize = 4 * 1024;
/// Longest accepted encoded record, in bytes.
pub(crate) const MAX_RECORD: usize = 64 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordV1 {
    v: u8,
    seq: u64,
    at: Timestamp,
    kind: Kind,
    action: String,
    actor: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    outcome: Outcome,
    summary: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    details: Map<String, Value>,
}

/// Encodes an event as entry `seq` recorded at `at`.
pub(crate) fn encode(seq: u64, at: Timestamp, event: &Event) -> Result<Vec<u8>> {
    if event.summary.len() > MAX_SUMMARY {
        return Err(Error::EventTooLarge {
            what: "summary",
            len: event.summary.len(),
            max: MAX_SUMMARY,
        });
    }
    let record = RecordV1 {
        v: VERSION,
        seq,
        at,
        kind: event.kind,
        action: event.action.clone(),
        actor: event.actor.clone(),
        subject: event.subject.clone(),
        outcome: event.outcome,
        summary: event.summary.clone(),
        details: event.details.clone(),
    };
    // Serialising these plain types into memory cannot fail; map it anyway rather than panic.
    let bytes = serde_json::to_vec(&record).map_err(|e| Error::Checkpoint(e.to_string()))?;
    if bytes.len() > MAX_RECORD {
        return Err(Error::EventTooLarge {
            what: "record",
            len: bytes.len(),
            max: MAX_RECORD,
        });
    }
    Ok(bytes)
}

/// The fields verification compares with a record's row; the other fields are checked for
/// presence and syntax but not built.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Probe {
    #[allow(dead_code)]
    v: Version,
    pub(crate) seq: u64,
    pub(crate) at: Timestamp,
    pub(crate) kind: Kind,
    #[allow(dead_code)]
    action: IgnoredAny,
    #[allow(dead_code)]
    actor: IgnoredAny,
    #[allow(dead_code)]
    #[serde(default)]
    subject: Option<IgnoredAny>,
    #[allow(dead_code)]
    outcome: IgnoredAny,
    #[allow(dead_code)]
    summary: IgnoredAny,
    #[allow(dead_code)]
    #[serde(default)]
    details: Option<IgnoredAny>,
}

/// The record version, accepted only when it is the one this build reads.
struct Version;

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Version, D::Error> {
        let v = u8::deserialize(deserializer)?;
        if v == VERSION {
            Ok(Version)
        } else {
            Err(serde::de::Error::custom(format!(
                "unknown record version {v}"
            )))
        }
    }
}

/// Reads the fields of a record that verification compares, faster than [`decode`].
pub(crate) fn probe(bytes: &[u8]) -> Result<Probe, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError(e.to_string()))
}

/// The leading fields of a record as this crate writes them:
/// `{"v":1,"seq":N,"at":"…","kind":"…",…`. Serde writes struct fields in declaration order, so
/// every record written here starts this way; verification reads these without parsing the whole
/// record, and falls back to [`probe`] when the prefix is not in this shape.
pub(crate) fn prefix(bytes: &[u8]) -> Option<(u64, &str, &str)> {
    let rest = bytes.strip_prefix(br#"{"v":1,"seq":"#)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let seq = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let rest = rest[digits..].strip_prefix(br#","at":""#)?;
    let end = rest.iter().position(|&b| b == b'"')?;
    let at = std::str::from_utf8(&rest[..end]).ok()?;
    let rest = rest[end..].strip_prefix(br#"","kind":""#)?;
    let end = rest.iter().position(|&b| b == b'"')?;
    let kind = std::str::from_utf8(&rest[..end]).ok()?;
    Some((seq, at, kind))
}

/// Why stored bytes are not a record.
#[derive(Debug)]
pub(crate) struct DecodeError(pub(crate) String);

/// Decodes stored record bytes.
pub(crate) fn decode(bytes: &[u8]) -> Result<Entry, DecodeError> {
    let record: RecordV1 = serde_json::from_slice(bytes).map_err(|e| DecodeError(e.to_string()))?;
    if record.v != VERSION {
        return Err(DecodeError(format!("unknown record version {}", record.v)));
    }
    Ok(Entry {
        seq: record.seq,
        at: record.at,
        event: Event {
            kind: record.kind,
            action: record.action,
            actor: record.actor,
            subject: record.subject,
            outcome: record.outcome,
            summary: record.summary,
            details: record.details,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_field() {
        let event = Event::new(
            Kind::Note,
            "note.added",
            Actor::person("secretariat"),
            "Affiche posée",
        )
        .subject("salle d'attente")
        .outcome(Outcome::Success)
        .detail("pages", 2);
        let at: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let bytes = encode(7, at, &event).unwrap();
        let entry = decode(&bytes).unwrap();
        assert_eq!(entry.seq, 7);
        assert_eq!(entry.at, at);
        assert_eq!(entry.event, event);
    }

    #[test]
    fn the_prefix_is_read_from_what_encode_writes() {
        let event = Event::new(Kind::MailVerdict, "m", Actor::person("a"), "s");
        let at: Timestamp = "2026-11-28T10:00:00.25Z".parse().unwrap();
        let bytes = encode(42, at, &event).unwrap();
        let (seq, at_text, kind) = prefix(&bytes).unwrap();
        assert_eq!((seq, kind), (42, "mail_verdict"));
        assert_eq!(at_text.parse::<Timestamp>().unwrap(), at);
        assert!(prefix(br#"{"seq":1}"#).is_none());
        let probe = probe(&bytes).unwrap();
        assert_eq!(
            (probe.seq, probe.kind, probe.at),
            (42, Kind::MailVerdict, at)
        );
    }

    #[test]
    fn unknown_fields_and_versions_are_rejected() {
        assert!(decode(br#"{"v":2}"#).is_err());
        let event = Event::new(Kind::Note, "n", Actor::person("a"), "s");
        let mut bytes = encode(0, Timestamp::UNIX_EPOCH, &event).unwrap();
        bytes.pop();
        bytes.extend_from_slice(br#","extra":1}"#);
        assert!(decode(&bytes).is_err());
    }

    #[test]
    fn oversized_summary_is_refused() {
        let event = Event::new(
            Kind::Note,
            "n",
            Actor::person("a"),
            "x".repeat(MAX_SUMMARY + 1),
        );
        assert!(matches!(
            encode(0, Timestamp::UNIX_EPOCH, &event),
            Err(Error::EventTooLarge {
                what: "summary",
                ..
            })
        ));
    }
}
