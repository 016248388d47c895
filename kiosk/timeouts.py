"""How long the kiosk waits before it acts on its own, without Qt: the wipe of a desk after a time
without a touch and the counter's warning before it (kiosk.ui.idle), the sync thread's interval and
the backlog that syncs in a child process (kiosk.shell.sync_service). kiosk.json can change the idle
times per terminal (kiosk.shell.settings); these are the defaults."""

IDLE_TIMEOUT_MS = 120_000
IDLE_WARNING_MS = 20_000    # the warning shows this long before the wipe
SYNC_MS = 5000
NODE_SYNC_MS = 1000         # behind the shelter's node (sync.node): on the LAN, terminals see each other in ≤ 2 s
SYNC_CHILD_FROM = 2000      # a pass over this many waiting events runs in a child process
