"""Progress of one programme: practices per week, confidence and ratings over time; chart or table."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.programme_views import CONFIDENCE_MAX, ProgressSeries, week_start
from carer_app.ui.programme_words import day_text

BAR_COLOUR = QColor("#3b6ea5")
CONFIDENCE_COLOUR = QColor("#3b6ea5")
RATING_COLOUR = QColor("#a34d00")
Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate("progress_chart", text)


def describe_series(series: ProgressSeries) -> str:
    """Every value the chart draws, in words, for screen readers and the tooltip."""
    if series.is_empty:
        return _t("No practice or ratings recorded yet.")
    weeks = "; ".join(_t("week of {day}: {n}").format(day=day_text(w.week_start), n=w.count)
                      for w in series.weeks)
    parts = [_t("Practices per week: {weeks}.").format(weeks=weeks)]
    if series.confidence:
        points = "; ".join(f"{day_text(p.at.date())}: {p.confidence}" for p in series.confidence)
        parts.append(_t("Confidence, 1 to 5: {points}.").format(points=points))
    if series.ratings:
        points = "; ".join(_t("session {n} on {day}: {rating}").format(
            n=r.session_number, day=day_text(r.on), rating=r.rating) for r in series.ratings)
        parts.append(_t("Session progress ratings, 1 to 5: {points}.").format(points=points))
    return " ".join(parts)


def summary_line(series: ProgressSeries) -> str:
    if series.is_empty:
        return _t("Nothing to chart yet: each practice you log in Homework adds to it.")
    recent = series.weeks[-4:]
    total = sum(w.count for w in recent)
    text = (_t("Last 4 weeks: ") if len(recent) == 4 else _t("So far: ")) + (
        _t("1 practice") if total == 1 else _t("{n} practices").format(n=total))
    if series.confidence:
        last = series.confidence[-1].confidence
        text += _t("; latest confidence {n} of {most}").format(n=last, most=CONFIDENCE_MAX)
    return text + "."


class ProgressChart(QWidget):
    """Drawn with QPainter: bars for practices per week above, lines for 1-to-5 scores below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: ProgressSeries | None = None
        self.setAccessibleName(self.tr("Progress chart"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_series(self, series: ProgressSeries | None) -> None:
        self.series = series
        text = describe_series(series) if series else ""
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        series = self.series
        if series is None or series.is_empty:
            painter.setPen(text_colour)
            painter.drawText(QRectF(self.rect()).adjusted(20, 20, -20, -20),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             summary_line(series) if series else "")
            return
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        left, right = metrics.horizontalAdvance("00") + 16, 16
        area = QRectF(left, line + 8, self.width() - left - right, self.height() - 3 * line - 24)
        top = QRectF(area.left(), area.top(), area.width(), area.height() * 0.42)
        bottom = QRectF(area.left(), top.bottom() + 2 * line + 8, area.width(),
                        area.bottom() - top.bottom() - 2 * line - 8)
        first = datetime.combine(series.weeks[0].week_start, time.min)
        last = datetime.combine(series.weeks[-1].week_start + timedelta(days=7), time.min)
        span = max((last - first).total_seconds(), 1.0)

        def x_at(moment: datetime) -> float:
            return area.left() + area.width() * (moment - first).total_seconds() / span

        painter.setPen(text_colour)
        painter.drawText(QPointF(4, line), self.tr("Practices per week"))
        self._bars(painter, series, top, x_at, text_colour)
        painter.setPen(text_colour)
        caption_y = top.bottom() + 2 * line + 2
        painter.drawText(QPointF(4, caption_y), self.tr("Scores from 1 to 5"))
        self._legend(painter, metrics, caption_y, text_colour)
        self._scores(painter, series, bottom, x_at, text_colour)
        self._week_labels(painter, series, area, x_at, metrics, text_colour)
        if self.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    def _legend(self, painter: QPainter, metrics: QFontMetrics, baseline: float,
                ink: QColor) -> None:
        """Colour and shape both say which line is which (not colour alone)."""
        items = ((CONFIDENCE_COLOUR, False, self.tr("My confidence after each practice")),
                 (RATING_COLOUR, True, self.tr("Practitioner's rating at each session")))
        x = float(self.width() - 16)
        for colour, square, label in reversed(items):
            x -= metrics.horizontalAdvance(label)
            painter.setPen(ink)
            painter.drawText(QPointF(x, baseline), label)
            x -= 16
            mark = QRectF(x, baseline - metrics.ascent() / 2 - 4, 8, 8)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            painter.drawRect(mark) if square else painter.drawEllipse(mark)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            x -= 20

    def _bars(self, painter: QPainter, series: ProgressSeries, box: QRectF,
              x_at: Any, ink: QColor) -> None:
        most = max(1, max(w.count for w in series.weeks))
        grid = QPen(ink, 1, Qt.PenStyle.DotLine)
        for value in sorted({0, most // 2, most}):
            y = box.bottom() - box.height() * value / most
            painter.setPen(grid)
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y - 8, box.left() - 6, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             str(value))
        for week in series.weeks:
            begin = x_at(datetime.combine(week.week_start, time.min))
            end = x_at(datetime.combine(week.week_start + timedelta(days=7), time.min))
            height = box.height() * week.count / most
            painter.fillRect(QRectF(begin + 2, box.bottom() - height, max(end - begin - 4, 2),
                                    height), BAR_COLOUR)

    def _scores(self, painter: QPainter, series: ProgressSeries, box: QRectF,
                x_at: Any, ink: QColor) -> None:
        def y_at(score: float) -> float:
            return box.bottom() - box.height() * (score - 1) / (CONFIDENCE_MAX - 1)

        grid = QPen(ink, 1, Qt.PenStyle.DotLine)
        for score in range(1, CONFIDENCE_MAX + 1):
            painter.setPen(grid)
            painter.drawLine(QPointF(box.left(), y_at(score)), QPointF(box.right(), y_at(score)))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y_at(score) - 8, box.left() - 6, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             str(score))
        confidence = [QPointF(x_at(p.at.replace(tzinfo=None)), y_at(p.confidence))
                      for p in series.confidence]
        ratings = [QPointF(x_at(datetime.combine(r.on, time(12))), y_at(r.rating))
                   for r in series.ratings]
        for points, colour, square in ((confidence, CONFIDENCE_COLOUR, False),
                                       (ratings, RATING_COLOUR, True)):
            if not points:
                continue
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if square else Qt.PenStyle.SolidLine))
            painter.drawPath(path)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            for point in points:
                mark = QRectF(point.x() - 4, point.y() - 4, 8, 8)
                painter.drawRect(mark) if square else painter.drawEllipse(mark)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _week_labels(self, painter: QPainter, series: ProgressSeries, area: QRectF, x_at: Any,
                     metrics: QFontMetrics, ink: QColor) -> None:
        width = metrics.horizontalAdvance(day_text(date(2000, 12, 28))) + 12
        step = max(1, int(len(series.weeks) * width / max(area.width(), 1)) + 1)
        painter.setPen(ink)
        for week in series.weeks[::step]:
            x = x_at(datetime.combine(week.week_start, time.min))
            painter.drawText(QRectF(x, area.bottom() + 4, width, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft), day_text(week.week_start))


class ProgressTableModel(QAbstractTableModel):
    """The chart's values week by week: practices, average confidence, session ratings."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, str, str]] = []

    def set_series(self, series: ProgressSeries | None) -> None:
        self.beginResetModel()
        self._rows = []
        if series is not None and not series.is_empty:
            confidence: dict[date, list[int]] = defaultdict(list)
            for point in series.confidence:
                confidence[week_start(point.at.date())].append(point.confidence)
            ratings: dict[date, list[str]] = defaultdict(list)
            for rating in series.ratings:
                ratings[week_start(rating.on)].append(str(rating.rating))
            for week in series.weeks:
                scores = confidence.get(week.week_start, [])
                average = f"{sum(scores) / len(scores):.1f}" if scores else ""
                self._rows.append((day_text(week.week_start), week.count, average,
                                   ", ".join(ratings.get(week.week_start, []))))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (_t("Week starting"), _t("Practices"), _t("Average confidence"),
                   _t("Session rating"))
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(self._rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProgressView(QWidget):
    """The chart, with a button that swaps it for the same values as a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chart = ProgressChart()
        self.model = ProgressTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Progress, week by week"))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.table)
        self.toggle = QPushButton(self.tr("Show as a &table"))
        self.toggle.setAccessibleName(self.tr("Switch between chart and table"))
        self.toggle.clicked.connect(self.flip)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def set_series(self, series: ProgressSeries | None) -> None:
        self.summary.setText(summary_line(series) if series else "")
        self.chart.set_series(series)
        self.model.set_series(series)

    @property
    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def flip(self) -> None:
        table = not self.showing_table
        self.stack.setCurrentWidget(self.table if table else self.chart)
        self.toggle.setText(self.tr("Show as a &chart") if table else self.tr("Show as a &table"))

    def clear(self) -> None:
        self.set_series(None)
