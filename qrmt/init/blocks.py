"""Closed-form, vectorised samplers for the gates an initializer draws.

Every function here works on whole batches at once: no per-gate Python loop, no QR and no
``expm`` per block. Conventions (PennyLane's): ``RZ(a) = exp(−i a Z / 2)``,
``Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "euler_from_generators",
    "euler_from_su2",
    "gaussian_block_gap",
    "gaussian_block_generators",
    "haar_su2_euler",
    "rot_matrices",
    "su2_from_generators",
    "tangent_euler_from_generators",
]

TWO_PI = 2.0 * np.pi


def _wrap(angles: np.ndarray) -> np.ndarray:
    """Map angles into [−π, π)."""
    return np.mod(angles + np.pi, TWO_PI) - np.pi


def haar_su2_euler(rng: np.random.Generator, n_blocks: int) -> np.ndarray:
    """Euler angles ``(φ, θ, ω)`` of Haar-random SU(2) blocks, by closed form.

    Under the Haar measure ``dμ ∝ sin θ dθ dφ dω``, so ``cos²(θ/2) = |U00|²`` is Uniform(0, 1)
    and the two phases are uniform: ``θ = 2 arccos(√u)``, ``φ ~ U[−2π, 2π)``,
    ``ω ~ U[−π, π)``. ``φ`` spans 4π because ``RZ`` has period 4π in SU(2): the block is then
    exactly Haar on SU(2), sign included (``E tr U = 0``, ``E|tr U|² = 1``).

    Args:
        rng: the random stream.
        n_blocks: number of blocks B.

    Returns:
        float64 array ``(B, 3)`` of ``(φ, θ, ω)``.

    References:
        F. Mezzadri, "How to generate random matrices from the classical compact groups",
        Notices AMS 54, 592 (2007), section 2 (Euler angles of SU(2)).
    """
    u = rng.random(n_blocks)
    phi = rng.uniform(-2.0 * np.pi, 2.0 * np.pi, n_blocks)
    omega = rng.uniform(-np.pi, np.pi, n_blocks)
    theta = 2.0 * np.arccos(np.sqrt(u))
    return np.column_stack([phi, theta, omega])


def gaussian_block_generators(rng: np.random.Generator, n_blocks: int, beta: int) -> np.ndarray:
    """Traceless parts ``h`` of 2×2 Gaussian generators ``H = h0·I + h·σ`` of unit variance.

    ``H`` is drawn from GUE(2) (β = 2) or GOE(2) (β = 1) scaled to unit spectral variance,
    ``E tr(H²)/2 = 1``. Then ``h`` is isotropic Gaussian: for GUE, ``h ~ N(0, I₃/4)``; for
    GOE (real symmetric, no ``σ_y`` part), ``(h_x, h_z) ~ N(0, I₂/3)``, ``h_y = 0``. The
    trace part ``h0`` only sets a global phase and is not returned.

    Args:
        rng: the random stream.
        n_blocks: number of blocks B.
        beta: 2 (GUE) or 1 (GOE).

    Returns:
        float64 array ``(B, 3)`` of ``(h_x, h_y, h_z)`` (a transposed view: each component
        is contiguous in memory).
    """
    if beta == 2:
        return (rng.standard_normal((3, n_blocks)) * 0.5).T
    h = np.zeros((3, n_blocks))
    h[0::2] = rng.standard_normal((2, n_blocks)) / np.sqrt(3.0)
    return h.T


def gaussian_block_gap(rng: np.random.Generator, n: int, beta: int) -> np.ndarray:
    """Eigenvalue gaps ``λ₁ − λ₂ = 2|h|`` of unit-variance GUE(2) / GOE(2) matrices.

    The gap law is the Wigner surmise of index β (exact for 2×2):
    ``p(s) ∝ s^β exp(−c_β s²)`` after scaling to mean 1.

    Args:
        rng: the random stream.
        n: number of gaps.
        beta: 2 (GUE) or 1 (GOE).

    Returns:
        float64 array ``(n,)`` of positive gaps.
    """
    h = gaussian_block_generators(rng, n, beta)
    return 2.0 * np.sqrt(np.einsum("ij,ij->i", h, h))


def su2_from_generators(h: np.ndarray, eps: float | np.ndarray) -> np.ndarray:
    """Matrices ``exp(−i ε h·σ)`` in closed form (no ``expm``).

    ``exp(−i ε h·σ) = cos(ε|h|) I − i sin(ε|h|) n·σ`` with ``n = h/|h|``.

    Args:
        h: array ``(B, 3)`` of generators.
        eps: scalar or ``(B,)`` step.

    Returns:
        complex128 array ``(B, 2, 2)``.
    """
    norm = np.sqrt(np.einsum("ij,ij->i", h, h))
    alpha = np.asarray(eps) * norm
    c, s = np.cos(alpha), np.sin(alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(norm[:, None] > 0, h / norm[:, None], 0.0)
    out = np.empty((h.shape[0], 2, 2), dtype=np.complex128)
    out[:, 0, 0] = c - 1j * s * n[:, 2]
    out[:, 1, 1] = c + 1j * s * n[:, 2]
    out[:, 0, 1] = -1j * s * (n[:, 0] - 1j * n[:, 1])
    out[:, 1, 0] = -1j * s * (n[:, 0] + 1j * n[:, 1])
    return out


def euler_from_su2(u: np.ndarray) -> np.ndarray:
    """Euler angles ``(φ, θ, ω)`` with ``Rot(φ, θ, ω) = U`` for SU(2) matrices ``U``.

    From ``U00 = e^{−i(φ+ω)/2} cos(θ/2)`` and ``U10 = e^{−i(φ−ω)/2} sin(θ/2)``:
    ``θ = 2 atan2(|U10|, |U00|)``, ``φ = −arg U00 − arg U10``, ``ω = −arg U00 + arg U10``.
    The phases are wrapped into [−π, π), which changes ``U`` at most by the sign −1.

    Args:
        u: complex array ``(B, 2, 2)`` with determinant 1.

    Returns:
        float64 array ``(B, 3)``.
    """
    u00, u10 = u[:, 0, 0], u[:, 1, 0]
    theta = 2.0 * np.arctan2(np.abs(u10), np.abs(u00))
    a00, a10 = np.angle(u00), np.angle(u10)
    return np.column_stack([_wrap(-a00 - a10), theta, _wrap(-a00 + a10)])


def rot_matrices(angles: np.ndarray) -> np.ndarray:
    """``Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)`` for rows ``(φ, θ, ω)``; complex ``(B, 2, 2)``."""
    phi, theta, omega = np.asarray(angles, dtype=np.float64).T
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    out = np.empty((phi.shape[0], 2, 2), dtype=np.complex128)
    out[:, 0, 0] = np.exp(-0.5j * (phi + omega)) * c
    out[:, 0, 1] = -np.exp(0.5j * (phi - omega)) * s
    out[:, 1, 0] = np.exp(-0.5j * (phi - omega)) * s
    out[:, 1, 1] = np.exp(0.5j * (phi + omega)) * c
    return out


def euler_from_generators(h: np.ndarray, eps: float) -> np.ndarray:
    """Euler angles of ``exp(−i ε h·σ)`` without forming the matrices (the fast path).

    Same block as ``euler_from_su2(su2_from_generators(h, eps))`` (there up to sign), computed
    directly from ``U00 = cos α − i sin α n_z`` and ``U10 = sin α (n_y − i n_x)``,
    ``α = ε|h|``: ``θ = 2 atan2(|U10|, |U00|)``, ``φ = −arg U00 − arg U10``,
    ``ω = −arg U00 + arg U10``. The phases lie in (−2π, 2π) and realise ``U`` exactly
    (no sign flip).

    Args:
        h: array ``(B, 3)`` of generators (a transposed ``(3, B)`` array is fastest).
        eps: the step ε.

    Returns:
        float64 array ``(B, 3)`` of ``(φ, θ, ω)``.
    """
    hx, hy, hz = h[:, 0], h[:, 1], h[:, 2]
    perp2 = hx * hx + hy * hy
    norm = np.sqrt(perp2 + hz * hz)
    alpha = eps * norm
    c = np.cos(alpha)
    r = np.sin(alpha)
    np.divide(r, norm, out=r, where=norm > 0)  # r = sin(α)/|h|, 0 where h = 0
    r[norm == 0] = 0.0
    rz = r * hz
    p00 = c * c + rz * rz  # |U00|²
    p10 = (r * r) * perp2  # |U10|²
    a00 = np.arctan2(-rz, c)
    a10 = np.arctan2(-r * hx, r * hy)
    out = np.empty((h.shape[0], 3))
    # θ from sin θ = 2|U00||U10| and cos θ = |U00|² − |U10|² (well conditioned at θ ≈ 0, π)
    out[:, 1] = np.arctan2(2.0 * np.sqrt(p00 * p10), p00 - p10)
    out[:, 0] = -a00 - a10
    out[:, 2] = a10 - a00
    return out


def tangent_euler_from_generators(h: np.ndarray, eps: float) -> np.ndarray:
    """Small Euler angles along the directions ``Rot`` can move in near the identity.

    To first order ``Rot(φ, θ, ω) ≈ I − i(θ/2) Y − i((φ+ω)/2) Z``: the chart has no X
    direction at the identity. This keeps the block's rotation angle ``α = 2ε|h|`` (so its
    eigenphase gap follows the same surmise to first order) but turns the axis into the
    reachable Y–Z plane, at the uniform angle ``ψ`` of ``(h_y, h_z)`` (GUE) or ``(h_x, h_z)``
    (GOE): ``θ = α cos ψ``, ``φ = ω = (α/2) sin ψ``. All three angles are then ``O(ε)``.

    Args:
        h: array ``(B, 3)`` of generators.
        eps: the step ε.

    Returns:
        float64 array ``(B, 3)`` of ``(φ, θ, ω)``.
    """
    norm = np.sqrt(np.einsum("ij,ij->i", h, h))
    alpha = 2.0 * eps * norm
    first = np.where(h[:, 1] != 0, h[:, 1], h[:, 0])
    psi = np.arctan2(h[:, 2], first)
    half = 0.5 * alpha * np.sin(psi)
    return np.column_stack([half, alpha * np.cos(psi), half])
