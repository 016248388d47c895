"""Counter forms as data: definitions (`registry`, `definition`), filling (`fill`, `answers`,
`sources`, `address`, `wareki`) and printing (`fonts`, `textfit`, `pdf`).

Imports only the standard library and reportlab; never Qt or the kiosk. See docs/forms.md.
"""
