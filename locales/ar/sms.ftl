# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Textes propres aux SMS.

sms-more = لرؤية المزيد، اكتب SUITE.
sms-stopped =
    تم ذلك: لن تصلك رسائل من { $relais } بعد الآن.
    للعودة، اكتب START.
sms-restarted = مرحبا، ستصلك رسائلنا من جديد.
sms-empty = رسالتك فارغة. اكتب MENU لرؤية الاختيارات.
sms-media-only = لا نستطيع قراءة الصور. اكتب جوابك بكلمات أو برقم.
sms-too-long = رسالتك طويلة جدا. قرأنا بدايتها.
sms-failure = عذرا، حدثت مشكلة تقنية. حاول مرة أخرى بعد بضع دقائق.
sms-slow-down = أنت ترسل رسائل كثيرة. انتظر دقيقة واحدة، ثم اكتب من جديد.
sms-reference =
    رمز طلبك: { $reference }.
    احتفظ بهذه الرسالة.
    لمتابعة طلبك، اكتب SUIVI { $reference }.
sms-callback-recorded =
    وصلتنا رسالتك الصوتية.
    سيتصل بك { $relais }.

sms-callback-no-message =
    لقد اتصلت بـ { $relais }.
    سيتصل بك شخص.
# إلى المتطوع، بخصوص تسجيله.
signup-confirmation =
    تم تسجيلك: { $title }.
    متى: { $when }.
    أين: { $place }.
    مع: { $organization }.
    للإلغاء، أرسل ANNULER.
signup-reminder =
    تذكير: غدا، { $title }.
    متى: { $when }.
    أين: { $place }.
    إذا لم تستطع الحضور، أرسل ANNULER.
signup-validated =
    خبر سار: { $organization } تقبل تسجيلك.
    المهمة: { $title }، { $when }.
    للإلغاء، أرسل ANNULER.
signup-refused =
    لا تستطيع { $organization } استقبالك في: { $title }.
    شكرا على مساعدتك.
    لرؤية مهام أخرى، اكتب MENU.
signup-cancelled-by-org =
    ألغت { $organization } تسجيلك: { $title }.
    لرؤية مهام أخرى، اكتب MENU.
signup-when = { $date } على الساعة { $time }
time-of-day = { $hour }:{ $minute }

# رسائل إلى الشخص الذي قدم طلبا، عندما يتقدم الطلب.
request-matched =
    { $relais }: سيساعدك شخص في طلبك { $reference }.
    من: { $helper }.
request-matched-when =
    { $relais }: سيساعدك شخص في طلبك { $reference }.
    من: { $helper }.
    متى: { $when }.
request-done = { $relais }: انتهى طلبك { $reference }. شكرا.
request-impossible =
    { $relais }: لم يستطع أحد المساعدة في طلبك { $reference }.
    { $reason }
    للحديث عن ذلك، { help-contact }.

# موافقة لكي يتصرف وسيط نيابة عن الشخص، مطلوبة عبر رسالة قصيرة.
mandate-sms-recap =
    { $relais }: { $mediator } يطلب موافقتك للتصرف نيابة عنك.
    من أجل: { $scopes }.
    لمدة { $duration }.
    أرسل OUI للموافقة.
    أي رد آخر يعني لا.
mandate-sms-accepted = شكرا. تم تسجيل موافقتك. يمكنك سحبها في أي وقت.
mandate-sms-refused = حسنا. لن يتصرف أحد نيابة عنك.
mandate-scope-conversation = رؤية رسائلك
mandate-scope-help_requests = تقديم طلبات المساعدة
mandate-scope-signups = تسجيلك في مهام
mandate-duration-1d = يوم واحد
mandate-duration-1m = شهر واحد
mandate-duration-6m = 6 أشهر
mandate-duration-1y = سنة واحدة
