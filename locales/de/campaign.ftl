### Die Seiten der Einrichtung, auf Deutsch. Anrede: „Sie“. Microsofts eigene Begriffe, die
### Benutzer aus Microsoft Entra kennen: „Weiter“, „Jetzt überspringen“, „Zurück“.

## Datum und Uhrzeit

time-utc = { $time } UTC
time-utc-offset = { $time } UTC{ $offset }
date-at-time = { $date } um { $time }

## Jede Seite

step-of = Schritt { $number } von { $total }
next = Weiter
back = Zurück
done = Fertig
try-again = Erneut versuchen
skip-for-now = Jetzt überspringen
continue-to-app = Weiter zu Ihrer App
sign-out = Abmelden
organization-default = Ihre Organisation
footer-asks-method = { $organization } bittet Sie, { $method } einzurichten, um Ihr Konto zu schützen.
footer-asks = { $organization } bittet Sie, Ihr Konto zu schützen.
method-a-passkey = einen Passkey
method-an-authenticator-app = eine Authentifizierungs-App
script-copy = Kopieren
script-copied = Kopiert
script-copy-by-hand = Markiert: Drücken Sie Strg+C oder ⌘C, um zu kopieren
script-approved = Genehmigt
script-denied = Abgelehnt
script-expired = Abgelaufen

## Die Aufforderung

prompt-heading = Schützen Sie Ihr Konto
prompt-signed-in-as = Angemeldet als
prompt-before-you-continue = Bevor Sie fortfahren
prompt-app-intro = { $organization } benötigt zusätzliche Sicherheitsinformationen. Folgen Sie den Anweisungen, um die App { $app } herunterzuladen und einzurichten.
prompt-app-intro-any = { $organization } benötigt zusätzliche Sicherheitsinformationen. Folgen Sie den Anweisungen, um eine Authentifizierungs-App herunterzuladen und einzurichten.
prompt-passkey-intro = { $organization } bittet Sie, einen Passkey zu erstellen. Mit einem Passkey melden Sie sich per Gesicht, Fingerabdruck oder Bildschirmsperre an: Sie müssen nichts eintippen, und eine gefälschte Website kann nichts stehlen.
prompt-deadline-passed-app = Die Frist für die Einrichtung von { $app } ist am { $when } abgelaufen. Richten Sie die App jetzt ein, um fortzufahren.
prompt-deadline-passed-any-app = Die Frist für die Einrichtung einer Authentifizierungs-App ist am { $when } abgelaufen. Richten Sie jetzt eine ein, um fortzufahren.
prompt-deadline-passed-passkey = Die Frist für das Erstellen eines Passkeys ist am { $when } abgelaufen. Erstellen Sie jetzt einen, um fortzufahren.
prompt-max-skips-app = Sie haben diesen Schritt so oft übersprungen, wie es erlaubt ist. Richten Sie jetzt { $app } ein, um fortzufahren.
prompt-max-skips-any-app = Sie haben diesen Schritt so oft übersprungen, wie es erlaubt ist. Richten Sie jetzt eine Authentifizierungs-App ein, um fortzufahren.
prompt-max-skips-passkey = Sie haben diesen Schritt so oft übersprungen, wie es erlaubt ist. Erstellen Sie jetzt einen Passkey, um fortzufahren.
prompt-skips-left = { $skips ->
    [one] Sie können diesen Schritt noch ein weiteres Mal überspringen.
   *[other] Sie können diesen Schritt noch { $skips }-mal überspringen.
    }
prompt-due-or-skips = <strong>{ $required }</strong> oder nachdem Sie noch { $skips ->
    [one] ein weiteres Mal
   *[other] { $skips }-mal
    } übersprungen haben, je nachdem, was zuerst eintritt.
prompt-due = <strong>{ $required }</strong>.
required-today = Heute erforderlich
required-today-by = Heute erforderlich (bis { $time })
required-in-days = { $days ->
    [one] Morgen
   *[other] In { $days } Tagen
    } erforderlich (bis { $when })
remind-next-sign-in = Wenn Sie jetzt überspringen, fragen wir bei Ihrer nächsten Anmeldung erneut.
remind-in-days = Wenn Sie jetzt überspringen, fragen wir { $days ->
    [one] morgen
   *[other] in { $days } Tagen
    } erneut.
remind-at-deadline = Wenn Sie jetzt überspringen, fragen wir erneut, sobald die Einrichtung erforderlich ist: bei Ihrer ersten Anmeldung ab { $when }.

## Schritt 1: die App

download-heading = Holen Sie sich zuerst die App
download-install = Installieren Sie auf Ihrem Smartphone die App { $app }.
download-install-any = Installieren Sie auf Ihrem Smartphone eine Authentifizierungs-App, falls Sie noch keine haben. Jede App, die 6-stellige Codes anzeigt, funktioniert.
download-app-store = Laden im App Store
download-google-play = Jetzt bei Google Play
download-then-next = Wenn die App auf Ihrem Gerät installiert ist, wählen Sie „Weiter“.

## Schritt 2: das Konto hinzufügen

setup-heading = Konto einrichten
setup-push-notifications = Erlauben Sie Benachrichtigungen, wenn Sie dazu aufgefordert werden.
setup-push-add-account = Öffnen Sie die App, und fügen Sie ein Konto hinzu: Wählen Sie „Geschäfts-, Schul- oder Unikonto“.
setup-push-scan = Wählen Sie „QR-Code scannen“.
setup-code-add-account = Öffnen Sie die App, und fügen Sie ein Konto hinzu. Wählen Sie in Microsoft Authenticator „Anderes Konto (Google, Facebook usw.)“; wählen Sie in anderen Authentifizierungs-Apps, dass Sie ein Konto oder einen Code hinzufügen möchten.
setup-code-add-account-any = Öffnen Sie die App, und wählen Sie, dass Sie ein Konto oder einen Code hinzufügen möchten.
setup-code-scan = Wählen Sie „QR-Code scannen“. Die nächste Seite zeigt den QR-Code und den Schlüssel zum Eintippen, falls das Scannen nicht klappt.

## Schritt 3: der QR-Code

scan-heading = QR-Code scannen
scan-push-intro = Scannen Sie den QR-Code mit der App { $app }. Dadurch wird die App mit Ihrem Konto verbunden.
scan-push-caption = QR-Code zum Verbinden Ihrer App
scan-cant-scan = Bild lässt sich nicht scannen?
scan-enter-code-and-url = Wählen Sie in der App, dass Sie stattdessen einen Code eingeben möchten, und geben Sie diesen Code und diese URL ein:
scan-code = Code
scan-url = URL
scan-copy-code = Code kopieren
scan-copy-url = URL kopieren
scan-or-enter-link = Oder geben Sie diesen Link in der App ein:
scan-enter-link = Geben Sie diesen Link in der App ein:
copy-setup-link = Einrichtungslink kopieren
scan-connected = Verbunden: { $device }
scan-fingerprint = Schlüssel-Fingerabdruck:
scan-check-fingerprint = Prüfen Sie, ob Ihr Smartphone denselben Fingerabdruck anzeigt, und wählen Sie dann „Weiter“, um eine Testbenachrichtigung zu erhalten.
scan-waiting = Warten auf Ihr Smartphone…
scan-scanned = Ich habe ihn gescannt
scan-qr-works-for = Dieser QR-Code ist noch { $countdown } gültig.
scan-not-scanned = Wir haben noch nichts von Ihrem Smartphone gehört. Scannen Sie zuerst den QR-Code mit der App, und wählen Sie dann „Weiter“.
alternative-other-app = Ich möchte eine andere Authentifizierungs-App verwenden
alternative-push = Stattdessen Benachrichtigungen auf dem Smartphone verwenden
alternative-app = Stattdessen eine Authentifizierungs-App verwenden

## Schritt 3 mit einem Code (TOTP)

code-intro = Scannen Sie den QR-Code mit Ihrer Authentifizierungs-App, oder geben Sie den Schlüssel manuell ein.
code-caption = QR-Code für Ihre Authentifizierungs-App
code-open-here = Auf dem Smartphone? App auf diesem Gerät öffnen
code-account-name = Kontoname
code-issuer = Aussteller
code-secret-key = Geheimer Schlüssel
code-copy-secret = Geheimen Schlüssel kopieren
code-show-link = Einrichtungslink anzeigen
code-label = Geben Sie den 6-stelligen Code aus der App ein
code-attempts-left = { $attempts ->
    [one] Noch { $attempts } Versuch.
   *[other] Noch { $attempts } Versuche.
    }
code-missing = Geben Sie den 6-stelligen Code aus Ihrer App ein.
code-used = Dieser Code wurde bereits verwendet. Warten Sie auf den nächsten Code in Ihrer App.
code-wrong = Dieser Code hat nicht funktioniert. Prüfen Sie den Code in Ihrer App, und versuchen Sie es erneut.
code-too-many = Der Code hat zu oft nicht funktioniert. Wir haben einen neuen QR-Code erstellt: Entfernen Sie das alte Konto aus Ihrer App, und scannen Sie diesen.
code-changed = Inzwischen hat sich etwas geändert. Geben Sie den Code bitte erneut ein.
code-your-app = Ihre Authentifizierungs-App

## Schritt 4: die Testbenachrichtigung

test-heading = Probieren wir es aus
test-approve = Genehmigen Sie die Benachrichtigung, die wir an { $device } senden, indem Sie die unten angezeigte Zahl eingeben.
test-number = Einzugebende Zahl:
test-still-waiting = Wir warten noch auf Ihre Genehmigung auf { $device }. Geben Sie die Zahl oben in der App ein, und wählen Sie dann „Weiter“.
test-waiting = Warten auf Ihre Genehmigung…
test-expires-in = Die Benachrichtigung läuft in { $countdown } ab.
test-device-approved = { $device } hat die Benachrichtigung genehmigt.
test-approved = Genehmigt.
test-sent = Wir haben eine Testbenachrichtigung an { $device } gesendet.
test-denied = Die Benachrichtigung wurde auf { $device } abgelehnt. Wählen Sie „Weiter“, um eine neue zu senden.
test-wrong-number = Die auf { $device } eingegebene Zahl stimmte nicht mit der hier angezeigten überein, daher wurde die Benachrichtigung abgelehnt. Wählen Sie „Weiter“, um eine neue zu senden.
test-expired = { $device } hat nicht rechtzeitig auf die Benachrichtigung geantwortet. Wählen Sie „Weiter“, um eine neue zu senden.
approved-heading = Benachrichtigung genehmigt
approved-connected = { $device } ist verbunden.
approved-your-phone = Ihr Smartphone
done-heading = Erfolgreich!
done-text = Sehr gut! Sie haben Ihre Sicherheitsinformationen erfolgreich eingerichtet. { $method } ist jetzt Ihre Standardanmeldemethode.
done-text-neutral = Sehr gut! Sie haben Ihre Sicherheitsinformationen erfolgreich eingerichtet. Sie können sie bei Ihrer nächsten Anmeldung verwenden.
saving-heading = Wir konnten Ihre neue Anmeldemethode nicht speichern
saving-text = Ihre App ist eingerichtet, aber wir konnten sie nicht in Ihrem Konto speichern. Es geht nichts verloren: Versuchen Sie es gleich noch einmal.

## Passkeys

passkey-heading = Passkey erstellen
passkey-intro = Mit einem Passkey melden Sie sich per Gesicht, Fingerabdruck oder Bildschirmsperre an statt mit einem Code. Ihr Browser fragt, wo er gespeichert werden soll: auf diesem Gerät, auf Ihrem Smartphone, in einem Kennwort-Manager oder auf einem Sicherheitsschlüssel.
passkey-no-script = Zum Erstellen eines Passkeys wird JavaScript benötigt, das in diesem Browser deaktiviert ist. Aktivieren Sie es, und laden Sie diese Seite neu.
passkey-no-script-or-app = Zum Erstellen eines Passkeys wird JavaScript benötigt, das in diesem Browser deaktiviert ist. Aktivieren Sie es, und laden Sie diese Seite neu, oder verwenden Sie stattdessen eine Authentifizierungs-App.
passkey-unsupported = Dieser Browser kann hier keinen Passkey erstellen. Sie können ihn auf Ihrem Smartphone oder mit einem Sicherheitsschlüssel erstellen oder diesen Schritt vorerst überspringen.
passkey-unsupported-or-app = Dieser Browser kann hier keinen Passkey erstellen. Sie können stattdessen eine Authentifizierungs-App verwenden oder den Passkey auf Ihrem Smartphone oder mit einem Sicherheitsschlüssel erstellen.
passkey-create = Passkey erstellen
passkey-script-cancelled = Der Passkey wurde nicht erstellt. Sie können es erneut versuchen oder einen anderen Weg wählen.
passkey-script-exists = Dieses Gerät hat bereits einen Passkey für Ihr Konto. Sie können sich damit anmelden oder ein anderes Gerät verwenden.
passkey-script-security = Diese Seite kann keinen Passkey erstellen. Öffnen Sie die Anmeldeseite unter ihrer üblichen Adresse, und versuchen Sie es erneut.
passkey-script-failed = Etwas ist schiefgegangen, und der Passkey wurde nicht erstellt. Sie können es erneut versuchen.
passkey-script-busy = Folgen Sie den Schritten, die Ihr Browser anzeigt…
passkey-already-created = Für diese Einrichtung wurde bereits ein Passkey erstellt.
passkey-changed = Die Passkey-Einrichtung hat sich inzwischen geändert. Laden Sie die Seite neu.
passkey-already-saved = Dieser Passkey wurde bereits gespeichert.
passkey-choose-create = Wählen Sie „Passkey erstellen“, und folgen Sie dann den Schritten, die Ihr Browser anzeigt.
passkey-unreadable = Ihr Browser hat eine Antwort gesendet, die wir nicht lesen konnten, daher wurde kein Passkey gespeichert. Versuchen Sie es bitte erneut.
passkey-wrong-site = Dieser Passkey wurde für eine andere Website erstellt und daher nicht gespeichert.
passkey-wrong-request = Diese Antwort gehört zu einer anderen Passkey-Anfrage und wurde daher nicht gespeichert. Versuchen Sie es bitte erneut.
passkey-not-verified = Ihr Gerät hat nicht geprüft, dass Sie es sind (per Gesicht, Fingerabdruck, PIN oder Bildschirmsperre), daher wurde der Passkey nicht gespeichert. Versuchen Sie es erneut, und schließen Sie diesen Schritt ab.
passkey-already-yours = Dieser Passkey ist für Ihr Konto bereits eingerichtet und wurde daher nicht erneut gespeichert.
passkey-taken = Dieser Passkey kann für Ihr Konto nicht verwendet werden und wurde daher nicht gespeichert. Erstellen Sie stattdessen einen neuen Passkey.
passkey-not-verifiable = Die Antwort Ihres Browsers konnte nicht überprüft werden, daher wurde kein Passkey gespeichert. Versuchen Sie es bitte erneut.
passkey-request-used = Diese Passkey-Anfrage wurde bereits verwendet. Gehen Sie zurück, und wählen Sie erneut „Passkey erstellen“.
passkey-too-slow = Das hat zu lange gedauert, daher wurde kein Passkey gespeichert. Wählen Sie „Passkey erstellen“, um es erneut zu versuchen.
passkey-rule-no-profile = Ihre Organisation erlaubt Ihnen nicht, hier einen Passkey zu erstellen.
passkey-rule-synced = Ihre Organisation erlaubt nur Passkeys, die auf einem Gerät bleiben, etwa auf einem Sicherheitsschlüssel. Dieser Passkey kann zwischen Geräten synchronisiert werden und wurde daher nicht gespeichert.
passkey-rule-device-bound = Ihre Organisation erlaubt nur Passkeys, die zwischen Ihren Geräten synchronisiert werden, etwa Passkeys in einem Kennwort-Manager. Dieser Passkey bleibt auf einem Gerät und wurde daher nicht gespeichert.
passkey-rule-attestation = Ihre Organisation erlaubt nur Passkeys von Gerätemodellen, die sie überprüfen kann. Dieser Passkey konnte nicht überprüft werden und wurde daher nicht gespeichert. Verwenden Sie einen Sicherheitsschlüssel Ihrer Organisation.
passkey-rule-provider = Ihre Organisation erlaubt keine Passkeys von { $provider }, daher wurde dieser Passkey nicht gespeichert. Speichern Sie ihn an einem anderen Ort.
passkey-rule-provider-unknown = Ihre Organisation erlaubt keine Passkeys dieses Anbieters, daher wurde dieser Passkey nicht gespeichert. Speichern Sie ihn an einem anderen Ort.
name-heading = Passkey benennen
name-intro = Ihr Passkey ist erstellt. Geben Sie ihm einen Namen, an dem Sie ihn wiedererkennen, etwa das Gerät oder die App, in der er gespeichert ist.
name-label = Name des Passkeys
name-default = Passkey
name-empty = Geben Sie Ihrem Passkey einen Namen, damit Sie ihn später von anderen unterscheiden können.
name-too-long = Verwenden Sie einen kürzeren Namen: höchstens { $max } Zeichen.
name-characters = Verwenden Sie nur Buchstaben, Ziffern, Leerzeichen und Satzzeichen.
passkey-done-heading = Passkey erstellt
passkey-done-text = Ihr Passkey <strong>{ $name }</strong> ist gespeichert. Beim nächsten Mal können Sie sich damit statt mit einem Code anmelden.
passkey-done-text-unnamed = Ihr Passkey ist gespeichert. Beim nächsten Mal können Sie sich damit statt mit einem Code anmelden.

## Seiten außerhalb einer Einrichtung und Probleme

expired-title = Ihre Einrichtungssitzung ist abgelaufen
expired-heading = Ihre Einrichtungssitzung ist abgelaufen.
expired-text = Es wurde nichts geändert. Sie können Ihre App bei Ihrer nächsten Anmeldung einrichten.
problem-failed = Das hat nicht funktioniert
problem-step-unavailable = Dieser Einrichtungsschritt ist gerade nicht möglich. Fahren Sie mit Ihrer App fort; Sie können Ihre App bei Ihrer nächsten Anmeldung einrichten.
problem-required = Die Einrichtung ist erforderlich
problem-required-deadline = Die Frist für diese Einrichtung ist abgelaufen, daher kann sie jetzt nicht übersprungen werden.
problem-required-skips = Sie haben diesen Schritt so oft übersprungen, wie es erlaubt ist, daher kann er jetzt nicht übersprungen werden.
required-sign-in-again = Für Ihr Konto muss eine Anmeldemethode eingerichtet werden, bevor Sie fortfahren können. Melden Sie sich ab und wieder an, um sie einzurichten.
problem-elsewhere = Diese Einrichtung wird an anderer Stelle fortgesetzt
problem-elsewhere-text = Sie haben sich erneut angemeldet, in einem anderen Fenster oder Browser, und die Einrichtung wird dort fortgesetzt. Hier wurde nichts geändert.
problem-skipped = Sie haben die Einrichtung vorerst übersprungen
problem-skipped-text = Ihr Überspringen wurde gespeichert, und hier ist nichts weiter zu tun. Fahren Sie mit Ihrer App fort.
problem-all-set = Alles erledigt
problem-all-set-text = Ihre neue Anmeldemethode ist eingerichtet. Fahren Sie mit Ihrer App fort.
problem-other-tab = Diese Einrichtung wird in einem anderen Tab fortgesetzt
problem-other-tab-text = Sie haben sich in einem anderen Tab erneut angemeldet, und die Einrichtung wird dort fortgesetzt. Es wurde nichts geändert. Schließen Sie diesen Tab, oder fahren Sie mit der neueren Einrichtung fort.
problem-csrf = Wir konnten diese Anfrage nicht überprüfen
problem-csrf-text = Zu Ihrer Sicherheit wurde diese Einrichtungssitzung beendet, und es wurde nichts geändert. Fahren Sie mit Ihrer App fort; Sie können Ihre App bei Ihrer nächsten Anmeldung einrichten.
problem-slow-down = Bitte etwas langsamer
problem-slow-down-text = Für diese Einrichtung wurden zu viele Anfragen gestellt. Warten Sie eine Minute, und laden Sie die Seite dann neu.
problem-store = Wir konnten die Einrichtung nicht fortsetzen
problem-store-text = Bei uns ist etwas schiefgegangen. Versuchen Sie es bitte gleich noch einmal.
problem-flow-setups = Diese Einrichtung wurde zu oft gestartet. Fahren Sie mit Ihrer App fort; Sie können Ihre App bei Ihrer nächsten Anmeldung einrichten.
problem-user-setups = Für Ihr Konto wurden in der letzten Stunde zu viele Einrichtungen gestartet. Versuchen Sie es später erneut.
problem-not-found = Seite nicht gefunden
problem-not-found-text = Diese Seite existiert nicht.
problem-method-text = Diese Seite kann so nicht verwendet werden.
problem-held = Wir konnten Ihre Anmeldung nicht abschließen
problem-held-text = Für Ihr Konto muss eine Authentifizierungs-App eingerichtet werden, und wir können das gerade nicht prüfen. Melden Sie sich bitte in ein paar Minuten erneut an.

## Nachrichten per E-Mail: der Hinweis nach einer Registrierung und Erinnerungen vor einer Frist.

mail-greeting = Hallo { $name },
mail-automatic = Diese Nachricht wurde automatisch von { $organization } gesendet.
mail-unknown = unbekannt
mail-binding-subject = Ihrem Konto wurde eine Anmeldemethode hinzugefügt
mail-binding-intro = Ihrem Konto bei { $organization } wurde eine neue Anmeldemethode hinzugefügt.
mail-method-push = eine Authenticator-App mit Benachrichtigungen
mail-method-totp = eine Authenticator-App (Codes)
mail-method-passkey = ein Passkey
mail-method-other = eine andere Anmeldemethode ({ $method })
mail-binding-method = Methode: { $method }
mail-binding-device = Name: { $device }
mail-binding-when = Wann: { $when }
mail-binding-from = Von: { $browser }, IP-Adresse { $ip }
mail-binding-was-you = Wenn Sie das waren, müssen Sie nichts weiter tun.
mail-binding-not-you = Wenn Sie das nicht waren, kann sich womöglich jemand anderes als Sie anmelden. Wenden Sie sich sofort an { $support }.
mail-binding-not-you-organization = Wenn Sie das nicht waren, kann sich womöglich jemand anderes als Sie anmelden. Wenden Sie sich sofort an { $organization }.
mail-binding-not-you-link = Melden Sie es hier: { $link }
mail-reminder-subject = Richten Sie Ihre Anmeldemethode bis { $date } ein
mail-reminder-subject-now = Die Einrichtung Ihrer Anmeldemethode ist jetzt erforderlich
mail-reminder-intro = { $organization } bittet Sie, { $method } einzurichten, um Ihr Konto zu schützen.
mail-reminder-by = Bitte richten Sie sie bis { $when } ein ({ $days ->
    [one] innerhalb eines Tages
   *[other] in { $days } Tagen
    }). Bis dahin können Sie die Einrichtung bei der Anmeldung noch überspringen, danach nicht mehr.
mail-reminder-now-required = Die Frist ist abgelaufen: Bei Ihrer nächsten Anmeldung müssen Sie die Einrichtung abschließen.
mail-reminder-how = Das dauert nur wenige Minuten: Melden Sie sich wie gewohnt an und folgen Sie den angezeigten Schritten.
mail-reminder-link = Anmelden: { $link }

## The test when the phone shows several numbers (privacyIDEA Authenticator)
# $device: the app's name
test-approve-choice = Öffnen Sie { $device } auf Ihrem Telefon: Die App zeigt einige Zahlen. Tippen Sie auf die unten angezeigte Zahl.
test-number-choice = Zu tippende Zahl:
# $device: the app's name
test-still-waiting-choice = Wir warten noch auf Ihre Bestätigung. Öffnen Sie { $device } (oder ziehen Sie zum Aktualisieren nach unten), tippen Sie auf die Zahl oben und wählen Sie dann „Weiter“.
