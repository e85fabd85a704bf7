//! The file events the engine reads, as an event source reports them.

use std::path::PathBuf;

use serde::Serialize;

use crate::content::Profile;

/// Who made a change.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A local process.
    Process {
        /// Its pid.
        pid: u32,
        /// The pid of the oldest ancestor that is not a system service or a login shell: the
        /// program the person started. Work split across children adds up on it.
        tree: u32,
        /// Its executable, when known.
        exe: Option<String>,
    },
    /// A client of the file server, through Samba (`smbd` writes for it).
    SmbSession {
        /// The account it signed in with.
        user: String,
        /// The client's address.
        client: String,
    },
    /// The source could not tell (portable watcher, queue overflow).
    Unknown,
}

impl Actor {
    /// The scope its suspicion adds up in: the process tree, or the Samba user and client.
    pub fn scope(&self) -> Scope {
        match self {
            Actor::Process { tree, .. } => Scope::ProcessTree { root: *tree },
            Actor::SmbSession { user, client } => Scope::Smb {
                user: user.clone(),
                client: client.clone(),
            },
            Actor::Unknown => Scope::Unknown,
        }
    }
}

/// Where suspicion adds up.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Scope {
    /// A local process tree (a process group), by the pid at its root.
    ProcessTree {
        /// The pid at its root.
        root: u32,
    },
    /// A Samba user from a client address.
    Smb {
        /// The account.
        user: String,
        /// The client's address.
        client: String,
    },
    /// Changes whose author is unknown.
    Unknown,
    /// Everything on the machine: work split across many processes or sessions adds up here.
    Site,
}

/// What happened to a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A new file was written and closed.
    Created {
        /// Its content.
        profile: Profile,
    },
    /// An existing file was rewritten; `before` is its content before the first write of this
    /// burst (from the shadow copy or the last profile), when known.
    Modified {
        /// Before.
        before: Option<Profile>,
        /// After.
        after: Profile,
    },
    /// The file was renamed or moved to `to` (inside the watched tree).
    Renamed {
        /// The new path.
        to: PathBuf,
    },
    /// The file was deleted, or moved out of the watched tree.
    Removed,
}

/// One event: at `at` milliseconds (any monotonic origin), `actor` did `change` to `path`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileEvent {
    /// When, in milliseconds.
    pub at: u64,
    /// Who.
    pub actor: Actor,
    /// Which file (its path before a rename).
    pub path: PathBuf,
    /// What.
    pub change: Change,
}
