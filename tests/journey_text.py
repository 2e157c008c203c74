"""The text of a small valid journey and of a teams file, shared by the tests of every layer
(no MkDocs here: tests/plugin/conftest.py builds its sites from these)."""

from __future__ import annotations

TEAMS = """\
teams:
  - id: crm
    name: CRM and marketing
    contact: crm@example.com
    url: https://intranet.example.com/crm
  - id: shop
    name: Online shop
"""

JOURNEY = """\
title: {title}
owner: {owner}
phases: [Need, Purchase]
touchpoints:
  - {{id: mail, name: Offer e-mail, channel: email, type: proactive, owner: crm}}
  - {{id: web, name: Web shop, channel: web, type: reactive}}
steps:
  - {{phase: need, touchpoint: mail, action: Reads the offer, friction: 1}}
  - {{phase: purchase, touchpoint: web, action: Buys, friction: 2, volume: 1200}}
"""


def journey_yaml(title: str = "A journey", owner: str = "shop") -> str:
    """A small valid journey (touchpoints `mail`, owned by crm, and `web`)."""
    return JOURNEY.format(title=title, owner=owner)
