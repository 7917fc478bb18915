"""The story timeline: the model, adding and changing entries, audience badges, order, keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import Audience
from carer_app.domain.life_story_views import EntryDraft
from carer_app.services import children, life_story
from carer_app.ui.app_session import AppSession
from carer_app.ui.story_entry_editor import StoryEntryEditor
from carer_app.ui.story_timeline import StoryTimeline
from carer_app.ui.story_timeline_model import AUDIENCE, LETTER, TITLE, WHEN, StoryTimelineModel


@pytest.fixture()
def session(vault: Any, vault_dir: Path, wait_idle: Callable[[], None]) -> Iterator[AppSession]:
    app_session = AppSession(vault_dir)
    app_session.open(vault)
    yield app_session
    wait_idle()
    app_session.lock()


@pytest.fixture()
def child_id(vault: Any) -> str:
    return str(children.list_children(vault)[0].id)


@pytest.fixture()
def timeline(qtbot: QtBot, session: AppSession, child_id: str,
             wait_idle: Callable[[], None]) -> StoryTimeline:
    widget = StoryTimeline(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_child(child_id)
    wait_idle()
    return widget


def story_of(vault: Any, child_id: str) -> dict[str, str]:
    """Adds two chapters and entries of each audience; returns title -> id."""
    first = life_story.add_chapter(vault, child_id, "Before")
    second = life_story.add_chapter(vault, child_id, "Now")
    ids = {}
    for title, chapter, audience in (
        ("Born", first.id, Audience.CHILD_NOW), ("Why", first.id, Audience.TOGETHER),
        ("School", second.id, Audience.CHILD_NOW), ("Loose", None, Audience.CHILD_NOW),
    ):
        entry = life_story.add_entry(vault, child_id, EntryDraft(
            title, chapter_id=chapter, audience=audience, date_text="spring 2019"))
        ids[title] = entry.id
    letter = life_story.add_entry(vault, child_id, EntryDraft(
        "A letter", chapter_id=second.id, audience=Audience.NOT_YET, release_on=date(2040, 5, 1),
        is_later_life_letter=True))
    ids["A letter"] = letter.id
    return ids


def cell(model: StoryTimelineModel, kind: str, item_id: str, column: int) -> str:
    index = model.index_of(kind, item_id)
    return str(index.siblingAtColumn(column).data() or "")


def test_the_model_passes_the_model_tester(qtmodeltester: Any, vault: Any, child_id: str) -> None:
    model = StoryTimelineModel()
    qtmodeltester.check(model)
    ids = story_of(vault, child_id)
    model.set_story(life_story.story(vault, child_id))
    qtmodeltester.check(model)
    assert [model.index(r, TITLE).data() for r in range(model.rowCount())] == [
        "Before", "Now", "Not in a chapter"]
    assert cell(model, "entry", ids["Why"], AUDIENCE) == "Together with an adult"
    assert cell(model, "entry", ids["Born"], AUDIENCE) == "For the child now"
    assert cell(model, "entry", ids["A letter"], AUDIENCE) == "Not yet — until 1 May 2040"
    assert cell(model, "entry", ids["A letter"], LETTER) == "Later-life letter"
    assert cell(model, "entry", ids["Born"], LETTER) == ""
    assert cell(model, "entry", ids["Born"], WHEN) == "spring 2019"
    model.clear()
    qtmodeltester.check(model)


def test_add_an_entry_not_yet_until_an_age_and_see_the_badge(
    qtbot: QtBot, timeline: StoryTimeline, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    editor = timeline.add_entry()
    assert isinstance(editor, StoryEntryEditor)
    qtbot.waitExposed(editor)
    wait_idle()
    assert unnamed_focusable(editor) == []
    assert not editor.save_button.isEnabled()  # a title first
    qtbot.keyClicks(editor.title, "A letter from Sam")
    qtbot.keyClicks(editor.when, "spring 2019")
    assert editor.when_feedback.text() == "Sorted as spring 2019"
    editor.body.setPlainText("Dear you,")
    editor.audience.not_yet.setChecked(True)
    editor.audience.use_age.setChecked(True)
    editor.audience.age.setValue(16)
    assert "Not yet — until age 16" in editor.audience.summary.text()
    editor.letter.setChecked(True)
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle()
    saved = blocker.args[0]
    assert saved.release_at_age == 16 and saved.audience is Audience.NOT_YET
    assert cell(timeline.model, "entry", saved.id, AUDIENCE) == "Not yet — until age 16"
    assert cell(timeline.model, "entry", saved.id, LETTER) == "Later-life letter"
    assert timeline.selected_key() == ("entry", saved.id)

    # Change it: until a date as well; the badge follows.
    changed = timeline.edit_selected()
    assert isinstance(changed, StoryEntryEditor)
    wait_idle()
    assert changed.audience.not_yet.isChecked() and changed.audience.age.value() == 16
    changed.audience.use_date.setChecked(True)
    changed.audience.on.setDate(QDate(2041, 3, 2))
    with qtbot.waitSignal(changed.saved):
        changed.save()
    wait_idle()
    assert cell(timeline.model, "entry", saved.id, AUDIENCE) == "Not yet — until age 16 and 2 March 2041"


def test_date_feedback_and_prompts(qtbot: QtBot, timeline: StoryTimeline,
                                   wait_idle: Callable[[], None]) -> None:
    editor = timeline.add_entry()
    assert editor is not None
    wait_idle()
    for words, expected in (("3 May 2021", "Sorted as 3 May 2021"), ("2019", "Sorted as 2019"),
                            ("", "No date: listed after the dated entries.")):
        editor.when.setText(words)
        assert editor.when_feedback.text() == expected
    editor.when.setText("when you were about 3")  # no date of birth recorded
    assert "date of birth" in editor.when_feedback.text()
    editor.prompts.select_key("now_favourites")
    assert editor.prompts.use_button.isEnabled()
    qtbot.mouseClick(editor.prompts.use_button, Qt.MouseButton.LeftButton)
    assert editor.body.toPlainText().startswith("Make a page of favourite things right now")
    editor.prompts.list.setCurrentRow(0)  # a theme heading is not a prompt
    assert editor.prompts.current_text() is None
    editor.reject()


def test_move_up_and_down_with_keys_and_delete(
    qtbot: QtBot, vault: Any, child_id: str, timeline: StoryTimeline,
    wait_idle: Callable[[], None],
) -> None:
    ids = story_of(vault, child_id)
    timeline.refresh()
    wait_idle()
    timeline.select("entry", ids["Born"])
    timeline.tree.setFocus()
    qtbot.keyClick(timeline.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    wait_idle()
    first = [e.title for e in timeline.model.entries_of(timeline.selected_chapter().id)]  # type: ignore[union-attr]
    assert first == ["Why", "Born"]
    assert timeline.selected_key() == ("entry", ids["Born"])
    # Chapters move too; the loose entries stay last.
    timeline.select("chapter", timeline.model.chapters()[1].id)
    timeline.up_button.click()
    wait_idle()
    wait_idle()
    assert [c.title for c in timeline.model.chapters()] == ["Now", "Before"]
    # Delete with the Delete key, confirmed.
    timeline.select("entry", ids["Loose"])
    qtbot.keyClick(timeline.tree, Qt.Key.Key_Delete)
    box = timeline.confirm_box
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_idle()
    wait_idle()
    assert not timeline.model.index_of("entry", ids["Loose"]).isValid()
    assert timeline.model.rowCount() == 2  # "Not in a chapter" went with its last entry


def test_chapters_add_rename_delete(qtbot: QtBot, timeline: StoryTimeline,
                                    wait_idle: Callable[[], None]) -> None:
    dialog = timeline.add_chapter()
    assert dialog is not None
    dialog.setTextValue("Living with Robin")
    dialog.accept()
    wait_idle()
    wait_idle()
    assert [c.title for c in timeline.model.chapters()] == ["Living with Robin"]
    chapter = timeline.model.chapters()[0]
    assert timeline.selected_key() == ("chapter", chapter.id)
    rename = timeline.edit_selected()
    assert rename is not None
    rename.setTextValue("Our home")  # type: ignore[attr-defined]
    rename.accept()  # type: ignore[attr-defined]
    wait_idle()
    wait_idle()
    assert timeline.model.chapters()[0].title == "Our home"
    box = timeline.delete_selected()
    assert box is not None and "Its entries are kept" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_idle()
    wait_idle()
    assert timeline.model.chapters() == []


def test_keyboard_and_accessible_names(
    qtbot: QtBot, vault: Any, child_id: str, timeline: StoryTimeline,
    wait_idle: Callable[[], None], unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    ids = story_of(vault, child_id)
    timeline.refresh()
    wait_idle()
    assert unnamed_focusable(timeline) == []
    timeline.select("entry", ids["Why"])
    index = timeline.model.index_of("entry", ids["Why"])
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Why" in spoken and "Together with an adult" in spoken
    timeline.tree.setFocus()
    qtbot.keyClick(timeline.tree, Qt.Key.Key_Return)  # Enter opens the entry
    editor = timeline.editor
    assert isinstance(editor, StoryEntryEditor) and editor.title.text() == "Why"
    wait_idle()
    editor.reject()
    timeline.clear()
    assert timeline.model.rowCount(QModelIndex()) == 0 and timeline.editor is None


def test_words_for_every_value_and_every_prompt() -> None:
    """Each enum value has words, and the prompts marked for translators are the domain's."""
    from carer_app.domain.enums import ContactArrangement, PlaceKind, Relationship
    from carer_app.domain.story_prompts import PROMPTS
    from carer_app.ui import life_story_words as words

    assert set(words.RELATIONSHIPS) == set(Relationship)
    assert set(words.CONTACTS) == set(ContactArrangement) == set(words.CONTACT_HINTS)
    assert set(words.PLACE_KINDS) == set(PlaceKind)
    assert set(words.AUDIENCES) == set(Audience)
    assert {p.key: p.text for p in PROMPTS} == words.PROMPT_SOURCES
    assert words.not_yet_words(None, None) == "Not yet — until an adult decides"


def test_an_empty_story_says_where_to_start(timeline: StoryTimeline) -> None:
    assert timeline.model.rowCount() == 0
    assert not timeline.empty_hint.isHidden() and "start is today" in timeline.empty_hint.text()
    timeline.clear()
    assert timeline.empty_hint.isHidden()
