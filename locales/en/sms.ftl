# Texts for SMS only.

sms-more = To see more, write MORE.
sms-stopped =
    Done: you will no longer get text messages from { $relais }.
    To start again, write START.
sms-restarted = Hello, you will get our text messages again.
sms-empty = Your message is empty. Write MENU to see the choices.
sms-media-only = We cannot read photos. Write your answer with words or a number.
sms-too-long = Your message is very long. We read the beginning.
sms-failure = Sorry, a technical problem happened. Try again in a few minutes.
sms-slow-down = You are sending many messages. Wait 1 minute, then write again.
sms-reference =
    Your request code: { $reference }.
    Keep this message.
    To follow your request, write FOLLOW { $reference }.
sms-callback-recorded =
    We received your voice message.
    { $relais } will call you back.

sms-callback-no-message =
    You called { $relais }.
    Someone will call you back.
# To the volunteer, about their sign-up (sent through the outbox, never at night).
signup-confirmation =
    Your sign-up is noted: { $title }.
    When: { $when }.
    Where: { $place }.
    With: { $organization }.
    To cancel, reply WITHDRAW.
signup-reminder =
    Reminder: tomorrow, { $title }.
    When: { $when }.
    Where: { $place }.
    If you cannot come, reply WITHDRAW.
signup-validated =
    Good news: { $organization } accepts your sign-up.
    Mission: { $title }, { $when }.
    To cancel, reply WITHDRAW.
signup-refused =
    { $organization } cannot take you for: { $title }.
    Thank you for your help.
    To see other missions, write MENU.
signup-cancelled-by-org =
    { $organization } cancelled your sign-up: { $title }.
    To see other missions, write MENU.
signup-when = { $date } at { $time }
time-of-day = { $hour }:{ $minute }

# Messages sent to the person who made a request, as it moves on.
request-matched =
    { $relais }: someone will help you with your request { $reference }.
    Who: { $helper }.
request-matched-when =
    { $relais }: someone will help you with your request { $reference }.
    Who: { $helper }.
    When: { $when }.
request-done = { $relais }: your request { $reference } is finished. Thank you.
request-impossible =
    { $relais }: nobody could help with your request { $reference }.
    { $reason }
    To talk about it, { help-contact }.

# Consent for a mediator to act for the person, asked by SMS.
mandate-sms-recap =
    { $relais }: { $mediator } asks for your consent to act for you.
    For: { $scopes }.
    For { $duration }.
    Reply OUI to accept.
    Any other answer means no.
mandate-sms-accepted = Thank you. Your consent is recorded. You can withdraw it at any time.
mandate-sms-refused = All right. Nobody will act for you.
mandate-scope-conversation = see your messages
mandate-scope-help_requests = make your help requests
mandate-scope-signups = sign you up for missions
mandate-duration-1d = 1 day
mandate-duration-1m = 1 month
mandate-duration-6m = 6 months
mandate-duration-1y = 1 year
