/// <reference types="vitest/config" />
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
 * Vant's icon font ships as a data: URI (with a CDN fallback).  The server's
 * CSP allows fonts from 'self' only, so move the font into a real file that
 * Vite emits under /assets/ with a hashed name, and drop the CDN fallback.
 */
function vantIconFontToFile(): Plugin {
  const cacheDir = path.join(here, 'node_modules', '.cache', 'hl');
  return {
    name: 'hl:vant-icon-font-file',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0];
      if (!/[\\/]vant[\\/](es|lib)[\\/].*\.css$/.test(file) || !code.includes('data:font/woff2')) return null;
      const m = /src:\s*url\(["']?data:font\/woff2;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)["']?\)\s*format\(["']woff2["']\)[^;]*;/.exec(code);
      if (!m) return null;
      fs.mkdirSync(cacheDir, { recursive: true });
      const fontPath = path.join(cacheDir, 'vant-icon.woff2');
      fs.writeFileSync(fontPath, Buffer.from(m[1], 'base64'));
      let rel = path.relative(path.dirname(file), fontPath).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = './' + rel;
      return { code: code.replace(m[0], `src: url("${rel}") format("woff2");`), map: null };
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [
    vantIconFontToFile(),
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
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/]node_modules[\\/]echarts|zrender[\\/]/.test(id)) return 'echarts';
          if (/[\\/]node_modules[\\/](vant|@vant)[\\/]/.test(id)) return 'vant';
          if (/[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@sxzz|@ctrl|async-validator|dayjs|lodash|lodash-es|lodash-unified|@vueuse|memoize-one|normalize-wheel-es)[\\/]/.test(id)) return 'element-plus';
          if (/[\\/]node_modules[\\/](vue|@vue|vue-router|pinia)[\\/]/.test(id)) return 'vue';
          return undefined;
        },
      },
    },
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
    css: false,
    server: { deps: { inline: ['vant', 'element-plus'] } },
  },
});
