#!/usr/bin/env bash
# Set up and run fourgood end to end on the bundled Lào Cai 2024 pilot sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
fg=.venv/bin/fourgood
out=build/sample
rm -rf "$out"
mkdir -p "$out"
$fg roster check samples/roster-lao-cai-2024.json
for id in $($fg framework list | tail -n +2 | cut -d' ' -f1); do
  $fg framework check "$id"
done
echo
$fg score --framework chi-bo-bon-tot --input samples/score/chi-bo-thang-3.json
echo
$fg score --framework chi-bo-bon-tot --input samples/score/chi-bo-nam-2024.json
echo
$fg score --framework dang-bo-co-so-bon-tot --input samples/score/dang-bo-co-so-thang-3.json
echo
$fg score --framework xep-loai-366 --input samples/score/xep-loai-366.json
$fg score --framework chi-bo-bon-tot --input samples/score/chi-bo-thang-3.json --json > "$out/chi-bo-thang-3.result.json"
echo
$fg new --roster samples/roster-lao-cai-2024.json --all --year 2024 -o "$out/so-2024" --templates templates
$fg fill "$out/so-2024/cb-toa-an-thanh-pho_chi-bo-toa-an-nhan-dan-thanh-pho.xlsx" \
  --values samples/score/chi-bo-nam-2024.json -o "$out/chi-bo-toa-an-2024-da-dien.xlsx"
echo
$fg consolidate samples/inbox-lao-cai-2024 --roster samples/roster-lao-cai-2024.json \
  -o "$out/bao-cao-2024.xlsx" --json "$out/bao-cao-2024.json"
echo
# The quarters, then the city's appraisal and decision of quarter III (docs/year.md)
$fg new --roster samples/roster-lao-cai-2024.json --unit dang-bo-thanh-pho-lao-cai --year 2024 \
  -o "$out/tong-hop-2024.xlsx"
quarters() {
  $fg consolidate samples/inbox-lao-cai-2024-quy --roster samples/roster-lao-cai-2024.json \
    -o "$out/bao-cao-quy-2024.xlsx" --json "$out/bao-cao-quy-2024.json" \
    --into "$out/tong-hop-2024.xlsx"
}
quarters
decide() {  # what the office typed (samples/quyet-dinh-lao-cai-2024/$1.json), recorded
  echo
  $fg fill "$out/tong-hop-2024.xlsx" --values "samples/quyet-dinh-lao-cai-2024/$1.json" \
    -o "$out/tong-hop-$1.xlsx"
  $fg decide "$out/tong-hop-$1.xlsx" --roster samples/roster-lao-cai-2024.json \
    --ledger "$out/bao-cao-quy-2024.sqlite" | tee "$out/tong-hop-$1.txt"
}
decide quy-3-lan-1 || echo "(Lần đầu bị từ chối như mẫu dự kiến / refused, as the sample means it to be)"
decide quy-3
decide quy-3-xep-loai-lai
echo
$fg ledger verify "$out/bao-cao-quy-2024.sqlite"
# The check code printed on the first decision still verifies after the re-rating
$fg ledger verify "$out/bao-cao-quy-2024.sqlite" \
  --head "$(grep -o '[0-9a-f]\{16\}' "$out/tong-hop-quy-3.txt" | head -n 1)"
echo
quarters
echo
echo "Báo cáo tổng hợp / consolidated report: $out/bao-cao-2024.xlsx"
echo "Báo cáo theo quý, thẩm định, quyết định / quarters, appraisals, decisions: $out/bao-cao-quy-2024.xlsx"
echo "Kết quả khác trong / other results in: $out/"
