/**
 * Open311 GeoReport v2 XML (http://wiki.open311.org/GeoReport_v2): the same objects as the JSON format, with
 * each list wrapped in its plural element and each entry in the singular one the specification names
 * (<services><service>, <service_requests><request>, <errors><error> …). null is an empty element.
 */
const CHILD: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

// XML 1.0 forbids most control characters even when escaped: drop them.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const esc = (s: string) => s.replace(ILLEGAL, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function node(name: string, v: unknown): string {
  if (v == null) return `<${name}></${name}>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => node(CHILD[name] ?? 'item', x)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => node(k, x)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

/** A whole document: `toXml('services', [...])`. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${node(root, value)}`;
}
