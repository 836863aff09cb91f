package demo

// The scenario's text and stances. Point texts follow the outline of the
// peace plan reported in the press in November 2025; stances, rationales and
// the changes between drafts are illustrative, not a record of the talks.

// section is a heading of the plan with its points.
type section struct {
	key, title string
	points     []point
}

// point is one point of the plan through its five drafts. texts[d] is its
// text in draft d+1: "" means absent, "=" the same as in the draft before.
// from names, for a draft in which the point first appears, the points it
// was split or merged from.
type point struct {
	key, title string
	texts      [5]string
	from       []string
	// Marks of Russia and Ukraine per draft: A acceptable, N needs
	// discussion, U unsuitable, - not marked.
	ru, ua string
}

const drafts = 5

var plan = []section{
	{"security", "Sovereignty and security", []point{
		{key: "sovereignty", title: "Sovereignty",
			texts: [5]string{"Ukraine's sovereignty will be confirmed.", "=", "=", "=", "="},
			ru:    "AAAAA", ua: "AAAAA"},
		{key: "non-aggression", title: "Non-aggression",
			texts: [5]string{"A comprehensive non-aggression agreement will be concluded between Russia, Ukraine and Europe.", "=",
				"A comprehensive non-aggression agreement will be concluded between Russia, Ukraine and Europe; all ambiguities of the last thirty years are considered settled.", "=", "="},
			ru: "AAAAA", ua: "NNAAA"},
		{key: "nato", title: "NATO",
			texts: [5]string{"Ukraine agrees to enshrine in its constitution that it will not join NATO.",
				"Ukraine agrees not to join NATO; NATO agrees not to admit Ukraine in the future.", "=",
				"Ukraine will not seek NATO membership while this agreement is in force; NATO will not admit Ukraine during that time.", "="},
			ru: "ANNAA", ua: "UNNNA"},
		{key: "forces", title: "Armed forces",
			texts: [5]string{"The Armed Forces of Ukraine will be limited to 600,000 personnel.", "=",
				"The Armed Forces of Ukraine will be limited to 800,000 personnel in peacetime.", "=", "="},
			ru: "AANNA", ua: "UNAAA"},
		{key: "guarantees", title: "Security guarantees",
			texts: [5]string{"Ukraine will receive reliable security guarantees.",
				"Ukraine will receive reliable security guarantees from the United States and European states, modelled on Article 5 of the North Atlantic Treaty.", "=",
				"Ukraine will receive security guarantees from the United States and European states, modelled on Article 5; they lapse if Ukraine attacks Russia without provocation.", "="},
			ru: "AUNNN", ua: "NNNAA"},
		{key: "foreign-troops", title: "Foreign troops",
			texts: [5]string{"NATO will not station troops in Ukraine.", "=", "=", "=", "="},
			ru:    "AAAAA", ua: "NNNAA"},
	}},
	{"territory", "Territory", []point{
		{key: "territory", title: "Territory",
			texts: [5]string{"Crimea, Luhansk and Donetsk will be recognised as de facto Russian. Ukrainian forces withdraw from the part of the Donetsk region they now control, which becomes a demilitarised buffer zone.",
				"Crimea, Luhansk and Donetsk will be recognised as de facto Russian. Ukrainian forces withdraw from the part of the Donetsk region they now control, about 20 percent of it, which becomes a neutral demilitarised buffer zone under international monitoring.", "=",
				"Ukrainian forces withdraw from the part of the Donetsk region they now control, about 20 percent of it, which becomes a neutral demilitarised buffer zone under international monitoring; its final status is settled in direct talks between the presidents.",
				"Ukrainian forces withdraw from the part of the Donetsk region they now control, about 20 percent of it, which becomes a neutral demilitarised buffer zone under international monitoring; its final status is settled in direct talks between the presidents within one year."},
			ru: "NUUUN", ua: "UUUUU"},
		{key: "contact-line", title: "Kherson and Zaporizhzhia",
			texts: [5]string{"In the Kherson and Zaporizhzhia regions the line of contact will be frozen.", "=", "=", "=", "="},
			ru:    "NNNAA", ua: "NNAAA"},
		{key: "crimea-luhansk", title: "Crimea and Luhansk",
			texts: [5]string{"", "", "", "Crimea and the Luhansk region will be recognised as de facto under Russian control, without prejudice to their legal status.", "="},
			ru:    "---NA", ua: "---NN"},
		{key: "nuclear-plant", title: "Zaporizhzhia nuclear plant",
			texts: [5]string{"The Zaporizhzhia nuclear power plant restarts under IAEA supervision; its electricity is shared equally between Russia and Ukraine.", "=", "=", "=", "="},
			ru:    "NNAAA", ua: "UNNAA"},
		{key: "no-force", title: "No change by force",
			texts: [5]string{"Both parties undertake not to change the agreed lines by force.", "=", "=", "=", "="},
			ru:    "AAAAA", ua: "AAAAA"},
	}},
	{"economy", "Economy", []point{
		{key: "sanctions", title: "Sanctions",
			texts: [5]string{"Sanctions on Russia will be lifted in stages, case by case.",
				"Sanctions on Russia will be lifted in stages as the agreement is implemented; they return if it is breached.", "=", "=", "="},
			ru: "NAAAA", ua: "NAAAA"},
		{key: "assets", title: "Reconstruction and frozen assets",
			texts: [5]string{"$100 billion of frozen Russian assets will be invested in the reconstruction of Ukraine; the rest goes to a joint US–Russian investment vehicle.", "=", "", "", ""},
			ru:    "UU---", ua: "NN---"},
		{key: "reconstruction", title: "Reconstruction fund", from: []string{"assets"},
			texts: [5]string{"", "", "A fund for the reconstruction of Ukraine will be set up, open to investment from every country.", "=", "="},
			ru:    "--AAA", ua: "--AAA"},
		{key: "frozen-assets", title: "Frozen assets", from: []string{"assets"},
			texts: [5]string{"", "", "The use of frozen Russian assets for reconstruction will be agreed between Russia, the United States and the European Union.", "=", "="},
			ru:    "--NNN", ua: "--NNA"},
		{key: "g8", title: "Return to the G8",
			texts: [5]string{"Russia will be invited back into the G8.", "=",
				"Russia's return to the G8 will be considered once the agreement holds.", "=", "="},
			ru: "AANNA", ua: "NNAAA"},
		{key: "cooperation", title: "Economic cooperation",
			texts: [5]string{"The United States and Russia will agree long-term economic cooperation in energy, natural resources, infrastructure and the Arctic.", "=", "=", "=", "="},
			ru:    "AAAAA", ua: "NNNNN"},
	}},
	{"humanitarian", "Humanitarian matters", []point{
		{key: "prisoners", title: "Prisoner exchange",
			texts: [5]string{"All prisoners of war and the bodies of the dead will be exchanged, all for all.", "=", "=", "", ""},
			ru:    "AAA--", ua: "AAA--"},
		{key: "detainees", title: "Civilian detainees",
			texts: [5]string{"All civilian detainees and hostages will be returned.", "All civilian detainees and hostages will be returned, children included.", "=", "", ""},
			ru:    "NNN--", ua: "AAA--"},
		{key: "exchange", title: "Prisoners and detainees", from: []string{"prisoners", "detainees"},
			texts: [5]string{"", "", "", "All prisoners of war, civilian detainees and hostages, children included, will be returned, all for all, with the bodies of the dead.", "="},
			ru:    "---AA", ua: "---AA"},
		{key: "amnesty", title: "Amnesty",
			texts: [5]string{"All parties to the conflict receive a full amnesty for their actions during the war.", "=", "=",
				"All parties to the conflict receive an amnesty for their actions during the war, war crimes excepted.", "="},
			ru: "AAANN", ua: "UUUNA"},
		{key: "tolerance", title: "Education and faith",
			texts: [5]string{"Both countries adopt programmes of tolerance; Ukraine adopts EU rules on religious freedom and minority languages.", "=", "=", "=", "="},
			ru:    "NAAAA", ua: "NAAAA"},
	}},
	{"implementation", "Implementation", []point{
		{key: "elections", title: "Elections",
			texts: [5]string{"Ukraine will hold elections within 100 days of signing.", "=",
				"Ukraine will hold elections within 100 days after martial law ends.", "=", "="},
			ru: "AANNA", ua: "UUNNN"},
		{key: "council", title: "Peace Council",
			texts: [5]string{"A Peace Council chaired by the President of the United States will oversee implementation; breaches bring sanctions.", "=", "=", "=", "="},
			ru:    "NNNAA", ua: "AAAAA"},
		{key: "ceasefire", title: "Ceasefire",
			texts: [5]string{"A ceasefire takes effect as soon as both parties withdraw to the agreed positions.", "=", "=", "=",
				"A full ceasefire takes effect on signing; forces withdraw to the agreed positions within 30 days."},
			ru: "AAAAN", ua: "NNNNA"},
	}},
}

// rationales gives the parties' reasons on some points, by point key.
var rationales = map[string][2]string{
	"territory": {
		"Russia: the whole of the Donetsk region is ours by our constitution; a neutral zone under foreign monitors is not acceptable.",
		"Ukraine: we will not withdraw from territory we hold; our constitution forbids ceding it.",
	},
	"nato":        {"Russia: a constitutional bar is the only reliable form.", "Ukraine: no third party may veto our alliances for ever."},
	"forces":      {"Russia: the ceiling must be verifiable.", "Ukraine: 600,000 is below what our defence needs."},
	"guarantees":  {"Russia: Article 5-like guarantees bring NATO in by the back door.", "Ukraine: guarantees must be ratified by the guarantors' parliaments."},
	"elections":   {"Russia: elections must come soon after signing.", "Ukraine: no elections under martial law."},
	"cooperation": {"Russia: economic cooperation is the basis of a lasting settlement.", "Ukraine: deals over our heads must not bind us."},
	"amnesty":     {"Russia: a full amnesty is needed for reconciliation.", "Ukraine: no amnesty for war crimes."},
}

// proposals gives wording a party proposes on some points, by point key:
// on the last draft, where it does not find the point acceptable, as an
// amendment shared as its stance is.
var proposals = map[string][2]string{
	"territory": {
		"Ukrainian forces withdraw from the Donetsk region, which comes under Russian administration.",
		"Both sides withdraw from the line of contact in the Donetsk region, which is frozen pending direct talks.",
	},
	"elections": {"", "Ukraine will hold elections within 100 days after martial law is lifted."},
}

// private names the stances a party keeps from the mediator, as
// "party/key/draft"; every other stance is shared with the mediator.
var private = map[string]bool{
	"russia/cooperation/5": true,
	"ukraine/elections/5":  true,
}
