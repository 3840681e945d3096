# Texts of the conversation flows (flows/*.toml).

menu-ask = What do you want to do? Answer with a number.
    .voice = What do you want to do?
    .hint = Write a number, for example 1, or a word like help.
menu-help = Ask for help
    .synonyms = help, need help, I need help, request, aide
menu-volunteer = Become a volunteer
    .synonyms = volunteer, volunteering, mission, missions, help someone, help others
menu-follow = Follow my request
    .synonyms = follow, track, my request
menu-language = Change language
    .synonyms = language, langue

language-ask = Which language?
    .hint = Write a number, for example 2 for English.
language-fr = Français
    .synonyms = french, francais
    .voice = French
language-en = English
    .synonyms = english, anglais
language-ar = العربية
    .synonyms = arabic, arabe
    .voice = Arabic

help-category = What do you need help with?
    .hint = Write a number, or a word like shopping or doctor.
cat-courses = Shopping
    .synonyms = shopping, groceries, supermarket, shop, shops, store, pharmacy, chemist
cat-transport = Take me somewhere
    .synonyms = transport, car, lift, ride, drive, appointment, doctor
cat-petits_travaux = Small jobs at home
    .synonyms = small jobs, odd jobs, repair, repairs, fix, DIY, light bulb, bulb
cat-jardin = Garden
    .synonyms = gardening, mow, mowing, lawn, grass, hedge
cat-visite = A visit, a little chat
    .synonyms = visit, talk, chat, company, lonely, alone
cat-papiers = Help with paperwork
    .synonyms = paperwork, papers, letters, mail, post, file, taxes, form, forms
cat-emprunter = Borrow something
    .synonyms = borrow, lend, loan, tool, object
cat-numerique = Help with phone or computer
    .synonyms = phone, computer, internet, tablet, mobile, email
cat-repas = A meal
    .synonyms = meal, food, eat, cooking
cat-autre = Something else
    .synonyms = other, else, anything else

help-commune = Which town? Write the postcode or the name.
    .voice = Which town? Key in the 5-digit postcode, or say the name.
help-commune-known =
    Is it for { $known }?
    Answer YES, or write another postcode.
    .voice = Is it for { $known }? Press 1 for yes. Otherwise, key in another postcode.
help-when = When?
    .hint = Write a number, or a day like tomorrow or Thursday.
when-aujourd_hui = Today
    .synonyms = today, now, right now, quickly, urgent
when-cette_semaine = This week
    .synonyms = week, soon
when-pas_presse = No hurry
    .synonyms = not urgent, later, any time, whenever
help-details =
    Tell us in a few words what needs doing.
    Or answer NO to skip.
    .voice = After the beep, say in a few words what needs doing. Then press the hash key. To skip, say nothing.
help-summary =
    Your request:
    { $category }
    { $commune }
    { $when }
    { $details }
    Is everything right?
help-change = What do you want to change?
    .hint = Write a number, for example 2 for the town.
change-category = The type of help
    .synonyms = type, help
change-commune = The town
    .synonyms = town, city, village, commune
change-when = The time
    .synonyms = time, when, date, day
change-details = The added words
    .synonyms = words, details
change-cancel = Send nothing
    .synonyms = nothing, do not send, don't send, cancel request
help-cancelled = OK, your request is not sent.
help-done =
    Your request is sent.
    Your code: { $reference }.
    Keep this code.
    A person will answer you soon.
    To follow your request, write FOLLOW { $reference }.
    .voice =
        Your request is sent.
        Your code is: { $reference }.
        I repeat: { $reference }.
        If you have a mobile phone, you will also get it by text message.

missions-commune = Which town do you live in? Write the postcode or the name.
    .voice = Which town do you live in? Key in the 5-digit postcode, or say the name.
missions-commune-known =
    Missions near { $known }?
    Answer YES, or write another postcode.
    .voice = Missions near { $known }? Press 1 for yes. Otherwise, key in another postcode.
missions-none =
    There is no mission near you at the moment.
    Try again in a few days.
missions-pick =
    { $missions_count ->
        [one] 1 mission near you. Does it interest you?
       *[other] { $missions_count } missions near you. Which one interests you?
    }
    .hint = Write the number of the mission, or MORE to see others.
mission-line = { $title }, { $commune }, { $date }
mission-details =
    { $mission_title }
    With: { $mission_organization }
    { $mission_commune }, { $mission_date }
    { $mission_summary }
    Do you want to sign up?
mission-signed =
    Done, you are signed up.
    { $organization } will get your number.
    You will get a text message with the details.
    We will send you a reminder the day before.
mission-signed-no-reminder =
    Done, you are signed up.
    { $organization } will get your number.
    You will get a text message with the details.
mission-signed-no-sms =
    Done, you are signed up.
    We are letting { $organization } know.
    Please note the date: { $mission_date }.
mission-already = You are already signed up for this mission.
mission-full = This mission is full. Please choose another one.
missions-manage =
    You are already signed up for a mission.
    What do you want to do?
    .hint = Write 1 to look for a mission, or 2 to cancel.
missions-search = Look for a mission
    .synonyms = look, search, another mission, new mission, see the missions
missions-cancel = Cancel a sign-up
    .synonyms = withdraw, unregister, cancel a sign-up, cancel my sign-up

signups-none =
    You have no sign-up in progress.
    To cancel a help request, write FOLLOW.
signups-confirm =
    Do you want to cancel your sign-up?
    { $signup_title }, { $signup_date }.
signups-pick = Your sign-ups. Which one do you want to cancel?
    .hint = Write the number of the sign-up to cancel.
signup-line = { $title }, { $date }
signups-kept = All right, you stay signed up.
signups-cancelled =
    Done, your sign-up is cancelled.
    We are letting { $organization } know.
signups-cannot-cancel = This sign-up can no longer be cancelled.

follow-pick = Your requests. Which one do you want to follow?
    .hint = Write the number of the request, for example 1.
request-line = { $reference }: { $category }, { $status }
follow-status =
    Request { $request_reference }: { $request_category }.
    { $request_status_long }
    .hint = Write 1 to cancel, or 2 for the menu.
follow-cancel = Cancel the request
    .synonyms = cancel request, cancel it, delete, remove
follow-menu = Back to the menu
    .synonyms = back, menu
follow-not-found =
    We cannot find a request with this code for this number.
    Check the code, or { help-contact }.
follow-too-many =
    Too many tries with wrong codes.
    Try again in 1 hour, or { help-contact }.
follow-cancel-confirm = Do you really want to cancel this request?
follow-cancelled = Your request is cancelled.
follow-cannot-cancel = This request can no longer be cancelled.

state-open = open
state-matched = a person will help you
state-done = finished
state-cancelled = cancelled
state-taken = someone is on it
state-impossible = not possible
mission-date-flexible = date to be chosen

status-open = We are looking for someone to help you.
status-matched = A person has agreed to help you.
status-done = This request is finished.
status-cancelled = This request is cancelled.
status-taken = Someone at the town hall is handling your request.
status-impossible = Nobody could help. You can make a new request.
follow-ask-code =
    We cannot find a request made with this number.
    If you have a 6-digit code, write it.
    Otherwise, write MENU.
    .voice = We cannot find a request made with this number. If you have a 6-digit code, key it in.
help-phone =
    To get your code by text message, type your mobile number.
    Otherwise, touch Skip.
missions-phone =
    To sign up, type your phone number.
    The association will call you.
