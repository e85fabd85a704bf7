//! The API fuzzed from its own OpenAPI document: every documented operation is called with
//! generated path parameters, queries, bodies and sessions — plausible ones, hostile ones
//! (`..`, NUL, very long, right-to-left marks) and random ones — and must answer only with a
//! status its document declares, never a server error, JSON when it says JSON, and restore
//! only what a role allowed to restore asked for with a plain absolute path.

use axum::body::Body;
use axum::http::{Method, Request, header};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{PASSWORD, SNAPSHOT, Setup, body, send, setup, sign_in};

/// One operation of the document.
#[derive(Clone, Debug)]
struct Operation {
    method: Method,
    template: String,
    path_parameters: Vec<String>,
    query_parameters: Vec<String>,
    has_body: bool,
    statuses: Vec<u16>,
}

fn operations() -> Vec<Operation> {
    let document = serde_json::to_value(hygie_console::openapi()).unwrap();
    let mut found = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let named = |place: &str| -> Vec<String> {
                parameters
                    .iter()
                    .filter(|p| p["in"] == place)
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            };
            found.push(Operation {
                method: method.to_uppercase().parse().unwrap(),
                template: template.clone(),
                path_parameters: named("path"),
                query_parameters: named("query"),
                has_body: operation.get("requestBody").is_some(),
                statuses: operation["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|code| code.parse().unwrap())
                    .collect(),
            });
        }
    }
    found
}

/// Text for a parameter: what the console expects, what an attacker sends, and anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("latest".to_owned()),
        Just(SNAPSHOT.to_owned()),
        Just(SNAPSHOT[..8].to_owned()),
        Just("/srv/cabinet".to_owned()),
        Just("/srv/cabinet/bilan <b>.pdf".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("/srv/cabinet/../../etc/shadow".to_owned()),
        Just("/srv/\u{0}cabinet".to_owned()),
        Just("/srv/\u{202e}fdp.exe".to_owned()),
        Just(String::new()),
        Just("18446744073709551615".to_owned()),
        Just("-1".to_owned()),
        "/[a-zé ./<>\"'&%]{0,40}",
        ".{0,60}",
        "[0-9a-f]{1,80}",
        Just(format!("/{}", "a".repeat(5000))),
    ]
}

/// A request body for an operation that takes one.
fn request_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        text().prop_map(|path| serde_json::to_vec(&serde_json::json!({ "path": path })).unwrap()),
        text()
            .prop_map(|other| serde_json::to_vec(&serde_json::json!({ "chemin": other })).unwrap()),
        Just(b"{\"path\":".to_vec()),
        Just(b"[]".to_vec()),
        Just(b"null".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..200),
    ]
}

/// Whose session the call carries: none, a forged one, or one of each role's.
fn session() -> impl Strategy<Value = usize> {
    0usize..6
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn every_documented_operation_answers_only_as_documented_whatever_it_is_sent() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let setup: Setup = setup();
    let mut cookies = vec![None, Some(format!("hygie_session={}", "A".repeat(43)))];
    for user in ["admin", "dr.martin", "accueil.lea", "audit"] {
        cookies.push(runtime.block_on(sign_in(&setup, user, PASSWORD, None)).1);
    }
    let operations = operations();
    assert_eq!(operations.len(), 9, "{operations:#?}");
    let case = (
        0..operations.len(),
        proptest::collection::vec(text(), 2),
        proptest::option::of(text()),
        request_body(),
        session(),
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 600,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&case, |(index, values, query, bytes, who, json_type)| {
            let operation = &operations[index];
            let mut uri = operation.template.clone();
            for (name, value) in operation.path_parameters.iter().zip(&values) {
                uri = uri.replace(&format!("{{{name}}}"), &encode(value));
            }
            if let (Some(name), Some(value)) = (operation.query_parameters.first(), &query) {
                uri = format!("{uri}?{name}={}", encode(value));
            }
            let mut request = Request::builder()
                .method(operation.method.clone())
                .uri(&uri)
                .header(header::HOST, "127.0.0.1:8470");
            if let Some(cookie) = &cookies[who] {
                request = request.header(header::COOKIE, cookie);
            }
            let request = if operation.has_body {
                let kind = if json_type {
                    "application/json"
                } else {
                    "text/plain"
                };
                request
                    .header(header::CONTENT_TYPE, kind)
                    .body(Body::from(bytes))
            } else {
                request.body(Body::empty())
            }
            .unwrap();
            let response = runtime.block_on(send(&setup, request));
            let status = response.status().as_u16();
            prop_assert!(
                operation.statuses.contains(&status),
                "{} {uri} answered {status}, not in {:?}",
                operation.method,
                operation.statuses
            );
            prop_assert!(status < 500, "{} {uri} answered {status}", operation.method);
            // Without a session: refused, or not found when the path matches no route (an
            // empty snapshot id); the page says nothing either way.
            if who < 2 {
                prop_assert!(
                    status == 401 || status == 404,
                    "{} {uri} without a session answered {status}",
                    operation.method
                );
            }
            let json = response
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            let text = runtime.block_on(body(response));
            if json {
                prop_assert!(
                    serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                    "{uri}: {text}"
                );
            }
            Ok(())
        })
        .unwrap();
    // Whatever was sent, only the two roles allowed to restore reached the restore, and only
    // with a plain absolute path.
    for (user, _, path) in setup.facts.restores.lock().unwrap().iter() {
        assert!(
            user == "admin" || user == "dr.martin",
            "{user} restored {path}"
        );
        assert!(
            path.starts_with('/') && !path.chars().any(char::is_control) && path.len() <= 4096,
            "{path:?}"
        );
    }
}
