//! Conformité: the self-assessment's scores, the action plan, breaches with their two 72-hour
//! clocks, patients' requests not answered yet, and the compliance documents to open, print or
//! download.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::ApiError;
use super::session::User;
use super::{Console, api_failure, escape, failure, off_thread, page, table};
use crate::facts::{ComplianceFacts, FactsError};
use crate::policy::Action;
use crate::text::{Arg, Lang};

/// The documents about the whole practice, in the order the page lists them.
const DOCUMENTS: [&str; 5] = [
    "assessment",
    "register",
    "requests",
    "breach-log",
    "continuity",
];
/// The documents about one breach.
const BREACH_DOCUMENTS: [&str; 2] = ["cnil-notification", "patient-letter"];

/// A day (`YYYY-MM-DD`) as each language writes it.
fn day(lang: Lang, text: &str) -> String {
    match (lang, text.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Fr, [year, month, day]) => format!("{day}/{month}/{year}"),
        _ => text.to_owned(),
    }
}

/// The page's part about the self-assessment.
fn assessment(console: &Console, lang: Lang, facts: &ComplianceFacts) -> String {
    let score = f64::from(facts.score);
    let mut body = format!(
        "<h2>{}</h2><p class=\"score\">{}</p>",
        escape(&console.msg(lang, "compliance-assessment", &[])),
        escape(&console.msg(
            lang,
            "compliance-score-line",
            &[("score", Arg::Number(score))]
        ))
    );
    if !facts.assessed {
        body.push_str(&format!(
            "<p class=\"problem\">{}</p>",
            escape(&console.msg(lang, "compliance-not-assessed", &[]))
        ));
    }
    let percent = |value: Option<u8>| value.map(|v| format!("{v}/100")).unwrap_or_default();
    let rows: Vec<String> = facts
        .domains
        .iter()
        .map(|d| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&d.title),
                percent(d.score),
                percent(d.after_plan)
            )
        })
        .collect();
    body.push_str(&table(
        console,
        lang,
        &[
            "compliance-col-domain",
            "compliance-col-now",
            "compliance-col-after",
        ],
        &rows,
    ));
    let todo: Vec<String> = facts
        .plan
        .iter()
        .filter(|a| a.status != "done")
        .take(10)
        .map(|a| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&a.action),
                escape(&a.owner),
                escape(&day(lang, &a.due)),
                escape(&console.msg(lang, &format!("compliance-status-{}", a.status), &[]))
            )
        })
        .collect();
    if !todo.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>",
            escape(&console.msg(lang, "compliance-plan", &[]))
        ));
        body.push_str(&table(
            console,
            lang,
            &[
                "compliance-col-action",
                "compliance-col-owner",
                "compliance-col-due",
                "compliance-col-status",
            ],
            &todo,
        ));
    }
    body
}

/// The page's part about breaches and requests.
fn duties(console: &Console, lang: Lang, facts: &ComplianceFacts) -> String {
    let mut body = format!(
        "<h2>{}</h2>",
        escape(&console.msg(lang, "compliance-breaches", &[]))
    );
    if facts.breaches.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(&console.msg(lang, "compliance-no-breach", &[]))
        ));
    }
    for breach in &facts.breaches {
        let clocks: String = breach
            .clocks
            .iter()
            .map(|clock| {
                format!(
                    "<li>{} : {}</li>",
                    escape(&clock.label),
                    escape(&clock.value)
                )
            })
            .collect();
        let tell = if breach.tell_patients {
            format!(
                "<p class=\"problem\">{}</p>",
                escape(&console.msg(lang, "compliance-tell-patients", &[]))
            )
        } else {
            String::new()
        };
        let links: String = BREACH_DOCUMENTS
            .iter()
            .map(|kind| document_links(console, lang, kind, Some(breach.id)))
            .collect();
        body.push_str(&format!(
            "<section class=\"breach\"><h3>{}</h3><ul class=\"clocks\">{clocks}</ul>{tell}<ul>{links}</ul></section>",
            escape(&console.msg(
                lang,
                "compliance-breach-title",
                &[("id", Arg::text(breach.id.to_string())), ("title", Arg::text(&breach.title))]
            )),
        ));
    }
    body.push_str(&format!(
        "<h2>{}</h2>",
        escape(&console.msg(lang, "compliance-requests", &[]))
    ));
    if facts.requests.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(&console.msg(lang, "compliance-no-request", &[]))
        ));
    } else {
        let rows: Vec<String> = facts
            .requests
            .iter()
            .map(|r| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    r.id,
                    escape(&r.patient),
                    escape(&r.state)
                )
            })
            .collect();
        body.push_str(&table(
            console,
            lang,
            &[
                "compliance-col-number",
                "compliance-col-patient",
                "compliance-col-state",
            ],
            &rows,
        ));
    }
    body
}

/// A document's name with its two links (to read, to download as PDF).
fn document_links(console: &Console, lang: Lang, kind: &str, breach: Option<i64>) -> String {
    let query = breach
        .map(|id| format!("violation={id}&"))
        .unwrap_or_default();
    let link = |format: &str| {
        escape(&format!(
            "/conformite/documents/{kind}?{query}format={format}"
        ))
    };
    format!(
        "<li>{} — <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></li>",
        escape(&console.msg(lang, &format!("document-{kind}"), &[])),
        link("html"),
        escape(&console.msg(lang, "compliance-open", &[])),
        link("pdf"),
        escape(&console.msg(lang, "compliance-pdf", &[])),
    )
}

pub(super) async fn compliance_page(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewCompliance, false) {
        return refused;
    }
    let lang = user.lang;
    let facts = match off_thread(&console, move |facts| facts.compliance(lang)).await {
        Ok(facts) => facts,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let mut body = assessment(&console, lang, &facts);
    body.push_str(&duties(&console, lang, &facts));
    body.push_str(&format!(
        "<h2>{}</h2><ul>",
        escape(&console.msg(lang, "compliance-documents", &[]))
    ));
    for kind in DOCUMENTS {
        body.push_str(&document_links(&console, lang, kind, None));
    }
    body.push_str("</ul>");
    let title = console.msg(lang, "nav-compliance", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

#[derive(Deserialize)]
pub(super) struct DocumentQuery {
    #[serde(default)]
    violation: Option<i64>,
    #[serde(default)]
    format: Option<String>,
}

pub(super) async fn document(
    State(console): State<Arc<Console>>,
    user: User,
    Path(kind): Path<String>,
    Query(query): Query<DocumentQuery>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewCompliance, false) {
        return refused;
    }
    let lang = user.lang;
    let known = DOCUMENTS.contains(&kind.as_str()) || BREACH_DOCUMENTS.contains(&kind.as_str());
    let pdf = match query.format.as_deref() {
        None | Some("html") => false,
        Some("pdf") => true,
        Some(_) => {
            return failure(
                &console,
                &user,
                &FactsError::Refused(console.msg(lang, "compliance-bad-format", &[])),
            );
        }
    };
    if !known {
        return failure(
            &console,
            &user,
            &FactsError::NotFound(console.msg(lang, "not-found-title", &[])),
        );
    }
    let name = user.name.clone();
    let breach = query.violation;
    let report = off_thread(&console, move |facts| {
        facts.report(&name, lang, &kind, breach, pdf)
    })
    .await;
    let report = match report {
        Ok(report) => report,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let mut response = report.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(report.content_type),
    );
    if pdf {
        if let Ok(value) =
            HeaderValue::from_str(&format!("attachment; filename=\"{}\"", report.file_name))
        {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
    } else {
        // The document is one page of Hygie's own making: its inline styles and drawings are
        // allowed, and nothing else.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            ),
        );
    }
    response
}

/// Where the practice stands on its duties: scores, plan, breaches and their clocks, requests.
#[utoipa::path(
    get,
    path = "/api/v1/compliance",
    tag = "compliance",
    responses(
        (status = 200, body = ComplianceFacts),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 500, body = ApiError, description = "The records could not be read"),
    )
)]
pub(super) async fn api_compliance(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewCompliance, true) {
        return refused;
    }
    let lang = user.lang;
    match off_thread(&console, move |facts| facts.compliance(lang)).await {
        Ok(facts) => Json(facts).into_response(),
        Err(problem) => api_failure(&problem),
    }
}
