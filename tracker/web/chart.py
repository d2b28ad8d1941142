"""Contracts and spending over time by vendor, as bars of inline SVG (no script, no chart library)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One vendor's year: where its bar is drawn and what it says."""

    vendor: str
    year: int
    count: int
    total_usd: float
    x: float
    y: float
    height: float


def vendor_chart(spending: dict[str, dict[int, tuple[int, float]]], *, width: int = 640,
                 height: int = 200) -> dict[str, object]:
    """Bars of spending per year, one group per year and one bar per vendor; empty when no contract exists."""
    years = sorted({year for by_year in spending.values() for year in by_year})
    vendors = sorted(spending)
    if not years:
        return {"bars": [], "years": [], "vendors": [], "width": width, "height": height, "max": 0.0}
    top = max(total for by_year in spending.values() for _, total in by_year.values()) or 1.0
    group = width / len(years)
    bar = group / (len(vendors) + 1)
    bars = []
    for i, year in enumerate(years):
        for j, vendor in enumerate(vendors):
            count, total = spending[vendor].get(year, (0, 0.0))
            if count:
                h = max(2.0, (height - 20) * total / top)
                bars.append(Bar(vendor, year, count, total, round(i * group + j * bar, 1), round(height - 20 - h, 1),
                                round(h, 1)))
    return {"bars": bars, "years": [(year, round(i * group + group / 2, 1)) for i, year in enumerate(years)],
            "vendors": vendors, "width": width, "height": height, "max": top, "bar_width": round(bar * 0.9, 1)}
