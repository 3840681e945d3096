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
