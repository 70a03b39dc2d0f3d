"""Charts on screen, behind one small module: a :class:`ChartSpec` (the same one the PDF draws
with ReportLab) becomes a Qt Charts bar chart. Moving to Qt Graphs later changes only this file.
Without Qt Charts installed the chart area says so instead of failing."""

from __future__ import annotations

from typing import Any

from counter_app.services.report_layout import ChartSpec
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtGui, QtWidgets, charts

PALETTE = ("#2e7d32", "#c62828", "#1565c0", "#f9a825", "#6a1b9a", "#00838f")


class ChartBox(QtWidgets.QWidget):
    """A bar chart that can be redrawn with a new spec."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._qc = charts()
        self.view: Any
        if self._qc is None:
            self.view = theme.label("Không hiển thị được biểu đồ (thiếu Qt Charts).", 14)
        else:
            self.view = self._qc.QChartView()
            self.view.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self._layout.addWidget(self.view)
        self.spec: ChartSpec | None = None

    def show_spec(self, spec: ChartSpec) -> None:
        """Draw ``spec`` (replacing the previous chart)."""
        self.spec = spec
        qc = self._qc
        if qc is None:
            return
        chart = qc.QChart()
        chart.setTitle(spec.title)
        chart.setTitleFont(theme.font(14, bold=True))
        chart.setAnimationOptions(qc.QChart.AnimationOption.NoAnimation)
        series = qc.QStackedBarSeries() if spec.stacked else qc.QBarSeries()
        for i, (name, values) in enumerate(spec.series):
            bars = qc.QBarSet(name)
            colour = spec.colours[i] if i < len(spec.colours) else PALETTE[i % len(PALETTE)]
            bars.setColor(QtGui.QColor(colour))
            bars.append([float(v) for v in values])
            series.append(bars)
        chart.addSeries(series)
        axis_x = qc.QBarCategoryAxis()
        axis_x.append([c[:22] for c in spec.categories] or [""])
        axis_x.setLabelsFont(theme.font(11))
        if len(spec.categories) > 10:
            axis_x.setLabelsAngle(-60)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = qc.QValueAxis()
        axis_y.setTitleText(spec.y_label)
        axis_y.setLabelFormat("%d")
        axis_y.setLabelsFont(theme.font(11))
        axis_y.setTitleFont(theme.font(12))
        axis_y.setMin(0)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_y.applyNiceNumbers()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(theme.font(12))
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()
