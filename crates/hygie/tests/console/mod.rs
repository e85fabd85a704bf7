//! The console as the practice uses it: the real `hygie up`, signed in over HTTP, and a real
//! headless Chromium (Debian's `chromium` and `chromedriver`, which `.ci/run` installs) that
//! signs in with a second factor, reads the dashboard, acknowledges an alert and restores a
//! file. Screenshots of every page it visits land in `target/tmp/console-screenshots/`.

use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use super::{
    Practice, Running, actions, assert_refused, assert_success, signal, start_guardian, stdout,
};

const PASSWORD: &str = "Tr0ub4dour&3x-lilas!";

/// A free port on loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An initialised practice whose console listens on a port of its own.
fn practice_with_console() -> (Practice, String) {
    let practice = Practice::new();
    practice.init();
    let port = free_port();
    let config = practice.home().join("hygie.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "listen = \"127.0.0.1:8470\"",
        &format!("listen = \"127.0.0.1:{port}\""),
    );
    std::fs::write(&config, text).unwrap();
    (practice, format!("http://127.0.0.1:{port}"))
}

/// `hygie console add-user NAME --role ROLE`, the password typed on standard input.
fn add_user(practice: &Practice, name: &str, role: &str, password: &str) -> Output {
    let mut adding = practice
        .command()
        .args(["console", "add-user", name, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = adding.stdin.take().unwrap();
    input.write_all(format!("{password}\n").as_bytes()).unwrap();
    drop(input);
    adding.wait_with_output().unwrap()
}

/// The TOTP secret `add-user` printed.
fn secret_of(added: &Output) -> String {
    stdout(added)
        .lines()
        .find_map(|l| l.strip_prefix("Clé : "))
        .unwrap()
        .trim()
        .to_owned()
}

fn totp_now(secret: &str) -> String {
    let seconds = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    hygie_console::auth::totp_now(secret, seconds).unwrap()
}

/// `hygie up`, killed when the test ends early on a failed assertion ([`Running`]).
struct Guardian(Running);

impl Guardian {
    fn start(practice: &Practice, base: &str) -> Guardian {
        let (child, log) = start_guardian(practice);
        std::thread::spawn(move || for _ in std::io::BufRead::lines(log) {});
        let mut guardian = Guardian(child);
        wait_for_port(
            base.trim_start_matches("http://"),
            &mut guardian.0,
            "the console",
        );
        guardian
    }

    /// Stops it as a person would (SIGTERM) and checks that it stopped cleanly.
    fn stop(mut self) {
        signal(&self.0, "TERM");
        assert!(self.0.wait().unwrap().success());
    }
}

/// Signs `user` in at `base` with the password and the current code; the `Set-Cookie` header.
fn sign_in_over_http(
    client: &reqwest::blocking::Client,
    base: &str,
    user: &str,
    secret: &str,
) -> String {
    let signed_in = client
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "user={user}&password=Tr0ub4dour%263x-lilas%21&code={}",
            totp_now(secret)
        ))
        .send()
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// Waits until `address` accepts connections.
fn wait_for_port(address: &str, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(address).is_err() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} never answered on {address}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(unix)]
#[test]
fn the_guardian_serves_the_console_to_a_signed_in_practitioner_and_journals_the_sign_in() {
    let (practice, base) = practice_with_console();
    assert_refused(
        &add_user(&practice, "dr.martin", "practitioner", "motdepasse"),
        "mot de passe refusé",
    );
    let added = add_user(&practice, "dr.martin", "practitioner", PASSWORD);
    assert_success(&added);
    let secret = secret_of(&added);

    let guardian = Guardian::start(&practice, &base);
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    assert_eq!(
        client
            .get(format!("{base}/api/v1/status"))
            .send()
            .unwrap()
            .status(),
        401
    );
    let set_cookie = sign_in_over_http(&client, &base, "dr.martin", &secret);
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let dashboard = client
        .get(format!("{base}/"))
        .header("cookie", &cookie)
        .send()
        .unwrap();
    assert_eq!(dashboard.status(), 200);
    assert!(
        dashboard.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    let page = dashboard.text().unwrap();
    assert!(
        page.contains("Cabinet des Tilleuls") && page.contains("Sauvegardes"),
        "{page}"
    );
    let status: serde_json::Value = client
        .get(format!("{base}/api/v1/status"))
        .header("cookie", &cookie)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(status["user"]["role"], "practitioner");
    assert_eq!(status["lights"].as_array().unwrap().len(), 3);
    // The guardian backs up as it starts; snapshots are listed newest first.
    let snapshots: serde_json::Value = client
        .get(format!("{base}/api/v1/snapshots"))
        .header("cookie", &cookie)
        .send()
        .unwrap()
        .json()
        .unwrap();
    for snapshot in snapshots.as_array().unwrap() {
        assert_eq!(snapshot["id"].as_str().unwrap().len(), 64, "{snapshot}");
    }

    guardian.stop();
    let done: Vec<String> = actions(&practice)
        .into_iter()
        .map(|(action, _)| action)
        .collect();
    assert!(done.iter().any(|a| a == "console.user_set"));
    assert!(done.iter().any(|a| a == "console.login"), "{done:?}");
}

/// Debian's ChromeDriver on a port of its own; killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver is installed (Debian packages chromium and chromium-driver; \
                 .ci/run installs them)",
            );
        wait_for_port(&format!("127.0.0.1:{port}"), &mut child, "chromedriver");
        Driver {
            child,
            port,
            profile: tempfile::tempdir().unwrap(),
        }
    }

    /// A headless Chromium that talks to loopback only, with an empty profile.
    async fn browser(&self) -> Client {
        let profile = self.profile.path().display().to_string();
        let options = serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--lang=fr-FR", "--accept-lang=fr-FR",
                format!("--user-data-dir={profile}"),
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("Chromium started through chromedriver")
    }
}

impl Drop for Driver {
    /// Stops the driver, and the browser with it even when a failed assertion left the session
    /// open: killing chromedriver alone leaves Chromium running. Its profile folder, created
    /// for this test, names its processes.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self.profile.path().display()))
            .status();
    }
}

/// Where the browser test leaves its screenshots for a reviewer.
fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shoot(browser: &Client, name: &str) {
    let png = browser.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// The text of the first element at `xpath` once it contains `needle`: a click that submits a
/// form returns before the next page is there, so the old page may answer first.
async fn text_once_shown(browser: &Client, xpath: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = browser.find(Locator::XPath(xpath)).await
            && let Ok(text) = element.text().await
        {
            if text.contains(needle) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{xpath} never showed {needle:?}; last seen: {last:?}");
}

/// Waits for the page whose heading is `title`.
async fn expect_page(browser: &Client, title: &str) {
    let shown = text_once_shown(browser, "//h1", title).await;
    assert_eq!(shown, title);
}

async fn click_link(browser: &Client, text: &str) {
    browser
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("no link {text:?}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Fills the sign-in form and sends it.
async fn sign_in_as(browser: &Client, user: &str, secret: &str) {
    for (name, value) in [
        ("user", user.to_owned()),
        ("password", PASSWORD.to_owned()),
        ("code", totp_now(secret)),
    ] {
        browser
            .find(Locator::Css(&format!("input[name={name}]")))
            .await
            .unwrap()
            .send_keys(&value)
            .await
            .unwrap();
    }
    browser
        .find(Locator::Css("form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The button `label` in the table row that mentions `row`.
async fn click_in_row(browser: &Client, row: &str, label: &str) {
    let xpath = format!("//tr[contains(., '{row}')]//button[contains(., '{label}')]");
    browser
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {label:?} in the row of {row:?}: {e}"))
        .click()
        .await
        .unwrap();
}

#[cfg(unix)]
#[test]
fn in_chromium_a_practitioner_signs_in_acknowledges_an_alert_and_restores_a_file() {
    let (practice, base) = practice_with_console();
    let folder = practice.folder("dossiers/Dupont Jean");
    let report = folder.join("compte-rendu.txt");
    let original = "Patient vu le 3 novembre. Tension 12/8.\n".repeat(40);
    std::fs::write(&report, &original).unwrap();
    assert_success(&practice.run(&["backup"]));
    // Then the file is spoiled, and the mail guard reports a dangerous message.
    std::fs::write(&report, b"\x8f\x02\xa1 chiffre").unwrap();
    hygie_state::State::open(&practice.home().join("state.sqlite"))
        .unwrap()
        .add_alert(
            "mail",
            jiff::Timestamp::now(),
            "Message dangereux : « Remboursement Ameli » envoyé par ameli-remboursement.top",
            &serde_json::json!({
                "sender": "Assurance Maladie <remboursement@ameli-remboursement.top>",
                "subject": "Votre remboursement de 48,70 € est en attente",
                "reasons": ["le lien affiché mène à ameli-remboursement.top, pas à ameli.fr"],
                "action": "tag",
            })
            .to_string(),
        )
        .unwrap();
    let added = add_user(&practice, "dr.martin", "practitioner", PASSWORD);
    assert_success(&added);
    let secret = secret_of(&added);
    let added = add_user(&practice, "prestataire", "admin", PASSWORD);
    assert_success(&added);
    let admin_secret = secret_of(&added);

    let guardian = Guardian::start(&practice, &base);
    let driver = Driver::start();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let browser = driver.browser().await;
        browser.goto(&format!("{base}/")).await.unwrap();
        // Not signed in: the console sends the browser to the sign-in page.
        assert_eq!(browser.current_url().await.unwrap().path(), "/login");
        expect_page(&browser, "Connexion").await;
        shoot(&browser, "01-connexion").await;
        sign_in_as(&browser, "dr.martin", &secret).await;

        // The dashboard: three lights, each with its next action.
        expect_page(&browser, "Tableau de bord").await;
        let lights = browser
            .find_all(Locator::Css("section.light"))
            .await
            .unwrap();
        assert_eq!(lights.len(), 3);
        let attacks = lights[1].text().await.unwrap();
        assert!(
            attacks.contains("Une alerte attend votre attention"),
            "{attacks}"
        );
        assert!(attacks.contains("Prochaine action"), "{attacks}");
        shoot(&browser, "02-tableau-de-bord").await;

        // The alert, acknowledged.
        click_link(&browser, "Alertes").await;
        expect_page(&browser, "Alertes").await;
        shoot(&browser, "03-alertes").await;
        click_in_row(&browser, "Remboursement Ameli", "Marquer comme vue").await;
        text_once_shown(
            &browser,
            "//tr[contains(., 'Remboursement Ameli')]",
            "vue par dr.martin",
        )
        .await;
        shoot(&browser, "04-alerte-vue").await;
        // Its evidence, in sentences.
        click_link(&browser, "1").await;
        expect_page(&browser, "Alerte n° 1").await;
        text_once_shown(&browser, "//main", "pas à ameli.fr").await;
        shoot(&browser, "04b-alerte-detail").await;

        // The spoiled file, restored beside itself from the snapshot.
        click_link(&browser, "Sauvegardes").await;
        expect_page(&browser, "Sauvegardes").await;
        shoot(&browser, "05-sauvegardes").await;
        click_link(&browser, "Parcourir").await;
        text_once_shown(&browser, "//h1", "Sauvegarde ").await;
        click_link(&browser, "Dupont Jean/").await;
        text_once_shown(&browser, "//table", "compte-rendu.txt").await;
        shoot(&browser, "06-dossier").await;
        click_in_row(&browser, "compte-rendu.txt", "Restaurer").await;
        expect_page(&browser, "Fichier restauré").await;
        text_once_shown(
            &browser,
            "//p[@class='done']",
            "L'original n'a pas été touché",
        )
        .await;
        shoot(&browser, "07-restauration").await;

        // The journal holds the restore; verified from its first entry on request.
        click_link(&browser, "Journal").await;
        expect_page(&browser, "Journal").await;
        browser
            .find(Locator::Css("input[name=recherche]"))
            .await
            .unwrap()
            .send_keys("compte-rendu")
            .await
            .unwrap();
        browser
            .find(Locator::Css("form.search button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        text_once_shown(&browser, "//table", "a restauré").await;
        shoot(&browser, "08-journal").await;
        browser
            .find(Locator::XPath(
                "//button[contains(., 'Vérifier tout le journal')]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        expect_page(&browser, "Vérification du journal").await;
        text_once_shown(&browser, "//main", "Journal intact").await;
        shoot(&browser, "09-journal-verifie").await;

        // Compliance: the score, and a document to read and print.
        click_link(&browser, "Conformité").await;
        expect_page(&browser, "Conformité").await;
        text_once_shown(&browser, "//main", "Score :").await;
        shoot(&browser, "10-conformite").await;
        browser
            .find(Locator::XPath(
                "//li[contains(., 'Registre des traitements')]/a[1]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        text_once_shown(&browser, "//body", "Registre des activités de traitement").await;
        shoot(&browser, "11-registre").await;
        browser.back().await.unwrap();

        // On a phone.
        browser.set_window_size(390, 844).await.unwrap();
        browser.goto(&format!("{base}/")).await.unwrap();
        shoot(&browser, "12-telephone").await;

        // Signed out, the same browser is sent back to the sign-in page.
        browser.set_window_size(1280, 900).await.unwrap();
        browser
            .find(Locator::Css("nav form button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        expect_page(&browser, "Connexion").await;
        browser.goto(&format!("{base}/alertes")).await.unwrap();
        expect_page(&browser, "Connexion").await;
        assert_eq!(browser.current_url().await.unwrap().path(), "/login");

        // The IT provider's settings page, which the practitioner's menu did not show.
        sign_in_as(&browser, "prestataire", &admin_secret).await;
        expect_page(&browser, "Tableau de bord").await;
        click_link(&browser, "Réglages").await;
        expect_page(&browser, "Réglages").await;
        text_once_shown(&browser, "//main", "dr.martin").await;
        shoot(&browser, "13-reglages").await;
        browser.close().await.unwrap();
    });

    let copies: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &report)
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let name = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("compte-rendu (restauré le ") && name.ends_with(").txt"),
        "{name}"
    );
    assert_eq!(std::fs::read_to_string(&copies[0]).unwrap(), original);
    assert_eq!(std::fs::read(&report).unwrap(), b"\x8f\x02\xa1 chiffre");

    guardian.stop();
    let done: Vec<String> = actions(&practice)
        .into_iter()
        .map(|(action, _)| action)
        .collect();
    for action in [
        "console.login",
        "console.alert_acknowledged",
        "restore.beside",
        "journal.verified",
        "console.logout",
    ] {
        assert!(done.iter().any(|a| a == action), "{action} in {done:?}");
    }
    eprintln!("screenshots in {}", screenshots().display());
}

#[cfg(unix)]
#[test]
fn with_tls_the_console_answers_only_over_https_with_its_own_certificate_and_secure_cookies() {
    let (practice, base) = practice_with_console();
    let config = practice.home().join("hygie.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("tls = \"auto\"", "tls = \"on\"");
    std::fs::write(&config, text).unwrap();
    let added = add_user(&practice, "admin", "admin", PASSWORD);
    assert_success(&added);
    let secret = secret_of(&added);
    let status = stdout(&practice.run(&["status"]));
    let https = base.replace("http://", "https://");
    assert!(status.contains(&format!("{https}/")), "{status}");

    let guardian = Guardian::start(&practice, &base);
    let certificate = practice.home().join("keys/console-certificate.pem");
    // Written before the console listens.
    let pem = std::fs::read(&certificate).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = practice.home().join("keys/console-key.pem");
        let mode = std::fs::metadata(key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let client = reqwest::blocking::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    assert_eq!(
        client
            .get(format!("{https}/login"))
            .send()
            .unwrap()
            .status(),
        200
    );
    let cookie = sign_in_over_http(&client, &https, "admin", &secret);
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // The administrator's settings page shows what hygie.toml holds.
    let settings = client
        .get(format!("{https}/reglages"))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        settings.contains("[console]") && settings.contains("<code>tls</code></td><td>on<"),
        "{settings}"
    );
    // Plain HTTP on the same port gets no page.
    let plain = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .get(format!("{base}/login"))
        .send();
    assert!(plain.is_err() || plain.is_ok_and(|r| r.status() != 200));
    guardian.stop();
}
