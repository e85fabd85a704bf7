//! Who is asking: sign-in with a password and a TOTP code, the session cookie, the
//! authenticated [`User`] extractor, and the checks every change goes through.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;

use super::api::ApiError;
use super::{Console, escape, page};
use crate::auth;
use crate::policy::{Action, Role};
use crate::text::{Arg, Lang};

/// Name of the session cookie.
pub(super) const COOKIE: &str = "hygie_session";
/// How long a session lasts: a working day.
const SESSION_HOURS: i64 = 10;
/// Failed logins before an account is locked.
const MAX_FAILURES: i64 = 5;
/// How long a locked account stays locked.
const LOCK_MINUTES: i64 = 15;

/// A person signed in. Extracting it checks the session; a handler that takes a `User` cannot
/// run for someone who is not signed in.
pub struct User {
    pub(super) name: String,
    pub(super) role: Role,
    pub(super) token: String,
    pub(super) lang: Lang,
}

impl User {
    /// May this person do `action`? `None` if so; a refusal is journaled and answered with 403.
    pub(super) fn may(&self, console: &Console, action: Action, api: bool) -> Option<Response> {
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
                    ("action", Arg::text(action.code())),
                    ("user", Arg::text(&self.name)),
                ],
            ),
            Some(action.code().to_owned()),
        );
        Some(if api {
            (
                StatusCode::FORBIDDEN,
                Json(ApiError {
                    error: "forbidden",
                    message: None,
                }),
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

    /// A change made from the console's own page by someone whose role allows `action`:
    /// `None` if so, else the refusal (journaled).
    pub(super) fn may_change(
        &self,
        console: &Console,
        headers: &HeaderMap,
        csrf: &str,
        action: Action,
    ) -> Option<Response> {
        self.check_form(console, headers, csrf)
            .or_else(|| self.may(console, action, false))
    }

    /// Checks that a change comes from the console's own page: same origin, and the form's
    /// token for this session. `None` if so, else the refusal.
    pub(super) fn check_form(
        &self,
        console: &Console,
        headers: &HeaderMap,
        csrf: &str,
    ) -> Option<Response> {
        if same_origin(headers) && auth::csrf_matches(&console.csrf_key, &self.token, csrf) {
            return None;
        }
        Some(self.refuse_forgery(console))
    }

    /// Checks that a request without a form (the API's JSON) does not come from another site's
    /// page. `None` if so, else the refusal.
    pub(super) fn check_origin(&self, console: &Console, headers: &HeaderMap) -> Option<Response> {
        (!same_origin(headers)).then(|| self.refuse_forgery(console))
    }

    /// Refuses a request that may be forged by another site, and journals it.
    fn refuse_forgery(&self, console: &Console) -> Response {
        console.record(
            "console.csrf_refused",
            &self.name,
            false,
            console.msg(Lang::Fr, "event-csrf", &[("user", Arg::text(&self.name))]),
            None,
        );
        StatusCode::FORBIDDEN.into_response()
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

pub(super) fn lang_of(headers: &HeaderMap) -> Lang {
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
                    Json(ApiError {
                        error: "unauthenticated",
                        message: None,
                    }),
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
    let summary = console.msg(Lang::Fr, "event-login-failed", &[("user", Arg::text(name))]);
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

pub(super) async fn login_page(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
) -> Response {
    login_form(&console, lang_of(&headers), None).into_response()
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    user: String,
    password: String,
    code: String,
}

pub(super) async fn login(
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
        let password = form.password;
        let _ = tokio::task::spawn_blocking(move || auth::verify_nothing(&password)).await;
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
                Some(&console.msg(lang, "login-locked", &[("until", Arg::text(&until))])),
            ),
        )
            .into_response();
    }
    let seconds = u64::try_from(now.as_second()).unwrap_or(0);
    // Argon2id takes a moment: off the request threads.
    let (password, hash) = (form.password, account.password_hash.clone());
    let password_ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let step = auth::check_totp(
        &account.totp_secret,
        &form.code,
        seconds,
        account.last_totp_step,
    );
    // The step is claimed in the database: a code replayed at the same moment fails there.
    let claimed = match (password_ok, step) {
        (true, Some(step)) => match console.store().console_success(&name, step) {
            Ok(claimed) => claimed,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        _ => false,
    };
    if !claimed {
        let until = now
            .checked_add(jiff::SignedDuration::from_mins(LOCK_MINUTES))
            .unwrap_or(now);
        let failures = console
            .store()
            .console_failure(&name, MAX_FAILURES, until)
            .unwrap_or(0);
        login_failed(&console, &name);
        if failures == MAX_FAILURES {
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
                    &[("user", Arg::text(&name)), ("count", Arg::Number(count))],
                ),
                None,
            );
        }
        return refused_login(&console, lang);
    }
    let (token, hash) = auth::new_session_token();
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
        .unwrap_or(now);
    let stored = console
        .store()
        .create_console_session(&hash, &name, expires);
    if stored.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    console.record(
        "console.login",
        &name,
        true,
        console.msg(Lang::Fr, "event-login", &[("user", Arg::text(&name))]),
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
pub(super) struct CsrfForm {
    pub(super) csrf: String,
}

pub(super) async fn logout(
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
        console.msg(Lang::Fr, "event-logout", &[("user", Arg::text(&user.name))]),
        None,
    );
    let mut response = Redirect::to("/login").into_response();
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
