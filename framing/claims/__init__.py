"""Claims: figures, voices and naming conventions (see :mod:`framing.claims.figures`, which holds them all).

The public names are re-exported here; the next commits move the rule file, the shared clause helpers, voices
and naming out of ``figures`` into modules of their own.
"""

from __future__ import annotations

from .figures import (
    REGIONS,
    ClaimRules,
    NamingTable,
    Variant,
    extract_figures,
    extract_voices,
    load_claim_rules,
    load_naming,
    naming_convention,
    pair_figures,
)

__all__ = [
    "ClaimRules",
    "NamingTable",
    "extract_figures",
    "extract_voices",
    "load_claim_rules",
    "load_naming",
    "naming_convention",
    "pair_figures",
]
