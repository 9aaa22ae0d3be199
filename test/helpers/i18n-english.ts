// Every test file starts with the site's language set to English, as a build without `site.language`
// does: code under test that says a text through t() (src/i18n) reads the English catalogue. A test of
// another language calls useSiteLanguage('ja') itself (and 'en' again after).
import { useSiteLanguage } from '../../src/i18n/index.ts';

useSiteLanguage('en');
