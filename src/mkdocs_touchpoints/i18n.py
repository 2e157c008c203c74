"""Labels of the generated pages in English and Spanish; the journey content is never translated."""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH: dict[str, str] = {
    "proactive": "Proactive",
    "reactive": "Reactive",
    "count": "Steps",
    "friction": "Friction",
    "sentiment": "Sentiment",
    "volume": "Volume",
    "phase": "Phase",
    "touchpoint": "Touchpoint",
    "channel": "Channel",
    "type": "Type",
    "owner": "Owner",
    "third_party": "Third party",
    "journeys": "Journeys",
    "teams": "Teams",
}

SPANISH: dict[str, str] = {
    "proactive": "Proactivo",
    "reactive": "Reactivo",
    "count": "Pasos",
    "friction": "Fricción",
    "sentiment": "Sentimiento",
    "volume": "Volumen",
    "phase": "Fase",
    "touchpoint": "Punto de contacto",
    "channel": "Canal",
    "type": "Tipo",
    "owner": "Responsable",
    "third_party": "Tercero",
    "journeys": "Recorridos",
    "teams": "Equipos",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH}


class Labels(Mapping[str, str]):
    """The labels of one language; a missing label falls back to English."""

    def __init__(self, language: str = "en") -> None:
        self.language = language if language in CATALOGUES else "en"
        self._catalogue = CATALOGUES[self.language]

    def __getitem__(self, key: str) -> str:
        return self._catalogue.get(key) or ENGLISH[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(ENGLISH)

    def __len__(self) -> int:
        return len(ENGLISH)


def labels_for(language: str | None) -> Labels:
    """Labels for a theme language such as `es` or `es_ES`; unknown languages get English."""
    code = (language or "en").replace("-", "_").split("_")[0].lower()
    return Labels(code)
