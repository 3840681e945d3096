# Phone menu texts. Other texts sometimes have a ".voice" variant for the ear.

voice-intro =
    Hello, this is { $relais }.
    This is not an emergency line.
    In an emergency, hang up and call 15 or 112.
voice-choices-count =
    { $count ->
        [one] There is 1 choice.
       *[other] There are { $count } choices.
    }
voice-choice = { $label }: press { $key }.
voice-choice-one = { $label }: press { $key }.
voice-more = For other choices, press { $key }.
voice-keys-repeat = To hear this again, press star.
voice-keys-person = To speak to a person, press 0.
voice-connecting = I am putting you through to a person. Please stay on the line.
voice-leave-message =
    Nobody can answer right now.
    After the beep, say your name and what you need.
    Then press the hash key.
voice-message-thanks =
    Thank you, your message is recorded.
    { $relais } will call you back.
voice-no-message =
    We did not hear a message.
    If your number is not hidden, { $relais } will call you back.
voice-goodbye = Goodbye, and have a nice day.
