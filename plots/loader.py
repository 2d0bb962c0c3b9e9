"""Load conv1d-bench results JSON (schema conv1d-bench/results/1) and pick values out of records.

Every figure reads data only through this module, so the rules about what may be drawn as a number
live in one place: a value is drawn only when the record's status says it was measured on a correct
kernel (PASSED, or NOT_VERIFIED from a timing-only run) and the field is not null. Anything else is
missing, and FAILED/MISTRUSTED records are reported separately so figures can mark them. What a backend is
to the figures, one of ours or a baseline to compare with, is its records' "role", never its name.
"""
import json
import math
import os

# Statuses whose numbers are trustworthy enough to draw.
DRAWN_STATUSES = ("PASSED", "NOT_VERIFIED")
# Statuses that mean the kernel produced wrong (or suspicious) output: marked, never drawn as a value.
FAILED_STATUSES = ("FAILED", "MISTRUSTED")

INTEGER_FIELDS = ("N", "C", "K", "W", "Q", "S", "d", "threads")
TEXT_FIELDS = ("pass", "dt", "backend", "role", "status")
OURS, BASELINE = "ours", "baseline"  # roles (results/SCHEMA.md); the third, "oracle", is never drawn
REQUIRED_FIELDS = INTEGER_FIELDS + TEXT_FIELDS


class ResultsError(Exception):
    """A results file that cannot be used; the message is one line naming the file and the problem."""


class Results:
    """All records of one or more files, each record remembering which file's context it came from."""

    def __init__(self):
        self.contexts = []  # one per file, in command-line order
        self.records = []   # dicts from the files, plus "_context": index into contexts

    def context_of(self, record):
        return self.contexts[record["_context"]]


def load(paths):
    """Read every file into one Results; raise ResultsError on the first unusable file."""
    results = Results()
    for path in paths:
        document = _read_document(path)
        results.contexts.append(dict(document["context"], _path=path))
        for index, record in enumerate(document["records"]):
            _check_record(path, index, record)
            results.records.append(dict(record, _context=len(results.contexts) - 1))
    return results


def _read_document(path):
    if not os.path.isfile(path):
        raise ResultsError(f"{path}: no such file (give a results JSON written by `conv1d-bench run --out`)")
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except (OSError, UnicodeDecodeError) as error:
        raise ResultsError(f"{path}: cannot read it ({error})") from None
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path}: not valid JSON (line {error.lineno}: {error.msg}); "
                           "if the run was interrupted, finish it with --resume") from None
    if not isinstance(document, dict) or not isinstance(document.get("context"), dict) \
            or not isinstance(document.get("records"), list):
        raise ResultsError(f"{path}: not a conv1d-bench results file "
                           "(expected an object with \"context\" and \"records\")")
    return document


def _check_record(path, index, record):
    if not isinstance(record, dict):
        raise ResultsError(f"{path}: record {index} is not an object")
    missing = [field for field in REQUIRED_FIELDS if field not in record]
    if missing:
        raise ResultsError(f"{path}: record {index} lacks {', '.join(missing)} (see results/SCHEMA.md)")
    # The figures group and sort by these, so a wrong type would fail far from its cause.
    for field in INTEGER_FIELDS:
        if isinstance(record[field], bool) or not isinstance(record[field], int):
            raise ResultsError(f"{path}: record {index}: {field} is {record[field]!r}, not an integer")
    for field in TEXT_FIELDS:
        if not isinstance(record[field], str):
            raise ResultsError(f"{path}: record {index}: {field} is {record[field]!r}, not a string")


def select(records, **criteria):
    """Records whose fields equal the given values; a tuple/list/set value means "any of these"."""
    def matches(record):
        for field, wanted in criteria.items():
            have = record.get(field)
            if isinstance(wanted, (tuple, list, set, frozenset)):
                if have not in wanted:
                    return False
            elif have != wanted:
                return False
        return True
    return [record for record in records if matches(record)]


def is_failed(record):
    return record.get("status") in FAILED_STATUSES


def value(record, field):
    """The record's number for `field` ("pct_peak", "gflops", "time_ms.median"), or None if it must not
    be drawn: a status other than PASSED/NOT_VERIFIED, a null, or a non-finite or non-positive number
    (none of the plotted quantities can legitimately be zero or negative)."""
    if record.get("status") not in DRAWN_STATUSES:
        return None
    found = record
    for part in field.split("."):
        if not isinstance(found, dict):
            return None
        found = found.get(part)
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        return None
    if not math.isfinite(found) or found <= 0:
        return None
    return float(found)


def timed_backends(records, role):
    """The backends of this role that have a drawable median time in `records`, in the order they first
    appear (the harness writes them in its registry's order)."""
    names = []
    for record in records:
        if record["role"] == role and record["backend"] not in names and value(record, "time_ms.median"):
            names.append(record["backend"])
    return names


def geomean(values):
    """Geometric mean of positive numbers; NaN for none (a missing value stays missing)."""
    values = list(values)
    if not values:
        return math.nan
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main_thread_count(records):
    """The thread count to draw when records mix several: the largest, as the paper uses a full socket."""
    counts = {record["threads"] for record in records}
    return max(counts) if counts else None
