// The enterprise portal (phone-first, Vant), mounted under /m/.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'vant/es/toast/style/index';
import 'vant/es/dialog/style/index';
import 'vant/es/notify/style/index';
import './portal.css';
import App from './App.vue';
import { createPortalRouter } from './router';
import { setUnauthenticatedHandler } from '@/api/client';
import { useSession } from '@/stores/session';
import { focusOnNavigation } from '@/shared/a11y';
import { installPortalA11y } from './a11y';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createPortalRouter();
app.use(router);
focusOnNavigation(router);

setUnauthenticatedHandler(() => {
  useSession(pinia).clear();
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } });
});

app.mount('#app');
installPortalA11y();
