"""Draw scripts/bench.sh's "server models" figures as one SVG: requests/s and p99 latency
against the number of connections, one line per server. Standard library only.

    python3 scripts/models_chart.py RESULTS.tsv OUT.svg

RESULTS.tsv has one line per measurement: server, connections, requests/s, p99 in ms.
"""
import math
import sys

COLOURS = {"pool": "#d95f02", "async": "#1b9e77", "nginx": "#7570b3"}
W, H, LEFT, TOP, PW, PH = 860, 340, 70, 40, 320, 230  # canvas, margins, one panel


def read(path):
    rows = {}
    with open(path) as f:
        for line in f:
            server, conns, rps, p99 = line.split()
            rows.setdefault(server, []).append((int(conns), float(rps), float(p99)))
    return rows


def x_of(conns, xs):
    """Connections on a log scale, across the panel."""
    lo, hi = math.log10(min(xs)), math.log10(max(xs))
    return PW * (math.log10(conns) - lo) / ((hi - lo) or 1)


def panel(out, x0, title, rows, xs, pick, log_y):
    values = [pick(r) for rs in rows.values() for r in rs]
    if log_y:
        lo = 10 ** math.floor(math.log10(max(min(values), 0.01)))
        hi = 10 ** math.ceil(math.log10(max(values)))
        ticks = [lo * 10**i for i in range(round(math.log10(hi / lo)) + 1)]
        y_of = lambda v: PH - PH * math.log10(max(v, lo) / lo) / math.log10(hi / lo)
    else:
        hi = max(values) * 1.1
        step = 10 ** math.floor(math.log10(hi / 2))
        ticks = [step * i for i in range(int(hi / step) + 1)]
        y_of = lambda v: PH - PH * v / hi
    out.append(f'<g transform="translate({x0},{TOP})">')
    out.append(f'<text x="{PW / 2}" y="-14" text-anchor="middle" font-weight="bold">{title}</text>')
    out.append(f'<rect width="{PW}" height="{PH}" fill="none" stroke="#999"/>')
    for t in ticks:
        y = y_of(t)
        label = f"{t:g}" if log_y else f"{t / 1000:g}k"
        out.append(f'<line x1="0" x2="{PW}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="-6" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for c in xs:
        x = x_of(c, xs)
        out.append(f'<text x="{x:.1f}" y="{PH + 18}" text-anchor="middle">{c:,}</text>')
    out.append(f'<text x="{PW / 2}" y="{PH + 38}" text-anchor="middle">connections (log scale)</text>')
    for server, rs in rows.items():
        points = " ".join(f"{x_of(c, xs):.1f},{y_of(pick(r)):.1f}" for r in rs for c in [r[0]])
        colour = COLOURS.get(server, "#333")
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for r in rs:
            out.append(f'<circle cx="{x_of(r[0], xs):.1f}" cy="{y_of(pick(r)):.1f}" r="3.5" fill="{colour}"/>')
    out.append("</g>")


def main():
    rows = read(sys.argv[1])
    xs = sorted({c for rs in rows.values() for c, _, _ in rs})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
    ]
    panel(out, LEFT, "requests per second", rows, xs, lambda r: r[1], log_y=False)
    panel(out, LEFT + PW + 90, "p99 latency, ms (log scale)", rows, xs, lambda r: r[2], log_y=True)
    for i, server in enumerate(rows):
        x = LEFT + i * 110
        colour = COLOURS.get(server, "#333")
        out.append(f'<rect x="{x}" y="{H - 22}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{x + 20}" y="{H - 16}">{server}</text>')
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
