//! The repository server against the real `restic` client and against hostile requests.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use std::sync::{Arc, Mutex};

use hygie_repo_server::{Credentials, Fact, Recorder, Role, ServerConfig, router};
use sha2::{Digest, Sha256};

const BACKUP_PASSWORD: &str = "mot-de-passe-du-cabinet";
const ADMIN_PASSWORD: &str = "mot-de-passe-du-prestataire";
const RESTIC_PASSWORD: &str = "phrase-du-depot";

/// Keeps every fact the server records, for the tests to read.
#[derive(Default)]
struct Facts(Mutex<Vec<Fact>>);

impl Recorder for Facts {
    fn record(&self, fact: Fact) {
        self.0.lock().unwrap().push(fact);
    }
}

struct Server {
    dir: tempfile::TempDir,
    address: SocketAddr,
    facts: Arc<Facts>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn start(quota: Option<u64>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let credentials_path = dir.path().join("credentials.toml");
        Credentials::add(&credentials_path, "cabinet", Role::Backup, BACKUP_PASSWORD).unwrap();
        Credentials::add(&credentials_path, "voisin", Role::Backup, "autre").unwrap();
        Credentials::add(
            &credentials_path,
            "prestataire",
            Role::Admin,
            ADMIN_PASSWORD,
        )
        .unwrap();
        let credentials = Credentials::load(&credentials_path).unwrap();
        let data = dir.path().join("depots");
        std::fs::create_dir_all(&data).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let address = listener.local_addr().unwrap();
        let facts = Arc::new(Facts::default());
        let app = router(ServerConfig {
            data,
            credentials,
            quota,
            recorder: facts.clone(),
        });
        runtime.spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Server {
            dir,
            address,
            facts,
            _runtime: runtime,
        }
    }

    /// The refusals recorded so far, as `(caller, method, what, status)`.
    fn refusals(&self) -> Vec<(Option<String>, String, String, u16)> {
        self.facts
            .0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|fact| match fact {
                Fact::Refused {
                    caller,
                    method,
                    what,
                    status,
                    ..
                } => Some((caller.clone(), method.clone(), what.clone(), *status)),
                _ => None,
            })
            .collect()
    }

    fn url(&self, user: &str, password: &str, repo: &str) -> String {
        format!("rest:http://{user}:{password}@{}/{repo}/", self.address)
    }

    fn restic(
        &self,
        user: &str,
        password: &str,
        repo: &str,
        args: &[&str],
    ) -> std::process::Output {
        Command::new("restic")
            .args(["--no-cache", "-r", &self.url(user, password, repo)])
            .args(args)
            .env("RESTIC_PASSWORD", RESTIC_PASSWORD)
            .output()
            .expect("restic is installed (Debian package restic)")
    }

    /// Where the server keeps pack `name` of `repo`.
    fn pack(&self, repo: &str, name: &str) -> PathBuf {
        self.dir
            .path()
            .join("depots")
            .join(repo)
            .join("data")
            .join(&name[..2])
            .join(name)
    }

    fn repo_files(&self, repo: &str, kind: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut stack = vec![self.dir.path().join("depots").join(repo).join(kind)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    found.push(path);
                }
            }
        }
        found
    }

    /// A raw HTTP/1.1 request; returns the status code.
    fn request(&self, method: &str, path: &str, auth: Option<(&str, &str)>, body: &[u8]) -> u16 {
        self.exchange(method, path, auth, body).0
    }

    /// A raw HTTP/1.1 request; returns the status code and the body.
    fn exchange(
        &self,
        method: &str,
        path: &str,
        auth: Option<(&str, &str)>,
        body: &[u8],
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        if let Some((user, password)) = auth {
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            head.push_str(&format!("Authorization: Basic {token}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        (status, body)
    }
}

fn practice_files(root: &Path) {
    std::fs::create_dir_all(root.join("dossiers")).unwrap();
    let mut x: u64 = 7;
    let mut scan = Vec::new();
    while scan.len() < 2 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        scan.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(root.join("dossiers/scan.jpg"), scan).unwrap();
    std::fs::write(root.join("dossiers/note.txt"), b"Patient vu ce matin.").unwrap();
}

const BACKUP: Option<(&str, &str)> = Some(("cabinet", BACKUP_PASSWORD));
const ADMIN: Option<(&str, &str)> = Some(("prestataire", ADMIN_PASSWORD));

#[test]
fn restic_backs_up_checks_and_restores_through_the_server() {
    let server = Server::start(None);
    let source = server.dir.path().join("source");
    practice_files(&source);
    let init = server.restic("cabinet", BACKUP_PASSWORD, "cabinet", &["init"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let backup = server.restic(
        "cabinet",
        BACKUP_PASSWORD,
        "cabinet",
        &["backup", source.to_str().unwrap()],
    );
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let check = server.restic(
        "cabinet",
        BACKUP_PASSWORD,
        "cabinet",
        &["check", "--read-data"],
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let target = server.dir.path().join("restored");
    let restore = server.restic(
        "cabinet",
        BACKUP_PASSWORD,
        "cabinet",
        &["restore", "latest", "--target", target.to_str().unwrap()],
    );
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let restored = target.join(source.strip_prefix("/").unwrap());
    assert_eq!(
        std::fs::read(restored.join("dossiers/scan.jpg")).unwrap(),
        std::fs::read(source.join("dossiers/scan.jpg")).unwrap()
    );

    // A thief of the backup credential cannot make restic forget the snapshots.
    let forget = server.restic("cabinet", BACKUP_PASSWORD, "cabinet", &["forget", "latest"]);
    assert!(!forget.status.success());
    let snapshots = server.restic(
        "cabinet",
        BACKUP_PASSWORD,
        "cabinet",
        &["snapshots", "--json"],
    );
    let listed: serde_json::Value = serde_json::from_slice(&snapshots.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // The administrator can.
    let forget = server.restic(
        "prestataire",
        ADMIN_PASSWORD,
        "cabinet",
        &["forget", "latest", "--prune"],
    );
    assert!(
        forget.status.success(),
        "{}",
        String::from_utf8_lossy(&forget.stderr)
    );
}

#[test]
fn the_backup_credential_cannot_delete_overwrite_forge_or_wander() {
    let server = Server::start(None);
    let source = server.dir.path().join("source");
    practice_files(&source);
    assert!(
        server
            .restic("cabinet", BACKUP_PASSWORD, "cabinet", &["init"])
            .status
            .success()
    );
    assert!(
        server
            .restic(
                "cabinet",
                BACKUP_PASSWORD,
                "cabinet",
                &["backup", source.to_str().unwrap()]
            )
            .status
            .success()
    );
    let snapshot = server.repo_files("cabinet", "snapshots").pop().unwrap();
    let snapshot_name = snapshot.file_name().unwrap().to_str().unwrap().to_owned();
    let snapshot_path = format!("/cabinet/snapshots/{snapshot_name}");
    let pack = server.repo_files("cabinet", "data").pop().unwrap();
    let pack_name = pack.file_name().unwrap().to_str().unwrap().to_owned();
    let original = std::fs::read(&snapshot).unwrap();

    // Delete a snapshot, a pack, the config: refused.
    assert_eq!(server.request("DELETE", &snapshot_path, BACKUP, b""), 403);
    assert_eq!(
        server.request("DELETE", &format!("/cabinet/data/{pack_name}"), BACKUP, b""),
        403
    );
    assert_eq!(
        server.request("DELETE", "/cabinet/config", BACKUP, b""),
        405
    );
    // Overwrite an existing snapshot or the config: refused.
    assert_eq!(
        server.request("POST", &snapshot_path, BACKUP, &original),
        403
    );
    assert_eq!(server.request("POST", "/cabinet/config", BACKUP, b"x"), 403);
    // An upload whose body does not hash to its name: refused, and nothing is left behind.
    let forged = vec![1u8; 1000];
    let name = hex_sha256(b"something else");
    assert_eq!(
        server.request("POST", &format!("/cabinet/data/{name}"), BACKUP, &forged),
        400
    );
    assert!(!server.pack("cabinet", &name).exists());
    assert_eq!(
        std::fs::read_dir(server.dir.path().join("depots/cabinet/.incoming"))
            .unwrap()
            .count(),
        0
    );
    // A correct new file is accepted, once.
    let body = b"nouvelle donnee";
    let name = hex_sha256(body);
    assert_eq!(
        server.request("POST", &format!("/cabinet/data/{name}"), BACKUP, body),
        200
    );
    assert_eq!(
        server.request("POST", &format!("/cabinet/data/{name}"), BACKUP, body),
        403
    );
    // Path traversal and unknown types never reach the disk.
    for path in [
        "/cabinet/../voisin/config",
        "/cabinet/keys/..%2F..%2Fcredentials.toml",
        "/cabinet/secrets/0000",
        "/..%2F/config",
        &format!("/cabinet/data/{}", "A".repeat(64)),
    ] {
        let status = server.request("GET", path, BACKUP, b"");
        assert!(matches!(status, 400 | 403 | 404), "{path}: {status}");
    }
    // Another practice's repository: refused.
    assert_eq!(server.request("GET", "/voisin/config", BACKUP, b""), 403);
    assert_eq!(
        server.request("POST", "/voisin/?create=true", BACKUP, b""),
        403
    );
    // No credential, a wrong password: 401.
    assert_eq!(server.request("GET", "/cabinet/config", None, b""), 401);
    assert_eq!(
        server.request("GET", "/cabinet/config", Some(("cabinet", "devine")), b""),
        401
    );
    // Lock files may be removed by the backup credential (restic must unlock).
    let lock = b"{\"lock\":1}";
    let lock_name = hex_sha256(lock);
    assert_eq!(
        server.request("POST", &format!("/cabinet/locks/{lock_name}"), BACKUP, lock),
        200
    );
    assert_eq!(
        server.request(
            "DELETE",
            &format!("/cabinet/locks/{lock_name}"),
            BACKUP,
            b""
        ),
        200
    );

    // Every refusal was recorded, with who asked and what.
    let refusals = server.refusals();
    let cabinet = Some("cabinet".to_owned());
    for (method, what, status) in [
        ("DELETE", format!("cabinet/snapshots/{snapshot_name}"), 403),
        ("DELETE", format!("cabinet/data/{pack_name}"), 403),
        ("POST", format!("cabinet/snapshots/{snapshot_name}"), 403),
        ("POST", "cabinet/config".to_owned(), 403),
        ("POST", "voisin/".to_owned(), 403),
    ] {
        assert!(
            refusals.iter().any(|(caller, m, w, s)| caller == &cabinet
                && m == method
                && w.starts_with(what.trim_end_matches('/'))
                && *s == status),
            "{method} {what} {status} not recorded in {refusals:?}"
        );
    }
    assert!(
        refusals
            .iter()
            .any(|(caller, _, _, status)| caller.is_none() && *status == 401),
        "the wrong password is recorded: {refusals:?}"
    );

    // Nothing of the snapshot changed.
    assert_eq!(std::fs::read(&snapshot).unwrap(), original);
    // The administrator may delete.
    assert_eq!(server.request("DELETE", &snapshot_path, ADMIN, b""), 200);
}

#[test]
fn a_full_quota_answers_507_and_keeps_nothing() {
    let server = Server::start(Some(10_000));
    assert_eq!(
        server.request("POST", "/cabinet/?create=true", BACKUP, b""),
        200
    );
    let small = vec![3u8; 4_000];
    assert_eq!(
        server.request(
            "POST",
            &format!("/cabinet/data/{}", hex_sha256(&small)),
            BACKUP,
            &small
        ),
        200
    );
    let large = vec![4u8; 8_000];
    let name = hex_sha256(&large);
    assert_eq!(
        server.request("POST", &format!("/cabinet/data/{name}"), BACKUP, &large),
        507
    );
    assert!(!server.pack("cabinet", &name).exists());
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn downloading_the_whole_history_with_the_backup_credential_raises_the_alarm() {
    let server = Server::start(None);
    assert_eq!(
        server.request("POST", "/cabinet/?create=true", BACKUP, b""),
        200
    );
    // 100 MB of packs, so the floor of 64 MB is exceeded by reading most of them.
    let mut names = Vec::new();
    for i in 0..20u8 {
        let body = vec![i; 5 << 20];
        let name = hex_sha256(&body);
        assert_eq!(
            server.request("POST", &format!("/cabinet/data/{name}"), BACKUP, &body),
            200
        );
        names.push(name);
    }
    let alarms = server.dir.path().join("depots/cabinet/alarms.jsonl");
    // The administrator reading everything is no alarm.
    for name in &names {
        assert_eq!(
            server.request("GET", &format!("/cabinet/data/{name}"), ADMIN, b""),
            200
        );
    }
    assert!(!alarms.exists());
    // A backup credential reading a few packs is no alarm either…
    for name in &names[..3] {
        assert_eq!(
            server.request("GET", &format!("/cabinet/data/{name}"), BACKUP, b""),
            200
        );
    }
    assert!(!alarms.exists());
    // …but reading them all is, once.
    for name in &names {
        assert_eq!(
            server.request("GET", &format!("/cabinet/data/{name}"), BACKUP, b""),
            200
        );
    }
    let text = std::fs::read_to_string(&alarms).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let alarm: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(alarm["credential"], "cabinet");
    assert!(alarm["bytes_read"].as_u64().unwrap() > 64 << 20);
}

/// A journal and its key, to offer checkpoints to the server's witness.
fn journal(dir: &Path, name: &str) -> hygie_journal::Journal {
    let (secret, public) = hygie_journal::generate_keys(&format!("hygie/{name}")).unwrap();
    hygie_journal::Journal::create(
        &dir.join(format!("{name}.sqlite")),
        hygie_journal::SigningKey::parse(&secret).unwrap(),
        hygie_journal::VerifierKey::parse(&public).unwrap(),
    )
    .unwrap()
}

fn append(journal: &hygie_journal::Journal, count: usize) {
    for i in 0..count {
        journal
            .append(hygie_journal::Event::new(
                hygie_journal::Kind::Note,
                "note.added",
                hygie_journal::Actor::person("secretariat"),
                format!("note {i}"),
            ))
            .unwrap();
    }
}

fn offer(journal: &hygie_journal::Journal, held: u64) -> Vec<u8> {
    let checkpoint = journal.checkpoint().unwrap();
    let proof = if held > 0 && held < checkpoint.size {
        journal
            .prove_consistency(held, checkpoint.size)
            .unwrap()
            .hashes
    } else {
        Vec::new()
    };
    serde_json::to_vec(&hygie_journal::witness::Offer::new(
        journal.verifier(),
        checkpoint.note.as_bytes(),
        &proof,
    ))
    .unwrap()
}

#[test]
fn the_witness_keeps_growing_checkpoints_and_refuses_rollback_and_another_key() {
    let server = Server::start(None);
    let dir = tempfile::tempdir().unwrap();
    let practice = journal(dir.path(), "cabinet");
    assert_eq!(server.request("GET", "/cabinet/witness", BACKUP, b""), 404);

    append(&practice, 3);
    let first = offer(&practice, 0);
    assert_eq!(
        server.request("POST", "/cabinet/witness", BACKUP, &first),
        200
    );
    append(&practice, 5);
    let second = offer(&practice, 3);
    assert_eq!(
        server.request("POST", "/cabinet/witness", BACKUP, &second),
        200
    );
    let (status, held) = server.exchange("GET", "/cabinet/witness", BACKUP, b"");
    assert_eq!(status, 200);
    let held: hygie_journal::witness::Held = serde_json::from_str(&held).unwrap();
    assert_eq!(held.key, practice.verifier().text());
    assert!(held.checkpoint.contains("\n8\n"), "{}", held.checkpoint);

    // The older checkpoint again: a rollback.
    let (status, body) = server.exchange("POST", "/cabinet/witness", BACKUP, &first);
    assert_eq!(status, 409);
    assert!(body.contains("rollback"), "{body}");
    // Another journal claiming the same witness: another key.
    let impostor = journal(dir.path(), "imposteur");
    append(&impostor, 20);
    let (status, body) = server.exchange("POST", "/cabinet/witness", BACKUP, &offer(&impostor, 0));
    assert_eq!(status, 409);
    assert!(body.contains("key_mismatch"), "{body}");
    // Garbage, and another practice's witness: refused before anything is read.
    assert_eq!(
        server.request("POST", "/cabinet/witness", BACKUP, b"{\"key\":1}"),
        400
    );
    assert_eq!(
        server.request("POST", "/voisin/witness", BACKUP, &second),
        403
    );
    assert_eq!(server.request("GET", "/voisin/witness", BACKUP, b""), 403);

    let facts = server.facts.0.lock().unwrap();
    let accepted = facts
        .iter()
        .filter(|f| matches!(f, Fact::CheckpointAccepted { .. }))
        .count();
    let refused = facts
        .iter()
        .filter(|f| matches!(f, Fact::CheckpointRefused { .. }))
        .count();
    assert_eq!((accepted, refused), (2, 2), "{facts:?}");
}
