"""Replica variants: the same posts served as other WordPress sites.

`Replica(variant=NAME)` / `--variant NAME` picks one of `VARIANTS` (also the
site profile names; `HELDOUT` ones have no profile, `PROFILED` lists the
others).  `base.py` holds the model (`Variant`, `Skin`, the Fox skin); each
other theme has its own module.
"""

from __future__ import annotations

from ..theme import Theme
from .astra import Astra
from .base import DEFAULT_VARIANT, HELDOUT, PROFILED, VARIANTS, FoxSkin, Skin, Variant, get_variant
from .generatepress import GeneratePress
from .jnews import JNews
from .newspack import Newspack
from .newspaper import Newspaper
from .twentytwentyfour import TwentyTwentyFour
from .twentytwentyone import TwentyTwentyOne

__all__ = [
    "DEFAULT_VARIANT",
    "HELDOUT",
    "PROFILED",
    "SKINS",
    "VARIANTS",
    "Skin",
    "Variant",
    "get_variant",
    "make_skin",
]

SKINS: dict[str, type[Skin]] = {
    "fox": FoxSkin,
    "twentytwentyfour": TwentyTwentyFour,
    "newspaper": Newspaper,
    "astra": Astra,
    "generatepress": GeneratePress,
    "newspack": Newspack,
    "jnews": JNews,
    "twentytwentyone": TwentyTwentyOne,
}


def make_skin(theme: Theme, variant: Variant) -> Skin:
    """The skin drawing `variant`'s pages."""
    return SKINS[variant.theme](theme, variant)
