# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Textes communs à tous les canaux, en arabe standard simple (référence : locales/fr).
# Phrases courtes, une phrase par ligne, chiffres 0-9. Les mots de commande (STOP, INFO…)
# restent en lettres latines : ce sont les mots que le système comprend.
# Un SMS en arabe est toujours en UCS-2 : 70 caractères par segment, 67 quand il est découpé.

welcome =
    مرحبا، هنا { $relais }.
    ليست خدمة طوارئ: 15 أو 112.
    STOP لإيقاف الرسائل، INFO لبياناتك.
    .voice = أهلا وسهلا.
welcome-back = مرحبا، نبدأ من جديد.
welcome-back-doing =
    مرحبا، في المرة السابقة كنت تريد { $doing }.
    نبدأ من جديد.
emergency =
    نحن لسنا خدمة طوارئ.
    اتصل بالرقم 15 (الإسعاف) أو 112.
    إذا كنت لا تستطيع الكلام، أرسل رسالة نصية إلى 114.
info =
    يحتفظ { $relais } برسائلك لمدة { kept-conversations }.
    يحتفظ بالطلب لمدة { kept-requests } بعد انتهائه.
    لحذف كل شيء، { help-contact }.
# المدة بالأيام من إعدادات الجهة (صيغ الجمع العربية).
kept-conversations = { $conversation_days ->
        [365] سنة واحدة
        [730] سنتين
        [one] يوم واحد
        [two] يومين
        [few] { $conversation_days } أيام
        [many] { $conversation_days } يوما
       *[other] { $conversation_days } يوم
    }
kept-requests = { $request_days ->
        [365] سنة واحدة
        [730] سنتين
        [one] يوم واحد
        [two] يومين
        [few] { $request_days } أيام
        [many] { $request_days } يوما
       *[other] { $request_days } يوم
    }
not-understood = عذرا، لم أفهم.
not-understood-yes-no = لم أفهم. اكتب 1 للإجابة بنعم، أو 2 للإجابة بلا.
    .voice = لم أفهم.
commune-unknown = لم أجد هذه البلدية. جرب الرمز البريدي، مثلا 74150.
    .voice = لا أجد هذه البلدية. اضغط الرمز البريدي من 5 أرقام.
commune-which = عدد البلديات بهذا الرمز البريدي: { $count }. أي بلدية تقصد؟
commune-which-name = عدد البلديات بهذا الاسم: { $count }. أي بلدية تقصد؟
commune-line = { $commune } ({ $department })
code-not-understood = الرمز فيه 6 أرقام، مثلا 482 915.
    .voice = الرمز من 6 أرقام. اضغطه ببطء.
list-no-more = لا يوجد غيرها.
callback-offer =
    لا أستطيع أن أفهمك.
    هل تريد أن يتصل بك شخص؟
callback-promised = سيتصل بك { $relais }.
question-noted = سؤال جيد. { $relais } سيتصل بك للإجابة عليه.
help-contact = { $help_line ->
        [none] توجه إلى البلدية
       *[other] اتصل بالرقم { $help_line }
    }
callback-declined = حسنا. لنحاول مرة أخرى.
language-changed = حسنا، نكمل باللغة العربية.
answer-yes = نعم
answer-no = لا
text-skipped = بدون تفاصيل
error = عذرا، حدثت مشكلة. نبدأ من جديد.

## Ce que la personne était en train de faire (après « كنت تريد »).
doing-menu = الاختيار من القائمة
doing-help = طلب المساعدة
doing-missions = التطوع
doing-follow = متابعة طلب
doing-signups = إلغاء تسجيل
doing-language = تغيير اللغة

## Jours (1 = lundi) et mois, pour écrire les dates en toutes lettres.
day-1 = الاثنين
day-2 = الثلاثاء
day-3 = الأربعاء
day-4 = الخميس
day-5 = الجمعة
day-6 = السبت
day-7 = الأحد
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
date = { $day } { $number } { $month }
date-at = { $date } الساعة { $minute ->
        [none] { $hour }
       *[other] { $hour }:{ $minute }
    }
not-heard = لم أسمع شيئا.
phone-not-understood = هذا الرقم لا يبدو صحيحا. يتكون من 10 أرقام، مثلا 06 12 34 56 78.
commune-confirm =
    { $commune }، { $postal_code }.
    هل هذا صحيح؟
voice-message = رسالة صوتية
