"""One value, two exports: the CSV and the XLSX say the same thing cell for cell."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from assembly.records.exports import stream_csv, write_xlsx

MOMENT = datetime(2026, 12, 2, 6, 17, 22, 13740, tzinfo=UTC)  # .0137 s: rounding would say .014


def test_a_time_reads_to_the_same_millisecond_in_csv_and_xlsx() -> None:
    text = "".join(stream_csv([[MOMENT]])).lstrip("\ufeff")
    (written,) = next(csv.reader(io.StringIO(text)))
    with write_xlsx([("Sheet", [[MOMENT]])]) as file:
        cell = load_workbook(file)["Sheet"]["A1"]
    assert written == "2026-12-02T06:17:22.013+00:00"
    assert cell.value == datetime(2026, 12, 2, 6, 17, 22, 13000)
    assert cell.number_format == "yyyy-mm-dd hh:mm:ss.000"
