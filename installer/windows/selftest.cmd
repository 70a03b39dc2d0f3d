@echo off
rem "Kiểm tra cài đặt": checks this installation without touching the centre's data.
chcp 65001 >nul
"%~dp0python\python.exe" -X utf8 -m counter_app selftest %*
echo.
pause
