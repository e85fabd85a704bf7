//! The dashboard's three lights — backups, attacks, compliance — each with the one next action,
//! computed from facts so that the page and the API say the same thing.

use jiff::Timestamp;
use serde::Serialize;

use crate::facts::StatusFacts;

/// How a light shines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Protected.
    Green,
    /// To watch.
    Amber,
    /// To handle now.
    Red,
}

/// A message id and its arguments, rendered in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Said {
    /// The message.
    pub id: &'static str,
    /// Named numbers or texts.
    pub args: Vec<(&'static str, SaidArg)>,
}

/// An argument of a [`Said`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SaidArg {
    /// A number.
    Number(i64),
    /// A text.
    Text(String),
}

fn said(id: &'static str) -> Said {
    Said {
        id,
        args: Vec::new(),
    }
}

fn said_with(id: &'static str, args: Vec<(&'static str, SaidArg)>) -> Said {
    Said { id, args }
}

/// One light.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Light {
    /// `backups`, `attacks` or `compliance`.
    pub name: &'static str,
    /// Its colour.
    pub level: Level,
    /// What it means.
    pub text: Said,
    /// The one thing to do next.
    pub next: Said,
}

/// The three lights at `now`, with `open_alerts` alerts neither acknowledged nor repaired.
pub fn lights(facts: &StatusFacts, open_alerts: usize, now: Timestamp) -> [Light; 3] {
    let hours = |at: Timestamp| (now.as_second() - at.as_second()).max(0) / 3600;
    let backups = match (facts.last_backup, facts.last_drill) {
        _ if facts.vault_frozen => Light {
            name: "backups",
            level: Level::Red,
            text: said("backups-frozen"),
            next: said("next-backups-frozen"),
        },
        (None, _) => Light {
            name: "backups",
            level: Level::Red,
            text: said("backups-none"),
            next: said("next-backups-none"),
        },
        (Some(at), _) if hours(at) > 48 => Light {
            name: "backups",
            level: if hours(at) > 7 * 24 {
                Level::Red
            } else {
                Level::Amber
            },
            text: said_with("backups-old", vec![("hours", SaidArg::Number(hours(at)))]),
            next: said("next-backups-old"),
        },
        (Some(at), Some((drill, true))) if hours(drill) <= 35 * 24 => Light {
            name: "backups",
            level: Level::Green,
            text: said_with(
                "backups-ok",
                vec![
                    ("hours", SaidArg::Number(hours(at))),
                    ("days", SaidArg::Number(hours(drill) / 24)),
                ],
            ),
            next: said("next-none"),
        },
        (Some(_), _) => Light {
            name: "backups",
            level: Level::Amber,
            text: said("backups-no-drill"),
            next: said("next-backups-drill"),
        },
    };
    let attacks = if open_alerts > 0 {
        Light {
            name: "attacks",
            level: Level::Red,
            text: said_with(
                "attacks-open",
                vec![(
                    "count",
                    SaidArg::Number(i64::try_from(open_alerts).unwrap_or(i64::MAX)),
                )],
            ),
            next: said("next-attacks-open"),
        }
    } else if !facts.sentinel_watching {
        Light {
            name: "attacks",
            level: Level::Amber,
            text: said("attacks-unwatched"),
            next: said("next-attacks-unwatched"),
        }
    } else {
        Light {
            name: "attacks",
            level: Level::Green,
            text: said_with(
                "attacks-quiet",
                vec![(
                    "mail",
                    SaidArg::Text(if facts.mail_guarded { "yes" } else { "no" }.into()),
                )],
            ),
            next: said("next-none"),
        }
    };
    let deadlines = facts.requests_due + facts.breach_clocks;
    let compliance = match facts.compliance_score {
        _ if deadlines > 0 => Light {
            name: "compliance",
            level: Level::Red,
            text: said_with(
                "compliance-deadlines",
                vec![(
                    "count",
                    SaidArg::Number(i64::try_from(deadlines).unwrap_or(i64::MAX)),
                )],
            ),
            next: said("next-compliance-deadlines"),
        },
        None => Light {
            name: "compliance",
            level: Level::Amber,
            text: said("compliance-none"),
            next: said("next-compliance-none"),
        },
        Some(score) => Light {
            name: "compliance",
            level: if score >= 80 {
                Level::Green
            } else {
                Level::Amber
            },
            text: said_with(
                "compliance-score",
                vec![("score", SaidArg::Number(i64::from(score)))],
            ),
            next: if score >= 80 {
                said("next-none")
            } else {
                said("next-compliance-score")
            },
        },
    };
    [backups, attacks, compliance]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_protected_practice_is_green_and_each_gap_names_its_next_action() {
        let now = at("2026-11-28T12:00:00Z");
        let mut facts = StatusFacts {
            last_backup: Some(at("2026-11-28T02:00:00Z")),
            last_drill: Some((at("2026-11-10T02:00:00Z"), true)),
            sentinel_watching: true,
            compliance_score: Some(85),
            ..StatusFacts::default()
        };
        let levels = |f: &StatusFacts, alerts| lights(f, alerts, now).map(|l| l.level);
        assert_eq!(levels(&facts, 0), [Level::Green; 3]);
        let [_, attacks, _] = lights(&facts, 2, now);
        assert_eq!(
            (attacks.level, attacks.next.id),
            (Level::Red, "next-attacks-open")
        );
        facts.last_drill = None;
        assert_eq!(lights(&facts, 0, now)[0].next.id, "next-backups-drill");
        facts.last_backup = None;
        assert_eq!(lights(&facts, 0, now)[0].level, Level::Red);
        facts.requests_due = 1;
        assert_eq!(
            lights(&facts, 0, now)[2].next.id,
            "next-compliance-deadlines"
        );
    }
}
