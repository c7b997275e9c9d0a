package analytics

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strconv"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// DriversResult is the key-driver analysis of a rating matrix: how much of
// the outcome each criterion explains (Johnson's relative weights, which
// sum to R²) against how well it performs.
type DriversResult struct {
	SurveyID   string       `json:"survey_id"`
	Question   string       `json:"question"`
	Outcome    string       `json:"outcome"` // overall or nps
	Definition string       `json:"definition"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	RSquared   *float64     `json:"r_squared"`
	N          int          `json:"n"` // responses that rated every criterion and the outcome
	LowN       bool         `json:"low_n"`
	Items      []DriverItem `json:"items"`
	criteria   []cx.Option  // in the matrix's order
}

// DriverItem is one criterion: its weight (its share of R²), its mean on
// 1–5 over every answer in the window, and its quadrant.
type DriverItem struct {
	Criterion   string   `json:"criterion"`
	Label       cx.Text  `json:"label"`
	Weight      *float64 `json:"weight"`
	Share       *float64 `json:"share"` // weight ÷ R², in percent
	Performance *float64 `json:"performance"`
	N           int      `json:"n"`
	Quadrant    string   `json:"quadrant"` // fix_first, keep, monitor, secondary
}

// Driver quadrants: importance against performance, each compared with the
// criteria's average.
const (
	QuadrantFixFirst  = "fix_first" // important and below average: improve first
	QuadrantKeep      = "keep"      // important and above average: keep it so
	QuadrantMonitor   = "monitor"   // less important and below average
	QuadrantSecondary = "secondary" // less important and above average
)

const driversDefinition = "Key drivers = Johnson's relative weights of each criterion on the outcome (the matrix's overall row, or NPS): they sum to R²; performance = the criterion's mean on 1–5"

// Drivers answers GET /api/v1/analytics/drivers?survey=ID&question=KEY[&outcome=nps].
func (s *Service) Drivers(ctx context.Context, wsID string, q url.Values) (*DriversResult, error) {
	w, f, err := s.windowAndFilter(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	if f.Survey == "" {
		return nil, cx.FieldErrorf("survey", "%s is required", "survey")
	}
	sv, err := s.store.Survey(ctx, wsID, f.Survey)
	if err != nil {
		return nil, cx.FieldErrorf("survey", "no survey %q in this workspace", f.Survey)
	}
	matrix, npsKey, err := driverQuestions(sv, q.Get("question"), q.Get("outcome"))
	if err != nil {
		return nil, err
	}
	res := &DriversResult{SurveyID: sv.ID, Question: matrix.Key, Outcome: cx.OverallKey, Definition: driversDefinition,
		From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Items: []DriverItem{}}
	if npsKey != "" {
		res.Outcome = cx.MeasureNPS
	}
	for _, c := range matrix.Criteria() {
		if c.Key != cx.OverallKey {
			res.criteria = append(res.criteria, c)
		}
	}
	aq := store.AnswerQuery{SurveyID: sv.ID, QuestionKeys: []string{matrix.Key}, From: w.Start(), To: w.End(), Equal: map[string]string{}}
	if npsKey != "" {
		aq.QuestionKeys = append(aq.QuestionKeys, npsKey)
	}
	f.Survey = ""
	if err := s.applyFilter(ctx, wsID, f, &aq.Equal, &aq.Stages); err != nil {
		return nil, err
	}
	rows, err := s.store.AnswerScores(ctx, wsID, aq)
	if err != nil {
		return nil, err
	}
	res.compute(rows, matrix.Key)
	return res, nil
}

// driverQuestions finds the matrix and, for outcome=nps, the survey's NPS
// question.
func driverQuestions(sv cx.Survey, key, outcome string) (matrix cx.Question, npsKey string, err error) {
	if key == "" {
		return matrix, "", cx.FieldErrorf("question", "question is required: the key of a rating matrix")
	}
	for _, q := range sv.Questions {
		if q.Key == key && q.Type == cx.QMatrix {
			matrix = q
		}
		if q.Type == cx.QNPS && npsKey == "" {
			npsKey = q.Key
		}
	}
	if matrix.Key == "" {
		return matrix, "", cx.FieldErrorf("question", "no rating matrix %q in this survey", key)
	}
	switch outcome {
	case "", cx.OverallKey:
		if !matrix.Overall {
			return matrix, "", cx.FieldErrorf("outcome", "this matrix has no overall row: use outcome=nps")
		}
		return matrix, "", nil
	case cx.MeasureNPS:
		if npsKey == "" {
			return matrix, "", cx.FieldErrorf("outcome", "this survey has no NPS question")
		}
		return matrix, npsKey, nil
	}
	return matrix, "", cx.FieldErrorf("outcome", "outcome must be overall or nps")
}

// compute fills the result from the answers, by response: the criteria's
// means over every answer, and the weights over the responses that rated
// every criterion and the outcome.
func (r *DriversResult) compute(rows []store.AnswerScore, matrixKey string) {
	p := len(r.criteria)
	index := map[string]int{}
	for i, c := range r.criteria {
		index[c.Key] = i
	}
	sums, counts := make([]float64, p), make([]int, p)
	var cases [][]float64 // predictors then the outcome
	for i := 0; i < len(rows); {
		j := i
		row := make([]float64, p+1)
		seen := make([]bool, p+1)
		for ; j < len(rows) && rows[j].ResponseID == rows[i].ResponseID; j++ {
			a := rows[j]
			k, isCriterion := index[a.Criterion]
			switch {
			case a.QuestionKey == matrixKey && isCriterion:
				row[k], seen[k] = a.Score, true
				sums[k] += a.Score
				counts[k]++
			case a.QuestionKey == matrixKey && a.Criterion == cx.OverallKey && r.Outcome == cx.OverallKey,
				a.QuestionKey != matrixKey && r.Outcome == cx.MeasureNPS:
				row[p], seen[p] = a.Score, true
			}
		}
		if !slices.Contains(seen, false) {
			cases = append(cases, row)
		}
		i = j
	}
	r.N, r.LowN = len(cases), len(cases) < LowN
	weights, r2 := RelativeWeights(cases)
	r.RSquared = num(r2)
	for i, c := range r.criteria {
		it := DriverItem{Criterion: c.Key, Label: c.Label, N: counts[i]}
		if counts[i] > 0 {
			it.Performance = num(sums[i] / float64(counts[i]))
		}
		if weights != nil {
			it.Weight = num(weights[i])
			if r2 > 0 {
				it.Share = num(100 * weights[i] / r2)
			}
		}
		r.Items = append(r.Items, it)
	}
	quadrants(r.Items)
}

// quadrants places each criterion against the average weight and the
// average performance of the criteria.
func quadrants(items []DriverItem) {
	var wSum, pSum float64
	var wN, pN int
	for _, it := range items {
		if it.Weight != nil {
			wSum, wN = wSum+*it.Weight, wN+1
		}
		if it.Performance != nil {
			pSum, pN = pSum+*it.Performance, pN+1
		}
	}
	for i := range items {
		it := &items[i]
		if it.Weight == nil || it.Performance == nil {
			continue
		}
		important := *it.Weight >= wSum/float64(wN)
		good := *it.Performance >= pSum/float64(pN)
		switch {
		case important && !good:
			it.Quadrant = QuadrantFixFirst
		case important:
			it.Quadrant = QuadrantKeep
		case !good:
			it.Quadrant = QuadrantMonitor
		default:
			it.Quadrant = QuadrantSecondary
		}
	}
}

// RelativeWeights computes Johnson's (2000) relative weights of the
// predictors (every column but the last) on the outcome (the last column):
// with R the predictors' correlation matrix and V Λ Vᵀ its eigen-
// decomposition, Λ* = V Λ^½ Vᵀ holds the correlations between the
// predictors and their closest orthogonal counterparts Z, β = Λ*⁻¹ r_xy the
// outcome's regression on Z, and the weight of predictor j is
// Σₖ Λ*ⱼₖ² βₖ². The weights sum to the R² of the ordinary regression. A
// predictor that never varies gets weight 0; fewer than three cases give
// no weights.
func RelativeWeights(cases [][]float64) (weights []float64, r2 float64) {
	if len(cases) < 3 {
		return nil, math.NaN()
	}
	p := len(cases[0]) - 1
	corr, varies := correlations(cases)
	if !varies[p] {
		return nil, math.NaN() // an outcome that never varies is explained by nothing
	}
	var keep []int // the predictors that vary
	for j := 0; j < p; j++ {
		if varies[j] {
			keep = append(keep, j)
		}
	}
	k := len(keep)
	rxx := make([][]float64, k)
	rxy := make([]float64, k)
	for a, i := range keep {
		rxx[a] = make([]float64, k)
		for b, j := range keep {
			rxx[a][b] = corr[i][j]
		}
		rxy[a] = corr[i][p]
	}
	values, vectors := SymmetricEigen(rxx)
	// Λ* = V Λ^½ Vᵀ and its inverse V Λ^-½ Vᵀ.
	root := make([][]float64, k)
	invRoot := make([][]float64, k)
	for a := 0; a < k; a++ {
		root[a], invRoot[a] = make([]float64, k), make([]float64, k)
		for b := 0; b < k; b++ {
			for e := 0; e < k; e++ {
				lambda := math.Max(values[e], 0)
				root[a][b] += vectors[a][e] * math.Sqrt(lambda) * vectors[b][e]
				if lambda > 1e-12 {
					invRoot[a][b] += vectors[a][e] / math.Sqrt(lambda) * vectors[b][e]
				}
			}
		}
	}
	beta := make([]float64, k)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			beta[a] += invRoot[a][b] * rxy[b]
		}
	}
	weights = make([]float64, p)
	for a, j := range keep {
		for e := 0; e < k; e++ {
			weights[j] += root[a][e] * root[a][e] * beta[e] * beta[e]
		}
		r2 += weights[j]
	}
	return weights, r2
}

// correlations is the Pearson correlation matrix of the columns, and
// whether each column varies at all.
func correlations(cases [][]float64) ([][]float64, []bool) {
	m, n := len(cases[0]), float64(len(cases))
	mean := make([]float64, m)
	for _, c := range cases {
		for j, v := range c {
			mean[j] += v / n
		}
	}
	cov := make([][]float64, m)
	for i := range cov {
		cov[i] = make([]float64, m)
	}
	for _, c := range cases {
		for i := 0; i < m; i++ {
			for j := 0; j <= i; j++ {
				cov[i][j] += (c[i] - mean[i]) * (c[j] - mean[j])
			}
		}
	}
	varies := make([]bool, m)
	for i := range varies {
		varies[i] = cov[i][i] > 1e-12
	}
	corr := make([][]float64, m)
	for i := range corr {
		corr[i] = make([]float64, m)
		for j := 0; j < m; j++ {
			a, b := max(i, j), min(i, j)
			if varies[i] && varies[j] {
				corr[i][j] = cov[a][b] / math.Sqrt(cov[i][i]*cov[j][j])
			}
		}
	}
	return corr, varies
}

// SymmetricEigen returns the eigenvalues of a symmetric matrix and its
// eigenvectors as the columns of a matrix, by cyclic Jacobi rotations:
// exact to rounding for the few criteria a matrix has.
func SymmetricEigen(a [][]float64) (values []float64, vectors [][]float64) {
	n := len(a)
	m := make([][]float64, n)
	vectors = make([][]float64, n)
	for i := range m {
		m[i] = slices.Clone(a[i])
		vectors[i] = make([]float64, n)
		vectors[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off float64
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				off += m[i][j] * m[i][j]
			}
		}
		if off < 1e-30 {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				if math.Abs(m[p][q]) < 1e-300 {
					continue
				}
				theta := (m[q][q] - m[p][p]) / (2 * m[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < n; k++ { // columns p and q
					mkp, mkq := m[k][p], m[k][q]
					m[k][p], m[k][q] = c*mkp-s*mkq, s*mkp+c*mkq
				}
				for k := 0; k < n; k++ { // rows p and q
					mpk, mqk := m[p][k], m[q][k]
					m[p][k], m[q][k] = c*mpk-s*mqk, s*mpk+c*mqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := vectors[k][p], vectors[k][q]
					vectors[k][p], vectors[k][q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	values = make([]float64, n)
	for i := range values {
		values[i] = m[i][i]
	}
	return values, vectors
}

// CSV writes one criterion a row.
func (r *DriversResult) CSV() ([]string, [][]string) {
	header := []string{"criterion", "label", "weight", "share", "performance", "n", "quadrant"}
	rows := make([][]string, 0, len(r.Items))
	for _, it := range r.Items {
		rows = append(rows, []string{it.Criterion, it.Label.Vi, cell(it.Weight), cell(it.Share), cell(it.Performance), strconv.Itoa(it.N), it.Quadrant})
	}
	return header, rows
}
