//! The documents a practice prints, files or sends, built from facts: the self-assessment
//! report, the register, the CNIL notification draft, the letter to patients, the breach log,
//! the access review, the requests register and the continuity kit.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::access_review::Review;
use crate::assessment::{Assessment, likelihood};
use crate::breach::{Breach, Clock, Origin};
use crate::register::Register;
use crate::report::{Block, Document};
use crate::requests::{AccessRequest, RequestState};
use crate::text::Texts;
use crate::tr;

/// Who the practice is and whom it calls: the `[comply]` section of the configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Contacts {
    /// The practice's postal address.
    pub address: String,
    /// The person in charge of data protection and security (« référent »).
    pub contact_name: String,
    /// Their phone.
    pub contact_phone: String,
    /// Their e-mail.
    pub contact_email: String,
    /// The data protection officer, if any.
    pub dpo: String,
    /// The IT provider.
    pub it_provider: String,
    /// The IT provider's phone.
    pub it_provider_phone: String,
    /// The cyber insurer.
    pub insurer: String,
    /// The insurer's claims phone.
    pub insurer_phone: String,
    /// The policy number.
    pub insurer_policy: String,
    /// The regional health agency's phone (establishments must report serious incidents).
    pub ars_phone: String,
}

impl Contacts {
    /// The contact point for the CNIL and patients, in one line.
    pub fn contact_point(&self) -> String {
        [&self.contact_name, &self.contact_phone, &self.contact_email]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn or_missing(value: &str, texts: &Texts) -> String {
    if value.trim().is_empty() {
        tr!(texts, "doc-to-complete")
    } else {
        value.to_owned()
    }
}

/// The self-assessment report: scores, charts, risk map, plan, and every answer with its source.
pub fn assessment(practice: &str, result: &Assessment, texts: &Texts) -> Document {
    let mut blocks = vec![
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "assess-overall"),
                    format!("{} / 100", result.score),
                ),
                (
                    tr!(texts, "assess-unanswered"),
                    result.unanswered.len().to_string(),
                ),
                (tr!(texts, "assess-actions"), result.plan.len().to_string()),
            ],
        },
        Block::Bars {
            caption: tr!(texts, "assess-chart-domains"),
            legend: (
                tr!(texts, "assess-legend-now"),
                tr!(texts, "assess-legend-after"),
            ),
            bars: result
                .domains
                .iter()
                .map(|d| (d.title.clone(), d.score.unwrap_or(0), d.score_after_plan))
                .collect(),
        },
        Block::RiskMap {
            caption: tr!(texts, "assess-chart-risk"),
            axes: (
                tr!(texts, "assess-axis-severity"),
                tr!(texts, "assess-axis-likelihood"),
            ),
            legend: (
                tr!(texts, "assess-legend-now"),
                tr!(texts, "assess-legend-after"),
            ),
            items: result
                .domains
                .iter()
                .map(|d| {
                    (
                        d.title.clone(),
                        d.severity,
                        likelihood(d.score),
                        likelihood(d.score_after_plan),
                    )
                })
                .collect(),
        },
        Block::Heading {
            text: tr!(texts, "assess-plan"),
        },
    ];
    if result.plan.is_empty() {
        blocks.push(Block::Paragraph {
            text: tr!(texts, "assess-plan-empty"),
        });
    } else {
        blocks.push(Block::Table {
            header: vec![
                "#".into(),
                tr!(texts, "assess-col-action"),
                tr!(texts, "assess-col-owner"),
                tr!(texts, "assess-col-due"),
                tr!(texts, "assess-col-status"),
            ],
            rows: result
                .plan
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    vec![
                        (i + 1).to_string(),
                        format!("{} ({})", a.action, a.domain),
                        a.owner.clone(),
                        a.due.to_string(),
                        match a.status {
                            crate::assessment::ActionStatus::Todo => tr!(texts, "status-todo"),
                            crate::assessment::ActionStatus::Doing => tr!(texts, "status-doing"),
                            crate::assessment::ActionStatus::Done => tr!(texts, "status-done"),
                        },
                    ]
                })
                .collect(),
        });
    }
    for domain in &result.domains {
        let score = domain
            .score
            .map_or_else(|| "—".to_owned(), |s| format!("{s} / 100"));
        blocks.push(Block::Heading {
            text: format!("{} — {score}", domain.title),
        });
        blocks.push(Block::Table {
            header: vec![
                tr!(texts, "assess-col-question"),
                tr!(texts, "assess-col-answer"),
                tr!(texts, "assess-col-source"),
            ],
            rows: domain
                .questions
                .iter()
                .map(|q| {
                    let answer = match &q.answer {
                        Some(a) if a.automatic => tr!(
                            texts,
                            "assess-answer-automatic",
                            answer = a.answer.label(texts),
                            because = a.because.clone().unwrap_or_default()
                        ),
                        Some(a) => a.answer.label(texts),
                        None => tr!(texts, "assess-answer-none"),
                    };
                    vec![q.text.clone(), answer, q.source.clone()]
                })
                .collect(),
        });
    }
    Document {
        lang: texts.lang(),
        title: tr!(texts, "assess-title"),
        subtitle: format!("{practice} — {}", result.day),
        blocks,
    }
}

/// The register of processing activities.
pub fn register(register: &Register, texts: &Texts) -> Document {
    let lang = texts.lang();
    let mut blocks = vec![Block::Facts {
        rows: vec![
            (
                tr!(texts, "register-controller"),
                or_missing(&register.controller, texts),
            ),
            (tr!(texts, "register-dpo"), or_missing(&register.dpo, texts)),
        ],
    }];
    for activity in &register.activities {
        blocks.push(Block::Heading {
            text: activity.name.get(lang).to_owned(),
        });
        blocks.push(Block::Facts {
            rows: vec![
                (
                    tr!(texts, "register-purposes"),
                    activity.purposes.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-legal-basis"),
                    activity.legal_basis.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-persons"),
                    activity.persons.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-data"),
                    activity.data.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-recipients"),
                    activity.recipients.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-transfers"),
                    activity.transfers.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-retention"),
                    activity.retention.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-security"),
                    activity.security.get(lang).to_owned(),
                ),
                (
                    tr!(texts, "register-processors"),
                    or_missing(&activity.processors, texts),
                ),
            ],
        });
    }
    Document {
        lang,
        title: tr!(texts, "register-title"),
        subtitle: register.controller.clone(),
        blocks,
    }
}

fn clock_text(clock: &Clock, texts: &Texts) -> String {
    match clock {
        Clock::Done { at, late: false } => tr!(texts, "clock-done", at = texts.minute(*at)),
        Clock::Done { at, late: true } => tr!(texts, "clock-done-late", at = texts.minute(*at)),
        Clock::Running {
            deadline,
            hours_left,
        } => {
            tr!(
                texts,
                "clock-running",
                deadline = texts.minute(*deadline),
                hours = *hours_left
            )
        }
        Clock::Overdue {
            deadline,
            hours_late,
        } => {
            tr!(
                texts,
                "clock-overdue",
                deadline = texts.minute(*deadline),
                hours = *hours_late
            )
        }
        Clock::NotRequired => tr!(texts, "clock-not-required"),
    }
}

fn complaint_text(breach: &Breach, now: Timestamp, texts: &Texts) -> String {
    match breach.complaint_clock(now) {
        Clock::NotRequired => tr!(texts, "clock-complaint-not-required"),
        clock => clock_text(&clock, texts),
    }
}

/// The two clocks of a breach, as label and text.
pub fn clocks(breach: &Breach, now: Timestamp, texts: &Texts) -> Vec<(String, String)> {
    vec![
        (
            tr!(texts, "clock-cnil"),
            clock_text(&breach.cnil_clock(now, texts), texts),
        ),
        (
            tr!(texts, "clock-complaint"),
            complaint_text(breach, now, texts),
        ),
    ]
}

fn categories(list: &[String], prefix: &str, texts: &Texts) -> String {
    if list.is_empty() {
        return tr!(texts, "doc-to-complete");
    }
    list.iter()
        .map(|code| {
            let id = format!("{prefix}-{code}");
            if texts.has(&id) {
                texts.get(&id, &[])
            } else {
                code.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn nature(breach: &Breach, texts: &Texts) -> String {
    let mut parts = Vec::new();
    if breach.confidentiality {
        parts.push(tr!(texts, "nature-confidentiality"));
    }
    if breach.integrity {
        parts.push(tr!(texts, "nature-integrity"));
    }
    if breach.availability {
        parts.push(tr!(texts, "nature-availability"));
    }
    if parts.is_empty() {
        tr!(texts, "doc-to-complete")
    } else {
        parts.join(", ")
    }
}

fn approx(value: Option<u64>, texts: &Texts) -> String {
    value.map_or_else(|| tr!(texts, "doc-estimate-pending"), |n| n.to_string())
}

/// The draft of the CNIL notification: every field of the online form, filled from the facts,
/// the ones still unknown marked for the follow-up notification.
pub fn cnil_notification(
    breach: &Breach,
    practice: &str,
    contacts: &Contacts,
    now: Timestamp,
    texts: &Texts,
) -> Document {
    let risk = breach.risk(texts);
    let missing = breach.missing_for_notification();
    let origin = match &breach.origin {
        Origin::Alert {
            alert,
            source,
            summary,
        } => {
            tr!(
                texts,
                "breach-origin-alert",
                alert = *alert,
                source = source,
                summary = summary
            )
        }
        Origin::Manual => tr!(texts, "breach-origin-manual"),
    };
    let mut blocks = Vec::new();
    if !missing.is_empty() {
        let fields: Vec<String> = missing.iter().map(|id| texts.get(id, &[])).collect();
        blocks.push(Block::Warning {
            text: tr!(texts, "cnil-in-stages", fields = fields.join(", ")),
        });
    }
    let late = breach.cnil_notified.unwrap_or(now) > breach.deadline();
    blocks.extend([
        Block::Heading {
            text: tr!(texts, "cnil-section-controller"),
        },
        Block::Facts {
            rows: vec![
                (tr!(texts, "cnil-controller"), practice.to_owned()),
                (
                    tr!(texts, "cnil-address"),
                    or_missing(&contacts.address, texts),
                ),
                (
                    tr!(texts, "field-contact"),
                    or_missing(&breach.contact, texts),
                ),
                (
                    tr!(texts, "cnil-dpo"),
                    if contacts.dpo.trim().is_empty() {
                        tr!(texts, "cnil-no-dpo")
                    } else {
                        contacts.dpo.clone()
                    },
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-notification"),
        },
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "cnil-kind"),
                    if missing.is_empty() {
                        tr!(texts, "cnil-kind-complete")
                    } else {
                        tr!(texts, "cnil-kind-initial")
                    },
                ),
                (
                    tr!(texts, "cnil-began"),
                    breach
                        .began
                        .map_or_else(|| tr!(texts, "doc-unknown"), |at| texts.minute(at)),
                ),
                (
                    tr!(texts, "cnil-discovered"),
                    texts.minute(breach.discovered),
                ),
                (
                    tr!(texts, "cnil-ended"),
                    breach
                        .ended
                        .map_or_else(|| tr!(texts, "cnil-ongoing"), |at| texts.minute(at)),
                ),
                (tr!(texts, "cnil-deadline"), texts.minute(breach.deadline())),
                (
                    tr!(texts, "cnil-late-reason"),
                    if late {
                        or_missing(&breach.late_reason, texts)
                    } else {
                        tr!(texts, "cnil-not-late")
                    },
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-breach"),
        },
        Block::Facts {
            rows: vec![
                (tr!(texts, "field-nature"), nature(breach, texts)),
                (tr!(texts, "cnil-origin"), origin),
                (
                    tr!(texts, "field-description"),
                    or_missing(&breach.description, texts),
                ),
                (
                    tr!(texts, "cnil-exfiltration"),
                    if breach.exfiltration_suspected {
                        tr!(texts, "answer-yes")
                    } else {
                        tr!(texts, "answer-no")
                    },
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-data"),
        },
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "field-person-categories"),
                    categories(&breach.person_categories, "persons", texts),
                ),
                (
                    tr!(texts, "field-persons-approx"),
                    approx(breach.persons_approx, texts),
                ),
                (
                    tr!(texts, "field-data-categories"),
                    categories(&breach.data_categories, "data", texts),
                ),
                (
                    tr!(texts, "field-records-approx"),
                    approx(breach.records_approx, texts),
                ),
                (
                    tr!(texts, "cnil-encrypted"),
                    if breach.encrypted {
                        tr!(texts, "answer-yes")
                    } else {
                        tr!(texts, "answer-no")
                    },
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-consequences"),
        },
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "field-consequences"),
                    or_missing(&breach.consequences, texts),
                ),
                (
                    tr!(texts, "cnil-risk-level"),
                    tr!(
                        texts,
                        "risk-level",
                        level = format!("{:?}", risk.level).to_lowercase()
                    ),
                ),
            ],
        },
        Block::List {
            items: risk.reasons.clone(),
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-measures"),
        },
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "field-measures-taken"),
                    or_missing(&breach.measures_taken, texts),
                ),
                (
                    tr!(texts, "cnil-measures-planned"),
                    or_missing(&breach.measures_planned, texts),
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-persons"),
        },
        Block::Facts {
            rows: vec![
                (
                    tr!(texts, "cnil-persons-told"),
                    match (breach.patients_informed, risk.tell_persons) {
                        (Some(at), _) => tr!(texts, "cnil-persons-told-at", at = texts.minute(at)),
                        (None, true) => tr!(texts, "cnil-persons-to-tell"),
                        (None, false) => tr!(texts, "cnil-persons-not-needed"),
                    },
                ),
                (
                    tr!(texts, "cnil-cross-border"),
                    tr!(texts, "cnil-cross-border-none"),
                ),
            ],
        },
        Block::Heading {
            text: tr!(texts, "cnil-section-clocks"),
        },
        Block::Facts {
            rows: clocks(breach, now, texts),
        },
        Block::Paragraph {
            text: tr!(texts, "cnil-how-to-send"),
        },
    ]);
    Document {
        lang: texts.lang(),
        title: tr!(texts, "cnil-title", id = breach.id),
        subtitle: format!("{practice} — {}", breach.title),
        blocks,
    }
}

/// The letter to patients (art. 34): plain words, what happened, what it means, what the
/// practice did, what they can do, whom to call.
pub fn patient_letter(
    breach: &Breach,
    practice: &str,
    contacts: &Contacts,
    texts: &Texts,
) -> Document {
    let contact = if breach.contact.trim().is_empty() {
        contacts.contact_point()
    } else {
        breach.contact.clone()
    };
    let blocks = vec![
        Block::Paragraph {
            text: tr!(texts, "letter-opening"),
        },
        Block::Paragraph {
            text: tr!(
                texts,
                "letter-what",
                day = texts.day(breach.discovered),
                description = or_missing(&breach.description, texts)
            ),
        },
        Block::Paragraph {
            text: tr!(
                texts,
                "letter-data",
                data = categories(&breach.data_categories, "data", texts)
            ),
        },
        Block::Paragraph {
            text: tr!(
                texts,
                "letter-consequences",
                consequences = or_missing(&breach.consequences, texts)
            ),
        },
        Block::Paragraph {
            text: tr!(
                texts,
                "letter-measures",
                measures = or_missing(&breach.measures_taken, texts)
            ),
        },
        Block::List {
            items: vec![
                tr!(texts, "letter-advice-phishing"),
                tr!(texts, "letter-advice-passwords"),
                tr!(texts, "letter-advice-statements"),
            ],
        },
        Block::Paragraph {
            text: tr!(
                texts,
                "letter-contact",
                contact = or_missing(&contact, texts)
            ),
        },
        Block::Paragraph {
            text: tr!(texts, "letter-cnil"),
        },
        Block::Paragraph {
            text: tr!(texts, "letter-closing", practice = practice),
        },
    ];
    Document {
        lang: texts.lang(),
        title: tr!(texts, "letter-title"),
        subtitle: practice.to_owned(),
        blocks,
    }
}

/// The internal breach log (art. 33(5)): every breach, notified or not.
pub fn breach_log(breaches: &[Breach], practice: &str, now: Timestamp, texts: &Texts) -> Document {
    let rows = breaches
        .iter()
        .map(|b| {
            let risk = b.risk(texts);
            vec![
                b.id.to_string(),
                texts.day(b.discovered),
                b.title.clone(),
                tr!(
                    texts,
                    "risk-level",
                    level = format!("{:?}", risk.level).to_lowercase()
                ),
                clock_text(&b.cnil_clock(now, texts), texts),
                complaint_text(b, now, texts),
                b.closed
                    .map_or_else(|| tr!(texts, "breach-open"), |at| texts.day(at)),
            ]
        })
        .collect();
    Document {
        lang: texts.lang(),
        title: tr!(texts, "log-title"),
        subtitle: practice.to_owned(),
        blocks: vec![
            Block::Paragraph {
                text: tr!(texts, "log-intro"),
            },
            Block::Table {
                header: vec![
                    "#".into(),
                    tr!(texts, "log-col-discovered"),
                    tr!(texts, "log-col-title"),
                    tr!(texts, "log-col-risk"),
                    tr!(texts, "clock-cnil"),
                    tr!(texts, "clock-complaint"),
                    tr!(texts, "log-col-closed"),
                ],
                rows,
            },
        ],
    }
}

/// The access review as a document.
pub fn access_review(review: &Review, practice: &str, texts: &Texts) -> Document {
    let mut blocks = vec![Block::Facts {
        rows: vec![
            (
                tr!(texts, "review-accounts"),
                format!(
                    "{} ({} {})",
                    review.accounts,
                    review.enabled_accounts,
                    tr!(texts, "review-enabled")
                ),
            ),
            (
                tr!(texts, "review-clinical-accounts"),
                review.clinical_accounts.to_string(),
            ),
            (
                tr!(texts, "review-staff"),
                format!(
                    "{} ({} {})",
                    review.current_staff,
                    review.clinical_staff,
                    tr!(texts, "review-clinical")
                ),
            ),
        ],
    }];
    if review.findings.is_empty() {
        blocks.push(Block::Paragraph {
            text: tr!(texts, "review-clean"),
        });
    }
    if !review.unchecked.is_empty() {
        let kinds: Vec<&str> = review.unchecked.iter().map(|k| k.code()).collect();
        blocks.push(Block::Warning {
            text: tr!(texts, "review-unchecked", kinds = kinds.join(", ")),
        });
    }
    for finding in &review.findings {
        blocks.push(Block::Heading {
            text: format!("{} ({})", tr!(texts, "review-finding"), finding.kind.code()),
        });
        blocks.push(Block::Paragraph {
            text: finding.explanation.clone(),
        });
        blocks.push(Block::Table {
            header: vec![
                tr!(texts, "review-col-login"),
                tr!(texts, "review-col-name"),
                tr!(texts, "review-col-profile"),
                tr!(texts, "review-col-detail"),
            ],
            rows: finding
                .accounts
                .iter()
                .map(|a| {
                    vec![
                        a.login.clone(),
                        a.name.clone(),
                        a.profile.clone(),
                        a.detail.clone(),
                    ]
                })
                .collect(),
        });
    }
    Document {
        lang: texts.lang(),
        title: tr!(texts, "review-title"),
        subtitle: format!("{practice} — {}", review.today),
        blocks,
    }
}

/// A request's state in words.
pub fn request_state(request: &AccessRequest, now: Timestamp, texts: &Texts) -> String {
    match request.state(now) {
        RequestState::TooEarly => tr!(
            texts,
            "request-too-early",
            at = texts.minute(request.earliest())
        ),
        RequestState::Open => tr!(
            texts,
            "request-open",
            deadline = texts.day(request.deadline())
        ),
        RequestState::DueSoon => tr!(
            texts,
            "request-due-soon",
            deadline = texts.minute(request.deadline())
        ),
        RequestState::Overdue => tr!(
            texts,
            "request-overdue",
            deadline = texts.day(request.deadline())
        ),
        RequestState::Answered => tr!(texts, "request-answered"),
        RequestState::AnsweredLate => tr!(texts, "request-answered-late"),
    }
}

/// The register of patients' access requests.
pub fn requests(list: &[AccessRequest], practice: &str, now: Timestamp, texts: &Texts) -> Document {
    Document {
        lang: texts.lang(),
        title: tr!(texts, "requests-title"),
        subtitle: practice.to_owned(),
        blocks: vec![
            Block::Paragraph {
                text: tr!(texts, "requests-rule"),
            },
            Block::Table {
                header: vec![
                    "#".into(),
                    tr!(texts, "requests-col-patient"),
                    tr!(texts, "requests-col-received"),
                    tr!(texts, "requests-col-deadline"),
                    tr!(texts, "requests-col-fee"),
                    tr!(texts, "requests-col-state"),
                ],
                rows: list
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            r.patient.clone(),
                            texts.day(r.received),
                            texts.day(r.deadline()),
                            if r.free_copy() {
                                tr!(texts, "requests-free")
                            } else {
                                tr!(texts, "requests-fee")
                            },
                            request_state(r, now, texts),
                        ]
                    })
                    .collect(),
            },
        ],
    }
}

/// What the continuity kit needs beyond the contacts.
#[derive(Clone, Debug)]
pub struct KitFacts {
    /// The practice's name.
    pub practice: String,
    /// Whether it is an establishment (it must also call the regional health agency).
    pub establishment: bool,
    /// The last snapshots taken before any alert: id and time, newest first.
    pub snapshots: Vec<(String, Timestamp)>,
    /// The home's path, for the commands.
    pub home: String,
    /// When the kit was printed.
    pub printed: Timestamp,
}

/// The continuity kit: a page to keep by the phone.
pub fn continuity_kit(facts: &KitFacts, contacts: &Contacts, texts: &Texts) -> Document {
    let mut calls = vec![
        (
            tr!(texts, "kit-call-it"),
            or_missing(
                &format!("{} {}", contacts.it_provider, contacts.it_provider_phone),
                texts,
            ),
        ),
        (
            tr!(texts, "kit-call-insurer"),
            or_missing(
                &format!(
                    "{} {} {}",
                    contacts.insurer, contacts.insurer_phone, contacts.insurer_policy
                ),
                texts,
            ),
        ),
        (
            tr!(texts, "kit-call-contact"),
            or_missing(&contacts.contact_point(), texts),
        ),
        (
            tr!(texts, "kit-call-police"),
            tr!(texts, "kit-call-police-how"),
        ),
        (
            tr!(texts, "kit-call-cybermalveillance"),
            tr!(texts, "kit-call-cybermalveillance-how"),
        ),
        (tr!(texts, "kit-call-cnil"), tr!(texts, "kit-call-cnil-how")),
    ];
    if facts.establishment {
        calls.push((
            tr!(texts, "kit-call-ars"),
            or_missing(&contacts.ars_phone, texts),
        ));
    }
    let mut blocks = vec![
        Block::Warning {
            text: tr!(texts, "kit-first"),
        },
        Block::Heading {
            text: tr!(texts, "kit-who"),
        },
        Block::Facts { rows: calls },
        Block::Heading {
            text: tr!(texts, "kit-do"),
        },
        Block::List {
            items: vec![
                tr!(texts, "kit-do-unplug"),
                tr!(texts, "kit-do-keep-on"),
                tr!(texts, "kit-do-note"),
                tr!(texts, "kit-do-call"),
                tr!(texts, "kit-do-paper"),
            ],
        },
        Block::Heading {
            text: tr!(texts, "kit-dont"),
        },
        Block::List {
            items: vec![
                tr!(texts, "kit-dont-pay"),
                tr!(texts, "kit-dont-wipe"),
                tr!(texts, "kit-dont-backup"),
                tr!(texts, "kit-dont-usb"),
            ],
        },
        Block::Heading {
            text: tr!(texts, "kit-clocks"),
        },
        Block::List {
            items: vec![
                tr!(texts, "kit-clock-cnil"),
                tr!(texts, "kit-clock-complaint"),
            ],
        },
        Block::Heading {
            text: tr!(texts, "kit-snapshots"),
        },
    ];
    if facts.snapshots.is_empty() {
        blocks.push(Block::Warning {
            text: tr!(texts, "kit-no-snapshot"),
        });
    } else {
        blocks.push(Block::Table {
            header: vec![tr!(texts, "kit-col-snapshot"), tr!(texts, "kit-col-taken")],
            rows: facts
                .snapshots
                .iter()
                .map(|(id, at)| vec![id.clone(), texts.minute(*at)])
                .collect(),
        });
        let (id, _) = &facts.snapshots[0];
        blocks.push(Block::Paragraph {
            text: tr!(texts, "kit-restore"),
        });
        blocks.push(Block::Paragraph {
            text: format!(
                "hygie --home \"{}\" restore {id} --target {}",
                facts.home,
                tr!(texts, "kit-restore-target")
            ),
        });
        blocks.push(Block::Paragraph {
            text: tr!(texts, "kit-restore-incident"),
        });
    }
    Document {
        lang: texts.lang(),
        title: tr!(texts, "kit-title"),
        subtitle: format!("{} — {}", facts.practice, texts.minute(facts.printed)),
        blocks,
    }
}
