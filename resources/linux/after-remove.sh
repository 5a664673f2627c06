#!/bin/bash
# After-remove script of the Buffert deb (electron-builder.yml, deb.afterRemove): electron-builder's
# own steps (app-builder-lib/templates/linux/after-remove.tpl; the test checks that every one of
# them is here), then the udev rule for HID scanners is taken away again.

# Delete the link to the binary
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# Buffert: the udev rule for HID scanners (after-install.sh put it there).
rm -f '/usr/lib/udev/rules.d/70-buffert-hid-scanners.rules'
if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash udevadm 2>/dev/null; then
    udevadm control --reload-rules || true
fi
