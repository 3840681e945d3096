# Textes propres au téléphone (menu vocal). Les autres textes ont parfois une variante
# « .voice » pour l'oreille, à côté de leur texte écrit.

voice-intro =
    Bonjour, ici { $relais }.
    Ce n'est pas une ligne d'urgence.
    En cas d'urgence, raccrochez et appelez le 15 ou le 112.
voice-choices-count = Il y a { $count } choix.
voice-choice = Pour { $label }, tapez { $key }.
voice-choice-one = { $label } : tapez { $key }.
voice-more = Pour les autres choix, tapez { $key }.
voice-keys-repeat = Pour réécouter, tapez étoile.
voice-keys-person = Pour parler à une personne, tapez 0.
voice-connecting = Je vous passe une personne. Restez en ligne.
voice-leave-message =
    Personne ne peut vous répondre maintenant.
    Après le bip, dites votre nom et ce dont vous avez besoin.
    Puis tapez dièse.
voice-message-thanks =
    Merci, votre message est enregistré.
    { $relais } va vous rappeler.
voice-no-message =
    Nous n'avons pas entendu de message.
    Si votre numéro n'est pas masqué, { $relais } va vous rappeler.
voice-goodbye = Au revoir, et bonne journée.
