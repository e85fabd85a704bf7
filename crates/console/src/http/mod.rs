//! The console over HTTP: routes, the authenticated [`User`] extractor (a handler that needs a
//! person cannot run without one), CSRF and origin checks on every change, security headers on
//! every response, throttled logins, and pages rendered on the server.

use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hygie_state::State as Store;
use jiff::Timestamp;

use crate::auth;
use crate::facts::{ConsoleEvent, Facts, FactsError};
use crate::lights::{Said, SaidArg};
use crate::policy::{Action, Policies};
use crate::text::{Arg, Lang, Texts};

mod alerts;
mod api;
mod backups;
mod compliance;
mod dashboard;
mod journal;
mod session;
mod settings;

use api::ApiError;
pub use api::openapi;
pub use session::User;
use session::lang_of;

/// The largest request body accepted (forms are a few hundred bytes).
const BODY_LIMIT: usize = 16 * 1024;

const STYLE: &str = include_str!("../style.css");

/// Everything the console needs, shared by all requests.
pub struct Console {
    store: Mutex<Store>,
    facts: Arc<dyn Facts>,
    policies: Policies,
    texts: Texts,
    csrf_key: [u8; 32],
    secure_cookies: bool,
    /// Each role's menu, from the policies once: every page shows it.
    menus: std::collections::HashMap<crate::policy::Role, Vec<(&'static str, &'static str)>>,
}

impl Console {
    /// A console over the practice's state database and `facts`; cookies are marked `Secure`
    /// when it is served over TLS.
    pub fn new(
        store: Store,
        facts: Arc<dyn Facts>,
        secure_cookies: bool,
    ) -> Result<Console, crate::policy::PolicyError> {
        let policies = Policies::parse(crate::policy::POLICIES)?;
        // The policies speak of roles only; a menu is the same for everyone holding a role.
        let menus = crate::policy::Role::ALL
            .into_iter()
            .map(|role| {
                let pages = NAV
                    .iter()
                    .filter(|(_, _, action)| policies.allows("menu", role, *action))
                    .map(|(href, id, _)| (*href, *id))
                    .collect();
                (role, pages)
            })
            .collect();
        Ok(Console {
            store: Mutex::new(store),
            facts,
            menus,
            policies,
            texts: Texts::default(),
            csrf_key: auth::new_key(),
            secure_cookies,
        })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the database half-written (SQLite
        // transactions); the connection stays usable.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn msg(&self, lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.texts.get(lang, id, args)
    }

    fn say(&self, lang: Lang, said: &Said) -> String {
        let args: Vec<(&str, Arg<'_>)> = said
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    // Small counts: exact.
                    #[allow(clippy::cast_precision_loss)]
                    SaidArg::Number(n) => Arg::Number(*n as f64),
                    SaidArg::Text(text) => Arg::text(text),
                };
                (*name, value)
            })
            .collect();
        self.texts.get(lang, said.id, &args)
    }

    fn record(
        &self,
        action: &'static str,
        user: &str,
        success: bool,
        summary: String,
        subject: Option<String>,
    ) {
        self.facts.record(ConsoleEvent {
            action,
            user: user.to_owned(),
            success,
            summary,
            subject,
        });
    }
}

/// Serves the console on `listener` until the process ends; over TLS when `tls` is given
/// (the console's cookies are then marked `Secure`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    console: Arc<Console>,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> std::io::Result<()> {
    match tls {
        None => axum::serve(listener, app(console)).await,
        Some(tls) => axum::serve(hygie_tls::TlsListener::new(listener, tls)?, app(console)).await,
    }
}

/// The console's routes.
pub fn app(console: Arc<Console>) -> Router {
    Router::new()
        .route("/", get(dashboard::dashboard))
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/alertes", get(alerts::alerts_page))
        .route("/alertes/{id}", get(alerts::alert_page))
        .route("/alertes/{id}/vue", post(alerts::acknowledge))
        .route("/alertes/{id}/restaurer", post(alerts::repair))
        .route("/alertes/{id}/violation", post(alerts::declare_breach))
        .route("/sauvegardes", get(backups::backups_page))
        .route("/sauvegardes/{id}", get(backups::snapshot_page))
        .route("/sauvegardes/{id}/restaurer", post(backups::restore))
        .route("/conformite", get(compliance::compliance_page))
        .route("/conformite/documents/{kind}", get(compliance::document))
        .route("/reglages", get(settings::settings_page))
        .route("/reglages/comptes", post(settings::add_account))
        .route(
            "/reglages/comptes/{name}/supprimer",
            post(settings::remove_account),
        )
        .route("/journal", get(journal::journal_page))
        .route("/journal/verifier", post(journal::verify))
        .route("/style.css", get(style))
        .route("/api/v1/status", get(dashboard::api_status))
        .route("/api/v1/alerts", get(alerts::api_alerts))
        .route("/api/v1/users", get(dashboard::api_users))
        .route("/api/v1/snapshots", get(backups::api_snapshots))
        .route("/api/v1/snapshots/{id}/entries", get(backups::api_entries))
        .route("/api/v1/snapshots/{id}/restore", post(backups::api_restore))
        .route("/api/v1/journal", get(journal::api_journal))
        .route("/api/v1/compliance", get(compliance::api_compliance))
        .route("/api/v1/openapi.json", get(api::openapi_document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(console)
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // `same-origin`, not `no-referrer`: with the latter, browsers send `Origin: null` on
        // the console's own forms, which the origin check must refuse.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        // A handler may set a stricter or a narrower policy of its own (a printed document's
        // inline styles); every other header is the same for all.
        if name != header::CONTENT_SECURITY_POLICY || !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

use hygie_texts::escape_html as escape;

/// An instant as people at the practice read it: the machine's time zone, day first in French.
fn when(lang: Lang, at: Timestamp) -> String {
    let local = at.to_zoned_datetime(jiff::tz::TimeZone::system());
    match lang {
        Lang::Fr => local.strftime("%d/%m/%Y %H:%M").to_string(),
        Lang::En => local.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

/// The pages of the menu: where, its name, and what a role must be allowed to see it.
const NAV: [(&str, &str, Action); 6] = [
    ("/", "nav-dashboard", Action::ViewDashboard),
    ("/alertes", "nav-alerts", Action::ViewAlerts),
    ("/sauvegardes", "nav-backups", Action::ViewBackups),
    ("/conformite", "nav-compliance", Action::ViewCompliance),
    ("/journal", "nav-journal", Action::ViewJournal),
    ("/reglages", "nav-settings", Action::ManageUsers),
];

fn page(
    console: &Console,
    lang: Lang,
    title: &str,
    user: Option<&User>,
    body: &str,
) -> axum::response::Html<String> {
    let nav = match user {
        Some(user) => {
            let role = console.msg(lang, &format!("role-{}", user.role.code()), &[]);
            // Only the pages this person's role opens.
            let links: String = console
                .menus
                .get(&user.role)
                .into_iter()
                .flatten()
                .map(|(href, id)| {
                    format!(
                        "<a href=\"{href}\">{}</a> ",
                        escape(&console.msg(lang, id, &[]))
                    )
                })
                .collect();
            format!(
                "<nav>{links}<span>{}</span> <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>{}</button></form></nav>",
                escape(&console.msg(
                    lang,
                    "signed-in-as",
                    &[("user", Arg::text(&user.name)), ("role", Arg::text(&role))]
                )),
                auth::csrf_token(&console.csrf_key, &user.token),
                escape(&console.msg(lang, "nav-logout", &[])),
            )
        }
        None => String::new(),
    };
    axum::response::Html(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header><strong>{}</strong>{nav}</header>\n<main>\n<h1>{}</h1>\n{body}\n</main>\n</body>\n</html>\n",
        lang.code(),
        escape(title),
        escape(&console.msg(lang, "app-title", &[])),
        escape(&console.msg(lang, "app-title", &[])),
        escape(title),
    ))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

async fn not_found(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let title = console.msg(lang, "not-found-title", &[]);
    (
        StatusCode::NOT_FOUND,
        page(&console, lang, &title, None, ""),
    )
        .into_response()
}

/// The status and page for an error of the facts.
fn failure(console: &Console, user: &User, problem: &FactsError) -> Response {
    let status = status_of(problem);
    let title = console.msg(user.lang, "backups-problem", &[]);
    (
        status,
        page(
            console,
            user.lang,
            &title,
            Some(user),
            &format!("<p class=\"problem\">{}</p>", escape(&problem.to_string())),
        ),
    )
        .into_response()
}

fn status_of(problem: &FactsError) -> StatusCode {
    match problem {
        FactsError::NotFound(_) => StatusCode::NOT_FOUND,
        FactsError::Refused(_) => StatusCode::BAD_REQUEST,
        FactsError::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn api_failure(problem: &FactsError) -> Response {
    let error = match problem {
        FactsError::NotFound(_) => "not_found",
        FactsError::Refused(_) => "refused",
        FactsError::Failed(_) => "failed",
    };
    (
        status_of(problem),
        Json(ApiError {
            error,
            message: Some(problem.to_string()),
        }),
    )
        .into_response()
}

/// Runs `work` on the facts away from the request threads: the vault reads files.
async fn off_thread<T: Send + 'static>(
    console: &Arc<Console>,
    work: impl FnOnce(&dyn crate::facts::Facts) -> Result<T, FactsError> + Send + 'static,
) -> Result<T, FactsError> {
    let facts = Arc::clone(&console.facts);
    tokio::task::spawn_blocking(move || work(facts.as_ref()))
        .await
        .unwrap_or_else(|e| Err(FactsError::Failed(e.to_string())))
}

/// A table with translated column heads.
fn table(console: &Console, lang: Lang, heads: &[&str], rows: &[String]) -> String {
    let head: String = heads
        .iter()
        .map(|id| format!("<th>{}</th>", escape(&console.msg(lang, id, &[]))))
        .collect();
    format!(
        "<table><thead><tr>{head}</tr></thead><tbody>{}</tbody></table>",
        rows.concat()
    )
}

/// What stays as it is in a query value: RFC 3986's unreserved characters, and `/` (paths
/// read better with their slashes).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a path for a query string.
fn query_escape(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_paths_are_percent_encoded() {
        assert_eq!(
            query_escape("/srv/Lefèvre Zoé&x"),
            "/srv/Lef%C3%A8vre%20Zo%C3%A9%26x"
        );
    }
}
