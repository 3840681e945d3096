# Messages envoyés à l'équipe du relais (sa ligne d'aide).

notify-help-request =
    Nouvelle demande { $reference } : { $category }.
    Commune : { $commune }.
    Pour quand : { $when }.
notify-signup =
    Nouvelle inscription à la mission : { $title }.
    Avec : { $organization }.
notify-callback =
    Une personne demande qu'on la rappelle.
    Numéro : { $phone }.
notify-loop-guard =
    Ce numéro envoie des messages automatiques : { $phone }.
    Passerelle ne lui répond plus pendant 10 minutes.
