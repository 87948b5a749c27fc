"""The four frames the library labels, as the codebook defines them."""

from __future__ import annotations

__all__ = ["FRAMES", "FRAME_DESCRIPTIONS", "check_frames"]

FRAMES: tuple[str, ...] = ("military_cooperation", "sanctions", "denial", "us_concern")
"""The frame names, in the fixed order used for score vectors, model cards and output columns."""

FRAME_DESCRIPTIONS: dict[str, str] = {
    "military_cooperation": (
        "Military ties between two or more states: joint exercises, arms or troop transfers, "
        "defence pacts, defence officials' visits about military collaboration, training."
    ),
    "sanctions": (
        "Sanctions or other punitive restrictive measures: imposed, extended, lifted, threatened, "
        "debated, violated, evaded or monitored."
    ),
    "denial": "An actor explicitly denies, rejects, refutes or disclaims an allegation, report or claim.",
    "us_concern": (
        "The US government or its officials voice concern, warning or a threat perception about another "
        "actor's conduct, or a development is framed as a danger to the US and its allies."
    ),
}
"""One-line definitions of each frame; the full rules are in ``annotations/CODEBOOK.md``."""


def check_frames(frames, *, where: str = "") -> tuple[str, ...]:
    """Return ``frames`` as a tuple in canonical order, or raise ValueError naming an unknown frame."""
    from framing.exceptions import UnknownFrameError

    if isinstance(frames, str):
        raise UnknownFrameError(
            f"{where}frames must be a list of frame names, got the string {frames!r}; "
            f"write [{frames!r}] for a single frame"
        )
    unknown = [f for f in frames if f not in FRAMES]
    if unknown:
        raise UnknownFrameError(
            f"{where}unknown frame name {unknown[0]!r}; the frames are {', '.join(FRAMES)}"
        )
    chosen = set(frames)
    return tuple(f for f in FRAMES if f in chosen)
