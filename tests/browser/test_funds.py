"""The issue's "done when", in real Chromium on the demo organisation: from a self-assessment
and an application to a need, a part approval, a refused overspend and the training plan."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from portal.money import parse_kroner
from tests.browser.conftest import log_in

YEAR = date.today().year
ROUND = f"Høst {YEAR}"
HLR = "HLR – grunnkurs i hjerte-lungeredning"
COURSE = "HLR-kurs for helsesekretærer"
NEED = "Oppfriskning i hjerte-lungeredning"


def log_out(page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def remaining_ore(page) -> int:
    return parse_kroner(page.get_by_test_id("remaining").inner_text())


def course_day() -> str:
    """A day in this year's budget, a little ahead when the year allows it."""
    return min(date.today() + timedelta(days=20), date(YEAR, 12, 31)).isoformat()


def employee_assesses_and_applies(page, check_a11y) -> None:
    log_in(page, "sekretaer@leknes.example")
    page.get_by_role("link", name=f"Fyll ut egenvurderingen for {ROUND}").click()
    check_a11y(page)
    for group in page.get_by_role("main").get_by_role("group").all():
        group.get_by_label("Trygg – jeg klarer dette på egen hånd").check()
    page.get_by_role("group", name=HLR).get_by_label(
        "Trenger opplæring – jeg kan lite om dette ennå"
    ).check()
    page.get_by_label("Ønsker for opplæring").fill("Jeg vil gjerne ta HLR-kurset på nytt.")
    page.get_by_role("button", name="Lagre egenvurderingen").click()
    assert page.get_by_text("Egenvurderingen er lagret. Takk!").is_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kurspott").click()
    page.get_by_role("link", name="Søk om kurs").click()
    check_a11y(page)
    page.get_by_label("Kurs eller utdanning").fill(COURSE)
    page.get_by_label("Arrangør").fill("Norsk Røde Kors")
    page.get_by_label("Første dag").fill(course_day())
    page.get_by_label("Siste dag").fill(course_day())
    page.get_by_label("Kursavgift (kr)").fill("1.900")  # a full stop is refused, not guessed
    page.get_by_label("Reise (kr)").fill("600")
    page.get_by_label("Begrunnelse").fill("HLR-kurset mitt har gått ut.")
    page.get_by_role("button", name="Send søknad").click()
    assert page.get_by_text("Bruk komma før øre").is_visible()
    check_a11y(page)
    page.get_by_label("Kursavgift (kr)").fill("1 900,00")
    page.get_by_role("button", name="Send søknad").click()
    assert page.get_by_text("Søknaden er sendt til lederen din.").is_visible()
    assert page.get_by_text("2\u00a0500\u00a0kr").first.is_visible()
    check_a11y(page)
    log_out(page)


def test_from_self_assessment_to_a_funded_training_plan(page, check_a11y):
    employee_assesses_and_applies(page, check_a11y)

    # The lead sees the gap and the wish side by side, and records a need.
    log_in(page, "leder@leknes.example")
    assert page.get_by_role("link", name=COURSE).is_visible()  # waiting for my decision
    assert page.get_by_text(f"Ny kurssøknad fra Siri Olsen: {COURSE}").is_visible()  # a task
    check_a11y(page)
    page.get_by_role("link", name="Opplæringsbehov").click()
    check_a11y(page)
    page.get_by_role("link", name=ROUND, exact=True).click()
    check_a11y(page)
    page.get_by_role("link", name="Siri Olsen").click()
    hlr_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=HLR))
    assert "Utløpt" in hlr_row.inner_text()
    assert "1 – Trenger opplæring" in hlr_row.inner_text()
    assert page.get_by_test_id("wishes").inner_text() == "Jeg vil gjerne ta HLR-kurset på nytt."
    check_a11y(page)
    page.get_by_label("Hva trengs").fill(NEED)
    page.get_by_label("Kompetanse (valgfritt)").select_option(label=HLR)
    page.get_by_label("Høy").check()
    page.get_by_label("Tiltak").select_option(label="Eksternt kurs")
    page.get_by_label("Måldato").fill(course_day())
    page.get_by_label("Anslått kostnad (kr)").fill("2 500")
    page.get_by_role("button", name="Registrer behovet").click()
    assert page.get_by_text("Behovet er registrert.").is_visible()
    check_a11y(page)

    # Approve in part: the remaining budget drops by exactly that amount.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kurspott").click()
    check_a11y(page)
    page.get_by_role("link", name=COURSE).first.click()
    before = remaining_ore(page)
    check_a11y(page)
    page.get_by_label("Innvilg delvis").check()
    page.get_by_label("Innvilget beløp ved delvis innvilgelse (kr)").fill("1 800,50")
    page.get_by_label("Begrunnelse").fill("Reisen dekkes ikke av kurspotten.")
    page.get_by_role("button", name="Lagre avgjørelsen").click()
    assert page.get_by_text("Avgjørelsen er lagret, og søkeren er varslet.").is_visible()
    page.goto("/funds/")
    page.get_by_role("link", name="Leknes legesenter").click()
    assert remaining_ore(page) == before - 180_050
    check_a11y(page)

    # An approval above what remains is refused with a clear message and commits nothing.
    committed = parse_kroner(page.locator("dl.facts dd").nth(1).inner_text())
    spent = parse_kroner(page.locator("dl.facts dd").nth(2).inner_text())
    page.get_by_label("Kurspott (kr)").fill(
        f"{(committed + spent) // 100 + 1000},{(committed + spent) % 100:02d}"
    )
    page.get_by_role("button", name="Lagre kurspott").click()
    assert remaining_ore(page) == 100_000
    page.get_by_role("link", name="HLR-kurs med hjertestarter").click()  # the demo's 1 900 kr
    page.get_by_label("Innvilg i sin helhet").check()
    page.get_by_label("Begrunnelse").fill("Viktig kurs.")
    page.get_by_role("button", name="Lagre avgjørelsen").click()
    assert page.get_by_text(
        "Beløpet er større enn det som er igjen i kurspotten "
        "(1\u00a0000\u00a0kr). Ingenting er innvilget."
    ).is_visible()
    assert remaining_ore(page) == 100_000
    check_a11y(page)

    page.get_by_role("link", name="Kurspott").first.click()
    page.get_by_role("link", name="Leknes legesenter").click()
    page.get_by_role("link", name="Prognose for neste år").click()
    assert page.get_by_text("Foreslått kurspott:").is_visible()
    check_a11y(page)

    # The training plan, as a page, a CSV and a PDF.
    page.get_by_role("link", name="Opplæringsbehov").click()
    page.get_by_role("link", name="Opplæringsplan for Leknes legesenter").click()
    assert page.get_by_role("rowheader", name=NEED).is_visible()
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert NEED in csv_text
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    plan_url = page.url
    log_out(page)

    # Another unit's lead sees none of it.
    log_in(page, "leder@lofotleger.example")
    assert not page.get_by_text(COURSE).count()
    page.goto("/funds/")
    assert not page.get_by_text(COURSE).count()
    assert not page.get_by_text("Leknes legesenter").count()
    page.goto("/needs/")
    assert not page.get_by_text(ROUND).count()
    assert page.goto(plan_url).status == 403
    check_a11y(page)


def test_employee_pages_are_accessible_and_private(page, check_a11y):
    log_in(page, "sekretaer@leknes.example")
    page.goto("/needs/")
    check_a11y(page)
    page.get_by_role("link", name="Søk om kurs").click()  # from the HLR need in the demo
    assert page.get_by_label("Kurs eller utdanning").input_value() == "Fornye HLR-kurset"
    page.goto("/funds/")
    assert not page.get_by_text("Instruktørkurs i HLR").count()  # a colleague's application
    check_a11y(page)
    assert page.goto("/funds/units/1").status == 403
