"""SIP2 (3M Standard Interchange Protocol 2.00): the library desk's client for the library's own system.

`wire` frames, fields, dates and checksums; `messages` builds the requests and parses the answers
into typed records; `client` holds the connection (TCP or TLS, timeouts, login, sequence numbers,
resends); `errors` are the typed errors. No Qt, no kiosk desk: the ILS mode (kiosk.library.ils) uses it.
"""
