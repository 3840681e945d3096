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
