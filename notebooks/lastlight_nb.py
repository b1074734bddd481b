"""Helpers shared by the lastlight notebooks: open a dataset and run the shipped canned queries.

All SQL lives in dataset/src/main/resources/io/lastlight/query/<name>.sql (the files `lastlight query NAME`
runs); this module only reads their `-- param: NAME TYPE DEFAULT [RULE] text` headers so the notebooks can pass
parameters by name, exactly like `lastlight query NAME --param K=V` (RULE, the values the CLI accepts, e.g.
`[day|author]` or `[>=0]`, is not checked here).
"""
import os
import re
from pathlib import Path

import duckdb

QUERY_DIR = Path(__file__).resolve().parent.parent / "dataset" / "src" / "main" / "resources" / "io" / "lastlight" / "query"
_PARAM = re.compile(r"^--\s*param:\s*(\S+)\s+(\S+)\s+(\S+)", re.M)


def connect(dataset=None):
    """Opens DATASET/lastlight.duckdb read-only, with the Parquet paths resolved against the dataset folder."""
    dataset = Path(dataset or os.environ.get("DATASET", "")).expanduser().resolve()
    if not (dataset / "lastlight.duckdb").is_file():
        raise SystemExit(f"{dataset} is not a lastlight dataset: set DATASET to a folder built by 'lastlight build'")
    con = duckdb.connect(str(dataset / "lastlight.duckdb"), read_only=True)
    con.execute(f"SET file_search_path = '{str(dataset).replace(chr(39), chr(39) * 2)}'")
    return con


def query(con, name, **params):
    """Runs the shipped query NAME with its declared defaults, overridden by params; returns a pandas DataFrame."""
    sql = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    values = {}
    for pname, ptype, default in _PARAM.findall(sql):
        v = params.pop(pname, default)
        values[pname] = int(v) if ptype.upper() == "INTEGER" else float(v) if ptype.upper() == "DOUBLE" else str(v)
    if params:
        raise TypeError(f"query {name} has no parameter(s) {', '.join(params)}")
    return con.execute(sql, values).df()


def wilson(x, n, z=1.959963984540054):
    """Wilson score interval for x of n (the same formula as the SQL and 'lastlight estimate users')."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))
