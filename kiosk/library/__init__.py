"""The library desk (図書館) without Qt: rules as data, patrons, cards, links, circulation, .koc export.

`config` loads the library's rules (municipality codes, number scheme, eligibility, limits, calendar),
`checkdigit` the NW-7 check digits, `patrons` registration, `card` the printed CR80 card, `link` the
My Number card / FeliCa card as the library card, `state` the fold over the site's library events,
`circulation` check-out and check-in, `koc` the Koha offline circulation export. See docs/library.md.
"""
