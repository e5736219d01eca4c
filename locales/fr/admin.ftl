### La page d’administration (/admin/), en français. Les messages de validation qui nomment un
### chemin JSON de la stratégie viennent des contrôles de la stratégie (comme dans l’API Graph) et
### restent en anglais.

## Heures et jours

admin-when = { $when } UTC
admin-percent = { $percent } %

## La page

admin-title = Campagne d’inscription : administration
admin-heading = Campagne d’inscription
admin-sections = Sections de cette page
admin-policy = Stratégie
admin-settings = Date limite et règles de groupe
admin-funnel = Entonnoir
admin-users = Utilisateurs
admin-what-if = Et si ?
admin-audit = Journal d’audit
admin-store-unavailable = Le stockage n’est pas disponible.
admin-store-unavailable-unchanged = Le stockage n’est pas disponible ; rien n’a été modifié.
admin-csrf-refused = Ce formulaire n’a pas pu être vérifié (CSRF). Rechargez la page d’administration et réessayez ; rien n’a été modifié.
admin-form-expired = Ce formulaire a expiré : les formulaires d’administration sont valables une heure. Rechargez la page d’administration et refaites votre modification ; rien n’a été modifié.
admin-fix-problems = { $count ->
    [one] Corrigez ce problème :
   *[other] Corrigez ces { $count } problèmes :
    }

## Stratégie

admin-policy-not-saved = La stratégie n’a pas été enregistrée.
admin-policy-not-previewed = Aucun aperçu pour l’instant.
admin-passkey-unattested = Le profil de clé d’accès « { $profile } » restreint les clés par modèle sans attestation. Sans attestation, le modèle n’est que ce que le navigateur affirme : n’importe quelle clé peut passer pour une clé autorisée. Réglez l’attestation sur « à l’inscription uniquement » pour appliquer la restriction.
admin-nothing-saved-yet = Rien n’est encore enregistré.
admin-state = État
admin-state-enabled = Activée
admin-state-disabled = Désactivée
admin-state-default = Gérée par Microsoft
admin-snooze-label = Jours de report autorisés (0 à 14 ; 0 = rappel à chaque connexion)
admin-snooze = Jours de report autorisés
admin-snooze-invalid = doit être un nombre entier de jours de 0 à 14
admin-limited = Nombre de reports limité (trois, puis l’inscription devient obligatoire)
admin-targets-hint = Une cible par ligne : le nom de connexion d’un utilisateur (<code>alice@contoso.com</code>), le nom d’un groupe ou d’un utilisateur, un ID seul (l’annuaire distingue utilisateur et groupe), <code>group ID</code>, <code>user ID</code> ou <code>all_users</code>. « Aperçu » montre ce que signifie chaque ligne.
admin-include = Inclure
admin-exclude = Exclure
admin-exclude-label = Exclure (l’exclusion l’emporte)
admin-targets-list = Liste
admin-targets-line = Ligne
admin-targets-type = Type
admin-targets-name = Nom
admin-targets-id = ID
admin-target-type = { $type ->
    [group] groupe
   *[user] utilisateur
    }
admin-not-in-directory = (absent de l’annuaire)
admin-all-users = Tous les utilisateurs
admin-targets-stored = Ce que signifient les listes
admin-targets-refused = Ce que signifient les listes saisies (non enregistrées)
admin-targets-preview = Aperçu : ce qu’« Enregistrer » va stocker
admin-targets-confirm = Ce qu’« Enregistrer » va stocker
admin-cancel = Annuler
admin-preview = Aperçu
admin-save = Enregistrer
admin-preview-notice = Aperçu : rien n’est encore enregistré. Vérifiez ci-dessous ce que signifie chaque ligne, puis choisissez « Enregistrer ».
admin-policy-saved = Enregistré. La stratégie est maintenant en version { $version }.
admin-policy-stale = Quelqu’un d’autre a modifié la stratégie entre-temps. Voici la stratégie actuelle ; refaites votre modification.
admin-confirm-disable = Désactiver la campagne arrête immédiatement tous les rappels, et les utilisateurs qui doivent s’inscrire ne sont plus retenus à la connexion.
admin-confirm-disable-button = Oui, désactiver la campagne
admin-confirm-empty = La liste « Inclure » est vide : personne n’est ciblé, donc personne ne recevra de rappel.
admin-confirm-empty-button = Oui, enregistrer sans personne d’inclus
admin-confirm-both = Désactiver la campagne et vider la liste « Inclure » arrêtent immédiatement tous les rappels, et les utilisateurs qui doivent s’inscrire ne sont plus retenus à la connexion.
admin-confirm-both-button = Oui, la désactiver sans personne d’inclus

## Date limite et règles de groupe

admin-settings-intro = Gardées à part de la stratégie Graph, pour que les scripts Graph restent valides. Après la date limite, les utilisateurs ciblés doivent s’inscrire : leur invite n’a plus « Ignorer pour l’instant ». Une règle de groupe change le report pour les membres du groupe ; la première règle d’un groupe auquel l’utilisateur appartient s’applique.
admin-settings-not-saved = La date limite et les règles de groupe n’ont pas été enregistrées.
admin-deadline = Date limite
admin-deadline-hint = Une date comme <code>2027-01-15</code> (à partir de 00:00 UTC ce jour-là) ou un instant comme <code>2027-01-15T17:00:00Z</code>. Vide : pas de date limite.
admin-deadline-passed = En vigueur : { $when }, dépassée (chaque utilisateur ciblé doit s’inscrire).
admin-deadline-today = En vigueur : { $when }, aujourd’hui.
admin-deadline-in-days = En vigueur : { $when }, dans { $days ->
    [one] { $days } jour
   *[other] { $days } jours
    }.
admin-reminders = Rappels (jours avant l’échéance)
admin-reminders-hint = Jusqu’à 5 nombres de 0 à 60, par exemple <code>7, 1</code> : les utilisateurs qui doivent encore s’inscrire reçoivent un message autant de jours avant leur échéance (0 : quand elle arrive). Nécessite une échéance et des notifications. Vide : aucun rappel.
admin-reminder-plan = Dernière vérification { $when } : { $ahead }. Cette vérification a envoyé { $queued ->
    [one] { $queued } rappel
   *[other] { $queued } rappels
    }.
admin-reminder-ahead = { $days ->
    [0] à l’échéance
    [one] { $days } jour avant
   *[other] { $days } jours avant
    } : { $users ->
    [one] { $users } utilisateur
   *[other] { $users } utilisateurs
    }
admin-reminder-no-address = { $users ->
    [one] { $users } utilisateur n’a pas d’adresse e-mail.
   *[other] { $users } utilisateurs n’ont pas d’adresse e-mail.
    }
admin-rules-hint = Les champs vides prennent la valeur de la stratégie (la date limite d’une règle : celle de la campagne). Pour supprimer une règle, videz ses champs.
admin-rule = Règle de groupe { $number }
admin-rule-group = Groupe (nom ou ID)
admin-rule-snoozes = Reports autorisés
admin-rule-policys = Valeur de la stratégie
admin-rule-unlimited = Illimités
admin-save-settings = Enregistrer la date limite et les règles
admin-field-rule-group = Règle { $number }, groupe
admin-field-rule-snooze = Règle { $number }, jours de report autorisés
admin-field-rule-snoozes = Règle { $number }, reports autorisés
admin-field-rule-deadline = Règle { $number }, date limite
admin-settings-saved = Enregistré. La date limite et les règles de groupe sont maintenant en version { $version }.
admin-settings-stale = Quelqu’un d’autre a modifié la date limite ou les règles de groupe entre-temps. Les voici ; refaites votre modification.

## Entonnoir

admin-funnel-heading = Entonnoir, { $days } derniers jours
admin-funnel-shown = Affichés
admin-funnel-started = Commencés
admin-funnel-scanned = Scannés
admin-funnel-tested = Testés
admin-funnel-registered = Inscrits
admin-funnel-rates = { $of-shown } des affichés · { $from-previous } de l’étape précédente
admin-funnel-hint = Commencés : « Suivant » choisi dans l’invite. Scannés : code QR atteint. Testés : une notification de test a été envoyée (le code d’une application d’authentification teste et inscrit en une seule étape, donc « Testés » n’est jamais inférieur à « Inscrits »). Inscrits : l’hôte a enregistré la nouvelle méthode.
admin-per-day = Par jour
admin-legend-shown = affichés
admin-legend-skipped = ignorés
admin-legend-registered = inscrits
admin-chart-title = Campagne d’inscription par jour
admin-chart-description = Rappels affichés, ignorés et inscriptions pour chacun des { $days } derniers jours ; le tableau ci-dessous donne les chiffres.
admin-report-caption = Par jour (conversion : inscriptions par rappel affiché ; – les jours sans rappel)
admin-report-day = Jour
admin-report-shown = Affichés
admin-report-required = Obligatoires
admin-report-skipped = Ignorés
admin-report-download = Téléchargement
admin-report-scan = Scan
admin-report-test-sent = Test envoyé
admin-report-approved = Approuvés
admin-report-registered = Inscrits
admin-report-abandoned = Abandonnés
admin-report-conversion = Conversion
admin-download-csv = Télécharger le CSV

## Utilisateurs

admin-users-intro = Toutes les personnes que la campagne a rencontrées, et toutes les personnes ciblées que liste votre annuaire, et où elles en sont : ce que donnerait leur prochaine connexion, avec la règle de leur groupe quand l'annuaire de l'hôte connaît leurs groupes.
admin-users-by-status = Afficher les utilisateurs par statut
admin-users-all = Tous
admin-status-snoozed = Reporté
admin-status-due = À relancer
admin-status-required = Obligatoire
admin-status-registered = Inscrit
admin-status-exempt = Exempté
admin-users-exempt-until = Exempté jusqu’au
admin-exempt-heading = Exempter un utilisateur
admin-exempt-user = ID de l’utilisateur
admin-exempt-until = Jusqu’au (une date comme 2027-01-15, dès 00:00 UTC)
admin-exempt-reason = Motif (200 caractères au plus)
admin-exempt-button = Exempter
admin-exempt-remove = Retirer l’exemption
admin-exempt-done = { $user } est exempté jusqu’au { $until } : ni invitation ni obligation.
admin-exempt-removed = { $user } n’est plus exempté.
admin-exempt-unknown = Non exempté : ni l’annuaire ni la campagne ne connaissent l’utilisateur { $user }.
admin-exempt-bad-until = Non exempté : la fin doit être une date après aujourd’hui, dans un an au plus, par exemple 2027-01-15.
admin-exempt-bad-reason = Non exempté : indiquez un motif de 1 à 200 caractères.
admin-users-unavailable = Le stockage n’a pas répondu ; rechargez la page pour réessayer.
admin-users-none = { $status ->
    [snoozed] Aucun utilisateur reporté pour l’instant.
    [due] Aucun utilisateur à relancer pour l’instant.
    [required] Aucun utilisateur avec inscription obligatoire pour l’instant.
    [registered] Aucun utilisateur inscrit pour l’instant.
   *[all] Aucun utilisateur pour l’instant.
    }
admin-users-caption = { $status ->
    [snoozed] { $count ->
        [one] { $count } utilisateur reporté
       *[other] { $count } utilisateurs reportés
        }
    [due] { $count ->
        [one] { $count } utilisateur à relancer
       *[other] { $count } utilisateurs à relancer
        }
    [required] { $count ->
        [one] { $count } utilisateur avec inscription obligatoire
       *[other] { $count } utilisateurs avec inscription obligatoire
        }
    [registered] { $count ->
        [one] { $count } utilisateur inscrit
       *[other] { $count } utilisateurs inscrits
        }
   *[all] { $count ->
        [one] { $count } utilisateur
       *[other] { $count } utilisateurs
        }
    }
admin-users-more = (suite à la page suivante)
admin-users-user = Utilisateur
admin-users-status = Statut
admin-users-snoozed-until = Reporté jusqu’au
admin-users-registered = Inscrit
admin-users-next-page = Page suivante
admin-users-csv = { $status ->
    [snoozed] Télécharger les utilisateurs reportés au format CSV
    [due] Télécharger les utilisateurs à relancer au format CSV
    [required] Télécharger les utilisateurs avec inscription obligatoire au format CSV
    [registered] Télécharger les utilisateurs inscrits au format CSV
   *[all] Télécharger les utilisateurs au format CSV
    }
admin-users-every-page = (toutes les pages)

## Et si ?

admin-what-if-intro = La décision du vrai moteur pour la prochaine connexion d’un utilisateur, avec son état de report actuel. Rien n’est enregistré.
admin-what-if-user = Utilisateur (ID ou nom de connexion)
admin-what-if-change = Modifier les groupes, les méthodes ou le navigateur de l’utilisateur
admin-what-if-empty-fields = Les champs vides reprennent ce que l’annuaire dit de l’utilisateur.
admin-what-if-groups = ID de groupes (séparés par des virgules)
admin-what-if-methods = Méthodes (séparées par des virgules, par ex. <code>sms, softwareOath</code>)
admin-what-if-browser = User-Agent du navigateur (vide : un navigateur de bureau)
admin-explain = Expliquer
admin-why = Pourquoi : { $reason }
admin-decision-nudge = Rappel : l’invite s’affiche, avec « Ignorer pour l’instant »
admin-decision-required = Obligatoire : l’invite s’affiche sans possibilité d’ignorer, et la connexion attend l’inscription
admin-decision-pass = Pas de rappel : la connexion continue
admin-snoozed-so-far = Reporté { $count } fois jusqu’ici.
admin-snoozed-so-far-left = Reporté { $count } fois jusqu’ici ; encore { $left ->
    [one] { $left } report possible
   *[other] { $left } reports possibles
    }.
admin-skip-lasts-until = Un report maintenant durerait jusqu’au { $when }.
admin-decided-with = Décidé avec la version { $version } de la stratégie.
admin-what-if-who = Utilisateur : { $who }.
admin-what-if-from-directory = Groupes et méthodes selon l’annuaire : { $groups } ; méthodes { $methods }.
admin-what-if-as-typed = Groupes et méthodes tels que saisis (l’annuaire ne décrit pas cet utilisateur) : { $groups } ; méthodes { $methods }.
admin-no-groups = aucun groupe
admin-no-answer = Pas de réponse : { $error }
admin-reason-campaignDisabled = La campagne est désactivée.
admin-reason-excluded = L’utilisateur, ou un groupe dont il fait partie, figure dans la liste d’exclusion (l’exclusion l’emporte sur l’inclusion).
admin-reason-notTargeted = Ni l’utilisateur ni aucun de ses groupes ne figure dans la liste « Inclure ».
admin-reason-notTelephonyMfa = Une campagne gérée par Microsoft ne relance que les utilisateurs qui ont fait la MFA par SMS ou par appel vocal.
admin-reason-authenticatorNotEnabled = Microsoft Authenticator n’est pas activé pour cet utilisateur dans sa configuration de méthode.
admin-reason-passwordlessMode = Microsoft Authenticator n’est activé pour cet utilisateur qu’en mode sans mot de passe (push lié à l’appareil), pour lequel la campagne ne relance pas.
admin-reason-alreadyRegistered = L’utilisateur a déjà Microsoft Authenticator avec les notifications.
admin-reason-mobileDevice = La connexion vient du navigateur d’un téléphone ; les téléphones ne sont relancés qu’une fois l’inscription obligatoire.
admin-reason-nonBrowserClient = La connexion vient d’une application ou d’un script, pas d’un navigateur.
admin-reason-singleSignOn = Authentification unique : il n’y a pas eu de MFA interactive lors de cette connexion.
admin-reason-registeredMethodThisSession = L’utilisateur a inscrit une autre méthode pendant cette session.
admin-reason-registrationBlockedByConditionalAccess = L’accès conditionnel bloque l’inscription des informations de sécurité pour cette connexion.
admin-reason-termsOfUse = Des conditions d’utilisation ont été affichées lors de cette connexion.
admin-reason-customControl = Un contrôle personnalisé de l’accès conditionnel a pris en charge cette connexion.
admin-reason-clientExemptionWhileRequired = L’inscription est obligatoire, mais les téléphones et les applications passent (les exemptions de clients sont activées).
admin-reason-notEnabledForPasskeys = La campagne demande une clé d’accès, mais les clés d’accès ne sont pas activées pour cet utilisateur.
admin-reason-guestPasskey = Les campagnes de clés d’accès ne relancent pas les invités.
admin-reason-passkeyAlreadyUsableHere = L’utilisateur a déjà une clé d’accès qui fonctionne dans ce navigateur.
admin-reason-snoozed-until = L’utilisateur a choisi « Ignorer pour l’instant » ; le report court jusqu’au { $when }.
admin-reason-snoozed = L’utilisateur a choisi « Ignorer pour l’instant » et le report court toujours.
admin-reason-exempted = Un administrateur a exempté l’utilisateur : ni invitation ni obligation jusqu’à la fin de l’exemption.
admin-reason-inScope = L’utilisateur est ciblé et rien n’exempte cette connexion.
admin-reason-snoozeLimitReached = L’utilisateur a utilisé tous les reports autorisés.
admin-reason-deadlinePassed = La date limite de l’utilisateur est dépassée.
admin-reason-unknown = Le moteur a donné une raison que cette page ne connaît pas encore.

## Journal d’audit

admin-audit-empty = Aucune modification pour l’instant.
admin-audit-newest-first = Les plus récentes d’abord
admin-audit-when = Quand
admin-audit-who = Qui
admin-audit-what = Quoi
admin-audit-version = Version
admin-audit-who-startup = L’hôte, au démarrage
admin-audit-target-policy = Stratégie des méthodes d’authentification
admin-audit-target-settings = Échéance, règles de groupe et rappels
admin-audit-target-method = Paramètres de la méthode : { $method }
admin-audit-target-registration = Inscription : { $method }
admin-audit-target-registration-from = Inscription : { $method }, depuis { $ip }
admin-audit-target-exempted = { $user } exempté jusqu’au { $until }
admin-audit-target-exemption-removed = Exemption de { $user } retirée
admin-what-if-enter-user = Saisissez l’ID ou le nom de connexion d’un utilisateur.
admin-what-if-unknown-user = Aucun utilisateur de l’annuaire n’a le nom de connexion ou le nom « { $typed } » : saisissez son ID.
admin-what-if-ambiguous = « { $typed } » désigne { $count } utilisateurs : saisissez l’ID de celui que vous voulez.
admin-what-if-no-methods = L’annuaire n’indique aucune méthode de connexion pour cet utilisateur, qui ne peut donc pas faire de MFA : saisissez ses méthodes ci-dessous.
admin-what-if-undescribed = L’annuaire ne décrit pas cet utilisateur : saisissez ses méthodes (et ses groupes) ci-dessous.

## What a registration was (what-if and the user table).
admin-method-push = notifications push
admin-method-totp = application d'authentification
admin-method-unknown = non enregistrée
admin-method-passkey = clé d'accès
admin-reason-registered-through-campaign = L'utilisateur s'est inscrit via la campagne le { $when } ({ $method }).
admin-reason-directory-method = L'annuaire indique { $method } pour cet utilisateur, ce que cette campagne accepte.
admin-auth-method-microsoftAuthenticatorPush = Microsoft Authenticator avec notifications
admin-auth-method-microsoftAuthenticatorPasswordless = la connexion sans mot de passe de Microsoft Authenticator
admin-auth-method-softwareOath = une application d'authentification (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = les codes de Microsoft Authenticator (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
        [one] 1 utilisateur tenu de s'inscrire peut de nouveau reporter.
       *[other] { $unrequired } utilisateurs tenus de s'inscrire peuvent de nouveau reporter.
    } { $required ->
        [0] { "" }
        [one] 1 utilisateur de plus doit maintenant s'inscrire.
       *[other] { $required } utilisateurs de plus doivent maintenant s'inscrire.
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
        [one] L'enregistrement permettrait à 1 utilisateur tenu de s'inscrire de reporter de nouveau.
       *[other] L'enregistrement permettrait à { $unrequired } utilisateurs tenus de s'inscrire de reporter de nouveau.
    } { $required ->
        [0] { "" }
        [one] L'enregistrement obligerait 1 utilisateur de plus à s'inscrire.
       *[other] L'enregistrement obligerait { $required } utilisateurs de plus à s'inscrire.
    }
admin-shift-partial = (Compté sur les { $count } premiers utilisateurs rencontrés par la campagne.)

## Who is signed in (when the host says).
admin-signed-in-as = Connecté en tant que { $name }
admin-sign-out = Se déconnecter

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = Un administrateur a prolongé le report de l’utilisateur jusqu’au { $when } : ni invitation ni obligation d’ici là.
admin-audit-target-snoozes-reset = Reports de { $user } remis à zéro
admin-audit-target-snooze-extended = Report de { $user } prolongé jusqu’au { $until }
admin-audit-target-snooze-extension-removed = Prolongation du report de { $user } terminée
admin-reset-button = Remettre les reports à zéro
admin-reset-done = { $user } retrouve tous ses reports et sera invité à la prochaine connexion.
admin-extend-heading = Prolonger le report d’un utilisateur
admin-extend-until = Jusqu’au (une date comme 2027-01-15, dès 00:00 UTC)
admin-extend-button = Prolonger le report
admin-extend-remove = Terminer la prolongation
admin-extend-done = { $user } ne sera ni invité ni obligé jusqu’au { $until }.
admin-extend-removed = La prolongation du report de { $user } est terminée.
admin-extend-bad-until = Non prolongé : la fin doit être une date après aujourd’hui, au plus 90 jours plus tard, comme 2027-01-15.
admin-user-unknown = Ni l’annuaire ni la campagne ne connaissent d’utilisateur { $user }.
admin-users-shown = Affichages
admin-users-skipped = Ignorées
admin-users-left = Laissées ouvertes
admin-users-last-shown = Dernier affichage
admin-status-notYetShown = Pas encore invité
admin-users-csv-excel = CSV pour Excel
admin-users-search = Chercher des utilisateurs par nom
admin-users-search-button = Chercher
# $total: every user the report has with this filter
admin-users-total = ({ $total } en tout)
admin-methods-caption = L’entonnoir de chaque méthode, sur les mêmes jours
admin-methods-method = Méthode
admin-methods-rate = Inscrits parmi ceux qui ont atteint sa configuration
admin-methods-hint = Un utilisateur passé du push au code d’une application compte pour les deux ; l’entonnoir ci-dessus le compte une fois.
