### Die Verwaltungsseite (/admin/) auf Deutsch. Prüfmeldungen, die einen JSON-Pfad der
### Richtlinie nennen, stammen aus der Prüfung der Richtlinie (wie in der Graph-API) und bleiben
### auf Englisch.

## Zeiten und Tage

admin-when = { $when } UTC
admin-percent = { $percent } %

## Die Seite

admin-title = Registrierungskampagne: Verwaltung
admin-heading = Registrierungskampagne
admin-sections = Abschnitte dieser Seite
admin-policy = Richtlinie
admin-settings = Frist und Gruppenregeln
admin-funnel = Trichter
admin-users = Benutzer
admin-what-if = Was wäre, wenn?
admin-audit = Überwachungsprotokoll
admin-store-unavailable = Der Speicher ist nicht verfügbar.
admin-store-unavailable-unchanged = Der Speicher ist nicht verfügbar; es wurde nichts geändert.
admin-csrf-refused = Dieses Formular konnte nicht überprüft werden (CSRF). Laden Sie die Verwaltungsseite neu, und versuchen Sie es erneut; es wurde nichts geändert.
admin-form-expired = Dieses Formular ist abgelaufen: Verwaltungsformulare gelten eine Stunde lang. Laden Sie die Verwaltungsseite neu, und nehmen Sie Ihre Änderung erneut vor; es wurde nichts geändert.
admin-fix-problems = { $count ->
    [one] Beheben Sie dieses Problem:
   *[other] Beheben Sie diese { $count } Probleme:
    }

## Richtlinie

admin-policy-not-saved = Die Richtlinie wurde nicht gespeichert.
admin-policy-not-previewed = Noch keine Vorschau.
admin-passkey-unattested = Das Passkey-Profil „{ $profile }“ beschränkt Schlüssel nach Modell, ohne Attestierung. Ohne Attestierung ist das Modell nur eine Angabe des Browsers, daher kann jeder Schlüssel als erlaubter gelten. Stellen Sie die Attestierung auf „nur bei der Registrierung“, um die Beschränkung durchzusetzen.
admin-nothing-saved-yet = Noch ist nichts gespeichert.
admin-state = Status
admin-state-enabled = Aktiviert
admin-state-disabled = Deaktiviert
admin-state-default = Von Microsoft verwaltet
admin-snooze-label = Tage, um die zurückgestellt werden kann (0 bis 14; 0 = bei jeder Anmeldung auffordern)
admin-snooze = Tage, um die zurückgestellt werden kann
admin-snooze-invalid = muss eine ganze Zahl von Tagen von 0 bis 14 sein
admin-limited = Begrenzte Anzahl von Zurückstellungen (drei, danach ist die Registrierung erforderlich)
admin-targets-hint = Ein Ziel pro Zeile: der Anmeldename eines Benutzers (<code>alice@contoso.com</code>), der Name einer Gruppe oder eines Benutzers, eine ID allein (das Verzeichnis unterscheidet Benutzer und Gruppe), <code>group ID</code>, <code>user ID</code> oder <code>all_users</code>. „Vorschau“ zeigt, was jede Zeile bedeutet.
admin-include = Einschließen
admin-exclude = Ausschließen
admin-exclude-label = Ausschließen (Ausschluss hat Vorrang)
admin-targets-list = Liste
admin-targets-line = Zeile
admin-targets-type = Typ
admin-targets-name = Name
admin-targets-id = ID
admin-target-type = { $type ->
    [group] Gruppe
   *[user] Benutzer
    }
admin-not-in-directory = (nicht im Verzeichnis)
admin-all-users = Alle Benutzer
admin-targets-stored = Was die Listen bedeuten
admin-targets-refused = Was die eingegebenen Listen bedeuten (nicht gespeichert)
admin-targets-preview = Vorschau: was „Speichern“ speichern wird
admin-targets-confirm = Was „Speichern“ speichern wird
admin-cancel = Abbrechen
admin-preview = Vorschau
admin-save = Speichern
admin-preview-notice = Vorschau: Noch ist nichts gespeichert. Prüfen Sie unten, was jede Zeile bedeutet, und wählen Sie dann „Speichern“.
admin-policy-saved = Gespeichert. Die Richtlinie hat jetzt die Version { $version }.
admin-policy-stale = Jemand anderes hat die Richtlinie inzwischen geändert. Hier ist die aktuelle Richtlinie; nehmen Sie Ihre Änderung erneut vor.
admin-confirm-disable = Wenn Sie die Kampagne deaktivieren, enden alle Aufforderungen sofort, und Benutzer, die sich registrieren müssen, werden bei der Anmeldung nicht mehr aufgehalten.
admin-confirm-disable-button = Ja, Kampagne deaktivieren
admin-confirm-empty = Die Liste „Einschließen“ ist leer: Niemand ist Ziel, also wird niemand aufgefordert.
admin-confirm-empty-button = Ja, ohne eingeschlossene Benutzer speichern
admin-confirm-both = Wenn Sie die Kampagne deaktivieren und die Liste „Einschließen“ leeren, enden alle Aufforderungen sofort, und Benutzer, die sich registrieren müssen, werden bei der Anmeldung nicht mehr aufgehalten.
admin-confirm-both-button = Ja, deaktivieren und niemanden einschließen

## Frist und Gruppenregeln

admin-settings-intro = Getrennt von der Graph-Richtlinie gespeichert, damit Graph-Skripts gültig bleiben. Nach der Frist müssen sich Zielbenutzer registrieren: Ihre Aufforderung hat kein „Jetzt überspringen“ mehr. Eine Gruppenregel ändert das Zurückstellen für die Mitglieder der Gruppe; es gilt die erste Regel für eine Gruppe, zu der der Benutzer gehört.
admin-settings-not-saved = Die Frist und die Gruppenregeln wurden nicht gespeichert.
admin-deadline = Frist
admin-deadline-hint = Ein Datum wie <code>2027-01-15</code> (ab 00:00 UTC an diesem Tag) oder ein Zeitpunkt wie <code>2027-01-15T17:00:00Z</code>. Leer: keine Frist.
admin-deadline-passed = In Kraft: { $when }, abgelaufen (jeder Zielbenutzer muss sich registrieren).
admin-deadline-today = In Kraft: { $when }, heute.
admin-deadline-in-days = In Kraft: { $when }, in { $days ->
    [one] { $days } Tag
   *[other] { $days } Tagen
    }.
admin-reminders = Erinnerungen (Tage vor der Frist)
admin-reminders-hint = Bis zu 5 Zahlen von 0 bis 60, zum Beispiel <code>7, 1</code>: Benutzer, die sich noch registrieren müssen, erhalten so viele Tage vor ihrer Frist eine Nachricht (0: wenn sie abläuft). Benötigt eine Frist und Benachrichtigungen. Leer: keine Erinnerungen.
admin-reminder-plan = Zuletzt geprüft { $when }: { $ahead }. Diese Prüfung hat { $queued ->
    [one] { $queued } Erinnerung
   *[other] { $queued } Erinnerungen
    } gesendet.
admin-reminder-ahead = { $days ->
    [0] bei Fristablauf
    [one] { $days } Tag vorher
   *[other] { $days } Tage vorher
    }: { $users ->
    [one] { $users } Benutzer
   *[other] { $users } Benutzer
    }
admin-reminder-no-address = { $users ->
    [one] { $users } Benutzer hat keine E-Mail-Adresse.
   *[other] { $users } Benutzer haben keine E-Mail-Adresse.
    }
admin-rules-hint = Leere Felder verwenden den Wert der Richtlinie (die Frist einer Regel: die der Kampagne). Um eine Regel zu entfernen, leeren Sie ihre Felder.
admin-rule = Gruppenregel { $number }
admin-rule-group = Gruppe (Name oder ID)
admin-rule-snoozes = Erlaubte Zurückstellungen
admin-rule-policys = Wert der Richtlinie
admin-rule-unlimited = Unbegrenzt
admin-save-settings = Frist und Regeln speichern
admin-field-rule-group = Regel { $number }, Gruppe
admin-field-rule-snooze = Regel { $number }, Tage, um die zurückgestellt werden kann
admin-field-rule-snoozes = Regel { $number }, erlaubte Zurückstellungen
admin-field-rule-deadline = Regel { $number }, Frist
admin-settings-saved = Gespeichert. Frist und Gruppenregeln haben jetzt die Version { $version }.
admin-settings-stale = Jemand anderes hat Frist oder Gruppenregeln inzwischen geändert. Hier ist der aktuelle Stand; nehmen Sie Ihre Änderung erneut vor.

## Trichter

admin-funnel-heading = Trichter, letzte { $days } Tage
admin-funnel-shown = Angezeigt
admin-funnel-started = Begonnen
admin-funnel-scanned = Gescannt
admin-funnel-tested = Getestet
admin-funnel-registered = Registriert
admin-funnel-rates = { $of-shown } der angezeigten · { $from-previous } des vorherigen Schritts
admin-funnel-hint = Begonnen: „Weiter“ in der Aufforderung gewählt. Gescannt: den QR-Code erreicht. Getestet: eine Testbenachrichtigung wurde gesendet (der Code einer Authentifizierungs-App testet und registriert in einem Schritt, daher liegt „Getestet“ nie unter „Registriert“). Registriert: der Host hat die neue Methode gespeichert.
admin-per-day = Pro Tag
admin-legend-shown = angezeigt
admin-legend-skipped = übersprungen
admin-legend-registered = registriert
admin-chart-title = Registrierungskampagne pro Tag
admin-chart-description = Angezeigte Aufforderungen, Überspringen und Registrierungen für jeden der letzten { $days } Tage; die Tabelle darunter enthält die Zahlen.
admin-report-caption = Pro Tag (Konversion: Registrierungen je angezeigter Aufforderung; – an Tagen ohne Aufforderungen)
admin-report-day = Tag
admin-report-shown = Angezeigt
admin-report-required = Erforderlich
admin-report-skipped = Übersprungen
admin-report-download = Download
admin-report-scan = Scan
admin-report-test-sent = Test gesendet
admin-report-approved = Genehmigt
admin-report-registered = Registriert
admin-report-abandoned = Abgebrochen
admin-report-conversion = Konversion
admin-download-csv = CSV herunterladen

## Benutzer

admin-users-intro = Alle, denen die Kampagne begegnet ist, und alle Zielbenutzer, die Ihr Verzeichnis auflistet, und wo sie stehen: was ihre nächste Anmeldung ergäbe, mit der Regel ihrer Gruppe, wenn das Verzeichnis des Hosts ihre Gruppen kennt.
admin-users-by-status = Benutzer nach Status anzeigen
admin-users-all = Alle
admin-status-snoozed = Zurückgestellt
admin-status-due = Fällig
admin-status-required = Erforderlich
admin-status-registered = Registriert
admin-status-exempt = Ausgenommen
admin-users-exempt-until = Ausgenommen bis
admin-exempt-heading = Benutzer ausnehmen
admin-exempt-user = Benutzer-ID
admin-exempt-until = Bis (ein Datum wie 2027-01-15, ab 00:00 UTC)
admin-exempt-reason = Grund (bis zu 200 Zeichen)
admin-exempt-button = Ausnehmen
admin-exempt-remove = Ausnahme aufheben
admin-exempt-done = { $user } ist ausgenommen bis { $until }: keine Aufforderung, keine Pflicht.
admin-exempt-removed = { $user } ist nicht mehr ausgenommen.
admin-exempt-unknown = Nicht ausgenommen: Weder das Verzeichnis noch die Kampagne kennt einen Benutzer { $user }.
admin-exempt-bad-until = Nicht ausgenommen: Das Ende muss ein Datum nach heute sein, höchstens ein Jahr im Voraus, zum Beispiel 2027-01-15.
admin-exempt-bad-reason = Nicht ausgenommen: Geben Sie einen Grund mit 1 bis 200 Zeichen an.
admin-users-unavailable = Der Speicher hat nicht geantwortet; laden Sie die Seite neu, um es erneut zu versuchen.
admin-users-none = { $status ->
    [snoozed] Noch keine zurückgestellten Benutzer.
    [due] Noch keine fälligen Benutzer.
    [required] Noch keine Benutzer, für die die Registrierung erforderlich ist.
    [registered] Noch keine registrierten Benutzer.
   *[all] Noch keine Benutzer.
    }
admin-users-caption = { $status ->
    [snoozed] { $count ->
        [one] { $count } zurückgestellter Benutzer
       *[other] { $count } zurückgestellte Benutzer
        }
    [due] { $count ->
        [one] { $count } fälliger Benutzer
       *[other] { $count } fällige Benutzer
        }
    [required] { $count ->
        [one] { $count } Benutzer mit erforderlicher Registrierung
       *[other] { $count } Benutzer mit erforderlicher Registrierung
        }
    [registered] { $count ->
        [one] { $count } registrierter Benutzer
       *[other] { $count } registrierte Benutzer
        }
   *[all] { $count } Benutzer
    }
admin-users-more = (weitere auf der nächsten Seite)
admin-users-user = Benutzer
admin-users-status = Status
admin-users-snoozed-until = Zurückgestellt bis
admin-users-registered = Registriert
admin-users-next-page = Nächste Seite
admin-users-csv = { $status ->
    [snoozed] Zurückgestellte Benutzer als CSV herunterladen
    [due] Fällige Benutzer als CSV herunterladen
    [required] Benutzer mit erforderlicher Registrierung als CSV herunterladen
    [registered] Registrierte Benutzer als CSV herunterladen
   *[all] Benutzer als CSV herunterladen
    }
admin-users-every-page = (alle Seiten)

## Was wäre, wenn?

admin-what-if-intro = Die Entscheidung der echten Logik für die nächste Anmeldung eines Benutzers, mit seinem aktuellen Zurückstellungsstand. Es wird nichts gespeichert.
admin-what-if-user = Benutzer (ID oder Anmeldename)
admin-what-if-change = Gruppen, Methoden oder Browser des Benutzers ändern
admin-what-if-empty-fields = Leere Felder verwenden, was das Verzeichnis über den Benutzer sagt.
admin-what-if-groups = Gruppen-IDs (durch Kommas getrennt)
admin-what-if-methods = Methoden (durch Kommas getrennt, z. B. <code>sms, softwareOath</code>)
admin-what-if-browser = User-Agent des Browsers (leer: ein Desktopbrowser)
admin-explain = Erklären
admin-why = Grund: { $reason }
admin-decision-nudge = Aufgefordert: Die Aufforderung wird mit „Jetzt überspringen“ angezeigt
admin-decision-required = Erforderlich: Die Aufforderung wird ohne Überspringen angezeigt, und die Anmeldung wartet auf die Registrierung
admin-decision-pass = Nicht aufgefordert: Die Anmeldung geht weiter
admin-snoozed-so-far = Bisher { $count }-mal zurückgestellt.
admin-snoozed-so-far-left = Bisher { $count }-mal zurückgestellt; kann noch { $left }-mal überspringen.
admin-skip-lasts-until = Ein Überspringen jetzt würde bis { $when } gelten.
admin-decided-with = Entschieden mit Richtlinienversion { $version }.
admin-what-if-who = Benutzer: { $who }.
admin-what-if-from-directory = Gruppen und Methoden aus dem Verzeichnis: { $groups }; Methoden { $methods }.
admin-what-if-as-typed = Gruppen und Methoden wie eingegeben (das Verzeichnis beschreibt diesen Benutzer nicht): { $groups }; Methoden { $methods }.
admin-no-groups = keine Gruppen
admin-no-answer = Keine Antwort: { $error }
admin-reason-campaignDisabled = Die Kampagne ist deaktiviert.
admin-reason-excluded = Der Benutzer oder eine seiner Gruppen steht in der Ausschlussliste (Ausschluss hat Vorrang vor Einschluss).
admin-reason-notTargeted = Weder der Benutzer noch eine seiner Gruppen steht in der Liste „Einschließen“.
admin-reason-notTelephonyMfa = Eine von Microsoft verwaltete Kampagne fordert nur Benutzer auf, die die MFA per SMS oder Anruf durchgeführt haben.
admin-reason-authenticatorNotEnabled = Microsoft Authenticator ist für diesen Benutzer in seiner Methodenkonfiguration nicht aktiviert.
admin-reason-passwordlessMode = Microsoft Authenticator ist für diesen Benutzer nur im kennwortlosen Modus aktiviert (gerätebasierter Push), für den die Kampagne nicht auffordert.
admin-reason-alreadyRegistered = Der Benutzer hat Microsoft Authenticator bereits mit Benachrichtigungen.
admin-reason-mobileDevice = Die Anmeldung kommt aus dem Browser eines Smartphones; Smartphones werden erst aufgefordert, wenn die Registrierung erforderlich ist.
admin-reason-nonBrowserClient = Die Anmeldung kommt aus einer App oder einem Skript, nicht aus einem Browser.
admin-reason-singleSignOn = Einmaliges Anmelden: Bei dieser Anmeldung gab es keine interaktive MFA.
admin-reason-registeredMethodThisSession = Der Benutzer hat in dieser Sitzung eine andere Methode registriert.
admin-reason-registrationBlockedByConditionalAccess = Der bedingte Zugriff blockiert für diese Anmeldung das Registrieren von Sicherheitsinformationen.
admin-reason-termsOfUse = Bei dieser Anmeldung wurden Nutzungsbedingungen angezeigt.
admin-reason-customControl = Ein benutzerdefiniertes Steuerelement des bedingten Zugriffs hat diese Anmeldung übernommen.
admin-reason-clientExemptionWhileRequired = Die Registrierung ist erforderlich, aber Smartphones und Apps werden durchgelassen (Clientausnahmen sind aktiviert).
admin-reason-notEnabledForPasskeys = Die Kampagne verlangt einen Passkey, aber Passkeys sind für diesen Benutzer nicht aktiviert.
admin-reason-guestPasskey = Passkey-Kampagnen fordern keine Gäste auf.
admin-reason-passkeyAlreadyUsableHere = Der Benutzer hat bereits einen Passkey, der in diesem Browser funktioniert.
admin-reason-snoozed-until = Der Benutzer hat „Jetzt überspringen“ gewählt; die Zurückstellung gilt bis { $when }.
admin-reason-snoozed = Der Benutzer hat „Jetzt überspringen“ gewählt, und die Zurückstellung läuft noch.
admin-reason-exempted = Ein Administrator hat den Benutzer ausgenommen: keine Aufforderung und keine Pflicht, bis die Ausnahme endet.
admin-reason-inScope = Der Benutzer ist Ziel, und nichts nimmt diese Anmeldung aus.
admin-reason-snoozeLimitReached = Der Benutzer hat alle erlaubten Zurückstellungen aufgebraucht.
admin-reason-deadlinePassed = Die Frist des Benutzers ist abgelaufen.
admin-reason-unknown = Die Logik hat einen Grund angegeben, den diese Seite noch nicht kennt.

## Überwachungsprotokoll

admin-audit-empty = Noch keine Änderungen.
admin-audit-newest-first = Neueste zuerst
admin-audit-when = Wann
admin-audit-who = Wer
admin-audit-what = Was
admin-audit-version = Version
admin-audit-who-startup = Der Host beim Start
admin-audit-target-policy = Richtlinie für Authentifizierungsmethoden
admin-audit-target-settings = Frist, Gruppenregeln und Erinnerungen
admin-audit-target-method = Methodeneinstellungen: { $method }
admin-audit-target-registration = Registriert: { $method }
admin-audit-target-registration-from = Registriert: { $method }, von { $ip }
admin-audit-target-exempted = { $user } ausgenommen bis { $until }
admin-audit-target-exemption-removed = Ausnahme für { $user } aufgehoben
admin-what-if-enter-user = Geben Sie die ID oder den Anmeldenamen eines Benutzers ein.
admin-what-if-unknown-user = Kein Benutzer im Verzeichnis hat den Anmeldenamen oder Namen „{ $typed }“: Geben Sie seine ID ein.
admin-what-if-ambiguous = „{ $typed }“ bezeichnet { $count } Benutzer: Geben Sie die ID des gemeinten Benutzers ein.
admin-what-if-no-methods = Das Verzeichnis nennt für diesen Benutzer keine Anmeldemethoden, daher kann er keine MFA durchführen: Geben Sie unten seine Methoden ein.
admin-what-if-undescribed = Das Verzeichnis beschreibt diesen Benutzer nicht: Geben Sie unten seine Methoden (und Gruppen) ein.

## What a registration was (what-if and the user table).
admin-method-push = Push-Benachrichtigungen
admin-method-totp = Authentifizierungs-App
admin-method-unknown = nicht erfasst
admin-method-passkey = Passkey
admin-reason-registered-through-campaign = Der Benutzer hat sich am { $when } über die Kampagne registriert ({ $method }).
admin-reason-directory-method = Das Verzeichnis führt für den Benutzer { $method }, was diese Kampagne akzeptiert.
admin-auth-method-microsoftAuthenticatorPush = Microsoft Authenticator mit Benachrichtigungen
admin-auth-method-microsoftAuthenticatorPasswordless = die kennwortlose Anmeldung mit Microsoft Authenticator
admin-auth-method-softwareOath = eine Authentifizierungs-App (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = Codes aus Microsoft Authenticator (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
        [one] 1 Benutzer, für den die Registrierung erforderlich war, kann jetzt wieder überspringen.
       *[other] { $unrequired } Benutzer, für die die Registrierung erforderlich war, können jetzt wieder überspringen.
    } { $required ->
        [0] { "" }
        [one] 1 weiterer Benutzer muss sich jetzt registrieren.
       *[other] { $required } weitere Benutzer müssen sich jetzt registrieren.
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
        [one] Beim Speichern könnte 1 Benutzer, für den die Registrierung erforderlich ist, wieder überspringen.
       *[other] Beim Speichern könnten { $unrequired } Benutzer, für die die Registrierung erforderlich ist, wieder überspringen.
    } { $required ->
        [0] { "" }
        [one] Beim Speichern müsste sich 1 weiterer Benutzer registrieren.
       *[other] Beim Speichern müssten sich { $required } weitere Benutzer registrieren.
    }
admin-shift-partial = (Gezählt über die ersten { $count } Benutzer, denen die Kampagne begegnet ist.)

## Who is signed in (when the host says).
admin-signed-in-as = Angemeldet als { $name }
admin-sign-out = Abmelden

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = Ein Administrator hat die Zurückstellung des Benutzers bis { $when } verlängert: bis dahin keine Aufforderung und keine Pflicht.
admin-audit-target-snoozes-reset = Zurückstellungen von { $user } zurückgesetzt
admin-audit-target-snooze-extended = Zurückstellung von { $user } verlängert bis { $until }
admin-audit-target-snooze-extension-removed = Verlängerung der Zurückstellung von { $user } beendet
admin-reset-button = Zurückstellungen zurücksetzen
admin-reset-done = { $user } kann wieder so oft überspringen wie am Anfang und wird bei der nächsten Anmeldung aufgefordert.
admin-extend-heading = Zurückstellung eines Benutzers verlängern
admin-extend-until = Bis (ein Datum wie 2027-01-15, ab 00:00 UTC)
admin-extend-button = Zurückstellung verlängern
admin-extend-remove = Verlängerung beenden
admin-extend-done = { $user } wird bis { $until } weder aufgefordert noch verpflichtet.
admin-extend-removed = Die Verlängerung der Zurückstellung von { $user } ist beendet.
admin-extend-bad-until = Nicht verlängert: Das Ende muss ein Datum nach heute sein, höchstens 90 Tage voraus, etwa 2027-01-15.
admin-user-unknown = Weder das Verzeichnis noch die Kampagne kennt einen Benutzer { $user }.
admin-users-shown = Angezeigt
admin-users-skipped = Übersprungen
admin-users-left = Offen gelassen
admin-users-last-shown = Zuletzt angezeigt
admin-status-notYetShown = Noch nicht angezeigt
admin-users-csv-excel = CSV für Excel
admin-users-search = Benutzer nach Namen suchen
admin-users-search-button = Suchen
# $total: every user the report has with this filter
admin-users-total = (insgesamt { $total })
admin-methods-caption = Der Trichter jeder Methode, über dieselben Tage
admin-methods-method = Methode
admin-methods-rate = Registriert von denen, die ihre Einrichtung erreichten
admin-methods-hint = Wer von Push zum Code einer App wechselte, zählt bei beiden; der Trichter oben zählt ihn einmal.
