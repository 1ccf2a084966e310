"""Arnsberg's starter catalogues of competences and resources, and its districts' borders.

Names are what the Kernteam reads; synonyms are other spellings that free text and
imports match. The neighbourhood is simplified from the city map (who borders whom).
"""

# name, category, synonyms, description
COMPETENCES = [
    ("Vorlesen", "education", ["Freude am Vorlesen", "Lesepatenschaft"], "Kindern oder Älteren regelmäßig vorlesen."),
    ("Hausaufgabenhilfe", "education", ["Nachhilfe", "Lernbegleitung"], "Schulkinder nachmittags beim Lernen begleiten."),
    ("Mathematik-Nachhilfe", "education", ["Mathe-Nachhilfe"], ""),
    ("Naturpädagogik", "education", ["Umweltbildung"], "Kindern und Jugendlichen Natur nahebringen."),
    ("Deutsch unterrichten", "language", ["Deutsch als Muttersprache oder sicher", "Deutsch als Zweitsprache", "DaZ"], "Alltagsdeutsch üben, Sprachcafé begleiten."),
    ("Arabisch", "language", ["Arabischkenntnisse"], ""),
    ("Ukrainisch", "language", ["Ukrainischkenntnisse"], ""),
    ("Russisch", "language", ["Russischkenntnisse"], ""),
    ("Türkisch", "language", ["Türkischkenntnisse"], ""),
    ("Englisch", "language", ["Englischkenntnisse"], ""),
    ("Gebärdensprache", "language", ["DGS", "Deutsche Gebärdensprache"], ""),
    ("Dolmetschen", "language", ["Übersetzen", "Sprachmittlung"], "Bei Terminen und Gesprächen sprachlich vermitteln."),
    ("Erste Hilfe", "care", ["Ersthelfer", "Erste-Hilfe-Kurs"], "Gültiger Erste-Hilfe-Kurs (nicht älter als zwei Jahre)."),
    ("Pflegeerfahrung", "care", ["Schulung nach § 45a SGB XI", "Betreuungskraft", "Alltagsbegleitung"], "Erfahrung in Pflege oder Betreuung, z. B. Schulung nach § 45a SGB XI."),
    ("Demenzbegleitung", "care", ["Demenz"], ""),
    ("Zuhören und Gesprächsführung", "social", ["Zuhören", "Geduld", "Freundlichkeit", "Empathie"], "Ein offenes Ohr, Geduld und ein freundlicher Umgang."),
    ("Besuchsdienst", "social", ["Besuche", "Begleitung"], "Besuche, Spaziergänge und Begleitung zu Terminen."),
    ("Interkulturelle Kompetenz", "social", ["Interkulturelle Offenheit"], ""),
    ("Kinderbetreuung", "social", ["Babysitten"], ""),
    ("Jugendarbeit", "social", ["Jugendleiter", "Juleica"], "Erfahrung in der Arbeit mit Jugendlichen, gern mit Juleica."),
    ("Gastgeberrolle", "social", ["Gastgeber", "Bewirtung"], "Gäste empfangen, Kaffee kochen, ins Gespräch bringen."),
    ("Kochen für Gruppen", "social", ["Kochen"], ""),
    ("Führerschein Klasse B", "mobility", ["Führerschein", "Autofahren", "Fahrdienst"], ""),
    ("Personenbeförderungsschein", "mobility", ["P-Schein", "Fahrgastbeförderung"], "Für Fahrten mit dem Bürgerbus."),
    ("Fahrradreparatur", "craft", ["Fahrrad reparieren"], ""),
    ("Handwerkliches Geschick", "craft", ["Heimwerken", "Handwerk"], ""),
    ("Elektrokenntnisse", "craft", ["Elektrik", "Elektriker"], "Für Reparaturen an Elektrogeräten (mit Prüfung)."),
    ("Schreinerarbeiten", "craft", ["Tischlern", "Holzarbeiten"], ""),
    ("Malerarbeiten", "craft", ["Streichen", "Renovieren"], ""),
    ("Nähen", "craft", ["Schneidern"], ""),
    ("Gartenarbeit", "culture", ["Gärtnern"], ""),
    ("Baumschnitt", "culture", ["Obstbaumschnitt"], ""),
    ("Bewegungsangebote anleiten", "culture", ["Übungsleitung", "Seniorensport"], ""),
    ("Musik", "culture", ["Musizieren", "Instrument"], ""),
    ("Fotografie", "culture", ["Fotografieren"], ""),
    ("Moderation", "organisation", ["Moderieren", "Gesprächsleitung"], "Treffen leiten, alle zu Wort kommen lassen."),
    ("Projektorganisation", "organisation", ["Organisation", "Planung"], "Termine, Aufgaben und Absprachen im Blick behalten."),
    ("Förderanträge schreiben", "organisation", ["Fördermittelanträge", "Antragstellung", "Fundraising"], "Anträge bei Stiftungen, Land und Bund stellen."),
    ("Buchhaltung", "organisation", ["Kassenführung", "Finanzen"], ""),
    ("Öffentlichkeitsarbeit", "organisation", ["Pressearbeit", "Social Media"], ""),
    ("Technikverständnis", "digital", ["Smartphone-Hilfe", "Computerkenntnisse", "Technik"], "Geduldig bei Smartphone, Tablet und Computer helfen."),
    ("Webseiten pflegen", "digital", ["Homepage", "Website"], ""),
]  # fmt: skip

RESOURCES = [
    ("Gruppenraum", "room", ["Raum", "Ruhiger Raum in der Schule", "Treffpunkt im Quartier", "Besprechungsraum"], "Ein Raum für 10 bis 20 Personen."),
    ("Raum mit Küche", "room", ["Küche", "Gemeinschaftsküche"], ""),
    ("Gemeindesaal", "room", ["Pfarrheim", "Saal", "Gemeindehaus"], "Ein großer Saal für Treffen und Feste."),
    ("Werkstatt", "room", ["Werkraum"], ""),
    ("Lagerraum", "room", ["Lager", "Abstellraum"], ""),
    ("Sporthalle oder Sportplatz", "room", ["Sporthalle", "Sportplatz"], ""),
    ("Transporter", "vehicle", ["Kleintransporter", "Lieferwagen"], ""),
    ("Kleinbus", "vehicle", ["Bürgerbus", "Neunsitzer"], "Ein Bus mit bis zu neun Sitzen."),
    ("Lastenrad", "vehicle", ["Lastenfahrrad"], ""),
    ("Werkzeug", "tools", ["Werkzeugkasten"], ""),
    ("Leitern", "tools", ["Leiter"], ""),
    ("Saftpresse", "tools", ["Obstpresse"], ""),
    ("Gartengeräte", "tools", ["Gartenwerkzeug"], ""),
    ("Beamer und Leinwand", "digital", ["Beamer", "Projektor"], ""),
    ("WLAN", "digital", ["Internetzugang", "Internet"], ""),
    ("Leihgeräte", "digital", ["Tablets", "Laptops", "Leih-Tablets"], "Tablets oder Laptops zum Üben."),
    ("Bücher", "material", ["Kinderbücher", "Lesestoff"], ""),
    ("Bastel- und Büromaterial", "material", ["Büromaterial", "Bastelmaterial"], ""),
    ("Kleines Budget", "money", ["Budget", "Sachmittel", "Spende"], "Bis etwa 500 Euro im Jahr für Material und Fahrten."),
    ("Fördermittel", "money", ["Zuschuss", "Förderung"], ""),
    ("Koordinationsstelle", "other", ["Koordination", "Telefonische Disposition"], "Jemand, der Anfragen annimmt und Einsätze verteilt."),
]  # fmt: skip

# Pairs of districts that border each other (the relation is symmetric).
NEIGHBOURS = [
    ("Voßwinkel", "Neheim"), ("Voßwinkel", "Bachum"), ("Bachum", "Neheim"),
    ("Bachum", "Hüsten"), ("Neheim", "Hüsten"), ("Neheim", "Holzen"),
    ("Holzen", "Herdringen"), ("Hüsten", "Herdringen"), ("Hüsten", "Müschede"),
    ("Hüsten", "Bruchhausen"), ("Bruchhausen", "Niedereimer"), ("Niedereimer", "Arnsberg"),
    ("Niedereimer", "Breitenbruch"), ("Arnsberg", "Breitenbruch"), ("Arnsberg", "Uentrop"),
    ("Arnsberg", "Rumbeck"), ("Rumbeck", "Oeventrop"), ("Uentrop", "Oeventrop"),
    ("Breitenbruch", "Uentrop"), ("Arnsberg", "Wennigloh"), ("Wennigloh", "Müschede"),
    ("Müschede", "Herdringen"), ("Bruchhausen", "Müschede"),
]  # fmt: skip

# Persons of alliances.demo.catalogues.PERSONS by index, then further citizens who are
# in no alliance yet: district, consent to be asked (date), competences, resources.
PERSON_PROFILES = {
    0: ("Neheim", "2025-03-01", ["Vorlesen", "Zuhören und Gesprächsführung"], ["Bücher"]),
    1: ("Voßwinkel", "2025-03-01", ["Führerschein Klasse B"], []),
    2: ("Arnsberg", "2025-04-12", ["Deutsch unterrichten", "Türkisch", "Projektorganisation"], []),
    3: ("Neheim", None, ["Technikverständnis", "Vorlesen"], []),
    4: ("Hüsten", None, ["Besuchsdienst"], []),
    5: ("Neheim", "2025-02-20", ["Handwerkliches Geschick", "Elektrokenntnisse"], ["Werkzeug"]),
    6: ("Wennigloh", None, ["Baumschnitt", "Gartenarbeit"], ["Leitern"]),
    7: ("Hüsten", "2025-05-05", ["Deutsch unterrichten", "Russisch", "Ukrainisch"], []),
    8: ("Niedereimer", None, [], []),
    9: ("Rumbeck", "2025-01-30", ["Gastgeberrolle", "Besuchsdienst"], []),
    10: ("Neheim", "2025-06-01", ["Technikverständnis", "Webseiten pflegen"], []),
    11: ("Herdringen", "2025-03-15", ["Naturpädagogik", "Deutsch unterrichten"], []),
}

# first, last, age group index, district, consent to be asked, competences, resources
CANDIDATES = [
    ("Oksana", "Melnyk", 2, "Neheim", "2025-09-01", ["Ukrainisch", "Dolmetschen", "Deutsch unterrichten"], []),
    ("Yusuf", "Al-Hassan", 1, "Hüsten", "2025-08-14", ["Arabisch", "Dolmetschen", "Fahrradreparatur"], []),
    ("Peter", "Brüggemann", 3, "Voßwinkel", "2025-07-03", ["Personenbeförderungsschein", "Führerschein Klasse B"], []),
    ("Karin", "Schmalenbach", 3, "Bachum", "2025-07-20", ["Personenbeförderungsschein", "Erste Hilfe"], []),
    ("Finn", "Lübke", 1, "Neheim", "2025-10-02", ["Personenbeförderungsschein", "Technikverständnis"], []),
    ("Nina", "Schröer", 1, "Voßwinkel", None, ["Personenbeförderungsschein", "Technikverständnis"], []),
    ("Dragan", "Petrović", 2, "Oeventrop", "2025-05-11", ["Schreinerarbeiten", "Malerarbeiten"], ["Transporter"]),
    ("Hildegard", "Wiese", 3, "Rumbeck", "2025-02-02", ["Kochen für Gruppen", "Förderanträge schreiben"], []),
]  # fmt: skip

# Standing offers of the organisations in alliances.demo.catalogues.ORGANISATIONS:
# (organisation, "competence" or "resource", catalogue name, note)
ORGANISATION_OFFERS = [
    ("Sparkasse Arnsberg-Sundern", "resource", "Beamer und Leinwand", "werktags nach Absprache"),
    ("Sparkasse Arnsberg-Sundern", "resource", "Fördermittel", "Stiftungsfonds, Antrag bis 30.9."),
    ("Sparkasse Arnsberg-Sundern", "competence", "Förderanträge schreiben", "Beratung durch die Stiftung"),
    ("Stadtwerke Arnsberg", "resource", "Transporter", "samstags"),
    ("Stadtwerke Arnsberg", "resource", "WLAN", ""),
    ("Leuchtenmanufaktur Neheim", "resource", "Werkstatt", "abends ab 18 Uhr"),
    ("Leuchtenmanufaktur Neheim", "competence", "Elektrokenntnisse", "Auszubildende mit Meisterin"),
    ("Bäckerei Kemper", "resource", "Kleines Budget", "Spende bis 300 Euro im Jahr"),
    ("Franz-Stock-Gymnasium", "resource", "Gruppenraum", "nachmittags"),
    ("Franz-Stock-Gymnasium", "competence", "Technikverständnis", "Schülerinnen und Schüler der Oberstufe"),
    ("Klinikum Hochsauerland", "competence", "Erste Hilfe", "Kurse für Ehrenamtliche"),
    ("Stadtbücherei Arnsberg", "resource", "Bücher", ""),
    ("Stadtbücherei Arnsberg", "resource", "Gruppenraum", "Lesesaal, dienstags bis freitags"),
    ("Fachstelle Zukunft Alter", "resource", "Koordinationsstelle", "Beratungstelefon"),
    ("Fachstelle Zukunft Alter", "competence", "Demenzbegleitung", "Schulungen"),
    ("TuS Oeventrop", "resource", "Sporthalle oder Sportplatz", "vormittags"),
    ("TuS Oeventrop", "resource", "Kleinbus", "Vereinsbus, wochentags"),
    ("Heimatbund Herdringen", "resource", "Saftpresse", "im Herbst"),
    ("Caritas-Verband Arnsberg-Sundern", "competence", "Pflegeerfahrung", "Schulung nach § 45a SGB XI"),
    ("Caritas-Verband Arnsberg-Sundern", "resource", "Raum mit Küche", ""),
    ("Repair-Café Neheim", "resource", "Werkzeug", ""),
    ("Bürgerbusverein Voßwinkel", "resource", "Kleinbus", "werktags nachmittags"),
    ("Bürgerbusverein Voßwinkel", "competence", "Personenbeförderungsschein", "zwei Fahrer"),
]  # fmt: skip
