"""Regenerate the Lào Cai pilot's inboxes of 2024.

samples/inbox-lao-cai-2024/ holds January–March (the month): every workbook made with
fourgood's own `new` and `fill`, then saved by a spreadsheet (LibreOffice recalculates it,
so it carries cached results as a file saved in Excel does), and e-mailed to the city board
or dropped in a folder; each committee's «Chi bộ trực thuộc» sheet lists its cells with the
results of the workbooks they sent. It holds, on purpose: a resubmission, a late report, a tampered
result, a unit that sent nothing, a workbook of another year, a workbook that is not a
template, an e-mail with two attachments, an e-mail without attachment and a corrupted file.

samples/inbox-lao-cai-2024-quy/ holds the year so far by quarter: each unit's workbook
e-mailed in the weeks before each quarter's report is due (quarters I–III, Regulation 366),
with its months to date and its quarters self-assessed; one unit reports quarter III late,
one records a veto in quarter II, one sends nothing; Kim Tân's committee has decided one of
its two cells' quarter III in its workbook.

samples/quyet-dinh-lao-cai-2024/ holds what the city's office types on its «Thẩm định,
quyết định» sheet for quarter III (values for `fourgood fill`): a first try that `decide`
refuses, the corrected one, a re-rating.

Run: .venv/bin/python scripts/make_sample_inbox.py   (needs LibreOffice)
"""
from __future__ import annotations

import json
import random
import shutil
import tempfile
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl

from fourgood import assess, decisions, engine, framework, layout, namedcells, render, templates
from fourgood import roster as rosters

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "samples" / "roster-lao-cai-2024.json"
INBOX = ROOT / "samples" / "inbox-lao-cai-2024"
QUARTER_INBOX = ROOT / "samples" / "inbox-lao-cai-2024-quy"
BOARD = "btc-thanhuy@lao-cai.example"
FRAMEWORKS = framework.shipped()
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
MONTHS = (1, 2, 3)
MISSING = "cb-y-te-khoa-noi"          # sends nothing
RESUBMITS = "cb-toa-an-thanh-pho"     # a first workbook with a mistake, then the fixed one
LATE = "cb-thpt-so-1"                 # reports on 25 April, after the deadline
TAMPERED = "cb-kim-tan-tdp-5"         # overwrote March's total with 100
OTHER_YEAR = "cb-pom-han-tdp-3"       # also sends last year's workbook by mistake
FORWARDS = "dbcs-xa-cam-duong"        # forwards its two cells' workbooks in one e-mail
BROKEN = "dbcs-cong-an-thanh-pho"     # first sends a truncated file, then a good one
# the quarters: when each round is sent (before the 15th of the quarter's last month), the
# months filled by then
ROUNDS = {1: (datetime(2024, 3, 8, 8, 0, tzinfo=timezone.utc), 2),
          2: (datetime(2024, 6, 7, 8, 0, tzinfo=timezone.utc), 5),
          3: (datetime(2024, 9, 6, 8, 0, tzinfo=timezone.utc), 8)}
LATE_QUARTER = (LATE, 3, datetime(2024, 9, 20, 9, 0, tzinfo=timezone.utc))  # after 15/9
VETO_QUARTER = ("cb-pom-han-tdp-8", 2)  # internal disunity recorded in quarter II
# Kim Tân's committee decides one of its two cells' quarter III before sending its workbook
# (the other waits): the city cannot decide Kim Tân for quarter III yet (Art. 12.2).
DECIDING = ("dbcs-phuong-kim-tan", "cb-kim-tan-tdp-1", "05-QĐ/ĐU", "2024-09-05")
DECISIONS = ROOT / "samples" / "quyet-dinh-lao-cai-2024"  # what the city's office types
RERATED = "cb-toa-an-thanh-pho"  # its quarter III re-rated after the decision


def cell_month(rng: random.Random, good: bool) -> dict:
    values = {"c1.1": 14.5, "c1.2": 9.5, "c1.3": 5, "c2.2": 4.5, "c2.3": 4.5, "c3.1": 10,
              "c3.2": 9.5, "c3.3": 5, "c4.1": 9.5, "c4.2": 5, "c4.3": 4.5, "c4.4": 4.5,
              "v-ky-luat": "Không", "v-mat-doan-ket": "Không"}
    if not good:
        values.update({"c2.2": rng.choice([1.5, 2]), "c2.3": 2.5})
    for key in ("c1.1", "c3.2", "c4.1"):
        values[key] -= rng.choice([0, 0.5, 1])
    meeting = {"m1.1": 5, "m1.2": 5, "m1.3": 4.5, "m2.1": 10, "m2.2": 5, "m2.3": 5, "m3.1": 10,
               "m3.2": 9, "m3.3": rng.choice([12, 13, 14]), "m3.4": 9, "m4.1": 9.5, "m4.2": 10}
    return {"values": values, "linked": {"sinh-hoat-chi-bo": {"values": meeting}}}


def committee_month(rng: random.Random, good: bool) -> dict:
    values = {"c1.1": "Đạt", "c2.1": "Đạt", "c2.2": "Đạt", "c3.1": 100 if good else 96,
              "c4.1": "Đạt", "c6.1": "Đạt", "c7.1": 100, "c8.1": "Đạt", "c9.1": 100}
    return {"values": values}


def rating(rng: random.Random, level: str) -> dict:
    values = {"g.1": 27, "k.1": 62, "dung-han": 100, "vuot": 20, "tre-han": 0, "hoan-thanh": 100,
              "khong-ky-luat": "Đạt", "khac-phuc": "Đạt"}
    if level == "htxsnv":
        values.update({"g.1": 29, "k.1": 66, "vuot": 40})
    elif level == "htnv":
        values.update({"dung-han": 90, "tre-han": 10, "k.1": 50})
    return {"framework": "xep-loai-366", "values": values}


def quarter(rng: random.Random, level: str, veto: bool = False) -> dict:
    """A quarter's self-assessment on the 366 form, near ``level``."""
    values = dict(rating(rng, level)["values"])
    values["g.1"] -= rng.choice([0, 0.5, 1])
    values["k.1"] += rng.choice([-1, 0, 0.5]) if level != "htxsnv" else 0
    if veto:
        values["v-mat-doan-ket"] = "Có"
    return {"values": values}


def quarter_document(unit, rounds: int, months: int) -> dict:
    """A unit's workbook as sent for quarter ``rounds``: its months to date and its
    quarters, each the same in every round (seeded by the unit and the period)."""
    make = cell_month if unit.type == "chi-bo" else committee_month
    periods, quarters = {}, {}
    for m in range(1, months + 1):
        rng = random.Random(f"{unit.id}-month-{m}")
        periods[str(m)] = make(rng, good=rng.random() > 0.12)
    for q in range(1, rounds + 1):
        rng = random.Random(f"{unit.id}-quarter-{q}")
        level = rng.choices(["httnv", "htxsnv", "htnv"], weights=[5, 3, 1])[0]
        quarters[str(q)] = quarter(rng, level, veto=(unit.id, q) == VETO_QUARTER)
    return {"info": {"secretary": f"Bí thư {unit.name.split()[-1]}",
                     "members": 8 + len(unit.id) % 30},
            "periods": periods, "quarters": quarters,
            "rating": {"framework": "xep-loai-366", "values": {}}}


def document(unit, rng: random.Random, broken_months: tuple[int, ...] = ()) -> dict:
    make = cell_month if unit.type == "chi-bo" else committee_month
    periods = {str(m): make(rng, good=m not in broken_months and rng.random() > 0.12)
               for m in MONTHS}
    level = rng.choice(["httnv", "httnv", "httnv", "htxsnv", "htnv"])
    return {"info": {"secretary": f"Bí thư {unit.name.split()[-1]}", "members": rng.randint(8, 40)},
            "periods": periods, "rating": rating(rng, level)}


def set_saved_at(path: Path, moment: datetime) -> None:
    """Set docProps/core.xml's modified time, as the spreadsheet that saved it would."""
    namedcells.write(path, {}, path, saved_at=moment)


def cell_results(path: Path) -> dict[str, bool | None]:
    """A cell's Four-good, month by month, as its workbook's own inputs give it (what the
    consolidation recomputes); None for a month not complete."""
    named = namedcells.read(path)
    spec = layout.TEMPLATES[named[layout.meta_name("template_id")]]
    doc = layout.names_to_document(spec, FRAMEWORKS, named)
    return {m: r.four_good if r.status == "complete" else None
            for m, r in assess.evaluate_months(spec, FRAMEWORKS, doc).items()}


def with_cells(tree, unit, doc: dict, results: dict[str, dict[str, bool | None]]) -> dict:
    """A committee's document with its «Chi bộ trực thuộc» sheet filled as its office types
    it from its cells' workbooks (``results``: cell -> month -> Four-good): each of its cells,
    with its result in each month the committee assesses (blank for a cell that sent
    nothing); a cell's document as it is."""
    if unit.type == "chi-bo":
        return doc
    months = [m for m, period in doc["periods"].items() if period.get("values")]
    return {**doc, "subordinates": [
        {"id": cell.id, "name": cell.name,
         "months": {m: results.get(cell.id, {}).get(m) for m in months}}
        for cell in tree.children(unit.id) if cell.type == "chi-bo"]}


def mail(path: Path, sender: str, subject: str, moment: datetime,
         files: list[tuple[str, bytes]], number: int, body: str) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = BOARD
    message["Subject"] = subject
    message["Date"] = format_datetime(moment)
    message.set_content(body)
    for name, data in files:
        message.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    message.set_boundary(f"fourgood-sample-{number:03d}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))


def quarter_inbox(tree, tmp: Path) -> None:
    """The quarters' inbox: each unit's workbook of each round, e-mailed before it is due."""
    plans = []
    for q, (when, months) in ROUNDS.items():
        for unit in tree.units.values():
            if unit.parent is not None and unit.id != MISSING:
                plans.append((q, unit, quarter_document(unit, q, months)))
    made: dict[int, Path] = {}
    results: dict[int, dict[str, dict]] = {q: {} for q in ROUNDS}  # round -> cell -> months
    for n, (q, unit, doc) in sorted(enumerate(plans), key=lambda p: (
            p[1][0], p[1][1].type != "chi-bo")):  # each round's cells before its committees
        blank = tmp / "quy" / "new" / f"{unit.id}-{q}.xlsx"
        templates.new_workbook(tree, unit.id, 2024, blank, ROOT / "templates", tmp)
        filled = tmp / "quy" / "filled" / f"{unit.id}-{q}.xlsx"
        templates.fill(blank, with_cells(tree, unit, doc, results[q]), filled)
        if (unit.id, q) == (DECIDING[0], 3):
            namedcells.write(filled, committee_decisions(tree, DECIDING[0]), filled)
        if unit.type == "chi-bo":
            results[q][unit.id] = cell_results(filled)
        made[n] = filled
    saved = render.convert([made[n] for n in range(len(plans))], tmp / "quy" / "saved")
    if QUARTER_INBOX.exists():
        shutil.rmtree(QUARTER_INBOX)
    for n, ((q, unit, _), path) in enumerate(zip(plans, saved)):
        when = ROUNDS[q][0].replace(day=ROUNDS[q][0].day + n % 6, hour=7 + n % 9)
        if (unit.id, q) == LATE_QUARTER[:2]:
            when = LATE_QUARTER[2]
        set_saved_at(path, when.replace(minute=0, hour=when.hour - 1))
        roman = "I" * q
        mail(QUARTER_INBOX / f"quy-{q}" / f"{when:%Y-%m-%d}_{unit.id}.eml",
             f"{unit.name} <{unit.email}>",
             f"Báo cáo tự đánh giá, xếp loại chất lượng quý {roman}/2024 — {unit.name}", when,
             [(f"{unit.id}.xlsx", path.read_bytes())], 100 * q + n % 100,
             f"Kính gửi Ban Tổ chức Thành ủy,\n{unit.name} gửi sổ tự đánh giá, có báo cáo "
             f"quý {roman}/2024.\n")


def proposal(unit, quarter: int) -> tuple[str, float]:
    """A unit's proposed level and points of a quarter, as its workbook computes them."""
    doc = quarter_document(unit, quarter, 0)
    rated = engine.rate_year(FRAMEWORKS["xep-loai-366"], {"values": {}}, doc["quarters"],
                             FRAMEWORKS, strict=True).quarters[str(quarter)]
    return rated.rating, rated.total


def committee_decisions(tree, committee: str) -> dict:
    """Its «Thẩm định, quyết định» rows as --into fills them, and one cell decided."""
    cells = [u for u in tree.children(committee)]
    keys = [(u, p) for u in cells for p in layout.PERIODS]
    titles = {lvl["id"]: lvl["title"]["vi"] for lvl in FRAMEWORKS["xep-loai-366"]["levels"]}
    pad = [None] * (layout.DECISION_ROWS - len(keys))
    proposals = {(u.id, p): proposal(u, int(p)) if p != "year" else (None, None)
                 for u, p in keys}
    values = {"FG_DEC_UNIT": [u.id for u, _ in keys] + pad,
              "FG_DEC_NAME": [u.name for u, _ in keys] + pad,
              "FG_DEC_PERIOD": [decisions.period_title(p).text("vi") for _, p in keys] + pad,
              "FG_DEC_GROUP": [tree.quota_key(u.id, committee) for u, _ in keys] + pad,
              "FG_DEC_POINTS": [proposals[(u.id, p)][1] for u, p in keys] + pad,
              "FG_DEC_PROPOSED": [titles.get(proposals[(u.id, p)][0]) for u, p in keys] + pad}
    _, cell, number, day = DECIDING
    row = keys.index((tree[cell], "3"))
    values.update({"FG_DEC_LEVEL": {row: titles[proposals[(cell, "3")][0]]},
                   "FG_DEC_NUMBER": {row: number},
                   "FG_DEC_DAY": {row: date.fromisoformat(day)}})
    return values


def city_decisions(tree) -> None:
    """The city office's typing for quarter III, as values for `fourgood fill`: a first try
    that decides every unit under the city as it proposed (refused: committees before their
    cells, groups over their quota), the corrected one (its cells decided within the quota,
    the committees appraised), then a re-rating."""
    city = tree.roots[0].id
    children = tree.children(city)
    first, second = [], []
    for unit in children:
        level, _ = proposal(unit, 3)
        first.append({"unit": unit.id, "period": "3", "appraised": level, "level": level,
                      "number": "15-QĐ/TU", "day": "2024-10-10"})
        if tree.children(unit.id):
            second.append({"unit": unit.id, "period": "3", "appraised": level,
                           "remark": "Chờ đảng ủy quyết định các chi bộ trực thuộc"})
        else:
            decided = "httnv" if level == "htxsnv" else level
            second.append({"unit": unit.id, "period": "3", "appraised": level, "level": decided,
                           "number": "15-QĐ/TU", "day": "2024-10-10",
                           **({"reason": "Đề xuất vượt tỷ lệ 20 % của nhóm"}
                              if decided != level else {})})
    before = next(r for r in second if r["unit"] == RERATED)["level"]
    levels = [lvl["id"] for lvl in FRAMEWORKS["xep-loai-366"]["levels"]]
    rerating = [{"unit": RERATED, "period": "3", "level": levels[levels.index(before) + 1],
                 "number": "18-QĐ/TU", "day": "2024-10-25", "rerate": True,
                 "reason": "Phát hiện chi bộ báo cáo chưa đúng kết quả thực hiện nhiệm vụ"}]
    if DECISIONS.exists():
        shutil.rmtree(DECISIONS)
    DECISIONS.mkdir(parents=True)
    info = {"parent_name": "Đảng bộ tỉnh Lào Cai", "secretary": "Nguyễn Văn Thành"}  # signs
    for name, rows in (("quy-3-lan-1", first), ("quy-3", second),
                       ("quy-3-xep-loai-lai", rerating)):
        (DECISIONS / f"{name}.json").write_text(
            json.dumps({"info": info, "decisions": rows}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")


def main() -> None:
    tree = rosters.load(ROSTER)
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        plans = []
        for unit in tree.units.values():
            if unit.parent is None or unit.id == MISSING:
                continue
            plans.append((unit.id, unit, 2024, document(unit, rng)))
        first = tree[RESUBMITS]
        plans.append((f"{RESUBMITS}-lan-1", first, 2024, document(first, rng, broken_months=(3,))))
        old = tree[OTHER_YEAR]
        plans.append((f"{OTHER_YEAR}-2023", old, 2023, document(old, rng)))
        made: dict[str, Path | None] = dict.fromkeys(key for key, *_ in plans)
        results: dict[str, dict] = {}  # cell -> month -> Four-good, of the workbook it sent last
        for key, unit, year, doc in sorted(plans, key=lambda p: p[1].type != "chi-bo"):
            blank = tmp / "new" / f"{key}.xlsx"
            templates.new_workbook(tree, unit.id, year, blank, ROOT / "templates", tmp)
            filled = tmp / "filled" / f"{key}.xlsx"
            templates.fill(blank, with_cells(tree, unit, doc, results), filled,
                           check=False)  # broken months included
            if key == unit.id and unit.type == "chi-bo":
                results[unit.id] = cell_results(filled)
            made[key] = filled
        keys = list(made)
        saved = dict(zip(keys, render.convert([made[k] for k in keys], tmp / "saved")))
        # the tampered workbook: March's total and result typed over the formulas
        tampered = saved[TAMPERED]
        namedcells.write(tampered, {"FG_R_total": {2: 100}, "FG_R_result": {2: "Đạt"}}, tampered)

        if INBOX.exists():
            shutil.rmtree(INBOX)
        base = datetime(2024, 4, 3, 8, 0, tzinfo=timezone.utc)
        for n, key in enumerate(keys):
            unit = tree[key.split("-lan-")[0].removesuffix("-2023")]
            when = base.replace(day=3 + n % 6, hour=7 + n % 9)
            if key == LATE:
                when = datetime(2024, 4, 25, 9, 30, tzinfo=timezone.utc)
            if key == RESUBMITS:
                when = datetime(2024, 4, 8, 9, 0, tzinfo=timezone.utc)
            if key == f"{RESUBMITS}-lan-1":
                when = datetime(2024, 4, 5, 8, 0, tzinfo=timezone.utc)
            set_saved_at(saved[key], when.replace(minute=when.minute - 30 if when.minute >= 30
                                                   else 0))
            name = f"{unit.id}.xlsx" if "-2023" not in key else f"{unit.id}-nam-2023.xlsx"
            data = saved[key].read_bytes()
            if unit.parent == FORWARDS and unit.type == "chi-bo":
                continue  # forwarded together by their committee below
            if key == BROKEN:
                folder = INBOX / "nop-truc-tiep" / "thang-4"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{unit.id}-ban-loi.xlsx").write_bytes(data[: len(data) // 3])
            subject = f"Báo cáo tự đánh giá «Bốn tốt» quý I/2024 — {unit.name}"
            body = f"Kính gửi Ban Tổ chức Thành ủy,\n{unit.name} gửi sổ tự đánh giá tháng 1–3/2024.\n"
            mail(INBOX / "thu-den" / f"{when:%Y-%m-%d}_{key}.eml", f"{unit.name} <{unit.email}>",
                 subject, when, [(name, data)], n, body)
        cells = [u for u in tree.children(FORWARDS) if u.type == "chi-bo"]
        forward = tree[FORWARDS]
        mail(INBOX / "thu-den" / f"2024-04-07_{FORWARDS}-chuyen-2-chi-bo.eml",
             f"{forward.name} <{forward.email}>",
             "Chuyển sổ tự đánh giá của 2 chi bộ trực thuộc", datetime(2024, 4, 7, 10, 0,
                                                                     tzinfo=timezone.utc),
             [(f"{c.id}.xlsx", saved[c.id].read_bytes()) for c in cells], 900,
             "Văn phòng Đảng ủy xã Cam Đường chuyển sổ của 2 chi bộ.\n")
        mail(INBOX / "thu-den" / "2024-04-04_hoi-ve-mau-so.eml",
             f"{tree['dbcs-y-te'].name} <{tree['dbcs-y-te'].email}>",
             "Hỏi về cách chấm mục 2.1", datetime(2024, 4, 4, 15, 0, tzinfo=timezone.utc), [],
             901, "Xin hỏi mục 2.1 tự tính từ trang Sinh hoạt phải không ạ?\n")
        other = openpyxl.Workbook()
        other.active.title = "Báo cáo"
        other.active["A1"] = "Báo cáo tổng kết công tác xây dựng Đảng năm 2023"
        other.active["A2"] = "=HYPERLINK(\"http://example.invalid\",\"Xem thêm\")"
        folder = INBOX / "nop-truc-tiep" / "thang-4"
        other.save(folder / "bao-cao-tong-ket-2023.xlsx")
        quarter_inbox(tree, tmp)
        city_decisions(tree)
    for inbox in (INBOX, QUARTER_INBOX):
        count = sum(1 for p in inbox.rglob('*') if p.is_file())
        print(f"{count} files in {inbox.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
