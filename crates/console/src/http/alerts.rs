//! Alerts from the sentinel and the mail guard, and their acknowledgement.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

use super::api::{AlertView, ApiError};
use super::session::{CsrfForm, User};
use super::{Console, escape, page, when};
use crate::auth;
use crate::policy::Action;
use crate::text::{Arg, Lang};

pub(super) async fn alerts_page(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewAlerts, false) {
        return refused;
    }
    let lang = user.lang;
    let can_ack = console
        .policies
        .allows(&user.name, user.role, Action::AcknowledgeAlert);
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let rows: Vec<String> = {
        let store = console.store();
        let mut alerts = store.alerts().unwrap_or_default();
        let acknowledgements = store.acknowledgements().unwrap_or_default();
        drop(store);
        alerts.reverse();
        alerts
            .iter()
            .map(|alert| {
                let when = |at: Timestamp| when(lang, at);
                let state = match (alert.restored, acknowledgements.get(&alert.id).cloned()) {
                    (Some(at), _) => console.msg(lang, "alert-restored", &[("when", Arg::Text(&when(at)))]),
                    (None, Some((by, at))) => console.msg(lang, "alert-acknowledged", &[("user", Arg::Text(&by)), ("when", Arg::Text(&when(at)))]),
                    (None, None) => console.msg(lang, "alert-unseen", &[]),
                };
                let button = if can_ack && alert.restored.is_none() {
                    format!(
                        "<form method=\"post\" action=\"/alertes/{}/vue\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button>{}</button></form>",
                        alert.id,
                        escape(&console.msg(lang, "alert-acknowledge", &[]))
                    )
                } else {
                    String::new()
                };
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{button}</td></tr>",
                    alert.id,
                    escape(&when(alert.opened)),
                    escape(&alert.source),
                    escape(&alert.summary),
                    escape(&state)
                )
            })
            .collect()
    };
    let body = if rows.is_empty() {
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
    if let Some(refused) = user.check_form(&console, &headers, &form.csrf) {
        return refused;
    }
    if let Some(refused) = user.may(&console, Action::AcknowledgeAlert, false) {
        return refused;
    }
    match console.store().acknowledge_alert(id, &user.name) {
        Ok(_) => {}
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
            &[("id", Arg::Text(&id_text)), ("user", Arg::Text(&user.name))],
        ),
        Some(format!("alert/{id}")),
    );
    Redirect::to("/alertes").into_response()
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
