package demo

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The demo's languages: English is the drafting language; Russian and
// Ukrainian are authentic too. Russia's aide translates into Russian and
// Ukraine's negotiator into Ukrainian, as the talks allow the parties'
// members to. Russian starts on draft 3 and Ukrainian on draft 4, each
// carried to the next draft by point identity; on draft 5 the Ukrainian
// text is current throughout, while the Russian keeps two stale points:
// NATO, translated from draft 3's text, and the ceasefire, amended in
// draft 5. The translations are the scenario's own, as illustrative as
// its English text.

// translation is a node's title and text in Russian and Ukrainian, as of
// its English text in draft 4.
type translation struct{ ruTitle, ruText, ukTitle, ukText string }

// Translators of the demo, by language.
var translators = map[string]string{"ru": "russia-aide", "uk": "ukraine-negotiator"}

// setLanguages gives the demo talks their languages.
func setLanguages(med context.Context, ws *workspace.Service, tid int64) error {
	_, err := ws.SetLanguages(med, tid, workspace.LanguagesInput{
		Languages:        []parley.Language{{Tag: "en", Authentic: true}, {Tag: "ru", Authentic: true}, {Tag: "uk", Authentic: true}},
		PartyTranslators: true, Translators: []workspace.TranslatorInput{
			{Username: translators["ru"], Languages: []string{"ru"}}, {Username: translators["uk"], Languages: []string{"uk"}}}})
	return err
}

// translate writes the translators' work on draft d (from 0) once it is
// tabled: on draft 3 the Russian of what draft 4 keeps, and NATO as it
// stood; on draft 4 every text still missing, in both languages; on draft
// 5 the amended territory in both and the amended ceasefire in
// Ukrainian, to whose text Ukraine's principal then proposes a
// correction.
func translate(ws *workspace.Service, as func(string) context.Context, tid int64, d int, ids map[string]int64) error {
	keyOf := map[int64]string{}
	for k, id := range ids {
		keyOf[id] = k
	}
	switch d {
	case 2:
		d3, err := ws.GetDraft(as(translators["ru"]), tid, 3)
		if err != nil {
			return err
		}
		for _, p := range d3.Points {
			k := keyOf[p.ID]
			tr := translations[k]
			in := parley.TranslationInput{Title: tr.ruTitle, Text: tr.ruText}
			switch {
			case k == "nato":
				in = natoDraft3
			case changedInDraft4[k]:
				continue
			}
			if _, err := ws.SetTranslation(as(translators["ru"]), tid, 3, p.ID, "ru", in); err != nil {
				return fmt.Errorf("%s in Russian: %w", k, err)
			}
		}
	case 3:
		for _, lang := range []string{"ru", "uk"} {
			if err := translateMissing(ws, as, tid, lang, keyOf); err != nil {
				return err
			}
		}
	case 4:
		for _, x := range []struct {
			lang, key string
			in        parley.TranslationInput
		}{{"uk", "ceasefire", ceasefireDraft5}, {"uk", "territory", territoryDraft5["uk"]}, {"ru", "territory", territoryDraft5["ru"]}} {
			if _, err := ws.SetTranslation(as(translators[x.lang]), tid, 5, ids[x.key], x.lang, x.in); err != nil {
				return fmt.Errorf("%s in %s: %w", x.key, x.lang, err)
			}
		}
		return correctCeasefire(ws, as, tid, ids)
	}
	return nil
}

// CeasefireCorrection is the correction Ukraine's principal proposes to
// the Ukrainian text of draft 5's ceasefire, shared with the mediator and
// left on the desk: forces are drawn back, not retreating.
var CeasefireCorrection = parley.AmendmentInput{Kind: parley.AmendReplace, Language: "uk",
	Text:          "Повне припинення вогню набуває чинності з моменту підписання; сили відводяться на погоджені позиції протягом 30 днів.",
	Justification: "Ukraine: the English says the forces are withdrawn to agreed positions (відводяться), not that they retreat (відходять)."}

// correctCeasefire has Ukraine's principal propose CeasefireCorrection.
func correctCeasefire(ws *workspace.Service, as func(string) context.Context, tid int64, ids map[string]int64) error {
	in, share := CeasefireCorrection, true
	in.ShareWithMediator = &share
	if _, err := ws.ProposeAmendment(as("ukraine"), tid, 5, ids["ceasefire"], in); err != nil {
		return fmt.Errorf("ukraine's correction to the Ukrainian ceasefire: %w", err)
	}
	return nil
}

// translateMissing writes the draft-4 text of every point of draft 4
// still missing in lang.
func translateMissing(ws *workspace.Service, as func(string) context.Context, tid int64, lang string, keyOf map[int64]string) error {
	ctx := as(translators[lang])
	p, err := ws.ParallelText(ctx, tid, 4, []string{lang})
	if err != nil {
		return err
	}
	for _, pp := range p.Points {
		if pp.Texts[0].Status != parley.TranslationMissing {
			continue
		}
		tr, ok := translations[keyOf[pp.ID]]
		if !ok {
			return fmt.Errorf("no translation of %s", keyOf[pp.ID])
		}
		in := parley.TranslationInput{Title: tr.ruTitle, Text: tr.ruText}
		if lang == "uk" {
			in = parley.TranslationInput{Title: tr.ukTitle, Text: tr.ukText}
		}
		if _, err := ws.SetTranslation(ctx, tid, 4, pp.ID, lang, in); err != nil {
			return fmt.Errorf("%s in %s: %w", keyOf[pp.ID], lang, err)
		}
	}
	return nil
}

// changedInDraft4 are the nodes of draft 3 whose English text draft 4
// changes or drops.
var changedInDraft4 = map[string]bool{"nato": true, "guarantees": true, "territory": true, "amnesty": true, "prisoners": true, "detainees": true, "assets": true}

// natoDraft3 is the Russian of NATO as draft 3 had it, which the Russian
// translator has not revised since.
var natoDraft3 = parley.TranslationInput{Title: "НАТО", Text: "Украина соглашается не вступать в НАТО; НАТО соглашается не принимать Украину в будущем."}

// ceasefireDraft5 is the Ukrainian of the ceasefire as draft 5 amends it.
var ceasefireDraft5 = parley.TranslationInput{Title: "Припинення вогню",
	Text: "Повне припинення вогню набуває чинності з моменту підписання; сили відходять на погоджені позиції протягом 30 днів."}

// territoryDraft5 is the territory point as draft 5 amends it (the
// presidents' talks within one year), which both translators revise.
var territoryDraft5 = map[string]parley.TranslationInput{
	"ru": {Title: "Территория", Text: "Украинские силы выводятся из контролируемой ими части Донецкой области, около 20 процентов её территории, которая становится нейтральной демилитаризованной буферной зоной под международным наблюдением; её окончательный статус определяется на прямых переговорах президентов в течение одного года."},
	"uk": {Title: "Територія", Text: "Українські сили виводяться з частини Донецької області, яку вони нині контролюють, — близько 20 відсотків її території, — яка стає нейтральною демілітаризованою буферною зоною під міжнародним моніторингом; її остаточний статус визначається на прямих переговорах президентів протягом одного року."},
}

var translations = map[string]translation{
	"section/security": {"Суверенитет и безопасность", "", "Суверенітет і безпека", ""},
	"sovereignty":      {"Суверенитет", "Суверенитет Украины будет подтверждён.", "Суверенітет", "Суверенітет України буде підтверджено."},
	"non-aggression": {"Ненападение", "Между Россией, Украиной и Европой будет заключено всеобъемлющее соглашение о ненападении; все неясности последних тридцати лет считаются урегулированными.",
		"Ненапад", "Між Росією, Україною та Європою буде укладено всеосяжну угоду про ненапад; усі неясності останніх тридцяти років вважаються врегульованими."},
	"nato": {"НАТО", "Украина не будет добиваться членства в НАТО, пока действует это соглашение; НАТО не будет принимать Украину в течение этого времени.",
		"НАТО", "Україна не прагнутиме членства в НАТО, доки діє ця угода; НАТО не прийматиме Україну протягом цього часу."},
	"forces": {"Вооружённые силы", "Численность Вооружённых сил Украины в мирное время будет ограничена 800 000 военнослужащих.",
		"Збройні сили", "Чисельність Збройних сил України в мирний час буде обмежено 800 000 військовослужбовців."},
	"guarantees": {"Гарантии безопасности", "Украина получит гарантии безопасности от Соединённых Штатов и европейских государств по образцу статьи 5; они утрачивают силу, если Украина без провокации нападёт на Россию.",
		"Гарантії безпеки", "Україна отримає гарантії безпеки від Сполучених Штатів і європейських держав за зразком статті 5; вони втрачають силу, якщо Україна без провокації нападе на Росію."},
	"foreign-troops":    {"Иностранные войска", "НАТО не будет размещать войска на территории Украины.", "Іноземні війська", "НАТО не розміщуватиме війська в Україні."},
	"section/territory": {"Территория", "", "Територія", ""},
	"territory": {"Территория", "Украинские силы выводятся из контролируемой ими части Донецкой области, около 20 процентов её территории, которая становится нейтральной демилитаризованной буферной зоной под международным наблюдением; её окончательный статус определяется на прямых переговорах президентов.",
		"Територія", "Українські сили виводяться з частини Донецької області, яку вони нині контролюють, — близько 20 відсотків її території, — яка стає нейтральною демілітаризованою буферною зоною під міжнародним моніторингом; її остаточний статус визначається на прямих переговорах президентів."},
	"contact-line": {"Херсон и Запорожье", "В Херсонской и Запорожской областях линия соприкосновения будет заморожена.",
		"Херсон і Запоріжжя", "У Херсонській і Запорізькій областях лінію зіткнення буде заморожено."},
	"crimea-luhansk": {"Крым и Луганск", "Крым и Луганская область будут признаны де-факто находящимися под контролем России без ущерба для их правового статуса.",
		"Крим і Луганськ", "Крим і Луганську область буде визнано такими, що де-факто перебувають під контролем Росії, без шкоди для їхнього правового статусу."},
	"nuclear-plant": {"Запорожская АЭС", "Запорожская атомная электростанция возобновляет работу под надзором МАГАТЭ; вырабатываемая ею электроэнергия делится поровну между Россией и Украиной.",
		"Запорізька АЕС", "Запорізька атомна електростанція відновлює роботу під наглядом МАГАТЕ; вироблена нею електроенергія розподіляється порівну між Росією та Україною."},
	"no-force": {"Без изменения силой", "Обе стороны обязуются не изменять согласованные линии силой.",
		"Без зміни силою", "Обидві сторони зобов'язуються не змінювати погоджені лінії силою."},
	"section/economy": {"Экономика", "", "Економіка", ""},
	"sanctions": {"Санкции", "Санкции против России будут сниматься поэтапно по мере выполнения соглашения; в случае его нарушения они возобновляются.",
		"Санкції", "Санкції проти Росії зніматимуть поетапно в міру виконання угоди; у разі її порушення вони відновлюються."},
	"reconstruction": {"Фонд восстановления", "Будет создан фонд восстановления Украины, открытый для инвестиций из любой страны.",
		"Фонд відбудови", "Буде створено фонд відбудови України, відкритий для інвестицій з будь-якої країни."},
	"frozen-assets": {"Замороженные активы", "Использование замороженных российских активов для восстановления будет согласовано между Россией, Соединёнными Штатами и Европейским союзом.",
		"Заморожені активи", "Використання заморожених російських активів для відбудови буде погоджено між Росією, Сполученими Штатами та Європейським Союзом."},
	"g8": {"Возвращение в G8", "Возвращение России в «Большую восьмёрку» будет рассмотрено, когда соглашение окажется устойчивым.",
		"Повернення до G8", "Повернення Росії до «Великої вісімки» буде розглянуто, щойно угода виявиться стійкою."},
	"cooperation": {"Экономическое сотрудничество", "Соединённые Штаты и Россия договорятся о долгосрочном экономическом сотрудничестве в области энергетики, природных ресурсов, инфраструктуры и Арктики.",
		"Економічна співпраця", "Сполучені Штати і Росія домовляться про довгострокову економічну співпрацю у сферах енергетики, природних ресурсів, інфраструктури та Арктики."},
	"section/humanitarian": {"Гуманитарные вопросы", "", "Гуманітарні питання", ""},
	"exchange": {"Пленные и задержанные", "Все военнопленные, задержанные гражданские лица и заложники, включая детей, будут возвращены по принципу «всех на всех» вместе с телами погибших.",
		"Полонені та затримані", "Усіх військовополонених, затриманих цивільних осіб і заручників, зокрема дітей, буде повернуто за принципом «всіх на всіх» разом з тілами загиблих."},
	"amnesty": {"Амнистия", "Все стороны конфликта получают амнистию за свои действия во время войны, за исключением военных преступлений.",
		"Амністія", "Усі сторони конфлікту отримують амністію за свої дії під час війни, за винятком воєнних злочинів."},
	"tolerance": {"Образование и вера", "Обе страны принимают программы толерантности; Украина принимает нормы ЕС о свободе вероисповедания и языках меньшинств.",
		"Освіта і віра", "Обидві країни ухвалюють програми толерантності; Україна ухвалює норми ЄС щодо свободи віросповідання та мов меншин."},
	"section/implementation": {"Выполнение", "", "Виконання", ""},
	"elections": {"Выборы", "Украина проведёт выборы в течение 100 дней после отмены военного положения.",
		"Вибори", "Україна проведе вибори протягом 100 днів після припинення воєнного стану."},
	"council": {"Совет мира", "Совет мира под председательством президента Соединённых Штатов будет контролировать выполнение; нарушения влекут санкции.",
		"Рада миру", "Рада миру під головуванням президента Сполучених Штатів наглядатиме за виконанням; порушення тягнуть за собою санкції."},
	"ceasefire": {"Прекращение огня", "Прекращение огня вступает в силу, как только обе стороны отойдут на согласованные позиции.",
		"Припинення вогню", "Припинення вогню набуває чинності, щойно обидві сторони відійдуть на погоджені позиції."},
}
