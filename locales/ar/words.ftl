# À relire par une personne de langue maternelle arabe (native speaker review needed).
# Mots que les habitants écrivent, pour comprendre leurs réponses : arabe standard, quelques
# mots de darija, et l'arabe écrit en lettres latines (« na3am », « wakha »).
# Ce ne sont pas des textes affichés : listes séparées par des virgules latines (« , », pas « ، »).
# Les voyelles courtes et la hamza sont ignorées à la comparaison (أ = ا).
# Chiffres arabes orientaux (١ ٢ ٣…) ajoutés aux nombres : on les tape sur un clavier arabe.
# La comparaison essaie d'abord l'arabe, puis le français.

words-yes = نعم, ايه, إيه, أيوه, أيوا, واه, واخا, صح, صحيح, موافق, حسنا, طيب, أكيد, بالتأكيد, تمام, نعم شكرا, هذا صحيح, أؤكد, na3am, naam, n3am, eyh, iyeh, wah, wakha, ok, oui, yes, صافي, باهي, sa7, iyeh sa7, mashi mochkil, machi mochkil, ماشي مشكل, ماشي مشكيل, mzyan
words-no = لا, لأ, كلا, لا شكرا, غير صحيح, ليس صحيحا, خطأ, غلط, la, laa, la2, non, no, ما موافقش, ماشي صحيح, machi hakka, la choukran, la chokran, ماشي هكا, ماشي هاكا, ماشي هادشي
words-filler = السلام عليكم, سلام, مرحبا, أهلا, أهلا وسهلا, صباح الخير, مساء الخير, شكرا, شكرا جزيلا, من فضلك, من فضلكم, لو سمحت, لو سمحتم, أريد, أرغب في, أختار, اختياري, الجواب, جوابي, سيدي, سيدتي, بارك الله فيك, الله يحفظك, salam, salam alaykoum, salam alikoum, chokran, choukran, shukran, 3afak, afak
words-skip = لا شيء, لا شي, تخطي, تجاوز, بدون, لا يوجد, لا إضافة, لا أضيف شيئا, والو, walou, walo
words-more = المزيد, التالي, الباقي, البقية, أكثر, عرض المزيد, suite
words-emergency = طوارئ, حالة طارئة, النجدة, أنقذوني, ساعدوني بسرعة, إسعاف, الإسعاف, سقطت, سقطت على الأرض, وقعت على الأرض, طحت, طاحت, طاح, نوبة قلبية, أزمة قلبية, جلطة, سكتة دماغية, لا أستطيع التنفس, أختنق, نزيف, أنزف, لا أستطيع النهوض, ما نقدرش نوض, ta7t, t7t, ambulance, urgence, sa3douni, l'ambulance, ألم في الصدر, وجع في الصدر, ما كتقدرش تتنفس, ما كنقدرش نتنفس, النار فالدار, كاينة النار
words-emergency-not = ليس مستعجلا, ليس مستعجل, ماشي مستعجل, ماشي عاجل, مش مستعجل, ليست حالة طارئة, ماشي حالة طارئة, machi mosta3jal, machi m3ajel, machi urgent, pas urgent, طاحت الشجرة, طاحت الشجرة فالجردة
words-emergency-past = الأسبوع الماضي, الشهر الماضي, السنة الماضية, العام الماضي, أمس, البارح, الحمد لله لاباس, دابا لاباس, الآن بخير, أنا بخير الآن, l'semana li fatet, lbare7, lbareh, labas daba
words-emergency-now = لا أستطيع النهوض, ما نقدرش نوض, النجدة, أنقذوني, بسرعة, دابا دابا, sa3douni, daba daba
words-menu = القائمة, قائمة, القائمة الرئيسية, البداية, من جديد, menu
words-info = معلومات, info
words-back = رجوع, عودة, ارجع, السابق
words-human = شخص, إنسان, موظف, التحدث مع شخص, الكلام مع شخص, أكلم شخصا, اتصلوا بي, اتصل بي, 0, عيطولي, عيطو ليا, 3ayto lia, 3aytouli
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

# Comprendre un message entier (arabe, darija, arabizi) : quand, où, pour quoi.
words-day-today = اليوم, دابا, الآن, lyoum, lyouma, daba, دغيا, بالزربة
words-day-tomorrow = غدا, غدوة, غدًا, ghedda, ghda, ghadda, ghedwa
words-day-after-tomorrow = بعد غدا, بعد غدوة, ba3d ghedda
words-day-this-week = هذا الأسبوع, هاد السيمانة, هاد الأسبوع, had simana, had l simana
words-day-flexible = ليس مستعجل, ليس مستعجلا, ماشي مستعجل, ما كاينش الزربة, ماكاينش الزربة, ma kayna zerba, ma kaynach zerba, machi mosta3jal, machi urgent, الأسبوع المقبل, السيمانة الجاية
words-day-past = أمس, البارح, lbare7, lbareh
words-day-habit = كل, kol, kul, منذ
words-day-the = يوم, nhar, نهار
words-weekday-1 = الاثنين, الإثنين, الاتنين, tnin, letnin, l tnin
words-weekday-2 = الثلاثاء, التلات, tlat, tlata
words-weekday-3 = الأربعاء, لاربع, larb3, l arb3
words-weekday-4 = الخميس, لخميس, khmis, lekhmis
words-weekday-5 = الجمعة, جمعة, jem3a, jm3a, jouma3
words-weekday-6 = السبت, سبت, sebt, ssebt
words-weekday-7 = الأحد, لحد, l7ed, lhed, had
words-month-1 = يناير
words-month-2 = فبراير
words-month-3 = مارس
words-month-4 = أبريل
words-month-5 = ماي
words-month-6 = يونيو
words-month-7 = يوليوز
words-month-8 = غشت
words-month-9 = شتنبر
words-month-10 = أكتوبر
words-month-11 = نونبر
words-month-12 = دجنبر
words-time-hour = الساعة, sa3a
words-time-noon = الظهر, tnach
words-time-after = بعد
words-time-at = مع, m3a, الساعة, sa3a
words-not-place = f, l, fi, ف, في, ana, w, o, d, dyal
words-intent-help = أحتاج, احتاج, بغيت شي واحد, بغيت شي حد, بغيت واحد, بغيت من, بغات, بغا, من يساعدني, من يوصلني, يوصلني, يعاوني, يعاوننا, ساعدوني, عاونوني, مساعدة, bghit chi, bghit wa7ed, bghat chi, bghat, y3awenni, y3awenha, ywasselni, khassni chi, 3awnouni, شكون يوصلني
words-intent-offer = نكون متطوع, أتطوع, اتطوع, متطوع, تطوع, نعاون, نقدر نعاون, مستعد نعاون, n3awen, n9der n3awen, n9der nwasel, n9der nzour, bghit n3awen, نقدر نزور
words-intent-offer-not = واش نقدر نطلب
words-intent-follow = الطلب ديالي, طلبي, الرمز ديالي, واش كاين شي جديد, nsitouni, ma ja 7ta wa7ed, ma ja hta wahed, talab dyali, فين وصل
words-intent-question = بلاش, مجاني, شكون نتوما, شكون انتوما, chhal, ch7al, شحال, nkhalles, نخلص, كتخدمو مع البلدية, كيفاش كتخدم
words-switch = عربي من فضلك, بالعربية, بالعربي, 3arbiya, 3arabiya, 3arbia, arabe svp, arabe s'il vous plait, arabic please, parlez arabe, vous parlez arabe, en arabe, ma kanfhamch lfransawiya
words-lang-marker = bghit, bghat, 3afak, salam, wach, ana, dyali, dyal, chi, wa7ed, nhar, ghedda, kayna, n9der, khassni, chhal, kan3ref, machi, mama, f, m3a, l7aja, daba, wakha, 3arbiya, la, choukran, chokran, sa7, iyeh, mashi, mochkil, hakka, nsitouni, ja, 7ta, t7t, n9derch

words-stop-phrase = وقفو الميساجات, وقفوا الرسائل, ما بقيتش بغيت الميساجات
words-human-phrase = عيطولي, عيطو ليا, 3aytouli, اتصلوا بي
words-intent-language = اللغة, بدل اللغة, تغيير اللغة
words-greeting = السلام عليكم, سلام, salam, صباح الخير, مساء الخير, مرحبا, أهلا
words-cat-courses = التسوق, تسوق, الدوا, الدواء, الفارمسيان, الصيدلية, الخضرة, الخبز, الحليب, يشري, les courses, courses, l7anout
words-cat-transport = يوصلني, يوصلها, ywasselni, nwasel, الطبيب, للطبيب, طبيب, tbib, sbitar, المستشفى, طوموبيل, tomobil, طبيب الأسنان
words-cat-petits_travaux = يصلح, ysle7, robinet, الضو, نصلح, إصلاح
words-cat-jardin = الحديقة, الشجرة, الجردة, jardin, الجنان
words-cat-visite = يزورها, يزورني, نهضر, nzour, وحدي, bo7dha, زيارة
words-cat-papiers = الأوراق, الضريبة, الورقة, papiers, retraite, الوراق
words-cat-emprunter = نسلف, سلم, يسلفني
words-cat-numerique = l'informatique, informatique, ordinateur, الهاتف, التيليفون
words-cat-repas = الماكلة, يطيب, الماكلة ديال, repas
words-place-before = f, ف, في, fi, l, ل
