/** All webhook deliveries of one run together end within this, so a hanging webhook cannot keep a run alive. */
export const NOTIFY_BUDGET_MS = 15_000;
