@echo off
rem counter-app command line with this PC's shared data folder, e.g.:  counter-app.cmd init
"%~dp0python\python.exe" -X utf8 -m counter_app --data-dir "%ProgramData%\counter-app" %*
