"""The issue forms contributors fill in on GitHub, without git: which exist and where.

Each content kind may name its form (``ContentKind.issue_form``); the other forms (a contact or
a correction for a municipality, "wij doen dit ook") are listed here. The site's contribution
page links to all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from showcase.kinds import Registry

FORMS_FOLDER = ".github/ISSUE_TEMPLATE"


@dataclass(frozen=True)
class Form:
    file: str
    """The form's file in ``.github/ISSUE_TEMPLATE/``."""
    label: str
    """What a visitor does with it, as the contribution page says it."""

    def url(self, repository_url: str) -> str:
        return f"{repository_url.rstrip('/')}/issues/new?template={self.file}"


OTHER_FORMS = (
    Form("gemeente.yml", "Een website of contactpunt van een gemeente aanvullen of verbeteren"),
    Form("interesse.yml", "Laten weten dat je gemeente een project ook doet of wil doen"),
    Form("correctie.yml", "Een fout of iets verouderds melden"),
)


def contribution_forms(kinds: Registry) -> list[Form]:
    """Every form, the kinds' first (in registry order), then the others."""
    forms = [
        Form(kind.issue_form, f"{kind.singular} toevoegen")
        for kind in kinds
        if kind.issue_form is not None
    ]
    return [*forms, *OTHER_FORMS]
