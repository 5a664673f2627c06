#!/bin/bash
# After-install script of the Buffert deb (electron-builder.yml, deb.afterInstall): electron-builder's
# own steps (app-builder-lib/templates/linux/after-install.tpl, kept as they are; the test checks
# that every one of them is here), then the udev rule for HID scanners. ${executable} and
# ${sanitizedProductName} are filled in by electron-builder when it builds the package.

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install apparmor profile. (Ubuntu 24+)
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# Buffert: the udev rule that lets the seat's user read HID POS scanners (docs/deploy-workstation.md).
BUFFERT_UDEV_RULE_SOURCE='/opt/${sanitizedProductName}/resources/udev/70-buffert-hid-scanners.rules'
BUFFERT_UDEV_RULE_TARGET='/usr/lib/udev/rules.d/70-buffert-hid-scanners.rules'
if [ -f "$BUFFERT_UDEV_RULE_SOURCE" ]; then
    install -D -m 0644 "$BUFFERT_UDEV_RULE_SOURCE" "$BUFFERT_UDEV_RULE_TARGET"
    # Scanners already plugged in get the new permission now, not only at the next plug-in.
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
        udevadm trigger --subsystem-match=hidraw --action=change || true
    fi
fi
