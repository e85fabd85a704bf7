//! The HTTP side: routes of restic's REST protocol, authentication, and the mapping of refusals
//! to status codes. Every refusal is logged with who asked and why.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use futures_util::StreamExt;
use serde::Deserialize;
use tracing::{info, warn};

use crate::credentials::{Credentials, Role};
use crate::record::{Fact, Recorder};
use crate::storage::{Hashing, Storage, StorageError, Target};

/// The largest upload accepted, in bytes (restic packs are far smaller).
const MAX_UPLOAD: u64 = 1 << 30;
/// The media type of version 2 of restic's REST protocol.
const V2: &str = "application/vnd.x.restic.rest.v2";

/// How the server is set up.
pub struct ServerConfig {
    /// The folder holding every repository.
    pub data: PathBuf,
    /// Who may connect.
    pub credentials: Credentials,
    /// The most bytes one repository may hold.
    pub quota: Option<u64>,
    /// Where refusals, alarms and witnessed checkpoints are recorded.
    pub recorder: Arc<dyn Recorder>,
}

pub(crate) struct AppState {
    pub(crate) storage: Storage,
    /// Where facts worth keeping go.
    pub(crate) recorder: Arc<dyn Recorder>,
    /// Pack bytes each backup credential read recently, to notice a thief downloading the
    /// whole history.
    reads: Mutex<HashMap<String, ReadWindow>>,
    credentials: Credentials,
    /// Credentials already verified, keyed by a SHA-256 of name and password, so Argon2id runs
    /// once per credential rather than once per request.
    verified: Mutex<HashMap<[u8; 32], (String, Role)>>,
}

/// The application: every route, sharing one state.
pub fn router(config: ServerConfig) -> Router {
    let state = Arc::new(AppState {
        storage: Storage::new(config.data, config.quota),
        recorder: config.recorder,
        reads: Mutex::new(HashMap::new()),
        credentials: config.credentials,
        verified: Mutex::new(HashMap::new()),
    });
    Router::new()
        .route("/{repo}/", post(create_repository))
        .route(
            "/{repo}/config",
            get(get_config).head(get_config).post(post_config),
        )
        .route(
            "/{repo}/witness",
            get(crate::witness::get_witness).post(crate::witness::post_witness),
        )
        .route("/{repo}/{kind}/", get(list))
        .route(
            "/{repo}/{kind}/{name}",
            get(get_file)
                .head(get_file)
                .post(post_file)
                .delete(delete_file),
        )
        .with_state(state)
}

/// Serves `config` on `listener` until `shutdown` completes, over TLS when `tls` is given.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ServerConfig,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(config);
    match tls {
        None => {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(tls) => {
            axum::serve(hygie_tls::TlsListener::new(listener, tls)?, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
    }
}

/// The window over which pack reads are added up.
const READ_WINDOW: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
/// A backup credential may read this share of its repository's size per window…
const READ_SHARE: f64 = 0.25;
/// …and at least this much (restic reads some tree packs when its cache is cold).
const READ_FLOOR: u64 = 64 << 20;

/// Pack bytes one credential read since `since`.
struct ReadWindow {
    since: std::time::Instant,
    bytes: u64,
    alarmed: bool,
}

/// Adds a pack read by a backup credential; raises the alarm — an error in the log and a line in
/// `DATA/<repo>/alarms.jsonl` — the first time in a window that the reads exceed what backups
/// need. Restores and drills through the server also read everything: the alarm says so.
fn record_pack_read(state: &AppState, caller: &Caller, repo: &str, bytes: u64) {
    let Ok(mut reads) = state.reads.lock() else {
        return;
    };
    let now = std::time::Instant::now();
    let window = reads.entry(caller.name.clone()).or_insert(ReadWindow {
        since: now,
        bytes: 0,
        alarmed: false,
    });
    if now.duration_since(window.since) > READ_WINDOW {
        *window = ReadWindow {
            since: now,
            bytes: 0,
            alarmed: false,
        };
    }
    window.bytes += bytes;
    let stored = state.storage.usage(repo).unwrap_or(0);
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let allowed = ((stored as f64 * READ_SHARE) as u64).max(READ_FLOOR);
    if window.alarmed || window.bytes <= allowed {
        return;
    }
    window.alarmed = true;
    tracing::error!(
        caller = caller.name,
        repo,
        read = window.bytes,
        stored,
        "ALARM: a backup credential read {} bytes of packs in less than a day, far more than backups need (repository holds {} bytes): exfiltration of the history? If a restore or a drill was running, this is expected.",
        window.bytes,
        stored
    );
    state.recorder.record(Fact::ExfiltrationAlarm {
        caller: caller.name.clone(),
        repository: repo.to_owned(),
        bytes_read: window.bytes,
        repository_bytes: stored,
    });
    let line = serde_json::json!({
        "alarm": "pack_reads_exceed_backup_needs",
        "credential": caller.name,
        "repository": repo,
        "bytes_read": window.bytes,
        "repository_bytes": stored,
        "unix_time": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    });
    if let Ok(path) = state.storage.alarm_file(repo) {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| writeln!(file, "{line}"));
        if let Err(e) = appended {
            warn!("cannot record the alarm in {}: {e}", path.display());
        }
    }
}

/// A request's authenticated caller. Handlers take it as an argument, so none can run for an
/// unauthenticated request.
pub(crate) struct Caller {
    pub(crate) name: String,
    role: Role,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Caller, Response> {
        let unauthorized = || {
            let mut response = StatusCode::UNAUTHORIZED.into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"hygie\""),
            );
            response
        };
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .ok_or_else(unauthorized)?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(header.trim())
            .map_err(|_| unauthorized())?;
        let text = String::from_utf8(decoded).map_err(|_| unauthorized())?;
        let (name, password) = text.split_once(':').ok_or_else(unauthorized)?;
        let mut hasher = Hashing::new();
        hasher.update(name.as_bytes());
        hasher.update(b"\0");
        hasher.update(password.as_bytes());
        let key = hasher.finish();
        if let Ok(verified) = state.verified.lock()
            && let Some((name, role)) = verified.get(&key)
        {
            return Ok(Caller {
                name: name.clone(),
                role: *role,
            });
        }
        let state_for_check = state.clone();
        let (name_owned, password_owned) = (name.to_owned(), password.to_owned());
        let role = tokio::task::spawn_blocking(move || {
            state_for_check
                .credentials
                .check(&name_owned, &password_owned)
        })
        .await
        .ok()
        .flatten();
        match role {
            Some(role) => {
                if let Ok(mut verified) = state.verified.lock() {
                    verified.insert(key, (name.to_owned(), role));
                }
                Ok(Caller {
                    name: name.to_owned(),
                    role,
                })
            }
            None => {
                warn!(name, "refused: wrong name or password");
                state.recorder.record(Fact::Refused {
                    caller: None,
                    method: parts.method.to_string(),
                    what: parts.uri.path().to_owned(),
                    status: StatusCode::UNAUTHORIZED.as_u16(),
                    reason: format!("wrong name or password for {name:?}"),
                });
                Err(unauthorized())
            }
        }
    }
}

/// A refusal or a failure, as a status code and a short text.
pub(crate) struct Refusal(pub(crate) StatusCode, pub(crate) String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}

impl From<StorageError> for Refusal {
    fn from(error: StorageError) -> Refusal {
        let status = match &error {
            StorageError::InvalidPath(_) | StorageError::HashMismatch { .. } => {
                StatusCode::BAD_REQUEST
            }
            StorageError::NotFound => StatusCode::NOT_FOUND,
            StorageError::Exists(_) => StatusCode::FORBIDDEN,
            StorageError::Quota { .. } => StatusCode::INSUFFICIENT_STORAGE,
            StorageError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                StatusCode::INSUFFICIENT_STORAGE
            }
            StorageError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Refusal(status, error.to_string())
    }
}

/// Logs and records a refusal, then returns it.
pub(crate) fn refuse(
    state: &AppState,
    caller: &Caller,
    method: &Method,
    what: &str,
    refusal: Refusal,
) -> Refusal {
    warn!(caller = caller.name, %method, what, status = refusal.0.as_u16(), "refused: {}", refusal.1);
    state.recorder.record(Fact::Refused {
        caller: Some(caller.name.clone()),
        method: method.to_string(),
        what: what.to_owned(),
        status: refusal.0.as_u16(),
        reason: refusal.1.clone(),
    });
    refusal
}

/// A backup credential reaches only its own repository.
pub(crate) fn authorize(caller: &Caller, repo: &str) -> Result<(), Refusal> {
    if caller.role == Role::Admin || caller.name == repo {
        Ok(())
    } else {
        Err(Refusal(
            StatusCode::FORBIDDEN,
            format!("{} may not use repository {repo}", caller.name),
        ))
    }
}

#[derive(Deserialize)]
struct CreateQuery {
    create: Option<bool>,
}

async fn create_repository(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path(repo): Path<String>,
    Query(query): Query<CreateQuery>,
) -> Result<StatusCode, Refusal> {
    let method = Method::POST;
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &repo, r))?;
    if query.create != Some(true) {
        return Err(refuse(
            &state,
            &caller,
            &method,
            &repo,
            Refusal(StatusCode::BAD_REQUEST, "expected ?create=true".into()),
        ));
    }
    state
        .storage
        .create(&repo)
        .map_err(|e| refuse(&state, &caller, &method, &repo, e.into()))?;
    info!(caller = caller.name, repo, "repository ready");
    Ok(StatusCode::OK)
}

async fn get_config(
    caller: Caller,
    method: Method,
    State(state): State<Arc<AppState>>,
    Path(repo): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &repo, r))?;
    let path = state
        .storage
        .path(&repo, &Target::Config)
        .map_err(|e| refuse(&state, &caller, &method, &repo, e.into()))?;
    serve_file(path, &method, &headers).await
}

async fn post_config(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path(repo): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Refusal> {
    upload(caller, state, repo, Target::Config, headers, body).await
}

async fn list(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path((repo, kind)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let method = Method::GET;
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &repo, r))?;
    let files = state
        .storage
        .list(&repo, &kind)
        .map_err(|e| refuse(&state, &caller, &method, &kind, e.into()))?;
    let v2 = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(V2));
    let (body, media) = if v2 {
        let entries: Vec<serde_json::Value> = files
            .iter()
            .map(|(name, size)| serde_json::json!({ "name": name, "size": size }))
            .collect();
        (serde_json::Value::from(entries).to_string(), V2)
    } else {
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        (
            serde_json::json!(names).to_string(),
            "application/vnd.x.restic.rest.v1",
        )
    };
    Ok(([(header::CONTENT_TYPE, media)], body).into_response())
}

async fn get_file(
    caller: Caller,
    method: Method,
    State(state): State<Arc<AppState>>,
    Path((repo, kind, name)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &repo, r))?;
    let is_pack = kind == "data";
    let path = state
        .storage
        .path(&repo, &Target::File { kind, name })
        .map_err(|e| refuse(&state, &caller, &method, &repo, e.into()))?;
    let response = serve_file(path, &method, &headers).await?;
    if is_pack && method == Method::GET && caller.role == Role::Backup {
        let served = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        record_pack_read(&state, &caller, &repo, served);
    }
    Ok(response)
}

async fn post_file(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path((repo, kind, name)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Refusal> {
    upload(
        caller,
        state,
        repo,
        Target::File { kind, name },
        headers,
        body,
    )
    .await
}

async fn delete_file(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path((repo, kind, name)): Path<(String, String, String)>,
) -> Result<StatusCode, Refusal> {
    let method = Method::DELETE;
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &repo, r))?;
    if caller.role != Role::Admin && kind != "locks" {
        return Err(refuse(
            &state,
            &caller,
            &method,
            &format!("{repo}/{kind}/{name}"),
            Refusal(
                StatusCode::FORBIDDEN,
                "append-only: a backup credential deletes only lock files".into(),
            ),
        ));
    }
    state
        .storage
        .delete(&repo, &Target::File { kind, name })
        .map_err(|e| refuse(&state, &caller, &method, &repo, e.into()))?;
    Ok(StatusCode::OK)
}

/// Receives a body into a temporary file while hashing it, then puts it in place.
async fn upload(
    caller: Caller,
    state: Arc<AppState>,
    repo: String,
    target: Target,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Refusal> {
    let method = Method::POST;
    let what = match &target {
        Target::Config => format!("{repo}/config"),
        Target::File { kind, name } => format!("{repo}/{kind}/{name}"),
    };
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &what, r))?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    if declared > MAX_UPLOAD {
        return Err(refuse(
            &state,
            &caller,
            &method,
            &what,
            Refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("more than {MAX_UPLOAD} bytes"),
            ),
        ));
    }
    // Refuse early what would be refused anyway: an existing name, a full quota.
    state
        .storage
        .admit(&repo, &target, declared)
        .map_err(|e| refuse(&state, &caller, &method, &what, e.into()))?;
    let (temporary, mut file) = state
        .storage
        .incoming(&repo)
        .map_err(|e| refuse(&state, &caller, &method, &what, e.into()))?;
    let mut hashing = Hashing::new();
    let mut size = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let written = chunk
            .map_err(|e| Refusal(StatusCode::BAD_REQUEST, format!("upload interrupted: {e}")))
            .and_then(|chunk| {
                size += chunk.len() as u64;
                if size > MAX_UPLOAD {
                    return Err(Refusal(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("more than {MAX_UPLOAD} bytes"),
                    ));
                }
                hashing.update(&chunk);
                file.write_all(&chunk)
                    .map_err(|e| Refusal::from(StorageError::Io(e)))
            });
        if let Err(refusal) = written {
            let _ = std::fs::remove_file(&temporary);
            if refusal.0 == StatusCode::INSUFFICIENT_STORAGE {
                // Read the rest without keeping it, so the client hears "disk full" rather than
                // a reset connection (the body is bounded by MAX_UPLOAD).
                let mut rest = size;
                while let Some(Ok(chunk)) = stream.next().await {
                    rest += chunk.len() as u64;
                    if rest > MAX_UPLOAD {
                        break;
                    }
                }
            }
            return Err(refuse(&state, &caller, &method, &what, refusal));
        }
    }
    let digest = hashing.finish();
    let storage_state = state.clone();
    let (repo_for_commit, target_for_commit) = (repo.clone(), target.clone());
    let committed = tokio::task::spawn_blocking(move || {
        storage_state.storage.commit(
            &repo_for_commit,
            &target_for_commit,
            &temporary,
            file,
            digest,
            size,
        )
    })
    .await
    .map_err(|e| Refusal(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    committed.map_err(|e| refuse(&state, &caller, &method, &what, e.into()))?;
    Ok(StatusCode::OK)
}

/// Serves a file, whole or the byte range asked for. A range reads only its bytes: restic and
/// rustic fetch single blobs out of packs of several megabytes.
async fn serve_file(
    path: PathBuf,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, Refusal> {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let mut file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Refusal(StatusCode::NOT_FOUND, "not found".into()));
        }
        Err(e) => return Err(StorageError::Io(e).into()),
    };
    let total = file
        .metadata()
        .await
        .map_err(|e| Refusal::from(StorageError::Io(e)))?
        .len();
    // A range that cannot be used is ignored, as HTTP allows: the whole file is served.
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_range(v, total));
    let (start, end) = range.unwrap_or((0, total.saturating_sub(1)));
    let length = if total == 0 { 0 } else { end - start + 1 };
    let mut body = Vec::new();
    if method != Method::HEAD && length > 0 {
        let read = async {
            file.seek(std::io::SeekFrom::Start(start)).await?;
            body = vec![0; usize::try_from(length).map_err(std::io::Error::other)?];
            file.read_exact(&mut body).await.map(|_| ())
        };
        read.await.map_err(|e| Refusal::from(StorageError::Io(e)))?;
    }
    let status = if range.is_some() {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if range.is_some()
        && let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{total}"))
    {
        headers.insert(header::CONTENT_RANGE, value);
    }
    Ok(response)
}

/// `bytes=START-END` or `bytes=START-` within `total`; `None` when absent or unusable.
fn parse_range(value: &str, total: u64) -> Option<(u64, u64)> {
    let spec = value.strip_prefix("bytes=")?;
    let (start, end) = spec.split_once('-')?;
    let start: u64 = start.trim().parse().ok()?;
    let end: u64 = if end.trim().is_empty() {
        total.checked_sub(1)?
    } else {
        end.trim().parse().ok()?
    };
    (start <= end && end < total).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_are_read_and_bounded() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=90-200", 100), None);
        assert_eq!(parse_range("bytes=9-0", 100), None);
        assert_eq!(parse_range("items=0-9", 100), None);
        assert_eq!(parse_range("bytes=0-", 0), None);
    }
}
