"""The bulletin's charts of movement over time, as inline SVG drawn as the department chart is
(qtrack/bulletin.py): the month-by-month trend (red tasks as bars, 完成率 as a line) and each
target's measurements against its trajectory (path), with the straight-line forecast."""

from __future__ import annotations

import datetime as dt
from html import escape

RED, LINE, PATH, GRID = "#c62828", "#1565c0", "#9e9e9e", "#e0e0e0"


def _fonts() -> str:
    from qtrack.bulletin import FONTS as fonts

    return fonts


def trend_svg(points: list[dict], *, width: int = 680, height: int = 220) -> str:
    """Bars of red tasks (left scale) and the line of 完成率 (right scale, 0–100%), a month each."""
    left, right, top, bottom = 44, 44, 28, 36
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(points), 1)
    most = max([p["red"] for p in points] + [1])
    parts = [f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="完成率与红灯任务月度趋势" font-family=\'{_fonts()}\' font-size="12">',
             f'<rect x="{left}" y="6" width="12" height="12" fill="{RED}"/><text x="{left + 16}" y="17">红灯任务</text>',
             f'<line x1="{left + 100}" y1="12" x2="{left + 124}" y2="12" stroke="{LINE}" stroke-width="2"/>'
             f'<text x="{left + 128}" y="17">完成率</text>']
    for share in (0, 0.5, 1):  # the grid and both scales
        y = top + inner_h * (1 - share)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + inner_w}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{round(most * share):g}</text>'
                     f'<text x="{left + inner_w + 6}" y="{y + 4:.1f}">{share:.0%}</text>')
    rate = []
    for i, p in enumerate(points):
        x = left + i * step
        h = inner_h * p["red"] / most
        tip = f"{p['month']} 红灯 {p['red']}" + ("" if p["rate"] is None else f" 完成率 {p['rate']:.0%}")
        parts.append(f'<g class="month" data-month="{p["month"]}"><rect x="{x + step * 0.2:.1f}" y="{top + inner_h - h:.1f}" '
                     f'width="{step * 0.6:.1f}" height="{h:.1f}" fill="{RED}"><title>{tip}</title></rect>')
        if len(points) <= 12 or i % ((len(points) + 11) // 12) == 0:  # at most twelve month labels
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{p["month"]}</text>')
        parts.append("</g>")
        if p["rate"] is not None:
            rate.append((f"{x + step / 2:.1f}", f"{top + inner_h * (1 - p['rate']):.1f}"))
    if rate:
        parts.append(f'<polyline class="rate" points="{" ".join(f"{x},{y}" for x, y in rate)}" fill="none" '
                     f'stroke="{LINE}" stroke-width="2"/>')
        parts += [f'<circle cx="{x}" cy="{y}" r="2.5" fill="{LINE}"/>' for x, y in rate]
    parts.append("</svg>")
    return "".join(parts)


def target_svg(t: dict, *, width: int = 330, height: int = 150) -> str:
    """A target's measurements (solid) against its path (dashed), and the forecast to its due date (dotted)."""
    left, right, top, bottom = 40, 10, 10, 22
    path = [(dt.date.fromisoformat(d), v) for d, v in t["path"]]
    measured = [(dt.date.fromisoformat(d), v) for d, v in t["measurements"]]
    due = dt.date.fromisoformat(t["due"]) if t["due"] else None
    ahead = [(measured[-1], (due, t["forecast"]))] if due and t["forecast"] is not None and measured else []
    days = [d for d, _ in path + measured] + ([due] if due else [])
    values = [v for _, v in path + measured] + ([t["forecast"]] if ahead else [])
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    span = max((last - first).days, 1)

    def xy(day: dt.date, value: float) -> tuple[str, str]:
        return (f"{left + (width - left - right) * (day - first).days / span:.1f}",
                f"{top + (height - top - bottom) * (high - value) / (high - low):.1f}")

    def line(points: list) -> str:
        return " ".join(",".join(xy(d, v)) for d, v in points)

    parts = [f'<svg class="target-path" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(t["ref"])} 测量值与进度路径" font-family=\'{_fonts()}\' font-size="11">',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{high:g}</text>'
             f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">{low:g}</text>'
             f'<text x="{left}" y="{height - 6}">{first}</text>'
             f'<text x="{width - right}" y="{height - 6}" text-anchor="end">{last}</text>']
    if path:
        parts.append(f'<polyline class="path" points="{line(path)}" fill="none" '
                     f'stroke="{PATH}" stroke-width="2" stroke-dasharray="5 3"/>')
    for start, end in ahead:
        parts.append(f'<polyline class="forecast" points="{line([start, end])}" fill="none" stroke="{LINE}" '
                     'stroke-dasharray="2 3"/>')
    if measured:
        parts.append(f'<polyline class="measured" points="{line(measured)}" fill="none" '
                     f'stroke="{LINE}" stroke-width="2"/>')
        parts += [f'<circle cx="{xy(d, v)[0]}" cy="{xy(d, v)[1]}" r="3" fill="{LINE}"><title>{d} {v:g}</title></circle>'
                  for d, v in measured]
    parts.append("</svg>")
    return "".join(parts)
