// The site's way to the one metric formatting the collector uses too (core/results/metric-format.ts).
export { formatMetricValue, type MetricUnit } from '../../core/results/metric-format.ts';
