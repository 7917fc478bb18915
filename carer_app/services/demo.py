"""`carer-app demo`: a synthetic household to try the app on. Every name here is invented."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from carer_app.crypto.kdf import KdfParams
from carer_app.domain.enums import (
    Audience,
    ContactArrangement,
    EntryBasis,
    ObservationCategory,
    PlaceKind,
    Relationship,
    Role,
)
from carer_app.domain.programme_schedule import plan_programme
from carer_app.domain.programmes import load_template
from carer_app.services import household
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import store_processed
from carer_app.storage.models import (
    ChecklistItem,
    Child,
    ChildPerson,
    HomeworkTask,
    Observation,
    Person,
    Place,
    PracticeLog,
    Programme,
    ProgrammeSession,
    StoryChapter,
    StoryEntry,
    StoryEntryPhoto,
    Transition,
)
from carer_app.storage.vault import Vault

DEMO_PASSPHRASE = "paper lantern over the quiet harbour"
CARER_NAME = "Robin Featherstone-Vale"
SECOND_CARER = "Priya Lanmore-Oakes"
YOUNGER = ("Maisie Quillfeather", "Maisie", date.today().replace(day=1) - timedelta(days=4 * 365 + 40))
OLDER = ("Tyler Quillfeather", "Ty", date.today().replace(day=1) - timedelta(days=15 * 365 + 100))

PEOPLE = [
    ("Dawn Quillfeather", Relationship.BIRTH_MOTHER, ContactArrangement.SUPERVISED, True,
     "Monthly supervised contact at the family centre."),
    ("Kenneth Harwickson", Relationship.GRANDPARENT, ContactArrangement.DIRECT, False,
     "Grandad Ken. Phones on Sundays; loves fishing stories."),
    ("Beverley Amberleigh", Relationship.FORMER_FOSTER_CARER, ContactArrangement.LETTERBOX, False,
     "Looked after Maisie as a baby. Sends a card at birthdays."),
    ("Mr Tobias Osei-Lindqvist", Relationship.TEACHER, ContactArrangement.NONE, False,
     "Tyler's form tutor; runs the after-school robotics club."),
    ("Harriet Plumtree-Nash", Relationship.SOCIAL_WORKER, ContactArrangement.NONE, False,
     "The children's social worker since last spring."),
]
PLACES = [
    ("Rosehill Maternity Unit", PlaceKind.BIRTHPLACE, "Where Maisie was born."),
    ("Sunflower Lane Nursery", PlaceKind.SCHOOL, "Maisie's nursery, with the big sandpit."),
    ("Brookfield Vale Academy", PlaceKind.SCHOOL, "Tyler's secondary school."),
    ("Oakmere Country Park", PlaceKind.FAVOURITE, "Ducks, the wooden fort and ice creams."),
    ("Featherstone house", PlaceKind.HOME, "The home the children live in now."),
]
# The home the children live in now must never be shown to someone who must not know it.
PRIVATE_PLACES = frozenset({"Featherstone house"})
STORY = [
    ("Where I was born", "Spring 2021", "You were born at Rosehill on a windy morning. "
     "Your mum Dawn chose your name because she loved it.", Audience.CHILD_NOW),
    ("Living with Bev", "When you were a baby", "Bev looked after you when you were tiny. "
     "She says you always laughed at the cat.", Audience.CHILD_NOW),
    ("Why I came into care", "Summer 2023", "Grown-ups decided your mum needed help to keep "
     "you safe. This was not your fault. We can read this page together.", Audience.TOGETHER),
    ("Coming to live with Robin", "Autumn 2023", "You and Tyler came to live with Robin "
     "and Priya. You picked the yellow bedroom.", Audience.CHILD_NOW),
    ("Days at Oakmere", "Most Saturdays", "We feed the ducks and climb the wooden fort.",
     Audience.CHILD_NOW),
    ("A letter for when you are older", "For your 16th birthday", "A later-life letter from "
     "your social worker, to read when you are older.", Audience.NOT_YET),
]
YOUNGER_CAPTIONS = [
    "Feeding the ducks at Oakmere", "First day at Sunflower Lane", "Birthday cake with candles",
    "Building the sandcastle", "Splashing in puddles", "Our garden den",
    "Walking in the bluebell wood", "Picnic on the hill",
]
OLDER_CAPTIONS = [
    "Tyler's robotics trophy", "Grandad Ken's fishing trip", "Bike ride by the canal",
    "Cooking pancakes", "Football in the park",
]
CAPTIONS = YOUNGER_CAPTIONS + OLDER_CAPTIONS
# Which photo (by caption) illustrates which page of the younger child's story.
STORY_PHOTOS = {
    "Living with Bev": "Splashing in puddles",
    "Coming to live with Robin": "Our garden den",
    "Days at Oakmere": "Feeding the ducks at Oakmere",
}
OBSERVATIONS = [
    (ObservationCategory.WELLBEING, EntryBasis.FACT, "Maisie slept through the night for the "
     "first time this week.", "I had a big sleep!"),
    (ObservationCategory.EDUCATION, EntryBasis.THIRD_PARTY, "Nursery said Maisie shared the "
     "paints with another child without being asked.", ""),
    (ObservationCategory.FAMILY_CONTACT, EntryBasis.FACT, "Supervised contact with mum at the "
     "family centre; Maisie was quiet afterwards and wanted a cuddle.", ""),
    (ObservationCategory.BEHAVIOUR, EntryBasis.OPINION, "Tyler seemed anxious about the school "
     "trip; I think he was worried about sharing a room.", "Don't fuss, it's fine."),
    (ObservationCategory.ACHIEVEMENT, EntryBasis.FACT, "Tyler's robot reached the regional "
     "final.", "Best day ever"),
    (ObservationCategory.HEALTH, EntryBasis.FACT, "Dentist check-up; no treatment needed.", ""),
]
# Everything above that would identify the household: the canary test looks for each on disk.
CANARY_STRINGS: tuple[str, ...] = (
    CARER_NAME, SECOND_CARER, YOUNGER[0], OLDER[0],
    *(p[0] for p in PEOPLE), *(p[4] for p in PEOPLE), *(p[0] for p in PLACES),
    *(s[2] for s in STORY), *CAPTIONS, *(o[2] for o in OBSERVATIONS),
)


def _at(days_ago: int, hour: int = 10) -> datetime:
    return (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0)


def build_demo(folder: Path, *, photos: int = 44, kdf: KdfParams | None = None) -> Vault:
    """Create the demo vault in `folder` (which must not hold a vault) and return it open."""
    vault, _recovery = household.create_household(
        folder, name=CARER_NAME, role=Role.CARER, passphrase=DEMO_PASSPHRASE, kdf=kdf
    )
    household.add_adult(
        vault, name=SECOND_CARER, role=Role.CARER, passphrase=DEMO_PASSPHRASE + " two", kdf=kdf
    )
    author = vault.user_id
    with vault.session() as s:
        kids = [
            Child(name=n, preferred_name=p, date_of_birth=d, author_id=author)
            for n, p, d in (YOUNGER, OLDER)
        ]
        s.add_all(kids)
        s.flush()
        younger, older = kids
        for name, rel, contact, no_location, notes in PEOPLE:
            person = Person(name=name, notes=notes, do_not_share_location=no_location, author_id=author)
            s.add(person)
            s.flush()
            for child in kids:
                s.add(ChildPerson(child_id=child.id, person_id=person.id, relationship=str(rel),
                                  contact_arrangement=str(contact), author_id=author))
        for name, kind, description in PLACES:
            s.add(Place(child_id=younger.id, name=name, kind=str(kind), description=description,
                        do_not_share_location=name in PRIVATE_PLACES, author_id=author))
        s.commit()
        ids = (younger.id, older.id)
    photo_ids = []
    for index in range(photos):
        taken = _at(30 + index * 9, hour=9 + index % 8).replace(tzinfo=None)
        processed = process_photo(jpeg_with_metadata(index, taken), filename=f"IMG_{index:04d}.jpg")
        child_id = ids[index % 2]
        captions = YOUNGER_CAPTIONS if index % 2 == 0 else OLDER_CAPTIONS
        caption = captions[(index // 2) % len(captions)]
        photo_ids.append((caption, store_processed(vault, child_id, processed, caption=caption)))
    with vault.session() as s:
        chapter = StoryChapter(child_id=ids[0], title="My story so far", author_id=author)
        s.add(chapter)
        s.flush()
        for position, (title, when, body, audience) in enumerate(STORY):
            entry = StoryEntry(
                child_id=ids[0], chapter_id=chapter.id, title=title, date_text=when, body=body,
                audience=str(audience), position=position, author_id=author,
                is_later_life_letter=audience == Audience.NOT_YET,
                release_at_age=16 if audience == Audience.NOT_YET else None,
            )
            s.add(entry)
            s.flush()
            wanted = STORY_PHOTOS.get(title)
            photo_id = next((pid for caption, pid in photo_ids if caption == wanted), None)
            if photo_id is not None:
                s.add(StoryEntryPhoto(entry_id=entry.id, photo_id=photo_id))
        for day, (category, basis, text, words) in enumerate(OBSERVATIONS):
            s.add(Observation(child_id=ids[(day % 2 == 1 and 1) or 0] if day < 3 else ids[1],
                              occurred_at=_at(day * 2 + 1), category=str(category),
                              basis=str(basis), text=text, child_words=words, author_id=author))
        _demo_programme(s, ids[0], author)
        _demo_transition(s, ids[1], author)
        s.commit()
    return vault


def _demo_programme(s: object, child_id: str, author: str | None) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    # Laid out by the same planner the app uses, four sessions in and on track.
    template = load_template("video_feedback_carers")
    start = date.today() - timedelta(days=35)
    plan = plan_programme(template, start)
    programme = Programme(child_id=child_id, template_key=template.key, start_date=start,
                          practitioner="Family support practitioner", location="At home",
                          author_id=author)
    s.add(programme)
    s.flush()
    for planned in plan.sessions:
        number = planned.number
        held = number <= 4
        session = ProgrammeSession(
            programme_id=programme.id, number=number, planned_date=planned.on,
            held_on=planned.on if held else None,
            length_minutes=60 if held else None, attended=True if held else None,
            status="done" if held else "planned", author_id=author,
            progress_rating=min(5, 1 + number) if held else None,
            worked_on="Watching a short clip of bath time together" if held else "",
        )
        s.add(session)
        s.flush()
        if number == 4:
            task = HomeworkTask(programme_id=programme.id, session_id=session.id, author_id=author,
                                description="Practise naming feelings at bedtime",
                                due_on=date.today() + timedelta(days=3))
            s.add(task)
            s.flush()
            for day, confidence in ((6, 2), (4, 3), (2, 3), (1, 4)):
                s.add(PracticeLog(task_id=task.id, practised_at=_at(day, 19), confidence=confidence,
                                  what_i_tried="Named 'tired' and 'cross' during the story",
                                  child_response="Pointed at the sad face", author_id=author))


def _demo_transition(s: object, child_id: str, author: str | None) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    move = Transition(child_id=child_id, title="Starting at a new sixth-form college",
                      planned_on=date.today() + timedelta(days=40), status="under_way",
                      author_id=author)
    s.add(move)
    s.flush()
    items = [
        ("Visit the college together before the first day", "1.1.x", True),
        ("Ask what questions and worries there are, and write them down", "1.1.x", True),
        ("Share the plan with the designated teacher", "1.2.x", False),
        ("Keep Saturday robotics club going through the move", "1.1.x", False),
    ]
    for position, (text, ref, done) in enumerate(items):
        s.add(ChecklistItem(transition_id=move.id, text=text, recommendation=ref, position=position,
                            done_at=_at(3) if done else None, done_by=author if done else None,
                            author_id=author))
