#!/usr/bin/env bash
# Thiết lập một Trung tâm Phục vụ hành chính công cấp xã có 3 quầy, từ đầu, chỉ bằng dòng lệnh.
# Sets up a three-counter commune centre from nothing with the counter-app CLI.
#
#   COUNTER_APP_DATA_DIR=/duong/dan/du-lieu \
#   ADMIN_PASSWORD='...' OFFICER_PASSWORD='...' bash docs/setup-commune-centre.sh
#
# ADMIN_PASSWORD is the admin's password; OFFICER_PASSWORD the first password of the three
# officers, which each must change at first login (COUNTER_APP_NEW_PASSWORD or the prompt).
# COUNTER_APP (default: counter-app) is the command to run, e.g. ".venv/bin/counter-app".
set -euo pipefail

APP=${COUNTER_APP:-counter-app}
: "${ADMIN_PASSWORD:?đặt ADMIN_PASSWORD (mật khẩu quản trị)}"
: "${OFFICER_PASSWORD:?đặt OFFICER_PASSWORD (mật khẩu ban đầu của cán bộ)}"
run() { $APP "$@"; }

# 1. The store, base data (fields, priority categories, catalogue) and the first admin.
COUNTER_APP_NEW_PASSWORD="$ADMIN_PASSWORD" run init --admin quantri --admin-name "Đỗ Minh Quân"
export COUNTER_APP_PASSWORD="$ADMIN_PASSWORD"
A=(--officer quantri)

# 2. The centre's identity, printed on tickets, receipts and forms.
run centre set centre.name "Trung tâm Phục vụ hành chính công xã Tân Hòa" "${A[@]}"
run centre set centre.governing_body "ỦY BAN NHÂN DÂN XÃ TÂN HÒA" "${A[@]}"
run centre set centre.agency_code "H40.22.15" "${A[@]}"
run centre set centre.address "Thôn Trung, xã Tân Hòa, tỉnh Nghệ An" "${A[@]}"
run centre set centre.level commune "${A[@]}"
run centre set centre.province "Tỉnh Nghệ An" "${A[@]}"
run centre set centre.place "Tân Hòa" "${A[@]}"

# 3. Queue services shown at the kiosk (code, name, ticket prefix, field of procedures).
run service add HT --name "Hộ tịch" --prefix A --field HT --order 1 "${A[@]}"
run service add CT --name "Chứng thực" --prefix B --field CT --order 2 "${A[@]}"
run service add DD --name "Đất đai" --prefix C --field DD --order 3 --cap 60 "${A[@]}"

# 4. Three counters and the services each serves.
run counter add 1 --name "Quầy 1 — Hộ tịch" --services HT "${A[@]}"
run counter add 2 --name "Quầy 2 — Hộ tịch, Chứng thực" --services HT,CT "${A[@]}"
run counter add 3 --name "Quầy 3 — Đất đai, Chứng thực" --services DD,CT "${A[@]}"

# 5. Officers: two at the counters, one supervisor. Each changes the password at first login.
export COUNTER_APP_NEW_PASSWORD="$OFFICER_PASSWORD"
run officer add canbo1 --name "Nguyễn Thị Hạnh" --role officer --services HT,CT "${A[@]}"
run officer add canbo2 --name "Lê Văn Sơn" --role officer --services DD,CT "${A[@]}"
run officer add giamsat --name "Trần Thu Trang" --role supervisor --title "Phó Giám đốc" "${A[@]}"
unset COUNTER_APP_NEW_PASSWORD

# 6. What was set up.
run service list
run counter list
run officer list "${A[@]}"
run centre show
