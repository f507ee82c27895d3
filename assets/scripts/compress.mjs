#!/usr/bin/env node
// After `vite build`: check dist/ against the server's CSP, write .gz and .br
// next to every compressible file (the server sends them as they are), and
// report the gzip size of each surface's entry (what a phone or a desk loads
// before the first page shows).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ttf|xml|ico)$/i;
const MIN_SIZE = 256;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : [p];
  });
}

// ---- CSP checks: script-src 'self', style-src 'self', no data: or remote assets ----
const problems = [];
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (!/\bsrc=/.test(m[1]) || m[2].trim()) problems.push('index.html: inline <script>');
}
if (/<style\b/i.test(html)) problems.push('index.html: inline <style>');
if (/\sstyle=/i.test(html)) problems.push('index.html: style= attribute');
if (/\son[a-z]+=/i.test(html)) problems.push('index.html: inline event handler');
for (const f of walk(dist)) {
  const rel = path.relative(dist, f);
  if (f.endsWith('.css')) {
    const css = fs.readFileSync(f, 'utf8');
    if (/url\(\s*["']?data:/i.test(css)) problems.push(`${rel}: data: URL (blocked by CSP)`);
    if (/url\(\s*["']?(https?:)?\/\//i.test(css)) problems.push(`${rel}: remote URL (blocked by CSP)`);
  }
  if (f.endsWith('.js')) {
    const js = fs.readFileSync(f, 'utf8');
    if (/\bnew Function\s*\(|\beval\s*\(/.test(js)) problems.push(`${rel}: eval / new Function (blocked by CSP)`);
  }
}
if (problems.length) {
  console.error('CSP check failed:\n  ' + problems.join('\n  '));
  process.exit(1);
}

// ---- sizes per surface, from Vite's manifest ----
const manifestPath = path.join(dist, '.vite', 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

function closure(key, seen = new Set()) {
  const e = manifest[key];
  if (!e || seen.has(key)) return seen;
  seen.add(key);
  for (const i of e.imports ?? []) closure(i, seen);
  return seen;
}
function files(keys) {
  const out = new Set();
  for (const k of keys) {
    const e = manifest[k];
    out.add(e.file);
    for (const c of e.css ?? []) out.add(c);
  }
  return [...out];
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
// A surface's entry: the dynamic entry whose own lazy routes live under src/<surface>/.
const surfaceKey = (dir) =>
  Object.keys(manifest).find((k) => manifest[k].src === `src/${dir}/main.ts`) ??
  (manifest[entry].dynamicImports ?? []).find((k) => (manifest[k].dynamicImports ?? []).some((d) => d.startsWith(`src/${dir}/`)));
const rows = [];
for (const [name, dir] of [['portal (/m/, Vant)', 'portal'], ['desk (/desk/, Element Plus)', 'desk']]) {
  const key = surfaceKey(dir);
  if (!key) {
    console.error(`no entry chunk found for src/${dir}/main.ts`);
    process.exit(1);
  }
  const own = gz(manifest[key].file);
  const initial = files(new Set([...closure(entry), ...closure(key)]));
  const js = initial.filter((f) => f.endsWith('.js')).reduce((s, f) => s + gz(f), 0);
  const css = initial.filter((f) => f.endsWith('.css')).reduce((s, f) => s + gz(f), 0);
  rows.push(`  ${name.padEnd(28)} entry chunk ${kb(own).padStart(9)} gzip; first load (boot + surface, before the page's own chunk) JS ${kb(js).padStart(9)} + CSS ${kb(css).padStart(8)} gzip`);
}
const bootOwn = gz(manifest[entry].file);
console.log('Bundle sizes (gzip -9):');
console.log(`  ${'boot entry (index.html)'.padEnd(28)} ${kb(bootOwn).padStart(9)}`);
for (const r of rows) console.log(r);
const charts = Object.values(manifest).find((e) => e.src === 'src/desk/charts.ts' || /^assets\/charts-[^/]*\.js$/.test(e.file));
if (charts) console.log(`  ${'echarts (dashboard only)'.padEnd(28)} ${kb(gz(charts.file)).padStart(9)}`);
// Code-splitting check: a phone on /m/ never downloads Element Plus or ECharts,
// a desk never downloads Vant (every chunk reachable from a surface, lazy ones included).
function reachable(key, seen = new Set()) {
  if (seen.has(key) || !manifest[key] || key === entry) return seen;
  seen.add(key);
  for (const i of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) reachable(i, seen);
  return seen;
}
const leaks = [];
for (const [dir, forbidden] of [['portal', /ElConfigProvider|ElMessageBox|"el-table|zrender/], ['desk', /"van-|van-tabbar|van-cell/]]) {
  for (const k of reachable(surfaceKey(dir))) {
    const f = manifest[k].file;
    if (f.endsWith('.js') && forbidden.test(fs.readFileSync(path.join(dist, f), 'utf8'))) leaks.push(`${dir} reaches ${f}, which holds another surface's library`);
  }
}
if (leaks.length) {
  console.error('Code-splitting check failed:\n  ' + leaks.join('\n  '));
  process.exit(1);
}
fs.rmSync(path.join(dist, '.vite'), { recursive: true, force: true });

// ---- precompress ----
let n = 0;
let raw = 0;
let brTotal = 0;
for (const f of walk(dist)) {
  if (!COMPRESSIBLE.test(f) || f.endsWith('.gz') || f.endsWith('.br')) continue;
  const buf = fs.readFileSync(f);
  if (buf.length < MIN_SIZE) continue;
  const g = zlib.gzipSync(buf, { level: 9 });
  const b = zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_MODE]: /\.(woff2?|ttf)$/.test(f) ? zlib.constants.BROTLI_MODE_FONT : zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  // Keep a compressed copy only when it is smaller; the server falls back to the plain file.
  if (g.length < buf.length) fs.writeFileSync(`${f}.gz`, g);
  if (b.length < buf.length) fs.writeFileSync(`${f}.br`, b);
  n++;
  raw += buf.length;
  brTotal += b.length;
}
console.log(`Precompressed ${n} files (.gz + .br): ${kb(raw)} → ${kb(brTotal)} brotli.`);
