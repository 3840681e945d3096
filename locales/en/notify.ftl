# Messages sent to the relay team (its help line).

notify-help-request =
    New request { $reference }: { $category }.
    Town: { $commune }.
    For when: { $when }.
    Number: { $phone }.
notify-no-phone = none, made at the kiosk
notify-signup =
    New sign-up for the mission: { $title }, { $date }.
    With: { $organization }.
    Volunteer: { $phone }.
    The association left no contact: please tell them.
notify-signup-cancelled =
    Sign-up cancelled: { $title }, { $date }.
    With: { $organization }.
    Volunteer: { $phone }.
    Please tell the association.
notify-callback =
    A person asks to be called back.
    Number: { $phone }.
    { $context }
notify-context = Where they were: { $doing }.
notify-context-known = Where they were: { $doing }. Already said: { $known }.
notify-loop-guard =
    This number sends automatic messages: { $phone }.
    Passerelle stops answering it for 10 minutes.

# Messages sent to the association offering a mission.
signup-unknown-phone = unknown number
signup-org-sms =
    New sign-up through { $relais }: { $title }, { $date }.
    Volunteer: { $phone }.
    Please call them to get organised.
signup-org-cancelled-sms =
    Sign-up cancelled by the volunteer: { $title }, { $date }.
    Volunteer: { $phone }.
signup-org-email-subject = New sign-up: { $title }
signup-org-email =
    Hello,
    Someone signed up for your mission through { $relais }.
    Mission: { $title }, { $when }.
    Volunteer: { $phone }.
    Please call them to get organised.
signup-org-email-answer = To accept or refuse this sign-up, tell { $relais }.
signup-org-email-answer-line = Phone of { $relais }: { $help_line }.
signup-org-email-sms-note = The volunteer will get your answer by text message.
signup-org-cancelled-email-subject = Sign-up cancelled: { $title }
signup-org-cancelled-email =
    Hello,
    The volunteer cancelled their sign-up for your mission.
    Mission: { $title }, { $when }.
    Volunteer: { $phone }.
