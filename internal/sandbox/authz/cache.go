package authz

import "sync"

// cache loads each key once, however many calls ask for it at the same time. The sandbox's
// IAM state does not change after seeding (the tools only read), so entries never expire.
type cache[T any] struct {
	mu sync.Mutex
	m  map[string]*cell[T]
}

type cell[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (c *cache[T]) get(key string, load func() (T, error)) (T, error) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*cell[T]{}
	}
	e := c.m[key]
	if e == nil {
		e = &cell[T]{}
		c.m[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.err = load() })
	return e.v, e.err
}
