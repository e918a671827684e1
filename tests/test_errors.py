"""The error vocabulary is one file: every error type of the generator is declared in generator/errors.py."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import generator
from generator import errors


def error_types_declared_outside_errors_py() -> list[str]:
    """Every public exception class declared in a module of the generator other than errors.py, as module.Class."""
    found = []
    for module_info in pkgutil.walk_packages(generator.__path__, "generator."):
        module = importlib.import_module(module_info.name)
        found += [f"{module.__name__}.{name}" for name, value in vars(module).items()
                  if inspect.isclass(value) and issubclass(value, BaseException)
                  and value.__module__ == module.__name__ != errors.__name__ and not name.startswith("_")]
    return sorted(found)


def test_every_public_error_type_is_declared_in_errors_py() -> None:
    assert error_types_declared_outside_errors_py() == []


def test_every_error_type_says_who_raises_it() -> None:
    undocumented = [name for name, value in vars(errors).items()
                    if inspect.isclass(value) and issubclass(value, BaseException) and value is not errors.ArchiveError
                    and "Raised by" not in (value.__doc__ or "")]
    assert undocumented == []
