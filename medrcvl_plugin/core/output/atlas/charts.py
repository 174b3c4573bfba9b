"""Static SVG bar chart of the five IFN sub-scores of a commune against a reference."""

from __future__ import annotations

import base64
from typing import Any, Mapping
from xml.sax.saxutils import escape

from .texts import format_number, is_missing

BARS = (
    ("ifn_no_thd", "Absence THD"),
    ("ifn_no_4g", "Absence 4G"),
    ("ifn_poverty", "Pauvreté"),
    ("ifn_65plus", "65 ans et +"),
    ("ifn_low_diploma", "Peu diplômés"),
)
COLOR_VALUE = "#d7301f"
COLOR_REFERENCE = "#878787"


def subscores_svg(
    values: Mapping[str, Any],
    reference: Mapping[str, Any],
    value_label: str,
    reference_label: str,
    width: int = 300,
    height: int = 200,
) -> str:
    """Horizontal grouped bars (score 0–10) of ``values`` and ``reference``; missing values say so."""
    left, right, top = 78, 28, 26
    row = (height - top - 6) / len(BARS)
    scale = (width - left - right) / 10.0
    font = 'font-family="DejaVu Sans" font-size="9"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<rect x="{left}" y="4" width="10" height="8" fill="{COLOR_VALUE}"/>',
        f'<text x="{left + 13}" y="11" {font}>{escape(value_label)}</text>',
        f'<rect x="{left + 110}" y="4" width="10" height="8" fill="{COLOR_REFERENCE}"/>',
        f'<text x="{left + 123}" y="11" {font}>{escape(reference_label)}</text>',
    ]
    for tick in (0, 5, 10):
        x = left + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" '
            'stroke="#d9d9d9" stroke-width="0.8"/>'
        )
    for index, (field, label) in enumerate(BARS):
        y = top + index * row
        parts.append(
            f'<text x="{left - 4}" y="{y + row / 2 + 3:.1f}" text-anchor="end" {font}>'
            f"{escape(label)}</text>"
        )
        for offset, (source, color) in enumerate(((values, COLOR_VALUE), (reference, COLOR_REFERENCE))):
            value: Any = source.get(field)  # a number, NaN, NULL or text: checked by is_missing()
            bar_y = y + 3 + offset * (row - 6) / 2
            bar_h = (row - 8) / 2
            if is_missing(value):
                parts.append(
                    f'<text x="{left + 2}" y="{bar_y + bar_h - 1:.1f}" {font} ' 'fill="#636363">n.d.</text>'
                )
                continue
            bar_w = max(0.0, min(10.0, float(value))) * scale
            parts.append(
                f'<rect x="{left}" y="{bar_y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" '
                f'fill="{color}"/>'
            )
            parts.append(
                f'<text x="{left + bar_w + 2:.1f}" y="{bar_y + bar_h - 1:.1f}" {font}>'
                f"{format_number(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_data_path(svg: str) -> str:
    """The ``base64:`` picture path QGIS renders without any file."""
    return "base64:" + base64.b64encode(svg.encode("utf-8")).decode("ascii")
