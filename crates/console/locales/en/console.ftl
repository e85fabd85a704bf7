app-title = Hygie
nav-dashboard = Dashboard
nav-alerts = Alerts
nav-backups = Backups
nav-logout = Sign out
login-title = Sign in
login-user = Login
login-password = Password
login-code = 6-digit code (authenticator app)
login-submit = Sign in
login-failed = Wrong login, password or code.
login-locked = Too many attempts: this account is locked until { $until }. Ask your IT provider if it was not you.
signed-in-as = Signed in: { $user } ({ $role })
role-admin = administrator
role-practitioner = practitioner
role-secretary = front desk
role-auditor = auditor
light-green = protected
light-amber = to watch
light-red = to handle
light-backups = Backups
light-attacks = Attacks
light-compliance = Compliance
backups-ok = Last backup { $hours } h ago; last successful restore drill { $days } days ago.
backups-none = No backup has been taken yet.
backups-old = The last backup is { $hours } h old.
backups-no-drill = No successful restore drill for more than 35 days.
backups-frozen = Backups are frozen because of an incident.
next-backups-none = Next: run "hygie backup" or start the Hygie service.
next-backups-old = Next: check that the Hygie service runs and the backup disk is plugged in.
next-backups-drill = Next: run a restore drill ("hygie drill").
next-backups-frozen = Next: put the files back from the Alerts page, then unfreeze.
next-none = Nothing to do.
attacks-quiet = No open alert; the sentinel watches{ $mail ->
    [yes] {" "}and messages are analysed
   *[no] {""}
}.
attacks-open = { $count ->
    [one] One alert needs your attention.
   *[other] { $count } alerts need your attention.
}
attacks-unwatched = The sentinel is not watching the folders.
next-attacks-open = Next: open the Alerts page and follow the instructions.
next-attacks-unwatched = Next: start the Hygie service as administrator.
compliance-score = Security score: { $score }/100.
compliance-none = The self-assessment has not been taken yet.
compliance-deadlines = { $count ->
    [one] One GDPR deadline is near or past.
   *[other] { $count } GDPR deadlines are near or past.
}
next-compliance-none = Next: run "hygie comply assess".
next-compliance-deadlines = Next: "hygie status" lists the requests and deadlines to handle.
next-compliance-score = Next: follow the action plan ("hygie comply plan show").
alerts-title = Alerts
alerts-none = No alert.
alert-col-number = No.
alert-col-when = When
alert-col-source = Source
alert-col-what = What happened
alert-col-state = State
alert-restored = files put back on { $when }
alert-acknowledged = seen by { $user } on { $when }
alert-unseen = not seen
alert-acknowledge = Mark as seen
forbidden-title = Access refused
forbidden-text = Your role does not allow this. Ask the administrator if you need it.
not-found-title = Page not found
bad-request-title = Request refused
bad-request-text = The request could not be read. Reload the page and try again.
event-login = Console sign-in of { $user }
event-login-failed = Sign-in refused for "{ $user }"
event-locked = Account "{ $user }" locked after { $count } failures
event-logout = Sign-out of { $user }
event-refused = Action "{ $action }" refused to { $user }
event-csrf = Request from another site refused (CSRF) for { $user }
event-acknowledged = Alert no. { $id } marked as seen by { $user }
backups-problem = Backups: request not possible
backups-drill-passed = Last restore drill passed on { $when }.
backups-drill-failed = The last restore drill, on { $when }, failed: tell your IT provider.
backups-drill-never = No restore drill has been run yet.
backups-is-frozen = Backups are frozen because of an incident: nothing is deleted, the last clean snapshot is kept.
backups-not-frozen = Backups are not frozen.
backups-none-yet = No backup yet.
backups-browse = Browse
backups-col-when = Date
backups-col-files = Files
backups-col-size = Size
backups-col-folders = Protected folders
backups-col-action = Action
backups-col-name = Name
backups-col-modified = Modified
backups-not-found = This snapshot or folder does not exist.
backups-restore = Restore
backups-up = ← Parent folder
backups-restore-explained = "Restore" puts a copy beside the original, with the date in its name: nothing is replaced.
backups-snapshot-title = Snapshot { $id }
backups-restored-title = File restored
backups-restored = { $original } is back as { $copy } ({ $files ->
    [one] one file
   *[other] { $files } files
}, { $size }). The original was not touched.
backups-bad-path = Path refused: "{ $path }" is not an absolute path in a protected folder.
nav-journal = Journal
journal-success = succeeded
journal-failure = failed
journal-size = { $count ->
    [one] One entry in the journal.
   *[other] { $count } entries in the journal.
}
journal-checkpoint = Last signed checkpoint: { $size } entries, on { $when }.
journal-no-checkpoint = No signed checkpoint yet.
journal-witness = Checkpoints are handed to the witness: { $place }.
journal-no-witness = No witness: a copy of the checkpoints off this machine would make the journal safer ([journal] witness setting).
journal-verify = Verify the whole journal now
journal-search = Search
journal-search-button = Search
journal-nothing = No entry matches.
journal-col-number = No.
journal-col-when = When
journal-col-kind = Kind
journal-col-who = Who
journal-col-what = What happened
journal-col-outcome = Outcome
journal-older = Older entries →
journal-verified-title = Journal verification
