"""Storybook mode keeps the adults' windows away: nothing left open reaches the carer's records."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from carer_app.services import children, storybook


def test_a_crisis_card_left_open_cannot_lead_a_child_to_the_records(  # type: ignore[no-untyped-def]
    unlocked_demo, qtbot, wait_idle
) -> None:
    from carer_app.ui.crisis_card import ContactRow
    from carer_app.ui.storybook_window import open_storybook

    shell = unlocked_demo
    main = shell.main_window
    session = shell.session
    maisie = next(c for c in children.list_children(session.vault) if c.preferred_name == "Maisie")
    storybook.set_storybook_pin(session.vault, session.user_id, "2580")
    card = shell.launcher.open(main)  # the carer had the crisis card open
    window = open_storybook(session, maisie.id, main)
    qtbot.waitUntil(lambda: window.reader.current is not None, timeout=10_000)
    assert not card.isVisible() and not main.isVisible()
    # Even if the card's button were pressed, the hidden carer's window opens nothing.
    row = card.findChildren(ContactRow)[0]
    row.copy_button.click()
    row.log_button.click()
    wait_idle()
    visible = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [type(window).__name__]
    window.end_session()
