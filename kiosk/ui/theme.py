"""The kiosk's look, from the Digital Agency design system facts in docs (ui.md).

BIZ UD Gothic, body text #333333 on white, primary buttons blue-900 #0017C1 with white text, touch
targets of at least 44 px (the kiosk uses larger ones), plain weights 400/700 only. `apply(app)` sets
the font and the style sheet on a QApplication.

The focus ring, as the design system draws it: black outside, yellow-300 #FFD43D inside. Yellow
alone has only 1.4:1 on white (WCAG 2.2 SC 1.4.11 asks 3:1 of what shows the focus); black has 21:1
on the white page and on a white button, the yellow 7.8:1 on a blue-900 primary button, and the two
bands 14.7:1 against each other. Qt style sheets have no outline, so the ring is the control's
border of FOCUS_BORDER px: the style sheet draws it in `focus` (the outer colour) and kiosk.ui.a11y
paints its inner half in `focus_inner` (`focus_problems` checks the ring against every page and
every fill it can sit on).

Room for the text: BIZ UD Gothic's ascent + descent is exactly its em box (1802 + 246 of 2048 units)
with no line gap, and its descenders reach the descent line. Qt rounds the metrics to whole pixels
(at 15 pt: ascent 17.6 → 18, descent 2.4 → 2) and snaps the baseline, so a box exactly
`QFontMetrics.height()` high loses the lowest pixel row of g, p, q, y. Every text therefore gets a
real line height: every label is laid out as rich text with CSS line-height LINE_HEIGHT (values
escaped, kiosk.ui.widgets.ValueLabel), which leaves room under each line, and every button is at
least `line_box` of its own font per line plus its padding and focus border.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from PySide6.QtGui import QFont

from kiosk.ui import a11y

FONT_FAMILY = "BIZ UDPGothic"  # the proportional cut: English reads better than in the fixed-width one
FONT_FALLBACKS = ("BIZ UDGothic", "Noto Sans CJK JP", "IPAGothic")


@dataclass(frozen=True)
class Palette:
    """Every colour the kiosk paints with; `text_pairs` lists which text goes on which background."""

    name: str
    text: str
    text_secondary: str
    placeholder: str
    border: str
    primary: str            # primary buttons' background, outline buttons' text and border
    on_primary: str         # text on a primary background
    primary_pressed: str
    pressed_bg: str
    focus: str              # the focus ring's outer band (against the page)
    focus_inner: str        # its inner band (against the control's own fill)
    error: str
    error_bg: str
    success: str
    warning_bg: str
    warning_border: str
    surface: str
    muted_bg: str
    disabled_text: str
    disabled_border: str
    card_border: str
    scroll_handle: str
    drawing_fill: str       # the reader in the tap screen's drawing


NORMAL = Palette(
    name="normal", text="#333333", text_secondary="#4D4D4D", placeholder="#767676", border="#666666",
    primary="#0017C1", on_primary="#FFFFFF", primary_pressed="#00118F", pressed_bg="#E8F1FE",
    focus="#000000", focus_inner="#FFD43D", error="#CE0000", error_bg="#FFF0F0", success="#115A36",
    warning_bg="#FFF5C2",
    warning_border="#B78F00", surface="#FFFFFF", muted_bg="#F2F2F2", disabled_text="#666666",
    disabled_border="#B3B3B3", card_border="#CCCCCC", scroll_handle="#B3B3B3", drawing_fill="#E6E6E6")

# white and yellow on black, a cyan focus ring with a black inner band (the black stands out on a
# yellow primary button, where cyan would not): for low vision (every text pair ≥ 7:1, WCAG AAA)
HIGH_CONTRAST = Palette(
    name="high_contrast", text="#FFFFFF", text_secondary="#E6E6E6", placeholder="#BDBDBD",
    border="#FFFFFF", primary="#FFE500", on_primary="#000000", primary_pressed="#D6C000",
    pressed_bg="#333333", focus="#00E5FF", focus_inner="#000000", error="#FF9E9E", error_bg="#000000",
    success="#7DFFA8",
    warning_bg="#000000", warning_border="#FFE500", surface="#000000", muted_bg="#1F1F1F",
    disabled_text="#BDBDBD", disabled_border="#808080", card_border="#FFFFFF", scroll_handle="#BDBDBD",
    drawing_fill="#333333")

PALETTES = {p.name: p for p in (NORMAL, HIGH_CONTRAST)}


def text_pairs(p: Palette) -> list[tuple[str, str, str, bool]]:
    """(what, text colour, background, large text?) for every text the style sheet and the screens
    paint; large = at least 18 pt bold or 24 pt (WCAG: 3:1 is enough there, 4.5:1 elsewhere)."""
    return [
        ("body text", p.text, p.surface, False),
        ("secondary text, English lines", p.text_secondary, p.surface, False),
        ("placeholder", p.placeholder, p.surface, False),
        ("status bar, step bar", p.text_secondary, p.muted_bg, False),
        ("done step", p.text, p.muted_bg, False),
        ("current step", p.primary, p.muted_bg, False),
        ("outline button", p.primary, p.surface, False),
        ("outline button pressed", p.primary, p.pressed_bg, False),
        ("primary button, chosen toggle", p.on_primary, p.primary, False),
        ("primary button pressed", p.on_primary, p.primary_pressed, False),
        ("disabled button", p.disabled_text, p.muted_bg, False),
        ("error message", p.error, p.error_bg, False),
        ("English line of an error", p.text_secondary, p.error_bg, False),
        ("warning message", p.text, p.warning_bg, False),
        ("English line of a warning", p.text_secondary, p.warning_bg, False),
        ("success title", p.success, p.surface, True),
        ("drawing's labels", p.text, p.drawing_fill, False),
        ("drawing's card", p.text, p.pressed_bg, False),
    ]


def focus_surroundings(p: Palette) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(what, colour) of the pages a focusable control sits on (the ring's outer band touches them)
    and of the fills a focused control can have (its inner band touches them)."""
    pages = [("page", p.surface), ("status bar, step bar, grey panel", p.muted_bg)]
    fills = [("outline button, text field, radio button", p.surface), ("outline button pressed", p.pressed_bg),
             ("primary button, chosen toggle", p.primary), ("primary button pressed", p.primary_pressed)]
    return pages, fills


def focus_problems(p: Palette, minimum: float = 3.0) -> list[str]:
    """Where the focus ring of palette `p` falls short of WCAG's non-text contrast (SC 1.4.11):
    its outer band against each page, the ring (either band) against each fill, and the two bands
    against each other (else they read as one band of the weaker colour)."""
    problems = []
    if p.focus != p.focus_inner and contrast(p.focus, p.focus_inner) < minimum:
        problems.append(f"the ring's bands {p.focus}/{p.focus_inner}: {contrast(p.focus, p.focus_inner):.2f}")
    pages, fills = focus_surroundings(p)
    for what, colour in pages:
        if contrast(p.focus, colour) < minimum:
            problems.append(f"ring {p.focus} on the {what} {colour}: {contrast(p.focus, colour):.2f}")
    for what, colour in fills:
        best = max(contrast(p.focus_inner, colour), contrast(p.focus, colour))
        if best < minimum:
            problems.append(f"ring {p.focus}/{p.focus_inner} around a {what} {colour}: {best:.2f}")
    return problems


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.x contrast ratio of two #RRGGBB colours (1 … 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# the palette and text scale in use (apply() sets them; the colour names below follow the palette)
palette = NORMAL
text_scale = 1.0
MAX_TEXT_SCALE = 2.0
# the width the screens were drawn for, and the width of the window they are built for now
# (kiosk.ui.screen_fit.plan_layout sets it from the screen before the window is built)
DESIGN_WIDTH = 1280
DESIGN_HEIGHT = 800
layout_width = DESIGN_WIDTH
layout_height = DESIGN_HEIGHT


def narrow() -> bool:
    """The window is narrower than the screens were drawn for (a 1024×768 panel, a portrait
    screen): two-column layouts become one column, long lines are broken to the width."""
    return layout_width < DESIGN_WIDTH


def short() -> bool:
    """The window is lower than the screens were drawn for (a 1366×768 panel): a page's main button
    at its foot would be below the edge."""
    return layout_height < DESIGN_HEIGHT


def across(width: int) -> int:
    """A width measured on the 1280 px design, on a narrower window in proportion (never wider)."""
    return width if layout_width >= DESIGN_WIDTH else width * layout_width // DESIGN_WIDTH

TEXT = NORMAL.text
TEXT_SECONDARY = NORMAL.text_secondary
PLACEHOLDER = NORMAL.placeholder
BORDER = NORMAL.border
PRIMARY = NORMAL.primary
ON_PRIMARY = NORMAL.on_primary
PRIMARY_PRESSED = NORMAL.primary_pressed
FOCUS = NORMAL.focus
FOCUS_INNER = NORMAL.focus_inner
ERROR = NORMAL.error
SUCCESS = NORMAL.success
WARNING_BG = NORMAL.warning_bg
SURFACE = NORMAL.surface
MUTED_BG = NORMAL.muted_bg
DISABLED_TEXT = NORMAL.disabled_text

MIN_TOUCH = 44
BUTTON_HEIGHT = 72
KEY_SIZE = 96
BODY_PT = 18
TITLE_PT = 28
HEADING_PT = 22     # a compact title (the preview, where room is short)
SUBTITLE_PT = 16
KEY_PT = 14          # field names above values
VALUE_PT = 22
READOUT_PT = 18     # the card values above the asked fields
STEP_PT = 16
STATUS_PT = 14
STATUS_MAX_SCALE = 1.25   # the status bar (the staff's) grows at most this much with the text size
TAB_MAX_SCALE = 1.25      # and the shelter's tabs (else they fill the screen at 200 %)
STEP_MAX_SCALE = 1.5      # and the counter's step bar (4 steps on one line at 1024 px)
KEYBOARD_MAX_SCALE = 1.25  # and the on-screen kana keyboard (its five rows fit a 768 px screen)
PIN_PT = 40
PAD_KEY_PT = 32      # digits on the PIN pad
STEPPER_PT = 22      # − and + of the compact stepper
TOGGLE_PT = 15       # the Japanese of a choice toggle (its English is smaller)
TOGGLE_EN_PT = 11
HINT_PT = 13
KANA_PT = 20         # the keys of the on-screen kana keyboard

LINE_HEIGHT = 1.4    # DADS: Japanese text wants air between lines; BIZ UD has no line gap at all
BUTTON_PAD_Y = 8     # a button's vertical padding; its border is at most FOCUS_BORDER
FOCUS_BORDER = 4     # the focus ring: outer half `focus`, inner half `focus_inner` (kiosk.ui.a11y paints it)


def status_pt() -> int:
    """The status bar's words: grown at most STATUS_MAX_SCALE with the text size, and not at all on a
    narrow window (two lines must hold the reader, the mesh, the staff and the window's note)."""
    return pt(STATUS_PT, 1.0 if narrow() else STATUS_MAX_SCALE)


def display() -> tuple[float, bool]:
    """(text scale, high contrast) the screens are drawn with now."""
    return text_scale, palette is HIGH_CONTRAST


def pt(size: float, most: float = MAX_TEXT_SCALE) -> int:
    """A font size in points at the current text scale (grown at most `most` times)."""
    return max(1, round(size * min(text_scale, most)))


def use(new_palette: Palette = NORMAL, scale: float = 1.0) -> None:
    """Make `new_palette` and `scale` current (module-level colour names follow); apply() calls it."""
    global palette, text_scale, TEXT, TEXT_SECONDARY, PLACEHOLDER, BORDER, PRIMARY, ON_PRIMARY
    global PRIMARY_PRESSED, FOCUS, FOCUS_INNER, ERROR, SUCCESS, WARNING_BG, SURFACE, MUTED_BG, DISABLED_TEXT
    if not 1.0 <= scale <= MAX_TEXT_SCALE:
        raise ValueError(f"text scale {scale} is outside 1.0 … {MAX_TEXT_SCALE}")
    palette, text_scale = new_palette, scale
    p = new_palette
    TEXT, TEXT_SECONDARY, PLACEHOLDER, BORDER = p.text, p.text_secondary, p.placeholder, p.border
    PRIMARY, ON_PRIMARY, PRIMARY_PRESSED, FOCUS = p.primary, p.on_primary, p.primary_pressed, p.focus
    FOCUS_INNER = p.focus_inner
    ERROR, SUCCESS, WARNING_BG, SURFACE = p.error, p.success, p.warning_bg, p.surface
    MUTED_BG, DISABLED_TEXT = p.muted_bg, p.disabled_text


def settings_from_env(env=None) -> tuple[Palette, float]:
    """KAZASU_TEXT_SCALE (1.0 … 2.0, e.g. 1.5 or 150%) and KAZASU_CONTRAST (normal | high)."""
    env = os.environ if env is None else env
    raw = env.get("KAZASU_TEXT_SCALE", "1").strip().rstrip("%") or "1"
    try:
        scale = float(raw) / (100 if float(raw) > 10 else 1)
    except ValueError:
        raise ValueError(f"KAZASU_TEXT_SCALE={raw!r} is not a number like 1.5 or 150%") from None
    contrast_name = env.get("KAZASU_CONTRAST", "normal").strip().lower()
    chosen = HIGH_CONTRAST if contrast_name in ("high", "high_contrast") else NORMAL
    return chosen, min(max(scale, 1.0), MAX_TEXT_SCALE)


def line_box(fm) -> int:
    """Whole pixels one line needs when Qt snaps the baseline: ceil(ascent) + ceil(descent)."""
    return math.ceil(fm.ascent()) + math.ceil(fm.descent()) + max(0, math.ceil(fm.leading()))


def style_sheet(p: Palette | None = None) -> str:
    """The kiosk style sheet in palette `p` (default: the current one) at the current text scale
    (line heights are in the labels' own rich text)."""
    p = p or palette
    return f"""
QWidget {{ color: {p.text}; background: {p.surface}; font-size: {pt(BODY_PT)}pt; }}
QStatusBar {{ background: {p.muted_bg}; }}
QStatusBar QLabel {{ color: {p.text_secondary}; background: {p.muted_bg};
    font-size: {pt(STATUS_PT, STATUS_MAX_SCALE)}pt;
    padding: 4px 12px 0px 12px; }}
QStatusBar::item {{ border: none; }}
QLabel[role="title"] {{ font-size: {pt(TITLE_PT)}pt; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {pt(SUBTITLE_PT)}pt; color: {p.text_secondary}; }}
QLabel[role="key"] {{ font-size: {pt(KEY_PT)}pt; color: {p.text_secondary}; }}
QLabel[role="value"] {{ font-size: {pt(VALUE_PT)}pt; font-weight: 700; }}
QLabel[role="error"] {{ color: {p.error}; font-weight: 700; border: 3px solid {p.error};
    padding: 12px 12px 4px 12px; background: {p.error_bg}; }}
QLabel[role="warning"] {{ color: {p.text}; font-weight: 700; border: 3px solid {p.warning_border};
    padding: 12px 12px 4px 12px; background: {p.warning_bg}; }}
QLabel[role="success"] {{ color: {p.success}; font-weight: 700; font-size: {pt(TITLE_PT)}pt; }}
QLabel[role="pin"] {{ font-size: {pt(PIN_PT)}pt; font-weight: 700; border: 2px solid {p.border};
    border-radius: 8px; padding: 6px 24px 0px 24px; }}
QPushButton {{ padding: {BUTTON_PAD_Y}px 20px;
    border: 2px solid {p.primary}; border-radius: 8px; color: {p.primary}; background: {p.surface}; }}
QPushButton:pressed {{ background: {p.pressed_bg}; }}
QPushButton:checked {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; font-weight: 700; }}
QPushButton[role="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[role="key"] {{ font-size: {pt(PAD_KEY_PT)}pt; font-weight: 700; }}
QPushButton[role="stepper"] {{ font-size: {pt(STEPPER_PT)}pt; font-weight: 700; padding: 4px 8px; }}
QPushButton[role="kana"] {{ font-size: {pt(KANA_PT)}pt; padding: 2px 4px; }}
QLabel[role="toggle"] {{ background: transparent; color: {p.primary}; font-size: {pt(TOGGLE_PT)}pt; }}
QLabel[role="toggle"][on="true"] {{ color: {p.on_primary}; font-weight: 700; }}
QLabel[role="hint"] {{ font-size: {pt(HINT_PT)}pt; color: {p.text_secondary}; }}
QLabel[role="readout"] {{ font-size: {pt(READOUT_PT)}pt; font-weight: 700; }}
QLabel[role="heading"] {{ font-size: {pt(HEADING_PT)}pt; font-weight: 700; }}
QPushButton:disabled {{ color: {p.disabled_text}; border-color: {p.disabled_border}; background: {p.muted_bg}; }}
QPushButton:focus, QLineEdit:focus, QRadioButton:focus {{ outline: none;
    border: {FOCUS_BORDER}px solid {p.focus}; }}
QLineEdit {{ min-height: 52px; padding: 4px 12px; border: 2px solid {p.border}; border-radius: 6px;
    font-size: {pt(20)}pt; color: {p.text}; background: {p.surface}; }}
QLineEdit:focus {{ border: {FOCUS_BORDER}px solid {p.focus}; }}
QLineEdit[unsure="true"] {{ border: 4px dashed {p.warning_border}; background: {p.warning_bg}; }}
QLineEdit[unsure="true"]:focus {{ border: {FOCUS_BORDER}px dashed {p.focus}; }}
QScrollBar:vertical {{ width: 28px; background: {p.muted_bg}; }}
QScrollBar::handle:vertical {{ background: {p.scroll_handle}; min-height: 60px; border-radius: 6px; }}
QFrame[role="card"] {{ border: 1px solid {p.card_border}; border-radius: 8px; }}
QFrame[role="steps"] {{ background: {p.muted_bg}; }}
QLabel[role="step"] {{ background: {p.muted_bg}; color: {p.text_secondary}; padding: 6px 16px 0px 16px;
    font-size: {pt(STEP_PT, STEP_MAX_SCALE)}pt; border-bottom: 6px solid {p.muted_bg}; }}
QLabel[role="step"][current="true"] {{ color: {p.primary}; font-weight: 700;
    border-bottom: 6px solid {p.primary}; }}
QLabel[role="step"][done="true"] {{ color: {p.text}; }}
"""


def apply(app, *, text_scale: float | None = None, high_contrast: bool | None = None) -> None:
    """Give a QApplication the kiosk font and style sheet, and the accessible names and focus ring
    of kiosk.ui.a11y. Without arguments the settings come from KAZASU_TEXT_SCALE and KAZASU_CONTRAST
    (`settings_from_env`); screens built afterwards size themselves for them."""
    env_palette, env_scale = settings_from_env()
    chosen = env_palette if high_contrast is None else (HIGH_CONTRAST if high_contrast else NORMAL)
    use(chosen, env_scale if text_scale is None else text_scale)
    font = QFont(FONT_FAMILY)
    font.setFamilies([FONT_FAMILY, *FONT_FALLBACKS])
    font.setPointSize(pt(BODY_PT))
    # only when something changed: setting them again re-polishes every widget alive (slow)
    if app.font() != font:
        app.setFont(font)
    sheet = style_sheet()
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    a11y.install(app, focus_ring)


def focus_ring() -> a11y.FocusRing:
    """The focus ring of the palette in use (kiosk.ui.a11y paints its inner band)."""
    return a11y.FocusRing(FOCUS_BORDER, palette.focus, palette.focus_inner)
def set_role(widget, role: str) -> None:
    """Tag a widget with a style role (see style_sheet) and re-polish it."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
