// Package e2e holds the suite-wide end-to-end tests: every binary, built for
// real, run as a user would against the sandbox's seed scenario. It has no
// non-test code.
package e2e
