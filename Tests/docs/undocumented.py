#!/usr/bin/env python3
"""Lists the public declarations of Tandem and TandemXLSX that have no documentation comment.

Reads the symbol graphs `swift package dump-symbol-graph` writes. Members a protocol documents
(description, hash(into:), Codable's init(from:) and encode(to:), …) and synthesized members are
not counted. Entries listed in the baseline file (still to be documented) are allowed; any other
undocumented public declaration fails the check.

usage: undocumented.py SYMBOLGRAPH_DIR BASELINE [--write-baseline]
"""
import glob
import json
import os
import sys

MODULES = ["Tandem", "TandemXLSX"]
WITNESSES = {
    "description", "debugDescription", "hash(into:)", "hashValue", "==(_:_:)", "<(_:_:)", "init(from:)",
    "encode(to:)", "init(rawValue:)", "rawValue", "init(stringLiteral:)", "init(unicodeScalarLiteral:)",
    "init(extendedGraphemeClusterLiteral:)", "allCases", "errorDescription", "id",
}


def undocumented(directory):
    found = set()
    for module in MODULES:
        for path in glob.glob(os.path.join(directory, f"{module}*.symbols.json")):
            name = os.path.basename(path)
            if name != f"{module}.symbols.json" and not name.startswith(f"{module}@"):
                continue
            graph = json.load(open(path))
            for symbol in graph["symbols"]:
                if symbol.get("accessLevel") != "public" or "docComment" in symbol:
                    continue
                if "location" not in symbol or symbol["pathComponents"][-1] in WITNESSES:
                    continue
                found.add(f"{module}.{'.'.join(symbol['pathComponents'])}")
    return found


def main():
    directory, baseline_path = sys.argv[1], sys.argv[2]
    found = undocumented(directory)
    if "--write-baseline" in sys.argv:
        with open(baseline_path, "w") as f:
            f.write("".join(f"{entry}\n" for entry in sorted(found)))
        print(f"{baseline_path}: {len(found)} entries")
        return 0
    baseline = set()
    if os.path.exists(baseline_path):
        baseline = {line.strip() for line in open(baseline_path) if line.strip() and not line.startswith("#")}
    new = sorted(found - baseline)
    for entry in new:
        print(f"error: public declaration without documentation: {entry}", file=sys.stderr)
    done = sorted(baseline - found)
    if done:
        print(f"note: {len(done)} baseline entries are documented now; remove them from {baseline_path}")
    print(f"documentation: {len(found & baseline)} public declarations still to document (baseline), {len(new)} new")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
