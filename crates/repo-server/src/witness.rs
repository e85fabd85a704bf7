//! The journal witness: `GET` and `POST /{repo}/witness`.
//!
//! The practice's PC sends each signed checkpoint of its journal, with the consistency proof
//! from the one held here; the server applies the same rule as every witness
//! ([`hygie_journal::witness::decide`]) and keeps what it accepts in
//! `DATA/.hygie-server/witness/<repo>/`, out of reach of the PC. A journal rewritten on the PC,
//! rolled back, or re-signed with a new key is refused (409) and recorded.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use hygie_journal::VerifierKey;
use hygie_journal::witness::{DirectoryWitness, Held, Offer, Witness};
use tracing::{error, info};

use crate::http::{AppState, Caller, Refusal, authorize, refuse};
use crate::record::Fact;

/// What a client reads of a failure on the server's side; the cause is in the server's log.
const INTERNAL: &str = "the witness failed on the server: see its log";

/// The largest offer accepted: a checkpoint and a proof of at most 64 hashes fit in 4 KiB.
const MAX_OFFER: usize = 64 * 1024;

/// What the witness of `repo` holds: `{ "key", "checkpoint" }`, or 404.
pub(crate) async fn get_witness(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path(repo): Path<String>,
) -> Result<Response, Refusal> {
    let method = Method::GET;
    let what = format!("{repo}/witness");
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &what, r))?;
    let dir = state
        .storage
        .witness_dir(&repo)
        .map_err(|e| refuse(&state, &caller, &method, &what, e.into()))?;
    let held = tokio::task::spawn_blocking(move || -> hygie_journal::Result<Option<Held>> {
        let witness = DirectoryWitness::new(dir);
        let Some(key) = witness.pinned_key()? else {
            return Ok(None);
        };
        Ok(witness.latest(&key)?.map(|checkpoint| Held {
            key: key.text().to_owned(),
            checkpoint: String::from_utf8_lossy(&checkpoint.note).into_owned(),
        }))
    })
    .await
    .map_err(|e| Refusal(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map_err(|e| {
        error!(repo, "the witness cannot read what it holds: {e}");
        Refusal(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL.into())
    })?;
    match held {
        Some(held) => Ok(Json(held).into_response()),
        None => Err(Refusal(
            StatusCode::NOT_FOUND,
            "the witness holds no checkpoint yet".into(),
        )),
    }
}

/// Offers a checkpoint: 200 `{ "size" }` when accepted, 409 with the refusal as JSON when it
/// does not extend what is held.
pub(crate) async fn post_witness(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path(repo): Path<String>,
    body: Bytes,
) -> Result<Response, Refusal> {
    let method = Method::POST;
    let what = format!("{repo}/witness");
    let bad = |why: String| Refusal(StatusCode::BAD_REQUEST, why);
    authorize(&caller, &repo).map_err(|r| refuse(&state, &caller, &method, &what, r))?;
    if body.len() > MAX_OFFER {
        return Err(refuse(
            &state,
            &caller,
            &method,
            &what,
            Refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("an offer holds at most {MAX_OFFER} bytes"),
            ),
        ));
    }
    let offer: Offer = serde_json::from_slice(&body).map_err(|e| {
        refuse(
            &state,
            &caller,
            &method,
            &what,
            bad(format!("not a checkpoint offer: {e}")),
        )
    })?;
    let key = VerifierKey::parse(&offer.key).map_err(|e| {
        refuse(
            &state,
            &caller,
            &method,
            &what,
            bad(format!("not a verifier key: {e}")),
        )
    })?;
    let proof = offer
        .proof_hashes()
        .map_err(|e| refuse(&state, &caller, &method, &what, bad(e)))?;
    let dir = state
        .storage
        .witness_dir(&repo)
        .map_err(|e| refuse(&state, &caller, &method, &what, e.into()))?;
    let submitted = tokio::task::spawn_blocking(move || {
        DirectoryWitness::new(dir).submit(&key, offer.checkpoint.as_bytes(), &proof)
    })
    .await
    .map_err(|e| Refusal(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    match submitted {
        Ok(accepted) => {
            info!(
                caller = caller.name,
                repo,
                size = accepted.size,
                "checkpoint witnessed"
            );
            state.recorder.record(Fact::CheckpointAccepted {
                caller: caller.name.clone(),
                repository: repo,
                size: accepted.size,
            });
            Ok(Json(serde_json::json!({ "size": accepted.size })).into_response())
        }
        Err(hygie_journal::Error::WitnessRefused(refusal)) => {
            error!(
                caller = caller.name,
                repo, "ALARM: checkpoint refused, the practice's journal was changed: {refusal}"
            );
            state.recorder.record(Fact::CheckpointRefused {
                caller: caller.name.clone(),
                repository: repo,
                reason: refusal.to_string(),
            });
            Ok((StatusCode::CONFLICT, Json(refusal)).into_response())
        }
        Err(other) => {
            error!(repo, "the witness failed: {other}");
            Err(Refusal(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL.into()))
        }
    }
}
