"""Everything that asks the operating system: the rooms' middle wall.

``core/`` holds the rules and touches nothing but its own store and settings files; ``ui/`` is the
Qt shell (windows, tray, the event loop). What sits between, reading the desktop and the machine,
lives here, one module per question:

- ``idle`` (D-Bus, detection) and ``idle_native`` (X11 through ctypes, Windows, macOS
  ``ioreg``): seconds since the last input;
  ``wayland`` and ``wayland_idle``: the same on a bare Wayland compositor (ext-idle-notify-v1);
- ``away``: locks, suspends and idle inhibitors (logind and screensaver D-Bus signals);
- ``dnd``: do-not-disturb and fullscreen probes; ``calls``: microphone, camera and screen-sharing
  probes (the rules about what counts live in ``core/calls.py``); ``command``: the one runner
  they use for external commands;
- ``notifications``: the freedesktop notification server over D-Bus (the toast is in ``ui/``);
- ``sound``: the desktop's event sounds; ``autostart``: start at login;
- ``session``, ``sway``, ``qt_platform``: which desktop this is, sway's IPC, whether Qt's
  platform plugin can load here;
- ``clock``: the real clock and the local zone (core only knows the ``Clock`` protocol);
  ``memory``: handing the heap a break window used back to the system; ``host``: this machine's
  name and fingerprint for sync.

Every probe is bounded by a short timeout and fails quietly (None, or an empty answer): a desktop
that cannot be read never blocks a break. The OS boundaries (buses, libraries, processes) are
parameters with real defaults, so tests drive the parsing with fakes. Modules here may use QtCore
to wait on a socket (``QSocketNotifier``) but show no windows. Nothing here imports ``ui/``.
"""
