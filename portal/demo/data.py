"""The demo organisation: Enhet Allmennlegetjenester in Vestvågøy, from its organisation plan.

Records are given as days relative to the day the demo is loaded, so the gap report shows
every status whenever it is loaded. Each record is ``(competence, achieved_days_ago)``; its
expiry follows from the competence's validity unless ``expires_in`` (days from today) is given.
"""

from __future__ import annotations

ROOT = "Enhet Allmennlegetjenester"
LEKNES = "Leknes legesenter"
LOFOTLEGER = "Lofotleger AS"
LEGEVAKT = "Lofoten interkommunale legevakt"
UNITS = [(ROOT, None), (LEKNES, ROOT), (LOFOTLEGER, ROOT), (LEGEVAKT, ROOT)]

POSITIONS = [
    ("enhetsleder", "Enhetsleder"),
    ("avdelingsleder", "Avdelingsleder"),
    ("ledende-helsesekretaer", "Ledende helsesekretær"),
    ("helsesekretaer", "Helsesekretær"),
    ("helsesekretaerelev", "Helsesekretærelev"),
    ("sykepleier-legekontor", "Sykepleier på legekontor"),
    ("sykepleier-legevakt", "Sykepleier/annet helsepersonell på legevakt"),
    ("sekretaer-merkantil", "Sekretær/merkantil ressurs"),
    ("fastlege", "Fastlege"),
]

# code, name, kind, validity in months (None: no expiry), description
COMPETENCES = [
    (
        "taushetsplikt",
        "Taushetsplikt",
        "course",
        24,
        "Helsepersonelloven kapittel 5: hovedregelen, snokeforbudet, samtykke og unntak.",
    ),
    (
        "delegering",
        "Delegering og forsvarlighet",
        "course",
        36,
        "Helsepersonelloven §§ 4 og 5: forsvarlighet og bruk av medhjelpere.",
    ),
    (
        "etikk",
        "Etikk for helsesekretærer",
        "course",
        36,
        "De yrkesetiske retningslinjene for helsesekretærer.",
    ),
    (
        "informasjonssikkerhet",
        "Digitale systemer og informasjonssikkerhet",
        "course",
        12,
        "EPJ, tilgang etter tjenstlig behov, logg, passord, avvik og Normen.",
    ),
    (
        "rolle-autorisasjon",
        "Helsesekretærens rolle og autorisasjon",
        "course",
        None,
        "Autorisasjon som helsepersonell og dokumentasjonsplikt.",
    ),
    (
        "hlr",
        "HLR – grunnkurs i hjerte-lungeredning",
        "external",
        24,
        "Grunnkurs i hjerte-lungeredning med hjertestarter, med godkjent instruktør.",
    ),
    (
        "autorisasjon-helsesekretaer",
        "Autorisasjon som helsesekretær",
        "external",
        None,
        "Autorisasjon fra Helsedirektoratet (helsepersonelloven § 48).",
    ),
    (
        "brannvern",
        "Brannvern og rømningsveier",
        "external",
        12,
        "Årlig brannvernopplæring med lokal instruks og rømningsveier.",
    ),
    (
        "akuttmedisin-legevakt",
        "Akuttmedisinkurs for legevakt",
        "external",
        60,
        "Obligatorisk kurs i akuttmedisin for personell i legevakt.",
    ),
    (
        "timebok",
        "Opplæring i timebok og telefon",
        "signoff",
        None,
        "Praktisk opplæring i timebok, telefon og skranke, kvittert ut av fadder.",
    ),
    (
        "laboratorierutiner",
        "Laboratorierutiner",
        "signoff",
        24,
        "Prøvetaking, analyser og forsendelse etter kontorets prosedyrer.",
    ),
    (
        "epj-superbruker",
        "Superbruker EPJ",
        "signoff",
        None,
        "Superbruker i journalsystemet: førstelinje for kolleger, opplæring og kontakt med IT.",
    ),
]

# position → [(competence, mandatory, due days after starting in the position)]
REQUIREMENTS = {
    "helsesekretaer": [
        ("autorisasjon-helsesekretaer", True, 0),
        ("taushetsplikt", True, 14),
        ("informasjonssikkerhet", True, 14),
        ("timebok", True, 30),
        ("brannvern", True, 30),
        ("delegering", True, 60),
        ("etikk", True, 90),
        ("rolle-autorisasjon", True, 90),
        ("hlr", True, 180),
        ("laboratorierutiner", False, 90),
    ],
    "ledende-helsesekretaer": [
        ("autorisasjon-helsesekretaer", True, 0),
        ("taushetsplikt", True, 14),
        ("informasjonssikkerhet", True, 14),
        ("brannvern", True, 30),
        ("delegering", True, 60),
        ("etikk", True, 90),
        ("rolle-autorisasjon", True, 90),
        ("hlr", True, 180),
        ("epj-superbruker", True, 180),
    ],
    "helsesekretaerelev": [
        ("taushetsplikt", True, 7),
        ("informasjonssikkerhet", True, 14),
        ("brannvern", True, 30),
        ("etikk", False, 60),
    ],
    "sykepleier-legekontor": [
        ("taushetsplikt", True, 30),
        ("informasjonssikkerhet", True, 30),
        ("brannvern", True, 30),
        ("delegering", True, 60),
        ("hlr", True, 90),
        ("etikk", False, 90),
    ],
    "sykepleier-legevakt": [
        ("taushetsplikt", True, 30),
        ("informasjonssikkerhet", True, 30),
        ("brannvern", True, 30),
        ("hlr", True, 30),
        ("akuttmedisin-legevakt", True, 180),
    ],
    "sekretaer-merkantil": [
        ("taushetsplikt", True, 14),
        ("informasjonssikkerhet", True, 14),
        ("brannvern", True, 30),
        ("epj-superbruker", False, 180),
    ],
    "avdelingsleder": [
        ("taushetsplikt", True, 30),
        ("informasjonssikkerhet", True, 30),
        ("brannvern", True, 30),
    ],
}

# unit, competence, minimum active holders. Leknes has one EPJ super user and breaches its rule.
COVERAGE_RULES = [
    (LEKNES, "epj-superbruker", 2),
    (LOFOTLEGER, "epj-superbruker", 1),
    (LEGEVAKT, "hlr", 4),
]

# A full, current set of records for a secretary who has been there for years.
_SETTLED = [
    ("autorisasjon-helsesekretaer", 3000),
    ("taushetsplikt", 200),
    ("informasjonssikkerhet", 100),
    ("timebok", 2900),
    ("brannvern", 150),
    ("delegering", 400),
    ("etikk", 500),
    ("rolle-autorisasjon", 2800),
    ("hlr", 300),
]
_NURSE = [("taushetsplikt", 120), ("informasjonssikkerhet", 90), ("brannvern", 60), ("hlr", 200)]


def _replace(records, **days_ago):
    """``records`` with some competences achieved on other days (None drops them)."""
    changed = [(code, days_ago.get(code, ago)) for code, ago in records]
    return [(code, ago) for code, ago in changed if ago is not None]


# A lead and their stand-in (stedfortreder) for this month, in all the lead's units.
DEPUTIES = [("leder@legevakt.example", "anders.haug@legevakt.example")]

# A second, smaller job in another unit: (email, unit, position, percent, first day as months
# back from the first of this month). Line Mikkelsen took shifts at the legevakt, where the
# organisation plan's position for other health personnel than nurses requires the legevakt's
# akuttmedisinkurs within six months, not yet due; Leknes requires it of nobody.
SECOND_JOBS = [("line.mikkelsen@leknes.example", LEGEVAKT, "sykepleier-legevakt", 20, 3)]

# email, name, unit, position, start (days ago), percent, access, records, led units
PEOPLE = [
    ("admin@demo.example", "Anne Administrator", ROOT, None, 2000, 100, "admin", [], []),
    # Leknes legesenter: every status of the gap report is here.
    (
        "leder@leknes.example",
        "Hanne Johansen",
        LEKNES,
        "ledende-helsesekretaer",
        4000,
        100,
        "lead",
        _replace(_SETTLED, timebok=None, informasjonssikkerhet=330),
        [LEKNES],
    ),
    (
        "sekretaer@leknes.example",
        "Siri Olsen",
        LEKNES,
        "helsesekretaer",
        2500,
        80,
        "employee",
        _replace(_SETTLED, taushetsplikt=800, hlr=760, informasjonssikkerhet=320, brannvern=340),
        [],
    ),
    (
        "nyansatt@leknes.example",
        "Nora Hansen",
        LEKNES,
        "helsesekretaer",
        9,
        100,
        "employee",
        [("autorisasjon-helsesekretaer", 400)],
        [],
    ),
    (
        "mentor@leknes.example",
        "Marte Berg",
        LEKNES,
        "helsesekretaer",
        3200,
        100,
        "employee",
        _SETTLED + [("laboratorierutiner", 200), ("epj-superbruker", 1500)],
        [],
    ),
    (
        "kari.nilsen@leknes.example",
        "Kari Nilsen",
        LEKNES,
        "helsesekretaer",
        300,
        100,
        "employee",
        _replace(_SETTLED, delegering=None, etikk=None, timebok=280),
        [],
    ),
    (
        "jonas.eriksen@leknes.example",
        "Jonas Eriksen",
        LEKNES,
        "helsesekretaer",
        1800,
        50,
        "employee",
        _replace(_SETTLED, hlr=700, taushetsplikt=690),
        [],
    ),
    (
        "line.mikkelsen@leknes.example",
        "Line Mikkelsen",
        LEKNES,
        "helsesekretaer",
        5000,
        60,
        "employee",
        _SETTLED + [("laboratorierutiner", 100)],
        [],
    ),
    (
        "ingrid.pedersen@leknes.example",
        "Ingrid Pedersen",
        LEKNES,
        "sykepleier-legekontor",
        900,
        100,
        "employee",
        _NURSE + [("delegering", 800)],
        [],
    ),
    (
        "emma.karlsen@leknes.example",
        "Emma Karlsen",
        LEKNES,
        "helsesekretaerelev",
        20,
        100,
        "employee",
        [("taushetsplikt", 10)],
        [],
    ),
    (
        "ida.andersen@leknes.example",
        "Ida Andersen",
        LEKNES,
        "sekretaer-merkantil",
        1200,
        60,
        "employee",
        [("taushetsplikt", 500), ("informasjonssikkerhet", 380), ("brannvern", 200)],
        [],
    ),
    # Lofotleger AS
    (
        "leder@lofotleger.example",
        "Tone Hagen",
        LOFOTLEGER,
        "ledende-helsesekretaer",
        3500,
        100,
        "lead",
        _SETTLED + [("epj-superbruker", 2000)],
        [LOFOTLEGER],
    ),
    (
        "camilla.lund@lofotleger.example",
        "Camilla Lund",
        LOFOTLEGER,
        "helsesekretaer",
        1500,
        100,
        "employee",
        _SETTLED,
        [],
    ),
    (
        "sofie.jakobsen@lofotleger.example",
        "Sofie Jakobsen",
        LOFOTLEGER,
        "helsesekretaer",
        700,
        80,
        "employee",
        _replace(_SETTLED, informasjonssikkerhet=400),
        [],
    ),
    (
        "maria.strand@lofotleger.example",
        "Maria Strand",
        LOFOTLEGER,
        "helsesekretaer",
        60,
        100,
        "employee",
        [
            ("autorisasjon-helsesekretaer", 900),
            ("taushetsplikt", 50),
            ("informasjonssikkerhet", 50),
            ("timebok", 30),
        ],
        [],
    ),
    (
        "eva.moe@lofotleger.example",
        "Eva Moe",
        LOFOTLEGER,
        "sekretaer-merkantil",
        2200,
        100,
        "employee",
        [("taushetsplikt", 600), ("informasjonssikkerhet", 200), ("brannvern", 100)],
        [],
    ),
    (
        "henrik.bakken@lofotleger.example",
        "Henrik Bakken",
        LOFOTLEGER,
        "helsesekretaer",
        2600,
        60,
        "employee",
        _replace(_SETTLED, etikk=1200),
        [],
    ),
    # Lofoten interkommunale legevakt
    (
        "leder@legevakt.example",
        "Per Solberg",
        LEGEVAKT,
        "avdelingsleder",
        3000,
        100,
        "lead",
        [("taushetsplikt", 300), ("informasjonssikkerhet", 250), ("brannvern", 100)],
        [LEGEVAKT],
    ),
    (
        "anders.haug@legevakt.example",
        "Anders Haug",
        LEGEVAKT,
        "sykepleier-legevakt",
        1600,
        100,
        "employee",
        _NURSE + [("akuttmedisin-legevakt", 1000)],
        [],
    ),
    (
        "silje.berntsen@legevakt.example",
        "Silje Berntsen",
        LEGEVAKT,
        "sykepleier-legevakt",
        800,
        75,
        "employee",
        _NURSE + [("akuttmedisin-legevakt", 700)],
        [],
    ),
    (
        "thomas.ness@legevakt.example",
        "Thomas Ness",
        LEGEVAKT,
        "sykepleier-legevakt",
        400,
        100,
        "employee",
        _replace(_NURSE, hlr=720) + [("akuttmedisin-legevakt", 350)],
        [],
    ),
    (
        "julie.dahl@legevakt.example",
        "Julie Dahl",
        LEGEVAKT,
        "sykepleier-legevakt",
        250,
        100,
        "employee",
        _NURSE,
        [],
    ),
    (
        "kristin.lie@legevakt.example",
        "Kristin Lie",
        LEGEVAKT,
        "sykepleier-legevakt",
        45,
        50,
        "employee",
        [("taushetsplikt", 40), ("hlr", 40)],
        [],
    ),
    (
        "randi.vik@legevakt.example",
        "Randi Vik",
        LEGEVAKT,
        "helsesekretaer",
        1900,
        100,
        "employee",
        _replace(_SETTLED, brannvern=380),
        [],
    ),
]

# Older records that were renewed, so histories show more than one entry.
HISTORY = [
    ("sekretaer@leknes.example", "taushetsplikt", 1530),
    ("sekretaer@leknes.example", "akuttmedisin-legevakt", 265),
    ("mentor@leknes.example", "taushetsplikt", 930),
    ("mentor@leknes.example", "hlr", 1030),
    ("leder@leknes.example", "informasjonssikkerhet", 700),
]

# (person, competence) → approved hours toward the career ladder (minutes) and the approval:
# Siri has this year's hours from a course in the portal and from a course outside it.
CREDITS = {
    ("sekretaer@leknes.example", "informasjonssikkerhet"): (
        90,
        "Godkjent som tellende internopplæring av fagansvarlig helsesekretær",
    ),
    ("sekretaer@leknes.example", "akuttmedisin-legevakt"): (
        900,
        "Kursbevis: godkjent som 15 timers tellende kurs",
    ),
}

PASSWORD = "kompetanse-demo"
