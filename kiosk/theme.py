"""The kiosk's look, from the Digital Agency design system facts in docs (ui.md).

BIZ UD Gothic, body text #333333 on white, primary buttons blue-900 #0017C1 with white text, the
yellow-300 focus ring #FFD43D, touch targets of at least 44 px (the kiosk uses larger ones), plain
weights 400/700 only. `apply(app)` sets the font and the style sheet on a QApplication.

Room for the text: BIZ UD Gothic's ascent + descent is exactly its em box (1802 + 246 of 2048 units)
with no line gap, and its descenders reach the descent line. Qt rounds the metrics to whole pixels
(at 15 pt: ascent 17.6 → 18, descent 2.4 → 2) and snaps the baseline, so a box exactly
`QFontMetrics.height()` high loses the lowest pixel row of g, p, q, y. Every text therefore gets a
real line height: every label is laid out as rich text with CSS line-height LINE_HEIGHT (values
escaped, kiosk.screens.widgets.ValueLabel), which leaves room under each line, and every button is at
least `line_box` of its own font per line plus its padding and focus border.
"""

from __future__ import annotations

import math

FONT_FAMILY = "BIZ UDPGothic"  # the proportional cut: English reads better than in the fixed-width one
FONT_FALLBACKS = ("BIZ UDGothic", "Noto Sans CJK JP", "IPAGothic")

TEXT = "#333333"
TEXT_SECONDARY = "#4D4D4D"
PLACEHOLDER = "#767676"
BORDER = "#666666"
PRIMARY = "#0017C1"
PRIMARY_PRESSED = "#00118F"
FOCUS = "#FFD43D"
ERROR = "#CE0000"
SUCCESS = "#115A36"
WARNING_BG = "#FFF5C2"
SURFACE = "#FFFFFF"
MUTED_BG = "#F2F2F2"
DISABLED_TEXT = "#767676"

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
PIN_PT = 40
PAD_KEY_PT = 32      # digits on the PIN pad
STEPPER_PT = 22      # − and + of the compact stepper
TOGGLE_PT = 15       # the Japanese of a choice toggle (its English is smaller)
TOGGLE_EN_PT = 11
HINT_PT = 13

LINE_HEIGHT = 1.4    # DADS: Japanese text wants air between lines; BIZ UD has no line gap at all
BUTTON_PAD_Y = 8     # a button's vertical padding; its border is at most FOCUS_BORDER
FOCUS_BORDER = 4


def line_box(fm) -> int:
    """Whole pixels one line needs when Qt snaps the baseline: ceil(ascent) + ceil(descent)."""
    return math.ceil(fm.ascent()) + math.ceil(fm.descent()) + max(0, math.ceil(fm.leading()))


def style_sheet() -> str:
    """The kiosk style sheet (line heights are in the labels' own rich text)."""
    return f"""
QWidget {{ color: {TEXT}; background: {SURFACE}; font-size: {BODY_PT}pt; }}
QStatusBar {{ background: {MUTED_BG}; }}
QStatusBar QLabel {{ background: {MUTED_BG}; font-size: {STATUS_PT}pt; padding: 4px 12px 0px 12px; }}
QStatusBar::item {{ border: none; }}
QLabel[role="title"] {{ font-size: {TITLE_PT}pt; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {SUBTITLE_PT}pt; color: {TEXT_SECONDARY}; }}
QLabel[role="key"] {{ font-size: {KEY_PT}pt; color: {TEXT_SECONDARY}; }}
QLabel[role="value"] {{ font-size: {VALUE_PT}pt; font-weight: 700; }}
QLabel[role="error"] {{ color: {ERROR}; font-weight: 700; border: 3px solid {ERROR};
    padding: 12px 12px 4px 12px; background: #FFF0F0; }}
QLabel[role="warning"] {{ color: {TEXT}; font-weight: 700; border: 3px solid #B78F00;
    padding: 12px 12px 4px 12px; background: {WARNING_BG}; }}
QLabel[role="success"] {{ color: {SUCCESS}; font-weight: 700; font-size: {TITLE_PT}pt; }}
QLabel[role="pin"] {{ font-size: {PIN_PT}pt; font-weight: 700; border: 2px solid {BORDER};
    border-radius: 8px; padding: 6px 24px 0px 24px; }}
QPushButton {{ padding: {BUTTON_PAD_Y}px 20px;
    border: 2px solid {PRIMARY}; border-radius: 8px; color: {PRIMARY}; background: {SURFACE}; }}
QPushButton:pressed {{ background: #E8F1FE; }}
QPushButton:checked {{ background: {PRIMARY}; color: white; }}
QPushButton[role="primary"] {{ background: {PRIMARY}; color: white; font-weight: 700; }}
QPushButton[role="primary"]:pressed {{ background: {PRIMARY_PRESSED}; }}
QPushButton[role="key"] {{ font-size: {PAD_KEY_PT}pt; font-weight: 700; }}
QPushButton[role="stepper"] {{ font-size: {STEPPER_PT}pt; font-weight: 700; padding: 4px 8px; }}
QLabel[role="toggle"] {{ background: transparent; color: {PRIMARY}; font-size: {TOGGLE_PT}pt; }}
QLabel[role="toggle"][on="true"] {{ color: white; font-weight: 700; }}
QLabel[role="hint"] {{ font-size: {HINT_PT}pt; color: {TEXT_SECONDARY}; }}
QLabel[role="readout"] {{ font-size: {READOUT_PT}pt; font-weight: 700; }}
QLabel[role="heading"] {{ font-size: {HEADING_PT}pt; font-weight: 700; }}
QPushButton:disabled {{ color: {DISABLED_TEXT}; border-color: #B3B3B3; background: {MUTED_BG}; }}
QPushButton:focus, QLineEdit:focus, QRadioButton:focus {{ outline: none;
    border: {FOCUS_BORDER}px solid {FOCUS}; }}
QLineEdit {{ min-height: 52px; padding: 4px 12px; border: 2px solid {BORDER}; border-radius: 6px;
    font-size: 20pt; }}
QLineEdit:focus {{ border: {FOCUS_BORDER}px solid {FOCUS}; }}
QScrollBar:vertical {{ width: 28px; background: {MUTED_BG}; }}
QScrollBar::handle:vertical {{ background: #B3B3B3; min-height: 60px; border-radius: 6px; }}
QFrame[role="card"] {{ border: 1px solid #CCCCCC; border-radius: 8px; }}
QFrame[role="steps"] {{ background: {MUTED_BG}; }}
QLabel[role="step"] {{ background: {MUTED_BG}; color: {TEXT_SECONDARY}; padding: 6px 16px 0px 16px;
    font-size: {STEP_PT}pt; border-bottom: 6px solid {MUTED_BG}; }}
QLabel[role="step"][current="true"] {{ color: {PRIMARY}; font-weight: 700;
    border-bottom: 6px solid {PRIMARY}; }}
QLabel[role="step"][done="true"] {{ color: {TEXT}; }}
"""


def apply(app) -> None:
    """Give a QApplication the kiosk font and style sheet (Qt is imported only here, lazily)."""
    from PySide6.QtGui import QFont

    font = QFont(FONT_FAMILY)
    font.setFamilies([FONT_FAMILY, *FONT_FALLBACKS])
    font.setPointSize(BODY_PT)
    app.setFont(font)
    app.setStyleSheet(style_sheet())


def set_role(widget, role: str) -> None:
    """Tag a widget with a style role (see style_sheet) and re-polish it."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
