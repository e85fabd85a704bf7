//! The JSON API's shapes and its OpenAPI document. The document is generated from the
//! handlers' own annotations (`utoipa`), so it cannot drift from the routes, and the tests fuzz
//! the API from it.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::Console;
use super::session::User;
use crate::facts::{
    BreachFact, ClockFact, ComplianceFacts, DomainFact, EntryFact, JournalLine, JournalPage,
    PlanFact, RequestFact, RestoredFact, SnapshotFact,
};
use crate::policy::{Action, Role};

/// The protection at a glance.
#[derive(Serialize, ToSchema)]
pub(super) struct StatusView {
    /// The practice's name.
    pub practice: String,
    /// Backups, attacks, compliance.
    pub lights: Vec<LightView>,
    /// Alerts neither acknowledged nor repaired.
    pub open_alerts: usize,
    /// Who is asking.
    pub user: UserView,
}

/// One light of the dashboard.
#[derive(Serialize, ToSchema)]
pub(super) struct LightView {
    /// `backups`, `attacks` or `compliance`.
    pub name: &'static str,
    /// `green`, `amber` or `red`.
    #[schema(value_type = String, example = "green")]
    pub level: crate::lights::Level,
    /// What the light means, in the asker's language.
    pub text: String,
    /// The one thing to do next.
    pub next_action: String,
}

/// A console account.
#[derive(Serialize, ToSchema)]
pub(super) struct UserView {
    /// Its login.
    pub name: String,
    /// `admin`, `practitioner`, `secretary` or `auditor`.
    #[schema(value_type = String, example = "practitioner")]
    pub role: Role,
}

/// An alert from the sentinel or the mail guard.
#[derive(Serialize, ToSchema)]
pub(super) struct AlertView {
    /// Its number.
    pub id: i64,
    /// `sentinel` or `mail`.
    pub source: String,
    /// When it was raised.
    #[schema(value_type = String, format = DateTime)]
    pub opened: Timestamp,
    /// When what it reports began.
    #[schema(value_type = String, format = DateTime)]
    pub since: Timestamp,
    /// What happened, in one sentence.
    pub summary: String,
    /// When the files were put back, if they were.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub restored: Option<Timestamp>,
    /// Who marked it as seen.
    pub acknowledged_by: Option<String>,
}

/// What a refused or failed request answers.
#[derive(Serialize, ToSchema)]
pub(super) struct ApiError {
    /// `unauthenticated`, `forbidden`, `not_found`, `refused` or `failed`.
    pub error: &'static str,
    /// A sentence for a person, when there is more to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The body of a restore request.
#[derive(Deserialize, ToSchema)]
pub(super) struct RestoreRequest {
    /// The absolute path, as it was backed up, of the file or folder to put back.
    pub path: String,
}

/// The session cookie the API is called with.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.components.get_or_insert_default().add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::session::COOKIE,
                "The session cookie set by signing in at /login with a password and a TOTP code.",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hygie console API",
        description = "The practice's protection as JSON: status, alerts, snapshots and restores. \
                       Every call needs a signed-in session; what each role may do is the console's \
                       Cedar policy."
    ),
    paths(
        super::dashboard::api_status,
        super::alerts::api_alerts,
        super::dashboard::api_users,
        super::backups::api_snapshots,
        super::backups::api_entries,
        super::backups::api_restore,
        super::journal::api_journal,
        super::compliance::api_compliance,
        openapi_document,
    ),
    components(schemas(
        StatusView,
        LightView,
        UserView,
        AlertView,
        ApiError,
        RestoreRequest,
        SnapshotFact,
        EntryFact,
        RestoredFact,
        JournalPage,
        JournalLine,
        ComplianceFacts,
        DomainFact,
        PlanFact,
        BreachFact,
        ClockFact,
        RequestFact
    )),
    modifiers(&SessionCookie),
    security(("session" = []))
)]
struct ApiDoc;

/// The API's OpenAPI 3.1 document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "api",
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
    )
)]
pub(super) async fn openapi_document(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ReadApi, true) {
        return refused;
    }
    Json(openapi()).into_response()
}
