### صفحة الإدارة (/admin/) بالعربية. رسائل التحقق التي تذكر مسار JSON في النهج تأتي من فحوص
### النهج نفسها (كما في Graph API) وتبقى بالإنجليزية.

## الأوقات والأيام

admin-when = { $when } UTC
admin-percent = { $percent }٪

## الصفحة

admin-title = حملة التسجيل: الإدارة
admin-heading = حملة التسجيل
admin-sections = أقسام هذه الصفحة
admin-policy = النهج
admin-settings = الموعد النهائي وقواعد المجموعات
admin-funnel = مسار التحويل
admin-users = المستخدمون
admin-what-if = ماذا لو؟
admin-audit = سجل التدقيق
admin-store-unavailable = المخزن غير متاح.
admin-store-unavailable-unchanged = المخزن غير متاح؛ لم يتغير شيء.
admin-csrf-refused = تعذّر التحقق من هذا النموذج (CSRF). أعد تحميل صفحة الإدارة وأعد المحاولة؛ لم يتغير شيء.
admin-form-expired = انتهت صلاحية هذا النموذج: نماذج الإدارة صالحة لمدة ساعة. أعد تحميل صفحة الإدارة وأجرِ التغيير مرة أخرى؛ لم يتغير شيء.
admin-fix-problems = { $count ->
    [one] أصلح هذه المشكلة:
    [two] أصلح هاتين المشكلتين:
    [few] أصلح هذه المشكلات الـ { $count }:
   *[other] أصلح هذه المشكلات الـ { $count }:
    }

## النهج

admin-policy-not-saved = لم يُحفظ النهج.
admin-policy-not-previewed = لا توجد معاينة بعد.
admin-passkey-unattested = يقيّد ملف مفاتيح المرور «{ $profile }» المفاتيح حسب الطراز دون تصديق. من دون تصديق يكون الطراز مجرد ادعاء من المتصفح، فيمكن لأي مفتاح أن يمر كمفتاح مسموح به. اضبط التصديق على «عند التسجيل فقط» لفرض القيد.
admin-nothing-saved-yet = لم يُحفظ شيء بعد.
admin-state = الحالة
admin-state-enabled = ممكّن
admin-state-disabled = معطّل
admin-state-default = تديره Microsoft
admin-snooze-label = أيام التأجيل المسموح بها (من 0 إلى 14؛ 0 = التذكير عند كل تسجيل دخول)
admin-snooze = أيام التأجيل المسموح بها
admin-snooze-invalid = يجب أن يكون عددًا صحيحًا من الأيام من 0 إلى 14
admin-limited = عدد محدود من مرات التأجيل (ثلاث، ثم يصبح التسجيل مطلوبًا)
admin-targets-hint = هدف واحد في كل سطر: اسم تسجيل دخول المستخدم (<code>alice@contoso.com</code>)، أو اسم مجموعة أو مستخدم، أو معرّف وحده (الدليل يميّز المستخدم من المجموعة)، أو <code>group ID</code>، أو <code>user ID</code>، أو <code>all_users</code>. يعرض «معاينة» معنى كل سطر.
admin-include = تضمين
admin-exclude = استبعاد
admin-exclude-label = استبعاد (الاستبعاد له الأولوية)
admin-targets-list = القائمة
admin-targets-line = السطر
admin-targets-type = النوع
admin-targets-name = الاسم
admin-targets-id = المعرّف
admin-target-type = { $type ->
    [group] مجموعة
   *[user] مستخدم
    }
admin-not-in-directory = (غير موجود في الدليل)
admin-all-users = كل المستخدمين
admin-targets-stored = معنى القوائم
admin-targets-refused = معنى القوائم التي كتبتها (لم تُحفظ)
admin-targets-preview = معاينة: ما سيخزّنه «حفظ»
admin-targets-confirm = ما سيخزّنه «حفظ»
admin-cancel = إلغاء
admin-preview = معاينة
admin-save = حفظ
admin-preview-notice = معاينة: لم يُحفظ شيء بعد. تحقّق أدناه من معنى كل سطر، ثم اختر «حفظ».
admin-policy-saved = تم الحفظ. أصبح إصدار النهج الآن { $version }.
admin-policy-stale = غيّر شخص آخر النهج في هذه الأثناء. هذا هو النهج الحالي؛ أجرِ التغيير مرة أخرى.
admin-confirm-disable = يؤدي تعطيل الحملة إلى إيقاف كل التذكيرات فورًا، ولن يُوقَف المستخدمون الذين يجب عليهم التسجيل عند تسجيل الدخول.
admin-confirm-disable-button = نعم، عطّل الحملة
admin-confirm-empty = قائمة التضمين فارغة: لا أحد مستهدف، لذلك لن يتلقى أحد تذكيرًا.
admin-confirm-empty-button = نعم، احفظ دون تضمين أحد
admin-confirm-both = يؤدي تعطيل الحملة وتفريغ قائمة التضمين إلى إيقاف كل التذكيرات فورًا، ولن يُوقَف المستخدمون الذين يجب عليهم التسجيل عند تسجيل الدخول.
admin-confirm-both-button = نعم، عطّلها دون تضمين أحد

## الموعد النهائي وقواعد المجموعات

admin-settings-intro = تُحفظ منفصلة عن نهج Graph، حتى تبقى نصوص Graph البرمجية صالحة. بعد الموعد النهائي، يجب على المستخدمين المستهدفين التسجيل: لا تحتوي مطالبتهم على «تخطي الآن». تغيّر قاعدة المجموعة مدة التأجيل لأعضاء المجموعة؛ وتُطبَّق أول قاعدة لمجموعة ينتمي إليها المستخدم.
admin-settings-not-saved = لم يُحفظ الموعد النهائي وقواعد المجموعات.
admin-deadline = الموعد النهائي
admin-deadline-hint = تاريخ مثل <code>2027-01-15</code> (بدءًا من 00:00 UTC في ذلك اليوم) أو وقت مثل <code>2027-01-15T17:00:00Z</code>. فارغ: لا موعد نهائي.
admin-deadline-passed = ساري المفعول: { $when }، انقضى (يجب على كل مستخدم مستهدف التسجيل).
admin-deadline-today = ساري المفعول: { $when }، اليوم.
admin-deadline-in-days = ساري المفعول: { $when }، بعد { $days ->
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
    }.
admin-reminders = التذكيرات (أيام قبل الموعد النهائي)
admin-reminders-hint = حتى 5 أرقام من 0 إلى 60، مثل <code>7, 1</code>: يتلقى المستخدمون الذين ما زال عليهم التسجيل رسالة قبل موعدهم النهائي بهذا العدد من الأيام (0: عند حلوله). يتطلب موعدًا نهائيًا وإشعارات. فارغ: لا تذكيرات.
admin-reminder-plan = آخر فحص { $when }: { $ahead }. أرسل هذا الفحص { $queued ->
    [zero] لا تذكيرات
    [one] تذكيرًا واحدًا
    [two] تذكيرين
    [few] { $queued } تذكيرات
    [many] { $queued } تذكيرًا
   *[other] { $queued } تذكير
    }.
admin-reminder-ahead = { $days ->
    [0] عند الموعد النهائي
    [one] قبل يوم واحد
    [two] قبل يومين
    [few] قبل { $days } أيام
    [many] قبل { $days } يومًا
   *[other] قبل { $days } يوم
    }: { $users ->
    [zero] لا مستخدمين
    [one] مستخدم واحد
    [two] مستخدمان
    [few] { $users } مستخدمين
    [many] { $users } مستخدمًا
   *[other] { $users } مستخدم
    }
admin-reminder-no-address = { $users ->
    [one] مستخدم واحد ليس لديه عنوان بريد.
   *[other] { $users } من المستخدمين ليس لديهم عنوان بريد.
    }
admin-rules-hint = تستخدم الحقول الفارغة قيمة النهج (الموعد النهائي للقاعدة: موعد الحملة). لإزالة قاعدة، أفرغ حقولها.
admin-rule = قاعدة المجموعة { $number }
admin-rule-group = المجموعة (الاسم أو المعرّف)
admin-rule-snoozes = مرات التأجيل المسموح بها
admin-rule-policys = قيمة النهج
admin-rule-unlimited = غير محدود
admin-save-settings = حفظ الموعد النهائي والقواعد
admin-field-rule-group = القاعدة { $number }، المجموعة
admin-field-rule-snooze = القاعدة { $number }، أيام التأجيل المسموح بها
admin-field-rule-snoozes = القاعدة { $number }، مرات التأجيل المسموح بها
admin-field-rule-deadline = القاعدة { $number }، الموعد النهائي
admin-settings-saved = تم الحفظ. أصبح إصدار الموعد النهائي وقواعد المجموعات الآن { $version }.
admin-settings-stale = غيّر شخص آخر الموعد النهائي أو قواعد المجموعات في هذه الأثناء. هذه هي الآن؛ أجرِ التغيير مرة أخرى.

## مسار التحويل

admin-funnel-heading = مسار التحويل، { $days ->
    [few] آخر { $days } أيام
    [many] آخر { $days } يومًا
   *[other] آخر { $days } يوم
    }
admin-funnel-shown = عُرضت
admin-funnel-started = بدأت
admin-funnel-scanned = مُسحت
admin-funnel-tested = اختُبرت
admin-funnel-registered = سُجّلت
admin-funnel-rates = { $of-shown } من المعروضة · { $from-previous } من الخطوة السابقة
admin-funnel-hint = بدأت: اختار المستخدم «التالي» في المطالبة. مُسحت: وصل إلى رمز QR. اختُبرت: أُرسل إشعار تجريبي (رمز تطبيق المصادقة يختبر ويسجّل في خطوة واحدة، لذلك لا تقل «اختُبرت» عن «سُجّلت» أبدًا). سُجّلت: حفظ المضيف الطريقة الجديدة.
admin-per-day = حسب اليوم
admin-legend-shown = عُرضت
admin-legend-skipped = تم تخطيها
admin-legend-registered = سُجّلت
admin-chart-title = حملة التسجيل حسب اليوم
admin-chart-description = التذكيرات المعروضة والمتخطاة والتسجيلات لكل يوم من { $days ->
    [few] آخر { $days } أيام
    [many] آخر { $days } يومًا
   *[other] آخر { $days } يوم
    }؛ الجدول أدناه يتضمن الأرقام.
admin-report-caption = حسب اليوم (التحويل: التسجيلات لكل تذكير معروض؛ – في الأيام التي بلا تذكيرات)
admin-report-day = اليوم
admin-report-shown = عُرضت
admin-report-required = مطلوب
admin-report-skipped = تم تخطيها
admin-report-download = التنزيل
admin-report-scan = المسح
admin-report-test-sent = أُرسل الاختبار
admin-report-approved = تمت الموافقة
admin-report-registered = سُجّلت
admin-report-abandoned = تُركت
admin-report-conversion = التحويل
admin-download-csv = تنزيل CSV

## المستخدمون

admin-users-intro = كل من تعاملت معه الحملة، وكل مستخدم مستهدف يدرجه دليلك، وأين وصل: ما سيؤدي إليه تسجيل دخوله التالي، مع قاعدة مجموعته عندما يعرف دليل المضيف مجموعاته.
admin-users-by-status = عرض المستخدمين حسب الحالة
admin-users-all = الكل
admin-status-snoozed = مؤجَّل
admin-status-due = مستحق
admin-status-required = مطلوب
admin-status-registered = مسجَّل
admin-status-exempt = مُعفى
admin-users-exempt-until = مُعفى حتى
admin-exempt-heading = إعفاء مستخدم
admin-exempt-user = معرّف المستخدم
admin-exempt-until = حتى (تاريخ مثل 2027-01-15، من 00:00 UTC)
admin-exempt-reason = السبب (حتى 200 حرف)
admin-exempt-button = إعفاء
admin-exempt-remove = إزالة الإعفاء
admin-exempt-done = { $user } مُعفى حتى { $until }: لا تذكير ولا إلزام.
admin-exempt-removed = لم يعد { $user } مُعفى.
admin-exempt-unknown = لم يُعفَ: لا يعرف الدليل ولا الحملة مستخدمًا باسم { $user }.
admin-exempt-bad-until = لم يُعفَ: يجب أن تكون النهاية تاريخًا بعد اليوم، خلال سنة على الأكثر، مثل 2027-01-15.
admin-exempt-bad-reason = لم يُعفَ: اكتب سببًا من 1 إلى 200 حرف.
admin-users-unavailable = لم يستجب المخزن؛ أعد تحميل الصفحة لإعادة المحاولة.
admin-users-none = { $status ->
    [snoozed] لا يوجد مستخدمون مؤجَّلون بعد.
    [due] لا يوجد مستخدمون مستحقون بعد.
    [required] لا يوجد مستخدمون مطلوب منهم التسجيل بعد.
    [registered] لا يوجد مستخدمون مسجَّلون بعد.
   *[all] لا يوجد مستخدمون بعد.
    }
admin-users-caption = { $status ->
    [snoozed] المستخدمون المؤجَّلون: { $count }
    [due] المستخدمون المستحقون: { $count }
    [required] المستخدمون المطلوب منهم التسجيل: { $count }
    [registered] المستخدمون المسجَّلون: { $count }
   *[all] المستخدمون: { $count }
    }
admin-users-more = (المزيد في الصفحة التالية)
admin-users-user = المستخدم
admin-users-status = الحالة
admin-users-snoozed-until = مؤجَّل حتى
admin-users-registered = تاريخ التسجيل
admin-users-next-page = الصفحة التالية
admin-users-csv = { $status ->
    [snoozed] تنزيل المستخدمين المؤجَّلين بتنسيق CSV
    [due] تنزيل المستخدمين المستحقين بتنسيق CSV
    [required] تنزيل المستخدمين المطلوب منهم التسجيل بتنسيق CSV
    [registered] تنزيل المستخدمين المسجَّلين بتنسيق CSV
   *[all] تنزيل المستخدمين بتنسيق CSV
    }
admin-users-every-page = (كل الصفحات)

## ماذا لو؟

admin-what-if-intro = قرار المحرك الحقيقي لتسجيل الدخول التالي لمستخدم، مع حالة التأجيل الحالية لديه. لا يُسجَّل شيء.
admin-what-if-user = المستخدم (المعرّف أو اسم تسجيل الدخول)
admin-what-if-change = تغيير مجموعات المستخدم أو طرقه أو مستعرضه
admin-what-if-empty-fields = تستخدم الحقول الفارغة ما يقوله الدليل عن المستخدم.
admin-what-if-groups = معرّفات المجموعات (مفصولة بفواصل)
admin-what-if-methods = الطرق (مفصولة بفواصل، مثل <code>sms, softwareOath</code>)
admin-what-if-browser = User-Agent للمستعرض (فارغ: مستعرض سطح مكتب)
admin-explain = شرح
admin-why = السبب: { $reason }
admin-decision-nudge = تذكير: تُعرض المطالبة مع «تخطي الآن»
admin-decision-required = مطلوب: تُعرض المطالبة دون تخطٍّ، وينتظر تسجيل الدخول اكتمال التسجيل
admin-decision-pass = لا تذكير: يستمر تسجيل الدخول
admin-snoozed-so-far = { $count ->
    [zero] لم يؤجَّل بعد.
    [one] أُجِّل مرة واحدة حتى الآن.
    [two] أُجِّل مرتين حتى الآن.
    [few] أُجِّل { $count } مرات حتى الآن.
   *[other] أُجِّل { $count } مرة حتى الآن.
    }
admin-snoozed-so-far-left = { $count ->
    [zero] لم يؤجَّل بعد
    [one] أُجِّل مرة واحدة حتى الآن
    [two] أُجِّل مرتين حتى الآن
    [few] أُجِّل { $count } مرات حتى الآن
   *[other] أُجِّل { $count } مرة حتى الآن
    }؛ { $left ->
    [one] بقي تخطٍّ واحد
    [two] بقي تخطيان
    [few] بقيت { $left } مرات تخطٍّ
   *[other] بقيت { $left } مرة تخطٍّ
    }.
admin-skip-lasts-until = التخطي الآن يستمر حتى { $when }.
admin-decided-with = اتُّخذ القرار بإصدار النهج { $version }.
admin-what-if-who = المستخدم: { $who }.
admin-what-if-from-directory = المجموعات والطرق من الدليل: { $groups }؛ الطرق { $methods }.
admin-what-if-as-typed = المجموعات والطرق كما كُتبت (لا يصف الدليل هذا المستخدم): { $groups }؛ الطرق { $methods }.
admin-no-groups = بلا مجموعات
admin-no-answer = لا إجابة: { $error }
admin-reason-campaignDisabled = الحملة معطّلة.
admin-reason-excluded = المستخدم، أو مجموعة ينتمي إليها، موجود في قائمة الاستبعاد (الاستبعاد له الأولوية على التضمين).
admin-reason-notTargeted = لا المستخدم ولا أي مجموعة ينتمي إليها موجود في قائمة التضمين.
admin-reason-notTelephonyMfa = الحملة التي تديرها Microsoft لا تذكّر إلا المستخدمين الذين أجروا المصادقة متعددة العوامل برسالة نصية أو مكالمة صوتية.
admin-reason-authenticatorNotEnabled = Microsoft Authenticator غير ممكّن لهذا المستخدم في تكوين طريقته.
admin-reason-passwordlessMode = Microsoft Authenticator ممكّن لهذا المستخدم في وضع بلا كلمة مرور فقط (الإشعار المرتبط بالجهاز)، ولا تذكّر الحملة لأجله.
admin-reason-alreadyRegistered = لدى المستخدم Microsoft Authenticator مع الإشعارات بالفعل.
admin-reason-mobileDevice = يأتي تسجيل الدخول من مستعرض هاتف؛ لا تتلقى الهواتف تذكيرًا حتى يصبح التسجيل مطلوبًا.
admin-reason-nonBrowserClient = يأتي تسجيل الدخول من تطبيق أو نص برمجي، لا من مستعرض.
admin-reason-singleSignOn = تسجيل دخول أحادي: لم تكن هناك مصادقة متعددة العوامل تفاعلية في تسجيل الدخول هذا.
admin-reason-registeredMethodThisSession = سجّل المستخدم طريقة أخرى في هذه الجلسة.
admin-reason-registrationBlockedByConditionalAccess = يحظر الوصول المشروط تسجيل معلومات الأمان في تسجيل الدخول هذا.
admin-reason-termsOfUse = عُرضت شروط الاستخدام في تسجيل الدخول هذا.
admin-reason-customControl = تولّى عنصر تحكم مخصص في الوصول المشروط تسجيل الدخول هذا.
admin-reason-clientExemptionWhileRequired = التسجيل مطلوب، لكن الهواتف والتطبيقات يُسمح بمرورها (استثناءات العملاء مشغّلة).
admin-reason-notEnabledForPasskeys = تطلب الحملة مفتاح مرور، لكن مفاتيح المرور غير ممكّنة لهذا المستخدم.
admin-reason-guestPasskey = لا تذكّر حملات مفاتيح المرور الضيوف.
admin-reason-passkeyAlreadyUsableHere = لدى المستخدم بالفعل مفتاح مرور يعمل من هذا المستعرض.
admin-reason-snoozed-until = اختار المستخدم «تخطي الآن»؛ ويستمر التأجيل حتى { $when }.
admin-reason-snoozed = اختار المستخدم «تخطي الآن» وما زال التأجيل ساريًا.
admin-reason-exempted = أعفى مسؤولٌ المستخدم: لا تذكير ولا إلزام حتى ينتهي الإعفاء.
admin-reason-inScope = المستخدم مستهدف ولا شيء يستثني تسجيل الدخول هذا.
admin-reason-snoozeLimitReached = استخدم المستخدم كل مرات التأجيل المسموح بها.
admin-reason-deadlinePassed = انقضى الموعد النهائي للمستخدم.
admin-reason-unknown = أعطى المحرك سببًا لا تعرفه هذه الصفحة بعد.

## سجل التدقيق

admin-audit-empty = لا توجد تغييرات بعد.
admin-audit-newest-first = الأحدث أولًا
admin-audit-when = متى
admin-audit-who = من
admin-audit-what = ماذا
admin-audit-version = الإصدار
admin-audit-who-startup = المضيف عند بدء التشغيل
admin-audit-target-policy = نهج طرق المصادقة
admin-audit-target-settings = الموعد النهائي وقواعد المجموعات والتذكيرات
admin-audit-target-method = إعدادات الطريقة: { $method }
admin-audit-target-registration = تسجيل: { $method }
admin-audit-target-registration-from = تسجيل: { $method }، من { $ip }
admin-audit-target-exempted = أُعفي { $user } حتى { $until }
admin-audit-target-exemption-removed = أُزيل إعفاء { $user }
admin-what-if-enter-user = أدخل معرّف المستخدم أو اسم تسجيل دخوله.
admin-what-if-unknown-user = لا يوجد مستخدم في الدليل باسم تسجيل الدخول أو الاسم «{ $typed }»: أدخل معرّفه.
admin-what-if-ambiguous = يشير «{ $typed }» إلى { $count } مستخدمين: أدخل معرّف المستخدم الذي تقصده.
admin-what-if-no-methods = لا يذكر الدليل أي طرق تسجيل دخول لهذا المستخدم، لذلك لا يمكنه إجراء المصادقة متعددة العوامل: أدخل طرقه أدناه.
admin-what-if-undescribed = لا يصف الدليل هذا المستخدم: أدخل طرقه (ومجموعاته) أدناه.

## What a registration was (what-if and the user table).
admin-method-push = الإشعارات الفورية
admin-method-totp = تطبيق مصادقة
admin-method-unknown = غير مسجّلة
admin-method-passkey = مفتاح مرور
admin-reason-registered-through-campaign = سجّل المستخدم عبر الحملة في { $when } ({ $method }).
admin-reason-directory-method = يذكر الدليل { $method } لهذا المستخدم، وهو ما تقبله هذه الحملة.
admin-auth-method-microsoftAuthenticatorPush = Microsoft Authenticator مع الإشعارات
admin-auth-method-microsoftAuthenticatorPasswordless = تسجيل الدخول بلا كلمة مرور في Microsoft Authenticator
admin-auth-method-softwareOath = تطبيق مصادقة (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = رموز Microsoft Authenticator (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
        [one] يمكن لمستخدم واحد كان التسجيل مطلوبًا منه أن يتخطى مجددًا.
       *[other] يمكن لـ { $unrequired } من المستخدمين الذين كان التسجيل مطلوبًا منهم أن يتخطوا مجددًا.
    } { $required ->
        [0] { "" }
        [one] أصبح على مستخدم آخر أن يسجّل الآن.
       *[other] أصبح على { $required } من المستخدمين الآخرين أن يسجّلوا الآن.
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
        [one] عند الحفظ، سيتمكن مستخدم واحد مطلوب منه التسجيل من التخطي مجددًا.
       *[other] عند الحفظ، سيتمكن { $unrequired } من المستخدمين المطلوب منهم التسجيل من التخطي مجددًا.
    } { $required ->
        [0] { "" }
        [one] عند الحفظ، سيتعين على مستخدم آخر أن يسجّل.
       *[other] عند الحفظ، سيتعين على { $required } من المستخدمين الآخرين أن يسجّلوا.
    }
admin-shift-partial = (محسوب على أول { $count } من المستخدمين الذين تعاملت معهم الحملة.)

## Who is signed in (when the host says).
admin-signed-in-as = مسجّل الدخول باسم { $name }
admin-sign-out = تسجيل الخروج

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = مدّد مسؤولٌ تأجيل المستخدم حتى { $when }: لا تذكير ولا إلزام قبل ذلك.
admin-audit-target-snoozes-reset = أُعيد ضبط تأجيلات { $user }
admin-audit-target-snooze-extended = مُدّد تأجيل { $user } حتى { $until }
admin-audit-target-snooze-extension-removed = أُنهي تمديد تأجيل { $user }
admin-reset-button = إعادة ضبط التأجيلات
admin-reset-done = استعاد { $user } كل مرات التخطي، وسيُذكَّر عند تسجيل الدخول التالي.
admin-extend-heading = تمديد تأجيل مستخدم
admin-extend-until = حتى (تاريخ مثل 2027-01-15، من الساعة 00:00 UTC)
admin-extend-button = تمديد التأجيل
admin-extend-remove = إنهاء التمديد
admin-extend-done = لن يُذكَّر { $user } ولن يُلزَم حتى { $until }.
admin-extend-removed = انتهى تمديد تأجيل { $user }.
admin-extend-bad-until = لم يُمدَّد: يجب أن تكون النهاية تاريخًا بعد اليوم، وفي غضون 90 يومًا على الأكثر، مثل 2027-01-15.
admin-user-unknown = لا يعرف الدليل ولا الحملة مستخدمًا باسم { $user }.
admin-users-shown = مرات العرض
admin-users-skipped = مرات التخطي
admin-users-left = تُرك دون اختيار
admin-users-last-shown = آخر عرض
admin-status-notYetShown = لم يُعرض بعد
admin-users-csv-excel = CSV لبرنامج Excel
admin-users-search = البحث عن المستخدمين بالاسم
admin-users-search-button = بحث
# $total: every user the report has with this filter
admin-users-total = (‏{ $total } إجمالًا)
admin-methods-caption = مسار التحويل لكل طريقة، على الأيام نفسها
admin-methods-method = الطريقة
admin-methods-rate = المسجَّلون ممن وصلوا إلى إعدادها
admin-methods-hint = من انتقل من الإشعارات إلى رمز تطبيق يُحسب في الاثنين؛ ويحسبه مسار التحويل أعلاه مرة واحدة.
