"""The avatar: a shaded, solid-looking person drawn from 33 BlazePose landmarks, fast enough for live display.

Coach shows it when there is no webcam, and feeds its frames back to MediaPipe as end-to-end tests, so it has to read as
a person both to people and to BlazePose, whose detector keys on a face and a human silhouette: skin-coloured face,
arms and legs, clothes that contrast with the room, adult proportions, shading that separates overlapping parts.

Every part is a 3D primitive projected through the `Camera` and filled with anti-aliased OpenCV drawing, far to near
(painter's algorithm): tapered capsules for limbs, elliptical rings for the torso, an ellipsoid head cut by two planes
into face and hair. Shading is banded: a dark rim, then narrower, lighter bands shifted towards the light. The room
(room.py) is ray-cast once per camera; a frame copies it, darkens a blurred floor shadow and paints about 300
primitives, with the capsule geometry of all limbs computed in one vectorised pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from coach.synth.camera import Camera
from coach.synth.room import RGB, AvatarStyle, render_room
from coach.vision.landmarks import BONE_INDICES, INDEX, NUM_LANDMARKS

_SHIFT = 4  # OpenCV fixed-point bits: sub-pixel positions keep slow motion smooth
_FIX = float(1 << _SHIFT)
_AA = cv2.LINE_AA
_NEAR = 0.1  # metres: geometry closer to the lens than this is not drawn
_MAX_PX = 2.0e4  # a part reaching this far outside the picture is skipped (it grazes the lens plane)
# Banded cylinder shading, rim to highlight: radius scale, extra pixels, offset towards the light (radii), brightness.
_L_SCALE, _L_EXTRA, _L_OFFSET, _L_BRIGHT = np.array(
    [[1.0, 1.0, 0.0, 0.42], [1.0, -0.3, 0.0, 0.74], [0.8, 0.0, 0.15, 0.87], [0.56, 0.0, 0.28, 1.0],
     [0.28, 0.0, 0.42, 1.12]]
).T  # fmt: skip
_ARM_R = (0.050, 0.041, 0.030, 0.036)  # metres at shoulder, elbow, wrist, hand (a typical adult)
_LEG_R = (0.078, 0.052, 0.037)  # thigh top, knee, ankle
_HEAD_AXES = (0.078, 0.112, 0.098)  # half width, half height, half depth
# Hair is the union of two caps of the unit head (coordinates: left, up, forward), each {u : u.h > t}: crown and back.
_HAIR_CAPS = ((np.array([0.0, 0.94, -0.34]), 0.2), (np.array([0.0, 0.5, -0.866]), 0.05))
_RING = np.linspace(0.0, 2.0 * math.pi, 16, endpoint=False)[:, None]
_COS, _SIN = np.cos(_RING), np.sin(_RING)  # points round a torso ring
_CIRCLE = np.linspace(0.0, 2.0 * math.pi, 28, endpoint=False)[:, None]
_OUTLINE = np.linspace(0.0, 2.0 * math.pi, 40, endpoint=False)[:, None]
Op = int | tuple  # a stroke (chain) index, or (function, *args) drawing something else


def _tone(colour: tuple[float, ...], brightness: float) -> tuple[float, ...]:
    """Darken (<1) towards black or lighten (>1) towards white."""
    if brightness <= 1.0:
        return tuple(c * brightness for c in colour)
    k = min(1.0, 2.0 * (brightness - 1.0))
    return tuple(c + (255 - c) * k for c in colour)


def _unit(v: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-6 and math.isfinite(n) else fallback


def _fix(points: np.ndarray) -> np.ndarray:
    return np.clip(np.round(points * _FIX), -(2.0**30), 2.0**30).astype(np.int32)  # far-off parts are skipped later


class AvatarRenderer:
    """Draws the avatar seen by one camera. Build one per camera (the room behind the person is precomputed, ~0.15 s
    at 640x480) and reuse it for every frame; one renderer per thread, as it keeps per-frame scratch state."""

    def __init__(self, camera: Camera, style: AvatarStyle | None = None) -> None:
        self.camera = camera
        self.style = style or AvatarStyle()
        self._rot, self._pos, self._f = camera.rotation, camera.position, camera.focal_px
        self._centre = np.array([0.5 * camera.width, 0.5 * camera.height])
        self._light = self._rot @ _unit(np.asarray(self.style.light, float), np.array([0.0, 1.0, 0.0]))  # camera axes
        self._light2d = np.array([-self._light[0] if camera.mirror else self._light[0], self._light[1]])
        self._background = render_room(camera, self.style)
        self._chains: list[tuple[np.ndarray, np.ndarray, list[tuple[float, ...]], bool]] = []

    def _project(self, cam: np.ndarray) -> np.ndarray:
        """Camera-axes points (..., 3) to OpenCV drawing coordinates (pixel centres at integers), mirrored if asked."""
        uv = self._f * cam[..., :2] / np.maximum(cam[..., 2:3], _NEAR) + self._centre
        if self.camera.mirror:
            uv[..., 0] = self.camera.width - uv[..., 0]
        return uv - 0.5

    def render(self, scene_points: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The avatar at `scene_points` (33, 3) in the room: RGB uint8 (height, width, 3), drawn into `out` if given."""
        shape = (self.camera.height, self.camera.width, 3)
        if out is None:
            out = np.empty(shape, np.uint8)
        elif out.shape != shape or out.dtype != np.uint8:
            raise ValueError(f"out must be a {shape} uint8 array, not {out.shape} {out.dtype}")
        points = np.asarray(scene_points, dtype=np.float64)
        if points.shape != (NUM_LANDMARKS, 3):
            raise ValueError(f"scene_points must be ({NUM_LANDMARKS}, 3), not {points.shape}")
        np.copyto(out, self._background)
        if not np.isfinite(points).all():  # a lost pose: the empty room
            return out
        self._shadow(out, points)
        cam = (points - self._pos) @ self._rot.T
        if cam[:, 2].max() < _NEAR:
            return out
        body = _Body(cam)
        ref = float(body.mid[2])
        self._chains.clear()
        parts: list[tuple[float, int, list[Op]]] = [(ref, 0, self._torso(body))]
        for side in ("left", "right"):
            arm = float(cam[[INDEX[f"{side}_{j}"] for j in ("shoulder", "elbow", "wrist")], 2].mean())
            leg = float(cam[[INDEX[f"{side}_{j}"] for j in ("hip", "knee", "ankle")], 2].mean())
            # Limbs behind the torso are a little darker, in front a little lighter, so depth reads.
            parts.append((arm - 0.02, 1, self._arm(body, side, float(np.clip(1.0 - 0.55 * (arm - ref), 0.78, 1.06)))))
            parts.append((leg + 0.03, 2, self._leg(body, side, float(np.clip(1.0 - 0.55 * (leg - ref), 0.78, 1.06)))))
        parts.append((float(body.head_centre[2]) - 0.1, 3, self._head(body)))
        draw_stroke = self._strokes()
        for *_, ops in sorted(parts, key=lambda p: (-p[0], p[1])):
            for op in ops:
                if isinstance(op, int):
                    draw_stroke(out, op)
                else:
                    op[0](out, *op[1:])
        return out

    def _chain(
        self, cam: np.ndarray, radii: tuple[float, ...], colour: RGB, shade: float, hem: bool = False, rim: bool = True
    ) -> list[Op]:
        """Queue a limb, tapered capsules through camera-axes points (n, 3), clipped at the near plane; `hem` cuts the
        last end flat (a sleeve, shorts) instead of rounding it; `rim=False` softens the dark outline (a nose).
        Returns the ops that draw it."""
        pieces = [(cam, radii, hem)]
        if cam[:, 2].min() < _NEAR:  # keep what lies beyond the near plane, one segment at a time
            pieces = []
            for i in range(len(cam) - 1):
                a, b = cam[i], cam[i + 1]
                if max(a[2], b[2]) < _NEAR:
                    continue
                if min(a[2], b[2]) < _NEAR:
                    cut = a + (_NEAR - a[2]) / (b[2] - a[2]) * (b - a)
                    cut[2] = _NEAR
                    a, b = (cut, b) if a[2] < _NEAR else (a, cut)
                pieces.append((np.stack([a, b]), radii[i : i + 2], hem and i == len(cam) - 2))
        colours = [_tone(colour, b * shade if b < 1.0 else b) for b in _L_BRIGHT]
        colours = [_tone(c, shade) if b >= 1.0 and shade < 1.0 else c for c, b in zip(colours, _L_BRIGHT, strict=True)]
        if not rim:
            colours[0] = colours[1]
        for pts, rad, flat_end in pieces:
            self._chains.append((pts, np.asarray(rad, float), colours, flat_end))
        return list(range(len(self._chains) - len(pieces), len(self._chains)))

    def _strokes(self) -> Callable[[np.ndarray, int], None]:
        """Project and shade every queued chain in one numpy pass; returns the function that draws chain i."""
        if not self._chains:
            return lambda img, i: None
        sizes = np.array([len(c[0]) for c in self._chains])
        ends = np.cumsum(sizes)
        starts = ends - sizes
        pts = np.concatenate([c[0] for c in self._chains])
        uv = self._project(pts)
        r = self._f * np.concatenate([c[1] for c in self._chains]) / pts[:, 2]
        seg = uv[1:] - uv[:-1]
        t = seg / np.maximum(np.hypot(seg[:, 0], seg[:, 1]), 1e-6)[:, None]
        joined = np.ones(len(seg))
        joined[ends[:-1] - 1] = 0.0  # no segment between one chain's end and the next chain's start
        perp = (self._light2d - (t @ self._light2d)[:, None] * t) * joined[:, None]  # the light across each segment
        count = np.zeros(len(uv))
        count[:-1] += joined
        count[1:] += joined
        node_perp = np.zeros_like(uv)
        node_perp[:-1] += perp
        node_perp[1:] += perp
        node_perp /= np.maximum(count, 1.0)[:, None]
        centres = uv + node_perp * (r * _L_OFFSET[:, None])[..., None]  # (layers, nodes, 2)
        rr = np.maximum(r * _L_SCALE[:, None] + _L_EXTRA[:, None], 0.5)
        d = centres[:, 1:] - centres[:, :-1]
        length = np.maximum(np.hypot(d[..., 0], d[..., 1]), 1e-6)
        t = d / length[..., None]
        n = np.stack([-t[..., 1], t[..., 0]], axis=-1)
        s = np.clip((rr[:, :-1] - rr[:, 1:]) / length, -1.0, 1.0)[..., None]  # outer tangents of unequal discs
        c = np.sqrt(1.0 - s * s)
        m1, m2 = t * s + n * c, t * s - n * c
        ra, rb, c0, c1 = rr[:, :-1, None], rr[:, 1:, None], centres[:, :-1], centres[:, 1:]
        quads = _fix(np.stack([c0 + ra * m1, c1 + rb * m1, c1 + rb * m2, c0 + ra * m2], axis=2))
        tangent_ok = (length > np.abs(rr[:, :-1] - rr[:, 1:]) + 1e-3).tolist()
        circles = np.concatenate([_fix(centres), np.round(rr * _FIX)[..., None].astype(np.int32)], axis=-1).tolist()
        far = [bool(np.abs(uv[a:b]).max() > _MAX_PX) for a, b in zip(starts, ends, strict=True)]

        def draw(img: np.ndarray, i: int) -> None:
            if far[i]:
                return
            a, b, (_, _, colours, hem) = int(starts[i]), int(ends[i]), self._chains[i]
            for layer, colour in enumerate(colours):
                ring, ok = circles[layer], tangent_ok[layer]
                for j in range(a, b - 1 if hem else b):
                    x, y, rad = ring[j]
                    cv2.circle(img, (x, y), rad, colour, -1, _AA, _SHIFT)
                for j in range(a, b - 1):
                    if ok[j] or hem:
                        cv2.fillConvexPoly(img, quads[layer, j], colour, _AA, _SHIFT)

        return draw

    def _arm(self, body: _Body, side: str, shade: float) -> list[Op]:
        """Bare arm ending in a mitten hand, a thumb, then the short sleeve over the top."""
        c, skin = body.cam, self.style.skin
        s, e, w = c[INDEX[f"{side}_shoulder"]], c[INDEX[f"{side}_elbow"]], c[INDEX[f"{side}_wrist"]]
        tip = w + 0.4 * (c[INDEX[f"{side}_index"]] + c[INDEX[f"{side}_pinky"]] - 2.0 * w)
        thumb = c[INDEX[f"{side}_thumb"]]
        return [
            *self._chain(np.stack([s, e, w, tip]), _ARM_R, skin, shade),
            *self._chain(np.stack([w + 0.35 * (thumb - w), thumb]), (0.016, 0.013), skin, shade),
            *self._chain(
                np.stack([s + 0.1 * (e - s), s + 0.42 * (e - s)]), (0.054, 0.05), self.style.shirt, shade, True
            ),
        ]

    def _leg(self, body: _Body, side: str, shade: float) -> list[Op]:
        """Bare leg, shorts over the thigh, and a trainer (sole, upper, collar)."""
        c, st = body.cam, self.style
        h, k, a = c[INDEX[f"{side}_hip"]], c[INDEX[f"{side}_knee"]], c[INDEX[f"{side}_ankle"]]
        heel, toe = c[INDEX[f"{side}_heel"]], c[INDEX[f"{side}_foot_index"]]
        top = h + 0.12 * (k - h)  # the thigh's rounded top stays under the shirt's hem
        foot = _unit(toe - heel, body.fwd_h)
        down = _unit((a - k) - ((a - k) @ foot) * foot, -body.up)  # the sole's side of the foot
        return [
            *self._chain(np.stack([top, k, a]), _LEG_R, st.skin, shade),
            *self._chain(np.stack([top, h + 0.55 * (k - h)]), (0.088, 0.074), st.shorts, shade, True),
            *self._chain(np.stack([heel, toe]) + 0.022 * down, (0.034, 0.03), st.sole, shade),
            *self._chain(np.stack([heel, toe]) - 0.008 * down, (0.04, 0.034), st.shoe, shade),
            *self._chain(np.stack([a, heel + 0.35 * (toe - heel)]), (0.042, 0.044), st.shoe, shade),
        ]

    def _hull(self, img: np.ndarray, cam: np.ndarray, colour: tuple[float, ...], outline: tuple | None = None) -> None:
        """Fill the convex hull of camera-axes points (a torso section, a head piece), with an optional dark rim."""
        cam = cam[cam[:, 2] >= _NEAR]
        if len(cam) < 3:
            return
        uv = self._project(cam)
        if np.abs(uv).max() > _MAX_PX:
            return
        hull = cv2.convexHull(_fix(uv))
        if outline is not None:
            cv2.polylines(img, [hull], True, outline, 2, _AA, _SHIFT)
        cv2.fillConvexPoly(img, hull, colour, _AA, _SHIFT)

    def _torso(self, body: _Body) -> list[Op]:
        """Shorts then shirt, each the hull of a few elliptical rings; highlights: smaller rings moved to the light."""
        up, mid, sh, hp, hs, hh = body.up, body.mid, body.sh_mid, body.hip_mid, body.half_sh, body.half_hip
        ls, lh, fs, fh = body.left_s, body.left_h, body.fwd_s, body.fwd_h
        lit = self._light - (self._light @ up) * up
        lm, fm = _unit(ls + lh, ls), _unit(fs + fh, fs)
        # Rings: (centre, width axis, depth axis, half width, half depth); a neckline, shoulders, chest, hem.
        shorts = [
            (sh + 0.76 * (hp - sh), lm, fm, hh + 0.07, 0.098),
            (hp, lh, fh, hh + 0.085, 0.11),
            (hp - 0.075 * up, lh, fh, hh + 0.045, 0.085),
        ]
        shirt = [
            (sh + 0.04 * up, ls, fs, 0.07, 0.055),
            (sh - 0.03 * up, ls, fs, hs + 0.04, 0.1),
            (sh + 0.35 * (hp - sh), lm, fm, hs + 0.01, 0.112),
            (sh + 0.9 * (hp - sh), lm, fm, hh + 0.085, 0.105),
        ]
        ops: list[Op] = []
        for rings, colour in ((shorts, self.style.shorts), (shirt, self.style.shirt)):
            for layer in range(1, 5):
                k, shift = _L_SCALE[layer], lit * (0.16 * _L_OFFSET[layer])
                pts = [
                    mid + (c - mid) * (0.7 + 0.3 * k) + shift + k * (a * _COS * w + b * _SIN * d)
                    for c, w, d, a, b in rings
                ]
                rim = _tone(colour, _L_BRIGHT[0]) if layer == 1 else None
                ops.append((self._hull, np.concatenate(pts), _tone(colour, _L_BRIGHT[layer]), rim))
        return ops

    def _head(self, body: _Body) -> list[Op]:
        """Neck, the head, then the nose over the face."""
        up, st = body.head_up, self.style
        neck = np.stack([body.sh_mid + 0.02 * body.up, body.head_centre - 0.065 * up])
        ops = self._chain(neck, (0.056, 0.052), st.skin, 0.92)
        if body.head_centre[2] < _NEAR + 0.15:
            return ops
        frontal = float(body.head_fwd @ -_unit(body.head_centre, up))
        ops.append((self._skull, body))
        if frontal > 0.05:
            eyes = 0.5 * (body.cam[INDEX["left_eye_inner"]] + body.cam[INDEX["right_eye_inner"]])
            ops += self._chain(
                np.stack([eyes - 0.012 * up, body.cam[INDEX["nose"]]]), (0.006, 0.009), st.skin, 0.95, rim=False
            )
            ops.append((self._face, body, frontal))
        return ops

    def _skull(self, img: np.ndarray, body: _Body) -> None:
        """An ellipsoid cut by two planes into face and hair caps. Each piece is convex, so painting the hair, the face,
        then each cap whose plane faces the camera is exact; ears go behind or in front depending on the view."""
        st, hc, left, up = self.style, body.head_centre, body.head_left, body.head_up
        axes = np.stack([left * _HEAD_AXES[0], up * _HEAD_AXES[1], body.head_fwd * _HEAD_AXES[2]], axis=1)  # columns
        if abs(np.linalg.det(axes)) < 1e-9:  # degenerate face landmarks: no head rather than a crash
            return
        inv = np.linalg.inv(axes)
        view = hc / np.linalg.norm(hc)
        ears = [(body.cam[INDEX[f"{s}_ear"]], sign * left) for s, sign in (("left", 1.0), ("right", -1.0))]
        for centre, normal in ears:
            if normal @ view >= -0.25:
                self._ear(img, centre, normal, up, view)
        a, b = _basis(inv @ view)
        sil = np.cos(_OUTLINE) * a + np.sin(_OUTLINE) * b  # the silhouette of the unit head seen along `view`
        eye = inv @ -hc  # the camera in unit-head coordinates
        lit = inv @ (0.1 * (self._light - (self._light @ view) * view))  # about one unit-head radius
        outline = _tone(st.hair, 0.55)
        self._hull(img, hc + sil @ axes.T, outline, outline)
        caps = [(h, t, ring) for (h, t), ring in zip(_HAIR_CAPS, _HAIR_RINGS, strict=True)]
        for h, t, ring in caps:  # hair volume: the caps a little larger than the skull, peeking out round it
            pts = _piece(sil, ((h, t, True, ring),), 1.07, np.zeros(3))
            if pts is not None:
                self._hull(img, hc + pts @ axes.T, _tone(st.hair, 0.74), outline)
        face = tuple((h, t, False, ring) for h, t, ring in caps)
        pieces = [((), st.hair, (1, 2)), (face, st.skin, (1, 2, 3, 4))]
        pieces += [(((h, t, True, ring),), st.hair, (1, 2)) for h, t, ring in caps if eye @ h > t]
        for planes, colour, layers in pieces:
            for layer in layers:
                pts = _piece(sil, planes, _L_SCALE[layer], lit * (0.5 * _L_OFFSET[layer]))
                if pts is not None:
                    self._hull(img, hc + pts @ axes.T, _tone(colour, _L_BRIGHT[layer]))
        for centre, normal in ears:
            if normal @ view < -0.25:
                self._ear(img, centre, normal, up, view)

    def _ear(self, img: np.ndarray, centre: np.ndarray, normal: np.ndarray, up: np.ndarray, view: np.ndarray) -> None:
        """An ear: a small skin ellipse, narrower when seen edge-on."""
        if centre[2] < _NEAR:
            return
        uv, px = self._project(centre), self._f / centre[2]
        tip = self._project(centre + 0.02 * up) - uv
        angle = math.degrees(math.atan2(tip[1], tip[0]))
        axes = np.array([0.03 * px, max(0.35, abs(float(normal @ view))) * 0.018 * px])
        for grow, bright in ((1.0, 0.5), (0.0, 0.85)):
            size = tuple(_fix(axes + grow).tolist())
            cv2.ellipse(
                img, tuple(_fix(uv).tolist()), size, angle, 0, 360, _tone(self.style.skin, bright), -1, _AA, _SHIFT
            )

    def _face(self, img: np.ndarray, body: _Body, frontal: float) -> None:
        """Eyes, brows and mouth at the face landmarks, each when it faces the camera."""
        c, st, up, fwd, left = body.cam, self.style, body.head_up, body.head_fwd, body.head_left
        px = self._f / body.head_centre[2]
        toward = -_unit(body.head_centre, up)
        for side, sign in (("left", 1.0), ("right", -1.0)):
            if _unit(fwd + 0.7 * sign * left, fwd) @ toward < 0.05:
                continue
            eye = tuple(_fix(self._project(c[INDEX[f"{side}_eye"]])).tolist())
            cv2.circle(img, eye, int(max(1.1, 0.0085 * px) * _FIX), st.eyes, -1, _AA, _SHIFT)
            brow = np.stack([c[INDEX[f"{side}_eye_inner"]], c[INDEX[f"{side}_eye_outer"]]]) + 0.024 * up + 0.005 * fwd
            a, b = _fix(self._project(brow)).tolist()
            cv2.line(img, a, b, st.hair, max(1, round(0.007 * px)), _AA, _SHIFT)
        if frontal > 0.6:
            a, b = _fix(self._project(np.stack([c[INDEX["mouth_left"]], c[INDEX["mouth_right"]]]))).tolist()
            cv2.line(img, a, b, st.lips, max(1, round(0.009 * px)), _AA, _SHIFT)

    def _shadow(self, img: np.ndarray, points: np.ndarray) -> None:
        """A soft contact shadow: bones flattened onto the floor along a high light, drawn at 1/4 size and blurred;
        lower bones are darker."""
        down = 4
        flat = points - np.outer(np.maximum(points[:, 1], 0.0), [0.12, 1.0, -0.22])
        cam = (flat - self._pos) @ self._rot.T
        if cam[:, 2].min() < _NEAR:
            return
        uv, px = self._project(cam) / down, self._f / cam[:, 2] / down
        margin = 0.4 * px.max() + 6
        lo = np.maximum(np.floor(uv.min(axis=0) - margin), 0).astype(int)
        hi = np.minimum(np.ceil(uv.max(axis=0) + margin), (self.camera.width // down, self.camera.height // down))
        hi = hi.astype(int)
        if (hi - lo).min() < 2:
            return
        mask = np.zeros((hi[1] - lo[1], hi[0] - lo[0]), np.uint8)
        fixed, height = _fix(uv - lo).tolist(), points[:, 1]
        for a, b, r in sorted(_SHADOW_BONES, key=lambda bone: -height[bone[0]] - height[bone[1]]):
            tone = int(255 * min(1.0, max(0.3, 1.1 - 0.275 * (height[a] + height[b]))))
            thick = max(1, round(r * (px[a] + px[b])))
            cv2.line(mask, fixed[a], fixed[b], tone, thick, cv2.LINE_8, _SHIFT)
        k = max(3, int(0.09 * px.mean()) * 2 + 1)
        mask = cv2.GaussianBlur(mask, (k, k), 0)
        (x0, y0), (x1, y1) = lo * down, hi * down
        factor = cv2.resize(mask, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
        factor = 255 - ((factor.astype(np.uint16) * int(255 * self.style.shadow)) >> 8).astype(np.uint8)
        roi = img[y0:y1, x0:x1]
        roi[...] = cv2.multiply(roi, cv2.cvtColor(factor, cv2.COLOR_GRAY2RGB), scale=1.0 / 255.0)


def _basis(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors perpendicular to `w` and to each other."""
    w = _unit(w, np.array([0.0, 0.0, 1.0]))
    a = _unit(np.cross(w, [1.0, 0.0, 0.0] if abs(w[0]) < 0.9 else [0.0, 1.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    return a, np.cross(w, a)


def _piece(sil: np.ndarray, planes: tuple, scale: float, shift: np.ndarray) -> np.ndarray | None:
    """Outline points (unit-head coords) of the unit sphere scaled by `scale` and moved by `shift`, cut by fixed planes
    (h, t, outside, ring round h): the silhouette arc inside all cuts, plus each plane's cut circle inside the rest."""

    def inside(p: np.ndarray, skip: int = -1) -> np.ndarray:
        keep = np.ones(len(p), bool)
        for i, (h, t, outside, _) in enumerate(planes):
            if i != skip:
                keep &= (p @ h >= t) if outside else (p @ h < t)
        return keep

    pts = sil * scale + shift
    parts = [pts[inside(pts)]]
    for i, (h, t, _, ring) in enumerate(planes):
        local_t = (t - shift @ h) / scale
        if abs(local_t) < 1.0:
            cut = (local_t * h + math.sqrt(1.0 - local_t**2) * ring) * scale + shift
            parts.append(cut[inside(cut, i)])
    out = np.concatenate(parts)
    return out if len(out) >= 3 else None


_HAIR_RINGS = tuple(np.cos(_CIRCLE) * a + np.sin(_CIRCLE) * b for a, b in (_basis(h) for h, _ in _HAIR_CAPS))


class _Body:
    """Frames derived once per pose, in camera axes: torso axes and widths, the head's centre and axes."""

    def __init__(self, cam: np.ndarray) -> None:
        self.cam = cam
        g = {name: cam[i] for name, i in INDEX.items()}.__getitem__
        ls, rs, lh, rh = g("left_shoulder"), g("right_shoulder"), g("left_hip"), g("right_hip")
        self.sh_mid, self.hip_mid = 0.5 * (ls + rs), 0.5 * (lh + rh)
        self.mid = 0.5 * (self.sh_mid + self.hip_mid)
        self.up = up = _unit(self.sh_mid - self.hip_mid, np.array([0.0, -1.0, 0.0]))
        self.left_s = _unit((ls - rs) - ((ls - rs) @ up) * up, np.array([1.0, 0.0, 0.0]))
        self.left_h = _unit((lh - rh) - ((lh - rh) @ up) * up, self.left_s)
        self.fwd_s, self.fwd_h = np.cross(self.left_s, up), np.cross(self.left_h, up)
        self.half_sh, self.half_hip = 0.5 * float(np.linalg.norm(ls - rs)), 0.5 * float(np.linalg.norm(lh - rh))
        # Head: "up" from the mouth to the eyes (steadied by the trunk), "left" across ears and eyes.
        ear_mid, eye_mid = 0.5 * (g("left_ear") + g("right_ear")), 0.5 * (g("left_eye") + g("right_eye"))
        head_up = _unit(_unit(eye_mid - 0.5 * (g("mouth_left") + g("mouth_right")), up) + 0.3 * up, up)
        across = (g("left_ear") - g("right_ear")) + (g("left_eye") - g("right_eye"))
        self.head_left = _unit(across - (across @ head_up) * head_up, self.left_s)
        self.head_fwd = _unit(np.cross(self.head_left, head_up), self.fwd_s)
        self.head_up = np.cross(self.head_fwd, self.head_left)
        self.head_centre = 0.5 * (ear_mid + eye_mid - 0.085 * self.head_fwd) + 0.012 * self.head_up


# What casts the floor shadow: the skeleton's bones (half-width 6 cm), the trunk's diagonals and the head (10 cm).
_TRUNK = (("left_shoulder", "right_hip"), ("right_shoulder", "left_hip"), ("left_ear", "right_ear"))
_SHADOW_BONES = (*((a, b, 0.06) for a, b in BONE_INDICES), *((INDEX[a], INDEX[b], 0.1) for a, b in _TRUNK))
