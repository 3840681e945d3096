# La console de médiation : les écrans de l'équipe du relais (en français seulement).

console-name = Passerelle, console de médiation
console-skip = Aller au contenu
console-nav = Menu de la console
console-nav-queue = Demandes
console-nav-team = Équipe
console-nav-logout = Se déconnecter
console-signed-as = Connecté : { $name }
console-error-title = Un problème est survenu
console-back-queue = Revenir aux demandes

# Connexion
console-login-title = Se connecter
console-login-email = Adresse e-mail
console-login-password = Mot de passe
console-login-code = Code à 6 chiffres de l'application
console-login-code-hint = L'application d'authentification affiche ce code.
console-login-submit = Se connecter
console-login-failed = Adresse, mot de passe ou code incorrect.
console-login-slow = Trop d'essais. Attendez quelques minutes.
console-login-expired = Votre session est terminée. Connectez-vous à nouveau.
console-logged-out = Vous êtes déconnecté.
console-form-expired = Ce formulaire a expiré. Recommencez.

# Première connexion
console-setup-title = Activer votre compte
console-setup-intro = Bonjour { $name }. Choisissez un mot de passe, puis ajoutez le second facteur.
console-setup-password = Mot de passe, 12 caractères au moins
console-setup-again = Le même mot de passe, encore une fois
console-setup-totp = Second facteur
console-setup-scan = Scannez ce code avec une application d'authentification.
console-setup-secret = Ou tapez cette clé dans l'application :
console-setup-code = Code à 6 chiffres affiché par l'application
console-setup-submit = Activer mon compte
console-setup-done = Votre compte est activé. Connectez-vous.
console-setup-invalid = Ce lien n'est plus valable. Demandez un nouveau lien à votre administrateur.
console-setup-password-short = Le mot de passe doit avoir 12 caractères au moins.
console-setup-password-differs = Les 2 mots de passe sont différents.
console-setup-code-wrong = Ce code ne correspond pas. Tapez le code affiché maintenant.
console-qr-label = Image à scanner pour le second facteur

# Équipe (administrateur)
console-team-title = Équipe du relais
console-team-name = Nom
console-team-email = Adresse e-mail
console-team-role = Rôle
console-team-state = État
console-team-admin = administrateur
console-team-mediator = médiateur
console-team-active = actif
console-team-waiting = en attente d'activation
console-team-disabled = désactivé
console-team-disable = Désactiver
console-team-enable = Réactiver
console-team-add = Ajouter un médiateur
console-team-make-admin = Administrateur du relais
console-team-add-submit = Créer le compte
console-team-link = Envoyez ce lien à { $name }. Il est valable 24 heures et ne sert qu'une fois.
console-team-taken = Cette adresse a déjà un compte.
console-team-invalid = Donnez un nom et une adresse e-mail.
console-team-self = Vous ne pouvez pas désactiver votre propre compte.

# File des demandes
console-queue-title = Demandes à suivre
console-count-new = Nouvelles
console-count-taken = Prises en charge
console-count-matched = Aide trouvée
console-count-callbacks = Rappels demandés
console-count-undelivered = Messages non remis
console-count-stale = Sans nouvelles depuis 3 jours
console-filters = Filtrer les demandes
console-filter-commune = Commune
console-filter-category = Besoin
console-filter-status = État
console-filter-channel = Canal
console-filter-any = Tous
console-filter-submit = Filtrer
console-section-new = Nouvelles demandes
console-section-callbacks = Rappels demandés
console-section-undelivered = Messages non remis
console-section-stale = Sans nouvelles depuis 3 jours
console-section-all = Toutes les demandes
console-none = Rien pour le moment.
console-col-code = Code
console-col-when = Reçue le
console-col-who = Personne
console-col-need = Besoin
console-col-commune = Commune
console-col-status = État
console-col-channel = Canal
console-col-news = Dernières nouvelles
console-col-why = Pourquoi
console-col-recording = Message vocal
console-col-kind = Message
console-col-action = Action
console-kiosk-who = Borne de { $commune }
console-unknown = inconnu
console-callback-done = Rappel fait
console-open-request = Ouvrir la demande { $reference }
console-to-call = à rappeler
console-listen = Écouter
console-no-audio = Votre navigateur ne lit pas ce son.

# Canaux
console-channel-sms = SMS
console-channel-voice = téléphone
console-channel-kiosk = borne
console-channel-mediator = médiateur
console-channel-api = partenaire

# Pourquoi un rappel
console-why-asked = la personne l'a demandé
console-why-stuck = la personne était bloquée
console-why-voice_message = message vocal
console-why-voice_silent = appel sans réponse
console-why-call_abandoned = appel interrompu

# Une demande
console-request-title = Demande { $reference }
console-resident = La personne
console-resident-phone = Téléphone
console-resident-none = Pas de numéro : demande faite à la borne de { $commune }.
console-resident-landline = Ce numéro ne reçoit pas de SMS. Appelez la personne.
console-resident-opted-out = La personne ne veut plus de SMS. Appelez-la.
console-request-about = La demande
console-request-need = Besoin
console-request-where = Commune
console-request-when = Pour quand
console-request-details = Ses mots
console-request-status = État
console-request-taken-by = Prise en charge par
console-request-helper = Aide
console-request-channel = Canal
console-request-recording = Message vocal de la personne
console-to-call-banner = À rappeler : cette personne ne reçoit pas de SMS. Appelez-la pour lui dire où en est sa demande.
console-history = Historique
console-history-in = La personne a écrit
console-history-out = Passerelle a répondu
console-history-status = { $who } : { $from } devient { $to }
console-history-created = Demande reçue
console-history-note = Note de { $who }
console-history-sms = SMS de { $who }
console-history-to-call = À rappeler : la personne ne reçoit pas de SMS.
console-history-hidden = Sans accord de la personne, la conversation complète n'est pas affichée.
console-actions = Actions
console-take = Prendre en charge
console-note = Ajouter une note
console-note-label = Note pour l'équipe
console-note-submit = Enregistrer la note
console-status = Changer l'état
console-status-label = Nouvel état
console-status-note = Raison ou remarque
console-status-note-hint = Obligatoire pour annuler ou dire que c'est impossible.
console-helper-name = Qui aide
console-helper-kind = Qui aide est
console-helper-person = une personne
console-helper-organisation = une association
console-helper-when = Quand, en quelques mots
console-helper-hint = Seulement ce que la personne qui aide accepte de partager.
console-status-submit = Changer l'état
console-sms = Écrire un SMS à la personne
console-sms-label = Message
console-sms-count = { $chars } caractères, { $segments } SMS
console-sms-gsm-warning = Certains caractères coûtent plus cher : le message compte plus de SMS.
console-sms-submit = Envoyer le SMS
console-sms-quiet = Entre 21 h et 8 h, le SMS part le matin.
console-cancel = Annuler la demande
console-cancel-label = Raison de l'annulation
console-cancel-submit = Annuler la demande
console-done-taken = Vous suivez cette demande.
console-done-status = L'état est changé.
console-done-told-sms = La personne va recevoir un SMS.
console-done-told-call = Appelez la personne : elle ne reçoit pas de SMS.
console-done-note = La note est enregistrée.
console-done-sms = Le SMS part dès que possible.
console-refused-not-allowed = Ce changement n'est pas possible depuis l'état actuel.
console-refused-reason = Donnez une raison.
console-refused-helper = Dites qui aide.
console-refused-conflict = Quelqu'un a changé cette demande en même temps. Regardez à nouveau.
console-refused-empty = Le texte est vide.
console-refused-long = Le texte est trop long.
console-refused-unreachable = Cette personne ne reçoit pas de SMS.
console-not-found = Cette demande n'existe pas.

# Agir pour une personne
console-acting-for = Vous agissez pour { $who }.
console-mandates = Accord de la personne
console-mandates-none = La personne n'a pas donné d'accord pour qu'on agisse pour elle.
console-mandate-line = { $scopes }, jusqu'au { $until }. Accord donné { $how } à { $mediator }.
console-mandate-state-active = en cours
console-mandate-state-revoked = retiré
console-mandate-state-expired = terminé
console-mandate-state-pending = en attente de réponse
console-mandate-state-unanswered = sans réponse
console-mandate-state-refused = refusé
console-mandate-how-in_person = en personne
console-mandate-how-sms = par SMS
console-mandate-revoke = Retirer cet accord
console-mandate-new = Enregistrer l'accord de la personne, en sa présence
console-mandate-name = Nom de la personne, si elle le donne
console-mandate-scopes = Ce que la personne vous permet
console-scope-conversation = voir toute sa conversation
console-scope-help_requests = faire et suivre ses demandes d'aide
console-scope-signups = l'inscrire à des missions
console-mandate-duration = Pendant
console-duration-1d = 1 jour
console-duration-1m = 1 mois
console-duration-6m = 6 mois
console-duration-1y = 1 an
console-mandate-agreed = La personne est présente. Elle a lu le texte et elle est d'accord.
console-mandate-text-link = Texte de l'accord, à imprimer
console-mandate-submit = Enregistrer l'accord
console-mandate-done = L'accord est enregistré.
console-mandate-revoked = L'accord est retiré.
console-acting-start = Agir pour cette personne
console-acting-title = Agir pour une personne
console-acting-banner = Vous agissez pour { $who } — mandat jusqu'au { $until }.
console-acting-back = Revenir à la demande
console-acting-pending = La personne n'a pas encore répondu. Vous ne pouvez pas agir pour elle.
console-acting-refused = La personne n'a pas donné son accord. Vous ne pouvez pas agir pour elle.
console-acting-revoked = Cet accord a été retiré. Vous ne pouvez plus agir pour cette personne.
console-acting-expired = Cet accord est terminé. Demandez un nouvel accord à la personne.
console-acting-out-of-scope = L'accord de la personne ne vous permet pas cela.
console-acting-not-theirs = Cet accord ne concerne pas cette personne ou votre relais.
console-mandate-no-scope = Cochez au moins une permission.
console-mandate-not-agreed = La personne doit être présente et d'accord.

# Texte de l'accord, à imprimer
console-mandate-text-title = Accord pour être aidé par un médiateur
console-mandate-text-version = Version du texte : { $version }
console-mandate-text =
    Je demande à un médiateur de la mairie de m'aider.
    Il peut agir pour moi, seulement pour ce que je choisis.
    Il peut voir mes messages avec la mairie si je le permets.
    Je choisis la durée : 1 jour, 1 mois, 6 mois, 1 an.
    Je peux retirer mon accord à tout moment.
    Chaque action faite pour moi est enregistrée.
    Le médiateur ne me demande jamais de mot de passe.
console-mandate-text-sign = Date et signature de la personne :
console-mandate-text-print = Imprimer
console-mandate-sms = Demander l'accord par SMS
console-mandate-sms-hint = La personne reçoit un résumé. Seule la réponse OUI vaut accord.
console-mandate-sms-submit = Envoyer la demande d'accord
console-mandate-sms-sent = La demande d'accord part par SMS. La réponse de la personne s'affichera ici.

# Réglages du relais (administrateur)
console-nav-settings = Réglages
console-settings-title = Réglages du relais
console-settings-help-line = Ligne d'aide de l'équipe
console-settings-help-line-hint = L'équipe reçoit les nouvelles demandes sur ce numéro. Les habitants peuvent l'appeler.
console-settings-hours = Heures d'ouverture, une ligne par plage
console-settings-hours-hint = Par exemple : lun-ven 09:00-12:00
console-settings-communes = Communes servies, une par ligne
console-settings-communes-hint = Le nom de la commune ou son code postal. Par exemple : Rumilly, ou 74150.
console-settings-submit = Enregistrer les réglages
console-settings-saved = Les réglages sont enregistrés. Ils comptent dès maintenant.
console-settings-bad-help-line = Ce numéro n'est pas compris : { $value }.
console-settings-bad-hours = Ces heures ne sont pas comprises : { $value }.
console-settings-unknown-commune = Aucune commune ne s'appelle ainsi : { $value }.
console-settings-several-communes = Plusieurs communes correspondent à { $value } : { $choices }. Recopiez la bonne ligne.
console-settings-no-commune = Donnez au moins une commune.
console-settings-retention = Ce que le relais garde, et combien de temps
console-settings-retention-hint = Après ces durées, les mots des habitants sont effacés. Le nombre de demandes reste. INFO donne ces durées aux habitants.
console-settings-conversation-days = Messages et conversations : nombre de jours gardés
console-settings-conversation-days-hint = Case vide : { $days } jours, la durée par défaut.
console-settings-request-days = Demandes finies : nombre de jours gardés après leur fin
console-settings-request-days-hint = Case vide : { $days } jours, la durée par défaut.
console-settings-bad-days = Cette durée n'est pas comprise : { $value }. Donnez un nombre de jours, de 1 à 3650.

# Journal (administrateur)
console-nav-audit = Journal
console-audit-title = Journal des accès et des actions
console-audit-intro = Qui a vu ou fait quoi, pour qui, ces 30 derniers jours. Les 300 dernières lignes.
console-audit-when = Quand
console-audit-who = Qui
console-audit-what = Quoi
console-audit-request = Demande
console-audit-mandate = Accord
console-audit-person = Personne

# Effacer les données d'une personne (administrateur)
console-erase = Données de la personne
console-erase-intro = Un administrateur peut effacer les données de cette personne, si elle le demande.
console-erase-link = Effacer les données de cette personne
console-erase-title = Effacer les données de la personne de la demande { $reference }
console-erase-no-number = Pas de numéro.
console-erase-what-title = Ce qui est effacé
console-erase-what = Ses messages, ses enregistrements et les mots de ses demandes sont effacés partout.
console-erase-kept = Les demandes restent, sans leurs mots, pour les comptes. Le journal garde ce qui a été fait.
console-erase-never = Vous ne pourrez pas revenir en arrière.
console-erase-confirm-legend = Confirmer
console-erase-confirm = Je confirme : la personne demande que ses données soient effacées.
console-erase-submit = Effacer pour toujours
console-erase-back = Ne rien effacer et revenir à la demande
console-erase-unticked = Cochez la case pour confirmer.
console-erase-done = Les données de la personne sont effacées.
console-erase-admin-only = Seul un administrateur du relais peut effacer les données d'une personne.
console-erase-nobody = Il n'y a plus de données à effacer pour cette demande.
console-resident-erased = Les données de cette personne sont effacées.
