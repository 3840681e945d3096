# À relire par une personne de langue maternelle arabe (native speaker review needed).
# نصوص القائمة الصوتية عبر الهاتف.

voice-intro =
    مرحبا، هنا { $relais }.
    هذا ليس خطا للطوارئ.
    في حالة الطوارئ، أغلق الخط واتصل بالرقم 15 أو 112.
voice-choices-count = عدد الاختيارات: { $count }.
voice-choice = من أجل { $label }، اضغط { $key }.
voice-choice-one = { $label }: اضغط { $key }.
voice-more = لاختيارات أخرى، اضغط { $key }.
voice-keys-repeat = للاستماع مرة أخرى، اضغط النجمة.
voice-keys-person = للتحدث مع شخص، اضغط 0.
voice-connecting = سأحولك إلى شخص. ابق على الخط.
voice-leave-message =
    لا أحد يستطيع الرد الآن.
    بعد الصفارة، قل اسمك وما تحتاجه.
    ثم اضغط على المربع.
voice-message-thanks =
    شكرا، تم تسجيل رسالتك.
    سيتصل بك { $relais }.
voice-no-message =
    لم نسمع أي رسالة.
    إذا لم يكن رقمك مخفيا، سيتصل بك { $relais }.
voice-goodbye = مع السلامة، ويوما سعيدا.
