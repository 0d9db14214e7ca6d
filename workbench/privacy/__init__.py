"""Privacy: pseudonymous ids (one key per purpose), the small-cell rule, name screening.

>>> from workbench.privacy import Pseudonymiser, suppress
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "pseudonyms": ["Pseudonymiser", "load_or_create_secret", "normalise_person_key"],
    "suppression": ["MASK_REASON_KEY", "SUPPRESS_KEYS", "suppress"],
    "screening": ["NameScreener", "name_variants", "screen_names"],
    "audit": ["AuditResult", "Population", "PublicationError", "audit", "count_disclosure",
              "numerator_disclosure", "protect"],
})
