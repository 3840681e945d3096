# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Messages envoyés à l'équipe du relais (sa ligne d'aide).

notify-help-request =
    طلب جديد { $reference }: { $category }.
    البلدية: { $commune }.
    متى: { $when }.
    الرقم: { $phone }.
notify-no-phone = لا يوجد، طلب من الكشك
notify-signup =
    تسجيل جديد في المهمة: { $title }، { $date }.
    مع: { $organization }.
    المتطوع: { $phone }.
    لم تترك الجمعية وسيلة اتصال: أخبروها.
notify-signup-cancelled =
    تم إلغاء تسجيل: { $title }، { $date }.
    مع: { $organization }.
    المتطوع: { $phone }.
    أخبروا الجمعية.
notify-callback =
    شخص يطلب أن نتصل به.
    الرقم: { $phone }.
    { $context }
notify-context = أين وصل: { $doing }.
notify-context-known = أين وصل: { $doing }. قال: { $known }.
notify-loop-guard =
    هذا الرقم يرسل رسائل آلية: { $phone }.
    لن يرد عليه Passerelle لمدة 10 دقائق.

# رسائل إلى الجمعية التي تقترح المهمة.
signup-unknown-phone = رقم غير معروف
signup-org-sms =
    تسجيل جديد عبر { $relais }: { $title }، { $date }.
    المتطوع: { $phone }.
    اتصلوا به للتنظيم.
signup-org-cancelled-sms =
    ألغى المتطوع تسجيله: { $title }، { $date }.
    المتطوع: { $phone }.
signup-org-email-subject = تسجيل جديد: { $title }
signup-org-email =
    مرحبا،
    سجل شخص في مهمتكم عبر { $relais }.
    المهمة: { $title }، { $when }.
    المتطوع: { $phone }.
    اتصلوا به للتنظيم.
signup-org-email-answer = لقبول هذا التسجيل أو رفضه، أخبروا { $relais }.
signup-org-email-answer-line = هاتف { $relais }: { $help_line }.
signup-org-email-sms-note = سيصل ردكم إلى المتطوع برسالة.
signup-org-cancelled-email-subject = تم إلغاء تسجيل: { $title }
signup-org-cancelled-email =
    مرحبا،
    ألغى المتطوع تسجيله في مهمتكم.
    المهمة: { $title }، { $when }.
    المتطوع: { $phone }.
