"""Words of the languages letters are written in (English, French, Spanish): one list, for the pages and the
importer."""

from __future__ import annotations

import unicodedata

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
"""Month names as letters print them; any other language is dated in English."""


def unaccented(text: str) -> str:
    """Lower case without accents, so that 'Février' and 'fevrier', 'République' and 'republique' read alike."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
