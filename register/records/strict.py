"""The strict model and plain text every record kind and the register's settings are made of:
apart from the kinds, so reading the settings does not build every record kind's model."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class Strict(BaseModel):
    """Unknown keys are errors and values are never coerced: 'yes' is not a date."""

    # Built when first used, and without reading the fields' docstrings from the source: a
    # command that reads a few records should not pay for every model (the editor schemas take
    # the docstrings when they are made; see `kinds/__init__.py`).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)

    def plain_data(self) -> dict[str, Any]:
        """The data as its file gave it: what was written, no defaults filled in. Fingerprints and
        the diff read this, so a default added to a schema never changes an approved record."""
        return self.model_dump(exclude_unset=True)
