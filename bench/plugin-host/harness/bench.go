package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/vault/sdk/logical"
)

type benchConfig struct {
	pluginFlags
	requests    int
	concurrency int
	coldStarts  int
	writePath   string
	writeData   map[string]any
	readPath    string
}

type benchResult struct {
	ColdStartMs   float64 `json:"cold_start_ms"`
	P50Us         float64 `json:"p50_us"`
	P99Us         float64 `json:"p99_us"`
	ThroughputRPS float64 `json:"throughput_rps"`
}

func runBench(argv []string) error {
	var c benchConfig
	var writeData string
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	c.register(fs)
	fs.IntVar(&c.requests, "requests", 2000, "reads in the latency run, and again in the throughput run")
	fs.IntVar(&c.concurrency, "concurrency", 16, "reads in flight during the throughput run")
	fs.IntVar(&c.coldStarts, "cold-starts", 10, "plugin starts to take the cold-start median over")
	fs.StringVar(&c.writePath, "write-path", "foo", "path written once before reading (empty: no write)")
	fs.StringVar(&writeData, "write-data", `{"value":"bar"}`, "JSON object written to --write-path")
	fs.StringVar(&c.readPath, "read-path", "foo", "path read by every timed request")
	fs.Parse(argv)
	if err := json.Unmarshal([]byte(writeData), &c.writeData); err != nil {
		return fmt.Errorf("--write-data must be a JSON object: %w", err)
	}
	if c.requests < 1 || c.concurrency < 1 || c.coldStarts < 1 {
		return fmt.Errorf("--requests, --concurrency and --cold-starts must be at least 1")
	}
	h, err := c.newHost()
	if err != nil {
		return err
	}
	ctx := context.Background()

	var result benchResult
	if result.ColdStartMs, err = coldStartMedian(ctx, h, &c); err != nil {
		return err
	}
	backend, storage, err := h.mount(ctx, c.options)
	if err != nil {
		return err
	}
	defer backend.Cleanup(ctx)
	if c.writePath != "" {
		if _, err := write(ctx, backend, storage, c.writePath, c.writeData); err != nil {
			return fmt.Errorf("writing %s: %w", c.writePath, err)
		}
	}
	if resp, err := request(ctx, backend, storage, logical.ReadOperation, c.readPath, nil); err != nil || resp == nil {
		return fmt.Errorf("reading %s answered no data (error: %v); check --read-path, --write-path and --option", c.readPath, err)
	}
	read := func() error {
		_, err := request(ctx, backend, storage, logical.ReadOperation, c.readPath, nil)
		return err
	}
	if result.P50Us, result.P99Us, err = latency(read, c.requests); err != nil {
		return fmt.Errorf("reading %s: %w", c.readPath, err)
	}
	if result.ThroughputRPS, err = throughput(read, c.requests, c.concurrency); err != nil {
		return fmt.Errorf("reading %s: %w", c.readPath, err)
	}
	return printJSON(result)
}

// coldStartMedian times spawn → handshake → Setup → Initialize → first answered
// read, over fresh processes, and returns the median in milliseconds.
func coldStartMedian(ctx context.Context, h *host, c *benchConfig) (float64, error) {
	samples := make([]float64, 0, c.coldStarts)
	for range c.coldStarts {
		start := time.Now()
		backend, storage, err := h.mount(ctx, c.options)
		if err != nil {
			return 0, err
		}
		_, err = request(ctx, backend, storage, logical.ReadOperation, c.readPath, nil)
		elapsed := time.Since(start)
		backend.Cleanup(ctx)
		// Before the write, a read may answer a user error (e.g. "not configured"):
		// that is still an answer. Only transport failures count as failed starts.
		if err != nil && isTransportError(err) {
			return 0, fmt.Errorf("first read after start: %w", err)
		}
		samples = append(samples, float64(elapsed.Microseconds())/1000)
	}
	return round(percentile(samples, 50), 1), nil
}

// latency runs n sequential requests after a short warm-up and returns p50 and
// p99 in microseconds.
func latency(do func() error, n int) (p50, p99 float64, err error) {
	for range min(n/10+1, 100) {
		if err := do(); err != nil {
			return 0, 0, err
		}
	}
	samples := make([]float64, n)
	for i := range samples {
		start := time.Now()
		if err := do(); err != nil {
			return 0, 0, err
		}
		samples[i] = float64(time.Since(start).Nanoseconds()) / 1000
	}
	return round(percentile(samples, 50), 0), round(percentile(samples, 99), 0), nil
}

// throughput runs n requests with `concurrency` in flight and returns requests per second.
func throughput(do func() error, n, concurrency int) (float64, error) {
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				if err := do(); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return round(float64(n)/time.Since(start).Seconds(), 0), nil
}

// percentile uses the nearest-rank method on a copy of samples.
func percentile(samples []float64, p float64) float64 {
	sorted := append([]float64(nil), samples...)
	sort.Float64s(sorted)
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank-1, 0)]
}

func round(v float64, decimals int) float64 {
	scale := math.Pow(10, float64(decimals))
	return math.Round(v*scale) / scale
}
