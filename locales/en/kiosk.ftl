# Texts of the touch kiosk at the town hall (kiosk-ui/templates).
# "screen-…" messages replace, on screen, the message of the same name without "screen-":
# at the kiosk people touch a button instead of writing a word.

## Page title, buttons on every screen.
kiosk-page-title = { $relais }
kiosk-back = Back
kiosk-restart = Start again
kiosk-help = Need help?
kiosk-help-more = Talk to someone
kiosk-end = Finish / Delete my information
kiosk-listen = Listen
kiosk-stop-voice = Stop the voice
kiosk-big-text = Bigger text
kiosk-normal-text = Normal text
kiosk-tools = Settings
kiosk-navigation = Navigation
kiosk-progress = Step { $step } of { $total }

## First screen: choose a language. Each language says it in its own words.
kiosk-start-ask = Hello. Touch your language.

## Home.
kiosk-not-emergency =
    This is not an emergency service.
    In an emergency, call 15 or 112.
    If you cannot speak, send a text message to 114.

## Answering.
kiosk-send = OK
kiosk-skip = Skip
kiosk-more = See more
kiosk-menu = Back to the menu
kiosk-erase = Delete the last digit
kiosk-keypad = Keypad
kiosk-postal-label = Postcode, 5 digits
kiosk-code-label = Ticket code, 6 digits
kiosk-phone-label = Phone number, 10 digits
kiosk-text-label = Your words
kiosk-commune-yes = Yes, { $known }
kiosk-yes-help-summary = Confirm
kiosk-no-help-summary = Change
kiosk-yes-missions-details = Sign me up
kiosk-no-missions-details = See the other missions
kiosk-card-where = Where: { $commune }
kiosk-card-when = When: { $date }
kiosk-card-with = With: { $organization }

## After sending: the code and the ticket to print.
kiosk-your-code = Your code:
kiosk-keep-code =
    Keep this code.
    With this code, you can follow your request on this kiosk.
kiosk-print = Print my ticket
kiosk-ticket-title = Your request for help
kiosk-ticket-date = Request made on { $date }.
kiosk-ticket-asked = What you asked for:
kiosk-ticket-next =
    Someone will answer you soon.
    To follow your request, type this code on the town hall kiosk.
kiosk-ticket-help = To talk to someone, { help-contact }.

## Inactivity: a warning before everything is deleted.
kiosk-idle-title = Are you still there?
kiosk-idle-countdown = Everything will be deleted in { $seconds } seconds.
kiosk-idle-continue = Continue

## Need help.
kiosk-help-title = Need help?
kiosk-help-text =
    Someone at the front desk can help you.
    Ask them to come to the kiosk.
    To talk to someone, { help-contact }.
kiosk-help-return = Back to my question

## A page that is no longer valid (after deleting, or after a long wait).
kiosk-expired-title = This page is no longer valid.
kiosk-expired-text =
    For your safety, everything was deleted.
    Touch the button to start.
kiosk-start = Start
kiosk-busy-title = Too many people are starting at the same time here.
kiosk-busy-text =
    Wait 1 minute.
    Then touch the button to start.

## Enrolling the kiosk (for town hall staff).
kiosk-enrol-title = Enrol this kiosk
kiosk-enrol-text = Type the code given by the command passerelle kiosk enrol.
kiosk-enrol-label = Enrolment code
kiosk-enrol-button = Enrol
kiosk-enrol-done = This kiosk is enrolled for { $relais }, town of { $commune }.
kiosk-enrol-failed =
    This code does not work.
    It may be already used, or too old.
kiosk-enrol-busy = Too many tries. Try again in 10 minutes.
kiosk-enrol-current = Current kiosk: { $relais }, town of { $commune }.
kiosk-enrol-none = This kiosk is not enrolled yet.


## End: ask before erasing everything (not after inactivity).
kiosk-end-ask = Erase everything?
kiosk-end-text =
    Your answers will be erased from this kiosk.
    A request already sent stays sent.
kiosk-end-yes = Yes, erase everything
kiosk-end-no = No, go on

## On-screen keyboard, to write a few words.
kiosk-keyboard = Keyboard
kiosk-key-space = Space
kiosk-key-erase = Erase
kiosk-key-erase-long = Erase the last letter
kiosk-key-shift = Capital letter
kiosk-key-layout = Other letters
kiosk-speak = Speak instead of typing
kiosk-speak-stop = I am listening. Touch to stop.
kiosk-speak-failed =
    Speaking does not work on this kiosk.
    Please use the keyboard.

## A request without a phone number: what will really happen.
kiosk-help-done-no-phone =
    Your request is sent.
    You gave no phone number: nobody can call you.
    Come back to the town hall with your code to know what happens next.
    To be called back, give your number at the town hall's front desk.
kiosk-ticket-next-no-phone =
    You gave no phone number.
    Come back to the town hall with this code to know what happens next.
    To be called back, give your number at the town hall's front desk.

## Someone else's code typed at the kiosk: its status only.
## Cancelling stays with the phone that made the request.
follow-status-read-only =
    Request { $request_reference }: { $request_category }.
    { $request_status_long }
    To cancel this request, { help-contact }.

## Conversation texts, said differently on screen.
screen-menu-ask = What would you like to do?
# On a kiosk card the pictogram says "help": a shorter label.
screen-cat-numerique = Phone or computer
screen-help-commune =
    In which town?
    Type the postcode.
screen-help-commune-known =
    Is it for { $known }?
    Touch Yes, or type another postcode.
screen-missions-commune =
    In which town do you live?
    Type the postcode.
screen-missions-commune-known =
    Missions near { $known }?
    Touch Yes, or type another postcode.
screen-help-details =
    Would you like to add a few words?
    You can also skip.
screen-help-done =
    Your request has been sent.
    Someone will answer you soon.
screen-follow-ask-code = Type the 6-digit code on your ticket.
screen-follow-not-found =
    We cannot find a request with this code.
    Check the code, or { help-contact }.
screen-not-understood-yes-no = I did not understand. Touch Yes or No.
screen-commune-unknown =
    I cannot find this town.
    Check the postcode, for example 74150.
screen-mission-signed =
    Done, you are signed up.
    { $organization } will call you on the number you gave.
    For any question, { help-contact }.
screen-callback-offer =
    I cannot understand you.
    Would you like help from someone at the front desk?
screen-callback-promised =
    Someone at the front desk will help you.
    Otherwise, { help-contact }.
screen-sms-empty = You did not type anything. Try again.
screen-phone-not-understood =
    This number does not look right.
    It has 10 digits, for example 06 12 34 56 78.
