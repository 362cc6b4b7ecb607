"""A write service (a function taking the ``actor``) declares what it accepts: no ``Any``, no ``dict[str, Any]``.

The fields of a record are a ``TypedDict`` beside the service, and forms and API bodies reach it through
``lib.service_input.service_input`` (docs/adr/0008-typed-service-inputs.md).
"""

import ast
from pathlib import Path

import dampingan

SOURCE = Path(dampingan.__file__).parent


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _untyped_parameters(function: ast.FunctionDef) -> list[str]:
    arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    extra = [a for a in (function.args.vararg, function.args.kwarg) if a is not None]
    found = []
    for argument in arguments + extra:
        annotation = ast.unparse(argument.annotation) if argument.annotation is not None else "(none)"
        if annotation == "(none)" or "Any" in annotation:
            found.append(f"{argument.arg}: {annotation}")
    return found


def _write_services():
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "actor":
                yield path.relative_to(SOURCE), node


def test_every_write_service_types_what_it_accepts():
    loose = [
        f"{path}:{function.lineno} {function.name}({', '.join(untyped)})"
        for path, function in _write_services()
        if (untyped := _untyped_parameters(function))
    ]

    assert loose == [], "write services taking untyped input:\n" + "\n".join(loose)


def test_the_check_sees_the_write_services():
    names = {function.name for _, function in _write_services()}

    assert {"create_problem", "create_meeting", "add_budget_line", "record_visit", "save_user"} <= names
