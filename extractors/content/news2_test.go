package content

// moreNewsCases are a second set of hand-written pages (testdata/news) with
// the variants held-out agency pages show: JSON-LD in an @graph, "updated"
// printed before "published", related lists and teasers inside the article
// body, photo credits in captions, microdata dates without a zone, a
// government portal in windows-1251 with no charset declaration. Expected
// values were read off the pages by hand.
var moreNewsCases = []newsCase{
	{
		file: "tass_com_graph.html", url: "https://tass.com/politics/1791555",
		title:     "Kaluga Region, Grodno Region to build joint logistics center",
		published: "2024-05-27T09:15:00+03:00", lang: "en", agency: "TASS",
		dateline: "MOSCOW, May 27. /TASS/",
		must:     []string{"MOSCOW, May 27. /TASS/. The Kaluga Region", "We have agreed on the site", "The center will handle up to 300,000 tonnes of cargo a year and", "signed a cooperation agreement in 2017"},
		never:    []string{"Read also", "easy terms", "Forum of Regions", "Sergei Bobylev", "Share", "More news", "All rights reserved", "Updated"},
	},
	{
		file: "belta_ru.html", url: "https://www.belta.by/regions/view/grodnenskaja-i-kaluzhskaja-oblasti-sozdadut-logisticheskij-tsentr-630050-2024/",
		title:     "Гродненская область и Калужская область создадут совместный логистический центр",
		published: "2024-05-27T18:20:00+03:00", lang: "ru", agency: "BelTA",
		dateline: "ГРОДНО, 27 мая (БЕЛТА)",
		must:     []string{"ГРОДНО, 27 мая (БЕЛТА) – Гродненская область", "Документ подписали", "Калужская область — один из наших", "сотрудничают с 2017 года"},
		never:    []string{"Читайте также", "готовится к Форуму", "тракторов", "Фото из архива", "Теги", "Поделиться", "Подписывайтесь", "ярмарка ремесел", "Кирова"},
	},
	{
		file: "interfax_com.html", url: "https://interfax.com/newsroom/top-stories/101056/",
		title:     "Tatarstan, Bashkortostan to co-finance Kazan-Ufa highway stretch",
		published: "2024-05-27T14:05:00+03:00", lang: "en", agency: "Interfax",
		dateline: "MOSCOW. May 27 (Interfax)",
		must:     []string{"MOSCOW. May 27 (Interfax) - The governments", "split the costs", "95 billion rubles", "scheduled to open in 2027"},
		never:    []string{"Also read", "M-12", "Share this", "Newsline", "key rate", "All rights reserved"},
	},
	{
		file: "kremlin_en.html", url: "http://en.kremlin.ru/events/president/news/74150",
		title:     "Meeting with Governor of Kaliningrad Region Alexei Besprozvannykh",
		published: "2024-05-27T15:10:00+03:00", lang: "en", agency: "Kremlin",
		must:  []string{"Vladimir Putin had a working meeting", "let us start with transport", "six ferries", "fourteen Russian cities"},
		never: []string{"Publication date", "Direct link", "Text version", "Creative Commons", "visually impaired"},
	},
	{
		file: "de_updated.html", url: "https://www.maerkische-rundschau.de/brandenburg/leningrad-partnerschaft-schulen-123456.html",
		title:     "Brandenburg und Oblast Leningrad: Städtepartnerschaft ruht, Schulen halten Kontakt",
		published: "2024-05-27", lang: "de",
		must:  []string{"Offiziell liegt die Partnerschaft", "Seit dem Frühjahr 2022", "Am Gymnasium in Eberswalde", "Bis dahin bleibe"},
		never: []string{"Cookies", "Aktualisiert", "Veröffentlicht", "Patrick Pleul", "Das könnte Sie", "Ostprignitz", "Artikel teilen", "Mehr zum Thema", "Lausitz", "Impressum"},
	},
	{
		file: "fr_maj.html", url: "https://www.echo-est.fr/region/alsace-tatarstan-jumelage-scolaire",
		title:     "Alsace et Tatarstan : un jumelage scolaire malgré les tensions",
		published: "2024-05-27", lang: "fr",
		must:  []string{"Deux lycées de Colmar", "Chaque mardi", "Les jeunes n'ont pas à payer", "Le jumelage entre"},
		never: []string{"cookies", "Publié le", "Jean-Marc Loos", "À lire aussi", "Conseil de l'Europe", "Partager", "Abonnez-vous", "Tous droits"},
	},
	{
		file: "es_cest.html", url: "https://www.elfarogallego.es/galicia/becas-san-petersburgo",
		title:     "Galicia y San Petersburgo mantienen su programa de becas de idiomas",
		published: "2024-05-27", lang: "es",
		must:  []string{"La Universidad de Santiago de Compostela y", "El programa, creado en 2011", "La vicerrectora"},
		never: []string{"cookies", "Lavandeira", "Noticias relacionadas", "puerto de Vigo", "Compartir", "derechos reservados", "Actualizado"},
	},
	{
		file: "zh_gov.html", url: "http://www.jl.gov.cn/zw/yw/jlyw/202405/t20240527_8900000.html",
		title:     "吉林省与俄罗斯滨海边疆区签署经贸合作备忘录",
		published: "2024-05-27", lang: "zh",
		must:  []string{"5月27日，吉林省与俄罗斯滨海边疆区", "根据备忘录", "据统计"},
		never: []string{"发布时间", "浏览次数", "分享到", "相关链接", "中俄博览会", "责任编辑", "版权所有"},
	},
	{
		file: "gov_1251.html", url: "https://admin-smolensk.ru/news/news_12345.html",
		title:     "Смоленская область и Могилевская область расширят сотрудничество в сфере образования",
		published: "2024-05-27", lang: "ru",
		must:  []string{"Губернатор Смоленской области Василий Анохин", "Документ предусматривает обмен", "Смоленщина и Могилевщина", "сотрудничают с 1999 года"},
		never: []string{"Дата публикации", "Версия для слабовидящих", "Вернуться к списку", "Вязьме", "214008", "Фото: пресс-служба", "Главная"},
	},
	{
		file: "gov_ru.html", url: "http://government.ru/news/51234/",
		title:     "Михаил Мишустин провёл рабочую встречу с губернатором Новгородской области Андреем Никитиным",
		published: "2024-05-27T16:20:00+03:00", lang: "ru", agency: "Government of Russia",
		must:  []string{"Андрей Сергеевич, добрый день!", "товарооборот с Белоруссией вырос на 18%", "Прошу уделить особое внимание"},
		never: []string{"Версия для слабовидящих", "провёл заседание Правительства", "Теги", "Поделиться", "Creative Commons"},
	},
}
