"""The plain values `kazasu prereg` offers as options: the desks a resident's page is for, and how many
days a code stays valid. Kept apart from `page` and `seal` (which load cryptography) so that the
command line's parser is built without them."""

from __future__ import annotations

DESKS = ("shelter", "counter")
DEFAULT_MAX_AGE_DAYS = 30
