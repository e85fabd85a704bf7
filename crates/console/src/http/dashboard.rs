//! The dashboard's three lights, and the same facts as JSON.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

use super::api::{ApiError, LightView, StatusView, UserView};
use super::session::User;
use super::{Console, escape, off_thread, page};
use crate::lights::{self, Light};
use crate::policy::{Action, Role};

/// Alerts neither acknowledged nor repaired.
pub(super) fn open_alerts(console: &Console) -> usize {
    console.store().unattended_alerts().unwrap_or(0)
}

/// The practice's name, the three lights, and the count of alerts nobody attended to.
async fn current_lights(console: &Arc<Console>) -> (String, [Light; 3], usize) {
    // The last gathering, at once; before the first one, off the request threads.
    let facts = match console.facts.cached_status() {
        Some(facts) => facts,
        None => off_thread(console, |facts| Ok(facts.status()))
            .await
            .unwrap_or_default(),
    };
    let open = open_alerts(console);
    let lights = lights::lights(&facts, open, Timestamp::now());
    (facts.practice, lights, open)
}

pub(super) async fn dashboard(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewDashboard, false) {
        return refused;
    }
    let lang = user.lang;
    let (practice, lights, _) = current_lights(&console).await;
    let mut body = format!(
        "<p class=\"practice\">{}</p><div class=\"lights\">",
        escape(&practice)
    );
    for light in &lights {
        let level = match light.level {
            lights::Level::Green => "green",
            lights::Level::Amber => "amber",
            lights::Level::Red => "red",
        };
        body.push_str(&format!(
            "<section class=\"light {level}\"><h2>{}</h2><p class=\"level\">{}</p><p>{}</p><p class=\"next\">{}</p></section>",
            escape(&console.msg(lang, &format!("light-{}", light.name), &[])),
            escape(&console.msg(lang, &format!("light-{level}"), &[])),
            escape(&console.say(lang, &light.text)),
            escape(&console.say(lang, &light.next)),
        ));
    }
    body.push_str("</div>");
    let title = console.msg(lang, "nav-dashboard", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

/// The protection at a glance: the dashboard's three lights.
#[utoipa::path(
    get,
    path = "/api/v1/status",
    tag = "status",
    responses(
        (status = 200, body = StatusView),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
    )
)]
pub(super) async fn api_status(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ReadApi, true) {
        return refused;
    }
    let (practice, lights, open) = current_lights(&console).await;
    let lights: Vec<LightView> = lights
        .iter()
        .map(|l| LightView {
            name: l.name,
            level: l.level,
            text: console.say(user.lang, &l.text),
            next_action: console.say(user.lang, &l.next),
        })
        .collect();
    Json(StatusView {
        practice,
        lights,
        open_alerts: open,
        user: UserView {
            name: user.name.clone(),
            role: user.role,
        },
    })
    .into_response()
}

/// The console's accounts and their roles.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    responses(
        (status = 200, body = Vec<UserView>),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
    )
)]
pub(super) async fn api_users(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ManageUsers, true) {
        return refused;
    }
    let users: Vec<UserView> = console
        .store()
        .console_users()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, role)| {
            Some(UserView {
                name,
                role: Role::from_code(&role)?,
            })
        })
        .collect();
    Json(users).into_response()
}
