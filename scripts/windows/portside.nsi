; The Windows installer, made by scripts/package-windows.sh with Debian's
; makensis: makensis -DVERSION=0.1.0 -DSRC=DIR -DICON=FILE -DOUTFILE=FILE.
; It installs for the current user (no administrator, no UAC prompt) into
; %LOCALAPPDATA%\Programs\Portside, as per-user installers of browsers and
; editors do, adds a Start menu entry and an entry in "Apps & features",
; and its uninstaller takes all of it away again. /S installs silently.
Unicode true
; 64-bit, as the program is: a 32-bit installer would need Wine's 32-bit half to be tested here.
Target amd64-unicode
; zlib: lzma makes it 20 % smaller but took 4 minutes on two busy cores
SetCompressor zlib
RequestExecutionLevel user

Name "Portside ${VERSION}"
OutFile "${OUTFILE}"
Icon "${ICON}"
UninstallIcon "${ICON}"
InstallDir "$LOCALAPPDATA\Programs\Portside"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Portside"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Portside"
  SetOutPath "$INSTDIR"
  File "${SRC}/portside.exe"
  File "${SRC}/portside-cli.exe"
  File "${SRC}/LICENSES.txt"
  File "${SRC}/README.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Portside.lnk" "$INSTDIR\portside.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Portside"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\portside.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Settings, saved sites and the queue in %APPDATA%\Portside, and passwords
; in the Credential Manager, are the user's: the uninstaller leaves them.
Section "Uninstall"
  Delete "$INSTDIR\portside.exe"
  Delete "$INSTDIR\portside-cli.exe"
  Delete "$INSTDIR\LICENSES.txt"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Portside.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
