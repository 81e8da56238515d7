"""What a new user does at the edges, scripted: every action ends in words (exit 0, 1 or 2),
never in a traceback."""
from __future__ import annotations

import shutil

from conftest import SAMPLES, run_cli, sample_year

ROSTER = str(SAMPLES / "roster-lao-cai-2024.json")
INBOX = str(SAMPLES / "inbox-lao-cai-2024")


def test_hostile_actions_end_in_words_not_tracebacks(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"periods": {"3": ', encoding="utf-8")
    cell = tmp_path / "chi-bo.xlsx"
    committee = tmp_path / "dang-bo.xlsx"
    assert run_cli("new", "--roster", ROSTER, "--unit", "cb-toa-an-thanh-pho", "--year", "2024",
                   "-o", str(cell)).returncode == 0
    assert run_cli("new", "--roster", ROSTER, "--unit", "dbcs-phuong-kim-tan", "--year",
                   "2024", "-o", str(committee)).returncode == 0
    early = tmp_path / "inbox"
    shutil.copytree(INBOX, early)
    assert run_cli("fill", str(cell), "--values", str(sample_year(tmp_path)), "-o",
                   str(early / "som.xlsx")).returncode == 0
    out = str(tmp_path / "out" / "r.xlsx")
    actions = {
        "report in a locked place": (["consolidate", INBOX, "--roster", ROSTER, "-o",
                                      str(blocker / "r.xlsx")], 1),
        "summary over a folder": (["consolidate", INBOX, "--roster", ROSTER, "-o", out,
                                   "--json", str(tmp_path)], 1),
        "--into a cell's workbook": (["consolidate", INBOX, "--roster", ROSTER, "-o", out,
                                      "--into", str(cell)], 1),
        "--into a roster": (["consolidate", INBOX, "--roster", ROSTER, "-o", out,
                             "--into", ROSTER], 1),
        "a cell's year into a committee": (["fill", str(committee), "--values",
                                            str(sample_year(tmp_path)), "-o",
                                            str(tmp_path / "x.xlsx")], 1),
        "fill a roster": (["fill", ROSTER, "--values", ROSTER, "-o", str(tmp_path / "y.xlsx")], 1),
        "broken JSON": (["score", "--framework", "chi-bo-bon-tot", "--input", str(broken)], 1),
        "a roster that is a workbook of another kind": (["roster", "check", str(cell)], 1),
        "an unknown framework": (["framework", "show", "khong-co"], 1),
        "a two-digit year": (["new", "--roster", ROSTER, "--all", "--year", "24", "-o",
                              str(tmp_path / "so")], 2),
        "an inbox that does not exist": (["consolidate", str(tmp_path / "khong-co"), "--roster",
                                          ROSTER, "-o", out], 1),
        "an early file in the inbox": (["consolidate", str(early), "--roster", ROSTER, "-o",
                                        out], 0),
    }
    for action, (args, code) in actions.items():
        done = run_cli(*args)
        assert "Traceback" not in done.stderr + done.stdout, action
        assert done.returncode == code, (action, done.returncode, done.stderr[-800:])
        assert (done.stderr if code else done.stdout).strip(), action  # something was said
