"""Images and attachments: only files in content/media/, never outside it."""

from __future__ import annotations

import os
from pathlib import Path

from showcase import check_showcase
from showcase.load.dataset import Layout
from showcase.problems import errors_in

FRONT = """---
title: Test met beelden
summary: Test.
kind: project
municipalities: [gent]
themes: [water]
status: idee
sources:
  - title: Bron
    url: https://example.org/
    accessed: 2026-01-01
last_reviewed: 2026-01-01
---
"""


def problems_for(scratch: Path, body: str) -> list[str]:
    (scratch / "content/projecten/test-beelden.md").write_text(FRONT + body, encoding="utf-8")
    _, problems = check_showcase(Layout.at(scratch))
    return [p.format_text() for p in errors_in(problems)]


def test_media_file_is_accepted(scratch: Path) -> None:
    (scratch / "content/media").mkdir()
    (scratch / "content/media/sensor.png").write_bytes(b"\x89PNG")
    body = "![Een sensor](/media/sensor.png)\n\n[Verslag](/gemeenten/gent/)\n"
    assert problems_for(scratch, body) == []


def test_bad_paths_are_refused(scratch: Path) -> None:
    (scratch / "content/media").mkdir()
    secret = scratch / "secret.txt"
    secret.write_text("no")
    os.symlink(secret, scratch / "content/media/link.txt")
    body = (
        "![a](../../data/municipalities/44021-gent.yaml)\n\n"
        "![b](https://example.org/foto.jpg)\n\n"
        "![c](/media/ontbreekt.jpg)\n\n"
        "[d](/media/link.txt)\n\n"
        "![e](foto.jpg)\n\n"
        "[f](/media/../../secret.txt)\n"
    )
    name = "content/projecten/test-beelden.md"
    assert problems_for(scratch, body) == [
        f"{name}:14:6: body: het pad '../../data/municipalities/44021-gent.yaml' wijst "
        "buiten content/media/: schrijf /media/<bestandsnaam>",
        f"{name}:16:6: body: de afbeelding 'https://example.org/foto.jpg' staat op een andere "
        "site: zet het bestand in content/media/ en schrijf /media/<bestandsnaam>; de site laadt "
        "niets van elders",
        f"{name}:18:6: body: '/media/ontbreekt.jpg' bestaat niet: zet het bestand in "
        "content/media/ of verbeter de naam",
        f"{name}:20:5: body: '/media/link.txt' is een symbolische link: kopieer het bestand zelf "
        "naar content/media/",
        f"{name}:22:6: body: de afbeelding 'foto.jpg' moet in content/media/ staan: schrijf "
        "/media/<bestandsnaam>",
        f"{name}:24:5: body: het pad '/media/../../secret.txt' wijst buiten content/media/: "
        "schrijf /media/<bestandsnaam>",
    ]
