F = "09/2016_09_19-001.txt"
s = "Syrie : la coalition occidentale tue près d'une centaine de soldats syriens"
E(F, s, "tue", "ASSAULT", A("la coalition occidentale","USA","MIL"), A("près d'une centaine de soldats syriens","SYR","MIL"), "Syrie")
s = "La coalition internationale menée par les États-Unis a frappé pour la première fois les forces du régime syrien dans un bombardement à Deir ez-Zor, où l'armée syrienne assiégée affronte depuis près de deux ans l’État islamique."
E(F, s, "a frappé", "ASSAULT", A("La coalition internationale menée par les États-Unis","USA","MIL"), A("les forces du régime syrien","SYR","MIL"), "Deir ez-Zor")
E(F, s, "assiégée", "COERCE", A(None,None,"REB"), A("l'armée syrienne","SYR","MIL"), "Deir ez-Zor")
E(F, s, "affronte", "ASSAULT", A("l'armée syrienne","SYR","MIL"), A("l’État islamique",None,"REB"), "Deir ez-Zor", "depuis près de deux ans")
E(F, s, "affronte", "ASSAULT", A("l’État islamique",None,"REB"), A("l'armée syrienne","SYR","MIL"), "Deir ez-Zor", "depuis près de deux ans")
s = "La frappe, qui a tué jusqu'à 90 soldats syriens, a permis à l'organisation de prendre l'avantage en s’emparant d'une colline stratégique, mettant en danger la présence du régime syrien dans la région."
E(F, s, "a tué", "ASSAULT", A(None,"USA","MIL"), A("jusqu'à 90 soldats syriens","SYR","MIL"))
E(F, s, "s’emparant", "COERCE", A("l'organisation",None,"REB"), A(None,"SYR","MIL"), "une colline stratégique")
s = "Le 17 septembre, une frappe aérienne tue entre 60 et 90 soldats syriens et en blesse 110 autres sur le mont Thourda, qui surplombe le secteur et notamment la base aérienne située à quatre kilomètres au sud et tenue par l'armée syrienne."
E(F, s, "tue", "ASSAULT", A(None,"USA","MIL"), A("entre 60 et 90 soldats syriens","SYR","MIL"), "le mont Thourda", "Le 17 septembre")
E(F, s, "blesse", "ASSAULT", A(None,"USA","MIL"), A("110 autres","SYR","MIL"), "le mont Thourda", "Le 17 septembre")
s = "Le régime syrien est en effet assiégé dans cette zone depuis près de deux ans par l' État islamique ."
E(F, s, "assiégé", "COERCE", A("l' État islamique",None,"REB"), A("Le régime syrien","SYR","GOV"), "cette zone", "depuis près de deux ans")
s = "Cette frappe a permis à l'organisation de lancer une offensive fulgurante à peine sept minutes plus tard, au cours de laquelle elle s'empare de la montagne puis bombarde la base aérienne désormais à portée d'artillerie."
E(F, s, "offensive fulgurante", "ASSAULT", A("l'organisation",None,"REB"), A(None,"SYR","MIL"), None, "à peine sept minutes plus tard")
E(F, s, "s'empare", "COERCE", A("l'organisation",None,"REB"), A(None,"SYR","MIL"), "la montagne")
E(F, s, "bombarde", "ASSAULT", A("l'organisation",None,"REB"), A(None,"SYR","MIL"), "la base aérienne")
s = "L'armée syrienne a tenté sans succès de reprendre l'avantage, perdant un avion de combat."
E(F, s, "reprendre l'avantage", "ASSAULT", A("L'armée syrienne","SYR","MIL"), A(None,None,"REB"))
s = "Cet évènement met en danger la très fragile trêve engagée le 12 septembre par un accord russo-américain."
E(F, s, "trêve", "RETREAT", None, None, None, "le 12 septembre")
E(F, s, "accord", "AGREE", A(None,"RUS","GOV"), A(None,"USA","GOV"), None, "le 12 septembre")
E(F, s, "accord", "AGREE", A(None,"USA","GOV"), A(None,"RUS","GOV"), None, "le 12 septembre")
s = "Les États-Unis ont reconnu leur responsabilité dans ces frappes, indiquant les avoir arrêtées après avoir été prévenus par le commandement russe."
E(F, s, "ont reconnu leur responsabilité", "CONCEDE", A("Les États-Unis","USA","GOV"), None)
E(F, s, "arrêtées", "RETREAT", A("Les États-Unis","USA","MIL"), None, None, None, "reported")
E(F, s, "prévenus", "CONSULT", A("le commandement russe","RUS","MIL"), A("Les États-Unis","USA","MIL"), None, None, "reported")
s = "Le Pentagone a également précisé qu'il visait l’État islamique et dit regretter les pertes en vies humaines."
E(F, s, "regretter", "CONCEDE", A("Le Pentagone","USA","MIL"), None)
s = "Les gouvernements britannique, australien et danois, membres de la coalition occidentale en Syrie , ont également reconnu leur implication."
for c in ("GBR","AUS","DNK"):
    E(F, s, "ont également reconnu leur implication", "CONCEDE", A("Les gouvernements britannique, australien et danois",c,"GOV"), None)
s = "Moscou a ainsi accusé les États-Unis de vouloir « défendre l’État islamique » et que l'attaque était « délibérée » ."
E(F, s, "accusé", "ACCUSE", A("Moscou","RUS","GOV"), A("les États-Unis","USA","GOV"))
s = "Il faut dire que la frappe a de quoi surprendre, car elle est la première menée par les États-Unis dans ce secteur, alors qu'habituellement les avions de la coalition occidentale frappe l'État islamique pour soutenir ses alliés en Syrie, rebelles ou kurdes."
E(F, s, "frappe", "ASSAULT", A("les avions de la coalition occidentale","USA","MIL"), A("l'État islamique",None,"REB"), "Syrie")
E(F, s, "soutenir", "AID", A("les avions de la coalition occidentale","USA","MIL"), A("ses alliés","SYR","REB"), "Syrie")
s = "Dans un nouveau communiqué, les États-Unis se sont défendus en affirmant avoir été trompés par de fausses informations russes."
E(F, s, "trompés", "ACCUSE", A("les États-Unis","USA","GOV"), A(None,"RUS","GOV"))
s = "Le quotidien suisse Le Temps estime ainsi que l'une des clauses secrètes de l'accord russo-américain pourrait être une coopération entre l'aviation occidentale et l'armée syrienne pour lutter contre l’État islamique, ce qui expliquerait la présence américaine dans cette zone."
E(F, s, "coopération", "COOPERATE", A("l'aviation occidentale","USA","MIL"), A("l'armée syrienne","SYR","MIL"), None, None, "hypothetical")
s = "Quelles pourraient être les raisons d'une telle attaque si elle était préméditée, alors que les États-Unis luttent contre l’État islamique ?"
E(F, s, "luttent contre", "ASSAULT", A("les États-Unis","USA","MIL"), A("l’État islamique",None,"REB"))
s = "Pour L'Orient-Le Jour , une victoire de l’État islamique à Deir ez-Zor permettrait à l'organisation d'évacuer plus facilement Mossoul en Irak où les États-Unis espèrent une victoire rapide de l'armée irakienne."
E(F, s, "évacuer", "RETREAT", A("l'organisation",None,"REB"), None, "Mossoul", None, "hypothetical")
s = "Mais surtout, le quotidien note ensuite que la « reconquête de cette zone par les alliés du régime signifierait la réouverture de l'axe stratégique Téhéran-Bagdad-Damas et donc le rétablissement d'une continuité territoriale et d'une profondeur stratégique ; ce que Washington entend à tout prix éviter » ."
E(F, s, "reconquête", "COERCE", A("les alliés du régime",None,"MIL"), A(None,None,"REB"), "cette zone", None, "hypothetical")
