// Contract test: what the server answers is what ../docs/openapi.json says.
//
// Signs in as each demo role, calls every GET endpoint that answers JSON
// (with real ids taken from the role's own list calls; a role that may not
// call an endpoint gets the admin's ids and must be refused) and validates
// each body against the operation's documented response for that status:
// 200 bodies against the 200 schema, refusals (403, 404) against the
// documented error response.  The demo data has no cases or visits, so the
// first run against a server makes a few through the API (see "fixtures")
// and validates those answers too.  Objects are closed: a property the server sends that the
// schema does not list fails, unless the schema has additionalProperties.
// So drift is caught both ways: a field the front end's generated types
// promise and the server does not send, and one the server sends that the
// types do not know.  Finally, every GET operation of the document that
// answers JSON must have been validated with a 200 at least once, so a new
// endpoint without a line here fails too.
//
//   HONGLIAN_TEST_BASE_URL       server to test (default http://127.0.0.1:8080),
//                                with the demo data loaded
//   HONGLIAN_E2E_ENTERPRISE / _COMMISSIONER / _RESPONDER / _COMMITTEE / _ADMIN
//                                demo logins (default ent-demo, commissioner-demo, …)
//   HONGLIAN_E2E_PASSWORD        their password (default Demo@2026!)
//   HONGLIAN_CONTRACT_OPENAPI    the document to check against
//                                (default ../docs/openapi.json)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.HONGLIAN_TEST_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const DOC_PATH = path.resolve(process.env.HONGLIAN_CONTRACT_OPENAPI || path.join(here, '../../docs/openapi.json'));
const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
const LOGIN = {
  enterprise: process.env.HONGLIAN_E2E_ENTERPRISE || 'ent-demo',
  commissioner: process.env.HONGLIAN_E2E_COMMISSIONER || 'commissioner-demo',
  responder: process.env.HONGLIAN_E2E_RESPONDER || 'responder-demo',
  committee: process.env.HONGLIAN_E2E_COMMITTEE || 'committee-demo',
  admin: process.env.HONGLIAN_E2E_ADMIN || 'admin-demo',
};
const ROLES = Object.keys(LOGIN);
const YEAR = 2026;
/* Detail calls per role and resource: the first few ids of its list. */
const N_DETAIL = 3;
/* Failures printed per call; the rest are counted. */
const MAX_SHOWN = 25;

const DOC = JSON.parse(fs.readFileSync(DOC_PATH, 'utf8'));

// ---- the validator ----
//
// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the
// document uses: type (a name or a list, "null" included), enum, const,
// required, properties, additionalProperties, items, $ref (local), allOf,
// oneOf, anyOf, minimum/maximum, minLength/maxLength, and the formats date
// and date-time (loosely: the shape, not the calendar).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function resolveRef(ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported: ${ref}`);
  let node = DOC;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[key];
  }
  if (node === undefined) throw new Error(`$ref ${ref} points nowhere`);
  return node;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v) {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/* The property names a schema knows of, through $ref and allOf: an allOf
 * branch must not call its sibling's properties unknown. */
function knownProps(schema, seen = new Set()) {
  const out = new Set();
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  if (schema.$ref) return knownProps(resolveRef(schema.$ref), seen);
  for (const k of Object.keys(schema.properties || {})) out.add(k);
  for (const sub of schema.allOf || []) for (const k of knownProps(sub, seen)) out.add(k);
  return out;
}

/* Whether a schema (through $ref and allOf) leaves its objects open. */
function isOpen(schema, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return false;
  seen.add(schema);
  if (schema.$ref) return isOpen(resolveRef(schema.$ref), seen);
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return true;
  return (schema.allOf || []).some((s) => isOpen(s, seen));
}

/**
 * Validate value against schema; push {ptr, at, msg} onto errs.
 * ptr: the JSON pointer into the value; at: where in the document the
 * schema is; siblings: property names known to allOf siblings.
 */
function validate(schema, value, ptr, at, errs, siblings = null) {
  if (schema === true || schema === undefined) return;
  if (schema === false) {
    errs.push({ ptr, at, msg: 'no value allowed here' });
    return;
  }
  if (schema.$ref) {
    validate(resolveRef(schema.$ref), value, ptr, schema.$ref, errs, siblings);
    return;
  }
  if (schema.allOf) {
    const names = new Set(siblings || []);
    for (const k of knownProps(schema)) names.add(k);
    schema.allOf.forEach((sub, i) => validate(sub, value, ptr, `${at}/allOf/${i}`, errs, names));
  }
  for (const kw of ['oneOf', 'anyOf']) {
    if (!schema[kw]) continue;
    const results = schema[kw].map((sub, i) => {
      const e = [];
      validate(sub, value, ptr, `${at}/${kw}/${i}`, e, siblings);
      return e;
    });
    const ok = results.filter((e) => e.length === 0).length;
    if (kw === 'oneOf' && ok > 1) {
      errs.push({ ptr, at: `${at}/oneOf`, msg: `matches ${ok} branches of oneOf, expected exactly one` });
    } else if (ok === 0) {
      // Report the branch that came closest, preferring one of the
      // value's own type (for X-or-null, the X branch).
      const typeMiss = (e) => e.length === 1 && e[0].ptr === ptr && e[0].msg.startsWith('expected type');
      const ranked = results.filter((e) => !typeMiss(e));
      const best = (ranked.length ? ranked : results).reduce((a, b) => (b.length < a.length ? b : a));
      errs.push({ ptr, at: `${at}/${kw}`, msg: `matches no branch of ${kw} (${schema[kw].map(label).join(' | ')}); closest branch says:` });
      errs.push(...best);
    }
  }

  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const fits = types.includes(t) || (t === 'integer' && types.includes('number')) || (value === null && schema.nullable === true);
    if (!fits) {
      errs.push({ ptr, at, msg: `expected type ${types.join(' or ')}, got ${t} ${show(value)}` });
      return;
    }
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errs.push({ ptr, at, msg: `expected ${show(schema.const)}, got ${show(value)}` });
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    // A nullable enum lists null, or says so in its type.
    const nullOk = value === null && (Array.isArray(schema.type) ? schema.type.includes('null') : schema.nullable === true);
    if (!nullOk) errs.push({ ptr, at, msg: `expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}` });
  }
  if (t === 'string') {
    const n = [...value].length;
    if (schema.minLength !== undefined && n < schema.minLength) errs.push({ ptr, at, msg: `expected at least ${schema.minLength} characters, got ${n}: ${show(value)}` });
    if (schema.maxLength !== undefined && n > schema.maxLength) errs.push({ ptr, at, msg: `expected at most ${schema.maxLength} characters, got ${n}` });
    if (schema.format === 'date' && !DATE.test(value)) errs.push({ ptr, at, msg: `expected a date YYYY-MM-DD, got ${show(value)}` });
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) errs.push({ ptr, at, msg: `expected an RFC 3339 date-time with offset, got ${show(value)}` });
  }
  if (t === 'integer' || t === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push({ ptr, at, msg: `expected ≥ ${schema.minimum}, got ${value}` });
    if (schema.maximum !== undefined && value > schema.maximum) errs.push({ ptr, at, msg: `expected ≤ ${schema.maximum}, got ${value}` });
  }
  if (t === 'array' && schema.items !== undefined) {
    value.forEach((v, i) => validate(schema.items, v, `${ptr}/${i}`, `${at}/items`, errs));
  }
  if (t === 'object' && (schema.type !== undefined || schema.properties || schema.required || schema.additionalProperties !== undefined)) {
    const props = schema.properties || {};
    for (const k of schema.required || []) {
      if (!(k in value)) errs.push({ ptr: `${ptr}/${k}`, at, msg: `required property "${k}" is missing` });
    }
    for (const [k, v] of Object.entries(value)) {
      const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (k in props) validate(props[k], v, p, `${at}/properties/${k}`, errs);
      else if (siblings && siblings.has(k)) continue;
      else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) validate(schema.additionalProperties, v, p, `${at}/additionalProperties`, errs);
      else if (schema.allOf && isOpen(schema)) continue;
      else errs.push({ ptr: p, at, msg: `property "${k}" is not in the schema (value ${show(v)})` });
    }
  }
}

function label(schema) {
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.type) return [].concat(schema.type).join('|');
  return 'schema';
}

/* Validate and format: [] when the value fits. */
function check(schema, value, at) {
  const errs = [];
  validate(schema, value, '', at, errs);
  // Fifty list items with the same fault are one fault, counted.
  const groups = new Map();
  for (const e of errs) {
    const key = `${e.ptr.replace(/\/\d+(?=\/|$)/g, '/*')}|${e.at}|${e.msg.replace(/(got|value) .*$/, '')}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { ...e, n: 1 });
  }
  return [...groups.values()].map((g) => `  at ${g.ptr || '/'} (schema ${g.at}): ${g.msg}${g.n > 1 ? ` [and ${g.n - 1} more like it]` : ''}`);
}

// ---- the document ----

function operation(template, method = 'get') {
  return DOC.paths?.[template]?.[method];
}

/* The documented response of op for status, with $ref resolved. */
function documentedResponse(op, status) {
  let r = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default;
  if (r?.$ref) r = resolveRef(r.$ref);
  return r;
}

// ---- HTTP ----

async function call(urlPath, cookie) {
  const headers = { Accept: 'application/json' };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(`${BASE}${urlPath}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let body;
  let parseError = null;
  try {
    body = JSON.parse(text);
  } catch (e) {
    parseError = e.message;
  }
  return { status: res.status, type: res.headers.get('content-type') || '', body, text, parseError };
}

/* A change, with the session's cookie and CSRF token. */
async function send(s, method, urlPath, body) {
  const headers = { Accept: 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${BASE}${urlPath}`, { method, headers, body: payload, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* checked by the caller */
  }
  return { status: res.status, type: res.headers.get('content-type') || '', body: parsed, text };
}

async function signIn(role) {
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login: LOGIN[role], password: PASSWORD }),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `POST /api/v1/session as ${LOGIN[role]} answered ${res.status}: ${text.slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hl_session='));
  assert.ok(cookie, `POST /api/v1/session as ${LOGIN[role]} set no hl_session cookie`);
  const body = JSON.parse(text);
  const schema = documentedResponse(operation('/api/v1/session', 'post'), 200)?.content?.['application/json']?.schema;
  if (schema) {
    const errs = check(schema, body, '#/paths/~1api~1v1~1session/post/responses/200');
    assert.equal(errs.length, 0, `POST /api/v1/session as ${role}: the body does not fit the schema:\n${errs.join('\n')}`);
  }
  return { cookie, csrf: body.csrf_token, user: body.user };
}

// ---- preflight ----

let preflightError = '';
try {
  const res = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) preflightError = `${BASE}/healthz answers ${res.status}`;
} catch (e) {
  preflightError = `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server (make run) or set HONGLIAN_TEST_BASE_URL.`;
}
if (preflightError) console.log(`contract FAILED: ${preflightError}`);

// ---- what to call ----
//
// roles: who gets a 200 (routes.c and the handlers' scoping); everyone else
// must get a documented refusal (403, or 404 for what they may not see).
// urls(ids): the concrete calls, from the ids the role's own lists gave
// (the admin's for a role that must be refused); none (an empty list for
// that role) skips the call for the role.

const ALL = ROLES;
const STAFF = ['commissioner', 'responder', 'committee', 'admin'];
const first = (list, n = N_DETAIL) => (list || []).slice(0, n);

const ENDPOINTS = [
  { path: '/healthz', roles: ALL, urls: () => ['/healthz'] },
  { path: '/readyz', roles: ALL, urls: () => ['/readyz'] },
  { path: '/api/v1/openapi.json', roles: ALL, urls: () => ['/api/v1/openapi.json'] },
  { path: '/api/v1/me', roles: ALL, urls: () => ['/api/v1/me'] },
  { path: '/api/v1/chains', roles: ALL, urls: () => ['/api/v1/chains'] },
  { path: '/api/v1/chains/{code}', roles: ALL, urls: (ids) => [`/api/v1/chains/${ids.chain}`] },
  { path: '/api/v1/chains/{code}/escalations', roles: ['committee', 'admin'], urls: (ids) => [`/api/v1/chains/${ids.chain}/escalations`] },
  { path: '/api/v1/chains/{code}/resources', roles: ['committee', 'admin'], urls: (ids) => [`/api/v1/chains/${ids.chain}/resources`] },
  { path: '/api/v1/routing-rules', roles: ['committee', 'admin'], urls: (ids) => ['/api/v1/routing-rules', `/api/v1/routing-rules?chain=${ids.chain}&category=financing`] },
  { path: '/api/v1/routing-rules/check', roles: ['committee', 'admin'], urls: () => ['/api/v1/routing-rules/check'] },
  { path: '/api/v1/enterprises', roles: ALL, urls: () => ['/api/v1/enterprises', '/api/v1/enterprises?limit=2'] },
  { path: '/api/v1/enterprises/{id}', roles: ALL, urls: (ids) => first(ids.enterprises).map((id) => `/api/v1/enterprises/${id}`) },
  { path: '/api/v1/enterprises/{id}/policies', roles: ALL, urls: (ids) => first(ids.enterprises, 1).map((id) => `/api/v1/enterprises/${id}/policies`) },
  { path: '/api/v1/districts', roles: ALL, urls: () => ['/api/v1/districts'] },
  { path: '/api/v1/tags', roles: ALL, urls: () => ['/api/v1/tags'] },
  { path: '/api/v1/users', roles: ['admin'], urls: () => ['/api/v1/users', '/api/v1/users?role=responder'] },
  { path: '/api/v1/users/{id}', roles: ['admin'], urls: (ids) => first(ids.users, 5).map((id) => `/api/v1/users/${id}`) },
  { path: '/api/v1/assignments', roles: ['committee', 'admin'], urls: () => ['/api/v1/assignments'] },
  { path: '/api/v1/tokens', roles: ['admin'], urls: () => ['/api/v1/tokens'] },
  { path: '/api/v1/audit', roles: ['admin'], urls: () => ['/api/v1/audit', '/api/v1/audit?limit=5'] },
  { path: '/api/v1/cases', roles: ALL, urls: () => ['/api/v1/cases', '/api/v1/cases?sort=due_at&limit=5', '/api/v1/cases?escalated=true'] },
  { path: '/api/v1/cases/{id}', roles: ALL, urls: (ids) => first(ids.cases).map((id) => `/api/v1/cases/${id}`) },
  { path: '/api/v1/cases/{id}/suggested-assignee', roles: ['commissioner', 'committee', 'admin'], urls: (ids) => first(ids.cases, 1).map((id) => `/api/v1/cases/${id}/suggested-assignee`) },
  { path: '/api/v1/stats/cases', roles: STAFF, urls: () => ['/api/v1/stats/cases'] },
  { path: '/api/v1/calendar/{year}', roles: ALL, urls: () => [`/api/v1/calendar/${YEAR}`] },
  { path: '/api/v1/sla', roles: ALL, urls: () => ['/api/v1/sla'] },
  { path: '/api/v1/visits', roles: ALL, urls: () => ['/api/v1/visits'] },
  { path: '/api/v1/visits/{id}', roles: ALL, urls: (ids) => first(ids.visits).map((id) => `/api/v1/visits/${id}`) },
  { path: '/api/v1/coverage', roles: ['commissioner', 'committee', 'admin'], urls: (ids) => ['/api/v1/coverage', `/api/v1/coverage?chain=${ids.chain}&stale_days=90`] },
  { path: '/api/v1/workload', roles: ['committee', 'admin'], urls: () => ['/api/v1/workload'] },
  { path: '/api/v1/policies', roles: ALL, urls: () => ['/api/v1/policies', '/api/v1/policies?archived=true'] },
  { path: '/api/v1/policies/{id}', roles: ALL, urls: (ids) => first(ids.policies).map((id) => `/api/v1/policies/${id}`) },
  { path: '/api/v1/bulletins', roles: ALL, urls: () => ['/api/v1/bulletins'] },
  { path: '/api/v1/bulletins/{id}', roles: ALL, urls: (ids) => first(ids.bulletins).map((id) => `/api/v1/bulletins/${id}`) },
  { path: '/api/v1/events', roles: ALL, urls: () => ['/api/v1/events', '/api/v1/events?upcoming=true', '/api/v1/events?mine=true&limit=5'] },
  { path: '/api/v1/events/{id}', roles: ALL, urls: (ids) => first(ids.events).map((id) => `/api/v1/events/${id}`) },
  { path: '/api/v1/events/{id}/registrations', roles: ['commissioner', 'committee', 'admin'], urls: (ids) => first(ids.managedEvents, 2).map((id) => `/api/v1/events/${id}/registrations`) },
  { path: '/api/v1/stats/events', roles: ['commissioner', 'committee', 'admin'], urls: () => ['/api/v1/stats/events'] },
  { path: '/api/v1/notification-types', roles: ALL, urls: () => ['/api/v1/notification-types'] },
  { path: '/api/v1/notifications', roles: ALL, urls: () => ['/api/v1/notifications', '/api/v1/notifications?unread=true&limit=5'] },
  { path: '/api/v1/webhooks', roles: ['admin'], urls: () => ['/api/v1/webhooks'] },
  { path: '/api/v1/webhooks/{id}', roles: ['admin'], urls: (ids) => first(ids.webhooks).map((id) => `/api/v1/webhooks/${id}`) },
  { path: '/api/v1/webhooks/{id}/deliveries', roles: ['admin'], urls: (ids) => first(ids.webhooks, 1).map((id) => `/api/v1/webhooks/${id}/deliveries`) },
  // chain committee meetings, action items, common problems
  { path: '/api/v1/meetings', roles: ['committee', 'admin'], urls: () => ['/api/v1/meetings', '/api/v1/meetings?limit=2&status=minutes_approved'] },
  { path: '/api/v1/meetings/{id}', roles: ['committee', 'admin'], urls: (ids) => first(ids.meetings).map((id) => `/api/v1/meetings/${id}`) },
  { path: '/api/v1/meetings/{id}/minutes/{version}', roles: ['committee', 'admin'], urls: (ids) => first(ids.minutes, 2).map((v) => `/api/v1/meetings/${v}`) },
  { path: '/api/v1/meetings/{id}/people', roles: ['committee', 'admin'], urls: (ids) => first(ids.meetings, 1).map((id) => `/api/v1/meetings/${id}/people`) },
  { path: '/api/v1/cases/{id}/meetings', roles: STAFF, urls: (ids) => first(ids.cases, 2).map((id) => `/api/v1/cases/${id}/meetings`) },
  { path: '/api/v1/chains/{code}/common-problems', roles: ['committee', 'admin'], urls: (ids) => [`/api/v1/chains/${ids.chain}/common-problems`] },
  { path: '/api/v1/actions', roles: ALL, urls: () => ['/api/v1/actions', '/api/v1/actions?mine=true', '/api/v1/actions?status=done'] },
];

/* The ids a role's own lists give (so scoping never turns them into 404s). */
async function discover(s) {
  const ids = { chain: null, enterprises: [], cases: [], visits: [], policies: [], bulletins: [], users: [], events: [], managedEvents: [], meetings: [], minutes: [], webhooks: [] };
  const items = async (url) => {
    const r = await call(url, s.cookie);
    return r.status === 200 && Array.isArray(r.body?.items) ? r.body.items : [];
  };
  const chains = await items('/api/v1/chains');
  ids.enterprises = (await items('/api/v1/enterprises')).map((e) => e.id);
  // Open and finished cases: different members are set.
  const cases = [...(await items('/api/v1/cases?limit=200'))];
  const byStatus = new Map();
  for (const c of cases) if (!byStatus.has(c.status)) byStatus.set(c.status, c.id);
  ids.cases = [...new Set([...byStatus.values(), ...cases.map((c) => c.id)])];
  ids.visits = (await items('/api/v1/visits')).map((v) => v.id);
  ids.policies = (await items('/api/v1/policies')).map((p) => p.id);
  ids.bulletins = (await items('/api/v1/bulletins')).map((b) => b.id);
  // Sessions with registrations first: their members are all set.
  const events = (await items('/api/v1/events?limit=200')).sort((a, b) => b.n_registered + b.n_waitlisted - (a.n_registered + a.n_waitlisted));
  ids.events = events.map((e) => e.id);
  ids.managedEvents = events.filter((e) => e.can_manage).map((e) => e.id);
  // Meetings with decisions and approved minutes first (more members set).
  const meetings = await items('/api/v1/meetings?limit=200');
  ids.meetings = [...meetings.filter((m) => m.n_decisions > 0), ...meetings.filter((m) => m.n_decisions === 0)].map((m) => m.id);
  for (const m of meetings.filter((x) => x.status === 'minutes_approved').slice(0, 2)) {
    const r = await call(`/api/v1/meetings/${m.id}`, s.cookie);
    for (const v of r.body?.minutes_versions ?? []) ids.minutes.push(`${m.id}/minutes/${v.version}`);
  }
  if (s.user?.role === 'admin') {
    // One user of each role: their members differ (binding, enterprise).
    const users = await items('/api/v1/users?limit=200');
    const byRole = new Map();
    for (const u of users) if (!byRole.has(u.role)) byRole.set(u.role, u.id);
    ids.users = [...byRole.values()];
    // Other roles get 403 on the admin's webhooks: their ids are the admin's.
    ids.webhooks = (await items('/api/v1/webhooks')).map((w) => w.id);
  }
  ids.chain = s.user?.chain_codes?.[0] ?? cases[0]?.chain_code ?? chains[0]?.code ?? 'auto-parts';
  return ids;
}

// ---- fixtures ----
//
// The demo data has no cases and no visits.  So that every shape is seen
// (a case with an assignee, notes, an attachment and an escalation; a
// closed and rated one; a case from a visit; a revoked token), the first
// run makes them through the API, marked by MARK in their titles; later
// runs find them and make nothing.  The answers of these writes are
// validated too, against the documented answer of each operation.

const MARK = '契约测试';
// The smallest PDF the server's type check accepts (it starts with %PDF-).
const TINY_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/* A date n days before today, YYYY-MM-DD (Asia/Shanghai, like the server). */
function daysAgo(n) {
  const d = new Date(Date.now() + 8 * 3600_000 - n * 86400_000);
  return d.toISOString().slice(0, 10);
}

/* Templates of the operations the fixtures call, by method and URL. */
function templateOf(method, urlPath) {
  const bare = urlPath.split('?')[0];
  for (const [template, item] of Object.entries(DOC.paths || {})) {
    if (!item[method.toLowerCase()]) continue;
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (re.test(bare)) return template;
  }
  return null;
}

/* One write of the fixtures: it must succeed, and its answer must fit. */
async function write(s, role, method, urlPath, body, problems, expect = [200, 201, 204]) {
  const r = await send(s, method, urlPath, body);
  const where = `${method} ${urlPath} as ${role}`;
  if (!expect.includes(r.status)) throw new Error(`fixtures: ${where} answered ${r.status}: ${r.text.slice(0, 400)}`);
  const template = templateOf(method, urlPath);
  const op = template && operation(template, method.toLowerCase());
  if (!op) {
    problems.push(`${where}: not in the document`);
    return r.body;
  }
  const resp = documentedResponse(op, r.status);
  const media = resp?.content?.['application/json'];
  if (!resp) problems.push(`${where}: answered ${r.status}, which the document does not list`);
  else if (media && r.body === null) problems.push(`${where}: answered ${r.status} without the documented JSON body`);
  else if (media) {
    const at = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${r.status}`;
    const errs = check(media.schema, r.body, at);
    if (errs.length) problems.push(`${where}: ${r.status} body does not fit the document:\n${errs.slice(0, MAX_SHOWN).join('\n')}`);
  } else if (r.text) problems.push(`${where}: answered a body where the document has none`);
  return r.body;
}

async function makeCase(S, title, category, problems) {
  return write(S.enterprise, 'enterprise', 'POST', '/api/v1/cases', { category, title: `${MARK}：${title}`, description: `${MARK}自动生成的诉求，用于核对接口文档。` }, problems);
}

async function move(S, role, id, body, problems) {
  return write(S[role], role, 'POST', `/api/v1/cases/${id}/transitions`, body, problems);
}

/* Make the fixtures unless an earlier run did; answers the problems seen
 * in the answers of the writes, or null when nothing was written. */
async function ensureFixtures(S) {
  const problems = [];
  const mine = await call(`/api/v1/cases?q=${encodeURIComponent(MARK)}&limit=200`, S.enterprise.cookie);
  if (mine.status !== 200) throw new Error(`fixtures: GET /api/v1/cases as enterprise answered ${mine.status}: ${mine.text.slice(0, 300)}`);
  if (mine.body.items.length >= 3) return null;

  // A: filed, with an attachment, accepted, assigned, noted, escalated, started.
  const a = await makeCase(S, '流动资金贷款需求', 'financing', problems);
  const form = new FormData();
  form.append('file', new Blob([TINY_PDF], { type: 'application/pdf' }), '贷款需求说明.pdf');
  await write(S.enterprise, 'enterprise', 'POST', `/api/v1/cases/${a.id}/attachments`, form, problems);
  await move(S, 'commissioner', a.id, { action: 'accept', note: '已受理' }, problems);
  await move(S, 'commissioner', a.id, { action: 'assign' }, problems);
  await write(S.commissioner, 'commissioner', 'POST', `/api/v1/cases/${a.id}/notes`, { body: '内部：已电话联系企业财务。', internal: true }, problems);
  await write(S.commissioner, 'commissioner', 'POST', `/api/v1/cases/${a.id}/notes`, { body: '银行客户经理将于本周上门。', internal: false }, problems);
  await move(S, 'committee', a.id, { action: 'escalate', reason: '涉及多家银行协调，列为书记突破项目。' }, problems);
  const assigned = await call(`/api/v1/cases/${a.id}`, S.responder.cookie);
  if (assigned.status === 200) await move(S, 'responder', a.id, { action: 'start' }, problems);

  // B: the whole way to closed, with a rating.
  const b = await makeCase(S, '设备融资租赁咨询', 'financing', problems);
  await move(S, 'commissioner', b.id, { action: 'accept' }, problems);
  await move(S, 'commissioner', b.id, { action: 'assign' }, problems);
  if ((await call(`/api/v1/cases/${b.id}`, S.responder.cookie)).status === 200) {
    await move(S, 'responder', b.id, { action: 'start' }, problems);
    await move(S, 'responder', b.id, { action: 'resolve', note: '已对接融资租赁产品，企业已提交申请。' }, problems);
    await move(S, 'enterprise', b.id, { action: 'confirm', rating: 5, comment: '办理及时' }, problems);
  }

  // C: a visit with findings, visitors with and without accounts, and a problem (a case).
  await write(S.commissioner, 'commissioner', 'POST', '/api/v1/visits', {
    enterprise_id: S.enterprise.user.enterprise_id,
    visited_on: daysAgo(2),
    visitors: [{ user_id: S.commissioner.user.id }, { name: '企业陪同人员' }],
    levels: ['enterprise', 'talent'],
    findings: { enterprise: '产能利用率约八成。', talent: '高级技工缺口较大。' },
    summary: `${MARK}：走访小结。`,
    problems: [{ category: 'talent', title: `${MARK}：高级技工引进`, description: '希望对接职业院校订单培养。' }],
  }, problems);

  // A webhook with a test message in its log.  The test server allows a
  // receiver on 127.0.0.1 (nothing listens on port 9: the try fails and
  // shows in the log); a server without that allow list refuses it, and
  // gets one on example.com instead, with nothing sent.
  const hooks = await call('/api/v1/webhooks', S.admin.cookie);
  if (hooks.status === 200 && hooks.body.items.length === 0) {
    const hook = { name: `${MARK} 接收方`, url: 'http://127.0.0.1:9/contract', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', event_types: ['webhook.test'] };
    const local = await send(S.admin, 'POST', '/api/v1/webhooks', hook);
    if (local.status === 201) await write(S.admin, 'admin', 'POST', `/api/v1/webhooks/${local.body.id}/test`, undefined, problems, [202]);
    else await write(S.admin, 'admin', 'POST', '/api/v1/webhooks', { ...hook, url: 'https://example.com/contract' }, problems);
  }

  // A revoked token, so that the token list has a row (and no live secret stays).
  const tokens = await call('/api/v1/tokens', S.admin.cookie);
  if (tokens.status === 200 && tokens.body.items.length === 0) {
    const t = await write(S.admin, 'admin', 'POST', '/api/v1/tokens', { name: `${MARK} 令牌`, user_id: S.admin.user.id }, problems);
    await write(S.admin, 'admin', 'DELETE', `/api/v1/tokens/${t.id}`, undefined, problems);
  }
  return problems;
}

/* A meeting of the committee's chain with its agenda, a decision with an
 * action item on one of its cases, and minutes approved then amended (two
 * versions), unless an earlier run made it.  Answers the problems seen. */
async function ensureMeetingFixtures(S) {
  const problems = [];
  const list = await call('/api/v1/meetings?limit=200', S.committee.cookie);
  if (list.status !== 200) throw new Error(`fixtures: GET /api/v1/meetings as committee answered ${list.status}: ${list.text.slice(0, 300)}`);
  if (list.body.items.some((m) => m.title.startsWith(MARK))) return null;
  const chain = S.committee.user.chain_codes[0];
  const m = await write(S.committee, 'committee', 'POST', '/api/v1/meetings', { chain_code: chain, title: `${MARK}：产业链党委例会`, starts_at: `${daysAgo(3)}T09:00:00+08:00`, place: '会议室', kind: 'regular', attendees: [{ user_id: S.committee.user.id }, { name: '列席人员', title: '区发改局' }] }, problems);
  await write(S.committee, 'committee', 'POST', `/api/v1/meetings/${m.id}/agenda`, { title: `${MARK}：其他事项` }, problems);
  await write(S.committee, 'committee', 'PATCH', `/api/v1/meetings/${m.id}`, { status: 'held' }, problems);
  const people = await write(S.committee, 'committee', 'GET', `/api/v1/meetings/${m.id}/people`, undefined, problems);
  const owner = people.items.find((u) => u.role === 'responder') ?? people.items[0];
  const full = await write(S.committee, 'committee', 'GET', `/api/v1/meetings/${m.id}`, undefined, problems);
  const caseIds = full.agenda.flatMap((i) => i.cases.map((c) => c.id)).slice(0, 1);
  await write(S.committee, 'committee', 'POST', `/api/v1/meetings/${m.id}/decisions`, { text: `${MARK}：限期办结`, actions: [{ owner_id: owner.id, due_workdays: 5, case_ids: caseIds }] }, problems);
  await write(S.committee, 'committee', 'PATCH', `/api/v1/meetings/${m.id}`, { minutes_md: `## ${MARK}\n\n会议纪要。`, status: 'minutes_approved' }, problems);
  await write(S.committee, 'committee', 'PATCH', `/api/v1/meetings/${m.id}`, { minutes_md: `## ${MARK}\n\n会议纪要（修订）。` }, problems);
  return problems;
}

// ---- the tests ----

const stats = { calls: 0, validated: 0, refused: 0, skipped: 0 };
const validatedOk = new Set(); // templates with a validated 200
const perEndpoint = new Map(); // template -> Set of roles with a validated 200

/* One call: status as expected for the role, body fits the document. */
async function checkCall(ep, role, url, cookie, problems) {
  const op = operation(ep.path);
  if (!op) {
    problems.push(`GET ${ep.path}: not in ${path.relative(process.cwd(), DOC_PATH)}`);
    return;
  }
  const r = await call(url, cookie);
  stats.calls++;
  const where = `GET ${url} as ${role} (${LOGIN[role]})`;
  const expectOk = ep.roles.includes(role);
  if (expectOk && r.status !== 200) {
    problems.push(`${where}: expected 200, got ${r.status}: ${r.text.slice(0, 300)}`);
    return;
  }
  if (!expectOk && r.status === 200) {
    problems.push(`${where}: expected a refusal (403/404) for role ${role}, got 200`);
    return;
  }
  const resp = documentedResponse(op, r.status);
  if (!resp) {
    problems.push(`${where}: answered ${r.status}, which ${ep.path} does not document (documented: ${Object.keys(op.responses || {}).join(', ')})`);
    return;
  }
  const media = resp.content?.['application/json'];
  if (!media) {
    problems.push(`${where}: answered ${r.status}, documented without an application/json body`);
    return;
  }
  if (!r.type.startsWith('application/json')) problems.push(`${where}: Content-Type is ${r.type || 'missing'}, expected application/json`);
  if (r.parseError) {
    problems.push(`${where}: the body is not JSON (${r.parseError}): ${r.text.slice(0, 200)}`);
    return;
  }
  const at = `#/paths/${ep.path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/${r.status}`;
  const errs = check(media.schema, r.body, at);
  if (errs.length) {
    const shown = errs.slice(0, MAX_SHOWN);
    problems.push(`${where}: ${r.status} body does not fit the document (${errs.length} fault${errs.length > 1 ? 's' : ''}):\n${shown.join('\n')}${errs.length > shown.length ? `\n  … and ${errs.length - shown.length} more` : ''}`);
    return;
  }
  if (r.status === 200) {
    stats.validated++;
    validatedOk.add(ep.path);
    if (!perEndpoint.has(ep.path)) perEndpoint.set(ep.path, new Set());
    perEndpoint.get(ep.path).add(role);
  } else {
    stats.refused++;
  }
}

describe('OpenAPI contract: GET bodies fit docs/openapi.json', () => {
  if (preflightError) {
    test('server reachable', () => assert.fail(preflightError));
    return;
  }

  const sessions = {};
  const signInErrors = {};
  const idsByRole = {};
  const discoverErrors = {};
  let fixtureProblems = null;
  let fixtureError = '';

  before(async () => {
    for (const role of ROLES) {
      try {
        sessions[role] = await signIn(role);
      } catch (e) {
        signInErrors[role] = e.message;
      }
    }
    if (ROLES.every((r) => sessions[r])) {
      try {
        fixtureProblems = await ensureFixtures(sessions);
        const more = await ensureMeetingFixtures(sessions);
        if (more !== null) fixtureProblems = [...(fixtureProblems ?? []), ...more];
      } catch (e) {
        fixtureError = e.message;
      }
    } else {
      fixtureError = 'not every role could sign in';
    }
    for (const role of ROLES) {
      if (!sessions[role]) continue;
      try {
        idsByRole[role] = await discover(sessions[role]);
      } catch (e) {
        discoverErrors[role] = e.message;
      }
    }
  });

  test('the validator rejects what it should', () => {
    // The test must be able to fail: a closed object, a wrong type, a
    // missing member, a bad enum value and a bad date-time are all caught.
    const schema = { type: 'object', properties: { a: { type: 'integer' }, b: { type: ['string', 'null'], format: 'date-time' }, c: { enum: ['x', 'y'] } }, required: ['a'] };
    assert.deepEqual(check(schema, { a: 1, b: null, c: 'x' }, '#t'), []);
    assert.equal(check(schema, { a: 1, z: 2 }, '#t').length, 1, 'unknown property');
    assert.equal(check(schema, { a: '1' }, '#t').length, 1, 'wrong type');
    assert.equal(check(schema, { b: null }, '#t').length, 1, 'missing required');
    assert.equal(check(schema, { a: 1, c: 'q' }, '#t').length, 1, 'enum');
    assert.equal(check(schema, { a: 1, b: '2026-13' }, '#t').length, 1, 'date-time');
    const union = { oneOf: [{ $ref: '#/components/schemas/UserRef' }, { type: 'null' }] };
    assert.deepEqual(check(union, null, '#t'), []);
    assert.deepEqual(check(union, { id: 1, name: 'x' }, '#t'), []);
    assert.notEqual(check(union, { id: 1, name: 'x', extra: true }, '#t').length, 0, 'oneOf with a closed branch');
  });

  test('fixtures: the writes succeed and answer what the document says', (t) => {
    assert.equal(fixtureError, '', fixtureError);
    if (fixtureProblems === null) {
      t.skip('made by an earlier run');
      return;
    }
    assert.equal(fixtureProblems.length, 0, `\n${fixtureProblems.join('\n')}`);
  });

  for (const role of ROLES) {
    describe(`as ${role} (${LOGIN[role]})`, () => {
      for (const ep of ENDPOINTS) {
        test(`GET ${ep.path}`, async (t) => {
          assert.ok(sessions[role], `sign-in as ${role} failed: ${signInErrors[role]}`);
          assert.ok(!discoverErrors[role], `finding ids as ${role} failed: ${discoverErrors[role]}`);
          // A role that may not call it is refused for real ids: the
          // admin's (their own lists have none).
          const ids = ep.roles.includes(role) ? idsByRole[role] : idsByRole.admin ?? idsByRole[role];
          const urls = ep.urls(ids);
          if (urls.length === 0) {
            stats.skipped++;
            t.skip(`no id for ${ep.path}: the lists of ${role} are empty`);
            return;
          }
          const problems = [];
          for (const url of urls) await checkCall(ep, role, url, sessions[role].cookie, problems);
          assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
        });
      }
    });
  }

  describe('coverage', () => {
    test('every documented GET operation that answers JSON was validated with a 200', () => {
      const listed = new Set(ENDPOINTS.map((e) => e.path));
      const missing = [];
      for (const [template, item] of Object.entries(DOC.paths || {})) {
        const op = item.get;
        if (!op) continue;
        const ok = documentedResponse(op, 200);
        if (!ok?.content?.['application/json']) continue;
        if (!listed.has(template)) missing.push(`GET ${template}: documented, but this test does not call it (add it to ENDPOINTS)`);
        else if (!validatedOk.has(template)) missing.push(`GET ${template}: no role got a 200 that fits the document`);
      }
      assert.equal(missing.length, 0, `\n${missing.join('\n')}`);
    });
  });

  after(() => {
    console.log(`contract: ${stats.calls} GET calls over ${ENDPOINTS.length} endpoints × ${ROLES.length} roles; ${stats.validated} 200 bodies and ${stats.refused} refusals validated; ${stats.skipped} endpoint×role pairs skipped for lack of ids`);
    for (const [p, roles] of perEndpoint) console.log(`  ${p}: ${[...roles].join(', ')}`);
  });
});
