"""Synthetic card fronts of fictitious people, to prove the card-face reader without a camera.

`fictitious_person(rng)` draws an invented resident (names, addresses and numbers are random
combinations, no real person); `render_front(person, rng)` draws the card front at the positions of
`layout` in BIZ UD Mincho / Gothic (Debian's fonts-morisawa-bizud-*, close to the card's print), with
small print drift; `photograph(front, rng)` turns it into what a camera sees: the card on a background,
rotated, in perspective, unevenly lit, with glare, blur, noise and JPEG compression. `synthetic_frames`
yields `SyntheticCard`s (the front, the camera's frame and the truth) for tests and benchmarks;
`flat_frame(front)` is the undistorted card, the baseline. `holder_person(holder)` is the front of an
emulated card's holder (the demo card) and `camera_frames(person)` an endless camera's view of it, one
new photograph per frame (the 照合番号B screen's synthetic camera, kiosk.ui.camera). Nothing is
written to disk.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from devices.emulator.holder import CardHolder, era_of
from kiosk.cards.camera_sim import background as camera_background
from kiosk.cards.camera_sim import blur_noise_jpeg, place
from kiosk.cards.face import layout as L
from kiosk.cards.face.frame import CardFrame

FONT_DIRS = (Path("/usr/share/fonts/truetype/bizud-mincho"), Path("/usr/share/fonts/truetype/bizud-gothic"))
MINCHO = "BIZUDMincho-Regular.ttf"
GOTHIC = "BIZUDGothic-Regular.ttf"
SCALE = 2  # the front is drawn at twice the reader's card size, so the camera's warp can shrink it
BACKDROP = (20, 120)  # the darkest and lightest table surface under the card

SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
            "佐々木", "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川")
GIVEN = ("太郎", "花子", "一郎", "美咲", "翔太", "陽菜", "大輔", "結衣", "健", "さくら", "蓮", "葵",
         "直樹", "由美", "悠真", "七海", "誠", "愛", "拓海", "真由美", "光", "澄江", "修", "ゆい")
PLACES = ("東京都新宿区西新宿", "大阪府大阪市北区梅田", "北海道札幌市中央区北一条西", "福岡県福岡市博多区博多駅前",
          "愛知県名古屋市中区栄", "宮城県仙台市青葉区国分町", "広島県広島市中区基町", "京都府京都市左京区下鴨",
          "沖縄県那覇市久茂地", "新潟県新潟市中央区万代", "静岡県静岡市葵区追手町", "熊本県熊本市中央区手取本町")
KANJI_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class FictitiousPerson:
    """What the card front shows, and the three 照合番号B parts it implies."""

    name: str
    address: str
    birth: dt.date
    sex: str  # 男 / 女
    gregorian_birth: bool  # a foreign resident's card prints the birth date in the Gregorian calendar
    expiry: dt.date
    security_code: str
    serial: str

    @property
    def birth_yymmdd(self) -> str:
        yy = self.birth.year % 100 if self.gregorian_birth else era_of(self.birth)[1]
        return f"{yy:02d}{self.birth.month:02d}{self.birth.day:02d}"

    @property
    def expiry_year(self) -> str:
        return f"{self.expiry.year:04d}"

    def code_b(self) -> str:
        return self.birth_yymmdd + self.expiry_year + self.security_code


@dataclass
class SyntheticCard:
    """One generated card: who is on it, the front as printed, and the camera's frame of it."""

    person: FictitiousPerson
    front: Image.Image
    frame: CardFrame

    def truth(self) -> dict[str, str]:
        """The three parts of 照合番号B this card's face shows."""
        return {"birth_date": self.person.birth_yymmdd, "expiry_year": self.person.expiry_year,
                "security_code": self.person.security_code}


def fictitious_person(rng: random.Random) -> FictitiousPerson:
    first, last = dt.date(1926, 12, 25), dt.date(2023, 12, 31)
    birth = first + dt.timedelta(days=rng.randrange((last - first).days))
    if rng.random() < 0.25:  # era boundaries and 元年 are where readers go wrong: draw them often
        birth = rng.choice((dt.date(1989, 1, 7), dt.date(1989, 1, 8), dt.date(2019, 4, 30), dt.date(2019, 5, 1),
                            dt.date(1926, 12, 25), dt.date(1989, rng.randint(2, 12), rng.randint(1, 28)),
                            dt.date(2019, rng.randint(5, 12), rng.randint(1, 28))))
    issued = rng.randint(max(2016, birth.year + 1), 2026)
    years = 10 if issued - birth.year >= 20 else 5
    expiry_year = issued + years
    try:
        expiry = birth.replace(year=expiry_year)
    except ValueError:  # born on 29 February
        expiry = dt.date(expiry_year, 3, 1)
    block = f"{KANJI_DIGITS[rng.randint(1, 9)]}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    return FictitiousPerson(
        name=f"{rng.choice(SURNAMES)}　{rng.choice(GIVEN)}",
        address=rng.choice(PLACES) + block,
        birth=birth, sex=rng.choice("男女"), gregorian_birth=rng.random() < 0.05, expiry=expiry,
        security_code=f"{rng.randrange(10000):04d}", serial=f"{rng.randrange(10 ** 16):016d}")


def birth_text(person: FictitiousPerson, pad: bool) -> str:
    """The birth date as the card prints it: 「昭和55年 2月17日生」, 「平成元年 1月 8日生」, 「1985年 3月 4日生」."""
    day = person.birth
    m, d = (f"{day.month:2d}", f"{day.day:2d}") if pad else (str(day.month), str(day.day))
    if person.gregorian_birth:
        return f"{day.year}年{m}月{d}日生"
    era, year = era_of(day)
    return f"{era}{'元' if year == 1 else year}年{m}月{d}日生"


def expiry_text(person: FictitiousPerson, pad: bool) -> str:
    day = person.expiry
    m, d = (f"{day.month:2d}", f"{day.day:2d}") if pad else (str(day.month), str(day.day))
    return f"{day.year}年{m}月{d}日まで有効"


@lru_cache(maxsize=32)
def _font(file: str, size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        if (folder / file).exists():
            return ImageFont.truetype(str(folder / file), size)
    raise FileNotFoundError(f"{file} is missing: install fonts-morisawa-bizud-mincho and -gothic (scripts/setup.sh)")


def render_front(person: FictitiousPerson, rng: random.Random) -> Image.Image:
    """The card front at SCALE × the card's size, as printed (with a little drift per card)."""
    w, h = L.CARD_W * SCALE, L.CARD_H * SCALE
    tint = tuple(rng.randint(236, 252) for _ in range(3))
    img = Image.new("RGB", (w, h), tint)
    draw = ImageDraw.Draw(img)
    body = rng.choice((MINCHO, GOTHIC))
    pad = rng.random() < 0.7
    ink = (rng.randint(10, 50),) * 3

    def text(item: L.PrintedItem, value: str, file: str = body, fill=ink, jitter: int = 4) -> None:
        size = round(item.size * SCALE * rng.uniform(0.94, 1.04))
        x = (item.x + rng.randint(-jitter, jitter)) * SCALE
        y = (item.y + rng.randint(-jitter, jitter)) * SCALE
        draw.text((x, y), value, font=_font(file, size), fill=fill)

    def box(b: L.Box, outline, fill=None, width: int = 2) -> None:
        draw.rounded_rectangle((b.x * SCALE, b.y * SCALE, (b.x + b.w) * SCALE, (b.y + b.h) * SCALE),
                               radius=8 * SCALE, outline=outline, fill=fill, width=width * SCALE)

    # the guilloche-like background lines a printed card has
    for i in range(0, w, 18 * SCALE):
        draw.line((i, 0, i + h // 2, h), fill=tuple(max(0, c - 10) for c in tint), width=1)
    text(L.TITLE, "個人番号カード", GOTHIC, fill=(90, 90, 110), jitter=2)
    text(L.NAME_LABEL, "氏名", GOTHIC, jitter=1)
    text(L.ADDRESS_LABEL, "住所", GOTHIC, jitter=1)
    text(L.NAME, person.name)
    text(L.ADDRESS, person.address)
    text(L.BIRTH, birth_text(person, pad))
    text(L.SEX, f"性別 {person.sex}")
    band = tuple(rng.randint(200, 240) for _ in range(2)) + (rng.randint(150, 200),)
    box(L.EXPIRY_BAND, outline=band, fill=band)
    text(L.EXPIRY, expiry_text(person, pad))
    box(L.CERT_BOX, outline=(120, 120, 120))
    draw.text(((L.CERT_BOX.x + 8) * SCALE, (L.CERT_BOX.y + 8) * SCALE), "電子証明書の有効期限の記載欄",
              font=_font(GOTHIC, 14 * SCALE), fill=(90, 90, 90))
    box(L.SIGN_PANEL, outline=(150, 150, 150))
    img.paste(_portrait(rng), (L.PHOTO.x * SCALE, L.PHOTO.y * SCALE))
    box(L.PHOTO, outline=(80, 80, 80))
    text(L.SERIAL, " ".join(person.serial[i:i + 4] for i in range(0, 16, 4)), GOTHIC, jitter=2)
    text(L.SECURITY_CODE, person.security_code, GOTHIC, jitter=3)
    return img


def _portrait(rng: random.Random) -> Image.Image:
    """A stand-in for the photo: a plain backdrop with a head and shoulders, inside the photo box."""
    w, h = L.PHOTO.w * SCALE, L.PHOTO.h * SCALE
    photo = Image.new("RGB", (w, h), tuple(rng.randint(150, 210) for _ in range(3)))
    draw = ImageDraw.Draw(photo)
    skin = (rng.randint(120, 200), rng.randint(90, 160), rng.randint(70, 130))
    draw.ellipse((w * 0.27, h * 0.12, w * 0.73, h * 0.55), fill=skin)
    draw.ellipse((w * 0.05, h * 0.6, w * 0.95, h * 1.25), fill=tuple(rng.randint(20, 110) for _ in range(3)))
    return photo


def photograph(front: Image.Image, rng: random.Random, out_size: tuple[int, int] = (1280, 960),
               strength: float = 1.0) -> np.ndarray:
    """A camera's view of `front` (BGR uint8): placement, rotation, perspective, light, glare, blur,
    noise and JPEG. `strength` scales every distortion (0 = the card flat on a plain background)."""
    W, H = out_size
    card = cv2.cvtColor(np.asarray(front), cv2.COLOR_RGB2BGR).astype(np.float32)
    width = W * rng.uniform(0.62, 0.86)
    height = width * L.CARD_H / L.CARD_W
    angle = np.deg2rad(rng.uniform(-7, 7) * strength)
    cx, cy = W / 2 + rng.uniform(-0.06, 0.06) * W, H / 2 + rng.uniform(-0.06, 0.06) * H
    image, dst, mask = place(card, rng, out_size, width, height, angle, (cx, cy), 0.035 * width * strength,
                             BACKDROP)
    gy, gx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1 + strength * (0.25 * (gx / W - 0.5) * rng.uniform(-1, 1) + 0.25 * (gy / H - 0.5) * rng.uniform(-1, 1))
    image *= light[..., None] * rng.uniform(1 - 0.15 * strength, 1 + 0.08 * strength)
    if rng.random() < 0.6 * strength:  # a glare spot where a lamp reflects on the laminate
        gx0, gy0 = rng.uniform(dst[:, 0].min(), dst[:, 0].max()), rng.uniform(dst[:, 1].min(), dst[:, 1].max())
        sx, sy = rng.uniform(40, 180), rng.uniform(30, 120)
        spot = np.exp(-(((gx - gx0) / sx) ** 2 + ((gy - gy0) / sy) ** 2))
        image += (spot * rng.uniform(60, 170) * strength)[..., None] * mask
    return blur_noise_jpeg(image, rng, strength, blur=1.6, noise=7, jpeg_loss=45)


def flat_frame(front: Image.Image) -> CardFrame:
    """The undistorted card at the reader's size: the baseline a benchmark compares against."""
    small = front.resize((L.CARD_W, L.CARD_H), Image.LANCZOS)
    return CardFrame(cv2.cvtColor(np.asarray(small), cv2.COLOR_RGB2BGR), rectified=True)


def synthetic_frames(count: int, seed: int = 0, strength: float = 1.0) -> Iterator[SyntheticCard]:
    """`count` photographed fronts of fictitious people (the same `seed` gives the same cards)."""
    rng = random.Random(seed)
    for _ in range(count):
        person = fictitious_person(rng)
        front = render_front(person, rng)
        yield SyntheticCard(person, front, CardFrame(photograph(front, rng, strength=strength)))


def holder_person(holder: CardHolder, serial_seed: int = 0) -> FictitiousPerson:
    """What the card of an emulated card's holder shows on its front (the same 照合番号B as the card)."""
    birth, year = holder.birth, int(holder.expiry_year)
    try:
        expiry = birth.replace(year=year)
    except ValueError:  # born on 29 February
        expiry = dt.date(year, 3, 1)
    return FictitiousPerson(name=holder.name, address=holder.address, birth=birth,
                            sex="男" if holder.sex == "1" else "女", gregorian_birth=holder.birth_printed_gregorian,
                            expiry=expiry, security_code=holder.security_code,
                            serial=f"{random.Random(serial_seed).randrange(10 ** 16):016d}")


def camera_frames(person: FictitiousPerson, seed: int = 0, size: tuple[int, int] = (1280, 720),
                  strength: float = 1.0, empty: int = 0) -> Iterator[np.ndarray]:
    """A camera's frames (BGR) of `person`'s card front, each photographed anew, after `empty` frames of
    the bare background (the card not yet brought); endless."""
    rng = random.Random(seed)
    front = render_front(person, rng)
    background = np.clip(camera_background(rng, size[0], size[1], *BACKDROP), 0, 255).astype(np.uint8)
    for _ in range(empty):
        yield background.copy()
    while True:
        yield photograph(front, rng, out_size=size, strength=strength)
