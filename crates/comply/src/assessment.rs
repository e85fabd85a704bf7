//! The security self-assessment: a questionnaire kept as data files (`data/questionnaire/`),
//! answers that Hygie gives itself where it holds the evidence, a score per domain and an
//! action plan ordered by the risk each action removes per unit of effort.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::{Localized, Texts};
use crate::tr;

const DOMAINS: &[&str] = &[
    include_str!("../data/questionnaire/1-access.toml"),
    include_str!("../data/questionnaire/2-workstations.toml"),
    include_str!("../data/questionnaire/3-backups.toml"),
    include_str!("../data/questionnaire/4-mail.toml"),
    include_str!("../data/questionnaire/5-processors.toml"),
    include_str!("../data/questionnaire/6-patients.toml"),
    include_str!("../data/questionnaire/7-incidents.toml"),
    include_str!("../data/questionnaire/8-insurance.toml"),
];

/// A group of questions.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable identifier.
    pub id: String,
    /// Its title in French.
    pub fr: String,
    /// Its title in English.
    pub en: String,
    /// Who usually carries its actions.
    pub owner: Localized,
    /// Its questions.
    pub questions: Vec<Question>,
}

impl Domain {
    /// The title in the language of `texts`.
    pub fn title(&self, texts: &Texts) -> &str {
        match texts.lang() {
            crate::Lang::Fr => &self.fr,
            crate::Lang::En => &self.en,
        }
    }
}

/// One question.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, prefixed by the domain's.
    pub id: String,
    /// The question in French.
    pub fr: String,
    /// The question in English.
    pub en: String,
    /// The guide, law or decision it comes from.
    pub source: String,
    /// How much harm a « no » leaves open, 1 to 5.
    pub risk: u8,
    /// How much work the action takes, 1 (an hour) to 3 (a project).
    pub effort: u8,
    /// The fact Hygie answers it from, if it can.
    #[serde(default)]
    pub evidence: Option<EvidenceKey>,
    /// What to do when the answer is not « yes ».
    pub action: Localized,
}

impl Question {
    /// The question in the language of `texts`.
    pub fn text(&self, texts: &Texts) -> &str {
        match texts.lang() {
            crate::Lang::Fr => &self.fr,
            crate::Lang::En => &self.en,
        }
    }
}

/// The questionnaire compiled in.
pub fn questionnaire() -> Vec<Domain> {
    // The files are part of the source and checked by a test; one that does not parse is a
    // build defect, caught before release, so it is skipped rather than stopping Hygie.
    DOMAINS
        .iter()
        .filter_map(|source| toml::from_str::<Domain>(source).ok())
        .collect()
}

/// A facts Hygie can answer a question from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKey {
    /// A snapshot succeeded recently.
    BackupRecent,
    /// A restore drill passed recently.
    RestoreDrill,
    /// Snapshots go to an append-only repository server, off the PC.
    OffsiteAppendOnly,
    /// The sentinel watches the protected folders.
    SentinelActive,
    /// The mail guard analyses the practice's mailbox.
    MailAnalysis,
    /// Console accounts have a second factor.
    ConsoleMfa,
    /// The journal's checkpoints are held by a witness.
    JournalWitnessed,
    /// The register of processing activities was reviewed.
    RegisterKept,
}

/// An answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Done.
    Yes,
    /// Partly done.
    Partly,
    /// Not done.
    No,
    /// Nobody knows: counts as not done.
    Unknown,
    /// Does not apply to this practice: left out of the score.
    NotApplicable,
}

impl Answer {
    /// How much of the question's risk the answer covers, or `None` when it does not apply.
    fn coverage(self) -> Option<f64> {
        match self {
            Answer::Yes => Some(1.0),
            Answer::Partly => Some(0.5),
            Answer::No | Answer::Unknown => Some(0.0),
            Answer::NotApplicable => None,
        }
    }

    /// Reads `oui`, `non`, `en partie`… (or the English words, or the codes).
    pub fn parse(text: &str) -> Option<Answer> {
        match crate::table::fold(text).as_str() {
            "yes" | "y" | "oui" | "o" => Some(Answer::Yes),
            "partly" | "p" | "en partie" | "partiellement" => Some(Answer::Partly),
            "no" | "n" | "non" => Some(Answer::No),
            "unknown" | "?" | "ne sais pas" | "nsp" | "je ne sais pas" => Some(Answer::Unknown),
            "not_applicable" | "na" | "n/a" | "non concerne" | "sans objet" => {
                Some(Answer::NotApplicable)
            }
            _ => None,
        }
    }

    /// The answer in words.
    pub fn label(self, texts: &Texts) -> String {
        match self {
            Answer::Yes => tr!(texts, "answer-yes"),
            Answer::Partly => tr!(texts, "answer-partly"),
            Answer::No => tr!(texts, "answer-no"),
            Answer::Unknown => tr!(texts, "answer-unknown"),
            Answer::NotApplicable => tr!(texts, "answer-not-applicable"),
        }
    }
}

/// Whether the sentinel watches, and how well.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentinelFact {
    /// Not running.
    NotRunning,
    /// Watching changes only (no writer, no containment).
    Portable,
    /// Watching with the writers known (fanotify): it can stop a program.
    Writers,
}

/// Where the journal's checkpoints stand with the witness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WitnessFact {
    /// No witness configured.
    None,
    /// The witness holds the latest checkpoint.
    UpToDate,
    /// The witness holds an older checkpoint.
    Behind,
    /// The witness could not be read.
    Unreachable,
}

/// What the binary found in the home, for the questions Hygie answers itself.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// When the facts were gathered.
    pub at: Timestamp,
    /// The newest snapshot.
    pub last_backup: Option<Timestamp>,
    /// The last restore drill and whether it passed.
    pub last_drill: Option<(Timestamp, bool)>,
    /// Whether snapshots go to a repository server (append-only) rather than a folder.
    pub repository_server: bool,
    /// The sentinel.
    pub sentinel: SentinelFact,
    /// Whether a mailbox is configured for the mail guard, and whether the guardian runs.
    pub mail_configured: bool,
    /// Whether `hygie up` is running (it is what guards the mailbox).
    pub guardian_running: bool,
    /// Console accounts with a second factor out of all, when the console exists.
    pub console_mfa: Option<(usize, usize)>,
    /// The journal's witness.
    pub witness: WitnessFact,
    /// When the register was last imported (reviewed) by a person.
    pub register_reviewed: Option<Timestamp>,
}

/// An answer with where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct Answered {
    /// The answer.
    pub answer: Answer,
    /// `true` when Hygie answered from evidence.
    pub automatic: bool,
    /// For automatic answers, the fact behind it, in words.
    pub because: Option<String>,
}

impl Evidence {
    /// Hygie's own answer to a question about `key`, with the fact behind it; `None` when
    /// Hygie cannot tell (the person answers).
    pub fn answer(&self, key: EvidenceKey, texts: &Texts) -> Option<(Answer, String)> {
        let days = |then: Timestamp| (self.at.as_second() - then.as_second()) / 86_400;
        let hours = |then: Timestamp| (self.at.as_second() - then.as_second()) / 3_600;
        Some(match key {
            EvidenceKey::BackupRecent => match self.last_backup {
                Some(at) if hours(at) <= 48 => (
                    Answer::Yes,
                    tr!(texts, "evidence-backup", hours = hours(at)),
                ),
                Some(at) if days(at) <= 7 => (
                    Answer::Partly,
                    tr!(texts, "evidence-backup-old", days = days(at)),
                ),
                Some(at) => (
                    Answer::No,
                    tr!(texts, "evidence-backup-old", days = days(at)),
                ),
                None => (Answer::No, tr!(texts, "evidence-backup-none")),
            },
            EvidenceKey::RestoreDrill => match self.last_drill {
                Some((at, true)) if days(at) <= 35 => {
                    (Answer::Yes, tr!(texts, "evidence-drill", days = days(at)))
                }
                Some((at, true)) if days(at) <= 90 => (
                    Answer::Partly,
                    tr!(texts, "evidence-drill", days = days(at)),
                ),
                Some((at, true)) => (Answer::No, tr!(texts, "evidence-drill", days = days(at))),
                Some((at, false)) => (
                    Answer::No,
                    tr!(texts, "evidence-drill-failed", days = days(at)),
                ),
                None => (Answer::No, tr!(texts, "evidence-drill-none")),
            },
            EvidenceKey::OffsiteAppendOnly => {
                if self.repository_server {
                    (Answer::Yes, tr!(texts, "evidence-offsite"))
                } else {
                    (Answer::No, tr!(texts, "evidence-offsite-local"))
                }
            }
            EvidenceKey::SentinelActive => match self.sentinel {
                SentinelFact::Writers => (Answer::Yes, tr!(texts, "evidence-sentinel")),
                SentinelFact::Portable => {
                    (Answer::Partly, tr!(texts, "evidence-sentinel-portable"))
                }
                SentinelFact::NotRunning => (Answer::No, tr!(texts, "evidence-sentinel-off")),
            },
            EvidenceKey::MailAnalysis => match (self.mail_configured, self.guardian_running) {
                (true, true) => (Answer::Yes, tr!(texts, "evidence-mail")),
                (true, false) => (Answer::Partly, tr!(texts, "evidence-mail-stopped")),
                (false, _) => (Answer::No, tr!(texts, "evidence-mail-off")),
            },
            EvidenceKey::ConsoleMfa => {
                let (with, all) = self.console_mfa?;
                let answer = if with == all && all > 0 {
                    Answer::Yes
                } else if with > 0 {
                    Answer::Partly
                } else {
                    Answer::No
                };
                (
                    answer,
                    tr!(texts, "evidence-console-mfa", with = with, all = all),
                )
            }
            EvidenceKey::JournalWitnessed => match self.witness {
                WitnessFact::UpToDate => (Answer::Yes, tr!(texts, "evidence-witness")),
                WitnessFact::Behind => (Answer::Partly, tr!(texts, "evidence-witness-behind")),
                WitnessFact::Unreachable => {
                    (Answer::No, tr!(texts, "evidence-witness-unreachable"))
                }
                WitnessFact::None => (Answer::No, tr!(texts, "evidence-witness-none")),
            },
            EvidenceKey::RegisterKept => match self.register_reviewed {
                Some(at) if days(at) <= 365 => (
                    Answer::Yes,
                    tr!(texts, "evidence-register", days = days(at)),
                ),
                Some(at) => (
                    Answer::Partly,
                    tr!(texts, "evidence-register", days = days(at)),
                ),
                None => (Answer::No, tr!(texts, "evidence-register-none")),
            },
        })
    }
}

/// The person's answers, by question id, as stored and as written in an answers file.
pub type Answers = BTreeMap<String, Answer>;

/// One line of the action plan, as the practice edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEdit {
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// `todo`, `doing` or `done`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where an action stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    #[default]
    Todo,
    /// Under way.
    Doing,
    /// Finished.
    Done,
}

/// The result of an assessment.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// The day it was made.
    pub day: Date,
    /// The score of each domain.
    pub domains: Vec<DomainScore>,
    /// The overall score, 0 to 100, weighted by risk.
    pub score: u8,
    /// Questions nobody answered yet (neither Hygie nor a person).
    pub unanswered: Vec<String>,
    /// The actions, most useful first.
    pub plan: Vec<Action>,
}

/// A domain's score and its answers.
#[derive(Clone, Debug, Serialize)]
pub struct DomainScore {
    /// The domain's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// 0 to 100, weighted by each question's risk; `None` when nothing applies.
    pub score: Option<u8>,
    /// The score once the actions done, under way or due within three months are done.
    pub score_after_plan: Option<u8>,
    /// How much harm the domain can do, 1 to 5 (its riskiest question).
    pub severity: u8,
    /// The answered questions.
    pub questions: Vec<QuestionResult>,
}

/// One question and its answer.
#[derive(Clone, Debug, Serialize)]
pub struct QuestionResult {
    /// The question's id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Its source.
    pub source: String,
    /// The answer, if any.
    pub answer: Option<Answered>,
}

/// One action of the plan.
#[derive(Clone, Debug, Serialize)]
pub struct Action {
    /// The question it answers.
    pub question: String,
    /// The domain.
    pub domain: String,
    /// What to do.
    pub action: String,
    /// Risk removed per unit of effort: the plan's order.
    pub priority: f64,
    /// Who.
    pub owner: String,
    /// By when.
    pub due: Date,
    /// Where it stands.
    pub status: ActionStatus,
    /// The practice's note.
    pub note: Option<String>,
}

/// Scores the questionnaire with Hygie's evidence first, then the person's answers.
pub fn assess(
    domains: &[Domain],
    evidence: &Evidence,
    answers: &Answers,
    edits: &BTreeMap<String, PlanEdit>,
    day: Date,
    texts: &Texts,
) -> Assessment {
    let mut scores = Vec::new();
    let mut plan = Vec::new();
    let mut unanswered = Vec::new();
    let (mut total, mut covered) = (0.0, 0.0);
    for domain in domains {
        let (mut weight, mut got, mut after) = (0.0, 0.0, 0.0);
        let mut questions = Vec::new();
        for question in &domain.questions {
            let automatic = question
                .evidence
                .and_then(|key| evidence.answer(key, texts))
                .map(|(answer, because)| Answered {
                    answer,
                    automatic: true,
                    because: Some(because),
                });
            let answered = automatic.or_else(|| {
                answers.get(&question.id).map(|answer| Answered {
                    answer: *answer,
                    automatic: false,
                    because: None,
                })
            });
            let answer = answered.as_ref().map_or(Answer::Unknown, |a| a.answer);
            if answered.is_none() {
                unanswered.push(question.id.clone());
            }
            if let Some(coverage) = answer.coverage() {
                let risk = f64::from(question.risk);
                weight += risk;
                got += risk * coverage;
                after += risk * coverage;
                if coverage < 1.0 {
                    let edit = edits.get(&question.id).cloned().unwrap_or_default();
                    let priority = risk * (1.0 - coverage) / f64::from(question.effort.max(1));
                    // The most useful actions are due first: a month, a quarter, half a year.
                    let months = if priority >= 2.5 {
                        1
                    } else if priority >= 1.0 {
                        3
                    } else {
                        6
                    };
                    let due = edit.due.unwrap_or_else(|| {
                        day.checked_add(jiff::Span::new().months(months))
                            .unwrap_or(day)
                    });
                    let status = edit.status.unwrap_or_default();
                    // « After the plan » counts what is done, under way, or due within
                    // three months: the near plan, not every wish.
                    let horizon = day.checked_add(jiff::Span::new().months(3)).unwrap_or(day);
                    if status != ActionStatus::Todo || due <= horizon {
                        after += risk * (1.0 - coverage);
                    }
                    plan.push(Action {
                        question: question.id.clone(),
                        domain: domain.title(texts).to_owned(),
                        action: question.action.get(texts.lang()).to_owned(),
                        priority,
                        owner: edit
                            .owner
                            .unwrap_or_else(|| domain.owner.get(texts.lang()).to_owned()),
                        due,
                        status,
                        note: edit.note,
                    });
                }
            }
            questions.push(QuestionResult {
                id: question.id.clone(),
                text: question.text(texts).to_owned(),
                source: question.source.clone(),
                answer: answered,
            });
        }
        total += weight;
        covered += got;
        scores.push(DomainScore {
            id: domain.id.clone(),
            title: domain.title(texts).to_owned(),
            score: percent(got, weight),
            score_after_plan: percent(after, weight),
            severity: domain.questions.iter().map(|q| q.risk).max().unwrap_or(1),
            questions,
        });
    }
    plan.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.question.cmp(&b.question))
    });
    Assessment {
        day,
        domains: scores,
        score: percent(covered, total).unwrap_or(0),
        unanswered,
        plan,
    }
}

fn percent(part: f64, whole: f64) -> Option<u8> {
    // Both are sums of small integers: the ratio is in [0, 1] and rounds to 0..=100.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (whole > 0.0).then(|| (100.0 * part / whole).round().clamp(0.0, 100.0) as u8)
}

/// How likely harm is in a domain, 1 to 4, from its score: the risk map's vertical axis.
pub fn likelihood(score: Option<u8>) -> u8 {
    match score {
        Some(s) if s >= 85 => 1,
        Some(s) if s >= 60 => 2,
        Some(s) if s >= 35 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn the_questionnaire_files_parse_with_unique_ids_and_sources() {
        let domains = questionnaire();
        assert_eq!(
            domains.len(),
            DOMAINS.len(),
            "a questionnaire file does not parse"
        );
        let mut ids = std::collections::BTreeSet::new();
        for domain in &domains {
            for question in &domain.questions {
                assert!(ids.insert(question.id.clone()), "{} twice", question.id);
                assert!(question.id.starts_with(&domain.id), "{}", question.id);
                assert!(!question.source.is_empty() && !question.en.is_empty());
                assert!((1..=5).contains(&question.risk) && (1..=3).contains(&question.effort));
            }
        }
        let keys: std::collections::BTreeSet<_> = domains
            .iter()
            .flat_map(|d| &d.questions)
            .filter_map(|q| q.evidence)
            .collect();
        assert_eq!(keys.len(), 8, "every evidence key answers a question");
    }

    fn evidence() -> Evidence {
        Evidence {
            at: "2026-11-28T12:00:00Z".parse().unwrap(),
            last_backup: None,
            last_drill: None,
            repository_server: false,
            sentinel: SentinelFact::NotRunning,
            mail_configured: false,
            guardian_running: false,
            console_mfa: None,
            witness: WitnessFact::None,
            register_reviewed: None,
        }
    }

    #[test]
    fn evidence_answers_first_and_the_plan_puts_cheap_big_risks_first() {
        let texts = Texts::new(Lang::Fr);
        let mut facts = evidence();
        facts.last_backup = Some("2026-11-28T02:00:00Z".parse().unwrap());
        facts.sentinel = SentinelFact::Writers;
        let mut answers = Answers::new();
        answers.insert("backups-recent".into(), Answer::No);
        answers.insert("access-console-mfa".into(), Answer::Yes);
        let day = Date::constant(2026, 11, 28);
        let result = assess(
            &questionnaire(),
            &facts,
            &answers,
            &BTreeMap::new(),
            day,
            &texts,
        );
        let backups = result.domains.iter().find(|d| d.id == "backups").unwrap();
        let recent = backups
            .questions
            .iter()
            .find(|q| q.id == "backups-recent")
            .unwrap();
        let recent = recent.answer.as_ref().unwrap();
        assert!(
            recent.automatic && recent.answer == Answer::Yes,
            "evidence wins over a person's answer"
        );
        let mfa = result.domains[0]
            .questions
            .iter()
            .find(|q| q.id == "access-console-mfa")
            .unwrap();
        assert!(
            !mfa.answer.as_ref().unwrap().automatic,
            "no console yet: the person's answer counts"
        );
        assert!(
            result
                .plan
                .windows(2)
                .all(|w| w[0].priority >= w[1].priority)
        );
        assert_eq!(result.plan[0].priority, 5.0);
        assert!(result.plan.iter().all(|a| a.question != "backups-recent"));
    }

    #[test]
    fn after_the_plan_counts_only_the_near_actions() {
        let texts = Texts::new(Lang::Fr);
        let day = Date::constant(2026, 11, 28);
        let domains = questionnaire();
        let near = assess(
            &domains,
            &evidence(),
            &Answers::new(),
            &BTreeMap::new(),
            day,
            &texts,
        );
        let access = |a: &Assessment| {
            a.domains
                .iter()
                .find(|d| d.id == "access")
                .unwrap()
                .score_after_plan
        };
        assert_eq!(
            access(&near),
            Some(100),
            "every default due date is within three months"
        );
        let mut edits = BTreeMap::new();
        edits.insert(
            "access-second-factor".to_owned(),
            PlanEdit {
                due: Some(Date::constant(2027, 9, 1)),
                ..PlanEdit::default()
            },
        );
        let far = assess(&domains, &evidence(), &Answers::new(), &edits, day, &texts);
        assert!(
            access(&far) < Some(100),
            "an action pushed to next year is not in the near plan"
        );
    }
}
