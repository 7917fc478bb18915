"""Who can read an entry: for the child now, together with an adult, or not yet (until an age or date)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from carer_app.domain.audience import MAX_RELEASE_AGE, add_years, release_date
from carer_app.domain.enums import Audience
from carer_app.ui.life_story_words import long_date, not_yet_words


class AudiencePicker(QGroupBox):
    """Three choices; "not yet" opens an age and/or a date. `release()` gives what to save."""

    def __init__(self, date_of_birth: date | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Who can read it"), parent)
        self.setAccessibleName(self.tr("Who can read it"))
        self.date_of_birth = date_of_birth
        self.child_now = QRadioButton(self.tr("For the child &now"))
        self.child_now.setAccessibleName(self.tr("For the child now"))
        self.child_now.setToolTip(self.tr("The child can read it alone in their storybook."))
        self.together = QRadioButton(self.tr("To&gether with an adult"))
        self.together.setAccessibleName(self.tr("Together with an adult"))
        self.together.setToolTip(self.tr("Shown only while an adult sits with the child."))
        self.not_yet = QRadioButton(self.tr("Not &yet"))
        self.not_yet.setAccessibleName(self.tr("Not yet"))
        self.not_yet.setToolTip(self.tr("Held back until an age or a date, like a later-life letter."))
        self.group = QButtonGroup(self)
        for button in (self.child_now, self.together, self.not_yet):
            self.group.addButton(button)
        self.together.setChecked(True)  # the careful default, as in the services

        self.use_age = QCheckBox(self.tr("Until &age"))
        self.use_age.setAccessibleName(self.tr("Hold until an age"))
        self.age = QSpinBox()
        self.age.setRange(0, MAX_RELEASE_AGE)
        self.age.setValue(16)
        self.age.setAccessibleName(self.tr("Age when the child can read it"))
        self.use_date = QCheckBox(self.tr("Until &date"))
        self.use_date.setAccessibleName(self.tr("Hold until a date"))
        self.on = QDateEdit(QDate.currentDate().addYears(1))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("d MMMM yyyy")
        self.on.setAccessibleName(self.tr("Date when the child can read it"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("When it will be released"))

        grid = QGridLayout(self)
        grid.addWidget(self.child_now, 0, 0, 1, 3)
        grid.addWidget(self.together, 1, 0, 1, 3)
        grid.addWidget(self.not_yet, 2, 0, 1, 3)
        grid.addWidget(self.use_age, 3, 1)
        grid.addWidget(self.age, 3, 2)
        grid.addWidget(self.use_date, 4, 1)
        grid.addWidget(self.on, 4, 2)
        grid.addWidget(self.summary, 5, 1, 1, 3)
        grid.setColumnMinimumWidth(0, 18)
        grid.setColumnStretch(3, 1)
        for signal in (self.group.buttonToggled, self.use_age.toggled, self.use_date.toggled,
                       self.age.valueChanged, self.on.dateChanged):
            signal.connect(self._update)
        self._update()

    def value(self) -> Audience:
        if self.child_now.isChecked():
            return Audience.CHILD_NOW
        return Audience.NOT_YET if self.not_yet.isChecked() else Audience.TOGETHER

    def set_value(self, audience: Audience, age: int | None, on: date | None) -> None:
        {Audience.CHILD_NOW: self.child_now, Audience.TOGETHER: self.together,
         Audience.NOT_YET: self.not_yet}[Audience(audience)].setChecked(True)
        self.use_age.setChecked(age is not None)
        if age is not None:
            self.age.setValue(age)
        self.use_date.setChecked(on is not None)
        if on is not None:
            self.on.setDate(QDate(on.year, on.month, on.day))
        self._update()

    def release(self) -> tuple[Audience, int | None, date | None]:
        audience = self.value()
        if audience is not Audience.NOT_YET:
            return audience, None, None
        age = self.age.value() if self.use_age.isChecked() else None
        on = self.on.date().toPython() if self.use_date.isChecked() else None
        return audience, age, on  # type: ignore[return-value]

    def _update(self) -> None:
        held = self.not_yet.isChecked()
        for widget in (self.use_age, self.use_date, self.summary):
            widget.setEnabled(held)
        self.age.setEnabled(held and self.use_age.isChecked())
        self.on.setEnabled(held and self.use_date.isChecked())
        self.summary.setVisible(held)
        if held:
            self.summary.setText(self._summary())

    def _summary(self) -> str:
        _audience, age, on = self.release()
        words = not_yet_words(age, on)
        if age is not None and self.date_of_birth is None:
            return self.tr("{words}. The child's date of birth is not recorded, so it stays held "
                           "until it is.").format(words=words)
        opens = release_date(on, age, self.date_of_birth)
        if opens is None:
            return self.tr("{words}. Nothing opens it by itself.").format(words=words)
        if age is not None and self.date_of_birth is not None and on is None:
            opens = add_years(self.date_of_birth, age)
        return self.tr("{words}. From {date} it can be read together with an adult.").format(
            words=words, date=long_date(opens))
