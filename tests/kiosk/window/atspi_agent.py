"""What a screen reader sees of the kiosk, as a small line protocol: run by Debian's /usr/bin/python3
(python3-pyatspi is not on PyPI, so this file never runs in the project's virtual environment and
imports nothing of the project).

One JSON object per line on stdin, one answer per line on stdout ({"ok": true, "result": ...} or
{"ok": false, "error": "..."}):
- {"op": "app", "part": "kazasu", "timeout": 30}: wait until an application whose name contains
  `part` is on the accessibility bus; the result is its name.
- {"op": "shown"}: every node of that application that is showing (children of a hidden node are
  not walked), each {"path", "role", "name", "x", "y", "w", "h", "focused", "enabled", "checked",
  "text"} with its extents in screen coordinates and, for text fields, their contents.
- {"op": "action", "path": [...], "role": ..., "name": ...}: the node's first action (a button's
  press), after checking it is still the node the caller saw.
- {"op": "set_text", "path": [...], "role": ..., "name": ..., "text": "..."}: a text field's
  contents, as a screen reader's user would type them.
"""

import json
import sys
import time

import pyatspi

MAX_DEPTH = 80


def find_app(part, timeout):
    end = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and part in (app.name or "").lower():
                return app
        if time.monotonic() > end:
            return None
        time.sleep(0.2)


def node_text(node, role):
    if role not in ("text", "password text", "entry"):
        return None
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return None


def walk(node, path, out, depth=0):
    if node is None or depth > MAX_DEPTH:
        return
    states = node.getState()
    if not states.contains(pyatspi.STATE_SHOWING):
        return
    role = node.getRoleName()
    try:
        x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except NotImplementedError:
        x = y = w = h = -1
    out.append({"path": path, "role": role, "name": node.name or "", "x": x, "y": y, "w": w, "h": h,
                "focused": states.contains(pyatspi.STATE_FOCUSED),
                "enabled": states.contains(pyatspi.STATE_SENSITIVE),
                "checked": states.contains(pyatspi.STATE_CHECKED),
                "text": node_text(node, role)})
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), path + [i], out, depth + 1)


def resolve(app, request):
    node = app
    for i in request["path"]:
        node = node.getChildAtIndex(i)
        if node is None:
            raise LookupError("the control is gone")
    if node.getRoleName() != request["role"] or (node.name or "") != request["name"]:
        raise LookupError(f"the control changed: now {node.getRoleName()} {node.name!r}")
    return node


def answer(app, request):
    op = request["op"]
    if op == "app":
        found = find_app(request.get("part", "kazasu"), request.get("timeout", 30))
        if found is None:
            raise LookupError("no such application on the accessibility bus")
        return found, found.name
    if app is None:
        raise LookupError("no application yet: send {'op': 'app'} first")
    if op == "shown":
        out = []
        for i in range(app.childCount):
            walk(app.getChildAtIndex(i), [i], out)
        return app, out
    node = resolve(app, request)
    if op == "action":
        node.queryAction().doAction(0)
        return app, True
    if op == "set_text":
        node.queryEditableText().setTextContents(request["text"])
        return app, True
    raise ValueError(f"unknown op {op!r}")


def main():
    app = None
    for line in sys.stdin:
        try:
            app, result = answer(app, json.loads(line))
            reply = {"ok": True, "result": result}
        except Exception as error:  # noqa: BLE001 (every failure goes back to the test as words)
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
