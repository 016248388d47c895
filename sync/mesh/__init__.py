"""The mesh: the municipality's service API that every terminal syncs its events to.

`storage` (the event table, SQLite now, PostgreSQL later with the same schema), `app` (FastAPI),
`embedded` (uvicorn in a thread on loopback, for the demo and tests).
"""
