package content

import "testing"

func TestAgencyForURL(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://tass.com/economy/1", "TASS"},
		{"https://tass.ru/ekonomika/1", "TASS"},
		{"http://www.belta.by/president/view/1", "BelTA"},
		{"https://eng.belta.by/x", "BelTA"},
		{"https://ria.ru/20191209/1.html", "RIA Novosti"},
		{"https://sputniknews.com/x", "Sputnik"},
		{"https://sputnik.by/x", "Sputnik"},
		{"https://sputnik.com.ua/x", "Sputnik"},
		{"https://www.interfax.ru/russia/1", "Interfax"},
		{"https://www.urdupoint.com/en/world/x.html", "UrduPoint"},
		{"https://notass.ru/x", ""},
		{"", ""},
		{"::not a url", ""},
	}
	for _, tt := range tests {
		if got := AgencyForURL(tt.url); got != tt.want {
			t.Errorf("AgencyForURL(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestOriginalAgency(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The governor said so, BelTA has learned.", "BelTA"},
		{"Makarov told Sputnik, adding that business is coming.", "Sputnik"},
		{"He said in an interview with TASS.", "TASS"},
		{"Long text.\n\nSource: TASS", "TASS"},
		{"Губернатор заявил об этом, сообщает РИА Новости.", "RIA Novosti"},
		{"Об этом говорится в сообщении, со ссылкой на ТАСС.", "TASS"},
		{"Соглашение подписано, — ТАСС.", "TASS"},
		{"Akim said, Kazinform reports.", "Kazinform"},
		{"© RIA Novosti / Photographer. The ambassador said.", "RIA Novosti"},
		{"The TASS building was renovated.", ""}, // a mention, not a credit
		{"Statistics show growth.", ""},          // "STAT" inside a word is no agency
	}
	for _, tt := range tests {
		if got := originalAgency(tt.text, ""); got != tt.want {
			t.Errorf("originalAgency(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFindDateline(t *testing.T) {
	tests := []struct{ para, dateline, agency string }{
		{"MINSK, 27 May (BelTA) – Belarus and Russia signed an agreement on regional cooperation.", "MINSK, 27 May (BelTA)", "BelTA"},
		{"PARIS (UrduPoint News / Sputnik - 09th December, 2019) French companies are interested in cooperation.", "PARIS (UrduPoint News / Sputnik - 09th December, 2019)", "Sputnik"},
		{"HARBIN, Feb. 7 (Xinhua) -- Chinese President Xi Jinping and his Russian counterpart sent messages.", "HARBIN, Feb. 7 (Xinhua)", "Xinhua"},
		{"UST-KAMENOGORSK. KAZINFORM - Akim of East Kazakhstan region told about close cooperation.", "UST-KAMENOGORSK. KAZINFORM", "KAZINFORM"},
		{"МОСКВА, 27 мая. /ТАСС/. Пермский край и Белоруссия подписали соглашение о сотрудничестве.", "МОСКВА, 27 мая. /ТАСС/", "ТАСС"},
		{"New Delhi, Oct 8: Indian Republic and Russian Federation decided to cooperate further.", "New Delhi, Oct 8", ""},
		{"Alexander Lukashenko (President) said that the regions of both countries cooperate well.", "", ""},
		{"Moscow: the capital hosted a forum of regions of Russia and Belarus this week in May.", "", ""},
	}
	for _, tt := range tests {
		dl, ag := findDateline(tt.para)
		if dl != tt.dateline || ag != tt.agency {
			t.Errorf("findDateline(%.30q) = %q, %q; want %q, %q", tt.para, dl, ag, tt.dateline, tt.agency)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The governor of the region said that the agreement was signed.", "en"},
		{"Губернатор края заявил, что соглашение было подписано в Минске.", "ru"},
		{"Губернатар вобласці заявіў, што пагадненне ўжо падпісана ў Мінску, ўсё добра ў нас.", "be"},
		{"Губернатор області заявив, що угоду підписано. Їхня співпраця є важливою, ґрунтовною і її підтримують.", "uk"},
		{"Le projet de loi sur le renseignement est adopté par les députés.", "fr"},
		{"Der Gouverneur sagte, dass die Vereinbarung nicht unterzeichnet wurde.", "de"},
		{"宇航员在太空中喝酒会怎么样", "zh"},
		{"12345 !!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestOriginalAgencyPatterns(t *testing.T) {
	// Credit forms of agency copy, each written as the agencies write it.
	tests := []struct{ text, want string }{
		{"Akmola region signed a memorandum with Orenburg.\n\nSource: Kazinform", "Kazinform"},
		{"Губернатор подписал соглашение с Минской областью, сообщает ИА «Регнум».", "Regnum"},
		{"Губернатор подписал соглашение с Минской областью. — ИА «Регнум»", "Regnum"},
		{"HARBIN, May 27 -- by Xinhua writer Wang Li. Heilongjiang and Amur held talks.", "Xinhua"},
		{"BAKU, Azerbaijan, May 27. Azerbaijan and Dagestan signed a road map (Trend).", "Trend"},
		{"Соглашение подписано в Перми /ТАСС/.", "TASS"},
		{"Das Abkommen wurde unterzeichnet.\n\nQuelle: RIA Novosti", "RIA Novosti"},
		{"黑龙江与阿穆尔州举行会谈。来源：新华社", "Xinhua"},
		{"Forum opened in Minsk, according to BelTA.", "BelTA"},
		{"Ulyanovsk is twinned with Bavarian towns; the story was reported by a local paper.", ""},
	}
	for _, tt := range tests {
		if got := originalAgency(tt.text, ""); got != tt.want {
			t.Errorf("originalAgency(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFindDatelinePatterns(t *testing.T) {
	tests := []struct{ para, dateline, agency string }{
		{"МОСКВА, 27 мая. /ТАСС/. Председатель правительства провел переговоры с премьером Белоруссии.", "МОСКВА, 27 мая. /ТАСС/", "ТАСС"},
		{"MOSCOW, May 27. /TASS/. Russian Prime Minister held talks with his Belarusian counterpart.", "MOSCOW, May 27. /TASS/", "TASS"},
		{"МОСКВА, 27 мая — РИА Новости. Форум регионов России и Белоруссии открылся в Минске.", "МОСКВА, 27 мая — РИА Новости", "РИА Новости"},
		{"TOSHKENT, 27-may — Sputnik. Oʻzbekiston va Tatariston poytaxtlari oʻrtasidagi reyslar soni oshiriladi.", "TOSHKENT, 27-may — Sputnik", "Sputnik"},
		{"Москва. 27 мая. INTERFAX.RU - Власти Татарстана и Узбекистана договорились о создании предприятия.", "Москва. 27 мая. INTERFAX.RU", "INTERFAX.RU"},
		{"ГРОДНО, 27 мая (БЕЛТА) – Гродненская область и Калужская область России создадут логистический центр.", "ГРОДНО, 27 мая (БЕЛТА)", "БЕЛТА"},
		{"MOSCOW. May 27 (Interfax) - The governments of Tatarstan and Bashkortostan will finance a highway.", "MOSCOW. May 27 (Interfax)", "Interfax"},
		{"ASTANA. KAZINFORM – The Kostanay region and Chelyabinsk region signed an agreement on grain.", "ASTANA. KAZINFORM", "KAZINFORM"},
	}
	for _, tt := range tests {
		dl, ag := findDateline(tt.para)
		if dl != tt.dateline || ag != tt.agency {
			t.Errorf("findDateline(%.30q) = %q, %q; want %q, %q", tt.para, dl, ag, tt.dateline, tt.agency)
		}
	}
}

func TestDetectLanguageMore(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Путин провел переговоры с Лукашенко", "ru"},
		{"Lukashenko meets Tula governor", "en"},
		{"Sachsen und Russland: Wirtschaftsforum trotz Sanktionen", "de"},
		{"Andalucía y la región rusa de Krasnodar firman un memorando", "es"},
		{"Toshkent va Qozon oʻrtasida reyslar soni oshiriladi va bu yil ham davom etadi", "uz"},
		{"Қазақстан мен Ресей өңірлері ынтымақтастықты кеңейтеді", "kk"},
		{"Ўзбекистон ва Татаристон ўртасидаги ҳамкорлик ривожланмоқда, қишлоқ хўжалиги", "uz"},
		// An English story quoting a Russian name stays English.
		{"The governor of the Perm Krai said the agreement with Belarus («Пермский край») was signed in Minsk on Monday.", "en"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
