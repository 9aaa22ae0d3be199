// The theme button: System → Light → Dark, remembered in localStorage. The stored choice is applied
// before first paint by the inline script in BaseLayout; this module only handles the button.
import { type BrowserMessageKey, t } from '../i18n/browser.ts';

export const THEME_STORAGE_KEY = 'vigil-theme';
export const THEME_CHANGE_EVENT = 'vigil:themechange';

type ThemeChoice = 'system' | 'light' | 'dark';
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL = {
  system: 'browserCommon.themeSystem',
  light: 'browserCommon.themeLight',
  dark: 'browserCommon.themeDark',
} as const satisfies Record<ThemeChoice, BrowserMessageKey>;
const CHOICE = {
  system: 'browserCommon.themeChoiceSystem',
  light: 'browserCommon.themeChoiceLight',
  dark: 'browserCommon.themeChoiceDark',
} as const satisfies Record<ThemeChoice, BrowserMessageKey>;

function readChoice(): ThemeChoice {
  const stored = safeGet();
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function applyChoice(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  document.dispatchEvent(new CustomEvent(THEME_CHANGE_EVENT));
}

/** Labels and wires the button (BaseLayout's head script shows it only where scripts run). */
export function startThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-theme-toggle]')) {
    const render = (choice: ThemeChoice) => {
      const label = t(LABEL[choice]);
      button.textContent = label;
      button.setAttribute(
        'aria-label',
        t('browserCommon.themeButtonLabel', { label, next: t(CHOICE[NEXT[choice]]) }),
      );
    };
    render(readChoice());
    button.addEventListener('click', () => {
      const choice = NEXT[readChoice()];
      safeSet(choice);
      applyChoice(choice);
      render(choice);
    });
  }
}

// Private browsing or a locked-down profile may forbid storage: the toggle then lasts for the page only.
function safeGet(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return document.documentElement.dataset.theme ?? null;
  }
}

function safeSet(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage refused: the choice still applies to this page (see safeGet).
  }
}
