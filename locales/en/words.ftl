# Words people write or say, to understand their answers.
# These texts are never shown: comma-separated lists,
# accents and capitals do not matter (the comparison ignores them).
# Matching tries the person's language first, then French.

words-yes = yes, y, yeah, yea, yep, yup, ok, okay, sure, of course, right, that is right, that's right, correct, that is correct, exactly, fine, alright, all right, agreed, I agree, confirm, I confirm, yes please, perfect
words-no = no, n, nope, nah, not at all, no thanks, no thank you, wrong, not right, not correct, that is wrong, that's wrong
words-filler = hello, hi, hey, good morning, good afternoon, good evening, please, thanks, thank you, thank you very much, many thanks, I would like, I'd like, I want, I choose, my choice, choice, number, option, answer, the, madam, sir, dear, regards, kind regards, best wishes, have a nice day
words-skip = nothing, skip, no details, none, nothing to add, nothing else, without, pass
words-more = more, next, see more, show more, others, the rest, continue, suite
words-emergency = emergency, I fell, I have fallen, I've fallen, she has fallen, he has fallen, fell down, can't get up, cannot get up, can not get up, ambulance, heart attack, stroke, chest pain, I am bleeding, bleeding, I cannot breathe, I can't breathe, choking, I am choking, call an ambulance, call 15, call 112, unconscious, collapsed, there is a fire, house on fire
words-emergency-not = not urgent, not an emergency, no emergency, no rush, in case of emergency, emergency contact, emergency number, not an emergency service, fire brigade volunteers
words-emergency-past = last week, last month, last year, last winter, yesterday, days ago, weeks ago, months ago, years ago, a while ago, I'm fine now, I am fine now, I'm ok now, I am ok now, I'm better now, feeling better, all good now, since my fall, after my fall
words-emergency-now = can't get up, cannot get up, can not get up, still on the floor, help me, call an ambulance, right now, quickly, I am bleeding, I can't breathe, I cannot breathe
words-menu = menu, main menu, start again, restart
words-info = info, infos, information
words-back = back, go back, previous
words-human = human, person, a person, a real person, someone, talk to someone, speak to someone, adviser, advisor, 0, call me, call me back
words-stop = stop, stop sms, stop texts, stopall, unsubscribe, cancel, end, quit, revoke, optout, arret, arrêt
words-start = start, unstop, reprendre
words-follow = follow, track, suivi
words-cancel = withdraw, unregister, annuler
words-language = english, anglais, inglizi
words-number-1 = one, first, 1st
words-number-2 = two, second, 2nd
words-number-3 = three, third, 3rd
words-number-4 = four, fourth, 4th
words-number-5 = five, fifth, 5th
words-number-6 = six, sixth, 6th
words-number-7 = seven, seventh, 7th
words-number-8 = eight, eighth, 8th
words-number-9 = nine, ninth, 9th
words-number-10 = ten, tenth, 10th
