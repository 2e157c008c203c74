"""A deterministic generator of synthetic handbooks for benchmarks and scale tests.

python benchmarks/generate.py OUT --journeys 1000 [--phases 5 --touchpoints 8 --steps 14 --teams 20]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

CHANNELS = ["web", "email", "phone", "chat", "social", "store", "app", "sms", "forum", "delivery"]
PHASE_NAMES = ["Need", "Discovery", "Purchase decision", "Delivery", "Use", "Support", "Renewal"]
VERBS = ["Reads", "Compares", "Asks about", "Receives", "Pays for", "Complains about", "Shares"]
OBJECTS = ["the offer", "the price", "the delivery", "the invoice", "the warranty", "a review"]
JOURNEYS_PER_FOLDER = 50


@dataclass(frozen=True)
class Shape:
    """How big a synthetic handbook is."""

    journeys: int = 100
    phases: int = 5
    touchpoints: int = 8
    steps: int = 14
    teams: int = 20
    seed: int = 1


def _teams_yaml(shape: Shape) -> str:
    lines = ["teams:"]
    for k in range(shape.teams):
        lines += [
            f"  - id: team-{k}",
            f"    name: Team {k}",
            f"    contact: team-{k}@example.com",
            f"    url: https://intranet.example.com/teams/{k}",
        ]
    return "\n".join(lines) + "\n"


def _journey_yaml(index: int, shape: Shape, rng: random.Random) -> str:
    phases = [
        PHASE_NAMES[p % len(PHASE_NAMES)] + (f" {p}" if p >= 7 else "") for p in range(shape.phases)
    ]
    phase_ids = [name.lower().replace(" ", "-") for name in phases]
    team = lambda: f"team-{rng.randrange(shape.teams)}"  # noqa: E731
    lines = [
        "# yaml-language-server: $schema=../../schema/journey.schema.json",
        f"id: journey-{index}",
        f"title: Synthetic journey {index}",
        "description: |",
        f"  A generated journey number **{index}** for benchmarks.",
        f"persona: Persona {index % 7}",
        f"owner: team-{index % shape.teams}",
        f"tags: [synthetic, group-{index % 5}]",
        "phases:",
        *[f"  - {name}" for name in phases],
        "touchpoints:",
    ]
    for t in range(shape.touchpoints):
        lines += [
            f"  - id: tp-{t}",
            f"    name: Touchpoint {t} of journey {index}",
            f"    channel: {CHANNELS[t % len(CHANNELS)]}",
            f"    type: {'proactive' if rng.random() < 0.4 else 'reactive'}",
            f"    owner: {team()}",
            f"    third_party: {'true' if rng.random() < 0.15 else 'false'}",
        ]
    lines.append("steps:")
    for s in range(shape.steps):
        # Every phase and touchpoint gets a step, so no warning fires.
        phase = phase_ids[s % len(phase_ids)] if s < shape.phases else rng.choice(phase_ids)
        touchpoint = (
            s % shape.touchpoints if s < shape.touchpoints else rng.randrange(shape.touchpoints)
        )
        lines += [
            f"  - phase: {phase}",
            f"    touchpoint: tp-{touchpoint}",
            f"    action: {rng.choice(VERBS)} {rng.choice(OBJECTS)}",
            f"    friction: {rng.randrange(6)}",
            f"    sentiment: {rng.randrange(-2, 3)}",
            f"    volume: {rng.randrange(50_000)}",
        ]
        if rng.random() < 0.2:
            lines.append(f"    pain_point: Waiting too long at step {s}")
    return "\n".join(lines) + "\n"


def generate(out: Path, shape: Shape) -> Path:
    """Write `out/journeys/` (folders of 50 journeys and `_teams.yml`); return that folder."""
    rng = random.Random(shape.seed)
    journeys = out / "journeys"
    journeys.mkdir(parents=True, exist_ok=True)
    (journeys / "_teams.yml").write_text(_teams_yaml(shape), encoding="utf-8")
    for index in range(shape.journeys):
        folder = journeys / f"area-{index // JOURNEYS_PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        text = _journey_yaml(index, shape, rng)
        (folder / f"journey-{index}.yml").write_text(text, encoding="utf-8")
    return journeys


def main() -> None:
    """Command line of the generator."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--phases", type=int, default=5)
    parser.add_argument("--touchpoints", type=int, default=8)
    parser.add_argument("--steps", type=int, default=14)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    shape = Shape(args.journeys, args.phases, args.touchpoints, args.steps, args.teams, args.seed)
    print(generate(args.out, shape))


if __name__ == "__main__":
    main()
