// Package readiness answers "is this target, its account and this machine
// ready for Session Manager?": one check per concern (instance, managed
// node and agent, agent identity, network path, session preferences,
// hybrid tier, expected tags, the local machine), each a status with its
// evidence and fix, gathered into a Readiness record per target
// (ARCHITECTURE.md, "Where new logic goes"). The decisions are pure
// functions over SDK output structs; the reads live in cmd/ssm-readiness
// and the shared gather and target packages.
package readiness
