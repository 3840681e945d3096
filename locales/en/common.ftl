# Texts shared by every channel. English version of the French reference (locales/fr).
# Plain English: short sentences, one sentence per line, digits for numbers.
# For SMS, plain ASCII only: no curly quotes, no long dashes. They make an SMS cost 2 times more.

welcome =
    Hello, this is { $relais }.
    Not an emergency service: 15 or 112.
    STOP: no more texts, INFO: your data.
    .voice = Welcome.
welcome-back = Hello, we start again from the beginning.
welcome-back-doing =
    Hello, last time you wanted to { $doing }.
    We start again from the beginning.
emergency =
    We are not an emergency service.
    Call 15 (ambulance) or 112.
    If you cannot speak, send a text message to 114.
info =
    { $relais } keeps your messages for { kept-conversations }.
    A request is kept for { kept-requests } after it ends.
    To delete everything, { help-contact }.
kept-conversations = { $conversation_days ->
        [365] 1 year
        [730] 2 years
        [one] { $conversation_days } day
       *[other] { $conversation_days } days
    }
kept-requests = { $request_days ->
        [365] 1 year
        [730] 2 years
        [one] { $request_days } day
       *[other] { $request_days } days
    }
not-understood = Sorry, I did not understand.
not-understood-yes-no = I did not understand. Answer 1 for yes, 2 for no.
    .voice = I did not understand.
commune-unknown = I cannot find this town. Try the postcode, for example 74150.
    .voice = I cannot find this town. Key in the 5-digit postcode.
commune-which = { $count } towns have this postcode. Which one?
commune-which-name = { $count } towns have this name. Which one?
commune-line = { $commune } ({ $department })
code-not-understood = The code has 6 digits, for example 482 915.
    .voice = The code has 6 digits. Key it in slowly.
list-no-more = There are no more.
callback-offer =
    I cannot understand you.
    Do you want a person to call you back?
callback-promised = { $relais } will call you back.
question-noted = Good question. { $relais } will call you back to answer it.
help-contact = { $help_line ->
        [none] ask your town hall
       *[other] call { $help_line }
    }
callback-declined = OK. Let us try again.
language-changed = OK, we continue in English.
answer-yes = Yes
answer-no = No
text-skipped = No details
error = Sorry, something went wrong. We start again from the beginning.

## What the person was doing (after "you wanted to").
doing-menu = choose from the menu
doing-help = ask for help
doing-missions = become a volunteer
doing-follow = follow a request
doing-signups = cancel a sign-up
doing-language = change the language

## Days and months, to write dates in full.
day-1 = Monday
day-2 = Tuesday
day-3 = Wednesday
day-4 = Thursday
day-5 = Friday
day-6 = Saturday
day-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date = { $day } { $number } { $month }
date-at = { $date } at { $minute ->
        [none] { $hour }:00
       *[other] { $hour }:{ $minute }
    }
not-heard = I did not hear anything.
phone-not-understood = This number does not look right. It has 10 digits, for example 06 12 34 56 78.
commune-confirm =
    { $commune }, { $postal_code }.
    Is that right?
voice-message = Voice message
