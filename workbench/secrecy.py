"""The framework's statistical-secrecy settings (``privacy:``): the threshold on people, the
smallest category a figure may reveal, and how the relational survey is published.

>>> Privacy().min_cell, Privacy().min_category, Privacy().relational.ratings
(11, 3, 'symmetrised')
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RelationalPublication(_Model):
    """What the reports may say of the relational survey, where one person often answers for
    each organisation (so that a pair's ratings are that person's answers).

    ``symmetrised`` (default): network measures and symmetrised levels of the pairs both
    organisations rated; pairs to discuss without saying who rated what. ``per_pair``: every
    pair's two ratings, who rated what — only with the respondents' consent, whose wording
    (``consent_fr``, ``consent_en``) is then shown beside them.
    """

    ratings: Literal["symmetrised", "per_pair"] = "symmetrised"
    consent_fr: str | None = None
    consent_en: str | None = None

    @model_validator(mode="after")
    def _consent_when_per_pair(self) -> RelationalPublication:
        if self.ratings == "per_pair" and not (self.consent_fr and self.consent_fr.strip()):
            raise ValueError("publier les notes par paire (ratings: per_pair) exige le texte du "
                             "consentement des répondants dans privacy.relational.consent_fr")
        return self


class Privacy(_Model):
    """Statistical secrecy: the threshold on people (``min_cell``) for any count or
    denominator; ``min_category``: no figure may let a reader deduce that fewer than this many
    people of a group gave an answer or did something, nor that all or none of them did."""

    min_cell: int = Field(default=11, ge=5)
    min_category: int = Field(default=3, ge=1)
    reason: str | None = None
    relational: RelationalPublication = RelationalPublication()

    @model_validator(mode="after")
    def _reason_when_lowered(self) -> Privacy:
        if self.min_cell < 11 and not (self.reason and self.reason.strip()):
            raise ValueError(
                f"un seuil de {self.min_cell} (< 11) exige une raison écrite dans privacy.reason"
            )
        if self.min_category < 3 and not (self.reason and self.reason.strip()):
            raise ValueError(f"min_category = {self.min_category} (< 3) exige une raison écrite "
                             "dans privacy.reason")
        if self.min_category >= self.min_cell:
            raise ValueError(f"min_category ({self.min_category}) doit être inférieur à "
                             f"min_cell ({self.min_cell})")
        return self


__all__ = ["Privacy", "RelationalPublication"]
