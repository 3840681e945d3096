# Textes propres aux SMS.

sms-more = Pour voir la suite, écrivez SUITE.
sms-stopped =
    C'est noté : vous ne recevrez plus de SMS de { $relais }.
    Pour reprendre, écrivez START.
sms-restarted = Bonjour, vous recevez de nouveau nos SMS.
sms-empty = Votre message est vide. Écrivez MENU pour voir les choix.
sms-media-only = Nous ne pouvons pas lire les photos. Écrivez votre réponse avec des mots ou un chiffre.
sms-too-long = Votre message est très long. Nous avons lu le début.
sms-failure = Désolé, un problème technique est arrivé. Réessayez dans quelques minutes.
sms-slow-down = Vous envoyez beaucoup de messages. Attendez 1 minute, puis écrivez à nouveau.
sms-reference =
    Votre code de demande : { $reference }.
    Gardez ce SMS.
    Pour suivre votre demande, écrivez SUIVI { $reference }.
sms-callback-recorded =
    Votre message vocal est bien arrivé.
    { $relais } va vous rappeler.

sms-callback-no-message =
    Vous avez appelé { $relais }.
    Une personne va vous rappeler.
# Au bénévole, à propos de son inscription (envoyés par la file d'envoi, jamais la nuit).
signup-confirmation =
    Votre inscription est notée : { $title }.
    Quand : { $when }.
    Où : { $place }.
    Avec : { $organization }.
    Pour annuler, répondez ANNULER.
signup-reminder =
    Rappel : demain, { $title }.
    Quand : { $when }.
    Où : { $place }.
    Si vous ne pouvez pas venir, répondez ANNULER.
signup-validated =
    Bonne nouvelle : { $organization } accepte votre inscription.
    Mission : { $title }, { $when }.
    Pour annuler, répondez ANNULER.
signup-refused =
    { $organization } ne peut pas vous accueillir pour : { $title }.
    Merci pour votre aide.
    Pour voir d'autres missions, écrivez MENU.
signup-cancelled-by-org =
    { $organization } a annulé votre inscription : { $title }.
    Pour voir d'autres missions, écrivez MENU.
signup-when = { $date } à { $time }
time-of-day = { $hour } h { $minute }

# Messages envoyés à la personne qui a fait une demande, quand elle avance.
request-matched =
    { $relais } : une personne va vous aider pour votre demande { $reference }.
    Qui : { $helper }.
request-matched-when =
    { $relais } : une personne va vous aider pour votre demande { $reference }.
    Qui : { $helper }.
    Quand : { $when }.
request-done = { $relais } : votre demande { $reference } est terminée. Merci.
request-impossible =
    { $relais } : personne n'a pu aider pour votre demande { $reference }.
    { $reason }
    Pour en parler, { help-contact }.

# Accord pour qu'un médiateur agisse pour la personne, demandé par SMS.
mandate-sms-recap =
    { $relais } : { $mediator } demande votre accord pour agir pour vous.
    Pour : { $scopes }.
    Pendant { $duration }.
    Répondez OUI pour accepter.
    Toute autre réponse veut dire non.
mandate-sms-accepted = Merci. Votre accord est enregistré. Vous pouvez le retirer à tout moment.
mandate-sms-refused = D'accord. Personne n'agira pour vous.
mandate-scope-conversation = voir vos messages
mandate-scope-help_requests = faire vos demandes d'aide
mandate-scope-signups = vous inscrire à des missions
mandate-duration-1d = 1 jour
mandate-duration-1m = 1 mois
mandate-duration-6m = 6 mois
mandate-duration-1y = 1 an
