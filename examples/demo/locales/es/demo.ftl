### Las páginas propias de la demo (inicio de sesión, MFA, inicio), en español.

demo-demo = (demo)
demo-home-title = Inicio
demo-signed-in-as = Ha iniciado sesión como { $name }
demo-admin-link = Administración de la campaña de registro
demo-sign-out = Cerrar sesión
demo-sign-in = Iniciar sesión
demo-wrong-credentials = El correo electrónico o la contraseña no son correctos. Compruebe ambos y vuelva a intentarlo.
demo-email = Correo electrónico
demo-password = Contraseña
demo-code = Código
demo-verify = Verificar
demo-verify-title = Verifique su identidad
demo-code-from-app = Abra su aplicación de autenticación y escriba el código de 6 dígitos que muestra para esta cuenta.
demo-code-texted = Le hemos enviado un código por SMS. Escríbalo aquí.
demo-passkey-or = O inicie sesión con la clave de acceso que creó.
demo-passkey-unsupported = Este navegador no puede usar una clave de acceso aquí. Escriba un código en su lugar.
demo-use-passkey = Usar una clave de acceso
demo-passkey-no-script = Para iniciar sesión con una clave de acceso se necesita JavaScript. Escriba un código en su lugar.
demo-passkey-failed = Esa clave de acceso no ha funcionado. Vuelva a intentarlo o escriba un código.
demo-passkey-script-cancelled = No se inició sesión con una clave de acceso. Puede volver a intentarlo o iniciar sesión de otra forma.
demo-passkey-script-exists = Algo salió mal. Puede volver a intentarlo.
demo-passkey-script-security = Esta página no puede usar una clave de acceso. Abra la página de inicio de sesión en su dirección habitual y vuelva a intentarlo.
demo-passkey-script-failed = Algo salió mal y no se inició sesión. Puede volver a intentarlo.
demo-push-title = Aprobar la solicitud de inicio de sesión
demo-push-instructions = Abra su aplicación de autenticación en { $device } y escriba el número que se muestra para iniciar sesión.
demo-push-instructions-choice = Abra { $device } en su teléfono (o deslice hacia abajo para actualizar) y toque el número que aparece abajo para iniciar sesión.
demo-push-approved = Ya la he aprobado
demo-push-use-code = Usar un código por SMS en su lugar
demo-try-again = Reintentar
demo-push-timed-out = La solicitud de inicio de sesión ha caducado. Vuelva a intentarlo para recibir otra.
demo-push-waiting = Todavía no hemos recibido su aprobación.
demo-push-denied = La solicitud de inicio de sesión se denegó o caducó.
demo-push-unavailable = No pudimos comprobar la solicitud de inicio de sesión. Vuelva a intentarlo.
demo-code-wrong-app = Ese código no es correcto. Compruebe el código en su aplicación de autenticación y vuelva a intentarlo ({ $tries ->
    [one] queda { $tries } intento
   *[other] quedan { $tries } intentos
    }).
demo-code-used = Ese código ya se ha usado. Espere al siguiente código de su aplicación.
demo-locked-out = Demasiados códigos incorrectos. Vuelva a intentarlo después de las { $time }.
demo-code-unavailable = No pudimos comprobar el código. Vuelva a intentarlo en un momento.
demo-code-wrong-sms = Ese código no es correcto. Compruebe el SMS y vuelva a intentarlo.
demo-device-app = En esta demo, el simulador de dispositivos hace de Contoso Authenticator. Ejecute { $command } en otro terminal, vuelva aquí y elija «Siguiente». O elija «{ $alternative }» en la página del código QR para usar cualquier aplicación de autenticación.
demo-device-link = el vínculo bajo el código QR
demo-back = Volver a la demo
demo-not-found-title = No se encuentra la página
demo-not-found = No hay ninguna página en esta dirección.
demo-start-page = Ir a la página de inicio
demo-not-admin-title = No es administrador
demo-not-admin = Ha iniciado sesión como { $name }, que no puede usar la página de administración. Cierre la sesión e iníciela como administrador (en la demo: admin@contoso.test).
demo-back-home = Volver al inicio
