"""scripts/bench.sh's "server models" figures: the medians of its wrk runs as a Markdown
table, goal rows for bench.sh's main table, and one SVG chart: 2xx answers per second and
p99 latency against the number of connections, one line per server. Standard library only.

    python3 scripts/models_chart.py RUNS.tsv OUT.svg >TABLE.md

RUNS.tsv has one line per wrk run: server, connections, requests/s, p99 in ms, non-2xx
answers, socket errors, server memory in MiB, 2xx answers per second. Lines of the output
that start with "ROW " are rows for bench.sh's main table; the others are the table.
"""
import math
import statistics
import sys

COLOURS = {"pool": "#d95f02", "async": "#1b9e77", "nginx": "#7570b3"}
W, H, LEFT, TOP, PW, PH = 860, 340, 70, 40, 320, 230  # canvas, margins, one panel


SERVERS = ["pool", "async", "nginx"]


def medians(path):
    """{server: [(connections, ok/s, p99, requests/s, non-2xx, errors, MiB)]}, medians."""
    runs = {}
    with open(path) as f:
        for line in f:
            server, conns, rps, p99, non2xx, errors, mib, ok = line.split()
            runs.setdefault((server, int(conns)), []).append(
                (float(ok), float(p99), float(rps), int(non2xx), int(errors), float(mib))
            )
    rows = {}
    for (server, conns), measured in sorted(runs.items(), key=lambda kv: kv[0][1]):
        middle = [statistics.median(column) for column in zip(*measured)]
        rows.setdefault(server, []).append((conns, *middle))
    return {s: rows[s] for s in SERVERS if s in rows}


def table(rows, count):
    print(f"| server | connections | requests/s | p99, ms | non-2xx answers | socket errors | server memory, MiB |")
    print("|---|---|---|---|---|---|---|")
    for conns in sorted({r[0] for rs in rows.values() for r in rs}):
        for server, rs in rows.items():
            for c, _, p99, rps, non2xx, errors, mib in rs:
                if c == conns:
                    print(f"| {server} | {c:,} | {rps:,.0f} | {p99:g} | {non2xx:,.0f} | {errors:,.0f} | {mib:.1f} |")
    print()
    print(f"Each figure is the median of {count} runs." if count > 1 else "One run per figure.")


def goals(rows):
    """The async model's goals against nginx, as rows of bench.sh's main table."""
    at = {(s, r[0]): r for s, rs in rows.items() for r in rs}
    if not all((s, c) in at for s in ("async", "nginx") for c in (1000, 10000)):
        return
    a, n = at[("async", 1000)], at[("nginx", 1000)]
    print(f"ROW | http-hello | async requests/s, 1,000 connections | {a[3]:.0f} | nginx {n[3]:.0f} "
          f"| {a[3] / n[3]:.2f} | >= nginx | {'yes' if a[3] >= n[3] else 'no'} |")
    for c in (1000, 10000):
        a, n = at[("async", c)], at[("nginx", c)]
        print(f"ROW | http-hello | async p99 ms, {c:,} connections | {a[2]:g} | nginx {n[2]:g} "
              f"| {a[2] / n[2]:.2f} | <= 2 x nginx | {'yes' if a[2] <= 2 * n[2] else 'no'} |")
        bad = a[4] + a[5]
        print(f"ROW | http-hello | async non-2xx + socket errors, {c:,} connections | {bad:.0f} | - "
              f"| - | 0 | {'yes' if bad == 0 else 'no'} |")


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
    rows = medians(sys.argv[1])
    count = max(len(open(sys.argv[1]).read().splitlines()) // max(sum(len(r) for r in rows.values()), 1), 1)
    table(rows, count)
    goals(rows)
    xs = sorted({r[0] for rs in rows.values() for r in rs})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
    ]
    panel(out, LEFT, "2xx answers per second", rows, xs, lambda r: r[1], log_y=False)
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
