"""`make generate`: the client package from openapi.yaml, byte for byte the same on every run.

The steps, all driven from here so that `make generate` and `make check-generated` do the same:
1. openapi-python-client, with codegen/config.yaml and the templates in codegen/templates/;
2. `_contract.py`: the spec's version, its SHA-256 and its schemas, so that the client's own
   validation reads the limits the spec had when the client was made, and any spec change,
   even one the generator ignores, changes the generated tree; with it `_roles.py` and
   `_routes.py`, the models and endpoint modules the client acts on (codegen/roles.py);
3. the hand-written runtime modules of codegen/runtime/ (validation, errors, retries, waiting),
   each under a first line that says where to edit it;
4. the audits: a security requirement the client cannot present with one API key
   (runtime/_auth.py), a parameter it cannot send (parameters.py) or a role it cannot find
   (roles.py) fails generation before
   anything is made, a rule of the spec the validator cannot enforce once the package is made;
5. `py.typed`, then the pinned ruff (`--isolated`, so no configuration found on the way changes
   the result) to sort imports and format.
"""

from __future__ import annotations

import argparse
import ast
import functools
import hashlib
import importlib.util
import os
import pprint
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from openapi_python_client.strings import ClassName, PythonIdentifier

from codegen import components, parameters, roles

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CODEGEN = ROOT / "codegen"
RUNTIME = CODEGEN / "runtime"
PACKAGE = "pixverse_c1_client"
DEFAULT_OUT = ROOT / "generated"
TASK_LIFE = "x-task-life"
RUFF_ARGS = ["--isolated", "--line-length", "100", "--target-version", "py311"]


def contract_module(spec_bytes: bytes, spec: dict[str, Any], found: dict[str, Any]) -> str:
    """The package's `_contract.py`: of openapi.yaml's bytes, as read (`spec`, its schemas
    named: codegen/components.py); `found` is the spec's roles (codegen/roles.py)."""
    schemas = spec["components"]["schemas"]
    operations = parameters.operations(spec)
    return (
        '"""The contract this client was generated from.\n\n'
        "Written by scripts/generate.py from openapi.yaml; do not edit. Compare SPEC_SHA256 with\n"
        "`sha256sum openapi.yaml` to tell which contract a vendored copy speaks.\n"
        '"""\n\n'
        "from typing import Any, Final\n\n"
        f"SPEC_TITLE: Final = {spec['info']['title']!r}\n"
        f"SPEC_VERSION: Final = {spec['info']['version']!r}\n"
        f"SPEC_SHA256: Final = {hashlib.sha256(spec_bytes).hexdigest()!r}\n\n"
        f"SERVERS: Final[list[dict[str, Any]]] = {spec['servers']!r}\n\n"
        "# How openapi.yaml asks for the key: its security requirements and schemes (_auth.py).\n"
        "SECURITY: Final[dict[str, Any]] = "
        f"{pprint.pformat(_auth().security_document(spec), width=100, sort_dicts=False)}\n\n"
        "# components.schemas of openapi.yaml, x- extensions included.\n"
        "SCHEMAS: Final[dict[str, Any]] = "
        f"{pprint.pformat(schemas, width=100, sort_dicts=False)}\n\n"
        "# Each operation's parameters (path-item and operation level, $refs to\n"
        "# components.parameters followed), by operationId; see codegen/parameters.py.\n"
        "OPERATIONS: Final[dict[str, Any]] = "
        f"{pprint.pformat(operations, width=100, sort_dicts=False)}\n\n"
        "# (operationId, parameter name): where the task-result call takes the task_id.\n"
        f"TASK_PARAMETER: Final = {parameters.task_parameter(spec, operations)!r}\n"
        "\n# Where the client finds what it acts on: schema names, field paths of JSON names\n"
        "# (codegen/roles.py).\n"
        "ROLES: Final[dict[str, Any]] = "
        f"{pprint.pformat(found, width=100, sort_dicts=False)}\n"
        "\n# The models' attribute of each property whose JSON name is no Python name as it is.\n"
        f"ATTRIBUTE_NAMES: Final[dict[str, str]] = {pprint.pformat(attribute_names(schemas))}\n"
        "\n# The schema of components.schemas each model is made of, by the model's class name.\n"
        f"MODEL_SCHEMAS: Final[dict[str, str]] = {pprint.pformat(model_schemas(schemas))}\n"
    )


def model_schemas(schemas: Any) -> dict[str, str]:
    """{class name: schema name} of each component schema, by the generator's own function
    (create_task_body: CreateTaskBody)."""
    return {ClassName(name, _field_prefix()): name for name in schemas}


def attribute_names(schemas: Any) -> dict[str, str]:
    """{JSON name: the generated models' attribute} for each property name the generator
    changes (videoURL: video_url, class: class_), named by the generator's own function."""
    prefix = _field_prefix()
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for each in node:
                walk(each)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in _NAMED_SCHEMAS and isinstance(value, dict):
                    names.update(value if key == "properties" else ())
                    walk(list(value.values()))
                elif key not in _DATA_KEYWORDS:
                    walk(value)

    walk(schemas)
    found = {name: str(PythonIdentifier(name, prefix=prefix)) for name in sorted(names)}
    return {name: attribute for name, attribute in found.items() if attribute != name}


def _field_prefix() -> str:
    """The generator's prefix for a name that is no identifier as it is (config.yaml)."""
    config = yaml.safe_load((CODEGEN / "config.yaml").read_text(encoding="utf-8")) or {}
    return str(config.get("field_prefix", "field_"))


@functools.cache
def _runtime(module_name: str) -> ModuleType:
    """A runtime module that imports nothing of the package, loaded from codegen/runtime/."""
    name = f"_pixverse_c1_generator{module_name}"
    found = importlib.util.spec_from_file_location(name, RUNTIME / f"{module_name}.py")
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    sys.modules[name] = module  # dataclasses look their module up there
    found.loader.exec_module(module)
    return module


def _auth() -> ModuleType:
    """The runtime's reading of the spec's security."""
    return _runtime("_auth")


def audit_security(spec: Path) -> None:
    """Fail generation when the spec asks for a key the client cannot present."""
    problems: list[str] = _auth().audit(yaml.safe_load(spec.read_bytes()))
    if problems:
        raise SystemExit(
            "openapi.yaml asks for credentials the client cannot present with one API key: "
            + "; ".join(problems)
        )


def copied_header(name: str) -> str:
    return f"# Copied from codegen/runtime/{name} by `make generate`: edit it there, not here.\n"


def run(*args: str | Path, cwd: Path | None = None) -> None:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    # openapi-python-client writes its warnings (a schema it dropped, an endpoint it skipped)
    # to stderr and still exits 0.
    said = done.stdout + done.stderr
    if done.returncode != 0 or "Error" in said or "Warning" in said:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(str(a) for a in args)}")


def audit(package: Path) -> None:
    """Fail generation when the package's validator cannot enforce every rule of the spec."""
    script = (
        f"import sys, traceback\ntry:\n    from {PACKAGE} import _validation\n"
        f"except Exception:\n    traceback.print_exc()\n    sys.exit({_DOES_NOT_IMPORT})\n"
        "try:\n    _validation.audit()\n"
        "except _validation.UnsupportedSchemaError as error:\n    sys.exit(str(error))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=package.parent,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
    )
    if done.returncode == 0:
        return
    lines = done.stderr.strip().splitlines() or ["(no output)"]
    if done.returncode == _DOES_NOT_IMPORT:
        raise SystemExit(
            "the package generated from openapi.yaml does not import, a fault of the generator or "
            "its templates to report:\n" + "\n".join(lines[-4:])
        )
    if "Traceback (most recent call last):" in lines:
        raise SystemExit(f"openapi.yaml holds what the client's validator cannot read: {lines[-1]}")
    raise SystemExit(f"openapi.yaml holds a rule the client cannot enforce: {lines[-1]}")


_DOES_NOT_IMPORT = 3  # the audit's exit status when the package fails to import


def audit_names(package: Path) -> None:
    """Fail generation when a schema's model would take a name the package root exports of
    its own (a schema named `RetryPolicy` or `PixverseError`): the root can hold one of them."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    exported = [
        node.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets)
        for node in ast.walk(statement.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    twice = sorted({name for name in exported if exported.count(name) > 1})
    if twice:
        raise SystemExit(
            "openapi.yaml names a schema as the package names one of its own classes: "
            f"{', '.join(twice)}; rename the schema"
        )


def audit_extensions(document: dict[str, Any]) -> None:
    """Fail generation unless exactly one schema of components carries x-task-life, which
    the client's waits read."""
    schemas = document.get("components", {}).get("schemas", {})
    holders = [
        name for name, node in schemas.items() if isinstance(node, dict) and TASK_LIFE in node
    ]
    if len(holders) != 1:
        raise SystemExit(
            f"openapi.yaml: exactly one schema of components.schemas must carry {TASK_LIFE}; "
            f"found {holders or 'none'}"
        )


# Formats the model generator would turn into Python objects (datetime, date, UUID), which
# cannot hold every valid value (a leap second, a lower-case "t", nanoseconds) and serialize
# again in their own spelling ("Z" as "+00:00", upper-case hex as lower-case): a body sent
# would not be the body given. The models keep such strings as given; the validator, which
# reads the spec itself (_contract.py), still asserts the format.
STRING_KEPT_FORMATS = frozenset({"date-time", "date", "uuid"})
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
# Keywords whose value maps names (any names, "format" or "example" too) to schemas.
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs"})


def model_spec(document: Any) -> Any:
    """The document the model generator reads: the spec's types, less what it cannot take.

    The models only type the fields; every rule is enforced by the validator, which reads the
    spec itself (_contract.py). So the model generator is given: no STRING_KEPT_FORMATS
    formats; every local $ref that is not to a whole component ($defs, a property of another
    schema), which it cannot resolve, inlined; no assertion-only part (a `not`, a bound) of an
    allOf of several parts, which it would take for an object; and an allOf whose one typing
    part is written in place (an enum, say) merged into its schema, which it would otherwise
    also take for an object; no enum it cannot make a class of (of numbers, of mixed types);
    no boolean schema where it takes only an object (`items: false` is read as `items: {}`);
    a oneOf or anyOf of `const`s as the enum of their values, which it parses (of its union
    of consts, it reads only the first); no oneOf or anyOf beside an object's properties that
    only picks which fields are given, for which it would drop the object's model; and no
    schema `title`, which it would take for the class name in place of the component's
    name or the property's path that the package's other modules (_roles.py) name it by.
    Other data (examples, defaults, the other enums, extensions) stays untouched.
    """
    made = _model_node(document, document, ())
    if isinstance(document.get("info"), dict):
        made["info"] = document["info"]  # the API's title, the one `title` that names no schema
    return made


_COMPONENT_REF = re.compile(r"#/components/[^/]+/[^/]+")
# Keywords that make an allOf part say what type a value has, not only what it may not be.
_TYPING = frozenset(
    {"$ref", "type", "properties", "required", "items", "enum", "const", "allOf", "anyOf", "oneOf"}
)


def _model_node(node: Any, document: Any, inlining: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_model_node(item, document, inlining) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    # A local ref to anything but a whole component; a schema inside itself keeps it.
    if isinstance(ref, str) and _inlined(ref) and ref not in inlining:
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return _model_node({**_pointer(document, ref), **rest}, document, (*inlining, ref))
    parts = node.get("allOf")
    if isinstance(parts, list) and parts:
        typing = [p for p in parts if not isinstance(p, dict) or _TYPING & set(p)] or parts[:1]
        rest = {k: v for k, v in node.items() if k != "allOf"}
        if len(typing) == 1 and isinstance(typing[0], dict) and "$ref" not in typing[0]:
            node = {**typing[0], **rest}  # one inline part left: the schema itself
        else:
            node = {**rest, "allOf": typing}
    for key in ("oneOf", "anyOf"):
        values = _const_values(node.get(key))
        if values is not None and "enum" not in node:
            node = {**{k: v for k, v in node.items() if k != key}, "enum": values}
        elif _runtime("_choices").picks_fields(node, key):
            node = {k: v for k, v in node.items() if k != key}  # its fields typed as they are
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key == "format" and isinstance(value, str) and value in STRING_KEPT_FORMATS:
            continue
        if key == "title" and isinstance(value, str):
            continue
        if key.startswith("x-") or key == "discriminator":
            kept[key] = value  # data, not schemas: any names, a `title` or `format` too
            continue
        if key in _NAMED_SCHEMAS and isinstance(value, dict):
            kept[key] = {
                name: _model_node(_object_schema(schema), document, inlining)
                for name, schema in value.items()
            }
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            kept[key] = [_model_node(_object_schema(s), document, inlining) for s in value]
        elif key in _SCHEMA_VALUED:
            kept[key] = _model_node(_object_schema(value), document, inlining)
        else:
            kept[key] = value if key in _DATA_KEYWORDS else _model_node(value, document, inlining)
    if "enum" in kept and not _enum_class(kept["enum"]):
        del kept["enum"]  # the field is typed by its type alone; the validator holds the enum
    return kept


# Where the model generator takes a schema but no boolean one (additionalProperties takes both).
_SCHEMA_VALUED = frozenset(
    {"items", "not", "contains", "propertyNames", "if", "then", "else", "additionalItems"}
)
_SCHEMA_LISTS = frozenset({"prefixItems", "allOf", "anyOf", "oneOf"})


_ANNOTATIONS = frozenset({"title", "description", "$comment", "deprecated", "examples"})


def _const_values(branches: Any) -> list[Any] | None:
    """The values of a list of `const` schemas (annotations aside), None if it is no such list."""
    if not isinstance(branches, list) or not branches:
        return None
    if not all(isinstance(b, dict) and "const" in b and set(b) - {"const"} <= _ANNOTATIONS
               for b in branches):  # fmt: skip
        return None
    return [b["const"] for b in branches]


def _object_schema(schema: Any) -> Any:
    """A boolean schema as an object one the model generator can read: either types as any
    value; what `false` forbids, the validator enforces."""
    return {} if isinstance(schema, bool) else schema


def _enum_class(values: Any) -> bool:
    """Whether the model generator makes an enum class of these values: all strings or all
    integers (a null among them aside); it fails on any other enum (of numbers, of mixed
    types)."""
    if not isinstance(values, list):
        return False
    given = [v for v in values if v is not None]
    strings = all(isinstance(v, str) for v in given)
    integers = all(isinstance(v, int) and not isinstance(v, bool) for v in given)
    return strings or integers


def _inlined(ref: str) -> bool:
    return ref.startswith("#/") and not _COMPONENT_REF.fullmatch(ref)


def _pointer(document: Any, ref: str) -> Any:
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def generate(out: Path, spec: Path = SPEC) -> Path:
    """Write the package to out/pixverse_c1_client, replacing what was there."""
    audit_security(spec)
    read = components.named(yaml.safe_load(spec.read_bytes()))
    audit_extensions(read)
    try:
        found = roles.roles(read)
    except roles.RoleError as error:
        raise SystemExit(f"openapi.yaml: {error}") from None
    problems = parameters.problems(read)
    if problems:
        raise SystemExit(
            "openapi.yaml holds a parameter the client cannot send:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / PACKAGE
        models = Path(tmp) / "openapi.yaml"
        document = model_spec(read)
        models.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        run(
            sys.executable, "-m", "openapi_python_client", "generate",
            "--path", models,
            "--config", CODEGEN / "config.yaml",
            "--custom-template-path", CODEGEN / "templates",
            "--meta", "none",
            "--output-path", package,
        )  # fmt: skip
        found = roles.with_models(found, package / "models", _field_prefix())
        (package / "_contract.py").write_text(
            contract_module(spec.read_bytes(), read, found), encoding="utf-8"
        )
        (package / "_roles.py").write_text(
            roles.roles_module(found, _field_prefix()), encoding="utf-8"
        )
        (package / "_routes.py").write_text(
            roles.routes_module(found, _field_prefix()), encoding="utf-8"
        )
        for module in sorted(RUNTIME.glob("*.py")):
            (package / module.name).write_text(
                copied_header(module.name) + module.read_text(encoding="utf-8"), encoding="utf-8"
            )
        audit_names(package)
        audit(package)
        (package / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
        ruff = [sys.executable, "-m", "ruff"]
        run(*ruff, "check", *RUFF_ARGS, "--select", "I,F401", "--fix-only", "--quiet", package)
        run(*ruff, "format", *RUFF_ARGS, "--quiet", package)
        target = out / PACKAGE
        shutil.rmtree(target, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(package, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    target = generate(parser.parse_args().out)
    print(f"generated {target}")


if __name__ == "__main__":
    main()
