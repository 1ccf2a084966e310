"""Arnsberg's catalogues and demo content, in German."""

DISTRICTS = [
    "Arnsberg", "Bachum", "Breitenbruch", "Bruchhausen", "Herdringen", "Holzen", "Hüsten",
    "Müschede", "Neheim", "Niedereimer", "Oeventrop", "Rumbeck", "Uentrop", "Voßwinkel",
    "Wennigloh",
]  # fmt: skip

TOPICS = [
    ("Bildung", "Lernen in jedem Alter, Schule, Lesen, digitale Teilhabe."),
    ("Pflege und Alter", "Gut älter werden, Pflege, Nachbarschaftshilfe."),
    ("Jugend", "Offene Jugendarbeit, Beteiligung, Ausbildung."),
    ("Integration", "Ankommen, Sprache, Begegnung."),
    ("Umwelt", "Klima, Natur, Stadtgrün an Ruhr und Möhne."),
    ("Mobilität", "Wege im Stadtgebiet, Bürgerbus, Radverkehr."),
    ("Kultur", "Kunst, Musik, Heimat und Geschichte."),
    ("Sport", "Bewegung, Vereine, Gesundheit."),
    ("Nachbarschaft", "Zusammenhalt im Quartier."),
]

AGE_GROUPS = ["Kinder", "Jugendliche", "Erwachsene", "Seniorinnen und Senioren"]

# title, kind, reference, indicator, target, unit, direction
STANDARDS = [
    ("Rechtsanspruch auf Betreuung unter Dreijähriger", "law", "§ 24 Abs. 2 SGB VIII",
     "Betreuungsquote unter Dreijähriger", "45", "%", "at_least"),
    ("Barrierefreie Haltestellen", "law", "§ 8 Abs. 3 PBefG",
     "Anteil barrierefrei ausgebauter Haltestellen", "100", "%", "at_least"),
    ("Pflegeberatung wohnortnah", "regulation", "§ 7c SGB XI / APG NRW",
     "Beratungsstellen je 10.000 Einwohner ab 65", "1", "Stellen", "at_least"),
    ("Offene Ganztagsschule", "regulation", "Ganztagsförderungsgesetz",
     "Ganztagsplätze je 100 Grundschulkinder", "80", "Plätze", "at_least"),
    ("Seniorengerechte Quartiere", "council_resolution", "Ratsbeschluss 2019/211",
     "Quartiere mit Treffpunkt für Ältere", "15", "Quartiere", "at_least"),
    ("Klimaneutrale Stadt 2040", "council_resolution", "Ratsbeschluss 2021/087",
     "Anteil Fahrten im Umweltverbund", "60", "%", "at_least"),
    ("Jugendbeteiligung in allen Stadtteilen", "council_resolution", "Ratsbeschluss 2022/143",
     "Stadtteile mit Jugendforum", "15", "Stadtteile", "at_least"),
    ("Lebendige Ortsmitten", "city_goal", "Integriertes Stadtentwicklungskonzept 2030, Ziel 2.1",
     "Leerstandsquote Ladenlokale", "5", "%", "at_most"),
    ("Grün in 300 Metern", "city_goal", "ISEK 2030, Ziel 4.3",
     "Haushalte mit Grünfläche in 300 m", "90", "%", "at_least"),
    ("Lesekompetenz am Ende der Grundschule", "professional",
     "KMK-Bildungsstandards Deutsch Primarbereich",
     "Kinder, die den Mindeststandard Lesen erreichen", "85", "%", "at_least"),
    ("Wartezeit Integrationskurs", "professional", "BAMF-Trägerrundschreiben",
     "Wartezeit bis Kursbeginn", "6", "Wochen", "at_most"),
    ("Vereinsnahe Bewegungsangebote für Ältere", "professional",
     "DOSB-Qualitätssiegel SPORT PRO GESUNDHEIT",
     "Angebote je Stadtteil", "2", "Angebote", "at_least"),
]  # fmt: skip

# name, kind, district, website
ORGANISATIONS = [
    ("Sparkasse Arnsberg-Sundern", "company", "Neheim", "https://www.sparkasse-arnsberg-sundern.de"),
    ("Stadtwerke Arnsberg", "company", "Arnsberg", "https://www.stadtwerke-arnsberg.de"),
    ("Leuchtenmanufaktur Neheim", "company", "Neheim", ""),
    ("Bäckerei Kemper", "company", "Hüsten", ""),
    ("Franz-Stock-Gymnasium", "institution", "Neheim", ""),
    ("Grundschule Moosfelde", "institution", "Arnsberg", ""),
    ("Klinikum Hochsauerland", "institution", "Hüsten", "https://www.klinikum-hochsauerland.de"),
    ("Stadtbücherei Arnsberg", "public_body", "Arnsberg", ""),
    ("Fachstelle Zukunft Alter", "public_body", "Arnsberg", ""),
    ("TuS Oeventrop", "association", "Oeventrop", ""),
    ("Heimatbund Herdringen", "association", "Herdringen", ""),
    ("Caritas-Verband Arnsberg-Sundern", "association", "Hüsten", ""),
    ("Repair-Café Neheim", "initiative", "Neheim", ""),
    ("Bürgerbusverein Voßwinkel", "initiative", "Voßwinkel", ""),
]  # fmt: skip

# first, last, age group index, public name consent
PERSONS = [
    ("Marlene", "Vogt", 3, True), ("Heinz", "Schulte", 3, False), ("Ayşe", "Demir", 2, True),
    ("Jonas", "Becker", 1, True), ("Lea", "Hoffmann", 1, False), ("Friedhelm", "Kaiser", 3, True),
    ("Sabine", "Wulf", 2, False), ("Milan", "Kovač", 2, True), ("Emma", "Rüther", 0, False),
    ("Gisela", "Brökelmann", 3, False), ("Tarek", "Haddad", 1, True), ("Ursula", "Hennecke", 3, True),
]  # fmt: skip
