"""Every sentence of the doctor reaches the translators: pyside6-lupdate only
extracts translate("Context", "text") and tr("text") with literal strings, so
a helper that passes a variable would hide its sentences from them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHATAPP = Path(__file__).resolve().parents[2] / "chatapp"
FILES = [*sorted((CHATAPP / "doctor").glob("*.py")), CHATAPP / "ui" / "doctor_dialog.py",
         CHATAPP / "app" / "doctor_cli.py"]


def translation_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("translate", "tr"):
                yield name, node


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_translated_texts_are_literal(path):
    literal = []
    for name, call in translation_calls(ast.parse(path.read_text(encoding="utf-8"))):
        wanted = 2 if name == "translate" else 1
        texts = call.args[:wanted]
        assert len(texts) == wanted and all(
            isinstance(text, ast.Constant) and isinstance(text.value, str) for text in texts
        ), f"{path.name}:{call.lineno}: {name}() with a text lupdate cannot read"
        literal.append(call.lineno)
    if path.parent.name == "doctor" and "translate = QCoreApplication.translate" in \
            path.read_text(encoding="utf-8"):
        assert literal, f"{path.name} imports translate but says nothing"
