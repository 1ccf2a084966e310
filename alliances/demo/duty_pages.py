"""Demo duty pages: Impressum, Datenschutz, Barrierefreiheitserklärung — example texts,
marked as such, which the city replaces with its own before going live."""

from datetime import date

from wagtail.models import Site

from cms.models import AccessibilityStatementPage, HomePage, LegalPage, ProgrammeSettings

EXAMPLE_NOTE = (
    "<p><b>Beispieltext:</b> Diese Seite enthält Demodaten. Die Stadt ersetzt sie vor dem "
    "Start durch ihren eigenen, rechtlich geprüften Text.</p>"
)

IMPRINT = EXAMPLE_NOTE + (
    "<h2>Anbieter</h2><p>Stadt Arnsberg (Beispiel), vertreten durch den Bürgermeister, "
    "Rathausplatz 1, 59759 Arnsberg</p>"
    "<h2>Kontakt</h2><p>Telefon: 02932 201-0 (Beispiel)<br>"
    "E-Mail: buergerkommune@arnsberg.de (Beispiel)</p>"
    "<h2>Verantwortlich für den Inhalt</h2><p>Kernteam Bürger-Kommune (Beispiel)</p>"
)

PRIVACY = EXAMPLE_NOTE + (
    "<h2>Wer verarbeitet Ihre Daten?</h2><p>Verantwortlich ist die Stadt Arnsberg "
    "(Beispiel). Die oder der Datenschutzbeauftragte ist unter "
    "datenschutz@arnsberg.de (Beispiel) erreichbar.</p>"
    "<h2>Mitmachen und Melden</h2><p>Wenn Sie sich für eine Allianz anmelden oder einen "
    "Bedarf melden, speichern wir Ihre Angaben nur mit Ihrer Einwilligung "
    "(Art. 6 Abs. 1 lit. a DSGVO) und nur, um Sie zu kontaktieren. Unbestätigte "
    "Anmeldungen löschen wir nach sieben Tagen.</p>"
    "<h2>Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, "
    "Einschränkung der Verarbeitung und Widerruf Ihrer Einwilligung sowie ein "
    "Beschwerderecht bei der Landesbeauftragten für Datenschutz und Informationsfreiheit "
    "Nordrhein-Westfalen.</p>"
    "<h2>Keine Dienste Dritter</h2><p>Diese Website lädt keine Schriften, Karten oder "
    "Skripte von anderen Servern und setzt keine Cookies zur Analyse.</p>"
)


def _page(home, model, slug, **fields):
    page = model.objects.filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_duty_pages() -> None:
    home = HomePage.objects.get()
    imprint = _page(home, LegalPage, "impressum", title="Impressum", body=IMPRINT)
    privacy = _page(home, LegalPage, "datenschutz", title="Datenschutz", body=PRIVACY)
    statement = _page(
        home,
        AccessibilityStatementPage,
        "barrierefreiheit",
        title="Erklärung zur Barrierefreiheit",
        intro=EXAMPLE_NOTE + "<p>Die Stadt Arnsberg ist bemüht, ihre Website im Einklang mit dem "
        "Behindertengleichstellungsgesetz NRW und der BITV 2.0 barrierefrei zugänglich zu "
        "machen. Diese Erklärung gilt für die Website der Arnsberger Allianzen.</p>",
        conformance=AccessibilityStatementPage.Conformance.PARTIAL,
        not_accessible="<ul><li>Beispiel: Ältere PDF-Dokumente im Bereich Offene Daten "
        "sind noch nicht barrierefrei. Sie werden bis Ende 2026 ersetzt.</li></ul>",
        prepared_on=date(2026, 11, 1),
        feedback_contact="Kernteam Bürger-Kommune, Stadt Arnsberg (Beispiel)",
        feedback_email="barrierefreiheit@arnsberg.de",
        feedback_phone="02932 201-0",
    )
    site = Site.objects.get(is_default_site=True)
    settings = ProgrammeSettings.for_site(site)
    settings.imprint_page = settings.imprint_page or imprint
    settings.privacy_page = settings.privacy_page or privacy
    settings.accessibility_page = settings.accessibility_page or statement
    settings.save()
