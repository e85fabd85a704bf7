//! The console as a browser and a script use it, without a socket: every request goes through
//! the real router, the real policies and a real state database.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hygie_console::facts::{
    BreachFact, ClockFact, ComplianceFacts, ConsoleEvent, DomainFact, EntryFact, Facts, FactsError,
    JournalCheck, JournalLine, JournalPage, PlanFact, ReportFact, RequestFact, RestoredFact,
    SettingItem, SettingsGroup, SnapshotFact, StatusFacts,
};
use hygie_console::policy::{Action, POLICIES, Policies, Role};
use hygie_console::text::Lang;
use hygie_console::{Console, app, auth};
use hygie_state::{Practice, State};
use tower::ServiceExt;

mod api_fuzz;

const PASSWORD: &str = "Tr0ub4dour&3x-lilas!";

/// Facts of a protected practice; events kept to be checked.
#[derive(Default)]
struct Recorded {
    events: Mutex<Vec<ConsoleEvent>>,
    restores: Mutex<Vec<(String, String, String)>>,
}

const SNAPSHOT: &str = "5f3a9c0e11d24b7a8e6f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";

impl Facts for Recorded {
    fn status(&self) -> StatusFacts {
        StatusFacts {
            practice: "Cabinet des Tilleuls".into(),
            last_backup: Some(jiff::Timestamp::now()),
            last_drill: Some((jiff::Timestamp::now(), true)),
            sentinel_watching: true,
            compliance_score: Some(90),
            ..StatusFacts::default()
        }
    }

    fn record(&self, event: ConsoleEvent) {
        self.events.lock().unwrap().push(event);
    }

    fn snapshots(&self) -> Result<Vec<SnapshotFact>, FactsError> {
        Ok(vec![SnapshotFact {
            id: SNAPSHOT.into(),
            time: jiff::Timestamp::now(),
            paths: vec!["/srv/cabinet".into()],
            files: 3,
            bytes: 1_200_000,
        }])
    }

    fn browse(&self, snapshot: &str, dir: &str) -> Result<Vec<EntryFact>, FactsError> {
        if !SNAPSHOT.starts_with(snapshot) || dir != "/srv/cabinet" {
            return Err(FactsError::NotFound("absent".into()));
        }
        Ok(vec![EntryFact {
            name: "bilan <b>.pdf".into(),
            path: "/srv/cabinet/bilan <b>.pdf".into(),
            directory: false,
            size: 1_200_000,
            modified: None,
        }])
    }

    fn journal(
        &self,
        containing: Option<&str>,
        before: Option<u64>,
        limit: usize,
    ) -> Result<JournalPage, FactsError> {
        // 120 entries; every third is a backup.
        let lines: Vec<JournalLine> = (0..120u64)
            .rev()
            .filter(|seq| before.is_none_or(|b| *seq < b))
            .map(|seq| JournalLine {
                seq,
                at: jiff::Timestamp::now(),
                kind: if seq % 3 == 0 { "sauvegarde" } else { "note" }.into(),
                actor: "hygie".into(),
                success: Some(true),
                summary: if seq % 3 == 0 {
                    format!("Sauvegarde n° {seq}")
                } else {
                    format!("Note <{seq}>")
                },
            })
            .filter(|line| containing.is_none_or(|text| line.summary.contains(text)))
            .take(limit)
            .collect();
        Ok(JournalPage {
            lines,
            size: 120,
            ..JournalPage::default()
        })
    }

    fn verify_journal(&self, user: &str) -> Result<JournalCheck, FactsError> {
        self.events.lock().unwrap().push(ConsoleEvent {
            action: "journal.verified",
            user: user.into(),
            success: true,
            summary: String::new(),
            subject: None,
        });
        Ok(JournalCheck {
            intact: true,
            sentences: vec!["Journal intact : 120 entrées vérifiées.".into()],
        })
    }

    fn alert_evidence(&self, alert: i64) -> Result<Vec<String>, FactsError> {
        Ok(vec![
            format!("Programme : /tmp/chiffreur <{alert}> (processus 4242)."),
            "2 fichiers abîmés :".into(),
            "  /srv/cabinet/bilan.pdf".into(),
        ])
    }

    fn repair_incident(&self, user: &str, alert: i64) -> Result<(Vec<String>, bool), FactsError> {
        self.events.lock().unwrap().push(ConsoleEvent {
            action: "incident.restored",
            user: user.into(),
            success: true,
            summary: String::new(),
            subject: Some(format!("alert-{alert}")),
        });
        Ok((vec!["12 fichiers remis en place.".into()], true))
    }

    fn open_breach(&self, user: &str, alert: i64) -> Result<i64, FactsError> {
        self.events.lock().unwrap().push(ConsoleEvent {
            action: "breach.opened",
            user: user.into(),
            success: true,
            summary: String::new(),
            subject: Some(format!("alert-{alert}")),
        });
        Ok(1)
    }

    fn settings(&self) -> Result<Vec<SettingsGroup>, FactsError> {
        Ok(vec![SettingsGroup {
            title: "vault".into(),
            items: vec![SettingItem {
                label: "backup_every".into(),
                value: "1h".into(),
            }],
        }])
    }

    fn compliance(&self, _lang: Lang) -> Result<ComplianceFacts, FactsError> {
        Ok(ComplianceFacts {
            assessed: false,
            score: 62,
            domains: vec![DomainFact {
                title: "Sauvegardes".into(),
                score: Some(80),
                after_plan: Some(100),
            }],
            plan: vec![PlanFact {
                action: "Activer la double authentification <messagerie>".into(),
                owner: "Prestataire".into(),
                due: "2026-12-31".into(),
                status: "todo".into(),
            }],
            breaches: vec![BreachFact {
                id: 1,
                title: "Chiffrement des dossiers".into(),
                clocks: vec![ClockFact {
                    label: "Notification à la CNIL".into(),
                    value: "reste 71 h".into(),
                }],
                tell_patients: true,
            }],
            requests: vec![RequestFact {
                id: 2,
                patient: "Mme Durand".into(),
                state: "à répondre avant le 7 décembre".into(),
            }],
        })
    }

    fn report(
        &self,
        user: &str,
        _lang: Lang,
        kind: &str,
        breach: Option<i64>,
        pdf: bool,
    ) -> Result<ReportFact, FactsError> {
        if kind == "cnil-notification" && breach != Some(1) {
            return Err(FactsError::Refused("précisez la violation".into()));
        }
        self.events.lock().unwrap().push(ConsoleEvent {
            action: "comply.report",
            user: user.into(),
            success: true,
            summary: kind.into(),
            subject: None,
        });
        Ok(ReportFact {
            file_name: format!("{kind}.{}", if pdf { "pdf" } else { "html" }),
            content_type: if pdf {
                "application/pdf"
            } else {
                "text/html; charset=utf-8"
            },
            bytes: if pdf {
                b"%PDF-1.7".to_vec()
            } else {
                b"<!DOCTYPE html><style>h1{}</style>".to_vec()
            },
        })
    }

    fn restore(&self, user: &str, snapshot: &str, path: &str) -> Result<RestoredFact, FactsError> {
        self.restores
            .lock()
            .unwrap()
            .push((user.into(), snapshot.into(), path.into()));
        Ok(RestoredFact {
            snapshot: snapshot.into(),
            original: path.into(),
            copy: format!("{path} (restauré)"),
            files: 1,
            bytes: 1_200_000,
        })
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    router: axum::Router,
    facts: Arc<Recorded>,
    secrets: std::collections::HashMap<&'static str, String>,
    path: std::path::PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let state = State::create(
        &path,
        &Practice {
            name: "Cabinet des Tilleuls".into(),
            created: jiff::Timestamp::now(),
        },
    )
    .unwrap();
    let mut secrets = std::collections::HashMap::new();
    for (name, role) in [
        ("admin", "admin"),
        ("dr.martin", "practitioner"),
        ("accueil.lea", "secretary"),
        ("audit", "auditor"),
    ] {
        let secret = auth::new_totp_secret();
        state
            .put_console_user(name, role, &auth::hash_password(PASSWORD).unwrap(), &secret)
            .unwrap();
        secrets.insert(name, secret);
    }
    state
        .add_alert(
            "sentinel",
            jiff::Timestamp::now(),
            "Chiffrement de fichiers",
            "{}",
        )
        .unwrap();
    let facts = Arc::new(Recorded::default());
    let console = Console::new(State::open(&path).unwrap(), facts.clone(), false).unwrap();
    Setup {
        router: app(Arc::new(console)),
        _dir: dir,
        facts,
        secrets,
        path,
    }
}

fn now() -> u64 {
    u64::try_from(jiff::Timestamp::now().as_second()).unwrap()
}

async fn send(setup: &Setup, request: Request<Body>) -> Response<Body> {
    setup.router.clone().oneshot(request).await.unwrap()
}

async fn body(response: Response<Body>) -> String {
    String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap()
}

fn form(uri: &str, fields: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:8470")
        .body(Body::from(fields.to_owned()))
        .unwrap()
}

fn with_cookie(mut request: Request<Body>, cookie: &str) -> Request<Body> {
    request
        .headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    request
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:8470")
        .body(Body::empty())
        .unwrap()
}

/// Signs in with the current code (or `code`); the session cookie on success.
async fn sign_in(
    setup: &Setup,
    user: &str,
    password: &str,
    code: Option<&str>,
) -> (StatusCode, Option<String>) {
    let current = auth::totp_now(&setup.secrets[user], now()).unwrap();
    let code = code.unwrap_or(&current);
    let response = send(
        setup,
        form(
            "/login",
            &format!("user={user}&password={}&code={code}", urlencode(password)),
        ),
    )
    .await;
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
    (response.status(), cookie)
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    page[at..at + 64].to_owned()
}

#[tokio::test]
async fn a_practitioner_signs_in_with_a_second_factor_and_sees_three_green_lights() {
    let setup = setup();
    let (status, cookie) = sign_in(&setup, "dr.martin", PASSWORD, None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.unwrap();
    let response = send(&setup, with_cookie(get("/"), &cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    for (name, value) in [
        ("content-security-policy", "default-src 'none'"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ] {
        assert!(
            response.headers()[name]
                .to_str()
                .unwrap()
                .starts_with(value),
            "{name}"
        );
    }
    let page = body(response).await;
    assert!(page.contains("Sauvegardes") && page.contains("Conformité"));
    assert!(
        page.contains("Une alerte attend votre attention."),
        "the open alert turns a light red"
    );

    // The API says the same, in JSON.
    let response = send(&setup, with_cookie(get("/api/v1/status"), &cookie)).await;
    let status: serde_json::Value = serde_json::from_str(&body(response).await).unwrap();
    assert_eq!(status["lights"][0]["level"], "green");
    assert_eq!(status["lights"][1]["level"], "red");
    assert_eq!(status["open_alerts"], 1);
    assert_eq!(status["user"]["role"], "practitioner");
    let events = setup.facts.events.lock().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "console.login" && e.success)
    );
}

#[tokio::test]
async fn the_password_alone_or_a_replayed_code_does_not_sign_in() {
    let setup = setup();
    assert_eq!(
        sign_in(&setup, "dr.martin", PASSWORD, Some("000000"))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let code = auth::totp_now(&setup.secrets["dr.martin"], now()).unwrap();
    assert_eq!(
        sign_in(&setup, "dr.martin", PASSWORD, Some(&code)).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&setup, "dr.martin", PASSWORD, Some(&code)).await.0,
        StatusCode::UNAUTHORIZED,
        "a code is accepted once"
    );
    let unknown = form(
        "/login",
        &format!("user=nobody&password={}&code={code}", urlencode(PASSWORD)),
    );
    assert_eq!(
        send(&setup, unknown).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_passwords_in_a_loop_lock_the_account_and_are_journaled() {
    let setup = setup();
    for _ in 0..5 {
        assert_eq!(
            sign_in(&setup, "accueil.lea", "wrong", None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, cookie) = sign_in(&setup, "accueil.lea", PASSWORD, None).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    assert!(cookie.is_none());
    let events = setup.facts.events.lock().unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "console.login_failed")
            .count(),
        5
    );
    assert!(events.iter().any(|e| e.action == "console.locked"));
}

#[tokio::test]
async fn a_cookie_replayed_after_logout_opens_nothing() {
    let setup = setup();
    let cookie = sign_in(&setup, "admin", PASSWORD, None).await.1.unwrap();
    let page = body(send(&setup, with_cookie(get("/"), &cookie)).await).await;
    let csrf = csrf_of(&page);
    let out = send(
        &setup,
        with_cookie(form("/logout", &format!("csrf={csrf}")), &cookie),
    )
    .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let replay = send(&setup, with_cookie(get("/"), &cookie)).await;
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert_eq!(replay.headers()[header::LOCATION], "/login");
    let api = send(&setup, with_cookie(get("/api/v1/status"), &cookie)).await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(&setup, get("/api/v1/alerts")).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn another_site_cannot_acknowledge_an_alert_but_the_page_can() {
    let setup = setup();
    let cookie = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    let page = body(send(&setup, with_cookie(get("/alertes"), &cookie)).await).await;
    let csrf = csrf_of(&page);
    let mut forged = with_cookie(form("/alertes/1/vue", &format!("csrf={csrf}")), &cookie);
    forged
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&setup, forged).await.status(), StatusCode::FORBIDDEN);
    let guessed = with_cookie(
        form("/alertes/1/vue", &format!("csrf={}", "0".repeat(64))),
        &cookie,
    );
    assert_eq!(send(&setup, guessed).await.status(), StatusCode::FORBIDDEN);
    let state = State::open(&setup.path).unwrap();
    assert_eq!(state.acknowledgement(1).unwrap(), None, "nothing changed");

    let mut genuine = with_cookie(form("/alertes/1/vue", &format!("csrf={csrf}")), &cookie);
    genuine
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:8470".parse().unwrap());
    assert_eq!(send(&setup, genuine).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(state.acknowledgement(1).unwrap().unwrap().0, "accueil.lea");
    let events = setup.facts.events.lock().unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "console.csrf_refused")
            .count(),
        2
    );
}

#[tokio::test]
async fn a_secretary_calling_an_administrator_endpoint_is_refused_and_journaled() {
    let setup = setup();
    let secretary = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    assert_eq!(
        send(&setup, with_cookie(get("/api/v1/users"), &secretary))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = sign_in(&setup, "admin", PASSWORD, None).await.1.unwrap();
    let users = body(send(&setup, with_cookie(get("/api/v1/users"), &admin)).await).await;
    assert!(users.contains("accueil.lea"));
    let events = setup.facts.events.lock().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "console.refused" && e.user == "accueil.lea")
    );
}

#[tokio::test]
async fn oversized_and_malformed_requests_are_refused() {
    let setup = setup();
    let big = form(
        "/login",
        &format!("user=a&password={}&code=1", "x".repeat(64 * 1024)),
    );
    assert_eq!(
        send(&setup, big).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let missing = form("/login", "user=a");
    assert!(send(&setup, missing).await.status().is_client_error());
    let wrong_type = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    assert!(send(&setup, wrong_type).await.status().is_client_error());
    let hostile_cookie = with_cookie(get("/"), "hygie_session=../../etc/passwd; other=1");
    assert_eq!(
        send(&setup, hostile_cookie).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        send(&setup, get("/nowhere")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn every_role_has_exactly_the_rights_the_policy_file_gives() {
    let policies = Policies::parse(POLICIES).unwrap();
    use Action::*;
    let expected: &[(Role, &[Action])] = &[
        (Role::Admin, &Action::ALL),
        (
            Role::Practitioner,
            &[
                ViewDashboard,
                ViewAlerts,
                AcknowledgeAlert,
                ViewBackups,
                RestoreFiles,
                ViewCompliance,
                DeclareBreach,
                ViewJournal,
                ReadApi,
            ],
        ),
        (
            Role::Secretary,
            &[ViewDashboard, ViewAlerts, AcknowledgeAlert, ReadApi],
        ),
        (
            Role::Auditor,
            &[
                ViewDashboard,
                ViewAlerts,
                ViewBackups,
                ViewCompliance,
                ViewJournal,
                ReadApi,
            ],
        ),
    ];
    for (role, allowed) in expected {
        for action in Action::ALL {
            assert_eq!(
                policies.allows("someone", *role, action),
                allowed.contains(&action),
                "{role:?} {action:?}"
            );
        }
    }
    // Names that are not Cedar identifiers are refused, not crashes.
    assert!(!policies.allows("\"; permit(", Role::Secretary, ManageUsers));
}

fn json_post(uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "127.0.0.1:8470")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_practitioner_browses_a_snapshot_and_restores_a_file_beside_its_original() {
    let setup = setup();
    let cookie = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let list = body(send(&setup, with_cookie(get("/sauvegardes"), &cookie)).await).await;
    assert!(
        list.contains("1,2 Mo") && list.contains("/srv/cabinet"),
        "{list}"
    );
    let uri = format!("/sauvegardes/{SNAPSHOT}?dossier=/srv/cabinet");
    let folder = body(send(&setup, with_cookie(get(&uri), &cookie)).await).await;
    // Names from the disk are escaped.
    assert!(folder.contains("bilan &lt;b&gt;.pdf"), "{folder}");
    let csrf = csrf_of(&folder);
    let response = send(
        &setup,
        with_cookie(
            form(
                &format!("/sauvegardes/{SNAPSHOT}/restaurer"),
                &format!("csrf={csrf}&chemin=%2Fsrv%2Fcabinet%2Fbilan%20%3Cb%3E.pdf"),
            ),
            &cookie,
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body(response).await.contains("(restauré)"));
    assert_eq!(
        setup.facts.restores.lock().unwrap().as_slice(),
        [(
            "dr.martin".to_owned(),
            SNAPSHOT.to_owned(),
            "/srv/cabinet/bilan <b>.pdf".to_owned()
        )]
    );
}

#[tokio::test]
async fn restore_requests_that_climb_out_are_malformed_or_not_allowed_change_nothing() {
    let setup = setup();
    let secretary = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    let practitioner = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let restore = format!("/api/v1/snapshots/{SNAPSHOT}/restore");
    // The secretary never restores, whatever she sends.
    let response = send(
        &setup,
        with_cookie(
            json_post(&restore, r#"{"path":"/srv/cabinet/a.pdf"}"#),
            &secretary,
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Relative paths, control characters, snapshot ids that are paths.
    for (uri, body_text) in [
        (
            restore.clone(),
            r#"{"path":"srv/../../etc/passwd"}"#.to_owned(),
        ),
        (
            restore.clone(),
            r#"{"path":"/srv/cabinet/\u0000x"}"#.to_owned(),
        ),
        (
            "/api/v1/snapshots/..%2F..%2Fetc/restore".to_owned(),
            r#"{"path":"/srv/cabinet/a.pdf"}"#.to_owned(),
        ),
    ] {
        let response = send(
            &setup,
            with_cookie(json_post(&uri, &body_text), &practitioner),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{uri} {body_text}"
        );
    }
    // Malformed JSON, a wrong content type, an oversized body.
    let response = send(
        &setup,
        with_cookie(json_post(&restore, "{\"path\":"), &practitioner),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let mut wrong_type = json_post(&restore, r#"{"path":"/srv/cabinet/a.pdf"}"#);
    wrong_type
        .headers_mut()
        .insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
    let response = send(&setup, with_cookie(wrong_type, &practitioner)).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!(r#"{{"path":"/srv/{}"}}"#, "a".repeat(100_000));
    let response = send(
        &setup,
        with_cookie(json_post(&restore, &huge), &practitioner),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // From another site.
    let mut foreign = json_post(&restore, r#"{"path":"/srv/cabinet/a.pdf"}"#);
    foreign
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    let response = send(&setup, with_cookie(foreign, &practitioner)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The form without its token.
    let response = send(
        &setup,
        with_cookie(
            form(
                &format!("/sauvegardes/{SNAPSHOT}/restaurer"),
                "csrf=00&chemin=%2Fsrv%2Fcabinet%2Fa.pdf",
            ),
            &practitioner,
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(setup.facts.restores.lock().unwrap().is_empty());
    let events = setup.facts.events.lock().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "console.refused" && e.user == "accueil.lea")
    );
    assert!(events.iter().any(|e| e.action == "console.restore_refused"));
    assert!(events.iter().any(|e| e.action == "console.csrf_refused"));
}

#[tokio::test]
async fn the_journal_is_searched_paged_and_verified_by_those_who_may_read_it() {
    let setup = setup();
    let auditor = sign_in(&setup, "audit", PASSWORD, None).await.1.unwrap();
    let first = body(send(&setup, with_cookie(get("/journal"), &auditor)).await).await;
    assert!(first.contains("120 entrées dans le journal"), "{first}");
    assert!(first.contains("Note &lt;119&gt;") && !first.contains("Note &lt;68&gt;"));
    assert!(first.contains("/journal?avant=70"), "{first}");
    let older = body(send(&setup, with_cookie(get("/journal?avant=70"), &auditor)).await).await;
    assert!(older.contains("Note &lt;68&gt;") && !older.contains("Note &lt;71&gt;"));
    let found = body(
        send(
            &setup,
            with_cookie(
                get("/journal?recherche=Sauvegarde%20n%C2%B0%2011"),
                &auditor,
            ),
        )
        .await,
    )
    .await;
    assert!(
        found.contains("Sauvegarde n° 111") && !found.contains("Note &lt;"),
        "{found}"
    );
    let api: serde_json::Value = serde_json::from_str(
        &body(
            send(
                &setup,
                with_cookie(get("/api/v1/journal?limit=3&before=10"), &auditor),
            )
            .await,
        )
        .await,
    )
    .unwrap();
    let seqs: Vec<u64> = api["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [9, 8, 7]);
    // Verification runs on request, for the person who asked, with the page's token.
    let csrf = csrf_of(&first);
    let verified = send(
        &setup,
        with_cookie(form("/journal/verifier", &format!("csrf={csrf}")), &auditor),
    )
    .await;
    assert_eq!(verified.status(), StatusCode::OK);
    assert!(body(verified).await.contains("Journal intact"));
    assert!(
        setup
            .facts
            .events
            .lock()
            .unwrap()
            .iter()
            .any(|e| e.action == "journal.verified" && e.user == "audit")
    );
    // The secretary's role does not include the journal.
    let secretary = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    let refused = send(&setup, with_cookie(get("/journal"), &secretary)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_compliance_page_shows_clocks_and_requests_and_hands_out_its_documents() {
    let setup = setup();
    let practitioner = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let page = body(send(&setup, with_cookie(get("/conformite"), &practitioner)).await).await;
    for expected in [
        "Score : 62/100",
        "encore répondu au questionnaire",
        "double authentification &lt;messagerie&gt;",
        "Violation n° 1 : Chiffrement des dossiers",
        "Notification à la CNIL : reste 71 h",
        "Les patients concernés doivent être prévenus",
        "Mme Durand",
        "/conformite/documents/cnil-notification?violation=1&amp;format=pdf",
    ] {
        assert!(page.contains(expected), "{expected} missing from {page}");
    }
    // A document to read keeps its inline styles under a policy of its own; a PDF downloads.
    let html = send(
        &setup,
        with_cookie(
            get("/conformite/documents/register?format=html"),
            &practitioner,
        ),
    )
    .await;
    assert_eq!(html.status(), StatusCode::OK);
    let policy = html.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("style-src 'unsafe-inline'") && policy.contains("default-src 'none'"));
    assert_eq!(html.headers()["x-content-type-options"], "nosniff");
    let pdf = send(
        &setup,
        with_cookie(
            get("/conformite/documents/cnil-notification?violation=1&format=pdf"),
            &practitioner,
        ),
    )
    .await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(
        pdf.headers()["content-disposition"],
        "attachment; filename=\"cnil-notification.pdf\""
    );
    assert!(body(pdf).await.starts_with("%PDF"));
    for (uri, status) in [
        (
            "/conformite/documents/..%2F..%2Fetc%2Fpasswd",
            StatusCode::NOT_FOUND,
        ),
        (
            "/conformite/documents/register?format=docx",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/conformite/documents/cnil-notification",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = send(&setup, with_cookie(get(uri), &practitioner)).await;
        assert_eq!(response.status(), status, "{uri}");
    }
    let api: serde_json::Value = serde_json::from_str(
        &body(
            send(
                &setup,
                with_cookie(get("/api/v1/compliance"), &practitioner),
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(api["breaches"][0]["clocks"][0]["value"], "reste 71 h");
    // Documents handed out are journaled; the secretary has no compliance pages.
    assert_eq!(
        setup
            .facts
            .events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.action == "comply.report")
            .count(),
        2
    );
    let secretary = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    let refused = send(&setup, with_cookie(get("/conformite"), &secretary)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn from_an_alert_a_practitioner_puts_files_back_and_declares_a_breach() {
    let setup = setup();
    let practitioner = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let page = body(send(&setup, with_cookie(get("/alertes"), &practitioner)).await).await;
    assert!(page.contains("/alertes/1/restaurer") && page.contains("/alertes/1/violation"));
    let csrf = csrf_of(&page);
    let repaired = send(
        &setup,
        with_cookie(
            form("/alertes/1/restaurer", &format!("csrf={csrf}")),
            &practitioner,
        ),
    )
    .await;
    assert_eq!(repaired.status(), StatusCode::OK);
    assert!(body(repaired).await.contains("12 fichiers remis en place"));
    let declared = send(
        &setup,
        with_cookie(
            form("/alertes/1/violation", &format!("csrf={csrf}")),
            &practitioner,
        ),
    )
    .await;
    assert_eq!(declared.status(), StatusCode::SEE_OTHER);
    assert_eq!(declared.headers()["location"], "/conformite");
    // The auditor sees no such button; the secretary is refused if she calls them directly.
    let auditor = sign_in(&setup, "audit", PASSWORD, None).await.1.unwrap();
    let page = body(send(&setup, with_cookie(get("/alertes"), &auditor)).await).await;
    assert!(!page.contains("/alertes/1/restaurer") && !page.contains("/alertes/1/violation"));
    let secretary = sign_in(&setup, "accueil.lea", PASSWORD, None)
        .await
        .1
        .unwrap();
    let page = body(send(&setup, with_cookie(get("/alertes"), &secretary)).await).await;
    let csrf = csrf_of(&page);
    for action in ["restaurer", "violation"] {
        let response = send(
            &setup,
            with_cookie(
                form(&format!("/alertes/1/{action}"), &format!("csrf={csrf}")),
                &secretary,
            ),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let events = setup.facts.events.lock().unwrap();
    let done: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.action == "incident.restored" || e.action == "breach.opened")
        .map(|e| (e.action, e.user.as_str()))
        .collect();
    assert_eq!(
        done,
        [
            ("incident.restored", "dr.martin"),
            ("breach.opened", "dr.martin")
        ]
    );
}

#[tokio::test]
async fn a_year_of_alerts_is_shown_fifty_at_a_time_newest_first() {
    let setup = setup();
    let state = State::open(&setup.path).unwrap();
    for n in 0..60 {
        state
            .add_alert(
                "mail",
                jiff::Timestamp::now(),
                &format!("Message dangereux n° {n}"),
                "{}",
            )
            .unwrap();
    }
    let cookie = sign_in(&setup, "audit", PASSWORD, None).await.1.unwrap();
    let first = body(send(&setup, with_cookie(get("/alertes"), &cookie)).await).await;
    assert_eq!(first.matches("<tr><td>").count(), 50);
    assert!(first.contains("Message dangereux n° 59") && !first.contains("n° 9<"));
    assert!(first.contains("/alertes?avant=12"), "{first}");
    let older = body(send(&setup, with_cookie(get("/alertes?avant=12"), &cookie)).await).await;
    assert_eq!(older.matches("<tr><td>").count(), 11);
    assert!(older.contains("Chiffrement de fichiers") && !older.contains("/alertes?avant="));
}

#[tokio::test]
async fn an_administrator_sees_the_settings_and_creates_and_removes_accounts() {
    let setup = setup();
    let admin = sign_in(&setup, "admin", PASSWORD, None).await.1.unwrap();
    let page = body(send(&setup, with_cookie(get("/reglages"), &admin)).await).await;
    assert!(page.contains("[vault]") && page.contains("backup_every") && page.contains("1h"));
    assert!(page.contains("accueil.lea") && page.contains("/reglages/comptes/audit/supprimer"));
    // Nobody removes their own account from here.
    assert!(!page.contains("/reglages/comptes/admin/supprimer"));
    let csrf = csrf_of(&page);
    let weak = send(
        &setup,
        with_cookie(
            form(
                "/reglages/comptes",
                &format!("csrf={csrf}&nom=remplacant&role=practitioner&mot_de_passe=azerty123"),
            ),
            &admin,
        ),
    )
    .await;
    assert_eq!(weak.status(), StatusCode::BAD_REQUEST);
    let added = send(
        &setup,
        with_cookie(
            form(
                "/reglages/comptes",
                &format!(
                    "csrf={csrf}&nom=remplacant&role=practitioner&mot_de_passe={}",
                    urlencode(PASSWORD)
                ),
            ),
            &admin,
        ),
    )
    .await;
    assert_eq!(added.status(), StatusCode::OK);
    let shown = body(added).await;
    let marker = "<code class=\"secret\">";
    let secret_at = shown.find(marker).unwrap() + marker.len();
    let secret = &shown[secret_at..secret_at + 32];
    assert!(shown.contains("otpauth://totp/"));
    // The new account signs in with its password and the shown key.
    let code = auth::totp_now(secret, now()).unwrap();
    let response = send(
        &setup,
        form(
            "/login",
            &format!(
                "user=remplacant&password={}&code={code}",
                urlencode(PASSWORD)
            ),
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let removed = send(
        &setup,
        with_cookie(
            form(
                "/reglages/comptes/remplacant/supprimer",
                &format!("csrf={csrf}"),
            ),
            &admin,
        ),
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let state = State::open(&setup.path).unwrap();
    assert!(state.console_user("remplacant").unwrap().is_none());
    // A practitioner has no settings page and no such menu entry.
    let practitioner = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let refused = send(&setup, with_cookie(get("/reglages"), &practitioner)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let dashboard = body(send(&setup, with_cookie(get("/"), &practitioner)).await).await;
    assert!(!dashboard.contains("href=\"/reglages\"") && dashboard.contains("href=\"/journal\""));
    let events = setup.facts.events.lock().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "console.user_set" && e.user == "admin")
    );
    assert!(events.iter().any(|e| e.action == "console.user_removed"));
}

#[tokio::test]
async fn an_alert_shows_its_evidence_and_what_can_be_done() {
    let setup = setup();
    let practitioner = sign_in(&setup, "dr.martin", PASSWORD, None)
        .await
        .1
        .unwrap();
    let list = body(send(&setup, with_cookie(get("/alertes"), &practitioner)).await).await;
    assert!(list.contains("<a href=\"/alertes/1\">1</a>"), "{list}");
    let page = body(send(&setup, with_cookie(get("/alertes/1"), &practitioner)).await).await;
    assert!(page.contains("Alerte n° 1") && page.contains("Chiffrement de fichiers"));
    assert!(
        page.contains("/tmp/chiffreur &lt;1&gt; (processus 4242)"),
        "{page}"
    );
    assert!(page.contains("<li><code>/srv/cabinet/bilan.pdf</code></li>"));
    assert!(page.contains("/alertes/1/restaurer") && page.contains("/alertes/1/vue"));
    let missing = send(&setup, with_cookie(get("/alertes/99"), &practitioner)).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let not_a_number = send(&setup, with_cookie(get("/alertes/..%2F1"), &practitioner)).await;
    assert_eq!(not_a_number.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_code_sent_twice_at_once_opens_one_session_and_a_reset_ends_it() {
    let setup = setup();
    let code = auth::totp_now(&setup.secrets["dr.martin"], now()).unwrap();
    let (first, second) = tokio::join!(
        sign_in(&setup, "dr.martin", PASSWORD, Some(&code)),
        sign_in(&setup, "dr.martin", PASSWORD, Some(&code)),
    );
    let opened: Vec<StatusCode> = [first.0, second.0]
        .into_iter()
        .filter(|s| *s == StatusCode::SEE_OTHER)
        .collect();
    assert_eq!(opened.len(), 1, "{first:?} {second:?}");
    let cookie = first.1.or(second.1).unwrap();
    let response = send(&setup, with_cookie(get("/"), &cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    // The account is reset (a password thought stolen): its session ends at once.
    let state = State::open(&setup.path).unwrap();
    state
        .put_console_user(
            "dr.martin",
            "practitioner",
            &auth::hash_password(PASSWORD).unwrap(),
            &auth::new_totp_secret(),
        )
        .unwrap();
    let response = send(&setup, with_cookie(get("/"), &cookie)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}
