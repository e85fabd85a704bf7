//! Reports rendered from fixed facts, compared with reviewed snapshots: HTML as written, PDF
//! as a real reader (poppler's `pdftotext`) extracts it, after `qpdf --check` accepts its
//! structure.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::process::Command;

use hygie_comply::assessment::{self, Answer, Answers, Evidence, SentinelFact, WitnessFact};
use hygie_comply::breach::{Breach, Origin};
use hygie_comply::documents::{self, Contacts, KitFacts};
use hygie_comply::register::Register;
use hygie_comply::report::{self, Document};
use hygie_comply::{Lang, Texts};
use jiff::Timestamp;
use jiff::civil::Date;

const NOW: &str = "2026-11-28T10:00:00Z";

fn now() -> Timestamp {
    NOW.parse().unwrap()
}

fn contacts() -> Contacts {
    Contacts {
        address: "3 place des Tilleuls, 69000 Lyon".into(),
        contact_name: "Dr Marie Martin".into(),
        contact_phone: "04 72 00 00 00".into(),
        it_provider: "Informatique Services".into(),
        it_provider_phone: "04 72 00 00 01".into(),
        insurer: "Mutuelle Cyber".into(),
        insurer_phone: "09 70 00 00 00".into(),
        insurer_policy: "CYB-2026-0042".into(),
        ..Contacts::default()
    }
}

fn assessment_document(lang: Lang) -> Document {
    let texts = Texts::new(lang);
    let evidence = Evidence {
        at: now(),
        last_backup: Some("2026-11-28T02:00:00Z".parse().unwrap()),
        last_drill: Some(("2026-11-10T02:00:00Z".parse().unwrap(), true)),
        repository_server: false,
        sentinel: SentinelFact::Writers,
        mail_configured: true,
        guardian_running: true,
        console_mfa: None,
        witness: WitnessFact::None,
        register_reviewed: None,
    };
    let mut answers = Answers::new();
    for (id, answer) in [
        ("access-named-accounts", Answer::Yes),
        ("access-profiles-match-jobs", Answer::Partly),
        ("access-second-factor", Answer::No),
        ("workstations-updates", Answer::Yes),
        ("processors-hds", Answer::NotApplicable),
    ] {
        answers.insert(id.into(), answer);
    }
    let result = assessment::assess(
        &assessment::questionnaire(),
        &evidence,
        &answers,
        &BTreeMap::new(),
        Date::constant(2026, 11, 28),
        &texts,
    );
    documents::assessment("Cabinet des Tilleuls", &result, &texts)
}

fn breach() -> Breach {
    let mut breach = Breach::new(
        1,
        "Attaque signalée par l'alerte n° 1".into(),
        Origin::Alert {
            alert: 1,
            source: "sentinel".into(),
            summary: "Chiffrement de fichiers par « facture.exe »".into(),
        },
        "2026-11-27T16:20:00Z".parse().unwrap(),
        "Dr Marie Martin, 04 72 00 00 00".into(),
    );
    breach.began = Some("2026-11-27T16:18:00Z".parse().unwrap());
    breach.description =
        "Un rançongiciel a chiffré 12 fichiers de patients sur le poste de l'accueil.".into();
    breach.availability = true;
    breach.integrity = true;
    breach.persons_approx = Some(4);
    breach.records_approx = Some(12);
    breach.consequences = "Dossiers indisponibles une heure.".into();
    breach.measures_taken = "Programme arrêté, fichiers restaurés et vérifiés.".into();
    breach
}

fn pdf_text(document: &Document, name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    let bytes = hygie_comply::pdf::pdf(document);
    assert_eq!(
        bytes,
        hygie_comply::pdf::pdf(document),
        "the same document gives the same bytes"
    );
    std::fs::write(&path, bytes).unwrap();
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed (.ci/run installs it)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed (.ci/run installs it)");
    assert!(text.status.success());
    // Trailing spaces depend on the layout engine's padding, not on the document.
    String::from_utf8(text.stdout)
        .unwrap()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_assessment_report() {
    let document = assessment_document(Lang::Fr);
    insta::assert_snapshot!("assessment_html", report::html(&document));
    insta::assert_snapshot!("assessment_pdf", pdf_text(&document, "assessment"));
}

#[test]
fn the_assessment_report_in_english() {
    let document = assessment_document(Lang::En);
    let page = report::html(&document);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Security self-assessment"));
    assert!(pdf_text(&document, "assessment-en").contains("Action plan"));
}

#[test]
fn the_cnil_notification_and_the_letter_to_patients() {
    let texts = Texts::new(Lang::Fr);
    let notification = documents::cnil_notification(
        &breach(),
        "Cabinet des Tilleuls",
        &contacts(),
        now(),
        &texts,
    );
    insta::assert_snapshot!("cnil_html", report::html(&notification));
    insta::assert_snapshot!("cnil_pdf", pdf_text(&notification, "cnil"));
    let mut exposed = breach();
    exposed.confidentiality = true;
    exposed.exfiltration_suspected = true;
    let letter = documents::patient_letter(&exposed, "Cabinet des Tilleuls", &contacts(), &texts);
    insta::assert_snapshot!("letter_pdf", pdf_text(&letter, "letter"));
}

#[test]
fn the_register_and_the_continuity_kit() {
    let texts = Texts::new(Lang::Fr);
    let register = documents::register(
        &Register::prefilled("Cabinet des Tilleuls, 3 place des Tilleuls, 69000 Lyon"),
        &texts,
    );
    insta::assert_snapshot!("register_html", report::html(&register));
    let kit = documents::continuity_kit(
        &KitFacts {
            practice: "Cabinet des Tilleuls".into(),
            establishment: false,
            snapshots: vec![("3f2a9c1b".into(), "2026-11-28T02:00:00Z".parse().unwrap())],
            home: "/var/lib/hygie".into(),
            printed: now(),
        },
        &contacts(),
        &texts,
    );
    insta::assert_snapshot!("continuity_pdf", pdf_text(&kit, "continuity"));
    insta::assert_snapshot!("continuity_json", report::json(&kit));
}

#[test]
fn a_value_longer_than_a_page_is_printed_whole() {
    let long: String = (0..1000).map(|i| format!("mot{i:03} ")).collect();
    let document = Document {
        lang: Lang::Fr,
        title: "Long".into(),
        subtitle: String::new(),
        blocks: vec![
            report::Block::Facts {
                rows: vec![("Description".into(), long.clone())],
            },
            report::Block::Table {
                header: vec!["a".into()],
                rows: vec![vec![long]],
            },
        ],
    };
    let text = pdf_text(&document, "long-value");
    assert_eq!(text.matches("mot999").count(), 2, "{text}");
    assert_eq!(text.matches("mot000").count(), 2);
}

#[test]
fn a_long_table_flows_onto_more_pages_without_losing_a_row() {
    let rows: Vec<Vec<String>> = (0..300)
        .map(|i| vec![format!("ligne-{i:03}"), "é".repeat(i % 40)])
        .collect();
    let document = Document {
        lang: Lang::Fr,
        title: "Table".into(),
        subtitle: String::new(),
        blocks: vec![report::Block::Table {
            header: vec!["a".into(), "b".into()],
            rows,
        }],
    };
    let text = pdf_text(&document, "long");
    for i in 0..300 {
        assert!(text.contains(&format!("ligne-{i:03}")), "row {i} lost");
    }
    assert!(
        text.contains("1/") && text.contains("5/"),
        "several pages: {text}"
    );
}
