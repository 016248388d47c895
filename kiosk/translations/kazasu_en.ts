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
        <source>係員が確認しました</source>
        <comment>identity.seen_note</comment>
        <translation>Seen by staff</translation>
    </message>
    <message>
        <source>確認</source>
        <comment>identity.checked</comment>
        <translation>Checked</translation>
    </message>
    <message>
        <source>2 係員入力</source>
        <comment>step.2_manual</comment>
        <translation>By staff</translation>
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
        <source>市区町村の窓口で暗証番号を再設定できます。今日の手続きは、カードの照合番号Bで読み取るか、係員が入力して進められます。</source>
        <comment>blocked.body</comment>
        <translation>The municipal office can reset it. For today, the card can be read with its check code B, or staff can type in the form for you.</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>manual.birth</comment>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>例：昭和55年4月2日・1980/4/2</source>
        <comment>manual.birth_example</comment>
        <translation>e.g. S55.4.2 or 1980/4/2</translation>
    </message>
    <message>
        <source>まだ入力していない項目があります：{items}</source>
        <comment>manual.missing</comment>
        <translation>Still to fill in: {items_en}</translation>
    </message>
    <message>
        <source>本人確認書類</source>
        <comment>manual.document</comment>
        <translation>Identity document</translation>
    </message>
    <message>
        <source>書類を見ながら入力し、確認したら下のボタンを押してください。書類の番号は記録しません。</source>
        <comment>manual.document_hint</comment>
        <translation>Type from the document and press the button below once you have seen it. Its number is not recorded.</translation>
    </message>
    <message>
        <source>運転免許証</source>
        <comment>identity.drivers_license</comment>
        <translation>Driver's licence</translation>
    </message>
    <message>
        <source>パスポート</source>
        <comment>identity.passport</comment>
        <translation>Passport</translation>
    </message>
    <message>
        <source>在留カード</source>
        <comment>identity.residence_card</comment>
        <translation>Residence card</translation>
    </message>
    <message>
        <source>健康保険証</source>
        <comment>identity.health_insurance</comment>
        <translation>Health insurance card</translation>
    </message>
    <message>
        <source>その他</source>
        <comment>identity.other</comment>
        <translation>Other</translation>
    </message>
    <message>
        <source>書類の名前（その他のとき）</source>
        <comment>identity.other_name</comment>
        <translation>Name of the document (if other)</translation>
    </message>
    <message>
        <source>書類を確認しました（係員）</source>
        <comment>identity.seen</comment>
        <translation>I have seen the document (staff)</translation>
    </message>
    <message>
        <source>本人確認</source>
        <comment>confirm.identity</comment>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>事前登録のコードから入力</source>
        <comment>manual.from_code</comment>
        <translation>Fill in from a pre-registration code</translation>
    </message>
    <message>
        <source>コードを読み取り機にかざしてください</source>
        <comment>manual.code_scan</comment>
        <translation>Hold the code to the reader</translation>
    </message>
    <message>
        <source>コード {n} を読み取りました。残りもかざしてください</source>
        <comment>manual.code_parts</comment>
        <translation>Code {n} read: scan the others too</translation>
    </message>
    <message>
        <source>コードを使わない</source>
        <comment>manual.code_cancel</comment>
        <translation>Do not use a code</translation>
    </message>
    <message>
        <source>コードの内容を入れました。本人確認書類と見比べてから「次へ」</source>
        <comment>manual.code_filled</comment>
        <translation>Filled in from the code: check it against the identity document, then Next</translation>
    </message>
    <message>
        <source>係員が入力した内容です。請求の内容を選んでください</source>
        <comment>preview.title_manual</comment>
        <translation>Typed in by staff. Please choose what you need</translation>
    </message>
    <message>
        <source>例：やまだ たろう</source>
        <comment>asked.example_kana</comment>
        <translation>e.g. yamada taro</translation>
    </message>
    <message>
        <source>例：令和7年4月1日・2025/4/1</source>
        <comment>asked.example_date</comment>
        <translation>e.g. 2025/4/1</translation>
    </message>
    <message>
        <source>まだ選んでいない項目があります：{items}</source>
        <comment>preview.missing</comment>
        <translation>Still to choose: {items_en}</translation>
    </message>
    <message>
        <source>まだ選んでいない項目があります：{items} ほか{more}件</source>
        <comment>preview.missing_more</comment>
        <translation>Still to choose: {items_en} and {more} more</translation>
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
        <source>カメラで読む</source>
        <comment>codeb.camera</comment>
        <translation>Read with the camera</translation>
    </message>
    <message>
        <source>カードの表面を、黄色の枠に合わせてカメラに向けてください</source>
        <comment>codeb.camera_title</comment>
        <translation>Hold the front of the card to the camera, inside the yellow frame</translation>
    </message>
    <message>
        <source>数字が読めたら入力画面に戻ります。写真は残しません。</source>
        <comment>codeb.camera_hint</comment>
        <translation>Once the numbers are read you go back to the number screen. No picture is kept.</translation>
    </message>
    <message>
        <source>カメラの映像</source>
        <comment>codeb.camera_view</comment>
        <translation>Camera view</translation>
    </message>
    <message>
        <source>読み取っています。カードを動かさないでください…</source>
        <comment>codeb.camera_looking</comment>
        <translation>Reading. Please hold the card still…</translation>
    </message>
    <message>
        <source>数字を入力する</source>
        <comment>codeb.camera_typed</comment>
        <translation>Type the numbers instead</translation>
    </message>
    <message>
        <source>カメラで読みました（{printed}生）。カードと見比べてください。</source>
        <comment>codeb.camera_read</comment>
        <translation>Read by the camera (born {date}). Compare with the card.</translation>
    </message>
    <message>
        <source>カメラで読みました（{printed}生）。点線の欄をよく確かめてください。</source>
        <comment>codeb.camera_read_unsure</comment>
        <translation>Read by the camera (born {date}). Check the dashed fields.</translation>
    </message>
    <message>
        <source>（要確認）</source>
        <comment>codeb.camera_check</comment>
        <translation> (please check)</translation>
    </message>
    <message>
        <source>カメラでは読み取れませんでした。カードの表面を見て数字を入力してください。</source>
        <comment>codeb.camera_failed</comment>
        <translation>The camera could not read the card. Please type the numbers from the card face.</translation>
    </message>
    <message>
        <source>カメラが見つかりません。カードの表面を見て数字を入力してください。</source>
        <comment>codeb.camera_none</comment>
        <translation>No camera was found. Please type the numbers from the card face.</translation>
    </message>
    <message>
        <source>カメラで読む</source>
        <comment>qr.camera</comment>
        <translation>Read with the camera</translation>
    </message>
    <message>
        <source>カメラを止める</source>
        <comment>qr.camera_stop</comment>
        <translation>Stop the camera</translation>
    </message>
    <message>
        <source>スマートフォンのコードを、黄色の枠に合わせてカメラに向けてください。写真は残しません。</source>
        <comment>qr.camera_hint</comment>
        <translation>Hold the code on the phone to the camera, inside the yellow frame. No picture is kept.</translation>
    </message>
    <message>
        <source>カメラが見つかりません。コードは読み取り機にかざしてください。</source>
        <comment>qr.camera_none</comment>
        <translation>No camera was found. Please hold the code to the code reader.</translation>
    </message>
    <message>
        <source>カメラが止まりました。読み取り機を使うか、もう一度「カメラで読む」を押してください。</source>
        <comment>qr.camera_failed</comment>
        <translation>The camera stopped. Use the code reader, or press 「Read with the camera」 again.</translation>
    </message>
    <message>
        <source>音声案内を始めます。</source>
        <comment>voice.on</comment>
        <translation>Spoken guidance is on.</translation>
    </message>
    <message>
        <source>エンターキーで、{action}。</source>
        <comment>voice.go_on</comment>
        <translation>Enter: {action}.</translation>
    </message>
    <message>
        <source>マイナスキーで、{action}。</source>
        <comment>voice.back</comment>
        <translation>Minus: {action}.</translation>
    </message>
    <message>
        <source>{n}番、{action}。</source>
        <comment>voice.choice</comment>
        <translation>{n}: {action}.</translation>
    </message>
    <message>
        <source>プラスキーで、もう一度聞けます。アスタリスクキーで、説明を聞けます。スラッシュキーと番号で、ボタンを選べます。</source>
        <comment>voice.keys</comment>
        <translation>Plus: hear it again. Star: help. Slash and a number: choose a button.</translation>
    </message>
    <message>
        <source>まだ先へ進めません。</source>
        <comment>voice.no_go_on</comment>
        <translation>You cannot go on yet.</translation>
    </message>
    <message>
        <source>この画面からは戻れません。</source>
        <comment>voice.no_back</comment>
        <translation>There is no way back from here.</translation>
    </message>
    <message>
        <source>{n}番はありません。</source>
        <comment>voice.no_choice</comment>
        <translation>There is no choice {n}.</translation>
    </message>
    <message>
        <source>{n}桁入力しました。</source>
        <comment>voice.digits</comment>
        <translation>{n} digits entered.</translation>
    </message>
    <message>
        <source>{field}、{n}桁です。</source>
        <comment>voice.field_digits</comment>
        <translation>{field}: {n} digits.</translation>
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
        <source>暗証番号がロックされています。市区町村の窓口で暗証番号を再設定できます。今日は、カードの表面の照合番号Bで読み取るか、係員が入力して進められます。</source>
        <comment>error.pin_blocked</comment>
        <translation>The PIN is locked. The municipal office can reset it. For today, the card can be read with check code B from its face, or staff can type it in.</translation>
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
    <message>
        <source>避難所受付</source>
        <comment>shelter.title</comment>
        <translation>Shelter reception</translation>
    </message>
    <message>
        <source>氏名（必須）</source>
        <comment>shelter.name</comment>
        <translation>Name (required)</translation>
    </message>
    <message>
        <source>ふりがな</source>
        <comment>shelter.kana</comment>
        <translation>Kana</translation>
    </message>
    <message>
        <source>生年月日</source>
        <comment>shelter.birth</comment>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>世帯の記号</source>
        <comment>shelter.household</comment>
        <translation>Household</translation>
    </message>
    <message>
        <source>配慮が必要なこと（押すと選択）</source>
        <comment>shelter.needs</comment>
        <translation>Needs (tap to choose)</translation>
    </message>
    <message>
        <source>非開示（DV等）</source>
        <comment>shelter.protect</comment>
        <translation>Do not disclose</translation>
    </message>
    <message>
        <source>登録して入所</source>
        <comment>shelter.checkin</comment>
        <translation>Check in</translation>
    </message>
    <message>
        <source>カードで受付</source>
        <comment>shelter.card</comment>
        <translation>Check in by card</translation>
    </message>
    <message>
        <source>名前・ふりがなでさがす</source>
        <comment>shelter.search</comment>
        <translation>Search by name or kana</translation>
    </message>
    <message>
        <source>いま避難所にいる人</source>
        <comment>shelter.here</comment>
        <translation>Who is here now</translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>shelter.exit</comment>
        <translation>Back</translation>
    </message>
    <message>
        <source>受付しました</source>
        <comment>shelter.done</comment>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>このカードはまだ誰にも登録されていません。手入力で登録してください。</source>
        <comment>shelter.card_unknown</comment>
        <translation>This card is not linked to anyone yet: check the person in by hand.</translation>
    </message>
    <message>
        <source>【非開示】</source>
        <comment>shelter.protected_mark</comment>
        <translation>[protected]</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>shelter.address</comment>
        <translation>Address</translation>
    </message>
    <message>
        <source>性別</source>
        <comment>shelter.sex</comment>
        <translation>Sex</translation>
    </message>
    <message>
        <source>男</source>
        <comment>shelter.sex_1</comment>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <comment>shelter.sex_2</comment>
        <translation>female</translation>
    </message>
    <message>
        <source>答えない</source>
        <comment>shelter.sex_9</comment>
        <translation>not stated</translation>
    </message>
    <message>
        <source>生年月日か年齢</source>
        <comment>shelter.birth_or_band</comment>
        <translation>Born or age</translation>
    </message>
    <message>
        <source>どの食物（例 卵・小麦）</source>
        <comment>shelter.detail_allergy</comment>
        <translation>Which foods (e.g. egg, wheat)</translation>
    </message>
    <message>
        <source>どの薬・医療</source>
        <comment>shelter.detail_medication</comment>
        <translation>Which medicine or care</translation>
    </message>
    <message>
        <source>どの言語</source>
        <comment>shelter.detail_language</comment>
        <translation>Which language</translation>
    </message>
    <message>
        <source>どの動物</source>
        <comment>shelter.detail_pet</comment>
        <translation>Which animal</translation>
    </message>
    <message>
        <source>いる場所</source>
        <comment>shelter.where</comment>
        <translation>Where they stay</translation>
    </message>
    <message>
        <source>避難所内</source>
        <comment>shelter.where_shelter</comment>
        <translation>in the shelter</translation>
    </message>
    <message>
        <source>在宅</source>
        <comment>shelter.where_home</comment>
        <translation>at home</translation>
    </message>
    <message>
        <source>車中泊</source>
        <comment>shelter.where_car</comment>
        <translation>in a car</translation>
    </message>
    <message>
        <source>その他</source>
        <comment>shelter.where_other</comment>
        <translation>other</translation>
    </message>
    <message>
        <source>所外の場所（例 ○○町の自宅）</source>
        <comment>shelter.place</comment>
        <translation>Where outside (e.g. home in ○○)</translation>
    </message>
    <message>
        <source>先に人数だけ数えた人</source>
        <comment>shelter.from_headcount</comment>
        <translation>Counted earlier (headcount)</translation>
    </message>
    <message>
        <source>受付</source>
        <comment>shelter.tab_reception</comment>
        <translation>Reception</translation>
    </message>
    <message>
        <source>人数だけ数える</source>
        <comment>shelter.tab_headcount</comment>
        <translation>Headcount</translation>
    </message>
    <message>
        <source>安否確認</source>
        <comment>shelter.tab_inquiry</comment>
        <translation>Family inquiry</translation>
    </message>
    <message>
        <source>物資の集計</source>
        <comment>shelter.tab_needs</comment>
        <translation>Supplies</translation>
    </message>
    <message>
        <source>訓練モード</source>
        <comment>shelter.drill</comment>
        <translation>Drill mode</translation>
    </message>
    <message>
        <source>訓練 / DRILL&#x3000;訓練用のデータです（本番の名簿には入りません）</source>
        <comment>shelter.drill_banner</comment>
        <translation>Drill data: never part of the real roster</translation>
    </message>
    <message>
        <source>外出にしました（戻ったらもう一度かざす）</source>
        <comment>shelter.tapped_out</comment>
        <translation>Marked as out (tap again when back)</translation>
    </message>
    <message>
        <source>おかえりなさい（戻りにしました）</source>
        <comment>shelter.tapped_back</comment>
        <translation>Welcome back (marked as back)</translation>
    </message>
    <message>
        <source>マイナンバーカードの暗証番号（4桁）を入れてください</source>
        <comment>shelter.needs_pin</comment>
        <translation>Enter the card's 4-digit PIN</translation>
    </message>
    <message>
        <source>…ほか {n} 人（もっと入力して絞り込み）</source>
        <comment>shelter.more</comment>
        <translation>… {n} more: type more to narrow</translation>
    </message>
    <message>
        <source>カードが読み取り機にありません。置いてからもう一度押してください。</source>
        <comment>shelter.no_card</comment>
        <translation>No card on the reader: place it, then press again.</translation>
    </message>
    <message>
        <source>カードを読んでいます…</source>
        <comment>shelter.card_busy</comment>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>このカードは未登録です。人を一覧から選び「ICカードを渡す」で結び付けます。</source>
        <comment>shelter.blank_card</comment>
        <translation>This card is not linked: pick the person in the list and hand it over.</translation>
    </message>
    <message>
        <source>退所として記録しますか？ この人は「いま避難所にいる人」から外れます。まちがえたときは「戻った」で戻せます。</source>
        <comment>shelter.confirm_checkout</comment>
        <translation>Record this check-out? The person leaves the list of who is here. If it was a mistake, press Back in to undo it.</translation>
    </message>
    <message>
        <source>はい、退所にする</source>
        <comment>shelter.confirm_yes</comment>
        <translation>Yes, check out</translation>
    </message>
    <message>
        <source>やめる（記録しない）</source>
        <comment>shelter.confirm_no</comment>
        <translation>Cancel (record nothing)</translation>
    </message>
    <message>
        <source>この人はもう受付済みで、いま避難所にいます。外出・退所するときは、この画面のボタンから選んでください。</source>
        <comment>shelter.already_in</comment>
        <translation>Already checked in and here now. To go out or check out, choose it on this page.</translation>
    </message>
    <message>
        <source>デモカードで受付</source>
        <comment>shelter.demo_card</comment>
        <translation>Demo card check-in</translation>
    </message>
    <message>
        <source>この人の手続き</source>
        <comment>shelter.person_title</comment>
        <translation>This person</translation>
    </message>
    <message>
        <source>一時外出</source>
        <comment>shelter.out</comment>
        <translation>Temporarily out</translation>
    </message>
    <message>
        <source>戻った</source>
        <comment>shelter.back</comment>
        <translation>Back in</translation>
    </message>
    <message>
        <source>退所：帰宅</source>
        <comment>shelter.checkout_home</comment>
        <translation>Check out: home</translation>
    </message>
    <message>
        <source>退所：他の避難所へ</source>
        <comment>shelter.checkout_shelter</comment>
        <translation>Check out: another shelter</translation>
    </message>
    <message>
        <source>退所：入院</source>
        <comment>shelter.checkout_hospital</comment>
        <translation>Check out: hospital</translation>
    </message>
    <message>
        <source>移動先の避難所名</source>
        <comment>shelter.other_shelter</comment>
        <translation>Name of the other shelter</translation>
    </message>
    <message>
        <source>所外へ：在宅</source>
        <comment>shelter.stay_home</comment>
        <translation>Outside: at home</translation>
    </message>
    <message>
        <source>所外へ：車中泊</source>
        <comment>shelter.stay_car</comment>
        <translation>Outside: in a car</translation>
    </message>
    <message>
        <source>ICカードを渡す（かざして結び付け）</source>
        <comment>shelter.link_card</comment>
        <translation>Hand over an IC card (tap to link)</translation>
    </message>
    <message>
        <source>この世帯に家族を追加</source>
        <comment>shelter.add_member</comment>
        <translation>Add a family member</translation>
    </message>
    <message>
        <source>ICカードを結び付けました</source>
        <comment>shelter.linked</comment>
        <translation>The IC card is linked</translation>
    </message>
    <message>
        <source>このカードは別の人に結び付いています。別のカードを渡してください。</source>
        <comment>shelter.card_taken</comment>
        <translation>This card is linked to someone else: hand over another card.</translation>
    </message>
    <message>
        <source>記録しました</source>
        <comment>shelter.moved</comment>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>世帯「{household}」に追加します：氏名を入れて「登録して入所」</source>
        <comment>shelter.adding_member</comment>
        <translation>Adding to household {household}: type the name, then Check in</translation>
    </message>
    <message>
        <source>人数だけ先に数える（詳細はあとで）</source>
        <comment>shelter.headcount_title</comment>
        <translation>Count heads now, register later</translation>
    </message>
    <message>
        <source>この人数を記録</source>
        <comment>shelter.headcount_record</comment>
        <translation>Record this count</translation>
    </message>
    <message>
        <source>未登録の人数：{n} 人（登録時に「先に人数だけ数えた人」を選ぶと差し引き）</source>
        <comment>shelter.headcount_open</comment>
        <translation>Counted, not registered: {n} (choose 'counted earlier' when registering)</translation>
    </message>
    <message>
        <source>{n} 人を記録しました</source>
        <comment>shelter.headcount_done</comment>
        <translation>{n} people counted</translation>
    </message>
    <message>
        <source>ご家族からの問い合わせ（非開示の人は決して表示しません）</source>
        <comment>shelter.inquiry_title</comment>
        <translation>Family inquiry (protected people are never shown)</translation>
    </message>
    <message>
        <source>さがす人の名前・ふりがな</source>
        <comment>shelter.inquiry_search</comment>
        <translation>Name or kana of the person sought</translation>
    </message>
    <message>
        <source>この避難所の名簿には見つかりません</source>
        <comment>shelter.inquiry_none</comment>
        <translation>Not found on this shelter's roster</translation>
    </message>
    <message>
        <source>物資計画用の集計（名前は含みません）</source>
        <comment>shelter.needs_title</comment>
        <translation>Needs summary for supplies (no names)</translation>
    </message>
    <message>
        <source>PDFに保存</source>
        <comment>shelter.needs_pdf</comment>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>書き出しと閉鎖は職員だけができます。職員に交代してください。</source>
        <comment>shelter.staff_only</comment>
        <translation>Only staff may export or close: ask a staff member to sign in.</translation>
    </message>
    <message>
        <source>名簿PDFを保存（職員用）</source>
        <comment>shelter.roster_pdf</comment>
        <translation>Save the roster PDF (staff)</translation>
    </message>
    <message>
        <source>避難所を閉鎖…</source>
        <comment>shelter.close</comment>
        <translation>Close the shelter…</translation>
    </message>
    <message>
        <source>個人情報を消去して閉鎖</source>
        <comment>shelter.close_confirm</comment>
        <translation>Erase personal data and close</translation>
    </message>
    <message>
        <source>閉鎖すると、この避難所の氏名・住所・生年月日などを端末とサーバーから消去します。元に戻せません。</source>
        <comment>shelter.close_warning</comment>
        <translation>Closing erases names, addresses, birth dates… of this shelter here and on the server. It cannot be undone.</translation>
    </message>
    <message>
        <source>閉鎖しました。個人情報を消去し、人数の記録（{n} 人）を残しました。</source>
        <comment>shelter.closed</comment>
        <translation>Closed: personal data erased; the counts ({n} people) are kept.</translation>
    </message>
    <message>
        <source>保存しました：{path}</source>
        <comment>shelter.saved</comment>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>在所 {present} 人 ／ 定員 {capacity}&#x3000;世帯 {households}&#x3000;外出 {out}&#x3000;所外 {outside}&#x3000;重複候補 {duplicates}</source>
        <comment>shelter.counts</comment>
        <translation>Present {present} / capacity {capacity} · households {households} · out {out} · outside {outside} · possible duplicates {duplicates}</translation>
    </message>
    <message>
        <source>高齢者</source>
        <comment>shelter.need.elderly</comment>
        <translation>elderly</translation>
    </message>
    <message>
        <source>障害</source>
        <comment>shelter.need.disability</comment>
        <translation>disability</translation>
    </message>
    <message>
        <source>妊産婦</source>
        <comment>shelter.need.pregnancy</comment>
        <translation>pregnancy</translation>
    </message>
    <message>
        <source>乳幼児</source>
        <comment>shelter.need.infant</comment>
        <translation>infant</translation>
    </message>
    <message>
        <source>食物アレルギー</source>
        <comment>shelter.need.allergy</comment>
        <translation>allergy</translation>
    </message>
    <message>
        <source>人工透析</source>
        <comment>shelter.need.dialysis</comment>
        <translation>dialysis</translation>
    </message>
    <message>
        <source>在宅酸素</source>
        <comment>shelter.need.oxygen</comment>
        <translation>oxygen</translation>
    </message>
    <message>
        <source>常用薬</source>
        <comment>shelter.need.medication</comment>
        <translation>medication</translation>
    </message>
    <message>
        <source>通訳・言語</source>
        <comment>shelter.need.language</comment>
        <translation>interpreter</translation>
    </message>
    <message>
        <source>ペット</source>
        <comment>shelter.need.pet</comment>
        <translation>pet</translation>
    </message>
    <message>
        <source>車中泊</source>
        <comment>shelter.need.car_sleeping</comment>
        <translation>in a car</translation>
    </message>
    <message>
        <source>在所</source>
        <comment>shelter.state_present</comment>
        <translation>here</translation>
    </message>
    <message>
        <source>外出中</source>
        <comment>shelter.state_out</comment>
        <translation>out for now</translation>
    </message>
    <message>
        <source>退所</source>
        <comment>shelter.state_left</comment>
        <translation>checked out</translation>
    </message>
    <message>
        <source>所外避難</source>
        <comment>shelter.state_outside</comment>
        <translation>outside the shelter</translation>
    </message>
    <message>
        <source>登録のみ</source>
        <comment>shelter.state_registered</comment>
        <translation>registered</translation>
    </message>
    <message>
        <source>帰宅</source>
        <comment>shelter.reason_home</comment>
        <translation>home</translation>
    </message>
    <message>
        <source>他の避難所へ</source>
        <comment>shelter.reason_another_shelter</comment>
        <translation>another shelter</translation>
    </message>
    <message>
        <source>入院</source>
        <comment>shelter.reason_hospital</comment>
        <translation>hospital</translation>
    </message>
    <message>
        <source>外出中</source>
        <comment>shelter.list_out</comment>
        <translation>out</translation>
    </message>
    <message>
        <source>所外</source>
        <comment>shelter.list_outside</comment>
        <translation>outside</translation>
    </message>
    <message>
        <source>世帯：{household}</source>
        <comment>shelter.household_is</comment>
        <translation>Household: {household}</translation>
    </message>
    <message>
        <source>人数</source>
        <comment>shelter.group_people</comment>
        <translation>People</translation>
    </message>
    <message>
        <source>食事</source>
        <comment>shelter.group_meals</comment>
        <translation>Meals</translation>
    </message>
    <message>
        <source>乳幼児</source>
        <comment>shelter.group_infants</comment>
        <translation>Infants</translation>
    </message>
    <message>
        <source>医療</source>
        <comment>shelter.group_medical</comment>
        <translation>Medical</translation>
    </message>
    <message>
        <source>配慮</source>
        <comment>shelter.group_care</comment>
        <translation>Care</translation>
    </message>
    <message>
        <source>避難所内（在所・外出中）</source>
        <comment>shelter.row_in_shelter</comment>
        <translation>in the shelter</translation>
    </message>
    <message>
        <source>所外（在宅・車中泊）</source>
        <comment>shelter.row_outside</comment>
        <translation>outside, collecting supplies</translation>
    </message>
    <message>
        <source>人数のみ（未登録）</source>
        <comment>shelter.row_unregistered</comment>
        <translation>counted, not yet registered</translation>
    </message>
    <message>
        <source>合計</source>
        <comment>shelter.row_total</comment>
        <translation>total</translation>
    </message>
    <message>
        <source>食事 合計</source>
        <comment>shelter.row_meals</comment>
        <translation>meals in all</translation>
    </message>
    <message>
        <source>通常食</source>
        <comment>shelter.row_regular</comment>
        <translation>regular meals</translation>
    </message>
    <message>
        <source>アレルギー対応食</source>
        <comment>shelter.row_allergy_free</comment>
        <translation>allergy-free meals</translation>
    </message>
    <message>
        <source>うち {name} 除去</source>
        <comment>shelter.row_free_of</comment>
        <translation>free of {name}</translation>
    </message>
    <message>
        <source>粉ミルク</source>
        <comment>shelter.row_formula</comment>
        <translation>formula</translation>
    </message>
    <message>
        <source>おむつ</source>
        <comment>shelter.row_diapers</comment>
        <translation>diapers</translation>
    </message>
    <message>
        <source>うち {name}</source>
        <comment>shelter.row_of_which</comment>
        <translation>of which {name}</translation>
    </message>
    <message>
        <source>ペット</source>
        <comment>shelter.row_pets</comment>
        <translation>pets</translation>
    </message>
    <message>
        <source>コードで受付</source>
        <comment>shelter.qr</comment>
        <translation>Check in with a code</translation>
    </message>
    <message>
        <source>事前登録のコードを読み取り機にかざしてください</source>
        <comment>shelter.qr_scan</comment>
        <translation>Hold the pre-registration code to the reader</translation>
    </message>
    <message>
        <source>{count}枚のうち{have}枚を読み取りました。残りのコードもかざしてください</source>
        <comment>shelter.qr_parts</comment>
        <translation>{have} of {count} codes read: scan the others too</translation>
    </message>
    <message>
        <source>やめて受付に戻る</source>
        <comment>shelter.qr_cancel</comment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>この{n}人を受付します。ご本人と内容を確かめてください</source>
        <comment>shelter.qr_confirm</comment>
        <translation>These {n} people will be checked in: check the details with them</translation>
    </message>
    <message>
        <source>この内容で{n}人を受付</source>
        <comment>shelter.qr_checkin</comment>
        <translation>Check these {n} in</translation>
    </message>
    <message>
        <source>{n}人を受付しました</source>
        <comment>shelter.qr_done</comment>
        <translation>{n} people checked in</translation>
    </message>
    <message>
        <source>このコードの{n}人は登録済みです。入所として記録しました</source>
        <comment>shelter.qr_again</comment>
        <translation>The {n} people of this code were registered before: recorded as checked in</translation>
    </message>
    <message>
        <source>図書館 貸出・返却</source>
        <comment>library.title</comment>
        <translation>Library checkout</translation>
    </message>
    <message>
        <source>利用者カードをかざすか、バーコードを読んでください</source>
        <comment>library.scan_patron</comment>
        <translation>Tap or scan the library card</translation>
    </message>
    <message>
        <source>資料のバーコードを読んでください（貸出）</source>
        <comment>library.scan_items</comment>
        <translation>Scan items to check out</translation>
    </message>
    <message>
        <source>返却する資料のバーコードを読んでください</source>
        <comment>library.scan_returns</comment>
        <translation>Scan items to check in</translation>
    </message>
    <message>
        <source>カードをかざす</source>
        <comment>library.tap</comment>
        <translation>Tap card</translation>
    </message>
    <message>
        <source>次の方</source>
        <comment>library.next</comment>
        <translation>Next patron</translation>
    </message>
    <message>
        <source>終了</source>
        <comment>library.exit</comment>
        <translation>Exit</translation>
    </message>
    <message>
        <source>利用登録</source>
        <comment>library.register</comment>
        <translation>Register</translation>
    </message>
    <message>
        <source>住所変更</source>
        <comment>library.update</comment>
        <translation>Address change</translation>
    </message>
    <message>
        <source>カード再発行</source>
        <comment>library.reissue</comment>
        <translation>Reissue card</translation>
    </message>
    <message>
        <source>利用停止一覧</source>
        <comment>library.blocked_list</comment>
        <translation>Blocked patrons</translation>
    </message>
    <message>
        <source>利用停止中の利用者（この端末に保存・オフラインでも使えます）</source>
        <comment>library.blocked_title</comment>
        <translation>Blocked patrons (kept on this terminal, works offline)</translation>
    </message>
    <message>
        <source>戻る</source>
        <comment>library.back</comment>
        <translation>Back</translation>
    </message>
    <message>
        <source>先に利用者カードを読んでください。</source>
        <comment>library.no_patron</comment>
        <translation>Scan or tap the library card first.</translation>
    </message>
    <message>
        <source>{name}&#x3000;利用者番号 {number}&#x3000;貸出中 {n}点</source>
        <comment>library.patron_line</comment>
        <translation>{name}　Patron number {number}　On loan: {n}</translation>
    </message>
    <message>
        <source>延滞 {n}点</source>
        <comment>library.overdue_count</comment>
        <translation>Overdue: {n}</translation>
    </message>
    <message>
        <source>再発行後の番号 {number}</source>
        <comment>library.replaced_by</comment>
        <translation>Reissued as {number}</translation>
    </message>
    <message>
        <source>{item}&#x3000;返却期限 {due}</source>
        <comment>library.loan</comment>
        <translation>{item}　Due {due}</translation>
    </message>
    <message>
        <source>{item}&#x3000;返却期限 {due}&#x3000;延滞</source>
        <comment>library.loan_overdue</comment>
        <translation>{item}　Due {due}　Overdue</translation>
    </message>
    <message>
        <source>貸出中の資料</source>
        <comment>library.loans_name</comment>
        <translation>Items on loan</translation>
    </message>
    <message>
        <source>貸出しました：{item}&#x3000;返却期限 {due}</source>
        <comment>library.checked_out</comment>
        <translation>Checked out: {item}, due {due}</translation>
    </message>
    <message>
        <source>返却しました：{item}</source>
        <comment>library.checked_in</comment>
        <translation>Checked in: {item}</translation>
    </message>
    <message>
        <source>再発行しました</source>
        <comment>library.reissued</comment>
        <translation>Reissued</translation>
    </message>
    <message>
        <source>旧番号は利用停止</source>
        <comment>library.old_blocked</comment>
        <translation>old number blocked</translation>
    </message>
    <message>
        <source>利用者カード PDF</source>
        <comment>library.card_pdf</comment>
        <translation>card PDF</translation>
    </message>
    <message>
        <source>紛失届が出ているカード</source>
        <comment>library.reason.lost_card</comment>
        <translation>card reported lost</translation>
    </message>
    <message>
        <source>図書館システムからの利用停止</source>
        <comment>library.reason.library_system</comment>
        <translation>blocked by the library system</translation>
    </message>
    <message>
        <source>職員による利用停止</source>
        <comment>library.reason.staff</comment>
        <translation>blocked by staff</translation>
    </message>
    <message>
        <source>延滞資料があります</source>
        <comment>library.reason.overdue</comment>
        <translation>overdue items</translation>
    </message>
    <message>
        <source>転出などで登録条件を満たしていません</source>
        <comment>library.reason.not_eligible</comment>
        <translation>no longer meets the registration rules (moved away)</translation>
    </message>
    <message>
        <source>【貸出停止中です：{reason}】</source>
        <comment>library.blocked_reason</comment>
        <translation>[Loans are stopped: {reason}]</translation>
    </message>
    <message>
        <source>この方はすでに利用登録されています。利用者番号で検索してください。</source>
        <comment>library.error.already_registered</comment>
        <translation>This person is already registered. Look them up by patron number.</translation>
    </message>
    <message>
        <source>利用者が見つかりません。番号を確かめるか、利用登録をしてください。</source>
        <comment>library.error.unknown_patron</comment>
        <translation>No such patron. Check the number or register the person.</translation>
    </message>
    <message>
        <source>この資料は貸出中です。先に返却処理をしてください。</source>
        <comment>library.error.item_on_loan</comment>
        <translation>This item is on loan. Check it in first.</translation>
    </message>
    <message>
        <source>読み取ったカードの生年月日がこの利用者の登録と合いません。ご本人のカードか確かめてください。</source>
        <comment>library.error.not_this_patron</comment>
        <translation>The card read does not match this patron's birth date. Check that it is the patron's own card.</translation>
    </message>
    <message>
        <source>この利用者番号はすでに再発行されています。新しい番号で手続きしてください。</source>
        <comment>library.error.card_reissued</comment>
        <translation>This patron number was already replaced by a reissued card. Use the new number.</translation>
    </message>
    <message>
        <source>マイナンバーカードではありません。マイナンバーカードをかざしてください。</source>
        <comment>library.error.not_a_my_number_card</comment>
        <translation>This is not a My Number card. Tap a My Number card.</translation>
    </message>
    <message>
        <source>条件：市内および近隣自治体に住所がある方、または市内に通勤・通学している方（在勤・在学の申告が必要）。カードの住所は対象地域外です。</source>
        <comment>library.error.not_eligible_residence</comment>
        <translation>Rule: residents of the municipality and of its listed neighbours, or people who work or study there (then choose Works here or Studies here). The card's address is elsewhere.</translation>
    </message>
    <message>
        <source>条件：{limit}歳未満の方は保護者の同意が必要です。保護者の氏名を入力してください。</source>
        <comment>library.error.guardian_required</comment>
        <translation>Rule: under {limit}, a guardian registers with the child. Give the guardian's name.</translation>
    </message>
    <message>
        <source>いまは貸出（押すと返却に）</source>
        <comment>library.mode_checkout</comment>
        <translation>Now: checkout (press for check-in)</translation>
    </message>
    <message>
        <source>いまは返却（押すと貸出に）</source>
        <comment>library.mode_checkin</comment>
        <translation>Now: check-in (press for checkout)</translation>
    </message>
    <message>
        <source>デモカードをかざす</source>
        <comment>library.demo_card</comment>
        <translation>Tap the demo card</translation>
    </message>
    <message>
        <source>番号を手で入力</source>
        <comment>library.manual</comment>
        <translation>Type a number</translation>
    </message>
    <message>
        <source>バーコードの下の数字（資料か利用者カード）</source>
        <comment>library.manual_field</comment>
        <translation>The digits under the barcode (item or library card)</translation>
    </message>
    <message>
        <source>この番号で読む</source>
        <comment>library.manual_enter</comment>
        <translation>Use this number</translation>
    </message>
    <message>
        <source>閉じる</source>
        <comment>library.manual_close</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>番号が入っていません。バーコードの下の数字を入れてから「この番号で読む」を押してください。</source>
        <comment>library.manual_empty</comment>
        <translation>No number typed: type the digits under the barcode, then press Use this number.</translation>
    </message>
    <message>
        <source>番号に使えるのは数字と英字だけです。バーコードの下の数字をそのまま入れてください。</source>
        <comment>library.manual_not_digits</comment>
        <translation>A number holds only digits and letters: type the digits under the barcode as printed.</translation>
    </message>
    <message>
        <source>{number} は最後の数字（チェックディジット）が合いません。打ち間違いがないか、ラベルの数字をもう一度確かめて入れ直してください。</source>
        <comment>library.manual_check</comment>
        <translation>{number}: the last digit (check digit) does not match. Check the digits on the label for a typo and type them again.</translation>
    </message>
    <message>
        <source>図書館のデータを準備しています（初回のみ）。しばらくお待ちください。</source>
        <comment>library.preparing</comment>
        <translation>Preparing the library data (once only). Please wait.</translation>
    </message>
    <message>
        <source>{done} / {total} 件</source>
        <comment>library.preparing_count</comment>
        <translation>{done} / {total} records</translation>
    </message>
    <message>
        <source>別のプログラムがこの端末の図書館データを準備しています。数分待ってから、もう一度操作してください。</source>
        <comment>library.error.library_migration_busy</comment>
        <translation>Another program on this terminal is preparing the library data. Wait a few minutes, then try again.</translation>
    </message>
    <message>
        <source>利用者番号のチェックディジットが合いません。読み取り直すか、「番号を手で入力」で入れ直してください。</source>
        <comment>library.error.invalid_patron_number</comment>
        <translation>The patron number's check digit does not match. Scan it again, or type it with Type a number.</translation>
    </message>
    <message>
        <source>このカードは図書館カードとして登録されていません。「利用登録」で登録するか、利用者カードのバーコードを読んでください。</source>
        <comment>library.error.card_not_linked</comment>
        <translation>This card is not linked to a patron. Register it with Register, or scan the library card's barcode.</translation>
    </message>
    <message>
        <source>この図書館の利用登録の条件を満たしていません。市内で働く・学ぶ方は「在勤」「在学」を選んで、もう一度読んでください。</source>
        <comment>library.error.not_eligible</comment>
        <translation>The person does not meet this library's registration rules. If they work or study here, choose Works here or Studies here and read the card again.</translation>
    </message>
    <message>
        <source>この図書館は「在勤」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。</source>
        <comment>library.error.not_eligible_work</comment>
        <translation>This library does not register on a declaration of working here. Choose None, or direct them to the library where they live.</translation>
    </message>
    <message>
        <source>この図書館は「在学」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。</source>
        <comment>library.error.not_eligible_study</comment>
        <translation>This library does not register on a declaration of studying here. Choose None, or direct them to the library where they live.</translation>
    </message>
    <message>
        <source>この利用者は貸出停止中です。理由は利用者の行にあります。返却はできます。解除は職員が行います。</source>
        <comment>library.error.patron_blocked</comment>
        <translation>Loans are stopped for this patron (the reason is on the patron line). Items can still be checked in; staff lift the block.</translation>
    </message>
    <message>
        <source>貸出上限に達しています（この種類の資料は{limit}点まで）。返却してから借りてください。</source>
        <comment>library.error.loan_limit</comment>
        <translation>Loan limit reached: {limit} items of this kind at a time. Check some in first.</translation>
    </message>
    <message>
        <source>資料バーコードは1〜32文字の英数字です。読み直すか、「番号を手で入力」でラベルの数字を入れてください。</source>
        <comment>library.error.bad_barcode</comment>
        <translation>An item barcode is 1 to 32 letters or digits: scan it again, or type the label's digits with Type a number.</translation>
    </message>
    <message>
        <source>図書館 貸出・返却（図書館システム）</source>
        <comment>library.ils.title</comment>
        <translation>Library checkout (library system)</translation>
    </message>
    <message>
        <source>延長</source>
        <comment>library.ils.renew</comment>
        <translation>Renew</translation>
    </message>
    <message>
        <source>利用停止</source>
        <comment>library.ils.block</comment>
        <translation>Block card</translation>
    </message>
    <message>
        <source>カード連携</source>
        <comment>library.ils.link</comment>
        <translation>Link card</translation>
    </message>
    <message>
        <source>カードを利用者番号 {number} に連携しました。次からはかざすだけで使えます。</source>
        <comment>library.ils.linked</comment>
        <translation>The card is linked to patron number {number}. From now on a tap is enough.</translation>
    </message>
    <message>
        <source>送信待ち・拒否</source>
        <comment>library.ils.outbox</comment>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>オフライン中の取引（送信待ちと、図書館システムが拒否したもの）</source>
        <comment>library.ils.outbox_title</comment>
        <translation>Off-line transactions (waiting to be sent, and refused by the library system)</translation>
    </message>
    <message>
        <source>今すぐ送信</source>
        <comment>library.ils.replay</comment>
        <translation>Send now</translation>
    </message>
    <message>
        <source>処理済みにする</source>
        <comment>library.ils.resolve</comment>
        <translation>Mark as settled</translation>
    </message>
    <message>
        <source>図書館システムに接続しています</source>
        <comment>library.ils.online</comment>
        <translation>Connected to the library system</translation>
    </message>
    <message>
        <source>延長する資料を一覧から選んでください。</source>
        <comment>library.ils.pick_loan</comment>
        <translation>Choose the item to renew in the list.</translation>
    </message>
    <message>
        <source>図書館システムより：</source>
        <comment>library.ils.from_ils</comment>
        <translation>From the library system:</translation>
    </message>
    <message>
        <source>【図書館システムで貸出が止められています】</source>
        <comment>library.ils.denied</comment>
        <translation>[Loans are stopped by the library system]</translation>
    </message>
    <message>
        <source>図書館システムに接続できません。オフラインで受け付けています（送信待ち {n}件）</source>
        <comment>library.ils.offline</comment>
        <translation>The library system does not answer: working off-line ({n} waiting to be sent)</translation>
    </message>
    <message>
        <source>図書館システムが拒否した取引 {n}件：職員が確認してください</source>
        <comment>library.ils.refused_count</comment>
        <translation>{n} transaction(s) refused by the library system: staff, please check</translation>
    </message>
    <message>
        <source>利用者番号 {number}（オフライン：貸出状況は接続が戻ると表示されます）</source>
        <comment>library.ils.patron_offline</comment>
        <translation>Patron number {number} (off-line: loans are shown when the library system is back)</translation>
    </message>
    <message>
        <source>{item}</source>
        <comment>library.ils.loan</comment>
        <translation>{item}</translation>
    </message>
    <message>
        <source>{item}&#x3000;延滞</source>
        <comment>library.ils.loan_overdue</comment>
        <translation>{item}　Overdue</translation>
    </message>
    <message>
        <source>{item}&#x3000;送信待ち</source>
        <comment>library.ils.loan_queued</comment>
        <translation>{item}　waiting to be sent</translation>
    </message>
    <message>
        <source>貸出を受け付けました（オフライン）：{item}&#x3000;返却期限 {due}</source>
        <comment>library.ils.checked_out_offline</comment>
        <translation>Checkout taken off-line: {item}, due {due}</translation>
    </message>
    <message>
        <source>返却を受け付けました（オフライン）：{item}</source>
        <comment>library.ils.checked_in_offline</comment>
        <translation>Return taken off-line: {item}</translation>
    </message>
    <message>
        <source>延長しました：{item}&#x3000;返却期限 {due}</source>
        <comment>library.ils.renewed</comment>
        <translation>Renewed: {item}, due {due}</translation>
    </message>
    <message>
        <source>図書館システムで利用停止にしました：{number}</source>
        <comment>library.ils.blocked</comment>
        <translation>Blocked in the library system: {number}</translation>
    </message>
    <message>
        <source>利用停止を送信待ちにしました：{number}</source>
        <comment>library.ils.block_queued</comment>
        <translation>Block waiting to be sent: {number}</translation>
    </message>
    <message>
        <source>送信しました：{n}件</source>
        <comment>library.ils.sent</comment>
        <translation>Sent: {n}</translation>
    </message>
    <message>
        <source>図書館システムに接続できません。しばらくしてからもう一度お試しください。</source>
        <comment>library.error.ils_unavailable</comment>
        <translation>The library system does not answer. Try again in a moment.</translation>
    </message>
    <message>
        <source>この手続きには図書館システムとの接続が必要です。接続が戻ってからもう一度お試しください。</source>
        <comment>library.error.ils_needs_connection</comment>
        <translation>This needs the library system, which does not answer. Try again when it is back.</translation>
    </message>
    <message>
        <source>図書館システムに接続できず、オフラインでの貸出・返却も認められていません。接続が戻るまでお待ちいただくか、カウンターで手続きしてください。</source>
        <comment>library.error.ils_offline_not_allowed</comment>
        <translation>The library system does not answer and does not allow off-line loans and returns. Wait until it is back, or go to the counter.</translation>
    </message>
    <message>
        <source>図書館システムの応答が SIP2 の形式ではありません。係員にお知らせください。</source>
        <comment>library.error.ils_malformed_answer</comment>
        <translation>The library system's answer is not valid SIP2. Please tell the staff.</translation>
    </message>
    <message>
        <source>図書館システムが端末のログインを拒否しました。係員にお知らせください。</source>
        <comment>library.error.ils_login_refused</comment>
        <translation>The library system refused this terminal's login. Please tell the staff.</translation>
    </message>
    <message>
        <source>貸出できませんでした。</source>
        <comment>library.error.ils_refused_checkout</comment>
        <translation>The library system did not check this item out.</translation>
    </message>
    <message>
        <source>返却を受け付けられませんでした。</source>
        <comment>library.error.ils_refused_checkin</comment>
        <translation>The library system did not take this return.</translation>
    </message>
    <message>
        <source>延長できませんでした。</source>
        <comment>library.error.ils_refused_renew</comment>
        <translation>The library system did not renew this item.</translation>
    </message>
    <message>
        <source>バーコードは1〜64文字の半角英数字です。読み取り直してください。</source>
        <comment>library.error.invalid_barcode</comment>
        <translation>A barcode is 1 to 64 printable ASCII characters. Scan it again.</translation>
    </message>
    <message>
        <source>利用登録</source>
        <comment>library.register.title</comment>
        <translation>Register a patron</translation>
    </message>
    <message>
        <source>住所変更（カードを読み直します）</source>
        <comment>library.register.update_title</comment>
        <translation>Address change (read the card again)</translation>
    </message>
    <message>
        <source>市外の方の申告</source>
        <comment>library.register.declaration</comment>
        <translation>Declaration (non-residents)</translation>
    </message>
    <message>
        <source>なし</source>
        <comment>library.register.none</comment>
        <translation>None</translation>
    </message>
    <message>
        <source>在勤</source>
        <comment>library.register.work</comment>
        <translation>Works here</translation>
    </message>
    <message>
        <source>在学</source>
        <comment>library.register.study</comment>
        <translation>Studies here</translation>
    </message>
    <message>
        <source>保護者の氏名（16歳未満の方）</source>
        <comment>library.register.guardian</comment>
        <translation>Guardian's name (under 16)</translation>
    </message>
    <message>
        <source>暗証番号で読む</source>
        <comment>library.register.with_pin</comment>
        <translation>Read with the PIN</translation>
    </message>
    <message>
        <source>照合番号Bで読む</source>
        <comment>library.register.with_code_b</comment>
        <translation>Read with check code B</translation>
    </message>
    <message>
        <source>やめる</source>
        <comment>library.register.cancel</comment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>マイナンバーカードをカードリーダーに置いてください</source>
        <comment>library.register.place_card</comment>
        <translation>Place the My Number card on the reader</translation>
    </message>
    <message>
        <source>登録しました</source>
        <comment>library.register.registered</comment>
        <translation>Registered</translation>
    </message>
    <message>
        <source>登録内容を更新しました</source>
        <comment>library.register.updated</comment>
        <translation>Patron updated</translation>
    </message>
    <message>
        <source>貸出へ進む</source>
        <comment>library.register.to_desk</comment>
        <translation>Go to checkout</translation>
    </message>
    <message>
        <source>カードを印刷</source>
        <comment>library.register.print</comment>
        <translation>Print the card</translation>
    </message>
    <message>
        <source>印刷に送っています…</source>
        <comment>library.register.printing</comment>
        <translation>Sending to the printer…</translation>
    </message>
    <message>
        <source>利用者カードを印刷に送りました（{queue}）。印刷されたカードを利用者に渡してください。</source>
        <comment>library.register.printed</comment>
        <translation>The card was sent to the printer ({queue}): hand the printed card to the patron.</translation>
    </message>
    <message>
        <source>利用者カードの見本</source>
        <comment>library.register.preview</comment>
        <translation>Preview of the library card</translation>
    </message>
    <message>
        <source>見本を表示できません（poppler-utils がありません）。カードの PDF はそのまま印刷できます。</source>
        <comment>library.register.no_preview</comment>
        <translation>No preview (poppler-utils is missing); the card's PDF prints all the same.</translation>
    </message>
    <message>
        <source>登録画面に戻る</source>
        <comment>library.register.back</comment>
        <translation>Back to the form</translation>
    </message>
    <message>
        <source>登録区分</source>
        <comment>library.register.basis</comment>
        <translation>Basis</translation>
    </message>
    <message>
        <source>市区町村コード</source>
        <comment>library.register.code</comment>
        <translation>Municipality code</translation>
    </message>
    <message>
        <source>カード</source>
        <comment>library.register.card</comment>
        <translation>Card</translation>
    </message>
    <message>
        <source>利用者番号</source>
        <comment>library.register.number</comment>
        <translation>Patron number</translation>
    </message>
    <message>
        <source>マイナンバーカード連携</source>
        <comment>library.register.linked</comment>
        <translation>My Number card linked</translation>
    </message>
    <message>
        <source>利用者カード PDF</source>
        <comment>library.register.pdf</comment>
        <translation>Card PDF</translation>
    </message>
    <message>
        <source>はい</source>
        <comment>library.register.yes</comment>
        <translation>yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <comment>library.register.no</comment>
        <translation>no</translation>
    </message>
    <message>
        <source>在住</source>
        <comment>library.register.basis_resident</comment>
        <translation>resident</translation>
    </message>
    <message>
        <source>近隣自治体に在住</source>
        <comment>library.register.basis_neighbour</comment>
        <translation>neighbouring municipality</translation>
    </message>
    <message>
        <source>在勤</source>
        <comment>library.register.basis_work</comment>
        <translation>works there</translation>
    </message>
    <message>
        <source>在学</source>
        <comment>library.register.basis_study</comment>
        <translation>studies there</translation>
    </message>
    <message>
        <source>こども用カード</source>
        <comment>library.register.card_child</comment>
        <translation>children's card</translation>
    </message>
    <message>
        <source>一般カード</source>
        <comment>library.register.card_adult</comment>
        <translation>adult card</translation>
    </message>
    <message>
        <source>変更</source>
        <comment>library.register.changed</comment>
        <translation>Changed</translation>
    </message>
    <message>
        <source>変更なし</source>
        <comment>library.register.no_change</comment>
        <translation>no change</translation>
    </message>
    <message>
        <source>登録条件</source>
        <comment>library.register.eligible</comment>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>いいえ：登録条件を満たしません（貸出停止）</source>
        <comment>library.register.not_eligible</comment>
        <translation>no: outside the rules (loans stopped)</translation>
    </message>
    <message>
        <source>氏名</source>
        <comment>library.register.field_name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>住所</source>
        <comment>library.register.field_address</comment>
        <translation>Address</translation>
    </message>
    <message>
        <source>カード種別</source>
        <comment>library.register.field_card_type</comment>
        <translation>Card type</translation>
    </message>
</context>
</TS>
