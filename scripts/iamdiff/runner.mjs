// Runs ssmkit `simulate --batch` cases through @cloud-copilot/iam-simulate,
// the independent evaluator, one JSON line in, one JSON line out:
//   {"id", "decision": "allowed"|"implicit-deny"|"explicit-deny"|"error",
//    "message", "ignoredContextKeys"}
// Usage: IAMSIM_DIR=/path/with/node_modules node runner.mjs < cases.ndjson
// The package is not part of this repository: `npm install
// @cloud-copilot/iam-simulate` in a scratch directory and point IAMSIM_DIR at it.
import { createRequire } from 'node:module'
import readline from 'node:readline'

const dir = process.env.IAMSIM_DIR
if (!dir) {
  process.stderr.write('error: set IAMSIM_DIR to the directory where @cloud-copilot/iam-simulate is installed\n')
  process.exit(2)
}
const require = createRequire(dir.replace(/\/?$/, '/'))
let runSimulation
try {
  ;({ runSimulation } = require('@cloud-copilot/iam-simulate'))
} catch {
  process.stderr.write(`error: cannot load @cloud-copilot/iam-simulate from ${dir}: run "npm install @cloud-copilot/iam-simulate" there\n`)
  process.exit(2)
}

const decisions = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicit-deny',
  ExplicitlyDenied: 'explicit-deny'
}

// Parses a policy given as an object or as a JSON string (as the IAM API returns it).
function doc(p) {
  return typeof p === 'string' ? JSON.parse(p) : p
}

function arnParts(s) {
  const p = s.split(':')
  if (p.length < 6 || p[0] !== 'arn') return undefined
  return { partition: p[1], service: p[2], region: p[3], account: p[4], resource: p.slice(5).join(':') }
}

// derivedKeys are the global keys AWS derives from the principal
// (IAM User Guide, reference_policies_variables.html#principaltable); ssmkit
// derives them itself, iam-simulate takes them from the request only.
function derivedKeys(principal) {
  if (principal.endsWith('.amazonaws.com')) {
    return { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': principal }
  }
  const a = arnParts(principal)
  if (!a) return {}
  const keys = { 'aws:PrincipalAccount': a.account, 'aws:PrincipalIsAWSService': 'false' }
  const [typ, ...rest] = a.resource.split('/')
  if (a.service === 'iam' && typ === 'user') {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'User'
    keys['aws:username'] = rest[rest.length - 1]
  } else if (a.service === 'sts' && typ === 'assumed-role') {
    keys['aws:PrincipalArn'] = `arn:${a.partition}:iam::${a.account}:role/${rest[0]}`
    keys['aws:PrincipalType'] = 'AssumedRole'
  } else if (a.service === 'iam' && typ === 'role') {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'AssumedRole'
  } else if (a.service === 'sts' && typ === 'federated-user') {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'FederatedUser'
    keys['aws:userid'] = `${a.account}:${rest[0]}`
  } else if (a.service === 'iam' && a.resource === 'root') {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'Account'
    keys['aws:userid'] = a.account
  }
  return keys
}

// lookup finds a context key case-insensitively.
function lookup(ctx, key) {
  for (const k of Object.keys(ctx)) if (k.toLowerCase() === key.toLowerCase()) return ctx[k]
  return undefined
}

// evaluate decides every resource of a case on its own (iam-simulate takes
// one) and combines them as AWS does for a request that names several: all
// must be allowed, and an explicit deny on any wins.
async function evaluate(c) {
  const results = []
  for (const res of c.request.resources) {
    const r = await evaluateResource(c, res)
    if (r.decision === 'error') return r
    results.push(r)
  }
  const decisions = results.map((r) => r.decision)
  const decision = decisions.includes('explicit-deny')
    ? 'explicit-deny'
    : decisions.includes('implicit-deny')
      ? 'implicit-deny'
      : 'allowed'
  return { id: c.id, decision, ignoredContextKeys: results.flatMap((r) => r.ignoredContextKeys) }
}

async function evaluateResource(c, res) {
  const req = c.request
  const arn = typeof res === 'string' ? res : res.arn
  const context = { ...derivedKeys(req.principal), ...(req.context || {}), ...((typeof res === 'object' && res.context) || {}) }
  for (const [k, v] of Object.entries(context)) {
    if (typeof v !== 'string' && !Array.isArray(v)) context[k] = String(v)
    if (Array.isArray(v)) context[k] = v.map(String)
  }
  // The resource's account: the ARN's, else aws:ResourceAccount, else (AWS-owned
  // or account-less resources) the caller's, as ssmkit treats them.
  const principalAccount = arnParts(req.principal)?.account ?? ''
  const account = arnParts(arn)?.account || lookup(context, 'aws:ResourceAccount') || principalAccount
  const named = (list, prefix) => (list || []).map((p, i) => ({ name: `${prefix}${i}`, policy: doc(p) }))
  const sim = {
    request: { principal: req.principal, action: req.action, resource: { resource: arn, accountId: account }, contextVariables: context },
    identityPolicies: named(c.identityPolicies, 'identity'),
    serviceControlPolicies: (c.scps || []).map((lvl, i) => ({ orgIdentifier: `scp-level-${i}`, policies: named(lvl, `scp${i}-`) })),
    resourceControlPolicies: (c.rcps || []).map((lvl, i) => ({ orgIdentifier: `rcp-level-${i}`, policies: named(lvl, `rcp${i}-`) }))
  }
  if (c.permissionBoundaries && c.permissionBoundaries.length > 0) sim.permissionBoundaryPolicies = named(c.permissionBoundaries, 'boundary')
  if (c.sessionPolicy) sim.sessionPolicy = doc(c.sessionPolicy)
  if (c.resourcePolicy) sim.resourcePolicy = doc(c.resourcePolicy)
  const out = await runSimulation(sim, {})
  if (out.resultType === 'error') {
    return { id: c.id, decision: 'error', message: JSON.stringify(out.errors) }
  }
  const ignored = out.result?.ignoredContextKeys?.filter((k) => !(k in derivedKeys(req.principal))) ?? []
  return { id: c.id, decision: decisions[out.overallResult] ?? out.overallResult, ignoredContextKeys: ignored }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (!line.trim()) continue
  let result
  try {
    result = await evaluate(JSON.parse(line))
  } catch (e) {
    result = { decision: 'error', message: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(result) + '\n')
}
