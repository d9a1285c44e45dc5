"""Helpers shared by the Engram notebooks.

Queries go through ``bin/engram sql --format json`` (one JSON object per line), so the notebooks
need no Spark installation of their own: the driver's jars already hold Spark. The interval math
mirrors ``org.engram.driver.report.Stats`` (Student's t over seeds), so the notebooks and
``engram report`` show the same numbers.
"""
import json
import math
import os
import subprocess
from pathlib import Path

import pandas as pd

#: Classical Hopfield memory: about 0.138·N random patterns of N bits ...
HOPFIELD_PATTERNS_PER_NEURON = 0.138
#: ... in N² weights: about 0.14 bits per weight.
HOPFIELD_BITS_PER_WEIGHT = 0.138
#: Gardner's bound for any learning rule: 2 bits per weight.
GARDNER_BITS_PER_WEIGHT = 2.0

#: Columns of ``trials`` that are not spec keys (ids, results, timing, provenance) or that name
#: the series otherwise (network_type) or are averaged over (seed).
NOT_SERIES = {
    "run_id", "trial_id", "status", "error", "spec_json", "capacity_k90", "meta_steps_done",
    "resumed_from_step", "train_seconds", "eval_seconds", "wall_seconds", "rule_json",
    "code_version", "project_version", "git_commit", "java_version", "nd4j_backend",
    "blas_threads", "host", "executor_id", "task_attempt", "finished_at", "seed", "network_type",
}
#: Spec keys that set the network's size: the x axis of capacity against size, not a series.
SIZE_KEYS = {"network.hidden", "task.patternSize", "task.valueSize"}


def repo_root(start=None):
    """The checkout holding ``bin/engram``, found upwards from the notebook's directory."""
    here = Path(start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "bin" / "engram").is_file():
            return d
    raise FileNotFoundError(f"no bin/engram in {here} or above: run the notebook from notebooks/")


ROOT = repo_root()


def results_dir():
    """``$ENGRAM_RESULTS`` (default ``../results/smoke``), relative to ``notebooks/``."""
    p = Path(os.environ.get("ENGRAM_RESULTS", "../results/smoke"))
    return p if p.is_absolute() else (ROOT / "notebooks" / p).resolve()


class EngramError(RuntimeError):
    """``bin/engram`` failed; the message is its one-line diagnosis."""


def sql(query, results=None):
    """Runs one read-only Spark SQL query over the result tables; returns a pandas DataFrame."""
    results = results or results_dir()
    cmd = [str(ROOT / "bin" / "engram"), "sql", "--results", str(results), "--format", "json",
           query]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.startswith("engram:")]
        raise EngramError(lines[0] if lines else p.stderr.strip()[-2000:])
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    return pd.DataFrame(rows)


def spec_key(column):
    """``task_pattern_size`` -> ``task.patternSize``: the config key of a spec column."""
    section, _, rest = column.partition("_")
    parts = rest.split("_")
    return section + "." + parts[0] + "".join(w.capitalize() for w in parts[1:])


def varying_columns(trials):
    """The spec columns besides network_type and seed whose value differs across the trials."""
    cols = [c for c in trials.columns if c not in NOT_SERIES]
    return [c for c in cols if trials[c].map(_text).nunique() > 1]


def label(row, columns):
    """``plastic, task.snippets=1``: the network type and the varying keys' values."""
    return ", ".join([row["network_type"]] + [f"{spec_key(c)}={_text(row[c])}" for c in columns])


def _text(v):
    if isinstance(v, list):
        return "[" + ",".join(_text(x) for x in v) + "]"
    if isinstance(v, float):
        return f"{v:.6g}"  # 1.0 -> 1, 0.5 -> 0.5: as the report writes spec values
    return str(v)


def _log_gamma(x):
    return math.lgamma(x)


def _beta_fraction(x, a, b):
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 501):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h


def _regularized_beta(x, a, b):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(_log_gamma(a + b) - _log_gamma(a) - _log_gamma(b)
                     + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1 - front * _beta_fraction(1 - x, b, a) / b


def t_cdf(t, df):
    tail = 0.5 * _regularized_beta(df / (df + t * t), df / 2, 0.5)
    return 1 - tail if t >= 0 else tail


def t_quantile(p, df):
    """The p quantile (0.5 <= p < 1) of Student's t with df degrees of freedom (bisection)."""
    lo, hi = 0.0, 1e7
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def with_interval(df, mean="mean", sd="sd", n="n"):
    """Adds ``lo`` and ``hi``: mean ± t(0.975, n−1)·sd/√n (NaN for one seed)."""
    out = df.copy()
    if sd not in out.columns:  # Spark's JSON leaves out nulls: stddev of one value
        out[sd] = float("nan")
    half = [t_quantile(0.975, int(k) - 1) * s / math.sqrt(k) if k >= 2 else float("nan")
            for k, s in zip(out[n], out[sd])]
    out["lo"] = out[mean] - half
    out["hi"] = out[mean] + half
    return out


def estimate(values):
    """n, mean, sample sd, and the 95% t-interval of a list of values (one per seed)."""
    s = pd.Series(list(values), dtype=float)
    frame = pd.DataFrame({"n": [len(s)], "mean": [s.mean()], "sd": [s.std(ddof=1)]})
    return with_interval(frame).iloc[0]


def interval_text(row, fmt="{:.3f}"):
    """``0.712 [0.680, 0.744]``, or the mean alone without an interval."""
    if row["n"] < 2 or pd.isna(row["lo"]):
        return fmt.format(row["mean"])
    return f"{fmt.format(row['mean'])} [{fmt.format(row['lo'])}, {fmt.format(row['hi'])}]"


def pyspark_available():
    """Whether PySpark is importable here (an alternative to ``bin/engram sql``)."""
    import importlib.util
    return importlib.util.find_spec("pyspark") is not None


#: NetworkType's order (org.engram.spec.NetworkType): the order of series and colours.
TYPE_ORDER = ["plastic", "scalar-synapse", "frozen-synapses", "hebbian", "untyped", "lstm",
              "lstm-state", "hopfield", "delta-rule"]
_LINES = ["-", "--", ":", "-."]
_MARKERS = ["o", "s", "^", "D"]


def ok_trials(trials):
    """The OK trials without the bulky JSON columns."""
    if trials.empty:
        return trials
    return trials[trials.status == "OK"].drop(columns=["rule_json", "spec_json"], errors="ignore")


def order_series(df, columns):
    """Sorts rows by network type (NetworkType's order), then by each varying column."""
    key = df.network_type.map(lambda t: TYPE_ORDER.index(t) if t in TYPE_ORDER else 99)
    return df.assign(_type=key).sort_values(["_type", *columns]).drop(columns="_type")


def styles(df):
    """series -> (colour, line style, marker): colour by network type, line and marker by variant."""
    out, types, seen = {}, [], {}
    for series, t in df[["series", "network_type"]].drop_duplicates().itertuples(index=False):
        if t not in types:
            types.append(t)
        variant = seen.get(t, 0)
        seen[t] = variant + 1
        out[series] = (f"C{types.index(t) % 10}", _LINES[variant % 4], _MARKERS[variant % 4])
    return out


def plot_series(ax, df, x, dodge=True):
    """Mean with 95% error bars per series (series shifted a little sideways on a log2 x axis)."""
    st = styles(df)
    names = list(st)
    for i, name in enumerate(names):
        g = df[df.series == name].sort_values(x)
        shift = 2 ** ((i - (len(names) - 1) / 2) * 0.02) if dodge else 1
        yerr = [(g["mean"] - g["lo"]).fillna(0).clip(lower=0),
                (g["hi"] - g["mean"]).fillna(0).clip(lower=0)]
        colour, line, marker = st[name]
        ax.errorbar(g[x] * shift, g["mean"], yerr=yerr, color=colour, linestyle=line,
                    marker=marker, capsize=3, label=name)


def interval_note(df):
    """What the error bars are, for a legend or a print."""
    if df.empty or df["n"].max() < 2:
        return "one seed per point: no interval"
    if df["n"].min() < 2:
        return "bars: 95% t-interval over seeds; one-seed points have none"
    lo, hi = int(df["n"].min()), int(df["n"].max())
    return f"bars: 95% t-interval over seeds (n = {lo if lo == hi else f'{lo} to {hi}'})"
