# Textes communs à tous les canaux. Français de référence, écrit en FALC :
# phrases courtes, une phrase par ligne, des chiffres, pas d'abréviation.
# Pour les SMS, on évite ê, â, î, ô, û, ç : ils rendent le SMS 2 fois plus cher.

welcome =
    Bonjour, ici { $relais }.
    Ce n'est pas un service d'urgence : 15 ou 112.
    STOP : plus de SMS, INFO : vos données.
    .voice = Bienvenue.
welcome-back = Bonjour, nous reprenons depuis le début.
welcome-back-doing =
    Bonjour, la dernière fois, vous vouliez { $doing }.
    Nous reprenons depuis le début.
emergency =
    Nous ne sommes pas un service d'urgence.
    Appelez le 15 (SAMU) ou le 112.
    Si vous ne pouvez pas parler, envoyez un SMS au 114.
info =
    { $relais } garde vos messages pendant { kept-conversations }.
    Une demande est gardée { kept-requests } après sa fin.
    Pour tout effacer, { help-contact }.
# Combien de temps le relais garde les conversations et les demandes finies : ses réglages
# (en jours), jamais écrits en dur. 365 jours se disent 1 an.
kept-conversations = { $conversation_days ->
        [365] 1 an
        [730] 2 ans
        [one] { $conversation_days } jour
       *[other] { $conversation_days } jours
    }
kept-requests = { $request_days ->
        [365] 1 an
        [730] 2 ans
        [one] { $request_days } jour
       *[other] { $request_days } jours
    }
not-understood = Je n'ai pas compris.
not-understood-yes-no = Je n'ai pas compris. Répondez 1 pour oui, 2 pour non.
    .voice = Je n'ai pas compris.
commune-unknown = Je ne trouve pas cette commune. Essayez avec le code postal, par exemple 74150.
    .voice = Je ne trouve pas cette commune. Tapez le code postal à 5 chiffres.
commune-which = { $count } communes ont ce code. Laquelle ?
commune-which-name = { $count } communes ont ce nom. Laquelle ?
commune-line = { $commune } ({ $department })
code-not-understood = Le code a 6 chiffres, par exemple 482 915.
    .voice = Le code a 6 chiffres. Tapez-le lentement.
list-no-more = Il n'y en a pas d'autre.
callback-offer =
    Je n'arrive pas à vous comprendre.
    Voulez-vous qu'une personne vous rappelle ?
callback-promised = { $relais } va vous rappeler.
question-noted = C'est une bonne question. { $relais } va vous rappeler pour y répondre.
# Comment joindre l'équipe : le numéro s'il est connu.
help-contact = { $help_line ->
        [none] adressez-vous à votre mairie
       *[other] appelez le { $help_line }
    }
callback-declined = D'accord. Essayons encore.
language-changed = D'accord, c'est noté.
answer-yes = Oui
answer-no = Non
text-skipped = Pas de précision
error = Désolé, un problème est arrivé. Nous reprenons depuis le début.

## Ce que la personne était en train de faire (après « vous vouliez »).
doing-menu = choisir dans le menu
doing-help = demander de l'aide
doing-missions = devenir bénévole
doing-follow = suivre une demande
doing-signups = annuler une inscription
doing-language = changer de langue

## Jours et mois, pour écrire les dates en toutes lettres.
day-1 = lundi
day-2 = mardi
day-3 = mercredi
day-4 = jeudi
day-5 = vendredi
day-6 = samedi
day-7 = dimanche
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date = { $day } { $number } { $month }
date-at = { $date } à { $minute ->
        [none] { $hour } h
       *[other] { $hour } h { $minute }
    }
not-heard = Je n'ai rien entendu.
phone-not-understood = Ce numéro ne semble pas juste. Il a 10 chiffres, par exemple 06 12 34 56 78.
commune-confirm =
    { $commune }, { $postal_code }.
    C'est bien cela ?
voice-message = Message vocal
