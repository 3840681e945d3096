# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Textes de la borne tactile (kiosk-ui/templates). Les messages « screen-… » remplacent à
# l'écran le message du même nom sans « screen- ».

## Titre de la page, boutons présents sur tous les écrans.
kiosk-page-title = { $relais }
kiosk-back = رجوع
kiosk-restart = البدء من جديد
kiosk-help = هل تحتاج مساعدة؟
kiosk-help-more = التحدث مع شخص
kiosk-end = إنهاء / مسح معلوماتي
kiosk-listen = استماع
kiosk-stop-voice = إيقاف الصوت
kiosk-big-text = نص أكبر
kiosk-normal-text = نص عادي
kiosk-tools = الإعدادات
kiosk-navigation = التنقل
kiosk-progress = الخطوة { $step } من { $total }

## Premier écran : choisir sa langue.
kiosk-start-ask = مرحبا. المس لغتك.

## Accueil.
kiosk-not-emergency =
    هذه ليست خدمة طوارئ.
    في حالة الطوارئ، اتصل بالرقم 15 أو 112.
    إذا كنت لا تستطيع الكلام، أرسل رسالة قصيرة إلى 114.

## Répondre.
kiosk-send = تأكيد
kiosk-skip = تخطي
kiosk-more = عرض المزيد
kiosk-menu = العودة إلى القائمة
kiosk-erase = مسح آخر رقم
kiosk-keypad = لوحة الأرقام
kiosk-postal-label = الرمز البريدي، 5 أرقام
kiosk-code-label = رمز التذكرة، 6 أرقام
kiosk-phone-label = رقم الهاتف، 10 أرقام
kiosk-text-label = كلماتك
kiosk-commune-yes = نعم، { $known }
kiosk-yes-help-summary = تأكيد
kiosk-no-help-summary = تعديل
kiosk-yes-missions-details = أريد التسجيل
kiosk-no-missions-details = عرض المهام الأخرى
kiosk-card-where = أين: { $commune }
kiosk-card-when = متى: { $date }
kiosk-card-with = مع: { $organization }

## Après l'envoi.
kiosk-your-code = الرمز الخاص بك:
kiosk-keep-code =
    احتفظ بهذا الرمز.
    بهذا الرمز يمكنك متابعة طلبك على هذه الشاشة.
kiosk-print = طباعة التذكرة
kiosk-ticket-title = طلب المساعدة الخاص بك
kiosk-ticket-date = تاريخ الطلب: { $date }.
kiosk-ticket-asked = ما طلبته:
kiosk-ticket-next =
    سيرد عليك شخص قريبا.
    لمتابعة طلبك، اكتب هذا الرمز على شاشة البلدية.
kiosk-ticket-help = للتحدث مع شخص، { help-contact }.

## Inactivité.
kiosk-idle-title = هل ما زلت هنا؟
kiosk-idle-countdown = سيتم مسح كل شيء بعد { $seconds } ثانية.
kiosk-idle-continue = متابعة

## Besoin d'aide.
kiosk-help-title = هل تحتاج مساعدة؟
kiosk-help-text =
    يمكن لموظف الاستقبال مساعدتك.
    اطلب منه أن يأتي إلى الشاشة.
    للتحدث مع شخص، { help-contact }.
kiosk-help-return = العودة إلى سؤالي

## Page qui n'est plus valable.
kiosk-expired-title = هذه الصفحة لم تعد صالحة.
kiosk-expired-text =
    من أجل أمانك، تم مسح كل شيء.
    المس الزر للبدء.
kiosk-start = ابدأ
kiosk-busy-title = أشخاص كثيرون يبدؤون في نفس الوقت هنا.
kiosk-busy-text =
    انتظر دقيقة واحدة.
    ثم المس الزر للبدء.

## Enregistrer la borne.
kiosk-enrol-title = تسجيل هذه الشاشة
kiosk-enrol-text = اكتب الرمز الذي أعطاه الأمر passerelle kiosk enrol.
kiosk-enrol-label = رمز التسجيل
kiosk-enrol-button = تسجيل
kiosk-enrol-done = هذه الشاشة مسجلة لدى { $relais }، بلدية { $commune }.
kiosk-enrol-failed =
    هذا الرمز لا يعمل.
    ربما استعمل من قبل، أو أنه قديم جدا.
kiosk-enrol-busy = محاولات كثيرة. حاول مرة أخرى بعد 10 دقائق.
kiosk-enrol-current = الشاشة الحالية: { $relais }، بلدية { $commune }.
kiosk-enrol-none = هذه الشاشة غير مسجلة بعد.


## Terminer : demander avant de tout effacer.
kiosk-end-ask = هل تريد مسح كل شيء؟
kiosk-end-text =
    ستُمسح إجاباتك من هذه الشاشة.
    الطلب الذي أُرسل يبقى مُرسلا.
kiosk-end-yes = نعم، امسح كل شيء
kiosk-end-no = لا، أريد المتابعة

## Clavier à l'écran.
kiosk-keyboard = لوحة المفاتيح
kiosk-key-space = مسافة
kiosk-key-erase = مسح
kiosk-key-erase-long = مسح آخر حرف
kiosk-key-shift = حرف كبير
kiosk-key-layout = حروف أخرى
kiosk-speak = التحدث بدل الكتابة
kiosk-speak-stop = أنا أستمع إليك. المس للإيقاف.
kiosk-speak-failed =
    الصوت لا يعمل على هذه الشاشة.
    استخدم لوحة المفاتيح.

## Une demande sans numéro de téléphone.
kiosk-help-done-no-phone =
    تم إرسال طلبك.
    لم تعطِ رقم هاتف، لذلك لا يمكن لأحد الاتصال بك.
    عد إلى البلدية ومعك رمزك لتعرف ما سيحدث.
    ليتصلوا بك، أعطِ رقمك لموظف الاستقبال في البلدية.
kiosk-ticket-next-no-phone =
    لم تعطِ رقم هاتف.
    عد إلى البلدية ومعك هذا الرمز لتعرف ما سيحدث.
    ليتصلوا بك، أعطِ رقمك لموظف الاستقبال في البلدية.

## Le code d'une autre personne, tapé sur la borne : son état seulement.
follow-status-read-only =
    الطلب { $request_reference }: { $request_category }.
    { $request_status_long }
    لإلغاء هذا الطلب، { help-contact }.

## Textes de la conversation, dits autrement sur l'écran.
screen-menu-ask = ماذا تريد أن تفعل؟
# Sur une carte de la borne, un libellé plus court.
screen-cat-numerique = الهاتف أو الحاسوب
screen-help-commune =
    في أي بلدية؟
    اكتب الرمز البريدي.
screen-help-commune-known =
    هل طلبك في { $known }؟
    المس نعم، أو اكتب رمزا بريديا آخر.
screen-missions-commune =
    في أي بلدية تسكن؟
    اكتب الرمز البريدي.
screen-missions-commune-known =
    مهام قرب { $known }؟
    المس نعم، أو اكتب رمزا بريديا آخر.
screen-help-details =
    هل تريد إضافة بعض الكلمات؟
    يمكنك أيضا التخطي.
screen-help-done =
    تم إرسال طلبك.
    سيرد عليك شخص قريبا.
screen-follow-ask-code = اكتب الرمز المكون من 6 أرقام الموجود على تذكرتك.
screen-follow-not-found =
    لا نجد طلبا بهذا الرمز.
    تحقق من الرمز، أو { help-contact }.
screen-not-understood-yes-no = لم أفهم. المس نعم أو لا.
screen-commune-unknown =
    لم أجد هذه البلدية.
    تحقق من الرمز البريدي، مثلا 74150.
screen-mission-signed =
    تم تسجيلك.
    ستتصل بك { $organization } على الرقم الذي أعطيته.
    لأي سؤال، { help-contact }.
screen-callback-offer =
    لا أستطيع فهمك.
    هل تريد مساعدة من موظف الاستقبال؟
screen-callback-promised =
    سيساعدك موظف الاستقبال.
    وإلا، { help-contact }.
screen-sms-empty = لم تكتب شيئا. حاول مرة أخرى.
screen-phone-not-understood =
    هذا الرقم لا يبدو صحيحا.
    يتكون من 10 أرقام، مثلا 06 12 34 56 78.
