// The resident's page: the form of one desk (a shelter household or a counter visit), in Japanese,
// English and やさしい日本語, and the code made from it on the phone. Nothing typed leaves the phone.
"use strict";
(() => {
  const CONFIG = JSON.parse(document.getElementById("config").textContent);
  const T = {
    title_shelter: ["避難所 受付の事前登録", "Shelter check-in: fill in before you come", "ひなんじょ の うけつけ を まえもって する"],
    title_counter: ["窓口 手続きの事前入力", "City office: fill in before your visit", "まどぐち の てつづき を まえもって かく"],
    intro_shelter: ["ご家族の情報を入れて「コードを作る」を押し、受付でコードを見せてください。ご家族全員が一度で受付できます。",
      "Enter your household, press “Make the code”, and show the code at the reception desk: the whole family is checked in with one scan.",
      "かぞく の こと を かいて、「コード を つくる」を おして ください。うけつけ で コード を みせて ください。かぞく みんな が いっしょ に うけつけ できます。"],
    intro_counter: ["本人の情報と手続きを入れて「コードを作る」を押し、窓口でコードを見せてください。本人確認書類もお持ちください。",
      "Enter your details and the procedures, press “Make the code”, and show it at the counter. Bring an identity document too.",
      "あなた の こと と てつづき を かいて、「コード を つくる」を おして ください。まどぐち で コード を みせて ください。じぶん を しめす カード も もって きて ください。"],
    privacy: ["入力した内容はこの端末から送信されません。コードは暗号化され、「{site}」の受付でだけ読めます。",
      "Nothing you type is sent from this phone. The code is encrypted: only the desks of “{site}” can read it.",
      "かいた こと は この スマホ から おくられません。コード は「{site}」の うけつけ だけ で よめます。"],
    address: ["住所", "Address", "じゅうしょ"],
    person: ["{n}人目", "Person {n}", "{n}にんめ"],
    name: ["氏名", "Name", "なまえ"],
    kana: ["ふりがな", "Name in kana", "なまえ の ふりがな"],
    birth: ["生年月日", "Date of birth", "うまれた ひ"],
    sex: ["性別", "Sex", "せいべつ"],
    sex_1: ["男性", "Male", "おとこ"], sex_2: ["女性", "Female", "おんな"], sex_9: ["答えない", "Prefer not to say", "こたえない"],
    needs: ["必要な配慮", "Needs", "てつだって ほしい こと"],
    detail: ["内容", "Which", "なに"],
    dnd: ["この人がここにいることを問い合わせに答えないでほしい（DV 等の支援措置）",
      "Do not tell anyone who asks that this person is here (DV protection)",
      "この ひと が ここ に いる こと を、ほか の ひと に いわないで ほしい"],
    add: ["家族を追加", "Add a family member", "かぞく を ふやす"],
    remove: ["この人を削除", "Remove this person", "この ひと を けす"],
    make: ["コードを作る", "Make the code", "コード を つくる"],
    show: ["受付でこのコードを見せてください。", "Show this code at the desk.", "うけつけ で この コード を みせて ください。"],
    parts: ["コードは {n} 枚です。番号順に読み取ってもらってください。", "There are {n} codes: let the desk scan each one.",
      "コード は {n}まい です。ぜんぶ よんで もらって ください。"],
    part: ["{i} / {n}", "{i} / {n}", "{i} / {n}"],
    save: ["画像を保存", "Save the image", "がぞう を のこす"],
    edit: ["入力に戻る", "Back to the form", "もどる"],
    name_missing: ["{n}人目の氏名を入れてください。", "Enter the name of person {n}.", "{n}にんめ の なまえ を かいて ください。"],
    birth_invalid: ["{n}人目の生年月日が正しくありません。", "The date of birth of person {n} is not valid.", "{n}にんめ の うまれた ひ が ただしく ありません。"],
    no_crypto: ["この画面では暗号化が使えません（https で開いてください）。", "This page cannot encrypt here (open it over https).",
      "この がめん では コード を つくれません。"],
    failed: ["コードを作れませんでした。入力を減らしてもう一度お試しください。", "The code could not be made. Enter less and try again.",
      "コード を つくれません でした。"],
    procedures: ["手続き", "Procedures", "てつづき"],
    procedure_missing: ["手続きを1つ以上選んでください。", "Choose at least one procedure.", "てつづき を 1つ えらんで ください。"],
    offline: ["このページは一度開けば、電波がなくても使えます。", "Once opened, this page works without a network.",
      "この ページ は、いちど ひらけば、でんぱ が なくても つかえます。"],
  };
  const NEEDS = {
    elderly: ["高齢者", "Elderly", "おとしより"], disability: ["障害", "Disability", "しょうがい"],
    pregnancy: ["妊産婦", "Pregnant / just gave birth", "おなか に あかちゃん"], infant: ["乳幼児", "Infant", "あかちゃん"],
    allergy: ["食物アレルギー", "Food allergy", "たべもの アレルギー"], dialysis: ["人工透析", "Dialysis", "とうせき"],
    oxygen: ["在宅酸素", "Oxygen", "さんそ"], medication: ["常用薬", "Regular medicine", "いつも のむ くすり"],
    language: ["通訳・言語", "Language / interpreter", "つうやく・ことば"], pet: ["ペット", "Pet", "ペット"],
    car_sleeping: ["車中泊", "Sleeping in a car", "くるま で ねる"], other: ["その他", "Other", "そのほか"],
  };
  const DETAIL = new Set(["allergy", "medication", "language", "pet", "other"]);
  const LANGS = [["ja", "日本語"], ["en", "English"], ["easy", "やさしい にほんご"]];
  let lang = localStorage.getItem("kazasu-lang") || (navigator.language.startsWith("ja") ? "ja" : "en");
  const idx = () => ({ja: 0, en: 1, easy: 2})[lang];
  const t = (key, vars = {}) => T[key][idx()].replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "text") node.textContent = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  };
  const main = document.getElementById("main");
  const form = CONFIG.desk === "counter" ? counterForm() : shelterForm();

  function field(id, label, input) {
    input.id = id;
    return el("label", {class: "field", for: id}, el("span", {text: label}), input);
  }
  function keep(container) {  // what is typed survives a language change
    const values = {};
    container.querySelectorAll("input, select, textarea").forEach((i) => {
      values[i.id] = i.type === "checkbox" || i.type === "radio" ? i.checked : i.value;
    });
    return values;
  }
  function restore(container, values) {
    container.querySelectorAll("input, select, textarea").forEach((i) => {
      if (!(i.id in values)) return;
      if (i.type === "checkbox" || i.type === "radio") i.checked = values[i.id]; else i.value = values[i.id];
      i.dispatchEvent(new Event("change"));
    });
  }

  function personFields(prefix, withNeeds) {
    const box = el("div", {class: "person"});
    box.append(field(`${prefix}-name`, t("name"), el("input", {autocomplete: "name"})));
    box.append(field(`${prefix}-kana`, t("kana"), el("input", {autocomplete: "off"})));
    box.append(field(`${prefix}-birth`, t("birth"), el("input", {type: "date", min: "1900-01-01"})));
    const sex = el("fieldset", {class: "choices"}, el("legend", {text: t("sex")}));
    for (const code of ["1", "2", "9"]) {
      sex.append(el("label", {class: "choice"}, el("input", {type: "radio", name: `${prefix}-sex`, id: `${prefix}-sex-${code}`,
        value: code}), el("span", {text: t(`sex_${code}`)})));
    }
    box.append(sex);
    if (withNeeds) {
      const needs = el("fieldset", {class: "choices needs"}, el("legend", {text: t("needs")}));
      for (const code of CONFIG.needs) {
        const check = el("input", {type: "checkbox", id: `${prefix}-need-${code}`});
        const item = el("div", {class: "need"}, el("label", {class: "choice"}, check, el("span", {text: NEEDS[code][idx()]})));
        if (DETAIL.has(code)) {
          const detail = el("input", {id: `${prefix}-need-${code}-detail`, placeholder: t("detail"), "aria-label":
            `${NEEDS[code][idx()]}: ${t("detail")}`});
          detail.hidden = true;
          check.addEventListener("change", () => { detail.hidden = !check.checked; });
          item.append(detail);
        }
        needs.append(item);
      }
      box.append(needs);
      box.append(el("label", {class: "choice dnd"}, el("input", {type: "checkbox", id: `${prefix}-dnd`}),
        el("span", {text: t("dnd")})));
    }
    return box;
  }
  function readPerson(prefix, n) {
    const v = (s) => (document.getElementById(`${prefix}-${s}`) || {}).value || "";
    const name = v("name").trim();
    if (!name) throw t("name_missing", {n});
    const birth = v("birth");
    if (birth && !(birth >= "1900-01-01" && birth <= new Date().toISOString().slice(0, 10))) throw t("birth_invalid", {n});
    const sex = document.querySelector(`input[name="${prefix}-sex"]:checked`);
    const person = {name, kana: v("kana").trim(), birth_date: birth, sex_code: sex ? sex.value : ""};
    return person;
  }

  function shelterForm() {
    let count = 1;
    const render = () => {
      const values = keep(main);
      main.replaceChildren();
      main.append(field("address", t("address"), el("input", {autocomplete: "street-address"})));
      for (let i = 0; i < count; i++) {
        const card = el("section", {class: "card"}, el("h2", {text: t("person", {n: i + 1})}), personFields(`p${i}`, true));
        if (i > 0 && i === count - 1) {
          card.append(el("button", {type: "button", class: "secondary", id: `remove-${i}`, text: t("remove"),
            onclick: () => { count--; render(); }}));
        }
        main.append(card);
      }
      main.append(el("button", {type: "button", class: "secondary", id: "add", text: t("add"),
        onclick: () => { count++; render(); document.getElementById(`p${count - 1}-name`).focus(); }}));
      restore(main, values);
    };
    const read = () => {
      const people = [];
      for (let i = 0; i < count; i++) {
        const person = readPerson(`p${i}`, i + 1);
        person.needs = {};
        for (const code of CONFIG.needs) {
          if (document.getElementById(`p${i}-need-${code}`).checked) {
            const detail = document.getElementById(`p${i}-need-${code}-detail`);
            person.needs[code] = detail ? detail.value.trim() : "";
          }
        }
        person.do_not_disclose = document.getElementById(`p${i}-dnd`).checked;
        people.push(person);
      }
      return {kind: "shelter", address: document.getElementById("address").value.trim(), people};
    };
    return {render, read, title: "title_shelter", intro: "intro_shelter"};
  }

  function counterForm() {
    const L = (pair) => (lang === "en" ? pair.en : pair.ja);
    const render = () => {
      const values = keep(main);
      main.replaceChildren();
      const card = el("section", {class: "card"}, personFields("me", false));
      card.append(field("address", t("address"), el("input", {autocomplete: "street-address"})));
      main.append(card);
      const procs = el("fieldset", {class: "choices card"}, el("legend", {text: t("procedures")}));
      const asked = el("section", {class: "card", id: "asked"});
      const shown = new Set();
      const drawAsked = () => {
        asked.replaceChildren();
        shown.clear();
        for (const form of CONFIG.forms) {
          if (!document.getElementById(`proc-${form.id}`).checked) continue;
          for (const f of form.fields) {
            if (shown.has(f.id)) continue;
            shown.add(f.id);
            let input;
            if (f.input.kind === "choice") {
              input = el("select", {}, el("option", {value: "", text: "—"}));
              for (const o of f.input.options) input.append(el("option", {value: o.value, text: lang === "en" ? o.en : o.ja}));
            } else {
              input = el("input", f.input.kind === "number" ? {type: "number", inputmode: "numeric"} : {});
            }
            asked.append(field(`ans-${f.id}`, L(f.label), input));
          }
        }
        asked.hidden = shown.size === 0;
      };
      for (const form of CONFIG.forms) {
        procs.append(el("label", {class: "choice"}, el("input", {type: "checkbox", id: `proc-${form.id}`, onchange: () => {
          const v = keep(asked); drawAsked(); restore(asked, v);
        }}), el("span", {text: L(form.title)})));
      }
      main.append(procs, asked);
      restore(procs, values);
      drawAsked();
      restore(main, values);
    };
    const read = () => {
      const person = readPerson("me", 1);
      person.address = document.getElementById("address").value.trim();
      const procedures = CONFIG.forms.filter((f) => document.getElementById(`proc-${f.id}`).checked).map((f) => f.id);
      if (!procedures.length) throw t("procedure_missing");
      const answers = {};
      document.querySelectorAll("#asked [id^=ans-]").forEach((i) => { if (i.value.trim()) answers[i.id.slice(4)] = i.value.trim(); });
      return {kind: "counter", person, procedures, answers};
    };
    return {render, read, title: "title_counter", intro: "intro_counter"};
  }

  function chrome() {
    document.documentElement.lang = lang === "en" ? "en" : "ja";
    document.title = t(form.title);
    document.getElementById("title").textContent = t(form.title);
    document.getElementById("site").textContent = CONFIG.site_name || CONFIG.site;   // where the code is for
    document.getElementById("intro").textContent = t(form.intro);
    document.getElementById("privacy").textContent = t("privacy", {site: CONFIG.site_name || CONFIG.site});
    document.getElementById("offline").textContent = t("offline");
    document.getElementById("make").textContent = t("make");
    const bar = document.getElementById("langs");
    bar.replaceChildren();
    for (const [code, label] of LANGS) {
      bar.append(el("button", {type: "button", id: `lang-${code}`, "aria-pressed": String(code === lang), text: label,
        onclick: () => { lang = code; localStorage.setItem("kazasu-lang", code); chrome(); form.render(); }}));
    }
  }

  async function make() {
    const message = document.getElementById("message");
    message.textContent = "";
    let record;
    try { record = form.read(); } catch (text) { message.textContent = String(text); return; }
    if (!window.crypto || !crypto.subtle) { message.textContent = t("no_crypto"); return; }
    let texts;
    try { texts = await Seal.codes(record, CONFIG); } catch (e) { message.textContent = t("failed"); return; }
    const out = document.getElementById("codes");
    out.replaceChildren(el("p", {class: "show", text: t("show")}));
    if (texts.length > 1) out.append(el("p", {text: t("parts", {n: texts.length})}));
    texts.forEach((text, i) => {
      const canvas = el("canvas", {class: "qr", id: `qr-${i + 1}`, "data-text": text, role: "img",
        "aria-label": `QR ${i + 1} / ${texts.length}`});
      QR.draw(canvas, QR.encode([QR.segment("alnum", text.slice(0, 2)), QR.segment("numeric", text.slice(2))]), 4);
      const figure = el("figure", {}, canvas);
      if (texts.length > 1) figure.append(el("figcaption", {text: t("part", {i: i + 1, n: texts.length})}));
      figure.append(el("a", {class: "save", download: `kazasu-${i + 1}.png`, href: canvas.toDataURL("image/png"), text: t("save")}));
      out.append(figure);
    });
    out.append(el("button", {type: "button", class: "secondary", id: "edit", text: t("edit"),
      onclick: () => { out.hidden = true; document.getElementById("form").hidden = false; }}));
    document.getElementById("form").hidden = true;
    out.hidden = false;
    document.body.dataset.codes = String(texts.length);
    out.scrollIntoView();
  }

  document.getElementById("make").addEventListener("click", make);
  chrome();
  form.render();
  if ("serviceWorker" in navigator && window.isSecureContext) navigator.serviceWorker.register("sw.js").catch(() => {});
})();
