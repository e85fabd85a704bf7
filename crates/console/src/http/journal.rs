//! Journal: the tamper-evident journal searched and paged from the newest entry, where its
//! checkpoints and witness stand, and a verification from its first entry on request.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::ApiError;
use super::session::{CsrfForm, User};
use super::{Console, api_failure, escape, failure, off_thread, page, query_escape, table, when};
use crate::auth;
use crate::facts::{JournalLine, JournalPage};
use crate::policy::Action;
use crate::text::{Arg, Lang};

/// Entries on one page.
const PAGE: usize = 50;
/// The longest search text kept.
const LONGEST_SEARCH: usize = 200;

/// A search as a page or a script sends it.
fn search_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().chars().take(LONGEST_SEARCH).collect::<String>())
        .filter(|t| !t.is_empty())
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    #[serde(default)]
    recherche: Option<String>,
    #[serde(default)]
    avant: Option<u64>,
}

fn line_row(lang: Lang, console: &Console, line: &JournalLine) -> String {
    let outcome = match line.success {
        Some(true) => console.msg(lang, "journal-success", &[]),
        Some(false) => console.msg(lang, "journal-failure", &[]),
        None => String::new(),
    };
    format!(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        line.seq,
        escape(&when(lang, line.at)),
        escape(&line.kind),
        escape(&line.actor),
        escape(&line.summary),
        escape(&outcome),
    )
}

fn health(lang: Lang, console: &Console, journal: &JournalPage) -> String {
    // Entry counts: exact in a double up to 2^53.
    #[allow(clippy::cast_precision_loss)]
    let size = Arg::Number(journal.size as f64);
    let mut facts = vec![console.msg(lang, "journal-size", &[("count", size)])];
    facts.push(match (journal.checkpoint_size, journal.checkpoint_at) {
        (Some(size), Some(at)) => {
            #[allow(clippy::cast_precision_loss)]
            let size = Arg::Number(size as f64);
            console.msg(
                lang,
                "journal-checkpoint",
                &[("size", size), ("when", Arg::text(when(lang, at)))],
            )
        }
        _ => console.msg(lang, "journal-no-checkpoint", &[]),
    });
    facts.push(match &journal.witness {
        Some(place) => console.msg(lang, "journal-witness", &[("place", Arg::text(place))]),
        None => console.msg(lang, "journal-no-witness", &[]),
    });
    let items: String = facts
        .iter()
        .map(|f| format!("<li>{}</li>", escape(f)))
        .collect();
    format!("<ul class=\"facts\">{items}</ul>")
}

pub(super) async fn journal_page(
    State(console): State<Arc<Console>>,
    user: User,
    Query(query): Query<PageQuery>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewJournal, false) {
        return refused;
    }
    let lang = user.lang;
    let search = search_text(query.recherche);
    let journal = {
        let (search, before) = (search.clone(), query.avant);
        off_thread(&console, move |facts| {
            facts.journal(search.as_deref(), before, PAGE)
        })
        .await
    };
    let journal = match journal {
        Ok(journal) => journal,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let mut body = health(lang, &console, &journal);
    body.push_str(&format!(
        "<form method=\"post\" action=\"/journal/verifier\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button>{}</button></form>",
        escape(&console.msg(lang, "journal-verify", &[]))
    ));
    body.push_str(&format!(
        "<form method=\"get\" action=\"/journal\" class=\"search\"><label>{}<input name=\"recherche\" type=\"search\" maxlength=\"{LONGEST_SEARCH}\" value=\"{}\"></label><button>{}</button></form>",
        escape(&console.msg(lang, "journal-search", &[])),
        escape(search.as_deref().unwrap_or("")),
        escape(&console.msg(lang, "journal-search-button", &[])),
    ));
    if journal.lines.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(&console.msg(lang, "journal-nothing", &[]))
        ));
    } else {
        let rows: Vec<String> = journal
            .lines
            .iter()
            .map(|line| line_row(lang, &console, line))
            .collect();
        body.push_str(&table(
            &console,
            lang,
            &[
                "journal-col-number",
                "journal-col-when",
                "journal-col-kind",
                "journal-col-who",
                "journal-col-what",
                "journal-col-outcome",
            ],
            &rows,
        ));
    }
    if let (true, Some(oldest)) = (journal.lines.len() == PAGE, journal.lines.last()) {
        let search = search
            .as_deref()
            .map(|s| format!("&recherche={}", query_escape(s)))
            .unwrap_or_default();
        body.push_str(&format!(
            "<p><a href=\"/journal?avant={}{}\">{}</a></p>",
            oldest.seq,
            escape(&search),
            escape(&console.msg(lang, "journal-older", &[]))
        ));
    }
    let title = console.msg(lang, "nav-journal", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

pub(super) async fn verify(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::ViewJournal) {
        return refused;
    }
    let lang = user.lang;
    let name = user.name.clone();
    let check = match off_thread(&console, move |facts| facts.verify_journal(&name)).await {
        Ok(check) => check,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let class = if check.intact { "done" } else { "problem" };
    let sentences: String = check
        .sentences
        .iter()
        .map(|s| format!("<p class=\"{class}\">{}</p>", escape(s)))
        .collect();
    let title = console.msg(lang, "journal-verified-title", &[]);
    page(
        &console,
        lang,
        &title,
        Some(&user),
        &format!(
            "{sentences}<p><a href=\"/journal\">{}</a></p>",
            escape(&console.msg(lang, "nav-journal", &[]))
        ),
    )
    .into_response()
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ApiQuery {
    /// Only entries whose record contains this text (ASCII letters in any case).
    #[serde(default)]
    containing: Option<String>,
    /// Only entries numbered below this one: the next page back.
    #[serde(default)]
    before: Option<u64>,
    /// At most this many entries (1 to 500; 50 when absent).
    #[serde(default)]
    limit: Option<usize>,
}

/// The journal, newest first, with where its checkpoints and witness stand.
#[utoipa::path(
    get,
    path = "/api/v1/journal",
    tag = "journal",
    params(ApiQuery),
    responses(
        (status = 200, body = JournalPage),
        (status = 400, body = String, description = "A malformed query"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 500, body = ApiError, description = "The journal could not be read"),
    )
)]
pub(super) async fn api_journal(
    State(console): State<Arc<Console>>,
    user: User,
    Query(query): Query<ApiQuery>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewJournal, true) {
        return refused;
    }
    let search = search_text(query.containing);
    let limit = query.limit.unwrap_or(PAGE).clamp(1, 500);
    let before = query.before;
    match off_thread(&console, move |facts| {
        facts.journal(search.as_deref(), before, limit)
    })
    .await
    {
        Ok(journal) => Json(journal).into_response(),
        Err(problem) => api_failure(&problem),
    }
}
