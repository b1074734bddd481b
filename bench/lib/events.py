"""events.py EVENT FIELD FILE: the FIELD of the last EVENT among the JSON lines a lastlight command wrote to FILE
(its stderr when that is not a terminal), or '-' if there is none. Lines that are not JSON are skipped."""
import json
import sys

event, field, path = sys.argv[1], sys.argv[2], sys.argv[3]
value = "-"
with open(path, encoding="utf-8", errors="replace") as f:
    for line in f:
        try:
            o = json.loads(line)
        except ValueError:
            continue
        if isinstance(o, dict) and o.get("event") == event and field in o:
            value = o[field]
print(value)
