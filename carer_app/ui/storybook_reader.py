"""Which storybook page is open and what the child does on it, always through the storybook service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from carer_app.domain.enums import Feeling
from carer_app.services import storybook
from carer_app.services.errors import NotFound
from carer_app.ui.storybook_page_view import PageContent
from carer_app.ui.storybook_pictures import page_content
from carer_app.ui.workers import VAULT, run_in_background

if TYPE_CHECKING:
    from carer_app.domain.life_story_views import StorybookPage
    from carer_app.services.household import Vault

Pick = Callable[["Vault", date, bool], "StorybookPage | None"]


class VaultRunner:
    """For a bare vault: the same `run(work, on_done, on_error)` the app session offers."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def run(self, work: Callable[[Vault], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> object:
        vault = self._vault
        return run_in_background(lambda: work(vault), on_done, on_error, queue=VAULT)


class StorybookReader(QObject):
    """Keeps only the page on screen: every move asks the service again, with today's date.

    Nothing is cached that could show a page the child may no longer see (a page taken back,
    together mode ended): a page that has gone leads back to where the child was reading alone.
    """

    shown = Signal(object)  # PageContent
    empty = Signal()  # no page the child may see yet
    nothing_found = Signal()  # a search matched nothing: the page stays
    failed = Signal(object)  # an error, for a kind word
    feeling_saved = Signal(object)  # the feeling's value, or None
    talk_saved = Signal()

    def __init__(self, session: Any, child_id: str, clock: Callable[[], date],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = session if hasattr(session, "run") else VaultRunner(session)
        self.child_id = child_id
        self.clock = clock
        self.together = False
        self.current: StorybookPage | None = None
        self.stopped = False
        self._request = 0

    def run(self, work: Callable[[Vault], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> object:
        return self.runner.run(work, on_done, on_error)

    # -- moving ----------------------------------------------------------------------------------

    def _load(self, pick: Pick, search: bool = False) -> None:
        self._request += 1
        request, child, clock, together = self._request, self.child_id, self.clock, self.together

        def work(vault: Vault) -> PageContent | None:
            today = clock()
            found = pick(vault, today, together)
            return None if found is None else page_content(vault, child, found, today, together)

        self.run(work, lambda content: self._loaded(request, content, search), self._failed)

    def _loaded(self, request: int, content: PageContent | None, search: bool) -> None:
        if request != self._request or self.stopped:
            return  # a newer page was asked for, or the storybook has closed
        if content is None:
            if search:
                self.nothing_found.emit()
            else:
                self.current = None
                self.empty.emit()
            return
        page = content.page
        self.current = page
        if not page.together:  # reopening starts where the child was reading on their own
            child = self.child_id
            self.run(lambda v: storybook.save_progress(v, child, page.entry_id), None,
                     lambda _error: None)
        self.shown.emit(content)

    def _failed(self, error: BaseException) -> None:
        if not self.stopped:
            self.failed.emit(error)

    def _entry(self, entry_id: str) -> Pick:
        child = self.child_id

        def pick(vault: Vault, today: date, together: bool) -> StorybookPage | None:
            try:
                return storybook.page(vault, child, entry_id, today, together)
            except NotFound:  # no longer the child's to see: back to where they were
                return storybook.resume(vault, child, today, together)

        return pick

    def go_resume(self) -> None:
        child = self.child_id
        self._load(lambda v, d, t: storybook.resume(v, child, d, t))

    def go_to(self, entry_id: str) -> None:
        self._load(self._entry(entry_id))

    def go_next(self) -> None:
        if self.current is not None and self.current.next_id is not None:
            self.go_to(self.current.next_id)

    def go_back(self) -> None:
        if self.current is not None and self.current.previous_id is not None:
            self.go_to(self.current.previous_id)

    def go_first(self) -> None:
        child = self.child_id
        self._load(lambda v, d, t: next(iter(storybook.pages(v, child, d, t)), None))

    def go_last(self) -> None:
        child = self.child_id
        self._load(lambda v, d, t: next(reversed(storybook.pages(v, child, d, t)), None))

    def reload(self) -> None:
        if self.current is not None:
            self.go_to(self.current.entry_id)
        else:
            self.go_resume()

    def find(self, text: str) -> None:
        """The next page (after this one, going round) holding `text`."""
        child, after = self.child_id, self.current.index if self.current is not None else -1

        def pick(vault: Vault, today: date, together: bool) -> StorybookPage | None:
            found = storybook.search(vault, child, text, today, together)
            return next((p for p in found if p.index > after), found[0] if found else None)

        self._load(pick, search=True)

    def set_together(self, on: bool) -> None:
        self.together = on
        self.reload()

    def stop(self) -> None:
        """The storybook is closing: drop the page, and any result still on its way."""
        self.stopped = True
        self._request += 1
        self.current = None
        self.together = False

    # -- what the child does ---------------------------------------------------------------------

    def _act(self, work: Callable[[Vault, str, date, bool], object],
             done: Callable[[Any], None], failed: Callable[[BaseException], None] | None = None) -> None:
        page = self.current
        if page is None:
            return
        entry_id, clock, together = page.entry_id, self.clock, self.together

        def on_error(error: BaseException) -> None:
            if self.stopped:
                return
            if isinstance(error, NotFound):
                self.reload()  # the page was taken back while it was open: no error to show
                if failed is not None:
                    failed(error)
                return
            (failed or self._failed)(error)

        self.run(lambda v: work(v, entry_id, clock(), together),
                 lambda result: None if self.stopped else done(result), on_error)

    def choose_feeling(self, feeling: Feeling | None) -> None:
        child = self.child_id
        self._act(lambda v, e, d, t: storybook.set_feeling(v, child, e, feeling, today=d,
                                                           together_unlocked=t),
                  lambda _none: self._feeling_saved(feeling))

    def _feeling_saved(self, feeling: Feeling | None) -> None:
        value = None if feeling is None else feeling.value
        if self.current is not None:
            self.current = replace(self.current, feeling=value)
        self.feeling_saved.emit(value)

    def ask_to_talk(self) -> None:
        child = self.child_id
        self._act(lambda v, e, d, t: storybook.request_talk(v, child, e, today=d, together_unlocked=t),
                  lambda _request: self.talk_saved.emit())

    def add_memory(self, text: str, photo: bytes | None, done: Callable[[], None],
                   failed: Callable[[BaseException], None]) -> None:
        """On this page; `failed` hears of a refused photo (PhotoRejected) or anything else."""
        if self.current is None:
            failed(NotFound("page", ""))
            return
        child = self.child_id

        def saved(_memory: object) -> None:
            done()
            self.reload()

        self._act(lambda v, e, d, t: storybook.add_memory(v, child, text, photo, entry_id=e, today=d,
                                                          together_unlocked=t), saved, failed)
