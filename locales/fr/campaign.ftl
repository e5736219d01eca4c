### Les pages de la configuration, en français. Vouvoiement ; espaces insécables avant « : ; ! ? ».
### Termes de Microsoft que les utilisateurs connaissent : « Suivant », « Ignorer pour l’instant ».

## Dates et heures

time-utc = { $time } UTC
time-utc-offset = { $time } UTC{ $offset }
date-at-time = { $date } à { $time }

## Toutes les pages

step-of = Étape { $number } sur { $total }
next = Suivant
back = Précédent
done = Terminé
try-again = Réessayer
skip-for-now = Ignorer pour l’instant
continue-to-app = Continuer vers votre application
sign-out = Se déconnecter
organization-default = Votre organisation
footer-asks-method = { $organization } vous demande de configurer { $method } pour protéger votre compte.
footer-asks = { $organization } vous demande de protéger votre compte.
method-a-passkey = une clé d’accès
method-an-authenticator-app = une application d’authentification
script-copy = Copier
script-copied = Copié
script-copy-by-hand = Sélectionné : appuyez sur Ctrl+C ou ⌘C pour copier
script-approved = Approuvée
script-denied = Refusée
script-expired = Expirée

## L’invite

prompt-heading = Protégez votre compte
prompt-signed-in-as = Connecté en tant que
prompt-before-you-continue = Avant de continuer
prompt-app-intro = { $organization } exige des informations de sécurité supplémentaires. Suivez les instructions pour télécharger et configurer l’application { $app }.
prompt-app-intro-any = { $organization } exige des informations de sécurité supplémentaires. Suivez les instructions pour télécharger et configurer une application d’authentification.
prompt-passkey-intro = { $organization } vous demande de créer une clé d’accès. Avec une clé d’accès, vous vous connectez avec votre visage, votre empreinte digitale ou le verrouillage de votre écran : rien à saisir, et rien qu’un faux site web puisse voler.
prompt-deadline-passed-app = La date limite pour configurer { $app } était le { $when }. Configurez-la maintenant pour continuer.
prompt-deadline-passed-any-app = La date limite pour configurer une application d’authentification était le { $when }. Configurez-en une maintenant pour continuer.
prompt-deadline-passed-passkey = La date limite pour créer une clé d’accès était le { $when }. Créez-en une maintenant pour continuer.
prompt-max-skips-app = Vous avez ignoré cette étape le nombre maximal de fois. Configurez { $app } maintenant pour continuer.
prompt-max-skips-any-app = Vous avez ignoré cette étape le nombre maximal de fois. Configurez une application d’authentification maintenant pour continuer.
prompt-max-skips-passkey = Vous avez ignoré cette étape le nombre maximal de fois. Créez une clé d’accès maintenant pour continuer.
prompt-skips-left = Vous pouvez encore ignorer cette étape { $skips } fois.
prompt-due-or-skips = <strong>{ $required }</strong>, ou après { $skips ->
    [one] { $skips } autre report
   *[other] { $skips } autres reports
    }, selon ce qui arrive en premier.
prompt-due = <strong>{ $required }</strong>.
required-today = Obligatoire aujourd’hui
required-today-by = Obligatoire aujourd’hui (avant { $time })
required-in-days = Obligatoire dans { $days ->
    [one] { $days } jour
   *[other] { $days } jours
    } (d’ici le { $when })
remind-next-sign-in = Si vous ignorez cette étape, nous vous le redemanderons à votre prochaine connexion.
remind-in-days = Si vous ignorez cette étape, nous vous le redemanderons dans { $days ->
    [one] { $days } jour
   *[other] { $days } jours
    }.
remind-at-deadline = Si vous ignorez cette étape, nous vous le redemanderons lorsque la configuration deviendra obligatoire, à votre première connexion à partir du { $when }.

## Étape 1 : l’application

download-heading = Commencez par obtenir l’application
download-install = Sur votre téléphone, installez l’application { $app }.
download-install-any = Sur votre téléphone, installez une application d’authentification si vous n’en avez pas encore. Toute application qui affiche des codes à 6 chiffres convient.
download-app-store = Télécharger dans l’App Store
download-google-play = Disponible sur Google Play
download-then-next = Une fois l’application installée sur votre appareil, choisissez « Suivant ».

## Étape 2 : ajouter le compte

setup-heading = Configurer votre compte
setup-push-notifications = Si vous y êtes invité, autorisez les notifications.
setup-push-add-account = Ouvrez l’application et ajoutez un compte : choisissez « Compte professionnel ou scolaire ».
setup-push-scan = Choisissez « Scanner un code QR ».
setup-code-add-account = Ouvrez l’application et ajoutez un compte. Dans Microsoft Authenticator, choisissez « Autre compte (Google, Facebook, etc.) » ; dans les autres applications d’authentification, choisissez d’ajouter un compte ou un code.
setup-code-add-account-any = Ouvrez l’application et choisissez d’ajouter un compte ou un code.
setup-code-scan = Choisissez « Scanner un code QR ». La page suivante affiche le code QR, et la clé à saisir si vous ne pouvez pas le scanner.

## Étape 3 : le code QR

scan-heading = Scanner le code QR
scan-push-intro = Utilisez l’application { $app } pour scanner le code QR. Cela connecte l’application à votre compte.
scan-push-caption = Code QR pour connecter votre application
scan-cant-scan = Impossible de scanner l’image ?
scan-enter-code-and-url = Dans l’application, choisissez plutôt de saisir un code, puis saisissez ce code et cette URL :
scan-code = Code
scan-url = URL
scan-copy-code = Copier le code
scan-copy-url = Copier l’URL
scan-or-enter-link = Ou saisissez ce lien dans l’application :
scan-enter-link = Saisissez ce lien dans l’application :
copy-setup-link = Copier le lien de configuration
scan-connected = Connecté : { $device }
scan-fingerprint = Empreinte de la clé :
scan-check-fingerprint = Vérifiez que votre téléphone affiche la même empreinte, puis choisissez « Suivant » pour recevoir une notification de test.
scan-waiting = En attente de votre téléphone…
scan-scanned = Je l’ai scanné
scan-qr-works-for = Ce code QR est valable encore { $countdown }.
scan-not-scanned = Votre téléphone ne nous a pas encore contactés. Scannez d’abord le code QR avec l’application, puis choisissez « Suivant ».
alternative-other-app = Je veux utiliser une autre application d’authentification
alternative-push = Utiliser plutôt les notifications sur votre téléphone
alternative-app = Utiliser plutôt une application d’authentification

## Étape 3 avec un code (TOTP)

code-intro = Scannez le code QR avec votre application d’authentification, ou saisissez la clé manuellement.
code-caption = Code QR pour votre application d’authentification
code-open-here = Sur un téléphone ? Ouvrez l’application sur cet appareil
code-account-name = Nom du compte
code-issuer = Émetteur
code-secret-key = Clé secrète
code-copy-secret = Copier la clé secrète
code-show-link = Afficher le lien de configuration
code-label = Saisissez le code à 6 chiffres de l’application
code-attempts-left = { $attempts ->
    [one] { $attempts } essai restant.
   *[other] { $attempts } essais restants.
    }
code-missing = Saisissez le code à 6 chiffres de votre application.
code-used = Ce code a déjà été utilisé. Attendez le code suivant dans votre application.
code-wrong = Ce code n’a pas fonctionné. Vérifiez le code dans votre application et réessayez.
code-too-many = Le code n’a pas fonctionné trop de fois. Nous avons créé un nouveau code QR : supprimez l’ancien compte de votre application et scannez celui-ci.
code-changed = Quelque chose a changé entre-temps. Veuillez saisir le code à nouveau.
code-your-app = Votre application d’authentification

## Étape 4 : la notification de test

test-heading = Essayons
test-approve = Approuvez la notification que nous envoyons à { $device } en saisissant le nombre affiché ci-dessous.
test-number = Nombre à saisir :
test-still-waiting = Nous attendons toujours votre approbation sur { $device }. Saisissez le nombre ci-dessus dans l’application, puis choisissez « Suivant ».
test-waiting = En attente de votre approbation…
test-expires-in = La notification expire dans { $countdown }.
test-device-approved = { $device } a approuvé la notification.
test-approved = Approuvée.
test-sent = Nous avons envoyé une notification de test à { $device }.
test-denied = La notification a été refusée sur { $device }. Choisissez « Suivant » pour en envoyer une nouvelle.
test-wrong-number = Le nombre saisi sur { $device } ne correspondait pas au nombre affiché ici, la notification a donc été refusée. Choisissez « Suivant » pour en envoyer une nouvelle.
test-expired = { $device } n’a pas répondu à temps à la notification. Choisissez « Suivant » pour en envoyer une nouvelle.
approved-heading = Notification approuvée
approved-connected = { $device } est connecté.
approved-your-phone = Votre téléphone
done-heading = Opération réussie !
done-text = Bravo ! Vous avez configuré vos informations de sécurité. { $method } est désormais votre méthode de connexion par défaut.
done-text-neutral = Bravo ! Vous avez configuré vos informations de sécurité. Vous pourrez les utiliser lors de votre prochaine connexion.
saving-heading = Nous n’avons pas pu enregistrer votre nouvelle méthode de connexion
saving-text = Votre application est configurée, mais nous n’avons pas pu l’enregistrer dans votre compte. Rien n’est perdu : réessayez dans un instant.

## Clés d’accès

passkey-heading = Créer une clé d’accès
passkey-intro = Une clé d’accès vous permet de vous connecter avec votre visage, votre empreinte digitale ou le verrouillage de votre écran au lieu d’un code. Votre navigateur vous demandera où l’enregistrer : sur cet appareil, sur votre téléphone, dans un gestionnaire de mots de passe ou sur une clé de sécurité.
passkey-no-script = La création d’une clé d’accès nécessite JavaScript, qui est désactivé dans ce navigateur. Activez-le et rechargez cette page.
passkey-no-script-or-app = La création d’une clé d’accès nécessite JavaScript, qui est désactivé dans ce navigateur. Activez-le et rechargez cette page, ou utilisez plutôt une application d’authentification.
passkey-unsupported = Ce navigateur ne peut pas créer de clé d’accès ici. Vous pouvez la créer sur votre téléphone ou avec une clé de sécurité, ou ignorer cette étape pour l’instant.
passkey-unsupported-or-app = Ce navigateur ne peut pas créer de clé d’accès ici. Vous pouvez utiliser plutôt une application d’authentification, ou créer la clé d’accès sur votre téléphone ou avec une clé de sécurité.
passkey-create = Créer une clé d’accès
passkey-script-cancelled = La clé d’accès n’a pas été créée. Vous pouvez réessayer ou choisir une autre méthode.
passkey-script-exists = Cet appareil possède déjà une clé d’accès pour votre compte. Vous pouvez l’utiliser pour vous connecter, ou essayer un autre appareil.
passkey-script-security = Cette page ne peut pas créer de clé d’accès. Ouvrez la page de connexion à son adresse habituelle et réessayez.
passkey-script-failed = Un problème est survenu et la clé d’accès n’a pas été créée. Vous pouvez réessayer.
passkey-script-busy = Suivez les étapes affichées par votre navigateur…
passkey-already-created = Une clé d’accès a déjà été créée pour cette configuration.
passkey-changed = La configuration de la clé d’accès a changé entre-temps. Rechargez la page.
passkey-already-saved = Cette clé d’accès a déjà été enregistrée.
passkey-choose-create = Choisissez « Créer une clé d’accès », puis suivez les étapes affichées par votre navigateur.
passkey-unreadable = Votre navigateur a envoyé une réponse illisible, aucune clé d’accès n’a donc été enregistrée. Veuillez réessayer.
passkey-wrong-site = Cette clé d’accès a été créée pour un autre site web, elle n’a donc pas été enregistrée.
passkey-wrong-request = Cette réponse appartient à une autre demande de clé d’accès, elle n’a donc pas été enregistrée. Veuillez réessayer.
passkey-not-verified = Votre appareil n’a pas vérifié votre identité (visage, empreinte digitale, code PIN ou verrouillage de l’écran), la clé d’accès n’a donc pas été enregistrée. Réessayez en effectuant cette étape.
passkey-already-yours = Cette clé d’accès est déjà configurée pour votre compte, elle n’a donc pas été enregistrée une seconde fois.
passkey-taken = Cette clé d’accès ne peut pas être utilisée pour votre compte, elle n’a donc pas été enregistrée. Créez plutôt une nouvelle clé d’accès.
passkey-not-verifiable = La réponse de votre navigateur n’a pas pu être vérifiée, aucune clé d’accès n’a donc été enregistrée. Veuillez réessayer.
passkey-request-used = Cette demande de clé d’accès a déjà été utilisée. Revenez en arrière et choisissez à nouveau « Créer une clé d’accès ».
passkey-too-slow = Cela a pris trop de temps, aucune clé d’accès n’a donc été enregistrée. Choisissez « Créer une clé d’accès » pour réessayer.
passkey-rule-no-profile = Votre organisation ne vous permet pas de créer une clé d’accès ici.
passkey-rule-synced = Votre organisation n’autorise que les clés d’accès qui restent sur un seul appareil, comme une clé de sécurité. Cette clé d’accès peut se synchroniser entre appareils, elle n’a donc pas été enregistrée.
passkey-rule-device-bound = Votre organisation n’autorise que les clés d’accès synchronisées entre vos appareils, comme celles d’un gestionnaire de mots de passe. Cette clé d’accès reste sur un seul appareil, elle n’a donc pas été enregistrée.
passkey-rule-attestation = Votre organisation n’autorise que les clés d’accès de modèles d’appareils qu’elle peut vérifier, et cette clé d’accès n’a pas pu être vérifiée, elle n’a donc pas été enregistrée. Essayez une clé de sécurité fournie par votre organisation.
passkey-rule-provider = Votre organisation n’autorise pas les clés d’accès de { $provider }, cette clé d’accès n’a donc pas été enregistrée. Essayez de l’enregistrer ailleurs.
passkey-rule-provider-unknown = Votre organisation n’autorise pas les clés d’accès de ce fournisseur, cette clé d’accès n’a donc pas été enregistrée. Essayez de l’enregistrer ailleurs.
name-heading = Nommez votre clé d’accès
name-intro = Votre clé d’accès est créée. Donnez-lui un nom que vous reconnaîtrez, par exemple celui de l’appareil ou de l’application où elle est enregistrée.
name-label = Nom de la clé d’accès
name-default = Clé d’accès
name-empty = Donnez un nom à votre clé d’accès, pour la distinguer des autres plus tard.
name-too-long = Utilisez un nom plus court : { $max } caractères au maximum.
name-characters = Utilisez uniquement des lettres, des chiffres, des espaces et de la ponctuation.
passkey-done-heading = Clé d’accès créée
passkey-done-text = Votre clé d’accès <strong>{ $name }</strong> est enregistrée. La prochaine fois, vous pourrez vous connecter avec elle au lieu d’un code.
passkey-done-text-unnamed = Votre clé d’accès est enregistrée. La prochaine fois, vous pourrez vous connecter avec elle au lieu d’un code.

## Pages hors configuration, et problèmes

expired-title = Votre session de configuration a expiré
expired-heading = Votre session de configuration a expiré.
expired-text = Rien n’a été modifié. Vous pourrez configurer votre application lors de votre prochaine connexion.
problem-failed = Cela n’a pas fonctionné
problem-step-unavailable = Cette étape de configuration n’est pas possible pour le moment. Continuez vers votre application ; vous pourrez la configurer lors de votre prochaine connexion.
problem-required = La configuration est obligatoire
problem-required-deadline = La date limite de cette configuration est dépassée, elle ne peut donc plus être ignorée.
problem-required-skips = Vous avez ignoré cette étape le nombre maximal de fois, elle ne peut donc plus être ignorée.
required-sign-in-again = Votre compte doit configurer une méthode de connexion avant de continuer. Déconnectez-vous, puis reconnectez-vous pour la configurer.
problem-elsewhere = Cette configuration se poursuit ailleurs
problem-elsewhere-text = Vous vous êtes reconnecté dans une autre fenêtre ou un autre navigateur, et la configuration se poursuit là-bas. Rien n’a été modifié ici.
problem-skipped = Vous avez ignoré la configuration pour l’instant
problem-skipped-text = Votre report a été enregistré, et il n’y a rien d’autre à faire ici. Continuez vers votre application.
problem-all-set = Tout est prêt
problem-all-set-text = Votre nouvelle méthode de connexion est configurée. Continuez vers votre application.
problem-other-tab = Cette configuration se poursuit dans un autre onglet
problem-other-tab-text = Vous vous êtes reconnecté dans un autre onglet, et la configuration se poursuit là-bas. Rien n’a été modifié. Fermez cet onglet, ou poursuivez avec la configuration la plus récente.
problem-csrf = Nous n’avons pas pu vérifier cette demande
problem-csrf-text = Pour votre sécurité, cette session de configuration a été arrêtée et rien n’a été modifié. Continuez vers votre application ; vous pourrez la configurer lors de votre prochaine connexion.
problem-slow-down = Veuillez ralentir
problem-slow-down-text = Trop de demandes ont été faites pour cette configuration. Attendez une minute, puis rechargez cette page.
problem-store = Nous n’avons pas pu poursuivre la configuration
problem-store-text = Un problème est survenu de notre côté. Veuillez réessayer dans un instant.
problem-flow-setups = Cette configuration a été démarrée trop de fois. Continuez vers votre application ; vous pourrez la configurer lors de votre prochaine connexion.
problem-user-setups = Trop de configurations ont été démarrées pour votre compte au cours de la dernière heure. Réessayez plus tard.
problem-not-found = Page introuvable
problem-not-found-text = Cette page n’existe pas.
problem-method-text = Cette page ne peut pas être utilisée de cette façon.
problem-held = Nous n’avons pas pu terminer votre connexion
problem-held-text = Votre compte doit avoir une application d’authentification configurée, et nous ne pouvons pas le vérifier pour le moment. Veuillez vous reconnecter dans quelques minutes.

## Messages par e-mail : l'avis après un enregistrement et les rappels avant une échéance.

mail-greeting = Bonjour { $name },
mail-automatic = Ce message a été envoyé automatiquement par { $organization }.
mail-unknown = inconnu
mail-binding-subject = Une méthode de connexion a été ajoutée à votre compte
mail-binding-intro = Une nouvelle méthode de connexion a été ajoutée à votre compte { $organization }.
mail-method-push = une application d'authentification avec notifications
mail-method-totp = une application d'authentification (codes)
mail-method-passkey = une clé d'accès
mail-method-other = une autre méthode de connexion ({ $method })
mail-binding-method = Méthode : { $method }
mail-binding-device = Nom : { $device }
mail-binding-when = Date : { $when }
mail-binding-from = Depuis : { $browser }, adresse IP { $ip }
mail-binding-was-you = Si c'était vous, vous n'avez rien d'autre à faire.
mail-binding-not-you = Si ce n'était pas vous, quelqu'un d'autre peut peut-être se connecter à votre place. Contactez { $support } dès maintenant.
mail-binding-not-you-organization = Si ce n'était pas vous, quelqu'un d'autre peut peut-être se connecter à votre place. Contactez { $organization } dès maintenant.
mail-binding-not-you-link = Signalez-le ici : { $link }
mail-reminder-subject = Configurez votre méthode de connexion avant le { $date }
mail-reminder-subject-now = La configuration de votre méthode de connexion est désormais obligatoire
mail-reminder-intro = { $organization } vous demande de configurer { $method } pour protéger votre compte.
mail-reminder-by = Configurez-la avant le { $when } ({ $days ->
    [one] d'ici un jour
   *[other] dans { $days } jours
    }). D'ici là, vous pouvez encore l'ignorer lors de la connexion ; ensuite, ce ne sera plus possible.
mail-reminder-now-required = L'échéance est passée : vous devrez la configurer lors de votre prochaine connexion.
mail-reminder-how = Cela prend quelques minutes : connectez-vous comme d'habitude et suivez les étapes affichées.
mail-reminder-link = Se connecter : { $link }

## The test when the phone shows several numbers (privacyIDEA Authenticator)
# $device: the app's name
test-approve-choice = Ouvrez { $device } sur votre téléphone : l’application affiche quelques nombres. Touchez le nombre affiché ci-dessous.
test-number-choice = Nombre à toucher :
# $device: the app's name
test-still-waiting-choice = Nous attendons toujours votre approbation. Ouvrez { $device } (ou tirez vers le bas pour actualiser), touchez le nombre ci-dessus, puis choisissez Suivant.
