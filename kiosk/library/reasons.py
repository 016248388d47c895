"""Why staff stop a patron's loans: the block reasons (code → Japanese, English words).

Kept apart from kiosk.library.desk so that `kazasu library block --reason` can offer them as choices
without loading the desk (its tables, the event store and cryptography) at every start of `kazasu`.
"""

from __future__ import annotations

BLOCK_REASONS = {"lost_card": ("紛失届が出ているカード", "card reported lost"),
                 "library_system": ("図書館システムからの利用停止", "blocked by the library system"),
                 "staff": ("職員による利用停止", "blocked by staff")}
