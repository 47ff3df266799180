"""The gap report as a lead reads it: the summary first and filtered as the table is, a cell per
requirement (blank where nothing is required, recommended muted), the order by gaps, the cards
for a phone and the lists per competence for paper."""

from __future__ import annotations

import re
from datetime import date

import pytest


def figures(html: str) -> dict[str, str]:
    """The headline figures, ``{label: value}``, the label's status badge as its word."""
    found = {}
    for label, value in re.findall(
        r'<div class="figure[^"]*"><dt>(.*?)</dt><dd>(.*?)</dd>', html, re.S
    ):
        found[" ".join(re.sub(r"<[^>]+>|[✓✗!…○]", " ", label).split())] = value
    return found


def tally_rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of a summary table, ``{label: [cells]}``."""
    table = re.search(rf"<caption>{caption}</caption>(.*?)</table>", html, re.S)
    assert table, caption
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table.group(1), re.S)
    return {label: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for label, cells in rows}


def names_in_matrix(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/people/\d+">([^<]+)</a>', html)


def cell_of(html: str, name: str, column: int) -> str:
    """The markup of one cell of the matrix: ``name``'s row, ``column`` counted from 0 among
    the competences."""
    row = re.search(rf">{name}</a>.*?</th>(.*?)</tr>", html, re.S)
    assert row, name
    cells = re.findall(r"<td[^>]*>.*?</td>|<td[^>]*></td>", row.group(1), re.S)
    return cells[1 + column]  # after the number of gaps


def person_cards(html: str) -> dict[str, str]:
    """The phone's cards, ``{name: markup}``."""
    cards = html[html.index('<ul class="gap-cards"') : html.index('class="gap-lists"')]
    found = {}
    for card in cards.split('<li class="card gap-card">')[1:]:
        name = re.search(r"<h3><a[^>]*>([^<]+)</a></h3>", card)
        assert name, card
        found[name.group(1)] = card
    return found


@pytest.fixture
def wider_org(gap_org, make_position, make_competence, make_requirement, make_person):
    """``gap_org`` and a second position that requires HLR and fire safety (mandatory) but not
    Taushetsplikt, held by Zzz Mest in unit A, who has neither: two gaps."""
    clerk = make_position("Sekretær")
    fire = make_competence("brann", 12, kind="external", name="Brannvern")
    make_requirement(clerk, gap_org.hlr)
    make_requirement(clerk, fire)
    gap_org.clerk, gap_org.fire = clerk, fire
    gap_org.most = make_person(unit=gap_org.a, position=clerk, name="Zzz Mest", email="z@a.test")
    return gap_org


def test_summary_and_chart_come_before_the_table(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert page.index('id="summary-heading"') < page.index("<svg") < page.index("gap-matrix")
    assert figures(page)["Påkrevde oppfylt"] == "100 %"  # A's one mandatory: expiring, so met


def test_the_summary_follows_every_filter(client, auth, wider_org, make_position):
    org = wider_org
    auth.login(org.admin)
    everyone = client.get("/reports/gaps").get_data(as_text=True)
    assert set(tally_rows(everyone, "Per enhet")) == {"Enhet A", "Enhet B"}
    assert figures(everyone)["Påkrevde: Mangler"] == "3"  # B's HLR, Zzz's HLR and fire safety

    by_unit = client.get(f"/reports/gaps?unit={org.b.id}").get_data(as_text=True)
    assert names_in_matrix(by_unit) == ["Ansatt B"]
    assert set(tally_rows(by_unit, "Per enhet")) == {"Enhet B"}
    assert figures(by_unit)["Påkrevde: Mangler"] == "1"
    assert figures(by_unit)["Anbefalte som mangler eller er utløpt"] == "1"

    by_position = client.get(f"/reports/gaps?position={org.clerk.id}").get_data(as_text=True)
    assert names_in_matrix(by_position) == ["Zzz Mest"]
    assert set(tally_rows(by_position, "Per kompetanse")) == {"Brannvern", "HLR"}
    assert figures(by_position)["Påkrevde oppfylt"] == "0 %"

    by_competence = client.get(f"/reports/gaps?competence={org.secrecy.id}").get_data(True)
    assert set(tally_rows(by_competence, "Per kompetanse")) == {"Taushetsplikt"}
    assert figures(by_competence)["Påkrevde: Mangler"] == "0"  # recommended only
    assert figures(by_competence)["Anbefalte som mangler eller er utløpt"] == "2"

    by_status = client.get("/reports/gaps?status=expiring").get_data(as_text=True)
    assert names_in_matrix(by_status) == ["Ansatt A"]
    assert set(tally_rows(by_status, "Per enhet")) == {"Enhet A"}
    assert figures(by_status)["Påkrevde: Utløper snart"] == "1"
    assert figures(by_status)["Påkrevde: Mangler"] == "0"

    nobody = make_position("Ingen har den")
    empty = client.get(f"/reports/gaps?position={nobody.id}").get_data(as_text=True)
    assert tally_rows(empty, "Per enhet") == {}
    assert figures(empty)["Påkrevde oppfylt"] == "–"


def test_summary_page_and_print_view_follow_the_filter_too(client, auth, wider_org):
    auth.login(wider_org.admin)
    for url in ("/reports/gaps/summary", "/reports/gaps/print"):
        page = client.get(f"{url}?unit={wider_org.b.id}").get_data(as_text=True)
        assert set(tally_rows(page, "Per enhet")) == {"Enhet B"}, url
        assert "Filter: Enhet: Enhet B" in page, url


def test_a_cell_says_its_status_and_dates_blank_where_nothing_is_required(
    client, auth, wider_org, make_record
):
    org = wider_org
    make_record(org.employee, org.secrecy, date(2026, 3, 2))
    auth.login(org.lead_a)
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert "ikke krav" not in page
    columns = re.findall(r'class="gap-matrix__competence">([^<]+)<', page)
    assert columns == ["Brannvern", "HLR", "Taushetsplikt"]

    expiring = cell_of(page, "Ansatt A", 1)
    assert "status--expiring" in expiring
    assert 'title="tatt 10.01.2025, gyldig til 10.01.2027"' in expiring
    assert '<span class="visually-hidden">, tatt 10.01.2025, gyldig til 10.01.2027</span>' in (
        expiring
    )
    # Recommended and held: the same sign and word, muted, and «anbefalt» in its name.
    recommended = cell_of(page, "Ansatt A", 2)
    assert "gap-cell--recommended" in recommended
    assert "status--ok" in recommended
    assert '<span class="visually-hidden">, anbefalt, tatt 02.03.2026' in recommended
    # Nothing required of Ansatt A in fire safety, nor of Zzz in Taushetsplikt: blank cells.
    assert cell_of(page, "Ansatt A", 0) == '<td class="gap-cell gap-cell--none"></td>'
    assert cell_of(page, "Zzz Mest", 2) == '<td class="gap-cell gap-cell--none"></td>'
    missing = cell_of(page, "Zzz Mest", 0)
    assert "status--missing" in missing
    assert "frist var 31.01.2020" in missing  # 30 days after the start on 01.01.2020


def test_a_recommended_gap_never_wears_the_red_mangler(client, auth, gap_org):
    auth.login(gap_org.lead_b)
    page = client.get("/reports/gaps").get_data(as_text=True)
    hlr, secrecy = cell_of(page, "Ansatt B", 0), cell_of(page, "Ansatt B", 1)
    assert 'class="status status--missing"' in hlr
    assert "Mangler" in hlr
    assert "gap-cell--recommended" in secrecy
    assert "status--recommended" in secrecy
    assert "Anbefalt, ikke tatt" in secrecy
    assert 'class="status status--missing"' not in secrecy
    # Nor does it count as one of the person's gaps.
    row = re.search(r">Ansatt B</a>.*?</th>\s*<td class=\"num\">(\d+)</td>", page, re.S)
    assert row
    assert row.group(1) == "1"


def test_sorting_by_gaps_descending_puts_the_most_gaps_first(client, auth, wider_org):
    auth.login(wider_org.admin)
    descending = client.get("/reports/gaps?sort=gaps&order=desc").get_data(as_text=True)
    assert names_in_matrix(descending) == ["Zzz Mest", "Ansatt B", "Ansatt A"]
    ascending = client.get("/reports/gaps?sort=gaps&order=asc").get_data(as_text=True)
    assert names_in_matrix(ascending) == ["Ansatt A", "Ansatt B", "Zzz Mest"]


def test_a_card_per_person_lists_what_is_open(client, auth, wider_org):
    auth.login(wider_org.lead_a)
    page = client.get("/reports/gaps").get_data(as_text=True)
    cards = person_cards(page)
    assert list(cards) == names_in_matrix(page)
    zzz, ansatt = cards["Zzz Mest"], cards["Ansatt A"]
    assert "mangler 2 påkrevde" in zzz
    assert re.findall(r"</span>\s+(Brannvern|HLR) ", zzz) == ["Brannvern", "HLR"]
    assert "har alt påkrevd" in ansatt  # expiring, but still valid
    assert re.search(r"Utløper snart</span>\s+HLR", ansatt)
    assert "gyldig til 10.01.2027" in ansatt  # the date in plain sight on a card


def test_paper_lists_every_competence_with_who_lacks_it(client, auth, wider_org):
    auth.login(wider_org.lead_a)
    page = client.get("/reports/gaps/print").get_data(as_text=True)
    lists = page[page.index('id="gap-lists-heading"') :]
    for competence in ("Brannvern", "HLR", "Taushetsplikt"):
        assert re.search(rf'<h3 id="gap-list-\d+">{competence}</h3>', lists), competence
    hlr = re.search(r">HLR</h3>(.*?)</section>", lists, re.S).group(1)
    assert "Zzz Mest" in hlr
    assert "Ansatt A" in hlr
    assert "gyldig til 10.01.2027" in hlr
    assert "Per 22.11.2026" in page
    assert "Uten filter" in page
