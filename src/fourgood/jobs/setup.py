"""What the IT officer prepares: the templates, a framework as an Excel sheet and back, the
Excel add-in and the Windows kit."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import addin, framework as fw, kit, outputs as out_kinds, templates
from ..errors import InputFileError
from ..framework_xlsx import export, import_
from ..messages import msg
from ..outputs import Outputs


def build_templates(output: Path | str, *, lite: bool = False, lang: str = "vi",
                    force: bool = False) -> list[Path]:
    """Write every template (with ``lite``, the xlwings Lite variants) into the folder
    ``output``; a file there that is not an empty template is replaced only with
    ``force``. Returns the paths written."""
    folder = Path(output)
    if folder.is_file():
        raise InputFileError(msg("out_not_folder", path=str(folder)))
    for name in templates.file_names(lite).values():
        out_kinds.check(folder / name, out_kinds.WORKBOOK, force)
    return (templates.build_lite if lite else templates.build_all)(folder, lang)


def export_framework(framework: str | Path, output: Path | str, *, force: bool = False
                     ) -> dict[str, Any]:
    """Write ``framework`` (an id or a file) as an Excel workbook an officer can edit;
    returns the framework."""
    data = fw.load(framework)
    target = Path(output)
    with Outputs((target, out_kinds.FRAMEWORK_XLSX), force=force) as outputs:
        export(data, outputs.staged(target))
    return data


def import_framework(workbook: Path | str, output: Path | str, *, force: bool = False
                     ) -> dict[str, Any]:
    """Read a framework edited in Excel, check it, and write it as JSON to ``output``;
    returns the framework."""
    if not Path(workbook).exists():
        raise InputFileError(msg("cli_file_missing", path=str(workbook)))
    target = Path(output)
    with Outputs((target, out_kinds.FRAMEWORK_JSON), inputs=[Path(workbook)],
                 force=force) as outputs:
        data = import_(workbook)
        outputs.staged(target).write_text(fw.dumps(data), encoding="utf-8")
    return data


def build_addin(output: Path | str, interpreter: str | None = None) -> Path:
    """Write the Excel add-in into the folder (or to the file) ``output``."""
    return addin.build(Path(output), interpreter)


@dataclass
class Installed:
    """Where the add-in was installed (None: no Excel start-up folder here) and the copies
    of it under other names found beside it (whose button would run something else)."""

    path: Path | None
    renamed: list[Path]


def install_addin() -> Installed:
    """Install the add-in into Excel's start-up folder, where there is one."""
    if addin.xlstart() is None:  # nothing written: the officer chooses where with build
        return Installed(None, [])
    with tempfile.TemporaryDirectory(prefix="fourgood-") as tmp:
        installed = addin.install(addin.build(Path(tmp)))
    renamed = [copy for folder in {installed.parent, *addin.addin_folders()}
               for copy in addin.renamed_copies(folder)]
    return Installed(installed, renamed)


@dataclass
class Kit:
    """The Windows installation kit written: its files and its guide among them."""

    files: list[Path]
    guide: Path


def build_kit(output: Path | str, *, force: bool = False) -> Kit:
    """Write the Windows installation kit into the folder ``output``."""
    return Kit(kit.build(Path(output), force=force), Path(output) / kit.GUIDE)


@dataclass
class LiteCode:
    """What ``verify_lite`` found: the files of this release's Lite code that the workbook
    carries otherwise (``changed``), lacks (``missing``) or carries beyond them (``extra``),
    and whether the rest of main.py (header, scripts, loader) or requirements.txt differ."""

    path: Path
    release: str  # this release: "fourgood 1.2.3"
    files: int  # how many files this release's main.py carries
    changed: list[str]
    missing: list[str]
    extra: list[str]
    loader_differs: bool
    requirements_differ: bool

    @property
    def same(self) -> bool:
        """Whether the workbook's code is exactly this release's."""
        return not (self.changed or self.missing or self.extra or self.loader_differs
                    or self.requirements_differ)


def verify_lite(book: Path | str) -> LiteCode:
    """Compare the code an xlwings Lite workbook carries with this release's, file by file
    (read only). Refuses a file that is not a Lite workbook, or is damaged."""
    import json
    import zipfile
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException

    from .. import __version__, lite

    path = Path(book)
    if not path.is_file():
        raise InputFileError(msg("cli_file_missing", path=str(path)))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise InputFileError(msg("lite_damaged", path=str(path)))
        if lite.WEBEXTENSION not in names:
            raise InputFileError(msg("lite_not_lite", path=str(path)))
        code = lite.embedded(path)
    except (zipfile.BadZipFile, ParseError, DefusedXmlException, json.JSONDecodeError,
            TypeError, EOFError, UnicodeDecodeError, zipfile.LargeZipFile):
        raise InputFileError(msg("lite_damaged", path=str(path))) from None
    main = code.get("main.py")
    if not isinstance(main, str):
        raise InputFileError(msg("lite_not_lite", path=str(path)))
    expected = lite.sources()
    carried = lite.files_of(main) or {}
    loaders = {lite.loader_of(lite.main_py(lang)) for lang in ("vi", "en")}
    return LiteCode(
        path=path, release=f"fourgood {__version__}", files=len(expected),
        changed=[n for n in expected if n in carried and carried[n] != expected[n]],
        missing=[n for n in expected if n not in carried],
        extra=sorted(n for n in carried if n not in expected),
        loader_differs=lite.loader_of(main) not in loaders,
        requirements_differ=code.get("requirements.txt") != lite.REQUIREMENTS)
