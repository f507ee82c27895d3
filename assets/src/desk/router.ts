import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import type { Role, User } from '@/api/types';
import { useSession, homeFor } from '@/stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    title?: string;
    roles?: Role[];
  }
}

const STAFF: Role[] = ['commissioner', 'responder', 'committee', 'admin'];

/** The first page of each role. */
export function deskHome(user: Pick<User, 'role'>): RouteLocationRaw {
  switch (user.role) {
    case 'committee': return { name: 'escalated' };
    case 'admin': return { name: 'cases' };
    default: return { name: 'cases' };
  }
}

export function createDeskRouter() {
  const router = createRouter({
    history: createWebHistory('/desk/'),
    routes: [
      { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
      { path: '/', name: 'home', component: { render: () => null }, meta: { title: '工作台' } },
      { path: '/cases', name: 'cases', component: () => import('./views/CaseListView.vue'), meta: { title: '诉求办理' } },
      { path: '/escalated', name: 'escalated', component: () => import('./views/CaseListView.vue'), props: { escalatedOnly: true }, meta: { title: '书记突破项目', roles: ['committee', 'admin', 'commissioner'] } },
      { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseDetailView.vue'), meta: { title: '诉求详情' } },
      { path: '/enterprises', name: 'enterprises', component: () => import('./views/EnterpriseListView.vue'), meta: { title: '企业', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/enterprises/:id(\\d+)', name: 'enterprise', component: () => import('./views/EnterpriseDetailView.vue'), meta: { title: '企业详情', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/chains', name: 'chains', component: () => import('./views/ChainListView.vue'), meta: { title: '产业链' } },
      { path: '/chains/:code', name: 'chain', component: () => import('./views/ChainDetailView.vue'), meta: { title: '产业链详情' } },
      { path: '/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户管理', roles: ['admin'] } },
      { path: '/policies', name: 'policies', component: () => import('./views/PolicyListView.vue'), meta: { title: '政策对接包', roles: ['committee', 'admin'] } },
      { path: '/policies/new', name: 'policy-new', component: () => import('./views/PolicyEditView.vue'), meta: { title: '新增政策', roles: ['committee', 'admin'] } },
      { path: '/policies/:id(\\d+)', name: 'policy', component: () => import('./views/PolicyEditView.vue'), meta: { title: '政策', roles: ['committee', 'admin'] } },
      { path: '/bulletins', name: 'bulletins', component: () => import('./views/BulletinListView.vue'), meta: { title: '政策简报', roles: ['committee', 'admin'] } },
      { path: '/bulletins/new', name: 'bulletin-new', component: () => import('./views/BulletinEditView.vue'), meta: { title: '写政策简报', roles: ['committee', 'admin'] } },
      { path: '/bulletins/:id(\\d+)', name: 'bulletin', component: () => import('./views/BulletinEditView.vue'), meta: { title: '政策简报', roles: ['committee', 'admin'] } },
      { path: '/visits', name: 'visits', component: () => import('./views/VisitListView.vue'), meta: { title: '走访记录', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/visits/new', name: 'visit-new', component: () => import('./views/VisitNewView.vue'), meta: { title: '记录走访', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/visits/:id(\\d+)', name: 'visit', component: () => import('./views/VisitDetailView.vue'), meta: { title: '走访记录', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/coverage', name: 'coverage', component: () => import('./views/CoverageView.vue'), meta: { title: '走访覆盖', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/workload', name: 'workload', component: () => import('./views/WorkloadView.vue'), meta: { title: '专员工作量', roles: ['committee', 'admin'] } },
      { path: '/events', name: 'events', component: () => import('./views/EventListView.vue'), meta: { title: '政策直通车', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/new', name: 'event-new', component: () => import('./views/EventEditView.vue'), meta: { title: '新建政策直通车', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/stats', name: 'event-stats', component: () => import('./views/EventStatsView.vue'), meta: { title: '政策直通车统计', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/:id(\\d+)', name: 'event', component: () => import('./views/EventDetailView.vue'), meta: { title: '政策直通车', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/:id(\\d+)/edit', name: 'event-edit', component: () => import('./views/EventEditView.vue'), meta: { title: '修改政策直通车', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/:id(\\d+)/checkin', name: 'event-checkin', component: () => import('./views/EventCheckinView.vue'), meta: { title: '现场签到', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/events/:id(\\d+)/questions', name: 'event-questions', component: () => import('./views/EventQuestionsView.vue'), meta: { title: '登记现场问题', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue'), meta: { title: '站内信' } },
      { path: '/webhooks', name: 'webhooks', component: () => import('./views/WebhookListView.vue'), meta: { title: '通知 Webhook', roles: ['admin'] } },
      { path: '/webhooks/:id(\\d+)', name: 'webhook', component: () => import('./views/WebhookDeliveriesView.vue'), meta: { title: '投递记录', roles: ['admin'] } },
      { path: '/meetings', name: 'meetings', component: () => import('./views/MeetingListView.vue'), meta: { title: '产业链党委会议', roles: ['committee', 'admin'] } },
      { path: '/meetings/:id(\\d+)', name: 'meeting', component: () => import('./views/MeetingDetailView.vue'), meta: { title: '会议', roles: ['committee', 'admin'] } },
      { path: '/actions', name: 'actions', component: () => import('./views/ActionListView.vue'), meta: { title: '督办事项' } },
      { path: '/common-problems', name: 'common-problems', component: () => import('./views/CommonProblemsView.vue'), meta: { title: '共性问题', roles: ['committee', 'admin'] } },
      { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '数据看板', roles: ['commissioner', 'committee', 'admin'] } },
      { path: '/chains/:code/manage', name: 'chain-manage', component: () => import('./views/ChainManageView.vue'), meta: { title: '“四个一”管理', roles: ['committee', 'admin'] } },
      { path: '/routing', name: 'routing', component: () => import('./views/RoutingView.vue'), meta: { title: '分办规则检查', roles: ['committee', 'admin'] } },
      { path: '/sla', name: 'sla', component: () => import('./views/SlaView.vue'), meta: { title: '办理时限', roles: ['admin'] } },
      { path: '/calendar', name: 'calendar', component: () => import('./views/CalendarView.vue'), meta: { title: '节假日与调休', roles: ['admin'] } },
      { path: '/assignments', name: 'assignments', component: () => import('./views/AssignmentsView.vue'), meta: { title: '包联分配', roles: ['admin'] } },
      { path: '/enterprises/import', name: 'enterprise-import', component: () => import('./views/EnterpriseImportView.vue'), meta: { title: '企业导入', roles: ['admin'] } },
      { path: '/tokens', name: 'tokens', component: () => import('./views/TokensView.vue'), meta: { title: 'API 令牌', roles: ['admin'] } },
      { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', roles: ['admin'] } },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to) => {
    const session = useSession();
    let user = null;
    try {
      user = await session.ensure();
    } catch {
      return true; // offline: the page shows its own retry message
    }
    if (to.meta.public) return true;
    if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    if (!STAFF.includes(user.role)) {
      window.location.assign(homeFor(user));
      return false;
    }
    if (to.name === 'home') return deskHome(user);
    if (to.meta.roles && !to.meta.roles.includes(user.role)) return deskHome(user);
    return true;
  });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 红链工作台` : '红链工作台';
  });
  return router;
}
