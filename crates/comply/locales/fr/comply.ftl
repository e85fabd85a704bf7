# Revue des accès
review-profile-exceeds-staff = { $accounts } comptes actifs ont un profil soignant pour { $staff } soignants au registre du personnel : { $count } comptes de trop donnent accès aux dossiers médicaux. Fermez-les ou donnez-leur le profil qui correspond au métier réel.
review-clinical-profile-non-clinical-staff = { $count ->
    [one] Une personne dont le métier n'est pas soignant a un profil soignant : elle peut lire les dossiers médicaux. Donnez-lui le profil de son métier.
   *[other] { $count } personnes dont le métier n'est pas soignant ont un profil soignant : elles peuvent lire les dossiers médicaux. Donnez-leur le profil de leur métier.
}
review-departed-staff-account = { $count ->
    [one] Un compte actif appartient à une personne qui a quitté le cabinet. Désactivez-le aujourd'hui.
   *[other] { $count } comptes actifs appartiennent à des personnes qui ont quitté le cabinet. Désactivez-les aujourd'hui.
}
review-generic-or-test-account = { $count ->
    [one] Un compte est générique, partagé ou de test : on ne peut pas savoir qui s'en sert. Supprimez-le ou rattachez-le à une personne.
   *[other] { $count } comptes sont génériques, partagés ou de test : on ne peut pas savoir qui s'en sert. Supprimez-les ou rattachez-les chacun à une personne.
}
review-unlinked-account = { $count ->
    [one] Un compte actif ne correspond à personne du registre du personnel. Trouvez à qui il appartient, sinon désactivez-le.
   *[other] { $count } comptes actifs ne correspondent à personne du registre du personnel. Trouvez à qui ils appartiennent, sinon désactivez-les.
}
review-dormant-account = { $count ->
    [one] Un compte actif n'a pas servi depuis plus de { $days } jours (ou jamais). Désactivez-le s'il n'est plus utile.
   *[other] { $count } comptes actifs n'ont pas servi depuis plus de { $days } jours (ou jamais). Désactivez ceux qui ne sont plus utiles.
}
review-unapproved-account = { $count ->
    [one] Un compte n'a pas d'approbation enregistrée : notez qui a décidé de le créer et avec quel profil.
   *[other] { $count } comptes n'ont pas d'approbation enregistrée : notez qui a décidé de les créer et avec quel profil.
}
review-unclassified-profile = { $count ->
    [one] Un profil ou un métier n'est ni soignant ni non soignant pour Hygie : ajoutez-le à la liste qui convient dans la configuration ([comply]).
   *[other] { $count } profils ou métiers ne sont ni soignants ni non soignants pour Hygie : ajoutez-les à la liste qui convient dans la configuration ([comply]).
}
review-detail-unknown-staff = identifiant { $id } absent du registre du personnel
review-detail-no-staff = aucun identifiant de personnel
review-detail-left = { $name } est parti(e) le { $day }
review-detail-job = { $name } est { $job }
review-detail-generic = nom de compte générique ou de test
review-detail-never-used = jamais utilisé
review-detail-idle = dernière connexion il y a { $days } jours
review-detail-unapproved = aucune approbation
review-detail-second-account = deuxième compte soignant de { $name }
review-detail-not-clinician = { $name } ({ $job }) n'est pas soignant(e) en poste
review-detail-unclassified = « { $value } » n'est dans aucune liste
review-title = Revue des accès au logiciel médical
review-accounts = Comptes
review-enabled = actifs
review-clinical-accounts = Comptes actifs à profil soignant
review-staff = Personnel en poste
review-clinical = soignants
review-clean = Aucune anomalie : chaque compte actif correspond à une personne en poste, avec le profil de son métier.
review-finding = Constat
review-col-login = Identifiant
review-col-name = Nom
review-col-profile = Profil
review-col-detail = Détail

# Réponses
answer-yes = oui
answer-partly = en partie
answer-no = non
answer-unknown = ne sait pas
answer-not-applicable = non concerné

# Preuves
evidence-backup = dernière sauvegarde réussie il y a { $hours } h
evidence-backup-old = dernière sauvegarde réussie il y a { $days } jours
evidence-backup-none = aucune sauvegarde dans le dépôt
evidence-drill = dernier exercice de restauration réussi il y a { $days } jours
evidence-drill-failed = le dernier exercice de restauration, il y a { $days } jours, a échoué
evidence-drill-none = aucun exercice de restauration au journal
evidence-offsite = les sauvegardes vont au serveur de dépôt Hygie, qui n'accepte que des ajouts
evidence-offsite-local = les sauvegardes sont dans un dossier de ce poste : un rançongiciel pourrait les atteindre
evidence-sentinel = la sentinelle surveille et sait quel programme écrit (elle peut l'arrêter)
evidence-sentinel-portable = la sentinelle surveille, mais sans savoir quel programme écrit (pas de droits administrateur)
evidence-sentinel-off = la sentinelle ne tourne pas
evidence-mail = la boîte du cabinet est analysée par hygie up
evidence-mail-stopped = une boîte est configurée, mais hygie up ne tourne pas
evidence-mail-off = aucune boîte configurée pour l'analyse
evidence-console-mfa = { $with } comptes sur { $all } ont un second facteur
evidence-witness = le témoin détient le dernier point de contrôle du journal
evidence-witness-behind = le témoin détient un point de contrôle ancien
evidence-witness-unreachable = le témoin du journal est injoignable
evidence-witness-none = aucun témoin du journal configuré
evidence-register = registre relu il y a { $days } jours
evidence-register-none = le registre pré-rempli n'a jamais été relu (hygie comply register import)

# Auto-évaluation
assess-title = Auto-évaluation de la sécurité
assess-overall = Score global
assess-unanswered = Questions sans réponse
assess-actions = Actions au plan
assess-chart-domains = Score par domaine (sur 100)
assess-chart-risk = Carte des risques
assess-axis-severity = Gravité
assess-axis-likelihood = Vraisemblance
assess-legend-now = aujourd'hui
assess-legend-after = après les actions prévues sous 3 mois
assess-plan = Plan d'action (le plus utile pour le moins d'effort d'abord)
assess-plan-empty = Rien à faire : toutes les réponses sont « oui ».
assess-col-action = Action
assess-col-owner = Qui
assess-col-due = Pour le
assess-col-status = État
assess-col-question = Question
assess-col-answer = Réponse
assess-col-source = Source
assess-answer-automatic = { $answer } (vérifié par Hygie : { $because })
assess-answer-none = sans réponse
status-todo = à faire
status-doing = en cours
status-done = fait

# Registre
register-title = Registre des activités de traitement (RGPD, article 30)
register-controller = Responsable du traitement
register-dpo = Délégué à la protection des données
register-purposes = Finalités
register-legal-basis = Base légale
register-persons = Personnes concernées
register-data = Données
register-recipients = Destinataires
register-transfers = Transferts hors UE
register-retention = Durées de conservation
register-security = Mesures de sécurité
register-processors = Sous-traitants

# Violations
doc-to-complete = à compléter
doc-unknown = inconnu
doc-estimate-pending = estimation en cours (sera donnée dans la notification complémentaire)
breach-open = en cours
breach-origin-alert = alerte n° { $alert } ({ $source }) : { $summary }
breach-origin-manual = ouverte à la main
field-description = Description
field-nature = Nature de la violation
field-person-categories = Catégories de personnes
field-persons-approx = Nombre approximatif de personnes
field-data-categories = Catégories de données
field-records-approx = Nombre approximatif d'enregistrements
field-consequences = Conséquences probables
field-measures-taken = Mesures prises
field-contact = Point de contact
nature-confidentiality = perte de confidentialité
nature-integrity = perte d'intégrité
nature-availability = perte de disponibilité
persons-patients = patients
persons-staff = personnel
persons-relatives = proches des patients
data-health = données de santé
data-identity = identité
data-nir = numéro de sécurité sociale
data-contact = coordonnées
data-financial = données bancaires
data-identity_document = pièces d'identité
risk-nobody = aucune personne n'est concernée
risk-encrypted = les données exposées étaient chiffrées et illisibles pour l'attaquant
risk-sensitive-exposed = des données de santé ou d'identification ont pu être vues ou emportées, sans chiffrement
risk-exposed = des données personnelles ont pu être vues ou emportées
risk-integrity = des données ont pu être modifiées et ne sont pas encore rétablies : risque d'erreur de soin
risk-integrity-restored = des données ont été modifiées, puis rétablies
risk-unavailable = des dossiers de patients sont indisponibles et pas encore restaurés : les soins sont gênés
risk-restored = des dossiers ont été indisponibles, puis restaurés
risk-nature-unknown = la nature de la violation n'est pas encore connue : la notification à la CNIL reste due (elle peut être complétée ensuite)
risk-level = { $level ->
    [high] risque élevé
    [risk] risque
   *[unlikely] risque peu probable
}
clock-cnil = Notification à la CNIL (72 h)
clock-complaint = Plainte (72 h, exigée par l'assureur)
clock-done = fait le { $at }
clock-done-late = fait le { $at }, après le délai
clock-running = avant le { $deadline } (reste { $hours } h)
clock-overdue = délai dépassé depuis le { $deadline } ({ $hours } h de retard)
clock-not-required = non requise (risque peu probable) ; la violation reste au registre interne
cnil-title = Projet de notification à la CNIL — violation n° { $id }
cnil-in-stages = Notification initiale : ces informations manquent encore et seront envoyées en complément (RGPD art. 33.4) : { $fields }.
cnil-section-controller = 1. Responsable du traitement
cnil-controller = Organisme
cnil-address = Adresse
cnil-dpo = Délégué à la protection des données
cnil-section-notification = 2. La notification
cnil-kind = Type de notification
cnil-kind-initial = initiale (des compléments suivront)
cnil-kind-complete = complète
cnil-began = Début de la violation
cnil-discovered = Prise de connaissance
cnil-ended = Fin de la violation
cnil-ongoing = en cours
cnil-deadline = Délai de notification
cnil-late-reason = Motif du retard
cnil-not-late = sans objet (dans le délai)
cnil-section-breach = 3. La violation
cnil-origin = Comment elle a été découverte
cnil-exfiltration = Sortie de données soupçonnée
cnil-section-data = 4. Données et personnes concernées
cnil-encrypted = Données chiffrées (illisibles)
cnil-section-consequences = 5. Conséquences probables
cnil-risk-level = Évaluation du risque
cnil-section-measures = 6. Mesures
cnil-measures-planned = Mesures prévues
cnil-section-persons = 7. Information des personnes
cnil-persons-told = Personnes informées
cnil-persons-told-at = oui, le { $at }
cnil-persons-to-tell = pas encore : le risque est élevé, elles doivent être informées sans tarder (lettre jointe)
cnil-persons-not-needed = non requis : le risque n'est pas élevé
cnil-cross-border = Traitement transfrontalier
cnil-cross-border-none = non
cnil-section-clocks = 8. Délais
cnil-how-to-send = À déposer sur le téléservice de notification de la CNIL (notifications.cnil.fr), en reprenant ces rubriques. Conservez l'accusé de réception et notez la date d'envoi : hygie comply breach mark N cnil-notified.
letter-title = Information sur un incident touchant vos données
letter-opening = Madame, Monsieur,
letter-what = Le { $day }, notre cabinet a subi un incident informatique : { $description }
letter-data = Les données vous concernant qui ont pu être touchées sont : { $data }.
letter-consequences = Ce que cela peut entraîner pour vous : { $consequences }
letter-measures = Ce que nous avons fait : { $measures }
letter-advice-phishing = Méfiez-vous des messages, appels ou SMS qui citeraient vos soins pour vous demander de l'argent, un code ou un mot de passe : ni le cabinet ni l'Assurance maladie ne vous les demanderont.
letter-advice-passwords = Si vous utilisiez le même mot de passe ailleurs que sur nos services, changez-le.
letter-advice-statements = Surveillez vos relevés de remboursement et signalez toute opération inconnue à votre caisse.
letter-contact = Pour toute question : { $contact }.
letter-cnil = Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).
letter-closing = Nous vous prions de nous excuser pour ce désagrément. — { $practice }
log-title = Registre interne des violations de données (RGPD, article 33.5)
log-intro = Toutes les violations y figurent, notifiées ou non, avec leurs faits, leurs effets et les mesures prises.
log-col-discovered = Découverte
log-col-title = Violation
log-col-risk = Risque
log-col-closed = Close le

# Demandes d'accès
requests-title = Registre des demandes d'accès au dossier
requests-rule = Le dossier est communiqué au plus tôt 48 heures après la demande et au plus tard 8 jours après (2 mois si les informations ont plus de 5 ans). La première copie est gratuite.
requests-col-patient = Demandeur
requests-col-received = Reçue le
requests-col-deadline = À envoyer avant le
requests-col-fee = Copie
requests-col-state = État
requests-free = gratuite (première copie)
requests-fee = copie supplémentaire : frais raisonnables possibles
request-too-early = délai de réflexion de 48 h : pas d'envoi avant le { $at }
request-open = à envoyer avant le { $deadline }
request-due-soon = URGENT : à envoyer avant le { $deadline }
request-overdue = EN RETARD : le délai a expiré le { $deadline }
request-answered = envoyée dans le délai
request-answered-late = envoyée après le délai

# Fiche de continuité
kit-title = Que faire en cas d'attaque informatique
kit-first = Écran qui affiche une rançon, fichiers illisibles, ordinateur qui agit seul : débranchez le câble réseau et coupez le Wi-Fi de ce poste, sans l'éteindre, puis appelez le prestataire.
kit-who = Qui appeler
kit-call-it = Prestataire informatique
kit-call-insurer = Assureur (contrat)
kit-call-contact = Référent du cabinet
kit-call-police = Police ou gendarmerie
kit-call-police-how = 17, ou plainte au commissariat ou à la gendarmerie : dans les 72 heures pour être indemnisé
kit-call-cybermalveillance = Assistance aux victimes
kit-call-cybermalveillance-how = cybermalveillance.gouv.fr : diagnostic en ligne et prestataires de proximité
kit-call-cnil = CNIL
kit-call-cnil-how = notifications.cnil.fr : notification dans les 72 heures si des données de patients sont touchées
kit-call-ars = Agence régionale de santé (établissements)
kit-do = À faire dans la première heure
kit-do-unplug = Isoler les postes touchés du réseau (câble et Wi-Fi), sans les éteindre.
kit-do-keep-on = Laisser allumé : la mémoire garde des traces utiles à l'enquête.
kit-do-note = Noter l'heure, ce qui est affiché (photo de l'écran) et qui a vu quoi.
kit-do-call = Appeler le prestataire, puis l'assureur ; déposer plainte.
kit-do-paper = Passer au papier : agenda imprimé, ordonnances manuscrites, prévenir les patients du jour.
kit-dont = À ne pas faire
kit-dont-pay = Ne pas payer la rançon ni contacter l'attaquant.
kit-dont-wipe = Ne pas réinstaller ni effacer les postes avant l'accord du prestataire et de l'assureur.
kit-dont-backup = Ne pas brancher le disque de sauvegarde sur un poste touché.
kit-dont-usb = Ne pas copier de fichiers depuis un poste touché vers une clé USB.
kit-clocks = Deux délais de 72 heures, à partir de la découverte
kit-clock-cnil = Notifier la CNIL si des données de patients sont touchées (hygie comply breach open prépare la notification).
kit-clock-complaint = Porter plainte : l'assureur l'exige pour indemniser (code des assurances, L12-10-1).
kit-snapshots = Dernières sauvegardes
kit-col-snapshot = Sauvegarde
kit-col-taken = Prise le
kit-no-snapshot = Aucune sauvegarde n'existe : lancez hygie backup dès aujourd'hui.
kit-restore = Pour restaurer la dernière sauvegarde dans un dossier neuf (le prestataire tape) :
kit-restore-target = /dossier/neuf
kit-restore-incident = Après une alerte de la sentinelle, « hygie incident restore NUMÉRO » remet seulement les fichiers touchés, vérifiés octet par octet.
cnil-no-dpo = aucun (non obligatoire pour un cabinet libéral)

# Fichiers d'entrée
input-empty = { $file } : le fichier est vide.
input-missing-columns = { $file }, ligne 1 : colonnes manquantes : { $columns }. Ajoutez-les à l'en-tête (l'ordre n'importe pas).
input-duplicate-column = { $file }, ligne 1 : la colonne { $column } apparaît deux fois.
input-field-count = { $file }, ligne { $line } : { $found } valeur(s) alors que l'en-tête a { $expected } colonnes.
input-invalid = { $file }, ligne { $line }, colonne { $column } : { $problem } (« { $value } »).
input-duplicate = { $file }, ligne { $line }, colonne { $column } : « { $value } » figure déjà ligne { $first }.
input-unclosed-quote = { $file }, ligne { $line }, colonne { $column } : un guillemet s'ouvre ici et ne se ferme jamais.
input-malformed = { $file }, ligne { $line } : { $detail }
problem-empty = valeur vide
problem-date = date impossible ou illisible (écrire 2026-03-31 ou 31/03/2026)
problem-future = date dans le futur
problem-yes-no = oui ou non attendu (oui/non, 1/0)
problem-number = nombre entier attendu
review-detail-no-name = compte sans nom de personne
review-unchecked = Non vérifié, faute de colonne dans l'export : { $kinds }.
clock-complaint-not-required = non requise (ce n'est pas une attaque informatique)
