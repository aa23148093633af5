package content

import (
	"regexp"
	"strings"
)

// datelineRe matches the agency dateline that opens a story:
//
//	MINSK, 27 May (BelTA) –
//	PARIS (UrduPoint News / Sputnik - 09th December, 2019)
//	HARBIN, Feb. 7 (Xinhua) --
//	UST-KAMENOGORSK. KAZINFORM -
//	VLADIVOSTOK. January 15. VOSTOK-MEDIA –
//	МОСКВА, 27 мая. /ТАСС/.
//	МОСКВА, 27 мая - РИА Новости.
//	ЕКАТЕРИНБУРГ, 9 декабря, ИА УралПолит.Ru.
//	New Delhi, Oct 8:
//	TOSHKENT, 27-may — Sputnik.
//
// Group 1 is the place, group 2 the date words, groups 3–6 the agency in
// its several wrappings.
var datelineRe = regexp.MustCompile(`^` +
	// Place: upper-case words, or a capitalized name followed by a date.
	`((?:\p{Lu}[\p{Lu}'’-]+(?:[ -]\p{Lu}[\p{Lu}'’-]+){0,3})|(?:\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}(?:,)?))` +
	// Date: short run of day/month words and numbers.
	`(?:[,.]?\s+((?:\d{1,2}(?:st|nd|rd|th)?(?:\s+|-)\p{L}{3,9}\.?|\p{L}{3,9}\.?\s+\d{1,2})(?:,?\s+\d{4})?))?` +
	`[.,]?\s*` +
	`(?:` +
	`\(([^()\n]{2,80})\)` + // (BelTA), (UrduPoint News / Sputnik - 09th December, 2019)
	`|/([^/\n]{2,40})/` + // /ТАСС/
	`|(?:[-–—]\s*)?((?:ИА\s+)?[\p{Lu}][\p{L}.-]+(?:\s+[\p{Lu}][\p{L}.-]*){0,2})\s*[.,]?\s*(?:[-–—]|\.\s|$)` + // KAZINFORM -, — РИА Новости.
	`|(:)` + // New Delhi, Oct 8:
	`)` +
	`\s*(?:--|[-–—:.])?`)

// findDateline looks for a dateline at the start of the first paragraphs of
// text and returns it (without its trailing dash) and the agency it names,
// as written.
func findDateline(text string) (dateline, agency string) {
	paras := strings.SplitN(text, "\n", 8)
	for i, p := range paras {
		if i >= 7 {
			break
		}
		p = strings.TrimSpace(p)
		if len(p) < 40 { // a dateline opens a paragraph of running text
			continue
		}
		ix := datelineRe.FindStringSubmatchIndex(p)
		if ix == nil {
			continue
		}
		place := p[ix[2]:ix[3]]
		hasDate := ix[4] >= 0
		ag := ""
		for g := 3; g <= 5; g++ {
			if ix[2*g] >= 0 {
				ag = p[ix[2*g]:ix[2*g+1]]
			}
		}
		colon := ix[12] >= 0
		upperPlace := strings.ToUpper(place) == place
		switch {
		case colon && !hasDate:
			continue // "Moscow:" is a heading, not a dateline
		case !upperPlace && !hasDate:
			continue // "Alexander Lukashenko (...)" is a sentence
		case ag == "" && !colon:
			continue
		}
		if ag != "" && !upperPlace && ix[6] < 0 && ix[8] < 0 && canonicalAgency(agencyPart(ag)) == "" {
			continue // "Moscow, May 5 Governor ..." is prose
		}
		if len(p)-ix[1] < 30 {
			continue // a dateline opens running text; a caption line ends soon
		}
		d := strings.TrimRight(strings.TrimSpace(p[ix[0]:ix[1]]), "-–—:. ")
		return d, agencyPart(ag)
	}
	return "", ""
}

// agencyPart takes the agency out of a dateline's wrapping:
// "UrduPoint News / Sputnik - 09th December, 2019" gives "Sputnik",
// "ИА УралПолит.Ru" gives "УралПолит.Ru".
func agencyPart(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	for _, sep := range []string{" - ", " – ", " — ", ","} {
		if i := strings.Index(s, sep); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.TrimPrefix(s, "ИА ")
	return strings.Trim(s, " .")
}
