"""The ``fourgood`` command line. Vietnamese by default; ``--lang en`` for English.

Exit codes: 0 ok, 1 invalid input (reported), 2 usage, 3 internal error (details in a log
file), 130 interrupted.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from . import __version__, api, engine, framework as fw
from .errors import FourgoodError, os_reason
from .layout import YEARS
from .messages import ARGPARSE_CODES, DEFAULT_LANG, LANGS, Message, msg, text
from .roster import TYPE_TITLES
from .workers import MAX_WORKERS

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def log_folder() -> Path:
    """Where the details of unexpected errors go: $FOURGOOD_LOG_DIR, else the user's local
    application data (Windows) or state folder."""
    if os.environ.get("FOURGOOD_LOG_DIR"):
        return Path(os.environ["FOURGOOD_LOG_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "fourgood" / "logs"
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "fourgood"


def _log_error(argv: Sequence[str]) -> Path:
    """Write the current exception with what was run to a new log file; returns its path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    body = (f"fourgood {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
            f"{stamp}: fourgood {' '.join(argv)}\n\n{traceback.format_exc()}")
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f"fourgood-error-{stamp}-", suffix=".log",
                                            dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as log:
                log.write(body)
            return Path(name)
        except OSError:
            continue
    raise RuntimeError("no folder to write the error log")


def _language(argv: Sequence[str]) -> str:
    """The language asked for anywhere on the command line, else $FOURGOOD_LANG, else vi."""
    lang = os.environ.get("FOURGOOD_LANG", DEFAULT_LANG)
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            lang = argv[n + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else DEFAULT_LANG


class _Out:
    """Prints catalogue messages in the chosen language."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, code_or_message: str | Message, *, err: bool = False, **params: Any) -> None:
        message = (code_or_message if isinstance(code_or_message, Message)
                   else msg(code_or_message, **params))
        print(message.text(self.lang), file=sys.stderr if err else sys.stdout)

    def t(self, code: str, **params: Any) -> str:
        return text(code, self.lang, **params)

    def title(self, title: dict[str, str]) -> str:
        return title[self.lang]


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The argument parser, with every help text from the catalogue in ``lang``."""
    t = lambda code, **params: text(code, lang, **params)  # noqa: E731 - a short local alias
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cli_lang"))
    parser = argparse.ArgumentParser(prog="fourgood", description=t("cli_description"),
                                     parents=[common])
    commands = parser.add_subparsers(dest="command", title=t("cli_commands"), required=True,
                                     metavar="{framework,roster,templates,addin,kit,new,fill,"
                                             "consolidate,decide,ledger,lite,score}")

    def group(name: str, code: str, actions: str):
        """A command whose actions are subcommands (``fourgood templates build``)."""
        parser = commands.add_parser(name, help=t(code), parents=[common], description=t(code))
        return parser.add_subparsers(dest="action", title=t("cli_commands"), required=True,
                                     metavar="{" + actions + "}")

    frame_cmds = group("framework", "cli_framework", "list,show,check,export,import")
    frame_cmds.add_parser("list", help=t("cli_framework_list"), parents=[common])
    show = frame_cmds.add_parser("show", help=t("cli_framework_show"), parents=[common])
    show.add_argument("ref", metavar="ID", help=t("cli_framework_ref"))
    show.add_argument("--json", action="store_true", help=t("cli_json"))
    check = frame_cmds.add_parser("check", help=t("cli_framework_check"), parents=[common])
    check.add_argument("ref", metavar="ID|FILE", help=t("cli_framework_ref"))
    export = frame_cmds.add_parser("export", help=t("cli_framework_export"), parents=[common])
    export.add_argument("ref", metavar="ID|FILE", help=t("cli_framework_ref"))
    export.add_argument("-o", "--output", required=True, metavar="F.xlsx", help=t("cli_output"))
    export.add_argument("--force", action="store_true", help=t("cli_force"))
    imp = frame_cmds.add_parser("import", help=t("cli_framework_import"), parents=[common])
    imp.add_argument("xlsx", metavar="F.xlsx", help=t("cli_xlsx_in"))
    imp.add_argument("-o", "--output", required=True, metavar="F.json", help=t("cli_output"))
    imp.add_argument("--force", action="store_true", help=t("cli_force"))

    roster_cmds = group("roster", "cli_roster", "check")
    rcheck = roster_cmds.add_parser("check", help=t("cli_roster_check"), parents=[common])
    rcheck.add_argument("file", metavar="FILE", help=t("cli_roster_file"))

    tpl_cmds = group("templates", "cli_templates", "build,render")
    build = tpl_cmds.add_parser("build", help=t("cli_templates_build"), parents=[common])
    build.add_argument("-o", "--output", default="templates", metavar="DIR", help=t("cli_output_dir"))
    build.add_argument("--lite", action="store_true", help=t("cli_templates_lite"))
    build.add_argument("--force", action="store_true", help=t("cli_force"))
    render = tpl_cmds.add_parser("render", help=t("cli_templates_render"), parents=[common])
    render.add_argument("--templates", default="templates", metavar="DIR", help=t("cli_templates_dir"))
    render.add_argument("-o", "--output", default="build/render", metavar="DIR", help=t("cli_output_dir"))

    addin_cmds = group("addin", "cli_addin", "build,install")
    abuild = addin_cmds.add_parser("build", help=t("cli_addin_build"), parents=[common])
    abuild.add_argument("-o", "--output", default="addin", metavar="DIR", help=t("cli_output_dir"))
    abuild.add_argument("--interpreter", metavar="PYTHON", help=t("cli_addin_interpreter"))
    addin_cmds.add_parser("install", help=t("cli_addin_install"), parents=[common])

    kit_cmds = group("kit", "cli_kit", "build")
    kbuild = kit_cmds.add_parser("build", help=t("cli_kit_build"), parents=[common],
                                 description=t("cli_kit_build"))
    kbuild.add_argument("-o", "--output", required=True, metavar="DIR", help=t("cli_output_dir"))
    kbuild.add_argument("--force", action="store_true", help=t("cli_kit_force"))

    new = commands.add_parser("new", help=t("cli_new"), parents=[common], description=t("cli_new"))
    new.add_argument("--roster", required=True, metavar="R", help=t("cli_roster_file"))
    which = new.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", metavar="ID", help=t("cli_new_unit"))
    which.add_argument("--all", action="store_true", help=t("cli_new_all"))
    new.add_argument("--year", required=True, metavar="Y",
                     type=_int_type(lang, YEARS[0], YEARS[-1], "cli_bad_year"),
                     help=t("cli_year"))
    new.add_argument("-o", "--output", required=True, metavar="FILE|DIR", help=t("cli_output"))
    new.add_argument("--templates", metavar="DIR", help=t("cli_templates_dir"))
    new.add_argument("--framework", action="append", metavar="F.json",
                     help=t("cli_local_framework"))
    new.add_argument("--force", action="store_true", help=t("cli_new_force"))

    fill = commands.add_parser("fill", help=t("cli_fill"), parents=[common], description=t("cli_fill"))
    fill.add_argument("file", metavar="FILE", help=t("cli_fill_file"))
    fill.add_argument("--values", required=True, metavar="V.json", help=t("cli_fill_values"))
    fill.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help=t("cli_output"))
    fill.add_argument("--force", action="store_true", help=t("cli_force"))

    cons = commands.add_parser("consolidate", help=t("cli_consolidate"), parents=[common],
                               description=t("cli_consolidate"))
    cons.add_argument("inbox", nargs="+", metavar="INBOX", help=t("cli_inbox"))
    cons.add_argument("--roster", required=True, metavar="R", help=t("cli_roster_file"))
    cons.add_argument("--year", type=_int_type(lang, YEARS[0], YEARS[-1], "cli_bad_year"),
                      metavar="Y", help=t("cli_year"))
    cons.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=t("cli_month"))
    cons.add_argument("--quarter", type=_int_type(lang, 1, 3, "cli_bad_quarter"), metavar="N",
                      help=t("cli_quarter"))
    cons.add_argument("-o", "--output", required=True, metavar="REPORT.xlsx", help=t("cli_report"))
    cons.add_argument("--json", metavar="SUMMARY.json", help=t("cli_summary_json"))
    cons.add_argument("--ledger", metavar="LEDGER.sqlite", help=t("cli_ledger"))
    cons.add_argument("--into", metavar="COMMITTEE.xlsx", help=t("cli_into"))
    cons.add_argument("--workers", type=_int_type(lang, 1, MAX_WORKERS), metavar="N",
                      help=t("cli_workers", most=MAX_WORKERS))
    cons.add_argument("--deadline-days", type=_int_type(lang, 0, 366), default=10, metavar="N",
                      help=t("cli_deadline"))
    cons.add_argument("--framework", action="append", metavar="F.json",
                      help=t("cli_local_framework"))
    cons.add_argument("--force", action="store_true", help=t("cli_force"))

    decide = commands.add_parser("decide", help=t("cli_decide"), parents=[common],
                                 description=t("cli_decide"))
    decide.add_argument("workbook", metavar="WORKBOOK.xlsx", help=t("cli_decide_workbook"))
    decide.add_argument("--roster", required=True, metavar="R", help=t("cli_roster_file"))
    decide.add_argument("--ledger", required=True, metavar="LEDGER.sqlite",
                        help=t("cli_decide_ledger"))
    decide.add_argument("--notices", metavar="DIR", help=t("cli_notices"))
    decide.add_argument("--framework", action="append", metavar="F.json",
                        help=t("cli_local_framework"))
    decide.add_argument("--force", action="store_true", help=t("cli_new_force"))

    ledger_cmds = group("ledger", "cli_ledger_group", "verify")
    verify = ledger_cmds.add_parser("verify", help=t("cli_verify"), parents=[common],
                                    description=t("cli_verify"))
    verify.add_argument("ledger", metavar="LEDGER.sqlite", help=t("cli_decide_ledger"))
    verify.add_argument("--head", metavar="CODE", help=t("cli_head"))

    lite_cmds = group("lite", "cli_lite_group", "verify")
    lverify = lite_cmds.add_parser("verify", help=t("cli_lite_verify"), parents=[common],
                                   description=t("cli_lite_verify"))
    lverify.add_argument("book", metavar="BOOK.xlsx", help=t("cli_lite_book"))

    score = commands.add_parser("score", help=t("cli_score"), parents=[common],
                                description=t("cli_score"))
    score.add_argument("--framework", required=True, metavar="ID", help=t("cli_framework_ref"))
    score.add_argument("--input", required=True, metavar="FILE.json", help=t("cli_score_input"))
    score.add_argument("--json", action="store_true", help=t("cli_json"))
    return parser


def _int_type(lang: str, first: int, last: int, code: str = "cli_bad_number"
              ) -> Callable[[str], int]:
    """An argparse type: a whole number from ``first`` to ``last``; otherwise the message
    ``code`` in ``lang``."""
    def number(text_value: str) -> int:
        try:
            value = int(text_value)
        except ValueError:
            value = None
        if value is None or not first <= value <= last:
            raise argparse.ArgumentTypeError(text(code, lang, value=text_value,
                                                  first=first, last=last))
        return value
    return number


def _translate_argparse(lang: str) -> None:
    """Have argparse's own phrases ("usage:", "options", errors) follow the catalogue."""
    argparse._ = lambda s: text(ARGPARSE_CODES[s], lang) if s in ARGPARSE_CODES else s


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    _translate_argparse(lang)
    args = build_parser(lang).parse_args(argv)
    out = _Out(lang)
    handler = HANDLERS[(args.command, getattr(args, "action", None))]
    try:
        return handler(args, out)
    except BrokenPipeError:  # output piped into a pager or `head` that stopped reading
        sys.stderr.close()
        return EXIT_OK
    except FourgoodError as exc:
        out(exc.message, err=True)
        for problem in exc.problems:
            print("  - " + problem.text(lang), file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:  # a folder that cannot be written, a disk that is full, …
        out("cli_os_error", err=True, path=exc.filename or "", detail=os_reason(exc))
        return EXIT_INVALID
    except KeyboardInterrupt:
        out("cli_interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception:  # a fault of fourgood's own: one line for the officer, details logged
        doing = " ".join(filter(None, ("fourgood", args.command, getattr(args, "action", None))))
        out("cli_internal_error", err=True, doing=doing, log=str(_log_error(argv)))
        return EXIT_INTERNAL


def _framework_list(args: argparse.Namespace, out: _Out) -> int:
    out("cli_list_header")
    for framework_id in fw.shipped_ids():
        data = fw.load_raw(framework_id)
        print(f"{data['id']} | {data['version']} | {out.t('fw_type_' + data['kind'])} | "
              f"{out.title(data['title'])}")
    return EXIT_OK


def _source(out: _Out, source: dict[str, str]) -> str:
    return f"[{out.t('cli_source_' + source['status'])}: {source['ref']}]"


def _kind_text(out: _Out, item: dict[str, Any]) -> str:
    """How an item is filled in, in words: its points, target, answer or source."""
    kind = item["kind"]
    if kind == "points":
        return out.t("fw_kind_points", max=item["max"], step=item.get("step", 1))
    if kind == "percent":
        return out.t("fw_kind_percent_target" if "target" in item else "fw_kind_percent",
                     target=item.get("target"))
    if kind == "linked":
        return out.t("fw_kind_linked", max=item["max"],
                     sheet=out.title(fw.load_raw(item["link"]["framework"])["title"]))
    if kind == "derived":
        return out.t("fw_kind_derived", target=item.get("target", 100))
    return out.t("fw_kind_met")


def _condition_text(out: _Out, cond: dict[str, Any], data: dict[str, Any],
                    model: engine.Model) -> str:
    """A rule's condition in words: «tổng điểm ≥ 90», «không có phủ quyết»…"""
    ref, op, value = cond["ref"], {">=": "≥", "<=": "≤"}.get(cond["op"], cond["op"]), cond["value"]
    kind, _, key = ref.partition(":")
    if kind in ("veto_count", "periods_with_veto") and op == "=" and value == 0:
        return out.t(f"fw_cond_no_{kind}")
    if kind == "rating":
        ruleset = fw.load_raw(data["year_rollup"]["rating_rulesets"][0])
        level = next(lvl for lvl in ruleset["levels"] if lvl["id"] == value)
        return out.t("fw_cond_rating", level=out.title(level["title"]))
    if kind in ("min_band", "band_count"):
        band = next(b for b in data["bands"] if b["id"] == (value if kind == "min_band" else key))
        return out.t(f"fw_cond_{kind}", band=out.title(band["title"]), op=op, value=value)
    if kind == "item":
        return out.t("fw_cond_item", item=model.labels.get(key, key), op=op, value=value)
    if kind == "min_criterion_ratio":
        if data.get("scoring") == "met" and value == 1:
            return out.t("fw_cond_all_criteria", count=len(data["criteria"]))
        value = engine.excel_round(100 * value, 2)
    return out.t(f"fw_cond_{kind}", op=op, value=value)


def _framework_show(args: argparse.Namespace, out: _Out) -> int:
    data = fw.load(args.ref)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{out.title(data['title'])} ({data['id']} {data['version']})")
    if "description" in data:
        print(out.title(data["description"]))
    print(_source(out, data["source"]))
    print(out.t("fw_ids_note"))
    model = engine.Model(data)
    for crit in data["criteria"]:
        head = out.t("label_criterion", n=model.labels[crit["id"]])
        maximum = f" — {out.t('fw_points', max=crit['max'])}" if "max" in crit else ""
        print(f"\n{head}{maximum}: {out.title(crit['title'])} {_source(out, crit['source'])}")
        for item in crit["items"]:
            print(f"  {model.labels[item['id']]} [{item['id']}] {out.title(item['title'])} "
                  f"({_kind_text(out, item)})")
    for key in ("indicators", "vetoes", "bands", "levels"):
        if data.get(key):
            print(f"\n{out.t('fw_section_' + key)}")
        for entry in data.get(key, []):
            extra = f" ({out.t('fw_from_points', min=entry['min'])})" if "min" in entry else ""
            typed = key in ("indicators", "vetoes") and "when" not in entry  # an input
            ref = f"[{entry['id']}] " if typed else ""
            print(f"- {ref}{out.title(entry['title'])}{extra}")
    for rule in ("achievement", "year_rollup"):
        if rule in data:
            conds = "; ".join(_condition_text(out, c, data, model)
                              for c in data[rule]["conditions"])
            print(f"\n{out.title(data[rule]['title'])}: {conds} "
                  f"{_source(out, data[rule]['source'])}")
    if "quota" in data:
        top = next(lvl for lvl in data["levels"] if lvl["id"] == data["quota"]["level"])
        print(f"\n{out.t('fw_section_quota', level=out.title(top['title']))} "
              f"{engine.quota_rule(data).text(out.lang)} {_source(out, data['quota']['source'])}")
    return EXIT_OK


def _framework_check(args: argparse.Namespace, out: _Out) -> int:
    data = fw.load(args.ref)
    out("cli_check_ok", id=data["id"], version=data["version"], hash=fw.framework_hash(data)[:12])
    return EXIT_OK


def _framework_export(args: argparse.Namespace, out: _Out) -> int:
    api.export_framework(args.ref, args.output, force=args.force)
    out("cli_written", path=args.output)
    return EXIT_OK


def _framework_import(args: argparse.Namespace, out: _Out) -> int:
    data = api.import_framework(args.xlsx, args.output, force=args.force)
    out("cli_check_ok", id=data["id"], version=data["version"], hash=fw.framework_hash(data)[:12])
    out("cli_written", path=args.output)
    return EXIT_OK


def _roster_check(args: argparse.Namespace, out: _Out) -> int:
    tree = api.load_roster(args.file)
    out("roster_ok", count=len(tree), depth=tree.depth(), roots=len(tree.roots))
    for type_id, titles in TYPE_TITLES.items():
        count = sum(1 for u in tree.units.values() if u.type == type_id)
        if count:
            out("roster_by_type", type=out.title(titles), count=count)
    return EXIT_OK


def _templates_build(args: argparse.Namespace, out: _Out) -> int:
    for path in api.build_templates(args.output, lite=args.lite, lang=out.lang, force=args.force):
        out("cli_written", path=str(path))
    return EXIT_OK


def _lite_verify(args: argparse.Namespace, out: _Out) -> int:
    found = api.verify_lite(args.book)
    if found.same:
        out("lite_verify_same", path=args.book, release=found.release, count=found.files)
        return EXIT_OK
    out("lite_verify_differs", path=args.book, release=found.release)
    lines = [out.t("lite_verify_changed", name=n) for n in found.changed]
    lines += [out.t("lite_verify_missing", name=n) for n in found.missing]
    lines += [out.t("lite_verify_extra", name=n) for n in found.extra]
    lines += [out.t("lite_verify_loader")] * found.loader_differs
    lines += [out.t("lite_verify_requirements")] * found.requirements_differ
    for line in lines:
        print("  - " + line)
    return EXIT_INVALID


def _addin_build(args: argparse.Namespace, out: _Out) -> int:
    out("cli_addin_built", path=str(api.build_addin(args.output, args.interpreter)))
    return EXIT_OK


def _addin_install(args: argparse.Namespace, out: _Out) -> int:
    installed = api.install_addin()
    if installed.path is None:
        out("cli_addin_manual")
        return EXIT_OK
    out("cli_addin_installed", path=str(installed.path))
    for renamed in installed.renamed:
        out("cli_addin_renamed", err=True, path=str(renamed), name=str(installed.path))
    return EXIT_OK


def _kit_build(args: argparse.Namespace, out: _Out) -> int:
    built = api.build_kit(args.output, force=args.force)
    out("cli_kit_built", path=args.output, guide=str(built.guide),
        wheels=sum(1 for f in built.files if f.suffix == ".whl"))
    return EXIT_OK


def _templates_render(args: argparse.Namespace, out: _Out) -> int:
    for page in api.render(args.templates, args.output):
        out("cli_written", path=str(page))
    return EXIT_OK


def _new(args: argparse.Namespace, out: _Out) -> int:
    def said(n: int, total: int, path: Path, template: str | None) -> None:
        if template is None:
            out("cli_new_kept", n=n, count=total, path=str(path))
        else:
            out("cli_new_written", n=n, count=total, path=str(path), template=template)

    made = api.make(args.roster, args.year, args.output, unit=None if args.all else args.unit,
                    templates_dir=args.templates, frameworks=args.framework, lang=out.lang,
                    force=args.force, progress=said)
    if made.kept:
        out("cli_new_kept_summary", kept=len(made.kept), made=len(made.written))
    return EXIT_OK


def _fill(args: argparse.Namespace, out: _Out) -> int:
    parts = api.fill(args.file, args.values, args.output, force=args.force)
    out("cli_filled", path=args.output, parts=len(parts))
    return EXIT_OK


class _Progress:
    """A progress bar on the terminal (standard error); silent when it is not a terminal."""

    def __init__(self, out: _Out):
        self.out, self.shown = out, False

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        label = self.out.t("progress", done=done, total=total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{100 * done // max(total, 1)}%")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _consolidate(args: argparse.Namespace, out: _Out) -> int:
    progress = _Progress(out)
    try:
        done = api.consolidate(args.inbox, args.roster, args.output, ledger=args.ledger,
                               summary=args.json, into=args.into, year=args.year,
                               month=args.month, quarter=args.quarter, workers=args.workers,
                               deadline_days=args.deadline_days, frameworks=args.framework,
                               force=args.force, lang=out.lang, progress=progress)
    finally:
        progress.close()
    if done.older:
        out("into_older_template", path=str(done.into))
    if done.into:
        out("consolidate_into", path=str(done.into), units=len(done.listed))
    for line in done.lines:
        print(line)
    if done.wrong_year:
        print(done.wrong_year, file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _decide(args: argparse.Namespace, out: _Out) -> int:
    """Record the appraisals and decisions typed in a workbook, all checked first; a paper
    for each decision number."""
    done = api.decide(args.workbook, args.roster, args.ledger, papers=args.notices,
                      frameworks=args.framework, force=args.force)
    if not done.recorded:
        out("dec_nothing", skipped=len(done.skipped), head=done.check, seq=done.seq)
        return EXIT_OK
    out("dec_done", ledger=str(done.ledger), skipped=len(done.skipped), head=done.check,
        seq=done.seq, **done.counts)
    for number, paper in done.papers.items():
        out("dec_notice", number=number, path=str(paper))
    if done.missing:
        out("dec_paper_missing", err=True, missing=done.missing)
    return EXIT_OK


def _verify(args: argparse.Namespace, out: _Out) -> int:
    """Say whether a ledger's decision record was altered, and where first."""
    found = api.verify(args.ledger, args.head)
    out(found.message(), err=not found.ok)
    return EXIT_OK if found.ok else EXIT_INVALID


def _score(args: argparse.Namespace, out: _Out) -> int:
    result = api.score(args.framework, args.input)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif isinstance(result, engine.RatedYear):
        _print_quarters(result, out)
    else:
        _print_result(result, out)
    if isinstance(result, engine.RatedYear):
        periods = [*result.quarters.values(), result.year]
        return EXIT_INVALID if result.errors or any(
            p.status == "incomplete" for p in periods) else EXIT_OK
    return EXIT_INVALID if result.errors else EXIT_OK


def _print_quarters(rated: engine.RatedYear, out: _Out) -> None:
    """A ruleset's quarters, then the year with its flags."""
    data = fw.load(rated.framework)
    out("res_year_header", framework=out.title(data["title"]))
    periods = [(msg(f"period_q{k}"), r) for k, r in rated.quarters.items()]
    for name, result in periods + [(msg("period_year"), rated.year)]:
        if result.status == "blank":
            level = out.t("rep_quarter_blank")
        elif result.status == "incomplete":
            level = out.t("tpl_status_incomplete")
        else:
            level = _level_title(data, result.rating, out)
        out("res_period_level", period=name, total=result.total, max=result.max, level=level)
        for line in result.gaps if result.status == "complete" else result.errors:
            print("    • " + (line.text(out.lang) if isinstance(line, Message)
                             else line.message.text(out.lang)))
    for flag in rated.flags:
        print("  ! " + flag.text(out.lang))
    for error in rated.errors:
        print("  ! " + error.message.text(out.lang))


def _print_result(result: engine.PeriodResult | engine.YearResult, out: _Out) -> None:
    data = fw.load(result.framework)
    name = out.title(data["title"])
    if isinstance(result, engine.YearResult):
        out("res_year_header", framework=name)
        out("res_periods", assessed=result.periods_assessed, achieved=result.periods_achieved,
            veto=result.periods_with_veto)
        if result.total is not None:
            out("res_average")
            out("res_total", total=result.total, max=result.max)
        if result.rating:
            out("res_rating", value=_level_title(data, result.rating, out))
        label = "label_recognized" if result.recognized else "label_not_recognized"
        out("res_recognition", value=out.t(label))
    else:
        out("res_header", framework=name, period=result.period or "—")
        met_mode = data.get("scoring") == "met"
        final = result.complete  # else the total is what was typed so far, and no band
        out(("res_met_count" if met_mode else "res_total") + ("" if final else "_partial"),
            total=result.total, max=result.max)
        for crit in result.criteria:
            mark = {True: " ✓", False: " ✗", None: ""}[crit.achieved]
            label = out.t("label_criterion", n=crit.number)
            if met_mode:
                value = out.t("label_met" if crit.score == crit.max else "label_not_met")
                out("res_criterion_met", label=label, value=value, title=crit.title)
            else:
                out("res_criterion", label=label, score=crit.score, max=crit.max, mark=mark,
                    title=crit.title)
        if result.vetoes:
            titles = [engine.Model(data).titles[v] for v in result.vetoes]
            out("res_vetoes", value=titles)
        if "achievement" in data:
            value = {True: "label_four_good", False: "label_not_four_good",
                     None: "label_incomplete"}[result.four_good]
            out("res_four_good", value=out.t(value))
        for linked in result.linked.values() if final else ():
            if linked.band:
                out("res_band", value=_band_title(fw.load(linked.framework), linked.band, out))
        if result.band and final:
            out("res_band", value=_band_title(data, result.band, out))
        if result.rating and final:
            out("res_rating", value=_level_title(data, result.rating, out))
    out("res_gaps")
    for gap in result.gaps:
        print("  • " + gap.text(out.lang))
    if not result.gaps:
        out("res_no_gaps")
    if result.errors:
        out("res_errors")
        for error in result.errors:
            prefix = f"[{error.period}] " if error.period else ""
            print(f"  ! {prefix}{error.message.text(out.lang)}")


def _band_title(data: dict[str, Any], band: str, out: _Out) -> str:
    return out.title(next(b["title"] for b in data["bands"] if b["id"] == band))


def _level_title(data: dict[str, Any], level: str, out: _Out) -> str:
    levels = data.get("levels") or fw.load(data["year_rollup"]["rating_rulesets"][0])["levels"]
    return next((out.title(lvl["title"]) for lvl in levels if lvl["id"] == level), level)


HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace, _Out], int]] = {
    ("framework", "list"): _framework_list,
    ("framework", "show"): _framework_show,
    ("framework", "check"): _framework_check,
    ("framework", "export"): _framework_export,
    ("framework", "import"): _framework_import,
    ("roster", "check"): _roster_check,
    ("templates", "build"): _templates_build,
    ("addin", "build"): _addin_build,
    ("addin", "install"): _addin_install,
    ("kit", "build"): _kit_build,
    ("templates", "render"): _templates_render,
    ("new", None): _new,
    ("fill", None): _fill,
    ("consolidate", None): _consolidate,
    ("score", None): _score,
    ("decide", None): _decide,
    ("ledger", "verify"): _verify,
    ("lite", "verify"): _lite_verify,
}

if __name__ == "__main__":
    sys.exit(main())
