//! Account exports and staff registers for the access review's tests: a Barreiro-like hospital
//! (far more « Médecin » profiles than doctors, technicians with clinical profiles, accounts of
//! people who left, a test account with a doctor profile…) and a clean practice, each with the
//! findings a correct review must report.

use std::collections::{BTreeMap, BTreeSet};

/// A generated pair of files and the accounts each finding kind must name.
pub struct StaffCase {
    /// `ACCOUNTS.csv`: `login,name,profile,staff_id,last_login,approved_by,enabled`.
    pub accounts: String,
    /// `STAFF.csv`: `staff_id,name,job,left_on`.
    pub staff: String,
    /// Finding kind code → the logins it must name (absent kinds must not appear).
    pub expected: BTreeMap<&'static str, BTreeSet<String>>,
}

const SURNAMES: &[&str] = &[
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
    "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux",
    "vincent", "fournier", "morel", "girard", "andre", "mercier", "dupont", "lambert", "bonnet",
    "francois", "martinez", "legrand",
];

struct Builder {
    accounts: Vec<String>,
    staff: Vec<String>,
    expected: BTreeMap<&'static str, BTreeSet<String>>,
    next: usize,
}

impl Builder {
    fn person(&mut self, job: &str, left_on: &str) -> (String, String, String) {
        let n = self.next;
        self.next += 1;
        let surname = SURNAMES[n % SURNAMES.len()];
        let id = format!("S{n:04}");
        let name = format!("Prénom{n} {}", capitalise(surname));
        let login = format!(
            "{}.{surname}{n}",
            (b'a' + u8::try_from(n % 26).unwrap_or(0)) as char
        );
        self.staff.push(format!("{id},{name},{job},{left_on}"));
        (id, name, login)
    }

    fn account(
        &mut self,
        login: &str,
        name: &str,
        profile: &str,
        staff_id: &str,
        last_login: &str,
        approved_by: &str,
    ) {
        self.accounts.push(format!(
            "{login},{name},{profile},{staff_id},{last_login},{approved_by},oui"
        ));
    }

    fn expect(&mut self, kind: &'static str, login: &str) {
        self.expected
            .entry(kind)
            .or_default()
            .insert(login.to_owned());
    }

    fn finish(self) -> StaffCase {
        StaffCase {
            accounts: format!(
                "login,name,profile,staff_id,last_login,approved_by,enabled\n{}\n",
                self.accounts.join("\n")
            ),
            staff: format!("staff_id,name,job,left_on\n{}\n", self.staff.join("\n")),
            expected: self.expected,
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn builder() -> Builder {
    Builder {
        accounts: Vec::new(),
        staff: Vec::new(),
        expected: BTreeMap::new(),
        next: 1,
    }
}

/// A hospital shaped like Barreiro-Montijo, reviewed on 2026-11-28.
pub fn barreiro_like() -> StaffCase {
    let mut b = builder();
    let recent = "2026-11-20";
    for (count, job, profile) in [(30, "Médecin", "Médecin"), (40, "Infirmier", "Infirmier")] {
        for i in 0..count {
            let (id, name, login) = b.person(job, "");
            // Three nurses have not logged in for four months.
            let last = if job == "Infirmier" && i < 3 {
                "2026-07-28"
            } else {
                recent
            };
            if last != recent {
                b.expect("dormant_account", &login);
            }
            b.account(&login, &name, profile, &id, last, "Direction des soins");
        }
    }
    // Every laboratory technician was given the doctor profile.
    for _ in 0..10 {
        let (id, name, login) = b.person("Technicien de laboratoire", "");
        b.account(
            &login,
            &name,
            "Médecin",
            &id,
            recent,
            "Service informatique",
        );
        b.expect("clinical_profile_non_clinical_staff", &login);
        b.expect("profile_exceeds_staff", &login);
    }
    for i in 0..8 {
        let (id, name, login) = b.person("Secrétaire médicale", "");
        // Two secretaries' accounts were created without anyone approving them.
        let approved = if i < 2 { "" } else { "Direction" };
        if approved.is_empty() {
            b.expect("unapproved_account", &login);
        }
        b.account(&login, &name, "Secrétariat", &id, recent, approved);
    }
    // Fifteen doctors left; their accounts were never closed.
    for _ in 0..15 {
        let (id, name, login) = b.person("Médecin", "2025-12-31");
        b.account(
            &login,
            &name,
            "Médecin",
            &id,
            "2025-12-30",
            "Direction des soins",
        );
        for kind in [
            "departed_staff_account",
            "profile_exceeds_staff",
            "dormant_account",
        ] {
            b.expect(kind, &login);
        }
    }
    // A test account with a doctor profile, and an outside doctor unknown to the register.
    b.account("test_medecin", "Compte de test", "Médecin", "", recent, "");
    for kind in [
        "generic_or_test_account",
        "unlinked_account",
        "unapproved_account",
        "profile_exceeds_staff",
    ] {
        b.expect(kind, "test_medecin");
    }
    b.account(
        "j.cardio_ext",
        "Jean Ext",
        "Médecin",
        "X9999",
        recent,
        "Direction des soins",
    );
    for kind in ["unlinked_account", "profile_exceeds_staff"] {
        b.expect(kind, "j.cardio_ext");
    }
    b.finish()
}

/// A small practice where every account is as it should be.
pub fn clean_practice() -> StaffCase {
    let mut b = builder();
    for (job, profile) in [
        ("Médecin généraliste", "Médecin"),
        ("Médecin généraliste", "Médecin"),
        ("Médecin généraliste", "Médecin"),
        ("Infirmière", "Infirmier"),
        ("Secrétaire médicale", "Secrétariat"),
        ("Secrétaire médicale", "Secrétariat"),
    ] {
        let (id, name, login) = b.person(job, "");
        b.account(&login, &name, profile, &id, "2026-11-27", "Dr Martin");
    }
    // Someone who left, whose account was disabled as it should be.
    let (id, name, login) = b.person("Secrétaire médicale", "2026-03-01");
    b.accounts.push(format!(
        "{login},{name},Secrétariat,{id},2026-02-28,Dr Martin,non"
    ));
    b.finish()
}
