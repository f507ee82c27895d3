// The desk (commissioners, responders, committees, admins; Element Plus), under /desk/.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/loading/style/css';
import 'dayjs/locale/zh-cn';
import './desk.css';
import App from './App.vue';
import { createDeskRouter } from './router';
import { setUnauthenticatedHandler } from '@/api/client';
import { useSession } from '@/stores/session';
import { focusOnNavigation } from '@/shared/a11y';
import { installDeskA11y } from './a11y';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createDeskRouter();
app.use(router);
focusOnNavigation(router);

setUnauthenticatedHandler(() => {
  useSession(pinia).clear();
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } });
});

app.mount('#app');
installDeskA11y();
