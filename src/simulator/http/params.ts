import { SimApiError } from '../model/sim-api-error';

export type ParamType = 'integer' | 'boolean' | 'string';
export type RawParams = Readonly<Record<string, unknown>>;
export type ParsedParams = Record<string, number | boolean | string>;

// Parameters only root@pam may pass; a root@pam token is refused too.
const ROOT_ONLY = new Set(['skiplock', 'keepActive']);

/**
 * Validates request parameters the way PVE's JSONSchema does: unknown keys refused, booleans only as
 * 0/1 in forms (JSON may use true/false), integers as plain digits. Collects every problem into one 400.
 */
export function parseParams(schema: Readonly<Record<string, ParamType>>, raw: RawParams): ParsedParams {
  const errors: Record<string, string> = {};
  const out: ParsedParams = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '_dc') continue;
    const type = schema[key];
    if (!type) {
      errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    if (ROOT_ONLY.has(key)) {
      errors[key] = 'Only root may use this option.';
      continue;
    }
    const parsed = coerce(type, value);
    if (parsed === undefined) errors[key] = `type check ('${type}') failed - got '${String(value)}'`;
    else out[key] = parsed;
  }
  if (Object.keys(errors).length > 0) throw new SimApiError(400, 'Parameter verification failed.', errors);
  return out;
}

function coerce(type: ParamType, value: unknown): number | boolean | string | undefined {
  if (type === 'boolean') {
    if (value === true || value === 1 || value === '1') return true;
    if (value === false || value === 0 || value === '0') return false;
    return undefined;
  }
  if (type === 'integer') {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** `vmid` must look like a VM id before anything else is checked. */
export function parseVmid(raw: string): number {
  if (!/^[1-9][0-9]{2,8}$/.test(raw)) {
    throw new SimApiError(400, 'Parameter verification failed.', { vmid: 'invalid format - value does not look like a valid VM ID' });
  }
  return Number(raw);
}
