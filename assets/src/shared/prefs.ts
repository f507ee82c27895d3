// 适老化: a large-font mode, remembered on the device (localStorage).
import { ref, watch } from 'vue';
import { LARGE_FONT_KEY, applyLargeFont, readLargeFont } from './largeFontBoot';

export { applyLargeFont };

export const largeFont = ref(readLargeFont());

watch(largeFont, (on) => {
  try {
    localStorage.setItem(LARGE_FONT_KEY, on ? '1' : '0');
  } catch {
    /* private mode: still applies for this page */
  }
  applyLargeFont(on);
});
