"""The ``alpr-tracker`` command: a Typer group whose command modules are imported only when used.

Commands stay thin: they parse options, call a library function and print (README "Commands").

Why lazy: the command modules import Scrapy, SQLAlchemy models and PDF code, which took ``--help`` (and every
command) over a second to start. ``alpr-tracker --help`` lists each command with the help read from its module's
*source* (``ast``, no import); running a command, or asking for its own ``--help``, imports that one module.

Adding a command module (the one rule): write ``tracker/cli/<name>.py`` with a ``register(app)`` function that
defines its commands as ``@app.command(...)`` functions (docstring = help) or adds a sub-app with
``app.add_typer(sub_app, name=...)`` where ``sub_app = typer.Typer(help=...)`` is module level; then add
``"<name>"`` to ``COMMAND_MODULES`` below (one line). A ``register`` the source reader cannot follow still
works: that module is then imported for the listing (slower ``--help``; tests/test_cli_startup.py says which).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from importlib.metadata import version as package_version
from typing import Any

import typer
from typer.core import TyperGroup
from typer.main import get_command_name, get_group

#: Every module under tracker/cli that adds commands; each has a ``register(app: typer.Typer)`` function.
COMMAND_MODULES = (
    "alerts",
    "analyze",
    "contracts",
    "crawl",
    "documents",
    "digest",
    "portals",
    "sources",
    "search",
    "schedule",
    "run",
    "demo",
    "subscriptions",
    "serve",
)


def _typer_help(tree: ast.Module, variable: str) -> str | None:
    """The ``help=`` of the module-level ``variable = typer.Typer(help=...)``."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets)
                and isinstance(node.value, ast.Call)):
            for keyword in node.value.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def _listed_commands(tree: ast.Module) -> dict[str, str] | None:
    """Command name -> help text of what ``register(app)`` adds, read from the source; None when it does
    something this reader does not follow (the module must then be imported to list it)."""
    register = next((node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "register"),
                    None)
    if register is None or not register.args.args:
        return None
    app = register.args.args[0].arg
    found: dict[str, str] = {}
    for statement in register.body:
        if isinstance(statement, ast.FunctionDef):
            for decorator in statement.decorator_list:
                if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                        and decorator.func.attr == "command" and isinstance(decorator.func.value, ast.Name)
                        and decorator.func.value.id == app):
                    return None
                named = decorator.args[0] if decorator.args else None
                name = named.value if isinstance(named, ast.Constant) else get_command_name(statement.name)
                found[str(name)] = ast.get_docstring(statement) or ""
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # the docstring
        elif (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
              and isinstance(statement.value.func, ast.Attribute) and statement.value.func.attr == "add_typer"
              and statement.value.args and isinstance(statement.value.args[0], ast.Name)):
            names = [k.value.value for k in statement.value.keywords
                     if k.arg == "name" and isinstance(k.value, ast.Constant)]
            helped = _typer_help(tree, statement.value.args[0].id)
            if not names or helped is None:
                return None
            found[str(names[0])] = helped
        else:
            return None
    return found or None


def module_listing(module: str) -> dict[str, str] | None:
    """What ``tracker.cli.<module>`` adds (name -> help), from its source alone; None when it cannot be read so."""
    spec = importlib.util.find_spec(f"{__name__}.{module}")
    if spec is None or spec.origin is None:
        return None
    with open(spec.origin, encoding="utf-8") as source:
        return _listed_commands(ast.parse(source.read(), spec.origin))


def load_module_commands(module: str) -> dict[str, Any]:
    """The Click commands ``tracker.cli.<module>``'s ``register`` adds, by name (imports the module)."""
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback makes it a group even when the module adds one command
    importlib.import_module(f"{__name__}.{module}").register(holder)
    return dict(get_group(holder).commands)


class LazyGroup(TyperGroup):
    """The root group: lists commands from their modules' source and imports a module when its command runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._module_of: dict[str, str] = {}
        self._listed: dict[str, Any] = {}
        self._listing = False
        for module in COMMAND_MODULES:
            listing = module_listing(module)
            if listing is None:
                self._adopt(module)
                continue
            for name, help_text in listing.items():
                self._module_of[name] = module
                self._listed[name] = typer.core.TyperCommand(name=name, help=help_text)

    def _adopt(self, module: str) -> None:
        for name, command in load_module_commands(module).items():
            self._module_of.pop(name, None)
            self.commands[name] = command

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(name for name in self._module_of if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in self._module_of:
            return None
        if self._listing:
            return self._listed[cmd_name]
        self._adopt(self._module_of[cmd_name])
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root help: the command list comes from the source-read help, so no command module is imported."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="alpr-tracker",
    cls=LazyGroup,
    help="Watch local government for automated license-plate reader (ALPR) contracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(asked: bool) -> None:
    if asked:
        typer.echo(f"alpr-tracker {package_version('alpr-tracker')}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Watch local government for automated license-plate reader (ALPR) contracts.

    Database: --db on a command or ALPR_TRACKER_DB; default an SQLite file in the working directory.
    """


def main() -> None:
    """Console-script entry point."""
    app()
