# Textes des parcours (flows/*.toml).

menu-ask = Que voulez-vous faire ? Répondez avec un chiffre.
    .voice = Que voulez-vous faire ?
    .hint = Écrivez un chiffre, par exemple 1, ou un mot comme aide.
menu-help = Demander de l'aide
    .synonyms = aide, aider, besoin d'aide, demande
menu-volunteer = Devenir bénévole
    .synonyms = benevole, bénévolat, mission, missions, aider quelqu'un
menu-follow = Suivre ma demande
    .synonyms = suivre, suivi, ma demande
menu-language = Changer de langue
    .synonyms = langue, language

language-ask = Quelle langue ?
    .hint = Écrivez un chiffre, par exemple 2 pour l'anglais.
language-fr = Français
    .synonyms = francais, french
    .voice = le français
language-en = English
    .synonyms = anglais, english
    .voice = l'anglais
language-ar = العربية
    .synonyms = arabe, arabic
    .voice = l'arabe

help-category = Pour quoi avez-vous besoin d'aide ?
    .voice = De quelle aide avez-vous besoin ?
    .hint = Écrivez un chiffre, ou un mot comme courses ou médecin.
cat-courses = Faire les courses
    .synonyms = courses, commissions, supermarché, magasin, épicerie, pharmacie
cat-transport = M'emmener quelque part
    .synonyms = transport, voiture, emmener, conduire, rendez-vous, médecin
cat-petits_travaux = Petits travaux
    .synonyms = travaux, bricolage, réparer, réparation, ampoule
cat-jardin = Jardin
    .synonyms = jardinage, tondre, pelouse, haie
cat-visite = Une visite, parler un peu
    .synonyms = visite, parler, compagnie, discuter, seul, seule
cat-papiers = Aide pour les papiers
    .synonyms = papiers, papier, courrier, dossier, impots, formulaire
cat-emprunter = Emprunter un objet
    .synonyms = emprunter, prêter, objet
cat-numerique = Aide avec le téléphone ou l'ordinateur
    .synonyms = téléphone, ordinateur, internet, tablette, portable
cat-repas = Un repas
    .synonyms = repas, manger, cuisine
cat-autre = Autre chose
    .synonyms = autre, divers

help-commune = Dans quelle commune ? Écrivez le code postal ou le nom.
    .voice = Dans quelle commune ? Tapez le code postal à 5 chiffres, ou dites le nom.
help-commune-known =
    C'est pour { $known } ?
    Répondez OUI, ou écrivez un autre code postal.
    .voice = Est-ce pour { $known } ? Tapez 1 pour oui. Sinon, tapez un autre code postal.
help-when = Pour quand ?
    .hint = Écrivez un chiffre, ou un jour comme demain ou jeudi.
when-aujourd_hui = Aujourd'hui
    .synonyms = aujourd hui, ce jour, vite, tout de suite
when-cette_semaine = Cette semaine
    .synonyms = semaine, bientôt
when-pas_presse = Ce n'est pas pressé
    .synonyms = pas pressé, plus tard, quand vous voulez
help-details =
    Dites-nous en quelques mots ce qu'il faut faire.
    Ou répondez NON pour passer.
    .voice = Après le bip, dites en quelques mots ce qu'il faut faire. Puis tapez dièse. Pour passer, ne dites rien.
help-summary =
    Votre demande :
    { $category }
    { $commune }
    { $when }
    { $details }
    Tout est juste ?
help-change = Que voulez-vous changer ?
    .hint = Écrivez un chiffre, par exemple 2 pour la commune.
change-category = Le type d'aide
    .synonyms = type, aide
change-commune = La commune
    .synonyms = commune, ville, village
change-when = Le moment
    .synonyms = moment, quand, date
change-details = Les mots ajoutés
    .synonyms = mots, précision, détails
change-cancel = Ne rien envoyer
    .synonyms = annuler, rien
help-cancelled = D'accord, votre demande n'est pas envoyée.
help-done =
    Votre demande est envoyée.
    Votre code : { $reference }.
    Gardez ce code.
    Une personne vous répondra vite.
    Pour suivre votre demande, écrivez SUIVI { $reference }.
    .voice =
        Votre demande est envoyée.
        Votre code est : { $reference }.
        Je répète : { $reference }.
        Si vous avez un portable, vous allez aussi le recevoir par SMS.

missions-commune = Dans quelle commune habitez-vous ? Écrivez le code postal ou le nom.
    .voice = Dans quelle commune habitez-vous ? Tapez le code postal à 5 chiffres, ou dites le nom.
missions-commune-known =
    Des missions près de { $known } ?
    Répondez OUI, ou écrivez un autre code postal.
    .voice = Des missions près de { $known } ? Tapez 1 pour oui. Sinon, tapez un autre code postal.
missions-none =
    Il n'y a pas de mission près de chez vous pour le moment.
    Réessayez dans quelques jours.
missions-pick =
    { $missions_count ->
        [one] 1 mission près de chez vous. Elle vous intéresse ?
       *[other] { $missions_count } missions près de chez vous. Laquelle vous intéresse ?
    }
    .hint = Écrivez le chiffre de la mission, ou SUITE pour en voir d'autres.
mission-line = { $title }, { $commune }, { $date }
mission-details =
    { $mission_title }
    Avec : { $mission_organization }
    { $mission_commune }, { $mission_date }
    { $mission_summary }
    Voulez-vous vous inscrire ?
mission-signed =
    C'est noté, vous voilà inscrit.
    { $organization } va recevoir votre numéro.
    Vous allez recevoir un SMS avec les détails.
    Nous vous enverrons un rappel la veille.
mission-signed-no-reminder =
    C'est noté, vous voilà inscrit.
    { $organization } va recevoir votre numéro.
    Vous allez recevoir un SMS avec les détails.
mission-signed-no-sms =
    C'est noté, vous voilà inscrit.
    Nous prévenons { $organization }.
    Notez bien la date : { $mission_date }.
mission-already = Vous avez déjà une inscription à cette mission.
mission-full = Cette mission est complète. Choisissez-en une autre.
missions-manage =
    Vous avez déjà une inscription en cours.
    Que voulez-vous faire ?
    .hint = Écrivez 1 pour chercher une mission, ou 2 pour annuler.
missions-search = Chercher une mission
    .synonyms = chercher, autre mission, nouvelle mission, voir les missions
missions-cancel = Annuler une inscription
    .synonyms = annuler, désinscrire, me désinscrire, annulation

signups-none =
    Vous n'avez pas d'inscription en cours.
    Pour annuler une demande d'aide, écrivez SUIVI.
signups-confirm =
    Voulez-vous annuler votre inscription ?
    { $signup_title }, { $signup_date }.
signups-pick = Vos inscriptions. Laquelle voulez-vous annuler ?
    .hint = Écrivez le chiffre de l'inscription à annuler.
signup-line = { $title }, { $date }
signups-kept = D'accord, vous restez inscrit.
signups-cancelled =
    C'est noté, votre inscription est annulée.
    Nous prévenons { $organization }.
signups-cannot-cancel = Il n'est plus possible d'annuler cette inscription.

follow-pick = Vos demandes. Laquelle voulez-vous suivre ?
    .hint = Écrivez le chiffre de la demande, par exemple 1.
request-line = { $reference } : { $category }, { $status }
follow-status =
    Demande { $request_reference } : { $request_category }.
    { $request_status_long }
    .hint = Écrivez 1 pour annuler, ou 2 pour le menu.
follow-cancel = Annuler la demande
    .synonyms = annuler, annule, supprimer
follow-menu = Retour au menu
    .synonyms = retour, menu
follow-not-found =
    Nous ne trouvons pas de demande avec ce code pour ce numéro.
    Vérifiez le code, ou { help-contact }.
follow-too-many =
    Trop d'essais avec de mauvais codes.
    Réessayez dans 1 heure, ou { help-contact }.
follow-cancel-confirm = Voulez-vous vraiment annuler cette demande ?
follow-cancelled = Votre demande est annulée.
follow-cannot-cancel = Il n'est plus possible d'annuler cette demande.

state-open = en cours
state-matched = une personne va vous aider
state-done = terminée
state-cancelled = annulée
state-taken = une personne s'en occupe
state-impossible = impossible
mission-date-flexible = date à choisir

status-open = Nous cherchons quelqu'un pour vous aider.
status-matched = Une personne a accepté de vous aider.
status-done = Cette demande est terminée.
status-cancelled = Cette demande est annulée.
status-taken = Une personne de la mairie s'occupe de votre demande.
status-impossible = Personne n'a pu aider. Vous pouvez faire une nouvelle demande.
follow-ask-code =
    Nous ne trouvons pas de demande faite avec ce numéro.
    Si vous avez un code à 6 chiffres, écrivez-le.
    Sinon, écrivez MENU.
    .voice = Nous ne trouvons pas de demande faite avec ce numéro. Si vous avez un code à 6 chiffres, tapez-le.
help-phone =
    Pour recevoir votre code par SMS, tapez votre numéro de portable.
    Sinon, touchez Passer.
missions-phone =
    Pour vous inscrire, tapez votre numéro de téléphone.
    L'association vous appellera.
