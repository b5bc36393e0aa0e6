/**
 * zod probes `new Function` to speed up parsing; under the page's CSP (no 'unsafe-eval') the
 * probe is a reported violation even though zod catches it. The shared catalogues parse with
 * zod in the page, some at import time, so this module is imported first, before any of them.
 */
import { config } from 'zod';

config({ jitless: true });
