//! Sauvegardes: the snapshots, the last drill and the freeze, a snapshot browsed one folder at
//! a time, and one file or folder put back beside its original — as pages and as JSON.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::{ApiError, RestoreRequest};
use super::session::User;
use super::{Console, api_failure, escape, failure, off_thread, page, query_escape, table, when};
use crate::auth;
use crate::facts::{EntryFact, FactsError, RestoredFact, SnapshotFact};
use crate::policy::Action;
use crate::text::{Arg, Lang};

/// Whether `id` can name a snapshot: `latest` or 8 to 64 hexadecimal digits.
fn snapshot_id(id: &str) -> bool {
    id == "latest" || ((8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A path as a person or a page sends it: absolute, at most 4 KiB, no control characters.
/// Whether it stays inside a protected folder is the vault's check, made again there.
fn plain_path(path: &str) -> bool {
    path.starts_with('/') && path.len() <= 4096 && !path.chars().any(char::is_control)
}

/// "1,2 Mo" / "1.2 MB".
fn size(lang: Lang, bytes: u64) -> String {
    match lang {
        Lang::Fr => hygie_texts::byte_size(bytes, &["o", "Ko", "Mo", "Go", "To"], true),
        Lang::En => hygie_texts::byte_size(bytes, &["B", "KB", "MB", "GB", "TB"], false),
    }
}

pub(super) async fn backups_page(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewBackups, false) {
        return refused;
    }
    let lang = user.lang;
    let status = off_thread(&console, |facts| Ok(facts.status())).await;
    let snapshots = match off_thread(&console, |facts| facts.snapshots()).await {
        Ok(snapshots) => snapshots,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let mut body = String::from("<ul class=\"facts\">");
    if let Ok(status) = status {
        let drill = match status.last_drill {
            Some((at, true)) => console.msg(
                lang,
                "backups-drill-passed",
                &[("when", Arg::text(when(lang, at)))],
            ),
            Some((at, false)) => console.msg(
                lang,
                "backups-drill-failed",
                &[("when", Arg::text(when(lang, at)))],
            ),
            None => console.msg(lang, "backups-drill-never", &[]),
        };
        let frozen = if status.vault_frozen {
            console.msg(lang, "backups-is-frozen", &[])
        } else {
            console.msg(lang, "backups-not-frozen", &[])
        };
        body.push_str(&format!(
            "<li>{}</li><li>{}</li>",
            escape(&drill),
            escape(&frozen)
        ));
    }
    body.push_str("</ul>");
    if snapshots.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(&console.msg(lang, "backups-none-yet", &[]))
        ));
    } else {
        let browse = console.msg(lang, "backups-browse", &[]);
        let rows: Vec<String> = snapshots
            .iter()
            .map(|s| {
                let folder = s.paths.first().cloned().unwrap_or_else(|| "/".into());
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"/sauvegardes/{}?dossier={}\">{}</a></td></tr>",
                    escape(&when(lang, s.time)),
                    s.files,
                    escape(&size(lang, s.bytes)),
                    escape(&s.paths.join(", ")),
                    escape(&s.id),
                    escape(&query_escape(&folder)),
                    escape(&browse),
                )
            })
            .collect();
        body.push_str(&table(
            &console,
            lang,
            &[
                "backups-col-when",
                "backups-col-files",
                "backups-col-size",
                "backups-col-folders",
                "backups-col-action",
            ],
            &rows,
        ));
    }
    let title = console.msg(lang, "nav-backups", &[]);
    page(&console, lang, &title, Some(&user), &body).into_response()
}

#[derive(Deserialize)]
pub(super) struct Folder {
    #[serde(default)]
    dossier: Option<String>,
}

pub(super) async fn snapshot_page(
    State(console): State<Arc<Console>>,
    user: User,
    Path(id): Path<String>,
    Query(folder): Query<Folder>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewBackups, false) {
        return refused;
    }
    let lang = user.lang;
    let dir = folder.dossier.unwrap_or_else(|| "/".into());
    if !snapshot_id(&id) || !plain_path(&dir) {
        return failure(
            &console,
            &user,
            &FactsError::NotFound(console.msg(lang, "backups-not-found", &[])),
        );
    }
    let entries = {
        let (id, dir) = (id.clone(), dir.clone());
        off_thread(&console, move |facts| facts.browse(&id, &dir)).await
    };
    let entries = match entries {
        Ok(entries) => entries,
        Err(problem) => return failure(&console, &user, &problem),
    };
    let can_restore = console
        .policies
        .allows(&user.name, user.role, Action::RestoreFiles);
    let csrf = auth::csrf_token(&console.csrf_key, &user.token);
    let restore = console.msg(lang, "backups-restore", &[]);
    let rows: Vec<String> = entries
        .iter()
        .map(|entry| entry_row(lang, &id, entry, can_restore.then_some((&csrf, &restore))))
        .collect();
    let parent = std::path::Path::new(&dir)
        .parent()
        .map(|p| p.to_string_lossy().into_owned());
    let mut body = format!("<p class=\"where\">{}</p>", escape(&dir));
    if let Some(parent) = parent {
        body.push_str(&format!(
            "<p><a href=\"/sauvegardes/{}?dossier={}\">{}</a></p>",
            escape(&id),
            escape(&query_escape(&parent)),
            escape(&console.msg(lang, "backups-up", &[]))
        ));
    }
    if can_restore {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(&console.msg(lang, "backups-restore-explained", &[]))
        ));
    }
    body.push_str(&table(
        &console,
        lang,
        &[
            "backups-col-name",
            "backups-col-size",
            "backups-col-modified",
            "backups-col-action",
        ],
        &rows,
    ));
    let title = console.msg(
        lang,
        "backups-snapshot-title",
        &[("id", Arg::text(short(&id)))],
    );
    page(&console, lang, &title, Some(&user), &body).into_response()
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn entry_row(
    lang: Lang,
    id: &str,
    entry: &EntryFact,
    restore: Option<(&String, &String)>,
) -> String {
    let name = if entry.directory {
        format!(
            "<a href=\"/sauvegardes/{}?dossier={}\">{}/</a>",
            escape(id),
            escape(&query_escape(&entry.path)),
            escape(&entry.name)
        )
    } else {
        escape(&entry.name)
    };
    let button = restore
        .map(|(csrf, label)| {
            format!(
                "<form method=\"post\" action=\"/sauvegardes/{}/restaurer\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"chemin\" value=\"{}\"><button>{}</button></form>",
                escape(id),
                escape(&entry.path),
                escape(label)
            )
        })
        .unwrap_or_default();
    format!(
        "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{button}</td></tr>",
        if entry.directory {
            String::new()
        } else {
            escape(&size(lang, entry.size))
        },
        entry.modified.map(|t| when(lang, t)).unwrap_or_default(),
    )
}

#[derive(Deserialize)]
pub(super) struct RestoreForm {
    csrf: String,
    chemin: String,
}

pub(super) async fn restore(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RestoreForm>,
) -> Response {
    if let Some(refused) = user.may_change(&console, &headers, &form.csrf, Action::RestoreFiles) {
        return refused;
    }
    let lang = user.lang;
    match restore_for(&console, &user, id, form.chemin).await {
        Ok(done) => {
            let text = console.msg(
                lang,
                "backups-restored",
                &[
                    ("original", Arg::text(&done.original)),
                    ("copy", Arg::text(&done.copy)),
                    // Counts of files: exact in a double.
                    #[allow(clippy::cast_precision_loss)]
                    ("files", Arg::Number(done.files as f64)),
                    ("size", Arg::text(size(lang, done.bytes))),
                ],
            );
            let title = console.msg(lang, "backups-restored-title", &[]);
            page(
                &console,
                lang,
                &title,
                Some(&user),
                &format!(
                    "<p class=\"done\">{}</p><p><a href=\"/sauvegardes\">{}</a></p>",
                    escape(&text),
                    escape(&console.msg(lang, "nav-backups", &[]))
                ),
            )
            .into_response()
        }
        Err(problem) => failure(&console, &user, &problem),
    }
}

/// Checks the request's shape, then asks the binary to restore; a refusal is journaled.
async fn restore_for(
    console: &Arc<Console>,
    user: &User,
    id: String,
    path: String,
) -> Result<RestoredFact, FactsError> {
    if !snapshot_id(&id) || !plain_path(&path) {
        let problem = FactsError::Refused(console.msg(
            crate::text::Lang::Fr,
            "backups-bad-path",
            &[("path", Arg::text(&path))],
        ));
        console.record(
            "console.restore_refused",
            &user.name,
            false,
            problem.to_string(),
            Some(path),
        );
        return Err(problem);
    }
    let name = user.name.clone();
    let outcome = {
        let path = path.clone();
        off_thread(console, move |facts| facts.restore(&name, &id, &path)).await
    };
    if let Err(problem) = &outcome {
        console.record(
            "console.restore_refused",
            &user.name,
            false,
            problem.to_string(),
            Some(path),
        );
    }
    outcome
}

/// Every snapshot, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/snapshots",
    tag = "backups",
    responses(
        (status = 200, body = Vec<SnapshotFact>),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 500, body = ApiError, description = "The repository could not be read"),
    )
)]
pub(super) async fn api_snapshots(State(console): State<Arc<Console>>, user: User) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewBackups, true) {
        return refused;
    }
    match off_thread(&console, |facts| facts.snapshots()).await {
        Ok(snapshots) => Json::<Vec<SnapshotFact>>(snapshots).into_response(),
        Err(problem) => api_failure(&problem),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct EntriesQuery {
    /// The folder to list, as it was backed up (absolute).
    path: String,
}

/// The entries of one folder of a snapshot.
#[utoipa::path(
    get,
    path = "/api/v1/snapshots/{id}/entries",
    tag = "backups",
    params(
        ("id" = String, Path, description = "A snapshot id (8 to 64 hexadecimal digits) or `latest`"),
        EntriesQuery,
    ),
    responses(
        (status = 200, body = Vec<EntryFact>),
        (status = 400, body = String, description = "The query is missing or malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 500, body = ApiError, description = "The repository could not be read"),
    )
)]
pub(super) async fn api_entries(
    State(console): State<Arc<Console>>,
    user: User,
    Path(id): Path<String>,
    Query(query): Query<EntriesQuery>,
) -> Response {
    if let Some(refused) = user.may(&console, Action::ViewBackups, true) {
        return refused;
    }
    if !snapshot_id(&id) || !plain_path(&query.path) {
        return api_failure(&FactsError::NotFound(String::new()));
    }
    match off_thread(&console, move |facts| facts.browse(&id, &query.path)).await {
        Ok(entries) => Json(entries).into_response(),
        Err(problem) => api_failure(&problem),
    }
}

/// Puts a file or folder of a snapshot back beside its original, under a new name: nothing
/// is replaced, and nothing is written outside the folders the snapshot protects.
#[utoipa::path(
    post,
    path = "/api/v1/snapshots/{id}/restore",
    tag = "backups",
    params(("id" = String, Path, description = "A snapshot id (8 to 64 hexadecimal digits) or `latest`")),
    request_body = RestoreRequest,
    responses(
        (status = 200, body = RestoredFact),
        (status = 400, body = ApiError, description = "A path outside the protected folders, or malformed JSON"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not allowed, or sent from another site"),
        (status = 404, body = ApiError),
        (status = 413, description = "The body is larger than 16 KiB"),
        (status = 415, description = "The body is not JSON"),
        (status = 422, body = String, description = "The JSON lacks `path`"),
        (status = 500, body = ApiError),
    )
)]
pub(super) async fn api_restore(
    State(console): State<Arc<Console>>,
    user: User,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(request): Json<RestoreRequest>,
) -> Response {
    // No form token here: the session cookie is `SameSite=Strict`, and a JSON body cannot be
    // sent by another site without a CORS preflight, which the console never grants. A
    // browser's `Origin` from elsewhere is refused and journaled all the same.
    if let Some(refused) = user.check_origin(&console, &headers) {
        return refused;
    }
    if let Some(refused) = user.may(&console, Action::RestoreFiles, true) {
        return refused;
    }
    match restore_for(&console, &user, id, request.path).await {
        Ok(done) => Json(done).into_response(),
        Err(problem) => api_failure(&problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_paths_are_checked_before_the_vault_sees_them() {
        assert!(snapshot_id("latest"));
        assert!(snapshot_id("0a1b2c3d"));
        assert!(!snapshot_id("0a1b2c3"));
        assert!(!snapshot_id("../../etc"));
        assert!(!snapshot_id(&"a".repeat(65)));
        assert!(plain_path("/srv/dossiers/bilan.pdf"));
        assert!(!plain_path("srv/dossiers"));
        assert!(!plain_path("/srv/\u{0}x"));
        assert!(!plain_path(&format!("/{}", "a".repeat(5000))));
    }

    #[test]
    fn sizes_read_the_way_each_language_writes_them() {
        assert_eq!(size(Lang::Fr, 999), "999 o");
        assert_eq!(size(Lang::Fr, 1_234_567), "1,2 Mo");
        assert_eq!(size(Lang::En, 1_234_567), "1.2 MB");
    }
}
