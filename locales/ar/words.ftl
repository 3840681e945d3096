# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Mots que les habitants écrivent, pour comprendre leurs réponses : arabe standard, quelques
# mots de darija, et l'arabe écrit en lettres latines (« na3am », « wakha »).
# Ce ne sont pas des textes affichés : listes séparées par des virgules latines (« , », pas « ، »).
# Les voyelles courtes et la hamza sont ignorées à la comparaison (أ = ا).
# Chiffres arabes orientaux (١ ٢ ٣…) ajoutés aux nombres : on les tape sur un clavier arabe.
# La comparaison essaie d'abord l'arabe, puis le français.

words-yes = نعم, ايه, إيه, أيوه, أيوا, واه, واخا, صح, صحيح, موافق, حسنا, طيب, أكيد, بالتأكيد, تمام, نعم شكرا, هذا صحيح, أؤكد, na3am, naam, n3am, eyh, iyeh, wah, wakha, ok, oui, yes
words-no = لا, لأ, كلا, لا شكرا, غير صحيح, ليس صحيحا, خطأ, غلط, la, laa, la2, non, no
words-filler = السلام عليكم, سلام, مرحبا, أهلا, أهلا وسهلا, صباح الخير, مساء الخير, شكرا, شكرا جزيلا, من فضلك, من فضلكم, لو سمحت, لو سمحتم, أريد, أرغب في, أختار, اختياري, الجواب, جوابي, سيدي, سيدتي, بارك الله فيك, الله يحفظك, salam, salam alaykoum, salam alikoum, chokran, choukran, shukran, 3afak, afak
words-skip = لا شيء, لا شي, تخطي, تجاوز, بدون, لا يوجد, لا إضافة, لا أضيف شيئا, والو, walou, walo
words-more = المزيد, التالي, الباقي, البقية, أكثر, عرض المزيد, suite
words-emergency = طوارئ, حالة طارئة, النجدة, أنقذوني, ساعدوني بسرعة, إسعاف, الإسعاف, سقطت, سقطت على الأرض, وقعت على الأرض, طحت, طاحت, طاح, نوبة قلبية, أزمة قلبية, جلطة, سكتة دماغية, لا أستطيع التنفس, أختنق, نزيف, أنزف, لا أستطيع النهوض, ما نقدرش نوض, ta7t, t7t, ambulance, urgence, sa3douni, l'ambulance
words-emergency-not = ليس مستعجلا, ليس مستعجل, ماشي مستعجل, ماشي عاجل, مش مستعجل, ليست حالة طارئة, ماشي حالة طارئة, machi mosta3jal, machi m3ajel, machi urgent, pas urgent
words-emergency-past = الأسبوع الماضي, الشهر الماضي, السنة الماضية, العام الماضي, أمس, البارح, الحمد لله لاباس, دابا لاباس, الآن بخير, أنا بخير الآن, l'semana li fatet, lbare7, lbareh, labas daba
words-emergency-now = لا أستطيع النهوض, ما نقدرش نوض, النجدة, أنقذوني, بسرعة, دابا دابا, sa3douni, daba daba
words-menu = القائمة, قائمة, القائمة الرئيسية, البداية, من جديد, menu
words-info = معلومات, info
words-back = رجوع, عودة, ارجع, السابق
words-human = شخص, إنسان, موظف, التحدث مع شخص, الكلام مع شخص, أكلم شخصا, اتصلوا بي, اتصل بي, 0
words-stop = stop, stop sms, stopall, unsubscribe, cancel, end, quit, revoke, optout, arret, arrêt, توقف, أوقف, إيقاف, أوقفوا الرسائل
words-start = start, unstop, reprendre, ابدأ, استئناف
words-follow = متابعة, تتبع, suivi
words-cancel = إلغاء, الغاء, ألغ, annuler
words-language = العربية, عربي, arabe, arabic, بالعربية, 3arabi
words-number-1 = واحد, واحدة, الأول, الأولى, أول, ١, wahed, wa7ed
words-number-2 = اثنان, اثنين, الثاني, الثانية, ٢, zouj, jouj, tnin, itnin
words-number-3 = ثلاثة, ثلاث, الثالث, الثالثة, ٣, tlata, tleta
words-number-4 = أربعة, أربع, الرابع, الرابعة, ٤, arba, arb3a
words-number-5 = خمسة, خمس, الخامس, الخامسة, ٥, khamsa
words-number-6 = ستة, ست, السادس, السادسة, ٦, sitta, setta
words-number-7 = سبعة, سبع, السابع, السابعة, ٧, sab3a, seba
words-number-8 = ثمانية, ثمان, الثامن, الثامنة, ٨, tmanya, tmenya
words-number-9 = تسعة, تسع, التاسع, التاسعة, ٩, tis3a, tes3a
words-number-10 = عشرة, عشر, العاشر, العاشرة, ١٠, 3ashra, 3achra
