package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newsCase is one hand-written page of testdata/news with the values a
// reader of the page would give: expected values are read off the page by
// hand, not produced by the code.
type newsCase struct {
	file, url   string
	title       string
	published   string // RFC 3339 (instant and offset checked) or 2006-01-02 (day checked)
	lang        string
	agency      string
	original    string
	dateline    string // checked when not empty
	must, never []string
}

var newsCases = []newsCase{
	{
		file: "tass_ru.html", url: "https://tass.ru/politika/21001234",
		title:     "Мишустин обсудил с премьером Белоруссии развитие межрегиональных связей",
		published: "2024-05-27T15:45:00+03:00", lang: "ru", agency: "TASS",
		dateline: "МОСКВА, 27 мая. /ТАСС/",
		must:     []string{"МОСКВА, 27 мая. /ТАСС/. Председатель правительства", "По его словам, по итогам прошлого года", "Ранее Мишустин и Головченко"},
		never:    []string{"Читайте также", "Лукашенко заявил о готовности", "Подписывайтесь", "Правительство утвердило план", "Все права защищены", "ЦБ РФ установил", "Поделиться", "Дмитрий Астахов"},
	},
	{
		file: "tass_com.html", url: "https://tass.com/politics/1790123",
		title:     "Perm Region, Belarus agree to expand supplies of agricultural machinery",
		published: "2024-05-27T12:10:00+03:00", lang: "en", agency: "TASS",
		dateline: "PERM, May 27. /TASS/",
		must:     []string{"PERM, May 27. /TASS/. The Perm Region", "Belarusian Ambassador to Russia Dmitry Krutoi", "has been held annually since 2014"},
		never:    []string{"Also read", "Forum of Regions in Vitebsk in June", "cookies", "Gazprom", "All rights reserved", "Share"},
	},
	{
		file: "ria.html", url: "https://ria.ru/20240527/forum-1948572211.html",
		title:     "В Минске открылся форум регионов России и Белоруссии",
		published: "2024-05-27T12:45:00+03:00", lang: "ru", agency: "RIA Novosti",
		dateline: "МОСКВА, 27 мая — РИА Новости",
		must:     []string{"МОСКВА, 27 мая — РИА Новости. Одиннадцатый форум", "Главная тема форума", "Регионы — это основа нашего союза", "На полях форума", "Первый форум регионов"},
		never:    []string{"Лукашенко рассказал о сотрудничестве", "В Витебске подготовили площадки", "Хорошее дело", "Подпишитесь", "Сетевое издание", "Добавить в избранное", "Виктор Толочко"},
	},
	{
		file: "belta_en.html", url: "https://eng.belta.by/president/view/lukashenko-belarus-russias-regions-should-step-up-cooperation-160123-2024/",
		title:     "Lukashenko: Belarus, Russia’s regions should step up cooperation in machine building",
		published: "2024-05-27T18:20:00+03:00", lang: "en", agency: "BelTA",
		dateline: "MINSK, 27 May (BelTA)",
		must:     []string{"MINSK, 27 May (BelTA) – Belarus and Russia’s regions", "Aleksei Dyumin thanked", "In January-March 2024"},
		never:    []string{"Also read", "governor of Kaluga Oblast", "Subscribe", "Tags", "Other materials", "Lukashenko signs decree", "Kirov Street", "Photo courtesy"},
	},
	{
		file: "interfax.html", url: "https://www.interfax.ru/russia/950000",
		title:     "Татарстан и Узбекистан договорились о создании совместного предприятия",
		published: "2024-05-27T11:32:00+03:00", lang: "ru", agency: "Interfax",
		dateline: "Москва. 27 мая. INTERFAX.RU",
		must:     []string{"Москва. 27 мая. INTERFAX.RU - Власти Татарстана", "По его словам, объем инвестиций", "Товарооборот Татарстана"},
		never:    []string{"Смотрите также", "Минниханов провел встречу с послом", "Фото: пресс-служба", "В Госдуму внесен", "Все права защищены"},
	},
	{
		file: "kremlin.html", url: "http://kremlin.ru/events/president/news/74130",
		title:     "Встреча с губернатором Пермского края Дмитрием Махониным",
		published: "2024-05-27T16:30:00+03:00", lang: "ru", agency: "Kremlin",
		must:  []string{"Владимир Путин провёл рабочую встречу", "Давайте начнём с ситуации в экономике", "Мы активно развиваем связи с Республикой Беларусь"},
		never: []string{"Новостные материалы", "Дата публикации", "Ссылка на материал", "Текстовая версия", "Creative Commons", "Версия для слабовидящих"},
	},
	{
		file: "sputnik_uz.html", url: "https://oz.sputniknews.uz/20240527/toshkent-qozon-reyslar-45123456.html",
		title:     "Toshkent va Qozon oʻrtasida toʻgʻridan-toʻgʻri reyslar soni oshiriladi",
		published: "2024-05-27", lang: "uz", agency: "Sputnik",
		dateline: "TOSHKENT, 27-may — Sputnik",
		must:     []string{"TOSHKENT, 27-may — Sputnik. Oʻzbekiston va Tatariston", "Hozirda Toshkent", "Oʻtgan yili"},
		never:    []string{"Tatariston rahbari Toshkentga", "obuna", "Barcha huquqlar", "Ilxom Abdullaev"},
	},
	{
		file: "gov_perm.html", url: "https://www.permkrai.ru/news/permskiy-kray-i-minskaya-oblast/",
		title:     "Пермский край и Минская область утвердили план мероприятий по сотрудничеству",
		published: "2024-05-27", lang: "ru",
		must:  []string{"Губернатор Пермского края Дмитрий Махонин и председатель", "«Беларусь — один из ключевых", "В 2023 году товарооборот"},
		never: []string{"Версия для слабовидящих", "Главная", "Поделиться", "Вернуться к списку", "Другие новости", "летняя оздоровительная", "614006", "Телефон", "Фото: пресс-служба"},
	},
	{
		file: "de.html", url: "https://www.regionalzeitung.de/wirtschaft/sachsen-russland-wirtschaftsforum-123.html",
		title:     "Sachsen und Russland: Wirtschaftsforum trotz Sanktionen gut besucht",
		published: "2024-05-27", lang: "de",
		must:  []string{"Rund 300 Unternehmer", "Im Mittelpunkt standen", "Das nächste Forum"},
		never: []string{"Cookies", "Lesen Sie auch", "Sächsische Exporte", "abonnieren", "Artikel teilen", "Mehr zum Thema", "Kommentare", "Impressum", "Thomas Schmidt"},
	},
	{
		file: "fr.html", url: "https://www.ouest-quotidien.fr/bretagne/kaliningrad-echanges-universitaires-2024",
		title:     "La Bretagne et la région de Kaliningrad relancent leurs échanges universitaires",
		published: "2024-05-27", lang: "fr",
		must:  []string{"Les universités de Rennes", "L'accord prévoit également", "La région Bretagne finance"},
		never: []string{"cookies", "Lire aussi", "Le port de Brest", "Abonnez-vous", "Partager", "Saint-Malo", "Tous droits"},
	},
	{
		file: "es.html", url: "https://www.diariodelsur.es/economia/andalucia-krasnodar-memorando-turismo",
		title:     "Andalucía y la región rusa de Krasnodar firman un memorando de cooperación turística",
		published: "2024-05-27", lang: "es",
		must:  []string{"La Junta de Andalucía", "El consejero de Turismo", "En 2023, Andalucía recibió"},
		never: []string{"cookies", "Noticias relacionadas", "bate récords", "Suscríbete", "Compartir", "Comentarios", "derechos reservados"},
	},
	{
		file: "zh.html", url: "http://www.news.cn/local/20240527/c_1130150000.htm",
		title:     "黑龙江省与俄罗斯阿穆尔州举行地方合作会谈",
		published: "2024-05-27T18:20:31+08:00", lang: "zh", agency: "Xinhua",
		must:  []string{"新华社哈尔滨5月27日电", "阿穆尔州方面表示", "据统计"},
		never: []string{"责任编辑", "分享到", "相关新闻", "中俄地方合作交流年活动", "版权所有"},
	},
	{
		file: "kk.html", url: "https://www.inform.kz/kz/kazakstan-men-resei-onirleri_a4200000",
		title:     "Қазақстан мен Ресей өңірлері ынтымақтастықты кеңейтеді",
		published: "2024-05-27T14:30:00+05:00", lang: "kk", agency: "Kazinform",
		must:  []string{"ОРАЛ. ҚазАқпарат – Батыс Қазақстан", "Құжат ауыл шаруашылығы", "Өткен жылы"},
		never: []string{"Бөлісу", "Тақырып бойынша", "Орал мен Самара", "Барлық құқықтар"},
	},
	{
		file: "regional_1251.html", url: "https://vologda-info.ru/news/123456",
		title:     "Вологодская область и Витебская область подписали соглашение о сотрудничестве",
		published: "2024-05-27", lang: "ru",
		must:  []string{"Губернатор Вологодской области Георгий Филимонов", "Соглашение предусматривает", "Следующая встреча делегаций"},
		never: []string{"Опубликовано", "Просмотров", "Комментарии", "Хорошая новость", "Популярное", "Кубенском", "Все права защищены", "Фото: пресс-служба", "Рубрики"},
	},
	{
		file: "en_urldate.html", url: "https://steppetimes.kz/2024/05/27/kostanay-chelyabinsk-grain-logistics/",
		title:     "Kazakhstan’s Kostanay region, Russia’s Chelyabinsk sign grain logistics deal",
		published: "2024-05-27", lang: "en", original: "Kazinform",
		must:  []string{"ASTANA – The Kostanay region", "The hub is expected", "Trade between the two regions"},
		never: []string{"Subscribe", "Share this", "Related", "Astana hosts", "Leave a Reply", "Powered by"},
	},
	{
		file: "en_byline.html", url: "https://siberianherald.ru/news/novosibirsk-mongolia-students",
		title:     "Novosibirsk, Mongolian aimags agree on student exchanges",
		published: "2024-05-27", lang: "en",
		must:  []string{"Universities of the Novosibirsk Region", "Under the deal", "Mongolian Ambassador"},
		never: []string{"cookies", "Subscribe", "Most read", "Ob river", "Ivan Ivanov"},
	},
}

// TestExtractNewsPages runs both tables of agency-style pages.
func TestExtractNewsPages(t *testing.T) {
	for _, tc := range append(newsCases, moreNewsCases...) {
		t.Run(strings.TrimSuffix(tc.file, ".html"), func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "news", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Extract(Input{Body: body, URL: tc.url, FetchedAt: fetched})
			if err != nil {
				t.Fatal(err)
			}
			checkNews(t, tc, r)
		})
	}
}

func checkNews(t *testing.T, tc newsCase, r Result) {
	t.Helper()
	if r.Title != tc.title {
		t.Errorf("Title = %q, want %q", r.Title, tc.title)
	}
	if len(tc.published) == len("2006-01-02") {
		if got := fmtDay(r.Published); got != tc.published {
			t.Errorf("Published = %v, want day %s", r.Published, tc.published)
		}
	} else {
		want, err := time.Parse(time.RFC3339, tc.published)
		if err != nil {
			t.Fatal(err)
		}
		_, goff := r.Published.Zone()
		_, woff := want.Zone()
		if !r.Published.Equal(want) || goff != woff {
			t.Errorf("Published = %v, want %v", r.Published, want)
		}
	}
	if r.Language != tc.lang {
		t.Errorf("Language = %q, want %q", r.Language, tc.lang)
	}
	if r.Agency != tc.agency {
		t.Errorf("Agency = %q, want %q", r.Agency, tc.agency)
	}
	if r.OriginalAgency != tc.original {
		t.Errorf("OriginalAgency = %q, want %q", r.OriginalAgency, tc.original)
	}
	if tc.dateline != "" && r.Dateline != tc.dateline {
		t.Errorf("Dateline = %q, want %q", r.Dateline, tc.dateline)
	}
	for _, s := range tc.must {
		if !strings.Contains(r.Text, s) {
			t.Errorf("Text lacks %q", s)
		}
	}
	for _, s := range tc.never {
		if strings.Contains(r.Text, s) {
			t.Errorf("Text has boilerplate %q", s)
		}
	}
	if t.Failed() {
		t.Logf("Text:\n%s", r.Text)
	}
}
