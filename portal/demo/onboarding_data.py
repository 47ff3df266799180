"""Onboarding templates for the demo positions, drawn from the duties in the job descriptions
(`domain/sources/`): the declaration of confidentiality, EPJ access, the phone and appointment
book, lab and backup routines, fire safety, the safety and union representatives, the courses
the position requires, and a follow-up conversation after three months."""

from __future__ import annotations

DECLARATION = (
    "Jeg er kjent med at jeg som helsepersonell har taushetsplikt etter helsepersonelloven "
    "kapittel 5. Jeg skal hindre at andre får tilgang til eller kjennskap til opplysninger om "
    "folks legems- eller sykdomsforhold eller andre personlige forhold som jeg får vite om i "
    "arbeidet (§ 21). Også det at en person er pasient her, er taushetsbelagt.\n\n"
    "Jeg skal ikke lese, søke etter eller på annen måte skaffe meg opplysninger i "
    "journalsystemet uten at det er begrunnet i helsehjelp til pasienten eller administrasjon "
    "av slik hjelp (snokeforbudet, § 21 a). Oppslag logges og kontrolleres.\n\n"
    "Taushetsplikten gjelder også overfor kolleger, familie og venner, og den gjelder fortsatt "
    "etter at arbeidsforholdet er slutt. Brudd kan føre til advarsel, oppsigelse eller "
    "anmeldelse."
)

# kind, title, due days, responsible role or competence code, description
DECLARATION_ITEM = ("acknowledgement", "Taushetserklæring", 0, None, DECLARATION)
EPJ = (
    "signoff",
    "Tilgang til journalsystemet (EPJ) opprettet",
    0,
    "it",
    "Personlig brukerkonto med tilgang etter tjenstlig behov, innlogging med HPR-nummer der "
    "systemet krever det, og passord og skjermlås gjennomgått.",
)
PHONE = (
    "signoff",
    "Telefon, skranke og timebok",
    14,
    "mentor",
    "Fadderen har gått gjennom telefonrutiner, timeboka (sette opp, flytte og avlyse "
    "timer) og skranken, og sett den nyansatte gjøre det selv.",
)
LAB = (
    "signoff",
    "Laboratorierutiner",
    30,
    "mentor",
    "Prøvetaking, analyser, merking og forsendelse av prøver etter kontorets prosedyrer.",
)
BACKUP = (
    "signoff",
    "Rutiner for sikkerhetskopi",
    30,
    "it",
    "Hvordan sikkerhetskopi (back-up) tas og kontrolleres, og hvem som er IT-ansvarlig.",
)
FIRE = (
    "signoff",
    "Brannvern og rømningsveier",
    7,
    "mentor",
    "Omvisning: rømningsveier, slukkeutstyr, møteplass og den lokale branninstruksen.",
)
SAFETY_REP = (
    "signoff",
    "Møte med verneombudet",
    30,
    "lead",
    "Den nyansatte har møtt verneombudet og vet hvordan arbeidsmiljøsaker tas opp.",
)
UNION_REP = (
    "signoff",
    "Møte med tillitsvalgt",
    30,
    "lead",
    "Den nyansatte har møtt den tillitsvalgte.",
)
FOLLOW_UP = (
    "signoff",
    "Oppfølgingssamtale etter tre måneder",
    90,
    "lead",
    "Samtale med lederen om opplæringen, arbeidsoppgavene og behovet for mer opplæring.",
)

#: practical items that stand for a competence: due when the position requires it, and their
#: sign-off records it
STANDS_FOR = {
    FIRE[1]: "brannvern",
    PHONE[1]: "timebok",
    LAB[1]: "laboratorierutiner",
}

COMMON = [DECLARATION_ITEM, EPJ, FIRE, SAFETY_REP, UNION_REP, FOLLOW_UP]

# position → its own items besides the common ones and the courses it requires
EXTRA = {
    "helsesekretaer": [PHONE, LAB, BACKUP],
    "ledende-helsesekretaer": [BACKUP],
    "helsesekretaerelev": [PHONE],
    "sykepleier-legekontor": [LAB],
    "sykepleier-legevakt": [],
    "sekretaer-merkantil": [PHONE],
    "avdelingsleder": [],
}

# email → mentor, IT contact, [(item title, confirmed by, days ago)]
PROGRESS = {
    "nyansatt@leknes.example": (
        "mentor@leknes.example",
        "admin@demo.example",
        [
            ("Taushetserklæring", "nyansatt@leknes.example", 9),
            ("Tilgang til journalsystemet (EPJ) opprettet", "admin@demo.example", 9),
            ("Telefon, skranke og timebok", "mentor@leknes.example", 2),
        ],
    ),
    "maria.strand@lofotleger.example": (
        "camilla.lund@lofotleger.example",
        None,
        [
            ("Taushetserklæring", "maria.strand@lofotleger.example", 60),
            ("Telefon, skranke og timebok", "camilla.lund@lofotleger.example", 45),
        ],
    ),
}
