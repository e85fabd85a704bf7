//! Réglages: the practice's settings as its configuration file holds them (read-only: they are
//! changed in `hygie.toml`, then Hygie is restarted), and the console's accounts — created,
//! reset or removed here by an administrator, each change journaled.

use std::sync::Arc;

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::session::{CsrfForm, User};
use super::{Console, escape, failure, off_thread, page, table};
use crate::auth;
use crate::facts::FactsError;
use crate::policy::{Action, Role};
use crate::text::{Arg, Lang};

fn users_section(console: &Console, lang: Lang, user: &User) -> String {
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let accounts = console.store().console_users().unwrap_or_default();
    let rows: Vec<String> = accounts
        .iter()
        .map(|(name, role)| {
            let remove = if *name == user.name {
                String::new()
            } else {
                format!(
                    "<form method=\"post\" action=\"/reglages/comptes/{}/supprimer\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button>{}</button></form>",
                    escape(name),
                    escape(&console.msg(lang, "settings-remove", &[]))
                )
            };
            format!(
                "<tr><td>{}</td><td>{}</td><td>{remove}</td></tr>",
                escape(name),
                escape(&console.msg(lang, &format!("role-{role}"), &[]))
            )
        })
        .collect();
    let options: String = Role::ALL
        .iter()
        .map(|role| {
            format!(
                "<option value=\"{}\">{}</option>",
                role.code(),
                escape(&console.msg(lang, &format!("role-{}", role.code()), &[]))
            )
        })
        .collect();
    format!(
        "<h2>{}</h2>{}<h3>{}</h3><p>{}</p><form method=\"post\" action=\"/reglages/comptes\" class=\"account\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><label>{}<input name=\"nom\" required maxlength=\"64\" pattern=\"[A-Za-z0-9.@_\\-]+\"></label><label>{}<select name=\"role\">{options}</select></label><label>{}<input name=\"mot_de_passe\" type=\"password\" required autocomplete=\"new-password\"></label><button>{}</button></form>",
        escape(&console.msg(lang, "settings-accounts", &[])),
        table(
            console,
            lang,
            &[
                "settings-col-login",
                "settings-col-role",
                "settings-col-action"
            ],
            &rows
        ),
        escape(&console.msg(lang, "settings-add-title", &[])),
        escape(&console.msg(lang, "settings-add-explained", &[])),
        escape(&console.msg(lang, "login-user", &[])),
        escape(&console.msg(lang, "settings-role", &[])),
        escape(&console.msg(lang, "login-password", &[])),
        escape(&console.msg(lang, "settings-add", &[])),
    )
}

pub(super) async fn settings_page(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ManageUsers, false) {
        return refused;
    }
    let lang = user.lang;
    let groups = match off_thread(&console, |facts| facts.settings()).await {
        Ok(groups) => groups,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let mut body = format!(
        "<p>{}</p>",
        escape(&console.msg(lang, "settings-explained", &[]))
    );
    for group in &groups {
        let rows: Vec<String> = group
            .items
            .iter()
            .map(|item| {
                format!(
                    "<tr><td><code>{}</code></td><td>{}</td></tr>",
                    escape(&item.label),
                    escape(&item.value)
                )
            })
            .collect();
        body.push_str(&format!("<h2>[{}]</h2>", escape(&group.title)));
        body.push_str(&table(
            &console,
            lang,
            &["settings-col-key", "settings-col-value"],
            &rows,
        ));
    }
    body.push_str(&users_section(&console, lang, &user));
    let title = console.msg(lang, "nav-settings", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

#[derive(Deserialize)]
pub(super) struct AccountForm {
    csrf: String,
    nom: String,
    role: String,
    mot_de_passe: String,
}

fn refused(console: &Console, user: &User, text: String) -> Response {
    failure(console, user, &FactsError::Refused(text))
}

pub(super) async fn add_account(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Form(form): Form<AccountForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::ManageUsers) {
        return refused;
    }
    let lang = user.lang;
    let name = form.nom.trim().to_owned();
    if !auth::valid_login(&name) {
        return refused(
            &console,
            &user,
            console.msg(lang, "settings-bad-login", &[]),
        );
    }
    if name == user.name {
        // Resetting one's own account could leave the practice without an administrator.
        return refused(
            &console,
            &user,
            console.msg(lang, "settings-not-yourself", &[]),
        );
    }
    let Some(role) = Role::from_code(&form.role) else {
        return refused(&console, &user, console.msg(lang, "settings-bad-role", &[]));
    };
    if let Err(weak) = auth::check_strength(&name, &form.mot_de_passe) {
        let problem = weak.to_string();
        return refused(
            &console,
            &user,
            console.msg(lang, "settings-weak", &[("problem", Arg::text(&problem))]),
        );
    }
    // Argon2id takes a moment: off the request threads.
    let password = form.mot_de_passe;
    let hashed = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await;
    let Ok(Ok(hash)) = hashed else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let secret = auth::new_totp_secret();
    if console
        .store()
        .put_console_user(&name, role.code(), &hash, &secret)
        .is_err()
    {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    console.record(
        "console.user_set",
        &user.name,
        true,
        console.msg(
            Lang::Fr,
            "event-user-set",
            &[
                ("user", Arg::text(&user.name)),
                ("name", Arg::text(&name)),
                ("role", Arg::text(role.code())),
            ],
        ),
        Some(format!("console-user/{name}")),
    );
    let body = format!(
        "<p class=\"done\">{}</p><p><code class=\"secret\">{}</code></p><p><code>{}</code></p><p><a href=\"/reglages\">{}</a></p>",
        escape(&console.msg(lang, "settings-added", &[("name", Arg::text(&name))])),
        escape(&secret),
        escape(&auth::otpauth_url(&name, &secret)),
        escape(&console.msg(lang, "nav-settings", &[])),
    );
    let title = console.msg(lang, "settings-added-title", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

pub(super) async fn remove_account(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(name): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::ManageUsers) {
        return refused;
    }
    let lang = user.lang;
    if name == user.name {
        return refused(
            &console,
            &user,
            console.msg(lang, "settings-not-yourself", &[]),
        );
    }
    match console.store().delete_console_user(&name) {
        Ok(true) => {}
        Ok(false) => {
            return failure(
                &console,
                &user,
                &FactsError::NotFound(console.msg(lang, "settings-no-account", &[])),
            );
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    console.record(
        "console.user_removed",
        &user.name,
        true,
        console.msg(
            Lang::Fr,
            "event-user-removed",
            &[("user", Arg::text(&user.name)), ("name", Arg::text(&name))],
        ),
        Some(format!("console-user/{name}")),
    );
    Redirect::to("/reglages").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_what_the_command_line_accepts() {
        assert!(auth::valid_login("dr.martin@cabinet"));
        assert!(!auth::valid_login(""));
        assert!(!auth::valid_login(".."));
        assert!(!auth::valid_login("a b"));
        assert!(!auth::valid_login("<script>"));
        assert!(!auth::valid_login(&"a".repeat(65)));
    }
}
