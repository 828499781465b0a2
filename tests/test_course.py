"""The course map and the journey schematic."""

import re

from helpers.course import NOTEBOOKS, SERIES, course_map, course_map_markdown
from helpers.figures.journey import STEPS, describe_journey, journey


def test_series_is_numbered_in_order_and_matches_files():
    numbers = [lesson.number for lesson in SERIES]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert {int(n[:2]) for n in numbers} == set(range(10)), "every number 00-09 (06b splits 06 for class time)"
    assert all(re.fullmatch(r"\d\d[a-z]?", n) for n in numbers)
    assert all(lesson.filename.startswith(lesson.number + "_") for lesson in SERIES)
    on_disk = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]*_*.ipynb")}
    assert on_disk <= {lesson.filename for lesson in SERIES}, "a notebook missing from the course map"


def test_map_links_exactly_the_notebooks_that_exist():
    text = course_map_markdown()
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    assert links and all((NOTEBOOKS / link).exists() for link in links)
    missing = [lesson for lesson in SERIES if not lesson.available]
    assert text.count("in preparation") == len(missing)
    assert course_map().data == text


def test_journey_has_the_seven_steps_in_order():
    assert [s[0] for s in STEPS] == ["Collect", "Activate", "Expand", "Test", "Lymphodeplete", "Infuse", "Monitor"]
    sentence = describe_journey()
    img = journey().data
    assert img.startswith("<img") and "data:image/png;base64,iVBOR" in img and f"alt='{sentence}'" in img
    assert sentence.index("Collect") < sentence.index("Infuse") and sentence.endswith(".")


def test_no_notebook_calls_an_existing_notebook_in_preparation():
    """Once a notebook exists, no text or stored output (the course map) still says it is in preparation."""
    import json

    from helpers.course import NOTEBOOKS, SERIES

    missing = [lesson for lesson in SERIES if not lesson.available]
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"]) + json.dumps(cell.get("outputs", []), ensure_ascii=False)
            if "in preparation" in text:
                assert missing and any(lesson.title in text or f"notebook {lesson.number}" in text
                                       for lesson in missing), f"{path.name} · {cell.get('id')}: stale 'in preparation'"
