/// <reference types="vitest/config" />
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';

const here = path.dirname(fileURLToPath(import.meta.url));

/*
 * Library CSS carries data: URIs (Vant's icon font, Element Plus's select
 * check mark) and a CDN fallback for the font.  The server's CSP allows
 * images and fonts from 'self' only, so each data: URI becomes a real file
 * that Vite emits under /assets/ with a hashed name, and remote fallbacks go.
 */
const MIME_EXT: Record<string, string> = { 'font/woff2': 'woff2', 'font/woff': 'woff', 'font/ttf': 'ttf', 'image/svg+xml': 'svg', 'image/png': 'png', 'image/gif': 'gif' };

function libraryDataUrlsToFiles(): Plugin {
  const cacheDir = path.join(here, 'node_modules', '.cache', 'hl-css-assets');
  return {
    name: 'hl:library-data-urls-to-files',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0];
      if (!/[\\/]node_modules[\\/](vant|element-plus)[\\/].*\.css$/.test(file)) return null;
      if (!code.includes('data:') && !code.includes('url(//')) return null;
      // Drop remote fallbacks inside @font-face src lists.
      let out = code.replace(/,\s*url\(["']?(?:https?:)?\/\/[^)]*\)\s*format\(["'][a-z0-9]+["']\)/gi, '');
      out = out.replace(/url\(\s*(["']?)data:([a-z0-9.+/-]+)((?:;[a-z0-9=-]+)*?)(;base64)?,(.*?)\1\s*\)/gi, (whole, _q, mime: string, _params: string, b64: string | undefined, data: string) => {
        const ext = MIME_EXT[mime.toLowerCase()];
        if (!ext) return whole;
        const buf = b64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
        const name = `${crypto.createHash('sha256').update(buf).digest('hex').slice(0, 16)}.${ext}`;
        fs.mkdirSync(cacheDir, { recursive: true });
        const target = path.join(cacheDir, name);
        if (!fs.existsSync(target)) fs.writeFileSync(target, buf);
        let rel = path.relative(path.dirname(file), target).split(path.sep).join('/');
        if (!rel.startsWith('.')) rel = './' + rel;
        return `url("${rel}")`;
      });
      return out === code ? null : { code: out, map: null };
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [
    libraryDataUrlsToFiles(),
    vue(),
    Components({
      dts: false,
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver({ importStyle: 'css' })],
    }),
  ],
  resolve: {
    alias: { '@': path.join(here, 'src') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // CSP: no inline scripts, so no modulepreload polyfill.
    modulePreload: { polyfill: false },
    // CSP: no data: URIs; every asset is a file under /assets/ with a hash.
    assetsInlineLimit: 0,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // No manualChunks: Rollup then keeps tree-shaking Element Plus and Vant
    // (a manualChunks function pulls unused library modules into the build).
  },
  server: {
    proxy: {
      '/api': process.env.HONGLIAN_DEV_API ?? 'http://127.0.0.1:8080',
      '/bulletins': process.env.HONGLIAN_DEV_API ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/timers.ts'],
    // Mounting a whole Element Plus form takes 2 s on an idle 2-core
    // machine and was seen taking 15 s on a busy one: 5 s (the default)
    // fails tests there that are only slow.
    testTimeout: 30000,
    css: false,
    server: { deps: { inline: ['vant', 'element-plus'] } },
  },
});
