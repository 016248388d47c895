<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>kazasu</name>
    <message>
        <source>かざす — 窓口端末</source>
        <comment>app.title</comment>
        <translation>kazasu — counter terminal</translation>
    </message>
    <message>
        <source>ご用件を選んでください</source>
        <comment>start.title</comment>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <source>窓口（証明書・届出）</source>
        <comment>desk.counter</comment>
        <translation>Counter (certificates, filings)</translation>
    </message>
    <message>
        <source>避難所受付</source>
        <comment>desk.shelter</comment>
        <translation>Shelter reception</translation>
    </message>
    <message>
        <source>図書館</source>
        <comment>desk.library</comment>
        <translation>Library</translation>
    </message>
    <message>
        <source>1 かざす</source>
        <comment>step.1</comment>
        <translation>Tap</translation>
    </message>
    <message>
        <source>2 暗証番号</source>
        <comment>step.2</comment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>3 確認</source>
        <comment>step.3</comment>
        <translation>Check</translation>
    </message>
    <message>
        <source>4 印刷</source>
        <comment>step.4</comment>
        <translation>Print</translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>nav.back</comment>
        <translation>Back</translation>
    </message>
    <message>
        <source>最初から</source>
        <comment>nav.restart</comment>
        <translation>Start over</translation>
    </message>
    <message>
        <source>マイナンバーカードを読み取り機に置いてください</source>
        <comment>tap.title</comment>
        <translation>Please place your My Number card on the reader</translation>
    </message>
    <message>
        <source>読み取り機は画面の下にあります。カードは置いたままにしてください。</source>
        <comment>tap.hint</comment>
        <translation>The reader is below the screen. Leave the card on it.</translation>
    </message>
    <message>
        <source>カードをかざす（デモ）</source>
        <comment>tap.demo</comment>
        <translation>Tap the demo card</translation>
    </message>
    <message>
        <source>このカードで続ける</source>
        <comment>tap.continue</comment>
        <translation>Continue with this card</translation>
    </message>
    <message>
        <source>カードがあります</source>
        <comment>tap.present</comment>
        <translation>A card is on the reader</translation>
    </message>
    <message>
        <source>カードを確認しています…</source>
        <comment>tap.checking</comment>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <source>カードがない・暗証番号がわからない（係員が入力）</source>
        <comment>tap.no_pin</comment>
        <translation>No card or no PIN (staff will type it in)</translation>
    </message>
    <message>
        <source>暗証番号（数字4桁）を入力してください</source>
        <comment>pin.title</comment>
        <translation>Please enter your 4-digit PIN</translation>
    </message>
    <message>
        <source>残り {n} 回まで入力できます。</source>
        <comment>pin.tries</comment>
        <translation>You have {n} tries left.</translation>
    </message>
    <message>
        <source>残りの回数を確認できませんでした。</source>
        <comment>pin.tries_unknown</comment>
        <translation>The tries left could not be checked.</translation>
    </message>
    <message>
        <source>決定</source>
        <comment>pin.ok</comment>
        <translation>OK</translation>
    </message>
    <message>
        <source>やり直し</source>
        <comment>pin.clear</comment>
        <translation>Clear</translation>
    </message>
    <message>
        <source>1字消す</source>
        <comment>pin.delete</comment>
        <translation>Delete</translation>
    </message>
    <message>
        <source>暗証番号がわからない</source>
        <comment>pin.forgot</comment>
        <translation>I don't know my PIN</translation>
    </message>
    <message>
        <source>読み取っています。カードを動かさないでください…</source>
        <comment>pin.reading</comment>
        <translation>Reading. Please do not move the card…</translation>
    </message>
    <message>
        <source>暗証番号が違います。残り {n} 回です。もう一度ゆっくり入力してください。</source>
        <comment>pin.wrong</comment>
        <translation>Wrong PIN. {n} tries left. Please enter it again slowly.</translation>
    </message>
    <message>
        <source>残り1回です。次に間違えると暗証番号がロックされ、市区町村の窓口で再設定が必要になります。</source>
        <comment>pin.last_try</comment>
        <translation>One try left. If it is wrong again, the PIN locks and must be reset at the municipal office.</translation>
    </message>
    <message>
        <source>わかりました。入力します（係員確認）</source>
        <comment>pin.last_try_confirm</comment>
        <translation>I understand, enter it (staff confirmed)</translation>
    </message>
    <message>
        <source>暗証番号がロックされています</source>
        <comment>blocked.title</comment>
        <translation>The PIN is locked</translation>
    </message>
    <message>
        <source>市区町村の窓口で暗証番号を再設定できます。今日の手続きは係員が入力して進められます。</source>
        <comment>blocked.body</comment>
        <translation>The municipal office can reset it. Staff can type in today's form for you.</translation>
    </message>
    <message>
        <source>読み取れませんでした</source>
        <comment>error.title</comment>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <source>もう一度</source>
        <comment>error.retry</comment>
        <translation>Try again</translation>
    </message>
    <message>
        <source>係員が入力します（カードなし）</source>
        <comment>manual.title</comment>
        <translation>Staff entry (without the card)</translation>
    </message>
    <message>
        <source>本人確認書類を見ながら入力してください。</source>
        <comment>manual.hint</comment>
        <translation>Type from the identity document.</translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>manual.name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>manual.address</comment>
        <translation>Address</translation>
    </message>
    <message>
        <source>生年月日（西暦 例 1980-04-02）</source>
        <comment>manual.birth</comment>
        <translation>Birth date (e.g. 1980-04-02)</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>manual.sex</comment>
        <translation>Sex</translation>
    </message>
    <message>
        <source>次へ</source>
        <comment>manual.next</comment>
        <translation>Next</translation>
    </message>
    <message>
        <source>生年月日を 1980-04-02 の形で入力してください。</source>
        <comment>manual.invalid_date</comment>
        <translation>Enter the birth date as 1980-04-02.</translation>
    </message>
    <message>
        <source>男</source>
        <comment>sex.1</comment>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <comment>sex.2</comment>
        <translation>Female</translation>
    </message>
    <message>
        <source>適用不能</source>
        <comment>sex.9</comment>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>カードから読み取った内容です。請求の内容を選んでください</source>
        <comment>preview.title</comment>
        <translation>Read from your card. Please choose what you need</translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>preview.name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>preview.address</comment>
        <translation>Address</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>preview.birth</comment>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>preview.sex</comment>
        <translation>Sex</translation>
    </message>
    <message>
        <source>確認へ進む</source>
        <comment>preview.next</comment>
        <translation>Go to check</translation>
    </message>
    <message>
        <source>まだ選んでいない項目があります。</source>
        <comment>preview.missing</comment>
        <translation>Some items are still to be chosen.</translation>
    </message>
    <message>
        <source>この内容で請求します。よろしいですか</source>
        <comment>confirm.title</comment>
        <translation>Please check. Submit this request?</translation>
    </message>
    <message>
        <source>この内容で請求する</source>
        <comment>confirm.submit</comment>
        <translation>Submit</translation>
    </message>
    <message>
        <source>受け付けています…</source>
        <comment>confirm.busy</comment>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>受け付けました</source>
        <comment>done.title</comment>
        <translation>Your request has been received</translation>
    </message>
    <message>
        <source>請求書を印刷しました。係員からお受け取りください。</source>
        <comment>done.printed</comment>
        <translation>The request form has been printed. Please collect it from the staff.</translation>
    </message>
    <message>
        <source>記録は保存され、役所へ送る順番を待っています（送信待ち {n} 件）。</source>
        <comment>done.queued</comment>
        <translation>The record is saved and waiting to be sent to the office ({n} pending).</translation>
    </message>
    <message>
        <source>カードをお取りください。</source>
        <comment>done.card</comment>
        <translation>Please take your card.</translation>
    </message>
    <message>
        <source>次の方へ</source>
        <comment>done.next</comment>
        <translation>Next person</translation>
    </message>
    <message>
        <source>まだお使いですか？</source>
        <comment>idle.title</comment>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>操作がないため、あと {n} 秒で最初の画面に戻ります。入力した内容は消えます。</source>
        <comment>idle.warning</comment>
        <translation>No activity: in {n} s this returns to the start and clears what you entered.</translation>
    </message>
    <message>
        <source>続ける</source>
        <comment>idle.continue</comment>
        <translation>Continue</translation>
    </message>
    <message>
        <source>今日の手続きを選んでください（いくつでも）</source>
        <comment>procedures.title</comment>
        <translation>Please choose today's procedures (as many as you need)</translation>
    </message>
    <message>
        <source>カードを一度読み取るだけで、選んだ書類すべてに記入します。</source>
        <comment>procedures.hint</comment>
        <translation>One read of the card fills every form you choose.</translation>
    </message>
    <message>
        <source>次へ（カードを読み取る）</source>
        <comment>procedures.next</comment>
        <translation>Next (read the card)</translation>
    </message>
    <message>
        <source>手続きを一つ以上選んでください。</source>
        <comment>procedures.none</comment>
        <translation>Please choose at least one procedure.</translation>
    </message>
    <message>
        <source>個人番号も読み取ります</source>
        <comment>procedures.my_number</comment>
        <translation>reads My Number</translation>
    </message>
    <message>
        <source>係員用：利用状況</source>
        <comment>procedures.staff</comment>
        <translation>Staff: usage figures</translation>
    </message>
    <message>
        <source>カードがない（係員が入力）</source>
        <comment>tap.no_card</comment>
        <translation>No card (staff will type it in)</translation>
    </message>
    <message>
        <source>照合番号Bで読み取ります（係員が入力）</source>
        <comment>codeb.title</comment>
        <translation>Reading with check code B (staff types it)</translation>
    </message>
    <message>
        <source>カードの表面を見て入力してください。生年月日は印字どおり（和暦の年）です。</source>
        <comment>codeb.hint</comment>
        <translation>Type it from the card face; the birth date as printed (era year).</translation>
    </message>
    <message>
        <source>このカードには暗証番号がありません（顔認証カード）。</source>
        <comment>codeb.no_pin_card</comment>
        <translation>This card has no PIN (face-authentication card).</translation>
    </message>
    <message>
        <source>生年月日（YYMMDD）</source>
        <comment>codeb.birth</comment>
        <translation>Birth date (YYMMDD)</translation>
    </message>
    <message>
        <source>有効期限の年</source>
        <comment>codeb.expiry</comment>
        <translation>Expiry year (YYYY)</translation>
    </message>
    <message>
        <source>セキュリティコード</source>
        <comment>codeb.security</comment>
        <translation>Security code</translation>
    </message>
    <message>
        <source>照合番号Bは残り {n} 回まで入力できます。</source>
        <comment>codeb.tries</comment>
        <translation>Check code B: {n} tries left.</translation>
    </message>
    <message>
        <source>残りの回数を確認できませんでした。</source>
        <comment>codeb.tries_unknown</comment>
        <translation>The tries left could not be checked.</translation>
    </message>
    <message>
        <source>照合番号Bが違います。残り {n} 回です。カードの表面をもう一度確認してください。</source>
        <comment>codeb.wrong</comment>
        <translation>Wrong check code B. {n} tries left. Please check the card face again.</translation>
    </message>
    <message>
        <source>照合番号Bがロックされています。係員が入力して進められます。</source>
        <comment>codeb.blocked</comment>
        <translation>Check code B is locked. Staff can type in today's forms.</translation>
    </message>
    <message>
        <source>入力した番号の形が正しくありません（月・日を確認してください）。</source>
        <comment>codeb.invalid</comment>
        <translation>The numbers are not in the right form (check the month and day).</translation>
    </message>
    <message>
        <source>読み取る</source>
        <comment>codeb.ok</comment>
        <translation>Read the card</translation>
    </message>
    <message>
        <source>カードを使わずに係員が入力</source>
        <comment>codeb.manual</comment>
        <translation>Staff types it without the card</translation>
    </message>
    <message>
        <source>利用状況（係員用）</source>
        <comment>metrics.title</comment>
        <translation>Usage figures (staff)</translation>
    </message>
    <message>
        <source>書類ごとの中央値です。個人の情報は記録していません。</source>
        <comment>metrics.hint</comment>
        <translation>Medians per form. No personal data is kept.</translation>
    </message>
    <message>
        <source>まだ記録がありません。</source>
        <comment>metrics.empty</comment>
        <translation>Nothing recorded yet.</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>metrics.close</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>個人番号は下4桁だけを表示しています。</source>
        <comment>confirm.my_number</comment>
        <translation>Only the last 4 digits of the My Number are shown.</translation>
    </message>
    <message>
        <source>ことば・Language</source>
        <comment>language.button</comment>
        <translation>Language</translation>
    </message>
    <message>
        <source>表示することばを選んでください</source>
        <comment>language.title</comment>
        <translation>Please choose a language</translation>
    </message>
    <message>
        <source>日本語</source>
        <comment>language.name</comment>
        <translation>English</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>language.close</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>かな</source>
        <comment>keyboard.kana</comment>
        <translation>Kana</translation>
    </message>
    <message>
        <source>カナ</source>
        <comment>keyboard.katakana</comment>
        <translation>Katakana</translation>
    </message>
    <message>
        <source>1字消す</source>
        <comment>keyboard.delete</comment>
        <translation>Delete</translation>
    </message>
    <message>
        <source>空白</source>
        <comment>keyboard.space</comment>
        <translation>Space</translation>
    </message>
    <message>
        <source>小さい字</source>
        <comment>keyboard.small</comment>
        <translation>Small kana</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>keyboard.close</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>暗証番号が違います。</source>
        <comment>pin.wrong_unknown</comment>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>暗証番号がロックされています。市区町村の窓口で暗証番号を再設定できます。今日の手続きは係員が入力して進められます。</source>
        <comment>error.pin_blocked</comment>
        <translation>The PIN is locked. The municipal office can reset it. Staff can type in today's form for you.</translation>
    </message>
    <message>
        <source>思わぬエラーが起きました。係員にお知らせください。</source>
        <comment>error.unexpected</comment>
        <translation>Something unexpected went wrong. Please tell the staff.</translation>
    </message>
    <message>
        <source>カードが読み取り機にありません。カードを置いてください。</source>
        <comment>no_card</comment>
        <translation>There is no card on the reader. Please place the card.</translation>
    </message>
    <message>
        <source>読み取り中にカードが離れました。カードを置き直してください。</source>
        <comment>card_removed</comment>
        <translation>The card was moved away while reading. Please place it again.</translation>
    </message>
    <message>
        <source>読み取り機が見つかりません。係員にお知らせください。</source>
        <comment>no_reader</comment>
        <translation>No card reader was found. Please tell the staff.</translation>
    </message>
    <message>
        <source>読み取り機のサービスが動いていません。係員にお知らせください。</source>
        <comment>pcsc_unavailable</comment>
        <translation>The card reader service is not running. Please tell the staff.</translation>
    </message>
    <message>
        <source>マイナンバーカードではないようです。カードを確認してください。</source>
        <comment>not_my_number_card</comment>
        <translation>This does not seem to be a My Number card. Please check the card.</translation>
    </message>
    <message>
        <source>読取機 {name}</source>
        <comment>status.reader_ok</comment>
        <translation>Reader {name}</translation>
    </message>
    <message>
        <source>読取機なし</source>
        <comment>status.reader_none</comment>
        <translation>No reader</translation>
    </message>
    <message>
        <source>● カードあり</source>
        <comment>status.card_yes</comment>
        <translation>card on the reader</translation>
    </message>
    <message>
        <source>○ カードなし</source>
        <comment>status.card_no</comment>
        <translation>no card</translation>
    </message>
    <message>
        <source>オンライン</source>
        <comment>status.online</comment>
        <translation>online</translation>
    </message>
    <message>
        <source>オフライン</source>
        <comment>status.offline</comment>
        <translation>offline</translation>
    </message>
    <message>
        <source>接続確認中</source>
        <comment>status.unknown</comment>
        <translation>checking</translation>
    </message>
    <message>
        <source>未送信 {n} 件</source>
        <comment>status.pending</comment>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>最終送信 {time}</source>
        <comment>status.last_sync</comment>
        <translation>last sync {time}</translation>
    </message>
    <message>
        <source>送信記録なし</source>
        <comment>status.never</comment>
        <translation>not synced yet</translation>
    </message>
    <message>
        <source>係員 {staff}</source>
        <comment>status.staff</comment>
        <translation>staff {staff}</translation>
    </message>
    <message>
        <source>未サインイン</source>
        <comment>status.nobody</comment>
        <translation>nobody signed in</translation>
    </message>
</context>
</TS>
