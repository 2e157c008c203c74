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
    "metric": "Metric",
    "heatmap_title": "Steps by phase and touchpoint",
    "heatmap_text": "{steps} steps in {phases} phases (across the top) and {touchpoints} "
    "touchpoints (down the side). The touchpoint table lists every touchpoint; "
    "selecting a cell goes to its row.",
    "heatmap_rows": "Touchpoints, top to bottom: {names}.",
    "breakdown_title": "Proactive and reactive steps per phase",
    "breakdown_item": "{phase}: {proactive} proactive, {reactive} reactive",
    "channels_title": "Steps per channel",
    "totals": "{steps} steps, {touchpoints} touchpoints, {phases} phases",
    "proactive_share": "Proactive share",
    "third_party_share": "Third-party share",
    "share_value": "{percent} of steps ({count} of {total})",
    "percent": "{value}%",
    # Pages of the site (plugin)
    "all_journeys": "All journeys",
    "all_teams": "All teams",
    "journey": "Journey",
    "team": "Team",
    "name": "Name",
    "persona": "Persona",
    "tags": "Tags",
    "phases": "Phases",
    "touchpoints": "Touchpoints",
    "steps": "Steps",
    "action": "Action",
    "pain_point": "Pain point",
    "opportunity": "Opportunity",
    "mean_friction": "Mean friction",
    "contact": "Contact",
    "web_page": "Web page",
    "code_review": "Code review",
    "touchpoints_by_type": "Touchpoints by type",
    "total": "Total",
    "yes": "Yes",
    "no": "No",
    "owns_no_journey": "This team owns no journey.",
    "owns_no_touchpoint": "This team owns no touchpoint.",
    "no_journeys": "There are no journeys yet.",
    "no_teams": "There are no teams yet.",
    "thousands_separator": ",",
    "decimal_separator": ".",
    "changes_title": "Changes",
    "changes_against": "Compared with {revision}",
    "changes_none": "No changes to the journey maps.",
    "changes_severity": "Severity",
    "changes_rule": "Rule",
    "changes_change": "Change",
    "changes_old": "Old",
    "changes_new": "New",
    "changes_teams": "Teams",
    "changes_metrics": "Measured metrics",
    "changes_dropped": "a significant drop",
    "changes_scores": "Latest shown score per metric and journey, before and after, with the "
    "new score's n, 95 % interval and target.",
    "changes_removed_journey": "This journey is removed; its page is gone.",
    "changes_before": "Before ({revision})",
    "changes_after": "After",
    "changes_heatmap": "Steps per phase and touchpoint, before and after.",
    "changes_mark_added": "new",
    "changes_mark_changed": "changed ({level})",
    "breaking": "breaking",
    "warning": "warning",
    "info": "info",
    # The experience curve and the insights page
    "step": "Step",
    "step_number": "Step {number}",
    "no_value": "—",
    "experience_title": "Experience curve",
    "experience_text": "Customer sentiment (−2 to +2) at each of the {steps} steps; "
    "the size and colour of a point show its friction (0 to 5).",
    "experience_phase": "{phase}: {value}",
    "experience_phases": "Mean sentiment by phase: {items}.",
    "experience_lowest": "Lowest: step {step} ({value}), {action}.",
    "insights": "Insights",
    "insights_intro": "Across {journeys} journeys and {steps} steps.",
    "count_all": "{total} in all.",
    "count_top": "The first {shown} of {total}.",
    "hotspots": "Hot spots",
    "hotspots_intro": "Steps with a friction, the highest first (then the higher volume, "
    "a step without volume last).",
    "hotspots_none": "No step has a friction yet.",
    "channels_all_title": "Steps per channel, proactive and reactive",
    "channels_all_intro": "Steps on each channel's touchpoints across all journeys, "
    "the busiest channel first.",
    "channels_none": "There are no steps yet.",
    "team_load": "Team load",
    "team_load_intro": "What each team owns, in team id order: its journeys, its touchpoints "
    "(per journey), the steps on them, how many of those steps are proactive and their "
    "mean friction.",
    "steps_on_touchpoints": "Steps on them",
    "opportunities": "Opportunities",
    "opportunities_intro": "Steps with a pain point or an opportunity, ordered as the hot "
    "spots (steps without friction last).",
    "opportunities_none": "No step names a pain point or an opportunity yet.",
    "third_parties": "Third parties",
    "third_parties_intro": "{percent} of all steps ({count} of {total}) are on touchpoints "
    "run by a third party. The journeys with the highest share:",
    "third_parties_none": "No step is on a third-party touchpoint.",
    "third_party_steps": "Third-party steps",
    "share": "Share",
    "journeys_by_friction": "Journeys by mean friction",
    "journeys_by_friction_intro": "Journeys by the mean friction of their steps that have "
    "one, the highest first.",
    "journeys_by_friction_none": "No journey has a friction yet.",
    "steps_with_friction": "Steps with friction",
    "journey_step": "{journey} · step {number}",
    "team_hotspots_intro": "The steps on this team's touchpoints with the highest friction.",
    # Measured metrics (docs/metrics.md)
    "measured": "Measured",
    "measured_intro": "Numbers measured per period, beside the estimates of the steps. "
    "Each score pools the period's rows; the interval is 95 %.",
    "latest_period": "Latest period",
    "score": "Score",
    "respondents": "n",
    "interval": "95 % interval",
    "change": "Change",
    "target": "Target",
    "data": "Data",
    "hidden_score": "n = {n}",
    "hidden_note": "hidden: fewer than {limit} answers",
    "low_n": "low n",
    "low_n_note": "low sample: fewer than {limit} answers",
    "significant": "significant",
    "not_significant": "within the intervals",
    "target_met": "met",
    "target_missed": "missed",
    "target_at_least": "≥ {value}",
    "target_at_most": "≤ {value}",
    "stale": "stale",
    "stale_note": "no data since {period}",
    "current": "current",
    "estimated": "est.",
    "estimated_note": "estimated from the steps",
    "points": "{value}",
    "trend_title": "{metric}, by period",
    "trend_text": "{metric} per period, {first} to {last}: {items}.",
    "trend_hidden": "hidden (n = {n})",
    "trend_none": "no score",
    "team_metrics": "Metrics",
    "team_metrics_intro": "The measured metrics this team owns, per journey: the latest figure "
    "and the target.",
    "metrics_ranking": "Metrics",
    "metrics_ranking_intro": "Each metric on each journey, judged on its latest shown score: "
    "missed targets first (the furthest from the target first), then significant drops "
    "(the largest first), then the rest.",
    "metrics_none": "No metric has a shown score yet.",
    "period": "Period",
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
    "metric": "Métrica",
    "heatmap_title": "Pasos por fase y punto de contacto",
    "heatmap_text": "{steps} pasos en {phases} fases (en columnas) y {touchpoints} "
    "puntos de contacto (en filas). La tabla de puntos de contacto los lista todos; "
    "al seleccionar una celda se va a su fila.",
    "heatmap_rows": "Puntos de contacto, de arriba abajo: {names}.",
    "breakdown_title": "Pasos proactivos y reactivos por fase",
    "breakdown_item": "{phase}: {proactive} proactivos, {reactive} reactivos",
    "channels_title": "Pasos por canal",
    "totals": "{steps} pasos, {touchpoints} puntos de contacto, {phases} fases",
    "proactive_share": "Proporción proactiva",
    "third_party_share": "Proporción de terceros",
    "share_value": "{percent} de los pasos ({count} de {total})",
    "percent": "{value} %",
    # Pages of the site (plugin)
    "all_journeys": "Todos los recorridos",
    "all_teams": "Todos los equipos",
    "journey": "Recorrido",
    "team": "Equipo",
    "name": "Nombre",
    "persona": "Perfil",
    "tags": "Etiquetas",
    "phases": "Fases",
    "touchpoints": "Puntos de contacto",
    "steps": "Pasos",
    "action": "Acción",
    "pain_point": "Punto de dolor",
    "opportunity": "Oportunidad",
    "mean_friction": "Fricción media",
    "contact": "Contacto",
    "web_page": "Página web",
    "code_review": "Revisión de código",
    "touchpoints_by_type": "Puntos de contacto por tipo",
    "total": "Total",
    "yes": "Sí",
    "no": "No",
    "owns_no_journey": "Este equipo no es responsable de ningún recorrido.",
    "owns_no_touchpoint": "Este equipo no es responsable de ningún punto de contacto.",
    "no_journeys": "Todavía no hay recorridos.",
    "no_teams": "Todavía no hay equipos.",
    "thousands_separator": "\u202f",
    "decimal_separator": ",",
    "changes_title": "Cambios",
    "changes_against": "Comparado con {revision}",
    "changes_none": "No hay cambios en los mapas de recorrido.",
    "changes_severity": "Gravedad",
    "changes_rule": "Regla",
    "changes_change": "Cambio",
    "changes_old": "Antes",
    "changes_new": "Ahora",
    "changes_teams": "Equipos",
    "changes_metrics": "Métricas medidas",
    "changes_dropped": "una bajada significativa",
    "changes_scores": "Última puntuación mostrada por métrica y recorrido, antes y después, "
    "con la n, el intervalo del 95 % y el objetivo de la nueva.",
    "changes_removed_journey": "Este recorrido se ha eliminado; su página ya no existe.",
    "changes_before": "Antes ({revision})",
    "changes_after": "Después",
    "changes_heatmap": "Pasos por fase y punto de contacto, antes y después.",
    "changes_mark_added": "nuevo",
    "changes_mark_changed": "cambiado ({level})",
    "breaking": "incompatible",
    "warning": "aviso",
    "info": "información",
    # The experience curve and the insights page
    "step": "Paso",
    "step_number": "Paso {number}",
    "no_value": "—",
    "experience_title": "Curva de experiencia",
    "experience_text": "Sentimiento del cliente (de −2 a +2) en cada uno de los {steps} pasos; "
    "el tamaño y el color de cada punto indican su fricción (de 0 a 5).",
    "experience_phase": "{phase}: {value}",
    "experience_phases": "Sentimiento medio por fase: {items}.",
    "experience_lowest": "Mínimo: paso {step} ({value}), {action}.",
    "insights": "Análisis",
    "insights_intro": "En {journeys} recorridos y {steps} pasos.",
    "count_all": "{total} en total.",
    "count_top": "Los primeros {shown} de {total}.",
    "hotspots": "Puntos críticos",
    "hotspots_intro": "Pasos con fricción, de mayor a menor (después, por volumen, "
    "los pasos sin volumen al final).",
    "hotspots_none": "Todavía ningún paso tiene fricción.",
    "channels_all_title": "Pasos por canal, proactivos y reactivos",
    "channels_all_intro": "Pasos en los puntos de contacto de cada canal en todos los "
    "recorridos, el canal con más pasos primero.",
    "channels_none": "Todavía no hay pasos.",
    "team_load": "Carga por equipo",
    "team_load_intro": "Lo que gestiona cada equipo, por orden de id: sus recorridos, sus "
    "puntos de contacto (por recorrido), los pasos en ellos, cuántos de esos pasos son "
    "proactivos y su fricción media.",
    "steps_on_touchpoints": "Pasos en ellos",
    "opportunities": "Oportunidades",
    "opportunities_intro": "Pasos con un punto de dolor o una oportunidad, en el orden de "
    "los puntos críticos (los pasos sin fricción al final).",
    "opportunities_none": "Todavía ningún paso indica un punto de dolor ni una oportunidad.",
    "third_parties": "Terceros",
    "third_parties_intro": "El {percent} de todos los pasos ({count} de {total}) está en "
    "puntos de contacto gestionados por terceros. Los recorridos con la mayor proporción:",
    "third_parties_none": "Ningún paso está en un punto de contacto de terceros.",
    "third_party_steps": "Pasos de terceros",
    "share": "Proporción",
    "journeys_by_friction": "Recorridos por fricción media",
    "journeys_by_friction_intro": "Recorridos según la fricción media de sus pasos que la "
    "indican, de mayor a menor.",
    "journeys_by_friction_none": "Todavía ningún recorrido tiene fricción.",
    "steps_with_friction": "Pasos con fricción",
    "journey_step": "{journey} · paso {number}",
    "team_hotspots_intro": "Los pasos en los puntos de contacto de este equipo con la mayor "
    "fricción.",
    # Métricas medidas
    "measured": "Medido",
    "measured_intro": "Cifras medidas por periodo, junto a las estimaciones de los pasos. "
    "Cada puntuación agrega las filas del periodo; el intervalo es del 95 %.",
    "latest_period": "Último periodo",
    "score": "Puntuación",
    "respondents": "n",
    "interval": "Intervalo del 95 %",
    "change": "Cambio",
    "target": "Objetivo",
    "data": "Datos",
    "hidden_score": "n = {n}",
    "hidden_note": "oculto: menos de {limit} respuestas",
    "low_n": "n baja",
    "low_n_note": "muestra pequeña: menos de {limit} respuestas",
    "significant": "significativo",
    "not_significant": "dentro de los intervalos",
    "target_met": "cumplido",
    "target_missed": "no cumplido",
    "target_at_least": "≥ {value}",
    "target_at_most": "≤ {value}",
    "stale": "desactualizado",
    "stale_note": "sin datos desde {period}",
    "current": "al día",
    "estimated": "est.",
    "estimated_note": "estimado a partir de los pasos",
    "points": "{value}",
    "trend_title": "{metric}, por periodo",
    "trend_text": "{metric} por periodo, de {first} a {last}: {items}.",
    "trend_hidden": "oculto (n = {n})",
    "trend_none": "sin puntuación",
    "team_metrics": "Métricas",
    "team_metrics_intro": "Las métricas medidas de las que este equipo es responsable, por "
    "recorrido: la última cifra y el objetivo.",
    "metrics_ranking": "Métricas",
    "metrics_ranking_intro": "Cada métrica en cada recorrido, según su última puntuación "
    "visible: primero los objetivos no cumplidos (los más alejados primero), después las "
    "caídas significativas (las mayores primero) y luego el resto.",
    "metrics_none": "Todavía ninguna métrica tiene una puntuación visible.",
    "period": "Periodo",
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
