#!/usr/bin/env python3
"""Lists the public declarations of Tandem and TandemXLSX that have no documentation comment.

Reads the symbol graphs `swift package dump-symbol-graph` writes. Members a protocol documents
(description, hash(into:), Codable's init(from:) and encode(to:), …) and synthesized members are
not counted. Any other public declaration without a documentation comment fails the check.

usage: undocumented.py SYMBOLGRAPH_DIR
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
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    found = sorted(undocumented(sys.argv[1]))
    for entry in found:
        print(f"error: public declaration without documentation: {entry}", file=sys.stderr)
    print(f"documentation: {len(found)} public declarations without documentation")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
