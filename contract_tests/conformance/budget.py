"""The billable requests of a conformance run: a covering design, cheapest first.

Every accepted create request against a real server starts a paid generation, so the suite
sends as few as cover every allowed value and boundary once (each enum value, each integer's
minimum, maximum and omission, each array's shortest and longest length, each boolean both
ways, a prompt that ends in a mention), and fills every other field of a row with its cheapest
choice (x-cost in openapi.yaml). Levels and prices come from the spec, none from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contract_tests import spec

OMIT = object()  # the field is left out, so the server's default applies


@dataclass(frozen=True)
class Factor:
    """One field of the request and the values the design must send at least once."""

    name: str
    cheapest: Any
    others: tuple[Any, ...]  # every level but the cheapest, in ascending cost (OMIT last)
    default: Any = OMIT  # what the server uses when the field is omitted

    @property
    def levels(self) -> tuple[Any, ...]:
        return (self.cheapest, *self.others)

    def cost(self, level: Any) -> int:
        """A rank, not a price: 0 for the cheapest level; an omitted field costs its default."""
        if level is OMIT:
            level = self.default
        known = [each for each in self.levels if each is not OMIT]
        if level in known:
            return known.index(level)
        # A default between the levels (duration 5 between 1 and 15) ranks among them.
        return sum(1 for each in known if type(each) is type(level) and each < level)


@dataclass
class Design:
    rows: list[dict[str, Any]]  # field name -> level (OMIT: left out)
    uncovered: list[str] = field(default_factory=list)  # "field=value" the budget left out

    def bodies(self) -> list[dict[str, Any]]:
        return [body_for(row) for row in self.rows]


def x_cost() -> dict[str, Any]:
    found: dict[str, Any] = spec.schema("CreateTaskRequest")["x-cost"]
    return found


def _cheapest_rule() -> dict[str, Any]:
    rule: dict[str, Any] = x_cost()["cheapest"]
    return rule


def factors() -> list[Factor]:
    """The request's fields as design factors, read from CreateTaskRequest."""
    request = spec.schema("CreateTaskRequest")
    cheapest = _cheapest_rule()
    found = []
    for name, node in request["properties"].items():
        node = spec.resolve(node)
        omitted = (OMIT,) if name not in request["required"] else ()
        default = node.get("default", OMIT)
        if "enum" in node:
            assert cheapest["enum"] == "first", "x-cost.cheapest.enum: only 'first' is known"
            found.append(Factor(name, node["enum"][0], (*node["enum"][1:], *omitted), default))
        elif node.get("type") == "integer":
            assert cheapest["integer"] == "minimum", "x-cost.cheapest.integer: only 'minimum'"
            found.append(Factor(name, node["minimum"], (node["maximum"], *omitted), default))
        elif node.get("type") == "boolean":
            levels = (not cheapest["boolean"], *omitted)
            found.append(Factor(name, cheapest["boolean"], levels, default))
        elif node.get("type") == "array":
            assert cheapest["array"] == "minItems", "x-cost.cheapest.array: only 'minItems'"
            found.append(Factor(name, node["minItems"], (node["maxItems"],)))
    return found


def design(budget: int) -> Design:
    """At most `budget` rows that together send every level of every factor."""
    all_factors = sorted(factors(), key=lambda f: -len(f.others))
    size = max((len(f.others) for f in all_factors), default=0) + 1
    rows: list[dict[str, Any]] = [{f.name: f.cheapest for f in all_factors} for _ in range(size)]
    load = [0] * size  # how many costly levels each row carries already
    for factor in all_factors:
        free = list(range(size))
        for level in factor.others:
            row = min(free, key=lambda r: (load[r], r))
            free.remove(row)
            rows[row][factor.name] = level
            load[row] += 1
    # Cheapest rows first: a budget too small for all of them drops the priciest.
    priced = {f.name: f for f in all_factors if f.name in x_cost()["priced-by"]}
    rows.sort(key=lambda row: sum(f.cost(row[name]) for name, f in priced.items()))
    kept = rows[:budget]
    sent = {(name, show(level)) for row in kept for name, level in row.items()}
    uncovered = [
        f"{f.name}={show(level)}"
        for f in all_factors
        for level in f.levels
        if (f.name, show(level)) not in sent
    ]
    return Design(rows=kept, uncovered=sorted(uncovered + _unsent_item_values(kept)))


def _unsent_item_values(rows: list[dict[str, Any]]) -> list[str]:
    """Enum values of array items (each image's type) that no kept row sends."""
    array, _ = spec.mention_rule().names_from
    item = spec.resolve(
        spec.resolve(spec.schema("CreateTaskRequest")["properties"][array])["items"]
    )
    sent = [image for row in rows for image in body_for(row).get(array, [])]
    return [
        f"{array}[].{name}={value!r}"
        for name, node in item["properties"].items()
        for value in spec.resolve(node).get("enum", [])
        if all(image.get(name) != value for image in sent)
    ]


def show(level: Any) -> str:
    return "<omitted>" if level is OMIT else repr(level)


def body_for(row: dict[str, Any]) -> dict[str, Any]:
    """A valid request of this row: images named and mentioned, the prompt ending in a mention."""
    array, item_name = spec.mention_rule().names_from
    request = spec.schema("CreateTaskRequest")
    image_schema = spec.resolve(request["properties"][array]["items"])
    body: dict[str, Any] = {}
    for name, level in row.items():
        if level is OMIT:
            continue
        if name == array:
            body[name] = [_image(image_schema, index) for index in range(level)]
        else:
            body[name] = level
    names = [image[item_name] for image in body.get(array, [])]
    body[spec.mention_rule().field] = "a scene with " + " and ".join(f"@{n}" for n in names)
    return body


def _image(image_schema: dict[str, Any], index: int) -> dict[str, Any]:
    """Image `index`: enums cycle through their values, so every value is sent."""
    image: dict[str, Any] = {}
    for name, node in image_schema["properties"].items():
        node = spec.resolve(node)
        if "enum" in node:
            image[name] = node["enum"][index % len(node["enum"])]
        else:
            image[name] = (
                f"ref{index + 1}"
                if name == spec.mention_rule().names_from[1]
                else (f"https://example.com/reference-{index + 1}.png")
            )
    return image
