# Textes de la borne tactile de la mairie (kiosk-ui/templates).
# Français de référence, écrit en FALC : phrases courtes, une phrase par ligne, des chiffres.
# Les messages « screen-… » remplacent à l'écran le message du même nom sans « screen- » :
# sur la borne, on touche un bouton au lieu d'écrire un mot.

## Titre de la page, boutons présents sur tous les écrans.
kiosk-page-title = { $relais }
kiosk-back = Retour
kiosk-restart = Recommencer
kiosk-help = Besoin d'aide ?
kiosk-help-more = Parler à quelqu'un
kiosk-end = Terminer / Effacer mes informations
kiosk-listen = Écouter
kiosk-stop-voice = Arrêter la voix
kiosk-big-text = Texte plus grand
kiosk-normal-text = Texte normal
kiosk-tools = Réglages
kiosk-navigation = Navigation
kiosk-progress = Étape { $step } sur { $total }

## Premier écran : choisir sa langue. Chaque langue le dit dans sa langue.
kiosk-start-ask = Bonjour. Touchez votre langue.

## Accueil.
kiosk-not-emergency =
    Ce n'est pas un service d'urgence.
    En cas d'urgence, appelez le 15 ou le 112.
    Si vous ne pouvez pas parler, envoyez un SMS au 114.

## Répondre.
kiosk-send = Valider
kiosk-skip = Passer
kiosk-more = Voir la suite
kiosk-menu = Revenir au menu
kiosk-erase = Effacer le dernier chiffre
kiosk-keypad = Clavier
kiosk-postal-label = Code postal, 5 chiffres
kiosk-code-label = Code du ticket, 6 chiffres
kiosk-phone-label = Numéro de téléphone, 10 chiffres
kiosk-text-label = Vos mots
kiosk-commune-yes = Oui, { $known }
kiosk-yes-help-summary = Confirmer
kiosk-no-help-summary = Modifier
kiosk-yes-missions-details = Je m'inscris
kiosk-no-missions-details = Voir les autres missions
kiosk-card-where = Où : { $commune }
kiosk-card-when = Quand : { $date }
kiosk-card-with = Avec : { $organization }

## Après l'envoi : le code et le ticket à imprimer.
kiosk-your-code = Votre code :
kiosk-keep-code =
    Gardez ce code.
    Avec ce code, vous pouvez suivre votre demande sur cette borne.
kiosk-print = Imprimer mon ticket
kiosk-ticket-title = Votre demande d'aide
kiosk-ticket-date = Demande faite le { $date }.
kiosk-ticket-asked = Ce que vous avez demandé :
kiosk-ticket-next =
    Une personne vous répondra vite.
    Pour suivre votre demande, tapez ce code sur la borne de la mairie.
kiosk-ticket-help = Pour parler à quelqu'un, { help-contact }.

## Inactivité : avertissement avant de tout effacer.
kiosk-idle-title = Êtes-vous encore là ?
kiosk-idle-countdown = Tout sera effacé dans { $seconds } secondes.
kiosk-idle-continue = Continuer

## Besoin d'aide.
kiosk-help-title = Besoin d'aide ?
kiosk-help-text =
    Une personne de l'accueil peut vous aider.
    Demandez-lui de venir à la borne.
    Pour parler à quelqu'un, { help-contact }.
kiosk-help-return = Revenir à ma question

## Page qui n'est plus valable (après effacement ou trop d'attente).
kiosk-expired-title = Cette page n'est plus valable.
kiosk-expired-text =
    Pour votre sécurité, tout a été effacé.
    Touchez le bouton pour commencer.
kiosk-start = Commencer
kiosk-busy-title = Trop de personnes commencent en même temps ici.
kiosk-busy-text =
    Attendez 1 minute.
    Puis touchez le bouton pour commencer.

## Enregistrer la borne (pour le personnel de la mairie).
kiosk-enrol-title = Enregistrer cette borne
kiosk-enrol-text = Tapez le code donné par la commande passerelle kiosk enrol.
kiosk-enrol-label = Code d'enregistrement
kiosk-enrol-button = Enregistrer
kiosk-enrol-done = Cette borne est enregistrée pour { $relais }, commune de { $commune }.
kiosk-enrol-failed =
    Ce code ne marche pas.
    Il est peut-être déjà utilisé, ou trop ancien.
kiosk-enrol-busy = Trop d'essais. Réessayez dans 10 minutes.
kiosk-enrol-current = Borne actuelle : { $relais }, commune de { $commune }.
kiosk-enrol-none = Cette borne n'est pas encore enregistrée.


## Terminer : on demande avant de tout effacer (pas après l'inactivité).
kiosk-end-ask = Tout effacer ?
kiosk-end-text =
    Vos réponses seront effacées de la borne.
    Une demande déjà envoyée reste envoyée.
kiosk-end-yes = Oui, tout effacer
kiosk-end-no = Non, continuer

## Clavier à l'écran, pour écrire quelques mots.
kiosk-keyboard = Clavier
kiosk-key-space = Espace
kiosk-key-erase = Effacer
kiosk-key-erase-long = Effacer la dernière lettre
kiosk-key-shift = Majuscule
kiosk-key-layout = Autres lettres
kiosk-speak = Parler au lieu d'écrire
kiosk-speak-stop = Je vous écoute. Touchez pour arrêter.
kiosk-speak-failed =
    La voix ne marche pas sur cette borne.
    Utilisez le clavier.

## Une demande sans numéro de téléphone : ce qui va vraiment se passer.
kiosk-help-done-no-phone =
    Votre demande est envoyée.
    Vous n'avez pas donné de numéro : personne ne peut vous appeler.
    Revenez à la mairie avec votre code pour connaître la suite.
    Pour être rappelé, donnez votre numéro à l'accueil de la mairie.
kiosk-ticket-next-no-phone =
    Vous n'avez pas donné de numéro de téléphone.
    Revenez à la mairie avec ce code pour connaître la suite.
    Pour être rappelé, donnez votre numéro à l'accueil de la mairie.

## Le code d'une autre personne, tapé sur la borne : son état seulement.
## L'annulation reste au téléphone qui a fait la demande.
follow-status-read-only =
    Demande { $request_reference } : { $request_category }.
    { $request_status_long }
    Pour annuler cette demande, { help-contact }.

## Textes de la conversation, dits autrement sur l'écran.
screen-menu-ask = Que voulez-vous faire ?
# Sur une carte de la borne, le pictogramme dit « aide » : un libellé plus court.
screen-cat-numerique = Téléphone ou ordinateur
screen-help-commune =
    Dans quelle commune ?
    Tapez le code postal.
screen-help-commune-known =
    C'est pour { $known } ?
    Touchez Oui, ou tapez un autre code postal.
screen-missions-commune =
    Dans quelle commune habitez-vous ?
    Tapez le code postal.
screen-missions-commune-known =
    Des missions près de { $known } ?
    Touchez Oui, ou tapez un autre code postal.
screen-help-details =
    Voulez-vous ajouter quelques mots ?
    Vous pouvez aussi passer.
screen-help-done =
    Votre demande est envoyée.
    Une personne vous répondra vite.
screen-follow-ask-code = Tapez le code à 6 chiffres de votre ticket.
screen-follow-not-found =
    Nous ne trouvons pas de demande avec ce code.
    Vérifiez le code, ou { help-contact }.
screen-not-understood-yes-no = Je n'ai pas compris. Touchez Oui ou Non.
screen-commune-unknown =
    Je ne trouve pas cette commune.
    Vérifiez le code postal, par exemple 74150.
screen-mission-signed =
    C'est noté, vous êtes inscrit.
    { $organization } va vous appeler au numéro que vous avez donné.
    Pour toute question, { help-contact }.
screen-callback-offer =
    Je n'arrive pas à vous comprendre.
    Voulez-vous l'aide d'une personne de l'accueil ?
screen-callback-promised =
    Une personne de l'accueil va vous aider.
    Sinon, { help-contact }.
screen-sms-empty = Vous n'avez rien tapé. Essayez encore.
screen-phone-not-understood =
    Ce numéro ne semble pas juste.
    Il a 10 chiffres, par exemple 06 12 34 56 78.
