F = "12/2016_12_08-001.txt"
s = "France : Jérôme Cahuzac, condamné à trois ans de prison, va faire appel"
E(F, s, "condamné", "COERCE", A(None,"FRA","JUD"), A("Jérôme Cahuzac","FRA","GOV"), "France")
E(F, s, "va faire appel", "REJECT", A("Jérôme Cahuzac","FRA","GOV"), A(None,"FRA","JUD"), None, None, "future")
s = "L’ancien ministre du budget Jérôme Cahuzac a été condamné jeudi 8 décembre à trois ans de prison ferme et cinq ans d’inéligibilité par le tribunal correctionnel de Paris ."
E(F, s, "condamné", "COERCE", A("le tribunal correctionnel de Paris","FRA","JUD"), A("L’ancien ministre du budget Jérôme Cahuzac","FRA","GOV"), "Paris", "jeudi 8 décembre")
s = "Aucune amende n'a été prononcée."
E(F, s, "Aucune amende n'a été prononcée", "COERCE", A(None,"FRA","JUD"), A(None,"FRA","GOV"), None, None, "negated")
s = "Il a été reconnu coupable de fraude fiscale et blanchiment de fraude fiscale pour avoir détourné de l'administration fiscale française un patrimoine estimé à 3,5 millions d'euros."
E(F, s, "reconnu coupable", "ACCUSE", A(None,"FRA","JUD"), A("Il","FRA","GOV"))
s = "Cette dernière a été condamnée à deux ans de prison ferme."
E(F, s, "condamnée", "COERCE", A(None,"FRA","JUD"), A("Cette dernière","FRA","CVL"))
s = "La banque suisse Reyl a, elle, écopé de 1,8 millions d'euros d'amende pour avoir effectué les montages financiers illégaux."
E(F, s, "écopé de 1,8 millions d'euros d'amende", "COERCE", A(None,"FRA","JUD"), A("La banque suisse Reyl","CHE","BUS"))
s = "Enfin, le patron de cette banque, François Reyl, a été condamné à un an de prison avec sursis et 375 000 euros d'amende."
E(F, s, "condamné", "COERCE", A(None,"FRA","JUD"), A("le patron de cette banque, François Reyl","CHE","BUS"))
s = "Les juges ont suivi les réquisitions du parquet financier du 14 septembre 2016."
E(F, s, "réquisitions", "COERCE", A("parquet financier","FRA","JUD"), A(None,"FRA","GOV"), None, "14 septembre 2016")
s = "La procureure Éliane Houlette avait alors notamment parlé du « procès de la trahison » et rappelé que son tribunal prononçait chaque jour des peines de prison ferme avec mandat de dépôt pour des vols aggravés."
E(F, s, "parlé du « procès de la trahison »", "ACCUSE", A("La procureure Éliane Houlette","FRA","JUD"), A(None,"FRA","GOV"))
s = "Le tribunal a établi à ce sujet que les détournements se sont poursuivis lorsqu'il était membre du gouvernement."
E(F, s, "a établi", "ACCUSE", A("Le tribunal","FRA","JUD"), A("il","FRA","GOV"))
s = "C'est à la suite des révélations de Mediapart que la justice a entamé une enquête en 2013."
E(F, s, "révélations", "ACCUSE", A("Mediapart","FRA","MED"), A(None,"FRA","GOV"))
E(F, s, "a entamé une enquête", "ACCUSE", A("la justice","FRA","JUD"), A(None,"FRA","GOV"), None, "2013")
s = "Le tribunal n'ayant pas prononcé de mandat de dépôt , tous les condamnés sont repartis libres."
E(F, s, "mandat de dépôt", "COERCE", A("Le tribunal","FRA","JUD"), A("tous les condamnés",None,"CVL"), None, None, "negated")
s = "Les deux avocats de Jérôme Cahuzac ont annoncé sa volonté de faire appel, afin notamment de demander des aménagements de peines permettant d'éviter la prison pour leur client."
E(F, s, "faire appel", "REJECT", A("Jérôme Cahuzac","FRA","GOV"), A(None,"FRA","JUD"), None, None, "future")
E(F, s, "demander des aménagements de peines", "REQUEST", A("Les deux avocats de Jérôme Cahuzac","FRA","CVL"), A(None,"FRA","JUD"), None, None, "future")
F = "12/2016_12_22-001.txt"
s = "France : Manuel Valls enfariné à Strasbourg"
E(F, s, "enfariné", "ASSAULT", A(None,"FRA","CVL"), A("Manuel Valls","FRA","POL"), "Strasbourg")
s = "Manuel Valls a été enfariné ce jeudi 22 décembre à Strasbourg par un militant opposé à la loi travail qui a crié « 49.3, on n'oublie pas, on ne pardonne pas »."
E(F, s, "enfariné", "ASSAULT", A("un militant opposé à la loi travail","FRA","CVL"), A("Manuel Valls","FRA","POL"), "Strasbourg", "ce jeudi 22 décembre")
E(F, s, "a crié", "PROTEST", A("un militant opposé à la loi travail","FRA","CVL"), A("Manuel Valls","FRA","POL"), "Strasbourg", "ce jeudi 22 décembre")
s = "Il a été immédiatement arrêté par les forces de police."
E(F, s, "arrêté", "COERCE", A("les forces de police","FRA","COP"), A("Il","FRA","CVL"))
s = "Ce revirement a été particulièrement critiqué alors que Valls a utilisé six fois cette procédure quand il était Premier ministre, poste qu'il a quitté au début du mois pour se présenter à la présidentielle."
E(F, s, "critiqué", "ACCUSE", None, A("Valls","FRA","POL"))
E(F, s, "a quitté", "RETREAT", A("il","FRA","GOV"), None, None, "au début du mois")
s = "Manuel Valls a néanmoins relativisé, y voyant un bon signe en vue des échéances électorales à venir, faisant référence à l'enfarinage de François Hollande en 2012, peu avant son élection."
E(F, s, "l'enfarinage", "ASSAULT", A(None,"FRA","CVL"), A("François Hollande","FRA","POL"), None, "2012")
F = "08/2016_08_03-001.txt"
s = "Paris : l'église Sainte-Rita évacuée par la police"
E(F, s, "évacuée", "COERCE", A("la police","FRA","COP"), A(None,"FRA","CVL"), "l'église Sainte-Rita")
s = "L’ église Sainte-Rita (15 e arrondissement de Paris ) a été évacuée ce matin par la police."
E(F, s, "évacuée", "COERCE", A("la police","FRA","COP"), A(None,"FRA","CVL"), "L’ église Sainte-Rita", "ce matin")
s = "Des militants l’occupaient pour empêcher sa destruction."
E(F, s, "occupaient", "PROTEST", A("Des militants","FRA","CVL"), None)
s = "Les forces de l’ordre sont intervenus pendant la messe, alors que des fidèles et des élus locaux s’y étaient rassemblés pour s’opposer à sa démolition."
E(F, s, "sont intervenus", "COERCE", A("Les forces de l’ordre","FRA","COP"), A(None,"FRA","CVL"), None, "pendant la messe")
E(F, s, "rassemblés", "PROTEST", A("des fidèles","FRA","CVL"), None, None, "pendant la messe")
E(F, s, "rassemblés", "PROTEST", A("des élus locaux","FRA","POL"), None, None, "pendant la messe")
s = "L’image du prêtre traîné à terre par la police a été reprise par de nombreux médias."
E(F, s, "traîné à terre", "ASSAULT", A("la police","FRA","COP"), A("prêtre","FRA","CVL"))
s = "L’affaire intervient une semaine après l’ égorgement d’un prêtre à Saint-Étienne-du-Rouvray , en Normandie."
E(F, s, "égorgement", "ASSAULT", A(None,None,"REB"), A("un prêtre","FRA","CVL"), "Saint-Étienne-du-Rouvray")
s = "À l’extérieur, d’autres élus comme Philippe Goujon , député-maire Les Républicains du 15 e arrondissement de Paris , et Frédéric Lefebvre , député LR, tentaient de faire barrage."
E(F, s, "tentaient de faire barrage", "PROTEST", A("Philippe Goujon","FRA","POL"), A(None,"FRA","COP"), "À l’extérieur")
E(F, s, "tentaient de faire barrage", "PROTEST", A("Frédéric Lefebvre","FRA","POL"), A(None,"FRA","COP"), "À l’extérieur")
s = "Ce dernier en appelle au Pape François « pour sauvegarder ce lieu de culte » [1] ."
E(F, s, "en appelle", "REQUEST", A("Ce dernier","FRA","POL"), A("Pape François","VAT","GOV"))
s = "Le propriétaire, une association de rite gallican , souhaitait la vendre et avait confié l’affaire à la société Garibaldi, laquelle avait obtenu l’évacuation des lieux le 6 janvier dernier, par ordonnance du tribunal de Paris."
E(F, s, "ordonnance", "COERCE", A("tribunal de Paris","FRA","JUD"), A(None,"FRA","CVL"), None, "le 6 janvier dernier")
