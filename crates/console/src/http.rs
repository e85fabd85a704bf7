//! The console over HTTP: routes, the authenticated [`User`] extractor (a handler that needs a
//! person cannot run without one), CSRF and origin checks on every change, security headers on
//! every response, throttled logins, and pages rendered on the server.

use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hygie_state::State as Store;
use jiff::Timestamp;
use serde::Deserialize;

use crate::auth;
use crate::facts::{ConsoleEvent, Facts};
use crate::lights::{self, Light, Said, SaidArg};
use crate::policy::{Action, Policies, Role};
use crate::text::{Arg, Lang, Texts};

/// Name of the session cookie.
const COOKIE: &str = "hygie_session";
/// How long a session lasts: a working day.
const SESSION_HOURS: i64 = 10;
/// Failed logins before an account is locked.
const MAX_FAILURES: i64 = 5;
/// How long a locked account stays locked.
const LOCK_MINUTES: i64 = 15;
/// The largest request body accepted (forms are a few hundred bytes).
const BODY_LIMIT: usize = 16 * 1024;

const STYLE: &str = include_str!("style.css");

/// Everything the console needs, shared by all requests.
pub struct Console {
    store: Mutex<Store>,
    facts: Arc<dyn Facts>,
    policies: Policies,
    texts: Texts,
    csrf_key: [u8; 32],
    secure_cookies: bool,
}

impl Console {
    /// A console over the practice's state database and `facts`; cookies are marked `Secure`
    /// when it is served over TLS.
    pub fn new(
        store: Store,
        facts: Arc<dyn Facts>,
        secure_cookies: bool,
    ) -> Result<Console, crate::policy::PolicyError> {
        Ok(Console {
            store: Mutex::new(store),
            facts,
            policies: Policies::parse(crate::policy::POLICIES)?,
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
                    SaidArg::Text(text) => Arg::Text(text),
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

/// Serves the console on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    console: Arc<Console>,
) -> std::io::Result<()> {
    axum::serve(listener, app(console)).await
}

/// The console's routes.
pub fn app(console: Arc<Console>) -> Router {
    Router::new()
        .route("/", get(dashboard))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/alertes", get(alerts_page))
        .route("/alertes/{id}/vue", post(acknowledge))
        .route("/style.css", get(style))
        .route("/api/v1/status", get(api_status))
        .route("/api/v1/alerts", get(api_alerts))
        .route("/api/v1/users", get(api_users))
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
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A person signed in. Extracting it checks the session; a handler that takes a `User` cannot
/// run for someone who is not signed in.
pub struct User {
    name: String,
    role: Role,
    token: String,
    lang: Lang,
}

impl User {
    /// May this person do `action`? `None` if so; a refusal is journaled and answered with 403.
    fn may(&self, console: &Console, action: Action, api: bool) -> Option<Response> {
        if console.policies.allows(&self.name, self.role, action) {
            return None;
        }
        console.record(
            "console.refused",
            &self.name,
            false,
            console.msg(
                Lang::Fr,
                "event-refused",
                &[
                    ("action", Arg::Text(action.code())),
                    ("user", Arg::Text(&self.name)),
                ],
            ),
            Some(action.code().to_owned()),
        );
        Some(if api {
            (
                StatusCode::FORBIDDEN,
                Json(serde_json::json!({"error": "forbidden"})),
            )
                .into_response()
        } else {
            let title = console.msg(self.lang, "forbidden-title", &[]);
            let text = console.msg(self.lang, "forbidden-text", &[]);
            (
                StatusCode::FORBIDDEN,
                page(
                    console,
                    self.lang,
                    &title,
                    Some(self),
                    &format!("<p>{}</p>", escape(&text)),
                ),
            )
                .into_response()
        })
    }

    /// Checks that a change comes from the console's own page: same origin, and the form's
    /// token for this session. `None` if so, else the refusal.
    fn check_form(&self, console: &Console, headers: &HeaderMap, csrf: &str) -> Option<Response> {
        if same_origin(headers) && auth::csrf_matches(&console.csrf_key, &self.token, csrf) {
            return None;
        }
        console.record(
            "console.csrf_refused",
            &self.name,
            false,
            console.msg(Lang::Fr, "event-csrf", &[("user", Arg::Text(&self.name))]),
            None,
        );
        Some(StatusCode::FORBIDDEN.into_response())
    }
}

/// Whether the request's `Origin` (when the browser sends one) is the console itself.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin = origin.to_str().unwrap_or("");
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        == Some(host)
}

fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| {
            value.len() == 43
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

impl FromRequestParts<Arc<Console>> for User {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        console: &Arc<Console>,
    ) -> Result<User, Response> {
        let api = parts.uri.path().starts_with("/api/");
        let refuse = || {
            if api {
                (
                    StatusCode::UNAUTHORIZED,
                    Json(serde_json::json!({"error": "unauthenticated"})),
                )
                    .into_response()
            } else {
                Redirect::to("/login").into_response()
            }
        };
        let Some(token) = session_token(&parts.headers) else {
            return Err(refuse());
        };
        let store = console.store();
        let Ok(Some(session)) = store.console_session(&auth::token_hash(&token)) else {
            return Err(refuse());
        };
        let Ok(Some(account)) = store.console_user(&session.user) else {
            return Err(refuse());
        };
        let Some(role) = Role::from_code(&account.role) else {
            return Err(refuse());
        };
        Ok(User {
            name: account.name,
            role,
            token,
            lang: lang_of(&parts.headers),
        })
    }
}

use hygie_texts::escape_html as escape;

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
            format!(
                "<nav><a href=\"/\">{}</a> <a href=\"/alertes\">{}</a> <span>{}</span> <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>{}</button></form></nav>",
                escape(&console.msg(lang, "nav-dashboard", &[])),
                escape(&console.msg(lang, "nav-alerts", &[])),
                escape(&console.msg(
                    lang,
                    "signed-in-as",
                    &[("user", Arg::Text(&user.name)), ("role", Arg::Text(&role))]
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

fn login_form(
    console: &Console,
    lang: Lang,
    problem: Option<&str>,
) -> axum::response::Html<String> {
    let field = |name: &str, id: &str, kind: &str, extra: &str| {
        format!(
            "<label>{}<input name=\"{name}\" type=\"{kind}\" required {extra}></label>",
            escape(&console.msg(lang, id, &[]))
        )
    };
    let problem = problem
        .map(|p| format!("<p class=\"problem\">{}</p>", escape(p)))
        .unwrap_or_default();
    let body = format!(
        "{problem}<form method=\"post\" action=\"/login\">{}{}{}<button>{}</button></form>",
        field("user", "login-user", "text", "autocomplete=\"username\""),
        field(
            "password",
            "login-password",
            "password",
            "autocomplete=\"current-password\""
        ),
        field(
            "code",
            "login-code",
            "text",
            "inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9 ]{6,7}\""
        ),
        escape(&console.msg(lang, "login-submit", &[])),
    );
    page(
        console,
        lang,
        &console.msg(lang, "login-title", &[]),
        None,
        &body,
    )
}

/// Journals a refused sign-in.
fn login_failed(console: &Console, name: &str) {
    let summary = console.msg(Lang::Fr, "event-login-failed", &[("user", Arg::Text(name))]);
    console.record("console.login_failed", name, false, summary, None);
}

/// The answer to a failed sign-in, the same whatever failed.
fn refused_login(console: &Console, lang: Lang) -> Response {
    let problem = console.msg(lang, "login-failed", &[]);
    (
        StatusCode::UNAUTHORIZED,
        login_form(console, lang, Some(&problem)),
    )
        .into_response()
}

async fn login_page(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    login_form(&console, lang_of(&headers), None).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    user: String,
    password: String,
    code: String,
}

async fn login(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = lang_of(&headers);
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let name = form.user.trim().chars().take(64).collect::<String>();
    let now = Timestamp::now();
    let account = console.store().console_user(&name).ok().flatten();
    let Some(account) = account else {
        // Same work and same answer as a wrong password: logins cannot be probed.
        auth::verify_nothing(&form.password);
        login_failed(&console, &name);
        return refused_login(&console, lang);
    };
    if let Some(until) = account.locked_until.filter(|until| *until > now) {
        let until = until.strftime("%H:%M UTC").to_string();
        return (
            StatusCode::TOO_MANY_REQUESTS,
            login_form(
                &console,
                lang,
                Some(&console.msg(lang, "login-locked", &[("until", Arg::Text(&until))])),
            ),
        )
            .into_response();
    }
    let seconds = u64::try_from(now.as_second()).unwrap_or(0);
    let password_ok = auth::verify_password(&form.password, &account.password_hash);
    let step = auth::check_totp(
        &account.totp_secret,
        &form.code,
        seconds,
        account.last_totp_step,
    );
    let (true, Some(step)) = (password_ok, step) else {
        let failures = account.failures + 1;
        let lock = (failures >= MAX_FAILURES).then(|| {
            now.checked_add(jiff::SignedDuration::from_mins(LOCK_MINUTES))
                .unwrap_or(now)
        });
        let _ = console.store().console_failure(&name, lock);
        login_failed(&console, &name);
        if lock.is_some() {
            // Counts are tiny: exact.
            #[allow(clippy::cast_precision_loss)]
            let count = failures as f64;
            console.record(
                "console.locked",
                &name,
                false,
                console.msg(
                    Lang::Fr,
                    "event-locked",
                    &[("user", Arg::Text(&name)), ("count", Arg::Number(count))],
                ),
                None,
            );
        }
        return refused_login(&console, lang);
    };
    let (token, hash) = auth::new_session_token();
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
        .unwrap_or(now);
    let stored = {
        let store = console.store();
        store
            .console_success(&name, step)
            .and_then(|()| store.create_console_session(&hash, &name, expires))
    };
    if stored.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    console.record(
        "console.login",
        &name,
        true,
        console.msg(Lang::Fr, "event-login", &[("user", Arg::Text(&name))]),
        None,
    );
    let secure = if console.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
        SESSION_HOURS * 3600
    );
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.check_form(&console, &headers, &form.csrf) {
        return refused;
    }
    let _ = console
        .store()
        .delete_console_session(&auth::token_hash(&user.token));
    console.record(
        "console.logout",
        &user.name,
        true,
        console.msg(Lang::Fr, "event-logout", &[("user", Arg::Text(&user.name))]),
        None,
    );
    let mut response = Redirect::to("/login").into_response();
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Alerts neither acknowledged nor repaired.
fn open_alerts(console: &Console) -> usize {
    let store = console.store();
    store
        .alerts()
        .unwrap_or_default()
        .iter()
        .filter(|a| a.restored.is_none() && store.acknowledgement(a.id).ok().flatten().is_none())
        .count()
}

fn current_lights(console: &Console) -> (String, [Light; 3]) {
    let facts = console.facts.status();
    let lights = lights::lights(&facts, open_alerts(console), Timestamp::now());
    (facts.practice, lights)
}

async fn dashboard(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewDashboard, false) {
        return refused;
    }
    let lang = user.lang;
    let (practice, lights) = current_lights(&console);
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

async fn alerts_page(State(console): State<Arc<Console>>, user: User) -> Response {
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
        alerts.reverse();
        alerts
            .iter()
            .map(|alert| {
                let when = |at: Timestamp| at.strftime("%Y-%m-%d %H:%M UTC").to_string();
                let state = match (alert.restored, store.acknowledgement(alert.id).ok().flatten()) {
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

async fn acknowledge(
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

async fn api_status(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ReadApi, true) {
        return refused;
    }
    let (practice, lights) = current_lights(&console);
    let lights: Vec<serde_json::Value> = lights
        .iter()
        .map(|l| {
            serde_json::json!({
                "name": l.name,
                "level": l.level,
                "text": console.say(user.lang, &l.text),
                "next_action": console.say(user.lang, &l.next),
            })
        })
        .collect();
    Json(serde_json::json!({
        "practice": practice,
        "lights": lights,
        "open_alerts": open_alerts(&console),
        "user": {"name": user.name, "role": user.role},
    }))
    .into_response()
}

async fn api_alerts(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewAlerts, true) {
        return refused;
    }
    let store = console.store();
    let alerts: Vec<serde_json::Value> = store
        .alerts()
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let ack = store.acknowledgement(a.id).ok().flatten();
            serde_json::json!({
                "id": a.id,
                "source": a.source,
                "opened": a.opened,
                "since": a.since,
                "summary": a.summary,
                "restored": a.restored,
                "acknowledged_by": ack.as_ref().map(|(by, _)| by.clone()),
            })
        })
        .collect();
    Json(alerts).into_response()
}

async fn api_users(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ManageUsers, true) {
        return refused;
    }
    let users: Vec<serde_json::Value> = console
        .store()
        .console_users()
        .unwrap_or_default()
        .into_iter()
        .map(|(name, role)| serde_json::json!({"name": name, "role": role}))
        .collect();
    Json(users).into_response()
}
