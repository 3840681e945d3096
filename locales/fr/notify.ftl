# Messages envoyés à l'équipe du relais (sa ligne d'aide).

notify-help-request =
    Nouvelle demande { $reference } : { $category }.
    Commune : { $commune }.
    Pour quand : { $when }.
    Numéro : { $phone }.
notify-no-phone = aucun, demande faite à la borne
notify-signup =
    Nouvelle inscription à la mission : { $title }, { $date }.
    Avec : { $organization }.
    Bénévole : { $phone }.
    L'association n'a pas laissé de contact : prévenez-la.
notify-signup-cancelled =
    Inscription annulée : { $title }, { $date }.
    Avec : { $organization }.
    Bénévole : { $phone }.
    Prévenez l'association.
notify-callback =
    Une personne demande qu'on la rappelle.
    Numéro : { $phone }.
    { $context }
notify-context = Où elle en était : { $doing }.
notify-context-known = Où elle en était : { $doing }. Déjà dit : { $known }.
notify-loop-guard =
    Ce numéro envoie des messages automatiques : { $phone }.
    Passerelle ne lui répond plus pendant 10 minutes.

# Messages envoyés à l'association qui propose une mission.
signup-unknown-phone = numéro inconnu
signup-org-sms =
    Nouvelle inscription par { $relais } : { $title }, { $date }.
    Bénévole : { $phone }.
    Merci de l'appeler pour vous organiser.
signup-org-cancelled-sms =
    Inscription annulée par le bénévole : { $title }, { $date }.
    Bénévole : { $phone }.
signup-org-email-subject = Nouvelle inscription : { $title }
signup-org-email =
    Bonjour,
    Une personne s'est inscrite à votre mission par { $relais }.
    Mission : { $title }, { $when }.
    Bénévole : { $phone }.
    Merci de l'appeler pour vous organiser.
signup-org-email-answer = Pour accepter ou refuser cette inscription, prévenez { $relais }.
signup-org-email-answer-line = Téléphone de { $relais } : { $help_line }.
signup-org-email-sms-note = Le bénévole recevra votre réponse par SMS.
signup-org-cancelled-email-subject = Inscription annulée : { $title }
signup-org-cancelled-email =
    Bonjour,
    Le bénévole a annulé son inscription à votre mission.
    Mission : { $title }, { $when }.
    Bénévole : { $phone }.
