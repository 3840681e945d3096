# Mots que les habitants écrivent ou disent, pour comprendre leurs réponses.
# Ce ne sont pas des textes affichés : listes séparées par des virgules,
# sans accent ni majuscule nécessaires (la comparaison les ignore).

words-yes = oui, ouais, ouai, o, ok, okay, d'accord, dac, bien sûr, exact, exactement, c'est ça, c'est juste, tout est juste, juste, volontiers, oui merci, yes, voilà, parfait, je confirme, confirme, confirmer, valider
words-no = non, n, nan, pas du tout, non merci, faux, ce n'est pas ça, pas ça, no
words-filler = bonjour, bonsoir, salut, coucou, allo, merci, merci beaucoup, svp, stp, s'il vous plaît, s'il vous plait, s'il te plaît, je voudrais, je veux, j'aimerais, je choisis, choix, le, la, les, réponse, madame, monsieur, cordialement, bonne journée
words-skip = rien, passer, pas de précision, aucun, aucune, non rien, rien à ajouter, sans
words-more = suite, suivant, suivante, plus, encore, autres, autre choix, voir plus, la suite
words-emergency = urgence, urgences, au secours, à l'aide, aidez-moi vite, je suis tombé, je suis tombée, suis tombé, suis tombée, elle est tombée, il est tombé, est tombée par terre, est tombé par terre, tombé par terre, tombée par terre, je n'arrive pas à me relever, je ne peux pas me relever, peux pas me relever, arrive pas à me relever, malaise, un malaise, samu, pompier, pompiers, appelez le 15, appeler le 15, appelez le 112, crise cardiaque, avc, je saigne, saigne beaucoup, étouffe, je m'étouffe, j'étouffe, mal à la poitrine, douleur dans la poitrine, perdu connaissance, inconscient, inconsciente, ne respire plus, respire mal, au feu, il y a le feu
words-emergency-not = pas urgent, pas urgente, pas très urgent, pas d'urgence, pas une urgence, pas en urgence, rien d'urgent, sans urgence, non urgent, en cas d'urgence, numéro d'urgence, service d'urgence, ligne d'urgence, secours populaire, secours catholique, à l'aide sociale, à l'aide à domicile, à l'aide de
words-emergency-past = la semaine dernière, la semaine passée, le mois dernier, le mois passé, l'année dernière, l'an dernier, l'an passé, l'hiver dernier, il y a longtemps, il y a quelques jours, avant-hier, hier, maintenant ça va, ça va maintenant, ça va mieux, je vais mieux, je vais bien, plus de peur que de mal, rien de grave, c'est passé, depuis ma chute, depuis mon malaise, après ma chute, après mon malaise
words-emergency-now = je n'arrive pas à me relever, je ne peux pas me relever, peux pas me relever, arrive pas à me relever, toujours par terre, encore par terre, au secours, appelez le 15, appelez les pompiers, vite, tout de suite, j'ai très mal, je saigne, je m'étouffe, j'étouffe, aidez-moi
words-menu = menu, accueil, début, recommencer
words-info = info, infos, information, informations
words-back = retour, revenir, précédent, en arrière
words-human = humain, personne, une personne, quelqu'un, parler à quelqu'un, conseiller, 0, appelez-moi, rappelez-moi
words-stop = stop, stop sms, arret, arrêt, arreter, arrêter, désabonner, desabonner, stopall, unsubscribe, cancel, end, quit, revoke, optout
words-start = start, reprendre, unstop, yes
words-follow = suivi, suivre
words-cancel = annuler, annule, annulation, désinscrire, desinscrire
words-language = français, francais, french, langue française
words-number-1 = un, une, premier, première, 1er, 1ere, 1re
words-number-2 = deux, deuxième, second, seconde, 2e, 2eme
words-number-3 = trois, troisième, 3e, 3eme
words-number-4 = quatre, quatrième, 4e, 4eme
words-number-5 = cinq, cinquième, 5e, 5eme
words-number-6 = six, sixième, 6e
words-number-7 = sept, septième, 7e
words-number-8 = huit, huitième, 8e
words-number-9 = neuf, neuvième, 9e
words-number-10 = dix, dixième, 10e
