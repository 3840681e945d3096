# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Textes des parcours (flows/*.toml). Les .synonyms sont séparés par des virgules latines.

menu-ask = ماذا تريد أن تفعل؟ أجب برقم.
    .voice = ماذا تريد أن تفعل؟
    .hint = اكتب رقما، مثلا 1، أو كلمة مثل مساعدة.
menu-help = طلب المساعدة
    .synonyms = مساعدة, المساعدة, ساعدني, أحتاج مساعدة, طلب, aide
menu-volunteer = التطوع
    .synonyms = تطوع, متطوع, متطوعة, مهمة, مهام, مساعدة الناس, benevole
menu-follow = متابعة طلبي
    .synonyms = متابعة, تتبع, طلبي, suivi
menu-language = تغيير اللغة
    .synonyms = لغة, اللغة, langue, language

language-ask = أي لغة؟
    .hint = اكتب رقما، مثلا 3 للعربية.
language-fr = Français
    .synonyms = الفرنسية, فرنسي, فرنسية, francais, french
    .voice = الفرنسية
language-en = English
    .synonyms = الإنجليزية, الانجليزية, إنجليزي, انجليزي, anglais, english
    .voice = الإنجليزية
language-ar = العربية
    .synonyms = عربي, عربية, arabe, arabic

help-category = في أي شيء تحتاج المساعدة؟
    .hint = اكتب رقما، أو كلمة مثل تسوق أو طبيب.
cat-courses = التسوق
    .synonyms = تسوق, مشتريات, السوق, سوق, البقالة, المتجر, الدكان, الصيدلية, صيدلية
cat-transport = أوصلني إلى مكان ما
    .synonyms = نقل, توصيل, سيارة, أوصلني, موعد, الطبيب, طبيب
cat-petits_travaux = أعمال صغيرة في البيت
    .synonyms = أعمال, إصلاح, تصليح, صيانة, مصباح, لمبة
cat-jardin = الحديقة
    .synonyms = حديقة, بستنة, العشب, جز العشب, السياج, الشجر
cat-visite = زيارة ودردشة
    .synonyms = زيارة, دردشة, حديث, كلام, صحبة, وحيد, وحيدة
cat-papiers = المساعدة في الأوراق
    .synonyms = أوراق, الأوراق, وثائق, رسائل, بريد, ملف, الضرائب, استمارة
cat-emprunter = استعارة غرض
    .synonyms = استعارة, إعارة, أستعير, غرض, أداة
cat-numerique = المساعدة في الهاتف أو الحاسوب
    .synonyms = هاتف, الهاتف, حاسوب, كمبيوتر, إنترنت, انترنت, لوحة, تابلت, بريد إلكتروني
cat-repas = وجبة طعام
    .synonyms = وجبة, أكل, طعام, طبخ
cat-autre = شيء آخر
    .synonyms = آخر, أخرى, غير ذلك

help-commune = في أي بلدية؟ اكتب الرمز البريدي أو الاسم.
    .voice = في أي بلدية؟ اضغط الرمز البريدي من 5 أرقام، أو قل الاسم.
help-commune-known =
    هل طلبك في { $known }؟
    أجب OUI، أو اكتب رمزا بريديا آخر.
    .voice = هل هو من أجل { $known }؟ اضغط 1 للتأكيد. وإلا، اضغط رمزا بريديا آخر.
help-when = متى؟
    .hint = اكتب رقما، أو يوما مثل غدا أو الخميس.
when-aujourd_hui = اليوم
    .synonyms = اليوم, الآن, حالا, بسرعة, مستعجل
when-cette_semaine = هذا الأسبوع
    .synonyms = الأسبوع, قريبا
when-pas_presse = ليس مستعجلا
    .synonyms = ليس مستعجل, غير مستعجل, لاحقا, فيما بعد, متى شئتم
help-details =
    اكتب لنا في كلمات قليلة ما يجب فعله.
    أو أجب NON للتخطي.
    .voice = بعد الصفارة، قل في كلمات قليلة ما يجب فعله. ثم اضغط على المربع. للتخطي، لا تقل شيئا.
help-summary =
    طلبك:
    { $category }
    { $commune }
    { $when }
    { $details }
    هل كل شيء صحيح؟
help-change = ماذا تريد أن تغير؟
    .hint = اكتب رقما، مثلا 2 للبلدية.
change-category = نوع المساعدة
    .synonyms = نوع, النوع
change-commune = البلدية
    .synonyms = بلدية, المدينة, مدينة, القرية, قرية
change-when = الوقت
    .synonyms = وقت, متى, التاريخ, تاريخ, موعد
change-details = الكلمات المضافة
    .synonyms = كلمات, الكلمات, تفاصيل, التفاصيل
change-cancel = عدم إرسال أي شيء
    .synonyms = إلغاء, ألغ, لا ترسل
help-cancelled = حسنا، لم نرسل طلبك.
help-done =
    تم إرسال طلبك.
    الرمز الخاص بك: { $reference }.
    احتفظ بهذا الرمز.
    سيرد عليك شخص قريبا.
    لمتابعة طلبك، اكتب SUIVI { $reference }.
    .voice =
        تم إرسال طلبك.
        رمزك هو: { $reference }.
        أكرر: { $reference }.
        إذا كان لديك هاتف محمول، ستصلك أيضا رسالة بالرمز.

missions-commune = في أي بلدية تسكن؟ اكتب الرمز البريدي أو الاسم.
    .voice = في أي بلدية تسكن؟ اضغط الرمز البريدي من 5 أرقام، أو قل الاسم.
missions-commune-known =
    مهام قرب { $known }؟
    أجب OUI، أو اكتب رمزا بريديا آخر.
    .voice = مهام قرب { $known }؟ اضغط 1 للتأكيد. وإلا، اضغط رمزا بريديا آخر.
missions-none =
    لا توجد مهام قرب منزلك حاليا.
    حاول مرة أخرى بعد بضعة أيام.
missions-pick = عدد المهام قرب منزلك: { $missions_count }. أي مهمة تهمك؟
    .hint = اكتب رقم المهمة، أو «المزيد» لرؤية غيرها.
mission-line = { $title }، { $commune }، { $date }
mission-details =
    { $mission_title }
    مع: { $mission_organization }
    { $mission_commune }، { $mission_date }
    { $mission_summary }
    هل تريد التسجيل؟
mission-signed =
    تم تسجيلك.
    سنعطي رقمك إلى { $organization }.
    ستصلك رسالة فيها التفاصيل.
    سنرسل لك تذكيرا في اليوم السابق.
mission-signed-no-reminder =
    تم تسجيلك.
    سنعطي رقمك إلى { $organization }.
    ستصلك رسالة فيها التفاصيل.
mission-signed-no-sms =
    تم تسجيلك.
    سنخبر { $organization }.
    احفظ التاريخ: { $mission_date }.
mission-already = أنت مسجل في هذه المهمة من قبل.
mission-full = هذه المهمة مكتملة. اختر مهمة أخرى.
missions-manage =
    أنت مسجل في مهمة من قبل.
    ماذا تريد أن تفعل؟
    .hint = اكتب 1 للبحث عن مهمة، أو 2 للإلغاء.
missions-search = البحث عن مهمة
    .synonyms = بحث, ابحث, مهمة أخرى, مهمة جديدة
missions-cancel = إلغاء تسجيل
    .synonyms = إلغاء التسجيل, ألغ التسجيل, annuler

signups-none =
    ليس لديك تسجيل جار.
    لإلغاء طلب مساعدة، اكتب SUIVI.
signups-confirm =
    هل تريد إلغاء تسجيلك؟
    { $signup_title }، { $signup_date }.
signups-pick = تسجيلاتك. أي تسجيل تريد إلغاءه؟
    .hint = اكتب رقم التسجيل الذي تريد إلغاءه.
signup-line = { $title }، { $date }
signups-kept = حسنا، تبقى مسجلا.
signups-cancelled =
    تم إلغاء تسجيلك.
    سنخبر { $organization }.
signups-cannot-cancel = لم يعد ممكنا إلغاء هذا التسجيل.

follow-pick = طلباتك. أي طلب تريد متابعته؟
    .hint = اكتب رقم الطلب، مثلا 1.
request-line = { $reference }: { $category }، { $status }
follow-status =
    الطلب { $request_reference }: { $request_category }.
    { $request_status_long }
    .hint = اكتب 1 للإلغاء، أو 2 للقائمة.
follow-cancel = إلغاء الطلب
    .synonyms = إلغاء, ألغ, حذف, احذف
follow-menu = العودة إلى القائمة
    .synonyms = عودة, العودة, رجوع, القائمة
follow-not-found =
    لا نجد طلبا بهذا الرمز لهذا الرقم.
    تحقق من الرمز، أو { help-contact }.
follow-too-many =
    محاولات كثيرة برموز خاطئة.
    حاول مرة أخرى بعد ساعة، أو { help-contact }.
follow-cancel-confirm = هل تريد حقا إلغاء هذا الطلب؟
follow-cancelled = تم إلغاء طلبك.
follow-cannot-cancel = لم يعد ممكنا إلغاء هذا الطلب.

state-open = جار
state-matched = شخص سيساعدك
state-done = منتهي
state-cancelled = ملغى
state-taken = شخص يتابع طلبك
state-impossible = غير ممكن
mission-date-flexible = التاريخ يحدد لاحقا

status-open = نبحث عن شخص لمساعدتك.
status-matched = وافق شخص على مساعدتك.
status-done = انتهى هذا الطلب.
status-cancelled = تم إلغاء هذا الطلب.
status-taken = شخص من البلدية يتابع طلبك.
status-impossible = لم يستطع أحد المساعدة. يمكنك تقديم طلب جديد.
follow-ask-code =
    لا نجد طلبا مقدما من هذا الرقم.
    إذا كان لديك رمز من 6 أرقام، اكتبه.
    وإلا، اكتب MENU.
    .voice = لا نجد طلبا مقدما من هذا الرقم. إذا كان لديك رمز من 6 أرقام، اضغطه.
help-phone =
    لتصلك رسالة بالرمز، اكتب رقم هاتفك المحمول.
    وإلا، المس تخطي.
missions-phone =
    للتسجيل، اكتب رقم هاتفك.
    ستتصل بك الجمعية.
