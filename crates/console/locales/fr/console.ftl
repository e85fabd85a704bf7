app-title = Hygie
nav-dashboard = Tableau de bord
nav-alerts = Alertes
nav-backups = Sauvegardes
nav-logout = Se déconnecter
login-title = Connexion
login-user = Identifiant
login-password = Mot de passe
login-code = Code à 6 chiffres (application d'authentification)
login-submit = Se connecter
login-failed = Identifiant, mot de passe ou code incorrect.
login-locked = Trop d'essais : ce compte est bloqué jusqu'à { $until }. Demandez à votre prestataire si ce n'était pas vous.
signed-in-as = Connecté : { $user } ({ $role })
role-admin = administrateur
role-practitioner = praticien
role-secretary = secrétariat
role-auditor = auditeur
light-green = protégé
light-amber = à surveiller
light-red = à traiter
light-backups = Sauvegardes
light-attacks = Attaques
light-compliance = Conformité
backups-ok = Dernière sauvegarde il y a { $hours } h ; dernier exercice de restauration réussi il y a { $days } jours.
backups-none = Aucune sauvegarde n'a encore été faite.
backups-old = La dernière sauvegarde date de { $hours } h.
backups-no-drill = Aucun exercice de restauration réussi depuis plus de 35 jours.
backups-frozen = Les sauvegardes sont gelées à cause d'un incident.
next-backups-none = Prochaine action : lancer « hygie backup » ou démarrer le service Hygie.
next-backups-old = Prochaine action : vérifier que le service Hygie tourne et que le disque de sauvegarde est branché.
next-backups-drill = Prochaine action : lancer un exercice de restauration (« hygie drill »).
next-backups-frozen = Prochaine action : remettre les fichiers en place depuis la page Alertes, puis dégeler.
next-none = Rien à faire.
attacks-quiet = Aucune alerte ouverte ; la sentinelle surveille{ $mail ->
    [yes] {" "}et les messages sont analysés
   *[no] {""}
}.
attacks-open = { $count ->
    [one] Une alerte attend votre attention.
   *[other] { $count } alertes attendent votre attention.
}
attacks-unwatched = La sentinelle ne surveille pas les dossiers.
next-attacks-open = Prochaine action : ouvrir la page Alertes et suivre les consignes.
next-attacks-unwatched = Prochaine action : démarrer le service Hygie en administrateur.
compliance-score = Score de sécurité : { $score }/100.
compliance-none = L'auto-évaluation n'a pas encore été faite.
compliance-deadlines = { $count ->
    [one] Une échéance RGPD est proche ou dépassée.
   *[other] { $count } échéances RGPD sont proches ou dépassées.
}
next-compliance-none = Prochaine action : lancer « hygie comply assess ».
next-compliance-deadlines = Prochaine action : « hygie status » liste les demandes et délais à traiter.
next-compliance-score = Prochaine action : suivre le plan d'action (« hygie comply plan show »).
alerts-title = Alertes
alerts-none = Aucune alerte.
alert-col-number = N°
alert-col-when = Quand
alert-col-source = Origine
alert-col-what = Ce qui s'est passé
alert-col-state = État
alert-restored = fichiers remis en place le { $when }
alert-acknowledged = vue par { $user } le { $when }
alert-unseen = non vue
alert-acknowledge = Marquer comme vue
forbidden-title = Accès refusé
forbidden-text = Votre rôle ne permet pas cette action. Demandez à l'administrateur si vous en avez besoin.
not-found-title = Page introuvable
bad-request-title = Demande refusée
bad-request-text = La demande n'a pas pu être lue. Rechargez la page et recommencez.
event-login = Connexion à la console de { $user }
event-login-failed = Connexion refusée pour « { $user } »
event-locked = Compte « { $user } » bloqué après { $count } échecs
event-logout = Déconnexion de { $user }
event-refused = Action « { $action } » refusée à { $user }
event-csrf = Requête d'un autre site refusée (CSRF) pour { $user }
event-acknowledged = Alerte n° { $id } marquée comme vue par { $user }
backups-problem = Sauvegardes : demande impossible
backups-drill-passed = Dernier exercice de restauration réussi le { $when }.
backups-drill-failed = Le dernier exercice de restauration, le { $when }, a échoué : prévenez votre prestataire.
backups-drill-never = Aucun exercice de restauration n'a encore été fait.
backups-is-frozen = Les sauvegardes sont gelées à cause d'un incident : rien n'est effacé, la dernière sauvegarde saine est conservée.
backups-not-frozen = Les sauvegardes ne sont pas gelées.
backups-none-yet = Aucune sauvegarde pour l'instant.
backups-browse = Parcourir
backups-col-when = Date
backups-col-files = Fichiers
backups-col-size = Taille
backups-col-folders = Dossiers protégés
backups-col-action = Action
backups-col-name = Nom
backups-col-modified = Modifié le
backups-not-found = Cette sauvegarde ou ce dossier n'existe pas.
backups-restore = Restaurer
backups-up = ← Dossier parent
backups-restore-explained = « Restaurer » remet une copie à côté de l'original, avec la date dans son nom : rien n'est remplacé.
backups-snapshot-title = Sauvegarde { $id }
backups-restored-title = Fichier restauré
backups-restored = { $original } est revenu sous le nom { $copy } ({ $files ->
    [one] un fichier
   *[other] { $files } fichiers
}, { $size }). L'original n'a pas été touché.
backups-bad-path = Chemin refusé : « { $path } » n'est pas un chemin absolu de dossier protégé.
nav-journal = Journal
journal-success = réussi
journal-failure = échec
journal-size = { $count ->
    [one] Une entrée dans le journal.
   *[other] { $count } entrées dans le journal.
}
journal-checkpoint = Dernier point de contrôle signé : { $size } entrées, le { $when }.
journal-no-checkpoint = Aucun point de contrôle signé pour l'instant.
journal-witness = Les points de contrôle sont confiés au témoin : { $place }.
journal-no-witness = Aucun témoin : une copie des points de contrôle hors de cette machine rendrait le journal plus sûr (réglage [journal] witness).
journal-verify = Vérifier tout le journal maintenant
journal-search = Rechercher
journal-search-button = Chercher
journal-nothing = Aucune entrée ne correspond.
journal-col-number = N°
journal-col-when = Quand
journal-col-kind = Type
journal-col-who = Qui
journal-col-what = Ce qui s'est passé
journal-col-outcome = Résultat
journal-older = Entrées plus anciennes →
journal-verified-title = Vérification du journal
