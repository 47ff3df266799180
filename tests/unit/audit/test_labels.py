"""Every action code the portal records has a name in words (issue 12: "every action code
used in the code base covered").

The codes are read from the source, not listed by hand: each call of the audit recorder
(``record`` or ``audit``, as the features import it) is found, and its ``action`` worked out,
also where it is chosen at run time (``"a" if x else "b"``, a local variable, a parameter
of a helper filled by its callers, an f-string). An ``action`` this cannot work out fails the
test, so a new way of writing one is noticed rather than silently skipped.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from portal.audit.labels import ACTIONS, FIELDS, OBJECT_KINDS, REFERENCES

PORTAL = Path(__file__).resolve().parents[3] / "portal"
RECORDERS = {"record", "audit"}


class Unresolved(Exception):
    pass


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def _recorder_names(tree: ast.Module) -> set[str]:
    """The local names under which this module imports the audit recorder."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "portal.audit.operations":
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "record"}
    return names


def _enclosing(tree: ast.Module, target: ast.AST) -> ast.FunctionDef | None:
    for function in _functions(tree).values():
        if any(node is target for node in ast.walk(function)):
            return function
    return None


def _values(node: ast.expr, function: ast.FunctionDef | None, tree: ast.Module) -> set[str]:
    """Every string ``node`` can be, in ``function`` of module ``tree``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, tree) | _values(node.orelse, function, tree)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                parts.append(sorted(_values(part.value, function, tree)))
            else:
                parts.append([_values(part, function, tree).pop()])
        return {"".join(combination) for combination in itertools.product(*parts)}
    if isinstance(node, ast.Name) and function is not None:
        assigned = [
            statement.value
            for statement in ast.walk(function)
            if isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
        ]
        if assigned:
            return set().union(*(_values(value, function, tree) for value in assigned))
        return _arguments(function, node.id, tree)
    raise Unresolved(ast.unparse(node))


def _arguments(function: ast.FunctionDef, parameter: str, tree: ast.Module) -> set[str]:
    """The values the callers of ``function`` in its module pass for ``parameter``."""
    names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if parameter not in names and parameter not in [a.arg for a in function.args.kwonlyargs]:
        raise Unresolved(f"{function.name}({parameter})")
    found: set[str] = set()
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == function.name
    ]
    for call in calls:
        given = {k.arg: k.value for k in call.keywords}
        if parameter in names and names.index(parameter) < len(call.args):
            given[parameter] = call.args[names.index(parameter)]
        if parameter not in given:
            raise Unresolved(f"a call of {function.name} without {parameter}")
        found |= _values(given[parameter], _enclosing(tree, call), tree)
    if not found:
        raise Unresolved(f"{function.name} is never called with {parameter}")
    return found


def recorded_actions() -> dict[str, set[str]]:
    """Every action code the portal's source records, with where."""
    codes: dict[str, set[str]] = {}
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        recorders = _recorder_names(tree) & RECORDERS
        where = str(path.relative_to(PORTAL.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id not in recorders:
                    continue
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                assert action is not None, f"{where}:{node.lineno}: an audit without action"
                try:
                    values = _values(action, _enclosing(tree, node), tree)
                except Unresolved as error:
                    raise AssertionError(f"{where}:{node.lineno}: cannot read {error}") from None
                for code in values:
                    codes.setdefault(code, set()).add(f"{where}:{node.lineno}")
            # Events written in bulk, as rows: {"action": "...", ...}
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        if isinstance(value, ast.Constant) and "." in str(value.value):
                            codes.setdefault(value.value, set()).add(f"{where}:{node.lineno}")
    return codes


def test_the_source_records_many_actions_and_the_reader_finds_the_computed_ones():
    codes = recorded_actions()
    # Written through a helper or chosen at run time: the reader must find these.
    for computed in (
        "requirement.created",
        "requirement.updated",
        "requirement.removed",
        "coverage_rule.updated",
        "onboarding.item_signed_off",
        "onboarding.item_confirmed",
        "password.changed",
        "password.reset",
        "person.pid_set",
        "person.pid_cleared",
    ):
        assert computed in codes
    assert len(codes) > 60


def test_every_recorded_action_has_a_name_in_words():
    missing = {code: sorted(where) for code, where in recorded_actions().items()}
    missing = {code: where for code, where in missing.items() if code not in ACTIONS}
    assert not missing, f"no label in portal/audit/labels.py for: {missing}"


def test_every_named_action_is_one_the_portal_records():
    # A label for a code nothing writes would be a typo or a leftover.
    assert set(ACTIONS) - set(recorded_actions()) == set()


def test_references_point_to_kinds_of_object_with_names_and_fields_with_words():
    assert set(REFERENCES.values()) <= set(OBJECT_KINDS)
    assert set(REFERENCES) <= set(FIELDS)
