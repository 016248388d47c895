"""Languages of the kiosk: Japanese first, then every language with a compiled Qt translation.

The Japanese strings of kiosk/messages.py are the source strings of Qt's translation system (context
"kazasu", the message key as the disambiguation). A language is a `kazasu_<code>.ts` file, compiled
to `.qm` with pyside6-lrelease: kiosk/translations/ ships English (`en`) and やさしい日本語
(`ja_easy`); a municipality adds Chinese, Korean, Vietnamese, Portuguese or Nepali by putting
`kazasu_zh_CN.ts` (…) into a folder named in KAZASU_TRANSLATIONS, no code (kiosk.ui.i18n.languages compiles
a .ts whose .qm is missing or older). The resident switches the language on their screen
(kiosk.ui.language); `set_language` re-renders every widget in place, and the counter goes back
to Japanese for the next person.
"""

from kiosk.ui.i18n.languages import JAPANESE, Catalog, Language, catalog
from kiosk.ui.i18n.state import add_renderer, current, hub, one_line, reset, retranslate, set_language, shown

__all__ = ["JAPANESE", "Catalog", "Language", "add_renderer", "catalog", "current", "hub", "reset",
           "retranslate", "one_line", "set_language", "shown"]
