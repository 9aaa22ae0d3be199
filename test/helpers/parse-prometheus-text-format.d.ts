// The package ships no types; this is the part of its documented result the tests read.
declare module 'parse-prometheus-text-format' {
  interface ParsedMetricFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
    metrics: { labels?: Record<string, string>; value?: string }[];
  }
  export default function parsePrometheusTextFormat(text: string): ParsedMetricFamily[];
}
