// The districts and enterprise tags the server knows (GET /api/v1/districts,
// /api/v1/tags), for pickers.  Fetched once per page load; until then, or on
// a server without those endpoints, the lists Zibo had when this was written.
import { ref } from 'vue';
import { vocabApi, type NamedItem } from '@/api/endpoints';

export const FALLBACK_DISTRICTS = ['张店区', '淄川区', '博山区', '临淄区', '周村区', '桓台县', '高青县', '沂源县', '高新区', '经济开发区', '文昌湖区'];
export const FALLBACK_TAGS = ['专精特新', '专精特新小巨人', '高新技术企业', '科技型中小企业', '绿色工厂', '瞪羚企业', '单项冠军', '独角兽企业', '规上企业', '上市企业', '外贸企业', '技术创新示范企业'];

const districts = ref<NamedItem[]>(FALLBACK_DISTRICTS.map((name) => ({ name })));
const tags = ref<NamedItem[]>(FALLBACK_TAGS.map((name) => ({ name })));
let loaded = false;

export function useVocab() {
  if (!loaded) {
    loaded = true;
    vocabApi.districts().then((r) => { if (r.items?.length) districts.value = r.items; }).catch(() => { loaded = false; });
    vocabApi.tags().then((r) => { if (r.items?.length) tags.value = r.items; }).catch(() => { loaded = false; });
  }
  return { districts, tags };
}
