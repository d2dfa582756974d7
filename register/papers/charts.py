"""A measure's chart: its reported values against its baseline and target, as a PNG, with the
words that say the same for a reader who cannot see it. matplotlib is imported only here, and
only by the command that draws (`register progress -o`)."""

from __future__ import annotations

import io

from ..audit.progress import MeasureProgress, Value
from ..records.wording import figure_text, long_date


def chart_png(measure: MeasureProgress) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display: draw to a file
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(6.3, 2.6), dpi=150)
    try:
        reported = [value for value in measure.actuals if value.date is not None]
        if reported:
            days = [value.date.toordinal() for value in reported if value.date]
            axes.plot(days, [v.value for v in reported], marker="o", color="#1f4e79", label="Reported")
            axes.set_xticks(days, labels=[f"{value.date:%b %Y}" for value in reported])
        axes.axhline(measure.baseline.value, color="#7f7f7f", linestyle="--", label="Baseline")
        axes.axhline(measure.target.value, color="#2e7d32", linestyle=":", linewidth=2, label="Target")
        axes.set_title(measure.title, fontsize=9, loc="left")
        axes.set_ylabel(measure.unit, fontsize=8)
        axes.tick_params(labelsize=7)
        axes.legend(fontsize=7, loc="best", frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()
    finally:
        pyplot.close(figure)


def alt_text(measure: MeasureProgress) -> str:
    """The chart in words: every figure it shows."""
    reported = "; ".join(_said(value, measure.unit) for value in measure.actuals) or "none yet"
    return (
        f"Line chart of {measure.title}: baseline {_said(measure.baseline, measure.unit)}, "
        f"target {_said(measure.target, measure.unit)}; values reported: {reported}."
    )


def _said(value: Value, unit: str) -> str:
    when = f" ({long_date(value.date)})" if value.date else ""
    return f"{figure_text(value.value, unit)}{when}"
