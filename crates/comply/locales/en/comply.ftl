# Access review
review-profile-exceeds-staff = { $accounts } enabled accounts have a clinical profile for { $staff } clinicians in the staff register: { $count } accounts too many give access to medical records. Close them or give them the profile of the person's real job.
review-clinical-profile-non-clinical-staff = { $count ->
    [one] One person whose job is not clinical has a clinical profile and can read medical records. Give them the profile of their job.
   *[other] { $count } people whose job is not clinical have a clinical profile and can read medical records. Give them the profile of their job.
}
review-departed-staff-account = { $count ->
    [one] One enabled account belongs to someone who has left the practice. Disable it today.
   *[other] { $count } enabled accounts belong to people who have left the practice. Disable them today.
}
review-generic-or-test-account = { $count ->
    [one] One account is generic, shared or for testing: nobody can tell who uses it. Delete it or tie it to one person.
   *[other] { $count } accounts are generic, shared or for testing: nobody can tell who uses them. Delete them or tie each to one person.
}
review-unlinked-account = { $count ->
    [one] One enabled account matches nobody in the staff register. Find whose it is, or disable it.
   *[other] { $count } enabled accounts match nobody in the staff register. Find whose they are, or disable them.
}
review-dormant-account = { $count ->
    [one] One enabled account has not been used for more than { $days } days (or ever). Disable it if it is no longer needed.
   *[other] { $count } enabled accounts have not been used for more than { $days } days (or ever). Disable those no longer needed.
}
review-unapproved-account = { $count ->
    [one] One account has no recorded approval: write down who decided to create it, with which profile.
   *[other] { $count } accounts have no recorded approval: write down who decided to create them, with which profile.
}
review-unclassified-profile = { $count ->
    [one] One profile or job is neither clinical nor non-clinical for Hygie: add it to the right list in the configuration ([comply]).
   *[other] { $count } profiles or jobs are neither clinical nor non-clinical for Hygie: add them to the right list in the configuration ([comply]).
}
review-detail-unknown-staff = staff id { $id } is not in the staff register
review-detail-no-staff = no staff id
review-detail-left = { $name } left on { $day }
review-detail-job = { $name } is { $job }
review-detail-generic = generic or test login
review-detail-never-used = never used
review-detail-idle = last login { $days } days ago
review-detail-unapproved = no approval
review-detail-second-account = second clinical account of { $name }
review-detail-not-clinician = { $name } ({ $job }) is not a clinician in post
review-detail-unclassified = "{ $value }" is in no list
review-title = Access review of the medical software
review-accounts = Accounts
review-enabled = enabled
review-clinical-accounts = Enabled accounts with a clinical profile
review-staff = Staff in post
review-clinical = clinicians
review-clean = Nothing found: every enabled account belongs to someone in post, with the profile of their job.
review-finding = Finding
review-col-login = Login
review-col-name = Name
review-col-profile = Profile
review-col-detail = Detail

# Answers
answer-yes = yes
answer-partly = partly
answer-no = no
answer-unknown = don't know
answer-not-applicable = not applicable

# Evidence
evidence-backup = last successful backup { $hours } h ago
evidence-backup-old = last successful backup { $days } days ago
evidence-backup-none = no backup in the repository
evidence-drill = last successful restore drill { $days } days ago
evidence-drill-failed = the last restore drill, { $days } days ago, failed
evidence-drill-none = no restore drill in the journal
evidence-offsite = backups go to the Hygie repository server, which only accepts additions
evidence-offsite-local = backups are in a folder of this PC: ransomware could reach them
evidence-sentinel = the sentinel watches and knows which program writes (it can stop it)
evidence-sentinel-portable = the sentinel watches, but cannot tell which program writes (no administrator rights)
evidence-sentinel-off = the sentinel is not running
evidence-mail = the practice mailbox is analysed by hygie up
evidence-mail-stopped = a mailbox is configured, but hygie up is not running
evidence-mail-off = no mailbox configured for analysis
evidence-console-mfa = { $with } accounts out of { $all } have a second factor
evidence-witness = the witness holds the journal's latest checkpoint
evidence-witness-behind = the witness holds an old checkpoint
evidence-witness-unreachable = the journal's witness cannot be reached
evidence-witness-none = no journal witness configured
evidence-register = register reviewed { $days } days ago
evidence-register-none = the pre-filled register was never reviewed (hygie comply register import)

# Self-assessment
assess-title = Security self-assessment
assess-overall = Overall score
assess-unanswered = Unanswered questions
assess-actions = Actions in the plan
assess-chart-domains = Score per domain (out of 100)
assess-chart-risk = Risk map
assess-axis-severity = Severity
assess-axis-likelihood = Likelihood
assess-legend-now = today
assess-legend-after = after the actions due within 3 months
assess-plan = Action plan (most useful for least effort first)
assess-plan-empty = Nothing to do: every answer is "yes".
assess-col-action = Action
assess-col-owner = Who
assess-col-due = Due
assess-col-status = Status
assess-col-question = Question
assess-col-answer = Answer
assess-col-source = Source
assess-answer-automatic = { $answer } (checked by Hygie: { $because })
assess-answer-none = no answer
status-todo = to do
status-doing = in progress
status-done = done

# Register
register-title = Register of processing activities (GDPR, article 30)
register-controller = Controller
register-dpo = Data protection officer
register-purposes = Purposes
register-legal-basis = Legal basis
register-persons = Data subjects
register-data = Data
register-recipients = Recipients
register-transfers = Transfers outside the EU
register-retention = Retention periods
register-security = Security measures
register-processors = Processors

# Breaches
doc-to-complete = to be completed
doc-unknown = unknown
doc-estimate-pending = being estimated (will be given in the follow-up notification)
breach-open = open
breach-origin-alert = alert no. { $alert } ({ $source }): { $summary }
breach-origin-manual = opened by hand
field-description = Description
field-nature = Nature of the breach
field-person-categories = Categories of people
field-persons-approx = Approximate number of people
field-data-categories = Categories of data
field-records-approx = Approximate number of records
field-consequences = Likely consequences
field-measures-taken = Measures taken
field-contact = Contact point
nature-confidentiality = loss of confidentiality
nature-integrity = loss of integrity
nature-availability = loss of availability
persons-patients = patients
persons-staff = staff
persons-relatives = patients' relatives
data-health = health data
data-identity = identity
data-nir = social security number
data-contact = contact details
data-financial = bank details
data-identity_document = identity documents
risk-nobody = nobody is concerned
risk-encrypted = the exposed data was encrypted and unreadable to the attacker
risk-sensitive-exposed = health or identification data may have been seen or taken, unencrypted
risk-exposed = personal data may have been seen or taken
risk-integrity = data may have been altered and is not yet restored: risk of a care error
risk-integrity-restored = data was altered, then restored
risk-unavailable = patient records are unavailable and not yet restored: care is hampered
risk-restored = records were unavailable, then restored
risk-nature-unknown = the nature of the breach is not known yet: the CNIL notification stays due (it can be completed later)
risk-level = { $level ->
    [high] high risk
    [risk] risk
   *[unlikely] risk unlikely
}
clock-cnil = CNIL notification (72 h)
clock-complaint = Criminal complaint (72 h, required by the insurer)
clock-done = done on { $at }
clock-done-late = done on { $at }, after the deadline
clock-running = before { $deadline } ({ $hours } h left)
clock-overdue = deadline passed on { $deadline } ({ $hours } h late)
clock-not-required = not required (risk unlikely); the breach stays in the internal log
cnil-title = Draft CNIL notification — breach no. { $id }
cnil-in-stages = Initial notification: this information is still missing and will be sent as a follow-up (GDPR art. 33(4)): { $fields }.
cnil-section-controller = 1. Controller
cnil-controller = Organisation
cnil-address = Address
cnil-dpo = Data protection officer
cnil-section-notification = 2. The notification
cnil-kind = Kind of notification
cnil-kind-initial = initial (follow-ups to come)
cnil-kind-complete = complete
cnil-began = Breach began
cnil-discovered = Became aware
cnil-ended = Breach ended
cnil-ongoing = ongoing
cnil-deadline = Notification deadline
cnil-late-reason = Reason for delay
cnil-not-late = not applicable (on time)
cnil-section-breach = 3. The breach
cnil-origin = How it was discovered
cnil-exfiltration = Data exfiltration suspected
cnil-section-data = 4. Data and people concerned
cnil-encrypted = Data encrypted (unreadable)
cnil-section-consequences = 5. Likely consequences
cnil-risk-level = Risk assessment
cnil-section-measures = 6. Measures
cnil-measures-planned = Measures planned
cnil-section-persons = 7. Informing the people
cnil-persons-told = People informed
cnil-persons-told-at = yes, on { $at }
cnil-persons-to-tell = not yet: the risk is high, they must be told without delay (letter attached)
cnil-persons-not-needed = not required: the risk is not high
cnil-cross-border = Cross-border processing
cnil-cross-border-none = no
cnil-section-clocks = 8. Deadlines
cnil-how-to-send = File it on the CNIL's notification service (notifications.cnil.fr), following these sections. Keep the acknowledgement and record the date: hygie comply breach mark N cnil-notified.
letter-title = Information about an incident affecting your data
letter-opening = Dear patient,
letter-what = On { $day }, our practice suffered a computer incident: { $description }
letter-data = The data about you that may have been affected is: { $data }.
letter-consequences = What this may mean for you: { $consequences }
letter-measures = What we have done: { $measures }
letter-advice-phishing = Beware of messages, calls or texts that mention your care to ask for money, a code or a password: neither the practice nor health insurance will ask for them.
letter-advice-passwords = If you used the same password elsewhere than on our services, change it.
letter-advice-statements = Check your reimbursement statements and report any unknown transaction to your insurance fund.
letter-contact = For any question: { $contact }.
letter-cnil = You may also lodge a complaint with the CNIL (www.cnil.fr).
letter-closing = We apologise for the inconvenience. — { $practice }
log-title = Internal log of personal data breaches (GDPR, article 33(5))
log-intro = Every breach is here, notified or not, with its facts, effects and the measures taken.
log-col-discovered = Discovered
log-col-title = Breach
log-col-risk = Risk
log-col-closed = Closed on

# Access requests
requests-title = Register of record access requests
requests-rule = The record is sent no earlier than 48 hours after the request and no later than 8 days after it (2 months if the information is more than 5 years old). The first copy is free.
requests-col-patient = Requester
requests-col-received = Received
requests-col-deadline = Send before
requests-col-fee = Copy
requests-col-state = State
requests-free = free (first copy)
requests-fee = further copy: reasonable fee allowed
request-too-early = 48 h reflection period: do not send before { $at }
request-open = send before { $deadline }
request-due-soon = URGENT: send before { $deadline }
request-overdue = LATE: the deadline passed on { $deadline }
request-answered = sent on time
request-answered-late = sent after the deadline

# Continuity kit
kit-title = What to do in a cyberattack
kit-first = A screen asking for a ransom, unreadable files, a computer acting by itself: unplug this PC's network cable and turn off its Wi-Fi, without shutting it down, then call the IT provider.
kit-who = Whom to call
kit-call-it = IT provider
kit-call-insurer = Insurer (policy)
kit-call-contact = Practice's security contact
kit-call-police = Police or gendarmerie
kit-call-police-how = 17, or a complaint at the police station or gendarmerie: within 72 hours to be compensated
kit-call-cybermalveillance = Victim support
kit-call-cybermalveillance-how = cybermalveillance.gouv.fr: online diagnosis and local providers
kit-call-cnil = CNIL
kit-call-cnil-how = notifications.cnil.fr: notification within 72 hours if patient data is affected
kit-call-ars = Regional health agency (establishments)
kit-do = To do in the first hour
kit-do-unplug = Isolate affected PCs from the network (cable and Wi-Fi), without shutting them down.
kit-do-keep-on = Leave them on: memory holds traces useful to the investigation.
kit-do-note = Write down the time, what is shown (photo of the screen) and who saw what.
kit-do-call = Call the IT provider, then the insurer; file a complaint.
kit-do-paper = Switch to paper: printed schedule, handwritten prescriptions, warn today's patients.
kit-dont = Not to do
kit-dont-pay = Do not pay the ransom or contact the attacker.
kit-dont-wipe = Do not reinstall or wipe PCs before the IT provider and the insurer agree.
kit-dont-backup = Do not plug the backup disk into an affected PC.
kit-dont-usb = Do not copy files from an affected PC onto a USB stick.
kit-clocks = Two 72-hour deadlines, from discovery
kit-clock-cnil = Notify the CNIL if patient data is affected (hygie comply breach open prepares the notification).
kit-clock-complaint = File a complaint: the insurer requires it to compensate (insurance code, L12-10-1).
kit-snapshots = Latest backups
kit-col-snapshot = Backup
kit-col-taken = Taken
kit-no-snapshot = No backup exists: run hygie backup today.
kit-restore = To restore the latest backup into a new folder (the IT provider types):
kit-restore-target = /new/folder
kit-restore-incident = After a sentinel alert, "hygie incident restore NUMBER" puts back only the damaged files, checked byte for byte.
cnil-no-dpo = none (not required for a private practice)

# Input files
input-empty = { $file }: the file is empty.
input-missing-columns = { $file }, line 1: missing columns: { $columns }. Add them to the header (any order).
input-duplicate-column = { $file }, line 1: column { $column } appears twice.
input-field-count = { $file }, line { $line }: { $found } value(s) where the header has { $expected } columns.
input-invalid = { $file }, line { $line }, column { $column }: { $problem } ("{ $value }").
input-duplicate = { $file }, line { $line }, column { $column }: "{ $value }" already appears on line { $first }.
input-unclosed-quote = { $file }, line { $line }, column { $column }: a quote opens here and is never closed.
input-malformed = { $file }, line { $line }: { $detail }
problem-empty = empty value
problem-date = impossible or unreadable date (write 2026-03-31 or 31/03/2026)
problem-future = date in the future
problem-yes-no = yes or no expected (oui/non, 1/0)
problem-number = whole number expected
review-detail-no-name = account with no person's name
review-unchecked = Not checked, the export lacks the column: { $kinds }.
clock-complaint-not-required = not required (not a cyberattack)
