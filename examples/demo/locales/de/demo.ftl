### Die eigenen Seiten der Demo (Anmeldung, MFA, Startseite) auf Deutsch.

demo-demo = (Demo)
demo-home-title = Startseite
demo-signed-in-as = Angemeldet als { $name }
demo-admin-link = Verwaltung der Registrierungskampagne
demo-sign-out = Abmelden
demo-sign-in = Anmelden
demo-wrong-credentials = E-Mail-Adresse oder Kennwort falsch. Prüfen Sie beides, und versuchen Sie es erneut.
demo-email = E-Mail
demo-password = Kennwort
demo-code = Code
demo-verify = Überprüfen
demo-verify-title = Identität überprüfen
demo-code-from-app = Öffnen Sie Ihre Authentifizierungs-App, und geben Sie den 6-stelligen Code ein, den sie für dieses Konto anzeigt.
demo-code-texted = Wir haben Ihnen einen Code per SMS gesendet. Geben Sie ihn hier ein.
demo-passkey-or = Oder melden Sie sich mit dem Passkey an, den Sie erstellt haben.
demo-passkey-unsupported = Dieser Browser kann hier keinen Passkey verwenden. Geben Sie stattdessen einen Code ein.
demo-use-passkey = Passkey verwenden
demo-passkey-no-script = Die Anmeldung mit einem Passkey erfordert JavaScript. Geben Sie stattdessen einen Code ein.
demo-passkey-failed = Dieser Passkey hat nicht funktioniert. Versuchen Sie es erneut, oder geben Sie einen Code ein.
demo-passkey-script-cancelled = Sie wurden nicht mit einem Passkey angemeldet. Sie können es erneut versuchen oder sich auf andere Weise anmelden.
demo-passkey-script-exists = Etwas ist schiefgegangen. Sie können es erneut versuchen.
demo-passkey-script-security = Diese Seite kann keinen Passkey verwenden. Öffnen Sie die Anmeldeseite unter ihrer üblichen Adresse, und versuchen Sie es erneut.
demo-passkey-script-failed = Etwas ist schiefgegangen, und Sie wurden nicht angemeldet. Sie können es erneut versuchen.
demo-push-title = Anmeldeanforderung genehmigen
demo-push-instructions = Öffnen Sie Ihre Authentifizierungs-App auf { $device }, und geben Sie die angezeigte Zahl ein, um sich anzumelden.
demo-push-instructions-choice = Öffnen Sie { $device } auf Ihrem Telefon (oder ziehen Sie zum Aktualisieren nach unten) und tippen Sie auf die unten angezeigte Zahl, um sich anzumelden.
demo-push-approved = Ich habe genehmigt
demo-push-use-code = Stattdessen einen SMS-Code verwenden
demo-try-again = Erneut versuchen
demo-push-timed-out = Die Anmeldeanforderung ist abgelaufen. Versuchen Sie es erneut, um eine neue zu erhalten.
demo-push-waiting = Wir haben Ihre Genehmigung noch nicht erhalten.
demo-push-denied = Die Anmeldeanforderung wurde abgelehnt oder ist abgelaufen.
demo-push-unavailable = Wir konnten die Anmeldeanforderung nicht prüfen. Versuchen Sie es erneut.
demo-code-wrong-app = Dieser Code ist falsch. Prüfen Sie den Code in Ihrer Authentifizierungs-App, und versuchen Sie es erneut (noch { $tries ->
    [one] { $tries } Versuch
   *[other] { $tries } Versuche
    }).
demo-code-used = Dieser Code wurde bereits verwendet. Warten Sie auf den nächsten Code in Ihrer App.
demo-locked-out = Zu viele falsche Codes. Versuchen Sie es nach { $time } erneut.
demo-code-unavailable = Wir konnten den Code nicht prüfen. Versuchen Sie es gleich noch einmal.
demo-code-wrong-sms = Dieser Code ist falsch. Prüfen Sie die SMS, und versuchen Sie es erneut.
demo-device-app = In dieser Demo übernimmt der Gerätesimulator die Rolle von Contoso Authenticator. Führen Sie { $command } in einem anderen Terminal aus, kehren Sie dann zurück, und wählen Sie „Weiter“. Oder wählen Sie auf der Seite mit dem QR-Code „{ $alternative }“, um eine beliebige Authentifizierungs-App zu verwenden.
demo-device-link = der Link unter dem QR-Code
demo-back = Zurück zur Demo
demo-not-found-title = Seite nicht gefunden
demo-not-found = Unter dieser Adresse gibt es keine Seite.
demo-start-page = Zur Startseite
demo-not-admin-title = Kein Administrator
demo-not-admin = Sie sind als { $name } angemeldet und dürfen die Verwaltungsseite nicht verwenden. Melden Sie sich ab und als Administrator wieder an (in der Demo: admin@contoso.test).
demo-back-home = Zurück zur Startseite
