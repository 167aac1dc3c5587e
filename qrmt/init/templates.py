"""Structures of PennyLane templates, from a weight shape and the template's name.

PennyLane templates give a weight shape (``qml.StronglyEntanglingLayers.shape(L, n)``), not
the gates behind it; this module says what each weight of each supported template does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qrmt._validation import check_choice
from qrmt.init.structure import Structure

__all__ = ["TEMPLATES", "template_name", "template_structure"]


def _mismatch(name: str, shape: tuple[int, ...], expected: str) -> ValueError:
    return ValueError(f"shape {shape} does not fit template {name}: expected {expected}")


def _sel(shape: tuple[int, ...]) -> Structure:
    if len(shape) != 3 or shape[2] != 3:
        raise _mismatch("StronglyEntanglingLayers", shape, "(n_layers, n_wires, 3)")
    n = int(np.prod(shape))
    return Structure(n, shape[0], su2=np.arange(n).reshape(-1, 3),
                     name="StronglyEntanglingLayers")


def _layered_rotations(name: str, real: bool) -> Callable[[tuple[int, ...]], Structure]:
    def build(shape: tuple[int, ...]) -> Structure:
        if len(shape) != 2:
            raise _mismatch(name, shape, "(n_layers, n_wires)")
        return Structure.rotations_only(int(np.prod(shape)), shape[0], real=real, name=name)

    return build


def _simplified_two_design(shape: tuple[int, ...]) -> Structure:
    name = "SimplifiedTwoDesign"
    if len(shape) == 1:
        return Structure.rotations_only(shape[0], 1, real=True, name=name)
    if len(shape) != 3 or shape[2] != 2:
        raise _mismatch(name, shape, "(n_wires,) initial weights or (n_layers, n_wires - 1, 2)")
    return Structure.rotations_only(int(np.prod(shape)), shape[0] + 1, real=True, name=name)


def _excitations(name: str, ndim: int, expected: str, *, last: int | None = None,
                 layered: bool = True) -> Callable[[tuple[int, ...]], Structure]:
    def build(shape: tuple[int, ...]) -> Structure:
        if len(shape) != ndim or (last is not None and shape[-1] != last):
            raise _mismatch(name, shape, expected)
        n = int(np.prod(shape))
        layers = shape[0] if layered else 1
        return Structure(n, layers, excitations=np.arange(n), real=True, name=name)

    return build


def _particle_conserving_u2(shape: tuple[int, ...]) -> Structure:
    name = "ParticleConservingU2"
    if len(shape) != 2 or shape[1] < 3 or shape[1] % 2 == 0:
        raise _mismatch(name, shape, "(n_layers, 2*n_wires - 1) with n_wires >= 2")
    n_layers, width = shape
    n_wires = (width + 1) // 2
    flat = np.arange(n_layers * width).reshape(n_layers, width)
    return Structure(n_layers * width, n_layers, rotations=flat[:, :n_wires].ravel(),
                     excitations=flat[:, n_wires:].ravel(), name=name)


TEMPLATES: dict[str, Callable[[tuple[int, ...]], Structure]] = {
    "StronglyEntanglingLayers": _sel,
    "BasicEntanglerLayers": _layered_rotations("BasicEntanglerLayers", real=False),
    "RandomLayers": _layered_rotations("RandomLayers", real=False),
    "SimplifiedTwoDesign": _simplified_two_design,
    "AllSinglesDoubles": _excitations("AllSinglesDoubles", 1, "(n_singles + n_doubles,)",
                                      layered=False),
    "UCCSD": _excitations("UCCSD", 2, "(n_repeats, n_singles + n_doubles)"),
    "kUpCCGSD": _excitations("kUpCCGSD", 2, "(k, n_excitations)"),
    "GateFabric": _excitations("GateFabric", 3, "(n_layers, n_wires // 2 - 1, 2)", last=2),
    "ParticleConservingU1": _excitations("ParticleConservingU1", 3,
                                         "(n_layers, n_wires - 1, 2)", last=2),
    "ParticleConservingU2": _particle_conserving_u2,
}

_BY_LOWER = {name.lower(): name for name in TEMPLATES}


def template_name(template: object) -> str:
    """Canonical template name from a PennyLane template class or a (case-insensitive) name.

    Raises:
        TypeError: ``template`` is neither a str nor a class.
        ValueError: the template is not supported; the message lists the supported ones.
    """
    if isinstance(template, type):
        raw = template.__name__
    elif isinstance(template, str):
        raw = template
    else:
        raise TypeError(
            f"template must be a PennyLane template class or its name; got {template!r}"
        )
    canonical = _BY_LOWER.get(raw.lower())
    if canonical is None:
        check_choice("template", raw, TEMPLATES)
    return canonical or raw


def template_structure(template: object, shape: tuple[int, ...]) -> Structure:
    """Structure of ``template``'s weights of the given ``shape``.

    Args:
        template: a PennyLane template class (``qml.StronglyEntanglingLayers``) or its name.
        shape: the weight shape, as the template's ``shape()`` returns it.

    Returns:
        The :class:`Structure`.

    Raises:
        ValueError: unknown template, or a shape that does not fit it.
    """
    return TEMPLATES[template_name(template)](shape)
