"""The French texts of a tour: method, parameters, stops table and sources (page, CSV notes, logs)."""

from __future__ import annotations

from .plan import TourParams, TourResult


def sources_text(result: TourResult) -> str:
    """The sources line of the page: MedRCVL and the datasets the diagnostic read."""
    names = ["MedRCVL – diagnostic de fragilité numérique", *result.attributions]
    return "Sources : " + " ; ".join(names) + ". Licence Ouverte / Etalab 2.0."


def stops_text(result: TourResult, max_rows: int = 14) -> str:
    """The stops table as text lines (rank, commune, weight, communes served)."""
    lines = ["Rang  Arrêt (code INSEE)  –  poids desservi  –  communes desservies"]
    names = dict(zip(result.communes["code_insee"], result.communes["nom"]))
    for row in list(result.stops.itertuples(index=False))[:max_rows]:
        served = row.communes_desservies.split("|") if row.communes_desservies else []
        listed = ", ".join(str(names.get(c, c)) for c in served[:6]) + (" …" if len(served) > 6 else "")
        lines.append(
            f"{row.rang:>3}.  {row.nom} ({row.code_insee})  –  {row.poids_couvert:.0f}  –  "
            f"{listed or 'aucune commune éloignée'}"
        )
    if len(result.stops) > max_rows:
        lines.append(f"… et {len(result.stops) - max_rows} autres arrêts (voir tournee.csv)")
    return "\n".join(lines)


def parameters_text(result: TourResult, params: TourParams) -> str:
    """The parameters and the outcome in a few lines."""
    served = result.solution.value
    total = result.total_weight
    share = f"{100 * served / total:.0f} %" if total else "–"
    text = (
        f"Paramètres : {params.stops} arrêts ; rayon {km_text(params.radius_km)} ; communes à plus de "
        f"{km_text(params.beyond_km)} d'un lieu fixe ; distances "
        f"{'par la route' if result.distance == 'road' else 'à vol d’oiseau'} ; candidats : "
        f"{'couche fournie' if params.candidates is not None else 'toutes les communes'}.\n"
        f"Poids desservi : {served:.0f} sur {total:.0f} ({share})."
    )
    if result.unweighted:
        text += (
            f"\nCommunes éloignées sans score ou sans population (non pondérées) : "
            f"{', '.join(result.unweighted[:10])}{' …' if len(result.unweighted) > 10 else ''}."
        )
    return text


def method_text(result: TourResult, params: TourParams) -> str:
    """The method in two French sentences (atlas page, CSV notes, Processing log)."""
    solution = result.solution
    how = (
        "optimum exact (énumération des {c} combinaisons avec élagage, borne de {l})"
        if solution.method == "exact"
        else "glouton amélioré par échanges (1-swap), {c} combinaisons dépassant la borne de {l} ; "
        "le total atteint est au moins {p} % de l'optimum"
    )
    share = 100.0 * solution.value / solution.upper_bound if solution.upper_bound else 100.0
    return (
        f"Les communes situées à plus de {km_text(params.beyond_km)} d'un lieu de médiation fixe sont "
        f"pondérées par population × IFN / 10 ; une commune est desservie si un arrêt est à "
        f"{km_text(params.radius_km)} "
        f"au plus ({'par la route' if result.distance == 'road' else 'à vol d’oiseau'}). "
        f"Les {params.stops} arrêts maximisent le poids desservi, chaque commune comptée une fois : "
        + how.format(
            c=f"{solution.combinations:,}".replace(",", "\u202f"),
            l=f"{solution.limit:,}".replace(",", "\u202f"),
            p=f"{share:.0f}",
        )
        + "."
    )


def km_text(value: float) -> str:
    """``5 km`` / ``2,5 km``."""
    return (f"{float(value):g}".replace(".", ",")) + "\u00a0km"
