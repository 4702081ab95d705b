"""One-off import of the municipality records from the reference CSVs.

Run once to create ``data/municipalities/*.yaml`` and ``data/provinces.yaml``::

    python tools/import_municipalities.py ../shared/reference

After that the YAML files are the source of truth: contributors edit them by pull request, and
this script is kept to show (and repeat, if ever needed) where the first values came from.
It refuses to overwrite existing records unless ``--force`` is given, because a rerun would undo
edits made since.

Sources (see the colofon page): Statbel REFNIS via the reference set, Provincies in Cijfers
(successor codes), Statbel legal population, Statbel/bpost postal codes.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HEADER = "# yaml-language-server: $schema=../../schema/municipality.schema.json\n"

POPULATION_SOURCE = {
    "2018-01-01": "Statbel, wettelijke bevolking op 1 januari 2018",
    "2019-01-01": "Statbel, wettelijke bevolking op 1 januari 2019",
    "2020-01-01": "Statbel, wettelijke bevolking op 1 januari 2020",
}


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out, dash = [], False
    for char in ascii_name.lower():
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def territory_of(row: dict[str, str]) -> str:
    """The map on which the municipality's newest population figure belongs."""
    if row["valid_until"] == "2018-12-31":
        return "2018"
    if row["valid_until"] == "2024-12-31":
        return "2019-2024"
    return "2025"


def render(
    row: dict[str, str], slug: str, successor: str, pop: dict[str, str] | None, postal: list[str]
) -> str:
    lines = [HEADER.rstrip("\n")]
    lines.append(f"nis_code: {quote(row['nis_code'])}")
    lines.append(f"name: {quote(row['name_nl'])}")
    lines.append(f"slug: {slug}")
    lines.append(f"province: {row['province']}")
    lines.append("arrondissement:")
    lines.append(f"  name: {quote(row['arrondissement'])}")
    lines.append(f"  nis_code: {quote(row['arrondissement_nis'])}")
    lines.append(f"valid_from: {row['valid_from'] or 'null'}")
    lines.append(f"valid_until: {row['valid_until'] or 'null'}")
    lines.append(f"successor: {quote(successor) if successor else 'null'}")
    if pop:
        lines.append("population:")
        lines.append(f"  figure: {pop['population']}")
        lines.append(f"  reference_date: {pop['ref_date']}")
        lines.append(f"  source: {POPULATION_SOURCE[pop['ref_date']]}")
        if pop["method"] == "sum_of_predecessors":
            lines.append(
                "  note: som van de gemeenten die in 2025 fuseerden, op hetzelfde grondgebied"
            )
    else:
        lines.append("population: null")
    lines.append("postal_codes: [" + ", ".join(quote(code) for code in postal) + "]")
    lines.append("website: null")
    lines.append("contact: null")
    lines.append("introduction: null")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="folder with municipalities.csv etc.")
    parser.add_argument("--out", type=Path, default=Path("data"))
    parser.add_argument("--force", action="store_true", help="overwrite existing records")
    args = parser.parse_args(argv)

    ref: Path = args.reference
    rows = list(csv.DictReader((ref / "municipalities.csv").open(encoding="utf-8")))
    populations: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for pop in csv.DictReader((ref / "population.csv").open(encoding="utf-8")):
        populations[(pop["nis_code"], pop["territory"])].append(pop)
    postal: dict[str, list[str]] = defaultdict(list)
    for item in csv.DictReader((ref / "postal_codes.csv").open(encoding="utf-8")):
        postal[item["nis_code"]].append(item["postal_code"])

    # Names shared by an ended code and a current one (Deinze, Hasselt, Tielt...): the current
    # municipality keeps the plain slug, the ended one is "<name>-tot-<last year>".
    by_name: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_name[slugify(row["name_nl"])].append(row)
    slugs: dict[str, str] = {}
    for base, group in by_name.items():
        for row in group:
            ended = bool(row["valid_until"])
            slugs[row["nis_code"]] = (
                f"{base}-tot-{row['valid_until'][:4]}" if ended and len(group) > 1 else base
            )
    if len(set(slugs.values())) != len(slugs):
        print("slug collision", file=sys.stderr)
        return 1

    folder: Path = args.out / "municipalities"
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.yaml")) and not args.force:
        print(f"{folder} already holds records; use --force to overwrite them", file=sys.stderr)
        return 1
    for row in rows:
        code = row["nis_code"]
        figures = sorted(populations[(code, territory_of(row))], key=lambda p: p["ref_date"])
        text = render(
            row,
            slugs[code],
            row["successor_nis"],
            figures[-1] if figures else None,
            sorted(set(postal[code])),
        )
        (folder / f"{code}-{slugs[code]}.yaml").write_text(text, encoding="utf-8")

    provinces: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        provinces[row["province"]][row["arrondissement_nis"]] = row["arrondissement"]
    order = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
    out = [
        "# yaml-language-server: $schema=../schema/provinces.schema.json",
        "# The five Flemish provinces and their administrative arrondissements (Statbel REFNIS).",
        "provinces:",
    ]
    for name in order:
        out.append(f"  - slug: {slugify(name)}")
        out.append(f"    name: {name}")
        out.append("    arrondissements:")
        for code, arr in sorted(provinces[name].items()):
            out.append(f"      - name: {quote(arr)}")
            out.append(f"        nis_code: {quote(code)}")
    (args.out / "provinces.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} records to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
