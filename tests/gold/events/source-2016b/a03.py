F = "10/2016_10_13-001.txt"
s = "Burundi : l'assemblée nationale acte le retrait du pays du statut de Rome"
E(F, s, "retrait", "REJECT", A("l'assemblée nationale","BDI","GOV"), A(None,"ICC","IGO"), "Burundi")
s = "L'assemblée nationale du Burundi a adopté la loi décidant le retrait du pays du statut de Rome c'est-à-dire que le Burundi ne reconnaîtra plus aucune autorité juridique à la cour pénale internationale (CPI)."
E(F, s, "retrait", "REJECT", A("L'assemblée nationale du Burundi","BDI","GOV"), A("la cour pénale internationale (CPI)","ICC","IGO"))
s = "Les motivations du Président Pierre Nkurunziza semblent limpides pour un certain nombre d'observateurs : le conseil des droits de l'homme des Nations unies a annoncé le 30 septembre 2016 l'ouverture une enquête visant douze personnalités soupçonnées d'être, à des niveaux divers, responsables de crimes commis depuis avril 2015 et le début de la crise politique au Burundi."
E(F, s, "l'ouverture une enquête", "ACCUSE", A("le conseil des droits de l'homme des Nations unies","UN","IGO"), A("douze personnalités","BDI","GOV"), None, "le 30 septembre 2016")
E(F, s, "crimes commis", "ASSAULT", A("douze personnalités","BDI","GOV"), None, "Burundi", "depuis avril 2015", "reported")
F = "10/2016_10_24-005.txt"
s = "Burundi : deux journalistes arrêtés arbitrairement hier à Bujumbura"
E(F, s, "arrêtés", "COERCE", A(None,"BDI","COP"), A("deux journalistes",None,"MED"), "Bujumbura", "hier")
s = "Comme cela devient une triste habitude au Burundi , deux journalistes ont été arrêtés hier sans raison."
E(F, s, "arrêtés", "COERCE", A(None,"BDI","COP"), A("deux journalistes",None,"MED"), "Burundi", "hier")
s = "La journaliste américaine Julia Steers et le journaliste burundais Gildas Yihundimpundu faisaient un reportage filmé dans le quartier de Mutakura quand ils ont été arrêtés puis interrogés pour le motif suivant : « tentative de destruction des preuves des crimes des insurgés » (NDLR : les deux journalistes ont été arrêtés près d'une fosse commune)."
E(F, s, "arrêtés", "COERCE", A(None,"BDI","COP"), A("La journaliste américaine Julia Steers","USA","MED"), "le quartier de Mutakura")
E(F, s, "arrêtés", "COERCE", A(None,"BDI","COP"), A("le journaliste burundais Gildas Yihundimpundu","BDI","MED"), "le quartier de Mutakura")
s = "Si Julia Steers a été libérée au bout de six heures d'interrogatoire et remise à son ambassade, l'inquiétude est grande pour Gildas Yihundimpundu, toujours interrogé au SNR (service national de renseignement) dans un pays où la garde à vue peut durer 7 jours, renouvelable une fois."
E(F, s, "libérée", "RETREAT", A(None,"BDI","COP"), A("Julia Steers","USA","MED"), None, "au bout de six heures d'interrogatoire")
E(F, s, "toujours interrogé", "COERCE", A("SNR (service national de renseignement)","BDI","GOV"), A("Gildas Yihundimpundu","BDI","MED"))
s = "D'autant qu'il semble qu'il lui soit reproché une non-inscription comme journaliste au conseil national de la communication (CNC)."
E(F, s, "reproché", "ACCUSE", A(None,"BDI","GOV"), A("lui","BDI","MED"), None, None, "reported")
F = "12/2016_12_17-003.txt"
s = "Burundi : convocation d'ambassadeurs de pays de l'UE"
E(F, s, "convocation", "ACCUSE", A(None,"BDI","GOV"), A("ambassadeurs de pays de l'UE","EU","GOV"), "Burundi")
s = "Pierre Nkurunziza excédé par les prises de position de l' Union européenne au sujet des droits de l'Homme au Burundi mais également par les sanctions décidées par l'organisation européenne, par exemple la suspension du paiement des soldes du contingent de la Mission de l'Union africaine en Somalie (AMISOM), a décidé de convoquer les ambassadeurs de l'Allemagne, de la Belgique, de la France, des Pays-Bas et de l'UE (les trois derniers sont en place depuis peu et ont donc récemment rencontré Pierre Nkurunziza dans le cadre de la remise des lettres de créance)."
E(F, s, "prises de position", "ACCUSE", A("l' Union européenne","EU","IGO"), A(None,"BDI","GOV"), "Burundi")
E(F, s, "sanctions", "COERCE", A("l'organisation européenne","EU","IGO"), A(None,"BDI","GOV"))
E(F, s, "suspension du paiement des soldes", "SANCTION", A(None,"EU","IGO"), A("contingent de la Mission de l'Union africaine en Somalie (AMISOM)","BDI","MIL"))
amb = "les ambassadeurs de l'Allemagne, de la Belgique, de la France, des Pays-Bas et de l'UE"
for c, sec in (("DEU","GOV"),("BEL","GOV"),("FRA","GOV"),("NLD","GOV"),("EU","IGO")):
    E(F, s, "convoquer", "ACCUSE", A("Pierre Nkurunziza","BDI","GOV"), A(amb,c,sec))
for c, sec in (("FRA","GOV"),("NLD","GOV"),("EU","IGO")):
    E(F, s, "rencontré", "CONSULT", A("les trois derniers",c,sec), A("Pierre Nkurunziza","BDI","GOV"), None, "récemment")
s = "L'évènement qui a mis le feu aux poudres est l'absence de circonstance de ces ambassadeurs lors d'une réunion organisée par le pouvoir en direction des diplomates étrangers, intitulée « à l'évaluation positive de la situation positive au Burundi et la reprise de la coopération » ."
for c, sec in (("DEU","GOV"),("BEL","GOV"),("FRA","GOV"),("NLD","GOV"),("EU","IGO")):
    E(F, s, "l'absence", "CONSULT", A("ces ambassadeurs",c,sec), A("le pouvoir","BDI","GOV"), None, None, "negated")
E(F, s, "réunion organisée", "CONSULT", A("le pouvoir","BDI","GOV"), A("des diplomates étrangers",None,"GOV"))
s = "Un proche du Président parle de « boycottage » au sujet de ces absences déclenchant donc cette série de cinq convocations."
E(F, s, "parle de « boycottage »", "ACCUSE", A("Un proche du Président","BDI","GOV"), A(None,"EU","IGO"))
F = "12/2016_12_25-001.txt"
s = "Burundi : incidents frontaliers avec la RDC, des militaires tués"
E(F, s, "incidents frontaliers", "ASSAULT", A(None,"BDI","MIL"), A("la RDC","COD","MIL"))
E(F, s, "tués", "ASSAULT", A(None,"COD","MIL"), A("des militaires","BDI","MIL"))
s = "Le mercredi 23 décembre 2016, des militaires burundais ont franchi la frontière avec les RDC probablement pour pourchasser des rebelles."
E(F, s, "ont franchi la frontière", "MOBILIZE", A("des militaires burundais","BDI","MIL"), A("les RDC","COD","GOV"), "la frontière", "Le mercredi 23 décembre 2016")
E(F, s, "pourchasser", "MOBILIZE", A("des militaires burundais","BDI","MIL"), A("des rebelles","BDI","REB"), None, "Le mercredi 23 décembre 2016", "hypothetical")
s = "Des combats les ont alors opposés aux forces de la RDC postées à la frontière."
E(F, s, "combats", "ASSAULT", A("les","BDI","MIL"), A("forces de la RDC","COD","MIL"), "la frontière")
E(F, s, "combats", "ASSAULT", A("forces de la RDC","COD","MIL"), A("les","BDI","MIL"), "la frontière")
s = "Cinq soldats burundais ont été tués selon ce qui ne constitue qu'un bilan provisoire."
E(F, s, "tués", "ASSAULT", A(None,"COD","MIL"), A("Cinq soldats burundais","BDI","MIL"), None, None, "reported")
s = "Un accord autorise pourtant chacun des deux pays à poursuivre des rebelles sur le territoire de l'autre, ceci dans une certaine mesure."
E(F, s, "Un accord", "AGREE", A("chacun des deux pays","BDI","GOV"), A("chacun des deux pays","COD","GOV"))
E(F, s, "Un accord", "AGREE", A("chacun des deux pays","COD","GOV"), A("chacun des deux pays","BDI","GOV"))
