package store

// Page asks for one page of a list ordered by id: the items after the id
// After (all when empty), at most Limit of them.
type Page struct {
	After string
	Limit int
}

// Page size limits.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// limit returns the page size to ask the database for: one more than the
// page, to learn whether there is a next page.
func (p Page) limit() int {
	switch {
	case p.Limit <= 0:
		return DefaultLimit + 1
	case p.Limit > MaxLimit:
		return MaxLimit + 1
	}
	return p.Limit + 1
}

// List is one page of items and the cursor of the next page ("" at the end).
type List[T any] struct {
	Items []T
	Next  string
}

// cut trims the extra item that limit asked for and sets Next.
func cut[T any](items []T, p Page, id func(T) string) List[T] {
	n := p.limit() - 1
	if len(items) > n {
		return List[T]{Items: items[:n], Next: id(items[n-1])}
	}
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items}
}
