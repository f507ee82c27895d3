// Vant and Element Plus components start timers when they mount (Vant's
// use-height measures again after 100 ms).  A test file's DOM is torn down
// when its last test ends; a timer that fires after that throws "window is
// not defined" and vitest reports it against whichever file ran.  Every
// file therefore waits for such timers before its environment goes away.
import { afterAll } from 'vitest';

afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)));
