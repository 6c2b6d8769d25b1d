"""A results slide's chart: a native PowerPoint column chart of how the groups chose, with alt text.

Native, not a picture, so PowerPoint and LibreOffice draw it crisply and the
trainer can restyle it; the alt text (the frame's descr) says the same in
words for screen readers. The chart sits where the slide layout's body
placeholder is.
"""
from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Emu, Pt

from ..output import build_time
from .debrief import Chart

_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
LABEL_SIZE = 20  # points: letters and counts read from the back of the room


def add_chart(slide, chart: Chart, lang: str, box=None) -> None:
    """Draw chart on slide in box (the chosen layout's body, in points), else the slide below the title."""
    x, y, cx, cy = _body_box(slide, box)
    data = _ChartData()
    data.categories = chart.categories
    data.add_series(chart.series, chart.values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, x, y, cx, cy, data)
    properties = frame._element.nvGraphicFramePr.cNvPr
    properties.set("descr", chart.alt)
    properties.set("name", chart.series)
    plot = frame.chart
    plot.has_legend = False
    plot.has_title = False  # the slide title says what it shows
    plot.font.size = Pt(LABEL_SIZE)
    plot.font.name = None
    first = plot.plots[0]
    first.gap_width = 60
    first.has_data_labels = True
    labels = first.data_labels
    labels.number_format, labels.number_format_is_linked = "0", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    axis = plot.value_axis
    axis.minimum_scale, axis.major_unit = 0, 1  # counts of groups: whole numbers only
    axis.maximum_scale = max(1, *chart.values) + 1  # room above the tallest bar for its label
    axis.has_major_gridlines = False
    axis.tick_labels.font.size = Pt(LABEL_SIZE - 4)
    _language(frame, lang)
    _positive_axis_ids(frame)


def _positive_axis_ids(frame) -> None:
    """python-pptx numbers a chart's axes with negative ids; the schema wants unsigned ones (PowerPoint
    reads both), so each id becomes a small positive number, the same wherever it recurs."""
    chart = frame.chart.part._element
    ids: dict[str, str] = {}
    for element in chart.iter(f"{{{_CHART}}}axId", f"{{{_CHART}}}crossAx"):
        value = element.get("val")
        element.set("val", ids.setdefault(value, str(len(ids) + 1)))


def _body_box(slide, box) -> tuple[int, int, int, int]:
    if box is not None:
        return tuple(Pt(value) for value in (box.left, box.top, box.width, box.height))
    width, height = slide.part.package.presentation_part.presentation.slide_width, \
        slide.part.package.presentation_part.presentation.slide_height
    return Emu(width // 12), Emu(height // 4), Emu(width * 10 // 12), Emu(height * 2 // 3)


def _language(frame, lang: str) -> None:
    """Tag the chart's text with the deck's language, as every run of the slides is."""
    chart_part = frame.chart.part
    for element in chart_part._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr"):
        element.set("lang", lang)


class _Workbook(CategoryWorkbookWriter):
    """python-pptx's workbook behind a chart, stamped with the build time: else every build differs."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": build_time().replace(tzinfo=None)})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _ChartData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _Workbook(self)
