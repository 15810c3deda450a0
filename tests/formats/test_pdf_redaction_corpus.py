"""Redacted PDFs of real postmortems: no person's name, handle or handle word is left in the extracted text.

The corpus files are imported as a user would, then given the stakeholders a user would
add on the Stakeholders step; the summary and the full report are rendered with
``redact`` on and their text is extracted with pypdf.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.domain.models import Stakeholder, StakeholderRole
from desktop_app.formats.export_options import ExportOptions
from desktop_app.formats.export_render import render_export
from desktop_app.formats.importer import import_path

#: corpus file -> (stakeholders to add, every name/handle/word that must disappear, labels and kept
#: texts that must appear)
CASES: dict[str, tuple[list[Stakeholder], list[str], list[str]]] = {
    "hachyderm-2022-12-13-root-fs-full.md": (
        [Stakeholder(name="Kris Nóva", role=StakeholderRole.INCIDENT_COMMANDER, email="nova@hachyderm.example")],
        ["Kris", "Nóva", "nova", "@dma", "dma", "malte_j", "malte", "hachyderm.example"],
        # @UptimeRobot is a monitoring service, not a person: it stays as written.
        ["Incident commander", "Responder 1", "Responder 2", "@UptimeRobot First alert received",
         "from UptimeRobot"],
    ),
    "posthog-2025-10-03-surveys-sdk.md": (
        [Stakeholder(name="Lucas Heriques", role=StakeholderRole.ENGINEERING, email="lucasheriques@posthog.example")],
        ["Lucas", "Heriques", "lucasheriques"],
        ["Owner: Engineer"],
    ),
    "k8s-prow-2019-01-23-hook-outage.md": (
        [Stakeholder(name="Benjamin Elder", role=StakeholderRole.RESPONDER, email="bentheelder@k8s.example"),
         Stakeholder(name="Steve Kuznetsov", role=StakeholderRole.RESPONDER, email="skuznets@k8s.example")],
        ["Benjamin", "Elder", "BenTheElder", "BentTheElder", "stevekuznetsov", "Steve", "Kuznetsov", "skuznets"],
        ["Created By: Responder 1", "Responder 2"],
    ),
    "geth-2021-08-27-minority-split.md": (
        [Stakeholder(name="Martin Holst Swende", role=StakeholderRole.INCIDENT_COMMANDER)],
        ["Martin", "Swende", "mhswende", "AlexSSD7", "Hubert", "Ritzdorf"],
        ["reported by Responder 1", "The discord user Responder 2 notified"],
    ),
    # People named only in prose, no stakeholder added: the guessed names go too.
    "dfds-pm2021-011-log4shell.md": (
        [],
        ["Peter Taylor", "Peter", "Taylor", "Søren Iversen", "Søren", "Soren", "Iversen", "Lloyd", "Middleton"],
        ["call with Responder 1", "incident manager (Responder 3) appointed", "given to Responder 3, Responder 2 and Responder 1"],
    ),
    "chia-2022-06-14-catbleed.md": (
        [],
        ["Matt Hauff", "Matt", "Hauff", "Richard Kiss", "Richard", "Kiss"],
        ["reviewed by Responder 1", "Responder 2 reviewed the reports", "At this point Responder 2 and Responder 1"],
    ),
    "pypi-2024-06-28-leaked-token.md": (
        [],
        ["Ee Durbin", "Durbin", "Brian Moussalli", "Moussalli"],
        ["I (Responder 1) were notified", "Responder 2 of JFrog"],
    ),
}


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("fmt", ["summary-pdf", "full-pdf"])
def test_redacted_pdf_names_nobody(corpus_dir: Path, name: str, fmt: str) -> None:
    people, gone, labels = CASES[name]
    pm = import_path(corpus_dir / name).postmortem
    pm.stakeholders = [p.model_copy() for p in people]
    plain = " ".join(_text(render_export(fmt, pm, ExportOptions())).split())
    text = " ".join(_text(render_export(fmt, pm, ExportOptions(redact=True))).split())
    joined = text.replace(" ", "")  # a name split over two lines or cells is still a name
    present_before = [w for w in gone if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", plain, re.IGNORECASE)]
    if fmt == "full-pdf":
        assert present_before, "the unredacted report names these people"
    for word in gone:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE), (word, fmt)
        if len(word) >= 6:
            assert word.casefold() not in joined.casefold(), (word, fmt)
    if fmt == "full-pdf":
        for label in labels:
            assert label in text, label
