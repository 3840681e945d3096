# Messages sent to the relay team (its help line).

notify-help-request =
    New request { $reference }: { $category }.
    Town: { $commune }.
    For when: { $when }.
notify-signup =
    New sign-up for the mission: { $title }.
    With: { $organization }.
notify-callback =
    A person asks to be called back.
    Number: { $phone }.
notify-loop-guard =
    This number sends automatic messages: { $phone }.
    Passerelle stops answering it for 10 minutes.
