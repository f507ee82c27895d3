// 适老化: a large-font mode, remembered on the device.
import { ref, watch } from 'vue';

const KEY = 'hl.large_font';

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Apply the stored choice to <html> (called before any surface loads). */
export function applyLargeFont(on: boolean = read()): void {
  document.documentElement.classList.toggle('hl-large', on);
}

export const largeFont = ref(read());

watch(largeFont, (on) => {
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* private mode: still applies for this page */
  }
  applyLargeFont(on);
});
