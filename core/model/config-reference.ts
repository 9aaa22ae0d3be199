import { generateConfigJsonSchema } from './json-schema.ts';

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  additionalProperties?: JsonSchemaNode | boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

const BASE_FIELDS = new Set([
  'id',
  'name',
  'description',
  'group',
  'source',
  'sources',
  'quorum',
  'enabled',
  'timeout',
  'retries',
  'failuresBeforeDown',
  'thresholds',
]);

// Fields every alert provider has; each type's own table lists the rest.
const ALERT_RULE_FIELDS = new Set([
  'id',
  'events',
  'checks',
  'groups',
  'sendAfter',
  'remindEvery',
  'timeout',
  'retries',
]);

/** The field tables of docs/configuration.md, generated from the schema so the docs list every field. */
export function generateConfigReference(): string {
  const root = JSON.parse(generateConfigJsonSchema()) as JsonSchemaNode;
  const props = root.properties ?? {};
  const checks = (props.checks?.items?.oneOf ?? []) as JsonSchemaNode[];
  const providers = (props.alerts?.properties?.providers?.items?.oneOf ?? []) as JsonSchemaNode[];
  const sections = [
    renderSection('`site`', props.site),
    renderSection('`groups[]`', props.groups?.items),
    renderSection('`sources[]`', props.sources?.items),
    renderSection('`services[]`', props.services?.items),
    renderSection('`collect`', props.collect),
    renderSection('`publish`', props.publish),
    renderSection('`publish.webhooks[]`', props.publish?.properties?.webhooks?.items),
    renderSection('`alerts`', props.alerts, (name) => name !== 'providers' && name !== 'heartbeat'),
    renderSection('`alerts.heartbeat`', props.alerts?.properties?.heartbeat),
    renderSection('`alerts.providers[]`: rules of every provider', providers[0], (name) =>
      ALERT_RULE_FIELDS.has(name),
    ),
    ...providers.map((provider) =>
      renderSection(
        `\`alerts.providers[]\` with \`type: ${String(provider.properties?.type?.const)}\``,
        provider,
        (name) => !ALERT_RULE_FIELDS.has(name) && name !== 'type',
      ),
    ),
    renderSection('`incidents`', props.incidents),
    renderSection('`incidents.autoDraft`', props.incidents?.properties?.autoDraft),
    renderSection('`checks[]`: fields of every check', checks[0], (name) => BASE_FIELDS.has(name)),
    ...checks.map((check) =>
      renderSection(
        `\`checks[]\` with \`type: ${String(check.properties?.type?.const)}\``,
        check,
        (name) => !BASE_FIELDS.has(name) && name !== 'type',
        check.properties?.type?.description,
      ),
    ),
  ];
  return sections.join('\n');
}

function renderSection(
  title: string,
  node: JsonSchemaNode | undefined,
  include: (name: string) => boolean = () => true,
  lead?: string,
): string {
  const rows = Object.entries(node?.properties ?? {})
    .filter(([name]) => include(name))
    .map(([name, field]) => {
      const required = node?.required?.includes(name) && field.default === undefined ? ' (required)' : '';
      return `| \`${name}\`${required} | ${describeType(field)} | ${field.default === undefined ? '' : code(field.default)} | ${escapeCell(field.description ?? '')}${renderExample(field)} |`;
    });
  return [
    `### ${title}`,
    '',
    ...(lead ? [`${lead}`, ''] : []),
    '| Field | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function describeType(field: JsonSchemaNode): string {
  if (field.enum) return field.enum.map((v) => code(v)).join(' \\| ');
  if (field.const !== undefined) return code(field.const);
  if (field.pattern?.includes('ms|s|m|h|d')) return 'duration';
  const variants = field.anyOf ?? field.oneOf;
  if (variants) return variants.map(describeType).join(' or ');
  if (field.type === 'array') return `list of ${field.items ? describeType(field.items) : 'values'}`;
  if (field.type === 'object' && typeof field.additionalProperties === 'object')
    return `map of ${describeType(field.additionalProperties)}`;
  if (field.type === 'integer') return 'integer';
  return Array.isArray(field.type) ? field.type.join(' or ') : (field.type ?? 'any');
}

function renderExample(field: JsonSchemaNode): string {
  const example = field.examples?.[0];
  return example === undefined ? '' : ` Example: ${code(example)}`;
}

function code(value: unknown): string {
  return `\`${escapeCell(JSON.stringify(value))}\``;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
