// The entry: tiny, no UI library.  It loads the surface the path names, so a
// phone on /m/ downloads Vant and the portal only, and a desk on /desk/
// Element Plus and the desk only.
import './shared/base.css';
import { applyLargeFont } from './shared/largeFontBoot';

applyLargeFont();

function bootError(text: string) {
  const app = document.getElementById('app');
  if (!app) return;
  const p = document.createElement('p');
  p.className = 'hl-boot hl-boot-error';
  p.setAttribute('role', 'alert');
  p.textContent = text;
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'hl-boot-retry';
  b.textContent = '重新加载';
  b.addEventListener('click', () => location.reload());
  app.replaceChildren(p, b);
}

async function chooseSurface() {
  // "/" and any other path outside the two surfaces: go where the user works.
  try {
    const res = await fetch('/api/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (res.ok) {
      const s = (await res.json()) as { user?: { role?: string } };
      location.replace(s.user?.role === 'enterprise' ? '/m/' : '/desk/');
      return;
    }
  } catch {
    /* fall through to a login page */
  }
  const phone = window.matchMedia('(max-width: 768px)').matches || /MicroMessenger|Mobile|Android|iPhone/i.test(navigator.userAgent);
  location.replace(phone ? '/m/login' : '/desk/login');
}

const path = location.pathname;
const load =
  path === '/m' || path.startsWith('/m/')
    ? import('./portal/main')
    : path === '/desk' || path.startsWith('/desk/')
      ? import('./desk/main')
      : null;

if (load) {
  load.catch(() => bootError('页面加载失败，请检查网络后重新加载。'));
} else {
  void chooseSurface();
}
