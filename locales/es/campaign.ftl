### Las páginas de la configuración, en español. Trato de «usted». Términos de Microsoft que los
### usuarios conocen: «Siguiente», «Omitir por ahora», «Atrás».

## Fechas y horas

time-utc = { $time } UTC
time-utc-offset = { $time } UTC{ $offset }
date-at-time = { $date } a las { $time }

## Todas las páginas

step-of = Paso { $number } de { $total }
next = Siguiente
back = Atrás
done = Listo
try-again = Reintentar
skip-for-now = Omitir por ahora
continue-to-app = Continuar a la aplicación
sign-out = Cerrar sesión
organization-default = Su organización
footer-asks-method = { $organization } le pide que configure { $method } para proteger su cuenta.
footer-asks = { $organization } le pide que proteja su cuenta.
method-a-passkey = una clave de acceso
method-an-authenticator-app = una aplicación de autenticación
script-copy = Copiar
script-copied = Copiado
script-copy-by-hand = Seleccionado: pulse Ctrl+C o ⌘C para copiar
script-approved = Aprobada
script-denied = Denegada
script-expired = Caducada

## La solicitud

prompt-heading = Proteja su cuenta
prompt-signed-in-as = Ha iniciado sesión como
prompt-before-you-continue = Antes de continuar
prompt-app-intro = { $organization } requiere información de seguridad adicional. Siga las indicaciones para descargar y configurar la aplicación { $app }.
prompt-app-intro-any = { $organization } requiere información de seguridad adicional. Siga las indicaciones para descargar y configurar una aplicación de autenticación.
prompt-passkey-intro = { $organization } le pide que cree una clave de acceso. Con una clave de acceso, inicia sesión con su cara, su huella digital o el bloqueo de pantalla: no hay nada que escribir ni nada que un sitio web falso pueda robar.
prompt-deadline-passed-app = El plazo para configurar { $app } terminó el { $when }. Configúrela ahora para continuar.
prompt-deadline-passed-any-app = El plazo para configurar una aplicación de autenticación terminó el { $when }. Configure una ahora para continuar.
prompt-deadline-passed-passkey = El plazo para crear una clave de acceso terminó el { $when }. Cree una ahora para continuar.
prompt-max-skips-app = Ya ha omitido este paso el número máximo de veces. Configure { $app } ahora para continuar.
prompt-max-skips-any-app = Ya ha omitido este paso el número máximo de veces. Configure una aplicación de autenticación ahora para continuar.
prompt-max-skips-passkey = Ya ha omitido este paso el número máximo de veces. Cree una clave de acceso ahora para continuar.
prompt-skips-left = { $skips ->
    [one] Puede omitir este paso { $skips } vez más.
   *[other] Puede omitir este paso { $skips } veces más.
    }
prompt-due-or-skips = <strong>{ $required }</strong>, o después de omitirlo { $skips ->
    [one] { $skips } vez más
   *[other] { $skips } veces más
    }, lo que ocurra primero.
prompt-due = <strong>{ $required }</strong>.
required-today = Obligatorio hoy
required-today-by = Obligatorio hoy (antes de las { $time })
required-in-days = Obligatorio en { $days ->
    [one] { $days } día
   *[other] { $days } días
    } (antes del { $when })
remind-next-sign-in = Si lo omite, se lo volveremos a pedir en su próximo inicio de sesión.
remind-in-days = Si lo omite, se lo volveremos a pedir dentro de { $days ->
    [one] { $days } día
   *[other] { $days } días
    }.
remind-at-deadline = Si lo omite, se lo volveremos a pedir cuando la configuración sea obligatoria, en su primer inicio de sesión a partir del { $when }.

## Paso 1: la aplicación

download-heading = Empiece por obtener la aplicación
download-install = En su teléfono, instale la aplicación { $app }.
download-install-any = En su teléfono, instale una aplicación de autenticación si aún no tiene una. Sirve cualquier aplicación que muestre códigos de 6 dígitos.
download-app-store = Descargar en el App Store
download-google-play = Disponible en Google Play
download-then-next = Cuando haya instalado la aplicación en su dispositivo, elija «Siguiente».

## Paso 2: agregar la cuenta

setup-heading = Configure su cuenta
setup-push-notifications = Si se le solicita, permita las notificaciones.
setup-push-add-account = Abra la aplicación y agregue una cuenta: elija «Cuenta profesional o educativa».
setup-push-scan = Elija «Escanear un código QR».
setup-code-add-account = Abra la aplicación y agregue una cuenta. En Microsoft Authenticator, elija «Otra cuenta (Google, Facebook, etc.)»; en otras aplicaciones de autenticación, elija agregar una cuenta o un código.
setup-code-add-account-any = Abra la aplicación y elija agregar una cuenta o un código.
setup-code-scan = Elija «Escanear un código QR». La página siguiente muestra el código QR y la clave que puede escribir si no puede escanearlo.

## Paso 3: el código QR

scan-heading = Escanee el código QR
scan-push-intro = Use la aplicación { $app } para escanear el código QR. Así se conecta la aplicación con su cuenta.
scan-push-caption = Código QR para conectar la aplicación
scan-cant-scan = ¿No puede escanear la imagen?
scan-enter-code-and-url = En la aplicación, elija escribir un código y escriba este código y esta URL:
scan-code = Código
scan-url = URL
scan-copy-code = Copiar el código
scan-copy-url = Copiar la URL
scan-or-enter-link = O escriba este vínculo en la aplicación:
scan-enter-link = Escriba este vínculo en la aplicación:
copy-setup-link = Copiar el vínculo de configuración
scan-connected = Conectado: { $device }
scan-fingerprint = Huella digital de la clave:
scan-check-fingerprint = Compruebe que su teléfono muestra la misma huella digital y, después, elija «Siguiente» para recibir una notificación de prueba.
scan-waiting = Esperando a su teléfono…
scan-scanned = Ya lo he escaneado
scan-qr-works-for = Este código QR es válido durante { $countdown }.
scan-not-scanned = Todavía no tenemos noticias de su teléfono. Escanee primero el código QR con la aplicación y, después, elija «Siguiente».
alternative-other-app = Quiero usar otra aplicación de autenticación
alternative-push = Usar notificaciones en el teléfono en su lugar
alternative-app = Usar una aplicación de autenticación en su lugar

## Paso 3 con un código (TOTP)

code-intro = Escanee el código QR con su aplicación de autenticación o escriba la clave manualmente.
code-caption = Código QR para su aplicación de autenticación
code-open-here = ¿Está en un teléfono? Abra la aplicación en este dispositivo
code-account-name = Nombre de la cuenta
code-issuer = Emisor
code-secret-key = Clave secreta
code-copy-secret = Copiar la clave secreta
code-show-link = Mostrar el vínculo de configuración
code-label = Escriba el código de 6 dígitos de la aplicación
code-attempts-left = { $attempts ->
    [one] Queda { $attempts } intento.
   *[other] Quedan { $attempts } intentos.
    }
code-missing = Escriba el código de 6 dígitos de su aplicación.
code-used = Ese código ya se ha usado. Espere al siguiente código de su aplicación.
code-wrong = Ese código no ha funcionado. Compruebe el código en su aplicación e inténtelo de nuevo.
code-too-many = El código ha fallado demasiadas veces. Hemos creado un código QR nuevo: quite la cuenta anterior de su aplicación y escanee este.
code-changed = Algo ha cambiado mientras tanto. Vuelva a escribir el código.
code-your-app = Su aplicación de autenticación

## Paso 4: la notificación de prueba

test-heading = Vamos a probarlo
test-approve = Apruebe la notificación que enviamos a { $device } escribiendo el número que se muestra a continuación.
test-number = Número que debe escribir:
test-still-waiting = Seguimos esperando su aprobación en { $device }. Escriba el número de arriba en la aplicación y, después, elija «Siguiente».
test-waiting = Esperando su aprobación…
test-expires-in = La notificación caduca en { $countdown }.
test-device-approved = { $device } aprobó la notificación.
test-approved = Aprobada.
test-sent = Enviamos una notificación de prueba a { $device }.
test-denied = La notificación se denegó en { $device }. Elija «Siguiente» para enviar otra.
test-wrong-number = El número escrito en { $device } no coincidía con el que se muestra aquí, por lo que la notificación se rechazó. Elija «Siguiente» para enviar otra.
test-expired = { $device } no respondió a la notificación a tiempo. Elija «Siguiente» para enviar otra.
approved-heading = Notificación aprobada
approved-connected = { $device } está conectado.
approved-your-phone = Su teléfono
done-heading = ¡Correcto!
done-text = ¡Buen trabajo! Ha configurado correctamente su información de seguridad. { $method } es ahora su método de inicio de sesión predeterminado.
done-text-neutral = ¡Buen trabajo! Ha configurado correctamente su información de seguridad. Podrá usarla la próxima vez que inicie sesión.
saving-heading = No pudimos guardar su nuevo método de inicio de sesión
saving-text = Su aplicación está configurada, pero no pudimos guardarla en su cuenta. No se ha perdido nada: vuelva a intentarlo en un momento.

## Claves de acceso

passkey-heading = Crear una clave de acceso
passkey-intro = Una clave de acceso le permite iniciar sesión con su cara, su huella digital o el bloqueo de pantalla en lugar de con un código. Su navegador le preguntará dónde guardarla: en este dispositivo, en su teléfono, en un administrador de contraseñas o en una llave de seguridad.
passkey-no-script = Para crear una clave de acceso se necesita JavaScript, que está desactivado en este navegador. Actívelo y vuelva a cargar esta página.
passkey-no-script-or-app = Para crear una clave de acceso se necesita JavaScript, que está desactivado en este navegador. Actívelo y vuelva a cargar esta página, o use una aplicación de autenticación en su lugar.
passkey-unsupported = Este navegador no puede crear una clave de acceso aquí. Puede crearla en su teléfono o con una llave de seguridad, u omitir este paso por ahora.
passkey-unsupported-or-app = Este navegador no puede crear una clave de acceso aquí. Puede usar una aplicación de autenticación en su lugar, o crear la clave de acceso en su teléfono o con una llave de seguridad.
passkey-create = Crear una clave de acceso
passkey-script-cancelled = No se creó la clave de acceso. Puede volver a intentarlo o elegir otro método.
passkey-script-exists = Este dispositivo ya tiene una clave de acceso para su cuenta. Puede usarla para iniciar sesión o probar con otro dispositivo.
passkey-script-security = Esta página no puede crear una clave de acceso. Abra la página de inicio de sesión en su dirección habitual y vuelva a intentarlo.
passkey-script-failed = Algo salió mal y no se creó la clave de acceso. Puede volver a intentarlo.
passkey-script-busy = Siga los pasos que muestra su navegador…
passkey-already-created = Ya se creó una clave de acceso para esta configuración.
passkey-changed = La configuración de la clave de acceso cambió mientras tanto. Vuelva a cargar la página.
passkey-already-saved = Esta clave de acceso ya se guardó.
passkey-choose-create = Elija «Crear una clave de acceso» y, después, siga los pasos que muestra su navegador.
passkey-unreadable = Su navegador envió una respuesta que no pudimos leer, por lo que no se guardó ninguna clave de acceso. Vuelva a intentarlo.
passkey-wrong-site = Esta clave de acceso se creó para otro sitio web, por lo que no se guardó.
passkey-wrong-request = Esta respuesta pertenece a otra solicitud de clave de acceso, por lo que no se guardó. Vuelva a intentarlo.
passkey-not-verified = Su dispositivo no comprobó que es usted (con su cara, su huella digital, un PIN o el bloqueo de pantalla), por lo que no se guardó la clave de acceso. Vuelva a intentarlo y complete ese paso.
passkey-already-yours = Esta clave de acceso ya está configurada para su cuenta, por lo que no se volvió a guardar.
passkey-taken = Esta clave de acceso no se puede usar para su cuenta, por lo que no se guardó. Cree una clave de acceso nueva.
passkey-not-verifiable = No se pudo verificar la respuesta de su navegador, por lo que no se guardó ninguna clave de acceso. Vuelva a intentarlo.
passkey-request-used = Esta solicitud de clave de acceso ya se usó. Vuelva atrás y elija de nuevo «Crear una clave de acceso».
passkey-too-slow = Ha tardado demasiado, por lo que no se guardó ninguna clave de acceso. Elija «Crear una clave de acceso» para volver a intentarlo.
passkey-rule-no-profile = Su organización no le permite crear una clave de acceso aquí.
passkey-rule-synced = Su organización solo permite claves de acceso que permanecen en un dispositivo, como una llave de seguridad. Esta clave de acceso se puede sincronizar entre dispositivos, por lo que no se guardó.
passkey-rule-device-bound = Su organización solo permite claves de acceso que se sincronizan entre sus dispositivos, como las guardadas en un administrador de contraseñas. Esta clave de acceso permanece en un dispositivo, por lo que no se guardó.
passkey-rule-attestation = Su organización solo permite claves de acceso de modelos de dispositivo que puede verificar, y esta clave de acceso no se pudo verificar, por lo que no se guardó. Pruebe con una llave de seguridad de su organización.
passkey-rule-provider = Su organización no permite claves de acceso de { $provider }, por lo que esta clave de acceso no se guardó. Intente guardarla en otro lugar.
passkey-rule-provider-unknown = Su organización no permite claves de acceso de este proveedor, por lo que esta clave de acceso no se guardó. Intente guardarla en otro lugar.
name-heading = Ponga nombre a su clave de acceso
name-intro = Su clave de acceso está creada. Póngale un nombre que reconozca, como el del dispositivo o la aplicación donde está guardada.
name-label = Nombre de la clave de acceso
name-default = Clave de acceso
name-empty = Ponga un nombre a su clave de acceso para distinguirla de otras más adelante.
name-too-long = Use un nombre más corto: { $max } caracteres como máximo.
name-characters = Use solo letras, números, espacios y signos de puntuación.
passkey-done-heading = Clave de acceso creada
passkey-done-text = Su clave de acceso <strong>{ $name }</strong> está guardada. La próxima vez podrá iniciar sesión con ella en lugar de con un código.
passkey-done-text-unnamed = Su clave de acceso está guardada. La próxima vez podrá iniciar sesión con ella en lugar de con un código.

## Páginas fuera de una configuración y problemas

expired-title = Su sesión de configuración ha caducado
expired-heading = Su sesión de configuración ha caducado.
expired-text = No se ha cambiado nada. Puede configurar su aplicación en su próximo inicio de sesión.
problem-failed = No ha funcionado
problem-step-unavailable = Este paso de la configuración no se puede realizar ahora. Continúe a la aplicación; puede configurarla en su próximo inicio de sesión.
problem-required = La configuración es obligatoria
problem-required-deadline = El plazo para esta configuración ya ha terminado, por lo que ahora no se puede omitir.
problem-required-skips = Ya ha omitido este paso el número máximo de veces, por lo que ahora no se puede omitir.
required-sign-in-again = Su cuenta debe configurar un método de inicio de sesión antes de continuar. Cierre la sesión y vuelva a iniciarla para configurarlo.
problem-elsewhere = Esta configuración continúa en otro lugar
problem-elsewhere-text = Volvió a iniciar sesión en otra ventana u otro navegador, y la configuración continúa allí. Aquí no se ha cambiado nada.
problem-skipped = Ha omitido la configuración por ahora
problem-skipped-text = Se registró que lo ha omitido y no hay nada más que hacer aquí. Continúe a la aplicación.
problem-all-set = Todo listo
problem-all-set-text = Su nuevo método de inicio de sesión está configurado. Continúe a la aplicación.
problem-other-tab = Esta configuración continúa en otra pestaña
problem-other-tab-text = Volvió a iniciar sesión en otra pestaña y la configuración continúa allí. No se ha cambiado nada. Cierre esta pestaña o continúe con la configuración más reciente.
problem-csrf = No pudimos verificar esta solicitud
problem-csrf-text = Por su seguridad, esta sesión de configuración se detuvo y no se ha cambiado nada. Continúe a la aplicación; puede configurarla en su próximo inicio de sesión.
problem-slow-down = Vaya más despacio
problem-slow-down-text = Se han hecho demasiadas solicitudes para esta configuración. Espere un minuto y vuelva a cargar esta página.
problem-store = No pudimos continuar con la configuración
problem-store-text = Algo salió mal por nuestra parte. Vuelva a intentarlo en un momento.
problem-flow-setups = Esta configuración se ha iniciado demasiadas veces. Continúe a la aplicación; puede configurarla en su próximo inicio de sesión.
problem-user-setups = Se han iniciado demasiadas configuraciones para su cuenta en la última hora. Vuelva a intentarlo más tarde.
problem-not-found = No se encuentra la página
problem-not-found-text = Esta página no existe.
problem-method-text = Esta página no se puede usar de esa forma.
problem-held = No pudimos completar su inicio de sesión
problem-held-text = Su cuenta necesita tener configurada una aplicación de autenticación y ahora no podemos comprobarlo. Vuelva a iniciar sesión dentro de unos minutos.

## Mensajes por correo: el aviso tras un registro y los recordatorios antes de una fecha límite.

mail-greeting = Hola, { $name }:
mail-automatic = { $organization } envió este mensaje automáticamente.
mail-unknown = desconocido
mail-binding-subject = Se ha añadido un método de inicio de sesión a su cuenta
mail-binding-intro = Se ha añadido un nuevo método de inicio de sesión a su cuenta de { $organization }.
mail-method-push = una aplicación de autenticación con notificaciones
mail-method-totp = una aplicación de autenticación (códigos)
mail-method-passkey = una clave de acceso
mail-method-other = otro método de inicio de sesión ({ $method })
mail-binding-method = Método: { $method }
mail-binding-device = Nombre: { $device }
mail-binding-when = Cuándo: { $when }
mail-binding-from = Desde: { $browser }, dirección IP { $ip }
mail-binding-was-you = Si fue usted, no tiene que hacer nada más.
mail-binding-not-you = Si no fue usted, es posible que otra persona pueda iniciar sesión en su nombre. Póngase en contacto con { $support } ahora.
mail-binding-not-you-organization = Si no fue usted, es posible que otra persona pueda iniciar sesión en su nombre. Póngase en contacto con { $organization } ahora.
mail-binding-not-you-link = Infórmelo aquí: { $link }
mail-reminder-subject = Configure su método de inicio de sesión antes del { $date }
mail-reminder-subject-now = Configurar su método de inicio de sesión ya es obligatorio
mail-reminder-intro = { $organization } le pide que configure { $method } para proteger su cuenta.
mail-reminder-by = Configúrelo antes del { $when } ({ $days ->
    [one] en menos de un día
   *[other] dentro de { $days } días
    }). Hasta entonces puede omitirlo al iniciar sesión; después, ya no.
mail-reminder-now-required = La fecha límite ha pasado: tendrá que configurarlo la próxima vez que inicie sesión.
mail-reminder-how = Solo lleva unos minutos: inicie sesión como siempre y siga los pasos que se muestran.
mail-reminder-link = Iniciar sesión: { $link }

## The test when the phone shows several numbers (privacyIDEA Authenticator)
# $device: the app's name
test-approve-choice = Abra { $device } en su teléfono: muestra algunos números. Toque el número que aparece abajo.
test-number-choice = Número que debe tocar:
# $device: the app's name
test-still-waiting-choice = Seguimos esperando su aprobación. Abra { $device } (o deslice hacia abajo para actualizar), toque el número de arriba y elija Siguiente.
