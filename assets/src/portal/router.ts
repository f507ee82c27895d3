import { createRouter, createWebHistory } from 'vue-router';
import { useSession, homeFor } from '@/stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    title?: string;
    tab?: boolean;
  }
}

export function createPortalRouter() {
  const router = createRouter({
    history: createWebHistory('/m/'),
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
    routes: [
      { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
      { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页', tab: true } },
      { path: '/cases', name: 'cases', component: () => import('./views/CasesView.vue'), meta: { title: '我的诉求', tab: true } },
      { path: '/cases/new', name: 'case-new', component: () => import('./views/CaseNewView.vue'), meta: { title: '提交诉求' } },
      { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseDetailView.vue'), meta: { title: '诉求详情' } },
      { path: '/chain/:code?', name: 'chain', component: () => import('./views/ChainView.vue'), meta: { title: '我的产业链', tab: true } },
      { path: '/enterprise', name: 'enterprise', component: () => import('./views/EnterpriseView.vue'), meta: { title: '我的企业' } },
      { path: '/policies', name: 'policies', component: () => import('./views/PoliciesView.vue'), meta: { title: '政策匹配' } },
      { path: '/policies/:id(\\d+)', name: 'policy', component: () => import('./views/PolicyDetailView.vue'), meta: { title: '政策详情' } },
      { path: '/bulletins', name: 'bulletins', component: () => import('./views/BulletinsView.vue'), meta: { title: '政策简报' } },
      { path: '/bulletins/:id(\\d+)', name: 'bulletin', component: () => import('./views/BulletinDetailView.vue'), meta: { title: '政策简报' } },
      { path: '/events', name: 'events', component: () => import('./views/EventsView.vue'), meta: { title: '政策直通车' } },
      { path: '/events/:id(\\d+)', name: 'event', component: () => import('./views/EventDetailView.vue'), meta: { title: '政策直通车' } },
      { path: '/messages', name: 'messages', component: () => import('./views/MessagesView.vue'), meta: { title: '消息', tab: true } },
      { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { title: '我的', tab: true } },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to) => {
    const session = useSession();
    let user = null;
    try {
      user = await session.ensure();
    } catch {
      // Network down while checking the session: let the page show its own retry message.
      return true;
    }
    if (to.meta.public) return true;
    if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    if (user.role !== 'enterprise') {
      window.location.assign(homeFor(user));
      return false;
    }
    return true;
  });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 红链` : '红链';
  });
  return router;
}
