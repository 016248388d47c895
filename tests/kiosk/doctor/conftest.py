from tests.packaging.cupsd import cups, cups_server  # noqa: F401 - fixtures (a private cupsd)
