"""Shared Qt pieces of every desk and the shell: theme, accessibility, languages, Japanese line breaking,
bilingual labels and layout helpers, the PIN pad and 照合番号B screens, the kana keyboard, the barcode wedge,
the idle warning, the card thread, and the Desk protocol the window drives every desk through (desk.py)."""
