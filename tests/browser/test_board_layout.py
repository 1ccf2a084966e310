"""The board fits a 1280 px screen: every column within the screen and readable (no word
broken in a heading or card title), the main line of the pipeline in one row, the filters in
one row, the kind filter only where there are kinds."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READABLE_COLUMN_PX = 100  # about 12 characters of the board's text per line

LAYOUT = r"""() => {
    const board = document.querySelector(".board");
    const scrolls = board.scrollWidth > board.clientWidth + 1
        && ["auto", "scroll"].includes(getComputedStyle(board).overflowX);
    const viewport = document.documentElement.clientWidth;
    const probe = document.createElement("span");
    probe.style.whiteSpace = "nowrap";
    probe.style.position = "absolute";
    document.body.append(probe);
    // The widest word of a heading or card title, against the width it has: a word wider
    // than its box is broken in the middle, which is what makes a column unreadable.
    const brokenWords = (element) => {
        probe.style.font = getComputedStyle(element).font;
        return element.textContent.split(/\s+/).filter(Boolean).filter((word) => {
            probe.textContent = word;
            return probe.getBoundingClientRect().width > element.clientWidth + 0.5;
        });
    };
    const columns = [...board.querySelectorAll(".board__column")].map((column) => {
        const box = column.getBoundingClientRect();
        const heading = column.querySelector("h2");
        return {
            stage: column.dataset.stage,
            left: box.left, right: box.right, width: box.width, top: Math.round(box.top),
            brokenWords: [heading, ...column.querySelectorAll(".board__card h3")]
                .flatMap(brokenWords),
        };
    });
    const filters = [...document.querySelectorAll(".board-filters > *:not([type=hidden])")]
        .map((element) => Math.round(element.getBoundingClientRect().bottom));
    const filterNames = [...document.querySelectorAll(".board-filters [name]")]
        .map((element) => element.name);
    probe.remove();
    return {scrolls, viewport, columns, filters, filterNames,
            pageScrollsSideways: document.documentElement.scrollWidth > viewport + 1};
}"""


def test_the_board_fits_1280_px(demo, browser):
    page = log_in(browser, demo, "kernteam", viewport=(1280, 800))
    for tab, stages, kind_filter, main_line in [
        ("items", 8, True, 5),  # captured … alliance active; then on hold, declined, closed
        ("services", 3, False, 3),
        ("alliances", 5, False, 5),
    ]:
        page.goto(f"/admin/kernteam/board/?tab={tab}")
        page.wait_for_selector(".board .board__column")
        layout = page.evaluate(LAYOUT)
        assert len(layout["columns"]) == stages, tab
        assert not layout["pageScrollsSideways"], tab
        for column in layout["columns"]:
            assert column["width"] >= READABLE_COLUMN_PX, (tab, column)
            assert not column["brokenWords"], (tab, column)
            if not layout["scrolls"]:  # else the board scrolls in its own box
                assert column["left"] >= 0 and column["right"] <= layout["viewport"], (tab, column)
        # The main line of the pipeline reads left to right in one row.
        assert len({column["top"] for column in layout["columns"][:main_line]}) == 1, tab
        # One row of filters: every filter (and the button) ends on the same line.
        assert max(layout["filters"]) - min(layout["filters"]) <= 4, (tab, layout["filters"])
        assert ("kind" in layout["filterNames"]) is kind_filter, tab
        # Together the filters take a small part of the first screen.
        filters_height = page.locator(".board-filters").bounding_box()["height"]
        assert filters_height < 0.15 * 800, (tab, filters_height)
    page.context.close()
