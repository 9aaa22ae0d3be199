import type { ComponentStatus } from '../../core/model/index.ts';
import type { VigilSummaryExtension } from './vigil-summary-extension.ts';

// The shapes of the Statuspage public API (v2) that Vigil writes, in one module both the summary and
// the incident lists import, so neither imports the other.

/** The component statuses Statuspage clients know: every Vigil word but "no data". */
export type StatuspageComponentStatus = Exclude<ComponentStatus, 'no_data'>;
export type StatuspageIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface StatuspageComponent {
  id: string;
  name: string;
  status: StatuspageComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Child ids; only on group components. */
  components?: string[];
}

/** GET /api/v2/summary.json of the Statuspage public API, which aggregators and widgets already read. */
export interface StatuspageSummary {
  page: { id: string; name: string; url: string; time_zone: string; updated_at: string };
  status: { indicator: StatuspageIndicator; description: string };
  components: StatuspageComponent[];
  incidents: StatuspageIncident[];
  scheduled_maintenances: StatuspageIncident[];
  /** Vigil's own words ("no data", staleness) for its front page; Statuspage clients ignore it. */
  vigil: VigilSummaryExtension;
}

export type StatuspageIncidentStatus =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'scheduled'
  | 'in_progress'
  | 'verifying'
  | 'completed';

export interface StatuspageIncidentUpdate {
  id: string;
  status: StatuspageIncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: { code: string; name: string; old_status: string; new_status: string }[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: StatuspageIncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: StatuspageIncidentUpdate[];
  components: StatuspageComponent[];
  /** Scheduled maintenance only. */
  scheduled_for?: string;
  scheduled_until?: string | null;
}
