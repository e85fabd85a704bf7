# Hygie's messages, in English. Each sentence says what happened and, where it applies,
# what to do next. The ids are the same as in locales/fr/hygie.ftl.

## Command-line help

cmd-hygie = Hygie protects the practice: backups, attack detection and a journal of evidence.
cmd-init = Set up Hygie for a practice (Hygie folder, configuration, journal and keys).
cmd-up = Run the guardian in the foreground, as a service would (Ctrl+C to stop it).
cmd-status = Say, in plain words, what is protected and what is not.
cmd-journal = The tamper-evident journal: write, read, verify, prove.
cmd-journal-note = Add a handwritten note to the journal (e.g. "GDPR notice put up in the waiting room").
cmd-journal-show = Show the journal's entries.
cmd-journal-verify = Recompute the whole journal and report the slightest change.
cmd-journal-checkpoint = Keep a signed checkpoint and send it to the witness.
cmd-journal-prove = Produce the proof that an entry is in the signed journal.
cmd-journal-check-proof = Check a proof file (no Hygie folder needed with --key).

arg-home = The practice's Hygie folder (else HYGIE_HOME, else the system's usual place).
arg-lang = Language of messages: fr or en.
arg-help = Show this help.
arg-version = Show the version.
arg-init-practice = The practice's name, e.g. "Dr Martin's practice".
arg-init-protect = A folder to protect (repeat the option to give several).
arg-init-repo = Where to keep snapshots: a folder (default: inside the Hygie folder) or a repository server (rest:https://HOST:8000/NAME; password in HYGIE_SERVER_PASSWORD).
arg-init-witness = Witness of the journal's checkpoints: a folder off this PC, or the repository server's address (rest:https://…).
arg-init-passphrase = Protect the signing key with a passphrase (asked, or read from HYGIE_KEY_PASSPHRASE).
arg-status-json = JSON output, for programs.
arg-journal-note-text = The note's text.
arg-journal-note-subject = What the note is about (a room, a workstation, a file…).
arg-journal-show-json = JSON output, one entry per line.
arg-journal-show-since = Only since: a date (2026-11-01), a date and time, or a duration (7d, 24h).
arg-journal-show-kind = Only this kind of entry (note, alert, backup…).
arg-journal-show-last = Only the last N entries.
arg-journal-verify-json = JSON output, for programs.
arg-journal-checkpoint-json = JSON output, for programs.
arg-journal-prove-n = The entry's number.
arg-journal-prove-json = Print the proof as JSON.
arg-journal-prove-out = Write the proof to this file.
arg-journal-check-proof-file = The proof file.
arg-journal-check-proof-key = The journal's public key file (default: this Hygie folder's).

help-usage = Usage:
help-commands = Commands
help-command-value = COMMAND
help-options = Options
help-after = To begin: hygie init --practice "…" --protect /path/to/folders, then hygie up.

## Usage errors

error-prefix = error: { $message }
usage-hint = For help: hygie --help (or hygie COMMAND --help).
usage-unknown-argument = unknown option "{ $arg }".
usage-unknown-command = unknown command "{ $arg }".
usage-missing = { $arg } is missing.
usage-invalid-value = value "{ $value }" refused for { $arg }.

## Hygie folder and configuration

home-unknown = cannot find the usual place for the Hygie folder on this system; give it with --home DIR.
home-missing = the Hygie folder { $path } does not exist. Create it with: hygie --home { $path } init --practice "…"
home-not-initialised = { $path } is not a Hygie folder (no hygie.toml). Set it up with: hygie --home { $path } init --practice "…"
config-unreadable = cannot read the configuration { $path }: { $cause }.
config-invalid = invalid configuration ({ $path }, line { $line }): { $detail }. Fix the file and start again.
config-unknown-key = unknown key "{ $key }" (a typo?)
config-missing-key = required key "{ $key }" is missing
config-wrong-type = value of the wrong type ({ $detail })
config-bad-interval = invalid configuration ({ $path }): checkpoint_every = "{ $value }" is not a duration of at least one minute (examples: "15m", "1h").
config-bad-duration = invalid configuration ({ $path }): { $key } = "{ $value }" is not a duration of at least one minute (examples: "1h", "30d").
config-relative-path = invalid configuration ({ $path }): the protected folder "{ $value }" must be a full path (starting with /).
config-protected-link = invalid configuration ({ $path }): the protected folder "{ $value }" goes through a link; give the real folder, "{ $target }" (Hygie follows no link, neither to watch nor to put files back).
config-empty-name = invalid configuration ({ $path }): the practice's name is empty.

## Keys and secrets

key-unreadable = cannot read the key { $path }: { $cause }.
key-invalid = the key file { $path } is damaged or is not a Hygie key. Restore it from your backup copy.
secret-write-failed = cannot write the secret file { $path }: { $cause }.
secret-unreadable = cannot read the secret file { $path }: { $cause }.
secret-too-open = the secret file { $path } can be read by other accounts (mode { $mode }). Restrict it with: chmod 600 { $path }
secret-not-a-file = { $path } is not a file: cannot read the key. Restore it from your backup copy.
secret-malformed = the secret file { $path } is damaged. Restore it from your backup copy.
secret-wrong-passphrase = wrong passphrase for { $path } (or the file was changed).
secret-seal-failed = cannot encrypt the key.
secret-passphrase-needed = the key is protected by a passphrase: give it in the { $var } variable (no terminal to ask on).
secret-prompt-failed = cannot read the passphrase: { $cause }.
passphrase-prompt = Passphrase of the journal key:{" "}
passphrase-new = Choose a passphrase (at least 12 characters):{" "}
passphrase-again = Type it again:{" "}
passphrase-mismatch = the two passphrases differ; nothing was created.
passphrase-too-short = passphrase too short: at least 12 characters; nothing was created.

## hygie init

init-empty-name = the practice's name is empty; give it with --practice "…".
init-already = { $path } is already a Hygie folder; nothing was changed. To see how protected you are: hygie --home { $path } status
init-not-empty = { $path } exists and is not empty; choose a new or empty folder. Nothing was created.
init-no-parent = cannot create { $path }: no parent folder.
init-create-failed = cannot create { $path }: { $cause }. Nothing was created.
init-bad-path = invalid path { $path }: { $cause }.
init-protect-missing = the folder to protect { $path } does not exist (or is not a folder). Check the path; nothing was created.
init-done = Hygie is ready for "{ $practice }" in { $path }.
init-origin = Journal name: { $origin }
init-public-key = The journal's public key (give it to your IT provider or an auditor): { $path }
init-nothing-protected = Warning: no protected folder. Add some in hygie.toml, section [protect].
init-no-witness = Advice: name a witness folder off this PC ([journal] section, witness key) so that a rewritten history is refused.
init-next = Next step: run "hygie up" (or the Hygie service), then "hygie status".
init-witness-ok = First checkpoint sent to the witness { $path }.
init-witness-failed = The witness could not take the first checkpoint: { $cause }. Hygie will try again at every checkpoint.

## Journal events

event-initialised = Hygie set up for "{ $practice }".
event-protect-set = { $count ->
    [0] No protected folder yet.
    [one] One protected folder.
   *[other] { $count } protected folders.
}
event-guardian-started = Hygie guardian started.
event-guardian-stopped = Hygie guardian stopped.

kind-backup = backup
kind-restore = restore
kind-drill = drill
kind-alert = alert
kind-incident = incident
kind-mail-verdict = mail
kind-access = access
kind-config-change = configuration
kind-compliance-action = compliance
kind-note = note
kind-system = system

count-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}

## hygie journal

note-empty = the note is empty; write the text in quotes.
note-too-long = the note is longer than { $max } characters; shorten it.
note-saved = Note recorded in the journal (entry no. { $seq }).
show-bad-since = "{ $value }" is neither a date (2026-11-01), a date and time (2026-11-01T08:30), nor a duration (7d, 24h).
show-bad-kind = unknown kind "{ $value }"; possible kinds: { $kinds }.
show-none = No entry matches.
json-failed = cannot produce the JSON: { $cause }.

verify-intact = Journal intact: { $count ->
    [one] { $count } entry recomputed
   *[other] { $count } entries recomputed
}, signatures valid.
verify-checkpoints = { $count ->
    [0] No checkpoint kept yet (run "hygie journal checkpoint").
    [one] One checkpoint kept, consistent.
   *[other] { $count } checkpoints kept, all consistent.
}
verify-witness-ok = The witness confirms the first { $count } entries.
verify-no-witness = No witness configured: an administrator could rewrite the whole history and sign it again unnoticed.
verify-damaged-at = JOURNAL CHANGED: the first entry affected is no. { $seq }.
verify-damaged = JOURNAL CHANGED.
verify-what-next = Change nothing more; keep a copy of the Hygie folder and tell your IT provider: these findings are evidence.

finding-database = the journal file is damaged (SQLite: { $detail }).
finding-missing-one = entry no. { $seq } was deleted.
finding-missing = entries no. { $from } to { $to } were deleted.
finding-moved = entry no. { $seq } holds the record of entry no. { $holds }: entries were moved or renumbered.
finding-unreadable = entry no. { $seq } is unreadable: its content was changed.
finding-modified = entry no. { $seq } was changed after it was recorded.
finding-index = the search columns of entry no. { $seq } no longer match its content.
finding-hashes = the tree's internal hashes were changed (from hash no. { $index } on).
finding-truncated = the journal stops at { $size } entries while { $by } signs { $signed }: the entries from no. { $size } on were removed.
finding-signature = the signature of { $by } is not valid ({ $detail }).
finding-root = the history signed by { $by } ({ $size } entries) was rewritten: an entry between no. { $from } and { $size } changed.
finding-witness = the witness cannot be read: { $detail }.
signer-head = the signed head
signer-checkpoint = a kept checkpoint
signer-witness = the witness

checkpoint-kept = Signed checkpoint kept: { $count ->
    [one] { $count } entry.
   *[other] { $count } entries.
}
checkpoint-witnessed = Copy accepted by the witness { $path }.
prove-done = Entry no. { $seq } is in the signed journal of { $size } entries. Proof: { $hashes } hashes ({ $bytes } bytes).
prove-written = Proof written to { $path }; check it with "hygie journal check-proof FILE --key journal.pub".
prove-hint = To hand it to an auditor: add --out FILE.
prove-write-failed = cannot write the proof to { $path }: { $cause }.
proof-unreadable = cannot read the proof { $path }: { $cause }.
proof-malformed = { $path } is not a readable Hygie proof: { $cause }.
proof-valid = Valid proof: entry no. { $seq } is in the journal "{ $origin }" signed at { $size } entries.
proof-invalid = PROOF REFUSED ({ $path }): { $cause }.

## Journal errors

journal-error-database = the journal database { $path } cannot be read: { $cause }.
journal-error-io = { $path }: { $cause }.
journal-error-not-found = the journal { $path } cannot be found; if it was deleted, that is an incident: tell your IT provider.
journal-error-exists = a journal already exists in { $path }.
journal-error-tampered = the journal was changed outside Hygie ({ $detail }); nothing was added. Run "hygie journal verify" to find where.
journal-error-no-key = the journal's signing key is not loaded.
journal-error-invalid-key = invalid journal key: { $detail }.
journal-error-too-large = event too large ({ $len } bytes, at most { $max }).
journal-error-no-entry = entry no. { $seq } does not exist: the journal has { $size } entries (numbered from 0).
journal-error-other = journal error: { $detail }.
state-error-not-found = the state database { $path } cannot be found; the Hygie folder is incomplete.
state-error = state database: { $detail }.

witness-refused-key = THE WITNESS REFUSED the checkpoint: it is signed by another key than the original journal's. The journal may have been replaced; tell your IT provider.
witness-refused-signature = THE WITNESS REFUSED the checkpoint: invalid signature ({ $detail }).
witness-refused-rollback = THE WITNESS REFUSED the checkpoint: it already knows { $held } entries and is shown { $offered }. Entries disappeared from the journal; tell your IT provider.
witness-refused-rewrite = THE WITNESS REFUSED the checkpoint: the history of { $offered } entries does not extend the { $held } entries it holds. History was rewritten; tell your IT provider.

## hygie status

ago-seconds = { $count } s ago
ago-minutes = { $count } min ago
ago-hours = { $count } h ago
ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}
status-title = { $practice } — Hygie folder: { $home }
status-protected = What is protected:
status-not-protected = What is not (yet):
status-guardian-running = Guardian running (process { $pid }, started { $since }, last sign of life { $seen }).
status-guardian-never = The guardian has never run: start "hygie up" or the Hygie service.
status-guardian-stopped = The guardian stopped { $when }: start "hygie up" or the Hygie service again.
status-guardian-silent = The guardian has given no sign of life since { $when } (crashed?): start "hygie up" or the Hygie service again.
status-journal-ok = Tamper-evident journal: { $count } signed entries, last checkpoint kept { $when }.
status-journal-ok-no-checkpoint = Tamper-evident journal: { $count } signed entries, no checkpoint kept yet.
status-journal-bad = Journal at fault: { $problem }
status-witness-none = No witness for the journal: name a folder off this PC in hygie.toml ([journal] witness).
status-witness-ok = Witness { $dir } up to date ({ $count } entries).
status-witness-behind = The witness { $dir } has only { $count } of { $journal } entries: it will be updated at the next checkpoint ("hygie journal checkpoint" to do it now).
status-witness-unreachable = Witness { $dir } unreachable: { $problem }
status-no-paths = No folder is named for protection (hygie.toml, section [protect]).
status-path-missing = The protected folder { $path } cannot be found: check the path or the disk.
status-backups-ok = Backups: { $count ->
    [one] one snapshot, taken
   *[other] { $count } snapshots, the last
} { $when }.
status-backups-none = Backups: no snapshot yet. Run "hygie backup".
status-backups-broken = Backups at fault: { $problem }
status-drill-ok = Last restore drill passed { $when }.
status-drill-failed = The last restore drill FAILED ({ $when }): see "hygie journal show --kind drill".
status-drill-none = No restore drill: run "hygie drill" to prove the backups restore.
status-backups-local = The repository ({ $repository }) is on this PC: ransomware could reach it too. Install the append-only repository server ("hygie vault serve") on another machine and put its address in repository.
status-mail-missing = Phishing: no mailbox guarded ([mail] section of the configuration); "hygie mail scan" analyses a message on demand.
status-mail-guarded = Phishing: the { $mailbox } folder of { $user } is guarded by the guardian (hygie up).
status-console = Web console: { $address } (served by hygie up; accounts: "hygie console add-user").
console-restore-label = restored on { $when }
console-journal-verified = { $user } verified the journal from the console: { $count } entries, { $findings } finding(s)
console-no-such-report = no document "{ $kind }".
evidence-mail-from = Sender: { $sender }
evidence-mail-subject = Subject: { $subject }
evidence-mail-action = What Hygie did with the message: { $action }
evidence-mail-tagged = a warning banner was added at the top of the message (the original is kept in the Hygie-Originaux folder)
evidence-mail-quarantined = the message was moved to the quarantine folder
evidence-mail-left = nothing, the message stayed where it was
evidence-since = The attack began on { $when }.
evidence-process = Program: { $exe } (process { $pid }).
evidence-smb = File-share session: account { $user }, from workstation { $client }.
evidence-unknown-actor = The program could not be identified (portable watching).
evidence-damaged = { $count ->
    [one] One damaged file:
   *[other] { $count } damaged files:
}
evidence-more = … and { $count } more.
evidence-planted = { $count ->
    [one] One file left by the attacker (ransom note, encrypted copy):
   *[other] { $count } files left by the attacker (ransom notes, encrypted copies):
}
console-breach-exists = alert no. { $alert } already has its data breach open (no. { $id }): see the Compliance page.
console-already-repaired = the files of alert no. { $id } were already put back.
console-repair-running = the files of alert no. { $id } are being put back already.
console-journal-restore = { $user } restored { $original } from snapshot { $id } as { $copy }
status-console-off = Web console: off ([console] listen = "off" or an address refused).

## hygie up

up-lock-failed = cannot create the lock { $path }: { $cause }.
up-already-running = the guardian already runs for { $path }; one at a time.
up-runtime-failed = cannot start: { $cause }.
up-signal-failed = cannot listen for stop signals: { $cause }.
up-started = guardian started; signed checkpoint every { $seconds } s
up-checkpoint = signed checkpoint kept ({ $count } entries)
up-heartbeat-failed = sign of life not recorded: { $cause }
up-stopping = stop requested ({ $signal })
up-stopped = guardian stopped cleanly
up-task-failed = task interrupted: { $cause }

## Backups (vault)

cmd-backup = Take a snapshot of the protected folders (or of the paths given).
cmd-snapshots = List snapshots.
cmd-restore = Restore a snapshot (or part of it) into a folder.
cmd-check = Check the snapshot repository (--read-data: every byte).
cmd-drill = Restore drill: restore the latest snapshot aside and compare every byte.
cmd-vault = The snapshot repository itself.
cmd-vault-password = Print the repository password, to copy on paper and keep in the safe.
cmd-vault-init = Create the repository and its password if this Hygie folder has none.
arg-backup-paths = Paths to back up (default: the protected folders).
arg-backup-exclude = A pattern to leave out, e.g. "*.tmp" (repeatable).
arg-backup-json = JSON output, for programs.
arg-snapshots-json = JSON output, for programs.
arg-restore-snapshot = The snapshot id, or "latest" for the most recent.
arg-restore-target = Folder to restore into.
arg-restore-include = Only this path of the snapshot (repeatable).
arg-restore-json = JSON output, for programs.
arg-check-read-data = Read and verify every byte of every pack (longer).
arg-check-json = JSON output, for programs.
arg-drill-json = JSON output, for programs.

unit-bytes = B
unit-kb = kB
unit-mb = MB
unit-gb = GB
unit-tb = TB
decimal-comma = no

vault-no-password = this Hygie folder has no repository password ({ $path }). Create the repository with: hygie vault init
vault-error-password = the password does not unlock the repository { $location }. Check keys/vault.password (your paper copy is the reference).
vault-error-exists = a repository already exists in { $location }.
vault-error-no-snapshot = no snapshot "{ $id }"; the list: hygie snapshots
vault-error-missing-source = { $path } does not exist: nothing was backed up. Check the path or the disk.
vault-error-target = cannot restore into { $path }: { $reason }.
vault-error-repository = repository { $location } ({ $operation }): { $cause }
vault-error-not-in-snapshot = { $path } is not in this snapshot.
vault-error-outside = { $path } is not inside a folder this snapshot protects: nothing was written.
vault-error-other = vault error: { $detail }.

backup-nothing = no folder to back up: add some in hygie.toml ([protect] paths) or give paths.
event-backup = Snapshot { $id }: { $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $size }.
backup-done = Snapshot { $id } saved: { $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $size }, in { $seconds } s.
backup-changes = Since the previous one: { $new } new, { $changed } changed, { $unchanged } unchanged; { $added } added to the repository.
snapshots-none = No snapshot yet: run "hygie backup".
snapshots-files = files
snapshots-count = { $count ->
    [one] One snapshot.
   *[other] { $count } snapshots.
}
event-restore = Snapshot { $id } restored into { $target } ({ $files ->
    [one] { $files } file
   *[other] { $files } files
}).
restore-done = Snapshot { $id } restored: { $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $size }, into { $target }, in { $seconds } s.
event-check-ok = Repository checked: no error{ $read_data ->
    [yes] , every byte read again.
   *[no] .
}
event-check-damaged = Repository damaged: { $count } errors.
check-ok = Repository sound (structure checked in { $seconds } s; "hygie check --read-data" also reads every byte).
check-ok-data = Repository sound: every byte of every pack read and verified, in { $seconds } s.
check-damaged = REPOSITORY DAMAGED: { $count } errors.
check-what-next = Delete nothing; keep the existing backups and tell your IT provider.
event-drill-passed = Restore drill passed: snapshot { $id }, { $files } files restored in { $seconds } s, every byte verified.
event-drill-failed = Restore drill FAILED: { $count } files do not come back identical.
drill-passed = Drill passed: snapshot { $id } restores identically ({ $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $size }). Restore { $restore } s, verification { $verify } s.
drill-journaled = Result recorded in the journal (entry no. { $seq }): the proof of restore testing insurers and the CNIL ask for.
drill-failed = DRILL FAILED: { $count } files do not come back identical.
event-password-shown = Repository password shown.
password-hint = Copy this password on paper and keep it in the safe. With restic, on any machine: RESTIC_PASSWORD=<password> restic -r { $repository } snapshots
event-vault-created = Snapshot repository created in { $location }.
vault-created = Snapshot repository created in { $location }. Show its password with "hygie vault password" and keep a paper copy.
vault-exists = The repository { $location } already exists and opens with this Hygie folder's password.
init-repository-failed = The repository { $location } could not be created: { $cause } Try again with "hygie vault init".
init-vault-password = Repository password (copy it on paper, "hygie vault password"): { $path }

## Vault: retention, freeze, schedule

cmd-forget = Forget the snapshots the retention rule (by age) no longer keeps.
cmd-prune = Remove from the repository the data no snapshot uses any more.
cmd-vault-freeze = Freeze the vault: nothing is forgotten, the last clean snapshot is pinned, new ones are marked suspect.
cmd-vault-unfreeze = Lift the vault's freeze.
arg-forget-dry-run = Only say what would be forgotten.
arg-forget-prune = Then remove the data no longer needed.
arg-forget-json = JSON output, for programs.
arg-restore-before = Use the newest snapshot before this date, time or duration (e.g. "2026-11-28T09:00", "2h").
arg-vault-freeze-reason = Why (e.g. "suspected encryption on the reception PC").

event-backup-suspect = Vault frozen: snapshot marked suspect.
backup-suspect = The vault is frozen: this snapshot is marked "suspect" and does not replace the last clean snapshot.
vault-frozen-refuses = the vault is frozen ({ $reason }): nothing is forgotten or removed until the freeze is lifted ("hygie vault unfreeze", after the incident).
event-forgotten = { $count } snapshots forgotten under the retention rule; { $kept } kept.
forget-dry-run = { $count } snapshots would be forgotten; { $kept } would be kept.
forget-done = { $count } snapshots forgotten; { $kept } kept. "hygie prune" frees the space.
event-pruned = Unused data removed from the repository.
prune-done = Space freed in the repository, in { $seconds } s.
event-frozen = Vault frozen: { $reason }
frozen-pinned = Vault frozen. Last clean snapshot pinned: { $id }. The next snapshots will be marked suspect.
frozen-nothing-pinned = Vault frozen. No earlier snapshot to pin. The next snapshots will be marked suspect.
event-unfrozen = Vault freeze lifted (it was set for: { $reason }).
unfrozen = Freeze lifted: normal retention resumes.
not-frozen = The vault was not frozen.
status-frozen = Vault FROZEN since { $when } ({ $reason }): nothing is forgotten; new snapshots are marked suspect.

up-no-paths = no protected folder (hygie.toml, [protect] paths): no scheduled backup
up-waiting-for-job = a backup or drill is running: Hygie finishes it before stopping
up-backup-starting = scheduled backup: starting
up-backup-done = scheduled backup done: snapshot { $id }, { $files } files
up-backup-failed = SCHEDULED BACKUP FAILED: { $cause }
up-drill-starting = scheduled restore drill: starting
up-drill-passed = restore drill passed ({ $files } files verified byte for byte)
up-drill-failed = RESTORE DRILL FAILED: { $count } files do not come back identical
up-drill-error = RESTORE DRILL IMPOSSIBLE: { $cause }
alert-backup-overdue = No successful backup for { $hours } h: check the repository's disk and run "hygie backup".
alert-backup-never = No successful backup since the guardian started { $hours } h ago: check the protected folders and the repository, then run "hygie backup".

progress-backing-up = backing up…
progress-reading-index = reading the index…
progress-getting-snapshot = finding the snapshot…
progress-restoring = restoring files…
progress-collecting = listing files…
progress-reading-packs = reading packs…

## Repository server

cmd-vault-serve = Run the append-only repository server (on another machine than the practice's PC).
cmd-vault-add-credential = Add a credential to the repository server.
arg-vault-serve-data = Folder holding the repositories.
arg-vault-serve-listen = Address to listen on; beyond loopback, TLS is required (--tls-cert and --tls-key).
arg-vault-serve-credentials = Credentials file (default: DATA/credentials.toml).
arg-vault-serve-quota = The most one repository may hold, e.g. 500G.
arg-vault-add-credential-name = The credential's name, which is also its repository's name.
arg-vault-add-credential-role = backup (append only, in its own repository) or admin (everything, for the IT provider).
arg-vault-add-credential-data = Folder holding the repositories.
arg-vault-add-credential-credentials = Credentials file (default: DATA/credentials.toml).
serve-no-data = the repositories folder { $path } does not exist; create it first.
serve-bad-quota = cannot read the quota "{ $value }" (examples: 500G, 2T).
serve-bad-credentials = credentials file { $path } unusable: { $cause }
serve-bind-failed = cannot listen on { $address }: { $cause }
serve-started = repository server listening on { $address } (repositories in { $path })
serve-failed = the server stopped: { $cause }
credential-added = Credential "{ $name }" saved in { $path } (password hashed with Argon2id).
credential-password-hint = Above, the password of "{ $name }": it is shown only once. Repository address: rest:https://HOST:8000/{ $name } (for restic: rest:https://{ $name }:<password>@HOST:8000/{ $name }/).

## Repository server: TLS, witness, the server's journal
arg-init-server-ca = Certificate authority (PEM file) to trust for the repository server, if it has its own certificate.
init-server-password-missing = the repository or the witness is on a server: give the credential's password in the HYGIE_SERVER_PASSWORD variable (it will be kept in keys/server.password).
server-no-password = the repository is on a server but the credential's password is missing ({ $path }). Run "HYGIE_SERVER_PASSWORD=… hygie vault init" to save it.
witness-server-invalid = witness { $location } unusable: { $cause }
arg-vault-serve-tls-cert = The server's certificate (PEM chain), for TLS.
arg-vault-serve-tls-key = The certificate's private key (PEM).
serve-needs-tls = { $address } is not a loopback address: TLS is required. Give --tls-cert and --tls-key, or listen on 127.0.0.1.
serve-bad-tls = TLS unusable: { $cause }
cmd-vault-events = Verify and show the repository server's journal (refusals, alarms, checkpoints received).
arg-vault-events-data = The folder holding the repositories.
arg-vault-events-last = Only the last N entries.
arg-vault-events-json = Machine-readable output (one JSON object per line).
event-server-started = Repository server started on { $address }.
event-server-refused = Request refused to "{ $who }": { $method } { $what } (status { $status }).
event-server-exfiltration = ALARM: credential "{ $who }" read { $read } bytes of data in less than a day, far more than a backup reads (the repository holds { $stored }): theft of the history? If a restore or a drill was running, this is expected.
event-witness-accepted = Checkpoint of "{ $repository }"'s journal received: { $size } entries.
event-witness-refused = ALARM: checkpoint of "{ $repository }"'s journal refused ({ $reason }). The practice's journal was changed; warn the practice and keep this journal.
server-journal-failed = cannot write to the server's journal: { $cause }
server-journal-missing = no server journal in { $path }: the server was never run on this folder.
server-journal-intact = Server journal verified: { $count } entries intact.
server-journal-damaged = THE SERVER'S JOURNAL { $path } WAS CHANGED: { $count } problem(s). Keep the file as it is and warn your IT provider.

## Sentinel (ransomware)
cmd-sentinel = The ransomware sentinel.
cmd-sentinel-watch = Watch folders in the foreground and print alerts (diagnosis).
arg-sentinel-watch-paths = Folders to watch (default: the protected folders).
arg-sentinel-watch-json = Machine-readable output (one JSON object per alert).
sentinel-nothing = no folder to watch: give one, or add protected folders to the configuration.
sentinel-missing = the folder { $path } does not exist.
sentinel-watch-failed = cannot watch: { $cause }
sentinel-protected-link = the folder { $path } goes through a link to { $target }: give { $target } (Hygie follows no link, neither to watch nor to put files back).
sentinel-watch-ended = the system no longer reports file changes. Start Hygie again; if it happens again, tell your IT provider.
sentinel-watching = Watching { $count } files in { $folders } folder(s). Ctrl+C to stop.
sentinel-portable-limits = Portable mode ({ $cause }): Hygie sees files change but not which program changes them, so it cannot stop the culprit. For that, run Hygie as administrator (root) on Linux 5.9 or later, with the protected folders on a local disk (ext4, XFS; Btrfs subvolumes from Linux 6.8 on).
sentinel-overflow = WARNING: the system lost notifications (too many changes at once). That is suspicious in itself; Hygie reads the protected folders again to find what changed.
sentinel-writers-overflow = WARNING: the system lost notifications naming the programs that write (too many changes at once). That is suspicious in itself; every change is still seen, but some cannot be credited to the program that made them, nor that program stopped.
sentinel-recovered = Notifications lost: Hygie read the protected folders again and found { $count } file(s) changed, new or deleted since it last read them; they are analysed like the others.
sentinel-unreadable = cannot read { $path }: { $cause }
sentinel-unmarked = in { $path }, changes are watched but the program making them cannot be named or stopped ({ $cause }). Keep protected folders on a local disk (ext4, XFS; Btrfs subvolumes from Linux 6.8 on).
sentinel-alert = RANSOMWARE ALERT #{ $id }: { $summary }
sentinel-alert-summary = { $files } file(s) damaged in { $folders } folder(s). Signs: { $reasons }.
sentinel-more-files = … and { $count } more file(s).
sentinel-what-to-do = What to do: unplug this PC from the network without shutting it down, open no more files, warn your IT provider. Files are put back with "hygie incident restore { $id }".
indicator-randomness = content turned random (encrypted)
indicator-encoded = content rewritten as base64 or hex
indicator-type-lost = the file no longer matches its type
indicator-trailer-lost = end of file gone
indicator-opaque = new unreadable files
indicator-original-removed = originals deleted after an unreadable copy
indicator-extension = extensions unknown here
indicator-decoy = decoy file touched
indicator-note = ransom notes in several folders
indicator-mass-removal = mass deletions
indicator-breadth = several folders hit
sentinel-journal-failed = the alert could not be written to the journal: { $cause }. Watching goes on.
event-server-dropped = ALARM: { $count } refusals could not be journaled one by one (too many requests at once): a flooding attack?

## Alerts and incidents
cmd-alerts = List the alerts and what became of them.
arg-alerts-json = Machine-readable output (one JSON object per alert).
cmd-incident = Respond to an incident.
cmd-incident-restore = Put back every file an alert's attack damaged, from the last snapshot before it.
arg-incident-restore-alert = The alert's number (see "hygie alerts").
cmd-incident-purge = Delete what an alert's restore put in the quarantine, once the investigation is over.
arg-incident-purge-alert = The alert's number (see "hygie alerts").
arg-incident-purge-unrestored = Even though the incident is not restored (it never will be entirely).
incident-purge-not-restored = The incident of alert { $id } is not restored: its quarantine is kept. Run "hygie incident restore { $id }"; if it cannot be restored entirely and the investigation is over, add --unrestored.
incident-purge-nothing = Nothing in quarantine for alert { $id }.
incident-purged = Quarantine of alert { $id } deleted: { $files } file(s), { $size }.
incident-purge-failed = The quarantine of alert { $id } could not be deleted entirely: { $cause }. Fix the cause (permissions, disk), then run it again.
alerts-none = No alert.
alerts-line = #{ $id } — { $when } — { $summary }
alerts-restored = files put back on { $when }
alerts-to-restore = files not put back yet: "hygie incident restore { $id }"
incident-no-alert = there is no alert #{ $id } (see "hygie alerts").
incident-bad-evidence = the evidence of alert #{ $id } is unreadable: { $cause }
incident-no-snapshot = no snapshot was finished before the incident began ({ $when }): only the sentinel's shadow copies are used; a file they lack stays unrestored.
incident-vault-unreachable = the vault cannot be reached ({ $cause }): only the sentinel's shadow copies are used; a file they lack stays unrestored.
incident-shadows-unreadable = part of the sentinel's copies cannot be read ({ $cause }): the files they hold were put back from older copies or from the snapshot. Check that the home's shadows folder belongs to the account running Hygie.
incident-shadow-copy-unreadable = { $path }: one of its copies cannot be read ({ $cause }); the copy before it is used, else the snapshot.
incident-warning = warning: { $text }
event-incident-restored = Incident of alert #{ $id }: { $restored } file(s) put back and checked, { $aside } attacker file(s) set aside, { $missing } not restored.
incident-from-snapshot = From snapshot { $id } of { $when }: changes made to these files after it are lost.
incident-quarantine = The attacker's files (encrypted copies, ransom notes) are in { $path }.
incident-replaced-kept = What the restore replaced ({ $count } file(s): encrypted versions, or work done since the attack) is kept in { $path }.
incident-older-only = { $file }: put back from an older version, its newest copy could not be taken out ({ $cause }). Fix the cause, then run the restore again.
incident-held-copy-dropped = { $file }: put back from an older version; its copy of { $when }, from before the incident, was deleted for lack of room in the shadow store. Work done on this file since that version must be redone.
incident-held-copies-unlisted = { $count } more file(s) lost their copy from before the incident for lack of room in the shadow store, without being named in the journal: check the files put back.
incident-held-copies-unknown = Copies from before the incident were deleted for lack of room in the shadow store and their list could not be read: check the files put back, some may have come back from an older version.
incident-index-unreadable = Part of the shadow copies' index cannot be read (see above): newer copies may have been missed. The alert stays open; run the restore again once the index is repaired.
incident-next = Everything is back. Check a few folders, then lift the vault's freeze: "hygie vault unfreeze".
incident-not-restored = not restored: { $file }
incident-incomplete = { $count } file(s) could not be put back (listed above).
sentinel-freeze-reason = ransomware alert #{ $id }
up-sentinel-stopped = the sentinel stopped: { $cause }
sentinel-mode-kill = Hygie sees which program writes each file: a program that encrypts files will be frozen, then ended.
sentinel-mode-stop = Hygie sees which program writes each file: a program that encrypts files will be frozen (not ended, setting "stop") for examination.
sentinel-mode-off = Hygie sees which program writes each file but will stop none (setting "off"): alert only.
sentinel-writers-lost = WARNING: Hygie no longer sees which program writes ({ $cause }). Watching goes on in portable mode; no program can be stopped.
sentinel-contain-unidentified = The culprit program could not be identified: no program was stopped. Unplug this PC from the network.
sentinel-contain-off = No program was stopped (setting "contain = off").
sentinel-unknown-program = unknown program
sentinel-contain-killed = Program ended: { $program } (process { $pid }).
sentinel-contain-stopped = Program frozen for examination: { $program } (process { $pid }). Do not restart it; your IT provider will examine it.
sentinel-contained-summary = ransomware alert #{ $id }: { $count } process(es) frozen or ended
status-sentinel-writers = Ransomware: watching for { $when }, able to stop the culprit program
status-sentinel-watching = Ransomware: watching for { $when }
status-sentinel-portable = Ransomware: portable mode, the culprit program can be neither identified nor stopped (run "hygie up" as administrator)
status-sentinel-off = Ransomware: nothing is watching (run "hygie up")
status-quarantine = Quarantine: { $files } file(s), { $size }, of { $alerts ->
    [one] alert { $ids }
   *[other] alerts { $ids }
} ({ $folder }). Once the investigation is over, "hygie incident purge N" deletes them.
sentinel-shadow-failed = cannot keep a protective copy: { $cause }. Watching goes on.
sentinel-held-dropped = WARNING: the shadow store reached twice its allowed size while an incident is not yet restored; { $versions } copy/copies from before the incident, of { $files } file(s), were deleted (the oldest first). Restore the incident soon (hygie incident restore): these files will come back from an older version. To avoid this, raise [sentinel] shadow_megabytes.
sentinel-shadow-busy = another Hygie sentinel already keeps the protective copies in { $folder } (stop it first, or run one sentinel only)
sentinel-bad-shadow-keep = [sentinel] shadow_keep = "{ $value }" is not a duration (examples: "7d", "48h").
sentinel-bad-shadow-span = [sentinel] shadow_span = "{ $value }" is not a duration (examples: "30s", "2m", "0s" to copy every version).
incident-from-shadows = { $count } file(s) put back as they were just before the attack from the protective copies (newer than the snapshot).
mail-alert-subject = RANSOMWARE ALERT #{ $id } — { $practice }
mail-alert-practice = Practice: { $practice }
mail-alert-since = Incident began: { $when }
mail-alert-files = Files damaged so far: { $count }
mail-alert-failed = the alert e-mail could not be sent: { $cause }
mail-alert-journal = alert #{ $id } sent by e-mail to { $count } address(es)
mail-alert-config = [alerts] in hygie.toml: { $cause }
sentinel-contain-spared = The culprit program was not stopped: { $count } protected process(es) (the system or Hygie itself). Unplug this PC from the network.

## Message analysis (phishing)
cmd-mail = The phishing analyser.
cmd-mail-scan = Analyse messages and say which are phishing.
arg-mail-scan-paths = .eml files, folders, Maildir folders or mbox files.
arg-mail-scan-json = Machine-readable output (one JSON object per message).
mail-scan-nothing = no message to analyse: give an .eml file, a folder, a Maildir or an mbox file.
mail-scan-missing = cannot read { $cause }
mail-scan-unreadable = { $source }: unreadable ({ $cause })
mail-scan-line = { $source }: { $verdict } ({ $score }) — “{ $subject }”
mail-scan-summary = { $total } message(s) analysed: { $malicious } dangerous, { $suspicious } suspicious, { $clean } apparently safe, { $unreadable } unreadable.
mail-verdict-malicious = DANGEROUS
mail-verdict-suspicious = SUSPICIOUS
mail-verdict-clean = apparently safe
mail-what-to-do = What to do: click no link, open no attachment, do not reply. If in doubt, call the organisation on the number you know (not the one in the message). If you already clicked or typed a password, change it and tell your IT provider.
mail-journal-verdict = { $verdict } message: “{ $subject }” from { $sender }
mail-reason-link-text-mismatch = the link shows { $shown } but leads to { $target }
mail-reason-link-to-ip-address = a link leads to a numeric address ({ $target }) instead of a named site
mail-reason-link-userinfo-trick = a link hides its real destination, { $target }, behind a fake address start
mail-reason-link-shortener = a link goes through a URL shortener ({ $target }) that hides where it leads
mail-reason-link-free-hosting = a link leads to a free hosting page ({ $target }), a common place for fake login pages
mail-reason-risky-tld = { $target } uses a domain extension crooks favour
mail-reason-link-redirector = a link bounces through { $target } to hide the site it leads to
mail-reason-lookalike-domain = { $domain } imitates { $brand }'s site
mail-reason-brand-links-elsewhere = the message presents itself as { $brand } but its links lead to { $target }
mail-reason-sender-impersonation = the sender calls itself { $brand } but writes from { $address }
mail-reason-sender-name-address = the sender's name shows { $shown } while the message comes from { $address }
mail-reason-sender-name-mismatch = the sender “{ $name }” writes from an unrelated address ({ $address })
mail-reason-random-sender = the sender's address ({ $address }) looks machine-made
mail-reason-invalid-sender = the sender's address is missing or impossible ({ $address })
mail-reason-recipient-address-greeting = the message calls you by your address ({ $address }) instead of your name: a mass mailing
mail-reason-reply-to-elsewhere = replies would go to { $reply_to }, not to the sender { $address }
mail-reason-freemail-institution = “{ $name }” writes from a free mail address ({ $address }): no organisation does that
mail-reason-dangerous-attachment = the attachment { $name } can run a program or open a fake page: do not open it
mail-reason-double-extension = the attachment's name { $name } hides its real type behind a double extension
mail-reason-office-macros = the document { $name } contains macros (programs): do not enable them
mail-reason-encrypted-archive = the archive { $name } is password-protected or unreadable: its content cannot be checked
mail-reason-nested-archive = the archive { $name } holds another archive, a trick to slip past checks
mail-reason-pdf-active-content = the PDF { $name } contains a form or a program
mail-reason-pdf-links = the PDF { $name } contains links
mail-reason-calendar-links = the invitation { $name } contains links
mail-reason-credential-request = the message asks for credentials, codes or card details (“{ $words }”)
mail-reason-payment-change = the message speaks of paying or of new bank details (“{ $words }”): check by phone with a known contact
mail-reason-urgency = the message presses for haste (“{ $words }”)
mail-reason-threat = the message threatens (“{ $words }”)
mail-reason-prize-lure = the message promises a prize or a gift (“{ $words }”)
mail-reason-spam-offer = the message sells what spam sells (“{ $words }”)
mail-reason-money-lure = the message announces a refund, a parcel or a bill (“{ $words }”)
mail-reason-html-form = the message contains a form to fill in: a real organisation never has you type data into an e-mail
mail-reason-hidden-text = the message hides { $count } characters of text from the reader
mail-reason-junk-text = the message contains { $count } random strings meant to fool filters
mail-reason-styled-letters = the message writes words with { $count } symbols disguised as letters (𝐀, Ａ, Ⓐ…), so that filters cannot read them
mail-reason-mixed-scripts = the message slips Cyrillic or Greek letters that look like Latin ones into { $count } words (“{ $word }”), so that filters cannot read them
mail-reason-free-image-host = the message's images come from { $host }, a site where anyone can upload images; a genuine organisation uses its own
mail-reason-freemail-contact = the message asks you to write to { $address }, a free mail address (Gmail, Outlook…) other than the sender's
mail-reason-auth-failed = the receiving server reports the sender is not authenticated ({ $checks } failed)
mail-reason-first-time-sender = { $address } writes to you for the first time
cmd-mail-watch = Guard the configured mailbox in the foreground: tag or quarantine phishing as it arrives.
cmd-mail-password = Store the mailbox account's password (asked on the terminal, or read from standard input).
mail-watch-not-tls = the IMAP address { $address } must start with imaps://: Hygie does not read a mailbox without encryption.
mail-watch-bad-address = the IMAP address { $address } is invalid (expected: imaps://server[:port]).
mail-watch-no-user = give the mail account (user) in the [mail] section of the configuration.
mail-watch-unconfigured = no mailbox configured: fill in imap and user in the [mail] section of { $path }.
mail-watch-no-password = the mailbox password is missing ({ $path }): store it with "hygie mail password".
mail-watch-memory-corrupt = the file { $path } is unreadable ({ $cause }): delete it to start afresh (messages already there will be analysed again).
mail-watch-memory-write = cannot write { $path }: { $cause }
mail-watch-retry = Mailbox unreachable ({ $cause }); trying again in { $seconds } s.
mail-watch-connected = Guarding the { $mailbox } folder of { $user } on { $host }.
mail-watch-login-refused = the server refuses the login: { $cause }
mail-watch-timeout = the server has not answered for { $seconds } s
mail-watch-bad-ca = the certificate authority file { $path } is unreadable: { $cause }
mail-tag-prefix-malicious = [DANGER Hygie]
mail-tag-prefix-suspicious = [SUSPICIOUS Hygie]
mail-tag-banner = ⚠ Hygie: { $verdict } message. Here is why:
mail-password-prompt = Mailbox password:
mail-password-empty = empty password: nothing was stored.
mail-password-saved = Password stored in { $path } (readable by you only).
up-mail-stopped = Mail guarding stopped: { $cause }
mail-watch-already-running = this Hygie home's mailbox is already guarded (by "hygie up" or another "hygie mail watch").
mail-watch-login-wait = The server refuses the password ({ $cause }): check it ("hygie mail password"); next try in { $minutes } min, so that the account is not locked.
mail-watch-unreadable = { $source }: message unreadable after several tries ({ $cause }); it is left as it is and guarding goes on.
mail-watch-action-failed = { $source }: cannot tag or move this message ({ $cause }); it stays where it is and will not be analysed again.

## Compliance (hygie comply)
comply-home-needed = This command needs the practice's Hygie folder: run "hygie init" first, or give it with --home.
comply-bad-input = unreadable file: { $problem }. Fix the line shown (or export the file again) and retry.
comply-unreadable = cannot read { $path }: { $problem }
comply-too-big = { $path } is over 256 MB: it is not an export of accounts or patients. Check the file.
comply-ignored-columns = Note: columns ignored in { $path }: { $columns }.
comply-bad-date = unreadable date "{ $value }": write 2026-03-31, 31/03/2026 or 31/03/2026 14:05.
comply-bad-file = { $path } is not a valid file: { $problem }
comply-unknown-question = unknown question "{ $id }" in { $path }: check the id (hygie comply assess --json lists them).
comply-bad-answer = unreadable answer "{ $value }" for { $id }: write yes, no, partly, unknown or not_applicable.
comply-record-damaged = record { $kind } no. { $id } of the state database is unreadable ({ $problem }); restore state.db from a backup.
comply-journal-report = Document produced: { $title }
comply-journal-review = Access review: { $accounts } accounts, { $findings } findings
comply-journal-audit = Record access audit: { $accesses } accesses, { $queue } to review
comply-journal-retention = Retention: { $count } records to archive or delete
comply-journal-assessed = Self-assessment saved: score { $score }/100
comply-journal-plan = Action plan changed ({ $count } actions)
comply-journal-register = Register of processing reviewed and saved ({ $count } activities)
comply-journal-breach-opened = Breach no. { $id } opened: { $title }
comply-journal-breach-updated = Breach no. { $id } updated
comply-journal-request = Record access request no. { $id } logged
comply-journal-request-done = Access request no. { $id } answered
comply-audit-summary = { $accesses } accesses read, { $explained } explained by an appointment; { $queue } to review:
comply-audit-lines = lines { $lines }
comply-audit-more = … and { $count } less important items (--json shows all).
comply-retention-none = No record to archive or delete today.
comply-retention-archive = to archive
comply-retention-delete = to delete or anonymise
comply-retention-since = since
comply-ask-intro = Answer yes, no, partly, unknown or not_applicable; Enter keeps the previous answer. Hygie answers by itself when it holds the proof.
comply-ask-automatic = checked by Hygie: { $because }
comply-ask-prompt = Answer:
comply-ask-again = Answer not understood: yes, no, partly, unknown or not_applicable.
comply-score = Security score: { $score }/100
comply-automatic-count = { $count ->
    [0] {""}
    [one] (1 answer checked by Hygie)
   *[other] ({ $count } answers checked by Hygie)
}
comply-unanswered = { $count } questions unanswered: run "hygie comply assess" in a terminal.
comply-plan-empty = Action plan: nothing to do.
comply-plan-title = Action plan (most useful for least effort first):
comply-plan-file-header = # Action plan: change owner, due (date), status (todo, doing, done) and note, then "hygie comply plan import FILE".
comply-plan-saved = Action plan saved ({ $count } actions).
comply-register-incomplete = incomplete register in { $path }: empty fields { $problem }. Every article 30 field must be filled.
comply-register-saved = Register saved ({ $count } activities).
comply-no-alert = no alert no. { $id } (see "hygie alerts").
comply-breach-exists = alert no. { $alert } already has its data breach open (no. { $id }): complete that one ("hygie comply breach show { $id }") rather than open a second.
comply-no-breach = no breach no. { $id } (see "hygie comply breach list").
comply-no-breaches = No breach recorded.
comply-no-request = no request no. { $id } (see "hygie comply request list").
comply-breach-title-alert = Attack reported by alert no. { $id }
comply-breach-description-sentinel = { $summary }; { $files } patient files were affected on the practice's PC.
comply-breach-consequences-sentinel = Patient records unavailable during the attack; visits and prescriptions delayed; if files were copied, possible disclosure of health data.
comply-breach-measures-sentinel = Encrypting program stopped by Hygie, PC isolated, backups frozen (the last clean one is protected), affected files restored from verified copies and backups.
comply-breach-planned-sentinel = Analysis of the PC by the IT provider, password changes, search for data exfiltration, complaint.
comply-breach-opened = Breach no. { $id } opened.
comply-breach-label = Breach
comply-breach-risk = Assessment: { $level ->
    [high] high risk — notify the CNIL and tell the patients
    [risk] risk — notify the CNIL within 72 h
   *[unlikely] risk unlikely — keep it in the internal log
}
comply-breach-tell-patients = Patients must be told: "hygie comply report patient-letter --breach { $id }".
comply-breach-missing = To complete before the full notification: { $fields } ("hygie comply breach export { $id }", edit, then "import").
comply-breach-file-header = # Edit the fields then "hygie comply breach import N FILE". Dates as 2026-11-28T10:00:00Z.
comply-breach-wrong-id = the file describes breach no. { $found }, not no. { $id }.
comply-breach-noted = Added to the timeline of breach no. { $id }.
comply-breach-needed = this document is about a breach: add --breach N.
comply-timeline-began = Attack began (first file touched)
comply-timeline-alert = Sentinel alert: { $summary }
comply-timeline-restored = Files restored (hygie incident restore)
comply-timeline-opened = Breach opened in Hygie
comply-timeline-cnil = CNIL notified
comply-timeline-complaint = Complaint filed
comply-timeline-patients = Patients informed
comply-timeline-closed = Breach closed
comply-request-added = Request no. { $id } logged: { $state }.
comply-request-too-early = Warning: the record was handed over before the 48-hour reflection period ended.
comply-write-failed = cannot write { $path }: { $problem }. Nothing was written.
comply-written = Written: { $path }
comply-review-summary = { $accounts } accounts ({ $enabled } enabled), { $clinical } with a clinical profile for { $staff } clinicians in post.
comply-review-clean = Nothing found.
comply-review-more = … and { $count } more (--json for the full list).
status-request = Access request no. { $id }: { $state }
status-breach-clock = Breach no. { $id } — { $label }: { $value }

## hygie comply help
cmd-comply = GDPR duties and the security self-assessment.
cmd-comply-assess = Answer the security self-assessment (Hygie answers what it can prove).
arg-comply-assess-answers = Answers file (TOML: id = "yes"), instead of questions on the terminal.
arg-comply-assess-json = Machine-readable output (JSON).
cmd-comply-plan = The action plan: show it, or export and import it to set owners, dates and progress.
cmd-comply-plan-show = Show the action plan.
arg-comply-plan-show-json = Machine-readable output (JSON).
cmd-comply-plan-export = Write the plan to an editable file (owner, due date, status, note per action).
cmd-comply-plan-import = Read back an edited plan file.
arg-comply-plan-import-file = The edited file.
cmd-comply-register = The register of processing activities (GDPR article 30).
cmd-comply-register-export = Write the register to an editable file (pre-filled the first time).
cmd-comply-register-import = Read back an edited register: every article 30 field must be filled.
arg-comply-register-import-file = The edited file.
cmd-comply-breach = Personal-data breaches: open, follow the two 72-hour clocks, notify.
cmd-comply-breach-open = Open a breach from an alert, or by hand with a title.
arg-comply-breach-open-alert = The alert it comes from (see "hygie alerts").
arg-comply-breach-open-title = A title, for a breach opened by hand.
arg-comply-breach-open-discovered = When the practice became aware of it (default: now).
cmd-comply-breach-list = List every breach: the internal breach log.
arg-comply-breach-list-json = Machine-readable output (one JSON line per breach).
cmd-comply-breach-show = Show a breach: its clocks, its risk, what the notification still needs.
arg-comply-breach-show-id = The breach.
arg-comply-breach-show-json = Machine-readable output (JSON).
cmd-comply-breach-export = Write a breach to an editable file.
arg-comply-breach-export-id = The breach.
cmd-comply-breach-import = Read back an edited breach file.
arg-comply-breach-import-id = The breach.
arg-comply-breach-import-file = The edited file.
cmd-comply-breach-mark = Record a step: CNIL notified, complaint filed, patients informed, closed.
arg-comply-breach-mark-id = The breach.
arg-comply-breach-mark-step = The step (cnil-notified, complaint-filed, patients-informed, closed).
arg-comply-breach-mark-at = When (default: now).
cmd-comply-breach-note = Add a line to a breach's timeline.
arg-comply-breach-note-id = The breach.
arg-comply-breach-note-text = What happened.
cmd-comply-request = Patients' requests for their records, with the legal deadlines.
cmd-comply-request-add = Log a patient's request.
arg-comply-request-add-patient = Who asked.
arg-comply-request-add-received = When it arrived (default: now).
arg-comply-request-add-old-record = The record's latest information is more than 5 years old (2 months to answer).
arg-comply-request-add-earlier-copies = Copies already given to this patient (the first is free).
cmd-comply-request-list = List the requests and their deadlines.
arg-comply-request-list-json = Machine-readable output (one JSON line per request).
cmd-comply-request-done = Record that a request was answered.
arg-comply-request-done-id = The request.
arg-comply-request-done-at = When (default: now).
cmd-comply-access-review = Review the software's accounts against the staff register.
arg-comply-access-review-accounts = Accounts export (CSV: login,name,profile,staff_id,last_login,approved_by,enabled).
arg-comply-access-review-staff = Staff register (CSV: staff_id,name,job,left_on).
arg-comply-access-review-today = Review as of this day (default: today).
arg-comply-access-review-json = Machine-readable output (JSON).
cmd-comply-access-audit = Find accesses to patients' records that nothing explains.
arg-comply-access-audit-log = Access log (CSV: time,login,patient_id[,user_name,patient_name,break_glass,reason]).
arg-comply-access-audit-appointments = Appointments (CSV: patient_id,start[,login]).
arg-comply-access-audit-json = Machine-readable output (JSON).
cmd-comply-retention = List the records due for archiving or deletion.
arg-comply-retention-patients = Patients (CSV: patient_id,last_care[,name,born_on,died_on,archived]).
arg-comply-retention-today = As of this day (default: today).
arg-comply-retention-json = Machine-readable output (JSON).
cmd-comply-report = Produce a document: HTML to print, PDF, or JSON.
arg-comply-report-document = The document (assessment, register, breach-log, cnil-notification, patient-letter, requests, continuity).
arg-comply-report-breach = The breach, for the CNIL notification and the letter to patients.
arg-comply-report-format = The format (html, pdf, json).
arg-comply-report-output = Where to write it (default: standard output).
mail-alert-summary = Dangerous message from { $sender }: "{ $subject }"
mail-alert-not-kept = This message's alert could not be kept in the state database: { $cause }
incident-nothing-to-restore = alert no. { $id } is not about files: there is nothing to put back. If someone clicked, open a breach: "hygie comply breach open --alert { $id }".
alerts-mail-next = message set aside; if someone clicked or replied: "hygie comply breach open --alert { $id }"
comply-breach-title-mail = Phishing reported by alert no. { $id }
comply-breach-description-mail = { $summary }. Someone at the practice may have opened the link or replied: credentials or patient data possibly exposed.
comply-breach-consequences-mail = Fraudulent use of the practice's credentials; patient records viewed or copied; patients phished in the practice's name.
comply-breach-measures-mail = Message set aside by Hygie; the account's passwords changed; open sessions closed.
comply-breach-planned-mail = Check recent logins to the software and mailbox; turn on two-factor authentication; remind the team of the rules.
comply-timeline-mail = Mail guard alert: { $summary }
up-reminder = Compliance reminder: { $count } deadline(s) to handle
up-reminder-subject = Hygie: GDPR deadlines to handle
up-reminder-mail-failed = The compliance reminder could not be e-mailed: { $cause }
arg-comply-access-review-report = Also write the review as a document (.html, .pdf or .json, by extension).
status-record-damaged = Record { $kind } no. { $id } of the state database is unreadable: restore state.db from a backup.
comply-review-unchecked = Not checked, the export lacks the column: { $kinds }.

## Console
cmd-console = The web console's accounts.
cmd-console-add-user = Create or reset an account: password (asked, or read from standard input) and a new second factor.
arg-console-add-user-name = The login.
arg-console-add-user-role = admin, practitioner, secretary or auditor.
cmd-console-users = List the accounts and their roles.
console-bad-name = login "{ $name }" refused: letters, digits, ".", "-", "_" or "@", 64 at most.
console-bad-role = unknown role "{ $role }": admin, practitioner, secretary or auditor.
console-weak-password = password refused ({ $problem }). Choose 12 characters of 4 kinds, or a 7-word passphrase.
console-password-prompt = Password:
console-password-again = Once more:
secret-passwords-differ = the two passwords differ.
console-journal-user = Console account "{ $name }" created or reset (role { $role })
console-user-added = Account "{ $name }" ready. Add this second factor to the person's authenticator app:
console-totp-secret = Key: { $secret }
console-bad-listen = unreadable console address "{ $value }" ([console] listen): write for example 127.0.0.1:8470, or off.
console-listening = Web console: { $url }
console-bad-tls = unknown [console] tls setting "{ $value }": write auto or on.
console-certificate = Console certificate: { $path }; SHA-256 fingerprint { $fingerprint } (compare it with the one the browser shows at the first connection).
console-stopped = The web console stopped: { $cause }
