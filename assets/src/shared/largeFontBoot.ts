// 适老化 large-font mode, applied by the boot entry before any surface loads.
// No Vue here: the boot entry must stay tiny.
export const LARGE_FONT_KEY = 'hl.large_font';

export function readLargeFont(): boolean {
  try {
    return localStorage.getItem(LARGE_FONT_KEY) === '1';
  } catch {
    return false;
  }
}

/** Apply the choice to <html> (class hl-large). */
export function applyLargeFont(on: boolean = readLargeFont()): void {
  document.documentElement.classList.toggle('hl-large', on);
}
