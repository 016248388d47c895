<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="ja">
<context>
    <name>kazasu</name>
    <message>
        <source>かざす — 窓口端末</source>
        <comment>app.title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ご用件を選んでください</source>
        <comment>start.title</comment>
        <translation>なにを しますか。えらんで ください</translation>
    </message>
    <message>
        <source>窓口（証明書・届出）</source>
        <comment>desk.counter</comment>
        <translation>窓口(まどぐち)（しょうめいしょ・とどけ）</translation>
    </message>
    <message>
        <source>避難所受付</source>
        <comment>desk.shelter</comment>
        <translation>ひなんじょの うけつけ</translation>
    </message>
    <message>
        <source>図書館</source>
        <comment>desk.library</comment>
        <translation>図書館(としょかん)</translation>
    </message>
    <message>
        <source>1 かざす</source>
        <comment>step.1</comment>
        <translation>1 カード</translation>
    </message>
    <message>
        <source>2 暗証番号</source>
        <comment>step.2</comment>
        <translation>2 ばんごう</translation>
    </message>
    <message>
        <source>3 確認</source>
        <comment>step.3</comment>
        <translation>3 たしかめる</translation>
    </message>
    <message>
        <source>4 印刷</source>
        <comment>step.4</comment>
        <translation>4 いんさつ</translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>nav.back</comment>
        <translation>もどる</translation>
    </message>
    <message>
        <source>最初から</source>
        <comment>nav.restart</comment>
        <translation>はじめから</translation>
    </message>
    <message>
        <source>マイナンバーカードを読み取り機に置いてください</source>
        <comment>tap.title</comment>
        <translation>マイナンバーカードを 機械(きかい)の 上(うえ)に おいて ください</translation>
    </message>
    <message>
        <source>読み取り機は画面の下にあります。カードは置いたままにしてください。</source>
        <comment>tap.hint</comment>
        <translation>カードを 読(よ)む 機械(きかい)は 画面(がめん)の 下(した)に あります。カードは おいた ままに して ください。</translation>
    </message>
    <message>
        <source>カードをかざす（デモ）</source>
        <comment>tap.demo</comment>
        <translation>カードを おく（デモ）</translation>
    </message>
    <message>
        <source>このカードで続ける</source>
        <comment>tap.continue</comment>
        <translation>この カードで すすむ</translation>
    </message>
    <message>
        <source>カードがあります</source>
        <comment>tap.present</comment>
        <translation>カードが あります</translation>
    </message>
    <message>
        <source>カードを確認しています…</source>
        <comment>tap.checking</comment>
        <translation>カードを しらべて います…</translation>
    </message>
    <message>
        <source>カードがない・暗証番号がわからない（係員が入力）</source>
        <comment>tap.no_pin</comment>
        <translation>カードが ない・ばんごうが わからない（係(かかり)の 人(ひと)が 書(か)きます）</translation>
    </message>
    <message>
        <source>暗証番号（数字4桁）を入力してください</source>
        <comment>pin.title</comment>
        <translation>暗証番号(あんしょうばんごう)を 入(い)れて ください</translation>
    </message>
    <message>
        <source>残り {n} 回まで入力できます。</source>
        <comment>pin.tries</comment>
        <translation>あと {n}回(かい) 入(い)れる ことが できます。</translation>
    </message>
    <message>
        <source>残りの回数を確認できませんでした。</source>
        <comment>pin.tries_unknown</comment>
        <translation>あと 何回(なんかい) 入(い)れられるか わかりませんでした。</translation>
    </message>
    <message>
        <source>決定</source>
        <comment>pin.ok</comment>
        <translation>これで いい</translation>
    </message>
    <message>
        <source>やり直し</source>
        <comment>pin.clear</comment>
        <translation>ぜんぶ けす</translation>
    </message>
    <message>
        <source>1字消す</source>
        <comment>pin.delete</comment>
        <translation>1つ けす</translation>
    </message>
    <message>
        <source>暗証番号がわからない</source>
        <comment>pin.forgot</comment>
        <translation>暗証番号(あんしょうばんごう)が わからない</translation>
    </message>
    <message>
        <source>読み取っています。カードを動かさないでください…</source>
        <comment>pin.reading</comment>
        <translation>カードを 読(よ)んで います。カードを うごかさないで ください…</translation>
    </message>
    <message>
        <source>暗証番号が違います。残り {n} 回です。もう一度ゆっくり入力してください。</source>
        <comment>pin.wrong</comment>
        <translation>暗証番号(あんしょうばんごう)が ちがいます。あと {n}回(かい)です。ゆっくり 入(い)れて ください。</translation>
    </message>
    <message>
        <source>残り1回です。次に間違えると暗証番号がロックされ、市区町村の窓口で再設定が必要になります。</source>
        <comment>pin.last_try</comment>
        <translation>あと 1回(かい)です。まちがえると、暗証番号(あんしょうばんごう)は つかえなく なります。そのときは 市役所(しやくしょ)などで 新(あたら)しく します。</translation>
    </message>
    <message>
        <source>わかりました。入力します（係員確認）</source>
        <comment>pin.last_try_confirm</comment>
        <translation>わかりました。入(い)れます（係(かかり)の 人(ひと)が たしかめました）</translation>
    </message>
    <message>
        <source>暗証番号がロックされています</source>
        <comment>blocked.title</comment>
        <translation>暗証番号(あんしょうばんごう)が つかえません</translation>
    </message>
    <message>
        <source>読み取れませんでした</source>
        <comment>error.title</comment>
        <translation>カードを 読(よ)む ことが できませんでした</translation>
    </message>
    <message>
        <source>もう一度</source>
        <comment>error.retry</comment>
        <translation>もう一度(いちど)</translation>
    </message>
    <message>
        <source>係員が入力します（カードなし）</source>
        <comment>manual.title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本人確認書類を見ながら入力してください。</source>
        <comment>manual.hint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>manual.name</comment>
        <translation type="unfinished">名前(なまえ)</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>manual.address</comment>
        <translation type="unfinished">住所(じゅうしょ)</translation>
    </message>
    <message>
        <source>係員が確認しました</source>
        <comment>identity.seen_note</comment>
        <translation>係員(かかりいん)が 見(み)ました</translation>
    </message>
    <message>
        <source>確認</source>
        <comment>identity.checked</comment>
        <translation>確認(かくにん)</translation>
    </message>
    <message>
        <source>2 係員入力</source>
        <comment>step.2_manual</comment>
        <translation>2 かかりいん</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>manual.sex</comment>
        <translation type="unfinished">性別(せいべつ)</translation>
    </message>
    <message>
        <source>次へ</source>
        <comment>manual.next</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>男</source>
        <comment>sex.1</comment>
        <translation>男(おとこ)</translation>
    </message>
    <message>
        <source>女</source>
        <comment>sex.2</comment>
        <translation>女(おんな)</translation>
    </message>
    <message>
        <source>適用不能</source>
        <comment>sex.9</comment>
        <translation>あてはまらない</translation>
    </message>
    <message>
        <source>カードから読み取った内容です。請求の内容を選んでください</source>
        <comment>preview.title</comment>
        <translation>カードから 読(よ)んだ ことです。ほしい ものを えらんで ください</translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>preview.name</comment>
        <translation>名前(なまえ)</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>preview.address</comment>
        <translation>住所(じゅうしょ)</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>preview.birth</comment>
        <translation>生(う)まれた 日(ひ)</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>preview.sex</comment>
        <translation>性別(せいべつ)</translation>
    </message>
    <message>
        <source>確認へ進む</source>
        <comment>preview.next</comment>
        <translation>たしかめる</translation>
    </message>
    <message>
        <source>市区町村の窓口で暗証番号を再設定できます。今日の手続きは、カードの照合番号Bで読み取るか、係員が入力して進められます。</source>
        <comment>blocked.body</comment>
        <translation>市役所(しやくしょ)などの 窓口(まどぐち)で 暗証番号(あんしょうばんごう)を なおせます。きょうは、カードの 照合番号(しょうごうばんごう)Bで 読(よ)むか、係員(かかりいん)が 入力(にゅうりょく)します。</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>manual.birth</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例：昭和55年4月2日・1980/4/2</source>
        <comment>manual.birth_example</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>まだ入力していない項目があります：{items}</source>
        <comment>manual.missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本人確認書類</source>
        <comment>manual.document</comment>
        <translation>本人(ほんにん)を 確認(かくにん)した 書類(しょるい)</translation>
    </message>
    <message>
        <source>書類を見ながら入力し、確認したら下のボタンを押してください。書類の番号は記録しません。</source>
        <comment>manual.document_hint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>運転免許証</source>
        <comment>identity.drivers_license</comment>
        <translation>運転免許証(うんてんめんきょしょう)</translation>
    </message>
    <message>
        <source>パスポート</source>
        <comment>identity.passport</comment>
        <translation>パスポート</translation>
    </message>
    <message>
        <source>在留カード</source>
        <comment>identity.residence_card</comment>
        <translation>在留(ざいりゅう)カード</translation>
    </message>
    <message>
        <source>健康保険証</source>
        <comment>identity.health_insurance</comment>
        <translation>健康保険証(けんこうほけんしょう)</translation>
    </message>
    <message>
        <source>その他</source>
        <comment>identity.other</comment>
        <translation>ほか</translation>
    </message>
    <message>
        <source>書類の名前（その他のとき）</source>
        <comment>identity.other_name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>書類を確認しました（係員）</source>
        <comment>identity.seen</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本人確認</source>
        <comment>confirm.identity</comment>
        <translation>本人(ほんにん)の 確認(かくにん)</translation>
    </message>
    <message>
        <source>事前登録のコードから入力</source>
        <comment>manual.from_code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>コードを読み取り機にかざしてください</source>
        <comment>manual.code_scan</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>コード {n} を読み取りました。残りもかざしてください</source>
        <comment>manual.code_parts</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>コードを使わない</source>
        <comment>manual.code_cancel</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>コードの内容を入れました。本人確認書類と見比べてから「次へ」</source>
        <comment>manual.code_filled</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>係員が入力した内容です。請求の内容を選んでください</source>
        <comment>preview.title_manual</comment>
        <translation>係員(かかりいん)が 入(い)れた ことです。ほしい ものを えらんで ください</translation>
    </message>
    <message>
        <source>例：やまだ たろう</source>
        <comment>asked.example_kana</comment>
        <translation>れい：やまだ たろう</translation>
    </message>
    <message>
        <source>例：令和7年4月1日・2025/4/1</source>
        <comment>asked.example_date</comment>
        <translation>れい：令和(れいわ)7年(ねん)4月(がつ)1日(ついたち)・2025/4/1</translation>
    </message>
    <message>
        <source>まだ選んでいない項目があります：{items}</source>
        <comment>preview.missing</comment>
        <translation>まだ えらんで いない ところが あります：{items_easy}</translation>
    </message>
    <message>
        <source>まだ選んでいない項目があります：{items} ほか{more}件</source>
        <comment>preview.missing_more</comment>
        <translation>まだ えらんで いない ところが あります：{items_easy} ほか {more}つ</translation>
    </message>
    <message>
        <source>この内容で請求します。よろしいですか</source>
        <comment>confirm.title</comment>
        <translation>これで おねがいします。いいですか</translation>
    </message>
    <message>
        <source>この内容で請求する</source>
        <comment>confirm.submit</comment>
        <translation>これで おねがいする</translation>
    </message>
    <message>
        <source>受け付けています…</source>
        <comment>confirm.busy</comment>
        <translation>うけつけて います…</translation>
    </message>
    <message>
        <source>受け付けました</source>
        <comment>done.title</comment>
        <translation>うけつけました</translation>
    </message>
    <message>
        <source>請求書を印刷しました。係員からお受け取りください。</source>
        <comment>done.printed</comment>
        <translation>紙(かみ)を 印刷(いんさつ)しました。係(かかり)の 人(ひと)から もらって ください。</translation>
    </message>
    <message>
        <source>記録は保存され、役所へ送る順番を待っています（送信待ち {n} 件）。</source>
        <comment>done.queued</comment>
        <translation>記録(きろく)を 保存(ほぞん)しました。役所(やくしょ)に おくるのを まって います（まって いる 数(かず) {n}）。</translation>
    </message>
    <message>
        <source>カードをお取りください。</source>
        <comment>done.card</comment>
        <translation>カードを わすれないで ください。</translation>
    </message>
    <message>
        <source>次の方へ</source>
        <comment>done.next</comment>
        <translation>つぎの 人(ひと)へ</translation>
    </message>
    <message>
        <source>まだお使いですか？</source>
        <comment>idle.title</comment>
        <translation>まだ つかって いますか？</translation>
    </message>
    <message>
        <source>操作がないため、あと {n} 秒で最初の画面に戻ります。入力した内容は消えます。</source>
        <comment>idle.warning</comment>
        <translation>あと {n}びょうで はじめの 画面(がめん)に もどります。入(い)れた ことは きえます。</translation>
    </message>
    <message>
        <source>続ける</source>
        <comment>idle.continue</comment>
        <translation>つづける</translation>
    </message>
    <message>
        <source>今日の手続きを選んでください（いくつでも）</source>
        <comment>procedures.title</comment>
        <translation>きょうの 手続(てつづ)きを えらんで ください（いくつでも）</translation>
    </message>
    <message>
        <source>カードを一度読み取るだけで、選んだ書類すべてに記入します。</source>
        <comment>procedures.hint</comment>
        <translation>カードを 1回(かい) 読(よ)むと、えらんだ 紙(かみ) ぜんぶに 書(か)きます。</translation>
    </message>
    <message>
        <source>次へ（カードを読み取る）</source>
        <comment>procedures.next</comment>
        <translation>つぎへ（カードを 読(よ)む）</translation>
    </message>
    <message>
        <source>手続きを一つ以上選んでください。</source>
        <comment>procedures.none</comment>
        <translation>手続(てつづ)きを 1つ 以上(いじょう) えらんで ください。</translation>
    </message>
    <message>
        <source>個人番号も読み取ります</source>
        <comment>procedures.my_number</comment>
        <translation>マイナンバーも 読(よ)みます</translation>
    </message>
    <message>
        <source>係員用：利用状況</source>
        <comment>procedures.staff</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>カードがない（係員が入力）</source>
        <comment>tap.no_card</comment>
        <translation>カードが ない（係(かかり)の 人(ひと)が 書(か)きます）</translation>
    </message>
    <message>
        <source>照合番号Bで読み取ります（係員が入力）</source>
        <comment>codeb.title</comment>
        <translation>照合番号(しょうごうばんごう)B で 読(よ)みます（係(かかり)の 人(ひと)が 入(い)れます）</translation>
    </message>
    <message>
        <source>カードの表面を見て入力してください。生年月日は印字どおり（和暦の年）です。</source>
        <comment>codeb.hint</comment>
        <translation>カードの 表(おもて)を 見(み)て 入(い)れて ください。生(う)まれた 日(ひ)は カードに 書(か)いて ある とおり（和暦(われき)の 年(とし)）です。</translation>
    </message>
    <message>
        <source>このカードには暗証番号がありません（顔認証カード）。</source>
        <comment>codeb.no_pin_card</comment>
        <translation>この カードには 暗証番号(あんしょうばんごう)が ありません（顔(かお)で たしかめる カード）。</translation>
    </message>
    <message>
        <source>生年月日（YYMMDD）</source>
        <comment>codeb.birth</comment>
        <translation>生(う)まれた 日(ひ)（YYMMDD）</translation>
    </message>
    <message>
        <source>有効期限の年</source>
        <comment>codeb.expiry</comment>
        <translation>つかえる 最後(さいご)の 年(とし)</translation>
    </message>
    <message>
        <source>セキュリティコード</source>
        <comment>codeb.security</comment>
        <translation>セキュリティコード</translation>
    </message>
    <message>
        <source>照合番号Bは残り {n} 回まで入力できます。</source>
        <comment>codeb.tries</comment>
        <translation>照合番号(しょうごうばんごう)B は あと {n}回(かい) 入(い)れる ことが できます。</translation>
    </message>
    <message>
        <source>残りの回数を確認できませんでした。</source>
        <comment>codeb.tries_unknown</comment>
        <translation>あと 何回(なんかい) 入(い)れられるか わかりませんでした。</translation>
    </message>
    <message>
        <source>照合番号Bが違います。残り {n} 回です。カードの表面をもう一度確認してください。</source>
        <comment>codeb.wrong</comment>
        <translation>照合番号(しょうごうばんごう)B が ちがいます。あと {n}回(かい)です。カードの 表(おもて)を もう一度(いちど) 見(み)て ください。</translation>
    </message>
    <message>
        <source>照合番号Bがロックされています。係員が入力して進められます。</source>
        <comment>codeb.blocked</comment>
        <translation>照合番号(しょうごうばんごう)B が つかえません。係(かかり)の 人(ひと)が 書(か)いて すすめます。</translation>
    </message>
    <message>
        <source>入力した番号の形が正しくありません（月・日を確認してください）。</source>
        <comment>codeb.invalid</comment>
        <translation>番号(ばんごう)の 形(かたち)が ちがいます（月(つき)と 日(ひ)を 見(み)て ください）。</translation>
    </message>
    <message>
        <source>読み取る</source>
        <comment>codeb.ok</comment>
        <translation>カードを 読(よ)む</translation>
    </message>
    <message>
        <source>カードを使わずに係員が入力</source>
        <comment>codeb.manual</comment>
        <translation>カードを つかわないで 係(かかり)の 人(ひと)が 書(か)く</translation>
    </message>
    <message>
        <source>カメラで読む</source>
        <comment>codeb.camera</comment>
        <translation>カメラで 読(よ)む</translation>
    </message>
    <message>
        <source>カードの表面を、黄色の枠に合わせてカメラに向けてください</source>
        <comment>codeb.camera_title</comment>
        <translation>カードの 表(おもて)を、黄色(きいろ)の 枠(わく)に 合(あ)わせて カメラに 向(む)けて ください</translation>
    </message>
    <message>
        <source>数字が読めたら入力画面に戻ります。写真は残しません。</source>
        <comment>codeb.camera_hint</comment>
        <translation>数字(すうじ)が 読(よ)めたら、入(い)れる 画面(がめん)に 戻(もど)ります。写真(しゃしん)は 残(のこ)しません。</translation>
    </message>
    <message>
        <source>カメラの映像</source>
        <comment>codeb.camera_view</comment>
        <translation>カメラの 映像(えいぞう)</translation>
    </message>
    <message>
        <source>読み取っています。カードを動かさないでください…</source>
        <comment>codeb.camera_looking</comment>
        <translation>読(よ)んで います。カードを 動(うご)かさないで ください…</translation>
    </message>
    <message>
        <source>数字を入力する</source>
        <comment>codeb.camera_typed</comment>
        <translation>数字(すうじ)を 入(い)れる</translation>
    </message>
    <message>
        <source>カメラで読みました（{printed}生）。カードと見比べてください。</source>
        <comment>codeb.camera_read</comment>
        <translation>カメラで 読(よ)みました（{printed}生(う)まれ）。カードと 比(くら)べて ください。</translation>
    </message>
    <message>
        <source>カメラで読みました（{printed}生）。点線の欄をよく確かめてください。</source>
        <comment>codeb.camera_read_unsure</comment>
        <translation>カメラで 読(よ)みました（{printed}生(う)まれ）。点線(てんせん)の ところを よく 見(み)て ください。</translation>
    </message>
    <message>
        <source>（要確認）</source>
        <comment>codeb.camera_check</comment>
        <translation>（見(み)て ください）</translation>
    </message>
    <message>
        <source>カメラでは読み取れませんでした。カードの表面を見て数字を入力してください。</source>
        <comment>codeb.camera_failed</comment>
        <translation>カメラでは 読(よ)めませんでした。カードの 表(おもて)を 見(み)て、数字(すうじ)を 入(い)れて ください。</translation>
    </message>
    <message>
        <source>カメラが見つかりません。カードの表面を見て数字を入力してください。</source>
        <comment>codeb.camera_none</comment>
        <translation>カメラが ありません。カードの 表(おもて)を 見(み)て、数字(すうじ)を 入(い)れて ください。</translation>
    </message>
    <message>
        <source>カメラで読む</source>
        <comment>qr.camera</comment>
        <translation>カメラで 読(よ)む</translation>
    </message>
    <message>
        <source>カメラを止める</source>
        <comment>qr.camera_stop</comment>
        <translation>カメラを 止(と)める</translation>
    </message>
    <message>
        <source>スマートフォンのコードを、黄色の枠に合わせてカメラに向けてください。写真は残しません。</source>
        <comment>qr.camera_hint</comment>
        <translation>スマホの コードを カメラに 向(む)けて ください。黄色(きいろ)の 四角(しかく)の 中(なか)に 入(い)れて ください。写真(しゃしん)は 残(のこ)しません。</translation>
    </message>
    <message>
        <source>カメラが見つかりません。コードは読み取り機にかざしてください。</source>
        <comment>qr.camera_none</comment>
        <translation>カメラが ありません。コードを 読(よ)む 機械(きかい)に かざして ください。</translation>
    </message>
    <message>
        <source>カメラが止まりました。読み取り機を使うか、もう一度「カメラで読む」を押してください。</source>
        <comment>qr.camera_failed</comment>
        <translation>カメラが 止(と)まりました。コードを 読(よ)む 機械(きかい)を 使(つか)うか、もう 一度(いちど)「カメラで 読(よ)む」を 押(お)して ください。</translation>
    </message>
    <message>
        <source>音声案内を始めます。</source>
        <comment>voice.on</comment>
        <translation>声(こえ)で 案内(あんない)します。</translation>
    </message>
    <message>
        <source>エンターキーで、{action}。</source>
        <comment>voice.go_on</comment>
        <translation>エンターキーで、{action}。</translation>
    </message>
    <message>
        <source>マイナスキーで、{action}。</source>
        <comment>voice.back</comment>
        <translation>マイナスキーで、{action}。</translation>
    </message>
    <message>
        <source>{n}番、{action}。</source>
        <comment>voice.choice</comment>
        <translation>{n}番(ばん)、{action}。</translation>
    </message>
    <message>
        <source>プラスキーで、もう一度聞けます。アスタリスクキーで、説明を聞けます。スラッシュキーと番号で、ボタンを選べます。</source>
        <comment>voice.keys</comment>
        <translation>プラスキーで、もう 一度(いちど) 聞(き)けます。アスタリスクキーで、説明(せつめい)を 聞(き)けます。スラッシュキーと 番号(ばんごう)で、ボタンを 選(えら)べます。</translation>
    </message>
    <message>
        <source>まだ先へ進めません。</source>
        <comment>voice.no_go_on</comment>
        <translation>まだ 次(つぎ)に 進(すす)めません。</translation>
    </message>
    <message>
        <source>この画面からは戻れません。</source>
        <comment>voice.no_back</comment>
        <translation>ここからは 戻(もど)れません。</translation>
    </message>
    <message>
        <source>{n}番はありません。</source>
        <comment>voice.no_choice</comment>
        <translation>{n}番(ばん)は ありません。</translation>
    </message>
    <message>
        <source>{n}桁入力しました。</source>
        <comment>voice.digits</comment>
        <translation>{n}つ 入(い)れました。</translation>
    </message>
    <message>
        <source>{field}、{n}桁です。</source>
        <comment>voice.field_digits</comment>
        <translation>{field}、{n}つ です。</translation>
    </message>
    <message>
        <source>利用状況（係員用）</source>
        <comment>metrics.title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>書類ごとの中央値です。個人の情報は記録していません。</source>
        <comment>metrics.hint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>まだ記録がありません。</source>
        <comment>metrics.empty</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>metrics.close</comment>
        <translation type="unfinished">とじる</translation>
    </message>
    <message>
        <source>個人番号は下4桁だけを表示しています。</source>
        <comment>confirm.my_number</comment>
        <translation>マイナンバーは 下(した)の 4つの 数字(すうじ)だけ 見(み)せて います。</translation>
    </message>
    <message>
        <source>ことば・Language</source>
        <comment>language.button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>表示することばを選んでください</source>
        <comment>language.title</comment>
        <translation>ことばを えらんで ください</translation>
    </message>
    <message>
        <source>日本語</source>
        <comment>language.name</comment>
        <translation>やさしい にほんご</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>language.close</comment>
        <translation>とじる</translation>
    </message>
    <message>
        <source>かな</source>
        <comment>keyboard.kana</comment>
        <translation>ひらがな</translation>
    </message>
    <message>
        <source>カナ</source>
        <comment>keyboard.katakana</comment>
        <translation>カタカナ</translation>
    </message>
    <message>
        <source>1字消す</source>
        <comment>keyboard.delete</comment>
        <translation>1つ けす</translation>
    </message>
    <message>
        <source>空白</source>
        <comment>keyboard.space</comment>
        <translation>スペース</translation>
    </message>
    <message>
        <source>小さい字</source>
        <comment>keyboard.small</comment>
        <translation>小(ちい)さい 字(じ)</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>keyboard.close</comment>
        <translation>とじる</translation>
    </message>
    <message>
        <source>暗証番号が違います。</source>
        <comment>pin.wrong_unknown</comment>
        <translation>暗証番号(あんしょうばんごう)が ちがいます。</translation>
    </message>
    <message>
        <source>暗証番号がロックされています。市区町村の窓口で暗証番号を再設定できます。今日は、カードの表面の照合番号Bで読み取るか、係員が入力して進められます。</source>
        <comment>error.pin_blocked</comment>
        <translation>暗証番号(あんしょうばんごう)が つかえません。市役所(しやくしょ)などの 窓口(まどぐち)で なおせます。きょうは、カードの おもての 照合番号(しょうごうばんごう)Bで 読(よ)むか、係員(かかりいん)が 入力(にゅうりょく)します。</translation>
    </message>
    <message>
        <source>思わぬエラーが起きました。係員にお知らせください。</source>
        <comment>error.unexpected</comment>
        <translation>こまった ことが おきました。係(かかり)の 人(ひと)に 言(い)って ください。</translation>
    </message>
    <message>
        <source>カードが読み取り機にありません。カードを置いてください。</source>
        <comment>no_card</comment>
        <translation>カードが ありません。カードを おいて ください。</translation>
    </message>
    <message>
        <source>読み取り中にカードが離れました。カードを置き直してください。</source>
        <comment>card_removed</comment>
        <translation>読(よ)んで いる ときに、カードが はなれました。もう一度(いちど) おいて ください。</translation>
    </message>
    <message>
        <source>読み取り機が見つかりません。係員にお知らせください。</source>
        <comment>no_reader</comment>
        <translation>カードを 読(よ)む 機械(きかい)が ありません。係(かかり)の 人(ひと)に 言(い)って ください。</translation>
    </message>
    <message>
        <source>読み取り機のサービスが動いていません。係員にお知らせください。</source>
        <comment>pcsc_unavailable</comment>
        <translation>カードを 読(よ)む 機械(きかい)が うごいて いません。係(かかり)の 人(ひと)に 言(い)って ください。</translation>
    </message>
    <message>
        <source>マイナンバーカードではないようです。カードを確認してください。</source>
        <comment>not_my_number_card</comment>
        <translation>マイナンバーカードでは ない ようです。カードを 見(み)て ください。</translation>
    </message>
    <message>
        <source>読取機 {name}</source>
        <comment>status.reader_ok</comment>
        <translation>カードを よむ きかい {name}</translation>
    </message>
    <message>
        <source>読取機なし</source>
        <comment>status.reader_none</comment>
        <translation>カードを よむ きかいが ありません</translation>
    </message>
    <message>
        <source>● カードあり</source>
        <comment>status.card_yes</comment>
        <translation>● カードが あります</translation>
    </message>
    <message>
        <source>○ カードなし</source>
        <comment>status.card_no</comment>
        <translation>○ カードが ありません</translation>
    </message>
    <message>
        <source>オンライン</source>
        <comment>status.online</comment>
        <translation>つながって います</translation>
    </message>
    <message>
        <source>オフライン</source>
        <comment>status.offline</comment>
        <translation>つながって いません</translation>
    </message>
    <message>
        <source>接続確認中</source>
        <comment>status.unknown</comment>
        <translation>しらべて います</translation>
    </message>
    <message>
        <source>未送信 {n} 件</source>
        <comment>status.pending</comment>
        <translation>まだ おくって いない もの {n}こ</translation>
    </message>
    <message>
        <source>最終送信 {time}</source>
        <comment>status.last_sync</comment>
        <translation>さいごに おくった じかん {time}</translation>
    </message>
    <message>
        <source>送信記録なし</source>
        <comment>status.never</comment>
        <translation>まだ おくって いません</translation>
    </message>
    <message>
        <source>係員 {staff}</source>
        <comment>status.staff</comment>
        <translation>かかりの ひと {staff}</translation>
    </message>
    <message>
        <source>未サインイン</source>
        <comment>status.nobody</comment>
        <translation>かかりの ひとが いません</translation>
    </message>
    <message>
        <source>避難所受付</source>
        <comment>shelter.title</comment>
        <translation>ひなんじょの うけつけ</translation>
    </message>
    <message>
        <source>氏名（必須）</source>
        <comment>shelter.name</comment>
        <translation>なまえ（かならず 書(か)く）</translation>
    </message>
    <message>
        <source>ふりがな</source>
        <comment>shelter.kana</comment>
        <translation>なまえの よみかた</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>shelter.birth</comment>
        <translation>うまれた 日(ひ)</translation>
    </message>
    <message>
        <source>世帯の記号</source>
        <comment>shelter.household</comment>
        <translation>家族(かぞく)の しるし</translation>
    </message>
    <message>
        <source>配慮が必要なこと（押すと選択）</source>
        <comment>shelter.needs</comment>
        <translation>こまって いる こと（おして えらぶ）</translation>
    </message>
    <message>
        <source>非開示（DV等）</source>
        <comment>shelter.protect</comment>
        <translation>ひみつに する（DVなど）</translation>
    </message>
    <message>
        <source>登録して入所</source>
        <comment>shelter.checkin</comment>
        <translation>書(か)いて 入(はい)る</translation>
    </message>
    <message>
        <source>カードで受付</source>
        <comment>shelter.card</comment>
        <translation>カードで うけつけ</translation>
    </message>
    <message>
        <source>名前・ふりがなでさがす</source>
        <comment>shelter.search</comment>
        <translation>なまえで さがす</translation>
    </message>
    <message>
        <source>いま避難所にいる人</source>
        <comment>shelter.here</comment>
        <translation>いま ひなんじょに いる 人(ひと)</translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>shelter.exit</comment>
        <translation>もどる</translation>
    </message>
    <message>
        <source>受付しました</source>
        <comment>shelter.done</comment>
        <translation>うけつけました</translation>
    </message>
    <message>
        <source>このカードはまだ誰にも登録されていません。手入力で登録してください。</source>
        <comment>shelter.card_unknown</comment>
        <translation>この カードは まだ だれの ものか わかりません。手(て)で 書(か)いて ください。</translation>
    </message>
    <message>
        <source>【非開示】</source>
        <comment>shelter.protected_mark</comment>
        <translation>【ひみつ】</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>shelter.address</comment>
        <translation>すんで いる ところ</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>shelter.sex</comment>
        <translation>男(おとこ)か 女(おんな)か</translation>
    </message>
    <message>
        <source>男</source>
        <comment>shelter.sex_1</comment>
        <translation>男(おとこ)</translation>
    </message>
    <message>
        <source>女</source>
        <comment>shelter.sex_2</comment>
        <translation>女(おんな)</translation>
    </message>
    <message>
        <source>答えない</source>
        <comment>shelter.sex_9</comment>
        <translation>こたえない</translation>
    </message>
    <message>
        <source>生年月日か年齢</source>
        <comment>shelter.birth_or_band</comment>
        <translation>うまれた 日(ひ)か 年(とし)</translation>
    </message>
    <message>
        <source>どの食物（例 卵・小麦）</source>
        <comment>shelter.detail_allergy</comment>
        <translation>たべられない もの（たまご・こむぎ など）</translation>
    </message>
    <message>
        <source>どの薬・医療</source>
        <comment>shelter.detail_medication</comment>
        <translation>のんで いる くすり</translation>
    </message>
    <message>
        <source>どの言語</source>
        <comment>shelter.detail_language</comment>
        <translation>はなす ことば</translation>
    </message>
    <message>
        <source>どの動物</source>
        <comment>shelter.detail_pet</comment>
        <translation>どんな 動物(どうぶつ)</translation>
    </message>
    <message>
        <source>いる場所</source>
        <comment>shelter.where</comment>
        <translation>どこに いますか</translation>
    </message>
    <message>
        <source>避難所内</source>
        <comment>shelter.where_shelter</comment>
        <translation>ひなんじょの 中(なか)</translation>
    </message>
    <message>
        <source>在宅</source>
        <comment>shelter.where_home</comment>
        <translation>じぶんの 家(いえ)</translation>
    </message>
    <message>
        <source>車中泊</source>
        <comment>shelter.where_car</comment>
        <translation>車(くるま)の 中(なか)</translation>
    </message>
    <message>
        <source>その他</source>
        <comment>shelter.where_other</comment>
        <translation>ほかの ところ</translation>
    </message>
    <message>
        <source>所外の場所（例 ○○町の自宅）</source>
        <comment>shelter.place</comment>
        <translation>いる ところ（○○町(ちょう)の 家(いえ) など）</translation>
    </message>
    <message>
        <source>先に人数だけ数えた人</source>
        <comment>shelter.from_headcount</comment>
        <translation>さきに 人数(にんずう)だけ かぞえた 人(ひと)</translation>
    </message>
    <message>
        <source>受付</source>
        <comment>shelter.tab_reception</comment>
        <translation>うけつけ</translation>
    </message>
    <message>
        <source>人数だけ数える</source>
        <comment>shelter.tab_headcount</comment>
        <translation>人数(にんずう)だけ かぞえる</translation>
    </message>
    <message>
        <source>安否確認</source>
        <comment>shelter.tab_inquiry</comment>
        <translation>家族(かぞく)を さがす</translation>
    </message>
    <message>
        <source>物資の集計</source>
        <comment>shelter.tab_needs</comment>
        <translation>いる ものの 数(かず)</translation>
    </message>
    <message>
        <source>訓練モード</source>
        <comment>shelter.drill</comment>
        <translation>れんしゅう</translation>
    </message>
    <message>
        <source>訓練 / DRILL&#x3000;訓練用のデータです（本番の名簿には入りません）</source>
        <comment>shelter.drill_banner</comment>
        <translation>れんしゅう / DRILL&#x3000;れんしゅうの データです（ほんとうの 名簿(めいぼ)に 入(はい)りません）</translation>
    </message>
    <message>
        <source>外出にしました（戻ったらもう一度かざす）</source>
        <comment>shelter.tapped_out</comment>
        <translation>外(そと)に でかけました（もどったら もう一度(いちど) カードを おいて ください）</translation>
    </message>
    <message>
        <source>おかえりなさい（戻りにしました）</source>
        <comment>shelter.tapped_back</comment>
        <translation>おかえりなさい（もどりました）</translation>
    </message>
    <message>
        <source>マイナンバーカードの暗証番号（4桁）を入れてください</source>
        <comment>shelter.needs_pin</comment>
        <translation>マイナンバーカードの 暗証番号(あんしょうばんごう)（4けた）を 入(い)れて ください</translation>
    </message>
    <message>
        <source>…ほか {n} 人（もっと入力して絞り込み）</source>
        <comment>shelter.more</comment>
        <translation>…ほかに {n}人(にん)（もっと 書(か)くと へります）</translation>
    </message>
    <message>
        <source>カードが読み取り機にありません。置いてからもう一度押してください。</source>
        <comment>shelter.no_card</comment>
        <translation>カードが ありません。カードを おいてから もう一度(いちど) おして ください。</translation>
    </message>
    <message>
        <source>カードを読んでいます…</source>
        <comment>shelter.card_busy</comment>
        <translation>カードを 読(よ)んで います…</translation>
    </message>
    <message>
        <source>このカードは未登録です。人を一覧から選び「ICカードを渡す」で結び付けます。</source>
        <comment>shelter.blank_card</comment>
        <translation>この カードは まだ だれの ものでも ありません。係(かかり)の 人(ひと)に わたして ください。</translation>
    </message>
    <message>
        <source>退所として記録しますか？ この人は「いま避難所にいる人」から外れます。まちがえたときは「戻った」で戻せます。</source>
        <comment>shelter.confirm_checkout</comment>
        <translation>でる（退所(たいしょ)）に しますか？ この 人(ひと)は「いま ここに いる 人(ひと)」から きえます。まちがえた ときは「もどった」で もどせます。</translation>
    </message>
    <message>
        <source>はい、退所にする</source>
        <comment>shelter.confirm_yes</comment>
        <translation>はい、でる（退所(たいしょ)）に する</translation>
    </message>
    <message>
        <source>やめる（記録しない）</source>
        <comment>shelter.confirm_no</comment>
        <translation>やめる（書(か)かない）</translation>
    </message>
    <message>
        <source>この人はもう受付済みで、いま避難所にいます。外出・退所するときは、この画面のボタンから選んでください。</source>
        <comment>shelter.already_in</comment>
        <translation>この 人(ひと)は もう うけつけ して、いま ここに います。そとに でる ときや、でる（退所(たいしょ)）ときは、この 画面(がめん)の ボタンを おして ください。</translation>
    </message>
    <message>
        <source>デモカードで受付</source>
        <comment>shelter.demo_card</comment>
        <translation>デモの カードで うけつけ</translation>
    </message>
    <message>
        <source>この人の手続き</source>
        <comment>shelter.person_title</comment>
        <translation>この 人(ひと)の てつづき</translation>
    </message>
    <message>
        <source>一時外出</source>
        <comment>shelter.out</comment>
        <translation>すこし 外(そと)に でる</translation>
    </message>
    <message>
        <source>戻った</source>
        <comment>shelter.back</comment>
        <translation>もどった</translation>
    </message>
    <message>
        <source>退所：帰宅</source>
        <comment>shelter.checkout_home</comment>
        <translation>でる：家(いえ)に かえる</translation>
    </message>
    <message>
        <source>退所：他の避難所へ</source>
        <comment>shelter.checkout_shelter</comment>
        <translation>でる：ほかの ひなんじょへ</translation>
    </message>
    <message>
        <source>退所：入院</source>
        <comment>shelter.checkout_hospital</comment>
        <translation>でる：病院(びょういん)に 入(はい)る</translation>
    </message>
    <message>
        <source>移動先の避難所名</source>
        <comment>shelter.other_shelter</comment>
        <translation>いく ひなんじょの なまえ</translation>
    </message>
    <message>
        <source>所外へ：在宅</source>
        <comment>shelter.stay_home</comment>
        <translation>外(そと)で くらす：家(いえ)</translation>
    </message>
    <message>
        <source>所外へ：車中泊</source>
        <comment>shelter.stay_car</comment>
        <translation>外(そと)で くらす：車(くるま)</translation>
    </message>
    <message>
        <source>ICカードを渡す（かざして結び付け）</source>
        <comment>shelter.link_card</comment>
        <translation>カードを わたす（カードを おいて つなぐ）</translation>
    </message>
    <message>
        <source>この世帯に家族を追加</source>
        <comment>shelter.add_member</comment>
        <translation>この 家族(かぞく)に 人(ひと)を くわえる</translation>
    </message>
    <message>
        <source>ICカードを結び付けました</source>
        <comment>shelter.linked</comment>
        <translation>カードを つなぎました</translation>
    </message>
    <message>
        <source>このカードは別の人に結び付いています。別のカードを渡してください。</source>
        <comment>shelter.card_taken</comment>
        <translation>この カードは ほかの 人(ひと)の ものです。ほかの カードを わたして ください。</translation>
    </message>
    <message>
        <source>記録しました</source>
        <comment>shelter.moved</comment>
        <translation>書(か)きました</translation>
    </message>
    <message>
        <source>世帯「{household}」に追加します：氏名を入れて「登録して入所」</source>
        <comment>shelter.adding_member</comment>
        <translation>家族(かぞく)「{household}」に くわえます：なまえを 書(か)いて「書(か)いて 入(はい)る」を おして ください</translation>
    </message>
    <message>
        <source>人数だけ先に数える（詳細はあとで）</source>
        <comment>shelter.headcount_title</comment>
        <translation>さきに 人数(にんずう)だけ かぞえる（くわしい ことは あとで）</translation>
    </message>
    <message>
        <source>この人数を記録</source>
        <comment>shelter.headcount_record</comment>
        <translation>この 人数(にんずう)を のこす</translation>
    </message>
    <message>
        <source>未登録の人数：{n} 人（登録時に「先に人数だけ数えた人」を選ぶと差し引き）</source>
        <comment>shelter.headcount_open</comment>
        <translation>まだ 書(か)いて いない 人(ひと)：{n}人(にん)（書(か)く ときに「さきに 人数(にんずう)だけ かぞえた 人(ひと)」を えらびます）</translation>
    </message>
    <message>
        <source>{n} 人を記録しました</source>
        <comment>shelter.headcount_done</comment>
        <translation>{n}人(にん)を 記録(きろく)しました</translation>
    </message>
    <message>
        <source>ご家族からの問い合わせ（非開示の人は決して表示しません）</source>
        <comment>shelter.inquiry_title</comment>
        <translation>家族(かぞく)を さがす（ひみつの 人(ひと)は 出(で)ません）</translation>
    </message>
    <message>
        <source>さがす人の名前・ふりがな</source>
        <comment>shelter.inquiry_search</comment>
        <translation>さがす 人(ひと)の なまえ</translation>
    </message>
    <message>
        <source>この避難所の名簿には見つかりません</source>
        <comment>shelter.inquiry_none</comment>
        <translation>この ひなんじょには いません</translation>
    </message>
    <message>
        <source>物資計画用の集計（名前は含みません）</source>
        <comment>shelter.needs_title</comment>
        <translation>いる ものの 数(かず)（なまえは ありません）</translation>
    </message>
    <message>
        <source>PDFに保存</source>
        <comment>shelter.needs_pdf</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>書き出しと閉鎖は職員だけができます。職員に交代してください。</source>
        <comment>shelter.staff_only</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名簿PDFを保存（職員用）</source>
        <comment>shelter.roster_pdf</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>避難所を閉鎖…</source>
        <comment>shelter.close</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>個人情報を消去して閉鎖</source>
        <comment>shelter.close_confirm</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>閉鎖すると、この避難所の氏名・住所・生年月日などを端末とサーバーから消去します。元に戻せません。</source>
        <comment>shelter.close_warning</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>閉鎖しました。個人情報を消去し、人数の記録（{n} 人）を残しました。</source>
        <comment>shelter.closed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存しました：{path}</source>
        <comment>shelter.saved</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在所 {present} 人 ／ 定員 {capacity}&#x3000;世帯 {households}&#x3000;外出 {out}&#x3000;所外 {outside}&#x3000;重複候補 {duplicates}</source>
        <comment>shelter.counts</comment>
        <translation>いる 人(ひと) {present}人(にん) ／ 入(はい)れる 人数(にんずう) {capacity}&#x3000;家族(かぞく) {households}&#x3000;でかけて いる {out}&#x3000;外(そと)で くらす {outside}&#x3000;おなじ 人(ひと)かも {duplicates}</translation>
    </message>
    <message>
        <source>高齢者</source>
        <comment>shelter.need.elderly</comment>
        <translation>お年寄(としよ)り</translation>
    </message>
    <message>
        <source>障害</source>
        <comment>shelter.need.disability</comment>
        <translation>しょうがい</translation>
    </message>
    <message>
        <source>妊産婦</source>
        <comment>shelter.need.pregnancy</comment>
        <translation>おなかに 赤(あか)ちゃん</translation>
    </message>
    <message>
        <source>乳幼児</source>
        <comment>shelter.need.infant</comment>
        <translation>小(ちい)さい 子(こ)ども</translation>
    </message>
    <message>
        <source>食物アレルギー</source>
        <comment>shelter.need.allergy</comment>
        <translation>たべられない もの</translation>
    </message>
    <message>
        <source>人工透析</source>
        <comment>shelter.need.dialysis</comment>
        <translation>とうせき</translation>
    </message>
    <message>
        <source>在宅酸素</source>
        <comment>shelter.need.oxygen</comment>
        <translation>さんそ</translation>
    </message>
    <message>
        <source>常用薬</source>
        <comment>shelter.need.medication</comment>
        <translation>いつもの くすり</translation>
    </message>
    <message>
        <source>通訳・言語</source>
        <comment>shelter.need.language</comment>
        <translation>ことばの 手(て)つだい</translation>
    </message>
    <message>
        <source>ペット</source>
        <comment>shelter.need.pet</comment>
        <translation>ペット</translation>
    </message>
    <message>
        <source>車中泊</source>
        <comment>shelter.need.car_sleeping</comment>
        <translation>車(くるま)で ねる</translation>
    </message>
    <message>
        <source>在所</source>
        <comment>shelter.state_present</comment>
        <translation>いる</translation>
    </message>
    <message>
        <source>外出中</source>
        <comment>shelter.state_out</comment>
        <translation>でかけて いる</translation>
    </message>
    <message>
        <source>退所</source>
        <comment>shelter.state_left</comment>
        <translation>でた</translation>
    </message>
    <message>
        <source>所外避難</source>
        <comment>shelter.state_outside</comment>
        <translation>外(そと)で くらす</translation>
    </message>
    <message>
        <source>登録のみ</source>
        <comment>shelter.state_registered</comment>
        <translation>書(か)いた だけ</translation>
    </message>
    <message>
        <source>帰宅</source>
        <comment>shelter.reason_home</comment>
        <translation>家(いえ)に かえる</translation>
    </message>
    <message>
        <source>他の避難所へ</source>
        <comment>shelter.reason_another_shelter</comment>
        <translation>ほかの ひなんじょへ</translation>
    </message>
    <message>
        <source>入院</source>
        <comment>shelter.reason_hospital</comment>
        <translation>病院(びょういん)</translation>
    </message>
    <message>
        <source>外出中</source>
        <comment>shelter.list_out</comment>
        <translation>でかけて いる</translation>
    </message>
    <message>
        <source>所外</source>
        <comment>shelter.list_outside</comment>
        <translation>外(そと)で くらす</translation>
    </message>
    <message>
        <source>世帯：{household}</source>
        <comment>shelter.household_is</comment>
        <translation>家族(かぞく)：{household}</translation>
    </message>
    <message>
        <source>人数</source>
        <comment>shelter.group_people</comment>
        <translation>人数(にんずう)</translation>
    </message>
    <message>
        <source>食事</source>
        <comment>shelter.group_meals</comment>
        <translation>ごはん</translation>
    </message>
    <message>
        <source>乳幼児</source>
        <comment>shelter.group_infants</comment>
        <translation>小(ちい)さい 子(こ)ども</translation>
    </message>
    <message>
        <source>医療</source>
        <comment>shelter.group_medical</comment>
        <translation>くすり・びょうき</translation>
    </message>
    <message>
        <source>配慮</source>
        <comment>shelter.group_care</comment>
        <translation>こまって いる こと</translation>
    </message>
    <message>
        <source>避難所内（在所・外出中）</source>
        <comment>shelter.row_in_shelter</comment>
        <translation>ひなんじょの 中(なか)</translation>
    </message>
    <message>
        <source>所外（在宅・車中泊）</source>
        <comment>shelter.row_outside</comment>
        <translation>外(そと)で くらす 人(ひと)</translation>
    </message>
    <message>
        <source>人数のみ（未登録）</source>
        <comment>shelter.row_unregistered</comment>
        <translation>かぞえた だけ</translation>
    </message>
    <message>
        <source>合計</source>
        <comment>shelter.row_total</comment>
        <translation>ぜんぶ</translation>
    </message>
    <message>
        <source>食事 合計</source>
        <comment>shelter.row_meals</comment>
        <translation>ごはん ぜんぶ</translation>
    </message>
    <message>
        <source>通常食</source>
        <comment>shelter.row_regular</comment>
        <translation>ふつうの ごはん</translation>
    </message>
    <message>
        <source>アレルギー対応食</source>
        <comment>shelter.row_allergy_free</comment>
        <translation>アレルギーの ごはん</translation>
    </message>
    <message>
        <source>うち {name} 除去</source>
        <comment>shelter.row_free_of</comment>
        <translation>{name}なしの ごはん</translation>
    </message>
    <message>
        <source>粉ミルク</source>
        <comment>shelter.row_formula</comment>
        <translation>ミルク</translation>
    </message>
    <message>
        <source>おむつ</source>
        <comment>shelter.row_diapers</comment>
        <translation>おむつ</translation>
    </message>
    <message>
        <source>うち {name}</source>
        <comment>shelter.row_of_which</comment>
        <translation>その 中(なか)の {name}</translation>
    </message>
    <message>
        <source>ペット</source>
        <comment>shelter.row_pets</comment>
        <translation>ペット</translation>
    </message>
    <message>
        <source>コードで受付</source>
        <comment>shelter.qr</comment>
        <translation>コード で うけつけ</translation>
    </message>
    <message>
        <source>事前登録のコードを読み取り機にかざしてください</source>
        <comment>shelter.qr_scan</comment>
        <translation>まえもって つくった コード を、よみとる きかい に かざして ください</translation>
    </message>
    <message>
        <source>{count}枚のうち{have}枚を読み取りました。残りのコードもかざしてください</source>
        <comment>shelter.qr_parts</comment>
        <translation>コード {count}まい の うち {have}まい を よみました。のこり の コード も かざして ください</translation>
    </message>
    <message>
        <source>やめて受付に戻る</source>
        <comment>shelter.qr_cancel</comment>
        <translation>やめて もどる</translation>
    </message>
    <message>
        <source>この{n}人を受付します。ご本人と内容を確かめてください</source>
        <comment>shelter.qr_confirm</comment>
        <translation>この {n}にん を うけつけ します。なまえ など が ただしいか みて ください</translation>
    </message>
    <message>
        <source>この内容で{n}人を受付</source>
        <comment>shelter.qr_checkin</comment>
        <translation>これで {n}にん を うけつけ</translation>
    </message>
    <message>
        <source>{n}人を受付しました</source>
        <comment>shelter.qr_done</comment>
        <translation>{n}にん を うけつけ しました</translation>
    </message>
    <message>
        <source>このコードの{n}人は登録済みです。入所として記録しました</source>
        <comment>shelter.qr_again</comment>
        <translation>この コード の {n}にん は もう とうろく されています。ひなんじょ に はいった と きろく しました</translation>
    </message>
    <message>
        <source>図書館 貸出・返却</source>
        <comment>library.title</comment>
        <translation>図書館(としょかん)&#x3000;かりる・かえす</translation>
    </message>
    <message>
        <source>利用者カードをかざすか、バーコードを読んでください</source>
        <comment>library.scan_patron</comment>
        <translation>図書館(としょかん)の カードを おくか、バーコードを 読(よ)んで ください</translation>
    </message>
    <message>
        <source>資料のバーコードを読んでください（貸出）</source>
        <comment>library.scan_items</comment>
        <translation>かりる 本(ほん)の バーコードを 読(よ)んで ください</translation>
    </message>
    <message>
        <source>返却する資料のバーコードを読んでください</source>
        <comment>library.scan_returns</comment>
        <translation>かえす 本(ほん)の バーコードを 読(よ)んで ください</translation>
    </message>
    <message>
        <source>カードをかざす</source>
        <comment>library.tap</comment>
        <translation>カードを おく</translation>
    </message>
    <message>
        <source>次の方</source>
        <comment>library.next</comment>
        <translation>つぎの 人(ひと)</translation>
    </message>
    <message>
        <source>終了</source>
        <comment>library.exit</comment>
        <translation>おわる</translation>
    </message>
    <message>
        <source>利用登録</source>
        <comment>library.register</comment>
        <translation>図書館(としょかん)の カードを つくる</translation>
    </message>
    <message>
        <source>住所変更</source>
        <comment>library.update</comment>
        <translation>住所(じゅうしょ)を かえる</translation>
    </message>
    <message>
        <source>カード再発行</source>
        <comment>library.reissue</comment>
        <translation>カードを もう一度(いちど) つくる</translation>
    </message>
    <message>
        <source>利用停止一覧</source>
        <comment>library.blocked_list</comment>
        <translation>かりられない 人(ひと)の リスト</translation>
    </message>
    <message>
        <source>利用停止中の利用者（この端末に保存・オフラインでも使えます）</source>
        <comment>library.blocked_title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>library.back</comment>
        <translation>もどる</translation>
    </message>
    <message>
        <source>先に利用者カードを読んでください。</source>
        <comment>library.no_patron</comment>
        <translation>はじめに 図書館(としょかん)の カードを 読(よ)んで ください。</translation>
    </message>
    <message>
        <source>{name}&#x3000;利用者番号 {number}&#x3000;貸出中 {n}点</source>
        <comment>library.patron_line</comment>
        <translation>{name}&#x3000;ばんごう {number}&#x3000;かりて いる 本(ほん) {n}</translation>
    </message>
    <message>
        <source>延滞 {n}点</source>
        <comment>library.overdue_count</comment>
        <translation>かえす 日(ひ)を すぎた 本(ほん) {n}</translation>
    </message>
    <message>
        <source>再発行後の番号 {number}</source>
        <comment>library.replaced_by</comment>
        <translation>新(あたら)しい ばんごう {number}</translation>
    </message>
    <message>
        <source>{item}&#x3000;返却期限 {due}</source>
        <comment>library.loan</comment>
        <translation>{item}&#x3000;かえす 日(ひ) {due}</translation>
    </message>
    <message>
        <source>{item}&#x3000;返却期限 {due}&#x3000;延滞</source>
        <comment>library.loan_overdue</comment>
        <translation>{item}&#x3000;かえす 日(ひ) {due}&#x3000;すぎて います</translation>
    </message>
    <message>
        <source>貸出中の資料</source>
        <comment>library.loans_name</comment>
        <translation>かりて いる 本(ほん)</translation>
    </message>
    <message>
        <source>貸出しました：{item}&#x3000;返却期限 {due}</source>
        <comment>library.checked_out</comment>
        <translation>かしました：{item}&#x3000;かえす 日(ひ) {due}</translation>
    </message>
    <message>
        <source>返却しました：{item}</source>
        <comment>library.checked_in</comment>
        <translation>かえして もらいました：{item}</translation>
    </message>
    <message>
        <source>再発行しました</source>
        <comment>library.reissued</comment>
        <translation>カードを もう一度(いちど) つくりました</translation>
    </message>
    <message>
        <source>旧番号は利用停止</source>
        <comment>library.old_blocked</comment>
        <translation>前(まえ)の ばんごうは つかえません</translation>
    </message>
    <message>
        <source>利用者カード PDF</source>
        <comment>library.card_pdf</comment>
        <translation>図書館(としょかん)の カード PDF</translation>
    </message>
    <message>
        <source>紛失届が出ているカード</source>
        <comment>library.reason.lost_card</comment>
        <translation>なくした カードです</translation>
    </message>
    <message>
        <source>図書館システムからの利用停止</source>
        <comment>library.reason.library_system</comment>
        <translation>図書館(としょかん)が とめて います</translation>
    </message>
    <message>
        <source>職員による利用停止</source>
        <comment>library.reason.staff</comment>
        <translation>係(かかり)の 人(ひと)が とめて います</translation>
    </message>
    <message>
        <source>延滞資料があります</source>
        <comment>library.reason.overdue</comment>
        <translation>かえす 日(ひ)を すぎた 本(ほん)が あります</translation>
    </message>
    <message>
        <source>転出などで登録条件を満たしていません</source>
        <comment>library.reason.not_eligible</comment>
        <translation>ひっこしなどで、図書館(としょかん)を つかう 条件(じょうけん)に あいません</translation>
    </message>
    <message>
        <source>【貸出停止中です：{reason}】</source>
        <comment>library.blocked_reason</comment>
        <translation>【いまは かりられません：{reason}】</translation>
    </message>
    <message>
        <source>この方はすでに利用登録されています。利用者番号で検索してください。</source>
        <comment>library.error.already_registered</comment>
        <translation>この 人(ひと)の カードは もう あります。ばんごうで さがして ください。</translation>
    </message>
    <message>
        <source>利用者が見つかりません。番号を確かめるか、利用登録をしてください。</source>
        <comment>library.error.unknown_patron</comment>
        <translation>この ばんごうの 人(ひと)は いません。ばんごうを たしかめるか、カードを つくって ください。</translation>
    </message>
    <message>
        <source>この資料は貸出中です。先に返却処理をしてください。</source>
        <comment>library.error.item_on_loan</comment>
        <translation>この 本(ほん)は かして います。先(さき)に かえして ください。</translation>
    </message>
    <message>
        <source>読み取ったカードの生年月日がこの利用者の登録と合いません。ご本人のカードか確かめてください。</source>
        <comment>library.error.not_this_patron</comment>
        <translation>カードの 生(う)まれた 日(ひ)が ちがいます。本人(ほんにん)の カードか たしかめて ください。</translation>
    </message>
    <message>
        <source>この利用者番号はすでに再発行されています。新しい番号で手続きしてください。</source>
        <comment>library.error.card_reissued</comment>
        <translation>この ばんごうの カードは もう 新(あたら)しく なりました。新(あたら)しい ばんごうを つかって ください。</translation>
    </message>
    <message>
        <source>マイナンバーカードではありません。マイナンバーカードをかざしてください。</source>
        <comment>library.error.not_a_my_number_card</comment>
        <translation>マイナンバーカードでは ありません。マイナンバーカードを おいて ください。</translation>
    </message>
    <message>
        <source>条件：市内および近隣自治体に住所がある方、または市内に通勤・通学している方（在勤・在学の申告が必要）。カードの住所は対象地域外です。</source>
        <comment>library.error.not_eligible_residence</comment>
        <translation>カードを つくれるのは、この 市(し)や 近(ちか)くの 町(まち)に 住(す)んで いる 人(ひと)、この 市(し)で はたらく 人(ひと)・学校(がっこう)に かよう 人(ひと)です（在勤(ざいきん)・在学(ざいがく)を えらびます）。カードの 住所(じゅうしょ)は ちがう 所(ところ)です。</translation>
    </message>
    <message>
        <source>条件：{limit}歳未満の方は保護者の同意が必要です。保護者の氏名を入力してください。</source>
        <comment>library.error.guardian_required</comment>
        <translation>{limit}さいより 下(した)の 人(ひと)は、家(いえ)の 人(ひと)が いいと 言(い)う ことが いります。家(いえ)の 人(ひと)の 名前(なまえ)を 書(か)いて ください。</translation>
    </message>
    <message>
        <source>いまは貸出（押すと返却に）</source>
        <comment>library.mode_checkout</comment>
        <translation>いまは かりる（おすと かえすに）</translation>
    </message>
    <message>
        <source>いまは返却（押すと貸出に）</source>
        <comment>library.mode_checkin</comment>
        <translation>いまは かえす（おすと かりるに）</translation>
    </message>
    <message>
        <source>デモカードをかざす</source>
        <comment>library.demo_card</comment>
        <translation>デモの カードを おく</translation>
    </message>
    <message>
        <source>番号を手で入力</source>
        <comment>library.manual</comment>
        <translation>ばんごうを 手(て)で 入(い)れる</translation>
    </message>
    <message>
        <source>バーコードの下の数字（資料か利用者カード）</source>
        <comment>library.manual_field</comment>
        <translation>バーコードの 下(した)の 数字(すうじ)（本(ほん)か 図書館(としょかん)の カード）</translation>
    </message>
    <message>
        <source>この番号で読む</source>
        <comment>library.manual_enter</comment>
        <translation>この ばんごうで 読(よ)む</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>library.manual_close</comment>
        <translation>とじる</translation>
    </message>
    <message>
        <source>番号が入っていません。バーコードの下の数字を入れてから「この番号で読む」を押してください。</source>
        <comment>library.manual_empty</comment>
        <translation>ばんごうが ありません。バーコードの 下(した)の 数字(すうじ)を 入(い)れて から「この ばんごうで 読(よ)む」を おして ください。</translation>
    </message>
    <message>
        <source>番号に使えるのは数字と英字だけです。バーコードの下の数字をそのまま入れてください。</source>
        <comment>library.manual_not_digits</comment>
        <translation>ばんごうは 数字(すうじ)と ABC だけです。バーコードの 下(した)の 数字(すうじ)を そのまま 入(い)れて ください。</translation>
    </message>
    <message>
        <source>{number} は最後の数字（チェックディジット）が合いません。打ち間違いがないか、ラベルの数字をもう一度確かめて入れ直してください。</source>
        <comment>library.manual_check</comment>
        <translation>{number} は さいごの 数字(すうじ)が あいません。ラベルの 数字(すうじ)を もう一度(いちど) 見(み)て、入(い)れなおして ください。</translation>
    </message>
    <message>
        <source>図書館のデータを準備しています（初回のみ）。しばらくお待ちください。</source>
        <comment>library.preparing</comment>
        <translation>図書館(としょかん)の データを じゅんびして います（はじめの 1回(かい)だけ）。すこし まって ください。</translation>
    </message>
    <message>
        <source>{done} / {total} 件</source>
        <comment>library.preparing_count</comment>
        <translation>{done} / {total} けん</translation>
    </message>
    <message>
        <source>別のプログラムがこの端末の図書館データを準備しています。数分待ってから、もう一度操作してください。</source>
        <comment>library.error.library_migration_busy</comment>
        <translation>いま、としょかんの データを じゅんびして います。すこし まってから、もう いちど やって ください。</translation>
    </message>
    <message>
        <source>利用者番号のチェックディジットが合いません。読み取り直すか、「番号を手で入力」で入れ直してください。</source>
        <comment>library.error.invalid_patron_number</comment>
        <translation>ばんごうが 正(ただ)しく ありません。もう一度(いちど) 読(よ)むか、「ばんごうを 手(て)で 入(い)れる」で 入(い)れて ください。</translation>
    </message>
    <message>
        <source>このカードは図書館カードとして登録されていません。「利用登録」で登録するか、利用者カードのバーコードを読んでください。</source>
        <comment>library.error.card_not_linked</comment>
        <translation>この カードは 図書館(としょかん)の カードに なって いません。「図書館(としょかん)の カードを つくる」で つくるか、図書館(としょかん)の カードの バーコードを 読(よ)んで ください。</translation>
    </message>
    <message>
        <source>この図書館の利用登録の条件を満たしていません。市内で働く・学ぶ方は「在勤」「在学」を選んで、もう一度読んでください。</source>
        <comment>library.error.not_eligible</comment>
        <translation>この 図書館(としょかん)の カードを つくる 条件(じょうけん)に あいません。この 町(まち)で はたらく 人(ひと)・学校(がっこう)に かよう 人(ひと)は、それを えらんで もう一度(いちど) 読(よ)んで ください。</translation>
    </message>
    <message>
        <source>この図書館は「在勤」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。</source>
        <comment>library.error.not_eligible_work</comment>
        <translation>この 図書館(としょかん)では、はたらいて いる ことで カードを つくれません。「なし」を えらぶか、すんで いる 町(まち)の 図書館(としょかん)に 行(い)って ください。</translation>
    </message>
    <message>
        <source>この図書館は「在学」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。</source>
        <comment>library.error.not_eligible_study</comment>
        <translation>この 図書館(としょかん)では、学校(がっこう)に かよって いる ことで カードを つくれません。「なし」を えらぶか、すんで いる 町(まち)の 図書館(としょかん)に 行(い)って ください。</translation>
    </message>
    <message>
        <source>この利用者は貸出停止中です。理由は利用者の行にあります。返却はできます。解除は職員が行います。</source>
        <comment>library.error.patron_blocked</comment>
        <translation>この 人(ひと)は いま 本(ほん)を かりられません。わけは 上(うえ)の 行(ぎょう)に あります。かえす ことは できます。図書館(としょかん)の 人(ひと)に きいて ください。</translation>
    </message>
    <message>
        <source>貸出上限に達しています（この種類の資料は{limit}点まで）。返却してから借りてください。</source>
        <comment>library.error.loan_limit</comment>
        <translation>これ 以上(いじょう) かりられません（この 本(ほん)は {limit}まで）。かえして から かりて ください。</translation>
    </message>
    <message>
        <source>資料バーコードは1〜32文字の英数字です。読み直すか、「番号を手で入力」でラベルの数字を入れてください。</source>
        <comment>library.error.bad_barcode</comment>
        <translation>本(ほん)の バーコードを 読(よ)めません。もう一度(いちど) 読(よ)むか、「ばんごうを 手(て)で 入(い)れる」で 入(い)れて ください。</translation>
    </message>
    <message>
        <source>図書館 貸出・返却（図書館システム）</source>
        <comment>library.ils.title</comment>
        <translation>図書館(としょかん)で かりる・かえす（図書館(としょかん)の システム）</translation>
    </message>
    <message>
        <source>延長</source>
        <comment>library.ils.renew</comment>
        <translation>かりる 日(ひ)を のばす</translation>
    </message>
    <message>
        <source>利用停止</source>
        <comment>library.ils.block</comment>
        <translation>カードを とめる</translation>
    </message>
    <message>
        <source>カード連携</source>
        <comment>library.ils.link</comment>
        <translation>カードを つなぐ</translation>
    </message>
    <message>
        <source>カードを利用者番号 {number} に連携しました。次からはかざすだけで使えます。</source>
        <comment>library.ils.linked</comment>
        <translation>カードを 番号(ばんごう) {number} に つなぎました。つぎからは かざす だけで つかえます。</translation>
    </message>
    <message>
        <source>送信待ち・拒否</source>
        <comment>library.ils.outbox</comment>
        <translation>まだ おくっていない もの</translation>
    </message>
    <message>
        <source>オフライン中の取引（送信待ちと、図書館システムが拒否したもの）</source>
        <comment>library.ils.outbox_title</comment>
        <translation>つながらなかった ときの 手続(てつづ)き（まだ おくっていない もの、ことわられた もの）</translation>
    </message>
    <message>
        <source>今すぐ送信</source>
        <comment>library.ils.replay</comment>
        <translation>いま おくる</translation>
    </message>
    <message>
        <source>処理済みにする</source>
        <comment>library.ils.resolve</comment>
        <translation>おわった ことに する</translation>
    </message>
    <message>
        <source>図書館システムに接続しています</source>
        <comment>library.ils.online</comment>
        <translation>図書館(としょかん)の システムに つながって います</translation>
    </message>
    <message>
        <source>延長する資料を一覧から選んでください。</source>
        <comment>library.ils.pick_loan</comment>
        <translation>のばしたい 本(ほん)を リストから えらんで ください。</translation>
    </message>
    <message>
        <source>図書館システムより：</source>
        <comment>library.ils.from_ils</comment>
        <translation>図書館(としょかん)の システムから：</translation>
    </message>
    <message>
        <source>【図書館システムで貸出が止められています】</source>
        <comment>library.ils.denied</comment>
        <translation>【いまは かりることが できません】</translation>
    </message>
    <message>
        <source>図書館システムに接続できません。オフラインで受け付けています（送信待ち {n}件）</source>
        <comment>library.ils.offline</comment>
        <translation>図書館(としょかん)の システムに つながりません。つながらなくても うけつけます（まだ おくっていない もの {n}こ）</translation>
    </message>
    <message>
        <source>図書館システムが拒否した取引 {n}件：職員が確認してください</source>
        <comment>library.ils.refused_count</comment>
        <translation>ことわられた 手続(てつづ)き {n}こ：係(かかり)の 人(ひと)が たしかめます</translation>
    </message>
    <message>
        <source>利用者番号 {number}（オフライン：貸出状況は接続が戻ると表示されます）</source>
        <comment>library.ils.patron_offline</comment>
        <translation>番号(ばんごう) {number}（いまは かりている 本(ほん)を 見(み)せられません。つながったら 見(み)せます）</translation>
    </message>
    <message>
        <source>{item}</source>
        <comment>library.ils.loan</comment>
        <translation>{item}</translation>
    </message>
    <message>
        <source>{item}&#x3000;延滞</source>
        <comment>library.ils.loan_overdue</comment>
        <translation>{item}&#x3000;かえす 日(ひ)を すぎて います</translation>
    </message>
    <message>
        <source>{item}&#x3000;送信待ち</source>
        <comment>library.ils.loan_queued</comment>
        <translation>{item}&#x3000;まだ おくって いません</translation>
    </message>
    <message>
        <source>貸出を受け付けました（オフライン）：{item}&#x3000;返却期限 {due}</source>
        <comment>library.ils.checked_out_offline</comment>
        <translation>かしました（あとで 図書館(としょかん)の システムに おくります）：{item}&#x3000;かえす 日(ひ) {due}</translation>
    </message>
    <message>
        <source>返却を受け付けました（オフライン）：{item}</source>
        <comment>library.ils.checked_in_offline</comment>
        <translation>かえして もらいました（あとで おくります）：{item}</translation>
    </message>
    <message>
        <source>延長しました：{item}&#x3000;返却期限 {due}</source>
        <comment>library.ils.renewed</comment>
        <translation>かりる 日(ひ)を のばしました：{item}&#x3000;かえす 日(ひ) {due}</translation>
    </message>
    <message>
        <source>図書館システムで利用停止にしました：{number}</source>
        <comment>library.ils.blocked</comment>
        <translation>カードを とめました：{number}</translation>
    </message>
    <message>
        <source>利用停止を送信待ちにしました：{number}</source>
        <comment>library.ils.block_queued</comment>
        <translation>カードを とめる 手続(てつづ)きを あとで おくります：{number}</translation>
    </message>
    <message>
        <source>送信しました：{n}件</source>
        <comment>library.ils.sent</comment>
        <translation>おくりました：{n}こ</translation>
    </message>
    <message>
        <source>図書館システムに接続できません。しばらくしてからもう一度お試しください。</source>
        <comment>library.error.ils_unavailable</comment>
        <translation>図書館(としょかん)の システムに つながりません。すこし まってから もう一度(いちど) して ください。</translation>
    </message>
    <message>
        <source>この手続きには図書館システムとの接続が必要です。接続が戻ってからもう一度お試しください。</source>
        <comment>library.error.ils_needs_connection</comment>
        <translation>この 手続(てつづ)きは 図書館(としょかん)の システムに つながって いないと できません。つながってから もう一度(いちど) して ください。</translation>
    </message>
    <message>
        <source>図書館システムに接続できず、オフラインでの貸出・返却も認められていません。接続が戻るまでお待ちいただくか、カウンターで手続きしてください。</source>
        <comment>library.error.ils_offline_not_allowed</comment>
        <translation>図書館(としょかん)の システムに つながりません。いまは かりる ことも かえす ことも できません。まつか、カウンターに 行(い)って ください。</translation>
    </message>
    <message>
        <source>図書館システムの応答が SIP2 の形式ではありません。係員にお知らせください。</source>
        <comment>library.error.ils_malformed_answer</comment>
        <translation>図書館(としょかん)の システムから へんな へんじが きました。係(かかり)の 人(ひと)に 言(い)って ください。</translation>
    </message>
    <message>
        <source>図書館システムが端末のログインを拒否しました。係員にお知らせください。</source>
        <comment>library.error.ils_login_refused</comment>
        <translation>図書館(としょかん)の システムに はいれませんでした。係(かかり)の 人(ひと)に 言(い)って ください。</translation>
    </message>
    <message>
        <source>貸出できませんでした。</source>
        <comment>library.error.ils_refused_checkout</comment>
        <translation>かりる ことが できませんでした。</translation>
    </message>
    <message>
        <source>返却を受け付けられませんでした。</source>
        <comment>library.error.ils_refused_checkin</comment>
        <translation>かえす 手続(てつづ)きが できませんでした。</translation>
    </message>
    <message>
        <source>延長できませんでした。</source>
        <comment>library.error.ils_refused_renew</comment>
        <translation>かりる 日(ひ)を のばせませんでした。</translation>
    </message>
    <message>
        <source>バーコードは1〜64文字の半角英数字です。読み取り直してください。</source>
        <comment>library.error.invalid_barcode</comment>
        <translation>バーコードが よめません。もう一度(いちど) よんで ください。</translation>
    </message>
    <message>
        <source>利用登録</source>
        <comment>library.register.title</comment>
        <translation>図書館(としょかん)の カードを つくる</translation>
    </message>
    <message>
        <source>住所変更（カードを読み直します）</source>
        <comment>library.register.update_title</comment>
        <translation>住所(じゅうしょ)を かえる（カードを もう一度(いちど) 読(よ)みます）</translation>
    </message>
    <message>
        <source>市外の方の申告</source>
        <comment>library.register.declaration</comment>
        <translation>この 市(し)に 住(す)んで いない 人(ひと)</translation>
    </message>
    <message>
        <source>なし</source>
        <comment>library.register.none</comment>
        <translation>なし</translation>
    </message>
    <message>
        <source>在勤</source>
        <comment>library.register.work</comment>
        <translation>この 市(し)で はたらく</translation>
    </message>
    <message>
        <source>在学</source>
        <comment>library.register.study</comment>
        <translation>この 市(し)の 学校(がっこう)</translation>
    </message>
    <message>
        <source>保護者の氏名（16歳未満の方）</source>
        <comment>library.register.guardian</comment>
        <translation>家(いえ)の 人(ひと)の 名前(なまえ)（16さいより 下(した)の 人(ひと)）</translation>
    </message>
    <message>
        <source>暗証番号で読む</source>
        <comment>library.register.with_pin</comment>
        <translation>暗証番号(あんしょうばんごう)で 読(よ)む</translation>
    </message>
    <message>
        <source>照合番号Bで読む</source>
        <comment>library.register.with_code_b</comment>
        <translation>照合番号(しょうごうばんごう)Bで 読(よ)む</translation>
    </message>
    <message>
        <source>やめる</source>
        <comment>library.register.cancel</comment>
        <translation>やめる</translation>
    </message>
    <message>
        <source>マイナンバーカードをカードリーダーに置いてください</source>
        <comment>library.register.place_card</comment>
        <translation>マイナンバーカードを 機械(きかい)の 上(うえ)に おいて ください</translation>
    </message>
    <message>
        <source>登録しました</source>
        <comment>library.register.registered</comment>
        <translation>カードが できました</translation>
    </message>
    <message>
        <source>登録内容を更新しました</source>
        <comment>library.register.updated</comment>
        <translation>新(あたら)しく しました</translation>
    </message>
    <message>
        <source>貸出へ進む</source>
        <comment>library.register.to_desk</comment>
        <translation>本(ほん)を かりる</translation>
    </message>
    <message>
        <source>カードを印刷</source>
        <comment>library.register.print</comment>
        <translation>カードを 印刷(いんさつ)する</translation>
    </message>
    <message>
        <source>印刷に送っています…</source>
        <comment>library.register.printing</comment>
        <translation>印刷(いんさつ)して います…</translation>
    </message>
    <message>
        <source>利用者カードを印刷に送りました（{queue}）。印刷されたカードを利用者に渡してください。</source>
        <comment>library.register.printed</comment>
        <translation>カードを 印刷(いんさつ)に おくりました（{queue}）。出(で)て きた カードを うけとって ください。</translation>
    </message>
    <message>
        <source>利用者カードの見本</source>
        <comment>library.register.preview</comment>
        <translation>図書館(としょかん)の カードの 見本(みほん)</translation>
    </message>
    <message>
        <source>見本を表示できません（poppler-utils がありません）。カードの PDF はそのまま印刷できます。</source>
        <comment>library.register.no_preview</comment>
        <translation>見本(みほん)を 出(だ)せません。カードの 印刷(いんさつ)は できます。</translation>
    </message>
    <message>
        <source>登録画面に戻る</source>
        <comment>library.register.back</comment>
        <translation>前(まえ)の 画面(がめん)に もどる</translation>
    </message>
    <message>
        <source>登録区分</source>
        <comment>library.register.basis</comment>
        <translation>つかえる わけ</translation>
    </message>
    <message>
        <source>市区町村コード</source>
        <comment>library.register.code</comment>
        <translation>市(し)の ばんごう</translation>
    </message>
    <message>
        <source>カード</source>
        <comment>library.register.card</comment>
        <translation>カード</translation>
    </message>
    <message>
        <source>利用者番号</source>
        <comment>library.register.number</comment>
        <translation>ばんごう</translation>
    </message>
    <message>
        <source>マイナンバーカード連携</source>
        <comment>library.register.linked</comment>
        <translation>マイナンバーカードで つかえる</translation>
    </message>
    <message>
        <source>利用者カード PDF</source>
        <comment>library.register.pdf</comment>
        <translation>図書館(としょかん)の カード PDF</translation>
    </message>
    <message>
        <source>はい</source>
        <comment>library.register.yes</comment>
        <translation>はい</translation>
    </message>
    <message>
        <source>いいえ</source>
        <comment>library.register.no</comment>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>在住</source>
        <comment>library.register.basis_resident</comment>
        <translation>住(す)んで いる</translation>
    </message>
    <message>
        <source>近隣自治体に在住</source>
        <comment>library.register.basis_neighbour</comment>
        <translation>近(ちか)くの 町(まち)に 住(す)んで いる</translation>
    </message>
    <message>
        <source>在勤</source>
        <comment>library.register.basis_work</comment>
        <translation>はたらいて いる</translation>
    </message>
    <message>
        <source>在学</source>
        <comment>library.register.basis_study</comment>
        <translation>学校(がっこう)に かよって いる</translation>
    </message>
    <message>
        <source>こども用カード</source>
        <comment>library.register.card_child</comment>
        <translation>こどもの カード</translation>
    </message>
    <message>
        <source>一般カード</source>
        <comment>library.register.card_adult</comment>
        <translation>おとなの カード</translation>
    </message>
    <message>
        <source>変更</source>
        <comment>library.register.changed</comment>
        <translation>かわった こと</translation>
    </message>
    <message>
        <source>変更なし</source>
        <comment>library.register.no_change</comment>
        <translation>かわった ことは ありません</translation>
    </message>
    <message>
        <source>登録条件</source>
        <comment>library.register.eligible</comment>
        <translation>つかえる 条件(じょうけん)</translation>
    </message>
    <message>
        <source>いいえ：登録条件を満たしません（貸出停止）</source>
        <comment>library.register.not_eligible</comment>
        <translation>いいえ：条件(じょうけん)に あいません（本(ほん)は かりられません）</translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>library.register.field_name</comment>
        <translation>名前(なまえ)</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>library.register.field_address</comment>
        <translation>住所(じゅうしょ)</translation>
    </message>
    <message>
        <source>カード種別</source>
        <comment>library.register.field_card_type</comment>
        <translation>カードの しゅるい</translation>
    </message>
</context>
</TS>
