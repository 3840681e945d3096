# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Messages envoyés à l'équipe du relais (sa ligne d'aide).

notify-help-request =
    طلب جديد { $reference }: { $category }.
    البلدية: { $commune }.
    متى: { $when }.
notify-signup =
    تسجيل جديد في المهمة: { $title }.
    مع: { $organization }.
notify-callback =
    شخص يطلب أن نتصل به.
    الرقم: { $phone }.
notify-loop-guard =
    هذا الرقم يرسل رسائل آلية: { $phone }.
    لن يرد عليه Passerelle لمدة 10 دقائق.
