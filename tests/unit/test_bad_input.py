"""Bad input to the tabular readers: each case raises DataFormatError naming the file, line and field."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from medrcvl_plugin.core.base.errors import DataFormatError
from medrcvl_plugin.core.readers import arcep, cog, ifn, population

IFN_HEADER = (
    "name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,"
    "nscol15p_rate,total"
)
POP_HEADER = "REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT"
CHOUZE_POP = "24;Centre-Val de Loire;37;1;08;074;37074;Chouzé-sur-Loire;2132;22;2154"
CHINON_POP = "24;Centre-Val de Loire;37;1;05;072;37072;Chinon;8144;288;8432"
COG_HEADER = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT"
COG_CHOUZE = "COM,37074,24,37,37D,371,0,CHOUZE SUR LOIRE,Chouzé-sur-Loire,Chouzé-sur-Loire,3708,"
MOV_HEADER = (
    "MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,"
    "TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP"
)
MOV_ROW = "34,2026-01-01,COMA,01324,0,RIGNAT,Rignat,Rignat,COM,01245,0,BOHAS,Bohas,Bohas"

READERS = {
    "ifn": ifn.read_ifn,
    "cog_communes": cog.read_cog_communes,
    "cog_movements": cog.read_cog_movements,
    "population": population.read_population,
    "arcep": arcep.read_arcep,
}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    """Write ``text`` to ``tmp_path/name`` in ``encoding`` and return the path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def ifn_file(tmp_path, *rows: str, name: str = "ifn.csv"):
    """An IFN commune file with the real header and ``rows``."""
    return write(tmp_path, name, "\n".join([IFN_HEADER, *rows]) + "\n")


def located(exc: DataFormatError, path, line: int | None, field: str | None) -> None:
    """Assert the error names the file, and the line and field when given (attributes and message)."""
    message = str(exc)
    assert str(path) in message and exc.source == str(path)
    if line is not None:
        assert exc.line == line and re.search(rf"\blines? (\d+ and )?{line}\b", message), message
    if field is not None:
        assert exc.field == field and field in message


# --- not a CSV at all --------------------------------------------------------------------------


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>",
        "\ufeff\n  <html lang='fr'><head><title>Connexion</title></head></html>",
    ],
)
def test_html_page_instead_of_csv(tmp_path, reader, page):
    path = write(tmp_path, "download.csv", page)
    with pytest.raises(DataFormatError, match="HTML") as info:
        READERS[reader](path)
    located(info.value, path, None, None)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_empty_file(tmp_path, reader, content):
    path = write(tmp_path, "empty.csv", content)
    with pytest.raises(DataFormatError, match="empty") as info:
        READERS[reader](path)
    located(info.value, path, None, None)


def test_header_only_file_has_no_data_rows(tmp_path):
    path = ifn_file(tmp_path)
    with pytest.raises(DataFormatError, match="0 data row") as info:
        ifn.read_ifn(path)
    located(info.value, path, None, None)


def test_truncated_last_row_names_the_line(tmp_path):
    path = ifn_file(
        tmp_path, "Chinon,city,37072,6.0,6.0,7.0,9.0,6.0,6.8", "Chouzé-sur-Loire,city,37074,9.0,5"
    )
    with pytest.raises(DataFormatError, match="truncated") as info:
        ifn.read_ifn(path)
    located(info.value, path, 3, None)
    assert "5 field(s), expected 9" in str(info.value)


def test_truncated_inside_quotes(tmp_path):
    path = ifn_file(tmp_path, "Chinon,city,37072,6.0,6.0,7.0,9.0,6.0,6.8", '"CC Chinon, Vienne')
    with pytest.raises(DataFormatError) as info:
        ifn.read_ifn(path)
    located(info.value, path, None, None)


def test_missing_file_is_a_data_format_error(tmp_path):
    path = tmp_path / "absent.csv"
    with pytest.raises(DataFormatError, match="cannot read") as info:
        population.read_population(path)
    located(info.value, path, None, None)


# --- separators and encodings ------------------------------------------------------------------


def test_unknown_separator_is_reported(tmp_path):
    path = write(tmp_path, "pop.csv", (POP_HEADER + "\n" + CHINON_POP + "\n").replace(";", ":"))
    with pytest.raises(DataFormatError, match="wrong separator") as info:
        population.read_population(path)
    located(info.value, path, 1, "COM")


@pytest.mark.parametrize("sep", [",", "\t", "|"])
def test_other_usual_separators_are_sniffed(tmp_path, sep):
    path = write(tmp_path, "pop.csv", (POP_HEADER + "\n" + CHINON_POP + "\n").replace(";", sep))
    frame = population.read_population(path)
    assert frame.loc[0, "code_insee"] == "37072" and frame.loc[0, "pmun"] == 8144


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_encodings_keep_accented_names(tmp_path, encoding):
    pop = write(tmp_path, "pop.csv", "\r\n".join([POP_HEADER, CHOUZE_POP]) + "\r\n", encoding)
    assert population.read_population(pop).loc[0, "nom"] == "Chouzé-sur-Loire"
    com = write(tmp_path, "cog.csv", "\n".join([COG_HEADER, COG_CHOUZE]) + "\n", encoding)
    frame = cog.read_cog_communes(com)
    assert frame.loc[0, "libelle"] == "Chouzé-sur-Loire" and frame.loc[0, "typecom"] == "COM"
    score = write(
        tmp_path, "ifn.csv", IFN_HEADER + "\nChouzé-sur-Loire,city,37074,9.0,5.0,8.0,7.0,9.0,7.6\n", encoding
    )
    frame = ifn.read_ifn(score)
    assert frame.loc[0, "name"] == "Chouzé-sur-Loire" and frame.loc[0, "code"] == "37074"


# --- columns, keys and values ------------------------------------------------------------------


def test_missing_column_is_named_with_the_columns_found(tmp_path):
    path = write(tmp_path, "ifn.csv", IFN_HEADER.replace(",total", "") + "\nChinon,city,37072,6,6,7,9,6\n")
    with pytest.raises(DataFormatError, match="missing column") as info:
        ifn.read_ifn(path)
    located(info.value, path, 1, "total")
    assert "nscol15p_rate" in str(info.value), "the message lists the columns found"


def test_duplicated_code_names_both_lines(tmp_path):
    path = ifn_file(
        tmp_path,
        "Chinon,city,37072,6,6,7,9,6,6.8",
        "Avoine,city,37011,6,6,7,9,6,6.8",
        "Chinon bis,city,37072,6,6,7,9,6,6.8",
    )
    with pytest.raises(DataFormatError, match="appears twice") as info:
        ifn.read_ifn(path)
    located(info.value, path, 4, "code")
    assert "lines 2 and 4" in str(info.value)


def test_duplicated_population_code(tmp_path):
    path = write(tmp_path, "pop.csv", "\n".join([POP_HEADER, CHINON_POP, CHINON_POP]) + "\n")
    with pytest.raises(DataFormatError, match="37072") as info:
        population.read_population(path)
    located(info.value, path, 3, "COM")


@pytest.mark.parametrize(
    ("reader", "text", "line", "field"),
    [
        (
            "ifn",
            IFN_HEADER + "\nChinon,city,37072,6,6,7,9,6,6.8\nL'Abergement,city,1001,10,7,2,5,6,6\n",
            3,
            "code",
        ),
        ("population", POP_HEADER + "\n84;ARA;01;2;08;001;1001;L'Abergement;860;16;876\n", 2, "COM"),
        (
            "arcep",
            "code_insee;nbr;type;elig_ftth;elig_cu;date\n1001;860;all;800;860;2026-03-31\n",
            2,
            "code_insee",
        ),
        ("cog_communes", COG_HEADER + "\nCOM,1001,84,01,01D,012,5,A,A,A,0108,\n", 2, "COM"),
    ],
)
def test_code_that_lost_its_leading_zero(tmp_path, reader, text, line, field):
    path = write(tmp_path, "codes.csv", text)
    with pytest.raises(DataFormatError, match="leading zero") as info:
        READERS[reader](path)
    located(info.value, path, line, field)
    assert "01001" in str(info.value)


@pytest.mark.parametrize(("value", "column"), [("45.3", "poverty_rate"), ("-1", "total"), ("10.5", "total")])
def test_out_of_range_score(tmp_path, value, column):
    row = dict(zip(IFN_HEADER.split(","), "Chinon,city,37072,6,6,7,9,6,6.8".split(",")))
    row[column] = value
    path = ifn_file(tmp_path, "Avoine,city,37011,6,6,7,9,6,6.8", ",".join(row.values()))
    with pytest.raises(DataFormatError, match="outside") as info:
        ifn.read_ifn(path)
    located(info.value, path, 3, column)
    assert value in str(info.value)


def test_score_that_is_not_a_number(tmp_path):
    path = ifn_file(tmp_path, "Chinon,city,37072,6,n/a,7,9,6,6.8")
    with pytest.raises(DataFormatError, match="not a number") as info:
        ifn.read_ifn(path)
    located(info.value, path, 2, "no_4g_coverage_rate")


def test_epci_file_with_a_bad_siren(tmp_path):
    path = write(
        tmp_path,
        "epci.csv",
        IFN_HEADER + "\nCC A,epci,200043081,6,6,5,7,6,6\nCC B,epci,20004308,6,6,5,7,6,6\n",
    )
    with pytest.raises(DataFormatError, match="SIREN") as info:
        ifn.read_ifn(path, division="epci")
    located(info.value, path, 3, "code")


def test_commune_and_epci_rows_mixed(tmp_path):
    path = ifn_file(
        tmp_path,
        "Chinon,city,37072,6,6,7,9,6,6.8",
        "CC A,epci,200043081,6,6,5,7,6,6",
        "Avoine,city,37011,6,6,7,9,6,6.8",
    )
    with pytest.raises(DataFormatError, match="mixed") as info:
        ifn.read_ifn(path)
    located(info.value, path, 3, "division")


def test_population_not_a_whole_number(tmp_path):
    path = write(
        tmp_path, "pop.csv", "\n".join([POP_HEADER, CHINON_POP.replace(";8144;", ";8144.5;")]) + "\n"
    )
    with pytest.raises(DataFormatError, match="whole number") as info:
        population.read_population(path)
    located(info.value, path, 2, "PMUN")


def test_population_negative(tmp_path):
    path = write(tmp_path, "pop.csv", "\n".join([POP_HEADER, CHINON_POP.replace(";8432", ";-3")]) + "\n")
    with pytest.raises(DataFormatError, match="outside") as info:
        population.read_population(path)
    located(info.value, path, 2, "PTOT")


@pytest.mark.parametrize(
    ("row", "field", "match"),
    [
        (COG_CHOUZE.replace("COM,", "XYZ,", 1), "TYPECOM", "commune type"),
        (COG_CHOUZE.replace(",37074,", ",,"), "COM", "empty commune code"),
    ],
)
def test_cog_communes_bad_values(tmp_path, row, field, match):
    path = write(
        tmp_path, "cog.csv", "\n".join([COG_HEADER, COG_CHOUZE.replace("37074", "37072"), row]) + "\n"
    )
    with pytest.raises(DataFormatError, match=match) as info:
        cog.read_cog_communes(path)
    located(info.value, path, 3, field)


@pytest.mark.parametrize(
    ("row", "field", "match"),
    [
        (MOV_ROW.replace("34,", "3x,", 1), "MOD", "event code"),
        (MOV_ROW.replace("2026-01-01", "01/01/2026"), "DATE_EFF", "YYYY-MM-DD"),
        (MOV_ROW.replace(",COMA,", ",XX,"), "TYPECOM_AV", "commune type"),
    ],
)
def test_cog_movements_bad_values(tmp_path, row, field, match):
    path = write(tmp_path, "mvt.csv", "\n".join([MOV_HEADER, MOV_ROW, row]) + "\n")
    with pytest.raises(DataFormatError, match=match) as info:
        cog.read_cog_movements(path)
    located(info.value, path, 3, field)


def test_arcep_negative_count(tmp_path):
    path = write(
        tmp_path, "techno.csv", "code_insee;nbr;type;elig_ftth;elig_cu;date\n75056;-5;all;1;1;2026-03-31\n"
    )
    with pytest.raises(DataFormatError, match="outside") as info:
        arcep.read_arcep(path)
    located(info.value, path, 2, "nbr")


def test_arcep_duplicated_commune(tmp_path):
    path = write(
        tmp_path,
        "techno.csv",
        "code_insee;nbr;type;elig_ftth;elig_cu;date\n"
        "75056;5;all;1;1;2026-03-31\n75056;6;all;1;1;2026-03-31\n",
    )
    with pytest.raises(DataFormatError, match="appears twice") as info:
        arcep.read_arcep(path)
    located(info.value, path, 3, "code_insee")


# --- the fast paths (column selection, one-pass checks) word errors like the full read --------------


def test_selected_columns_still_refuse_a_row_with_too_many_fields(tmp_path):
    path = write(
        tmp_path,
        "cog.csv",
        "\n".join([COG_HEADER, COG_CHOUZE, COG_CHOUZE.replace("37074", "37072") + ",extra"]) + "\n",
    )
    with pytest.raises(DataFormatError, match="malformed CSV at line 3") as info:
        cog.read_cog_communes(path)
    assert info.value.line == 3 and str(path) in str(info.value)


@pytest.mark.parametrize("quoted", [False, True])
def test_selected_columns_still_refuse_a_short_row(tmp_path, quoted):
    short = '"COM",37072,24' if quoted else "COM,37072,24"
    path = write(tmp_path, "cog.csv", "\n".join([COG_HEADER, COG_CHOUZE, short]) + "\n")
    with pytest.raises(DataFormatError, match="line 3 has 3 field") as info:
        cog.read_cog_communes(path)
    located(info.value, path, 3, None)


def test_selected_columns_keep_the_full_header_in_missing_column_messages(tmp_path):
    path = write(tmp_path, "pop.csv", POP_HEADER.replace(";PTOT", ";POPTOT") + "\n" + CHINON_POP + "\n")
    with pytest.raises(DataFormatError, match="missing column") as info:
        population.read_population(path)
    assert "POPTOT" in str(info.value) and "Commune" in str(info.value) and info.value.field == "PTOT"


def test_spaces_around_codes_and_header_names_read_as_before(tmp_path):
    header = ";".join(f" {name} " for name in POP_HEADER.split(";"))
    path = write(
        tmp_path,
        "pop.csv",
        "\n".join([header, CHINON_POP.replace(";37072;", "; 37072 ;")]) + "\n",
        encoding="cp1252",
    )
    frame = population.read_population(path)
    assert frame["code_insee"].tolist() == ["37072"] and frame["nom"].tolist() == ["Chinon"]
    assert frame["pmun"].tolist() == [8144] and frame["pmun"].dtype == "int64"


def test_one_pass_checks_match_the_row_by_row_rules():
    from medrcvl_plugin.core.readers.csvtools import all_match, stripped

    codes = pd.Series(["37072", "2A004", "01001"], dtype=object)
    assert all_match(codes, "[0-9]{5}|2[AB][0-9]{3}")
    assert not all_match(pd.Series(["37072", None], dtype=object), "[0-9]{5}")
    assert not all_match(pd.Series(["37072\x0037073"], dtype=object), "[0-9]{5}"), "NUL cannot fake a row"
    assert not all_match(pd.Series(["3707"], dtype=object), "[0-9]{5}")
    assert stripped(pd.Series([" a", "b "], dtype=object)).tolist() == ["a", "b"]
    assert stripped(pd.Series(["a b"], dtype=object)).tolist() == ["a b"]


def test_whole_numbers_and_decimals_convert_as_before(tmp_path):
    from medrcvl_plugin.core.readers.csvtools import to_number

    frame = pd.DataFrame({"n": ["007", "123456789012345", "2"], "d": ["6,5", "1 234", None]}, dtype=object)
    assert to_number(frame, "n", source="s").tolist() == [7.0, 123456789012345.0, 2.0]
    assert to_number(frame, "d", source="s").tolist()[:2] == [6.5, 1234.0]
    with pytest.raises(DataFormatError, match=r"line 4, field n: 2 is outside \[3, \+∞\]"):
        to_number(frame, "n", source="s", minimum=3)
