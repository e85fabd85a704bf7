//! `hygie comply …`: the compliance engine's duties wired to the home — answers, plans,
//! breaches and requests kept in the state database, evidence read from the vault, the
//! sentinel, the mail guard and the journal, every change journaled.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use hygie_comply::access_review;
use hygie_comply::assessment::{self, Answer, Answers, PlanEdit};
use hygie_comply::breach::{Breach, Origin, TimelineEntry};
use hygie_comply::documents::{self, KitFacts};
use hygie_comply::register::Register;
use hygie_comply::report::{self, Document};
use hygie_comply::requests::AccessRequest;
use hygie_comply::table::{InputError, Table};
use hygie_comply::{Lang as DocLang, Texts};
use hygie_journal::{Event, Kind, Outcome as EventOutcome};
use hygie_state::StoredAlert;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::cli::{
    BreachCommands, BreachStep, ComplyCommands, PlanCommands, RegisterCommands, ReportFormat,
    ReportKind, RequestCommands,
};
use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::i18n::Lang;
use crate::t;

/// Kinds of records in the state database.
const ANSWERS: &str = "answers";
const PLAN: &str = "plan";
const REGISTER: &str = "register";
const BREACH: &str = "breach";
const REQUEST: &str = "request";

/// Runs a `hygie comply` command that needs a home.
pub fn run(context: &Context, command: ComplyCommands, lang: Lang) -> Outcome {
    let texts = texts(lang);
    match command {
        ComplyCommands::Assess { answers, json } => {
            assess(context, answers.as_deref(), json, &texts)
        }
        ComplyCommands::Plan(PlanCommands::Show { json }) => plan_show(context, json, &texts),
        ComplyCommands::Plan(PlanCommands::Export) => plan_export(context, &texts),
        ComplyCommands::Plan(PlanCommands::Import { file }) => plan_import(context, &file),
        ComplyCommands::Register(RegisterCommands::Export) => {
            print!("{}", register(context)?.to_toml());
            Ok(ExitCode::SUCCESS)
        }
        ComplyCommands::Register(RegisterCommands::Import { file }) => {
            register_import(context, &file)
        }
        ComplyCommands::Breach(command) => breach(context, command, &texts),
        ComplyCommands::Request(command) => request(context, command, &texts),
        ComplyCommands::Report {
            document,
            breach,
            format,
            output,
        } => {
            let document = build(context, document, breach, &texts)?;
            let format =
                format.unwrap_or_else(|| output.as_deref().map_or(ReportFormat::Html, format_of));
            write_document(&document, format, output.as_deref())?;
            journal(
                context,
                Event::new(
                    Kind::ComplianceAction,
                    "comply.report",
                    current_person(),
                    t!("comply-journal-report", title = document.title.as_str()),
                )
                .outcome(EventOutcome::Success),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        command @ (ComplyCommands::AccessReview { .. }
        | ComplyCommands::AccessAudit { .. }
        | ComplyCommands::Retention { .. }) => run_on_files(Some(context), command, lang),
    }
}

/// The commands that read files only; with a home, they are journaled and use its settings.
pub fn run_on_files(context: Option<&Context>, command: ComplyCommands, lang: Lang) -> Outcome {
    let texts = texts(lang);
    let section = context.map(|c| c.config.comply.clone()).unwrap_or_default();
    match command {
        ComplyCommands::AccessReview {
            accounts,
            staff,
            today,
            report,
            json,
        } => {
            let today = day_or_today(today.as_deref())?;
            let accounts_table = read_table(
                &accounts,
                access_review::ACCOUNT_COLUMNS,
                access_review::ACCOUNT_OPTIONAL,
            )?;
            let staff_table = read_table(&staff, access_review::STAFF_COLUMNS, &[])?;
            let list = access_review::accounts(&accounts_table, today).map_err(input)?;
            let people = access_review::staff(&staff_table).map_err(input)?;
            let review = access_review::review(
                &list,
                &people,
                access_review::Exported::of(&accounts_table),
                &section.policy(),
                today,
                &texts,
            );
            if let Some(path) = &report {
                let name = context.map_or_else(String::new, practice);
                let document = documents::access_review(&review, &name, &texts);
                write_document(&document, format_of(path), Some(path))?;
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&review).unwrap_or_default()
                );
            } else {
                print_review(&review);
            }
            if let Some(context) = context {
                let kinds: Vec<&str> = review.findings.iter().map(|f| f.kind.code()).collect();
                journal(
                    context,
                    Event::new(
                        Kind::ComplianceAction,
                        "comply.access_review",
                        current_person(),
                        t!(
                            "comply-journal-review",
                            accounts = review.accounts,
                            findings = review.findings.len()
                        ),
                    )
                    .subject(accounts.display().to_string())
                    .outcome(EventOutcome::Success)
                    .detail("findings", kinds),
                )?;
            }
            Ok(if review.findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ComplyCommands::AccessAudit {
            log,
            appointments,
            json,
        } => {
            use hygie_comply::access_audit as audit;
            let log_table = read_table(&log, audit::LOG_COLUMNS, audit::LOG_OPTIONAL)?;
            let appts = read_table(
                &appointments,
                audit::APPOINTMENT_COLUMNS,
                audit::APPOINTMENT_OPTIONAL,
            )?;
            let result =
                audit::audit(&log_table, &appts, &audit::AuditPolicy::default()).map_err(input)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&result).unwrap_or_default()
                );
            } else {
                println!(
                    "{}",
                    t!(
                        "comply-audit-summary",
                        accesses = result.accesses,
                        explained = result.explained,
                        queue = result.queue.len()
                    )
                );
                for item in &result.queue {
                    let signs: Vec<String> = item
                        .signs
                        .iter()
                        .map(|s| {
                            serde_json::to_value(s)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default()
                        })
                        .collect();
                    println!(
                        "  {} {} {} — {} ({})",
                        item.day,
                        shown(&item.login),
                        shown(item.patient_id.as_deref().unwrap_or_default()),
                        signs.join(", "),
                        t!("comply-audit-lines", lines = format!("{:?}", item.lines))
                    );
                }
                if result.more > 0 {
                    println!("{}", t!("comply-audit-more", count = result.more));
                }
            }
            if let Some(context) = context {
                journal(
                    context,
                    Event::new(
                        Kind::ComplianceAction,
                        "comply.access_audit",
                        current_person(),
                        t!(
                            "comply-journal-audit",
                            accesses = result.accesses,
                            queue = result.queue.len()
                        ),
                    )
                    .subject(log.display().to_string())
                    .outcome(EventOutcome::Success),
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ComplyCommands::Retention {
            patients,
            today,
            json,
        } => {
            use hygie_comply::retention;
            let today = day_or_today(today.as_deref())?;
            let table = read_table(
                &patients,
                retention::REQUIRED_COLUMNS,
                retention::OPTIONAL_COLUMNS,
            )?;
            let establishment = section
                .establishment
                .unwrap_or(retention::Establishment::Practice);
            let due = retention::due(&table, establishment, today).map_err(input)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&due).unwrap_or_default());
            } else if due.is_empty() {
                println!("{}", t!("comply-retention-none"));
            } else {
                for record in &due {
                    let what = match record.due {
                        retention::Due::Archive => t!("comply-retention-archive"),
                        retention::Due::Delete => t!("comply-retention-delete"),
                    };
                    println!(
                        "{} {} — {what} ({} {})",
                        shown(&record.patient_id),
                        shown(&record.name),
                        t!("comply-retention-since"),
                        record.since
                    );
                }
            }
            if let Some(context) = context {
                journal(
                    context,
                    Event::new(
                        Kind::ComplianceAction,
                        "comply.retention",
                        current_person(),
                        t!("comply-journal-retention", count = due.len()),
                    )
                    .subject(patients.display().to_string())
                    .outcome(EventOutcome::Success),
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        other => match context {
            Some(context) => run(context, other, lang),
            None => Err(Failure::setup(t!("comply-home-needed"))),
        },
    }
}

/// The documents' sentences, with times in this machine's time zone (the practice's).
fn texts(lang: Lang) -> Texts {
    Texts::new(doc_lang(lang)).with_time_zone(jiff::tz::TimeZone::system())
}

fn doc_lang(lang: Lang) -> DocLang {
    match lang {
        Lang::Fr => DocLang::Fr,
        Lang::En => DocLang::En,
    }
}

fn input(error: InputError) -> Failure {
    let texts = texts(crate::i18n::current());
    Failure::failed(t!("comply-bad-input", problem = error.describe(&texts)))
}

fn read_table(path: &Path, required: &[&str], optional: &[&str]) -> Result<Table, Failure> {
    // Exports of a practice's software are small; a huge file is a mistake, not an export.
    const LIMIT: u64 = 256 * 1024 * 1024;
    let size = std::fs::metadata(path)
        .map_err(|e| {
            Failure::failed(t!(
                "comply-unreadable",
                path = path,
                problem = e.to_string()
            ))
        })?
        .len();
    if size > LIMIT {
        return Err(Failure::failed(t!("comply-too-big", path = path)));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::failed(t!(
            "comply-unreadable",
            path = path,
            problem = e.to_string()
        ))
    })?;
    let table =
        Table::read(&path.display().to_string(), &bytes, required, optional).map_err(input)?;
    if !table.ignored_columns.is_empty() {
        eprintln!(
            "{}",
            t!(
                "comply-ignored-columns",
                path = path,
                columns = table.ignored_columns.join(", ")
            )
        );
    }
    Ok(table)
}

fn day_or_today(text: Option<&str>) -> Result<Date, Failure> {
    match text {
        None => Ok(jiff::ZonedDateTime::now().date()),
        Some(text) => hygie_comply::table::parse_datetime(text)
            .map(|d| d.date())
            .ok_or_else(|| Failure::setup(t!("comply-bad-date", value = text))),
    }
}

fn when_or_now(text: Option<&str>) -> Result<Timestamp, Failure> {
    match text {
        None => Ok(Timestamp::now()),
        // An instant with its offset is taken as is; a bare date or time is this machine's.
        Some(text) => text
            .trim()
            .parse::<Timestamp>()
            .ok()
            .or_else(|| {
                hygie_comply::table::parse_datetime(text)
                    .and_then(|dt| jiff::tz::TimeZone::system().to_timestamp(dt).ok())
            })
            .ok_or_else(|| Failure::setup(t!("comply-bad-date", value = text))),
    }
}

fn journal(context: &Context, event: Event) -> Result<(), Failure> {
    context.journal(true)?.append(event)?;
    Ok(())
}

fn load<T: serde::de::DeserializeOwned>(
    context: &Context,
    kind: &str,
    id: i64,
) -> Result<Option<T>, Failure> {
    context
        .state()?
        .record(kind, id)?
        .map(|record| decode(kind, &record))
        .transpose()
}

/// Every record of `kind`, by number; a damaged one stops with a message naming it.
fn load_all<T: serde::de::DeserializeOwned>(
    context: &Context,
    kind: &str,
) -> Result<Vec<T>, Failure> {
    context
        .state()?
        .records(kind)?
        .iter()
        .map(|record| decode(kind, record))
        .collect()
}

fn decode<T: serde::de::DeserializeOwned>(
    kind: &str,
    record: &hygie_state::Record,
) -> Result<T, Failure> {
    serde_json::from_str(&record.body).map_err(|e| {
        Failure::failed(t!(
            "comply-record-damaged",
            kind = kind,
            id = record.id,
            problem = e.to_string()
        ))
    })
}

fn save<T: serde::Serialize>(
    context: &Context,
    kind: &str,
    id: i64,
    value: &T,
) -> Result<(), Failure> {
    let body = serde_json::to_string(value).map_err(|e| Failure::failed(e.to_string()))?;
    context.state()?.put_record(kind, id, &body)?;
    Ok(())
}

fn practice(context: &Context) -> String {
    context.config.practice.name.clone()
}

// ---- Self-assessment -------------------------------------------------------------------

fn current_assessment(context: &Context, texts: &Texts) -> Result<assessment::Assessment, Failure> {
    let evidence = crate::commands::status::evidence(context, register_reviewed(context)?);
    let answers: Answers = load(context, ANSWERS, 1)?.unwrap_or_default();
    let edits: BTreeMap<String, PlanEdit> = load(context, PLAN, 1)?.unwrap_or_default();
    Ok(assessment::assess(
        &assessment::questionnaire(),
        &evidence,
        &answers,
        &edits,
        jiff::ZonedDateTime::now().date(),
        texts,
    ))
}

fn register_reviewed(context: &Context) -> Result<Option<Timestamp>, Failure> {
    Ok(context.state()?.record(REGISTER, 1)?.map(|r| r.updated))
}

fn assess(context: &Context, file: Option<&Path>, json: bool, texts: &Texts) -> Outcome {
    let domains = assessment::questionnaire();
    let mut answers: Answers = load(context, ANSWERS, 1)?.unwrap_or_default();
    let evidence = crate::commands::status::evidence(context, register_reviewed(context)?);
    let known: BTreeMap<&str, &assessment::Question> = domains
        .iter()
        .flat_map(|d| &d.questions)
        .map(|q| (q.id.as_str(), q))
        .collect();
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            Failure::failed(t!(
                "comply-unreadable",
                path = file,
                problem = e.to_string()
            ))
        })?;
        let table: BTreeMap<String, String> = toml::from_str(&text).map_err(|e| {
            Failure::failed(t!("comply-bad-file", path = file, problem = e.to_string()))
        })?;
        for (id, value) in table {
            if !known.contains_key(id.as_str()) {
                return Err(Failure::failed(t!(
                    "comply-unknown-question",
                    id = id.as_str(),
                    path = file
                )));
            }
            let answer = Answer::parse(&value).ok_or_else(|| {
                Failure::failed(t!(
                    "comply-bad-answer",
                    id = id.as_str(),
                    value = value.as_str()
                ))
            })?;
            answers.insert(id, answer);
        }
    } else if !json && std::io::stdin().is_terminal() {
        ask(&domains, &evidence, &mut answers, texts)?;
    }
    save(context, ANSWERS, 1, &answers)?;
    let result = current_assessment(context, texts)?;
    // Due dates are set when an action first appears, so they do not slide with each run.
    let mut edits: BTreeMap<String, PlanEdit> = load(context, PLAN, 1)?.unwrap_or_default();
    let mut new_dates = false;
    for action in &result.plan {
        let edit = edits.entry(action.question.clone()).or_default();
        if edit.due.is_none() {
            edit.due = Some(action.due);
            new_dates = true;
        }
    }
    if new_dates {
        save(context, PLAN, 1, &edits)?;
    }
    journal(
        context,
        Event::new(
            Kind::ComplianceAction,
            "comply.assessed",
            current_person(),
            t!("comply-journal-assessed", score = u64::from(result.score)),
        )
        .outcome(EventOutcome::Success)
        .detail("score", u64::from(result.score))
        .detail("unanswered", result.unanswered.len()),
    )?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        print_assessment(&result);
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks every question Hygie cannot answer itself, on the terminal; Enter keeps the previous
/// answer.
fn ask(
    domains: &[assessment::Domain],
    evidence: &assessment::Evidence,
    answers: &mut Answers,
    texts: &Texts,
) -> Result<(), Failure> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    println!("{}", t!("comply-ask-intro"));
    for domain in domains {
        println!("\n== {} ==", domain.title(texts));
        for question in &domain.questions {
            if let Some((answer, because)) = question
                .evidence
                .and_then(|key| evidence.answer(key, texts))
            {
                println!(
                    "{}\n  → {} ({})",
                    question.text(texts),
                    answer.label(texts),
                    t!("comply-ask-automatic", because = because)
                );
                continue;
            }
            loop {
                let previous = answers
                    .get(&question.id)
                    .map(|a| format!("({}) ", a.label(texts)))
                    .unwrap_or_default();
                print!(
                    "{}\n  [{}] {previous}{} ",
                    question.text(texts),
                    question.source,
                    t!("comply-ask-prompt")
                );
                let _ = std::io::stdout().flush();
                let Some(Ok(line)) = lines.next() else {
                    return Ok(());
                };
                if line.trim().is_empty() {
                    break;
                }
                match Answer::parse(&line) {
                    Some(answer) => {
                        answers.insert(question.id.clone(), answer);
                        break;
                    }
                    None => println!("{}", t!("comply-ask-again")),
                }
            }
        }
    }
    Ok(())
}

fn print_assessment(result: &assessment::Assessment) {
    println!("{}", t!("comply-score", score = u64::from(result.score)));
    for domain in &result.domains {
        let score = domain
            .score
            .map_or_else(|| "—".to_owned(), |s| s.to_string());
        let automatic = domain
            .questions
            .iter()
            .filter(|q| q.answer.as_ref().is_some_and(|a| a.automatic))
            .count();
        println!(
            "  {:<40} {score:>3}/100  {}",
            domain.title,
            t!("comply-automatic-count", count = automatic)
        );
    }
    if !result.unanswered.is_empty() {
        println!(
            "{}",
            t!("comply-unanswered", count = result.unanswered.len())
        );
    }
    print_plan(&result.plan);
}

fn print_plan(plan: &[assessment::Action]) {
    if plan.is_empty() {
        println!("{}", t!("comply-plan-empty"));
        return;
    }
    println!("{}", t!("comply-plan-title"));
    for (i, action) in plan.iter().enumerate() {
        println!(
            "{:>3}. {} — {}, {} ({:?})",
            i + 1,
            action.action,
            action.owner,
            action.due,
            action.status
        );
    }
}

fn plan_show(context: &Context, json: bool, texts: &Texts) -> Outcome {
    let result = current_assessment(context, texts)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result.plan).unwrap_or_default()
        );
    } else {
        print_plan(&result.plan);
    }
    Ok(ExitCode::SUCCESS)
}

fn plan_export(context: &Context, texts: &Texts) -> Outcome {
    let result = current_assessment(context, texts)?;
    println!("{}", t!("comply-plan-file-header"));
    for action in &result.plan {
        let edit = PlanEdit {
            owner: Some(action.owner.clone()),
            due: Some(action.due),
            status: Some(action.status),
            note: action.note.clone(),
        };
        let mut table = BTreeMap::new();
        table.insert(action.question.clone(), edit);
        println!("\n# {}", action.action);
        print!("{}", toml::to_string(&table).unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

fn plan_import(context: &Context, file: &Path) -> Outcome {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::failed(t!(
            "comply-unreadable",
            path = file,
            problem = e.to_string()
        ))
    })?;
    let edits: BTreeMap<String, PlanEdit> = toml::from_str(&text).map_err(|e| {
        Failure::failed(t!("comply-bad-file", path = file, problem = e.to_string()))
    })?;
    let known: Vec<String> = assessment::questionnaire()
        .into_iter()
        .flat_map(|d| d.questions)
        .map(|q| q.id)
        .collect();
    if let Some(id) = edits.keys().find(|id| !known.contains(id)) {
        return Err(Failure::failed(t!(
            "comply-unknown-question",
            id = id.as_str(),
            path = file
        )));
    }
    save(context, PLAN, 1, &edits)?;
    journal(
        context,
        Event::new(
            Kind::ComplianceAction,
            "comply.plan_updated",
            current_person(),
            t!("comply-journal-plan", count = edits.len()),
        )
        .outcome(EventOutcome::Success),
    )?;
    println!("{}", t!("comply-plan-saved", count = edits.len()));
    Ok(ExitCode::SUCCESS)
}

// ---- Register ----------------------------------------------------------------------------

fn register(context: &Context) -> Result<Register, Failure> {
    let controller = {
        let address = &context.config.comply.address;
        if address.is_empty() {
            practice(context)
        } else {
            format!("{}, {address}", practice(context))
        }
    };
    Ok(load(context, REGISTER, 1)?.unwrap_or_else(|| Register::prefilled(&controller)))
}

fn register_import(context: &Context, file: &Path) -> Outcome {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::failed(t!(
            "comply-unreadable",
            path = file,
            problem = e.to_string()
        ))
    })?;
    let register = Register::parse(&text).map_err(|problem| {
        Failure::failed(t!(
            "comply-register-incomplete",
            path = file,
            problem = problem
        ))
    })?;
    save(context, REGISTER, 1, &register)?;
    journal(
        context,
        Event::new(
            Kind::ComplianceAction,
            "comply.register_updated",
            current_person(),
            t!("comply-journal-register", count = register.activities.len()),
        )
        .outcome(EventOutcome::Success),
    )?;
    println!(
        "{}",
        t!("comply-register-saved", count = register.activities.len())
    );
    Ok(ExitCode::SUCCESS)
}

// ---- Breaches ----------------------------------------------------------------------------

fn load_breach(context: &Context, id: i64) -> Result<Breach, Failure> {
    load(context, BREACH, id)?.ok_or_else(|| Failure::failed(t!("comply-no-breach", id = id)))
}

fn breaches(context: &Context) -> Result<Vec<Breach>, Failure> {
    load_all(context, BREACH)
}

fn breach_event(action: &str, breach: &Breach, summary: String) -> Event {
    Event::new(Kind::Incident, action, current_person(), summary)
        .subject(format!("breach/{}", breach.id))
        .outcome(EventOutcome::Success)
}

fn breach(context: &Context, command: BreachCommands, texts: &Texts) -> Outcome {
    match command {
        BreachCommands::Open {
            alert,
            title,
            discovered,
        } => {
            let discovered = discovered
                .as_deref()
                .map(|t| when_or_now(Some(t)))
                .transpose()?;
            let breach = open_breach(context, alert, title, discovered, current_person())?;
            println!("{}", t!("comply-breach-opened", id = breach.id));
            print_breach(&breach, texts);
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::List { json } => {
            let list = breaches(context)?;
            if json {
                let now = Timestamp::now();
                for b in &list {
                    println!("{}", breach_json(b, now, texts));
                }
            } else if list.is_empty() {
                println!("{}", t!("comply-no-breaches"));
            } else {
                for b in &list {
                    let risk = b.risk(texts);
                    println!(
                        "{:>3}. {} — {} — {:?}",
                        b.id,
                        b.discovered.strftime("%Y-%m-%d"),
                        b.title,
                        risk.level
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::Show { id, json } => {
            let breach = load_breach(context, id)?;
            if json {
                println!("{}", breach_json(&breach, Timestamp::now(), texts));
            } else {
                print_breach(&breach, texts);
            }
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::Export { id } => {
            let breach = load_breach(context, id)?;
            println!("{}", t!("comply-breach-file-header"));
            print!("{}", toml::to_string_pretty(&breach).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::Import { id, file } => {
            load_breach(context, id)?;
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure::failed(t!(
                    "comply-unreadable",
                    path = &file,
                    problem = e.to_string()
                ))
            })?;
            let breach: Breach = toml::from_str(&text).map_err(|e| {
                Failure::failed(t!("comply-bad-file", path = &file, problem = e.to_string()))
            })?;
            if breach.id != id {
                return Err(Failure::failed(t!(
                    "comply-breach-wrong-id",
                    id = id,
                    found = breach.id
                )));
            }
            save(context, BREACH, id, &breach)?;
            journal(
                context,
                breach_event(
                    "breach.updated",
                    &breach,
                    t!("comply-journal-breach-updated", id = id),
                ),
            )?;
            print_breach(&breach, texts);
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::Mark { id, step, at } => {
            let mut breach = load_breach(context, id)?;
            let at = when_or_now(at.as_deref())?;
            let (field, text) = match step {
                BreachStep::CnilNotified => (&mut breach.cnil_notified, t!("comply-timeline-cnil")),
                BreachStep::ComplaintFiled => {
                    (&mut breach.complaint_filed, t!("comply-timeline-complaint"))
                }
                BreachStep::PatientsInformed => (
                    &mut breach.patients_informed,
                    t!("comply-timeline-patients"),
                ),
                BreachStep::Closed => (&mut breach.closed, t!("comply-timeline-closed")),
            };
            *field = Some(at);
            breach.timeline.push(TimelineEntry {
                at,
                text: text.clone(),
            });
            breach.timeline.sort_by_key(|e| e.at);
            save(context, BREACH, id, &breach)?;
            journal(
                context,
                breach_event("breach.step", &breach, format!("{} — {text}", breach.title)),
            )?;
            print_breach(&breach, texts);
            Ok(ExitCode::SUCCESS)
        }
        BreachCommands::Note { id, text } => {
            let mut breach = load_breach(context, id)?;
            breach.timeline.push(TimelineEntry {
                at: Timestamp::now(),
                text: text.clone(),
            });
            save(context, BREACH, id, &breach)?;
            journal(context, breach_event("breach.note", &breach, text))?;
            println!("{}", t!("comply-breach-noted", id = id));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The number of the open breach declared from alert `alert`, if there is one.
pub fn open_breach_of_alert(context: &Context, alert: i64) -> Result<Option<i64>, Failure> {
    Ok(breaches(context)?
        .into_iter()
        .find(|b| {
            b.closed.is_none() && matches!(&b.origin, Origin::Alert { alert: a, .. } if *a == alert)
        })
        .map(|b| b.id))
}

/// A breach pre-filled from an alert: what the detector saw becomes the first facts, which a
/// person then corrects (`breach export`, edit, `breach import`).
/// Opens a breach, from alert `alert` or under `title`, for `person`; saved and journaled.
pub fn open_breach(
    context: &Context,
    alert: Option<i64>,
    title: Option<String>,
    discovered: Option<Timestamp>,
    person: hygie_journal::Actor,
) -> Result<Breach, Failure> {
    let state = context.state()?;
    let id = state.next_record_id(BREACH)?;
    let contact = context.config.comply.contacts().contact_point();
    let mut breach = match alert {
        Some(number) => {
            // One breach per alert: a second would restart the 72-hour clock and split the
            // facts in two files.
            if let Some(open) = open_breach_of_alert(context, number)? {
                return Err(Failure::setup(t!(
                    "comply-breach-exists",
                    alert = number,
                    id = open
                )));
            }
            let alert = state
                .alert(number)?
                .ok_or_else(|| Failure::failed(t!("comply-no-alert", id = number)))?;
            from_alert(id, &alert, discovered.unwrap_or(alert.opened), contact)
        }
        None => Breach::new(
            id,
            title.unwrap_or_default(),
            Origin::Manual,
            discovered.unwrap_or_else(Timestamp::now),
            contact,
        ),
    };
    breach.timeline.push(TimelineEntry {
        at: Timestamp::now(),
        text: t!("comply-timeline-opened"),
    });
    save(context, BREACH, id, &breach)?;
    let mut event = breach_event(
        "breach.opened",
        &breach,
        t!(
            "comply-journal-breach-opened",
            id = id,
            title = breach.title.as_str()
        ),
    );
    event.actor = person;
    journal(context, event)?;
    Ok(breach)
}

fn from_alert(id: i64, alert: &StoredAlert, discovered: Timestamp, contact: String) -> Breach {
    let origin = Origin::Alert {
        alert: alert.id,
        source: alert.source.clone(),
        summary: alert.summary.clone(),
    };
    let mut breach = if alert.source == "mail" {
        let mut breach = Breach::new(
            id,
            t!("comply-breach-title-mail", id = alert.id),
            origin,
            discovered,
            contact,
        );
        breach.description = t!(
            "comply-breach-description-mail",
            summary = alert.summary.as_str()
        );
        // Someone may have typed a password or opened a record for the attacker.
        breach.confidentiality = true;
        breach.data_categories = vec!["identity".into(), "contact".into(), "health".into()];
        breach.consequences = t!("comply-breach-consequences-mail");
        breach.measures_taken = t!("comply-breach-measures-mail");
        breach.measures_planned = t!("comply-breach-planned-mail");
        breach.timeline.push(TimelineEntry {
            at: alert.opened,
            text: t!("comply-timeline-mail", summary = alert.summary.as_str()),
        });
        breach
    } else {
        let mut breach = Breach::new(
            id,
            t!("comply-breach-title-alert", id = alert.id),
            origin,
            discovered,
            contact,
        );
        let evidence: serde_json::Value = serde_json::from_str(&alert.evidence).unwrap_or_default();
        let files: Vec<&str> = ["damaged", "touched"]
            .iter()
            .filter_map(|key| evidence.get(*key).and_then(serde_json::Value::as_array))
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .collect();
        // One folder per patient is how practices file records: the distinct folders of the
        // damaged files are a first estimate of the patients concerned.
        let folders: std::collections::BTreeSet<&Path> = files
            .iter()
            .filter_map(|file| Path::new(file).parent())
            .collect();
        breach.records_approx = Some(u64::try_from(files.len()).unwrap_or(u64::MAX));
        breach.persons_approx =
            (!folders.is_empty()).then(|| u64::try_from(folders.len()).unwrap_or(u64::MAX));
        breach.description = t!(
            "comply-breach-description-sentinel",
            summary = alert.summary.as_str(),
            files = files.len()
        );
        breach.availability = true;
        breach.integrity = true;
        breach.restored = alert.restored.is_some();
        breach.consequences = t!("comply-breach-consequences-sentinel");
        breach.measures_taken = t!("comply-breach-measures-sentinel");
        breach.measures_planned = t!("comply-breach-planned-sentinel");
        breach.timeline.push(TimelineEntry {
            at: alert.since,
            text: t!("comply-timeline-began"),
        });
        breach.timeline.push(TimelineEntry {
            at: alert.opened,
            text: t!("comply-timeline-alert", summary = alert.summary.as_str()),
        });
        if let Some(at) = alert.restored {
            breach.timeline.push(TimelineEntry {
                at,
                text: t!("comply-timeline-restored"),
            });
        }
        breach
    };
    breach.began = Some(alert.since);
    breach
}

fn breach_json(breach: &Breach, now: Timestamp, texts: &Texts) -> String {
    serde_json::json!({
        "breach": breach,
        "risk": breach.risk(texts),
        "cnil_clock": breach.cnil_clock(now, texts),
        "complaint_clock": breach.complaint_clock(now),
        "missing_for_notification": breach.missing_for_notification(),
    })
    .to_string()
}

fn print_breach(breach: &Breach, texts: &Texts) {
    let now = Timestamp::now();
    println!(
        "{} {} — {}",
        t!("comply-breach-label"),
        breach.id,
        breach.title
    );
    for (label, value) in documents::clocks(breach, now, texts) {
        println!("  {label} : {value}");
    }
    let risk = breach.risk(texts);
    println!(
        "  {}",
        t!(
            "comply-breach-risk",
            level = format!("{:?}", risk.level).to_lowercase()
        )
    );
    for reason in &risk.reasons {
        println!("    - {reason}");
    }
    if risk.tell_persons && breach.patients_informed.is_none() {
        println!("  {}", t!("comply-breach-tell-patients", id = breach.id));
    }
    let missing = breach.missing_for_notification();
    if !missing.is_empty() {
        let fields: Vec<String> = missing.iter().map(|id| texts.get(id, &[])).collect();
        println!(
            "  {}",
            t!(
                "comply-breach-missing",
                fields = fields.join(", "),
                id = breach.id
            )
        );
    }
}

// ---- Requests ----------------------------------------------------------------------------

fn requests(context: &Context) -> Result<Vec<AccessRequest>, Failure> {
    load_all(context, REQUEST)
}

fn request(context: &Context, command: RequestCommands, texts: &Texts) -> Outcome {
    match command {
        RequestCommands::Add {
            patient,
            received,
            old_record,
            earlier_copies,
        } => {
            let id = context.state()?.next_record_id(REQUEST)?;
            let request = AccessRequest {
                id,
                patient,
                received: when_or_now(received.as_deref())?,
                old_record,
                earlier_copies,
                answered: None,
                note: String::new(),
            };
            save(context, REQUEST, id, &request)?;
            journal(
                context,
                Event::new(
                    Kind::ComplianceAction,
                    "comply.request_added",
                    current_person(),
                    t!("comply-journal-request", id = id),
                )
                .subject(format!("request/{id}"))
                .outcome(EventOutcome::Success),
            )?;
            println!(
                "{}",
                t!(
                    "comply-request-added",
                    id = id,
                    state = documents::request_state(&request, Timestamp::now(), texts)
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        RequestCommands::List { json } => {
            let now = Timestamp::now();
            for request in requests(context)? {
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"request": request, "deadline": request.deadline(), "earliest": request.earliest(), "state": request.state(now), "free_copy": request.free_copy()})
                    );
                } else {
                    println!(
                        "{:>3}. {} — {}",
                        request.id,
                        request.patient,
                        documents::request_state(&request, now, texts)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        RequestCommands::Done { id, at } => {
            let mut request: AccessRequest = load(context, REQUEST, id)?
                .ok_or_else(|| Failure::failed(t!("comply-no-request", id = id)))?;
            let at = when_or_now(at.as_deref())?;
            if at < request.earliest() {
                eprintln!("{}", t!("comply-request-too-early"));
            }
            request.answered = Some(at);
            save(context, REQUEST, id, &request)?;
            journal(
                context,
                Event::new(
                    Kind::ComplianceAction,
                    "comply.request_answered",
                    current_person(),
                    t!("comply-journal-request-done", id = id),
                )
                .subject(format!("request/{id}"))
                .outcome(EventOutcome::Success),
            )?;
            println!(
                "{}",
                documents::request_state(&request, Timestamp::now(), texts)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A deadline to remind: `key` says what and in which state (to tell a new reminder from a
/// repeated one), `text` says it to a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// What and in which state: `request/3/overdue`, `breach/1/cnil/running`…
    pub key: String,
    /// The sentence.
    pub text: String,
}

/// Requests overdue or due within two days, and breach clocks running or overdue: for
/// `hygie status` and `hygie up`. A damaged record is reminded as such; the others still are.
pub fn reminders(context: &Context) -> Vec<Reminder> {
    use hygie_comply::breach::Clock;
    use hygie_comply::requests::RequestState;
    let texts = texts(crate::i18n::current());
    let now = Timestamp::now();
    let mut reminders = Vec::new();
    let Ok(state) = context.state() else {
        return reminders;
    };
    let damaged = |kind: &str, id: i64| Reminder {
        key: format!("{kind}/{id}/damaged"),
        text: t!("status-record-damaged", kind = kind, id = id),
    };
    for record in state.records(REQUEST).unwrap_or_default() {
        let Ok(request) = decode::<AccessRequest>(REQUEST, &record) else {
            reminders.push(damaged(REQUEST, record.id));
            continue;
        };
        let current = request.state(now);
        if matches!(current, RequestState::DueSoon | RequestState::Overdue) {
            reminders.push(Reminder {
                key: format!("request/{}/{current:?}", request.id),
                text: t!(
                    "status-request",
                    id = request.id,
                    state = documents::request_state(&request, now, &texts)
                ),
            });
        }
    }
    for record in state.records(BREACH).unwrap_or_default() {
        let Ok(breach) = decode::<Breach>(BREACH, &record) else {
            reminders.push(damaged(BREACH, record.id));
            continue;
        };
        if breach.closed.is_some() {
            continue;
        }
        let clocks = [
            ("cnil", breach.cnil_clock(now, &texts)),
            ("complaint", breach.complaint_clock(now)),
        ];
        let texts_of = documents::clocks(&breach, now, &texts);
        for ((name, clock), (label, value)) in clocks.iter().zip(texts_of) {
            let state = match clock {
                Clock::Running { .. } => "running",
                Clock::Overdue { .. } => "overdue",
                _ => continue,
            };
            reminders.push(Reminder {
                key: format!("breach/{}/{name}/{state}", breach.id),
                text: t!(
                    "status-breach-clock",
                    id = breach.id,
                    label = label,
                    value = value
                ),
            });
        }
    }
    reminders
}

// ---- For the console ----------------------------------------------------------------------

/// What the console's Conformité page shows, in `lang`.
pub struct Summary {
    /// Whether a person answered the self-assessment.
    pub assessed: bool,
    /// The assessment, with Hygie's evidence.
    pub assessment: assessment::Assessment,
    /// Breaches not closed.
    pub breaches: Vec<OpenBreach>,
    /// Requests not answered, with their state in a sentence.
    pub requests: Vec<(AccessRequest, String)>,
}

/// A breach not closed, as the console shows it.
pub struct OpenBreach {
    /// The breach.
    pub breach: Breach,
    /// Its two clocks: label and where each stands.
    pub clocks: Vec<(String, String)>,
    /// Whether the patients must still be told.
    pub tell_patients: bool,
}

/// The practice's standing, for the console.
pub fn summary(context: &Context, lang: Lang) -> Result<Summary, Failure> {
    let texts = texts(lang);
    let now = Timestamp::now();
    let assessed = context.state()?.record(ANSWERS, 1)?.is_some();
    let breaches = breaches(context)?
        .into_iter()
        .filter(|b| b.closed.is_none())
        .map(|breach| OpenBreach {
            clocks: documents::clocks(&breach, now, &texts),
            tell_patients: breach.risk(&texts).tell_persons && breach.patients_informed.is_none(),
            breach,
        })
        .collect();
    let requests = requests(context)?
        .into_iter()
        .filter(|r| r.answered.is_none())
        .map(|r| {
            let state = documents::request_state(&r, now, &texts);
            (r, state)
        })
        .collect();
    Ok(Summary {
        assessed,
        assessment: current_assessment(context, &texts)?,
        breaches,
        requests,
    })
}

/// Document `kind` in `lang` as HTML or PDF bytes, with a file name; journaled for `person`.
pub fn report_for(
    context: &Context,
    person: hygie_journal::Actor,
    lang: Lang,
    kind: ReportKind,
    breach: Option<i64>,
    pdf: bool,
) -> Result<(String, Vec<u8>), Failure> {
    let document = build(context, kind, breach, &texts(lang))?;
    let (bytes, extension) = if pdf {
        (hygie_comply::pdf::pdf(&document), "pdf")
    } else {
        (report::html(&document).into_bytes(), "html")
    };
    journal(
        context,
        Event::new(
            Kind::ComplianceAction,
            "comply.report",
            person,
            t!("comply-journal-report", title = document.title.as_str()),
        )
        .outcome(EventOutcome::Success),
    )?;
    let name = clap::ValueEnum::to_possible_value(&kind)
        .map(|v| v.get_name().to_owned())
        .unwrap_or_else(|| "rapport".into());
    let name = match breach {
        Some(id) => format!("{name}-{id}.{extension}"),
        None => format!("{name}.{extension}"),
    };
    Ok((name, bytes))
}

// ---- Reports -----------------------------------------------------------------------------

fn build(
    context: &Context,
    kind: ReportKind,
    breach: Option<i64>,
    texts: &Texts,
) -> Result<Document, Failure> {
    let practice = practice(context);
    let contacts = context.config.comply.contacts();
    let now = Timestamp::now();
    let need_breach = || breach.ok_or_else(|| Failure::setup(t!("comply-breach-needed")));
    Ok(match kind {
        ReportKind::Assessment => {
            documents::assessment(&practice, &current_assessment(context, texts)?, texts)
        }
        ReportKind::Register => documents::register(&register(context)?, texts),
        ReportKind::BreachLog => documents::breach_log(&breaches(context)?, &practice, now, texts),
        ReportKind::CnilNotification => documents::cnil_notification(
            &load_breach(context, need_breach()?)?,
            &practice,
            &contacts,
            now,
            texts,
        ),
        ReportKind::PatientLetter => documents::patient_letter(
            &load_breach(context, need_breach()?)?,
            &practice,
            &contacts,
            texts,
        ),
        ReportKind::Requests => documents::requests(&requests(context)?, &practice, now, texts),
        ReportKind::Continuity => {
            // Snapshots after an attack began may hold its damage: the kit offers the ones
            // from before the earliest sentinel incident not yet repaired.
            let frozen_before = context
                .state()?
                .alerts()?
                .iter()
                .filter(|a| a.source == "sentinel" && a.restored.is_none())
                .map(|a| a.since)
                .min();
            let snapshots = context
                .vault()
                .and_then(|v| Ok(v.snapshots()?))
                .map(|list| {
                    let mut good: Vec<(String, Timestamp)> = list
                        .iter()
                        .filter(|s| frozen_before.is_none_or(|since| s.finished < since))
                        .map(|s| (s.id.clone(), s.time))
                        .collect();
                    good.reverse();
                    good.truncate(3);
                    good
                })
                .unwrap_or_default();
            let facts = KitFacts {
                practice,
                establishment: context.config.comply.establishment
                    == Some(hygie_comply::retention::Establishment::Hospital),
                snapshots,
                home: context.home.root().display().to_string(),
                printed: now,
            };
            documents::continuity_kit(&facts, &contacts, texts)
        }
    })
}

/// Writes a document; a file is written beside its final name and renamed, so a failure never
/// leaves half a report.
fn write_document(
    document: &Document,
    format: ReportFormat,
    output: Option<&Path>,
) -> Result<(), Failure> {
    let bytes = match format {
        ReportFormat::Html => report::html(document).into_bytes(),
        ReportFormat::Json => report::json(document).into_bytes(),
        ReportFormat::Pdf => hygie_comply::pdf::pdf(document),
    };
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::failed(e.to_string()))
        }
        Some(path) => {
            let write = || -> std::io::Result<()> {
                let dir = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let (temporary, mut file) = tempfile_in(dir)?;
                let written = file
                    .write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .and_then(|()| std::fs::rename(&temporary, path));
                if written.is_err() {
                    // Nothing half-written stays behind.
                    let _ = std::fs::remove_file(&temporary);
                }
                written?;
                // The rename itself reaches the disk with its folder.
                std::fs::File::open(dir)
                    .and_then(|d| d.sync_all())
                    .or(Ok(()))
            };
            write().map_err(|e| {
                Failure::failed(t!(
                    "comply-write-failed",
                    path = path,
                    problem = e.to_string()
                ))
            })?;
            eprintln!("{}", t!("comply-written", path = path));
            Ok(())
        }
    }
}

/// The format a file name asks for: `.pdf`, `.json`, else HTML.
fn format_of(path: &Path) -> ReportFormat {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => ReportFormat::Pdf,
        Some("json") => ReportFormat::Json,
        _ => ReportFormat::Html,
    }
}

fn tempfile_in(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    for attempt in 0..100u32 {
        let path = dir.join(format!(
            ".hygie-report-{}-{attempt}.tmp",
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Reports name patients and staff: readable by the practice's account only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no temporary file name free"))
}

/// A value read from a file, safe to print on a terminal: control characters (escape
/// sequences of a hostile export) are shown as `?`.
fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn print_review(review: &access_review::Review) {
    println!(
        "{}",
        t!(
            "comply-review-summary",
            accounts = review.accounts,
            enabled = review.enabled_accounts,
            clinical = review.clinical_accounts,
            staff = review.clinical_staff
        )
    );
    if review.findings.is_empty() {
        println!("{}", t!("comply-review-clean"));
    }
    if !review.unchecked.is_empty() {
        let kinds: Vec<&str> = review.unchecked.iter().map(|k| k.code()).collect();
        println!(
            "{}",
            t!("comply-review-unchecked", kinds = kinds.join(", "))
        );
    }
    for finding in &review.findings {
        println!(
            "\n[{}] {}",
            finding.kind.code(),
            shown(&finding.explanation)
        );
        for account in finding.accounts.iter().take(20) {
            println!(
                "  - {} ({}, {}) : {}",
                shown(&account.login),
                shown(&account.name),
                shown(&account.profile),
                shown(&account.detail)
            );
        }
        if finding.accounts.len() > 20 {
            println!(
                "  {}",
                t!("comply-review-more", count = finding.accounts.len() - 20)
            );
        }
    }
}
