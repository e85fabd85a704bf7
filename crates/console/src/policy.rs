//! Authorisation: the roles' rights are Cedar policies (`policies/console.cedar`), read when
//! the console starts and asked for every request, so the rules stay readable and testable.

use std::collections::HashSet;
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityUid, PolicySet, Request,
};
use serde::{Deserialize, Serialize};

/// The policies compiled in.
pub const POLICIES: &str = include_str!("../policies/console.cedar");

/// A role: what a person is at the practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An administrator or the IT provider.
    Admin,
    /// A doctor or another practitioner.
    Practitioner,
    /// The front desk.
    Secretary,
    /// Reads, changes nothing.
    Auditor,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Practitioner,
        Role::Secretary,
        Role::Auditor,
    ];

    /// Its code, as stored and in the policies.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Practitioner => "practitioner",
            Role::Secretary => "secretary",
            Role::Auditor => "auditor",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Something a page or an API call does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The dashboard.
    ViewDashboard,
    /// The alerts and their evidence.
    ViewAlerts,
    /// Say an alert was seen.
    AcknowledgeAlert,
    /// Snapshots and drills.
    ViewBackups,
    /// Put files back from a snapshot.
    RestoreFiles,
    /// The compliance pages.
    ViewCompliance,
    /// Open a data breach (GDPR art. 33) from an alert.
    DeclareBreach,
    /// The journal.
    ViewJournal,
    /// Accounts of the console.
    ManageUsers,
    /// The JSON API.
    ReadApi,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 10] = [
        Action::ViewDashboard,
        Action::ViewAlerts,
        Action::AcknowledgeAlert,
        Action::ViewBackups,
        Action::RestoreFiles,
        Action::ViewCompliance,
        Action::DeclareBreach,
        Action::ViewJournal,
        Action::ManageUsers,
        Action::ReadApi,
    ];

    /// Its name in the policies.
    pub fn code(self) -> &'static str {
        match self {
            Action::ViewDashboard => "view_dashboard",
            Action::ViewAlerts => "view_alerts",
            Action::AcknowledgeAlert => "acknowledge_alert",
            Action::ViewBackups => "view_backups",
            Action::RestoreFiles => "restore_files",
            Action::ViewCompliance => "view_compliance",
            Action::DeclareBreach => "declare_breach",
            Action::ViewJournal => "view_journal",
            Action::ManageUsers => "manage_users",
            Action::ReadApi => "read_api",
        }
    }
}

/// A policy file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("the console's policies do not parse: {0}")]
pub struct PolicyError(String);

/// The policies, ready to answer.
pub struct Policies {
    set: PolicySet,
    authorizer: Authorizer,
}

impl Policies {
    /// Parses `text` (normally [`POLICIES`]).
    pub fn parse(text: &str) -> Result<Policies, PolicyError> {
        let set = PolicySet::from_str(text).map_err(|e| PolicyError(e.to_string()))?;
        Ok(Policies {
            set,
            authorizer: Authorizer::new(),
        })
    }

    /// Whether `user`, holding `role`, may do `action`. Anything that cannot be asked (a name
    /// Cedar refuses) is a no.
    pub fn allows(&self, user: &str, role: Role, action: Action) -> bool {
        let uid = |kind: &str, id: &str| {
            let id = id.replace(['\\', '"'], "_");
            EntityUid::from_str(&format!("Hygie::{kind}::\"{id}\"")).ok()
        };
        let (Some(principal), Some(role), Some(action), Some(resource)) = (
            uid("User", user),
            uid("Role", role.code()),
            uid("Action", action.code()),
            uid("Console", "hygie"),
        ) else {
            return false;
        };
        let entities = Entities::from_entities(
            [
                Entity::new_no_attrs(principal.clone(), HashSet::from([role.clone()])),
                Entity::new_no_attrs(role, HashSet::new()),
            ],
            None,
        );
        let Ok(entities) = entities else {
            return false;
        };
        let Ok(request) = Request::new(principal, action, resource, Context::empty(), None) else {
            return false;
        };
        self.authorizer
            .is_authorized(&request, &self.set, &entities)
            .decision()
            == Decision::Allow
    }
}
