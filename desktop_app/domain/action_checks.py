"""Is an action item specific, owned and dated? Data-driven checks, plus reading typed due dates.

``check_action`` returns one ``ActionFinding`` per problem:

* ``no_title``: the title is empty (an item with no text says nothing will change);
* ``no_owner``: the owner is empty (spaces and invisible characters count as empty);
* ``no_due_date``: no due date (or only words such as “Q3”, imported as ``due_text``);
* ``overdue``: the due date has passed while the item is open or in progress;
* ``vague``: the wording matches a ``VagueRule`` (improve, investigate, look into, …) and
  the item names nothing concrete: no number or threshold, no named system or component
  (a code-ish token, a capitalised product name, an acronym, a path or URL) and no date
  or cadence in its words. The due date *field* does not make wording specific.

Rules cover English, German, Spanish, Portuguese, French, Italian and Japanese. A rule can
be ``leading`` (the verb an item starts with, as in "Review …", "Revisar …") or ``trailing``
(the verb an item ends with, as German and Japanese put it: "Backups überprüfen",
"監視を改善する"), so the same word further inside a sentence ("…, damit niemand mehr manuell
überprüfen muss") is not taken for the item's vague verb. Capitalised words count as names
of systems, except the ordinary nouns in ``GENERIC_NOUNS`` (German capitalises every noun:
"Die Überwachung der Datenbank verbessern" names no system).

A closed item (done, won't do) needs no more specifying: only open and in-progress items
are checked. To teach the check a new vague phrase, add a ``VagueRule`` to ``VAGUE_RULES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.models import ActionItem

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class ActionFinding:
    """One problem with an action item: a rule name, what is wrong, and how to fix it."""

    rule: str
    message: str
    hint: str


@dataclass(frozen=True)
class VagueRule:
    """Wording that says nothing checkable unless the item also names a target, system or date.

    ``pattern`` is a case-insensitive regular expression; ``hint`` says how to be specific.
    """

    pattern: str
    hint: str
    leading: bool = False
    trailing: bool = False

    def search(self, text: str) -> re.Match[str] | None:
        """The match in ``text``; a ``leading`` rule only matches the verb a line starts with, a
        ``trailing`` one only the verb that ends a line or sentence."""
        pattern = f"(?:{self.pattern})"
        if self.leading:
            pattern = _LEADING + pattern
        if self.trailing:
            pattern += _TRAILING
        return re.search(pattern, text, re.IGNORECASE | re.MULTILINE)


#: What may come before a leading verb: "We should", "We need to", "Let's", "To".
_LEADING = r"^\W*(?:(?:we|you|they|i|team)\s+(?:should|must|will|need\s+to|have\s+to)\s+|(?:let['’]?s|need\s+to|to|please)\s+)?"


#: What may follow a trailing verb ("sein", "werden", "する", "します"), then the end of a sentence.
_TRAILING = (r"(?:\s+(?:sein|werden|lassen))?(?:する|します|したい|を行う|を進める|すること)?"
             r"(?=\s*(?:[.;!?。！？)]|$))")

_TARGET = "Name the system, a measurable target (a number or threshold) and a date."
_DECIDE = "Say what will be decided, by whom and by when."

VAGUE_RULES: list[VagueRule] = [
    VagueRule(r"\bimprov(?:e|es|ed|ing|ement|ements)\b",
              "Say what will be measurably better and where, e.g. 'alert when p99 > 2 s on checkout-api'."),
    VagueRule(r"\binvestigat(?:e|es|ed|ing|ion)\b",
              "Name the question to answer, the system concerned and what decision the answer feeds."),
    VagueRule(r"\blook(?:s|ing)?\s+into\b",
              "Name the question to answer, the system concerned and what decision the answer feeds."),
    VagueRule(r"\bfigure\s+out\b", "Name the question to answer and the system concerned."),
    VagueRule(r"\bmonitor(?:ing)?\s+(?:better|more)\b|\b(?:better|more)\s+monitoring\b",
              "Name the metric, the threshold that pages and the service it watches."),
    VagueRule(r"\bkeep\s+an\s+eye\s+on\b", "Name the metric, the threshold that pages and the service it watches."),
    VagueRule(r"\bbe\s+(?:more\s+)?careful\b|\bmore\s+careful(?:ly)?\b|\bpay\s+(?:more\s+)?attention\b",
              "Replace care with a safeguard: a check, a confirmation step, an automation or a limit."),
    VagueRule(r"revisit(?:s|ed|ing)?\b", "Say what will be decided, by whom and by when.", leading=True),
    VagueRule(r"consider(?:s|ed|ing)?\b", "Say what will be decided, by whom and by when.", leading=True),
    VagueRule(r"explor(?:e|es|ed|ing)\b", "Say what will be decided, by whom and by when.", leading=True),
    VagueRule(r"think\s+about\b", "Say what will be decided, by whom and by when.", leading=True),
    VagueRule(r"review\b", "Say what the review must produce (a list, a change, a decision) and for which system.",
              leading=True),
    VagueRule(r"\bbetter\b", "Say better by how much, measured how, e.g. 'detect within 5 minutes'."),
    VagueRule(r"\bmore\s+(?:robust|resilient|reliable|stable|scalable)\b|\brobustness\b|\bresilien(?:ce|cy)\b",
              "Name the failure it must survive and how that will be tested."),
    VagueRule(r"ensur(?:e|es|ing)\b|make\s+sure\b", _TARGET, leading=True),
    VagueRule(r"(?:enhanc|optimi[sz]|streamlin)(?:e|es|ed|ing)\b", _TARGET, leading=True),
    VagueRule(r"\bas\s+needed\b|\bwhere\s+(?:possible|appropriate)\b|\bgoing\s+forward\b", _TARGET),
    # Spanish and Portuguese.
    VagueRule(r"\bmejor(?:ar|a|ado)\b|\bmelhor(?:ar|ia)\b|\binvestigar\b|\bt(?:ener|er)\s+m[aá]i?s\s+cuidado\b|"
              r"\bmonitorear\s+mejor\b|\bmejor\s+monitoreo\b", _TARGET),
    VagueRule(r"revisar\b|considerar\b|analizar\b|analisar\b|estudiar\b|asegurar(?:se)?\b", _DECIDE, leading=True),
    # French.
    VagueRule(r"\bam[ée]liorer\b|\benqu[êe]ter\b|\bfaire\s+(?:plus\s+)?attention\b|\bmieux\s+surveiller\b|"
              r"\b[êe]tre\s+plus\s+(?:prudent|prudente|prudents|vigilant|vigilante|vigilants|attentif|attentifs)\b",
              _TARGET),
    VagueRule(r"revoir\b|r[ée]examiner\b|examiner\b|envisager\b|s['’]assurer\b|veiller\s+[àa]\b", _DECIDE,
              leading=True),
    # Italian.
    VagueRule(r"\bmigliorare\b|\bindagare\b|\b(?:fare|prestare)\s+pi[uù]\s+attenzione\b", _TARGET),
    VagueRule(r"rivedere\b|valutare\b|considerare\b", _DECIDE, leading=True),
    # German: the verb ends an item ("Backups überprüfen") or, nominalised, starts it.
    VagueRule(r"\bvorsichtiger\b|\bsorgf[äa]ltiger\b|\bbesser\s+(?:aufpassen|überwachen|monitoren)\b", _TARGET),
    VagueRule(r"\b(?:verbessern|untersuchen|[üu]berpr[üu]fen|pr[üu]fen|optimieren|überdenken|"
              r"sicherstellen|nachgehen|anschauen|ansehen)", _TARGET, trailing=True),
    VagueRule(r"(?:verbessern|untersuchen|[üu]berpr[üu]fen|optimieren|überdenken|sicherstellen)\b|"
              r"(?:verbesserung|untersuchung|[üu]berpr[üu]fung|optimierung)\b", _TARGET, leading=True),
    # Japanese: the verb ends the item (改善する "improve", 調査する "investigate", 見直す "revisit").
    VagueRule(r"(?:改善|調査|検討|確認|注意|徹底|強化)|見直(?:す|します|し)|気を(?:付け|つけ)(?:る|ます)", _TARGET,
              trailing=True),
]

GENERIC_NOUNS: set[str] = {
    # German capitalises every noun: these name no system, so they make nothing specific.
    "überwachung", "monitoring", "alarmierung", "alarm", "alarme", "alarmen", "warnung", "warnungen",
    "datenbank", "datenbanken", "speicher", "server", "dienst", "dienste", "system", "systeme", "systemen",
    "infrastruktur", "netzwerk", "prozess", "prozesse", "prozessen", "ablauf", "abläufe", "dokumentation",
    "doku", "fehler", "fehlerbehandlung", "ursache", "ursachen", "vorfall", "vorfälle", "störung", "störungen",
    "ausfall", "ausfälle", "deployment", "deployments", "bereitstellung", "rufbereitschaft", "bereitschaft",
    "übergabe", "kommunikation", "sicherheit", "stabilität", "zuverlässigkeit", "leistung", "performance",
    "qualität", "test", "tests", "testabdeckung", "backup", "backups", "sicherung", "sicherungen",
    "wiederherstellung", "konfiguration", "konfigurationen", "logs", "protokolle", "protokollierung",
    "schwellenwert", "schwellenwerte", "kunden", "kunde", "nutzer", "benutzer", "zukunft", "änderung",
    "änderungen", "verfahren", "runbook", "runbooks", "handbuch", "automatisierung", "kapazität", "last",
    "latenz", "zertifikat", "zertifikate", "abhängigkeiten", "sichtbarkeit", "reaktion", "reaktionszeit",
    "eskalation", "zusammenarbeit", "abstimmung", "planung", "betrieb", "produktion", "umgebung", "code",
    "review", "reviews", "dashboard", "dashboards", "metrik", "metriken", "fehlerrate", "replikation",
    "zugriff", "rechte", "berechtigungen", "richtlinie", "richtlinien", "schulung", "schulungen", "prüfung",
    "kontrolle", "kontrollen", "regel", "regeln", "maßnahme", "maßnahmen", "lösung", "problem", "probleme",
    "release", "releases", "rollback", "rollout", "update", "updates", "team", "teams", "zeit",
    # Ordinary nouns an English title may capitalise ("Improve Monitoring And Alerting").
    "alerting", "alert", "alerts", "threshold", "thresholds", "process", "processes", "documentation", "docs",
    "testing", "deploys", "logging",
    "metrics", "customers", "security", "reliability", "stability", "communication", "infrastructure",
    "database", "databases", "servers", "service", "services", "systems", "network", "configuration",
    "incident", "incidents", "response", "and", "or", "of", "on", "in", "for", "to", "with",
}
"""Capitalised words that are ordinary nouns, not names of systems (lower case; easy to extend)."""

# -- what makes wording specific --------------------------------------------------------------

_NUMBER = re.compile(r"\d|[<>≤≥=]|%|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|twice|half)\b",
                     re.IGNORECASE)
_MONTHS = ("january|february|march|april|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_FOREIGN_MONTHS = (
    "januar|februar|märz|maerz|juni|juli|oktober|dezember|"  # German (the rest are spelt as in English)
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_WEEKDAYS_ELSEWHERE = (
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    "lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\bMay\b|\b(?:{_FOREIGN_MONTHS})\b|\bMai\b|"
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|yearly|annually|nightly|hourly)\b|"
    r"\bevery\s+(?:day|week|month|quarter|year|sprint|release|deploy(?:ment)?)\b|"
    r"\b(?:by|before|until|till)\s+(?:the\s+)?(?:next\s+|this\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
    r"end\s+of\s+(?:the\s+)?(?:day|week|month|quarter|year|sprint)|sprint|week|month|quarter|release|eod|eow)\b|"
    # German, Spanish, Portuguese, French and Italian cadences and deadlines.
    r"\b(?:täglich|wöchentlich|monatlich|jährlich|quartalsweise|nächtlich|stündlich)\b|"
    r"\bjede[nrs]?\s+(?:tag|woche|monat|quartal|sprint|release)\b|"
    rf"\bbis\s+(?:zum\s+|nächste[nrs]?\s+|ende\s+(?:der|des)\s+)?(?:{_WEEKDAYS_ELSEWHERE}|woche|monats?|quartals?|sprints?)\b|"
    r"\b(?:diari[ao]|diariamente|semanal(?:mente)?|mensual(?:mente)?|trimestral(?:mente)?|anual(?:mente)?)\b|"
    r"\bcada\s+(?:d[ií]a|semana|m[eê]s|trimestre|sprint|despliegue|release)\b|"
    rf"\b(?:antes\s+del?|hasta\s+el|para\s+el)\s+(?:{_WEEKDAYS_ELSEWHERE}|fin\s+de\s+(?:mes|semana|trimestre|sprint))\b|"
    r"\b(?:quotidien(?:ne)?(?:ment)?|hebdomadaire(?:ment)?|mensuel(?:le)?(?:ment)?|trimestriel(?:le)?(?:ment)?)\b|"
    r"\bchaque\s+(?:jour|semaine|mois|trimestre|sprint|d[ée]ploiement)\b|"
    rf"\bavant\s+(?:{_WEEKDAYS_ELSEWHERE}|la\s+fin\s+du\s+(?:mois|trimestre|sprint)|la\s+fin\s+de\s+la\s+semaine)\b|"
    r"\b(?:ogni\s+(?:giorno|settimana|mese|trimestre)|settimanal(?:e|mente)|mensil(?:e|mente))\b|"
    # Japanese and Chinese cadences and deadlines (these scripts have no word boundaries).
    r"毎(?:日|週|月|年|朝|晩|四半期)|(?:今週|来週|今月|来月|月末|週末|年内|今期|四半期)(?:中|末)?(?:まで|までに)|"
    r"每(?:天|周|月|年)",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"`[^`]+`"  # a code span
    r"|\w+://\S+"  # a URL
    r"|(?<![\w/])[/~]\w[\w.-]*(?:/[\w.-]+)*"  # an absolute path
    r"|\b\w+(?:/\w[\w-]*){2,}"  # a relative path with two slashes
    r"|\b\w+_\w+"  # snake_case
    r"|\b[A-Za-z][\w-]*\.[A-Za-z][\w.-]*\w"  # a dotted name: file.ts, example.com, pkg.mod
    r"|\b\w*[a-z][A-Z]\w*"  # camelCase, PostHog
)
_NOT_DOTTED = {"e.g", "i.e", "etc", "vs"}
_WORD_HYPHENS = {
    "based", "related", "wide", "term", "time", "level", "call", "up", "down", "in", "out", "off", "on",
    "free", "like", "safe", "aware", "driven", "facing", "friendly", "specific", "side", "scale", "only",
    "to", "and", "by", "of", "end", "self", "re", "non", "co", "pre", "post", "multi", "cross", "well",
    "high", "low", "long", "short", "real", "all", "day", "week", "hoc", "known", "date", "grade", "run",
    "first", "way", "case", "world", "party", "hand", "made", "loaded", "approved", "managed", "hosted",
    "critical", "sensitive", "proof", "check", "checks", "back", "over", "e", "x", "fold", "time",
}
_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b")
_GENERIC_ACRONYMS = {
    "API", "UI", "UX", "QA", "CI", "CD", "SRE", "SLA", "SLO", "SLI", "PR", "CVE", "IT", "OK", "TBD", "TODO",
    "ETA", "FAQ", "RCA", "PM", "ASAP", "FYI", "EOD", "OPS", "DEV", "AND", "OR", "THE", "NOT", "ALL",
}
_CAPITALISED = re.compile(r"(?<![\w'’-])([^\W\d_])[^\W\d_]*")
_SENTENCE_BREAK = re.compile(r"[.:;!?()\[\]\"“”—–-]\s*$|^\s*$")
_NOT_NAMES = {
    "i", "we", "our", "the", "a", "an", "this", "that", "these", "those", "it", "they", "when", "if", "for",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays",
    "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    *_WEEKDAYS_ELSEWHERE.split("|"),
}


def is_generic_word(word: str) -> bool:
    """A capitalised word that names nothing: a pronoun, a weekday or an ordinary noun, also
    inflected as German inflects it ("des Ausfalls", "den Datenbanken")."""
    lower = word.lower()
    if lower in _NOT_NAMES or lower in GENERIC_NOUNS:
        return True
    return any(lower.endswith(end) and lower[: -len(end)] in GENERIC_NOUNS for end in ("s", "es", "n", "en"))


def _has_named_thing(text: str) -> bool:
    """A code-ish token, a path or URL, a capitalised product name or a non-generic acronym."""
    for match in _CODE.finditer(text):
        if match.group(0).lower().rstrip(".") not in _NOT_DOTTED:
            return True
    for match in _HYPHENATED.finditer(text):
        parts = match.group(0).lower().split("-")
        if not any(p in _WORD_HYPHENS for p in parts):
            return True
    for match in _ACRONYM.finditer(text):
        word = match.group(0)
        if word.rstrip("s") not in _GENERIC_ACRONYMS and word not in _GENERIC_ACRONYMS:
            return True
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or is_generic_word(word) or word.rstrip("s").isupper():
            continue
        if _SENTENCE_BREAK.search(text[: match.start()]):
            continue  # the first word of a sentence, a clause after a colon or a dash
        return True
    return False


def specifics(text: str) -> list[str]:
    """What in ``text`` makes it specific: any of ``number``, ``named thing``, ``date``."""
    found = []
    if _NUMBER.search(text):
        found.append("number")
    if _has_named_thing(text):
        found.append("named thing")
    if _DATE.search(text):
        found.append("date")
    return found


def vague_rule(text: str) -> VagueRule | None:
    """The first vague-wording rule that ``text`` matches when it names nothing concrete, else None."""
    if not text.strip() or specifics(text):
        return None
    for rule in VAGUE_RULES:
        if rule.search(text):
            return rule
    return None


def is_blank(text: str) -> bool:
    """Empty once spaces and invisible characters (zero-width space, BOM) are removed."""
    return not text.strip().strip(INVISIBLE).strip()


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_action(item: ActionItem, *, today: date) -> list[ActionFinding]:
    """The problems with ``item`` as of ``today``, in a fixed order (title, owner, due date, overdue, vague)."""
    if item.status.is_closed:
        return []
    findings: list[ActionFinding] = []
    if is_blank(item.title):
        findings.append(ActionFinding(
            "no_title", "No title.", "Say in a few words what will change, e.g. “Alert when /var is 80 % full”."
        ))
    if is_blank(item.owner):
        findings.append(ActionFinding("no_owner", "No owner.", "Give the item one owner: a person, not a team."))
    if item.due_date is None:
        written = " ".join(item.due_text.split())
        message = f"Due “{_clip(written)}” is not a date." if written else "No due date."
        findings.append(ActionFinding("no_due_date", message, "Pick the date by which it will be done."))
    elif item.due_date < today:
        days = (today - item.due_date).days
        findings.append(ActionFinding(
            "overdue",
            f"Overdue: due {item.due_date.isoformat()}, {days} day{'s' if days != 1 else ''} ago, still "
            f"{item.status.label.lower()}.",
            "Finish it, move the date with a reason, or mark it won't do.",
        ))
    rule = vague_rule(f"{item.title}\n{item.description}".strip())
    if rule is not None:
        match = rule.search(f"{item.title}\n{item.description}")
        word = match.group(0).strip() if match else ""
        findings.append(ActionFinding("vague", f"Vague wording: “{word}” with no target, system or date.", rule.hint))
    return findings


# -- typed due dates ----------------------------------------------------------------------------

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_LABEL = {n: name.capitalize() for name, n in _MONTH_NAMES.items()}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")
_WEEKDAY = re.compile(r"^(?:next\s+)?([^\W\d_]{3,})\.?$", re.IGNORECASE)
_IN = re.compile(r"^in\s+(\d{1,6}|an?|one)\s+(day|week)s?$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(name: str) -> int | None:
    """0 for "monday", "mon" or "mond" … 6 for "sunday"; ``None`` for a word that is no weekday."""
    key = name.lower()
    for number, full in enumerate(_WEEKDAYS):
        if full.startswith(key):
            return number
    return None


def _month(name: str) -> int:
    key = name.lower()
    if len(key) >= 3:
        for full, number in _MONTH_NAMES.items():
            if full.startswith(key) or (key == "sept" and number == 9):
                return number
    raise ValueError(f"“{name}” is not a month.")


def build_date(year: int, month: int, day: int) -> date:
    """The date, or ``ValueError`` saying why it cannot be ("There is no 30 February.")."""
    if year < 1:
        raise ValueError("Year 0 does not exist: type a date like 2025-03-01.")
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"There is no {day} {_MONTH_LABEL[month]}" + (f" in {year}." if day == 29 else ".")) from None


QUOTED_CHARS = 40
"""How much of what was typed a message quotes (a paste into the due date is not repeated whole)."""


def _quoted(typed: str) -> str:
    return typed if len(typed) <= QUOTED_CHARS else typed[: QUOTED_CHARS - 1] + "…"


EARLIEST_DUE = date(2000, 1, 1)
"""No due date before this one is taken (a mistyped year, not a plan)."""
DUE_YEARS_AHEAD = 20
"""No due date more than this many years after today is taken."""


def next_occurrence(month: int, day: int, *, today: date) -> date:
    """The first ``day`` of ``month`` on or after ``today`` (a year-less "3 Dec" typed on 4 Dec is
    next year's; "29 Feb" is the next leap year's); ``ValueError`` if there is no such day."""
    build_date(2000, month, day)  # "There is no 31 February." (2000 is a leap year)
    year = today.year
    while True:
        try:
            found = date(year, month, day)
        except ValueError:  # 29 February in a common year
            found = None
        if found is not None and found >= today:
            return found
        year += 1


def latest_due(today: date) -> date:
    """``DUE_YEARS_AHEAD`` years after ``today`` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year + DUE_YEARS_AHEAD)
    except ValueError:
        return date(today.year + DUE_YEARS_AHEAD, 2, 28)


def check_due_range(due: date, typed: str, *, today: date) -> date:
    """``due`` when it is from ``EARLIEST_DUE`` to ``latest_due(today)``, else ``ValueError`` naming
    the field and the value: ``Due date “1/1/1999” (1999-01-01) is before 2000-01-01.``"""
    shown = f"“{_quoted(typed)}”" + (f" ({due.isoformat()})" if typed != due.isoformat() else "")
    if due < EARLIEST_DUE:
        raise ValueError(f"Due date {shown} is before {EARLIEST_DUE.isoformat()}.")
    latest = latest_due(today)
    if due > latest:
        raise ValueError(
            f"Due date {shown} is more than {DUE_YEARS_AHEAD} years from today: the latest is {latest.isoformat()}."
        )
    return due


def parse_due_date(text: str, *, today: date, day_first: bool = True) -> date | None:
    """A due date typed in a common format; ``None`` for empty text; ``ValueError`` with a message otherwise.

    Accepted: ``2024-05-31``, ``2024/05/31``, ``31/05/2024``, ``31.05.2024``, ``31/05`` (its next
    occurrence from ``today``, today included), ``31 May 2024``, ``May 31, 2024``, ``May 31`` (next
    occurrence too), ``today``, ``tomorrow``, a weekday (``friday``, ``fri``, ``next friday``: the
    first such day *after* today, so "friday" typed on a Friday is a week ahead), ``in 3 days``,
    ``in 2 weeks``, ``in a week``. For ``a/b`` dates the day comes first when ``day_first`` (the
    locale's order), unless one number only fits as a day. A date before ``EARLIEST_DUE`` or more
    than ``DUE_YEARS_AHEAD`` years after ``today`` is refused (see ``check_due_range``).
    """
    value = " ".join(text.strip().split())
    if not value:
        return None
    return check_due_range(_read_due(value, today=today, day_first=day_first), value, today=today)


def _read_due(value: str, *, today: date, day_first: bool) -> date:
    lower = value.lower()
    if lower == "today":
        return today
    if lower == "tomorrow":
        return date.fromordinal(today.toordinal() + 1)
    if m := _IN.match(value):
        count = int(m.group(1)) if m.group(1).isdigit() else 1
        days = count * (7 if m.group(2).lower() == "week" else 1)
        latest = latest_due(today)
        if days > (latest - today).days:
            raise ValueError(
                f"Due date “{_quoted(value)}” is more than {DUE_YEARS_AHEAD} years from today: the latest is "
                f"{latest.isoformat()}."
            )
        return date.fromordinal(today.toordinal() + days)
    if (m := _WEEKDAY.match(value)) and (weekday := _weekday(m.group(1))) is not None:
        return date.fromordinal(today.toordinal() + (weekday - today.weekday() - 1) % 7 + 1)
    if m := _ISO.match(value):
        return build_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NUMERIC.match(value):
        a, sep, b, year_text = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if sep == "." or (day_first and not (a <= 12 < b)) or (not day_first and a > 12 >= b):
            day, month = a, b
        else:
            month, day = a, b
        if year_text is None:
            return next_occurrence(month, day, today=today)
        return build_date(int(year_text) + (2000 if len(year_text) == 2 else 0), month, day)
    if m := _DAY_MONTH.match(value):
        return _dated(m.group(3), _month(m.group(2)), int(m.group(1)), today)
    if m := _MONTH_DAY.match(value):
        return _dated(m.group(3), _month(m.group(1)), int(m.group(2)), today)
    raise ValueError(f"“{_quoted(value)}” is not a date. Type it like 2024-05-31, 31/05/2024, 31 May 2024, friday or "
                     "in 2 weeks.")


_WEEKDAY_LABEL = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ISO_TYPED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def due_reading(typed: str, due: date | None) -> str:
    """How a typed due date was read, when the text was not ISO (``Read as Fri 12 Mar 2027.``): the
    day a "12/3", a year-less "3 Dec" or a "friday" became; empty for ISO text or no date."""
    if due is None or _ISO_TYPED.match(typed.strip()):
        return ""
    return f"Read as {_WEEKDAY_LABEL[due.weekday()]} {due.day} {_MONTH_LABEL[due.month][:3]} {due.year}."


def _dated(year_text: str | None, month: int, day: int, today: date) -> date:
    return build_date(int(year_text), month, day) if year_text else next_occurrence(month, day, today=today)
