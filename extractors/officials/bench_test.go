package officials

import (
	"sort"
	"strings"
	"testing"

	"github.com/tieline/tieline/extractors"
)

// benchText is a paragraph in agency style, repeated to article length.
const benchPara = "Belarusian President Aleksandr Lukashenko met with Governor of Russia’s Perm Krai Dmitry Makhonin. " +
	"“We need to trade,” Lukashenko said. Pyotr Pavlenko, trade representative of Russia in Japan, said the dialogue continues. " +
	"Делегацию возглавил губернатор Пермского края Дмитрий Махонин, сообщает пресс-служба.\n"

func BenchmarkFind(b *testing.B) {
	s := strings.Repeat(benchPara, 10)
	var ps []place
	for i := range 10 {
		ps = append(ps, place{"Belarusian", "BY", i}, place{"Russia’s", "RU", i}, place{"Perm Krai", "RU-PER", i},
			place{"Russia in", "RU", i}, place{"Japan", "JP", i}, place{"Пермского края", "RU-PER", i})
	}
	places := mkPlaces(b, s, ps)
	sortPlaces(places)
	if _, err := Default(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Find(s, "en", places)
	}
}

func sortPlaces(ps []extractors.Place) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
}
