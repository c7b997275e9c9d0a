package ingest

import (
	"maps"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Stage rules move a customer forward in a journey the nth time an event
// happens to them, n counted in the order events arrived. A rule whose
// stage is not further than where the customer stands does nothing, so the
// stage reached never depends on which rule fired last.

// further reports whether rule's stage lies beyond the current stage of
// its journey ("" for none).
func (s *setup) further(r cx.StageRule, current string) bool {
	if current == "" {
		return true
	}
	return s.StagePositions[r.StageID] > s.StagePositions[current]
}

// stagesOf returns where a customer stands: journey → stage.
func (b *batch) stagesOf(customer string) (map[string]string, error) {
	if st, ok := b.stages[customer]; ok {
		return st, nil
	}
	if st, ok := b.known.stages[customer]; ok && !b.merged {
		st = maps.Clone(st) // the job changes its copy; the cache only learns it on commit
		b.stages[customer] = st
		return st, nil
	}
	st, err := b.tx.CustomerStages(b.ws, customer)
	if err == nil {
		b.stages[customer] = st
	}
	return st, err
}

// advance applies the stage rules of an event that was just added.
func (b *batch) advance(customer string, e *cx.Event) error {
	rules := b.set.byName[fold(e.Name)]
	if len(rules) == 0 {
		return nil
	}
	cur, err := b.stagesOf(customer)
	if err != nil {
		return err
	}
	n := -1
	for _, r := range rules {
		if !b.set.further(r, cur[r.JourneyID]) {
			continue
		}
		if n < 0 {
			if n, err = b.occurrences(customer, e.Name); err != nil {
				return err
			}
		}
		if n != r.Occurrence {
			continue
		}
		b.moves = append(b.moves, store.StageMove{CustomerID: customer, JourneyID: r.JourneyID, From: cur[r.JourneyID], To: r.StageID,
			EventID: e.ID, At: e.Timestamp})
		cur[r.JourneyID] = r.StageID
	}
	return nil
}

// occurrences counts a customer's events with a name, the one just added
// included: those stored and those waiting in memory. A customer created in
// this batch has none stored until its events are written.
func (b *batch) occurrences(customer, name string) (int, error) {
	n := b.pending[customer+"\x00"+fold(name)]
	if b.fresh[customer] {
		return n, nil
	}
	counts, err := b.tx.EventNameCounts(b.ws, customer)
	if err != nil {
		return 0, err
	}
	for stored, c := range counts {
		if fold(stored) == fold(name) {
			n += c
		}
	}
	return n, nil
}

// reached is a stage a customer reached, and the event that took them there.
type reached struct {
	stage, eventID string
	at             time.Time
}

// replay works out the stages a customer reaches from their events in the
// order they arrived, as advance does one event at a time. moved, when not
// nil, is told of every move.
func (s *setup) replay(events []store.EventRef, moved func(journey, from string, to reached) error) (map[string]reached, error) {
	counts := map[string]int{}
	out := map[string]reached{}
	for _, e := range events {
		name := fold(e.Name)
		rules := s.byName[name]
		if len(rules) == 0 {
			continue
		}
		counts[name]++
		for _, r := range rules {
			from := out[r.JourneyID].stage
			if counts[name] != r.Occurrence || !s.further(r, from) {
				continue
			}
			out[r.JourneyID] = reached{r.StageID, e.ID, e.At}
			if moved != nil {
				if err := moved(r.JourneyID, from, out[r.JourneyID]); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// restage moves a merged customer to the stages their combined events
// reach, as a replay of those events would: further stages are a move; the
// same stage reached by an earlier event only changes when it was entered.
func (b *batch) restage(customer string) error {
	refs, err := b.tx.CustomerEventRefs(b.ws, customer)
	if err != nil {
		return err
	}
	cur, err := b.stagesOf(customer)
	if err != nil {
		return err
	}
	final, err := b.set.replay(refs, nil)
	if err != nil {
		return err
	}
	for journey, r := range final {
		switch {
		case cur[journey] == r.stage:
			err = b.tx.SetStage(b.ws, customer, journey, r.stage, r.eventID, r.at)
		case b.set.further(cx.StageRule{StageID: r.stage}, cur[journey]):
			err = b.tx.MoveStage(b.ws, customer, journey, cur[journey], r.stage, r.eventID, r.at)
		default:
			continue
		}
		if err != nil {
			return err
		}
		cur[journey] = r.stage
	}
	return nil
}
