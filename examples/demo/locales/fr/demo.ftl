### Les pages propres à la démo (connexion, MFA, accueil), en français.

demo-demo = (démo)
demo-home-title = Accueil
demo-signed-in-as = Connecté en tant que { $name }
demo-admin-link = Administration de la campagne d’inscription
demo-sign-out = Se déconnecter
demo-sign-in = Se connecter
demo-wrong-credentials = Adresse e-mail ou mot de passe incorrect. Vérifiez les deux et réessayez.
demo-email = E-mail
demo-password = Mot de passe
demo-code = Code
demo-verify = Vérifier
demo-verify-title = Vérifier votre identité
demo-code-from-app = Ouvrez votre application d’authentification et saisissez le code à 6 chiffres qu’elle affiche pour ce compte.
demo-code-texted = Nous avons envoyé un code par SMS sur votre téléphone. Saisissez-le ici.
demo-passkey-or = Ou connectez-vous avec la clé d’accès que vous avez créée.
demo-passkey-unsupported = Ce navigateur ne peut pas utiliser de clé d’accès ici. Saisissez plutôt un code.
demo-use-passkey = Utiliser une clé d’accès
demo-passkey-no-script = La connexion avec une clé d’accès nécessite JavaScript. Saisissez plutôt un code.
demo-passkey-failed = Cette clé d’accès n’a pas fonctionné. Réessayez, ou saisissez plutôt un code.
demo-passkey-script-cancelled = Vous n’avez pas été connecté avec une clé d’accès. Vous pouvez réessayer, ou vous connecter autrement.
demo-passkey-script-exists = Un problème est survenu. Vous pouvez réessayer.
demo-passkey-script-security = Cette page ne peut pas utiliser de clé d’accès. Ouvrez la page de connexion à son adresse habituelle et réessayez.
demo-passkey-script-failed = Un problème est survenu et vous n’avez pas été connecté. Vous pouvez réessayer.
demo-push-title = Approuver la demande de connexion
demo-push-instructions = Ouvrez votre application d’authentification sur { $device } et saisissez le nombre affiché pour vous connecter.
demo-push-instructions-choice = Ouvrez { $device } sur votre téléphone (ou tirez vers le bas pour actualiser) et touchez le nombre affiché ci-dessous pour vous connecter.
demo-push-approved = Je l’ai approuvée
demo-push-use-code = Utiliser plutôt un code reçu par SMS
demo-try-again = Réessayer
demo-push-timed-out = La demande de connexion a expiré. Réessayez pour en recevoir une nouvelle.
demo-push-waiting = Nous n’avons pas encore reçu votre approbation.
demo-push-denied = La demande de connexion a été refusée ou a expiré.
demo-push-unavailable = Nous n’avons pas pu vérifier la demande de connexion. Réessayez.
demo-code-wrong-app = Ce code est incorrect. Vérifiez le code dans votre application d’authentification et réessayez ({ $tries ->
    [one] { $tries } essai restant
   *[other] { $tries } essais restants
    }).
demo-code-used = Ce code a déjà été utilisé. Attendez le code suivant dans votre application.
demo-locked-out = Trop de codes incorrects. Réessayez après { $time }.
demo-code-unavailable = Nous n’avons pas pu vérifier le code. Réessayez dans un instant.
demo-code-wrong-sms = Ce code est incorrect. Vérifiez le SMS et réessayez.
demo-device-app = Dans cette démo, Contoso Authenticator est joué par le simulateur d’appareil. Exécutez { $command } dans un autre terminal, puis revenez et choisissez « Suivant ». Ou choisissez « { $alternative } » sur la page du code QR pour utiliser n’importe quelle application d’authentification.
demo-device-link = le lien sous le code QR
demo-back = Retour à la démo
demo-not-found-title = Page introuvable
demo-not-found = Il n’y a aucune page à cette adresse.
demo-start-page = Aller à la page d’accueil
demo-not-admin-title = Pas administrateur
demo-not-admin = Vous êtes connecté en tant que { $name }, qui ne peut pas utiliser la page d'administration. Déconnectez-vous, puis connectez-vous en tant qu'administrateur (dans la démo : admin@contoso.test).
demo-back-home = Retour à l'accueil
