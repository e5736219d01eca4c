### La página de administración (/admin/), en español. Los mensajes de validación que nombran
### una ruta JSON de la directiva proceden de las comprobaciones de la directiva (como en la API
### de Graph) y se quedan en inglés.

## Horas y días

admin-when = { $when } UTC
admin-percent = { $percent } %

## La página

admin-title = Campaña de registro: administración
admin-heading = Campaña de registro
admin-sections = Secciones de esta página
admin-policy = Directiva
admin-settings = Plazo y reglas de grupo
admin-funnel = Embudo
admin-users = Usuarios
admin-what-if = ¿Y si...?
admin-audit = Registro de auditoría
admin-store-unavailable = El almacén no está disponible.
admin-store-unavailable-unchanged = El almacén no está disponible; no se ha cambiado nada.
admin-csrf-refused = No se pudo verificar este formulario (CSRF). Vuelva a cargar la página de administración e inténtelo de nuevo; no se ha cambiado nada.
admin-form-expired = Este formulario ha caducado: los formularios de administración son válidos durante una hora. Vuelva a cargar la página de administración y repita el cambio; no se ha cambiado nada.
admin-fix-problems = { $count ->
    [one] Corrija este problema:
   *[other] Corrija estos { $count } problemas:
    }

## Directiva

admin-policy-not-saved = La directiva no se ha guardado.
admin-policy-not-previewed = Todavía no hay vista previa.
admin-passkey-unattested = El perfil de clave de acceso «{ $profile }» restringe las claves por modelo sin atestación. Sin atestación, el modelo es solo lo que afirma el navegador, por lo que cualquier clave puede pasar por una permitida. Establezca la atestación en «solo en el registro» para aplicar la restricción.
admin-nothing-saved-yet = Todavía no se ha guardado nada.
admin-state = Estado
admin-state-enabled = Habilitada
admin-state-disabled = Deshabilitada
admin-state-default = Administrada por Microsoft
admin-snooze-label = Días que se puede posponer (de 0 a 14; 0 = avisar en cada inicio de sesión)
admin-snooze = Días que se puede posponer
admin-snooze-invalid = debe ser un número entero de días entre 0 y 14
admin-limited = Número de aplazamientos limitado (tres; después, el registro es obligatorio)
admin-targets-hint = Un destino por línea: el nombre de inicio de sesión de un usuario (<code>alice@contoso.com</code>), el nombre de un grupo o de un usuario, un id. solo (el directorio distingue usuario y grupo), <code>group ID</code>, <code>user ID</code> o <code>all_users</code>. «Vista previa» muestra qué significa cada línea.
admin-include = Incluir
admin-exclude = Excluir
admin-exclude-label = Excluir (la exclusión prevalece)
admin-targets-list = Lista
admin-targets-line = Línea
admin-targets-type = Tipo
admin-targets-name = Nombre
admin-targets-id = Id.
admin-target-type = { $type ->
    [group] grupo
   *[user] usuario
    }
admin-not-in-directory = (no está en el directorio)
admin-all-users = Todos los usuarios
admin-targets-stored = Qué significan las listas
admin-targets-refused = Qué significan las listas escritas (sin guardar)
admin-targets-preview = Vista previa: lo que «Guardar» almacenará
admin-targets-confirm = Lo que «Guardar» almacenará
admin-cancel = Cancelar
admin-preview = Vista previa
admin-save = Guardar
admin-preview-notice = Vista previa: todavía no se ha guardado nada. Compruebe abajo qué significa cada línea y, después, elija «Guardar».
admin-policy-saved = Guardado. La directiva está ahora en la versión { $version }.
admin-policy-stale = Otra persona ha cambiado la directiva mientras tanto. Esta es la directiva actual; repita el cambio.
admin-confirm-disable = Al deshabilitar la campaña se detienen todos los avisos de inmediato, y los usuarios que deben registrarse dejan de quedar retenidos al iniciar sesión.
admin-confirm-disable-button = Sí, deshabilitar la campaña
admin-confirm-empty = La lista «Incluir» está vacía: no hay nadie como destino, así que nadie recibirá avisos.
admin-confirm-empty-button = Sí, guardar sin nadie incluido
admin-confirm-both = Al deshabilitar la campaña y vaciar la lista «Incluir» se detienen todos los avisos de inmediato, y los usuarios que deben registrarse dejan de quedar retenidos al iniciar sesión.
admin-confirm-both-button = Sí, deshabilitarla sin nadie incluido

## Plazo y reglas de grupo

admin-settings-intro = Se guardan aparte de la directiva de Graph, para que los scripts de Graph sigan siendo válidos. Después del plazo, los usuarios de destino deben registrarse: su solicitud ya no tiene «Omitir por ahora». Una regla de grupo cambia el aplazamiento para los miembros del grupo; se aplica la primera regla de un grupo al que pertenezca el usuario.
admin-settings-not-saved = El plazo y las reglas de grupo no se han guardado.
admin-deadline = Plazo
admin-deadline-hint = Una fecha como <code>2027-01-15</code> (desde las 00:00 UTC de ese día) o un momento como <code>2027-01-15T17:00:00Z</code>. Vacío: sin plazo.
admin-deadline-passed = En vigor: { $when }, vencido (todos los usuarios de destino deben registrarse).
admin-deadline-today = En vigor: { $when }, hoy.
admin-deadline-in-days = En vigor: { $when }, dentro de { $days ->
    [one] { $days } día
   *[other] { $days } días
    }.
admin-reminders = Recordatorios (días antes del plazo)
admin-reminders-hint = Hasta 5 números de 0 a 60, como <code>7, 1</code>: los usuarios que aún deben registrarse reciben un mensaje esos días antes de su plazo (0: cuando vence). Requiere un plazo y notificaciones. Vacío: sin recordatorios.
admin-reminder-plan = Última comprobación { $when }: { $ahead }. Esa comprobación envió { $queued ->
    [one] { $queued } recordatorio
   *[other] { $queued } recordatorios
    }.
admin-reminder-ahead = { $days ->
    [0] al vencer el plazo
    [one] { $days } día antes
   *[other] { $days } días antes
    }: { $users ->
    [one] { $users } usuario
   *[other] { $users } usuarios
    }
admin-reminder-no-address = { $users ->
    [one] { $users } usuario no tiene dirección de correo.
   *[other] { $users } usuarios no tienen dirección de correo.
    }
admin-rules-hint = Los campos vacíos usan el valor de la directiva (el plazo de una regla: el de la campaña). Para quitar una regla, vacíe sus campos.
admin-rule = Regla de grupo { $number }
admin-rule-group = Grupo (nombre o id.)
admin-rule-snoozes = Aplazamientos permitidos
admin-rule-policys = El de la directiva
admin-rule-unlimited = Ilimitados
admin-save-settings = Guardar plazo y reglas
admin-field-rule-group = Regla { $number }, grupo
admin-field-rule-snooze = Regla { $number }, días que se puede posponer
admin-field-rule-snoozes = Regla { $number }, aplazamientos permitidos
admin-field-rule-deadline = Regla { $number }, plazo
admin-settings-saved = Guardado. El plazo y las reglas de grupo están ahora en la versión { $version }.
admin-settings-stale = Otra persona ha cambiado el plazo o las reglas de grupo mientras tanto. Así están ahora; repita el cambio.

## Embudo

admin-funnel-heading = Embudo, últimos { $days } días
admin-funnel-shown = Mostrados
admin-funnel-started = Iniciados
admin-funnel-scanned = Escaneados
admin-funnel-tested = Probados
admin-funnel-registered = Registrados
admin-funnel-rates = { $of-shown } de los mostrados · { $from-previous } del paso anterior
admin-funnel-hint = Iniciados: eligieron «Siguiente» en la solicitud. Escaneados: llegaron al código QR. Probados: se envió una notificación de prueba (el código de una aplicación de autenticación prueba y registra en un solo paso, así que «Probados» nunca es menor que «Registrados»). Registrados: el host guardó el nuevo método.
admin-per-day = Por día
admin-legend-shown = mostrados
admin-legend-skipped = omitidos
admin-legend-registered = registrados
admin-chart-title = Campaña de registro por día
admin-chart-description = Avisos mostrados, omitidos y registros de cada uno de los últimos { $days } días; la tabla de abajo tiene las cifras.
admin-report-caption = Por día (conversión: registros por aviso mostrado; – en días sin avisos)
admin-report-day = Día
admin-report-shown = Mostrados
admin-report-required = Obligatorios
admin-report-skipped = Omitidos
admin-report-download = Descarga
admin-report-scan = Escaneo
admin-report-test-sent = Prueba enviada
admin-report-approved = Aprobados
admin-report-registered = Registrados
admin-report-abandoned = Abandonados
admin-report-conversion = Conversión
admin-download-csv = Descargar CSV

## Usuarios

admin-users-intro = Todas las personas con las que se ha encontrado la campaña, y todas las personas objetivo que lista su directorio, y en qué punto están: lo que daría su próximo inicio de sesión, con la regla de su grupo cuando el directorio del host conoce sus grupos.
admin-users-by-status = Mostrar usuarios por estado
admin-users-all = Todos
admin-status-snoozed = Pospuesto
admin-status-due = Pendiente
admin-status-required = Obligatorio
admin-status-registered = Registrado
admin-status-exempt = Exento
admin-users-exempt-until = Exento hasta
admin-exempt-heading = Eximir a un usuario
admin-exempt-user = ID de usuario
admin-exempt-until = Hasta (una fecha como 2027-01-15, desde las 00:00 UTC)
admin-exempt-reason = Motivo (hasta 200 caracteres)
admin-exempt-button = Eximir
admin-exempt-remove = Quitar exención
admin-exempt-done = { $user } está exento hasta { $until }: sin avisos ni obligación.
admin-exempt-removed = { $user } ya no está exento.
admin-exempt-unknown = No eximido: ni el directorio ni la campaña conocen al usuario { $user }.
admin-exempt-bad-until = No eximido: el final debe ser una fecha posterior a hoy, como máximo dentro de un año, por ejemplo 2027-01-15.
admin-exempt-bad-reason = No eximido: indique un motivo de 1 a 200 caracteres.
admin-users-unavailable = El almacén no respondió; vuelva a cargar la página para intentarlo de nuevo.
admin-users-none = { $status ->
    [snoozed] Todavía no hay usuarios pospuestos.
    [due] Todavía no hay usuarios pendientes.
    [required] Todavía no hay usuarios con registro obligatorio.
    [registered] Todavía no hay usuarios registrados.
   *[all] Todavía no hay usuarios.
    }
admin-users-caption = { $status ->
    [snoozed] { $count ->
        [one] { $count } usuario pospuesto
       *[other] { $count } usuarios pospuestos
        }
    [due] { $count ->
        [one] { $count } usuario pendiente
       *[other] { $count } usuarios pendientes
        }
    [required] { $count ->
        [one] { $count } usuario con registro obligatorio
       *[other] { $count } usuarios con registro obligatorio
        }
    [registered] { $count ->
        [one] { $count } usuario registrado
       *[other] { $count } usuarios registrados
        }
   *[all] { $count ->
        [one] { $count } usuario
       *[other] { $count } usuarios
        }
    }
admin-users-more = (hay más en la página siguiente)
admin-users-user = Usuario
admin-users-status = Estado
admin-users-snoozed-until = Pospuesto hasta
admin-users-registered = Registrado
admin-users-next-page = Página siguiente
admin-users-csv = { $status ->
    [snoozed] Descargar los usuarios pospuestos en CSV
    [due] Descargar los usuarios pendientes en CSV
    [required] Descargar los usuarios con registro obligatorio en CSV
    [registered] Descargar los usuarios registrados en CSV
   *[all] Descargar los usuarios en CSV
    }
admin-users-every-page = (todas las páginas)

## ¿Y si...?

admin-what-if-intro = La decisión del motor real para el próximo inicio de sesión de un usuario, con su estado de aplazamiento actual. No se registra nada.
admin-what-if-user = Usuario (id. o nombre de inicio de sesión)
admin-what-if-change = Cambiar los grupos, los métodos o el navegador del usuario
admin-what-if-empty-fields = Los campos vacíos usan lo que dice el directorio sobre el usuario.
admin-what-if-groups = Id. de grupos (separados por comas)
admin-what-if-methods = Métodos (separados por comas, p. ej. <code>sms, softwareOath</code>)
admin-what-if-browser = User-Agent del navegador (vacío: un navegador de escritorio)
admin-explain = Explicar
admin-why = Motivo: { $reason }
admin-decision-nudge = Aviso: se muestra la solicitud, con «Omitir por ahora»
admin-decision-required = Obligatorio: se muestra la solicitud sin omitir, y el inicio de sesión espera al registro
admin-decision-pass = Sin aviso: el inicio de sesión continúa
admin-snoozed-so-far = Pospuesto { $count ->
    [one] { $count } vez
   *[other] { $count } veces
    } hasta ahora.
admin-snoozed-so-far-left = Pospuesto { $count ->
    [one] { $count } vez
   *[other] { $count } veces
    } hasta ahora; { $left ->
    [one] queda { $left } aplazamiento
   *[other] quedan { $left } aplazamientos
    }.
admin-skip-lasts-until = Un aplazamiento ahora duraría hasta el { $when }.
admin-decided-with = Decidido con la versión { $version } de la directiva.
admin-what-if-who = Usuario: { $who }.
admin-what-if-from-directory = Grupos y métodos según el directorio: { $groups }; métodos { $methods }.
admin-what-if-as-typed = Grupos y métodos tal como se escribieron (el directorio no describe a este usuario): { $groups }; métodos { $methods }.
admin-no-groups = ningún grupo
admin-no-answer = Sin respuesta: { $error }
admin-reason-campaignDisabled = La campaña está deshabilitada.
admin-reason-excluded = El usuario, o un grupo al que pertenece, está en la lista de exclusión (la exclusión prevalece sobre la inclusión).
admin-reason-notTargeted = Ni el usuario ni ninguno de sus grupos está en la lista «Incluir».
admin-reason-notTelephonyMfa = Una campaña administrada por Microsoft solo avisa a los usuarios que hicieron la MFA con un SMS o una llamada de voz.
admin-reason-authenticatorNotEnabled = Microsoft Authenticator no está habilitado para este usuario en su configuración de método.
admin-reason-passwordlessMode = Microsoft Authenticator solo está habilitado para este usuario en modo sin contraseña (push vinculado al dispositivo), para el que la campaña no avisa.
admin-reason-alreadyRegistered = El usuario ya tiene Microsoft Authenticator con notificaciones.
admin-reason-mobileDevice = El inicio de sesión viene del navegador de un teléfono; los teléfonos no reciben avisos hasta que el registro es obligatorio.
admin-reason-nonBrowserClient = El inicio de sesión viene de una aplicación o un script, no de un navegador.
admin-reason-singleSignOn = Inicio de sesión único: no hubo MFA interactiva en este inicio de sesión.
admin-reason-registeredMethodThisSession = El usuario registró otro método en esta sesión.
admin-reason-registrationBlockedByConditionalAccess = El acceso condicional bloquea el registro de información de seguridad en este inicio de sesión.
admin-reason-termsOfUse = Se mostraron unos términos de uso en este inicio de sesión.
admin-reason-customControl = Un control personalizado del acceso condicional se encargó de este inicio de sesión.
admin-reason-clientExemptionWhileRequired = El registro es obligatorio, pero los teléfonos y las aplicaciones pasan (las exenciones de cliente están activadas).
admin-reason-notEnabledForPasskeys = La campaña pide una clave de acceso, pero las claves de acceso no están habilitadas para este usuario.
admin-reason-guestPasskey = Las campañas de claves de acceso no avisan a los invitados.
admin-reason-passkeyAlreadyUsableHere = El usuario ya tiene una clave de acceso que funciona en este navegador.
admin-reason-snoozed-until = El usuario eligió «Omitir por ahora»; el aplazamiento dura hasta el { $when }.
admin-reason-snoozed = El usuario eligió «Omitir por ahora» y el aplazamiento sigue en curso.
admin-reason-exempted = Un administrador eximió al usuario: sin avisos ni obligación hasta que termine la exención.
admin-reason-inScope = El usuario es destino y nada exime este inicio de sesión.
admin-reason-snoozeLimitReached = El usuario ha usado todos los aplazamientos permitidos.
admin-reason-deadlinePassed = El plazo del usuario ha vencido.
admin-reason-unknown = El motor dio un motivo que esta página todavía no conoce.

## Registro de auditoría

admin-audit-empty = Todavía no hay cambios.
admin-audit-newest-first = Los más recientes primero
admin-audit-when = Cuándo
admin-audit-who = Quién
admin-audit-what = Qué
admin-audit-version = Versión
admin-audit-who-startup = El host, al iniciarse
admin-audit-target-policy = Directiva de métodos de autenticación
admin-audit-target-settings = Plazo, reglas de grupo y recordatorios
admin-audit-target-method = Configuración del método: { $method }
admin-audit-target-registration = Registro: { $method }
admin-audit-target-registration-from = Registro: { $method }, desde { $ip }
admin-audit-target-exempted = { $user } eximido hasta { $until }
admin-audit-target-exemption-removed = Exención de { $user } retirada
admin-what-if-enter-user = Escriba el id. o el nombre de inicio de sesión de un usuario.
admin-what-if-unknown-user = Ningún usuario del directorio tiene el nombre de inicio de sesión o el nombre «{ $typed }»: escriba su id.
admin-what-if-ambiguous = «{ $typed }» designa a { $count } usuarios: escriba el id. del que quiere.
admin-what-if-no-methods = El directorio no indica métodos de inicio de sesión para este usuario, por lo que no puede hacer MFA: escriba sus métodos abajo.
admin-what-if-undescribed = El directorio no describe a este usuario: escriba sus métodos (y grupos) abajo.

## What a registration was (what-if and the user table).
admin-method-push = notificaciones push
admin-method-totp = aplicación de autenticación
admin-method-unknown = no registrado
admin-method-passkey = clave de acceso
admin-reason-registered-through-campaign = El usuario se registró mediante la campaña el { $when } ({ $method }).
admin-reason-directory-method = El directorio indica { $method } para este usuario, lo que esta campaña acepta.
admin-auth-method-microsoftAuthenticatorPush = Microsoft Authenticator con notificaciones
admin-auth-method-microsoftAuthenticatorPasswordless = el inicio de sesión sin contraseña de Microsoft Authenticator
admin-auth-method-softwareOath = una aplicación de autenticación (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = los códigos de Microsoft Authenticator (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
        [one] 1 usuario obligado a registrarse puede volver a omitir.
       *[other] { $unrequired } usuarios obligados a registrarse pueden volver a omitir.
    } { $required ->
        [0] { "" }
        [one] 1 usuario más debe registrarse ahora.
       *[other] { $required } usuarios más deben registrarse ahora.
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
        [one] Al guardar, 1 usuario obligado a registrarse podría volver a omitir.
       *[other] Al guardar, { $unrequired } usuarios obligados a registrarse podrían volver a omitir.
    } { $required ->
        [0] { "" }
        [one] Al guardar, 1 usuario más tendría que registrarse.
       *[other] Al guardar, { $required } usuarios más tendrían que registrarse.
    }
admin-shift-partial = (Contado sobre los primeros { $count } usuarios que ha encontrado la campaña.)

## Who is signed in (when the host says).
admin-signed-in-as = Sesión iniciada como { $name }
admin-sign-out = Cerrar sesión

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = Un administrador prolongó el aplazamiento del usuario hasta el { $when }: sin avisos ni obligación hasta entonces.
admin-audit-target-snoozes-reset = Aplazamientos de { $user } restablecidos
admin-audit-target-snooze-extended = Aplazamiento de { $user } prolongado hasta el { $until }
admin-audit-target-snooze-extension-removed = Prórroga del aplazamiento de { $user } terminada
admin-reset-button = Restablecer aplazamientos
admin-reset-done = { $user } vuelve a tener todas sus omisiones y verá el aviso en el próximo inicio de sesión.
admin-extend-heading = Prolongar el aplazamiento de un usuario
admin-extend-until = Hasta (una fecha como 2027-01-15, desde las 00:00 UTC)
admin-extend-button = Prolongar aplazamiento
admin-extend-remove = Terminar prórroga
admin-extend-done = { $user } no verá avisos ni tendrá obligación hasta el { $until }.
admin-extend-removed = La prórroga del aplazamiento de { $user } ha terminado.
admin-extend-bad-until = No prolongado: el final debe ser una fecha posterior a hoy, como máximo 90 días después, como 2027-01-15.
admin-user-unknown = Ni el directorio ni la campaña conocen a ningún usuario { $user }.
admin-users-shown = Mostrados
admin-users-skipped = Omitidos
admin-users-left = Sin respuesta
admin-users-last-shown = Último aviso
admin-status-notYetShown = Aún sin aviso
admin-users-csv-excel = CSV para Excel
admin-users-search = Buscar usuarios por nombre
admin-users-search-button = Buscar
# $total: every user the report has with this filter
admin-users-total = ({ $total } en total)
admin-methods-caption = El embudo de cada método, en los mismos días
admin-methods-method = Método
admin-methods-rate = Registrados entre quienes llegaron a su configuración
admin-methods-hint = Quien cambió de push al código de una aplicación cuenta en ambos; el embudo de arriba lo cuenta una vez.
