#!/usr/bin/python3
"""Shot-boundary videos made from real photographs, with exact per-frame ground truth and an event list.

Each shot looks at one photograph (from tools/realshot_photos.py: a scene photo or a telescope photo, sometimes with
a photographed object placed in it) through a virtual camera: a pan and/or zoom along a smooth path, hand-held
shake, sometimes a whip pan (a very fast pan, with motion blur from sub-frame samples); every frame gets sensor
grain, some shots flicker, some are letterboxed or pillarboxed. Inside shots (label none) there are camera flashes
of 1-5 frames (brightness pushed to near white, decaying) and bright photographed objects crossing the frame.
Between shots: hard cuts, jump cuts (the same photograph, another crop/zoom), dissolves and fades through black
(10-40 frames). Frames are rendered with PIL/numpy and encoded by ffmpeg.

Outputs: the video, the labels CSV (the trainer's format: "frame_index,label", none/cut/gradual; cut = first frame
of a new shot after a hard or jump cut, gradual = every frame that mixes two shots or a shot with black) and an
events CSV ("start,end,kind,detail": frames of each cut, jump cut, gradual transition, flash, whip pan and
entering object, end inclusive) so errors can be counted by kind.

Usage: realshots.py --photos DIR/{train,val,dev} --out x.mp4 --labels x.labels.csv --events x.events.csv
                    --seed 1 --frames 300 [--size 640x360] [--fps 25|29.97] [--codec h264|vp9|mpeg2] [--quality Q]
"""
import argparse
import glob
import math
import os
import random
import subprocess
import sys

import numpy as np
from PIL import Image, ImageFilter

FF = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]

CODECS = {
    "h264": lambda q: ["-c:v", "libx264", "-preset", "veryfast", "-crf", str(q or 26), "-pix_fmt", "yuv420p",
                       "-x264-params", "keyint=250", "-movflags", "+faststart"],
    "vp9": lambda q: ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", str(q or 40), "-deadline", "realtime",
                      "-cpu-used", "8", "-pix_fmt", "yuv420p"],
    # q < 0: a bit rate of -q kbit/s instead of a fixed quantiser (small files)
    "mpeg2": lambda q: ["-c:v", "mpeg2video", "-pix_fmt", "yuv420p"]
    + (["-b:v", f"{-q}k", "-maxrate", f"{-q * 3 // 2}k", "-bufsize", f"{-q}k"] if q < 0 else ["-q:v", str(q or 6)]),
}
EXT = {"h264": "mp4", "vp9": "webm", "mpeg2": "avi"}


class Photos:
    """The photographs of one split, loaded lazily and scaled so their short side is about 1.6x the frame's."""

    def __init__(self, d, w, h):
        self.scenes = sorted(f for f in glob.glob(os.path.join(d, "backgrounds", "*.png"))
                             if not os.path.basename(f).startswith("nebula-"))
        self.nebulae = sorted(glob.glob(os.path.join(d, "backgrounds", "nebula-*.png")))
        self.objects = sorted(glob.glob(os.path.join(d, "objects", "*.png")))
        if not self.scenes or not self.objects:
            sys.exit(f"{d}: no photographs (run tools/make-real-shot-data.sh)")
        self.w, self.h = w, h
        self.cache = {}

    def load(self, f, alpha=False):
        key = (f, alpha)
        if key not in self.cache:
            im = Image.open(f).convert("RGBA" if alpha else "RGB")
            if not alpha:
                # enough pixels for a 1.6x zoom-in without blur; at most ~3x the frame height
                s = max(1.6 * self.h / im.size[1], 1.6 * self.w / im.size[0] if im.size[0] < 2 * self.w else 0)
                s = min(max(s, 3 * self.h / im.size[1] if im.size[1] > 3 * self.h else s), 4.0)
                im = im.resize((max(1, round(im.size[0] * s)), max(1, round(im.size[1] * s))), Image.BICUBIC)
            self.cache[key] = im
        return self.cache[key]


class Shot:
    """One shot: a photograph and a camera path. frame(i) renders its i-th frame (float32 [h, w, 3], 0..255)."""

    def __init__(self, rnd, photos, w, h, n, image=None, kind=None):
        self.rnd, self.w, self.h, self.n = rnd, w, h, n
        if image is None:
            kind = rnd.choices(["scene", "nebula", "object"], [0.55, 0.2, 0.25])[0]
            if kind == "nebula" and photos.nebulae:
                image = photos.load(rnd.choice(photos.nebulae))
            else:
                image = photos.load(rnd.choice(photos.scenes))
                if kind == "object":  # a photographed object placed in the scene (static, part of the shot)
                    image = image.copy()
                    obj = photos.load(rnd.choice(photos.objects), alpha=True)
                    s = rnd.uniform(0.4, 0.9) * image.size[1] / obj.size[1]
                    obj = obj.resize((max(1, int(obj.size[0] * s)), max(1, int(obj.size[1] * s))), Image.BICUBIC)
                    image.paste(obj, (rnd.randrange(0, max(1, image.size[0] - obj.size[0])),
                                      rnd.randrange(0, max(1, image.size[1] - obj.size[1]))), obj)
        self.image, self.kind = image, kind
        # content area: letterbox (bars top/bottom) or pillarbox (bars left/right) in some shots
        self.box = (0, 0, w, h)
        r = rnd.random()
        if r < 0.12:
            bh = int(h * rnd.uniform(0.08, 0.14))
            self.box = (0, bh, w, h - bh)
        elif r < 0.2:
            bw = int(w * rnd.uniform(0.1, 0.15))
            self.box = (bw, 0, w - bw, h)
        bw_, bh_ = self.box[2] - self.box[0], self.box[3] - self.box[1]
        iw, ih = image.size
        # zoom z: source pixels per output pixel; largest z shows the whole height (or width)
        zmax = min(iw / bw_, ih / bh_)
        z0 = zmax * rnd.uniform(0.45, 1.0)
        z1 = z0 * math.exp(rnd.uniform(-0.35, 0.35)) if rnd.random() < 0.5 else z0
        z1 = min(z1, zmax)
        self.z = (z0, z1)

        def centre(z):
            hw, hh = bw_ * z / 2, bh_ * z / 2
            return rnd.uniform(hw, iw - hw), rnd.uniform(hh, ih - hh)

        c0 = centre(max(z0, z1))
        c1 = centre(max(z0, z1)) if rnd.random() < 0.6 else c0
        # at most ~1/3 of a frame width per second of ordinary pan
        maxd = bw_ * max(z0, z1) * 0.012 * n
        d = math.dist(c0, c1)
        if d > maxd:
            c1 = (c0[0] + (c1[0] - c0[0]) * maxd / d, c0[1] + (c1[1] - c0[1]) * maxd / d)
        self.c = (c0, c1)
        self.shake = rnd.choice([0.0, 0.0, rnd.uniform(0.5, 2.5), rnd.uniform(2, 6)])
        self.grain = rnd.uniform(1.0, 7.0)
        self.flicker = rnd.uniform(0.02, 0.08) if rnd.random() < 0.2 else 0.0
        self.flicker_f = rnd.uniform(0.5, 6)
        self.gain = rnd.uniform(0.8, 1.1)
        self.shake_path = np.cumsum(np.random.default_rng(rnd.randrange(1 << 30)).normal(0, 1, (n + 60, 2)), axis=0)
        self.shake_path -= np.linspace(0, 1, n + 60)[:, None] * self.shake_path[-1]  # bounded random walk
        self.whip = None  # (start, length, dx, dy): a very fast pan inside the shot
        self.events = []

    def add_whip(self, start, length):
        iw, ih = self.image.size
        z = max(self.z)
        bw_ = self.box[2] - self.box[0]
        # sweep 0.6..1.5 frame widths in `length` frames, then the shot goes on from there
        dist = bw_ * z * self.rnd.uniform(0.6, 1.5) * self.rnd.choice([-1, 1])
        self.whip = (start, length, dist, self.rnd.uniform(-0.15, 0.15) * dist)

    def camera(self, t):
        """Centre x, y and zoom at frame time t (fractional for motion blur)."""
        u = t / max(1, self.n - 1)
        u = u * u * (3 - 2 * u)  # ease in/out
        z = self.z[0] + (self.z[1] - self.z[0]) * u
        cx = self.c[0][0] + (self.c[1][0] - self.c[0][0]) * u
        cy = self.c[0][1] + (self.c[1][1] - self.c[0][1]) * u
        if self.whip:
            s, l, dx, dy = self.whip
            v = min(1.0, max(0.0, (t - s) / l))
            v = v * v * (3 - 2 * v)
            cx, cy = cx + dx * v, cy + dy * v
        k = min(len(self.shake_path) - 2, max(0, int(t)))
        sh = self.shake_path[k] + (self.shake_path[k + 1] - self.shake_path[k]) * (t - int(t))
        cx += sh[0] * self.shake * z
        cy += sh[1] * self.shake * z
        return cx, cy, z

    def view(self, t):
        bx0, by0, bx1, by1 = self.box
        bw_, bh_ = bx1 - bx0, by1 - by0
        cx, cy, z = self.camera(t)
        iw, ih = self.image.size
        # keep the view inside the photograph (mirror-free clamp)
        cx = min(max(cx, bw_ * z / 2), iw - bw_ * z / 2)
        cy = min(max(cy, bh_ * z / 2), ih - bh_ * z / 2)
        x0, y0 = cx - bw_ * z / 2, cy - bh_ * z / 2
        im = self.image.transform((bw_, bh_), Image.AFFINE, (z, 0, x0, 0, z, y0), resample=Image.BILINEAR)
        return np.asarray(im, dtype=np.float32)

    def frame(self, i, noise):
        t = float(i)
        if self.whip and self.whip[0] - 1 <= i <= self.whip[0] + self.whip[1] + 1:
            # motion blur: the mean of sub-frame views over the exposure
            v = np.mean([self.view(t + d) for d in np.linspace(-0.5, 0.5, 7)], axis=0)
        else:
            v = self.view(t)
        g = self.gain * (1 + self.flicker * math.sin(2 * math.pi * self.flicker_f * i / 25.0 + self.n)
                         + (self.rnd.uniform(-1, 1) * self.flicker * 0.5))
        out = np.zeros((self.h, self.w, 3), np.float32)
        bx0, by0, bx1, by1 = self.box
        out[by0:by1, bx0:bx1] = v * g + noise[by0:by1, bx0:bx1] * self.grain
        return out


def to_uint8(f):
    """Rounds and clips a float frame to uint8 (uint8 frames pass through)."""
    if f.dtype == np.uint8:
        return f
    f = np.asarray(f, np.float32)
    f = np.rint(f)
    np.clip(f, 0, 255, out=f)
    return f.astype(np.uint8)


def build(args, rnd, sink):
    """Renders the clip; frames go to sink(frame) once no transition can reach back to them (memory stays small)."""
    w, h = map(int, args.size.split("x"))
    photos = Photos(args.photos, w, h)
    nrng = np.random.default_rng(rnd.randrange(1 << 30))
    noise_bank = nrng.normal(0, 1, (6, h + 8, w + 8, 1)).astype(np.float32)

    def noise():
        k, dy, dx = nrng.integers(0, 6), nrng.integers(0, 8), nrng.integers(0, 8)
        return noise_bank[k, dy:dy + h, dx:dx + w]

    frames, labels, events = [], [], []
    written = [0]  # frames[0] is frame number written[0] of the clip

    def pos():
        return written[0] + frames.__len__()

    def flush(keep):
        while frames.__len__() > keep:
            sink(frames.pop(0))
            written[0] += 1

    def shot_frames(shot, n_frames):
        """Renders a shot with its in-shot events (flashes, entering objects) applied."""
        out = []
        for i in range(n_frames):
            f = shot.frame(i, noise())
            for (s, e, kind, detail, fn, until) in shot.events:
                if s <= i <= until:
                    f = fn(f, i - s)
            out.append(to_uint8(f))
        return out

    def plan_events(shot, n):
        # in-shot events, at least 4 frames from either end of the shot so they never touch a transition
        slots = list(range(4, n - 10))
        rnd.shuffle(slots)
        used = set()

        def free(s, e):
            return all(x not in used for x in range(s - 6, e + 7)) and e < n - 4

        for s in slots[:3]:
            r = rnd.random()
            if r < args.p_flash:
                L = rnd.randrange(1, 6)
                if not free(s, s + L - 1):
                    continue
                peak = rnd.uniform(0.75, 0.97)
                decay = rnd.uniform(0.35, 0.7)
                levels = [peak * (decay ** k if k > 0 else 1.0) for k in range(L)]
                if L > 1 and rnd.random() < 0.5:  # flash that builds for a frame then decays
                    levels[0] *= rnd.uniform(0.5, 0.9)
                tint = np.array([255, 255, rnd.uniform(225, 255)], np.float32)

                def flash(f, k, levels=levels, tint=tint):
                    a = levels[k]
                    return f * (1 - a) + tint * a
                shot.events.append((s, s + L - 1, "flash", f"{L} frames", flash, s + L - 1))
                used.update(range(s, s + L))
            elif r < args.p_flash + args.p_object:
                L = rnd.randrange(6, 25)
                if not free(s, s + L - 1):
                    continue
                obj = photos.load(rnd.choice(photos.objects), alpha=True)
                sc = rnd.uniform(0.5, 1.0) * h / obj.size[1]
                obj = obj.resize((max(1, int(obj.size[0] * sc)), max(1, int(obj.size[1] * sc))), Image.BICUBIC)
                a = np.asarray(obj, np.float32)
                bright = rnd.uniform(1.0, 1.6)
                rgb, al = np.clip(a[:, :, :3] * bright + rnd.uniform(0, 60), 0, 255), a[:, :, 3:4] / 255
                side = rnd.choice([-1, 1])
                x_start = -obj.size[0] if side > 0 else w
                x_end = rnd.uniform(0.1, 0.6) * w if rnd.random() < 0.5 else (w if side > 0 else -obj.size[0])
                y = rnd.randrange(-obj.size[1] // 4, max(1, h - obj.size[1] // 2))

                def enter(f, k, rgb=rgb, al=al, x0=x_start, x1=x_end, y=y, L=L):
                    x = int(round(x0 + (x1 - x0) * (min(k, L - 1) + 1) / L))
                    oh, ow = al.shape[:2]
                    fx0, fy0, fx1, fy1 = max(0, x), max(0, y), min(w, x + ow), min(h, y + oh)
                    if fx1 <= fx0 or fy1 <= fy0:
                        return f
                    f = f.copy()
                    sub_a = al[fy0 - y:fy1 - y, fx0 - x:fx1 - x]
                    f[fy0:fy1, fx0:fx1] = f[fy0:fy1, fx0:fx1] * (1 - sub_a) + rgb[fy0 - y:fy1 - y, fx0 - x:fx1 - x] * sub_a
                    return f
                # the object stays where it stopped for the rest of the shot when it does not leave
                stays = x_end not in (w, -obj.size[0])
                shot.events.append((s, s + L - 1, "object", "enters and stays" if stays else "crosses", enter,
                                    n - 1 if stays else s + L - 1))
                used.update(range(s, n if stays else s + L))
            elif r < args.p_flash + args.p_object + args.p_whip and shot.whip is None:
                L = rnd.randrange(4, 10)
                if not free(s, s + L - 1):
                    continue
                shot.add_whip(s, L)
                shot.events.append((s, s + L - 1, "whip", f"{L} frames", lambda f, k: f, s + L - 1))
                used.update(range(s, s + L))

    def new_shot(n, prev=None, jump=False):
        if jump:
            s = Shot(rnd, photos, w, h, n, image=prev.image, kind=prev.kind)
            # a jump cut: another crop/zoom of the same photograph, clearly different framing
            for _ in range(10):
                if abs(math.log(s.z[0] / prev.z[1])) > 0.25 or math.dist(s.c[0], prev.c[1]) > 0.3 * w * s.z[0]:
                    break
                s = Shot(rnd, photos, w, h, n, image=prev.image, kind=prev.kind)
            s.box = prev.box
        else:
            s = Shot(rnd, photos, w, h, n)
        plan_events(s, n)
        return s

    def shot_len():
        return rnd.randrange(args.min_shot, args.max_shot + 1)

    def add(block, first, rest):
        for i, f in enumerate(block):
            frames.append(to_uint8(f))
            labels.append(first if i == 0 else rest)

    def record(shot, offset):
        for (s, e, kind, detail, _, _) in shot.events:
            events.append((offset + s, offset + e, kind, detail))

    prev = new_shot(shot_len())
    cur = shot_frames(prev, prev.n)
    record(prev, 0)
    add(cur, "none", "none")
    kinds = ["cut", "jump", "dissolve", "fade"]
    weights = [args.p_cut, args.p_jump, args.p_dissolve, args.p_fade]
    while pos() < args.frames:
        flush(60)
        t = rnd.choices(kinds, weights)[0]
        n = shot_len()
        d = rnd.randrange(10, 41)
        if t in ("dissolve", "fade"):
            # the transition eats the end of the previous shot and the start of the next: both must be long enough
            if prev.n < 18:
                t = "cut"
            d = max(10, min(d, prev.n - 8))
            n = max(n, d + 15)
        nxt = new_shot(n, prev, jump=(t == "jump"))
        if t in ("dissolve", "fade"):
            a = d if t == "dissolve" else rnd.randrange(5, d // 2 + 1)
            b = d - a if t == "fade" else 0
            hold = rnd.randrange(0, 3) if t == "fade" else 0
            start = pos() - (a if t == "fade" else d)
            # drop the events of the previous shot that overlap the transition (they would not be 'none' frames)
            nxt.events = [e for e in nxt.events if e[0] > d + 4]
            if not any(e[2] == "whip" for e in nxt.events):
                nxt.whip = None
            if any(e[1] >= start - 4 for e in events if e[0] >= start - 60):
                t = "cut"
        if t in ("cut", "jump"):
            nf = shot_frames(nxt, n)
            events.append((pos(), pos(), t, ""))
            record(nxt, pos())
            add(nf, "cut", "none")
        elif t == "dissolve":
            nf = shot_frames(nxt, n)
            tail = frames[-d:]
            del frames[-d:], labels[-d:]
            s0 = pos()
            mixf = [tail[i].astype(np.float32) * (1 - (i + 1) / (d + 1)) + nf[i] * ((i + 1) / (d + 1)) for i in range(d)]
            events.append((s0, s0 + d - 1, "dissolve", f"{d} frames"))
            record(nxt, s0)
            add(mixf, "gradual", "gradual")
            add(nf[d:], "none", "none")
        else:
            nf = shot_frames(nxt, n)
            tail = frames[-a:]
            del frames[-a:], labels[-a:]
            s0 = pos()
            out = [tail[i].astype(np.float32) * (1 - (i + 1) / a) for i in range(a)]
            out += [np.zeros((h, w, 3), np.float32)] * hold
            out += [nf[i] * (i / b) for i in range(b)]
            events.append((s0, s0 + len(out) - 1, "fade", f"{a}+{hold}+{b} frames"))
            # the new shot starts after the fade-in: shift its events by what was consumed
            for (s, e, kind, detail, _, _) in nxt.events:
                events.append((s0 + a + hold + s, s0 + a + hold + e, kind, detail))
            add(out, "gradual", "gradual")
            add(nf[b:], "none", "none")
        prev = nxt
    n = args.frames
    frames[:] = frames[:max(0, n - written[0])]
    flush(0)
    events = [e for e in events if e[0] < n]
    return labels[:n], events


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--photos", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--frames", type=int, required=True)
    p.add_argument("--size", default="640x360")
    p.add_argument("--fps", default="25")
    p.add_argument("--codec", default="h264", choices=sorted(CODECS))
    p.add_argument("--quality", type=int, default=0)
    p.add_argument("--min-shot", type=int, default=20)
    p.add_argument("--max-shot", type=int, default=90)
    p.add_argument("--p-cut", type=float, default=0.45)
    p.add_argument("--p-jump", type=float, default=0.15)
    p.add_argument("--p-dissolve", type=float, default=0.22)
    p.add_argument("--p-fade", type=float, default=0.18)
    p.add_argument("--p-flash", type=float, default=0.3, help="chance per event slot (3 per shot) of a flash")
    p.add_argument("--p-object", type=float, default=0.15)
    p.add_argument("--p-whip", type=float, default=0.15)
    args = p.parse_args()
    rnd = random.Random(args.seed)
    w, h = map(int, args.size.split("x"))
    rate = "30000/1001" if args.fps in ("29.97", "30000/1001") else args.fps
    cmd = FF + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", rate, "-i", "-"]
    cmd += CODECS[args.codec](args.quality) + ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                                                args.out]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    labels, events = build(args, rnd, lambda f: proc.stdin.write(f.tobytes()))
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"ffmpeg failed for {args.out}")
    with open(args.labels, "w") as f:
        f.write("frame_index,label\n")
        for i, l in enumerate(labels):
            f.write(f"{i},{l}\n")
    with open(args.events, "w") as f:
        f.write("start,end,kind,detail\n")
        for e in sorted(events):
            f.write("%d,%d,%s,%s\n" % e)
    counts = {k: labels.count(k) for k in ("none", "cut", "gradual")}
    kinds = {}
    for e in events:
        kinds[e[2]] = kinds.get(e[2], 0) + 1
    print(f"{args.out}: {len(labels)} frames {w}x{h} @ {rate} fps, {counts}, events {kinds}", file=sys.stderr)


if __name__ == "__main__":
    main()
