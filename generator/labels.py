"""The words the archive shows for the coded values of its records, written once.

Pages (render/), the data downloads (data/), reply rates and the search facets (search/) all
show an addressee's kind or an instrument's kind: they read these, so a label changes in one place.
"""

from __future__ import annotations

ADDRESSEE_KINDS = {"state": "State", "company": "Company", "organisation": "Organisation"}
"""An addressee's (or a reply's sender's) kind, as a letter's facts and the search's Addressee kind facet show it."""

ADDRESSEE_KINDS_PLURAL = {"state": "States", "company": "Companies", "organisation": "Organisations"}
"""The same kinds as groups, as the reply rates' table by addressee kind heads them."""

INSTRUMENT_KINDS = {
    "treaty": "Treaty", "protocol": "Protocol", "declaration": "Declaration", "ilo-convention": "ILO convention",
    "guiding-principles": "Guiding principles", "resolution": "Resolution", "report": "Report",
}
"""An instrument's kind in the norm catalogue, as its page shows it."""
