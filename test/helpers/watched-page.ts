// A page opened in headless Chromium that records what a visitor would not see but should never
// happen: console errors and warnings, uncaught exceptions and failed responses.
import type { BrowserContext, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, uncaught exceptions and failed responses, as text. */
  problems: string[];
}

export async function openPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}
