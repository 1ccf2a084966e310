"""Report charts: labels that fit (wrapped, the full text as a tooltip), a legend, numbers
as Germans read them."""

from decimal import Decimal

from bs4 import BeautifulSoup

from alliances.reports.charts import BAR_COLOUR, HIGHLIGHT_COLOUR, LABEL_CHARS, Bar, bar_chart

LONG = "Betreuungsquote für Kinder unter drei Jahren im Stadtteil Neheim-Hüsten (Ratsbeschluss)"


def test_long_labels_wrap_and_keep_their_full_text():
    svg = BeautifulSoup(bar_chart([Bar(LONG, 3)], title="T"), "html.parser")
    label = svg.select("g text")[0]
    assert label.title.get_text() == LONG
    lines = [tspan.get_text() for tspan in label.select("tspan")]
    assert 1 < len(lines) <= 2
    assert all(len(line) <= LABEL_CHARS for line in lines)


def test_a_legend_explains_the_colours():
    svg = BeautifulSoup(
        bar_chart(
            [Bar("Neheim", 2, highlight=True)],
            title="T",
            legend=[(BAR_COLOUR, "Offene Einträge"), (HIGHLIGHT_COLOUR, "Keine aktive Allianz")],
        ),
        "html.parser",
    )
    legend = svg.select(".report-chart__legend")
    assert [g.get_text() for g in legend] == ["Offene Einträge", "Keine aktive Allianz"]
    assert [g.rect["fill"] for g in legend] == [BAR_COLOUR, HIGHLIGHT_COLOUR]


def test_counts_without_decimals_and_decimals_with_a_comma(settings):
    from django.utils import translation

    with translation.override("de"):
        svg = bar_chart(
            [Bar("Quartiere", Decimal("2.00")), Bar("Quote", Decimal("12.50"))], title="T"
        )
    assert ">2<" in svg and "2,00" not in svg
    assert ">12,5<" in svg
