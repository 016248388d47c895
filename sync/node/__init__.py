"""A shelter's own node: the mesh's code on SQLite, on one PC of the shelter (docs/sync.md, "Shelter node").

Terminals of the site enrol through it and sync to it over the LAN; it relays every event to the
municipal mesh with the terminals' own signatures intact and pulls down the site's feed, its terminal
directory and what the municipality publishes. `config` (node.json), `enrolment` (the node's own
enrolment upstream, and the relay of its terminals'), `uplink` (the forwarding and pulling loop),
`server` (the app: sync.mesh.app with the relay and the uplink).
"""
