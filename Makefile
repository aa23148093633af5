# Convenience targets; the README's two commands are `make run` and `make test`.
.PHONY: run test vet bench check-config eval build

run:
	go run ./cmd/tieline run

test:
	go test ./...

vet:
	go vet ./...

build:
	go build -o tieline ./cmd/tieline

bench:
	go test -run '^$$' -bench . -benchmem ./extractors/... ./index/... ./pipeline/... ./warc/...

check-config:
	go run ./cmd/tieline config check configs/tieline.yaml

# Score extraction on the development gold set (needs ../shared).
eval:
	go run ./cmd/tieline extract --format jsonl ../shared/eval/dev/docs/* > pred.jsonl
	../shared/eval/score ../shared/eval/dev/gold.json pred.jsonl --lang en
	../shared/eval/score ../shared/eval/dev/gold.json pred.jsonl --lang ru
