F = "12/2016_12_12-001.txt"
s = "Alors que l'armée syrienne est en passe de remporter une victoire décisive majeure à Alep face aux rebelles, elle a été de nouveau expulsée par Daech le 11 décembre de Palmyre dans le désert."
E(F, s, "remporter une victoire", "ASSAULT", A("l'armée syrienne","SYR","MIL"), A("rebelles","SYR","REB"), "Alep", None, "future")
E(F, s, "expulsée", "ASSAULT", A("Daech",None,"REB"), A("l'armée syrienne","SYR","MIL"), "Palmyre", "le 11 décembre")
s = "C'est un revers de taille alors que le pouvoir syrien avait fait un symbole de sa reprise de la cité antique en mars 2016."
E(F, s, "reprise", "COERCE", A("le pouvoir syrien","SYR","GOV"), A(None,None,"REB"), "la cité antique", "mars 2016")
s = "La cité antique de Palmyre , perle du désert classée à l'Unesco, est devenu un symbole médiatique quand l'Etat islamique (Daech) l'a conquise face à une armée syrienne affaiblie en mai 2015."
E(F, s, "conquise", "COERCE", A("l'Etat islamique (Daech)",None,"REB"), A("une armée syrienne affaiblie","SYR","MIL"), "Palmyre", "mai 2015")
s = "Revigoré par l'intervention russe en septembre 2015 puis par un certain nombre de victoires, le pouvoir syrien reprend la ville en mars 2016, se posant en protecteur du patrimoine mondial."
E(F, s, "l'intervention russe", "AID", A(None,"RUS","MIL"), A("le pouvoir syrien","SYR","GOV"), None, "septembre 2015")
E(F, s, "reprend", "COERCE", A("le pouvoir syrien","SYR","GOV"), A(None,None,"REB"), "la ville", "mars 2016")
s = "Toutefois, l'armée n'a jamais réussi à se constituer une zone de protection suffisante dans le désert syrien et autour de la ville."
E(F, s, "se constituer une zone de protection", "MOBILIZE", A("l'armée","SYR","MIL"), None, "le désert syrien", None, "negated")
s = "Le front autour de la ville est toujours resté actif, avec des attaques surprises et des embuscades relativement fréquentes."
E(F, s, "attaques surprises", "ASSAULT", None, None, "autour de la ville")
E(F, s, "embuscades", "ASSAULT", None, None, "autour de la ville")
s = "Le 8 décembre, un grand nombre de combattants de Daech lancent une offensive surprise, prenant des points stratégiques autours de la ville, des champs de pétrole et gaz et des silos à grain."
E(F, s, "offensive surprise", "ASSAULT", A("un grand nombre de combattants de Daech",None,"REB"), A(None,"SYR","MIL"), None, "Le 8 décembre")
E(F, s, "prenant", "COERCE", A("un grand nombre de combattants de Daech",None,"REB"), A(None,"SYR","MIL"), "autours de la ville", "Le 8 décembre")
s = "La coalition menée par les États-Unis en profite alors pour frapper des camions citernes de Daech qui se dirigeaient vers les réserves d’essence capturée, en détruisant plus d'une centaine."
E(F, s, "frapper", "ASSAULT", A("La coalition menée par les États-Unis","USA","MIL"), A("des camions citernes de Daech",None,"REB"))
s = "Le lendemain, Daech continue d'avancer vers la ville malgré les tentatives de contre-offensives."
E(F, s, "avancer", "ASSAULT", A("Daech",None,"REB"), A(None,"SYR","MIL"), "la ville", "Le lendemain")
E(F, s, "contre-offensives", "ASSAULT", A(None,"SYR","MIL"), A("Daech",None,"REB"), None, "Le lendemain")
s = "Alors que seuls 1 000 hommes défendaient la ville, des renforts sont acheminés en urgence."
E(F, s, "des renforts sont acheminés", "MOBILIZE", A(None,"SYR","MIL"), None, "la ville")
s = "Il est cependant déjà trop tard : Daech réalise le 10 décembre une percée dans la ville, malgré les attaques aériennes massives de la Russie pour aider son allié."
E(F, s, "percée", "ASSAULT", A("Daech",None,"REB"), A(None,"SYR","MIL"), "la ville", "le 10 décembre")
E(F, s, "attaques aériennes massives", "ASSAULT", A("la Russie","RUS","MIL"), A("Daech",None,"REB"), "la ville")
E(F, s, "aider", "AID", A("la Russie","RUS","GOV"), A("son allié","SYR","GOV"))
s = "Le 11 décembre, la ville entière est prise et l'armée débordée se retire."
E(F, s, "prise", "COERCE", A(None,None,"REB"), A(None,"SYR","MIL"), "la ville entière", "Le 11 décembre")
E(F, s, "se retire", "RETREAT", A("l'armée débordée","SYR","MIL"), None, None, "Le 11 décembre")
s = "Daech aurait mobilisé jusqu'à 4 000 hommes , soit environ 20 % de tous ses combattants si on en croit les chiffres fournis par la Russie et les États-Unis."
E(F, s, "mobilisé", "MOBILIZE", A("Daech",None,"REB"), None, None, None, "reported")
s = "Une offensive massive qui aurait conduit l'organisation djihadiste à dégarnir divers fronts, notamment autour de la ville assiégée de Deir ez-Zor et de Raqqa , ou les Forces démocratiques syriennes appuyées par les États-Unis ont mis en pause leur offensive pour reprendre le siège de l'organisation."
E(F, s, "dégarnir divers fronts", "RETREAT", A("l'organisation djihadiste",None,"REB"), None, "Deir ez-Zor et de Raqqa", None, "reported")
E(F, s, "assiégée", "COERCE", A(None,None,"REB"), A(None,"SYR","MIL"), "Deir ez-Zor")
E(F, s, "appuyées", "AID", A("les États-Unis","USA","GOV"), A("les Forces démocratiques syriennes","SYR","REB"))
E(F, s, "ont mis en pause leur offensive", "RETREAT", A("les Forces démocratiques syriennes","SYR","REB"), A("l'organisation",None,"REB"), "Raqqa")
s = "L'armée syrienne, qui se bat maintenant pour conserver la base aérienne de Tiyas située sur la route du désert menant à Palmyre, devrait tenter de reprendre la ville après l'arrivée de renforts."
E(F, s, "se bat", "ASSAULT", A("L'armée syrienne","SYR","MIL"), A(None,None,"REB"), "la base aérienne de Tiyas")
E(F, s, "reprendre", "COERCE", A("L'armée syrienne","SYR","MIL"), A(None,None,"REB"), "la ville", None, "future")
E(F, s, "l'arrivée de renforts", "MOBILIZE", A(None,"SYR","MIL"), None, None, None, "future")
s = "Depuis 2012, les rebelles à l'est de la ville affrontent les forces du régime implantées à l'ouest."
E(F, s, "affrontent", "ASSAULT", A("les rebelles","SYR","REB"), A("les forces du régime","SYR","MIL"), "la ville", "Depuis 2012")
E(F, s, "affrontent", "ASSAULT", A("les forces du régime","SYR","MIL"), A("les rebelles","SYR","REB"), "la ville", "Depuis 2012")
s = "Largement affaibli dans la zone début 2015, le pouvoir syrien tente de reprendre la main avec l'intervention russe et surtout avec l'aide iranienne et des nombreuses milices qu'elle soutient."
E(F, s, "l'aide iranienne", "AID", A(None,"IRN","GOV"), A("le pouvoir syrien","SYR","GOV"))
E(F, s, "soutient", "AID", A("elle","IRN","GOV"), A("des nombreuses milices",None,"REB"))
s = "Sur les 30 000 combattants pro-régime que compterait la ville, près de la moitié serait des miliciens chiites libanais, irakiens, afghans ou pakistanais entrainés par l'Iran."
E(F, s, "entrainés", "COOPERATE", A("l'Iran","IRN","GOV"), A("des miliciens chiites libanais, irakiens, afghans ou pakistanais",None,"REB"), None, None, "reported")
s = "La partie était loin d'être gagnée pour le pouvoir syrien, qui a subit plusieurs revers dans sa tentative d'assiéger les rebelles des quartiers Est de la ville."
E(F, s, "assiéger", "COERCE", A("le pouvoir syrien","SYR","GOV"), A("les rebelles des quartiers Est de la ville","SYR","REB"), "quartiers Est de la ville")
s = "À plusieurs reprises, les combattants d' Idleb menés par le Front Fatah al-Cham (ex Al-Qaida) brisent les lignes des forces pro-Damas mais ces derniers finissent par établir un siège solide mi-novembre."
E(F, s, "brisent les lignes", "ASSAULT", A("les combattants d' Idleb","SYR","REB"), A("forces pro-Damas","SYR","MIL"))
E(F, s, "établir un siège solide", "COERCE", A("ces derniers","SYR","MIL"), A(None,"SYR","REB"), None, "mi-novembre")
s = "Les rebelles assiégés ont rapidement manqué de ravitaillement, d'autant plus que les bombardements massifs russes et syriens ont miné le moral et les moyens matériels."
E(F, s, "bombardements massifs", "ASSAULT", A(None,"RUS","MIL"), A("Les rebelles assiégés","SYR","REB"))
E(F, s, "bombardements massifs", "ASSAULT", A(None,"SYR","MIL"), A("Les rebelles assiégés","SYR","REB"))
s = "Revigorés, les forces du régime syrien ont rapidement conquis les quartiers assièges."
E(F, s, "conquis", "COERCE", A("les forces du régime syrien","SYR","MIL"), A(None,"SYR","REB"), "les quartiers assièges")
s = "En deux à trois semaines, 85 % des anciens quartiers rebelles sont repris."
E(F, s, "repris", "COERCE", A(None,"SYR","MIL"), A(None,"SYR","REB"), None, "En deux à trois semaines")
s = "Les insurgés ne contrôlent maintenant que quelques quartiers dans le sud-est alors que les diplomates russes et américains négocieraient leur réédition en échange de leur transferts."
E(F, s, "négocieraient", "CONSULT", A("les diplomates russes et américains","RUS","GOV"), A("les diplomates russes et américains","USA","GOV"), None, None, "reported")
E(F, s, "négocieraient", "CONSULT", A("les diplomates russes et américains","USA","GOV"), A("les diplomates russes et américains","RUS","GOV"), None, None, "reported")
E(F, s, "réédition", "RETREAT", A("Les insurgés","SYR","REB"), None, None, None, "hypothetical")
s = "Les combattants djihadistes seraient ainsi transférés vers Idleb quand les brigades plus « modérées » pourraient rejoindre les rebelles soutenus par la Turquie dans le nord de la Syrie."
E(F, s, "transférés", "RETREAT", A("Les combattants djihadistes",None,"REB"), None, "Idleb", None, "hypothetical")
E(F, s, "soutenus", "AID", A("la Turquie","TUR","GOV"), A("les rebelles","SYR","REB"), "le nord de la Syrie")
