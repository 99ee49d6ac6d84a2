#!/usr/bin/python3
"""Selects the photographs the real-image shot videos are made from, splits them by photograph and writes the manifest.

Input: Debian packages already unpacked by tools/make-real-shot-data.sh into PKGDIR/<package>/ (dpkg-deb -x), with
their versions in PKGDIR/<package>.version. Output: OUT/{train,val,dev}/backgrounds/*.png (full-frame photographs;
panoramas with a transparent sky get a plain sky gradient) and OUT/{train,val,dev}/objects/*.png (photographed
objects with alpha, for objects entering the frame and objects placed in a scene), and the manifest MANIFEST (TSV:
split, kind, package, version, path inside the package, licence, note).

Which files are photographs was checked by eye on contact sheets (2026-12-01):
  palapeli-data: the 5 puzzle photographs in usr/share/palapeli/collection (the backgrounds/ are drawn textures);
  stellarium-data: the photographic landscape panoramas garching, grossmugl, guereins, hurricane, moon (the planet
    landscapes mars/jupiter/... are renders, ocean looks rendered: left out), and the telescope photographs in
    nebulae/default (the largest 120 of them);
  tuxpaint-stamps-default: stamps outside cartoon/, symbols/, seasonal/, town/roadsigns with at least 1500 distinct
    colours among their opaque pixels (photographs; drawings have few colours).
Split: every photograph belongs to exactly one of train / val / dev (panorama = one photograph).
"""
import glob
import hashlib
import os
import sys

import numpy as np
from PIL import Image

PKGDIR, OUT, MANIFEST = sys.argv[1:4]

LICENCE = {
    "palapeli-data": "GPL-2+ (copyright file, Files: *; photograph author in the .desktop file)",
    "stellarium-landscape": "GPL-2+ (copyright file, Files: *: graphics by the Stellarium team; author in landscape.ini)",
    "stellarium-nebula": "free use with credit / CC-BY-3.0 per author (copyright file, section 4.7-4.25)",
    "tuxpaint-stamps-default": "GPL-2 (copyright file, Files: *)",
}

# Fixed split of the 10 full-frame photographs (panorama = one photograph); nebulae and objects by name hash.
SPLIT = {
    "castle-maintenon": "train", "cincinnati-bridge": "train", "citrus-fruits": "train", "garching": "train",
    "grossmugl": "train", "hurricane": "train", "european-honey-bee": "val", "moon": "val",
    "panther-chameleon-female": "dev", "guereins": "dev",
}
PANORAMAS = {  # landscape: tiles in order (old_style) or the single spherical map
    "garching": ["garching-gl1.png", "garching-gl2.png", "garching-gl3.png", "garching-gl4.png"],
    "grossmugl": ["grossmugl_leeberg_crop11.25_2048.png"],
    "guereins": ["guereins4.png", "guereins5.png", "guereins6.png", "guereins7.png", "guereins8.png",
                 "guereins1.png", "guereins2.png", "guereins3.png"],
    "hurricane": ["hurricane5.png", "hurricane6.png", "hurricane7.png", "hurricane8.png", "hurricane1.png",
                  "hurricane2.png", "hurricane3.png", "hurricane4.png"],
    "moon": ["apollo17.png"],
}


def hashed_split(name):
    h = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 10
    return "dev" if h < 2 else "val" if h < 3 else "train"


def version(pkg):
    return open(os.path.join(PKGDIR, pkg + ".version")).read().strip()


def sky(w, h, seed):
    """A plain vertical sky gradient (pale at the horizon) for the transparent sky of a landscape panorama."""
    rnd = np.random.default_rng(seed)
    top = np.array([60, 110, 190]) + rnd.integers(-30, 30, 3)
    low = np.array([190, 210, 235]) + rnd.integers(-20, 20, 3)
    t = np.linspace(0, 1, h)[:, None, None]
    return np.clip(top * (1 - t) + low * t, 0, 255).astype(np.uint8).repeat(w, axis=1)


rows = []


def save(split, kind, name, img, pkg, paths, licence, note=""):
    d = os.path.join(OUT, split, kind)
    os.makedirs(d, exist_ok=True)
    img.save(os.path.join(d, name + ".png"))
    for p in paths:
        rows.append((split, kind, pkg, version(pkg), p, licence, note))


# palapeli-data: 5 photographs
for f in sorted(glob.glob(os.path.join(PKGDIR, "palapeli-data/usr/share/palapeli/collection/*.jpg"))):
    name = os.path.basename(f)[:-4]
    author = ""
    desk = f[:-4] + ".desktop"
    if os.path.exists(desk):
        author = next((l.split("=", 1)[1].strip() for l in open(desk) if l.startswith("X-KDE-PluginInfo-Author=")), "")
    img = Image.open(f).convert("RGB")
    save(SPLIT[name], "backgrounds", "palapeli-" + name, img, "palapeli-data",
         [os.path.relpath(f, os.path.join(PKGDIR, "palapeli-data"))], LICENCE["palapeli-data"], "photo by " + author)

# stellarium-data landscape panoramas: tiles side by side, sky filled
land = os.path.join(PKGDIR, "stellarium-data/usr/share/stellarium/landscapes")
for name, tiles in PANORAMAS.items():
    ims = [Image.open(os.path.join(land, name, t)).convert("RGBA") for t in tiles]
    hgt = max(i.size[1] for i in ims)
    ims = [i.resize((i.size[0] * hgt // i.size[1], hgt)) for i in ims]
    pano = Image.new("RGBA", (sum(i.size[0] for i in ims), hgt))
    x = 0
    for i in ims:
        pano.paste(i, (x, 0))
        x += i.size[0]
    a = np.asarray(pano)
    # crop away rows that are (almost) all sky, keep a little sky above the horizon
    opaque_rows = np.nonzero((a[:, :, 3] > 128).mean(axis=1) > 0.2)[0]
    top = max(0, opaque_rows[0] - hgt // 6) if len(opaque_rows) else 0
    a = a[top:]
    s = sky(a.shape[1], a.shape[0], len(name))
    al = a[:, :, 3:4].astype(np.float32) / 255
    rgb = np.rint(a[:, :, :3] * al + s * (1 - al)).astype(np.uint8)
    author = next((l.split("=", 1)[1].strip() for l in open(os.path.join(land, name, "landscape.ini"))
                   if l.startswith("author")), "")
    save(SPLIT[name], "backgrounds", "stellarium-" + name, Image.fromarray(rgb), "stellarium-data",
         ["usr/share/stellarium/landscapes/%s/%s" % (name, t) for t in tiles], LICENCE["stellarium-landscape"],
         "landscape panorama by " + author)

# stellarium-data nebula photographs: the 120 largest files
neb = sorted(glob.glob(os.path.join(PKGDIR, "stellarium-data/usr/share/stellarium/nebulae/default/*.png")),
             key=lambda f: (-os.path.getsize(f), f))[:120]
for f in sorted(neb):
    name = os.path.basename(f)[:-4]
    img = Image.open(f).convert("RGB")
    if min(img.size) < 200:
        continue
    save(hashed_split(name), "backgrounds", "nebula-" + name, img, "stellarium-data",
         [os.path.relpath(f, os.path.join(PKGDIR, "stellarium-data"))], LICENCE["stellarium-nebula"],
         "telescope photograph")

# tuxpaint-stamps-default photographed objects (alpha)
stamps = os.path.join(PKGDIR, "tuxpaint-stamps-default")
for f in sorted(glob.glob(os.path.join(stamps, "usr/share/tuxpaint/stamps/**/*.png"), recursive=True)):
    rel = os.path.relpath(f, stamps)
    if any(k in rel for k in ("cartoon", "/symbols/", "/seasonal/", "roadsigns", "_back.png", "_mirror")):
        continue
    img = Image.open(f).convert("RGBA")
    if min(img.size) < 90:
        continue
    a = np.asarray(img)
    op = a[a[:, :, 3] > 200][:, :3]
    if len(op) < 4000 or len(np.unique(op[:, 0].astype(np.int32) << 16 | op[:, 1].astype(np.int32) << 8 | op[:, 2])) < 1500:
        continue
    name = rel.split("stamps/")[1][:-4].replace("/", "-")
    save(hashed_split(name), "objects", "stamp-" + name, img, "tuxpaint-stamps-default", [rel],
         LICENCE["tuxpaint-stamps-default"], "photographed object, alpha")

with open(MANIFEST, "w") as m:
    m.write("split\tkind\tpackage\tversion\tpath\tlicence\tnote\n")
    for r in sorted(rows):
        m.write("\t".join(r) + "\n")
for s in ("train", "val", "dev"):
    for k in ("backgrounds", "objects"):
        n = len(glob.glob(os.path.join(OUT, s, k, "*.png")))
        print(f"{s} {k}: {n}", file=sys.stderr)
