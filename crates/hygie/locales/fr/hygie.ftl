# Messages de Hygie, en français. Chaque phrase dit ce qui s'est passé et, s'il y a lieu,
# ce qu'il faut faire ensuite. Les identifiants sont les mêmes dans locales/en/hygie.ftl.

## Aide de la ligne de commande

cmd-hygie = Hygie protège le cabinet : sauvegardes, détection des attaques et journal des preuves.
cmd-init = Prépare Hygie pour un cabinet (dossier Hygie, configuration, journal et clés).
cmd-up = Lance le gardien au premier plan, comme le ferait un service (Ctrl+C pour l'arrêter).
cmd-status = Dit, en clair, ce qui est protégé et ce qui ne l'est pas.
cmd-journal = Le journal inviolable : noter, consulter, vérifier, prouver.
cmd-journal-note = Ajoute au journal une note écrite à la main (par ex. « affiche RGPD posée en salle d'attente »).
cmd-journal-show = Affiche les entrées du journal.
cmd-journal-verify = Recalcule tout le journal et signale la moindre modification.
cmd-journal-checkpoint = Garde un point de contrôle signé et l'envoie au témoin.
cmd-journal-prove = Produit la preuve qu'une entrée figure dans le journal signé.
cmd-journal-check-proof = Vérifie un fichier de preuve (aucun dossier Hygie n'est nécessaire avec --key).

arg-home = Dossier Hygie du cabinet (sinon HYGIE_HOME, sinon l'emplacement habituel du système).
arg-lang = Langue des messages : fr ou en.
arg-help = Affiche cette aide.
arg-version = Affiche la version.
arg-init-practice = Nom du cabinet, par ex. « Cabinet du Dr Martin ».
arg-init-protect = Dossier à protéger (répétez l'option pour en donner plusieurs).
arg-init-repo = Où ranger les instantanés : un dossier (par défaut, dans le dossier Hygie) ou un serveur de dépôt (rest:https://HÔTE:8000/NOM ; mot de passe dans HYGIE_SERVER_PASSWORD).
arg-init-witness = Témoin des points de contrôle du journal : un dossier hors de ce PC, ou l'adresse du serveur de dépôt (rest:https://…).
arg-init-passphrase = Protège la clé de signature par une phrase secrète (demandée, ou lue dans HYGIE_KEY_PASSPHRASE).
arg-status-json = Sortie en JSON, pour les programmes.
arg-journal-note-text = Le texte de la note.
arg-journal-note-subject = Ce que concerne la note (une salle, un poste, un dossier…).
arg-journal-show-json = Sortie en JSON, une entrée par ligne.
arg-journal-show-since = Seulement depuis : une date (2026-11-01), une date et heure, ou une durée (7d, 24h).
arg-journal-show-kind = Seulement ce type d'entrée (note, alert, backup…).
arg-journal-show-last = Seulement les N dernières entrées.
arg-journal-verify-json = Sortie en JSON, pour les programmes.
arg-journal-checkpoint-json = Sortie en JSON, pour les programmes.
arg-journal-prove-n = Le numéro de l'entrée.
arg-journal-prove-json = Affiche la preuve en JSON.
arg-journal-prove-out = Écrit la preuve dans ce fichier.
arg-journal-check-proof-file = Le fichier de preuve.
arg-journal-check-proof-key = Le fichier de clé publique du journal (par défaut : celle de ce dossier Hygie).

help-usage = Utilisation :
help-commands = Commandes
help-command-value = COMMANDE
help-options = Options
help-after = Pour commencer : hygie init --practice "Cabinet …" --protect /chemin/des/dossiers, puis hygie up.

## Erreurs d'utilisation

error-prefix = erreur : { $message }
usage-hint = Pour l'aide : hygie --help (ou hygie COMMANDE --help).
usage-unknown-argument = option inconnue « { $arg } ».
usage-unknown-command = commande inconnue « { $arg } ».
usage-missing = il manque { $arg }.
usage-invalid-value = valeur « { $value } » refusée pour { $arg }.

## Dossier Hygie et configuration

home-unknown = impossible de trouver l'emplacement habituel du dossier Hygie sur ce système ; indiquez-le avec --home DOSSIER.
home-missing = le dossier Hygie { $path } n'existe pas. Créez-le avec : hygie --home { $path } init --practice "Cabinet …"
home-not-initialised = { $path } n'est pas un dossier Hygie (pas de hygie.toml). Préparez-le avec : hygie --home { $path } init --practice "Cabinet …"
config-unreadable = impossible de lire la configuration { $path } : { $cause }.
config-invalid = configuration invalide ({ $path }, ligne { $line }) : { $detail }. Corrigez le fichier puis relancez.
config-unknown-key = clé inconnue « { $key } » (faute de frappe ?)
config-missing-key = clé obligatoire « { $key } » absente
config-wrong-type = valeur du mauvais type ({ $detail })
config-bad-interval = configuration invalide ({ $path }) : checkpoint_every = « { $value } » n'est pas une durée d'au moins une minute (exemples : « 15m », « 1h »).
config-bad-duration = configuration invalide ({ $path }) : { $key } = « { $value } » n'est pas une durée d'au moins une minute (exemples : « 1h », « 30d »).
config-relative-path = configuration invalide ({ $path }) : le dossier protégé « { $value } » doit être un chemin complet (commençant par /).
config-protected-link = configuration invalide ({ $path }) : le dossier protégé « { $value } » passe par un lien ; indiquez le vrai dossier, « { $target } » (Hygie ne suit pas les liens, ni pour surveiller ni pour remettre les fichiers).
config-empty-name = configuration invalide ({ $path }) : le nom du cabinet est vide.

## Clés et secrets

key-unreadable = impossible de lire la clé { $path } : { $cause }.
key-invalid = le fichier de clé { $path } est abîmé ou n'est pas une clé Hygie. Restaurez-le depuis votre copie de secours.
secret-write-failed = impossible d'écrire le fichier secret { $path } : { $cause }.
secret-unreadable = impossible de lire le fichier secret { $path } : { $cause }.
secret-too-open = le fichier secret { $path } est lisible par d'autres comptes (droits { $mode }). Restreignez-le avec : chmod 600 { $path }
secret-not-a-file = { $path } n'est pas un fichier : impossible de lire la clé. Restaurez-la depuis votre copie de secours.
secret-malformed = le fichier secret { $path } est abîmé. Restaurez-le depuis votre copie de secours.
secret-wrong-passphrase = phrase secrète incorrecte pour { $path } (ou fichier modifié).
secret-seal-failed = impossible de chiffrer la clé.
secret-passphrase-needed = la clé est protégée par une phrase secrète : donnez-la dans la variable { $var } (aucun terminal pour la demander).
secret-prompt-failed = impossible de lire la phrase secrète : { $cause }.
passphrase-prompt = Phrase secrète de la clé du journal :{" "}
passphrase-new = Choisissez une phrase secrète (12 caractères au moins) :{" "}
passphrase-again = Retapez-la :{" "}
passphrase-mismatch = les deux phrases secrètes diffèrent ; rien n'a été créé.
passphrase-too-short = phrase secrète trop courte : 12 caractères au moins ; rien n'a été créé.

## hygie init

init-empty-name = le nom du cabinet est vide ; donnez-le avec --practice "Cabinet …".
init-already = { $path } est déjà un dossier Hygie ; rien n'a été modifié. Pour voir où en est la protection : hygie --home { $path } status
init-not-empty = { $path } existe et n'est pas vide ; choisissez un dossier neuf ou vide. Rien n'a été créé.
init-no-parent = impossible de créer { $path } : pas de dossier parent.
init-create-failed = impossible de créer { $path } : { $cause }. Rien n'a été créé.
init-bad-path = chemin invalide { $path } : { $cause }.
init-protect-missing = le dossier à protéger { $path } n'existe pas (ou n'est pas un dossier). Vérifiez le chemin ; rien n'a été créé.
init-done = Hygie est prêt pour « { $practice } » dans { $path }.
init-origin = Nom du journal : { $origin }
init-public-key = Clé publique du journal (à remettre à votre prestataire ou à un auditeur) : { $path }
init-nothing-protected = Attention : aucun dossier protégé. Ajoutez-en dans hygie.toml, section [protect].
init-no-witness = Conseil : indiquez un dossier témoin hors de ce PC (section [journal], clé witness) pour qu'un historique réécrit soit refusé.
init-next = Étape suivante : lancez « hygie up » (ou le service Hygie), puis « hygie status ».
init-witness-ok = Premier point de contrôle envoyé au témoin { $path }.
init-witness-failed = Le témoin n'a pas pu recevoir le premier point de contrôle : { $cause }. Hygie réessaiera à chaque point de contrôle.

## Événements du journal

event-initialised = Hygie mis en place pour « { $practice } ».
event-protect-set = { $count ->
    [0] Aucun dossier protégé pour l'instant.
    [one] Un dossier protégé.
   *[other] { $count } dossiers protégés.
}
event-guardian-started = Gardien Hygie démarré.
event-guardian-stopped = Gardien Hygie arrêté.

kind-backup = sauvegarde
kind-restore = restauration
kind-drill = exercice
kind-alert = alerte
kind-incident = incident
kind-mail-verdict = courriel
kind-access = accès
kind-config-change = configuration
kind-compliance-action = conformité
kind-note = note
kind-system = système

count-entries = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}

## hygie journal

note-empty = la note est vide ; écrivez le texte entre guillemets.
note-too-long = la note dépasse { $max } caractères ; raccourcissez-la.
note-saved = Note enregistrée au journal (entrée n° { $seq }).
show-bad-since = « { $value } » n'est ni une date (2026-11-01), ni une date et heure (2026-11-01T08:30), ni une durée (7d, 24h).
show-bad-kind = type « { $value } » inconnu ; types possibles : { $kinds }.
show-none = Aucune entrée ne correspond.
json-failed = impossible de produire le JSON : { $cause }.

verify-intact = Journal intact : { $count ->
    [one] { $count } entrée recalculée
   *[other] { $count } entrées recalculées
}, signatures valides.
verify-checkpoints = { $count ->
    [0] Aucun point de contrôle gardé pour l'instant (lancez « hygie journal checkpoint »).
    [one] Un point de contrôle gardé, conforme.
   *[other] { $count } points de contrôle gardés, tous conformes.
}
verify-witness-ok = Le témoin confirme les { $count } premières entrées.
verify-no-witness = Aucun témoin configuré : un administrateur pourrait réécrire tout l'historique et le signer de nouveau sans que cela se voie.
verify-damaged-at = JOURNAL MODIFIÉ : la première entrée touchée est la n° { $seq }.
verify-damaged = JOURNAL MODIFIÉ.
verify-what-next = Ne modifiez plus rien ; gardez une copie du dossier Hygie et prévenez votre prestataire informatique : ces constats sont des preuves.

finding-database = le fichier du journal est endommagé (SQLite : { $detail }).
finding-missing-one = l'entrée n° { $seq } a été supprimée.
finding-missing = les entrées n° { $from } à { $to } ont été supprimées.
finding-moved = l'entrée n° { $seq } contient l'enregistrement de l'entrée n° { $holds } : des entrées ont été déplacées ou renumérotées.
finding-unreadable = l'entrée n° { $seq } est illisible : son contenu a été modifié.
finding-modified = l'entrée n° { $seq } a été modifiée après son enregistrement.
finding-index = les colonnes de recherche de l'entrée n° { $seq } ne correspondent plus à son contenu.
finding-hashes = les empreintes internes de l'arbre ont été modifiées (à partir de l'empreinte n° { $index }).
finding-truncated = le journal s'arrête à { $size } entrées alors que { $by } en signe { $signed } : les entrées à partir du n° { $size } ont été retirées.
finding-signature = la signature de { $by } n'est pas valide ({ $detail }).
finding-root = l'historique signé par { $by } ({ $size } entrées) a été réécrit : une entrée entre les n° { $from } et { $size } a changé.
finding-witness = le témoin est illisible : { $detail }.
signer-head = la tête signée
signer-checkpoint = un point de contrôle gardé
signer-witness = le témoin

checkpoint-kept = Point de contrôle signé gardé : { $count ->
    [one] { $count } entrée.
   *[other] { $count } entrées.
}
checkpoint-witnessed = Copie acceptée par le témoin { $path }.
prove-done = L'entrée n° { $seq } figure dans le journal signé de { $size } entrées. Preuve : { $hashes } empreintes ({ $bytes } octets).
prove-written = Preuve écrite dans { $path } ; on la vérifie avec « hygie journal check-proof FICHIER --key journal.pub ».
prove-hint = Pour la remettre à un auditeur : ajoutez --out FICHIER.
prove-write-failed = impossible d'écrire la preuve dans { $path } : { $cause }.
proof-unreadable = impossible de lire la preuve { $path } : { $cause }.
proof-malformed = { $path } n'est pas une preuve Hygie lisible : { $cause }.
proof-valid = Preuve valide : l'entrée n° { $seq } figure dans le journal « { $origin } » signé à { $size } entrées.
proof-invalid = PREUVE REFUSÉE ({ $path }) : { $cause }.

## Erreurs du journal

journal-error-database = la base du journal { $path } est illisible : { $cause }.
journal-error-io = { $path } : { $cause }.
journal-error-not-found = le journal { $path } est introuvable ; s'il a été supprimé, c'est un incident : prévenez votre prestataire.
journal-error-exists = un journal existe déjà dans { $path }.
journal-error-tampered = le journal a été modifié en dehors de Hygie ({ $detail }) ; rien n'a été ajouté. Lancez « hygie journal verify » pour savoir où.
journal-error-no-key = la clé de signature du journal n'est pas chargée.
journal-error-invalid-key = clé du journal invalide : { $detail }.
journal-error-too-large = événement trop volumineux ({ $len } octets, { $max } au plus).
journal-error-no-entry = l'entrée n° { $seq } n'existe pas : le journal compte { $size } entrées (numérotées à partir de 0).
journal-error-other = erreur du journal : { $detail }.
state-error-not-found = la base d'état { $path } est introuvable ; le dossier Hygie est incomplet.
state-error = base d'état : { $detail }.

witness-refused-key = LE TÉMOIN A REFUSÉ le point de contrôle : il est signé par une autre clé que celle du journal d'origine. Le journal a peut-être été remplacé ; prévenez votre prestataire.
witness-refused-signature = LE TÉMOIN A REFUSÉ le point de contrôle : signature invalide ({ $detail }).
witness-refused-rollback = LE TÉMOIN A REFUSÉ le point de contrôle : il connaît déjà { $held } entrées et on lui en présente { $offered }. Des entrées ont disparu du journal ; prévenez votre prestataire.
witness-refused-rewrite = LE TÉMOIN A REFUSÉ le point de contrôle : l'historique de { $offered } entrées ne prolonge pas celui de { $held } entrées qu'il détient. L'historique a été réécrit ; prévenez votre prestataire.

## hygie status

ago-seconds = il y a { $count } s
ago-minutes = il y a { $count } min
ago-hours = il y a { $count } h
ago-days = { $count ->
    [one] il y a { $count } jour
   *[other] il y a { $count } jours
}
status-title = { $practice } — dossier Hygie : { $home }
status-protected = Ce qui est protégé :
status-not-protected = Ce qui ne l'est pas (encore) :
status-guardian-running = Gardien en marche (processus { $pid }, démarré { $since }, dernier signe de vie { $seen }).
status-guardian-never = Le gardien n'a jamais tourné : lancez « hygie up » ou le service Hygie.
status-guardian-stopped = Le gardien est arrêté depuis { $when } : relancez « hygie up » ou le service Hygie.
status-guardian-silent = Le gardien ne donne plus signe de vie depuis { $when } (arrêt brutal ?) : relancez « hygie up » ou le service Hygie.
status-journal-ok = Journal inviolable : { $count } entrées signées, dernier point de contrôle gardé { $when }.
status-journal-ok-no-checkpoint = Journal inviolable : { $count } entrées signées, aucun point de contrôle gardé pour l'instant.
status-journal-bad = Journal en défaut : { $problem }
status-witness-none = Aucun témoin pour le journal : indiquez un dossier hors de ce PC dans hygie.toml ([journal] witness).
status-witness-ok = Témoin { $dir } à jour ({ $count } entrées).
status-witness-behind = Le témoin { $dir } n'a reçu que { $count } entrées sur { $journal } : il sera mis à jour au prochain point de contrôle (« hygie journal checkpoint » pour le faire maintenant).
status-witness-unreachable = Témoin { $dir } injoignable : { $problem }
status-no-paths = Aucun dossier n'est désigné pour être protégé (hygie.toml, section [protect]).
status-path-missing = Le dossier protégé { $path } est introuvable : vérifiez le chemin ou le disque.
status-backups-ok = Sauvegardes : { $count ->
    [one] un instantané, pris
   *[other] { $count } instantanés, le dernier
} { $when }.
status-backups-none = Sauvegardes : aucun instantané pour l'instant. Lancez « hygie backup ».
status-backups-broken = Sauvegardes en défaut : { $problem }
status-drill-ok = Dernier exercice de restauration réussi { $when }.
status-drill-failed = Le dernier exercice de restauration a ÉCHOUÉ ({ $when }) : voyez « hygie journal show --kind drill ».
status-drill-none = Aucun exercice de restauration : lancez « hygie drill » pour prouver que les sauvegardes se restaurent.
status-backups-local = Le dépôt ({ $repository }) est sur ce PC : un rançongiciel pourrait l'atteindre aussi. Installez le serveur de dépôt en ajout seul (« hygie vault serve ») sur une autre machine et indiquez son adresse dans repository.
status-mail-missing = Hameçonnage : aucune boîte aux lettres surveillée (section [mail] de la configuration) ; « hygie mail scan » analyse un message à la demande.
status-mail-guarded = Hameçonnage : la boîte { $mailbox } de { $user } est surveillée par le gardien (hygie up).
status-console = Console web : { $address } (servie par hygie up ; comptes : « hygie console add-user »).
console-restore-label = restauré le { $when }
console-journal-verified = { $user } a vérifié le journal depuis la console : { $count } entrées, { $findings } anomalie(s)
console-no-such-report = aucun document « { $kind } ».
evidence-mail-from = Expéditeur : { $sender }
evidence-mail-subject = Objet : { $subject }
evidence-mail-action = Ce que Hygie a fait du message : { $action }
evidence-mail-tagged = un bandeau d'avertissement a été ajouté en tête du message (l'original est gardé dans le dossier Hygie-Originaux)
evidence-mail-quarantined = le message a été déplacé dans le dossier de quarantaine
evidence-mail-left = rien, le message est resté où il était
evidence-since = L'attaque a commencé le { $when }.
evidence-process = Programme : { $exe } (processus { $pid }).
evidence-smb = Session du partage de fichiers : compte { $user }, depuis le poste { $client }.
evidence-unknown-actor = Le programme n'a pas pu être identifié (surveillance simplifiée).
evidence-damaged = { $count ->
    [one] Un fichier abîmé :
   *[other] { $count } fichiers abîmés :
}
evidence-more = … et { $count } autres.
evidence-planted = { $count ->
    [one] Un fichier déposé par l'attaquant (note de rançon, copie chiffrée) :
   *[other] { $count } fichiers déposés par l'attaquant (notes de rançon, copies chiffrées) :
}
console-breach-exists = l'alerte n° { $alert } a déjà sa violation de données ouverte (n° { $id }) : voir la page Conformité.
console-already-repaired = les fichiers de l'alerte n° { $id } ont déjà été remis en place.
console-repair-running = les fichiers de l'alerte n° { $id } sont déjà en train d'être remis en place.
console-journal-restore = { $user } a restauré { $original } depuis l'instantané { $id } sous le nom { $copy }
status-console-off = Console web : arrêtée ([console] listen = "off" ou adresse refusée).

## hygie up

up-lock-failed = impossible de créer le verrou { $path } : { $cause }.
up-already-running = le gardien tourne déjà pour { $path } ; un seul à la fois.
up-runtime-failed = impossible de démarrer : { $cause }.
up-signal-failed = impossible d'écouter les signaux d'arrêt : { $cause }.
up-started = gardien démarré ; point de contrôle signé toutes les { $seconds } s
up-checkpoint = point de contrôle signé gardé ({ $count } entrées)
up-heartbeat-failed = signe de vie non enregistré : { $cause }
up-stopping = arrêt demandé ({ $signal })
up-stopped = gardien arrêté proprement
up-task-failed = tâche interrompue : { $cause }

## Sauvegardes (coffre)

cmd-backup = Prend un instantané des dossiers protégés (ou des chemins donnés).
cmd-snapshots = Liste les instantanés.
cmd-restore = Restaure un instantané (ou une partie) dans un dossier.
cmd-check = Vérifie le dépôt des instantanés (--read-data : chaque octet).
cmd-drill = Exercice de restauration : restaure le dernier instantané à part et compare chaque octet.
cmd-vault = Le dépôt des instantanés lui-même.
cmd-vault-password = Affiche le mot de passe du dépôt, à recopier sur papier et ranger au coffre.
cmd-vault-init = Crée le dépôt et son mot de passe si ce dossier Hygie n'en a pas.
arg-backup-paths = Chemins à sauvegarder (par défaut : les dossiers protégés).
arg-backup-exclude = Motif à exclure, par ex. « *.tmp » (répétable).
arg-backup-json = Sortie en JSON, pour les programmes.
arg-snapshots-json = Sortie en JSON, pour les programmes.
arg-restore-snapshot = L'identifiant de l'instantané, ou « latest » pour le plus récent.
arg-restore-target = Dossier où restaurer.
arg-restore-include = Seulement ce chemin de l'instantané (répétable).
arg-restore-json = Sortie en JSON, pour les programmes.
arg-check-read-data = Lit et vérifie chaque octet de chaque paquet (plus long).
arg-check-json = Sortie en JSON, pour les programmes.
arg-drill-json = Sortie en JSON, pour les programmes.

unit-bytes = o
unit-kb = ko
unit-mb = Mo
unit-gb = Go
unit-tb = To
decimal-comma = yes

vault-no-password = ce dossier Hygie n'a pas de mot de passe de dépôt ({ $path }). Créez le dépôt avec : hygie vault init
vault-error-password = le mot de passe ne déverrouille pas le dépôt { $location }. Vérifiez keys/vault.password (votre copie papier fait foi).
vault-error-exists = un dépôt existe déjà dans { $location }.
vault-error-no-snapshot = aucun instantané « { $id } » ; la liste : hygie snapshots
vault-error-missing-source = { $path } n'existe pas : rien n'a été sauvegardé. Vérifiez le chemin ou le disque.
vault-error-target = impossible de restaurer dans { $path } : { $reason }.
vault-error-repository = dépôt { $location } ({ $operation }) : { $cause }
vault-error-not-in-snapshot = { $path } n'est pas dans cet instantané.
vault-error-outside = { $path } n'est pas à l'intérieur d'un dossier protégé par cet instantané : rien n'a été écrit.
vault-error-other = erreur du coffre : { $detail }.

backup-nothing = aucun dossier à sauvegarder : ajoutez-en dans hygie.toml ([protect] paths) ou donnez des chemins.
event-backup = Instantané { $id } : { $files ->
    [one] { $files } fichier
   *[other] { $files } fichiers
}, { $size }.
backup-done = Instantané { $id } enregistré : { $files ->
    [one] { $files } fichier
   *[other] { $files } fichiers
}, { $size }, en { $seconds } s.
backup-changes = Depuis le précédent : { $new ->
    [one] { $new } nouveau
   *[other] { $new } nouveaux
}, { $changed ->
    [one] { $changed } modifié
   *[other] { $changed } modifiés
}, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
} ; { $added } ajoutés au dépôt.
snapshots-none = Aucun instantané pour l'instant : lancez « hygie backup ».
snapshots-files = fichiers
snapshots-count = { $count ->
    [one] Un instantané.
   *[other] { $count } instantanés.
}
event-restore = Instantané { $id } restauré dans { $target } ({ $files ->
    [one] { $files } fichier
   *[other] { $files } fichiers
}).
restore-done = Instantané { $id } restauré : { $files ->
    [one] { $files } fichier
   *[other] { $files } fichiers
}, { $size }, dans { $target }, en { $seconds } s.
event-check-ok = Dépôt vérifié : aucune erreur{ $read_data ->
    [yes] , chaque octet relu.
   *[no] .
}
event-check-damaged = Dépôt endommagé : { $count } erreurs.
check-ok = Dépôt sain (structure vérifiée en { $seconds } s ; « hygie check --read-data » relit aussi chaque octet).
check-ok-data = Dépôt sain : chaque octet de chaque paquet relu et vérifié, en { $seconds } s.
check-damaged = DÉPÔT ENDOMMAGÉ : { $count } erreurs.
check-what-next = Ne supprimez rien ; gardez les sauvegardes existantes et prévenez votre prestataire informatique.
event-drill-passed = Exercice de restauration réussi : instantané { $id }, { $files } fichiers restaurés en { $seconds } s, chaque octet vérifié.
event-drill-failed = Exercice de restauration ÉCHOUÉ : { $count } fichiers ne reviennent pas identiques.
drill-passed = Exercice réussi : l'instantané { $id } se restaure à l'identique ({ $files ->
    [one] { $files } fichier
   *[other] { $files } fichiers
}, { $size }). Restauration { $restore } s, vérification { $verify } s.
drill-journaled = Résultat inscrit au journal (entrée n° { $seq }) : c'est la preuve de test de restauration que demandent l'assureur et la CNIL.
drill-failed = EXERCICE ÉCHOUÉ : { $count } fichiers ne reviennent pas identiques.
event-password-shown = Mot de passe du dépôt affiché.
password-hint = Recopiez ce mot de passe sur papier et rangez-le au coffre. Avec restic, sur n'importe quel poste : RESTIC_PASSWORD=<mot de passe> restic -r { $repository } snapshots
event-vault-created = Dépôt d'instantanés créé dans { $location }.
vault-created = Dépôt d'instantanés créé dans { $location }. Affichez son mot de passe avec « hygie vault password » et gardez-en une copie papier.
vault-exists = Le dépôt { $location } existe déjà et s'ouvre avec le mot de passe de ce dossier Hygie.
init-repository-failed = Le dépôt { $location } n'a pas pu être créé : { $cause } Réessayez avec « hygie vault init ».
init-vault-password = Mot de passe du dépôt (à recopier sur papier, « hygie vault password ») : { $path }

## Coffre : conservation, gel, planification

cmd-forget = Oublie les instantanés que la règle de conservation (par âge) ne garde plus.
cmd-prune = Supprime du dépôt les données qu'aucun instantané n'utilise plus.
cmd-vault-freeze = Gèle le coffre : rien n'est oublié, le dernier instantané sain est épinglé, les nouveaux sont marqués suspects.
cmd-vault-unfreeze = Lève le gel du coffre.
arg-forget-dry-run = Dit seulement ce qui serait oublié.
arg-forget-prune = Puis supprime les données devenues inutiles.
arg-forget-json = Sortie en JSON, pour les programmes.
arg-restore-before = Prend le dernier instantané antérieur à cette date, heure ou durée (par ex. « 2026-11-28T09:00 », « 2h »).
arg-vault-freeze-reason = Pourquoi (par ex. « chiffrement suspect sur le poste d'accueil »).

event-backup-suspect = Coffre gelé : instantané marqué suspect.
backup-suspect = Le coffre est gelé : cet instantané est marqué « suspect » et ne remplace pas le dernier instantané sain.
vault-frozen-refuses = le coffre est gelé ({ $reason }) : rien n'est oublié ni supprimé tant que le gel n'est pas levé (« hygie vault unfreeze », après l'incident).
event-forgotten = { $count } instantanés oubliés selon la règle de conservation ; { $kept } gardés.
forget-dry-run = { $count } instantanés seraient oubliés ; { $kept } seraient gardés.
forget-done = { $count } instantanés oubliés ; { $kept } gardés. « hygie prune » libère la place.
event-pruned = Données inutilisées supprimées du dépôt.
prune-done = Place libérée dans le dépôt, en { $seconds } s.
event-frozen = Coffre gelé : { $reason }
frozen-pinned = Coffre gelé. Dernier instantané sain épinglé : { $id }. Les prochains instantanés seront marqués suspects.
frozen-nothing-pinned = Coffre gelé. Aucun instantané antérieur à épingler. Les prochains instantanés seront marqués suspects.
event-unfrozen = Gel du coffre levé (il avait été posé pour : { $reason }).
unfrozen = Gel levé : la conservation normale reprend.
not-frozen = Le coffre n'était pas gelé.
status-frozen = Coffre GELÉ depuis { $when } ({ $reason }) : rien n'est oublié ; les nouveaux instantanés sont marqués suspects.

up-no-paths = aucun dossier protégé (hygie.toml, [protect] paths) : pas de sauvegarde planifiée
up-waiting-for-job = une sauvegarde ou un exercice est en cours : Hygie le termine avant de s'arrêter
up-backup-starting = sauvegarde planifiée : début
up-backup-done = sauvegarde planifiée terminée : instantané { $id }, { $files } fichiers
up-backup-failed = SAUVEGARDE PLANIFIÉE ÉCHOUÉE : { $cause }
up-drill-starting = exercice de restauration planifié : début
up-drill-passed = exercice de restauration réussi ({ $files } fichiers vérifiés octet par octet)
up-drill-failed = EXERCICE DE RESTAURATION ÉCHOUÉ : { $count } fichiers ne reviennent pas identiques
up-drill-error = EXERCICE DE RESTAURATION IMPOSSIBLE : { $cause }
alert-backup-overdue = Aucune sauvegarde réussie depuis { $hours } h : vérifiez le disque du dépôt et lancez « hygie backup ».
alert-backup-never = Aucune sauvegarde réussie depuis le démarrage du gardien il y a { $hours } h : vérifiez les dossiers protégés et le dépôt, puis lancez « hygie backup ».

progress-backing-up = sauvegarde…
progress-reading-index = lecture de l'index…
progress-getting-snapshot = recherche de l'instantané…
progress-restoring = restauration des fichiers…
progress-collecting = inventaire des fichiers…
progress-reading-packs = lecture des paquets…

## Serveur de dépôt

cmd-vault-serve = Lance le serveur de dépôt en ajout seul (sur une autre machine que le PC du cabinet).
cmd-vault-add-credential = Ajoute un identifiant au serveur de dépôt.
arg-vault-serve-data = Dossier qui contient les dépôts.
arg-vault-serve-listen = Adresse d'écoute ; au-delà de la boucle locale, TLS est obligatoire (--tls-cert et --tls-key).
arg-vault-serve-credentials = Fichier des identifiants (par défaut : DATA/credentials.toml).
arg-vault-serve-quota = Taille maximale d'un dépôt, par ex. 500G.
arg-vault-add-credential-name = Nom de l'identifiant, qui est aussi celui de son dépôt.
arg-vault-add-credential-role = backup (ajout seul, dans son dépôt) ou admin (tout, pour le prestataire).
arg-vault-add-credential-data = Dossier qui contient les dépôts.
arg-vault-add-credential-credentials = Fichier des identifiants (par défaut : DATA/credentials.toml).
serve-no-data = le dossier des dépôts { $path } n'existe pas ; créez-le d'abord.
serve-bad-quota = quota « { $value } » illisible (exemples : 500G, 2T).
serve-bad-credentials = fichier des identifiants { $path } inutilisable : { $cause }
serve-bind-failed = impossible d'écouter sur { $address } : { $cause }
serve-started = serveur de dépôt en écoute sur { $address } (dépôts dans { $path })
serve-failed = le serveur s'est arrêté : { $cause }
credential-added = Identifiant « { $name } » enregistré dans { $path } (mot de passe haché avec Argon2id).
credential-password-hint = Ci-dessus, le mot de passe de « { $name } » : il n'est affiché qu'une fois. Adresse du dépôt : rest:https://HÔTE:8000/{ $name } (pour restic : rest:https://{ $name }:<mot de passe>@HÔTE:8000/{ $name }/).

## Serveur de dépôt : TLS, témoin, journal du serveur
arg-init-server-ca = Autorité de certification (fichier PEM) à croire pour le serveur de dépôt, s'il a son propre certificat.
init-server-password-missing = le dépôt ou le témoin est sur un serveur : donnez le mot de passe de l'identifiant dans la variable HYGIE_SERVER_PASSWORD (il sera gardé dans keys/server.password).
server-no-password = le dépôt est sur un serveur mais le mot de passe de l'identifiant manque ({ $path }). Lancez « HYGIE_SERVER_PASSWORD=… hygie vault init » pour l'enregistrer.
witness-server-invalid = témoin { $location } inutilisable : { $cause }
arg-vault-serve-tls-cert = Certificat du serveur (chaîne PEM), pour TLS.
arg-vault-serve-tls-key = Clé privée du certificat (PEM).
serve-needs-tls = { $address } n'est pas une adresse de boucle locale : il faut TLS. Donnez --tls-cert et --tls-key, ou écoutez sur 127.0.0.1.
serve-bad-tls = TLS inutilisable : { $cause }
cmd-vault-events = Vérifie et affiche le journal du serveur de dépôt (refus, alarmes, points de contrôle reçus).
arg-vault-events-data = Dossier qui contient les dépôts.
arg-vault-events-last = Seulement les N dernières entrées.
arg-vault-events-json = Sortie lisible par une machine (un objet JSON par ligne).
event-server-started = Serveur de dépôt démarré sur { $address }.
event-server-refused = Demande refusée à « { $who } » : { $method } { $what } (code { $status }).
event-server-exfiltration = ALARME : l'identifiant « { $who } » a lu { $read } octets de données en moins d'un jour, bien plus qu'une sauvegarde n'en lit (le dépôt en contient { $stored }) : vol de l'historique ? Si une restauration ou un exercice était en cours, c'est normal.
event-witness-accepted = Point de contrôle du journal de « { $repository } » reçu : { $size } entrées.
event-witness-refused = ALARME : point de contrôle du journal de « { $repository } » refusé ({ $reason }). Le journal du cabinet a été modifié ; prévenez le cabinet et conservez ce journal.
server-journal-failed = impossible d'écrire dans le journal du serveur : { $cause }
server-journal-missing = pas de journal de serveur dans { $path } : le serveur n'a jamais été lancé sur ce dossier.
server-journal-intact = Journal du serveur vérifié : { $count } entrées intactes.
server-journal-damaged = LE JOURNAL DU SERVEUR { $path } A ÉTÉ MODIFIÉ : { $count } anomalie(s). Conservez le fichier tel quel et prévenez votre prestataire.

## Sentinelle (rançongiciels)
cmd-sentinel = La sentinelle contre les rançongiciels.
cmd-sentinel-watch = Surveille des dossiers au premier plan et affiche les alertes (diagnostic).
arg-sentinel-watch-paths = Dossiers à surveiller (par défaut : les dossiers protégés).
arg-sentinel-watch-json = Sortie lisible par une machine (un objet JSON par alerte).
sentinel-nothing = aucun dossier à surveiller : donnez-en un, ou ajoutez des dossiers protégés dans la configuration.
sentinel-missing = le dossier { $path } n'existe pas.
sentinel-watch-failed = impossible de surveiller : { $cause }
sentinel-protected-link = le dossier { $path } passe par un lien vers { $target } : indiquez { $target } (Hygie ne suit pas les liens, ni pour surveiller ni pour remettre les fichiers).
sentinel-watch-ended = le système ne signale plus les changements de fichiers. Relancez Hygie ; si cela se reproduit, prévenez votre prestataire informatique.
sentinel-watching = Surveillance de { $count } fichiers dans { $folders } dossier(s). Ctrl+C pour arrêter.
sentinel-portable-limits = Mode portable ({ $cause }) : Hygie voit les fichiers changer mais pas quel programme les change ; il ne pourra pas arrêter le programme fautif. Pour cela, lancez Hygie en administrateur (root) sous Linux 5.9 ou plus récent, les dossiers protégés sur un disque local (ext4, XFS ; sous-volumes Btrfs à partir de Linux 6.8).
sentinel-overflow = ATTENTION : le système a perdu des notifications (trop de changements d'un coup). C'est en soi suspect ; Hygie relit les dossiers protégés pour retrouver ce qui a changé.
sentinel-writers-overflow = ATTENTION : le système a perdu des notifications sur les programmes qui écrivent (trop de changements d'un coup). C'est en soi suspect ; les changements sont tous vus, mais certains ne pourront pas être attribués au programme qui les a faits, ni ce programme arrêté.
sentinel-recovered = Notifications perdues : Hygie a relu les dossiers protégés et y a trouvé { $count } fichier(s) modifié(s), nouveau(x) ou supprimé(s) depuis sa dernière lecture ; ils sont analysés comme les autres.
sentinel-unreadable = impossible de lire { $path } : { $cause }
sentinel-unmarked = dans { $path }, les changements sont surveillés mais le programme qui les fait ne peut être ni nommé ni arrêté ({ $cause }). Gardez les dossiers protégés sur un disque local (ext4, XFS ; sous-volumes Btrfs à partir de Linux 6.8).
sentinel-alert = ALERTE RANÇONGICIEL n° { $id } : { $summary }
sentinel-alert-summary = { $files } fichier(s) abîmé(s) dans { $folders } dossier(s). Indices : { $reasons }.
sentinel-more-files = … et { $count } autre(s) fichier(s).
sentinel-what-to-do = Que faire : débranchez ce PC du réseau sans l'éteindre, n'ouvrez plus de fichiers, prévenez votre prestataire. Les fichiers se remettent en place avec « hygie incident restore { $id } ».
indicator-randomness = contenu devenu aléatoire (chiffré)
indicator-encoded = contenu réécrit en base64 ou hexadécimal
indicator-type-lost = le fichier ne correspond plus à son type
indicator-trailer-lost = fin de fichier disparue
indicator-opaque = nouveaux fichiers illisibles
indicator-original-removed = originaux supprimés après une copie illisible
indicator-extension = extensions inconnues ici
indicator-decoy = fichier leurre touché
indicator-note = demandes de rançon dans plusieurs dossiers
indicator-mass-removal = suppressions en masse
indicator-breadth = plusieurs dossiers touchés
sentinel-journal-failed = l'alerte n'a pas pu être écrite dans le journal : { $cause }. La surveillance continue.
event-server-dropped = ALARME : { $count } refus n'ont pas pu être journalisés un par un (trop de demandes à la fois) : une attaque par saturation ?

## Alertes et incidents
cmd-alerts = Liste les alertes et ce qu'elles sont devenues.
arg-alerts-json = Sortie lisible par une machine (un objet JSON par alerte).
cmd-incident = Réagir à un incident.
cmd-incident-restore = Remet en place tous les fichiers abîmés par l'attaque d'une alerte, depuis le dernier instantané d'avant.
arg-incident-restore-alert = Le numéro de l'alerte (voir « hygie alerts »).
cmd-incident-purge = Supprime ce que la restauration d'une alerte a mis en quarantaine, une fois l'enquête close.
arg-incident-purge-alert = Le numéro de l'alerte (voir « hygie alerts »).
arg-incident-purge-unrestored = Même si l'incident n'est pas restauré (il ne le sera jamais entièrement).
incident-purge-not-restored = L'incident de l'alerte n° { $id } n'est pas restauré : sa quarantaine est gardée. Lancez « hygie incident restore { $id } » ; s'il ne peut pas l'être entièrement et que l'enquête est close, ajoutez --unrestored.
incident-purge-nothing = Rien en quarantaine pour l'alerte n° { $id }.
incident-purged = Quarantaine de l'alerte n° { $id } supprimée : { $files } fichier(s), { $size }.
incident-purge-failed = La quarantaine de l'alerte n° { $id } n'a pas pu être supprimée entièrement : { $cause }. Réglez la cause (droits, disque) puis relancez.
alerts-none = Aucune alerte.
alerts-line = n° { $id } — { $when } — { $summary }
alerts-restored = fichiers remis en place le { $when }
alerts-to-restore = fichiers pas encore remis en place : « hygie incident restore { $id } »
incident-no-alert = il n'y a pas d'alerte n° { $id } (voir « hygie alerts »).
incident-bad-evidence = les preuves de l'alerte n° { $id } sont illisibles : { $cause }
incident-no-snapshot = aucun instantané n'a été terminé avant le début de l'incident ({ $when }) : seules les copies de secours de la sentinelle servent ; un fichier qu'elles n'ont pas reste non restauré.
incident-vault-unreachable = le coffre est inaccessible ({ $cause }) : seules les copies de secours de la sentinelle servent ; un fichier qu'elles n'ont pas reste non restauré.
incident-shadows-unreadable = une partie des copies de la sentinelle est illisible ({ $cause }) : les fichiers concernés ont été remis depuis des copies plus anciennes ou depuis l'instantané. Vérifiez que le dossier shadows du répertoire de Hygie appartient au compte qui l'exécute.
incident-shadow-copy-unreadable = { $path } : une de ses copies est illisible ({ $cause }) ; la copie d'avant est utilisée, à défaut l'instantané.
incident-warning = attention : { $text }
event-incident-restored = Incident de l'alerte n° { $id } : { $restored } fichier(s) remis en place et vérifiés, { $aside } fichier(s) de l'attaquant mis de côté, { $missing } non restauré(s).
incident-from-snapshot = Depuis l'instantané { $id } du { $when } : les modifications faites après lui sur ces fichiers sont perdues.
incident-quarantine = Les fichiers de l'attaquant (copies chiffrées, demandes de rançon) sont dans { $path }.
incident-replaced-kept = Ce que la restauration a remplacé ({ $count } fichier(s) : versions chiffrées, ou travail fait depuis l'attaque) est gardé dans { $path }.
incident-older-only = { $file } : remis depuis une version plus ancienne, sa copie la plus récente n'a pas pu être extraite ({ $cause }). Réglez la cause puis relancez la restauration.
incident-held-copy-dropped = { $file } : remis depuis une version plus ancienne ; sa copie du { $when }, d'avant l'incident, a été supprimée faute de place dans la réserve de copies. Le travail fait sur ce fichier depuis cette version est à reprendre.
incident-held-copies-unlisted = { $count } autre(s) fichier(s) ont perdu leur copie d'avant l'incident faute de place dans la réserve de copies, sans être nommés dans le journal : vérifiez les fichiers remis.
incident-held-copies-unknown = Des copies d'avant l'incident ont été supprimées faute de place dans la réserve de copies sans que leur liste ait pu être lue : vérifiez les fichiers remis, certains peuvent être revenus d'une version plus ancienne.
incident-index-unreadable = Une partie de l'index des copies de secours est illisible (voir ci-dessus) : des copies plus récentes ont pu être ignorées. L'alerte reste ouverte ; relancez la restauration une fois l'index réparé.
incident-next = Tout est remis en place. Vérifiez quelques dossiers, puis levez le gel du coffre : « hygie vault unfreeze ».
incident-not-restored = non restauré : { $file }
incident-incomplete = { $count } fichier(s) n'ont pas pu être remis en place (liste ci-dessus).
sentinel-freeze-reason = alerte rançongiciel n° { $id }
up-sentinel-stopped = la sentinelle s'est arrêtée : { $cause }
sentinel-mode-kill = Hygie voit quel programme écrit chaque fichier : un programme qui chiffre les fichiers sera gelé puis arrêté.
sentinel-mode-stop = Hygie voit quel programme écrit chaque fichier : un programme qui chiffre les fichiers sera gelé (pas arrêté, réglage « stop ») pour examen.
sentinel-mode-off = Hygie voit quel programme écrit chaque fichier, mais n'arrêtera aucun programme (réglage « off ») : alerte seulement.
sentinel-writers-lost = ATTENTION : Hygie ne voit plus quel programme écrit ({ $cause }). La surveillance continue en mode portable ; aucun programme ne pourra être arrêté.
sentinel-contain-unidentified = Le programme fautif n'a pas pu être identifié : aucun programme n'a été arrêté. Débranchez ce PC du réseau.
sentinel-contain-off = Aucun programme n'a été arrêté (réglage « contain = off »).
sentinel-unknown-program = programme inconnu
sentinel-contain-killed = Programme arrêté : { $program } (processus { $pid }).
sentinel-contain-stopped = Programme gelé pour examen : { $program } (processus { $pid }). Ne le relancez pas ; votre prestataire l'examinera.
sentinel-contained-summary = alerte rançongiciel n° { $id } : { $count } processus gelé(s) ou arrêté(s)
status-sentinel-writers = Rançongiciels : surveillance active depuis { $when }, avec arrêt du programme fautif
status-sentinel-watching = Rançongiciels : surveillance active depuis { $when }
status-sentinel-portable = Rançongiciels : mode portable, le programme fautif ne peut pas être identifié ni arrêté (lancez « hygie up » en administrateur)
status-sentinel-off = Rançongiciels : aucune surveillance en cours (lancez « hygie up »)
status-quarantine = Quarantaine : { $files } fichier(s), { $size }, de { $alerts ->
    [one] l'alerte n° { $ids }
   *[other] des alertes n° { $ids }
} ({ $folder }). Une fois l'enquête close, « hygie incident purge N » les supprime.
sentinel-shadow-failed = impossible de garder une copie de protection : { $cause }. La surveillance continue.
sentinel-held-dropped = ATTENTION : la réserve de copies de protection a atteint deux fois sa taille permise pendant un incident pas encore restauré ; { $versions } copie(s) d'avant l'incident, de { $files } fichier(s), ont été supprimées (les plus anciennes d'abord). Restaurez l'incident au plus vite (hygie incident restore) : ces fichiers reviendront d'une version plus ancienne. Pour l'éviter, augmentez [sentinel] shadow_megabytes.
sentinel-shadow-busy = une autre sentinelle Hygie garde déjà les copies de protection dans { $folder } (arrêtez-la d'abord : une seule sentinelle à la fois)
sentinel-bad-shadow-keep = [sentinel] shadow_keep = « { $value } » n'est pas une durée (exemples : « 7d », « 48h »).
sentinel-bad-shadow-span = [sentinel] shadow_span = « { $value } » n'est pas une durée (exemples : « 30s », « 2m », « 0s » pour copier chaque version).
incident-from-shadows = { $count } fichier(s) remis dans leur état d'avant l'attaque depuis les copies de protection (plus récentes que l'instantané).
mail-alert-subject = ALERTE RANÇONGICIEL n° { $id } — { $practice }
mail-alert-practice = Cabinet : { $practice }
mail-alert-since = Début de l'incident : { $when }
mail-alert-files = Fichiers abîmés jusqu'ici : { $count }
mail-alert-failed = le courriel d'alerte n'a pas pu partir : { $cause }
mail-alert-journal = alerte n° { $id } envoyée par courriel à { $count } adresse(s)
mail-alert-config = [alerts] dans hygie.toml : { $cause }
sentinel-contain-spared = Le programme fautif n'a pas été arrêté : { $count } processus protégé(s) (le système ou Hygie lui-même). Débranchez ce PC du réseau.

## Analyse des messages (hameçonnage)
cmd-mail = L'analyse des messages (hameçonnage).
cmd-mail-scan = Analyse des messages et dit lesquels sont de l'hameçonnage.
arg-mail-scan-paths = Fichiers .eml, dossiers, dossiers Maildir ou fichiers mbox.
arg-mail-scan-json = Sortie lisible par une machine (un objet JSON par message).
mail-scan-nothing = aucun message à analyser : donnez un fichier .eml, un dossier, un Maildir ou un fichier mbox.
mail-scan-missing = impossible de lire { $cause }
mail-scan-unreadable = { $source } : illisible ({ $cause })
mail-scan-line = { $source } : { $verdict } ({ $score }) — « { $subject } »
mail-scan-summary = { $total } message(s) analysé(s) : { $malicious } dangereux, { $suspicious } suspect(s), { $clean } sans danger apparent, { $unreadable } illisible(s).
mail-verdict-malicious = DANGEREUX
mail-verdict-suspicious = SUSPECT
mail-verdict-clean = sans danger apparent
mail-what-to-do = Que faire : ne cliquez sur aucun lien, n'ouvrez pas les pièces jointes, ne répondez pas. En cas de doute, appelez l'organisme au numéro que vous connaissez (pas celui du message). Si vous avez déjà cliqué ou saisi un mot de passe, changez-le et prévenez votre prestataire.
mail-journal-verdict = Message { $verdict } : « { $subject } » de { $sender }
mail-reason-link-text-mismatch = le lien affiché indique { $shown } mais mène à { $target }
mail-reason-link-to-ip-address = un lien mène à une adresse numérique ({ $target }) au lieu d'un site nommé
mail-reason-link-userinfo-trick = un lien cache sa vraie destination, { $target }, derrière un faux début d'adresse
mail-reason-link-shortener = un lien passe par un raccourcisseur d'adresse ({ $target }) qui cache où il mène
mail-reason-link-free-hosting = un lien mène à une page hébergée gratuitement ({ $target }), endroit courant des fausses pages de connexion
mail-reason-risky-tld = { $target } utilise une extension de nom de domaine très prisée des escrocs
mail-reason-link-redirector = un lien rebondit par { $target } pour cacher le site où il mène
mail-reason-lookalike-domain = { $domain } imite un site officiel : { $brand }
mail-reason-brand-links-elsewhere = le message se présente comme { $brand } mais ses liens mènent à { $target }
mail-reason-sender-impersonation = l'expéditeur se fait appeler { $brand } mais écrit depuis { $address }
mail-reason-sender-name-address = le nom de l'expéditeur affiche { $shown } alors que le message vient de { $address }
mail-reason-sender-name-mismatch = l'expéditeur « { $name } » écrit depuis une adresse sans rapport ({ $address })
mail-reason-random-sender = l'adresse de l'expéditeur ({ $address }) semble fabriquée par une machine
mail-reason-invalid-sender = l'adresse de l'expéditeur est absente ou impossible ({ $address })
mail-reason-recipient-address-greeting = le message vous désigne par votre adresse ({ $address }) au lieu de votre nom : c'est un envoi en masse
mail-reason-reply-to-elsewhere = les réponses partiraient vers { $reply_to }, pas vers l'expéditeur { $address }
mail-reason-freemail-institution = « { $name } » écrit depuis une messagerie gratuite ({ $address }) : aucun organisme ne fait cela
mail-reason-dangerous-attachment = la pièce jointe { $name } peut lancer un programme ou ouvrir une fausse page : ne l'ouvrez pas
mail-reason-double-extension = le nom de la pièce jointe { $name } cache son vrai type derrière une double extension
mail-reason-office-macros = le document { $name } contient des macros (des programmes) : ne les activez pas
mail-reason-encrypted-archive = l'archive { $name } est protégée par un mot de passe ou illisible : son contenu ne peut pas être vérifié
mail-reason-nested-archive = l'archive { $name } contient une autre archive, une ruse pour échapper aux contrôles
mail-reason-pdf-active-content = le PDF { $name } contient un formulaire ou un programme
mail-reason-pdf-links = le PDF { $name } contient des liens
mail-reason-calendar-links = l'invitation { $name } contient des liens
mail-reason-credential-request = le message demande des identifiants, des codes ou des données de carte (« { $words } »)
mail-reason-payment-change = le message parle de payer ou de changer de coordonnées bancaires (« { $words } ») : vérifiez par téléphone auprès d'un contact connu
mail-reason-urgency = le message presse d'agir vite (« { $words } »)
mail-reason-threat = le message menace (« { $words } »)
mail-reason-prize-lure = le message promet un gain ou un cadeau (« { $words } »)
mail-reason-spam-offer = le message vend ce que vendent les pourriels (« { $words } »)
mail-reason-money-lure = le message annonce un remboursement, un colis ou une facture (« { $words } »)
mail-reason-html-form = le message contient un formulaire à remplir : un vrai organisme ne fait jamais saisir de données dans un e-mail
mail-reason-hidden-text = le message cache { $count } caractères de texte au lecteur
mail-reason-junk-text = le message contient { $count } suites de caractères au hasard, faites pour tromper les filtres
mail-reason-styled-letters = le message écrit des mots avec { $count } symboles déguisés en lettres (𝐀, Ａ, Ⓐ…), pour que les filtres ne les lisent pas
mail-reason-mixed-scripts = le message glisse dans { $count } mots des lettres cyrilliques ou grecques qui ressemblent à des lettres latines (« { $word } »), pour que les filtres ne les lisent pas
mail-reason-free-image-host = les images du message viennent de { $host }, un site où n'importe qui peut déposer des images ; une vraie organisation utilise ses propres images
mail-reason-freemail-contact = le message demande d'écrire à { $address }, une adresse de messagerie gratuite (Gmail, Orange…) différente de celle de l'expéditeur
mail-reason-auth-failed = le serveur de réception signale que l'expéditeur n'est pas authentifié ({ $checks } en échec)
mail-reason-first-time-sender = { $address } vous écrit pour la première fois
cmd-mail-watch = Surveille la boîte aux lettres configurée au premier plan : marque ou met en quarantaine l'hameçonnage à son arrivée.
cmd-mail-password = Enregistre le mot de passe du compte de messagerie (demandé au terminal, ou lu sur l'entrée standard).
mail-watch-not-tls = l'adresse IMAP { $address } doit commencer par imaps:// : Hygie ne lit pas une boîte aux lettres sans chiffrement.
mail-watch-bad-address = l'adresse IMAP { $address } est invalide (attendu : imaps://serveur[:port]).
mail-watch-no-user = indiquez le compte de messagerie (user) dans la section [mail] de la configuration.
mail-watch-unconfigured = aucune boîte aux lettres configurée : renseignez imap et user dans la section [mail] de { $path }.
mail-watch-no-password = le mot de passe de la boîte aux lettres manque ({ $path }) : enregistrez-le avec « hygie mail password ».
mail-watch-memory-corrupt = le fichier { $path } est illisible ({ $cause }) : supprimez-le pour repartir de zéro (les messages déjà présents seront analysés à nouveau).
mail-watch-memory-write = impossible d'écrire { $path } : { $cause }
mail-watch-retry = Boîte aux lettres injoignable ({ $cause }) ; nouvel essai dans { $seconds } s.
mail-watch-connected = Surveillance de la boîte { $mailbox } de { $user } sur { $host }.
mail-watch-login-refused = le serveur refuse l'identification : { $cause }
mail-watch-timeout = le serveur ne répond pas depuis { $seconds } s
mail-watch-bad-ca = le certificat d'autorité { $path } est illisible : { $cause }
mail-tag-prefix-malicious = [DANGER Hygie]
mail-tag-prefix-suspicious = [SUSPECT Hygie]
mail-tag-banner = ⚠ Hygie : message { $verdict }. Voici pourquoi :
mail-password-prompt = Mot de passe de la boîte aux lettres :
mail-password-empty = mot de passe vide : rien n'a été enregistré.
mail-password-saved = Mot de passe enregistré dans { $path } (lisible par vous seul).
up-mail-stopped = La surveillance de la messagerie s'est arrêtée : { $cause }
mail-watch-already-running = la boîte aux lettres de ce dossier Hygie est déjà surveillée (par « hygie up » ou un autre « hygie mail watch »).
mail-watch-login-wait = Le serveur refuse le mot de passe ({ $cause }) : vérifiez-le (« hygie mail password ») ; nouvel essai dans { $minutes } min, pour ne pas faire bloquer le compte.
mail-watch-unreadable = { $source } : message illisible après plusieurs essais ({ $cause }) ; il est laissé tel quel et la surveillance continue.
mail-watch-action-failed = { $source } : impossible de marquer ou de déplacer ce message ({ $cause }) ; il reste à sa place et ne sera pas analysé à nouveau.

## Conformité (hygie comply)
comply-home-needed = Cette commande a besoin du dossier Hygie du cabinet : lancez d'abord « hygie init », ou donnez-le avec --home.
comply-bad-input = fichier illisible : { $problem }. Corrigez la ligne indiquée (ou réexportez le fichier) et relancez.
comply-unreadable = impossible de lire { $path } : { $problem }
comply-too-big = { $path } dépasse 256 Mo : ce n'est pas un export de comptes ou de patients. Vérifiez le fichier.
comply-ignored-columns = Note : colonnes ignorées dans { $path } : { $columns }.
comply-bad-date = date illisible « { $value } » : écrivez 2026-03-31, 31/03/2026 ou 31/03/2026 14:05.
comply-bad-file = { $path } n'est pas un fichier valide : { $problem }
comply-unknown-question = question inconnue « { $id } » dans { $path } : vérifiez l'identifiant (hygie comply assess --json les liste).
comply-bad-answer = réponse « { $value } » illisible pour { $id } : écrivez oui, non, en partie, ne sais pas ou non concerné.
comply-record-damaged = l'enregistrement { $kind } n° { $id } de la base d'état est illisible ({ $problem }) ; restaurez state.db depuis une sauvegarde.
comply-journal-report = Document produit : { $title }
comply-journal-review = Revue des accès : { $accounts } comptes, { $findings } constats
comply-journal-audit = Audit des accès aux dossiers : { $accesses } accès, { $queue } à examiner
comply-journal-retention = Durées de conservation : { $count } dossiers à archiver ou supprimer
comply-journal-assessed = Auto-évaluation enregistrée : score { $score }/100
comply-journal-plan = Plan d'action modifié ({ $count } actions)
comply-journal-register = Registre des traitements relu et enregistré ({ $count } traitements)
comply-journal-breach-opened = Violation n° { $id } ouverte : { $title }
comply-journal-breach-updated = Violation n° { $id } mise à jour
comply-journal-request = Demande d'accès au dossier n° { $id } enregistrée
comply-journal-request-done = Demande d'accès n° { $id } traitée
comply-audit-summary = { $accesses } accès lus, { $explained } expliqués par un rendez-vous ; { $queue } à examiner :
comply-audit-lines = lignes { $lines }
comply-audit-more = … et { $count } éléments de moindre importance (--json pour tout voir).
comply-retention-none = Aucun dossier à archiver ou supprimer aujourd'hui.
comply-retention-archive = à archiver
comply-retention-delete = à supprimer ou anonymiser
comply-retention-since = depuis le
comply-ask-intro = Répondez par oui, non, en partie, ne sais pas ou non concerné ; Entrée garde la réponse précédente. Hygie répond seul quand il a la preuve.
comply-ask-automatic = vérifié par Hygie : { $because }
comply-ask-prompt = Réponse :
comply-ask-again = Réponse non comprise : oui, non, en partie, ne sais pas ou non concerné.
comply-score = Score de sécurité : { $score }/100
comply-automatic-count = { $count ->
    [0] {""}
    [one] (1 réponse vérifiée par Hygie)
   *[other] ({ $count } réponses vérifiées par Hygie)
}
comply-unanswered = { $count } questions sans réponse : lancez « hygie comply assess » dans un terminal.
comply-plan-empty = Plan d'action : rien à faire.
comply-plan-title = Plan d'action (le plus utile pour le moins d'effort d'abord) :
comply-plan-file-header = # Plan d'action : modifiez owner (qui), due (date), status (todo, doing, done) et note, puis « hygie comply plan import FICHIER ».
comply-plan-saved = Plan d'action enregistré ({ $count } actions).
comply-register-incomplete = registre incomplet dans { $path } : champs vides { $problem }. Chaque champ de l'article 30 doit être rempli.
comply-register-saved = Registre enregistré ({ $count } traitements).
comply-no-alert = aucune alerte n° { $id } (voir « hygie alerts »).
comply-breach-exists = l'alerte n° { $alert } a déjà sa violation de données ouverte (n° { $id }) : complétez celle-ci (« hygie comply breach show { $id } ») plutôt que d'en ouvrir une seconde.
comply-no-breach = aucune violation n° { $id } (voir « hygie comply breach list »).
comply-no-breaches = Aucune violation enregistrée.
comply-no-request = aucune demande n° { $id } (voir « hygie comply request list »).
comply-breach-title-alert = Attaque signalée par l'alerte n° { $id }
comply-breach-description-sentinel = { $summary } ; { $files } fichiers de patients ont été touchés sur le poste du cabinet.
comply-breach-consequences-sentinel = Dossiers de patients indisponibles pendant l'attaque ; consultations et ordonnances retardées ; si des fichiers ont été copiés, divulgation possible de données de santé.
comply-breach-measures-sentinel = Programme de chiffrement arrêté par Hygie, poste isolé, sauvegardes gelées (la dernière saine est protégée), fichiers touchés restaurés depuis les copies et sauvegardes vérifiées.
comply-breach-planned-sentinel = Analyse du poste par le prestataire, changement des mots de passe, recherche d'une sortie de données, plainte.
comply-breach-opened = Violation n° { $id } ouverte.
comply-breach-label = Violation
comply-breach-risk = Évaluation : { $level ->
    [high] risque élevé — notifier la CNIL et informer les patients
    [risk] risque — notifier la CNIL dans les 72 h
   *[unlikely] risque peu probable — garder au registre interne
}
comply-breach-tell-patients = Les patients doivent être informés : « hygie comply report patient-letter --breach { $id } ».
comply-breach-missing = À compléter avant la notification complète : { $fields } (« hygie comply breach export { $id } », modifier, puis « import »).
comply-breach-file-header = # Modifiez les champs puis « hygie comply breach import N FICHIER ». Dates au format 2026-11-28T10:00:00Z.
comply-breach-wrong-id = le fichier décrit la violation n° { $found }, pas la n° { $id }.
comply-breach-noted = Ajouté à la chronologie de la violation n° { $id }.
comply-breach-needed = ce document concerne une violation : ajoutez --breach N.
comply-timeline-began = Début de l'attaque (premier fichier touché)
comply-timeline-alert = Alerte de la sentinelle : { $summary }
comply-timeline-restored = Fichiers restaurés (hygie incident restore)
comply-timeline-opened = Violation ouverte dans Hygie
comply-timeline-cnil = CNIL notifiée
comply-timeline-complaint = Plainte déposée
comply-timeline-patients = Patients informés
comply-timeline-closed = Violation close
comply-request-added = Demande n° { $id } enregistrée : { $state }.
comply-request-too-early = Attention : le dossier a été remis avant la fin du délai de réflexion de 48 heures.
comply-write-failed = impossible d'écrire { $path } : { $problem }. Rien n'a été écrit.
comply-written = Écrit : { $path }
comply-review-summary = { $accounts } comptes ({ $enabled } actifs), { $clinical } à profil soignant pour { $staff } soignants en poste.
comply-review-clean = Aucune anomalie.
comply-review-more = … et { $count } autres (--json pour la liste complète).
status-request = Demande d'accès n° { $id } : { $state }
status-breach-clock = Violation n° { $id } — { $label } : { $value }

## Aide de hygie comply
cmd-comply = Devoirs RGPD et auto-évaluation de la sécurité.
cmd-comply-assess = Répondre à l'auto-évaluation de la sécurité (Hygie répond seul à ce qu'il peut prouver).
arg-comply-assess-answers = Fichier de réponses (TOML : identifiant = "oui"), au lieu des questions au terminal.
arg-comply-assess-json = Sortie pour les machines (JSON).
cmd-comply-plan = Le plan d'action : l'afficher, ou l'exporter et le réimporter pour fixer responsables, dates et avancement.
cmd-comply-plan-show = Afficher le plan d'action.
arg-comply-plan-show-json = Sortie pour les machines (JSON).
cmd-comply-plan-export = Écrire le plan dans un fichier modifiable (responsable, date, état, note par action).
cmd-comply-plan-import = Relire un fichier de plan modifié.
arg-comply-plan-import-file = Le fichier modifié.
cmd-comply-register = Le registre des activités de traitement (RGPD, article 30).
cmd-comply-register-export = Écrire le registre dans un fichier modifiable (pré-rempli la première fois).
cmd-comply-register-import = Relire un registre modifié : chaque champ de l'article 30 doit être rempli.
arg-comply-register-import-file = Le fichier modifié.
cmd-comply-breach = Violations de données : ouvrir, suivre les deux délais de 72 heures, notifier.
cmd-comply-breach-open = Ouvrir une violation depuis une alerte, ou à la main avec un titre.
arg-comply-breach-open-alert = L'alerte d'origine (voir « hygie alerts »).
arg-comply-breach-open-title = Un titre, pour une violation ouverte à la main.
arg-comply-breach-open-discovered = Quand le cabinet en a eu connaissance (par défaut : maintenant).
cmd-comply-breach-list = Lister toutes les violations : le registre interne.
arg-comply-breach-list-json = Sortie pour les machines (une ligne JSON par violation).
cmd-comply-breach-show = Afficher une violation : ses délais, son risque, ce qui manque à la notification.
arg-comply-breach-show-id = La violation.
arg-comply-breach-show-json = Sortie pour les machines (JSON).
cmd-comply-breach-export = Écrire une violation dans un fichier modifiable.
arg-comply-breach-export-id = La violation.
cmd-comply-breach-import = Relire un fichier de violation modifié.
arg-comply-breach-import-id = La violation.
arg-comply-breach-import-file = Le fichier modifié.
cmd-comply-breach-mark = Noter une étape : CNIL notifiée, plainte déposée, patients informés, close.
arg-comply-breach-mark-id = La violation.
arg-comply-breach-mark-step = L'étape (cnil-notified, complaint-filed, patients-informed, closed).
arg-comply-breach-mark-at = Quand (par défaut : maintenant).
cmd-comply-breach-note = Ajouter une ligne à la chronologie d'une violation.
arg-comply-breach-note-id = La violation.
arg-comply-breach-note-text = Ce qui s'est passé.
cmd-comply-request = Demandes d'accès des patients à leur dossier, avec les délais légaux.
cmd-comply-request-add = Enregistrer la demande d'un patient.
arg-comply-request-add-patient = Qui demande.
arg-comply-request-add-received = Quand la demande est arrivée (par défaut : maintenant).
arg-comply-request-add-old-record = Les informations les plus récentes du dossier ont plus de 5 ans (2 mois pour répondre).
arg-comply-request-add-earlier-copies = Copies déjà remises à ce patient (la première est gratuite).
cmd-comply-request-list = Lister les demandes et leurs délais.
arg-comply-request-list-json = Sortie pour les machines (une ligne JSON par demande).
cmd-comply-request-done = Noter qu'une demande a été traitée.
arg-comply-request-done-id = La demande.
arg-comply-request-done-at = Quand (par défaut : maintenant).
cmd-comply-access-review = Comparer les comptes du logiciel au registre du personnel.
arg-comply-access-review-accounts = Export des comptes (CSV : login,name,profile,staff_id,last_login,approved_by,enabled).
arg-comply-access-review-staff = Registre du personnel (CSV : staff_id,name,job,left_on).
arg-comply-access-review-today = Revue à cette date (par défaut : aujourd'hui).
arg-comply-access-review-json = Sortie pour les machines (JSON).
cmd-comply-access-audit = Trouver les accès aux dossiers que rien n'explique.
arg-comply-access-audit-log = Journal des accès (CSV : time,login,patient_id[,user_name,patient_name,break_glass,reason]).
arg-comply-access-audit-appointments = Rendez-vous (CSV : patient_id,start[,login]).
arg-comply-access-audit-json = Sortie pour les machines (JSON).
cmd-comply-retention = Lister les dossiers à archiver ou à supprimer.
arg-comply-retention-patients = Patients (CSV : patient_id,last_care[,name,born_on,died_on,archived]).
arg-comply-retention-today = À cette date (par défaut : aujourd'hui).
arg-comply-retention-json = Sortie pour les machines (JSON).
cmd-comply-report = Produire un document : HTML à imprimer, PDF ou JSON.
arg-comply-report-document = Le document (assessment, register, breach-log, cnil-notification, patient-letter, requests, continuity).
arg-comply-report-breach = La violation, pour la notification CNIL et la lettre aux patients.
arg-comply-report-format = Le format (html, pdf, json).
arg-comply-report-output = Où l'écrire (par défaut : la sortie standard).
mail-alert-summary = Message dangereux de { $sender } : « { $subject } »
mail-alert-not-kept = L'alerte de ce message n'a pas pu être enregistrée dans la base d'état : { $cause }
incident-nothing-to-restore = l'alerte n° { $id } ne concerne pas des fichiers : il n'y a rien à remettre en place. Si quelqu'un a cliqué, ouvrez une violation : « hygie comply breach open --alert { $id } ».
alerts-mail-next = message écarté ; si quelqu'un a cliqué ou répondu : « hygie comply breach open --alert { $id } »
comply-breach-title-mail = Hameçonnage signalé par l'alerte n° { $id }
comply-breach-description-mail = { $summary }. Un membre du cabinet a pu ouvrir le lien ou répondre : identifiants ou données de patients possiblement exposés.
comply-breach-consequences-mail = Usage frauduleux des identifiants du cabinet ; consultation ou copie de dossiers de patients ; hameçonnage de patients au nom du cabinet.
comply-breach-measures-mail = Message mis à l'écart par Hygie ; mots de passe du compte concerné changés ; sessions ouvertes fermées.
comply-breach-planned-mail = Vérifier les connexions récentes au logiciel et à la messagerie ; activer la double authentification ; rappeler les consignes à l'équipe.
comply-timeline-mail = Alerte de l'analyse des messages : { $summary }
up-reminder = Rappel de conformité : { $count } échéance(s) à traiter
up-reminder-subject = Hygie : échéances RGPD à traiter
up-reminder-mail-failed = Le rappel de conformité n'a pas pu être envoyé par courriel : { $cause }
arg-comply-access-review-report = Écrire aussi la revue dans un document (.html, .pdf ou .json selon l'extension).
status-record-damaged = L'enregistrement { $kind } n° { $id } de la base d'état est illisible : restaurez state.db depuis une sauvegarde.
comply-review-unchecked = Non vérifié, faute de colonne dans l'export : { $kinds }.

## Console
cmd-console = Les comptes de la console web.
cmd-console-add-user = Créer ou réinitialiser un compte : mot de passe (demandé, ou lu sur l'entrée standard) et nouveau second facteur.
arg-console-add-user-name = L'identifiant.
arg-console-add-user-role = admin, practitioner, secretary ou auditor.
cmd-console-users = Lister les comptes et leurs rôles.
console-bad-name = identifiant « { $name } » refusé : lettres, chiffres, « . », « - », « _ » ou « @ », 64 au plus.
console-bad-role = rôle « { $role } » inconnu : admin, practitioner, secretary ou auditor.
console-weak-password = mot de passe refusé ({ $problem }). Choisissez 12 caractères de 4 sortes, ou une phrase de 7 mots.
console-password-prompt = Mot de passe :
console-password-again = Encore une fois :
secret-passwords-differ = les deux mots de passe diffèrent.
console-journal-user = Compte de console « { $name } » créé ou réinitialisé (rôle { $role })
console-user-added = Compte « { $name } » prêt. Ajoutez ce second facteur dans l'application d'authentification de la personne :
console-totp-secret = Clé : { $secret }
console-bad-listen = adresse de console « { $value } » illisible ([console] listen) : écrivez par exemple 127.0.0.1:8470, ou off.
console-listening = Console web : { $url }
console-bad-tls = réglage [console] tls = « { $value } » inconnu : écrivez auto ou on.
console-certificate = Certificat de la console : { $path } ; empreinte SHA-256 { $fingerprint } (à comparer avec celle que montre le navigateur à la première connexion).
console-stopped = La console web s'est arrêtée : { $cause }
