"""The shelter desk (避難所受付) without Qt: events, the roster fold, import, export, the family inquiry.

`model` holds the vocabulary (event kinds, needs codes, age bands, errors), `roster` the fold over a
site's events, `desk` the store-bound actions (set-up, register, check in/out, find, status),
`importer` the CSV of shelter cards typed in later, `export` the CSV and PDF roster. See docs/shelter.md.
"""
