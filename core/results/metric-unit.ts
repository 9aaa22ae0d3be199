// Free of zod: the site's chart script imports it (through src/lib/metric-format.ts) in the browser.

/** How a metric's values read: src/lib/metric-format.ts writes each as people read it. */
export type MetricUnit =
  | 'bytes'
  | 'bytesPerSecond'
  | 'ms'
  | 'seconds'
  | 'days'
  | 'percent'
  | 'perSecond'
  | 'celsius'
  | 'watts'
  | 'count';
