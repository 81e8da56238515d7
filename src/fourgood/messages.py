"""The message catalogue: every user-facing text, in Vietnamese and English.

Standard library only (the engine uses it and runs under Pyodide too).
A ``Message`` keeps its code and parameters and renders in either language; numbers
are written with a decimal comma in Vietnamese ("8,5") and a point in English.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# code -> (Vietnamese, English). Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- input errors (engine) ---
    "missing": ("{item}: chưa nhập giá trị.", "{item}: no value entered."),
    "not_a_number": (
        "{item}: «{value}» không phải là số. Hãy nhập một số, ví dụ 4,5.",
        "{item}: '{value}' is not a number. Enter a number, for example 4.5.",
    ),
    "text_in_number_cell": (
        "{item}: ô chứa chữ «{value}» thay vì số nên bảng tính không tính được. Xóa ô rồi gõ lại con số (ví dụ {example}).",
        "{item}: the cell holds the text '{value}' instead of a number, so the workbook cannot use it. Clear the cell and type the number again (for example {example}).",
    ),
    "out_of_range": (
        "{item}: {value} nằm ngoài khoảng cho phép {low} đến {high}.",
        "{item}: {value} is outside the allowed range {low} to {high}.",
    ),
    "off_step": (
        "{item}: {value} không đúng bước điểm {step} (ví dụ {example}).",
        "{item}: {value} is not a multiple of the step {step} (for example {example}).",
    ),
    "not_a_choice": (
        "{item}: «{value}» không hợp lệ. Chọn «Đạt» hoặc «Không đạt» (hoặc «Có»/«Không»).",
        "{item}: '{value}' is not valid. Choose 'Met' or 'Not met' (or 'Yes'/'No').",
    ),
    # a value a formula cannot read forgivingly (reading.diagnose): what to retype
    "typed_special_blank": (
        "{item}: ô trông như trống nhưng có dấu cách đặc biệt ({value}) nên bảng tính coi là đã nhập mà không đọc được. Chọn ô rồi bấm phím Delete.",
        "{item}: the cell looks empty but holds a special space ({value}), so the workbook counts it as entered and cannot read it. Select the cell and press Delete.",
    ),
    "typed_special_space": (
        "{item}: «{value}» có dấu cách đặc biệt hoặc ký tự vô hình (thường do dán từ trang web hay văn bản khác) nên bảng tính không nhận. Xóa ô rồi chọn lại từ danh sách.",
        "{item}: '{value}' holds a special space or an invisible character (usually pasted from a web page or another document), so the workbook does not accept it. Clear the cell and choose again from the list.",
    ),
    "typed_decomposed": (
        "{item}: «{value}» được gõ bằng Unicode tổ hợp nên bảng tính không nhận. Gõ lại bằng bảng mã Unicode dựng sẵn (trong Unikey: bảng mã «Unicode») hoặc chọn từ danh sách.",
        "{item}: '{value}' is typed in decomposed Unicode, so the workbook does not accept it. Type it again in precomposed Unicode (in Unikey: the 'Unicode' character set) or choose from the list.",
    ),
    "typed_look_alike": (
        "{item}: «{value}» có chữ trông giống nhưng là ký tự khác (ví dụ Ð thay cho Đ, hoặc chữ Kirin) nên bảng tính không nhận. Xóa ô rồi chọn lại từ danh sách.",
        "{item}: '{value}' has a letter that looks right but is another character (for example Ð for Đ, or a Cyrillic letter), so the workbook does not accept it. Clear the cell and choose again from the list.",
    ),
    "unknown_item": (
        "«{item}» không có trong bộ tiêu chí {framework}. Kiểm tra lại mã mục.",
        "'{item}' is not in the framework {framework}. Check the item id.",
    ),
    "no_subordinates": (
        "{item}: chưa có kết quả của chi bộ trực thuộc nào (tổng số bằng 0).",
        "{item}: there are no subordinate cell results (the total is 0).",
    ),
    "bad_share": (
        "{item}: số đạt ({achieved}) phải là số nguyên từ 0 đến tổng số ({total}).",
        "{item}: the number achieved ({achieved}) must be a whole number from 0 to the total ({total}).",
    ),
    "linked_missing": (
        "{item}: cần kết quả của «{framework}» nhưng chưa có dữ liệu.",
        "{item}: needs the result of '{framework}' but it has no data.",
    ),
    # --- gaps (engine) ---
    "gap_total": (
        "Tổng điểm còn thiếu {short} điểm để đạt {need} (hiện có {actual}).",
        "The total is {short} point{short:s} short of {need} (now {actual}).",
    ),
    "gap_criterion_points": (
        "Tiêu chí {n} còn thiếu {short} điểm để đạt {pct}% ({need}/{max}).",
        "Criterion {n} is {short} point{short:s} short of {pct}% ({need}/{max}).",
    ),
    "gap_criterion_unmet": (
        "Tiêu chí {n} chưa đạt: {items}.",
        "Criterion {n} is not met: {items}.",
    ),
    "gap_item_flag": ("«{title}» chưa đạt", "'{title}' not met"),
    "gap_flag_unmet": ("«{title}»: chưa đạt.", "'{title}': not met."),
    "gap_item_percent": (
        "«{title}» mới {actual}%, cần {need}%",
        "'{title}' is {actual}%, needs {need}%",
    ),
    "gap_item_share": (
        "«{title}»: {achieved}/{total} đạt ({actual}%), cần {need}%",
        "'{title}': {achieved}/{total} achieved ({actual}%), needs {need}%",
    ),
    "gap_veto": (
        "Có vi phạm «{title}»: không thể đạt trong kỳ này.",
        "Veto '{title}' applies: cannot be achieved in this period.",
    ),
    "gap_incomplete": (
        "Còn {count} mục chưa nhập hoặc nhập sai; hãy hoàn thiện trước khi phân loại.",
        "Items missing or invalid: {count}; complete them before classifying.",
    ),
    "gap_condition": (
        "«{title}» là {actual}, cần {op} {need}.",
        "'{title}' is {actual}, needs {op} {need}.",
    ),
    "gap_rating_veto": (
        "Có vi phạm «{title}»: xếp loại «{level}».",
        "Veto '{title}' applies: rated '{level}'.",
    ),
    "gap_rating_veto_quarter": (
        "{quarter} có vi phạm «{title}»: cả năm xếp loại «{level}» (phủ quyết ở bất kỳ quý nào tính cho cả năm).",
        "{quarter} has the veto '{title}': the year is rated '{level}' (a veto in any quarter counts in the year).",
    ),
    "flag_year_above_quarters": (
        "Mức cả năm «{level}» cao hơn mức của mọi quý đã xếp loại (cao nhất: «{best}»); xem lại trước khi đề xuất.",
        "The year's level '{level}' is above every rated quarter's (the highest: '{best}'); review it before proposing.",
    ),
    "flag_quarter_level": (
        "{quarter} xếp loại «{level}»; xem lại mức đề xuất cả năm.",
        "{quarter} was rated '{level}'; review the year's proposed level.",
    ),
    "quarters_not_rated": (
        "{quarter}: {ruleset} chỉ xếp loại cả năm, nên các ô của quý không được tính. Chọn «Quy định 366-QĐ/TW» ở trang «Thông tin», hoặc xóa các ô quý.",
        "{quarter}: {ruleset} rates the year only, so the quarter's cells are not used. Choose 'Regulation 366-QĐ/TW' on the 'Unit' sheet, or clear the quarter's cells.",
    ),
    "quarter_unknown": (
        "Quý «{quarter}» không có: chỉ quý I, II, III được xếp loại riêng (1, 2, 3); kết quả quý IV tính vào cả năm, nhập ở phần cả năm («rating»).",
        "There is no quarter '{quarter}': only quarters 1, 2 and 3 are rated on their own; quarter 4's results go into the year, entered as the year ('rating').",
    ),
    "period_q1": ("Quý I", "Quarter 1"),
    "period_q2": ("Quý II", "Quarter 2"),
    "period_q3": ("Quý III", "Quarter 3"),
    "period_year": ("Cả năm", "Year"),
    "gap_next_level": (
        "Để đạt «{level}»: {detail}",
        "To reach '{level}': {detail}",
    ),
    "gap_periods_assessed": (
        "Mới tự đánh giá đủ {actual} tháng, cần ít nhất {need} tháng.",
        "Months fully self-assessed: only {actual}; at least {need} are needed.",
    ),
    "gap_periods_achieved": (
        "Mới đạt {actual} tháng, cần ít nhất {need} tháng.",
        "Months achieved: only {actual}; at least {need} are needed.",
    ),
    "gap_periods_with_veto": (
        "Có {actual} tháng có vi phạm trong năm; không được có tháng nào.",
        "Months with a veto this year: {actual}; none is allowed.",
    ),
    "gap_rating": (
        "Xếp loại chất lượng «{actual}» chưa đạt mức «{need}».",
        "The quality rating '{actual}' is below '{need}'.",
    ),
    "gap_rating_missing": (
        "Chưa có xếp loại chất lượng cuối năm (cần ít nhất «{need}»).",
        "No year-end quality rating yet (at least '{need}' is needed).",
    ),
    "gap_min_band": (
        "Có kỳ chỉ đạt «{actual}», mọi kỳ cần từ «{need}» trở lên.",
        "A period was rated only '{actual}'; every period must be '{need}' or better.",
    ),
    "gap_band_count": (
        "Mới có {actual} kỳ «{band}», cần ít nhất {need}.",
        "Only {actual} periods rated '{band}'; at least {need} are needed.",
    ),
    # --- labels used in results ---
    "label_criterion": ("Tiêu chí {n}", "Criterion {n}"),
    "label_total": ("Tổng điểm", "Total"),
    "label_yes": ("Có", "Yes"),
    "label_no": ("Không", "No"),
    "label_met": ("Đạt", "Met"),
    "label_not_met": ("Không đạt", "Not met"),
    "label_incomplete": ("Chưa đủ dữ liệu", "Incomplete"),
    "label_four_good": ("Đạt «Bốn tốt»", "Four-good achieved"),
    "label_not_four_good": ("Chưa đạt «Bốn tốt»", "Four-good not achieved"),
    "label_recognized": ("Đủ điều kiện công nhận", "Eligible for recognition"),
    "label_not_recognized": ("Chưa đủ điều kiện công nhận", "Not eligible for recognition"),
    "label_none": ("(không có)", "(none)"),
    # --- framework validation ---
    "fw_schema": ("{path}: {detail}", "{path}: {detail}"),
    "fw_duplicate_id": (
        "{path}: mã «{id}» bị trùng; mỗi tiêu chí, mục, chỉ số và phủ quyết cần một mã riêng.",
        "{path}: the id '{id}' is used twice; each criterion, item, indicator and veto needs its own id.",
    ),
    "fw_max_mismatch": (
        "{path}: điểm tối đa của tiêu chí là {declared} nhưng tổng các mục là {actual}. Sửa cho bằng nhau.",
        "{path}: the criterion maximum is {declared} but its items add up to {actual}. Make them equal.",
    ),
    "fw_bad_ref": (
        "{path}: điều kiện tham chiếu «{ref}» không tồn tại trong bộ tiêu chí.",
        "{path}: the condition refers to '{ref}', which does not exist in the framework.",
    ),
    "fw_bad_ordinal": (
        "{path}: «{value}» không phải là một mức của «{ref}» (các mức: {choices}).",
        "{path}: '{value}' is not a level of '{ref}' (levels: {choices}).",
    ),
    "fw_bands_order": (
        "{path}: các mức phải xếp từ cao xuống thấp theo điểm tối thiểu và mức cuối có điểm tối thiểu 0.",
        "{path}: bands must be listed from highest to lowest minimum, the last with minimum 0.",
    ),
    "fw_not_number": (
        "{path}: điều kiện «{ref}» cần so với một số, đang là «{value}».",
        "{path}: the condition '{ref}' must compare with a number, found '{value}'.",
    ),
    "fw_levels_fallback": (
        "{path}: mức xếp loại cuối cùng phải không có điều kiện (mức thấp nhất).",
        "{path}: the last rating level must have no conditions (it is the lowest).",
    ),
    "fw_unknown_framework": (
        "{path}: không tìm thấy bộ tiêu chí «{id}».",
        "{path}: the framework '{id}' cannot be found.",
    ),
    "fw_step_max": (
        "{path}: điểm tối đa {max} không chia hết cho bước {step}.",
        "{path}: the maximum {max} is not a multiple of the step {step}.",
    ),
    "fw_kind_needs": (
        "{path}: bộ tiêu chí loại «{kind}» cần có mục «{field}».",
        "{path}: a framework of kind '{kind}' needs '{field}'.",
    ),
    "fw_quarters_not_rating": (
        "{path}: chỉ bộ xếp loại chất lượng (loại «rating») mới có quý; bộ này thuộc loại «{kind}».",
        "{path}: only a quality rating ruleset (kind 'rating') has quarters; this one is of kind '{kind}'.",
    ),
    "json_is_folder_framework": ("{path} là một thư mục, không phải tệp bộ tiêu chí (.json).", "{path} is a folder, not a framework file (.json)."),
    "json_is_folder_roster": ("{path} là một thư mục, không phải tệp danh sách đơn vị (.json hoặc .xlsx). Với «consolidate», thư mục hộp thư đến đứng trước, còn --roster là tệp danh sách.", "{path} is a folder, not a roster file (.json or .xlsx). With 'consolidate' the inbox folders come first and --roster names the roster file."),
    "json_is_workbook_framework": ("{path} là một sổ Excel mang tên .json. Bộ tiêu chí dạng Excel được đọc bằng «fourgood framework import {path} -o khung.json» (đổi tên tệp thành .xlsx trước).", "{path} is an Excel workbook named .json. A framework workbook is read with 'fourgood framework import' (rename the file to .xlsx first)."),
    "json_is_workbook_roster": ("{path} là một sổ Excel mang tên .json: đổi tên tệp thành .xlsx — danh sách đơn vị dạng Excel dùng được trực tiếp (docs/roster.md).", "{path} is an Excel workbook named .json: rename it to .xlsx — a roster workbook is read as it is (docs/roster.md)."),
    "json_not_text": ("{path} không phải tệp văn bản JSON (có byte không đọc được bằng UTF-8). Lưu lại tệp dạng UTF-8.", "{path} is not a JSON text file (it holds bytes that are not UTF-8). Save it again as UTF-8."),
    "json_syntax_framework": (
        "{path}: không phải JSON hợp lệ (lỗi ở dòng {line}, cột {col}). Sửa dấu ngoặc, dấu phẩy hoặc dấu nháy ở đó, hoặc sửa bộ tiêu chí bằng Excel (fourgood framework export / import).",
        "{path}: not valid JSON (error at line {line}, column {col}). Correct the bracket, comma or quote there, or edit the framework in Excel (fourgood framework export / import).",
    ),
    "json_syntax_roster": (
        "{path}: không phải JSON hợp lệ (lỗi ở dòng {line}, cột {col}). Sửa dấu ngoặc, dấu phẩy hoặc dấu nháy ở đó, hoặc dùng danh sách đơn vị dạng Excel (.xlsx, docs/roster.md).",
        "{path}: not valid JSON (error at line {line}, column {col}). Correct the bracket, comma or quote there, or use a roster workbook (.xlsx, docs/roster.md).",
    ),
    "roster_not_object": ("{path}: danh sách đơn vị phải là một đối tượng JSON {{\"id\": …, \"name\": …, \"year\": …, \"units\": [ … ]}} (docs/roster.md), không phải một danh sách hay một giá trị đơn.", "{path}: a roster must be a JSON object {{\"id\": …, \"name\": …, \"year\": …, \"units\": [ … ]}} (docs/roster.md), not a list or a single value."),
    "fw_not_found": (
        "Không tìm thấy bộ tiêu chí «{name}». Dùng «fourgood framework list» để xem các bộ có sẵn, hoặc chỉ ra đường dẫn tệp .json.",
        "Framework '{name}' not found. Run 'fourgood framework list' to see the shipped ones, or give the path of a .json file.",
    ),
    # --- framework workbook (export/import) ---
    "xl_missing_sheet": (
        "Tệp {file}: thiếu trang «{sheet}». Hãy xuất lại mẫu bằng «fourgood framework export».",
        "File {file}: the sheet '{sheet}' is missing. Export a fresh copy with 'fourgood framework export'.",
    ),
    "xl_missing_column": (
        "Trang «{sheet}»: thiếu cột «{column}» ở dòng tiêu đề (dòng 1).",
        "Sheet '{sheet}': the column '{column}' is missing from the header row (row 1).",
    ),
    "xl_bad_cell": (
        "Trang «{sheet}», dòng {row}, cột «{column}»: {detail}",
        "Sheet '{sheet}', row {row}, column '{column}': {detail}",
    ),
    "xl_expect_number": ("cần một số, đang là «{value}».", "a number is needed, found '{value}'."),
    "xl_expect_flag": (
        "cần «Có» hoặc «Không», đang là «{value}».",
        "'Yes' or 'No' is needed, found '{value}'.",
    ),
    "xl_required": ("ô này không được để trống.", "this cell must not be empty."),
    "xl_unknown_parent": (
        "không có tiêu chí hoặc quy tắc «{value}» ở phía trên.",
        "there is no criterion or rule '{value}' above.",
    ),
    "xl_unknown_key": (
        "khóa «{value}» không được hỗ trợ; xem cột «Ghi chú» của bản xuất gốc.",
        "the key '{value}' is not supported; see the 'Note' column of a fresh export.",
    ),
    "xl_not_workbook": (
        "Tệp {file} không phải là sổ tính Excel (.xlsx) đọc được. Mở bằng Excel và lưu lại dạng «Sổ làm việc Excel (.xlsx)», rồi chạy lại.",
        "File {file} is not a readable Excel workbook (.xlsx). Open it in Excel and save it as 'Excel Workbook (.xlsx)', then run again.",
    ),
    # --- roster ---
    "roster_duplicate_id": (
        "{where}: mã đơn vị «{id}» bị trùng (đã có ở {first}). Mỗi đơn vị cần một mã riêng.",
        "{where}: the unit id '{id}' is used twice (first at {first}). Each unit needs its own id.",
    ),
    "roster_unknown_parent": (
        "{where}: đơn vị cấp trên «{parent}» của «{id}» không có trong danh sách.",
        "{where}: the parent '{parent}' of '{id}' is not in the roster.",
    ),
    "roster_cycle": (
        "{where}: «{id}» nằm trong một vòng lặp cấp trên ({chain}). Sửa cột đơn vị cấp trên.",
        "{where}: '{id}' is in a parent loop ({chain}). Fix the parent column.",
    ),
    "roster_unknown_type": (
        "{where}: loại đơn vị «{type}» không hợp lệ; dùng một trong: {choices}.",
        "{where}: the unit type '{type}' is not valid; use one of: {choices}.",
    ),
    "roster_bad_parent_type": (
        "{where}: «{id}» ({type}) không thể trực thuộc «{parent}» ({parent_type}).",
        "{where}: '{id}' ({type}) cannot be under '{parent}' ({parent_type}).",
    ),
    "roster_no_root": (
        "Danh sách không có đơn vị gốc (đơn vị không có cấp trên).",
        "The roster has no root unit (a unit without a parent).",
    ),
    "roster_duplicate_name": (
        "{where}: tên «{name}» trùng với {first} cùng cấp trên.",
        "{where}: the name '{name}' is the same as {first} under the same parent.",
    ),
    "roster_schema": ("{where}: {detail}", "{where}: {detail}"),
    "roster_xlsx_empty": ("ô trống, mà cột «{column}» phải có giá trị ở mọi dòng.", "the cell is empty, but the column '{column}' needs a value on every row."),
    "roster_xlsx_item": ("mục «{value}» không có hoặc đã ghi ở dòng trên; trang này chỉ ghi một lần mỗi mục: {choices}.", "there is no item '{value}', or it is given on a row above; this sheet gives each item once: {choices}."),
    "roster_xlsx_type": ("loại «{value}» không có; chọn một trong: {choices}.", "there is no type '{value}'; choose one of: {choices}."),
    "roster_ok": (
        "Danh sách hợp lệ: {count} đơn vị, {depth} cấp, {roots} đơn vị gốc.",
        "Roster valid — units: {count}, levels: {depth}, root units: {roots}.",
    ),
    "roster_by_type": ("  {type}: {count}", "  {type}: {count}"),
    "roster_row": ("dòng {row}", "row {row}"),
    "roster_unit": ("đơn vị #{index}", "unit #{index}"),
    # --- CLI ---
    "cli_description": (
        "fourgood — tự đánh giá «Chi bộ bốn tốt», «Đảng bộ cơ sở bốn tốt» bằng Excel.",
        "fourgood — the 'Four-good' self-assessment, run in Excel.",
    ),
    "cli_lang": ("ngôn ngữ hiển thị: vi (mặc định) hoặc en", "display language: vi (default) or en"),
    "cli_commands": ("các lệnh", "commands"),
    "cli_framework": ("xem, kiểm tra, xuất và nhập bộ tiêu chí", "list, show, check, export and import frameworks"),
    "cli_framework_list": ("liệt kê các bộ tiêu chí có sẵn", "list the shipped frameworks"),
    "cli_framework_show": ("hiển thị một bộ tiêu chí", "show a framework"),
    "cli_framework_check": ("kiểm tra một bộ tiêu chí (mã hoặc tệp .json)", "check a framework (id or .json file)"),
    "cli_framework_export": ("xuất bộ tiêu chí ra tệp Excel để chỉnh sửa", "export a framework to an Excel file for editing"),
    "cli_framework_import": ("nhập bộ tiêu chí từ tệp Excel và kiểm tra", "import a framework from an Excel file and check it"),
    "cli_framework_ref": ("mã bộ tiêu chí hoặc đường dẫn tệp .json", "framework id or path of a .json file"),
    "cli_xlsx_in": ("tệp Excel (.xlsx) đã chỉnh sửa", "the edited Excel file (.xlsx)"),
    "cli_output": ("tệp kết quả", "output file"),
    "cli_roster": ("kiểm tra danh sách đơn vị", "check a roster of units"),
    "cli_roster_check": ("kiểm tra danh sách đơn vị (.json hoặc .xlsx)", "check a roster (.json or .xlsx)"),
    "cli_roster_file": ("tệp danh sách đơn vị (.json hoặc .xlsx)", "roster file (.json or .xlsx)"),
    "cli_score": ("chấm điểm và phân loại từ tệp dữ liệu JSON", "score and classify from a JSON input file"),
    "cli_score_input": ("tệp dữ liệu đầu vào (.json)", "input file (.json)"),
    "cli_json": ("in kết quả dạng JSON", "print the result as JSON"),
    "cli_written": ("Đã ghi {path}", "Written {path}"),
    "cli_internal_error": ("Lỗi ngoài dự kiến của fourgood khi chạy «{doing}»; không phải do dữ liệu của bạn. Chi tiết đã ghi vào {log} — gửi tệp này cho cán bộ tin học.", "An unexpected fault in fourgood while running '{doing}'; not caused by your data. The details are in {log} — send that file to your IT officer."),
    "cli_interrupted": ("Đã dừng theo yêu cầu (Ctrl+C).", "Stopped on request (Ctrl+C)."),
    "out_unwritable": ("Không ghi được {path} ({detail}). Chọn thư mục khác, hoặc đóng tệp nếu nó đang mở trong Excel, rồi chạy lại. Chưa tệp nào được ghi.", "Cannot write {path} ({detail}). Choose another folder, or close the file if it is open in Excel, and run again. No file was written."),
    "os_denied": ("không có quyền ghi ở đó", "permission denied"),
    "os_read_only": ("ổ đĩa chỉ cho đọc", "the drive is read-only"),
    "os_full": ("đĩa đã đầy", "the disk is full"),
    "os_missing": ("không có thư mục hoặc tệp đó", "no such folder or file"),
    "os_not_dir": ("một phần của đường dẫn là tệp, không phải thư mục", "part of the path is a file, not a folder"),
    "os_is_dir": ("đó là một thư mục", "it is a folder"),
    "os_file_in_way": ("đã có một tệp mang tên thư mục cần tạo", "a file has the name of the folder to make"),
    "os_busy": ("tệp đang được chương trình khác dùng", "the file is in use by another program"),
    "os_long_name": ("tên hoặc đường dẫn quá dài", "the name or path is too long"),
    "out_twice": ("{path} và {other} là cùng một tệp, nhưng được chọn cho hai kết quả khác nhau (báo cáo, sổ cái, JSON). Cho mỗi kết quả một tên riêng.", "{path} and {other} are the same file, chosen for two different outputs (report, ledger, JSON). Give each output a name of its own."),
    "out_is_input": ("{path} là tệp đầu vào của lệnh này (danh sách đơn vị): ghi ra đó sẽ làm mất tệp ấy. Chọn một tên khác.", "{path} is an input of this command (the roster): writing there would lose it. Choose another name."),
    "out_in_inbox": ("{path} nằm trong thư mục nhận {inbox}: ghi ở đó sẽ đè lên tệp đã nhận hoặc bị đọc lại như một tệp nhận ở lần chạy sau. Chọn một nơi ngoài thư mục nhận.", "{path} is inside the inbox {inbox}: writing there would replace a received file or be read back as one by the next run. Choose a place outside the inbox."),
    "ledger_busy": ("Sổ cái {path} đang được {job} dùng. Đợi lần đó xong rồi chạy lại (hoặc chọn sổ khác bằng --ledger).", "The ledger {path} is in use by {job}. Wait until it finishes and run again (or choose another ledger with --ledger)."),
    "ledger_job_consolidate": ("một lần tổng hợp khác (fourgood consolidate)", "another consolidation (fourgood consolidate)"),
    "ledger_job_decide": ("một lần ghi thẩm định, quyết định khác (fourgood decide)", "another recording of appraisals and decisions (fourgood decide)"),
    "ledger_job_other": ("một lần chạy fourgood khác", "another run of fourgood"),
    "ledger_unusable": ("{path} không phải sổ cái của fourgood hoặc đã hỏng. Chọn tệp khác bằng --ledger, hoặc khôi phục bản sao lưu; fourgood không ghi đè lên nó.", "{path} is not a fourgood ledger, or it is damaged. Choose another file with --ledger, or restore a backup; fourgood does not overwrite it."),
    "ledger_write_failed": ("Không ghi được sổ cái {path}: đĩa đầy hoặc thư mục không cho ghi. Chưa tệp nào được ghi; giải phóng chỗ trống (hoặc chọn nơi khác bằng --ledger) rồi chạy lại.", "Cannot write the ledger {path}: the disk is full or the folder cannot be written. Nothing was written; free some space (or choose another place with --ledger) and run again."),
    "out_is_folder": ("{path} là một thư mục, không phải tệp. Ghi tên tệp, ví dụ {path}/{example}.", "{path} is a folder, not a file. Give a file name, for example {path}/{example}."),
    "out_not_folder": ("{path}: lệnh này ghi nhiều sổ, nên -o phải là một thư mục (ví dụ so-2024/), không phải một tệp hay tên kết thúc bằng .xlsx.", "{path}: this command writes several workbooks, so -o must be a folder (for example so-2024/), not a file or a name ending in .xlsx."),
    "out_bad_suffix": ("{path}: {kind} là tệp {suffix}; tên này sẽ khiến Excel hoặc lần chạy sau không nhận ra nó. Ghi tên kết thúc bằng {suffix}, ví dụ {example}.", "{path}: {kind} is a {suffix} file; this name would keep Excel or the next run from recognising it. Give a name ending in {suffix}, for example {example}."),
    "out_holds_data": ("{path} là sổ đã có số liệu: fourgood không ghi {kind} đè lên nó. Chọn tên khác cho tệp kết quả (sổ cần «consolidate» điền vào thì đưa sau --into), hoặc thêm --force nếu thật sự muốn thay nó (số liệu trong sổ sẽ mất).", "{path} is a workbook holding data: fourgood does not write {kind} over it. Choose another name for the output (a workbook 'consolidate' should fill goes after --into), or add --force if you really want to replace it (its data will be lost)."),
    "out_not_own": ("{path} đã có và không phải {kind} do fourgood ghi trước đây (có thể là tệp bạn đã sửa): fourgood không ghi đè lên nó. Chọn tên khác, hoặc thêm --force nếu thật sự muốn thay nó.", "{path} already exists and is not {kind} fourgood wrote before (perhaps a file you edited): fourgood does not overwrite it. Choose another name, or add --force if you really want to replace it."),
    "out_kind_report": ("báo cáo tổng hợp", "a consolidated report"),
    "out_kind_summary": ("bản tóm tắt JSON", "a JSON summary"),
    "out_kind_ledger": ("sổ cái", "a ledger"),
    "out_kind_notice": ("bản in quyết định", "a decision's paper"),
    "out_kind_workbook": ("sổ tự đánh giá", "a self-assessment workbook"),
    "out_kind_framework_xlsx": ("bộ tiêu chí dạng Excel", "a framework workbook"),
    "out_kind_framework_json": ("bộ tiêu chí (.json)", "a framework file (.json)"),
    "cli_force": ("ghi đè cả tệp không do fourgood ghi hoặc sổ đã có số liệu (mặc định: từ chối)", "overwrite even a file fourgood did not write or a workbook holding data (default: refuse)"),
    "cli_os_error": ("Không đọc hoặc ghi được {path}: {detail}. Kiểm tra đường dẫn và quyền ghi thư mục.", "Cannot read or write {path}: {detail}. Check the path and that the folder can be written."),
    "cli_templates": ("tạo và xem các mẫu sổ Excel", "build and review the Excel templates"),
    "cli_templates_build": ("tạo các mẫu sổ từ bộ tiêu chí", "build the templates from the frameworks"),
    "cli_templates_lite": ("tạo bản cho xlwings Lite của sổ chi bộ và đảng bộ cơ sở (<mã>-lite.xlsx, mang theo mã Python)", "build the xlwings Lite variants of the unit templates (<id>-lite.xlsx, carrying their Python)"),
    "cli_templates_render": ("xuất các mẫu sổ ra PDF và PNG để xem lại (cần LibreOffice)", "render the templates to PDF and PNG for review (needs LibreOffice)"),
    "cli_templates_dir": ("thư mục chứa các mẫu sổ", "folder holding the templates"),
    "cli_local_framework": ("bộ tiêu chí riêng của địa phương (tệp .json do «fourgood framework import» ghi), thay bộ cùng mã có sẵn; lặp lại cho nhiều bộ", "a locality's own framework (a .json file written by 'fourgood framework import'), replacing the shipped one of the same id; repeat for several"),
    "cli_output_dir": ("thư mục kết quả", "output folder"),
    "cli_new": ("tạo sổ đã điền sẵn thông tin cho một hoặc mọi đơn vị trong danh sách", "make the pre-filled workbook of one unit or of every unit of a roster"),
    "cli_new_unit": ("mã đơn vị", "unit id"),
    "cli_new_all": ("tạo cho mọi đơn vị (khi đó -o là thư mục)", "make one for every unit (-o is then a folder)"),
    "cli_year": ("năm đánh giá", "year assessed"),
    "doc_not_object": ("Tệp dữ liệu phải là một đối tượng JSON {{…}} gồm các phần: {parts} (xem docs/inputs.md).", "The input file must be a JSON object {{…}} with the parts: {parts} (see docs/inputs.md)."),
    "doc_invalid": ("Dữ liệu không khớp với sổ «{template}»; chưa ghi gì vào sổ. Sửa các lỗi sau rồi chạy lại:", "The input does not fit the workbook '{template}'; nothing was written. Correct these and run again:"),
    "doc_wrong_part": ("phần «{part}» không có trong sổ «{template}» (sổ này nhận: {parts}).", "the part '{part}' does not exist in '{template}' (this workbook takes: {parts})."),
    "doc_other_workbook": ("dữ liệu ghi «{key}» là «{found}», còn sổ này là «{expected}»: có thể nhầm sổ. Chọn đúng sổ, hoặc sửa «{key}» trong tệp dữ liệu.", "the input says '{key}' is '{found}' but this workbook's is '{expected}': perhaps the wrong workbook. Choose the right one, or correct '{key}' in the input."),
    "doc_other_framework": ("tệp dữ liệu là số liệu của sổ «{found}», còn sổ này là sổ «{expected}»: có thể nhầm sổ (ví dụ số liệu của chi bộ đưa vào sổ của đảng ủy). Chọn đúng sổ của đơn vị trong tệp dữ liệu.", "the input holds the figures of a '{found}' workbook, but this one is a '{expected}' workbook: perhaps the wrong workbook (a cell's figures given to its committee's workbook, say). Choose the workbook of the unit in the input."),
    "doc_nothing": ("không có gì để ghi: cần ít nhất một trong các phần {parts}.", "nothing to write: give at least one of the parts {parts}."),
    "doc_info_key": ("thông tin «{key}» không có trong sổ; dùng: {keys}.", "the information '{key}' does not exist in the workbook; use: {keys}."),
    "doc_bad_period": ("kỳ «{period}» không hợp lệ: ghi số tháng từ 1 đến 12 (hoặc «{year}-03» cho tháng 3 năm {year} của sổ), mỗi kỳ là một đối tượng {{\"values\": …}}.", "the period '{period}' is not valid: give a month number from 1 to 12 (or '{year}-03' for March of the workbook's year {year}); each period is an object {{\"values\": …}}."),
    "doc_bad_period_no_year": ("kỳ «{period}» không hợp lệ: ghi số tháng từ 1 đến 12 (hoặc «YYYY-03» cho tháng 3, YYYY là năm của sổ — sổ này chưa ghi năm ở trang «Thông tin»), mỗi kỳ là một đối tượng {{\"values\": …}}.", "the period '{period}' is not valid: give a month number from 1 to 12 (or 'YYYY-03' for March, YYYY being the workbook's year — this workbook has no year on its 'Unit' sheet yet); each period is an object {{\"values\": …}}."),
    "doc_in_month": ("tháng {month}", "month {month}"),
    "doc_in_months": ("các tháng {months}", "months {months}"),
    "doc_in_months_first": ("các tháng {months} (giá trị nêu là của tháng {first})", "months {months} (the value shown is month {first}'s)"),
    "doc_in_rating": ("xếp loại cuối năm", "year-end rating"),
    "doc_decision_empty": ("dòng thứ {n} của «decisions» không có gì để ghi; thêm ít nhất một trong: {keys}.", "item {n} of 'decisions' has nothing to write; add at least one of: {keys}."),
    "doc_unknown_keys": ("«{part}» có mục không dùng được: {found}; chỉ dùng: {keys} (các điểm đặt trong «values», ví dụ {{\"values\": {{\"g.1\": 27}}}}).", "'{part}' holds what cannot be used: {found}; use only: {keys} (the scores go under 'values', for example {{\"values\": {{\"g.1\": 27}}}})."),
    "doc_bad_decision": ("dòng thứ {n} của «decisions» phải là một đối tượng có «unit», «period» và các mục: {keys}.", "item {n} of 'decisions' must be an object with 'unit', 'period' and the keys: {keys}."),
    "doc_decision_row": ("«decisions»: {unit}, {period}: không có dòng này ở trang «Thẩm định, quyết định»; điền danh sách bằng «fourgood consolidate … --into» trước.", "'decisions': {unit}, {period}: no such row on the 'Appraisal, decision' sheet; fill the list with 'fourgood consolidate … --into' first."),
    "doc_in_quarters": ("các quý («quarters»)", "the quarters ('quarters')"),
    "doc_in_quarter": ("{quarter}", "{quarter}"),
    "doc_bad_quarter": ("quý «{quarter}» không hợp lệ: ghi 1, 2 hoặc 3 (quý I, II, III), mỗi quý là một đối tượng {{\"values\": …}}; quý IV không xếp loại riêng, kết quả quý IV nhập ở phần cả năm («rating»).", "the quarter '{quarter}' is not valid: give 1, 2 or 3 (quarters I, II, III), each an object {{\"values\": …}}; quarter 4 is not rated on its own, its results go into the year ('rating')."),
    "doc_quarters_yearly": ("sổ dùng {ruleset} ({by}), chỉ xếp loại cả năm, không có quý: chưa ghi gì, vì các quý ghi vào sổ này sẽ không được tính. Bỏ phần «quarters», hoặc chọn Quy định 366 («rating»: {{\"framework\": \"xep-loai-366\", …}} hay «info»: {{\"ruleset\": \"Quy định 366-QĐ/TW\"}}).", "the workbook uses {ruleset} ({by}), which rates the year only and has no quarters: nothing was written, since quarters written into this workbook would not count. Leave out 'quarters', or choose Regulation 366 ('rating': {{\"framework\": \"xep-loai-366\", …}} or 'info': {{\"ruleset\": \"Quy định 366-QĐ/TW\"}})."),
    "doc_quarters_dropped": ("sổ đã có số liệu {quarters} mà bộ xếp loại chọn ở đây là {ruleset} ({by}), chỉ xếp loại cả năm: các quý đó sẽ không được tính. Xóa số liệu các quý trong sổ trước, hoặc giữ Quy định 366.", "the workbook already holds {quarters}, but the ruleset chosen here is {ruleset} ({by}), which rates the year only: those quarters would not count. Clear the quarters in the workbook first, or keep Regulation 366."),
    "doc_chosen_by_rating": ("theo «framework» của phần «rating»", "by the 'framework' of 'rating'"),
    "doc_chosen_by_info": ("theo «ruleset» của phần «info»", "by the 'ruleset' of 'info'"),
    "doc_chosen_by_workbook": ("theo lựa chọn ở trang «Thông tin» của sổ", "as chosen on the workbook's 'Unit' sheet"),
    "doc_info_ruleset": ("«info»: «ruleset» là «{found}», không phải bộ xếp loại của sổ; ghi một trong: {allowed}.", "'info': 'ruleset' is '{found}', which is not one of the workbook's rating rulesets; give one of: {allowed}."),
    "doc_ruleset_conflict": ("«info» chọn {info}, còn phần «rating» là của {rating} («{id}»): sổ chỉ dùng một bộ xếp loại, ghi cả hai thì một lựa chọn bị bỏ mất. Sửa cho khớp: bỏ «ruleset» trong «info», hoặc nhập «rating» theo {info}.", "'info' chooses {info} while 'rating' is for {rating} ('{id}'): a workbook uses one rating ruleset, and writing both would silently drop one choice. Make them agree: leave 'ruleset' out of 'info', or give 'rating' for {info}."),
    "doc_part_object": ("phần «{part}» phải là một đối tượng {{…}} (xem docs/inputs.md).", "the part '{part}' must be an object {{…}} (see docs/inputs.md)."),
    "doc_subs_list": ("«subordinates» phải là một danh sách, mỗi đơn vị của trang «{sheet}» một đối tượng, ví dụ: [{{\"id\": \"{example}\", \"months\": {{\"1\": \"Đạt\", \"2\": \"Không đạt\"}}}}] (xem docs/inputs.md).", "'subordinates' must be a list, an object for each unit of the '{sheet}' sheet, for example: [{{\"id\": \"{example}\", \"months\": {{\"1\": \"Đạt\", \"2\": \"Không đạt\"}}}}] (see docs/inputs.md)."),
    "doc_sub_bad": ("«subordinates», mục thứ {n}: phải là một đối tượng có «id» (mã đơn vị) và chỉ các mục: {keys}; ví dụ {{\"id\": \"{example}\", \"months\": {{\"1\": \"Đạt\"}}}}.", "'subordinates', item {n}: must be an object with 'id' (the unit's id) and only the keys: {keys}; for example {{\"id\": \"{example}\", \"months\": {{\"1\": \"Đạt\"}}}}."),
    "doc_sub_twice": ("«subordinates»: đơn vị «{unit}» được ghi hai lần (mục thứ {first} và {n}); gộp lại thành một.", "'subordinates': the unit '{unit}' is given twice (items {first} and {n}); merge them into one."),
    "doc_sub_unknown": ("«subordinates»: đơn vị «{unit}» không có trong trang «{sheet}» của sổ; các đơn vị của sổ: {units}.", "'subordinates': the unit '{unit}' is not on the workbook's '{sheet}' sheet; its units: {units}."),
    "doc_sub_nothing": ("«subordinates», {unit}: không có gì để ghi; thêm ít nhất một trong: {keys}.", "'subordinates', {unit}: nothing to write; add at least one of: {keys}."),
    "doc_sub_months": ("«subordinates», {unit}: «months» phải là một đối tượng {{số tháng: kết quả}}, ví dụ {{\"1\": \"Đạt\", \"2\": \"Không đạt\"}}.", "'subordinates', {unit}: 'months' must be an object {{month number: result}}, for example {{\"1\": \"Đạt\", \"2\": \"Không đạt\"}}."),
    "doc_sub_month": ("«subordinates», {unit}: tháng «{month}» không hợp lệ: ghi số tháng từ 1 đến 12 (hoặc «YYYY-MM» của năm của sổ).", "'subordinates', {unit}: the month '{month}' is not valid: give a month number from 1 to 12 (or 'YYYY-MM' of the workbook's year)."),
    "doc_sub_value": ("«subordinates», {unit}, tháng {month}: «{value}» không phải một lựa chọn: ghi «Đạt» hoặc «Không đạt» (hoặc true / false); bỏ tháng đó ra nếu chưa có kết quả.", "'subordinates', {unit}, month {month}: '{value}' is not one of the choices: give 'Đạt' (met) or 'Không đạt' (not met), or true / false; leave the month out when there is no result yet."),
    "doc_sub_level": ("«subordinates», {unit}: «{key}» là «{value}», không phải một mức xếp loại; ghi mã hoặc tên một trong: {levels}.", "'subordinates', {unit}: '{key}' is '{value}', which is not a level; give the id or title of one of: {levels}."),
    "doc_sub_text": ("«subordinates», {unit}: «{key}» phải là chữ.", "'subordinates', {unit}: '{key}' must be text."),
    "doc_sub_full": ("«subordinates», {unit}: trang «{sheet}» chỉ có {rows} dòng, đã hết chỗ.", "'subordinates', {unit}: the '{sheet}' sheet has only {rows} row{rows:s}, all taken."),
    "doc_values_object": ("{context}: «values» phải là một đối tượng {{mã mục: giá trị}}.", "{context}: 'values' must be an object {{item id: value}}."),
    "doc_value": ("{context}: {detail}", "{context}: {detail}"),
    "doc_computed_item": ("{context}: mục {item} «{title}» do sổ tự tính, không nhập vào.", "{context}: item {item} '{title}' is computed by the workbook, not typed in."),
    "doc_bad_ruleset": ("bộ xếp loại «{found}» không dùng được trong sổ này; dùng: {allowed}.", "the rating ruleset '{found}' cannot be used in this workbook; use: {allowed}."),
    "cli_year_not_roster": ("--year {year} khác năm {roster_year} ghi trong danh sách đơn vị {roster}: bỏ --year (năm lấy theo danh sách), hoặc dùng danh sách đơn vị của năm {year}.", "--year {year} differs from the year {roster_year} the roster {roster} gives: leave out --year (the roster's year is used), or use the roster of {year}."),
    "cli_bad_year": ("năm «{value}» không hợp lệ: ghi đủ bốn chữ số, từ {first} đến {last} (ví dụ 2024)", "the year '{value}' is not valid: give all four digits, from {first} to {last} (for example 2024)"),
    "score_bad_period": ("Kỳ «{period}» không hợp lệ: một tháng ghi «YYYY-MM» (ví dụ «2024-03»), một năm «YYYY»; trong «periods» ghi số tháng 1–12 hoặc «YYYY-MM».", "The period '{period}' is not valid: a month is written 'YYYY-MM' (for example '2024-03'), a year 'YYYY'; in 'periods', a month number 1–12 or 'YYYY-MM'."),
    "month_chosen": ("Báo cáo tháng {month}/{year}, tháng gần nhất mà ít nhất một nửa số đơn vị đã điền tới: {reached}/{units} đơn vị có số liệu đã điền tới tháng này.", "Report for {month}/{year}, the latest month at least half of the units have filled in: {reached} of the {units} unit{units:s} with figures have reached it."),
    "month_other": ("Muốn báo cáo tháng khác: thêm --month N.", "For another month, add --month N."),
    "year_chosen": ("Tổng hợp năm {year}: năm của phần lớn các sổ nhận được ({workbooks}/{named} sổ là của năm {year}), vì danh sách đơn vị không ghi năm và không có --year. Sổ của năm khác bị từ chối. Muốn tổng hợp năm khác: thêm --year N.", "Consolidating {year}: the year most workbooks received are for ({workbooks} of {named} are for {year}), as the roster names no year and --year was not given. Workbooks for other years are rejected. For another year, add --year N."),
    "year_chosen_none": ("Tổng hợp năm {year} (năm nay): không sổ nào nhận được ghi năm, danh sách đơn vị không ghi năm và không có --year. Muốn tổng hợp năm khác: thêm --year N.", "Consolidating {year} (this year): no workbook received names a year, the roster names none and --year was not given. For another year, add --year N."),
    "quarter_chosen": ("Báo cáo {period}, quý gần nhất mà ít nhất một nửa số đơn vị đã tự đánh giá tới: {reached}/{units} đơn vị đã đánh giá tới quý này; {rated}/{expected} đơn vị đã xếp loại, {on_time} gửi trước hạn {due}.", "Report for {period}, the latest quarter at least half of the units have assessed: {reached} of the {units} unit{units:s} that assessed a quarter have reached it; units rated: {rated}/{expected}, sent before the due date {due}: {on_time}."),
    "quarter_other": ("Muốn báo cáo quý khác: thêm --quarter N.", "For another quarter, add --quarter N."),
    "quarter_asked": ("Báo cáo {period} (theo --quarter): {rated}/{expected} đơn vị đã xếp loại, {on_time} gửi trước hạn {due}.", "Report for {period} (as asked with --quarter): units rated: {rated}/{expected}, sent before the due date {due}: {on_time}."),
    "quarter_none": ("Chưa đơn vị nào tự đánh giá quý nào của năm {year} (trang «Quý và năm» trong sổ).", "No unit has assessed a quarter of {year} yet (the 'Quarters and year' sheet of the workbook)."),
    "month_asked": ("Báo cáo tháng {month}/{year} (theo --month).", "Report for {month}/{year} (as asked with --month)."),
    "rep_month": ("Tháng báo cáo", "Report month"),
    "problem_rejected": ("  ✗ {file}: {reason}", "  ✗ {file}: {reason}"),
    "problem_warning": ("  ! {file}: {warning}", "  ! {file}: {warning}"),
    "problem_more": ("  … và {count} mục khác — xem báo cáo.", "  … and {count} more — see the report."),
    "fw_points": ("{max} điểm", "{max} point{max:s}"),
    "fw_kind_points": ("tối đa {max} điểm, chấm theo bước {step}", "up to {max} point{max:s}, in steps of {step}"),
    "fw_kind_percent": ("tỷ lệ %", "a percentage"),
    "fw_kind_percent_target": ("tỷ lệ %, đạt khi ≥ {target}%", "a percentage, met at ≥ {target}%"),
    "fw_kind_met": ("Đạt / Không đạt", "met / not met"),
    "fw_kind_linked": ("tự tính từ «{sheet}», quy về tối đa {max} điểm", "computed from '{sheet}', scaled to {max} point{max:s}"),
    "fw_kind_derived": ("tự tính: tỷ lệ chi bộ trực thuộc đạt «Bốn tốt», đạt khi ≥ {target}%", "computed: the share of subordinate cells that are Four-good, met at ≥ {target}%"),
    "fw_ids_note": ("Mã trong [ ] là mã của mục, chỉ số, phủ quyết trong «values» của tệp dữ liệu «fourgood score», «fourgood fill» (docs/inputs.md).", "The ids in [ ] are those of the items, indicators and vetoes in the 'values' of the input files of 'fourgood score' and 'fourgood fill' (docs/inputs.md)."),
    "fw_section_indicators": ("Chỉ số:", "Indicators:"),
    "fw_section_vetoes": ("Phủ quyết (có một điều thì kỳ đó không đạt):", "Vetoes (any one fails the period):"),
    "fw_section_bands": ("Mức:", "Bands:"),
    "fw_section_levels": ("Mức xếp loại:", "Rating levels:"),
    "fw_section_quota": ("Tỷ lệ «{level}» trong nhóm tương đồng:", "Quota of '{level}' in a group of comparable units:"),
    "fw_from_points": ("từ {min} điểm", "from {min} point{min:s}"),
    "fw_cond_total": ("tổng điểm {op} {value}", "total {op} {value}"),
    "fw_cond_min_criterion_ratio": ("mỗi tiêu chí đạt {op} {value}% điểm tối đa", "each criterion {op} {value}% of its maximum"),
    "fw_cond_all_criteria": ("đạt cả {count} tiêu chí", "every criterion met ({count})"),
    "fw_cond_no_veto_count": ("không có phủ quyết", "no veto"),
    "fw_cond_veto_count": ("số phủ quyết {op} {value}", "vetoes {op} {value}"),
    "fw_cond_periods_assessed": ("tự đánh giá {op} {value} tháng", "assessed {op} {value} month{value:s}"),
    "fw_cond_periods_achieved": ("đạt {op} {value} tháng", "achieved {op} {value} month{value:s}"),
    "fw_cond_no_periods_with_veto": ("không tháng nào có phủ quyết", "no month with a veto"),
    "fw_cond_periods_with_veto": ("số tháng có phủ quyết {op} {value}", "months with a veto {op} {value}"),
    "fw_cond_rating": ("xếp loại từ «{level}» trở lên", "rated '{level}' or better"),
    "fw_cond_min_band": ("mọi tháng từ mức «{band}» trở lên", "every month '{band}' or better"),
    "fw_cond_band_count": ("số tháng mức «{band}» {op} {value}", "months rated '{band}' {op} {value}"),
    "fw_cond_item": ("mục {item} {op} {value}", "item {item} {op} {value}"),
    "roster_where_unit": ("đơn vị thứ {n} (mã «{id}»)", "unit no. {n} (id '{id}')"),
    "roster_where_unit_field": ("đơn vị thứ {n} (mã «{id}»), trường «{field}»", "unit no. {n} (id '{id}'), field '{field}'"),
    "cli_new_force": ("ghi đè cả sổ đã có số liệu (mặc định: giữ nguyên)", "overwrite workbooks that already hold data (default: keep them)"),
    "cli_new_kept": ("[{n}/{count}] Giữ nguyên {path}: sổ đã có số liệu (hoặc không phải sổ trống của fourgood).", "[{n}/{count}] Kept {path}: it already holds data (or is not a blank fourgood workbook)."),
    "cli_new_kept_summary": ("Đã giữ nguyên {kept} sổ có số liệu, tạo {made} sổ. Muốn tạo lại sổ trống thay cho chúng: chạy lại với --force (số liệu trong các sổ đó sẽ mất).", "Kept {kept} workbook{kept:s} holding data, made {made}. To replace them with blank ones, run again with --force (their data will be lost)."),
    "cli_new_written": ("[{n}/{count}] Đã tạo {path} (mẫu {template})", "[{n}/{count}] Made {path} (template {template})"),
    "cli_fill": ("ghi giá trị vào sổ như cán bộ gõ (không làm mất phần nào của sổ)", "write values into a workbook as an officer would type them (no part of it is lost)"),
    "cli_fill_file": ("sổ Excel của fourgood", "a fourgood workbook"),
    "cli_fill_values": ("tệp giá trị (.json), cùng dạng với dữ liệu năm của lệnh score", "values file (.json), shaped like the year input of the score command"),
    "cli_filled": ("Đã ghi {path} (sửa {parts} phần của tệp, các phần khác giữ nguyên)", "Written {path} (parts edited: {parts}; every other part unchanged)"),
    "cli_unknown_unit": ("Không có đơn vị «{unit}» trong danh sách {roster}.", "There is no unit '{unit}' in the roster {roster}."),
    "cli_framework_other_id": ("Bộ tiêu chí {path} có mã «{id}», không thay được bộ nào có sẵn ({ids}): giữ nguyên mã của bộ đã xuất bằng «fourgood framework export».", "The framework {path} has the id '{id}', which replaces none of the shipped ones ({ids}): keep the id of the framework exported with 'fourgood framework export'."),
    "cli_framework_with_templates": ("Chọn một trong hai: «--templates» (sổ mẫu đã làm sẵn) hoặc «--framework» (làm sổ từ bộ tiêu chí riêng).", "Choose one: '--templates' (templates already built) or '--framework' (build from a framework of your own)."),
    "cli_not_fourgood_workbook": ("{path} không phải là sổ của fourgood hoặc thiếu ô có tên {detail}.", "{path} is not a fourgood workbook or lacks the named cell {detail}."),
    "cli_no_pdftoppm": ("Cần pdftoppm để chuyển trang PDF thành ảnh: cài gói poppler-utils (sudo apt-get install poppler-utils, hoặc bash scripts/setup.sh --test).", "pdftoppm is needed to turn PDF pages into pictures: install poppler-utils (sudo apt-get install poppler-utils, or bash scripts/setup.sh --test)."),
    "cli_no_soffice": ("Cần LibreOffice để xuất PDF: cài gói libreoffice-calc-nogui (bash scripts/setup.sh --test).", "LibreOffice is needed to render PDF: install libreoffice-calc-nogui (bash scripts/setup.sh --test)."),
    "render_failed": ("LibreOffice không chuyển được: {files}. Mở các tệp này bằng LibreOffice để xem lỗi.", "LibreOffice did not convert: {files}. Open them in LibreOffice to see what is wrong."),
    "cli_check_ok": ("Bộ tiêu chí «{id}» phiên bản {version} hợp lệ (mã băm {hash}).", "Framework '{id}' version {version} is valid (hash {hash})."),
    "cli_check_failed": ("{count} lỗi trong {name}:", "Errors in {name}: {count}"),
    "cli_input_bad_json": ("Tệp dữ liệu {path} không phải JSON hợp lệ (lỗi ở dòng {line}, cột {column}). Mở tệp bằng trình soạn thảo văn bản, sửa dấu ngoặc, dấu phẩy hoặc dấu nháy ở đó rồi chạy lại.", "The input file {path} is not valid JSON (error at line {line}, column {column}). Open it in a text editor, correct the bracket, comma or quote there, and run again."),
    "cli_input_not_text": ("Tệp dữ liệu {path} không phải văn bản UTF-8 (có thể là sổ Excel hoặc tệp nhị phân). Lưu lại dạng JSON UTF-8 rồi chạy lại.", "The input file {path} is not UTF-8 text (perhaps a workbook or a binary file). Save it as UTF-8 JSON and run again."),
    "cli_input_not_object": ("Tệp dữ liệu {path} phải là một đối tượng JSON {{…}} (xem docs/inputs.md), không phải danh sách hay một giá trị.", "The input file {path} must be a JSON object {{…}} (see docs/inputs.md), not a list or a single value."),
    "cli_input_framework_mismatch": (
        "Tệp dữ liệu dành cho bộ tiêu chí «{found}», không phải «{expected}».",
        "The input file is for the framework '{found}', not '{expected}'.",
    ),
    "cli_file_missing": ("Không tìm thấy tệp {path}.", "File {path} not found."),
    "cli_list_header": ("Mã | Phiên bản | Loại | Tên", "Id | Version | Kind | Title"),
    "fw_type_four-good": ("Bốn tốt", "Four-good"),
    "fw_type_meeting-quality": ("Chất lượng sinh hoạt", "Meeting quality"),
    "fw_type_rating": ("Xếp loại chất lượng", "Quality rating"),
    "cli_source_published": ("đã công bố", "published"),
    "cli_source_assumed": ("mặc định giả định — địa phương có thể điều chỉnh", "assumed default — a locality may adjust it"),
    "res_header": ("Kết quả {framework} — kỳ {period}", "Result {framework} — period {period}"),
    "res_period_level": ("{period}: {total}/{max} điểm — {level}", "{period}: {total}/{max} point{max:s} — {level}"),
    "res_year_header": ("Kết quả năm {framework}", "Year result {framework}"),
    "res_total": ("Tổng điểm: {total}/{max}", "Total: {total}/{max}"),
    "res_total_partial": ("Tổng điểm tạm tính, chưa phải kết quả (còn mục chưa nhập hoặc nhập sai): {total}/{max}", "Provisional total, not a result (items missing or invalid): {total}/{max}"),
    "res_met_count_partial": ("Số tiêu chí đạt tạm tính, chưa phải kết quả (còn mục chưa nhập hoặc nhập sai): {total}/{max}", "Criteria met so far, not a result (items missing or invalid): {total}/{max}"),
    "res_criterion": ("  {label}: {score}/{max}{mark} — {title}", "  {label}: {score}/{max}{mark} — {title}"),
    "res_criterion_met": ("  {label}: {value} — {title}", "  {label}: {value} — {title}"),
    "res_met_count": ("Số tiêu chí đạt: {total}/{max}", "Criteria met: {total}/{max}"),
    "res_four_good": ("Phân loại: {value}", "Classification: {value}"),
    "res_band": ("Mức chất lượng: {value}", "Quality band: {value}"),
    "res_rating": ("Xếp loại chất lượng: {value}", "Quality rating: {value}"),
    "res_vetoes": ("Vi phạm (phủ quyết): {value}", "Vetoes: {value}"),
    "res_gaps": ("Còn thiếu:", "Still missing:"),
    "res_errors": ("Lỗi dữ liệu:", "Input errors:"),
    "res_periods": ("Số tháng tự đánh giá: {assessed}; số tháng đạt: {achieved}; số tháng có vi phạm: {veto}",
                    "Months self-assessed: {assessed}; achieved: {achieved}; with a veto: {veto}"),
    "res_average": ("Bình quân các tháng đã đánh giá:", "Average over the assessed months:"),
    "res_recognition": ("Cuối năm: {value}", "Year end: {value}"),
    "res_no_gaps": ("  (không còn thiếu gì)", "  (nothing missing)"),
    # argparse's own phrases, so that help and usage errors are Vietnamese too
    "argparse_usage": ("cách dùng: ", "usage: "),
    "argparse_positionals": ("tham số vị trí", "positional arguments"),
    "argparse_options": ("tùy chọn", "options"),
    "argparse_help": ("hiện trợ giúp này rồi thoát", "show this help message and exit"),
    "argparse_error": ("%(prog)s: lỗi: %(message)s\n", "%(prog)s: error: %(message)s\n"),
    "argparse_required": ("thiếu các tham số bắt buộc: %s", "the following arguments are required: %s"),
    "argparse_unrecognized": ("tham số không nhận ra: %s", "unrecognized arguments: %s"),
    "argparse_invalid_choice": (
        "lựa chọn không hợp lệ: %(value)r (chọn trong %(choices)s)",
        "invalid choice: %(value)r (choose from %(choices)s)",
    ),
    "argparse_argument": ("tham số %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"),
    "argparse_invalid_value": ("giá trị «%(value)s» không hợp lệ", "invalid value: %(value)r"),
    "argparse_not_allowed": ("không dùng cùng với %s", "not allowed with argument %s"),
    "argparse_one_of": ("cần một trong các tham số %s", "one of the arguments %s is required"),
    "argparse_expected_one": ("cần một giá trị", "expected one argument"),
}

# argparse message ids (its English source strings) -> catalogue code
ARGPARSE_CODES = {
    "usage: ": "argparse_usage",
    "positional arguments": "argparse_positionals",
    "options": "argparse_options",
    "show this help message and exit": "argparse_help",
    "%(prog)s: error: %(message)s\n": "argparse_error",
    "the following arguments are required: %s": "argparse_required",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "expected one argument": "argparse_expected_one",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "invalid %(type)s value: %(value)r": "argparse_invalid_value",
    "not allowed with argument %s": "argparse_not_allowed",
    "one of the arguments %s is required": "argparse_one_of",
}


MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


def clean_text(text: str, one_line: bool = False, limit: int = MAX_CELL_TEXT) -> str:
    """Text from outside (a file name, a cell, a mail header) as any sheet, ledger or
    terminal can hold it: control characters and undecodable bytes shown as «�» (with
    ``one_line``, line breaks and tabs too), at most ``limit`` characters (one cell's
    worth unless said)."""
    text = text[: limit + 1]
    text = _CONTROLS.sub("\ufffd", text)
    if one_line:
        text = _LINE_BREAKS.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (the form every Vietnamese text is compared in)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """NFC-normalise and case-fold ``text`` for comparing names."""
    return nfc(text).casefold().strip()


def format_number(value: float, lang: str) -> str:
    """Write a number as users read it: no needless ``.0``; decimal comma in Vietnamese;
    from 15 digits on (no cell means such a number) as Excel shows it, «1E+22»."""
    if not math.isfinite(value):
        text = "#NUM!"
    elif abs(value) >= 1e15:
        text = f"{value:.6G}"
    elif isinstance(value, float) and not value.is_integer():
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    else:
        text = str(int(value))
    return text.replace(".", ",") if lang == "vi" else text


@dataclass(frozen=True)
class Message:
    """A catalogue message with its parameters; renders in Vietnamese or English."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        vi, en = CATALOGUE[self.code]
        template = vi if lang == "vi" else en
        return template.format(**{k: _render(v, lang) for k, v in self.params.items()})

    @property
    def vi(self) -> str:
        return self.text("vi")

    @property
    def en(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "vi": self.vi, "en": self.en}


class Count:
    """A number in a message: shown as the language writes numbers; ``{n:s}`` after it in
    an English text gives the plural «s» (none for exactly 1)."""

    def __init__(self, value: float, lang: str):
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        if spec == "s":
            return "" if self.value == 1 else "s"
        return format_number(self.value, self.lang)

    def __str__(self) -> str:
        return format_number(self.value, self.lang)


class Sentences(tuple):
    """Messages shown one after another, as sentences (joined by a space)."""


def _render(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Sentences):
        return " ".join(str(_render(v, lang)) for v in value)
    if isinstance(value, dict) and set(value) == set(LANGS):  # a bilingual title
        return nfc(value[lang])
    if isinstance(value, bool):
        return CATALOGUE["label_yes" if value else "label_no"][0 if lang == "vi" else 1]
    if isinstance(value, (int, float)):
        return Count(value, lang)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_render(v, lang)) for v in value)
    return str(value)


@dataclass(frozen=True)
class Located(Message):
    """A location in words for people (the message) that keeps its JSON path for machines."""

    path: str = ""


def msg(code: str, **params: Any) -> Message:
    """Build a catalogue message; unknown codes fail at once, not when rendered."""
    if code not in CATALOGUE:
        raise KeyError(f"unknown message code {code!r}")
    return Message(code, params)


def text(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """Render catalogue message ``code`` in ``lang``."""
    return msg(code, **params).text(lang)


# jsonschema validator -> catalogue code, for schema errors in both languages
SCHEMA_CODES = {
    "required": "schema_required", "type": "schema_type", "enum": "schema_enum",
    "const": "schema_enum", "minimum": "schema_minimum", "exclusiveMinimum": "schema_minimum",
    "maximum": "schema_maximum", "pattern": "schema_pattern",
    "additionalProperties": "schema_additional", "unevaluatedProperties": "schema_additional",
    "minItems": "schema_min_items", "minLength": "schema_required_text",
    "uniqueItems": "schema_unique", "maxLength": "schema_max_length",
}
CATALOGUE.update({
    "schema_required": ("thiếu trường bắt buộc «{detail}».", "the required field '{detail}' is missing."),
    "schema_type": ("giá trị {value} không đúng kiểu (cần {detail}).", "the value {value} has the wrong type ({detail} is needed)."),
    "schema_enum": ("giá trị {value} không hợp lệ; chọn một trong: {detail}.", "the value {value} is not allowed; choose one of: {detail}."),
    "schema_minimum": ("giá trị {value} nhỏ hơn mức tối thiểu {detail}.", "the value {value} is below the minimum {detail}."),
    "schema_maximum": ("giá trị {value} lớn hơn mức tối đa {detail}.", "the value {value} is above the maximum {detail}."),
    "schema_pattern_email": ("{value} không phải địa chỉ thư điện tử (ví dụ dangbo@lao-cai.gov.vn); nhiều địa chỉ thì cách nhau bằng dấu phẩy.", "{value} is not an e-mail address (for example dangbo@lao-cai.gov.vn); separate several addresses with commas."),
    "schema_pattern": ("giá trị {value} không đúng dạng (chữ thường không dấu, số, dấu gạch ngang).", "the value {value} has the wrong form (lower-case letters without diacritics, digits, hyphens)."),
    "schema_additional": ("có trường không được hỗ trợ: {detail}. Kiểm tra lỗi chính tả.", "unsupported field: {detail}. Check the spelling."),
    "schema_min_items": ("danh sách cần ít nhất {detail} phần tử.", "the list needs at least {detail} entries."),
    "schema_required_text": ("không được để trống.", "must not be empty."),
    "schema_unique": ("danh sách có phần tử trùng.", "the list has duplicate entries."),
    "schema_max_length": ("quá dài (tối đa {detail} ký tự).", "too long (at most {detail} characters)."),
    "schema_other": ("không hợp lệ: {detail}", "invalid: {detail}"),
})
CATALOGUE.update({
    "xl_where": ("trang «{sheet}», dòng {row}, cột «{column}»", "sheet '{sheet}', row {row}, column '{column}'"),
    "xl_where_row": ("trang «{sheet}», dòng {row}", "sheet '{sheet}', row {row}"),
    "xl_where_sheet": ("trang «{sheet}»", "sheet '{sheet}'"),
})
CATALOGUE.update({
    "fwx_status_published": ("Đã công bố", "Published"),
    "fwx_status_assumed": ("Giả định", "Assumed"),
    "fwx_sheet_help": ("Hướng dẫn", "Instructions"),
    "fwx_help_title": ("Bộ tiêu chí «{title}» — mã {id}, phiên bản {version}", "Framework '{title}' — id {id}, version {version}"),
    "fwx_help_lines": (
        "Tệp này là bộ tiêu chí ở dạng bảng để cán bộ tin học chỉnh sửa.\n"
        "• Trang «Khung»: thông tin chung và các ngưỡng (mỗi dòng một khóa; chỉ sửa cột «Giá trị»).\n"
        "• Tỷ lệ xếp loại (bộ xếp loại): quota.rounding.method = down (làm tròn xuống, mặc định) hoặc nearest (làm tròn đến số gần nhất); quota.rounding.at_least_one_from = N: ít nhất 1 đơn vị khi nhóm có từ N đơn vị trở lên (để trống: không áp dụng); ghi nguồn ở quota.rounding.source.\n"
        "• Trang «Tiêu chí»: mỗi tiêu chí một dòng (cột «Thuộc tiêu chí» để trống), mỗi mục con một dòng ghi mã tiêu chí cha.\n"
        "• Loại mục: points (chấm điểm 0..tối đa theo bước), met (đạt/không đạt), percent (tỷ lệ % so với mục tiêu), derived (tổng hợp từ đơn vị trực thuộc), linked (lấy từ bộ tiêu chí khác).\n"
        "• Trang «Chỉ số», «Phủ quyết», «Mức», «Xếp loại»: mỗi dòng một phần tử.\n"
        "• Trang «Điều kiện»: mỗi dòng một điều kiện của một quy tắc (achievement = đạt trong tháng, year_rollup = công nhận cuối năm, level:MÃ = mức xếp loại, veto:MÃ = phủ quyết theo điều kiện).\n"
        "• Cột «Nguồn»: «Đã công bố» kèm trích dẫn văn bản, hoặc «Giả định» kèm lý do — không trình bày giá trị giả định như quy định chính thức.\n"
        "Sau khi sửa, chạy: fourgood framework import TỆP.xlsx -o TỆP.json — lệnh sẽ kiểm tra và chỉ ra trang, dòng, cột nếu có lỗi.",
        "This file is a framework laid out as tables for the IT officer to edit.\n"
        "• Sheet 'Khung' (framework): general information and thresholds (one key a row; edit only the 'value' column).\n"
        "• Rating quota (rating rulesets): quota.rounding.method = down (rounded down, the default) or nearest (rounded to the nearest); quota.rounding.at_least_one_from = N: at least one unit where a group has N or more (empty: none); give the source in quota.rounding.source.\n"
        "• Sheet 'Tiêu chí' (criteria): one row per criterion (leave 'criterion' empty), one row per sub-item naming its criterion.\n"
        "• Item kinds: points (0..max on a step), met (met / not met), percent (a share against a target), derived (from subordinate units), linked (from another framework).\n"
        "• Sheets 'Chỉ số' (indicators), 'Phủ quyết' (vetoes), 'Mức' (bands), 'Xếp loại' (levels): one entry a row.\n"
        "• Sheet 'Điều kiện' (conditions): one condition of one rule a row (achievement = monthly achievement, year_rollup = year-end recognition, level:ID = a rating level, veto:ID = a veto triggered by a condition).\n"
        "• Column 'source': 'Published' with the document cited, or 'Assumed' with the reason — never present an assumed value as an official rule.\n"
        "After editing, run: fourgood framework import FILE.xlsx -o FILE.json — it checks the file and names sheet, row and column of any error.",
    ),
})

# Template texts (sheet names, labels, instructions)
CATALOGUE.update({
    "tpl_sheet_help": ("Hướng dẫn", "Instructions"),
    "tpl_sheet_info": ("Thông tin", "Unit"),
    "tpl_sheet_main": ("Tự đánh giá", "Self-assessment"),
    "tpl_sheet_meeting": ("Sinh hoạt", "Meetings"),
    "tpl_sheet_subs": ("Chi bộ trực thuộc", "Subordinate cells"),
    "tpl_sheet_units": ("Đơn vị trực thuộc", "Subordinate units"),
    "tpl_sheet_year": ("Quý và năm", "Quarters and year"),
    "tpl_quarter_yearly": ("Chỉ xếp loại cả năm", "Rated by year only"),
    "tpl_sheet_results": ("Kết quả", "Results"),
    "tpl_party": ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM"),
    "tpl_place_date": ("…………, ngày … tháng … năm ……", "…………, date … / … / ……"),
    "tpl_title_main": ("BẢNG TỰ ĐÁNH GIÁ «{title}» NĂM {year}", "SELF-ASSESSMENT: {title}, {year}"),
    "tpl_title_meeting": ("PHIẾU CHẤM CHẤT LƯỢNG SINH HOẠT CHI BỘ NĂM {year}", "PARTY-CELL MEETING SCORES, {year}"),
    "tpl_title_year": ("TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG THEO QUÝ VÀ CẢ NĂM {year}", "QUALITY SELF-ASSESSMENT BY QUARTER AND FOR THE YEAR {year}"),
    "tpl_quarter_note": ("Quý I, II, III: tự chấm điểm và đề xuất mức xếp loại theo cùng mẫu như cả năm; báo cáo quý gửi trước ngày {day} tháng thứ {month} của quý. Quý IV không xếp loại riêng: kết quả quý IV tính vào cột «Cả năm». Phủ quyết ở bất kỳ quý nào tính cho cả năm.", "Quarters 1, 2 and 3: score and propose a level on the same form as the year; a quarter's report is due before day {day} of the quarter's month {month}. Quarter 4 is not rated on its own: its results go into the 'Year' column. A veto in any quarter counts for the year."),
    "tpl_quarter_months": ("Các tháng", "Months"),
    "tpl_months_span": ("T{first}–T{last}", "M{first}–M{last}"),
    "tpl_quarter_due": ("Hạn gửi báo cáo", "Report due"),
    "tpl_due_before": ("trước {day}/{month}/{year}", "before {day}/{month}/{year}"),
    "tpl_due_before_day": ("trước {day}/{month}", "before {day}/{month}"),
    "tpl_rating_points": ("Điểm tự chấm", "Points"),
    "tpl_quarter_results": ("Kết quả (sổ tự tính)", "Results (computed by the workbook)"),
    "tpl_rating_level": ("Mức xếp loại đề xuất", "Proposed level"),
    "tpl_quarter_evidence": ("Tháng đạt «{title}» / tháng đã tự đánh giá", "Months '{title}' achieved / months assessed"),
    # --- appraisal and decision (decide, ledger verify) ---
    "into_not_fourgood": ("{path} không phải sổ của một đơn vị do fourgood tạo (có thể là một báo cáo tổng hợp): --into cần sổ của đảng ủy cơ sở hoặc sổ tổng hợp của cấp trên, tạo bằng «fourgood new --roster … --unit …».", "{path} is not a unit's workbook made by fourgood (perhaps a consolidated report): --into needs a grassroots committee's workbook or the superior's consolidation workbook, made with 'fourgood new --roster … --unit …'."),
    "into_blank_template": ("{path} là sổ mẫu chưa gắn đơn vị ({template}): tạo sổ của đơn vị bằng «fourgood new --roster … --unit …», rồi dùng sổ đó với --into.", "{path} is a blank template not yet tied to a unit ({template}): make the unit's workbook with 'fourgood new --roster … --unit …', then give that one to --into."),
    "into_older_template": ("{path} làm theo mẫu cũ, chưa có trang «Thẩm định, quyết định»: chỉ điền danh sách đơn vị trực thuộc. Muốn thẩm định, quyết định trong sổ, tạo sổ mới bằng fourgood new.", "{path} is of an older template without the 'Appraisal, decision' sheet: only the list of subordinate units is filled. To appraise and decide in the workbook, make a new one with fourgood new."),
    "dec_row": ("dòng {row}", "row {row}"),
    "dec_problem": ("{where}: {detail}", "{where}: {detail}"),
    "dec_no_unit": ("có nội dung nhập nhưng không có mã đơn vị. Danh sách do «fourgood consolidate … --into» điền; không nhập ở dòng trống.", "something is typed but there is no unit id. The list is filled by 'fourgood consolidate … --into'; do not type on an empty row."),
    "dec_unknown_unit": ("đơn vị «{unit}» không có trong danh sách đơn vị: sổ này của một danh sách khác? Điền lại bằng «fourgood consolidate … --into» với danh sách đúng.", "the unit '{unit}' is not in the roster: is this workbook of another roster? Fill it again with 'fourgood consolidate … --into' and the right roster."),
    "dec_not_subordinate": ("«{unit}» không trực thuộc trực tiếp {by}: mỗi cấp chỉ quyết định xếp loại các tổ chức đảng trực thuộc mình (Quy định 366, Điều 13).", "'{unit}' is not directly under {by}: each level decides only the organisations directly under it (Regulation 366, Art. 13)."),
    "dec_bad_period": ("{unit}: kỳ «{value}» không hợp lệ; ghi Quý I, Quý II, Quý III hoặc Cả năm.", "{unit}: the period '{value}' is not valid; write Quarter 1, Quarter 2, Quarter 3 or Year."),
    "dec_twice": ("{unit}, {period}: đã có ở dòng {other}; mỗi đơn vị, mỗi kỳ chỉ một dòng.", "{unit}, {period}: already on row {other}; one row per unit and period."),
    "dec_group_changed": ("{unit}, {period}: nhóm tương đồng «{found}» khác nhóm hiện hành «{group}» (danh sách đơn vị đã đổi sau khi điền đề xuất). Điền lại bằng «fourgood consolidate … --into» rồi xem lại tỷ lệ.", "{unit}, {period}: the comparable group '{found}' differs from the current group '{group}' (the roster changed after the proposals were filled in). Fill them again with 'fourgood consolidate … --into' and check the quota again."),
    "dec_bad_level": ("{unit}, {period}: «{value}» không phải một trong bốn mức xếp loại ({levels}); chọn trong danh sách.", "{unit}, {period}: '{value}' is not one of the four levels ({levels}); choose from the list."),
    "dec_retype": ("{unit}, {period}: {detail}", "{unit}, {period}: {detail}"),
    "dec_bad_choice": ("{unit}, {period}: «{value}» không hợp lệ; chọn «Có» hoặc «Không».", "{unit}, {period}: '{value}' is not valid; choose 'Yes' or 'No'."),
    "dec_recognized_quarter": ("{unit}, {period}: công nhận «bốn tốt» chỉ quyết định cho cả năm; xóa ô này ở dòng quý.", "{unit}, {period}: Four-good recognition is decided for the year only; clear this cell on a quarter's row."),
    "dec_recognized_without_level": ("{unit}, {period}: đã nhập «Công nhận» nhưng chưa nhập mức quyết định; công nhận được quyết định cùng với mức xếp loại cả năm.", "{unit}, {period}: 'Recognised' is entered but no decided level; recognition is decided together with the year's level."),
    "dec_recognized_no_workbook": ("{unit}, {period}: chưa có sổ cả năm của đơn vị trong sổ cái, nên không biết đơn vị có đủ điều kiện công nhận không. Tổng hợp sổ của đơn vị trước, hoặc chọn «Không» ở cột «Công nhận».", "{unit}, {period}: the ledger holds no workbook of the unit for the year, so whether it meets the recognition conditions is unknown. Consolidate the unit's workbook first, or choose 'No' under 'Recognised'."),
    "dec_not_eligible": ("{unit}, {period}: không được công nhận «{title}» với mức quyết định này: {missing} Chọn «Không» ở cột «Công nhận» (cấp trên được quyết định thấp hơn đề xuất, không được công nhận khi chưa đủ điều kiện).", "{unit}, {period}: '{title}' cannot be recognised with this decided level: {missing} Choose 'No' under 'Recognised' (the superior may decide less than proposed, never recognise what the conditions exclude)."),
    "dec_rerate_without_level": ("{unit}, {period}: đã chọn «Xếp loại lại» nhưng chưa nhập mức quyết định mới.", "{unit}, {period}: 'Re-rating' is chosen but no new decided level is entered."),
    "dec_no_number": ("{unit}, {period}: chưa nhập số quyết định.", "{unit}, {period}: no decision number."),
    "dec_no_day": ("{unit}, {period}: chưa nhập ngày quyết định.", "{unit}, {period}: no decision date."),
    "dec_bad_day": ("{unit}, {period}: ngày quyết định «{value}» không hợp lệ; nhập một ngày, ví dụ 15/10/2024.", "{unit}, {period}: the decision date '{value}' is not valid; enter a date, for example 15/10/2024."),
    "dec_future_day": ("{unit}, {period}: ngày quyết định {day} ở sau hôm nay ({today}); kiểm tra lại.", "{unit}, {period}: the decision date {day} is after today ({today}); check it."),
    "dec_day_before_period": ("{unit}, {period}: ngày quyết định {day} ở trước khi kỳ này bắt đầu ({start}); kiểm tra lại ngày hoặc kỳ.", "{unit}, {period}: the decision date {day} is before the period began ({start}); check the date or the period."),
    "dec_number_two_days": ("{unit}, {period}: quyết định số {number} ghi ngày {day}, nhưng số này đã có ngày {other} (ở dòng khác hoặc trong sổ cái). Một số quyết định chỉ có một ngày: sửa ngày hoặc số.", "{unit}, {period}: decision {number} is dated {day}, but that number already has the date {other} (on another row or in the ledger). One decision number has one date: correct the date or the number."),
    "dec_no_reason": ("{unit}, {period}: quyết định «{level}» khác mức đề xuất «{proposed}» nhưng chưa ghi lý do.", "{unit}, {period}: the decision '{level}' differs from the proposal '{proposed}' but no reason is given."),
    "dec_no_proposal": ("chưa đề xuất", "none proposed"),
    "dec_already": ("{unit}, {period}: đã quyết định «{level}» (số {number}, ngày {day}). Muốn đổi phải xếp loại lại: chọn «Có» ở cột «Xếp loại lại» và ghi lý do (Quy định 366, Điều 15.3).", "{unit}, {period}: already decided '{level}' (number {number}, {day}). To change it, re-rate: choose 'Yes' in 'Re-rating' and give the reason (Regulation 366, Art. 15.3)."),
    "dec_rerate_nothing": ("{unit}, {period}: chưa có quyết định nào để xếp loại lại; bỏ chọn «Xếp loại lại».", "{unit}, {period}: there is no decision to re-rate; clear 'Re-rating'."),
    "dec_rerate_before": ("{unit}, {period}: ngày xếp loại lại {day} ở trước ngày {other} của Quyết định số {number} mà nó thay thế. Xếp loại lại là một quyết định mới, ban hành sau quyết định cũ (Quy định 366, Điều 15.3): kiểm tra lại ngày.", "{unit}, {period}: the re-rating is dated {day}, before {other}, the date of decision {number} it replaces. A re-rating is a new decision, made after the one it replaces (Regulation 366, Art. 15.3): check the date."),
    "dec_number_issued": ("{unit}, {period}: quyết định số {number} ngày {day} đã được ghi vào sổ cái ở một lần trước và đã in giấy; một số quyết định là một văn bản, ghi một lần. Quyết định này (kể cả xếp loại lại) dùng số mới.", "{unit}, {period}: decision {number} of {day} was recorded in the ledger by an earlier run and its paper printed; one decision number is one paper, recorded once. Give this decision (a re-rating too) a new number."),
    "dec_appraised_after": ("{unit}, {period}: đã quyết định «{level}» (số {number}); thẩm định có trước quyết định (Quy định 366, Điều 12.1), nên thẩm định mới chỉ ghi cùng lần xếp loại lại (chọn «Có» ở cột «Xếp loại lại», nhập mức, số, ngày và lý do). Nếu không xếp loại lại: xóa thẩm định vừa nhập.", "{unit}, {period}: already decided '{level}' (number {number}); the appraisal comes before the decision (Regulation 366, Art. 12.1), so a new appraisal is recorded only with a re-rating (choose 'Yes' in 'Re-rating' and enter the level, number, date and reason). Otherwise clear the appraisal just typed."),
    "dec_paper_exists": ("Chưa ghi gì vào sổ cái: giấy của quyết định số {number} sẽ ghi vào {paper}, nhưng tệp này đã có — giấy của một quyết định ghi trước đó. Giấy đã in không bị ghi đè: chọn thư mục khác bằng --notices (hoặc thêm --force nếu thật sự muốn thay tệp đó).", "Nothing recorded: the paper of decision {number} would be written to {paper}, but that file is there already — the paper of a decision recorded before. A printed paper is not replaced: choose another folder with --notices (or add --force if you really mean to replace that file)."),
    "dec_papers_collide": ("Chưa ghi gì vào sổ cái: các số quyết định {numbers} trong {path} sẽ in ra cùng một tệp {paper}: gõ mỗi số đúng như trên giấy, một số một cách viết (chữ hoa, chữ thường, dấu «/» và «-» như nhau ở mọi dòng).", "Nothing recorded: the decision numbers {numbers} in {path} would be printed to the same file {paper}: type each number as the paper has it, one number one spelling (the same capitals and the same '/' or '-' on every row)."),
    "dec_cells_first": ("{unit}, {period}: còn {count} chi bộ trực thuộc của đảng bộ này chưa được đảng ủy quyết định kỳ này ({cells}). Tổ chức cấp dưới được quyết định trước (Quy định 366, Điều 12.2): chờ sổ của đảng ủy có quyết định của các chi bộ.", "{unit}, {period}: the committee has not yet decided {count} of its cells for this period ({cells}). Lower organisations are decided first (Regulation 366, Art. 12.2): wait for the committee's workbook with its cells' decisions."),
    "dec_before_cells": ("{unit}, {period}: ngày quyết định {day} ở trước ngày đảng ủy quyết định chi bộ trực thuộc {cell} ({cell_day}). Tổ chức cấp dưới được quyết định trước, cả về thời gian (Quy định 366, Điều 12.2): kiểm tra lại ngày.", "{unit}, {period}: the decision date {day} is before the committee decided its cell {cell} ({cell_day}). Lower organisations are decided first, in time too (Regulation 366, Art. 12.2): check the date."),
    "dec_over_quota": ("Nhóm «{group}», {period}: quyết định {count} đơn vị «{level}» ({units}), vượt tỷ lệ {percent}% của {base} đơn vị được quyết định từ «Hoàn thành tốt nhiệm vụ» trở lên (tối đa {allowed}). Cách tính: {rule} Đề xuất được vượt, quyết định thì không (Quy định 366, Điều 11): sửa mức quyết định; địa phương có quy tắc làm tròn khác thì ghi vào bộ tiêu chí (quota.rounding) và dùng «--framework».", "Group '{group}', {period}: {count} unit{count:s} decided '{level}' ({units}), over the {percent}% of the {base} unit{base:s} decided 'Completed tasks well' or above (at most {allowed}). How it is counted: {rule} A proposal may exceed the quota, a decision may not (Regulation 366, Art. 11): change the decided levels; a locality with another rounding rule writes it in its framework (quota.rounding) and uses '--framework'."),
    "dec_not_decision_workbook": ("{path} không có trang «Thẩm định, quyết định»: dùng sổ của đảng ủy (mẫu dang-bo-co-so.xlsx) hoặc sổ tổng hợp của cấp trên (tong-hop.xlsx), làm bằng fourgood new.", "{path} has no 'Appraisal, decision' sheet: use a committee's workbook (dang-bo-co-so.xlsx) or the superior's consolidation workbook (tong-hop.xlsx), made with fourgood new."),
    "dec_other_roster": ("Sổ {path} là của đơn vị «{unit}», không có trong danh sách {roster}: dùng đúng danh sách đơn vị.", "The workbook {path} belongs to the unit '{unit}', which is not in the roster {roster}: use the right roster."),
    "dec_other_framework": ("Sổ {path} không được làm với bộ «{id}» phiên bản {version} đã cho (sổ ghi phiên bản {found} khác): bảng tỷ lệ của sổ sẽ khác điều «fourgood decide» kiểm tra. Làm sổ bằng «fourgood new … --framework» với cùng tệp, rồi điền lại bằng «fourgood consolidate … --into».", "The workbook {path} was not made with the given '{id}' version {version} (it records another, {found}): its quota table would differ from what 'fourgood decide' checks. Make the workbook with 'fourgood new … --framework' and the same file, then fill it again with 'fourgood consolidate … --into'."),
    "dec_other_year": ("Sổ {path} là của năm {found}, danh sách đơn vị {roster} là năm {year}: dùng sổ và danh sách của cùng một năm.", "The workbook {path} is for {found}, the roster {roster} for {year}: use a workbook and a roster of the same year."),
    "dec_headers": ("Trang «{sheet}» của {path}: tiêu đề cột {columns} đã bị sửa, nên không biết cột nào là gì. Đừng sửa tiêu đề: làm lại sổ bằng fourgood new, rồi «fourgood consolidate … --into».", "The '{sheet}' sheet of {path}: the column headings {columns} were changed, so the columns cannot be told apart. Do not edit the headings: make the workbook again with fourgood new, then 'fourgood consolidate … --into'."),
    "dec_no_ledger": ("Không có sổ cái {path}: chạy «fourgood consolidate» (với --ledger này) trước, để có đề xuất của các đơn vị.", "There is no ledger {path}: run 'fourgood consolidate' (with this --ledger) first, for the units' proposals."),
    "dec_invalid": ("Chưa ghi gì vào sổ cái: {count} lỗi trong {path}. Sửa rồi chạy lại:", "Nothing was recorded in the ledger: {count} problem{count:s} in {path}. Correct them and run again:"),
    "dec_done": ("Đã ghi vào sổ cái {ledger}: {appraisal} thẩm định, {decision} quyết định, {rerating} xếp loại lại; {skipped} dòng đã ghi từ trước. Mã kiểm tra sổ quyết định: {head} (dòng {seq}).", "Recorded in the ledger {ledger}: appraisals {appraisal}, decisions {decision}, re-ratings {rerating}; rows recorded before: {skipped}. Decision record check code: {head} (row {seq})."),
    "dec_will_record": ("Sẽ ghi vào sổ cái {ledger}: {appraisal} thẩm định, {decision} quyết định, {rerating} xếp loại lại (quyết định số {numbers}).", "To be recorded in the ledger {ledger}: appraisals {appraisal}, decisions {decision}, re-ratings {rerating} (decision numbers {numbers})."),
    "dec_nothing": ("Không có gì mới để ghi ({skipped} dòng đã ghi từ trước). Mã kiểm tra sổ quyết định: {head} (dòng {seq}).", "Nothing new to record (rows recorded before: {skipped}). Decision record check code: {head} (row {seq})."),
    "dec_notice": ("Quyết định số {number}, bản in để ký: {path}", "Decision {number}, the paper to sign: {path}"),
    "dec_paper_missing": ("Bản in quyết định để trống {missing}: với bản này, gõ vào tệp trước khi in; cho các lần sau, nhập ở trang «Thông tin» của sổ.", "The decision's paper leaves blank {missing}: for this one, type it into the file before printing; for the next ones, enter it on the workbook's 'Information' sheet."),
    "dec_paper_no_superior": ("tên cấp ủy cấp trên (ô «Đơn vị cấp trên»)", "the superior committee's name ('Parent unit')"),
    "dec_paper_no_secretary": ("họ tên người ký (ô «Bí thư»)", "the signer's name ('Secretary')"),
    "dec_recorded": ("Đã ghi ({kind}, dòng {seq}): {level}, số {number}", "Recorded ({kind}, row {seq}): {level}, no. {number}"),
    "dec_kind_appraisal": ("thẩm định", "appraisal"),
    "dec_kind_decision": ("quyết định", "decision"),
    "dec_kind_rerating": ("xếp loại lại", "re-rating"),
    "verify_ok": ("Sổ quyết định trong {path} nguyên vẹn: {count} dòng, mã kiểm tra {head}.", "The decision record in {path} is intact: {count} row{count:s}, check code {head}."),
    "verify_failed": ("Sổ quyết định trong {path} đã bị sửa: {detail}", "The decision record in {path} was altered: {detail}"),
    "verify_gap": ("trước dòng {seq} ({kind}, {unit}, {period}) thiếu dòng {expected}: có dòng đã bị xóa.", "row {expected} is missing before row {seq} ({kind}, {unit}, {period}): a row was deleted."),
    "verify_broken": ("dòng {seq} ({kind}, {unit}, {period}) không nối tiếp dòng trước nó: dòng trước đã bị sửa, xóa hoặc đổi chỗ.", "row {seq} ({kind}, {unit}, {period}) does not follow the row before it: that row was altered, deleted or moved."),
    "verify_altered": ("dòng {seq} ({kind}, {unit}, {period}) đã bị sửa sau khi ghi.", "row {seq} ({kind}, {unit}, {period}) was altered after it was recorded."),
    "verify_end": ("sổ có {count} dòng, nhưng đã ghi {recorded} dòng: các dòng cuối đã bị xóa, hoặc dòng đã bị thêm ngoài fourgood.", "the record has {count} row{count:s} but {recorded} were recorded: the last rows were deleted, or rows added outside fourgood."),
    "verify_head": ("mã {expected} không có ở dòng nào trong {count} dòng của sổ: một dòng ghi trước khi in giấy mang mã này đã bị sửa, xóa hoặc đổi chỗ — hoặc mã gõ nhầm; so lại từng chữ số với giấy.", "the code {expected} is at no row of the record's {count} row{count:s}: a row recorded before the paper bearing it was printed was altered, deleted or moved — or the code was mistyped; compare each digit with the paper."),
    "verify_ok_at": ("Sổ quyết định trong {path} không bị sửa đến lúc in giấy mang mã {check} (dòng {at}); sau đó đã ghi thêm {since} dòng. Kiểm tra cả sổ: bỏ --head.", "The decision record in {path} is unchanged up to the paper bearing the code {check} (row {at}); {since} row{since:s} recorded since. To check the whole record, leave out --head."),
    "verify_bad_code": ("«{check}» không phải mã kiểm tra: mã in trên giấy gồm {digits} chữ số và chữ cái a–f; gõ lại đủ {digits} ký tự.", "'{check}' is not a check code: the code printed on a paper has {digits} digits and letters a–f; type all {digits} characters."),
    "cli_decide": ("ghi thẩm định, quyết định xếp loại trong sổ vào sổ cái", "record the appraisals and decisions typed in a workbook in the ledger"),
    "cli_decide_workbook": ("sổ có trang «Thẩm định, quyết định» (của đảng ủy hoặc sổ tổng hợp)", "the workbook with the 'Appraisal, decision' sheet (a committee's or the consolidation workbook)"),
    "cli_decide_ledger": ("sổ cái (.sqlite) của lần tổng hợp", "the consolidation's ledger (.sqlite)"),
    "cli_notices": ("thư mục ghi bản in các quyết định (mặc định: thư mục của sổ cái)", "folder for the decisions' papers (default: the ledger's folder)"),
    "cli_lite_group": ("sổ xlwings Lite", "xlwings Lite workbooks"),
    "cli_lite_verify": ("kiểm tra mã Python trong một sổ xlwings Lite có đúng là mã của bản fourgood này không, từng tệp một", "check that the Python code in an xlwings Lite workbook is exactly this fourgood release's, file by file"),
    "cli_lite_book": ("sổ xlwings Lite (.xlsx) cần kiểm tra", "the xlwings Lite workbook (.xlsx) to check"),
    "lite_not_lite": ("{path} không phải sổ xlwings Lite: sổ không mang mã Python nào. Chọn sổ tạo bởi «fourgood templates build --lite» (…-lite.xlsx).", "{path} is not an xlwings Lite workbook: it carries no Python code. Choose a workbook made by «fourgood templates build --lite» (…-lite.xlsx)."),
    "lite_damaged": ("{path} không đọc được như một sổ Excel (.xlsx): tệp đã hỏng hoặc không phải sổ Excel. Xin lại bản gốc rồi kiểm tra lại.", "{path} cannot be read as an Excel workbook (.xlsx): the file is damaged or is not a workbook. Ask for the original and check again."),
    "lite_verify_same": ("Mã trong {path} đúng là mã của {release}: giống hệt từng tệp ({count} tệp).", "The code in {path} is exactly {release}'s, file by file (files: {count})."),
    "lite_verify_differs": ("Mã trong {path} KHÔNG phải đúng mã của {release}:", "The code in {path} is NOT exactly {release}'s:"),
    "lite_verify_changed": ("khác bản phát hành: {name}", "differs from the release: {name}"),
    "lite_verify_missing": ("thiếu: {name}", "missing: {name}"),
    "lite_verify_extra": ("thừa (bản phát hành không có): {name}", "extra (not in the release): {name}"),
    "lite_verify_loader": ("khác bản phát hành: phần đầu của main.py (danh sách SHA-256, các nút, phần nạp mã)", "differs from the release: the rest of main.py (the SHA-256 list, the scripts, the loader)"),
    "lite_verify_requirements": ("khác bản phát hành: requirements.txt", "differs from the release: requirements.txt"),
    "cli_ledger_group": ("sổ cái", "the ledger"),
    "cli_verify": ("kiểm tra sổ quyết định trong sổ cái có bị sửa không", "check that the decision record of a ledger was not altered"),
    "cli_head": ("mã kiểm tra in trên một quyết định: sổ được kiểm tra đến lúc giấy đó được in", "the check code printed on a decision: the record is checked up to when that paper was printed"),
    "notice_sheet": ("Quyết định", "Decision"),
    "notice_title": ("QUYẾT ĐỊNH", "DECISION"),
    "notice_number": ("Số {number}", "No. {number}"),
    "notice_place_date": ("{place}, ngày {day} tháng {month} năm {year}", "{place}, {day}/{month}/{year}"),
    "notice_subject": ("về việc xếp loại chất lượng tổ chức đảng {periods}", "on the quality rating of party organisations, {periods}"),
    "notice_subject_recognized": ("về việc xếp loại chất lượng tổ chức đảng {periods} và công nhận {titles} năm {year}", "on the quality rating of party organisations, {periods}, and the recognition of {titles} for {year}"),
    "notice_body_tong-hop": ("BAN THƯỜNG VỤ {committee}", "THE STANDING COMMITTEE OF {committee}"),
    "notice_body_dang-bo-co-so": ("{committee}", "{committee}"),
    "notice_staff_tong-hop": ("Ban Tổ chức {committee}", "the Organisation Board of {committee}"),
    "notice_staff_dang-bo-co-so": ("Văn phòng {committee}", "the Office of {committee}"),
    "notice_ground_charter": ("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", "Under the Charter of the Communist Party of Vietnam;"),
    "notice_ground": ("Căn cứ {citation};", "Under {citation};"),
    "notice_proposal": ("Xét đề nghị của {staff},", "On the proposal of {staff},"),
    "notice_decides": ("QUYẾT ĐỊNH:", "DECIDES:"),
    "notice_article_levels": ("Điều 1. Xếp loại chất lượng {periods} đối với {count} tổ chức đảng theo danh sách kèm theo Quyết định này.", "Article 1. The party organisations in the list attached to this decision ({count}) are rated for {periods} as the list says."),
    "notice_article_recognized": ("Công nhận {count} tổ chức đảng đạt {titles} năm {year} (cột «Công nhận» của danh sách).", "Recognised as {titles} for {year}: {count} of them (the list's column 'Four-good recognised')."),
    "notice_article_replaces": ("Điều 2. Quyết định này thay thế mức xếp loại đã quyết định trước đây (xếp loại lại):", "Article 2. This decision replaces the levels decided before (re-rating):"),
    "notice_replaced": ("- {unit}, {period}: mức «{before}» tại Quyết định số {number}; lý do xếp loại lại: {reason}.", "- {unit}, {period}: the level '{before}' of decision {number}; reason for the re-rating: {reason}."),
    "notice_article_execution": ("Điều {n}. {staff}, các tổ chức đảng có tên tại Điều 1 và các cơ quan, đơn vị liên quan thi hành Quyết định này. Quyết định có hiệu lực kể từ ngày ký.", "Article {n}. {staff}, the party organisations named in Article 1 and the bodies concerned carry out this decision. It takes effect on the day it is signed."),
    "notice_list_title": ("DANH SÁCH XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG", "QUALITY LEVELS OF PARTY ORGANISATIONS"),
    "notice_list_subtitle": ("(Kèm theo Quyết định số {number} ngày {day})", "(Attached to decision {number} of {day})"),
    "notice_col_no": ("STT", "No."),
    "notice_col_unit": ("Tổ chức đảng", "Party organisation"),
    "notice_col_period": ("Kỳ", "Period"),
    "notice_col_level": ("Mức xếp loại", "Level"),
    "notice_col_recognized": ("Công nhận «bốn tốt»", "Four-good recognised"),
    "notice_col_note": ("Ghi chú", "Note"),
    "notice_rerated": ("Xếp loại lại (Điều 2)", "Re-rated (Article 2)"),
    "notice_check": ("Mã kiểm tra sổ quyết định: {check} — dùng để đối chiếu bản ghi điện tử của quyết định này với sổ cái lưu tại văn phòng.", "Decision record check code: {check} — for matching the electronic record of this decision with the ledger kept at the office."),
    "notice_to_units": ("- Như Điều {n};", "- As Article {n};"),
    "notice_to_file": ("- Lưu Văn phòng {committee}.", "- File, the Office of {committee}."),
    "notice_sign_tong-hop": ("T/M BAN THƯỜNG VỤ", "FOR THE STANDING COMMITTEE"),
    "notice_sign_dang-bo-co-so": ("T/M ĐẢNG ỦY", "FOR THE PARTY COMMITTEE"),
    "tpl_sheet_decisions": ("Thẩm định, quyết định", "Appraisal, decision"),
    "tpl_title_decisions": ("THẨM ĐỊNH, QUYẾT ĐỊNH XẾP LOẠI CHẤT LƯỢNG CÁC TỔ CHỨC ĐẢNG TRỰC THUỘC NĂM {year}", "APPRAISAL AND DECISION OF THE SUBORDINATE ORGANISATIONS' QUALITY LEVELS, {year}"),
    "tpl_dec_note": ("Quy định 366-QĐ/TW, Điều 11–13: cơ quan tổ chức của cấp ủy thẩm định và đề xuất mức; ban thường vụ quyết định — tổ chức cấp dưới trước, cấp trên sau; số «Hoàn thành xuất sắc nhiệm vụ» được quyết định không quá tỷ lệ của nhóm (bảng bên phải, in ở trang sau). Cột màu hồng được điền tự động từ sổ các đơn vị; văn phòng nhập các cột màu vàng, rồi ghi vào sổ cái (cách làm: trang «Hướng dẫn»). Mức quyết định khác mức đề xuất, hay xếp loại lại mức đã quyết định (Điều 15.3), phải ghi lý do.", "Regulation 366-QĐ/TW, Art. 11–13: the committee's organisation staff appraise and propose a level; the standing committee decides — lower organisations first; the number decided 'Excellently completed tasks' may not exceed the group's quota (the table on the right, printed on the page after). Pink columns are filled automatically from the units' workbooks; the office types in the yellow columns, then records them in the ledger (how: the 'Instructions' sheet). A decided level other than the proposed one, or a re-rating of a decided level (Art. 15.3), needs a reason."),
    "tpl_dec_no": ("STT", "No."),
    "tpl_dec_unit": ("Mã đơn vị", "Unit id"),
    "tpl_dec_name": ("Tên đơn vị", "Unit"),
    "tpl_dec_period": ("Kỳ", "Period"),
    "tpl_dec_group": ("Nhóm tương đồng", "Comparable group"),
    "tpl_dec_points": ("Điểm tự chấm", "Self-assessed points"),
    "tpl_dec_proposed": ("Mức đơn vị đề xuất", "Level proposed by the unit"),
    "tpl_dec_appraised": ("Thẩm định: mức đề xuất", "Appraisal: level proposed"),
    "tpl_dec_remark": ("Thẩm định: nhận xét", "Appraisal: remark"),
    "tpl_dec_level": ("Quyết định: mức xếp loại", "Decision: level"),
    "tpl_dec_number": ("Số quyết định", "Decision number"),
    "tpl_dec_day": ("Ngày quyết định", "Decision date"),
    "tpl_dec_recognized": ("Công nhận «bốn tốt» (cả năm)", "Four-good recognised (year)"),
    "tpl_dec_reason": ("Lý do (khác mức đề xuất, xếp loại lại)", "Reason (other than proposed, re-rating)"),
    "tpl_dec_rerate": ("Xếp loại lại", "Re-rating"),
    "tpl_dec_recorded": ("Đã ghi trong sổ cái", "Recorded in the ledger"),
    "tpl_dec_state": ("Tình trạng", "State"),
    "tpl_dec_state_none": ("Chưa đề xuất", "Not proposed"),
    "tpl_dec_state_appraise": ("Chờ thẩm định", "To appraise"),
    "tpl_dec_state_decide": ("Chờ quyết định", "To decide"),
    "tpl_dec_state_reason": ("Cần ghi lý do", "Reason needed"),
    "tpl_dec_state_to_record": ("Chờ ghi vào sổ cái", "To record"),
    "tpl_dec_state_recorded": ("Đã ghi", "Recorded"),
    "tpl_dec_quota_title": ("Tỷ lệ «{level}» theo mức đã quyết định, từng nhóm và kỳ (Quy định 366-QĐ/TW, Điều 11)", "Quota of '{level}' on the decided levels, by group and period (Regulation 366-QĐ/TW, Art. 11)"),
    "tpl_dq_group": ("Nhóm tương đồng", "Comparable group"),
    "tpl_dq_period": ("Kỳ", "Period"),
    "tpl_dq_outstanding": ("Nhóm tiêu biểu ({percent}%)", "Outstanding group ({percent}%)"),
    "tpl_dq_base": ("Số quyết định từ «{level}» trở lên", "Decided '{level}' or above"),
    "tpl_dq_count": ("Số quyết định «{level}»", "Decided '{level}'"),
    "tpl_dq_allowed": ("Số tối đa được phép", "Most allowed"),
    "tpl_dq_ok": ("Đúng tỷ lệ", "Within quota"),
    "tpl_dv_date": ("Nhập một ngày, ví dụ 15/10/2024.", "Enter a date, for example 15/10/2024."),
    "tpl_sheet_report_form": ("Báo cáo tự đánh giá", "Self-assessment report"),
    "tpl_rf_choose": ("Chọn kỳ báo cáo:", "Choose the period:"),
    "tpl_rf_choose_note": ("Trang này in ra khổ A4 đứng (Tệp → In). Chọn quý hoặc «Cả năm» ở ô trên; số liệu lấy từ trang «Quý và năm». Ô chọn không được in.", "This page prints on A4 portrait (File → Print). Choose a quarter or 'Year' above; the figures come from the 'Quarters and year' sheet. The choice is not printed."),
    "tpl_rf_number_label": ("Số báo cáo (in dưới tên đơn vị), ví dụ 05-BC/CB:", "Report number (printed under the unit's name), e.g. 05-BC/CB:"),
    "tpl_rf_number_chi-bo": ("Số       -BC/CB", "No.       -BC/CB"),
    "tpl_rf_number_dang-bo-co-so": ("Số       -BC/ĐU", "No.       -BC/ĐU"),
    "tpl_rf_title": ("BÁO CÁO", "REPORT"),
    "tpl_rf_subtitle": ("TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {period}", "QUALITY SELF-ASSESSMENT AND RATING, {period}"),
    "tpl_rf_period_q1": ("quý I năm {year}", "quarter 1 of {year}"),
    "tpl_rf_period_q2": ("quý II năm {year}", "quarter 2 of {year}"),
    "tpl_rf_period_q3": ("quý III năm {year}", "quarter 3 of {year}"),
    "tpl_rf_period_year": ("năm {year}", "the year {year}"),
    "tpl_rf_intro": ("Căn cứ {ruleset} và hướng dẫn của cấp trên, {unit} tự đánh giá, xếp loại chất lượng {period} như sau:", "Under {ruleset} and the superior committee's guidance, {unit} assesses and rates its quality for {period} as follows:"),
    "tpl_rf_points": ("I. TỰ CHẤM ĐIỂM", "I. SELF-ASSESSED POINTS"),
    "tpl_rf_group": ("{n}. {title}", "{n}. {title}"),
    "tpl_rf_of": ("/{max} điểm", "/{max} point{max:s}"),
    "tpl_rf_total": ("Tổng điểm", "Total"),
    "tpl_rf_basis": ("II. CĂN CỨ XẾP LOẠI", "II. BASIS OF THE RATING"),
    "tpl_rf_vetoes": ("Trường hợp phủ quyết", "Vetoes"),
    "tpl_rf_no_veto": ("Không có", "None"),
    "tpl_rf_level": ("III. TỰ XẾP LOẠI (ĐỀ XUẤT):", "III. PROPOSED LEVEL:"),
    "tpl_rf_flags": ("Lưu ý: {flags}", "Note: {flags}"),
    "tpl_rf_sign_chi-bo": ("T/M CHI BỘ", "FOR THE PARTY CELL"),
    "tpl_rf_sign_dang-bo-co-so": ("T/M ĐẢNG ỦY", "FOR THE PARTY COMMITTEE"),
    "tpl_rf_secretary": ("BÍ THƯ", "SECRETARY"),
    "tpl_rf_signature": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "tpl_rf_recipients": ("Nơi nhận:", "To:"),
    "tpl_rf_to_parent": ("- Ban Thường vụ {parent},", "- The Standing Committee of {parent},"),
    "tpl_rf_to_file": ("- Lưu.", "- File."),
    "tpl_year_flags": ("Lưu ý về mức cả năm", "Notes on the year's level"),
    "tpl_title_results": ("KẾT QUẢ TỰ ĐÁNH GIÁ NĂM {year}", "SELF-ASSESSMENT RESULTS, {year}"),
    "tpl_title_subs": ("KẾT QUẢ CỦA CÁC ĐƠN VỊ TRỰC THUỘC NĂM {year}", "RESULTS OF THE SUBORDINATE UNITS, {year}"),
    "tpl_col_no": ("STT", "No."),
    "tpl_col_content": ("Tiêu chí, nội dung", "Criterion, item"),
    "tpl_col_max": ("Tối đa", "Max"),
    "tpl_col_month": ("T{m}", "M{m}"),
    "tpl_col_year": ("Cả năm", "Year"),
    "tpl_col_notes": ("Minh chứng, ghi chú", "Evidence, notes"),
    "tpl_col_value": ("Giá trị", "Value"),
    "tpl_col_id": ("Mã đơn vị", "Unit id"),
    "tpl_col_name": ("Tên đơn vị", "Unit name"),
    "tpl_col_type": ("Loại", "Type"),
    "tpl_col_group": ("Nhóm", "Group"),
    "tpl_col_rating": ("Xếp loại năm: đơn vị đề xuất", "Year level: proposed"),
    "tpl_col_decided": ("Xếp loại năm: cấp trên quyết định", "Year level: decided"),
    "tpl_col_months_achieved": ("Số tháng đạt", "Months achieved"),
    "tpl_col_item": ("Nội dung", "Item"),
    "tpl_col_source": ("Nguồn", "Source"),
    "tpl_vetoes": ("Phủ quyết (chọn «Có» nếu xảy ra trong tháng)", "Vetoes (choose 'Yes' if it happened this month)"),
    "tpl_year_vetoes": ("Phủ quyết (chọn «Có» nếu xảy ra trong kỳ)", "Vetoes (choose 'Yes' if it happened in the period)"),
    "tpl_indicators": ("Các chỉ số", "Indicators"),
    "tpl_total": ("Tổng điểm", "Total"),
    "tpl_met_count": ("Số tiêu chí đạt", "Criteria met"),
    "tpl_result_month": ("Kết quả tháng", "Month result"),
    "tpl_linked_note": ("tự tính từ trang «{sheet}»", "computed from the '{sheet}' sheet"),
    "tpl_derived_note": ("tự tính từ trang «{sheet}»", "computed from the '{sheet}' sheet"),
    "tpl_band": ("Xếp mức", "Band"),
    "tpl_meeting_total": ("Điểm sinh hoạt chi bộ", "Meeting score"),
    "tpl_meeting_band": ("Mức sinh hoạt chi bộ", "Meeting band"),
    "tpl_ruleset": ("Quy định áp dụng", "Rules applied"),
    "tpl_vetoes_count": ("Số phủ quyết", "Vetoes"),
    "tpl_results_month": ("Kết quả theo tháng", "Results by month"),
    "tpl_results_year": ("Cuối năm", "Year end"),
    "tpl_gaps_month": ("Còn thiếu theo tháng", "Still missing, by month"),
    "tpl_gaps": ("Còn thiếu", "Still missing"),
    "tpl_assessed": ("Số tháng tự đánh giá đủ", "Months fully self-assessed"),
    "tpl_achieved": ("Số tháng đạt", "Months achieved"),
    "tpl_with_veto": ("Số tháng có phủ quyết", "Months with a veto"),
    "tpl_rating": ("Xếp loại chất lượng", "Quality rating"),
    "tpl_rating_total": ("Điểm xếp loại", "Rating score"),
    "tpl_recognition": ("Công nhận cuối năm", "Year-end recognition"),
    "tpl_meeting_year": ("Sinh hoạt chi bộ cả năm", "Meetings over the year"),
    "tpl_nothing_missing": ("Không còn thiếu.", "Nothing missing."),
    # --- inside Excel (macros_py) ---
    "xl_title": ("Bốn tốt", "Four-good"),
    "addin_group": ("Tự đánh giá", "Self-assessment"),
    "addin_button": ("Xếp loại", "Classify"),
    "addin_tip": (
        "Tính lại điểm, kết quả từng tháng và cả năm của sổ đang mở, ghi vào trang «Kết quả» và đánh dấu các ô nhập sai.",
        "Recompute the open workbook's scores, monthly and year results, write them on 'Kết quả' and mark the cells to correct.",
    ),
    "cli_addin": ("bổ trợ Excel «Bốn tốt» (thẻ trên thanh công cụ)", "the 'Bốn tốt' Excel add-in (a ribbon tab)"),
    "cli_addin_build": ("tạo tệp bổ trợ fourgood_addin.xlam", "build the add-in file fourgood_addin.xlam"),
    "cli_addin_install": ("cài bổ trợ vào Excel (Windows: thư mục XLSTART)", "install the add-in into Excel (Windows: the XLSTART folder)"),
    "cli_addin_interpreter": ("Python mà Excel sẽ chạy (mặc định: Python đang chạy lệnh này)", "the Python Excel will run (default: the Python running this command)"),
    "cli_addin_built": ("Đã tạo bổ trợ {path}", "Built the add-in {path}"),
    "cli_addin_installed": (
        "Đã chép bổ trợ vào {path}; mở lại Excel để thấy thẻ «Bốn tốt».",
        "Copied the add-in to {path}; restart Excel to see the 'Bốn tốt' tab.",
    ),
    "cli_addin_manual": (
        "Máy này không phải Windows nên không tự cài được; chưa ghi tệp nào. Tạo bổ trợ ở thư mục bạn chọn bằng «fourgood addin build -o THƯ-MỤC», rồi tự cài fourgood_addin.xlam — Excel › Công cụ › Bổ trợ Excel › Duyệt… (macOS: cần thêm «xlwings runpython install»). Xem docs/excel.md.",
        "This is not Windows, so the add-in cannot be installed here; nothing was written. Build it in a folder of your choice with 'fourgood addin build -o FOLDER', then install fourgood_addin.xlam yourself — Excel › Tools › Excel Add-ins › Browse… (macOS also needs 'xlwings runpython install'). See docs/excel.md.",
    ),
    "addin_wrong_name": (
        "Tệp bổ trợ phải tên đúng là {name}, không phải «{path}»: nút «Xếp loại» chạy mô-đun Python mang tên của tệp, nên với tên khác nút chỉ báo lỗi SyntaxError hoặc «No module named». Ghi ra một thư mục, hoặc đặt tên {name}.",
        "The add-in file must be named exactly {name}, not '{path}': the «Xếp loại» button runs the Python module named after the file, so under another name it only reports SyntaxError or 'No module named'. Write to a folder, or name it {name}.",
    ),
    "cli_addin_renamed": (
        "Cảnh báo: {path} là bổ trợ «Bốn tốt» bị đổi tên (thường do trình duyệt thêm « (1)» khi tải về). Với tên này nút «Xếp loại» báo lỗi SyntaxError hoặc «No module named» thay vì xếp loại. Xóa tệp đó; bản đúng tên là {name}.",
        "Warning: {path} is a renamed «Bốn tốt» add-in (a browser adds ' (1)' when downloading it again). Under that name the «Xếp loại» button reports SyntaxError or 'No module named' instead of classifying. Delete that file; the right one is {name}.",
    ),
    # --- the Windows set-up kit (kit.py): cai-dat.cmd says each step, and how to fix a failed one
    "cli_kit": ("bộ cài đặt cho máy Windows không có mạng Internet", "the set-up kit for a Windows PC without internet"),
    "cli_kit_build": ("tạo bộ cài (các gói cho Python 3.11 Windows 64-bit, cai-dat.cmd, hướng dẫn); cần mạng Internet khi tạo", "build the kit (the packages for Python 3.11 on 64-bit Windows, cai-dat.cmd, the guide); needs internet while building"),
    "cli_kit_force": ("ghi đè thư mục dù nó không phải bộ cài do lệnh này tạo", "replace the folder even when it is not a kit this command wrote"),
    "cli_kit_built": (
        "Đã tạo bộ cài {path} ({wheels} gói). Chép cả thư mục sang máy Windows, rồi bấm đúp cai-dat.cmd; đọc {guide}.",
        "Built the kit {path} ({wheels} packages). Copy the whole folder to the Windows PC and double-click cai-dat.cmd; read {guide}.",
    ),
    "kit_no_source": (
        "Lệnh «kit build» cần thư mục mã nguồn của fourgood (có tệp pyproject.toml), để đóng gói fourgood. Chạy lệnh từ bản fourgood cài bằng «bash scripts/setup.sh» hoặc «pip install -e .».",
        "'kit build' needs fourgood's source folder (with pyproject.toml) to package fourgood. Run it from a fourgood installed with 'bash scripts/setup.sh' or 'pip install -e .'.",
    ),
    "kit_not_ours": (
        "{path} đã có và không phải bộ cài do lệnh này tạo; fourgood không ghi đè. Chọn thư mục khác (mới hoặc trống), hoặc thêm --force để thay nó.",
        "{path} exists and is not a kit this command wrote; fourgood does not replace it. Choose another (new or empty) folder, or add --force to replace it.",
    ),
    "kit_pip_failed": (
        "Không tải hoặc đóng gói được {what}. Tạo bộ cài cần mạng Internet (tới pypi.org, hoặc kho gói pip đã cấu hình): kiểm tra kết nối, proxy, rồi chạy lại. Chưa ghi gì. pip báo: {detail}",
        "Could not download or package {what}. Building the kit needs internet (to pypi.org, or the package index pip is configured with): check the connection and proxy, and run again. Nothing was written. pip said: {detail}",
    ),
    "kit_incomplete": (
        "Bộ cài chưa đủ: không có gói Windows cho {missing}. Chưa ghi gì.",
        "The kit is incomplete: no Windows package for {missing}. Nothing was written.",
    ),
    "kit_script_title": ("Cài đặt fourgood và bổ trợ Excel «Bốn tốt» từ bộ cài này (không cần mạng Internet).", "Installing fourgood and the «Bốn tốt» Excel add-in from this kit (no internet needed)."),
    "kit_step_python": ("Kiểm tra Python 3.11 (64-bit)", "Checking Python 3.11 (64-bit)"),
    "kit_step_venv": ("Tạo môi trường Python của fourgood", "Making fourgood's Python environment"),
    "kit_step_install": ("Cài fourgood từ thư mục wheels của bộ cài", "Installing fourgood from the kit's wheels folder"),
    "kit_step_addin": ("Cài bổ trợ «Bốn tốt» vào Excel", "Installing the «Bốn tốt» add-in into Excel"),
    "kit_step_path": ("Thêm lệnh fourgood vào PATH của người dùng", "Adding the fourgood command to the user's PATH"),
    "kit_fail_python": (
        "Không tìm thấy Python 3.11 64-bit (lệnh py). Cài Python 3.11 cho Windows 64-bit (python-3.11.9-amd64.exe từ python.org, chép sẵn vào bộ cài), giữ mục «py launcher», rồi chạy lại cai-dat.cmd.",
        "Python 3.11 64-bit was not found (the py command). Install Python 3.11 for 64-bit Windows (python-3.11.9-amd64.exe from python.org, copied into the kit), keep 'py launcher' ticked, and run cai-dat.cmd again.",
    ),
    "kit_fail_venv": (
        "Không tạo được môi trường Python trong %LOCALAPPDATA%\\fourgood\\venv. Đóng Excel và mọi cửa sổ dùng thư mục đó, xóa thư mục venv, rồi chạy lại.",
        "Could not make the Python environment in %LOCALAPPDATA%\\fourgood\\venv. Close Excel and every window using that folder, delete the venv folder, and run again.",
    ),
    "kit_fail_install": (
        "Không cài được fourgood từ thư mục wheels (pip báo lỗi ở trên). Bộ cài thiếu gói, hoặc được tạo cho Python khác: tạo lại bộ cài bằng «fourgood kit build» trên máy có mạng.",
        "Could not install fourgood from the wheels folder (pip's error is above). The kit lacks a package or was built for another Python: build it again with 'fourgood kit build' on a PC with internet.",
    ),
    "kit_fail_addin": (
        "Không cài được bổ trợ vào Excel (lỗi ở trên). Đóng Excel rồi chạy lại cai-dat.cmd.",
        "Could not install the add-in into Excel (the error is above). Close Excel and run cai-dat.cmd again.",
    ),
    "kit_fail_path": (
        "Không thêm được fourgood vào PATH (lệnh reg báo lỗi ở trên). fourgood và bổ trợ đã cài xong; lệnh fourgood vẫn chạy được bằng đường dẫn đầy đủ %LOCALAPPDATA%\\fourgood\\venv\\Scripts\\fourgood.exe.",
        "Could not add fourgood to the PATH (reg's error is above). fourgood and the add-in are installed; the fourgood command still runs by its full path %LOCALAPPDATA%\\fourgood\\venv\\Scripts\\fourgood.exe.",
    ),
    "kit_step_verify": ("Kiểm tra các tệp của bộ cài theo SHA256SUMS (certutil)", "Checking the kit's files against SHA256SUMS (certutil)"),
    "kit_fail_no_sums": (
        "Bộ cài thiếu tệp {file}, nên không kiểm tra được các tệp của nó. Chép lại cả thư mục bộ cài từ bản gốc.",
        "The kit lacks its {file} file, so its files cannot be checked. Copy the whole kit folder again from the original.",
    ),
    "kit_fail_missing": (
        "Thiếu tệp {file} của bộ cài. Chép lại cả thư mục bộ cài từ bản gốc, rồi chạy lại cai-dat.cmd.",
        "The kit's file {file} is missing. Copy the whole kit folder again from the original, and run cai-dat.cmd again.",
    ),
    "kit_fail_differs": (
        "Tệp {file} khác với bản được ghi trong SHA256SUMS (bị hỏng khi chép, hoặc bị sửa), hoặc không được ghi ở đó. Không cài gì cả. Chép lại cả thư mục bộ cài từ bản gốc; nếu vẫn lỗi, báo cán bộ tin học.",
        "The file {file} differs from what SHA256SUMS records (damaged in copying, or altered), or is not listed there. Nothing was installed. Copy the whole kit folder again from the original; if it still fails, tell the IT officer.",
    ),
    "kit_script_stopped_verify": ("Đã dừng trước khi cài; chưa có gì thay đổi trên máy.", "Stopped before installing; nothing on this PC has changed."),
    "kit_script_done": ("Xong. Mở lại Excel: thẻ «Bốn tốt» có nút «Xếp loại». Lệnh fourgood dùng được trong cửa sổ dòng lệnh mới.", "Done. Restart Excel: the «Bốn tốt» tab has the «Xếp loại» button. The fourgood command works in a new command window."),
    "kit_script_stopped": ("Đã dừng ở bước này; các bước sau chưa chạy.", "Stopped at this step; the later steps did not run."),
    "xl_not_fourgood": (
        "Sổ «{book}» không phải sổ tự đánh giá của fourgood (không có trang nhận dạng _fourgood), nên không xếp loại được. Hãy mở sổ do Ban Tổ chức gửi, hoặc tạo sổ bằng lệnh «fourgood new».",
        "The workbook '{book}' is not a fourgood self-assessment workbook (it has no _fourgood identification sheet), so it cannot be classified. Open the workbook your organising board sent, or make one with 'fourgood new'.",
    ),
    "xl_wrong_kind": (
        "Việc «{action}» không làm được trên sổ loại «{template}». Sổ chi bộ và sổ đảng bộ cơ sở: Xếp loại, Kiểm tra; sổ đảng bộ cơ sở và sổ tổng hợp: Tổng hợp.",
        "'{action}' cannot be done in a '{template}' workbook. Cell and committee workbooks: Classify, Check; committee and consolidation workbooks: Consolidate.",
    ),
    "xl_action_classify": ("Xếp loại", "Classify"),
    "xl_action_check": ("Kiểm tra", "Check"),
    "xl_action_consolidate": ("Tổng hợp", "Consolidate"),
    "xl_classified": (
        "Đã xếp loại {unit}, năm {year}: {achieved}/{assessed} tháng đạt «Bốn tốt». Cả năm: {recognized}. Xếp loại chất lượng: {levels} {cells}",
        "Classified {unit}, {year}: months achieving Four-good: {achieved}/{assessed}. Year: {recognized}. Quality rating: {levels} {cells}",
    ),
    "xl_period_level": ("{period}: {level}.", "{period}: {level}."),
    "xl_no_levels": ("chưa nhập.", "nothing entered yet."),
    "xl_checked": (
        "Đã kiểm tra {unit}, năm {year}: {cells} {differences}",
        "Checked {unit}, {year}: {cells} {differences}",
    ),
    "xl_no_errors": ("Không có ô nào cần sửa.", "No cell needs correcting."),
    "xl_cells_to_fix": (
        "{count} ô cần sửa — xem ghi chú trên từng ô (góc đỏ):",
        "{count} cell(s) to correct — see the note on each cell (red corner):",
    ),
    "xl_more": ("… và {count} ô khác.", "… and {count} more."),
    "xl_note": ("fourgood, {period}: {message}", "fourgood, {period}: {message}"),
    "xl_year_period": ("cuối năm", "year end"),
    "xl_month_period": ("tháng {month}", "month {month}"),
    "xl_gap_month": ("T{month}: {gaps}", "M{month}: {gaps}"),
    "xl_gap_year": ("Cả năm: {gaps}", "Year: {gaps}"),
    "xl_stamp": (
        "fourgood {version} · {framework} {framework_version} (mã {hash}) · {time}",
        "fourgood {version} · {framework} {framework_version} (hash {hash}) · {time}",
    ),
    "xl_no_differences": (
        "Kết quả lưu trong sổ khớp với tính lại.", "The results saved in the workbook match a recomputation.",
    ),
    "xl_differences": (
        "{count} kết quả lưu trong sổ khác với tính lại (công thức bị sửa tay hoặc sổ chưa tính lại): {first}",
        "{count} result(s) saved in the workbook differ from a recomputation (a formula overwritten by hand, or the workbook not recalculated): {first}",
    ),
    "xl_difference": (
        "«{sheet}» {cell}: sổ ghi {cached}, tính lại được {computed}",
        "'{sheet}' {cell}: the workbook holds {cached}, recomputed {computed}",
    ),
    "xl_consolidated": (
        "Đã đọc {found} tệp trong thư mục {folder}: {accepted} nhận, {rejected} từ chối. Đã điền kết quả của {filled}/{expected} đơn vị. Báo cáo: {report}. Sổ cái: {ledger}.",
        "Read {found} file(s) in the folder {folder}: {accepted} accepted, {rejected} rejected. Filled the results of {filled}/{expected} unit(s). Report: {report}. Ledger: {ledger}.",
    ),
    "xl_no_units": (
        "Trang «{sheet}» chưa có mã đơn vị nào (cột «Mã»), nên chưa biết đọc sổ của ai. Điền mã các đơn vị trực thuộc rồi bấm lại.",
        "The sheet '{sheet}' lists no unit ids (column 'Id'), so there is nothing to read. Fill in the ids of the units under you and press again.",
    ),
    "xl_no_folder": (
        "Chưa đọc được sổ nhận được: cần thư mục «{inbox}» bên cạnh sổ này (trong {folder}). Lưu sổ này vào một thư mục, tạo thư mục «{inbox}» bên cạnh, chép các sổ và thư nhận được vào đó rồi bấm lại.",
        "No received workbooks to read: a folder '{inbox}' is needed beside this workbook (in {folder}). Save this workbook in a folder, make a folder '{inbox}' beside it, put the workbooks and e-mails received in it and press again.",
    ),
    "xl_no_ledger_folder": (
        "Chưa ghi được quyết định: lưu sổ này vào thư mục có sổ cái của lần tổng hợp (bấm «Bốn tốt» ở trang khác để tổng hợp trước) rồi bấm lại.",
        "Decisions cannot be recorded yet: save this workbook in the folder holding the ledger of its consolidation (press «Bốn tốt» on another sheet to consolidate first) and press again.",
    ),
    "xl_dec_note": ("fourgood: {problems}", "fourgood: {problems}"),
    "xl_dec_confirm": (
        "{will}\nSau khi ghi, không sửa hay xóa được: muốn đổi phải ghi một lần xếp loại lại, có lý do. Bấm OK để ghi, Cancel để thôi.",
        "{will}\nOnce recorded, nothing can be changed or removed: a change is a re-rating, with its reason. Press OK to record, Cancel to stop.",
    ),
    "xl_dec_cancelled": ("Chưa ghi gì vào sổ cái (đã chọn không ghi).", "Nothing was recorded in the ledger (you chose not to)."),
    "xl_dec_no_answer": (
        "Chưa ghi gì vào sổ cái: việc ghi quyết định cần hỏi xác nhận, chỉ làm được với bổ trợ fourgood trên Excel máy tính.",
        "Nothing was recorded in the ledger: recording decisions asks for a confirmation, which needs the fourgood add-in in desktop Excel.",
    ),
    "xl_files_sheet": ("Tệp đã đọc", "Files read"),
    "xl_files_head": ("Tệp|Kết quả|Đơn vị|Lý do", "File|Outcome|Unit|Reason"),
    "xl_accepted": ("Nhận", "Accepted"),
    "xl_rejected": ("Từ chối", "Rejected"),
    "tpl_py_title": (
        "KẾT QUẢ TÍNH BẰNG PYTHON — bấm «Xếp loại» trên thẻ «Bốn tốt» (cần bổ trợ fourgood hoặc xlwings Lite); các ô dưới đây do nút ghi, không nhập tay",
        "RESULTS COMPUTED BY PYTHON — press 'Classify' on the 'Bốn tốt' tab (needs the fourgood add-in or xlwings Lite); the cells below are written by the button, do not type in them",
    ),
    "tpl_py_state": ("Tình trạng", "State"),
    "tpl_py_current": ("Kết quả Python khớp với số liệu hiện tại.", "The Python results match the current inputs."),
    "tpl_py_stale": ("Kết quả đã cũ — bấm Xếp loại lại", "Results are out of date — press Classify again"),
    "tpl_py_total": ("Tổng điểm (Python)", "Total (Python)"),
    "tpl_py_result": ("Kết quả tháng; cả năm: công nhận (Python)", "Month result; year: recognition (Python)"),
    "tpl_py_rating": ("Xếp loại chất lượng cuối năm (Python)", "Year-end quality rating (Python)"),
    "tpl_py_quarter_total": ("Tổng điểm (Python)", "Total (Python)"),
    "tpl_py_quarter_level": ("Mức xếp loại (Python)", "Level (Python)"),
    "tpl_fn_quarter_total": ("Tổng điểm (=FG_DIEM_QUY)", "Total (=FG_DIEM_QUY)"),
    "tpl_fn_quarter_level": ("Mức xếp loại (=FG_XEP_LOAI_QUY)", "Level (=FG_XEP_LOAI_QUY)"),
    "tpl_py_check": ("Ô cần sửa", "Cells to correct"),
    "tpl_py_gaps": ("Còn thiếu", "Still missing"),
    "tpl_py_stamp": ("Dấu xếp loại", "Classification stamp"),
    "tpl_py_checksum": ("Mã kiểm tra số liệu lúc xếp loại (so với số liệu hiện tại để biết kết quả đã cũ)",
                        "Input checksum when classified (compared with the current inputs to tell stale results)"),
    "tpl_fn_title": (
        "HÀM PYTHON TRONG BẢNG TÍNH — FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM (hiện khi đã cài bổ trợ fourgood; để trống nếu chưa cài)",
        "PYTHON WORKSHEET FUNCTIONS — FG_TONG_DIEM, FG_XEP_LOAI, FG_XEP_LOAI_NAM (shown when the fourgood add-in is installed; empty otherwise)",
    ),
    "tpl_fn_total": ("Tổng điểm (=FG_TONG_DIEM)", "Total (=FG_TONG_DIEM)"),
    "tpl_fn_result": ("Kết quả (=FG_XEP_LOAI; cả năm =FG_XEP_LOAI_NAM)", "Result (=FG_XEP_LOAI; year =FG_XEP_LOAI_NAM)"),
    "fn_unknown_sheet": (
        "Cột nhãn không khớp trang theo dõi tháng nào: chọn cột «STT» của trang «Tự đánh giá» hoặc «Sinh hoạt», từ mục đầu đến dòng phủ quyết cuối.",
        "The labels column matches no monthly sheet: select the «STT» column of «Tự đánh giá» or «Sinh hoạt», from the first item to the last veto row.",
    ),
    "fn_shape": (
        "Cột nhãn có {rows} dòng nhưng vùng giá trị có {values} dòng: chọn hai vùng cùng các dòng.",
        "The labels column has {rows} row{rows:s} but the values have {values}: select both over the same rows.",
    ),
    "fn_unknown_rating": (
        "«{title}» không phải một mức xếp loại chất lượng.",
        "'{title}' is not a quality rating level.",
    ),
    "roster_workbook_row": ("dòng {row} của danh sách đơn vị trong sổ", "row {row} of the workbook's list of units"),
    "tpl_info_unit_name": ("Tên đơn vị", "Unit name"),
    "tpl_info_unit_id": ("Mã đơn vị", "Unit id"),
    "tpl_info_unit_type": ("Loại đơn vị", "Unit type"),
    "tpl_info_parent_name": ("Đơn vị cấp trên", "Parent unit"),
    "tpl_info_secretary": ("Bí thư", "Secretary"),
    "tpl_info_members": ("Số đảng viên", "Number of members"),
    "tpl_info_year": ("Năm đánh giá", "Year"),
    "tpl_info_ruleset": ("Quy định xếp loại áp dụng", "Rating rules applied"),
    "tpl_info_title": ("THÔNG TIN ĐƠN VỊ", "UNIT INFORMATION"),
    "tpl_subs_expected": ("Số đơn vị trực thuộc", "Subordinate units"),
    "tpl_subs_reported": ("Số đơn vị đã báo cáo", "Units reported"),
    "tpl_subs_achieved": ("Số đơn vị đạt «Bốn tốt»", "Units Four-good"),
    "tpl_subs_percent": ("Tỷ lệ đạt (%)", "Share achieved (%)"),
    "tpl_level_count": ("Số đơn vị «{level}» (mức đã quyết định; đơn vị chưa được quyết định: mức đề xuất)", "Units '{level}' (the level decided; for a unit not decided yet, the level proposed)"),
    "tpl_quota_title": ("Kiểm tra tỷ lệ «{level}» theo nhóm (mức đã quyết định; đơn vị chưa được quyết định: mức đề xuất)", "Quota check of '{level}' by group (the level decided; for a unit not decided yet, the level proposed)"),
    "tpl_quota_group": ("Nhóm", "Group"),
    "tpl_quota_outstanding": ("Đơn vị tiêu biểu", "Outstanding"),
    "tpl_quota_base": ("Số từ «{level}» trở lên", "Rated '{level}' or above"),
    "tpl_quota_count": ("Số «{level}»", "Rated '{level}'"),
    "tpl_quota_allowed": ("Số tối đa được phép", "Most allowed"),
    "tpl_quota_ok": ("Đúng tỷ lệ", "Within quota"),
    "quota_rule": ("Tối đa {percent}% (nhóm tiêu biểu: {outstanding}%) số đơn vị «{base}» trở lên, {rounding}{least} ({source}).", "At most {percent}% (outstanding groups: {outstanding}%) of the units rated '{base}' or above, {rounding}{least} ({source})."),
    "quota_round_down": ("làm tròn xuống", "rounded down"),
    "quota_round_nearest": ("làm tròn đến số gần nhất (từ 0,5 làm tròn lên)", "rounded to the nearest (halves up)"),
    "quota_at_least_one": ("; ít nhất 1 khi nhóm có từ {count} đơn vị «{base}» trở lên", "; at least one where the group has {count} or more units rated '{base}' or above"),
    "quota_source_assumed": ("giả định, địa phương có thể đổi trong bộ tiêu chí: {ref}", "assumed, a locality may change it in the framework: {ref}"),
    "quota_source_published": ("đã công bố: {ref}", "published: {ref}"),
    "tpl_status_incomplete": ("Chưa đủ dữ liệu", "Incomplete"),
    "tpl_dv_points": ("Nhập số từ 0 đến {max}, bước {step} (ví dụ {example}).", "Enter a number from 0 to {max} in steps of {step} (for example {example})."),
    "tpl_dv_percent": ("Nhập tỷ lệ từ 0% đến 100% (ví dụ 95%).", "Enter a share from 0% to 100% (for example 95%)."),
    "tpl_dv_choice": ("Chọn trong danh sách: {choices}.", "Choose from the list: {choices}."),
    "tpl_dv_title": ("Giá trị không hợp lệ", "Invalid value"),
    "tpl_help_title": ("HƯỚNG DẪN SỬ DỤNG SỔ «{title}»", "HOW TO USE THE '{title}' WORKBOOK"),
    "tpl_help_steps": (
        "1. Trang «Thông tin»: nhập tên đơn vị, bí thư, số đảng viên (đã điền sẵn nếu sổ do cấp trên gửi).\n"
        "2. Hằng tháng, ở trang «{main}», nhập điểm của tháng vào cột T1…T12 tương ứng; ô màu vàng là ô nhập, các ô khác được khóa.\n"
        "3. Điểm là số, có thể có phần thập phân theo bước điểm ghi ở cột «Tối đa» (ví dụ 4,5). Ô «Đạt/Không đạt», «Có/Không» chọn trong danh sách.\n"
        "4. Phủ quyết: chọn «Có» nếu trong tháng có sự việc; để trống hoặc «Không» nếu không có.\n"
        "{extra}"
        "6. Quý I, II, III và cả năm: nhập trang «{year_sheet}» (Quy định 366-QĐ/TW: tự chấm điểm …/30, …/70 và đề xuất mức xếp loại mỗi quý trước ngày 15 tháng cuối quý; quý IV tính vào cột «Cả năm»; có thể chọn Quy định 124-QĐ/TW, chỉ xếp loại cả năm). Trang «{report_form}» in báo cáo tự đánh giá của quý hoặc cả năm đã chọn.\n"
        "7. Trang «{results}» tự tính tổng điểm, kết quả từng tháng, những gì còn thiếu và kết quả cuối năm — không cần Python hay macro.\n"
        "8. Lưu sổ và gửi thư điện tử lên cấp trên; không đổi tên trang, không chèn hay xóa dòng, cột.\n"
        "Các trang được khóa không đặt mật khẩu (Xem lại → Bỏ bảo vệ trang) để tránh sửa nhầm công thức.",
        "1. 'Unit' sheet: enter the unit name, secretary and number of members (already filled when the workbook came from the superior committee).\n"
        "2. Every month, on the '{main}' sheet, enter the month's scores in the matching column M1…M12; yellow cells are inputs, all others are locked.\n"
        "3. Scores are numbers, with decimals on the step shown in the 'Max' column (for example 4.5). 'Met/Not met' and 'Yes/No' cells are chosen from a list.\n"
        "4. Vetoes: choose 'Yes' if it happened this month; leave empty or 'No' otherwise.\n"
        "{extra}"
        "6. Quarters 1, 2, 3 and the year: fill the '{year_sheet}' sheet (Regulation 366-QĐ/TW: score …/30, …/70 and propose a level for each quarter before the 15th of its last month; quarter 4 goes into the 'Year' column; Regulation 124-QĐ/TW, year only, can be chosen). The '{report_form}' sheet prints the self-assessment report of the quarter or year chosen.\n"
        "7. The '{results}' sheet computes the totals, each month's result, what is still missing and the year-end result — no Python or macro needed.\n"
        "8. Save the workbook and e-mail it to the superior committee; do not rename sheets or insert or delete rows or columns.\n"
        "Sheets are protected without a password (Review → Unprotect Sheet) so that formulas are not changed by mistake.",
    ),
    "tpl_help_extra_meeting": (
        "5. Trang «{sheet}»: chấm buổi sinh hoạt chi bộ thường kỳ của tháng; điểm tự chuyển vào mục 2.1.\n",
        "5. '{sheet}' sheet: score the month's regular cell meeting; the score feeds item 2.1 automatically.\n",
    ),
    "tpl_help_extra_subs": (
        "5. Trang «{sheet}»: kết quả từng tháng của các chi bộ trực thuộc; tiêu chí 5 tự tính từ đây. Với bổ trợ fourgood, lưu sổ này vào một thư mục và chép các sổ, thư nhận được vào thư mục «da-nhan» bên cạnh; bấm «Bốn tốt» ở trang này (hoặc trang khác, trừ «Thẩm định, quyết định»): đọc các sổ nhận được vào sổ cái bên cạnh sổ này (cùng tên, đuôi .sqlite), viết báo cáo bên cạnh (…-bao-cao.xlsx), điền trang này và các quyết định đã ghi, rồi xếp loại; cũng có thể nhập tay «Đạt»/«Không đạt». Trang «Thẩm định, quyết định»: đảng ủy thẩm định và quyết định xếp loại các chi bộ trực thuộc theo quý và cả năm; bấm «Bốn tốt» ở trang đó để kiểm tra từng dòng, xác nhận, ghi vào sổ cái, in quyết định bên cạnh sổ và kiểm tra lại sổ quyết định (không có gì mới để ghi: chỉ kiểm tra sổ) — như lệnh «fourgood decide». Quyết định đi kèm sổ này lên cấp trên.\n",
        "5. '{sheet}' sheet: each subordinate cell's monthly result; criterion 5 is computed from it. With the fourgood add-in, save this workbook in a folder and put the workbooks and e-mails received in a folder 'da-nhan' beside it; press «Bốn tốt» on this sheet (or any other but 'Appraisal, decision'): the workbooks received are read into the ledger beside this workbook (same name, .sqlite), the report is written beside it (…-bao-cao.xlsx), this sheet and the decisions recorded are filled in, then the workbook is classified; results may also be typed as 'Met'/'Not met'. 'Appraisal, decision' sheet: the committee appraises and decides its cells' levels by quarter and for the year; press «Bốn tốt» on that sheet to check each row, confirm, record in the ledger, print the decisions beside the workbook and verify the decision record (nothing new to record: the record is only verified) — as the command 'fourgood decide' does. The decisions travel up with this workbook.\n",
    ),
    "tpl_help_consolidation": (
        "Sổ tổng hợp của cấp ủy cấp trên.\n"
        "1. Lưu sổ này vào một thư mục; chép các sổ và thư nhận được vào thư mục «da-nhan» bên cạnh sổ.\n"
        "2. Tổng hợp (cần bổ trợ fourgood): bấm «Bốn tốt» ở trang «{sheet}» (hoặc trang khác, trừ «Thẩm định, quyết định»). Các sổ nhận được được đọc vào sổ cái bên cạnh sổ này (cùng tên, đuôi .sqlite), báo cáo được viết bên cạnh (…-bao-cao.xlsx), trang «{sheet}» được điền cùng các quyết định đã ghi — như lệnh «fourgood consolidate … --into». Cũng có thể nhập tay.\n"
        "3. Trang «{results}» tự tính số đơn vị báo cáo, số đạt «Bốn tốt», tỷ lệ theo tháng, số đơn vị từng mức xếp loại và kiểm tra tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» theo nhóm.\n"
        "4. Trang «Thẩm định, quyết định»: thẩm định và quyết định xếp loại các tổ chức đảng trực thuộc trực tiếp theo quý và cả năm, tỷ lệ theo mức đã quyết định. Bấm «Bốn tốt» ở trang đó: kiểm tra từng dòng, hỏi xác nhận, ghi vào sổ cái, in quyết định bên cạnh sổ và kiểm tra lại sổ quyết định (không có gì mới để ghi: chỉ kiểm tra sổ) — như lệnh «fourgood decide».",
        "The consolidation workbook of a superior committee.\n"
        "1. Save this workbook in a folder; put the workbooks and e-mails received in a folder 'da-nhan' beside it.\n"
        "2. Consolidate (needs the fourgood add-in): press «Bốn tốt» on the '{sheet}' sheet (or any other but 'Appraisal, decision'). The workbooks received are read into the ledger beside this workbook (same name, .sqlite), the report is written beside it (…-bao-cao.xlsx) and the '{sheet}' sheet is filled with the decisions recorded — as 'fourgood consolidate … --into' does. It may also be typed.\n"
        "3. The '{results}' sheet computes units reported, units Four-good and the share by month, the units at each rating level and the quota of 'Excellently completed tasks' by group.\n"
        "4. The 'Appraisal, decision' sheet: appraise and decide the levels of the organisations directly under it by quarter and for the year, with the quota on the decided levels. Press «Bốn tốt» on that sheet: each row is checked, you are asked to confirm, the acts are recorded in the ledger, the decisions printed beside the workbook and the decision record verified (nothing new to record: the record is only verified) — as 'fourgood decide' does.",
    ),
    "tpl_help_sources": ("Nguồn của từng tiêu chí", "Source of each criterion"),
    "tpl_help_assumed": (
        "Giá trị ghi «Giả định» là mặc định do địa phương quy định, không phải quy định chính thức của Trung ương; chỉ Ban Tổ chức cấp ủy cấp trên được điều chỉnh, trong tệp bộ tiêu chí (không sửa trực tiếp trong sổ này).",
        "Values marked 'Assumed' are local defaults, not official central rules; only the superior committee's organising board may change them, in the framework file (not in this workbook).",
    ),
})

# Consolidation: rejections, warnings, report texts
CATALOGUE.update({
    "reject_too_large": ("{file}: tệp quá lớn ({size} MB, tối đa {limit} MB). Gửi lại sổ gốc, không chèn ảnh hay tệp khác.", "{file}: the file is too large ({size} MB, at most {limit} MB). Send the original workbook without pictures or other files."),
    "reject_zip_bomb": ("{file}: nội dung nén bất thường ({detail}); tệp bị từ chối để an toàn. Gửi lại sổ gốc.", "{file}: abnormal compressed content ({detail}); refused for safety. Send the original workbook again."),
    "reject_encrypted": ("{file}: sổ có đặt mật khẩu mở tệp. Bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ) rồi gửi lại.", "{file}: the workbook is password-protected. Remove the password (File → Info → Protect Workbook) and send it again."),
    "reject_legacy_xls": ("{file}: tệp dạng Excel 97-2003 (.xls) không dùng được. Dùng mẫu .xlsx do cấp trên gửi.", "{file}: an Excel 97-2003 (.xls) file cannot be used. Use the .xlsx template sent by the superior committee."),
    "reject_not_a_workbook": ("{file}: không phải là sổ Excel (.xlsx).", "{file}: not an Excel workbook (.xlsx)."),
    "reject_internal_error": ("{file}: fourgood gặp lỗi ngoài dự kiến khi đọc tệp này, nên bỏ qua nó; các tệp khác vẫn được tổng hợp. Gửi tệp này cho cán bộ tin học.", "{file}: fourgood met an unexpected fault reading this file and left it out; every other file is consolidated. Send this file to your IT officer."),
    "reject_worker_died": ("{file}: việc đọc tệp này dùng quá nhiều bộ nhớ hoặc bị dừng đột ngột, nên bỏ qua nó; các tệp khác vẫn được tổng hợp. Mở bằng Excel, xóa ô, trang thừa rồi gửi lại.", "{file}: reading this file used too much memory or stopped abruptly, so it was left out; every other file is consolidated. Open it in Excel, remove stray cells and sheets, and send it again."),
    "reject_corrupt": ("{file}: sổ bị hỏng, không đọc được. Mở lại bằng Excel (Excel sẽ đề nghị sửa), lưu rồi gửi lại.", "{file}: the workbook is damaged and cannot be read. Open it in Excel (it offers to repair it), save it and send it again."),
    "reject_config_sheet": (
        "{file}: sổ có trang cấu hình «{sheet}» — trang này có thể khiến bổ trợ Excel chạy một chương trình Python khác, nên sổ không được nhận. Xóa trang «{sheet}» (hoặc gửi lại sổ gốc) rồi gửi lại.",
        "{file}: the workbook has a configuration sheet '{sheet}' — such a sheet can make the Excel add-in run another Python program, so the workbook is not accepted. Delete the sheet '{sheet}' (or send the original workbook) and send it again.",
    ),
    "reject_consolidation_workbook": ("{file}: đây là sổ tổng hợp, không phải sổ tự đánh giá của một đơn vị, nên không được đọc. Bỏ tệp này khỏi thư mục nhận (hoặc lưu nó ở nơi khác).", "{file}: this is a consolidation workbook, not a unit's self-assessment, so it is not read. Take it out of the inbox (or keep it elsewhere)."),
    "reject_not_a_template": ("{file}: không phải sổ «Bốn tốt» của fourgood (không có trang nhận dạng _fourgood). Dùng sổ do cấp trên gửi.", "{file}: not a fourgood Four-good workbook (no _fourgood identification sheet). Use the workbook sent by the superior committee."),
    "reject_unknown_unit": ("{file}: mã đơn vị «{unit}» (trang «_fourgood», ô B3) không có trong danh sách đơn vị.", "{file}: the unit id '{unit}' (sheet '_fourgood', cell B3) is not in the roster."),
    "reject_wrong_year": ("{file}: sổ của năm {found} (trang «Thông tin»), lần tổng hợp này là năm {year}, nên không dùng sổ này. Nếu đơn vị gửi nhầm, đề nghị gửi sổ năm {year}.", "{file}: the workbook is for {found} (sheet 'Unit'), this consolidation is for {year}, so the workbook is not used. If the unit sent the wrong one, ask for its {year} workbook."),
    "reject_no_year": ("{file}: sổ không ghi năm đánh giá (trang «Thông tin», ô Năm trống hoặc không phải một năm), nên không biết sổ thuộc năm nào. Điền năm (ví dụ 2025), lưu rồi gửi lại.", "{file}: the workbook names no year (sheet 'Unit', the Year cell is empty or not a year), so it is not known which year it is for. Fill in the year (for example 2025), save it and send it again."),
    "reject_wrong_template": ("{file}: đơn vị «{unit}» là {type} nhưng dùng mẫu «{template}».", "{file}: the unit '{unit}' is a {type} but uses the template '{template}'."),
    "reject_no_attachment": ("{file}: thư không có sổ Excel đính kèm.", "{file}: the message has no Excel workbook attached."),
    "reject_unreadable_gone": ("{file}: không còn ở đó (đã bị xóa hoặc chuyển đi trong lúc tổng hợp). Chép lại tệp vào thư mục nhận rồi chạy lại.", "{file}: no longer there (deleted or moved during the consolidation). Copy the file into the inbox again and run again."),
    "reject_unreadable_denied": ("{file}: không có quyền đọc. Cho phép đọc tệp hoặc thư mục (hoặc chép tệp sang thư mục nhận khác) rồi chạy lại.", "{file}: no permission to read it. Allow reading the file or folder (or copy the file into another inbox) and run again."),
    "reject_unreadable": ("{file}: lỗi khi đọc đĩa. Chép lại tệp vào thư mục nhận rồi chạy lại; nếu vẫn lỗi, kiểm tra đĩa.", "{file}: the disk could not be read. Copy the file into the inbox again and run again; if it fails again, check the disk."),
    "reject_link": ("{file}: là một liên kết (shortcut), không phải tệp; fourgood không đi theo liên kết. Chép chính tệp vào thư mục nhận.", "{file}: a link (shortcut), not a file; fourgood does not follow links. Copy the file itself into the inbox."),
    "reject_special_file": ("{file}: không phải tệp thông thường (thiết bị, ống dẫn hoặc socket), nên không đọc.", "{file}: not an ordinary file (a device, pipe or socket), so it is not read."),
    "reject_message_header": ("{file}: phần đầu thư dài bất thường ({found} byte, tối đa {limit}); thư bị từ chối để an toàn. Lưu riêng sổ đính kèm vào thư mục nhận.", "{file}: the message's header is abnormally long ({found} byte{found:s}, at most {limit}); refused for safety. Save the attached workbook into the inbox instead."),
    "reject_message_parts": ("{file}: thư có quá nhiều phần ({found}, tối đa {limit}); thư bị từ chối để an toàn. Lưu riêng sổ đính kèm vào thư mục nhận.", "{file}: the message has too many parts ({found}, at most {limit}); refused for safety. Save the attached workbook into the inbox instead."),
    "reject_message_nesting": ("{file}: thư lồng nhiều tầng bất thường ({found}, tối đa {limit}); thư bị từ chối để an toàn. Lưu riêng sổ đính kèm vào thư mục nhận.", "{file}: the message is nested abnormally deep ({found} level{found:s}, at most {limit}); refused for safety. Save the attached workbook into the inbox instead."),
    "reject_message_attachments": ("{file}: thư có quá nhiều sổ đính kèm ({found}, tối đa {limit}). Gửi thành nhiều thư, hoặc lưu các sổ vào thư mục nhận.", "{file}: the message has too many attached workbooks ({found}, at most {limit}). Send several messages, or save the workbooks into the inbox."),
    "reject_over_memory": ("{file}: việc đọc tệp này cần quá {limit} MB bộ nhớ, nên bỏ qua nó; các tệp khác vẫn được tổng hợp. Mở bằng Excel, xóa ô, trang thừa rồi gửi lại.", "{file}: reading this file needs more than {limit} MB of memory, so it was left out; every other file is consolidated. Open it in Excel, remove stray cells and sheets, and send it again."),
    "reject_too_slow": ("{file}: việc đọc tệp này kéo dài quá {limit} giây, nên dừng và bỏ qua nó; các tệp khác vẫn được tổng hợp. Mở bằng Excel, xóa ô, trang thừa rồi gửi lại.", "{file}: reading this file took more than {limit} second{limit:s}, so it was stopped and left out; every other file is consolidated. Open it in Excel, remove stray cells and sheets, and send it again."),
    "reject_sheet_extent": ("{file}: trang «{sheet}» dùng tới cột {column}, dòng {row}, xa ngoài vùng của mẫu (tối đa {rows} dòng, {cols} cột). Xóa các ô, dòng, cột thừa (Ctrl+End cho thấy ô cuối) rồi lưu và gửi lại.", "{file}: sheet '{sheet}' reaches column {column}, row {row}, far beyond the template's area (at most {rows} row{rows:s}, {cols} column{cols:s}). Delete the stray cells, rows and columns (Ctrl+End shows the last cell), save and send it again."),
    "reject_unreadable_message": ("{file}: không đọc được thư điện tử (thư hỏng hoặc không đúng định dạng). Lưu lại thư từ chương trình thư (.eml hoặc .msg), hoặc lưu riêng sổ đính kèm vào thư mục.", "{file}: the e-mail message cannot be read (damaged or not a message). Save the message again from the mail program (.eml or .msg), or save the attached workbook into the folder."),
    "reject_encrypted_message": ("{file}: thư được mã hóa (S/MIME), chỉ người nhận có khóa riêng mới đọc được, nên fourgood không đọc được sổ bên trong. Đề nghị đơn vị gửi lại thư không mã hóa (có thể vẫn ký số), hoặc người nhận mở thư bằng chương trình thư rồi lưu riêng sổ đính kèm vào thư mục nhận.", "{file}: the message is encrypted (S/MIME): only a recipient holding the private key can read it, so fourgood cannot read the workbook inside. Ask the unit to send it again unencrypted (it may still be signed), or let the recipient open it in the mail program and save the attached workbook into the inbox."),
    "reject_no_workbook_inside": ("{file}: không có sổ Excel nào bên trong. Gửi lại tệp có sổ .xlsx, hoặc lưu riêng sổ vào thư mục nhận.", "{file}: holds no Excel workbook. Send a file that holds the .xlsx workbook, or save the workbook itself into the inbox."),
    "reject_encrypted_zip": ("{file}: tệp trong gói nén có đặt mật khẩu. Nén lại không đặt mật khẩu (hoặc gửi riêng sổ) rồi gửi lại.", "{file}: the file in the zip is password-protected. Zip it again without a password (or send the workbook itself) and send it again."),
    "signature_parses": ("Ký số: {signer} (đọc được cấu trúc chữ ký; chữ ký và chứng thư số chưa được xác minh)", "Signed by {signer} (the signature's structure parses; neither the signature nor the certificate is verified)"),
    "signature_broken": ("Có chữ ký số nhưng không đọc được cấu trúc chữ ký", "Signed, but the signature's structure does not parse"),
    "warn_differs": ("{file}: kết quả lưu trong sổ khác kết quả tính lại ở trang «{sheet}», ô {cell}: sổ ghi «{cached}», tính lại được «{computed}» (sổ bị sửa hoặc chưa tính lại).", "{file}: the result stored in the workbook differs from the recomputed one at sheet '{sheet}', cell {cell}: stored '{cached}', recomputed '{computed}' (tampered or stale)."),
    "warn_identity": ("{file}: trang nhận dạng «_fourgood» ghi đơn vị «{unit}», năm {year} nhưng trang «Thông tin» ghi «{info_unit}», năm {info_year}. Sổ được tính cho «{unit}»; kiểm tra xem sổ có bị sửa hoặc chép từ đơn vị khác không.", "{file}: the identification sheet '_fourgood' names the unit '{unit}', year {year}, but the sheet 'Unit' says '{info_unit}', year {info_year}. The workbook counts for '{unit}'; check whether it was edited or copied from another unit."),
    "warn_sender": ("{file}: gửi từ {sender}, không phải địa chỉ của đơn vị «{unit}» trong danh sách ({email}). Xác nhận với đơn vị trước khi dùng kết quả.", "{file}: sent from {sender}, not the address of the unit '{unit}' in the roster ({email}). Confirm with the unit before using its result."),
    "warn_future_saved_at": ("{file}: thời điểm lưu sổ ({time}) ở tương lai — đồng hồ máy gửi sai hoặc sổ bị sửa; không dùng để chọn bản mới nhất.", "{file}: the workbook's save time ({time}) is in the future — a wrong clock on the sender's computer, or an edited file; not used to choose the latest submission."),
    "warn_future_date": ("{file}: ngày gửi thư ({time}) ở tương lai — đồng hồ máy gửi sai hoặc thư bị sửa; không dùng để chọn bản mới nhất.", "{file}: the message's date ({time}) is in the future — a wrong clock on the sender's computer, or an edited message; not used to choose the latest submission."),
    "warn_early_saved_at": ("{file}: thời điểm lưu sổ ({time}) ở trước năm {year} của sổ — đồng hồ máy sai hoặc sổ bị sửa; không dùng để chọn bản mới nhất hay tính đúng hạn.", "{file}: the workbook's save time ({time}) is before its year {year} — a wrong clock or an edited file; not used to choose the latest submission or to judge timeliness."),
    "warn_early_date": ("{file}: ngày gửi thư ({time}) ở trước năm {year} của sổ — đồng hồ máy gửi sai hoặc thư bị sửa; không dùng để chọn bản mới nhất hay tính đúng hạn.", "{file}: the message's date ({time}) is before the workbook's year {year} — a wrong clock or an edited message; not used to choose the latest submission or to judge timeliness."),
    "warn_future_file_time": ("{file}: thời điểm sửa tệp ({time}) ở tương lai; không dùng để chọn bản mới nhất.", "{file}: the file's modification time ({time}) is in the future; not used to choose the latest submission."),
    "warn_framework_changed": ("{file}: sổ được tạo với bộ tiêu chí «{framework}» phiên bản {version} (hiện hành: {current}); đã tính lại theo phiên bản hiện hành.", "{file}: the workbook was made with version {version} of the framework '{framework}' (current: {current}); recomputed with the current one."),
    "warn_framework_edited": ("{file}: sổ được tạo với bộ tiêu chí «{framework}» phiên bản {version}, nhưng nội dung khác bộ hiện hành cùng số phiên bản (bộ tiêu chí đã được sửa mà không tăng số phiên bản); đã tính lại theo bộ hiện hành.", "{file}: the workbook was made with version {version} of the framework '{framework}', whose content differs from the current one of the same version (the framework was edited without a new version number); recomputed with the current one."),
    "warn_template_older": ("{file}: sổ làm theo mẫu phiên bản {version} (hiện hành: {current}; bộ tiêu chí: {frameworks}); đã đọc đúng như công thức của chính sổ đó tính — sổ chưa có trang quý thì không có kết quả quý; sổ trước 1.2.0 coi ô chỉ có dấu cách là đã nhập. Gửi đơn vị sổ mới (fourgood new) để dùng mẫu hiện hành.", "{file}: the workbook was made from template version {version} (current: {current}; frameworks: {frameworks}); read exactly as its own formulas compute — without the quarter sheet it has no quarter results; before 1.2.0 a cell holding only a space counts as entered. Send the unit a new workbook (fourgood new) to use the current template."),
    "warn_period_errors": ("{file}: {period}: {count} ô nhập sai hoặc còn thiếu ở trang quý và năm, ví dụ: {first}", "{file}: {period}: cells invalid or missing on the quarters and year sheet: {count}, for example: {first}"),
    "warn_quarters_yearly": ("{file}: {detail}", "{file}: {detail}"),
    "warn_input_errors": ("{file}: {count} ô nhập sai hoặc còn thiếu, ví dụ: {first}", "{file}: cells invalid or missing: {count}, for example: {first}"),
    "warn_superseded": ("{file}: đã được thay bằng bản gửi sau ({newer}).", "{file}: superseded by a later submission ({newer})."),
    "warn_old_copy": ("{file}: bản cũ gửi lại — sổ này thiếu những kỳ mà sổ đang dùng ({current}) đã điền, và không điền thêm kỳ nào; nếu dùng nó sẽ mất {periods}. Không dùng sổ này, dù thư gửi sau; hỏi lại đơn vị nếu họ cố ý xóa các kỳ đó.", "{file}: an old copy resent — it lacks periods that the workbook in use ({current}) has filled, and fills none more; using it would remove {periods}. It is not used, even though its message came later; ask the unit if they meant to clear those periods."),
    "periods_quarters": ("quý {roman}", "quarter{count:s} {numbers}"),
    "periods_months": ("tháng {numbers}", "month{count:s} {numbers}"),
    "warn_criterion5": ("{file}: tiêu chí 5 (tháng {months}) được tính lại từ sổ của các chi bộ trực thuộc, khác với trang «Chi bộ trực thuộc» của sổ.", "{file}: criterion 5 (months {months}) recomputed from the subordinate cells' own workbooks; it differs from the workbook's 'Subordinate cells' sheet."),
    "progress": ("Đang đọc tệp {done}/{total}", "Reading file {done}/{total}"),
    "consolidate_other_years": ("Không tệp nào là sổ của năm {year}; các sổ nhận được là của năm {years}. Kiểm tra --year (và năm của danh sách đơn vị), ví dụ chạy lại với --year {latest}.", "No file is a workbook for {year}; the workbooks received are for {years}. Check --year (and the roster's year), for example run again with --year {latest}."),
    "consolidate_root_hint": ("Đếm theo cả danh sách: {root} ({expected} đơn vị), nhưng mọi sổ nhận được đều của {unit} hoặc đơn vị thuộc {unit} ({count} đơn vị). Nếu đây là {unit} tổng hợp đơn vị của mình, chạy lại với --into <sổ của {unit}> để chỉ đếm các đơn vị đó.", "Counting the whole roster: {root} ({expected} unit{expected:s}), but every workbook received is of {unit} or a unit under it ({count} unit{count:s}). If this is {unit} consolidating its own units, run again with --into <{unit}'s workbook> to count only those."),
    "consolidate_skipped": (" Bỏ qua {count} tệp khóa do Excel tạo khi sổ đang mở (tên bắt đầu bằng ~$): không phải sổ được gửi.", " Skipped {count} lock file{count:s} Excel makes while a workbook is open (names beginning with ~$): not workbooks sent in."),
    "consolidate_done": ("Xong: {found} tệp, {accepted} nhận, {rejected} từ chối; {received}/{expected} đơn vị đã nộp tháng {month}/{year}, {missing} chưa nộp. Báo cáo: {report}", "Done — files: {found}, accepted: {accepted}, rejected: {rejected}; units reported for {month}/{year}: {received}/{expected}, not reported: {missing}. Report: {report}"),
    "consolidate_into": ("Đã điền danh sách {units} đơn vị trực thuộc và kết quả từng tháng vào {path}.", "Filled {path} with its {units} subordinate units and their monthly results."),
    "steps_line": ("Thẩm định, quyết định {period}: {proposed} đơn vị chờ thẩm định, {appraised} chờ quyết định, {decided} đã quyết định{after}.", "Appraisal and decision, {period}: awaiting appraisal {proposed}, awaiting decision {appraised}, decided {decided}{after}."),
    "steps_after": ("; {count} sổ nộp sau quyết định chưa dùng", "; workbooks sent after a decision, not used: {count}"),
    "into_wrong_kind": (
        "{path} là sổ «{template}»: chỉ điền được sổ của đảng bộ cơ sở (dang-bo-co-so) hoặc sổ tổng hợp (tong-hop).",
        "{path} is a '{template}' workbook: only a grassroots committee's workbook (dang-bo-co-so) or the consolidation workbook (tong-hop) can be filled.",
    ),
    "into_too_many": (
        "Sổ chỉ có {rows} dòng đơn vị và {group_rows} dòng nhóm, nhưng cần {units} đơn vị và {groups} nhóm: dùng báo cáo tổng hợp (.xlsx) thay cho sổ này.",
        "The workbook has {rows} unit row{rows:s} and {group_rows} group row{group_rows:s}, but {units} unit{units:s} and {groups} group{groups:s} are needed: use the consolidation report (.xlsx) instead.",
    ),
    "consolidate_no_inbox": ("Không tìm thấy thư mục hoặc tệp {path}.", "Folder or file {path} not found."),
})
CATALOGUE.update({
    "rep_board": ("Ban Tổ chức", "Organising board"),
    "rep_title": ("BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ «BỐN TỐT» THÁNG {month} NĂM {year}", "FOUR-GOOD SELF-ASSESSMENT REPORT, MONTH {month} OF {year}"),
    "rep_title_units": ("KẾT QUẢ TỪNG ĐƠN VỊ THÁNG {month} NĂM {year}", "RESULT OF EACH UNIT, MONTH {month} OF {year}"),
    "rep_title_weak": ("CÁC TIÊU CHÍ CHƯA ĐẠT NHIỀU NHẤT THÁNG {month} NĂM {year}", "CRITERIA MOST OFTEN NOT MET, MONTH {month} OF {year}"),
    "rep_title_trend": ("DIỄN BIẾN THEO THÁNG NĂM {year}", "MONTH-BY-MONTH TREND, {year}"),
    "rep_title_missing": ("ĐƠN VỊ CHƯA NỘP THÁNG {month} NĂM {year}", "UNITS NOT REPORTED, MONTH {month} OF {year}"),
    "rep_title_rejected": ("TỆP BỊ TỪ CHỐI", "REJECTED FILES"),
    "rep_title_recognition": ("DANH SÁCH ĐỦ ĐIỀU KIỆN VÀ ĐƯỢC QUYẾT ĐỊNH CÔNG NHẬN NĂM {year}", "ELIGIBLE FOR AND DECIDED RECOGNITION, {year}"),
    "rep_sheet_summary": ("Tổng hợp", "Summary"),
    "rep_sheet_by_type": ("Theo loại đơn vị", "By unit type"),
    "rep_sheet_by_parent": ("Theo cấp trên", "By parent"),
    "rep_sheet_quota": ("Tỷ lệ xếp loại", "Rating quota"),
    "rep_sheet_quarter": ("Quý", "Quarter"),
    "rep_sheet_decisions": ("Thẩm định, quyết định", "Appraisal, decision"),
    "rep_title_decisions": ("ĐỀ XUẤT, THẨM ĐỊNH, QUYẾT ĐỊNH XẾP LOẠI NĂM {year}", "PROPOSED, APPRAISED AND DECIDED LEVELS, {year}"),
    "rep_col_appraised": ("Thẩm định", "Appraised"),
    "rep_col_decided": ("Quyết định", "Decided"),
    "rep_col_decision_number": ("Số quyết định", "Decision no."),
    "rep_col_decision_day": ("Ngày quyết định", "Decided on"),
    "rep_col_decided_by": ("Cấp quyết định", "Decided by"),
    "rep_col_recognized_decided": ("Công nhận «bốn tốt»", "Four-good recognised"),
    "rep_col_step": ("Tình trạng", "Step"),
    "rep_col_after": ("Sổ nộp sau quyết định (không dùng)", "Workbook sent after the decision (not used)"),
    "rep_step_proposed": ("Chờ thẩm định", "Awaiting appraisal"),
    "rep_step_appraised": ("Chờ quyết định", "Awaiting decision"),
    "rep_step_decided": ("Đã quyết định", "Decided"),
    "rep_not_decided": ("Chưa quyết định", "Not decided yet"),
    "rep_after_decision": ("{file}: nộp sau quyết định số {number}, chưa dùng cho đến khi được xếp loại lại", "{file}: sent after decision {number}, not used until the level is re-rated"),
    "rep_steps_proposed": ("{period}: số đơn vị chờ thẩm định", "{period}: units awaiting appraisal"),
    "rep_steps_appraised": ("{period}: số đơn vị chờ quyết định", "{period}: units awaiting decision"),
    "rep_steps_decided": ("{period}: số đơn vị đã quyết định", "{period}: units decided"),
    "rep_col_quota_basis": ("Mức có hiệu lực (đã quyết định; đơn vị chưa được quyết định: mức đề xuất)", "Levels in force (decided; for a unit not decided yet: proposed)"),
    "rep_quota_basis": ("{decided} đơn vị theo mức đã quyết định, {proposed} theo mức đề xuất", "{decided} unit{decided:s} by the level decided, {proposed} by the level proposed"),
    "rep_col_decided_base": ("Mức có hiệu lực: số từ «Hoàn thành tốt nhiệm vụ»", "Levels in force: 'Good' or above"),
    "rep_col_decided_count": ("Mức có hiệu lực: số «Hoàn thành xuất sắc nhiệm vụ»", "Levels in force: 'Excellent'"),
    "rep_col_decided_allowed": ("Mức có hiệu lực: số tối đa được phép", "Levels in force: most allowed"),
    "rep_col_decided_ok": ("Mức có hiệu lực: đúng tỷ lệ", "Levels in force: within quota"),
    "rep_sheet_quarters": ("Quý và năm", "Quarters and year"),
    "rep_title_quarter": ("TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {period}", "QUALITY SELF-ASSESSMENT, {period}"),
    "rep_title_quarters": ("MỨC XẾP LOẠI ĐỀ XUẤT VÀ QUYẾT ĐỊNH THEO QUÝ VÀ CẢ NĂM {year}", "PROPOSED AND DECIDED LEVELS BY QUARTER AND FOR THE YEAR {year}"),
    "rep_no_quarter": ("Chưa có quý nào được tự đánh giá.", "No quarter has been assessed yet."),
    "rep_quarter": ("Quý báo cáo", "Report quarter"),
    "rep_quarter_rated": ("Số đơn vị đã xếp loại quý", "Units that rated the quarter"),
    "rep_quarter_on_time": ("Số đơn vị gửi báo cáo quý trước hạn", "Units that sent the quarter before it was due"),
    "rep_quarter_due": ("Hạn báo cáo quý (gửi trước ngày)", "Quarter report due (before)"),
    "rep_col_general": ("Tiêu chí chung", "General criteria"),
    "rep_col_tasks": ("Kết quả thực hiện nhiệm vụ", "Task results"),
    "rep_col_level": ("Mức đề xuất", "Proposed level"),
    "rep_col_vetoes": ("Số phủ quyết", "Vetoes"),
    "rep_col_evidence": ("Tháng đạt «bốn tốt» / đã tự đánh giá", "Months Four-good / assessed"),
    "rep_col_sent": ("Ngày gửi", "Sent"),
    "rep_col_on_time": ("Trước hạn", "Before due date"),
    "rep_col_next": ("Để đạt mức cao hơn, ghi chú", "For a higher level, notes"),
    "rep_col_period": ("Kỳ", "Period"),
    "rep_col_points_of": ("{period}: điểm", "{period}: points"),
    "rep_col_level_of": ("{period}: đề xuất", "{period}: proposed"),
    "rep_col_decided_of": ("{period}: quyết định", "{period}: decided"),
    "rep_col_flags": ("Lưu ý về mức cả năm", "Notes on the year's level"),
    "rep_quarter_blank": ("Chưa tự đánh giá", "Not assessed"),
    "rep_title_by_type": ("KẾT QUẢ THEO LOẠI ĐƠN VỊ THÁNG {month} NĂM {year}", "RESULTS BY UNIT TYPE, MONTH {month} OF {year}"),
    "rep_title_by_parent": ("KẾT QUẢ THEO ĐƠN VỊ CẤP TRÊN THÁNG {month} NĂM {year}", "RESULTS BY PARENT UNIT, MONTH {month} OF {year}"),
    "rep_col_points": ("Tổng điểm (chi bộ)", "Points (cells)"),
    "rep_col_criteria_met": ("Số tiêu chí đạt (đảng bộ)", "Criteria met (committees)"),
    "rep_sheet_units": ("Đơn vị", "Units"),
    "rep_sheet_weak": ("Tiêu chí yếu", "Weak criteria"),
    "rep_sheet_files": ("Tệp đã nhận", "Files received"),
    "rep_title_files": ("CÁC TỆP ĐÃ NHẬN", "FILES RECEIVED"),
    "rep_col_state": ("Tình trạng", "State"),
    "rep_current": ("Đang dùng", "In use"),
    "rep_superseded": ("Đã thay bằng bản sau", "Superseded"),
    "rep_old_copy": ("Bản cũ gửi lại, không dùng", "Old copy resent, not used"),
    "rep_sheet_trend": ("Theo tháng", "Trend"),
    "rep_sheet_missing": ("Chưa nộp", "Missing"),
    "rep_sheet_rejected": ("Bị từ chối", "Rejected"),
    "rep_sheet_recognition": ("Công nhận", "Recognition"),
    "rep_col_item": ("Chỉ tiêu", "Figure"),
    "rep_col_value": ("Số liệu", "Value"),
    "rep_col_value_date": ("Ngày", "Date"),
    "rep_col_value_text": ("Diễn giải", "Description"),
    "rep_col_type": ("Loại đơn vị", "Unit type"),
    "rep_col_parent": ("Đơn vị cấp trên", "Parent"),
    "rep_col_no": ("STT", "No."),
    "rep_col_id": ("Mã đơn vị", "Unit id"),
    "rep_col_name": ("Tên", "Name"),
    "rep_col_result": ("Kết quả tháng", "Month result"),
    "rep_col_total": ("Tổng điểm", "Total"),
    "rep_col_achieved": ("Số tháng đạt", "Months achieved"),
    "rep_col_assessed": ("Số tháng đánh giá", "Months assessed"),
    "rep_col_rating": ("Xếp loại năm: đề xuất", "Year level: proposed"),
    "rep_col_rating_decided": ("Xếp loại năm: quyết định", "Year level: decided"),
    "rep_col_recognized": ("Đủ điều kiện công nhận", "Eligible for recognition"),
    "rep_col_gaps": ("Còn thiếu", "Still missing"),
    "rep_col_source": ("Tệp nguồn", "Source file"),
    "rep_col_received_at": ("Ngày nhận", "Received"),
    "rep_col_sender": ("Người gửi", "Sender"),
    "rep_col_signature": ("Chữ ký số", "Digital signature"),
    "rep_col_warnings": ("Cảnh báo", "Warnings"),
    "rep_col_framework": ("Bộ tiêu chí", "Framework"),
    "rep_col_criterion": ("Tiêu chí", "Criterion"),
    "rep_col_failed": ("Số đơn vị chưa đạt", "Units not met"),
    "rep_col_percent": ("Tỷ lệ (%)", "Share (%)"),
    "rep_col_month": ("Tháng", "Month"),
    "rep_col_email": ("Thư điện tử liên hệ", "Contact e-mail"),
    "rep_col_missing_note": ("Ghi chú", "Note"),
    "rep_missing_rejected": ("Có gửi nhưng tệp bị từ chối: {files} — lý do ở trang «Bị từ chối».", "Sent, but the file was refused: {files} — the reason is on the 'Rejected' sheet."),
    "rep_col_file": ("Tệp", "File"),
    "rep_col_code": ("Mã lỗi", "Code"),
    "rep_col_reason": ("Lý do và cách khắc phục", "Reason and how to fix it"),
    "rep_col_group": ("Nhóm tương đồng", "Comparable group"),
    "rep_col_units": ("Số đơn vị", "Units"),
    "rep_col_quota_base": ("Đề xuất: số từ «Hoàn thành tốt nhiệm vụ»", "Proposed 'Good' or above"),
    "rep_col_quota_count": ("Đề xuất: số «Hoàn thành xuất sắc nhiệm vụ»", "Proposed 'Excellent'"),
    "rep_col_quota_allowed": ("Đề xuất: số tối đa được phép", "Proposed: most allowed"),
    "rep_col_quota_ok": ("Đề xuất đúng tỷ lệ", "Proposals within quota"),
    "rep_quota_title": ("Kiểm tra tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» theo nhóm (Quy định 366-QĐ/TW)", "Quota of 'Excellently completed tasks' by group (Regulation 366-QĐ/TW)"),
    "rep_expected": ("Số đơn vị phải nộp", "Units expected"),
    "rep_received": ("Số đơn vị đã nộp", "Units reported"),
    "rep_on_time": ("Số đơn vị nộp đúng hạn", "Reported on time"),
    "rep_missing": ("Số đơn vị chưa nộp", "Units missing"),
    "rep_rejected_files": ("Số tệp bị từ chối", "Files rejected"),
    "rep_four_good": ("Số đơn vị đạt «Bốn tốt» tháng {month}", "Units Four-good in month {month}"),
    "rep_four_good_units": ("Số đơn vị đạt «Bốn tốt»", "Units Four-good"),
    "rep_four_good_percent": ("Tỷ lệ đạt «Bốn tốt» (%)", "Share Four-good (%)"),
    "rep_files_found": ("Số tệp tìm thấy", "Files found"),
    "rep_deadline": ("Hạn nộp", "Deadline"),
    "rep_chart_parent": ("Đã nộp và đạt «Bốn tốt» theo đơn vị cấp trên", "Reported and Four-good by parent"),
    "rep_chart_trend": ("Số đơn vị đã nộp và đạt «Bốn tốt» theo tháng", "Units reported and Four-good by month"),
    "rep_chart_units": ("Số đơn vị", "Units"),
    "rep_not_reported": ("Chưa nộp", "Not reported"),
    "rep_none_recognized": ("Chưa có đơn vị nào đủ điều kiện (cần ít nhất 10 tháng tự đánh giá).", "No unit is eligible yet (at least 10 self-assessed months are needed)."),
    "rep_none_rejected": ("Không có tệp nào bị từ chối.", "No file was rejected."),
    "rep_none_missing": ("Mọi đơn vị đã nộp.", "Every unit has reported."),
    "rep_no_rows": ("Không có số liệu cho bảng này.", "Nothing to show in this table."),
    "rep_sign_maker": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "rep_sign_approver": ("LÃNH ĐẠO DUYỆT", "APPROVED BY"),
    "rep_page": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "cli_consolidate": ("tổng hợp các sổ nhận được thành báo cáo", "consolidate the workbooks received into a report"),
    "cli_inbox": ("thư mục (hoặc tệp) chứa sổ và thư điện tử nhận được", "folder (or file) holding the workbooks and e-mails received"),
    "cli_quarter": ("quý báo cáo: 1, 2 hoặc 3 (mặc định: quý mới nhất mà ít nhất một nửa số đơn vị đã tự đánh giá)", "quarter reported: 1, 2 or 3 (default: the latest quarter at least half of the units have assessed)"),
    "cli_bad_quarter": ("quý «{value}» không dùng được: ghi 1, 2 hoặc 3. Quý IV không xếp loại riêng — kết quả quý IV nằm trong xếp loại cả năm của báo cáo.", "the quarter '{value}' cannot be used: give 1, 2 or 3. Quarter 4 is not rated on its own — its results are in the report's rating of the year."),
    "cli_month": ("tháng báo cáo (mặc định: tháng gần nhất có số liệu)", "month reported (default: the latest month with data)"),
    "cli_report": ("tệp báo cáo (.xlsx)", "report file (.xlsx)"),
    "cli_summary_json": ("tệp tóm tắt JSON", "JSON summary file"),
    "cli_ledger": ("sổ cái SQLite (mặc định: cạnh tệp báo cáo)", "SQLite ledger (default: beside the report)"),
    "cli_into": ("sổ cần điền danh sách đơn vị trực thuộc và kết quả: sổ của đảng bộ cơ sở hoặc sổ tổng hợp", "a workbook to fill with its subordinate units and their results: a committee's or the consolidation workbook"),
    "cli_workers": ("số tiến trình đọc tệp, 1 đến {most} (mặc định: số lõi CPU, tối đa 4)", "number of reading processes, 1 to {most} (default: CPU cores, at most 4)"),
    "cli_bad_number": ("«{value}» không dùng được: cần một số nguyên từ {first} đến {last}.", "'{value}' cannot be used: give a whole number from {first} to {last}."),
    "cli_deadline": ("số ngày sau cuối tháng còn tính là đúng hạn (mặc định 10)", "days after the month's end still on time (default 10)"),
})


def without_file(message: str, file: str) -> str:
    """A message about ``file`` without the file name it starts with (for lists that show
    the file beside it)."""
    return message.removeprefix(f"{file}: ")
