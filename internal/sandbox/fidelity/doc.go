// Package fidelity holds only tests: both AWS CLIs (v1 on PATH, which follows
// AWS_ENDPOINT_URL, and Debian's v2 at /usr/bin/aws, given --endpoint-url) talk to the
// sandbox and must read every answer the suite relies on, faults included. That is how
// we know the gateway and moto speak real AWS, not just what our own SDK code expects.
package fidelity
