package analytics

import (
	"context"
	"sort"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// model is what working out a customer's state needs to know about the
// workspace besides the customer's own rows.
type model struct {
	loc        *time.Location
	journeys   map[string][]string // journey id → stage ids in journey order
	milestones []cx.Milestone
	// conversionDays is the workspace's setting: a touch converts when an
	// order follows within it (the touch rollups count such touches).
	conversionDays int
}

// loadModel reads a workspace's time zone, journeys and milestones.
func loadModel(ctx context.Context, st *store.Store, wsID string) (*model, error) {
	ws, err := st.Workspace(ctx, wsID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(ws.Timezone)
	if err != nil {
		loc = time.UTC // a zone the server no longer knows: still count something
	}
	set, err := st.AnalyticsSettingsOf(ctx, wsID)
	if err != nil {
		return nil, err
	}
	m := &model{loc: loc, journeys: map[string][]string{}, conversionDays: set.ConversionDays}
	for p := (store.Page{Limit: store.MaxLimit}); ; {
		l, err := st.Journeys(ctx, wsID, p)
		if err != nil {
			return nil, err
		}
		for _, j := range l.Items {
			stages := append([]cx.Stage(nil), j.Stages...)
			sort.SliceStable(stages, func(a, b int) bool { return stages[a].Position < stages[b].Position })
			for _, s := range stages {
				m.journeys[j.ID] = append(m.journeys[j.ID], s.ID)
			}
		}
		if p.After = l.Next; p.After == "" {
			break
		}
	}
	for p := (store.Page{Limit: store.MaxLimit}); ; {
		l, err := st.Milestones(ctx, wsID, p)
		if err != nil {
			return nil, err
		}
		m.milestones = append(m.milestones, l.Items...)
		if p.After = l.Next; p.After == "" {
			break
		}
	}
	return m, nil
}

const dayMS = int64(24 * time.Hour / time.Millisecond)

// day is the day number (days from 1970-01-01 to the local date) of a
// time in the workspace's zone, as the day rollups key days.
func (m *model) day(atMS int64) int64 { return DayNumberOf(time.UnixMilli(atMS).In(m.loc)) }

// DayNumberOf is the day number of t's date in t's location.
func DayNumberOf(t time.Time) int64 {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// gapDays is the days from one day number to a later one, capped as the
// order rollups keep them.
func gapDays(day, earlier int64) int64 { return min(day-earlier, store.GapCap) }

// derive works out a customer's analytics state from their raw rows. It is
// the one place these rules live: the worker and the rebuild both call it.
func (m *model) derive(raw store.CustomerRaw) store.CustomerState {
	var st store.CustomerState
	reached := m.stagesPassed(raw.Transitions, &st)
	st.Touches = m.touches(raw.Events, raw.Orders)
	for i, o := range raw.Orders {
		f := store.OrderFact{OrderID: o.ID, At: o.At, VND: o.Currency == "VND", Day: m.day(o.At), Gap1: store.GapNone, Gap2: store.GapNone}
		if f.VND {
			f.TotalVND = o.Total
		}
		if i > 0 {
			f.Prev, f.Gap1 = raw.Orders[i-1].At, gapDays(f.Day, m.day(raw.Orders[i-1].At))
		}
		if i > 1 {
			f.Prev2, f.Gap2 = raw.Orders[i-2].At, gapDays(f.Day, m.day(raw.Orders[i-2].At))
		}
		st.Orders = append(st.Orders, f)
		month := time.UnixMilli(o.At).In(m.loc).Format("2006-01")
		cohort := time.UnixMilli(raw.Orders[0].At).In(m.loc).Format("2006-01")
		if i == 0 || month != st.Months[len(st.Months)-1].Month {
			st.Months = append(st.Months, store.OrderMonth{Month: month, Cohort: cohort})
		}
	}
	for _, ms := range m.milestones {
		if p, ok := milestoneProgress(ms, reached, raw.Events); ok {
			st.Milestones = append(st.Milestones, p)
		}
	}
	return st
}

// stagesPassed adds the stages a customer passed: a stage is passed when
// the customer entered it or any later stage of its journey, first at the
// earliest such entry. It returns stage id → when it was first passed.
func (m *model) stagesPassed(ts []store.RawTransition, st *store.CustomerState) map[string]int64 {
	entered := map[string]int64{} // journey/stage → first entry
	for _, t := range ts {
		k := t.JourneyID + "/" + t.StageID
		if at, ok := entered[k]; !ok || t.At < at {
			entered[k] = t.At
		}
	}
	reached := map[string]int64{}
	for _, j := range m.journeyOrder() {
		stages := m.journeys[j]
		first := make([]int64, len(stages))
		var min int64
		for i := len(stages) - 1; i >= 0; i-- {
			if at, ok := entered[j+"/"+stages[i]]; ok && (min == 0 || at < min) {
				min = at
			}
			first[i] = min
		}
		for i, s := range stages {
			if first[i] == 0 {
				continue
			}
			r := store.StageReached{JourneyID: j, StageID: s, ReachedAt: first[i], Day: m.day(first[i])}
			if i > 0 {
				r.PreviousAt = first[i-1]
			}
			st.Stages = append(st.Stages, r)
			reached[s] = first[i]
		}
	}
	return reached
}

// touches pairs every event at a touchpoint with the first order placed at
// or after it, the order that event itself completed excepted, and works
// out the gaps the touch rollups count by (events come in time order).
func (m *model) touches(events []store.RawEvent, orders []store.RawOrder) []store.Touch {
	var out []store.Touch
	lastDay, lastConv := map[string]int64{}, map[string]int64{} // touchpoint → day of the customer's previous (converting) touch
	within := int64(m.conversionDays) * dayMS
	for _, e := range events {
		if e.TouchpointID == "" {
			continue
		}
		t := store.Touch{EventID: e.ID, TouchpointID: e.TouchpointID, At: e.At, Day: m.day(e.At), Gap: store.GapNone, ConvGap: -1}
		if d, ok := lastDay[e.TouchpointID]; ok {
			t.Gap = gapDays(t.Day, d)
		}
		lastDay[e.TouchpointID] = t.Day
		i := sort.Search(len(orders), func(i int) bool { return orders[i].At >= e.At })
		for ; i < len(orders); i++ {
			if orders[i].EventID != e.ID {
				o := orders[i]
				t.OrderID, t.OrderAt = o.ID, o.At
				if o.Currency == "VND" {
					t.OrderVND = o.Total
				}
				break
			}
		}
		if t.OrderID != "" && t.OrderAt <= t.At+within {
			t.ConvGap = store.GapNone
			if d, ok := lastConv[e.TouchpointID]; ok {
				t.ConvGap = gapDays(t.Day, d)
			}
			lastConv[e.TouchpointID] = t.Day
		}
		out = append(out, t)
	}
	m.credit(out)
	return out
}

// credit marks the touches each order is attributed to: those of the
// conversion days before it (each touch leads to one order, the first
// after it), with how many share the order and which are its first and
// last, in time order (touches come in time order).
func (m *model) credit(ts []store.Touch) {
	within := int64(m.conversionDays) * dayMS
	byOrder := map[string][]int{}
	var orders []string
	for i, t := range ts {
		if t.OrderID != "" && t.At >= t.OrderAt-within {
			if byOrder[t.OrderID] == nil {
				orders = append(orders, t.OrderID)
			}
			byOrder[t.OrderID] = append(byOrder[t.OrderID], i)
		}
	}
	for _, o := range orders {
		idx := byOrder[o]
		for _, i := range idx {
			ts[i].CreditK, ts[i].OrderDay = int64(len(idx)), m.day(ts[i].OrderAt)
		}
		ts[idx[0]].CreditFirst, ts[idx[len(idx)-1]].CreditLast = true, true
	}
}

// milestoneProgress is where a customer stands on a milestone: the clock
// starts when they first pass its stage; it is achieved when its condition
// holds (never before the clock starts).
func milestoneProgress(ms cx.Milestone, reached map[string]int64, events []store.RawEvent) (store.MilestoneProgress, bool) {
	start, ok := reached[ms.StageID]
	if !ok {
		return store.MilestoneProgress{}, false
	}
	p := store.MilestoneProgress{MilestoneID: ms.ID, StartedAt: start, DueAt: start + int64(ms.DueDays)*dayMS}
	var at int64
	switch ms.Condition.Type {
	case "stage":
		at = reached[ms.Condition.StageID]
	case "event":
		n := 0
		for _, e := range events {
			if strings.EqualFold(strings.TrimSpace(e.Name), ms.Condition.Event) {
				if n++; n == ms.Condition.Count {
					at = e.At
					break
				}
			}
		}
	}
	if at != 0 {
		p.Achieved = max(at, start)
	}
	return p, true
}

// journeyOrder is the model's journey ids in a stable order.
func (m *model) journeyOrder() []string {
	ids := make([]string, 0, len(m.journeys))
	for id := range m.journeys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
