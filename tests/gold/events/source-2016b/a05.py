F = "12/2016_12_09-001.txt"
s = "La présidente sud-coréenne destituée par le Parlement"
E(F, s, "destituée", "COERCE", A("le Parlement","KOR","GOV"), A("La présidente sud-coréenne","KOR","GOV"))
s = "La présidente Park Geun-hye a été suspendue de ses fonctions par le Parlement sud-coréen à la suite d'une majorité écrasante de 234 voix contre 56."
E(F, s, "suspendue de ses fonctions", "COERCE", A("le Parlement sud-coréen","KOR","GOV"), A("La présidente Park Geun-hye","KOR","GOV"))
s = "Depuis six semaines, des manifestations monstres ont lieu tous les samedis à Séoul contre la chef de l’État, accusée de corruption et d'abus de pouvoir."
E(F, s, "manifestations monstres", "PROTEST", A(None,"KOR","CVL"), A("la chef de l’État","KOR","GOV"), "Séoul", "Depuis six semaines")
E(F, s, "accusée", "ACCUSE", None, A("la chef de l’État","KOR","GOV"), None, None, "reported")
s = "Manifestants dans le centre-ville de Séoul exigeant la démission de Park Geun-hye (29 octobre)."
E(F, s, "exigeant la démission", "PROTEST", A("Manifestants","KOR","CVL"), A("Park Geun-hye","KOR","GOV"), "le centre-ville de Séoul", "29 octobre")
F = "11/2016_11_11-002.txt"
s = "États-Unis : une manifestation anti-Trump tourne à l'émeute"
E(F, s, "émeute", "PROTEST", A(None,"USA","CVL"), A("Trump","USA","POL"), "États-Unis")
s = "Depuis trois jours, des milliers de personnes se réunissent dans plusieurs villes américaines pour protester contre la victoire inattendue de Donald Trump à l'élection présidentielle."
E(F, s, "protester", "PROTEST", A("des milliers de personnes","USA","CVL"), A("Donald Trump","USA","POL"), "plusieurs villes américaines", "Depuis trois jours")
s = "À Portland , dans l' Oregon , une manifestation a dégénéré en émeute."
E(F, s, "a dégénéré en émeute", "PROTEST", A(None,"USA","CVL"), None, "Portland")
s = "Selon les autorités, des individus ont brisé des vitrines, endommagé des voitures et jeté des projectiles sur les policiers."
E(F, s, "brisé des vitrines", "ASSAULT", A("des individus","USA","CVL"), None, None, None, "reported")
E(F, s, "endommagé des voitures", "ASSAULT", A("des individus","USA","CVL"), None, None, None, "reported")
E(F, s, "jeté des projectiles", "ASSAULT", A("des individus","USA","CVL"), A("les policiers","USA","COP"), None, None, "reported")
s = "On rapporte également des cas de vandalisme à Oakland en Californie ."
E(F, s, "vandalisme", "ASSAULT", A(None,"USA","CVL"), None, "Oakland", None, "reported")
s = "Manifestants à New York ."
E(F, s, "Manifestants", "PROTEST", A("Manifestants","USA","CVL"), None, "New York")
s = "Manifestations anti-Trump dans différentes villes des États-Unis."
E(F, s, "Manifestations", "PROTEST", A(None,"USA","CVL"), A("Trump","USA","POL"), "différentes villes des États-Unis")
F = "09/2016_09_01-001.txt"
s = "Brésil : la demande d'annulation de la destitution de Dilma Rousseff"
E(F, s, "la demande d'annulation", "REQUEST", A(None,"BRA","POL"), A(None,"BRA","JUD"), "Brésil")
E(F, s, "destitution", "COERCE", A(None,"BRA","GOV"), A("Dilma Rousseff","BRA","GOV"), "Brésil")
s = "L'ex-présidente du Brésil destituée, Dilma Rousseff fait appel pour demander l'annulation de sa destitution auprès de la Cour suprême selon son avocat."
E(F, s, "destituée", "COERCE", A(None,"BRA","GOV"), A("L'ex-présidente du Brésil","BRA","GOV"))
E(F, s, "demander l'annulation", "REQUEST", A("Dilma Rousseff","BRA","POL"), A("la Cour suprême","BRA","JUD"), None, None, "reported")
s = "Il demande à ce que le procès soit réouvert et que le vice-président Michel Temer reste pour le moment président par intérim qui aurait dût rester au pouvoir jusqu'en août 2018 qui marque la fin du mandat de Dilma Rousseff."
E(F, s, "demande", "REQUEST", A("Il","BRA","CVL"), A(None,"BRA","JUD"))
s = "Dilma Rousseff, la première femme présidente du Brésil, déclare que cette destitution est un « coup d’État » parlementaire en accusant l'opposition d'en être à l'origine."
E(F, s, "accusant", "ACCUSE", A("Dilma Rousseff","BRA","POL"), A("l'opposition","BRA","POL"))
F = "12/2016_12_19-002.txt"
s = "Turquie : l'ambassadeur de Russie a été assassiné"
E(F, s, "assassiné", "ASSAULT", None, A("l'ambassadeur de Russie","RUS","GOV"), "Turquie")
s = "L’ambassadeur russe en Turquie , Andreï Karlov a été tué par balle à Ankara lors de l'inauguration d'une galerie d'art."
E(F, s, "tué par balle", "ASSAULT", None, A("L’ambassadeur russe en Turquie , Andreï Karlov","RUS","GOV"), "Ankara")
s = "Les témoins racontent qu'un homme lui aurait tiré dans le dos avant de crier « N'oubliez pas Alep, n'oubliez pas la Syrie » ."
E(F, s, "tiré dans le dos", "ASSAULT", A("un homme",None,"REB"), A("lui","RUS","GOV"), None, None, "reported")
E(F, s, "crier", "PROTEST", A("un homme",None,"REB"), A(None,"RUS","GOV"), None, None, "reported")
s = "Une fusillade de plusieurs minutes s'en est ensuivie jusqu'à ce que l'assaillant soit neutralisé."
E(F, s, "fusillade", "ASSAULT", A(None,"TUR","COP"), A("l'assaillant",None,"REB"))
E(F, s, "fusillade", "ASSAULT", A("l'assaillant",None,"REB"), A(None,"TUR","COP"))
E(F, s, "neutralisé", "ASSAULT", A(None,"TUR","COP"), A("l'assaillant",None,"REB"))
F = "12/2016_12_19-003.txt"
s = "ONU : vote unanime pour l'envoi d'observateurs en Syrie"
E(F, s, "l'envoi d'observateurs", "AID", A("ONU","UN","IGO"), A(None,"SYR","CVL"), "Syrie", None, "future")
s = "Les quinze membres du Conseil de sécurité des Nations unies ont voté à l'unanimité en faveur d'une résolution proposée par la France et qui prévoit l'envoi d'observateurs à Alep pour évaluer la situation et superviser l'évacuation."
E(F, s, "ont voté à l'unanimité en faveur", "AGREE", A("Les quinze membres du Conseil de sécurité des Nations unies","UN","IGO"), A("la France","FRA","GOV"))
E(F, s, "l'envoi d'observateurs", "AID", A(None,"UN","IGO"), A(None,"SYR","CVL"), "Alep", None, "future")
s = "Ce vote marque un tournant important après plus de 5 ans de division au sein du conseil et un conflit qui a tué environ 310 000 personnes."
E(F, s, "a tué", "ASSAULT", None, A("environ 310 000 personnes","SYR","CVL"), None, "plus de 5 ans")
s = "« Cette résolution doit également ouvrir la voie au cessez-le-feu et à la négociation de la solution politique qui sont tant attendus par le peuple syrien et l’ensemble de la communauté internationale » a déclaré François Hollande , le président de France."
E(F, s, "cessez-le-feu", "RETREAT", None, None, None, None, "hypothetical")
E(F, s, "la négociation", "CONSULT", None, None, None, None, "hypothetical")
s = "On ignore toutefois si les observateurs de l’ONU seront autorisés d'accès par le gouvernement syrien."
E(F, s, "autorisés d'accès", "RETREAT", A("le gouvernement syrien","SYR","GOV"), A("les observateurs de l’ONU","UN","IGO"), None, None, "hypothetical")
F = "08/2016_08_04-001.txt"
s = "L'armée égyptienne annonce avoir tué Abou Douaa al-Ansari"
E(F, s, "tué", "ASSAULT", A("L'armée égyptienne","EGY","MIL"), A("Abou Douaa al-Ansari","EGY","REB"), None, None, "reported")
s = "L'armée égyptienne annonce aujourd'hui avoir mené des frappes qui ont permis de tuer Abou Douaa al-Ansari, présenté comme le chef d'Ansar Beït al-Maqdess, la branche de l'organisation État islamique dans la péninsule du Sinaï ."
E(F, s, "frappes", "ASSAULT", A("L'armée égyptienne","EGY","MIL"), A("Ansar Beït al-Maqdess","EGY","REB"), None, None, "reported")
E(F, s, "tuer", "ASSAULT", A("L'armée égyptienne","EGY","MIL"), A("Abou Douaa al-Ansari","EGY","REB"), None, None, "reported")
s = "Cette branche a prêté allégeance à l'organisation terroriste en novembre 2014, après avoir été liée à Al-Quaïda, et est responsable de plusieurs attentats ayant visés les forces de sécurité dans le Sinaï."
E(F, s, "a prêté allégeance", "SUPPORT", A("Cette branche","EGY","REB"), A("l'organisation terroriste",None,"REB"), None, "novembre 2014")
E(F, s, "plusieurs attentats", "ASSAULT", A("Cette branche","EGY","REB"), A("les forces de sécurité","EGY","COP"), "le Sinaï")
s = "L'armée affirme dans un communiqué que « plus de 45 terroristes du groupe [EI] ont été tués et des dizaines d'autres blessés » par ces frappes."
E(F, s, "tués", "ASSAULT", A("L'armée","EGY","MIL"), A("plus de 45 terroristes du groupe [EI]","EGY","REB"), None, None, "reported")
E(F, s, "blessés", "ASSAULT", A("L'armée","EGY","MIL"), A("des dizaines d'autres","EGY","REB"), None, None, "reported")
s = "Des dépôts d'armes et de munitions auraient également été détruits."
E(F, s, "détruits", "ASSAULT", A(None,"EGY","MIL"), A(None,"EGY","REB"), None, None, "reported")
