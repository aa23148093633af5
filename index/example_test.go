package index_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/pipeline"
)

func Example() {
	dir, _ := os.MkdirTemp("", "tieline-example-")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	err = ix.Put(ctx, []pipeline.Article{{
		ID: "1", Source: "BelTA", Language: "ru", Version: 1,
		Title:     "Пермский край и Беларусь расширяют сотрудничество",
		Text:      "Делегация Пермского края посетила Минск.",
		Published: time.Date(2019, 6, 3, 12, 0, 0, 0, time.UTC),
		Countries: []pipeline.Country{{Code: "BY", Name: "Belarus"}},
		Regions:   []pipeline.Region{{Code: "RU-PER", Name: "Perm Krai", Country: "RU"}},
		Ties:      []pipeline.Tie{{A: "BY", B: "RU-PER", Kind: "visit"}},
	}})
	if err != nil {
		log.Fatal(err)
	}

	// A nominative query finds the genitive "Пермского края".
	res, err := ix.Search(ctx, index.Query{Q: `"Пермский край"`, Tie: "RU-PER,BY", Highlight: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(res.Total, h.ID, h.Source, h.Regions, h.Snippet)
	}
	// Output:
	// 1 1 BelTA [RU-PER] Делегация <mark>Пермского</mark> <mark>края</mark> посетила Минск.
}
