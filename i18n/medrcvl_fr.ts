<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
  <context>
    <name>MedRCVL</name>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="363" />
      <source> (a leading zero was probably lost: expected {fixed})</source>
      <translation> (un zéro initial a probablement été perdu : {fixed} attendu)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="208" />
      <source> (and {n} more)</source>
      <translation> (et {n} de plus)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="78" />
      <source> MB</source>
      <translation> Mo</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="111" />
      <source>--commune-layer needs --code-field (the field holding INSEE codes).</source>
      <translation>--commune-layer nécessite --code-field (le champ contenant les codes INSEE).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="46" />
      <source>--dpi must be between 30 and 1200, not {d}</source>
      <translation>--dpi doit être compris entre 30 et 1200, et non {d}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="93" />
      <source>1. Territory</source>
      <translation>1. Territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="94" />
      <source>2. Sources</source>
      <translation>2. Sources</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="95" />
      <source>3. Indicators</source>
      <translation>3. Indicateurs</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="96" />
      <source>4. Outputs</source>
      <translation>4. Sorties</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="70" />
      <source>A commune is flagged as a priority when its IFN score reaches the threshold and no mediation place lies within the distance.</source>
      <translation>Une commune est signalée comme prioritaire lorsque son score IFN atteint le seuil et qu'aucun lieu de médiation ne se trouve à moins de la distance indiquée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="71" />
      <source>A commune layer and its code field are required.</source>
      <translation>Une couche de communes et son champ de code sont requis.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="130" />
      <source>A folder or an http(s) address laid out like the MedRCVL data folder; leave empty to download from the producers.</source>
      <translation>Un dossier ou une adresse http(s) organisé comme le dossier de données de MedRCVL ; laissez vide pour télécharger auprès des producteurs.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/sets.py" line="147" />
      <source>A previous run was stopped while putting its outputs in place; completed: {l}</source>
      <translation>Une exécution précédente a été interrompue pendant la mise en place de ses sorties ; mise en place terminée : {l}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="35" />
      <source>A4 orientation</source>
      <translation>orientation A4</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="41" />
      <source>ARCEP commune_debit_filaire CSV</source>
      <translation>CSV commune_debit_filaire de l'ARCEP</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="56" />
      <source>ARCEP commune_debit_filaire CSV (file or URL)</source>
      <translation>CSV commune_debit_filaire de l'ARCEP (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="43" />
      <source>ARCEP commune_meilleure_techno_thd CSV</source>
      <translation>CSV commune_meilleure_techno_thd de l'ARCEP</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="57" />
      <source>ARCEP commune_meilleure_techno_thd CSV (file or URL)</source>
      <translation>CSV commune_meilleure_techno_thd de l'ARCEP (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="40" />
      <source>ARCEP commune_techno CSV</source>
      <translation>CSV commune_techno de l'ARCEP</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="55" />
      <source>ARCEP commune_techno CSV (file or URL)</source>
      <translation>CSV commune_techno de l'ARCEP (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="41" />
      <source>Add the styled layers to the project</source>
      <translation>Ajouter les couches stylées au projet</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="70" />
      <source>Aidants Connect structures CSV</source>
      <translation>CSV des structures Aidants Connect</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="65" />
      <source>Aidants Connect structures CSV (file or URL)</source>
      <translation>CSV des structures Aidants Connect (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="124" />
      <source>An IFN threshold of 1 flags every commune: choose a higher score.</source>
      <translation>Un seuil d'IFN de 1 signale toutes les communes : choisissez un score plus élevé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/lock.py" line="78" />
      <source>Another MedRCVL run (process {pid} on {host}, started {when}) is writing into {f}; wait for it to end or choose another output folder. If no run is going on, delete {lock}.</source>
      <translation>Une autre exécution de MedRCVL (processus {pid} sur {host}, lancée le {when}) écrit dans {f} ; attendez qu'elle se termine ou choisissez un autre dossier de sortie. Si aucune exécution n'est en cours, supprimez {lock}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="48" />
      <source>Atlas (PDF)</source>
      <translation>Atlas (PDF)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="115" />
      <source>Atlas page (PDF)</source>
      <translation>Page d'atlas (PDF)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="81" />
      <source>Atlas: {n} pages</source>
      <translation>Atlas : {n} pages</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="39" />
      <source>Atlas: {n} pages.</source>
      <translation>Atlas : {n} pages.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="117" />
      <source>Builds the diagnostic GeoPackage of a territory (EPCI, département, region, list of communes or your own commune layer): the fragility index, ARCEP coverage, INSEE populations and the digital-mediation places joined onto the communes, with references (EPCI, département, region, France), ranks and priority flags. Datasets come from the files or URLs you give, else from the mirror, else from their publishers; a dataset that cannot be had leaves its fields empty and is reported. Outputs the layers 'communes' and 'lieux' of the GeoPackage.</source>
      <translation>Construit le GeoPackage du diagnostic d'un territoire (EPCI, département, région, liste de communes ou votre propre couche de communes) : l'indice de fragilité numérique, la couverture ARCEP, les populations INSEE et les lieux de médiation numérique rattachés aux communes, avec des valeurs de référence (EPCI, département, région, France), des rangs et des indicateurs de priorité. Les jeux de données proviennent des fichiers ou URL que vous indiquez, sinon du miroir, sinon de leurs producteurs ; un jeu de données indisponible laisse ses champs vides et est signalé. Produit les couches « communes » et « lieux » du GeoPackage.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="81" />
      <source>CSV (French layout)</source>
      <translation>CSV (format français)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="55" />
      <source>CSV files (*.csv)</source>
      <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="69" />
      <source>Cache folder</source>
      <translation>Dossier du cache</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="119" />
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="164" />
      <source>Cancelled by the user.</source>
      <translation>Annulé par l'utilisateur.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="229" />
      <source>Cancelled.</source>
      <translation>Annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="321" />
      <source>Cancelling…</source>
      <translation>Annulation…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="84" />
      <source>Candidate stops (empty: every commune)</source>
      <translation>Arrêts candidats (vide : toutes les communes)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="101" />
      <source>Candidate stops (points; default: every commune)</source>
      <translation>Arrêts candidats (points ; par défaut : toutes les communes)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="193" />
      <source>Cannot connect to the PostgreSQL database {c}: {e}</source>
      <translation>Impossible de se connecter à la base de données PostgreSQL {c} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/layout.py" line="240" />
      <source>Cannot read the layout template {p}: {e}</source>
      <translation>Impossible de lire le modèle de mise en page {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="143" />
      <source>Cannot {action} {path}: {reason}. What to do: {advice}.</source>
      <translation>Impossible d'{action} {path} : {reason}. Que faire : {advice}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="47" />
      <source>Checks a places layer and lists one row per problem: possible duplicates (same name and address, or less than 25 m apart), records not updated for a number of months, missing INSEE code, code inconsistent with the commune polygon containing the point (when a communes layer is given), missing or 0,0 coordinates or points outside France, and places without any service. Outputs a point layer of the problems (at the place) and the same list as a table.</source>
      <translation>Contrôle une couche de lieux et liste une ligne par problème : doublons possibles (même nom et même adresse, ou moins de 25 m d'écart), fiches non mises à jour depuis un certain nombre de mois, code INSEE manquant, code incohérent avec le polygone communal contenant le point (lorsqu'une couche de communes est fournie), coordonnées manquantes ou égales à 0,0 ou points en dehors de la France, et lieux sans aucun service. Produit une couche de points des problèmes (à l'emplacement du lieu) et la même liste sous forme de table.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="245" />
      <source>Choose a commune polygon layer.</source>
      <translation>Choisissez une couche de polygones communaux.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="125" />
      <source>Choose a territory: --epci, --departement, --region, --communes or --commune-layer.</source>
      <translation>Choisissez un territoire : --epci, --departement, --region, --communes ou --commune-layer.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="228" />
      <source>Choose a territory: type a name or a code and pick it in the list.</source>
      <translation>Choisissez un territoire : saisissez un nom ou un code et sélectionnez-le dans la liste.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="213" />
      <source>Choose the PDF file of the atlas.</source>
      <translation>Choisissez le fichier PDF de l'atlas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="142" />
      <source>Choose the PostgreSQL connection.</source>
      <translation>Choisissez la connexion PostgreSQL.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="225" />
      <source>Choose the field holding the INSEE codes of the commune layer (got '{f}').</source>
      <translation>Choisissez le champ contenant les codes INSEE de la couche de communes (reçu : « {f} »).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="249" />
      <source>Choose the field of layer {name} that holds the INSEE commune codes.</source>
      <translation>Choisissez le champ de la couche {name} qui contient les codes INSEE des communes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="112" />
      <source>Choose the file (or type the address) of {title}.</source>
      <translation>Choisissez le fichier (ou saisissez l'adresse) de {title}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="210" />
      <source>Choose the folder of the PDFs.</source>
      <translation>Choisissez le dossier des PDF.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="225" />
      <source>Choose the folder of the tables.</source>
      <translation>Choisissez le dossier des tables.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="116" />
      <source>Choose the stops of an itinerant service on a diagnostic</source>
      <translation>Choisir les arrêts d'un service itinérant à partir d'un diagnostic</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="202" />
      <source>Choose where to write the GeoPackage.</source>
      <translation>Choisissez où écrire le GeoPackage.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="56" />
      <source>Chooses K stops for a bus or truck touring the communes farther than X km from any fixed mediation place, each weighted by population × IFN score / 10 (communes without a score are listed, not weighted). A commune is served when a stop lies within R km of its point on surface (straight line, or along the roads of an optional line layer with QGIS network analysis); the stops maximise the total weight served, each commune counted once. The exact optimum is computed whenever the number of combinations is at most 2,000,000, otherwise a greedy choice improved by 1-swap, and the result says which. Candidates: every commune of the diagnostic, or a point layer (town halls, village halls). Writes tournee.gpkg (layers arrets and communes, styled), tournee.csv for the operator and the atlas page tournee.pdf.</source>
      <translation>Choisit K arrêts pour un bus ou un camion qui sillonne les communes situées à plus de X km de tout lieu de médiation fixe, chacune pondérée par population × IFN / 10 (les communes sans score sont listées, non pondérées). Une commune est desservie quand un arrêt est à R km au plus de son point intérieur (à vol d'oiseau, ou le long des routes d'une couche de lignes facultative avec l'analyse de réseau de QGIS) ; les arrêts maximisent le poids total desservi, chaque commune comptée une fois. L'optimum exact est calculé dès que le nombre de combinaisons ne dépasse pas 2 000 000, sinon un choix glouton amélioré par échanges (1-swap), et le résultat dit lequel. Candidats : toutes les communes du diagnostic, ou une couche de points (mairies, salles des fêtes). Écrit tournee.gpkg (couches arrets et communes, stylées), tournee.csv pour l'opérateur et la page d'atlas tournee.pdf.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="43" />
      <source>Chooses the stops of a bus or truck that serve the most people in fragile communes far from any fixed mediation place (weight = population × IFN / 10). Exact optimum up to 2,000,000 combinations, otherwise greedy + 1-swap.</source>
      <translation>Choisit les arrêts d'un bus ou d'un camion qui desservent le plus d'habitants des communes fragiles éloignées de tout lieu de médiation fixe (poids = population × IFN / 10). Optimum exact jusqu'à 2 000 000 de combinaisons, sinon glouton amélioré par échanges (1-swap).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="72" />
      <source>Clear the cache</source>
      <translation>Vider le cache</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="121" />
      <source>Close</source>
      <translation>Fermer</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/search.py" line="70" />
      <source>Commune</source>
      <translation>Commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="74" />
      <source>Commune layer</source>
      <translation>Couche de communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="150" />
      <source>Commune layer (territory kind 'Commune layer')</source>
      <translation>Couche de communes (type de territoire « Couche de communes »)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="192" />
      <source>Commune layer older than the data</source>
      <translation>Couche de communes plus ancienne que les données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="61" />
      <source>Commune name</source>
      <translation>Nom de la commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="456" />
      <source>Communes</source>
      <translation>Communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="83" />
      <source>Communes farther than this from a fixed place</source>
      <translation>Communes plus éloignées que cela d'un lieu fixe</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="92" />
      <source>Communes farther than this from a fixed place (km)</source>
      <translation>Communes plus éloignées que cela d'un lieu fixe (km)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="63" />
      <source>Communes layer (optional, to check INSEE codes)</source>
      <translation>Couche de communes (facultative, pour contrôler les codes INSEE)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="125" />
      <source>Communes of {k} {v}</source>
      <translation>Communes ({k} {v})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="80" />
      <source>Communes published</source>
      <translation>Communes publiées</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="145" />
      <source>Communes served</source>
      <translation>Communes desservies</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="84" />
      <source>Communes to print (expression)</source>
      <translation>Communes à imprimer (expression)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="53" />
      <source>Communes – digital fragility</source>
      <translation>Communes – fragilité numérique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="366" />
      <source>Computing the indicators…</source>
      <translation>Calcul des indicateurs…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="66" />
      <source>Connection</source>
      <translation>Connexion</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="69" />
      <source>Conseillers numériques structures CSV</source>
      <translation>CSV des structures accueillant des conseillers numériques</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="64" />
      <source>Conseillers numériques structures CSV (file or URL)</source>
      <translation>CSV des structures accueillant des conseillers numériques (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="248" />
      <source>Could not publish {t} into {s} on {c}: {e}</source>
      <translation>Impossible de publier {t} dans {s} sur {c} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/pages.py" line="338" />
      <source>Could not read back the atlas pages of {p}</source>
      <translation>Impossible de relire les pages de l'atlas de {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="283" />
      <source>Could not save the QGIS project {p}: {e}</source>
      <translation>Impossible d'enregistrer le projet QGIS {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/layout.py" line="266" />
      <source>Could not save the layout template {p}</source>
      <translation>Impossible d'enregistrer le modèle de mise en page {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/styles.py" line="346" />
      <source>Could not save the style of {l} in {p}: {e}</source>
      <translation>Impossible d'enregistrer le style de {l} dans {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="277" />
      <source>Could not save the style of {t} into layer_styles: {e}</source>
      <translation>Impossible d'enregistrer le style de {t} dans layer_styles : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="154" />
      <source>Could not style {n}: {e}</source>
      <translation>Impossible de styler {n} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/pages.py" line="333" />
      <source>Could not write the atlas pages to {p}: {e}</source>
      <translation>Impossible d'écrire les pages de l'atlas dans {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="127" />
      <source>Current size: {mb:.1f} MB in {n} files</source>
      <translation>Taille actuelle : {mb:.1f} Mo dans {n} fichiers</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="67" />
      <source>DGCL EPCI composition workbook (epcicomYYYY.xlsx)</source>
      <translation>classeur DGCL de composition des EPCI (epcicomAAAA.xlsx)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="63" />
      <source>DGCL EPCI composition workbook, epcicomYYYY.xlsx (file or URL)</source>
      <translation>Classeur DGCL de composition des EPCI, epcicomAAAA.xlsx (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="70" />
      <source>Data files (*.csv *.json *.geojson *.xlsx *.gpkg);;All files (*)</source>
      <translation>Fichiers de données (*.csv *.json *.geojson *.xlsx *.gpkg);;Tous les fichiers (*)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="35" />
      <source>Data loading</source>
      <translation>Chargement des données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="165" />
      <source>Data mirror (folder or base URL)</source>
      <translation>Miroir de données (dossier ou URL de base)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="60" />
      <source>Data mirror (folder or http(s) address)</source>
      <translation>Miroir de données (dossier ou adresse http(s))</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="74" />
      <source>Dataset</source>
      <translation>Jeu de données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="213" />
      <source>Datasets missing</source>
      <translation>Jeux de données manquants</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="196" />
      <source>Datasets missing, their fields left empty: {m}</source>
      <translation>Jeux de données manquants, leurs champs restent vides : {m}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="105" />
      <source>Default output folder</source>
      <translation>Dossier de sortie par défaut</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="100" />
      <source>Default territory</source>
      <translation>Territoire par défaut</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="135" />
      <source>Delete every file downloaded in {p}?</source>
      <translation>Supprimer tous les fichiers téléchargés dans {p} ?</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="36" />
      <source>Diagnostic</source>
      <translation>Diagnostic</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="34" />
      <source>Diagnostic GeoPackage</source>
      <translation>GeoPackage du diagnostic</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/prefetch.py" line="69" />
      <source>Diagnostic cancelled.</source>
      <translation>Diagnostic annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="344" />
      <source>Diagnostic cancelled: nothing was written.</source>
      <translation>Diagnostic annulé : rien n'a été écrit.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="308" />
      <source>Diagnostic running… (see also the task manager)</source>
      <translation>Diagnostic en cours… (voir aussi le gestionnaire de tâches)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="187" />
      <source>Diagnostic written to {p}: {c} communes, {l} places, {u} unmatched codes.</source>
      <translation>Diagnostic écrit dans {p} : {c} communes, {l} lieux, {u} codes non appariés.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="396" />
      <source>Diagnostic written: {path}</source>
      <translation>Diagnostic écrit : {path}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/gpkg.py" line="394" />
      <source>Digital fragility diagnostic – {name} – communes</source>
      <translation>Diagnostic de fragilité numérique – {name} – communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/gpkg.py" line="395" />
      <source>Digital fragility diagnostic – {name} – mediation places</source>
      <translation>Diagnostic de fragilité numérique – {name} – lieux de médiation</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/gpkg.py" line="396" />
      <source>Digital fragility diagnostic – {name} – reference values</source>
      <translation>Diagnostic de fragilité numérique – {name} – valeurs de référence</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="114" />
      <source>Digital-fragility diagnostic of a territory</source>
      <translation>Diagnostic de fragilité numérique d'un territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/plugin.py" line="47" />
      <source>Digital-fragility diagnostic…</source>
      <translation>Diagnostic de fragilité numérique…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="25" />
      <source>Digital-fragility index (IFN, 1–10)</source>
      <translation>Indice de fragilité numérique (IFN, 1–10)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="53" />
      <source>Digital-mediation places</source>
      <translation>Lieux de médiation numérique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="193" />
      <source>Dissolve them into current communes</source>
      <translation>Les fusionner dans les communes actuelles</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="33" />
      <source>Distance to the nearest mediation place (km)</source>
      <translation>Distance au lieu de médiation le plus proche (km)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="345" />
      <source>Download cancelled.</source>
      <translation>Téléchargement annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="308" />
      <source>Download of {url} failed: HTTP {status} {reason}. Server answer: {answer}</source>
      <translation>Échec du téléchargement de {url} : HTTP {status} {reason}. Réponse du serveur : {answer}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="287" />
      <source>Download of {url} failed: no answer within {s} s.</source>
      <translation>Échec du téléchargement de {url} : aucune réponse en {s} s.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="327" />
      <source>Download of {url} failed: {error}</source>
      <translation>Échec du téléchargement de {url} : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="330" />
      <source>Download of {url} is incomplete: {got} bytes received, {expected} announced.</source>
      <translation>Le téléchargement de {url} est incomplet : {got} octets reçus, {expected} annoncés.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="295" />
      <source>Download of {url} stalled: nothing received for {s} s after {n} bytes.</source>
      <translation>Le téléchargement de {url} est bloqué : rien reçu pendant {s} s après {n} octets.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="320" />
      <source>Download of {url} was interrupted after {n} bytes: {error}</source>
      <translation>Le téléchargement de {url} a été interrompu après {n} octets : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="279" />
      <source>Download of {url} was not complete within its deadline of {s} s.</source>
      <translation>Le téléchargement de {url} n’a pas abouti dans le délai de {s} s qui lui est accordé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/catalogue.py" line="68" />
      <source>Download the CSV of the data.gouv.fr dataset https://www.data.gouv.fr/fr/datasets/conseiller-numerique-liste-des-structures-validees-par-le-comite-de-selection/</source>
      <translation>Téléchargez le CSV du jeu de données data.gouv.fr https://www.data.gouv.fr/fr/datasets/conseiller-numerique-liste-des-structures-validees-par-le-comite-de-selection/</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="118" />
      <source>Download the file from that page and give its path.</source>
      <translation>Téléchargez le fichier depuis cette page et indiquez son chemin.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/search.py" line="70" />
      <source>Département</source>
      <translation>Département</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="319" />
      <source>EPCI</source>
      <translation>EPCI</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="133" />
      <source>EPCI (SIREN)</source>
      <translation>EPCI (SIREN)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="23" />
      <source>EPCI SIREN code, e.g. 200043081</source>
      <translation>code SIREN de l'EPCI, par ex. 200043081</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="98" />
      <source>EPCI SIREN, département or commune code</source>
      <translation>SIREN d'EPCI, code de département ou code de commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="424" />
      <source>EPCI {siren} is not in the EPCI composition table.</source>
      <translation>L'EPCI {siren} ne figure pas dans la table de composition des EPCI.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="132" />
      <source>EPCI {siren} was not found in the EPCI composition that was read: check its SIREN (9 digits); the composition file may be older than this EPCI (created or merged since): give a newer one (--epci-composition).</source>
      <translation>L’EPCI {siren} est absent de la composition des EPCI lue : vérifiez son SIREN (9 chiffres) ; le fichier de composition est peut-être plus ancien que cet EPCI (créé ou fusionné depuis) : fournissez-en un plus récent (--epci-composition).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="58" />
      <source>Empty: download from the producers</source>
      <translation>Vide : téléchargement auprès des producteurs</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/cache.py" line="398" />
      <source>English</source>
      <translation>français</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="48" />
      <source>Every indicator is computed for each commune: the IFN and its five sub-scores, fixed broadband coverage (ARCEP), mediation places (count, per 10,000 inhabitants, by category and programme), distances to the nearest place and France services, and comparisons with the EPCI, département, région and France. A dataset that cannot be had leaves its fields empty.</source>
      <translation>Chaque indicateur est calculé pour chaque commune : l'IFN et ses cinq sous-scores, la couverture en haut débit fixe (ARCEP), les lieux de médiation (nombre, pour 10 000 habitants, par catégorie et par dispositif), les distances au lieu le plus proche et à la France services la plus proche, et les comparaisons avec l'EPCI, le département, la région et la France. Un jeu de données indisponible laisse ses champs vides.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="165" />
      <source>Export cancelled by the user.</source>
      <translation>Export annulé par l'utilisateur.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/standard.py" line="134" />
      <source>Export cancelled.</source>
      <translation>Export annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="32" />
      <source>Export places to the national standard (CSV)</source>
      <translation>Exporter les lieux au standard national (CSV)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_tables.py" line="33" />
      <source>Export tables for partners (CSV, XLSX)</source>
      <translation>Exporter les tables pour les partenaires (CSV, XLSX)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/catalogue.py" line="65" />
      <source>Export the CSV from https://fragilite-numerique.fr (no stable file URL is published)</source>
      <translation>Exportez le CSV depuis https://fragilite-numerique.fr (aucune adresse de fichier stable n'est publiée)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="41" />
      <source>Export the PDF atlas</source>
      <translation>Exporter l'atlas PDF</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="207" />
      <source>Exported: {x}</source>
      <translation>Exporté : {x}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="397" />
      <source>Exporting the atlas…</source>
      <translation>Export de l'atlas…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="38" />
      <source>Exports</source>
      <translation>Exports</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="80" />
      <source>Field holding the INSEE commune code</source>
      <translation>Champ contenant le code INSEE de la commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="260" />
      <source>Field {field} does not hold INSEE commune codes (5 characters, e.g. 37072): found {value!r}.</source>
      <translation>Le champ {field} ne contient pas de codes INSEE de communes (5 caractères, par ex. 37072) : trouvé {value!r}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="78" />
      <source>File or URL (empty = mirror or publisher)</source>
      <translation>Fichier ou URL (vide = miroir ou producteur)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="71" />
      <source>File path or http(s) address</source>
      <translation>Chemin du fichier ou adresse http(s)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="120" />
      <source>Files written</source>
      <translation>Fichiers écrits</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="90" />
      <source>Files written in {p}: {files}</source>
      <translation>Fichiers écrits dans {p} : {files}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="123" />
      <source>Folder of the PDFs</source>
      <translation>Dossier des PDF</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="106" />
      <source>Folder of the tables</source>
      <translation>Dossier des tables</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="139" />
      <source>Folder or http(s) address (optional)</source>
      <translation>Dossier ou adresse http(s) (facultatif)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_tables.py" line="57" />
      <source>Formats</source>
      <translation>Formats</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="54" />
      <source>Fragility index CSV, EPCI (file or URL)</source>
      <translation>CSV de l’indice de fragilité, EPCI (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="53" />
      <source>Fragility index CSV, communes (file or URL)</source>
      <translation>CSV de l'indice de fragilité numérique, communes (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="78" />
      <source>Fragility score (most fragile first)</source>
      <translation>Score de fragilité (les plus fragiles d'abord)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="173" />
      <source>Fragility score from which a commune can be a priority</source>
      <translation>Score de fragilité à partir duquel une commune peut être prioritaire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="50" />
      <source>France services list CSV</source>
      <translation>CSV de la liste des France services</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="59" />
      <source>France services list CSV (file or URL)</source>
      <translation>CSV de la liste des France services (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="38" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="155" />
      <source>Give a saved PostgreSQL connection name or a connection string.</source>
      <translation>Indiquez le nom d'une connexion PostgreSQL enregistrée ou une chaîne de connexion.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="108" />
      <source>Give a territory code.</source>
      <translation>Indiquez un code de territoire.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="392" />
      <source>Give an EPCI, a département or commune codes.</source>
      <translation>Indiquez un EPCI, un département ou des codes de communes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="145" />
      <source>Give the schema name.</source>
      <translation>Indiquez le nom du schéma.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="253" />
      <source>Give the territory code(s).</source>
      <translation>Indiquez le ou les codes du territoire.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="198" />
      <source>HTTP status {s}</source>
      <translation>statut HTTP {s}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="112" />
      <source>Help</source>
      <translation>Aide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="329" />
      <source>Hub LO: no hub-lo.config.json next to the data; using the built-in mapping.</source>
      <translation>Hub LO : pas de hub-lo.config.json à côté des données ; utilisation de la correspondance intégrée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="333" />
      <source>Hub LO: the mapping file {path} was not found; give the public hub-lo.config.json.</source>
      <translation>Hub LO : le fichier de correspondance {path} est introuvable ; indiquez le hub-lo.config.json public.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="31" />
      <source>IFN gap to the département</source>
      <translation>Écart d'IFN avec le département</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="79" />
      <source>IFN score at least (1–10)</source>
      <translation>Score IFN minimal (1–10)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="29" />
      <source>IFN – aged 65 and over</source>
      <translation>IFN – 65 ans et plus</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="30" />
      <source>IFN – low diploma</source>
      <translation>IFN – faible niveau de diplôme</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="27" />
      <source>IFN – no 4G coverage</source>
      <translation>IFN – absence de couverture 4G</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="26" />
      <source>IFN – no very-high-speed coverage</source>
      <translation>IFN – absence de couverture très haut débit</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="28" />
      <source>IFN – poverty</source>
      <translation>IFN – pauvreté</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="57" />
      <source>INSEE COG commune events CSV (v_mvt_commune_YYYY.csv) or the COG zip</source>
      <translation>CSV INSEE des mouvements de communes du COG (v_mvt_commune_AAAA.csv) ou le zip du COG</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="61" />
      <source>INSEE COG commune events CSV, or the COG zip (file or URL)</source>
      <translation>CSV INSEE des mouvements de communes du COG, ou le zip du COG (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="52" />
      <source>INSEE COG communes CSV (v_commune_YYYY.csv) or the COG zip</source>
      <translation>CSV INSEE des communes du COG (v_commune_AAAA.csv) ou le zip du COG</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="60" />
      <source>INSEE COG communes CSV, or the COG zip (file or URL)</source>
      <translation>CSV INSEE des communes du COG, ou le zip du COG (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="30" />
      <source>INSEE code field of --commune-layer</source>
      <translation>champ du code INSEE de --commune-layer</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="158" />
      <source>INSEE code field of the commune layer</source>
      <translation>Champ du code INSEE de la couche de communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="71" />
      <source>INSEE code field of the communes</source>
      <translation>Champ du code INSEE des communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="62" />
      <source>INSEE legal populations (donnees_communes.csv or ensemble.zip)</source>
      <translation>populations légales INSEE (donnees_communes.csv ou ensemble.zip)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="62" />
      <source>INSEE legal populations CSV, or ensemble.zip (file or URL)</source>
      <translation>CSV des populations légales INSEE, ou ensemble.zip (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="62" />
      <source>Indicator shown on the map and in the atlas</source>
      <translation>Indicateur affiché sur la carte et dans l'atlas</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="44" />
      <source>Indicators</source>
      <translation>Indicateurs</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="223" />
      <source>Interrupted.</source>
      <translation>Interrompu.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="164" />
      <source>Invalid {w} {t}: use letters, digits and underscores.</source>
      <translation>Valeur invalide pour {w} : {t} ; utilisez des lettres, des chiffres et des tirets bas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="193" />
      <source>Keep its communes</source>
      <translation>Conserver ses communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="57" />
      <source>Landscape</source>
      <translation>Paysage</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="246" />
      <source>Layer {layer}</source>
      <translation>Couche {layer}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="74" />
      <source>Layer {layer} has no field {field}.</source>
      <translation>La couche {layer} n'a pas de champ {field}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="49" />
      <source>Layer {layer} holds {type} geometries: a commune layer must hold polygons (Polygon or MultiPolygon).</source>
      <translation>La couche {layer} contient des géométries {type} : une couche de communes doit contenir des polygones (Polygon ou MultiPolygon).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="244" />
      <source>Layer {layer}: commune polygons are expected.</source>
      <translation>Couche {layer} : des polygones communaux sont attendus.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="236" />
      <source>Layer {layer}: there is no field {field}.</source>
      <translation>Couche {layer} : il n'y a pas de champ {field}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="228" />
      <source>Layer {layer}: there is no field {field}; fields are {found}.</source>
      <translation>Couche {layer} : il n'y a pas de champ {field} ; les champs sont {found}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/styles.py" line="171" />
      <source>Layer {l} has no field {f}</source>
      <translation>La couche {l} n'a pas de champ {f}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="108" />
      <source>Layout template (.qpt)</source>
      <translation>Modèle de mise en page (.qpt)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="136" />
      <source>List of communes</source>
      <translation>Liste de communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="66" />
      <source>Live only</source>
      <translation>En ligne uniquement</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="60" />
      <source>Load a dataset of the catalogue</source>
      <translation>Charger un jeu de données du catalogue</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="74" />
      <source>Load the communes of a territory</source>
      <translation>Charger les communes d'un territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="410" />
      <source>Loading of the communes cancelled.</source>
      <translation>Chargement des communes annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="358" />
      <source>Loading the commune polygons of {name}…</source>
      <translation>Chargement des polygones communaux de {name}…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="110" />
      <source>Loading the communes of {k} {v}…</source>
      <translation>Chargement des communes ({k} {v})…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="223" />
      <source>Loading the list of territories…</source>
      <translation>Chargement de la liste des territoires…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="77" />
      <source>Loads the commune polygons (INSEE code, name) of an EPCI (SIREN), a département (code) or a comma-separated list of INSEE commune codes, from geo.api.gouv.fr or from a mirror folder/URL laid out like the MedRCVL data mirror.</source>
      <translation>Charge les polygones communaux (code INSEE, nom) d'un EPCI (SIREN), d'un département (code) ou d'une liste de codes INSEE de communes séparés par des virgules, depuis geo.api.gouv.fr ou depuis un dossier/une URL miroir organisé comme le miroir de données de MedRCVL.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="67" />
      <source>Local file or URL</source>
      <translation>Fichier local ou URL</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="363" />
      <source>Locating the mediation places…</source>
      <translation>Localisation des lieux de médiation…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="91" />
      <source>Longest time for one dataset</source>
      <translation>Durée maximale pour un jeu de données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="37" />
      <source>Maps and atlas</source>
      <translation>Cartes et atlas</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="80" />
      <source>Maximum cache size</source>
      <translation>Taille maximale du cache</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/styles.py" line="343" />
      <source>MedRCVL default style</source>
      <translation>Style par défaut MedRCVL</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/task.py" line="112" />
      <source>MedRCVL diagnostic</source>
      <translation>Diagnostic MedRCVL</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="273" />
      <source>MedRCVL diagnostic, vintage {v}</source>
      <translation>Diagnostic MedRCVL, millésime {v}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="298" />
      <source>MedRCVL diagnostic: {name}</source>
      <translation>Diagnostic MedRCVL : {name}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/plugin.py" line="50" />
      <source>MedRCVL help</source>
      <translation>Aide de MedRCVL</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="84" />
      <source>MedRCVL – digital-fragility diagnostic</source>
      <translation>MedRCVL – diagnostic de fragilité numérique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/provider.py" line="27" />
      <source>MedRCVL – digital-fragility diagnostics</source>
      <translation>MedRCVL – diagnostics de fragilité numérique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="39" />
      <source>MedRCVL – plan an itinerant service</source>
      <translation>MedRCVL – planifier un service itinérant</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="143" />
      <source>MedRCVL – proposed tour</source>
      <translation>MedRCVL – tournée proposée</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="222" />
      <source>MedRCVL: data from La MedNum/ANSA, INSEE, ARCEP, ANCT, IGN (Licence Ouverte / Etalab 2.0).</source>
      <translation>MedRCVL : données de La MedNum/ANSA, INSEE, ARCEP, ANCT, IGN (Licence Ouverte / Etalab 2.0).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="170" />
      <source>MedRCVL: digital-fragility diagnostics of French territories.</source>
      <translation>MedRCVL : diagnostics de fragilité numérique des territoires français.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/task.py" line="120" />
      <source>MedRCVL: list of territories</source>
      <translation>MedRCVL : liste des territoires</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="101" />
      <source>MedRCVL: publishing to PostGIS</source>
      <translation>MedRCVL : publication dans PostGIS</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="88" />
      <source>MedRCVL: tables for partners</source>
      <translation>MedRCVL : tables pour les partenaires</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="208" />
      <source>Mediation places</source>
      <translation>Lieux de médiation</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="58" />
      <source>Mediation places CSV, national standard (file or URL)</source>
      <translation>CSV des lieux de médiation, standard national (fichier ou URL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="32" />
      <source>Mediation places per 10,000 inhabitants</source>
      <translation>Lieux de médiation pour 10 000 habitants</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="126" />
      <source>Method (exact or greedy)</source>
      <translation>Méthode (exacte ou gloutonne)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="127" />
      <source>Mirror</source>
      <translation>Miroir</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="64" />
      <source>Mirror, else live (default)</source>
      <translation>Miroir, sinon en ligne (par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="61" />
      <source>Mirror, then live hosts for what the mirror lacks</source>
      <translation>Miroir, puis hôtes en ligne pour ce qui manque au miroir</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="60" />
      <source>Most fragile first</source>
      <translation>Les plus fragiles d'abord</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="53" />
      <source>Name or code, e.g. Chinon, chouze, 200043081, 37</source>
      <translation>Nom ou code, par ex. Chinon, chouze, 200043081, 37</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="86" />
      <source>Network timeout</source>
      <translation>Délai d'expiration réseau</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="474" />
      <source>No ARCEP coverage figures for these communes: ftth/thd30/below8 shares left empty.</source>
      <translation>Aucune donnée de couverture ARCEP pour ces communes : parts ftth/thd30/below8 laissées vides.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/ifn_fallback.py" line="85" />
      <source>No IFN file: the overall score comes from the vector tiles of {site} ({n} of {m} communes); the five sub-scores, the references and the ranks within the département stay empty.</source>
      <translation>Pas de fichier IFN : le score global provient des tuiles vectorielles de {site} ({n} communes sur {m}) ; les cinq sous-scores, les références et les rangs dans le département restent vides.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="150" />
      <source>No commune of the COG belongs to {kind} {code}.</source>
      <translation>Aucune commune du COG pour le territoire {kind} {code}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="449" />
      <source>No commune polygon found for {what} in {where}.</source>
      <translation>Aucun polygone communal trouvé pour {what} dans {where}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="361" />
      <source>No commune polygon of {name} could be loaded.</source>
      <translation>Aucun polygone communal de {name} n'a pu être chargé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="80" />
      <source>No place within</source>
      <translation>Aucun lieu à moins de</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="99" />
      <source>No saved PostgreSQL connection named {n} in the QGIS settings.</source>
      <translation>Aucune connexion PostgreSQL enregistrée nommée {n} dans les paramètres de QGIS.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="137" />
      <source>No saved PostgreSQL connection: create one in the Data Source Manager (PostgreSQL), then press Refresh.</source>
      <translation>Aucune connexion PostgreSQL enregistrée : créez-en une dans le Gestionnaire des sources de données (PostgreSQL), puis cliquez sur « Actualiser ».</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="217" />
      <source>No territory matches “{text}”.</source>
      <translation>Aucun territoire ne correspond à « {text} ».</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="58" />
      <source>No territory selected.</source>
      <translation>Aucun territoire sélectionné.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="166" />
      <source>Not INSEE commune codes (5 characters expected): {codes}</source>
      <translation>Codes de communes INSEE invalides (5 caractères attendus) : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="395" />
      <source>Not INSEE commune codes: {codes}</source>
      <translation>Codes de communes INSEE invalides : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="145" />
      <source>Nothing was written for {p}; the previous file was kept.</source>
      <translation>Rien n'a été écrit pour {p} ; le fichier précédent a été conservé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/fileio.py" line="44" />
      <source>Nothing was written to the temporary file {p}</source>
      <translation>Rien n'a été écrit dans le fichier temporaire {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="128" />
      <source>Number of combinations</source>
      <translation>Nombre de combinaisons</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="209" />
      <source>Number of communes</source>
      <translation>Nombre de communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="210" />
      <source>Number of places</source>
      <translation>Nombre de lieux</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="81" />
      <source>Number of stops (K)</source>
      <translation>Nombre d'arrêts (K)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="342" />
      <source>OGR could not create the spreadsheet {p}: {e}</source>
      <translation>OGR n'a pas pu créer le classeur {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="362" />
      <source>OGR could not write a row of sheet {s} in {p}: {e}</source>
      <translation>OGR n'a pas pu écrire une ligne de la feuille {s} dans {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="53" />
      <source>One PDF for the territory</source>
      <translation>Un PDF pour le territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="54" />
      <source>One PDF per commune</source>
      <translation>Un PDF par commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="99" />
      <source>One PDF per commune needs a folder, not the file {p}</source>
      <translation>Un PDF par commune nécessite un dossier, et non le fichier {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="96" />
      <source>One row per problem found in the places: missing or misplaced coordinates, duplicates, stale updates…</source>
      <translation>Une ligne par problème trouvé dans les lieux : coordonnées manquantes ou mal placées, doublons, mises à jour trop anciennes…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="63" />
      <source>Or connection string (service=…, authcfg=…)</source>
      <translation>Ou chaîne de connexion (service=…, authcfg=…)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="70" />
      <source>Order</source>
      <translation>Ordre</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="69" />
      <source>Orientation</source>
      <translation>Orientation</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="86" />
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="60" />
      <source>Overwrite an existing file</source>
      <translation>Écraser un fichier existant</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="79" />
      <source>Overwrite existing files</source>
      <translation>Écraser les fichiers existants</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="40" />
      <source>Overwrite the GeoPackage if it exists</source>
      <translation>Écraser le GeoPackage s'il existe</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="64" />
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="66" />
      <source>PDF file</source>
      <translation>Fichier PDF</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="77" />
      <source>Page order</source>
      <translation>Ordre des pages</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="68" />
      <source>Pages</source>
      <translation>Pages</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="86" />
      <source>Place problems</source>
      <translation>Problèmes des lieux</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="89" />
      <source>Place problems (table)</source>
      <translation>Problèmes des lieux (table)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="83" />
      <source>Places in the national standard (CSV)</source>
      <translation>Lieux au standard national (CSV)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="58" />
      <source>Places layer</source>
      <translation>Couche des lieux</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="49" />
      <source>Places layer (e.g. diagnostic.gpkg|layername=lieux)</source>
      <translation>Couche des lieux (par ex. diagnostic.gpkg|layername=lieux)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="81" />
      <source>Places published</source>
      <translation>Lieux publiés</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="115" />
      <source>Plan a tour…</source>
      <translation>Planifier une tournée…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="50" />
      <source>Plan an itinerant service (tour)</source>
      <translation>Planifier un service itinérant (tournée)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="95" />
      <source>Plan the tour</source>
      <translation>Calculer la tournée</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="56" />
      <source>Portrait</source>
      <translation>Portrait</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/run.py" line="131" />
      <source>PostGIS schema {s} on {c}: {n} communes, {l} places</source>
      <translation>Schéma PostGIS {s} sur {c} : {n} communes, {l} lieux</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="32" />
      <source>PostgreSQL conninfo, e.g. "service=partage" or "host=H dbname=D authcfg=ID" (or env MEDRCVL_PG_URI); avoid passwords: use a service, an authcfg or PGPASSWORD</source>
      <translation>chaîne conninfo PostgreSQL, par ex. "service=partage" ou "host=H dbname=D authcfg=ID" (ou variable d'environnement MEDRCVL_PG_URI) ; évitez les mots de passe : utilisez un service, un authcfg ou PGPASSWORD</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="47" />
      <source>Prints the French atlas of a diagnostic GeoPackage for elected officials: a cover page for the territory (map of the fragility index, key figures, short text) and one A4 page per commune (map of its neighbourhood with the mediation places, indicators next to the EPCI, département, région and France, bar chart of the five IFN sub-scores, places in and near the commune, generated sentences), with legend, scale bar, north arrow, date and the sources and licences of every dataset. Writes atlas.pdf (or one PDF per commune) and diagnostic.qgz with the styled layers and the layout into the output folder. Existing files are only replaced when Overwrite is checked.</source>
      <translation>Imprime l'atlas en français d'un GeoPackage de diagnostic à destination des élus : une page de couverture pour le territoire (carte de l'indice de fragilité numérique, chiffres clés, texte court) et une page A4 par commune (carte de son voisinage avec les lieux de médiation, indicateurs comparés à l'EPCI, au département, à la région et à la France, diagramme en barres des cinq sous-scores de l'IFN, lieux dans la commune et à proximité, phrases générées), avec légende, barre d'échelle, flèche du nord, date, ainsi que les sources et licences de chaque jeu de données. Écrit atlas.pdf (ou un PDF par commune) et diagnostic.qgz, avec les couches stylées et la mise en page, dans le dossier de sortie. Les fichiers existants ne sont remplacés que si l'option « Écraser » est cochée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="66" />
      <source>Priority communes</source>
      <translation>Communes prioritaires</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="183" />
      <source>Priority when no mediation place lies within (km)</source>
      <translation>Prioritaire si aucun lieu de médiation ne se trouve à moins de (km)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="92" />
      <source>Problems found</source>
      <translation>Problèmes trouvés</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/gpkg.py" line="403" />
      <source>Produced by MedRCVL. Sources:</source>
      <translation>Produit par MedRCVL. Sources :</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="145" />
      <source>Proposed stops</source>
      <translation>Arrêts proposés</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="109" />
      <source>Proxy and network settings are those of QGIS (Settings › Options › Network).</source>
      <translation>Les paramètres du proxy et du réseau sont ceux de QGIS (Préférences › Options › Réseau).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="210" />
      <source>Publication cancelled by the user.</source>
      <translation>Publication annulée par l'utilisateur.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="36" />
      <source>Publish the diagnostic to PostGIS</source>
      <translation>Publier le diagnostic dans PostGIS</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="43" />
      <source>Publish to PostGIS</source>
      <translation>Publier dans PostGIS</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="110" />
      <source>Published to PostGIS.</source>
      <translation>Publié dans PostGIS.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="258" />
      <source>Published {t}: {n} rows into {s}.{t}</source>
      <translation>Table {t} publiée : {n} lignes dans {s}.{t}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="39" />
      <source>Publishes a diagnostic GeoPackage into a PostgreSQL/PostGIS database shared with partners: the communes and lieux layers (EPSG:2154, with spatial indexes), the provenance table and the other tables, into the schema &lt;schema&gt;_&lt;vintage&gt; (for example medrcvl_2026), with the layers' styles saved as default styles in layer_styles. A new vintage never removes the previous ones; publishing a vintage that already exists needs Overwrite. Use a saved PostgreSQL connection of QGIS or a connection string (service=…, or host=… dbname=… authcfg=…): prefer an authentication configuration to a password; passwords are never shown in the log.</source>
      <translation>Publie un GeoPackage de diagnostic dans une base de données PostgreSQL/PostGIS partagée avec les partenaires : les couches communes et lieux (EPSG:2154, avec index spatiaux), la table de provenance et les autres tables, dans le schéma « préfixe_millésime » (par exemple medrcvl_2026), avec les styles des couches enregistrés comme styles par défaut dans layer_styles. Un nouveau millésime ne supprime jamais les précédents ; publier un millésime qui existe déjà nécessite l'option « Écraser ». Utilisez une connexion PostgreSQL enregistrée dans QGIS ou une chaîne de connexion (service=…, ou host=… dbname=… authcfg=…) : préférez une configuration d'authentification à un mot de passe ; les mots de passe ne sont jamais affichés dans le journal.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="140" />
      <source>Publishing to PostGIS…</source>
      <translation>Publication dans PostGIS…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="214" />
      <source>QGIS could not export the atlas to {p}: {e}</source>
      <translation>QGIS n'a pas pu exporter l'atlas vers {p} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/layout.py" line="251" />
      <source>QGIS could not load the layout template {p}</source>
      <translation>QGIS n'a pas pu charger le modèle de mise en page {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="32" />
      <source>QGIS expression selecting communes, e.g. "flag_priority" = 1</source>
      <translation>expression QGIS sélectionnant les communes, par ex. "flag_priority" = 1</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="225" />
      <source>Quality report cancelled.</source>
      <translation>Rapport de qualité annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="44" />
      <source>Quality report of digital-mediation places</source>
      <translation>Rapport de qualité des lieux de médiation numérique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="84" />
      <source>Quality report of the places (CSV)</source>
      <translation>Rapport de qualité des lieux (CSV)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="82" />
      <source>Radius served by a stop</source>
      <translation>Rayon desservi par un arrêt</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="83" />
      <source>Radius served by a stop (km)</source>
      <translation>Rayon desservi par un arrêt (km)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="56" />
      <source>Read the saved connections again</source>
      <translation>Relire les connexions enregistrées</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="190" />
      <source>Reading of the IFN tiles cancelled.</source>
      <translation>Lecture des tuiles IFN annulée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="342" />
      <source>Reading populations, IFN and ARCEP…</source>
      <translation>Lecture des populations, de l'IFN et de l'ARCEP…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="344" />
      <source>Reading the EPCI composition…</source>
      <translation>Lecture de la composition des EPCI…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="338" />
      <source>Reading the official geographic code (COG)…</source>
      <translation>Lecture du code officiel géographique (COG)…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="95" />
      <source>Reading {p}…</source>
      <translation>Lecture de {p}…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="63" />
      <source>Reads one public dataset (fragility index, ARCEP coverage, INSEE populations and COG, EPCI composition, digital-mediation places) from a file or URL you give, from a mirror, or from its publisher, checks its layout and loads it as a table (places: a point layer in WGS 84). The layer metadata names the source, vintage and licence.</source>
      <translation>Lit un jeu de données public (indice de fragilité numérique, couverture ARCEP, populations INSEE et COG, composition des EPCI, lieux de médiation numérique) depuis un fichier ou une URL que vous indiquez, depuis un miroir ou auprès de son producteur, contrôle sa structure et le charge sous forme de table (lieux : une couche de points en WGS 84). Les métadonnées de la couche indiquent la source, le millésime et la licence.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="78" />
      <source>Reference date YYYY-MM-DD (empty = today)</source>
      <translation>Date de référence AAAA-MM-JJ (vide = aujourd'hui)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="109" />
      <source>Reference date {d!r}: expected YYYY-MM-DD.</source>
      <translation>Date de référence {d!r} : AAAA-MM-JJ attendu.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="55" />
      <source>Refresh</source>
      <translation>Actualiser</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="135" />
      <source>Region</source>
      <translation>Région</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/sets.py" line="157" />
      <source>Removed {p}, left by an interrupted run.</source>
      <translation>{p} supprimé : il avait été laissé par une exécution interrompue.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="344" />
      <source>Removing schema {s}, left by an interrupted publication</source>
      <translation>Suppression du schéma {s}, laissé par une publication interrompue</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="204" />
      <source>Replace the GeoPackage if it exists</source>
      <translation>Remplacer le GeoPackage s'il existe</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="76" />
      <source>Replace the vintage if it is already published</source>
      <translation>Remplacer le millésime s'il est déjà publié</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="60" />
      <source>Replace this vintage if it is already published</source>
      <translation>Remplacer ce millésime s'il est déjà publié</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="360" />
      <source>Replacing vintage {v} in schema {s}</source>
      <translation>Remplacement du millésime {v} dans le schéma {s}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_atlas.py" line="90" />
      <source>Resolution (dpi)</source>
      <translation>Résolution (ppp)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="95" />
      <source>Retries after a network failure</source>
      <translation>Nouvelles tentatives après un échec réseau</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/tour_dialog.py" line="85" />
      <source>Road network (empty: straight line)</source>
      <translation>Réseau routier (vide : à vol d'oiseau)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="109" />
      <source>Road network (lines; default: straight-line distances)</source>
      <translation>Réseau routier (lignes ; par défaut : distances à vol d'oiseau)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="64" />
      <source>Rows rejected</source>
      <translation>Lignes rejetées</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="63" />
      <source>Rows written</source>
      <translation>Lignes écrites</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="117" />
      <source>Run the diagnostic</source>
      <translation>Lancer le diagnostic</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="58" />
      <source>Saved PostgreSQL connection</source>
      <translation>Connexion PostgreSQL enregistrée</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="67" />
      <source>Schema</source>
      <translation>Schéma</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="67" />
      <source>Schema prefix</source>
      <translation>Préfixe du schéma</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="79" />
      <source>Schema written</source>
      <translation>Schéma écrit</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="42" />
      <source>Search an EPCI, a département or a commune</source>
      <translation>Rechercher un EPCI, un département ou une commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="134" />
      <source>Selected: {label}</source>
      <translation>Sélection : {label}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/indicators.py" line="34" />
      <source>Share of premises eligible to FTTH</source>
      <translation>Part des locaux éligibles à la FTTH</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="113" />
      <source>Show unmatched codes</source>
      <translation>Afficher les codes non appariés</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="82" />
      <source>Spreadsheet (XLSX)</source>
      <translation>Tableur (XLSX)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="83" />
      <source>Stale after (months)</source>
      <translation>Obsolète après (mois)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="55" />
      <source>Standard CSV file</source>
      <translation>Fichier CSV au standard</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="425" />
      <source>Table written: {p}</source>
      <translation>Table écrite : {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="75" />
      <source>Tables for partners</source>
      <translation>Tables pour les partenaires</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="144" />
      <source>Territory code(s)</source>
      <translation>Code(s) du territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="131" />
      <source>Territory kind</source>
      <translation>Type de territoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="221" />
      <source>Territory kind 'Commune layer' needs a commune layer.</source>
      <translation>Le type de territoire « Couche de communes » nécessite une couche de communes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="127" />
      <source>The EPCI composition is needed to resolve an EPCI.</source>
      <translation>La composition des EPCI est nécessaire pour résoudre un EPCI.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="206" />
      <source>The GeoPackage {p} has no layer or table named {n} (expected by the diagnostic contract).</source>
      <translation>Le GeoPackage {p} n'a pas de couche ou de table nommée {n} (attendue par le contrat du diagnostic).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="58" />
      <source>The GeoPackage {p} has no layer {name}.</source>
      <translation>Le GeoPackage {p} n'a pas de couche {name}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/styles.py" line="335" />
      <source>The GeoPackage {p} has no valid layer {l}</source>
      <translation>Le GeoPackage {p} n'a pas de couche valide {l}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/ifn_fallback.py" line="68" />
      <source>The IFN vector tiles could not be read either: {error}</source>
      <translation>Les tuiles vectorielles de l’IFN n’ont pas pu être lues non plus : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/run.py" line="38" />
      <source>The PostGIS export needs a saved PostgreSQL connection or a connection string.</source>
      <translation>L'export PostGIS demande une connexion PostgreSQL enregistrée ou une chaîne de connexion.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="35" />
      <source>The atlas could not be exported: {error}</source>
      <translation>L'atlas n'a pas pu être exporté : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="261" />
      <source>The atlas of {p} has no commune page (filter: {f}); no PDF was written.</source>
      <translation>L'atlas de {p} ne contient aucune page de commune (filtre : {f}) ; aucun PDF n'a été écrit.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="188" />
      <source>The candidate stops layer cannot be read.</source>
      <translation>La couche des arrêts candidats ne peut pas être lue.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="217" />
      <source>The candidate stops layer {n} has no point.</source>
      <translation>La couche des arrêts candidats {n} ne contient aucun point.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="191" />
      <source>The candidate stops layer {n} must hold points.</source>
      <translation>La couche des arrêts candidats {n} doit contenir des points.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="113" />
      <source>The commune layer {p} does not exist.</source>
      <translation>La couche de communes {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="72" />
      <source>The data go to the schema &lt;schema&gt;_&lt;vintage&gt;; earlier vintages are kept. The styles go to public.layer_styles.</source>
      <translation>Les données vont dans le schéma &lt;schéma&gt;_&lt;millésime&gt; ; les millésimes précédents sont conservés. Les styles vont dans public.layer_styles.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="217" />
      <source>The database {c} refused the query: {e}</source>
      <translation>La base de données {c} a refusé la requête : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="226" />
      <source>The database {c} refused {m}: {e}</source>
      <translation>La base de données {c} a refusé l'opération {m} : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="139" />
      <source>The diagnostic GeoPackage {p} does not exist</source>
      <translation>Le GeoPackage du diagnostic {p} n'existe pas</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="142" />
      <source>The diagnostic GeoPackage {p} does not exist.</source>
      <translation>Le GeoPackage du diagnostic {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="88" />
      <source>The diagnostic GeoPackage {p} has no layer {l}</source>
      <translation>Le GeoPackage du diagnostic {p} n'a pas de couche {l}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="326" />
      <source>The diagnostic GeoPackage {p} has no layer {n}.</source>
      <translation>Le GeoPackage du diagnostic {p} n'a pas de couche {n}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="284" />
      <source>The file {p} already exists: tick “Overwrite” or choose another name.</source>
      <translation>Le fichier {p} existe déjà : cochez « Écraser » ou choisissez un autre nom.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/fileio.py" line="22" />
      <source>The file {p} already exists; choose another name or allow overwriting.</source>
      <translation>Le fichier {p} existe déjà ; choisissez un autre nom ou autorisez l'écrasement.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="116" />
      <source>The file {p} does not exist.</source>
      <translation>Le fichier {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="125" />
      <source>The filter expression {e} is not valid: {m}</source>
      <translation>L'expression de filtre {e} n'est pas valide : {m}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="270" />
      <source>The folder {p} cannot be created.</source>
      <translation>Le dossier {p} ne peut pas être créé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="282" />
      <source>The folder {p} does not exist.</source>
      <translation>Le dossier {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/pages.py" line="193" />
      <source>The layer communes of {p} is empty</source>
      <translation>La couche communes de {p} est vide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="247" />
      <source>The layer {name} cannot be read.</source>
      <translation>La couche {name} ne peut pas être lue.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="37" />
      <source>The layer {name} could not be styled: {error}</source>
      <translation>La couche {name} n'a pas pu être stylée : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="255" />
      <source>The layer {name} has no feature.</source>
      <translation>La couche {name} ne contient aucune entité.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="253" />
      <source>The layer {name} has no field {field}.</source>
      <translation>La couche {name} n'a pas de champ {field}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/layout.py" line="244" />
      <source>The layout template {p} is not valid XML</source>
      <translation>Le modèle de mise en page {p} n'est pas un XML valide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/layout.py" line="257" />
      <source>The layout template {p} lacks the items {i}</source>
      <translation>Il manque au modèle de mise en page {p} les éléments {i}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/dialog.py" line="234" />
      <source>The list of territories could not be loaded ({error}); type an EPCI SIREN, a département or a commune code.</source>
      <translation>La liste des territoires n'a pas pu être chargée ({error}) ; saisissez un SIREN d'EPCI, un code de département ou un code de commune.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="112" />
      <source>The list of territories is not available: type an EPCI SIREN, a département or commune code.</source>
      <translation>La liste des territoires n'est pas disponible : saisissez un SIREN d'EPCI, un code de département ou des codes de communes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="187" />
      <source>The mirror folder {p} does not exist.</source>
      <translation>Le dossier miroir {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="29" />
      <source>The new {p} is incomplete ({r}); the previous file was kept.</source>
      <translation>Le nouveau {p} est incomplet ({r}) ; le fichier précédent a été conservé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="91" />
      <source>The number of stops must be at least 1 (got {k}).</source>
      <translation>Le nombre d'arrêts doit être au moins 1 (reçu : {k}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/standard.py" line="127" />
      <source>The places have no lieu_id/id field; found: {found}.</source>
      <translation>Les lieux n'ont pas de champ lieu_id/id ; trouvés : {found}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="90" />
      <source>The places in the national data schema of the digital-mediation places, ready for data.gouv.fr.</source>
      <translation>Les lieux au format du schéma national de données des lieux de médiation numérique, prêts pour data.gouv.fr.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="67" />
      <source>The postgis export needs --pg-connection NAME or --pg-uri URI (or the environment variable MEDRCVL_PG_CONNECTION or MEDRCVL_PG_URI).</source>
      <translation>L'export postgis nécessite --pg-connection NOM ou --pg-uri URI (ou la variable d'environnement MEDRCVL_PG_CONNECTION ou MEDRCVL_PG_URI).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/run_outputs.py" line="86" />
      <source>The previous outputs were kept, nothing was replaced{e}</source>
      <translation>Les sorties précédentes ont été conservées, rien n'a été remplacé{e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="267" />
      <source>The published table {s}.{t} cannot be opened on {c}.</source>
      <translation>La table publiée {s}.{t} ne peut pas être ouverte sur {c}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/roads.py" line="30" />
      <source>The road layer must be a valid line layer.</source>
      <translation>La couche des routes doit être une couche de lignes valide.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/roads.py" line="32" />
      <source>The road layer {n} has no road.</source>
      <translation>La couche des routes {n} ne contient aucune route.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="49" />
      <source>The saved PostgreSQL connections of QGIS (Data Source Manager › PostgreSQL); the password stays in QGIS and is never shown.</source>
      <translation>Les connexions PostgreSQL enregistrées dans QGIS (Gestionnaire des sources de données › PostgreSQL) ; le mot de passe reste dans QGIS et n'est jamais affiché.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/prefetch.py" line="110" />
      <source>The source you chose cannot be used, the run stops: {error}</source>
      <translation>La source que vous avez choisie est inutilisable, le traitement s’arrête : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="293" />
      <source>The style of {n} could not be applied: {e}</source>
      <translation>Le style de {n} n'a pas pu être appliqué : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="289" />
      <source>The style of {n} could not be read: {e}</source>
      <translation>Le style de {n} n'a pas pu être lu : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/task.py" line="105" />
      <source>The task failed.</source>
      <translation>La tâche a échoué.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="172" />
      <source>The territory holds no commune code.</source>
      <translation>Le territoire ne contient aucun code de commune.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="178" />
      <source>The territory needs {n} IFN tiles at zoom {z} (more than {max}); use a lower zoom or the IFN CSV file.</source>
      <translation>Le territoire nécessite {n} tuiles IFN au niveau de zoom {z} (plus de {max}) ; utilisez un zoom plus faible ou le fichier CSV de l'IFN.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/page.py" line="33" />
      <source>The tour GeoPackage {p} cannot be read.</source>
      <translation>Le GeoPackage de la tournée {p} ne peut pas être lu.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/page.py" line="71" />
      <source>The tour page could not be written to {p}.</source>
      <translation>La page de la tournée n'a pas pu être écrite dans {p}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="73" />
      <source>The {what} file {p} cannot be read as a vector layer.</source>
      <translation>Le fichier {what} {p} ne peut pas être lu comme une couche vecteur.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="54" />
      <source>The {what} file {p} does not exist.</source>
      <translation>Le fichier {what} {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/solver.py" line="59" />
      <source>There is no candidate stop.</source>
      <translation>Il n'y a aucun arrêt candidat.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="258" />
      <source>These files already exist: {l}. Tick “Overwrite” or choose another folder.</source>
      <translation>Ces fichiers existent déjà : {l}. Cochez « Écraser » ou choisissez un autre dossier.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="361" />
      <source>These outputs already exist: {l}. Nothing was written; allow overwriting (--overwrite, or tick “Overwrite”) or choose another folder.</source>
      <translation>Ces sorties existent déjà : {l}. Rien n'a été écrit ; autorisez le remplacement (--overwrite, ou cochez « Écraser ») ou choisissez un autre dossier.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="157" />
      <source>These outputs already exist: {l}. Nothing was written; pass --overwrite to replace them.</source>
      <translation>Ces sorties existent déjà : {l}. Rien n'a été écrit ; ajoutez --overwrite pour les remplacer.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/sets.py" line="70" />
      <source>These outputs are folders, not files: {l}. Choose other names.</source>
      <translation>Ces sorties sont des dossiers et non des fichiers : {l}. Choisissez d'autres noms.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="223" />
      <source>Tick at least one table format.</source>
      <translation>Cochez au moins un format de table.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/roads.py" line="46" />
      <source>Tour planning cancelled.</source>
      <translation>Calcul de la tournée annulé.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/run.py" line="249" />
      <source>Tour written: {p}</source>
      <translation>Tournée écrite : {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="196" />
      <source>URL: {u}</source>
      <translation>URL : {u}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/gpkg.py" line="405" />
      <source>Unavailable (fields left empty): {names}</source>
      <translation>Indisponibles (champs laissés vides) : {names}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="184" />
      <source>Unexpected error: {error}</source>
      <translation>Erreur inattendue : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="111" />
      <source>Unknown atlas order {o}; expected one of {a}</source>
      <translation>Ordre d'atlas inconnu {o} ; valeurs attendues : {a}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/styles.py" line="89" />
      <source>Unknown classification method {m}; expected one of {a}</source>
      <translation>Méthode de classification inconnue {m} ; valeurs attendues : {a}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/run.py" line="49" />
      <source>Unknown export format(s) {u}; choose among {k}.</source>
      <translation>Format(s) d'export inconnu(s) {u} ; choisissez parmi {k}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/atlas/export.py" line="116" />
      <source>Unknown orientation {o}; expected one of {a}</source>
      <translation>Orientation inconnue {o} ; valeurs attendues : {a}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/tables.py" line="405" />
      <source>Unknown table format {f}; expected csv or xlsx.</source>
      <translation>Format de table inconnu {f} ; csv ou xlsx attendu.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/selection.py" line="175" />
      <source>Unknown territory kind {kind!r}; expected one of {kinds}.</source>
      <translation>Type de territoire inconnu {kind!r} ; valeurs attendues : {kinds}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="72" />
      <source>Unmatched codes</source>
      <translation>Codes non appariés</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="147" />
      <source>Unsupported PostgreSQL connection string {u}: expected a conninfo such as "service=NAME", "host=H port=P dbname=D authcfg=ID".</source>
      <translation>Chaîne de connexion PostgreSQL non prise en charge {u} : une chaîne conninfo est attendue, par ex. "service=NOM", "host=H port=P dbname=D authcfg=ID".</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="127" />
      <source>Upper bound of the optimum</source>
      <translation>Borne supérieure de l'optimum</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="43" />
      <source>Use a commune polygon layer of the project</source>
      <translation>Utiliser une couche de polygones communaux du projet</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/publish.py" line="68" />
      <source>Vintage</source>
      <translation>Millésime</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/publish_postgis.py" line="71" />
      <source>Vintage (default: current year)</source>
      <translation>Millésime (par défaut : année en cours)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="338" />
      <source>Vintage {v} is already published in schema {s} of {c}; allow overwriting to replace it.</source>
      <translation>Le millésime {v} est déjà publié dans le schéma {s} de {c} ; autorisez l'écrasement pour le remplacer.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/postgis.py" line="365" />
      <source>Vintage {v} published in schema {s} of {c}</source>
      <translation>Millésime {v} publié dans le schéma {s} de {c}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/diagnostic.py" line="212" />
      <source>Warnings</source>
      <translation>Avertissements</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="106" />
      <source>Warnings: {n} (see the log panel).</source>
      <translation>Avertissements : {n} (voir le panneau Journal des messages).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/tour.py" line="125" />
      <source>Weight served</source>
      <translation>Poids desservi</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="35" />
      <source>Writes the digital-mediation places of a point layer (for example the lieux layer of the diagnostic GeoPackage) as a CSV of the national standard (schema v1.0.2 of LaMednum/standard-mediation-num): columns in the schema order, multiple values separated by |, every value quoted, UTF-8. Each row is checked against the schema; rows that break it (missing SIRET, name, date…) are not written and are listed in the log with the reason. An existing file is only replaced when Overwrite is checked.</source>
      <translation>Écrit les lieux de médiation numérique d'une couche de points (par exemple la couche lieux du GeoPackage du diagnostic) dans un CSV au standard national (schéma v1.0.2 de LaMednum/standard-mediation-num) : colonnes dans l'ordre du schéma, valeurs multiples séparées par |, toutes les valeurs entre guillemets, UTF-8. Chaque ligne est contrôlée par rapport au schéma ; les lignes non conformes (SIRET, nom, date… manquants) ne sont pas écrites et sont listées dans le journal avec le motif. Un fichier existant n'est remplacé que si l'option « Écraser » est cochée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_tables.py" line="36" />
      <source>Writes the tables of a diagnostic GeoPackage for partners who work in a spreadsheet: communes.csv (indicators of each commune and its centroid in WGS84), lieux.csv (places with longitude/latitude in WGS84 and X/Y in Lambert-93, categories, programmes, address, commune) and sources.csv (producer, vintage and licence of each dataset). The CSV files are UTF-8 with BOM, separated by semicolons, with a decimal comma and French headers, so that a French spreadsheet opens them without an import wizard. diagnostic.xlsx holds the same tables in the sheets communes, lieux and sources; INSEE codes are text cells, so 01001 and 2A004 keep their form. Existing files are only replaced when Overwrite is checked.</source>
      <translation>Écrit les tables d'un GeoPackage de diagnostic pour les partenaires qui travaillent dans un tableur : communes.csv (indicateurs de chaque commune et son centroïde en WGS84), lieux.csv (lieux avec longitude/latitude en WGS84 et X/Y en Lambert-93, catégories, dispositifs, adresse, commune) et sources.csv (producteur, millésime et licence de chaque jeu de données). Les fichiers CSV sont en UTF-8 avec BOM, séparés par des points-virgules, avec la virgule comme séparateur décimal et des en-têtes en français, pour qu'un tableur français les ouvre sans assistant d'importation. diagnostic.xlsx contient les mêmes tables dans les feuilles communes, lieux et sources ; les codes INSEE sont des cellules de texte, donc 01001 et 2A004 conservent leur forme. Les fichiers existants ne sont remplacés que si l'option « Écraser » est cochée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="138" />
      <source>Writing the tables…</source>
      <translation>Écriture des tables…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="371" />
      <source>Writing {path}…</source>
      <translation>Écriture de {path}…</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="82" />
      <source>Written: {p}</source>
      <translation>Écrit : {p}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="23" />
      <source>a commune is served within R km of a stop (default 10)</source>
      <translation>une commune est desservie à R km au plus d'un arrêt (10 par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="37" />
      <source>a layout template made from resources/atlas.qpt</source>
      <translation>un modèle de mise en page créé à partir de resources/atlas.qpt</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="114" />
      <source>a part of the path is a file, not a folder</source>
      <translation>une partie du chemin est un fichier et non un dossier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="231" />
      <source>a sample file of the mirror was used (*.sample.*): only a few rows of the dataset</source>
      <translation>un fichier d'échantillon du miroir a été utilisé (*.sample.*) : seules quelques lignes du jeu de données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="93" />
      <source>also export: comma-separated among csv, xlsx, standard, quality, postgis</source>
      <translation>exporter aussi : liste séparée par des virgules parmi csv, xlsx, standard, quality, postgis</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="89" />
      <source>also print the PDF atlas into the folder</source>
      <translation>imprimer aussi l'atlas PDF dans le dossier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="147" />
      <source>cached copy of {date}</source>
      <translation>copie en cache du {date}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="61" />
      <source>cached on {date}</source>
      <translation>en cache depuis le {date}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="93" />
      <source>candidate stops</source>
      <translation>des arrêts candidats</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="35" />
      <source>candidate stops: a point file (GeoPackage, GeoJSON, CSV with lon/lat); default: every commune</source>
      <translation>arrêts candidats : un fichier de points (GeoPackage, GeoJSON, CSV avec lon/lat) ; par défaut : toutes les communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="129" />
      <source>check the connection to the share</source>
      <translation>vérifiez la connexion au partage</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="124" />
      <source>check the disk or the network share, then run again</source>
      <translation>vérifiez le disque ou le partage réseau, puis relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="114" />
      <source>check the path</source>
      <translation>vérifiez le chemin</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="131" />
      <source>check the path and the disk, then run again</source>
      <translation>vérifiez le chemin et le disque, puis relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="112" />
      <source>check the path or create the folder</source>
      <translation>vérifiez le chemin ou créez le dossier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="109" />
      <source>choose a folder where you may write, or close the file if another program holds it</source>
      <translation>choisissez un dossier où vous avez le droit d'écrire, ou fermez le fichier si un autre programme le tient ouvert</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="118" />
      <source>choose a shorter folder or file name</source>
      <translation>choisissez un nom de dossier ou de fichier plus court</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="90" />
      <source>choose an output folder on a writable disk, or ask for it to be mounted read-write</source>
      <translation>choisissez un dossier de sortie sur un disque accessible en écriture, ou faites-le monter en lecture-écriture</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="104" />
      <source>close it (spreadsheet, PDF reader, QGIS project) and run again</source>
      <translation>fermez-le (tableur, lecteur PDF, projet QGIS) et relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="120" />
      <source>close some programs and run again</source>
      <translation>fermez quelques programmes et relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="127" />
      <source>close the program that uses it and run again</source>
      <translation>fermez le programme qui l'utilise et relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="443" />
      <source>codes without a polygon in this source: {codes}</source>
      <translation>codes sans polygone dans cette source : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="26" />
      <source>comma-separated INSEE commune codes</source>
      <translation>codes INSEE des communes, séparés par des virgules</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="51" />
      <source>comma-separated among csv, xlsx, standard, quality, postgis; default: csv,xlsx</source>
      <translation>liste séparée par des virgules parmi csv, xlsx, standard, quality, postgis ; par défaut : csv,xlsx</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="414" />
      <source>communes of département {dep} are not in the mirror {mirror}</source>
      <translation>les communes du département {dep} ne sont pas dans le miroir {mirror}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/places.py" line="57" />
      <source>could not be projected to Lambert-93 (EPSG:2154)</source>
      <translation>projection en Lambert-93 (EPSG:2154) impossible</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="282" />
      <source>data file</source>
      <translation>fichier de données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="37" />
      <source>data mirror laid out like ../shared/data</source>
      <translation>miroir de données organisé comme ../shared/data</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="185" />
      <source>declared {declared} but the point is {km:.1f} km outside it</source>
      <translation>code {declared} déclaré, mais le point est à {km:.1f} km en dehors de la commune</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="174" />
      <source>declared {declared} but the point lies in commune {found}</source>
      <translation>code {declared} déclaré, mais le point se trouve dans la commune {found}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="30" />
      <source>demand: communes farther than X km from any fixed place (default 5)</source>
      <translation>demande : communes à plus de X km de tout lieu fixe (5 par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="48" />
      <source>digital-mediation places in the national standard CSV layout</source>
      <translation>lieux de médiation numérique au format CSV du standard national</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="86" />
      <source>dissolve the communes of an old --commune-layer into current ones</source>
      <translation>fusionner les communes d'une ancienne --commune-layer dans les communes actuelles</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="42" />
      <source>do not write the PDF page</source>
      <translation>ne pas écrire la page PDF</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="258" />
      <source>does not match the pattern {pattern}</source>
      <translation>ne correspond pas au motif {pattern}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="163" />
      <source>downloaded GeoJSON</source>
      <translation>GeoJSON téléchargé</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="32" />
      <source>duplicate rings</source>
      <translation>anneaux en double</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="319" />
      <source>département</source>
      <translation>département</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="24" />
      <source>département code, e.g. 37</source>
      <translation>code du département, par ex. 37</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="203" />
      <source>edition of {date}</source>
      <translation>édition du {date}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="148" />
      <source>empty file</source>
      <translation>fichier vide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="87" />
      <source>error: {e}</source>
      <translation>erreur : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="235" />
      <source>expected a boolean</source>
      <translation>booléen attendu</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="232" />
      <source>expected a date YYYY-MM-DD</source>
      <translation>date AAAA-MM-JJ attendue</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="227" />
      <source>expected a {kind}</source>
      <translation>valeur de type {kind} attendue</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="225" />
      <source>expected a {kind} (decimal point, no thousands separator)</source>
      <translation>valeur de type {kind} attendue (point décimal, sans séparateur de milliers)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="204" />
      <source>fetched on {date}</source>
      <translation>téléchargé le {date}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="193" />
      <source>field {f}</source>
      <translation>champ {f}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="75" />
      <source>fragility score from which a commune can be a priority (default 6.5)</source>
      <translation>score de fragilité à partir duquel une commune peut être prioritaire (6.5 par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="39" />
      <source>fragility-index CSV (EPCI)</source>
      <translation>CSV de l’indice de fragilité (EPCI)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="38" />
      <source>fragility-index CSV (communes)</source>
      <translation>CSV de l'indice de fragilité numérique (communes)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="99" />
      <source>free some space or choose a folder on another disk, then run again</source>
      <translation>libérez de la place ou choisissez un dossier sur un autre disque, puis relancez</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="321" />
      <source>geo.api.gouv.fr knows no {what} {code} (HTTP 404 for {url}): check the code.</source>
      <translation>geo.api.gouv.fr ne connaît pas de {what} {code} (HTTP 404 pour {url}) : vérifiez le code.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="116" />
      <source>give a file name</source>
      <translation>indiquez un nom de fichier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="28" />
      <source>hole outside its polygon</source>
      <translation>trou hors de son polygone</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="30" />
      <source>interior disconnected</source>
      <translation>intérieur déconnecté</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="33" />
      <source>invalid coordinate</source>
      <translation>coordonnée invalide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="36" />
      <source>invalid geometry</source>
      <translation>géométrie invalide</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="116" />
      <source>it is a folder</source>
      <translation>c'est un dossier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="82" />
      <source>its cross-reference cannot be found</source>
      <translation>sa table de références croisées est introuvable</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="78" />
      <source>its cross-reference lies beyond the end of the file</source>
      <translation>sa table de références croisées est au-delà de la fin du fichier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="49" />
      <source>its write-ahead log was not merged</source>
      <translation>son journal d'écriture (WAL) n'a pas été fusionné</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/coordinates.py" line="79" />
      <source>latitude {lat} / longitude {lon} look like Lambert-93 metres (EPSG:2154), not WGS84 degrees</source>
      <translation>latitude {lat} / longitude {lon} : on dirait des mètres Lambert-93 (EPSG:2154), pas des degrés WGS84</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/coordinates.py" line="89" />
      <source>latitude {lat} / longitude {lon} look swapped (the point is in France the other way round)</source>
      <translation>latitude {lat} / longitude {lon} : valeurs apparemment inversées (le point est en France dans l'autre sens)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/coordinates.py" line="84" />
      <source>latitude {lat} / longitude {lon} out of range (latitude -90 to 90, longitude -180 to 180 degrees)</source>
      <translation>latitude {lat} / longitude {lon} hors limites (latitude de -90 à 90, longitude de -180 à 180 degrés)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/coordinates.py" line="77" />
      <source>latitude {lat} / longitude {lon}: not finite numbers</source>
      <translation>latitude {lat} / longitude {lon} : ce ne sont pas des nombres finis</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/coordinates.py" line="94" />
      <source>latitude {lat} / longitude {lon}: outside France (metropole, overseas départements and collectivités)</source>
      <translation>latitude {lat} / longitude {lon} : hors de France (métropole, départements et collectivités d'outre-mer)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="294" />
      <source>line 1, field {field}: column missing from the header</source>
      <translation>ligne 1, champ {field} : colonne absente de l'en-tête</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="315" />
      <source>line {line}, field {field}: a value is required</source>
      <translation>ligne {line}, champ {field} : une valeur est obligatoire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="333" />
      <source>line {line}, field {field}: {value!r} already used on line {first}</source>
      <translation>ligne {line}, champ {field} : {value!r} déjà utilisé à la ligne {first}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="322" />
      <source>line {line}, field {field}: {value!r} {issue}</source>
      <translation>ligne {line}, champ {field} : {value!r} : {issue}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="191" />
      <source>line {n}</source>
      <translation>ligne {n}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="265" />
      <source>longer than {n} characters</source>
      <translation>plus de {n} caractères</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="185" />
      <source>medrcvl: error: {m}</source>
      <translation>medrcvl : erreur : {m}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="120" />
      <source>member {m} is damaged</source>
      <translation>l'élément {m} est endommagé</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="27" />
      <source>name of a saved PostgreSQL connection of QGIS (or env MEDRCVL_PG_CONNECTION)</source>
      <translation>nom d'une connexion PostgreSQL enregistrée dans QGIS (ou variable d'environnement MEDRCVL_PG_CONNECTION)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="29" />
      <source>nested holes</source>
      <translation>trous imbriqués</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="31" />
      <source>nested polygons</source>
      <translation>polygones imbriqués</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="238" />
      <source>no INSEE commune code (commune: {c}, {cp})</source>
      <translation>pas de code INSEE de commune (commune : {c}, {cp})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="72" />
      <source>no PDF header</source>
      <translation>pas d'en-tête PDF</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="326" />
      <source>no answer</source>
      <translation>pas de réponse</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/places.py" line="77" />
      <source>no coordinates (empty or 0,0)</source>
      <translation>pas de coordonnées (vides ou 0,0)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="75" />
      <source>no end-of-file marker</source>
      <translation>pas de marque de fin de fichier</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/index.py" line="35" />
      <source>no mirror is set (Sources tab or MedRCVL options)</source>
      <translation>aucun miroir n'est défini (onglet Sources ou options de MedRCVL)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="399" />
      <source>no public address is known for it</source>
      <translation>aucune adresse publique n'est connue pour ce jeu de données</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="239" />
      <source>no score in the tiles for {codes}</source>
      <translation>aucun score dans les tuiles pour {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="261" />
      <source>no service listed</source>
      <translation>aucun service indiqué</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="230" />
      <source>no usable latitude/longitude (empty or 0,0)</source>
      <translation>pas de latitude/longitude utilisable (vide ou 0,0)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="249" />
      <source>no valid update date (date_maj)</source>
      <translation>pas de date de mise à jour valide (date_maj)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="124" />
      <source>no {m} inside</source>
      <translation>aucun {m} à l'intérieur</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="283" />
      <source>none</source>
      <translation>aucun</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="118" />
      <source>not a valid zip: {e}</source>
      <translation>ce n'est pas un zip valide : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="39" />
      <source>not an SQLite file</source>
      <translation>ce n'est pas un fichier SQLite</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="61" />
      <source>not cached</source>
      <translation>pas en cache</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="17" />
      <source>number of stops</source>
      <translation>nombre d'arrêts</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="170" />
      <source>offline, cached copy of {date}</source>
      <translation>hors ligne, copie en cache du {date}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="20" />
      <source>one PDF per commune instead of one atlas</source>
      <translation>un PDF par commune au lieu d'un atlas unique</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="18" />
      <source>output folder (default: the GeoPackage's folder)</source>
      <translation>dossier de sortie (par défaut : le dossier du GeoPackage)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="35" />
      <source>output folder (writes diagnostic.gpkg) or .gpkg file; default: out</source>
      <translation>dossier de sortie (où écrire diagnostic.gpkg) ou fichier .gpkg ; par défaut : out</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="231" />
      <source>overall IFN score read from {n} vector tile(s) at zoom {z}; the five sub-scores are not published in the tiles</source>
      <translation>score IFN global lu dans {n} tuile(s) vectorielle(s) au niveau de zoom {z} ; les cinq sous-scores ne sont pas publiés dans les tuiles</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="26" />
      <source>page order: commune name or fragility score (most fragile first)</source>
      <translation>ordre des pages : nom de la commune ou score de fragilité (les plus fragiles d'abord)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="108" />
      <source>permission denied</source>
      <translation>permission refusée</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/standard.py" line="62" />
      <source>point {x}, {y} of the layer ({crs}) cannot be converted to latitude/longitude</source>
      <translation>le point {x}, {y} de la couche ({crs}) ne peut pas être converti en latitude/longitude</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="172" />
      <source>print every message</source>
      <translation>afficher tous les messages</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="173" />
      <source>print only warnings and errors</source>
      <translation>afficher uniquement les avertissements et les erreurs</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="81" />
      <source>priority when no mediation place lies within KM (default 5)</source>
      <translation>prioritaire si aucun lieu de médiation ne se trouve à moins de KM kilomètres (5 par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="100" />
      <source>radius_km must be greater than 0 km.</source>
      <translation>radius_km doit être supérieur à 0 km.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="25" />
      <source>region code, e.g. 24</source>
      <translation>code de la région, par ex. 24</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="39" />
      <source>replace existing files</source>
      <translation>remplacer les fichiers existants</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="57" />
      <source>replace existing files (and an already published vintage)</source>
      <translation>remplacer les fichiers existants (et un millésime déjà publié)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="88" />
      <source>replace existing outputs</source>
      <translation>remplacer les sorties existantes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="34" />
      <source>resolution of the maps (default 150)</source>
      <translation>résolution des cartes (150 par défaut)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="34" />
      <source>ring not closed</source>
      <translation>anneau non fermé</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="26" />
      <source>ring self-intersection</source>
      <translation>auto-intersection d'un anneau</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="40" />
      <source>road lines for road distances (default: straight line)</source>
      <translation>lignes du réseau routier pour des distances par la route (par défaut : à vol d'oiseau)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="94" />
      <source>roads</source>
      <translation>des routes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="76" />
      <source>same name and address as {id} ({name})</source>
      <translation>même nom et même adresse que {id} ({name})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="39" />
      <source>schema prefix; data go to &lt;schema&gt;_&lt;vintage&gt;</source>
      <translation>préfixe du schéma ; les données vont dans &lt;schéma&gt;_&lt;millésime&gt;</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="25" />
      <source>self-intersection</source>
      <translation>auto-intersection</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="175" />
      <source>served by the replica {base} of the live host</source>
      <translation>servi par la réplique {base} de l’hôte en ligne</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="267" />
      <source>shorter than {n} characters</source>
      <translation>moins de {n} caractères</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="189" />
      <source>source: {s}</source>
      <translation>source : {s}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="106" />
      <source>the PDF reader cannot open it</source>
      <translation>le lecteur PDF ne peut pas l'ouvrir</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="104" />
      <source>the PDF reader refuses it: {e}</source>
      <translation>le lecteur PDF le refuse : {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/network.py" line="189" />
      <source>the QGIS authentication configuration {id} cannot be applied</source>
      <translation>la configuration d’authentification QGIS {id} ne peut pas être appliquée</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/atlas.py" line="17" />
      <source>the diagnostic GeoPackage</source>
      <translation>le GeoPackage du diagnostic</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="98" />
      <source>the disk is full (or your quota is reached)</source>
      <translation>le disque est plein (ou votre quota est atteint)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="123" />
      <source>the disk reported an input/output error</source>
      <translation>le disque a signalé une erreur d'entrée/sortie</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="127" />
      <source>the file is busy</source>
      <translation>le fichier est occupé</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="103" />
      <source>the file is open in another program</source>
      <translation>le fichier est ouvert dans un autre programme</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="89" />
      <source>the file system is read-only</source>
      <translation>le système de fichiers est en lecture seule</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="112" />
      <source>the folder does not exist</source>
      <translation>le dossier n'existe pas</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="374" />
      <source>the live host is asked only when "mirror, then live hosts" is chosen</source>
      <translation>l’hôte en ligne n’est interrogé que si « Miroir, puis hôtes en ligne » est choisi</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="402" />
      <source>the mirror is laid out by département: without member codes, EPCI {siren} was asked to geo.api.gouv.fr</source>
      <translation>le miroir est organisé par département : sans les codes des communes membres, l'EPCI {siren} a été demandé à geo.api.gouv.fr</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="129" />
      <source>the network share does not answer</source>
      <translation>le partage réseau ne répond pas</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="118" />
      <source>the path is too long</source>
      <translation>le chemin est trop long</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="156" />
      <source>the point {lat}, {lon} cannot be projected to the CRS of the communes ({crs})</source>
      <translation>le point {lat}, {lon} ne peut pas être projeté dans le SCR des communes ({crs})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="27" />
      <source>too few points</source>
      <translation>trop peu de points</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="120" />
      <source>too many files are open</source>
      <translation>trop de fichiers sont ouverts</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="255" />
      <source>updated on {d}, more than {n} months before {today}</source>
      <translation>mis à jour le {d}, plus de {n} mois avant le {today}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="183" />
      <source>use</source>
      <translation>utiliser</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="241" />
      <source>value(s) {bad} not in the vocabulary</source>
      <translation>valeur(s) {bad} absente(s) du vocabulaire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/export.py" line="41" />
      <source>vintage published (default: the current year)</source>
      <translation>millésime publié (par défaut : l'année en cours)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="82" />
      <source>warning: {w}</source>
      <translation>avertissement : {w}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/base/errors.py" line="144" />
      <source>write</source>
      <translation>écrire</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="226" />
      <source>your layer</source>
      <translation>votre couche</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="224" />
      <source>your layer (its codes fit the COG after {date})</source>
      <translation>votre couche (ses codes correspondent au COG postérieur au {date})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/diagnose.py" line="28" />
      <source>your own commune layer (any OGR file)</source>
      <translation>votre propre couche de communes (tout fichier lisible par OGR)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/options.py" line="150" />
      <source>{code} is not an EPCI SIREN (9 digits), a département or a commune code.</source>
      <translation>{code} n'est ni un SIREN d'EPCI (9 chiffres), ni un code de département, ni un code de commune.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="260" />
      <source>{d} duplicated commune code(s) and {n} polygon(s) without code were left out (table unmatched_codes).</source>
      <translation>{d} code(s) de commune en double et {n} polygone(s) sans code ont été écartés (table unmatched_codes).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/standard.py" line="142" />
      <source>{id}: {message}</source>
      <translation>{id} : {message}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="275" />
      <source>{key} is {bound}</source>
      <translation>{key} autorisé : {bound}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="242" />
      <source>{k} stops were asked for but there are only {m} candidate stops.</source>
      <translation>{k} arrêts sont demandés mais il n'y a que {m} arrêts candidats.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/quality.py" line="108" />
      <source>{m:.0f} m from {id} ({name})</source>
      <translation>à {m:.0f} m de {id} ({name})</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="122" />
      <source>{m} is missing</source>
      <translation>{m} manque</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/base.py" line="116" />
      <source>{m} read on {d}</source>
      <translation>{m}, lu le {d}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="96" />
      <source>{name} must be a positive distance in km (got {v}).</source>
      <translation>{name} doit être une distance positive en km (reçu : {v}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="186" />
      <source>{n} commune polygon(s) had Z or M values: they were dropped (2D polygons written).</source>
      <translation>{n} polygone(s) de commune avaient des valeurs Z ou M : elles ont été retirées (polygones 2D écrits).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="175" />
      <source>{n} commune(s) have no usable polygon (NULL or empty geometry): {list}; their place counts and distances are left empty.</source>
      <translation>{n} commune(s) sans polygone utilisable (géométrie NULL ou vide) : {list} ; leurs nombres de lieux et distances sont laissés vides.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="284" />
      <source>{n} commune(s) without a polygon: {codes}</source>
      <translation>{n} commune(s) sans polygone : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/search.py" line="166" />
      <source>{n} communes</source>
      <translation>{n} communes</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_communes.py" line="112" />
      <source>{n} communes.</source>
      <translation>{n} communes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/diagnostic.py" line="468" />
      <source>{n} former commune(s) share the values of their current commune (population repeated: do not add it up).</source>
      <translation>{n} ancienne(s) commune(s) reprennent les valeurs de leur commune actuelle (population répétée : ne pas l'additionner).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/geometry/checks.py" line="167" />
      <source>{n} invalid commune polygon(s) were repaired (GEOS MakeValid): {list}</source>
      <translation>{n} polygone(s) de commune invalide(s) réparé(s) (GEOS MakeValid) : {list}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_merge.py" line="285" />
      <source>{n} place(s) found in two sources were merged.</source>
      <translation>{n} lieu(x) trouvé(s) dans deux sources ont été fusionné(s).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/standard.py" line="156" />
      <source>{n} place(s) not exported to {path}: they break the national schema (e.g. {first}).</source>
      <translation>{n} lieu(x) non exporté(s) vers {path} : non conformes au schéma national (par ex. {first}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/places.py" line="85" />
      <source>{n} place(s) of the territory have no usable coordinates (table lieux_unplaced, column reason).</source>
      <translation>{n} lieu(x) du territoire sans coordonnées utilisables (table lieux_unplaced, colonne reason).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/places.py" line="131" />
      <source>{n} place(s) with unusable coordinates were not placed: {list}</source>
      <translation>{n} lieu(x) aux coordonnées inutilisables n'ont pas été placés : {list}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/export_standard.py" line="81" />
      <source>{n} place(s) written to {p}; {r} rejected.</source>
      <translation>{n} lieu(x) écrit(s) dans {p} ; {r} rejeté(s).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/quality_report.py" line="154" />
      <source>{n} problem(s) found in {p} place(s).</source>
      <translation>{n} problème(s) trouvé(s) dans {p} lieu(x).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/processing/algorithms/load_dataset.py" line="113" />
      <source>{n} rows loaded from {s}.</source>
      <translation>{n} lignes chargées depuis {s}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/territory.py" line="118" />
      <source>{n} territories known.</source>
      <translation>{n} territoires connus.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="237" />
      <source>{n} tile(s) were empty</source>
      <translation>{n} tuile(s) vide(s)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="366" />
      <source>{path} is not in the mirror {mirror}</source>
      <translation>{path} n'est pas dans le miroir {mirror}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/sources.py" line="58" />
      <source>{producer} · vintage {vintage} · {licence}</source>
      <translation>{producer} · millésime {vintage} · {licence}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/exports/run.py" line="106" />
      <source>{p} ({n} places, {r} rejected)</source>
      <translation>{p} ({n} lieux, {r} rejetés)</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/app.py" line="154" />
      <source>{p} already exists; pass --overwrite to replace it.</source>
      <translation>{p} existe déjà ; ajoutez --overwrite pour le remplacer.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="116" />
      <source>{p} has no layer communes: is it a MedRCVL diagnostic?</source>
      <translation>{p} n'a pas de couche communes : est-ce un diagnostic MedRCVL ?</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/pages/outputs.py" line="280" />
      <source>{p} is a folder: give a file name.</source>
      <translation>{p} est un dossier : indiquez un nom de fichier.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/cli/tour.py" line="63" />
      <source>{p}: line 1: no longitude/latitude columns (expected e.g. lon, lat).</source>
      <translation>{p} : ligne 1 : pas de colonnes longitude/latitude (attendu par exemple lon, lat).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="153" />
      <source>{p}: the layer communes is empty.</source>
      <translation>{p} : la couche communes est vide.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="131" />
      <source>{p}: the layer communes is in {crs}, expected EPSG:2154.</source>
      <translation>{p} : la couche communes est en {crs}, EPSG:2154 attendu.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/tour/plan.py" line="122" />
      <source>{p}: the layer communes lacks the field(s) {fields} needed by the tour (expected {expected}).</source>
      <translation>{p} : il manque à la couche communes le(s) champ(s) {fields} nécessaire(s) à la tournée (attendus : {expected}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="88" />
      <source>{source}: cannot open the XLSX workbook (damaged or truncated file).</source>
      <translation>{source} : impossible d'ouvrir le classeur XLSX (fichier endommagé ou tronqué).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="354" />
      <source>{source}: cannot read the Hub LO JSON ({error}).</source>
      <translation>{source} : impossible de lire le JSON Hub LO ({error}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="209" />
      <source>{source}: cannot read the Table Schema ({error}).</source>
      <translation>{source} : impossible de lire le Table Schema ({error}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="183" />
      <source>{source}: cannot read the file ({error}).</source>
      <translation>{source} : impossible de lire le fichier ({error}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="361" />
      <source>{source}: expected a JSON array of objects (Hub LO export).</source>
      <translation>{source} : un tableau JSON d'objets est attendu (export Hub LO).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="352" />
      <source>{source}: field insee: commune {code} is listed under two EPCI, {a} (line {first}) and {b} (line {second}); a commune belongs to a single EPCI: remove one of the rows.</source>
      <translation>{source} : champ insee : la commune {code} figure dans deux EPCI, {a} (ligne {first}) et {b} (ligne {second}) ; une commune n'appartient qu'à un seul EPCI : supprimez l'une des lignes.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/arcep.py" line="61" />
      <source>{source}: field {field}: code {code} appears twice (lines {first} and {second}).</source>
      <translation>{source} : champ {field} : le code {code} apparaît deux fois (lignes {first} et {second}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="135" />
      <source>{source}: field {field}: {n} value(s) are not INSEE commune codes (expected 5 characters such as 37072 or 2A004), e.g. {examples}</source>
      <translation>{source} : champ {field} : {n} valeur(s) ne sont pas des codes INSEE de commune (5 caractères attendus, comme 37072 ou 2A004), par ex. {examples}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="342" />
      <source>{source}: invalid JSON ({error}).</source>
      <translation>{source} : JSON invalide ({error}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="210" />
      <source>{source}: line 1 (header): missing column(s) {missing}; expected {expected} (found: {found}).</source>
      <translation>{source} : ligne 1 (en-tête) : colonne(s) manquante(s) {missing} ; attendu {expected} (trouvé : {found}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="200" />
      <source>{source}: line 1: the header is not split by , ; tab or | (wrong separator?); expected columns {expected}, found {found!r}.</source>
      <translation>{source} : ligne 1 : l'en-tête n'est pas séparé par , ; tabulation ou | (mauvais séparateur ?) ; colonnes attendues {expected}, trouvé {found!r}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="90" />
      <source>{source}: line {line} has {found} field(s), expected {expected} (truncated or damaged file?).</source>
      <translation>{source} : la ligne {line} compte {found} champ(s), {expected} attendu(s) (fichier tronqué ou endommagé ?).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="353" />
      <source>{source}: line {line}, field {field}: empty commune code.</source>
      <translation>{source} : ligne {line}, champ {field} : code de commune vide.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="365" />
      <source>{source}: line {line}, field {field}: {code!r} is not a 5-character INSEE code{hint}.</source>
      <translation>{source} : ligne {line}, champ {field} : {code!r} n'est pas un code INSEE à 5 caractères{hint}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn.py" line="80" />
      <source>{source}: line {line}, field {field}: {code!r} is not a 9-digit EPCI SIREN.</source>
      <translation>{source} : ligne {line}, champ {field} : {code!r} n'est pas un SIREN d'EPCI à 9 chiffres.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="287" />
      <source>{source}: line {line}, field {field}: {code!r} is not a 9-digit SIREN.</source>
      <translation>{source} : ligne {line}, champ {field} : {code!r} n'est pas un SIREN à 9 chiffres.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn.py" line="56" />
      <source>{source}: line {line}, field {field}: {value!r} found, expected {expected!r} (commune and EPCI rows cannot be mixed).</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} trouvé, {expected!r} attendu (les lignes de communes et d'EPCI ne peuvent pas être mélangées).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/cog.py" line="40" />
      <source>{source}: line {line}, field {field}: {value!r} is not a commune type; expected one of {expected}.</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas un type de commune ; valeurs attendues : {expected}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/cog.py" line="99" />
      <source>{source}: line {line}, field {field}: {value!r} is not a date YYYY-MM-DD.</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas une date AAAA-MM-JJ.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="308" />
      <source>{source}: line {line}, field {field}: {value!r} is not a number.</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas un nombre.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/population.py" line="27" />
      <source>{source}: line {line}, field {field}: {value!r} is not a whole number.</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas un nombre entier.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/cog.py" line="89" />
      <source>{source}: line {line}, field {field}: {value!r} is not an event code (integer).</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas un code d'événement (nombre entier).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/programmes.py" line="152" />
      <source>{source}: line {line}, field {field}: {value!r} is not true/false (oui/non).</source>
      <translation>{source} : ligne {line}, champ {field} : {value!r} n'est pas vrai/faux (true/false, oui/non).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="324" />
      <source>{source}: line {line}, field {field}: {value} is outside [{low}, {high}].</source>
      <translation>{source} : ligne {line}, champ {field} : {value} est en dehors de [{low}, {high}].</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="121" />
      <source>{source}: malformed CSV at line {line}: {error}</source>
      <translation>{source} : CSV mal formé à la ligne {line} : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="314" />
      <source>{source}: missing column pmun_YYYY (municipal population).</source>
      <translation>{source} : colonne pmun_AAAA manquante (population municipale).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="187" />
      <source>{source}: no commune code property; expected one of {expected}, found {found}.</source>
      <translation>{source} : aucune propriété de code communal ; une de ces propriétés est attendue : {expected}, trouvées : {found}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="221" />
      <source>{source}: no sheet holds the columns {expected} (sheets: {sheets}).</source>
      <translation>{source} : aucune feuille ne contient les colonnes {expected} (feuilles : {sheets}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux_schema.py" line="214" />
      <source>{source}: not a Table Schema (no "fields" list).</source>
      <translation>{source} : ce n'est pas un Table Schema (pas de liste « fields »).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="178" />
      <source>{source}: not a readable GeoJSON file (starts with {head!r}).</source>
      <translation>{source} : ce n'est pas un fichier GeoJSON lisible (commence par {head!r}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="98" />
      <source>{source}: not a vector tile ({error}).</source>
      <translation>{source} : ce n'est pas une tuile vectorielle ({error}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn_tiles.py" line="103" />
      <source>{source}: not a vector tile.</source>
      <translation>{source} : ce n'est pas une tuile vectorielle.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/arcep.py" line="49" />
      <source>{source}: not an ARCEP {expected} file (columns found: {found}).</source>
      <translation>{source} : ce n'est pas un fichier ARCEP {expected} (colonnes trouvées : {found}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="67" />
      <source>{source}: not an XLSX workbook (an HTML page, an empty or a truncated download?).</source>
      <translation>{source} : ce n'est pas un classeur XLSX (page HTML, téléchargement vide ou tronqué ?).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="37" />
      <source>{source}: received an HTML/XML page instead of a data file (wrong URL, login page or server error).</source>
      <translation>{source} : une page HTML/XML a été reçue au lieu d'un fichier de données (URL erronée, page de connexion ou erreur du serveur).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="175" />
      <source>{source}: the GeoJSON holds no commune.</source>
      <translation>{source} : le GeoJSON ne contient aucune commune.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="169" />
      <source>{source}: the file does not exist.</source>
      <translation>{source} : le fichier n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="33" />
      <source>{source}: the file is empty.</source>
      <translation>{source} : le fichier est vide.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/csvtools.py" line="226" />
      <source>{source}: {found} data row(s), expected at least {expected} (truncated file?).</source>
      <translation>{source} : {found} ligne(s) de données, au moins {expected} attendue(s) (fichier tronqué ?).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="146" />
      <source>{source}: {n} code(s) of field {field} had lost their leading zero and were padded: {codes}</source>
      <translation>{source} : {n} code(s) du champ {field} avaient perdu leur zéro initial, rétabli : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/epci.py" line="270" />
      <source>{source}: {n} code(s) of {field} stored as numbers; leading zeros restored</source>
      <translation>{source} : {n} code(s) de {field} enregistrés comme nombres ; zéros initiaux rétablis</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/population.py" line="36" />
      <source>{source}: {n} empty value(s) in {field}</source>
      <translation>{source} : {n} valeur(s) vide(s) dans {field}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/lieux.py" line="230" />
      <source>{source}: {n} problem(s) against the national schema, e.g. {first}</source>
      <translation>{source} : {n} problème(s) de conformité au schéma national, par ex. {first}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/ifn.py" line="127" />
      <source>{source}: {n} row(s) with scores of 0 (no data) read as missing: {codes}</source>
      <translation>{source} : {n} ligne(s) aux scores à 0 (pas de donnée) lues comme manquantes : {codes}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/indicators/programmes.py" line="211" />
      <source>{source}: {r} commune code(s) repaired (lost leading zero, e.g. 1053 → 01053), {i} inactive structure(s) left out, {w} structure(s) with an empty or wrong commune code (those of the territory's départements in table unmatched_codes).</source>
      <translation>{source} : {r} code(s) commune réparé(s) (zéro initial perdu, par exemple 1053 → 01053), {i} structure(s) inactive(s) écartée(s), {w} structure(s) avec un code commune vide ou erroné (celles des départements du territoire dans la table unmatched_codes).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/output/verify.py" line="46" />
      <source>{s} bytes instead of {e}</source>
      <translation>{s} octets au lieu de {e}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/followups.py" line="69" />
      <source>{task}: cancelled.</source>
      <translation>{task} : tâche annulée.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/gui/results.py" line="95" />
      <source>{territory}: {communes} communes, {lieux} places, {unmatched} unmatched codes.</source>
      <translation>{territory} : {communes} communes, {lieux} lieux, {unmatched} codes non appariés.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="383" />
      <source>{title} has no place in a mirror.</source>
      <translation>{title} n’a pas d’emplacement dans un miroir.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="402" />
      <source>{title} is not available: {detail} {where}</source>
      <translation>{title} n'est pas disponible : {detail} {where}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/prefetch.py" line="115" />
      <source>{title} unavailable, fields {fields} left empty: {error}</source>
      <translation>{title} indisponible, champs {fields} laissés vides : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="390" />
      <source>{title}: the address {url} needs the parameters {names}.</source>
      <translation>{title} : l'adresse {url} nécessite les paramètres {names}.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="351" />
      <source>{title}: the file {p} does not exist.</source>
      <translation>{title} : le fichier {p} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="167" />
      <source>{title}: {error}</source>
      <translation>{title} : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="377" />
      <source>{title}: {missing} ({how}).</source>
      <translation>{title} : {missing} ({how}).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/territory/coverage.py" line="39" />
      <source>{title}: {n} of the {total} communes of the territory are not in the file ({codes}): fields {fields} left empty for them (table unmatched_codes, reason not_covered).</source>
      <translation>{title} : {n} des {total} communes du territoire sont absentes du fichier ({codes}) : champs {fields} laissés vides pour elles (table unmatched_codes, motif not_covered).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="346" />
      <source>{title}: {p} is a folder; give the path of the file.</source>
      <translation>{title} : {p} est un dossier ; indiquez le chemin du fichier.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="114" />
      <source>{url} is a web page, not the {fmt} file of {title}. {how}</source>
      <translation>{url} est une page web, et non le fichier {fmt} de {title}. {how}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="390" />
      <source>{value!r} is not a département code.</source>
      <translation>{value!r} n'est pas un code de département.</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/readers/communes.py" line="386" />
      <source>{value!r} is not an EPCI SIREN (9 digits).</source>
      <translation>{value!r} n'est pas un SIREN d'EPCI (9 chiffres).</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="304" />
      <source>{zip}: cannot extract {member}: {error}</source>
      <translation>{zip} : impossible d’extraire {member} : {error}</translation>
    </message>
    <message>
      <location filename="../medrcvl_plugin/core/sources/fetch.py" line="280" />
      <source>{zip}: the zip holds no {member} (members: {names}).</source>
      <translation>{zip} : le zip ne contient pas {member} (contenu : {names}).</translation>
    </message>
  </context>
</TS>
