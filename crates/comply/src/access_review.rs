//! The access review: the practice software's accounts against the staff register — the check
//! that would have caught the Barreiro hospital's 985 « médecin » accounts for 296 doctors.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::roles::{Policy, Role};
use crate::table::{InputError, Problem, Table, fold};
use crate::text::Texts;
use crate::tr;

/// Required columns of `ACCOUNTS.csv`.
pub const ACCOUNT_COLUMNS: &[&str] = &["login", "name", "profile", "staff_id"];
/// Columns of `ACCOUNTS.csv` some software cannot export; the checks that need them are then
/// skipped and said to be ([`Review::unchecked`]).
pub const ACCOUNT_OPTIONAL: &[&str] = &["last_login", "approved_by", "enabled"];

/// Columns of `STAFF.csv`.
pub const STAFF_COLUMNS: &[&str] = &["staff_id", "name", "job", "left_on"];

/// An account of the practice software.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Its line in the export.
    pub line: u64,
    /// The login.
    pub login: String,
    /// The name shown.
    pub name: String,
    /// The profile (rights) it holds.
    pub profile: String,
    /// The staff member it belongs to, if the export says.
    pub staff_id: Option<String>,
    /// The day of its last login, if it ever logged in.
    pub last_login: Option<Date>,
    /// Who approved its creation, if anyone.
    pub approved_by: Option<String>,
    /// Whether it can log in.
    pub enabled: bool,
}

/// A person of the staff register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staff {
    /// Their line in the register.
    pub line: u64,
    /// Their identifier.
    pub staff_id: String,
    /// Their name.
    pub name: String,
    /// Their job.
    pub job: String,
    /// The day they left, if they did.
    pub left_on: Option<Date>,
}

/// What the accounts export holds beyond the required columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Exported {
    /// Last logins are known.
    pub last_login: bool,
    /// Approvals are known.
    pub approved_by: bool,
}

impl Exported {
    /// What `table` holds.
    pub fn of(table: &Table) -> Exported {
        Exported {
            last_login: table.has_column("last_login"),
            approved_by: table.has_column("approved_by"),
        }
    }
}

/// Reads the accounts export. Logins must be unique; a last login cannot be after `today`.
pub fn accounts(table: &Table, today: Date) -> Result<Vec<Account>, InputError> {
    table.unique("login")?;
    let optional = |value: &str| (!value.is_empty()).then(|| value.to_owned());
    table
        .rows()
        .iter()
        .map(|row| {
            let last_login = table.date(row, "last_login")?;
            if last_login.is_some_and(|day| day > today) {
                return Err(table.invalid(row, "last_login", Problem::Future));
            }
            Ok(Account {
                line: row.line,
                login: table.required(row, "login")?.to_owned(),
                name: table.text(row, "name").to_owned(),
                profile: table.text(row, "profile").to_owned(),
                staff_id: optional(table.text(row, "staff_id")),
                last_login,
                approved_by: optional(table.text(row, "approved_by")),
                // An account is live unless the export says otherwise.
                enabled: table.yes_no(row, "enabled", true)?,
            })
        })
        .collect()
}

/// Reads the staff register. Staff identifiers must be unique.
pub fn staff(table: &Table) -> Result<Vec<Staff>, InputError> {
    table.unique("staff_id")?;
    table
        .rows()
        .iter()
        .map(|row| {
            Ok(Staff {
                line: row.line,
                staff_id: table.required(row, "staff_id")?.to_owned(),
                name: table.text(row, "name").to_owned(),
                job: table.required(row, "job")?.to_owned(),
                left_on: table.date(row, "left_on")?,
            })
        })
        .collect()
}

/// What a finding is about; the codes are stable (`--json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// More enabled accounts with a clinical profile than clinical staff.
    ProfileExceedsStaff,
    /// A clinical profile held by someone whose job is not clinical.
    ClinicalProfileNonClinicalStaff,
    /// An enabled account of someone who left.
    DepartedStaffAccount,
    /// An account that is generic, shared or for testing.
    GenericOrTestAccount,
    /// An account tied to nobody in the staff register.
    UnlinkedAccount,
    /// An enabled account not used for a long time.
    DormantAccount,
    /// An account whose creation nobody approved.
    UnapprovedAccount,
    /// A profile or job the word lists do not classify.
    UnclassifiedProfile,
}

impl FindingKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::ProfileExceedsStaff => "profile_exceeds_staff",
            FindingKind::ClinicalProfileNonClinicalStaff => "clinical_profile_non_clinical_staff",
            FindingKind::DepartedStaffAccount => "departed_staff_account",
            FindingKind::GenericOrTestAccount => "generic_or_test_account",
            FindingKind::UnlinkedAccount => "unlinked_account",
            FindingKind::DormantAccount => "dormant_account",
            FindingKind::UnapprovedAccount => "unapproved_account",
            FindingKind::UnclassifiedProfile => "unclassified_profile",
        }
    }
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Patients' records are open to people who should not see them.
    High,
    /// A door that an attacker or a former employee could use.
    Medium,
    /// Paperwork missing: the practice cannot prove who decided.
    Low,
}

/// An account named by a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Involved {
    /// Its login.
    pub login: String,
    /// Its name.
    pub name: String,
    /// Its profile.
    pub profile: String,
    /// What about this account, in a few words.
    pub detail: String,
}

/// One problem found, with the accounts it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it is.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: Severity,
    /// What was found and what to do, in plain words.
    pub explanation: String,
    /// The accounts involved.
    pub accounts: Vec<Involved>,
}

/// The outcome of a review.
#[derive(Clone, Debug, Serialize)]
pub struct Review {
    /// The day the review was made for.
    pub today: Date,
    /// Accounts in the export.
    pub accounts: usize,
    /// Of which enabled.
    pub enabled_accounts: usize,
    /// Enabled accounts with a clinical profile.
    pub clinical_accounts: usize,
    /// People in the staff register who have not left.
    pub current_staff: usize,
    /// Of which with a clinical job.
    pub clinical_staff: usize,
    /// The findings, by kind; none for a clean practice.
    pub findings: Vec<Finding>,
    /// Checks not made because the export lacks their column.
    pub unchecked: Vec<FindingKind>,
}

/// Reviews `accounts` against `staff` on `today`.
pub fn review(
    accounts: &[Account],
    staff: &[Staff],
    exported: Exported,
    policy: &Policy,
    today: Date,
    texts: &Texts,
) -> Review {
    let register: BTreeMap<String, &Staff> = staff.iter().map(|s| (fold(&s.staff_id), s)).collect();
    let has_left = |s: &Staff| s.left_on.is_some_and(|day| day <= today);
    let current: Vec<&Staff> = staff.iter().filter(|s| !has_left(s)).collect();
    let clinical_staff = current
        .iter()
        .filter(|s| policy.job(&s.job) == Role::Clinical)
        .count();
    let enabled: Vec<&Account> = accounts.iter().filter(|a| a.enabled).collect();
    let owner = |account: &Account| {
        account
            .staff_id
            .as_ref()
            .and_then(|id| register.get(&fold(id)).copied())
    };
    let involved = |account: &Account, detail: String| Involved {
        login: account.login.clone(),
        name: account.name.clone(),
        profile: account.profile.clone(),
        detail,
    };

    let mut found: BTreeMap<FindingKind, Vec<Involved>> = BTreeMap::new();
    let mut add = |kind, entry| found.entry(kind).or_default().push(entry);
    let mut unclassified = BTreeSet::new();
    let mut clinical_accounts = Vec::new();
    for account in &enabled {
        let profile = policy.profile(&account.profile);
        if profile == Role::Unknown && !account.profile.is_empty() {
            unclassified.insert(account.profile.clone());
        }
        let person = owner(account);
        if profile == Role::Clinical {
            clinical_accounts.push(*account);
        }
        match person {
            None => {
                let detail = match &account.staff_id {
                    Some(id) => tr!(texts, "review-detail-unknown-staff", id = id),
                    None => tr!(texts, "review-detail-no-staff"),
                };
                add(FindingKind::UnlinkedAccount, involved(account, detail));
            }
            Some(person) => {
                if let Some(left) = person.left_on.filter(|_| has_left(person)) {
                    let detail = tr!(
                        texts,
                        "review-detail-left",
                        name = &person.name,
                        day = left.to_string()
                    );
                    add(FindingKind::DepartedStaffAccount, involved(account, detail));
                }
                let job = policy.job(&person.job);
                if job == Role::Unknown {
                    unclassified.insert(person.job.clone());
                }
                if profile == Role::Clinical && job != Role::Clinical {
                    let detail = tr!(
                        texts,
                        "review-detail-job",
                        name = &person.name,
                        job = &person.job
                    );
                    add(
                        FindingKind::ClinicalProfileNonClinicalStaff,
                        involved(account, detail),
                    );
                }
            }
        }
        if policy.is_generic(&account.login) {
            let detail = tr!(texts, "review-detail-generic");
            add(FindingKind::GenericOrTestAccount, involved(account, detail));
        } else if account.name.trim().is_empty() {
            let detail = tr!(texts, "review-detail-no-name");
            add(FindingKind::GenericOrTestAccount, involved(account, detail));
        }
        let idle = account.last_login.map(|day| (today - day).get_days());
        match idle {
            _ if !exported.last_login => {}
            None => add(
                FindingKind::DormantAccount,
                involved(account, tr!(texts, "review-detail-never-used")),
            ),
            Some(days) if days > i32::try_from(policy.dormant_days).unwrap_or(i32::MAX) => add(
                FindingKind::DormantAccount,
                involved(account, tr!(texts, "review-detail-idle", days = days)),
            ),
            Some(_) => {}
        }
        if exported.approved_by && account.approved_by.is_none() {
            add(
                FindingKind::UnapprovedAccount,
                involved(account, tr!(texts, "review-detail-unapproved")),
            );
        }
    }
    if clinical_accounts.len() > clinical_staff {
        // One clinical account per clinician who is still here is explained; the others are
        // the excess to look at.
        let mut explained = BTreeSet::new();
        for account in &clinical_accounts {
            if let Some(person) = owner(account)
                && !has_left(person)
                && policy.job(&person.job) == Role::Clinical
                && explained.insert(fold(&person.staff_id))
            {
                continue;
            }
            let detail = match owner(account) {
                Some(person)
                    if explained.contains(&fold(&person.staff_id)) && !has_left(person) =>
                {
                    tr!(texts, "review-detail-second-account", name = &person.name)
                }
                Some(person) => tr!(
                    texts,
                    "review-detail-not-clinician",
                    name = &person.name,
                    job = &person.job
                ),
                None => tr!(texts, "review-detail-no-staff"),
            };
            add(FindingKind::ProfileExceedsStaff, involved(account, detail));
        }
    }
    for value in unclassified {
        let entry = Involved {
            login: String::new(),
            name: String::new(),
            profile: value.clone(),
            detail: tr!(texts, "review-detail-unclassified", value = &value),
        };
        add(FindingKind::UnclassifiedProfile, entry);
    }

    let findings = found
        .into_iter()
        .map(|(kind, accounts)| Finding {
            kind,
            severity: severity(kind, &accounts, policy),
            explanation: explanation(
                kind,
                accounts.len(),
                clinical_accounts.len(),
                clinical_staff,
                policy,
                texts,
            ),
            accounts,
        })
        .collect();
    let mut unchecked = Vec::new();
    if !exported.last_login {
        unchecked.push(FindingKind::DormantAccount);
    }
    if !exported.approved_by {
        unchecked.push(FindingKind::UnapprovedAccount);
    }
    Review {
        unchecked,
        today,
        accounts: accounts.len(),
        enabled_accounts: enabled.len(),
        clinical_accounts: clinical_accounts.len(),
        current_staff: current.len(),
        clinical_staff,
        findings,
    }
}

fn severity(kind: FindingKind, accounts: &[Involved], policy: &Policy) -> Severity {
    match kind {
        FindingKind::ProfileExceedsStaff
        | FindingKind::ClinicalProfileNonClinicalStaff
        | FindingKind::DepartedStaffAccount => Severity::High,
        FindingKind::GenericOrTestAccount
            if accounts
                .iter()
                .any(|a| policy.profile(&a.profile) == Role::Clinical) =>
        {
            Severity::High
        }
        FindingKind::GenericOrTestAccount
        | FindingKind::UnlinkedAccount
        | FindingKind::DormantAccount => Severity::Medium,
        FindingKind::UnapprovedAccount | FindingKind::UnclassifiedProfile => Severity::Low,
    }
}

fn explanation(
    kind: FindingKind,
    count: usize,
    clinical_accounts: usize,
    clinical_staff: usize,
    policy: &Policy,
    texts: &Texts,
) -> String {
    match kind {
        FindingKind::ProfileExceedsStaff => tr!(
            texts,
            "review-profile-exceeds-staff",
            accounts = clinical_accounts,
            staff = clinical_staff,
            count = count
        ),
        FindingKind::ClinicalProfileNonClinicalStaff => {
            tr!(
                texts,
                "review-clinical-profile-non-clinical-staff",
                count = count
            )
        }
        FindingKind::DepartedStaffAccount => {
            tr!(texts, "review-departed-staff-account", count = count)
        }
        FindingKind::GenericOrTestAccount => {
            tr!(texts, "review-generic-or-test-account", count = count)
        }
        FindingKind::UnlinkedAccount => tr!(texts, "review-unlinked-account", count = count),
        FindingKind::DormantAccount => tr!(
            texts,
            "review-dormant-account",
            count = count,
            days = policy.dormant_days
        ),
        FindingKind::UnapprovedAccount => tr!(texts, "review-unapproved-account", count = count),
        FindingKind::UnclassifiedProfile => {
            tr!(texts, "review-unclassified-profile", count = count)
        }
    }
}
