// Inlined as a classic script by FreshnessClock.astro (bundled at build time), so it runs while the
// page is parsed, before its first paint: the page is judged by the reader's clock with no layout
// shift. freshness-clock.ts then keeps judging it as time passes.
import { paintFreshness } from './freshness-clock.ts';

paintFreshness();
