; counter-app Windows installer (64-bit NSIS). Built by installer/build-windows.sh, which passes:
;   VERSION  app version            STAGE   folder holding python\, app\, icons\, *.cmd
;   OUTFILE  the setup.exe to write  COMPRESSOR  "zlib" (--fast) or "/SOLID lzma" (release)
;   SIGN     (optional) command that signs the file given as its last argument in place
; Silent: setup.exe /S [/D=C:\path]   Uninstall: uninstall.exe /S [/PURGE deletes the data too]
; The data folder C:\ProgramData\counter-app (store, counter-app.toml, logs) is shared by every role
; and every user of the PC; upgrading keeps it and runs the migrations, uninstalling keeps it.

Unicode true
Target amd64-unicode
SetCompressor ${COMPRESSOR}
ManifestDPIAware true
RequestExecutionLevel admin

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

!define APPKEY "counter-app"
!define PRODUCT "Phục vụ hành chính công"
!define PUBLISHER "counter_app"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define MENUDIR "$SMPROGRAMS\${PRODUCT}"
!define DATADIR "$APPDATA\${APPKEY}"
!define PYW "$INSTDIR\python\pythonw.exe"
!define PY "$INSTDIR\python\python.exe"

!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APPKEY}"
InstallDirRegKey HKLM "Software\${APPKEY}" "InstallDir"
BrandingText "counter-app ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!define MUI_ICON "${STAGE}\icons\app.ico"
!define MUI_UNICON "${STAGE}\icons\app.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_WELCOMEPAGE_TEXT "Chương trình sẽ cài phần mềm xếp hàng lấy số và tiếp nhận hồ sơ \
  cho Trung tâm Phục vụ hành chính công lên máy này, với lối tắt cho Kiosk, Quầy tiếp nhận, \
  Màn hình hiển thị và Quản trị.$\r$\n$\r$\nDữ liệu dùng chung của máy nằm ở \
  C:\ProgramData\${APPKEY}; nâng cấp hay gỡ cài đặt đều giữ nguyên dữ liệu này.$\r$\n$\r$\n\
  Hãy đóng mọi cửa sổ của phần mềm trước khi tiếp tục."
!define MUI_FINISHPAGE_TEXT "Đã cài xong. Mở phần mềm từ menu Start, nhóm \
  $\"${PRODUCT}$\". Nếu có trục trặc, chạy $\"Kiểm tra cài đặt$\" và gửi kết quả cho bộ phận \
  kỹ thuật."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

!macro RoleShortcut FOLDER NAME ROLE
  CreateShortCut "${FOLDER}\${NAME}.lnk" "${PYW}" \
    '-X utf8 -m counter_app --data-dir "${DATADIR}" ${ROLE}' "$INSTDIR\icons\${ROLE}.ico" 0
!macroend

Section "Chương trình (bắt buộc)" SecProgram
  SectionIn RO
  ; Upgrade: the previous version's program files go first (never the data folder).
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\app"
  RMDir /r "$INSTDIR\icons"
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*"
  ; The data folder: shared by the roles, writable by the PC's users (BUILTIN\Users: modify).
  CreateDirectory "${DATADIR}"
  CreateDirectory "${DATADIR}\logs"
  nsExec::ExecToLog 'icacls "${DATADIR}" /grant *S-1-5-32-545:(OI)(CI)M /T /Q'
  Pop $0
  ; Create or upgrade the store (migrations) and write the example config on first install.
  DetailPrint "Chuẩn bị dữ liệu ở ${DATADIR}…"
  nsExec::ExecToLog '"${PY}" -X utf8 -m counter_app --data-dir "${DATADIR}" init'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Chưa chuẩn bị được CSDL (mã $0); phần mềm sẽ thử lại khi mở."
  ${EndIf}
  SetOutPath "${DATADIR}"
  SetShellVarContext all
  CreateDirectory "${MENUDIR}"
  !insertmacro RoleShortcut "${MENUDIR}" "Kiosk lấy số" kiosk
  !insertmacro RoleShortcut "${MENUDIR}" "Quầy tiếp nhận" counter
  !insertmacro RoleShortcut "${MENUDIR}" "Màn hình hiển thị" display
  !insertmacro RoleShortcut "${MENUDIR}" "Quản trị" admin
  CreateShortCut "${MENUDIR}\Kiểm tra cài đặt.lnk" "$INSTDIR\selftest.cmd" "" \
    "$INSTDIR\icons\selftest.ico" 0
  CreateShortCut "${MENUDIR}\Gỡ cài đặt.lnk" "$INSTDIR\uninstall.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\${APPKEY}" "DataDir" "${DATADIR}"
  WriteRegStr HKLM "Software\${APPKEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\icons\app.ico"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Lối tắt trên màn hình nền" SecDesktop
  SetOutPath "${DATADIR}"
  !insertmacro RoleShortcut "$DESKTOP" "Kiosk lấy số" kiosk
  !insertmacro RoleShortcut "$DESKTOP" "Quầy tiếp nhận" counter
  !insertmacro RoleShortcut "$DESKTOP" "Màn hình hiển thị" display
  !insertmacro RoleShortcut "$DESKTOP" "Quản trị" admin
SectionEnd

Function .onInit
  SetShellVarContext all
  SetRegView 64
  ; /NODESKTOP (silent roll-out to kiosks and boards): no desktop shortcuts.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} 0
  ${EndIf}
FunctionEnd

Section "un.Chương trình và lối tắt" UnSecProgram
  SectionIn RO
  RMDir /r "${MENUDIR}"
  Delete "$DESKTOP\Kiosk lấy số.lnk"
  Delete "$DESKTOP\Quầy tiếp nhận.lnk"
  Delete "$DESKTOP\Màn hình hiển thị.lnk"
  Delete "$DESKTOP\Quản trị.lnk"
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\app"
  RMDir /r "$INSTDIR\icons"
  Delete "$INSTDIR\counter-app.cmd"
  Delete "$INSTDIR\selftest.cmd"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "Software\${APPKEY}"
SectionEnd

Section /o "un.Xoá cả dữ liệu (CSDL, cấu hình, nhật ký) — không thể hoàn tác" UnSecData
  RMDir /r "${DATADIR}"
SectionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
  ; /PURGE: delete the data folder too (a silent uninstall keeps it otherwise).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
