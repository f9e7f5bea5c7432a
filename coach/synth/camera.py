"""A pinhole camera placed around the person, and the two coordinate frames the generator speaks.

Scene frame (the generator's): metres, floor at y=0, y up, the person stands at the origin facing +z (towards a camera
at yaw 0); +x is the person's LEFT, which is why a camera in front sees their left side on the image's right, as
MediaPipe does. Camera frame (MediaPipe's world axes): x to the image's right, y down, z away from the camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Camera:
    """Where the camera stands and what it sees. yaw 0 is straight in front; +90 would be at the person's left side."""

    width: int = 640
    height: int = 480
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0  # positive: the camera looks down
    distance_m: float = 3.4  # horizontal distance from the person's vertical axis
    height_m: float = 1.0  # lens height above the floor
    target_height_m: float = 0.95  # the height the camera looks at (before pitch is added)
    horizontal_fov_deg: float = 62.0  # a typical laptop webcam
    mirror: bool = False  # a selfie-style mirrored picture

    @property
    def focal_px(self) -> float:
        """Focal length in pixels from the horizontal field of view."""
        return 0.5 * self.width / math.tan(math.radians(0.5 * self.horizontal_fov_deg))

    @property
    def look_down_deg(self) -> float:
        """How far below horizontal the camera looks (its effective pitch)."""
        elevation = math.atan2(self.target_height_m - self.height_m, self.distance_m) - math.radians(self.pitch_deg)
        return -math.degrees(elevation)

    @property
    def position(self) -> np.ndarray:
        """The lens position in the scene frame."""
        yaw = math.radians(self.yaw_deg)
        return np.array([self.distance_m * math.sin(yaw), self.height_m, self.distance_m * math.cos(yaw)])

    @property
    def rotation(self) -> np.ndarray:
        """3x3 matrix whose rows are the camera's right, down and forward axes in the scene frame."""
        position = self.position
        horizontal = -np.array([position[0], 0.0, position[2]]) / self.distance_m
        elevation = math.atan2(self.target_height_m - self.height_m, self.distance_m) - math.radians(self.pitch_deg)
        forward = math.cos(elevation) * horizontal + np.array([0.0, math.sin(elevation), 0.0])
        right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        return np.stack([right, down, forward])

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        """Scene points (..., 3) in camera axes (x right, y down, z forward), metres, origin at the lens."""
        points = np.asarray(points, dtype=np.float64)
        flat = (points.reshape(-1, 3) - self.position) @ self.rotation.T  # one BLAS call, not one per point
        return flat.reshape(points.shape)

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (..., 2) and depth in metres (...) of scene points; mirrored if the camera mirrors."""
        cam = self.to_camera(points)
        depth = cam[..., 2]
        safe = np.where(depth > 1e-3, depth, 1e-3)
        f = self.focal_px
        u = f * cam[..., 0] / safe + 0.5 * self.width
        v = f * cam[..., 1] / safe + 0.5 * self.height
        if self.mirror:
            u = self.width - u
        return np.stack([u, v], axis=-1), depth

    def resized(self, width: int, height: int) -> Camera:
        """The same viewpoint at another picture size (same field of view)."""
        return replace(self, width=width, height=height)
