//! Alerts from the sentinel and the mail guard, and their acknowledgement.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use hygie_state::StoredAlert;
use jiff::Timestamp;

use super::api::{AlertView, ApiError};
use super::session::{CsrfForm, User};
use super::{Console, escape, failure, off_thread, page, when};
use crate::auth;
use crate::facts::FactsError;
use crate::policy::Action;
use crate::text::{Arg, Lang};

/// Alerts on one page.
const PAGE: usize = 50;

#[derive(serde::Deserialize)]
pub(super) struct PageQuery {
    /// Only alerts numbered below this one: the next page back.
    #[serde(default)]
    avant: Option<i64>,
}

/// What this person's role allows on alerts, asked of the policies once a page.
struct Allowed {
    acknowledge: bool,
    repair: bool,
    declare: bool,
}

impl Allowed {
    fn for_user(console: &Console, user: &User) -> Allowed {
        let allows = |action| console.policies.allows(&user.name, user.role, action);
        Allowed {
            acknowledge: allows(Action::AcknowledgeAlert),
            repair: allows(Action::RestoreFiles),
            declare: allows(Action::DeclareBreach),
        }
    }
}

/// Where an alert stands, in a sentence, and the buttons this person's role allows on it.
fn state_and_actions(
    console: &Console,
    user: &User,
    allowed: &Allowed,
    alert: &StoredAlert,
    acknowledgement: Option<&(String, Timestamp)>,
    csrf: &str,
) -> (String, String) {
    let lang = user.lang;
    let state = match (alert.restored, acknowledgement) {
        (Some(at), _) => console.msg(
            lang,
            "alert-restored",
            &[("when", Arg::text(when(lang, at)))],
        ),
        (None, Some((by, at))) => console.msg(
            lang,
            "alert-acknowledged",
            &[
                ("user", Arg::text(by)),
                ("when", Arg::text(when(lang, *at))),
            ],
        ),
        (None, None) => console.msg(lang, "alert-unseen", &[]),
    };
    let form = |action: &str, label: &str| {
        format!(
            "<form method=\"post\" action=\"/alertes/{}/{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button>{}</button></form>",
            alert.id,
            escape(&console.msg(lang, label, &[]))
        )
    };
    let mut buttons = String::new();
    if allowed.acknowledge && alert.restored.is_none() && acknowledgement.is_none() {
        buttons.push_str(&form("vue", "alert-acknowledge"));
    }
    if allowed.repair && alert.restored.is_none() && alert.source == "sentinel" {
        buttons.push_str(&form("restaurer", "alert-repair"));
    }
    if allowed.declare {
        buttons.push_str(&form("violation", "alert-declare-breach"));
    }
    (state, buttons)
}

/// `/alertes/{id}`: one alert with its evidence in sentences, and what can be done about it.
pub(super) async fn alert_page(
    State(console): State<Arc<Console>>,
    user: User,
    Path(id): Path<i64>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewAlerts, false) {
        return refused;
    }
    let lang = user.lang;
    let (alert, acknowledgement) = {
        let store = console.store();
        (
            store.alert(id).ok().flatten(),
            store.acknowledgement(id).ok().flatten(),
        )
    };
    let Some(alert) = alert else {
        let problem = FactsError::NotFound(console.msg(lang, "alert-not-found", &[]));
        return failure(&console, &user, &problem);
    };
    let evidence = match off_thread(&console, move |facts| facts.alert_evidence(id)).await {
        Ok(sentences) => sentences,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let allowed = Allowed::for_user(&console, &user);
    let (state, buttons) = state_and_actions(
        &console,
        &user,
        &allowed,
        &alert,
        acknowledgement.as_ref(),
        &csrf,
    );
    let lines: String = evidence
        .iter()
        .map(|sentence| match sentence.strip_prefix("  ") {
            Some(path) => format!("<li><code>{}</code></li>", escape(path)),
            None => format!("<li>{}</li>", escape(sentence)),
        })
        .collect();
    let body = format!(
        "<p class=\"summary\">{}</p><p>{}</p><ul class=\"evidence\">{lines}</ul><div class=\"actions\">{buttons}</div><p><a href=\"/alertes\">{}</a></p>",
        escape(&alert.summary),
        escape(&state),
        escape(&console.msg(lang, "nav-alerts", &[])),
    );
    let title = console.msg(lang, "alert-title", &[("id", Arg::text(id.to_string()))]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

pub(super) async fn alerts_page(
    State(console): State<Arc<Console>>,
    user: User,
    Query(query): Query<PageQuery>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewAlerts, false) {
        return refused;
    }
    let lang = user.lang;
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let allowed = Allowed::for_user(&console, &user);
    let oldest;
    let rows: Vec<String> = {
        let store = console.store();
        let alerts = store.recent_alerts(query.avant, PAGE).unwrap_or_default();
        let acknowledgements = store.acknowledgements().unwrap_or_default();
        drop(store);
        oldest = (alerts.len() == PAGE)
            .then(|| alerts.last().map(|a| a.id))
            .flatten();
        alerts
            .iter()
            .map(|alert| {
                let (state, buttons) =
                    state_and_actions(&console, &user, &allowed, alert, acknowledgements.get(&alert.id), &csrf);
                format!(
                    "<tr><td><a href=\"/alertes/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}{buttons}</td></tr>",
                    escape(&when(lang, alert.opened)),
                    escape(&alert.source),
                    escape(&alert.summary),
                    escape(&state),
                    id = alert.id,
                )
            })
            .collect()
    };
    let mut body = if rows.is_empty() {
        format!("<p>{}</p>", escape(&console.msg(lang, "alerts-none", &[])))
    } else {
        let head: Vec<String> = [
            "alert-col-number",
            "alert-col-when",
            "alert-col-source",
            "alert-col-what",
            "alert-col-state",
        ]
        .iter()
        .map(|id| format!("<th>{}</th>", escape(&console.msg(lang, id, &[]))))
        .collect();
        format!(
            "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            head.concat(),
            rows.concat()
        )
    };
    if let Some(oldest) = oldest {
        body.push_str(&format!(
            "<p><a href=\"/alertes?avant={oldest}\">{}</a></p>",
            escape(&console.msg(lang, "alerts-older", &[]))
        ));
    }
    let title = console.msg(lang, "alerts-title", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

pub(super) async fn acknowledge(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::AcknowledgeAlert)
    {
        return refused;
    }
    match console.store().acknowledge_alert(id, &user.name) {
        Ok(true) => {}
        // No such alert, or already seen: nothing changes and nothing is journaled.
        Ok(false) => return Redirect::to("/alertes").into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let id_text = id.to_string();
    console.record(
        "console.alert_acknowledged",
        &user.name,
        true,
        console.msg(
            Lang::Fr,
            "event-acknowledged",
            &[("id", Arg::text(&id_text)), ("user", Arg::text(&user.name))],
        ),
        Some(format!("alert/{id}")),
    );
    Redirect::to("/alertes").into_response()
}

/// `/alertes/{id}/restaurer`: puts back every file the attack touched.
pub(super) async fn repair(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::RestoreFiles) {
        return refused;
    }
    let lang = user.lang;
    let name = user.name.clone();
    let (sentences, complete) =
        match off_thread(&console, move |facts| facts.repair_incident(&name, id)).await {
            Ok(done) => done,
            Err(problem) => return failure(&console, &user, &problem),
        };
    let class = if complete { "done" } else { "problem" };
    let text: String = sentences
        .iter()
        .map(|s| format!("<p class=\"{class}\">{}</p>", escape(s.trim())))
        .collect();
    let title = console.msg(lang, "alert-repaired-title", &[]);
    page(
        &console,
        lang,
        &title,
        Some(&user),
        &format!(
            "{text}<p><a href=\"/alertes\">{}</a></p>",
            escape(&console.msg(lang, "nav-alerts", &[]))
        ),
    )
    .into_response()
}

/// `/alertes/{id}/violation`: opens a data breach from the alert, then shows its clocks.
pub(super) async fn declare_breach(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::DeclareBreach) {
        return refused;
    }
    let name = user.name.clone();
    match off_thread(&console, move |facts| facts.open_breach(&name, id)).await {
        Ok(_) => Redirect::to("/conformite").into_response(),
        Err(problem) => failure(&console, &user, &problem),
    }
}

/// Every alert, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/alerts",
    tag = "alerts",
    responses(
        (status = 200, body = Vec<AlertView>),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
    )
)]
pub(super) async fn api_alerts(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewAlerts, true) {
        return refused;
    }
    let (alerts, acknowledgements) = {
        let store = console.store();
        (
            store.alerts().unwrap_or_default(),
            store.acknowledgements().unwrap_or_default(),
        )
    };
    let alerts: Vec<AlertView> = alerts
        .into_iter()
        .map(|a| AlertView {
            acknowledged_by: acknowledgements.get(&a.id).map(|(by, _)| by.clone()),
            id: a.id,
            source: a.source,
            opened: a.opened,
            since: a.since,
            summary: a.summary,
            restored: a.restored,
        })
        .collect();
    Json(alerts).into_response()
}
