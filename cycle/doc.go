// Package cycle runs an assessment cycle: it enrols agencies, puts crawl
// and probe work on River job queues, works them, scores stored evidence,
// applies reviews and appeals, and publishes. It is the one place where the
// crawler, the store and scoring meet.
//
// It must not parse pages (crawler/), judge evidence (scoring/) or write
// SQL of its own beyond River's tables (store/).
package cycle
